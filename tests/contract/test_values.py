"""The one value parser by field kind, and that the validator, the export's reading back and
prefill all read values with it."""

from __future__ import annotations

import json
import tempfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.contract.catalogue import HEADER_FIELDS, NYTTE_FIELDS, SECTIONS_BY_KEY, FieldSpec
from pipeline.contract.fields import Kind
from pipeline.contract.formatting import NumberStyle, format_date, format_number
from pipeline.contract.settings import load_form_settings
from pipeline.contract.kinds.registry import empty_value, read_text
from pipeline.contract.values import YEAR_MAX, YEAR_MIN, UnreadableValue
from pipeline.excel.prefill import fill_workbook, typed_value
from pipeline.merge.export import RecordError, parse_record_value, record_to_tiltak
from pipeline.read.reader import read_workbook
from pipeline.validate.normalise import parse_field
from pipeline.validate.validator import validate
from tests.support.paths import SEED_JSON

FORM = load_form_settings()
SEED = json.loads(SEED_JSON.read_text(encoding="utf-8"))
SPECS = {f.key: f for f in (*HEADER_FIELDS, *NYTTE_FIELDS)}
COSTS = {c.key: c for c in SECTIONS_BY_KEY["kostnader"].columns}
DATE, YEAR, NUMBER, INTEGER = SPECS["sluttdato"], COSTS["ar"], COSTS["belop"], SPECS["antall_ar"]


# --- the parser ------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind, text, typed, record", [
    (Kind.DATE, "31.12.2021", date(2021, 12, 31), date(2021, 12, 31)),
    (Kind.DATE, "1.2.2021", date(2021, 2, 1), date(2021, 2, 1)),
    (Kind.DATE, "2021-02-01", date(2021, 2, 1), None),  # records hold dd.mm.åååå only
    (Kind.DATE, "31.13.2021", None, None),
    (Kind.NUMBER, "28,3", Decimal("28.3"), Decimal("28.3")),
    (Kind.NUMBER, "1 234,5", Decimal("1234.5"), Decimal("1234.5")),
    (Kind.NUMBER, "\u22121,5", Decimal("-1.5"), Decimal("-1.5")),
    (Kind.NUMBER, "0.125", None, Decimal("0.125")),  # typed: ambiguous; a record's point is a decimal point
    (Kind.NUMBER, "ca. 5", None, None),
    (Kind.INTEGER, "10", 10, 10),
    (Kind.INTEGER, "10,5", None, None),
    (Kind.YEAR, "2021", 2021, 2021),
    (Kind.YEAR, str(YEAR_MIN - 1), None, None),
    (Kind.YEAR, str(YEAR_MAX), YEAR_MAX, YEAR_MAX),
    (Kind.YEAR, "21", None, None),
    (Kind.MULTICHOICE, "Helsenorge;  HelseID", ["Helsenorge", "HelseID"], ["Helsenorge", "HelseID"]),
    (Kind.TEXT, "fritt", "fritt", "fritt"),
])
def test_read_text(kind, text, typed, record):
    for is_record, expected in ((False, typed), (True, record)):
        if expected is None:
            with pytest.raises(UnreadableValue):
                read_text(kind, text, record=is_record)
        else:
            assert read_text(kind, text, record=is_record) == expected


@pytest.mark.parametrize("kind", list(Kind))
def test_empty_text_is_the_empty_value(kind):
    assert read_text(kind, "") == empty_value(kind)


# --- the three readers agree --------------------------------------------------------------------

def _through_prefill_and_validator(spec: FieldSpec, text: str):
    """What the validator reads from a cell that prefill wrote ``text`` into; None when it cannot read it."""
    return parse_field(typed_value(spec, text), spec.meta).value


def _record_reader(spec: FieldSpec, text: str):
    try:
        return parse_record_value(text, spec, "x")
    except RecordError:
        return None


def _parser(spec: FieldSpec, text: str, record: bool = True):
    try:
        return read_text(spec.kind, text.strip(), record=record)
    except UnreadableValue:
        return None


def _all_agree(spec: FieldSpec, text: str) -> None:
    """The export's reading back gives what the parser gives; prefill writes it so that the
    validator reads the same; what a record cannot hold prefill leaves as text, and the
    validator reads that text as typed (``2021-02-01``) or reports it."""
    expected = _parser(spec, text)
    assert _record_reader(spec, text) == expected
    if expected is None:
        assert typed_value(spec, text) == text
        expected = _parser(spec, text, record=False)
    assert _through_prefill_and_validator(spec, text) == expected


@given(st.dates(date(1900, 1, 1), date(2199, 12, 31)))
def test_dates_read_alike(day):
    for text in (format_date(day), f"{day.day}.{day.month}.{day.year}"):
        assert _parser(DATE, text) == day
        _all_agree(DATE, text)


@given(st.from_regex(r"[0-3]?\d\.[01]?\d\.\d{4}|\d{4}-\d\d-\d\d", fullmatch=True))
def test_date_like_texts_read_alike(text):
    _all_agree(DATE, text)


@given(st.integers(1900, 2200))
def test_years_read_alike(year):
    text = str(year)
    assert (_parser(YEAR, text) is not None) == (YEAR_MIN <= year <= YEAR_MAX)
    _all_agree(YEAR, text)


@given(st.decimals(min_value=-10**6, max_value=10**6, places=3, allow_nan=False, allow_infinity=False),
       st.sampled_from([None, 0, 1]))
def test_numbers_as_exported_read_alike(number, decimals):
    text = format_number(number, decimals, NumberStyle.PUNKTUM)
    assert _parser(NUMBER, text) == Decimal(text)
    _all_agree(NUMBER, text)
    if decimals == 0:
        _all_agree(INTEGER, text)


@given(st.from_regex(r"[-+\u2212]?\d{1,3}([ \u00a0]?\d{3})?([.,]\d{0,4})?", fullmatch=True))
def test_number_like_texts_read_alike(text):
    _all_agree(NUMBER, text)
    _all_agree(INTEGER, text)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day=st.dates(date(2000, 1, 1), date(2100, 12, 31)), year=st.integers(1990, 2110),
       amount=st.decimals(min_value=-1000, max_value=1000, places=1, allow_nan=False, allow_infinity=False))
@pytest.mark.slow
def test_prefilled_workbook_reads_back_as_the_record_reader_reads_the_record(day, year, amount):
    record = {**SEED[0], "sluttdato": format_date(day)}
    record["kostnader"] = [{"finansierende_virksomhet": "Helsedirektoratet", "ar": str(year),
                            "belop": format_number(amount, 1, NumberStyle.PUNKTUM)}]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "forhandsutfylt.xlsx"
        fill_workbook(record, FORM).save(path)
        tiltak = validate(read_workbook(path), FORM).tiltak
    assert tiltak is not None
    assert tiltak.sluttdato == record_to_tiltak({**record, "kostnader": []}).sluttdato == day
    cost = tiltak.kostnader[0]
    assert cost.belop == Decimal(format_number(amount, 1, NumberStyle.PUNKTUM))
    if YEAR_MIN <= year <= YEAR_MAX:
        assert cost.ar == record_to_tiltak(record).kostnader[0].ar == year
    else:
        assert cost.ar is None
        with pytest.raises(RecordError):
            record_to_tiltak(record)


def test_the_prefilled_date_is_a_date_cell():
    assert typed_value(DATE, "1.2.2024") == datetime(2024, 2, 1)
