"""Whose year a count sheet is (issue 21): last year's `kiem_phieu_<year>.xlsx` copied into this
year's folder would decide this year's awards with last year's votes.

A count sheet tells its year in two places, when it has them: the title `make ballots` gives the
workbook (`Kiểm phiếu bình xét thi đua năm 2019`, kept by Excel when it is saved again), and a
`Năm` column staff may add to `BoPhieu`. Either naming another year is an error at that place.
"""

from __future__ import annotations

import re
import zipfile
from html import unescape

from ..problems import Problem, problem
from ..text import cell_name, key
from .values import typed
from .workbook import Sheet, Workbook

YEAR_COLUMN = "Năm"
_TITLE = re.compile(r"<dc:title[^>]{0,300}>([^<]{0,500})</dc:title>")
_TITLE_YEAR = re.compile(r"kiểm phiếu.*\bnăm\s+(\d{4})\b", re.IGNORECASE | re.DOTALL)
_CORE_LIMIT = 64 * 1024  # docProps/core.xml is a few hundred bytes


def count_year_problems(book: Workbook, sheet: Sheet, year: int) -> list[Problem]:
    """An error for each place the count sheet names a year other than `year`."""
    where = dict(file=book.rel, sheet=sheet.name)
    found: list[Problem] = []
    title = _title(book)
    match = _TITLE_YEAR.search(title) if title else None
    if match and int(match.group(1)) != year:
        found.append(problem("ballot_other_year", **where, value=match.group(1), year=year,
                             where=f"tiêu đề của tệp: \"{title}\""))
    start = next((index for index, row in enumerate(sheet.rows[:30]) if any(
        isinstance(cell, str) and key(cell) == key("Đơn vị") for cell in row)), 0)  # below a title block
    header = sheet.rows[start] if sheet.rows else []
    for col, cell in enumerate(header):
        if not (isinstance(cell, str) and key(cell) == key(YEAR_COLUMN)):
            continue
        for index in range(start + 1, len(sheet.rows)):
            value = typed(sheet.value(index, col))
            if value.blank:
                continue
            number = value.number
            if number is None or number != year:
                told = str(int(number)) if number is not None and number == number.to_integral_value() else value.shown
                found.append(problem("ballot_other_year", **where, cell=cell_name(index, col), value=told,
                                     year=year, where=f"cột {YEAR_COLUMN}"))
                break  # one is enough: the whole sheet is another year's
    return found


def _title(book: Workbook) -> str:
    """The workbook's title property (.xlsx, .xlsm), or ''."""
    if book.path.suffix.lower() not in (".xlsx", ".xlsm"):
        return ""
    try:
        with zipfile.ZipFile(book.path) as archive:
            info = archive.getinfo("docProps/core.xml")
            if info.file_size > _CORE_LIMIT:
                return ""
            with archive.open(info) as stream:
                xml = stream.read(_CORE_LIMIT).decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return ""
    match = _TITLE.search(xml)
    return unescape(match.group(1)).strip() if match else ""
