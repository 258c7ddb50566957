"""Sheet `ThanhVien` of `khoi.xlsx`: one row per member unit (SPEC §2.1)."""

from __future__ import annotations

from typing import Any

from ..model import Unit
from ..problems import Problem, problem, warning
from ..text import cell_name
from .info import person_text
from .particulars import PARTICULARS, read_particulars
from .sheets import Row, read_table
from .values import BLANK
from .women import WOMEN_COLUMN, women_shares
from .workbook import Workbook


def read_members(book: Workbook, sheet: Any, problems: list[Problem]) -> tuple[list[Unit], bool]:
    """The members, and whether every row of the sheet gave one (with a code and a name)."""
    rows, found = read_table(
        book, sheet, ["Mã", "Tên đơn vị", "Thủ trưởng", "Chức vụ"],
        ["Không đủ điều kiện", "Ưu tiên", "Dự họp", WOMEN_COLUMN, *PARTICULARS],
        unique={"Mã": "duplicate_code", "Tên đơn vị": "duplicate_name"}, percent=(WOMEN_COLUMN,),
    )  # each blank required cell and each repeated code or name comes as its row's problem
    problems += found
    women = women_shares(book, sheet, rows, problems)
    units: list[Unit] = []
    all_known = bool(rows)  # (the problems that come with rows are about single cells)
    for row in rows:
        where = dict(file=book.rel, sheet=sheet.name)
        problems += row.problems
        code, name = row.values["Mã"].code, row.values["Tên đơn vị"].name
        # A member with a blank head or a repeated name is still a member other cells may name
        # (the errors stop the run anyway); one whose code repeats another's is not.
        known = bool(code and name) and "Mã" not in row.repeats
        if row.repeats:
            all_known = False  # which member a score sheet names would be a guess
        for column in ("Tên đơn vị", "Thủ trưởng", "Chức vụ"):
            if row.values[column].legacy:
                problems.append(warning("mojibake", **where, cell=row.cell(column), value=row.values[column].name))
        priority = _priority(book, sheet, row, problems)
        all_known = all_known and known
        if known:
            units.append(
                Unit(
                    code=code,
                    name=name,
                    head=row.values["Thủ trưởng"].name,
                    title=row.values["Chức vụ"].name,
                    order=len(units),
                    barred_reason=_barred_reason(row, where, problems),
                    priority=priority,
                    row=row.excel_row,
                    priority_cell=row.cell("Ưu tiên") if "Ưu tiên" in row.columns else "",
                    attendance=_attendance(row, where, problems),
                    women_share=women.get(row.index),
                    particulars=read_particulars(row, where, problems),
                )
            )
    if not rows and not found:
        problems.append(problem("no_members", file=book.rel, sheet=sheet.name))
    elif units and all(u.absent for u in units):  # the minutes would record a meeting of nobody
        problems.append(problem("nobody_attended", file=book.rel, sheet=sheet.name, cell=cell_name(0, rows[0].columns["Dự họp"])))
    return units, all_known


def _attendance(row: Row, where: dict[str, str], problems: list[Problem]) -> str:
    if "Dự họp" not in row.columns:
        return ""
    return person_text(row.values["Dự họp"], "Dự họp", dict(where, cell=row.cell("Dự họp")), problems)


def _barred_reason(row: Row, where: dict[str, str], problems: list[Problem]) -> str:
    """The reason a member is barred: text. FALSE or 0 (a checkbox habit) means not barred."""
    value = row.values.get("Không đủ điều kiện", BLANK)
    if value.blank or value.raw is False or value.raw == 0:
        return ""
    if not isinstance(value.raw, str):
        problems.append(problem("barred_not_text", **where, cell=row.cell("Không đủ điều kiện"), value=value.shown))
        return ""
    return value.text


def _priority(book: Workbook, sheet: Any, row: Row, problems: list[Problem]) -> int | None:
    value = row.values.get("Ưu tiên", BLANK)
    if value.blank:
        return None
    number = value.number
    if number is None or number != number.to_integral_value() or number < 1:
        problems.append(
            problem("bad_priority", file=book.rel, sheet=sheet.name, cell=row.cell("Ưu tiên"), value=value.shown)
        )
        return None
    return int(number)
