"""`make ballots` (SPEC §4): the ballot paper and the count sheet, and the round trip: ballots made,
the count filled in Excel (here openpyxl), dropped into the block folder, the run proposes what the
votes decide."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from builders import default_case, problem_rows, write_case
from docxread import body_lines, tables
from pipeline.cli import main
from pipeline.commands.ballots import write_ballots
from pipeline.commands.run import run
from pipeline.problems import InputError
from test_meeting import CERT, GOV, PROV, meeting_case


@pytest.fixture
def before_the_vote(tmp_path) -> Path:
    case = meeting_case()
    case.ballot = None  # scores are in, the vote has not been held
    case.units[3].barred = "Đang bị thanh tra"
    return write_case(case, tmp_path / "in")


def test_ballots_and_count_sheet_are_written(before_the_vote, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["2020", "--input", str(before_the_vote), "--output", str(out), "--ballots"]) == 0
    assert sorted(p.name for p in (out / "2020").iterdir() if not p.name.startswith(".")) == ["kiem_phieu_2020.xlsx", "phieu_bau_2020.docx"]
    printed = capsys.readouterr().out
    assert f"make year=2020 input=\"{before_the_vote}\"" in printed


def test_one_ballot_per_member_each_on_its_own_page(before_the_vote, tmp_path):
    written = write_ballots(2020, before_the_vote, tmp_path / "out").written
    paper = next(p for p in written if p.suffix == ".docx")
    breaks = [br for br in docx.Document(str(paper)).element.body.iter()
              if br.tag.endswith("}br") and br.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}type") == "page"]
    assert len(breaks) == 3  # four members: four pages
    lines = body_lines(paper)
    assert lines.count("PHIẾU BẦU") == 4
    assert (f"1. {GOV}: đề nghị không quá 01 đơn vị (đơn vị được đề nghị cần ít nhất 03/04 phiếu đồng ý, 75% "
            "tổng số đơn vị thành viên).") in lines
    candidates = [rows for rows in tables(paper) if rows[0][0] == "STT"]
    assert len(candidates) == 8  # two forms on each of four ballots
    # rank order with the total; the barred unit (Sở Nội vụ) is no candidate; a box to tick
    assert candidates[0] == [["STT", "Tên đơn vị", "Tổng điểm", "Xếp hạng", "Đồng ý"],
                             ["1", "Sở Tài chính", "95", "1", ""], ["2", "Sở KH&ĐT", "94", "2", ""],
                             ["3", "Cục Thuế", "93", "3", ""]]


def test_the_count_sheet_lists_the_candidates_with_empty_checked_vote_cells(before_the_vote, tmp_path):
    written = write_ballots(2020, before_the_vote, tmp_path / "out").written
    book = load_workbook(next(p for p in written if p.suffix == ".xlsx"))
    assert book.sheetnames == ["BoPhieu"]
    sheet = book["BoPhieu"]
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["Đơn vị", GOV, PROV], ["Sở Tài chính", None, None], ["Sở KH&ĐT", None, None], ["Cục Thuế", None, None]]
    rules = {str(rule.sqref): (rule.type, rule.formula1, rule.formula2) for rule in sheet.data_validations.dataValidation}
    assert set(rules) == {"B2", "C2", "B3", "C3", "B4", "C4"}
    assert set(rules.values()) == {("whole", "0", "4")}


def test_round_trip_the_votes_decide(before_the_vote, tmp_path):
    written = write_ballots(2020, before_the_vote, tmp_path / "out").written
    count = next(p for p in written if p.suffix == ".xlsx")
    book = load_workbook(count)
    sheet = book["BoPhieu"]
    sheet["B2"], sheet["C2"] = 2, 4  # Sở Tài chính: short of the Government flag, gets the provincial one
    sheet["B3"] = 3  # Sở KH&ĐT
    book.save(count)
    shutil.copy(count, before_the_vote / "2020" / count.name)
    report = run(2020, before_the_vote, tmp_path / "docs")
    ranked = report.outcomes[0].loaded.result.ranked
    assert {r.unit.code: r.award for r in ranked} == {"SKHDT": GOV, "STC": PROV, "CT": CERT, "SNV": None}
    assert not [p for p in report.problems if p.code in ("sheet_skipped", "book_empty")]


def test_a_count_sheet_copied_in_unfilled_is_an_error_at_each_form(before_the_vote, tmp_path):
    """Blank vote cells mean "not a candidate": a count sheet copied in before the secretary filled
    it would give the flags to nobody, in documents signed as they are. Nothing is written."""
    written = write_ballots(2020, before_the_vote, tmp_path / "out").written
    count = next(p for p in written if p.suffix == ".xlsx")
    shutil.copy(count, before_the_vote / "2020" / count.name)
    with pytest.raises(InputError) as caught:
        run(2020, before_the_vote, tmp_path / "docs")
    assert problem_rows(caught.value.problems) == [(count.name, "BoPhieu", "B1", "ballot_form_unvoted"),
                                                   (count.name, "BoPhieu", "C1", "ballot_form_unvoted")]
    assert not list((tmp_path / "docs").rglob("*.docx"))


def test_an_empty_count_column_is_no_fault_where_no_unit_could_receive_the_form(tmp_path):
    """Every unit below the flag's minimum: nobody could be voted for it, so no vote is missing."""
    case = meeting_case()
    case.awards = [(GOV, 1, 99, "75%"), (PROV, 1, None, "75%"), (CERT, "50%")]
    case.ballot = [("STC", {PROV: 4})]
    root = write_case(case, tmp_path / "in")
    report = run(2020, root, tmp_path / "docs")
    assert not [p for p in report.problems if p.code == "ballot_form_unvoted"]
    ranked = report.outcomes[0].loaded.result.ranked
    assert {r.unit.code: r.award for r in ranked}["STC"] == PROV


def test_ballots_for_a_block_with_no_vote_are_refused(tmp_path):
    root = write_case(default_case(STC=95), tmp_path / "in")
    with pytest.raises(InputError) as caught:
        write_ballots(2020, root, tmp_path / "out")
    assert problem_rows(caught.value.problems) == [("khoi.xlsx", "KhenThuong", "", "no_vote_forms")]
    assert not (tmp_path / "out").exists()


def test_a_province_block_that_votes_on_nothing_gets_no_ballot_and_a_note(tmp_path, capsys):
    """In a province, a block whose forms need no vote must not stop the ballots of the others
    (the 2025 sample: its association block votes on nothing). Nothing is wrong there: the summary
    says so beside what was made, and counts no warning."""
    case = meeting_case()
    case.ballot = None
    root = write_case(case, tmp_path / "in", block="khoi_a")
    write_case(default_case(STC=95), root, block="khoi_b")
    out = tmp_path / "out"
    assert main(["2020", "--input", str(root), "--output", str(out), "--ballots"]) == 0
    made = sorted(p.relative_to(out / "2020").as_posix() for p in (out / "2020").rglob("*") if p.is_file()
                  and not p.name.startswith("."))
    assert made == ["khoi_a/kiem_phieu_2020.xlsx", "khoi_a/phieu_bau_2020.docx"]
    printed = capsys.readouterr().out
    assert ("Khối của khoi_b/khoi.xlsx không có hình thức nào cần bỏ phiếu (cột Tỷ lệ phiếu của sheet KhenThuong "
            "trống): không cần phiếu bầu.") in printed
    assert "Cảnh báo" not in printed


def test_ballots_need_every_score_sheet_right(before_the_vote, tmp_path, capsys):
    (before_the_vote / "2020" / "diem" / "snv.xlsx").unlink()
    out = tmp_path / "out"
    assert main(["2020", "--input", str(before_the_vote), "--output", str(out), "--ballots"]) == 1
    assert "Đơn vị Sở Nội vụ (SNV) chưa có bảng chấm điểm" in capsys.readouterr().err
    assert not list(out.rglob("phieu_bau_*"))


def test_round_trip_with_the_output_in_the_input_folder(before_the_vote):
    """The count sheet written into the block folder itself and filled there is read: a file the
    tool wrote is left out of the input only while nobody changed it (issue 13)."""
    written = write_ballots(2020, before_the_vote, before_the_vote).written
    count = next(p for p in written if p.suffix == ".xlsx")
    assert count.parent == before_the_vote / "2020"
    book = load_workbook(count)
    book["BoPhieu"]["B2"], book["BoPhieu"]["C2"], book["BoPhieu"]["B3"] = 2, 4, 3
    book.save(count)
    report = run(2020, before_the_vote, before_the_vote)
    ranked = report.outcomes[0].loaded.result.ranked
    assert {r.unit.code: r.award for r in ranked} == {"SKHDT": GOV, "STC": PROV, "CT": CERT, "SNV": None}


# --- odd blocks (issue 13) ----------------------------------------------------------------------


def test_ballots_leave_out_a_form_no_unit_could_receive(before_the_vote, tmp_path):
    from builders import edit_cells

    edit_cells(before_the_vote / "2020" / "khoi.xlsx", "KhenThuong", {"C2": 99})  # nobody reaches 99 points
    made = write_ballots(2020, before_the_vote, tmp_path / "out")
    assert problem_rows(made.warnings, "warning") == [("khoi.xlsx", "KhenThuong", "D2", "ballot_form_no_candidate")]
    book = load_workbook(next(p for p in made.written if p.suffix == ".xlsx"))
    assert next(book["BoPhieu"].iter_rows(values_only=True)) == ("Đơn vị", PROV)
    paper = next(p for p in made.written if p.suffix == ".docx")
    assert GOV not in "\n".join(body_lines(paper))
    # and the count, filled, is read back without asking for the Government flag's votes
    count = next(p for p in made.written if p.suffix == ".xlsx")
    book["BoPhieu"]["B2"] = 4
    book.save(count)
    shutil.copy(count, before_the_vote / "2020" / count.name)
    ranked = run(2020, before_the_vote, tmp_path / "docs").outcomes[0].loaded.result.ranked
    assert {r.unit.code: r.award for r in ranked} == {"STC": PROV, "SKHDT": CERT, "CT": CERT, "SNV": None}


def test_ballots_with_nobody_to_vote_for_are_refused(before_the_vote, tmp_path):
    from builders import edit_book

    def bar_everyone(book) -> None:
        for row in range(2, 6):
            book["ThanhVien"].cell(row=row, column=5, value="Có cán bộ bị kỷ luật")

    edit_book(before_the_vote / "2020" / "khoi.xlsx", bar_everyone)
    with pytest.raises(InputError) as caught:
        write_ballots(2020, before_the_vote, tmp_path / "out")
    assert problem_rows(caught.value.problems) == [("khoi.xlsx", "KhenThuong", "", "no_ballot_candidates")]
    assert not (tmp_path / "out").exists()


def test_a_count_filled_in_the_output_folder_is_kept_and_said_so_on_a_rerun(before_the_vote, tmp_path, capsys):
    """Staff type the votes into the count where `make ballots` wrote it, then run it again (a
    score was fixed): their count is kept beside the new one, and the run says where."""
    out = tmp_path / "out"
    assert main(["2020", "--input", str(before_the_vote), "--output", str(out), "--ballots"]) == 0
    count = out / "2020" / "kiem_phieu_2020.xlsx"
    book = load_workbook(count)
    book["BoPhieu"]["B2"] = 3
    book.save(count)
    capsys.readouterr()
    assert main(["2020", "--input", str(before_the_vote), "--output", str(out), "--ballots"]) == 0
    printed = capsys.readouterr().out
    kept = [p for p in (out / "2020").iterdir() if p.name.startswith("kiem_phieu_2020") and p != count]
    assert len(kept) == 1 and load_workbook(kept[0])["BoPhieu"]["B2"].value == 3
    assert f"kiem_phieu_2020.xlsx đã được sửa sau lần chạy trước; bản đã sửa được giữ lại thành {kept[0]}" in printed
