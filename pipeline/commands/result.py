"""What every command gives back: one frozen result, the same for a run, a check, the forms, the
ballots, a new year, the PDFs and the templates. The command line (cli.py) alone tells it to staff:
it prints the files, the warnings, and puts the next steps (data: `Hint`) into words.

A command that finds an error still raises InputError (nothing written, exit code 1), and wrong
usage UsageError (exit code 2): a result is what a command that went through did.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..problems import Hint, Problem, Step, errors, warnings
from .load import Loaded

__all__ = ["BlockOutcome", "Hint", "Result", "Step"]


@dataclass
class BlockOutcome:
    """One block of a run: what was read, and its files staged under `staged` (relative name -> temp file).
    In a run of several blocks, `loaded` keeps only what is used once the block is done
    (`run.kept_of_block`): each block's outcome is held until the end of the run."""

    loaded: Loaded
    staged: dict[Path, Path] = field(default_factory=dict)
    staff_templates: tuple[str, ...] = ()  # the staff versions (mau/...) its documents were made from
    checksums: dict[Path, str] = field(default_factory=dict)  # each staged file -> its checksum (for the commit)


@dataclass(frozen=True)
class Result:
    """What a command did. `problems`: everything found that did not stop it, warnings and (with
    --keep-going) the faulty blocks' errors; `next_steps`: what staff can do next, as data."""

    written: tuple[Path, ...] = ()
    kept: tuple[tuple[Path, Path], ...] = ()  # (a file the command writes, the staff's edited version kept)
    problems: tuple[Problem, ...] = ()
    next_steps: tuple[Hint, ...] = ()
    outcomes: tuple[BlockOutcome, ...] = ()  # a run's (and a check's) blocks, as read and ranked (see BlockOutcome)
    staff_templates: tuple[str, ...] = ()  # the staff's versions of the templates used (mau/...), each once
    restored: bool = False  # an interrupted run's move was undone first

    @property
    def warnings(self) -> list[Problem]:
        return warnings(self.problems)

    @property
    def errors(self) -> list[Problem]:
        return errors(self.problems)
