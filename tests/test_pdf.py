"""`make pdf`: LibreOffice, an independent office suite, opens our documents and prints them.

What it prints (read back with poppler's pdftotext and pdfinfo) must hold the units, totals and
awards, on A4 pages, with the ranked tables' header repeated and no row split, page numbers
from page 2 on, and every letter drawn in the Times New Roman face LibreOffice uses (no glyph
taken from a fallback font). These tests need LibreOffice: CI installs it (make office);
elsewhere they are skipped when `soffice` cannot be found. The tests of pipeline.write.pdf's own
logic (usage errors, one call per folder, private profile, timeout) use a stand-in soffice and
run everywhere.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from docxread import table_with_header

from pipeline.write import pdf
from pipeline.cli import main
from pipeline.problems import UsageError

ROOT = Path(__file__).resolve().parent.parent
SOFFICE = pdf.find_soffice()
_office_installed = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed here; `make office` installs it, and CI runs these tests",
)


def needs_office(test):  # type: ignore[no-untyped-def]
    """A test LibreOffice runs in: skipped without it, and slow (`make test-fast` leaves it out)."""
    return pytest.mark.slow(_office_installed(test))
REPORT, PROPOSAL, PLEDGE = "bao_cao_tong_ket_2020", "to_trinh_khen_thuong_2020", "giao_uoc_thi_dua_2021"
MINUTES = "bien_ban_hop_2020"
# the 2020 sample's achievement reports, in ho_so/
DOSSIER = [f"bao_cao_thanh_tich_{code}_2020" for code in ("CT", "DBQH", "UBND", "STC", "KBNN")]
UNITS = [
    "Văn phòng Đoàn ĐBQH tỉnh", "Văn phòng HĐND tỉnh", "Văn phòng UBND tỉnh", "Sở Tài chính", "Sở KH&ĐT",
    "Cục Thống kê", "Cục Thuế", "Ngân hàng Nhà nước chi nhánh tỉnh Bắc Giang",
    "Kho bạc Nhà nước chi nhánh tỉnh Bắc Giang", "Quỹ Đầu tư phát triển tỉnh", "Sở Nội vụ",
]
HEADS = ["Bùi Xuân Trường", "Đặng Công Thành", "Đỗ Văn Khánh", "Dương Thị Hồng Nhung"]
AWARDS = ["Cờ thi đua của Chính phủ", "Cờ thi đua của UBND tỉnh", "Bằng khen của Chủ tịch UBND tỉnh"]
# LibreOffice prints Times New Roman with the font itself, or with a metric-compatible face
TIMES_FACES = ("TimesNewRoman", "LiberationSerif", "Tinos")
PAGES = {REPORT: (3, 7), PROPOSAL: (2, 4), PLEDGE: (2, 4), MINUTES: (2, 6)}


def poppler(tool: str) -> str:
    found = shutil.which(tool)
    assert found, f"{tool} (poppler-utils) is needed to read the PDFs: make office installs it"
    return found


def pdf_text(path: Path, page: int | None = None, layout: bool = False) -> str:
    """The text as LibreOffice wrote it (`-raw`: in the order of the content, cell by cell), so a
    table row or a header line reads whole whatever poppler's column guessing makes of it."""
    command = [poppler("pdftotext"), "-enc", "UTF-8"] + ([] if layout else ["-raw"])
    if page is not None:
        command += ["-f", str(page), "-l", str(page)]
    if layout:
        command.append("-layout")
    done = subprocess.run(command + [str(path), "-"], capture_output=True, check=True)
    return unicodedata.normalize("NFC", done.stdout.decode("utf-8"))


def flat(text: str) -> str:
    """Text with every run of spaces and line breaks folded: a wrapped cell reads whole."""
    return " ".join(text.split())


def page_count(path: Path) -> int:
    info = subprocess.run([poppler("pdfinfo"), str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pdf")
    assert main(["2020", "--input", str(ROOT / "input_samples"), "--output", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def pdfs(generated) -> dict[str, Path]:
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed here")
    made = pdf.convert_year(2020, generated)
    return {path.stem: path for path in made}


# --------------------------------------------------------------------------------------------- #
# With LibreOffice
# --------------------------------------------------------------------------------------------- #


@needs_office
def test_a_pdf_beside_each_document(generated, pdfs):
    folder = generated / "2020"
    assert sorted(pdfs) == sorted([REPORT, PROPOSAL, MINUTES, PLEDGE] + DOSSIER)
    for stem, path in pdfs.items():
        assert (path.parent / f"{stem}.docx").is_file()
        assert path.parent == (folder / "ho_so" if stem in DOSSIER else folder)
        assert path.read_bytes().startswith(b"%PDF-")
    assert not (folder / "bang_diem_2020.pdf").exists()
    assert not list(folder.glob(".*.tmp")), "no half-written file left"


@needs_office
@pytest.mark.parametrize("stem", [REPORT, PROPOSAL, MINUTES, PLEDGE])
def test_a4_pages_and_a_sane_page_count(pdfs, stem):
    path = pdfs[stem]
    count = page_count(path)
    low, high = PAGES[stem]
    assert low <= count <= high, f"{count} pages"
    info = subprocess.run([poppler("pdfinfo"), "-f", "1", "-l", str(count), str(path)],
                          capture_output=True, text=True, check=True).stdout
    sizes = re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    assert len(sizes) == count
    for width, height in sizes:
        assert width.startswith("595.") and height.startswith("841."), f"{width} x {height} pts is not A4 portrait"


@needs_office
def test_report_prints_every_unit_total_and_award(pdfs):
    text = flat(pdf_text(pdfs[REPORT]))
    missing = [name for name in UNITS if name not in text]
    assert not missing, f"not in the PDF: {missing}"
    for expected in [*AWARDS, "96,5", "95,5", "92,5", "89,5", "lý do: có công chức bị kỷ luật cảnh cáo năm 2020",
                     "04 đơn vị xếp thứ tư (94 điểm)", "UBND TỈNH BẮC GIANG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", "Bắc Giang, ngày 08 tháng 01 năm 2021",
                     "Số: /BC-KTĐ", "phấn đấu hoàn thành xuất sắc nhiệm vụ năm 2021./.",
                     "TM. KHỐI THI ĐUA TRƯỞNG KHỐI CỤC TRƯỞNG CỤC THUẾ", "Đỗ Văn Khánh", "Nơi nhận:"]:
        assert expected in text, expected


@needs_office
def test_report_chart_is_drawn_on_its_caption_page(pdfs):
    """LibreOffice draws the Word chart (its legend, value axis and every unit's label) on the
    page of its caption: the chart never leaves its caption behind."""
    pages = [pdf_text(pdfs[REPORT], page) for page in range(1, page_count(pdfs[REPORT]) + 1)]
    page = next(text for text in pages if "Biểu đồ tổng điểm thi đua năm 2020" in text)
    words = flat(page).split()
    for legend in ("Đề nghị khen thưởng", "Không đủ điều kiện", "Các đơn vị khác"):
        assert legend in flat(page), legend
    # the value axis starts near the lowest total (87), not at zero, in Vietnamese numbers
    assert "86" in words and "0" not in words and "96,5" in words
    assert all(name in flat(page) for name in UNITS)


@needs_office
def test_proposal_prints_grounds_proposals_and_annex(pdfs, generated):
    text = flat(pdf_text(pdfs[PROPOSAL]))
    for expected in ["TỜ TRÌNH", "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Bắc Giang.",
                     "Căn cứ Nghị định số 91/2017/NĐ-CP", "PHỤ LỤC", "(Kèm theo Tờ trình số /TTr-KTĐ"]:
        assert expected in text, expected
    annex = table_with_header(generated / "2020" / f"{PROPOSAL}.docx", "STT")
    for row in annex[1:]:
        assert " ".join(cell for cell in row if cell) in text, f"annex row not printed whole: {row}"


@needs_office
def test_pledge_prints_every_unit_and_head(pdfs):
    text = flat(pdf_text(pdfs[PLEDGE]))
    assert "BẢN GIAO ƯỚC THI ĐUA NĂM 2021" in text
    missing = [name.upper() for name in UNITS if name.upper() not in text]
    assert not missing, f"not in the signing grid: {missing}"
    assert all(head in text for head in HEADS)
    assert text.index("KHO BẠC NHÀ NƯỚC CHI NHÁNH TỈNH BẮC GIANG") < text.index("SỞ NỘI VỤ")


@needs_office
def test_ranked_table_repeats_its_header_and_no_row_splits(pdfs, generated):
    path = pdfs[REPORT]
    rows = table_with_header(generated / "2020" / f"{REPORT}.docx", "Hạng")
    award = rows[0].index("Đề nghị khen thưởng")
    header = " ".join(rows[0][:award])  # the last column is read after the others by pdftotext
    pages = [flat(pdf_text(path, page)) for page in range(1, page_count(path) + 1)]
    # each row (rank to total) reads whole on one page: the row was not split
    where = []
    for row in rows[1:]:
        printed = " ".join(row[:award])
        found = [number for number, text in enumerate(pages, start=1) if printed in text]
        assert found, f"row not printed whole on any page: {printed}"
        where.append(found[0])
    spanned = range(min(where), max(where) + 1)
    assert len(spanned) >= 2, "the sample's table is expected to run over a page break"
    for number in spanned:
        assert header in pages[number - 1], f"page {number} holds rows of the table but not its header"


@needs_office
@pytest.mark.parametrize("stem", [REPORT, PROPOSAL, MINUTES, PLEDGE])
def test_page_numbers_from_page_two(pdfs, stem):
    path = pdfs[stem]
    first_lines = []
    for page in range(1, page_count(path) + 1):
        lines = [line.strip() for line in pdf_text(path, page, layout=True).splitlines() if line.strip()]
        first_lines.append(lines[0])
    assert not first_lines[0].isdigit(), "no number on the first page"
    assert first_lines[1:] == [str(n) for n in range(2, len(first_lines) + 1)]


@needs_office
@pytest.mark.parametrize("stem", [REPORT, PROPOSAL, MINUTES, PLEDGE])
def test_every_letter_is_printed_in_the_times_face(pdfs, stem):
    listing = subprocess.run([poppler("pdffonts"), str(pdfs[stem])], capture_output=True, text=True, check=True).stdout
    fonts = [line.split()[0].split("+")[-1] for line in listing.splitlines()[2:] if line.strip()]
    assert fonts
    other = [font for font in fonts if not font.startswith(TIMES_FACES)]
    assert not other, (
        f"LibreOffice took glyphs from {other}: the Times New Roman substitute lacks Vietnamese letters. "
        "Install fonts-liberation2 (make office does)"
    )


@needs_office
def test_several_blocks_one_call_per_folder_skipping_loi_and_forms(tmp_path, generated, capsys):
    year = tmp_path / "out" / "2020"
    for block in ("khoi_a", "khoi_b"):
        shutil.copytree(generated / "2020", year / block, ignore=shutil.ignore_patterns("*.pdf"))
    for skipped in ("loi", "phieu_cham_diem"):
        (year / skipped).mkdir()
        shutil.copy(generated / "2020" / f"{REPORT}.docx", year / skipped / "x.docx")
    assert main(["2020", "--output", str(tmp_path / "out"), "--pdf"]) == 0
    heading, *printed = capsys.readouterr().out.splitlines()
    assert heading == f"Đã tạo {2 * (4 + len(DOSSIER))} tệp PDF:"
    printed = [line.strip() for line in printed]
    made = sorted(p.relative_to(year).as_posix() for p in year.rglob("*.pdf"))
    assert made == sorted([f"{block}/{stem}.pdf" for block in ("khoi_a", "khoi_b")
                           for stem in (REPORT, PROPOSAL, MINUTES, PLEDGE)]
                          + [f"{block}/ho_so/{stem}.pdf" for block in ("khoi_a", "khoi_b") for stem in DOSSIER])
    assert sorted(printed) == sorted(str(year / m) for m in made)


# --------------------------------------------------------------------------------------------- #
# pipeline.write.pdf's own logic, with a stand-in for soffice
# --------------------------------------------------------------------------------------------- #


def test_no_soffice_is_a_clear_usage_error(generated, monkeypatch, capsys):
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    with pytest.raises(UsageError) as caught:
        pdf.convert_year(2020, generated)
    assert "Không tìm thấy LibreOffice (lệnh soffice)" in caught.value.message
    assert main(["2020", "--output", str(generated), "--pdf"]) == 2
    assert capsys.readouterr().err.startswith("Không tìm thấy LibreOffice (lệnh soffice)")


def test_no_output_folder_or_no_document_is_a_clear_usage_error(tmp_path, capsys):
    assert main(["2020", "--output", str(tmp_path), "--pdf"]) == 2
    assert capsys.readouterr().err.startswith(f"Chưa có thư mục kết quả năm 2020: {tmp_path / '2020'}")
    (tmp_path / "2020" / "loi").mkdir(parents=True)
    (tmp_path / "2020" / "loi" / "x.docx").write_bytes(b"")
    (tmp_path / "2020" / "bang_diem_2020.xlsx").write_bytes(b"")
    with pytest.raises(UsageError) as caught:
        pdf.convert_year(2020, tmp_path, soffice="/nonexistent/soffice")
    assert caught.value.message.startswith(f"Thư mục {tmp_path / '2020'} chưa có văn bản Word (.docx) nào")


posix_only = pytest.mark.skipif(os.name != "posix", reason="the stand-in soffice is a shell script")

FAKE_SOFFICE = """#!/bin/sh
# a stand-in for soffice: logs its arguments, then does what MODE says
printf '%s\\n' "$@" >> "{log}"
echo ---- >> "{log}"
case "{mode}" in
  sleep) sleep 60 ;;
  nothing) exit 0 ;;
  fail) echo "javaldx: boom" >&2; exit 81 ;;
esac
outdir=""; prev=""
for arg in "$@"; do
  if [ "$prev" = "--outdir" ]; then outdir="$arg"; fi
  prev="$arg"
done
for arg in "$@"; do
  case "$arg" in *.docx) name=$(basename "$arg" .docx); echo "%PDF-fake $name" > "$outdir/$name.pdf" ;; esac
done
"""


def fake_soffice(tmp_path: Path, mode: str) -> tuple[str, Path]:
    log = tmp_path / "soffice.log"
    script = tmp_path / "soffice"
    script.write_text(FAKE_SOFFICE.format(log=log, mode=mode))
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script), log


def two_blocks(tmp_path: Path) -> Path:
    year = tmp_path / "out" / "2020"
    for block in ("khoi_a", "khoi_b"):
        (year / block).mkdir(parents=True)
        for stem in (REPORT, PLEDGE):
            (year / block / f"{stem}.docx").write_bytes(b"docx")
    (year / "phieu_cham_diem").mkdir()
    (year / "phieu_cham_diem" / "form.docx").write_bytes(b"docx")
    (year / "khoi_a" / f"~${REPORT}.docx").write_bytes(b"lock")
    return tmp_path / "out"


@posix_only
def test_one_call_per_folder_with_a_private_profile(tmp_path):
    program, log = fake_soffice(tmp_path, "convert")
    out = two_blocks(tmp_path)
    made = pdf.convert_year(2020, out, soffice=program)
    assert [p.relative_to(out).as_posix() for p in made] == [
        f"2020/khoi_a/{REPORT}.pdf", f"2020/khoi_a/{PLEDGE}.pdf",
        f"2020/khoi_b/{REPORT}.pdf", f"2020/khoi_b/{PLEDGE}.pdf",
    ]
    assert (out / "2020" / "khoi_b" / f"{PLEDGE}.pdf").read_text().strip() == f"%PDF-fake {PLEDGE}"
    calls = [call.split("\n") for call in log.read_text().split("----\n") if call.strip()]
    assert len(calls) == 2, "one soffice call per folder"
    for call, block in zip(calls, ("khoi_a", "khoi_b")):
        profile = [arg for arg in call if arg.startswith("-env:UserInstallation=file:///")]
        assert len(profile) == 1 and "--headless" in call and "--convert-to" in call
        docs = [arg for arg in call if arg.endswith(".docx")]
        assert sorted(Path(d).name for d in docs) == sorted([f"{REPORT}.docx", f"{PLEDGE}.docx"])
        assert all(Path(d).parent.name == block for d in docs)
        outdir = call[call.index("--outdir") + 1]
        assert Path(outdir).parent != out / "2020" / block, "PDFs are staged, then moved into place"
    # the profile lives in a fresh temporary folder, removed after the run
    folder = Path(profile[0].split("file://", 1)[1]).parent
    assert not folder.exists()
    assert not (out / "2020" / "phieu_cham_diem" / "form.pdf").exists()


@posix_only
def test_timeout_stops_libreoffice_and_says_so(tmp_path, monkeypatch):
    program, _ = fake_soffice(tmp_path, "sleep")
    monkeypatch.setattr(pdf, "TIMEOUT_BASE", 1.0)
    monkeypatch.setattr(pdf, "TIMEOUT_PER_DOCUMENT", 0.0)
    out = two_blocks(tmp_path)
    with pytest.raises(pdf.ConversionError) as caught:
        pdf.convert_year(2020, out, soffice=program)
    assert "LibreOffice chưa chuyển xong sau 1 giây" in caught.value.message
    assert caught.value.exit_code == 2
    assert not list(out.rglob("*.pdf")) and not list(out.rglob("*.tmp"))


@posix_only
@pytest.mark.parametrize("mode, message", [
    ("nothing", "LibreOffice không tạo được PDF cho: "),
    ("fail", "LibreOffice báo lỗi khi chuyển sang PDF (mã 81): javaldx: boom"),
])
def test_libreoffice_failing_is_reported(tmp_path, mode, message):
    program, _ = fake_soffice(tmp_path, mode)
    with pytest.raises(pdf.ConversionError) as caught:
        pdf.convert_year(2020, two_blocks(tmp_path), soffice=program)
    assert caught.value.message.startswith(message)


def test_find_soffice_uses_path(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    if sys.platform != "win32":
        assert pdf.find_soffice() is None
        program, _ = fake_soffice(tmp_path, "nothing")
        assert pdf.find_soffice() == program


# --------------------------------------------------------------------------------------------- #
# Clean pages (issue 9): judged on LibreOffice's PDF, word by word
# --------------------------------------------------------------------------------------------- #


def pdf_words(path: Path) -> list[list[tuple[float, float, str]]]:
    """Each page's words as (x, y, text), in content order, from `pdftotext -bbox`."""
    from xml.etree import ElementTree

    done = subprocess.run([poppler("pdftotext"), "-bbox", str(path), "-"], capture_output=True, check=True)
    html = ElementTree.fromstring(re.sub(rb"<!DOCTYPE[^>]*>", b"", done.stdout))
    pages = []
    for page in html.iter("{http://www.w3.org/1999/xhtml}page"):
        height = float(page.get("height"))
        pages.append([(float(w.get("xMin")), float(w.get("yMin")) / height,
                       unicodedata.normalize("NFC", w.text or ""))
                      for w in page.iter("{http://www.w3.org/1999/xhtml}word")])
    return pages


@needs_office
def test_the_award_column_holds_the_longest_form_in_two_lines(pdfs):
    words = [w for page in pdf_words(pdfs[REPORT]) for w in page]
    form = "Bằng khen của Chủ tịch UBND tỉnh".split()
    starts = [i for i in range(len(words)) if [w[2] for w in words[i:i + len(form)]] == form]
    assert starts, "the certificate is in the ranking table"
    for start in starts:
        lines = {round(w[1], 3) for w in words[start:start + len(form)]}
        assert len(lines) <= 2, f"{len(lines)} lines for the award's name"


@needs_office
@pytest.mark.parametrize("stem", [REPORT, PROPOSAL, MINUTES, PLEDGE])
def test_signatures_and_noi_nhan_never_stand_alone(pdfs, stem):
    pages = [" ".join(w[2] for w in page) for page in pdf_words(pdfs[stem])]
    signed = [i for i, text in enumerate(pages) if "Nơi nhận:" in text]
    assert len(signed) == 1
    page = pages[signed[0]]
    if stem != PLEDGE:  # the body's closing line and the signatures share a page
        assert "./." in page, f"page {signed[0] + 1} holds the signatures without the text they close"
    else:  # the pledge: Nơi nhận under the last signing cell
        assert "Dương Thị Hồng Nhung" in page


@needs_office
def test_no_page_of_the_report_is_left_mostly_blank(pdfs):
    pages = pdf_words(pdfs[REPORT])
    for number, page in enumerate(pages[:-1], start=1):
        lowest = max(y for _, y, _ in page)
        assert lowest > 0.6, f"page {number} ends at {lowest:.0%} of its height: something jumped to the next page"


@needs_office
def test_the_pledge_grid_never_parts_a_unit_from_its_head(pdfs):
    for page in pdf_words(pdfs[PLEDGE]):
        text = " ".join(w[2] for w in page)
        for unit, head in zip(["KHO BẠC NHÀ NƯỚC", "SỞ NỘI VỤ", "CỤC THUẾ", "QUỸ ĐẦU TƯ PHÁT TRIỂN TỈNH"],
                              ["Bùi Xuân Trường", "Đặng Công Thành", "Đỗ Văn Khánh", "Dương Thị Hồng Nhung"]):
            assert (unit in text) == (head in text), f"{unit} and {head} on different pages"


@needs_office
@pytest.mark.parametrize("stem", [REPORT, PROPOSAL, MINUTES, PLEDGE])
def test_no_page_is_blank(pdfs, stem):
    """A page with nothing but its number (an empty line spilled after a last table) is a sheet a
    clerk would have to take out before signing."""
    for number, page in enumerate(pdf_words(pdfs[stem]), start=1):
        assert [w for w in page if w[2] != str(number)], f"page {number} of {stem} is blank"


# The 2025 sample's blocks lay out otherwise than 2020's: the small block's minutes fill their
# page to the foot. The signatures and `Nơi nhận:` must still stand with the text they close.
@pytest.fixture(scope="module")
def pdfs_2025(tmp_path_factory) -> dict[str, Path]:
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed here")
    out = tmp_path_factory.mktemp("pdf2025")
    assert main(["2025", "--input", str(ROOT / "input_samples"), "--output", str(out)]) == 0
    return {path.relative_to(out / "2025").with_suffix("").as_posix(): path for path in pdf.convert_year(2025, out)}


@needs_office
def test_the_2025_signatures_and_noi_nhan_stand_with_the_closing_text(pdfs_2025):
    for name, path in pdfs_2025.items():
        if "giao_uoc" in name or "/ho_so/" in name:
            continue  # the pledge closes with its signing grid, tested on the 2020 sample; a report has no Nơi nhận
        pages = [" ".join(w[2] for w in page) for page in pdf_words(path)]
        signed = [i for i, text in enumerate(pages) if "Nơi nhận:" in text]
        assert len(signed) == 1, name
        assert "./." in pages[signed[0]], f"{name}: page {signed[0] + 1} holds Nơi nhận without the text it closes"


@needs_office
def test_a_line_break_typed_in_a_report_paragraph_does_not_stretch_the_line(tmp_path):
    """A TongKet cell with Alt+Enter after a short line: the justified paragraph must not spread
    that line's words across the page (Word's and LibreOffice's default for a soft line break)."""
    from builders import default_case, write_case

    case = default_case()
    case.sections = [("Ưu điểm", "Kết quả nổi bật:\nHoàn thành toàn bộ chỉ tiêu được giao trong năm.")]
    root = write_case(case, tmp_path / "in")
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out")]) == 0
    made = {path.stem: path for path in pdf.convert_year(2020, tmp_path / "out")}
    words = pdf_words(made[REPORT])[0]
    end = next(w for w in words if w[2] == "bật:")
    line = sorted((w for w in words if w[1] == end[1]), key=lambda w: w[0])
    assert [w[2] for w in line] == ["Kết", "quả", "nổi", "bật:"]
    assert end[0] - line[0][0] < 120, f"the four words before the break span {end[0] - line[0][0]:.0f} pt"


@needs_office
def test_each_achievement_report_keeps_its_result_with_its_heading_and_signs_after_its_tables(pdfs_2025):
    """LibreOffice left the heading of the block's result alone at the foot of a page (Thuế tỉnh's
    report): the heading and its sentence stand on one page; the head signs on the page of the last
    table's end, or the one after it."""
    reports = {name: path for name, path in pdfs_2025.items() if "/ho_so/" in name}
    assert len(reports) >= 5
    for name, path in reports.items():
        pages = [" ".join(w[2] for w in page) for page in pdf_words(path)]
        heading = next(i for i, text in enumerate(pages) if "Kết quả chấm điểm, xếp hạng thi đua trong Khối" in text)
        assert "Khối đã thống nhất đề nghị tặng" in pages[heading], name
        assert "Hình thức khen thưởng" in " ".join(pages[-2:]), name


@needs_office
def test_the_2025_closing_page_holds_more_than_the_closing_lines(pdfs_2025):
    """The closing sentence never goes to a page alone with the signatures: the paragraph before
    it keeps with it (issue 19)."""
    closing = {"bien_ban_hop": "Cuộc họp kết thúc", "bao_cao_tong_ket": "Trên đây là báo cáo"}
    for name, path in pdfs_2025.items():
        kind = name.rsplit("/", 1)[-1].rsplit("_", 1)[0]
        if kind not in closing:
            continue
        pages = [" ".join(w[2] for w in page) for page in pdf_words(path)]
        number = next(i for i, text in enumerate(pages) if closing[kind] in text)
        before = pages[number].split(closing[kind])[0].split()
        assert len(before) > 5, f"{name}: page {number + 1} holds only the closing lines"


@needs_office
def test_every_unit_is_named_on_the_2025_charts(pdfs_2025):
    """The chart of a block of six whose names wrap (`Sở Nông nghiệp và Môi trường`) named only
    every other bar when LibreOffice drew it shorter than the template: each unit's name is on its
    block's chart, read between the paragraph before the chart and the caption (chart labels hold
    no full stop; the paragraph before ends with one)."""
    reports = {name: path for name, path in pdfs_2025.items() if name.endswith("/bao_cao_tong_ket_2025")}
    assert len(reports) == 3
    for name, path in reports.items():
        units = [row[1] for row in table_with_header(path.with_suffix(".docx"), "Hạng")[1:]]
        pages = [flat(pdf_text(path, page)) for page in range(1, page_count(path) + 1)]
        page = next(text for text in pages if "Biểu đồ tổng điểm thi đua năm 2025" in text)
        chart = page.split("Biểu đồ tổng điểm thi đua năm 2025")[0].rsplit(".", 1)[1]
        missing = [unit for unit in units if unit not in chart]
        assert not missing, f"{name}: not named on the chart: {missing} (chart reads: {chart})"


@needs_office
def test_the_2025_minutes_keep_a_short_table_whole(pdfs_2025):
    """The units proposed, under their heading, on one page: never the header and one row left at a
    page's foot (issue 19)."""
    pages = [" ".join(w[2] for w in page) for page in pdf_words(pdfs_2025["khoi_tham_muu_tong_hop/bien_ban_hop_2025"])]
    page = next(text for text in pages if "3. Danh sách đề nghị khen thưởng" in text)
    listed = page.split("3. Danh sách đề nghị khen thưởng")[1]
    for unit in ("Văn phòng UBND tỉnh", "Thuế tỉnh Bắc Ninh", "Sở Tài chính", "Sở Nội vụ", "Kho bạc Nhà nước Khu vực"):
        assert unit in listed, f"{unit} is not on the page of the table's heading"


@needs_office
def test_every_unit_with_a_name_of_two_lines_is_named_on_the_chart(tmp_path):
    """Names of 66 to 72 letters wrap to two lines beside the bars; LibreOffice named only every
    other bar until each such row got 1.7 times the room (seen at 4, 6, 11 and 24 units)."""
    from builders import UnitSpec, default_case, totals_scores, write_case

    long_names = ["Ban Quản lý các khu công nghiệp và khu kinh tế cửa khẩu tỉnh Lạng Sơn",
                  "Trung tâm Xúc tiến đầu tư, thương mại và du lịch tỉnh Bà Rịa - Vũng Tàu",
                  "Trường Cao đẳng Kỹ thuật công nghiệp và Nông lâm nghiệp Nam Bộ tỉnh"]
    case = default_case(STC=95, SKHDT=90, CT=85, SNV=80)
    for index in range(4, 7):
        case.units.append(UnitSpec(f"DV{index}", "", "Nguyễn Văn An", "Giám đốc"))
        case.scores[f"DV{index}"] = totals_scores(70 + index)
    for index, unit in enumerate(case.units):
        unit.name = f"{long_names[index % 3]} {index}"
    root = write_case(case, tmp_path / "in")
    assert main(["2020", "--input", str(root), "--output", str(tmp_path / "out")]) == 0
    made = {path.stem: path for path in pdf.convert_year(2020, tmp_path / "out")}
    pages = [flat(pdf_text(made[REPORT], page)) for page in range(1, page_count(made[REPORT]) + 1)]
    page = next(text for text in pages if "Biểu đồ tổng điểm thi đua năm 2020" in text)
    chart = page.split("Biểu đồ tổng điểm thi đua năm 2020")[0].rsplit(".", 1)[-1]  # at a page's top: all of it
    missing = [unit.name for unit in case.units if unit.name not in chart]
    assert not missing, f"not named on the chart: {missing} (chart reads: {chart})"
