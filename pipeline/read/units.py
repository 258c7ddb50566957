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
    if not text:
        return Named(None)
    wanted = key(text)
    codes, names = [key(u.code) for u in units], [key(u.name) for u in units]
    unit = next((u for u, code, name in zip(units, codes, names) if wanted in (code, name)), None)
    if unit is not None or not explain:
        return Named(unit)
    legacy, folds, folded_text = legacy_text(text), [folded(u.name) for u in units], folded(text)
    close = tuple(_closest(units, codes, names, wanted, folds, folded_text))
    if legacy:
        return Named(None, ". Tên có vẻ gõ bằng bảng mã cũ (TCVN3/VNI): hãy chuyển sang Unicode", close)
    return Named(None, f". Có phải: {' hoặc '.join(f'{u.name} ({u.code})' for u in close)}?" if close else "", close)


def _closest(units: Sequence[Unit], codes: list[str], names: list[str], wanted: str, folds: list[str],
             folded_text: str) -> list[Unit]:
    """At most two members whose name or code (`key`ed) is close to `wanted`, closest first; by
    their names `folded` when none is."""
    named = dict(zip(names, units)) | dict(zip(codes, units))
    close = difflib.get_close_matches(wanted, list(named), n=3, cutoff=0.6)
    # `Cục Thuế tỉnh Bắc Giang` for `Cục Thuế`: a member name inside the text, or the reverse
    if len(wanted) > 3:
        close += [name for name in named if len(name) > 3 and (name in wanted or wanted in name)]
    if not close:  # `So Tai chinh` typed without accents
        by_fold = dict(zip(folds, units))
        return [by_fold[c] for c in difflib.get_close_matches(folded_text, list(by_fold), n=2, cutoff=0.8)]
    return list(dict.fromkeys(named[c] for c in close))[:2]
