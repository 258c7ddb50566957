"""What the templates are filled with: plain dicts of text, written the Vietnamese way.

The names are the contract of `docs/truong_mau.md`; staff use them when they edit templates.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from ..model import BlockResult, Unit, UnitResult
from ..text import date_words, format_number, join_names, ordinal, place_name, province_phrase, two_digits

def parent_body(province: str) -> str:
    phrase = province_phrase(province)
    return f"UBND {phrase.upper()}"


def _unit(unit: Unit | None) -> dict[str, str] | None:
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


def _blank_unit() -> dict[str, str]:
    return {k: "" for k in ("ma", "ten", "ten_in_hoa", "thu_truong", "chuc_vu", "chuc_vu_in_hoa")}


def _result(index: int, result: UnitResult) -> dict[str, str]:
    base = _unit(result.unit)
    assert base is not None
    return base | {
        "stt": str(index),
        "hang": str(result.rank),
        "hang_chu": ordinal(result.rank),
        "tu_cham": format_number(result.self_total),
        "diem_cham": format_number(result.block.scored),
        "thuong": format_number(result.block.bonus),
        "tru": format_number(result.block.penalty),
        "khoi_cham": format_number(result.total),
        "tong": format_number(result.total),
        "khen_thuong": result.award or "",
        "ly_do_khong_du": result.unit.barred_reason,
    }


def common_context(result: BlockResult) -> dict[str, Any]:
    """The fields every document has."""
    block, info = result.block, result.block.info
    units = {u.code: u for u in block.units}
    leader = units[info.leader]
    ranked = [_result(i, r) for i, r in enumerate(result.ranked, start=1)]
    place = place_name(info.province)
    awards = []
    for form in block.awards:
        members = [row for row in ranked if row["khen_thuong"] == form.name]
        awards.append(
            {
                "hinh_thuc": form.name,
                "so_luong": two_digits(form.places),
                "so_de_nghi": two_digits(len(members)),
                "don_vi": members,
            }
        )
    proposed = [
        {"stt": str(i), "ten": row["ten"], "hinh_thuc": form["hinh_thuc"], "tong": row["tong"], "hang": row["hang"]}
        for i, (form, row) in enumerate(((f, r) for f in awards for r in f["don_vi"]), start=1)
    ]
    groups = []
    for rank, members_iter in groupby(ranked, key=lambda row: row["hang"]):
        members = list(members_iter)
        groups.append(
            {
                "hang": rank,
                "hang_chu": members[0]["hang_chu"],
                "so_don_vi": two_digits(len(members)),
                "ten_cac_don_vi": join_names([m["ten"] for m in members]),
                "tong": members[0]["tong"],
            }
        )
    return {
        "co_quan_chu_quan": parent_body(info.province),
        "ten_khoi_in_hoa": info.block_name.upper(),
        "ten_khoi": info.block_name,
        "tinh": info.province,
        "dia_danh": place,
        "dia_ban": province_phrase(info.province),
        "ubnd_tinh": f"Ủy ban nhân dân {province_phrase(info.province)}",
        "chu_tich_ubnd": f"Chủ tịch Ủy ban nhân dân {province_phrase(info.province)}",
        "dia_danh_ngay": f"{place}, {date_words(info.conference_date)}",
        "ngay_thang_nam": date_words(info.conference_date),
        "ngay_hoi_nghi": info.conference_date.strftime("%d/%m/%Y"),
        "dia_diem": info.place,
        "nam": str(info.year),
        "nam_sau": str(info.year + 1),
        "so_don_vi": two_digits(len(block.units)),
        "truong_khoi": _unit(leader),
        "pho_khoi": _unit(units.get(info.deputy or "")),
        "truong_khoi_nam_sau": _unit(units[info.next_leader]),
        "pho_khoi_nam_sau": _unit(units.get(info.next_deputy or "")),
        "nguoi_ky": {
            "chuc_danh": f"{leader.title} {leader.name}".upper(),
            "ho_ten": leader.head,
            "chuc_vu": leader.title,
            "don_vi": leader.name,
        },
        "nhiem_vu": list(info.tasks),
        "don_vi": ranked,
        "nhom_hang": groups,
        "khen_thuong": awards,
        "de_nghi": proposed,
        "khong_du_dieu_kien": [
            {"ten": row["ten"], "ly_do": row["ly_do_khong_du"], "tong": row["tong"], "hang": row["hang"]}
            for row in ranked
            if row["ly_do_khong_du"]
        ],
        "kinh_gui": info.addressee,
        "can_cu": list(info.grounds),
        "hang_ky": signing_grid(result),
    }


def signing_grid(result: BlockResult) -> list[list[dict[str, str]]]:
    """Two cells a row: next year's leader, its deputy, then the others in `ThanhVien` order."""
    info = result.block.info
    first = [info.next_leader] + ([info.next_deputy] if info.next_deputy else [])
    order = first + [u.code for u in result.block.units if u.code not in first]
    units = {u.code: u for u in result.block.units}
    cells = [_unit(units[code]) or _blank_unit() for code in order]
    if len(cells) % 2:
        cells.append(_blank_unit())
    return [cells[i : i + 2] for i in range(0, len(cells), 2)]


# The names every template may use: the common fields, each document's `so_ky_hieu` and
# `so_van_ban`. (The report's chart is a Word chart in the template, filled without a field.)
PROVIDED_NAMES = frozenset(
    "co_quan_chu_quan ten_khoi_in_hoa ten_khoi tinh dia_danh dia_ban so_van_ban ubnd_tinh chu_tich_ubnd dia_danh_ngay "
    "ngay_thang_nam ngay_hoi_nghi dia_diem nam nam_sau so_don_vi truong_khoi pho_khoi truong_khoi_nam_sau "
    "pho_khoi_nam_sau nguoi_ky nhiem_vu don_vi nhom_hang khen_thuong de_nghi khong_du_dieu_kien kinh_gui "
    "can_cu hang_ky so_ky_hieu".split()
)
