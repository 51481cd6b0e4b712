"""The pure parsers: table-driven forms and hypothesis properties."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.contract.fields import Kind, meta
from pipeline.contract.issues import Code
from pipeline.contract.choices import fold, match_choice, match_multi, match_suggestion, suggest
from pipeline.validate.normalise import (
    clean_text, parse_date, parse_field, parse_integer, parse_number, parse_year,
)
from pipeline.contract.settings import load_form_settings

SETTINGS = load_form_settings()
KNYTNING = SETTINGS.vocabulary("knytning")
STATUS = SETTINGS.vocabulary("status")
INNSATS = SETTINGS.vocabulary("innsatsomrade")
KATEGORI = SETTINGS.vocabulary("kategori")

XML_VALID = re.compile("^[\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*$")


def codes(parsed) -> list[Code]:
    return [p.code for p in parsed.problems]


# --- dates -------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected, normalised", [
    (datetime(2021, 12, 31, 13, 45), date(2021, 12, 31), None),
    (date(2021, 12, 31), date(2021, 12, 31), None),
    ("31.12.2021", date(2021, 12, 31), "31.12.2021"),
    ("1.2.2021", date(2021, 2, 1), "01.02.2021"),
    (" 01.02.2021 ", date(2021, 2, 1), "01.02.2021"),
    ("2021-02-01", date(2021, 2, 1), "01.02.2021"),
    ("\u00a02021-02-01\n", date(2021, 2, 1), "01.02.2021"),
    (45291, date(2023, 12, 31), "31.12.2023"),
    (45291.75, date(2023, 12, 31), "31.12.2023"),
    (Decimal(45291), date(2023, 12, 31), "31.12.2023"),
])
def test_date_accepted(value, expected, normalised):
    parsed = parse_date(value)
    assert (parsed.value, parsed.normalised, parsed.problems) == (expected, normalised, ())


@pytest.mark.parametrize("value", [
    "31.13.2021", "29.02.2021", "31.12.21", "2021/12/31", "31-12-2021", "12/31/2021", "31. 12. 2021",
    "i fjor", "2021", "20211231", 2021, 0, -5, 20211231, 1e300, float("nan"), True, time(12, 0), "2021-12-31 00:00",
])
def test_date_rejected(value):
    parsed = parse_date(value)
    assert parsed.value is None and codes(parsed) == [Code.BAD_DATE]


def test_date_serial_1904():
    assert parse_date(45291, date1904=True).value == date(2028, 1, 1)
    assert parse_date(1, date1904=True).value is None  # 2.1.1904: outside the window


@pytest.mark.parametrize("value", [None, "", "   "])
def test_date_empty(value):
    assert parse_date(value).value is None and parse_date(value).problems == ()


dates = st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31))


@given(dates)
def test_text_dates_parse_back(d):
    for text in (f"{d.day:02d}.{d.month:02d}.{d.year}", f"{d.day}.{d.month}.{d.year}", d.isoformat()):
        assert parse_date(text).value == d


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2199, 12, 31)))
def test_serials_parse_back(d):
    assert parse_date((d - date(1899, 12, 30)).days).value == d
    assert parse_date(float((d - date(1904, 1, 1)).days) + 0.5, date1904=True).value == d


# --- numbers -----------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected, normalised", [
    (28, Decimal(28), None),
    (28.3, Decimal("28.3"), None),
    (0.1 + 0.2, Decimal("0.30000000000000004"), None),
    (Decimal("1.50"), Decimal("1.50"), None),
    ("28,3", Decimal("28.3"), "28,3"),
    ("28", Decimal(28), "28"),
    (" 1 200,5 ", Decimal("1200.5"), "1200,5"),
    ("1\u00a0200\u00a0000", Decimal(1200000), "1200000"),
    ("1\u202f200,25", Decimal("1200.25"), "1200,25"),
    ("-3,5", Decimal("-3.5"), "-3,5"),
    ("\u22123,5", Decimal("-3.5"), "-3,5"),
    ("+4", Decimal(4), "4"),
    ("28.3", Decimal("28.3"), "28,3"),
    ("1 200.5", Decimal("1200.5"), "1200,5"),
])
def test_number_accepted(value, expected, normalised):
    parsed = parse_number(value)
    assert parsed.value == expected and parsed.normalised == normalised and parsed.problems == ()
    assert str(parsed.value) == str(expected)


@pytest.mark.parametrize("value", [
    "ca. 3", "3 mill", "1.200", "1.200,5", "12 00", "1,2,3", "--3", "3-", ",5", "", "abc", True,
    float("nan"), float("inf"), Decimal("NaN"), datetime(2021, 1, 1),
])
def test_number_rejected(value):
    parsed = parse_number(value)
    if value == "":
        assert parsed.value is None and parsed.problems == ()
    else:
        assert parsed.value is None and codes(parsed) == [Code.BAD_NUMBER]


def test_number_below_minimum_is_kept_and_reported():
    parsed = parse_number("-0,5", minimum=Decimal(0))
    assert parsed.value == Decimal("-0.5")
    assert codes(parsed) == [Code.BELOW_MINIMUM] and parsed.problems[0].params == {"minimum": "0"}
    assert parse_number(0, minimum=Decimal(0)).problems == ()


@pytest.mark.parametrize("value, expected, normalised", [
    (10, 10, None), (10.0, 10, None), (Decimal("10.00"), 10, None), ("10", 10, "10"), ("1 000", 1000, "1000"),
])
def test_integer_accepted(value, expected, normalised):
    parsed = parse_integer(value)
    assert (parsed.value, parsed.normalised, parsed.problems) == (expected, normalised, ())
    assert type(parsed.value) is int


@pytest.mark.parametrize("value", [10.5, "10,5", "ti", True, date(2021, 1, 1)])
def test_integer_rejected(value):
    assert codes(parse_integer(value)) == [Code.BAD_INTEGER]


@given(st.decimals(places=6, allow_nan=False, allow_infinity=False, min_value=-10**12, max_value=10**12))
def test_decimal_comma_parses_back(number):
    text = format(number, "f").replace(".", ",")
    assert parse_number(text).value == number
    assert parse_number(text.replace("-", "\u2212")).value == number


# --- years ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected, normalised", [
    (2021, 2021, None), (2021.0, 2021, None), (Decimal(2000), 2000, None), ("2021", 2021, "2021"),
    (" 2100 ", 2100, "2100"), (2100, 2100, None),
])
def test_year_accepted(value, expected, normalised):
    parsed = parse_year(value)
    assert (parsed.value, parsed.normalised, parsed.problems) == (expected, normalised, ())


@pytest.mark.parametrize("value", [1999, 2101, 2021.5, "21", "år 2021", "2021,0", "20 21", True,
                                   datetime(2021, 1, 1), "2 021"])
def test_year_rejected(value):
    parsed = parse_year(value)
    assert parsed.value is None and codes(parsed) == [Code.BAD_YEAR]


# --- closed lists ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, choices, expected, normalised", [
    ("Grønn", STATUS, "Grønn", None),
    ("grønn", STATUS, "Grønn", "Grønn"),
    ("RØD", STATUS, "Rød", "Rød"),
    ("Styrt  til full   utbredelse", SETTINGS.vocabulary("innforingsstrategi"), "Styrt til full utbredelse",
     "Styrt til full utbredelse"),
    ("standarder, KODEVERK og terminologi", KATEGORI, "Standarder, kodeverk og terminologi",
     "Standarder, kodeverk og terminologi"),
    ("1.1", INNSATS, INNSATS[0], INNSATS[0]),
    ("1,1", INNSATS, INNSATS[0], INNSATS[0]),
    ("1.1 Modernisere journal- og samhandlingsløsninger", INNSATS, INNSATS[0], INNSATS[0]),
    ("1.1: modernisere journal og samhandlingsløsninger", INNSATS, INNSATS[0], INNSATS[0]),
    ("6.3 – Styrke arbeidet med beredskap, informasjonssikkerhet og personvern", INNSATS, INNSATS[-1], INNSATS[-1]),
    ("", STATUS, "", None),
])
def test_choice_accepted(text, choices, expected, normalised):
    parsed = match_choice(text, choices)
    assert (parsed.value, parsed.normalised, parsed.problems) == (expected, normalised, ())


@pytest.mark.parametrize("text, choices, suggestion", [
    ("Grunddata", KNYTNING, "Grunndata"),
    ("Midd", SETTINGS.vocabulary("kritikalitet"), "Middels"),
    ("gronn", STATUS, "Grønn"),
    ("Rod", STATUS, "Rød"),
    ("Helse-ID", KNYTNING, "HelseID"),
    ("Gjenomføre", SETTINGS.vocabulary("fase"), "Gjennomføre"),
    ("1.1 Modernisere", INNSATS, INNSATS[0]),
    ("Omdef", SETTINGS.vocabulary("levert"), "Omdefinert"),
])
def test_choice_near_miss_suggests(text, choices, suggestion):
    parsed = match_choice(text, choices)
    assert parsed.value == text and not parsed.ok
    [problem] = parsed.problems
    assert problem.code is Code.NOT_IN_LIST
    assert problem.params["suggestion"] == f" Mente du «{suggestion}»?"


@pytest.mark.parametrize("text, choices", [("xyz", STATUS), ("G", STATUS), ("1.9", INNSATS),
                                           ("Kanskje", ["Ja", "Nei"])])
def test_choice_without_suggestion(text, choices):
    [problem] = match_choice(text, choices).problems
    assert problem.code is Code.NOT_IN_LIST and problem.params["suggestion"] == ""


def test_choice_list_in_message():
    assert match_choice("x", STATUS).problems[0].params["choices"] == "Grønn, Gul, Rød"
    # entries with commas are separated by semicolons
    listed = match_choice("x", KATEGORI).problems[0].params["choices"]
    assert "Standarder, kodeverk og terminologi; Regelverksendringer" in listed


@pytest.mark.parametrize("text, folded", [("Grønn", "gronn"), ("  RØD ", "rod"), ("Ærlig  Ås", "aerlig as"),
                                          ("Gjennomføre", "gjennomfore"), ("É-resept", "e-resept")])
def test_fold(text, folded):
    assert fold(text) == folded


def test_suggest_returns_none_for_empty():
    assert suggest("", STATUS) is None


@pytest.mark.parametrize("text, expected, normalised", [
    ("Helsedirektoratet", "Helsedirektoratet", None),
    ("helsedirektoratet", "Helsedirektoratet", "Helsedirektoratet"),
    ("Egen virksomhet", "Egen virksomhet", None),
])
def test_suggestion_field(text, expected, normalised):
    parsed = match_suggestion(text, SETTINGS.vocabulary("finansierende_virksomhet"))
    assert (parsed.value, parsed.normalised, parsed.problems) == (expected, normalised, ())


@pytest.mark.parametrize("text, expected, normalised", [
    ("Helsenorge", ["Helsenorge"], None),
    ("Kjernejournal, Helsenorge", ["Helsenorge", "Kjernejournal"], None),
    ("Helsenorge,Kjernejournal", ["Helsenorge", "Kjernejournal"], None),
    ("Helsenorge;Kjernejournal", ["Helsenorge", "Kjernejournal"], "Helsenorge, Kjernejournal"),
    ("Helsenorge Kjernejournal\nE-resept", ["Helsenorge", "Kjernejournal", "E-resept"],
     "Helsenorge, Kjernejournal, E-resept"),
    ("E-resept,  HelseID ;\n\nGrunndata", ["E-resept", "Grunndata", "HelseID"], "E-resept, Grunndata, HelseID"),
    ("Helsenorge, kjernejournal; E-resept og HelseID", ["Helsenorge", "Kjernejournal", "E-resept", "HelseID"],
     "Helsenorge, Kjernejournal, E-resept, HelseID"),
    ("E-resept/HelseID", ["E-resept", "HelseID"], "E-resept, HelseID"),
    ("Helsenorge OG Grunndata\r\nHelseID", ["Helsenorge", "Grunndata", "HelseID"], "Helsenorge, Grunndata, HelseID"),
    ("helsenorge, HELSEID", ["Helsenorge", "HelseID"], "Helsenorge, HelseID"),
    ("Helsenorge, Helsenorge", ["Helsenorge"], "Helsenorge"),
    ("", [], None),
])
def test_multichoice_accepted(text, expected, normalised):
    parsed = match_multi(text, KNYTNING)
    assert (parsed.value, parsed.normalised, parsed.problems) == (expected, normalised, ())


def test_multichoice_keeps_and_reports_each_unknown_part():
    parsed = match_multi("Grunddata, Helsenorge, eResept, Grunddata", KNYTNING)
    assert parsed.value == ["Helsenorge", "Grunddata", "eResept"]
    assert [p.value for p in parsed.problems] == ["Grunddata", "eResept"]
    assert parsed.problems[0].params["suggestion"] == " Mente du «Grunndata»?"


def test_multichoice_entries_with_spaces_stay_whole():
    choices = ["Nasjonale løsninger", "Annet"]
    assert match_multi("Annet, nasjonale løsninger", choices).value == ["Nasjonale løsninger", "Annet"]


def test_multichoice_entries_with_og_or_slash_stay_whole():
    choices = ["Helse og omsorg", "Inn/ut", "Annet"]
    parsed = match_multi("Helse og omsorg og Annet; inn/ut", choices)
    assert parsed.value == ["Helse og omsorg", "Inn/ut", "Annet"] and not parsed.problems


def test_multichoice_with_an_unknown_part_gives_the_error_only():
    parsed = match_multi("Helsenorge; eResept", KNYTNING)
    assert parsed.value == ["Helsenorge", "eResept"] and parsed.normalised is None
    assert [p.value for p in parsed.problems] == ["eResept"]


# --- parse_field -------------------------------------------------------------------------------

def test_parse_field_choice_reports_whole_cell_and_invalid_chars():
    parsed = parse_field(" Grnn\x0b ", meta("Status", Kind.CHOICE, vocabulary="status"), STATUS)
    assert codes(parsed) == [Code.INVALID_CHARS, Code.NOT_IN_LIST]
    assert parsed.problems[0].params == {"chars": "U+000B"}
    assert parsed.problems[1].value is None  # the message shows the cell as typed
    assert parsed.value == "Grnn"


def test_parse_field_text_from_numbers_and_dates():
    text = meta("Tekst", Kind.TEXT)
    assert parse_field(12345.0, text).value == "12345"
    assert parse_field(12345, text).value == "12345"
    assert parse_field(28.3, text).value == "28,3"
    assert parse_field(datetime(2021, 2, 1), text).value == "01.02.2021"
    assert parse_field(None, text).value == ""
    assert parse_field(None, meta("K", Kind.MULTICHOICE, vocabulary="knytning"), KNYTNING).value == []


def test_parse_field_innsatsomrade_typed_as_number():
    parsed = parse_field(4.3, meta("I", Kind.CHOICE, vocabulary="innsatsomrade"), INNSATS)
    assert parsed.value == "4.3 - Helsehjelp og omsorg på avstand" and parsed.ok


# --- text --------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected, removed", [
    ("  Kari  Nordmann ", "Kari  Nordmann", ""),
    ("a\r\nb\rc", "a\nb\nc", ""),
    ("\n\n  Første\n\n  • punkt  \n\n", "Første\n\n  • punkt", ""),
    ("a\x00b\x0bc\x0c\x1fd\ufffe\uffff", "abcd", "\x00\x0b\x0c\x1f\ufffe\uffff"),
    ("x\ud800y\udfffz", "xyz", "\ud800\udfff"),
    ("\x0b\x0b", "", "\x0b"),
    ("tab\there", "tab\there", ""),
    ("emoji 😀 ok", "emoji 😀 ok", ""),
    (12345.0, "12345", ""),
    (None, "", ""),
])
def test_clean_text(value, expected, removed):
    assert clean_text(value) == (expected, removed)


#: Any text, with extra weight on what XML forbids (hypothesis never draws surrogates by itself).
ANY_TEXT = st.text(st.one_of(st.characters(), st.integers(0xD800, 0xDFFF).map(chr),
                             st.sampled_from("\x00\x08\x0b\x0c\x1f\r\n\t \u00a0\ufffe\uffff")))


@given(ANY_TEXT)
def test_clean_text_is_idempotent_and_xml_safe(text):
    cleaned, removed = clean_text(text)
    assert clean_text(cleaned) == (cleaned, "")
    assert XML_VALID.match(cleaned)
    assert "\r" not in cleaned
    assert all(c in text for c in removed)


VALID_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\r").filter(
    lambda c: XML_VALID.match(c) is not None)


@given(st.text(VALID_CHARS).map(str.strip))
def test_clean_text_leaves_valid_text_unchanged(text):
    assert clean_text(text) == (text, "")
