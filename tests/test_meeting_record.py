"""The meeting recorded in full (issue 19): its end, the counting board, the ballots issued,
returned and valid, who voted (in writing too), how the forms without a ballot were decided; the
faults in those records at their cells; and the tie rule of Decree 152/2025 Art. 4(6)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from builders import Case, UnitSpec, default_case, edit_book, problem_rows, write_case
from docxread import full_text
from openpyxl import load_workbook

from pipeline.cli import main
from pipeline.commands.run import run
from pipeline.problems import InputError
from test_meeting import CERT, GOV, PROV, meeting_case


def _errors(case: Case, tmp_path: Path) -> list[tuple[str, str, str, str]]:
    root = write_case(case, tmp_path / "in")
    with pytest.raises(InputError) as caught:
        run(case.year, root, tmp_path / "out", write=False)
    return problem_rows(caught.value.problems)


def _minutes(case: Case, tmp_path: Path) -> str:
    root = write_case(case, tmp_path / "in")
    assert main([str(case.year), "--input", str(root), "--output", str(tmp_path / "out")]) == 0
    return full_text(tmp_path / "out" / str(case.year) / f"bien_ban_hop_{case.year}.docx")


def test_the_minutes_record_the_board_the_ballots_and_who_voted_in_writing(tmp_path):
    case = meeting_case()
    case.info.update({"Ban kiểm phiếu": "Ông Trần Văn C - Sở Tư pháp, Trưởng ban;Bà Lê Thị D - Sở Nội vụ",
                      "Số phiếu phát ra": 4, "Số phiếu thu về": "4", "Số phiếu hợp lệ": 3,
                      "Giờ kết thúc": "11:15"})
    case.ballot = [("Sở Tài chính", {GOV: 2, PROV: 3}), ("SKHDT", {GOV: 3})]
    text = _minutes(case, tmp_path)
    assert ("Ban kiểm phiếu gồm:\n- Ông Trần Văn C - Sở Tư pháp, Trưởng ban;\n- Bà Lê Thị D - Sở Nội vụ.\n"
            "Tham gia biểu quyết: 04/04 đơn vị thành viên (03 đơn vị dự họp, 01 đơn vị vắng mặt có ý kiến bằng văn "
            "bản: Sở Nội vụ). Số phiếu phát ra: 04; số phiếu thu về: 04; số phiếu hợp lệ: 03.") in text
    assert "Cuộc họp kết thúc vào hồi 11 giờ 15 phút cùng ngày." in text
    # the certificate went without a ballot: by show of hands, among those present
    assert ("Kết quả: đề nghị 02 đơn vị (Cục Thuế và Sở Nội vụ), biểu quyết giơ tay: 03/03 đơn vị dự họp nhất "
            "trí.") in text


def test_what_staff_did_not_give_is_dotted_and_warned(tmp_path):
    case = meeting_case()
    for label in ("Giờ họp", "Giờ kết thúc", "Hình thức biểu quyết", "Ban kiểm phiếu", "Số phiếu phát ra",
                  "Số phiếu thu về", "Số phiếu hợp lệ"):
        case.info[label] = None
    root = write_case(case, tmp_path / "in")
    report = run(2020, root, tmp_path / "out")
    assert [p.code for p in report.problems if p.severity == "warning"] == [
        "meeting_time_blank", "end_time_blank", "ballot_record_blank", "vote_method_blank"]
    text = full_text(tmp_path / "out" / "2020" / "bien_ban_hop_2020.docx")
    assert "Vào hồi …… giờ …… phút, ngày 26 tháng 12 năm 2020" in text
    assert "Cuộc họp kết thúc vào hồi …… giờ …… phút cùng ngày." in text
    assert "Số phiếu phát ra: ……; số phiếu thu về: ……; số phiếu hợp lệ: ……" in text
    assert "hình thức biểu quyết: …………………………, số đơn vị nhất trí: ……/03." in text


def test_yes_votes_above_the_voters_are_an_error_at_their_cell(tmp_path):
    """Sở Nội vụ absent without a written opinion: 3 voters, so 4 yes votes cannot be."""
    case = meeting_case()
    case.attendance = {"SNV": "Vắng"}
    case.info.update({"Số phiếu phát ra": 3, "Số phiếu thu về": 3, "Số phiếu hợp lệ": 3})
    case.ballot = [("Sở Tài chính", {GOV: 2, PROV: 4}), ("SKHDT", {GOV: 3})]
    assert _errors(case, tmp_path) == [("kiem_phieu.xlsx", "BoPhieu", "C2", "ballot_votes_over_voters")]


def test_yes_votes_above_the_valid_ballots_are_an_error_at_their_cell(tmp_path):
    case = meeting_case()
    case.info["Số phiếu hợp lệ"] = 3
    case.ballot = [("Sở Tài chính", {GOV: 2, PROV: 4}), ("SKHDT", {GOV: 3})]
    assert _errors(case, tmp_path) == [("kiem_phieu.xlsx", "BoPhieu", "C2", "ballot_votes_over_valid")]


def test_ballot_counts_out_of_order_or_not_counts_are_errors_at_their_cells(tmp_path):
    case = meeting_case()
    case.info.update({"Số phiếu phát ra": 4, "Số phiếu thu về": 4, "Số phiếu hợp lệ": "4,5"})
    cells = {label: f"B{index}" for index, (label, _) in enumerate(case.info_rows(), start=1)}
    assert _errors(case, tmp_path / "1") == [("khoi.xlsx", "ThongTin", cells["Số phiếu hợp lệ"], "bad_ballot_count")]
    case.info.update({"Số phiếu phát ra": 5, "Số phiếu thu về": 4, "Số phiếu hợp lệ": 4})
    assert _errors(case, tmp_path / "2") == [
        ("khoi.xlsx", "ThongTin", cells["Số phiếu phát ra"], "ballot_count_over_members")]
    case.info.update({"Số phiếu phát ra": 4, "Số phiếu thu về": 3, "Số phiếu hợp lệ": 4})
    assert _errors(case, tmp_path / "3") == [
        ("khoi.xlsx", "ThongTin", cells["Số phiếu hợp lệ"], "ballot_count_order")]


def test_the_count_sheet_counts_are_read_and_must_agree_with_thongtin(tmp_path):
    """The counts typed in the count workbook's labelled cells (as `make ballots` lays them out,
    above the table) are read; one typed in both places differently is an error there."""
    case = meeting_case()
    for label in ("Số phiếu phát ra", "Số phiếu thu về", "Số phiếu hợp lệ"):
        case.info[label] = None
    case.info["Số phiếu thu về"] = 4
    case.ballot = [("Sở Tài chính", {GOV: 2, PROV: 3}), ("SKHDT", {GOV: 3})]
    root = write_case(case, tmp_path / "in")
    count = root / "2020" / "kiem_phieu.xlsx"
    book = load_workbook(count)
    sheet = book["BoPhieu"]
    sheet.insert_rows(1, 5)
    for row, (label, value) in enumerate((("Số phiếu phát ra", 4), ("Số phiếu thu về", 3),
                                          ("Số phiếu hợp lệ", 3)), start=1):
        sheet.cell(row=row, column=1, value=label)
        sheet.cell(row=row, column=2, value=value)
    book.save(count)
    with pytest.raises(InputError) as caught:
        run(2020, root, tmp_path / "out", write=False)
    assert problem_rows(caught.value.problems) == [("kiem_phieu.xlsx", "BoPhieu", "B2", "ballot_count_differs")]
    sheet["B2"] = 4
    book.save(count)
    report = run(2020, root, tmp_path / "out")
    counts = report.outcomes[0].loaded.result.block.ballot.counts
    assert (counts.issued, counts.returned, counts.valid) == (4, 4, 3)
    assert "Số phiếu phát ra: 04; số phiếu thu về: 04; số phiếu hợp lệ: 03." in full_text(
        tmp_path / "out" / "2020" / "bien_ban_hop_2020.docx")


# --- the tie rule of Decree 152/2025 Art. 4(6) ---------------------------------------------------


def _tie_case(year: int) -> Case:
    """Three units tie at 90 for the one certificate; Cục Thuế has 75% women."""
    case = default_case(STC=95, SKHDT=90, CT=90, SNV=90)
    case.year = year
    case.awards = [(GOV, 1, None), (CERT, 1, None)]
    case.units[1] = UnitSpec("SKHDT", "Sở KH&ĐT", "Lê Thị Cúc", "Giám đốc", priority=1)
    case.units[2] = UnitSpec("CT", "Cục Thuế", "Phạm Văn Dũng", "Cục trưởng", priority=3)
    case.units[3] = UnitSpec("SNV", "Sở Nội vụ", "Hoàng Thị Em", "Giám đốc", priority=2)
    case.women = {"CT": "75%", "SKHDT": 0.4}
    return case


def _awards(case: Case, tmp_path: Path) -> dict[str, str | None]:
    root = write_case(case, tmp_path / "in")
    report = run(case.year, root, tmp_path / "out")
    return {r.unit.code: r.award for r in report.outcomes[0].loaded.result.ranked}


def test_from_july_2025_a_collective_of_70_percent_women_goes_first_in_a_tie(tmp_path):
    case = _tie_case(2025)  # conference 26/12/2025: Decree 152/2025 in force
    assert _awards(case, tmp_path) == {"STC": GOV, "CT": CERT, "SKHDT": None, "SNV": None}
    minutes = full_text(tmp_path / "out" / "2025" / "bien_ban_hop_2025.docx")
    report = full_text(tmp_path / "out" / "2025" / "bao_cao_tong_ket_2025.docx")
    said = ("03 đơn vị Sở KH&ĐT, Cục Thuế và Sở Nội vụ cùng đạt 90 điểm (cùng xếp thứ hai) trong khi Bằng khen của "
            "Chủ tịch UBND tỉnh chỉ còn 01 suất; Cục Thuế có tỷ lệ nữ 75% nên được ưu tiên theo khoản 6 Điều 4 "
            "Nghị định số 152/2025/NĐ-CP (tập thể có tỷ lệ nữ từ 70% trở lên), đề nghị Cục Thuế; Sở KH&ĐT và Sở Nội "
            "vụ không được đề nghị Bằng khen của Chủ tịch UBND tỉnh.")
    assert said in minutes and said in report


def test_before_july_2025_the_conference_order_decides(tmp_path):
    case = _tie_case(2024)
    case.info["Ngày hội nghị"] = dt.datetime(2025, 1, 10)  # Decree 98/2023 still in force
    assert _awards(case, tmp_path) == {"STC": GOV, "SKHDT": CERT, "CT": None, "SNV": None}
    assert "tỷ lệ nữ" not in full_text(tmp_path / "out" / "2024" / "bien_ban_hop_2024.docx")


def test_women_first_then_the_conference_order_for_the_places_left(tmp_path):
    case = _tie_case(2025)
    case.awards = [(GOV, 1, None), (CERT, 2, None)]
    assert _awards(case, tmp_path) == {"STC": GOV, "CT": CERT, "SKHDT": CERT, "SNV": None}
    assert ("Cục Thuế có tỷ lệ nữ 75% nên được ưu tiên theo khoản 6 Điều 4 Nghị định số 152/2025/NĐ-CP (tập thể có "
            "tỷ lệ nữ từ 70% trở lên), các suất còn lại theo thứ tự ưu tiên do Hội nghị bình xét, đề nghị Cục Thuế "
            "và Sở KH&ĐT;") in full_text(tmp_path / "out" / "2025" / "bien_ban_hop_2025.docx")


def test_a_tie_the_women_rule_leaves_open_still_needs_the_conference_order(tmp_path):
    case = _tie_case(2025)
    case.awards = [(GOV, 1, None), (CERT, 2, None)]
    case.units[1] = UnitSpec("SKHDT", "Sở KH&ĐT", "Lê Thị Cúc", "Giám đốc")
    assert _errors(case, tmp_path) == [("khoi.xlsx", "ThanhVien", "F3", "tie_needs_priority")]


def test_a_share_of_women_that_is_no_share_is_an_error_at_its_cell(tmp_path):
    case = _tie_case(2025)
    case.women = {"CT": "nhiều", "SNV": 150}
    assert _errors(case, tmp_path) == [("khoi.xlsx", "ThanhVien", "G4", "bad_women_share"),
                                       ("khoi.xlsx", "ThanhVien", "G5", "bad_women_share")]


# --- the report without TongKet; the ranks said once ------------------------------------------


def test_a_report_without_tongket_warns_once_and_opens_plainly(tmp_path):
    case = default_case(STC=95, SKHDT=94, CT=94, SNV=90)
    case.awards = [(GOV, 1, None), (CERT, "50%", None)]
    root = write_case(case, tmp_path / "in")
    edit_book(root / "2020" / "khoi.xlsx", lambda book: book.remove(book["TongKet"]))
    report = run(2020, root, tmp_path / "out")
    assert problem_rows(report.problems, "warning") == [("khoi.xlsx", "", "", "no_narrative")]
    assert "thêm sheet TongKet với hai cột Mục và Nội dung" in report.problems[0].message
    lines = full_text(tmp_path / "out" / "2020" / "bao_cao_tong_ket_2020.docx").split("\n")
    assert ("Báo cáo này tổng hợp kết quả chấm điểm, xếp hạng thi đua, đề nghị khen thưởng năm 2020 và phương "
            "hướng, nhiệm vụ năm 2021 của Khối thi đua các cơ quan Tham mưu - Tổng hợp.") in lines
    assert not [line for line in lines if "đã ký kết giao ước thi đua, xây dựng kế hoạch" in line]
    assert ("Hội nghị thống nhất xếp hạng thi đua năm 2020 như bảng trên. Sở Tài chính dẫn đầu Khối với 95 điểm. "
            "Đồng hạng: 02 đơn vị xếp thứ hai (94 điểm) là Sở KH&ĐT và Cục Thuế.") in lines
    assert not [line for line in lines if "xếp thứ tư" in line]  # a rank held alone is the table's


def test_a_report_with_tongket_has_no_such_warning(tmp_path):
    case = default_case(STC=95, SKHDT=95)
    case.awards = [(CERT, "50%", None)]
    case.sections = [("Ưu điểm", "Các đơn vị đoàn kết.")]
    root = write_case(case, tmp_path / "in")
    report = run(2020, root, tmp_path / "out")
    assert problem_rows(report.problems, "warning") == []
    text = full_text(tmp_path / "out" / "2020" / "bao_cao_tong_ket_2020.docx")
    assert "02 đơn vị cùng dẫn đầu Khối với 95 điểm: Sở Tài chính và Sở KH&ĐT." in text


# --- honorifics one way in a list ------------------------------------------------------------------


def test_honorifics_one_way_in_the_attendance_list(tmp_path):
    """`Bà` typed for one representative and not for the heads: the list writes none (the program
    never guesses who is a man or a woman); typed for everyone, every one is kept."""
    case = meeting_case()
    text = _minutes(case, tmp_path / "mixed")
    assert "- Sở KH&ĐT: Lê Thị Bích - Phó Giám đốc;" in text
    assert "2. Thư ký: Nguyễn Thị Hoa - Chuyên viên Văn phòng Sở Tài chính." in text
    assert "Bà " not in text.split("I. THÀNH PHẦN")[1].split("II. NỘI DUNG")[0]
    case.attendance = {"STC": "Ông Trần Văn Bình - Giám đốc", "SKHDT": "Bà Lê Thị Bích - Phó Giám đốc",
                       "CT": "Ông Phạm Văn Dũng - Cục trưởng", "SNV": "Vắng, có ý kiến bằng văn bản"}
    case.info["Chủ trì"] = "Ông Trần Văn Bình - Giám đốc Sở Tài chính, Trưởng khối"
    text = _minutes(case, tmp_path / "all")
    assert "- Sở KH&ĐT: Bà Lê Thị Bích - Phó Giám đốc;" in text
    assert "2. Thư ký: Bà Nguyễn Thị Hoa - Chuyên viên Văn phòng Sở Tài chính." in text
    assert "1. Chủ trì: Ông Trần Văn Bình - Giám đốc Sở Tài chính, Trưởng khối." in text


def test_a_tie_cut_while_a_tied_unit_left_its_share_of_women_blank_is_warned(tmp_path):
    case = _tie_case(2025)
    case.women = {"SKHDT": 0.4}  # Cục Thuế and Sở Nội vụ left blank: the conference's order decides
    root = write_case(case, tmp_path / "in")
    report = run(2025, root, tmp_path / "out")
    assert {r.unit.code: r.award for r in report.outcomes[0].loaded.result.ranked}["SKHDT"] == CERT
    assert problem_rows(report.problems, "warning") == [("khoi.xlsx", "ThanhVien", "dòng 4", "tie_women_unknown")]
    message = report.problems[0].message
    assert "Cục Thuế và Sở Nội vụ chưa ghi Tỷ lệ nữ" in message and "khoản 6 Điều 4 Nghị định số 152/2025" in message
    case.info["Ngày hội nghị"] = dt.datetime(2025, 6, 30)  # before the rule: nothing to warn about
    root = write_case(case, tmp_path / "before")
    assert problem_rows(run(2025, root, tmp_path / "out2").problems, "warning") == []


def test_the_tie_rule_comes_from_data_staff_may_update_in_mau(tmp_path):
    """The date and the share are data: a `mau/uu_tien_dong_diem.txt` of the office wins over the
    default (here: the rule ends from 1 August 2025, so the conference's order decides again)."""
    case = _tie_case(2025)
    root = write_case(case, tmp_path / "in")
    (root / "mau").mkdir()
    default = (Path(__file__).resolve().parent.parent / "templates_docx" / "uu_tien_dong_diem.txt").read_text("utf-8")
    (root / "mau" / "uu_tien_dong_diem.txt").write_text(default + "2025-08-01 | - |\n", encoding="utf-8")
    assert _awards(case, tmp_path) == {"STC": GOV, "SKHDT": CERT, "CT": None, "SNV": None}
    (root / "mau" / "uu_tien_dong_diem.txt").write_text(default + "2025-08-01 | bảy mươi | x\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        run(2025, root, tmp_path / "out2", write=False)
    assert problem_rows(caught.value.problems) == [("mau/uu_tien_dong_diem.txt", "", "dòng 9", "tie_rule_file")]
