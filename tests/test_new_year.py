"""Next year's khoi.xlsx: leaders rotated, the conference's cells blank, nothing overwritten."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from builders import Case, UnitSpec, default_case, write_case, write_khoi
from docxread import body_lines
from openpyxl import load_workbook
from openpyxl.styles import Font

from pipeline import run
from pipeline.cli import main
from pipeline.commands.new_year import start_new_year
from pipeline.problems import InputError, UsageError


def _info(path: Path) -> dict[str, object]:
    return {row[0]: row[1] for row in load_workbook(path)["ThongTin"].iter_rows(values_only=True)}


def _rows(path: Path, sheet: str) -> list[tuple[object, ...]]:
    return list(load_workbook(path)[sheet].iter_rows(values_only=True))


@pytest.fixture
def root(tmp_path: Path) -> Path:
    case = default_case()
    case.units[1] = UnitSpec("SKHDT", "Sở KH&ĐT", "Lê Thị Cúc", "Giám đốc", barred="Bị kỷ luật năm 2020", priority=2)
    case.units[2] = UnitSpec("CT", "Cục Thuế", "Phạm Văn Dũng", "Cục trưởng", priority=1)
    case.grounds = ["Căn cứ Luật Thi đua, khen thưởng năm 2022"]
    return write_case(case, tmp_path / "in")


def test_leaders_rotate_and_the_conference_cells_are_blank(root):
    created = start_new_year(2020, root).written[0]
    assert created == root / "2021" / "khoi.xlsx"
    assert _info(created) == {
        "Tỉnh": "Bắc Giang",
        "Tên khối": "Khối thi đua các cơ quan Tham mưu - Tổng hợp",
        "Năm": 2021,
        "Ngày hội nghị": None,
        "Địa điểm": None,  # the hall goes with the leader, who changes
        "Trưởng khối": "CT",  # was Trưởng khối năm sau
        "Phó khối": "SNV",  # was Phó khối năm sau
        "Trưởng khối năm sau": None,
        "Phó khối năm sau": None,
        "Ký hiệu": "KTĐ",
        "Thư ký": None,  # the review meeting's: blank for next year's
        "Giờ họp": None,
        "Giờ kết thúc": None,
        "Hình thức biểu quyết": None,
    }


def test_per_year_columns_cleared_the_rest_kept(root):
    created = start_new_year(2020, root).written[0]
    source = root / "2020" / "khoi.xlsx"
    assert _rows(created, "ThanhVien") == [
        ("Mã", "Tên đơn vị", "Thủ trưởng", "Chức vụ", "Không đủ điều kiện", "Ưu tiên"),
        ("STC", "Sở Tài chính", "Trần Văn Bình", "Giám đốc", None, None),
        ("SKHDT", "Sở KH&ĐT", "Lê Thị Cúc", "Giám đốc", None, None),
        ("CT", "Cục Thuế", "Phạm Văn Dũng", "Cục trưởng", None, None),
        ("SNV", "Sở Nội vụ", "Hoàng Thị Em", "Giám đốc", None, None),
    ]
    for sheet in ("TieuChi", "KhenThuong", "CanCu"):
        assert _rows(created, sheet) == _rows(source, sheet)
    # this year's tasks kept, under the marker that asks for next year's (issue 19)
    tasks = _rows(created, "NhiemVu")
    assert tasks[0] == ("Nội dung",) and tasks[2:] == _rows(source, "NhiemVu")[1:]
    assert tasks[1][0].startswith("(Ghi nhiệm vụ năm 2022 vào sheet này, mỗi nhiệm vụ một dòng, rồi xóa dòng này.")
    assert load_workbook(created).sheetnames == load_workbook(source).sheetnames


def test_staff_formatting_survives(root):
    source = root / "2020" / "khoi.xlsx"
    book = load_workbook(source)
    book["ThongTin"].column_dimensions["A"].width = 28
    book["ThongTin"]["A1"].font = Font(name="Times New Roman", bold=True)
    book["ThongTin"]["C1"] = "Ghi chú của văn phòng"
    book.save(source)
    sheet = load_workbook(start_new_year(2020, root).written[0])["ThongTin"]
    assert sheet.column_dimensions["A"].width == 28
    assert sheet["A1"].font.bold and sheet["A1"].font.name == "Times New Roman"
    assert sheet["C1"].value == "Ghi chú của văn phòng"


def test_no_deputy_elected_leaves_no_deputy(tmp_path):
    # `Phó khối năm sau` absent: this year's deputy must not stay on as next year's.
    root = write_case(Case(info={"Phó khối năm sau": None}), tmp_path / "in")
    info = _info(start_new_year(2020, root).written[0])
    assert (info["Trưởng khối"], info["Phó khối"]) == ("CT", None)
    assert "Phó khối năm sau" in info and info["Phó khối năm sau"] is None


def test_text_labels_matched_leniently(tmp_path):
    khoi = write_khoi(Case(), tmp_path / "in" / "2020" / "khoi.xlsx")
    book = load_workbook(khoi)
    for cell in book["ThongTin"]["A"]:
        if cell.value == "Trưởng khối năm sau":
            cell.value = "  trưởng khối  năm sau:"
    book["ThongTin"]["B3"] = "2020"  # the year typed as text
    book.save(khoi)
    info = _info(start_new_year(2020, tmp_path / "in").written[0])
    assert (info["Năm"], info["Trưởng khối"], info["  trưởng khối  năm sau:"]) == (2021, "CT", None)


def test_never_overwrites(root, capsys):
    created = start_new_year(2020, root).written[0]
    before = created.read_bytes()
    assert main(["2020", "--input", str(root), "--new-year"]) == 2
    assert capsys.readouterr().err.strip() == (
        f"Tệp {created} đã có; không ghi đè. Hãy xóa hoặc đổi tên tệp đó nếu muốn tạo lại"
    )
    assert created.read_bytes() == before


def test_missing_year_or_khoi_is_wrong_usage(tmp_path, capsys):
    assert main(["2020", "--input", str(tmp_path), "--new-year"]) == 2
    assert "Không có thư mục năm 2020" in capsys.readouterr().err
    (tmp_path / "2020").mkdir()
    with pytest.raises(UsageError, match="Không có tệp khoi.xlsx"):
        start_new_year(2020, tmp_path)
    assert not (tmp_path / "2021").exists()


def test_damaged_khoi_is_an_input_error(tmp_path):
    (tmp_path / "2020").mkdir()
    (tmp_path / "2020" / "khoi.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(InputError) as caught:
        start_new_year(2020, tmp_path)
    assert [(p.file, p.code) for p in caught.value.problems] == [("khoi.xlsx", "file_unreadable")]
    assert not (tmp_path / "2021").exists()


def test_check_on_the_new_year_lists_what_is_left_to_fill(root, capsys):
    assert main(["2020", "--input", str(root), "--new-year"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        f"Đã tạo {root / '2021' / 'khoi.xlsx'}. Phiếu chấm điểm làm được ngay (make forms). Sau hội nghị, "
        "hãy điền Ngày hội nghị, Địa điểm, Trưởng khối năm sau (và Phó khối năm sau nếu có), rồi kiểm tra:"
    )
    with pytest.raises(InputError) as caught:
        run(2021, root, root / "out", write=False)
    found = [(p.file, p.sheet, p.cell, p.code) for p in caught.value.problems]
    assert [item for item in found if item[3] != "unit_no_sheet"] == [
        ("khoi.xlsx", "NhiemVu", "A2", "new_year_marker"),  # next year's tasks still to write
        ("khoi.xlsx", "TongKet", "A2", "new_year_marker"),  # and its report (the case's TongKet is empty)
        ("khoi.xlsx", "ThongTin", "B4", "value_missing"),
        ("khoi.xlsx", "ThongTin", "B8", "value_missing"),
        ("khoi.xlsx", "ThongTin", "B12", "meeting_time_blank"),  # warnings: the meeting's times are new
        ("khoi.xlsx", "ThongTin", "B11", "secretary_blank"),  # and its secretary
        ("khoi.xlsx", "ThongTin", "B13", "end_time_blank"),
    ]
    # The score sheets not yet collected may be listed too: nothing else.
    assert {item[:2] for item in found if item[3] == "unit_no_sheet"} <= {("khoi.xlsx", "ThanhVien")}
    assert main(["2021", "--input", str(root), "--check"]) == 1
    err = capsys.readouterr().err
    assert "khoi.xlsx › ThongTin › B4: Chưa nhập Ngày hội nghị" in err
    assert "khoi.xlsx › ThongTin › B8: Chưa nhập Trưởng khối năm sau" in err
    # the row is there, its value blanked: staff are told to fill column B of it, not to add the row
    assert "B12: Chưa ghi Giờ họp" in err and "ở cột B của dòng Giờ họp trong sheet ThongTin" in err


def test_once_filled_check_asks_for_the_score_sheets(root):
    created = start_new_year(2020, root).written[0]
    book = load_workbook(created)
    book["ThongTin"]["B4"] = "24/12/2021"
    book["ThongTin"]["B8"] = "STC"
    book["NhiemVu"].delete_rows(2)  # the tasks read again and the marker deleted
    book["TongKet"].delete_rows(2)  # the report's sections too
    book.save(created)
    with pytest.raises(InputError) as caught:
        run(2021, root, root / "out", write=False)
    assert [(p.sheet, p.row, p.code) for p in caught.value.problems if p.severity == "error"] == [
        ("ThanhVien", row, "unit_no_sheet") for row in (2, 3, 4, 5)
    ]


def test_one_new_khoi_per_block(tmp_path):
    root = tmp_path / "in"
    for name in ("khoi_a", "khoi_b"):
        write_khoi(Case(), root / "2020" / name / "khoi.xlsx")
    assert set(start_new_year(2020, root).written) == {root / "2021" / name / "khoi.xlsx" for name in ("khoi_a", "khoi_b")}
    assert [_info(root / "2021" / name / "khoi.xlsx")["Năm"] for name in ("khoi_a", "khoi_b")] == [2021, 2021]
    (root / "2021" / "khoi_a" / "khoi.xlsx").unlink()
    with pytest.raises(UsageError, match="khoi_b"):
        start_new_year(2020, root)
    assert not (root / "2021" / "khoi_a" / "khoi.xlsx").exists()  # all or none


def test_grounds_of_its_own_are_carried_with_a_word_about_the_law(tmp_path, capsys):
    case = default_case(STC=95)
    case.grounds = ["Căn cứ Nghị định số 98/2023/NĐ-CP", "Căn cứ Quyết định số 1018/QĐ-UBND"]
    root = write_case(case, tmp_path / "in")
    assert main(["2020", "--input", str(root), "--new-year"]) == 0
    printed = capsys.readouterr().out
    assert (f"Sheet CanCu của {root / '2020' / 'khoi.xlsx'} được chép sang năm 2021: hãy kiểm tra các căn cứ "
            "pháp luật còn hiệu lực") in printed
    assert _rows(root / "2021" / "khoi.xlsx", "CanCu")[1:] == [("Căn cứ Nghị định số 98/2023/NĐ-CP",),
                                                               ("Căn cứ Quyết định số 1018/QĐ-UBND",)]


def test_no_word_about_grounds_without_a_cancu_sheet(tmp_path, capsys):
    root = write_case(default_case(STC=95), tmp_path / "in")
    assert main(["2020", "--input", str(root), "--new-year"]) == 0
    assert "CanCu" not in capsys.readouterr().out


# --- tasks and narrative are next year's to write (issue 19) -------------------------------------


def _ready_but_for_the_markers(tmp_path: Path) -> Path:
    """2020 with its narrative, carried into 2021, and 2021 then filled as after its conference,
    its score sheets in: all that stops a run are the markers new-year left."""
    case = default_case(STC=95, SKHDT=90, CT=85, SNV=80)
    case.sections = [("Ưu điểm", "Năm 2020 các đơn vị hoàn thành tốt nhiệm vụ."), (None, "Đoạn thứ hai.")]
    root = write_case(case, tmp_path / "in")
    start_new_year(2020, root)
    created = root / "2021" / "khoi.xlsx"
    book = load_workbook(created)
    book["ThongTin"]["B4"] = "24/12/2021"
    book["ThongTin"]["B8"] = "STC"
    book.save(created)
    shutil.copytree(root / "2020" / "diem", root / "2021" / "diem")
    return root


def test_the_narrative_is_not_carried_and_a_marker_asks_for_next_years(tmp_path):
    root = _ready_but_for_the_markers(tmp_path)
    assert _rows(root / "2021" / "khoi.xlsx", "TongKet") == [
        ("Mục", "Nội dung"),
        ("(Ghi tổng kết năm 2021)", "(Ghi nội dung báo cáo tổng kết năm 2021: tên mục ở cột Mục, mỗi đoạn một "
                                    "dòng ở cột Nội dung, rồi xóa dòng này.)")]
    cell = load_workbook(root / "2021" / "khoi.xlsx")["NhiemVu"]["A2"]
    assert cell.font.b and cell.fill.fgColor.rgb.endswith("FFFF99")  # seen first on opening the sheet


def test_a_marker_left_in_place_stops_the_run_at_its_cell_and_no_document_prints_it(tmp_path, capsys):
    root = _ready_but_for_the_markers(tmp_path)
    out = tmp_path / "out"
    for flags in (["--check"], []):
        assert main(["2021", "--input", str(root), "--output", str(out), *flags]) == 1
        err = capsys.readouterr().err
        assert ("khoi.xlsx › NhiemVu › A2: Còn dòng nhắc do make new-year để lại: «(Ghi nhiệm vụ năm 2022 vào sheet này, "
                "mỗi nhiệm vụ một dòng, rồi xóa dòng này. ...)». Hãy ghi nhiệm vụ năm 2022 rồi xóa dòng này; chưa lập văn "
                "bản nào") in err
        assert "khoi.xlsx › TongKet › A2: Còn dòng nhắc do make new-year để lại: «(Ghi tổng kết năm 2021)»" in err
        assert err.count("new-year") == 2  # nothing else is wrong
    assert not list(out.rglob("*.docx"))
    # read, reworded and the markers deleted: the documents are made, and say what staff wrote
    created = root / "2021" / "khoi.xlsx"
    book = load_workbook(created)
    book["NhiemVu"].delete_rows(2)
    book["NhiemVu"]["A2"] = "Thi đua hoàn thành xuất sắc nhiệm vụ năm 2022"
    book["TongKet"]["A2"], book["TongKet"]["B2"] = "Ưu điểm", "Năm 2021 các đơn vị đoàn kết."
    book.save(created)
    assert main(["2021", "--input", str(root), "--output", str(out)]) == 0
    pledge = "\n".join(body_lines(out / "2021" / "giao_uoc_thi_dua_2022.docx"))
    assert "Thi đua hoàn thành xuất sắc nhiệm vụ năm 2022" in pledge and "(Ghi" not in pledge
    report = "\n".join(body_lines(out / "2021" / "bao_cao_tong_ket_2021.docx"))
    assert "Năm 2021 các đơn vị đoàn kết." in report and "Năm 2020 các đơn vị" not in report


def test_new_year_says_what_is_left_to_write(tmp_path, capsys):
    root = write_case(default_case(STC=95), tmp_path / "in")
    assert main(["2020", "--input", str(root), "--new-year"]) == 0
    printed = capsys.readouterr().out
    assert ("sheet NhiemVu giữ nhiệm vụ năm 2021 dưới một dòng nhắc tô vàng, hãy sửa thành nhiệm vụ năm 2022" in printed)
    assert "khi còn dòng nhắc, make year=2021 báo lỗi và chưa lập văn bản nào." in printed
    assert "Cảnh báo" not in printed  # said as what to do next: nothing is wrong yet
def test_the_award_history_goes_on_unchanged_and_staff_are_told_to_add_the_decisions(tmp_path, capsys):
    import shutil

    samples = Path(__file__).resolve().parents[1] / "input_samples"
    root = tmp_path / "in"
    shutil.copytree(samples / "2025", root / "2025")
    assert main(["2025", "--input", str(root), "--new-year"]) == 0
    out = capsys.readouterr().out
    staff, associations = "khoi_tham_muu_tong_hop", "khoi_hoi_dac_thu"
    # the block's history workbook, byte for byte; none of the score workbooks
    history = root / "2025" / staff / "lich_su_khen_thuong.xlsx"
    assert (root / "2026" / staff / "lich_su_khen_thuong.xlsx").read_bytes() == history.read_bytes()
    assert not (root / "2026" / staff / "diem").exists()
    # LichSu in khoi.xlsx: the same rows, nothing added for 2025 (its decisions come later)
    assert _rows(root / "2026" / associations / "khoi.xlsx", "LichSu") == _rows(
        root / "2025" / associations / "khoi.xlsx", "LichSu")
    assert "hãy thêm vào sheet LichSu" in out and str(history) in out
