"""Where the blocks and their workbooks are in a year folder (SPEC §2)."""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..problems import Problem, problem
from ..text import folded
from .workbook import WORKBOOK_SUFFIXES

BLOCK_FILE = "khoi.xlsx"
# Score sheets may sit in sub-folders of a block (`diem/`, `diem/dot1/`); deeper is a mistake
# (a folder copied into itself), and walking it would not end.
MAX_DEPTH = 8
# Staff's own templates (SPEC §3): `mau/` in the input folder, a year folder or a block folder
# holds Word templates, never a block or its score sheets.
STAFF_FOLDER = "mau"


@dataclass(frozen=True)
class BlockFolder:
    """A block's folder; `name` is its sub-folder name, empty when the year folder is the block."""

    name: str
    path: Path
    block_file: Path | None
    # other files named khoi.xlsx but for the case of a letter (`Khoi.xlsx` beside `khoi.xlsx`)
    other_block_files: tuple[Path, ...] = field(default=())
    # an earlier block folder whose name differs from this one's only by case (`KhoiA`, `khoia`):
    # one folder on Windows and macOS, where their outputs would replace each other
    same_name_as: str = ""


def find_blocks(year_dir: Path, skip: frozenset[Path] = frozenset()) -> list[BlockFolder]:
    """The year folder itself when it holds `khoi.xlsx`, else each sub-folder that holds one.
    `skip`: the tool's own files (marked copies), when the output was put inside the input."""
    own = _block_folder("", year_dir, skip)
    if own is not None:
        return [own]
    blocks = []
    seen: dict[str, str] = {}
    for entry in sorted(year_dir.iterdir(), key=lambda p: p.name):
        if entry.is_dir() and not _hidden(entry.name) and not _staff_folder(entry.name):
            found = _block_folder(entry.name, entry, skip)
            if found is not None:
                alike = unicodedata.normalize("NFC", entry.name).casefold()
                if alike in seen:
                    found = replace(found, same_name_as=seen[alike])
                seen.setdefault(alike, entry.name)
                blocks.append(found)
    return blocks or [BlockFolder("", year_dir, None)]


def block_path(folder: Path) -> Path | None:
    """The folder's `khoi.xlsx`, matched without regard to case."""
    for entry in sorted(folder.iterdir()) if folder.is_dir() else []:
        if entry.is_file() and entry.name.lower() == BLOCK_FILE:
            return entry
    return None


def _block_folder(name: str, folder: Path, skip: frozenset[Path]) -> BlockFolder | None:
    found = block_path(folder)
    if found is None or found.resolve() in skip:
        return None
    others = tuple(
        p for p in sorted(folder.iterdir()) if p.name.lower() == BLOCK_FILE and p != found and p.resolve() not in skip
    )
    return BlockFolder(name, folder, found, others)


def _hidden(name: str) -> bool:
    return name.startswith((".", "~$"))


def _staff_folder(name: str) -> bool:
    """`mau`, also as Windows and macOS see it (any case)."""
    return unicodedata.normalize("NFC", name).casefold() == STAFF_FOLDER


@dataclass
class Workbooks:
    """The block's workbooks other than `khoi.xlsx`, and folders too deep to look into."""

    files: list[Path]
    problems: list[Problem]


def workbook_files(folder: BlockFolder, skip: frozenset[Path] = frozenset(), rel_to: Path | None = None) -> Workbooks:
    """Every workbook of the block other than `khoi.xlsx`, in a stable order. A link or a special
    file named like a workbook is listed too: opening it tells what it is. Folders are walked
    without following links (a link to a parent would never end)."""
    found: list[Path] = []
    problems: list[Problem] = []
    pending = [(folder.path, 0)]
    while pending:
        current, depth = pending.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if _hidden(entry.name):
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if is_dir:
                if depth == 0 and _staff_folder(entry.name):
                    continue  # the block's own templates
                if depth + 1 > MAX_DEPTH:
                    where = path.relative_to(rel_to).as_posix() if rel_to else str(path)
                    problems.append(problem("folder_too_deep", file=where, limit=MAX_DEPTH))
                    continue
                pending.append((path, depth + 1))
            elif path.suffix.lower() in WORKBOOK_SUFFIXES and path != folder.block_file:
                if path.resolve() not in skip and path not in folder.other_block_files:
                    found.append(path)
    return Workbooks(sorted(found), problems)


def block_file_hint(folder: Path) -> str:
    """`. Có tệp "Khối.xlsx": hãy đổi tên thành khoi.xlsx`, or what else the folder lacks."""
    entries = sorted(folder.rglob("*")) if folder.is_dir() else []
    books = [p for p in entries if p.is_file() and p.suffix.lower() in WORKBOOK_SUFFIXES
             and not p.name.startswith(("~$", "."))]
    near = [p for p in books if folded(p.stem).startswith("khoi")]
    if near:
        name = near[0].relative_to(folder).as_posix()
        return f". Có tệp \"{name}\": nếu đây là tệp của khối, hãy đổi tên thành khoi.xlsx và đặt ở thư mục này"
    if not books:
        return ". Thư mục chưa có tệp Excel nào: hãy chép khoi.xlsx và các bảng chấm điểm vào đây"
    return ". Hãy chép tệp khoi.xlsx của khối vào thư mục này"
