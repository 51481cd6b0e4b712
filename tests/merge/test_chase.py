"""The chase list: missing tiltak with their contacts in the merge report, and purreliste.txt."""

from __future__ import annotations

import shutil

import openpyxl

from pipeline.cli.main import main
from pipeline.contract.settings import load_report_settings
from pipeline.merge.chase import chase_text, previous_round
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
        (folder / "forrige-runde").mkdir()
        shutil.copy(SEED_JSON, folder / "forrige-runde" / SEED_JSON.name)
    return folder


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
    assert "rapport.toml" in rows["MF Helse"][6]
    assert rows["Program for kodeverk og terminologi"][4] == "Trond Moberg"  # from the previous round
    assert rows["Program for kodeverk og terminologi"][5] is None  # 1.0 export: no e-mail
    assert "forrige-runde/vedlegg2-2021-11.json" in rows["Program for kodeverk og terminologi"][6]
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
    text = chase_text(missing, previous_round([folder]), report)
    assert "Til: Helse Midt-Norge (e-postadresse mangler)" in text
    assert "Hei,\n" in text and "Send den så snart som mulig." in text


def test_all_received_gives_an_empty_list_and_a_broken_previous_file_is_named(tmp_path):
    folder = copy_examples(tmp_path / "inn")
    (folder / "forrige-runde").mkdir()
    (folder / "forrige-runde" / "ødelagt.json").write_text("{ikke json", encoding="utf-8")
    assert main(["merge", str(folder), "-o", str(tmp_path / "ut" / "V.docx"), "-q"]) == 0
    text = (tmp_path / "ut" / "purreliste.txt").read_text(encoding="utf-8")
    assert "Alle forventede tiltak er mottatt. Ingen purringer." in text
    assert "ødelagt.json kunne ikke leses" in text
