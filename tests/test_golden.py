"""Golden tests: the text of each document made from input_samples/2020, line by line, and of an
achievement report with award history and a unit's own account (input_samples/2025).

A change in a template, in the wording or in the numbers shows up as a readable diff. On a
mismatch the text generated now is written to tests/_actual/ (git-ignored) for a closer look;
when the change is intended, `make update-golden` rewrites tests/golden/. Byte-identical reruns
are a separate property (tests/test_end_to_end.py::test_byte_identical_reruns).
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from docxread import body_lines

from pipeline.cli import main

TESTS = Path(__file__).resolve().parent
GOLDEN = TESTS / "golden"
ACTUAL = TESTS / "_actual"
DOCUMENTS = ["bao_cao_tong_ket_2020.docx", "to_trinh_khen_thuong_2020.docx", "bien_ban_hop_2020.docx",
             "giao_uoc_thi_dua_2021.docx",
             # no LichSu, no ThanhTich, no particulars: every place to write by hand
             "ho_so/bao_cao_thanh_tich_CT_2020.docx",
             # LichSu (a workbook of its own), ThanhTich, particulars, Decree 152/2025
             "2025/khoi_tham_muu_tong_hop/ho_so/bao_cao_thanh_tich_VPUB_2025.docx"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("golden")
    for year in ("2020", "2025"):
        assert main([year, "--input", str(TESTS.parent / "input_samples"), "--output", str(out)]) == 0
    return out / "2020"


def document_text(path: Path) -> str:
    return "\n".join(body_lines(path)) + "\n"


@pytest.mark.parametrize("name", DOCUMENTS)
def test_document_text_matches_golden(generated, name, update_golden):
    actual = document_text(generated.parent / name if name.startswith("2025/") else generated / name)
    golden = GOLDEN / f"{Path(name).stem}.txt"
    if update_golden:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="utf-8", newline="\n")
        return
    assert golden.is_file(), f"no golden file {golden.relative_to(TESTS.parent)}: run make update-golden"
    expected = golden.read_text(encoding="utf-8")
    written = ACTUAL / golden.name
    if actual == expected:
        written.unlink(missing_ok=True)
        return
    ACTUAL.mkdir(exist_ok=True)
    written.write_text(actual, encoding="utf-8", newline="\n")
    diff = "".join(difflib.unified_diff(
        expected.splitlines(keepends=True), actual.splitlines(keepends=True),
        fromfile=f"tests/golden/{golden.name}", tofile=f"tests/_actual/{golden.name}",
    ))
    pytest.fail(f"{name} differs from its golden text (if intended: make update-golden)\n{diff}", pytrace=False)
