"""Reading `khoi.xlsx`: the block's information, members, criteria, award forms and tasks."""

from __future__ import annotations

import datetime as dt
import difflib
from functools import lru_cache
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..model import AwardForm, Block, BlockInfo, Criterion, Kind, Section, Unit
from ..problems import Problem, errors, problem, warning
from .sheets import (
    Row,
    blank_or_formula,
    folded,
    is_blank,
    legacy_text,
    read_table,
    shown,
)
from ..text import (cell_name, clean, clean_name, clock, format_number, key, one_line, parse_date, parse_number,
                    province_phrase)
from .markers import marker_problems
from .number_formats import percent_cells
from .workbook import Sheet, Workbook

BLOCK_FILE = "khoi.xlsx"
REQUIRED_SHEETS = ("ThongTin", "ThanhVien", "TieuChi", "KhenThuong", "NhiemVu")
_KINDS = {key(k.value): k for k in Kind} | {"": Kind.SCORED}


@dataclass(frozen=True)
class Members:
    """The members and criteria of `khoi.xlsx`: what score sheets are checked against.

    A `Block` has both too; a roster alone lets score sheets be checked when another part of
    `khoi.xlsx` (its year, its award forms) has errors, so one run still finds every fault.
    """

    units: tuple[Unit, ...]
    criteria: tuple[Criterion, ...]
    # criteria whose row in TieuChi has an error (a bad maximum or kind): their rows in score
    # sheets are known codes, but their scores cannot be checked
    unusable_codes: tuple[str, ...] = ()


def read_block(book: Workbook, year: int) -> tuple[Block | None, list[Problem]]:
    """The block of `book` (its `khoi.xlsx`), or None with every problem found."""
    block, _, problems = read_block_parts(book, year)
    return block, problems


def read_block_parts(book: Workbook, year: int) -> tuple[Block | None, Members | None, list[Problem]]:
    """The block; and the members and criteria (for checking score sheets) when every member row
    and every criterion code could be read, even if other parts of `khoi.xlsx` have errors."""
    problems: list[Problem] = []
    sheets: dict[str, Sheet | None] = {}
    for name in REQUIRED_SHEETS:
        sheet = book.sheet(key(name))
        if sheet is None:
            problems.append(
                problem("sheet_missing", file=book.rel, sheet_name=name, hint=_sheet_hint(book, name))
            )
        sheets[name] = sheet
    units, all_units = _read_units(book, sheets["ThanhVien"], problems) if sheets["ThanhVien"] else ([], False)
    criteria, unusable, all_codes = (
        _read_criteria(book, sheets["TieuChi"], problems) if sheets["TieuChi"] else ([], [], False)
    )
    roster = None
    if all_units and all_codes:  # every member and every criterion code known: sheets can be checked
        roster = Members(tuple(units), tuple(criteria), tuple(unusable))
    awards = _read_awards(book, sheets["KhenThuong"], len(units), problems) if sheets["KhenThuong"] else []
    tasks = _read_texts(book, "NhiemVu", problems, required=True)
    problems += marker_problems(book, year)  # what make new-year left for staff to write (read/markers.py)
    info = _read_info(book, sheets["ThongTin"], year, units, problems) if sheets["ThongTin"] else None
    if info is not None:
        listed = _read_texts(book, "CanCu", problems, required=False)
        info = _with_texts(info, tasks, listed, _read_sections(book, problems))
    if errors(problems) or info is None:
        return None, roster, problems
    return Block(info, tuple(units), tuple(criteria), tuple(awards)), roster, problems


def _sheet_hint(book: Workbook, name: str) -> str:
    """` (có sheet "Thông tin": hãy đổi tên thành ThongTin)` when a sheet is named nearly so."""
    near = next((s.name for s in book.sheets if folded(s.name) == folded(name)), None)
    return f" (có sheet \"{near}\": hãy đổi tên sheet thành {name})" if near else ""


def _with_texts(info: BlockInfo, tasks: list[str], listed: list[str], sections: list[Section]) -> BlockInfo:
    """The tasks, the grounds listed in `CanCu` (none: the documents cite the law in force) and the
    report's sections of `TongKet`."""
    return replace(info, tasks=tuple(tasks), grounds=tuple(listed), sections=tuple(sections))


def _read_sections(book: Workbook, problems: list[Problem]) -> list[Section]:
    """`TongKet`: a heading in `Mục` starts a section, a row with a blank `Mục` (or the same heading
    again) continues it; each
    paragraph exactly as typed (line breaks inside a cell kept), in the sheet's order."""
    sheet = book.sheet(key("TongKet"))
    if sheet is None:
        return []
    rows, found = read_table(book, sheet, ["Mục", "Nội dung"], [], may_be_blank=("Mục", "Nội dung"))
    problems += found
    sections: list[tuple[str, list[str]]] = []
    for row in rows:
        heading = clean_name(shown(row.values["Mục"]))
        paragraph = clean(shown(row.values["Nội dung"])) if not isinstance(row.values["Nội dung"], str) else clean(
            row.values["Nội dung"])
        if heading and not (sections and key(sections[-1][0]) == key(heading)):
            sections.append((heading, []))  # the same heading typed again on the next row goes on
        elif not heading and not sections:
            problems.append(problem("section_without_heading", file=book.rel, sheet=sheet.name, cell=row.cell("Mục")))
            continue
        if paragraph:
            sections[-1][1].append(paragraph)
        if legacy_text(heading) or legacy_text(paragraph):
            problems.append(warning("mojibake", file=book.rel, sheet=sheet.name,
                                    cell=row.cell("Mục" if legacy_text(heading) else "Nội dung"),
                                    value=(heading if legacy_text(heading) else paragraph)[:60]))
    for heading, paragraphs in sections:
        if not paragraphs:
            problems.append(warning("section_empty", file=book.rel, sheet=sheet.name, value=heading))
    return [Section(heading, tuple(paragraphs)) for heading, paragraphs in sections]


def _read_units(book: Workbook, sheet: Any, problems: list[Problem]) -> tuple[list[Unit], bool]:
    """The members, and whether every row of the sheet gave one (with a code and a name)."""
    rows, found = read_table(
        book, sheet, ["Mã", "Tên đơn vị", "Thủ trưởng", "Chức vụ"], ["Không đủ điều kiện", "Ưu tiên", "Dự họp"]
    )
    problems += found
    units: list[Unit] = []
    all_known = bool(rows)  # (the problems that come with rows are about single cells)
    seen_codes: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    for row in rows:
        where = dict(file=book.rel, sheet=sheet.name)
        _require(book, sheet, row, ["Mã", "Tên đơn vị", "Thủ trưởng", "Chức vụ"], problems)
        code, name = code_text(row.values["Mã"]), clean_name(row.values["Tên đơn vị"])
        # A member with a blank head or a repeated name is still a member other cells may name
        # (the errors stop the run anyway); one whose code repeats another's is not.
        known = bool(code and name)
        for value, seen, code_name, column in (
            (code, seen_codes, "duplicate_code", "Mã"),
            (name, seen_names, "duplicate_name", "Tên đơn vị"),
        ):
            if value and key(value) in seen:
                problems.append(
                    problem(code_name, **where, cell=row.cell(column), value=value, other_row=seen[key(value)])
                )
                known = known and code_name != "duplicate_code"
                all_known = False  # which member a score sheet names would be a guess
            elif value:
                seen[key(value)] = row.excel_row
        for column in ("Tên đơn vị", "Thủ trưởng", "Chức vụ"):
            text = clean_name(row.values[column])
            if legacy_text(text):
                problems.append(warning("mojibake", **where, cell=row.cell(column), value=text))
        priority = _priority(book, sheet, row, problems)
        all_known = all_known and known
        if known:
            units.append(
                Unit(
                    code=code,
                    name=name,
                    head=clean_name(row.values["Thủ trưởng"]),
                    title=clean_name(row.values["Chức vụ"]),
                    order=len(units),
                    barred_reason=_barred_reason(row, where, problems),
                    priority=priority,
                    row=row.excel_row,
                    priority_cell=row.cell("Ưu tiên") if "Ưu tiên" in row.columns else "",
                    attendance=_attendance(row, where, problems),
                )
            )
    if not rows and not found:
        problems.append(problem("no_members", file=book.rel, sheet=sheet.name))
    elif units and all(u.absent for u in units):  # the minutes would record a meeting of nobody
        problems.append(problem("nobody_attended", file=book.rel, sheet=sheet.name, cell=cell_name(0, rows[0].columns["Dự họp"])))
    return units, all_known


# what a cell naming people at the review meeting should hold, for the message when it is no text
_PERSON = {
    "Chủ trì": "họ tên, chức vụ người chủ trì cuộc họp bình xét (ví dụ Ông Nguyễn Văn A - Cục trưởng Cục Thuế), "
               "hoặc để trống",
    "Thư ký": "họ tên, chức vụ thư ký cuộc họp bình xét, hoặc để trống để ghi tay",
    "Dự họp": "người dự họp của đơn vị (ví dụ Bà Lê Thị B - Phó Giám đốc), hoặc Vắng nếu đơn vị vắng mặt, hoặc "
              "để trống nếu Thủ trưởng đơn vị dự họp",
}


def _person(raw: Any, label: str, where: dict[str, str], problems: list[Problem]) -> str:
    """People as typed, on one line; a number, a date or TRUE (a checkbox habit) is no one."""
    if is_blank(raw):
        return ""
    if not isinstance(raw, str):
        problems.append(problem("person_not_text", **where, label=label, value=shown(raw), what=_PERSON[label]))
        return ""
    return one_line(raw)


def _attendance(row: Row, where: dict[str, str], problems: list[Problem]) -> str:
    if "Dự họp" not in row.columns:
        return ""
    return _person(row.values["Dự họp"], "Dự họp", dict(where, cell=row.cell("Dự họp")), problems)


def meeting_time_text(value: Any) -> str | None:
    """`Giờ họp` as text the minutes can say (`08:30` for an Excel time, `8` typed for the hour, or
    a time whose cell lost its format: 0,354...), or the text as typed; None when it is no time of
    day (`25:99`, `30`, a date)."""
    if isinstance(value, dt.datetime):  # the date typed with it
        value = value.time()
    if isinstance(value, dt.time):
        return f"{value.hour:02d}:{value.minute:02d}"
    if isinstance(value, dt.timedelta):
        minutes = round(value.total_seconds() / 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}" if 0 <= minutes < 24 * 60 else None
    if isinstance(value, (bool, dt.date)):
        return None
    if isinstance(value, (int, float)):
        if value == int(value) and 0 <= value <= 23:
            return f"{int(value):02d}:00"
        minutes = round(value * 24 * 60) if 0 < value < 1 else -1
        return f"{minutes // 60:02d}:{minutes % 60:02d}" if 0 <= minutes < 24 * 60 else None
    text = one_line(value)
    parts = clock(text)
    return None if parts is not None and (parts[0] > 23 or parts[1] > 59) else text


def _barred_reason(row: Row, where: dict[str, str], problems: list[Problem]) -> str:
    """The reason a member is barred: text. FALSE or 0 (a checkbox habit) means not barred."""
    raw = row.values.get("Không đủ điều kiện", "")
    if "Không đủ điều kiện" not in row.columns or is_blank(raw) or raw is False or raw == 0:
        return ""
    if not isinstance(raw, str):
        problems.append(problem("barred_not_text", **where, cell=row.cell("Không đủ điều kiện"), value=shown(raw)))
        return ""
    return clean(raw)


def _priority(book: Workbook, sheet: Any, row: Row, problems: list[Problem]) -> int | None:
    raw = row.values.get("Ưu tiên", "")
    if "Ưu tiên" not in row.columns or is_blank(raw):
        return None
    number = parse_number(raw)
    if number is None or number != number.to_integral_value() or number < 1:
        problems.append(
            problem("bad_priority", file=book.rel, sheet=sheet.name, cell=row.cell("Ưu tiên"), value=shown(raw))
        )
        return None
    return int(number)


def _require(book: Workbook, sheet: Any, row: Row, columns: list[str], problems: list[Problem]) -> bool:
    ok = True
    for column in columns:
        if is_blank(row.values[column]):
            problems.append(
                blank_or_formula(book, sheet, row.index, row.columns[column], "value_missing", label=column)
            )
            ok = False
    return ok


def _read_criteria(book: Workbook, sheet: Any, problems: list[Problem]) -> tuple[list[Criterion], list[str], bool]:
    """The criteria; the codes of rows with an error; whether every row has its own code."""
    rows, found = read_table(book, sheet, ["Mã", "Nội dung", "Điểm tối đa"], ["Loại", "Nhóm"])
    problems += found
    criteria: list[Criterion] = []
    unusable: list[str] = []
    all_codes = bool(rows)
    seen: dict[str, int] = {}
    for row in rows:
        where = dict(file=book.rel, sheet=sheet.name)
        ok = _require(book, sheet, row, ["Mã", "Nội dung", "Điểm tối đa"], problems)
        code = code_text(row.values["Mã"])
        if code and key(code) in seen:
            problems.append(
                problem("duplicate_criterion", **where, cell=row.cell("Mã"), value=code, other_row=seen[key(code)])
            )
            ok = all_codes = False
        elif code:
            seen[key(code)] = row.excel_row
        else:
            all_codes = False
        maximum = parse_number(row.values["Điểm tối đa"])
        if not is_blank(row.values["Điểm tối đa"]) and (maximum is None or maximum <= 0):
            problems.append(
                problem("bad_max", **where, cell=row.cell("Điểm tối đa"), value=shown(row.values["Điểm tối đa"]))
            )
            ok = False
        kind = _KINDS.get(key(row.text("Loại")))
        if kind is None:
            problems.append(problem("bad_kind", **where, cell=row.cell("Loại"), value=row.text("Loại")))
            ok = False
        if ok and maximum is not None and kind is not None:
            criteria.append(Criterion(code, clean(row.values["Nội dung"]), maximum, kind, row.text("Nhóm")))
        elif code and key(code) in seen and seen[key(code)] == row.excel_row:
            unusable.append(code)
    if not rows and not found:
        problems.append(problem("no_criteria", file=book.rel, sheet=sheet.name))
    return criteria, unusable, all_codes


def code_text(value: Any) -> str:
    """A code as text: `1.1` typed as a number reads as `1.1`, `3` as `3`."""
    if isinstance(value, float) and value == value and abs(value) != float("inf"):
        return str(int(value)) if value == int(value) else repr(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        return shown(value)
    return _code_of_text(value)


@lru_cache(maxsize=4096)
def _code_of_text(value: str) -> str:
    """Codes repeat on every score sheet of a block: cleaned once each."""
    return clean_name(value)


def quota_places(text: str, members: int) -> int | None:
    """`3` places, or `30%` of the members rounded down; None if neither."""
    raw = text.replace(" ", "")
    percent = raw.endswith("%")
    number = parse_number(raw[:-1] if percent else raw)
    if number is None or number < 0:
        return None
    if percent:
        return int(number * members / 100)
    return int(number) if number == number.to_integral_value() else None


def _quota(raw: Any, members: int, percent_format: bool) -> int | None:
    """Places of a `Số lượng` cell, as staff see it: `30%` typed into Excel is stored as 0.3 and
    `100%` as 1 in a percent-formatted cell; where the format is unknown, a number below 1 is a share."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and (percent_format or 0 < raw < 1):
        share = Decimal(repr(float(raw))) * 100
        return int(share * members / 100) if share >= 0 else None
    return quota_places(code_text(raw), members)


def vote_share(raw: Any, percent_format: bool) -> Decimal | None:
    """A `Tỷ lệ phiếu` cell in percent: `80%` typed (0.8 in a percent-formatted cell), text `80%`,
    or a plain 80 or 0,8. None when it is not a share from 1% to 100%."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        number = parse_number(raw)
        if number is not None and (percent_format or number <= 1):
            number *= 100
    else:
        text = clean(raw).replace(" ", "")
        number = parse_number(text[:-1] if text.endswith("%") else text)
        if number is not None and not text.endswith("%") and number <= 1:
            number *= 100
    if number is None or not 1 <= number <= 100:
        return None
    return number.normalize() if number != number.to_integral_value() else Decimal(int(number))


_AWARD_COLUMNS = ["Điểm tối thiểu", "Tỷ lệ phiếu"]


def _read_awards(book: Workbook, sheet: Any, members: int, problems: list[Problem]) -> list[AwardForm]:
    rows, found = read_table(book, sheet, ["Hình thức", "Số lượng"], _AWARD_COLUMNS)
    problems += found
    numeric = {
        row.cell(column)
        for row in rows
        for column in ("Số lượng", "Tỷ lệ phiếu")
        if column in row.columns and isinstance(row.values[column], (int, float))
    }
    percent = percent_cells(book.path, sheet.name, numeric)
    awards: list[AwardForm] = []
    seen: dict[str, int] = {}
    for row in rows:
        where = dict(file=book.rel, sheet=sheet.name)
        ok = _require(book, sheet, row, ["Hình thức", "Số lượng"], problems)
        name = clean_name(row.values["Hình thức"])
        if name and key(name) in seen:
            problems.append(problem("duplicate_award", **where, cell=row.cell("Hình thức"), value=name,
                                    other_row=seen[key(name)]))
            ok = False
        elif name:
            seen[key(name)] = row.excel_row
        raw = row.values["Số lượng"]
        places = _quota(raw, members, row.cell("Số lượng") in percent) if not is_blank(raw) else None
        if not is_blank(raw) and places is None:
            problems.append(problem("bad_quota", **where, cell=row.cell("Số lượng"), value=shown(raw)))
            ok = False
        minimum = None
        if not is_blank(row.values.get("Điểm tối thiểu", "")):
            minimum = parse_number(row.values["Điểm tối thiểu"])
            if minimum is None:
                problems.append(
                    problem("bad_min_score", **where, cell=row.cell("Điểm tối thiểu"),
                            value=shown(row.values["Điểm tối thiểu"]))
                )
                ok = False
        share = None
        if not is_blank(row.values.get("Tỷ lệ phiếu", "")):
            raw_share = row.values["Tỷ lệ phiếu"]
            share = vote_share(raw_share, row.cell("Tỷ lệ phiếu") in percent)
            if share is None:
                problems.append(problem("bad_vote_share", **where, cell=row.cell("Tỷ lệ phiếu"),
                                        value=_percent_shown(raw_share, row.cell("Tỷ lệ phiếu") in percent)))
                ok = False
        if ok and places is not None:
            awards.append(AwardForm(name, places, minimum, row.excel_row, vote_share=share,
                                    vote_share_cell=row.cell("Tỷ lệ phiếu") if share is not None else ""))
    if not rows and not found:
        problems.append(problem("no_awards", file=book.rel, sheet=sheet.name))
    return awards


def _percent_shown(raw: Any, percent_format: bool) -> str:
    """A cell as Excel shows it: `150%` for 1.5 in a percent-formatted cell."""
    number = parse_number(raw) if percent_format else None
    return f"{format_number(number * 100)}%" if number is not None else shown(raw)


def _read_texts(book: Workbook, name: str, problems: list[Problem], required: bool) -> list[str]:
    sheet = book.sheet(key(name))
    if sheet is None:
        return []
    rows, found = read_table(book, sheet, ["Nội dung"], [], may_be_blank=("Nội dung",))
    problems += found
    texts = [clean(row.values["Nội dung"]) for row in rows]
    if required and not texts and not found:
        problems.append(problem("no_tasks", file=book.rel, sheet=sheet.name))
    return texts


_INFO_LABELS = {
    "Tỉnh": True,
    "Tên khối": True,
    "Năm": True,
    "Ngày hội nghị": True,
    "Địa điểm": False,
    "Trưởng khối": True,
    "Phó khối": False,
    "Trưởng khối năm sau": True,
    "Phó khối năm sau": False,
    "Ký hiệu": False,
    "Kính gửi": False,
    "Giờ họp": False,
    "Chủ trì": False,
    "Thư ký": False,
}


def info_texts(book: Workbook) -> dict[str, str]:
    """The values of `ThongTin` as text, by label, as far as they are filled."""
    sheet = book.sheet(key("ThongTin"))
    labels = {key(label): label for label in _INFO_LABELS}
    texts: dict[str, str] = {}
    for row in sheet.rows if sheet else []:
        label = labels.get(key(row[0])) if row and isinstance(row[0], str) else None
        if label and label not in texts and len(row) > 1 and not is_blank(row[1]):
            texts[label] = clean_name(shown(row[1]))
    return texts


def _read_info(
    book: Workbook, sheet: Any, year: int, units: list[Unit], problems: list[Problem]
) -> BlockInfo | None:
    where = dict(file=book.rel, sheet=sheet.name)
    labels = {key(label): label for label in _INFO_LABELS}
    found: dict[str, tuple[Any, int]] = {}
    for index, row in enumerate(sheet.rows):
        label = labels.get(key(row[0])) if row and isinstance(row[0], str) else None
        if label and label not in found:
            found[label] = (row[1] if len(row) > 1 else "", index)
    values: dict[str, Any] = {}
    before = len(errors(problems))
    for label, required in _INFO_LABELS.items():
        if label not in found:
            if required:
                problems.append(problem("label_missing", **where, label=label, hint=_label_hint(sheet, label, found)))
            continue
        value, index = found[label]
        if is_blank(value):
            if required or book.is_formula(sheet.name, index, 1):
                problems.append(blank_or_formula(book, sheet, index, 1, "value_missing", label=label))
            continue
        values[label] = (value, cell_name(index, 1))

    def text(label: str) -> str:
        return clean_name(shown(values[label][0])) if label in values else ""

    number = parse_number(values["Năm"][0]) if "Năm" in values else None
    if "Năm" in values:
        if number is None or number != number.to_integral_value():
            problems.append(problem("bad_year", **where, cell=values["Năm"][1], value=shown(values["Năm"][0])))
        elif int(number) != year:
            problems.append(problem("year_mismatch", **where, cell=values["Năm"][1], value=int(number), year=year))
    date = conference_date(values["Ngày hội nghị"][0]) if "Ngày hội nghị" in values else None
    if "Ngày hội nghị" in values and date is None:
        problems.append(
            problem("bad_date", **where, cell=values["Ngày hội nghị"][1], value=shown(values["Ngày hội nghị"][0]))
        )
    refs: dict[str, str | None] = {}
    for label in ("Trưởng khối", "Phó khối", "Trưởng khối năm sau", "Phó khối năm sau"):
        refs[label] = None
        if label in values and units:
            unit = find_unit(units, text(label))
            if unit is None:
                problems.append(
                    problem(
                        "unknown_unit_ref", **where, cell=values[label][1], label=label, value=text(label),
                        hint=suggest(units, text(label)),
                    )
                )
            else:
                refs[label] = unit.code
    for leader, deputy in (("Trưởng khối", "Phó khối"), ("Trưởng khối năm sau", "Phó khối năm sau")):
        if refs[deputy] is not None and refs[deputy] == refs[leader]:
            problems.append(problem("deputy_is_leader", **where, cell=values[deputy][1], label=deputy,
                                    value=text(deputy), leader=leader))
    leader = next((u for u in units if u.code == refs["Trưởng khối"]), None)
    if "Chủ trì" not in values and leader is not None and leader.attendance:
        blank = cell_name(found["Chủ trì"][1], 1) if "Chủ trì" in found else ""
        problems.append(problem("chair_not_present", **where, cell=blank, unit=leader.name,
                                attendance=leader.attendance))
    if "Thư ký" not in values:  # the label's blank cell, or the sheet itself when there is no such row
        blank = cell_name(found["Thư ký"][1], 1) if "Thư ký" in found else ""
        problems.append(warning("secretary_blank", **where, cell=blank))
    time = meeting_time_text(values["Giờ họp"][0]) if "Giờ họp" in values else ""
    if time is None:
        problems.append(problem("bad_meeting_time", **where, cell=values["Giờ họp"][1],
                                value=shown(values["Giờ họp"][0])))
    people = {label: _person(values[label][0], label, dict(where, cell=values[label][1]), problems)
              for label in ("Chủ trì", "Thư ký") if label in values}
    for label in ("Tỉnh", "Tên khối", "Địa điểm", "Kính gửi", "Chủ trì", "Thư ký"):
        if legacy_text(text(label)):
            problems.append(warning("mojibake", **where, cell=values[label][1], value=text(label)))
    if len(errors(problems)) > before or date is None or not units:
        return None
    province = text("Tỉnh")
    return BlockInfo(
        province=province,
        block_name=text("Tên khối"),
        year=year,
        conference_date=date,
        place=text("Địa điểm"),
        leader=refs["Trưởng khối"] or "",
        deputy=refs["Phó khối"],
        next_leader=refs["Trưởng khối năm sau"] or "",
        next_deputy=refs["Phó khối năm sau"],
        symbol=text("Ký hiệu"),
        addressee=text("Kính gửi") or f"Chủ tịch Ủy ban nhân dân {province_phrase(province)}",
        grounds=(),
        tasks=(),
        meeting_time=time or "",
        chair=people.get("Chủ trì", ""),
        secretary=people.get("Thư ký", ""),
    )


def _label_hint(sheet: Sheet, label: str, found: dict[str, tuple[Any, int]]) -> str:
    """`. Có dòng "Năm đánh giá" (ô A3): hãy sửa nhãn thành Năm` when a label in column A is near."""
    taken = {index for _, index in found.values()}
    candidates = {
        folded(row[0]): (clean_name(row[0]), index)
        for index, row in enumerate(sheet.rows)
        if index not in taken and row and isinstance(row[0], str) and clean(row[0])
    }
    wanted = folded(label)
    near = difflib.get_close_matches(wanted, list(candidates), n=1, cutoff=0.75)
    near = near or [c for c in candidates if c.startswith(wanted) and len(wanted) >= 3][:1]
    if not near:
        return ". Hãy thêm một dòng: cột A ghi " + label + ", cột B ghi giá trị"
    text, index = candidates[near[0]]
    return f". Có dòng \"{text}\" (ô {cell_name(index, 0)}): hãy sửa nhãn thành {label}"


def conference_date(value: Any) -> dt.date | None:
    """A date as `parse_date` reads it, or an Excel date in a cell formatted as a plain number
    (`44204` for 08/01/2021), as Excel shows after the cell's format is cleared."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and _SERIALS[0] <= value <= _SERIALS[1]:
        if value == int(value):
            return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
    return parse_date(value)


_SERIALS = (36526, 73051)  # Excel's day numbers of 01/01/2000 and 31/12/2099


def find_unit(units: list[Unit] | tuple[Unit, ...], text: str) -> Unit | None:
    """The member whose code or name matches `text` leniently."""
    wanted = key(text)
    return next((u for u in units if key(u.code) == wanted or key(u.name) == wanted), None)


def suggest(units: list[Unit] | tuple[Unit, ...], text: str) -> str:
    """`. Có phải: Sở Tài chính (STC)?` with the closest members by name or code, or nothing."""
    if legacy_text(text):
        return ". Tên có vẻ gõ bằng bảng mã cũ (TCVN3/VNI): hãy chuyển sang Unicode"
    chosen = closest_units(units, text)
    return f". Có phải: {' hoặc '.join(f'{u.name} ({u.code})' for u in chosen)}?" if chosen else ""


def closest_units(units: list[Unit] | tuple[Unit, ...], text: str) -> list[Unit]:
    """At most two members whose name or code is close to `text`, closest first."""
    wanted = key(text)
    named = {key(u.name): u for u in units} | {key(u.code): u for u in units}
    close = difflib.get_close_matches(wanted, list(named), n=3, cutoff=0.6)
    # `Cục Thuế tỉnh Bắc Giang` for `Cục Thuế`: a member name inside the text, or the reverse
    if len(wanted) > 3:
        close += [name for name in named if len(name) > 3 and (name in wanted or wanted in name)]
    if not close:  # `So Tai chinh` typed without accents
        by_fold = {folded(u.name): u for u in units}
        return [by_fold[c] for c in difflib.get_close_matches(folded(text), list(by_fold), n=2, cutoff=0.8)]
    return list(dict.fromkeys(named[c] for c in close))[:2]


def block_path(folder: Path) -> Path | None:
    """The folder's `khoi.xlsx`, matched without regard to case."""
    for entry in sorted(folder.iterdir()) if folder.is_dir() else []:
        if entry.is_file() and entry.name.lower() == BLOCK_FILE:
            return entry
    return None

