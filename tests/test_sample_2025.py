"""The 2025 sample: a province after the 2025 merger, under today's law, with three blocks (the
third scored by formula, grade and the office's check: `test_formulas.py`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from docxread import body_lines, full_text, table_with_header
from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent
STAFF = "khoi_tham_muu_tong_hop"


@pytest.fixture(scope="module")
def year_2025(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    assert main(["2025", "--input", str(ROOT / "input_samples"), "--output", str(out)]) == 0
    return out / "2025"


def test_each_block_gets_its_folder_and_documents(year_2025):
    for block in (STAFF, "khoi_hoi_dac_thu"):
        names = sorted(p.name for p in (year_2025 / block).iterdir() if not p.name.startswith("."))
        assert names == ["bang_diem_2025.xlsx", "bao_cao_tong_ket_2025.docx", "bien_ban_hop_2025.docx",
                         "giao_uoc_thi_dua_2026.docx", "ho_so", "to_trinh_khen_thuong_2025.docx"]


def test_the_proposal_cites_the_law_in_force_on_the_conference_date(year_2025):
    lines = body_lines(year_2025 / STAFF / "to_trinh_khen_thuong_2025.docx")
    assert "Bắc Ninh, ngày 15 tháng 01 năm 2026" in lines
    grounds = [line for line in lines if line.startswith("Căn cứ")]
    assert grounds[:2] == [
        "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;",
        "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về phân cấp, phân "
        "quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng dẫn thi hành một số điều của Luật "
        "Thi đua, khen thưởng;",
    ]
    assert "98/2023" not in "\n".join(lines)


def test_the_report_tells_the_year_in_the_staff_words(year_2025):
    lines = body_lines(year_2025 / STAFF / "bao_cao_tong_ket_2025.docx")
    assert lines.index("I. KẾT QUẢ THỰC HIỆN CÁC PHONG TRÀO THI ĐUA") < lines.index(
        "V. KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG THI ĐUA") < lines.index("IX. KIẾN NGHỊ, ĐỀ XUẤT")
    assert any("giai đoạn chuyển tiếp & đội ngũ" in line for line in lines)
    text = "\n".join(lines)
    assert "Thuế tỉnh Bắc Ninh (xếp thứ nhất, 07/10 phiếu, bằng 70%)" in text
    assert "TRƯỞNG THUẾ TỈNH BẮC NINH" in text  # the signer's position, the shared words once


def test_the_minutes_record_the_vote_and_the_absent_member(year_2025):
    text = full_text(year_2025 / STAFF / "bien_ban_hop_2025.docx")
    assert "Vào hồi 08 giờ 00 phút, ngày 15 tháng 01 năm 2026" in text
    assert "3. Dự họp: 09/10 đơn vị thành viên (vắng 01 đơn vị), gồm:" in text
    assert "- Quỹ Đầu tư phát triển tỉnh (Vắng, có ý kiến bằng văn bản)." in text
    annex = table_with_header(year_2025 / STAFF / "to_trinh_khen_thuong_2025.docx", "STT")
    assert [row[1:3] + row[5:] for row in annex[1:3]] == [
        ["Văn phòng UBND tỉnh", "Cờ thi đua của Chính phủ", "09/10"],
        ["Thuế tỉnh Bắc Ninh", "Cờ thi đua của UBND tỉnh", "10/10"]]


def test_the_small_block_without_a_count(year_2025):
    report = body_lines(year_2025 / "khoi_hoi_dac_thu" / "bao_cao_tong_ket_2025.docx")
    assert "II. KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG THI ĐUA" in report and "phiếu" not in "\n".join(report)
    assert report.index("V. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026") < report.index("VI. KIẾN NGHỊ, ĐỀ XUẤT")  # last
    minutes = full_text(year_2025 / "khoi_hoi_dac_thu" / "bien_ban_hop_2025.docx")
    # the secretary typed with `Bà`, the heads attending without: the list names nobody with it
    assert "2. Thư ký: Nguyễn Thị Thanh Hương - Chuyên viên Văn phòng Hội Chữ thập đỏ tỉnh." in minutes
    # no ballot: each form decided by show of hands, said with the count of those present
    assert ("Kết quả: đề nghị 01 đơn vị (Hội Chữ thập đỏ tỉnh), biểu quyết giơ tay: 07/07 đơn vị dự họp nhất "
            "trí.") in minutes
    assert "Vào hồi 14 giờ 00 phút" in minutes and "Cuộc họp kết thúc vào hồi 16 giờ 00 phút cùng ngày." in minutes
    assert "Ban kiểm phiếu" not in minutes


def test_the_minutes_record_the_board_the_ballots_and_the_written_vote(year_2025):
    text = full_text(year_2025 / STAFF / "bien_ban_hop_2025.docx")
    assert ("Ban kiểm phiếu gồm:\n- Bà Trịnh Thị Hải Yến - Giám đốc Sở Tư pháp, Trưởng ban;\n- Ông Ngô Quang Vinh - "
            "Trưởng Thống kê tỉnh.") in text
    # 10 yes votes with 9 units present: the absent unit's written opinion counts among the voters
    assert ("Tham gia biểu quyết: 10/10 đơn vị thành viên (09 đơn vị dự họp, 01 đơn vị vắng mặt có ý kiến bằng văn "
            "bản: Quỹ Đầu tư phát triển tỉnh). Số phiếu phát ra: 10; số phiếu thu về: 10; số phiếu hợp lệ: 10.") in text
    assert "Cuộc họp kết thúc vào hồi 10 giờ 45 phút cùng ngày." in text


def test_the_tie_for_the_last_certificate_goes_to_the_collective_of_women(year_2025):
    """The conference is in 2026: Decree 152/2025 Art. 4(6) applies. Kho bạc (72% women) goes before
    the State Bank's branch (45%), without the conference's order; both documents say why."""
    said = ("02 đơn vị Ngân hàng Nhà nước Chi nhánh Khu vực 5 và Kho bạc Nhà nước Khu vực VI cùng đạt 94 điểm (cùng "
            "xếp thứ sáu) trong khi Bằng khen của Chủ tịch UBND tỉnh chỉ còn 01 suất; Kho bạc Nhà nước Khu vực VI có "
            "tỷ lệ nữ 72% nên được ưu tiên theo khoản 6 Điều 4 Nghị định số 152/2025/NĐ-CP (tập thể có tỷ lệ nữ từ "
            "70% trở lên), đề nghị Kho bạc Nhà nước Khu vực VI; Ngân hàng Nhà nước Chi nhánh Khu vực 5 không được "
            "đề nghị Bằng khen của Chủ tịch UBND tỉnh.")
    for document in ("bien_ban_hop_2025.docx", "bao_cao_tong_ket_2025.docx"):
        assert said in body_lines(year_2025 / STAFF / document), document


def test_long_names_break_where_a_clerk_breaks_them(year_2025):
    """Word's own wrap left `THÙ` alone under the block's name and `TỈNH` under the signer's."""
    lines = body_lines(year_2025 / "khoi_hoi_dac_thu" / "bao_cao_tong_ket_2025.docx")
    assert "KHỐI THI ĐUA\nCÁC HỘI ĐẶC THÙ" in lines
    assert "CHỦ TỊCH\nHỘI CHỮ THẬP ĐỎ TỈNH" in lines
    staff = body_lines(year_2025 / STAFF / "bao_cao_tong_ket_2025.docx")
    assert "KHỐI THI ĐUA CÁC CƠ QUAN\nTHAM MƯU - TỔNG HỢP" in staff and "TRƯỞNG THUẾ TỈNH BẮC NINH" in staff


def test_the_province_workbook_gathers_both_blocks(year_2025):
    from openpyxl import load_workbook

    from pipeline.write.province_book import HEADER_ROW

    book = load_workbook(year_2025 / "tong_hop_2025.xlsx", read_only=True)
    counts = [row for row in book["ThongKe"].iter_rows(min_row=HEADER_ROW + 1, values_only=True)]
    # the forms highest first, though the small block lists the provincial flag first
    assert counts[0] == ("Khối", "Thư mục", "Số đơn vị", "Cờ thi đua của Chính phủ", "Cờ thi đua của UBND tỉnh",
                         "Bằng khen của Chủ tịch UBND tỉnh", "Tổng số đề nghị")
    # 10 + 7 + 6 units; the block scored by formula adds a provincial flag and two certificates
    assert counts[-1] == ("Tổng cộng", None, 23, 1, 3, 7, 11)
    proposals = [row for row in book["DeNghi"].iter_rows(min_row=HEADER_ROW + 1, values_only=True)]
    assert ("Khối thi đua các cơ quan Tham mưu - Tổng hợp", "Văn phòng UBND tỉnh", "Cờ thi đua của Chính phủ",
            96.5, 2, 9) in proposals
    ranking = list(book["XepHang"].iter_rows(values_only=True))
    # a formula's total (78,50666...) as the documents show it
    assert ("Khối thi đua các cơ quan Kinh tế - Kỹ thuật", 6, "Ban Quản lý các khu công nghiệp tỉnh", 78.51, None,
            None) in ranking


@pytest.mark.slow
def test_no_page_of_either_block_is_blank(year_2025):
    """The small block's pledge ends at the foot of a page: nothing may spill onto a blank one."""
    from pipeline.write import pdf
    from test_pdf import pdf_words

    if pdf.find_soffice() is None:
        pytest.skip("LibreOffice is not installed here")
    for made in pdf.convert_year(2025, year_2025.parent):
        for number, page in enumerate(pdf_words(made), start=1):
            assert [w for w in page if w[2] != str(number)], f"page {number} of {made.name} is blank"
