"""Opening workbooks: their visible sheets as grids of values, and every way a file can be wrong.

Values are read with calamine (fast, and it reads .xls and .ods too). openpyxl is opened only
on the slow path, to tell a blank cell from a formula Excel never calculated (or one whose
result is an error such as `#DIV/0!`, which calamine also reads as blank).
"""

from __future__ import annotations

import os
import sys
import warnings
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from python_calamine import CalamineWorkbook, SheetVisibleEnum

from ..problems import Problem, problem
from ..text import cell_name

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
MAX_FILE_MB = 20
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
    rows: list[list[Any]]

    def value(self, row: int, col: int) -> Any:
        if 0 <= row < len(self.rows) and 0 <= col < len(self.rows[row]):
            return self.rows[row][col]
        return ""


@dataclass
class Workbook:
    path: Path
    rel: str
    sheets: list[Sheet]
    # sheet -> cell (`F14`) -> the value Excel last calculated (None: never calculated)
    _formulas: dict[str, dict[str, Any]] | None = field(default=None, repr=False)

    def sheet(self, name_key: str) -> Sheet | None:
        from ..text import key

        return next((s for s in self.sheets if key(s.name) == name_key), None)

    def is_formula(self, sheet: str, row: int, col: int) -> bool:
        return cell_name(row, col) in self._formula_map().get(sheet, {})

    def formula_result(self, sheet: str, row: int, col: int) -> Any:
        """What Excel stored as the formula's result: None if never calculated, `#DIV/0!` for an error."""
        return self._formula_map().get(sheet, {}).get(cell_name(row, col))

    def _formula_map(self) -> dict[str, dict[str, Any]]:
        if self._formulas is None:
            self._formulas = _read_formulas(self.path)
        return self._formulas


class WorkbookProblem(Exception):
    def __init__(self, found: Problem) -> None:
        self.problem = found
        super().__init__(found.format())


def open_workbook(path: Path, rel: str) -> Workbook:
    """Read every visible sheet of the file at `path`; `rel` names it in messages."""
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise WorkbookProblem(problem("file_no_access", file=rel)) from exc
    if size == 0:
        raise WorkbookProblem(problem("file_empty", file=rel))
    if size > MAX_FILE_MB * 1024 * 1024:
        raise WorkbookProblem(
            problem("file_too_large", file=rel, size=_megabytes(size), limit=MAX_FILE_MB)
        )
    _check_container(path, rel, suffix, head)
    try:
        sheets = _read_sheets(path)
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
    return Workbook(path, rel, sheets)


def _read_sheets(path: Path) -> list[Sheet]:
    with _quiet_native_stderr(), warnings.catch_warnings(), path.open("rb") as handle:
        warnings.simplefilter("ignore")
        book = CalamineWorkbook.from_filelike(handle)
        return [
            Sheet(meta.name, book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False))
            for meta in book.sheets_metadata
            if meta.visible == SheetVisibleEnum.Visible
        ]


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


def _check_container(path: Path, rel: str, suffix: str, head: bytes) -> None:
    """File-level faults told apart before calamine's messages, which staff could not act on."""
    if head == _OLE_MAGIC:
        data = path.read_bytes()
        if any(mark in data for mark in _ENCRYPTED_MARKS):
            raise WorkbookProblem(problem("file_password", file=rel))
        return  # an .xls, perhaps renamed: calamine tells the format by its content
    if head[:4] == _ZIP_MAGIC:
        _check_zip(path, rel, suffix)
        return
    raise WorkbookProblem(problem("file_not_workbook", file=rel, ext=suffix, kind=_sniff(head)))


def _check_zip(path: Path, rel: str, suffix: str) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise WorkbookProblem(problem("file_unreadable", file=rel, detail=_short(exc))) from exc
    if any(member in names for member in _ZIP_MEMBERS.values()):
        return
    other = next((kind for member, kind in _OTHER_ZIPS.items() if member in names), "")
    kind = f" (thực ra là tệp {other})" if other else ""
    raise WorkbookProblem(problem("file_not_workbook", file=rel, ext=suffix, kind=kind))


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


def _read_formulas(path: Path) -> dict[str, dict[str, Any]]:
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return {}
    import openpyxl  # only on the slow path: a blank cell that might be a formula

    found: dict[str, dict[str, Any]] = {}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not read
            formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
            cached = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:
        return {}
    try:
        for ws in formulas.worksheets:
            cells = {
                cell.coordinate: None
                for row in ws.iter_rows()
                for cell in row
                if isinstance(getattr(cell, "value", None), str) and cell.value.startswith("=")
            }
            if cells:
                for row in cached[ws.title].iter_rows():
                    for cell in row:
                        if getattr(cell, "coordinate", None) in cells:
                            cells[cell.coordinate] = cell.value
            found[ws.title] = cells
    except Exception:
        return found
    finally:
        formulas.close()
        cached.close()
    return found
