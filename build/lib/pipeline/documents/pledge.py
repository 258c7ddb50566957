"""Next year's emulation pledge: `BẢN GIAO ƯỚC THI ĐUA`, signed by every member's head."""

from __future__ import annotations

from typing import Any, Mapping

from ..model import BlockResult
from .signing import signing_pairs
from .declaration import Document


def pledge_fields(result: BlockResult, common: Mapping[str, Any]) -> dict[str, Any]:
    return signing_pairs(result)


PLEDGE = Document(
    template="giao_uoc_thi_dua",
    output="giao_uoc_thi_dua_{next_year}.docx",
    title="Bản giao ước thi đua năm {next_year}",
    fields=pledge_fields,
    names=frozenset({"hang_ky_du", "o_ky_le"}),
)
