"""`<output>/<year>/loi/`: a copy of each workbook with errors, faulty cells red with a comment."""

from __future__ import annotations

import re
import shutil
import warnings
from collections import defaultdict
from pathlib import Path
from typing import Any

from ..problems import Problem, errors

RED = "FFC7CE"
_CELL = re.compile(r"^[A-Z]{1,3}\d+$")
_MARKABLE = (".xlsx", ".xlsm")


def write_error_books(problems: list[Problem], files: dict[str, Path], folder: Path) -> list[Path]:
    """Marked copies of the faulty .xlsx/.xlsm files; returns the copies written.

    A copy that cannot be made (a damaged file, a copy left open in Excel) is left out: the
    list on screen still names every problem.
    """
    # A copy left open in Excel cannot be removed on Windows: leave it, and write the others.
    shutil.rmtree(folder, ignore_errors=True)
    by_file: dict[str, list[Problem]] = defaultdict(list)
    for found in errors(problems):
        if found.file in files and found.sheet and files[found.file].suffix.lower() in _MARKABLE:
            by_file[found.file].append(found)
    written: list[Path] = []
    for rel, found in sorted(by_file.items()):
        copy = folder / rel
        if _mark_copy(files[rel], found, copy):
            written.append(copy)
    return written


def _mark_copy(source: Path, found: list[Problem], copy: Path) -> bool:
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not keep
            book = load_workbook(source, keep_vba=source.suffix.lower() == ".xlsm")
    except Exception:  # damaged, or not really a workbook: there is nothing to mark
        return False
    notes: dict[tuple[str, str], list[str]] = defaultdict(list)
    for item in found:
        if item.sheet in book.sheetnames:
            notes[(item.sheet, _cell(item))].append(item.message)
    for (sheet, cell), messages in notes.items():
        _mark(book[sheet], cell, messages)
    try:
        copy.parent.mkdir(parents=True, exist_ok=True)
        book.save(copy)
    except OSError:
        return False
    return True


def _cell(item: Problem) -> str:
    if _CELL.match(item.cell):
        return item.cell
    return f"A{item.row}" if item.row else "A1"


def _mark(sheet: Any, cell: str, messages: list[str]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    target = sheet[cell]
    for merged in sheet.merged_cells.ranges:  # only a merged range's first cell holds a comment
        if cell in merged:
            target = sheet.cell(merged.min_row, merged.min_col)
            break
    target.fill = PatternFill("solid", fgColor=RED)
    text = "\n".join(dict.fromkeys(messages))
    if target.comment is not None and target.comment.text:
        text = f"{text}\n\n(Ghi chú cũ: {target.comment.text})"
    lines = sum(len(line) // 40 + 1 for line in text.splitlines())
    target.comment = Comment(text, "Thi đua", width=320, height=min(600, 24 + 18 * lines))
