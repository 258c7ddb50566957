"""The whole job for a year folder: load every block, render its documents, write them all or none.

Blocks are independent: with several blocks they run in worker processes, each rendering into a
private staging folder, so memory holds one block per worker and a failed run leaves nothing
behind. Only when every block is good (or `keep_going` is asked) are staged files moved into
place, each with an atomic rename.
"""

from __future__ import annotations

import gc
import os
import shutil
import traceback
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

if TYPE_CHECKING:
    from concurrent.futures import Future

from ..documents.chart import chart_data
from ..documents.catalog import BLOCK_DOCUMENTS
from ..documents.context import common_context
from ..documents.rank_change import Comparison, rank_change_fields
from ..documents.declaration import Document, render_documents
from ..read.discover import BlockFolder, find_blocks
from ..write.error_books import write_error_books
from .load import Loaded, load_block
from .result import BlockOutcome, Result
from .year_before import compare_year_before
from ..model import BlockResult
from ..write.lock import LOCK_NAME, FolderLock
from ..write.manifest import FLUSH_AT_ONCE, flush_file, owned_files
from ..write.outputs import Written, commit, record_written, recover, remove_own, staging_folder, write_staged_files
from ..problems import (InputError, OutputError, Problem, UsageError, Words, command_line, errors, problem,
                        warning)
from ..documents.render import DocTemplate, TemplateProblem
from ..documents.template_files import default_folder
from ..documents.templates_in_use import block_templates
from ..write.score_table import score_table

TEMPLATES = default_folder()  # the defaults, installed with the package (SPEC §3)


@dataclass
class RunReport:
    """A run while it goes: every block's outcome, what it wrote; told as a Result when done."""

    year: int
    outcomes: list[BlockOutcome]
    written: list[Path] = field(default_factory=list)
    across_blocks: list[Problem] = field(default_factory=list)  # the province's checks (warnings)
    kept: list[tuple[Path, Path]] = field(default_factory=list)  # (document, the edited version kept)
    restored: bool = False  # an interrupted run's move was undone first
    notes: list[Problem] = field(default_factory=list)  # about the run's own files (marked copies)

    @property
    def problems(self) -> list[Problem]:
        return [p for o in self.outcomes for p in o.loaded.problems] + self.across_blocks + self.notes

    def result(self) -> Result:
        return Result(written=tuple(self.written), kept=tuple(self.kept), problems=tuple(self.problems),
                      outcomes=tuple(self.outcomes),
                      staff_templates=tuple(dict.fromkeys(t for o in self.outcomes for t in o.staff_templates)),
                      restored=self.restored)


def year_folder(input_dir: Path, year: int) -> Path:
    folder = input_dir / str(year)
    if not folder.is_dir():
        raise UsageError(f"Không có thư mục năm {year}: {folder}. Hãy tạo thư mục này và chép các tệp Excel vào đó")
    return folder


def score_table_name(year: int) -> str:
    return f"bang_diem_{year}.xlsx"


def check_default_templates(folder: Path, documents: tuple[Document, ...]) -> None:
    """A fault of a default template is reported before any work, in --check too."""
    found = errors(block_templates(documents, None, None, folder).problems)
    if found:
        raise InputError(found)


def render_block(
    result: BlockResult, templates: dict[str, DocTemplate], before: Comparison | None = None
) -> dict[str, bytes]:
    """Every output file of one block, in memory, by file name: the documents in catalog order,
    then the score table. A template with a chart gets it filled with the block's totals; `before`
    compares the block with its year before (SPEC §2.4), when that was read."""
    common = common_context(result)
    common |= rank_change_fields(result.block.info.year, common["don_vi"], before)
    files = render_documents(result, BLOCK_DOCUMENTS, templates, common, chart_data(result.ranked))
    files[score_table_name(result.block.info.year)] = score_table(result)
    return files


@dataclass(frozen=True)
class _Job:
    year: int
    year_dir: Path
    staging: Path | None  # None: validate only
    templates_dir: Path
    skip: frozenset[Path] = frozenset()  # the tool's own files, when the output is inside the input
    keep_going: bool = False
    several: bool = False  # a province: each block's outcome is held until the run ends (`_kept`)


def _process(folder: BlockFolder, job: _Job) -> BlockOutcome:
    """Load one block and, when asked, stage its files. Runs in a worker process. With
    `keep_going`, a fault of the program in one block is that block's problem, not the run's end."""
    try:
        return _process_block(folder, job)
    except (UsageError, InputError):
        raise
    except Exception as exc:
        if not job.keep_going:
            raise
        where = traceback.extract_tb(exc.__traceback__)[-1]
        detail = f"{type(exc).__name__}: {exc} ({Path(where.filename).name}:{where.lineno})"
        label = (folder.block_file.relative_to(job.year_dir).as_posix() if folder.block_file else folder.name)
        return BlockOutcome(Loaded(folder, None, [problem("internal_error", file=label, detail=detail)]))


def _process_block(folder: BlockFolder, job: _Job) -> BlockOutcome:
    outcome = _staged_block(folder, job)
    if job.several:  # sent back from a worker and held beside every other block's until the end
        outcome.loaded = _kept(outcome.loaded)
    return outcome


def _staged_block(folder: BlockFolder, job: _Job) -> BlockOutcome:
    loaded = load_block(folder, job.year, job.year_dir, skip=job.skip)
    templates = block_templates(BLOCK_DOCUMENTS, folder.path, job.year_dir, job.templates_dir,
                                check_defaults=job.staging is None)
    loaded.problems += templates.problems
    outcome = BlockOutcome(loaded, staff_templates=templates.staff)
    if errors(templates.problems):
        loaded.result = None
    if loaded.result is None:
        return outcome
    before, found = compare_year_before(folder, loaded.result, job.year_dir)
    loaded.problems += found
    try:
        # --check renders too (nothing is kept): a template fault met only with the data, such as
        # a limit of the sandbox, is found before a real run
        files = render_block(loaded.result, templates.templates, before)
    except TemplateProblem as exc:
        loaded.problems += exc.problems
        loaded.result = None
        return outcome
    if job.staging is None:
        return outcome
    target = job.staging / (folder.name or "_")
    try:
        outcome.checksums = write_staged_files(target, files)
    except OSError as exc:  # a full disk: nothing is in place yet, the earlier documents stay
        raise OutputError(target, exc) from exc
    outcome.staged = {Path(folder.name) / name: staged for name, staged in zip(files, outcome.checksums)}
    return outcome


def _kept(loaded: Loaded) -> Loaded:
    """What a run of several blocks keeps of a block once its files are staged, held until the
    province's workbook, the commit and the summary: its problems, and the workbooks they name
    with an error (for the marked copies); its result as the province's view and the summary use
    it: the ranking without score sheets, the awards given, the block's members, award forms,
    ballot and information without its texts, and the history (`LichSu`) of the units given an
    award. The criteria, the units' accounts, the report's narrative, the grounds, the tasks and
    the rest of the history are dropped: what a block holds no longer grows with what staff typed.
    A synthetic block (12 units, 40 criteria) holds 29 KB of objects, against 73 KB before (its
    criteria 21 KB, a Future per staged file 18 KB); one with 150 KB of narrative, the same."""
    faulty = {found.file for found in errors(loaded.problems)}
    files = {name: path for name, path in loaded.files.items() if name in faulty}
    result = loaded.result
    if result is not None:
        block = result.block
        given = {code for outcome in result.outcomes for code in outcome.chosen}
        block = replace(block, info=replace(block.info, grounds=(), tasks=(), sections=(), report_form=()),
                        criteria=(), accounts=(), history=tuple(h for h in block.history if h.unit_code in given))
        result = replace(result.without_sheets(), block=block)
    return Loaded(loaded.folder, result, loaded.problems, files)


def _outcomes(
    folders: list[BlockFolder], job: _Job, jobs: int, meanwhile: Callable[[], None] | None = None
) -> Iterator[BlockOutcome]:
    """Each block's outcome, in order; with worker processes, `meanwhile` runs once they are all
    started (this process only waits for them)."""
    # Every object made so far (modules, templates) is kept out of the garbage collector's passes
    # while the blocks are done: its full passes then walk only what the blocks make, and a forked
    # worker leaves the parent's pages shared instead of copying each one a pass touches (the gc
    # module's advice for a fork). A 60-block province: about 0,3 s less CPU (user) over the run.
    gc.freeze()
    try:
        yield from _each_outcome(folders, job, jobs, meanwhile)
    finally:
        gc.unfreeze()  # collectable again, as before (a test's many runs in one process)


def _each_outcome(
    folders: list[BlockFolder], job: _Job, jobs: int, meanwhile: Callable[[], None] | None
) -> Iterator[BlockOutcome]:
    workers = min(jobs, len(folders))
    if workers <= 1:
        for folder in folders:
            yield _process(folder, job)
        return
    import multiprocessing  # only for several blocks: a single block starts without it
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method)) as pool:
        futures = [pool.submit(_process, folder, job) for folder in folders]
        if meanwhile is not None:  # after the first submit: every worker is forked by now
            meanwhile()
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
    words: Words = command_line,
) -> Result:
    """Validate (and, with `write`, render and write) every block of the year. `words`: how the
    next steps of the problems read in the marked copies (the command line's, `make …`).

    Raises InputError with every problem when any block has an error: then no document is
    written (with `keep_going`, the good blocks' documents are), and marked copies of the
    faulty workbooks go to `<output>/<year>/loi/`. Validating alone touches no file.
    """
    year_dir = year_folder(input_dir, year)
    out_year = output_dir / str(year)
    check_default_templates(templates_dir, BLOCK_DOCUMENTS)
    report = RunReport(year, [])
    if not write:
        _run_blocks(report, _Job(year, year_dir, None, templates_dir), jobs, on_block)
        if any(errors(o.loaded.problems) for o in report.outcomes):
            raise InputError(report.problems)
        return report.result()
    try:
        with FolderLock(out_year):
            report.restored = recover(out_year, report.notes)
            _write_run(report, year_dir, out_year, templates_dir, jobs, keep_going, on_block, words)
    finally:
        _remove_if_empty(out_year)
    return report.result()


def _write_run(
    report: RunReport, year_dir: Path, out_year: Path, templates_dir: Path, jobs: int, keep_going: bool,
    on_block: Callable[[BlockOutcome, int, int], None] | None, words: Words = command_line,
) -> None:
    staging = staging_folder(out_year)
    flushes = _Flushes()
    try:
        skip = frozenset(owned_files(out_year, notes=report.notes)) if _inside(out_year, year_dir) else frozenset()
        job = _Job(report.year, year_dir, staging, templates_dir, skip, keep_going)
        province = _run_blocks(report, job, jobs, on_block, flushes)
        failed = [o for o in report.outcomes if errors(o.loaded.problems)]
        if keep_going or not failed:
            written = _commit([o for o in report.outcomes if o not in failed], out_year, province, flushes)
            report.written, report.kept = written.files, written.kept
            report.notes += written.notes
        if failed:
            files = {k: v for o in report.outcomes for k, v in o.loaded.files.items()}
            report.notes += _marked_kept(remove_own(out_year / "loi", report.notes), out_year)
            books, notes = write_error_books(report.problems, files, out_year / "loi", words)
            report.notes += notes
            record_written(books)
            raise InputError(report.problems, books, report.written)
        try:
            report.notes += _marked_kept(remove_own(out_year / "loi", report.notes), out_year)
        except OSError:  # a marked copy still open in Excel (Windows): the documents are written
            pass
    finally:
        flushes.wait()  # a flush still under way ends before its folder goes
        shutil.rmtree(staging, ignore_errors=True)


def _run_blocks(
    report: RunReport, job: _Job, jobs: int, on_block: Callable[[BlockOutcome, int, int], None] | None,
    flushes: _Flushes | None = None,
) -> dict[Path, Path]:
    """Every block's outcome into `report`; with several blocks, the province's view (its checks
    into `report`, its workbook staged when the run writes), and each block's staged files handed
    to `flushes` as it comes. Returns the staged province workbook."""
    folders = find_blocks(job.year_dir, job.skip)
    job = replace(job, several=len(folders) > 1)
    try:
        for outcome in _outcomes(folders, job, jobs or default_jobs(), _import_province if job.several else None):
            report.outcomes.append(outcome)
            if flushes is not None and job.several:  # this process only waits for the workers: their files go to the disk meanwhile
                flushes.add(outcome.staged.values())
            if on_block:
                on_block(outcome, len(report.outcomes), len(folders))
    finally:
        if flushes is not None:
            flushes.no_more()  # the flushes under way go on; `_commit` waits for them
    province: dict[Path, Path] = {}
    if job.several:  # pandas is imported here only: a single block never pays for it
        from .province import province_view, stage_workbook

        blocks = [o.loaded for o in report.outcomes]
        failed = any(errors(loaded.problems) for loaded in blocks)
        view = province_view(blocks, job.year_dir)
        report.across_blocks = view.problems if view else []
        if view and job.staging is not None and (job.keep_going or not failed):
            province = stage_workbook(view, blocks, report.year, job.staging)
    return province


class _Flushes:
    """Threads that flush each block's staged files to the disk as soon as the block is done,
    several at once (`manifest.flush_all`), so that the move after the last block only waits for
    the last ones. The threads start with the first file, after the workers are forked (a fork
    copies no thread). What a flush came to is kept, not its Future (about 1,6 KB each, eleven
    files a block): the files flushed, and the error of each that failed."""

    def __init__(self) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self.threads = ThreadPoolExecutor(FLUSH_AT_ONCE)
        self.flushed: set[Path] = set()
        self.failed: dict[Path, BaseException] = {}

    def add(self, files: Iterable[Path]) -> None:
        for path in files:
            self.threads.submit(flush_file, path).add_done_callback(partial(self._done, path))

    def _done(self, path: Path, flush: Future[None]) -> None:
        error = flush.exception()
        if error is None:
            self.flushed.add(path)
        else:
            self.failed[path] = error

    def no_more(self) -> None:
        self.threads.shutdown(wait=False)

    def wait(self) -> None:
        """Every flush handed over has ended (its outcome recorded)."""
        self.threads.shutdown(wait=True)


def _import_province() -> None:
    """Import the province's modules (pandas, XlsxWriter: about 0.3 s) in the background while the
    workers read and render the blocks, so the view is made as soon as the last block is done.
    Only once the workers are forked: a fork while a thread holds an import lock would hang."""
    import importlib
    import threading

    threading.Thread(target=importlib.import_module, args=(f"{__package__}.province",), daemon=True).start()


def _inside(folder: Path, other: Path) -> bool:
    """Whether `folder` is `other` or lies inside it (the output put inside the input)."""
    try:
        folder.resolve().relative_to(other.resolve())
    except ValueError:
        return False
    return True


def _marked_kept(kept: list[tuple[Path, Path]], out_year: Path) -> list[Problem]:
    return [warning("marked_copy_edited_kept", file=copy.relative_to(out_year).as_posix(), value=str(where))
            for copy, where in kept]


def _remove_if_empty(folder: Path) -> None:
    """A first run that failed leaves no output folder behind (only its lock file was made)."""
    try:
        lock = folder / LOCK_NAME
        if [p.name for p in folder.iterdir()] == [LOCK_NAME] and lock.is_file() and not lock.is_symlink():
            lock.unlink()
        folder.rmdir()
    except OSError:
        pass


def _commit(outcomes: list[BlockOutcome], out_year: Path, province: dict[Path, Path], flushes: _Flushes) -> Written:
    """Move the staged files (the blocks' and the province workbook) into place, all or none; a
    PDF made from an earlier document no longer matches it and goes in the same step (the PDF
    of a document the run leaves as it was stays)."""
    moves = {out_year / relative: staged for o in outcomes for relative, staged in o.staged.items()}
    moves |= {out_year / relative: staged for relative, staged in province.items()}
    stale = {target.with_suffix(".pdf"): target for target in moves if target.suffix == ".docx"}
    flushes.wait()
    error = next((flushes.failed[staged] for staged in moves.values() if staged in flushes.failed), None)
    if isinstance(error, OSError):  # as a flush in the move itself: nothing is in place yet
        raise OutputError(out_year, error) from error
    if error is not None:
        raise error
    return commit(out_year, moves, stale, checksums={k: v for o in outcomes for k, v in o.checksums.items()},
                  flushed=flushes.flushed)
