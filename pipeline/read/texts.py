"""The texts of `khoi.xlsx`: next year's tasks (`NhiemVu`), the listed legal grounds (`CanCu`) and the
report's narrative (`TongKet`), each paragraph as typed (SPEC §2.1)."""

from __future__ import annotations

from dataclasses import replace

from ..model import BlockInfo, Section
from ..problems import Problem, problem, warning
from ..text import key
from .sheets import read_table
from .workbook import Sheet, Workbook


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
    return sheet_sections(book, sheet, problems)


def sheet_sections(book: Workbook, sheet: Sheet, problems: list[Problem]) -> list[Section]:
    """The sections of a sheet with columns `Mục` and `Nội dung`: `TongKet`, a unit's `ThanhTich`."""
    rows, found = read_table(book, sheet, ["Mục", "Nội dung"], [], may_be_blank=("Mục", "Nội dung"))
    problems += found
    sections: list[tuple[str, list[str], str]] = []  # heading, paragraphs, the heading's key
    for row in rows:
        title, content = row.values["Mục"], row.values["Nội dung"]
        heading = title.shown
        paragraph = content.text if isinstance(content.raw, str) else content.shown
        if heading and not (sections and sections[-1][2] == title.key):
            sections.append((heading, [], title.key))  # the same heading typed again on the next row goes on
        elif not heading and not sections:
            problems.append(problem("section_without_heading", file=book.rel, sheet=sheet.name, cell=row.cell("Mục")))
            continue
        if paragraph:
            sections[-1][1].append(paragraph)
        if title.legacy or content.legacy:
            problems.append(warning("mojibake", file=book.rel, sheet=sheet.name,
                                    cell=row.cell("Mục" if title.legacy else "Nội dung"),
                                    value=(heading if title.legacy else paragraph)[:60]))
    for heading, paragraphs, _ in sections:
        if not paragraphs:
            problems.append(warning("section_empty", file=book.rel, sheet=sheet.name, value=heading))
    return [Section(heading, tuple(paragraphs)) for heading, paragraphs, _ in sections]


def read_texts(book: Workbook, name: str, problems: list[Problem], required: bool) -> list[str]:
    sheet = book.sheet(key(name))
    if sheet is None:
        return []
    rows, found = read_table(book, sheet, ["Nội dung"], [], may_be_blank=("Nội dung",))
    problems += found
    texts = [row.values["Nội dung"].text for row in rows]
    if required and not texts and not found:
        problems.append(problem("no_tasks", file=book.rel, sheet=sheet.name))
    return texts
