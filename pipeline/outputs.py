"""Writing files so that a run never leaves a half-written one, nor half of a set."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .problems import OutputError


def write_atomically(files: dict[Path, bytes]) -> list[Path]:
    """Write every file beside its target first, then move them all into place."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                temp = path.with_name(f".{path.name}.tmp")
                temp.write_bytes(data)
            except OSError as exc:
                raise OutputError(path, exc) from exc
            staged.append((temp, path))
        return move_all(staged)
    finally:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)


def move_all(moves: list[tuple[Path, Path]]) -> list[Path]:
    """Move each (source, target) into place, all or none: earlier files are set aside first and
    put back if any move fails (a document open in Word on Windows), so staff never get half a set."""
    for _, target in moves:
        if target.is_dir():
            raise OutputError(target, IsADirectoryError(21, "có một thư mục trùng tên"))
    set_aside: list[tuple[Path, Path]] = []
    placed: list[Path] = []
    try:
        for source, target in moves:
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                old = target.with_name(f".{target.name}.cu")
                os.replace(target, old)
                set_aside.append((old, target))
            os.replace(source, target)
            placed.append(target)
    except OSError as exc:
        failed = target
        for target in placed:
            target.unlink(missing_ok=True)
        for old, target in reversed(set_aside):
            os.replace(old, target)
        raise OutputError(failed, exc) from exc
    for old, _ in set_aside:
        old.unlink(missing_ok=True)
    return placed


def remove_tree(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
