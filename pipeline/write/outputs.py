"""Putting a run's files in place so that no earlier document is ever lost.

New files are written to a hidden staging folder first and flushed to the disk. A journal then
names every step of the move (each earlier file set aside, each new file put in its place), and
is flushed to the disk before the first step. If the run is stopped in the middle (an error, Ctrl+C, a kill, a power
cut), the steps are undone: at once when the process can, else by the next run, which reads the
journal before anything else. Once every new file is in place the journal is marked done; only
then are the set-aside files removed and the manifests (what the tool wrote, `manifest.py`)
updated. Staff never see half of a set, and the next run never finds leftovers to pile up.

A document staff edited after the last run (it matches neither what the tool wrote there nor
what it writes now) is not set aside for removal but kept beside the new one under a new name;
so is one saved while the move runs (each set-aside file is compared again once the move is
done), and a PDF staff made or changed whose document is replaced.

The journal, like the manifests, is input on the next start: each step it names must stay
inside the output folder and name a file of the kind the tool writes (a staged file in a
staging folder, an earlier one set aside beside its document); any other step is left out
with a warning naming the journal, never carried out.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Collection, Mapping

from ..problems import OutputError, Problem, UsageError, warning
from .manifest import (
    MANIFEST_NAME, MARKED_SUFFIXES, checked_files, digest, digest_of, is_within, load_state, name_fault, read_manifest, tell_ignored,
    flush_all, write_durably, write_manifest,
)

JOURNAL_NAME = ".thidua-journal.json"
STAGING_PREFIX = ".staging-"
KEPT_MARK = "_ban_da_sua"  # bao_cao_tong_ket_2020.docx -> bao_cao_tong_ket_2020_ban_da_sua.docx


@dataclass
class Written:
    files: list[Path] = field(default_factory=list)
    kept: list[tuple[Path, Path]] = field(default_factory=list)  # (document, the edited version kept)
    notes: list[Problem] = field(default_factory=list)  # about the tool's own files it found (warnings)


@dataclass
class _Step:
    target: str  # paths relative to the root of the move, in POSIX form
    staged: str | None  # None: a stale file (the PDF of an earlier document), only set aside
    aside: str | None  # where the earlier file goes; None when there is none
    keep: bool = False  # the earlier file is a document staff edited: it stays where it was set aside
    seen: str | None = None  # the earlier file's checksum when the move was planned


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
    notes: list[Problem] = []
    with FolderLock(root):
        recover(root, notes)
        staging = staging_folder(root)
        try:
            moves: dict[Path, Path] = {}
            checksums: dict[Path, str] = {}
            for index, (path, data) in enumerate(files.items()):
                staged = staging / f"{index}{path.suffix}"
                try:
                    checksums[staged] = write_staged(staged, data)
                except OSError as exc:
                    raise OutputError(path, exc) from exc
                moves[path] = staged
            written = commit(root, moves, record=record, checksums=checksums)
            written.notes[:0] = notes
            return written
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def write_staged(path: Path, data: bytes) -> str:
    """A staged file written; returns its checksum, of the bytes in hand, for `commit` (which
    would otherwise read the file back)."""
    path.write_bytes(data)
    return digest_of(data)


def write_staged_files(folder: Path, files: Mapping[str, bytes]) -> dict[Path, str]:
    """A set of files staged under `folder` by their relative names (a block's documents, its
    `ho_so/` reports), folders made as needed; returns each staged file -> its checksum, in the
    order given."""
    made: set[Path] = set()
    checksums: dict[Path, str] = {}
    for name, data in files.items():
        staged = folder / name
        _make_folder(staged.parent, made)
        checksums[staged] = write_staged(staged, data)
    return checksums


def _make_folder(folder: Path, made: set[Path]) -> None:
    """`folder` made (with its parents) unless `made` has it: a block's files share a few folders."""
    if folder not in made:
        folder.mkdir(parents=True, exist_ok=True)
        made.add(folder)


def commit(root: Path, moves: dict[Path, Path], stale: dict[Path, Path] | None = None, record: bool = True,
           checksums: Mapping[Path, str] | None = None, flushed: Collection[Path] = ()) -> Written:
    """Move each staged file (`moves`: target -> staged) into place under `root`, all or none.
    `stale`: a file made from a target (its PDF) -> that target; it is taken away with the move
    only when its target is replaced, and stays beside a target left as it was. `checksums`: the
    staged files' checksums where known (`write_staged`); the others' are read. `flushed`: staged
    files already flushed to the disk (`manifest.flush_file`); the others are flushed here."""
    steps, manifests, written = _plan(root, moves, stale or {}, record, checksums or {}, flushed)
    journal = root / JOURNAL_NAME
    current = journal
    made: set[Path] = set()  # the folders made (or found) already
    try:
        write_durably(journal, _journal_text("moving", steps, manifests))
        for step in steps:
            current = root / step.target
            _make_folder(current.parent, made)
            if step.aside is not None:
                os.replace(current, root / step.aside)
            if step.staged is not None:
                for _ in range(3):
                    if _place(root / step.staged, current):
                        break
                    _keep_late(written, current)  # a file saved there since the plan
                else:  # a program writing there again and again: stop, and put everything back
                    raise FileExistsError(17, "một chương trình khác liên tục ghi vào tệp này")
        flush_all(sorted({(root / step.target).parent for step in steps}), folders=True)
        _keep_saved_meanwhile(root, steps, written)
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


def _place(staged: Path, target: Path) -> bool:
    """Move a new file in without replacing anything: False when a file is there (staff saved one
    since the plan). A hard link cannot replace a file, so no save is lost even in the instant
    between a look and a rename; a file system without hard links gets the look and the rename."""
    try:
        os.link(staged, target)
    except FileExistsError:
        return False
    except OSError:  # no hard links here (a FAT memory stick, some network shares)
        if target.exists() or target.is_symlink():
            return False
        os.replace(staged, target)
        return True
    os.unlink(staged)
    return True


def _keep_late(written: Written, current: Path) -> None:
    """A file that appeared at a target after the move was planned is staff's: kept under a new
    name, where it stays even if the move is undone."""
    kept = _kept_name(current, set())
    os.replace(current, kept)
    written.kept.append((current, kept))


def _keep_saved_meanwhile(root: Path, steps: list[_Step], written: Written) -> None:
    """Compare each set-aside file again: one saved between the plan and its move (Word saving
    the document just then) differs from what the plan saw, and is kept instead of removed."""
    for step in steps:
        if step.aside is None or step.keep or step.seen is None:
            continue
        aside = root / step.aside
        target = root / step.target
        try:
            if not aside.is_file() or digest(aside) == step.seen:
                continue
            kept = _kept_name(target, {s.aside for s in steps if s.aside})
            os.replace(aside, kept)
        except OSError:
            continue  # left where it was set aside: the next run puts it back or keeps it
        step.aside, step.keep = kept.relative_to(root).as_posix(), True
        written.kept.append((target, kept))


def recover(root: Path, notes: list[Problem] | None = None) -> bool:
    """Finish or undo a move a stopped run left in `root`, and remove its staging folders.
    True when earlier documents were put back. The journal's steps are checked first
    (`_checked_journal`): one that would reach outside `root` is never carried out."""
    journal = root / JOURNAL_NAME
    restored = False
    if journal.is_file() or journal.is_symlink():
        state, steps, manifests = _checked_journal(root, journal, notes)
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
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
        restored = _set_aside_leftovers(root) or restored
        for folder in _own_folders(root):  # a journal or manifest cut off mid-write
            for entry in folder.glob(".thidua-*.tmp"):
                entry.unlink(missing_ok=True)
    return restored


def _own_folders(root: Path) -> list[Path]:
    """`root` and its sub-folders one level down (block folders), never through a link."""
    found = [root]
    try:
        found += [Path(e.path) for e in os.scandir(root) if e.is_dir(follow_symlinks=False)]
    except OSError:
        pass
    return found


_STEP_KEYS = {"target", "staged", "aside", "keep", "seen"}


def _checked_journal(
    root: Path, journal: Path, notes: list[Problem] | None
) -> tuple[str, list[_Step], dict[str, dict[str, str]]]:
    """The journal's state, steps and manifests, each step checked (`_step_fault`)."""
    if journal.is_symlink():
        if notes is not None:
            notes.append(warning("state_file_unreadable", file=str(journal), detail="là một liên kết, không phải tệp"))
        return "unreadable", [], {}
    data = load_state(journal, notes)
    if not isinstance(data, dict) or data.get("state") not in ("moving", "done") \
            or not isinstance(data.get("steps"), list) or not isinstance(data.get("manifests"), dict):
        if data is not None and notes is not None:
            notes.append(warning("state_file_unreadable", file=str(journal), detail="không đúng dạng nhật ký"))
        return "unreadable", [], {}
    steps: list[_Step] = []
    ignored: list[tuple[object, str]] = []
    for raw in data["steps"]:
        fault = _step_fault(root, raw)
        if fault is None:
            steps.append(_Step(**raw))
        else:
            ignored.append((raw, fault))
    manifests: dict[str, dict[str, str]] = {}
    for folder, files in data["manifests"].items():
        if not (folder == "." or _safe_rel(root, folder + "/x")) or not isinstance(files, dict):
            ignored.append((folder, "trỏ ra ngoài thư mục"))
            continue
        manifests[folder] = checked_files(files, journal, notes)
    tell_ignored(notes, journal, ignored)
    return data["state"], steps, manifests


def _safe_rel(root: Path, text: object) -> bool:
    """A relative file path in POSIX form whose folder stays inside `root`, links resolved."""
    if not isinstance(text, str) or not text or "\\" in text or ":" in text or re.search(r"[\x00-\x1f\x7f]", text):
        return False
    path = PurePosixPath(text)
    if path.is_absolute() or len(path.parts) > 8 or any(part in ("", ".", "..") for part in text.split("/")):
        return False
    return is_within(root, (root / text).parent)


def _step_fault(root: Path, raw: Any) -> str | None:
    """Why a step of a journal cannot be one the tool wrote, in Vietnamese; None when it can."""
    if not isinstance(raw, dict) or not {"target", "staged", "aside"} <= set(raw) or not set(raw) <= _STEP_KEYS:
        return "không đúng dạng một bước"
    target, staged, aside = raw["target"], raw["staged"], raw["aside"]
    if not _safe_rel(root, target):
        return "trỏ ra ngoài thư mục"
    where = PurePosixPath(target)
    fault = name_fault(where.name)
    if fault:
        return fault
    if staged is not None and not (_safe_rel(root, staged) and staged.startswith(STAGING_PREFIX) and "/" in staged):
        return "tệp mới không nằm trong thư mục tạm của chương trình"
    if aside is not None:
        if not _safe_rel(root, aside) or PurePosixPath(aside).parent != where.parent:
            return "trỏ ra ngoài thư mục"
        kept = re.compile(re.escape(where.stem) + re.escape(KEPT_MARK) + r"(_\d+)?" + re.escape(where.suffix))
        if PurePosixPath(aside).name != f".{where.name}.cu" and not kept.fullmatch(PurePosixPath(aside).name):
            return "không phải bản cũ của tệp này"
    if staged is None and aside is None:
        return "không đúng dạng một bước"
    if not isinstance(raw.get("keep", False), bool) or not (raw.get("seen") is None or isinstance(raw.get("seen"), str)):
        return "không đúng dạng một bước"
    return None


def _set_aside_leftovers(root: Path) -> bool:
    """Earlier files set aside that no journal names (an older version of the tool, or one whose
    removal failed): put back where their document is missing, else removed. True if any was put back."""
    put_back = False
    for aside in [found for folder in _own_folders(root) for found in folder.glob(".*.cu")]:
        target = aside.with_name(aside.name[1:-3])
        try:
            if name_fault(target.name) is not None or aside.is_dir():
                continue  # not a document the tool writes: not its leftover
            if target.exists() or target.is_symlink():
                aside.unlink()
            else:
                os.replace(aside, target)
                put_back = True
        except OSError:
            continue
    return put_back


def _plan(
    root: Path, moves: dict[Path, Path], stale: dict[Path, Path], record: bool, checksums: Mapping[Path, str],
    flushed: Collection[Path] = (),
) -> tuple[list[_Step], dict[str, dict[str, str]], Written]:
    """The steps of the move; the manifests as they will be once it is done; what is written. The
    new files are flushed to the disk (all together, `flush_all`) before the journal names them:
    after a power cut a document moved into place is whole, never the empty file a disk that had
    not written it would show."""
    steps: list[_Step] = []
    manifests: dict[str, dict[str, str]] = {}
    earlier: dict[str, dict[str, str]] = {}  # what the last run wrote, folder by folder
    written = Written()
    unchanged: set[Path] = set()

    def rel(path: Path) -> str:
        return path.relative_to(root).as_posix()

    inside: dict[Path, bool] = {}  # folder -> is_within (a block's files share a few folders)
    try:
        for target, staged in moves.items():
            if target.parent not in inside:
                inside[target.parent] = is_within(root, target.parent)
            if not inside[target.parent]:  # a block folder that is a link to elsewhere
                raise UsageError(
                    f"Thư mục {target.parent} là một liên kết (shortcut) tới nơi khác, ngoài thư mục kết quả {root}; "
                    "chương trình không ghi qua liên kết. Hãy xóa liên kết đó (không xóa thư mục nó trỏ tới) rồi chạy lại")
            if target.is_dir():
                raise OutputError(target, IsADirectoryError(21, "có một thư mục trùng tên"))
            folder = rel(target.parent)
            if folder not in manifests:
                earlier[folder] = read_manifest(target.parent, written.notes) if record else {}
                manifests[folder] = dict(earlier[folder])
            new = checksums.get(staged) or digest(staged)
            written.files.append(target)
            if record:
                manifests[folder][target.name] = new
            if not (target.exists() or target.is_symlink()):
                steps.append(_Step(rel(target), rel(staged), None))
                continue
            old = digest(target) if target.is_file() and not target.is_symlink() else ""
            if old == new:
                unchanged.add(target)
                continue  # the same bytes: left as they are
            last = earlier[folder].get(target.name) if record else None
            if not record or old == last:
                steps.append(_Step(rel(target), rel(staged), rel(_aside(target)), seen=old))
                continue
            # staff's version: kept under a new name, never listed as the tool's own (with the
            # output inside the input, a filled count sheet kept so is read as staff's count)
            kept = _kept_name(target, {rel(root / s.aside) for s in steps if s.aside})
            steps.append(_Step(rel(target), rel(staged), rel(kept), keep=True))
            written.kept.append((target, kept))
        for path, source in stale.items():
            if not (path.exists() or path.is_symlink()) or path in moves or source in unchanged:
                continue
            folder = rel(path.parent)
            listed = manifests.get(folder, {}).pop(path.name, None)
            if path.is_file() and not path.is_symlink() and digest(path) == listed:
                steps.append(_Step(rel(path), None, rel(_aside(path)), seen=listed))
                continue  # the tool's PDF of the earlier document: it goes with it
            # a PDF staff made or changed themselves: kept, as an edited document is
            kept = _kept_name(path, {rel(root / s.aside) for s in steps if s.aside})
            steps.append(_Step(rel(path), None, rel(kept), keep=True))
            written.kept.append((path, kept))
        flush_all([staged for staged in moves.values() if staged not in flushed])
    except OSError as exc:
        raise OutputError(root, exc) from exc
    return steps, manifests, written


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
            elif step.staged is not None and target.exists() and _is_new(target, root / step.staged):
                target.unlink()  # no earlier file was there: the new one goes
        except OSError:
            left.append(step.aside or step.target)
    if steps:
        flush_all(sorted({(root / step.target).parent for step in steps}), folders=True)
    return left


def _is_new(target: Path, staged: Path) -> bool:
    """Whether the file at `target` is the staged one moved in (renamed, or linked and not yet unlinked)."""
    if not staged.exists():
        return True
    try:
        return os.path.samefile(target, staged)
    except OSError:
        return False


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
    # ASCII: a folder name with bytes that are no UTF-8 (kept by Python as lone surrogates) survives
    return json.dumps(data, ensure_ascii=True, indent=1).encode("ascii")


def remove_own(folder: Path, notes: list[Problem] | None = None) -> list[tuple[Path, Path]]:
    """Remove the marked copies the tool wrote in `folder` (`loi/`) and below, as its manifests
    list them, and the folders left empty: a folder staff made there, with their files, stays. A
    copy staff changed since is kept under a `_ban_da_sua` name. Links are never followed, and a
    manifest governs its own folder only. Returns (copy, where it was kept)."""
    kept: list[tuple[Path, Path]] = []
    if folder.is_symlink() or not folder.is_dir():
        return kept
    for sub, _, _ in sorted(os.walk(folder), key=lambda entry: -len(Path(entry[0]).parts)):
        here = Path(sub)
        if here.is_symlink():
            continue
        for name, checksum in read_manifest(here, notes, MARKED_SUFFIXES).items():
            path = here / name
            try:
                if path.is_symlink() or not path.is_file():
                    continue
                if digest(path) == checksum:
                    path.unlink()
                else:
                    keep = _kept_name(path, set())
                    os.replace(path, keep)
                    kept.append((path, keep))
            except OSError:
                continue  # a copy open in Excel (Windows): the next run removes it
        (here / MANIFEST_NAME).unlink(missing_ok=True)
        try:
            here.rmdir()
        except OSError:
            pass  # not empty: it holds files staff put there
    return kept


def record_written(files: list[Path]) -> None:
    """Add files written directly (marked copies) to the manifests of their folders."""
    by_folder: dict[Path, list[Path]] = {}
    for path in files:
        by_folder.setdefault(path.parent, []).append(path)
    for folder, paths in by_folder.items():
        listed = read_manifest(folder, None, MARKED_SUFFIXES) | {p.name: digest(p) for p in paths}
        write_manifest(folder, listed)
