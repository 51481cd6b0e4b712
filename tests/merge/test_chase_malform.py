"""Reminders in the recipient actor's written standard: ``malform`` in rapport.toml (the tiltak's entry, else the
actor's other entries), else the actor's workbook in the previous round (``malform`` in that round's
merge-rapport.json), else bokmål. The list's own header lines stay bokmål."""

from __future__ import annotations

import pytest

import json
from pathlib import Path

import openpyxl
from openpyxl.workbook.defined_name import DefinedName

from pipeline.cli.main import main
from pipeline.common.malform import MALFORM_NAME, Malform
from pipeline.contract.settings import load_report_settings
from pipeline.merge.chase import chase_text, previous_round, reminder_malform
from pipeline.merge.history import load_history
from pipeline.summary.changes import Round
from tests.contract.test_issues_nn import bokmal_words
from tests.support.merge import copy_examples

SETTINGS = '''periode = "November 2021"
rapportdato = 2021-11-01
frist = 2021-11-15

[[forventet]]
navn = "Helseplattformen"
aktor = "Trondheim kommune"
kontaktperson = "Kari Nordmann"
epost = "kari@trondheim.kommune.no"
malform = "nynorsk"

[[forventet]]
navn = "Velferdsteknologi"
aktor = "Trondheim  KOMMUNE"

[[forventet]]
navn = "Kjernejournal"
aktor = "Norsk helsenett"
'''


def _settings(tmp_path: Path, text: str = SETTINGS):
    path = tmp_path / "rapport.toml"
    path.write_text(text, encoding="utf-8")
    return load_report_settings(path)


def _reminders(text: str) -> dict[str, str]:
    """Each reminder by the tiltak its subject names."""
    blocks = text.split("-" * 72)[1:]
    return {b.split("innrapportering for ")[1].split(" – ")[0]: b for b in blocks}


def test_the_actor_that_chose_nynorsk_gets_its_reminders_in_nynorsk(tmp_path):
    report = _settings(tmp_path)
    text = chase_text(report.forventet, previous_round([]), report)
    assert text.startswith("Purreliste – November 2021\nFrist for innsending: 15.11.2021.\n3 forventede tiltak er ikke")
    reminders = _reminders(text)
    own = reminders["Helseplattformen"]
    assert "Emne: Påminning: innrapportering for Helseplattformen – November 2021" in own
    assert ("Vi har enno ikkje fått innrapporteringa for tiltaket «Helseplattformen» (Trondheim kommune) til "
            "Nasjonal e-helseportefølje for November 2021. Fristen for innsending er 15.11.2021.") in own
    assert "Bruk arbeidsboka (Excel-malen) sekretariatet sende ut" in own and "Venleg helsing" in own
    assert bokmal_words(own) == []
    # the same actor (written with other case and spacing) in an entry without malform
    same_actor = reminders["Velferdsteknologi"]
    assert "Til: Trondheim  KOMMUNE (e-postadresse manglar)" in same_actor and "Send ho så snart som råd." not in own
    assert bokmal_words(same_actor) == []
    other = reminders["Kjernejournal"]
    assert "Emne: Påminnelse: innrapportering for Kjernejournal" in other and "Vennlig hilsen" in other
    assert "Vi har ennå ikke mottatt innrapporteringen" in other and "ikkje" not in other


def test_without_a_deadline_the_nynorsk_reminder_asks_for_it_soon(tmp_path):
    report = _settings(tmp_path, SETTINGS.replace("frist = 2021-11-15\n", ""))
    reminders = _reminders(chase_text(report.forventet, previous_round([]), report))
    assert "Send ho så snart som råd." in reminders["Velferdsteknologi"]
    assert "Send den så snart som mulig." in reminders["Kjernejournal"]


def _earlier(folder: Path, rows: list | str, month: int = 8) -> Round:
    """An earlier round: an export in ``folder`` with a merge report beside it holding ``rows`` (or that text)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vedlegg2.json").write_text("[]", encoding="utf-8")
    report = rows if isinstance(rows, str) else json.dumps({"filer": rows})
    (folder / "merge-rapport.json").write_text(report, encoding="utf-8")
    return Round(f"{month}.2021", (2021, month), (), str(folder / "vedlegg2.json"))


def test_the_previous_rounds_workbook_gives_the_standard_when_rapport_toml_does_not(tmp_path):
    report = _settings(tmp_path, SETTINGS.replace('malform = "nynorsk"\n', ""))
    earlier = _earlier(tmp_path / "r", [{"fil": "x.xlsx", "tiltak": "Annet", "aktor": "Trondheim kommune"},
                                        {"fil": "kj.xlsx", "tiltak": "KJERNEJOURNAL", "aktor": "Norsk helsenett",
                                         "malform": "nynorsk"}])
    previous = previous_round([earlier, Round("uten kilde", None, ())])  # a round without a source says nothing
    assert [reminder_malform(e, report, previous) for e in report.forventet] == \
        [Malform.BOKMAL, Malform.BOKMAL, Malform.NYNORSK]
    reminders = _reminders(chase_text(report.forventet, previous, report))
    assert "Vi har enno ikkje fått" in reminders["Kjernejournal"]
    # rapport.toml wins over the earlier workbook
    report = _settings(tmp_path, SETTINGS + 'malform = "bokmal"\n')
    assert reminder_malform(report.forventet[2], report, previous) is Malform.BOKMAL


def test_an_actors_other_workbook_counts_and_the_latest_round_wins(tmp_path):
    report = _settings(tmp_path, SETTINGS.replace('malform = "nynorsk"\n', ""))
    old = _earlier(tmp_path / "a", [{"tiltak": "Noe annet", "aktor": "trondheim kommune", "malform": "bokmal"}], 5)
    new = _earlier(tmp_path / "b", [{"tiltak": "Noe annet", "aktor": "Trondheim kommune", "malform": "nynorsk"}])
    assert reminder_malform(report.forventet[0], report, previous_round([old, new])) is Malform.NYNORSK
    assert reminder_malform(report.forventet[0], report, previous_round([new, old])) is Malform.BOKMAL


def test_a_broken_or_missing_merge_report_says_nothing(tmp_path):
    report = _settings(tmp_path, SETTINGS.replace('malform = "nynorsk"\n', ""))
    broken = _earlier(tmp_path / "a", "{ikke json")
    gone = Round("Mai 2021", (2021, 5), (), str(tmp_path / "finnes-ikke" / "vedlegg2.json"))
    odd = _earlier(tmp_path / "b", '{"filer": [1, {"malform": "nynorsk"}, {"tiltak": "Kjernejournal", "malform": 7}]}')
    not_a_list = _earlier(tmp_path / "c", '{"filer": {"malform": "nynorsk"}}')
    a_number = _earlier(tmp_path / "d", '{"filer": 5}')
    previous = previous_round([broken, gone, odd, not_a_list, a_number, Round("x", None, ())])
    assert {reminder_malform(e, report, previous) for e in report.forventet} == {Malform.BOKMAL}


@pytest.mark.slow
def test_two_rounds_a_nynorsk_workbook_then_a_reminder_in_nynorsk(tmp_path, capsys):
    """Round 1 receives HELIKS from a nynorsk template; in round 2 HELIKS is missing and its reminder is nynorsk."""
    first = copy_examples(tmp_path / "r1", names=["heliks.xlsx", "mf-helse.xlsx"])
    wb = openpyxl.load_workbook(first / "heliks.xlsx")
    wb.defined_names[MALFORM_NAME] = DefinedName(MALFORM_NAME, attr_text='"nynorsk"')
    wb.save(first / "heliks.xlsx")
    text = (first / "rapport.toml").read_text(encoding="utf-8").replace('forrige = "historikk"', "")
    (first / "rapport.toml").write_text(text, encoding="utf-8")
    main(["merge", str(first), "-o", str(tmp_path / "ut1" / "V.docx"), "-q"])
    rows = json.loads((tmp_path / "ut1" / "merge-rapport.json").read_text(encoding="utf-8"))["filer"]
    assert {r["fil"]: r.get("malform") for r in rows} == {"heliks.xlsx": "nynorsk", "mf-helse.xlsx": None}
    second = copy_examples(tmp_path / "r2", names=["mf-helse.xlsx"])
    text = (second / "rapport.toml").read_text(encoding="utf-8").replace('forrige = "historikk"', "")
    (second / "rapport.toml").write_text(text, encoding="utf-8")
    main(["merge", str(second), "-o", str(tmp_path / "ut2" / "V.docx"), "-q", "--forrige",
          str(tmp_path / "ut1" / "vedlegg2.json")])
    capsys.readouterr()
    reminders = _reminders((tmp_path / "ut2" / "purreliste.txt").read_text(encoding="utf-8"))
    assert "Vi har enno ikkje fått innrapporteringa for tiltaket «HELIKS»" in reminders["HELIKS"]
    assert "Vi har ennå ikke mottatt" in reminders["KPR 2024"]
    history, _ = load_history(tmp_path / "ut1" / "vedlegg2.json", load_report_settings(second / "rapport.toml"))
    assert previous_round(history).malforms.of("heliks", "") is Malform.NYNORSK
