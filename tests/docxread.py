"""Reading generated .docx files back the way a person reads them."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.table import Table


def document(path: Path) -> docx.document.Document:
    return docx.Document(str(path))


def body_lines(path: Path) -> list[str]:
    """Every paragraph's text in body order, table cells included (each cell paragraph a line)."""
    doc = document(path)
    lines: list[str] = []

    def walk(element) -> None:
        for child in element.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append("".join(_text(t) for t in child.iter()))
            elif tag in ("tbl", "tr", "tc", "sdt", "sdtContent"):
                walk(child)

    walk(doc.element.body)
    return lines


_TYPE = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}type"


def _text(element) -> str:
    """A run's text; a line break (`<w:br/>`, not a page break) as `\\n`, as the reader sees it."""
    if element.tag.endswith("}t"):
        return element.text or ""
    if element.tag.endswith("}br") and element.get(_TYPE) in (None, "textWrapping"):
        return "\n"
    return ""


def full_text(path: Path) -> str:
    return "\n".join(body_lines(path))


def tables(path: Path) -> list[list[list[str]]]:
    """Each table as rows of cell texts (cell paragraphs joined by a newline)."""
    found = []
    for table in document(path).tables:
        found.append(_rows(table))
    return found


def _rows(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def table_with_header(path: Path, first_header: str) -> list[list[str]]:
    for rows in tables(path):
        if rows and rows[0] and rows[0][0].strip() == first_header:
            return rows
    raise AssertionError(f"no table whose first header is {first_header!r} in {path.name}")
