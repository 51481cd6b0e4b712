from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.contract.formatting import format_date, format_number


@pytest.mark.parametrize("value, decimals, expected", [
    (Decimal("28.3"), 1, "28.3"), (Decimal("9"), 1, "9.0"), (Decimal("0"), 1, "0.0"), (Decimal("28.25"), 1, "28.3"),
    (Decimal("-0.04"), 1, "0.0"), (Decimal("-3.5"), 1, "-3.5"), (Decimal("191"), None, "191"),
    (Decimal("12.50"), None, "12.5"), (Decimal("1E+3"), None, "1000"),
    (Decimal("1E+27"), 1, "1000000000000000000000000000.0"), (None, 1, ""),
])
def test_numbers_print_as_in_the_reference(value, decimals, expected):
    assert format_number(value, decimals) == expected


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-10**30, max_value=10**30, places=4))
def test_one_decimal_never_crashes_never_shows_minus_zero_and_keeps_the_value(value):
    text = format_number(value, 1)
    assert text != "-0.0" and "E" not in text
    assert abs(Decimal(text) - value) <= Decimal("0.05")


@pytest.mark.parametrize("value, expected", [
    (date(2023, 12, 31), "31.12.2023"), (datetime(2021, 1, 5, 13, 0), "05.01.2021"), (date(201, 1, 1), "01.01.0201"),
    (None, ""),
])
def test_dates_print_dd_mm_yyyy(value, expected):
    assert format_date(value) == expected


@pytest.mark.parametrize("value, expected", [
    (-2.5, "«-2,5»"), (10.0, "«10»"), (True, "«SANN»"), (datetime(2021, 1, 2, 0, 0), "«02.01.2021»"),
    ("a\x0bb", "«a␋b»"),
])
def test_messages_show_the_value_as_excel_shows_it(value, expected):
    from pipeline.contract.issues import Code

    assert Code.BAD_DATE.issue(value=value).message.startswith(expected)
