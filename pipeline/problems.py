"""Problems in the input are data: a code, a place staff can find, and a Vietnamese message.

Checks collect problems; a run fails once, with all of them (SPEC §5).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Literal

Severity = Literal["error", "warning"]

# One message template per code. Fields come from the `params` of the problem.
MESSAGES: dict[str, str] = {
    # files
    "file_unreadable": "Không đọc được tệp: {detail}. Hãy mở tệp bằng Excel, kiểm tra rồi lưu lại dạng .xlsx",
    "file_empty": "Tệp rỗng (0 byte). Hãy chép lại tệp đúng từ nơi gửi",
    "file_not_workbook": "Tệp có đuôi {ext} nhưng không phải là bảng tính Excel. Hãy lưu lại đúng định dạng .xlsx",
    "file_password": "Tệp đang đặt mật khẩu nên không đọc được. Hãy mở bằng Excel, gỡ mật khẩu (Tệp › Thông tin › Bảo vệ sổ làm việc) rồi lưu lại",
    "file_too_large": "Tệp quá lớn ({size} MB, tối đa {limit} MB). Bảng chấm điểm thường chỉ vài chục KB: hãy xóa hình ảnh, trang thừa rồi lưu lại",
    "file_old_format": "Không đọc được tệp định dạng {ext}. Hãy mở bằng Excel và lưu lại dạng .xlsx",
    "no_block_file": "Không có tệp khoi.xlsx trong thư mục này. Hãy chép tệp khoi.xlsx của khối vào đây",
    # khoi.xlsx
    "sheet_missing": "Thiếu sheet {sheet_name}. Tệp khoi.xlsx cần các sheet ThongTin, ThanhVien, TieuChi, KhenThuong, NhiemVu",
    "label_missing": "Thiếu dòng {label} (nhãn ở cột A, giá trị ở cột B)",
    "value_missing": "Chưa nhập {label}",
    "column_missing": "Thiếu cột {column} ở dòng tiêu đề (dòng 1)",
    "year_mismatch": "Năm {value} khác với thư mục năm {year}. Hãy sửa lại năm hoặc chép tệp vào đúng thư mục",
    "bad_date": "Ngày hội nghị {value} không đúng dạng. Hãy nhập ngày dạng dd/mm/yyyy, ví dụ 26/12/2019",
    "bad_year": "Năm {value} không phải là một năm. Hãy nhập năm, ví dụ 2020",
    "unknown_unit_ref": "{label} \"{value}\" không phải là đơn vị thành viên (sheet ThanhVien). Hãy nhập mã hoặc tên đúng của một đơn vị thành viên{hint}",
    "duplicate_code": "Mã \"{value}\" bị trùng với dòng {other_row}. Mỗi đơn vị cần một mã riêng",
    "duplicate_name": "Tên đơn vị \"{value}\" bị trùng với dòng {other_row}. Mỗi đơn vị cần một tên riêng",
    "duplicate_criterion": "Mã tiêu chí \"{value}\" bị trùng với dòng {other_row}. Mỗi tiêu chí cần một mã riêng",
    "bad_max": "Điểm tối đa \"{value}\" phải là một số lớn hơn 0",
    "bad_kind": "Loại \"{value}\" không hợp lệ. Hãy để trống hoặc nhập Chấm điểm, Thưởng hoặc Trừ",
    "bad_quota": "Số lượng \"{value}\" không hợp lệ. Hãy nhập một số nguyên (ví dụ 3) hoặc một tỷ lệ phần trăm (ví dụ 30%)",
    "bad_min_score": "Điểm tối thiểu \"{value}\" không phải là một số",
    "bad_priority": "Ưu tiên \"{value}\" phải là một số nguyên từ 1 trở lên",
    "no_members": "Sheet ThanhVien chưa có đơn vị nào",
    "no_criteria": "Sheet TieuChi chưa có tiêu chí nào",
    "no_awards": "Sheet KhenThuong chưa có hình thức khen thưởng nào",
    "no_tasks": "Sheet NhiemVu chưa có nhiệm vụ nào cho năm sau",
    "formula_not_calculated": "Ô có công thức nhưng chưa được tính (tệp do chương trình tạo, chưa mở bằng Excel). Hãy mở tệp bằng Excel, bấm Lưu rồi chạy lại",
    "mojibake": "Chữ \"{value}\" có vẻ gõ bằng bảng mã cũ (TCVN3/VNI). Hãy chuyển sang Unicode (Unikey: Công cụ chuyển mã)",
    # score sheets
    "unit_unknown": "Đơn vị \"{value}\" không có trong danh sách thành viên (khoi.xlsx › ThanhVien){hint}",
    "unit_no_sheet": "Đơn vị {value} chưa có bảng chấm điểm. Hãy chép bảng chấm điểm của đơn vị vào thư mục năm",
    "unit_two_sheets": "Đơn vị {value} có hai bảng chấm điểm: ở đây và ở {other}. Hãy giữ lại một bảng",
    "unit_line_missing": "Bảng chấm điểm không ghi tên đơn vị. Hãy thêm một ô \"Đơn vị: <tên đơn vị>\" phía trên bảng",
    "score_column_missing": "Dòng tiêu đề thiếu cột {column}",
    "criterion_unknown": "Mã tiêu chí \"{value}\" không có trong khoi.xlsx › TieuChi",
    "criterion_missing": "Thiếu dòng cho tiêu chí {value}. Hãy thêm dòng có mã tiêu chí này vào bảng",
    "criterion_repeated": "Mã tiêu chí \"{value}\" đã có ở dòng {other_row}",
    "score_blank": "Chưa nhập {column} cho tiêu chí {criterion}",
    "score_not_number": "{column} \"{value}\" không phải là số (tiêu chí {criterion}). Hãy nhập số, ví dụ 9,5",
    "score_negative": "{column} {value} nhỏ hơn 0 (tiêu chí {criterion})",
    "score_above_max": "{column} {value} vượt điểm tối đa {max} của tiêu chí {criterion}",
    "score_without_code": "Dòng có điểm nhưng không có mã tiêu chí. Hãy ghi mã tiêu chí hoặc xóa điểm",
    "self_blank": "Chưa nhập Điểm tự chấm cho tiêu chí {criterion}; ô này sẽ để trống trong báo cáo",
    "total_differs": "Tổng ghi trong bảng ({value}) khác tổng tính được ({computed}); văn bản dùng tổng tính được",
    "self_far": "Điểm tự chấm {value} chênh lệch nhiều so với Điểm khối chấm {block} (tiêu chí {criterion})",
    "sheet_skipped": "Bỏ qua sheet này: không thấy bảng chấm điểm (dòng tiêu đề có Mã tiêu chí, Điểm tự chấm, Điểm khối chấm)",
    # awards
    "tie_needs_priority": "{count} đơn vị cùng {score} điểm tranh {places} suất {award}: {units}. Hãy nhập cột Ưu tiên (1 = trước) cho các đơn vị này theo kết quả bình xét của hội nghị",
    # templates
    "template_missing": "Không thấy mẫu {value}. Hãy chép lại mẫu vào thư mục templates_docx",
    "template_syntax": "Mẫu có lỗi cú pháp: {detail}",
    "template_unknown_name": "Mẫu dùng trường \"{value}\" mà chương trình không cung cấp. Hãy sửa lại theo danh sách trường trong docs/truong_mau.md",
    "template_render": "Không điền được mẫu: {detail}",
    # usage-level, for a block folder
    "new_year_exists": "Tệp {value} đã có; không ghi đè. Hãy xóa hoặc đổi tên tệp đó nếu muốn tạo lại",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a look) in the input, where staff can find it."""

    code: str
    file: str = ""
    sheet: str = ""
    cell: str = ""
    row: int | None = None
    severity: Severity = "error"
    params: tuple[tuple[str, object], ...] = field(default=(), compare=False)

    @property
    def message(self) -> str:
        return MESSAGES[self.code].format(**dict(self.params))

    @property
    def value(self) -> str:
        return str(dict(self.params).get("value", ""))

    @property
    def place(self) -> str:
        """`diem/stc.xlsx › Chấm điểm › F14`, as far as it is known."""
        where = self.cell or (f"dòng {self.row}" if self.row else "")
        return " › ".join(part for part in (self.file, self.sheet, where) if part)

    def format(self) -> str:
        return f"{self.place}: {self.message}" if self.place else self.message


def problem(
    code: str,
    file: str = "",
    sheet: str = "",
    cell: str = "",
    row: int | None = None,
    severity: Severity = "error",
    **params: object,
) -> Problem:
    if code not in MESSAGES:
        raise KeyError(f"no message for problem code {code!r}")
    made = Problem(code, file, sheet, cell, row, severity, tuple(sorted(params.items())))
    made.message  # fail here, not at print time, if a field is missing
    return made


def warning(code: str, **kwargs: object) -> Problem:
    return problem(code, severity="warning", **kwargs)  # type: ignore[arg-type]


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def warnings(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "warning"]


class InputError(Exception):
    """The input has errors: nothing is written. Carries every problem found."""

    exit_code = 1

    def __init__(self, problems: list[Problem], error_books: list[Path] | None = None) -> None:
        self.problems = problems
        self.error_books = error_books or []
        super().__init__(f"{len(errors(problems))} lỗi trong dữ liệu đầu vào")


class UsageError(Exception):
    """Wrong usage: no such year folder, bad arguments, a file that must not be overwritten."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)
