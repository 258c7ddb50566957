"""The rules of SPEC §2.3 and the Vietnamese formats, on plain records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from pipeline.documents.grounds import DEFAULT_GROUNDS, default_grounds
from pipeline.problems import problem, warning
from pipeline.rules.awards import allocate, blocking, forgive_unvoted
from pipeline.read.award_forms import quota_places
from pipeline.model import AwardForm, Block, BlockInfo, Criterion, Kind, ScoreLine, ScoreSheet, Unit
from pipeline.rules.scoring import competition_ranks, rank_units
from pipeline.text import date_words, format_number, key, ordinal, parse_date, parse_number

FLAG_GOV, FLAG_PROV, CERT = "Cờ thi đua của Chính phủ", "Cờ thi đua của UBND tỉnh", "Bằng khen của Chủ tịch UBND tỉnh"


def block(totals: dict[str, float], awards: list[AwardForm], barred: dict[str, str] | None = None,
          priority: dict[str, int] | None = None) -> tuple[Block, dict[str, ScoreSheet]]:
    barred, priority = barred or {}, priority or {}
    units = tuple(
        Unit(code, f"Đơn vị {code}", "Nguyễn Văn A", "Giám đốc", order, barred.get(code, ""), priority.get(code))
        for order, code in enumerate(totals)
    )
    criteria = (Criterion("1", "Nhiệm vụ", Decimal(1000)),)
    info = BlockInfo("Bắc Giang", "Khối", 2020, dt.date(2020, 12, 26), "", units[0].code, None,
                     units[0].code, None, "", "", (), ())
    sheets = {
        code: ScoreSheet(code, (ScoreLine("1", None, Decimal(str(total))),)) for code, total in totals.items()
    }
    return Block(info, units, criteria, tuple(awards)), sheets


def awards_of(totals, awards, **kwargs) -> dict[str, str | None]:
    the_block, sheets = block(totals, awards, **kwargs)
    allocation = allocate(the_block, rank_units(the_block, sheets))
    ranked, problems = allocation.ranked, allocation.problems
    assert not problems, [p.format() for p in problems]
    return {r.unit.code: r.award for r in ranked}


def test_competition_ranking_shares_and_skips():
    values = [Decimal(v) for v in ("98", "96.5", "94", "94", "94", "90")]
    assert competition_ranks(values) == [1, 2, 3, 3, 3, 6]


def test_ranked_units_in_rank_then_member_order():
    the_block, sheets = block({"A": 90, "B": 95, "C": 95, "D": 80}, [])
    ranked = rank_units(the_block, sheets)
    assert [(r.unit.code, r.rank) for r in ranked] == [("B", 1), ("C", 1), ("A", 3), ("D", 4)]


def test_forms_go_top_down_one_per_unit():
    got = awards_of({"A": 97, "B": 96, "C": 95, "D": 94, "E": 90},
                    [AwardForm(FLAG_GOV, 1), AwardForm(FLAG_PROV, 1), AwardForm(CERT, 2)])
    assert got == {"A": FLAG_GOV, "B": FLAG_PROV, "C": CERT, "D": CERT, "E": None}


def test_barred_unit_is_ranked_but_never_awarded():
    the_block, sheets = block({"A": 99, "B": 96, "C": 95}, [AwardForm(FLAG_GOV, 1), AwardForm(CERT, 1)],
                              barred={"A": "Kỷ luật cảnh cáo"})
    allocation = allocate(the_block, rank_units(the_block, sheets))
    ranked, _ = allocation.ranked, allocation.problems
    assert [(r.unit.code, r.rank, r.award) for r in ranked] == [("A", 1, None), ("B", 2, FLAG_GOV), ("C", 3, CERT)]


def test_minimum_score_leaves_places_empty():
    got = awards_of({"A": 94, "B": 93}, [AwardForm(FLAG_GOV, 1, Decimal(95)), AwardForm(FLAG_PROV, 1)])
    assert got == {"A": FLAG_PROV, "B": None}


def test_an_empty_vote_column_is_forgiven_only_where_no_unit_could_receive_the_form():
    """The count sheet's empty column of a voted form stops nothing before the ranking (`blocking`);
    after it, it stays an error only for a form that some unit could receive."""
    the_block, sheets = block({"A": 94, "B": 90, "C": 85}, [
        AwardForm(FLAG_GOV, 1, Decimal(95), vote_share=Decimal(80)),  # nobody reaches 95
        AwardForm(FLAG_PROV, 1, vote_share=Decimal(80)),
    ], barred={"C": "Kỷ luật"})
    unvoted = [problem("ballot_form_unvoted", file="kiem_phieu.xlsx", sheet="BoPhieu", cell=cell, value=form, share="80%")
               for cell, form in (("B11", FLAG_GOV), ("C11", FLAG_PROV))]
    told = warning("vote_method_blank", file="khoi.xlsx", sheet="ThongTin", forms=CERT)
    assert blocking([unvoted[0], told, unvoted[1]]) == []
    other = problem("unit_no_sheet", file="khoi.xlsx", sheet="ThanhVien", row=4, value="B", hint="")
    assert blocking([unvoted[0], other]) == [other]
    kept = forgive_unvoted(the_block, rank_units(the_block, sheets), [unvoted[0], told, unvoted[1]])
    assert [(p.cell, p.code) for p in kept] == [("", "vote_method_blank"), ("C11", "ballot_form_unvoted")]


def test_tie_group_taken_together_when_it_fits():
    got = awards_of({"A": 97, "B": 94, "C": 94, "D": 94, "E": 90}, [AwardForm(FLAG_GOV, 1), AwardForm(CERT, 3)])
    assert got == {"A": FLAG_GOV, "B": CERT, "C": CERT, "D": CERT, "E": None}


def test_tie_group_that_does_not_fit_is_cut_by_priority():
    got = awards_of({"A": 97, "B": 94, "C": 94, "D": 94}, [AwardForm(FLAG_GOV, 1), AwardForm(CERT, 2)],
                    priority={"B": 3, "C": 1, "D": 2})
    assert got == {"A": FLAG_GOV, "B": None, "C": CERT, "D": CERT}


def test_priority_only_matters_for_awards_not_rank():
    the_block, sheets = block({"A": 94, "B": 94}, [AwardForm(CERT, 1)], priority={"A": 2, "B": 1})
    allocation = allocate(the_block, rank_units(the_block, sheets))
    ranked, _ = allocation.ranked, allocation.problems
    assert [(r.unit.code, r.rank, r.award) for r in ranked] == [("A", 1, None), ("B", 1, CERT)]


@pytest.mark.parametrize("priority", [{}, {"B": 1}, {"B": 1, "C": 1, "D": 2}])
def test_tie_without_usable_priority_stops_with_the_tied_units(priority):
    the_block, sheets = block({"A": 97, "B": 94, "C": 94, "D": 94}, [AwardForm(FLAG_GOV, 1), AwardForm(CERT, 1)],
                              priority=priority)
    problems = allocate(the_block, rank_units(the_block, sheets)).problems
    assert [p.code for p in problems] == ["tie_needs_priority"]
    message = problems[0].message
    assert "Đơn vị B, Đơn vị C và Đơn vị D" in message
    assert "94 điểm" in message and "01 suất" in message and CERT in message


def test_ties_below_the_cut_need_no_priority():
    got = awards_of({"A": 97, "B": 90, "C": 90}, [AwardForm(FLAG_GOV, 1)])
    assert got == {"A": FLAG_GOV, "B": None, "C": None}


@pytest.mark.parametrize(
    "text, members, places",
    [("3", 11, 3), ("30%", 11, 3), ("50%", 11, 5), ("50 %", 7, 3), ("0", 5, 0), ("100%", 8, 8), ("12,5%", 8, 1)],
)
def test_quota_as_number_or_percent_rounded_down(text, members, places):
    assert quota_places(text, members) == places


@pytest.mark.parametrize("text", ["ba", "3,5", "-1", "%", ""])
def test_quota_that_is_neither(text):
    assert quota_places(text, 10) is None


@pytest.mark.parametrize(
    "day, words",
    [
        (dt.date(2019, 1, 8), "ngày 08 tháng 01 năm 2019"),
        (dt.date(2018, 3, 15), "ngày 15 tháng 3 năm 2018"),
        (dt.date(2023, 3, 3), "ngày 03 tháng 3 năm 2023"),
        (dt.date(2020, 2, 29), "ngày 29 tháng 02 năm 2020"),
        (dt.date(2019, 12, 26), "ngày 26 tháng 12 năm 2019"),
        (dt.date(2021, 10, 1), "ngày 01 tháng 10 năm 2021"),
    ],
)
def test_date_words(day, words):
    assert date_words(day) == words


@pytest.mark.parametrize(
    "value, text",
    [(Decimal("95.5"), "95,5"), (Decimal("1000"), "1.000"), (Decimal("1000.25"), "1.000,25"), (Decimal("95.50"), "95,5"),
     (Decimal("0"), "0"), (Decimal("-2"), "-2"), (Decimal("1234567"), "1.234.567"), (None, ""),
     (Decimal("1E+29"), "100.000.000.000.000.000.000.000.000.000"), (Decimal("3E+1"), "30")],
)
def test_number_format(value, text):
    assert format_number(value) == text


@pytest.mark.parametrize(
    "raw, number",
    [("95,5", "95.5"), ("1.000", "1000"), ("9.5", "9.5"), ("1.000,5", "1000.5"), (" 7 ", "7"), (9.5, "9.5"),
     (10.0, "10"), (3, "3"), ("12.345.678", "12345678"), ("0,25", "0.25")],
)
def test_number_parse(raw, number):
    assert parse_number(raw) == Decimal(number)


@pytest.mark.parametrize("raw", ["abc", "9,5,1", "", None, True, "1.00.0", "9 điểm"])
def test_number_parse_rejects(raw):
    assert parse_number(raw) is None


def test_date_parse_text_and_excel():
    assert parse_date("08/01/2021") == dt.date(2021, 1, 8)
    assert parse_date(dt.datetime(2019, 12, 26, 0, 0)) == dt.date(2019, 12, 26)
    assert parse_date("31/02/2021") is None


def test_lenient_keys():
    assert key("  Điểm  khối\nchấm :") == key("điểm khối chấm")
    decomposed = "Sở Tài chính".encode().decode()
    import unicodedata

    assert key(unicodedata.normalize("NFD", decomposed)) == key("SỞ TÀI CHÍNH")
    assert key("Mã tiêu chí*") == key("mã tiêu chí")


def test_ordinals():
    assert [ordinal(n) for n in (1, 3, 4, 10, 11, 14, 15, 21)] == [
        "thứ nhất", "thứ ba", "thứ tư", "thứ mười", "thứ mười một", "thứ mười bốn", "thứ mười lăm", "thứ 21"]


def test_bonus_and_penalty_in_total():
    units = (Unit("A", "A", "x", "y", 0),)
    criteria = (Criterion("1", "a", Decimal(90)), Criterion("T", "t", Decimal(5), Kind.BONUS),
                Criterion("P", "p", Decimal(5), Kind.PENALTY))
    info = BlockInfo("Bắc Giang", "Khối", 2020, dt.date(2020, 12, 1), "", "A", None, "A", None, "", "", (), ())
    sheet = ScoreSheet("A", (ScoreLine("1", Decimal(80), Decimal("85.5")), ScoreLine("T", Decimal(5), Decimal(3)),
                             ScoreLine("P", None, Decimal(1))))
    (result,) = rank_units(Block(info, units, criteria, ()), {"A": sheet})
    assert result.total == Decimal("87.5")
    assert (result.block.scored, result.block.bonus, result.block.penalty) == (Decimal("85.5"), 3, 1)
    # the self total: own scored criteria, with bonus and penalty as the block assessed them
    assert result.self_total == Decimal(80 + 3 - 1)


def test_self_total_blank_when_a_scored_self_score_is_blank():
    units = (Unit("A", "A", "x", "y", 0),)
    criteria = (Criterion("1", "a", Decimal(90)), Criterion("2", "b", Decimal(10)))
    info = BlockInfo("Bắc Giang", "Khối", 2020, dt.date(2020, 12, 1), "", "A", None, "A", None, "", "", (), ())
    sheet = ScoreSheet("A", (ScoreLine("1", Decimal(80), Decimal(80)), ScoreLine("2", None, Decimal(9))))
    (result,) = rank_units(Block(info, units, criteria, ()), {"A": sheet})
    assert result.self_total is None and result.total == 89


@pytest.mark.parametrize("day, cited, not_cited", [
    (dt.date(2017, 9, 14), ["15/2003/QH11"], ["91/2017"]),
    (dt.date(2017, 9, 15), ["15/2003/QH11", "47/2005/QH11", "39/2013/QH13", "91/2017/NĐ-CP"], ["06/2022"]),
    (dt.date(2023, 12, 31), ["15/2003/QH11", "91/2017/NĐ-CP"], ["06/2022", "98/2023"]),
    (dt.date(2024, 1, 1), ["06/2022/QH15 ngày 15 tháng 6 năm 2022", "98/2023/NĐ-CP ngày 31 tháng 12 năm 2023"],
     ["15/2003", "91/2017", "152/2025"]),
    (dt.date(2025, 6, 30), ["06/2022/QH15", "98/2023/NĐ-CP"], ["152/2025"]),
    (dt.date(2025, 7, 1), ["06/2022/QH15", "152/2025/NĐ-CP ngày 14 tháng 6 năm 2025"], ["98/2023", "15/2003"]),
])
def test_default_grounds_on_both_sides_of_each_change_of_the_law(day, cited, not_cited):
    """The shipped data file (templates_docx/can_cu_mac_dinh.txt) cites the law of the conference date."""
    text = " ".join(default_grounds(day, day.year, "Khối"))
    for number in cited:
        assert number in text, (day, number)
    for number in not_cited:
        assert number not in text, (day, number)
    assert "Luật Thi đua, Khen thưởng" not in text, "the law's name is spelled Luật Thi đua, khen thưởng"
    assert text.endswith("Căn cứ Biên bản họp bình xét thi đua, khen thưởng năm %d của Khối" % day.year)


# The official titles (trích yếu) of the two decrees, as the Government published them
TITLE_152_2025 = ("quy định về phân cấp, phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và "
                  "hướng dẫn thi hành một số điều của Luật Thi đua, khen thưởng")
TITLE_98_2023 = "quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng"


def test_grounds_file_cites_decree_152_2025_by_its_own_title():
    """Decree 152/2025 rules on decentralisation and delegation of powers and details the law: a
    proposal citing it under 98/2023's title would be returned by the provincial office."""
    lines = [line.split("|", 1)[1].strip() for line in DEFAULT_GROUNDS.path.read_text(encoding="utf-8").splitlines()
             if "|" in line and not line.lstrip().startswith("#")]
    decree_152 = [line for line in lines if "152/2025/NĐ-CP" in line]
    assert decree_152 == [f"Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ {TITLE_152_2025}"]
    assert TITLE_98_2023 not in decree_152[0]
    decree_98 = [line for line in lines if "98/2023/NĐ-CP" in line]
    assert decree_98 and all(line.endswith(TITLE_98_2023) for line in decree_98)
    cited = default_grounds(dt.date(2026, 1, 20), 2025, "Khối")
    assert cited[1] == f"Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ {TITLE_152_2025}"
