"""Where a score sheet's parts stand, from its cells alone: the header row of its table (found by its
labels in the first rows; `Kế hoạch`, `Thực hiện`, `Điểm thẩm định` may stand in the row under it),
the `Đơn vị` line above it, and a label the header holds twice. `scoresheet.py` reads what stands there."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Sequence

from ..text import cell_name, key
from .ballot import looks_like_ballot
from .methods import ACTUAL, OFFICE, PLAN
from .sheets import header_places
from .values import typed
from .workbook import Sheet

CODE, SELF, BLOCK = "Mã tiêu chí", "Điểm tự chấm", "Điểm khối chấm"
_UNIT_PREFIXES = ("đơn vị", "tên đơn vị")
_NOT_UNIT = ("đơn vị tính",)
HEADER_SCAN_ROWS = 60
_COLUMNS = [CODE, SELF, BLOCK, PLAN, ACTUAL, OFFICE]  # the score table's columns, found by their header
# sheets read on their own beside score sheets: a unit's account, the award history
_OWN_SHEETS = {key("ThanhTich"), key("LichSu")}


@dataclass(frozen=True)
class Layout:
    """A sheet of a score workbook as the score reader finds it."""

    own: bool = False  # a sheet read on its own (a count sheet, `ThanhTich`, `LichSu`), never a score sheet
    empty: bool = False  # nothing typed in it
    header_row: int | None = None  # the table's header row (0-based); None: no score table, the sheet is skipped
    columns: dict[str, int] = field(default_factory=dict)  # each label found -> its column
    unit_line: tuple[str, str] | None = None  # the unit's name or code from the `Đơn vị` line, and its cell
    twice: tuple[tuple[str, str, str], ...] = ()  # (label, its first cell, the cell holding it again)


def score_layout(sheet: Sheet) -> Layout:
    if looks_like_ballot(sheet) or sheet.key in _OWN_SHEETS:
        return Layout(own=True)
    if all(typed(v).blank for row in sheet.rows for v in row):
        return Layout(empty=True)
    header = _header(sheet)
    # the unit line above the table; in a sheet skipped for its header, wherever staff would look
    line = _unit_line(sheet, header.header_row if header else min(len(sheet.rows), HEADER_SCAN_ROWS))
    return replace(header, unit_line=line) if header else Layout(unit_line=line)


_UNDER = (PLAN, ACTUAL, OFFICE)  # labels that may stand in the row under the header


def _header(sheet: Sheet) -> Layout | None:
    """The first of the first rows holding `Mã tiêu chí` and a score column. `Kế hoạch`, `Thực hiện`,
    `Điểm thẩm định` missing from it may be written in the row under it (a two-row header: `Chỉ tiêu`
    merged over `Kế hoạch` and `Thực hiện`): that row is no criterion (no code), and the table's rows
    are read below it as before. A label found twice (two `Kế hoạch` columns, a `Điểm khối chấm`
    copied beside the first) is told: only the first would be read."""
    for index, row in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        places = header_places(row, _COLUMNS)
        if CODE not in places or (SELF not in places and BLOCK not in places):
            continue
        columns = {label: cols[0] for label, cols in places.items()}
        next_row = sheet.rows[index + 1] if index + 1 < len(sheet.rows) else None
        under = header_places(next_row, list(_UNDER)) if next_row is not None else {}
        if next_row is None or not typed(_cell(next_row, columns[CODE])).blank:
            under = {}
        spots = {label: [(index, col) for col in cols] for label, cols in places.items()}
        for label, cols in under.items():
            spots.setdefault(label, []).extend((index + 1, col) for col in cols)
            if label not in columns and cols[0] not in columns.values():
                columns[label] = cols[0]
        twice = tuple((label, cell_name(*spots[label][0]), cell_name(*spots[label][1]))
                      for label in _COLUMNS if len(spots.get(label, ())) > 1)
        return Layout(header_row=index, columns=columns, twice=twice)
    return None


def _cell(cells: Sequence[Any], col: int) -> Any:
    return cells[col] if 0 <= col < len(cells) else ""


def _unit_line(sheet: Sheet, header_row: int) -> tuple[str, str] | None:
    """The unit's name or code from the `Đơn vị` line above the table, and its cell."""
    for index in range(header_row):
        row = sheet.rows[index]
        for col, value in enumerate(row):
            if not isinstance(value, str):
                continue
            cell = typed(value)
            prefix = next((p for p in _UNIT_PREFIXES if cell.key.startswith(p)), None)
            if prefix is None or cell.key.startswith(_NOT_UNIT):
                continue
            rest = cell.name[len(prefix):].strip().lstrip(":").strip()
            if rest:
                return rest, cell_name(index, col)
            for later in range(col + 1, len(row)):
                after = typed(row[later])
                if not after.blank:
                    return after.code, cell_name(index, later)
            return "", cell_name(index, col)
    return None
