"""Criteria scored by formula (SPEC §2.3): plan and actual, grades, the excess bonus and the bonus
cap, the office's check; exact arithmetic; every fault at its cell."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from builders import YEAR, Case, CriterionSpec, edit_book, problem_rows, write_khoi, write_rows
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.commands.run import run
from pipeline.problems import InputError
from pipeline.rules.formulas import capped_bonus, excess_bonus, ratio_score, reverse_score
from pipeline.rules.scoring import competition_ranks
from pipeline.text import format_score

CRITERIA = [
    CriterionSpec("1.1", "Thu ngân sách nhà nước", 20, "", "I. Chỉ tiêu định lượng"),
    CriterionSpec("1.2", "Giảm nợ đọng thuế", 10, "", "I. Chỉ tiêu định lượng"),
    CriterionSpec("2.1", "Cải cách hành chính", 20, "", "II. Chỉ tiêu định tính"),
    CriterionSpec("2.2", "Công tác khác", 50, "", "II. Chỉ tiêu định tính"),
    CriterionSpec("THUONG", "Điểm thưởng", 10, "Thưởng"),
    CriterionSpec("TRU", "Điểm trừ", 5, "Trừ"),
]
METHODS = {"1.1": "Tỷ lệ", "1.2": "Tỷ lệ giảm", "2.1": "Xếp loại"}
HEADER = ["STT", "Mã tiêu chí", "Nội dung", "Điểm tối đa", "Kế hoạch", "Thực hiện", "Điểm tự chấm",
          "Điểm khối chấm", "Điểm thẩm định"]
SHEET = "Chấm điểm"


def formula_case(bonus_cap: Any = 5) -> Case:
    case = Case(criteria=[CriterionSpec(**vars(c)) for c in CRITERIA])
    for unit, priority in zip(case.units, (1, 2, 3, 4)):  # CT and SNV tie: the conference's order
        unit.priority = priority
    case.info["Điểm thưởng tối đa"] = bonus_cap
    return case


# unit -> code -> (plan, actual, self, block, office)
Row = tuple[Any, Any, Any, Any, Any]


def plain(block: Any, self_score: Any = None, office: Any = None) -> Row:
    return (None, None, self_score if self_score is not None else block, block, office)


def sheet_rows(case: Case, unit: str, rows: dict[str, Row], header: list[str] = HEADER) -> list[list[Any]]:
    out: list[list[Any]] = [[f"BẢNG CHẤM ĐIỂM THI ĐUA NĂM {case.year}"], [f"Đơn vị: {unit}"], [], header]
    for index, c in enumerate(case.criteria, start=1):
        values = dict(zip(HEADER[4:], rows.get(c.code, (None,) * 5)))
        out.append([index, c.code, c.text, c.max_points] + [values.get(h) for h in header[4:]])
    return out + [[None, "Tổng cộng"]]


def write_formula_case(root: Path, case: Case, sheets: dict[str, dict[str, Row]],
                       criteria_columns: dict[str, dict[str, Any]] | None = None,
                       header: list[str] = HEADER) -> Path:
    folder = root / str(case.year)
    path = write_khoi(case, folder / "khoi.xlsx")
    columns = {"Cách chấm": METHODS} | (criteria_columns or {})

    def add_columns(book: Any) -> None:
        sheet = book["TieuChi"]
        for name, by_code in columns.items():
            col = sheet.max_column + 1
            sheet.cell(row=1, column=col, value=name)
            for row in range(2, sheet.max_row + 1):
                code = str(sheet.cell(row=row, column=1).value)
                if code in by_code:
                    sheet.cell(row=row, column=col, value=by_code[code])

    edit_book(path, add_columns)
    names = {u.code: u.name for u in case.units}
    for code, rows in sheets.items():
        write_rows(folder / "diem" / f"{code.lower()}.xlsx", {SHEET: sheet_rows(case, names[code], rows, header)})
    return root


def good_sheets() -> dict[str, dict[str, Row]]:
    return {
        # 1.1: 1.100/1.000 of 20 = 22, capped 20, excess 10% of 20 = 2; 1.2: 50/40 × 10 = 12,5 → 10;
        # 2.1: A = 20; 2.2: 45; bonus 4 + excess 2 = 6, capped 5; penalty 1: total 20+10+20+45+5-1 = 99
        "STC": {"1.1": (1000, 1100, None, None, None), "1.2": (50, 40, None, None, None),
                "2.1": (None, None, "A", "A", None), "2.2": plain(45), "THUONG": plain(4), "TRU": plain(1)},
        # 1.1: 900/1.000 of 20 = 18; 1.2: 50/100 × 10 = 5; 2.1: B = 15, the office says C = 10;
        # 2.2: 46, the office 44: 18+5+10+44 = 77
        "SKHDT": {"1.1": (1000, 900, None, 18, None), "1.2": (50, 100, None, None, None),
                  "2.1": (None, None, "A", "B", "C"), "2.2": plain(46, office=44), "THUONG": plain(0),
                  "TRU": plain(0)},
        # 1.1: 2/3 of 20 = 13,33...; 1.2: 10; 2.1: C = 10; 2.2: 50; 30 - 2/3 ... total 83,33
        "CT": {"1.1": (3, 2, None, None, None), "1.2": (5, 0, None, None, None),
               "2.1": (None, None, "C", "C", None), "2.2": plain(50), "THUONG": plain(0), "TRU": plain(0)},
        # 1.1: 1/3 of 20 = 20/3; 1.2: 2/3 of 10 = 20/3; 2.1: A = 20; 2.2: 50: exactly CT's 250/3
        "SNV": {"1.1": (3, 1, None, None, None), "1.2": (2, 3, None, None, None),
                "2.1": (None, None, "A", "A", None), "2.2": plain(50), "THUONG": plain(0), "TRU": plain(0)},
    }


def _results(tmp_path: Path, case: Case, sheets: dict[str, dict[str, Row]], **kwargs: Any):
    root = write_formula_case(tmp_path / "in", case, sheets, **kwargs)
    return run(YEAR, root, tmp_path / "out", jobs=1)


def test_formula_scores_totals_ranks_and_office(tmp_path):
    report = _results(tmp_path, formula_case(), good_sheets())
    ranked = {r.unit.code: r for r in report.outcomes[0].loaded.result.ranked}
    assert ranked["STC"].total == 99 and ranked["STC"].block.bonus == 5
    assert ranked["STC"].block.bonus_before_cap == 6
    assert ranked["SKHDT"].total == 77
    assert format_score(ranked["CT"].total) == "83,33"
    # 2/3 of 20 + 10 + 10 + 50 and 1/3 of 20 + 2/3 of 10 + 20 + 50 are both 250/3: a tie is a tie
    assert ranked["CT"].block.exact_total == ranked["SNV"].block.exact_total == Fraction(250, 3)
    assert ranked["CT"].total == ranked["SNV"].total
    assert [ranked[c].rank for c in ("STC", "CT", "SNV", "SKHDT")] == [1, 2, 2, 4]
    assert [ranked[c].award for c in ("STC", "CT", "SNV", "SKHDT")] == [
        "Cờ thi đua của Chính phủ", "Cờ thi đua của UBND tỉnh", "Bằng khen của Chủ tịch UBND tỉnh",
        "Bằng khen của Chủ tịch UBND tỉnh"]
    assert [p.code for p in report.problems if p.code == "formula_differs"] == []


def test_block_score_differing_from_the_formula_is_a_warning_naming_both(tmp_path):
    case = formula_case()
    sheets = good_sheets()
    sheets["SKHDT"]["1.1"] = (1000, 900, None, 19, None)  # the formula gives 18
    sheets["CT"]["1.1"] = (3, 2, None, "13,33", None)  # 40/3 shown as 13,33: agrees
    report = _results(tmp_path, case, sheets)
    differs = [p for p in report.problems if p.code == "formula_differs"]
    assert [(p.file, p.sheet, p.cell) for p in differs] == [("diem/skhdt.xlsx", SHEET, "H5")]
    assert "Điểm khối chấm 19 khác điểm tính theo cách chấm Tỷ lệ của tiêu chí 1.1 (18:" in differs[0].message
    assert "Thực hiện 900 ÷ Kế hoạch 1.000 × 20 = 18" in differs[0].message
    ranked = {r.unit.code: r for r in report.outcomes[0].loaded.result.ranked}
    assert ranked["SKHDT"].total == 77  # the formula counts


def test_report_says_how_many_scores_the_office_changed(tmp_path):
    from docxread import full_text

    report = _results(tmp_path, formula_case(), good_sheets())
    text = full_text(tmp_path / "out" / str(YEAR) / f"bao_cao_tong_ket_{YEAR}.docx")
    assert ("Qua thẩm định, cơ quan thẩm định đã điều chỉnh 02 điểm tiêu chí của 01 đơn vị (Sở KH&ĐT); tổng điểm "
            "và thứ hạng trên tính theo điểm đã thẩm định.") in text
    assert "Cục Thuế" in text and "83,33" in text  # 250/3 shown to two decimals
    assert not [p for p in report.problems if p.severity == "warning" and p.code != "secretary_blank"]


def test_score_table_notes_where_each_score_came_from(tmp_path):
    from openpyxl import load_workbook

    _results(tmp_path, formula_case(), good_sheets())
    book = load_workbook(tmp_path / "out" / str(YEAR) / f"bang_diem_{YEAR}.xlsx")
    notes = book["CachTinhDiem"]
    rows = [[c.value for c in row] for row in notes.iter_rows()]
    text = "\n".join(" | ".join(str(v) for v in row if v is not None) for row in rows)
    assert "Sở Tài chính | 1.1 | Tỷ lệ: Thực hiện 1.100 ÷ Kế hoạch 1.000 × 20 = 22, tính tối đa 20; thưởng vượt " \
           "kế hoạch 10%: 2 điểm" in text
    assert "Sở Tài chính | 1.2 | Tỷ lệ giảm: Kế hoạch 50 ÷ Thực hiện 40 × 10 = 12,5, tính tối đa 10" in text
    assert "Sở Tài chính | Điểm thưởng | Tổng điểm thưởng 6 vượt Điểm thưởng tối đa 5: tính 5" in text
    assert "Sở KH&ĐT | 2.1 | Xếp loại B: 75% × 20 = 15; thẩm định: 10 (loại C) thay 15" in text
    assert "Sở KH&ĐT | 2.2 | thẩm định: 44 thay 46" in text
    assert "Cục Thuế | 1.1 | Tỷ lệ: Thực hiện 2 ÷ Kế hoạch 3 × 20 = 13,33" in text


@pytest.mark.parametrize("unit, code, row, expected", [
    ("STC", "1.1", (0, 1100, None, None, None), ("E5", "plan_zero")),
    ("STC", "1.1", (None, 1100, None, None, None), ("E5", "figure_blank")),
    ("STC", "1.1", (1000, -5, None, None, None), ("F5", "figure_negative")),
    ("STC", "1.1", (1000, "nhiều", None, None, None), ("F5", "figure_not_number")),
    ("STC", "2.1", (None, None, "A", "E", None), ("H7", "bad_grade")),
    ("STC", "2.1", (None, None, "A", 15, None), ("H7", "bad_grade")),
    ("STC", "2.1", (None, None, "A", None, None), ("H7", "grade_blank")),
    ("STC", "2.1", (None, None, "A", "A", "X"), ("I7", "bad_grade")),
    ("STC", "2.2", plain(45, office=60), ("I8", "score_above_max")),
])
def test_bad_score_cells(tmp_path, unit, code, row, expected):
    sheets = good_sheets()
    sheets[unit][code] = row
    with pytest.raises(InputError) as caught:
        _results(tmp_path, formula_case(), sheets)
    assert problem_rows(caught.value.problems) == [(f"diem/{unit.lower()}.xlsx", SHEET, *expected)]


def test_a_ratio_row_without_plan_and_actual_columns(tmp_path):
    header = [h for h in HEADER if h not in ("Kế hoạch", "Thực hiện")]
    with pytest.raises(InputError) as caught:
        _results(tmp_path, formula_case(), {"STC": good_sheets()["STC"]}, header=header)
    missing = [p for p in caught.value.problems if p.code == "formula_column_missing"]
    assert [(p.cell, dict(p.params)["column"]) for p in missing] == [("B4", "Kế hoạch"), ("B4", "Thực hiện")]


@pytest.mark.parametrize("columns, expected", [
    ({"Cách chấm": {"2.2": "Bình quân"}}, ("F5", "bad_method")),
    ({"Cách chấm": {"THUONG": "Tỷ lệ"}}, ("F6", "method_not_scored")),
    ({"A": {"2.1": "hai"}}, ("G4", "bad_grade_share")),
    ({"B": {"2.1": "120%"}}, ("G4", "bad_grade_share")),
    ({"C": {"2.1": "90%"}}, ("G4", "grade_shares_order")),
    ({"Thưởng vượt tối đa": {"1.1": "x"}}, ("G2", "bad_excess_cap")),
])
def test_bad_criteria_columns(tmp_path, columns, expected):
    with pytest.raises(InputError) as caught:
        _results(tmp_path, formula_case(), good_sheets(), criteria_columns=columns)
    rows = [(cell, code) for file, sheet, cell, code in problem_rows(caught.value.problems) if file == "khoi.xlsx"]
    assert rows == [expected]


def test_bonus_cap_that_is_no_number(tmp_path):
    with pytest.raises(InputError) as caught:
        _results(tmp_path, formula_case(bonus_cap="hai mươi"), good_sheets())
    assert [(p.sheet, p.code) for p in caught.value.problems if p.file == "khoi.xlsx"] == [("ThongTin",
                                                                                             "bad_bonus_cap")]


def test_grade_shares_and_excess_cap_from_tieu_chi(tmp_path):
    columns = {"A": {"2.1": "100%"}, "B": {"2.1": 0.8}, "C": {"2.1": "60"}, "D": {"2.1": 0},
               "Thưởng vượt tối đa": {"1.1": "5%"}}
    report = _results(tmp_path, formula_case(bonus_cap=None), good_sheets(), criteria_columns=columns)
    ranked = {r.unit.code: r for r in report.outcomes[0].loaded.result.ranked}
    # STC: excess 10% over, capped at 5% of 20 = 1; bonus 4 + 1 = 5 (no cap): 20+10+20+45+5-1
    assert ranked["STC"].total == 99 and ranked["STC"].block.bonus == 5
    # SKHDT: B is 80% of 20 = 16, but the office's C (60%) = 12 counts: 18+5+12+44
    assert ranked["SKHDT"].total == 79


# --- property tests: the rules against a plain reimplementation --------------------------------

FIGURES = st.fractions(min_value=0, max_value=10_000, max_denominator=100)
PLANS = st.fractions(min_value=Fraction(1, 100), max_value=10_000, max_denominator=100)
MAXIMA = st.integers(1, 200).map(Fraction)


@settings(max_examples=200, deadline=None)
@given(PLANS, FIGURES, MAXIMA, st.fractions(0, 1, max_denominator=100))
def test_ratio_and_excess_against_a_plain_reading(plan, actual, maximum, cap):
    # the guide's words, one at a time: the share of plan reached, capped at 100%
    reached = actual / plan
    expected = maximum * (reached if reached < 1 else 1)
    assert ratio_score(plan, actual, maximum) == expected
    assert 0 <= ratio_score(plan, actual, maximum) <= maximum
    percent_over = (reached - 1) * 100
    bonus = 0 if percent_over <= 0 else min(percent_over / 100 * maximum, cap * maximum)
    assert excess_bonus(plan, actual, maximum, cap) == bonus
    assert excess_bonus(plan, actual, maximum, cap) <= cap * maximum
    reverse = maximum if actual == 0 else min(maximum, maximum * plan / actual)
    assert reverse_score(plan, actual, maximum) == reverse


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(PLANS, FIGURES), min_size=2, max_size=6), MAXIMA, st.fractions(1, 50))
def test_totals_rank_exactly(figures, maximum, cap):
    """Totals as sums of exact fractions: equal sums share a rank whatever their decimals."""
    totals = [ratio_score(p, a, maximum) + capped_bonus(excess_bonus(p, a, maximum, Fraction(1, 10)), cap)
              for p, a in figures]
    ranks = competition_ranks(totals)
    for i, total in enumerate(totals):
        assert ranks[i] == 1 + sum(1 for other in totals if other > total)


@given(st.fractions(0, 1000, max_denominator=1000))
def test_display_rounds_half_up_to_two_decimals(value):
    shown = format_score(value)
    number = Decimal(shown.replace(".", "").replace(",", "."))
    assert abs(Fraction(number) - value) <= Fraction(1, 200)


# --- blank forms: plan/actual and grade cells, filled in Excel, read back as they are ------------


def _fill(path: Path, values: dict[str, dict[str, Any]]) -> None:
    """Type into a form as staff do: each criterion's row found by its code, cells by their header."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book.active
    header = next(row for row in sheet.iter_rows() if any(cell.value == "Mã tiêu chí" for cell in row))
    columns = {cell.value: cell.column for cell in header if cell.value}
    for row in sheet.iter_rows(min_row=header[0].row + 1):
        code = row[columns["Mã tiêu chí"] - 1].value
        for name, value in values.get(code, {}).items():
            sheet.cell(row=row[0].row, column=columns[name], value=value)
    book.save(path)


def test_forms_carry_plan_actual_and_grade_cells_and_read_back(tmp_path):
    import shutil

    from openpyxl import load_workbook

    from pipeline.commands.forms import write_forms

    case = formula_case()
    root = write_formula_case(tmp_path / "in", case, {})
    written = write_forms(YEAR, root, tmp_path / "forms").written
    book = load_workbook(written[0])
    sheet = book.active
    header = next(row for row in sheet.iter_rows() if any(cell.value == "Mã tiêu chí" for cell in row))
    names = [cell.value for cell in header]
    assert names == ["STT", "Mã tiêu chí", "Nội dung", "Điểm tối đa", "Kế hoạch", "Thực hiện", "Điểm tự chấm",
                     "Điểm khối chấm", "Ghi chú"]
    rules = {str(rule.sqref): rule for rule in sheet.data_validations.dataValidation}
    plan_row = header[0].row + 2  # the group heading, then criterion 1.1
    assert rules[f"E{plan_row}"].operator == "greaterThan" and rules[f"F{plan_row}"].operator == "greaterThanOrEqual"
    grade_row = plan_row + 3  # 1.2, the second group's heading, then 2.1
    assert rules[f"G{grade_row}:H{grade_row}"].type == "list"
    assert rules[f"G{grade_row}:H{grade_row}"].formula1 == '"A,B,C,D"'
    assert sheet[f"H{plan_row}"].value.startswith("=IF(AND(ISNUMBER(E")  # Excel shows the score as it is typed

    filled = {  # what each unit types: plan and actual, grades, scores
        "STC": {"1.1": {"Kế hoạch": 1000, "Thực hiện": 1100}, "1.2": {"Kế hoạch": 50, "Thực hiện": 40},
                "2.1": {"Điểm tự chấm": "A", "Điểm khối chấm": "A"},
                "2.2": {"Điểm tự chấm": 45, "Điểm khối chấm": 45}, "THUONG": {"Điểm tự chấm": 4, "Điểm khối chấm": 4},
                "TRU": {"Điểm tự chấm": 1, "Điểm khối chấm": 1}},
        "SKHDT": {"1.1": {"Kế hoạch": 1000, "Thực hiện": 900}, "1.2": {"Kế hoạch": 50, "Thực hiện": 100},
                  "2.1": {"Điểm tự chấm": "A", "Điểm khối chấm": "b"},
                  "2.2": {"Điểm tự chấm": 46, "Điểm khối chấm": 46},
                  "THUONG": {"Điểm tự chấm": 0, "Điểm khối chấm": 0}, "TRU": {"Điểm tự chấm": 0, "Điểm khối chấm": 0}},
    }
    for unit in case.units:
        filled.setdefault(unit.code, filled["SKHDT"])
    diem = root / str(YEAR) / "diem"
    diem.mkdir(parents=True, exist_ok=True)
    for path in written:
        target = diem / path.name
        shutil.copy(path, target)
        _fill(target, filled[path.stem])
    report = run(YEAR, root, tmp_path / "out", jobs=1)
    ranked = {r.unit.code: r for r in report.outcomes[0].loaded.result.ranked}
    assert ranked["STC"].total == 99  # 20 + 10 + 20 + 45 + bonus 4 + 2 capped at 5 - 1
    assert ranked["SKHDT"].total == 18 + 5 + 15 + 46
    assert ranked["STC"].self_total == 99
    assert not [p for p in report.problems if p.severity == "warning"]


# --- the 2025 sample block scored by formula ----------------------------------------------------

SAMPLE = Path(__file__).resolve().parent.parent / "input_samples"
ECONOMY = "khoi_kinh_te_ky_thuat"


@pytest.fixture(scope="module")
def economy(tmp_path_factory):
    """The sample block alone (its folder copied into a year of its own): its run and documents."""
    import shutil

    root = tmp_path_factory.mktemp("economy")
    shutil.copytree(SAMPLE / "2025" / ECONOMY, root / "in" / "2025" / ECONOMY)
    report = run(2025, root / "in", root / "out", jobs=1)
    return report, root / "out" / "2025" / ECONOMY


def test_sample_block_totals_ranks_and_awards(economy):
    report, _ = economy
    ranked = report.outcomes[0].loaded.result.ranked
    shown = [(r.rank, r.unit.code, format_score(r.total), r.award) for r in ranked]
    assert shown == [
        (1, "SCT", "104,5", "Cờ thi đua của UBND tỉnh"),  # 99,5 + bonus 4 + 2 over plan, capped at 5
        (2, "SXD", "100,89", "Bằng khen của Chủ tịch UBND tỉnh"),
        (3, "HQ", "99,13", "Bằng khen của Chủ tịch UBND tỉnh"),
        (4, "SKHCN", "95,38", None),
        (5, "SNNMT", "92,03", None),
        (6, "BQLKCN", "78,51", None),  # the office's C for 1.4; 6/9 of 10 for 1.3
    ]
    by_code = {r.unit.code: r for r in ranked}
    assert by_code["BQLKCN"].block.exact_total == Fraction(7851, 100) - Fraction(1, 300)  # 78,50666...
    assert by_code["SCT"].block.bonus_before_cap == 6
    assert not report.problems  # no warning either


def test_sample_block_shows_every_formula_score(economy):
    from docxread import full_text
    from openpyxl import load_workbook

    _, out = economy
    notes = load_workbook(out / "bang_diem_2025.xlsx")["CachTinhDiem"]
    noted = {(row[0], row[1]) for row in notes.iter_rows(min_row=3, values_only=True)}
    for unit in ("Sở Công Thương", "Sở Xây dựng", "Hải quan Bắc Ninh", "Sở Khoa học và Công nghệ",
                 "Sở Nông nghiệp và Môi trường", "Ban Quản lý các khu công nghiệp tỉnh"):
        assert {(unit, code) for code in ("1.1", "1.2", "1.3", "1.4", "2.1")} <= noted
    text = full_text(out / "bao_cao_tong_ket_2025.docx")
    assert ("Qua thẩm định, cơ quan thẩm định đã điều chỉnh 02 điểm tiêu chí của 02 đơn vị (Sở Nông nghiệp và "
            "Môi trường, Ban Quản lý các khu công nghiệp tỉnh)") in text
    assert "thấp nhất 78,51 điểm" in text
    assert ("Điểm các tiêu chí 1.1, 1.2 theo tỷ lệ thực hiện so với kế hoạch (vượt kế hoạch được cộng điểm thưởng "
            "theo Hướng dẫn); tiêu chí 1.3 theo tỷ lệ giảm so với kế hoạch; tiêu chí 1.4, 2.1 theo xếp loại A, B, C, D. "
            "Tổng điểm thưởng của mỗi đơn vị không quá 5 điểm. Điểm lẻ ghi đến hai chữ số thập phân.") in text


# --- the whole scoring, in memory, against a plain reading of the guide --------------------------

SHARES = (Fraction(1), Fraction(3, 4), Fraction(1, 2), Fraction(0))
LINE = st.one_of(
    st.tuples(st.just("Tỷ lệ"), PLANS, FIGURES),
    st.tuples(st.just("Tỷ lệ giảm"), PLANS, FIGURES),
    st.tuples(st.just("Xếp loại"), st.sampled_from("ABCD"), st.none()),
    st.tuples(st.just(""), st.integers(0, 20), st.none()),
)
UNIT_LINES = st.tuples(st.lists(LINE, min_size=3, max_size=3), st.integers(0, 10),
                       st.one_of(st.none(), st.integers(0, 20)))


def _plain_total(lines, bonus: int, office: int | None, cap: Fraction | None) -> Fraction:
    """The guide read plainly: each criterion of 20 points by its method, the office's check on the
    first, the excess over plan at 1% per 1% up to 10%, the bonuses capped together."""
    scores, excess = [], Fraction(0)
    for method, a, b in lines:
        if method == "Tỷ lệ":
            scores.append(min(Fraction(20), b / a * 20))
            excess += max(Fraction(0), min((b / a - 1) * 20, Fraction(2)))
        elif method == "Tỷ lệ giảm":
            scores.append(Fraction(20) if b == 0 else min(Fraction(20), a / b * 20))
        elif method == "Xếp loại":
            scores.append(SHARES["ABCD".index(a)] * 20)
        else:
            scores.append(Fraction(a))
    if office is not None:
        scores[0] = Fraction(office)
    bonuses = bonus + excess
    return sum(scores) + (bonuses if cap is None else min(bonuses, cap))


def _records(units, cap: int | None):
    import datetime as dt

    from pipeline.model import (Block, BlockInfo, Criterion, Kind, Method, ScoreLine, ScoreSheet, Scoring,
                                Unit)

    methods = {"Tỷ lệ": Method.RATIO, "Tỷ lệ giảm": Method.REVERSE, "Xếp loại": Method.GRADE, "": None}
    info = BlockInfo("Bắc Ninh", "Khối", 2025, dt.date(2025, 12, 20), "", "U0", None, "U0", None, "", "", (), (),
                     bonus_cap=Decimal(cap) if cap is not None else None)
    criteria, sheets = [], {}
    for index, (lines, bonus, office) in enumerate(units):
        rows = []
        for number, (method, a, b) in enumerate(lines):
            code = f"{index}.{number}"
            criteria.append(Criterion(code, code, Decimal(20), method=methods[method]))
            checked = Decimal(office) if office is not None and number == 0 else None
            if method in ("Tỷ lệ", "Tỷ lệ giảm"):
                how = Scoring(methods[method], Decimal(a.numerator) / Decimal(a.denominator),
                              Decimal(b.numerator) / Decimal(b.denominator), office=checked)
                rows.append(ScoreLine(code, None, checked or Decimal(0), how))
            elif method == "Xếp loại":
                worth = Decimal(20) * (Decimal(SHARES["ABCD".index(a)].numerator) / SHARES["ABCD".index(a)].denominator)
                how = Scoring(methods[method], grade=a, assessed=worth, office=checked)
                rows.append(ScoreLine(code, worth, checked if checked is not None else worth, how))
            else:
                how = Scoring(assessed=Decimal(a), office=checked) if checked is not None else None
                rows.append(ScoreLine(code, Decimal(a), checked if checked is not None else Decimal(a), how))
        criteria.append(Criterion(f"T{index}", "Thưởng", Decimal(10), Kind.BONUS))
        rows.append(ScoreLine(f"T{index}", Decimal(bonus), Decimal(bonus)))
        sheets[f"U{index}"] = ScoreSheet(f"U{index}", tuple(rows))
    # every unit scored on every criterion would need every code; the sheets name their own only
    units_ = tuple(Unit(f"U{i}", f"Đơn vị {i}", "A", "Giám đốc", i) for i in range(len(units)))
    return Block(info, units_, tuple(criteria), ()), sheets


@settings(max_examples=80, deadline=None)
@given(st.lists(UNIT_LINES, min_size=2, max_size=5), st.one_of(st.none(), st.integers(1, 12)))
def test_totals_and_ranks_against_a_plain_reading(units, cap):
    """Plans in hundredths give non-terminating scores (2/3 × 20): the ranks must still be the
    plain reading's, ties included, and every total exactly the plain one."""
    from pipeline.rules.formulas import settle_sheets
    from pipeline.rules.scoring import rank_units

    plans_exact = [[(m, a, b) if m not in ("Tỷ lệ", "Tỷ lệ giảm") else
                    (m, Fraction(Decimal(a.numerator) / Decimal(a.denominator)),
                     Fraction(Decimal(b.numerator) / Decimal(b.denominator))) for m, a, b in lines]
                   for lines, _, _ in units]
    block, sheets = _records(units, cap)
    settled, _ = settle_sheets(block, sheets)
    results = {r.unit.code: r for r in rank_units(block, settled)}
    expected = [_plain_total(lines, bonus, office, Fraction(cap) if cap is not None else None)
                for lines, (_, bonus, office) in zip(plans_exact, units)]
    for index, total in enumerate(expected):
        result = results[f"U{index}"]
        assert result.block.exact_total == total
        assert result.rank == 1 + sum(1 for other in expected if other > total)


VALUES = st.one_of(st.none(), st.integers(-5, 2000), st.floats(-10, 2000, allow_nan=False, width=32),
                   st.sampled_from(["A", "b", "Loại C", "E", "", "0", "1.000", "98,5", "-1", "x", "=1/0", "#N/A",
                                    "Tổng cộng", "Điểm thẩm định", "Kế hoạch"]))


@settings(max_examples=25, deadline=None)
@given(st.dictionaries(st.builds(lambda col, row: f"{col}{row}", st.sampled_from("EFGHI"), st.integers(6, 19)),
                       VALUES, min_size=1, max_size=5))
def test_random_values_in_a_formula_sheet_never_crash(cells):
    """Plans, actuals, grades and office checks typed anyhow: problems or documents, never a traceback."""
    import shutil
    import tempfile

    from builders import edit_cells

    with tempfile.TemporaryDirectory(prefix="fuzz-formula-") as work:
        root = Path(work) / "in"
        shutil.copytree(SAMPLE / "2025" / ECONOMY, root / "2025" / ECONOMY)
        edit_cells(root / "2025" / ECONOMY / "diem" / "sct.xlsx", "Chấm điểm", cells)
        try:
            report = run(2025, root, Path(work) / "out", jobs=1)
        except InputError as exc:
            assert any(p.severity == "error" for p in exc.problems)
            assert all(p.file and p.message for p in exc.problems)
        else:
            assert len(report.outcomes[0].loaded.result.ranked) == 6
