"""The review meeting's minutes: `BIÊN BẢN` họp bình xét thi đua, khen thưởng (Law 06/2022/QH15
Art. 84: part of the award dossier). Its own fields: when the meeting began, who chaired it and
who took the minutes, and who attended."""

from __future__ import annotations

import re
from typing import Any, Mapping

from ..model import BlockResult, Unit
from ..text import clock, two_digits
from .context import position
from .declaration import Document

# a name left for the clerk to write by hand, when `Thư ký` is blank
BLANK_NAME = "……………………………"
_HONORIFIC = re.compile(r"^(?:ông|bà|đồng chí|đ/c)\s+", re.IGNORECASE)


def meeting_time(typed: str) -> str:
    """`08:30`, `8h30` or `8 giờ 30` as the minutes write it: `08 giờ 30 phút`; other text as typed."""
    parts = clock(typed)
    if parts is None:
        return typed
    hour, minute = parts
    if hour > 23 or minute > 59:  # told as an error where it is read
        return typed
    return f"{hour:02d} giờ {minute:02d} phút"


def person(typed: str) -> dict[str, str]:
    """`Ông Nguyễn Văn A - Cục trưởng Cục Thuế`: shown in full, and the bare name for the signature."""
    name = re.split(r"\s+[-–—,]\s*|\s*[,(]", typed, maxsplit=1)[0]
    return {"day_du": typed, "ho_ten": _HONORIFIC.sub("", name).strip() or typed}


def _head(unit: Unit) -> str:
    return f"{unit.head} - {unit.title}"


def minutes_fields(result: BlockResult, common: Mapping[str, Any]) -> dict[str, Any]:
    info = result.block.info
    units = {u.code: u for u in result.block.units}
    leader = units[info.leader]
    chair = person(info.chair) if info.chair else {
        "day_du": f"{leader.head} - {position(leader.title, leader.name)}, Trưởng khối", "ho_ten": leader.head}
    secretary = person(info.secretary) if info.secretary else {"day_du": BLANK_NAME, "ho_ten": BLANK_NAME}
    present = [u for u in result.block.units if not u.absent]
    absent = [u for u in result.block.units if u.absent]
    return {
        "gio_hop": meeting_time(info.meeting_time) if info.meeting_time else "",
        "chu_tri": chair,
        "thu_ky": secretary,
        "so_du_hop": two_digits(len(present)),
        "so_vang": two_digits(len(absent)),
        "du_hop": [{"ten": u.name, "dai_dien": u.attendance or _head(u)} for u in present],
        "vang": [{"ten": u.name, "ghi_chu": u.attendance} for u in absent],
    }


MINUTES = Document(
    template="bien_ban_hop",
    output="bien_ban_hop_{year}.docx",
    title="Biên bản họp bình xét thi đua, khen thưởng năm {year}",
    code="BB",
    fields=minutes_fields,
    names=frozenset({"gio_hop", "chu_tri", "thu_ky", "so_du_hop", "so_vang", "du_hop", "vang"}),
)
