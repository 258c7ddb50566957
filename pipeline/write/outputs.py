"""Writing files so that a run never leaves a half-written one, nor half of a set."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..problems import OutputError


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


def move_all(moves: list[tuple[Path, Path]], stale: list[Path] | None = None) -> list[Path]:
    """Move each (source, target) into place, all or none, and remove the `stale` files (a PDF
    of an earlier document) with them. Earlier files are set aside first and put back if any
    step fails (a document open in Word on Windows), so staff never get half a set."""
    for _, target in moves:
        if target.is_dir():
            raise OutputError(target, IsADirectoryError(21, "có một thư mục trùng tên"))
    steps = [(source, target) for source, target in moves] + [(None, path) for path in stale or [] if path.exists()]
    set_aside: list[tuple[Path, Path]] = []
    placed: list[Path] = []
    current = steps[0][1] if steps else Path()
    try:
        for source, target in steps:
            current = target
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                old = target.with_name(f".{target.name}.cu")
                os.replace(target, old)
                set_aside.append((old, target))
            if source is not None:
                os.replace(source, target)
                placed.append(target)
    except BaseException as exc:  # an OSError, or Ctrl+C in the middle: put everything back
        left = _roll_back(placed, set_aside)
        if isinstance(exc, OSError):
            raise OutputError(current, exc, left) from exc
        raise
    for old, _ in set_aside:
        try:
            old.unlink()
        except OSError:
            pass  # a hidden leftover of an earlier document; the new set is complete
    return placed


def _roll_back(placed: list[Path], set_aside: list[tuple[Path, Path]]) -> list[Path]:
    """Undo what `move_all` did, step by step even when one step fails; returns what is left over."""
    restored = {target for _, target in set_aside}
    left: list[Path] = []
    for target in placed:
        if target not in restored:
            try:
                target.unlink(missing_ok=True)
            except OSError:
                left.append(target)
    for old, target in reversed(set_aside):
        try:
            os.replace(old, target)
        except OSError:
            left.append(old)
    return left


def remove_tree(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
