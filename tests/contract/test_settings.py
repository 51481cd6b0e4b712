from pathlib import Path

import pytest

from tests.support.paths import INPUT
from tests.support.settings import changed_form_settings
from pipeline.validate.normalise import match_choice
from pipeline.contract.settings import FORM_SETTINGS_PATH, SettingsError, load_form_settings, load_report_settings


def test_bundled_settings_load(form_settings):
    assert form_settings.vocabulary("segment") == ["Samstyre", "Koordinere", "Observere"]
    report = load_report_settings(INPUT / "rapport.toml")
    assert report.periode == "November 2021" and len(report.forventet) == 40


def test_synonyms_read_as_the_list_value_with_a_warning(form_settings):
    choices = form_settings.vocabulary("forutsetning_kritikalitet")
    parsed = match_choice("middels", choices, form_settings.synonyms("forutsetning_kritikalitet"))
    assert parsed.value == "Medium" and parsed.normalised == "Medium" and parsed.ok
    assert not match_choice("middels", choices).ok  # without the synonym it is an error


_broken = changed_form_settings


@pytest.mark.parametrize("old, new, message", [
    ('"Middels" = "Medium"', '"Middels" = "Mellom"', "Mellom"),
    ('seksjoner = ["leveranser"]', 'seksjoner = ["leveranser", "budsjett"]', "ukjent seksjon «budsjett»"),
    ('mal_versjon = "1.1"', 'mal_versjon = "2.0"', "kjente_malversjoner"),
    ("[vokabular]", "[vokabular", r"har en feil på linje \d+, kolonne \d+: mangler «\]» på slutten av tabellnavnet"),
    ('rod = "Rød"', 'rod = "Rosa"', r"\[roller\] rod = «Rosa» er ikke en verdi i vokabular\.avhengighet_status"),
    ('levert = ["Ja", "Nei", "Omdefinert"]', 'levert = ["Ja", "Ikke levert", "Omdefinert"]',
     r"\[roller\] ikke_levert = «Nei» er ikke en verdi i vokabular\.levert \(Ja, Ikke levert, Omdefinert\)"),
    ('rod = "Rød"', 'rod = "Rød"\nbla = "Ja"', r"linje \d+, roller: ukjent nøkkel «bla»\. Tillatt her: rod, ikke_levert\."),
])
def test_a_broken_settings_file_gives_a_norwegian_error(tmp_path, old, new, message):
    with pytest.raises(SettingsError, match=message):
        load_form_settings(_broken(tmp_path, old, new))


def test_roles_name_values_of_their_vocabularies(form_settings):
    assert form_settings.roller.rod == "Rød" and form_settings.roller.ikke_levert == "Nei"
    for role, key in type(form_settings.roller).vocabularies().items():
        assert getattr(form_settings.roller, role) in form_settings.vocabulary(key)


def test_a_role_renamed_with_its_value_is_accepted(tmp_path):
    path = _broken(tmp_path, 'levert = ["Ja", "Nei", "Omdefinert"]', 'levert = ["Ja", "Ikke levert", "Omdefinert"]')
    path.write_text(path.read_text(encoding="utf-8").replace('ikke_levert = "Nei"', 'ikke_levert = "Ikke levert"'),
                    encoding="utf-8")
    assert load_form_settings(path).roller.ikke_levert == "Ikke levert"
