"""The record format (JSON export shape) against the seed data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tests.support.records import documented_normalisation

import pytest

from pipeline.merge.export import RecordError, record_to_tiltak, tiltak_to_record


def test_every_seed_record_round_trips(seed_records):
    assert len(seed_records) == 40
    for record in seed_records:
        assert tiltak_to_record(record_to_tiltak(record)) == documented_normalisation(record)


def test_values_are_typed(seed_records):
    first = record_to_tiltak(seed_records[0])
    assert first.sluttdato == date(2023, 12, 31)
    assert first.kostnader[0].belop == Decimal("28.3")
    assert first.kostnader[0].ar == 2019
    assert first.knytning == ["Kjernejournal"]
    assert first.nytte is not None and first.nytte.netto_nytteverdi == Decimal("191")


def test_empty_nytte_becomes_none(seed_records):
    without = [r for r in seed_records if not r["nytte"]][0]
    assert record_to_tiltak(without).nytte is None
    assert tiltak_to_record(record_to_tiltak(without))["nytte"] == []


def test_unreadable_value_names_the_key(seed_records):
    record = {**seed_records[0], "sluttdato": "31.13.2021"}
    with pytest.raises(RecordError, match=r"sluttdato.*31\.13\.2021"):
        record_to_tiltak(record)


def test_unknown_key_is_refused(seed_records):
    record = {**seed_records[0], "leveranser": [{"navn": "x", "farge": "blå"}]}
    with pytest.raises(RecordError, match="farge"):
        record_to_tiltak(record)
