"""`bang_diem_<year>.xlsx`: the ranked score table, for staff to re-use in Excel and to print.

Written with XlsxWriter (a write-only workbook: several times faster than building it in
openpyxl). Two sheets:

- `BangDiem`: a title, then one row per unit, best first: the totals and the award, then one
  column per criterion under its group's heading. It prints on A4 landscape at full size (11 pt):
  the first page holds the ranking, the next ones the criteria, a group never split where it
  fits a page, with the header rows and the rank, code and name columns repeated on every page.
- `TieuChi`: what each criterion code means: code, text, maximum, kind, under its group's
  heading; A4 portrait at full size. Its columns are one declaration (`CRITERIA_COLUMNS`): a
  column about the criteria (how a formula scores one, say) is one more entry there.

Every text, headers and titles included, is stored as text: a name typed `=...` never becomes
a formula.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from functools import lru_cache
from decimal import Decimal
from io import BytesIO
from typing import Any, Callable, Sequence

from ..model import BlockResult, Criterion, Kind
from ..text import format_number, format_score
from .xlsx import new_workbook

SHEET = "BangDiem"
CRITERIA_SHEET = "TieuChi"
HEADERS = ["Hạng", "Mã", "Tên đơn vị", "Tự chấm", "Điểm Khối chấm", "Điểm thưởng", "Điểm trừ", "Tổng điểm",
           "Đề nghị khen thưởng", "Không đủ điều kiện"]
# Wide enough that the ranking prints on one A4 landscape page at 11 pt, an award's name on one line.
WIDTHS = [5, 8, 28, 7, 7, 7, 7, 7, 30, 24]
CODE_WIDTH = 5  # a scored criterion's column at least: its code over scores like `9,5`
LABEL_WIDTH = 9  # a bonus or penalty column, named by what it is for
GROUP_ROW = 2  # the criteria's group headings; the totals' headers span it and the next row
GROUP_LINES = 3  # a group's columns widen until its heading fits on this many lines
HEADER_ROW = 3
NAME_COLUMN = 2
FONT = "Times New Roman"
FONT_SIZE = 11
# The workbook's own font (Excel's Normal style): column widths are counted in its digits, so a
# reader without Calibri (LibreOffice on Linux falls back to the much wider DejaVu Sans) lays the
# columns out as Excel does, and an empty cell typed into later is Times New Roman too.
DEFAULT_FONT = {"font_name": FONT, "font_size": FONT_SIZE}
PRINT_SCALE = 100  # percent: what prints is FONT_SIZE × PRINT_SCALE / 100 = 11 pt
_LINE_POINTS = 15.0
# A4 landscape (842 pt) less the margins below (0,4 inch each side), and a column's width in
# points for the wider of Excel (7 px a digit, 5 px padding) and LibreOffice (measured: about 5 pt
# a character and 10 pt of padding), so the page breaks below hold in both.
_LANDSCAPE_POINTS = 842 - 0.8 * 72 - 8


@dataclass(frozen=True)
class CriteriaColumn:
    """One column of the `TieuChi` sheet: its header, width and what it shows of a criterion."""

    header: str
    width: float
    value: Callable[[Criterion], str | float | None]
    numeric: bool = False


CRITERIA_COLUMNS: tuple[CriteriaColumn, ...] = (
    CriteriaColumn("Mã", 9, lambda c: c.code),
    CriteriaColumn("Nội dung tiêu chí", 64, lambda c: c.text),
    CriteriaColumn("Điểm tối đa", 8, lambda c: float(c.max_points), numeric=True),
    CriteriaColumn("Loại", 10, lambda c: c.kind.value),
)
# Shown when a criterion is scored by formula (`Cách chấm`); the text column gives it its room.
METHOD_COLUMN = CriteriaColumn("Cách chấm", 11, lambda c: c.method.value if c.method else "")


def score_table(result: BlockResult) -> bytes:

    info = result.block.info
    buffer = BytesIO()
    book = new_workbook(buffer, DEFAULT_FONT)
    book.set_properties({
        "title": f"Bảng điểm thi đua năm {info.year}",
        "author": info.block_name,
        "created": dt.datetime.combine(info.conference_date, dt.time()),
    })
    formats = _formats(book)
    _ranking_sheet(book.add_worksheet(SHEET), result, formats)
    _criteria_sheet(book.add_worksheet(CRITERIA_SHEET), result, formats)
    notes_sheet(book, result, dict(DEFAULT_FONT))
    book.close()
    return buffer.getvalue()


def _formats(book: Any) -> dict[str, Any]:
    base = {"font_name": FONT, "font_size": FONT_SIZE}
    return {
        "title": book.add_format(base | {"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"}),
        "subtitle": book.add_format(base | {"italic": True, "align": "center", "valign": "vcenter", "text_wrap": True}),
        "header": book.add_format(base | {"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True,
                                          "border": 1, "bg_color": "#DDEBF7"}),
        "group": book.add_format(base | {"bold": True, "valign": "vcenter", "text_wrap": True, "border": 1}),
        "text": book.add_format(base | {"valign": "top", "text_wrap": True, "border": 1}),
        "number": book.add_format(base | {"valign": "top", "align": "center", "border": 1}),
        "note": book.add_format(base | {"italic": True, "text_wrap": True, "valign": "top"}),
        # a formula's score (78,50666...) shows two decimals; the cell keeps the value (rounding for display only)
        "rounded": book.add_format(base | {"valign": "top", "align": "center", "border": 1, "num_format": "0.00"}),
    }


def _ranking_sheet(sheet: Any, result: BlockResult, formats: dict[str, Any]) -> None:
    info = result.block.info
    criteria = list(result.block.criteria)
    # a unit's code on one line: capitals are wider than the digits a width counts
    code_width = min(12.0, max(WIDTHS[1], max((len(u.code) for u in result.block.units), default=0) * 1.25 + 1))
    widths = WIDTHS[:1] + [code_width] + WIDTHS[2:] + criteria_widths(criteria)
    first = len(HEADERS)
    last = len(widths) - 1
    span = first - 1
    sheet.merge_range(0, 0, 0, span, f"BẢNG ĐIỂM THI ĐUA NĂM {info.year}", formats["title"])
    sheet.merge_range(1, 0, 1, span, f"{info.block_name} ({info.province})", formats["subtitle"])
    sheet.set_row(0, 24)
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)

    # the totals' headers span both header rows; each criterion's code stands under its group
    for column, name in enumerate(HEADERS):
        sheet.merge_range(GROUP_ROW, column, HEADER_ROW, column, name, formats["header"])
    header_lines = max(_lines(h, w) for h, w in zip(HEADERS, widths))
    group_lines = 1
    for start, end, group in _group_spans(criteria, first):
        group_width = sum(widths[start:end + 1])
        if start == end:
            sheet.write_string(GROUP_ROW, start, group, formats["header"])
        else:
            sheet.merge_range(GROUP_ROW, start, GROUP_ROW, end, group, formats["header"])
        group_lines = max(group_lines, _lines(group, group_width))
    code_lines = 1
    for column, criterion in enumerate(criteria, start=first):
        label = _criterion_header(criterion)
        sheet.write_string(HEADER_ROW, column, label, formats["header"])
        code_lines = max(code_lines, _lines(label, widths[column]))
    # Excel does not grow a row for wrapped text it did not type: the header rows get their height,
    # the totals' headers (spanning both) as much as they need
    code_lines = max(code_lines, header_lines - group_lines)
    sheet.set_row(GROUP_ROW, _LINE_POINTS * group_lines + 4)
    sheet.set_row(HEADER_ROW, _LINE_POINTS * code_lines + 4)

    codes = [c.code for c in criteria]
    for offset, row in enumerate(result.ranked, start=1):
        scores = {line.criterion: line.block_score for line in row.sheet.lines} if row.sheet else {}
        values: list[Any] = [row.rank, row.unit.code, row.unit.name, row.self_total, row.block.scored,
                             row.block.bonus, row.block.penalty, row.total, row.award or "", row.unit.barred_reason]
        values += [scores.get(code) for code in codes]
        line = HEADER_ROW + offset
        for column, value in enumerate(values):
            if value is None:
                sheet.write_blank(line, column, None, formats["number"])
            elif isinstance(value, str):
                sheet.write_string(line, column, value, formats["text"])
            else:
                sheet.write_number(line, column, float(value),
                                   formats["rounded"] if _beyond_hundredths(value) else formats["number"])
        tallest = max(_lines(v, w) for v, w in zip(values, widths) if isinstance(v, str))
        sheet.set_row(line, _LINE_POINTS * tallest + 4)
    note_row = HEADER_ROW + len(result.ranked) + 2
    if criteria:  # under the repeated name columns: on every page of the criteria
        note = f"Nội dung, điểm tối đa của từng tiêu chí: xem sheet {CRITERIA_SHEET}."
        sheet.merge_range(note_row, 0, note_row, NAME_COLUMN, note, formats["note"])
        sheet.set_row(note_row, _LINE_POINTS * _lines(note, sum(widths[:NAME_COLUMN + 1])) + 4)

    sheet.freeze_panes(HEADER_ROW + 1, NAME_COLUMN + 1)
    _print_setup(sheet, landscape=True)
    sheet.repeat_rows(GROUP_ROW, HEADER_ROW)
    sheet.repeat_columns(0, NAME_COLUMN)
    sheet.set_v_pagebreaks(page_breaks(widths, first, criteria))
    # On paper the title stands in the page header, on every page: the title rows above the table
    # are for the screen (printed, their text would be cut by the repeated columns of later pages).
    sheet.set_margins(left=0.4, right=0.4, top=0.9, bottom=0.6)
    title = _header_text(f"BẢNG ĐIỂM THI ĐUA NĂM {info.year}")
    subtitle = _header_text(f"{info.block_name} ({info.province})")
    sheet.set_header(f"&C&\"{FONT},Bold\"&13{title}\n&\"{FONT},Italic\"&11{subtitle}", {"margin": 0.3})
    sheet.print_area(GROUP_ROW, 0, note_row, last)


def _criteria_sheet(sheet: Any, result: BlockResult, formats: dict[str, Any]) -> None:
    info = result.block.info
    columns = CRITERIA_COLUMNS
    if any(c.method for c in result.block.criteria):
        columns = tuple(replace(c, width=c.width - METHOD_COLUMN.width) if c.header == "Nội dung tiêu chí" else c
                        for c in columns) + (METHOD_COLUMN,)
    last = len(columns) - 1
    sheet.merge_range(0, 0, 0, last, f"TIÊU CHÍ CHẤM ĐIỂM THI ĐUA NĂM {info.year}", formats["title"])
    sheet.merge_range(1, 0, 1, last, f"{info.block_name} ({info.province})", formats["subtitle"])
    sheet.set_row(0, 24)
    header_row = 3
    for index, column in enumerate(columns):
        sheet.set_column(index, index, column.width)
        sheet.write_string(header_row, index, column.header, formats["header"])
    sheet.set_row(header_row, _LINE_POINTS * max(_lines(c.header, c.width) for c in columns) + 4)
    row = header_row
    group = None
    heights: dict[int, float] = {header_row: _LINE_POINTS * max(_lines(c.header, c.width) for c in columns) + 4}
    headings: list[int] = []  # the rows of group headings: a page never ends on one
    for criterion in result.block.criteria:
        if criterion.group and criterion.group != group:
            row += 1
            sheet.merge_range(row, 0, row, last, criterion.group, formats["group"])
            heights[row] = _LINE_POINTS * _lines(criterion.group, sum(c.width for c in columns)) + 4
            sheet.set_row(row, heights[row])
            headings.append(row)
        group = criterion.group
        row += 1
        tallest = 1
        for index, column in enumerate(columns):
            value = column.value(criterion)
            if value is None:
                sheet.write_blank(row, index, None, formats["number"])
            elif isinstance(value, str):
                sheet.write_string(row, index, value, formats["text"])
                tallest = max(tallest, _lines(value, column.width))
            else:
                sheet.write_number(row, index, value, formats["number"])
        heights[row] = _LINE_POINTS * tallest + 4
        sheet.set_row(row, heights[row])
    total = sum(c.max_points for c in result.block.criteria if c.kind is Kind.SCORED)
    row += 2
    note = (f"Tổng điểm tối đa của các tiêu chí chấm điểm: {format_number(total)}; "
            "điểm thưởng được cộng, điểm trừ bị trừ vào tổng điểm.")
    sheet.merge_range(row, 0, row, last, note, formats["note"])
    sheet.set_row(row, _LINE_POINTS * _lines(note, sum(c.width for c in columns)) + 4)
    sheet.freeze_panes(header_row + 1, 0)
    _print_setup(sheet, landscape=False)
    sheet.repeat_rows(header_row)
    sheet.set_h_pagebreaks(_keep_headings_with_rows(heights, headings, header_row, first=24 + 20 + 10))
    sheet.print_area(0, 0, row, last)


def _header_text(text: str) -> str:
    """Text for a page header: `&` doubled (alone it starts a code), at most 100 characters."""
    text = " ".join(text.split())
    return (text if len(text) <= 100 else text[:97] + "...").replace("&", "&&")


def _print_setup(sheet: Any, landscape: bool) -> None:
    if landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.set_paper(9)  # A4
    sheet.set_print_scale(PRINT_SCALE)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    sheet.set_footer(f"&C&\"{FONT},Regular\"&10Trang &P/&N")
    sheet.center_horizontally()


def _keep_headings_with_rows(heights: dict[int, float], headings: list[int], header_row: int,
                             first: float) -> list[int]:
    """Row breaks that move a group heading which would end a page onto the next one, with its
    criteria. `heights` by row, from the header row on; `first`: what stands above it on page 1."""
    room = 842 - (0.5 + 0.6) * 72 - 30  # A4 portrait less the margins and the footer
    breaks: list[int] = []
    used = first
    rows = sorted(heights)
    for index, row in enumerate(rows):
        height = heights[row]
        following = heights[rows[index + 1]] if row in headings and index + 1 < len(rows) else 0
        if row != header_row and used + height + following > room:
            breaks.append(row)
            used = heights[header_row]  # the header row repeats on the new page
        used += height
    return breaks


def page_breaks(widths: Sequence[float], first: int, criteria: Sequence[Criterion]) -> list[int]:
    """The columns each printed page starts at: the criteria after the ranking, filled page by
    page beside the repeated rank, code and name columns, a group kept whole where it fits."""
    if not criteria:
        return []
    room = _LANDSCAPE_POINTS - sum(_points(w) for w in widths[:NAME_COLUMN + 1])
    breaks = [first]
    used = 0
    for start, end, _ in _group_spans(criteria, first, by_group_only=True):
        group = [_points(w) for w in widths[start:end + 1]]
        if used and used + sum(group) > room:
            breaks.append(start)
            used = 0
        for column, width in enumerate(group, start=start):
            if used and used + width > room:  # a group wider than a page: split where it must
                breaks.append(column)
                used = 0
            used += width
    return breaks


def _group_spans(criteria: Sequence[Criterion], first: int,
                 by_group_only: bool = False) -> list[tuple[int, int, str]]:
    """(first column, last column, heading) of each run of criteria of one group. Criteria without
    a group are headed by their kind (`Chấm điểm`, `Thưởng`, `Trừ`) unless `by_group_only`."""
    spans: list[tuple[int, int, str]] = []
    for column, criterion in enumerate(criteria, start=first):
        heading = criterion.group or ("" if by_group_only else _kind_heading(criterion))
        if spans and spans[-1][2] == heading and spans[-1][1] == column - 1:
            spans[-1] = (spans[-1][0], column, heading)
        else:
            spans.append((column, column, heading))
    return spans


def _kind_heading(criterion: Criterion) -> str:
    return {Kind.SCORED: "Tiêu chí chấm điểm", Kind.BONUS: "Điểm thưởng", Kind.PENALTY: "Điểm trừ"}[criterion.kind]


NOTES_SHEET = "CachTinhDiem"
NOTES_HEADERS = ["Đơn vị", "Tiêu chí", "Cách tính điểm", "Điểm tính", "Thưởng vượt kế hoạch"]
NOTES_WIDTHS = [28, 9, 80, 9, 11]


def notes_sheet(book: Any, result: BlockResult, base: dict[str, Any]) -> None:
    """Sheet `CachTinhDiem`: where each score not simply typed came from, one row per unit and
    criterion (the formula with its plan and actual, the grade, the excess bonus, the office's
    check), and a row for a unit whose bonuses `Điểm thưởng tối đa` cut. No sheet when the block
    has none of these."""
    rows: list[list[Any]] = []
    for row in result.ranked:
        sheet = row.sheet
        if sheet is None:
            continue
        for line in sheet.lines:
            if line.how is not None and line.how.note:
                rows.append([row.unit.name, line.criterion, line.how.note, line.block_score, line.how.excess or None])
        before = row.block.bonus_before_cap
        if before is not None:
            cap = format_number(result.block.info.bonus_cap)
            rows.append([row.unit.name, "Điểm thưởng",
                         f"Tổng điểm thưởng {format_score(before)} vượt Điểm thưởng tối đa {cap}: tính {cap}",
                         row.block.bonus, None])
    if not rows:
        return
    title = book.add_format(base | {"bold": True, "font_size": 13, "align": "center", "valign": "vcenter"})
    header = book.add_format(base | {"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True,
                                     "border": 1, "bg_color": "#DDEBF7"})
    text = book.add_format(base | {"valign": "top", "text_wrap": True, "border": 1})
    number = book.add_format(base | {"valign": "top", "align": "center", "border": 1, "num_format": "0.##"})
    sheet = book.add_worksheet(NOTES_SHEET)
    info = result.block.info
    sheet.merge_range(0, 0, 0, len(NOTES_HEADERS) - 1,
                      f"CÁCH TÍNH ĐIỂM CÁC TIÊU CHÍ CHẤM THEO CÔNG THỨC, XẾP LOẠI, THẨM ĐỊNH NĂM {info.year}", title)
    for column, (name, width) in enumerate(zip(NOTES_HEADERS, NOTES_WIDTHS)):
        sheet.set_column(column, column, width)
        sheet.write_string(1, column, name, header)
    sheet.set_row(1, _LINE_POINTS * max(_lines(h, w) for h, w in zip(NOTES_HEADERS, NOTES_WIDTHS)) + 4)
    for offset, values in enumerate(rows, start=2):
        for column, value in enumerate(values):
            if value is None:
                sheet.write_blank(offset, column, None, number)
            elif isinstance(value, str):
                sheet.write_string(offset, column, value, text)
            else:
                sheet.write_number(offset, column, float(value), number)
        sheet.set_row(offset, _LINE_POINTS * max(_lines(v, w) for v, w in zip(values, NOTES_WIDTHS)
                                                 if isinstance(v, str)) + 4)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(1)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)


def _beyond_hundredths(value: Any) -> bool:
    """A score with more than two decimals (a formula's): shown rounded to two."""
    return isinstance(value, Decimal) and value.is_finite() and _decimals_beyond_hundredths(value)


@lru_cache(maxsize=4096)
def _decimals_beyond_hundredths(value: Decimal) -> bool:
    """Once per value: a block's scores repeat (9, 9,5, 10), and `normalize` gives equal values
    (`9.5`, `9.50`) the same digits, so equal keys of the cache have the same answer."""
    return value.normalize().as_tuple().exponent < -2  # type: ignore[operator]


def _criterion_header(criterion: Criterion) -> str:
    """A scored criterion by its code; a bonus or penalty by what it is for, in a few words (its
    text up to a colon, `Điểm thưởng: có mô hình...` as `Điểm thưởng`), or by its code and kind."""
    if criterion.kind is Kind.SCORED:
        return criterion.code
    label = "thưởng" if criterion.kind is Kind.BONUS else "trừ"
    text = (criterion.text or criterion.code).split(":", 1)[0].strip()
    if len(text) > 24:
        return f"{criterion.code} (điểm {label})"
    return text if label in text.lower() else f"{text} (điểm {label})"


def _points(width: float) -> float:
    """How wide a column `width` characters wide prints, in points, in Excel or LibreOffice."""
    return width * 5.25 + 10


def criteria_widths(criteria: Sequence[Criterion]) -> list[float]:
    """Each criterion's column: a code's or a label's width, wider where its group's heading would
    not fit in `GROUP_LINES` lines above the group's columns."""
    widths = [CODE_WIDTH if c.kind is Kind.SCORED else LABEL_WIDTH for c in criteria]
    for start, end, heading in _group_spans(criteria, 0):
        count = end - start + 1
        needed = (len(heading) / GROUP_LINES + 1) / 1.1  # the inverse of _lines
        share = needed / count
        for column in range(start, end + 1):
            widths[column] = max(widths[column], math.ceil(share * 2) / 2)
    return widths


def _lines(text: str, width: float) -> int:
    """How many lines `text` wraps to in a column `width` characters wide (a fair guess)."""
    return max(1, math.ceil(len(text) / max(1.0, width * 1.1 - 1)))


__all__ = ["CRITERIA_COLUMNS", "CRITERIA_SHEET", "CriteriaColumn", "HEADERS", "SHEET", "page_breaks", "score_table"]
