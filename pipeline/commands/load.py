"""Read and validate one block folder, then score, rank and allocate awards.

Every problem of the block is collected in one pass: file faults, `khoi.xlsx`, every score
sheet (checked against the members and criteria even when another part of `khoi.xlsx` is
wrong), members without a sheet or with two, and ties the conference has to decide.
"""

from __future__ import annotations

import datetime as dt

from dataclasses import dataclass, field, replace
from pathlib import Path

from ..documents.grounds import with_grounds
from ..rules.awards import allocate, candidates
from ..read.discover import BlockFolder, workbook_files
from ..read.khoi import BLOCK_FILE, read_block_parts
from ..model import Block, BlockResult, ScoreSheet, Unit, UnitResult
from ..read.ballot import ballot_sheet, hidden_ballot, misnamed_ballots, read_ballot
from ..problems import Problem, errors, problem, warning
from ..read.scoresheet import Found, Roster, read_score_sheets
from ..read.meeting import count_problems, merged_counts, record_problems, vote_problems
from ..read.tie_rule import tie_rule_problems
from ..rules.scoring import rank_units
from ..read.sheets import folded
from ..text import format_number, key
from ..read.workbook import WORKBOOK_SUFFIXES, Sheet, Workbook, WorkbookProblem, open_workbook

_MEMBERS_SHEET = "ThanhVien"
_AWARDS_SHEET = "KhenThuong"


@dataclass
class Loaded:
    """One block's outcome: its result, or the problems that stop it (warnings either way)."""

    folder: BlockFolder
    result: BlockResult | None
    problems: list[Problem]
    files: dict[str, Path] = field(default_factory=dict)  # rel name -> path, for marked copies


@dataclass
class _Claims:
    """Which sheet each member's scores come from, and what explains a member without one."""

    first: dict[str, Found] = field(default_factory=dict)
    valid: dict[str, ScoreSheet] = field(default_factory=dict)
    skipped: dict[str, list[str]] = field(default_factory=dict)  # unit code -> skipped sheets naming it
    guessed: dict[str, list[str]] = field(default_factory=dict)  # unit code -> sheets naming a unit like it
    unreadable: list[str] = field(default_factory=list)


def load_block(
    folder: BlockFolder, year: int, year_dir: Path, *, votes: bool = True, skip: frozenset[Path] = frozenset()
) -> Loaded:
    """Read and check the block; with `votes`, read its ballot and allocate the awards. Without
    (`make ballots`, before the vote), the units are ranked and nothing is allocated. `skip`:
    the tool's own files, when the output folder lies inside the input folder."""
    loaded = Loaded(folder, None, [])
    problems = loaded.problems

    def rel(path: Path) -> str:
        name = path.relative_to(year_dir).as_posix()
        loaded.files[name] = path
        return name

    if folder.same_name_as:
        problems.append(problem("block_folder_same_name", file=folder.name, value=folder.same_name_as))
        return loaded
    if folder.block_file is None:
        problems.append(
            problem("no_block_file", file=folder.name, folder=str(folder.path), hint=_block_file_hint(folder.path))
        )
        return loaded
    block_rel = rel(folder.block_file)
    for other in folder.other_block_files:
        problems.append(problem("block_file_twice", file=rel(other), value=folder.block_file.name))
    block, roster, members_sheet = None, None, _MEMBERS_SHEET
    block_book: Workbook | None = None
    try:
        block_book = open_workbook(folder.block_file, block_rel)
        block, roster, found = read_block_parts(block_book, year)
        problems += found
        if block is not None:
            problems += _date_out_of_reach(block_book, block.info.conference_date, year)
        if block is not None:
            block, found = with_grounds(block)
            problems += found
            rule, found = tie_rule_problems(block.info.conference_date)
            problems += found
            block = replace(block, women_first=rule)
        members_sheet = _sheet_name(block_book, _MEMBERS_SHEET)
    except WorkbookProblem as exc:
        problems.append(exc.problem)
    checked: Roster | None = block or roster
    claims = _Claims()
    ballots: list[tuple[Workbook, Sheet]] = []
    counts = _Counts()
    if block_book is not None:
        _look_for_count(block_book, ballots, counts)
    workbooks = workbook_files(folder, skip, year_dir)
    problems += workbooks.problems
    for path in workbooks.files:
        try:
            book = open_workbook(path, rel(path))
        except WorkbookProblem as exc:
            problems.append(exc.problem)
            claims.unreadable.append(exc.problem.file)
            continue
        _look_for_count(book, ballots, counts)
        if checked is not None:
            for found_sheet in read_score_sheets(book, checked):
                problems += found_sheet.problems
                _claim(found_sheet, checked, claims, problems)
    if checked is None:
        return loaded
    for unit in checked.units:
        if unit.code not in claims.first:
            problems.append(
                problem("unit_no_sheet", file=block_rel, sheet=members_sheet, row=unit.row,
                        value=f"{unit.name} ({unit.code})", hint=_no_sheet_hint(unit, claims, year, year_dir.parent))
            )
    if block is not None and votes:
        block = _with_ballot(block, ballots, counts, block_rel, year, problems)
        if not block.info.sections and block_book is not None and block_book.sheet(key("TongKet")) is None:
            problems.append(warning("no_narrative", file=block_rel))
    unvoted = [p for p in problems if p.code == "ballot_form_unvoted"]
    if errors([p for p in problems if p not in unvoted]) or block is None:
        return loaded
    ranked = rank_units(block, claims.valid)
    _forgive_unvoted(block, ranked, unvoted, problems)
    if errors(problems):
        return loaded
    if not votes:
        loaded.result = BlockResult(block, tuple(ranked))
        return loaded
    allocation = allocate(block, ranked, block_rel)
    problems += allocation.problems
    if not errors(allocation.problems):
        loaded.result = BlockResult(block, tuple(allocation.ranked), allocation.outcomes)
        problems += record_problems(block, allocation.outcomes, block_rel)
    return loaded


@dataclass
class _Counts:
    """Where a count sheet not read as one is: a sheet named nearly `BoPhieu`, a hidden `BoPhieu`."""

    misnamed: list[Problem] = field(default_factory=list)  # told when the count is read (not for ballots)
    hidden: list[str] = field(default_factory=list)  # the workbooks holding one


def _look_for_count(book: Workbook, ballots: list[tuple[Workbook, Sheet]], counts: _Counts) -> None:
    sheet = ballot_sheet(book)
    if sheet is not None:
        ballots.append((book, sheet))
    counts.misnamed += [problem("ballot_sheet_misnamed", file=book.rel, sheet=near.name)
                        for near in misnamed_ballots(book)]
    if hidden_ballot(book):
        counts.hidden.append(book.rel)


def _forgive_unvoted(block: Block, ranked: list[UnitResult], unvoted: list[Problem], problems: list[Problem]) -> None:
    """A form with `Tỷ lệ phiếu` that no unit could receive (all barred, none reaching its minimum)
    needs no votes: its empty count column is no fault."""
    forms = {form.name: form for form in block.awards}
    for found in unvoted:
        if not candidates(forms[found.value], ranked):
            problems.remove(found)


def _with_ballot(block: Block, ballots: list[tuple[Workbook, Sheet]], counts: _Counts, block_rel: str, year: int,
                 problems: list[Problem]) -> Block:
    """The block with its `BoPhieu` count: one per block, required when a form has `Tỷ lệ phiếu`."""
    problems += counts.misnamed
    if not ballots:
        if block.info.ballot_counts is not None:
            problems += count_problems(block.info.ballot_counts, len(block.units))
        form = next((form for form in block.awards if form.vote_share is not None), None)
        if form is not None and not counts.misnamed:  # a count named nearly so is told already
            hint = "".join(f" ({rel} có sheet BoPhieu đang bị ẩn nên không được đọc: nếu đó là bảng kiểm phiếu, hãy "
                           "bỏ ẩn sheet: chuột phải vào tên một sheet › Bỏ ẩn)" for rel in counts.hidden[:1])
            problems.append(problem("ballot_missing", file=block_rel, sheet=_AWARDS_SHEET, cell=form.vote_share_cell,
                                    value=form.name, share=f"{format_number(form.vote_share)}%", year=year,
                                    hint=hint))
        return block
    for book, sheet in ballots[1:]:
        first_book, first_sheet = ballots[0]
        problems.append(problem("ballot_two", file=book.rel, sheet=sheet.name,
                                other=f"{first_book.rel} › {first_sheet.name}"))
    book, sheet = ballots[0]
    ballot, found = read_ballot(book, sheet, block)
    problems += found
    if ballot is None:
        return block
    ballot = replace(ballot, counts=merged_counts(block.info.ballot_counts, ballot.counts if ballot.counts.given()
                                                  else None, problems))
    problems += count_problems(ballot.counts, len(block.units))
    problems += vote_problems(ballot, block)
    return replace(block, ballot=ballot)


def _claim(found: Found, checked: Roster, claims: _Claims, problems: list[Problem]) -> None:
    if found.skipped_unit:
        claims.skipped.setdefault(found.skipped_unit, []).append(f"{found.file} › {found.sheet_name}")
    for guess in found.guessed_units:
        claims.guessed.setdefault(guess, []).append(f"{found.file} › {found.sheet_name} (ghi \"{found.unit_text}\")")
    code = found.unit_code
    if not code:
        return
    if code in claims.first:
        first = claims.first[code]
        problems.append(
            problem("unit_two_sheets", file=found.file, sheet=found.sheet_name, cell=found.unit_cell,
                    value=_unit_name(checked, code), other=f"{first.file} › {first.sheet_name}")
        )
        return
    claims.first[code] = found
    if found.sheet is not None:
        claims.valid[code] = found.sheet


def _date_out_of_reach(book: Workbook, date: dt.date, year: int) -> list[Problem]:
    """The conference closes the year: it is held in that year or early the next. A date far from
    it (`26/12/2200`, `26/12/2002`) is a typo that would date every document wrongly."""
    if year <= date.year <= year + 1:
        return []
    sheet = book.sheet(key("ThongTin"))
    row = next((i for i, r in enumerate(sheet.rows) if r and key(r[0]) == key("Ngày hội nghị")), None) if sheet else None
    where = dict(file=book.rel, sheet=sheet.name if sheet else "ThongTin", cell=f"B{row + 1}" if row is not None else "")
    return [problem("conference_date_far", **where, value=date.strftime("%d/%m/%Y"), year=year, next=year + 1)]


def _unit_name(checked: Roster, code: str) -> str:
    return next((u.name for u in checked.units if u.code == code), code)


def _no_sheet_hint(unit: Unit, claims: _Claims, year: int, input_dir: Path) -> str:
    """Where the member's sheet may be, or what to do."""
    if unit.code in claims.skipped:
        return (
            f": sheet {', '.join(claims.skipped[unit.code])} có ghi tên đơn vị này nhưng bị bỏ qua vì dòng tiêu đề "
            "không có đủ các cột Mã tiêu chí, Điểm tự chấm, Điểm khối chấm"
        )
    if unit.code in claims.guessed:
        return f"; có thể là sheet {', '.join(claims.guessed[unit.code])}: hãy sửa tên đơn vị ở đó thành \"{unit.name}\""
    if claims.unreadable:
        return f"; có thể bảng nằm trong tệp không đọc được: {', '.join(claims.unreadable)}"
    return (
        f". Hãy chép bảng chấm điểm của đơn vị vào thư mục của khối, với ô \"Đơn vị: {unit.name}\" phía trên bảng điểm"
        f" (phiếu chấm điểm trống cho các đơn vị: make forms year={year}{_input_arg(input_dir)})"
    )


def _input_arg(input_dir: Path) -> str:
    return "" if input_dir == Path("input_samples") else f' input="{input_dir}"'


def _sheet_name(book: Workbook, name: str) -> str:
    sheet = book.sheet(key(name))
    return sheet.name if sheet else name


def _block_file_hint(folder: Path) -> str:
    """`. Có tệp "Khối.xlsx": hãy đổi tên thành khoi.xlsx`, or what else the folder lacks."""
    entries = sorted(folder.rglob("*")) if folder.is_dir() else []
    books = [p for p in entries if p.is_file() and p.suffix.lower() in WORKBOOK_SUFFIXES
             and not p.name.startswith(("~$", "."))]
    near = [p for p in books if folded(p.stem).startswith("khoi")]
    if near:
        name = near[0].relative_to(folder).as_posix()
        return f". Có tệp \"{name}\": nếu đây là tệp của khối, hãy đổi tên thành khoi.xlsx và đặt ở thư mục này"
    if not books:
        return ". Thư mục chưa có tệp Excel nào: hãy chép khoi.xlsx và các bảng chấm điểm vào đây"
    return ". Hãy chép tệp khoi.xlsx của khối vào thư mục này"


__all__ = ["Loaded", "load_block", "BLOCK_FILE"]
