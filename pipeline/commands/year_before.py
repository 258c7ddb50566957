"""The year before (SPEC §2.4): the same block one year earlier, read with the same readers but
only as far as ranking needs (no ballot, no awards, no documents, no chart), and compared with
this year.

`<input>/<year-1>/<block sub-folder>/` for a block of several, `<input>/<year-1>/` for a block on
its own. A folder that is not there (a first year, a block new this year) is no news; one that
is there and does not read is one warning, never an error: this year's documents are written
without the comparison.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..documents.rank_change import Comparison, compare
from ..model import BlockResult
from ..problems import Hint, Problem, Step, errors, warning
from ..read.discover import BlockFolder
from ..read.discover import block_path
from .load import load_block

Answer = tuple[Comparison | None, list[Problem]]


def load_year_before(folder: BlockFolder, year: int, year_dir: Path) -> tuple[BlockResult | None, list[Problem]]:
    """The block's ranked result of `year - 1`, or None with at most one warning."""
    before = year - 1
    before_dir = year_dir.parent / str(before)
    path = _folder(folder, year, year_dir)
    try:
        block_file = block_path(path)
        if block_file is None:
            return None, []
        loaded = load_block(BlockFolder(folder.name, path, block_file), before, before_dir, votes=False)
    except OSError as exc:  # a folder that cannot be listed: the same as a year that does not read
        return None, [_unreadable(before, year_dir, 1, f"{path}: {exc.strerror or exc}")]
    found = errors(loaded.problems)
    if loaded.result is None or found:
        first: Problem | str = f"{before}/không đọc được"
        if found:  # told in full where it is, its own next step included
            first = replace(found[0], file=f"{before}/{found[0].file}") if found[0].file else f"{before}/{found[0].format()}"
        return None, [_unreadable(before, year_dir, max(1, len(found)), first)]
    return loaded.result, []


def compare_year_before(folder: BlockFolder, result: BlockResult, year_dir: Path) -> Answer:
    """This year against the year before, or None with at most one warning. pandas is imported
    only here, when there is a year before to compare with. A year before where the comparison
    finds fewer than half of this year's units is another block (a folder copied or named
    wrongly): its ranks would make false "rose/fell" sentences, so it is only a warning."""
    before, found = load_year_before(folder, result.block.info.year, year_dir)
    if before is None:
        return None, found
    comparison = compare(result, before)
    common = sum(1 for rank in comparison.ranks.values() if rank)  # this year's units the join found
    if common * 2 < len(result.block.units):
        year = result.block.info.year - 1
        place = _folder(folder, result.block.info.year, year_dir)
        shown = place.relative_to(year_dir.parent).as_posix() if place.is_relative_to(year_dir.parent) else str(place)
        return None, [warning("year_before_other_block", year=year, folder=shown, common=common,
                              count=len(result.block.units))]
    return comparison, found


def _folder(folder: BlockFolder, year: int, year_dir: Path) -> Path:
    before_dir = year_dir.parent / str(year - 1)
    return before_dir / folder.name if folder.name else before_dir


def _unreadable(before: int, year_dir: Path, count: int, first: Problem | str) -> Problem:
    return warning("year_before_unreadable", year=before, count=count, first=first,
                   command=Hint(Step.CHECK, before, year_dir.parent))
