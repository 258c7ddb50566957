"""`tong_hop_<year>.xlsx`: the province's view (SPEC §3), the one place its frames become cells.

Written by XlsxWriter through pandas, the writer built for new workbooks (formats and print setup
declared once). Every sheet prints A4 landscape, one page wide, its header row repeated, frozen
under the header with the block's column. Text is stored as text: a name that starts with `=`
is never a formula, and one that starts with `=`, `+`, `-` or `@` keeps Excel's text mark (the
quote prefix), so editing the cell later does not turn it into one either.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

import numpy as np
import pandas as pd

from ..rules.province import BLOCK, NOTE, TOTAL_ROW, ProvinceView

_FORMULA_STARTS = ("=", "+", "-", "@")
_MIN_WIDTH, _MAX_WIDTH, _NOTE_WIDTH = 7, 40, 28
_LINE_HEIGHT = 15  # points: one line of the default 11-point font
_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


def file_name(year: int) -> str:
    return f"tong_hop_{year}.xlsx"


def province_workbook(view: ProvinceView, year: int, when: dt.date, author: str) -> bytes:
    """The workbook's bytes; the same view, year and date give the same bytes."""
    sheets = {"DeNghi": view.proposals, "XepHang": view.ranking, "ThongKe": view.counts, "KiemTra": view.checks}
    buffer = BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": _OPTIONS}) as writer:
        book = writer.book
        formats = {
            "header": book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                                       "align": "center", "valign": "vcenter"}),
            "text": book.add_format({"text_wrap": True, "valign": "top"}),
            "number": book.add_format({"valign": "top", "align": "center"}),
            "quoted": book.add_format({"text_wrap": True, "valign": "top", "quote_prefix": True}),
            "total": book.add_format({"bold": True, "top": 1}),
        }
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False, header=False, startrow=1)
            _lay_out(writer.sheets[name], frame, formats, total_row=name == "ThongKe")
        # XlsxWriter dates every zip entry 1980-01-01 and both document dates `created`: the same
        # view gives the same bytes with no second pass over the zip
        book.set_properties({"created": dt.datetime.combine(when, dt.time()), "author": author,
                             "title": f"Tổng hợp kết quả thi đua, khen thưởng năm {year} của các khối thi đua"})
    return buffer.getvalue()


def _lay_out(sheet: Any, frame: pd.DataFrame, formats: dict[str, Any], total_row: bool) -> None:
    last_row, last_col = len(frame), len(frame.columns) - 1
    lengths = _lengths(frame)
    widths = _widths(frame, lengths)
    sheet.write_row(0, 0, list(frame.columns), formats["header"])
    for col, (width, is_text) in enumerate(zip(widths, _is_text(frame))):
        sheet.set_column(col, col, width, formats["text"] if is_text else formats["number"])
    # Neither Excel nor LibreOffice grows a row for wrapped text in a file it did not lay out itself
    for row, lines in enumerate(_lines(frame, lengths, widths)):
        if lines > 1:
            sheet.set_row(row, _LINE_HEIGHT * lines)
    for row, col in _formula_like(frame):
        sheet.write_string(row + 1, col, frame.iat[row, col], formats["quoted"])
    if total_row and len(frame) and frame[BLOCK].iat[-1] == TOTAL_ROW:
        sheet.set_row(last_row, None, formats["total"])
    else:
        sheet.autofilter(0, 0, last_row, last_col)
    sheet.freeze_panes(1, 1)
    sheet.repeat_rows(0)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)  # one page wide, as many pages tall as it takes
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    sheet.set_footer("&CTrang &P/&N")


def _lengths(frame: pd.DataFrame) -> pd.DataFrame:
    """The length of each cell's text, header row first."""
    header = pd.DataFrame([list(map(str, frame.columns))], columns=frame.columns)
    text = pd.concat([header, frame.astype("string").fillna("")], ignore_index=True)
    return text.apply(lambda column: column.str.len())


def _widths(frame: pd.DataFrame, lengths: pd.DataFrame) -> list[float]:
    """Each column as wide as its longest text, up to a cap past which it wraps (a header may
    wrap onto two lines); a note column wraps sooner, so the sheet stays readable on one page."""
    wanted = pd.concat([lengths.iloc[1:].max(), lengths.iloc[0] / 2], axis="columns").max(axis="columns") + 2
    caps = pd.Series([_NOTE_WIDTH if c == NOTE else _MAX_WIDTH for c in frame.columns], index=frame.columns)
    return wanted.clip(lower=_MIN_WIDTH).clip(upper=caps).tolist()


def _lines(frame: pd.DataFrame, lengths: pd.DataFrame, widths: list[float]) -> list[int]:
    """How many lines each row needs, header row first, once its long texts wrap."""
    # a width counts digits; running text is about a fifth narrower
    room = (pd.Series(widths, index=frame.columns) - 1) * 1.2
    needed = np.ceil(lengths.to_numpy(dtype="float64", na_value=0.0) / room.to_numpy())
    return [max(1, int(n)) for n in needed.max(axis=1, initial=1)]


def _is_text(frame: pd.DataFrame) -> list[bool]:
    return [not pd.api.types.is_numeric_dtype(frame[c]) or c == NOTE for c in frame.columns]


def _formula_like(frame: pd.DataFrame) -> list[tuple[int, int]]:
    """(row, col) of each text cell that starts as a formula would."""
    text = frame.select_dtypes(exclude="number").astype("string")
    marked = text.apply(lambda column: column.str.startswith(_FORMULA_STARTS).fillna(False))
    stacked = marked.stack()
    hits = stacked[stacked.astype(bool)].index
    return [(int(row), frame.columns.get_loc(col)) for row, col in hits]
