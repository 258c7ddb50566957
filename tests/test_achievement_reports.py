"""The achievement report of each proposed unit (SPEC §3), from `LichSu`, `ThanhTich` and the
members' particulars; and the faults of those sheets (SPEC §5), each at its cell."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from builders import YEAR, default_case, edit_book, problem_rows, score_path, score_rows, write_case, write_rows
from docxread import full_text, tables

from pipeline.cli import main
from pipeline.commands.run import run
from pipeline.problems import InputError

SAMPLES = Path(__file__).resolve().parents[1] / "input_samples"
HISTORY_HEADER = ["Năm", "Đơn vị", "Loại", "Tên", "Số quyết định", "Ngày", "Cơ quan ban hành"]


@pytest.fixture(scope="module")
def sample_2025(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("reports")
    assert main(["2025", "--input", str(SAMPLES), "--output", str(out)]) == 0
    return out / "2025" / "khoi_tham_muu_tong_hop"


def test_one_report_per_proposed_unit_and_none_for_the_others(sample_2025):
    proposal = full_text(sample_2025 / "to_trinh_khen_thuong_2025.docx")
    reports = sorted(p.name for p in (sample_2025 / "ho_so").glob("*.docx"))
    assert reports == sorted(f"bao_cao_thanh_tich_{code}_2025.docx" for code in ("VPUB", "THUE", "STC", "SNV", "KBNN"))
    for name in reports:  # the proposal's dossier lists each by file
        assert name in proposal
    assert "Thống kê tỉnh Bắc Ninh (tệp" not in proposal  # not proposed: no report


def test_history_goes_to_its_table_titles_and_forms_apart(sample_2025):
    path = sample_2025 / "ho_so" / "bao_cao_thanh_tich_VPUB_2025.docx"
    titles, forms = tables(path)[-3], tables(path)[-2]
    assert titles[1:] == [
        ["2023", "Tập thể lao động xuất sắc", "Quyết định số 98/QĐ-UBND ngày 22/01/2024 của Chủ tịch UBND tỉnh Bắc Ninh"],
        ["2024", "Cờ thi đua của UBND tỉnh", "Quyết định số 132/QĐ-UBND ngày 24/01/2025 của Chủ tịch UBND tỉnh Bắc Ninh"],
    ]
    assert forms[1:] == [["2022", "Bằng khen của Chủ tịch UBND tỉnh",
                          "Quyết định số 215/QĐ-UBND ngày 10/02/2023 của Chủ tịch UBND tỉnh Bắc Ninh"]]
    text = full_text(path)
    assert "ĐỀ NGHỊ TẶNG CỜ THI ĐUA CỦA UBND TỈNH NĂM 2025" in text
    assert "Nghị định số 152/2025/NĐ-CP" in text  # conference 15/01/2026
    assert "đạt 96,5 điểm, xếp thứ hai trong 10 đơn vị" in text and "09/10 phiếu đồng ý" in text
    # another unit's history stays out
    assert "Bộ Tài chính" not in text and "140/QĐ-UBND" not in text


def test_the_unit_s_own_account_fills_part_two_and_nothing_is_invented(sample_2025):
    thue = full_text(sample_2025 / "ho_so" / "bao_cao_thanh_tich_THUE_2025.docx")
    assert "1. Kết quả thực hiện nhiệm vụ được giao\nTổng thu ngân sách nhà nước do cơ quan thuế quản lý đạt 41.250" in thue
    assert "2. Các phong trào thi đua đã thực hiện\nPhong trào \"Cán bộ thuế đồng hành cùng doanh nghiệp\"" in thue
    assert "(Chức năng, nhiệm vụ được giao: đơn vị ghi bổ sung.)" in thue  # its account has no such section
    kbnn = full_text(sample_2025 / "ho_so" / "bao_cao_thanh_tich_KBNN_2025.docx")
    assert "(Đơn vị ghi kết quả thực hiện các chỉ tiêu, nhiệm vụ năm 2025" in kbnn
    assert "Tổng thu" not in kbnn and "Tham mưu ban hành" not in kbnn
    assert "(Chưa có trong dữ liệu lịch sử khen thưởng: đơn vị ghi bổ sung, nếu có)" in kbnn


def test_the_header_names_the_unit_s_own_superior_where_thanh_vien_gives_one(sample_2025):
    # ThanhVien › Cơ quan cấp trên: "Cục Thuế" for the province's tax office, blank for a department
    header = tables(sample_2025 / "ho_so" / "bao_cao_thanh_tich_THUE_2025.docx")[0][0][0]
    assert header.startswith("CỤC THUẾ\nTHUẾ TỈNH BẮC NINH") and "UBND" not in header
    header = tables(sample_2025 / "ho_so" / "bao_cao_thanh_tich_STC_2025.docx")[0][0][0]
    assert header.startswith("UBND TỈNH BẮC NINH\nSỞ TÀI CHÍNH")
    # only the achievement report: the block's own documents keep the province's committee
    assert tables(sample_2025 / "to_trinh_khen_thuong_2025.docx")[0][0][0].startswith("UBND TỈNH BẮC NINH")


def test_the_proposal_says_what_a_unit_received_before(sample_2025):
    proposal = full_text(sample_2025 / "to_trinh_khen_thuong_2025.docx")
    assert ("Văn phòng UBND tỉnh (tổng điểm 96,5, xếp thứ hai, 09/10 phiếu đồng ý; đã được khen thưởng: "
            "Cờ thi đua của UBND tỉnh năm 2024, Tập thể lao động xuất sắc năm 2023, "
            "Bằng khen của Chủ tịch UBND tỉnh năm 2022)") in proposal


def _with_history(root: Path, rows: list[list[object]], where: str = "khoi.xlsx") -> None:
    if where == "khoi.xlsx":
        def add(book):
            sheet = book.create_sheet("LichSu")
            for row in [HISTORY_HEADER, *rows]:
                sheet.append(row)
        edit_book(root / str(YEAR) / "khoi.xlsx", add)
    else:
        write_rows(root / where, {"LichSu": [HISTORY_HEADER, *rows]})


def _problems(root: Path) -> list:
    try:
        return run(YEAR, root, root / "out", write=False, jobs=1).problems
    except InputError as exc:
        return exc.problems


def test_history_faults_each_at_its_cell_and_nothing_written(tmp_path):
    root = write_case(default_case(STC=95), tmp_path / "in")
    _with_history(root, [
        [2019, "Sở Tài chính", "Danh hiệu", "Tập thể lao động xuất sắc", "12/QĐ-UBND", dt.datetime(2020, 1, 15), "UBND tỉnh"],
        [2021, "STC", "Hình thức", "Bằng khen", "5/QĐ-UBND", "15/01/2022", "UBND tỉnh"],  # after Năm 2020
        [2018, "STC", "Danh hiệu", "Cờ thi đua", "7/QĐ-UBND", "31/02/2019", "UBND tỉnh"],  # no such date
        [2018, "STC", "Khen thưởng", "Bằng khen", "8/QĐ-UBND", None, "UBND tỉnh"],  # neither kind
        [2018, "Sở Kế hoạch", "Hình thức", "Bằng khen", "9/QĐ-UBND", None, "UBND tỉnh"],  # no member
    ])
    found = _problems(root)
    assert problem_rows(found) == [
        ("khoi.xlsx", "LichSu", "A3", "history_year_after"),
        ("khoi.xlsx", "LichSu", "F4", "history_bad_date"),
        ("khoi.xlsx", "LichSu", "C5", "history_bad_kind"),
    ]
    assert problem_rows(found, "warning") == [("khoi.xlsx", "LichSu", "B6", "history_unit_not_member")]
    assert "Năm 2021 sau năm đánh giá 2020" in next(p for p in found if p.code == "history_year_after").message
    assert main([str(YEAR), "--input", str(root), "--output", str(tmp_path / "out")]) == 1
    assert not (tmp_path / "out" / str(YEAR) / "ho_so").exists()


def test_a_history_formula_never_calculated_is_told_once_at_its_cell(tmp_path):
    # `Số quyết định` is optional and may be blank: a formula there with no result is one fault, not two
    root = write_case(default_case(STC=95), tmp_path / "in")
    _with_history(root, [
        [2019, "Sở Tài chính", "Danh hiệu", "Tập thể lao động xuất sắc", '=A2&"/QĐ-UBND"', None, "UBND tỉnh"],
    ])
    assert problem_rows(_problems(root)) == [("khoi.xlsx", "LichSu", "E2", "formula_not_calculated")]


def test_the_province_s_history_follows_a_unit_by_name_and_leaves_later_years_out(tmp_path):
    root = write_case(default_case(STC=95), tmp_path / "in")
    (root / str(YEAR + 1)).mkdir()  # a later year's folder: its rows are no typo
    _with_history(root, [
        [2019, "Sở Tài chính", "Danh hiệu", "Cờ thi đua của UBND tỉnh", "15/QĐ-UBND", "20/01/2020", "Chủ tịch UBND tỉnh"],
        [2021, "Sở Tài chính", "Danh hiệu", "Cờ thi đua của Chính phủ", "1/QĐ-TTg", "20/01/2022", "Thủ tướng Chính phủ"],
        [2019, "Sở Giáo dục và Đào tạo", "Hình thức", "Bằng khen", "3/QĐ-UBND", "20/01/2020", "UBND tỉnh"],
    ], where="lich_su_khen_thuong.xlsx")
    out = tmp_path / "out"
    assert main([str(YEAR), "--input", str(root), "--output", str(out)]) == 0
    report = out / str(YEAR) / "ho_so" / "bao_cao_thanh_tich_STC_2020.docx"
    text = full_text(report)
    assert "Cờ thi đua của UBND tỉnh" in text and "Quyết định số 15/QĐ-UBND ngày 20/01/2020 của Chủ tịch UBND tỉnh" in text
    assert "1/QĐ-TTg" not in text and "Sở Giáo dục" not in text


def test_a_year_beyond_every_year_folder_in_the_province_s_file_is_a_typo(tmp_path):
    root = write_case(default_case(STC=95), tmp_path / "in")
    _with_history(root, [[2102, "STC", "Danh hiệu", "Cờ thi đua", "1/QĐ-UBND", None, "UBND tỉnh"]],
                  where="lich_su_khen_thuong.xlsx")
    assert problem_rows(_problems(root)) == [("lich_su_khen_thuong.xlsx", "LichSu", "A2", "history_year_beyond")]


def test_special_characters_reach_the_report_unchanged(tmp_path):
    case = default_case(STC=95)
    root = write_case(case, tmp_path / "in")
    _with_history(root, [[2019, "STC", "Hình thức", "Bằng khen của Bộ KH&ĐT <đặc biệt>", "1/QĐ-BKH", None, "Bộ \"KH&ĐT\""]])
    write_rows(score_path(root, "STC"), {"Chấm điểm": score_rows(case, "Sở Tài chính", case.scores["STC"]),
                                         "ThanhTich": [["Mục", "Nội dung"], ["Kết quả", "Thu vượt 10% & giảm nợ < 5%"]]})
    out = tmp_path / "out"
    assert main([str(YEAR), "--input", str(root), "--output", str(out)]) == 0
    text = full_text(out / str(YEAR) / "ho_so" / "bao_cao_thanh_tich_STC_2020.docx")
    assert "Bằng khen của Bộ KH&ĐT <đặc biệt>" in text and "của Bộ \"KH&ĐT\"" in text
    assert "1. Kết quả\nThu vượt 10% & giảm nợ < 5%" in text


def test_thanh_tich_whose_unit_is_unknown_or_missing_is_an_error_at_the_sheet(tmp_path):
    case = default_case(STC=95)
    root = write_case(case, tmp_path / "in")
    account = [["Mục", "Nội dung"], ["Kết quả", "Hoàn thành nhiệm vụ"]]
    write_rows(score_path(root, "STC"), {"Chấm điểm": score_rows(case, "Sở Tài chánh", case.scores["STC"]),
                                         "ThanhTich": account})
    write_rows(root / str(YEAR) / "diem" / "thanh_tich_le.xlsx", {"ThanhTich": account})
    rows = problem_rows(_problems(root))
    assert ("diem/stc.xlsx", "ThanhTich", "", "account_unit_unknown") in rows
    assert ("diem/thanh_tich_le.xlsx", "ThanhTich", "", "account_no_unit") in rows


def test_a_workbook_holding_only_the_history_is_no_score_workbook(tmp_path):
    root = write_case(default_case(STC=95), tmp_path / "in")
    _with_history(root, [[2019, "STC", "Danh hiệu", "Tập thể lao động xuất sắc", "12/QĐ-UBND", None, "UBND tỉnh"]],
                  where=f"{YEAR}/lich_su.xlsx")
    found = _problems(root)
    assert problem_rows(found) == [] and problem_rows(found, "warning") == []


@pytest.mark.parametrize("day, decree, certifier", [
    (dt.date(2025, 6, 30), "Nghị định số 98/2023/NĐ-CP", "THỦ TRƯỞNG CƠ QUAN CẤP TRÊN"),
    (dt.date(2025, 7, 1), "Nghị định số 152/2025/NĐ-CP", "XÁC NHẬN CỦA CẤP"),
])
def test_the_form_of_the_decree_in_force_on_the_conference_date(tmp_path, day, decree, certifier):
    case = default_case(STC=95)
    case.year = 2025
    case.info["Ngày hội nghị"] = day
    root = write_case(case, tmp_path / "in")
    out = tmp_path / "out"
    assert main(["2025", "--input", str(root), "--output", str(out)]) == 0
    text = full_text(out / "2025" / "ho_so" / "bao_cao_thanh_tich_STC_2025.docx")
    assert decree in text and certifier in text


def test_the_province_workbook_lists_each_proposed_unit_s_history_and_checks_the_government_flags(sample_2025, capsys):
    from openpyxl import load_workbook

    book = load_workbook(sample_2025.parent / "tong_hop_2025.xlsx")

    def table(name: str) -> list[tuple]:  # the rows from the header down, under the title block
        rows = list(book[name].iter_rows(values_only=True))
        return rows[next(i for i, row in enumerate(rows) if row[0] == "Khối"):]

    history = table("LichSu")
    assert history[0] == ("Khối", "Đơn vị", "Năm", "Loại", "Tên", "Quyết định")
    staff = "Khối thi đua các cơ quan Tham mưu - Tổng hợp"
    assert (staff, "Văn phòng UBND tỉnh", 2024, "Danh hiệu", "Cờ thi đua của UBND tỉnh",
            "Quyết định số 132/QĐ-UBND ngày 24/01/2025 của Chủ tịch UBND tỉnh Bắc Ninh") in history
    assert (staff, "Sở Nội vụ", None, None,
            "Chưa có trong sheet LichSu của khối", None) in history
    assert not any(row[1] == "Thống kê tỉnh Bắc Ninh" for row in history)  # not proposed
    # three blocks, no Government-flag proposal: a fifth of three blocks allows none (the check's warning
    # on a province over it: test_government_flags_within_a_fifth_of_the_blocks_give_no_warning)
    check = next(row for row in table("KiemTra") if row[1] == "Cờ thi đua của Chính phủ: không quá 20% số khối")
    assert check[2] == "Không có đơn vị nào được đề nghị" and check[3] == "0 đề nghị trên 3 khối, tối đa 0: đạt"


def test_government_flags_within_a_fifth_of_the_blocks_give_no_warning(tmp_path):
    from pipeline.rules.province import BlockEntry, gather
    from pipeline.commands.load import load_block
    from pipeline.read.discover import find_blocks

    year_dir = SAMPLES / "2020"
    result = load_block(find_blocks(year_dir)[0], 2020, year_dir).result
    assert any(r.award == "Cờ thi đua của Chính phủ" for r in result.ranked)
    others = [BlockEntry(f"k{i}", f"k{i}/khoi.xlsx", None, error_count=1) for i in range(4)]
    five = gather([BlockEntry("k", "k/khoi.xlsx", result), *others])  # 1 of 5 blocks: allowed
    assert [p.code for p in five.problems] == []
    assert five.checks.iloc[-1]["Tệp"] == "1 đề nghị trên 5 khối, tối đa 1: đạt"
    four = gather([BlockEntry("k", "k/khoi.xlsx", result), *others[:3]])
    assert [p.code for p in four.problems] == ["government_flags_over"]


def test_the_staff_s_report_form_file_in_mau_wins_and_its_faults_are_told_at_their_line(tmp_path):
    case = default_case(STC=95)
    case.year = 2025
    case.info["Ngày hội nghị"] = dt.date(2025, 12, 20)
    root = write_case(case, tmp_path / "in")
    staff = root / "mau" / "mau_bao_cao_thanh_tich.txt"
    staff.parent.mkdir()
    staff.write_text("2025-07-01 | mau | Mẫu của tỉnh\n2025-07-01 | xac_nhan | XÁC NHẬN CỦA SỞ NỘI VỤ\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["2025", "--input", str(root), "--output", str(out)]) == 0
    text = full_text(out / "2025" / "ho_so" / "bao_cao_thanh_tich_STC_2025.docx")
    assert "(Theo Mẫu của tỉnh)" in text and "XÁC NHẬN CỦA SỞ NỘI VỤ" in text
    staff.write_text("2025-07-01 | ky_ten | ai đó\n", encoding="utf-8")
    assert problem_rows(_problems_of_year(root, 2025)) == [("mau/mau_bao_cao_thanh_tich.txt", "", "dòng 1", "report_form_file")]


def _problems_of_year(root: Path, year: int) -> list:
    try:
        return run(year, root, root / "out", write=False, jobs=1).problems
    except InputError as exc:
        return exc.problems
