"""SPEC §5: one broken input per fault, and the exact problems the run reports for it.

Each case starts from the default block (4 members, criteria 1.1, 1.2, THUONG, TRU), breaks
one thing the way staff would in Excel, and lists what a run must report:
`(file, sheet, cell or "dòng N", code)`. The default score form (builders.score_rows) has the
unit line in A3, the header in row 5, criterion 1.1 in row 7, 1.2 in row 8, THUONG in row 10,
TRU in row 11 and the total in row 12; B is Mã tiêu chí, E Điểm tự chấm, F Điểm khối chấm.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest
from builders import (
    YEAR,
    Case,
    default_case,
    edit_book,
    edit_cells,
    problem_rows,
    score_path,
    score_rows,
    write_case,
    write_rows,
)

from pipeline.cli import said
from pipeline.problems import Hint, InputError, Problem, Step
from pipeline.commands.run import run

KHOI = "khoi.xlsx"
STC = "diem/stc.xlsx"
SHEET = "Chấm điểm"


def problems_of(root: Path) -> list[Problem]:
    """Every problem a check-only run reports (it raises when one is an error)."""
    try:
        report = run(YEAR, root, root.parent / "out", write=False, jobs=1)
    except InputError as exc:
        return exc.problems
    return list(report.problems)


def khoi(root: Path) -> Path:
    return root / str(YEAR) / KHOI


def delete_rows(path: Path, sheet: str, first: int, count: int = 1) -> None:
    edit_book(path, lambda book: book[sheet].delete_rows(first, count))


def built(tmp_path: Path, case: Case | None = None) -> Path:
    return write_case(case or default_case(STC=95, CT=90, SNV=85, SKHDT=80), tmp_path / "in")


# --- khoi.xlsx ---------------------------------------------------------------------------------

KHOI_CASES: list[tuple[str, Callable[[Path], Any], list[tuple[str, str, str, str]]]] = [
    ("sheet missing", lambda r: edit_book(khoi(r), lambda b: b.remove(b["NhiemVu"])),
     [(KHOI, "", "", "sheet_missing")]),
    ("label missing", lambda r: delete_rows(khoi(r), "ThongTin", 1),
     [(KHOI, "ThongTin", "", "label_missing")]),
    ("required value blank", lambda r: edit_cells(khoi(r), "ThongTin", {"B2": None}),
     [(KHOI, "ThongTin", "B2", "value_missing")]),
    ("year differs from the folder", lambda r: edit_cells(khoi(r), "ThongTin", {"B3": 2019}),
     [(KHOI, "ThongTin", "B3", "year_mismatch")]),
    ("year not a year", lambda r: edit_cells(khoi(r), "ThongTin", {"B3": "năm nay"}),
     [(KHOI, "ThongTin", "B3", "bad_year")]),
    ("conference date not a date", lambda r: edit_cells(khoi(r), "ThongTin", {"B4": "31/02/2020"}),
     [(KHOI, "ThongTin", "B4", "bad_date")]),
    ("leader not a member", lambda r: edit_cells(khoi(r), "ThongTin", {"B6": "Sở Tài chánh", "B8": "XYZ"}),
     [(KHOI, "ThongTin", "B6", "unknown_unit_ref"), (KHOI, "ThongTin", "B8", "unknown_unit_ref")]),
    ("uncalculated formula", lambda r: edit_cells(khoi(r), "ThongTin", {"B1": '="Bắc "&"Giang"'}),
     [(KHOI, "ThongTin", "B1", "formula_not_calculated")]),
    ("member column missing", lambda r: edit_cells(khoi(r), "ThanhVien", {"D1": "Chuc vu"}),
     [(KHOI, "ThanhVien", "dòng 1", "column_missing")]),
    ("member head blank", lambda r: edit_cells(khoi(r), "ThanhVien", {"C3": None}),
     [(KHOI, "ThanhVien", "C3", "value_missing")]),
    ("duplicate member code", lambda r: edit_cells(khoi(r), "ThanhVien", {"A5": "stc"}),
     [(KHOI, "ThanhVien", "A5", "duplicate_code"), (KHOI, "ThongTin", "B9", "unknown_unit_ref")]),
    ("duplicate member name", lambda r: edit_cells(khoi(r), "ThanhVien", {"B5": " Sở  Tài chính "}),
     [(KHOI, "ThanhVien", "B5", "duplicate_name")]),
    ("priority not a whole number", lambda r: edit_cells(khoi(r), "ThanhVien", {"F2": 0, "F3": "1,5"}),
     [(KHOI, "ThanhVien", "F2", "bad_priority"), (KHOI, "ThanhVien", "F3", "bad_priority")]),
    ("no members", lambda r: delete_rows(khoi(r), "ThanhVien", 2, 4),
     [(KHOI, "ThanhVien", "", "no_members")]),
    ("duplicate criterion code", lambda r: edit_cells(khoi(r), "TieuChi", {"A3": "1.1"}),
     [(KHOI, "TieuChi", "A3", "duplicate_criterion")]),
    ("maximum not above zero", lambda r: edit_cells(khoi(r), "TieuChi", {"C2": 0, "C3": "năm mươi"}),
     [(KHOI, "TieuChi", "C2", "bad_max"), (KHOI, "TieuChi", "C3", "bad_max")]),
    ("unknown criterion kind", lambda r: edit_cells(khoi(r), "TieuChi", {"D4": "Cộng"}),
     [(KHOI, "TieuChi", "D4", "bad_kind")]),
    ("no criteria", lambda r: delete_rows(khoi(r), "TieuChi", 2, 4),
     [(KHOI, "TieuChi", "", "no_criteria")]),
    ("quota neither a number nor N%", lambda r: edit_cells(khoi(r), "KhenThuong", {"B3": "một nửa", "B4": "1,5"}),
     [(KHOI, "KhenThuong", "B3", "bad_quota"), (KHOI, "KhenThuong", "B4", "bad_quota")]),
    ("minimum score not a number", lambda r: edit_cells(khoi(r), "KhenThuong", {"C2": "cao"}),
     [(KHOI, "KhenThuong", "C2", "bad_min_score")]),
    ("no award forms", lambda r: delete_rows(khoi(r), "KhenThuong", 2, 3),
     [(KHOI, "KhenThuong", "", "no_awards")]),
    ("no tasks", lambda r: delete_rows(khoi(r), "NhiemVu", 2, 2),
     [(KHOI, "NhiemVu", "", "no_tasks")]),
    # a blank optional cell means "none" (not barred, no minimum, scored, no task): an uncalculated
    # formula there must not pass for one (issue 13)
    ("barred reason an uncalculated formula", lambda r: edit_cells(khoi(r), "ThanhVien", {"E2": '=IF(1,"Kỷ luật","")'}),
     [(KHOI, "ThanhVien", "E2", "formula_not_calculated")]),
    ("priority an uncalculated formula", lambda r: edit_cells(khoi(r), "ThanhVien", {"F3": "=1+1"}),
     [(KHOI, "ThanhVien", "F3", "formula_not_calculated")]),
    ("kind an uncalculated formula", lambda r: edit_cells(khoi(r), "TieuChi", {"D4": '="Thưởng"'}),
     [(KHOI, "TieuChi", "D4", "formula_not_calculated")]),
    ("minimum an uncalculated formula", lambda r: edit_cells(khoi(r), "KhenThuong", {"C2": "=90"}),
     [(KHOI, "KhenThuong", "C2", "formula_not_calculated")]),
    ("task an uncalculated formula", lambda r: edit_cells(khoi(r), "NhiemVu", {"A3": '="Cải cách"'}),
     [(KHOI, "NhiemVu", "A3", "formula_not_calculated")]),
    # an optional column whose header is typed nearly right would be ignored: a barred unit awarded
    ("optional column misnamed", lambda r: edit_cells(khoi(r), "ThanhVien", {"E1": "Khong du dieu kien"}),
     [(KHOI, "ThanhVien", "E1", "column_misnamed")]),
]


@pytest.mark.parametrize("breaks, expected", [c[1:] for c in KHOI_CASES], ids=[c[0] for c in KHOI_CASES])
def test_block_file_fault(tmp_path, breaks, expected):
    root = built(tmp_path)
    breaks(root)
    assert problem_rows(problems_of(root)) == expected


# --- score sheets ------------------------------------------------------------------------------


def stc(cells: dict[str, Any]) -> Callable[[Path], Any]:
    return lambda root: edit_cells(score_path(root, "STC"), SHEET, cells)


NO_SHEET_STC = (KHOI, "ThanhVien", "dòng 2", "unit_no_sheet")
MISSING_12 = (STC, SHEET, "B5", "criterion_missing")

SCORE_CASES: list[tuple[str, Callable[[Path], Any], list[tuple[str, str, str, str]]]] = [
    ("score above the maximum", stc({"F7": 60}), [(STC, SHEET, "F7", "score_above_max")]),
    ("score below zero", stc({"F10": -1, "E11": -2}),
     [(STC, SHEET, "F10", "score_negative"), (STC, SHEET, "E11", "score_negative")]),
    ("score not a number", stc({"F8": "chín", "E7": "10 điểm"}),
     [(STC, SHEET, "E7", "score_not_number"), (STC, SHEET, "F8", "score_not_number")]),
    ("block score blank", stc({"F8": None}), [(STC, SHEET, "F8", "score_blank")]),
    ("uncalculated formula", stc({"F8": "=10+20"}), [(STC, SHEET, "F8", "formula_not_calculated")]),
    ("unknown criterion code", stc({"B8": "1.5"}), [(STC, SHEET, "B8", "criterion_unknown"), MISSING_12]),
    ("repeated criterion code", stc({"B8": "1.1"}), [(STC, SHEET, "B8", "criterion_repeated"), MISSING_12]),
    ("criterion row missing", lambda r: delete_rows(score_path(r, "STC"), SHEET, 8), [MISSING_12]),
    ("score without a code", stc({"B8": None}), [(STC, SHEET, "B8", "score_without_code"), MISSING_12]),
    ("score column missing", stc({"F5": "Điểm khối"}), [(STC, SHEET, "dòng 5", "score_column_missing")]),
    ("unknown unit, and its score errors still found", stc({"A3": "Đơn vị: Sở Tài chánh", "F7": 60}),
     [(STC, SHEET, "A3", "unit_unknown"), (STC, SHEET, "F7", "score_above_max"), NO_SHEET_STC]),
    ("unit line missing", stc({"A3": None}), [(STC, SHEET, "", "unit_line_missing"), NO_SHEET_STC]),
    ("unit name blank", stc({"A3": "Đơn vị:"}), [(STC, SHEET, "A3", "unit_name_blank"), NO_SHEET_STC]),
    ("unit without a score sheet", lambda r: score_path(r, "SNV").unlink(),
     [(KHOI, "ThanhVien", "dòng 5", "unit_no_sheet")]),
]


@pytest.mark.parametrize("breaks, expected", [c[1:] for c in SCORE_CASES], ids=[c[0] for c in SCORE_CASES])
def test_score_sheet_fault(tmp_path, breaks, expected):
    root = built(tmp_path)
    breaks(root)
    assert problem_rows(problems_of(root)) == expected


def test_unit_with_two_sheets_names_both_files(tmp_path):
    root = built(tmp_path)
    copy = score_path(root, "STC").with_name("stc_ban_sua.xlsx")
    copy.write_bytes(score_path(root, "STC").read_bytes())
    edit_cells(copy, SHEET, {"F7": 60})  # the second sheet is faulty: still the unit's second sheet
    problems = problems_of(root)
    assert problem_rows(problems) == [
        ("diem/stc_ban_sua.xlsx", SHEET, "F7", "score_above_max"),
        ("diem/stc_ban_sua.xlsx", SHEET, "A3", "unit_two_sheets"),
    ]
    assert problems[1].message == (
        "Đơn vị Sở Tài chính có hai bảng chấm điểm: ở đây và ở diem/stc.xlsx › Chấm điểm. "
        "Hãy giữ lại một bảng, hoặc sửa dòng Đơn vị nếu ghi nhầm đơn vị"
    )


def test_one_workbook_with_a_sheet_per_unit(tmp_path):
    case = default_case(STC=95, CT=90, SNV=85, SKHDT=80)
    root = write_case(Case(units=case.units), tmp_path / "in")  # khoi.xlsx only
    write_rows(root / str(YEAR) / "diem" / "ca_khoi.xlsx",
               {u.code: score_rows(case, u.name, case.scores[u.code]) for u in case.units})
    edit_cells(root / str(YEAR) / "diem" / "ca_khoi.xlsx", "CT", {"F8": 51, "A3": "Đơn vị: STC"})
    assert problem_rows(problems_of(root)) == [
        ("diem/ca_khoi.xlsx", "CT", "F8", "score_above_max"),
        ("diem/ca_khoi.xlsx", "CT", "A3", "unit_two_sheets"),
        (KHOI, "ThanhVien", "dòng 4", "unit_no_sheet"),
    ]


def test_tie_that_needs_priority(tmp_path):
    root = built(tmp_path, default_case(STC=90, CT=90, SNV=90, SKHDT=80))
    problems = problems_of(root)
    # the first tied unit's Ưu tiên cell: where the marked copy shows staff to type it
    assert problem_rows(problems) == [(KHOI, "ThanhVien", "F2", "tie_needs_priority")]
    assert problems[0].message == (
        "03 đơn vị cùng 90 điểm nhưng chỉ còn 01 suất Cờ thi đua của Chính phủ: Sở Tài chính, Cục Thuế và "
        "Sở Nội vụ. Hãy nhập cột Ưu tiên (1 = được xét trước) cho các đơn vị này theo kết quả bình xét "
        "của hội nghị"
    )


def test_tie_with_equal_priority_says_so(tmp_path):
    root = built(tmp_path, default_case(STC=90, CT=90, SNV=90, SKHDT=80))
    edit_cells(khoi(root), "ThanhVien", {"F2": 1, "F4": 1, "F5": 2})
    problems = problems_of(root)
    assert problem_rows(problems) == [(KHOI, "ThanhVien", "F2", "tie_needs_priority")]
    assert "bị trùng" in problems[0].message


# --- warnings: listed, never stopping the run --------------------------------------------------

WARNING_CASES: list[tuple[str, Callable[[Path], Any], list[tuple[str, str, str, str]]]] = [
    ("stated total differs", stc({"F12": 99}), [(STC, SHEET, "F12", "total_differs")]),
    ("self score far from block score", stc({"E8": 10, "E12": 60}),
     [(STC, SHEET, "E8", "self_far")]),
    ("self score blank", stc({"E7": None, "E12": None}), [(STC, SHEET, "E7", "self_blank")]),
    ("self bonus blank counts nowhere", stc({"E10": None, "E12": None}), []),
    ("sheet without a score table", lambda r: edit_book(score_path(r, "STC"), lambda b: b.create_sheet("Hướng dẫn").append(["Ghi điểm vào sheet Chấm điểm"])),
     [(STC, "Hướng dẫn", "", "sheet_skipped")]),
    ("empty workbook", lambda r: write_rows(r / str(YEAR) / "diem" / "trong.xlsx", {"Sheet1": []}),
     [("diem/trong.xlsx", "", "", "book_empty")]),
    ("legacy encoding in a name", lambda r: edit_cells(khoi(r), "ThanhVien", {"C2": "TrÇn V¨n B×nh"}),
     [(KHOI, "ThanhVien", "C2", "mojibake")]),
]


@pytest.mark.parametrize("breaks, expected", [c[1:] for c in WARNING_CASES], ids=[c[0] for c in WARNING_CASES])
def test_warning_does_not_stop_the_run(tmp_path, breaks, expected):
    root = built(tmp_path)
    breaks(root)
    problems = problems_of(root)
    assert problem_rows(problems) == []
    assert problem_rows(problems, "warning") == expected


def test_names_typed_with_decomposed_unicode_and_extra_spaces_still_match(tmp_path):
    import unicodedata

    root = built(tmp_path)
    edit_cells(score_path(root, "STC"), SHEET, {"A3": "Đơn vị:   " + unicodedata.normalize("NFD", "sở  tài CHÍNH ")})
    edit_cells(khoi(root), "ThongTin", {"B6": unicodedata.normalize("NFD", " Sở Tài chính")})
    assert problem_rows(problems_of(root)) == []


def test_percent_typed_in_excel_is_a_quota(tmp_path):
    root = built(tmp_path)
    edit_cells(khoi(root), "KhenThuong", {"B4": 0.5})  # `50%` typed in a cell: Excel stores 0.5
    assert problem_rows(problems_of(root)) == []


# --- messages staff act on ---------------------------------------------------------------------


def message_of(root: Path, cell: str) -> str:
    return next(p.message for p in problems_of(root) if p.cell == cell)


@pytest.mark.parametrize("cells, cell, expected", [
    ({"F7": 60}, "F7", "Điểm khối chấm 60 vượt điểm tối đa 50 của tiêu chí 1.1"),
    ({"F7": "9.5.0"}, "F7", 'Điểm khối chấm "9.5.0" không phải là số (tiêu chí 1.1). Hãy nhập số, ví dụ 9,5'),
    ({"F11": -2}, "F11", "Điểm khối chấm -2 nhỏ hơn 0 (tiêu chí TRU). Điểm trừ ghi số dương; chương trình tự trừ vào tổng"),
    ({"F8": None}, "F8", "Chưa nhập Điểm khối chấm cho tiêu chí 1.2. Hãy nhập điểm (0 nếu không có điểm)"),
    ({"F8": "=A1*2"}, "F8", "Ô có công thức nhưng chưa có kết quả (tệp do chương trình khác tạo ra, chưa mở bằng "
                            "Excel). Hãy mở tệp bằng Excel, bấm Lưu rồi chạy lại"),
    ({"B8": "1.3"}, "B8", 'Mã tiêu chí "1.3" không có trong khoi.xlsx › TieuChi. Có phải mã 1.2?'),
    ({"B8": "X", "B7": "Y"}, "B8", 'Mã tiêu chí "X" không có trong khoi.xlsx › TieuChi. Các mã đúng: 1.1, 1.2, THUONG, TRU'),
    ({"A3": "Đơn vị: So Tai chinh"}, "A3",
     'Đơn vị "So Tai chinh" không có trong danh sách thành viên. Hãy ghi đúng tên hoặc mã của đơn vị như trong '
     "khoi.xlsx › ThanhVien. Có phải: Sở Tài chính (STC)?"),
])
def test_score_sheet_message(tmp_path, cells, cell, expected):
    root = built(tmp_path)
    stc(cells)(root)
    assert message_of(root, cell) == expected


def test_date_in_a_score_cell_is_explained(tmp_path):
    import datetime as dt

    root = built(tmp_path)
    stc({"F8": dt.datetime(2020, 5, 9)})(root)
    assert message_of(root, "F8") == (
        'Điểm khối chấm "09/05/2020" không phải là số (tiêu chí 1.2). Ô đang ở dạng ngày tháng: hãy đổi định '
        "dạng ô thành Số (Number) rồi nhập lại điểm"
    )


def test_unit_without_sheet_points_at_a_skipped_sheet_naming_it(tmp_path):
    root = built(tmp_path)
    stc({"B5": "Mã TC"})(root)  # the header no longer names Mã tiêu chí: the sheet is skipped
    problems = problems_of(root)
    assert problem_rows(problems) == [NO_SHEET_STC]
    assert problems[-1].message == (
        "Đơn vị Sở Tài chính (STC) chưa có bảng chấm điểm: sheet diem/stc.xlsx › Chấm điểm có ghi tên đơn vị "
        "này nhưng bị bỏ qua vì dòng tiêu đề không có đủ các cột Mã tiêu chí, Điểm tự chấm, Điểm khối chấm"
    )


@pytest.mark.parametrize("breaks, hint", [
    (lambda r: score_path(r, "SNV").unlink(),
     '. Hãy chép bảng chấm điểm của đơn vị vào thư mục của khối, với ô "Đơn vị: Sở Nội vụ" phía trên bảng điểm'
     ' (phiếu chấm điểm trống cho các đơn vị: make forms year=2020 input="{root}")'),
    (lambda r: edit_cells(score_path(r, "SNV"), SHEET, {"A3": "Đơn vị: Sở Nội vụ tỉnh Bắc Giang"}),
     '; có thể là sheet diem/snv.xlsx › Chấm điểm (ghi "Sở Nội vụ tỉnh Bắc Giang"): hãy sửa tên đơn vị ở đó '
     'thành "Sở Nội vụ"'),
    (lambda r: score_path(r, "SNV").write_bytes(b"PK\x03\x04"),
     "; có thể bảng nằm trong tệp không đọc được: diem/snv.xlsx"),
])
def test_unit_without_sheet_says_where_it_may_be(tmp_path, breaks, hint):
    root = built(tmp_path)
    breaks(root)
    no_sheet = [p for p in problems_of(root) if p.code == "unit_no_sheet"]
    # the command it names is data (a Hint); the command line puts it into words, as on screen
    assert [p.text(said) for p in no_sheet] == ["Đơn vị Sở Nội vụ (SNV) chưa có bảng chấm điểm" + hint.replace(
        "{root}", str(root))]
    assert [p.hints for p in no_sheet] == [(Hint(Step.FORMS, 2020, root),) if "make forms" in hint else ()]


def test_block_file_messages(tmp_path):
    root = built(tmp_path)
    edit_cells(khoi(root), "ThongTin", {"B3": 2019, "B6": "Sở Tài chánh"})
    edit_book(khoi(root), lambda b: setattr(b["NhiemVu"], "title", "Nhiệm vụ"))
    messages = {p.cell or p.sheet or p.file: p.message for p in problems_of(root)}
    assert messages == {
        "khoi.xlsx": "Thiếu sheet NhiemVu (có sheet \"Nhiệm vụ\": hãy đổi tên sheet thành NhiemVu). Tệp khoi.xlsx "
                     "cần các sheet ThongTin, ThanhVien, TieuChi, KhenThuong, NhiemVu",
        "B3": "Năm 2019 khác với thư mục năm 2020. Hãy sửa Năm thành 2020, hoặc chép các tệp vào thư mục 2019",
        "B6": 'Trưởng khối "Sở Tài chánh" không phải là đơn vị thành viên. Hãy nhập mã hoặc tên đúng của một đơn '
              "vị trong sheet ThanhVien. Có phải: Sở Tài chính (STC)?",
    }


def test_column_missing_suggests_the_column_typed_without_accents(tmp_path):
    root = built(tmp_path)
    edit_cells(khoi(root), "ThanhVien", {"D1": "Chuc vu"})
    assert problems_of(root)[0].message == (
        'Dòng tiêu đề (dòng 1) thiếu cột Chức vụ. Có cột "Chuc vu": hãy sửa tên cột thành Chức vụ'
    )


def test_signatures_below_a_table_without_total_row_are_not_read(tmp_path):
    case = default_case(STC=95, CT=90, SNV=85, SKHDT=80)
    root = write_case(case, tmp_path / "in")
    write_rows(score_path(root, "STC"), {SHEET: score_rows(case, "Sở Tài chính", case.scores["STC"], stated=None)})
    assert problems_of(root) == []


def test_score_sheets_are_checked_when_a_criterion_row_has_an_error(tmp_path):
    root = built(tmp_path)
    edit_cells(khoi(root), "TieuChi", {"C3": "10 điểm"})  # 1.2: its scores cannot be checked
    stc({"F7": 60, "F8": 999})(root)
    problems = problems_of(root)
    assert problem_rows(problems) == [(KHOI, "TieuChi", "C3", "bad_max"), (STC, SHEET, "F7", "score_above_max")]
    assert problem_rows(problems, "warning") == []  # no total compared without criterion 1.2


def test_label_missing_points_at_a_near_label(tmp_path):
    root = built(tmp_path)
    edit_cells(khoi(root), "ThongTin", {"A3": "Năm đánh giá"})
    assert [p.message for p in problems_of(root)] == [
        'Thiếu dòng Năm. Có dòng "Năm đánh giá" (ô A3): hãy sửa nhãn thành Năm'
    ]


def with_cached_error(path: Path, cell: str, formula: str, error: str) -> None:
    """Store `formula` in `cell` with the error result Excel would have saved (`#DIV/0!`)."""
    import zipfile

    edit_cells(path, SHEET, {cell: f"={formula}"})
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet_xml = "xl/worksheets/sheet1.xml"
    parts[sheet_xml] = parts[sheet_xml].replace(
        f'<c r="{cell}"><f>{formula}</f><v></v></c>'.encode(),
        f'<c r="{cell}" t="e"><f>{formula}</f><v>{error}</v></c>'.encode(),
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_formula_whose_result_is_an_error(tmp_path):
    root = built(tmp_path)
    with_cached_error(score_path(root, "STC"), "F8", "E8/0", "#DIV/0!")
    problems = problems_of(root)
    assert problem_rows(problems) == [(STC, SHEET, "F8", "formula_error")]
    assert problems[0].message == (
        "Công thức trong ô cho kết quả lỗi #DIV/0!. Hãy sửa công thức hoặc nhập trực tiếp giá trị"
    )


def test_conference_date_as_a_plain_excel_day_number(tmp_path):
    root = built(tmp_path)
    edit_cells(khoi(root), "ThongTin", {"B4": 44204})  # 08/01/2021 in a cell whose date format was cleared
    report = run(YEAR, root, tmp_path / "out", write=False, jobs=1)
    assert str(report.outcomes[0].loaded.result.block.info.conference_date) == "2021-01-08"
