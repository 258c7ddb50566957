"""Small input folders built in tests, written as real .xlsx files the way staff would."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
from dataclasses import dataclass, field, replace
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

    units: list[UnitSpec] = field(default_factory=lambda: [replace(u) for u in DEFAULT_UNITS])
    criteria: list[CriterionSpec] = field(default_factory=lambda: [replace(c) for c in DEFAULT_CRITERIA])
    awards: list[tuple[Any, ...]] = field(default_factory=lambda: list(DEFAULT_AWARDS))
    tasks: list[str] = field(default_factory=lambda: list(DEFAULT_TASKS))
    grounds: list[str] | None = None
    info: dict[str, Any] = field(default_factory=dict)
    # unit code -> criterion code -> (self score, block score)
    scores: dict[str, dict[str, tuple[Any, Any]]] = field(default_factory=dict)
    year: int = YEAR
    attendance: dict[str, str] | None = None  # ThanhVien › Dự họp, by unit code; None: no such column
    sections: list[tuple[Any, Any]] | None = None  # TongKet rows (Mục, Nội dung); None: no such sheet
    # BoPhieu rows: (unit as typed, {form: votes}); None: no count. `ballot_file` None puts it in khoi.xlsx
    ballot: list[tuple[Any, dict[str, Any]]] | None = None
    ballot_forms: list[str] | None = None  # BoPhieu's form columns; None: the forms with a vote share
    ballot_file: str | None = "kiem_phieu.xlsx"
    women: dict[str, Any] | None = None  # ThanhVien › Tỷ lệ nữ, by unit code; None: no such column

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
            "Thư ký": "Bà Nguyễn Thị Hoa - Chuyên viên Văn phòng Sở Tài chính",
        }
        base.update(self.info)
        # below the rows a case adds, so their cells stay where its tests name them
        base.setdefault("Giờ họp", "8 giờ 00")
        base.setdefault("Giờ kết thúc", "11 giờ 00")
        base.setdefault("Hình thức biểu quyết", "Giơ tay")
        if self.ballot is not None:  # the secret vote's record: every member's ballot valid
            base.setdefault("Ban kiểm phiếu", "Ông Trần Văn C - Sở Tư pháp, Trưởng ban; Bà Lê Thị D - Sở Nội vụ")
            for label in ("Số phiếu phát ra", "Số phiếu thu về", "Số phiếu hợp lệ"):
                base.setdefault(label, len(self.units))
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
    members.append(["Mã", "Tên đơn vị", "Thủ trưởng", "Chức vụ", "Không đủ điều kiện", "Ưu tiên"]
                   + (["Dự họp"] if case.attendance is not None else [])
                   + (["Tỷ lệ nữ"] if case.women is not None else []))
    for unit in case.units:
        members.append([unit.code, unit.name, unit.head, unit.title, unit.barred or None, unit.priority]
                       + ([case.attendance.get(unit.code)] if case.attendance is not None else [])
                       + ([case.women.get(unit.code)] if case.women is not None else []))
    criteria = book.create_sheet("TieuChi")
    criteria.append(["Mã", "Nội dung", "Điểm tối đa", "Loại", "Nhóm"])
    for c in case.criteria:
        criteria.append([c.code, c.text, c.max_points, c.kind or None, c.group or None])
    awards = book.create_sheet("KhenThuong")
    voted = any(len(row) > 3 for row in case.awards)
    awards.append(["Hình thức", "Số lượng", "Điểm tối thiểu"] + (["Tỷ lệ phiếu"] if voted else []))
    for row in case.awards:
        awards.append(list(row) + [None] * ((4 if voted else 3) - len(row)))
    tasks = book.create_sheet("NhiemVu")
    tasks.append(["Nội dung"])
    for task in case.tasks:
        tasks.append([task])
    if case.grounds is not None:
        grounds = book.create_sheet("CanCu")
        grounds.append(["Nội dung"])
        for ground in case.grounds:
            grounds.append([ground])
    # (an empty TongKet when a case gives none: the report then opens plainly, without the warning
    # that a missing sheet gets, so the warnings a test expects are its own)
    report = book.create_sheet("TongKet")
    report.append(["Mục", "Nội dung"])
    for row in case.sections or []:
        report.append(list(row))
    if case.ballot is not None and case.ballot_file is None:
        _ballot_sheet(book.create_sheet("BoPhieu"), case)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def ballot_forms(case: Case) -> list[str]:
    return case.ballot_forms if case.ballot_forms is not None else [
        row[0] for row in case.awards if len(row) > 3 and row[3] is not None]


def _ballot_sheet(sheet: Any, case: Case) -> None:
    forms = ballot_forms(case)
    sheet.append(["Đơn vị", *forms])
    for unit, votes in case.ballot or []:
        sheet.append([unit, *(votes.get(form) for form in forms)])


def write_ballot(case: Case, path: Path) -> Path:
    """The count workbook staff drop into the block folder: one sheet BoPhieu."""
    book = Workbook()
    _ballot_sheet(book.active, case)
    book.active.title = "BoPhieu"
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


def write_case(case: Case, root: Path, block: str = "") -> Path:
    """`root/<year>/khoi.xlsx` and `root/<year>/diem/<code>.xlsx`, or with `block` the same in the
    sub-folder `root/<year>/<block>/` (a year of several blocks); returns `root` (the input folder)."""
    folder = root / str(case.year) / block
    write_khoi(case, folder / "khoi.xlsx")
    if case.ballot is not None and case.ballot_file is not None:
        write_ballot(case, folder / case.ballot_file)
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


# --- Broken inputs (SPEC §5): edit a saved case by hand, and other file formats ---------------


def problem_rows(problems: list[Any], severity: str = "error") -> list[tuple[str, str, str, str]]:
    """The compact table tests compare: `(file, sheet, cell or "dòng N", code)`, in run order."""
    return [
        (p.file, p.sheet, p.cell or (f"dòng {p.row}" if p.row else ""), p.code)
        for p in problems
        if p.severity == severity
    ]


def edit_book(path: Path, change: Any) -> Path:
    """Open a saved workbook, let `change(book)` edit it as staff would in Excel, save it back."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    change(book)
    book.save(path)
    return path


def edit_cells(path: Path, sheet: str, cells: dict[str, Any]) -> Path:
    """Set cells (`{"F9": 27}`) of one sheet of a saved workbook; None empties a cell."""

    def change(book: Any) -> None:
        for cell, value in cells.items():
            book[sheet][cell] = value

    return edit_book(path, change)


def score_path(root: Path, code: str, year: int = YEAR) -> Path:
    """Where `write_case` puts the score workbook of the unit `code`."""
    return root / str(year) / "diem" / f"{code.lower()}.xlsx"


def _record(kind: int, data: bytes) -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def cfb_bytes(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE compound file: the container of an .xls and of a password-protected .xlsx."""
    sector, end, free, no_stream = 512, 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFF
    # every stream at least 4096 bytes long, so it lives in regular sectors, not the mini stream
    padded = [data.ljust(max(4096, -(-len(data) // sector) * sector), b"\0") for data in streams.values()]
    dir_sectors = -(-(len(streams) + 1) // 4)
    fat = [0xFFFFFFFD] + [end if i == dir_sectors - 1 else 2 + i for i in range(dir_sectors)]
    starts = []
    for data in padded:
        count, first = len(data) // sector, len(fat)
        starts.append(first)
        fat += [first + i + 1 if i < count - 1 else end for i in range(count)]
    assert len(fat) <= 128, "one FAT sector is enough for test files"
    fat += [free] * (128 - len(fat))

    def entry(name: str, kind: int, child: int, start: int, size: int, right: int = no_stream) -> bytes:
        raw = (name + "\0").encode("utf-16-le") if name else b""
        return (raw.ljust(64, b"\0") + struct.pack("<HBBIII", len(raw), kind, 1, no_stream, right, child)
                + b"\0" * 36 + struct.pack("<III", start, size, 0))

    entries = [entry("Root Entry", 5, 1 if streams else no_stream, end, 0)]
    for i, (name, data) in enumerate(zip(streams, padded)):
        entries.append(entry(name, 2, no_stream, starts[i], len(data), i + 2 if i + 1 < len(streams) else no_stream))
    entries += [entry("", 0, no_stream, 0, 0)] * (-len(entries) % 4)
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<9I", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<I", 0) + struct.pack("<I", free) * 108)
    return header + struct.pack("<128I", *fat) + b"".join(entries) + b"".join(padded)


def xls_bytes(sheets: dict[str, list[list[Any]]]) -> bytes:
    """An Excel 97-2003 workbook (.xls, BIFF8) holding text and numbers, one entry per sheet."""
    strings = list(dict.fromkeys(v for rows in sheets.values() for row in rows for v in row if isinstance(v, str)))
    index = {text: i for i, text in enumerate(strings)}

    def bof(kind: int) -> bytes:
        return _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 6))

    bodies = []
    for rows in sheets.values():
        cells = b""
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, str):
                    cells += _record(0x00FD, struct.pack("<HHHI", r, c, 0, index[value]))  # LABELSST
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    cells += _record(0x0203, struct.pack("<HHHd", r, c, 0, float(value)))  # NUMBER
        width = max((len(row) for row in rows), default=0)
        bodies.append(bof(0x10) + _record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0))
                      + cells + _record(0x000A, b""))
    sst = struct.pack("<II", len(strings), len(strings)) + b"".join(
        struct.pack("<HB", len(s), 1) + s.encode("utf-16-le") for s in strings
    )

    def workbook_globals(offsets: list[int]) -> bytes:
        bound = b"".join(
            _record(0x0085, struct.pack("<IBBBB", offset, 0, 0, len(name), 1) + name.encode("utf-16-le"))
            for offset, name in zip(offsets, sheets)
        )
        return bof(0x05) + _record(0x0042, struct.pack("<H", 1200)) + bound + _record(0x00FC, sst) + _record(0x0A, b"")

    offset, offsets = len(workbook_globals([0] * len(sheets))), []
    for body in bodies:
        offsets.append(offset)
        offset += len(body)
    return cfb_bytes({"Workbook": workbook_globals(offsets) + b"".join(bodies)})


def ods_bytes(sheets: dict[str, list[list[Any]]]) -> bytes:
    """An OpenDocument spreadsheet (.ods, as LibreOffice saves) holding text and numbers."""
    from xml.sax.saxutils import escape, quoteattr

    def cell(value: Any) -> str:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
        if value is None or value == "":
            return "<table:table-cell/>"
        return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'

    tables = "".join(
        f"<table:table table:name={quoteattr(name)}>"
        + "".join(f"<table:table-row>{''.join(cell(v) for v in row) or '<table:table-cell/>'}</table:table-row>" for row in rows)
        + "</table:table>"
        for name, rows in sheets.items()
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def encrypted_xlsx_bytes() -> bytes:
    """What Excel writes for a .xlsx with a password to open: an OLE container holding the
    encryption description and the encrypted package (here random bytes)."""
    return cfb_bytes({"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00" + b"\0" * 56,
                      "EncryptedPackage": struct.pack("<Q", 4096) + bytes(range(256)) * 16})
