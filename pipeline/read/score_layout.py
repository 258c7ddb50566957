"""Where a score sheet's parts stand, from its cells alone: the header row of its table (found by its
labels in the first rows; `Kế hoạch`, `Thực hiện`, `Điểm thẩm định` may stand in the row under it),
the `Đơn vị` line above it, and a label the header holds twice. `scoresheet.py` reads what stands there."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from ..text import cell_name, key
from .ballot import looks_like_ballot
from .methods import ACTUAL, OFFICE, PLAN
from .sheets import header_columns
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
    header = _find_header(sheet)
    # the unit line above the table; in a sheet skipped for its header, wherever staff would look
    line = _unit_line(sheet, header[0] if header else min(len(sheet.rows), HEADER_SCAN_ROWS))
    if header is None:
        return Layout(unit_line=line)
    return Layout(header_row=header[0], columns=header[1], unit_line=line, twice=_columns_twice(sheet, header[0]))


def _cell(cells: Sequence[Any], col: int) -> Any:
    return cells[col] if 0 <= col < len(cells) else ""


def _find_header(sheet: Sheet) -> tuple[int, dict[str, int]] | None:
    for index, row in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        columns = header_columns(row, _COLUMNS)
        if CODE in columns and (SELF in columns or BLOCK in columns):
            return index, columns | _sub_header(sheet, index, columns)
    return None


def _sub_header(sheet: Sheet, index: int, columns: dict[str, int]) -> dict[str, int]:
    """`Kế hoạch`, `Thực hiện`, `Điểm thẩm định` missing from the header row but written in the row
    under it (a two-row header: `Chỉ tiêu` merged over `Kế hoạch` and `Thực hiện`). That row is
    no criterion (no code), so the table's rows are read below it as before."""
    missing = [c for c in (PLAN, ACTUAL, OFFICE) if c not in columns]
    if not missing or index + 1 >= len(sheet.rows) or not typed(_cell(sheet.rows[index + 1], columns[CODE])).blank:
        return {}
    return {c: col for c, col in header_columns(sheet.rows[index + 1], missing).items()
            if col not in columns.values()}


def _columns_twice(sheet: Sheet, header_row: int) -> tuple[tuple[str, str, str], ...]:
    """A column label the header row holds twice (two `Kế hoạch` columns, a `Điểm khối chấm` copied
    beside the first): only the first would be read, so the sheet's figures are in doubt."""
    found: list[tuple[str, str, str]] = []
    code_col = header_columns(sheet.rows[header_row], [CODE]).get(CODE, 0)
    below = header_row + 1 < len(sheet.rows) and typed(_cell(sheet.rows[header_row + 1], code_col)).blank
    rows = [header_row, header_row + 1] if below else [header_row]  # the row under it: see _sub_header
    for label in _COLUMNS:
        places = [(index, col) for index in rows[:1 if label not in (PLAN, ACTUAL, OFFICE) else 2]
                  for col, value in enumerate(sheet.rows[index]) if isinstance(value, str) and key(value) == key(label)]
        if len(places) > 1:
            found.append((label, cell_name(*places[0]), cell_name(*places[1])))
    return tuple(found)


def _unit_line(sheet: Sheet, header_row: int) -> tuple[str, str] | None:
    """The unit's name or code from the `Đơn vị` line above the table, and its cell."""
    for index in range(header_row):
        row = sheet.rows[index]
        for col, value in enumerate(row):
            if not isinstance(value, str):
                continue
            text, lowered = typed(value).name, typed(value).key
            prefix = next((p for p in _UNIT_PREFIXES if lowered.startswith(p)), None)
            if prefix is None or lowered.startswith(_NOT_UNIT):
                continue
            rest = text[len(prefix):].strip().lstrip(":").strip()
            if rest:
                return rest, cell_name(index, col)
            for later in range(col + 1, len(row)):
                if not typed(row[later]).blank:
                    return typed(row[later]).code, cell_name(index, later)
            return "", cell_name(index, col)
    return None
