"""A cell typed once where its table is read (read/values.py): each form a reader asks for, as
staff see the cell."""

import datetime as dt
from decimal import Decimal

from pipeline.read.values import typed


def test_a_code_typed_as_a_number_reads_as_typed():
    assert typed(1.0).code == "1" and typed(1.1).code == "1.1" and typed(" 1.2 ").code == "1.2"
    assert typed(1.0).key == typed("1").key  # a criterion `1` typed as text or as a number is one code


def test_numbers_as_staff_write_them():
    assert typed("95,5").number == Decimal("95.5") and typed("95,5").figure == "95,5"
    assert typed("1.000").number == Decimal(1000)
    assert typed(7.200000000000001).shown == "7,2"  # a formula's float as Excel shows it
    assert typed("80%").number is None and typed("80%").percent == Decimal(80)
    assert typed("nhiều").number is None and typed("nhiều").figure == ""


def test_true_one_and_one_point_zero_stay_apart():
    # numbers are typed once each: TRUE (a checkbox habit) must not come back as the number 1
    assert typed(1).number == Decimal(1) and typed(1.0).number == Decimal(1)
    assert typed(True).number is None and typed(True).shown == "TRUE"
    assert typed(1).raw is not True and typed(True).raw is True


def test_blank_text_and_lines():
    assert typed(None).blank and typed("").blank and typed(" \u200b ").blank
    assert not typed(0).blank and not typed(False).blank
    cell = typed("Ông A\nGiám đốc")
    assert cell.text == "Ông A\nGiám đốc" and cell.name == "Ông A Giám đốc" and cell.line == "Ông A - Giám đốc"


def test_dates_typed_or_serial():
    assert typed("08/01/2021").date == dt.date(2021, 1, 8)
    assert typed(44204).date == dt.date(2021, 1, 8)  # a date whose cell lost its format
    assert typed(dt.datetime(2021, 1, 8)).shown == "08/01/2021"


def test_legacy_encoding_is_told():
    assert typed("Së Tµi chÝnh").legacy and not typed("Sở Tài chính").legacy
