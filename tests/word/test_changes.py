"""The chapter note under a changed tiltak names each change as the summary section does."""

from __future__ import annotations

from pipeline.summary.changes import Change, Kind
from pipeline.word.changes import chapter_note


def _change(kind: Kind, forrige: str = "", naa: str = "", leveranse: str = "L", months: int | None = None) -> Change:
    return Change(kind, "T", "Samstyre", forrige, naa, leveranse, months=months)


def test_a_renamed_leveranse_is_named_as_in_the_summary():
    note = chapter_note([_change(Kind.RENAMED_DELIVERY, "Felles EKG", "Felles EKG-løsning", "Felles EKG-løsning")],
                        "August 2021")
    assert note == "Endret siden forrige rapport (August 2021): leveransen «Felles EKG-løsning»: nytt navn (var «Felles EKG»)."
    assert "annen endring" not in note


def test_another_levert_answer_is_named_with_before_and_now():
    note = chapter_note([_change(Kind.ANSWER, "Nei", "Omdefinert", "Pilot"), _change(Kind.ANSWER, "Ja", "", "Bygg")],
                        "R")
    assert note == ("Endret siden forrige rapport (R): leveransen «Pilot»: svar på «levert» Nei → Omdefinert; "
                    "leveransen «Bygg»: svar på «levert» Ja → ikke oppgitt.")


def test_counts_are_singular_for_one_and_plural_for_more():
    one = chapter_note([_change(Kind.DELIVERED, "Nei", "Ja"), _change(Kind.NEW_DELIVERY, naa="N")], "R")
    assert one == "Endret siden forrige rapport (R): 1 leveranse levert; 1 ny leveranse."
    many = chapter_note([_change(Kind.DELIVERED), _change(Kind.DELIVERED), _change(Kind.DELIVERY_DATE),
                         _change(Kind.DELIVERY_DATE), _change(Kind.REMOVED_DELIVERY), _change(Kind.REMOVED_DELIVERY),
                         _change(Kind.NEW_DELIVERY), _change(Kind.NEW_DELIVERY)], "R")
    assert many == ("Endret siden forrige rapport (R): 2 leveranser levert; 2 leveranser med ny sluttdato; "
                    "2 nye leveranser; 2 leveranser fjernet.")


def test_a_negative_shift_is_signed_in_the_note():
    note = chapter_note([_change(Kind.SLUTTDATO, "30.06.2023", "31.12.2022", months=-6)], "R")
    assert note == "Endret siden forrige rapport (R): sluttdato 30.06.2023 → 31.12.2022 (−6 mnd)."


def test_a_new_tiltak_and_no_change():
    assert chapter_note([_change(Kind.NEW_TILTAK)], "R") == "Nytt siden forrige rapport (R)."
    assert chapter_note([], "R") == ""
