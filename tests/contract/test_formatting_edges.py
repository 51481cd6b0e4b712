"""Branches of the value printers that a mutation run (mutmut) showed no test could tell apart."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import pytest

from pipeline.contract.formatting import format_number, show_number, value_as_text, visible


@pytest.mark.parametrize("value, expected", [
    (None, ""), ("tekst", "tekst"), (True, "SANN"), (False, "USANN"), (12345, "12345"), (-7, "-7"),
    (28.3, "28,3"), (10.0, "10"), (float("nan"), "nan"), (float("inf"), "inf"), (float("-inf"), "-inf"),
    (Decimal("28.30"), "28,30"), (Decimal("NaN"), "NaN"), (Decimal("-Infinity"), "-Infinity"),
    (datetime(2021, 1, 2, 0, 0), "02.01.2021"), (datetime(2021, 1, 2, 13, 5), "02.01.2021 13:05"),
    (date(2023, 12, 31), "31.12.2023"), (time(8, 30), "08:30"), (b"x", "b'x'"),
])
def test_a_cell_value_is_shown_as_excel_shows_it(value, expected):
    assert value_as_text(value) == expected


def test_characters_xml_cannot_hold_are_shown_as_symbols():
    # controls become their control pictures; U+FFFE and U+FFFF the replacement character
    assert visible("a\x0bb\x00c\ufffed\uffff") == "a\u240bb\u2400c\ufffdd\ufffd"
    assert visible("tab\tny\nlinje\r ") == "tab\tny\nlinje\r "


@pytest.mark.parametrize("value, expected", [
    (Decimal("1E+3"), "1000"), (Decimal("-2.50"), "-2,50"), (Decimal("1E-7"), "0,0000001"), (7, "7"),
])
def test_show_number_never_uses_an_exponent(value, expected):
    assert show_number(value) == expected


@pytest.mark.parametrize("value, expected", [
    (Decimal("0.0000001"), "0,0000001"), (Decimal("1.50E-5"), "0,0000150"), (0.5, "0,5"), (3, "3"),
])
def test_format_number_never_uses_an_exponent_for_small_numbers(value, expected):
    assert format_number(value) == expected


def test_a_model_value_prints_by_its_field_kind():
    from pipeline.contract.catalogue import HEADER_FIELDS_BY_KEY, NYTTE_FIELDS, SECTIONS_BY_KEY
    from pipeline.contract.kinds.registry import format_value

    header = HEADER_FIELDS_BY_KEY
    kostnad = {c.key: c.meta for c in SECTIONS_BY_KEY["kostnader"].columns}
    antall_ar = next(f.meta for f in NYTTE_FIELDS if f.meta.name == "Nytte_AntallAr")
    assert format_value(None, header["sluttdato"].meta) == ""
    assert format_value(date(2023, 1, 5), header["sluttdato"].meta) == "05.01.2023"
    assert format_value(Decimal("28.25"), kostnad["belop"]) == "28,25"  # every typed decimal, never rounded
    assert format_value(Decimal("28"), kostnad["belop"]) == "28,0"  # at least the field's one decimal
    assert format_value(10, antall_ar) == "10"
    assert format_value(2022, kostnad["ar"]) == "2022"
    assert format_value(["Helsenorge", "HelseID"], header["knytning"].meta) == "Helsenorge, HelseID"
    assert format_value("Gul", header["status"].meta) == "Gul"
    assert format_value([], header["knytning"].meta) == ""
