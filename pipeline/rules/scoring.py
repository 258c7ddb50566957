"""Totals and competition ranking (1, 2, 3, 3, 3, 6)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from ..model import Block, Kind, ScoreSheet, Totals, UnitResult, to_decimal
from .formulas import capped_bonus


def totals(block: Block, sheet: ScoreSheet) -> Totals:
    """The block's scored sum, bonus and penalty of one sheet, exactly: the bonus holds the excess
    bonuses of `Tỷ lệ` criteria and is capped by `Điểm thưởng tối đa` (`rules/formulas.py`).

    A typed score, a grade's worth and the office's check are decimals and add up exactly as
    decimals; only a formula's score (2/3 × 20) needs a fraction. So the common sheet is summed in
    decimals and turned into a fraction once per sum (a fraction per line cost 7 times as much)."""
    kinds = {c.code: c.kind for c in block.criteria}
    typed = {kind: Decimal(0) for kind in Kind}
    formula = {kind: Fraction(0) for kind in Kind}
    excess = Fraction(0)
    for line in sheet.lines:
        how = line.how
        if how is not None and how.formula is not None and how.exact is not None:
            formula[kinds[line.criterion]] += how.exact
            excess += how.excess
        else:
            typed[kinds[line.criterion]] += line.block_score
    scored, bonus, penalty = (Fraction(typed[kind]) + formula[kind] for kind in (Kind.SCORED, Kind.BONUS, Kind.PENALTY))
    bonus += excess
    cap = Fraction(block.info.bonus_cap) if block.info.bonus_cap is not None else None
    counted = capped_bonus(bonus, cap)
    return Totals(to_decimal(scored), to_decimal(counted), to_decimal(penalty), exact=scored + counted - penalty,
                  bonus_before_cap=to_decimal(bonus) if counted != bonus else None)


def self_total(block: Block, sheet: ScoreSheet, assessed: Totals) -> Decimal | None:
    """The unit's own scores on the scored criteria, plus bonus minus penalty as the block assessed
    them (SPEC §3: both totals are computed the same way); None when a self score is blank. Not
    ranked on: a formula's self score counts to 28 digits."""
    kinds = {c.code: c.kind for c in block.criteria}
    scored = [line.self_score for line in sheet.lines if kinds[line.criterion] is Kind.SCORED]
    if any(score is None for score in scored):
        return None
    return sum((s for s in scored if s is not None), Decimal(0)) + assessed.bonus - assessed.penalty


def office_checks(sheet: ScoreSheet) -> tuple[int, int]:
    """How many of the sheet's scores the office checked, and how many of them its check changed."""
    checked = [line.how for line in sheet.lines if line.how is not None and line.how.office is not None]
    return len(checked), sum(1 for how in checked if how.office_changed)


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
    results = []
    for (unit, assessed, own, sheet), rank in zip(scored, ranks, strict=True):
        checked, changed = office_checks(sheet)
        results.append(UnitResult(unit, assessed, own, rank, sheet=sheet, office_checked=checked, office_changed=changed))
    return sorted(results, key=lambda r: (r.rank, r.unit.order))
