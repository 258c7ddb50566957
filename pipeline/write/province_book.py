"""`tong_hop_<year>.xlsx`: the province's view (SPEC §3), the one place its frames become cells.

Written with XlsxWriter, the writer built for new workbooks (formats and print setup declared
once). Every sheet opens with the same title block, as the provincial emulation office files a
table: its issuing body (`SỞ NỘI VỤ TỈNH ...`, `BAN THI ĐUA - KHEN THƯỞNG`) beside the national
motto, the title with the year, and what the sheet lists; then its table, bordered, in Times New
Roman 11 pt. Every sheet prints on A4 landscape one page wide, its header row repeated, frozen
under the header with the block's column; its columns are sized so that the print is 9 pt or
more. Text is stored as text: a name that starts with `=` is never a formula, and one that starts
with `=`, `+`, `-` or `@` keeps Excel's text mark (the quote prefix), so editing the cell later
does not turn it into one either.
"""

from __future__ import annotations

import datetime as dt
import math
from io import BytesIO
from typing import Any

import numpy as np
import pandas as pd

from ..rules.province import BLOCK, NOTE, TOTAL_ROW, ProvinceView
from ..text import province_phrase
from .xlsx import new_workbook

FONT = "Times New Roman"
FONT_SIZE = 11
ISSUER = "BAN THI ĐUA - KHEN THƯỞNG"  # the provincial emulation office, under the Department of Home Affairs
# What each sheet lists, under the title (a sheet added later without one has the title alone).
SUBTITLES = {
    "DeNghi": "Danh sách đơn vị được các khối thi đua đề nghị khen thưởng",
    "XepHang": "Kết quả chấm điểm, xếp hạng các đơn vị của các khối thi đua",
    "ThongKe": "Số đơn vị và số đề nghị khen thưởng của từng khối thi đua",
    "KiemTra": "Các điểm cần xem lại giữa các khối thi đua",
    "LichSu": "Các danh hiệu, hình thức khen thưởng đã nhận của các đơn vị được đề nghị",
}
HEADER_ROW = 6  # 0-based: the table's header row, under the title block (row 7 in Excel)
_FORMULA_STARTS = ("=", "+", "-", "@")
_MIN_WIDTH, _MAX_WIDTH, _NOTE_WIDTH = 7, 42, 26
_TEXT_PER_DIGIT = 0.92  # a character of running text, in digits of Times New Roman (a fair guess)
# the title block's halves need this much room (in digits): the motto in bold capitals, right,
# the issuing body, left
_RIGHT_HALF, _LEFT_HALF = 40, 34
_WRAP_FLOOR = 14  # a text column is never narrowed below this to fit the page
_LINE_HEIGHT = 15  # points: one line of the 11-point font
# A4 landscape less 0,5 inch margins each side: what a sheet's columns may take before it prints
# below 9 pt (fit one page wide). The widths below keep every sheet of a province under it.
PRINTABLE_POINTS = 842 - 72
_DEFAULT_FONT = {"font_name": FONT, "font_size": FONT_SIZE}


def file_name(year: int) -> str:
    return f"tong_hop_{year}.xlsx"


def province_workbook(view: ProvinceView, year: int, when: dt.date, author: str) -> bytes:
    """The workbook's bytes; the same view, year and date give the same bytes. `author`: the
    province as `ThongTin` gives it (`Bắc Ninh`, `Thành phố Hà Nội`)."""

    sheets = {"DeNghi": view.proposals, "XepHang": view.ranking, "ThongKe": view.counts, "KiemTra": view.checks,
              "LichSu": view.history}
    buffer = BytesIO()
    book = new_workbook(buffer, _DEFAULT_FONT)
    formats = _formats(book)
    for name, frame in sheets.items():
        sheet = book.add_worksheet(name)
        lengths = _lengths(frame)
        longest = [max(column[1:]) * _TEXT_PER_DIGIT for column in lengths] if len(frame) else None
        widths = _room_for_title(fit_to_print(_widths(frame, lengths), _is_text(frame), longest))
        _title_block(sheet, widths, year, author, SUBTITLES.get(name, ""), formats)
        _lay_out(sheet, frame, widths, lengths, formats, total_row=name == "ThongKe")
    # XlsxWriter dates every zip entry 1980-01-01 and both document dates `created`: the same
    # view gives the same bytes with no second pass over the zip
    book.set_properties({"created": dt.datetime.combine(when, dt.time()), "author": author,
                         "title": f"Tổng hợp kết quả thi đua, khen thưởng năm {year} của các khối thi đua"})
    book.close()
    return buffer.getvalue()


def _formats(book: Any) -> dict[str, Any]:
    def add(**properties: Any) -> Any:
        return book.add_format({"font_name": FONT, "font_size": FONT_SIZE, **properties})

    cell = {"border": 1, "valign": "top"}
    return {
        "body": add(align="center"),
        "body_bold": add(align="center", bold=True),
        "motto": add(align="center", bold=True, underline=True),
        "title": add(align="center", bold=True, font_size=14, text_wrap=True, valign="vcenter"),
        "subtitle": add(align="center", italic=True, text_wrap=True),
        "header": add(bold=True, bg_color="#DDEBF7", border=1, text_wrap=True, align="center", valign="vcenter"),
        "text": add(text_wrap=True, **cell),
        "number": add(align="center", **cell),
        "quoted": add(text_wrap=True, quote_prefix=True, **cell),
        "total_text": add(bold=True, text_wrap=True, **cell),
        "total_number": add(bold=True, align="center", **cell),
    }


def _title_block(sheet: Any, widths: list[float], year: int, province: str, subtitle: str,
                 formats: dict[str, Any]) -> None:
    """Rows 1-6: the issuing body left, the national motto right, the title and what the sheet lists."""
    last = len(widths) - 1
    split = _split_column(widths)
    department = f"SỞ NỘI VỤ {province_phrase(province).upper()}"
    left = ((department, formats["body"]), (ISSUER, formats["motto"]))
    right = (("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", formats["body_bold"]),
             ("Độc lập - Tự do - Hạnh phúc", formats["motto"]))
    for row, ((left_text, left_format), (right_text, right_format)) in enumerate(zip(left, right)):
        _merge(sheet, row, 0, split - 1, left_text, left_format)
        _merge(sheet, row, split, last, right_text, right_format)
    title = f"TỔNG HỢP KẾT QUẢ BÌNH XÉT THI ĐUA CÁC KHỐI NĂM {year}"
    _merge(sheet, 3, 0, last, title, formats["title"])
    room = sum(widths)
    sheet.set_row(3, 22 * _line_count(len(title) * 1.4, room))  # 14-point capitals: about 1,4 of a digit each
    if subtitle:
        _merge(sheet, 4, 0, last, subtitle, formats["subtitle"])
        sheet.set_row(4, _LINE_HEIGHT * _line_count(len(subtitle), room))


def _room_for_title(widths: list[float]) -> list[float]:
    """The widths, widened where a narrow sheet (KiemTra) would clip the title block's halves."""
    widened = list(widths)
    split = _split_column(widened)
    for first, last, needed in ((split, len(widened), _RIGHT_HALF), (0, split, _LEFT_HALF)):
        short = needed - sum(widened[first:last])
        if short > 0:
            for col in range(first, last):
                widened[col] += short / (last - first)
    return widened


def _split_column(widths: list[float]) -> int:
    """Where the right half of the header starts: at least one column each side, the halves as
    even as the columns allow."""
    if len(widths) < 2:
        return 1
    half, used = sum(widths) / 2, 0.0
    for column, width in enumerate(widths):
        if used + width / 2 >= half:
            return max(1, min(column, len(widths) - 1))
        used += width
    return len(widths) - 1


def _merge(sheet: Any, row: int, first: int, last: int, text: str, cell_format: Any) -> None:
    if first >= last:
        sheet.write_string(row, first, text, cell_format)
    else:
        sheet.merge_range(row, first, row, last, text, cell_format)


def _lay_out(sheet: Any, frame: pd.DataFrame, widths: list[float], lengths: list[list[int]],
            formats: dict[str, Any], total_row: bool) -> None:
    """The table under the title block: header, one row per frame row, every cell bordered."""
    top = HEADER_ROW
    last_row, last_col = top + len(frame), len(frame.columns) - 1
    sheet.write_row(top, 0, list(frame.columns), formats["header"])
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    totals = total_row and len(frame) and frame[BLOCK].iat[-1] == TOTAL_ROW
    text_columns = _is_text(frame)
    for index, values in enumerate(frame.itertuples(index=False, name=None)):
        bold = totals and index == len(frame) - 1
        for col, value in enumerate(values):
            _write_cell(sheet, top + 1 + index, col, value, text_columns[col], bold, formats)
    # Neither Excel nor LibreOffice grows a row for wrapped text in a file it did not lay out itself
    for row, lines in enumerate(_lines(frame, lengths, widths)):
        if lines > 1:
            sheet.set_row(top + row, _LINE_HEIGHT * lines)
    if not totals:
        sheet.autofilter(top, 0, last_row, last_col)
    sheet.freeze_panes(top + 1, 1)
    sheet.repeat_rows(top)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)  # one page wide (the widths keep it at 9 pt or more), as many pages tall as it takes
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    sheet.center_horizontally()
    sheet.set_footer(f"&C&\"{FONT},Regular\"&11Trang &P/&N")
    sheet.print_area(0, 0, last_row, last_col)


def _write_cell(sheet: Any, row: int, col: int, value: Any, is_text: bool, bold: bool,
                formats: dict[str, Any]) -> None:
    text_format = formats["total_text" if bold else "text"]
    number_format = formats["total_number" if bold else "number"]
    if value is None or value is pd.NA or value == "" or (isinstance(value, float) and np.isnan(value)):
        sheet.write_blank(row, col, None, text_format if is_text else number_format)
    elif isinstance(value, str):
        quoted = value.startswith(_FORMULA_STARTS)
        sheet.write_string(row, col, value, formats["quoted"] if quoted else text_format)
    elif isinstance(value, (bool, np.bool_)):
        sheet.write_boolean(row, col, bool(value), number_format)
    elif isinstance(value, (int, float, np.integer, np.floating)):
        sheet.write_number(row, col, float(value), text_format if is_text else number_format)
    else:  # a Decimal or a date: written as its number or its text, as pandas would
        try:
            sheet.write_number(row, col, float(value), number_format)
        except (TypeError, ValueError):
            sheet.write_string(row, col, str(value), text_format)


def printed_font(widths: list[float]) -> float:
    """The size the 11-point text prints at when the columns are fit one page wide, in the
    wider of Excel (5,25 pt a digit) and LibreOffice (measured: about 5,5 pt and 8 pt a column)."""
    needed = sum(width * 5.5 + 8 for width in widths)
    return FONT_SIZE * min(1.0, PRINTABLE_POINTS / needed)


def fit_to_print(widths: list[float], is_text: list[bool], longest: list[float] | None = None,
                 smallest: float = 9.3) -> list[float]:
    """The widths narrowed until the sheet prints at `smallest` points or more one page wide: its
    long texts then wrap onto more lines instead. A column whose text wraps already (a reason, a
    note; `longest`: its longest text, in digits) narrows first, the widest first; a name that
    still fits on one line last. (9,3 rather than 9: Excel stores a width as whole pixels and its
    padding, a little wider than asked.)"""
    fitted = list(widths)
    longest = longest or [0.0] * len(widths)
    while printed_font(fitted) < smallest:
        wide = [(longest[col] > width, width, col) for col, width in enumerate(fitted)
                if is_text[col] and width > _WRAP_FLOOR]
        if not wide:
            break
        _, width, col = max(wide)
        fitted[col] = width - 1
    return fitted


def _line_count(length: float, width: float) -> int:
    return max(1, int(np.ceil(length / max(1.0, (width - 1) * 1.2))))


def _lengths(frame: pd.DataFrame) -> list[list[int]]:
    """The length of each cell's text, column by column, header row first: the text pandas'
    `astype("string")` gives it (`str`; a blank, `NaN` or `<NA>` none). Plain loops: a sheet has
    a few hundred cells, and the frame's string conversion cost more than the rest of its layout."""
    return [[len(str(name)), *(0 if _is_blank(value) else len(str(value)) for value in frame[name].tolist())]
            for name in frame.columns]


def _is_blank(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _widths(frame: pd.DataFrame, lengths: list[list[int]]) -> list[float]:
    """Each column as wide as its longest text, up to a cap past which it wraps (a header may
    wrap onto two lines); a note column wraps sooner, so the sheet stays readable on one page."""
    # a width counts digits of the font; running text in Times New Roman is a little narrower
    widths = []
    for name, column in zip(frame.columns, lengths):
        wanted = max([column[0] / 2, *(length * _TEXT_PER_DIGIT for length in column[1:])]) + 2
        widths.append(float(min(max(wanted, _MIN_WIDTH), _NOTE_WIDTH if name == NOTE else _MAX_WIDTH)))
    return widths


def _lines(frame: pd.DataFrame, lengths: list[list[int]], widths: list[float]) -> list[int]:
    """How many lines each row needs, header row first, once its long texts wrap."""
    rooms = [(width - 1) / _TEXT_PER_DIGIT for width in widths]
    return [max([1, *(math.ceil(length / room) for length, room in zip(row, rooms))]) for row in zip(*lengths)]


def _is_text(frame: pd.DataFrame) -> list[bool]:
    return [not pd.api.types.is_numeric_dtype(frame[c]) or c == NOTE for c in frame.columns]
