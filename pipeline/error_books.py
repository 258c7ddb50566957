"""`<output>/<year>/loi/`: a copy of each workbook with errors, faulty cells red with a comment."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from .outputs import remove_tree
from .problems import Problem, errors

RED = "FFC7CE"
_CELL = re.compile(r"^[A-Z]{1,3}\d+$")


def write_error_books(problems: list[Problem], files: dict[str, Path], folder: Path) -> list[Path]:
    """Marked copies of the faulty .xlsx/.xlsm files; returns the copies written."""
    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    remove_tree(folder)
    by_file: dict[str, list[Problem]] = defaultdict(list)
    for found in errors(problems):
        if found.file in files and found.sheet:
            by_file[found.file].append(found)
    written: list[Path] = []
    fill = PatternFill("solid", fgColor=RED)
    for rel, found in sorted(by_file.items()):
        source = files[rel]
        if source.suffix.lower() not in (".xlsx", ".xlsm"):
            continue
        try:
            book = load_workbook(source, keep_vba=source.suffix.lower() == ".xlsm")
        except Exception:  # the file is damaged: there is nothing to mark
            continue
        notes: dict[tuple[str, str], list[str]] = defaultdict(list)
        for item in found:
            if item.sheet not in book.sheetnames:
                continue
            cell = item.cell if _CELL.match(item.cell) else (f"A{item.row}" if item.row else "A1")
            notes[(item.sheet, cell)].append(item.message)
        for (sheet, cell), messages in notes.items():
            target = book[sheet][cell]
            target.fill = fill
            target.comment = Comment("\n".join(messages), "Thi đua", width=320, height=140)
        copy = folder / rel
        copy.parent.mkdir(parents=True, exist_ok=True)
        book.save(copy)
        written.append(copy)
    return written
