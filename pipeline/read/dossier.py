"""What the achievement reports need beside the scores, gathered while a block's workbooks are
read: the award history (`LichSu`, in any workbook of the block or in the province's
`<input>/lich_su_khen_thuong.xlsx`) and each unit's account of its year (`ThanhTich`, in its
score workbook)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Sequence

from ..model import Account, Block, Honour
from ..problems import Problem, problem
from .achievements import account_sheet, read_account
from .history import SHARED_HISTORY, history_sheet, merged, read_history
from .scoresheet import Found, Roster
from .workbook import Workbook, WorkbookProblem, open_workbook


@dataclass
class Dossier:
    honours: list[Honour] = field(default_factory=list)
    accounts: dict[str, Account] = field(default_factory=dict)

    def look(self, book: Workbook, checked: Roster, year: int, found_sheets: Sequence[Found] | None = None) -> list[Problem]:
        """The `LichSu` of a workbook of the block; with `found_sheets` (a score workbook's sheets),
        its `ThanhTich`, the account of the unit whose scores it holds."""
        problems: list[Problem] = []
        sheet = history_sheet(book)
        if sheet is not None:
            honours, found = read_history(book, sheet, checked.units, year)
            self.honours += honours
            problems += found
        account = account_sheet(book) if found_sheets is not None else None
        if account is not None and found_sheets is not None:
            problems += self._account(book, account, found_sheets)
        return problems

    def _account(self, book: Workbook, sheet: object, found_sheets: Sequence[Found]) -> list[Problem]:
        codes = [f.unit_code for f in found_sheets if f.unit_code]
        unknown = [f.unit_text for f in found_sheets if not f.unit_code and f.unit_text]
        account, problems = read_account(book, sheet, codes, unknown)  # type: ignore[arg-type]
        if account is None:
            return problems
        if account.unit_code in self.accounts:
            first = self.accounts[account.unit_code]
            return problems + [problem("account_twice", file=book.rel, sheet=getattr(sheet, "name", "ThanhTich"),
                                       value=account.unit_code, other=f"{first.file} › ThanhTich")]
        self.accounts[account.unit_code] = account
        return problems

    def shared(self, year_dir: Path, checked: Roster, year: int, files: dict[str, Path]) -> list[Problem]:
        """The block's rows of `<input>/lich_su_khen_thuong.xlsx`, the history of every block and
        year (`files` gets it, for a marked copy when it has an error)."""
        input_dir = year_dir.parent
        path = next((p for p in sorted(input_dir.iterdir()) if p.is_file() and p.name.lower() == SHARED_HISTORY),
                    None) if input_dir.is_dir() else None
        if path is None:
            return []
        try:
            book = open_workbook(path, path.name)
        except WorkbookProblem as exc:
            return [exc.problem]
        files[path.name] = path
        sheet = history_sheet(book) or (book.sheets[0] if len(book.sheets) == 1 else None)
        if sheet is None:
            return [problem("history_sheet_missing", file=path.name)]
        years = [int(p.name) for p in input_dir.iterdir() if p.is_dir() and p.name.isdigit() and len(p.name) == 4]
        honours, found = read_history(book, sheet, checked.units, year, shared_until=max(years + [year]))
        self.honours += honours
        return found

    def into(self, block: Block) -> Block:
        return replace(block, history=merged(self.honours),
                       accounts=tuple(self.accounts[u.code] for u in block.units if u.code in self.accounts))
