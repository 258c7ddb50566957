"""The report a clerk signs without touching (issue 9): the staff's own sections of TongKet, the
paragraph of figures, every decision explained, the wording."""

from __future__ import annotations

import re

import pytest

from builders import default_case, problem_rows, write_case
from docxread import body_lines, full_text, table_with_header
from pipeline.cli import main
from pipeline.commands.run import run
from pipeline.problems import InputError

SECTIONS = [
    ("1. Kết quả thực hiện các phong trào thi đua", "Các đơn vị đã phát động 12 phong trào & 5 đợt thi đua <cao điểm>."),
    (None, 'Phong trào "Dân vận khéo" được duy trì;\nmô hình mới: {{ không phải trường }}.'),
    ("Kiến nghị, đề xuất", "Đề nghị UBND tỉnh sớm ban hành hướng dẫn mới."),
    ("Ưu điểm", "Đoàn kết, thống nhất, phối hợp chặt chẽ."),
    ("Hạn chế, nguyên nhân", "Một số đơn vị gửi báo cáo chậm."),
]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> list[str]:
    case = default_case(STC=95, SKHDT=94, CT=94, SNV=90)
    case.units[1].priority, case.units[2].priority = 2, 1
    case.awards = [("Cờ thi đua của UBND tỉnh", 1), ("Bằng khen của Chủ tịch UBND tỉnh", 1)]
    case.sections = SECTIONS
    root = write_case(case, tmp_path_factory.mktemp("in"))
    out = tmp_path_factory.mktemp("out")
    assert main(["2020", "--input", str(root), "--output", str(out)]) == 0
    return body_lines(out / "2020" / "bao_cao_tong_ket_2020.docx")


def test_staff_sections_stand_before_the_results_and_kien_nghi_last(report):
    headings = [line for line in report if re.fullmatch(r"[IVX]+\. .+", line) and line == line.upper()]
    assert headings == [
        "I. KẾT QUẢ THỰC HIỆN CÁC PHONG TRÀO THI ĐUA", "II. ƯU ĐIỂM", "III. HẠN CHẾ, NGUYÊN NHÂN",
        "IV. KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG THI ĐUA", "V. ĐỀ NGHỊ KHEN THƯỞNG",
        "VI. ĐƠN VỊ TRƯỞNG KHỐI, PHÓ KHỐI NĂM 2021", "VII. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2021",
        "VIII. KIẾN NGHỊ, ĐỀ XUẤT",
    ]
    assert report.index("VIII. KIẾN NGHỊ, ĐỀ XUẤT") < report.index(
        next(line for line in report if line.startswith("Trên đây là báo cáo")))


def test_every_paragraph_exactly_as_typed_in_the_sheet_order(report):
    first = report.index("I. KẾT QUẢ THỰC HIỆN CÁC PHONG TRÀO THI ĐUA")
    # the staff's own numbering (`1.`) gives way to the report's; `&`, `<`, quotes and braces are text
    assert report[first + 1:first + 3] == [
        "Các đơn vị đã phát động 12 phong trào & 5 đợt thi đua <cao điểm>.",
        'Phong trào "Dân vận khéo" được duy trì;\nmô hình mới: {{ không phải trường }}.',  # the line break typed in the cell
    ]
    assert report[report.index("II. ƯU ĐIỂM") + 1] == "Đoàn kết, thống nhất, phối hợp chặt chẽ."
    assert report[report.index("VIII. KIẾN NGHỊ, ĐỀ XUẤT") + 1] == "Đề nghị UBND tỉnh sớm ban hành hướng dẫn mới."


def test_a_line_break_inside_a_cell_is_a_line_break_in_the_document(tmp_path):
    case = default_case(STC=95)
    case.sections = [("Ưu điểm", "Dòng một\nDòng hai")]
    root = write_case(case, tmp_path / "in")
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out")]) == 0
    import docx
    document = docx.Document(str(tmp_path / "out" / "2020" / "bao_cao_tong_ket_2020.docx"))
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Dòng một"))
    assert paragraph.text == "Dòng một\nDòng hai"


def test_without_tongket_no_section_and_no_placeholder(tmp_path):
    root = write_case(default_case(STC=95), tmp_path / "in")
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out")]) == 0
    lines = body_lines(tmp_path / "out" / "2020" / "bao_cao_tong_ket_2020.docx")
    assert "I. KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG THI ĐUA" in lines and "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2021" in lines
    text = "\n".join(lines)
    for placeholder in ("...", "……", "[", "Nội dung", "TongKet", "Mục"):
        assert placeholder not in text, placeholder


def test_a_heading_repeated_on_every_row_of_its_section_is_one_section(tmp_path):
    """Staff fill Mục on each row (an Excel habit: rows that still sort and filter): one heading."""
    case = default_case(STC=95)
    case.sections = [("Ưu điểm", "Một."), ("Ưu điểm", "Hai."), ("ưu  điểm ", "Ba."), ("Hạn chế", "Bốn.")]
    root = write_case(case, tmp_path / "in")
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out")]) == 0
    lines = body_lines(tmp_path / "out" / "2020" / "bao_cao_tong_ket_2020.docx")
    first = lines.index("I. ƯU ĐIỂM")
    assert lines[first:first + 6] == ["I. ƯU ĐIỂM", "Một.", "Hai.", "Ba.", "II. HẠN CHẾ", "Bốn."]


def test_a_paragraph_above_any_heading_is_an_error_at_its_cell(tmp_path):
    case = default_case(STC=95)
    case.sections = [(None, "Một đoạn chưa có mục."), ("Ưu điểm", "Tốt.")]
    root = write_case(case, tmp_path / "in")
    with pytest.raises(InputError) as caught:
        run(2020, root, tmp_path / "out", write=False)
    assert problem_rows(caught.value.problems) == [("khoi.xlsx", "TongKet", "A2", "section_without_heading")]


def test_the_paragraph_of_figures(report):
    figures = next(line for line in report if line.startswith("Khối có 04 đơn vị thành viên"))
    assert figures == (
        "Khối có 04 đơn vị thành viên; tổng điểm cao nhất 95 điểm (Sở Tài chính), thấp nhất 90 điểm (Sở Nội vụ), "
        "bình quân 93,25 điểm. Hội nghị đề nghị khen thưởng 02 đơn vị, gồm: Cờ thi đua của UBND tỉnh 01/01 suất; "
        "Bằng khen của Chủ tịch UBND tỉnh 01/01 suất."
    )


def test_the_tie_cut_by_the_conference_names_who_was_left_out(report):
    assert (
        "02 đơn vị Sở KH&ĐT và Cục Thuế cùng đạt 94 điểm (cùng xếp thứ hai) trong khi Bằng khen của Chủ tịch UBND "
        "tỉnh chỉ còn 01 suất; theo thứ tự ưu tiên do Hội nghị bình xét, đề nghị Cục Thuế; Sở KH&ĐT không được đề "
        "nghị Bằng khen của Chủ tịch UBND tỉnh."
    ) in report


def test_a_unit_cut_from_a_form_and_proposed_for_the_next_is_said_so(tmp_path):
    case = default_case(STC=94, SKHDT=94, CT=90, SNV=80)
    case.units[0].priority, case.units[1].priority = 2, 1
    case.awards = [("Cờ thi đua của UBND tỉnh", 1), ("Bằng khen của Chủ tịch UBND tỉnh", 1)]
    root = write_case(case, tmp_path / "in")
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out")]) == 0
    text = full_text(tmp_path / "out" / "2020" / "bao_cao_tong_ket_2020.docx")
    assert ("đề nghị Sở KH&ĐT; Sở Tài chính không được đề nghị Cờ thi đua của UBND tỉnh, Sở Tài chính được xét "
            "và đề nghị Bằng khen của Chủ tịch UBND tỉnh.") in text


def test_a_barred_unit_reads_khong_du_dieu_kien_in_the_award_column(tmp_path):
    case = default_case(STC=99, SKHDT=95)
    case.units[0].barred = "Thủ trưởng bị kỷ luật khiển trách"
    root = write_case(case, tmp_path / "in")
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out")]) == 0
    path = tmp_path / "out" / "2020" / "bao_cao_tong_ket_2020.docx"
    rows = table_with_header(path, "Hạng")
    assert rows[0][3] == "Điểm Khối chấm"
    assert rows[1][1] == "Sở Tài chính" and rows[1][-1] == "Không đủ điều kiện"
    assert rows[2][1] == "Sở KH&ĐT" and rows[2][-1] == "Cờ thi đua của Chính phủ"
    # no capital after a colon, one way of saying a rank
    assert "- Sở Tài chính (99 điểm, xếp thứ nhất), lý do: thủ trưởng bị kỷ luật khiển trách." in body_lines(path)


def test_one_way_of_saying_a_rank_and_no_double_colon(report):
    text = "\n".join(report)
    assert "xếp hạng 1" not in text and "xếp hạng 2" not in text
    assert not [line for line in report if line.count(":") > 1 and "Tổng điểm =" not in line]
    assert "Tổng điểm = điểm các tiêu chí do Khối chấm + điểm thưởng − điểm trừ" in text
