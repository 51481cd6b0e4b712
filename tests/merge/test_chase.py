"""The chase list: missing tiltak with their contacts in the merge report, and purreliste.txt. The contacts
come from rapport.toml, else from the earlier round given by --forrige / forrige (one loader, merge/history.py)."""

from __future__ import annotations

import pytest

import json
import shutil

import openpyxl

from pipeline.cli.main import main
from pipeline.contract.settings import load_report_settings
from pipeline.merge.chase import chase_text, previous_round
from pipeline.merge.history import load_history
from tests.support.merge import copy_examples
from tests.support.paths import SEED_JSON

PRESENT = ["heliks.xlsx", "kpr-2024.xlsx"]
CONTACT = '''navn = "MF Helse"
segment = "Samstyre"
aktor = "Direktoratet for e-helse"
kontaktperson = "Ola Purring"
epost = "ola.purring@ehelse.no"'''


def _folder(tmp_path, *, previous: bool = True, frist: bool = True):
    folder = copy_examples(tmp_path / "inn", names=PRESENT)
    settings = folder / "rapport.toml"
    text = settings.read_text(encoding="utf-8")
    text = text.replace('navn = "MF Helse"\nsegment = "Samstyre"\naktor = "Direktoratet for e-helse"', CONTACT)
    if frist:
        text = text.replace("rapportdato = 2021-11-01", "rapportdato = 2021-11-01\nfrist = 2021-11-15")
    settings.write_text(text, encoding="utf-8")
    if previous:
        (folder / "arkiv").mkdir()
        shutil.copy(SEED_JSON, folder / "arkiv" / SEED_JSON.name)
        text = settings.read_text(encoding="utf-8")
        settings.write_text(text.replace('forrige = "historikk"', f'forrige = "arkiv/{SEED_JSON.name}"'),
                            encoding="utf-8")
    return folder


@pytest.mark.slow
def test_the_merge_report_names_each_missing_tiltak_with_its_contact(tmp_path, capsys):
    folder = _folder(tmp_path)
    out = tmp_path / "ut" / "V.docx"
    assert main(["merge", str(folder), "-o", str(out), "-q"]) == 1  # 38 expected tiltak missing
    ws = openpyxl.load_workbook(tmp_path / "ut" / "merge-rapport.xlsx")["Mangler og uventede"]
    assert [c.value for c in ws[1]] == ["Hva", "Tiltak eller fil", "Segment", "Aktør", "Kontaktperson", "E-post",
                                        "Merknad"]
    rows = {r[1]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert len(rows) == 38  # 40 expected, 2 received
    assert rows["MF Helse"][4:6] == ("Ola Purring", "ola.purring@ehelse.no")  # from rapport.toml
    assert rows["MF Helse"][6].endswith("(kontakt fra rapport.toml)")  # both given there: nothing from before
    assert rows["Program for kodeverk og terminologi"][4] == "Trond Moberg"  # from the previous round
    assert rows["Program for kodeverk og terminologi"][5] is None  # 1.0 export: no e-mail
    assert f"kontakt fra {folder / 'arkiv' / SEED_JSON.name}" in rows["Program for kodeverk og terminologi"][6]
    assert f"Purreliste: {tmp_path / 'ut' / 'purreliste.txt'} (38 påminnelser" in capsys.readouterr().out


def test_purreliste_has_one_ready_reminder_per_missing_tiltak(tmp_path):
    folder = _folder(tmp_path)
    assert main(["merge", str(folder), "-o", str(tmp_path / "ut" / "V.docx"), "-q"]) == 1  # missing: exit 1
    text = (tmp_path / "ut" / "purreliste.txt").read_text(encoding="utf-8")
    assert text.startswith("Purreliste – November 2021\nFrist for innsending: 15.11.2021.\n"
                           "38 forventede tiltak er ikke mottatt.")
    assert text.count("Emne: Påminnelse: innrapportering for ") == 38
    assert "HELIKS" not in text and "KPR 2024" not in text
    mf = text[text.index("Til: Ola Purring <ola.purring@ehelse.no>"):]
    mf = mf[:mf.index("-" * 72)]
    assert "Emne: Påminnelse: innrapportering for MF Helse – November 2021" in mf
    assert "Hei Ola Purring," in mf
    assert ("Vi har ennå ikke mottatt innrapporteringen for tiltaket «MF Helse» (Direktoratet for e-helse) til "
            "Nasjonal e-helseportefølje for November 2021. Fristen for innsending er 15.11.2021.") in mf
    assert "Til: Trond Moberg (e-postadresse mangler)" in text


def test_without_contacts_or_deadline_the_reminder_still_reads(tmp_path):
    folder = _folder(tmp_path, previous=False, frist=False)
    report = load_report_settings(folder / "rapport.toml")
    missing = [e for e in report.forventet if e.navn == "SAFEST"]
    text = chase_text(missing, previous_round([]), report)
    assert "Til: Helse Midt-Norge (e-postadresse mangler)" in text
    assert "Hei,\n" in text and "Send den så snart som mulig." in text
    assert "1 forventet tiltak er ikke mottatt." in text
    assert "Ingen forrige runde er gitt (--forrige eller forrige i rapport.toml)" in text


@pytest.mark.slow
def test_all_received_gives_an_empty_list(tmp_path):
    folder = copy_examples(tmp_path / "inn")
    assert main(["merge", str(folder), "-o", str(tmp_path / "ut" / "V.docx"), "-q"]) == 0
    text = (tmp_path / "ut" / "purreliste.txt").read_text(encoding="utf-8")
    assert "Alle forventede tiltak er mottatt. Ingen purringer." in text


def _round(tmp_path, name: str, contacts: dict[str, tuple[str, str]]):
    """An export ``name`` whose records (from the seed) carry the given (kontaktperson, kontakt_epost)."""
    records = json.loads(SEED_JSON.read_text(encoding="utf-8"))
    for r in records:
        r["kontaktperson"], r["kontakt_epost"] = contacts.get(r["navn"], ("", ""))
    path = tmp_path / name
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.slow
def test_forrige_feeds_the_contacts_of_the_chase_list_from_the_previous_export(tmp_path):
    """Round 2 with --forrige round1/vedlegg2.json: the purreliste finds the contact in that export."""
    folder = _folder(tmp_path, previous=False)
    export = _round(tmp_path, "vedlegg2.json", {"SAFEST": ("Kari Nordmann", "kari@helse-midt.no")})
    out = tmp_path / "ut" / "V.docx"
    assert main(["merge", str(folder), "-o", str(out), "-q", "--forrige", str(export)]) == 1
    text = (out.parent / "purreliste.txt").read_text(encoding="utf-8")
    assert "Til: Kari Nordmann <kari@helse-midt.no>" in text and "Hei Kari Nordmann," in text
    rows = {r[1]: r for r in openpyxl.load_workbook(out.parent / "merge-rapport.xlsx")["Mangler og uventede"]
            .iter_rows(min_row=2, values_only=True)}
    assert rows["SAFEST"][4:6] == ("Kari Nordmann", "kari@helse-midt.no")
    assert f"kontakt fra {export}" in rows["SAFEST"][6]


def test_a_name_without_email_and_an_email_without_a_name(tmp_path):
    folder = _folder(tmp_path, previous=False)
    report = load_report_settings(folder / "rapport.toml")
    export = _round(tmp_path, "vedlegg2-2021-08.json", {"SAFEST": ("Kari Nordmann", ""),
                                                        "FRESK": ("", "fresk@helse-nord.no")})
    rounds, _ = load_history(export, report)
    missing = [e for e in report.forventet if e.navn in ("SAFEST", "FRESK")]
    text = chase_text(missing, previous_round(rounds), report)
    safest = text[text.index("innrapportering for SAFEST") - 200:text.index("innrapportering for SAFEST")]
    fresk = text[text.index("innrapportering for FRESK") - 200:text.index("innrapportering for FRESK")]
    assert "Til: Kari Nordmann (e-postadresse mangler)\n" in safest
    assert "Til: fresk@helse-nord.no\n" in fresk
    assert "Hei Kari Nordmann," in text and "Hei,\n" in text
    assert "2 forventede tiltak er ikke mottatt." in text


def test_the_latest_round_with_a_contact_wins(tmp_path):
    folder = _folder(tmp_path, previous=False)
    report = load_report_settings(folder / "rapport.toml")
    arkiv = tmp_path / "arkiv"
    arkiv.mkdir()
    _round(arkiv, "vedlegg2-2021-05.json", {"SAFEST": ("Gammel Kontakt", "gammel@x.no"), "FRESK": ("Eldst", "e@x.no")})
    _round(arkiv, "vedlegg2-2021-08.json", {"SAFEST": ("Ny Kontakt", "ny@x.no")})
    rounds, _ = load_history(arkiv, report)
    previous = previous_round(rounds)
    missing = [e for e in report.forventet if e.navn in ("SAFEST", "FRESK")]
    text = chase_text(missing, previous, report)
    assert "Til: Ny Kontakt <ny@x.no>" in text and "Gammel Kontakt" not in text
    assert "Til: Eldst <e@x.no>" in text  # not in the latest round: the one before it


def test_the_settings_give_the_name_and_the_previous_round_the_missing_email(tmp_path):
    from pipeline.contract.settings import ExpectedTiltak
    from pipeline.merge.chase import missing_rows
    from pipeline.merge.plan import Absent

    folder = _folder(tmp_path, previous=False)
    report = load_report_settings(folder / "rapport.toml")
    export = _round(tmp_path, "vedlegg2-2021-08.json", {"SAFEST": ("Gammel Navn", "safest@helse-midt.no"),
                                                        "FRESK": ("Fra Før", "fresk@helse-nord.no")})
    rounds, _ = load_history(export, report)
    previous = previous_round(rounds)
    only_name = ExpectedTiltak(navn="SAFEST", segment="Samstyre", kontaktperson="Ny Kontakt")
    both = ExpectedTiltak(navn="FRESK", segment="Observere", kontaktperson="Kari", epost="kari@x.no")
    unknown = ExpectedTiltak(navn="Ukjent", segment="Samstyre")
    rows = missing_rows([Absent(only_name), Absent(both), Absent(unknown)], previous)
    assert [(r["kontaktperson"], r["epost"], r["kilde"]) for r in rows] == [
        ("Ny Kontakt", "safest@helse-midt.no", f"rapport.toml og {export}"),
        ("Kari", "kari@x.no", "rapport.toml"),
        ("", "", "")]
    text = chase_text([only_name], previous, report)
    assert "Til: Ny Kontakt <safest@helse-midt.no>" in text and "Gammel Navn" not in text


def test_a_whole_reminder_reads_as_an_email(tmp_path):
    """The complete text of one reminder (the words a contact receives), with and without a contact."""
    from pipeline.contract.settings import ExpectedTiltak

    folder = _folder(tmp_path, previous=False)
    report = load_report_settings(folder / "rapport.toml")
    nobody = ExpectedTiltak(navn="Uten aktør", segment="Samstyre")
    text = chase_text([nobody], previous_round([]), report)
    assert text.split("-" * 72, 1)[1] == (
        "\nTil: ukjent (e-postadresse mangler)\n"
        "Emne: Påminnelse: innrapportering for Uten aktør – November 2021\n"
        "\n"
        "Hei,\n"
        "\n"
        "Vi har ennå ikke mottatt innrapporteringen for tiltaket «Uten aktør» til Nasjonal e-helseportefølje for "
        "November 2021. Fristen for innsending er 15.11.2021.\n"
        "Bruk arbeidsboken (Excel-malen) sekretariatet sendte ut, og send den utfylte arbeidsboken som vedlegg i "
        "svar på denne e-posten.\n"
        "\n"
        "Vennlig hilsen\n"
        "Sekretariatet for Nasjonal e-helseportefølje\n"
        "Direktoratet for e-helse\n")
    without_deadline = report.model_copy(update={"frist": None})
    other = chase_text([nobody], previous_round([]), without_deadline)
    assert "for November 2021. Send den så snart som mulig.\n" in other and "Frist for innsending" not in other


def test_the_header_says_how_many_and_whether_an_earlier_round_was_given(tmp_path):
    from pipeline.contract.settings import ExpectedTiltak

    folder = _folder(tmp_path, previous=False)
    report = load_report_settings(folder / "rapport.toml")
    nobody = ExpectedTiltak(navn="Uten kontakt", segment="Samstyre")
    without = chase_text([nobody], previous_round([]), report).splitlines()
    assert without[:5] == ["Purreliste – November 2021", "Frist for innsending: 15.11.2021.",
                           "1 forventet tiltak er ikke mottatt. Hver purring under kan limes inn i en e-post.",
                           "Merk: Ingen forrige runde er gitt (--forrige eller forrige i rapport.toml), så "
                           "kontaktpersonene er bare hentet fra rapport.toml.", ""]
    rounds, _ = load_history(_round(tmp_path, "vedlegg2-2021-08.json", {}), report)
    assert previous_round(rounds).given and not previous_round([]).given
    given = chase_text([nobody], previous_round(rounds), report).splitlines()
    assert given[3:5] == ["", "-" * 72]  # an earlier round was given: no note, although no e-mail was found
    done = chase_text([], previous_round([]), report).splitlines()
    assert done == ["Purreliste – November 2021", "Frist for innsending: 15.11.2021.",
                    "Alle forventede tiltak er mottatt. Ingen purringer."]
