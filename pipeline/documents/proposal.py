"""The award proposal: `TỜ TRÌNH` về việc đề nghị khen thưởng, with its annex list and its dossier:
the minutes and each proposed unit's achievement report, by file."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any, Mapping

from ..model import BlockResult, UnitResult
from .achievement_report import ACHIEVEMENT_REPORT, earlier_honours
from .declaration import Document


def proposal_fields(result: BlockResult, common: Mapping[str, Any]) -> dict[str, Any]:
    reports = [(item, name) for item, name in ACHIEVEMENT_REPORT.outputs(result) if isinstance(item, UnitResult)]
    return {
        "ho_so_thanh_tich": [{"ten": item.unit.name, "tep": PurePosixPath(name).name} for item, name in reports],
        # what each proposed unit received before the evaluated year, the latest first (`LichSu`)
        "khen_thuong_truoc": {item.unit.code: earlier_honours(result.block, item.unit.code) for item, _ in reports},
    }


PROPOSAL = Document(
    template="to_trinh_khen_thuong",
    title="Tờ trình đề nghị khen thưởng năm {year}",
    code="TTr",
    fields=proposal_fields,
    names=frozenset({"ho_so_thanh_tich", "khen_thuong_truoc"}),
)
