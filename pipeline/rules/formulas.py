"""Criteria scored by formula, as real provincial guides score them (SPEC §2.3), exactly.

- `Tỷ lệ`: actual ÷ plan × maximum, at most the maximum. Beyond plan the criterion earns a bonus
  of 1% of its maximum per 1% over plan, counted in proportion (2,5% over gives 2,5% of the
  maximum), at most `Thưởng vượt tối đa` of the maximum (10% unless `TieuChi` says otherwise).
- `Tỷ lệ giảm` (a figure that should fall: arrears, complaints): plan ÷ actual × maximum, at most
  the maximum; an actual of 0 earns the maximum. No excess bonus.
- `Xếp loại`: a grade A-D worth its share of the maximum (100/75/50/0% unless `TieuChi` says).
- `Điểm thẩm định` (the provincial office's check), when filled, replaces the block's score of
  that criterion; a `Tỷ lệ` criterion keeps its excess bonus, which comes from plan and actual.
- `Điểm thưởng tối đa` caps the sum of all of a unit's bonuses: the `Thưởng` criteria and the
  excess bonuses together (the guides cap "tổng điểm thưởng", whatever it was earned for).

Every score is a `Fraction` until it is shown, so a tie is a tie (`2/3 × 10 + 1/3 × 10` is 10);
a score is rounded only for display, to two decimals. A filled `Điểm khối chấm` of a `Tỷ lệ` row
that differs from its formula (beyond that display rounding) is a warning naming both.
"""

from __future__ import annotations

import math
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

from ..model import Block, Criterion, Method, ScoreSheet, Scoring, to_decimal
from ..problems import Problem, warning
from ..text import format_number, format_score


def ratio_score(plan: Fraction, actual: Fraction, maximum: Fraction) -> Fraction:
    """`Tỷ lệ`: actual ÷ plan × maximum, at most the maximum."""
    return min(maximum, actual / plan * maximum)


def reverse_score(plan: Fraction, actual: Fraction, maximum: Fraction) -> Fraction:
    """`Tỷ lệ giảm`: plan ÷ actual × maximum, at most the maximum; nothing left (0) earns it all."""
    return maximum if actual == 0 else min(maximum, plan / actual * maximum)


def excess_bonus(plan: Fraction, actual: Fraction, maximum: Fraction, cap: Fraction) -> Fraction:
    """1% of the maximum per 1% beyond plan, at most `cap` (a share) of the maximum."""
    over = actual / plan - 1
    return min(over * maximum, cap * maximum) if over > 0 else Fraction(0)


def capped_bonus(bonus: Fraction, cap: Fraction | None) -> Fraction:
    """The sum of a unit's bonuses, at most `Điểm thưởng tối đa`."""
    return bonus if cap is None else min(bonus, cap)


def formula_score(criterion: Criterion, how: Scoring) -> tuple[Fraction, Fraction]:
    """The formula's score of a `Tỷ lệ` or `Tỷ lệ giảm` row and its excess bonus."""
    assert how.plan is not None and how.actual is not None
    plan, actual, maximum = Fraction(how.plan), Fraction(how.actual), Fraction(criterion.max_points)
    if criterion.method is Method.REVERSE:
        return reverse_score(plan, actual, maximum), Fraction(0)
    return ratio_score(plan, actual, maximum), excess_bonus(plan, actual, maximum, Fraction(criterion.excess_cap))


def settle(block: Block, sheet: ScoreSheet) -> tuple[ScoreSheet, list[Problem]]:
    """The sheet with every formula worked out: each line's exact score that counts (the office's
    check, else the formula, else the block's), the excess bonuses, whether the office's check
    changed the score and where the score came from in words (`note`); a warning for a filled
    `Điểm khối chấm` that differs from its formula."""
    criteria = {c.code: c for c in block.criteria}
    problems: list[Problem] = []
    lines = []
    for line in sheet.lines:
        criterion, how = criteria[line.criterion], line.how
        if how is None:
            lines.append(line)
            continue
        shown, differs = "", False
        if how.method in (Method.RATIO, Method.REVERSE) and how.plan is not None and how.actual is not None:
            formula, excess = formula_score(criterion, how)
            shown = formula_text(criterion, how)
            differs = how.assessed is not None and not agrees(how.assessed, formula) and not (
                excess and agrees(how.assessed, formula + excess))  # typed with its bonus: 20 + 2
            before = formula  # what the office's check, when filled, replaces
            counted = Fraction(how.office) if how.office is not None else formula
            how = replace(how, formula=formula, excess=excess, exact=counted)
            # the formula's score counts for the block, and for the unit's own when blank
            own = line.self_score if line.self_score is not None else to_decimal(formula)
            line = replace(line, self_score=own, block_score=to_decimal(counted))
        else:  # a grade, or a typed score the office checked
            before = Fraction(how.assessed if how.assessed is not None else line.block_score)
            how = replace(how, exact=Fraction(line.block_score))
        how = replace(how, office_changed=how.office is not None and Fraction(how.office) != before)
        how = replace(how, note=note(criterion, how, shown, differs, before))
        if differs:
            problems.append(warning(
                "formula_differs", file=sheet.file, sheet=sheet.sheet, cell=how.assessed_cell,
                value=format_number(how.assessed), method=criterion.method.value if criterion.method else "",
                criterion=criterion.code, formula=format_score(how.formula), how=shown))
        lines.append(replace(line, how=how))
    return replace(sheet, lines=tuple(lines)), problems


def settle_sheets(block: Block, sheets: dict[str, ScoreSheet]) -> tuple[dict[str, ScoreSheet], list[Problem]]:
    """Every member's sheet settled (`settle`), by unit code, and the warnings of all of them."""
    settled: dict[str, ScoreSheet] = {}
    problems: list[Problem] = []
    for code, sheet in sheets.items():
        settled[code], found = settle(block, sheet)
        problems += found
    return settled, problems


def agrees(typed: object, exact: Fraction) -> bool:
    """A score typed beside a formula agrees with it when it is the same, or the same as shown
    (to two decimals: Excel's `9,33333333333333` and a typed `9,33` agree with 28/3)."""
    value = Fraction(typed)  # type: ignore[arg-type]
    return value == exact or _hundredths(value) == _hundredths(exact)


def _hundredths(value: Fraction) -> int:
    return math.floor(value * 100 + Fraction(1, 2))


def formula_text(criterion: Criterion, how: Scoring) -> str:
    """`1.150 ÷ 1.000 × 20 = 23, tính tối đa 20`: the formula with the row's figures, in words."""
    if how.plan is None or how.actual is None:
        return ""
    plan, actual = _figure(how.plan, how.percent), _figure(how.actual, how.percent)
    maximum = Fraction(criterion.max_points)
    if criterion.method is Method.REVERSE:
        if how.actual == 0:
            return f"Thực hiện 0 (Kế hoạch {plan}): đạt tối đa {format_score(maximum)}"
        raw = Fraction(how.plan) / Fraction(how.actual) * maximum
        text = f"Kế hoạch {plan} ÷ Thực hiện {actual} × {format_number(criterion.max_points)} = {format_score(raw)}"
    else:
        raw = Fraction(how.actual) / Fraction(how.plan) * maximum
        text = f"Thực hiện {actual} ÷ Kế hoạch {plan} × {format_number(criterion.max_points)} = {format_score(raw)}"
    return text + (f", tính tối đa {format_score(maximum)}" if raw > maximum else "")


def _figure(value: Decimal, percent: bool) -> str:
    """A plan or actual as its cell shows it: `1.150`, or `80%` for 0,8 in a cell formatted as a percentage."""
    return f"{format_number(value * 100)}%" if percent else format_number(value)


def note(criterion: Criterion, how: Scoring, shown: str, differs: bool, before: Fraction) -> str:
    """Where a criterion's score came from, for the score table: the formula with its figures
    (`shown`, from `formula_text`), the grade, the excess bonus, a block's score that `differs`
    from the formula, the office's check (and the score `before` it); "" for a score simply typed."""
    parts = []
    if how.method in (Method.RATIO, Method.REVERSE):
        parts.append(f"{how.method.value}: {shown}")
        if how.excess:
            over = Fraction(how.actual or 0) / Fraction(how.plan or 1) - 1
            cap = Fraction(criterion.excess_cap) * Fraction(criterion.max_points)
            cut = f", tính tối đa {format_score(cap)}" if over * Fraction(criterion.max_points) > cap else ""
            parts.append(f"thưởng vượt kế hoạch {format_score(over * 100)}%: {format_score(how.excess)} điểm{cut}")
        if differs:
            parts.append(f"Khối ghi {format_number(how.assessed)}, tính theo công thức")
    elif how.method is Method.GRADE:
        share = criterion.grade_shares["ABCD".index(how.grade)] if how.grade else None
        if share is not None:
            parts.append(f"Xếp loại {how.grade}: {format_number(share * 100)}% × "
                         f"{format_number(criterion.max_points)} = {format_score(how.assessed)}")
    if how.office is not None:
        grade = f" (loại {how.office_grade})" if how.office_grade else ""
        if how.office_changed:
            parts.append(f"thẩm định: {format_score(how.office)}{grade} thay {format_score(before)}")
        else:
            parts.append(f"thẩm định: giữ {format_score(how.office)}{grade}")
    return "; ".join(parts)


__all__ = ["agrees", "capped_bonus", "excess_bonus", "formula_score", "formula_text",
           "note", "ratio_score", "reverse_score", "settle", "settle_sheets"]
