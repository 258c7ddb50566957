"""Putting a run's files in place so that no earlier document is ever lost.

New files are written to a hidden staging folder first and flushed to the disk. A journal then
names every step of the move (each earlier file set aside, each new file put in its place), and
is flushed to the disk before the first step. If the run is stopped in the middle (an error, Ctrl+C, a kill, a power
cut), the steps are undone: at once when the process can, else by the next run, which reads the
journal before anything else. Once every new file is in place the journal is marked done; only
then are the set-aside files removed and the manifests (what the tool wrote, `manifest.py`)
updated. Staff never see half of a set, and the next run never finds leftovers to pile up.

A document staff edited after the last run (it matches neither what the tool wrote there nor
what it writes now) is not set aside for removal but kept beside the new one under a new name.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import OutputError
from .manifest import MANIFEST_NAME, digest, read_manifest, sync_folder, write_durably, write_manifest

JOURNAL_NAME = ".thidua-journal.json"
STAGING_PREFIX = ".staging-"
KEPT_MARK = "_ban_da_sua"  # bao_cao_tong_ket_2020.docx -> bao_cao_tong_ket_2020_ban_da_sua.docx


@dataclass
class Written:
    files: list[Path] = field(default_factory=list)
    kept: list[tuple[Path, Path]] = field(default_factory=list)  # (document, the edited version kept)


@dataclass
class _Step:
    target: str  # paths relative to the root of the move, in POSIX form
    staged: str | None  # None: a stale file (the PDF of an earlier document), only set aside
    aside: str | None  # where the earlier file goes; None when there is none
    keep: bool = False  # the earlier file is a document staff edited: it stays where it was set aside


def staging_folder(root: Path) -> Path:
    """A private folder for a run's new files, inside `root` so that moves are renames."""
    try:
        root.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root))
    except OSError as exc:
        raise OutputError(root, exc) from exc


def write_atomically(files: dict[Path, bytes], record: bool = True) -> Written:
    """Write a set of files all or none (forms, ballots, next year's workbook). With `record`, they
    are the tool's outputs: listed in the manifests, and an edited one is kept before it is replaced
    (`Written.kept` says where)."""
    if not files:
        return Written()
    from .lock import FolderLock

    root = Path(os.path.commonpath([str(path.parent) for path in files]))
    with FolderLock(root):
        recover(root)
        staging = staging_folder(root)
        try:
            moves: dict[Path, Path] = {}
            for index, (path, data) in enumerate(files.items()):
                staged = staging / f"{index}{path.suffix}"
                try:
                    staged.write_bytes(data)
                except OSError as exc:
                    raise OutputError(path, exc) from exc
                moves[path] = staged
            return commit(root, moves, record=record)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def commit(root: Path, moves: dict[Path, Path], stale: dict[Path, Path] | None = None, record: bool = True) -> Written:
    """Move each staged file (`moves`: target -> staged) into place under `root`, all or none.
    `stale`: a file made from a target (its PDF) -> that target; it is taken away with the move
    only when its target is replaced, and stays beside a target left as it was."""
    steps, manifests, written = _plan(root, moves, stale or {}, record)
    journal = root / JOURNAL_NAME
    current = journal
    try:
        write_durably(journal, _journal_text("moving", steps, manifests))
        for step in steps:
            current = root / step.target
            current.parent.mkdir(parents=True, exist_ok=True)
            if step.aside is not None:
                os.replace(current, root / step.aside)
            if step.staged is not None:
                os.replace(root / step.staged, current)
        for folder in {(root / step.target).parent for step in steps}:
            sync_folder(folder)
        write_durably(journal, _journal_text("done", steps, manifests))
    except BaseException as exc:  # an OSError, or Ctrl+C in the middle: put everything back
        left = _roll_back(root, steps)
        if not left:
            journal.unlink(missing_ok=True)
            journal.with_name(f"{JOURNAL_NAME}.tmp").unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(current, exc, [root / p for p in left]) from exc
        raise
    _finish(root, steps, manifests)
    return written


def recover(root: Path) -> bool:
    """Finish or undo a move a stopped run left in `root`, and remove its staging folders.
    True when earlier documents were put back."""
    journal = root / JOURNAL_NAME
    restored = False
    if journal.is_file():
        try:
            data = json.loads(journal.read_text(encoding="utf-8"))
            steps = [_Step(**step) for step in data["steps"]]
            manifests = {key: dict(value) for key, value in data["manifests"].items()}
            state = data["state"]
        except (OSError, ValueError, KeyError, TypeError):
            state, steps, manifests = "unreadable", [], {}
        if state == "done":
            _finish(root, steps, manifests)
        else:
            left = _roll_back(root, steps)
            if left:
                raise OutputError(root / left[0], PermissionError(13, "không trả lại được"), [root / p for p in left])
            journal.unlink(missing_ok=True)
            restored = bool(steps)
    if root.is_dir():
        for entry in root.glob(f"{STAGING_PREFIX}*"):
            shutil.rmtree(entry, ignore_errors=True)
        restored = _set_aside_leftovers(root) or restored
        for pattern in (".thidua-*.tmp", "*/.thidua-*.tmp"):  # a journal or manifest cut off mid-write
            for entry in root.glob(pattern):
                entry.unlink(missing_ok=True)
    return restored


def _set_aside_leftovers(root: Path) -> bool:
    """Earlier files set aside that no journal names (an older version of the tool, or one whose
    removal failed): put back where their document is missing, else removed. True if any was put back."""
    put_back = False
    for aside in [*root.glob(".*.cu"), *root.glob("*/.*.cu")]:
        target = aside.with_name(aside.name[1:-3])
        try:
            if target.exists():
                aside.unlink()
            else:
                os.replace(aside, target)
                put_back = True
        except OSError:
            continue
    return put_back


def _plan(
    root: Path, moves: dict[Path, Path], stale: dict[Path, Path], record: bool
) -> tuple[list[_Step], dict[str, dict[str, str]], Written]:
    """The steps of the move; the manifests as they will be once it is done; what is written."""
    steps: list[_Step] = []
    manifests: dict[str, dict[str, str]] = {}
    earlier: dict[str, dict[str, str]] = {}  # what the last run wrote, folder by folder
    written = Written()
    unchanged: set[Path] = set()

    def rel(path: Path) -> str:
        return path.relative_to(root).as_posix()

    try:
        for target, staged in moves.items():
            if target.is_dir():
                raise OutputError(target, IsADirectoryError(21, "có một thư mục trùng tên"))
            folder = rel(target.parent)
            if folder not in manifests:
                earlier[folder] = read_manifest(target.parent) if record else {}
                manifests[folder] = dict(earlier[folder])
            new = digest(staged)
            _flush(staged)
            written.files.append(target)
            if record:
                manifests[folder][target.name] = new
            if not (target.exists() or target.is_symlink()):
                steps.append(_Step(rel(target), rel(staged), None))
                continue
            old = digest(target) if target.is_file() else ""
            if old == new:
                unchanged.add(target)
                continue  # the same bytes: left as they are
            last = earlier[folder].get(target.name) if record else None
            if not record or old == last:
                steps.append(_Step(rel(target), rel(staged), rel(_aside(target))))
                continue
            kept = _kept_name(target, {rel(root / s.aside) for s in steps if s.aside})
            steps.append(_Step(rel(target), rel(staged), rel(kept), keep=True))
            written.kept.append((target, kept))
            manifests[folder][kept.name] = old
        for path, source in stale.items():
            if path.exists() and path not in moves and source not in unchanged:
                steps.append(_Step(rel(path), None, rel(_aside(path))))
    except OSError as exc:
        raise OutputError(root, exc) from exc
    return steps, manifests, written


def _flush(path: Path) -> None:
    """A new file flushed to the disk before the journal names it: after a power cut a document
    moved into place is whole, never the empty file a disk that had not written it would show."""
    with path.open("r+b") as handle:
        os.fsync(handle.fileno())


def _aside(path: Path) -> Path:
    return path.with_name(f".{path.name}.cu")


def _kept_name(target: Path, taken: set[str]) -> Path:
    """`bao_cao_tong_ket_2020_ban_da_sua.docx`, then `..._ban_da_sua_2.docx`, never an existing file."""
    number = 1
    while True:
        mark = KEPT_MARK if number == 1 else f"{KEPT_MARK}_{number}"
        candidate = target.with_name(f"{target.stem}{mark}{target.suffix}")
        if not (candidate.exists() or candidate.is_symlink()) and candidate.name not in taken:
            return candidate
        number += 1


def _roll_back(root: Path, steps: list[_Step]) -> list[str]:
    """Undo the steps (each one only if it was done), last first; returns what could not be put back."""
    left: list[str] = []
    for step in reversed(steps):
        target = root / step.target
        try:
            if step.aside is not None:
                if (root / step.aside).exists():
                    os.replace(root / step.aside, target)
            elif step.staged is not None and target.exists() and not (root / step.staged).exists():
                target.unlink()  # no earlier file was there: the new one goes
        except OSError:
            left.append(step.aside or step.target)
    if steps:
        for folder in {(root / step.target).parent for step in steps}:
            sync_folder(folder)
    return left


def _finish(root: Path, steps: list[_Step], manifests: dict[str, dict[str, str]]) -> None:
    """After every new file is in place: the manifests, then the set-aside files, then the journal."""
    for folder, files in manifests.items():
        try:
            write_manifest(root / folder, files)
        except OSError:
            pass  # an edited document is then kept on the next run rather than replaced: safe
    for step in steps:
        if step.aside is not None and not step.keep:
            try:
                (root / step.aside).unlink(missing_ok=True)
            except OSError:
                pass  # a hidden leftover of an earlier document; the new set is complete
    (root / JOURNAL_NAME).unlink(missing_ok=True)


def _journal_text(state: str, steps: list[_Step], manifests: dict[str, dict[str, str]]) -> bytes:
    data = {"state": state, "steps": [step.__dict__ for step in steps], "manifests": manifests}
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def remove_own(folder: Path) -> None:
    """Remove the files the tool wrote in `folder` and below (its manifests say which), and the
    folders left empty: a folder staff made there, with their files, stays."""
    if not folder.is_dir():
        return
    for sub in sorted((p for p in folder.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)) + [folder]:
        for name in read_manifest(sub):
            (sub / name).unlink(missing_ok=True)
        (sub / MANIFEST_NAME).unlink(missing_ok=True)
        try:
            sub.rmdir()
        except OSError:
            pass  # not empty: it holds files staff put there


def record_written(files: list[Path]) -> None:
    """Add files written directly (marked copies) to the manifests of their folders."""
    by_folder: dict[Path, list[Path]] = {}
    for path in files:
        by_folder.setdefault(path.parent, []).append(path)
    for folder, paths in by_folder.items():
        listed = read_manifest(folder) | {p.name: digest(p) for p in paths}
        write_manifest(folder, listed)
