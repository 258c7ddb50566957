"""`bang_diem_<year>.xlsx`: the ranked score table, for staff to re-use in Excel and to print.

Written with XlsxWriter (a write-only workbook: several times faster than building it in
openpyxl). A title above the table; one row per unit, best first; the bonus and penalty columns
named by their criterion's text, the scored criteria by their codes. It prints landscape on A4,
one page wide, the header row and the unit-name columns repeated on every page. Every text,
headers and titles included, is stored as text: a name typed `=...` never becomes a formula.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from io import BytesIO
from typing import Any

from ..model import BlockResult, Criterion, Kind
from ..rules.formulas import bonus_note, note

SHEET = "BangDiem"
HEADERS = ["Hạng", "Mã", "Tên đơn vị", "Tự chấm", "Điểm Khối chấm", "Điểm thưởng", "Điểm trừ", "Tổng điểm",
           "Đề nghị khen thưởng", "Không đủ điều kiện"]
# Narrow enough that a block of 10-15 criteria prints one page wide at a readable size: the
# award and the reason wrap within their cells, a criterion's column holds a score like `9,5`.
WIDTHS = [5, 8, 28, 7, 7, 7, 7, 7, 22, 22]
CODE_WIDTH = 4.5
TEXT_WIDTH = 14  # a bonus or penalty column, named by its text
HEADER_ROW = 2
NAME_COLUMN = 2
FONT = "Times New Roman"
_LINE_POINTS = 15.0


def score_table(result: BlockResult) -> bytes:
    import xlsxwriter

    block, info = result.block, result.block.info
    buffer = BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                        "strings_to_numbers": False})
    book.set_properties({
        "title": f"Bảng điểm thi đua năm {info.year}",
        "author": info.block_name,
        "created": dt.datetime.combine(info.conference_date, dt.time()),
    })
    base = {"font_name": FONT, "font_size": 11}
    title = book.add_format(base | {"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"})
    subtitle = book.add_format(base | {"italic": True, "align": "center", "valign": "vcenter", "text_wrap": True})
    header = book.add_format(base | {"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True,
                                     "border": 1, "bg_color": "#DDEBF7"})
    text = book.add_format(base | {"valign": "top", "text_wrap": True, "border": 1})
    number = book.add_format(base | {"valign": "top", "align": "center", "border": 1})
    # a formula's score (78,50666...) shows two decimals; the cell keeps the value (rounding for display only)
    rounded = book.add_format(base | {"valign": "top", "align": "center", "border": 1, "num_format": "0.00"})
    sheet = book.add_worksheet(SHEET)

    criteria = list(block.criteria)
    headers = HEADERS + [_criterion_header(c) for c in criteria]
    widths = WIDTHS + [CODE_WIDTH if c.kind is Kind.SCORED else TEXT_WIDTH for c in criteria]
    last = len(headers) - 1
    span = len(HEADERS) - 1
    sheet.merge_range(0, 0, 0, span, f"BẢNG ĐIỂM THI ĐUA NĂM {info.year}", title)
    sheet.merge_range(1, 0, 1, span, f"{info.block_name} ({info.province})", subtitle)
    sheet.set_row(0, 24)
    for column, (name, width) in enumerate(zip(headers, widths)):
        sheet.set_column(column, column, width)
        sheet.write_string(HEADER_ROW, column, name, header)
    # Excel does not grow a row for wrapped text it did not type: the header row gets its height
    sheet.set_row(HEADER_ROW, _LINE_POINTS * max(_lines(h, w) for h, w in zip(headers, widths)) + 4)

    codes = [c.code for c in criteria]
    for offset, row in enumerate(result.ranked, start=1):
        scores = {line.criterion: line.block_score for line in row.sheet.lines} if row.sheet else {}
        values: list[Any] = [row.rank, row.unit.code, row.unit.name, row.self_total, row.block.scored,
                             row.block.bonus, row.block.penalty, row.total, row.award or "", row.unit.barred_reason]
        values += [scores.get(code) for code in codes]
        line = HEADER_ROW + offset
        for column, value in enumerate(values):
            if value is None:
                sheet.write_blank(line, column, None, number)
            elif isinstance(value, str):
                sheet.write_string(line, column, value, text)
            else:
                sheet.write_number(line, column, float(value), rounded if _beyond_hundredths(value) else number)
        tallest = max(_lines(v, w) for v, w in zip(values, widths) if isinstance(v, str))
        sheet.set_row(line, _LINE_POINTS * tallest + 4)

    sheet.freeze_panes(HEADER_ROW + 1, NAME_COLUMN + 1)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)  # one page wide, as many pages down as the units need
    sheet.repeat_rows(HEADER_ROW)
    sheet.repeat_columns(0, NAME_COLUMN)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    sheet.center_horizontally()
    sheet.print_area(0, 0, HEADER_ROW + len(result.ranked), last)
    notes_sheet(book, result, base)
    book.close()
    return buffer.getvalue()


NOTES_SHEET = "CachTinhDiem"
NOTES_HEADERS = ["Đơn vị", "Tiêu chí", "Cách tính điểm", "Điểm tính", "Thưởng vượt kế hoạch"]
NOTES_WIDTHS = [28, 9, 80, 9, 11]


def notes_sheet(book: Any, result: BlockResult, base: dict[str, Any]) -> None:
    """Sheet `CachTinhDiem`: where each score not simply typed came from, one row per unit and
    criterion (the formula with its plan and actual, the grade, the excess bonus, the office's
    check), and a row for a unit whose bonuses `Điểm thưởng tối đa` cut. No sheet when the block
    has none of these."""
    criteria = {c.code: c for c in result.block.criteria}
    rows: list[list[Any]] = []
    for row in result.ranked:
        sheet = row.sheet
        if sheet is None:
            continue
        for line in sheet.lines:
            text = note(criteria[line.criterion], line)
            if text:
                excess = line.how.excess if line.how is not None else 0
                rows.append([row.unit.name, line.criterion, text, line.block_score, excess or None])
        capped = bonus_note(result.block, sheet)
        if capped:
            rows.append([row.unit.name, "Điểm thưởng", capped, row.block.bonus, None])
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
    return isinstance(value, Decimal) and value.is_finite() and value.normalize().as_tuple().exponent < -2  # type: ignore[operator]


def _criterion_header(criterion: Criterion) -> str:
    """A scored criterion by its code; a bonus or penalty by its text, which says what it is for."""
    if criterion.kind is Kind.SCORED:
        return criterion.code
    label = "thưởng" if criterion.kind is Kind.BONUS else "trừ"
    text = criterion.text or criterion.code
    return text if label in text.lower() else f"{text} (điểm {label})"


def _lines(text: str, width: float) -> int:
    """How many lines `text` wraps to in a column `width` characters wide (a fair guess)."""
    return max(1, math.ceil(len(text) / max(1.0, width * 1.1 - 1)))


__all__ = ["HEADERS", "SHEET", "score_table"]
