"""The pure comparison of two rounds: matching of tiltak and leveranser, months, what counts as a change."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.contract.models import Leveranse, Tiltak
from pipeline.summary.changes import ChangeKind, Round, compare_rounds, months_between


def tiltak(name: str = "Tiltak A", segment: str = "Samstyre", *leveranser: Leveranse, **values) -> Tiltak:
    base = {"aktor": "Aktør", "fase": "Gjennomføre", "status": "Gul", "risiko": "Gul", "sluttdato": date(2022, 6, 30)}
    return Tiltak(navn=name, segment=segment, leveranser=list(leveranser), **{**base, **values})


def lev(name: str, levert: str = "Nei", sluttdato: date | None = date(2022, 1, 1)) -> Leveranse:
    return Leveranse(navn=name, levert=levert, sluttdato=sluttdato)


def compare(old: list[Tiltak], new: list[Tiltak], form, *earlier: list[Tiltak]):
    history = [Round(f"R{i}", (2021, i + 1), tuple(r)) for i, r in enumerate([*earlier, old])]
    return compare_rounds(history, new, form, "Nå")


@pytest.mark.parametrize("old, new, months", [
    (date(2021, 12, 31), date(2022, 6, 30), 6), (date(2022, 4, 1), date(2022, 3, 31), 0),
    (date(2022, 1, 15), date(2022, 2, 14), 1), (date(2023, 12, 31), date(2022, 12, 31), -12),
])
def test_months_between(old, new, months):
    assert months_between(old, new) == months


def test_tiltak_match_by_name_ignoring_case_and_spacing(form_settings):
    result = compare([tiltak("Tiltak  a")], [tiltak("tiltak A")], form_settings)
    assert result.changes == ()


def test_status_risiko_and_date_changes(form_settings):
    old = tiltak(status="Gul", risiko="Grønn", sluttdato=date(2021, 12, 31))
    new = tiltak(status="Rød", risiko="Gul", sluttdato=date(2022, 6, 30))
    result = compare([old], [new], form_settings)
    assert [(c.kind, c.forrige, c.naa, c.months) for c in result.changes] == [
        (ChangeKind.STATUS, "Gul", "Rød", None), (ChangeKind.RISIKO, "Grønn", "Gul", None),
        (ChangeKind.SLUTTDATO, "31.12.2021", "30.06.2022", 6)]


def test_fields_the_segment_does_not_print_are_not_compared(form_settings):
    """Observere does not print Risiko (skjema.toml): a changed risiko there is no change."""
    result = compare([tiltak(segment="Observere", risiko="Grønn")], [tiltak(segment="Observere", risiko="Rød")],
                     form_settings)
    assert result.changes == ()


def test_leveranser_delivered_redated_new_removed(form_settings):
    old = tiltak("T", "Samstyre", lev("Bygge"), lev("Teste", sluttdato=date(2022, 1, 1)), lev("Gammel"))
    new = tiltak("T", "Samstyre", lev("bygge", "Ja"), lev("Teste", sluttdato=date(2022, 3, 1)), lev("Ny ting"))
    got = [(c.kind, c.leveranse) for c in compare([old], [new], form_settings).changes]
    assert got == [(ChangeKind.DELIVERED, "bygge"), (ChangeKind.DELIVERY_DATE, "Teste"), (ChangeKind.NEW_DELIVERY, "Ny ting"),
                   (ChangeKind.REMOVED_DELIVERY, "Gammel")]


def test_a_small_edit_to_a_leveranse_name_is_the_same_leveranse(form_settings):
    old = tiltak("T", "Samstyre", lev("Felles løsning for EKG"))
    new = tiltak("T", "Samstyre", lev("Felles løsning for EKG.", "Ja"))
    got = [(c.kind, c.forrige, c.naa) for c in compare([old], [new], form_settings).changes]
    assert got == [(ChangeKind.RENAMED_DELIVERY, "Felles løsning for EKG", "Felles løsning for EKG."),
                   (ChangeKind.DELIVERED, "Nei", "Ja")]


def test_an_ambiguous_similar_name_is_not_matched(form_settings):
    """Two left-over old names equally like the new one: new and removed, not a guess."""
    old = tiltak("T", "Samstyre", lev("Leveranse 1"), lev("Leveranse 2"))
    new = tiltak("T", "Samstyre", lev("Leveranse 3"))
    kinds = [c.kind for c in compare([old], [new], form_settings).changes]
    assert kinds == [ChangeKind.NEW_DELIVERY, ChangeKind.REMOVED_DELIVERY, ChangeKind.REMOVED_DELIVERY]


def test_repeated_names_match_in_order(form_settings):
    old = tiltak("T", "Samstyre", lev("Pilot", sluttdato=date(2022, 1, 1)), lev("Pilot", sluttdato=date(2022, 2, 1)))
    new = tiltak("T", "Samstyre", lev("Pilot", sluttdato=date(2022, 1, 1)), lev("Pilot", sluttdato=date(2022, 2, 1)))
    assert compare([old], [new], form_settings).changes == ()


def test_new_and_removed_tiltak(form_settings):
    result = compare([tiltak("Borte", aktor="X")], [tiltak("Ny", aktor="Y")], form_settings)
    assert [(c.kind, c.tiltak, c.aktor) for c in result.changes] == [(ChangeKind.NEW_TILTAK, "Ny", "Y"),
                                                                     (ChangeKind.REMOVED_TILTAK, "Borte", "X")]


def test_status_history_needs_two_earlier_rounds(form_settings):
    one = compare([tiltak(status="Gul")], [tiltak(status="Rød")], form_settings)
    assert one.rounds == () and one.status_history == {}
    two = compare([tiltak(status="Gul")], [tiltak(status="Rød"), tiltak("Ny")], form_settings, [tiltak(status="Grønn")])
    assert two.rounds == ("R0", "R1", "Nå")
    assert two.status_history == {"tiltak a": ("Grønn", "Gul", "Rød"), "ny": ("", "", "Gul")}
