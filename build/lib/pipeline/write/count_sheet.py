"""`kiem_phieu_<year>.xlsx`: the review meeting's count sheet, a `BoPhieu` sheet as SPEC §2.1 lays
it out, with every candidate listed and the vote cells empty, for staff to fill after the vote
and drop into the block folder. Written with XlsxWriter (a workbook written once, with formats
and data validation); text is never taken for a formula."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from ..documents.ballot_paper import voted_forms
from ..model import BlockResult
from ..rules.awards import candidates

SHEET = "BoPhieu"
UNIT_COLUMN = "Đơn vị"


def count_sheet(result: BlockResult) -> bytes:
    import xlsxwriter

    block, info = result.block, result.block.info
    members = len(block.units)
    forms = voted_forms(result)
    standing = {form.name: {r.unit.code for r in candidates(form, result.ranked)} for form in forms}
    rows = [r for r in result.ranked if any(r.unit.code in codes for codes in standing.values())]
    buffer = BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_numbers": False, "strings_to_urls": False})
    when = dt.datetime.combine(info.conference_date, dt.time())
    book.set_properties({"title": f"Kiểm phiếu bình xét thi đua năm {info.year}", "author": info.block_name,
                         "created": when})
    sheet = book.add_worksheet(SHEET)
    header = book.add_format({"bold": True, "text_wrap": True, "align": "center", "valign": "vcenter",
                              "border": 1, "bg_color": "#DDEBF7", "font_name": "Times New Roman", "font_size": 12})
    name = book.add_format({"border": 1, "text_wrap": True, "valign": "vcenter", "font_name": "Times New Roman",
                            "font_size": 12})
    vote = book.add_format({"border": 1, "align": "center", "valign": "vcenter", "locked": False,
                            "font_name": "Times New Roman", "font_size": 12})
    closed = book.add_format({"border": 1, "bg_color": "#D9D9D9"})
    sheet.write_string(0, 0, UNIT_COLUMN, header)
    for col, form in enumerate(forms, start=1):
        sheet.write_string(0, col, form.name, header)
    for row, result_row in enumerate(rows, start=1):
        sheet.write_string(row, 0, result_row.unit.name, name)
        for col, form in enumerate(forms, start=1):
            if result_row.unit.code in standing[form.name]:
                sheet.write_blank(row, col, None, vote)
                sheet.data_validation(row, col, row, col, {
                    "validate": "integer", "criteria": "between", "minimum": 0, "maximum": members,
                    "input_title": "Số phiếu đồng ý"[:32],
                    "input_message": f"Số phiếu đồng ý (0 đến {members})",
                    "error_title": "Số phiếu không hợp lệ",
                    "error_message": f"Chỉ nhập số nguyên từ 0 đến {members} (số đơn vị thành viên).",
                })
            else:
                sheet.write_blank(row, col, None, closed)  # not a candidate for this form: left blank
    sheet.set_row(0, 48)
    sheet.set_column(0, 0, 48)
    sheet.set_column(1, max(1, len(forms)), 24)
    sheet.freeze_panes(1, 1)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    book.close()
    return buffer.getvalue()  # XlsxWriter dates its entries 1980-01-01 and its properties `created`
