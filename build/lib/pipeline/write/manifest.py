"""What the tool wrote in a folder, with checksums: a small hidden file beside the outputs.

It tells a document staff edited after a run (it matches neither what the tool wrote there
last nor what it writes now, so it is kept under a new name before it is replaced, SPEC §3),
and which files in a folder are the tool's own, so that an output folder inside the input
folder is never read back as input, and only the tool's own files are ever removed.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

MANIFEST_NAME = ".thidua-manifest.json"


def digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def read_manifest(folder: Path) -> dict[str, str]:
    """File name -> checksum of each file the tool wrote in `folder` (empty when unknown)."""
    try:
        data = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
        files = data.get("files", {})
        return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}
    except (OSError, ValueError, AttributeError):
        return {}


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
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)
    hide(path)


def write_durably(path: Path, data: bytes) -> None:
    """Write beside `path`, flush to the disk, then rename over it: after a power cut the file
    is the old one or the new one, never half of one."""
    temp = path.with_name(f"{path.name}.tmp")
    with temp.open("wb") as handle:
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


def owned_files(root: Path, depth: int = 4) -> set[Path]:
    """Every file under `root` (a few folders deep) the tool wrote and nobody changed since: its
    manifest lists it with the same checksum. A count sheet staff filled in is theirs again."""
    found: set[Path] = set()
    folders = [(root, 0)]
    while folders:
        folder, level = folders.pop()
        for name, checksum in read_manifest(folder).items():
            try:
                if digest(folder / name) == checksum:
                    found.add((folder / name).resolve())
            except OSError:
                continue
        if level >= depth:
            continue
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False) and not entry.name.startswith("."):
                    folders.append((Path(entry.path), level + 1))
            except OSError:
                continue
    return found
