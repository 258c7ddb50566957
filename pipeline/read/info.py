"""Sheet `ThongTin` of `khoi.xlsx`: a label in column A, its value in column B, any order (SPEC §2.1).

Each label is one row of `FIELDS`: whether it is required, how its value is read and checked, and
which field of `BlockInfo` it fills. Adding a label is adding a row (and the record's field).
Checks that need several labels at once are the functions of `CHECKS`.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from ..model import BlockInfo, Unit
from ..problems import Problem, errors, problem, warning
from ..text import cell_name, clean, clean_name, clock, folded, key, province_phrase
from .meeting import (BOARD_LABEL, COUNT_LABELS, END_LABEL, METHOD_LABEL, counting_board, typed_counts,
                      vote_method_text)
from .sheets import blank_or_formula
from .methods import BONUS_CAP, bonus_cap, bonus_cap_as_percent
from .units import named_unit
from .values import Value, typed
from .workbook import Sheet, Workbook

INFO_SHEET = "ThongTin"


@dataclass(frozen=True)
class Cell:
    """A filled value cell of `ThongTin`, as its parser sees it: where it is, what it is checked
    against (the folder's year, the members), and where its problems go."""

    label: str
    name: str  # `B4`
    year: int
    units: Sequence[Unit]
    where: dict[str, str]
    problems: list[Problem]

    def error(self, code: str, **params: Any) -> None:
        self.problems.append(problem(code, **self.where, cell=self.name, **params))


# A parser reads a filled cell's value; None (after adding a problem) when it is wrong.
Parser = Callable[[Value, Cell], Any]


@dataclass(frozen=True)
class Field:
    label: str
    required: bool
    parse: Parser
    record: str = ""  # the `BlockInfo` field it fills; empty: only checked (`Năm`: the folder's year counts)
    # the record's value when the label is absent, its cell blank or wrong; a function of the
    # fields before it when it depends on them
    default: Any = ""
    legacy_check: bool = False  # reaches the documents as typed: warn when typed in TCVN3/VNI
    blank_warning: str = ""  # a warning code when an optional label is absent or its cell blank


def text_value(value: Value, cell: Cell | None = None) -> str:
    return value.shown


def _year(value: Value, cell: Cell) -> int | None:
    number = value.number
    if number is None or number != number.to_integral_value():
        cell.error("bad_year", value=value.shown)
        return None
    if int(number) != cell.year:
        cell.error("year_mismatch", value=int(number), year=cell.year)
        return None
    return int(number)


def _date(value: Value, cell: Cell) -> dt.date | None:
    if value.date is None:
        cell.error("bad_date", value=value.shown)
    return value.date


def _member(value: Value, cell: Cell) -> str | None:
    """The code of the member named by code or name (no members read: nothing to check against)."""
    if not cell.units:
        return None
    text = value.shown
    named = named_unit(cell.units, text)
    if named.unit is None:
        cell.error("unknown_unit_ref", label=cell.label, value=text, hint=named.hint)
        return None
    return named.unit.code


def _time(value: Value, cell: Cell) -> str | None:
    time = meeting_time_text(value)
    if time is None:
        cell.error("bad_meeting_time", value=value.shown)
    return time


def _end_time(value: Value, cell: Cell) -> str | None:
    time = meeting_time_text(value)
    if time is None:
        cell.error("bad_end_time", value=value.shown)
    return time


def _board(value: Value, cell: Cell) -> tuple[str, ...]:
    return counting_board(value, dict(cell.where, cell=cell.name), cell.problems)


def _method(value: Value, cell: Cell) -> str:
    return vote_method_text(value, dict(cell.where, cell=cell.name), cell.problems)


def _checked_only(value: Value, cell: Cell) -> Any:
    """A label read with the others of its kind after the fields (the ballot counts)."""
    return value


def _bonus_cap(value: Value, cell: Cell) -> Any:
    """`Điểm thưởng tối đa`: points above 0 capping the sum of a unit's bonuses (SPEC §2.3)."""
    cap = bonus_cap(value)
    if cap is None:
        cell.error("bad_bonus_cap", value=value.shown)
    return cap


def _person(value: Value, cell: Cell) -> str:
    return person_text(value, cell.label, dict(cell.where, cell=cell.name), cell.problems)


FIELDS: tuple[Field, ...] = (
    Field("Tỉnh", True, text_value, "province", legacy_check=True),
    Field("Tên khối", True, text_value, "block_name", legacy_check=True),
    Field("Năm", True, _year),
    Field("Ngày hội nghị", True, _date, "conference_date", default=None),
    Field("Địa điểm", False, text_value, "place", legacy_check=True),
    Field("Trưởng khối", True, _member, "leader"),
    Field("Phó khối", False, _member, "deputy", default=None),
    Field("Trưởng khối năm sau", True, _member, "next_leader"),
    Field("Phó khối năm sau", False, _member, "next_deputy", default=None),
    Field("Ký hiệu", False, text_value, "symbol"),
    Field("Kính gửi", False, text_value, "addressee", legacy_check=True,
          default=lambda info: f"Chủ tịch Ủy ban nhân dân {province_phrase(info['province'])}"),
    Field("Giờ họp", False, _time, "meeting_time", blank_warning="meeting_time_blank"),
    Field("Chủ trì", False, _person, "chair", legacy_check=True),
    Field("Thư ký", False, _person, "secretary", legacy_check=True, blank_warning="secretary_blank"),
    Field(BONUS_CAP, False, _bonus_cap, "bonus_cap", default=None),
    # the rest of the meeting's record (read/meeting.py): its end, the vote-counting board, the
    # ballots (read together after the fields: `typed_counts`), how forms without a ballot were decided
    Field(END_LABEL, False, _end_time, "end_time", blank_warning="end_time_blank"),
    Field(BOARD_LABEL, False, _board, "counting_board", default=()),
    *(Field(label, False, _checked_only) for label in COUNT_LABELS),
    Field(METHOD_LABEL, False, _method, "vote_method", legacy_check=True),
)


@dataclass(frozen=True)
class Labels:
    """What `ThongTin` holds, by label: every row found (its value and 0-based row), the filled
    cells among them, and each filled cell's parsed value (None where it was wrong)."""

    rows: dict[str, tuple[Value, int]]
    filled: dict[str, tuple[Value, str]]
    parsed: dict[str, Any]
    units: Sequence[Unit]
    where: dict[str, str]

    def cell_of(self, label: str) -> str:
        """The value cell of a label's row, filled or not; empty when the sheet has no such row."""
        return cell_name(self.rows[label][1], 1) if label in self.rows else ""


def _deputy_is_leader(labels: Labels) -> list[Problem]:
    found = []
    for leader, deputy in (("Trưởng khối", "Phó khối"), ("Trưởng khối năm sau", "Phó khối năm sau")):
        code = labels.parsed.get(deputy)
        if code is not None and code == labels.parsed.get(leader):
            found.append(problem("deputy_is_leader", **labels.where, cell=labels.filled[deputy][1], label=deputy,
                                 value=labels.filled[deputy][0].shown, leader=leader))
    return found


def _chair_not_present(labels: Labels) -> list[Problem]:
    """No chair written, so the minutes name the leader unit's head; but that unit sent someone else."""
    leader = next((u for u in labels.units if u.code == labels.parsed.get("Trưởng khối")), None)
    if "Chủ trì" in labels.filled or leader is None or not leader.attendance:
        return []
    return [problem("chair_not_present", **labels.where, cell=labels.cell_of("Chủ trì"), unit=leader.name,
                    attendance=leader.attendance)]


CHECKS: tuple[Callable[[Labels], list[Problem]], ...] = (_deputy_is_leader, _chair_not_present)


def label_rows(sheet: Sheet) -> dict[str, tuple[Value, int]]:
    """Each known label's value, typed, and 0-based row; the first row of a label counts."""
    labels = {key(f.label): f.label for f in FIELDS}
    found: dict[str, tuple[Value, int]] = {}
    for index, row in enumerate(sheet.rows):
        label = labels.get(key(row[0])) if row and isinstance(row[0], str) else None
        if label and label not in found:
            found[label] = (typed(row[1] if len(row) > 1 else ""), index)
    return found


def info_texts(book: Workbook) -> dict[str, str]:
    """The values of `ThongTin` as text, by label, as far as they are filled."""
    sheet = book.sheet(key(INFO_SHEET))
    labels = {key(f.label): f.label for f in FIELDS}
    texts: dict[str, str] = {}
    for row in sheet.rows if sheet else []:  # (a blank first row of a label leaves room for a later one)
        label = labels.get(key(row[0])) if row and isinstance(row[0], str) else None
        value = typed(row[1]) if label and label not in texts and len(row) > 1 else None
        if value is not None and not value.blank:
            texts[label] = value.shown
    return texts


def read_info(book: Workbook, sheet: Sheet, year: int, units: Sequence[Unit],
              problems: list[Problem]) -> BlockInfo | None:
    """The block's information, or None when a label of it is missing or wrong (problems added)."""
    where = dict(file=book.rel, sheet=sheet.name)
    before = len(errors(problems))
    rows = label_rows(sheet)
    filled: dict[str, tuple[Value, str]] = {}
    for field in FIELDS:
        if field.label not in rows:
            if field.required:
                problems.append(problem("label_missing", **where, label=field.label,
                                        hint=_label_hint(sheet, field.label, rows)))
            continue
        value, index = rows[field.label]
        if value.blank:
            if field.required or book.is_formula(sheet.name, index, 1):
                problems.append(blank_or_formula(book, sheet, index, 1, "value_missing", label=field.label))
            continue
        filled[field.label] = (value, cell_name(index, 1))
    parsed = {
        field.label: field.parse(value, Cell(field.label, name, year, units, where, problems))
        for field in FIELDS
        if field.label in filled
        for value, name in [filled[field.label]]
    }
    bonus_cap_as_percent(book, sheet.name, filled, where, problems)
    labels = Labels(rows, filled, parsed, units, where)
    for check in CHECKS:
        problems += check(labels)
    for field in FIELDS:
        if field.blank_warning and field.label not in filled:
            problems.append(warning(field.blank_warning, **where, cell=labels.cell_of(field.label)))
    for field in FIELDS:
        if field.legacy_check and field.label in filled and filled[field.label][0].legacy:
            problems.append(warning("mojibake", **where, cell=filled[field.label][1],
                                    value=filled[field.label][0].shown))
    if len(errors(problems)) > before or not units:
        return None
    record: dict[str, Any] = {}
    for field in FIELDS:
        if field.record:
            value = parsed.get(field.label)
            default = field.default(record) if callable(field.default) else field.default
            record[field.record] = default if value is None or value == "" else value
    record["ballot_counts"] = typed_counts(filled, book.rel, sheet.name, problems)
    if len(errors(problems)) > before:
        return None
    return BlockInfo(year=year, grounds=(), tasks=(), **record)


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


# what a cell naming people at the review meeting should hold, for the message when it is no text
_PERSON = {
    "Chủ trì": "họ tên, chức vụ người chủ trì cuộc họp bình xét (ví dụ Ông Nguyễn Văn A - Cục trưởng Cục Thuế), "
               "hoặc để trống",
    "Thư ký": "họ tên, chức vụ thư ký cuộc họp bình xét, hoặc để trống để ghi tay",
    "Dự họp": "người dự họp của đơn vị (ví dụ Bà Lê Thị B - Phó Giám đốc), hoặc Vắng nếu đơn vị vắng mặt, hoặc "
              "để trống nếu Thủ trưởng đơn vị dự họp",
}


def person_text(value: Value, label: str, where: dict[str, str], problems: list[Problem]) -> str:
    """People as typed, on one line; a number, a date or TRUE (a checkbox habit) is no one."""
    if value.blank:
        return ""
    if not isinstance(value.raw, str):
        problems.append(problem("person_not_text", **where, label=label, value=value.shown, what=_PERSON[label]))
        return ""
    return value.line


def meeting_time_text(cell: Value) -> str | None:
    """`Giờ họp` as text the minutes can say (`08:30` for an Excel time, `8` typed for the hour, or
    a time whose cell lost its format: 0,354...), or the text as typed; None when it is no time of
    day (`25:99`, `30`, a date)."""
    value = cell.raw
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
    text = cell.line
    parts = clock(text)
    return None if parts is not None and (parts[0] > 23 or parts[1] > 59) else text


def date_out_of_reach(book: Workbook, date: dt.date, year: int) -> list[Problem]:
    """The conference closes the year: it is held in that year or early the next. A date far from
    it (`26/12/2200`, `26/12/2002`) is a typo that would date every document wrongly."""
    if year <= date.year <= year + 1:
        return []
    sheet = book.sheet(key(INFO_SHEET))
    row = next((i for i, r in enumerate(sheet.rows) if r and key(r[0]) == key("Ngày hội nghị")), None) if sheet else None
    where = dict(file=book.rel, sheet=sheet.name if sheet else INFO_SHEET, cell=f"B{row + 1}" if row is not None else "")
    return [problem("conference_date_far", **where, value=date.strftime("%d/%m/%Y"), year=year, next=year + 1)]
