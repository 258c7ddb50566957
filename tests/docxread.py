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
                lines.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
            elif tag in ("tbl", "tr", "tc", "sdt", "sdtContent"):
                walk(child)

    walk(doc.element.body)
    return lines


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
