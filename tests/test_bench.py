"""`make bench` at a tiny size: both sides write the same text, the last lines have their format,
and the ratios printed are the quotients of the medians printed.

No threshold of time is asserted: a shared test machine makes one flaky.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from synthetic import write_province  # noqa: E402

from pipeline.documents.catalog import BLOCK_DOCUMENTS  # noqa: E402
from pipeline.documents.declaration import Each  # noqa: E402


def _values(root: Path) -> dict[str, list[tuple]]:
    found = {}
    for path in sorted(root.rglob("*.xlsx")):
        book = load_workbook(path, read_only=True)
        found[path.relative_to(root).as_posix()] = [
            (sheet.title, row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
        ]
        book.close()
    return found


def test_synthetic_province_is_deterministic(tmp_path):
    first = write_province(tmp_path / "a", 2020, blocks=2, units=4, criteria=5, seed=7)
    second = write_province(tmp_path / "b", 2020, blocks=2, units=4, criteria=5, seed=7)
    assert first == tmp_path / "a"
    values = _values(first)
    assert sorted(values) == [
        "2020/khoi_01/diem/" + name for name in sorted(p.name for p in (first / "2020/khoi_01/diem").iterdir())
    ] + ["2020/khoi_01/khoi.xlsx"] + sorted(
        "2020/khoi_02/diem/" + p.name for p in (first / "2020/khoi_02/diem").iterdir()
    ) + ["2020/khoi_02/khoi.xlsx"]
    assert len(list((first / "2020/khoi_01/diem").iterdir())) == 4
    assert values == _values(second)


@pytest.mark.slow
def test_bench_small_province_same_text_and_last_line():
    completed = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "bench.py"), "--blocks", "3", "--units", "5", "--criteria", "6",
         "--repeat", "1", "--startup-runs", "1"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    lines = completed.stdout.strip().splitlines()
    compared = next((line for line in lines if line.startswith("text comparison: all ")), "")
    # each block's documents, and an achievement report for each unit it proposes (at least one)
    per_block = len([d for d in BLOCK_DOCUMENTS if d.each is Each.BLOCK])
    assert re.fullmatch(r"text comparison: all \d+ documents have the same text", compared), lines
    assert int(compared.split()[3]) >= 3 * (per_block + 1), compared
    assert any(line.startswith("chart comparison: all 3 Word charts show the same figures") for line in lines)
    # the floor writes every file ours writes (each block's documents, an achievement report per
    # proposed unit, the score tables, the province workbook), and the count printed is theirs
    written = re.search(r"(\d+) documents written: (\d+) \.docx .*\) and (\d+) \.xlsx", lines[0])
    assert written, lines[0]
    assert f"floor: wrote the same {written.group(1)} files as ours" in lines, lines
    assert int(written.group(2)) == int(compared.split()[3]) and int(written.group(3)) == 3 + 1, lines[0]
    assert re.fullmatch(r"ours: +median \d+\.\d\d s .*, CPU \d+ ms per block, peak memory \d+ MB", lines[1]), lines[1]
    assert re.fullmatch(r"floor_ratio: \d+\.\d\d", lines[-3])
    assert re.fullmatch(r"startup_ratio: \d+\.\d\d", lines[-2])
    match = re.fullmatch(r"speedup_vs_naive: (\d+\.\d\d)", lines[-1])
    assert match, lines[-1]
    # the figures the lead reports are the medians printed above, divided: a ratio taken of the
    # wrong sides, or of means, or of one run, shows here
    medians = {side: float(re.search(r"^%s: +median (\d+\.\d\d) s" % side, completed.stdout, re.M).group(1))
               for side in ("ours", "baseline", "floor")}
    assert _quotient_of(float(match.group(1)), medians["baseline"], medians["ours"]), (match.group(1), medians)
    floor_ratio = float(lines[-3].split()[-1])
    assert _quotient_of(floor_ratio, medians["ours"], medians["floor"]), (floor_ratio, medians)
    assert f"documents/s ratio (ours / baseline): {match.group(1)}" in lines


def _quotient_of(shown: float, numerator: float, denominator: float) -> bool:
    """Whether `shown` (two decimals) is numerator / denominator, each of them shown to two decimals."""
    low = (numerator - 0.005) / (denominator + 0.005)
    high = (numerator + 0.005) / max(denominator - 0.005, 1e-9)
    return low - 0.005 <= shown <= high + 0.005
