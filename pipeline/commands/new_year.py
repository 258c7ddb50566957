"""Starting next year's `khoi.xlsx` from this year's: leaders rotated, the conference's cells blank.

The workbook is copied with openpyxl and only values change, so the staff's formatting, column
widths and extra sheets survive. It never overwrites a file.
"""

from __future__ import annotations

import warnings
from io import BytesIO
from pathlib import Path
from typing import Any

from ..read.discover import BLOCK_FILE, BlockFolder, block_path, find_blocks, workbook_files
from ..read.history import HISTORY_SHEET
from ..read.markers import REVIEW_SHEET, TASKS_SHEET, review_marker, tasks_marker
from ..write.outputs import write_atomically
from ..problems import MESSAGES, Hint, InputError, Step, UsageError, problem
from .result import Result
from .run import year_folder
from ..text import key
from ..read.workbook import WorkbookProblem, open_workbook

INFO_SHEET = "ThongTin"
MEMBERS_SHEET = "ThanhVien"
YEAR = "Năm"
# (label this year, label next year): next year's value comes from this year's cell.
ROTATED = (("Trưởng khối năm sau", "Trưởng khối"), ("Phó khối năm sau", "Phó khối"))
# Left blank for the new year's conference; the label stays so staff see where to write.
CLEARED = ("Trưởng khối năm sau", "Phó khối năm sau", "Ngày hội nghị")
# The review meeting's own: blanked where the label is there, never added.
CLEARED_IF_THERE = ("Giờ họp", "Chủ trì", "Thư ký", "Địa điểm",  # the hall changes with the leader
                    "Giờ kết thúc", "Ban kiểm phiếu", "Số phiếu phát ra", "Số phiếu thu về", "Số phiếu hợp lệ",
                    "Hình thức biểu quyết")
# Decided anew each year (SPEC §2.1): who is barred, the conference's tie-break vote, who attended.
PER_YEAR_COLUMNS = ("Không đủ điều kiện", "Ưu tiên", "Dự họp")
# Sheets of one year only: their rows go, their header row stays (the count). The award history
# (`LichSu`) is no such sheet: it goes on unchanged, and the year's decisions are added by staff when
# they arrive (the conference only proposes).
PER_YEAR_SHEETS = ("BoPhieu",)


GROUNDS_SHEET = "CanCu"


def _carried(histories: list[tuple[BlockFolder, list[Path]]]) -> tuple[list[Path], list[Path]]:
    """What was carried into next year for staff to look at, each `khoi.xlsx` opened once: those
    that list their own legal grounds (`CanCu`: the law may have changed by next year's conference),
    and where the award history is (`LichSu` in a `khoi.xlsx`, or `histories`, the workbooks of it
    alone: the year's decisions are to be added when they arrive)."""
    grounds: list[Path] = []
    history: list[Path] = []
    for folder, alone in histories:
        assert folder.block_file is not None
        try:
            book = open_workbook(folder.block_file, folder.block_file.name)
        except WorkbookProblem:
            continue
        sheet = book.sheet(key(GROUNDS_SHEET))
        if sheet is not None and len(sheet.rows) > 1:
            grounds.append(folder.block_file)
        if book.sheet(key(HISTORY_SHEET)) is not None:
            history.append(folder.block_file)
        history += alone
    return grounds, history


def start_new_year(year: int, input_dir: Path) -> Result:
    """Write `<input>/<year+1>/khoi.xlsx` (one per block) from `<year>`'s, and the workbooks of the
    award history alone; returns them, and the next steps: the forms, and after the conference
    the check and the run of the new year; the legal grounds carried over to review, the history
    to complete with this year's decisions.

    Raises UsageError when this year has no `khoi.xlsx` or next year's already exists, and
    InputError when this year's cannot be read.
    """
    year_dir = year_folder(input_dir, year)
    next_dir = input_dir / str(year + 1)
    blocks = find_blocks(year_dir)
    sources: dict[Path, Path] = {}
    for folder in blocks:
        if folder.block_file is None:
            raise UsageError(
                f"Không có tệp {BLOCK_FILE} trong {folder.path}. Hãy chép tệp {BLOCK_FILE} của năm {year} vào đó"
            )
        target_dir = next_dir / folder.name if folder.name else next_dir
        existing = block_path(target_dir)
        if existing is not None:
            raise UsageError(MESSAGES["new_year_exists"].format(value=existing))
        sources[target_dir / BLOCK_FILE] = folder.block_file
    files = {target: next_year_book(source, year, year_dir) for target, source in sources.items()}
    histories = [(folder, history_books(folder)) for folder in blocks]
    for folder, alone in histories:  # a workbook of the award history alone goes on as it is
        target_dir = next_dir / folder.name if folder.name else next_dir
        for history in alone:
            target = target_dir / history.relative_to(folder.path)
            if not target.exists():
                files[target] = history.read_bytes()
    written = write_atomically(files, record=False)  # staff's own workbook from now on, never the tool's output
    steps = (Hint(Step.FORMS), Hint(Step.CHECK, year + 1, input_dir), Hint(Step.RUN, year + 1))
    grounds, history = _carried(histories)
    steps += tuple(Hint(Step.REVIEW_GROUNDS, year + 1, input_dir, path) for path in grounds)
    steps += tuple(Hint(Step.ADD_HISTORY, year, input_dir, path) for path in history)
    return Result(tuple(written.files), tuple(written.kept), tuple(written.notes), steps)


def history_books(folder: BlockFolder) -> list[Path]:
    """The block's workbooks that hold the award history (`LichSu`) and no other visible sheet."""
    found = []
    for path in workbook_files(folder).files:
        try:
            book = open_workbook(path, path.name)
        except WorkbookProblem:
            continue
        if book.sheets and all(key(sheet.name) == key(HISTORY_SHEET) for sheet in book.sheets):
            found.append(path)
    return found


def next_year_book(source: Path, year: int, year_dir: Path) -> bytes:
    """The bytes of next year's workbook made from this year's `source`."""
    from openpyxl import load_workbook

    rel = source.relative_to(year_dir).as_posix()
    try:
        open_workbook(source, rel)  # the same checks and messages as a run: password, not a workbook, ...
    except WorkbookProblem as exc:
        raise InputError([exc.problem]) from exc
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about Excel features it does not keep
            book = load_workbook(source)
    except Exception as exc:  # openpyxl raises many types for a damaged or foreign file
        detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:160]
        raise InputError([problem("file_unreadable", file=rel, detail=detail)]) from exc
    sheets = {key(name): book[name] for name in book.sheetnames}
    info = sheets.get(key(INFO_SHEET))
    if info is None:
        raise InputError([problem("sheet_missing", file=rel, sheet_name=INFO_SHEET, hint="")])
    _rotate_info(info, year)
    members = sheets.get(key(MEMBERS_SHEET))
    if members is not None:
        _clear_columns(members, PER_YEAR_COLUMNS)
    for name in PER_YEAR_SHEETS:
        if key(name) in sheets and sheets[key(name)].max_row > 1:
            sheets[key(name)].delete_rows(2, sheets[key(name)].max_row - 1)
    leave_for_staff(sheets, year + 1)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def leave_for_staff(sheets: dict[str, Any], year: int) -> None:
    """Next year's tasks and narrative are the staff's to write, never carried silently: `NhiemVu`
    keeps this year's tasks (most come back, reworded) under a marker row that asks for `year + 1`'s;
    `TongKet` loses this year's rows for a marker row that asks for `year`'s. While a marker is
    there, a run or a check of `year` stops at it (read/markers.py). `year`: the new workbook's."""
    tasks = sheets.get(key(TASKS_SHEET))
    if tasks is not None:
        _marker_row(tasks, {"Nội dung": tasks_marker(year + 1)})
    review = sheets.get(key(REVIEW_SHEET))
    if review is not None:
        if review.max_row > 1:
            review.delete_rows(2, review.max_row - 1)
        heading, text = review_marker(year)
        _marker_row(review, {"Mục": heading, "Nội dung": text})


def _marker_row(sheet: Any, texts: dict[str, str]) -> None:
    """A row inserted under the header, in the columns the header names (the first column when it
    names none of them), in bold dark red on yellow: what a clerk sees first on opening the sheet."""
    from openpyxl.styles import Alignment, Font, PatternFill

    columns = {key(cell.value): cell.column for cell in sheet[1] if isinstance(cell.value, str)}
    sheet.insert_rows(2)
    for offset, (label, text) in enumerate(texts.items()):
        column = columns.get(key(label), offset + 1)
        cell = sheet.cell(row=2, column=column, value=text)
        cell.data_type = "s"
        cell.font = Font(bold=True, color="C00000")
        cell.fill = PatternFill("solid", fgColor="FFFF99")
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _rotate_info(sheet: Any, year: int) -> None:
    rows: dict[str, int] = {}
    for row in range(1, sheet.max_row + 1):
        label = sheet.cell(row=row, column=1).value
        if isinstance(label, str) and key(label) not in rows:
            rows[key(label)] = row

    def value_cell(label: str) -> Any:
        if key(label) not in rows:
            rows[key(label)] = sheet.max_row + 1
            sheet.cell(row=rows[key(label)], column=1, value=label)
        return sheet.cell(row=rows[key(label)], column=2)

    elected = {
        later: sheet.cell(row=rows[key(now)], column=2) if key(now) in rows else None
        for now, later in ROTATED
    }
    value_cell(YEAR).value = year + 1
    for label, source in elected.items():
        if (source is not None and source.value is not None) or key(label) in rows:
            target = value_cell(label)
            target.value = source.value if source is not None else None
            if source is not None and source.data_type == "s":
                target.data_type = "s"  # text typed as `=...` stays text: nothing the tool writes can run
    for label in CLEARED:
        value_cell(label).value = None
    for label in CLEARED_IF_THERE:
        if key(label) in rows:
            value_cell(label).value = None


def _clear_columns(sheet: Any, columns: tuple[str, ...]) -> None:
    wanted = {key(c) for c in columns}
    for col in range(1, sheet.max_column + 1):
        if key(sheet.cell(row=1, column=col).value) in wanted:
            for row in range(2, sheet.max_row + 1):
                sheet.cell(row=row, column=col).value = None


__all__ = ["start_new_year", "next_year_book"]
