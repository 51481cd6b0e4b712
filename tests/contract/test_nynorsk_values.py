"""A list value's nynorsk form ([nynorsk] in skjema.toml) is the same value: read as it, without a warning."""

from __future__ import annotations

import pytest

from pipeline.common.malform import Malform
from pipeline.contract.choices import match_choice, match_multi, match_suggestion
from pipeline.contract.issues import Code
from pipeline.contract.settings import SettingsError, load_form_settings
from pipeline.excel.prefill import fill_workbook, in_nynorsk
from pipeline.read.reader import read_workbook
from pipeline.validate.validator import validate
from tests.support.settings import changed_form_settings


def test_every_nynorsk_form_reads_as_its_value_without_a_warning(form_settings):
    count = 0
    for key, forms in form_settings.nynorsk.items():
        values = form_settings.vocabulary(key)
        equivalents = form_settings.equivalents(key)
        for value, form in forms.items():
            parsed = match_choice(form, values, form_settings.synonyms(key), equivalents)
            assert (parsed.value, parsed.normalised, parsed.problems) == (value, None, ()), (key, form)
            assert match_suggestion(form, values, equivalents).value == value
            count += form != value
    assert count >= 30  # the lists of docs/ordliste.md


def test_the_other_direction_and_unknown_values_are_untouched(form_settings):
    status, forms = form_settings.vocabulary("status"), form_settings.equivalents("status")
    assert forms == {"Grøn": "Grønn", "Raud": "Rød"}
    assert match_choice("Grønn", status, equivalents=forms).value == "Grønn"
    assert match_choice("Gul", status, equivalents=forms).normalised is None
    assert not match_choice("Grøn", status).ok  # without the forms «Grøn» is not a value
    wrong = match_choice("Grønt", status, equivalents=forms)
    assert not wrong.ok and wrong.value == "Grønt"
    assert wrong.problems[0].code is Code.NOT_IN_LIST


def test_a_form_typed_sloppily_is_the_value_normalised_to_the_form(form_settings):
    status, forms = form_settings.vocabulary("status"), form_settings.equivalents("status")
    parsed = match_choice("  raud ", status, equivalents=forms)
    assert (parsed.value, parsed.normalised) == ("Rød", "Raud")
    assert (match_suggestion("ukjend", ["Helsenorge", "Ukjent"], {"Ukjend": "Ukjent"}).value,
            match_suggestion("ukjend", ["Helsenorge", "Ukjent"], {"Ukjend": "Ukjent"}).normalised) == ("Ukjent", "Ukjend")
    assert match_suggestion("Noko anna", ["Ukjent"], {"Ukjend": "Ukjent"}).value == "Noko anna"


def test_a_near_miss_of_a_form_is_suggested_as_the_form(form_settings):
    kritikalitet, forms = form_settings.vocabulary("kritikalitet"), form_settings.equivalents("kritikalitet")
    parsed = match_choice("Høgg", kritikalitet, equivalents=forms)
    assert not parsed.ok and "«Høg»" in parsed.problems[0].params["suggestion"]


def test_synonyms_still_warn_and_forms_do_not(form_settings):
    key = "kritikalitet"
    values, synonyms, forms = form_settings.vocabulary(key), form_settings.synonyms(key), form_settings.equivalents(key)
    assert match_choice("Medium", values, synonyms, forms).normalised == "Middels"
    assert match_choice("Låg", values, synonyms, forms).normalised is None


def test_several_values_in_their_forms():
    choices = ["Nasjonale løsninger", "Annet", "Helsenorge"]
    forms = {"Nasjonale løysingar": "Nasjonale løsninger", "Anna": "Annet"}
    parsed = match_multi("Nasjonale løysingar, Anna", choices, forms)
    assert parsed.value == ["Nasjonale løsninger", "Annet"] and parsed.normalised is None and parsed.ok
    spaced = match_multi("Anna;Helsenorge", choices, forms)
    assert spaced.value == ["Annet", "Helsenorge"] and spaced.normalised == "Annet, Helsenorge"


def test_a_nynorsk_workbook_reads_as_the_same_tiltak_without_any_warning_about_values(tmp_path, form_settings,
                                                                                          seed_records):
    from pipeline.merge.export import tiltak_to_record

    record = next(r for r in seed_records if r["segment"] == "Samstyre" and r.get("avhengigheter"))
    nynorsk = in_nynorsk(record, form_settings)
    assert nynorsk != record  # some value has a nynorsk form
    results = {}
    for malform in Malform:
        path = tmp_path / f"{malform.value}.xlsx"
        fill_workbook(record, form_settings, malform).save(path)
        results[malform] = validate(read_workbook(path), form_settings)
    bokmal, nn = results[Malform.BOKMAL], results[Malform.NYNORSK]
    assert tiltak_to_record(nn.tiltak) == tiltak_to_record(bokmal.tiltak)
    assert [i.code for i in nn.issues] == [i.code for i in bokmal.issues]
    assert not [i for i in nn.issues if i.code in (Code.NORMALISED, Code.NOT_IN_LIST, Code.UNKNOWN_PRECONDITION)]


def test_a_fixed_precondition_in_nynorsk_is_the_precondition(tmp_path, form_settings, seed_records):
    record = next(r for r in seed_records if any(p["forutsetning"] == "Andre prosjekter må gjennomføres"
                                                 for p in r.get("nytteforutsetninger") or []))
    path = tmp_path / "nn.xlsx"
    fill_workbook(record, form_settings, Malform.NYNORSK).save(path)
    wb_text = [c.value for row in __import__("openpyxl").load_workbook(path)["Nytte"].iter_rows() for c in row]
    assert "Andre prosjekt må gjennomførast" in wb_text
    result = validate(read_workbook(path), form_settings)
    names = [p.forutsetning for p in result.tiltak.nytteforutsetninger]
    assert "Andre prosjekter må gjennomføres" in names and "Andre prosjekt må gjennomførast" not in names


@pytest.mark.parametrize("addition, message", [
    ('[nynorsk.farge]\n"Grønn" = "Grøn"\n', "ukjent vokabular «farge»"),
    ('[nynorsk.status]\n"Grå" = "Grå"\n"Blå" = "Blå"\n',
     r"\[nynorsk\.status\] gir nynorsk form for verdier som ikke er i listen: Blå, Grå$"),
    ('[nynorsk.status]\n"Grønn" = "Gul"\n', r"\[nynorsk\.status\] bruker samme form for to verdier: Gul"),
    ('[nynorsk.status]\n"Grønn" = "Grøn"\n"Rød" = "Grøn"\n', r"\[nynorsk\.status\] bruker samme form for to verdier: Grøn"),
    ('[nynorsk.status]\n"Grønn" = "Gul"\n"Gul" = "Raud"\n"Rød" = "Grønn"\n',
     r"\[nynorsk\.status\] bruker samme form for to verdier: Grønn, Gul$"),
])
def test_a_wrong_nynorsk_table_gives_a_norwegian_settings_error(tmp_path, addition, message):
    path = changed_form_settings(tmp_path, "[nynorsk.status]", "[nynorsk.status_gammel]")
    text = path.read_text(encoding="utf-8")
    start = text.index("[nynorsk.status_gammel]")
    end = text.index("[nynorsk.avhengighet_status]")
    path.write_text(text[:start] + addition + "\n" + text[end:], encoding="utf-8")
    with pytest.raises(SettingsError, match=message):
        load_form_settings(path)


def test_vocabulary_in_each_standard(form_settings):
    assert form_settings.vocabulary_in("fase", Malform.BOKMAL) == form_settings.vocabulary("fase")
    assert form_settings.vocabulary_in("fase", Malform.NYNORSK)[1] == "Planleggje"
    assert form_settings.vocabulary_in("segment", Malform.NYNORSK) == ["Samstyre", "Koordinere", "Observere"]
    assert form_settings.equivalents("segment") == {}


def test_a_record_in_nynorsk_has_its_list_values_and_fixed_texts_in_nynorsk_and_nothing_else(form_settings):
    record = {"navn": "Rød tråd", "status": "Rød", "fase": "Planlegge", "kontaktperson": "Høy Person",
              "avhengigheter": [{"aktor": "Rød", "kritikalitet": "Høy", "status": "Grønn"}],
              "nytteforutsetninger": [{"forutsetning": "Andre prosjekter må gjennomføres", "kritikalitet": "Lav"}],
              "kostnader": [{"finansierende_virksomhet": "Forskningsrådet", "ar": 2023, "belop": "1.0"}],
              "nytte": {"annen_nytte": "Rød"}}
    assert in_nynorsk(record, form_settings) == {
        "navn": "Rød tråd", "status": "Raud", "fase": "Planleggje", "kontaktperson": "Høy Person",
        "avhengigheter": [{"aktor": "Rød", "kritikalitet": "Høg", "status": "Grøn"}],
        "nytteforutsetninger": [{"forutsetning": "Andre prosjekt må gjennomførast", "kritikalitet": "Låg"}],
        "kostnader": [{"finansierende_virksomhet": "Forskingsrådet", "ar": 2023, "belop": "1.0"}],
        "nytte": {"annen_nytte": "Rød"}}
    assert record["status"] == "Rød"  # the record itself is left as it was
