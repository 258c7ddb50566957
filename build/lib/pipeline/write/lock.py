"""One writer at a time in an output folder: two clerks (or a double click) never mix two sets.

The lock is the operating system's lock on a small file in the folder: it goes with the process
that holds it, so a run killed or a machine switched off leaves no lock behind to clear by hand.

The lock file is input too: it is opened without following a link, never truncated, and written
only when it is a plain file of its own (not a second name of another file). One that is a link,
a folder or anything else is told with its path and what to do, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import socket
import stat
from pathlib import Path
from types import TracebackType

from ..problems import OutputError, UsageError
from .manifest import hide

LOCK_NAME = ".thidua-lock"
_HOLDER_SIZE = 256  # bytes the holder's line takes, padded: rewritten in place, never truncated
_FLAGS = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


class LockUnusable(UsageError):
    """The lock file is not one the tool can use: a link, a folder, another file's second name."""


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
        except OSError as exc:
            raise OutputError(self.folder, exc) from exc
        if self.path.is_symlink():  # also where O_NOFOLLOW is missing (Windows)
            raise self._unusable("là một liên kết (shortcut) trỏ tới tệp khác", "xóa liên kết đó (không xóa tệp nó trỏ tới)")
        try:
            fd = os.open(self.path, _FLAGS, 0o644)
        except OSError as exc:
            raise self._refused(exc) from exc
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise self._unusable("không phải một tệp thông thường", "xóa nó")
            if info.st_nlink > 1:
                raise self._unusable("là tên thứ hai của một tệp khác (hard link)", "xóa tên này (tệp kia vẫn còn)")
            if info.st_size > 4 * _HOLDER_SIZE:
                raise self._unusable("không phải tệp khóa của chương trình (tệp có dữ liệu khác)",
                                     "chuyển tệp đó đi nơi khác hoặc xóa nó")
        except BaseException:
            os.close(fd)
            raise
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

    def _unusable(self, what: str, action: str) -> LockUnusable:
        return LockUnusable(
            f"Tệp khóa {self.path} {what}, nên chương trình không dùng nó và chưa ghi gì. Đây là tệp ẩn chương trình "
            f"tự tạo để hai lần chạy không ghi cùng lúc: hãy {action}, rồi chạy lại")

    def _refused(self, exc: OSError) -> UsageError:
        if exc.errno == errno.ELOOP:
            return self._unusable("là một liên kết (shortcut) trỏ tới tệp khác", "xóa liên kết đó (không xóa tệp nó trỏ tới)")
        if exc.errno == errno.EISDIR or self.path.is_dir():
            return self._unusable("là một thư mục", "xóa hoặc đổi tên thư mục đó")
        if isinstance(exc, PermissionError) and (self.path.exists() or self.path.is_symlink()):
            return self._unusable("không mở được (không có quyền đọc, ghi)",
                                  "xóa tệp đó hoặc cấp quyền ghi vào thư mục kết quả")
        return OutputError(self.folder, exc)  # a folder shared read-only: nothing can be written there

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
    """Who holds the lock, after its first byte, padded to a fixed size: written in place, so the
    file is never truncated (a lock file is never another file's data: `FolderLock` checks)."""
    stamp = dt.datetime.now().strftime("%H:%M ngày %d/%m/%Y")
    text = f" {socket.gethostname()[:64]}|{os.getpid()}|{stamp}".encode("utf-8")
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, text.ljust(_HOLDER_SIZE)[:_HOLDER_SIZE])
    except OSError:
        pass  # who holds the lock is only for the message


def _read_holder(fd: int) -> str:
    try:
        os.lseek(fd, 1, os.SEEK_SET)
        host, pid, stamp = os.read(fd, _HOLDER_SIZE).decode("utf-8", "replace").strip().split("|")
    except (OSError, ValueError):
        return ""
    return f" (máy {host}, tiến trình {pid}, bắt đầu lúc {stamp})"
