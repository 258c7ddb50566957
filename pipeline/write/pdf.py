"""A PDF beside each generated Word document, made by LibreOffice headless (`make pdf`).

LibreOffice is an independent reader of our .docx files: what it prints is what a clerk who
opens them in an office suite sees. Each run uses a private LibreOffice profile in a fresh
temporary folder, so two runs at once (or a LibreOffice open on the desktop) never collide;
each folder of documents is converted in one `soffice` call (starting LibreOffice costs more
than converting); the PDFs are written to a scratch folder first and moved into place, so a run
that fails or times out never leaves a half-written PDF.

The PDFs are the tool's outputs like the documents: made under the output folder's lock, listed
with their checksums in the folder's manifest, and a PDF staff changed or made themselves (it
differs from what the tool last wrote there) is kept as `<name>_ban_da_sua.pdf` before a new one
takes its place, as an edited document is (SPEC §3). A run that replaces a document takes the
tool's PDF of it away, and keeps one staff changed (`outputs.commit`).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from ..problems import Hint, OutputError, Step, UsageError
from .lock import FolderLock
from .manifest import create_new, digest, is_within, read_manifest, write_manifest
from .outputs import _kept_name, recover

# Folders of the output that hold no documents to print: marked copies of faulty workbooks and
# blank score forms.
SKIPPED_FOLDERS = ("loi", "phieu_cham_diem")
# Seconds for one folder: LibreOffice's first start with a new profile takes a few seconds,
# then each document well under one.
TIMEOUT_BASE = 120.0
TIMEOUT_PER_DOCUMENT = 30.0
_WINDOWS_PLACES = (
    Path(os.environ.get("ProgramFiles", r"C:\Program Files")) / "LibreOffice" / "program" / "soffice.exe",
    Path(os.environ.get("ProgramFiles(x86)", r"C:\Program Files (x86)")) / "LibreOffice" / "program" / "soffice.exe",
)


class ConversionError(UsageError):
    """LibreOffice is there but did not make the PDF: a fault of the machine, not of the data."""


def find_soffice() -> str | None:
    """The LibreOffice program, from PATH or where its Windows installer puts it."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    if sys.platform == "win32":
        for place in _WINDOWS_PLACES:
            if place.is_file():
                return str(place)
    return None


def documents(year: int, output_dir: Path) -> list[Path]:
    """Every .docx under `<output>/<year>/`, block sub-folders included, in a stable order."""
    folder = output_dir / str(year)
    if not folder.is_dir():
        raise UsageError((f"Chưa có thư mục kết quả năm {year}: {folder}. Hãy tạo văn bản trước (",
                          Hint(Step.RUN, year), "), rồi chạy ", Hint(Step.PDF, year)))
    found = []
    for path in folder.rglob("*.docx"):
        parts = path.relative_to(folder).parts
        if any(part in SKIPPED_FOLDERS or part.startswith(".") for part in parts[:-1]):
            continue
        if path.name.startswith(("~$", ".")) or not path.is_file() or not is_within(folder, path.parent):
            continue  # a folder linked from elsewhere gets no PDF written into it
        found.append(path)
    if not found:
        raise UsageError((f"Thư mục {folder} chưa có văn bản Word (.docx) nào để chuyển sang PDF. "
                          "Hãy tạo văn bản trước (", Hint(Step.RUN, year), "), rồi chạy ", Hint(Step.PDF, year)))
    return sorted(found)


def convert_year(
    year: int, output_dir: Path, soffice: str | None = None, kept: list[tuple[Path, Path]] | None = None
) -> list[Path]:
    """Write `<name>.pdf` beside each document of the year; return the PDFs, in order. `kept`
    receives (PDF, where staff's version of it was kept).

    Raises UsageError when LibreOffice is missing or there is nothing to convert, and
    ConversionError (a UsageError) when LibreOffice fails or runs out of time.
    """
    documents(year, output_dir)  # nothing to convert is told before the folder is locked
    with FolderLock(output_dir / str(year)):
        recover(output_dir / str(year))
        return _convert_year(year, output_dir, soffice, kept if kept is not None else [])


def _convert_year(year: int, output_dir: Path, soffice: str | None, kept: list[tuple[Path, Path]]) -> list[Path]:
    docs = documents(year, output_dir)
    program = soffice or find_soffice()
    if program is None:
        raise UsageError(("Không tìm thấy LibreOffice (lệnh soffice) để chuyển văn bản sang PDF. Hãy cài LibreOffice "
                          "(Linux: ", Hint(Step.OFFICE), ", hoặc apt-get install libreoffice-writer-nogui; Windows: tải từ "
                          "libreoffice.org) rồi chạy lại"))
    by_folder: dict[Path, list[Path]] = {}
    for path in docs:
        by_folder.setdefault(path.parent, []).append(path)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="thidua_pdf_") as scratch:
        profile = Path(scratch) / "profile"
        for index, (folder, members) in enumerate(by_folder.items()):
            staging = Path(scratch) / f"out{index}"
            staging.mkdir()
            _convert(program, members, staging, profile)
            missing = [p for p in members if not (staging / f"{p.stem}.pdf").is_file()]
            if missing:
                raise ConversionError(
                    "LibreOffice không tạo được PDF cho: " + ", ".join(str(p) for p in missing)
                    + ". Hãy mở tệp bằng Word hoặc LibreOffice để kiểm tra, rồi chạy lại"
                )
            try:
                _put_in_place(folder, members, staging, written, kept)
            except OSError as exc:  # a PDF open in a viewer (Windows), a full disk
                raise OutputError(folder, exc) from exc
    return written


def _put_in_place(folder: Path, members: list[Path], staging: Path, written: list[Path],
                  kept: list[tuple[Path, Path]]) -> None:
    listed = read_manifest(folder)
    for path in members:
        made = staging / f"{path.stem}.pdf"
        target = path.with_suffix(".pdf")
        new = digest(made)
        if target.exists() or target.is_symlink():
            old = digest(target) if target.is_file() and not target.is_symlink() else ""
            if old not in (new, listed.get(target.name)):  # staff's PDF: kept, never overwritten
                keep = _kept_name(target, set())
                os.replace(target, keep)
                kept.append((target, keep))
        temp = target.with_name(f".{target.name}.tmp")
        with create_new(temp) as handle, made.open("rb") as source:
            shutil.copyfileobj(source, handle)
        os.replace(temp, target)
        listed[target.name] = new
        written.append(target)
    write_manifest(folder, listed)


def _convert(program: str, members: list[Path], outdir: Path, profile: Path) -> None:
    command = [
        program,
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--headless", "--invisible", "--nologo", "--nodefault", "--nofirststartwizard", "--norestore",
        "--convert-to", "pdf:writer_pdf_Export",
        "--outdir", str(outdir),
        *(str(p) for p in members),
    ]
    timeout = TIMEOUT_BASE + TIMEOUT_PER_DOCUMENT * len(members)
    # Its own process group, so that on a timeout LibreOffice's helper processes end too.
    options: dict = {"start_new_session": True} if os.name == "posix" else {}
    try:
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, **options
        )
    except OSError as exc:
        raise ConversionError(f"Không chạy được LibreOffice ({program}): {exc}") from exc
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _stop(process)
        raise ConversionError(
            f"LibreOffice chưa chuyển xong sau {int(timeout)} giây ({members[0].parent}). "
            "Hãy đóng các cửa sổ LibreOffice đang mở rồi chạy lại"
        ) from None
    if process.returncode != 0:
        detail = stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise ConversionError(
            f"LibreOffice báo lỗi khi chuyển sang PDF (mã {process.returncode})"
            + (f": {' '.join(detail)}" if detail else "")
        )


def _stop(process: subprocess.Popen) -> None:
    if os.name == "posix":
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    else:
        process.kill()
    process.communicate()


__all__ = ["ConversionError", "convert_year", "documents", "find_soffice"]
