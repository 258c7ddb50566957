"""Where each template comes from (SPEC §3): the staff's own version, else the default.

The defaults (`templates_docx/` at the repository root, the source developers and staff open in
Word) are installed as the package data of `pipeline.templates_docx`, so the tool runs from a
plain `pip install .` anywhere. Staff keep their versions under the same file names in a `mau/`
folder: `<input>/<year>/<block>/mau/` for one block, `<input>/<year>/mau/` for one year,
`<input>/mau/` for every year; the nearest wins, file by file, and no upgrade of the tool touches
them. A staff file is untrusted input: it must lie inside the input folder (a link out of it is
refused) and be of a bounded size, and every fault in it is named by its path under the input
folder (`mau/bao_cao_tong_ket.docx`).
"""

from __future__ import annotations

import codecs
import importlib.util
import os
import shutil
import stat
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from ..problems import Problem, UsageError, problem
from ..read.discover import STAFF_FOLDER

GROUNDS_FILE = "can_cu_mac_dinh.txt"
DEFAULT_LABEL = "templates_docx"
MAX_FILE_MB = 20  # a staff template (the defaults are 20-90 KB)
_PACKAGE = "pipeline.templates_docx"


@lru_cache(maxsize=1)
def default_folder() -> Path:
    """The default templates: the installed package data, else the repository's folder.

    Found through the import system (`importlib.util.find_spec`), as `importlib.resources` does,
    but as a real folder: the templates are opened as files and copied. In a development install
    the package is not importable (it has no folder under `pipeline/`), so the repository's own
    `templates_docx/` is used; it is the same source either way."""
    try:
        spec = importlib.util.find_spec(_PACKAGE)
    except (ImportError, ValueError):
        spec = None
    for location in (spec.submodule_search_locations or []) if spec is not None else []:
        if (Path(location) / GROUNDS_FILE).is_file():
            return Path(location)
    return Path(__file__).resolve().parents[2] / "templates_docx"


@dataclass(frozen=True)
class TemplateFile:
    """A template (or the grounds file) as a run uses it: where it is and how staff are told of it."""

    path: Path
    label: str  # `templates_docx/<name>` for a default; its path under the input folder for the staff's
    input_dir: Path | None = None  # set for a staff file: it must lie inside this folder

    @property
    def staff(self) -> bool:
        return self.input_dir is not None

    @property
    def name(self) -> str:
        return self.path.name


class TemplateFileProblem(Exception):
    def __init__(self, found: Problem) -> None:
        self.problem = found
        super().__init__(found.format())


def staff_folders(block_dir: Path, year_dir: Path) -> list[Path]:
    """The `mau/` folders that may hold staff versions for a block, nearest first (`Mau/` too)."""
    folders = [entry(block_dir, STAFF_FOLDER), entry(year_dir, STAFF_FOLDER), entry(year_dir.parent, STAFF_FOLDER)]
    return list(dict.fromkeys(folders))


def not_folders(folders: Sequence[Path], input_dir: Path) -> list[str]:
    """Of a block's `mau` entries (`staff_folders`), those that are not folders (a file named
    `mau`, a link to nothing), as paths from the input folder: staff meant their templates to be
    used and they are not."""
    return [folder.relative_to(input_dir).as_posix() for folder in folders
            if os.path.lexists(folder) and not folder.is_dir()]


def entry(folder: Path, name: str) -> Path:
    """`folder/name`, or the entry spelt with other capitals (`Mau/`, `Bao_cao_tong_ket.docx`): Windows
    and macOS see those as the same name, so a folder copied from there is used here as it was there."""
    exact = folder / name
    if os.path.lexists(exact):
        return exact
    wanted = unicodedata.normalize("NFC", name).casefold()
    try:
        with os.scandir(folder) as entries:
            spelt = sorted(e.name for e in entries if unicodedata.normalize("NFC", e.name).casefold() == wanted)
    except (OSError, ValueError):
        return exact
    return folder / spelt[0] if spelt else exact


def find_files(names: Sequence[str], block_dir: Path, year_dir: Path, defaults: Path | None = None,
               folders: Sequence[Path] | None = None) -> dict[str, TemplateFile]:
    """The one lookup of a block's templates and data files: for each of `names`, the nearest staff
    version in the block's `mau/` folders (`folders` when the caller has them, else found once),
    else the default. A link or a folder under that name counts as the staff's version (reading it
    tells what is wrong), so it never silently falls back."""
    input_dir = year_dir.parent
    folders = staff_folders(block_dir, year_dir) if folders is None else folders
    found: dict[str, TemplateFile] = {}
    for name in names:
        candidates = (entry(folder, name) for folder in folders)
        staff = next((candidate for candidate in candidates if os.path.lexists(candidate)), None)
        found[name] = (TemplateFile(staff, staff.relative_to(input_dir).as_posix(), input_dir) if staff is not None
                       else default_file(name, defaults))
    return found


def default_file(name: str, defaults: Path | None = None) -> TemplateFile:
    return TemplateFile((defaults or default_folder()) / name, f"{DEFAULT_LABEL}/{name}")


def read_file(file: TemplateFile) -> bytes:
    """The file's bytes; a staff file only when it is a regular file inside the input folder and
    at most MAX_FILE_MB. Raises TemplateFileProblem naming it."""
    if file.input_dir is not None:
        resolved = file.path.resolve()
        try:
            resolved.relative_to(file.input_dir.resolve())
        except ValueError:
            raise TemplateFileProblem(problem("template_outside", file=file.label, value=str(resolved))) from None
        try:
            info = os.stat(resolved)
        except OSError:
            raise TemplateFileProblem(problem("file_broken_link", file=file.label)) from None
        if not stat.S_ISREG(info.st_mode):
            raise TemplateFileProblem(problem("template_not_file", file=file.label))
        if info.st_size > MAX_FILE_MB * 1024 * 1024:
            raise TemplateFileProblem(problem("template_too_large", file=file.label,
                                              size=info.st_size // (1024 * 1024), limit=MAX_FILE_MB))
    try:
        with open(file.path, "rb") as handle:
            return handle.read(MAX_FILE_MB * 1024 * 1024 + 1)
    except FileNotFoundError:
        raise TemplateFileProblem(problem("template_missing", file=file.label, value=file.name)) from None
    except OSError as exc:
        raise TemplateFileProblem(problem("file_no_access", file=file.label)) from exc


def read_text(file: TemplateFile) -> str:
    """A staff text file (the grounds, the tie rule) as Notepad may save it: UTF-8, with or without
    its byte-order mark, or "Unicode" (UTF-16 with its mark). Raises UnicodeDecodeError otherwise,
    and TemplateFileProblem as `read_file`."""
    data = read_file(file)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


class DataFileError(Exception):
    """A fault in a staff-editable data file (grounds, tie rule, report forms), at its line when known."""

    def __init__(self, line: int | None, detail: str) -> None:
        self.line = line
        self.detail = detail
        super().__init__(detail)


@dataclass(frozen=True)
class DataLines:
    """A staff-editable data file as read: its numbered lines that say something (not blank, not a
    `#` comment), or why it could not be read (a fault without a line)."""

    label: str
    lines: tuple[tuple[int, str], ...] = ()
    fault: str | None = None


def read_data(file: TemplateFile) -> DataLines:
    """A data file's lines; a file that cannot be read or is not UTF-8 (nor UTF-16, as `read_text`)
    is a fault telling how to save it."""
    try:
        lines = read_text(file).splitlines()
    except TemplateFileProblem as exc:
        return DataLines(file.label, fault=exc.problem.message)
    except UnicodeDecodeError:
        return DataLines(file.label, fault="tệp không ghi bằng mã UTF-8; hãy lưu lại dạng UTF-8 (Notepad: Lưu thành, "
                                           "Mã hóa UTF-8)")
    return DataLines(file.label, tuple((number, line) for number, line in enumerate(lines, start=1)
                                       if line.strip() and not line.lstrip().startswith("#")))


def data_lines(file: DataLines | TemplateFile, error: type[DataFileError]) -> tuple[tuple[int, str], ...]:
    """The lines of a data file, read now when given as a file; a fault of the file raises `error`
    without a line."""
    data = file if isinstance(file, DataLines) else read_data(file)
    if data.fault is not None:
        raise error(None, data.fault)
    return data.lines


def data_files(names: Sequence[str], block_dir: Path, year_dir: Path) -> dict[str, DataLines]:
    """A block's data files (grounds, tie rule, report forms), each found (`find_files`) and read once."""
    return {name: read_data(file) for name, file in find_files(names, block_dir, year_dir).items()}


def default_names(defaults: Path | None = None) -> list[str]:
    """The file names a `mau/` folder may hold: the default templates and the grounds file."""
    folder = defaults or default_folder()
    return sorted(p.name for p in folder.iterdir() if p.suffix in (".docx", ".txt") and not p.name.startswith("."))


@dataclass
class Copied:
    folder: Path
    copied: list[str]
    kept: list[str]  # already there: the staff's version, never overwritten


def copy_defaults(input_dir: Path, defaults: Path | None = None) -> Copied:
    """`make templates`: the defaults into `<input>/mau/` for staff to edit; a file already there
    is kept as it is. The copy is made beside the target and renamed into place, so a stopped
    copy never leaves half a template under a staff name."""
    folder = entry(input_dir, STAFF_FOLDER)
    if os.path.lexists(folder) and not folder.is_dir():  # a file named `mau`, or a link to nothing
        raise UsageError(f"{folder} là một tệp (hoặc một liên kết hỏng), không phải thư mục; các mẫu cần một thư mục "
                         f"tên {STAFF_FOLDER}. Hãy đổi tên hoặc xóa {folder.name} rồi chạy lại") from None
    folder.mkdir(parents=True, exist_ok=True)
    try:
        folder.resolve().relative_to(input_dir.resolve())
    except ValueError:  # `mau` is a link out of the input folder: a run would refuse what it holds
        raise UsageError(f"Thư mục {folder} là một liên kết trỏ ra ngoài thư mục dữ liệu ({folder.resolve()}); "
                         "chương trình không chép mẫu ra ngoài. Hãy xóa liên kết đó rồi chạy lại") from None
    done = Copied(folder, [], [])
    source = defaults or default_folder()
    for name in default_names(source):
        target = entry(folder, name)
        if os.path.lexists(target):
            done.kept.append(name)
            continue
        partial = folder / f".{name}.tam"
        shutil.copyfile(source / name, partial)
        try:
            os.link(partial, target)  # fails if a file of that name appeared meanwhile: never overwrite
        except FileExistsError:
            done.kept.append(name)
            continue
        except OSError:  # no hard links (some network shares): a rename, checked just above
            if os.path.lexists(target):
                done.kept.append(name)
                continue
            os.replace(partial, target)
        finally:
            if partial.exists():
                partial.unlink()
        done.copied.append(name)
    return done


__all__ = ["STAFF_FOLDER", "GROUNDS_FILE", "TemplateFile", "TemplateFileProblem", "default_file", "default_folder",
           "find_files", "DataFileError", "DataLines", "read_data", "data_lines", "data_files",
           "read_file", "read_text", "staff_folders", "copy_defaults", "Copied", "default_names"]
