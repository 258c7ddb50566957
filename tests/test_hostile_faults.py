"""Hostile text and odd folders (issue 13): characters no Word or Excel file can hold, invisible
characters from web pages and chat apps, special files named like workbooks, folders nested too
deep, two khoi.xlsx, an output folder inside the input, a full disk, a read-only folder. Each
fault gets a Vietnamese message and exit 1 or 2, and the earlier output stays whole."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from builders import default_case, edit_book, score_path, write_case
from docxread import full_text
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from pipeline import run
from pipeline.cli import main
from pipeline.problems import InputError
from pipeline.text import clean, key
from pipeline.write import pdf

OUTPUTS = ["bang_diem_2020.xlsx", "bao_cao_tong_ket_2020.docx", "giao_uoc_thi_dua_2021.docx",
           "to_trinh_khen_thuong_2020.docx"]


def visible(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def errors_of(root: Path, tmp_path: Path) -> list[tuple[str, str, str]]:
    with pytest.raises(InputError) as caught:
        run(2020, root, tmp_path / "out", write=False)
    return [(p.file, p.cell or p.sheet, p.code) for p in caught.value.problems if p.severity == "error"]


@settings(max_examples=200)
@given(st.text(st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF)))
def test_cleaned_text_can_stand_in_a_word_or_excel_file(text):
    element = etree.Element("t")
    element.text = clean(text)  # lxml refuses what XML 1.0 cannot hold
    assert clean(clean(text)) == clean(text)


# controls as Excel stores what XML cannot hold (`_x0007_`), invisible characters as pasted; U+FFFE,
# U+FFFF and lone surrogates reach no reader from a workbook (the property test above covers them)
NASTY = "Đẩy mạnh\u200b cải cách\u0085 hành chính_x0007__x001B_ và chuyển đổi\u00ad số \u202e"


@pytest.mark.slow
def test_characters_no_document_can_hold_are_cleaned_and_libreoffice_opens_it(tmp_path):
    case = default_case(STC=95)
    case.tasks = [NASTY, "Nhiệm vụ\u00a0hai"]
    case.info["Địa điểm"] = "Hội trường\u2028tầng 2"
    root = write_case(case, tmp_path / "in")
    out = tmp_path / "out"
    assert main(["2020", "--input", str(root), "--output", str(out)]) == 0
    pledge = out / "2020" / "giao_uoc_thi_dua_2021.docx"
    assert "Đẩy mạnh cải cách hành chính và chuyển đổi số" in full_text(pledge)
    if pdf.find_soffice() is None:
        pytest.skip("LibreOffice is not installed here")
    done = subprocess.run([pdf.find_soffice(), f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
                           "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(pledge)],
                          capture_output=True, timeout=180)
    assert done.returncode == 0 and (tmp_path / "pdf" / "giao_uoc_thi_dua_2021.pdf").stat().st_size > 1000


def test_invisible_characters_are_folded_when_names_are_matched(tmp_path):
    case = default_case(STC=95)
    case.units[0].name = "Sở Tài\u00a0chính\u200b"  # pasted from a web page
    root = write_case(case, tmp_path / "in")
    edit_book(score_path(root, "STC"), lambda b: b.active.__setitem__("A3", "Đơn vị: \ufeffSở Tài chính\u2060"))
    report = run(2020, root, tmp_path / "out", write=False)
    assert report.outcomes[0].loaded.result.ranked[0].unit.name == "Sở Tài chính"
    assert key("Sở Tài\u00a0chính\u200b") == key("sở tài chính") == key("Sở\u3000Tài chính\u00ad")


def test_two_members_equal_after_folding_are_duplicates(tmp_path):
    case = default_case(STC=95)
    case.units[1].name = "Sở\u00a0Tài chí\u00adnh\u200b"
    root = write_case(case, tmp_path / "in")
    assert ("khoi.xlsx", "B3", "duplicate_name") in errors_of(root, tmp_path)


@pytest.mark.skipif(os.name != "posix", reason="FIFOs and symbolic links as staff cannot make them on Windows")
def test_special_files_named_like_workbooks_are_told_never_opened(tmp_path):
    root = write_case(default_case(STC=95), tmp_path / "in")
    folder = root / "2020" / "diem"
    os.mkfifo(folder / "ong.xlsx")  # opening a FIFO would wait for a writer forever
    (folder / "hong.xlsx").symlink_to(tmp_path / "khong_con.xlsx")
    (folder / "thiet_bi.xlsx").symlink_to("/dev/zero")
    found = errors_of(root, tmp_path)
    assert ("diem/ong.xlsx", "", "file_not_regular") in found
    assert ("diem/hong.xlsx", "", "file_broken_link") in found
    assert ("diem/thiet_bi.xlsx", "", "file_not_regular") in found


def test_folders_nested_too_deep_are_told(tmp_path):
    root = write_case(default_case(STC=95), tmp_path / "in")
    deep = root / "2020" / "diem"
    for level in range(12):
        deep = deep / f"c{level}"
    deep.mkdir(parents=True)
    shutil.copy(score_path(root, "STC"), deep / "stc.xlsx")
    found = errors_of(root, tmp_path)
    assert [f for f in found if f[2] == "folder_too_deep"] == [
        ("diem/c0/c1/c2/c3/c4/c5/c6/c7", "", "folder_too_deep")]


@pytest.mark.skipif(os.name == "nt", reason="Windows cannot hold two names differing by case")
def test_khoi_xlsx_beside_Khoi_xlsx_is_an_error(tmp_path):
    root = write_case(default_case(STC=95), tmp_path / "in")
    shutil.copy(root / "2020" / "khoi.xlsx", root / "2020" / "Khoi.xlsx")
    found = errors_of(root, tmp_path)
    assert [f for f in found if f[2] == "block_file_twice"] in (
        [("khoi.xlsx", "", "block_file_twice")], [("Khoi.xlsx", "", "block_file_twice")])


def test_output_inside_the_input_keeps_staff_folders_and_reads_them(tmp_path, capsys):
    root = write_case(default_case(STC=95), tmp_path / "in")
    year = root / "2020"
    (year / "loi").mkdir()
    staff = year / "loi" / "ghi_chu.txt"
    staff.write_text("tệp của văn phòng")
    # a failed run writes marked copies into the staff's loi/ folder
    edit_book(score_path(root, "STC"), lambda b: b.active.__setitem__("F7", "chín"))
    assert main(["2020", "--input", str(root), "--output", str(root)]) == 1
    assert (year / "loi" / "diem" / "stc.xlsx").exists() and staff.exists()
    # a file of the staff's where a marked copy would go is not overwritten
    (year / "loi" / "khoi.xlsx").write_bytes(b"not ours")
    edit_book(root / "2020" / "khoi.xlsx", lambda b: b["ThongTin"].__setitem__("B3", 2019))
    assert main(["2020", "--input", str(root), "--output", str(root)]) == 1
    assert (year / "loi" / "khoi.xlsx").read_bytes() == b"not ours"
    assert "Không tạo bản sao tô đỏ vì đã có tệp" in capsys.readouterr().err
    edit_book(root / "2020" / "khoi.xlsx", lambda b: b["ThongTin"].__setitem__("B3", 2020))
    (year / "loi" / "khoi.xlsx").unlink()  # named like a workbook, staff's file would be read as one
    # the next run does not read its own marked copy back (no "two sheets" for STC)...
    edit_book(score_path(root, "STC"), lambda b: b.active.__setitem__("F7", 45))
    capsys.readouterr()
    assert main(["2020", "--input", str(root), "--output", str(root)]) == 0
    # ...removes only what it wrote there: the staff's files and folder stay
    assert staff.exists() and not (year / "loi" / "diem").exists()
    assert set(OUTPUTS) <= set(visible(year))
    # and a third run does not read its score table or documents back
    assert main(["2020", "--input", str(root), "--output", str(root)]) == 0
    assert "Bỏ qua sheet" not in capsys.readouterr().out


def test_a_workbook_in_a_folder_named_loi_is_read_not_skipped(tmp_path):
    root = write_case(default_case(STC=95), tmp_path / "in")
    (root / "2020" / "diem").rename(root / "2020" / "loi")
    report = run(2020, root, tmp_path / "out", write=False)
    assert report.outcomes[0].loaded.result is not None


def test_a_full_disk_keeps_the_earlier_output_whole(tmp_path, monkeypatch, capsys):
    root = write_case(default_case(STC=95), tmp_path / "in")
    out = tmp_path / "out"
    assert main(["2020", "--input", str(root), "--output", str(out)]) == 0
    before = {name: (out / "2020" / name).read_bytes() for name in OUTPUTS}
    write_case(default_case(STC=90), tmp_path / "in")
    real = Path.write_bytes

    def full(self: Path, data: bytes) -> int:
        if ".staging-" in str(self):
            raise OSError(28, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    assert main(["2020", "--input", str(root), "--output", str(out)]) == 2
    err = capsys.readouterr().err
    assert "Không ghi được" in err and "No space left on device" in err and "các văn bản cũ vẫn giữ nguyên" in err
    assert {name: (out / "2020" / name).read_bytes() for name in OUTPUTS} == before
    assert not [p for p in (out / "2020").iterdir() if p.name.startswith(".staging")]


def test_a_read_only_output_folder_is_told(tmp_path, monkeypatch, capsys):
    root = write_case(default_case(STC=95), tmp_path / "in")
    out = tmp_path / "out"
    out.mkdir()
    real = os.open

    def read_only(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path).startswith(str(out)) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise PermissionError(13, "Permission denied")  # a folder shared read-only (root ignores chmod)
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    assert main(["2020", "--input", str(root), "--output", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"Không ghi được {out / '2020'} (đang mở trong Word/Excel hoặc không có quyền ghi)")
    assert list(out.iterdir()) == [] or [p.name for p in out.iterdir()] == ["2020"]


@pytest.mark.parametrize("typed", ["26/12/2200", "26/12/2002", "08/01/2022"])
def test_a_conference_date_in_a_far_year_is_an_error_at_its_cell(tmp_path, typed):
    case = default_case(STC=95)
    case.info["Ngày hội nghị"] = typed
    root = write_case(case, tmp_path / "in")
    with pytest.raises(InputError) as caught:
        run(2020, root, tmp_path / "out", write=False)
    found = [(p.file, p.sheet, p.cell, p.code, p.message) for p in caught.value.problems if p.severity == "error"]
    assert found == [("khoi.xlsx", "ThongTin", "B4", "conference_date_far",
                      f"Ngày hội nghị {typed} không thuộc năm 2020 hay đầu năm 2021: hội nghị tổng kết năm 2020 họp "
                      "cuối năm 2020 hoặc đầu năm 2021. Hãy sửa lại năm của ngày hội nghị")]


def test_keep_going_survives_a_fault_of_the_program_in_one_block(tmp_path, monkeypatch, capsys):
    import pipeline.commands.run as run_module

    root = tmp_path / "in"
    for name in ("khoi_a", "khoi_b"):
        write_case(default_case(STC=95), tmp_path / name)
        (root / "2020").mkdir(parents=True, exist_ok=True)
        (tmp_path / name / "2020").rename(root / "2020" / name)
    real = run_module.load_block

    def faulty(folder, *args, **kwargs):  # type: ignore[no-untyped-def]
        if folder.name == "khoi_b":
            raise RuntimeError("không lường trước")
        return real(folder, *args, **kwargs)

    monkeypatch.setattr(run_module, "load_block", faulty)
    out = tmp_path / "out"
    assert main(["2020", "--input", str(root), "--output", str(out), "--keep-going", "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert "khoi_b/khoi.xlsx: Lỗi trong chương trình khi xử lý khối này (không phải do dữ liệu): RuntimeError: " in err
    assert (out / "2020" / "khoi_a" / "bao_cao_tong_ket_2020.docx").exists()
    assert not (out / "2020" / "khoi_b").exists()
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out2"), "--jobs", "1"]) == 3


@pytest.mark.parametrize("typed", ["２０２０", "²⁰²⁰", "٢٠٢٠", "20 20", "2020.0"])
def test_a_year_in_other_digits_is_wrong_usage(typed, capsys):
    assert main([typed]) == 2
    assert capsys.readouterr().err.startswith(f"Năm \"{typed}\" không đúng; hãy ghi năm bằng 4 chữ số")


def test_check_writes_nothing_at_all(tmp_path):
    root = write_case(default_case(STC=95), tmp_path / "in")
    edit_book(score_path(root, "STC"), lambda b: b.active.__setitem__("F7", "chín"))
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out"), "--check"]) == 1
    assert not (tmp_path / "out").exists()


def test_thousands_of_members_are_refused_above_the_stated_limit(tmp_path):
    from builders import UnitSpec

    from pipeline.read.sheets import MAX_TABLE_ROWS

    case = default_case()
    case.units += [UnitSpec(f"U{i}", f"Đơn vị số {i}") for i in range(MAX_TABLE_ROWS)]
    root = write_case(case, tmp_path / "in")
    with pytest.raises(InputError) as caught:
        run(2020, root, tmp_path / "out", write=False)
    found = [(p.file, p.sheet, p.row, p.code) for p in caught.value.problems if p.severity == "error"]
    assert found == [("khoi.xlsx", "ThanhVien", MAX_TABLE_ROWS + 2, "table_too_long")]


def test_new_year_copies_text_that_looks_like_a_formula_as_text(tmp_path):
    import zipfile

    from openpyxl import load_workbook

    case = default_case(STC=95)
    root = write_case(case, tmp_path / "in")

    def change(book):  # type: ignore[no-untyped-def]
        sheet = book["ThongTin"]
        row = next(r for r in range(1, 20) if sheet.cell(row=r, column=1).value == "Trưởng khối năm sau")
        sheet.cell(row=row, column=2).value = '=HYPERLINK("http://x","CT")'
        sheet.cell(row=row, column=2).data_type = "s"

    edit_book(root / "2020" / "khoi.xlsx", change)
    assert main(["2020", "--input", str(root), "--new-year"]) == 0
    made = root / "2021" / "khoi.xlsx"
    with zipfile.ZipFile(made) as archive:
        assert not any(b"<f>" in archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/"))
    info = load_workbook(made)["ThongTin"]
    values = [info.cell(row=r, column=2).value for r in range(1, 30)]
    assert '=HYPERLINK("http://x","CT")' in values
