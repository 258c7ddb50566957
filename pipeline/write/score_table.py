"""`bang_diem_<year>.xlsx`: the ranked score table, for staff to re-use in Excel."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

from ..model import BlockResult, Kind
from ..documents.render import normalize_zip
from ..text import column_letter

HEADERS = ["Hạng", "Mã", "Tên đơn vị", "Tự chấm", "Điểm chấm", "Điểm thưởng", "Điểm trừ", "Tổng điểm",
           "Đề nghị khen thưởng", "Không đủ điều kiện"]


def score_table(result: BlockResult) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    block = result.block
    book = Workbook()
    sheet = book.active
    sheet.title = "BangDiem"
    codes = [c.code for c in block.criteria]
    headers = HEADERS + [f"{c.code} ({_kind_label(c.kind)})" if c.kind is not Kind.SCORED else c.code
                         for c in block.criteria]
    sheet.append(headers)
    for row in result.ranked:
        scores = {line.criterion: line.block_score for line in row.sheet.lines} if row.sheet else {}
        values: list[Any] = [row.rank, row.unit.code, row.unit.name, row.self_total, row.block.scored,
                             row.block.bonus, row.block.penalty, row.total, row.award or "", row.unit.barred_reason]
        sheet.append(values + [scores.get(code) for code in codes])
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # a name like "=ABC" is text, never a formula
            if isinstance(cell.value, str):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [6, 10, 42, 10, 10, 10, 10, 10, 34, 34] + [9] * len(codes)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[column_letter(index - 1)].width = width
    sheet.freeze_panes = "D2"
    stamp = dt.datetime.combine(block.info.conference_date, dt.time())
    book.properties.created = stamp
    book.properties.modified = stamp
    book.properties.creator = block.info.block_name
    buffer = BytesIO()
    book.save(buffer)
    title = f"Bảng điểm thi đua năm {block.info.year}"
    return normalize_zip(buffer.getvalue(), block.info.conference_date, title, block.info.block_name)


def _kind_label(kind: Kind) -> str:
    return kind.value.lower()
