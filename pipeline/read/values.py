"""A cell's value, typed once where its table is read: every reader gets what staff typed as text,
as a name on one line, as a code, a number, a date, blank or not, and as Excel shows it, and
converts nothing itself. The rules of each form (`95,5`, `1.000`, `dd/mm/yyyy`, a code typed as a
number) are those of `text.py`; which of them a cell is read with is said here, once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from ..text import clean, clean_name, format_number, key, legacy_text, one_line, parse_date, parse_number


@dataclass(frozen=True, slots=True)
class Value:
    """One cell, in every form a reader asks for."""

    raw: Any  # as the workbook holds it: text, a number, a date, TRUE/FALSE; "" or None when empty
    blank: bool  # nothing typed, or spaces only
    text: str  # as typed, line breaks kept (`clean`; a number as Python writes it: `95.5`)
    name: str  # as typed on one line, runs of spaces as one (`clean_name`)
    line: str  # lines typed in one cell joined by a dash (`one_line`)
    shown: str  # as Excel shows it: `27`, `9,5`, `09/05/2020`, `TRUE`, text on one line
    code: str  # a code: `1.1` typed as a number reads as `1.1`, `3` as `3`
    number: Decimal | None  # a number, or Vietnamese number text (`95,5`); None when it is none
    percent: Decimal | None  # the number of text typed with a trailing `%` (`80%` is 80)
    key: str  # the form codes, labels and names are compared in (`text.key` of the code)
    date: dt.date | None  # an Excel date, `dd/mm/yyyy` text or a date's serial number; None when none
    legacy: bool  # text that looks typed in TCVN3 or VNI rather than Unicode


BLANK = Value("", True, "", "", "", "", "", None, None, "", None, False)


def typed(raw: Any) -> Value:
    """`raw` in every form a reader asks for."""
    if isinstance(raw, str):
        return _typed_text(raw)
    if raw is None:
        return Value(None, True, "", "", "", "", "", None, None, "", None, False)
    text = clean(raw)
    name = clean_name(text)
    code = code_text(raw)
    return Value(raw, False, text, name, name, shown(raw), code, parse_number(raw), None, key(code),
                 conference_date(raw), False)


@lru_cache(maxsize=4096)
def _typed_text(raw: str) -> Value:
    """Texts repeat (codes on every score sheet, labels, `x`): each is typed once."""
    text = clean(raw)
    name = clean_name(text)
    line = one_line(text) if "\n" in text else name
    percent = parse_number(text[:-1]) if text.endswith("%") else None
    return Value(raw, not text, text, name, line, name, name, parse_number(text), percent, key(raw),
                 parse_date(text), legacy_text(name))


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not clean(value))


def shown(value: Any) -> str:
    """A cell's value as staff see it in Excel: `27`, `9,5`, `09/05/2020`, `TRUE`, text as typed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float, Decimal)):
        number = parse_number(value)
        return format_number(number) if number is not None else str(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M") if value.time() != dt.time() else value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.timedelta):
        return str(value)
    return clean_name(value)


def code_text(value: Any) -> str:
    """A code as text: `1.1` typed as a number reads as `1.1`, `3` as `3`."""
    if isinstance(value, float) and value == value and abs(value) != float("inf"):
        return str(int(value)) if value == int(value) else repr(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        return shown(value)
    return clean_name(value)


def conference_date(value: Any) -> dt.date | None:
    """A date as `parse_date` reads it, or an Excel date in a cell formatted as a plain number
    (`44204` for 08/01/2021), as Excel shows after the cell's format is cleared."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and _SERIALS[0] <= value <= _SERIALS[1]:
        if value == int(value):
            return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
    return parse_date(value)


_SERIALS = (36526, 73051)  # Excel's day numbers of 01/01/2000 and 31/12/2099
