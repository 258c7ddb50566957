"""The whole job for a year folder: load every block, render its documents, write them all or none.

Blocks are independent: with several blocks they run in worker processes, each rendering into a
private staging folder, so memory holds one block per worker and a failed run leaves nothing
behind. Only when every block is good (or `keep_going` is asked) are staged files moved into
place, each with an atomic rename.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator

from ..documents.chart import chart_data
from ..documents.catalog import BLOCK_DOCUMENTS
from ..documents.context import PROVIDED_NAMES, common_context
from ..documents.rank_change import rank_change_fields
from ..documents.declaration import Document
from ..read.discover import BlockFolder, find_blocks
from ..write.error_books import write_error_books
from .load import Loaded, load_block
from .year_before import load_year_before
from ..model import BlockResult
from ..write.outputs import move_all, remove_tree
from ..problems import InputError, OutputError, Problem, UsageError, errors
from ..documents.render import DocTemplate, TemplateProblem
from ..write.score_table import score_table

TEMPLATES = Path(__file__).resolve().parents[2] / "templates_docx"


@dataclass
class BlockOutcome:
    """One block: what was read, and its files staged under `staged` (relative name -> temp file)."""

    loaded: Loaded
    staged: dict[Path, Path] = field(default_factory=dict)


@dataclass
class RunReport:
    year: int
    outcomes: list[BlockOutcome]
    written: list[Path] = field(default_factory=list)
    across_blocks: list[Problem] = field(default_factory=list)  # the province's checks (warnings)

    @property
    def problems(self) -> list[Problem]:
        return [p for o in self.outcomes for p in o.loaded.problems] + self.across_blocks


def year_folder(input_dir: Path, year: int) -> Path:
    folder = input_dir / str(year)
    if not folder.is_dir():
        raise UsageError(f"Không có thư mục năm {year}: {folder}. Hãy tạo thư mục này và chép các tệp Excel vào đó")
    return folder


def score_table_name(year: int) -> str:
    return f"bang_diem_{year}.xlsx"


@lru_cache(maxsize=8)
def load_templates(folder: Path, documents: tuple[Document, ...] = BLOCK_DOCUMENTS) -> dict[str, DocTemplate]:
    """Each document's template compiled once per process and checked against the names it gets."""
    templates: dict[str, DocTemplate] = {}
    found: list[Problem] = []
    for document in documents:
        try:
            template = DocTemplate(folder / f"{document.template}.docx")
        except TemplateProblem as exc:
            found += exc.problems
            continue
        found += template.check(set(PROVIDED_NAMES | document.names))
        templates[document.template] = template
    if found:
        raise TemplateProblem(found)
    return templates


def render_block(result: BlockResult, templates_dir: Path = TEMPLATES, before: BlockResult | None = None) -> dict[str, bytes]:
    """Every output file of one block, in memory, by file name: the documents in catalog order,
    then the score table. A template with a chart gets it filled with the block's totals; `before`
    is the block's year before, ranked (SPEC §2.4), when it was read."""
    templates = load_templates(templates_dir)
    info = result.block.info
    chart = chart_data(result.ranked)
    common = common_context(result)
    common |= rank_change_fields(result, common["don_vi"], before)
    files: dict[str, bytes] = {}
    for document in BLOCK_DOCUMENTS:
        template = templates[document.template]
        files[document.output_name(info.year)] = template.render(
            document.context(result, common), info.conference_date, document.title_for(info.year), info.block_name,
            chart if template.charts else None)
    files[score_table_name(info.year)] = score_table(result)
    return files


@dataclass(frozen=True)
class _Job:
    year: int
    year_dir: Path
    staging: Path | None  # None: validate only
    templates_dir: Path


def _process(folder: BlockFolder, job: _Job) -> BlockOutcome:
    """Load one block and, when asked, stage its files. Runs in a worker process."""
    loaded = load_block(folder, job.year, job.year_dir)
    outcome = BlockOutcome(loaded)
    if loaded.result is None:
        return outcome
    before, found = load_year_before(folder, job.year, job.year_dir)
    loaded.problems += found
    if job.staging is None:
        return outcome
    try:
        files = render_block(loaded.result, job.templates_dir, before)
    except TemplateProblem as exc:
        loaded.problems += exc.problems
        loaded.result = None
        return outcome
    target = job.staging / (folder.name or "_")
    target.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (target / name).write_bytes(data)
        outcome.staged[Path(folder.name) / name] = target / name
    loaded.result = _light(loaded.result)
    return outcome


def _light(result: BlockResult) -> BlockResult:
    """The result without its score sheets, so sending it back from a worker stays cheap."""
    return replace(result, ranked=tuple(replace(r, sheet=None) for r in result.ranked))


def _outcomes(folders: list[BlockFolder], job: _Job, jobs: int) -> Iterator[BlockOutcome]:
    workers = min(jobs, len(folders))
    if workers <= 1:
        for folder in folders:
            yield _process(folder, job)
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method)) as pool:
        futures = [pool.submit(_process, folder, job) for folder in folders]
        for future in futures:
            yield future.result()


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def run(
    year: int,
    input_dir: Path,
    output_dir: Path,
    write: bool = True,
    templates_dir: Path = TEMPLATES,
    jobs: int = 0,
    keep_going: bool = False,
    on_block: Callable[[BlockOutcome, int, int], None] | None = None,
) -> RunReport:
    """Validate (and, with `write`, render and write) every block of the year.

    Raises InputError with every problem when any block has an error: then no document is
    written (with `keep_going`, the good blocks' documents are), and marked copies of the
    faulty workbooks go to `<output>/<year>/loi/`.
    """
    year_dir = year_folder(input_dir, year)
    out_year = output_dir / str(year)
    try:
        load_templates(templates_dir)  # template faults are reported before any work, in --check too
    except TemplateProblem as exc:
        raise InputError(exc.problems) from exc
    folders = find_blocks(year_dir)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=_ensure(out_year))) if write else None
    outcomes: list[BlockOutcome] = []
    report = RunReport(year, outcomes)
    try:
        job = _Job(year, year_dir, staging, templates_dir)
        for outcome in _outcomes(folders, job, jobs or default_jobs()):
            outcomes.append(outcome)
            if on_block:
                on_block(outcome, len(outcomes), len(folders))
        failed = [o for o in outcomes if errors(o.loaded.problems)]
        province: dict[Path, Path] = {}
        if len(folders) > 1:  # pandas is imported here only: a single block never pays for it
            from .province import province_view, stage_workbook

            view = province_view(outcomes, year_dir)
            report.across_blocks = view.problems if view else []
            if view and staging is not None and (keep_going or not failed):
                province = stage_workbook(view, outcomes, year, staging)
        if write and (keep_going or not failed):
            report.written = _commit([o for o in outcomes if o not in failed], out_year, province)
        if failed:
            books = []
            if write:
                files = {k: v for o in outcomes for k, v in o.loaded.files.items()}
                books = write_error_books(report.problems, files, out_year / "loi")
            raise InputError(report.problems, books, report.written)
        if write:
            try:
                remove_tree(out_year / "loi")
            except OSError:  # a marked copy still open in Excel (Windows): the documents are written
                pass
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
            _remove_if_empty(out_year)
    return report


def _ensure(folder: Path) -> Path:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(folder, exc) from exc
    return folder


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()  # only succeeds when a failed first run left nothing in it
    except OSError:
        pass


def _commit(outcomes: list[BlockOutcome], out_year: Path, province: dict[Path, Path]) -> list[Path]:
    """Move the staged files (the blocks' and the province workbook) into place, all or none; a
    PDF made from an earlier document no longer matches it and goes in the same step."""
    moves = [(staged, out_year / relative) for o in outcomes for relative, staged in o.staged.items()]
    moves += [(staged, out_year / relative) for relative, staged in province.items()]
    stale = [target.with_suffix(".pdf") for _, target in moves if target.suffix == ".docx"]
    return move_all(moves, stale)
