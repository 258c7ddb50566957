"""The pledge's signing grid: one cell per member, next year's leader first, its deputy second,
then the others in `ThanhVien` order, two to a row, an odd last one on its own."""

from __future__ import annotations

import textwrap
from typing import Any

from ..model import BlockResult
from .units import blank_unit, unit_fields


def signing_grid(result: BlockResult) -> list[list[dict[str, str]]]:
    """Two cells a row: next year's leader, its deputy, then the others in `ThanhVien` order; an
    odd last row is padded with a blank cell."""
    cells = _signing_cells(result)
    if len(cells) % 2:
        cells.append(blank_unit() | {"vai_tro": ""})
    return [cells[i : i + 2] for i in range(0, len(cells), 2)]


def _signing_cells(result: BlockResult) -> list[dict[str, str]]:
    info = result.block.info
    roles = {info.next_leader: "TRƯỞNG KHỐI"} | ({info.next_deputy: "PHÓ KHỐI"} if info.next_deputy else {})
    order = list(roles) + [u.code for u in result.block.units if u.code not in roles]
    units = {u.code: u for u in result.block.units}
    return [(unit_fields(units[code]) or blank_unit()) | {"vai_tro": roles.get(code, "")} for code in order]


# Capitals of 13 pt bold Times New Roman in a cell half the text wide: about 28 to a line.
_CELL_CHARS = 28


def _title_lines(cell: dict[str, str]) -> int:
    return sum(len(textwrap.wrap(cell[k], _CELL_CHARS)) or 1 for k in ("ten_in_hoa", "chuc_vu_in_hoa"))


def signing_pairs(result: BlockResult) -> dict[str, Any]:
    """The pledge's grid as full pairs (`hang_ky_du`) and the odd last cell (`o_ky_le`), centred.
    The cell whose unit name wraps to fewer lines gets blank lines (`dong_them`), so that the
    rooms to sign, and the heads' names under them, stay level."""
    cells = _signing_cells(result)
    odd = cells.pop() | {"dong_them": []} if len(cells) % 2 else None
    pairs = []
    for left, right in zip(cells[::2], cells[1::2]):
        lines = max(_title_lines(left), _title_lines(right))
        pairs.append([cell | {"dong_them": [""] * (lines - _title_lines(cell))} for cell in (left, right)])
    return {"hang_ky_du": pairs, "o_ky_le": odd}
