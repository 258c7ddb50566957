"""A cell's value, typed once where its table is read: every reader gets what staff typed as text,
as a name on one line, as a code, a number, a date, blank or not, and as Excel shows it, and
converts nothing itself. The rules of each form (`95,5`, `1.000`, `dd/mm/yyyy`, a code typed as a
number) are those of `text.py`; that a cell is read in all of them is said here, once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from typing import Any

from ..text import (clean, clean_name, code_text, conference_date, format_number, key, legacy_text, one_line,
    parse_date, parse_number, shown)


@dataclass(frozen=True, slots=True)
class Value:
    """One cell, in every form a reader asks for."""

    raw: Any  # as the workbook holds it: text, a number, a date, TRUE/FALSE; "" or None when empty
    blank: bool  # nothing typed, or spaces only
    text: str  # as typed, line breaks kept (`clean`; a number as Python writes it: `95.5`)
    name: str  # as typed on one line, runs of spaces as one (`clean_name`)
    line: str  # lines typed in one cell joined by a dash (`one_line`)
    shown: str  # as Excel shows it: `27`, `9,5`, `09/05/2020`, `TRUE`, `150%` (`percent_formatted`), text on one line
    code: str  # a code: `1.1` typed as a number reads as `1.1`, `3` as `3`
    number: Decimal | None  # a number, or Vietnamese number text (`95,5`); None when it is none
    figure: str  # the number as documents and messages write it (`95,5`); "" when it is none
    # the number read as a share in percent, as share columns read it: `80%` typed as text, 0.8 in a
    # cell formatted as a percentage (`percent_formatted`), a plain 80 or 0,8 (up to 1, a fraction) are 80
    percent: Decimal | None
    key: str  # the form codes, labels and names are compared in (`text.key` of the code)
    date: dt.date | None  # an Excel date, `dd/mm/yyyy` text or a date's serial number; None when none
    legacy: bool  # text that looks typed in TCVN3 or VNI rather than Unicode


def percent_formatted(value: Value) -> Value:
    """A number in a cell formatted as a percentage, as staff see it: 1.5 is `150%`, 150 in percent."""
    if not isinstance(value.raw, (int, float)) or value.number is None:
        return value
    percent = _hundredfold(value.number)
    return replace(value, shown=f"{format_number(percent)}%", percent=percent)


def _percent(number: Decimal | None) -> Decimal | None:
    """A plain number read as a share in percent: up to 1 it is a fraction (0,8 is 80%)."""
    return _hundredfold(number) if number is not None and number <= 1 else number


def _hundredfold(number: Decimal) -> Decimal:
    """`number` × 100 written plainly: 0,75 is 75, not 75.00."""
    percent = number * 100
    return Decimal(int(percent)) if percent == percent.to_integral_value() else percent.normalize()


BLANK = Value("", True, "", "", "", "", "", None, "", None, "", None, False)
_NONE = Value(None, True, "", "", "", "", "", None, "", None, "", None, False)


def typed(raw: Any) -> Value:
    """`raw` in every form a reader asks for."""
    if isinstance(raw, str):
        return _typed_text(raw)
    if raw is None:
        return _NONE
    if isinstance(raw, (int, float)):
        return _typed_number(raw)
    return _typed_value(raw)


def _typed_value(raw: Any) -> Value:
    """A number, a date or a time, TRUE or FALSE."""
    text = clean(raw)
    name = clean_name(text)
    code, number, as_shown = code_text(raw), parse_number(raw), shown(raw)
    figure = "" if number is None else as_shown if isinstance(raw, (int, float, Decimal)) else format_number(number)
    return Value(raw, False, text, name, name, as_shown, code, number, figure, _percent(number), key(code),
                 conference_date(raw), False)


# Numbers repeat (scores, maxima, votes) and so do texts (codes on every score sheet, labels): each
# is typed once. `typed=True`: 1, 1.0 and TRUE are three values here.
_typed_number = lru_cache(maxsize=4096, typed=True)(_typed_value)


@lru_cache(maxsize=8192)
def _typed_text(raw: str) -> Value:
    text = clean(raw)
    name = clean_name(text)
    line = one_line(text) if "\n" in text else name
    number = parse_number(text)
    percent = parse_number(text[:-1]) if text.endswith("%") else _percent(number)
    return Value(raw, not text, text, name, line, name, name, number, format_number(number) if number is not None else "",
                 percent, key(raw), parse_date(text), legacy_text(name))
