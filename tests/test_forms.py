"""Blank score forms: written from khoi.xlsx, filled as a person would, read back as they are."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from builders import Case, CriterionSpec, UnitSpec, default_case, fill_form, write_case, write_khoi
from openpyxl import load_workbook

from pipeline import run
from pipeline.cli import main
from pipeline.commands.forms import FORMS_FOLDER, form_file_names, write_forms
from pipeline.problems import InputError, UsageError

# Typed as staff type them: numbers, and one decimal comma as text (Vietnamese-style `9,5`).
FILLED = {
    "STC": {"1.1": (50, 48), "1.2": (46, 45.5), "THUONG": (3, 3), "TRU": (0, 0)},  # 96.5
    "CT": {"1.1": (47, 47), "1.2": (44, 44), "THUONG": (2, 2), "TRU": (1, 1)},  # 92
    "SNV": {"1.1": (45, 45), "1.2": ("9,5", "9,5"), "THUONG": (0, 0), "TRU": (0, 0)},  # 54.5
    "SKHDT": {"1.1": (40, 40), "1.2": (40, 40), "THUONG": (1, 1), "TRU": (0, 0)},  # 81
}


@pytest.fixture
def forms(tmp_path: Path) -> tuple[Path, list[Path]]:
    """An input folder with only khoi.xlsx, and the blank forms written from it."""
    root = tmp_path / "in"
    write_khoi(Case(), root / "2020" / "khoi.xlsx")
    return root, list(write_forms(2020, root, tmp_path / "out").written)


def test_one_form_per_member_named_by_code(forms, tmp_path):
    _, written = forms
    folder = tmp_path / "out" / "2020" / FORMS_FOLDER
    assert written == [folder / f"{code}.xlsx" for code in ("STC", "SKHDT", "CT", "SNV")]
    assert all(path.is_file() for path in written)


def test_form_reads_naturally(forms):
    _, written = forms
    sheet = load_workbook(written[0]).active
    rows = [[v for v in row if v is not None] for row in sheet.iter_rows(values_only=True)]
    assert rows[:5] == [
        ["UBND TỈNH BẮC GIANG"],
        ["KHỐI THI ĐUA CÁC CƠ QUAN THAM MƯU - TỔNG HỢP"],
        [],
        ["BẢNG CHẤM ĐIỂM THI ĐUA NĂM 2020"],
        ["Đơn vị: Sở Tài chính"],
    ]
    assert rows[5][0].startswith("Hướng dẫn:")
    table = rows[7:16]
    assert table == [
        ["STT", "Mã tiêu chí", "Nội dung", "Điểm tối đa", "Điểm tự chấm", "Điểm khối chấm", "Ghi chú"],
        ["I. Nhiệm vụ chuyên môn"],
        [1, "1.1", "Hoàn thành nhiệm vụ chính trị", 50],
        [2, "1.2", "Cải cách hành chính", 50],
        ["II. Thưởng, trừ"],
        [3, "THUONG", "Điểm thưởng", 5],
        [4, "TRU", "Điểm trừ", 5],
        # bonus added, penalty subtracted
        ["Tổng cộng", "=SUM(E10:E11,E13)-SUM(E14)", "=SUM(F10:F11,F13)-SUM(F14)"],
        [],
    ]
    assert rows[16:18] == [["NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ"], ["(Ký, ghi rõ họ tên)", "(Ký tên, đóng dấu)"]]
    assert rows[-1] == ["Trần Văn Bình"]
    # No line above the table other than the unit line starts with `Đơn vị`: the reader takes the first.
    assert [r[0] for r in rows[:7] if r and str(r[0]).casefold().startswith("đơn vị")] == ["Đơn vị: Sở Tài chính"]


def test_filled_forms_come_back_as_documents(forms, tmp_path):
    root, written = forms
    (root / "2020" / "diem").mkdir()
    for path in written:
        shutil.copy(fill_form(path, FILLED[path.stem]), root / "2020" / "diem" / path.name)
    report = run(2020, root, tmp_path / "docs")
    ranked = report.outcomes[0].loaded.result.ranked
    assert [(r.unit.code, r.rank, r.total, r.award) for r in ranked] == [
        ("STC", 1, Decimal("96.5"), "Cờ thi đua của Chính phủ"),
        ("CT", 2, Decimal("92"), "Cờ thi đua của UBND tỉnh"),
        ("SKHDT", 3, Decimal("81"), "Bằng khen của Chủ tịch UBND tỉnh"),
        ("SNV", 4, Decimal("54.5"), "Bằng khen của Chủ tịch UBND tỉnh"),
    ]
    # The total row's formulas have no value until Excel computes them: no stated total, no warning.
    assert not report.problems
    assert (tmp_path / "docs" / "2020" / "bao_cao_tong_ket_2020.docx") in report.written
    assert all(path.is_file() for path in report.written)


def test_blank_form_dropped_in_reports_blank_block_scores(forms, tmp_path):
    root, written = forms
    (root / "2020" / "diem").mkdir()
    for path in written:
        if path.stem != "CT":
            fill_form(path, FILLED[path.stem])
        shutil.copy(path, root / "2020" / "diem" / path.name)
    with pytest.raises(InputError) as caught:
        run(2020, root, tmp_path / "docs", write=False)
    found = [(p.file, p.cell, p.code) for p in caught.value.problems if p.severity == "error"]
    assert found == [
        ("diem/CT.xlsx", "F10", "score_blank"),
        ("diem/CT.xlsx", "F11", "score_blank"),
        ("diem/CT.xlsx", "F13", "score_blank"),
        ("diem/CT.xlsx", "F14", "score_blank"),
    ]


def test_validation_protection_and_print_setup(forms):
    _, written = forms
    sheet = load_workbook(written[0]).active
    rules = {str(rule.sqref): rule for rule in sheet.data_validations.dataValidation}
    assert sorted(rules) == ["E10:F10", "E11:F11", "E13:F13", "E14:F14"]
    for cells, maximum in (("E10:F10", "50"), ("E11:F11", "50"), ("E13:F13", "5"), ("E14:F14", "5")):
        rule = rules[cells]
        # an operator or error style left out is the schema's default: `between`, `stop`
        assert (rule.type, rule.operator or "between", rule.formula1, rule.formula2) == (
            "decimal", "between", "0", maximum)
        assert rule.showErrorMessage and rule.showInputMessage and (rule.errorStyle or "stop") == "stop"
        assert rule.error.endswith(f"chỉ nhập số từ 0 đến {maximum} (điểm tối đa).")
        assert rule.prompt == f"Nhập số từ 0 đến {maximum}."
    assert sheet.protection.sheet and not sheet.protection.password
    unlocked = {cell.coordinate for row in sheet.iter_rows() for cell in row if not cell.protection.locked}
    assert unlocked == {f"{col}{row}" for col in "EFG" for row in (10, 11, 13, 14)}
    assert int(sheet.page_setup.paperSize) == 9 and sheet.page_setup.orientation == "portrait"
    # fitToWidth left out means 1, the schema's default
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth in (None, 1)
    assert sheet.print_title_rows == "$8:$8"
    assert sheet["C10"].alignment.wrap_text
    assert sheet.column_dimensions["C"].width >= 40


def test_form_looks_and_opens_as_laid_out(forms):
    """What a clerk sees: Times New Roman, the table boxed and shaded, widths and heights that fit
    the text, the view frozen under the header on the first score cell, the whole form printed."""
    _, written = forms
    sheet = load_workbook(written[0]).active
    filled = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert {c.font.name for c in filled} == {"Times New Roman"}
    assert {c.coordinate: c.font.sz for c in filled if c.font.sz != 12} == {"A4": 14, "A6": 11}
    assert [c.coordinate for c in filled if c.font.b] == [
        "A2", "A4", "A5", *(f"{col}8" for col in "ABCDEFG"), "A9", "A12", "A15", "E15", "F15", "A17", "D17", "D22"]
    table = [c for row in sheet["A8:G15"] for c in row]
    sides = {"left", "right", "top", "bottom"}
    edges = {c.coordinate: {side for side in sides if getattr(c.border, side).style == "thin"} for c in table}
    merged = {f"{col}{row}" for row in (9, 12, 15) for col in "BCD"}  # inside a merged range: its outline
    assert all(edges[cell] == sides for cell in edges if cell not in merged)
    assert all({"top", "bottom"} <= edges[cell] for cell in merged)
    shaded = {c.coordinate: c.fill.fgColor.rgb[-6:] for c in table if c.fill.fill_type == "solid"}
    assert shaded == {f"{col}{row}": color for row, color in ((8, "DDEBF7"), (9, "F2F2F2"), (12, "F2F2F2"))
                      for col in "ABCDEFG" if f"{col}{row}" not in merged}
    assert not [c.coordinate for row in sheet["A16:G22"] for c in row if c.border.left.style or c.border.top.style]
    assert {"A1:G1", "A6:G6", "A9:D9", "A12:D12", "A15:D15", "A17:C17", "D17:G17", "A18:C18", "D18:G18",
            "D22:G22"} <= {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["C10"].alignment.wrap_text and sheet["A8"].alignment.horizontal == "center"
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCDG"}
    assert widths == {"A": 5, "B": 10, "C": 50, "D": 8, "G": 16} and sheet.column_dimensions["E"].width == 9
    heights = {row: sheet.row_dimensions[row].height for row in range(1, 16)}
    assert all(heights[row] >= 20 for row in (1, 2, 4, 5, 9, 10, 11, 12, 13, 14, 15))
    assert heights[6] >= 3 * 14 and heights[8] >= 2 * 16  # the instructions, the two-line headers
    assert (sheet.freeze_panes, sheet.sheet_view.selection[0].activeCell) == ("A9", "E9")
    assert sheet.print_area == "'Chấm điểm'!$A$1:$G$22"
    assert sheet.print_options.horizontalCentered and sheet.page_margins.left == sheet.page_margins.right == 0.5
    assert sheet.page_setup.fitToHeight == 0  # as many pages down as the criteria need


def test_forms_are_byte_identical_and_dated_from_the_conference(forms, tmp_path):
    root, written = forms
    again = write_forms(2020, root, tmp_path / "again").written
    assert [p.read_bytes() for p in written] == [p.read_bytes() for p in again]
    book = load_workbook(written[0])
    assert book.properties.created == book.properties.modified == dt.datetime(2020, 12, 26)


def test_decimal_maximum_and_text_like_a_formula(tmp_path):
    case = Case(criteria=[Case().criteria[0], CriterionSpec("1.2", "Cải cách hành chính", 7.5)])
    khoi = write_khoi(case, tmp_path / "in" / "2020" / "khoi.xlsx")
    book = load_workbook(khoi)
    book["TieuChi"]["B3"].value = "=Cải cách hành chính"
    book["TieuChi"]["B3"].data_type = "s"  # text typed after an apostrophe in Excel: '=Cải cách...
    book.save(khoi)
    sheet = load_workbook(write_forms(2020, tmp_path / "in", tmp_path / "out").written[0]).active
    assert sheet["C11"].value == "=Cải cách hành chính" and sheet["C11"].data_type == "s"
    rule = next(r for r in sheet.data_validations.dataValidation if str(r.sqref) == "E11:F11")
    assert rule.formula2 == "7.5" and rule.prompt == "Nhập số từ 0 đến 7,5."


def test_file_names_are_ascii_and_distinct():
    assert form_file_names(["SKHĐT", "Sở", "so", "CON", "Ban A/B", "—"]) == {
        "SKHĐT": "SKHDT.xlsx",
        "Sở": "So.xlsx",
        "so": "so-2.xlsx",
        "CON": "CON_.xlsx",
        "Ban A/B": "Ban_A_B.xlsx",
        "—": "don_vi_6.xlsx",
    }


def test_errors_in_khoi_write_nothing(tmp_path):
    case = Case(info={"Năm": 2019})
    write_khoi(case, tmp_path / "in" / "2020" / "khoi.xlsx")
    with pytest.raises(InputError) as caught:
        write_forms(2020, tmp_path / "in", tmp_path / "out")
    assert [(p.sheet, p.cell, p.code) for p in caught.value.problems] == [("ThongTin", "B3", "year_mismatch")]
    assert not (tmp_path / "out").exists()


def test_forms_at_the_start_of_the_year_before_the_conference_is_known(tmp_path):
    # what the conference decides (its date, next year's leaders, the awards, the tasks) is blank
    case = Case(info={"Ngày hội nghị": "", "Trưởng khối năm sau": "", "Phó khối năm sau": "", "Địa điểm": ""},
                awards=[], tasks=[])
    write_khoi(case, tmp_path / "in" / "2020" / "khoi.xlsx")
    written = write_forms(2020, tmp_path / "in", tmp_path / "out").written
    assert sorted(p.name for p in written) == sorted(f"{u.code}.xlsx" for u in case.units)
    sheet = load_workbook(written[0]).active
    texts = [c.value for row in sheet.iter_rows(max_row=6) for c in row if isinstance(c.value, str)]
    assert "KHỐI THI ĐUA CÁC CƠ QUAN THAM MƯU - TỔNG HỢP" in texts


def test_forms_need_a_province_and_block_name_that_read(tmp_path):
    # a formula Excel never calculated in the Tỉnh row reads blank: the forms' header would be empty
    case = Case(info={"Tỉnh": "=ThanhVien!Z99", "Ngày hội nghị": ""})
    write_khoi(case, tmp_path / "in" / "2020" / "khoi.xlsx")
    with pytest.raises(InputError) as caught:
        write_forms(2020, tmp_path / "in", tmp_path / "out")
    assert [(p.sheet, p.cell, p.code) for p in caught.value.problems if p.severity == "error"] == [
        ("ThongTin", "B1", "formula_not_calculated")]
    assert not (tmp_path / "out").exists()


def test_forms_still_need_members_and_criteria(tmp_path):
    case = Case(info={"Ngày hội nghị": ""})
    case.criteria[0] = CriterionSpec("1.1", "Hoàn thành nhiệm vụ", 0)
    write_khoi(case, tmp_path / "in" / "2020" / "khoi.xlsx")
    with pytest.raises(InputError) as caught:
        write_forms(2020, tmp_path / "in", tmp_path / "out")
    assert [(p.sheet, p.code) for p in caught.value.problems if p.severity == "error"] == [("TieuChi", "bad_max")]
    assert not (tmp_path / "out").exists()


def test_no_khoi_is_wrong_usage(tmp_path):
    (tmp_path / "in" / "2020").mkdir(parents=True)
    with pytest.raises(UsageError, match="Không có tệp khoi.xlsx"):
        write_forms(2020, tmp_path / "in", tmp_path / "out")


def test_one_folder_of_forms_per_block(tmp_path):
    root = tmp_path / "in"
    write_khoi(Case(), root / "2020" / "khoi_a" / "khoi.xlsx")
    other = [UnitSpec(code, name) for code, name in
             (("KB", "Kho bạc"), ("NH", "Ngân hàng"), ("CA", "Công an"), ("TA", "Tòa án"))]
    write_khoi(Case(units=other), root / "2020" / "khoi_b" / "khoi.xlsx")
    written = write_forms(2020, root, tmp_path / "out").written
    assert [p.relative_to(tmp_path / "out").as_posix() for p in written] == [
        *(f"2020/khoi_a/{FORMS_FOLDER}/{c}.xlsx" for c in ("STC", "SKHDT", "CT", "SNV")),
        *(f"2020/khoi_b/{FORMS_FOLDER}/{c}.xlsx" for c in ("KB", "NH", "CA", "TA")),
    ]


def test_cli_forms(tmp_path, capsys):
    root = write_case(default_case(), tmp_path / "in")
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out"), "--forms"]) == 0
    folder = tmp_path / "out" / "2020" / FORMS_FOLDER
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == ["CT.xlsx", "SKHDT.xlsx", "SNV.xlsx", "STC.xlsx"]
    assert capsys.readouterr().out.splitlines()[0] == "Đã tạo 4 phiếu chấm điểm:"


def test_cli_forms_input_error(tmp_path, capsys):
    write_khoi(Case(info={"Năm": 2019}), tmp_path / "in" / "2020" / "khoi.xlsx")
    assert main(["2020", "--input", str(tmp_path / "in"), "--output", str(tmp_path / "out"), "--forms"]) == 1
    assert "khoi.xlsx › ThongTin › B3" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def _soffice(target: str, files: list[Path], out: Path, profile: Path) -> None:
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", target, "--outdir", str(out), *map(str, files)],
        check=True, capture_output=True, timeout=180,
    )


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_a_filled_form_and_computes_its_total(forms, tmp_path):
    _, written = forms
    filled = fill_form(written[1], FILLED["SKHDT"])
    _soffice("csv:Text - txt - csv (StarCalc):44,34,76", [filled], tmp_path / "csv", tmp_path / "lo_profile")
    with (tmp_path / "csv" / "SKHDT.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[4][0] == "Đơn vị: Sở KH&ĐT"
    total = next(row for row in rows if row[0] == "Tổng cộng")
    assert total[4:6] == ["81", "81"]  # 40 + 40 + 1 (bonus) - 0 (penalty)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_forms_saved_by_a_spreadsheet_program_state_matching_totals(forms, tmp_path):
    """Saved by a spreadsheet program, the total row holds computed values: they must agree."""
    root, written = forms
    filled = [fill_form(path, FILLED[path.stem]) for path in written]
    _soffice("xlsx", filled, root / "2020" / "diem", tmp_path / "lo_profile")
    sheet = load_workbook(root / "2020" / "diem" / "STC.xlsx", data_only=True).active
    assert [sheet["E15"].value, sheet["F15"].value] == [99, 96.5]  # 50 + 46 + 3 - 0, 48 + 45,5 + 3 - 0
    report = run(2020, root, tmp_path / "docs", write=False)
    assert [(r.unit.code, r.total) for r in report.outcomes[0].loaded.result.ranked][0] == ("STC", Decimal("96.5"))
    # `9,5` typed as text counts here but not in the program's SUM: the run says so, and goes on.
    assert [(p.file, p.cell, p.code, p.value, dict(p.params)["computed"]) for p in report.problems] == [
        ("diem/SNV.xlsx", cell, "total_differs", "45", "54,5") for cell in ("E15", "F15")
    ]
