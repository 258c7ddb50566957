"""`<output>/<year>/loi/`: a copy of each workbook with errors, faulty cells red with a comment."""

from __future__ import annotations

import re
import warnings
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from ..problems import Problem, Words, command_line, errors, warning
from .manifest import create_new, is_within

RED = "FFC7CE"
_CELL = re.compile(r"^[A-Z]{1,3}\d+$")
_MARKABLE = (".xlsx", ".xlsm")
# openpyxl holds every cell and row of a workbook it edits: a workbook formatted down to its
# last row (80 MB of XML) takes it a minute and GBs. Larger workbooks get no marked copy.
MARKABLE_MB = 8
MAX_MARKS = 300  # cells marked in one copy; the list on screen names every problem


def write_error_books(
    problems: list[Problem], files: dict[str, Path], folder: Path, words: Words = command_line
) -> tuple[list[Path], list[Problem]]:
    """Marked copies of the faulty .xlsx/.xlsm files; returns the copies written, and warnings
    for the files left without one (too large) or marked only in part. `words`: how the next
    steps a message names read (the command line's, as on screen).

    A copy that cannot be made (a damaged file, a copy left open in Excel) is left out: the
    list on screen still names every problem. The caller removes the earlier copies first. An .xlsm is copied as .xlsx, without its macros:
    nothing the tool writes can run.
    """
    by_file: dict[str, list[Problem]] = defaultdict(list)
    for found in errors(problems):
        if found.file in files and found.sheet and files[found.file].suffix.lower() in _MARKABLE:
            by_file[found.file].append(found)
    written: list[Path] = []
    notes: list[Problem] = []
    for rel, found in sorted(by_file.items()):
        if _inflated_mb(files[rel]) > MARKABLE_MB:
            notes.append(warning("marked_copy_skipped", file=rel, limit=MARKABLE_MB))
            continue
        copy = (folder / rel).with_suffix(".xlsx")
        if copy.exists() or copy.is_symlink() or not _inside_output(folder, copy):
            # the tool's earlier copies are gone: this is a file (or a link) staff put there
            notes.append(warning("marked_copy_taken", file=rel, value=str(copy)))
            continue
        if _mark_copy(files[rel], found[:MAX_MARKS], copy, words):
            written.append(copy)
            if len(found) > MAX_MARKS:
                notes.append(warning("marked_copy_partial", file=rel, marked=MAX_MARKS, count=len(found) - MAX_MARKS))
    return written, notes


def _inflated_mb(path: Path) -> float:
    try:
        with zipfile.ZipFile(path) as archive:
            return sum(info.file_size for info in archive.infolist()) / 1024 / 1024
    except (zipfile.BadZipFile, OSError, ValueError):
        return 0.0  # not a zip: openpyxl refuses it below


def _mark_copy(source: Path, found: list[Problem], copy: Path, words: Words) -> bool:
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not keep
            book = load_workbook(source)
    except Exception:  # damaged, or not really a workbook: there is nothing to mark
        return False
    notes: dict[tuple[str, str], list[str]] = defaultdict(list)
    for item in found:
        if item.sheet in book.sheetnames:
            notes[(item.sheet, _cell(item))].append(item.text(words))
    for (sheet, cell), messages in notes.items():
        _mark(book[sheet], cell, messages)
    try:
        copy.parent.mkdir(parents=True, exist_ok=True)
        handle = create_new(copy, replace=False)  # never through a link put there meanwhile
    except OSError:
        return False
    try:
        with handle:
            book.save(handle)
    except OSError:
        copy.unlink(missing_ok=True)  # the half-written copy this run made
        return False
    return True


def _inside_output(folder: Path, copy: Path) -> bool:
    """`loi/` and the copy's folder in it lie inside the output folder, no link leading elsewhere."""
    return is_within(folder.parent, folder) and is_within(folder, copy.parent)


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
