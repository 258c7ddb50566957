"""The blank score form's workbook: one sheet laid out for a clerk to fill and for the reader to
read back as is (`commands/forms.py` decides which forms a year gets).

A form is a score sheet as `read/scoresheet.py` reads it: the `Đơn vị:` line above a header row
with `Mã tiêu chí`, `Điểm tự chấm` and `Điểm khối chấm`, one row per criterion, and a `Tổng cộng`
row that ends the table. Filled in Excel and dropped into the year folder, it needs no renaming
and no copying of cells. Everything else (titles, instructions, signatures) stays clear of what
the reader looks for: no line above the header starts with `Đơn vị` except the unit line.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from io import BytesIO
from typing import Any

from xlsxwriter.utility import xl_col_to_name

from ..documents.context import parent_body
from ..model import GRADES, Block, Criterion, Kind, Method, Unit
from ..read.methods import ACTUAL, PLAN, percent_text
from ..read.scoresheet import BLOCK, CODE, SELF
from ..text import format_number, key
from .xlsx import new_workbook


SHEET_NAME = "Chấm điểm"


HEADERS = ("STT", CODE, "Nội dung", "Điểm tối đa", SELF, BLOCK, "Ghi chú")


NOTE = "Ghi chú"


INSTRUCTIONS = (
    "Hướng dẫn: cơ quan, đơn vị tự chấm điểm vào cột Điểm tự chấm; cột Điểm khối chấm do Khối ghi sau khi "
    "thẩm định. Chỉ nhập số từ 0 đến điểm tối đa của từng tiêu chí, có thể có số lẻ (ví dụ 9,5). Điểm thưởng, "
    "điểm trừ ghi số dương; điểm trừ được trừ vào tổng. Không sửa mã tiêu chí, không đổi tên tệp; gửi lại tệp "
    "Excel này (kèm bản ký, đóng dấu) cho Khối."
)


FONT_NAME = "Times New Roman"


FONT_SIZE = 12


_LINE_POINTS = 16  # one line of 12 pt Times New Roman, with Excel's spacing


_DIGIT_PIXELS = 7  # the width of a `0` in Calibri 11, the unit of Excel's column widths


_WIDTHS = {"STT": 5, "Nội dung": 50, "Điểm tối đa": 8, SELF: 9, BLOCK: 9, NOTE: 16, PLAN: 10, ACTUAL: 10}


FORMULA_INSTRUCTIONS = (
    "Tiêu chí chấm theo Tỷ lệ (hoặc Tỷ lệ giảm): ghi Kế hoạch và Thực hiện, điểm tự tính theo tỷ lệ Thực hiện so "
    "với Kế hoạch. Tiêu chí chấm theo Xếp loại: ghi A, B, C hoặc D vào cột điểm."
)


_FORMULA_FILL = "F2F2F2"


def form_headers(criteria: tuple[Criterion, ...]) -> tuple[str, ...]:
    """The table's columns: `Kế hoạch` and `Thực hiện` after `Điểm tối đa` when a criterion is scored
    by `Tỷ lệ` or `Tỷ lệ giảm` (SPEC §2.3); the form of a block without one is unchanged."""
    if any(c.method in (Method.RATIO, Method.REVERSE) for c in criteria):
        return HEADERS[:4] + (PLAN, ACTUAL) + HEADERS[4:]
    return HEADERS


_HEADER_FILL = "DDEBF7"


_GROUP_FILL = "F2F2F2"


def score_form(block: Block, unit: Unit) -> bytes:
    """The form of `unit` as .xlsx bytes; the same block gives the same bytes.

    Written with XlsxWriter, which dates every zip entry 1980-01-01 and the document properties
    from `created` (the conference date): nothing in the file depends on when it was written.
    """

    info = block.info
    buffer = BytesIO()
    # Every text is written as text: a criterion or unit named `=...` never becomes a formula.
    book = new_workbook(buffer)
    book.set_properties({
        "title": f"Bảng chấm điểm thi đua năm {info.year} - {unit.name}",
        "author": info.block_name,
        "created": dt.datetime.combine(info.conference_date, dt.time()),
    })
    layout = _Layout(book, book.add_worksheet(SHEET_NAME), block.criteria)
    layout.heading(block, unit)
    header_row = layout.header()
    layout.criteria(block.criteria)
    layout.total()
    layout.signatures(unit)
    layout.finish(header_row)
    book.close()
    return buffer.getvalue()


class _Layout:
    """Writes the form top to bottom; keeps where the criteria rows landed for the total row.

    Rows and columns are counted from 1, as Excel shows them and as the total row's formulas
    name them; only the calls into XlsxWriter (which counts from 0) subtract one.
    """

    def __init__(self, book: Any, sheet: Any, criteria: tuple[Criterion, ...]) -> None:
        self.book = book
        self.sheet = sheet
        self.row = 0
        self.criterion_rows: list[tuple[int, Criterion]] = []
        self.headers = form_headers(criteria)
        self.column = {name: index for index, name in enumerate(self.headers, start=1)}
        self.widths = _WIDTHS | {CODE: max([10] + [len(c.code) + 3 for c in criteria])}
        self.formats: dict[tuple[Any, ...], Any] = {}

    # -- cells -------------------------------------------------------------------------------

    def style(self, *, bold: bool = False, italic: bool = False, size: int = FONT_SIZE, align: str = "left",
              border: bool = False, fill: str | None = None, locked: bool = True) -> Any:
        """The workbook's format for this look, made once (XlsxWriter keeps one per distinct look)."""
        wanted = (bold, italic, size, align, border, fill, locked)
        if wanted not in self.formats:
            properties: dict[str, Any] = {"font_name": FONT_NAME, "font_size": size, "bold": bold, "italic": italic,
                                          "align": align, "valign": "vcenter", "text_wrap": True}
            if border:
                properties["border"] = 1
            if fill:
                properties |= {"pattern": 1, "bg_color": f"#{fill}"}
            if not locked:
                properties["locked"] = False
            self.formats[wanted] = self.book.add_format(properties)
        return self.formats[wanted]

    def cell(self, row: int, column: str, value: str | int | float | None = None, **look: Any) -> None:
        """One cell of the table: text always as text, numbers as numbers, nothing as a blank with its look."""
        col, fmt = self.column[column] - 1, self.style(**look)
        if value is None:
            self.sheet.write_blank(row - 1, col, None, fmt)
        elif isinstance(value, str):
            self.sheet.write_string(row - 1, col, value, fmt)
        else:
            self.sheet.write_number(row - 1, col, value, fmt)

    def merge(self, row: int, first: int, last: int, text: str, **look: Any) -> None:
        """`text` across columns `first`..`last` of `row`, every cell of the range with the same look."""
        fmt = self.style(**look)
        self.sheet.merge_range(row - 1, first - 1, row - 1, last - 1, "", fmt)
        self.sheet.write_string(row - 1, first - 1, text, fmt)

    def height(self, row: int, points: float) -> None:
        self.sheet.set_row(row - 1, points)

    def line(self, text: str, *, bold: bool = False, italic: bool = False, size: int = FONT_SIZE,
             align: str = "center", lines: int = 1) -> int:
        """A line of text across the whole table width."""
        self.row += 1
        self.merge(self.row, 1, len(self.headers), text, bold=bold, italic=italic, size=size, align=align)
        self.height(self.row, _LINE_POINTS * lines * size / FONT_SIZE + 4)
        return self.row

    # -- parts -------------------------------------------------------------------------------

    def heading(self, block: Block, unit: Unit) -> None:
        info = block.info
        self.line(parent_body(info.province))
        self.line(info.block_name.upper(), bold=True, lines=_lines(info.block_name, self._table_width()))
        self.row += 1
        self.line(f"BẢNG CHẤM ĐIỂM THI ĐUA NĂM {info.year}", bold=True, size=14)
        self.line(f"Đơn vị: {unit.name}", bold=True, lines=_lines(f"Đơn vị: {unit.name}", self._table_width()))
        told = INSTRUCTIONS
        if any(c.method is not None for c in block.criteria):
            told += " " + FORMULA_INSTRUCTIONS
        self.line(told, italic=True, size=11, align="left", lines=_lines(told, self._table_width() * FONT_SIZE / 11))
        self.row += 1

    def header(self) -> int:
        self.row += 1
        for name in self.headers:
            self.cell(self.row, name, name, bold=True, align="center", border=True, fill=_HEADER_FILL)
        self.height(self.row, _LINE_POINTS * 2 + 4)
        return self.row

    def criteria(self, criteria: tuple[Criterion, ...]) -> None:
        group = None
        for number, criterion in enumerate(criteria, start=1):
            if criterion.group and criterion.group != group:
                self.row += 1
                self.merge(self.row, 1, self.column["Điểm tối đa"], criterion.group, bold=True, border=True,
                           fill=_GROUP_FILL)
                for name in self.headers[4:]:
                    self.cell(self.row, name, border=True, fill=_GROUP_FILL)
                width = sum(self.widths[h] for h in self.headers[:4])
                self.height(self.row, _LINE_POINTS * _lines(criterion.group, width) + 4)
            group = criterion.group or group
            self.row += 1
            self.criterion_rows.append((self.row, criterion))
            text = _criterion_text(criterion)
            self.cell(self.row, "STT", number, align="center", border=True)
            self.cell(self.row, CODE, criterion.code, align="center", border=True)
            self.cell(self.row, "Nội dung", text, border=True)
            self.cell(self.row, "Điểm tối đa", _number(criterion.max_points), align="center", border=True)
            self.height(self.row, _LINE_POINTS * _lines(text, self.widths["Nội dung"]) + 4)
            if criterion.method is not None or PLAN in self.column:
                self.scored_by_formula(self.row, criterion)
                continue
            for name in (SELF, BLOCK, NOTE):
                self.cell(self.row, name, align="center" if name != NOTE else "left", border=True, locked=False)
            self.sheet.data_validation(self.row - 1, self.column[SELF] - 1, self.row - 1, self.column[BLOCK] - 1,
                                       _score_rule(criterion))

    def scored_by_formula(self, row: int, criterion: Criterion) -> None:
        """A row of a form with `Kế hoạch` and `Thực hiện`, or of a criterion scored by formula or
        grade: the figures typed for `Tỷ lệ`, the score computed by Excel (and again by the tool); a
        grade A-D chosen from a list for `Xếp loại`; other rows typed as usual."""
        method = criterion.method
        ratio = method in (Method.RATIO, Method.REVERSE)
        for name in (PLAN, ACTUAL):
            if name in self.column:
                self.cell(row, name, align="center", border=True, locked=not ratio,
                          fill=None if ratio else _FORMULA_FILL)
        if ratio:
            self.sheet.data_validation(row - 1, self.column[PLAN] - 1, row - 1, self.column[PLAN] - 1,
                                       _figure_rule(criterion, PLAN))
            self.sheet.data_validation(row - 1, self.column[ACTUAL] - 1, row - 1, self.column[ACTUAL] - 1,
                                       _figure_rule(criterion, ACTUAL))
            look = self.style(align="center", border=True, fill=_FORMULA_FILL)
            for name in (SELF, BLOCK):
                # no cached result: Excel shows it on opening; the tool works the score out itself
                self.sheet.write_formula(row - 1, self.column[name] - 1, self._ratio_formula(row, method), look, "")
        else:
            for name in (SELF, BLOCK):
                self.cell(row, name, align="center", border=True, locked=False)
            rule = _grade_rule(criterion) if method is Method.GRADE else _score_rule(criterion)
            self.sheet.data_validation(row - 1, self.column[SELF] - 1, row - 1, self.column[BLOCK] - 1, rule)
        self.cell(row, NOTE, align="left", border=True, locked=False)

    def _ratio_formula(self, row: int, method: Method | None) -> str:
        top, plan, actual = (f"{self._letter(name)}{row}" for name in ("Điểm tối đa", PLAN, ACTUAL))
        score = (f"IF({actual}=0,{top},MIN({top},{plan}/{actual}*{top}))" if method is Method.REVERSE
                 else f"MIN({top},{actual}/{plan}*{top})")
        return f'=IF(AND(ISNUMBER({plan}),{plan}>0,ISNUMBER({actual})),{score},"")'


    def total(self) -> None:
        self.row += 1
        total = {"bold": True, "align": "center", "border": True}
        self.merge(self.row, 1, self.column["Điểm tối đa"], "Tổng cộng", **total)
        for name in (SELF, BLOCK):
            # no cached result: Excel computes it on opening, and the reader sees no stated total
            self.sheet.write_formula(self.row - 1, self.column[name] - 1, self._sum_formula(name),
                                     self.style(**total), "")
        self.cell(self.row, NOTE, **total)
        for name in (PLAN, ACTUAL):
            if name in self.column:  # no sum of plans and actuals: only the table's border
                self.cell(self.row, name, **total)
        self.height(self.row, _LINE_POINTS + 6)

    def signatures(self, unit: Unit) -> None:
        self.row += 2
        left = (1, self.column["Nội dung"])
        right = (self.column["Điểm tối đa"], len(self.headers))
        for offset, (left_text, right_text, bold, italic) in enumerate((
            ("NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ", True, False),
            ("(Ký, ghi rõ họ tên)", "(Ký tên, đóng dấu)", False, True),
        )):
            for (first, last), text in ((left, left_text), (right, right_text)):
                self.merge(self.row + offset, first, last, text, bold=bold, italic=italic, align="center")
        self.row += 5
        self.merge(self.row, *right, unit.head, bold=True, align="center")

    def finish(self, header_row: int) -> None:
        sheet = self.sheet
        for name, index in self.column.items():
            # the width as Excel stores it (n widths of a `0` of 7 pixels): set_column would add
            # Excel's 5 pixels of cell padding to each column and shrink the printed page
            sheet.set_column_pixels(index - 1, index - 1, self.widths[name] * _DIGIT_PIXELS)
        sheet.freeze_panes(header_row, 0)
        sheet.set_selection(header_row, self.column[SELF] - 1, header_row, self.column[SELF] - 1)
        # Protected with no password: it keeps the table whole by accident, not against intent.
        # Columns and rows may still be resized; objects and scenarios (there are none) are left open.
        sheet.protect("", {"format_columns": True, "format_rows": True, "objects": True, "scenarios": True})
        sheet.set_paper(9)  # A4
        sheet.set_portrait()
        sheet.fit_to_pages(1, 0)  # one page wide, as many down as the criteria need
        sheet.center_horizontally()
        sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        sheet.repeat_rows(header_row - 1)
        sheet.print_area(0, 0, self.row - 1, len(self.headers) - 1)

    # -- helpers -----------------------------------------------------------------------------

    def _letter(self, column: str) -> str:
        return xl_col_to_name(self.column[column] - 1)

    def _table_width(self) -> int:
        return sum(self.widths[name] for name in self.headers)

    def _sum_formula(self, column: str) -> str:
        letter = self._letter(column)
        added = [row for row, c in self.criterion_rows if c.kind is not Kind.PENALTY]
        taken = [row for row, c in self.criterion_rows if c.kind is Kind.PENALTY]
        formula = f"=SUM({_ranges(letter, added)})" if added else "=0"
        if taken:
            formula += f"-SUM({_ranges(letter, taken)})"
        top = self._letter("Điểm tối đa")
        for row, criterion in self.criterion_rows:
            if criterion.method is Method.GRADE:  # a grade is text to SUM: add its worth
                worth = "0"
                for grade, share in reversed(list(zip(GRADES, criterion.grade_shares))):
                    worth = f'IF({letter}{row}="{grade}",{top}{row}*{share.normalize():f},{worth})'
                formula += f"+{worth}"
        return formula


def _score_rule(criterion: Criterion) -> dict[str, Any]:
    """A decimal from 0 to the criterion's maximum, saying so on entry and on a wrong value."""
    shown = format_number(criterion.max_points)
    return {
        "validate": "decimal",
        "criteria": "between",
        "minimum": 0,
        "maximum": f"{criterion.max_points.normalize():f}",  # the exact decimal, as khoi.xlsx states it
        "ignore_blank": True,
        "show_input": True,
        "show_error": True,
        "error_type": "stop",
        "error_title": "Điểm không hợp lệ",
        "error_message": _clip(f"Tiêu chí {criterion.code}: chỉ nhập số từ 0 đến {shown} (điểm tối đa).", 255),
        "input_title": _clip(f"Tiêu chí {criterion.code}", 32),
        "input_message": _clip(f"Nhập số từ 0 đến {shown}.", 255),
    }


def _figure_rule(criterion: Criterion, column: str) -> dict[str, Any]:
    """`Kế hoạch` above 0, `Thực hiện` from 0: a number, said on entry and on a wrong value."""
    plan = column == PLAN
    what = "số lớn hơn 0" if plan else "số từ 0 trở lên"
    method = criterion.method.value if criterion.method else ""
    return {
        "validate": "decimal", "criteria": ">" if plan else ">=", "value": 0, "ignore_blank": True,
        "show_input": True, "show_error": True, "error_type": "stop", "error_title": "Số không hợp lệ",
        "error_message": _clip(f"Tiêu chí {criterion.code}: {column} là {what}.", 255),
        "input_title": _clip(f"{column} - tiêu chí {criterion.code}", 32),
        "input_message": _clip(f"Nhập {what}; điểm tính theo {method}.", 255),
    }


def _grade_rule(criterion: Criterion) -> dict[str, Any]:
    """A grade A-D from a list, with what each is worth."""
    worth = ", ".join(f"{g} = {percent_text(s)}" for g, s in zip(GRADES, criterion.grade_shares))
    return {
        "validate": "list", "source": list(GRADES), "ignore_blank": True,
        "show_input": True, "show_error": True, "error_type": "stop", "error_title": "Xếp loại không hợp lệ",
        "error_message": _clip(f"Tiêu chí {criterion.code}: chỉ ghi A, B, C hoặc D.", 255),
        "input_title": _clip(f"Xếp loại - tiêu chí {criterion.code}", 32),
        "input_message": _clip(f"Ghi A, B, C hoặc D ({worth} điểm tối đa).", 255),
    }


def _clip(text: str, units: int) -> str:
    """`text` cut to Excel's limit for a validation's title or message, counted in UTF-16 units
    (as Excel counts, and XlsxWriter checks: a longer one would be dropped with the rule)."""
    return text.encode("utf-16-le")[: 2 * units].decode("utf-16-le", "ignore")


def _criterion_text(criterion: Criterion) -> str:
    """The criterion's text, saying how a bonus or penalty counts unless the text already does."""
    text = criterion.text
    if criterion.kind is Kind.BONUS and "thưởng" not in key(text):
        return f"{text} (điểm thưởng, cộng vào tổng)"
    if criterion.kind is Kind.PENALTY and "trừ" not in key(text):
        return f"{text} (điểm trừ, trừ vào tổng)"
    return text


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _ranges(letter: str, rows: list[int]) -> str:
    """`E8:E11,E13,E15:E16` for rows 8-11, 13, 15-16."""
    parts: list[str] = []
    start = previous = rows[0]
    for row in rows[1:] + [0]:
        if row == previous + 1:
            previous = row
            continue
        parts.append(f"{letter}{start}:{letter}{previous}" if previous > start else f"{letter}{start}")
        start = previous = row
    return ",".join(parts)


def _lines(text: str, width: float) -> int:
    """How many lines `text` wraps to in a column `width` wide (a fair guess: Excel's column unit is
    the width of a `0` in Calibri 11, wider than the average letter of Times New Roman 12)."""
    return max(1, math.ceil(len(text) / max(1.0, width * 1.15 - 2)))


__all__ = ["HEADERS", "SHEET_NAME", "form_headers", "score_form"]
