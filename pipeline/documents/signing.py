"""Who signs: the block's leader under every document (`nguoi_ky`), its position in full; and the
signing grid of every member's head (the pledge's, a field of every template): one cell per member,
next year's leader first, its deputy second, then the others in `ThanhVien` order, two to a row, an
odd last one on its own."""

from __future__ import annotations

import textwrap
from typing import Any

from ..model import BlockResult, Unit
from .units import blank_unit, unit_fields


def position(title: str, unit_name: str) -> str:
    """A head's position in full, the words the title and the unit's name share said once:
    `Cục trưởng Cục Thuế`, `Chánh Văn phòng UBND tỉnh`, `Trưởng Thuế tỉnh Bắc Ninh`."""
    words, name = title.split(), unit_name.split()
    for overlap in range(min(len(words), len(name)), 0, -1):
        if [w.casefold() for w in words[-overlap:]] == [w.casefold() for w in name[:overlap]]:
            return " ".join(words[:-overlap] + name)
    return f"{title} {unit_name}"


# Capitals of the signer's position on one line (14 pt bold, 85 mm).
_SIGNATURE_CHARS = 26


def signer_position(title: str, unit_name: str) -> str:
    """The signer's position in capitals, the title on a line of its own above the rest of the
    unit's name when both do not fit one line: `CHỦ TỊCH` / `HỘI CHỮ THẬP ĐỎ TỈNH`, `CHÁNH VĂN
    PHÒNG` / `ĐOÀN ĐBQH VÀ HĐND TỈNH`, never `... ĐỎ` / `TỈNH`."""
    full, head = position(title, unit_name).upper(), " ".join(title.split()).upper()
    if len(full) <= _SIGNATURE_CHARS or not full.startswith(head + " "):
        return full
    return f"{head}\n{full[len(head) + 1:]}"


def signer_fields(leader: Unit) -> dict[str, str]:
    """The leader who signs for the block: the position in capitals as the signature shows it, the
    head's name, the title and the unit."""
    return {
        "chuc_danh": signer_position(leader.title, leader.name),
        "ho_ten": leader.head,
        "chuc_vu": leader.title,
        "don_vi": leader.name,
    }


def signing_fields(result: BlockResult) -> dict[str, Any]:
    """The grid where every member's head signs (the pledge's, and any template's that wants it):
    next year's leader, its deputy, then the others in `ThanhVien` order. `hang_ky` is two cells a
    row with an odd last row padded by a blank cell; `hang_ky_du` is the full pairs and `o_ky_le`
    the odd last cell, centred by the template, where the cell whose unit name wraps to fewer lines
    gets blank lines (`dong_them`) so that the rooms to sign, and the heads' names under them, stay
    level."""
    cells = _signing_cells(result)
    full, odd = (cells[:-1], cells[-1] | {"dong_them": []}) if len(cells) % 2 else (cells, None)
    padded = cells + [blank_unit() | {"vai_tro": ""}] if odd is not None else cells
    pairs = []
    for left, right in zip(full[::2], full[1::2]):
        lines = max(_title_lines(left), _title_lines(right))
        pairs.append([cell | {"dong_them": [""] * (lines - _title_lines(cell))} for cell in (left, right)])
    return {"hang_ky": [padded[i : i + 2] for i in range(0, len(padded), 2)], "hang_ky_du": pairs, "o_ky_le": odd}


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
