"""The texts of `khoi.xlsx`: next year's tasks (`NhiemVu`), the listed legal grounds (`CanCu`) and the
report's narrative (`TongKet`), each paragraph as typed (SPEC §2.1)."""

from __future__ import annotations

from dataclasses import replace

from ..model import BlockInfo, Section
from ..problems import Problem, problem, warning
from ..text import clean, clean_name, key, legacy_text, shown
from .sheets import read_table
from .workbook import Workbook


def with_texts(info: BlockInfo, tasks: list[str], listed: list[str], sections: list[Section]) -> BlockInfo:
    """The tasks, the grounds listed in `CanCu` (none: the documents cite the law in force) and the
    report's sections of `TongKet`."""
    return replace(info, tasks=tuple(tasks), grounds=tuple(listed), sections=tuple(sections))


def read_sections(book: Workbook, problems: list[Problem]) -> list[Section]:
    """`TongKet`: a heading in `Mục` starts a section, a row with a blank `Mục` (or the same heading
    again) continues it; each
    paragraph exactly as typed (line breaks inside a cell kept), in the sheet's order."""
    sheet = book.sheet(key("TongKet"))
    if sheet is None:
        return []
    rows, found = read_table(book, sheet, ["Mục", "Nội dung"], [], may_be_blank=("Mục", "Nội dung"))
    problems += found
    sections: list[tuple[str, list[str]]] = []
    for row in rows:
        heading = clean_name(shown(row.values["Mục"]))
        paragraph = clean(shown(row.values["Nội dung"])) if not isinstance(row.values["Nội dung"], str) else clean(
            row.values["Nội dung"])
        if heading and not (sections and key(sections[-1][0]) == key(heading)):
            sections.append((heading, []))  # the same heading typed again on the next row goes on
        elif not heading and not sections:
            problems.append(problem("section_without_heading", file=book.rel, sheet=sheet.name, cell=row.cell("Mục")))
            continue
        if paragraph:
            sections[-1][1].append(paragraph)
        if legacy_text(heading) or legacy_text(paragraph):
            problems.append(warning("mojibake", file=book.rel, sheet=sheet.name,
                                    cell=row.cell("Mục" if legacy_text(heading) else "Nội dung"),
                                    value=(heading if legacy_text(heading) else paragraph)[:60]))
    for heading, paragraphs in sections:
        if not paragraphs:
            problems.append(warning("section_empty", file=book.rel, sheet=sheet.name, value=heading))
    return [Section(heading, tuple(paragraphs)) for heading, paragraphs in sections]


def read_texts(book: Workbook, name: str, problems: list[Problem], required: bool) -> list[str]:
    sheet = book.sheet(key(name))
    if sheet is None:
        return []
    rows, found = read_table(book, sheet, ["Nội dung"], [], may_be_blank=("Nội dung",))
    problems += found
    texts = [clean(row.values["Nội dung"]) for row in rows]
    if required and not texts and not found:
        problems.append(problem("no_tasks", file=book.rel, sheet=sheet.name))
    return texts
