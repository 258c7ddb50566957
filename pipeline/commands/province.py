"""A year of several blocks, seen by the province (SPEC §3): the blocks' outcomes gathered into
`tong_hop_<year>.xlsx` and the checks across blocks.

Imported only when the year folder holds several blocks: pandas and XlsxWriter then load once
in the main process, after the blocks are done, and a single block's run never pays for them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from ..model import BlockResult
from ..problems import errors
from ..rules.province import BlockEntry, ProvinceView, gather
from ..write.province_book import file_name, province_workbook
from .load import Loaded


def province_view(blocks: Iterable[Loaded], year_dir: Path) -> ProvinceView | None:
    """The view of every block, or None when no block has a result to gather."""
    entries = [
        BlockEntry(
            folder=_shown(loaded.folder.name),
            block_file=_shown(_block_file(loaded, year_dir)),
            result=None if errors(loaded.problems) else loaded.result,
            error_count=len(errors(loaded.problems)),
            votes=_votes(loaded.result),
        )
        for loaded in blocks
    ]
    if not any(e.result for e in entries):
        return None
    return gather(entries)


def stage_workbook(view: ProvinceView, blocks: Iterable[Loaded], year: int, staging: Path) -> dict[Path, Path]:
    """The workbook written into the staging folder, as the run's commit takes staged files:
    its name relative to `<output>/<year>/` -> the staged file."""
    results = [loaded.result for loaded in blocks if loaded.result is not None and not errors(loaded.problems)]
    # dated from the last conference of the year, so a rerun gives the same bytes
    when = max(r.block.info.conference_date for r in results)
    staged = staging / file_name(year)
    staged.write_bytes(province_workbook(view, year, when, results[0].block.info.province))
    return {Path(file_name(year)): staged}


def _votes(result: BlockResult | None) -> dict[tuple[str, str], int]:
    """Yes votes by (unit code, award form) from the block's `BoPhieu`, when it has one."""
    ballot = result.block.ballot if result is not None else None
    return {(code, form): count for code, form, count in ballot.votes} if ballot else {}


def _shown(name: str) -> str:
    """A folder or file name as a workbook can hold it: bytes that are no UTF-8 (a folder named on
    an old Windows code page, kept by Python as lone surrogates) shown escaped, as on the console."""
    return name.encode("utf-8", "backslashreplace").decode("utf-8")


def _block_file(loaded: Loaded, year_dir: Path) -> str:
    folder = loaded.folder
    path = folder.block_file or folder.path / "khoi.xlsx"
    try:
        return path.relative_to(year_dir).as_posix()
    except ValueError:
        return path.as_posix()
