"""Every command gives back one Result (issue 20): the files it wrote, the staff's edited files it
kept, what it found, and the next steps as data (`Hint`). Only the command line puts a next step
into words (`make …`); no other module of the package spells a make command."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from builders import YEAR, default_case, edit_cells, score_path, write_case
from pipeline.cli import main, said
from pipeline.commands.ballots import write_ballots
from pipeline.commands.forms import write_forms
from pipeline.commands.new_year import start_new_year
from pipeline.commands.pdf import write_pdfs
from pipeline.commands.result import Result
from pipeline.commands.run import run
from pipeline.commands.templates import copy_templates
from pipeline.problems import Hint, InputError, Step, UsageError, problem
from test_ballots import before_the_vote  # noqa: F401  (a fixture)
from test_pdf import fake_soffice, posix_only, two_blocks

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"
DOCUMENTS = ["bang_diem_2020.xlsx", "bao_cao_tong_ket_2020.docx", "bien_ban_hop_2020.docx",
             "giao_uoc_thi_dua_2021.docx", "to_trinh_khen_thuong_2020.docx"]


@pytest.fixture
def root(tmp_path) -> Path:
    return write_case(default_case(STC=95, CT=90, SNV=85, SKHDT=80), tmp_path / "in")


def test_run_result_lists_the_documents_it_wrote_and_the_edited_one_it_kept(root, tmp_path):
    out = tmp_path / "out"
    done = run(YEAR, root, out, jobs=1)
    assert isinstance(done, Result)
    assert sorted(p.name for p in done.written if p.parent == out / "2020") == DOCUMENTS
    assert all(p.is_file() for p in done.written)
    assert done.kept == () and done.errors == [] and done.next_steps == ()
    assert [r.unit.code for r in done.outcomes[0].loaded.result.ranked] == ["STC", "CT", "SNV", "SKHDT"]
    report = out / "2020" / "bao_cao_tong_ket_2020.docx"
    report.write_bytes(report.read_bytes() + b"\0")  # staff edited it in Word
    again = run(YEAR, root, out, jobs=1)
    assert [document for document, _ in again.kept] == [report]
    kept = again.kept[0][1]
    assert kept.is_file() and kept.name.startswith("bao_cao_tong_ket_2020") and kept != report


def test_check_result_writes_nothing_and_carries_the_warnings(root, tmp_path):
    edit_cells(score_path(root, "STC"), "Chấm điểm", {"F12": 99})  # a stated total that differs
    done = run(YEAR, root, tmp_path / "out", write=False, jobs=1)
    assert done.written == () and not (tmp_path / "out").exists()
    assert [(p.file, p.cell, p.code) for p in done.warnings] == [("diem/stc.xlsx", "F12", "total_differs")]
    assert done.errors == []


def test_forms_result_lists_one_form_per_member_and_keeps_an_edited_one(root, tmp_path):
    out = tmp_path / "out"
    done = write_forms(YEAR, root, out)
    folder = out / "2020" / "phieu_cham_diem"
    assert sorted(p.name for p in done.written) == ["CT.xlsx", "SKHDT.xlsx", "SNV.xlsx", "STC.xlsx"]
    assert all(p.parent == folder and p.is_file() for p in done.written) and done.kept == ()
    edit_cells(folder / "STC.xlsx", load_workbook(folder / "STC.xlsx").sheetnames[0], {"A1": "đã sửa"})
    again = write_forms(YEAR, root, out)
    assert [form for form, _ in again.kept] == [folder / "STC.xlsx"] and again.kept[0][1].is_file()


def test_ballots_result_says_the_run_is_next(before_the_vote, tmp_path):  # noqa: F811
    done = write_ballots(YEAR, before_the_vote, tmp_path / "out")
    assert sorted(p.name for p in done.written) == ["kiem_phieu_2020.xlsx", "phieu_bau_2020.docx"]
    assert all(p.is_file() for p in done.written)
    assert "secretary_blank" not in [p.code for p in done.problems]  # no one has taken minutes yet
    assert done.next_steps == (Hint(Step.RUN, YEAR, before_the_vote),)


def test_ballots_result_names_a_block_that_votes_on_nothing(tmp_path):
    from test_meeting import meeting_case

    voting, silent = meeting_case(), default_case()
    voting.ballot = None
    root = write_case(voting, tmp_path / "in", "khoi_a")
    write_case(silent, root, "khoi_b")
    done = write_ballots(YEAR, root, tmp_path / "out")
    assert [p.relative_to(tmp_path / "out").as_posix() for p in sorted(done.written)] == [
        "2020/khoi_a/kiem_phieu_2020.xlsx", "2020/khoi_a/phieu_bau_2020.docx"]
    assert done.next_steps == (Hint(Step.VOTE_SHARES, YEAR, root, "khoi_b/khoi.xlsx"), Hint(Step.RUN, YEAR, root))


def test_new_year_result_lists_next_years_workbook_and_what_staff_do_next(tmp_path):
    case = default_case()
    case.grounds = ["Luật Thi đua, khen thưởng số 06/2022/QH15"]
    root = write_case(case, tmp_path / "in")
    done = start_new_year(YEAR, root)
    created = root / "2021" / "khoi.xlsx"
    assert done.written == (created,) and created.is_file()
    assert done.next_steps == (
        Hint(Step.FORMS), Hint(Step.CHECK, 2021, root), Hint(Step.RUN, 2021),
        Hint(Step.REVIEW_GROUNDS, 2021, root, root / "2020" / "khoi.xlsx"),
    )


def test_templates_result_copies_once_then_keeps_the_staffs(tmp_path):
    done = copy_templates(tmp_path)
    assert done.written and all(p.parent == tmp_path / "mau" and p.is_file() for p in done.written)
    assert "bao_cao_tong_ket.docx" in [p.name for p in done.written] and done.kept == ()
    assert done.next_steps == (Hint(Step.RUN, None, tmp_path), Hint(Step.TEMPLATES))
    again = copy_templates(tmp_path)
    assert again.written == () and [p for p, _ in again.kept] == list(done.written)


@posix_only
def test_pdf_result_lists_the_pdfs(tmp_path, monkeypatch):
    import pipeline.write.pdf as pdf

    program, _ = fake_soffice(tmp_path, "convert")
    monkeypatch.setattr(pdf, "find_soffice", lambda: program)
    out = two_blocks(tmp_path)
    done = write_pdfs(YEAR, out)
    assert len(done.written) == 4 and all(p.suffix == ".pdf" and p.is_file() for p in done.written)
    assert done.kept == () and done.next_steps == ()


# --- next steps in words: the command line's alone ---------------------------------------------


@pytest.mark.parametrize("hint, make, windows", [
    (Hint(Step.RUN, 2021), "make year=2021", r".venv\Scripts\python -m pipeline 2021"),
    (Hint(Step.CHECK, 2019, Path("D:/thidua")), 'make check year=2019 input="D:/thidua"',
     r'.venv\Scripts\python -m pipeline 2019 --check --input "D:/thidua"'),
    (Hint(Step.FORMS, 2020, Path("input_samples")), "make forms year=2020",
     r".venv\Scripts\python -m pipeline 2020 --forms"),
    (Hint(Step.FORMS), "make forms", r".venv\Scripts\python -m pipeline NĂM --forms"),
    (Hint(Step.BALLOTS, 2020), "make ballots year=2020", r".venv\Scripts\python -m pipeline 2020 --ballots"),
    (Hint(Step.NEW_YEAR), "make new-year", r".venv\Scripts\python -m pipeline NĂM --new-year"),
    (Hint(Step.PDF, 2020), "make pdf year=2020", r".venv\Scripts\python -m pipeline 2020 --pdf"),
    (Hint(Step.OFFICE), "make office", "make office"),  # said for Linux, in a sentence that says so
    (Hint(Step.TEMPLATES, input=Path("D:/thidua")), 'make templates input="D:/thidua"',
     r'.venv\Scripts\python -m pipeline --templates --input "D:/thidua"'),
    (Hint(Step.RUN, None, Path("D:/thidua")), 'make year=2020 input="D:/thidua"',
     r'.venv\Scripts\python -m pipeline 2020 --input "D:/thidua"'),
])
def test_the_command_line_says_a_next_step_as_staff_type_it(hint, make, windows):
    assert said(hint, windows=False) == make
    assert said(hint, windows=True) == windows


def test_a_problem_names_its_command_as_data_and_the_command_line_words_it():
    found = problem("ballot_other_year", file="kiem_phieu.xlsx", sheet="BoPhieu", value=2019, year=2020,
                    where="cột Năm")
    assert found.hints == (Hint(Step.BALLOTS, 2020),)
    assert "(tạo bằng make ballots year=2020, ghi số phiếu sau khi bỏ phiếu)" in found.format(said)
    assert "make " not in found.message  # without the command line: the program's own command
    assert "(tạo bằng python -m pipeline 2020 --ballots, ghi số phiếu" in found.message
    refused = UsageError(("Hãy tạo văn bản trước (", Hint(Step.RUN, 2020), ")"))
    assert refused.text(said) == "Hãy tạo văn bản trước (make year=2020)"


def test_the_marked_copy_says_the_command_as_the_screen_does(root, tmp_path, capsys):
    score_path(root, "SNV").unlink()  # a member without a score sheet: the blank forms are the way
    out = tmp_path / "out"
    assert main([str(YEAR), "--input", str(root), "--output", str(out)]) == 1
    words = f'(phiếu chấm điểm trống cho các đơn vị: make forms year=2020 input="{root}")'
    assert words in capsys.readouterr().err
    members = load_workbook(out / "2020" / "loi" / "khoi.xlsx")["ThanhVien"]
    comments = [cell.comment.text for row in members.iter_rows() for cell in row if cell.comment]
    assert len(comments) == 1 and comments[0].endswith(words)
    with pytest.raises(InputError) as caught:  # the library alone: the same problem, its step as data
        run(YEAR, root, tmp_path / "plain", write=False, jobs=1)
    assert [p.hints for p in caught.value.problems if p.code == "unit_no_sheet"] == [(Hint(Step.FORMS, YEAR, root),)]


def _strings(path: Path) -> list[tuple[int, str]]:
    """The string constants of a module (f-strings' parts included), docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value) for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
    }
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def test_no_module_but_the_command_line_spells_a_make_command():
    spelt = [f"{path.relative_to(PACKAGE.parent)}:{line}: {text[:80]!r}"
             for path in sorted(PACKAGE.rglob("*.py")) if path != PACKAGE / "cli.py"
             for line, text in _strings(path) if re.search(r"\bmake\b", text)]
    assert spelt == []


def test_the_scan_above_finds_a_make_command(tmp_path):
    module = tmp_path / "m.py"
    module.write_text('"""`make year=2020` in a docstring is documentation."""\n'
                      'def f(year):\n    return f"chạy lại make check year={year}"\n', encoding="utf-8")
    assert [text for _, text in _strings(module) if re.search(r"\bmake\b", text)] == ["chạy lại make check year="]


def test_result_is_frozen():
    done = Result()
    with pytest.raises(AttributeError):
        done.written = (Path("x"),)  # type: ignore[misc]
