"""`ThanhVien`'s `Tỷ lệ nữ`: the share of women in each member collective, which the tie rule of
the law in force looks at (Decree 152/2025 Art. 4(6); the rule itself: `documents/tie_rule.py`)."""

from __future__ import annotations

from decimal import Decimal

from ..problems import Problem, problem
from .sheets import Row
from .values import Value
from .workbook import Sheet, Workbook

WOMEN_COLUMN = "Tỷ lệ nữ"


def women_share(value: Value) -> Decimal | None:
    """A `Tỷ lệ nữ` cell in percent as staff see it (`72%`, 0,72 or 72; 0.72 in a percent-formatted
    cell): `Value.percent`. None when it is no share from 0% to 100%."""
    share = value.percent
    return share if share is not None and 0 <= share <= 100 else None


def women_shares(book: Workbook, sheet: Sheet, rows: list[Row], problems: list[Problem]) -> dict[int, Decimal]:
    """Each member row's `Tỷ lệ nữ` (by row index), where given; a cell that is no share is an error.
    The rows come with the column's percent formats (`read_table(percent=...)`)."""
    if not rows or WOMEN_COLUMN not in rows[0].columns:
        return {}
    shares: dict[int, Decimal] = {}
    for row in rows:
        value = row.values[WOMEN_COLUMN]
        if value.blank:
            continue
        share = women_share(value)
        if share is None:
            problems.append(problem("bad_women_share", file=book.rel, sheet=sheet.name, cell=row.cell(WOMEN_COLUMN),
                                    value=value.shown))
            continue
        shares[row.index] = share
    return shares
