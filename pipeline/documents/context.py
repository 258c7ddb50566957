"""What the templates are filled with: plain dicts of text, written the Vietnamese way.

The names are the contract of `docs/truong_mau.md`; staff use them when they edit templates.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import groupby
from typing import Any

from ..model import BlockResult
from ..text import date_words, format_number, join_names, place_name, province_phrase, two_digits
from .decisions import award_fields
from .rank_change import RANK_CHANGE_NAMES
from .signing import signer_fields, signing_fields
from .units import result_fields, unit_fields

# Capitals a line holds: the block's name in the letterhead's left column (13 pt bold, 72 mm:
# `KHỐI THI ĐUA CÁC CƠ QUAN` fits, 24 letters).
_LETTERHEAD_CHARS = 25


def balanced_lines(text: str, width: int) -> str:
    """`text` on one line when it fits `width` characters, else on two lines as even as the words
    allow, the first the longer on a tie, never parted at a dash: `KHỐI THI ĐUA` / `CÁC HỘI ĐẶC
    THÙ` where Word's own wrap leaves `THÙ` alone on the second line."""
    words = text.split()
    if len(text) <= width or len(words) < 2:
        return text
    breaks = [i for i in range(1, len(words)) if words[i - 1] not in "-–" and words[i] not in "-–"]
    if not breaks:
        return text
    first = min(breaks, key=lambda i: (max(len(" ".join(words[:i])), len(" ".join(words[i:]))),
                                       -len(" ".join(words[:i]))))
    return " ".join(words[:first]) + "\n" + " ".join(words[first:])


def parent_body(province: str) -> str:
    phrase = province_phrase(province)
    return f"UBND {phrase.upper()}"


def common_context(result: BlockResult) -> dict[str, Any]:
    """The fields every document has."""
    block, info = result.block, result.block.info
    units = {u.code: u for u in block.units}
    leader = units[info.leader]
    ranked = [result_fields(i, r) for i, r in enumerate(result.ranked, start=1)]
    rows = {r.unit.code: row for r, row in zip(result.ranked, ranked)}
    place = place_name(info.province)
    awards = award_fields(result, rows)
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
    average = (sum((r.total for r in result.ranked), Decimal(0)) / len(result.ranked)).quantize(Decimal("0.01"))
    return {
        "co_quan_chu_quan": parent_body(info.province),
        "ten_khoi_in_hoa": balanced_lines(info.block_name.upper(), _LETTERHEAD_CHARS),
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
        "truong_khoi": unit_fields(leader),
        "pho_khoi": unit_fields(units.get(info.deputy or "")),
        "truong_khoi_nam_sau": unit_fields(units[info.next_leader]),
        "pho_khoi_nam_sau": unit_fields(units.get(info.next_deputy or "")),
        "nguoi_ky": signer_fields(leader),
        "nhiem_vu": list(info.tasks),
        "don_vi": ranked,
        "nhom_hang": groups,
        **awards,
        # the paragraph of figures: the first and last rank groups, the average, the proposals
        "so_lieu": {
            "cao_nhat": groups[0]["tong"], "don_vi_cao_nhat": groups[0]["ten_cac_don_vi"],
            "thap_nhat": groups[-1]["tong"], "don_vi_thap_nhat": groups[-1]["ten_cac_don_vi"],
            "trung_binh": format_number(average), "so_de_nghi": two_digits(len(awards["de_nghi"])),
        },
        "khong_du_dieu_kien": [
            {"ten": row["ten"], "ly_do": row["ly_do"], "tong": row["tong"], "hang": row["hang"],
             "hang_chu": row["hang_chu"]}
            for row in ranked
            if row["ly_do_khong_du"]
        ],
        "kinh_gui": info.addressee,
        "can_cu": list(info.grounds),
        **signing_fields(result),
    }


# The names every template may use: the common fields, each document's `so_ky_hieu` and
# `so_van_ban`, and the comparison with the year before (`rank_change.py`). (The report's chart is a
# Word chart in the template, filled without a field.)
PROVIDED_NAMES = frozenset(
    "co_quan_chu_quan ten_khoi_in_hoa ten_khoi tinh dia_danh dia_ban so_van_ban ubnd_tinh chu_tich_ubnd dia_danh_ngay "
    "ngay_thang_nam ngay_hoi_nghi dia_diem nam nam_sau so_don_vi truong_khoi pho_khoi truong_khoi_nam_sau "
    "pho_khoi_nam_sau nguoi_ky nhiem_vu don_vi nhom_hang khen_thuong de_nghi khong_du_dieu_kien kinh_gui "
    "can_cu hang_ky hang_ky_du o_ky_le so_ky_hieu co_bo_phieu co_ty_le_phieu so_lieu".split()
) | RANK_CHANGE_NAMES
