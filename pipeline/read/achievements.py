"""A unit's own account of its year, sheet `ThanhTich` in its score workbook (SPEC §2.1): columns
`Mục` and `Nội dung` as in `TongKet`, for the unit's achievement report. The workbook's score
sheet says whose account it is."""

from __future__ import annotations

from ..model import Account
from ..problems import Problem, problem
from ..text import key
from .texts import sheet_sections
from .workbook import Sheet, Workbook

ACCOUNT_SHEET = "ThanhTich"


def account_sheet(book: Workbook) -> Sheet | None:
    return book.sheet(key(ACCOUNT_SHEET))


def read_account(book: Workbook, sheet: Sheet, unit_codes: list[str], unknown: list[str]) -> tuple[Account | None, list[Problem]]:
    """The account of the one unit whose score sheet is in `book` (`unit_codes`); `unknown`: what
    the workbook's score sheets name that is no member. Anything else is a fault at the sheet:
    the report would go to the wrong unit."""
    where = dict(file=book.rel, sheet=sheet.name)
    problems: list[Problem] = []
    sections = sheet_sections(book, sheet, problems)
    codes = list(dict.fromkeys(unit_codes))
    if len(codes) == 1:
        return Account(codes[0], tuple(sections), book.rel), problems
    if len(codes) > 1:
        problems.append(problem("account_many_units", **where, value=", ".join(codes)))
    elif unknown:
        problems.append(problem("account_unit_unknown", **where, value=unknown[0]))
    else:
        problems.append(problem("account_no_unit", **where))
    return None, problems
