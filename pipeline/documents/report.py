"""The conference report: `BÁO CÁO` tổng kết công tác thi đua, khen thưởng.

Its own fields are the staff's sections of `TongKet`, the numbers of every section heading, and
the ranks said once in a sentence (who leads, who shares a rank):
the staff's sections come first (a `Kiến nghị...` section last), numbered with the generated ones
(I, II, ...) so the report reads as one.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from ..model import BlockResult, Method, Section
from ..text import format_number, two_digits
from .declaration import Document

# the generated sections, in the order they stand between the staff's own
GENERATED = ("ket_qua", "de_nghi", "truong_khoi", "nhiem_vu")
# numbering staff may have typed before a heading: `1.`, `II.`, `a)`, `3 -`
_TYPED_NUMBER = re.compile(r"^\s*(?:[IVXLC]+|\d+|[a-zđ])\s*[.):/-]\s+", re.IGNORECASE)


def roman(number: int) -> str:
    """`I`, `IV`, `XII`."""
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    text = ""
    for value, letters in numerals:
        while number >= value:
            text += letters
            number -= value
    return text


def _section(number: int, section: Section) -> dict[str, Any]:
    heading = _TYPED_NUMBER.sub("", section.heading) or section.heading
    return {"so": roman(number), "tieu_de": heading, "tieu_de_in_hoa": heading.upper(),
            "doan_van": list(section.paragraphs)}


def ranking_sentence(groups: list[dict[str, str]]) -> str:
    """The ranks the table above cannot make plain at a glance, said once: who leads, and which
    units share a rank (`nhom_hang` groups, best first). Ranks held alone are the table's."""
    if not groups:
        return ""
    first = groups[0]
    if first["so_don_vi"] == "01":
        said = f"{first['ten_cac_don_vi']} dẫn đầu Khối với {first['tong']} điểm."
    else:
        said = f"{first['so_don_vi']} đơn vị cùng dẫn đầu Khối với {first['tong']} điểm: {first['ten_cac_don_vi']}."
    ties = [g for g in groups[1:] if g["so_don_vi"] != "01"]
    if ties:
        said += " Đồng hạng: " + "; ".join(
            f"{g['so_don_vi']} đơn vị xếp {g['hang_chu']} ({g['tong']} điểm) là {g['ten_cac_don_vi']}"
            for g in ties) + "."
    return said


def report_fields(result: BlockResult, common: Mapping[str, Any]) -> dict[str, Any]:
    sections = result.block.info.sections
    before = [s for s in sections if not s.last]
    after = [s for s in sections if s.last]
    numbers = iter(range(1, len(sections) + len(GENERATED) + 1))
    first = [_section(next(numbers), s) for s in before]
    generated = {name: roman(next(numbers)) for name in GENERATED}
    last = [_section(next(numbers), s) for s in after]
    return {"tong_ket_truoc": first, "tong_ket_sau": last, "so_muc": generated,
            "xep_hang": ranking_sentence(list(common["nhom_hang"])),
            "tham_dinh": office_sentence(result), "cach_cham": method_sentence(result)}


_METHOD_WORDS = {
    Method.RATIO: "theo tỷ lệ thực hiện so với kế hoạch (vượt kế hoạch được cộng điểm thưởng theo Hướng dẫn)",
    Method.REVERSE: "theo tỷ lệ giảm so với kế hoạch",
    Method.GRADE: "theo xếp loại A, B, C, D",
}


def method_sentence(result: BlockResult) -> str:
    """How the criteria scored by formula were scored, and the bonus cap; "" for a block without."""
    block = result.block
    parts = []
    for method, words in _METHOD_WORDS.items():
        codes = [c.code for c in block.criteria if c.method is method]
        if codes:
            parts.append(f"tiêu chí {', '.join(codes)} {words}")
    cap = block.info.bonus_cap
    if not parts and cap is None:
        return ""
    text = f"Điểm các {'; '.join(parts)}." if parts else ""
    if cap is not None:
        text += f" Tổng điểm thưởng của mỗi đơn vị không quá {format_number(cap)} điểm."
    return (text + " Điểm lẻ ghi đến hai chữ số thập phân.").strip()


def office_sentence(result: BlockResult) -> str:
    """One sentence on the provincial office's check (`Điểm thẩm định`): how many scores it changed,
    of which units; "" when no score sheet has one."""
    if not any(r.office_checked for r in result.ranked):
        return ""
    changed = [r for r in result.ranked if r.office_changed]
    if not changed:
        return "Qua thẩm định, cơ quan thẩm định giữ nguyên điểm Khối chấm của các đơn vị."
    scores = sum(r.office_changed for r in changed)
    names = ", ".join(r.unit.name for r in changed)  # names hold "và": no "A và B" here
    return (f"Qua thẩm định, cơ quan thẩm định đã điều chỉnh {two_digits(scores)} điểm tiêu chí của "
            f"{two_digits(len(changed))} đơn vị ({names}); tổng điểm và thứ hạng trên tính theo điểm đã thẩm định.")


REPORT = Document(
    template="bao_cao_tong_ket",
    title="Báo cáo tổng kết công tác thi đua, khen thưởng năm {year}",
    code="BC",
    fields=report_fields,
    names=frozenset({"tong_ket_truoc", "tong_ket_sau", "so_muc", "xep_hang", "tham_dinh", "cach_cham"}),
)
