"""Write the sample input folders ``input_samples/2019/``, ``2020/`` and ``2025/``.

The samples are the Bắc Giang general-staff emulation block (SPEC §2, domain.md §5): a
``khoi.xlsx`` block workbook and, under ``diem/``, the members' score sheets, shaped and varied
the way real agencies send them (title rows, merged cells, columns in another order, the unit
named by its code, a decimal typed as text, a workbook holding two units, a hidden sheet, an
instructions sheet).

Each unit's totals are stated here by hand; the per-criterion scores are spread from them by a
seeded generator, so every run writes the same scores. Workbooks are written with fixed document
dates and zip timestamps, so every run also writes the same bytes.

Usage: ``python tools/make_samples.py [OUTPUT_DIR]`` (default ``input_samples`` at the repo root).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import random
import re
import sys
import zipfile
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
from pipeline.documents.archive import write_zip  # noqa: E402

FIXED_ZIP_DATE = dt.date(2020, 1, 1)

PROVINCE = "Bắc Giang"
BLOCK_NAME = "Khối thi đua các cơ quan Tham mưu - Tổng hợp"
BLOCK_SYMBOL = "KTĐ"

# ---------------------------------------------------------------------------------------------
# Block data
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """A member as the samples write it: its `ThanhVien` row (code, name, head, the head's title)
    and the clerk who fills in its score form (signs as NGƯỜI LẬP BIỂU)."""

    code: str
    name: str
    head: str
    title: str
    clerk: str


UNITS: tuple[Unit, ...] = (
    Unit("DBQH", "Văn phòng Đoàn ĐBQH tỉnh", "Nguyễn Văn Hùng", "Chánh Văn phòng", "Lê Thị Hương"),
    Unit("HDND", "Văn phòng HĐND tỉnh", "Trần Thị Thu Hà", "Chánh Văn phòng", "Nguyễn Đức Long"),
    Unit("UBND", "Văn phòng UBND tỉnh", "Lê Minh Tuấn", "Chánh Văn phòng", "Phạm Thị Mai"),
    Unit("STC", "Sở Tài chính", "Phạm Đức Thắng", "Giám đốc", "Trịnh Văn Quân"),
    Unit("SKHDT", "Sở KH&ĐT", "Hoàng Thị Lan Anh", "Giám đốc", "Đào Minh Hiếu"),
    Unit("CTK", "Cục Thống kê", "Ngô Quang Vinh", "Cục trưởng", "Lương Thị Thảo"),
    Unit("CT", "Cục Thuế", "Đỗ Văn Khánh", "Cục trưởng", "Hà Thị Ngọc Ánh"),
    Unit(
        "NHNN",
        "Ngân hàng Nhà nước chi nhánh tỉnh Bắc Giang",
        "Vũ Thị Minh Nguyệt",
        "Giám đốc",
        "Chu Văn Tiến",
    ),
    Unit(
        "KBNN",
        "Kho bạc Nhà nước chi nhánh tỉnh Bắc Giang",
        "Bùi Xuân Trường",
        "Giám đốc",
        "Thân Thị Hạnh",
    ),
    Unit("QDTPT", "Quỹ Đầu tư phát triển tỉnh", "Dương Thị Hồng Nhung", "Giám đốc", "Giáp Văn Nam"),
    Unit("SNV", "Sở Nội vụ", "Đặng Công Thành", "Giám đốc", "Nguyễn Thị Kim Oanh"),
)
UNIT_BY_CODE = {unit.code: unit for unit in UNITS}


@dataclass(frozen=True)
class Criterion:
    code: str
    text: str
    max_points: int
    kind: str  # "" (scored), "Thưởng" or "Trừ"
    group: str


BONUS = "THUONG"
PENALTY = "TRU"

_GROUPS = (
    (
        "I. Thực hiện nhiệm vụ chính trị",
        (
            ("1.1", "Hoàn thành các chỉ tiêu, nhiệm vụ chuyên môn được Tỉnh ủy, UBND tỉnh và cơ "
             "quan cấp trên giao trong năm", 10),
            ("1.2", "Chất lượng tham mưu cho Tỉnh ủy, HĐND, UBND tỉnh ban hành cơ chế, chính sách "
             "thuộc lĩnh vực quản lý", 10),
            ("1.3", "Thực hiện có hiệu quả các nhiệm vụ trọng tâm, đột xuất được giao; không để "
             "tồn đọng, quá hạn", 10),
            ("1.4", "Thực hiện công tác thanh tra, kiểm tra, giải quyết khiếu nại, tố cáo; phòng, "
             "chống tham nhũng, lãng phí", 10),
        ),
    ),
    (
        "II. Công tác thi đua, khen thưởng",
        (
            ("2.1", "Ban hành kế hoạch, tổ chức phát động phong trào thi đua thường xuyên và "
             "theo chuyên đề", 5),
            ("2.2", "Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến, gương người tốt, việc "
             "tốt", 5),
            ("2.3", "Thực hiện công tác khen thưởng kịp thời, đúng quy định, bảo đảm chất "
             "lượng", 5),
            ("2.4", "Tham gia đầy đủ các hoạt động do Khối thi đua tổ chức; gửi báo cáo đúng thời "
             "hạn", 5),
        ),
    ),
    (
        "III. Cải cách hành chính, ứng dụng công nghệ thông tin",
        (
            ("3.1", "Thực hiện cải cách thủ tục hành chính, cơ chế một cửa, một cửa liên thông", 5),
            ("3.2", "Ứng dụng công nghệ thông tin, dịch vụ công trực tuyến, văn bản điện tử trong "
             "chỉ đạo, điều hành", 5),
            ("3.3", "Thực hành tiết kiệm, chống lãng phí; quản lý, sử dụng tài chính, tài sản công "
             "đúng quy định", 5),
        ),
    ),
    (
        "IV. Xây dựng tổ chức Đảng, đoàn thể và cơ quan",
        (
            ("4.1", "Tổ chức cơ sở đảng được xếp loại hoàn thành tốt nhiệm vụ trở lên", 5),
            ("4.2", "Công đoàn, Đoàn Thanh niên, Hội Cựu chiến binh cơ quan đạt vững mạnh", 5),
            ("4.3", "Bảo đảm an ninh trật tự, an toàn cơ quan; xây dựng văn hóa công sở", 5),
        ),
    ),
    (
        "V. Chấp hành chính sách, pháp luật và hoạt động xã hội",
        (
            ("5.1", "Cán bộ, công chức, người lao động chấp hành nghiêm chủ trương của Đảng, chính "
             "sách, pháp luật của Nhà nước", 5),
            ("5.2", "Tham gia các hoạt động từ thiện, nhân đạo, đền ơn đáp nghĩa, an sinh xã "
             "hội", 5),
        ),
    ),
)
_EXTRA_GROUP = "VI. Điểm thưởng, điểm trừ"

CRITERIA: tuple[Criterion, ...] = tuple(
    Criterion(code, text, points, "", group)
    for group, rows in _GROUPS
    for code, text, points in rows
) + (
    Criterion(
        BONUS,
        "Điểm thưởng: có mô hình, cách làm sáng tạo, sáng kiến được cấp có thẩm quyền công nhận; "
        "được khen thưởng đột xuất",
        5,
        "Thưởng",
        _EXTRA_GROUP,
    ),
    Criterion(
        PENALTY,
        "Điểm trừ: có cán bộ, công chức vi phạm bị xử lý kỷ luật; chậm gửi báo cáo, không tham "
        "gia hoạt động của Khối",
        5,
        "Trừ",
        _EXTRA_GROUP,
    ),
)
SCORED = tuple(c for c in CRITERIA if not c.kind)
assert sum(c.max_points for c in SCORED) == 100


@dataclass(frozen=True)
class Totals:
    """A unit's totals as stated by the block and by the unit (scored + bonus - penalty)."""

    code: str
    block_total: float
    block_bonus: float
    block_penalty: float
    self_total: float
    self_bonus: float
    self_penalty: float


@dataclass(frozen=True)
class Award:
    form: str
    quantity: int | str
    minimum: float | None
    vote_share: float | None = None  # written as a percent-formatted cell (0.8 shows 80%)


@dataclass(frozen=True)
class HistoryRow:
    """One decided award of `LichSu`: Năm, Đơn vị, Loại, Tên, Số quyết định, Ngày, Cơ quan ban hành."""

    year: int
    unit: str
    kind: str  # "Danh hiệu" or "Hình thức"
    name: str
    decision: str
    date: dt.date
    issuer: str


@dataclass(frozen=True)
class MeetingRecord:
    """What the minutes record beyond who attended: ThongTin's Giờ kết thúc, Ban kiểm phiếu and
    Hình thức biểu quyết, and the ballots issued, returned and valid (in the count workbook's
    labelled cells, or in ThongTin)."""

    end_time: str
    vote_method: str = "Giơ tay"
    counting_board: str | None = None
    ballot_counts: tuple[int, int, int] | None = None
    counts_in_count_sheet: bool = True


COUNT_LABELS = ("Số phiếu phát ra", "Số phiếu thu về", "Số phiếu hợp lệ")


def _meeting_rows(data: YearData) -> list[tuple[str, object]]:
    """ThongTin's rows of the meeting's record, below the others."""
    record = data.meeting
    if record is None:
        return []
    rows: list[tuple[str, object]] = [("Giờ kết thúc", record.end_time)]
    if record.counting_board:
        rows.append(("Ban kiểm phiếu", record.counting_board))
    if record.ballot_counts and not record.counts_in_count_sheet:
        rows += list(zip(COUNT_LABELS, record.ballot_counts))
    rows.append(("Hình thức biểu quyết", record.vote_method))
    return rows


@dataclass(frozen=True)
class YearData:
    year: int
    conference_date: dt.date | str  # a str is written as text, as staff sometimes type it
    place: str
    leader: str
    deputy: str
    next_leader: str
    next_deputy: str
    totals: tuple[Totals, ...]
    barred: dict[str, str]
    priority: dict[str, int]
    awards: tuple[Award, ...]
    pledges: tuple[str, ...]
    legal_grounds: tuple[str, ...]  # empty: no CanCu sheet
    form_date: str  # the date line above the signatures of the score forms
    block: BlockData | None = None  # None: the Bắc Giang block
    folder: str = ""  # the block's sub-folder of the year folder; empty: the year folder itself
    meeting_time: str | None = None  # ThongTin › Giờ họp
    secretary: str | None = None  # ThongTin › Thư ký
    attendance: dict[str, str] | None = None  # ThanhVien › Dự họp, by unit code
    ballot: dict[str, dict[str, int]] | None = None  # BoPhieu: unit code -> form -> yes votes
    ballot_file: str = "kiem_phieu.xlsx"  # the count workbook in the block folder
    sections: tuple[tuple[str | None, str], ...] = ()  # TongKet rows: (Mục or None, Nội dung)
    meeting: MeetingRecord | None = None  # the end, the ballot's record, the way of deciding
    women: dict[str, float] | None = None  # ThanhVien › Tỷ lệ nữ, by unit code (a percent-formatted cell)
    # ThanhVien › Địa chỉ, Điện thoại, Email, Ngày thành lập, Cơ quan cấp trên, by unit code (a unit
    # left out: blank)
    particulars: dict[str, tuple[object, ...]] = field(default_factory=dict)
    history: tuple[HistoryRow, ...] = ()  # LichSu rows
    history_file: str = ""  # the workbook of the block folder holding LichSu; empty: khoi.xlsx
    accounts: dict[str, tuple[tuple[str | None, str], ...]] = field(default_factory=dict)  # ThanhTich, by unit

    @property
    def who(self) -> BlockData:
        return self.block or BAC_GIANG


TotalsRow = tuple[str, float, float, float, float, float, float]


def _totals(rows: Iterable[TotalsRow]) -> tuple[Totals, ...]:
    return tuple(Totals(*row) for row in rows)


# 2019: ranks 1, 2, 3, 3, 3, 6 ...; the three units tied third fill the three certificates exactly.
YEAR_2019 = YearData(
    year=2019,
    conference_date=dt.date(2019, 12, 26),
    place="Hội trường Sở Tài chính, số 2 đường Hùng Vương, thành phố Bắc Giang",
    leader="STC",
    deputy="UBND",
    next_leader="CT",
    next_deputy="DBQH",
    totals=_totals(
        [
            #  code    block: total bonus penalty   self: total bonus penalty
            ("DBQH", 89.5, 0.5, 0, 91.5, 1, 0),
            ("HDND", 91, 0.5, 0, 92.5, 1, 0),
            ("UBND", 97.5, 3, 0, 99, 4, 0),
            ("STC", 96, 2, 0, 97.5, 3, 0),
            ("SKHDT", 94, 1.5, 0, 96.5, 2, 0),
            ("CTK", 83, 0, 2, 86.5, 0, 0),
            ("CT", 94, 1, 0, 96, 2, 0),
            ("NHNN", 88, 0, 0, 88, 0, 0),
            ("KBNN", 94, 1, 0, 95, 1, 0),
            ("QDTPT", 85.5, 0.5, 1, 88.5, 1, 0),
            ("SNV", 92.5, 1, 0, 94.5, 2, 0),
        ]
    ),
    barred={},
    priority={},
    awards=(
        Award("Cờ thi đua của Chính phủ", 1, 95),
        Award("Cờ thi đua của UBND tỉnh", 1, None),
        Award("Bằng khen của Chủ tịch UBND tỉnh", "30%", None),
    ),
    pledges=(
        "Thực hiện thắng lợi các chỉ tiêu, nhiệm vụ chính trị năm 2020 được Tỉnh ủy, HĐND, UBND "
        "tỉnh và cơ quan cấp trên giao; tham mưu tổ chức thành công Đại hội Đảng bộ tỉnh lần thứ "
        "XIX, nhiệm kỳ 2020 - 2025",
        "Đẩy mạnh phong trào thi đua yêu nước, chú trọng phong trào thi đua “Cán bộ, công chức, "
        "viên chức thi đua thực hiện văn hóa công sở”; kịp thời phát hiện, nhân rộng điển hình "
        "tiên tiến",
        "Đẩy mạnh cải cách hành chính, nâng cao chất lượng cung cấp dịch vụ công trực tuyến mức "
        "độ 3, mức độ 4; cải thiện chỉ số PAR INDEX, PCI của tỉnh",
        "Thực hành tiết kiệm, chống lãng phí; quản lý, sử dụng ngân sách, tài sản công đúng quy "
        "định; chủ động phòng, chống tham nhũng",
        "Xây dựng tổ chức cơ sở đảng trong sạch, vững mạnh; các đoàn thể cơ quan đạt vững mạnh, "
        "xuất sắc",
        "Tích cực tham gia các hoạt động từ thiện, nhân đạo, đền ơn đáp nghĩa; hưởng ứng phong "
        "trào “Ngày vì người nghèo”",
        "Tham gia đầy đủ, có chất lượng các hoạt động của Khối; thực hiện nghiêm chế độ thông "
        "tin, báo cáo",
    ),
    legal_grounds=(),
    form_date="Bắc Giang, ngày 16 tháng 12 năm 2019",
    # every sample runs without a warning (a blank secretary warns): the 2019 minutes name theirs
    secretary="Ông Trần Quang Huy - Chuyên viên Văn phòng Sở Tài chính",
    meeting_time="14 giờ 00",
    meeting=MeetingRecord(end_time="16 giờ 30"),  # no ballot: every form by show of hands
    sections=(
        ("Kết quả thực hiện các phong trào thi đua",
         "Năm 2019, các đơn vị thành viên Khối đã cụ thể hóa các phong trào thi đua bằng kế hoạch của từng đơn vị, "
         "gắn với nhiệm vụ chính trị được giao; 11/11 đơn vị hoàn thành và hoàn thành vượt mức các chỉ tiêu."),
        ("Hạn chế, nguyên nhân",
         "Việc sơ kết, tổng kết các phong trào thi đua theo chuyên đề ở một số đơn vị còn chậm."),
    ),
)

# 2020: HĐND's office ranks third but is barred; four units tie fourth for the three
# certificates left, and the conference's vote (Ưu tiên) orders them.
YEAR_2020 = YearData(
    year=2020,
    conference_date="08/01/2021",
    place="Hội trường Cục Thuế tỉnh Bắc Giang",
    leader="CT",
    deputy="DBQH",
    next_leader="KBNN",
    next_deputy="SNV",
    totals=_totals(
        [
            ("DBQH", 96.5, 2.5, 0, 98, 3, 0),
            ("HDND", 95.5, 2, 0, 97, 2.5, 0),
            ("UBND", 94, 2, 0, 96, 2.5, 0),
            ("STC", 94, 1.5, 0, 95.5, 2, 0),
            ("SKHDT", 94, 1, 0, 96, 2, 0),
            ("CTK", 89.5, 0, 1, 91, 0, 0),
            ("CT", 97, 3, 0, 98.5, 3.5, 0),
            ("NHNN", 92.5, 0.5, 0, 94, 1, 0),
            ("KBNN", 94, 1, 0, 94.5, 1, 0),
            ("QDTPT", 87, 0, 0, 89.5, 0.5, 0),
            ("SNV", 91, 1, 0, 93, 1.5, 0),
        ]
    ),
    barred={"HDND": "Có công chức bị kỷ luật cảnh cáo năm 2020"},
    priority={"KBNN": 1, "STC": 2, "UBND": 3, "SKHDT": 4},
    awards=(
        Award("Cờ thi đua của Chính phủ", 1, 95, 0.8),
        Award("Cờ thi đua của UBND tỉnh", 1, None, 0.8),
        Award("Bằng khen của Chủ tịch UBND tỉnh", "30%", 90),
    ),
    pledges=(
        "Thi đua thực hiện thắng lợi Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XIX và các chỉ tiêu, "
        "nhiệm vụ năm 2021 được giao; tham mưu tổ chức thành công cuộc bầu cử đại biểu Quốc hội "
        "khóa XV và đại biểu HĐND các cấp nhiệm kỳ 2021 - 2026",
        "Thực hiện nghiêm các biện pháp phòng, chống dịch Covid-19, vừa phòng chống dịch vừa "
        "phục hồi, phát triển kinh tế - xã hội",
        "Đổi mới nội dung, hình thức phong trào thi đua; khen thưởng kịp thời, chính xác, chú "
        "trọng người lao động trực tiếp",
        "Đẩy mạnh cải cách hành chính, chuyển đổi số; tăng tỷ lệ hồ sơ giải quyết trực tuyến và "
        "văn bản điện tử có ký số",
        "Thực hành tiết kiệm, chống lãng phí; phòng, chống tham nhũng; quản lý, sử dụng tài "
        "chính, tài sản công đúng quy định",
        "Xây dựng tổ chức cơ sở đảng, các đoàn thể cơ quan trong sạch, vững mạnh; giữ vững an "
        "ninh trật tự, an toàn cơ quan",
        "Tích cực tham gia các hoạt động an sinh xã hội, đền ơn đáp nghĩa, ủng hộ Quỹ phòng, "
        "chống dịch Covid-19",
        "Tham gia đầy đủ các hoạt động của Khối; gửi báo cáo đúng thời hạn, chính xác",
    ),
    legal_grounds=(
        "Căn cứ Luật Thi đua, khen thưởng số 15/2003/QH11 ngày 26 tháng 11 năm 2003; Luật sửa đổi, "
        "bổ sung một số điều của Luật Thi đua, khen thưởng số 47/2005/QH11 ngày 14 tháng 6 năm 2005 "
        "và số 39/2013/QH13 ngày 16 tháng 11 năm 2013",
        "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi "
        "tiết thi hành một số điều của Luật Thi đua, khen thưởng",
        "Căn cứ Quyết định số 1018/QĐ-UBND ngày 28 tháng 12 năm 2018 của Chủ tịch UBND tỉnh Bắc "
        "Giang về việc tổ chức các khối thi đua thuộc tỉnh",
    ),
    form_date="Bắc Giang, ngày 28 tháng 12 năm 2020",
    meeting_time="8 giờ 30",
    secretary="Bà Hà Thị Ngọc Ánh - Chuyên viên Văn phòng Cục Thuế",
    attendance={
        "UBND": "Ông Nguyễn Văn Bình - Phó Chánh Văn phòng",
        "SNV": "Vắng, có ý kiến bằng văn bản",
    },
    # 11 members at 80% need 9 votes: the delegation's office falls short of the Government flag,
    # the People's Committee office of the provincial flag (it keeps its certificate).
    ballot={
        "CT": {"Cờ thi đua của Chính phủ": 10},
        "DBQH": {"Cờ thi đua của Chính phủ": 7, "Cờ thi đua của UBND tỉnh": 10},
        "UBND": {"Cờ thi đua của UBND tỉnh": 6},
    },
    ballot_file="kiem_phieu_2020_da_ghi.xlsx",  # not the name make ballots writes: a blank copy never replaces it
    # the ballots counted in the count workbook's cells; SNV's written opinion among them
    meeting=MeetingRecord(
        end_time="11 giờ 15",
        counting_board="Ông Ngô Quang Vinh - Cục trưởng Cục Thống kê, Trưởng ban; Bà Dương Thị Hồng Nhung - "
                       "Giám đốc Quỹ Đầu tư phát triển tỉnh; Ông Bùi Xuân Trường - Giám đốc Kho bạc Nhà nước "
                       "chi nhánh tỉnh Bắc Giang",
        ballot_counts=(11, 11, 11),
    ),
    sections=(
        ("Kết quả thực hiện các phong trào thi đua",
         "Năm 2020, trong bối cảnh dịch Covid-19, các đơn vị thành viên Khối vừa thực hiện các biện pháp phòng, "
         "chống dịch vừa hoàn thành nhiệm vụ chuyên môn; phong trào \"Cán bộ, công chức, viên chức thi đua thực "
         "hiện văn hóa công sở\" được triển khai ở 11/11 đơn vị."),
        ("Kiến nghị, đề xuất",
         "Đề nghị Ủy ban nhân dân tỉnh quan tâm khen thưởng kịp thời các đơn vị dẫn đầu phong trào thi đua."),
    ),
)

YEARS: tuple[YearData, ...] = (YEAR_2019, YEAR_2020)

# A criterion score pinned for a unit, in both years: CTK types this decimal as text ("9,5").
PINNED_BLOCK_SCORES: dict[str, dict[str, float]] = {"CTK": {"1.1": 9.5}}
TEXT_DECIMAL_UNIT = "CTK"

# ---------------------------------------------------------------------------------------------
# Score generation
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitScores:
    """Per-criterion scores of one unit (scored codes, THUONG and TRU)."""

    block: dict[str, float]
    self: dict[str, float]


def _to_halves(value: float) -> int:
    halves = value * 2
    if halves != int(halves):
        raise ValueError(f"{value} is not a multiple of 0.5")
    return int(halves)


def _spread_scores(totals: Totals, year: int, units: Sequence[Unit] = UNITS) -> UnitScores:
    """Spread a unit's stated totals over the criteria, deterministically.

    Scores are kept in half points. The block's scores start at each maximum and lose the
    deficit one point at a time (a half point first when the deficit has one); the self scores
    give part of the deficit back, so a unit rarely scores itself below the block.
    """
    rng = random.Random(year * 1000 + [u.code for u in units].index(totals.code))
    maxima = {c.code: c.max_points * 2 for c in SCORED}
    block = dict(maxima)
    pinned = {code: _to_halves(v) for code, v in PINNED_BLOCK_SCORES.get(totals.code, {}).items()}
    block.update(pinned)

    block_scored = _to_halves(totals.block_total - totals.block_bonus + totals.block_penalty)
    deficit = sum(block.values()) - block_scored
    if deficit < 0:
        raise ValueError(f"{totals.code} {year}: scored sum above the maximum")
    free = [code for code in block if code not in pinned]
    while deficit:
        step = 1 if deficit % 2 else 2
        # Take at most half of a criterion's maximum, as a block rarely zeroes a criterion.
        room = [code for code in free if block[code] - step >= maxima[code] // 2]
        code = rng.choice(room)
        block[code] -= step
        deficit -= step

    self_scores = dict(block)
    self_scored = _to_halves(totals.self_total - totals.self_bonus + totals.self_penalty)
    give_back = self_scored - sum(block.values())
    if give_back < 0:
        raise ValueError(f"{totals.code} {year}: self scored sum below the block's")
    while give_back:
        step = 1 if give_back % 2 else 2
        room = [code for code in self_scores if self_scores[code] + step <= maxima[code]]
        code = rng.choice(room)
        self_scores[code] += step
        give_back -= step

    def points(halves: dict[str, int], bonus: float, penalty: float) -> dict[str, float]:
        scores = {code: value / 2 for code, value in halves.items()}
        scores[BONUS] = bonus
        scores[PENALTY] = penalty
        return scores

    return UnitScores(
        block=points(block, totals.block_bonus, totals.block_penalty),
        self=points(self_scores, totals.self_bonus, totals.self_penalty),
    )


def _total(scores: dict[str, float]) -> float:
    scored = sum(v for code, v in scores.items() if code not in (BONUS, PENALTY))
    return scored + scores[BONUS] - scores[PENALTY]


def _number(value: float) -> int | float:
    """Write whole numbers as integers, as staff type them."""
    return int(value) if value == int(value) else value


# ---------------------------------------------------------------------------------------------
# Workbook helpers
# ---------------------------------------------------------------------------------------------

BOLD = Font(bold=True)
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="center", wrap_text=True)


def _header_row(ws: Worksheet, row: int, headers: Sequence[str]) -> None:
    for col, header in enumerate(headers, start=1):
        cell = ws.cell(row=row, column=col, value=header)
        cell.font = BOLD
        cell.alignment = CENTER
        cell.border = BOX


def _widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width


def _save(wb: Workbook, path: Path, stamp: dt.datetime) -> None:
    """Save with fixed document dates and zip timestamps, so reruns give the same bytes."""
    wb.properties.creator = "Khối thi đua"
    wb.properties.lastModifiedBy = "Khối thi đua"
    wb.properties.created = stamp
    buffer = io.BytesIO()
    wb.save(buffer)  # openpyxl stamps `modified` with the current time: pinned below
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    entries = []
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + iso.encode() + rb"\g<2>",
                    data,
                )
            entries.append((info.filename, data))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(write_zip(entries, FIXED_ZIP_DATE))
    tmp.replace(path)


def _stamp(data: YearData) -> dt.datetime:
    if isinstance(data.conference_date, dt.date):
        day = data.conference_date
    else:
        day = dt.datetime.strptime(data.conference_date, "%d/%m/%Y").date()
    return dt.datetime(day.year, day.month, day.day, 8, 0, 0)


# ---------------------------------------------------------------------------------------------
# khoi.xlsx
# ---------------------------------------------------------------------------------------------


def _block_workbook(data: YearData) -> Workbook:
    wb = Workbook()
    info = wb.active
    info.title = "ThongTin"
    rows: list[tuple[str, object]] = [
        ("Tỉnh", data.who.province),
        ("Tên khối", data.who.name),
        ("Năm", data.year),
        ("Ngày hội nghị", data.conference_date),
        ("Địa điểm", data.place),
        ("Trưởng khối", data.leader),
        ("Phó khối", data.deputy),
        ("Trưởng khối năm sau", data.next_leader),
        ("Phó khối năm sau", data.next_deputy),
        ("Ký hiệu", data.who.symbol),
    ]
    rows += [(label, value) for label, value in (("Giờ họp", data.meeting_time), ("Thư ký", data.secretary))
             if value is not None]
    rows += _meeting_rows(data)
    for row, (label, value) in enumerate(rows, start=1):
        info.cell(row=row, column=1, value=label).font = BOLD
        cell = info.cell(row=row, column=2, value=value)
        if isinstance(value, dt.date):
            cell.number_format = "dd/mm/yyyy"
        elif label == "Ngày hội nghị":
            cell.number_format = "@"  # typed as text, as in a cell formatted as Text
        cell.alignment = Alignment(horizontal="left")
    _widths(info, (24, 70))

    members = wb.create_sheet("ThanhVien")
    headers = ("Mã", "Tên đơn vị", "Thủ trưởng", "Chức vụ", "Không đủ điều kiện", "Ưu tiên")
    if data.attendance is not None:
        headers += ("Dự họp",)
    if data.women is not None:
        headers += ("Tỷ lệ nữ",)
    if data.particulars:
        headers += PARTICULAR_COLUMNS
    _header_row(members, 1, headers)
    for row, unit in enumerate(data.who.units, start=2):
        values: tuple[object, ...] = (
            unit.code,
            unit.name,
            unit.head,
            unit.title,
            data.barred.get(unit.code),
            data.priority.get(unit.code),
        )
        if data.attendance is not None:
            values += (data.attendance.get(unit.code),)
        if data.women is not None:
            values += (data.women.get(unit.code),)
        if data.particulars:
            values += data.particulars.get(unit.code, (None,) * len(PARTICULAR_COLUMNS))
        women_col = len(headers) - (len(PARTICULAR_COLUMNS) if data.particulars else 0)
        for col, value in enumerate(values, start=1):
            cell = members.cell(row=row, column=col, value=value)
            cell.border = BOX
            if data.women is not None and col == women_col and value is not None:
                cell.number_format = "0%"  # 72% typed in Excel: the number 0.72
            elif isinstance(value, dt.date):
                cell.number_format = "dd/mm/yyyy"
    _widths(members, (10, 46, 24, 18, 42, 9, 44, 10) + ((48, 16, 28, 16, 20) if data.particulars else ()))

    criteria = wb.create_sheet("TieuChi")
    _header_row(criteria, 1, ("Mã", "Nội dung", "Điểm tối đa", "Loại", "Nhóm"))
    for row, crit in enumerate(CRITERIA, start=2):
        # 2019 leaves Loại empty for scored criteria; 2020 writes it out.
        kind = crit.kind or ("Chấm điểm" if data.year >= 2020 else None)
        values = (crit.code, crit.text, crit.max_points, kind, crit.group)
        for col, value in enumerate(values, start=1):
            cell = criteria.cell(row=row, column=col, value=value)
            cell.border = BOX
            cell.alignment = WRAP
    _widths(criteria, (10, 70, 12, 12, 44))

    awards = wb.create_sheet("KhenThuong")
    voted = any(award.vote_share is not None for award in data.awards)
    _header_row(awards, 1, ("Hình thức", "Số lượng", "Điểm tối thiểu") + (("Tỷ lệ phiếu",) if voted else ()))
    for row, award in enumerate(data.awards, start=2):
        values_row: tuple[object, ...] = (award.form, award.quantity, award.minimum)
        if voted:
            values_row += (award.vote_share,)
        for col, value in enumerate(values_row, start=1):
            cell = awards.cell(row=row, column=col, value=value)
            cell.border = BOX
            if col == 4 and value is not None:
                cell.number_format = "0%"  # 80% typed in Excel: the number 0.8
    _widths(awards, (40, 12, 16, 14))

    pledges = wb.create_sheet("NhiemVu")
    _header_row(pledges, 1, ("Nội dung",))
    for row, text in enumerate(data.pledges, start=2):
        cell = pledges.cell(row=row, column=1, value=text)
        cell.alignment = WRAP
        cell.border = BOX
    _widths(pledges, (110,))

    if data.legal_grounds:
        grounds = wb.create_sheet("CanCu")
        _header_row(grounds, 1, ("Nội dung",))
        for row, text in enumerate(data.legal_grounds, start=2):
            cell = grounds.cell(row=row, column=1, value=text)
            cell.alignment = WRAP
            cell.border = BOX
        _widths(grounds, (110,))

    if data.sections:
        _write_sections(wb.create_sheet("TongKet"), data.sections)
    if data.history and not data.history_file:
        _write_history(wb.create_sheet("LichSu"), data)
    return wb


PARTICULAR_COLUMNS = ("Địa chỉ", "Điện thoại", "Email", "Ngày thành lập", "Cơ quan cấp trên")


def _write_sections(ws: Worksheet, rows: Sequence[tuple[str | None, str]]) -> None:
    """`Mục` | `Nội dung` rows: the block's TongKet, or a unit's ThanhTich."""
    _header_row(ws, 1, ("Mục", "Nội dung"))
    for row, (heading, text) in enumerate(rows, start=2):
        for col, value in enumerate((heading, text), start=1):
            cell = ws.cell(row=row, column=col, value=value)
            cell.alignment = WRAP
            cell.border = BOX
    _widths(ws, (34, 110))


def _write_history(ws: Worksheet, data: YearData) -> None:
    """LichSu: the members' decided titles and forms; units named by name, as staff copy them."""
    _header_row(ws, 1, ("Năm", "Đơn vị", "Loại", "Tên", "Số quyết định", "Ngày", "Cơ quan ban hành"))
    for row, entry in enumerate(data.history, start=2):
        values = (entry.year, data.who.by_code[entry.unit].name, entry.kind, entry.name, entry.decision, entry.date,
                  entry.issuer)
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col, value=value)
            cell.border = BOX
            cell.alignment = WRAP
            if isinstance(value, dt.date):
                cell.number_format = "dd/mm/yyyy"
    _widths(ws, (8, 40, 12, 40, 18, 12, 30))


def _history_workbook(data: YearData) -> Workbook:
    wb = Workbook()
    _write_history(wb.active, data)
    wb.active.title = "LichSu"
    return wb


def _ballot_workbook(data: YearData) -> Workbook:
    """The review meeting's count, as staff fill the sheet `make ballots` writes."""
    assert data.ballot is not None
    wb = Workbook()
    sheet = wb.active
    sheet.title = "BoPhieu"
    forms = [award.form for award in data.awards if award.vote_share is not None]
    # the title block and the labelled ballot counts, as `make ballots` writes them
    leader = data.who.by_code[data.leader]
    day = _stamp(data).strftime("%d/%m/%Y")
    for row, text in enumerate((f"UBND TỈNH {data.who.province.upper()}", data.who.name.upper(),
                                f"Trưởng khối năm {data.year}: {leader.name}", "BẢNG KIỂM PHIẾU",
                                f"Bình xét thi đua, khen thưởng năm {data.year} - hội nghị ngày {day}"), start=1):
        sheet.cell(row=row, column=1, value=text).font = BOLD if row in (2, 4) else Font(name="Times New Roman")
    record = data.meeting
    if record is not None and record.ballot_counts and record.counts_in_count_sheet:
        for row, (label, number) in enumerate(zip(COUNT_LABELS, record.ballot_counts), start=7):
            sheet.cell(row=row, column=1, value=label).font = BOLD
            sheet.cell(row=row, column=2, value=number).border = BOX
    first = 11
    _header_row(sheet, first, ("Đơn vị", *forms))
    for row, unit in enumerate((u for u in data.who.units if u.code in data.ballot), start=first + 1):
        sheet.cell(row=row, column=1, value=unit.name).border = BOX
        for col, form in enumerate(forms, start=2):
            cell = sheet.cell(row=row, column=col, value=data.ballot[unit.code].get(form))
            cell.border = BOX
            cell.alignment = CENTER
    _widths(sheet, (46,) + (26,) * len(forms))
    return wb


# ---------------------------------------------------------------------------------------------
# Score sheets
# ---------------------------------------------------------------------------------------------

STANDARD_COLUMNS = (
    "STT",
    "Mã tiêu chí",
    "Nội dung",
    "Điểm tối đa",
    "Điểm tự chấm",
    "Điểm khối chấm",
    "Ghi chú",
)
# One agency's own form: content before code, the block's score before its own.
REORDERED_COLUMNS = (
    "STT",
    "Nội dung",
    "Mã tiêu chí",
    "Điểm tối đa",
    "Điểm khối chấm",
    "Điểm tự chấm",
    "Ghi chú",
)
COLUMN_WIDTHS = {
    "STT": 6,
    "Mã tiêu chí": 11,
    "Nội dung": 62,
    "Điểm tối đa": 10,
    "Điểm tự chấm": 10,
    "Điểm khối chấm": 10,
    "Ghi chú": 24,
}


@dataclass(frozen=True)
class FormStyle:
    """How one unit's form differs from the standard one."""

    columns: tuple[str, ...] = STANDARD_COLUMNS
    unit_cells: tuple[str | None, ...] = ()  # cells of the "Đơn vị" row; default "Đơn vị: <name>"
    extra_title: str | None = None  # one more title row above the table


def _unit_label_default(unit: Unit) -> tuple[str | None, ...]:
    return (f"Đơn vị: {unit.name}",)


FORM_STYLES: dict[str, FormStyle] = {
    # "Đơn vị:" alone, a blank cell, then the unit's code.
    "HDND": FormStyle(unit_cells=("Đơn vị:", None, "HDND"), extra_title="Mẫu số 02"),
    # "Đơn vị:" with the name in the very next cell.
    "KBNN": FormStyle(unit_cells=("Đơn vị:", "Kho bạc Nhà nước chi nhánh tỉnh Bắc Giang")),
    "QDTPT": FormStyle(columns=REORDERED_COLUMNS),
    # The name typed with extra spaces.
    "SNV": FormStyle(unit_cells=("Đơn vị:   Sở  Nội   vụ  ",)),
}

NOTES = {
    BONUS: "Có sáng kiến được UBND tỉnh công nhận",
    PENALTY: "Chậm gửi báo cáo định kỳ",
}

FILES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("van_phong_doan_dbqh.xlsx", ("DBQH",)),
    ("van_phong_hdnd.xlsx", ("HDND",)),
    ("van_phong_ubnd.xlsx", ("UBND",)),
    ("so_tai_chinh.xlsx", ("STC",)),
    ("so_ke_hoach_dau_tu.xlsx", ("SKHDT",)),
    ("cuc_thong_ke.xlsx", ("CTK",)),
    ("cuc_thue.xlsx", ("CT",)),
    ("ngan_hang_kho_bac.xlsx", ("NHNN", "KBNN")),
    ("quy_dau_tu_phat_trien.xlsx", ("QDTPT",)),
    ("so_noi_vu.xlsx", ("SNV",)),
)


@dataclass(frozen=True)
class BlockData:
    """Who the block is: its province, name, symbol, members, and how their forms are laid out."""

    province: str
    name: str
    symbol: str
    units: tuple[Unit, ...]
    files: tuple[tuple[str, tuple[str, ...]], ...]
    styles: dict[str, FormStyle] = field(default_factory=dict)

    @property
    def by_code(self) -> dict[str, Unit]:
        return {unit.code: unit for unit in self.units}


BAC_GIANG = BlockData(PROVINCE, BLOCK_NAME, BLOCK_SYMBOL, UNITS, FILES, FORM_STYLES)


def _write_score_sheet(ws: Worksheet, unit: Unit, scores: UnitScores, data: YearData) -> None:
    style = data.who.styles.get(unit.code, FormStyle())
    columns = style.columns
    col = {name: index for index, name in enumerate(columns, start=1)}
    last = get_column_letter(len(columns))

    titles = [
        (data.who.name.upper(), Font(bold=True, size=12)),
        (f"BẢNG CHẤM ĐIỂM THI ĐUA NĂM {data.year}", Font(bold=True, size=14)),
        ("(Kèm theo Hướng dẫn chấm điểm thi đua của Khối)", Font(italic=True)),
    ]
    if style.extra_title:
        titles.insert(0, (style.extra_title, Font(italic=True)))
    row = 1
    for text, font in titles:
        ws.merge_cells(f"A{row}:{last}{row}")
        cell = ws.cell(row=row, column=1, value=text)
        cell.font = font
        cell.alignment = Alignment(horizontal="center")
        row += 1
    row += 1  # a blank row under the titles

    for index, value in enumerate(style.unit_cells or _unit_label_default(unit), start=1):
        if value is not None:
            ws.cell(row=row, column=index, value=value).font = BOLD
    row += 2  # the unit row, then a blank row

    _header_row(ws, row, columns)
    ws.row_dimensions[row].height = 32
    row += 1

    number = 0
    group = None
    for crit in CRITERIA:
        if crit.group != group:
            group = crit.group
            numeral, _, heading = group.partition(". ")
            ws.cell(row=row, column=col["STT"], value=numeral).font = BOLD
            ws.cell(row=row, column=col["Nội dung"], value=heading).font = BOLD
            for c in range(1, len(columns) + 1):
                ws.cell(row=row, column=c).border = BOX
            row += 1
        number += 1
        block_value: object = _number(scores.block[crit.code])
        if unit.code == TEXT_DECIMAL_UNIT and crit.code in PINNED_BLOCK_SCORES[unit.code]:
            block_value = f"{scores.block[crit.code]:g}".replace(".", ",")
        note = None
        if crit.code in NOTES and scores.block[crit.code] > 0:
            note = NOTES[crit.code]
        values = {
            "STT": number,
            "Mã tiêu chí": crit.code,
            "Nội dung": crit.text,
            "Điểm tối đa": crit.max_points,
            "Điểm tự chấm": _number(scores.self[crit.code]),
            "Điểm khối chấm": block_value,
            "Ghi chú": note,
        }
        for name, value in values.items():
            cell = ws.cell(row=row, column=col[name], value=value)
            cell.border = BOX
            cell.alignment = WRAP if name in ("Nội dung", "Ghi chú") else CENTER
        row += 1

    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
    total_cells = {
        "STT": "Tổng cộng",
        "Điểm tối đa": sum(c.max_points for c in SCORED),
        "Điểm tự chấm": _number(_total(scores.self)),
        "Điểm khối chấm": _number(_total(scores.block)),
    }
    for c in range(1, len(columns) + 1):
        ws.cell(row=row, column=c).border = BOX
    for name, value in total_cells.items():
        cell = ws.cell(row=row, column=col[name], value=value)
        cell.font = BOLD
        cell.alignment = CENTER
    row += 2

    date_col = len(columns) - 2
    ws.cell(row=row, column=date_col, value=data.form_date).font = Font(italic=True)
    row += 1
    left, right = 2, len(columns) - 2
    for text_left, text_right, font in (
        ("NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ", BOLD),
        ("(Ký, ghi rõ họ tên)", "(Ký tên, đóng dấu)", Font(italic=True)),
    ):
        ws.cell(row=row, column=left, value=text_left).font = font
        ws.cell(row=row, column=right, value=text_right).font = font
        row += 1
    row += 3
    ws.cell(row=row, column=left, value=unit.clerk).font = BOLD
    ws.cell(row=row, column=right, value=unit.head).font = BOLD

    _widths(ws, [COLUMN_WIDTHS[name] for name in columns])
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.print_options.horizontalCentered = True


def _write_instructions(ws: Worksheet, data: YearData) -> None:
    leader = data.who.by_code[data.leader].name
    lines = (
        "HƯỚNG DẪN GHI BẢNG CHẤM ĐIỂM",
        "",
        "1. Mỗi sheet là bảng chấm điểm của một cơ quan; không đổi tên, không xóa các cột của "
        "bảng.",
        "2. Cột \"Điểm tự chấm\" do cơ quan tự đánh giá; cột \"Điểm khối chấm\" do Trưởng khối, "
        "Phó khối chấm lại.",
        "3. Điểm lẻ ghi đến 0,5 điểm; không chấm vượt điểm tối đa của từng tiêu chí.",
        f"4. Gửi bảng chấm điểm về {leader} (Trưởng khối) trước ngày 20 tháng 12 năm {data.year}.",
    )
    for row, text in enumerate(lines, start=1):
        cell = ws.cell(row=row, column=1, value=text or None)
        if row == 1:
            cell.font = Font(bold=True, size=13)
    _widths(ws, (110,))


def _write_junk(ws: Worksheet) -> None:
    """A hidden helper sheet as agencies leave them: lookup lists and stray values."""
    rows = (
        ("Mã", "Tên", "Ghi chú"),
        ("NHNN", "Ngân hàng Nhà nước chi nhánh tỉnh Bắc Giang", "bản nháp"),
        ("KBNN", "Kho bạc Nhà nước chi nhánh tỉnh Bắc Giang", None),
        (None, None, None),
        ("x", 12, "#N/A"),
        ("tạm", 0.5, "kiểm tra lại"),
    )
    for row, values in enumerate(rows, start=1):
        for col, value in enumerate(values, start=1):
            ws.cell(row=row, column=col, value=value)
    ws.sheet_state = "hidden"


def _score_workbook(
    codes: Sequence[str], scores: dict[str, UnitScores], data: YearData
) -> Workbook:
    wb = Workbook()
    if len(codes) == 1:
        ws = wb.active
        ws.title = "Chấm điểm"
        _write_score_sheet(ws, data.who.by_code[codes[0]], scores[codes[0]], data)
        if codes[0] in data.accounts:
            _write_sections(wb.create_sheet("ThanhTich"), data.accounts[codes[0]])
        return wb
    # The guide travels with the workbook as agencies send it, hidden as they hide it once read:
    # a visible sheet without a score table is skipped with a warning, and the samples run clean.
    guide = wb.active
    guide.title = "Hướng dẫn"
    _write_instructions(guide, data)
    guide.sheet_state = "hidden"
    for code in codes:
        _write_score_sheet(wb.create_sheet(code), data.who.by_code[code], scores[code], data)
    wb.active = 1
    if data.who is BAC_GIANG:
        _write_junk(wb.create_sheet("DuLieu"))
    return wb


# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------


def write_year(data: YearData, root: Path) -> list[Path]:
    """Write ``<root>/<year>/khoi.xlsx`` and ``<root>/<year>/diem/*.xlsx``; return the paths."""
    folder = root / str(data.year) / data.folder if data.folder else root / str(data.year)
    stamp = _stamp(data)
    scores: dict[str, UnitScores] = {}
    for totals in data.totals:
        unit_scores = _spread_scores(totals, data.year, data.who.units)
        assert _total(unit_scores.block) == totals.block_total, totals
        assert _total(unit_scores.self) == totals.self_total, totals
        scores[totals.code] = unit_scores
    assert set(scores) == set(data.who.by_code)

    written = [folder / "khoi.xlsx"]
    _save(_block_workbook(data), written[0], stamp)
    if data.ballot is not None:
        written.append(folder / data.ballot_file)
        _save(_ballot_workbook(data), written[-1], stamp)
    if data.history and data.history_file:
        written.append(folder / data.history_file)
        _save(_history_workbook(data), written[-1], stamp)

    score_dir = folder / "diem"
    # The folder is generated whole: a workbook left from an earlier layout would add a second
    # score sheet for its unit.
    expected = {name for name, _ in data.who.files}
    if score_dir.is_dir():
        for stale in score_dir.glob("*.xlsx"):
            if stale.name not in expected:
                stale.unlink()
    for name, codes in data.who.files:
        path = score_dir / name
        _save(_score_workbook(codes, scores, data), path, stamp)
        written.append(path)
    return written



# ---------------------------------------------------------------------------------------------
# 2025: a province after the merger of July 2025, under the law of its conference date (Decree
# 152/2025/NĐ-CP), with blocks in sub-folders: the general-staff block (its narrative in
# TongKet, a ballot at 80% in which no candidate reaches the Government flag's share, so the
# first two go on to the provincial flag and the province of three blocks proposes no Government
# flag (a fifth of the blocks allows none), a tie cut by the women's share, an absent member), a
# small block of special associations (no ballot) and a block scored by formula.
# ---------------------------------------------------------------------------------------------

BAC_NINH_STAFF = BlockData(
    province="Bắc Ninh",
    name="Khối thi đua các cơ quan Tham mưu - Tổng hợp",
    symbol="KTĐ",
    units=(
        Unit("VPDB", "Văn phòng Đoàn ĐBQH và HĐND tỉnh", "Nguyễn Văn Hùng", "Chánh Văn phòng", "Lê Thị Hương"),
        Unit("VPUB", "Văn phòng UBND tỉnh", "Lê Minh Tuấn", "Chánh Văn phòng", "Phạm Thị Mai"),
        Unit("STC", "Sở Tài chính", "Phạm Đức Thắng", "Giám đốc", "Trịnh Văn Quân"),
        Unit("SNV", "Sở Nội vụ", "Đặng Công Thành", "Giám đốc", "Nguyễn Thị Kim Oanh"),
        Unit("STP", "Sở Tư pháp", "Trịnh Thị Hải Yến", "Giám đốc", "Đào Minh Hiếu"),
        Unit("TKT", "Thống kê tỉnh Bắc Ninh", "Ngô Quang Vinh", "Trưởng Thống kê tỉnh", "Lương Thị Thảo"),
        Unit("THUE", "Thuế tỉnh Bắc Ninh", "Đỗ Văn Khánh", "Trưởng Thuế tỉnh", "Hà Thị Ngọc Ánh"),
        Unit("NHNN", "Ngân hàng Nhà nước Chi nhánh Khu vực 5", "Vũ Thị Minh Nguyệt", "Giám đốc", "Chu Văn Tiến"),
        Unit("KBNN", "Kho bạc Nhà nước Khu vực VI", "Bùi Xuân Trường", "Giám đốc", "Thân Thị Hạnh"),
        Unit("QDT", "Quỹ Đầu tư phát triển tỉnh", "Dương Thị Hồng Nhung", "Giám đốc", "Giáp Văn Nam"),
    ),
    files=tuple((f"{code.lower()}.xlsx", (code,)) for code in
                ("VPDB", "VPUB", "STC", "SNV", "STP", "TKT", "THUE", "NHNN", "KBNN", "QDT")),
)

BAC_NINH_ASSOCIATIONS = BlockData(
    province="Bắc Ninh",
    name="Khối thi đua các Hội đặc thù",
    symbol="HĐT",
    units=(
        Unit("CTD", "Hội Chữ thập đỏ tỉnh", "Nguyễn Thị Thu Hằng", "Chủ tịch", "Lê Văn Toàn"),
        Unit("NNCDDC", "Hội Nạn nhân chất độc da cam/Dioxin tỉnh", "Trần Văn Dũng", "Chủ tịch", "Phạm Thị Nga"),
        Unit("HNM", "Hội Người mù tỉnh", "Lê Văn Sơn", "Chủ tịch", "Nguyễn Văn Hải"),
        Unit("LMHTX", "Liên minh Hợp tác xã tỉnh", "Hoàng Minh Đức", "Chủ tịch", "Vũ Thị Lan"),
        Unit("HVHNT", "Hội Văn học nghệ thuật tỉnh", "Đào Quang Huy", "Chủ tịch", "Ngô Thị Hoa"),
        Unit("HLG", "Hội Luật gia tỉnh", "Phan Văn Bình", "Chủ tịch", "Trịnh Thị Mai"),
        Unit("HNB", "Hội Nhà báo tỉnh", "Nguyễn Thanh Tùng", "Chủ tịch", "Lại Thị Hương"),
    ),
    files=tuple((f"{code.lower()}.xlsx", (code,)) for code in
                ("CTD", "NNCDDC", "HNM", "LMHTX", "HVHNT", "HLG", "HNB")),
)

_PLEDGES_2026 = (
    "Thi đua thực hiện thắng lợi Nghị quyết Đại hội Đảng bộ tỉnh lần thứ I, nhiệm kỳ 2025 - 2030 và các "
    "chỉ tiêu, nhiệm vụ năm 2026 được giao",
    "Vận hành thông suốt, hiệu quả bộ máy sau sắp xếp; thực hiện tốt chính quyền địa phương hai cấp",
    "Đẩy mạnh chuyển đổi số, cải cách hành chính; nâng cao chất lượng dịch vụ công trực tuyến toàn trình",
    "Thực hành tiết kiệm, chống lãng phí; phòng, chống tham nhũng, tiêu cực",
    "Tham gia đầy đủ các hoạt động của Khối; gửi báo cáo đúng thời hạn, chính xác",
)

_VPUB_ACCOUNT = (
    ("Đặc điểm, tình hình",
     "Văn phòng UBND tỉnh là cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh, được tổ chức lại từ ngày 01/7/2025 "
     "trên cơ sở hợp nhất Văn phòng UBND tỉnh Bắc Ninh và Văn phòng UBND tỉnh Bắc Giang; có 9 phòng và 2 đơn vị "
     "sự nghiệp trực thuộc, 186 cán bộ, công chức, viên chức và người lao động."),
    ("Chức năng, nhiệm vụ",
     "Tham mưu tổng hợp, giúp Ủy ban nhân dân tỉnh tổ chức các hoạt động chung; giúp Chủ tịch Ủy ban nhân dân "
     "tỉnh chỉ đạo, điều hành; kiểm soát thủ tục hành chính, vận hành hệ thống thông tin giải quyết thủ tục "
     "hành chính của tỉnh."),
    ("Kết quả thực hiện nhiệm vụ được giao",
     "Tham mưu ban hành 1.248 văn bản quy phạm pháp luật và văn bản chỉ đạo, điều hành, đúng thời hạn; "
     "hoàn thành việc hợp nhất hệ thống quản lý văn bản và điều hành của hai tỉnh trước ngày 01/7/2025."),
    (None,
     "Tỷ lệ hồ sơ thủ tục hành chính giải quyết trực tuyến toàn trình của tỉnh đạt 86%, vượt 6% kế hoạch; "
     "Chỉ số cải cách hành chính của tỉnh tăng 5 bậc so với năm 2024."),
    ("Công tác xây dựng Đảng, đoàn thể",
     "Đảng bộ cơ quan hoàn thành xuất sắc nhiệm vụ; Công đoàn, Đoàn Thanh niên cơ quan đạt vững mạnh xuất sắc."),
)

_THUE_ACCOUNT = (
    ("Đặc điểm, tình hình",
     "Thuế tỉnh Bắc Ninh được tổ chức theo mô hình mới từ ngày 01/7/2025, quản lý thuế trên địa bàn tỉnh sau "
     "hợp nhất, có 12 Thuế cơ sở và 845 công chức, người lao động."),
    ("Kết quả thực hiện nhiệm vụ được giao",
     "Tổng thu ngân sách nhà nước do cơ quan thuế quản lý đạt 41.250 tỷ đồng, bằng 118% dự toán Trung ương giao "
     "và tăng 14% so với năm 2024; nợ thuế giảm còn 3,9% tổng thu."),
    ("Các phong trào thi đua đã thực hiện",
     "Phong trào \"Cán bộ thuế đồng hành cùng doanh nghiệp\" với 2.300 lượt hỗ trợ người nộp thuế khai, nộp "
     "thuế điện tử; 100% hóa đơn của doanh nghiệp là hóa đơn điện tử."),
)

_STAFF_HISTORY = (
    HistoryRow(2022, "VPUB", "Hình thức", "Bằng khen của Chủ tịch UBND tỉnh", "215/QĐ-UBND", dt.date(2023, 2, 10),
               "Chủ tịch UBND tỉnh Bắc Ninh"),
    HistoryRow(2023, "VPUB", "Danh hiệu", "Tập thể lao động xuất sắc", "98/QĐ-UBND", dt.date(2024, 1, 22),
               "Chủ tịch UBND tỉnh Bắc Ninh"),
    HistoryRow(2024, "VPUB", "Danh hiệu", "Cờ thi đua của UBND tỉnh", "132/QĐ-UBND", dt.date(2025, 1, 24),
               "Chủ tịch UBND tỉnh Bắc Ninh"),
    HistoryRow(2023, "THUE", "Danh hiệu", "Cờ thi đua của Bộ Tài chính", "305/QĐ-BTC", dt.date(2024, 2, 28),
               "Bộ trưởng Bộ Tài chính"),
    HistoryRow(2024, "THUE", "Hình thức", "Bằng khen của Bộ trưởng Bộ Tài chính", "412/QĐ-BTC",
               dt.date(2025, 3, 5), "Bộ trưởng Bộ Tài chính"),
    HistoryRow(2024, "STC", "Danh hiệu", "Tập thể lao động xuất sắc", "140/QĐ-UBND", dt.date(2025, 1, 24),
               "Chủ tịch UBND tỉnh Bắc Ninh"),
)

_STAFF_PARTICULARS: dict[str, tuple[object, ...]] = {
    "VPUB": ("Số 10 đường Phù Đổng Thiên Vương, phường Kinh Bắc, tỉnh Bắc Ninh", "02223822515",
             "vpubnd@bacninh.gov.vn", dt.date(1997, 1, 1), None),
    "THUE": ("Số 16 đường Lý Thái Tổ, phường Kinh Bắc, tỉnh Bắc Ninh", "02223821280", "bacninh@gdt.gov.vn",
             dt.date(1990, 10, 1), "Cục Thuế"),  # a central branch: its header names its own superior
    "STC": ("Số 11 đường Lý Thái Tổ, phường Kinh Bắc, tỉnh Bắc Ninh", "02223822453", "stc@bacninh.gov.vn", 1997, None),
    "KBNN": (None, None, None, None, "Kho bạc Nhà nước"),  # its particulars left to the unit
}

YEAR_2025_STAFF = YearData(
    year=2025,
    conference_date=dt.date(2026, 1, 15),
    place="Hội trường Thuế tỉnh Bắc Ninh",
    leader="THUE",
    deputy="VPUB",
    next_leader="STC",
    next_deputy="SNV",
    totals=_totals(
        [
            ("VPDB", 92.5, 0.5, 0, 94, 1, 0),
            ("VPUB", 96.5, 2.5, 0, 97.5, 3, 0),
            ("STC", 95, 2, 0, 96.5, 2.5, 0),
            ("SNV", 95, 1.5, 0, 95.5, 2, 0),
            ("STP", 95.5, 2, 0, 96, 2, 0),
            ("TKT", 90, 0, 1, 91.5, 0, 0),
            ("THUE", 97.5, 3, 0, 98.5, 3.5, 0),
            ("NHNN", 94, 1, 0, 94.5, 1, 0),
            ("KBNN", 94, 1, 0, 95, 1.5, 0),
            ("QDT", 88, 0, 0, 90, 0.5, 0),
        ]
    ),
    barred={"STP": "Đang trong thời gian thanh tra theo Kết luận số 12/KL-TTr ngày 20/11/2025"},
    # the tie at 94 for the last certificate: Kho bạc has 72% women, so it goes first (Decree
    # 152/2025 Art. 4(6)) and the conference's order is not needed
    priority={},
    women={"KBNN": 0.72, "NHNN": 0.45, "SNV": 0.55},
    awards=(
        Award("Cờ thi đua của Chính phủ", 1, 95, 0.8),
        Award("Cờ thi đua của UBND tỉnh", 2, None, 0.8),
        Award("Bằng khen của Chủ tịch UBND tỉnh", "30%", 90),
    ),
    pledges=_PLEDGES_2026,
    legal_grounds=(),  # the law of the conference date: templates_docx/can_cu_mac_dinh.txt
    form_date="Bắc Ninh, ngày 26 tháng 12 năm 2025",
    block=BAC_NINH_STAFF,
    folder="khoi_tham_muu_tong_hop",
    meeting_time="08:00",
    secretary="Bà Hà Thị Ngọc Ánh - Chuyên viên Văn phòng Thuế tỉnh Bắc Ninh",
    attendance={
        "QDT": "Vắng, có ý kiến bằng văn bản",
        "NHNN": "Ông Chu Văn Tiến - Phó Giám đốc",
    },
    # 10 members at 80% need 8 votes: Thuế tỉnh ranks first but has 7 for the Government flag and the
    # People's Committee office 6, so no unit is proposed for it (a province of three blocks may
    # propose none: a fifth of the blocks); both get the provincial flag's two places, Sở Tài chính
    # (6 votes) falls short of it and goes on to a certificate.
    ballot={
        "THUE": {"Cờ thi đua của Chính phủ": 7, "Cờ thi đua của UBND tỉnh": 10},
        "VPUB": {"Cờ thi đua của Chính phủ": 6, "Cờ thi đua của UBND tỉnh": 9},
        "STC": {"Cờ thi đua của UBND tỉnh": 6},
    },
    ballot_file="kiem_phieu_2025_da_ghi.xlsx",
    # the ballots counted in ThongTin; QDT's written opinion among them (10 voters, 9 present)
    meeting=MeetingRecord(
        end_time="10 giờ 45",
        counting_board="Bà Trịnh Thị Hải Yến - Giám đốc Sở Tư pháp, Trưởng ban; Ông Ngô Quang Vinh - Trưởng "
                       "Thống kê tỉnh",
        ballot_counts=(10, 10, 10),
        counts_in_count_sheet=False,
    ),
    sections=(
        ("Kết quả thực hiện các phong trào thi đua",
         "Năm 2025, năm đầu tiên hoạt động theo mô hình tỉnh mới sau hợp nhất, các đơn vị thành viên Khối đã "
         "phát động 18 phong trào thi đua thường xuyên và theo chuyên đề, trọng tâm là phong trào \"Cả nước "
         "thi đua đổi mới sáng tạo, chuyển đổi số\" và phong trào thi đua hoàn thành việc sắp xếp tổ chức bộ máy."),
        (None,
         "Các đơn vị hoàn thành 100% chỉ tiêu được giao; thu ngân sách nhà nước trên địa bàn đạt 112% dự toán; "
         "tỷ lệ hồ sơ thủ tục hành chính giải quyết trực tuyến toàn trình đạt 86%."),
        ("Ưu điểm",
         "Các đơn vị đoàn kết, phối hợp chặt chẽ trong bối cảnh vừa sắp xếp bộ máy vừa thực hiện nhiệm vụ "
         "chuyên môn; công tác khen thưởng kịp thời, đúng người, đúng thành tích."),
        ("Hạn chế, nguyên nhân",
         "Một số đơn vị sau hợp nhất chưa kịp kiện toàn bộ phận làm công tác thi đua, khen thưởng; việc gửi báo "
         "cáo định kỳ về Khối còn chậm."),
        (None,
         "Nguyên nhân chủ yếu là khối lượng công việc lớn trong giai đoạn chuyển tiếp & đội ngũ làm công tác "
         "thi đua phần lớn kiêm nhiệm."),
        ("Bài học kinh nghiệm",
         "Phong trào thi đua chỉ hiệu quả khi gắn với nhiệm vụ chính trị trọng tâm của từng đơn vị và được "
         "người đứng đầu trực tiếp chỉ đạo."),
        ("Kiến nghị, đề xuất",
         "Đề nghị Ủy ban nhân dân tỉnh sớm ban hành quy định về tổ chức các khối thi đua sau sắp xếp, làm cơ "
         "sở cho việc chấm điểm, bình xét năm 2026."),
        (None,
         "Đề nghị Ban Thi đua - Khen thưởng (Sở Nội vụ) tổ chức tập huấn Nghị định số 152/2025/NĐ-CP cho cán bộ "
         "làm công tác thi đua, khen thưởng của các đơn vị."),
    ),
    particulars=_STAFF_PARTICULARS,
    history=_STAFF_HISTORY,
    history_file="lich_su_khen_thuong.xlsx",  # a workbook of its own in the block folder
    accounts={"VPUB": _VPUB_ACCOUNT, "THUE": _THUE_ACCOUNT},
)

YEAR_2025_ASSOCIATIONS = YearData(
    year=2025,
    conference_date=dt.date(2026, 1, 20),
    place="Hội trường Hội Chữ thập đỏ tỉnh",
    leader="CTD",
    deputy="LMHTX",
    next_leader="NNCDDC",
    next_deputy="HNB",
    totals=_totals(
        [
            ("CTD", 96, 2, 0, 97, 2, 0),
            ("NNCDDC", 95, 1.5, 0, 96, 2, 0),
            ("HNM", 92, 0.5, 0, 93, 1, 0),
            ("LMHTX", 95, 1, 0, 95.5, 1, 0),
            ("HVHNT", 88.5, 0, 0.5, 90, 0, 0),
            ("HLG", 90, 0, 0, 91, 0, 0),
            ("HNB", 93.5, 1, 0, 95, 1, 0),
        ]
    ),
    barred={},
    priority={},
    awards=(
        Award("Cờ thi đua của UBND tỉnh", 1, None),
        Award("Bằng khen của Chủ tịch UBND tỉnh", 2, 90),
    ),
    pledges=_PLEDGES_2026,
    legal_grounds=(),
    form_date="Bắc Ninh, ngày 30 tháng 12 năm 2025",
    block=BAC_NINH_ASSOCIATIONS,
    folder="khoi_hoi_dac_thu",
    history=(  # in khoi.xlsx
        HistoryRow(2024, "CTD", "Danh hiệu", "Cờ thi đua của UBND tỉnh", "132/QĐ-UBND", dt.date(2025, 1, 24),
                   "Chủ tịch UBND tỉnh Bắc Ninh"),
        HistoryRow(2023, "CTD", "Hình thức", "Bằng khen của Trung ương Hội Chữ thập đỏ Việt Nam", "88/QĐ-TWHCTĐ",
                   dt.date(2024, 1, 12), "Trung ương Hội Chữ thập đỏ Việt Nam"),
    ),
    secretary="Bà Nguyễn Thị Thanh Hương - Chuyên viên Văn phòng Hội Chữ thập đỏ tỉnh",
    meeting_time="14 giờ 00",
    meeting=MeetingRecord(end_time="16 giờ 00"),  # no ballot: both forms by show of hands
    sections=(
        ("Kết quả thực hiện các phong trào thi đua",
         "Năm 2025, các Hội đặc thù của tỉnh đã vận động hội viên tham gia các phong trào \"Chung tay vì người "
         "nghèo\", hiến máu tình nguyện và hỗ trợ nạn nhân chất độc da cam/Dioxin, người khuyết tật."),
        ("Kiến nghị, đề xuất",
         "Đề nghị Ban Thi đua - Khen thưởng (Sở Nội vụ) hướng dẫn tiêu chí chấm điểm riêng cho các Hội đặc thù."),
    ),
)


# ---------------------------------------------------------------------------------------------
# 2025: a third block whose guide scores by formula (SPEC §2.3), as real provincial guides do:
# quantitative criteria by actual ÷ plan (`Tỷ lệ`, one with a capped excess bonus) or plan ÷ actual
# (`Tỷ lệ giảm`), qualitative ones by grade A-D (one with its own shares), the total bonus capped
# (`Điểm thưởng tối đa`), and the provincial office's check (`Điểm thẩm định`) changing two scores.
# Its totals are worked out here with fractions, independently of the pipeline, for the total rows.
# ---------------------------------------------------------------------------------------------

BAC_NINH_ECONOMY = BlockData(
    province="Bắc Ninh",
    name="Khối thi đua các cơ quan Kinh tế - Kỹ thuật",
    symbol="KKT",
    units=(
        Unit("SXD", "Sở Xây dựng", "Nguyễn Hữu Thành", "Giám đốc", "Lê Thị Thu Trang"),
        Unit("SNNMT", "Sở Nông nghiệp và Môi trường", "Trần Quốc Khánh", "Giám đốc", "Phạm Văn Lộc"),
        Unit("SCT", "Sở Công Thương", "Hoàng Thị Thanh Hà", "Giám đốc", "Nguyễn Đức Anh"),
        Unit("SKHCN", "Sở Khoa học và Công nghệ", "Vũ Minh Quang", "Giám đốc", "Đỗ Thị Hồng"),
        Unit("BQLKCN", "Ban Quản lý các khu công nghiệp tỉnh", "Lê Văn Phúc", "Trưởng ban", "Ngô Thị Yến"),
        Unit("HQ", "Hải quan Bắc Ninh", "Đinh Công Sơn", "Chi cục trưởng", "Tạ Văn Long"),
    ),
    files=tuple((f"{code.lower()}.xlsx", (code,)) for code in ("SXD", "SNNMT", "SCT", "SKHCN", "BQLKCN", "HQ")),
)

# (code, text, maximum, Loại, Nhóm, Cách chấm, {column: value} of A-D / Thưởng vượt tối đa)
FormulaCriterion = tuple[str, str, int, str, str, str, dict[str, object]]
_ECONOMY_GROUPS = ("I. Thực hiện chỉ tiêu, nhiệm vụ chuyên môn (60 điểm)",
                   "II. Cải cách hành chính, xây dựng Đảng, đoàn thể (40 điểm)", "III. Điểm thưởng, điểm trừ")
ECONOMY_CRITERIA: tuple[FormulaCriterion, ...] = (
    ("1.1", "Thực hiện chỉ tiêu kế hoạch chuyên môn chủ yếu được UBND tỉnh giao năm 2025 (thực hiện so với "
     "kế hoạch; vượt kế hoạch được thưởng 1% điểm tối đa cho mỗi 1% vượt, không quá 10%)", 20, "Chấm điểm",
     _ECONOMY_GROUPS[0], "Tỷ lệ", {}),
    ("1.2", "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn (%)", 15, "Chấm điểm", _ECONOMY_GROUPS[0],
     "Tỷ lệ", {"Thưởng vượt tối đa": "0%"}),
    ("1.3", "Số đơn thư khiếu nại, tố cáo thuộc thẩm quyền phát sinh trong năm (kế hoạch: không quá số "
     "đơn của năm 2024)", 10, "Chấm điểm", _ECONOMY_GROUPS[0], "Tỷ lệ giảm", {}),
    ("1.4", "Chất lượng công tác tham mưu, thực hiện nhiệm vụ chuyên môn (xếp loại A, B, C, D)", 15, "Chấm điểm",
     _ECONOMY_GROUPS[0], "Xếp loại", {}),
    ("2.1", "Cải cách hành chính, chuyển đổi số (xếp loại theo Chỉ số cải cách hành chính năm 2025: A 100%, "
     "B 80%, C 60%, D 0%)", 15, "Chấm điểm", _ECONOMY_GROUPS[1], "Xếp loại", {"B": "80%", "C": "60%"}),
    ("2.2", "Công tác xây dựng Đảng, đoàn thể; phòng, chống tham nhũng, lãng phí", 15, "Chấm điểm",
     _ECONOMY_GROUPS[1], "", {}),
    ("2.3", "Tham gia đầy đủ các hoạt động của Khối; gửi báo cáo đúng thời hạn", 10, "Chấm điểm",
     _ECONOMY_GROUPS[1], "", {}),
    ("THUONG", "Điểm thưởng: mô hình, sáng kiến được cấp có thẩm quyền công nhận; khen thưởng đột xuất", 10,
     "Thưởng", _ECONOMY_GROUPS[2], "", {}),
    ("TRU", "Điểm trừ: chậm gửi báo cáo, vắng họp không có lý do; cán bộ vi phạm bị kỷ luật", 5, "Trừ",
     _ECONOMY_GROUPS[2], "", {}),
)
ECONOMY_BONUS_CAP = 5
# Per unit: (plan, actual) of 1.1-1.3; grades (self, block) of 1.4 and 2.1; (self, block) of 2.2, 2.3,
# THUONG, TRU; the office's check by criterion code.
ECONOMY_SCORES: dict[str, dict[str, object]] = {
    "SXD": {"1.1": (100, 108), "1.2": (100, 98.6), "1.3": (12, 10), "1.4": ("A", "A"), "2.1": ("A", "B"),
            "2.2": (15, 14.5), "2.3": (10, 10), "THUONG": (3, 3), "TRU": (0, 0)},
    "SNNMT": {"1.1": (100, 97), "1.2": (100, 99.2), "1.3": (20, 18), "1.4": ("A", "B"), "2.1": ("B", "B"),
              "2.2": (15, 14), "2.3": (10, 9.5), "THUONG": (2, 2), "TRU": (0, 0), "office": {"2.2": 13}},
    "SCT": {"1.1": (100, 115), "1.2": (100, 100), "1.3": (15, 13), "1.4": ("A", "A"), "2.1": ("A", "A"),
            "2.2": (15, 14.5), "2.3": (10, 10), "THUONG": (4, 4), "TRU": (0, 0)},
    "SKHCN": {"1.1": (100, 100), "1.2": (100, 97.5), "1.3": (8, 0), "1.4": ("B", "B"), "2.1": ("A", "A"),
              "2.2": (15, 14), "2.3": (10, 10), "THUONG": (1, 1), "TRU": (0.5, 0.5)},
    "BQLKCN": {"1.1": (1250, 1180), "1.2": (100, 96.4), "1.3": (6, 9), "1.4": ("A", "B"), "2.1": ("B", "C"),
               "2.2": (14.5, 14), "2.3": (10, 9), "THUONG": (0, 0), "TRU": (1, 1), "office": {"1.4": "C"}},
    "HQ": {"1.1": (100, 103.5), "1.2": (100, 99.5), "1.3": (10, 10), "1.4": ("A", "A"), "2.1": ("A", "B"),
           "2.2": (15, 14.5), "2.3": (10, 10), "THUONG": (2, 2), "TRU": (0, 0)},
}
ECONOMY_COLUMNS = ("STT", "Mã tiêu chí", "Nội dung", "Điểm tối đa", "Kế hoạch", "Thực hiện", "Điểm tự chấm",
                   "Điểm khối chấm", "Điểm thẩm định", "Ghi chú")

YEAR_2025_ECONOMY = YearData(
    year=2025,
    conference_date=dt.date(2026, 1, 22),
    place="Hội trường Sở Công Thương",
    leader="SCT",
    deputy="SXD",
    next_leader="SXD",
    next_deputy="HQ",
    totals=(),  # worked out from plans, actuals and grades by _economy_totals
    barred={},
    priority={},
    awards=(
        Award("Cờ thi đua của UBND tỉnh", 1, 95),
        Award("Bằng khen của Chủ tịch UBND tỉnh", 2, 90),
    ),
    pledges=_PLEDGES_2026,
    legal_grounds=(),
    form_date="Bắc Ninh, ngày 05 tháng 01 năm 2026",
    block=BAC_NINH_ECONOMY,
    folder="khoi_kinh_te_ky_thuat",
    meeting_time="14:00",
    secretary="Ông Nguyễn Đức Anh - Chuyên viên Văn phòng Sở Công Thương",
    meeting=MeetingRecord(end_time="16:15"),  # no ballot: the forms by show of hands
    sections=(
        ("Kết quả thực hiện các phong trào thi đua",
         "Năm 2025, các đơn vị thành viên Khối chấm điểm theo Hướng dẫn mới: chỉ tiêu định lượng theo tỷ lệ "
         "thực hiện so với kế hoạch, nội dung định tính theo xếp loại A, B, C, D."),
    ),
)


def _share(criterion: FormulaCriterion, grade: str) -> Fraction:
    shares = {"A": "100%", "B": "75%", "C": "50%", "D": "0%"} | {
        k: v for k, v in criterion[6].items() if k in "ABCD"}
    return Fraction(int(str(shares[grade]).rstrip("%")), 100)


def _economy_scores(code: str) -> tuple[dict[str, Fraction], dict[str, Fraction], Fraction]:
    """A unit's block scores (after the office's check) and self scores by criterion, and its
    excess bonus: the guide's rules read plainly, in fractions."""
    data = ECONOMY_SCORES[code]
    office = data.get("office", {})
    assert isinstance(office, dict)
    block: dict[str, Fraction] = {}
    own: dict[str, Fraction] = {}
    excess = Fraction(0)
    for criterion in ECONOMY_CRITERIA:
        crit_code, maximum, method = criterion[0], Fraction(criterion[2]), criterion[5]
        values = data[crit_code]
        assert isinstance(values, tuple)
        if method in ("Tỷ lệ", "Tỷ lệ giảm"):
            plan, actual = (Fraction(str(v)) for v in values)
            if method == "Tỷ lệ":
                score = min(maximum, actual / plan * maximum)
                cap = Fraction(int(str(criterion[6].get("Thưởng vượt tối đa", "10%")).rstrip("%")), 100)
                excess += max(Fraction(0), min((actual / plan - 1) * maximum, cap * maximum))
            else:
                score = maximum if actual == 0 else min(maximum, plan / actual * maximum)
            own[crit_code] = block[crit_code] = score
        elif method == "Xếp loại":
            own[crit_code] = _share(criterion, str(values[0])) * maximum
            block[crit_code] = _share(criterion, str(values[1])) * maximum
        else:
            own[crit_code], block[crit_code] = (Fraction(str(v)) for v in values)
        if crit_code in office:
            checked = office[crit_code]
            block[crit_code] = (_share(criterion, checked) * maximum if isinstance(checked, str)
                                else Fraction(str(checked)))
    return block, own, excess


def _economy_total(scores: dict[str, Fraction], excess: Fraction) -> Fraction:
    scored = sum((v for k, v in scores.items() if k not in (BONUS, PENALTY)), Fraction(0))
    return scored + min(scores[BONUS] + excess, Fraction(ECONOMY_BONUS_CAP)) - scores[PENALTY]


def _shown(value: Fraction) -> int | float:
    """A score as a form shows it: two decimals at most, rounded half up as Excel's ROUND does (Python's
    `round` rounds half to even: 14,625 would show 14,62)."""
    rounded = Fraction(math.floor(value * 100 + Fraction(1, 2)), 100)
    return int(rounded) if rounded == int(rounded) else float(rounded)


def _economy_khoi(data: YearData) -> Workbook:
    """khoi.xlsx of the formula block: the common workbook, its TieuChi rewritten with `Cách chấm`,
    the grade shares and the excess cap, and ThongTin's `Điểm thưởng tối đa`."""
    wb = _block_workbook(data)
    info = wb["ThongTin"]
    row = info.max_row + 1
    info.cell(row=row, column=1, value="Điểm thưởng tối đa").font = BOLD
    info.cell(row=row, column=2, value=ECONOMY_BONUS_CAP).alignment = Alignment(horizontal="left")
    del wb["TieuChi"]
    criteria = wb.create_sheet("TieuChi", 2)
    headers = ("Mã", "Nội dung", "Điểm tối đa", "Loại", "Nhóm", "Cách chấm", "A", "B", "C", "D",
               "Thưởng vượt tối đa")
    _header_row(criteria, 1, headers)
    for row, crit in enumerate(ECONOMY_CRITERIA, start=2):
        values = dict(zip(headers, crit[:6])) | dict(crit[6])
        for col, name in enumerate(headers, start=1):
            cell = criteria.cell(row=row, column=col, value=values.get(name) or None)
            cell.border = BOX
            cell.alignment = WRAP
    _widths(criteria, (10, 70, 12, 12, 44, 12, 7, 7, 7, 7, 12))
    return wb


def _economy_sheet(ws: Worksheet, unit: Unit, data: YearData) -> None:
    columns = ECONOMY_COLUMNS
    col = {name: index for index, name in enumerate(columns, start=1)}
    last = get_column_letter(len(columns))
    for row, (text, font) in enumerate(((data.who.name.upper(), Font(bold=True, size=12)),
                                        (f"BẢNG CHẤM ĐIỂM THI ĐUA NĂM {data.year}", Font(bold=True, size=14))),
                                       start=1):
        ws.merge_cells(f"A{row}:{last}{row}")
        cell = ws.cell(row=row, column=1, value=text)
        cell.font = font
        cell.alignment = Alignment(horizontal="center")
    ws.cell(row=4, column=1, value=f"Đơn vị: {unit.name}").font = BOLD
    row = 6
    _header_row(ws, row, columns)
    ws.row_dimensions[row].height = 32
    scores = ECONOMY_SCORES[unit.code]
    office = scores.get("office", {})
    assert isinstance(office, dict)
    block, own, excess = _economy_scores(unit.code)
    group = None
    for number, crit in enumerate(ECONOMY_CRITERIA, start=1):
        code, _, maximum, _, crit_group, method, _ = crit
        if crit_group != group:
            group = crit_group
            row += 1
            ws.cell(row=row, column=col["Nội dung"], value=crit_group).font = BOLD
            for c in range(1, len(columns) + 1):
                ws.cell(row=row, column=c).border = BOX
        row += 1
        given = scores[code]
        assert isinstance(given, tuple)
        values: dict[str, object] = {"STT": number, "Mã tiêu chí": code, "Nội dung": crit[1], "Điểm tối đa": maximum}
        if method in ("Tỷ lệ", "Tỷ lệ giảm"):
            values |= {"Kế hoạch": given[0], "Thực hiện": given[1], "Điểm tự chấm": _shown(own[code])}
            if unit.code != "HQ":  # one unit leaves the block's score to the formula, as the guide allows
                values["Điểm khối chấm"] = _shown(block[code] if code not in office else own[code])
        else:
            values |= {"Điểm tự chấm": given[0], "Điểm khối chấm": given[1]}
        if code in office:
            values["Điểm thẩm định"] = office[code]
        if code == "1.1" and excess:
            values["Ghi chú"] = f"Vượt kế hoạch: thưởng {_shown(excess)} điểm".replace(".", ",")
        for name, value in values.items():
            cell = ws.cell(row=row, column=col[name], value=value)
            cell.alignment = WRAP if name in ("Nội dung", "Ghi chú") else CENTER
        for c in range(1, len(columns) + 1):
            ws.cell(row=row, column=c).border = BOX
    row += 1
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
    ws.cell(row=row, column=1, value="Tổng cộng").font = BOLD
    total = _economy_total(block, excess)
    ws.cell(row=row, column=col["Điểm thẩm định"] if office else col["Điểm khối chấm"], value=_shown(total)).font = BOLD
    for c in range(1, len(columns) + 1):
        ws.cell(row=row, column=c).border = BOX
    row += 2
    ws.cell(row=row, column=len(columns) - 3, value=data.form_date).font = Font(italic=True)
    row += 1
    for text_left, text_right, font in (("NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ", BOLD),
                                        ("(Ký, ghi rõ họ tên)", "(Ký tên, đóng dấu)", Font(italic=True))):
        ws.cell(row=row, column=2, value=text_left).font = font
        ws.cell(row=row, column=len(columns) - 3, value=text_right).font = font
        row += 1
    row += 3
    ws.cell(row=row, column=2, value=unit.clerk).font = BOLD
    ws.cell(row=row, column=len(columns) - 3, value=unit.head).font = BOLD
    _widths(ws, (6, 11, 56, 9, 10, 10, 9, 9, 10, 22))
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.print_options.horizontalCentered = True


def write_formula_block(data: YearData, root: Path) -> list[Path]:
    """``<root>/2025/khoi_kinh_te_ky_thuat/``: khoi.xlsx and one score workbook per unit."""
    folder = root / str(data.year) / data.folder
    stamp = _stamp(data)
    written = [folder / "khoi.xlsx"]
    _save(_economy_khoi(data), written[0], stamp)
    for name, codes in data.who.files:
        wb = Workbook()
        wb.active.title = "Chấm điểm"
        _economy_sheet(wb.active, data.who.by_code[codes[0]], data)
        written.append(folder / "diem" / name)
        _save(wb, written[-1], stamp)
    return written


def main(argv: Sequence[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else REPO_ROOT / "input_samples"
    for data in YEARS + (YEAR_2025_STAFF, YEAR_2025_ASSOCIATIONS):
        for path in write_year(data, root):
            print(path.relative_to(root.parent) if root.parent in path.parents else path)
    for path in write_formula_block(YEAR_2025_ECONOMY, root):
        print(path.relative_to(root.parent) if root.parent in path.parents else path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
