"""Opening workbooks: their visible sheets as grids of values, and every way a file can be wrong.

Values are read with calamine (fast, and it reads .xls and .ods too). openpyxl is opened only
on the slow path, to tell a blank cell from a formula Excel never calculated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook, SheetVisibleEnum

from .problems import Problem, problem
from .text import cell_name

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
MAX_FILE_MB = 20
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")


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
    _formulas: dict[str, set[str]] | None = field(default=None, repr=False)

    def sheet(self, name_key: str) -> Sheet | None:
        from .text import key

        return next((s for s in self.sheets if key(s.name) == name_key), None)

    def formula_cells(self, sheet: str) -> set[str]:
        """Cells of `sheet` holding a formula (like `F14`); empty for formats without formulas."""
        if self._formulas is None:
            self._formulas = _read_formulas(self.path)
        return self._formulas.get(sheet, set())

    def is_formula(self, sheet: str, row: int, col: int) -> bool:
        return cell_name(row, col) in self.formula_cells(sheet)


class WorkbookProblem(Exception):
    def __init__(self, found: Problem) -> None:
        self.problem = found
        super().__init__(found.format())


def open_workbook(path: Path, rel: str) -> Workbook:
    """Read every visible sheet of the file at `path`; `rel` names it in messages."""
    suffix = path.suffix.lower()
    size = path.stat().st_size
    if size == 0:
        raise WorkbookProblem(problem("file_empty", file=rel))
    if size > MAX_FILE_MB * 1024 * 1024:
        raise WorkbookProblem(
            problem("file_too_large", file=rel, size=round(size / 1024 / 1024, 1), limit=MAX_FILE_MB)
        )
    with path.open("rb") as handle:
        head = handle.read(8)
    if suffix in (".xlsx", ".xlsm", ".ods") and head[:4] != _ZIP_MAGIC:
        if head == _OLE_MAGIC and _ENCRYPTED_MARK in path.read_bytes():
            raise WorkbookProblem(problem("file_password", file=rel))
        if head != _OLE_MAGIC:
            raise WorkbookProblem(problem("file_not_workbook", file=rel, ext=suffix))
    if suffix == ".xls" and head == _OLE_MAGIC and _ENCRYPTED_MARK in path.read_bytes():
        raise WorkbookProblem(problem("file_password", file=rel))
    try:
        with path.open("rb") as handle:
            book = CalamineWorkbook.from_filelike(handle)
            sheets = [
                Sheet(meta.name, book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False))
                for meta in book.sheets_metadata
                if meta.visible == SheetVisibleEnum.Visible
            ]
    except Exception as exc:  # calamine raises its own types for every kind of damage
        raise WorkbookProblem(problem("file_unreadable", file=rel, detail=_short(exc))) from exc
    return Workbook(path, rel, sheets)


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:160]


def _read_formulas(path: Path) -> dict[str, set[str]]:
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return {}
    import openpyxl  # only on the slow path: a blank cell that might be an uncalculated formula

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception:
        return {}
    found: dict[str, set[str]] = {}
    try:
        for ws in book.worksheets:
            cells: set[str] = set()
            for row in ws.iter_rows():
                for cell in row:
                    value = getattr(cell, "value", None)
                    if isinstance(value, str) and value.startswith("="):
                        cells.add(cell.coordinate)
            found[ws.title] = cells
    finally:
        book.close()
    return found
