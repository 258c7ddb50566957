"""Reading staff's tables: a header row found by lenient labels, rows of typed values with their
cells, and each required cell left blank as its problem (a formula never calculated, a merged area)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from typing import Any, Iterator, Sequence

from ..problems import Problem, problem
from ..text import cell_name, clean, clean_name, folded, key
from .merged import area_name
from .number_formats import percent_cells
from .values import Value, percent_formatted, typed
from .workbook import Sheet, Workbook


@dataclass(frozen=True)
class Row:
    index: int  # 0-based row in the sheet
    values: dict[str, Value]  # each column found, typed; `values.get(column, BLANK)` for one that may be absent
    columns: dict[str, int] = field(repr=False)
    # a problem for each required cell left blank, then for each value an earlier row holds where
    # a column names a row once (`repeats`: the column and that earlier row, 1-based)
    problems: tuple[Problem, ...] = ()
    repeats: dict[str, int] = field(default_factory=dict)
    # the columns (of those asked for) whose cell here holds a number formatted as a percentage:
    # `80%` typed into Excel is stored as 0.8, and staff see 80%
    percent: frozenset[str] = frozenset()

    def cell(self, column: str) -> str:
        return cell_name(self.index, self.columns[column])

    @property
    def excel_row(self) -> int:
        return self.index + 1


# Rows of one table of khoi.xlsx (members, criteria, awards, tasks, ...): a run stays linear and
# within seconds below it (README, "Giới hạn").
MAX_TABLE_ROWS = 500


def header_columns(cells: Sequence[Any], wanted: list[str]) -> dict[str, int]:
    """Map each wanted label to its column in a header row; the first match wins."""
    return {label: cols[0] for label, cols in header_places(cells, wanted).items()}


def header_places(cells: Sequence[Any], wanted: list[str]) -> dict[str, list[int]]:
    """Every column of a header row holding each wanted label (leniently), left to right, in the
    order of `wanted`; a label found nowhere is left out."""
    targets = {key(label): label for label in wanted}
    found: dict[str, list[int]] = {}
    for col, cell in enumerate(cells):
        label = targets.get(key(cell)) if isinstance(cell, str) else None
        if label is not None:
            found.setdefault(label, []).append(col)
    return {label: found[label] for label in wanted if label in found}


def read_table(
    book: Workbook, sheet: Sheet, required: list[str], optional: list[str], may_be_blank: tuple[str, ...] = (),
    unique: dict[str, str] | None = None, percent: tuple[str, ...] = (),
) -> tuple[list[Row], list[Problem]]:
    """A sheet whose first row is the header; blank rows are skipped. Each row's values come typed
    (`values.py`), with a problem for each `required` cell left blank (but those of `may_be_blank`),
    and a problem (`unique`: column -> its code) for a value of a column that names a row once (a
    code, a name) that an earlier row holds; for the columns of `percent` (shares, quotas), which
    numbers are formatted as percentages (`Row.percent`).

    A blank cell of an optional column (or of a required one listed in `may_be_blank`) has a
    meaning (not barred, no vote needed, the section above goes on), so a formula Excel never
    calculated there is a problem, not a blank; so is an optional column whose header is typed
    nearly right (`Tỉ lệ phiếu`, `Khong du dieu kien`), which would be ignored. Those problems come
    with the rows; a missing required column or too many rows gives no rows."""
    header = sheet.rows[0] if sheet.rows else []
    columns = header_columns(header, required + optional)
    missing = [c for c in required if c not in columns]
    if missing:
        taken = set(columns.values())
        return [], [
            problem("column_missing", file=book.rel, sheet=sheet.name, row=1, column=c,
                    hint=header_hint(header, taken, c))
            for c in missing
        ]
    misnamed = _misnamed(book, sheet, header, columns, optional)  # the header's own problems first
    filled = [label for label in required if label not in may_be_blank]
    unique = {label: code for label, code in (unique or {}).items() if label in columns}
    first: dict[str, dict[str, int]] = {label: {} for label in unique}  # column -> value's key -> row
    formulas = book.formulas(sheet.name)
    # a label both optional and listed in may_be_blank (history's `Ngày`) is one column, looked at once
    blank_means = sorted({(columns[label], label) for label in optional + list(may_be_blank) if label in columns})
    rows: list[Row] = []
    uncalculated: list[Problem] = []  # a blank that has a meaning where a formula stands, in any row
    for index in range(1, len(sheet.rows)):
        values = {label: typed(sheet.value(index, col)) for label, col in columns.items()}
        uncalculated += [blank_or_formula(book, sheet, index, col, "value_missing") for col, label in blank_means
                         if (index, col) in formulas and values[label].blank]
        if all(v.blank for v in values.values()):
            continue  # a row of such formulas only is no row to the grid
        if len(rows) == MAX_TABLE_ROWS:  # a block has 8-15 members: thousands of rows are a mistake
            return [], [problem("table_too_long", file=book.rel, sheet=sheet.name, row=index + 1, limit=MAX_TABLE_ROWS)]
        blanks = tuple(blank_or_formula(book, sheet, index, columns[label], "value_missing", label=label)
                       for label in filled if values[label].blank)
        seen = {label: first[label].setdefault(values[label].key, index + 1)
                for label in unique if not values[label].blank}
        repeats = {label: row for label, row in seen.items() if row != index + 1}
        repeated = tuple(problem(unique[label], file=book.rel, sheet=sheet.name, cell=cell_name(index, columns[label]),
                                 value=values[label].code, other_row=row) for label, row in repeats.items())
        rows.append(Row(index, values, columns, blanks + repeated, repeats))
    # below the grid only formulas Excel never calculated stand (one with a result is in the grid):
    # each is blank, found by its cell rather than by typing every empty row down to it
    blank_columns = {col for col, _ in blank_means}
    uncalculated += [blank_or_formula(book, sheet, row, col, "value_missing") for row, col in sorted(formulas)
                     if row >= len(sheet.rows) and col in blank_columns]
    rows = _percent_formats(book, sheet, rows, [label for label in percent if label in columns])
    return rows, misnamed + uncalculated


def _percent_formats(book: Workbook, sheet: Sheet, rows: list[Row], columns: list[str]) -> list[Row]:
    """The rows with their cells of `columns` formatted as percentages (`Row.percent`), each such
    value as staff see it (`percent_formatted`); only numbers are looked up."""
    numeric = {row.cell(c) for row in rows for c in columns if isinstance(row.values[c].raw, (int, float))}
    if not numeric:
        return rows
    shown = percent_cells(book.path, sheet.name, numeric)
    formatted = [frozenset(c for c in columns if row.cell(c) in shown) for row in rows]
    return [replace(row, percent=percent, values=row.values | {c: percent_formatted(row.values[c]) for c in percent})
            if percent else row for row, percent in zip(rows, formatted)]


def rows_below(sheet: Sheet, header_row: int, columns: dict[str, int]) -> Iterator[Row]:
    """Every row under a header found elsewhere (a score sheet's, below its title and unit line),
    blank ones too, with the values of `columns` typed one row at a time, as the reader asks: a
    reader that stops at the table's end types no more."""
    for index in range(header_row + 1, len(sheet.rows)):
        yield Row(index, {label: typed(sheet.value(index, col)) for label, col in columns.items()}, columns)


def _loose(text: object) -> str:
    """`Tỉ lệ phiếu`, `Ty le phieu` and `Tỷ lệ phiếu` alike: folded, with the two spellings of `tỷ`."""
    return folded(text).replace("y", "i")


def _misnamed(book: Workbook, sheet: Sheet, header: Any, columns: dict[str, int], optional: list[str]) -> list[Problem]:
    """An optional column not found by its name whose header is typed nearly so."""
    found = []
    taken = set(columns.values())
    for label in optional:
        if label in columns:
            continue
        near = next((col for col, cell in enumerate(header)
                     if col not in taken and isinstance(cell, str) and _loose(cell) == _loose(label)), None)
        if near is not None:
            found.append(problem("column_misnamed", file=book.rel, sheet=sheet.name, cell=cell_name(0, near),
                                 value=clean_name(header[near]), column=label))
    return found


def header_hint(header: list[Any], taken: set[int], wanted: str) -> str:
    """`. Có cột "Ma don vi": hãy sửa tên cột thành Mã` when a header cell looks like `wanted`."""
    candidates = {
        folded(cell): clean_name(cell)
        for col, cell in enumerate(header)
        if col not in taken and isinstance(cell, str) and clean(cell)
    }
    close = difflib.get_close_matches(folded(wanted), list(candidates), n=1, cutoff=0.7)
    if close:
        return f". Có cột \"{candidates[close[0]]}\": hãy sửa tên cột thành {wanted}"
    return f". Hãy ghi {wanted} vào một ô trống của dòng 1"


def blank_or_formula(book: Workbook, sheet: Sheet, row: int, col: int, code: str, **params: Any) -> Problem:
    """The problem for a blank required cell: a formula Excel never calculated, a formula whose
    result is an error (`#DIV/0!`), or simply a blank cell."""
    where = dict(file=book.rel, sheet=sheet.name, cell=cell_name(row, col))
    if book.is_formula(sheet.name, row, col):
        result = book.formula_result(sheet.name, row, col)
        if isinstance(result, str) and result.startswith("#"):
            return problem("formula_error", **where, value=result)
        return problem("formula_not_calculated", **where)
    area = book.merged_area(sheet.name, row, col)
    if area is not None:  # staff see the first cell's value across the area; it belongs to that cell only
        first = cell_name(area[0], area[1])
        return problem("cell_in_merged_area", **where, **params, area=area_name(area), first=first,
                       here=where["cell"])
    return problem(code, **where, **params)
