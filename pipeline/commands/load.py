"""One block folder: read and checked (`read/`), its staff-edited data files applied
(`documents/`), then scored, ranked and given its awards (`rules/`).

Every problem of the block is collected in one pass: file faults, `khoi.xlsx`, every score
sheet (checked against the members and criteria even when another part of `khoi.xlsx` is
wrong), members without a sheet or with two, and ties the conference has to decide.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..documents.achievement_report import FORMS_FILE, with_report_form
from ..documents.grounds import with_grounds
from ..documents.minutes import record_problems
from ..documents.template_files import GROUNDS_FILE, data_files
from ..documents.tie_rule import TIE_RULE_FILE, with_tie_rule
from ..model import BlockResult
from ..problems import Problem, cap_rows, errors
from ..read.block_folder import read_block_folder
from ..read.discover import BLOCK_FILE, BlockFolder
from ..rules.awards import allocate, blocking, forgive_unvoted
from ..rules.formulas import settle_sheets
from ..rules.scoring import rank_units


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
    read = read_block_folder(folder, year, year_dir, votes=votes, skip=skip)
    loaded = Loaded(folder, None, read.problems, read.files)
    problems = loaded.problems
    block = read.block
    if block is None:
        return loaded
    # what the staff-edited data files (in mau/, else the defaults) say for its conference date
    data = data_files((GROUNDS_FILE, TIE_RULE_FILE, FORMS_FILE), folder.path, year_dir)
    block, found = with_grounds(block, data[GROUNDS_FILE])
    problems += found
    block, found = with_tie_rule(block, data[TIE_RULE_FILE])
    problems += found
    block, found = with_report_form(block, data[FORMS_FILE])
    problems += found
    if blocking(problems):
        return loaded
    sheets, found = settle_sheets(block, read.sheets)  # the criteria scored by formula worked out
    problems += found
    ranked = rank_units(block, sheets)
    problems[:] = forgive_unvoted(block, ranked, problems)
    if errors(problems):
        return loaded
    if not votes:
        loaded.result = BlockResult(block, tuple(ranked))
        return loaded
    allocation = allocate(block, ranked, read.block_rel)
    problems += allocation.problems
    if not errors(allocation.problems):
        loaded.result = BlockResult(block, tuple(allocation.ranked), allocation.outcomes)
        problems += record_problems(block, allocation.outcomes, read.block_rel)
    return loaded


__all__ = ["Loaded", "load_block", "BLOCK_FILE"]
