"""Award allocation (SPEC §2.3): forms top-down, tie groups together, `Ưu tiên` only to cut a tie,
and for a form with `Tỷ lệ phiếu` only the units whose yes votes reach its share.

The pipeline never breaks a tie on its own: a tie group that does not fit the places left and
has no usable `Ưu tiên` is a problem naming the units, their score and the places left. Each
form's outcome says who got it, every candidate's votes and the tie that was cut, so that the
documents can explain every decision in words.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import groupby

from ..model import AwardForm, Block, FormOutcome, TieCut, UnitResult, VoteCount
from ..problems import Problem, problem
from ..text import format_score, join_names, two_digits


@dataclass(frozen=True)
class Allocation:
    ranked: list[UnitResult]  # each unit with its award set
    outcomes: tuple[FormOutcome, ...]  # one per form, in `KhenThuong` order
    problems: list[Problem]  # ties the conference must decide: then no award is set


def candidates(form: AwardForm, ranked: tuple[UnitResult, ...] | list[UnitResult]) -> list[UnitResult]:
    """The units that could receive `form`, best first: not barred, reaching its minimum score (the
    ballot paper's candidates, voted on before anything is allocated)."""
    return [r for r in ranked if not r.unit.barred and (form.min_score is None or r.total >= form.min_score)]


def needless_votes(block: Block, ranked: list[UnitResult], unvoted: list[Problem]) -> list[Problem]:
    """Of the `ballot_form_unvoted` problems, those of a form with `Tỷ lệ phiếu` that no unit could
    receive (all barred, none reaching its minimum): it needs no votes, so its empty count column
    is no fault."""
    forms = {form.name: form for form in block.awards}
    return [found for found in unvoted if not candidates(forms[found.value], ranked)]


def allocate(block: Block, ranked: list[UnitResult], block_file: str = "") -> Allocation:
    """Walk the forms top-down; stop at the first tie that needs the conference's order."""
    awarded: dict[str, str] = {}
    outcomes: list[FormOutcome] = []
    for form in block.awards:
        outcome, found = _fill(form, block, ranked, awarded, block_file)
        if found:  # later forms depend on who got this one
            return Allocation(list(ranked), tuple(outcomes), found)
        outcomes.append(outcome)
        for code in outcome.chosen:
            awarded[code] = form.name
    return Allocation([replace(r, award=awarded.get(r.unit.code)) for r in ranked], tuple(outcomes), [])


def _votes(form: AwardForm, block: Block, ranked: list[UnitResult]) -> tuple[VoteCount, ...]:
    """Every candidate of the ballot for `form`, in rank order."""
    members = len(block.units)
    needed = form.votes_needed(members)
    if block.ballot is None:
        return ()
    counts = []
    for result in ranked:
        votes = block.ballot.of(result.unit.code, form.name)
        if votes is not None:
            counts.append(VoteCount(result.unit.code, votes, members, needed if needed is not None else 0))
    return tuple(counts)


def _fill(
    form: AwardForm, block: Block, ranked: list[UnitResult], awarded: dict[str, str], block_file: str
) -> tuple[FormOutcome, list[Problem]]:
    votes = _votes(form, block, ranked)
    reached = {v.unit_code for v in votes if v.reached}
    in_running = [
        r
        for r in ranked
        if r.unit.code not in awarded
        and not r.unit.barred
        and (form.min_score is None or r.total >= form.min_score)
    ]
    eligible = [r for r in in_running if form.vote_share is None or r.unit.code in reached]
    running = {r.unit.code for r in in_running}
    # candidates that were in the running (no higher form, not barred, reaching the minimum) but
    # fell short of the votes: the documents name them with their votes
    short = tuple(v for v in votes if not v.reached and v.unit_code in running) if form.vote_share is not None else ()
    chosen: list[UnitResult] = []
    tie: TieCut | None = None
    for _, group_iter in groupby(eligible, key=lambda r: r.block.exact_total):
        left = form.places - len(chosen)
        if left <= 0:
            break
        group = list(group_iter)
        if len(group) <= left:
            chosen += group
            continue
        cut = _cut_by_priority(group, left)
        if cut is None:
            return FormOutcome(form, (), votes), [_tie_problem(form, group, left, block_file)]
        ordered = sorted(group, key=lambda r: r.unit.priority or 0)
        tie = TieCut(
            score=group[0].total,
            units=tuple(r.unit.code for r in ordered),
            places=left,
            chosen=tuple(r.unit.code for r in cut),
            left_out=tuple(r.unit.code for r in ordered if r not in cut),
        )
        chosen += cut
        break
    taken = {r.unit.code for r in chosen}
    in_order = tuple(r.unit.code for r in ranked if r.unit.code in taken)  # rank, then ThanhVien order
    return FormOutcome(form, in_order, votes, tie, short), []


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
        score=format_score(group[0].total),
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
