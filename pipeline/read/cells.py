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
value millions of times), and an .xls file's records for where its values are.
"""

from __future__ import annotations

import html
import operator
import posixpath
import re
import struct
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from typing import IO, Any, Iterator

from lxml import etree
from xlsxwriter.utility import xl_cell_to_rowcol

# A cell's start tag that is not self-closing (a cell with a body may hold a value), with or
# without a namespace prefix (`<c `, `<x:c `), and its `r` attribute.
_VALUE_CELL_REF = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?c\s[^>]*?\br=\"([A-Z]{1,3})([0-9]{1,7})\"[^>]*(?<!/)>")
_PLAIN_VALUE_CELL_REF = re.compile(rb"<c\s[^>]*?\br=\"([A-Z]{1,3})([0-9]{1,7})\"[^>]*(?<!/)>")  # 3 times faster
_REF = re.compile(r"^([A-Za-z]{1,3})([0-9]{1,7})$")
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


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet's name and the zip member that holds it (`xl/worksheets/sheet1.xml`). Read with
    two regular expressions: both parts are small, flat lists, and a province opens hundreds."""
    try:
        book = archive.read("xl/workbook.xml").decode("utf-8")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    except (KeyError, UnicodeDecodeError) as exc:
        raise PackageFault(str(exc)) from exc
    targets = {}
    for attributes in _RELATIONSHIP.findall(rels):
        found = dict((name, html.unescape(value)) for name, _, value in _ATTRIBUTE.findall(attributes))
        if "Id" in found:
            targets[found["Id"]] = found.get("Target", "")
    parts: dict[str, str] = {}
    for attributes in _SHEET.findall(book):
        found = dict((name.rpartition(":")[2] if name.endswith(":id") else name, html.unescape(value))
                     for name, _, value in _ATTRIBUTE.findall(attributes))
        target = targets.get(found.get("id", ""))
        if target:
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            parts[found.get("name", "")] = path
    return parts


_SHEET = re.compile(r"<(?:[A-Za-z_][\w.\-]*:)?sheet\s([^>]*)>")
_RELATIONSHIP = re.compile(r"<(?:[A-Za-z_][\w.\-]*:)?Relationship\s([^>]*)>")
_ATTRIBUTE = re.compile(r"([\w.:\-]+)\s*=\s*([\"'])(.*?)\2", re.S)


class CellCounter:
    """Counts the cells of a worksheet's XML that may hold a value, and finds their bounds, from
    the XML fed to it in pieces (as it is inflated). A start tag is enough: a self-closing
    `<c r="B2" s="1"/>` holds only formatting. Counting a cell with an empty body as a value only
    errs on the safe side (the repacked read)."""

    def __init__(self) -> None:
        self.scan = CellScan()
        self._far_row = -1
        self._far_letters: tuple[int, bytes] = (0, b"")
        self._tail = b""
        self._closed = 0
        self._placed = 0

    def feed(self, chunk: bytes) -> None:
        data = self._tail + chunk
        # a tag never holds `<`, so everything before the last `<` is made of whole tags
        cut = max(data.rfind(b"<"), 0)
        self._count(data, cut)
        self._tail = data[cut:]

    def done(self) -> CellScan:
        self._count(self._tail, len(self._tail))
        self._tail = b""
        self.scan.count = max(self._closed, self._placed)
        self.scan.unplaced = self._closed > self._placed  # a cell with a body but no `r`: placed by walking
        if self._far_row >= 0:
            far_col = xl_cell_to_rowcol(self._far_letters[1].decode() + "1")[1]
            self.scan.max_row, self.scan.max_col = self._far_row - 1, far_col
            self.scan.far = (self.scan.max_row, self.scan.max_col)
        return self.scan

    def _count(self, data: bytes, end: int) -> None:
        # C-level passes only (findall, map, max, set): a province reads hundreds of workbooks
        pattern = _VALUE_CELL_REF if data.find(b":c ", 0, end) >= 0 else _PLAIN_VALUE_CELL_REF
        refs = pattern.findall(data, 0, end)
        # every cell with a body ends so; a piece may end between a cell's start and its end, so
        # the two counts are compared once the whole part is read
        self._closed += data.count(b"</c>", 0, end) + data.count(b":c>", 0, end)
        self._placed += len(refs)
        if refs:
            self._far_row = max(self._far_row, max(map(int, map(_SECOND, refs))))
            widest = max(set(map(_FIRST, refs)), key=lambda letters: (len(letters), letters))
            # columns compare as (length, letters): B < Z < AA < XFD
            self._far_letters = max(self._far_letters, (len(widest), widest))


_FIRST, _SECOND = operator.itemgetter(0), operator.itemgetter(1)


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
                row, col = xl_cell_to_rowcol(match.group(0).upper())  # (checked first: it warns on a bad one)
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


_SCANNED_WHOLE = 4 * 1024 * 1024  # a sheet part up to this size is read at once to look for formulas
# a formula element, `<f>`, `<f t="shared" ...>` or with a namespace prefix (`<x:f>`)
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")


def formula_cells(archive: zipfile.ZipFile, part: str) -> dict[tuple[int, int], Any]:
    """Each formula cell of a worksheet and what Excel stored as its result: None when it was
    never calculated, `#DIV/0!` and the like for an error, else the stored text. A sheet without
    any formula (most of `khoi.xlsx`) is told by one scan of its bytes, not walked cell by cell."""
    found: dict[tuple[int, int], Any] = {}
    if archive.getinfo(part).file_size <= _SCANNED_WHOLE:
        data = archive.read(part)
        if _FORMULA.search(data) is None:
            return found
        stream: IO[bytes] = BytesIO(data)
    else:  # a large sheet is streamed, never held whole
        stream = archive.open(part)
    with stream:
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


# --- Excel 97-2003 (.xls) -------------------------------------------------------------------

_CELL_RECORDS = {0x0203, 0x027E, 0x00FD, 0x0204, 0x0205, 0x0006, 0x00D6}  # a value at (row, col)
_MULRK, _BOF, _EOF, _BOUNDSHEET = 0x00BD, 0x0809, 0x000A, 0x0085


def scan_xls(data: bytes) -> dict[str, CellScan]:
    """Per worksheet of an .xls (its `Workbook` stream inside the OLE container), the cells that
    hold a value and their bounds. Raises PackageFault when the container cannot be walked."""
    stream = _ole_stream(data, ("Workbook", "Book"))
    sheets: list[tuple[str, int]] = []
    position = 0
    while position + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, position)
        if kind == _BOUNDSHEET and length >= 8:
            offset = struct.unpack_from("<I", stream, position + 4)[0]
            sheets.append((_sheet_name(stream[position + 10:position + 4 + length]), offset))
        elif kind == _EOF:
            break
        position += 4 + length
    found: dict[str, CellScan] = {}
    for name, offset in sheets:
        scan = found.setdefault(name, CellScan())
        position = offset
        while position + 4 <= len(stream):
            kind, length = struct.unpack_from("<HH", stream, position)
            body = position + 4
            position = body + length
            if kind == _EOF or (kind == _BOF and body - 4 != offset):
                break
            if kind in _CELL_RECORDS and length >= 4:
                row, col = struct.unpack_from("<HH", stream, body)
            elif kind == _MULRK and length >= 6:
                row = struct.unpack_from("<H", stream, body)[0]
                col = struct.unpack_from("<H", stream, body + length - 2)[0]
                scan.count += max((length - 6) // 6 - 1, 0)
            else:
                continue
            scan.count += 1
            if row > scan.max_row or col > scan.max_col:
                scan.max_row, scan.max_col = max(row, scan.max_row), max(col, scan.max_col)
                scan.far = (row, col)
    return found


def _sheet_name(raw: bytes) -> str:
    if len(raw) < 2:
        return ""
    length, flags = raw[0], raw[1]
    text = raw[2:]
    return text[:length * 2].decode("utf-16-le", "replace") if flags & 1 else text[:length].decode("latin-1")


def _ole_stream(data: bytes, names: tuple[str, ...]) -> bytes:
    """A stream of an OLE compound file (the container of .xls). olefile walks the sector chains
    of hostile files for a living (loops, sectors out of range, sizes that lie); it is imported
    when an .xls is met, which most runs never do. The bytes go in as a file object: given bytes,
    olefile takes a short value for a file name."""
    import olefile

    try:
        with olefile.OleFileIO(BytesIO(data)) as container:
            for name in names:
                if container.exists(name) and container.get_type(name) == olefile.STGTY_STREAM:
                    return container.openstream(name).read()
    except (OSError, ValueError, IndexError, struct.error) as exc:  # olefile's own errors are OSErrors
        raise PackageFault(str(exc)) from exc
    raise PackageFault("no Workbook stream")
