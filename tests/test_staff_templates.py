"""Staff keep their own templates in `mau/` (SPEC §3, §4 `make templates`).

What a clerk does: `make templates` copies the defaults into `<input>/mau/`, they change a sentence
in Word (here: LibreOffice, and python-docx), run `make year=2020`, and the sentence is in the
report. The nearest `mau/` wins; a fault in a staff template names `mau/<file>` and stops the run
with nothing written; a staff template without a field the default uses is a warning. The
repository's templates are never touched. A plain `pip install .` (not editable) runs the sample
from another folder with the installed templates.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

from pipeline import cli
from pipeline.documents.template_check import check_template
from pipeline.documents.template_files import default_folder
from pipeline.write import pdf

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates_docx"
SAMPLES = ROOT / "input_samples"
REPORT = "bao_cao_tong_ket.docx"
SENTENCE = "Hội nghị thống nhất xếp hạng"  # in the default report: "... thi đua năm {{ nam }} như bảng trên. ..."
EDITED = "Hội nghị nhất trí cao xếp hạng"
SOFFICE = pdf.find_soffice()
# what a run uses after make templates (the ballot paper is for make ballots)
STAFF_COPIES = ["mau/bao_cao_tong_ket.docx", "mau/to_trinh_khen_thuong.docx", "mau/bien_ban_hop.docx",
                "mau/giao_uoc_thi_dua.docx", "mau/bao_cao_thanh_tich.docx"]


def opens(paragraphs: list[str], start: str) -> bool:
    """Some paragraph begins with `start` (the report's ranking sentence goes on after it)."""
    return any(text.startswith(start) for text in paragraphs)


def checksums(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module", autouse=True)
def repository_templates_untouched():
    """Whatever a test does to staff templates, templates_docx/ stays byte for byte as it was."""
    before = checksums(TEMPLATES)
    yield
    assert checksums(TEMPLATES) == before


@pytest.fixture
def data(tmp_path) -> Path:
    """A copy of the samples, as a clerk's input folder."""
    folder = tmp_path / "du_lieu"
    shutil.copytree(SAMPLES, folder)
    return folder


def make_templates(input_dir: Path, capsys) -> str:
    assert cli.main(["--templates", "--input", str(input_dir)]) == 0
    return capsys.readouterr().out


def run(input_dir: Path, out: Path, capsys, year: str = "2020", *extra: str) -> tuple[int, str, str]:
    code = cli.main([year, "--input", str(input_dir), "--output", str(out), *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def paragraphs(path: Path) -> list[str]:
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    texts += [p.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return texts


def edit_with_python_docx(path: Path, before: str, after: str) -> None:
    """Change a sentence the way a script (or Word's own find and replace) would: in its run."""
    document = docx.Document(str(path))
    changed = 0
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            if before in run.text:
                run.text = run.text.replace(before, after)
                changed += 1
    assert changed == 1
    document.save(str(path))


def staff_listed(said: str) -> list[str]:
    """The staff templates the run's summary names."""
    lines = said.splitlines()
    if "Mẫu của văn phòng đã dùng (thay cho mẫu mặc định):" not in lines:
        return []
    start = lines.index("Mẫu của văn phòng đã dùng (thay cho mẫu mặc định):") + 1
    listed = []
    for line in lines[start:]:
        if not line.startswith("  "):
            break
        listed.append(line.strip())
    return listed


def written(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")) if out.exists() else []


# --------------------------------------------------------------------------------------------- #
# make templates
# --------------------------------------------------------------------------------------------- #


def test_make_templates_copies_every_default_and_never_overwrites(data, capsys):
    said = make_templates(data, capsys)
    staff = data / "mau"
    assert checksums(staff) == checksums(TEMPLATES)
    assert f"Đã chép 9 mẫu mặc định vào {staff}:" in said  # six templates, the grounds, tie rule and report forms
    assert f'rồi chạy lại, ví dụ: make year=2020 input="{data}".' in said  # the run that reads them, as typed
    edit_with_python_docx(staff / REPORT, SENTENCE, EDITED)
    edited = (staff / REPORT).read_bytes()
    (staff / "phieu_bau.docx").unlink()
    said = make_templates(data, capsys)
    assert (staff / REPORT).read_bytes() == edited
    assert (staff / "phieu_bau.docx").read_bytes() == (TEMPLATES / "phieu_bau.docx").read_bytes()
    assert "Đã chép 1 mẫu mặc định" in said and "  phieu_bau.docx" in said
    assert "Giữ nguyên 8 mẫu của văn phòng đã có (không ghi đè):" in said and f"  {REPORT}" in said
    assert not [p for p in staff.iterdir() if p.name.startswith(".")], "no partial copy left behind"


def test_make_templates_through_make(data):
    done = subprocess.run(["make", "-s", "templates", f"input={data}"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (data / "mau").iterdir()) == sorted(checksums(TEMPLATES))


# --------------------------------------------------------------------------------------------- #
# An edit reaches the documents
# --------------------------------------------------------------------------------------------- #


def test_a_sentence_changed_with_python_docx_reaches_the_report(data, tmp_path, capsys):
    make_templates(data, capsys)
    edit_with_python_docx(data / "mau" / REPORT, SENTENCE, EDITED)
    code, said, _ = run(data, tmp_path / "out", capsys)
    assert code == 0
    report = paragraphs(tmp_path / "out" / "2020" / "bao_cao_tong_ket_2020.docx")
    assert opens(report, f"{EDITED} thi đua năm 2020 như bảng trên.")
    assert not any(SENTENCE in text for text in report)
    assert staff_listed(said) == STAFF_COPIES  # make templates copied them all: all are the staff's now


def test_a_report_template_may_use_the_pledge_s_signing_grid(data, tmp_path, capsys):
    """The signing grid of every member's head is a field of every template, not the pledge's alone:
    a block that wants the report signed by all members writes it into its own report."""
    make_templates(data, capsys)
    grid = "Ký: {{ hang_ky_du|length }} hàng đủ, ô lẻ {{ o_ky_le.ten if o_ky_le else 'không' }}; xếp hạng"
    edit_with_python_docx(data / "mau" / REPORT, SENTENCE, grid)
    code, said, _ = run(data, tmp_path / "out", capsys)
    assert code == 0, said
    report = paragraphs(tmp_path / "out" / "2020" / "bao_cao_tong_ket_2020.docx")
    # the sample's 11 members: next year's leader and deputy first, the others in ThanhVien order;
    # the pledge signs them in the same grid, the last one alone on its row
    assert opens(report, "Ký: 5 hàng đủ, ô lẻ Quỹ Đầu tư phát triển tỉnh; xếp hạng thi đua năm 2020 như bảng trên.")
    pledge = paragraphs(tmp_path / "out" / "2020" / "giao_uoc_thi_dua_2021.docx")
    assert [t for t in pledge if t.isupper()][-2:] == ["QUỸ ĐẦU TƯ PHÁT TRIỂN TỈNH", "GIÁM ĐỐC"]


def write_macro(profile: Path) -> None:
    """A Basic macro in a private LibreOffice profile: open a document hidden, replace a text,
    save it as Word 2007-365 (.docx) and quit."""
    module = profile / "user" / "basic" / "Standard" / "Module1.xba"
    module.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub ReplaceAndSave(sSource As String, sTarget As String, sBefore As String, sAfter As String)
    Dim aOpen(0) As New com.sun.star.beans.PropertyValue
    aOpen(0).Name = &quot;Hidden&quot;
    aOpen(0).Value = True
    oDoc = StarDesktop.loadComponentFromURL(ConvertToURL(sSource), &quot;_blank&quot;, 0, aOpen())
    oDesc = oDoc.createReplaceDescriptor()
    oDesc.SearchString = sBefore
    oDesc.ReplaceString = sAfter
    oDoc.replaceAll(oDesc)
    Dim aSave(0) As New com.sun.star.beans.PropertyValue
    aSave(0).Name = &quot;FilterName&quot;
    aSave(0).Value = &quot;MS Word 2007 XML&quot;
    oDoc.storeToURL(ConvertToURL(sTarget), aSave())
    oDoc.close(True)
    StarDesktop.terminate()
End Sub
</script:module>
""", encoding="utf-8")


def edit_with_libreoffice(path: Path, before: str, after: str, work: Path) -> None:
    profile = work / "lo_profile"
    environment = f"-env:UserInstallation={profile.resolve().as_uri()}"
    # the first start makes the profile (and its Standard Basic library), converting a copy
    subprocess.run([SOFFICE, environment, "--headless", "--convert-to", "docx", "--outdir", str(work / "first"),
                    str(path)], check=True, capture_output=True, timeout=120)
    write_macro(profile)
    call = f'macro:///Standard.Module1.ReplaceAndSave("{path}","{path}","{before}","{after}")'
    subprocess.run([SOFFICE, environment, "--headless", call], check=True, capture_output=True, timeout=120)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed here; `make office` installs it")
def test_a_sentence_changed_and_saved_by_libreoffice_reaches_the_report(data, tmp_path, capsys):
    """LibreOffice rewrites the whole file (its own styles, `&apos;` for every apostrophe, even
    inside the template's tags): the template still works and the edit is in the report."""
    make_templates(data, capsys)
    staff = data / "mau" / REPORT
    before = staff.read_bytes()
    edit_with_libreoffice(staff, SENTENCE, EDITED, tmp_path)
    assert staff.read_bytes() != before
    with zipfile.ZipFile(staff) as saved:
        assert "&apos;" in saved.read("word/document.xml").decode(), "LibreOffice's way with quotes, handled"
    code, said, err = run(data, tmp_path / "out", capsys)
    assert code == 0, err
    report = paragraphs(tmp_path / "out" / "2020" / "bao_cao_tong_ket_2020.docx")
    assert opens(report, f"{EDITED} thi đua năm 2020 như bảng trên.")
    assert staff_listed(said) == STAFF_COPIES  # make templates copied them all: all are the staff's now
    # the rest came through too: the ranking table and the signature
    assert "Đỗ Văn Khánh" in report and any("Sở Tài chính" in text for text in report)


# --------------------------------------------------------------------------------------------- #
# Which mau/ wins
# --------------------------------------------------------------------------------------------- #


def staff_report(folder: Path, sentence: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(TEMPLATES / REPORT, folder / REPORT)
    edit_with_python_docx(folder / REPORT, SENTENCE, sentence)


def test_the_nearest_mau_wins(data, tmp_path, capsys):
    staff_report(data / "mau", "Cả tỉnh xếp hạng")
    staff_report(data / "2020" / "mau", "Năm này xếp hạng")
    code, said, _ = run(data, tmp_path / "out", capsys)
    assert code == 0
    report = paragraphs(tmp_path / "out" / "2020" / "bao_cao_tong_ket_2020.docx")
    assert opens(report, "Năm này xếp hạng thi đua năm 2020 như bảng trên.")
    # the other documents: still the defaults (a staff folder holds only what staff changed)
    assert staff_listed(said) == ["2020/mau/bao_cao_tong_ket.docx"]


def test_a_block_with_its_own_mau_gets_its_template_and_the_other_block_the_default(data, tmp_path, capsys):
    staff_report(data / "2025" / "khoi_hoi_dac_thu" / "mau", "Khối Hội xếp hạng")
    code, said, err = run(data, tmp_path / "out", capsys, "2025", "--jobs", "1")
    assert code == 0, err
    own = paragraphs(tmp_path / "out" / "2025" / "khoi_hoi_dac_thu" / "bao_cao_tong_ket_2025.docx")
    other = paragraphs(tmp_path / "out" / "2025" / "khoi_tham_muu_tong_hop" / "bao_cao_tong_ket_2025.docx")
    assert opens(own, "Khối Hội xếp hạng thi đua năm 2025 như bảng trên.")
    assert opens(other, f"{SENTENCE} thi đua năm 2025 như bảng trên.")
    assert staff_listed(said) == ["2025/khoi_hoi_dac_thu/mau/bao_cao_tong_ket.docx"]


def test_a_mau_folder_is_never_read_as_score_sheets_or_a_block(data, tmp_path, capsys):
    """A clerk who drops a workbook into mau/ (or keeps the count sheet there) does not give a
    unit a second score sheet."""
    staff = data / "2020" / "mau"
    staff.mkdir()
    for sheet in (data / "2020" / "diem").glob("*.xlsx"):
        shutil.copyfile(sheet, staff / sheet.name)
    (data / "2025" / "mau").mkdir()
    shutil.copyfile(data / "2025" / "khoi_hoi_dac_thu" / "khoi.xlsx", data / "2025" / "mau" / "khoi.xlsx")
    assert run(data, tmp_path / "out", capsys)[0] == 0
    code, said, err = run(data, tmp_path / "out", capsys, "2025", "--jobs", "1")
    assert code == 0, err
    assert not (tmp_path / "out" / "2025" / "mau").exists()


def test_a_file_named_mau_is_told_once_not_silently_passed_over(data, tmp_path, capsys):
    """A clerk who saves the templates as one file called `mau` (a zip, a shortcut) meant them to
    be used: the run still writes the documents from the defaults, and says so once, naming it."""
    told = "Đây là một tệp (hoặc liên kết), không phải thư mục"
    (data / "mau").write_bytes(b"PK\x03\x04 not a folder")
    (data / "2025" / "mau").symlink_to(data / "2025" / "khong_co")  # a link to nothing
    code, said, err = run(data, tmp_path / "out", capsys)
    assert code == 0, err
    assert said.count(told) == 1 and f"  mau: {told}" in said
    assert staff_listed(said) == []
    code, said, err = run(data, tmp_path / "out", capsys, "2025", "--jobs", "1")
    assert code == 0, err
    assert said.count(told) == 2 and f"  mau: {told}" in said and f"  2025/mau: {told}" in said  # once, not per block


# --------------------------------------------------------------------------------------------- #
# Faults of a staff template: named, nothing written
# --------------------------------------------------------------------------------------------- #


def test_an_unknown_field_stops_the_run_naming_mau_and_the_field(data, tmp_path, capsys):
    make_templates(data, capsys)
    document = docx.Document(str(data / "mau" / REPORT))
    document.add_paragraph("Ghi chú: {{ ghi_chu_rieng }}")
    document.save(str(data / "mau" / REPORT))
    out = tmp_path / "out"
    code, _, err = run(data, out, capsys)
    assert code == 1
    assert ('mau/bao_cao_tong_ket.docx: Mẫu dùng trường "ghi_chu_rieng" mà chương trình không cung cấp. '
            "Hãy sửa lại theo danh sách trường trong docs/truong_mau.md") in err.splitlines()
    assert written(out) == []


def test_a_staff_template_without_a_field_of_the_default_is_a_warning_naming_it(data, tmp_path, capsys):
    """An office's report from before the year-before comparison existed: it still works, and
    staff are told what their version leaves out."""
    staff = data / "mau"
    staff.mkdir()
    shutil.copyfile(TEMPLATES / REPORT, staff / REPORT)
    document = docx.Document(str(staff / REPORT))
    body = [p for p in document.paragraphs]
    start = next(i for i, p in enumerate(body) if p.text == "{%p if so_sanh_nam_truoc %}")
    assert [p.text for p in body[start:start + 3]] == ["{%p if so_sanh_nam_truoc %}", "{{ so_sanh_nam_truoc }}",
                                                       "{%p endif %}"]
    for paragraph in body[start:start + 3]:
        paragraph._element.getparent().remove(paragraph._element)
    document.save(str(staff / REPORT))
    code, said, err = run(data, tmp_path / "out", capsys)
    assert code == 0, err
    assert ('  mau/bao_cao_tong_ket.docx: Mẫu của văn phòng không dùng trường "so_sanh_nam_truoc" mà mẫu mặc định '
            "của phiên bản này dùng") in said
    assert said.count("so_sanh_nam_truoc") == 1


def _not_a_docx(path: Path) -> None:
    path.write_text("Báo cáo tổng kết (bản nháp)", encoding="utf-8")


def _truncated(path: Path) -> None:
    data = (TEMPLATES / REPORT).read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _damaged_part(path: Path) -> None:
    """A zip whose document part fails its checksum (a bad copy from a USB stick)."""
    data = bytearray((TEMPLATES / REPORT).read_bytes())
    with zipfile.ZipFile(TEMPLATES / REPORT) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + 100] ^= 0xFF
    path.write_bytes(bytes(data))


def _outside_link(path: Path) -> None:
    outside = path.parents[2] / "ngoai" / REPORT
    outside.parent.mkdir()
    shutil.copyfile(TEMPLATES / REPORT, outside)
    path.symlink_to(outside)


def _too_large(path: Path) -> None:
    with open(path, "wb") as handle:
        handle.truncate(21 * 1024 * 1024)  # sparse: no disk used


def _syntax(path: Path) -> None:
    shutil.copyfile(TEMPLATES / REPORT, path)
    document = docx.Document(str(path))
    document.add_paragraph("{% if nam %}Năm {{ nam }}")
    document.save(str(path))


def _loop_bomb(path: Path) -> None:
    shutil.copyfile(TEMPLATES / REPORT, path)
    document = docx.Document(str(path))
    document.add_paragraph("{% for a in don_vi %}{% for b in don_vi %}{% for c in don_vi %}{% for d in don_vi %}"
                           "{% for e in don_vi %}{% for f in don_vi %}x{% endfor %}{% endfor %}{% endfor %}"
                           "{% endfor %}{% endfor %}{% endfor %}")
    document.save(str(path))


def _p_tag_with_text(path: Path) -> None:
    shutil.copyfile(TEMPLATES / REPORT, path)
    document = docx.Document(str(path))
    document.add_paragraph("Ghi chú {%p if nam %}")
    document.add_paragraph("{%p endif %}")
    document.save(str(path))


@pytest.mark.parametrize("make, code, shown", [
    (_not_a_docx, "template_not_docx", "Mẫu không phải văn bản Word (.docx)"),
    (_truncated, "template_not_docx", "Mẫu không phải văn bản Word (.docx)"),
    (_damaged_part, "template_damaged", "Mẫu bị hỏng, không đọc được"),
    (_outside_link, "template_outside", "trỏ ra ngoài thư mục dữ liệu"),
    (_too_large, "template_too_large", "Mẫu quá lớn (21 MB, tối đa 20 MB)"),
    (_syntax, "template_syntax", "gần: {% if nam %}Năm {{ nam }}"),
    (_loop_bomb, "template_limit", "Mẫu đòi quá nhiều thời gian hoặc bộ nhớ"),
    (_p_tag_with_text, "template_tag_alone", "Thẻ {%p if nam %} phải đứng riêng một đoạn"),
])
def test_every_fault_of_a_staff_template_names_it_and_writes_nothing(data, tmp_path, capsys, make, code, shown):
    out = tmp_path / "out"
    assert run(data, out, capsys)[0] == 0
    before = {p: p.read_bytes() for p in written(out)}
    (data / "mau").mkdir()
    make(data / "mau" / REPORT)
    status, _, err = run(data, out, capsys)
    assert status == 1
    lines = [line for line in err.splitlines() if line.startswith("mau/bao_cao_tong_ket.docx: ")]
    assert lines and shown in lines[0], err
    assert "Traceback" not in err
    assert {p: p.read_bytes() for p in written(out)} == before


def test_check_reports_a_staff_template_s_layout(data, tmp_path, capsys):
    """`--check` holds the templates in use to the decree's layout: a font changed to Arial is
    a warning naming the template; nothing is written."""
    staff = data / "mau"
    staff.mkdir()
    shutil.copyfile(TEMPLATES / REPORT, staff / REPORT)
    document = docx.Document(str(staff / REPORT))
    target = next(p for p in document.paragraphs if SENTENCE in p.text)
    for run_ in target.runs:
        run_.font.name = "Arial"
    document.save(str(staff / REPORT))
    code, said, _ = run(data, tmp_path / "out", capsys, "2020", "--check")
    assert code == 0
    assert ("  mau/bao_cao_tong_ket.docx: Mẫu chưa đúng thể thức văn bản hành chính (Nghị định 30/2020/NĐ-CP): "
            f'phông chữ Arial (ở "{SENTENCE} thi đua năm"); cần Times New Roman') in said
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------------------------- #
# The grounds file
# --------------------------------------------------------------------------------------------- #


def test_the_staff_grounds_file_is_used_and_its_faults_named(data, tmp_path, capsys):
    """The 2025 sample has no CanCu sheet: its proposal cites the grounds file, the staff's
    version in mau/ when there is one."""
    make_templates(data, capsys)
    grounds = data / "mau" / "can_cu_mac_dinh.txt"
    text = grounds.read_text(encoding="utf-8")
    assert "* | Căn cứ kết quả chấm điểm, bình xét thi đua năm {nam} của {ten_khoi}" in text
    grounds.write_text(text.replace("* | Căn cứ kết quả chấm điểm, bình xét",
                                    "* | Căn cứ Quy chế hoạt động của Khối và kết quả chấm điểm, bình xét"),
                       encoding="utf-8")
    assert run(data, tmp_path / "out", capsys, "2025", "--jobs", "1")[0] == 0
    proposal = paragraphs(tmp_path / "out" / "2025" / "khoi_hoi_dac_thu" / "to_trinh_khen_thuong_2025.docx")
    assert any(t.startswith("Căn cứ Quy chế hoạt động của Khối và kết quả chấm điểm") for t in proposal)
    grounds.write_text("2020-01-01 Căn cứ thiếu dấu gạch\n", encoding="utf-8")
    status, _, err = run(data, tmp_path / "out2", capsys, "2025", "--jobs", "1")
    assert status == 1
    assert "mau/can_cu_mac_dinh.txt › dòng 1: Không đọc được danh sách căn cứ mặc định" in err


# --------------------------------------------------------------------------------------------- #
# Installed, not from the repository
# --------------------------------------------------------------------------------------------- #


def test_the_package_finds_its_default_templates():
    assert sorted(p.name for p in default_folder().glob("*.docx")) == sorted(p.name for p in TEMPLATES.glob("*.docx"))
    assert (default_folder() / "can_cu_mac_dinh.txt").is_file()


@pytest.mark.slow
def test_a_plain_pip_install_runs_the_sample_from_another_folder(tmp_path):
    """SLOW (about 30-60 s): a fresh virtual environment, `pip install .` (not editable), the
    sample run from a folder outside the repository; the documents come from the installed
    templates (package data), and `--templates` copies those."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    install = subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(ROOT)],
                             capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stderr[-2000:]
    elsewhere = tmp_path / "van_phong"
    shutil.copytree(SAMPLES / "2020", elsewhere / "du_lieu" / "2020")
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([str(python), "-m", "pipeline", "2020", "--input", "du_lieu", "--output", "ket_qua"],
                          cwd=elsewhere, capture_output=True, text=True, timeout=300, env=environment)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    report = elsewhere / "ket_qua" / "2020" / "bao_cao_tong_ket_2020.docx"
    assert opens(paragraphs(report), f"{SENTENCE} thi đua năm 2020 như bảng trên.")
    where = subprocess.run([str(python), "-c", "from pipeline.documents.template_files import default_folder; "
                            "print(default_folder())"], cwd=elsewhere, capture_output=True, text=True, env=environment)
    installed = Path(where.stdout.strip())
    assert installed.is_relative_to(venv) and installed.name == "templates_docx"
    copied = subprocess.run([str(python), "-m", "pipeline", "--templates", "--input", "du_lieu"], cwd=elsewhere,
                            capture_output=True, text=True, env=environment)
    assert copied.returncode == 0, copied.stderr
    assert checksums(elsewhere / "du_lieu" / "mau") == checksums(TEMPLATES)


# --------------------------------------------------------------------------------------------- #
# The checker on the shipped templates
# --------------------------------------------------------------------------------------------- #

MARKS = {
    "bao_cao_tong_ket.docx": {"so", "signature", "noi_nhan"},
    "to_trinh_khen_thuong.docx": {"so", "signature", "noi_nhan"},
    "bien_ban_hop.docx": {"so", "signature", "noi_nhan"},
    "giao_uoc_thi_dua.docx": {"signature", "noi_nhan"},  # the pledge leaves out the Số line (SPEC §3)
    "phieu_bau.docx": set(),  # a ballot: neither signed nor sent
    "bao_cao_thanh_tich.docx": {"signature"},  # a unit's report: no number, sent with the dossier
}


def parts_of(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


@pytest.mark.parametrize("name", sorted(MARKS))
def test_the_shipped_templates_pass_the_checker(name):
    found = check_template(parts_of(TEMPLATES / name), f"templates_docx/{name}")
    assert [p.format() for p in found.problems] == []
    assert found.marks == MARKS[name]


def test_the_shipped_templates_are_all_declared():
    assert sorted(p.name for p in TEMPLATES.glob("*.docx")) == sorted(MARKS)


def _edited(tmp_path: Path, change) -> dict[str, bytes]:
    path = tmp_path / REPORT
    shutil.copyfile(TEMPLATES / REPORT, path)
    document = docx.Document(str(path))
    change(document)
    document.save(str(path))
    return parts_of(path)


def _split_tag(document) -> None:
    paragraph = next(p for p in document.paragraphs if SENTENCE in p.text)
    text = paragraph.runs[0].text
    cut = text.index("{{ nam }}") + 4
    paragraph.runs[0].text = text[:cut]
    paragraph.add_run(text[cut:]).bold = True


def _margins(document) -> None:
    from docx.shared import Mm

    document.sections[0].left_margin = Mm(20)


def _letter(document) -> None:
    from docx.shared import Mm

    document.sections[0].page_width, document.sections[0].page_height = Mm(216), Mm(279)


def _small(document) -> None:
    from docx.shared import Pt

    next(p for p in document.paragraphs if SENTENCE in p.text).runs[0].font.size = Pt(9)


def _no_header(document) -> None:
    table = document.tables[0]._element
    table.getparent().remove(table)


def _no_recipients(document) -> None:
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    if paragraph.text == "Nơi nhận:":
                        paragraph.runs[0].text = "Gửi:"


def _tr_with_text(document) -> None:
    row = document.tables[2].rows[1]
    row.cells[1].paragraphs[0].add_run("ghi chú")


@pytest.mark.parametrize("change, code, detail", [
    (_split_tag, "template_tag_split", "{{ nam }}"),
    (_margins, "template_layout", "lề trái 20 mm; cần từ 30 đến 35 mm"),
    (_letter, "template_layout", "khổ giấy 216 x 279 mm; cần A4 dọc (210 x 297 mm)"),
    (_small, "template_layout", "cỡ chữ 9 (ở"),
    (_no_header, "template_layout", "văn bản cần mở đầu bằng bảng hai cột"),
    (_tr_with_text, "template_tag_alone", "Thẻ {%tr for dv in don_vi %} phải đứng riêng một dòng của bảng"),
])
def test_the_checker_finds(tmp_path, change, code, detail):
    found = check_template(_edited(tmp_path, change), "mau/bao_cao_tong_ket.docx")
    assert [p.code for p in found.problems] == [code], [p.format() for p in found.problems]
    assert detail in found.problems[0].format()


def test_a_staff_version_keeps_the_marks_of_its_default(tmp_path):
    from pipeline.documents.template_check import missing_marks

    default = check_template(parts_of(TEMPLATES / REPORT), "templates_docx/bao_cao_tong_ket.docx")
    staff = check_template(_edited(tmp_path, _no_recipients), "mau/bao_cao_tong_ket.docx")
    assert [p.format() for p in missing_marks(staff, default, "mau/bao_cao_tong_ket.docx")] == [
        "mau/bao_cao_tong_ket.docx: Mẫu chưa đúng thể thức văn bản hành chính (Nghị định 30/2020/NĐ-CP): "
        "thiếu mục Nơi nhận: như mẫu mặc định"]


def test_check_holds_the_default_templates_to_the_checker_too(tmp_path):
    """A developer's edit of templates_docx/ that breaks the layout shows in --check (a run
    checks only the staff's versions: the tests hold the defaults to it)."""
    from pipeline.commands.run import run as run_year

    defaults = tmp_path / "templates_docx"
    shutil.copytree(TEMPLATES, defaults)
    document = docx.Document(str(defaults / REPORT))
    from docx.shared import Mm

    document.sections[0].right_margin = Mm(30)
    document.save(str(defaults / REPORT))
    checked = run_year(2020, SAMPLES, tmp_path / "out", write=False, templates_dir=defaults)
    assert [p.format() for p in checked.problems if p.code == "template_layout"] == [
        "templates_docx/bao_cao_tong_ket.docx: Mẫu chưa đúng thể thức văn bản hành chính (Nghị định 30/2020/NĐ-CP): "
        "lề phải 30 mm; cần từ 15 đến 20 mm"]


def test_make_ballots_uses_the_staff_ballot_paper(data, tmp_path, capsys):
    staff = data / "mau"
    staff.mkdir()
    shutil.copyfile(TEMPLATES / "phieu_bau.docx", staff / "phieu_bau.docx")
    edit_with_python_docx(staff / "phieu_bau.docx", "Đồng ý đề nghị đơn vị nào thì đánh dấu X",
                          "Đồng ý đơn vị nào thì ghi dấu X")
    code, said, err = run(data, tmp_path / "out", capsys, "2020", "--ballots")
    assert code == 0, err
    ballot = paragraphs(tmp_path / "out" / "2020" / "phieu_bau_2020.docx")
    assert any(text.startswith("Đồng ý đơn vị nào thì ghi dấu X") for text in ballot)
    assert staff_listed(said) == ["mau/phieu_bau.docx"]


def test_make_templates_never_writes_through_a_link_out_of_the_input(data, tmp_path, capsys):
    elsewhere = tmp_path / "noi_khac"
    elsewhere.mkdir()
    (data / "mau").symlink_to(elsewhere)
    assert cli.main(["--templates", "--input", str(data)]) == 2
    assert "trỏ ra ngoài thư mục dữ liệu" in capsys.readouterr().err
    assert list(elsewhere.iterdir()) == []
