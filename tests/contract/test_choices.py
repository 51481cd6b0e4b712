"""Closed lists: the corners of reading several values and suggesting near misses (from mutation testing)."""

from __future__ import annotations

import pytest

from pipeline.contract.choices import match_choice, match_multi, suggest
from pipeline.contract.issues import Code
from pipeline.excel import kindtexts
from pipeline.common.malform import Malform
from pipeline.word.doctexts import DocTexts, MissingTranslation

FASE = ["Konsept", "Planlegge", "Gjennomføre", "Avslutte", "Realisering"]
KNYTNING = ["Helsenorge", "Kjernejournal", "E-resept", "Regelverksendringer/-fortolkninger", "Standarder og kodeverk",
            "Lov og rett/forskrift"]


def test_a_unique_beginning_of_two_letters_is_suggested():
    assert suggest("Av", FASE) == "Avslutte"
    assert suggest("A", FASE) is None  # one letter says too little
    assert suggest("xyz", FASE) is None


def test_a_number_in_a_list_without_numbers_is_not_in_the_list():
    parsed = match_choice("2.1", FASE)
    assert not parsed.ok and parsed.problems[0].code is Code.NOT_IN_LIST


def test_values_holding_a_slash_or_og_stay_whole_among_others():
    parsed = match_multi("Helsenorge og Regelverksendringer/-fortolkninger, Standarder og kodeverk", KNYTNING)
    assert parsed.value == ["Helsenorge", "Regelverksendringer/-fortolkninger", "Standarder og kodeverk"]
    assert parsed.ok
    three = match_multi("E-resept og Lov og rett/forskrift", KNYTNING)  # a value of three pieces
    assert three.value == ["E-resept", "Lov og rett/forskrift"] and three.ok


def test_unknown_parts_anywhere_are_kept_and_the_known_ones_read():
    parsed = match_multi("Helsenorge / Ukjent / Kjernejournal Annet", KNYTNING)
    assert parsed.value == ["Helsenorge", "Kjernejournal", "Ukjent", "Annet"]
    assert [p.value for p in parsed.problems] == ["Ukjent", "Annet"]
    parsed = match_multi("Ukjent Helsenorge", KNYTNING)
    assert parsed.value == ["Helsenorge", "Ukjent"]


def test_missing_translations_name_the_text():
    with pytest.raises(MissingTranslation, match="'Ny tekst' in pipeline.word.doctexts"):
        DocTexts(Malform.NYNORSK)("Ny tekst")
    with pytest.raises(kindtexts.MissingTranslation, match="'Ny tekst' in pipeline.excel.kindtexts"):
        kindtexts.in_malform("Ny tekst", Malform.NYNORSK)
