"""The ballot paper of the review meeting, `PHIẾU BẦU` (`make ballots`): for each award form with
`Tỷ lệ phiếu`, its places and every unit that could receive it (not barred, reaching its minimum)
in rank order with its total, a box to tick; one copy per member, each on its own page."""

from __future__ import annotations

from typing import Any, Mapping

from ..model import AwardForm, BlockResult
from ..rules.awards import candidates
from ..text import format_number, format_score, two_digits
from .declaration import Document, Run


def voted_forms(result: BlockResult) -> list[AwardForm]:
    """The forms on the ballot: those with `Tỷ lệ phiếu` that some unit could receive."""
    return [form for form in result.block.awards
            if form.vote_share is not None and candidates(form, result.ranked)]


def unvotable_forms(result: BlockResult) -> list[AwardForm]:
    """Forms with `Tỷ lệ phiếu` that no unit could receive (all barred, none reaching the minimum)."""
    return [form for form in result.block.awards
            if form.vote_share is not None and not candidates(form, result.ranked)]


def ballot_fields(result: BlockResult, common: Mapping[str, Any]) -> dict[str, Any]:
    members = len(result.block.units)
    forms = [
        {
            "hinh_thuc": form.name,
            "so_luong": two_digits(form.places),
            "ty_le_phieu": f"{format_number(form.vote_share)}%" if form.vote_share is not None else "",
            "so_phieu_can": two_digits(form.votes_needed(members) or 0),
            "ung_vien": [{"stt": str(i), "ten": r.unit.name, "tong": format_score(r.total), "hang": str(r.rank)}
                         for i, r in enumerate(candidates(form, result.ranked), start=1)],
        }
        for form in voted_forms(result)
    ]
    return {"bau": forms, "ban_phieu": [str(n) for n in range(1, members + 1)]}


BALLOT_PAPER = Document(
    template="phieu_bau",
    title="Phiếu bầu bình xét thi đua, khen thưởng năm {year}",
    fields=ballot_fields,
    names=frozenset({"bau", "ban_phieu"}),
    run=Run.BALLOTS,
)
