"""Blank score forms: one workbook per member unit of each block of the year, ready to send out
and to read back as is; the workbook itself is laid out by `write/score_form.py`.

A form is a score sheet as `scoresheet.py` reads it: the `Đơn vị:` line above a header row with
`Mã tiêu chí`, `Điểm tự chấm` and `Điểm khối chấm`, one row per criterion, and a `Tổng cộng` row
that ends the table. Filled in Excel and dropped into the year folder, it needs no renaming and
no copying of cells. Everything else (titles, instructions, signatures) stays clear of what the
reader looks for: no line above the header starts with `Đơn vị` except the unit line.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..model import Block, BlockInfo
from ..problems import InputError, Problem, UsageError, errors, problem
from ..read.discover import BLOCK_FILE, BlockFolder, find_blocks
from ..read.info import conference_date, info_texts
from ..read.khoi import read_block_parts
from ..read.workbook import WorkbookProblem, open_workbook
from ..text import file_stems, key
from ..write.outputs import write_atomically
from ..write.score_form import score_form
from .result import Result
from .run import year_folder

FORMS_FOLDER = "phieu_cham_diem"


def write_forms(year: int, input_dir: Path, output_dir: Path) -> Result:
    """One blank form per member unit of each block of the year; returns the files written.

    Raises InputError with every problem of `khoi.xlsx` when it has errors, and UsageError when
    there is no `khoi.xlsx`: then nothing is written.
    """
    year_dir = year_folder(input_dir, year)
    files: dict[Path, bytes] = {}
    problems: list[Problem] = []
    for folder in find_blocks(year_dir):
        block, found = _read_block(folder, year, year_dir)
        problems += found
        if block is not None:
            files |= block_forms(block, output_dir / str(year) / folder.name / FORMS_FOLDER)
    if errors(problems):
        raise InputError(problems)
    written = write_atomically(files)
    return Result(tuple(written.files), tuple(written.kept), tuple(written.notes))


def _read_block(folder: BlockFolder, year: int, year_dir: Path) -> tuple[Block | None, list[Problem]]:
    if folder.block_file is None:
        raise UsageError(
            f"Không có tệp {BLOCK_FILE} trong {folder.path}. Phiếu chấm điểm lập từ danh sách đơn vị và tiêu chí "
            f"của {BLOCK_FILE}: hãy chép tệp đó vào thư mục năm {year}"
        )
    rel = folder.block_file.relative_to(year_dir).as_posix()
    try:
        book = open_workbook(folder.block_file, rel)
    except WorkbookProblem as exc:
        return None, [exc.problem]
    block, roster, problems = read_block_parts(book, year)
    if block is not None or roster is None:
        return block, problems
    # Forms go out at the start of the year, long before the conference decides its date, next
    # year's leaders or the awards: only the members, the criteria and the header must be right.
    kept = [p for p in problems if _matters_for_forms(p)]
    if errors(kept):
        return None, kept
    texts = info_texts(book)
    if not texts.get("Tỉnh") or not texts.get("Tên khối"):
        return None, kept + [problem("value_missing", file=rel, sheet="ThongTin", label=label)
                             for label in ("Tỉnh", "Tên khối") if not texts.get(label)]
    info = BlockInfo(
        province=texts.get("Tỉnh", ""), block_name=texts.get("Tên khối", ""), year=year,
        conference_date=conference_date(texts.get("Ngày hội nghị", "")) or dt.date(year, 1, 1),
        place="", leader="", deputy=None, next_leader="", next_deputy=None, symbol="", addressee="",
        grounds=(), tasks=(),
    )
    return Block(info, roster.units, roster.criteria, ()), kept


_FORM_LABELS = {"Tỉnh", "Tên khối", "Năm"}
_FORM_SHEETS = {key(name) for name in ("ThongTin", "ThanhVien", "TieuChi")}


def _matters_for_forms(found: Problem) -> bool:
    params = dict(found.params)
    if found.code == "sheet_missing":
        return key(str(params.get("sheet_name", ""))) in _FORM_SHEETS
    if found.sheet and key(found.sheet) not in _FORM_SHEETS:
        return False
    if found.sheet and key(found.sheet) == key("ThongTin"):
        # a formula Excel never calculated may stand in any row: it is fixed by opening the file
        return found.code in ("bad_year", "year_mismatch", "formula_not_calculated", "formula_error") or (
            params.get("label") in _FORM_LABELS)
    return True


def block_forms(block: Block, out_dir: Path) -> dict[Path, bytes]:
    """Every member's form of one block, in memory, by the path it is written to."""
    names = form_file_names([u.code for u in block.units])
    return {out_dir / names[unit.code]: score_form(block, unit) for unit in block.units}


def form_file_names(codes: list[str]) -> dict[str, str]:
    """`<Mã>.xlsx` for each unit code, in ASCII (`SKHĐT` gives `SKHDT.xlsx`), codes that come out
    the same getting `-2`, `-3` (`text.file_stems`)."""
    return {code: f"{stem}.xlsx" for code, stem in file_stems(codes).items()}


__all__ = ["FORMS_FOLDER", "block_forms", "form_file_names", "write_forms"]
