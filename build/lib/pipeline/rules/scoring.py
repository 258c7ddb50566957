"""Totals and competition ranking (1, 2, 3, 3, 3, 6)."""

from __future__ import annotations

from decimal import Decimal

from ..model import Block, Kind, ScoreSheet, Totals, UnitResult


def totals(block: Block, sheet: ScoreSheet) -> Totals:
    """The block's scored sum, bonus and penalty of one sheet."""
    kinds = {c.code: c.kind for c in block.criteria}
    sums = {kind: Decimal(0) for kind in Kind}
    for line in sheet.lines:
        sums[kinds[line.criterion]] += line.block_score
    return Totals(sums[Kind.SCORED], sums[Kind.BONUS], sums[Kind.PENALTY])


def self_total(block: Block, sheet: ScoreSheet, assessed: Totals) -> Decimal | None:
    """The unit's own scores on the scored criteria, plus bonus minus penalty as the block assessed
    them (SPEC §3: both totals are computed the same way); None when a self score is blank."""
    kinds = {c.code: c.kind for c in block.criteria}
    scored = [line.self_score for line in sheet.lines if kinds[line.criterion] is Kind.SCORED]
    if any(score is None for score in scored):
        return None
    return sum((s for s in scored if s is not None), Decimal(0)) + assessed.bonus - assessed.penalty


def competition_ranks(values: list[Decimal]) -> list[int]:
    """Rank of each value, highest first; equal values share a rank and the next rank skips."""
    ordered = sorted(values, reverse=True)
    first_place = {}
    for position, value in enumerate(ordered, start=1):
        first_place.setdefault(value, position)
    return [first_place[value] for value in values]


def rank_units(block: Block, sheets: dict[str, ScoreSheet]) -> list[UnitResult]:
    """Every member with its totals and rank, best first; ties keep the `ThanhVien` order."""
    scored = []
    for unit in block.units:
        sheet = sheets[unit.code]
        assessed = totals(block, sheet)
        scored.append((unit, assessed, self_total(block, sheet, assessed), sheet))
    ranks = competition_ranks([t.total for _, t, _, _ in scored])
    results = [
        UnitResult(unit, assessed, own, rank, sheet=sheet)
        for (unit, assessed, own, sheet), rank in zip(scored, ranks, strict=True)
    ]
    return sorted(results, key=lambda r: (r.rank, r.unit.order))
