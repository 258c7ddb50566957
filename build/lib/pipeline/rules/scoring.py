"""Totals and competition ranking (1, 2, 3, 3, 3, 6)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from ..model import Block, Kind, ScoreSheet, Totals, UnitResult, to_decimal
from .formulas import bonus_sum, capped_bonus, office_changes


def totals(block: Block, sheet: ScoreSheet) -> Totals:
    """The block's scored sum, bonus and penalty of one sheet, exactly: the bonus holds the excess
    bonuses of `Tỷ lệ` criteria and is capped by `Điểm thưởng tối đa` (`rules/formulas.py`)."""
    kinds = {c.code: c.kind for c in block.criteria}
    sums = {kind: Fraction(0) for kind in Kind}
    for line in sheet.lines:
        sums[kinds[line.criterion]] += line.exact
    bonus = bonus_sum(block, sheet)
    cap = Fraction(block.info.bonus_cap) if block.info.bonus_cap is not None else None
    counted = capped_bonus(bonus, cap)
    scored, penalty = sums[Kind.SCORED], sums[Kind.PENALTY]
    return Totals(to_decimal(scored), to_decimal(counted), to_decimal(penalty), exact=scored + counted - penalty,
                  bonus_before_cap=to_decimal(bonus) if counted != bonus else None)


def self_total(block: Block, sheet: ScoreSheet, assessed: Totals) -> Decimal | None:
    """The unit's own scores on the scored criteria, plus bonus minus penalty as the block assessed
    them (SPEC §3: both totals are computed the same way); None when a self score is blank."""
    kinds = {c.code: c.kind for c in block.criteria}
    scored = [line.self_score for line in sheet.lines if kinds[line.criterion] is Kind.SCORED]
    if any(score is None for score in scored):
        return None
    own = sum((Fraction(s) for s in scored if s is not None), Fraction(0))
    return to_decimal(own + Fraction(assessed.bonus) - Fraction(assessed.penalty))


def office_checks(sheet: ScoreSheet) -> int:
    return sum(1 for line in sheet.lines if line.how is not None and line.how.office is not None)


def competition_ranks(values: list[Decimal] | list[Fraction]) -> list[int]:
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
    ranks = competition_ranks([t.exact_total for _, t, _, _ in scored])  # exactly: a tie is a tie
    results = [
        UnitResult(unit, assessed, own, rank, sheet=sheet, office_checked=office_checks(sheet),
                   office_changed=office_changes(sheet))
        for (unit, assessed, own, sheet), rank in zip(scored, ranks, strict=True)
    ]
    return sorted(results, key=lambda r: (r.rank, r.unit.order))
