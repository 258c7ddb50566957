"""The block and its results as plain frozen records. Source positions never count in equality."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import Enum
from fractions import Fraction

from .text import folded


class Kind(Enum):
    SCORED = "Chấm điểm"
    BONUS = "Thưởng"
    PENALTY = "Trừ"


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    head: str
    title: str
    order: int
    barred_reason: str = ""
    priority: int | None = None
    row: int = field(default=0, compare=False, repr=False)
    priority_cell: str = field(default="", compare=False, repr=False)  # `F5`, where staff type Ưu tiên
    # who represented the unit at the review meeting, as typed (`Dự họp`); empty: its head attended
    attendance: str = ""
    # `Tỷ lệ nữ`: the share of women in the collective, in percent; None when not given
    women_share: Decimal | None = None
    # the unit's particulars for its achievement report (`Địa chỉ`, `Điện thoại`, `Email`,
    # `Ngày thành lập`), as staff see them in Excel; empty when not given
    particulars: Particulars = field(default_factory=lambda: Particulars())

    @property
    def written_opinion(self) -> bool:
        """Absent, with a written opinion (`Vắng, có ý kiến bằng văn bản`): it counts among the voters."""
        return self.absent and "coykienbangvanban" in folded(self.attendance)

    @property
    def barred(self) -> bool:
        return bool(self.barred_reason)

    @property
    def absent(self) -> bool:
        """Marked `Vắng...` in `Dự họp`: not at the review meeting."""
        return self.attendance.casefold().startswith("vắng")


class Method(Enum):
    """`Cách chấm` of a criterion scored by formula, as real provincial guides score (SPEC §2.3)."""

    RATIO = "Tỷ lệ"  # actual ÷ plan × maximum, at most the maximum; the excess earns a capped bonus
    REVERSE = "Tỷ lệ giảm"  # plan ÷ actual × maximum, at most the maximum (a figure that should fall)
    GRADE = "Xếp loại"  # a grade A-D, worth a share of the maximum


GRADES = ("A", "B", "C", "D")
DEFAULT_GRADE_SHARES = (Decimal(1), Decimal("0.75"), Decimal("0.5"), Decimal(0))
DEFAULT_EXCESS_CAP = Decimal("0.1")  # `Thưởng vượt tối đa`: the excess bonus, at most 10% of the maximum


@dataclass(frozen=True)
class Particulars:
    address: str = ""
    phone: str = ""
    email: str = ""
    founded: str = ""
    # `Cơ quan cấp trên`: the body above the unit, as its header names it (`Cục Thuế` above a
    # province's tax office); empty: the province's people's committee, as for a department
    superior: str = ""


@dataclass(frozen=True)
class Criterion:
    code: str
    text: str
    max_points: Decimal
    kind: Kind = Kind.SCORED
    group: str = ""
    method: Method | None = None  # `Cách chấm`; None: the score is typed
    grade_shares: tuple[Decimal, ...] = DEFAULT_GRADE_SHARES  # shares of the maximum for A, B, C, D
    excess_cap: Decimal = DEFAULT_EXCESS_CAP  # share of the maximum a `Tỷ lệ` excess bonus may reach


@dataclass(frozen=True)
class AwardForm:
    name: str
    places: int
    min_score: Decimal | None = None
    row: int = field(default=0, compare=False, repr=False)
    # `Tỷ lệ phiếu`: the least share of yes votes, in percent of the whole membership; None: no vote
    vote_share: Decimal | None = None
    vote_share_cell: str = field(default="", compare=False, repr=False)  # `D3`, for messages

    def votes_needed(self, members: int) -> int | None:
        """Yes votes a unit needs: the share of the member count, rounded up (11 at 80% need 9)."""
        if self.vote_share is None:
            return None
        return math.ceil(self.vote_share * members / 100)


@dataclass(frozen=True)
class BlockInfo:
    province: str
    block_name: str
    year: int
    conference_date: dt.date
    place: str
    leader: str
    deputy: str | None
    next_leader: str
    next_deputy: str | None
    symbol: str
    addressee: str
    grounds: tuple[str, ...]
    tasks: tuple[str, ...]
    meeting_time: str = ""  # `Giờ họp`, as typed
    chair: str = ""  # `Chủ trì`, as typed; empty: the head of the year's leader unit
    secretary: str = ""  # `Thư ký`, as typed; empty: left for the clerk to write by hand
    sections: tuple[Section, ...] = ()  # the report's narrative (`TongKet`), in the sheet's order
    end_time: str = ""  # `Giờ kết thúc`, as typed; empty: left for the clerk to write by hand
    counting_board: tuple[str, ...] = ()  # `Ban kiểm phiếu`: its members as typed, in order
    ballot_counts: BallotCounts | None = None  # `Số phiếu phát ra`, `thu về`, `hợp lệ` typed in ThongTin
    vote_method: str = ""  # `Hình thức biểu quyết`: how forms without a ballot were decided, as typed
    # the achievement reports' form in force on the conference date: (name, text) of
    # `mau_bao_cao_thanh_tich.txt` (the staff's in `mau/`, else the default); empty: not read yet
    report_form: tuple[tuple[str, str], ...] = ()
    bonus_cap: Decimal | None = None  # `Điểm thưởng tối đa`: caps the sum of every bonus of a unit


@dataclass(frozen=True)
class Section:
    """One heading of `TongKet` and its paragraphs, exactly as typed."""

    heading: str
    paragraphs: tuple[str, ...]

    @property
    def last(self) -> bool:
        """A `Kiến nghị...` section stands at the end of the report."""
        return self.heading.casefold().startswith("kiến nghị")


class HonourKind(Enum):
    """What a row of `LichSu` records: a title (Tập thể lao động xuất sắc, a flag) or a form (a
    certificate of merit). The law keeps them apart, and so do the achievement reports."""

    TITLE = "Danh hiệu"
    FORM = "Hình thức"


@dataclass(frozen=True)
class Honour:
    """One decided award of a member unit (`LichSu`): the year it is for, and its decision."""

    year: int
    unit_code: str
    kind: HonourKind
    name: str
    decision: str = ""  # `1234/QĐ-UBND`
    date: dt.date | None = None  # of the decision
    issuer: str = ""  # `Cơ quan ban hành`
    source: str = field(default="", compare=False, repr=False)  # `khoi.xlsx › LichSu`, for messages


@dataclass(frozen=True)
class Account:
    """A unit's own account of its year (`ThanhTich` in its score workbook), section by section."""

    unit_code: str
    sections: tuple[Section, ...]
    file: str = field(default="", compare=False)


@dataclass(frozen=True)
class Block:
    """Everything `khoi.xlsx` says. Unit references are unit codes."""

    info: BlockInfo
    units: tuple[Unit, ...]
    criteria: tuple[Criterion, ...]
    awards: tuple[AwardForm, ...]
    ballot: Ballot | None = None
    women_first: WomenFirst | None = None  # the tie rule in force on the conference date, if any
    # the members' award history (`LichSu`), by year then decision date; the years up to `Năm`
    history: tuple[Honour, ...] = ()
    # the members' accounts of their year (`ThanhTich`), in member order
    accounts: tuple[Account, ...] = ()

    def honours(self, unit_code: str) -> tuple[Honour, ...]:
        return tuple(h for h in self.history if h.unit_code == unit_code)

    def account(self, unit_code: str) -> Account | None:
        return next((a for a in self.accounts if a.unit_code == unit_code), None)


@dataclass(frozen=True)
class BallotCounts:
    """The secret vote's ballots: issued, returned and valid; None where not given. `cells` says
    where each was typed (`file › sheet › B14`), for messages."""

    issued: int | None = None
    returned: int | None = None
    valid: int | None = None
    cells: tuple[tuple[str, str, str], ...] = field(default=(("", "", ""),) * 3, compare=False, repr=False)

    def given(self) -> bool:
        return any(n is not None for n in (self.issued, self.returned, self.valid))


@dataclass(frozen=True)
class Ballot:
    """The review meeting's count (`BoPhieu`): yes votes by (unit code, award form name). A unit with
    no entry for a form was not a candidate for it."""

    votes: tuple[tuple[str, str, int], ...]  # (unit code, form name, yes votes), in the sheet's order
    file: str = field(default="", compare=False)
    sheet: str = field(default="", compare=False)
    cells: tuple[str, ...] = field(default=(), compare=False, repr=False)  # each vote's cell, as `votes`
    counts: BallotCounts = BallotCounts()  # the ballots issued, returned, valid (count sheet or ThongTin)

    def of(self, unit_code: str, form: str) -> int | None:
        return next((n for code, name, n in self.votes if code == unit_code and name == form), None)

    def candidates(self, form: str) -> list[tuple[str, int]]:
        return [(code, n) for code, name, n in self.votes if name == form]

@dataclass(frozen=True)
class Scoring:
    """Where a criterion's score came from when it is not simply typed in `Điểm khối chấm`: a
    formula (`Cách chấm`), a grade, the provincial office's check (`Điểm thẩm định`).

    The reader fills what the sheet says; `rules/formulas.py` fills the rest (the formula's exact
    score, the excess bonus, the exact score that counts, whether the office changed it, the note)."""

    method: Method | None = None
    plan: Decimal | None = None  # `Kế hoạch`
    actual: Decimal | None = None  # `Thực hiện`
    self_grade: str = ""  # grades of `Điểm tự chấm`, `Điểm khối chấm`, `Điểm thẩm định` (`Xếp loại`)
    grade: str = ""
    office_grade: str = ""
    assessed: Decimal | None = None  # `Điểm khối chấm` as the block gave it (a grade's worth); None: blank
    office: Decimal | None = None  # `Điểm thẩm định` when filled: it replaces the block's score
    formula: Fraction | None = None  # the formula's exact score (`Tỷ lệ`, `Tỷ lệ giảm`)
    excess: Fraction = Fraction(0)  # the bonus beyond plan (`Tỷ lệ`), before the unit's bonus cap
    exact: Fraction | None = None  # the exact score that counts
    assessed_cell: str = field(default="", compare=False, repr=False)  # where `Điểm khối chấm` stands
    percent: bool = False  # `Kế hoạch` and `Thực hiện` shown as percentages (`80%` is 0,8): shown so again
    office_changed: bool = False  # the office's check changed the score
    note: str = ""  # where the score came from, in words: the score table's `CachTinhDiem`


@dataclass(frozen=True)
class ScoreLine:
    criterion: str
    self_score: Decimal | None
    block_score: Decimal  # the score that counts (for a formula row: set by `rules/formulas.py`)
    how: Scoring | None = None  # a formula, a grade or the office's check; None: typed and unchecked

    @property
    def exact(self) -> Fraction:
        """The score that counts, exactly (a formula's `2/3 × 10` is no decimal)."""
        if self.how is not None and self.how.exact is not None:
            return self.how.exact
        return Fraction(self.block_score)


@dataclass(frozen=True)
class ScoreSheet:
    unit_code: str
    lines: tuple[ScoreLine, ...]
    file: str = field(default="", compare=False)
    sheet: str = field(default="", compare=False)


@dataclass(frozen=True)
class Totals:
    scored: Decimal
    bonus: Decimal  # every bonus, the excess bonuses of `Tỷ lệ` criteria included, after `Điểm thưởng tối đa`
    penalty: Decimal
    exact: Fraction | None = None  # the total, exactly: ranks and ties are decided on it
    bonus_before_cap: Decimal | None = None  # the bonuses' sum when `Điểm thưởng tối đa` cut it

    @property
    def total(self) -> Decimal:
        if self.exact is not None:
            return to_decimal(self.exact)
        return self.scored + self.bonus - self.penalty

    @property
    def exact_total(self) -> Fraction:
        return self.exact if self.exact is not None else Fraction(self.scored + self.bonus - self.penalty)


def to_decimal(value: Fraction) -> Decimal:
    """An exact score as a decimal: exact when it has one (`95.25`), else to 28 digits (`9.333...`);
    equal fractions give equal decimals, so a tie stays a tie. Rounding is for display only."""
    if value.denominator == 1:
        return Decimal(value.numerator)
    return Decimal(value.numerator) / Decimal(value.denominator)


@dataclass(frozen=True)
class UnitResult:
    unit: Unit
    block: Totals
    self_total: Decimal | None
    rank: int
    award: str | None = None
    sheet: ScoreSheet | None = field(default=None, compare=False, repr=False)
    office_checked: int = 0  # criteria with a filled `Điểm thẩm định`
    office_changed: int = 0  # of them, those whose score the office's check changed

    @property
    def total(self) -> Decimal:
        return self.block.total


@dataclass(frozen=True)
class VoteCount:
    """A candidate's yes votes for a form with `Tỷ lệ phiếu`, against the votes it needed."""

    unit_code: str
    votes: int
    members: int
    needed: int

    @property
    def reached(self) -> bool:
        return self.votes >= self.needed


@dataclass(frozen=True)
class TieCut:
    """A tie group that did not fit the places left of a form, cut by the share of women (where the
    law in force on the conference date says so) and the conference's `Ưu tiên`."""

    units: tuple[str, ...]  # the tied units, in the order they were taken: women first, then `Ưu tiên`
    places: int  # places of the form left for them
    chosen: tuple[str, ...]
    left_out: tuple[str, ...]
    women_first: tuple[str, ...] = ()  # tied units whose `Tỷ lệ nữ` reached the rule's share: taken first
    by_priority: bool = True  # whether `Ưu tiên` decided part of the cut
    rule: WomenFirst | None = None  # the rule in force, when it decided part of the cut


@dataclass(frozen=True)
class WomenFirst:
    """Among tied units that do not all fit, a collective with at least `share`% women goes first
    (Decree 152/2025 Art. 4(6)): in force from `since`, cited as `ground`. From data, never code."""

    since: dt.date
    share: Decimal
    ground: str  # `khoản 6 Điều 4 Nghị định số 152/2025/NĐ-CP`


@dataclass(frozen=True)
class FormOutcome:
    """How one award form was given: to whom, who fell short of the votes, which tie was cut."""

    form: AwardForm
    chosen: tuple[str, ...]  # unit codes, best first
    votes: tuple[VoteCount, ...] = ()  # every candidate of the ballot, in rank order
    tie: TieCut | None = None
    # candidates in the running for this form (no higher form, not barred, reaching its minimum)
    # whose votes fell short: passed over for it, and still in the running for the forms below
    passed_over: tuple[VoteCount, ...] = ()


@dataclass(frozen=True)
class BlockResult:
    block: Block
    ranked: tuple[UnitResult, ...]
    outcomes: tuple[FormOutcome, ...] = ()

    def without_sheets(self) -> BlockResult:
        """The result without its score sheets, so sending it to another process stays cheap."""
        return replace(self, ranked=tuple(replace(r, sheet=None) for r in self.ranked))
