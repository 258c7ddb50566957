"""Opening workbooks: their visible sheets as rows of values, and every way a file can be wrong.

Values are read with calamine (fast, and it reads .xls and .ods too). Before it reads a zipped
workbook, the package is checked for its inflated size and each sheet for where its values are
(`cells.py`): a sheet whose values lie far apart is read from a repacked copy, so no reader
builds the padded grid. Each sheet keeps its rows up to the last value, each row up to its
last value. Formulas are found by a walk of the sheet's XML, only when a required cell is blank,
to tell it from a formula Excel never calculated (or one whose result is an error such as
`#DIV/0!`, which calamine also reads as blank).
"""

from __future__ import annotations

import os
import stat
import struct
import sys
import warnings
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import IO, Any, Callable, Iterator, Sequence

from python_calamine import CalamineWorkbook, SheetVisibleEnum

from ..problems import Problem, problem
from ..text import cell_name, folded, key
from .cells import CellCounter, CellScan, PackageFault, formula_cells, repacked, scan_ods, scan_xls, sheet_parts
from .merged import merged_areas

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
# Limits that keep any workbook to seconds and a few hundred MB (README, "Giới hạn"). A score
# sheet is tens of KB; a workbook formatted down to its last row inflates to about 80 MB.
MAX_FILE_MB = 20
MAX_INFLATED_MB = 150  # the parts of a zipped workbook once inflated, all together
MAX_RATIO = 250  # how far one part of more than a MB may inflate: deflate's own limit is ~1000
MAX_CELLS = 2_000_000  # cells that hold a value, in one workbook
DENSE_CELLS = 4_000_000  # a sheet whose grid from A1 to its last value is larger is repacked (128 MB in calamine)
MAX_GRID = 4_000_000  # a sheet's rows and their cells up to each row's last value
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted .xlsx is an OLE container with these streams; an encrypted .xls names its
# encryption in the same directory. Either way the name is there in UTF-16.
_ENCRYPTED_MARKS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
# What the zip of each format must hold; anything else zipped (a .docx renamed) is not a workbook.
_ZIP_MEMBERS = {".xlsx": "xl/workbook.xml", ".xlsm": "xl/workbook.xml", ".ods": "content.xml"}
_OTHER_ZIPS = {"word/document.xml": "Word (.docx)", "ppt/presentation.xml": "PowerPoint (.pptx)"}


@dataclass
class Sheet:
    name: str
    rows: list[Sequence[Any]]  # each up to its last value; an empty row is ()
    key: str = field(init=False)  # the name as names are compared (`text.key`): `ThanhVien` and `Thanh vien` alike
    folded: str = field(init=False)  # without accents, spaces or case (`text.folded`): `Bỏ phiếu` is `bophieu`

    def __post_init__(self) -> None:
        self.key, self.folded = key(self.name), folded(self.name)

    def value(self, row: int, col: int) -> Any:
        if 0 <= row < len(self.rows) and 0 <= col < len(self.rows[row]):
            return self.rows[row][col]
        return ""


@dataclass
class Workbook:
    path: Path
    rel: str
    sheets: list[Sheet]
    hidden: tuple[str, ...] = ()  # the names of its hidden sheets (not read)
    parts: dict[str, str] | None = field(default=None, repr=False)  # sheet -> zip member, when known
    # sheet -> (row, col) -> the value Excel last stored for its formula (None: never calculated)
    _formulas: dict[str, dict[tuple[int, int], Any]] = field(default_factory=dict, repr=False)
    _merged: dict[str, list[tuple[int, int, int, int]]] = field(default_factory=dict, repr=False)

    def sheet(self, name_key: str) -> Sheet | None:
        return next((s for s in self.sheets if s.key == name_key), None)

    def sheet_named_nearly(self, name_folded: str) -> Sheet | None:
        """A sheet whose name folds alike (`Thông tin` for `ThongTin`): what staff meant, named otherwise."""
        return next((s for s in self.sheets if s.folded == name_folded), None)

    def formulas(self, sheet: str) -> set[tuple[int, int]]:
        """The (row, col) of every formula cell of the sheet."""
        return set(self._formula_map(sheet))

    def is_formula(self, sheet: str, row: int, col: int) -> bool:
        return (row, col) in self._formula_map(sheet)

    def formula_result(self, sheet: str, row: int, col: int) -> Any:
        """What Excel stored as the formula's result: None if never calculated, `#DIV/0!` for an error."""
        return self._formula_map(sheet).get((row, col))

    def merged_area(self, sheet: str, row: int, col: int) -> tuple[int, int, int, int] | None:
        """The merged area (first row, first col, last row, last col) the cell lies in, not as its
        first cell (which holds the area's value); None otherwise. Read on demand, once per sheet."""
        if sheet not in self._merged:
            self._merged[sheet] = merged_areas(self.path, sheet, self.parts)
        return next((a for a in self._merged[sheet]
                     if a[0] <= row <= a[2] and a[1] <= col <= a[3] and (row, col) != (a[0], a[1])), None)

    def _formula_map(self, sheet: str) -> dict[tuple[int, int], Any]:
        if sheet not in self._formulas:
            self._formulas[sheet] = _read_formulas(self.path, sheet, self.parts)
        return self._formulas[sheet]


class WorkbookProblem(Exception):
    def __init__(self, found: Problem) -> None:
        self.problem = found
        super().__init__(found.format())


def open_workbook(path: Path, rel: str) -> Workbook:
    """Read every visible sheet of the file at `path`; `rel` names it in messages."""
    suffix = path.suffix.lower()
    size = _regular_file_size(path, rel)
    if size == 0:
        raise WorkbookProblem(problem("file_empty", file=rel))
    if size > MAX_FILE_MB * 1024 * 1024:
        raise WorkbookProblem(
            problem("file_too_large", file=rel, size=_megabytes(size), limit=MAX_FILE_MB)
        )
    try:
        data = path.read_bytes()  # read once: every check below and calamine work on these bytes
    except OSError as exc:
        raise WorkbookProblem(problem("file_no_access", file=rel)) from exc
    head = data[:8]
    package = _check_container(data, rel, suffix, head)
    hidden: list[str] = []
    try:
        sheets = _read_sheets(data, rel, head, package, hidden)
    except WorkbookProblem:
        raise
    except OSError as exc:
        raise WorkbookProblem(problem("file_no_access", file=rel)) from exc
    except Exception as exc:  # calamine raises its own types for every kind of damage
        code = "file_old_format" if suffix in (".xls", ".ods") else "file_unreadable"
        raise WorkbookProblem(problem(code, file=rel, ext=suffix, detail=_short(exc))) from exc
    except BaseException as exc:  # a panic in calamine on a damaged file is a BaseException
        if type(exc).__name__ != "PanicException":
            raise
        code = "file_old_format" if suffix in (".xls", ".ods") else "file_unreadable"
        raise WorkbookProblem(problem(code, file=rel, ext=suffix, detail=_short(exc))) from None
    return Workbook(path, rel, sheets, tuple(hidden), package.parts if package and not package.ods else None)


def _regular_file_size(path: Path, rel: str) -> int:
    """The file's size; a dangling link, a FIFO or a device named like a workbook is told, and
    never opened (opening a FIFO waits for a writer forever)."""
    try:
        info = path.stat()
    except FileNotFoundError as exc:
        if path.is_symlink():
            raise WorkbookProblem(problem("file_broken_link", file=rel)) from exc
        raise WorkbookProblem(problem("file_no_access", file=rel)) from exc
    except OSError as exc:
        raise WorkbookProblem(problem("file_no_access", file=rel)) from exc
    if not stat.S_ISREG(info.st_mode):
        raise WorkbookProblem(problem("file_not_regular", file=rel))
    return info.st_size


def _read_sheets(data: bytes, rel: str, head: bytes, package: _Package | None, hidden: list[str]) -> list[Sheet]:
    """The visible sheets; the names of the hidden ones go to `hidden`."""
    places: dict[str, list[tuple[int, int]]] = {}
    source = data
    sheet_part = package.parts if package else {}
    if package is not None and package.ods:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            _check_ods(archive, rel)
    elif package is not None:
        spread = {part for part, scan in package.scans.items() if scan.grid > DENSE_CELLS or scan.unplaced}
        if spread:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                source, places = repacked(archive, spread)
    elif head == _OLE_MAGIC:
        _check_xls(data, rel)
    with _quiet_native_stderr(), warnings.catch_warnings():
        handle = BytesIO(source)
        warnings.simplefilter("ignore")
        book = CalamineWorkbook.from_filelike(handle)
        sheets = []
        for meta in book.sheets_metadata:
            if meta.visible != SheetVisibleEnum.Visible:
                hidden.append(meta.name)
                continue
            grid = book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            part = sheet_part.get(meta.name, "")
            if places and meta.name not in sheet_part:  # a repacked sheet must be put back where it was
                raise PackageFault(f"sheet {meta.name!r} not found in workbook.xml")
            rows = _placed(grid, places[part], rel, meta.name) if part in places else _trimmed(grid)
            sheets.append(Sheet(meta.name, rows))
        return sheets


def _check_xls(data: bytes, rel: str) -> None:
    """An .xls too is read into a grid from A1 to its last value (65536 x 256 cells at most: 1 GB)."""
    try:
        tables = scan_xls(data)
    except PackageFault:
        return  # calamine tells the damage
    _check_tables(tables, rel)


def _check_ods(archive: zipfile.ZipFile, rel: str) -> None:
    """An .ods repeats a row or a cell by a count: a few bytes can stand for millions of values."""
    with archive.open("content.xml") as stream:
        _check_tables(scan_ods(stream).tables, rel)


def _check_tables(tables: dict[str, CellScan], rel: str) -> None:
    total = 0
    for name, table in tables.items():
        total += table.count
        if total > MAX_CELLS:
            raise WorkbookProblem(problem("file_too_many_cells", file=rel, sheet=name, limit=_thousands(MAX_CELLS)))
        if table.grid > DENSE_CELLS:
            far = cell_name(*table.far)
            raise WorkbookProblem(problem("sheet_spread", file=rel, sheet=name, cell=far, value=far))


def _is_blank_value(value: Any) -> bool:
    return value is None or (isinstance(value, str) and (not value or value.isspace()))


def _trimmed(grid: list[list[Any]]) -> list[Sequence[Any]]:
    """Rows up to the last that holds a value, each up to its last value."""
    rows: list[Sequence[Any]] = []
    last = 0
    for values in grid:
        end = len(values)
        while end and _is_blank_value(values[end - 1]):
            end -= 1
        rows.append(values if end == len(values) else values[:end] if end else ())
        if end:
            last = len(rows)
    del rows[last:]
    return rows


def _placed(grid: list[list[Any]], places: list[tuple[int, int]], rel: str, sheet: str) -> list[Sequence[Any]]:
    """Rows rebuilt from a repacked sheet: the n-th value of column A goes back to `places[n]`."""
    cells: dict[int, dict[int, Any]] = {}
    for values, (row, col) in zip(grid, places):
        if values and values[0] is not None and values[0] != "":  # a space is a value, as calamine reads it
            cells.setdefault(row, {})[col] = values[0]
    if not cells:
        return []
    size = max(cells) + 1 + sum(max(columns) + 1 for columns in cells.values())
    if size > MAX_GRID:
        far = max(((r, max(c)) for r, c in cells.items()), key=lambda rc: rc[1] * (rc[0] + 1))
        raise WorkbookProblem(problem("sheet_spread", file=rel, sheet=sheet, cell=cell_name(*far), value=cell_name(*far)))
    empty: Sequence[Any] = ()
    rows = [empty] * (max(cells) + 1)
    for row, columns in cells.items():
        line = [""] * (max(columns) + 1)
        for col, value in columns.items():
            line[col] = value
        rows[row] = line
    return _trimmed(rows)  # as a sheet read whole: blanks and spaces at a row's end, blank rows at the end


@contextmanager
def _quiet_native_stderr() -> Iterator[None]:
    """Silence the process's stderr while calamine reads: on a damaged file its Rust code prints
    a panic and a backtrace there before we turn the panic into a message staff can act on."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
        null = os.open(os.devnull, os.O_WRONLY)
    except (OSError, ValueError, AttributeError):
        yield
        return
    try:
        os.dup2(null, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(null)


@dataclass
class _Package:
    """What the checks of a zipped workbook found: each sheet's member and where its values are."""

    parts: dict[str, str]  # sheet name -> zip member (an .xlsx)
    scans: dict[str, CellScan]  # zip member -> where its values are
    ods: bool = False


def _check_container(data: bytes, rel: str, suffix: str, head: bytes) -> _Package | None:
    """File-level faults told apart before calamine's messages, which staff could not act on."""
    if head == _OLE_MAGIC:
        if any(mark in data for mark in _ENCRYPTED_MARKS):
            raise WorkbookProblem(problem("file_password", file=rel))
        return None  # an .xls, perhaps renamed: calamine tells the format by its content
    if head[:4] == _ZIP_MAGIC:
        return _check_zip(data, rel, suffix)
    raise WorkbookProblem(problem("file_not_workbook", file=rel, ext=suffix, kind=_sniff(head)))


def _check_zip(data: bytes, rel: str, suffix: str) -> _Package:
    """A zip that holds a workbook, whose parts inflate to a bounded size. The sizes are checked
    in the zip's directory before anything is inflated, then by inflating each part once (which
    also finds where each sheet's values are), before calamine reads any of it."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            if not any(member in names for member in _ZIP_MEMBERS.values()):
                other = next((kind for member, kind in _OTHER_ZIPS.items() if member in names), "")
                kind = f" (thực ra là tệp {other})" if other else ""
                raise WorkbookProblem(problem("file_not_workbook", file=rel, ext=suffix, kind=kind))
            _check_sizes(infos, rel)
            parts = sheet_parts(archive) if "xl/workbook.xml" in names else {}
    except PackageFault as exc:
        raise WorkbookProblem(problem("file_unreadable", file=rel, detail=_short(exc))) from exc
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise WorkbookProblem(problem("file_unreadable", file=rel, detail=_short(exc))) from exc
    scans = _verify_sizes(data, rel, infos, set(parts.values()))
    total = 0
    for name, member in parts.items():
        total += scans[member].count if member in scans else 0
        if total > MAX_CELLS:
            raise WorkbookProblem(problem("file_too_many_cells", file=rel, sheet=name, limit=_thousands(MAX_CELLS)))
    return _Package(parts, scans, ods=not parts and "content.xml" in names)


def _check_sizes(infos: list[zipfile.ZipInfo], rel: str) -> None:
    inflated = sum(info.file_size for info in infos)
    if inflated > MAX_INFLATED_MB * 1024 * 1024:
        raise WorkbookProblem(
            problem("file_inflates", file=rel, size=_megabytes(inflated), limit=MAX_INFLATED_MB)
        )
    swollen = next((info for info in infos if info.file_size > 1024 * 1024
                    and info.file_size > MAX_RATIO * max(info.compress_size, 1)), None)
    if swollen is not None:
        raise WorkbookProblem(problem("file_swollen", file=rel, size=_megabytes(swollen.file_size), ratio=MAX_RATIO))


def _verify_sizes(data: bytes, rel: str, infos: list[zipfile.ZipInfo], sheets: set[str]) -> dict[str, CellScan]:
    """Inflate every part once, in pieces, counting what comes out: a part whose stream inflates
    beyond the size the directory states (which a reader trusting the stream would follow to
    gigabytes) is refused, so calamine reads only parts known to be what the directory says.
    The `sheets` parts are scanned for where their values are on the way. A small part that is
    not a sheet is not inflated: deflate cannot make more than `_DEFLATE_MAX` bytes of one, so its
    worst is counted instead (most parts of a workbook are such: styles, theme, properties)."""
    limit = MAX_INFLATED_MB * 1024 * 1024
    total = 0
    scans: dict[str, CellScan] = {}
    try:
        with BytesIO(data) as handle:
            for info in infos:
                worst = info.compress_size * _DEFLATE_MAX
                if info.filename not in sheets and worst <= _SMALL_PART and total + worst <= limit:
                    total += worst
                    continue
                counter = CellCounter() if info.filename in sheets else None
                size = _inflated_size(handle, info, limit - total, counter.feed if counter else None)
                if size != info.file_size:
                    raise WorkbookProblem(problem("file_unreadable", file=rel, detail="phần nén của tệp bị hỏng"))
                total += size
                if counter is not None:
                    scans[info.filename] = counter.done()
    except _Swollen:
        raise WorkbookProblem(problem("file_inflates", file=rel, size=f"> {MAX_INFLATED_MB}", limit=MAX_INFLATED_MB)) from None
    except (OSError, ValueError, zlib.error, struct.error) as exc:
        raise WorkbookProblem(problem("file_unreadable", file=rel, detail=_short(exc))) from exc
    return scans


# deflate's most: about 1032 bytes out for one in; a part that cannot exceed this many bytes
# whatever its directory says is harmless to every reader
_DEFLATE_MAX = 1040
_SMALL_PART = 8 * 1024 * 1024


class _Swollen(Exception):
    pass


def _inflated_size(handle: IO[bytes], info: zipfile.ZipInfo, limit: int, sink: Callable[[bytes], None] | None) -> int:
    """How many bytes the part's data really inflates to, stopping once past `limit`; each piece
    inflated goes to `sink` when one is given."""
    handle.seek(info.header_offset)
    header = handle.read(30)
    if len(header) < 30 or header[:4] != _ZIP_MAGIC or info.flag_bits & 0x1:
        raise ValueError("local header")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    handle.seek(info.header_offset + 30 + name_length + extra_length)
    if info.compress_type == zipfile.ZIP_STORED:
        if info.compress_size > limit:
            raise _Swollen
        if sink is not None:
            remaining = info.compress_size
            while remaining and (data := handle.read(min(1 << 20, remaining))):
                sink(data)
                remaining -= len(data)
        return info.compress_size
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise ValueError("compression method")
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    remaining, total = info.compress_size, 0
    while remaining and not inflater.eof:
        data = handle.read(min(1 << 20, remaining))
        if not data:
            raise ValueError("truncated")
        remaining -= len(data)
        while not inflater.eof:
            out = inflater.decompress(data, 1 << 20)
            total += len(out)
            if total > limit:
                raise _Swollen
            if sink is not None:
                sink(out)
            data = inflater.unconsumed_tail
            if not data and len(out) < 1 << 20:
                break  # all input taken and no output held back: read on
    return total


def _sniff(head: bytes) -> str:
    """What a file named as a workbook really is, when its first bytes tell."""
    lowered = head.lower().lstrip()
    if lowered.startswith((b"<html", b"<!doc", b"<?xml", b"<tab", b"<met")):
        return " (thực ra là trang web hoặc tệp XML)"
    if head.startswith(b"%PDF"):
        return " (thực ra là tệp PDF)"
    return ""


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def _short(exc: BaseException) -> str:
    """What went wrong, in words staff can read (calamine and zipfile speak English)."""
    text = f"{type(exc).__name__}: {exc}".lower()
    if "zip" in text or "eocd" in text or "central directory" in text:
        return "phần nén của tệp bị hỏng hoặc tệp bị cắt cụt"
    if "detect" in text or "format" in text:
        return "không nhận ra định dạng bảng tính"
    return "cấu trúc tệp không hợp lệ"


def _read_formulas(path: Path, sheet: str, parts: dict[str, str] | None = None) -> dict[tuple[int, int], Any]:
    """`parts`: the sheets' members found when the workbook was opened (read again otherwise)."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return {}
    try:
        with zipfile.ZipFile(path) as archive:
            part = (parts if parts is not None else sheet_parts(archive)).get(sheet)
            return formula_cells(archive, part) if part else {}
    except Exception:  # the values were read; a formula map that cannot be made leaves blanks blank
        return {}


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")
