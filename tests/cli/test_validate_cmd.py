"""``innrapportering validate`` from the command line: report date, --bare-feil, --skjema, --json,
duplicates across files, skipped sub-folders and broken settings (exit codes and text)."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from tests.support.hardening import from_good, named_cell
from tests.support.paths import INPUT
from tests.support.settings import changed_form_settings

from pipeline.cli.main import main
from pipeline.contract.formatting import format_date
from pipeline.contract.issues import JSON_KEYS

MINIMAL_SETTINGS = 'periode = "November 2021"\nrapportdato = "01.11.2021"\n'


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def heliks(tmp_path: Path) -> Path:
    """A folder with HELIKS: four deliveries due in 2022–2023 and not delivered."""
    folder = tmp_path / "inn"
    folder.mkdir()
    shutil.copy(INPUT / "heliks.xlsx", folder / "heliks.xlsx")
    return folder


def test_the_report_date_comes_from_rapport_toml_in_the_folder(heliks, capsys):
    (heliks / "rapport.toml").write_text(MINIMAL_SETTINGS, encoding="utf-8")
    code, out, _ = _run(capsys, "validate", "-q", str(heliks))
    assert code == 0
    assert out.startswith(f"Rapportdato for forfalte leveranser: 01.11.2021 (fra {heliks / 'rapport.toml'})\n")
    assert "forfalt" not in out.split("\n", 1)[1] and "heliks.xlsx (HELIKS): OK" in out


def test_rapportdato_option_wins_and_finds_overdue_deliveries(heliks, capsys):
    (heliks / "rapport.toml").write_text(MINIMAL_SETTINGS, encoding="utf-8")
    code, out, _ = _run(capsys, "validate", "-q", str(heliks), "--rapportdato", "01.01.2024")
    assert code == 0  # overdue deliveries are warnings
    assert out.startswith("Rapportdato for forfalte leveranser: 01.01.2024 (fra --rapportdato)\n")
    assert out.count("er passert (rapportdato 01.01.2024)") == 4
    assert "heliks.xlsx (HELIKS): 0 feil, 4 advarsler" in out


def test_without_settings_or_option_today_is_used_and_said(heliks, capsys):
    code, out, _ = _run(capsys, "validate", "-q", str(heliks / "heliks.xlsx"))
    today = format_date(date.today())
    assert code == 0
    assert out.startswith(f"Rapportdato for forfalte leveranser: {today} (dagens dato; fant ingen rapport.toml")
    assert f"(rapportdato {today})" in out  # HELIKS's deliveries are all due before today


def test_a_wrong_rapportdato_option_is_a_usage_error(heliks, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["validate", str(heliks), "--rapportdato", "31.13.2021"])
    assert exc.value.code == 2
    assert "«31.13.2021» er ikke en dato; skriv dd.mm.åååå" in capsys.readouterr().err


def test_bare_feil_lists_only_files_with_errors(tmp_path, capsys):
    shutil.copy(INPUT / "kpr-2024.xlsx", tmp_path / "kpr-2024.xlsx")  # one warning: Beskrivelse is empty
    shutil.copy(INPUT / "fresk.xlsx", tmp_path / "fresk.xlsx")  # no findings
    from_good(tmp_path / "uten-aktor.xlsx", "Uten aktør", lambda wb: setattr(named_cell(wb, "Tiltak_Aktor"), "value", None))
    (tmp_path / "~$fresk.xlsx").write_bytes(b"lock")
    code, out, _ = _run(capsys, "validate", "-q", str(tmp_path), "--bare-feil", "--rapportdato", "01.11.2021")
    assert code == 1
    lines = out.splitlines()
    assert lines[1].startswith("uten-aktor.xlsx (Uten aktør): 1 feil")
    assert "FEIL     Tiltak!" in lines[2] and "Aktør: Aktør må fylles ut." in lines[2]
    assert "kpr-2024.xlsx" not in out and "fresk.xlsx" not in out and "ADVARSEL" not in out
    assert lines[-1] == "Oppsummert: 3 arbeidsbøker lest, 2 uten feil, 1 med feil; 1 advarsel i alt."

    code, out, _ = _run(capsys, "validate", "-q", str(tmp_path), "--rapportdato", "01.11.2021")
    assert code == 1 and "kpr-2024.xlsx (KPR 2024): 0 feil, 1 advarsel" in out and "fresk.xlsx (FRESK): OK" in out
    assert "~$fresk.xlsx: Dette er Excels låsefil" in out


def test_skjema_option_is_used_by_validate(heliks, tmp_path, capsys):
    book = from_good(heliks / "ny.xlsx", "Nytt tiltak",
                     lambda wb: setattr(named_cell(wb, "Tiltak_Knytning"), "value", "Helsenorge, Pasientjournal"))
    code, out, _ = _run(capsys, "validate", "-q", str(book), "--rapportdato", "01.11.2021")
    assert code == 1 and "«Pasientjournal» er ikke et gyldig valg" in out

    skjema = changed_form_settings(tmp_path, '"Grunndata", "HelseID"]', '"Grunndata", "HelseID", "Pasientjournal"]')
    code, out, _ = _run(capsys, "--skjema", str(skjema), "validate", "-q", str(book), "--rapportdato", "01.11.2021")
    assert code == 0 and "ny.xlsx (Nytt tiltak): OK" in out


def test_a_broken_skjema_is_a_norwegian_usage_error_with_the_line(heliks, tmp_path, capsys):
    skjema = changed_form_settings(tmp_path, "[roller]\n", "[roller]\nrodd = \"Rød\"\n")
    line = next(n for n, text in enumerate(skjema.read_text(encoding="utf-8").splitlines(), 1) if text.startswith("rodd"))
    code, out, err = _run(capsys, "--skjema", str(skjema), "validate", "-q", str(heliks))
    assert code == 2 and out == ""
    assert f"linje {line}, roller: ukjent nøkkel «rodd». Tillatt her: rod, ikke_levert. Mente du «rod»?" in err


def test_a_broken_rapport_toml_is_a_norwegian_usage_error(heliks, capsys):
    (heliks / "rapport.toml").write_text('periode = "November 2021"\nrapportdato = 2021-11-01\n\n[[forventet]]\n'
                                         'navn = "HELIKS"\nsegmnet = "Koordinere"\n', encoding="utf-8")
    code, out, err = _run(capsys, "validate", "-q", str(heliks))
    assert code == 2 and out == ""
    assert "linje 6, forventet nr. 1: ukjent nøkkel «segmnet». Tillatt her: navn, segment, aktor, kontaktperson, epost, malform. " \
           "Mente du «segment»?" in err
    assert not re.search(r"Input should|Extra inputs|Field required", err)


def test_validate_reports_the_same_tiltak_in_two_files_as_merge_does(heliks, capsys):
    shutil.copy(heliks / "heliks.xlsx", heliks / "heliks-kopi.xlsx")
    (heliks / "sent-inn").mkdir()
    shutil.copy(heliks / "heliks.xlsx", heliks / "sent-inn" / "heliks-sen.xlsx")
    code, out, _ = _run(capsys, "validate", "-q", str(heliks), "--rapportdato", "01.11.2021")
    assert code == 1
    assert "sent-inn/: Undermappen er hoppet over" in out
    assert "Tiltaket «HELIKS» er rapportert i flere filer: heliks.xlsx." in out
    assert "Tiltaket «HELIKS» er rapportert i flere filer: heliks-kopi.xlsx." in out

    (heliks / "rapport.toml").write_text(MINIMAL_SETTINGS, encoding="utf-8")
    code = main(["merge", "-q", str(heliks), "-o", str(heliks.parent / "ut" / "Vedlegg2.docx")])
    out = capsys.readouterr().out
    assert code == 1 and "Avvist: 2." in out and "flere filer" in out


def test_json_uses_norwegian_keys_and_names_the_report_date(heliks, capsys):
    shutil.copy(INPUT / "internettassistert-behandling-for-angst-og-depresjon-i-kommunen.xlsx", heliks / "iabad.xlsx")
    shutil.copy(INPUT / "rapport.toml", heliks / "rapport.toml")
    (heliks / "~$heliks.xlsx").write_bytes(b"lock")
    code, out, _ = _run(capsys, "validate", "-q", "--json", str(heliks))
    data = json.loads(out)
    assert code == 0
    assert set(data) == {"rapportdato", "rapportdato_kilde", "filer", "hoppet_over", "finnes_ikke", "oppsummering"}
    assert data["rapportdato"] == "01.11.2021" and data["rapportdato_kilde"] == f"fra {heliks / 'rapport.toml'}"
    issues = [i for f in data["filer"] for i in f["funn"]] + data["hoppet_over"]
    assert issues and all(set(i) == set(JSON_KEYS.values()) for i in issues)
    assert set(data["filer"][0]) == {"fil", "tiltak", "aktor", "segment", "status", "feil", "advarsler", "funn"}
    [actor] = [i for i in issues if i["kode"] == "lignende-aktør"]
    assert (actor["alvorlighet"], actor["ark"], actor["felt"], actor["verdi"]) == (
        "advarsel", "Tiltak", "Aktør", "Hesledirektoratet")
    assert actor["melding"].startswith("Mente du «Helsedirektoratet»?")


def test_a_good_workbook_and_a_missing_one_is_a_usage_error_that_still_reports_the_good_one(tmp_path, capsys):
    """``validate good.xlsx missing.xlsx``: the good file is checked, the missing one named, exit 2."""
    good = tmp_path / "god.xlsx"
    shutil.copy(INPUT / "heliks.xlsx", good)
    missing = tmp_path / "mangler.xlsx"
    code, out, err = _run(capsys, "validate", str(good), str(missing), "-q")
    assert code == 2
    assert "mangler.xlsx" in out + err and "god.xlsx" in out
