"""A share typed as staff see it, read one way for `Tỷ lệ phiếu` and `Tỷ lệ nữ`."""

from decimal import Decimal

from pipeline.read.award_forms import vote_share
from pipeline.read.values import Value, percent_formatted, typed
from pipeline.read.women import women_share


def _cell(raw: object, percent_format: bool) -> Value:
    """A cell as `read_table` gives it: typed, then as shown where its cell is formatted as a percentage."""
    value = typed(raw)
    return percent_formatted(value) if percent_format else value


def test_a_share_is_read_as_shown_in_every_spelling():
    for read in (vote_share, women_share):
        assert read(_cell(0.8, True)) == Decimal(80)  # 80% typed into a percent cell
        assert read(_cell("80%", False)) == Decimal(80)
        assert read(_cell("0,8", False)) == Decimal(80)
        assert read(_cell(80, False)) == Decimal(80)
        assert read(_cell("72,5 %", False)) == Decimal("72.5")
        assert read(_cell(1, True)) == Decimal(100)
        assert read(_cell(True, False)) is None
        assert read(_cell("101%", False)) is None
        assert read(_cell("nhiều", False)) is None


def test_no_women_is_a_share_but_no_votes_needed_is_not():
    assert women_share(_cell("0%", False)) == Decimal(0)
    assert vote_share(_cell("0%", False)) is None
    assert vote_share(_cell("1%", False)) == Decimal(1)
