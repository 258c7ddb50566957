"""Problems in the input are data: a code, a place staff can find, and a Vietnamese message.

Checks collect problems; a run fails once, with all of them (SPEC §5).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Callable, Iterable, Literal, Sequence

Severity = Literal["error", "warning"]


class Step(Enum):
    """What staff can do next: a command of the tool, or an edit of their own."""

    RUN = "run"  # the documents of a year
    CHECK = "check"
    FORMS = "forms"
    BALLOTS = "ballots"
    NEW_YEAR = "new-year"
    PDF = "pdf"
    TEMPLATES = "templates"
    OFFICE = "office"  # install LibreOffice
    REVIEW_GROUNDS = "review-grounds"  # the legal grounds (`CanCu`) carried into `file`, for `year`
    ADD_HISTORY = "add-history"  # the award decisions of `year`, into the `LichSu` of `file`
    VOTE_SHARES = "vote-shares"  # `Tỷ lệ phiếu` in the `KhenThuong` of `file`, if the meeting votes


@dataclass(frozen=True)
class Hint:
    """A next step as data: the command line (cli.py) alone puts it into words, `make …` there.
    `input` is the data folder the command is to read (None: not said)."""

    step: Step
    year: int | None = None
    input: Path | None = None
    file: Path | str | None = None


Words = Callable[[Hint], str]

_OPTIONS = {Step.CHECK: " --check", Step.FORMS: " --forms", Step.BALLOTS: " --ballots", Step.NEW_YEAR: " --new-year",
            Step.PDF: " --pdf"}


def command_line(hint: Hint) -> str:
    """The program's own command for a step (`python -m pipeline 2020 --check`): how a hint reads
    when the library is used without the command line's words (cli.py)."""
    if hint.step is Step.OFFICE:
        return "apt-get install libreoffice-writer-nogui"
    where = f' --input "{hint.input}"' if hint.input is not None else ""
    if hint.step is Step.TEMPLATES:
        return f"python -m pipeline --templates{where}"
    year = f" {hint.year}" if hint.year is not None else " NĂM"
    return f"python -m pipeline{year}{_OPTIONS.get(hint.step, '')}{where}"


Said = Sequence["str | Hint"]  # a text with next steps in it, for a message's field or a UsageError

# One message template per code. Fields come from the `params` of the problem.
MESSAGES: dict[str, str] = {
    # files
    "file_unreadable": "Tệp bị hỏng, không đọc được ({detail}). Hãy mở tệp bằng Excel (Excel có thể đề nghị sửa tệp) rồi lưu lại dạng .xlsx; nếu Excel cũng không mở được, hãy xin lại tệp từ nơi gửi",
    "file_empty": "Tệp rỗng (0 byte), không có dữ liệu. Hãy chép lại tệp từ nơi gửi",
    "file_not_workbook": "Tệp có đuôi {ext} nhưng không phải là bảng tính Excel{kind}. Hãy mở tệp bằng Excel rồi lưu lại dạng .xlsx (Tệp › Lưu thành › Sổ làm việc Excel), hoặc xin lại tệp đúng",
    "file_password": "Tệp đang đặt mật khẩu mở nên chương trình không đọc được (tệp không bị hỏng). Hãy mở bằng Excel, gỡ mật khẩu (Tệp › Thông tin › Bảo vệ sổ làm việc › Mã hóa bằng mật khẩu, xóa mật khẩu) rồi lưu lại",
    "file_too_large": "Tệp quá lớn ({size} MB, tối đa {limit} MB). Bảng chấm điểm thường chỉ vài chục KB: hãy xóa hình ảnh, sheet thừa rồi lưu lại",
    "file_old_format": "Không đọc được tệp định dạng {ext} ({detail}). Hãy mở tệp bằng Excel và lưu lại dạng .xlsx",
    "file_no_access": "Không mở được tệp: tệp đang mở trong chương trình khác hoặc không có quyền đọc. Hãy đóng tệp rồi chạy lại",
    "book_empty": "Tệp không có dữ liệu (mọi sheet đều trống); đã bỏ qua tệp này",
    "no_block_file": "Không có tệp khoi.xlsx trong thư mục {folder}{hint}",
    # khoi.xlsx
    "sheet_missing": "Thiếu sheet {sheet_name}{hint}. Tệp khoi.xlsx cần các sheet ThongTin, ThanhVien, TieuChi, KhenThuong, NhiemVu",
    "label_missing": "Thiếu dòng {label}{hint}",
    "value_missing": "Chưa nhập {label} (thông tin bắt buộc)",
    "column_misnamed": "Cột \"{value}\" gần giống cột {column} nhưng không đúng tên, nên chương trình chưa đọc cột này (coi như bỏ trống). Hãy sửa tên cột thành {column}",
    "column_missing": "Dòng tiêu đề (dòng 1) thiếu cột {column}{hint}",
    "year_mismatch": "Năm {value} khác với thư mục năm {year}. Hãy sửa Năm thành {year}, hoặc chép các tệp vào thư mục {value}",
    "bad_date": "Ngày hội nghị \"{value}\" không phải là ngày. Hãy nhập dạng ngày/tháng/năm, ví dụ 26/12/2020",
    "bad_year": "Năm \"{value}\" không phải là một năm. Hãy nhập năm bằng 4 chữ số, ví dụ 2020",
    "unknown_unit_ref": "{label} \"{value}\" không phải là đơn vị thành viên. Hãy nhập mã hoặc tên đúng của một đơn vị trong sheet ThanhVien{hint}",
    "deputy_is_leader": "{label} \"{value}\" trùng với {leader}. Hãy ghi một đơn vị khác, hoặc để trống nếu không có {label}",
    "barred_not_text": "Cột Không đủ điều kiện có giá trị {value}. Hãy ghi lý do bằng chữ (ví dụ: Có công chức bị kỷ luật cảnh cáo), hoặc để trống nếu đơn vị đủ điều kiện",
    "grounds_file": "Không đọc được danh sách căn cứ mặc định: {detail}. Hãy sửa dòng này theo hướng dẫn ở đầu tệp",
    "duplicate_code": "Mã \"{value}\" bị trùng với dòng {other_row}. Mỗi đơn vị cần một mã riêng",
    "duplicate_name": "Tên đơn vị \"{value}\" bị trùng với dòng {other_row}. Mỗi đơn vị cần một tên riêng",
    "duplicate_criterion": "Mã tiêu chí \"{value}\" bị trùng với dòng {other_row}. Mỗi tiêu chí cần một mã riêng",
    "max_too_large": "Điểm tối đa quá lớn (hơn {limit} điểm cho một tiêu chí), có lẽ gõ nhầm. Hãy nhập đúng điểm tối đa của tiêu chí, ví dụ 10",
    "bad_max": "Điểm tối đa \"{value}\" không hợp lệ: hãy nhập một số lớn hơn 0, ví dụ 10",
    "bad_kind": "Loại \"{value}\" không hợp lệ. Hãy để trống hoặc nhập Chấm điểm, Thưởng hoặc Trừ",
    "bad_method": "Cách chấm \"{value}\" không hợp lệ. Hãy để trống (điểm ghi trực tiếp) hoặc nhập Tỷ lệ, Tỷ lệ giảm hoặc Xếp loại",
    "method_not_scored": "Cách chấm {value} chỉ dùng cho tiêu chí Chấm điểm; điểm thưởng, điểm trừ ghi trực tiếp. Hãy để trống Cách chấm hoặc sửa Loại thành Chấm điểm",
    "bad_grade_share": "Loại {grade} \"{value}\" không hợp lệ. Hãy nhập tỷ lệ phần trăm của điểm tối đa từ 0% đến 100% (ví dụ 75%), hoặc để trống (mặc định {default})",
    "grade_shares_order": "Loại {grade} được {value} điểm tối đa, nhiều hơn loại {better} ({other}). Hãy ghi tỷ lệ giảm dần từ A đến D",
    "share_unused": "Cột {column} chỉ dùng cho tiêu chí chấm theo {wanted}; tiêu chí ở dòng này chấm theo {method} nên số ghi ở đây không được dùng (có thể đã ghi nhầm dòng: tiêu chí cần nó vẫn theo mặc định). Hãy ghi vào đúng dòng hoặc xóa ô này",
    "excess_cap_unclear": "Thưởng vượt tối đa ghi 1: không rõ là 1% hay 100% điểm tối đa. Hãy ghi kèm dấu %, ví dụ 1% hoặc 100% (thường là 10%)",
    "bad_excess_cap": "Thưởng vượt tối đa \"{value}\" không hợp lệ. Hãy nhập tỷ lệ phần trăm của điểm tối đa từ 0% đến 100% (ví dụ 10%), hoặc để trống (mặc định 10%)",
    "bad_bonus_cap": "Điểm thưởng tối đa \"{value}\" không phải là số lớn hơn 0. Hãy nhập số điểm (ví dụ 20), hoặc để trống nếu tổng điểm thưởng không bị giới hạn",
    "bad_quota": "Số lượng \"{value}\" không hợp lệ. Hãy nhập một số nguyên (ví dụ 3) hoặc một tỷ lệ phần trăm của số đơn vị thành viên (ví dụ 30%)",
    "duplicate_award": "Hình thức khen thưởng \"{value}\" bị trùng với dòng {other_row}. Mỗi hình thức chỉ ghi một dòng, với số lượng của nó",
    "bad_vote_share": "Tỷ lệ phiếu \"{value}\" không hợp lệ. Hãy nhập một tỷ lệ phần trăm từ 1% đến 100% (ví dụ 80%), hoặc để trống nếu hình thức này không cần bỏ phiếu",
    "bad_min_score": "Điểm tối thiểu \"{value}\" không phải là số. Hãy nhập số (ví dụ 90) hoặc để trống",
    "bad_priority": "Ưu tiên \"{value}\" không hợp lệ. Hãy nhập số nguyên từ 1 trở lên (1 = được xét trước) hoặc để trống",
    "no_members": "Sheet ThanhVien chưa có đơn vị nào. Hãy nhập mỗi đơn vị thành viên một dòng, dưới dòng tiêu đề",
    "no_criteria": "Sheet TieuChi chưa có tiêu chí nào. Hãy nhập mỗi tiêu chí chấm điểm một dòng, dưới dòng tiêu đề",
    "no_awards": "Sheet KhenThuong chưa có hình thức khen thưởng nào. Hãy nhập mỗi hình thức một dòng, cao nhất trước",
    "no_tasks": "Sheet NhiemVu chưa có nhiệm vụ nào cho năm sau. Hãy nhập mỗi nhiệm vụ một dòng ở cột Nội dung",
    "new_year_marker": "Còn dòng nhắc do {command} để lại: «{value}». Hãy ghi {what} rồi xóa dòng này; chưa lập văn bản nào, để không in dòng nhắc hay nội dung của năm trước",
    "secretary_blank": "Chưa ghi Thư ký cuộc họp bình xét: biên bản để trống họ tên thư ký để ghi tay. Nếu muốn in sẵn, hãy ghi họ tên, chức vụ ở cột B của dòng Thư ký trong sheet ThongTin (chưa có dòng này thì thêm: Thư ký ở cột A)",
    "bad_meeting_time": "Giờ họp \"{value}\" không phải là một giờ trong ngày. Hãy ghi giờ bắt đầu cuộc họp bình xét, ví dụ 8 giờ 30 hoặc 08:30, hoặc để trống",
    "chair_not_present": "Chưa ghi Chủ trì cuộc họp bình xét, nên biên bản sẽ ghi Thủ trưởng đơn vị Trưởng khối ({unit}) chủ trì; nhưng cột Dự họp của đơn vị này ghi \"{attendance}\". Hãy thêm dòng Chủ trì (cột A) với họ tên, chức vụ người đã chủ trì (cột B) trong sheet ThongTin",
    "nobody_attended": "Cột Dự họp ghi mọi đơn vị vắng mặt: biên bản sẽ ghi một cuộc họp không có đơn vị nào dự. Hãy ghi lại cột Dự họp (để trống nếu Thủ trưởng đơn vị dự họp)",
    "person_not_text": "{label} \"{value}\" không phải là chữ. Hãy ghi {what}",
    "section_without_heading": "Dòng này có Nội dung nhưng chưa thuộc mục nào. Hãy ghi tên mục (ví dụ Ưu điểm) ở cột Mục của dòng này hoặc của một dòng phía trên",
    "section_empty": "Mục \"{value}\" chưa có nội dung; báo cáo chỉ in tên mục. Hãy ghi các đoạn văn ở cột Nội dung, mỗi đoạn một dòng",
    # LichSu, ThanhTich, the members' particulars (achievement reports)
    "bad_email": "Email \"{value}\" có vẻ không đúng dạng (ví dụ vanphong@bacgiang.gov.vn); báo cáo thành tích in như đã ghi. Hãy kiểm tra lại",
    "history_unit_not_member": "Đơn vị \"{value}\" không phải là thành viên của khối (có thể đã chuyển khối), nên dòng này không vào báo cáo thành tích{hint}",
    "history_bad_kind": "Loại \"{value}\" không hợp lệ. Hãy ghi Danh hiệu (danh hiệu thi đua, ví dụ Tập thể lao động xuất sắc, Cờ thi đua của UBND tỉnh) hoặc Hình thức (hình thức khen thưởng, ví dụ Bằng khen của Chủ tịch UBND tỉnh)",
    "history_bad_year": "Năm \"{value}\" không phải là một năm. Hãy ghi năm được khen thưởng bằng 4 chữ số, ví dụ 2023",
    "history_year_after": "Năm {value} sau năm đánh giá {year}: lịch sử khen thưởng chỉ ghi các quyết định đã có, của năm {year} trở về trước. Hãy sửa năm, hoặc xóa dòng này",
    "history_year_beyond": "Năm {value} sau năm mới nhất có thư mục dữ liệu ({year}), có thể gõ nhầm. Hãy sửa năm được khen thưởng",
    "history_bad_date": "Ngày \"{value}\" không phải là ngày. Hãy ghi ngày ký quyết định dạng ngày/tháng/năm, ví dụ 15/01/2024, hoặc để trống",
    "account_many_units": "Tệp này có bảng chấm điểm của nhiều đơn vị ({value}) nên không biết sheet ThanhTich là của đơn vị nào. Hãy chép sheet ThanhTich vào tệp bảng chấm điểm riêng của đơn vị",
    "account_unit_unknown": "Bảng chấm điểm trong tệp ghi đơn vị \"{value}\" không có trong danh sách thành viên, nên không biết sheet ThanhTich là của đơn vị nào. Hãy sửa dòng Đơn vị của bảng chấm điểm trong tệp này",
    "account_no_unit": "Tệp này không có bảng chấm điểm nên không biết sheet ThanhTich là của đơn vị nào. Hãy chép sheet ThanhTich vào tệp bảng chấm điểm của đơn vị",
    "report_form_file": "Không đọc được tệp mẫu báo cáo thành tích: {detail}. Hãy sửa theo hướng dẫn ở đầu tệp",
    "history_sheet_missing": "Tệp lịch sử khen thưởng chung không có sheet LichSu. Hãy đặt tên sheet là LichSu (cột Năm, Đơn vị, Loại, Tên, Số quyết định, Ngày, Cơ quan ban hành)",
    "account_twice": "Đơn vị {value} có hai sheet ThanhTich: ở đây và ở {other}. Hãy giữ lại một",
    "formula_not_calculated": "Ô có công thức nhưng chưa có kết quả (tệp do chương trình khác tạo ra, chưa mở bằng Excel). Hãy mở tệp bằng Excel, bấm Lưu rồi chạy lại",
    "formula_error": "Công thức trong ô cho kết quả lỗi {value}. Hãy sửa công thức hoặc nhập trực tiếp giá trị",
    "mojibake": "\"{value}\" có vẻ được gõ bằng bảng mã cũ (TCVN3/VNI) nên sẽ hiện sai dấu trong văn bản. Hãy chuyển sang Unicode (Unikey › Công cụ chuyển mã: nguồn TCVN3 hoặc VNI, đích Unicode)",
    # score sheets
    "unit_unknown": "Đơn vị \"{value}\" không có trong danh sách thành viên. Hãy ghi đúng tên hoặc mã của đơn vị như trong khoi.xlsx › ThanhVien{hint}",
    "unit_no_sheet": "Đơn vị {value} chưa có bảng chấm điểm{hint}",
    "unit_two_sheets": "Đơn vị {value} có hai bảng chấm điểm: ở đây và ở {other}. Hãy giữ lại một bảng, hoặc sửa dòng Đơn vị nếu ghi nhầm đơn vị",
    "unit_line_missing": "Không thấy ô ghi tên đơn vị phía trên bảng điểm. Hãy thêm một ô \"Đơn vị: <tên đơn vị>\" phía trên dòng tiêu đề",
    "unit_name_blank": "Chưa ghi tên đơn vị sau \"Đơn vị:\". Hãy ghi tên hoặc mã đơn vị, ví dụ \"Đơn vị: Sở Tài chính\"",
    "score_column_missing": "Dòng tiêu đề của bảng điểm thiếu cột {column}. Hãy thêm cột này, ghi đúng tên {column} ở dòng tiêu đề",
    "criterion_unknown": "Mã tiêu chí \"{value}\" không có trong khoi.xlsx › TieuChi{hint}",
    "criterion_missing": "Bảng điểm thiếu dòng cho tiêu chí {value}. Hãy thêm dòng có mã {value} ở cột Mã tiêu chí, kèm điểm",
    "criterion_repeated": "Mã tiêu chí \"{value}\" đã có ở dòng {other_row}. Mỗi tiêu chí chỉ chấm một lần: hãy xóa dòng thừa hoặc sửa mã",
    "score_blank": "Chưa nhập {column} cho tiêu chí {criterion}. Hãy nhập điểm (0 nếu không có điểm)",
    "score_blank_no_method": "Chưa nhập {column} cho tiêu chí {criterion}. Dòng này có Kế hoạch và Thực hiện nhưng ở sheet TieuChi (khoi.xlsx) tiêu chí {criterion} không có Cách chấm (hoặc cột đó không mang đúng tên Cách chấm), nên điểm không được tính từ hai số này. Nếu chấm theo tỷ lệ, hãy ghi Tỷ lệ (hoặc Tỷ lệ giảm) vào cột Cách chấm của tiêu chí; nếu không, hãy nhập điểm",
    "grade_without_method": "{column} \"{value}\" là một loại, nhưng ở sheet TieuChi (khoi.xlsx) tiêu chí {criterion} không có Cách chấm Xếp loại (hoặc cột đó không mang đúng tên Cách chấm), nên ô này phải là số điểm. Nếu chấm theo loại, hãy ghi Xếp loại vào cột Cách chấm của tiêu chí; nếu không, hãy nhập số điểm",
    "score_not_number": "{column} \"{value}\" không phải là số (tiêu chí {criterion}){hint}",
    "score_negative": "{column} {value} nhỏ hơn 0 (tiêu chí {criterion}){hint}",
    "score_above_max": "{column} {value} vượt điểm tối đa {max} của tiêu chí {criterion}",
    "cell_in_merged_area": "Ô {here} nằm trong vùng ô gộp {area}: giá trị nhìn thấy ở đó chỉ thuộc ô đầu {first}, ô {here} vẫn trống. Hãy bỏ gộp ô (Merge & Center) rồi ghi giá trị vào từng ô",
    "score_column_twice": "Dòng tiêu đề của bảng điểm có hai cột {column} (ô {first} và ô này); chương trình không biết số của cột nào là đúng. Hãy xóa cột thừa hoặc đổi tên nó (ví dụ thành Ghi chú)",
    "formula_column_missing": "Tiêu chí {criterion} chấm theo {method} (điểm tính từ Kế hoạch và Thực hiện) nhưng dòng tiêu đề của bảng điểm thiếu cột {column}. Hãy thêm cột {column} vào dòng tiêu đề và ghi số của đơn vị (phiếu chấm điểm mới: {command})",
    "figure_blank": "Chưa nhập {column} cho tiêu chí {criterion} (chấm theo {method}, điểm tính từ Kế hoạch và Thực hiện). Hãy nhập số",
    "figure_not_number": "{column} \"{value}\" không phải là số (tiêu chí {criterion}){hint}",
    "figure_negative": "{column} {value} nhỏ hơn 0 (tiêu chí {criterion}). Hãy nhập số từ 0 trở lên",
    "figures_percent_mixed": "{column} ghi số {value} còn {other} ghi dạng phần trăm {other_value} (tiêu chí {criterion}): hai ô phải cùng một dạng, nếu không tỷ lệ Thực hiện so với Kế hoạch sai hàng trăm lần. Hãy ghi cả hai dạng phần trăm (ví dụ 95%) hoặc cả hai dạng số",
    "plan_zero": "Kế hoạch của tiêu chí {criterion} bằng 0 nên không tính được tỷ lệ Thực hiện so với Kế hoạch. Hãy nhập chỉ tiêu kế hoạch lớn hơn 0",
    "grade_blank": "Chưa ghi {column} cho tiêu chí {criterion} (chấm theo Xếp loại). Hãy ghi A, B, C hoặc D",
    "bad_grade": "{column} \"{value}\" không phải là một loại (tiêu chí {criterion} chấm theo Xếp loại). Hãy nhập A, B, C hoặc D",
    "formula_differs": "Điểm khối chấm {value} khác điểm tính theo cách chấm {method} của tiêu chí {criterion} ({formula}: {how}); văn bản dùng điểm tính theo công thức. Hãy kiểm tra lại Kế hoạch, Thực hiện, hoặc xóa Điểm khối chấm",
    "score_without_code": "Dòng có điểm nhưng không có mã tiêu chí. Hãy ghi mã tiêu chí ở cột Mã tiêu chí hoặc xóa điểm; nếu đây là dòng tổng, hãy ghi \"Tổng cộng\" ở ô đầu dòng",
    "self_blank": "Chưa nhập Điểm tự chấm cho tiêu chí {criterion}; tổng tự chấm của đơn vị sẽ để trống trong báo cáo",
    "total_differs": "Tổng {column} ghi trong bảng ({value}) khác tổng tính được ({computed}); văn bản dùng tổng tính được",
    "self_far": "Điểm tự chấm {value} chênh nhiều so với Điểm khối chấm {block} (tiêu chí {criterion}, điểm tối đa {max}); hãy kiểm tra lại",
    "sheet_skipped": "Bỏ qua sheet này: không thấy bảng chấm điểm (dòng tiêu đề có Mã tiêu chí, Điểm tự chấm, Điểm khối chấm){hint}",
    # the review meeting's count (BoPhieu)
    "ballot_no_unit_column": "Sheet BoPhieu chưa có dòng tiêu đề với ô Đơn vị. Dòng tiêu đề của bảng (dòng 1, hoặc dưới phần tiêu đề và số phiếu) cần ô Đơn vị, rồi mỗi hình thức khen thưởng cần bỏ phiếu một cột, ghi đúng tên như ở sheet KhenThuong",
    "ballot_unknown_form": "Cột \"{value}\" không phải là hình thức khen thưởng nào trong sheet KhenThuong. Hãy ghi đúng tên hình thức ({forms}) hoặc xóa cột này",
    "ballot_repeated_form": "Hình thức {value} đã có cột ở ô {other}. Mỗi hình thức chỉ một cột",
    "ballot_unit_blank": "Dòng có số phiếu nhưng chưa ghi đơn vị. Hãy ghi mã hoặc tên đơn vị ở cột Đơn vị",
    "ballot_unknown_unit": "Đơn vị \"{value}\" không có trong danh sách thành viên (sheet ThanhVien){hint}",
    "ballot_repeated_unit": "Đơn vị {value} đã có số phiếu ở dòng {other_row}. Mỗi đơn vị chỉ một dòng",
    "ballot_bad_votes": "Số phiếu đồng ý \"{value}\" của {unit} cho {form} không hợp lệ: hãy nhập số nguyên từ 0 đến {members} (số đơn vị thành viên), hoặc để trống nếu đơn vị không được đề cử hình thức này",
    "ballot_missing": "Hình thức {value} cần bỏ phiếu (Tỷ lệ phiếu {share}) nhưng chưa có sheet BoPhieu{hint}. Sau khi hội nghị bỏ phiếu, hãy chép bảng kiểm phiếu (sheet BoPhieu, tạo bằng {command}) vào thư mục của khối, hoặc thêm sheet BoPhieu vào khoi.xlsx",
    "no_vote_forms": "Không hình thức khen thưởng nào cần bỏ phiếu (cột Tỷ lệ phiếu của sheet KhenThuong đang trống), nên không cần phiếu bầu. Nếu hội nghị bỏ phiếu, hãy ghi Tỷ lệ phiếu (ví dụ 80%) cho các hình thức đó",
    "ballot_form_no_candidate": "Không đơn vị nào có thể được đề nghị {value} (các đơn vị đều không đủ điều kiện hoặc chưa đạt Điểm tối thiểu), nên phiếu bầu và bảng kiểm phiếu không có hình thức này",
    "no_ballot_candidates": "Không đơn vị nào có thể được đề nghị các hình thức cần bỏ phiếu ({forms}): các đơn vị đều không đủ điều kiện hoặc chưa đạt Điểm tối thiểu, nên không có gì để bầu. Hãy kiểm tra cột Không đủ điều kiện (sheet ThanhVien) và Điểm tối thiểu (sheet KhenThuong)",
    "ballot_sheet_misnamed": "Sheet này có vẻ là bảng kiểm phiếu nhưng không mang đúng tên nên chưa được đọc. Hãy đổi tên sheet thành BoPhieu (chuột phải vào tên sheet › Đổi tên)",
    "ballot_form_unvoted": "Bảng kiểm phiếu chưa có số phiếu nào cho {value} (hình thức cần Tỷ lệ phiếu {share}): có thể bảng được chép vào trước khi ghi số phiếu. Hãy ghi số phiếu đồng ý của từng đơn vị được đề cử vào cột {value} (ghi 0 nếu đơn vị không được phiếu nào) rồi chạy lại",
    "ballot_two": "Khối có hai sheet BoPhieu: ở đây và ở {other}. Hãy giữ lại một bảng kiểm phiếu",
    # awards
    "tie_needs_priority": "{count} đơn vị cùng {score} điểm nhưng chỉ còn {places} suất {award}{note}: {units}. {action}",
    "no_narrative": "Chưa có sheet TongKet: báo cáo tổng kết chỉ có kết quả chấm điểm, xếp hạng, đề nghị khen thưởng và nhiệm vụ năm sau, chưa có phần đánh giá của Khối. Hãy thêm sheet TongKet với hai cột Mục và Nội dung (ví dụ Mục: Ưu điểm; Nội dung: mỗi đoạn văn một dòng)",
    "meeting_time_blank": "Chưa ghi Giờ họp (giờ bắt đầu cuộc họp bình xét): biên bản để dòng chấm để ghi tay. Nếu muốn in sẵn, hãy ghi giờ bắt đầu, ví dụ 8 giờ 30 hoặc 08:30, ở cột B của dòng Giờ họp trong sheet ThongTin (chưa có dòng này thì thêm: Giờ họp ở cột A)",
    "end_time_blank": "Chưa ghi Giờ kết thúc cuộc họp bình xét: biên bản để dòng chấm để ghi tay. Nếu muốn in sẵn, hãy ghi giờ kết thúc, ví dụ 11 giờ 15 hoặc 11:15, ở cột B của dòng Giờ kết thúc trong sheet ThongTin (chưa có dòng này thì thêm: Giờ kết thúc ở cột A)",
    "bad_end_time": "Giờ kết thúc \"{value}\" không phải là một giờ trong ngày. Hãy ghi giờ kết thúc cuộc họp bình xét, ví dụ 11 giờ 15 hoặc 11:15, hoặc để trống",
    "bad_ballot_count": "{label} \"{value}\" không hợp lệ. Hãy nhập số nguyên từ 0 trở lên, hoặc để trống",
    "bad_vote_method": "Hình thức biểu quyết \"{value}\" không phải là chữ. Hãy ghi cách Hội nghị biểu quyết các hình thức không bỏ phiếu kín, ví dụ Giơ tay, hoặc để trống",
    "ballot_count_over_members": "Số phiếu phát ra {value} nhiều hơn số đơn vị thành viên ({members}). Mỗi đơn vị thành viên một phiếu: hãy kiểm tra lại",
    "ballot_count_order": "{label} {value} nhiều hơn {other_label} ({other}). Số phiếu phát ra ≥ số phiếu thu về ≥ số phiếu hợp lệ: hãy kiểm tra lại",
    "ballot_count_differs": "{label} ghi {value} ở đây nhưng ghi {other} ở {where}. Hãy sửa cho khớp, hoặc chỉ ghi ở một nơi",
    "ballot_votes_over_voters": "{unit} được {value} phiếu đồng ý cho {form}, nhiều hơn số đơn vị tham gia biểu quyết ({voters}: {present} đơn vị dự họp, {written} đơn vị vắng có ý kiến bằng văn bản). Hãy kiểm tra lại số phiếu, hoặc cột Dự họp của sheet ThanhVien (đơn vị vắng mà có ý kiến bằng văn bản: ghi Vắng, có ý kiến bằng văn bản)",
    "ballot_votes_over_valid": "{unit} được {value} phiếu đồng ý cho {form}, nhiều hơn số phiếu hợp lệ ({valid}). Hãy kiểm tra lại số phiếu đồng ý hoặc Số phiếu hợp lệ",
    "ballot_record_blank": "Hội nghị có bỏ phiếu kín nhưng chưa ghi {missing}: biên bản để dòng chấm để ghi tay. Nếu muốn in sẵn, hãy ghi các dòng đó trong sheet ThongTin (số phiếu có thể ghi ở các ô Số phiếu phát ra, Số phiếu thu về, Số phiếu hợp lệ của bảng kiểm phiếu)",
    "vote_method_blank": "Chưa ghi Hình thức biểu quyết cho các hình thức khen thưởng không bỏ phiếu kín ({forms}): biên bản để dòng chấm để ghi tay. Nếu Hội nghị biểu quyết giơ tay và các đơn vị dự họp đều nhất trí, hãy thêm dòng Hình thức biểu quyết (cột A), ghi Giơ tay (cột B) trong sheet ThongTin; nếu không nhất trí hết, hãy ghi số phiếu vào bảng kiểm phiếu (sheet BoPhieu)",
    "bad_women_share": "Tỷ lệ nữ \"{value}\" không phải là một tỷ lệ. Hãy nhập tỷ lệ nữ của tập thể từ 0% đến 100% (ví dụ 72%), hoặc để trống",
    "tie_women_unknown": "Các đơn vị đồng điểm tranh suất {award} được phân định khi {units} chưa ghi Tỷ lệ nữ. Theo {ground}, tập thể có tỷ lệ nữ từ {share}% trở lên được xét trước: nếu đơn vị nào đạt, hãy ghi cột Tỷ lệ nữ của đơn vị đó trong sheet ThanhVien rồi chạy lại",
    "tie_rule_file": "Không đọc được quy định ưu tiên khi đồng điểm: {detail}. Hãy sửa dòng này theo hướng dẫn ở đầu tệp",
    # the year before (SPEC §2.4) and the province's view across blocks
    "year_before_unreadable": "Dữ liệu năm {year} của khối có {count} lỗi nên báo cáo không so sánh với năm {year} (không có cột Hạng năm {year}); lỗi đầu tiên: {first}. Các văn bản năm nay vẫn được lập; muốn so sánh, hãy sửa dữ liệu năm {year} (xem mọi lỗi: {command})",
    "government_flags_over": "Các khối đề nghị {count} Cờ thi đua của Chính phủ ({value}) trên {blocks} khối thi đua của tỉnh, nhiều hơn {share}% số khối (tối đa {allowed}) theo hướng dẫn của Bộ Nội vụ. Khi trình Chính phủ, hãy chọn lại trong các đề nghị này (sheet KiemTra và DeNghi của tệp tổng hợp)",
    "unit_in_two_blocks": "Đơn vị \"{value}\" có trong cả {block} ({file_here}) và {other_block} ({other_file}). Một đơn vị chỉ thuộc một khối thi đua: hãy kiểm tra lại sheet ThanhVien của hai khối",
    "next_leader_in_two_blocks": "Đơn vị \"{value}\" là Trưởng khối năm sau của cả {block} ({file_here}) và {other_block} ({other_file}). Hãy kiểm tra lại dòng Trưởng khối năm sau của hai khối",
    # templates
    "template_missing": "Không thấy mẫu {value}. Hãy cài lại chương trình, hoặc chép lại mẫu vào thư mục templates_docx",
    "template_syntax": "Mẫu có lỗi cú pháp: {detail}",
    "template_unknown_name": "Mẫu dùng trường \"{value}\" mà chương trình không cung cấp. Hãy sửa lại theo danh sách trường trong docs/truong_mau.md",
    "template_unsafe": "Mẫu dùng cú pháp không được phép ({detail}). Trong mẫu chỉ dùng các trường ghi trong docs/truong_mau.md",
    "template_render": "Không điền được mẫu: {detail}",
    "template_not_docx": "Mẫu không phải văn bản Word (.docx). Hãy mở bằng Word hoặc LibreOffice rồi Lưu thành (Save As) kiểu Word Document (.docx), giữ nguyên tên tệp",
    "template_damaged": "Mẫu bị hỏng, không đọc được ({detail}). Hãy mở bằng Word (Word có thể đề nghị sửa tệp) rồi lưu lại, hoặc chép lại mẫu mặc định bằng {command}",
    "template_too_many_parts": "Mẫu có {count} phần bên trong (một văn bản Word chỉ có vài chục, tối đa {limit}); đây không phải mẫu văn bản thông thường. Hãy chép lại mẫu mặc định bằng {command} rồi sửa lại câu chữ",
    "template_too_large": "Mẫu quá lớn ({size} MB, tối đa {limit} MB). Mẫu văn bản chỉ vài trăm KB: hãy xóa hình ảnh lớn rồi lưu lại",
    "template_outside": "Mẫu là một liên kết (shortcut) trỏ ra ngoài thư mục dữ liệu ({value}); chương trình không đọc mẫu ở ngoài thư mục dữ liệu. Hãy chép chính tệp mẫu vào thư mục mau",
    "staff_folder_not_folder": "Đây là một tệp (hoặc liên kết), không phải thư mục, nên các mẫu của văn phòng không được đọc từ đây; văn bản được lập theo mẫu mặc định. Nếu muốn dùng mẫu riêng, hãy đổi tên hoặc xóa tệp này, tạo thư mục mau rồi đặt các mẫu Word vào đó",
    "template_not_file": "Có một thư mục hoặc tệp đặc biệt mang tên mẫu này. Hãy xóa nó, hoặc đặt tệp mẫu Word (.docx) vào đúng chỗ",
    "template_field_missing": "Mẫu của văn phòng không dùng trường \"{value}\" mà mẫu mặc định của phiên bản này dùng (có thể là nội dung mới): văn bản lập từ mẫu này sẽ không có nội dung đó. Nếu cần, hãy chép đoạn có trường này từ mẫu mặc định (templates_docx/{default}) vào mẫu của văn phòng",
    "template_tag_alone": "Thẻ {value} phải đứng riêng một {where}: phần chữ khác trong {where} đó sẽ bị mất khi lập văn bản. Hãy chuyển phần chữ khác sang {where} bên cạnh",
    "template_tag_split": "Thẻ {value} bị tách thành nhiều đoạn định dạng khác nhau (ví dụ một phần in đậm): chương trình vẫn đọc được nhưng cả thẻ sẽ lấy định dạng của phần đầu. Hãy gõ lại cả thẻ với cùng một định dạng",
    "template_layout": "Mẫu chưa đúng thể thức văn bản hành chính (Nghị định 30/2020/NĐ-CP): {detail}",
    "template_limit": "Mẫu đòi quá nhiều thời gian hoặc bộ nhớ ({detail}). Hãy bỏ phần vừa sửa trong mẫu, chỉ dùng các trường ghi trong docs/truong_mau.md",
    # hostile and damaged input: limits that keep a run to seconds and a few hundred MB
    "file_inflates": "Tệp nén chứa dữ liệu giải nén ra quá lớn ({size} MB, tối đa {limit} MB); đây không phải bảng chấm điểm bình thường (có thể là tệp độc hại). Hãy mở bằng Excel, chép riêng bảng điểm sang một tệp mới rồi lưu lại, hoặc xin lại tệp từ nơi gửi",
    "file_swollen": "Một phần của tệp nén giải nén ra {size} MB, gấp hơn {ratio} lần khi nén: bảng tính thật không nén được như vậy (có thể là tệp độc hại). Hãy mở bằng Excel, chép riêng bảng điểm sang một tệp mới rồi lưu lại, hoặc xin lại tệp từ nơi gửi",
    "table_too_long": "Bảng có hơn {limit} dòng dữ liệu (từ dòng này trở đi là thừa). Một khối chỉ có vài chục đơn vị, tiêu chí, nhiệm vụ: hãy xóa các dòng thừa hoặc dữ liệu dán nhầm",
    "file_too_many_cells": "Tệp có quá nhiều ô chứa dữ liệu (hơn {limit} ô). Bảng chấm điểm chỉ cần vài trăm ô: hãy xóa các sheet và các vùng dữ liệu thừa, hoặc chép riêng bảng điểm sang một tệp mới",
    "sheet_spread": "Sheet có dữ liệu ở ô {value}, rải rác quá xa bảng (quá nhiều ô cần đọc). Hãy xóa nội dung các ô thừa ngoài bảng (chọn các cột/dòng thừa, bấm Delete) rồi lưu lại",
    "more_faulty_rows": "Còn {count} dòng lỗi khác trong sheet này (mã tiêu chí không có, lặp lại hoặc điểm không có mã); chỉ liệt kê {listed} dòng đầu. Có thể bảng bị dán nhầm: hãy xóa các dòng thừa",
    "marked_copy_skipped": "Không tạo bản sao tô đỏ cho tệp này vì tệp quá lớn (hơn {limit} MB khi giải nén, thường do định dạng cả nghìn dòng trống): hãy sửa theo danh sách lỗi ở trên",
    "marked_copy_taken": "Không tạo bản sao tô đỏ vì đã có tệp {value} không do chương trình tạo (không ghi đè tệp của văn phòng): hãy sửa theo danh sách lỗi ở trên",
    "marked_copy_partial": "Bản sao tô đỏ chỉ đánh dấu {marked} ô lỗi đầu tiên; còn {count} lỗi khác chỉ có trong danh sách ở trên",
    "block_folder_same_name": "Thư mục khối này và thư mục {value} chỉ khác nhau chữ hoa, chữ thường: trên Windows và macOS đó là một thư mục, văn bản của khối này sẽ ghi đè văn bản của khối kia. Hãy đổi tên một thư mục cho khác hẳn (ví dụ khoi_van_hoa_xa_hoi)",
    "block_file_twice": "Thư mục có hai tệp khoi.xlsx chỉ khác chữ hoa, chữ thường (tệp này và {value}); chương trình không biết dùng tệp nào. Hãy xóa hoặc đổi tên một tệp",
    "folder_too_deep": "Thư mục con lồng quá sâu (hơn {limit} cấp), chương trình không đọc bên trong. Hãy chuyển các bảng chấm điểm lên gần thư mục của khối hơn, hoặc xóa thư mục thừa",
    "conference_date_far": "Ngày hội nghị {value} không thuộc năm {year} hay đầu năm {next}: hội nghị tổng kết năm {year} họp cuối năm {year} hoặc đầu năm {next}. Hãy sửa lại năm của ngày hội nghị",
    "internal_error": "Lỗi trong chương trình khi xử lý khối này (không phải do dữ liệu): {detail}. Các khối khác vẫn được xử lý; hãy gửi thông báo này cho người hỗ trợ",
    "file_broken_link": "Đây là một liên kết (shortcut) trỏ tới tệp không còn tồn tại. Hãy chép chính tệp Excel vào thư mục, thay cho liên kết",
    "file_not_regular": "Đây không phải một tệp thông thường (có thể là thiết bị hoặc ống dẫn dữ liệu) dù có tên như bảng tính. Hãy xóa nó khỏi thư mục dữ liệu, chép tệp Excel thật vào đó",
    # the tool's own files in an output folder (manifest, journal, marked copies): input like any other
    "state_file_unreadable": "Tệp ghi nhớ của chương trình không đọc được ({detail}) nên được bỏ qua: chương trình không xóa tệp nào theo tệp này, và văn bản nào khác với bản sắp ghi được giữ lại thành bản _ban_da_sua. Tệp này có thể đã bị sửa tay hoặc chép từ nơi khác; có thể xóa nó (lần chạy sau ghi lại)",
    "state_entry_ignored": "Tệp ghi nhớ của chương trình ghi \"{value}\", không phải một tệp chương trình ghi trong thư mục này ({reason}); đã bỏ qua dòng này, không xóa hay thay tệp nào theo nó. Tệp ghi nhớ có thể đã bị sửa tay hoặc chép từ nơi khác: nếu không chắc, hãy xóa nó (lần chạy sau ghi lại)",
    "state_entries_more": "Còn {count} dòng khác trong tệp ghi nhớ này cũng không chỉ tới tệp nào chương trình ghi ở đây; đã bỏ qua tất cả",
    "marked_copy_edited_kept": "Bản sao tô đỏ này đã được sửa sau khi chương trình tạo ra, nên được giữ lại thành {value} (không bị thay bằng bản mới). Lưu ý: chương trình đọc tệp gốc trong thư mục dữ liệu, không đọc bản sao; hãy chép phần đã sửa sang tệp gốc",
    "ballot_other_year": "Bảng kiểm phiếu này là của năm {value} ({where}), không phải năm {year}: có thể bảng năm trước bị chép nhầm vào. Hãy chép bảng kiểm phiếu của năm {year} (tạo bằng {command}, ghi số phiếu sau khi bỏ phiếu) thay cho tệp này",
    "more_faulty_rows_in_sheet": "Còn {count} dòng có lỗi khác trong sheet này; chỉ liệt kê lỗi của {listed} dòng đầu. Hãy sửa các lỗi trên rồi kiểm tra lại ({command}) để xem phần còn lại; nếu bảng bị dán nhầm, hãy xóa các dòng thừa",
    "year_before_other_block": "Dữ liệu năm {year} (thư mục {folder}) chỉ có {common} trong {count} đơn vị của khối năm nay, nên có vẻ là của một khối khác: báo cáo không so sánh với năm {year}. Nếu đúng là khối này, hãy kiểm tra tên và mã đơn vị trong sheet ThanhVien của năm {year}",
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
    # A field's value may be a Hint (the message's `{command}`), a text with hints in it (a tuple
    # of texts and hints), or another problem (told in full)
    params: tuple[tuple[str, object], ...] = field(default=(), compare=False)

    @property
    def message(self) -> str:
        return self.text()

    def text(self, words: Words = command_line) -> str:
        """The message, its next steps put into `words` (the command line's: `make …`)."""
        return MESSAGES[self.code].format(**{name: _said(value, words) for name, value in self.params})

    @property
    def hints(self) -> tuple[Hint, ...]:
        """The next steps the message names, as data."""
        found: list[Hint] = []
        for _, value in self.params:
            if isinstance(value, Hint):
                found.append(value)
            elif isinstance(value, tuple):
                found += [part for part in value if isinstance(part, Hint)]
            elif isinstance(value, Problem):
                found += value.hints
        return tuple(found)

    @property
    def value(self) -> str:
        return str(dict(self.params).get("value", ""))

    @property
    def place(self) -> str:
        """`diem/stc.xlsx › Chấm điểm › F14`, as far as it is known."""
        where = self.cell or (f"dòng {self.row}" if self.row else "")
        return " › ".join(part for part in (self.file, self.sheet, where) if part)

    def format(self, words: Words = command_line) -> str:
        message = self.text(words)
        return f"{self.place}: {message}" if self.place else message


def _said(value: object, words: Words) -> object:
    if isinstance(value, Hint):
        return words(value)
    if isinstance(value, Problem):
        return value.format(words)
    if isinstance(value, tuple) and any(isinstance(part, Hint) for part in value):
        return _joined(value, words)
    return value


def _joined(parts: tuple[object, ...], words: Words) -> str:
    """Text and next steps as one sentence, each step put into `words`."""
    return "".join(words(part) if isinstance(part, Hint) else str(part) for part in parts)


# The command a message names (its `{command}`): the step, and the field that gives its year.
# A problem made with its own `command=` (a Hint with the input folder) keeps that one.
COMMANDS: dict[str, tuple[Step, str | None]] = {
    "new_year_marker": (Step.NEW_YEAR, None),
    "formula_column_missing": (Step.FORMS, None),
    "ballot_missing": (Step.BALLOTS, "year"),
    "ballot_other_year": (Step.BALLOTS, "year"),
    "more_faulty_rows_in_sheet": (Step.CHECK, None),
    "template_damaged": (Step.TEMPLATES, None),
    "template_too_many_parts": (Step.TEMPLATES, None),
}


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
    if code in COMMANDS and "command" not in params:
        step, year_field = COMMANDS[code]
        params["command"] = Hint(step, int(str(params[year_field])) if year_field else None)
    made = Problem(code, file, sheet, cell, row, severity, tuple(sorted(params.items())))
    made.message  # fail here, not at print time, if a field is missing
    return made


def warning(code: str, **kwargs: object) -> Problem:
    return problem(code, severity="warning", **kwargs)  # type: ignore[arg-type]


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def warnings(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "warning"]


MAX_LISTED_ROWS = 100  # faulty rows listed per sheet (README's limits table)
_ROW_OF_CELL = re.compile(r"^[A-Z]{1,3}(\d+)$")


def cap_rows(problems: list[Problem], limit: int = MAX_LISTED_ROWS) -> list[Problem]:
    """Errors of at most `limit` rows per sheet, the others counted in one message: a table pasted
    a thousand rows long gives a list staff can read. A sheet that counts its own (score sheets)
    is left as it is."""
    rows: dict[tuple[str, str], set[int]] = {}
    counted = {(p.file, p.sheet) for p in problems if p.code in ("more_faulty_rows", "more_faulty_rows_in_sheet")}
    for item in errors(problems):
        row = _row_of(item)
        if row is not None and item.sheet and (item.file, item.sheet) not in counted:
            rows.setdefault((item.file, item.sheet), set()).add(row)
    over = {where: sorted(found)[limit - 1] for where, found in rows.items() if len(found) > limit}
    if not over:
        return problems
    kept = [p for p in problems if p.severity != "error" or (p.file, p.sheet) not in over
            or (row := _row_of(p)) is None or row <= over[(p.file, p.sheet)]]
    for file, sheet in over:
        more = len(rows[(file, sheet)]) - limit
        kept.append(problem("more_faulty_rows_in_sheet", file=file, sheet=sheet,
                            count=f"{more:,}".replace(",", "."), listed=limit))
    return kept


def _row_of(item: Problem) -> int | None:
    if item.row:
        return item.row
    match = _ROW_OF_CELL.match(item.cell)
    return int(match.group(1)) if match else None


class InputError(Exception):
    """The input has errors: nothing is written. Carries every problem found."""

    exit_code = 1

    def __init__(
        self, problems: list[Problem], error_books: list[Path] | None = None, written: list[Path] | None = None
    ) -> None:
        self.problems = problems
        self.error_books = error_books or []
        self.written = written or []  # with --keep-going: the documents of the blocks without errors
        super().__init__(f"{len(errors(problems))} lỗi trong dữ liệu đầu vào")


class UsageError(Exception):
    """Wrong usage: no such year folder, bad arguments, a file that must not be overwritten."""

    exit_code = 2

    def __init__(self, message: str | Said) -> None:
        self.parts: tuple[str | Hint, ...] = (message,) if isinstance(message, str) else tuple(message)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return self.text()

    def text(self, words: Words = command_line) -> str:
        """The message, its next steps put into `words` (the command line's: `make …`)."""
        return _joined(self.parts, words)


class OutputError(UsageError):
    """An output file or folder cannot be written (open in Word, a folder in its place, no right)."""

    def __init__(self, path: Path, reason: OSError, left: list[Path] | None = None) -> None:
        self.path = path
        what = "đang mở trong Word/Excel hoặc không có quyền ghi" if isinstance(reason, PermissionError) else (
            reason.strerror or type(reason).__name__)
        kept = (
            "các văn bản cũ vẫn giữ nguyên"
            if not left
            else "không trả lại được hết các tệp cũ; hãy kiểm tra: " + ", ".join(str(p) for p in left)
        )
        super().__init__(
            f"Không ghi được {path} ({what}). Hãy đóng tệp nếu đang mở, kiểm tra thư mục kết quả rồi chạy lại; {kept}"
        )
