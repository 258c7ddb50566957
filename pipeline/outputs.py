"""Writing files so that a run never leaves a half-written one."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def write_atomically(files: dict[Path, bytes]) -> list[Path]:
    """Write every file beside its target first, then move each into place."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            temp = path.with_name(f".{path.name}.tmp")
            temp.write_bytes(data)
            staged.append((temp, path))
        for temp, path in staged:
            os.replace(temp, path)
    finally:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
    return [path for _, path in staged]


def remove_tree(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
