"""The province's view (SPEC §3 `tong_hop_<year>.xlsx`) and the year before (SPEC §2.4), read back
as staff and the provincial office would: the workbook with openpyxl, the report's table and text."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from builders import Case, UnitSpec, default_case, edit_book, totals_scores, write_case
from docxread import body_lines, table_with_header
from openpyxl import load_workbook

from pipeline.write.province_book import HEADER_ROW, SUBTITLES, fit_to_print, printed_font

from pipeline.cli import main
from pipeline.commands.run import run
from pipeline.problems import warnings

ROOT = Path(__file__).resolve().parent.parent
FLAG_GOV, FLAG_PROV, CERT = "Cờ thi đua của Chính phủ", "Cờ thi đua của UBND tỉnh", "Bằng khen của Chủ tịch UBND tỉnh"
BLOCK_A = "Khối thi đua các cơ quan Tham mưu - Tổng hợp"
BLOCK_B = "Khối thi đua các cơ quan Văn hóa - Xã hội"


def block_b() -> Case:
    """Four members, one barred, one whose name starts as a formula would."""
    case = Case(units=[
        UnitSpec("SYT", "Sở Y tế", "Đinh Văn Giang", "Giám đốc"),
        UnitSpec("SGDDT", "Sở Giáo dục và Đào tạo", "Mai Thị Hoa", "Giám đốc", barred="Có cán bộ bị kỷ luật"),
        UnitSpec("BDT", "=Ban Dân tộc", "Lò Văn Ích", "Trưởng ban"),
        UnitSpec("SVH", "Sở Văn hóa, Thể thao và Du lịch", "Vi Thị Kim", "Giám đốc"),
    ], info={"Tên khối": BLOCK_B, "Ngày hội nghị": "28/12/2020"})
    for code, total in (("SYT", 88), ("SGDDT", 70), ("BDT", 60), ("SVH", 50)):
        case.scores[code] = totals_scores(total)
    return case


def formula_text_stays_text(root: Path, block: str) -> None:
    """openpyxl saves a string that starts with `=` as a formula; staff's cell holds text."""
    def change(book) -> None:
        for row in book["ThanhVien"].iter_rows(min_row=2):
            if row[1].value == "=Ban Dân tộc":
                row[1].data_type = "s"

    edit_book(root / "2020" / block / "khoi.xlsx", change)


def write_block_b(root: Path, block: str = "khoi_b") -> None:
    write_case(block_b(), root, block)
    formula_text_stays_text(root, block)


def three_blocks(root: Path) -> Path:
    """khoi_a and khoi_b good, khoi_c with one error (its Năm is not the folder's year)."""
    write_case(default_case(STC=90, SKHDT=85, CT=80, SNV=75), root, "khoi_a")
    write_block_b(root)
    broken = default_case()
    broken.units = [UnitSpec(u.code + "2", u.name + " (chi nhánh)", u.head, u.title) for u in broken.units]
    broken.scores = {u.code: totals_scores(80 - i) for i, u in enumerate(broken.units)}
    broken.info = {"Năm": 2019, "Tên khối": "Khối thi đua các doanh nghiệp"}
    write_case(broken, root, "khoi_c")
    return root


def sheet_rows(path: Path, name: str) -> list[tuple]:
    """The table of a sheet, its header row first, under the title block."""
    sheet = load_workbook(path)[name]
    return [tuple("" if v is None else v for v in row)
            for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]


@pytest.fixture(scope="module")
def kept_going(tmp_path_factory) -> Path:
    root = three_blocks(tmp_path_factory.mktemp("in"))
    out = tmp_path_factory.mktemp("out")
    assert main(["2020", "--input", str(root), "--output", str(out), "--keep-going"]) == 1
    return out / "2020" / "tong_hop_2020.xlsx"


FAILED_NOTE = "Dữ liệu của khối có 1 lỗi: chưa tổng hợp"


def test_de_nghi_lists_every_proposed_unit_and_the_failed_block(kept_going):
    assert sheet_rows(kept_going, "DeNghi") == [
        ("Khối", "Đơn vị", "Hình thức", "Tổng điểm", "Hạng", "Ghi chú"),
        (BLOCK_A, "Sở Tài chính", FLAG_GOV, 90, 1, ""),
        (BLOCK_A, "Sở KH&ĐT", FLAG_PROV, 85, 2, ""),
        (BLOCK_A, "Cục Thuế", CERT, 80, 3, ""),
        (BLOCK_A, "Sở Nội vụ", CERT, 75, 4, ""),
        (BLOCK_B, "Sở Y tế", FLAG_GOV, 88, 1, ""),
        (BLOCK_B, "=Ban Dân tộc", FLAG_PROV, 60, 3, ""),
        (BLOCK_B, "Sở Văn hóa, Thể thao và Du lịch", CERT, 50, 4, ""),
        ("khoi_c", "", "", "", "", FAILED_NOTE),
    ]


def test_xep_hang_lists_every_unit_with_rank_total_and_award(kept_going):
    assert sheet_rows(kept_going, "XepHang") == [
        ("Khối", "Hạng", "Đơn vị", "Tổng điểm", "Đề nghị khen thưởng", "Không đủ điều kiện", "Ghi chú"),
        (BLOCK_A, 1, "Sở Tài chính", 90, FLAG_GOV, "", ""),
        (BLOCK_A, 2, "Sở KH&ĐT", 85, FLAG_PROV, "", ""),
        (BLOCK_A, 3, "Cục Thuế", 80, CERT, "", ""),
        (BLOCK_A, 4, "Sở Nội vụ", 75, CERT, "", ""),
        (BLOCK_B, 1, "Sở Y tế", 88, FLAG_GOV, "", ""),
        (BLOCK_B, 2, "Sở Giáo dục và Đào tạo", 70, "", "Có cán bộ bị kỷ luật", ""),
        (BLOCK_B, 3, "=Ban Dân tộc", 60, FLAG_PROV, "", ""),
        (BLOCK_B, 4, "Sở Văn hóa, Thể thao và Du lịch", 50, CERT, "", ""),
        ("khoi_c", "", "", "", "", "", FAILED_NOTE),
    ]


def test_thong_ke_counts_members_and_proposals_per_form_with_a_total_row(kept_going):
    assert sheet_rows(kept_going, "ThongKe") == [
        ("Khối", "Thư mục", "Số đơn vị", FLAG_GOV, FLAG_PROV, CERT, "Tổng số đề nghị", "Ghi chú"),
        (BLOCK_A, "khoi_a", 4, 1, 1, 2, 4, ""),
        (BLOCK_B, "khoi_b", 4, 1, 1, 1, 3, ""),
        ("khoi_c", "khoi_c", "", "", "", "", "", FAILED_NOTE),
        ("Tổng cộng", "", 8, 2, 2, 3, 7, "Chưa gồm 1 khối có lỗi"),
    ]


def test_kiem_tra_says_the_check_found_nothing(kept_going):
    rows = sheet_rows(kept_going, "KiemTra")
    assert rows[0] == ("Khối", "Kiểm tra", "Đơn vị", "Tệp", "Khối khác", "Tệp khác")
    assert rows[1:] == [("", "Không thấy đơn vị nào ở hai khối, không đơn vị nào là Trưởng khối năm sau của hai khối",
                         "", "", "", "")]


def test_a_name_that_looks_like_a_formula_is_text(kept_going):
    book = load_workbook(kept_going)
    cell = next(c for row in book["DeNghi"].iter_rows() for c in row if c.value == "=Ban Dân tộc")
    assert cell.data_type == "s" and cell.quotePrefix
    with zipfile.ZipFile(kept_going) as archive:
        assert not any(b"<f>" in archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/"))


def test_every_sheet_prints_landscape_one_page_wide_with_its_header_frozen_and_repeated(kept_going):
    book = load_workbook(kept_going)
    assert book.sheetnames == ["DeNghi", "XepHang", "ThongKe", "KiemTra"]
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToHeight == 0
        assert sheet.freeze_panes == "B8" and sheet.print_title_rows == "$7:$7"
        assert all(cell.font.b for cell in sheet[7])
        assert sheet.column_dimensions["A"].width >= len(BLOCK_A) * 0.8 or sheet.title == "KiemTra"


def test_every_sheet_has_the_title_block_borders_and_prints_at_9_points_or_more(kept_going):
    """Issue 19: the sheets printed with no title, year, province or issuing body, at about 7 pt."""
    book = load_workbook(kept_going)
    for sheet in book.worksheets:
        assert (sheet["A1"].value, sheet["A2"].value) == ("SỞ NỘI VỤ TỈNH BẮC GIANG", "BAN THI ĐUA - KHEN THƯỞNG")
        right = [c.value for c in sheet[1] if c.value and c.column > 1]
        assert right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
        assert sheet["A4"].value == "TỔNG HỢP KẾT QUẢ BÌNH XÉT THI ĐUA CÁC KHỐI NĂM 2020"
        assert sheet["A5"].value == SUBTITLES[sheet.title]
        table = [c for row in sheet.iter_rows(min_row=HEADER_ROW + 1) for c in row]
        assert all(c.border.left.style == "thin" and c.border.bottom.style == "thin" for c in table), sheet.title
        assert {c.font.name for row in sheet.iter_rows() for c in row if c.value is not None} == {"Times New Roman"}
        assert min(c.font.sz for row in sheet.iter_rows() for c in row if c.value is not None) == 11
        widths = [sheet.column_dimensions[c.column_letter].width for c in sheet[HEADER_ROW + 1]]
        assert printed_font(widths) >= 9, sheet.title


def test_long_names_wrap_rather_than_print_small():
    widths = [38, 7, 38, 7, 38, 38, 26]  # every text column at its cap, and a note
    assert printed_font(widths) < 9
    fitted = fit_to_print(widths, [True, False, True, False, True, True, True])
    assert printed_font(fitted) >= 9 and fitted[1] == fitted[3] == 7 and min(fitted) >= 7


def test_without_keep_going_a_failed_block_writes_no_province_workbook(tmp_path):
    root = three_blocks(tmp_path / "in")
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out")]) == 1
    written = [p.relative_to(tmp_path / "out" / "2020").as_posix() for p in (tmp_path / "out").rglob("*")
               if p.is_file() and not p.name.startswith(".")]  # not the tool's hidden lock and manifests
    assert written == ["loi/khoi_c/khoi.xlsx"]  # only the marked copy of the faulty workbook


def test_the_workbook_is_byte_identical_on_a_rerun_and_dated_from_the_last_conference(tmp_path):
    root = tmp_path / "in"
    write_case(default_case(), root, "khoi_a")
    write_block_b(root)
    made = []
    for out in ("one", "two"):
        assert main(["2020", "--input", str(root), "--output", str(tmp_path / out), "--jobs", "1"]) == 0
        made.append((tmp_path / out / "2020" / "tong_hop_2020.xlsx").read_bytes())
    assert made[0] == made[1]
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "one")]) == 0  # over the earlier one
    assert (tmp_path / "one" / "2020" / "tong_hop_2020.xlsx").read_bytes() == made[0]
    properties = load_workbook(tmp_path / "one" / "2020" / "tong_hop_2020.xlsx").properties
    assert properties.created.date().isoformat() == "2020-12-28"  # khoi_b's conference, the later one


def test_a_unit_in_two_blocks_and_a_leader_of_two_blocks_are_warnings(tmp_path, capsys):
    root = tmp_path / "in"
    write_case(default_case(), root, "khoi_a")  # Cục Thuế leads khoi_a next year
    other = block_b()
    other.units[2] = UnitSpec("CUCTHUE", "cục   THUẾ", "Phạm Văn Dũng", "Cục trưởng")
    other.scores["CUCTHUE"] = other.scores.pop("BDT")
    other.info["Trưởng khối năm sau"] = "CUCTHUE"
    write_case(other, root, "khoi_b")
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert (
        "khoi_a/khoi.xlsx › ThanhVien › dòng 4: Đơn vị \"Cục Thuế\" có trong cả "
        f"{BLOCK_A} (khoi_a/khoi.xlsx) và {BLOCK_B} (khoi_b/khoi.xlsx)."
    ) in out
    assert (
        "khoi_a/khoi.xlsx › ThongTin: Đơn vị \"Cục Thuế\" là Trưởng khối năm sau của cả "
        f"{BLOCK_A} (khoi_a/khoi.xlsx) và {BLOCK_B} (khoi_b/khoi.xlsx)."
    ) in out
    assert sheet_rows(tmp_path / "out" / "2020" / "tong_hop_2020.xlsx", "KiemTra")[1:] == [
        (BLOCK_A, "Đơn vị ở hai khối", "Cục Thuế", "khoi_a/khoi.xlsx › ThanhVien › dòng 4",
         BLOCK_B, "khoi_b/khoi.xlsx › ThanhVien › dòng 4"),
        (BLOCK_A, "Trưởng khối năm sau của hai khối", "Cục Thuế", "khoi_a/khoi.xlsx › ThongTin",
         BLOCK_B, "khoi_b/khoi.xlsx › ThongTin"),
    ]


def test_check_mode_gives_the_warnings_across_blocks_and_writes_nothing(tmp_path):
    root = tmp_path / "in"
    write_case(default_case(), root, "khoi_a")
    write_case(default_case(), root, "khoi_b")  # the same four units again
    report = run(2020, root, tmp_path / "out", write=False, jobs=1)
    found = [p for p in warnings(report.problems) if p.code == "unit_in_two_blocks"]
    assert [p.value for p in found] == ["Sở Tài chính", "Sở KH&ĐT", "Cục Thuế", "Sở Nội vụ"]
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").rglob("*.xlsx"))


def test_votes_column_appears_only_when_a_block_has_votes(tmp_path):
    """`Số phiếu` beside each proposed unit, from the block's BoPhieu (SPEC §2.1), blank where the
    unit was no candidate; no such column when no block counted votes."""
    root = tmp_path / "in"
    write_case(default_case(STC=90, SKHDT=85, CT=80, SNV=75), root, "khoi_a")
    write_block_b(root)
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "before")]) == 0
    assert "Số phiếu" not in sheet_rows(tmp_path / "before" / "2020" / "tong_hop_2020.xlsx", "DeNghi")[0]

    def count(book) -> None:
        ballot = book.create_sheet("BoPhieu")
        ballot.append(["Đơn vị", FLAG_GOV, FLAG_PROV])
        ballot.append(["STC", 4, None])
        ballot.append(["SKHDT", None, 3])

    edit_book(root / "2020" / "khoi_a" / "khoi.xlsx", count)
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out")]) == 0
    rows = sheet_rows(tmp_path / "out" / "2020" / "tong_hop_2020.xlsx", "DeNghi")
    assert rows[0] == ("Khối", "Đơn vị", "Hình thức", "Tổng điểm", "Hạng", "Số phiếu")
    assert [(row[1], row[5]) for row in rows[1:]] == [
        ("Sở Tài chính", 4), ("Sở KH&ĐT", 3), ("Cục Thuế", ""), ("Sở Nội vụ", ""),
        ("Sở Y tế", ""), ("=Ban Dân tộc", ""), ("Sở Văn hóa, Thể thao và Du lịch", "")]


def test_one_block_writes_no_province_workbook_and_never_imports_pandas(tmp_path):
    root = write_case(default_case(), tmp_path / "in")
    code = (
        "import sys; from pipeline.cli import main; "
        f"code = main(['2020', '--input', {str(root)!r}, '--output', {str(tmp_path / 'out')!r}]); "
        "print('pandas' in sys.modules, code)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "False 0"
    assert not (tmp_path / "out" / "2020" / "tong_hop_2020.xlsx").exists()


# --- the year before (SPEC §2.4) ------------------------------------------------------------------


def year_before_case() -> Case:
    case = default_case(STC=70, SKHDT=90, CT=80, SNV=60)
    case.year = 2019
    return case


def this_year_case() -> Case:
    """Sở KH&ĐT renamed (same code), Sở Nội vụ gone, Thanh tra tỉnh new."""
    case = default_case()
    case.units[1] = UnitSpec("SKHDT", "Sở Kế hoạch và Đầu tư", "Lê Thị Cúc", "Giám đốc")
    case.units[3] = UnitSpec("TTR", "Thanh tra tỉnh", "Hoàng Thị Em", "Chánh Thanh tra")
    case.scores = {"STC": totals_scores(95), "SKHDT": totals_scores(85), "CT": totals_scores(75),
                   "TTR": totals_scores(70)}
    return case


def report_of(out: Path) -> Path:
    return out / "2020" / "bao_cao_tong_ket_2020.docx"


def test_year_before_present_gives_last_years_rank_and_who_rose_and_fell(tmp_path, capsys):
    root = write_case(year_before_case(), tmp_path / "in")
    write_case(this_year_case(), root)
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out")]) == 0
    assert "Cảnh báo" not in capsys.readouterr().out
    rows = table_with_header(report_of(tmp_path / "out"), "Hạng")
    assert [row[:3] for row in rows] == [
        ["Hạng", "Hạng năm 2019", "Đơn vị"],
        ["1", "3", "Sở Tài chính"],
        ["2", "1", "Sở Kế hoạch và Đầu tư"],  # matched by its code
        ["3", "2", "Cục Thuế"],
        ["4", "", "Thanh tra tỉnh"],  # new to the block
    ]
    assert (
        "So với năm 2019, Sở Tài chính tăng hạng nhiều nhất (từ thứ ba lên thứ nhất, tăng 2 bậc); "
        "Sở Kế hoạch và Đầu tư (từ thứ nhất xuống thứ hai) và Cục Thuế (từ thứ hai xuống thứ ba) giảm hạng nhiều nhất "
        "(cùng giảm 1 bậc). Thanh tra tỉnh chưa là thành viên của Khối năm 2019."
    ) in body_lines(report_of(tmp_path / "out"))


def test_year_before_absent_leaves_the_table_as_it_was(tmp_path, capsys):
    root = write_case(this_year_case(), tmp_path / "in")
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out")]) == 0
    assert "Cảnh báo" not in capsys.readouterr().out
    rows = table_with_header(report_of(tmp_path / "out"), "Hạng")
    assert rows[0][:2] == ["Hạng", "Đơn vị"] and not any("năm 2019" in cell for cell in rows[0])
    assert not any(line.startswith("So với năm") for line in body_lines(report_of(tmp_path / "out")))


def test_year_before_that_does_not_read_is_one_warning_and_the_documents_are_written(tmp_path, capsys):
    broken = year_before_case()
    del broken.scores["CT"]  # a member without a score sheet: an error in 2019
    root = write_case(broken, tmp_path / "in")
    write_case(this_year_case(), root)
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    said = [line for line in out.splitlines() if "2019" in line and "lỗi" in line]
    assert len(said) == 1, out
    assert "Dữ liệu năm 2019 của khối có 1 lỗi nên báo cáo không so sánh với năm 2019" in said[0]
    assert "2019/khoi.xlsx › ThanhVien › dòng 4: Đơn vị Cục Thuế (CT) chưa có bảng chấm điểm" in said[0]
    assert f'make check year=2019 input="{root}"' in said[0]
    assert sorted(p.name for p in (tmp_path / "out" / "2020").iterdir() if not p.name.startswith(".")) == [
        "bang_diem_2020.xlsx", "bao_cao_tong_ket_2020.docx", "bien_ban_hop_2020.docx", "giao_uoc_thi_dua_2021.docx",
        "to_trinh_khen_thuong_2020.docx"]
    rows = table_with_header(report_of(tmp_path / "out"), "Hạng")
    assert rows[0][:2] == ["Hạng", "Đơn vị"]


def test_year_before_of_a_block_in_a_province_is_its_own_sub_folder(tmp_path):
    root = tmp_path / "in"
    write_case(year_before_case(), root, "khoi_a")
    write_case(this_year_case(), root, "khoi_a")
    write_block_b(root)  # new this year: no folder in 2019, no warning
    report = run(2020, root, tmp_path / "out", jobs=1)
    assert warnings(report.problems) == []
    ranks = table_with_header(tmp_path / "out" / "2020" / "khoi_a" / "bao_cao_tong_ket_2020.docx", "Hạng")
    assert [row[1] for row in ranks[1:]] == ["3", "1", "2", ""]
    other = table_with_header(tmp_path / "out" / "2020" / "khoi_b" / "bao_cao_tong_ket_2020.docx", "Hạng")
    assert other[0][1] == "Đơn vị"


def test_two_block_folders_named_alike_but_for_case_are_refused(tmp_path):
    """`KhoiA` and `khoia` are two folders here, one on Windows or a Mac: the second block's
    documents would replace the first's there. Refused, naming both, nothing written."""
    from builders import problem_rows
    from pipeline.problems import InputError

    root = tmp_path / "in"
    write_case(default_case(), root, "KhoiA")
    write_block_b(root, "khoia")
    with pytest.raises(InputError) as caught:
        run(2020, root, tmp_path / "out", jobs=1)
    assert problem_rows(caught.value.problems) == [("khoia", "", "", "block_folder_same_name")]
    assert "KhoiA" in caught.value.problems[0].message
    assert not list((tmp_path / "out").rglob("*.docx"))
