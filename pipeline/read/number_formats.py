"""Which cells of an .xlsx sheet are formatted as percentages, read from the file's XML.

calamine gives a cell's value, not its format: `80%` typed into Excel is stored as 0.8 and
`100%` as 1, the same number as one place. Staff see the percentage, so a quota or a vote share
must be read as shown. Only the few cells asked about are looked up, by streaming the sheet's
XML, so a large sheet costs no memory; a file whose styles cannot be read has no percent cells.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree.ElementTree import iterparse

from .cells import PackageFault, sheet_parts

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_PERCENT_BUILTIN = {9, 10}  # `0%` and `0.00%`
_QUOTED = re.compile(r'"[^"]*"|\\.')


def percent_cells(path: Path, sheet_name: str, cells: set[str]) -> set[str]:
    """Those of `cells` (`B3`) on sheet `sheet_name` whose number format shows a percentage."""
    if not cells or path.suffix.lower() not in (".xlsx", ".xlsm"):
        return set()
    try:
        with zipfile.ZipFile(path) as archive:
            part = sheet_parts(archive).get(sheet_name)
            if part is None:
                return set()
            percent_styles = _percent_styles(archive)
            if not percent_styles:
                return set()
            found: set[str] = set()
            with archive.open(part) as stream:
                for _, element in iterparse(stream):
                    if element.tag == f"{_MAIN}c":
                        ref = element.get("r", "")
                        if ref in cells and int(element.get("s", "0")) in percent_styles:
                            found.add(ref)
                    elif element.tag == f"{_MAIN}row":
                        element.clear()
            return found
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, SyntaxError, PackageFault):
        return set()


def _percent_styles(archive: zipfile.ZipFile) -> set[int]:
    """Indexes of the cell styles (`cellXfs`) whose number format shows a percentage."""
    custom: dict[int, str] = {}
    styles: list[int] = []
    in_cell_xfs = False
    with archive.open("xl/styles.xml") as stream:
        for event, element in iterparse(stream, events=("start", "end")):
            if element.tag == f"{_MAIN}cellXfs":
                in_cell_xfs = event == "start"
            elif event == "end" and element.tag == f"{_MAIN}numFmt":
                custom[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
            elif event == "start" and in_cell_xfs and element.tag == f"{_MAIN}xf":
                styles.append(int(element.get("numFmtId", "0")))
    return {index for index, number_format in enumerate(styles) if _is_percent(number_format, custom)}


def _is_percent(number_format: int, custom: dict[int, str]) -> bool:
    if number_format in _PERCENT_BUILTIN:
        return True
    code = custom.get(number_format)
    return code is not None and "%" in _QUOTED.sub("", code)
