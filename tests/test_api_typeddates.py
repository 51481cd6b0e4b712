"""Unreadable dates in what changed: stand-in dates per typed text, shown back as typed (pure, no database)."""

from __future__ import annotations

import json
from datetime import date

from pipeline import api
from pipeline.merge.export import record_to_tiltak
from pipeline.api.typeddates import StandIns, stand_in
from pipeline.summary.changes import ChangeKind, Round, compare_rounds
from tests.support.portal import PREVIOUS


def _tiltak(*, sluttdato: str | None = None, leveranse: str | None = None):
    record = json.loads(PREVIOUS.read_text(encoding="utf-8"))[0]
    invalid = []
    if sluttdato is not None:
        record["sluttdato"] = sluttdato
        invalid.append({"felt": "sluttdato", "verdi": sluttdato})
    if leveranse is not None:
        record["leveranser"][1]["sluttdato"] = leveranse
        invalid.append({"felt": "leveranser[1].sluttdato", "verdi": leveranse})
    record["ugyldige_verdier"] = invalid
    return record_to_tiltak(record)


def _changes(old, new):
    typed = StandIns()
    found = compare_rounds([Round("før", None, (stand_in(old, typed),))], [stand_in(new, typed)],
                           api.form_settings(), "nå")
    return [(c.kind, c.leveranse, typed.as_typed(c.forrige), typed.as_typed(c.naa)) for c in found.changes]


def test_the_same_text_gets_the_same_stand_in_and_other_texts_other_ones():
    typed = StandIns()
    first, second = typed.date_for("31.13.2021"), typed.date_for("32.12.2021")
    assert first == typed.date_for("31.13.2021") == date(1, 1, 1) and second == date(1, 1, 2)
    assert typed.as_typed("01.01.0001") == "31.13.2021" and typed.as_typed("02.01.0001") == "32.12.2021"
    assert typed.as_typed("31.12.2021") == "31.12.2021"  # a real date is left as it is


def test_a_readable_date_and_a_model_without_invalid_values_are_left_alone():
    plain = _tiltak()
    typed = StandIns()
    copy = stand_in(plain, typed)
    assert copy.sluttdato == plain.sluttdato == date(2023, 12, 31)
    assert [lev.sluttdato for lev in copy.leveranser] == [lev.sluttdato for lev in plain.leveranser]
    assert typed.as_typed("01.01.0001") == "01.01.0001"  # nothing was given a stand-in


def test_header_and_leveranse_dates_are_shown_as_typed_both_ways():
    valid, broken = _tiltak(), _tiltak(sluttdato="31.13.2021", leveranse="1.1.20222")
    leveranse = valid.leveranser[1].navn
    assert _changes(valid, broken) == [(ChangeKind.SLUTTDATO, "", "31.12.2023", "31.13.2021"),
                                       (ChangeKind.DELIVERY_DATE, leveranse, "01.12.2023", "1.1.20222")]
    assert _changes(broken, valid) == [(ChangeKind.SLUTTDATO, "", "31.13.2021", "31.12.2023"),
                                       (ChangeKind.DELIVERY_DATE, leveranse, "1.1.20222", "01.12.2023")]


def test_one_unreadable_text_to_another_is_a_change_and_the_same_text_is_not():
    assert _changes(_tiltak(sluttdato="31.13.2021"), _tiltak(sluttdato="31.13.2021")) == []
    assert _changes(_tiltak(sluttdato="31.13.2021"), _tiltak(sluttdato="32.12.2021")) == [
        (ChangeKind.SLUTTDATO, "", "31.13.2021", "32.12.2021")]


def test_the_typed_text_survives_in_the_copy_and_the_original_is_untouched():
    broken = _tiltak(sluttdato="31.13.2021")
    copy = stand_in(broken, StandIns())
    assert broken.sluttdato is None and copy.sluttdato == date(1, 1, 1)
    assert copy.invalid_values == {"sluttdato": "31.13.2021"}


def test_a_blank_date_stays_blank_and_shows_as_empty_not_as_a_stand_in():
    record = json.loads(PREVIOUS.read_text(encoding="utf-8"))[0]
    record["sluttdato"] = ""
    blank = record_to_tiltak(record)
    assert stand_in(blank, StandIns()).sluttdato is None
    assert _changes(blank, _tiltak()) == [(ChangeKind.SLUTTDATO, "", "", "31.12.2023")]
