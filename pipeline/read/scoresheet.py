"""Finding and reading score sheets: a `Đơn vị` line above a table of criterion scores."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Sequence

from .score_layout import BLOCK, CODE, OFFICE, SELF, Layout, score_layout
from .units import Named, Roster, named_unit
from ..model import Criterion, Kind, Method, ScoreLine, ScoreSheet, Scoring
from ..problems import Problem, errors, problem, warning
from .sheets import Row, blank_or_formula, rows_below
from ..text import cell_name, format_number, key
from .values import Value
from .workbook import Sheet, Workbook
from .methods import ACTUAL, PLAN, grade_of, grade_worth, percent_text
from .number_formats import percent_cells

# What staff write at the head of the total row; the spec names the first two.
_TOTAL_KEYS = {"tổng", "tổng cộng", "tổng điểm", "tổng số điểm", "cộng"}
_LISTED_CODES = 20  # an unknown code's message lists the valid codes when there are at most this many
MAX_LISTED_ROWS = 100  # faulty rows listed per sheet; the others are counted in one message



@dataclass(frozen=True)
class Found:
    """A score sheet read from a workbook, or the problems that kept it from being read.

    `unit_code` names the member the sheet is for even when the sheet has errors, so that the
    member is not also reported as having no sheet. To explain a member without a sheet, a
    skipped sheet that names it keeps its code in `skipped_unit`, and a sheet naming an unknown
    unit keeps the members it may have meant in `guessed_units` and the name in `unit_text`.
    """

    sheet: ScoreSheet | None
    problems: list[Problem]
    unit_cell: str = ""
    unit_code: str = ""
    file: str = ""
    sheet_name: str = ""
    skipped_unit: str = ""
    guessed_units: tuple[str, ...] = ()
    unit_text: str = ""


def read_score_sheets(book: Workbook, block: Roster) -> list[Found]:
    """Every visible sheet of `book` that holds a score table; others are reported as skipped."""
    found: list[Found] = []
    has_data = False
    for sheet in book.sheets:
        layout = score_layout(sheet)
        if layout.own:  # read (or told) on their own
            has_data = True
            continue
        if layout.empty:
            continue
        has_data = True
        # the member the sheet names (a skipped sheet's too: it explains a member without a sheet)
        named = named_unit(block.units, layout.unit_line[0] if layout.unit_line else "",
                           explain=layout.header_row is not None)
        if layout.header_row is None:
            found.append(_skipped(book, sheet, layout, named))
            continue
        found.append(_read_sheet(book, sheet, layout, named, block))
    if not has_data:
        found.append(Found(None, [warning("book_empty", file=book.rel)], file=book.rel))
    return found


def _skipped(book: Workbook, sheet: Sheet, layout: Layout, named: Named) -> Found:
    line, unit = layout.unit_line, named.unit
    hint = ""
    if line and line[0]:
        hint = (
            f". Sheet có ghi \"Đơn vị: {line[0]}\": nếu đây là bảng chấm điểm, hãy sửa dòng tiêu đề "
            f"cho có đủ các cột {CODE}, {SELF}, {BLOCK}"
        )
    skipped = warning("sheet_skipped", file=book.rel, sheet=sheet.name, hint=hint)
    return Found(None, [skipped], file=book.rel, sheet_name=sheet.name, skipped_unit=unit.code if unit else "")


def _read_sheet(book: Workbook, sheet: Sheet, layout: Layout, named: Named, block: Roster) -> Found:
    header_row, columns = layout.header_row or 0, layout.columns
    where = dict(file=book.rel, sheet=sheet.name)
    problems: list[Problem] = [
        problem("score_column_missing", **where, row=header_row + 1, column=c)
        for c in (SELF, BLOCK)
        if c not in columns
    ] + [problem("score_column_twice", **where, cell=again, column=label, first=first)
         for label, first, again in layout.twice]
    line = layout.unit_line
    unit_cell = line[1] if line else ""
    unit = named.unit
    if line is None:
        problems.append(problem("unit_line_missing", **where))
    elif not line[0]:
        problems.append(problem("unit_name_blank", **where, cell=line[1]))
    elif unit is None:
        problems.append(problem("unit_unknown", **where, cell=line[1], value=line[0], hint=named.hint))
    lines = _read_lines(book, sheet, header_row, columns, block, problems)
    place = dict(unit_cell=unit_cell, file=book.rel, sheet_name=sheet.name)
    if unit is None:
        guessed = tuple(u.code for u in named.close)
        return Found(None, problems, **place, guessed_units=guessed, unit_text=line[0] if line else "")
    score_sheet = None if errors(problems) else ScoreSheet(unit.code, tuple(lines), book.rel, sheet.name)
    return Found(score_sheet, problems, **place, unit_code=unit.code)


def _read_lines(
    book: Workbook, sheet: Sheet, header_row: int, columns: dict[str, int], block: Roster, problems: list[Problem]
) -> list[ScoreLine]:
    """One line per criterion; with a score column missing, the other is still checked."""
    where = dict(file=book.rel, sheet=sheet.name)
    criteria = {key(c.code): c for c in block.criteria}
    unusable = {key(code) for code in getattr(block, "unusable_codes", ())}  # told in khoi.xlsx already
    score_columns = [c for c in (SELF, BLOCK) if c in columns]
    seen: dict[str, int] = {}
    unknown: list[tuple[str, str]] = []  # (code, cell): told once the missing codes are known
    faulty = 0  # rows that are not criteria (unknown code, score without code, repeated code)
    lines: list[ScoreLine] = []
    total_row: Row | None = None
    header_cell = cell_name(header_row, columns[CODE])  # where a column missing from the header is told
    for row in rows_below(sheet, header_row, columns):
        index = row.index
        code = row.values[CODE].code
        code_key = row.values[CODE].key if code else ""
        if code_key and code_key in unusable:
            seen[code_key] = index + 1
            continue
        criterion = criteria.get(code_key) if code_key else None
        if criterion is not None and code_key not in seen:  # the common row: a criterion read once
            seen[code_key] = index + 1
            line = _line(book, sheet, row, criterion, where, problems, header_cell)
            if line is not None:
                lines.append(line)
            continue
        if criterion is None and _head_key(sheet.rows[index]) in _TOTAL_KEYS:
            total_row = row
            break
        has_score = any(not row.values[c].blank for c in score_columns)
        code_cell = row.cell(CODE)
        all_read = len(seen) == len(criteria) + len(unusable)
        if criterion is None and all_read and all(row.values[c].number is None for c in score_columns):
            break  # every criterion read and no total row: signatures and notes follow, unread
        # not a criterion read for the first time: an unknown code, a score without a code, a
        # criterion repeated (the total row and the end of the table are told above)
        faulty += bool(has_score or criterion)
        if faulty > MAX_LISTED_ROWS:
            continue  # counted, told in one line: a sheet of 300.000 faulty rows lists 100
        if criterion is not None:
            problems.append(
                problem("criterion_repeated", **where, cell=code_cell, value=code, other_row=seen[code_key])
            )
        elif has_score and code:
            unknown.append((code, code_cell))
        elif has_score:
            problems.append(problem("score_without_code", **where, cell=code_cell))
    missing = [c.code for code_key, c in criteria.items() if code_key not in seen]  # codes are unique in a roster
    for code, code_cell in unknown:
        problems.append(
            problem("criterion_unknown", **where, cell=code_cell, value=code, hint=_code_hint(block, code, missing))
        )
    for code in missing:
        problems.append(problem("criterion_missing", **where, cell=header_cell, value=code))
    if faulty > MAX_LISTED_ROWS:
        problems.append(problem("more_faulty_rows", **where, count=format_number(faulty - MAX_LISTED_ROWS),
                                listed=MAX_LISTED_ROWS))
    if total_row is not None and len(lines) == len(block.criteria) and not unusable:
        _check_stated_total(total_row, lines, block, where, problems)
    return lines


def _head_key(cells: Sequence[Any]) -> str:
    """The first text typed in a row, wherever it stands (`Tổng cộng`), as labels are compared."""
    return key(next((value for value in cells if isinstance(value, str) and value.strip()), ""))


def _line(
    book: Workbook, sheet: Sheet, row: Row, criterion: Criterion, where: dict[str, str], problems: list[Problem],
    header_cell: str, office: bool = True,
) -> ScoreLine | None:
    """A criterion's scores, or None when its block score does not count (its problem told).
    `office`: whether the row's `Điểm thẩm định` is read (no: `_scored_line` reads it itself)."""
    if office and (criterion.method is not None or OFFICE in row.columns):  # a formula, a grade or the office's check
        return _scored_line(book, sheet, row, criterion, where, problems, header_cell)
    scores: dict[str, Decimal | None] = {SELF: None, BLOCK: None}
    for column in (c for c in (SELF, BLOCK) if c in row.columns):
        told = len(problems)
        scores[column] = _score(book, sheet, row, column, criterion, problems)
        if len(problems) > told and problems[-1].severity == "error":
            problems[-1] = _no_method_hint(row, column, criterion, problems[-1])
    own, assessed = scores[SELF], scores[BLOCK]
    if assessed is not None and own is not None and abs(own - assessed) > criterion.max_points / 2:
        problems.append(
            warning("self_far", **where, cell=row.cell(SELF), value=row.values[SELF].figure,
                    block=row.values[BLOCK].figure, criterion=criterion.code, max=format_number(criterion.max_points))
        )
    return ScoreLine(criterion.code, own, assessed) if assessed is not None else None


def _no_method_hint(row: Row, column: str, criterion: Criterion, found: Problem) -> Problem:
    """A score cell's problem on a row that looks scored by formula or grade while `TieuChi` gives the
    criterion no `Cách chấm` (left blank, or its column named otherwise): said, with where to write it."""
    where = dict(file=found.file, sheet=found.sheet, cell=found.cell)
    figures = [row.values[c].number for c in (PLAN, ACTUAL) if c in row.columns]
    if found.code == "score_blank" and len(figures) == 2 and None not in figures:
        return problem("score_blank_no_method", **where, column=column, criterion=criterion.code)
    value = row.values[column]
    if found.code == "score_not_number" and grade_of(value) is not None:
        return problem("grade_without_method", **where, column=column, value=value.shown, criterion=criterion.code)
    return found


def _code_hint(block: Roster, code: str, missing: list[str]) -> str:
    """`. Có phải mã 1.2?` preferring the codes the sheet lacks, else the valid codes."""
    codes = [c.code for c in block.criteria]
    if len(missing) == 1:
        return f". Có phải mã {missing[0]}?"
    close = difflib.get_close_matches(code, missing, n=1, cutoff=0.5) or difflib.get_close_matches(
        code, codes, n=1, cutoff=0.6
    )
    if close:
        return f". Có phải mã {close[0]}?"
    if len(codes) <= _LISTED_CODES:
        return f". Các mã đúng: {', '.join(codes)}"
    return ". Hãy ghi đúng mã như ở cột Mã của sheet TieuChi"


def _score(book: Workbook, sheet: Sheet, row: Row, column: str, criterion: Criterion,
           problems: list[Problem]) -> Decimal | None:
    """A score that counts, or None with its problem. `Điểm khối chấm` is required; a blank
    `Điểm tự chấm` is only a warning (it is shown blank)."""
    value = row.values[column]
    number = value.number
    if number is not None and 0 <= number <= criterion.max_points:
        return number  # the common case, checked before any message is prepared
    col = row.columns[column]
    where = dict(file=book.rel, sheet=sheet.name, cell=row.cell(column))
    if value.blank:
        if column == BLOCK or book.is_formula(sheet.name, row.index, col):
            problems.append(
                blank_or_formula(book, sheet, row.index, col, "score_blank", column=column, criterion=criterion.code)
            )
        elif criterion.kind is Kind.SCORED:  # self bonus and penalty count nowhere (SPEC §3)
            problems.append(warning("self_blank", **where, criterion=criterion.code))
        return None
    if number is None:
        hint = (
            ". Ô đang ở dạng ngày tháng: hãy đổi định dạng ô thành Số (Number) rồi nhập lại điểm"
            if isinstance(value.raw, (dt.date, dt.time, dt.timedelta))
            else ". Hãy nhập số, ví dụ 9,5"
        )
        problems.append(
            problem("score_not_number", **where, column=column, value=value.shown, criterion=criterion.code,
                    hint=hint)
        )
        return None
    if number < 0:
        hint = (
            ". Điểm trừ ghi số dương; chương trình tự trừ vào tổng"
            if criterion.kind is Kind.PENALTY
            else f". Hãy nhập điểm từ 0 đến {format_number(criterion.max_points)}"
        )
        problems.append(
            problem("score_negative", **where, column=column, value=value.figure, criterion=criterion.code,
                    hint=hint)
        )
        return None
    problems.append(
        problem("score_above_max", **where, column=column, value=value.figure, max=format_number(criterion.max_points),
                criterion=criterion.code)
    )
    return None

def _check_stated_total(
    total: Row, lines: list[ScoreLine], block: Roster, where: dict[str, str], problems: list[Problem],
) -> None:
    sign = {c.code: (-1 if c.kind is Kind.PENALTY else 1) for c in block.criteria}
    # the column's own sum: a score the office's check replaced is summed as the block typed it
    typed = [line.how.assessed if line.how is not None and line.how.assessed is not None else line.block_score
             for line in lines]
    computed: dict[str, Decimal | None] = {
        BLOCK: sum((sign[line.criterion] * score for line, score in zip(lines, typed)), Decimal(0)),
        SELF: None,
    }
    if any(line.how is not None and line.how.method is not None for line in lines):
        return  # a grade or a formula's score is no number typed in the column: the sheet's sum is no check
    if SELF in total.columns and all(line.self_score is not None for line in lines):
        computed[SELF] = sum((sign[line.criterion] * (line.self_score or 0) for line in lines), Decimal(0))
    for column in (SELF, BLOCK):
        if column not in total.columns:
            continue
        stated = total.values[column]
        expected = computed[column]
        if stated.number is not None and expected is not None and stated.number != expected:
            problems.append(
                warning("total_differs", **where, cell=total.cell(column), column=column,
                        value=stated.figure, computed=format_number(expected))
            )


def _scored_line(
    book: Workbook, sheet: Sheet, row: Row, criterion: Criterion, where: dict[str, str], problems: list[Problem],
    header_cell: str,
) -> ScoreLine | None:
    """A row of a criterion scored by formula or grade, or checked by the office (SPEC §2.3): what
    its cells say, checked; `rules/formulas.py` works out the formula's score."""
    before = len(errors(problems))
    method = criterion.method
    assessed_cell = row.cell(BLOCK) if BLOCK in row.columns else ""
    if method is Method.GRADE:
        grades = {column: _grade(book, sheet, row, column, criterion, where, problems)
                  for column in (SELF, BLOCK, OFFICE) if column in row.columns}
        worth = {column: grade_worth(criterion, grade) if grade else None for column, grade in grades.items()}
        assessed, own, office = worth.get(BLOCK), worth.get(SELF), worth.get(OFFICE)
        if len(errors(problems)) > before or assessed is None:
            return None
        how = Scoring(method, self_grade=grades.get(SELF) or "", grade=grades.get(BLOCK) or "",
                      office_grade=grades.get(OFFICE) or "", assessed=assessed, office=office,
                      assessed_cell=assessed_cell)
        return ScoreLine(criterion.code, own, office if office is not None else assessed, how)
    if method is not None:  # `Tỷ lệ`, `Tỷ lệ giảm`: the score comes from the plan and the actual
        plan, actual = (_figure(book, sheet, row, column, criterion, where, problems, header_cell)
                        for column in (PLAN, ACTUAL))
        # a score typed beside the formula may include the excess bonus (20 and 2 beyond plan: 22)
        with_bonus = replace(criterion, max_points=criterion.max_points * (1 + criterion.excess_cap)) \
            if method is Method.RATIO else criterion
        own, assessed = (_optional_score(book, sheet, row, column, with_bonus, problems) for column in (SELF, BLOCK))
        office = _optional_score(book, sheet, row, OFFICE, criterion, problems)
        percent = False
        if plan is not None and actual is not None:
            percent = _same_form(book, sheet, row, criterion, where, problems)
        if len(errors(problems)) > before or plan is None or actual is None:
            return None
        how = Scoring(method, plan, actual, assessed=assessed, office=office, assessed_cell=assessed_cell,
                      percent=percent)
        # the score that counts is set by rules/formulas.py; until then, the office's or the block's
        return ScoreLine(criterion.code, own, office if office is not None else (assessed or Decimal(0)), how)
    line = _line(book, sheet, row, criterion, where, problems, header_cell, office=False)
    told = len(problems)
    office = _optional_score(book, sheet, row, OFFICE, criterion, problems)
    if len(problems) > told and problems[-1].severity == "error":
        problems[-1] = _no_method_hint(row, OFFICE, criterion, problems[-1])
    if line is None or len(errors(problems)) > before:
        return None
    if office is None:
        return line
    how = Scoring(assessed=line.block_score, office=office, assessed_cell=assessed_cell)
    return ScoreLine(criterion.code, line.self_score, office, how)


def _optional_score(
    book: Workbook, sheet: Sheet, row: Row, column: str, criterion: Criterion, problems: list[Problem],
) -> Decimal | None:
    """A score cell that may stay blank (the office's check, a formula row's scores): None when blank.
    On a formula row a formula Excel never calculated counts as blank: the score is worked out anyway."""
    if column not in row.columns:
        return None
    if row.values[column].blank:
        if column == OFFICE and book.is_formula(sheet.name, row.index, row.columns[column]):
            problems.append(blank_or_formula(book, sheet, row.index, row.columns[column], "score_blank", column=column,
                                             criterion=criterion.code))
        return None
    return _score(book, sheet, row, column, criterion, problems)


def _figure(
    book: Workbook, sheet: Sheet, row: Row, column: str, criterion: Criterion, where: dict[str, str],
    problems: list[Problem], header_cell: str,
) -> Decimal | None:
    """`Kế hoạch` or `Thực hiện` of a `Tỷ lệ` row: a number, not below 0; a plan above 0."""
    method = criterion.method.value if criterion.method else ""
    if column not in row.columns:
        told = any(p.code == "formula_column_missing" and p.file == where["file"] and p.sheet == where["sheet"]
                   and dict(p.params).get("column") == column for p in problems)
        if not told:  # once per sheet, at its header row
            problems.append(problem("formula_column_missing", **where, cell=header_cell, criterion=criterion.code,
                                    method=method, column=column))
        return None
    value = row.values[column]
    cell = dict(where, cell=row.cell(column))
    number = value.number
    if _percent_text(value):  # `95%` typed as text: the share it shows (a cell formatted % holds 0.95)
        number = value.percent / 100 if value.percent is not None else None
    if value.blank:
        problems.append(blank_or_formula(book, sheet, row.index, row.columns[column], "figure_blank", column=column,
                                         criterion=criterion.code, method=method))
    elif number is None:
        hint = (". Ô đang ở dạng ngày tháng (Excel đổi số thành ngày): hãy đổi định dạng ô thành Số (Number) rồi nhập lại"
                if isinstance(value.raw, (dt.date, dt.time, dt.timedelta)) else ". Hãy nhập số, ví dụ 1.250 hoặc 98,5")
        problems.append(problem("figure_not_number", **cell, column=column, value=value.shown,
                                criterion=criterion.code, hint=hint))
    elif number < 0:
        problems.append(problem("figure_negative", **cell, column=column, value=format_number(number),
                                criterion=criterion.code))
    elif column == PLAN and number == 0:
        problems.append(problem("plan_zero", **cell, criterion=criterion.code))
    else:
        return number
    return None


def _percent_text(value: Value) -> bool:
    return isinstance(value.raw, str) and value.text.endswith("%")


def _same_form(
    book: Workbook, sheet: Sheet, row: Row, criterion: Criterion, where: dict[str, str], problems: list[Problem],
) -> bool:
    """Whether both are shown as percentages. `Kế hoạch` and `Thực hiện` shown in the same form: a plan of 90% (0,9 in a cell formatted %)
    beside an actual typed 95 gives 95 ÷ 0,9, a hundred times the share the clerk sees. An error at
    the cell shown as a plain number. Formats are looked up only for a row that may mix them."""
    values = {column: row.values[column] for column in (PLAN, ACTUAL)}
    refs = {column: row.cell(column) for column in (PLAN, ACTUAL)}
    numbers = {c: v.raw for c, v in values.items() if isinstance(v.raw, (int, float)) and not isinstance(v.raw, bool)}
    percent = {c: _percent_text(v) for c, v in values.items()}
    if numbers and (any(percent.values()) or any(abs(raw) <= 10 for raw in numbers.values())):
        formatted = percent_cells(book.path, sheet.name, {refs[c] for c in numbers})
        percent |= {c: refs[c] in formatted for c in numbers}
    if percent[PLAN] == percent[ACTUAL] or values[ACTUAL].number == 0:  # 0 is 0% too
        return percent[PLAN]
    plain, shown_percent = (ACTUAL, PLAN) if percent[PLAN] else (PLAN, ACTUAL)
    other = values[shown_percent]
    other_text = other.text if isinstance(other.raw, str) else percent_text(other.number or Decimal(0))
    problems.append(problem("figures_percent_mixed", **where, cell=refs[plain], column=plain, value=values[plain].shown,
                            other=shown_percent, other_value=other_text, criterion=criterion.code))
    return False


def _grade(
    book: Workbook, sheet: Sheet, row: Row, column: str, criterion: Criterion, where: dict[str, str],
    problems: list[Problem],
) -> str | None:
    """A grade cell of a `Xếp loại` row: `A`-`D`, "" when blank (an error for `Điểm khối chấm`)."""
    value, col = row.values[column], row.columns[column]
    if value.blank:
        if column == BLOCK or book.is_formula(sheet.name, row.index, col):
            problems.append(blank_or_formula(book, sheet, row.index, col, "grade_blank", column=column,
                                             criterion=criterion.code))
        elif column == SELF:
            problems.append(warning("self_blank", **where, cell=row.cell(column), criterion=criterion.code))
        return ""
    grade = grade_of(value)
    if grade is None:
        problems.append(problem("bad_grade", **where, cell=row.cell(column), column=column, value=value.shown,
                                criterion=criterion.code))
    return grade
