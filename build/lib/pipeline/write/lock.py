"""One writer at a time in an output folder: two clerks (or a double click) never mix two sets.

The lock is the operating system's lock on a small file in the folder: it goes with the process
that holds it, so a run killed or a machine switched off leaves no lock behind to clear by hand.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import socket
from pathlib import Path
from types import TracebackType

from ..problems import OutputError, UsageError
from .manifest import hide

LOCK_NAME = ".thidua-lock"


class FolderBusy(UsageError):
    """Another run is writing into the same output folder."""


class FolderLock:
    """Held while a run writes into `folder`; a second run is refused with who holds it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / LOCK_NAME
        self._fd: int | None = None

    def __enter__(self) -> "FolderLock":
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise OutputError(self.folder, exc) from exc
        if not _try_lock(fd):
            holder = _read_holder(fd)
            os.close(fd)
            raise FolderBusy(
                f"Một lần chạy khác{holder} đang ghi vào thư mục {self.folder}. Hãy đợi lần chạy đó xong rồi chạy lại "
                "(nếu chắc chắn không còn lần chạy nào, hãy khởi động lại máy rồi chạy lại)"
            )
        self._fd = fd
        _write_holder(fd)
        hide(self.path)
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        if self._fd is not None:
            _unlock(self._fd)
            os.close(self._fd)
            self._fd = None


# What the lock calls say when another process holds the lock (EDEADLOCK: Windows' _locking).
_HELD = {errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK, getattr(errno, "EDEADLOCK", errno.EDEADLK), errno.EDEADLK}


# The first byte is the one locked (Windows locks byte ranges); who holds it is written after it.
def _try_lock(fd: int) -> bool:
    """False when another process holds the lock. A folder whose file system has no locks (some
    network shares) is written without one rather than refused for ever."""
    try:
        if os.name == "nt":
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        return exc.errno not in _HELD
    return True


def _unlock(fd: int) -> None:
    try:
        if os.name == "nt":
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)
    except OSError:
        pass


def _write_holder(fd: int) -> None:
    stamp = dt.datetime.now().strftime("%H:%M ngày %d/%m/%Y")
    text = f" {socket.gethostname()}|{os.getpid()}|{stamp}".encode("utf-8")
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, text)
    except OSError:
        pass  # who holds the lock is only for the message


def _read_holder(fd: int) -> str:
    try:
        os.lseek(fd, 1, os.SEEK_SET)
        host, pid, stamp = os.read(fd, 200).decode("utf-8", "replace").split("|")
    except (OSError, ValueError):
        return ""
    return f" (máy {host}, tiến trình {pid}, bắt đầu lúc {stamp})"
