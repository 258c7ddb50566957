"""The members' award history, sheet `LichSu` (SPEC §2.1): one row per decided title or form.

It stands in `khoi.xlsx`, in a workbook of its own in the block folder, or in
`<input>/lich_su_khen_thuong.xlsx` for every block and year. There a unit's rows follow it by code
or name whatever block it is in now; rows of units of other blocks and of later years (a run for
an earlier year) are left out, not faults.
"""

from __future__ import annotations

import datetime as dt
from typing import Sequence

from ..model import Honour, HonourKind, Unit
from ..problems import Problem, problem, warning
from ..text import key
from .sheets import Row, read_table
from .units import named_unit
from .values import BLANK
from .workbook import Sheet, Workbook

HISTORY_SHEET = "LichSu"
SHARED_HISTORY = "lich_su_khen_thuong.xlsx"  # in the input folder, beside the year folders
REQUIRED = ["Năm", "Đơn vị", "Loại", "Tên"]
OPTIONAL = ["Số quyết định", "Ngày", "Cơ quan ban hành"]
_KINDS = {key(k.value): k for k in HonourKind} | {
    key("Danh hiệu thi đua"): HonourKind.TITLE, key("Hình thức khen thưởng"): HonourKind.FORM}
_FIRST_YEAR = 1945  # the first emulation titles; an earlier year is a typo


def history_sheet(book: Workbook) -> Sheet | None:
    return book.sheet(key(HISTORY_SHEET))


def read_history(
    book: Workbook, sheet: Sheet, units: Sequence[Unit], year: int, *, shared_until: int | None = None
) -> tuple[list[Honour], list[Problem]]:
    """The rows of `sheet` for the block's members, up to `year`. In the block's own files a row
    for a later year is an error and a unit that is no member a warning. With `shared_until` (the
    province's file, read by every block), rows of other units are not this block's, and rows of
    later years than `year` are left out unless they lie beyond `shared_until`, the last year
    folder of the input: then they are a typo."""
    rows, problems = read_table(book, sheet, REQUIRED, OPTIONAL, may_be_blank=tuple(OPTIONAL))
    where = dict(file=book.rel, sheet=sheet.name)
    honours: list[Honour] = []
    for row in rows:
        unit_text = row.values["Đơn vị"].code
        named = named_unit(units, unit_text, explain=shared_until is None)
        unit = named.unit
        if unit is None and shared_until is not None:
            continue  # another block's unit (or no unit: told by the block that owns the row, if any)
        found: list[Problem] = list(row.problems)
        if unit is None and unit_text:
            found.append(warning("history_unit_not_member", **where, cell=row.cell("Đơn vị"), value=unit_text,
                                 hint=named.hint))
        honour_year = _year(row, where, year, shared_until, found)
        kind_cell = row.values["Loại"]
        kind = _KINDS.get(kind_cell.key) if not kind_cell.blank else None
        if kind is None and not kind_cell.blank:
            found.append(problem("history_bad_kind", **where, cell=row.cell("Loại"), value=kind_cell.shown))
        date = _date(row, where, found)
        problems += found
        name = row.values["Tên"].shown
        issuer = row.values.get("Cơ quan ban hành", BLANK)
        for column, text, legacy in (("Tên", name, row.values["Tên"].legacy), ("Cơ quan ban hành", issuer.text, issuer.legacy)):
            if legacy:
                problems.append(warning("mojibake", **where, cell=row.cell(column), value=text))
        if unit is None or kind is None or honour_year is None or not name or any(p.severity == "error" for p in found):
            continue
        if honour_year > year:  # a later year of the province's file
            continue
        decision = row.values.get("Số quyết định", BLANK).code
        honours.append(Honour(honour_year, unit.code, kind, name, decision, date, issuer.line,
                              source=f"{book.rel} › {sheet.name} › dòng {row.excel_row}"))
    return honours, problems


def _year(row: Row, where: dict[str, str], year: int, shared_until: int | None, found: list[Problem]) -> int | None:
    cell = row.values["Năm"]
    if cell.blank:
        return None
    number = cell.number if not isinstance(cell.raw, (bool, dt.date)) else None
    if number is None or number != number.to_integral_value() or not _FIRST_YEAR <= number <= 2200:
        found.append(problem("history_bad_year", **where, cell=row.cell("Năm"), value=cell.shown))
        return None
    value = int(number)
    if shared_until is None and value > year:
        found.append(problem("history_year_after", **where, cell=row.cell("Năm"), value=value, year=year))
        return None
    if shared_until is not None and value > shared_until:
        found.append(problem("history_year_beyond", **where, cell=row.cell("Năm"), value=value, year=shared_until))
        return None
    return value


def _date(row: Row, where: dict[str, str], found: list[Problem]) -> dt.date | None:
    cell = row.values.get("Ngày", BLANK)
    if cell.blank:
        return None
    date = cell.date if not isinstance(cell.raw, bool) else None
    if date is None:
        found.append(problem("history_bad_date", **where, cell=row.cell("Ngày"), value=cell.shown))
    return date


def merged(*groups: Sequence[Honour]) -> tuple[Honour, ...]:
    """Every source's rows, a row given twice (in khoi.xlsx and the province's file) once, by year,
    then decision date, titles before forms."""
    seen: dict[tuple[object, ...], Honour] = {}
    for honours in groups:
        for honour in honours:
            seen.setdefault((honour.year, honour.unit_code, honour.kind, key(honour.name), key(honour.decision)), honour)
    order = {HonourKind.TITLE: 0, HonourKind.FORM: 1}
    return tuple(sorted(seen.values(), key=lambda h: (h.year, h.date or dt.date.min, order[h.kind])))
