"""The block and its results as plain frozen records. Source positions never count in equality."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum


class Kind(Enum):
    SCORED = "Chấm điểm"
    BONUS = "Thưởng"
    PENALTY = "Trừ"


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    head: str
    title: str
    order: int
    barred_reason: str = ""
    priority: int | None = None
    row: int = field(default=0, compare=False, repr=False)
    priority_cell: str = field(default="", compare=False, repr=False)  # `F5`, where staff type Ưu tiên

    @property
    def barred(self) -> bool:
        return bool(self.barred_reason)


@dataclass(frozen=True)
class Criterion:
    code: str
    text: str
    max_points: Decimal
    kind: Kind = Kind.SCORED
    group: str = ""


@dataclass(frozen=True)
class AwardForm:
    name: str
    places: int
    min_score: Decimal | None = None
    row: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class BlockInfo:
    province: str
    block_name: str
    year: int
    conference_date: dt.date
    place: str
    leader: str
    deputy: str | None
    next_leader: str
    next_deputy: str | None
    symbol: str
    addressee: str
    grounds: tuple[str, ...]
    tasks: tuple[str, ...]


@dataclass(frozen=True)
class Block:
    """Everything `khoi.xlsx` says. Unit references are unit codes."""

    info: BlockInfo
    units: tuple[Unit, ...]
    criteria: tuple[Criterion, ...]
    awards: tuple[AwardForm, ...]


@dataclass(frozen=True)
class ScoreLine:
    criterion: str
    self_score: Decimal | None
    block_score: Decimal


@dataclass(frozen=True)
class ScoreSheet:
    unit_code: str
    lines: tuple[ScoreLine, ...]
    file: str = field(default="", compare=False)
    sheet: str = field(default="", compare=False)


@dataclass(frozen=True)
class Totals:
    scored: Decimal
    bonus: Decimal
    penalty: Decimal

    @property
    def total(self) -> Decimal:
        return self.scored + self.bonus - self.penalty


@dataclass(frozen=True)
class UnitResult:
    unit: Unit
    block: Totals
    self_total: Decimal | None
    rank: int
    award: str | None = None
    sheet: ScoreSheet | None = field(default=None, compare=False, repr=False)

    @property
    def total(self) -> Decimal:
        return self.block.total


@dataclass(frozen=True)
class BlockResult:
    block: Block
    ranked: tuple[UnitResult, ...]
