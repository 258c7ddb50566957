"""The proposal's legal grounds when `khoi.xlsx` has no `CanCu` sheet.

The citations live in `templates_docx/can_cu_mac_dinh.txt`, data staff can edit when the law
changes: each line `YYYY-MM-DD | text` is in force from that date until a later-dated line;
`* | text` lines always follow.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .text import clean

DEFAULT_GROUNDS = Path(__file__).resolve().parent.parent / "templates_docx" / "can_cu_mac_dinh.txt"


def default_grounds(day: dt.date, year: int, block_name: str, path: Path = DEFAULT_GROUNDS) -> list[str]:
    dated: list[tuple[dt.date, str]] = []
    always: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#") or "|" not in line:
            continue
        since, text = (part.strip() for part in line.split("|", 1))
        text = text.format(nam=year, ten_khoi=block_name)
        if since == "*":
            always.append(text)
        else:
            dated.append((dt.date.fromisoformat(since), text))
    in_force = [since for since, _ in dated if since <= day]
    latest = max(in_force) if in_force else None
    return [text for since, text in dated if since == latest] + always


def punctuate(items: list[str]) -> list[str]:
    """Each ground ends with `;`, the last with `.` (Decree 30)."""
    bare = [clean(item).rstrip(";.,") for item in items if clean(item)]
    return [item + (";" if i < len(bare) - 1 else ".") for i, item in enumerate(bare)]
