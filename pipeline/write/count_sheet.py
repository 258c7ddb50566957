"""`kiem_phieu_<year>.xlsx`: the review meeting's count sheet, a `BoPhieu` sheet as SPEC §2.1 lays
it out, with every candidate listed and the vote cells empty, under a title block and the cells of
the ballot counts, for staff to fill after the vote and drop into the block folder. Written with
XlsxWriter (a workbook written once, with formats and data validation); text is never taken for a
formula."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from ..documents.ballot_paper import voted_forms
from ..documents.context import parent_body
from ..model import BlockResult
from ..read.ballot import UNIT_COLUMN
from ..read.meeting import COUNT_LABELS
from ..rules.awards import candidates
from .xlsx import new_workbook

SHEET = "BoPhieu"
FIRST_COUNT_ROW = 6  # 0-based: the three labelled ballot counts, below the title block
HEADER_ROW = FIRST_COUNT_ROW + len(COUNT_LABELS) + 1  # 0-based: the table's header, after a blank row
_FONT = {"font_name": "Times New Roman", "font_size": 12}


def count_sheet(result: BlockResult) -> bytes:
    """The sheet: a title block (the province's parent body, the block, the year, the leading unit
    that issues it), three labelled cells for the ballots issued, returned and valid (the run reads
    them, as it would the same labels in `ThongTin`), then the candidates' table with borders."""

    block, info = result.block, result.block.info
    members = len(block.units)
    forms = voted_forms(result)
    standing = {form.name: {r.unit.code for r in candidates(form, result.ranked)} for form in forms}
    rows = [r for r in result.ranked if any(r.unit.code in codes for codes in standing.values())]
    units = {u.code: u for u in block.units}
    buffer = BytesIO()
    book = new_workbook(buffer)
    when = dt.datetime.combine(info.conference_date, dt.time())
    book.set_properties({"title": f"Kiểm phiếu bình xét thi đua năm {info.year}", "author": info.block_name,
                         "created": when})
    sheet = book.add_worksheet(SHEET)
    last = max(1, len(forms))
    plain = book.add_format(_FONT)
    bold = book.add_format(_FONT | {"bold": True})
    title = book.add_format(_FONT | {"bold": True, "font_size": 14, "align": "center"})
    subtitle = book.add_format(_FONT | {"italic": True, "align": "center", "text_wrap": True})
    label = book.add_format(_FONT | {"bold": True, "border": 1, "valign": "vcenter"})
    header = book.add_format(_FONT | {"bold": True, "text_wrap": True, "align": "center", "valign": "vcenter",
                                      "border": 1, "bg_color": "#DDEBF7"})
    name = book.add_format(_FONT | {"border": 1, "text_wrap": True, "valign": "vcenter"})
    vote = book.add_format(_FONT | {"border": 1, "align": "center", "valign": "vcenter", "locked": False})
    closed = book.add_format({"border": 1, "bg_color": "#D9D9D9"})
    leader = units[info.leader]
    sheet.write_string(0, 0, parent_body(info.province), plain)
    sheet.write_string(1, 0, info.block_name.upper(), bold)
    sheet.write_string(2, 0, f"Trưởng khối năm {info.year}: {leader.name}", plain)
    sheet.merge_range(3, 0, 3, last, "BẢNG KIỂM PHIẾU", title)
    sheet.merge_range(4, 0, 4, last, f"Bình xét thi đua, khen thưởng năm {info.year} - hội nghị ngày "
                                     f"{info.conference_date.strftime('%d/%m/%Y')}", subtitle)
    limits = {"validate": "integer", "criteria": "between", "minimum": 0, "maximum": members,
              "error_title": "Số phiếu không hợp lệ",
              "error_message": f"Chỉ nhập số nguyên từ 0 đến {members} (số đơn vị thành viên)."}
    for offset, text in enumerate(COUNT_LABELS):
        row = FIRST_COUNT_ROW + offset
        sheet.set_row(row, 22)  # room to write a number by hand on the printed sheet
        sheet.write_string(row, 0, text, label)
        sheet.write_blank(row, 1, None, vote)
        sheet.data_validation(row, 1, row, 1, limits | {"input_title": text[:32],
                                                        "input_message": f"{text} (0 đến {members})"})
    sheet.write_string(HEADER_ROW, 0, UNIT_COLUMN, header)
    for col, form in enumerate(forms, start=1):
        sheet.write_string(HEADER_ROW, col, form.name, header)
    for row, result_row in enumerate(rows, start=HEADER_ROW + 1):
        sheet.set_row(row, 24)
        sheet.write_string(row, 0, result_row.unit.name, name)
        for col, form in enumerate(forms, start=1):
            if result_row.unit.code in standing[form.name]:
                sheet.write_blank(row, col, None, vote)
                sheet.data_validation(row, col, row, col, limits | {
                    "input_title": "Số phiếu đồng ý", "input_message": f"Số phiếu đồng ý (0 đến {members})"})
            else:
                sheet.write_blank(row, col, None, closed)  # not a candidate for this form: left blank
    sheet.set_row(HEADER_ROW, 48)
    sheet.set_column(0, 0, 48)
    sheet.set_column(1, last, 24)
    sheet.freeze_panes(HEADER_ROW + 1, 1)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(HEADER_ROW)
    sheet.set_footer("&C&\"Times New Roman\"&10Trang &P/&N")
    book.close()
    return buffer.getvalue()  # XlsxWriter dates its entries 1980-01-01 and its properties `created`
