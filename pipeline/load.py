"""Read and validate one block folder, then score, rank and allocate awards."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .awards import allocate
from .discover import BlockFolder, workbook_files
from .khoi import BLOCK_FILE, read_block
from .model import BlockResult, ScoreSheet
from .problems import Problem, errors, problem
from .scoresheet import read_score_sheets
from .scoring import rank_units
from .workbook import WorkbookProblem, open_workbook


@dataclass
class Loaded:
    """One block's outcome: its result, or the problems that stop it (warnings either way)."""

    folder: BlockFolder
    result: BlockResult | None
    problems: list[Problem]
    files: dict[str, Path] = field(default_factory=dict)  # rel name -> path, for marked copies


def load_block(folder: BlockFolder, year: int, year_dir: Path) -> Loaded:
    loaded = Loaded(folder, None, [])
    problems = loaded.problems

    def rel(path: Path) -> str:
        name = path.relative_to(year_dir).as_posix()
        loaded.files[name] = path
        return name

    if folder.block_file is None:
        problems.append(problem("no_block_file", file=rel(folder.path) if folder.name else ""))
        return loaded
    block_rel = rel(folder.block_file)
    block = None
    try:
        block, found = read_block(open_workbook(folder.block_file, block_rel), year)
        problems += found
    except WorkbookProblem as exc:
        problems.append(exc.problem)
    sheets: dict[str, ScoreSheet] = {}
    for path in workbook_files(folder):
        try:
            book = open_workbook(path, rel(path))
        except WorkbookProblem as exc:
            problems.append(exc.problem)
            continue
        if block is None:
            continue
        for found_sheet in read_score_sheets(book, block):
            problems += found_sheet.problems
            sheet = found_sheet.sheet
            if sheet is None:
                continue
            if sheet.unit_code in sheets:
                first = sheets[sheet.unit_code]
                problems.append(
                    problem("unit_two_sheets", file=sheet.file, sheet=sheet.sheet, cell=found_sheet.unit_cell,
                            value=block.unit(sheet.unit_code).name, other=f"{first.file} › {first.sheet}")
                )
            else:
                sheets[sheet.unit_code] = sheet
    if block is None:
        return loaded
    sheet_errors = {p.file for p in errors(problems)}
    for unit in block.units:
        if unit.code not in sheets and not sheet_errors - {block_rel}:
            problems.append(
                problem("unit_no_sheet", file=block_rel, sheet="ThanhVien", row=unit.row,
                        value=f"{unit.name} ({unit.code})")
            )
    if errors(problems):
        return loaded
    ranked, found = allocate(block, rank_units(block, sheets), block_rel)
    problems += found
    if not found:
        loaded.result = BlockResult(block, tuple(ranked))
    return loaded


__all__ = ["Loaded", "load_block", "BLOCK_FILE"]
