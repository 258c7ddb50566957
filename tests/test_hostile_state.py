"""The tool's own files are input too (issue 21): a manifest, a journal, a lock or a marked copy
someone edited, planted or copied from elsewhere never makes a run change a file outside its
output folder, never loses a clerk's edit, and never ends in an internal error."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from builders import default_case, edit_book, score_path, write_case

from pipeline.cli import main
from pipeline.write import outputs
from pipeline.write.lock import LOCK_NAME
from pipeline.write.manifest import MANIFEST_NAME, read_manifest

DOCS = ["bang_diem_2020.xlsx", "bao_cao_tong_ket_2020.docx", "bien_ban_hop_2020.docx", "giao_uoc_thi_dua_2021.docx",
        "to_trinh_khen_thuong_2020.docx"]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _case(tmp_path: Path) -> tuple[Path, Path, list[str]]:
    root = write_case(default_case(STC=95), tmp_path / "in")
    out = tmp_path / "out"
    return root, out, ["2020", "--input", str(root), "--output", str(out)]


def _break_score(root: Path) -> None:
    edit_book(score_path(root, "STC"), lambda b: b.active.__setitem__("F7", "chín"))


def _mend_score(root: Path) -> None:
    edit_book(score_path(root, "STC"), lambda b: b.active.__setitem__("F7", 45))


def _outside(tmp_path: Path) -> Path:
    victim = tmp_path / "van_phong" / "so_cong_van.xlsx"
    victim.parent.mkdir(parents=True, exist_ok=True)
    victim.write_bytes(b"the office's own workbook")
    return victim


@pytest.mark.parametrize("good", [False, True])
def test_a_manifest_in_loi_naming_files_elsewhere_removes_nothing_there(tmp_path, capsys, good):
    root, out, args = _case(tmp_path)
    victim = _outside(tmp_path)
    khoi = root / "2020" / "khoi.xlsx"
    khoi_bytes = khoi.read_bytes()
    _break_score(root)
    assert main(args) == 1
    loi = out / "2020" / "loi"
    names = {"../../../van_phong/so_cong_van.xlsx": sha(victim), str(victim): sha(victim),
             str(khoi): sha(khoi), "../../../in/2020/khoi.xlsx": sha(khoi), "a\u0000b.xlsx": "0" * 64}
    for folder in (loi, loi / "diem"):
        (folder / MANIFEST_NAME).write_text(json.dumps({"files": names}), encoding="utf-8")
    if good:
        _mend_score(root)
    capsys.readouterr()
    assert main(args) == (0 if good else 1)
    said = capsys.readouterr()
    assert victim.read_bytes() == b"the office's own workbook"
    assert khoi.read_bytes() == khoi_bytes
    text = said.out + said.err
    assert f"{loi / MANIFEST_NAME}: Tệp ghi nhớ của chương trình ghi \"../../../van_phong/so_cong_van.xlsx\"" in text
    assert "a\\x00b.xlsx" in text and "trỏ ra ngoài thư mục" in text


def test_a_link_in_loi_to_a_folder_elsewhere_is_not_followed(tmp_path):
    root, out, args = _case(tmp_path)
    victim = _outside(tmp_path)
    (victim.parent / MANIFEST_NAME).write_text(json.dumps({"files": {victim.name: sha(victim)}}))
    _break_score(root)
    assert main(args) == 1
    (out / "2020" / "loi" / "van_phong").symlink_to(victim.parent)
    _mend_score(root)
    assert main(args) == 0
    assert victim.read_bytes() == b"the office's own workbook"


def test_a_journal_naming_paths_outside_neither_removes_nor_moves_them(tmp_path, capsys):
    root, out, args = _case(tmp_path)
    assert main(args) == 0
    folder = out / "2020"
    before = {name: (folder / name).read_bytes() for name in DOCS}
    victim = _outside(tmp_path)
    steps = [
        {"target": "../../van_phong/so_cong_van.xlsx", "staged": ".staging-x/a.xlsx", "aside": None},  # unlinked
        {"target": "bao_cao_tong_ket_2020.docx", "staged": None, "aside": "../../van_phong/so_cong_van.xlsx"},
        {"target": "bang_diem_2020.xlsx", "staged": ".staging-x/b.xlsx", "aside": str(victim)},
    ]
    journal = folder / outputs.JOURNAL_NAME
    journal.write_text(json.dumps({"state": "moving", "steps": steps,
                                   "manifests": {"../..": {"x.docx": "0" * 64}}}))
    capsys.readouterr()
    assert main(args) == 0
    said = capsys.readouterr().out
    assert victim.read_bytes() == b"the office's own workbook"
    assert {name: (folder / name).read_bytes() for name in DOCS} == before
    assert f"{journal}: Tệp ghi nhớ của chương trình ghi" in said and "trỏ ra ngoài thư mục" in said
    assert not journal.exists()


@pytest.mark.parametrize("name", [MANIFEST_NAME, outputs.JOURNAL_NAME])
def test_a_state_file_of_nested_brackets_is_a_warning_not_an_internal_error(tmp_path, capsys, name):
    root, out, args = _case(tmp_path)
    assert main(args) == 0
    (out / "2020" / name).write_text("[" * 200_000 + "]" * 200_000)
    capsys.readouterr()
    assert main(args) == 0
    said = capsys.readouterr().out
    assert f"{out / '2020' / name}: Tệp ghi nhớ của chương trình không đọc được (các dấu ngoặc lồng nhau quá sâu)" in said
    assert set(DOCS) <= {p.name for p in (out / "2020").iterdir()}


def test_a_manifest_entry_with_a_nul_when_the_output_is_the_input(tmp_path, capsys):
    root = write_case(default_case(STC=95), tmp_path / "in")
    args = ["2020", "--input", str(root), "--output", str(root)]
    assert main(args) == 0
    manifest = root / "2020" / MANIFEST_NAME
    data = json.loads(manifest.read_text())
    data["files"]["bao\u0000cao.docx"] = "0" * 64
    manifest.write_text(json.dumps(data))
    capsys.readouterr()
    assert main(args) == 0
    assert "bao\\x00cao.docx" in capsys.readouterr().out


def test_a_huge_manifest_is_not_read(tmp_path, capsys, monkeypatch):
    from pipeline.write import manifest

    monkeypatch.setattr(manifest, "STATE_LIMIT_MB", 1)
    root, out, args = _case(tmp_path)
    assert main(args) == 0
    (out / "2020" / MANIFEST_NAME).write_text('{"files": {}, "x": "' + "a" * (2 << 20) + '"}')
    capsys.readouterr()
    assert main(args) == 0
    assert "không đọc được (quá lớn: 2 MB, tối đa 1 MB)" in capsys.readouterr().out


def test_a_lock_linked_to_another_file_is_refused_and_the_file_untouched(tmp_path, capsys):
    root, out, args = _case(tmp_path)
    khoi = root / "2020" / "khoi.xlsx"
    khoi_bytes = khoi.read_bytes()
    (out / "2020").mkdir(parents=True)
    lock = out / "2020" / LOCK_NAME
    lock.symlink_to(khoi)
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"Tệp khóa {lock} là một liên kết (shortcut) trỏ tới tệp khác")
    assert "hãy xóa liên kết đó (không xóa tệp nó trỏ tới), rồi chạy lại" in err
    assert khoi.read_bytes() == khoi_bytes
    assert not [p for p in (out / "2020").iterdir() if p.name != LOCK_NAME]


def test_a_lock_that_is_a_second_name_of_an_input_file_is_never_written(tmp_path, capsys):
    root = write_case(default_case(STC=95), tmp_path / "in")
    khoi = root / "2020" / "khoi.xlsx"
    khoi_bytes = khoi.read_bytes()
    os.link(khoi, root / "2020" / LOCK_NAME)
    assert main(["2020", "--input", str(root), "--output", str(root)]) == 2
    assert "là tên thứ hai của một tệp khác (hard link)" in capsys.readouterr().err
    assert khoi.read_bytes() == khoi_bytes


def test_a_lock_that_is_a_folder_is_told_with_what_to_do(tmp_path, capsys):
    root, out, args = _case(tmp_path)
    (out / "2020" / LOCK_NAME).mkdir(parents=True)
    assert main(args) == 2
    assert capsys.readouterr().err.startswith(
        f"Tệp khóa {out / '2020' / LOCK_NAME} là một thư mục, nên chương trình không dùng nó và chưa ghi gì. "
        "Đây là tệp ẩn chương trình tự tạo để hai lần chạy không ghi cùng lúc: hãy xóa hoặc đổi tên thư mục đó")


def test_a_normal_lock_is_rewritten_in_place_not_truncated(tmp_path):
    root, out, args = _case(tmp_path)
    assert main(args) == 0
    lock = out / "2020" / LOCK_NAME
    first = lock.stat().st_ino
    assert main(args) == 0
    assert lock.stat().st_ino == first and lock.stat().st_size == 256


def test_a_document_saved_from_word_during_the_move_is_kept(tmp_path, capsys, monkeypatch):
    root, out, args = _case(tmp_path)
    assert main(args) == 0
    report = out / "2020" / "bao_cao_tong_ket_2020.docx"
    write_case(default_case(STC=88), tmp_path / "in")  # the report changes
    real = os.replace
    saved = b"saved from Word just as the run moved the files"

    def replace(src, dst, *rest, **kw):  # type: ignore[no-untyped-def]
        if Path(src) == report and report.read_bytes() != saved:  # planned already; Word saves now
            report.write_bytes(saved)
        return real(src, dst, *rest, **kw)

    monkeypatch.setattr(os, "replace", replace)
    capsys.readouterr()
    assert main(args) == 0
    kept = out / "2020" / "bao_cao_tong_ket_2020_ban_da_sua.docx"
    assert kept.read_bytes() == saved
    assert (f"Lưu ý: bao_cao_tong_ket_2020.docx đã được sửa sau lần chạy trước; bản đã sửa được giữ lại thành {kept}"
            in capsys.readouterr().out)
    assert not list((out / "2020").glob(".*.cu"))


def test_a_marked_copy_staff_corrected_is_kept(tmp_path, capsys):
    root, out, args = _case(tmp_path)
    _break_score(root)
    assert main(args) == 1
    copy = out / "2020" / "loi" / "diem" / "stc.xlsx"
    edit_book(copy, lambda b: b.active.__setitem__("F7", 45))  # corrected in the copy
    corrected = copy.read_bytes()
    capsys.readouterr()
    assert main(args) == 1  # still wrong in the original: a new marked copy
    kept = copy.with_name("stc_ban_da_sua.xlsx")
    assert kept.read_bytes() == corrected and copy.exists() and copy.read_bytes() != corrected
    assert f"loi/diem/stc.xlsx: Bản sao tô đỏ này đã được sửa sau khi chương trình tạo ra, nên được giữ lại thành {kept}" in (
        capsys.readouterr().err)
    _mend_score(root)
    assert main(args) == 0
    assert kept.read_bytes() == corrected and not copy.exists()  # the tool's copy goes, staff's stays


def test_a_filled_count_sheet_kept_beside_a_new_one_is_read_as_staffs_count(tmp_path, capsys):
    """Output inside the input: staff filled the count sheet where make ballots wrote it, then ran
    make ballots again; their count, kept as kiem_phieu_2020_ban_da_sua.xlsx, is theirs: it is read."""
    from openpyxl import load_workbook
    from test_meeting import CERT, GOV, PROV, meeting_case

    case = meeting_case()
    case.ballot = None
    case.units[3].barred = "Đang bị thanh tra"
    root = write_case(case, tmp_path / "in")
    args = ["2020", "--input", str(root), "--output", str(root)]
    assert main([*args, "--ballots"]) == 0
    count = root / "2020" / "kiem_phieu_2020.xlsx"
    book = load_workbook(count)
    book["BoPhieu"]["B2"], book["BoPhieu"]["C2"], book["BoPhieu"]["B3"] = 2, 4, 3
    book.save(count)
    filled = count.read_bytes()
    assert main([*args, "--ballots"]) == 0  # made again: the filled sheet is kept beside the blank one
    kept = root / "2020" / "kiem_phieu_2020_ban_da_sua.xlsx"
    assert kept.read_bytes() == filled
    count.unlink()  # staff drop the blank one; theirs is the count
    capsys.readouterr()
    from pipeline.commands.run import run

    ranked = run(2020, root, root).outcomes[0].loaded.result.ranked
    assert {r.unit.code: r.award for r in ranked} == {"SKHDT": GOV, "STC": PROV, "CT": CERT, "SNV": None}


def test_a_pdf_staff_changed_is_kept_when_its_document_is_replaced(tmp_path, capsys):
    root, out, args = _case(tmp_path)
    assert main(args) == 0
    folder = out / "2020"
    report_pdf, proposal_pdf = folder / "bao_cao_tong_ket_2020.pdf", folder / "to_trinh_khen_thuong_2020.pdf"
    # as make pdf leaves them: written and recorded; then staff sign and rescan the report's PDF
    for pdf in (report_pdf, proposal_pdf):
        pdf.write_bytes(b"%PDF made by the tool from " + pdf.stem.encode())
    from pipeline.write.manifest import write_manifest

    write_manifest(folder, read_manifest(folder) | {p.name: sha(p) for p in (report_pdf, proposal_pdf)})
    report_pdf.write_bytes(b"%PDF signed and scanned by staff")
    write_case(default_case(STC=88), tmp_path / "in")  # every document changes
    capsys.readouterr()
    assert main(args) == 0
    said = capsys.readouterr().out
    kept = folder / "bao_cao_tong_ket_2020_ban_da_sua.pdf"
    assert kept.read_bytes() == b"%PDF signed and scanned by staff"
    assert f"Lưu ý: bao_cao_tong_ket_2020.pdf đã được sửa sau lần chạy trước; bản đã sửa được giữ lại thành {kept}" in said
    assert not report_pdf.exists() and not proposal_pdf.exists()  # the tool's stale PDF goes
    assert report_pdf.name not in read_manifest(folder)


def test_a_block_output_folder_that_links_elsewhere_is_refused(tmp_path, capsys):
    from builders import default_case as case

    root = tmp_path / "in"
    write_case(case(STC=95), root, block="khoi_a")
    write_case(case(STC=90), root, block="khoi_b")
    out = tmp_path / "out"
    elsewhere = tmp_path / "van_phong"
    elsewhere.mkdir()
    (out / "2020").mkdir(parents=True)
    (out / "2020" / "khoi_a").symlink_to(elsewhere)
    assert main(["2020", "--input", str(root), "--output", str(out)]) == 2
    assert "là một liên kết (shortcut) tới nơi khác, ngoài thư mục kết quả" in capsys.readouterr().err
    assert list(elsewhere.iterdir()) == []


@pytest.mark.skipif(os.name != "posix", reason="the fake LibreOffice is a shell script")
def test_make_pdf_records_its_pdfs_keeps_staffs_and_waits_for_a_run(tmp_path, capsys):
    from test_pdf import PLEDGE, REPORT, fake_soffice, two_blocks

    from pipeline.write import pdf
    from pipeline.write.lock import FolderBusy, FolderLock

    program, _ = fake_soffice(tmp_path, "convert")
    out = two_blocks(tmp_path)
    folder = out / "2020" / "khoi_a"
    made = pdf.convert_year(2020, out, soffice=program)
    assert read_manifest(folder) == {p.name: sha(p) for p in made if p.parent == folder}
    report = folder / f"{REPORT}.pdf"
    report.write_bytes(b"%PDF signed and scanned by staff")
    kept: list = []
    pdf.convert_year(2020, out, soffice=program, kept=kept)
    staff = folder / f"{REPORT}_ban_da_sua.pdf"
    assert kept == [(report, staff)] and staff.read_bytes() == b"%PDF signed and scanned by staff"
    assert report.read_text().strip() == f"%PDF-fake {REPORT}" and (folder / f"{PLEDGE}.pdf").exists()
    with FolderLock(out / "2020"):  # a run is writing
        with pytest.raises(FolderBusy):
            pdf.convert_year(2020, out, soffice=program)


def test_docxtpl_escape_marks_typed_by_staff_reach_the_documents_unchanged(tmp_path):
    from docxread import full_text

    case = default_case(STC=95)
    task = "Giữ mẫu {_{ họ tên }_} và {_% khối %_} đúng như gõ, cả {{ x }} và {% if %}"
    case.tasks = [task, *case.tasks]
    case.info["Địa điểm"] = "Phòng {_{1}_}"
    root = write_case(case, tmp_path / "in")
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out")]) == 0
    pledge = full_text(tmp_path / "out" / "2020" / "giao_uoc_thi_dua_2021.docx")
    assert task in pledge
    assert "Phòng {_{1}_}" in full_text(tmp_path / "out" / "2020" / "bien_ban_hop_2020.docx")


def test_docxtpl_escape_marks_in_a_template_still_print_braces(tmp_path):
    """A template's own `{_{` still prints `{{` (docxtpl's meaning), and a value holding the
    marks is printed as given."""
    import datetime as dt

    from docx import Document
    from docxread import full_text

    from pipeline.documents.render import DocTemplate

    made = tmp_path / "mau.docx"
    document = Document()
    document.add_paragraph("{_{ {{ ten }} }_} {_% x %_}")
    document.save(str(made))
    out = tmp_path / "out.docx"
    out.write_bytes(DocTemplate(made).render({"ten": "{_{A}_}"}, dt.date(2020, 12, 26), "t", "a"))
    assert full_text(out) == "{{ {_{A}_} }} {% x %}"


@pytest.mark.skipif(not os.path.supports_unicode_filenames and os.uname().sysname != "Linux",
                    reason="a folder name that is no UTF-8 exists on Linux file systems")
def test_a_block_folder_named_in_bytes_that_are_no_utf8_reaches_the_province_workbook(tmp_path):
    from openpyxl import load_workbook

    root = tmp_path / "in"
    write_case(default_case(STC=95), root, block="khoi_a")
    write_case(default_case(STC=90), root, block="khoi_b")
    os.rename(root / "2020" / "khoi_b", os.fsencode(root / "2020") + b"/khoi_\xff_b")
    out = tmp_path / "out"
    assert main(["2020", "--input", str(root), "--output", str(out)]) == 0
    from pipeline.write.province_book import HEADER_ROW

    sheet = load_workbook(out / "2020" / "tong_hop_2020.xlsx")["ThongKe"]
    folders = [row[1] for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]  # under the title block
    assert folders[1:3] == ["khoi_a", "khoi_\\udcff_b"]  # as the console shows it
    assert (out / "2020" / os.fsdecode(b"khoi_\xff_b") / "bao_cao_tong_ket_2020.docx").exists()


def test_a_lock_that_cannot_be_opened_is_told_with_what_to_do(tmp_path, capsys, monkeypatch):
    root, out, args = _case(tmp_path)
    assert main(args) == 0
    lock = out / "2020" / LOCK_NAME
    real = os.open

    def refused(path, flags, *rest, **kw):  # type: ignore[no-untyped-def]
        if Path(path) == lock:
            raise PermissionError(13, "Permission denied")  # a lock left by another user (root ignores chmod)
        return real(path, flags, *rest, **kw)

    monkeypatch.setattr(os, "open", refused)
    assert main(args) == 2
    assert capsys.readouterr().err.startswith(
        f"Tệp khóa {lock} không mở được (không có quyền đọc, ghi), nên chương trình không dùng nó và chưa ghi gì. "
        "Đây là tệp ẩn chương trình tự tạo để hai lần chạy không ghi cùng lúc: hãy xóa tệp đó hoặc cấp quyền ghi")


def test_a_document_saved_where_a_new_one_goes_during_the_move_is_kept(tmp_path, capsys, monkeypatch):
    """A file the plan did not see (staff saved a document under the new one's name while the run
    was moving files) is kept, not replaced."""
    root, out, args = _case(tmp_path)
    assert main(args) == 0
    report = out / "2020" / "bao_cao_tong_ket_2020.docx"
    report.unlink()  # staff removed it; the run will write it anew
    saved = b"a report saved from Word just now"

    real = os.link

    calls: list[Path] = []

    def link(src, dst, *rest, **kw):  # type: ignore[no-untyped-def]
        if Path(dst) == report and not calls:
            calls.append(report)
            report.write_bytes(saved)  # after the plan, in the instant before the new report is moved in
        return real(src, dst, *rest, **kw)

    monkeypatch.setattr(os, "link", link)
    capsys.readouterr()
    assert main(args) == 0
    kept = out / "2020" / "bao_cao_tong_ket_2020_ban_da_sua.docx"
    assert kept.read_bytes() == saved and report.read_bytes() != saved
    assert f"bản đã sửa được giữ lại thành {kept}" in capsys.readouterr().out


def test_a_manifest_of_a_hundred_thousand_bad_entries_gives_a_short_list(tmp_path, capsys):
    root, out, args = _case(tmp_path)
    assert main(args) == 0
    manifest = out / "2020" / MANIFEST_NAME
    data = json.loads(manifest.read_text())
    data["files"] |= {f"../x{n}.docx": "0" * 64 for n in range(100_000)}
    manifest.write_text(json.dumps(data))
    capsys.readouterr()
    assert main(args) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if str(manifest) in line]
    assert len(lines) == 11
    assert lines[-1] == (f"  {manifest}: Còn 99.990 dòng khác trong tệp ghi nhớ này cũng không chỉ tới tệp nào "
                         "chương trình ghi ở đây; đã bỏ qua tất cả")


def test_a_journal_of_nested_brackets_in_a_child_process_is_bounded(tmp_path):
    from hostile import run_child

    root, out, args = _case(tmp_path)
    assert main(args) == 0
    (out / "2020" / outputs.JOURNAL_NAME).write_text("[" * 5_000_000)
    measured = run_child(args, tmp_path)
    assert measured.code == 0, measured.err
    assert "các dấu ngoặc lồng nhau quá sâu" in measured.out and measured.bounded()


def test_a_kept_copy_of_the_score_table_is_not_read_back_as_input(tmp_path, capsys):
    root = write_case(default_case(STC=95), tmp_path / "in")
    args = ["2020", "--input", str(root), "--output", str(root)]
    assert main(args) == 0
    edit_book(root / "2020" / "bang_diem_2020.xlsx", lambda b: b.active.__setitem__("A1", "sửa tay"))
    write_case(default_case(STC=88), tmp_path / "in")
    assert main(args) == 0
    assert (root / "2020" / "bang_diem_2020_ban_da_sua.xlsx").exists()
    capsys.readouterr()
    assert main(args) == 0
    assert "Cảnh báo" not in capsys.readouterr().out
