"""The workbooks the tool writes, read back with openpyxl as Excel would open them: the score
table prints (title, landscape A4 one page wide, header row and unit names repeated, headers
tall enough for their text) and no cell of any workbook written is a formula unless the tool
meant one (the forms' total row): text that starts with `=`, `+`, `-`, `@`, a tab or a carriage
return stays text, exactly as typed."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from builders import default_case, write_case

from pipeline.cli import main
from pipeline.commands.forms import write_forms

HOSTILE = ["=HYPERLINK(\"http://x\",\"bấm\")", "+84 912 345 678", "-1+2", "@SUM(A1)", "\t=1+1", "\r=2+2",
           "=cmd|' /C calc'!A0"]


def every_cell(path: Path) -> list:
    book = openpyxl.load_workbook(path)
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def hostile_case(tmp_path: Path) -> Path:
    """Unit names, a barred reason and a criterion's text that a spreadsheet could take for formulas."""
    case = default_case(STC=95, SKHDT=90, CT=85, SNV=80)
    for unit, name in zip(case.units, HOSTILE[:4]):
        unit.name = name
    case.units[3].barred = HOSTILE[6]
    case.criteria[2].text = HOSTILE[5] + " điểm thưởng"
    root = write_case(case, tmp_path / "in")
    book = openpyxl.load_workbook(root / "2020" / "khoi.xlsx")
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # typed after an apostrophe in Excel: text
    book.save(root / "2020" / "khoi.xlsx")
    return root


def test_score_table_and_forms_store_formula_like_text_as_text(tmp_path):
    root = hostile_case(tmp_path)
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out")]) == 0
    table = every_cell(tmp_path / "out" / "2020" / "bang_diem_2020.xlsx")
    assert not [c.coordinate for c in table if c.data_type == "f"]
    texts = {c.value for c in table if isinstance(c.value, str)}
    for name in HOSTILE[:4] + [HOSTILE[6]]:
        assert name in texts, name
    forms = write_forms(2020, root, tmp_path / "forms").written
    assert len(forms) == 4
    for path in forms:
        cells = every_cell(path)
        formulas = [c for c in cells if c.data_type == "f"]
        # only the two sums of the total row are formulas, and they are ours
        assert len(formulas) == 2 and all(c.value.startswith("=SUM(") for c in formulas), path
        assert all(c.row == formulas[0].row for c in formulas)
    names = {c.value for path in forms for c in every_cell(path) if isinstance(c.value, str)}
    for name in HOSTILE[:4]:
        assert f"Đơn vị: {name}" in names


def test_score_table_prints_at_full_size_the_ranking_first_then_the_criteria(tmp_path):
    """Issue 19: the table printed on one page at about 5 pt. Now every cell prints at 11 pt (the
    font at 100%): the ranking on page 1, then the criteria, a group never split, beside the
    repeated rank, code and name columns and under the repeated header rows."""
    case = default_case(STC=95, SKHDT=90, CT=85, SNV=80)
    root = write_case(case, tmp_path / "in")
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out")]) == 0
    book = openpyxl.load_workbook(tmp_path / "out" / "2020" / "bang_diem_2020.xlsx")
    assert book.sheetnames == ["BangDiem", "TieuChi"]
    sheet = book["BangDiem"]
    assert sheet["A1"].value == "BẢNG ĐIỂM THI ĐUA NĂM 2020"
    assert sheet["A2"].value == "Khối thi đua các cơ quan Tham mưu - Tổng hợp (Bắc Giang)"
    for each in book.worksheets:
        setup = each.page_setup
        scale = setup.scale or 100  # left out: 100%, the schema's default
        assert int(setup.paperSize) == 9 and scale == 100 and not each.sheet_properties.pageSetUpPr.fitToPage
        assert smallest_font(each) * scale / 100 >= 9, each.title
        assert {cell.font.name for row in each.iter_rows() for cell in row if cell.value is not None} == {
            "Times New Roman"}
    assert sheet.page_setup.orientation == "landscape" and book["TieuChi"].page_setup.orientation == "portrait"
    assert sheet.print_title_rows == "$3:$4" and sheet.print_title_cols == "$A:$C"
    # on paper the title heads every page (the title rows are for the screen)
    assert "BẢNG ĐIỂM THI ĐUA NĂM 2020" in sheet.oddHeader.center.text
    assert "Khối thi đua các cơ quan Tham mưu - Tổng hợp (Bắc Giang)" in sheet.oddHeader.center.text
    assert sheet.print_area.startswith("'BangDiem'!$A$3:")
    # the ranking alone on page 1; the criteria from page 2 on
    assert [b.id for b in sheet.col_breaks.brk] == [10]
    headers = [c.value for c in sheet[3]]
    # the totals named as the report names them: the block's assessment beside the unit's own
    assert headers[3:8] == ["Tự chấm", "Điểm Khối chấm", "Điểm thưởng", "Điểm trừ", "Tổng điểm"]
    # the criteria's codes under their groups; bonus and penalty named by what they are for
    assert headers[10:] == ["I. Nhiệm vụ chuyên môn", None, "II. Thưởng, trừ", None]
    assert [c.value for c in sheet[4]][10:] == ["1.1", "1.2", "Điểm thưởng", "Điểm trừ"]
    assert "THUONG" not in str([c.value for c in sheet[4]])
    # the header rows are tall enough for their longest wrapped header: they never run into the rows
    assert sheet.row_dimensions[3].height + sheet.row_dimensions[4].height >= 3 * 15
    assert sheet.freeze_panes == "D5"
    # what each code means, with its maximum and kind, under its group
    rows = list(book["TieuChi"].iter_rows(min_row=4, values_only=True))
    assert rows[:4] == [("Mã", "Nội dung tiêu chí", "Điểm tối đa", "Loại"),
                        ("I. Nhiệm vụ chuyên môn", None, None, None),
                        ("1.1", "Hoàn thành nhiệm vụ chính trị", 50, "Chấm điểm"),
                        ("1.2", "Cải cách hành chính", 50, "Chấm điểm")]


def test_forty_criteria_print_on_pages_a_group_at_a_time(tmp_path):
    """Forty criteria in four groups of ten: each page of criteria holds whole groups."""
    from pipeline.write.score_table import CODE_WIDTH, page_breaks
    from pipeline.model import Criterion, Kind
    from decimal import Decimal

    criteria = [Criterion(f"{g}.{i}", "x", Decimal(2), Kind.SCORED, f"Nhóm {g}") for g in range(1, 5) for i in range(1, 11)]
    widths = [5, 8, 28, 7, 7, 7, 7, 7, 30, 24] + [CODE_WIDTH] * 40
    assert page_breaks(widths, 10, criteria) == [10, 20, 30, 40]
    # one group wider than a page is split where it must be
    one = [Criterion(f"1.{i}", "x", Decimal(1), Kind.SCORED, "Nhóm 1") for i in range(1, 41)]
    breaks = page_breaks(widths, 10, one)
    assert breaks[0] == 10 and len(breaks) == 3 and breaks[1] - 10 >= 12


def smallest_font(sheet) -> float:
    return min(cell.font.sz for row in sheet.iter_rows() for cell in row if cell.value is not None)
