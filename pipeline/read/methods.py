"""Criteria scored by formula, as real provincial guides score (SPEC §2.3): the `TieuChi` columns
`Cách chấm`, `A`-`D` and `Thưởng vượt tối đa`, `ThongTin`'s `Điểm thưởng tối đa`, and a score
sheet row's `Kế hoạch`, `Thực hiện` and grade cells. Only what the cells say is read here; the
scores are worked out in `rules/formulas.py`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..model import DEFAULT_EXCESS_CAP, DEFAULT_GRADE_SHARES, GRADES, Criterion, Method
from ..problems import Problem, problem, warning
from ..text import format_number, key
from .number_formats import percent_cells
from .sheets import Row
from .values import BLANK, Value
from .workbook import Workbook

METHOD = "Cách chấm"
EXCESS_CAP = "Thưởng vượt tối đa"
BONUS_CAP = "Điểm thưởng tối đa"
PLAN, ACTUAL, OFFICE = "Kế hoạch", "Thực hiện", "Điểm thẩm định"
CRITERIA_COLUMNS = [METHOD, *GRADES, EXCESS_CAP]  # optional columns of `TieuChi`
SHARE_COLUMNS = (*GRADES, EXCESS_CAP)  # shares: `75%` typed into Excel is 0.75 in a cell formatted as a percentage
_METHODS = {key(m.value): m for m in Method} | {key("Tỉ lệ"): Method.RATIO, key("Tỉ lệ giảm"): Method.REVERSE}


@dataclass(frozen=True)
class HowScored:
    """A criterion's `Cách chấm` and its shares, as `Criterion` fields."""

    method: Method | None = None
    grade_shares: tuple[Decimal, ...] = DEFAULT_GRADE_SHARES
    excess_cap: Decimal = DEFAULT_EXCESS_CAP

    def fields(self) -> dict[str, Any]:
        return {"method": self.method, "grade_shares": self.grade_shares, "excess_cap": self.excess_cap}


def how_scored(row: Row, kind_scored: bool, where: dict[str, str], problems: list[Problem]) -> HowScored | None:
    """The row's `Cách chấm`, grade shares and excess cap; None (problems told) when one is wrong. The
    row comes with the percent formats of `SHARE_COLUMNS` (`read_table(percent=...)`)."""
    before = len(problems)
    method = None
    text = row.values.get(METHOD, BLANK).text
    if text:
        method = _METHODS.get(row.values[METHOD].key)
        if method is None:
            problems.append(problem("bad_method", **where, cell=row.cell(METHOD), value=text))
        elif not kind_scored:
            problems.append(problem("method_not_scored", **where, cell=row.cell(METHOD), value=method.value))
    shares = list(DEFAULT_GRADE_SHARES)
    for index, grade in enumerate(GRADES):
        cell = row.values.get(grade, BLANK)
        if cell.blank:
            continue
        value = share(cell)
        if value is None:
            problems.append(problem("bad_grade_share", **where, cell=row.cell(grade), grade=grade,
                                    value=cell.shown,
                                    default=percent_text(DEFAULT_GRADE_SHARES[index])))
        else:
            shares[index] = value
    if len(problems) == before:
        for index in range(1, len(GRADES)):
            if shares[index] > shares[index - 1]:
                grade = GRADES[index]
                problems.append(problem("grade_shares_order", **where, cell=row.cell(grade) if grade in row.columns
                                        else "", grade=grade, value=percent_text(shares[index]),
                                        better=GRADES[index - 1], other=percent_text(shares[index - 1])))
                break
    cap = DEFAULT_EXCESS_CAP
    cell = row.values.get(EXCESS_CAP, BLANK)
    if not cell.blank:
        value = share(cell)
        if value is None:
            problems.append(problem("bad_excess_cap", **where, cell=row.cell(EXCESS_CAP),
                                    value=cell.shown))
        elif value == 1 and EXCESS_CAP not in row.percent and "%" not in str(cell.raw):
            # a plain 1: 1% or 100%? (2 is read as 2%, 0,5 as 50%); guides cap the excess at 10%
            problems.append(problem("excess_cap_unclear", **where, cell=row.cell(EXCESS_CAP)))
        else:
            cap = value
    if len(problems) > before:
        return None
    _unused(row, method, where, problems)
    return HowScored(method, tuple(shares), cap)


def _unused(row: Row, method: Method | None, where: dict[str, str], problems: list[Problem]) -> None:
    """A warning for a share typed on a row scored otherwise (`Thưởng vượt tối đa` on a graded row,
    `B` on a `Tỷ lệ` row): it counts nowhere, and the row it was meant for keeps its default."""
    used = {Method.RATIO: (EXCESS_CAP,), Method.GRADE: GRADES}.get(method, ()) if method else ()
    for column in (*GRADES, EXCESS_CAP):
        if column not in used and not row.values.get(column, BLANK).blank:
            problems.append(warning("share_unused", **where, cell=row.cell(column), column=column,
                                    method=method.value if method else "điểm ghi trực tiếp",
                                    wanted=_FOR_COLUMN[column]))
            return


_FOR_COLUMN = {**{grade: Method.GRADE.value for grade in GRADES}, EXCESS_CAP: Method.RATIO.value}


def share(value: Value) -> Decimal | None:
    """A share of a criterion's maximum from 0 to 1: `75%` typed (0.75 in a percent-formatted
    cell), text `75%`, or a plain 75 or 0,75 (`Value.percent`). None when it is no share from 0% to 100%."""
    percent = value.percent
    return percent / 100 if percent is not None and 0 <= percent <= 100 else None


def bonus_cap(value: Value) -> Decimal | None:
    """`Điểm thưởng tối đa`: a number of points above 0; None when it is none."""
    number = value.number
    return number if number is not None and number > 0 else None


def bonus_cap_as_percent(book: Workbook, sheet_name: str, filled: dict[str, tuple[Value, str]],
                         where: dict[str, str], problems: list[Problem]) -> None:
    """`Điểm thưởng tối đa` is points: a cell formatted as a percentage shows `20%` and holds 0,2,
    which would cap every unit's bonus at 0,2 points. An error at the cell; only a cap up to 1 is looked up."""
    cap, name = filled.get(BONUS_CAP, (BLANK, ""))
    value = cap.raw
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
        return
    if name in percent_cells(book.path, sheet_name, {name}):
        shown_value = percent_text(cap.number or Decimal(0))
        problems.append(problem("bad_bonus_cap", **where, cell=name, value=shown_value))


def percent_text(value: Decimal) -> str:
    """`75%` for 0.75."""
    return f"{format_number(value * 100)}%"




def grade_of(value: Value) -> str | None:
    """`A`-`D` from a grade cell (`a`, ` B `, `Loại C`, `Loai: d` typed without Vietnamese
    accents, a full-width `Ａ` from an East Asian keyboard); None when it is no grade."""
    if not isinstance(value.raw, str):
        return None
    text = unicodedata.normalize("NFKC", value.text).upper()
    for prefix in ("LOẠI", "LOAI"):
        if text.startswith(prefix):
            text = text[len(prefix):].lstrip(" :").strip()
    return text if text in GRADES else None


def grade_worth(criterion: Criterion, grade: str) -> Decimal:
    """The points a grade is worth: its share of the criterion's maximum (exact)."""
    return criterion.grade_shares[GRADES.index(grade)] * criterion.max_points


__all__ = ["ACTUAL", "BONUS_CAP", "CRITERIA_COLUMNS", "EXCESS_CAP", "HowScored", "METHOD", "OFFICE", "PLAN",
           "SHARE_COLUMNS", "bonus_cap", "bonus_cap_as_percent", "grade_of", "grade_worth", "how_scored", "percent_text",
           "share"]
