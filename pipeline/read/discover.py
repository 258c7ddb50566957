"""Where the blocks and their workbooks are in a year folder (SPEC §2)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .khoi import block_path
from .workbook import WORKBOOK_SUFFIXES


@dataclass(frozen=True)
class BlockFolder:
    """A block's folder; `name` is its sub-folder name, empty when the year folder is the block."""

    name: str
    path: Path
    block_file: Path | None


def find_blocks(year_dir: Path) -> list[BlockFolder]:
    """The year folder itself when it holds `khoi.xlsx`, else each sub-folder that holds one."""
    own = block_path(year_dir)
    if own is not None:
        return [BlockFolder("", year_dir, own)]
    blocks = []
    for entry in sorted(year_dir.iterdir(), key=lambda p: p.name):
        if entry.is_dir() and not _ignored(entry.name):
            found = block_path(entry)
            if found is not None:
                blocks.append(BlockFolder(entry.name, entry, found))
    return blocks or [BlockFolder("", year_dir, None)]


# What the pipeline writes (marked error copies, blank forms): when staff point the output at the
# input folder, these must not be read back as a second score sheet of each unit.
_OWN_FOLDERS = {"loi", "phieu_cham_diem"}


def _ignored(name: str) -> bool:
    return name.startswith((".", "~$")) or name in _OWN_FOLDERS


def workbook_files(folder: BlockFolder) -> list[Path]:
    """Every workbook of the block other than `khoi.xlsx`, in a stable order."""
    found = []
    for path in sorted(folder.path.rglob("*")):
        parts = path.relative_to(folder.path).parts
        if any(_ignored(part) for part in parts) or not path.is_file():
            continue
        if path.suffix.lower() in WORKBOOK_SUFFIXES and path != folder.block_file:
            found.append(path)
    return found
