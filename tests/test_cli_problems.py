"""What staff see: every fault of a run, grouped by file, exit 1; warnings in the summary; an
internal fault in one Vietnamese line with the details in a log file."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import YEAR, default_case, edit_cells, problem_rows, score_path, write_case

from pipeline import cli
from pipeline.problems import InputError
from pipeline.commands.run import run

SHEET = "Chấm điểm"


@pytest.fixture
def root(tmp_path) -> Path:
    return write_case(default_case(STC=95, CT=90, SNV=85, SKHDT=80), tmp_path / "in")


def main(root: Path, out: Path, *extra: str) -> int:
    return cli.main([str(YEAR), "--input", str(root), "--output", str(out), "--jobs", "1", *extra])


def break_many(root: Path) -> None:
    """Faults of every kind, in several files at once."""
    year_dir = root / str(YEAR)
    edit_cells(year_dir / "khoi.xlsx", "ThongTin", {"B3": 2019})
    edit_cells(year_dir / "khoi.xlsx", "KhenThuong", {"B4": "nửa số"})
    edit_cells(score_path(root, "STC"), SHEET, {"F7": 60, "F8": "chín", "F12": 999})
    edit_cells(score_path(root, "CT"), SHEET, {"B10": "THUONG2", "A3": "Đơn vị: Cục Thuê"})
    score_path(root, "SNV").unlink()
    (year_dir / "diem" / "hong.xlsx").write_bytes(b"PK\x03\x04 cut short")


def test_every_fault_of_every_file_in_one_run(root, tmp_path):
    break_many(root)
    with pytest.raises(InputError) as caught:
        run(YEAR, root, tmp_path / "out", write=False, jobs=1)
    assert problem_rows(caught.value.problems) == [
        ("khoi.xlsx", "KhenThuong", "B4", "bad_quota"),
        ("khoi.xlsx", "ThongTin", "B3", "year_mismatch"),
        ("diem/ct.xlsx", SHEET, "A3", "unit_unknown"),
        ("diem/ct.xlsx", SHEET, "B10", "criterion_unknown"),
        ("diem/ct.xlsx", SHEET, "B5", "criterion_missing"),
        ("diem/hong.xlsx", "", "", "file_unreadable"),
        ("diem/stc.xlsx", SHEET, "F7", "score_above_max"),
        ("diem/stc.xlsx", SHEET, "F8", "score_not_number"),
        ("khoi.xlsx", "ThanhVien", "dòng 4", "unit_no_sheet"),
        ("khoi.xlsx", "ThanhVien", "dòng 5", "unit_no_sheet"),
    ]


def test_cli_prints_every_problem_grouped_by_file_and_exits_1(root, tmp_path, capsys):
    break_many(root)
    out = tmp_path / "out"
    assert main(root, out) == 1
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert lines[0] == "Dữ liệu có 10 lỗi; chưa ghi văn bản nào. Hãy sửa các lỗi sau rồi chạy lại:"
    assert "diem/stc.xlsx › Chấm điểm › F7: Điểm khối chấm 60 vượt điểm tối đa 50 của tiêu chí 1.1" in lines
    assert ("khoi.xlsx › ThongTin › B3: Năm 2019 khác với thư mục năm 2020. Hãy sửa Năm thành 2020, "
            "hoặc chép các tệp vào thư mục 2019") in lines
    assert ('diem/ct.xlsx › Chấm điểm › B10: Mã tiêu chí "THUONG2" không có trong khoi.xlsx › TieuChi. '
            "Có phải mã THUONG?") in lines
    assert ('diem/ct.xlsx › Chấm điểm › A3: Đơn vị "Cục Thuê" không có trong danh sách thành viên. Hãy ghi đúng '
            "tên hoặc mã của đơn vị như trong khoi.xlsx › ThanhVien. Có phải: Cục Thuế (CT)?") in lines
    files = [line.split(" › ")[0].split(":")[0] for line in lines[1:] if line and not line.startswith(" ")]
    files = [f for f in files if " " not in f]  # problem lines only, not the headings after them
    distinct = list(dict.fromkeys(files))
    assert files == sorted(files, key=distinct.index)  # grouped by file
    assert distinct[0] == "khoi.xlsx" and distinct[1:] == sorted(distinct[1:])  # khoi.xlsx first: fixing it may clear the rest
    assert "Traceback" not in captured.err
    assert "Bản sao các tệp có lỗi (ô sai tô đỏ, có ghi chú):" in lines
    assert f"  {out / str(YEAR) / 'loi' / 'khoi.xlsx'}" in lines
    # only the marked copies (and the tool's hidden lock file, which Windows hides too)
    assert sorted(p.name for p in (out / str(YEAR)).iterdir()) == [".thidua-lock", "loi"]


def test_check_mode_reports_the_same_and_writes_nothing(root, tmp_path, capsys):
    edit_cells(score_path(root, "STC"), SHEET, {"F7": 60})
    out = tmp_path / "out"
    assert main(root, out, "--check") == 1
    assert "diem/stc.xlsx › Chấm điểm › F7: Điểm khối chấm 60 vượt điểm tối đa 50 của tiêu chí 1.1" in (
        capsys.readouterr().err.splitlines()
    )
    assert not out.exists() or not any(out.rglob("*.docx"))


def test_warnings_are_listed_in_the_summary_of_a_good_run(root, tmp_path, capsys):
    edit_cells(score_path(root, "STC"), SHEET, {"F12": 99})
    assert main(root, tmp_path / "out") == 0
    printed = capsys.readouterr().out.splitlines()
    assert "Cảnh báo (1):" in printed
    assert ("  diem/stc.xlsx › Chấm điểm › F12: Tổng Điểm khối chấm ghi trong bảng (99) khác tổng tính được (95); "
            "văn bản dùng tổng tính được") in printed


def test_internal_fault_is_one_line_with_a_log(root, tmp_path, capsys, monkeypatch):
    import importlib

    run_module = importlib.import_module("pipeline.commands.run")  # `pipeline.commands.run` is also the function

    def broken(*args, **kwargs):
        raise RuntimeError("lỗi lập trình")

    monkeypatch.setattr(run_module, "load_block", broken)
    out = tmp_path / "out"
    assert main(root, out) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("Lỗi trong chương trình (không phải do dữ liệu).")
    assert "RuntimeError: lỗi lập trình" in (out / "nhat_ky_loi.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("argv, message", [
    (["2030", "--input", "input_samples"],
     "Không có thư mục năm 2030: input_samples/2030. Hãy tạo thư mục này và chép các tệp Excel vào đó"),
    (["20x"], 'Năm "20x" không đúng; hãy ghi năm bằng 4 chữ số, ví dụ: make year=2020'),
    (["2020", "--bogus"], "Lệnh không đúng: không hiểu các tham số: --bogus. Xem cách dùng: python -m pipeline --help"),
    ([], "Lệnh không đúng: thiếu: NĂM. Xem cách dùng: python -m pipeline --help"),
    (["2020", "--check", "--forms"],
     "Lệnh không đúng: tham số --forms: không dùng cùng với --check. Xem cách dùng: python -m pipeline --help"),
    (["2020", "--jobs", "hai"],
     "Lệnh không đúng: tham số --jobs: không phải số nguyên: 'hai'. Xem cách dùng: python -m pipeline --help"),
    (["2020", "--input", "--check"],
     "Lệnh không đúng: tham số --input: cần một giá trị. Xem cách dùng: python -m pipeline --help"),
    (["2020", "--in", "x"],  # no abbreviation is guessed
     "Lệnh không đúng: không hiểu các tham số: --in x. Xem cách dùng: python -m pipeline --help"),
    (["2020", "--check=1"],  # what no check foresaw is still told in Vietnamese, with no English word
     "Lệnh không đúng: không hiểu lệnh. Xem cách dùng: python -m pipeline --help"),
])
def test_wrong_usage_exits_2_with_one_vietnamese_line(argv, message, capsys, monkeypatch):
    from pipeline.cli import main as cli_main

    monkeypatch.chdir(Path(__file__).resolve().parent.parent)
    assert cli_main(argv) == 2
    assert capsys.readouterr().err.strip().splitlines() == [message]
