"""What `ThongTin` and the count sheet say of the review meeting beyond who attended: the
vote-counting board (`Ban kiểm phiếu`), the ballots issued, returned and valid, how the forms
without a ballot were decided (`Hình thức biểu quyết`); and the checks across them: counts in
order, and no unit with more yes votes than there were voters (SPEC §2.1, §2.3).

The voters are the members present plus the absent ones with a written opinion (`Dự họp`:
`Vắng, có ý kiến bằng văn bản`)."""

from __future__ import annotations


from ..model import Ballot, BallotCounts, Block, Unit
from ..problems import Problem, problem
from ..text import cell_name, clean, key, one_line, two_digits
from .values import Value, typed
from .workbook import Sheet, Workbook

END_LABEL = "Giờ kết thúc"
BOARD_LABEL = "Ban kiểm phiếu"
COUNT_LABELS = ("Số phiếu phát ra", "Số phiếu thu về", "Số phiếu hợp lệ")
METHOD_LABEL = "Hình thức biểu quyết"
MEETING_LABELS = (END_LABEL, BOARD_LABEL, *COUNT_LABELS, METHOD_LABEL)

# what each count is, in a message
_COUNT_WORDS = dict(zip(COUNT_LABELS, ("số phiếu phát ra", "số phiếu thu về", "số phiếu hợp lệ")))

Where = tuple[str, str, str]  # (file, sheet, cell)


def voters(units: tuple[Unit, ...] | list[Unit]) -> list[Unit]:
    """The members that voted: present, or absent with a written opinion."""
    return [u for u in units if not u.absent or u.written_opinion]


def counting_board(value: Value, where: dict[str, str], problems: list[Problem]) -> tuple[str, ...]:
    """`Ban kiểm phiếu`: its members as typed, one by one (separated by `;`)."""
    if isinstance(value.raw, str):
        return tuple(one_line(member) for member in value.raw.split(";") if clean(member))
    problems.append(problem("person_not_text", **where, label=BOARD_LABEL, value=value.shown,
                            what="họ tên, chức vụ các thành viên Ban kiểm phiếu, cách nhau bởi dấu ; "
                                 "(ví dụ Ông Trần Văn C - Sở Tư pháp, Trưởng ban; Bà Lê Thị D - Sở Nội vụ)"))
    return ()


def vote_method_text(value: Value, where: dict[str, str], problems: list[Problem]) -> str:
    """`Hình thức biểu quyết` as typed, on one line."""
    if isinstance(value.raw, str):
        return value.line
    problems.append(problem("bad_vote_method", **where, value=value.shown))
    return ""


def typed_counts(values: dict[str, tuple[Value, str]], file: str, sheet: str,
                 problems: list[Problem]) -> BallotCounts | None:
    """The ballot counts typed in `ThongTin` (`values`: label -> (raw value, cell) of the filled
    labels), or None when none is."""
    where = dict(file=file, sheet=sheet)
    counts: list[int | None] = []
    cells: list[Where] = []
    for label in COUNT_LABELS:
        number, cell = _count(values.get(label), label, where, problems)
        counts.append(number)
        cells.append((file, sheet, cell))
    found = BallotCounts(*counts, cells=tuple(cells))
    return found if found.given() else None


def _count(value: tuple[Value, str] | None, label: str, where: dict[str, str],
           problems: list[Problem]) -> tuple[int | None, str]:
    if value is None:
        return None, ""
    typed_value, cell = value
    number = typed_value.number if not isinstance(typed_value.raw, bool) else None
    if number is None or number != number.to_integral_value() or number < 0:
        problems.append(problem("bad_ballot_count", **where, cell=cell, label=label, value=typed_value.shown))
        return None, cell
    return int(number), cell


def count_cells(book: Workbook, sheet: Sheet, header_row: int, problems: list[Problem]) -> BallotCounts | None:
    """The labelled ballot counts above the count table (`Số phiếu phát ra` in a cell, the number in
    the next cell to its right), as `make ballots` writes them; None when the sheet has none."""
    found: dict[str, tuple[Value, str]] = {}
    labels = {key(label): label for label in COUNT_LABELS}
    for index in range(header_row):
        row = sheet.rows[index]
        for col, cell in enumerate(row):
            label = labels.get(key(cell)) if isinstance(cell, str) else None
            if label and label not in found:
                value = typed(sheet.value(index, col + 1) if col + 1 < len(row) else None)
                if not value.blank:
                    found[label] = (value, cell_name(index, col + 1))
                break
    if not found:
        return None
    where = dict(file=book.rel, sheet=sheet.name)
    counts, cells = [], []
    for label in COUNT_LABELS:
        number, cell = _count(found.get(label), label, where, problems)
        counts.append(number)
        cells.append((book.rel, sheet.name, cell))
    return BallotCounts(*counts, cells=tuple(cells))


def merged_counts(typed: BallotCounts | None, counted: BallotCounts | None, problems: list[Problem]) -> BallotCounts:
    """The counts of the count sheet and of `ThongTin` together: a count given in both must agree."""
    if typed is None or counted is None:
        return typed or counted or BallotCounts()
    values: list[int | None] = []
    cells: list[Where] = []
    for label, mine, theirs, here, there in zip(
            COUNT_LABELS, _values(counted), _values(typed), counted.cells, typed.cells):
        if mine is not None and theirs is not None and mine != theirs:
            problems.append(problem("ballot_count_differs", file=here[0], sheet=here[1], cell=here[2], label=label,
                                    value=mine, other=theirs, where=f"{there[0]} › {there[1]} › {there[2]}"))
        values.append(mine if mine is not None else theirs)
        cells.append(here if mine is not None else there)
    return BallotCounts(*values, cells=tuple(cells))


def _values(counts: BallotCounts) -> tuple[int | None, int | None, int | None]:
    return counts.issued, counts.returned, counts.valid


def count_problems(counts: BallotCounts, members: int) -> list[Problem]:
    """Issued ≥ returned ≥ valid, and no more ballots issued than there are members."""
    found: list[Problem] = []
    issued, returned, valid = _values(counts)
    if issued is not None and issued > members:
        file, sheet, cell = counts.cells[0]
        found.append(problem("ballot_count_over_members", file=file, sheet=sheet, cell=cell, value=issued,
                             members=two_digits(members)))
    pairs = ((1, returned, 0, issued), (2, valid, 1, returned), (2, valid, 0, issued))
    told: set[int] = set()
    for index, value, other_index, other in pairs:
        if value is not None and other is not None and value > other and index not in told:
            told.add(index)
            file, sheet, cell = counts.cells[index]
            found.append(problem("ballot_count_order", file=file, sheet=sheet, cell=cell, label=COUNT_LABELS[index],
                                 value=value, other_label=_COUNT_WORDS[COUNT_LABELS[other_index]], other=other))
    return found


def vote_problems(ballot: Ballot, block: Block) -> list[Problem]:
    """A unit's yes votes above the number of voters, or above the valid ballots when given: a
    count typed wrong (or a voter left out of `Dự họp`)."""
    voting = voters(block.units)
    valid = ballot.counts.valid
    names = {u.code: u.name for u in block.units}
    found: list[Problem] = []
    for (code, form, votes), cell in zip(ballot.votes, ballot.cells):
        where = dict(file=ballot.file, sheet=ballot.sheet, cell=cell, value=votes, unit=names[code], form=form)
        if votes > len(voting):
            written = sum(1 for u in voting if u.absent)
            found.append(problem("ballot_votes_over_voters", **where, voters=two_digits(len(voting)),
                                 present=two_digits(len(voting) - written), written=two_digits(written)))
        elif valid is not None and votes > valid:
            found.append(problem("ballot_votes_over_valid", **where, valid=two_digits(valid)))
    return found
