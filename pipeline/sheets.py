"""Reading staff's tables: a header row found by lenient labels, rows as values with their cells."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .problems import Problem, problem
from .text import cell_name, clean, key
from .workbook import Sheet, Workbook


@dataclass(frozen=True)
class Row:
    index: int  # 0-based row in the sheet
    values: dict[str, Any]
    columns: dict[str, int] = field(repr=False)

    def cell(self, column: str) -> str:
        return cell_name(self.index, self.columns[column])

    def text(self, column: str) -> str:
        value = self.values.get(column, "")
        return clean(value) if column in self.columns else ""

    @property
    def excel_row(self) -> int:
        return self.index + 1


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not clean(value))


def header_columns(cells: list[Any], wanted: list[str]) -> dict[str, int]:
    """Map each wanted label to its column in a header row; the first match wins."""
    keys = [key(c) if isinstance(c, str) else "" for c in cells]
    found: dict[str, int] = {}
    for label in wanted:
        target = key(label)
        for col, cell_key in enumerate(keys):
            if cell_key == target:
                found[label] = col
                break
    return found


def read_table(
    book: Workbook, sheet: Sheet, required: list[str], optional: list[str]
) -> tuple[list[Row], list[Problem]]:
    """A sheet whose first row is the header; blank rows are skipped."""
    header = sheet.rows[0] if sheet.rows else []
    columns = header_columns(header, required + optional)
    missing = [c for c in required if c not in columns]
    if missing:
        return [], [
            problem("column_missing", file=book.rel, sheet=sheet.name, row=1, column=c)
            for c in missing
        ]
    rows: list[Row] = []
    for index in range(1, len(sheet.rows)):
        values = {label: sheet.value(index, col) for label, col in columns.items()}
        if all(is_blank(v) for v in values.values()):
            continue
        rows.append(Row(index, values, columns))
    return rows, []


def blank_or_formula(book: Workbook, sheet: Sheet, row: int, col: int, code: str, **params: Any) -> Problem:
    """The problem for a blank required cell: a never-calculated formula, or simply blank."""
    where = dict(file=book.rel, sheet=sheet.name, cell=cell_name(row, col))
    if book.is_formula(sheet.name, row, col):
        return problem("formula_not_calculated", **where)
    return problem(code, **where, **params)
