"""Totals and competition ranking (1, 2, 3, 3, 3, 6)."""

from __future__ import annotations

from decimal import Decimal

from .model import Block, Kind, ScoreSheet, Totals, UnitResult


def totals(block: Block, sheet: ScoreSheet, assessed_by_block: bool = True) -> Totals | None:
    """Scored sum, bonus and penalty of one sheet; None for self scores when one is blank."""
    kinds = {c.code: c.kind for c in block.criteria}
    sums = {kind: Decimal(0) for kind in Kind}
    for line in sheet.lines:
        score = line.block_score if assessed_by_block else line.self_score
        if score is None:
            return None
        sums[kinds[line.criterion]] += score
    return Totals(sums[Kind.SCORED], sums[Kind.BONUS], sums[Kind.PENALTY])


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
        block_totals = totals(block, sheet)
        assert block_totals is not None  # block scores are never blank once validated
        self_totals = totals(block, sheet, assessed_by_block=False)
        scored.append((unit, block_totals, self_totals.total if self_totals else None, sheet))
    ranks = competition_ranks([t.total for _, t, _, _ in scored])
    results = [
        UnitResult(unit, block_totals, self_total, rank, sheet=sheet)
        for (unit, block_totals, self_total, sheet), rank in zip(scored, ranks)
    ]
    return sorted(results, key=lambda r: (r.rank, r.unit.order))
