"""The tie rule of the law in force on the conference date: among tied units that do not all fit
the places left, a collective with a high share of women goes first (Decree 152/2025 Art. 4(6)),
before the conference's own order (`Ưu tiên`).

The date it applies from, the share and the citation live in `templates_docx/uu_tien_dong_diem.txt`,
data staff can update when the law changes (never code): each line `YYYY-MM-DD | 70% | citation`
is in force from that date until a later-dated line; `-` for the share ends the rule.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..model import WomenFirst
from ..problems import Problem, problem
from ..text import clean, format_number, is_blank, parse_number, shown
from .number_formats import percent_cells
from .sheets import Row
from .workbook import Sheet, Workbook

TIE_RULE_FILE = Path(__file__).resolve().parents[2] / "templates_docx" / "uu_tien_dong_diem.txt"
LABEL = "templates_docx/uu_tien_dong_diem.txt"


class TieRuleError(Exception):
    def __init__(self, line: int | None, detail: str) -> None:
        self.line = line
        self.detail = detail
        super().__init__(detail)


def women_first_rule(day: dt.date, path: Path = TIE_RULE_FILE) -> WomenFirst | None:
    """The rule in force on `day`, or None before the first dated line (or after a `-` line)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise TieRuleError(None, f"không mở được tệp ({type(exc).__name__})") from exc
    rules: list[tuple[dt.date, WomenFirst | None]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = [clean(part) for part in line.split("|")]
        if len(parts) != 3:
            raise TieRuleError(number, "cần ba phần cách nhau bởi dấu |: ngày áp dụng | tỷ lệ nữ | căn cứ")
        since_text, share_text, ground = parts
        try:
            since = dt.date.fromisoformat(since_text)
        except ValueError as exc:
            raise TieRuleError(number, f"ngày \"{since_text}\" phải viết dạng YYYY-MM-DD, ví dụ 2025-07-01") from exc
        if share_text == "-":
            rules.append((since, None))
            continue
        share = parse_number(share_text.removesuffix("%").strip())
        if share is None or not 0 < share <= 100:
            raise TieRuleError(number, f"tỷ lệ nữ \"{share_text}\" phải là một tỷ lệ từ 1% đến 100%, ví dụ 70%, "
                                       "hoặc - khi không còn ưu tiên")
        if not ground:
            raise TieRuleError(number, "thiếu căn cứ (ví dụ khoản 6 Điều 4 Nghị định số 152/2025/NĐ-CP)")
        rules.append((since, WomenFirst(since, share, ground)))
    in_force = [(since, rule) for since, rule in rules if since <= day]
    return max(in_force, key=lambda item: item[0])[1] if in_force else None


def tie_rule_problems(day: dt.date) -> tuple[WomenFirst | None, list[Problem]]:
    """The rule for a conference on `day`; a fault in the staff-edited data file is a problem."""
    try:
        return women_first_rule(day), []
    except TieRuleError as exc:
        return None, [problem("tie_rule_file", file=LABEL, row=exc.line, detail=exc.detail)]


WOMEN_COLUMN = "Tỷ lệ nữ"


def women_share(raw: Any, percent_format: bool) -> Decimal | None:
    """A `Tỷ lệ nữ` cell in percent: `72%` typed (0.72 in a percent-formatted cell), text `72%`, or a
    plain 72 or 0,72. None when it is no share from 0% to 100%."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        number = parse_number(raw)
        if number is not None and (percent_format or number <= 1):
            number *= 100
    else:
        text = clean(raw).replace(" ", "")
        number = parse_number(text[:-1] if text.endswith("%") else text)
        if number is not None and not text.endswith("%") and number <= 1:
            number *= 100
    if number is None or not 0 <= number <= 100:
        return None
    return number.normalize() if number != number.to_integral_value() else Decimal(int(number))


def women_shares(book: Workbook, sheet: Sheet, rows: list[Row], problems: list[Problem]) -> dict[int, Decimal]:
    """Each member row's `Tỷ lệ nữ` (by row index), where given; a cell that is no share is an error."""
    if not rows or WOMEN_COLUMN not in rows[0].columns:
        return {}
    numeric = {row.cell(WOMEN_COLUMN) for row in rows if isinstance(row.values[WOMEN_COLUMN], (int, float))}
    percent = percent_cells(book.path, sheet.name, numeric)
    shares: dict[int, Decimal] = {}
    for row in rows:
        raw = row.values[WOMEN_COLUMN]
        if is_blank(raw):
            continue
        share = women_share(raw, row.cell(WOMEN_COLUMN) in percent)
        if share is None:
            shown_value = (f"{format_number(parse_number(raw) * 100)}%"
                           if row.cell(WOMEN_COLUMN) in percent and parse_number(raw) is not None else shown(raw))
            problems.append(problem("bad_women_share", file=book.rel, sheet=sheet.name, cell=row.cell(WOMEN_COLUMN),
                                    value=shown_value))
            continue
        shares[row.index] = share
    return shares
