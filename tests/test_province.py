"""Several blocks in one year folder: parallel workers, all-or-nothing writes, --keep-going."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.cli import _Progress, main
from pipeline.commands.run import run

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from synthetic import write_province  # noqa: E402

BLOCKS = 4


@pytest.fixture(scope="module")
def province(tmp_path_factory) -> Path:
    return write_province(tmp_path_factory.mktemp("province"), 2020, BLOCKS, 5, 6)


def run_cli(*args: str) -> int:
    return main(list(args))


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}  # not the tool's hidden lock and manifests


def test_jobs_1_and_2_give_byte_identical_output(province, tmp_path):
    assert run_cli("2020", "--input", str(province), "--output", str(tmp_path / "one"), "--jobs", "1") == 0
    assert run_cli("2020", "--input", str(province), "--output", str(tmp_path / "two"), "--jobs", "2") == 0
    one, two = files_of(tmp_path / "one" / "2020"), files_of(tmp_path / "two" / "2020")
    reports = [name for name in one if "/ho_so/bao_cao_thanh_tich_" in name]
    assert len(reports) >= BLOCKS  # each block proposes some unit
    assert len(one) - len(reports) == BLOCKS * 5 + 1  # four documents and the score table per block, and tong_hop
    assert one == two


def test_province_run_equals_blocks_run_one_by_one(province, tmp_path):
    assert run_cli("2020", "--input", str(province), "--output", str(tmp_path / "all")) == 0
    together = files_of(tmp_path / "all" / "2020")
    for block in sorted(p.name for p in (province / "2020").iterdir()):
        single = tmp_path / "single" / block
        shutil.copytree(province / "2020" / block, single / "2020")
        assert run_cli("2020", "--input", str(single), "--output", str(tmp_path / "out" / block)) == 0
        alone = files_of(tmp_path / "out" / block / "2020")
        assert alone == {name.split("/", 1)[1]: data for name, data in together.items() if name.startswith(block + "/")}


def _break_one_block(province: Path, tmp_path: Path) -> Path:
    broken = tmp_path / "broken"
    shutil.copytree(province, broken)
    khoi = broken / "2020" / "khoi_02" / "khoi.xlsx"
    book = load_workbook(khoi)
    sheet = book["ThongTin"]
    for row in sheet.iter_rows():
        if row[0].value == "Năm":
            row[1].value = 2019
    book.save(khoi)
    return broken


def test_one_bad_block_stops_every_block_by_default(province, tmp_path, capsys):
    broken = _break_one_block(province, tmp_path)
    assert run_cli("2020", "--input", str(broken), "--output", str(tmp_path / "out")) == 1
    err = capsys.readouterr().err
    assert "khoi_02/khoi.xlsx › ThongTin › B3: Năm 2019 khác với thư mục năm 2020" in err
    written = [p for p in (tmp_path / "out").rglob("*.docx")]
    assert written == []
    assert not any(p.name.startswith(".staging") for p in (tmp_path / "out").rglob("*"))


def test_keep_going_writes_the_good_blocks(province, tmp_path):
    broken = _break_one_block(province, tmp_path)
    assert run_cli("2020", "--input", str(broken), "--output", str(tmp_path / "out"), "--keep-going") == 1
    out = tmp_path / "out" / "2020"
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["khoi_01", "khoi_03", "khoi_04", "loi"]
    assert (out / "loi" / "khoi_02" / "khoi.xlsx").is_file()


def test_progress_lines_when_not_a_terminal(province, tmp_path, capsys):
    assert run_cli("2020", "--input", str(province), "--output", str(tmp_path / "o"), "--check") == 0
    err = capsys.readouterr().err
    assert [line for line in err.splitlines() if line.startswith("[")] == [
        f"[{i}/{BLOCKS}] khoi_0{i}: xong" for i in range(1, BLOCKS + 1)]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_with_count_and_time_left_on_a_terminal(province, tmp_path):
    screen = _Terminal()
    report = run(2020, province, tmp_path / "o", write=False, jobs=1, on_block=_Progress(screen))
    drawn = screen.getvalue()
    assert len(report.outcomes) == BLOCKS
    assert f"{BLOCKS}/{BLOCKS} khối" in drawn and "còn khoảng" in drawn
    assert drawn.endswith("\n")  # the bar is closed, so the summary starts on a line of its own
