"""What a real office throws at the tool: pasted control characters, formula float noise, a
document open in Word, odd but meaningful values in khoi.xlsx, staff-edited data files."""

from __future__ import annotations

import os
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from builders import Case, default_case, write_case
from docxread import body_lines, full_text
from lxml import etree

import pipeline.commands.run as _run_module  # noqa: F401  (the package re-exports run(); the module is below)
from pipeline import run
from pipeline.documents import grounds
from pipeline.cli import main
from pipeline.text import place_name
from pipeline.problems import InputError
from pipeline.text import clean, parse_number

RUN = __import__("sys").modules["pipeline.commands.run"]


def test_pasted_soft_line_breaks_and_controls_reach_word_as_valid_xml(tmp_path):
    case = default_case(STC=95)
    # Excel stores a pasted soft line break as _x000B_ (read back as \x0b), as openpyxl does here
    case.tasks = ["Dòng một_x000B_dòng hai_x0007_", "Ba\r\nbốn"]
    case.units[3].barred = "Kỷ luật_x000B_cảnh cáo"
    root = write_case(case, tmp_path / "in")
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out")]) == 0
    report = tmp_path / "out" / "2020" / "bao_cao_tong_ket_2020.docx"
    with zipfile.ZipFile(report) as archive:
        etree.fromstring(archive.read("word/document.xml"))  # Word opens only well-formed XML
    text = full_text(report)
    assert "Dòng một" in text and "dòng hai" in text and "\x07" not in text and "\x0b" not in text
    assert clean("a\x0bb\x00c\r\nd") == "a\nbc\nd"


def test_formula_float_noise_is_what_excel_shows():
    assert parse_number(7.200000000000001) == Decimal("7.2")
    assert parse_number(47.199999999999996) == Decimal("47.2")
    assert parse_number(0.1 + 0.2) == Decimal("0.3")


@pytest.mark.parametrize("typed, place", [("Bắc Giang", "Bắc Giang"), ("Tỉnh Bắc Giang", "Bắc Giang"),
                                          ("tỉnh  Bà Rịa - Vũng Tàu".replace("  ", " "), "Bà Rịa - Vũng Tàu"),
                                          ("Thành phố Hà Nội", "Hà Nội")])
def test_place_in_the_date_line(typed, place):
    assert place_name(typed) == place


def problems_of(case: Case, tmp_path: Path) -> list[tuple[str, str, str]]:
    root = write_case(case, tmp_path / "in")
    with pytest.raises(InputError) as caught:
        run(2020, root, tmp_path / "out", write=False)
    return [(p.sheet, p.cell, p.code) for p in caught.value.problems if p.severity == "error"]


def test_deputy_cannot_be_the_leader(tmp_path):
    case = default_case(STC=95)
    case.info["Phó khối năm sau"] = case.info.get("Trưởng khối năm sau", "CT")
    assert problems_of(case, tmp_path) == [("ThongTin", "B9", "deputy_is_leader")]


def test_false_or_zero_in_barred_column_is_not_a_reason(tmp_path):
    case = default_case(STC=95, SKHDT=90)
    case.units[0].barred = False  # type: ignore[assignment]
    case.units[1].barred = 0  # type: ignore[assignment]
    root = write_case(case, tmp_path / "in")
    report = run(2020, root, tmp_path / "out", write=False)
    ranked = report.outcomes[0].loaded.result.ranked
    assert [r.unit.barred for r in ranked[:2]] == [False, False]
    assert ranked[0].award == "Cờ thi đua của Chính phủ"


def test_true_in_barred_column_asks_for_the_reason(tmp_path):
    case = default_case(STC=95)
    case.units[0].barred = True  # type: ignore[assignment]
    assert problems_of(case, tmp_path) == [("ThanhVien", "E2", "barred_not_text")]


@pytest.mark.parametrize("line, detail", [
    ("2024-1-1 | Căn cứ Luật", "YYYY-MM-DD"),
    ("* | Căn cứ {năm}", "{năm}"),
    ("Căn cứ không có ngày", "dấu |"),
])
def test_staff_edited_grounds_file_faults_are_told_by_line(tmp_path, line, detail):
    path = tmp_path / "can_cu.txt"
    path.write_text("# ghi chú\n" + line + "\n", encoding="utf-8")
    with pytest.raises(grounds.GroundsError) as caught:
        grounds.default_grounds(__import__("datetime").date(2024, 5, 1), 2024, "Khối", path)
    assert caught.value.line == 2 and detail in caught.value.detail


def test_grounds_file_fault_is_a_problem_not_a_crash(tmp_path, monkeypatch):
    def broken(*_args: object) -> list[str]:
        raise grounds.GroundsError(3, "ngày \"x\" phải viết dạng YYYY-MM-DD")

    monkeypatch.setattr(grounds, "default_grounds", broken)
    case = default_case(STC=95)
    root = write_case(case, tmp_path / "in")
    with pytest.raises(InputError) as caught:
        run(2020, root, tmp_path / "out", write=False)
    assert [(p.file, p.row, p.code) for p in caught.value.problems] == [
        ("templates_docx/can_cu_mac_dinh.txt", 3, "grounds_file")]


def _files(folder: Path) -> dict[str, bytes]:
    """Every file the run left, ho_so/ included, but the tool's own (`.thidua-*`)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.startswith(".thidua")}


def _good_run(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    root = write_case(default_case(STC=95), tmp_path / "in")
    out = tmp_path / "out"
    assert main(["2020", "--input", str(root), "--output", str(out)]) == 0
    before = _files(out / "2020")
    return root, out, before


def test_a_document_open_in_word_keeps_the_earlier_set_whole(tmp_path, monkeypatch, capsys):
    root, out, before = _good_run(tmp_path)
    (root / "2020" / "khoi.xlsx").touch()
    edit = default_case(STC=90)  # a different result: the report, the proposal and the score table change
    write_case(edit, tmp_path / "in")
    real_replace = os.replace
    locked = out / "2020" / "bang_diem_2020.xlsx"  # moved last, after the report and the proposal
    calls = {"n": 0}

    def replace(src: object, dst: object) -> None:
        # Windows: a document open in Word can be neither replaced nor moved
        calls["n"] += 1
        if locked in (Path(str(src)), Path(str(dst))):
            raise PermissionError(13, "Permission denied")
        real_replace(src, dst)

    monkeypatch.setattr(RUN.os, "replace", replace)
    assert main(["2020", "--input", str(root), "--output", str(out)]) == 2
    assert "Hãy đóng tệp nếu đang mở" in capsys.readouterr().err
    after = _files(out / "2020")
    assert after == before  # not one file of the new set, not one of the old lost


def test_a_folder_in_place_of_a_document_is_told(tmp_path, capsys):
    root, out, before = _good_run(tmp_path)
    (out / "2020" / "giao_uoc_thi_dua_2021.docx").unlink()
    (out / "2020" / "giao_uoc_thi_dua_2021.docx").mkdir()
    assert main(["2020", "--input", str(root), "--output", str(out)]) == 2
    assert "giao_uoc_thi_dua_2021.docx (có một thư mục trùng tên)" in capsys.readouterr().err
    assert (out / "2020" / "bao_cao_tong_ket_2020.docx").read_bytes() == before["bao_cao_tong_ket_2020.docx"]


def test_output_that_is_a_file_is_wrong_usage(tmp_path, capsys):
    root = write_case(default_case(STC=95), tmp_path / "in")
    (tmp_path / "ketqua").write_text("not a folder")
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "ketqua")]) == 2
    assert "Không ghi được" in capsys.readouterr().err


def test_a_stale_pdf_is_removed_when_its_document_is_rewritten(tmp_path):
    root, out, _ = _good_run(tmp_path)
    stale = out / "2020" / "bao_cao_tong_ket_2020.pdf"
    stale.write_bytes(b"%PDF old")
    write_case(default_case(STC=90), tmp_path / "in")  # a score corrected: the report changes
    assert main(["2020", "--input", str(root), "--output", str(out)]) == 0
    assert not stale.exists()


def test_the_pdf_of_a_document_left_as_it_was_stays(tmp_path):
    """`make pdf`, then a rerun that changes nothing: the PDFs still match their documents."""
    root, out, _ = _good_run(tmp_path)
    pdfs = [out / "2020" / f"{stem}.pdf" for stem in ("bao_cao_tong_ket_2020", "giao_uoc_thi_dua_2021")]
    for path in pdfs:
        path.write_bytes(b"%PDF " + path.name.encode())
    assert main(["2020", "--input", str(root), "--output", str(out)]) == 0
    assert all(path.read_bytes() == b"%PDF " + path.name.encode() for path in pdfs)


def test_output_inside_the_input_folder_is_not_read_back(tmp_path):
    root = write_case(default_case(STC=95), tmp_path / "in")
    assert main(["2020", "--input", str(root), "--output", str(root), "--forms"]) == 0
    assert main(["2020", "--input", str(root), "--output", str(root)]) == 0
    assert "Sở Tài chính" in full_text(root / "2020" / "bao_cao_tong_ket_2020.docx")


def test_keep_going_lists_what_it_wrote(tmp_path, capsys):
    root = tmp_path / "in"
    for name, totals in (("khoi_a", dict(STC=95)), ("khoi_b", dict(CT=99))):
        write_case(default_case(**totals), tmp_path / name)
        (root / "2020").mkdir(parents=True, exist_ok=True)
        (tmp_path / name / "2020").rename(root / "2020" / name)
    from openpyxl import load_workbook

    khoi = root / "2020" / "khoi_b" / "khoi.xlsx"
    book = load_workbook(khoi)
    book["ThongTin"]["B3"] = 2019
    book.save(khoi)
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out"), "--keep-going"]) == 1
    err = [line for line in capsys.readouterr().err.splitlines() if not line.startswith("[")]
    assert err[0] == "Dữ liệu có 1 lỗi; chỉ ghi văn bản của các khối không có lỗi:"
    assert f"  {tmp_path / 'out' / '2020' / 'khoi_a' / 'bao_cao_tong_ket_2020.docx'}" in err


def test_check_reports_a_broken_template_too(tmp_path, monkeypatch):
    import shutil

    templates = tmp_path / "templates"
    shutil.copytree(RUN.TEMPLATES, templates)
    (templates / "giao_uoc_thi_dua.docx").unlink()
    root = write_case(default_case(STC=95), tmp_path / "in")
    with pytest.raises(InputError) as caught:
        run(2020, root, tmp_path / "out", write=False, templates_dir=templates)
    assert [p.code for p in caught.value.problems] == ["template_missing"]


def test_pledge_grid_unchanged_by_order_of_rows(tmp_path):
    root = write_case(default_case(STC=95), tmp_path / "in")
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out")]) == 0
    lines = body_lines(tmp_path / "out" / "2020" / "giao_uoc_thi_dua_2021.docx")
    assert lines.count("CỤC THUẾ") == 1


def test_an_old_pdf_open_in_a_reader_keeps_the_earlier_set_whole(tmp_path, monkeypatch, capsys):
    root, out, _ = _good_run(tmp_path)
    pdf = out / "2020" / "to_trinh_khen_thuong_2020.pdf"
    pdf.write_bytes(b"%PDF old")
    before = _files(out / "2020")
    write_case(default_case(STC=90), tmp_path / "in")
    real_replace = os.replace

    def replace(src: object, dst: object) -> None:
        if Path(str(src)) == pdf:
            raise PermissionError(13, "Permission denied")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    assert main(["2020", "--input", str(root), "--output", str(out)]) == 2
    assert f"Không ghi được {pdf}" in capsys.readouterr().err
    assert _files(out / "2020") == before


def test_a_rollback_that_cannot_finish_names_what_is_left(tmp_path, monkeypatch, capsys):
    root, out, _ = _good_run(tmp_path)
    write_case(default_case(STC=90), tmp_path / "in")
    real_replace = os.replace
    locked = out / "2020" / "bang_diem_2020.xlsx"
    report_aside = out / "2020" / ".bao_cao_tong_ket_2020.docx.cu"

    def replace(src: object, dst: object) -> None:
        if locked in (Path(str(src)), Path(str(dst))) or Path(str(src)) == report_aside:
            raise PermissionError(13, "Permission denied")  # the report cannot be put back either
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    assert main(["2020", "--input", str(root), "--output", str(out)]) == 2
    err = capsys.readouterr().err
    assert "không trả lại được hết các tệp cũ" in err and str(report_aside) in err
    assert not (out / "2020" / ".to_trinh_khen_thuong_2020.docx.cu").exists()  # the others were put back
