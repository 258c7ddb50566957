"""SPEC §2 and §5: files that are not what their name says, and the formats a reader supports."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from builders import (
    YEAR,
    default_case,
    encrypted_xlsx_bytes,
    ods_bytes,
    problem_rows,
    score_path,
    score_rows,
    write_case,
    xls_bytes,
)

from pipeline.read import workbook
from pipeline.problems import InputError, Problem
from pipeline.commands.run import run

ROOT = Path(__file__).resolve().parent.parent
CASE = default_case(STC=95, CT=90, SNV=85, SKHDT=80)


def problems_of(root: Path) -> list[Problem]:
    try:
        return list(run(YEAR, root, root.parent / "out", write=False, jobs=1).problems)
    except InputError as exc:
        return exc.problems


def truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def docx_bytes() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def panicking_xls() -> bytes:
    """An .xls whose only stream claims to be short, so it is looked for in a mini stream that
    does not exist: calamine panics on it."""
    data = bytearray(xls_bytes({"A": [["x"]]}))
    size_field = 512 + 512 + 128 + 120  # header, FAT sector, root entry, then the stream's size
    data[size_field:size_field + 4] = (100).to_bytes(4, "little")
    return bytes(data)


FILE_CASES = [
    ("empty", "diem/trong.xlsx", lambda: b"", "file_empty"),
    ("damaged", "diem/hong.xlsx", lambda: truncated(score_path_bytes()), "file_unreadable"),
    ("text named .xlsx", "diem/ghi_chu.xlsx", lambda: "Điểm: 95".encode(), "file_not_workbook"),
    ("Word file renamed", "diem/bao_cao.xlsx", docx_bytes, "file_not_workbook"),
    ("web page saved as .xls", "diem/xuat_tu_phan_mem.xls", lambda: b"<html><table><tr><td>95</td></tr></table></html>",
     "file_not_workbook"),
    ("password-protected", "diem/mat_khau.xlsx", encrypted_xlsx_bytes, "file_password"),
    ("damaged .xls", "diem/cu.xls", panicking_xls, "file_old_format"),
]


def score_path_bytes() -> bytes:
    return (ROOT / "input_samples" / str(YEAR) / "diem" / "so_tai_chinh.xlsx").read_bytes()


@pytest.mark.parametrize("name, make, code", [c[1:] for c in FILE_CASES], ids=[c[0] for c in FILE_CASES])
def test_file_fault(tmp_path, name, make, code):
    root = write_case(CASE, tmp_path / "in")
    (root / str(YEAR) / name).write_bytes(make())
    assert problem_rows(problems_of(root)) == [(name, "", "", code)]


def test_file_messages(tmp_path):
    root = write_case(CASE, tmp_path / "in")
    for _, name, make, _ in FILE_CASES:
        (root / str(YEAR) / name).write_bytes(make())
    messages = {p.file: p.message for p in problems_of(root)}
    assert messages["diem/mat_khau.xlsx"].startswith("Tệp đang đặt mật khẩu mở nên chương trình không đọc được")
    assert "bị hỏng," not in messages["diem/mat_khau.xlsx"]
    assert messages["diem/trong.xlsx"] == "Tệp rỗng (0 byte), không có dữ liệu. Hãy chép lại tệp từ nơi gửi"
    assert messages["diem/hong.xlsx"].startswith(
        "Tệp bị hỏng, không đọc được (phần nén của tệp bị hỏng hoặc tệp bị cắt cụt). Hãy mở tệp bằng Excel"
    )
    assert "(thực ra là tệp Word (.docx))" in messages["diem/bao_cao.xlsx"]
    assert "(thực ra là trang web hoặc tệp XML)" in messages["diem/xuat_tu_phan_mem.xls"]
    assert messages["diem/cu.xls"] == (
        "Không đọc được tệp định dạng .xls (cấu trúc tệp không hợp lệ). Hãy mở tệp bằng Excel và lưu lại dạng .xlsx"
    )
    assert all(message.isprintable() and "Error" not in message for message in messages.values())


def test_oversized_file(tmp_path):
    root = write_case(CASE, tmp_path / "in")
    big = root / str(YEAR) / "diem" / "anh_chup.xlsx"
    with big.open("wb") as handle:  # sparse: the size is checked before anything is read
        handle.write(b"PK\x03\x04")
        handle.truncate(workbook.MAX_FILE_MB * 1024 * 1024 + 1)
    problems = problems_of(root)
    assert problem_rows(problems) == [("diem/anh_chup.xlsx", "", "", "file_too_large")]
    assert problems[0].message.startswith(f"Tệp quá lớn (20,0 MB, tối đa {workbook.MAX_FILE_MB} MB)")


def test_damaged_block_file_and_other_file_faults_in_one_run(tmp_path):
    root = write_case(CASE, tmp_path / "in")
    khoi = root / str(YEAR) / "khoi.xlsx"
    khoi.write_bytes(truncated(khoi.read_bytes()))
    (root / str(YEAR) / "diem" / "trong.xlsx").write_bytes(b"")
    assert problem_rows(problems_of(root)) == [
        ("khoi.xlsx", "", "", "file_unreadable"),
        ("diem/trong.xlsx", "", "", "file_empty"),
    ]


@pytest.mark.parametrize("suffix, make", [(".xls", xls_bytes), (".ods", ods_bytes)])
def test_old_formats_are_read(tmp_path, suffix, make):
    root = write_case(CASE, tmp_path / "in")
    stc = score_path(root, "STC")
    stc.unlink()
    stc.with_suffix(suffix).write_bytes(make({"Chấm điểm": score_rows(CASE, "Sở Tài chính", CASE.scores["STC"])}))
    report = run(YEAR, root, tmp_path / "out", write=False, jobs=1)
    ranked = report.outcomes[0].loaded.result.ranked
    assert [(r.unit.code, str(r.total)) for r in ranked][0] == ("STC", "95")
    assert ranked[0].sheet.file == f"diem/stc{suffix}"


@pytest.mark.parametrize("suffix, make", [(".xls", xls_bytes), (".ods", ods_bytes)])
def test_old_format_faults_have_cells(tmp_path, suffix, make):
    root = write_case(CASE, tmp_path / "in")
    stc = score_path(root, "STC")
    stc.unlink()
    scores = dict(CASE.scores["STC"]) | {"1.2": (45, "bốn lăm")}
    stc.with_suffix(suffix).write_bytes(make({"Chấm điểm": score_rows(CASE, "Sở Tài chính", scores, stated=None)}))
    assert problem_rows(problems_of(root)) == [(f"diem/stc{suffix}", "Chấm điểm", "F8", "score_not_number")]


def test_lock_files_hidden_files_and_other_documents_are_ignored(tmp_path):
    root = write_case(CASE, tmp_path / "in")
    diem = root / str(YEAR) / "diem"
    (diem / "~$stc.xlsx").write_bytes(b"\x00lock")
    (diem / ".stc.xlsx").write_bytes(b"hidden")
    (diem / "cong_van.pdf").write_bytes(b"%PDF-1.4")
    (diem / "ghi_chu.docx").write_bytes(docx_bytes())
    assert problems_of(root) == []


def test_hidden_sheet_is_ignored(tmp_path):
    from builders import edit_book

    root = write_case(CASE, tmp_path / "in")

    def add_hidden(book):
        sheet = book.create_sheet("Nháp")
        sheet.append(["Đơn vị: Cục Thuế"])
        sheet.sheet_state = "hidden"

    edit_book(score_path(root, "STC"), add_hidden)
    assert problems_of(root) == []


def test_no_block_file_points_at_a_near_name(tmp_path):
    root = write_case(CASE, tmp_path / "in")
    year_dir = root / str(YEAR)
    (year_dir / "khoi.xlsx").rename(year_dir / "Khối thi đua.xlsx")
    problems = problems_of(root)
    assert problem_rows(problems) == [("", "", "", "no_block_file")]
    assert problems[0].message == (
        f"Không có tệp khoi.xlsx trong thư mục {year_dir}. Có tệp \"Khối thi đua.xlsx\": nếu đây là tệp của khối, "
        "hãy đổi tên thành khoi.xlsx và đặt ở thư mục này"
    )


def test_damaged_xls_prints_no_traceback_and_no_native_panic(tmp_path):
    root = write_case(CASE, tmp_path / "in")
    (root / str(YEAR) / "diem" / "cu.xls").write_bytes(panicking_xls())
    env = dict(os.environ, RUST_BACKTRACE="1", PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", str(YEAR), "--input", str(root), "--output", str(tmp_path / "out")],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "panicked" not in done.stderr
    assert "diem/cu.xls: Không đọc được tệp định dạng .xls" in done.stderr


def test_file_that_cannot_be_opened(tmp_path, monkeypatch):
    """On Windows a workbook open in Excel may refuse to be read."""
    root = write_case(CASE, tmp_path / "in")
    locked = score_path(root, "CT")
    opened = Path.open

    def open_unless_locked(self, *args, **kwargs):
        if self == locked:
            raise PermissionError(13, "The process cannot access the file", str(self))
        return opened(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_unless_locked)
    problems = problems_of(root)
    assert problem_rows(problems) == [
        ("diem/ct.xlsx", "", "", "file_no_access"),
        ("khoi.xlsx", "ThanhVien", "dòng 4", "unit_no_sheet"),
    ]
    assert problems[0].message == (
        "Không mở được tệp: tệp đang mở trong chương trình khác hoặc không có quyền đọc. Hãy đóng tệp rồi chạy lại"
    )
