"""What `make new-year` leaves for staff to write in next year's `khoi.xlsx`, and finding it again.

Next year's tasks (`NhiemVu`) and narrative (`TongKet`) are the staff's to write: new-year keeps
last year's tasks under a marker row that says so (most tasks come back, reworded) and leaves
`TongKet` with a marker row only. A marker must never reach a document: the pledge would be
signed with last year's tasks, or the report would print a note to the clerk. So a marker still
in place is an error for a run and for `make check`, at its cell, until staff delete the row.
"""

from __future__ import annotations

from ..problems import Problem, problem
from ..text import cell_name, clean, key
from .workbook import Workbook

TASKS_SHEET = "NhiemVu"
REVIEW_SHEET = "TongKet"
_TASKS_START = "(Ghi nhiệm vụ năm"
_REVIEW_START = "(Ghi tổng kết năm"


def tasks_marker(pledge_year: int) -> str:
    """The first row of `NhiemVu` in the `khoi.xlsx` of `pledge_year - 1`, above last year's tasks."""
    return (f"{_TASKS_START} {pledge_year} vào sheet này, mỗi nhiệm vụ một dòng, rồi xóa dòng này. "
            f"Các dòng dưới là nhiệm vụ năm {pledge_year - 1} chép từ năm trước: sửa hoặc xóa cho đúng năm "
            f"{pledge_year}.)")


def review_marker(year: int) -> tuple[str, str]:
    """The row (`Mục`, `Nội dung`) that stands in `TongKet` of the `khoi.xlsx` of `year`."""
    return (f"{_REVIEW_START} {year})",
            f"(Ghi nội dung báo cáo tổng kết năm {year}: tên mục ở cột Mục, mỗi đoạn một dòng ở cột Nội dung, "
            "rồi xóa dòng này.)")


def is_marker(value: object) -> bool:
    return isinstance(value, str) and key(value).startswith((key(_TASKS_START), key(_REVIEW_START)))


def marker_problems(book: Workbook, year: int) -> list[Problem]:
    """One error per marker row left in `NhiemVu` or `TongKet` of `year`'s `khoi.xlsx`, at its
    first marker cell."""
    found = []
    for name, what in ((TASKS_SHEET, f"nhiệm vụ năm {year + 1}"), (REVIEW_SHEET, f"tổng kết năm {year}")):
        sheet = book.sheet(key(name))
        if sheet is None:
            continue
        for index, cells in enumerate(sheet.rows):
            col = next((col for col, value in enumerate(cells) if is_marker(value)), None)
            if col is not None:
                first, _, rest = clean(cells[col]).partition(". ")  # its first sentence says it all
                shown = f"{first}. ...)" if rest else first
                found.append(problem("new_year_marker", file=book.rel, sheet=sheet.name, cell=cell_name(index, col),
                                     value=shown if len(shown) <= 100 else shown[:97] + "...", what=what))
    return found


__all__ = ["TASKS_SHEET", "REVIEW_SHEET", "is_marker", "marker_problems", "review_marker", "tasks_marker"]
