"""Award allocation (SPEC §2.3): forms top-down, tie groups together, the share of women (where the
law in force says so) and then `Ưu tiên` only to cut a tie,
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
from ..problems import Problem, errors, problem, warning
from ..text import format_number, format_score, join_names, two_digits


@dataclass(frozen=True)
class Allocation:
    ranked: list[UnitResult]  # each unit with its award set
    outcomes: tuple[FormOutcome, ...]  # one per form, in `KhenThuong` order
    problems: list[Problem]  # ties the conference must decide: then no award is set


def candidates(form: AwardForm, ranked: tuple[UnitResult, ...] | list[UnitResult]) -> list[UnitResult]:
    """The units that could receive `form`, best first: not barred, reaching its minimum score (the
    ballot paper's candidates, voted on before anything is allocated)."""
    return [r for r in ranked if not r.unit.barred and (form.min_score is None or r.total >= form.min_score)]


UNVOTED = "ballot_form_unvoted"  # a form's count column left empty: a fault only if the form needs votes


def blocking(problems: list[Problem]) -> list[Problem]:
    """The errors that stop the ranking: all but the empty vote columns, which only the ranking can
    show to be no fault (`forgive_unvoted`)."""
    return errors([p for p in problems if p.code != UNVOTED])


def forgive_unvoted(block: Block, ranked: list[UnitResult], problems: list[Problem]) -> list[Problem]:
    """`problems` without the empty vote column of a form with `Tỷ lệ phiếu` that no unit could
    receive (all barred, none reaching its minimum): it needs no votes, so its empty column is no fault."""
    forms = {form.name: form for form in block.awards}
    return [p for p in problems if p.code != UNVOTED or candidates(forms[p.value], ranked)]


def allocate(block: Block, ranked: list[UnitResult], block_file: str = "") -> Allocation:
    """Walk the forms top-down; stop at the first tie that needs the conference's order."""
    awarded: dict[str, str] = {}
    outcomes: list[FormOutcome] = []
    told: list[Problem] = []  # warnings: a tie cut while a tied unit's share of women is unknown
    for form in block.awards:
        outcome, found = _fill(form, block, ranked, awarded, block_file)
        if errors(found):  # later forms depend on who got this one
            return Allocation(list(ranked), tuple(outcomes), found)
        told += found
        outcomes.append(outcome)
        for code in outcome.chosen:
            awarded[code] = form.name
    return Allocation([replace(r, award=awarded.get(r.unit.code)) for r in ranked], tuple(outcomes), told)


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
        tie, cut, found = _cut_tie(form, group, left, block, block_file)
        if found is not None:
            return FormOutcome(form, (), votes), [found]
        chosen += cut
        break
    taken = {r.unit.code for r in chosen}
    in_order = tuple(r.unit.code for r in ranked if r.unit.code in taken)  # rank, then ThanhVien order
    return FormOutcome(form, in_order, votes, tie, short), _women_unknown(form, tie, ranked, block, block_file)


def _women_unknown(form: AwardForm, tie: TieCut | None, ranked: list[UnitResult], block: Block,
                   block_file: str) -> list[Problem]:
    """A tie cut under the rule of the share of women while some tied units left it blank: had one
    of them 70% women or more, it would have gone first. A warning, so staff can check."""
    rule = block.women_first
    if tie is None or rule is None:
        return []
    units = {r.unit.code: r.unit for r in ranked}
    blank = sorted((units[code] for code in tie.units if units[code].women_share is None), key=lambda u: u.order)
    if not blank:
        return []
    return [warning("tie_women_unknown", file=block_file, sheet="ThanhVien", row=blank[0].row or None,
                    award=form.name, units=join_names([u.name for u in blank]), ground=rule.ground,
                    share=format_number(rule.share))]


def _by_priority(units: list[UnitResult]) -> list[UnitResult]:
    return sorted(units, key=lambda r: r.unit.priority or 0)


def _cut_tie(form: AwardForm, group: list[UnitResult], left: int, block: Block, block_file: str
             ) -> tuple[TieCut | None, list[UnitResult], Problem | None]:
    """Cut a tie group that does not fit the `left` places: the collectives whose share of women
    reaches the rule in force go first (Decree 152/2025 Art. 4(6)), then `Ưu tiên` orders the
    rest; or the problem the conference must decide."""
    rule = block.women_first
    women = [r for r in group if rule is not None and r.unit.women_share is not None
             and r.unit.women_share >= rule.share]
    others = [r for r in group if r not in women]
    if len(women) >= left:  # the places go to women-led collectives: among them, Ưu tiên if needed
        first, pool, places = [], women, left
    else:
        first, pool, places = women, others, left - len(women)
    if len(pool) == places:
        picked, by_priority = pool, False
    else:
        picked_or_none = _cut_by_priority(pool, places)
        if picked_or_none is None:
            return None, [], _tie_problem(form, group, pool, places, left, block, block_file)
        picked, by_priority = picked_or_none, True
    ordered = _by_priority(women) + _by_priority(others)
    chosen = first + picked
    tie = TieCut(
        units=tuple(r.unit.code for r in ordered),
        places=left,
        chosen=tuple(r.unit.code for r in ordered if r in chosen),
        left_out=tuple(r.unit.code for r in ordered if r not in chosen),
        women_first=tuple(r.unit.code for r in ordered if r in women),
        by_priority=by_priority,
        rule=rule if women else None,
    )
    return tie, chosen, None


def _tie_problem(form: AwardForm, group: list[UnitResult], pool: list[UnitResult], places: int, left: int,
                 block: Block, block_file: str) -> Problem:
    """The tie the conference must decide: who, at what score, for how many places of which form
    (after the collectives the share of women put first, if any)."""
    missing = any(r.unit.priority is None for r in pool)
    first = next((r for r in pool if r.unit.priority is None), pool[0])
    rule = block.women_first
    ahead = [r for r in group if r not in pool]
    note = ""
    if rule is not None and ahead:
        note = (f" (sau khi {join_names([r.unit.name for r in ahead])} có tỷ lệ nữ từ "
                f"{format_number(rule.share)}% trở lên được xét trước theo {rule.ground})")
    action = (
        "Hãy nhập cột Ưu tiên (1 = được xét trước) cho các đơn vị này theo kết quả bình xét của hội nghị"
        if missing
        else "Cột Ưu tiên của các đơn vị này bị trùng nên chưa phân định được; hãy sửa cho khác nhau"
    )
    if rule is not None and not ahead:
        action += (f" (theo {rule.ground}, tập thể có tỷ lệ nữ từ {format_number(rule.share)}% trở lên được "
                   "xét trước: nếu có, hãy ghi cột Tỷ lệ nữ của sheet ThanhVien)")
    return problem(
        "tie_needs_priority",
        file=block_file,
        sheet="ThanhVien",
        cell=first.unit.priority_cell,  # the marked copy shows where to type it
        row=first.unit.row or None,
        count=two_digits(len(pool)),
        score=format_score(group[0].total),
        places=two_digits(places),
        award=form.name,
        note=note,
        units=join_names([r.unit.name for r in pool]),
        action=action,
    )


def _cut_by_priority(group: list[UnitResult], places: int) -> list[UnitResult] | None:
    """The first `places` units of a tie group by `Ưu tiên`, if it decides the cut."""
    if any(r.unit.priority is None for r in group):
        return None
    ordered = _by_priority(group)
    if ordered[places - 1].unit.priority == ordered[places].unit.priority:
        return None
    return ordered[:places]
