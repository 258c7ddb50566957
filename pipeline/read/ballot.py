"""The review meeting's count, sheet `BoPhieu`: yes votes per unit and award form (SPEC §2.1).

It stands in `khoi.xlsx` or in a workbook of its own in the block folder (the count sheet that
`make ballots` writes). Column `Đơn vị` names the unit; each other column is headed with an award
form of `KhenThuong`; a cell holds that unit's yes votes, a blank cell means the unit was not a
candidate for that form.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from ..model import Ballot, BallotCounts, Block
from ..problems import Problem, errors, problem
from ..text import cell_name, folded, format_number, key
from .values import typed
from .units import named_unit
from .sheets import blank_or_formula, rows_below
from .ballot_year import count_year_problems
from .meeting import count_cells, count_problems, merged_counts, vote_problems
from .workbook import Sheet, Workbook

BALLOT_SHEET = "BoPhieu"
AWARDS_SHEET = "KhenThuong"
UNIT_COLUMN = "Đơn vị"

# how staff may name the count sheet nearly right: `Bỏ phiếu`, `Bo Phieu`, `Kiểm phiếu`
_NEAR_NAMES = {folded(BALLOT_SHEET), folded("Kiểm phiếu")}


def ballot_sheet(book: Workbook) -> Sheet | None:
    return book.sheet(key(BALLOT_SHEET))


def looks_like_ballot(sheet: Sheet) -> bool:
    """A sheet named `BoPhieu`, or nearly so: never a score sheet."""
    return sheet.folded in _NEAR_NAMES


def misnamed_ballots(book: Workbook) -> list[Sheet]:
    """Visible sheets named nearly `BoPhieu` (`Bỏ phiếu`, `Bo Phieu`, `Kiểm phiếu`): the count, not
    read under that name."""
    return [s for s in book.sheets if looks_like_ballot(s) and s.key != key(BALLOT_SHEET)]


def hidden_ballot(book: Workbook) -> bool:
    return any(key(name) == key(BALLOT_SHEET) for name in book.hidden)


def read_ballot(book: Workbook, sheet: Sheet, block: Block) -> tuple[Ballot | None, list[Problem]]:
    """The ballot of `sheet`, or None with every problem found in it."""
    where = dict(file=book.rel, sheet=sheet.name)
    start = header_row(sheet)
    if start is None:
        return None, [problem("ballot_no_unit_column", **where, row=1)]
    header = sheet.rows[start]
    keys = [key(cell) if isinstance(cell, str) else "" for cell in header]
    unit_col = keys.index(key(UNIT_COLUMN))
    problems: list[Problem] = []
    counted = count_cells(book, sheet, start, problems)
    forms = {key(form.name): form.name for form in block.awards}
    columns: list[tuple[int, str]] = []  # (column, form name)
    seen_forms: dict[str, str] = {}
    for col, cell in enumerate(header):
        label = typed(cell)
        if col == unit_col or label.blank or (isinstance(cell, str) and label.key == key("Năm")):
            continue  # `Năm`: the count's year, checked by `ballot_year`
        name = forms.get(key(cell)) if isinstance(cell, str) else None
        here = cell_name(start, col)
        if name is None:
            problems.append(problem("ballot_unknown_form", **where, cell=here, value=label.shown,
                                    forms="; ".join(form.name for form in block.awards)))
        elif name in seen_forms:
            problems.append(problem("ballot_repeated_form", **where, cell=here, value=name, other=seen_forms[name]))
        else:
            seen_forms[name] = here
            columns.append((col, name))
    members = len(block.units)
    votes: list[tuple[str, str, int]] = []
    vote_cells: list[str] = []
    seen_units: dict[str, int] = {}
    for row in rows_below(sheet, start, {UNIT_COLUMN: unit_col} | {form: col for col, form in columns}):
        index = row.index
        text = row.values[UNIT_COLUMN].code
        if not text and all(typed(v).blank for col, v in enumerate(sheet.rows[index]) if col != unit_col):
            continue
        unit_cell = row.cell(UNIT_COLUMN)
        if not text:
            problems.append(problem("ballot_unit_blank", **where, cell=unit_cell))
            continue
        named = named_unit(block.units, text)
        unit = named.unit
        if unit is None:
            problems.append(problem("ballot_unknown_unit", **where, cell=unit_cell, value=text,
                                    hint=named.hint))
            continue
        if unit.code in seen_units:
            problems.append(problem("ballot_repeated_unit", **where, cell=unit_cell, value=unit.name,
                                    other_row=seen_units[unit.code]))
            continue
        seen_units[unit.code] = index + 1
        for col, form in columns:
            value = row.values[form]
            if value.blank:
                if book.is_formula(sheet.name, index, col):
                    problems.append(blank_or_formula(book, sheet, index, col, "value_missing", label=form))
                continue
            number = value.number
            if number is None or number != number.to_integral_value() or not 0 <= number <= members:
                problems.append(problem("ballot_bad_votes", **where, cell=cell_name(index, col), value=value.shown,
                                        form=form, unit=unit.name, members=members))
                continue
            votes.append((unit.code, form, int(number)))
            vote_cells.append(cell_name(index, col))
    if errors(problems):
        return None, problems
    ballot = Ballot(tuple(votes), book.rel, sheet.name, tuple(vote_cells), counted or BallotCounts())
    return ballot, problems + _unvoted(block, votes, seen_forms, where)


# how far down the count sheet's header may stand: below a title block and the ballot counts
_HEADER_ROWS = 30


def header_row(sheet: Sheet) -> int | None:
    """The row of the count table's header: the first with a cell `Đơn vị` (row 1 in a sheet typed
    by hand; below the title block and the ballot counts in the one `make ballots` writes)."""
    for index, row in enumerate(sheet.rows[:_HEADER_ROWS]):
        if any(isinstance(cell, str) and key(cell) == key(UNIT_COLUMN) for cell in row):
            return index
    return None


def _unvoted(block: Block, votes: list[tuple[str, str, int]], columns: dict[str, str],
             where: dict[str, str]) -> list[Problem]:
    """A form that needs votes and has none in the count: most likely a count sheet copied in
    before it was filled (`make ballots` lists the candidates with blank vote cells), which would
    give the form to nobody. An error, kept only where no unit could receive the form (the run
    knows who could, once the units are ranked: `unvoted_problems`)."""
    voted = {form for _, form, _ in votes}
    return [
        problem("ballot_form_unvoted", **where, cell=columns.get(form.name, ""), value=form.name,
                share=f"{format_number(form.vote_share)}%")
        for form in block.awards
        if form.vote_share is not None and form.name not in voted
    ]

@dataclass
class Counts:
    """The count sheets of a block's workbooks, as they are opened: each `BoPhieu`, and where a count
    is that is not read as one (a sheet named nearly `BoPhieu`, a hidden `BoPhieu`)."""

    ballots: list[tuple[Workbook, Sheet]] = field(default_factory=list)
    misnamed: list[Problem] = field(default_factory=list)  # told when the count is read (not for ballots)
    hidden: list[str] = field(default_factory=list)  # the workbooks holding one

    def look(self, book: Workbook) -> None:
        sheet = ballot_sheet(book)
        if sheet is not None:
            self.ballots.append((book, sheet))
        self.misnamed += [problem("ballot_sheet_misnamed", file=book.rel, sheet=near.name)
                          for near in misnamed_ballots(book)]
        if hidden_ballot(book):
            self.hidden.append(book.rel)

    def chosen(self, block: Block, block_rel: str, year: int) -> tuple[Block, list[Problem]]:
        """The block with its `BoPhieu` count: one per block, required when a form has `Tỷ lệ phiếu`."""
        problems = list(self.misnamed)
        if not self.ballots:
            form = next((form for form in block.awards if form.vote_share is not None), None)
            if form is not None and not self.misnamed:  # a count named nearly so is told already
                hint = "".join(f" ({rel} có sheet BoPhieu đang bị ẩn nên không được đọc: nếu đó là bảng kiểm phiếu, "
                               "hãy bỏ ẩn sheet: chuột phải vào tên một sheet › Bỏ ẩn)" for rel in self.hidden[:1])
                problems.append(problem("ballot_missing", file=block_rel, sheet=AWARDS_SHEET,
                                        cell=form.vote_share_cell, value=form.name,
                                        share=f"{format_number(form.vote_share)}%", year=year, hint=hint))
            if block.info.ballot_counts is not None:
                problems += count_problems(block.info.ballot_counts, len(block.units))
            return block, problems
        first_book, first_sheet = self.ballots[0]
        for book, sheet in self.ballots[1:]:
            problems.append(problem("ballot_two", file=book.rel, sheet=sheet.name,
                                    other=f"{first_book.rel} › {first_sheet.name}"))
        other_year = count_year_problems(first_book, first_sheet, year)
        if other_year:  # last year's count copied in: its votes are not read at all
            return block, problems + other_year
        ballot, found = read_ballot(first_book, first_sheet, block)
        problems += found
        if ballot is None:
            return block, problems
        counted = ballot.counts if ballot.counts.given() else None
        ballot = replace(ballot, counts=merged_counts(block.info.ballot_counts, counted, problems))
        problems += count_problems(ballot.counts, len(block.units))
        problems += vote_problems(ballot, block)
        return replace(block, ballot=ballot), problems
