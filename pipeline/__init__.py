"""Thi đua documents: from a block's Excel score sheets to its year-end Word documents.

Stages, one module each: discover → workbook/khoi/scoresheet (read and validate) → scoring →
awards → context → render → outputs. `run` ties them together; `cli` prints and exits.
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
from .problems import InputError, Problem, UsageError
from .commands.run import RunReport, run

__all__ = [
    "AwardForm", "Block", "BlockInfo", "BlockResult", "Criterion", "InputError", "Kind", "Loaded", "Problem",
    "RunReport", "ScoreSheet", "Unit", "UnitResult", "UsageError", "load_block", "run",
]
