"""SPEC §5: a failed run writes nothing but `<output>/<year>/loi/`, marked copies of the faulty
workbooks (red cells with a comment); a good run removes that folder."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from builders import YEAR, default_case, edit_book, edit_cells, score_path, write_case, xls_bytes
from openpyxl import load_workbook

from pipeline.write.error_books import RED
from pipeline.problems import InputError
from pipeline.commands.run import run

SHEET = "Chấm điểm"


def failed_run(root: Path, out: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        run(YEAR, root, out, jobs=1)
    return caught.value


def is_red(cell) -> bool:
    return cell.fill.fill_type == "solid" and str(cell.fill.fgColor.rgb).endswith(RED)


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".")  # the tool's hidden lock and manifests
    }


@pytest.fixture
def root(tmp_path) -> Path:
    return write_case(default_case(STC=95, CT=90, SNV=85, SKHDT=80), tmp_path / "in")


def test_faulty_cells_are_red_with_the_message(root, tmp_path):
    out = tmp_path / "out"
    edit_cells(score_path(root, "STC"), SHEET, {"F7": 60, "F8": "chín", "F12": 999})
    edit_cells(root / str(YEAR) / "khoi.xlsx", "ThongTin", {"B3": 2019})
    failure = failed_run(root, out)
    loi = out / str(YEAR) / "loi"
    assert failure.error_books == [loi / "diem" / "stc.xlsx", loi / "khoi.xlsx"]

    marked = load_workbook(loi / "diem" / "stc.xlsx")[SHEET]
    assert is_red(marked["F7"]) and is_red(marked["F8"])
    assert marked["F7"].comment.text == "Điểm khối chấm 60 vượt điểm tối đa 50 của tiêu chí 1.1"
    assert marked["F8"].comment.text.startswith('Điểm khối chấm "chín" không phải là số (tiêu chí 1.2)')
    assert marked["F7"].value == 60  # a copy of what staff typed, nothing changed but the marks
    for clean in ("F10", "E7", "F12"):  # F12 holds a stated total: a warning is not marked
        assert not is_red(marked[clean]) and marked[clean].comment is None

    block = load_workbook(loi / "khoi.xlsx")["ThongTin"]
    assert is_red(block["B3"]) and block["B3"].comment.text.startswith("Năm 2019 khác với thư mục năm 2020")
    assert sorted(p.name for p in (out / str(YEAR)).iterdir() if not p.name.startswith(".")) == ["loi"]  # no document written


def test_faults_without_a_cell_mark_their_row_or_the_first_cell(root, tmp_path):
    out = tmp_path / "out"
    score_path(root, "SNV").unlink()
    edit_book(root / str(YEAR) / "khoi.xlsx", lambda book: book.remove(book["NhiemVu"]))
    edit_cells(score_path(root, "STC"), SHEET, {"F5": "Điểm khối"})
    failed_run(root, out)
    loi = out / str(YEAR) / "loi"
    members = load_workbook(loi / "khoi.xlsx")["ThanhVien"]
    assert is_red(members["A5"]) and "Sở Nội vụ (SNV) chưa có bảng chấm điểm" in members["A5"].comment.text
    sheet = load_workbook(loi / "diem" / "stc.xlsx")[SHEET]
    assert is_red(sheet["A5"]) and "thiếu cột Điểm khối chấm" in sheet["A5"].comment.text


def test_merged_cell_is_marked_at_its_first_cell(root, tmp_path):
    out = tmp_path / "out"

    def merge_scores(book):
        sheet = book[SHEET]
        sheet["E8"] = sheet["F8"].value = None
        sheet["E8"] = 45
        sheet.merge_cells("E8:F8")  # the block score now sits inside a merged cell: it reads blank

    edit_book(score_path(root, "STC"), merge_scores)
    failure = failed_run(root, out)
    # told as what the clerk sees: 45 across E8:F8 belongs to E8 only
    assert [(p.cell, p.code) for p in failure.problems if p.severity == "error"] == [("F8", "cell_in_merged_area")]
    sheet = load_workbook(out / str(YEAR) / "loi" / "diem" / "stc.xlsx")[SHEET]
    assert is_red(sheet["E8"]) and sheet["E8"].comment.text.startswith("Ô F8 nằm trong vùng ô gộp E8:F8")


def test_xls_with_errors_is_listed_but_not_copied(root, tmp_path):
    out = tmp_path / "out"
    (root / str(YEAR) / "diem" / "cu.xls").write_bytes(xls_bytes({"Chấm điểm": [["Đơn vị: Sở Tài chính"]]}))
    edit_cells(score_path(root, "CT"), SHEET, {"F7": 51})
    failure = failed_run(root, out)
    assert failure.error_books == [out / str(YEAR) / "loi" / "diem" / "ct.xlsx"]


def test_several_blocks_keep_their_folders(tmp_path):
    root = tmp_path / "in"
    (root / str(YEAR)).mkdir(parents=True)
    for name in ("khoi_a", "khoi_b"):
        built = write_case(default_case(STC=95, CT=90, SNV=85, SKHDT=80), tmp_path / name)
        (built / str(YEAR)).rename(root / str(YEAR) / name)
    edit_cells(root / str(YEAR) / "khoi_b" / "diem" / "stc.xlsx", SHEET, {"F7": 60})
    out = tmp_path / "out"
    failure = failed_run(root, out)
    assert failure.error_books == [out / str(YEAR) / "loi" / "khoi_b" / "diem" / "stc.xlsx"]
    assert [p.file for p in failure.problems if p.severity == "error"] == ["khoi_b/diem/stc.xlsx"]


def test_failed_run_leaves_earlier_output_unchanged_and_good_run_removes_loi(root, tmp_path):
    out = tmp_path / "out"
    run(YEAR, root, out, jobs=1)
    documents = snapshot(out)
    assert len(documents) == 5 + 4  # four documents, the score table, the four proposed units' reports

    inputs = snapshot(root)
    edit_cells(score_path(root, "STC"), SHEET, {"F7": 60})
    edit_cells(score_path(root, "CT"), SHEET, {"F7": 49})  # a change that would alter the documents
    broken_inputs = snapshot(root)
    failed_run(root, out)
    after = snapshot(out)
    assert {k: v for k, v in after.items() if not k.startswith(f"{YEAR}/loi/")} == documents
    assert [k for k in after if k.startswith(f"{YEAR}/loi/")] == [f"{YEAR}/loi/diem/stc.xlsx"]
    assert snapshot(root) == broken_inputs != inputs  # the input files are never touched

    edit_cells(score_path(root, "STC"), SHEET, {"F7": 50})
    run(YEAR, root, out, jobs=1)
    assert not (out / str(YEAR) / "loi").exists()
    assert snapshot(out).keys() == documents.keys()


def test_stale_marked_copies_are_replaced(root, tmp_path):
    out = tmp_path / "out"
    edit_cells(score_path(root, "STC"), SHEET, {"F7": 60})
    failed_run(root, out)
    edit_cells(score_path(root, "STC"), SHEET, {"F7": 50})
    edit_cells(score_path(root, "CT"), SHEET, {"F7": 60})
    failure = failed_run(root, out)
    loi = out / str(YEAR) / "loi"
    assert failure.error_books == [loi / "diem" / "ct.xlsx"]
    assert sorted(p.name for p in (loi / "diem").iterdir() if not p.name.startswith(".")) == ["ct.xlsx"]
