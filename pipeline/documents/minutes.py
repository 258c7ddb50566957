"""The review meeting's minutes: `BIÊN BẢN` họp bình xét thi đua, khen thưởng (Law 06/2022/QH15
Art. 84: part of the award dossier). Its own fields: when the meeting began and ended, who chaired
it and who took the minutes, who attended, who counted the ballots and how many, who voted (in
writing too), and how the forms without a ballot were decided. What staff did not give is a
dotted line to write by hand, and a warning of the run (`record_problems`)."""

from __future__ import annotations

import re
from typing import Any, Mapping

from ..model import BallotCounts, Block, BlockResult, FormOutcome, Unit
from ..problems import Problem, warning
from ..read.meeting import BOARD_LABEL, COUNT_LABELS, voters
from ..text import clock, join_names, two_digits
from .signing import position
from .declaration import Document

# a name left for the clerk to write by hand, when `Thư ký` is blank
BLANK_NAME = "……………………………"
# a time, a count or a way of deciding left for the clerk to write by hand
BLANK_TIME = "…… giờ …… phút"
BLANK_COUNT = "……"
BLANK_TEXT = "…………………………"
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


def vote_method(typed: str) -> str:
    """`Giơ tay` as the minutes say it: `biểu quyết giơ tay`; a way typed in full as typed."""
    text = typed[:1].lower() + typed[1:]
    return text if text.casefold().startswith("biểu quyết") else f"biểu quyết {text}"


def _count(number: int | None) -> str:
    return two_digits(number) if number is not None else BLANK_COUNT


_TITLE_WORD = re.compile(r"^(?:ông|bà)\s+", re.IGNORECASE)


def one_way(people: list[str]) -> list[str]:
    """People of one list written one way: as typed when every one has `Ông`/`Bà`, else none has
    (the program never guesses who is a man or a woman: `Ông Nguyễn Văn A` beside `Phạm Đức B`
    becomes `Nguyễn Văn A` beside `Phạm Đức B`). A dotted line left to fill counts for nobody."""
    named = [p for p in people if p != BLANK_NAME]
    if all(_TITLE_WORD.match(p) for p in named):
        return people
    return [_TITLE_WORD.sub("", p) for p in people]


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
    # the meeting's people in one list (chair, secretary, each unit's representative): one way
    listed = one_way([chair["day_du"], secretary["day_du"], *(u.attendance or _head(u) for u in present)])
    chair = dict(chair, day_du=listed[0])
    secretary = dict(secretary, day_du=listed[1])
    in_writing = [u for u in voters(result.block.units) if u.absent]
    ballot = result.block.ballot
    counts = ballot.counts if ballot is not None else (info.ballot_counts or BallotCounts())
    return {
        "gio_hop": meeting_time(info.meeting_time) if info.meeting_time else BLANK_TIME,
        "gio_ket_thuc": meeting_time(info.end_time) if info.end_time else BLANK_TIME,
        "ban_kiem_phieu": one_way(list(info.counting_board)),
        "so_phieu": {"phat_ra": _count(counts.issued), "thu_ve": _count(counts.returned),
                     "hop_le": _count(counts.valid)},
        "bieu_quyet": {
            "so_tham_gia": two_digits(len(present) + len(in_writing)),
            "so_van_ban": two_digits(len(in_writing)),
            "don_vi_van_ban": join_names([u.name for u in in_writing]),
        },
        "hinh_thuc_bieu_quyet": vote_method(info.vote_method) if info.vote_method else "",
        "chu_tri": chair,
        "thu_ky": secretary,
        "so_du_hop": two_digits(len(present)),
        "so_vang": two_digits(len(absent)),
        "du_hop": [{"ten": u.name, "dai_dien": said} for u, said in zip(present, listed[2:])],
        "vang": [{"ten": u.name, "ghi_chu": u.attendance} for u in absent],
    }


MINUTES = Document(
    template="bien_ban_hop",
    title="Biên bản họp bình xét thi đua, khen thưởng năm {year}",
    code="BB",
    fields=minutes_fields,
    names=frozenset({"gio_hop", "chu_tri", "thu_ky", "so_du_hop", "so_vang", "du_hop", "vang", "gio_ket_thuc",
                     "ban_kiem_phieu", "so_phieu", "bieu_quyet", "hinh_thuc_bieu_quyet"}),
)


def record_problems(block: Block, outcomes: tuple[FormOutcome, ...], file: str) -> list[Problem]:
    """What the minutes will leave dotted for the clerk, said once: the ballot's record (the
    board, the counts) when a form was voted on; the way of deciding when a form was given
    without a ballot."""
    info, ballot = block.info, block.ballot
    voted = [o for o in outcomes if ballot is not None and (o.form.vote_share is not None or o.votes)]
    found: list[Problem] = []
    if voted:
        counts = ballot.counts if ballot is not None else BallotCounts()
        numbers = (counts.issued, counts.returned, counts.valid)
        missing = ([BOARD_LABEL] if not info.counting_board else []) + [
            label for label, number in zip(COUNT_LABELS, numbers) if number is None]
        if missing:
            found.append(warning("ballot_record_blank", file=file, sheet="ThongTin", missing=", ".join(missing)))
    decided = [o.form.name for o in outcomes if o.chosen and o not in voted]
    if decided and not info.vote_method:
        found.append(warning("vote_method_blank", file=file, sheet="ThongTin", forms=", ".join(decided)))
    return found
