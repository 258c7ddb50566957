"""Which sheet each member's scores come from (SPEC §2.2): the first sheet naming a unit claims
it, a second is an error; a member with no sheet is an error that says where its sheet may be."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..model import ScoreSheet, Unit
from ..problems import Hint, Problem, Said, Step, problem
from .scoresheet import Found
from .units import Roster


@dataclass
class Claims:
    """Which sheet each member's scores come from, and what explains a member without one."""

    first: dict[str, Found] = field(default_factory=dict)
    valid: dict[str, ScoreSheet] = field(default_factory=dict)
    skipped: dict[str, list[str]] = field(default_factory=dict)  # unit code -> skipped sheets naming it
    guessed: dict[str, list[str]] = field(default_factory=dict)  # unit code -> sheets naming a unit like it
    unreadable: list[str] = field(default_factory=list)

    def claim(self, found: Found, checked: Roster) -> list[Problem]:
        """Take a sheet found in a workbook; a problem when its unit has a sheet already."""
        if found.skipped_unit:
            self.skipped.setdefault(found.skipped_unit, []).append(f"{found.file} › {found.sheet_name}")
        for guess in found.guessed_units:
            self.guessed.setdefault(guess, []).append(f"{found.file} › {found.sheet_name} (ghi \"{found.unit_text}\")")
        code = found.unit_code
        if not code:
            return []
        if code in self.first:
            first = self.first[code]
            return [problem("unit_two_sheets", file=found.file, sheet=found.sheet_name, cell=found.unit_cell,
                            value=_unit_name(checked, code), other=f"{first.file} › {first.sheet_name}")]
        self.first[code] = found
        if found.sheet is not None:
            self.valid[code] = found.sheet
        return []

    def unclaimed(self, checked: Roster, block_rel: str, members_sheet: str, year: int,
                  input_dir: Path) -> list[Problem]:
        """A problem at each member's row of `ThanhVien` that no sheet claimed."""
        return [
            problem("unit_no_sheet", file=block_rel, sheet=members_sheet, row=unit.row,
                    value=f"{unit.name} ({unit.code})", hint=self._no_sheet_hint(unit, year, input_dir))
            for unit in checked.units
            if unit.code not in self.first
        ]

    def _no_sheet_hint(self, unit: Unit, year: int, input_dir: Path) -> str | Said:
        """Where the member's sheet may be, or what to do."""
        if unit.code in self.skipped:
            return (
                f": sheet {', '.join(self.skipped[unit.code])} có ghi tên đơn vị này nhưng bị bỏ qua vì dòng tiêu đề "
                "không có đủ các cột Mã tiêu chí, Điểm tự chấm, Điểm khối chấm"
            )
        if unit.code in self.guessed:
            return f"; có thể là sheet {', '.join(self.guessed[unit.code])}: hãy sửa tên đơn vị ở đó thành \"{unit.name}\""
        if self.unreadable:
            return f"; có thể bảng nằm trong tệp không đọc được: {', '.join(self.unreadable)}"
        return (
            f". Hãy chép bảng chấm điểm của đơn vị vào thư mục của khối, với ô \"Đơn vị: {unit.name}\" phía trên bảng điểm"
            " (phiếu chấm điểm trống cho các đơn vị: ", Hint(Step.FORMS, year, input_dir), ")"
        )


def _unit_name(checked: Roster, code: str) -> str:
    return next((u.name for u in checked.units if u.code == code), code)
