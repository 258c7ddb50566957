"""Reading `khoi.xlsx`: the block's information, members, criteria, award forms and texts, each
sheet by a module of its own; here the sheets are found and the parts put together."""

from __future__ import annotations

from ..model import Block
from ..problems import Problem, errors, problem
from ..text import folded, key
from .award_forms import read_award_forms
from .criteria import read_criteria
from .info import read_info
from .markers import marker_problems
from .members import read_members
from .texts import read_sections, read_texts, with_texts
from .units import Members
from .workbook import Sheet, Workbook

REQUIRED_SHEETS = ("ThongTin", "ThanhVien", "TieuChi", "KhenThuong", "NhiemVu")


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
        if sheet is None:  # ` (có sheet "Thông tin": hãy đổi tên sheet thành ThongTin)` when one is named nearly so
            near = book.sheet_named_nearly(folded(name))
            hint = f" (có sheet \"{near.name}\": hãy đổi tên sheet thành {name})" if near else ""
            problems.append(problem("sheet_missing", file=book.rel, sheet_name=name, hint=hint))
        sheets[name] = sheet
    units, all_units = read_members(book, sheets["ThanhVien"], problems) if sheets["ThanhVien"] else ([], False)
    criteria, unusable, all_codes = (
        read_criteria(book, sheets["TieuChi"], problems) if sheets["TieuChi"] else ([], [], False)
    )
    roster = None
    if all_units and all_codes:  # every member and every criterion code known: sheets can be checked
        roster = Members(tuple(units), tuple(criteria), tuple(unusable))
    awards = read_award_forms(book, sheets["KhenThuong"], len(units), problems) if sheets["KhenThuong"] else []
    tasks = read_texts(book, "NhiemVu", problems, required=True)
    problems += marker_problems(book, year)  # what make new-year left for staff to write (read/markers.py)
    info = read_info(book, sheets["ThongTin"], year, units, problems) if sheets["ThongTin"] else None
    if info is not None:
        listed = read_texts(book, "CanCu", problems, required=False)
        info = with_texts(info, tasks, listed, read_sections(book, problems))
    if errors(problems) or info is None:
        return None, roster, problems
    return Block(info, tuple(units), tuple(criteria), tuple(awards)), roster, problems
