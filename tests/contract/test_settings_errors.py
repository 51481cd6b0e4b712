"""Broken settings files give Norwegian messages with file, line, key, what is allowed and «Mente du …?»."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from pipeline.contract.settings import FORM_SETTINGS_PATH, SettingsError, load_form_settings, load_report_settings
from pipeline.contract.settings_errors import key_lines
from tests.support.paths import INPUT

#: Words of pydantic's and tomllib's English messages; none may reach the user.
ENGLISH = re.compile(r"Input should|Extra inputs|Field required|Expected|at line|column \d|Invalid|valid date|"
                     r"not permitted|Value error|Cannot")

MINIMAL = 'periode = "November 2021"\nrapportdato = 2021-11-01\n'


def _report(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rapport.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _error(path: Path, loader=load_report_settings) -> str:
    with pytest.raises(SettingsError) as exc:
        loader(path)
    message = str(exc.value)
    assert not ENGLISH.search(message), message
    assert str(path) in message
    return message


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


@pytest.mark.parametrize("written", ['"01.11.2021"', '"1.11.2021"', '"2021-11-01"', "2021-11-01"])
def test_rapportdato_as_text_or_toml_date(tmp_path, written):
    path = _report(tmp_path, f'periode = "November 2021"\nrapportdato = {written}\n')
    assert load_report_settings(path).rapportdato == date(2021, 11, 1)


def test_a_wrong_rapportdato_names_line_and_format(tmp_path):
    message = _error(_report(tmp_path, 'periode = "November 2021"\nrapportdato = "31.11.2021"\n'))
    assert "linje 2, rapportdato: «31.11.2021» er ikke en dato; skriv dd.mm.åååå" in message


def test_a_misspelt_key_in_an_expected_entry_names_its_line_and_suggests(tmp_path):
    text = (INPUT / "rapport.toml").read_text(encoding="utf-8")
    text = text.replace('navn = "MF Helse"\nsegment = "Samstyre"', 'navn = "MF Helse"\nsegmnet = "Samstyre"')
    message = _error(_report(tmp_path, text))
    line = _line_of(text, "segmnet")
    assert (f"linje {line}, forventet nr. 2: ukjent nøkkel «segmnet». Tillatt her: navn, segment, aktor, kontaktperson, epost, malform. "
            "Mente du «segment»?") in message


def test_a_misspelt_top_level_key_and_the_missing_one(tmp_path):
    message = _error(_report(tmp_path, 'perioode = "November 2021"\nrapportdato = 2021-11-01\n'))
    assert "linje 1: ukjent nøkkel «perioode»" in message and "Mente du «periode»?" in message
    assert "«periode» mangler; den må være med (tekst i anførselstegn" in message


@pytest.mark.parametrize("extra, expected", [
    ('sammendrag = "ja"', "linje 3, sammendrag: «ja» passer ikke her; skriv true eller false"),
    ("tittel = 2", "linje 3, tittel: «2» passer ikke her; skriv tekst i anførselstegn"),
    ('[utgiver]\nlinjer = "Oslo"', "linje 4, utgiver, linjer: «Oslo» passer ikke her; skriv en liste i klammer [ ] "
                                   "der hvert element er tekst i anførselstegn"),
    ('[utgiver]\nlinjer = [\n  "Oslo",\n  12,\n]', "linje 4, utgiver, linjer nr. 2: «12» passer ikke her"),
    ('[[forventet]]\nsegment = "Samstyre"', "linje 3, forventet nr. 1: «navn» mangler"),
    ("[[forventet]]\nnavn = 'A'\n[[forventet]]\nnavn = 'B'\nfarge = 'rød'",
     "linje 7, forventet nr. 2: ukjent nøkkel «farge». Tillatt her: navn, segment, aktor, kontaktperson, epost, malform."),
    ("utgiver = 3", "linje 3, utgiver: «3» passer ikke her; skriv en tabell"),
])
def test_wrong_types_name_the_line_the_key_and_what_is_allowed(tmp_path, extra, expected):
    assert expected in _error(_report(tmp_path, MINIMAL + extra + "\n"))


def test_a_toml_syntax_error_in_norwegian_with_line_and_column(tmp_path):
    message = _error(_report(tmp_path, 'periode = November 2021\nrapportdato = 2021-11-01\n'))
    assert "har en feil på linje 1, kolonne 11: ugyldig verdi; tekst skal stå i anførselstegn" in message
    assert message.endswith("linje 1: periode = November 2021")


@pytest.mark.parametrize("text, expected", [
    ('periode = "November 2021" x\n', "linje 1, kolonne 27: det står mer på linjen etter verdien"),
    ('periode = "November 2021\n', "linje 1, kolonne 25: teksten mangler avsluttende anførselstegn"),
    ('periode = "a"\nperiode = "b"\n', "linje 2, kolonne 14: nøkkelen har allerede fått en verdi"),
    ("[utgiver]\n[utgiver]\n", "linje 2, kolonne 9: tabellen [utgiver] står to ganger"),
    ("linjer = [\"a\"\n", "på slutten av filen: listen er ikke lukket"),
    ("aktør = 1\n", "linje 1, kolonne 4: mangler «=» etter nøkkelen (en nøkkel uten anførselstegn kan bare ha "
                     "bokstavene a–z"),
    ("rapportdato = 2021-02-30\n", "linje 1, kolonne 15: ugyldig dato; skriv 2021-11-01"),
])
def test_other_syntax_errors_are_norwegian(tmp_path, text, expected):
    assert expected in _error(_report(tmp_path, text))


def test_form_settings_errors_name_the_line(tmp_path):
    text = FORM_SETTINGS_PATH.read_text(encoding="utf-8").replace("[segment.Samstyre]\n",
                                                                   "[segment.Samstyre]\nseksjon = []\n", 1)
    path = tmp_path / "skjema.toml"
    path.write_text(text, encoding="utf-8")
    message = _error(path, load_form_settings)
    line = _line_of(text, "seksjon = []")
    assert f"linje {line}, segment, Samstyre: ukjent nøkkel «seksjon»" in message
    assert "Mente du «seksjoner»?" in message


def test_key_lines_follow_tables_arrays_of_tables_and_multiline_lists():
    text = ('a = 1\nb = [\n  "x = 2",\n]\n[t]\nc = 3\n[[arr]]\nd = 4\n[[arr]]\nd = 5\n'
            '[[t.blokker]]\ne = """\nf = 6\n"""\ng = 7\n')
    assert key_lines(text) == {("a",): 1, ("b",): 2, ("t",): 5, ("t", "c"): 6, ("arr", 0): 7, ("arr", 0, "d"): 8,
                               ("arr", 1): 9, ("arr", 1, "d"): 10, ("t", "blokker", 0): 11,
                               ("t", "blokker", 0, "e"): 12, ("t", "blokker", 0, "g"): 15}


def test_a_settings_file_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "rapport.toml"
    path.write_bytes("\ufeff".encode("utf-8") + MINIMAL.encode("utf-8"))
    assert load_report_settings(path).periode == "November 2021"
