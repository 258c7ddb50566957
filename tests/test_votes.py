"""SPEC §2.3 votes: a form with `Tỷ lệ phiếu` goes only to units whose yes votes reach its share of
the whole membership, rounded up; a unit passed over stays in the running for the forms below."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from pipeline.model import AwardForm, Ballot, Block, BlockInfo, Criterion, ScoreLine, ScoreSheet, Unit
from pipeline.rules.awards import allocate
from pipeline.rules.scoring import rank_units

GOV, PROV, CERT = "Cờ thi đua của Chính phủ", "Cờ thi đua của UBND tỉnh", "Bằng khen của Chủ tịch UBND tỉnh"


def run(totals: dict[str, float], awards: list[AwardForm], votes: dict[tuple[str, str], int] | None,
        priority: dict[str, int] | None = None, barred: dict[str, str] | None = None):
    priority, barred = priority or {}, barred or {}
    units = tuple(Unit(code, f"Đơn vị {code}", "Nguyễn Văn A", "Giám đốc", order, barred.get(code, ""),
                       priority.get(code)) for order, code in enumerate(totals))
    info = BlockInfo("Bắc Giang", "Khối", 2020, dt.date(2020, 12, 26), "", units[0].code, None,
                     units[0].code, None, "", "", (), ())
    ballot = None if votes is None else Ballot(tuple((code, form, n) for (code, form), n in votes.items()))
    block = Block(info, units, (Criterion("1", "Nhiệm vụ", Decimal(1000)),), tuple(awards), ballot)
    sheets = {code: ScoreSheet(code, (ScoreLine("1", None, Decimal(str(t))),)) for code, t in totals.items()}
    allocation = allocate(block, rank_units(block, sheets))
    assert not allocation.problems, [p.format() for p in allocation.problems]
    return {r.unit.code: r.award for r in allocation.ranked}, allocation


NINE = {code: 99 - i for i, code in enumerate("ABCDEFGHI")}


@pytest.mark.parametrize("yes, award", [(7, None), (8, GOV), (9, GOV)])
def test_eighty_percent_of_nine_members_needs_eight_votes(yes, award):
    got, allocation = run(NINE, [AwardForm(GOV, 1, vote_share=Decimal(80))], {("A", GOV): yes})
    assert got["A"] == award
    count = allocation.outcomes[0].votes[0]
    assert (count.votes, count.members, count.needed, count.reached) == (yes, 9, 8, yes >= 8)


def test_eleven_members_at_eighty_percent_need_nine():
    assert AwardForm(GOV, 1, vote_share=Decimal(80)).votes_needed(11) == 9


def test_top_unit_failing_the_government_flag_gets_the_provincial_one():
    awards = [AwardForm(GOV, 1, vote_share=Decimal(80)), AwardForm(PROV, 1, vote_share=Decimal(80)),
              AwardForm(CERT, 2)]
    votes = {("A", GOV): 6, ("B", GOV): 9, ("A", PROV): 9, ("C", PROV): 8}
    got, allocation = run(NINE, awards, votes)
    assert (got["A"], got["B"], got["C"], got["D"], got["E"]) == (PROV, GOV, CERT, CERT, None)
    gov = allocation.outcomes[0]
    assert gov.chosen == ("B",) and [(v.unit_code, v.votes) for v in gov.passed_over] == [("A", 6)]
    # B got the Government flag: its provincial-flag votes (none given) do not matter there
    assert allocation.outcomes[1].passed_over == ()


def test_a_candidate_that_is_not_a_member_of_the_ballot_column_is_passed_over():
    """A blank cell: not a candidate for that form; the place goes to the next unit that qualifies."""
    got, allocation = run(NINE, [AwardForm(GOV, 1, vote_share=Decimal(80))], {("B", GOV): 8})
    assert got["A"] is None and got["B"] == GOV
    assert [v.unit_code for v in allocation.outcomes[0].votes] == ["B"]


def test_tie_among_qualifying_units_is_cut_by_priority_and_recorded():
    totals = {"A": 95, "B": 95, "C": 95, "D": 90}
    votes = {("A", PROV): 4, ("B", PROV): 4, ("C", PROV): 1}
    got, allocation = run(totals, [AwardForm(PROV, 1, vote_share=Decimal(75))], votes,
                          priority={"A": 2, "B": 1})
    assert got == {"A": None, "B": PROV, "C": None, "D": None}
    tie = allocation.outcomes[0].tie
    # C fell short of the votes, so only A and B tied for the place
    assert tie is not None and (tie.units, tie.places, tie.chosen, tie.left_out) == (("B", "A"), 1, ("B",), ("A",))


def test_tie_among_qualifying_units_without_priority_stops_the_run():
    totals = {"A": 95, "B": 95, "C": 90}
    units = tuple(Unit(code, f"Đơn vị {code}", "X", "Giám đốc", i) for i, code in enumerate(totals))
    block = Block(BlockInfo("Bắc Giang", "Khối", 2020, dt.date(2020, 12, 26), "", "A", None, "A", None, "", "", (),
                            ()), units, (Criterion("1", "Nhiệm vụ", Decimal(1000)),),
                  (AwardForm(PROV, 1, vote_share=Decimal(50)),),
                  Ballot((("A", PROV, 2), ("B", PROV, 2))))
    sheets = {code: ScoreSheet(code, (ScoreLine("1", None, Decimal(t)),)) for code, t in totals.items()}
    allocation = allocate(block, rank_units(block, sheets))
    assert [p.code for p in allocation.problems] == ["tie_needs_priority"]


def test_a_form_no_unit_qualifies_for_keeps_its_places_empty():
    awards = [AwardForm(GOV, 1, vote_share=Decimal(80)), AwardForm(CERT, 1)]
    got, allocation = run(NINE, awards, {("A", GOV): 5, ("B", GOV): 2})
    assert allocation.outcomes[0].chosen == () and got["A"] == CERT
    assert [(v.unit_code, v.votes) for v in allocation.outcomes[0].passed_over] == [("A", 5), ("B", 2)]


def test_forms_without_a_share_ignore_the_ballot():
    got, _ = run({"A": 90, "B": 80}, [AwardForm(CERT, 1)], {("B", CERT): 0})
    assert got == {"A": CERT, "B": None}


def test_a_unit_given_a_higher_form_is_not_passed_over_for_a_lower_one():
    awards = [AwardForm(GOV, 1, vote_share=Decimal(80)), AwardForm(PROV, 1, vote_share=Decimal(80))]
    got, allocation = run(NINE, awards, {("B", GOV): 9, ("B", PROV): 1, ("A", PROV): 9, ("C", PROV): 3})
    assert (got["A"], got["B"]) == (PROV, GOV)
    assert [(v.unit_code, v.votes) for v in allocation.outcomes[1].passed_over] == [("C", 3)]
    assert [v.unit_code for v in allocation.outcomes[1].votes] == ["A", "B", "C"]
