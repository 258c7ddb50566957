"""The achievement report (`BÁO CÁO THÀNH TÍCH`) of each proposed unit, for its award dossier (Law
06/2022/QH15 Art. 84): the unit's particulars (`ThanhVien`), its own account of the year
(`ThanhTich`), its result in the block, and the titles and forms it already received (`LichSu`).
Where the unit gave no account, the report leaves a place to write, never invented achievements.

The decree whose form it follows, and the words of the superior's certification, are data
(`templates_docx/mau_bao_cao_thanh_tich.txt`), chosen by the conference date as the grounds are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any, Mapping

from ..model import Block, BlockResult, Honour, HonourKind, Section, UnitResult
from ..problems import Problem, problem
from ..text import decision_words, key
from .context import balanced_lines
from .declaration import Document, Each
from .render import TemplateProblem
from .template_files import DataFileError, DataLines, TemplateFile, data_lines, default_file

FORMS_FILE = "mau_bao_cao_thanh_tich.txt"
FORMS = default_file(FORMS_FILE)  # installed with the package, beside the grounds; staff's in mau/ win
FORM_NAMES = ("mau", "xac_nhan")
DOTS = "……………………………………………………………………………………………"
# A `ThanhTich` section whose heading starts so sketches the unit (part I), the others are its
# achievements (part II), in the sheet's order.
_SKETCH = ("đặc điểm", "quá trình", "lịch sử", "cơ cấu", "tổ chức bộ máy", "giới thiệu")
_DUTIES = ("chức năng", "nhiệm vụ được giao")
_HEADER_CHARS = 25  # capitals of the unit's name on one line of the letterhead's left column
_SIGNATURE_CHARS = 26  # capitals on one line of a signature column (13 pt bold, 82 mm)


class ReportFormError(DataFileError):
    pass


def report_form(day: dt.date, file: DataLines | TemplateFile = FORMS) -> dict[str, str]:
    """`mau` (the decree's form the report follows) and `xac_nhan` (the certifier's heading) in
    force on `day`: each line `YYYY-MM-DD | name | text`, the latest not after `day` winning; for a
    day before every line (a conference before the oldest decree listed), the oldest."""
    chosen: dict[str, tuple[dt.date, str]] = {}
    oldest: dict[str, tuple[dt.date, str]] = {}
    for number, line in data_lines(file, ReportFormError):
        parts = [part.strip() for part in line.split("|", 2)]
        if len(parts) != 3:
            raise ReportFormError(number, "mỗi dòng cần dạng: ngày áp dụng | tên | nội dung")
        since_text, name, text = parts
        if name not in FORM_NAMES:
            raise ReportFormError(number, f"tên \"{name}\" không dùng được; chỉ dùng {' hoặc '.join(FORM_NAMES)}")
        try:
            since = dt.date.fromisoformat(since_text)
        except ValueError as exc:
            raise ReportFormError(number, f"ngày \"{since_text}\" phải viết dạng YYYY-MM-DD, ví dụ 2025-07-01") from exc
        if since <= day and (name not in chosen or chosen[name][0] <= since):
            chosen[name] = (since, text)
        if name not in oldest or since < oldest[name][0]:
            oldest[name] = (since, text)
    chosen = oldest | chosen
    missing = [name for name in FORM_NAMES if name not in chosen]
    if missing:
        raise ReportFormError(None, f"không có dòng nào ghi {missing[0]}")
    return {name: text for name, (_, text) in chosen.items()}


def with_report_form(block: Block, file: DataLines | TemplateFile = FORMS) -> tuple[Block, list[Problem]]:
    """The block with its reports' form in force on the conference date, from `file` (the staff's
    version in `mau/` or the default); a fault in that file is a problem at its line."""
    try:
        form = report_form(block.info.conference_date, file)
    except ReportFormError as exc:
        return block, [problem("report_form_file", file=file.label, row=exc.line, detail=exc.detail)]
    return replace(block, info=replace(block.info, report_form=tuple(form.items()))), []


def report_fields(result: BlockResult, common: Mapping[str, Any]) -> dict[str, Any]:
    """What every report of the block shares: the form of the decree in force on the conference date."""
    info = result.block.info
    try:
        form = dict(info.report_form) or report_form(info.conference_date)
    except ReportFormError as exc:  # the default file, broken: read at load for every run
        raise TemplateProblem([problem("report_form_file", file=FORMS.label, row=exc.line, detail=exc.detail)]) from exc
    # above the certifier's seal, in half the text's width: two even lines rather than one word left over
    return {"mau_bao_cao": form["mau"], "xac_nhan_cap_tren": balanced_lines(form["xac_nhan"], _SIGNATURE_CHARS)}


def unit_report_fields(result: BlockResult, common: Mapping[str, Any], unit_result: UnitResult) -> dict[str, Any]:
    unit = unit_result.unit
    block = result.block
    row = next(r for form in common["khen_thuong"] for r in form["don_vi"] if r["ma"] == unit.code)
    account = block.account(unit.code)
    sections = list(account.sections) if account else []
    sketch = [s for s in sections if key(s.heading).startswith(_SKETCH)]
    duties = [s for s in sections if key(s.heading).startswith(_DUTIES)]
    achievements = [s for s in sections if s not in sketch and s not in duties]
    honours = block.honours(unit.code)
    particulars = unit.particulars
    superior = {"co_quan_chu_quan": balanced_lines(particulars.superior.upper(), _HEADER_CHARS)} if particulars.superior else {}
    return {
        **superior,  # the header's first line: the unit's own superior where it is not the province's
        "don_vi_bao_cao": {
            "ma": unit.code,
            "ten": unit.name,
            "ten_in_hoa": balanced_lines(unit.name.upper(), _HEADER_CHARS),
            "thu_truong": unit.head,
            "chuc_vu": unit.title,
            "chuc_vu_in_hoa": unit.title.upper(),
            "dia_chi": particulars.address,
            "dien_thoai": particulars.phone,
            "email": particulars.email,
            "ngay_thanh_lap": particulars.founded,
        },
        "de_nghi_tang": unit_result.award or "",
        "de_nghi_tang_in_hoa": (unit_result.award or "").upper(),
        "ket_qua_thi_dua": {"tong": row["tong"], "hang": row["hang"], "hang_chu": row["hang_chu"],
                            "phieu": row["phieu"]},
        "dac_diem": _paragraphs(sketch),
        "chuc_nang": _paragraphs(duties),
        "thanh_tich": [{"so": str(i), "tieu_de": s.heading, "doan_van": list(s.paragraphs)}
                       for i, s in enumerate(achievements, start=1)],
        "so_muc_ket_qua": str(len(achievements) + 1 if achievements else 2),
        "co_thanh_tich": account is not None,
        "danh_hieu_da_nhan": [_honour_row(h) for h in honours if h.kind is HonourKind.TITLE],
        "hinh_thuc_da_nhan": [_honour_row(h) for h in honours if h.kind is HonourKind.FORM],
        "khen_thuong_truoc": earlier_honours(block, unit.code),
    }


def _paragraphs(sections: list[Section]) -> list[str]:
    return [paragraph for section in sections for paragraph in section.paragraphs]


def _honour_row(honour: Honour) -> dict[str, str]:
    return {"nam": str(honour.year), "ten": honour.name, "quyet_dinh": decision_text(honour)}


def decision_text(honour: Honour) -> str:
    return decision_words(honour.decision, honour.date, honour.issuer)


def earlier_honours(block: Block, unit_code: str) -> str:
    """What the unit received before the evaluated year, the latest first: `Cờ thi đua của UBND
    tỉnh năm 2024, Bằng khen của Chủ tịch UBND tỉnh năm 2023`; empty when `LichSu` has nothing."""
    earlier = [h for h in block.honours(unit_code) if h.year < block.info.year]
    latest = sorted(earlier, key=lambda h: (-h.year, h.kind is HonourKind.FORM))
    return ", ".join(f"{h.name} năm {h.year}" for h in latest)


ACHIEVEMENT_REPORT = Document(
    template="bao_cao_thanh_tich",
    output="ho_so/bao_cao_thanh_tich_{key}_{year}.docx",
    title="Báo cáo thành tích đề nghị khen thưởng năm {year}: {name}",
    each=Each.PROPOSED_UNIT,
    fields=report_fields,
    item_fields=unit_report_fields,
    names=frozenset({
        "mau_bao_cao", "xac_nhan_cap_tren", "don_vi_bao_cao", "de_nghi_tang", "de_nghi_tang_in_hoa",
        "ket_qua_thi_dua", "dac_diem", "chuc_nang", "thanh_tich", "so_muc_ket_qua", "co_thanh_tich",
        "danh_hieu_da_nhan", "hinh_thuc_da_nhan", "khen_thuong_truoc",
    }),
)
