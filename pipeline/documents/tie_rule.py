"""The tie rule of the law in force on the conference date: among tied units that do not all fit
the places left, a collective with a high share of women goes first (Decree 152/2025 Art. 4(6)),
before the conference's own order (`Ưu tiên`).

The date it applies from, the share and the citation live in `templates_docx/uu_tien_dong_diem.txt`
(installed with the package), data staff can update when the law changes, never code; their
version under the same name in a `mau/` folder wins, found as the templates and the grounds are
(`template_files.find_files`). Each line `YYYY-MM-DD | 70% | citation` is in force from that date
until a later-dated line; `-` for the share ends the rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ..model import Block, WomenFirst
from ..problems import Problem, problem
from ..text import clean, parse_number
from .template_files import DataFileError, DataLines, TemplateFile, data_lines, default_file

TIE_RULE_FILE = "uu_tien_dong_diem.txt"
DEFAULT_TIE_RULE = default_file(TIE_RULE_FILE)


class TieRuleError(DataFileError):
    pass


def women_first_rule(day: dt.date, file: DataLines | TemplateFile = DEFAULT_TIE_RULE) -> WomenFirst | None:
    """The rule in force on `day`, or None before the first dated line (or after a `-` line)."""
    rules: list[tuple[dt.date, WomenFirst | None]] = []
    for number, line in data_lines(file, TieRuleError):
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


def with_tie_rule(block: Block, file: DataLines | TemplateFile = DEFAULT_TIE_RULE) -> tuple[Block, list[Problem]]:
    """The block with the tie rule in force on its conference date; a fault in the staff-edited
    data file is a problem at its line."""
    try:
        return replace(block, women_first=women_first_rule(block.info.conference_date, file)), []
    except TieRuleError as exc:
        return block, [problem("tie_rule_file", file=file.label, row=exc.line, detail=exc.detail)]
