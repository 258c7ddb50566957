"""Finding a member unit by what staff typed: its code or name, leniently; the closest ones when none
matches, for the message. Every reader that names a unit (ThongTin, score sheets, BoPhieu, LichSu)
asks here, once per cell: `named_unit`."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Sequence, Union

from ..model import Block, Criterion, Unit
from ..text import folded, key, legacy_text


@dataclass(frozen=True)
class Members:
    """The members and criteria of `khoi.xlsx`: what score sheets are checked against.

    A `Block` has both too; a roster alone lets score sheets be checked when another part of
    `khoi.xlsx` (its year, its award forms) has errors, so one run still finds every fault.
    """

    units: tuple[Unit, ...]
    criteria: tuple[Criterion, ...]
    # criteria whose row in TieuChi has an error (a bad maximum or kind): their rows in score
    # sheets are known codes, but their scores cannot be checked
    unusable_codes: tuple[str, ...] = ()


# what a score sheet or a count is checked against: a whole block, or its members and criteria alone
Roster = Union[Block, Members]


@dataclass(frozen=True)
class Named:
    """What a cell naming a member comes to: the member, or what to tell staff when none matches."""

    unit: Unit | None
    hint: str = ""  # `. Có phải: Sở Tài chính (STC)?`, or how to retype a name in a legacy encoding
    close: tuple[Unit, ...] = ()  # at most two members whose name or code is close, closest first


def named_unit(units: Sequence[Unit], text: str, explain: bool = True) -> Named:
    """The member whose code or name matches `text` leniently; with `explain`, when none does, the
    hint and the closest members (not worked out for a row that may name another block's unit)."""
    unit = _find(units, text) if text else None
    if unit is not None or not explain or not text:
        return Named(unit)
    close = _closest(units, text)
    if legacy_text(text):
        return Named(None, ". Tên có vẻ gõ bằng bảng mã cũ (TCVN3/VNI): hãy chuyển sang Unicode", tuple(close))
    return Named(None, f". Có phải: {' hoặc '.join(f'{u.name} ({u.code})' for u in close)}?" if close else "",
                 tuple(close))


def _find(units: Sequence[Unit], text: str) -> Unit | None:
    """The member whose code or name matches `text` leniently."""
    wanted = key(text)
    return next((u for u in units if key(u.code) == wanted or key(u.name) == wanted), None)


def _closest(units: Sequence[Unit], text: str) -> list[Unit]:
    """At most two members whose name or code is close to `text`, closest first."""
    wanted = key(text)
    named = {key(u.name): u for u in units} | {key(u.code): u for u in units}
    close = difflib.get_close_matches(wanted, list(named), n=3, cutoff=0.6)
    # `Cục Thuế tỉnh Bắc Giang` for `Cục Thuế`: a member name inside the text, or the reverse
    if len(wanted) > 3:
        close += [name for name in named if len(name) > 3 and (name in wanted or wanted in name)]
    if not close:  # `So Tai chinh` typed without accents
        by_fold = {folded(u.name): u for u in units}
        return [by_fold[c] for c in difflib.get_close_matches(folded(text), list(by_fold), n=2, cutoff=0.8)]
    return list(dict.fromkeys(named[c] for c in close))[:2]
