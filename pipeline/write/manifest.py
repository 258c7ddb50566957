"""What the tool wrote in a folder, with checksums: a small hidden file beside the outputs.

It tells a document staff edited after a run (it matches neither what the tool wrote there
last nor what it writes now, so it is kept under a new name before it is replaced, SPEC §3),
and which files in a folder are the tool's own, so that an output folder inside the input
folder is never read back as input, and only the tool's own files are ever removed.

A manifest is input like any other file in the folder (style.md: sqlite's hot journal, pip's
`is_within_directory`): anyone may have edited it or copied it from elsewhere. It is read with a
bound on its size, and an entry counts only when it names a file of the kind the tool writes,
in the manifest's own folder (a plain file name: no folder, no `..`, no control character).
Anything else is left out, with a warning naming the manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import IO, Any

from ..problems import Problem, warning
from ..text import format_number

MANIFEST_NAME = ".thidua-manifest.json"
STATE_LIMIT_MB = 16  # a manifest or journal; a province of 2,000 blocks writes about 3 MB of journal
OUTPUT_SUFFIXES = (".docx", ".xlsx", ".pdf")  # what the tool writes in an output folder
MARKED_SUFFIXES = (".xlsx",)  # what it writes in loi/ (marked copies)
_CHECKSUM = re.compile(r"^[0-9a-f]{64}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def digest(path: Path) -> str:
    """A file's checksum as the manifest records it (`digest_of` for bytes in hand)."""
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def digest_of(data: bytes) -> str:
    """The checksum `digest` gives a file holding `data`."""
    return hashlib.sha256(data).hexdigest()


def is_within(root: Path, path: Path) -> bool:
    """Whether `path`, links resolved, lies inside `root` (or is `root`): pip's check before it
    extracts an archive member, here before the tool touches a path named in its own files."""
    try:
        real_root = os.path.realpath(root)
        real = os.path.realpath(path)
        return os.path.commonpath([real_root, real]) == real_root
    except (ValueError, OSError):  # a NUL in the name, or paths on two drives (Windows)
        return False


def name_fault(name: object, suffixes: tuple[str, ...] = OUTPUT_SUFFIXES) -> str | None:
    """Why `name` is no file the tool writes in a folder, in Vietnamese; None when it is one."""
    if not isinstance(name, str) or not name:
        return "không phải tên tệp"
    if len(name) > 255 or _CONTROL.search(name):
        return "tên có ký tự điều khiển hoặc quá dài"
    if name in (".", "..") or any(mark in name for mark in ("/", "\\", ":")):
        return "trỏ ra ngoài thư mục"
    if name.startswith((".", "~$")):
        return "tệp ẩn"
    if not name.lower().endswith(suffixes):
        return "không phải loại tệp chương trình ghi ở đây (" + ", ".join(suffixes) + ")"
    return None


def shown(value: object, limit: int = 120) -> str:
    """A value from a state file as a message can show it: control characters escaped, cut short."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return text if len(text) <= limit else text[:limit] + "…"


def load_state(path: Path, notes: list[Problem] | None = None) -> Any:
    """The JSON of one of the tool's state files, or None when there is none or it does not read
    (too large, not JSON, nested too deep): then a warning naming it goes to `notes`."""
    try:
        if not path.is_file():
            return None
        size = path.stat().st_size
        if size > STATE_LIMIT_MB * 1024 * 1024:
            raise ValueError(f"quá lớn: {size // (1024 * 1024)} MB, tối đa {STATE_LIMIT_MB} MB")
        with path.open("rb") as handle:
            text = handle.read(STATE_LIMIT_MB * 1024 * 1024 + 1).decode("utf-8")
        return json.loads(text)
    except RecursionError:  # brackets nested thousands deep: no state the tool writes
        detail = "các dấu ngoặc lồng nhau quá sâu"
    except UnicodeDecodeError:
        detail = "không phải văn bản UTF-8"
    except ValueError as exc:
        detail = str(exc) if str(exc).startswith("quá lớn") else "không phải JSON hợp lệ"
    except OSError as exc:
        detail = exc.strerror or type(exc).__name__
    if notes is not None:
        notes.append(warning("state_file_unreadable", file=str(path), detail=detail))
    return None


def read_manifest(
    folder: Path, notes: list[Problem] | None = None, suffixes: tuple[str, ...] = OUTPUT_SUFFIXES
) -> dict[str, str]:
    """File name -> checksum of each file the tool wrote in `folder` (empty when unknown). Entries
    that name no such file (`name_fault`) are left out, each with a warning in `notes`."""
    path = folder / MANIFEST_NAME
    data = load_state(path, notes)
    if data is None:
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        if notes is not None:
            notes.append(warning("state_file_unreadable", file=str(path), detail="không có danh sách tệp"))
        return {}
    return checked_files(files, path, notes, suffixes)


def checked_files(
    files: dict[Any, Any], source: Path, notes: list[Problem] | None, suffixes: tuple[str, ...] = OUTPUT_SUFFIXES
) -> dict[str, str]:
    good: dict[str, str] = {}
    ignored: list[tuple[object, str]] = []
    for name, checksum in files.items():
        fault = name_fault(name, suffixes)
        if fault is None and not (isinstance(checksum, str) and _CHECKSUM.match(checksum)):
            fault = "mã kiểm tra không hợp lệ"
        if fault is None:
            good[name] = checksum
        else:
            ignored.append((name, fault))
    tell_ignored(notes, source, ignored)
    return good


MAX_TOLD = 10  # entries of one state file told one by one; the others counted


def tell_ignored(notes: list[Problem] | None, source: Path, ignored: list[tuple[object, str]]) -> None:
    """A warning for each entry of a state file left out, the first few by name, the rest counted."""
    if notes is None or not ignored:
        return
    notes += [warning("state_entry_ignored", file=str(source), value=shown(entry), reason=fault)
              for entry, fault in ignored[:MAX_TOLD]]
    if len(ignored) > MAX_TOLD:
        notes.append(warning("state_entries_more", file=str(source), count=format_number(len(ignored) - MAX_TOLD)))


def create_new(path: Path, replace: bool = True) -> IO[bytes]:
    """A new file at `path`, opened for writing, never through a link. With `replace`, whatever
    had that name (the tool's own temporary file, or a link someone put there to make the tool
    write elsewhere) is removed first; without, an existing name is a FileExistsError."""
    if replace:
        try:
            path.unlink()
        except FileNotFoundError:
            pass
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    return os.fdopen(os.open(path, flags, 0o644), "wb")


def write_manifest(folder: Path, files: dict[str, str]) -> None:
    """Replace the folder's manifest in one step (an interrupted write leaves the old one)."""
    path = folder / MANIFEST_NAME
    if not files:
        path.unlink(missing_ok=True)
        return
    text = json.dumps({"files": dict(sorted(files.items()))}, ensure_ascii=False, indent=1)
    # replaced in one step but not flushed: after a power cut an older manifest only means an
    # edited document is kept once more than needed
    temp = path.with_name(f"{path.name}.tmp")
    with create_new(temp) as handle:
        handle.write(text.encode("utf-8"))
    os.replace(temp, path)
    hide(path)


def write_durably(path: Path, data: bytes) -> None:
    """Write beside `path`, flush to the disk, then rename over it: after a power cut the file
    is the old one or the new one, never half of one."""
    temp = path.with_name(f"{path.name}.tmp")
    with create_new(temp) as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)
    sync_folder(path.parent)
    hide(path)


def hide(path: Path) -> None:
    """The tool's own bookkeeping files start with a dot; Windows hides a file by an attribute."""
    if os.name == "nt":
        import ctypes

        ctypes.windll.kernel32.SetFileAttributesW(str(path), 0x2)  # type: ignore[attr-defined]


FLUSH_AT_ONCE = 16  # flushes waiting together


def flush_all(paths: list[Path], folders: bool = False) -> None:
    """Flush each file (with `folders`, each folder's entries: `sync_folder`) to the disk, several
    at once. An fsync mostly waits for the disk, and the file system writes what several are
    waiting for in one go (ext4 commits them in one journal transaction): a run's 660 new files
    took 0.15-1.4 s one after another, 0.04-0.05 s sixteen at a time, and each file is still
    flushed by its own fsync (its error, a full disk say, raised as before)."""
    flush = sync_folder if folders else flush_file
    if len(paths) <= 1:
        for path in paths:
            flush(path)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(min(FLUSH_AT_ONCE, len(paths))) as pool:
        for _ in pool.map(flush, paths):  # the first error, if any, is raised here
            pass


def flush_file(path: Path) -> None:
    """One file's data flushed to the disk (its fsync)."""
    with path.open("r+b") as handle:
        os.fsync(handle.fileno())


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries (renames) to the disk; Windows has no such call and needs none."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def owned_files(root: Path, depth: int = 4, notes: list[Problem] | None = None) -> set[Path]:
    """Every file under `root` (a few folders deep) the tool wrote and nobody changed since: its
    manifest lists it with the same checksum; and staff's kept copies of its score table and
    province workbook. A count sheet staff filled in is theirs again, and so is a count sheet
    or a score form kept under a `_ban_da_sua` name (never listed): both are read."""
    found: set[Path] = set()
    folders = [(root, 0)]
    while folders:
        folder, level = folders.pop()
        marked = level > 0 and folder.relative_to(root).parts[0] == "loi"
        for name, checksum in read_manifest(folder, notes, MARKED_SUFFIXES if marked else OUTPUT_SUFFIXES).items():
            path = folder / name
            try:
                if not path.is_symlink() and path.is_file() and digest(path) == checksum:
                    found.add(path.resolve())
            except OSError:
                continue
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_file(follow_symlinks=False) and _KEPT_REPORT.match(entry.name):
                    found.add(Path(entry.path).resolve())
                elif level < depth and entry.is_dir(follow_symlinks=False) and not entry.name.startswith("."):
                    folders.append((Path(entry.path), level + 1))
            except OSError:
                continue
    return found


# Staff's edited copy of the score table or the province workbook is theirs (never listed, never
# removed) but no input either: read, it would only give "no score table here" warnings. A kept
# count sheet or score form is input (staff filled it) and is read.
_KEPT_REPORT = re.compile(r"^(bang_diem|tong_hop)_\d{4}_ban_da_sua(_\d+)?\.xlsx$", re.IGNORECASE)
