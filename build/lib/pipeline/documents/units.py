"""The fields of one member unit, and of its result, as the templates get them (`docs/truong_mau.md`)."""

from __future__ import annotations

from ..model import Unit, UnitResult
from ..text import format_score, ordinal


def unit_fields(unit: Unit | None) -> dict[str, str] | None:
    if unit is None:
        return None
    return {
        "ma": unit.code,
        "ten": unit.name,
        "ten_in_hoa": unit.name.upper(),
        "thu_truong": unit.head,
        "chuc_vu": unit.title,
        "chuc_vu_in_hoa": unit.title.upper(),
    }


def blank_unit() -> dict[str, str]:
    return {k: "" for k in ("ma", "ten", "ten_in_hoa", "thu_truong", "chuc_vu", "chuc_vu_in_hoa")}


def result_fields(index: int, result: UnitResult) -> dict[str, str]:
    base = unit_fields(result.unit)
    assert base is not None
    return base | {
        "stt": str(index),
        "hang": str(result.rank),
        "hang_chu": ordinal(result.rank),
        "tu_cham": format_score(result.self_total),
        "diem_cham": format_score(result.block.scored),
        "thuong": format_score(result.block.bonus),
        "tru": format_score(result.block.penalty),
        "khoi_cham": format_score(result.total),
        "tong": format_score(result.total),
        "khen_thuong": result.award or "",
        "cot_khen_thuong": result.award or (NOT_ELIGIBLE if result.unit.barred else ""),
        "ly_do_khong_du": result.unit.barred_reason,
        "ly_do": lower_first(result.unit.barred_reason),
    }


NOT_ELIGIBLE = "Không đủ điều kiện"


def lower_first(text: str) -> str:
    """Text that follows a colon starts in lower case (`lý do: có công chức...`), unless it starts
    with a name: an acronym (`UBND`) or two capitalised words (`Sở Tài chính`)."""
    words = text.split()
    if not words or not words[0][:1].isupper() or words[0][1:2].isupper():
        return text
    if len(words) > 1 and words[1][:1].isupper():
        return text
    return text[:1].lower() + text[1:]
