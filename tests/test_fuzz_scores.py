"""Whatever staff type into a score sheet, a run either succeeds or lists problems: never a
traceback (SPEC §4, §5)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from pathlib import Path

from builders import YEAR, default_case, edit_cells, score_path, write_case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.problems import InputError
from pipeline.commands.run import run

SHEET = "Chấm điểm"
# Text Excel can hold: no control characters, no lone surrogates.
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12)
VALUES = st.one_of(
    st.none(),
    st.integers(-1000, 1000),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2100, 1, 1)).map(lambda d: d.replace(microsecond=0)),
    st.sampled_from(["9,5", "1.000", "10.5", " 7 ", "-3", "x", "Tổng cộng", "1.1", "THUONG", "Đơn vị: Cục Thuế",
                     "Mã tiêu chí", "Điểm khối chấm", "=1/0", "=F7+F8", "#N/A", "50%"]),
    TEXT,
)
# The score form's table: A1:G14 holds the titles, the unit line, the header, criteria and total.
CELLS = st.builds(lambda col, row: f"{col}{row}", st.sampled_from("ABCDEFG"), st.integers(1, 14))
_BASE: list[Path] = []


def base_case() -> Path:
    """One valid input folder, written once and copied for each example."""
    if not _BASE:
        folder = Path(tempfile.mkdtemp(prefix="fuzz-base-"))
        _BASE.append(write_case(default_case(STC=95, CT=90, SNV=85, SKHDT=80), folder / "in"))
    return _BASE[0]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(CELLS, VALUES, min_size=1, max_size=6))
def test_random_values_in_a_score_sheet_never_crash(cells):
    with tempfile.TemporaryDirectory(prefix="fuzz-") as work:
        root = Path(work) / "in"
        shutil.copytree(base_case(), root)
        edit_cells(score_path(root, "STC"), SHEET, cells)
        try:
            report = run(YEAR, root, Path(work) / "out", jobs=1)
        except InputError as exc:
            problems = exc.problems
            assert any(p.severity == "error" for p in problems)
        else:
            problems = report.problems
            assert len(report.written) == 5 + 4  # four documents, the score table, four reports in ho_so/
        for found in problems:
            assert found.format()  # every message formats, in full
            assert found.cell == "" or re.fullmatch(r"[A-Z]{1,3}[0-9]+", found.cell)
