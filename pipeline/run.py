"""The whole job for a year folder: load every block, render its documents, write them all or none."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

from .chart import WIDTH_CM, chart_png
from .context import PLEDGE, PROPOSAL, PROVIDED_NAMES, REPORT, common_context, document_context
from .discover import BlockFolder, find_blocks
from .error_books import write_error_books
from .load import Loaded, load_block
from .model import BlockResult
from .outputs import remove_tree, write_atomically
from .problems import InputError, Problem, UsageError, errors
from .render import DocTemplate, Picture, TemplateProblem
from .score_table import score_table

TEMPLATES = Path(__file__).resolve().parent.parent / "templates_docx"
DOCUMENTS = (REPORT, PROPOSAL, PLEDGE)
_TITLES = {
    REPORT: "Báo cáo tổng kết công tác thi đua, khen thưởng năm {year}",
    PROPOSAL: "Tờ trình đề nghị khen thưởng năm {year}",
    PLEDGE: "Bản giao ước thi đua năm {next}",
}


@dataclass
class BlockOutcome:
    loaded: Loaded
    files: dict[Path, bytes] = field(default_factory=dict)


@dataclass
class RunReport:
    year: int
    outcomes: list[BlockOutcome]
    written: list[Path] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        return [p for o in self.outcomes for p in o.loaded.problems]


def year_folder(input_dir: Path, year: int) -> Path:
    folder = input_dir / str(year)
    if not folder.is_dir():
        raise UsageError(f"Không có thư mục năm {year}: {folder}. Hãy tạo thư mục này và chép các tệp Excel vào đó")
    return folder


def output_names(year: int) -> dict[str, str]:
    return {
        REPORT: f"bao_cao_tong_ket_{year}.docx",
        PROPOSAL: f"to_trinh_khen_thuong_{year}.docx",
        PLEDGE: f"giao_uoc_thi_dua_{year + 1}.docx",
        "bang_diem": f"bang_diem_{year}.xlsx",
    }


@lru_cache(maxsize=8)
def load_templates(folder: Path) -> dict[str, DocTemplate]:
    """Each template compiled once per process and checked against the names we provide."""
    templates: dict[str, DocTemplate] = {}
    found: list[Problem] = []
    for name in DOCUMENTS:
        try:
            template = DocTemplate(folder / f"{name}.docx")
        except TemplateProblem as exc:
            found += exc.problems
            continue
        found += template.check(set(PROVIDED_NAMES))
        templates[name] = template
    if found:
        raise TemplateProblem(found)
    return templates


def render_block(result: BlockResult, out_dir: Path, templates_dir: Path = TEMPLATES) -> dict[Path, bytes]:
    """Every output file of one block, in memory."""
    templates = load_templates(templates_dir)
    info = result.block.info
    png, height = chart_png(list(result.ranked))
    common = common_context(result) | {"bieu_do": Picture("bieu_do", png, WIDTH_CM, height)}
    names = output_names(info.year)
    files: dict[Path, bytes] = {}
    for document in DOCUMENTS:
        context = document_context(common, document, info.symbol, {})
        title = _TITLES[document].format(year=info.year, next=info.year + 1)
        files[out_dir / names[document]] = templates[document].render(
            context, info.conference_date, title, info.block_name
        )
    files[out_dir / names["bang_diem"]] = score_table(result)
    return files


def process_block(folder: BlockFolder, year: int, year_dir: Path, output_year_dir: Path,
                  templates_dir: Path = TEMPLATES) -> BlockOutcome:
    loaded = load_block(folder, year, year_dir)
    outcome = BlockOutcome(loaded)
    if loaded.result is not None:
        try:
            outcome.files = render_block(loaded.result, output_year_dir / folder.name, templates_dir)
        except TemplateProblem as exc:
            loaded.problems += exc.problems
            loaded.result = None
    return outcome


def run(
    year: int,
    input_dir: Path,
    output_dir: Path,
    write: bool = True,
    templates_dir: Path = TEMPLATES,
    on_block: Callable[[BlockOutcome], None] | None = None,
) -> RunReport:
    """Validate (and, with `write`, render and write) every block of the year.

    Raises InputError with every problem when any block has an error: then no document is
    written, and marked copies of the faulty workbooks go to `<output>/<year>/loi/`.
    """
    year_dir = year_folder(input_dir, year)
    out_year = output_dir / str(year)
    if write:
        try:
            load_templates(templates_dir)
        except TemplateProblem as exc:
            raise InputError(exc.problems) from exc
    outcomes = []
    for folder in find_blocks(year_dir):
        if write:
            outcome = process_block(folder, year, year_dir, out_year, templates_dir)
        else:
            outcome = BlockOutcome(load_block(folder, year, year_dir))
        outcomes.append(outcome)
        if on_block:
            on_block(outcome)
    report = RunReport(year, outcomes)
    problems = report.problems
    if errors(problems):
        books: list[Path] = []
        if write:
            files = {k: v for o in outcomes for k, v in o.loaded.files.items()}
            books = write_error_books(problems, files, out_year / "loi")
        raise InputError(problems, books)
    if write:
        report.written = write_atomically({k: v for o in outcomes for k, v in o.files.items()})
        remove_tree(out_year / "loi")
    return report
