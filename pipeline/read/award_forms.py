"""Sheet `KhenThuong` of `khoi.xlsx`: the award forms in priority order, their places, minimum
scores and vote shares (SPEC §2.1)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..model import AwardForm
from ..problems import Problem, problem
from ..text import parse_number
from .sheets import read_table
from .values import BLANK, Value
from .workbook import Workbook


def quota_places(text: str, members: int) -> int | None:
    """`3` places, or `30%` of the members rounded down; None if neither."""
    raw = text.replace(" ", "")
    percent = raw.endswith("%")
    number = parse_number(raw[:-1] if percent else raw)
    if number is None or number < 0:
        return None
    if percent:
        return int(number * members / 100)
    return int(number) if number == number.to_integral_value() else None


def _quota(value: Value, members: int, percent_format: bool) -> int | None:
    """Places of a `Số lượng` cell, as staff see it: `30%` typed into Excel is stored as 0.3 and
    `100%` as 1 in a percent-formatted cell; where the format is unknown, a number below 1 is a share."""
    raw = value.raw
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and (percent_format or 0 < raw < 1):
        share = value.percent  # 30 for 0.3, 100 for 1 in a percent-formatted cell
        return int(share * members / 100) if share is not None and share >= 0 else None
    return quota_places(value.code, members)


def vote_share(value: Value) -> Decimal | None:
    """A `Tỷ lệ phiếu` cell in percent as staff see it (`80%`, 0,8 or 80; 0.8 in a percent-formatted
    cell): `Value.percent`. None when it is not a share from 1% to 100%."""
    share = value.percent
    return share if share is not None and 1 <= share <= 100 else None


_AWARD_COLUMNS = ["Điểm tối thiểu", "Tỷ lệ phiếu"]


def read_award_forms(book: Workbook, sheet: Any, members: int, problems: list[Problem]) -> list[AwardForm]:
    rows, found = read_table(book, sheet, ["Hình thức", "Số lượng"], _AWARD_COLUMNS,
                             unique={"Hình thức": "duplicate_award"}, percent=("Số lượng", "Tỷ lệ phiếu"))
    problems += found
    awards: list[AwardForm] = []
    for row in rows:
        where = dict(file=book.rel, sheet=sheet.name)
        problems += row.problems  # a blank required cell, a repeated name
        ok = not row.problems
        name = row.values["Hình thức"].name
        quota = row.values["Số lượng"]
        places = _quota(quota, members, "Số lượng" in row.percent) if not quota.blank else None
        if not quota.blank and places is None:
            problems.append(problem("bad_quota", **where, cell=row.cell("Số lượng"), value=quota.shown))
            ok = False
        minimum = None
        lowest = row.values.get("Điểm tối thiểu", BLANK)
        if not lowest.blank:
            minimum = lowest.number
            if minimum is None:
                problems.append(problem("bad_min_score", **where, cell=row.cell("Điểm tối thiểu"), value=lowest.shown))
                ok = False
        share = None
        votes = row.values.get("Tỷ lệ phiếu", BLANK)
        if not votes.blank:
            share = vote_share(votes)
            if share is None:
                problems.append(problem("bad_vote_share", **where, cell=row.cell("Tỷ lệ phiếu"),
                                        value=votes.shown))
                ok = False
        if ok and places is not None:
            awards.append(AwardForm(name, places, minimum, row.excel_row, vote_share=share,
                                    vote_share_cell=row.cell("Tỷ lệ phiếu") if share is not None else ""))
    if not rows and not found:
        problems.append(problem("no_awards", file=book.rel, sheet=sheet.name))
    return awards


