"""Sheet `TieuChi` of `khoi.xlsx`: the block's scoring criteria (SPEC §2.1)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..model import Criterion, Kind
from ..problems import Problem, problem
from ..text import clean, code_text, format_number, is_blank, key, parse_number, shown
from .sheets import read_table, require_filled
from .workbook import Workbook
from .methods import CRITERIA_COLUMNS, how_scored, percent_columns

MAX_POINTS = Decimal(100_000)  # a criterion's maximum; real guides score a whole block out of 100 or 1.000
_KINDS = {key(k.value): k for k in Kind} | {"": Kind.SCORED}


def read_criteria(book: Workbook, sheet: Any, problems: list[Problem]) -> tuple[list[Criterion], list[str], bool]:
    """The criteria; the codes of rows with an error; whether every row has its own code."""
    rows, found = read_table(book, sheet, ["Mã", "Nội dung", "Điểm tối đa"], ["Loại", "Nhóm"] + CRITERIA_COLUMNS)
    problems += found
    percent = percent_columns(book, sheet.name, rows)
    criteria: list[Criterion] = []
    unusable: list[str] = []
    all_codes = bool(rows)
    seen: dict[str, int] = {}
    for row in rows:
        where = dict(file=book.rel, sheet=sheet.name)
        ok = require_filled(book, sheet, row, ["Mã", "Nội dung", "Điểm tối đa"], problems)
        code = code_text(row.values["Mã"])
        if code and key(code) in seen:
            problems.append(
                problem("duplicate_criterion", **where, cell=row.cell("Mã"), value=code, other_row=seen[key(code)])
            )
            ok = all_codes = False
        elif code:
            seen[key(code)] = row.excel_row
        else:
            all_codes = False
        maximum = parse_number(row.values["Điểm tối đa"])
        if not is_blank(row.values["Điểm tối đa"]) and (maximum is None or maximum <= 0):
            problems.append(
                problem("bad_max", **where, cell=row.cell("Điểm tối đa"), value=shown(row.values["Điểm tối đa"]))
            )
            ok = False
        elif maximum is not None and maximum > MAX_POINTS:  # a typo (1e300 made every sum past Decimal's digits)
            problems.append(problem("max_too_large", **where, cell=row.cell("Điểm tối đa"),
                                    limit=format_number(MAX_POINTS)))
            ok = False
        kind = _KINDS.get(key(row.text("Loại")))
        if kind is None:
            problems.append(problem("bad_kind", **where, cell=row.cell("Loại"), value=row.text("Loại")))
            ok = False
        scoring = how_scored(row, kind is Kind.SCORED, percent, where, problems)  # `Cách chấm` and its shares
        if ok and maximum is not None and kind is not None and scoring is not None:
            criteria.append(Criterion(code, clean(row.values["Nội dung"]), maximum, kind, row.text("Nhóm"),
                                      **scoring.fields()))
        elif code and key(code) in seen and seen[key(code)] == row.excel_row:
            unusable.append(code)
    if not rows and not found:
        problems.append(problem("no_criteria", file=book.rel, sheet=sheet.name))
    return criteria, unusable, all_codes
