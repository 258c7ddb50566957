"""A member's particulars in `ThanhVien` (`Địa chỉ`, `Điện thoại`, `Email`, `Ngày thành lập`,
`Cơ quan cấp trên`), for its achievement report (SPEC §2.1, §3). All optional: a blank one leaves a
dotted space; a blank `Cơ quan cấp trên` is the province's people's committee."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..model import Particulars
from ..problems import Problem, warning
from ..text import is_blank, legacy_text, one_line, shown
from .sheets import Row

PARTICULARS = ("Địa chỉ", "Điện thoại", "Email", "Ngày thành lập", "Cơ quan cấp trên")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def read_particulars(row: Row, where: dict[str, str], problems: list[Problem]) -> Particulars:
    values = {label: row.values.get(label) for label in PARTICULARS if label in row.columns}
    texts = {label: _text(label, value) for label, value in values.items() if not is_blank(value)}
    for label, text in texts.items():
        if legacy_text(text):
            problems.append(warning("mojibake", **where, cell=row.cell(label), value=text))
    email = texts.get("Email", "")
    if email and not all(_EMAIL.match(part.strip()) for part in re.split(r"[;,]", email) if part.strip()):
        problems.append(warning("bad_email", **where, cell=row.cell("Email"), value=email))
    return Particulars(texts.get("Địa chỉ", ""), texts.get("Điện thoại", ""), email, texts.get("Ngày thành lập", ""),
                       texts.get("Cơ quan cấp trên", ""))


def _text(label: str, value: Any) -> str:
    """As staff mean it: a phone number typed as a number lost its leading 0 in Excel (`2043854321`
    is `0204 3854 321`); a founding date as a date, or a bare year (`1997`)."""
    if label == "Điện thoại" and isinstance(value, (int, float)) and not isinstance(value, bool) and value == int(value):
        digits = str(int(value))
        return "0" + digits if len(digits) in (9, 10) and not digits.startswith("0") else digits
    if label == "Ngày thành lập" and isinstance(value, (int, float)) and not isinstance(value, bool):
        if value == int(value) and 1800 <= value <= 2100:
            return str(int(value))
        if value == int(value) and 0 < value < 80000:  # an Excel date whose cell lost its format
            return (dt.date(1899, 12, 30) + dt.timedelta(days=int(value))).strftime("%d/%m/%Y")
    return one_line(shown(value)) if not isinstance(value, str) else one_line(value)
