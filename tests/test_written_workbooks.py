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
    forms = write_forms(2020, root, tmp_path / "forms")
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


def test_score_table_prints_landscape_a4_one_page_wide(tmp_path):
    root = write_case(default_case(STC=95, SKHDT=90, CT=85, SNV=80), tmp_path / "in")
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out")]) == 0
    sheet = openpyxl.load_workbook(tmp_path / "out" / "2020" / "bang_diem_2020.xlsx")["BangDiem"]
    assert sheet["A1"].value == "BẢNG ĐIỂM THI ĐUA NĂM 2020"
    assert sheet["A2"].value == "Khối thi đua các cơ quan Tham mưu - Tổng hợp (Bắc Giang)"
    setup = sheet.page_setup
    assert setup.orientation == "landscape" and int(setup.paperSize) == 9
    # fitToWidth left out means 1, the schema's default
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and setup.fitToWidth in (None, 1) and setup.fitToHeight == 0
    assert sheet.print_title_rows == "$3:$3" and sheet.print_title_cols == "$A:$C"
    headers = [c.value for c in sheet[3]]
    # the totals named as the report names them: the block's assessment beside the unit's own
    assert headers[3:8] == ["Tự chấm", "Điểm Khối chấm", "Điểm thưởng", "Điểm trừ", "Tổng điểm"]
    # bonus and penalty columns are named by what they are for, not by their codes
    assert headers[10:] == ["1.1", "1.2", "Điểm thưởng", "Điểm trừ"]
    assert "THUONG" not in str(headers)
    # the header row is tall enough for its longest wrapped header: it never runs into the rows
    assert sheet.row_dimensions[3].height >= 2 * 15
    assert sheet.freeze_panes == "D4"
