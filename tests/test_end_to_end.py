"""The CLI on the samples and on small built cases: what staff would check in the documents."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import openpyxl
import pytest
from builders import Case, UnitSpec, default_case, edit_book, totals_scores, write_case
from docxread import body_lines, full_text, table_with_header, tables

from pipeline.cli import main

FLAG_GOV, FLAG_PROV, CERT = "Cờ thi đua của Chính phủ", "Cờ thi đua của UBND tỉnh", "Bằng khen của Chủ tịch UBND tỉnh"
OUTPUT_2020 = ["bao_cao_tong_ket_2020.docx", "to_trinh_khen_thuong_2020.docx", "bien_ban_hop_2020.docx",
               "giao_uoc_thi_dua_2021.docx",
               "bang_diem_2020.xlsx"]
REPORTS_2020 = [f"ho_so/bao_cao_thanh_tich_{code}_2020.docx" for code in ("CT", "DBQH", "UBND", "STC", "KBNN")]


@pytest.fixture(scope="module")
def sample_2020(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    assert main(["2020", "--input", str(Path(__file__).parent.parent / "input_samples"), "--output", str(out)]) == 0
    return out / "2020"


def test_writes_the_five_files(sample_2020):
    assert sorted(p.name for p in sample_2020.iterdir() if not p.name.startswith(".")) == sorted(OUTPUT_2020 + ["ho_so"])
    # and in ho_so/ the achievement report of each of the five proposed units, by its code
    assert sorted(f"ho_so/{p.name}" for p in (sample_2020 / "ho_so").iterdir() if not p.name.startswith(".")) == sorted(
        REPORTS_2020)


def test_annex_names_each_proposed_unit_with_its_award_total_rank_and_votes(sample_2020):
    rows = table_with_header(sample_2020 / "to_trinh_khen_thuong_2020.docx", "STT")
    assert rows[0][-1] == "Số phiếu đồng ý"
    assert [row[1:] for row in rows[1:]] == [
        ["Cục Thuế", FLAG_GOV, "97", "1", "10/11"],
        ["Văn phòng Đoàn ĐBQH tỉnh", FLAG_PROV, "96,5", "2", "10/11"],
        ["Văn phòng UBND tỉnh", CERT, "94", "4", ""],
        ["Sở Tài chính", CERT, "94", "4", ""],
        ["Kho bạc Nhà nước chi nhánh tỉnh Bắc Giang", CERT, "94", "4", ""],
    ]


def test_report_table_has_every_member_and_total(sample_2020):
    rows = table_with_header(sample_2020 / "bao_cao_tong_ket_2020.docx", "Hạng")
    name, total = rows[0].index("Đơn vị"), rows[0].index("Tổng điểm")
    got = [(r[0], r[name], r[total]) for r in rows[1:]]
    assert got == [
        ("1", "Cục Thuế", "97"), ("2", "Văn phòng Đoàn ĐBQH tỉnh", "96,5"), ("3", "Văn phòng HĐND tỉnh", "95,5"),
        ("4", "Văn phòng UBND tỉnh", "94"), ("4", "Sở Tài chính", "94"), ("4", "Sở KH&ĐT", "94"),
        ("4", "Kho bạc Nhà nước chi nhánh tỉnh Bắc Giang", "94"),
        ("8", "Ngân hàng Nhà nước chi nhánh tỉnh Bắc Giang", "92,5"), ("9", "Sở Nội vụ", "91"),
        ("10", "Cục Thống kê", "89,5"), ("11", "Quỹ Đầu tư phát triển tỉnh", "87"),
    ]


def test_the_2020_samples_report_shows_the_2019_ranks_of_every_unit(sample_2020):
    """input_samples/2019 is the year before of 2020 (SPEC §2.4): every unit was a member then."""
    rows = table_with_header(sample_2020 / "bao_cao_tong_ket_2020.docx", "Hạng")
    assert rows[0][:3] == ["Hạng", "Hạng năm 2019", "Đơn vị"]
    assert [(r[2], r[0], r[1]) for r in rows[1:]] == [
        ("Cục Thuế", "1", "3"), ("Văn phòng Đoàn ĐBQH tỉnh", "2", "8"), ("Văn phòng HĐND tỉnh", "3", "7"),
        ("Văn phòng UBND tỉnh", "4", "1"), ("Sở Tài chính", "4", "2"), ("Sở KH&ĐT", "4", "3"),
        ("Kho bạc Nhà nước chi nhánh tỉnh Bắc Giang", "4", "3"),
        ("Ngân hàng Nhà nước chi nhánh tỉnh Bắc Giang", "8", "9"), ("Sở Nội vụ", "9", "6"),
        ("Cục Thống kê", "10", "11"), ("Quỹ Đầu tư phát triển tỉnh", "11", "10"),
    ]
    assert (
        "So với năm 2019, Văn phòng Đoàn ĐBQH tỉnh tăng hạng nhiều nhất (từ thứ tám lên thứ hai, tăng 6 bậc); "
        "Văn phòng UBND tỉnh (từ thứ nhất xuống thứ tư) và Sở Nội vụ (từ thứ sáu xuống thứ chín) giảm hạng nhiều nhất "
        "(cùng giảm 3 bậc)." in body_lines(sample_2020 / "bao_cao_tong_ket_2020.docx")
    )


def test_report_states_barred_unit_reason_leaders_and_commitments(sample_2020):
    text = full_text(sample_2020 / "bao_cao_tong_ket_2020.docx")
    assert "Văn phòng HĐND tỉnh (95,5 điểm, xếp thứ ba), lý do: có công chức bị kỷ luật cảnh cáo năm 2020." in text
    assert "Trưởng khối: Kho bạc Nhà nước chi nhánh tỉnh Bắc Giang" in text
    assert "Phó khối: Sở Nội vụ" in text
    # the ranks are the table's; one sentence for the leader and the shared rank, none per rank
    assert ("Cục Thuế dẫn đầu Khối với 97 điểm. Đồng hạng: 04 đơn vị xếp thứ tư (94 điểm) là Văn phòng UBND tỉnh, "
            "Sở Tài chính, Sở KH&ĐT và Kho bạc Nhà nước chi nhánh tỉnh Bắc Giang.") in text
    assert "xếp thứ tám" not in text and "xếp thứ nhất:" not in text
    assert "Bắc Giang, ngày 08 tháng 01 năm 2021" in text
    assert "Số:      /BC-KTĐ" in text
    assert "CỤC TRƯỞNG CỤC THUẾ" in text  # signed by the head of the year's leader unit


def test_report_holds_the_chart(sample_2020):
    import zipfile

    with zipfile.ZipFile(sample_2020 / "bao_cao_tong_ket_2020.docx") as archive:
        names = archive.namelist()
        chart = archive.read("word/charts/chart1.xml").decode()
    # a Word chart (tests/test_chart.py reads it in detail), no picture
    assert "<c:barChart>" in chart and "Quỹ Đầu tư phát triển tỉnh" in chart
    assert not [n for n in names if n.startswith("word/media/")]


def test_pledge_signing_grid_order(sample_2020):
    grid = [t for t in tables(sample_2020 / "giao_uoc_thi_dua_2021.docx") if "KHO BẠC" in str(t)][0]
    # each cell: the role (first row only), the unit, its head's title, room to sign, the head's name
    cells = [[line for line in cell.split("\n") if line.strip()] for row in grid for cell in dict.fromkeys(row)
             if cell.strip()]
    names = [lines[-3] for lines in cells]
    heads = [lines[-1] for lines in cells]
    assert [lines[0] for lines in cells[:2]] == ["TRƯỞNG KHỐI", "PHÓ KHỐI"]
    assert heads[:2] == ["Bùi Xuân Trường", "Đặng Công Thành"] and len(heads) == 11
    assert names == [
        "KHO BẠC NHÀ NƯỚC CHI NHÁNH TỈNH BẮC GIANG", "SỞ NỘI VỤ", "VĂN PHÒNG ĐOÀN ĐBQH TỈNH", "VĂN PHÒNG HĐND TỈNH",
        "VĂN PHÒNG UBND TỈNH", "SỞ TÀI CHÍNH", "SỞ KH&ĐT", "CỤC THỐNG KÊ", "CỤC THUẾ",
        "NGÂN HÀNG NHÀ NƯỚC CHI NHÁNH TỈNH BẮC GIANG", "QUỸ ĐẦU TƯ PHÁT TRIỂN TỈNH",
    ]


def test_pledge_is_for_next_year_with_numbered_commitments(sample_2020):
    lines = body_lines(sample_2020 / "giao_uoc_thi_dua_2021.docx")
    assert "BẢN GIAO ƯỚC THI ĐUA NĂM 2021" in lines
    numbered = [line for line in lines if line[:2] in ("1.", "2.", "8.")]
    assert numbered[0].startswith("1. Thi đua thực hiện thắng lợi") and numbered[-1].startswith("8. Tham gia")


def test_proposal_cites_the_grounds_sheet(sample_2020):
    lines = body_lines(sample_2020 / "to_trinh_khen_thuong_2020.docx")
    grounds = [line for line in lines if line.startswith("Căn cứ")]
    assert len(grounds) == 3 and grounds[0].endswith(";") and grounds[-1].endswith(".")
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Bắc Giang." in lines


def test_score_table_workbook(sample_2020):
    book = openpyxl.load_workbook(sample_2020 / "bang_diem_2020.xlsx")
    sheet = book["BangDiem"]
    assert sheet.freeze_panes == "D5"
    assert sheet["A1"].value == "BẢNG ĐIỂM THI ĐUA NĂM 2020"
    assert [c.value for c in sheet[3]][:3] == ["Hạng", "Mã", "Tên đơn vị"]
    assert [(r[0], r[1], r[7]) for r in sheet.iter_rows(min_row=5, max_row=7, values_only=True)] == [
        (1, "CT", 97), (2, "DBQH", 96.5), (3, "HDND", 95.5)]
    # each criterion's code under its group's heading, its text one sheet over
    assert sheet["K3"].value == "I. Thực hiện nhiệm vụ chính trị" and sheet["K4"].value == "1.1"
    criteria = {row[0]: row[1:] for row in book["TieuChi"].iter_rows(min_row=5, values_only=True) if row[1]}
    assert criteria["1.1"] == ("Hoàn thành các chỉ tiêu, nhiệm vụ chuyên môn được Tỉnh ủy, UBND tỉnh và cơ quan cấp "
                               "trên giao trong năm", 10, "Chấm điểm")
    assert criteria["TRU"][1:] == (5, "Trừ")


def test_2019_shared_third_place(tmp_path, samples):
    assert main(["2019", "--input", str(samples), "--output", str(tmp_path)]) == 0
    rows = table_with_header(tmp_path / "2019" / "bao_cao_tong_ket_2019.docx", "Hạng")
    assert [r[0] for r in rows[1:]] == ["1", "2", "3", "3", "3", "6", "7", "8", "9", "10", "11"]
    text = full_text(tmp_path / "2019" / "bao_cao_tong_ket_2019.docx")
    assert "03 đơn vị xếp thứ ba" in text
    assert "Bắc Giang, ngày 26 tháng 12 năm 2019" in text


def test_summary_lists_block_ranking_awards_and_files(tmp_path, samples, capsys):
    assert main(["2020", "--input", str(samples), "--output", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Khối thi đua các cơ quan Tham mưu - Tổng hợp (Bắc Giang), năm 2020: 11 đơn vị" in out
    assert "Cục Thuế" in out and FLAG_GOV in out and "Không đủ điều kiện" in out
    # the ranking has column headings, each over its column
    lines = out.splitlines()
    heading = lines[1]
    assert heading.split()[:2] == ["Hạng", "Điểm"] and heading.endswith("Đơn vị" + " " * 43 + "Đề nghị khen thưởng")
    first = lines[2]
    assert first.index("Cục Thuế") == heading.index("Đơn vị")
    assert first.index(FLAG_GOV) == heading.index("Đề nghị khen thưởng")
    assert first.index("97") + 2 == heading.index("Điểm") + 4  # numbers right-aligned under their heading
    assert first.index("1") + 1 == heading.index("Hạng") + 4
    for name in OUTPUT_2020:
        assert str(tmp_path / "2020" / name) in out


TRICKY = 'Hội "Nạn nhân" chất độc da cam/Dioxin <tỉnh> & {{ 7*7 }} {{ \'\'.__class__ }}'


def test_text_survives_exactly(tmp_path):
    case = default_case(STC=95, SKHDT=90, CT=85, SNV=80)
    decomposed = unicodedata.normalize("NFD", "Sở Nội vụ")
    case.units[3] = UnitSpec("SNV", TRICKY, "Đặng Văn <Gờ> & \"Hạ\"", "Chủ tịch")
    case.tasks = ["Giữ vững 100% chỉ tiêu & <mục tiêu> \"kép\"", "=SUM(A1:A2) không phải công thức"]
    case.scores["SNV"] = totals_scores(80)
    root = write_case(case, tmp_path / "in")

    def typed_as_text(book) -> None:  # openpyxl saves it as a formula; staff typed text ('=SUM...)
        book["NhiemVu"]["A3"].data_type = "s"

    edit_book(root / "2020" / "khoi.xlsx", typed_as_text)
    # the SNV score sheet names the unit by its code, typed decomposed in another sheet's place
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out")]) == 0
    out = tmp_path / "out" / "2020"
    report = full_text(out / "bao_cao_tong_ket_2020.docx")
    assert TRICKY in report
    assert "Giữ vững 100% chỉ tiêu & <mục tiêu> \"kép\"" in report
    assert "=SUM(A1:A2) không phải công thức" in report
    assert "49" not in report.replace("2049", "")  # {{ 7*7 }} is never evaluated
    pledge = full_text(out / "giao_uoc_thi_dua_2021.docx")
    assert TRICKY.upper() in pledge and "Đặng Văn <Gờ> & \"Hạ\"" in pledge
    assert "Sở KH&ĐT" in report and decomposed not in report


def test_decomposed_and_spaced_names_match(tmp_path):
    case = default_case(STC=95, SKHDT=90, CT=85, SNV=80)
    root = write_case(case, tmp_path / "in")
    from builders import score_rows, write_rows

    sheet = root / "2020" / "diem" / "skhdt.xlsx"
    write_rows(sheet, {"Chấm điểm": score_rows(case, "  " + unicodedata.normalize("NFD", "SỞ  KH&ĐT") + " ",
                                               case.scores["SKHDT"])})
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out")]) == 0


def test_byte_identical_reruns(tmp_path, samples):
    first, second = tmp_path / "a", tmp_path / "b"
    assert main(["2020", "--input", str(samples), "--output", str(first)]) == 0
    assert main(["2020", "--input", str(samples), "--output", str(second)]) == 0
    for name in OUTPUT_2020 + REPORTS_2020:
        assert (first / "2020" / name).read_bytes() == (second / "2020" / name).read_bytes(), name


def test_several_blocks_each_get_their_folder(tmp_path):
    root = tmp_path / "in"
    for name, totals in (("khoi_a", dict(STC=95)), ("khoi_b", dict(CT=99))):
        write_case(default_case(**totals), tmp_path / name)
        (root / "2020").mkdir(parents=True, exist_ok=True)
        (tmp_path / name / "2020").rename(root / "2020" / name)
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out")]) == 0
    for name in ("khoi_a", "khoi_b"):
        assert sorted(p.name for p in (tmp_path / "out" / "2020" / name).iterdir() if not p.name.startswith(".")) == sorted(OUTPUT_2020 + ["ho_so"])
    rows = table_with_header(tmp_path / "out" / "2020" / "khoi_b" / "bao_cao_tong_ket_2020.docx", "Hạng")
    assert rows[1][1] == "Cục Thuế"


def test_centrally_run_city_headers(tmp_path):
    case = default_case(STC=95)
    case.info["Tỉnh"] = "Thành phố Hà Nội"
    root = write_case(case, tmp_path / "in")
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out")]) == 0
    proposal = full_text(tmp_path / "out" / "2020" / "to_trinh_khen_thuong_2020.docx")
    assert "UBND THÀNH PHỐ HÀ NỘI" in proposal
    assert "Hà Nội, ngày 26 tháng 12 năm 2020" in proposal
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân thành phố Hà Nội." in proposal


@pytest.mark.parametrize("day, law, decree", [
    ("31/12/2023", "Luật Thi đua, khen thưởng số 15/2003/QH11", "Nghị định số 91/2017/NĐ-CP"),
    ("01/01/2024", "Luật Thi đua, khen thưởng số 06/2022/QH15", "Nghị định số 98/2023/NĐ-CP"),
    ("30/06/2025", "Luật Thi đua, khen thưởng số 06/2022/QH15", "Nghị định số 98/2023/NĐ-CP"),
    ("01/07/2025", "Luật Thi đua, khen thưởng số 06/2022/QH15", "Nghị định số 152/2025/NĐ-CP"),
])
def test_default_grounds_follow_the_law_in_force(tmp_path, day, law, decree):
    year = int(day[-4:]) if day[-4:] != "2024" else 2023
    case = Case(year=year)
    for unit in case.units:
        case.scores[unit.code] = totals_scores(90 - len(case.scores))
    case.info["Ngày hội nghị"] = day
    root = write_case(case, tmp_path / "in")
    assert main([str(year), "--input", str(root), "--output", str(tmp_path / "out")]) == 0
    grounds = [line for line in body_lines(tmp_path / "out" / str(year) / f"to_trinh_khen_thuong_{year}.docx")
               if line.startswith("Căn cứ")]
    assert law in grounds[0] and grounds[0].endswith(";")
    assert decree in grounds[1] and grounds[1].endswith(";")
    block = "Khối thi đua các cơ quan Tham mưu - Tổng hợp"
    assert grounds[-2:] == [f"Căn cứ kết quả chấm điểm, bình xét thi đua năm {year} của {block};",
                            f"Căn cứ Biên bản họp bình xét thi đua, khen thưởng năm {year} của {block}."]
