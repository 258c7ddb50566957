"""The shipped samples are what a new user tries first: every command on them runs without a
warning, so a warning a clerk meets later is news about their own files (issue 19)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from pipeline.cli import main

COMMANDS = [
    ("2019", []), ("2020", []), ("2025", []),
    ("2019", ["--check"]), ("2020", ["--check"]), ("2025", ["--check"]),
    ("2020", ["--forms"]), ("2025", ["--forms"]),
    ("2020", ["--ballots"]), ("2025", ["--ballots"]),
    ("2020", ["--new-year"]), ("2025", ["--new-year"]),
]


@pytest.fixture(scope="module")
def copy_of_samples(tmp_path_factory) -> Path:
    """new-year writes into the input folder: it runs on a copy, as a clerk's first try would."""
    root = tmp_path_factory.mktemp("samples") / "input_samples"
    shutil.copytree(Path(__file__).resolve().parent.parent / "input_samples", root)
    return root


@pytest.mark.parametrize("year, flags", COMMANDS, ids=[" ".join([y] + f) for y, f in COMMANDS])
def test_every_command_on_the_samples_prints_no_warning(copy_of_samples, tmp_path, capsys, year, flags):
    code = main([year, "--input", str(copy_of_samples), "--output", str(tmp_path / "out"), *flags])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    said = printed.out + printed.err
    counts = [int(n) for n in re.findall(r"Cảnh báo \((\d+)\)", said)]
    assert counts == [], said  # the summary prints `Cảnh báo (N):` whenever N > 0
    assert "Cảnh báo" not in said and "Lưu ý" not in said
