"""A synthetic province for the benchmark and for tests: many blocks, score workbooks as staff send them.

``write_province(root, year, blocks, units, criteria, seed)`` writes, per SPEC §2 (one sub-folder
per block)::

    <root>/<year>/khoi_01/khoi.xlsx
    <root>/<year>/khoi_01/diem/<unit code>.xlsx     one workbook per unit
    ...

and returns ``root``, the folder to pass as ``--input``. The content depends on the arguments
only (a seeded generator per block); the bytes do not, because openpyxl stamps the save time.

No unit is a member of two blocks. Every unit has an ``Ưu tiên`` (1..n), so a tie at an award's
cut never stops the run. Scores are multiples of 0,5 written as numbers, self scores stay close to
block scores, and each sheet states the right ``Tổng cộng``: a run gives no warnings. Workbooks are
written in openpyxl's write-only mode, which is several times faster than building worksheets in
memory.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook

PROVINCE = "Bắc Giang"
THEMES = [
    "các cơ quan Tham mưu - Tổng hợp",
    "các cơ quan Văn hóa - Xã hội",
    "các cơ quan Kinh tế - Kỹ thuật",
    "các cơ quan Nội chính",
    "các cơ quan Đảng, đoàn thể",
    "các doanh nghiệp nhà nước",
    "các huyện, thành phố",
    "các cơ quan Trung ương đóng trên địa bàn",
]
AGENCIES = [
    ("STC", "Sở Tài chính", "Giám đốc"),
    ("SKHDT", "Sở KH&ĐT", "Giám đốc"),
    ("SNV", "Sở Nội vụ", "Giám đốc"),
    ("STP", "Sở Tư pháp", "Giám đốc"),
    ("SCT", "Sở Công Thương", "Giám đốc"),
    ("SXD", "Sở Xây dựng", "Giám đốc"),
    ("SGTVT", "Sở Giao thông vận tải", "Giám đốc"),
    ("STNMT", "Sở Tài nguyên và Môi trường", "Giám đốc"),
    ("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", "Giám đốc"),
    ("SYT", "Sở Y tế", "Giám đốc"),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "Giám đốc"),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "Giám đốc"),
    ("SLDTBXH", "Sở Lao động - Thương binh và Xã hội", "Giám đốc"),
    ("STTTT", "Sở Thông tin và Truyền thông", "Giám đốc"),
    ("SKHCN", "Sở Khoa học và Công nghệ", "Giám đốc"),
    ("TTR", "Thanh tra tỉnh", "Chánh Thanh tra"),
    ("VPUB", "Văn phòng UBND tỉnh", "Chánh Văn phòng"),
    ("VPHDND", "Văn phòng HĐND tỉnh", "Chánh Văn phòng"),
    ("CT", "Cục Thuế", "Cục trưởng"),
    ("CTK", "Cục Thống kê", "Cục trưởng"),
    ("KBNN", "Kho bạc Nhà nước tỉnh", "Giám đốc"),
    ("BDT", "Ban Dân tộc", "Trưởng ban"),
]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Quang", "Thu", "Hữu", "Ngọc", "Thanh", "Xuân"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hằng", "Hùng", "Lan", "Long", "Mai", "Nam", "Phương",
         "Quân", "Sơn", "Thảo", "Thắng", "Trang", "Tuấn", "Vinh"]
GROUPS = [
    "I. Thực hiện nhiệm vụ chính trị, chuyên môn",
    "II. Công tác cải cách hành chính",
    "III. Công tác thi đua, khen thưởng",
    "IV. Xây dựng tổ chức Đảng, đoàn thể",
]
TOPICS = [
    "Hoàn thành các chỉ tiêu kế hoạch được giao",
    "Thực hiện nhiệm vụ do UBND tỉnh giao",
    "Cải cách thủ tục hành chính, một cửa liên thông",
    "Ứng dụng công nghệ thông tin, chuyển đổi số",
    "Thực hành tiết kiệm, chống lãng phí",
    "Phòng, chống tham nhũng, tiêu cực",
    "Tổ chức phong trào thi đua yêu nước",
    "Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến",
    "Chất lượng báo cáo gửi Trưởng khối đúng hạn",
    "Xây dựng cơ quan đạt chuẩn văn hóa",
    "Công tác dân vận, quy chế dân chủ cơ sở",
    "Tham gia các hoạt động chung của Khối",
]
TASKS = [
    "Thi đua hoàn thành xuất sắc nhiệm vụ chính trị năm {nam}",
    "Đẩy mạnh cải cách hành chính, nâng chỉ số PAR INDEX & SIPAS",
    "Thực hiện tốt công tác phòng, chống tham nhũng, tiêu cực",
    "Đẩy mạnh chuyển đổi số trong hoạt động của cơ quan",
    "Phát hiện, nhân rộng các điển hình tiên tiến",
    "Tham gia đầy đủ các hoạt động của Khối thi đua",
]
GROUNDS = [
    "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
    "Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ",
    "Kết quả chấm điểm, bình xét thi đua năm {nam} của {ten_khoi}",
]
AWARDS: list[tuple[str, Any, Any]] = [
    ("Cờ thi đua của Chính phủ", 1, None),
    ("Cờ thi đua của UBND tỉnh", 2, None),
    ("Bằng khen của Chủ tịch UBND tỉnh", "30%", None),
]
HEADER = ["STT", "Mã tiêu chí", "Nội dung", "Điểm tối đa", "Điểm tự chấm", "Điểm khối chấm", "Ghi chú"]
HALF = Decimal("0.5")


def write_province(root: Path, year: int, blocks: int, units: int, criteria: int, seed: int = 0) -> Path:
    """Write `blocks` block folders under `root/<year>/`; return `root` (the input folder)."""
    if units < 1 or criteria < 1 or blocks < 1:
        raise ValueError("blocks, units and criteria must each be at least 1")
    year_dir = root / str(year)
    for index in range(1, blocks + 1):
        write_block(year_dir / f"khoi_{index:02d}", year, index, units, criteria, seed)
    return root


def write_block(folder: Path, year: int, index: int, units: int, criteria: int, seed: int = 0) -> None:
    rng = random.Random(f"{seed}/{index}")
    members = _units(rng, units, index)
    crits = _criteria(rng, criteria)
    name = f"Khối thi đua số {index:02d} - {THEMES[(index - 1) % len(THEMES)]}"
    info: list[list[Any]] = [
        ["Tỉnh", PROVINCE],
        ["Tên khối", name],
        ["Năm", year],
        ["Ngày hội nghị", dt.datetime(year, 12, 5 + index % 20)],
        ["Địa điểm", f"Hội trường {members[0]['name']}"],
        ["Trưởng khối", members[0]["code"]],
        ["Phó khối", members[1]["name"] if units > 1 else None],
        ["Trưởng khối năm sau", members[1 % units]["code"]],
        ["Phó khối năm sau", members[2]["code"] if units > 2 else None],
        ["Ký hiệu", "KTĐ"],
    ]
    if index % 5 == 2:
        info.append(["Kính gửi", "Ban Thi đua - Khen thưởng tỉnh"])
    book = Workbook(write_only=True)
    _sheet(book, "ThongTin", [row for row in info if row[1] is not None])
    _sheet(book, "ThanhVien", [["Mã", "Tên đơn vị", "Thủ trưởng", "Chức vụ", "Không đủ điều kiện", "Ưu tiên"]] + [
        [u["code"], u["name"], u["head"], u["title"], u["barred"] or None, u["priority"]] for u in members
    ])
    _sheet(book, "TieuChi", [["Mã", "Nội dung", "Điểm tối đa", "Loại", "Nhóm"]] + [
        [c["code"], c["text"], _number(c["max"]), c["kind"] or None, c["group"] or None] for c in crits
    ])
    _sheet(book, "KhenThuong", [["Hình thức", "Số lượng", "Điểm tối thiểu"]] + [list(a) for a in AWARDS])
    _sheet(book, "NhiemVu", [["Nội dung"]] + [[t.format(nam=year + 1)] for t in TASKS])
    if index % 3:  # every third block cites the default legal grounds
        _sheet(book, "CanCu", [["Nội dung"]] + [[g.format(nam=year, ten_khoi=name)] for g in GROUNDS])
    folder.mkdir(parents=True, exist_ok=True)
    book.save(folder / "khoi.xlsx")
    (folder / "diem").mkdir(exist_ok=True)
    for unit in members:
        scores = _scores(rng, crits)
        score_book = Workbook(write_only=True)
        _sheet(score_book, "Chấm điểm", _score_rows(name, year, unit, crits, scores))
        score_book.save(folder / "diem" / f"{unit['code'].lower()}.xlsx")


def _units(rng: random.Random, count: int, index: int) -> list[dict[str, Any]]:
    # blocks take the agencies in turn, so no unit is a member of two blocks (the province's
    # check across blocks would warn, as it should for real input)
    start = (index - 1) * count
    members = []
    for i in range(count):
        code, name, title = AGENCIES[(start + i) % len(AGENCIES)]
        lap = (start + i) // len(AGENCIES)
        if lap:  # more units than agencies: a numbered branch keeps codes and names unique
            code, name = f"{code}{lap + 1}", f"{name} (cơ sở {lap + 1})"
        members.append({
            "code": code,
            "name": name,
            "title": title,
            "head": f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            "barred": "",
            "priority": 0,
        })
    for priority, unit in enumerate(rng.sample(members, len(members)), start=1):
        unit["priority"] = priority
    if index % 4 == 1 and count > 3:
        members[-1]["barred"] = 'Có cán bộ bị kỷ luật & vi phạm quy định "5 không"'
    return members


def _criteria(rng: random.Random, count: int) -> list[dict[str, Any]]:
    extra = [("THUONG", "Điểm thưởng: sáng kiến, mô hình mới", Decimal(5), "Thưởng"),
             ("TRU", "Điểm trừ: báo cáo chậm, vi phạm quy chế", Decimal(5), "Trừ")] if count >= 4 else []
    scored = count - len(extra)
    found = []
    per_group = max(1, -(-scored // len(GROUPS)))
    for i in range(scored):
        group_no, item = divmod(i, per_group)
        found.append({
            "code": f"{group_no + 1}.{item + 1}",
            "text": TOPICS[i % len(TOPICS)] + ("" if i < len(TOPICS) else f" (nội dung {i + 1})"),
            "max": Decimal(rng.choice([2, 3, 5, 5, 10, 10, 15])),
            "kind": "",
            "group": GROUPS[group_no % len(GROUPS)],
        })
    for code, text, maximum, kind in extra:
        found.append({"code": code, "text": text, "max": maximum, "kind": kind, "group": "V. Điểm thưởng, điểm trừ"})
    return found


def _scores(rng: random.Random, crits: list[dict[str, Any]]) -> dict[str, tuple[Decimal, Decimal]]:
    """(self, block) per criterion: multiples of 0,5, the self score a little above the block's."""
    quality = rng.uniform(0.55, 1.0)
    scores = {}
    for c in crits:
        maximum = c["max"]
        if c["kind"] == "Trừ":
            block = _half(maximum * Decimal(rng.uniform(0, 0.4)))
        elif c["kind"] == "Thưởng":
            block = _half(maximum * Decimal(rng.uniform(0, 1)))
        else:
            block = _half(maximum * Decimal(min(1.0, quality + rng.uniform(-0.15, 0.15))))
        own = min(maximum, block + HALF * rng.randrange(0, 3))
        scores[c["code"]] = (own, block)
    return scores


def _half(value: Decimal) -> Decimal:
    return (value / HALF).to_integral_value() * HALF


def _score_rows(block_name: str, year: int, unit: dict[str, Any], crits: list[dict[str, Any]],
                scores: dict[str, tuple[Decimal, Decimal]]) -> list[list[Any]]:
    rows: list[list[Any]] = [
        [block_name.upper()],
        [f"BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM {year}"],
        [f"Đơn vị: {unit['name']}"],
        [],
        HEADER,
    ]
    group = None
    totals = [Decimal(0), Decimal(0)]
    for number, c in enumerate(crits, start=1):
        if c["group"] != group:
            rows.append([None, None, c["group"]])
            group = c["group"]
        own, block = scores[c["code"]]
        sign = -1 if c["kind"] == "Trừ" else 1
        totals = [totals[0] + sign * own, totals[1] + sign * block]
        rows.append([number, c["code"], c["text"], _number(c["max"]), _number(own), _number(block), None])
    rows.append([None, "Tổng cộng", None, None, _number(totals[0]), _number(totals[1]), None])
    rows += [[], [None, "NGƯỜI LẬP BIỂU", None, None, "THỦ TRƯỞNG ĐƠN VỊ"], [],
             [None, None, None, None, unit["head"]]]
    return rows


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _sheet(book: Workbook, title: str, rows: list[list[Any]]) -> None:
    sheet = book.create_sheet(title)
    for row in rows:
        sheet.append(row)
