"""The proposal's legal grounds when `khoi.xlsx` has no `CanCu` sheet.

The citations live in `templates_docx/can_cu_mac_dinh.txt`, data staff can edit when the law
changes: each line `YYYY-MM-DD | text` is in force from that date until a later-dated line;
`* | text` lines always follow. `{nam}` and `{ten_khoi}` are filled in.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

from ..model import Block
from ..problems import Problem, problem
from ..text import clean

DEFAULT_GROUNDS = Path(__file__).resolve().parents[2] / "templates_docx" / "can_cu_mac_dinh.txt"
LABEL = "templates_docx/can_cu_mac_dinh.txt"
_FIELD = re.compile(r"\{(\w+)\}")


class GroundsError(Exception):
    def __init__(self, line: int | None, detail: str) -> None:
        self.line = line
        self.detail = detail
        super().__init__(detail)


def default_grounds(day: dt.date, year: int, block_name: str, path: Path = DEFAULT_GROUNDS) -> list[str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise GroundsError(None, f"không mở được tệp ({type(exc).__name__})") from exc
    values = {"nam": str(year), "ten_khoi": block_name}
    dated: list[tuple[dt.date, str]] = []
    always: list[str] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if "|" not in line:
            raise GroundsError(number, "thiếu dấu | giữa ngày áp dụng và nội dung")
        since, text = (part.strip() for part in line.split("|", 1))
        unknown = [name for name in _FIELD.findall(text) if name not in values]
        if unknown:
            raise GroundsError(number, f"không có trường {{{unknown[0]}}}; chỉ dùng {{nam}} và {{ten_khoi}}")
        text = _FIELD.sub(lambda m: values[m.group(1)], text)
        if since == "*":
            always.append(text)
            continue
        try:
            dated.append((dt.date.fromisoformat(since), text))
        except ValueError as exc:
            raise GroundsError(number, f"ngày \"{since}\" phải viết dạng YYYY-MM-DD, ví dụ 2024-01-01") from exc
    in_force = [since for since, _ in dated if since <= day]
    latest = max(in_force) if in_force else None
    return [text for since, text in dated if since == latest] + always


def with_grounds(block: Block) -> tuple[Block, list[Problem]]:
    """The block with the proposal's grounds as cited: those of `CanCu`, else the law in force on
    the conference date; each punctuated. A fault in the staff-edited data file is a problem."""
    info = block.info
    chosen = list(info.grounds)
    if not chosen:
        try:
            chosen = default_grounds(info.conference_date, info.year, info.block_name)
        except GroundsError as exc:
            return block, [problem("grounds_file", file=LABEL, row=exc.line, detail=exc.detail)]
    return replace(block, info=replace(info, grounds=tuple(punctuate(chosen)))), []


def punctuate(items: list[str]) -> list[str]:
    """Each ground ends with `;`, the last with `.` (Decree 30)."""
    bare = [clean(item).rstrip(";.,") for item in items if clean(item)]
    return [item + (";" if i < len(bare) - 1 else ".") for i, item in enumerate(bare)]
