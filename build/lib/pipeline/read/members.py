"""Sheet `ThanhVien` of `khoi.xlsx`: one row per member unit (SPEC §2.1)."""

from __future__ import annotations

from typing import Any

from ..model import Unit
from ..problems import Problem, problem, warning
from ..text import cell_name, clean, clean_name, code_text, is_blank, key, legacy_text, parse_number, shown
from .info import person_text
from .sheets import Row, read_table, require_filled
from .workbook import Workbook


def read_members(book: Workbook, sheet: Any, problems: list[Problem]) -> tuple[list[Unit], bool]:
    """The members, and whether every row of the sheet gave one (with a code and a name)."""
    rows, found = read_table(
        book, sheet, ["Mã", "Tên đơn vị", "Thủ trưởng", "Chức vụ"], ["Không đủ điều kiện", "Ưu tiên", "Dự họp"]
    )
    problems += found
    units: list[Unit] = []
    all_known = bool(rows)  # (the problems that come with rows are about single cells)
    seen_codes: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    for row in rows:
        where = dict(file=book.rel, sheet=sheet.name)
        require_filled(book, sheet, row, ["Mã", "Tên đơn vị", "Thủ trưởng", "Chức vụ"], problems)
        code, name = code_text(row.values["Mã"]), clean_name(row.values["Tên đơn vị"])
        # A member with a blank head or a repeated name is still a member other cells may name
        # (the errors stop the run anyway); one whose code repeats another's is not.
        known = bool(code and name)
        for value, seen, code_name, column in (
            (code, seen_codes, "duplicate_code", "Mã"),
            (name, seen_names, "duplicate_name", "Tên đơn vị"),
        ):
            if value and key(value) in seen:
                problems.append(
                    problem(code_name, **where, cell=row.cell(column), value=value, other_row=seen[key(value)])
                )
                known = known and code_name != "duplicate_code"
                all_known = False  # which member a score sheet names would be a guess
            elif value:
                seen[key(value)] = row.excel_row
        for column in ("Tên đơn vị", "Thủ trưởng", "Chức vụ"):
            text = clean_name(row.values[column])
            if legacy_text(text):
                problems.append(warning("mojibake", **where, cell=row.cell(column), value=text))
        priority = _priority(book, sheet, row, problems)
        all_known = all_known and known
        if known:
            units.append(
                Unit(
                    code=code,
                    name=name,
                    head=clean_name(row.values["Thủ trưởng"]),
                    title=clean_name(row.values["Chức vụ"]),
                    order=len(units),
                    barred_reason=_barred_reason(row, where, problems),
                    priority=priority,
                    row=row.excel_row,
                    priority_cell=row.cell("Ưu tiên") if "Ưu tiên" in row.columns else "",
                    attendance=_attendance(row, where, problems),
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
    raw = row.values.get("Không đủ điều kiện", "")
    if "Không đủ điều kiện" not in row.columns or is_blank(raw) or raw is False or raw == 0:
        return ""
    if not isinstance(raw, str):
        problems.append(problem("barred_not_text", **where, cell=row.cell("Không đủ điều kiện"), value=shown(raw)))
        return ""
    return clean(raw)


def _priority(book: Workbook, sheet: Any, row: Row, problems: list[Problem]) -> int | None:
    raw = row.values.get("Ưu tiên", "")
    if "Ưu tiên" not in row.columns or is_blank(raw):
        return None
    number = parse_number(raw)
    if number is None or number != number.to_integral_value() or number < 1:
        problems.append(
            problem("bad_priority", file=book.rel, sheet=sheet.name, cell=row.cell("Ưu tiên"), value=shown(raw))
        )
        return None
    return int(number)
