"""Small input folders built in tests, written as real .xlsx files the way staff would."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook

YEAR = 2020


@dataclass
class UnitSpec:
    code: str
    name: str
    head: str = "Nguyễn Văn An"
    title: str = "Giám đốc"
    barred: str = ""
    priority: int | None = None


@dataclass
class CriterionSpec:
    code: str
    text: str
    max_points: float
    kind: str = ""
    group: str = ""


DEFAULT_UNITS = [
    UnitSpec("STC", "Sở Tài chính", "Trần Văn Bình", "Giám đốc"),
    UnitSpec("SKHDT", "Sở KH&ĐT", "Lê Thị Cúc", "Giám đốc"),
    UnitSpec("CT", "Cục Thuế", "Phạm Văn Dũng", "Cục trưởng"),
    UnitSpec("SNV", "Sở Nội vụ", "Hoàng Thị Em", "Giám đốc"),
]
DEFAULT_CRITERIA = [
    CriterionSpec("1.1", "Hoàn thành nhiệm vụ chính trị", 50, "", "I. Nhiệm vụ chuyên môn"),
    CriterionSpec("1.2", "Cải cách hành chính", 50, "Chấm điểm", "I. Nhiệm vụ chuyên môn"),
    CriterionSpec("THUONG", "Điểm thưởng", 5, "Thưởng", "II. Thưởng, trừ"),
    CriterionSpec("TRU", "Điểm trừ", 5, "Trừ", "II. Thưởng, trừ"),
]
DEFAULT_AWARDS: list[tuple[Any, ...]] = [
    ("Cờ thi đua của Chính phủ", 1, None),
    ("Cờ thi đua của UBND tỉnh", 1, None),
    ("Bằng khen của Chủ tịch UBND tỉnh", "50%", None),
]
DEFAULT_TASKS = ["Thi đua hoàn thành xuất sắc nhiệm vụ năm sau", "Đẩy mạnh cải cách hành chính"]


@dataclass
class Case:
    """A block: what goes into khoi.xlsx, and one score sheet per unit."""

    units: list[UnitSpec] = field(default_factory=lambda: list(DEFAULT_UNITS))
    criteria: list[CriterionSpec] = field(default_factory=lambda: list(DEFAULT_CRITERIA))
    awards: list[tuple[Any, ...]] = field(default_factory=lambda: list(DEFAULT_AWARDS))
    tasks: list[str] = field(default_factory=lambda: list(DEFAULT_TASKS))
    grounds: list[str] | None = None
    info: dict[str, Any] = field(default_factory=dict)
    # unit code -> criterion code -> (self score, block score)
    scores: dict[str, dict[str, tuple[Any, Any]]] = field(default_factory=dict)
    year: int = YEAR

    def info_rows(self) -> list[tuple[str, Any]]:
        base: dict[str, Any] = {
            "Tỉnh": "Bắc Giang",
            "Tên khối": "Khối thi đua các cơ quan Tham mưu - Tổng hợp",
            "Năm": self.year,
            "Ngày hội nghị": dt.datetime(self.year, 12, 26),
            "Địa điểm": "Hội trường Sở Tài chính",
            "Trưởng khối": self.units[0].code,
            "Phó khối": self.units[1].code,
            "Trưởng khối năm sau": self.units[2].code,
            "Phó khối năm sau": self.units[3].code,
            "Ký hiệu": "KTĐ",
        }
        base.update(self.info)
        return [(label, value) for label, value in base.items() if value is not None]


def totals_scores(total: float, bonus: float = 0, penalty: float = 0, self_extra: float = 1) -> dict[str, tuple[Any, Any]]:
    """Block scores for the default criteria that add up to `total`."""
    scored = total - bonus + penalty
    first = min(50.0, scored)
    second = scored - first
    return {
        "1.1": (min(50.0, first + self_extra), first),
        "1.2": (second, second),
        "THUONG": (bonus, bonus),
        "TRU": (penalty, penalty),
    }


def write_khoi(case: Case, path: Path) -> Path:
    book = Workbook()
    info = book.active
    info.title = "ThongTin"
    for label, value in case.info_rows():
        info.append([label, value])
    members = book.create_sheet("ThanhVien")
    members.append(["Mã", "Tên đơn vị", "Thủ trưởng", "Chức vụ", "Không đủ điều kiện", "Ưu tiên"])
    for unit in case.units:
        members.append([unit.code, unit.name, unit.head, unit.title, unit.barred or None, unit.priority])
    criteria = book.create_sheet("TieuChi")
    criteria.append(["Mã", "Nội dung", "Điểm tối đa", "Loại", "Nhóm"])
    for c in case.criteria:
        criteria.append([c.code, c.text, c.max_points, c.kind or None, c.group or None])
    awards = book.create_sheet("KhenThuong")
    awards.append(["Hình thức", "Số lượng", "Điểm tối thiểu"])
    for row in case.awards:
        awards.append(list(row) + [None] * (3 - len(row)))
    tasks = book.create_sheet("NhiemVu")
    tasks.append(["Nội dung"])
    for task in case.tasks:
        tasks.append([task])
    if case.grounds is not None:
        grounds = book.create_sheet("CanCu")
        grounds.append(["Nội dung"])
        for ground in case.grounds:
            grounds.append([ground])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def score_rows(case: Case, unit_label: str, scores: dict[str, tuple[Any, Any]], stated: Any = "auto") -> list[list[Any]]:
    """A realistic score form: titles, the unit line, header, groups, criteria, total, signatures."""
    rows: list[list[Any]] = [
        ["KHỐI THI ĐUA CÁC CƠ QUAN THAM MƯU - TỔNG HỢP"],
        [f"BẢNG CHẤM ĐIỂM THI ĐUA NĂM {case.year}"],
        [f"Đơn vị: {unit_label}"],
        [],
        ["STT", "Mã tiêu chí", "Nội dung", "Điểm tối đa", "Điểm tự chấm", "Điểm khối chấm", "Ghi chú"],
    ]
    group = None
    for index, c in enumerate(case.criteria, start=1):
        if c.group and c.group != group:
            rows.append([None, None, c.group])
            group = c.group
        own, block = scores.get(c.code, (None, None))
        rows.append([index, c.code, c.text, c.max_points, own, block, None])
    if stated == "auto":
        sign = {c.code: -1 if c.kind == "Trừ" else 1 for c in case.criteria}
        try:
            stated = (
                sum(sign[k] * float(v[0]) for k, v in scores.items() if k in sign),
                sum(sign[k] * float(v[1]) for k, v in scores.items() if k in sign),
            )
        except (TypeError, ValueError):
            stated = None
    if stated is not None:
        rows.append([None, "Tổng cộng", None, None, stated[0], stated[1]])
    rows += [[], [None, "NGƯỜI LẬP BIỂU", None, None, "THỦ TRƯỞNG ĐƠN VỊ"]]
    return rows


def write_rows(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def write_case(case: Case, root: Path) -> Path:
    """`root/<year>/khoi.xlsx` and `root/<year>/diem/<code>.xlsx`; returns `root` (the input folder)."""
    folder = root / str(case.year)
    write_khoi(case, folder / "khoi.xlsx")
    for unit in case.units:
        if unit.code in case.scores:
            write_rows(folder / "diem" / f"{unit.code.lower()}.xlsx",
                       {"Chấm điểm": score_rows(case, unit.name, case.scores[unit.code])})
    return root


def default_case(**totals: float) -> Case:
    """The default block with the given totals per unit code (others 80, 79, ... so none tie)."""
    case = Case()
    for index, unit in enumerate(case.units):
        case.scores[unit.code] = totals_scores(totals.get(unit.code, 80 - index))
    return case


def fill_form(path: Path, scores: dict[str, tuple[Any, Any]]) -> Path:
    """Type scores into a score form as a person does in Excel: in the two score columns of each
    criterion's row, found by its code. Formulas are left as they are (openpyxl does not compute them)."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book.active
    header = next(row for row in sheet.iter_rows() if any(cell.value == "Mã tiêu chí" for cell in row))
    columns = {cell.value: cell.column for cell in header if cell.value}
    for row in sheet.iter_rows(min_row=header[0].row + 1):
        code = row[columns["Mã tiêu chí"] - 1].value
        if code in scores:
            own, block = scores[code]
            sheet.cell(row=row[0].row, column=columns["Điểm tự chấm"], value=own)
            sheet.cell(row=row[0].row, column=columns["Điểm khối chấm"], value=block)
    book.save(path)
    return path
