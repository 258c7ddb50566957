"""Thi đua documents: from a block's Excel score sheets to its year-end Word documents.

Stages, one folder each, imports only going down: `read/` (find blocks, open workbooks, read and
validate into `model` records) → `rules/` (totals, ranks, awards) → `documents/` (template fields,
rendering) → `write/` (files on disk, all or none) → `commands/` (a block, a year, forms, next
year). `cli` prints and exits. `model`, `problems` and `text` are the vocabulary of every stage.
"""

from .commands.load import Loaded, load_block
from .model import (
    AwardForm,
    Block,
    BlockInfo,
    BlockResult,
    Criterion,
    Kind,
    ScoreSheet,
    Unit,
    UnitResult,
)
from .problems import Hint, InputError, Problem, Step, UsageError
from .commands.result import Result
from .commands.run import run

__all__ = [
    "AwardForm", "Block", "BlockInfo", "BlockResult", "Criterion", "Hint", "InputError", "Kind", "Loaded", "Problem",
    "Result", "ScoreSheet", "Step", "Unit", "UnitResult", "UsageError", "load_block", "run",
]
