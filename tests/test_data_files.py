"""The staff-editable data files (grounds, tie rule, report forms) are read one way: a file saved in
another encoding is told with how to save it, each reader raising its own error."""

import datetime as dt
from pathlib import Path

import pytest

from pipeline.documents.achievement_report import ReportFormError, report_form
from pipeline.documents.grounds import GroundsError, default_grounds
from pipeline.documents.template_files import TemplateFile
from pipeline.documents.tie_rule import TieRuleError, women_first_rule

DAY = dt.date(2026, 1, 15)
READERS = [
    (GroundsError, lambda file: default_grounds(DAY, 2025, "Khối", file)),
    (TieRuleError, lambda file: women_first_rule(DAY, file)),
    (ReportFormError, lambda file: report_form(DAY, file)),
]


@pytest.mark.parametrize(("error", "read"), READERS)
def test_a_file_not_in_utf8_is_told_with_how_to_save_it(tmp_path: Path, error, read):
    path = tmp_path / "mau.txt"
    path.write_bytes("2025-07-01 | Căn cứ Nghị định số 152/2025/NĐ-CP".encode("cp1258", errors="replace"))
    with pytest.raises(error) as caught:
        read(TemplateFile(path, "mau/mau.txt"))
    assert caught.value.line is None
    assert "UTF-8" in caught.value.detail and "Notepad" in caught.value.detail


@pytest.mark.parametrize(("error", "read"), READERS)
def test_comments_and_blank_lines_are_skipped_and_a_fault_is_told_at_its_line(tmp_path: Path, error, read):
    path = tmp_path / "mau.txt"
    path.write_text("# ghi chú\n\n   \nkhông có ngày\n", encoding="utf-8")
    with pytest.raises(error) as caught:
        read(TemplateFile(path, "mau/mau.txt"))
    assert caught.value.line == 4
