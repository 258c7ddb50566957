"""Finding and reading score sheets: a `Đơn vị` line above a table of criterion scores."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


from .khoi import code_text, find_unit, suggest
from .model import Block, Criterion, Kind, ScoreLine, ScoreSheet
from .problems import Problem, problem, warning
from .sheets import blank_or_formula, header_columns, is_blank
from .text import cell_name, clean, clean_name, format_number, key, parse_number
from .workbook import Sheet, Workbook

CODE, SELF, BLOCK = "Mã tiêu chí", "Điểm tự chấm", "Điểm khối chấm"
_TOTAL_KEYS = {"tổng", "tổng cộng"}
_UNIT_PREFIX = "đơn vị"
_NOT_UNIT = ("đơn vị tính",)
HEADER_SCAN_ROWS = 60


@dataclass(frozen=True)
class Found:
    """A score sheet read from a workbook, or the problems that kept it from being read."""

    sheet: ScoreSheet | None
    problems: list[Problem]
    unit_cell: str = ""


def read_score_sheets(book: Workbook, block: Block) -> list[Found]:
    """Every visible sheet of `book` that holds a score table; others are reported as skipped."""
    found: list[Found] = []
    for sheet in book.sheets:
        header = _find_header(sheet)
        if header is None:
            if any(not is_blank(v) for row in sheet.rows for v in row):
                found.append(Found(None, [warning("sheet_skipped", file=book.rel, sheet=sheet.name)]))
            continue
        found.append(_read_sheet(book, sheet, header, block))
    return found


def _find_header(sheet: Sheet) -> tuple[int, dict[str, int]] | None:
    for index, row in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        columns = header_columns(row, [CODE, SELF, BLOCK])
        if CODE in columns and (SELF in columns or BLOCK in columns):
            return index, columns
    return None


def _unit_line(sheet: Sheet, header_row: int) -> tuple[str, str] | None:
    """The unit's name or code from the `Đơn vị` line above the table, and its cell."""
    for index in range(header_row):
        row = sheet.rows[index]
        for col, value in enumerate(row):
            if not isinstance(value, str):
                continue
            text = clean_name(value)
            lowered = key(text)
            if not lowered.startswith(_UNIT_PREFIX) or lowered.startswith(_NOT_UNIT):
                continue
            rest = text[len(_UNIT_PREFIX):].strip().lstrip(":").strip()
            if rest:
                return rest, cell_name(index, col)
            for later in range(col + 1, len(row)):
                if not is_blank(row[later]):
                    return clean_name(code_text(row[later])), cell_name(index, later)
            return "", cell_name(index, col)
    return None


def _read_sheet(book: Workbook, sheet: Sheet, header: tuple[int, dict[str, int]], block: Block) -> Found:
    header_row, columns = header
    where = dict(file=book.rel, sheet=sheet.name)
    problems: list[Problem] = [
        problem("score_column_missing", **where, row=header_row + 1, column=c)
        for c in (SELF, BLOCK)
        if c not in columns
    ]
    line = _unit_line(sheet, header_row)
    unit = None
    if line is None or not line[0]:
        problems.append(problem("unit_line_missing", **where, cell=line[1] if line else ""))
    else:
        unit = find_unit(block.units, line[0])
        if unit is None:
            problems.append(
                problem("unit_unknown", **where, cell=line[1], value=line[0], hint=suggest(block.units, line[0]))
            )
    if problems and (SELF not in columns or BLOCK not in columns):
        return Found(None, problems)
    lines = _read_lines(book, sheet, header_row, columns, block, problems)
    if unit is None or any(p.severity == "error" for p in problems):
        return Found(None, problems, line[1] if line else "")
    return Found(ScoreSheet(unit.code, tuple(lines), book.rel, sheet.name), problems, line[1] if line else "")


def _read_lines(
    book: Workbook, sheet: Sheet, header_row: int, columns: dict[str, int], block: Block, problems: list[Problem]
) -> list[ScoreLine]:
    where = dict(file=book.rel, sheet=sheet.name)
    criteria = {key(c.code): c for c in block.criteria}
    seen: dict[str, int] = {}
    lines: list[ScoreLine] = []
    total_row: int | None = None
    for index in range(header_row + 1, len(sheet.rows)):
        row = sheet.rows[index]
        first_text = next((clean(v) for v in row if isinstance(v, str) and clean(v)), "")
        if key(first_text) in _TOTAL_KEYS:
            total_row = index
            break
        code = code_text(sheet.value(index, columns[CODE]))
        has_score = any(not is_blank(sheet.value(index, columns[c])) for c in (SELF, BLOCK))
        criterion = criteria.get(key(code)) if code else None
        if criterion is None:
            if has_score:
                code_cell = cell_name(index, columns[CODE])
                problems.append(
                    problem("criterion_unknown", **where, cell=code_cell, value=code)
                    if code
                    else problem("score_without_code", **where, row=index + 1, cell=code_cell)
                )
            continue
        if key(code) in seen:
            problems.append(
                problem("criterion_repeated", **where, cell=cell_name(index, columns[CODE]), value=code,
                        other_row=seen[key(code)])
            )
            continue
        seen[key(code)] = index + 1
        block_score = _score(book, sheet, index, columns[BLOCK], BLOCK, criterion, problems, required=True)
        self_score = _score(book, sheet, index, columns[SELF], SELF, criterion, problems, required=False)
        if block_score is not None and self_score is not None and criterion.max_points > 0:
            if abs(self_score - block_score) > criterion.max_points / 2:
                problems.append(
                    warning("self_far", **where, cell=cell_name(index, columns[SELF]), value=format_number(self_score),
                            block=format_number(block_score), criterion=criterion.code)
                )
        if block_score is not None:
            lines.append(ScoreLine(criterion.code, self_score, block_score))
    for criterion in block.criteria:
        if key(criterion.code) not in seen:
            problems.append(problem("criterion_missing", **where, row=header_row + 1, value=criterion.code))
    if total_row is not None and len(lines) == len(block.criteria):
        _check_stated_total(sheet, total_row, columns, lines, block, where, problems)
    return lines


def _score(
    book: Workbook, sheet: Sheet, row: int, col: int, column: str, criterion: Criterion,
    problems: list[Problem], required: bool,
) -> Decimal | None:
    where = dict(file=book.rel, sheet=sheet.name, cell=cell_name(row, col))
    raw = sheet.value(row, col)
    if is_blank(raw):
        if required:
            problems.append(
                blank_or_formula(book, sheet, row, col, "score_blank", column=column, criterion=criterion.code)
            )
        elif book.is_formula(sheet.name, row, col):
            problems.append(problem("formula_not_calculated", **where))
        else:
            problems.append(warning("self_blank", **where, criterion=criterion.code))
        return None
    number = parse_number(raw)
    if number is None:
        problems.append(problem("score_not_number", **where, column=column, value=clean(raw), criterion=criterion.code))
        return None
    if number < 0:
        problems.append(
            problem("score_negative", **where, column=column, value=format_number(number), criterion=criterion.code)
        )
        return None
    if number > criterion.max_points:
        problems.append(
            problem("score_above_max", **where, column=column, value=format_number(number),
                    max=format_number(criterion.max_points), criterion=criterion.code)
        )
        return None
    return number


def _check_stated_total(
    sheet: Sheet, row: int, columns: dict[str, int], lines: list[ScoreLine], block: Block,
    where: dict[str, str], problems: list[Problem],
) -> None:
    sign = {c.code: (-1 if c.kind is Kind.PENALTY else 1) for c in block.criteria}
    computed = {
        BLOCK: sum((sign[line.criterion] * line.block_score for line in lines), Decimal(0)),
        SELF: (
            sum((sign[line.criterion] * line.self_score for line in lines if line.self_score is not None), Decimal(0))
            if all(line.self_score is not None for line in lines)
            else None
        ),
    }
    for column in (SELF, BLOCK):
        stated = parse_number(sheet.value(row, columns[column]))
        if stated is not None and computed[column] is not None and stated != computed[column]:
            problems.append(
                warning("total_differs", **where, cell=cell_name(row, columns[column]),
                        value=format_number(stated), computed=format_number(computed[column]))
            )


