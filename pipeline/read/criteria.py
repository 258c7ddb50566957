"""Sheet `TieuChi` of `khoi.xlsx`: the block's scoring criteria (SPEC §2.1)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..model import Criterion, Kind
from ..problems import Problem, problem
from ..text import format_number, key
from .sheets import read_table
from .values import BLANK
from .workbook import Workbook
from .methods import CRITERIA_COLUMNS, SHARE_COLUMNS, how_scored

MAX_POINTS = Decimal(100_000)  # a criterion's maximum; real guides score a whole block out of 100 or 1.000
_KINDS = {key(k.value): k for k in Kind} | {"": Kind.SCORED}


def read_criteria(book: Workbook, sheet: Any, problems: list[Problem]) -> tuple[list[Criterion], list[str], bool]:
    """The criteria; the codes of rows with an error; whether every row has its own code."""
    rows, found = read_table(book, sheet, ["Mã", "Nội dung", "Điểm tối đa"], ["Loại", "Nhóm"] + CRITERIA_COLUMNS,
                             unique={"Mã": "duplicate_criterion"}, percent=SHARE_COLUMNS)
    problems += found
    criteria: list[Criterion] = []
    unusable: list[str] = []
    all_codes = bool(rows)
    for row in rows:
        where = dict(file=book.rel, sheet=sheet.name)
        problems += row.problems  # a blank required cell, a repeated code
        ok = not row.problems
        code = row.values["Mã"].code
        if not code or row.repeats:
            all_codes = False
        maximum = row.values["Điểm tối đa"].number
        if not row.values["Điểm tối đa"].blank and (maximum is None or maximum <= 0):
            problems.append(
                problem("bad_max", **where, cell=row.cell("Điểm tối đa"), value=row.values["Điểm tối đa"].shown)
            )
            ok = False
        elif maximum is not None and maximum > MAX_POINTS:  # a typo (1e300 made every sum past Decimal's digits)
            problems.append(problem("max_too_large", **where, cell=row.cell("Điểm tối đa"),
                                    limit=format_number(MAX_POINTS)))
            ok = False
        kind_cell = row.values.get("Loại", BLANK)
        kind = _KINDS.get(kind_cell.key)
        if kind is None:
            problems.append(problem("bad_kind", **where, cell=row.cell("Loại"), value=kind_cell.text))
            ok = False
        scoring = how_scored(row, kind is Kind.SCORED, where, problems)  # `Cách chấm` and its shares
        if ok and maximum is not None and kind is not None and scoring is not None:
            criteria.append(Criterion(code, row.values["Nội dung"].text, maximum, kind,
                                      row.values.get("Nhóm", BLANK).text, **scoring.fields()))
        elif code and "Mã" not in row.repeats:
            unusable.append(code)
    if not rows and not found:
        problems.append(problem("no_criteria", file=book.rel, sheet=sheet.name))
    return criteria, unusable, all_codes
