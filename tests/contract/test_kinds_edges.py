"""Each kind's class at its edges: what a user would see if one line of a kind were wrong."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pipeline.contract.fields import Kind, meta
from pipeline.contract.issues import Code
from pipeline.contract.kinds.cells import MAX_CELL_CHARS, SERIAL_MAX_DATE, SERIAL_MIN_DATE
from pipeline.contract.kinds.base import serial
from pipeline.contract.kinds.registry import empty_value, format_value, kind_of, read_text, record_value
from pipeline.contract.values import UnreadableValue
from pipeline.validate.normalise import parse_field

TEXT = meta("Navn", Kind.TEXT)
AMOUNT = meta("Beløp", Kind.NUMBER, decimals=1)
COUNT = meta("Antall år", Kind.INTEGER)
SHARE = meta("Andel", Kind.PERCENT, decimals=1)
NBSP = "\u00a0"


def test_a_synonym_in_a_choice_cell_is_read_as_the_list_value():
    field = meta("Kritikalitet", Kind.CHOICE, vocabulary="kritikalitet")
    parsed = parse_field("Medium", field, ["Høy", "Middels", "Lav"], synonyms={"Medium": "Middels"})
    assert parsed.value == "Middels" and parsed.ok


@pytest.mark.parametrize("kind, text", [(Kind.DATE, "31.13.2024"), (Kind.EMAIL, "kari hos helse"),
                                        (Kind.PERCENT, "mye"), (Kind.YEAR, "2O24")])
def test_unreadable_text_names_itself(kind, text):
    with pytest.raises(UnreadableValue) as raised:
        read_text(kind, text)
    assert raised.value.args == (text,)


def test_text_kinds_read_text_as_it_is_and_empty_typed_text_is_none():
    assert read_text(Kind.TEXT, "Helse Vest") == "Helse Vest"
    assert read_text(Kind.EMAIL, "kari@helse.no") == "kari@helse.no" and read_text(Kind.EMAIL, "") == ""
    assert read_text(Kind.MULTICHOICE, "Helsenorge, Kjernejournal") == ["Helsenorge", "Kjernejournal"]
    assert read_text(Kind.DATE, "") is None and read_text(Kind.NUMBER, "") is None


def test_a_bad_email_leaves_the_field_empty():
    parsed = parse_field("kari hos helse", meta("E-post", Kind.EMAIL))
    assert parsed.value == "" and [p.code for p in parsed.problems] == [Code.BAD_EMAIL]


def test_the_empty_list_is_new_every_time():
    first = empty_value(Kind.MULTICHOICE)
    first.append("Helsenorge")
    assert empty_value(Kind.MULTICHOICE) == []


def test_empty_values_print_as_nothing_in_every_kind():
    for kind in Kind:
        field = meta("Felt", kind)
        assert format_value(None, field) == "" and record_value(None, field) == ""


def test_the_record_form_is_the_point_form_and_the_document_the_comma_form():
    assert record_value(Decimal("1200.5"), AMOUNT) == "1200.5"
    assert format_value(Decimal("1200.5"), AMOUNT) == f"1{NBSP}200,5"
    assert format_value(1200, COUNT) == f"1{NBSP}200" and record_value(1200, COUNT) == "1200"
    assert record_value(Decimal("0.125"), SHARE) == "0.125"


def test_a_record_reads_a_point_as_decimal_a_cell_does_not_guess():
    assert read_text(Kind.INTEGER, "1.000", record=True) == 1
    with pytest.raises(UnreadableValue):
        read_text(Kind.INTEGER, "1.000")  # thousands or decimals? not guessed
    assert read_text(Kind.PERCENT, "12,5 %") == Decimal("0.125")
    assert read_text(Kind.PERCENT, "0.125", record=True) == Decimal("0.125")
    with pytest.raises(UnreadableValue):
        read_text(Kind.PERCENT, "12,5 %", record=True)  # the record holds the fraction


def test_removed_characters_are_listed_once_each_with_their_code_points():
    parsed = parse_field("Helse\x0bVest\x01\x0b", TEXT)
    [problem] = parsed.problems
    assert problem.code is Code.INVALID_CHARS and problem.params["chars"] == "U+000B, U+0001"


def test_text_longer_than_excel_allows_is_an_error_at_the_first_character_too_many():
    assert parse_field("x" * MAX_CELL_CHARS, TEXT).problems == ()
    [problem] = parse_field("x" * (MAX_CELL_CHARS + 1), TEXT).problems
    assert problem.code is Code.TEXT_TOO_LONG
    assert problem.params == {"count": "32 768", "limit": "32 767"}


def test_serial_dates_are_read_up_to_and_including_the_window_edges():
    field = meta("Dato", Kind.DATE)
    for edge in (SERIAL_MIN_DATE, SERIAL_MAX_DATE):
        assert parse_field(serial(edge), field).value == edge
    assert parse_field(serial(SERIAL_MIN_DATE) - 1, field).value is None
    assert parse_field(serial(date(2024, 2, 29)), field).value == date(2024, 2, 29)


def test_prefill_joins_list_values_and_skips_blank_ones():
    knytning = meta("Knytning", Kind.MULTICHOICE)
    assert kind_of(Kind.MULTICHOICE).cell_value(["Helsenorge", " ", "E-resept"], knytning, []) == "Helsenorge, E-resept"


def test_the_percentage_cell_format_and_validation():
    percent = kind_of(Kind.PERCENT)
    assert percent.number_format(SHARE) == "0.0####%"
    assert percent.number_format(meta("Andel", Kind.PERCENT)) == "0.0####%"  # never «12,%»
    assert percent.number_format(meta("Andel", Kind.PERCENT, decimals=2)) == "0.00####%"
    rule = percent.validation(meta("Andel", Kind.PERCENT))
    assert (rule.formula1, rule.formula2) == ("-1E+12", "1E+12") and rule.error.startswith("Skriv en prosent")
