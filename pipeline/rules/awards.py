"""Award allocation (SPEC §2.3): forms top-down, tie groups together, `Ưu tiên` only to cut a tie.

The pipeline never breaks a tie on its own: a tie group that does not fit the places left and
has no usable `Ưu tiên` is a problem naming the units, their score and the places left.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import groupby

from ..model import AwardForm, Block, UnitResult
from ..problems import Problem, problem
from ..text import format_number, join_names, two_digits


def allocate(block: Block, ranked: list[UnitResult], block_file: str = "") -> tuple[list[UnitResult], list[Problem]]:
    """`ranked` with each unit's award set, or the tie problems that stop the allocation."""
    awarded: dict[str, str] = {}
    problems: list[Problem] = []
    for form in block.awards:
        chosen, found = _fill(form, ranked, awarded, block_file)
        problems += found
        if found:
            break  # later forms depend on who got this one
        for result in chosen:
            awarded[result.unit.code] = form.name
    return [replace(r, award=awarded.get(r.unit.code)) for r in ranked], problems


def _fill(
    form: AwardForm, ranked: list[UnitResult], awarded: dict[str, str], block_file: str
) -> tuple[list[UnitResult], list[Problem]]:
    eligible = [
        r
        for r in ranked
        if r.unit.code not in awarded
        and not r.unit.barred
        and (form.min_score is None or r.total >= form.min_score)
    ]
    chosen: list[UnitResult] = []
    for _, group_iter in groupby(eligible, key=lambda r: r.total):
        left = form.places - len(chosen)
        if left <= 0:
            break
        group = list(group_iter)
        if len(group) <= left:
            chosen += group
            continue
        cut = _cut_by_priority(group, left)
        if cut is None:
            return [], [_tie_problem(form, group, left, block_file)]
        chosen += cut
        break
    return chosen, []


def _tie_problem(form: AwardForm, group: list[UnitResult], left: int, block_file: str) -> Problem:
    """The tie the conference must decide: who, at what score, for how many places of which form."""
    missing = any(r.unit.priority is None for r in group)
    first = next((r for r in group if r.unit.priority is None), group[0])
    return problem(
        "tie_needs_priority",
        file=block_file,
        sheet="ThanhVien",
        cell=first.unit.priority_cell,  # the marked copy shows where to type it
        row=first.unit.row or None,
        count=two_digits(len(group)),
        score=format_number(group[0].total),
        places=two_digits(left),
        award=form.name,
        units=join_names([r.unit.name for r in group]),
        action=(
            "Hãy nhập cột Ưu tiên (1 = được xét trước) cho các đơn vị này theo kết quả bình xét của hội nghị"
            if missing
            else "Cột Ưu tiên của các đơn vị này bị trùng nên chưa phân định được; hãy sửa cho khác nhau"
        ),
    )


def _cut_by_priority(group: list[UnitResult], places: int) -> list[UnitResult] | None:
    """The first `places` units of a tie group by `Ưu tiên`, if it decides the cut."""
    if any(r.unit.priority is None for r in group):
        return None
    ordered = sorted(group, key=lambda r: r.unit.priority or 0)
    if ordered[places - 1].unit.priority == ordered[places].unit.priority:
        return None
    return ordered[:places]
