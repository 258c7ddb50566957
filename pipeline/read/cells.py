"""The cells of a workbook's package, found without building its grid.

calamine turns a sheet into a dense grid from its first to its last value: a space typed in
`XFD1048576` asks it for 17 billion cells (the process aborts), one in `XFD10000` for 5 GB.
So before calamine reads an .xlsx, each worksheet's XML is scanned for where its values are;
a sheet whose values lie too far apart is read by calamine from a repacked copy whose values
stand in one column (its grid as small as the data), and each value is put back in its cell.
calamine still reads every value (shared strings, dates, errors), so both paths agree.

The same walk over a worksheet finds its formulas and the values Excel stored for them, which
tells a blank cell from a formula never calculated, without openpyxl's walk of the padded grid.
An .ods file is scanned the same way for its repeated rows and cells (a few bytes that repeat a
value millions of times).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from typing import IO, Any, Iterator

from lxml import etree

# One worksheet's XML is read in pieces of this size, so a scan holds little of it at once.
_CHUNK = 1 << 20
# A cell's start tag, with or without a namespace prefix (`<c `, `<x:c `), self-closing or not.
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?c\b([^>]*?)(/?)>")
_REF_ATTR = re.compile(rb'\br\s*=\s*["\']([A-Za-z]{1,3})([0-9]{1,7})["\']')
_REF = re.compile(r"^([A-Za-z]{1,3})([0-9]{1,7})$")
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_STRICT_REL_NS = "http://purl.oclc.org/ooxml/officeDocument/relationships"
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_PARSER_OPTIONS = dict(resolve_entities=False, no_network=True, huge_tree=True)


class PackageFault(Exception):
    """The package's parts cannot be told apart (a damaged workbook.xml or relationships)."""


@dataclass
class CellScan:
    """Where a worksheet's values are: how many cells may hold one, and their bounds (0-based)."""

    count: int = 0
    max_row: int = -1
    max_col: int = -1
    far: tuple[int, int] = (0, 0)  # the cell that stretches the grid most
    unplaced: bool = False  # a cell without its `r` attribute: its place is known only by walking

    @property
    def grid(self) -> int:
        """Cells in the grid calamine builds from A1 to the last value."""
        return (self.max_row + 1) * (self.max_col + 1)


def column_index(letters: str) -> int:
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index - 1


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet's name and the zip member that holds it (`xl/worksheets/sheet1.xml`)."""
    try:
        book = _parse_small(archive, "xl/workbook.xml")
        rels = _parse_small(archive, "xl/_rels/workbook.xml.rels")
    except (KeyError, etree.XMLSyntaxError) as exc:
        raise PackageFault(str(exc)) from exc
    targets = {
        rel.get("Id"): rel.get("Target", "")
        for rel in rels.iter()
        if isinstance(rel.tag, str) and etree.QName(rel).localname == "Relationship"
    }
    parts: dict[str, str] = {}
    for sheet in book.iter():
        if not isinstance(sheet.tag, str) or etree.QName(sheet).localname != "sheet":
            continue
        rid = sheet.get(f"{{{_REL_NS}}}id") or sheet.get(f"{{{_STRICT_REL_NS}}}id")
        target = targets.get(rid)
        if target:
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            parts[sheet.get("name", "")] = path
    return parts


def _parse_small(archive: zipfile.ZipFile, name: str) -> Any:
    with archive.open(name) as stream:
        return etree.parse(stream, etree.XMLParser(**_PARSER_OPTIONS)).getroot()


def scan_cells(stream: IO[bytes]) -> CellScan:
    """Count the cells of a worksheet's XML that may hold a value and find their bounds.

    A start tag is enough: a self-closing `<c r="B2" s="1"/>` holds only formatting. Counting a
    cell with an empty body as a value only errs on the safe side (the repacked read).
    """
    scan = CellScan()
    columns: dict[bytes, int] = {}
    tail = b""
    while True:
        chunk = stream.read(_CHUNK)
        data = tail + chunk
        # a tag never holds `<`, so everything before the last `<` is made of whole tags
        cut = len(data) if not chunk else max(data.rfind(b"<"), 0)
        for attributes, closed in _CELL_TAG.findall(data, 0, cut):
            if closed:
                continue
            scan.count += 1
            ref = _REF_ATTR.search(attributes)
            if ref is None:
                scan.unplaced = True
                continue
            letters = ref.group(1)
            col = columns.get(letters)
            if col is None:
                col = columns[letters] = column_index(letters.decode())
            row = int(ref.group(2)) - 1
            if row > scan.max_row or col > scan.max_col:
                scan.max_row, scan.max_col = max(row, scan.max_row), max(col, scan.max_col)
                scan.far = (row, col)
        if not chunk:
            return scan
        tail = data[cut:]


def _walk_cells(stream: IO[bytes]) -> Iterator[tuple[int, int, Any]]:
    """Every cell element of a worksheet's XML with its 0-based place, the implicit places of
    cells and rows without an `r` attribute included. Elements are freed once seen."""
    row, col = -1, -1
    for event, element in etree.iterparse(stream, events=("start", "end"), **_PARSER_OPTIONS):
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        if event == "start":
            if name == "row":
                number = element.get("r")
                row = int(number) - 1 if number and number.isdigit() else row + 1
                col = -1
            continue
        if name == "c":
            match = _REF.match(element.get("r") or "")
            if match:
                row, col = int(match.group(2)) - 1, column_index(match.group(1))
            else:
                col += 1
            yield row, col, element
        if name in ("c", "row"):
            element.clear()
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]


def _child(element: Any, name: str) -> Any:
    return next((c for c in element if isinstance(c.tag, str) and etree.QName(c).localname == name), None)


def repacked(archive: zipfile.ZipFile, parts: set[str]) -> tuple[bytes, dict[str, list[tuple[int, int]]]]:
    """A copy of the package whose `parts` hold their values in column A, one a row, and where
    each of those values stood: the n-th row of the copy is `places[part][n]`."""
    places: dict[str, list[tuple[int, int]]] = {}
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as copy:
        for info in archive.infolist():
            if info.filename not in parts:
                copy.writestr(info.filename, archive.read(info))
                continue
            found: list[tuple[int, int]] = []
            body: list[bytes] = []
            with archive.open(info) as stream:
                for row, col, cell in _walk_cells(stream):
                    if _child(cell, "v") is None and _child(cell, "is") is None:
                        continue
                    found.append((row, col))
                    cell.set("r", f"A{len(found)}")
                    body.append(b'<row r="%d">' % len(found) + etree.tostring(cell) + b"</row>")
            places[info.filename] = found
            copy.writestr(
                info.filename,
                f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN_NS}"><sheetData>'.encode()
                + b"".join(body)
                + b"</sheetData></worksheet>",
            )
    return buffer.getvalue(), places


def formula_cells(archive: zipfile.ZipFile, part: str) -> dict[tuple[int, int], Any]:
    """Each formula cell of a worksheet and what Excel stored as its result: None when it was
    never calculated, `#DIV/0!` and the like for an error, else the stored text."""
    found: dict[tuple[int, int], Any] = {}
    with archive.open(part) as stream:
        for row, col, cell in _walk_cells(stream):
            if _child(cell, "f") is None:
                continue
            value = _child(cell, "v")
            found[(row, col)] = value.text if value is not None and value.text else None
    return found


# --- OpenDocument ---------------------------------------------------------------------------

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


@dataclass
class OdsScan:
    """Per table of an .ods: the cells that hold a value once repeats are counted, and bounds."""

    tables: dict[str, CellScan] = field(default_factory=dict)


def scan_ods(stream: IO[bytes]) -> OdsScan:
    """Walk `content.xml` counting repeated rows and cells as the reader will expand them."""
    result = OdsScan()
    scan: CellScan | None = None
    row = 0
    row_repeat = 1
    col = 0
    row_cells: list[tuple[int, int]] = []  # (first column, repeat) of the cells that hold a value
    for event, element in etree.iterparse(stream, events=("start", "end"), **_PARSER_OPTIONS):
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        if event == "start":
            if name == "table" and element.tag == f"{{{_TABLE}}}table":
                scan = result.tables.setdefault(element.get(f"{{{_TABLE}}}name", ""), CellScan())
                row = 0
            elif name == "table-row" and scan is not None:
                row_repeat = _repeat(element, "number-rows-repeated")
                col, row_cells = 0, []
            continue
        if scan is None:
            continue
        if name in ("table-cell", "covered-table-cell"):
            repeat = _repeat(element, "number-columns-repeated")
            if element.get(f"{{{_OFFICE}}}value-type") or len(element):
                row_cells.append((col, repeat))
            col += repeat
        elif name == "table-row":
            if row_cells:
                first, repeat = row_cells[-1]
                last_col = first + repeat - 1
                scan.count += sum(r for _, r in row_cells) * row_repeat
                last_row = row + row_repeat - 1
                if last_row > scan.max_row or last_col > scan.max_col:
                    scan.max_row, scan.max_col = max(last_row, scan.max_row), max(last_col, scan.max_col)
                    scan.far = (last_row, last_col)
            row += row_repeat
        elif name == "table":
            scan = None
        if name in ("table-cell", "covered-table-cell", "table-row"):
            element.clear()
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
    return result


def _repeat(element: Any, attribute: str) -> int:
    text = element.get(f"{{{_TABLE}}}{attribute}") or "1"
    return int(text) if text.isdigit() and int(text) > 0 else 1
