"""One block folder read and checked: `khoi.xlsx` and its parts, then every workbook beside it
(score sheets claimed by member, the ballot count, the units' history and accounts), the
members without a sheet, the shared history file and the ballot the conference chose.

Every problem of the folder is collected in one pass: a fault in one part of `khoi.xlsx` does
not stop the score sheets from being checked against its members and criteria.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..model import Block, ScoreSheet
from ..problems import Problem, problem, warning
from ..text import key
from .ballot import Counts
from .claims import Claims
from .discover import BlockFolder, block_file_hint, workbook_files
from .dossier import Dossier
from .info import date_out_of_reach
from .khoi import read_block_parts
from .scoresheet import read_score_sheets
from .units import Roster
from .workbook import Workbook, WorkbookProblem, open_workbook

_MEMBERS_SHEET = "ThanhVien"


@dataclass
class BlockRead:
    """What a block folder holds. `block` is None when `khoi.xlsx` is missing or faulty; `roster`
    (the block, or the members and criteria that could be read) is what the score sheets were
    checked against; `sheets` the valid score sheet of each member, by code."""

    block_rel: str = ""  # khoi.xlsx, relative to the year folder
    block: Block | None = None
    roster: Roster | None = None
    sheets: dict[str, ScoreSheet] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)  # rel name -> path, for marked copies
    problems: list[Problem] = field(default_factory=list)


def read_block_folder(
    folder: BlockFolder, year: int, year_dir: Path, *, votes: bool = True, skip: frozenset[Path] = frozenset()
) -> BlockRead:
    """Read `folder` of `year_dir`; with `votes`, the block carries the ballot it counted. `skip`:
    the tool's own files, when the output folder lies inside the input folder."""
    read = BlockRead()
    problems = read.problems

    def rel(path: Path) -> str:
        name = path.relative_to(year_dir).as_posix()
        read.files[name] = path
        return name

    if folder.same_name_as:
        problems.append(problem("block_folder_same_name", file=folder.name, value=folder.same_name_as))
        return read
    if folder.block_file is None:
        problems.append(
            problem("no_block_file", file=folder.name, folder=str(folder.path), hint=block_file_hint(folder.path))
        )
        return read
    read.block_rel = block_rel = rel(folder.block_file)
    workbooks = workbook_files(folder, skip, year_dir)  # the others, listed before any is opened
    for other in folder.other_block_files:
        problems.append(problem("block_file_twice", file=rel(other), value=folder.block_file.name))
    block, roster, members_sheet = None, None, _MEMBERS_SHEET
    block_book: Workbook | None = None
    try:
        block_book = open_workbook(folder.block_file, block_rel)
    except WorkbookProblem as exc:
        problems.append(exc.problem)
    counts = Counts()
    dossier = Dossier()  # LichSu and ThanhTich, for the achievement reports
    if block_book is not None:
        block, roster, found = read_block_parts(block_book, year)
        problems += found
        if block is not None:
            problems += date_out_of_reach(block_book, block.info.conference_date, year)
        members = block_book.sheet(key(_MEMBERS_SHEET))
        members_sheet = members.name if members else _MEMBERS_SHEET
        counts.look(block_book)
    checked: Roster | None = block or roster
    if block_book is not None and checked is not None:
        problems += dossier.look(block_book, checked, year)
    claims = Claims()
    problems += workbooks.problems
    for path in workbooks.files:
        try:
            book = open_workbook(path, rel(path))
        except WorkbookProblem as exc:
            problems.append(exc.problem)
            claims.unreadable.append(exc.problem.file)
            continue
        counts.look(book)
        if checked is not None:
            found_sheets = read_score_sheets(book, checked)
            for found_sheet in found_sheets:
                problems += found_sheet.problems
                problems += claims.claim(found_sheet, checked)
            problems += dossier.look(book, checked, year, found_sheets)
    if checked is None:
        return read
    read.roster, read.sheets = checked, claims.valid
    problems += claims.unclaimed(checked, block_rel, members_sheet, year, year_dir.parent)
    problems += dossier.shared(year_dir, checked, year, read.files)
    if block is not None and votes:
        block, found = counts.chosen(block, block_rel, year)
        problems += found
        if not block.info.sections and block_book is not None and block_book.sheet(key("TongKet")) is None:
            problems.append(warning("no_narrative", file=block_rel))
    if block is not None:
        read.block = dossier.into(block)
    return read


__all__ = ["BlockRead", "read_block_folder"]
