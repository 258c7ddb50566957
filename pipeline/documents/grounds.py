"""The proposal's legal grounds when `khoi.xlsx` has no `CanCu` sheet.

The citations live in `templates_docx/can_cu_mac_dinh.txt` (installed with the package), data
staff can edit when the law changes: their version under the same name in a `mau/` folder wins,
found as the templates are (`template_files.find_files`). Each line `YYYY-MM-DD | text` is in force from that date until a later-dated line;
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
from .template_files import GROUNDS_FILE, DataFileError, DataLines, TemplateFile, data_lines, default_file

DEFAULT_GROUNDS = default_file(GROUNDS_FILE)
LABEL = DEFAULT_GROUNDS.label
_FIELD = re.compile(r"\{(\w+)\}")


class GroundsError(DataFileError):
    pass


def default_grounds(day: dt.date, year: int, block_name: str,
                    file: DataLines | TemplateFile | Path = DEFAULT_GROUNDS) -> list[str]:
    found = file if isinstance(file, (DataLines, TemplateFile)) else TemplateFile(file, LABEL)
    values = {"nam": str(year), "ten_khoi": block_name}
    dated: list[tuple[dt.date, str]] = []
    always: list[str] = []
    for number, line in data_lines(found, GroundsError):
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


def with_grounds(block: Block, file: DataLines | TemplateFile = DEFAULT_GROUNDS) -> tuple[Block, list[Problem]]:
    """The block with the proposal's grounds as cited: those of `CanCu`, else the law in force on
    the conference date from `file` (the staff's version in `mau/` or the default); each
    punctuated. A fault in the staff-edited data file is a problem."""
    info = block.info
    chosen = list(info.grounds)
    if not chosen:
        try:
            chosen = default_grounds(info.conference_date, info.year, info.block_name, file)
        except GroundsError as exc:
            return block, [problem("grounds_file", file=file.label, row=exc.line, detail=exc.detail)]
    return replace(block, info=replace(info, grounds=tuple(punctuate(chosen)))), []


def punctuate(items: list[str]) -> list[str]:
    """Each ground ends with `;`, the last with `.` (Decree 30)."""
    bare = [clean(item).rstrip(";.,") for item in items if clean(item)]
    return [item + (";" if i < len(bare) - 1 else ".") for i, item in enumerate(bare)]
