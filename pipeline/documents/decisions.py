"""How each award form was decided, in words and figures: its places, who is proposed, every
candidate's votes and what they meant, the tie the conference's order cut. Shared by the report,
the proposal and the minutes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..model import BlockResult, FormOutcome, TieCut, UnitResult, VoteCount
from ..text import format_number, join_names, two_digits


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


def form_fields(outcome: FormOutcome, rows: dict[str, dict[str, str]], has_ballot: bool,
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
            "tong": rows[tie.units[0]]["tong"],
            "hang_chu": rows[tie.units[0]]["hang_chu"],
            "so_suat": two_digits(tie.places),
            "duoc_chon": join_names([rows[c]["ten"] for c in tie.chosen]),
            "ten_bi_loai": join_names([rows[c]["ten"] for c in tie.left_out]),
            # left out of this form, proposed for a lower one
            "chuyen": [{"ten": rows[c]["ten"], "khen_thuong": rows[c]["khen_thuong"]}
                       for c in tie.left_out if rows[c]["khen_thuong"]],
            "cach_chon": how_cut(tie, rows, results),
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


PRIORITY = "theo thứ tự ưu tiên do Hội nghị bình xét"


def how_cut(tie: TieCut, rows: dict[str, dict[str, str]], results: dict[str, UnitResult]) -> str:
    """By what the tie was cut, in words: the conference's order, or first the collectives whose
    share of women reaches the rule in force (Decree 152/2025 Art. 4(6)), named with their share."""
    rule = tie.rule
    if rule is None or not tie.women_first:
        return PRIORITY

    def share(code: str) -> str:
        return f"{format_number(results[code].unit.women_share or Decimal(0))}%"

    if len(tie.women_first) == 1:
        code = tie.women_first[0]
        who = f"{rows[code]['ten']} có tỷ lệ nữ {share(code)}"
    else:
        who = (join_names([f"{rows[c]['ten']} (tỷ lệ nữ {share(c)})" for c in tie.women_first])
               + f" có tỷ lệ nữ từ {format_number(rule.share)}% trở lên")
    said = (f"{who} nên được ưu tiên theo {rule.ground} (tập thể có tỷ lệ nữ từ {format_number(rule.share)}% "
            "trở lên)")
    if not tie.by_priority:
        return said
    if len(tie.women_first) > tie.places:
        return f"{said}, giữa các đơn vị này {PRIORITY}"
    return f"{said}, các suất còn lại {PRIORITY}"


def award_fields(result: BlockResult, rows: dict[str, dict[str, str]]) -> dict[str, Any]:
    """Every field the documents share about the awards: each form as decided (`khen_thuong`, in
    `KhenThuong` order, each knowing the forms above it), the proposals one by one (`de_nghi`),
    whether votes are shown. `rows`: each unit's fields by its code."""
    has_ballot = result.block.ballot is not None
    results = {r.unit.code: r for r in result.ranked}
    names = [outcome.form.name for outcome in result.outcomes]
    awards = [form_fields(outcome, rows, has_ballot, results, frozenset(names[:index]))
              for index, outcome in enumerate(result.outcomes)]
    proposed = [
        {"stt": str(i), "ten": row["ten"], "hinh_thuc": form["hinh_thuc"], "tong": row["tong"], "hang": row["hang"],
         "hang_chu": row["hang_chu"], "phieu": row["phieu"]}
        for i, (form, row) in enumerate(((f, r) for f in awards for r in f["don_vi"]), start=1)
    ]
    return {
        "khen_thuong": awards,
        "de_nghi": proposed,
        "co_bo_phieu": any(form["bo_phieu"] for form in awards),
        "co_ty_le_phieu": any(form["bo_phieu"] and form["ty_le_phieu"] for form in awards),
    }
