"""The review meeting (issue 10): attendance, the count (BoPhieu), vote shares, and the minutes,
read back from the documents as a clerk would check them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from builders import (Case, default_case, edit_book, edit_cells, problem_rows, write_ballot, write_case)
from docxread import body_lines, full_text, table_with_header
from pipeline.cli import main
from pipeline.commands.run import run
from pipeline.problems import InputError

GOV, PROV, CERT = "Cờ thi đua của Chính phủ", "Cờ thi đua của UBND tỉnh", "Bằng khen của Chủ tịch UBND tỉnh"


def meeting_case() -> Case:
    """Four members, 75% of 4 = 3 votes needed. Sở Tài chính ranks first but gets 2 votes for the
    Government flag: the flag goes to Sở KH&ĐT, and Sở Tài chính gets the provincial one."""
    case = default_case(STC=95, SKHDT=94, CT=93, SNV=90)
    case.awards = [(GOV, 1, None, "75%"), (PROV, 1, None, "75%"), (CERT, "50%")]
    case.attendance = {"SKHDT": "Bà Lê Thị Bích - Phó Giám đốc", "SNV": "Vắng, có ý kiến bằng văn bản"}
    case.info["Giờ họp"] = "08:30"
    case.ballot = [("Sở Tài chính", {GOV: 2, PROV: 4}), ("SKHDT", {GOV: 3})]
    return case


@pytest.fixture(scope="module")
def meeting(tmp_path_factory) -> Path:
    root = write_case(meeting_case(), tmp_path_factory.mktemp("in"))
    out = tmp_path_factory.mktemp("out")
    assert main(["2020", "--input", str(root), "--output", str(out)]) == 0
    return out / "2020"


def test_votes_decide_the_awards(meeting):
    rows = table_with_header(meeting / "to_trinh_khen_thuong_2020.docx", "STT")
    assert rows[0] == ["STT", "Tên đơn vị", "Hình thức khen thưởng", "Tổng điểm", "Xếp hạng", "Số phiếu đồng ý"]
    assert [row[1:] for row in rows[1:]] == [
        ["Sở KH&ĐT", GOV, "94", "2", "03/04"],
        ["Sở Tài chính", PROV, "95", "1", "04/04"],
        ["Cục Thuế", CERT, "93", "3", ""],
        ["Sở Nội vụ", CERT, "90", "4", ""],
    ]


def test_minutes_record_time_place_chair_secretary_and_attendance(meeting):
    lines = body_lines(meeting / "bien_ban_hop_2020.docx")
    assert "BIÊN BẢN" in lines and "Họp bình xét thi đua, khen thưởng năm 2020" in lines
    assert "Số:      /BB-KTĐ" in lines
    assert lines[lines.index("BIÊN BẢN") + 4].startswith(
        "Vào hồi 08 giờ 30 phút, ngày 26 tháng 12 năm 2020, tại Hội trường Sở Tài chính, Khối thi đua")
    assert "1. Chủ trì: Trần Văn Bình - Giám đốc Sở Tài chính, Trưởng khối." in lines
    assert "2. Thư ký: Bà Nguyễn Thị Hoa - Chuyên viên Văn phòng Sở Tài chính." in lines
    assert "3. Dự họp: 03/04 đơn vị thành viên (vắng 01 đơn vị), gồm:" in lines
    assert "- Sở Tài chính: Trần Văn Bình - Giám đốc;" in lines  # a blank Dự họp: the head attended
    assert "- Sở KH&ĐT: Bà Lê Thị Bích - Phó Giám đốc;" in lines
    assert "- Sở Nội vụ (Vắng, có ý kiến bằng văn bản)." in lines
    # signed by the secretary (left) and the chair (right), by name only
    signatures = [rows for rows in _tables(meeting / "bien_ban_hop_2020.docx") if "CHỦ TRÌ" in str(rows)][0]
    (left, right), = signatures
    assert [line for line in left.split("\n") if line][:3] == ["THƯ KÝ", "Nguyễn Thị Hoa", "Nơi nhận:"]
    assert [line for line in right.split("\n") if line] == ["CHỦ TRÌ", "Trần Văn Bình"]


def test_minutes_give_every_candidate_votes_share_and_result(meeting):
    path = meeting / "bien_ban_hop_2020.docx"
    votes = [rows for rows in _tables(path) if rows[0][:3] == ["Hạng", "Đơn vị được đề cử", "Phiếu đồng ý"]]
    assert votes[0][1:] == [["1", "Sở Tài chính", "02/04", "50%", "Không đạt"],
                            ["2", "Sở KH&ĐT", "03/04", "75%", "Đạt"]]
    assert votes[1][1:] == [["1", "Sở Tài chính", "04/04", "100%", "Đạt"]]
    text = full_text(path)
    assert f"1) {GOV}: 01 suất; đơn vị được đề nghị cần ít nhất 03/04 phiếu đồng ý (75% tổng số đơn vị thành viên)." in text
    assert "Sở Tài chính (xếp thứ nhất, 02/04 phiếu, bằng 50%)" in text
    assert "4. Bầu đơn vị Trưởng khối, Phó khối năm 2021" in text
    assert "Hội nghị thống nhất bầu Cục Thuế làm Trưởng khối, Sở Nội vụ làm Phó khối năm 2021." in text


def test_the_minutes_propose_what_the_proposal_annex_lists(meeting):
    minutes = [rows for rows in _tables(meeting / "bien_ban_hop_2020.docx") if rows[0][0] == "STT"]
    annex = table_with_header(meeting / "to_trinh_khen_thuong_2020.docx", "STT")
    assert minutes == [annex]


def test_the_report_names_who_fell_short_with_their_votes(meeting):
    text = full_text(meeting / "bao_cao_tong_ket_2020.docx")
    assert (f"Không được đề nghị {GOV} do chưa đạt tỷ lệ phiếu đồng ý tối thiểu (75% tổng số đơn vị thành "
            "viên, tức 03 phiếu): Sở Tài chính (xếp thứ nhất, 02/04 phiếu, bằng 50%).") in text
    assert "- Sở KH&ĐT (xếp thứ hai, 94 điểm, 03/04 phiếu đồng ý)." in text


def test_the_proposal_cites_the_minutes_and_lists_its_dossier(meeting):
    lines = body_lines(meeting / "to_trinh_khen_thuong_2020.docx")
    grounds = [line for line in lines if line.startswith("Căn cứ")]
    assert grounds[-1] == ("Căn cứ Biên bản họp bình xét thi đua, khen thưởng năm 2020 của Khối thi đua các cơ "
                           "quan Tham mưu - Tổng hợp.")
    assert any(line.startswith("Hồ sơ kèm theo gồm: Biên bản họp bình xét thi đua, khen thưởng năm 2020 của Khối "
                               "(kèm kết quả kiểm phiếu); báo cáo thành tích") for line in lines)


def test_a_count_workbook_is_not_a_skipped_sheet(tmp_path):
    root = write_case(meeting_case(), tmp_path / "in")
    report = run(2020, root, tmp_path / "out", write=False)
    assert [p.code for p in report.problems] == []


def test_the_count_may_stand_in_khoi_xlsx(tmp_path):
    case = meeting_case()
    case.ballot_file = None
    root = write_case(case, tmp_path / "in")
    report = run(2020, root, tmp_path / "out")
    awards = {r.unit.code: r.award for o in report.outcomes for r in o.loaded.result.ranked}
    assert awards == {"SKHDT": GOV, "STC": PROV, "CT": CERT, "SNV": CERT}


def test_without_a_count_the_minutes_record_what_the_conference_agreed(tmp_path):
    root = write_case(default_case(STC=95), tmp_path / "in")
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out")]) == 0
    path = tmp_path / "out" / "2020" / "bien_ban_hop_2020.docx"
    text = full_text(path)
    assert "3. Dự họp: 04/04 đơn vị thành viên, gồm:" in text and "vắng" not in text.lower().split("dự họp")[1][:40]
    assert "Phiếu đồng ý" not in text and "bỏ phiếu kín" not in text
    assert f"1) {GOV}: 01 suất." in text and "Kết quả: đề nghị 01 đơn vị (Sở Tài chính)." in text
    annex = table_with_header(tmp_path / "out" / "2020" / "to_trinh_khen_thuong_2020.docx", "STT")
    assert annex[0][-1] == "Xếp hạng", "no votes column without a count"


def test_a_form_no_unit_qualifies_for_is_said_so(tmp_path):
    case = meeting_case()
    case.ballot = [("STC", {GOV: 1, PROV: 4}), ("SKHDT", {GOV: 2})]
    root = write_case(case, tmp_path / "in")
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out")]) == 0
    report = full_text(tmp_path / "out" / "2020" / "bao_cao_tong_ket_2020.docx")
    assert f"1. {GOV} (01 suất, cần ít nhất 03/04 phiếu đồng ý), không có đơn vị đủ điều kiện đề nghị." in report
    minutes = full_text(tmp_path / "out" / "2020" / "bien_ban_hop_2020.docx")
    assert "Kết quả: không có đơn vị đủ điều kiện đề nghị." in minutes
    proposal = full_text(tmp_path / "out" / "2020" / "to_trinh_khen_thuong_2020.docx")
    assert GOV not in proposal.split("kính đề nghị như sau:")[1].split("PHỤ LỤC")[0]


def test_a_percent_formatted_share_and_quota_read_as_shown(tmp_path):
    case = meeting_case()
    case.awards = [(GOV, 1, None, 0.75), (PROV, 1, None, 0.75), (CERT, 1)]
    root = write_case(case, tmp_path / "in")

    def percent(book) -> None:
        sheet = book["KhenThuong"]
        for cell in ("D2", "D3", "B4"):
            sheet[cell].number_format = "0%"

    from builders import edit_book
    edit_book(root / "2020" / "khoi.xlsx", percent)  # B4 = 1 shown as 100%: every member
    report = run(2020, root, tmp_path / "out", write=False)
    ranked = report.outcomes[0].loaded.result.ranked
    assert {r.unit.code: r.award for r in ranked} == {"SKHDT": GOV, "STC": PROV, "CT": CERT, "SNV": CERT}


# --- Bad counts and shares: each at its cell, exit 1, nothing written ------------------------------


def _problems(case: Case, tmp_path: Path, change=None) -> list[tuple[str, str, str, str]]:
    root = write_case(case, tmp_path / "in")
    if change is not None:
        change(root / "2020")
    with pytest.raises(InputError) as caught:
        run(2020, root, tmp_path / "out")
    assert not (tmp_path / "out" / "2020").exists() or not list((tmp_path / "out" / "2020").glob("*.docx"))
    return problem_rows(caught.value.problems)


def _with(ballot=None, awards=None, forms=None) -> Case:
    case = meeting_case()
    if ballot is not None:
        case.ballot = ballot
    if awards is not None:
        case.awards = awards
    case.ballot_forms = forms
    return case


COUNT = "kiem_phieu.xlsx"


@pytest.mark.parametrize("case, expected", [
    (_with(forms=[GOV, "Cờ thi đua của Bộ"]), [(COUNT, "BoPhieu", "C1", "ballot_unknown_form")]),
    (_with(ballot=[("Sở Ngoại vụ", {GOV: 3})]), [(COUNT, "BoPhieu", "A2", "ballot_unknown_unit")]),
    (_with(ballot=[("STC", {GOV: 2.5})]), [(COUNT, "BoPhieu", "B2", "ballot_bad_votes")]),
    (_with(ballot=[("STC", {GOV: 5})]), [(COUNT, "BoPhieu", "B2", "ballot_bad_votes")]),
    (_with(ballot=[("STC", {GOV: -1})]), [(COUNT, "BoPhieu", "B2", "ballot_bad_votes")]),
    (_with(ballot=[("STC", {GOV: "ba"})]), [(COUNT, "BoPhieu", "B2", "ballot_bad_votes")]),
    (_with(ballot=[("STC", {GOV: 3}), ("Sở Tài chính", {PROV: 3})]), [(COUNT, "BoPhieu", "A3", "ballot_repeated_unit")]),
    (_with(ballot=[(None, {GOV: 3})]), [(COUNT, "BoPhieu", "A2", "ballot_unit_blank")]),
    (_with(awards=[(GOV, 1, None, "150%"), (CERT, 1)]), [("khoi.xlsx", "KhenThuong", "D2", "bad_vote_share")]),
    (_with(awards=[(GOV, 1, None, "0%"), (CERT, 1)]), [("khoi.xlsx", "KhenThuong", "D2", "bad_vote_share")]),
    (_with(awards=[(GOV, 1, None, "tám mươi"), (CERT, 1)]), [("khoi.xlsx", "KhenThuong", "D2", "bad_vote_share")]),
    (_with(awards=[(GOV, 1), (CERT, 1), (GOV, 2)]), [("khoi.xlsx", "KhenThuong", "A4", "duplicate_award")]),
])
def test_a_bad_count_or_share_is_told_at_its_cell(tmp_path, case, expected):
    assert _problems(case, tmp_path) == expected


def test_a_share_without_a_count_asks_for_the_count(tmp_path):
    case = meeting_case()
    case.ballot = None
    assert _problems(case, tmp_path) == [("khoi.xlsx", "KhenThuong", "D2", "ballot_missing")]


def test_two_counts_are_one_too_many(tmp_path):
    def second(folder: Path) -> None:
        write_ballot(meeting_case(), folder / "diem" / "kiem_phieu_ban_sao.xlsx")

    root = write_case(meeting_case(), tmp_path / "in")
    second(root / "2020")
    with pytest.raises(InputError) as caught:
        run(2020, root, tmp_path / "out")
    found = [p for p in caught.value.problems if p.severity == "error"]
    assert [(p.sheet, p.code) for p in found] == [("BoPhieu", "ballot_two")]
    files = {"kiem_phieu.xlsx", "diem/kiem_phieu_ban_sao.xlsx"}
    assert found[0].file in files and (files - {found[0].file}).pop() in found[0].message


def test_a_bad_count_through_the_cli_exits_1_and_names_the_cell(tmp_path, capsys):
    root = write_case(meeting_case(), tmp_path / "in")
    edit_cells(root / "2020" / COUNT, "BoPhieu", {"B2": 7})
    out = tmp_path / "out"
    assert main(["2020", "--input", str(root), "--output", str(out)]) == 1
    err = capsys.readouterr().err
    assert ("kiem_phieu.xlsx › BoPhieu › B2: Số phiếu đồng ý \"7\" của Sở Tài chính cho Cờ thi đua của Chính phủ "
            "không hợp lệ: hãy nhập số nguyên từ 0 đến 4") in err
    assert not list(out.rglob("*.docx"))
    marked = load_workbook(out / "2020" / "loi" / COUNT)
    assert marked["BoPhieu"]["B2"].comment is not None


def _tables(path: Path) -> list[list[list[str]]]:
    from docxread import tables
    return tables(path)


# --- Odd counts (issue 13) -----------------------------------------------------------------------


@pytest.mark.parametrize("sheet, cells, expected", [
    # `Tỉ lệ phiếu` (the other spelling): ignored, the flags would go by rank without the votes
    ("KhenThuong", {"D1": "Tỉ lệ phiếu"}, [("khoi.xlsx", "KhenThuong", "D1", "column_misnamed")]),
    ("KhenThuong", {"D1": "Ty le phieu"}, [("khoi.xlsx", "KhenThuong", "D1", "column_misnamed")]),
    ("KhenThuong", {"D2": "=75/100"}, [("khoi.xlsx", "KhenThuong", "D2", "formula_not_calculated")]),
    ("ThanhVien", {"G5": '="Vắng"'}, [("khoi.xlsx", "ThanhVien", "G5", "formula_not_calculated")]),
    ("ThanhVien", {"G1": "Du hop"}, [("khoi.xlsx", "ThanhVien", "G1", "column_misnamed")]),
])
def test_a_share_or_attendance_that_would_be_read_as_blank_is_told(tmp_path, sheet, cells, expected):
    """A blank `Tỷ lệ phiếu` means no vote is needed and a blank `Dự họp` that the head attended: a
    formula Excel never calculated, or the column headed nearly right, must not pass for blank."""
    assert _problems(meeting_case(), tmp_path, lambda folder: edit_cells(folder / "khoi.xlsx", sheet, cells)) == expected


def test_a_report_section_an_uncalculated_formula_is_told(tmp_path):
    case = meeting_case()
    case.sections = [("Ưu điểm", "Đoàn kết"), ('="Hạn chế"', "Chậm báo cáo")]
    assert _problems(case, tmp_path) == [("khoi.xlsx", "TongKet", "A3", "formula_not_calculated")]


def _vote_rows(path: Path) -> list[list[list[str]]]:
    return [rows[1:] for rows in _tables(path) if rows[0][:3] == ["Hạng", "Đơn vị được đề cử", "Phiếu đồng ý"]]


def test_a_candidate_that_reached_the_votes_but_could_not_get_the_form_is_not_just_passed(tmp_path):
    """The minutes must not say a unit passed the vote for a form and then propose nobody, or
    someone else, without a word: a unit barred after the vote, or proposed for a higher form
    already, reached the votes but could not get this form."""
    case = meeting_case()
    case.units[0].barred = "Có công chức bị kỷ luật"  # Sở Tài chính, voted for both flags
    case.ballot = [("STC", {GOV: 4, PROV: 4}), ("SKHDT", {GOV: 3, PROV: 4}), ("CT", {PROV: 3})]
    root = write_case(case, tmp_path / "in")
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out")]) == 0
    gov, prov = _vote_rows(tmp_path / "out" / "2020" / "bien_ban_hop_2020.docx")
    assert gov == [["1", "Sở Tài chính", "04/04", "100%", "Đạt, nhưng không đủ điều kiện"],
                   ["2", "Sở KH&ĐT", "03/04", "75%", "Đạt"]]
    assert prov == [["1", "Sở Tài chính", "04/04", "100%", "Đạt, nhưng không đủ điều kiện"],
                    ["2", "Sở KH&ĐT", "04/04", "100%", f"Đạt, đã được đề nghị {GOV}"],
                    ["3", "Cục Thuế", "03/04", "75%", "Đạt"]]


def test_a_count_given_alone_puts_the_votes_in_the_minutes(tmp_path):
    """SPEC §2.1: BoPhieu may be given without any Tỷ lệ phiếu, to put the votes in the minutes.
    The forms go by rank as always; the minutes and the annex show every candidate's votes."""
    case = default_case(STC=95, SKHDT=94, CT=93, SNV=90)
    case.ballot_forms = [GOV, PROV]
    case.ballot = [("STC", {GOV: 3, PROV: 1}), ("SKHDT", {GOV: 1, PROV: 4})]
    root = write_case(case, tmp_path / "in")
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out")]) == 0
    minutes = tmp_path / "out" / "2020" / "bien_ban_hop_2020.docx"
    gov, prov = _vote_rows(minutes)
    assert gov == [["1", "Sở Tài chính", "03/04", "75%", "Được đề nghị"],
                   ["2", "Sở KH&ĐT", "01/04", "25%", "Không được đề nghị"]]
    assert prov == [["1", "Sở Tài chính", "01/04", "25%", f"Đã được đề nghị {GOV}"],
                    ["2", "Sở KH&ĐT", "04/04", "100%", "Được đề nghị"]]
    text = full_text(minutes)
    assert f"1) {GOV}: 01 suất." in text and "cần ít nhất" not in text and "tỷ lệ phiếu" not in text
    assert "Hội nghị đã bình xét, bỏ phiếu kín từng hình thức khen thưởng như sau:" in text
    annex = table_with_header(tmp_path / "out" / "2020" / "to_trinh_khen_thuong_2020.docx", "STT")
    assert [row[1:] for row in annex] == [
        ["Tên đơn vị", "Hình thức khen thưởng", "Tổng điểm", "Xếp hạng", "Số phiếu đồng ý"],
        ["Sở Tài chính", GOV, "95", "1", "03/04"], ["Sở KH&ĐT", PROV, "94", "2", "04/04"],
        ["Cục Thuế", CERT, "93", "3", ""], ["Sở Nội vụ", CERT, "90", "4", ""]]


# --- The meeting's time and people as staff type them (issue 13) ---------------------------------


def _minutes_lines(case: Case, tmp_path: Path) -> list[str]:
    root = write_case(case, tmp_path / "in")
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out")]) == 0
    return body_lines(tmp_path / "out" / "2020" / "bien_ban_hop_2020.docx")


@pytest.mark.parametrize("typed, said", [
    ("08:30", "08 giờ 30 phút"),
    ("8h", "08 giờ 00 phút"),
    (dt.time(14, 5), "14 giờ 05 phút"),
    (dt.datetime(2020, 12, 26, 8, 30), "08 giờ 30 phút"),  # the date typed with it
    (8, "08 giờ 00 phút"),  # the hour alone
    (0.3541666666666667, "08 giờ 30 phút"),  # a time whose cell lost its format
    ("8 giờ sáng", "8 giờ sáng"),  # other text as typed
])
def test_the_meeting_time_as_typed_reads_as_a_time(tmp_path, typed, said):
    case = meeting_case()
    case.info["Giờ họp"] = typed
    lines = _minutes_lines(case, tmp_path)
    assert any(line.startswith(f"Vào hồi {said}, ngày 26 tháng 12 năm 2020") for line in lines)


@pytest.mark.parametrize("typed", ["25:99", "8:75", 30, 1.5, -1])
def test_a_meeting_time_that_is_no_time_is_told_at_its_cell(tmp_path, typed):
    case = meeting_case()
    case.info["Giờ họp"] = typed
    assert _problems(case, tmp_path) == [("khoi.xlsx", "ThongTin", "B12", "bad_meeting_time")]


@pytest.mark.parametrize("label, cell, typed", [
    ("Chủ trì", "B12", 123), ("Thư ký", "B11", dt.datetime(2020, 1, 1)), ("Chủ trì", "B12", True)])
def test_a_chair_or_secretary_that_is_not_text_is_told(tmp_path, label, cell, typed):
    case = meeting_case()
    del case.info["Giờ họp"]
    case.info[label] = typed
    assert _problems(case, tmp_path) == [("khoi.xlsx", "ThongTin", cell, "person_not_text")]


def test_attendance_that_is_not_text_is_told(tmp_path):
    case = meeting_case()
    case.attendance = {"STC": True, "CT": 42, "SNV": "Vắng"}
    assert _problems(case, tmp_path) == [("khoi.xlsx", "ThanhVien", "G2", "person_not_text"),
                                         ("khoi.xlsx", "ThanhVien", "G4", "person_not_text")]


def test_a_name_and_title_on_two_lines_of_a_cell_sign_with_the_name(tmp_path):
    """Alt+Enter between the name and the title, as staff lay out a cell: the minutes write them
    on one line, and the signature has the name alone."""
    case = meeting_case()
    case.info["Chủ trì"] = "Ông Nguyễn Văn An\nGiám đốc Sở Tài chính"
    case.info["Thư ký"] = "Bà Lê Thị Hoa\n- Chuyên viên"
    case.attendance["SKHDT"] = "Bà Lê Thị Bích\nPhó Giám đốc"
    lines = _minutes_lines(case, tmp_path)
    assert "1. Chủ trì: Ông Nguyễn Văn An - Giám đốc Sở Tài chính." in lines
    assert "2. Thư ký: Bà Lê Thị Hoa - Chuyên viên." in lines
    assert "- Sở KH&ĐT: Bà Lê Thị Bích - Phó Giám đốc;" in lines
    signatures = [rows for rows in _tables(tmp_path / "out" / "2020" / "bien_ban_hop_2020.docx")
                  if "CHỦ TRÌ" in str(rows)][0]
    (left, right), = signatures
    assert [line for line in left.split("\n") if line][:2] == ["THƯ KÝ", "Lê Thị Hoa"]
    assert [line for line in right.split("\n") if line] == ["CHỦ TRÌ", "Nguyễn Văn An"]


def test_a_count_sheet_named_nearly_bophieu_is_told(tmp_path):
    """`Bỏ phiếu`, `Bo Phieu`: the count, not a score sheet to skip, nor a count that is missing."""
    def rename(folder: Path) -> None:
        edit_book(folder / COUNT, lambda book: setattr(book["BoPhieu"], "title", "Bỏ phiếu"))

    root = write_case(meeting_case(), tmp_path / "in")
    rename(root / "2020")
    with pytest.raises(InputError) as caught:
        run(2020, root, tmp_path / "out")
    assert problem_rows(caught.value.problems) == [(COUNT, "Bỏ phiếu", "", "ballot_sheet_misnamed")]
    assert problem_rows(caught.value.problems, "warning") == []


def test_a_hidden_count_sheet_is_said_to_be_hidden(tmp_path):
    def hide(book) -> None:
        book.create_sheet("Ghi chú")["A1"] = "Kiểm phiếu ngày 26/12"
        book["BoPhieu"].sheet_state = "hidden"

    root = write_case(meeting_case(), tmp_path / "in")
    edit_book(root / "2020" / COUNT, hide)
    with pytest.raises(InputError) as caught:
        run(2020, root, tmp_path / "out")
    assert problem_rows(caught.value.problems) == [("khoi.xlsx", "KhenThuong", "D2", "ballot_missing")]
    message = [p for p in caught.value.problems if p.severity == "error"][0].message
    assert "kiem_phieu.xlsx có sheet BoPhieu đang bị ẩn" in message, message


@pytest.mark.parametrize("attended", ["Vắng", "Ông Lê Văn Phó - Phó Giám đốc"])
def test_a_blank_chair_when_the_leaders_head_did_not_attend_is_told(tmp_path, attended):
    """A blank Chủ trì means the head of the leading unit chaired; the minutes must not say so when
    Dự họp says that head was not there."""
    case = meeting_case()
    case.attendance["STC"] = attended  # Sở Tài chính leads the block
    assert _problems(case, tmp_path) == [("khoi.xlsx", "ThongTin", "", "chair_not_present")]


def test_a_meeting_every_member_missed_is_told(tmp_path):
    case = meeting_case()
    case.info["Chủ trì"] = "Ông Nguyễn Văn An - Giám đốc Sở Tài chính"
    case.attendance = {unit.code: "Vắng" for unit in case.units}
    assert _problems(case, tmp_path) == [("khoi.xlsx", "ThanhVien", "G1", "nobody_attended")]


def test_a_blank_secretary_leaves_a_line_to_write_by_hand_and_warns(tmp_path, capsys):
    """The samples name every secretary (they run without a warning); a blank one is still met."""
    case = meeting_case()
    case.info["Thư ký"] = None
    lines = _minutes_lines(case, tmp_path)
    assert "2. Thư ký: ……………………………" in lines
    assert "khoi.xlsx › ThongTin: Chưa ghi Thư ký cuộc họp bình xét" in capsys.readouterr().out
