"""`make ballots`: once the scores are in and before the vote, the ballot paper and the count
sheet of each block (SPEC §4). Everything but `BoPhieu` is checked, as for a run; nothing is
allocated, since the votes decide."""

from __future__ import annotations

from pathlib import Path

from ..documents.ballot_paper import unvotable_forms, voted_forms
from ..documents.catalog import BALLOT_DOCUMENTS
from ..documents.context import common_context
from ..documents.declaration import render_documents
from ..documents.templates_in_use import block_templates
from ..documents.render import TemplateProblem
from ..problems import Hint, InputError, Problem, Step, errors, problem, warnings, warning
from ..read.discover import find_blocks
from ..write.count_sheet import count_sheet
from ..write.outputs import write_atomically
from .load import load_block
from .result import Result
from .run import TEMPLATES, check_default_templates, year_folder

COUNT_SHEET = "kiem_phieu_{year}.xlsx"


def write_ballots(year: int, input_dir: Path, output_dir: Path, templates_dir: Path = TEMPLATES) -> Result:
    """`phieu_bau_<year>.docx` and `kiem_phieu_<year>.xlsx` in the output folder of each block
    whose forms have `Tỷ lệ phiếu`; returns the files written and the warnings. A form with `Tỷ lệ
    phiếu` no unit could receive (all barred, none reaching its minimum) is left out of the ballot.
    In a province, a block that votes on nothing gets none: its next step is to fill `Tỷ lệ phiếu`
    if its meeting votes after all (said as what was done, not as a warning: nothing is wrong);
    only when no block votes is that an error. The last next step: the run, once the votes are
    counted. Raises InputError with every problem found: then nothing is written."""
    year_dir = year_folder(input_dir, year)
    check_default_templates(templates_dir, BALLOT_DOCUMENTS)
    files: dict[Path, bytes] = {}
    problems: list[Problem] = []
    no_vote: list[str] = []  # the khoi.xlsx of each block that votes on nothing
    nobody: list[Problem] = []  # blocks whose forms to vote on no unit could receive
    staff: list[str] = []  # the staff's templates used (mau/...)
    for folder in find_blocks(year_dir):
        loaded = load_block(folder, year, year_dir, votes=False)
        found = block_templates(BALLOT_DOCUMENTS, folder.path, year_dir, templates_dir)
        problems += loaded.problems + found.problems
        staff += found.staff
        result = loaded.result
        if result is None or errors(found.problems):
            continue
        name = folder.block_file.relative_to(year_dir).as_posix() if folder.block_file else folder.name
        left_out = unvotable_forms(result)
        problems += [warning("ballot_form_no_candidate", file=name, sheet="KhenThuong", cell=form.vote_share_cell,
                             value=form.name) for form in left_out]
        if not voted_forms(result):
            if left_out:
                nobody.append(problem("no_ballot_candidates", file=name, sheet="KhenThuong",
                                      forms="; ".join(form.name for form in left_out)))
            else:
                no_vote.append(name)
            continue
        out = output_dir / str(year) / folder.name if folder.name else output_dir / str(year)
        try:
            rendered = render_documents(result, BALLOT_DOCUMENTS, found.templates, common_context(result))
        except TemplateProblem as exc:
            raise InputError(exc.problems) from exc
        files |= {out / name: data for name, data in rendered.items()}
        files[out / COUNT_SHEET.format(year=year)] = count_sheet(result)
    if files:
        problems += [warning(p.code, file=p.file, sheet=p.sheet, **dict(p.params)) for p in nobody]
    else:
        problems += [problem("no_vote_forms", file=name, sheet="KhenThuong") for name in no_vote] + nobody
    if errors(problems):
        raise InputError(problems)
    written = write_atomically(files)
    # before the meeting no one has taken its minutes yet: a blank secretary is no news
    told = [p for p in warnings(problems) if p.code != "secretary_blank"]
    steps = tuple(Hint(Step.VOTE_SHARES, year, input_dir, name) for name in no_vote)
    steps += (Hint(Step.RUN, year, input_dir),)  # once the votes are counted
    return Result(tuple(written.files), tuple(written.kept), tuple(told + written.notes), steps,
                  staff_templates=tuple(dict.fromkeys(staff)))
