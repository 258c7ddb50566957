"""Merged cells of an .xlsx sheet (`Merge & Center`), read from the file's XML on demand.

calamine gives a merged area's value to its first cell only: the others read as blank although
staff see the value across the area. A required cell found blank is looked up here, so that the
message says the cell is part of a merged area instead of "not entered".
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree.ElementTree import iterparse

from ..text import cell_name
from .cells import PackageFault, sheet_parts

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
MAX_AREAS = 10_000  # merged areas read from one sheet; a form has a few dozen


def merged_areas(path: Path, sheet_name: str, parts: dict[str, str] | None = None) -> list[tuple[int, int, int, int]]:
    """The sheet's merged areas as (first row, first col, last row, last col), 0-based; none for
    a file that is no .xlsx or cannot be read (the values were read: a blank then stays blank)."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return []
    areas: list[tuple[int, int, int, int]] = []
    try:
        with zipfile.ZipFile(path) as archive:
            part = (parts if parts is not None else sheet_parts(archive)).get(sheet_name)
            if part is None:
                return []
            with archive.open(part) as stream:
                for _, element in iterparse(stream):
                    if element.tag == f"{_MAIN}mergeCell":
                        area = _area(element.get("ref", ""))
                        if area is not None:
                            areas.append(area)
                            if len(areas) >= MAX_AREAS:
                                break
                    elif element.tag == f"{_MAIN}row":
                        element.clear()
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, SyntaxError, PackageFault):
        return areas
    return areas


def area_name(area: tuple[int, int, int, int]) -> str:
    return f"{cell_name(area[0], area[1])}:{cell_name(area[2], area[3])}"


def _area(ref: str) -> tuple[int, int, int, int] | None:
    first, _, last = ref.partition(":")
    start, end = _place(first), _place(last or first)
    if start is None or end is None:
        return None
    return (min(start[0], end[0]), min(start[1], end[1]), max(start[0], end[0]), max(start[1], end[1]))


def _place(ref: str) -> tuple[int, int] | None:
    letters = ref.rstrip("0123456789").replace("$", "")
    digits = ref[len(ref.rstrip("0123456789")):]
    if not letters.isalpha() or not letters.isascii() or not digits or len(letters) > 3:
        return None
    col = 0
    for letter in letters.upper():
        col = col * 26 + ord(letter) - ord("A") + 1
    return int(digits) - 1, col - 1


__all__ = ["area_name", "merged_areas"]
