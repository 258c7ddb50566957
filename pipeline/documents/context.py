"""What the templates are filled with: plain dicts of text, written the Vietnamese way.

The names are the contract of `docs/truong_mau.md`; staff use them when they edit templates.
"""

from __future__ import annotations

import textwrap
from decimal import Decimal
from itertools import groupby
from typing import Any

from ..model import BlockResult, FormOutcome, Unit, UnitResult, VoteCount
from .rank_change import RANK_CHANGE_NAMES
from ..text import date_words, format_number, join_names, ordinal, place_name, province_phrase, two_digits

def position(title: str, unit_name: str) -> str:
    """A head's position in full, the words the title and the unit's name share said once:
    `Cục trưởng Cục Thuế`, `Chánh Văn phòng UBND tỉnh`, `Trưởng Thuế tỉnh Bắc Ninh`."""
    words, name = title.split(), unit_name.split()
    for overlap in range(min(len(words), len(name)), 0, -1):
        if [w.casefold() for w in words[-overlap:]] == [w.casefold() for w in name[:overlap]]:
            return " ".join(words[:-overlap] + name)
    return f"{title} {unit_name}"


# Capitals a line holds: the block's name in the letterhead's left column (13 pt bold, 72 mm:
# `KHỐI THI ĐUA CÁC CƠ QUAN` fits, 24 letters) and the signer's position (14 pt bold, 85 mm).
_LETTERHEAD_CHARS = 25
_SIGNATURE_CHARS = 26


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


def signer_position(title: str, unit_name: str) -> str:
    """The signer's position in capitals, the title on a line of its own above the rest of the
    unit's name when both do not fit one line: `CHỦ TỊCH` / `HỘI CHỮ THẬP ĐỎ TỈNH`, `CHÁNH VĂN
    PHÒNG` / `ĐOÀN ĐBQH VÀ HĐND TỈNH`, never `... ĐỎ` / `TỈNH`."""
    full, head = position(title, unit_name).upper(), " ".join(title.split()).upper()
    if len(full) <= _SIGNATURE_CHARS or not full.startswith(head + " "):
        return full
    return f"{head}\n{full[len(head) + 1:]}"


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


def _share(votes: int, members: int) -> str:
    """`81,8%`: a share of the whole membership, one decimal, the Vietnamese way."""
    return f"{format_number((Decimal(votes) * 100 / members).quantize(Decimal('0.1')))}%"


def _vote(count: VoteCount, rows: dict[str, dict[str, str]], outcome: FormOutcome | None = None,
          result: UnitResult | None = None, higher: frozenset[str] = frozenset()) -> dict[str, Any]:
    row = rows[count.unit_code]
    return {
        "ten": row["ten"], "hang": row["hang"], "hang_chu": row["hang_chu"], "tong": row["tong"],
        "phieu": two_digits(count.votes), "tren": two_digits(count.members), "ty_le": _share(count.votes, count.members),
        "dat": count.reached,
        "ket_qua": _vote_result(count, outcome, result, higher) if outcome and result else (
            "Đạt" if count.reached else "Không đạt"),
    }


def _vote_result(count: VoteCount, outcome: FormOutcome, result: UnitResult, higher: frozenset[str]) -> str:
    """`Đạt`, `Không đạt`, or why a unit that reached the votes could not get the form: the minutes
    must not say a unit passed and then propose someone else without a word. For a form without
    `Tỷ lệ phiếu` (a count given only to record the votes), whether the unit was proposed."""
    form = outcome.form
    voted = form.vote_share is not None
    if voted and not count.reached:
        return "Không đạt"
    if result.unit.code in outcome.chosen:
        return "Đạt" if voted else "Được đề nghị"
    if result.unit.barred:
        return "Đạt, nhưng không đủ điều kiện" if voted else "Không đủ điều kiện"
    if result.award in higher:
        return f"Đạt, đã được đề nghị {result.award}" if voted else f"Đã được đề nghị {result.award}"
    if form.min_score is not None and result.total < form.min_score:
        below = f"chưa đạt điểm tối thiểu ({format_number(form.min_score)} điểm)"
        return f"Đạt, nhưng {below}" if voted else below[:1].upper() + below[1:]
    return "Đạt" if voted else "Không được đề nghị"


def _form(outcome: FormOutcome, rows: dict[str, dict[str, str]], has_ballot: bool,
          results: dict[str, UnitResult] | None = None, higher: frozenset[str] = frozenset()) -> dict[str, Any]:
    """One award form: its places, who is proposed, every candidate's votes, the tie that was cut.
    `higher`: the forms above it in `KhenThuong`."""
    form = outcome.form
    results = results or {}
    votes = {v.unit_code: v for v in outcome.votes}
    members = [
        rows[code] | {"phieu": f"{two_digits(votes[code].votes)}/{two_digits(votes[code].members)}" if code in votes else ""}
        for code in outcome.chosen
    ]
    tie = outcome.tie
    tied = None
    if tie is not None:
        tied = {
            "so_don_vi": two_digits(len(tie.units)),
            "ten_cac_don_vi": join_names([row["ten"] for code, row in rows.items() if code in tie.units]),
            "tong": format_number(tie.score),
            "hang_chu": rows[tie.units[0]]["hang_chu"],
            "so_suat": two_digits(tie.places),
            "duoc_chon": join_names([rows[c]["ten"] for c in tie.chosen]),
            "ten_bi_loai": join_names([rows[c]["ten"] for c in tie.left_out]),
            # left out of this form, proposed for a lower one
            "chuyen": [{"ten": rows[c]["ten"], "khen_thuong": rows[c]["khen_thuong"]}
                       for c in tie.left_out if rows[c]["khen_thuong"]],
        }
    needed = form.votes_needed(len(rows))
    return {
        "hinh_thuc": form.name,
        "so_luong": two_digits(form.places),
        "so_de_nghi": two_digits(len(members)),
        "con_trong": two_digits(max(0, form.places - len(members))),
        "don_vi": members,
        "ten_cac_don_vi": join_names([m["ten"] for m in members]),
        # votes to show: a form with Tỷ lệ phiếu once the count is in, or any form the count has votes for
        "bo_phieu": has_ballot and (form.vote_share is not None or bool(outcome.votes)),
        "ty_le_phieu": f"{format_number(form.vote_share)}%" if form.vote_share is not None else "",
        "so_phieu_can": two_digits(needed) if needed is not None else "",
        "ung_vien": [_vote(v, rows, outcome, results.get(v.unit_code), higher) for v in outcome.votes],
        "khong_dat_phieu": [_vote(v, rows) for v in outcome.passed_over],
        "dong_diem": tied,
    }


def _figures(result: BlockResult, forms: list[dict[str, Any]]) -> dict[str, Any]:
    """The paragraph of figures: highest, lowest and average total, and the proposals per form."""
    totals = [r.total for r in result.ranked]
    best = [r.unit.name for r in result.ranked if r.total == max(totals)]
    worst = [r.unit.name for r in result.ranked if r.total == min(totals)]
    average = (sum(totals, Decimal(0)) / len(totals)).quantize(Decimal("0.01"))
    return {
        "cao_nhat": format_number(max(totals)),
        "don_vi_cao_nhat": join_names(best),
        "thap_nhat": format_number(min(totals)),
        "don_vi_thap_nhat": join_names(worst),
        "trung_binh": format_number(average),
        "so_de_nghi": two_digits(sum(len(f["don_vi"]) for f in forms)),
    }


def common_context(result: BlockResult) -> dict[str, Any]:
    """The fields every document has."""
    block, info = result.block, result.block.info
    units = {u.code: u for u in block.units}
    leader = units[info.leader]
    ranked = [_result(i, r) for i, r in enumerate(result.ranked, start=1)]
    rows = {r.unit.code: row for r, row in zip(result.ranked, ranked)}
    place = place_name(info.province)
    has_ballot = block.ballot is not None
    results = {r.unit.code: r for r in result.ranked}
    names = [outcome.form.name for outcome in result.outcomes]
    awards = [_form(outcome, rows, has_ballot, results, frozenset(names[:index]))
              for index, outcome in enumerate(result.outcomes)]
    proposed = [
        {"stt": str(i), "ten": row["ten"], "hinh_thuc": form["hinh_thuc"], "tong": row["tong"], "hang": row["hang"],
         "hang_chu": row["hang_chu"], "phieu": row["phieu"]}
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
        "truong_khoi": _unit(leader),
        "pho_khoi": _unit(units.get(info.deputy or "")),
        "truong_khoi_nam_sau": _unit(units[info.next_leader]),
        "pho_khoi_nam_sau": _unit(units.get(info.next_deputy or "")),
        "nguoi_ky": {
            "chuc_danh": signer_position(leader.title, leader.name),
            "ho_ten": leader.head,
            "chuc_vu": leader.title,
            "don_vi": leader.name,
        },
        "nhiem_vu": list(info.tasks),
        "don_vi": ranked,
        "nhom_hang": groups,
        "khen_thuong": awards,
        "de_nghi": proposed,
        "co_bo_phieu": any(form["bo_phieu"] for form in awards),
        "co_ty_le_phieu": any(form["bo_phieu"] and form["ty_le_phieu"] for form in awards),
        "so_lieu": _figures(result, awards),
        "khong_du_dieu_kien": [
            {"ten": row["ten"], "ly_do": row["ly_do"], "tong": row["tong"], "hang": row["hang"],
             "hang_chu": row["hang_chu"]}
            for row in ranked
            if row["ly_do_khong_du"]
        ],
        "kinh_gui": info.addressee,
        "can_cu": list(info.grounds),
        "hang_ky": signing_grid(result),
    }


def signing_grid(result: BlockResult) -> list[list[dict[str, str]]]:
    """Two cells a row: next year's leader, its deputy, then the others in `ThanhVien` order; an
    odd last row is padded with a blank cell."""
    cells = _signing_cells(result)
    if len(cells) % 2:
        cells.append(_blank_unit() | {"vai_tro": ""})
    return [cells[i : i + 2] for i in range(0, len(cells), 2)]


def _signing_cells(result: BlockResult) -> list[dict[str, str]]:
    info = result.block.info
    roles = {info.next_leader: "TRƯỞNG KHỐI"} | ({info.next_deputy: "PHÓ KHỐI"} if info.next_deputy else {})
    order = list(roles) + [u.code for u in result.block.units if u.code not in roles]
    units = {u.code: u for u in result.block.units}
    return [(_unit(units[code]) or _blank_unit()) | {"vai_tro": roles.get(code, "")} for code in order]


# Capitals of 13 pt bold Times New Roman in a cell half the text wide: about 28 to a line.
_CELL_CHARS = 28


def _title_lines(cell: dict[str, str]) -> int:
    return sum(len(textwrap.wrap(cell[k], _CELL_CHARS)) or 1 for k in ("ten_in_hoa", "chuc_vu_in_hoa"))


def signing_pairs(result: BlockResult) -> dict[str, Any]:
    """The pledge's grid as full pairs (`hang_ky_du`) and the odd last cell (`o_ky_le`), centred.
    The cell whose unit name wraps to fewer lines gets blank lines (`dong_them`), so that the
    rooms to sign, and the heads' names under them, stay level."""
    cells = _signing_cells(result)
    odd = cells.pop() | {"dong_them": []} if len(cells) % 2 else None
    pairs = []
    for left, right in zip(cells[::2], cells[1::2]):
        lines = max(_title_lines(left), _title_lines(right))
        pairs.append([cell | {"dong_them": [""] * (lines - _title_lines(cell))} for cell in (left, right)])
    return {"hang_ky_du": pairs, "o_ky_le": odd}


# The names every template may use: the common fields, each document's `so_ky_hieu` and
# `so_van_ban`, and the comparison with the year before (`rank_change.py`). (The report's chart is a
# Word chart in the template, filled without a field.)
PROVIDED_NAMES = frozenset(
    "co_quan_chu_quan ten_khoi_in_hoa ten_khoi tinh dia_danh dia_ban so_van_ban ubnd_tinh chu_tich_ubnd dia_danh_ngay "
    "ngay_thang_nam ngay_hoi_nghi dia_diem nam nam_sau so_don_vi truong_khoi pho_khoi truong_khoi_nam_sau "
    "pho_khoi_nam_sau nguoi_ky nhiem_vu don_vi nhom_hang khen_thuong de_nghi khong_du_dieu_kien kinh_gui "
    "can_cu hang_ky so_ky_hieu co_bo_phieu co_ty_le_phieu so_lieu".split()
) | RANK_CHANGE_NAMES
