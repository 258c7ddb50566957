"""Read and validate one block folder, then score, rank and allocate awards.

Every problem of the block is collected in one pass: file faults, `khoi.xlsx`, every score
sheet (checked against the members and criteria even when another part of `khoi.xlsx` is
wrong), members without a sheet or with two, and ties the conference has to decide.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..documents.grounds import with_grounds
from ..documents.template_files import GROUNDS_FILE, find_file
from ..model import BlockResult
from ..problems import Problem, cap_rows, errors, problem
from ..read.ballot import Counts
from ..read.claims import Claims
from ..read.discover import BLOCK_FILE, BlockFolder, block_file_hint, workbook_files
from ..read.info import date_out_of_reach
from ..read.khoi import read_block_parts
from ..read.scoresheet import Roster, read_score_sheets
from ..read.workbook import Workbook, WorkbookProblem, open_workbook
from ..rules.awards import allocate, needless_votes
from ..rules.formulas import settle_sheets
from ..rules.scoring import rank_units
from ..text import key

_MEMBERS_SHEET = "ThanhVien"


@dataclass
class Loaded:
    """One block's outcome: its result, or the problems that stop it (warnings either way)."""

    folder: BlockFolder
    result: BlockResult | None
    problems: list[Problem]
    files: dict[str, Path] = field(default_factory=dict)  # rel name -> path, for marked copies


def load_block(
    folder: BlockFolder, year: int, year_dir: Path, *, votes: bool = True, skip: frozenset[Path] = frozenset()
) -> Loaded:
    """Read and check the block; with `votes`, read its ballot and allocate the awards. Without
    (`make ballots`, before the vote), the units are ranked and nothing is allocated. `skip`:
    the tool's own files, when the output folder lies inside the input folder."""
    loaded = _load_block(folder, year, year_dir, votes, skip)
    loaded.problems[:] = cap_rows(loaded.problems)  # at most 100 faulty rows listed per sheet
    return loaded


def _load_block(folder: BlockFolder, year: int, year_dir: Path, votes: bool, skip: frozenset[Path]) -> Loaded:
    loaded = Loaded(folder, None, [])
    problems = loaded.problems

    def rel(path: Path) -> str:
        name = path.relative_to(year_dir).as_posix()
        loaded.files[name] = path
        return name

    if folder.same_name_as:
        problems.append(problem("block_folder_same_name", file=folder.name, value=folder.same_name_as))
        return loaded
    if folder.block_file is None:
        problems.append(
            problem("no_block_file", file=folder.name, folder=str(folder.path), hint=block_file_hint(folder.path))
        )
        return loaded
    block_rel = rel(folder.block_file)
    for other in folder.other_block_files:
        problems.append(problem("block_file_twice", file=rel(other), value=folder.block_file.name))
    block, roster, members_sheet = None, None, _MEMBERS_SHEET
    block_book: Workbook | None = None
    try:
        block_book = open_workbook(folder.block_file, block_rel)
        block, roster, found = read_block_parts(block_book, year)
        problems += found
        if block is not None:
            problems += date_out_of_reach(block_book, block.info.conference_date, year)
        if block is not None:
            block, found = with_grounds(block, find_file(GROUNDS_FILE, folder.path, year_dir))
            problems += found
        members = block_book.sheet(key(_MEMBERS_SHEET))
        members_sheet = members.name if members else _MEMBERS_SHEET
    except WorkbookProblem as exc:
        problems.append(exc.problem)
    checked: Roster | None = block or roster
    claims = Claims()
    counts = Counts()
    if block_book is not None:
        counts.look(block_book)
    workbooks = workbook_files(folder, skip, year_dir)
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
            for found_sheet in read_score_sheets(book, checked):
                problems += found_sheet.problems
                problems += claims.claim(found_sheet, checked)
    if checked is None:
        return loaded
    problems += claims.unclaimed(checked, block_rel, members_sheet, year, year_dir.parent)
    if block is not None and votes:
        block, found = counts.chosen(block, block_rel, year)
        problems += found
    unvoted = [p for p in problems if p.code == "ballot_form_unvoted"]
    if errors([p for p in problems if p not in unvoted]) or block is None:
        return loaded
    sheets, found = settle_sheets(block, claims.valid)  # the criteria scored by formula worked out
    problems += found
    ranked = rank_units(block, sheets)
    for forgiven in needless_votes(block, ranked, unvoted):
        problems.remove(forgiven)
    if errors(problems):
        return loaded
    if not votes:
        loaded.result = BlockResult(block, tuple(ranked))
        return loaded
    allocation = allocate(block, ranked, block_rel)
    problems += allocation.problems
    if not errors(allocation.problems):
        loaded.result = BlockResult(block, tuple(allocation.ranked), allocation.outcomes)
    return loaded


__all__ = ["Loaded", "load_block", "BLOCK_FILE"]
