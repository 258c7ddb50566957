"""Input copied from the wrong place (issue 21): a year before that is another block, a count
sheet of another year, thousands of faulty rows in a table of khoi.xlsx or in BoPhieu. Each is
told in Vietnamese, at its file, and ends in exit 0 or 1."""

from __future__ import annotations

from pathlib import Path

from builders import UnitSpec, default_case, totals_scores, write_case
from docxread import body_lines

from pipeline.cli import main


def _other_block_2019():
    case = default_case()
    case.year = 2019
    case.units = [UnitSpec("SYT", "Sở Y tế"), UnitSpec("SGD", "Sở Giáo dục và Đào tạo"),
                  UnitSpec("SVH", "Sở Văn hóa, Thể thao và Du lịch"), UnitSpec("STC", "Sở Tài chính")]
    case.scores = {u.code: totals_scores(90 - i) for i, u in enumerate(case.units)}
    return case


def test_a_year_before_that_is_another_block_is_a_warning_and_no_comparison(tmp_path, capsys):
    root = write_case(_other_block_2019(), tmp_path / "in")  # one unit in common out of four
    write_case(default_case(STC=95), root)
    out = tmp_path / "out"
    assert main(["2020", "--input", str(root), "--output", str(out)]) == 0
    said = capsys.readouterr().out
    assert ("Dữ liệu năm 2019 (thư mục 2019) chỉ có 1 trong 4 đơn vị của khối năm nay, nên có vẻ là của một khối khác: "
            "báo cáo không so sánh với năm 2019") in said
    lines = body_lines(out / "2020" / "bao_cao_tong_ket_2020.docx")
    assert not any(line.startswith("So với năm 2019") for line in lines)
    assert "Hạng năm 2019" not in lines


def test_a_year_before_sharing_half_the_units_is_compared(tmp_path, capsys):
    before = _other_block_2019()
    before.units[0] = UnitSpec("CT", "Cục Thuế")  # now two of four in common
    before.scores = {u.code: totals_scores(90 - i) for i, u in enumerate(before.units)}
    root = write_case(before, tmp_path / "in")
    write_case(default_case(STC=95), root)
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out")]) == 0
    assert "có vẻ là của một khối khác" not in capsys.readouterr().out
    assert "Hạng năm 2019" in body_lines(tmp_path / "out" / "2020" / "bao_cao_tong_ket_2020.docx")


def test_last_years_count_sheet_copied_in_is_an_error_naming_its_year(tmp_path, capsys):
    from builders import edit_book
    from test_meeting import meeting_case

    root = write_case(meeting_case(), tmp_path / "in")
    count = root / "2020" / "kiem_phieu.xlsx"
    edit_book(count, lambda b: setattr(b.properties, "title", "Kiểm phiếu bình xét thi đua năm 2019"))
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert ("kiem_phieu.xlsx › BoPhieu: Bảng kiểm phiếu này là của năm 2019 (tiêu đề của tệp: \"Kiểm phiếu bình xét "
            "thi đua năm 2019\"), không phải năm 2020") in err
    assert "make ballots year=2020" in err


def test_a_count_sheet_whose_year_column_says_another_year_is_an_error_at_the_cell(tmp_path, capsys):
    from builders import edit_book
    from test_meeting import meeting_case

    root = write_case(meeting_case(), tmp_path / "in")
    count = root / "2020" / "kiem_phieu.xlsx"

    def add_year(book):  # type: ignore[no-untyped-def]
        sheet = book["BoPhieu"]
        column = sheet.max_column + 1
        sheet.cell(1, column, "Năm")
        for row in range(2, sheet.max_row + 1):
            sheet.cell(row, column, 2019)

    edit_book(count, add_year)
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out")]) == 1
    assert "kiem_phieu.xlsx › BoPhieu › D2: Bảng kiểm phiếu này là của năm 2019 (cột Năm), không phải năm 2020" in (
        capsys.readouterr().err)
    edit_book(count, lambda b: [b["BoPhieu"].cell(r, 4, 2020) for r in range(2, b["BoPhieu"].max_row + 1)])
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out")]) == 0  # this year's: read


def test_a_thousand_faulty_rows_in_bopieu_list_the_first_hundred_and_a_count(tmp_path, capsys):
    from test_meeting import meeting_case

    case = meeting_case()
    case.ballot = [*case.ballot, *((f"Đơn vị lạ {n}", {}) for n in range(1000))]
    case.ballot = [(unit, votes or {"Cờ thi đua của Chính phủ": 1}) for unit, votes in case.ballot]
    root = write_case(case, tmp_path / "in")
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out")]) == 1
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("kiem_phieu.xlsx › BoPhieu")]
    assert len(lines) == 101
    assert lines[0].startswith("kiem_phieu.xlsx › BoPhieu › A4: Đơn vị \"Đơn vị lạ 0\" không có trong danh sách")
    assert lines[99].startswith("kiem_phieu.xlsx › BoPhieu › A103: Đơn vị \"Đơn vị lạ 99\"")
    assert lines[100] == ("kiem_phieu.xlsx › BoPhieu: Còn 900 dòng có lỗi khác trong sheet này; chỉ liệt kê lỗi của "
                          "100 dòng đầu. Hãy sửa các lỗi trên rồi kiểm tra lại (make check) để xem phần còn lại; nếu "
                          "bảng bị dán nhầm, hãy xóa các dòng thừa")


def test_hundreds_of_faulty_rows_in_a_table_of_khoi_xlsx_are_capped_too(tmp_path, capsys):
    from builders import edit_book

    root = write_case(default_case(STC=95), tmp_path / "in")

    def tasks(book):  # type: ignore[no-untyped-def]
        sheet = book["NhiemVu"]
        for row in range(2, 402):
            sheet.cell(row, 1, "=1/0")  # a formula never calculated in every row

    edit_book(root / "2020" / "khoi.xlsx", tasks)
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out")]) == 1
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("khoi.xlsx › NhiemVu")]
    assert len(lines) == 101 and lines[-1].startswith("khoi.xlsx › NhiemVu: Còn 300 dòng có lỗi khác")
