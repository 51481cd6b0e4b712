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
    assert [(c.kind, c.segment, c.forrige, c.naa, c.months) for c in result.changes] == [
        (ChangeKind.STATUS, "Samstyre", "Gul", "Rød", None), (ChangeKind.RISIKO, "Samstyre", "Grønn", "Gul", None),
        (ChangeKind.SLUTTDATO, "Samstyre", "31.12.2021", "30.06.2022", 6)]


def test_fields_the_segment_does_not_print_are_not_compared(form_settings):
    """Observere does not print Risiko (skjema.toml): a changed risiko there is no change."""
    result = compare([tiltak(segment="Observere", risiko="Grønn")], [tiltak(segment="Observere", risiko="Rød")],
                     form_settings)
    assert result.changes == ()


def test_leveranser_delivered_redated_new_removed(form_settings):
    old = tiltak("T", "Samstyre", lev("Bygge"), lev("Teste", sluttdato=date(2022, 1, 1)), lev("Gammel"))
    new = tiltak("T", "Samstyre", lev("bygge", "Ja"), lev("Teste", sluttdato=date(2022, 3, 1)), lev("Ny ting"))
    got = [(c.kind, c.tiltak, c.segment, c.leveranse, c.forrige, c.naa) for c in compare([old], [new], form_settings).changes]
    assert got == [(ChangeKind.DELIVERED, "T", "Samstyre", "bygge", "Nei", "Ja"),
                   (ChangeKind.DELIVERY_DATE, "T", "Samstyre", "Teste", "01.01.2022", "01.03.2022"),
                   (ChangeKind.NEW_DELIVERY, "T", "Samstyre", "Ny ting", "", "Ny ting"),
                   (ChangeKind.REMOVED_DELIVERY, "T", "Samstyre", "Gammel", "Gammel", "")]


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
    assert [(c.kind, c.tiltak, c.segment, c.aktor, c.forrige, c.naa) for c in result.changes] == [
        (ChangeKind.NEW_TILTAK, "Ny", "Samstyre", "Y", "", "Ny"), (ChangeKind.REMOVED_TILTAK, "Borte", "Samstyre", "X", "Borte", "")]


def test_status_history_needs_two_earlier_rounds(form_settings):
    one = compare([tiltak(status="Gul")], [tiltak(status="Rød")], form_settings)
    assert one.rounds == () and one.status_history == {}
    two = compare([tiltak(status="Gul")], [tiltak(status="Rød"), tiltak("Ny")], form_settings, [tiltak(status="Grønn")])
    assert two.rounds == ("R0", "R1", "Nå")
    assert two.status_history == {"tiltak a": ("Grønn", "Gul", "Rød"), "ny": ("", "", "Gul")}


@pytest.mark.parametrize("before, after", [("Nei", "Omdefinert"), ("Ja", "Nei"), ("", "Nei"), ("Nei", "")])
def test_a_levert_answer_changed_other_than_to_ja_is_an_answer_change(form_settings, before, after):
    old = tiltak("T", "Samstyre", lev("Bygge", before, sluttdato=date(2022, 1, 1)))
    new = tiltak("T", "Samstyre", lev("Bygge", after, sluttdato=date(2022, 1, 1)))
    got = [(c.kind, c.leveranse, c.forrige, c.naa, c.felt) for c in compare([old], [new], form_settings).changes]
    assert got == [(ChangeKind.ANSWER, "Bygge", before, after, "levert")]


def test_an_unchanged_answer_is_no_change_and_ja_is_delivered(form_settings):
    old = tiltak("T", "Samstyre", lev("A", "Omdefinert"), lev("B", "Omdefinert"))
    new = tiltak("T", "Samstyre", lev("A", "Omdefinert"), lev("B", "Ja", sluttdato=date(2022, 1, 1)))
    got = [(c.kind, c.leveranse, c.sluttdato) for c in compare([old], [new], form_settings).changes]
    assert got == [(ChangeKind.DELIVERED, "B", "01.01.2022")]


def test_a_date_moved_earlier_is_a_negative_shift(form_settings):
    old = tiltak("T", "Samstyre", lev("Bygge", sluttdato=date(2022, 9, 30)), sluttdato=date(2023, 6, 30))
    new = tiltak("T", "Samstyre", lev("Bygge", sluttdato=date(2022, 6, 30)), sluttdato=date(2022, 12, 31))
    got = [(c.kind, c.forrige, c.naa, c.months) for c in compare([old], [new], form_settings).changes]
    assert got == [(ChangeKind.SLUTTDATO, "30.06.2023", "31.12.2022", -6),
                   (ChangeKind.DELIVERY_DATE, "30.09.2022", "30.06.2022", -3)]


def test_more_than_four_earlier_rounds_show_the_latest_four(form_settings):
    """Six earlier rounds: Statusutvikling shows the four latest (R2…R5) and now, oldest first."""
    colours = ["Grønn", "Grønn", "Gul", "Rød", "Gul", "Grønn"]  # R0 … R5
    rounds = [[tiltak(status=c)] for c in colours]
    result = compare(rounds[-1], [tiltak(status="Rød")], form_settings, *rounds[:-1])
    assert result.rounds == ("R2", "R3", "R4", "R5", "Nå")
    assert result.status_history == {"tiltak a": ("Gul", "Rød", "Gul", "Grønn", "Rød")}
    assert result.previous.label == "R5"


def test_the_changes_of_one_tiltak_are_found_by_name_as_tiltak_match(form_settings):
    result = compare([tiltak("Alfa", status="Gul"), tiltak("Beta", status="Gul")],
                     [tiltak("Alfa", status="Rød"), tiltak("Beta", status="Grønn")], form_settings)
    assert [(c.tiltak, c.naa) for c in result.of("  ALFA ")] == [("Alfa", "Rød")]
    assert [(c.tiltak, c.naa) for c in result.of("beta")] == [("Beta", "Grønn")]
    assert result.of("Gamma") == []


def test_a_renamed_leveranse_is_matched_to_the_most_alike_of_several(form_settings):
    old = tiltak("T", "Samstyre", lev("Felles løsning for EKG"), lev("Helt annet navn"))
    new = tiltak("T", "Samstyre", lev("Felles løsning for EKG."))
    got = [(c.kind, c.forrige, c.naa) for c in compare([old], [new], form_settings).changes]
    assert got == [(ChangeKind.RENAMED_DELIVERY, "Felles løsning for EKG", "Felles løsning for EKG."),
                   (ChangeKind.REMOVED_DELIVERY, "Helt annet navn", "")]


def test_names_exactly_as_alike_as_the_limit_are_one_leveranse(form_settings):
    """«Bygg» → «Bygg 1»: difflib ratio 2·4/10 = 0,8 = NAME_RATIO, which counts as alike."""
    import difflib

    from pipeline.summary.changes import NAME_RATIO

    assert difflib.SequenceMatcher(None, "bygg", "bygg 1").ratio() == NAME_RATIO
    got = [c.kind for c in compare([tiltak("T", "Samstyre", lev("Bygg"))], [tiltak("T", "Samstyre", lev("Bygg 1"))],
                                   form_settings).changes]
    assert got == [ChangeKind.RENAMED_DELIVERY]
