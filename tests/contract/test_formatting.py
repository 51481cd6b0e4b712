from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.contract.formatting import NumberStyle, format_date, format_number, show_number, show_rounded

NBSP, MINUS = "\u00a0", "\u2212"
PUNKTUM = NumberStyle.PUNKTUM


@pytest.mark.parametrize("value, decimals, komma, punktum", [
    (Decimal("28.3"), 1, "28,3", "28.3"), (Decimal("9"), 1, "9,0", "9.0"), (Decimal("0"), 1, "0,0", "0.0"),
    (Decimal("2.75"), 1, "2,75", "2.75"), (Decimal("28.25"), 1, "28,25", "28.25"),
    (Decimal("1200"), 1, f"1{NBSP}200,0", "1200.0"), (Decimal("-0.5"), 1, f"{MINUS}0,5", "-0.5"),
    (Decimal("-0.04"), 1, f"{MINUS}0,04", "-0.04"), (Decimal("-0.0"), 1, "0,0", "0.0"),
    (Decimal("-3.5"), 1, f"{MINUS}3,5", "-3.5"), (Decimal("191"), None, "191", "191"),
    (Decimal("12.50"), None, "12,50", "12.50"), (Decimal("1E+3"), None, f"1{NBSP}000", "1000"),
    (Decimal("1234.567"), None, f"1{NBSP}234,567", "1234.567"), (2.75, 1, "2,75", "2.75"), (10.0, 1, "10,0", "10.0"),
    (Decimal("1E+27"), 1, NBSP.join(["1"] + ["000"] * 9) + ",0", "1" + "0" * 27 + ".0"), (None, 1, "", ""),
    (Decimal("123456.1"), 1, f"123{NBSP}456,1", "123456.1"), (Decimal("-1234567"), None, f"{MINUS}1{NBSP}234{NBSP}567", "-1234567"),
])
def test_numbers_keep_every_typed_decimal_in_both_styles(value, decimals, komma, punktum):
    assert format_number(value, decimals) == komma
    assert format_number(value, decimals, PUNKTUM) == punktum


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-10**30, max_value=10**30, places=6),
       st.sampled_from([None, 0, 1, 2]))
def test_numbers_are_never_rounded_and_never_show_minus_zero(value, decimals):
    punktum = format_number(value, decimals, PUNKTUM)
    komma = format_number(value, decimals)
    assert Decimal(punktum) == value  # exact
    assert "E" not in punktum.upper()  # never an exponent, however large or small
    assert not (value == 0 and punktum.startswith("-"))  # never minus zero
    whole = komma.removeprefix(MINUS).partition(",")[0]  # thousands grouped by NBSP, three digits each
    assert whole == format(int(whole.replace(NBSP, "")), ",").replace(",", NBSP)
    assert "-" not in komma and komma.startswith(MINUS) == (value < 0 and Decimal(punktum) != 0)
    assert komma.replace(NBSP, "").replace(MINUS, "-").replace(",", ".") == punktum
    if decimals:
        assert len(punktum.partition(".")[2]) >= decimals


def test_messages_write_numbers_to_type_back_and_seconds_with_a_comma():
    assert show_number(Decimal("-1200.5")) == "-1200,5"
    assert show_number(0.1 + 0.2) == "0,30000000000000004"
    assert show_rounded(4.4999) == "4,5" and show_rounded(12.0) == "12,0"


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
