"""The conference report: `BÁO CÁO` tổng kết công tác thi đua, khen thưởng.

Its own fields are the staff's sections of `TongKet` and the numbers of every section heading:
the staff's sections come first (a `Kiến nghị...` section last), numbered with the generated ones
(I, II, ...) so the report reads as one.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from ..model import BlockResult, Section
from ..text import two_digits
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


def report_fields(result: BlockResult, common: Mapping[str, Any]) -> dict[str, Any]:
    sections = result.block.info.sections
    before = [s for s in sections if not s.last]
    after = [s for s in sections if s.last]
    numbers = iter(range(1, len(sections) + len(GENERATED) + 1))
    first = [_section(next(numbers), s) for s in before]
    generated = {name: roman(next(numbers)) for name in GENERATED}
    last = [_section(next(numbers), s) for s in after]
    return {"tong_ket_truoc": first, "tong_ket_sau": last, "so_muc": generated,
            "tham_dinh": office_sentence(result)}


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
    output="bao_cao_tong_ket_{year}.docx",
    title="Báo cáo tổng kết công tác thi đua, khen thưởng năm {year}",
    code="BC",
    fields=report_fields,
    names=frozenset({"tong_ket_truoc", "tong_ket_sau", "so_muc", "tham_dinh"}),
)
