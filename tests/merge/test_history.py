"""Round to round: `merge --forrige` compares with earlier exports; the changes appear once in the
Sammendrag section, in the chapter notes and in merge-rapport.json/.xlsx; bad history is a usage error."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.table import Table
from docx.text.paragraph import Paragraph

from pipeline.cli.main import main
from tests.support.merge import chapters, copy_examples, expect_copied

BOOKS = ["helsedataprogrammet.xlsx", "mf-helse.xlsx", "safest.xlsx", "heliks.xlsx", "nasjonal-tarmscreening.xlsx",
         "kpr-2024.xlsx", "fresk.xlsx"]
SECTION = "Endringer siden forrige rapport"
PERSONTJENESTEN = "Persontjenesten tilgjengelig for bruk i sektoren og innført for kritiske arbeidsprosesser og applikasjoner"


def _by(records: list[dict], name: str) -> dict:
    return next(r for r in records if r["navn"] == name)


def _lev(record: dict, start: str) -> dict:
    return next(lev for lev in record["leveranser"] if lev["navn"].startswith(start))


def previous_round(seed_records: list[dict]) -> list[dict]:
    """The seed (= this round's workbooks) for the tiltak in BOOKS but FRESK, with known changes."""
    names = ["Helsedataprogrammet", "MF Helse", "SAFEST", "HELIKS", "Nasjonal Tarmscreening", "KPR 2024"]
    old = [copy.deepcopy(_by(seed_records, n)) for n in names]
    _by(old, "Nasjonal Tarmscreening")["status"] = "Gul"  # now Rød
    _by(old, "HELIKS")["risiko"] = "Rød"  # now Gul
    _by(old, "MF Helse")["sluttdato"] = "30.06.2023"  # now 31.12.2023: +6 months
    _lev(_by(old, "Helsedataprogrammet"), "Løsning for dataplattform HAP")["levert"] = "Nei"  # now Ja
    _lev(_by(old, "MF Helse"), "Persontjenesten tilgjengelig")["sluttdato"] = "01.06.2023"  # now 01.12.2023
    kpr = _by(old, "KPR 2024")
    kpr["leveranser"] = [lev for lev in kpr["leveranser"] if lev["navn"] != "Etablere datafangst fra HST"]  # new now
    _by(old, "HELIKS")["leveranser"].append({"navn": "Gammel journalløsning avviklet", "beskrivelse": "",
                                             "sluttdato": "01.06.2021", "levert": "Nei"})  # removed now
    gone = copy.deepcopy(_by(seed_records, "SAFEST"))
    gone.update(navn="Avviklet tiltak", aktor="Helse Nord")
    old.append(gone)  # no longer reports; FRESK is new
    return old


@pytest.fixture(scope="module")
def two_rounds(tmp_path_factory, seed_records):
    root = tmp_path_factory.mktemp("runder")
    folder = copy_examples(root / "inn", BOOKS)
    expect_copied(folder)
    history = root / "vedlegg2-2021-08.json"
    history.write_text(json.dumps(previous_round(seed_records), ensure_ascii=False), encoding="utf-8")
    out = root / "ut" / "Vedlegg2.docx"
    assert main(["merge", str(folder), "-o", str(out), "--quiet", "--forrige", str(history)]) == 0
    return out


def section_tables(path: Path) -> dict[str, list[list[str]]]:
    """Heading 3 -> table rows (header first) of the section «Endringer siden forrige rapport»."""
    tables: dict[str, list[list[str]]] = {}
    inside, title = False, None
    for block in docx.Document(str(path)).iter_inner_content():
        if isinstance(block, Paragraph):
            style = block.style.name if block.style is not None else ""
            if style in ("Heading 1", "Heading 2"):
                inside = block.text == SECTION
            elif style == "Heading 3" and inside:
                title = block.text
        elif isinstance(block, Table) and inside and title:
            tables[title] = [[c.text for c in row.cells] for row in block.rows]
    return tables


EXPECTED_ROWS = {
    "Status og risiko": [["Nasjonal Tarmscreening", "Koordinere", "Gul", "Rød", "Rød", "Rød"],
                         ["HELIKS", "Koordinere", "Gul", "Gul", "Rød", "Gul"]],
    "Sluttdato for tiltaket": [["MF Helse", "30.06.2023", "31.12.2023", "+6"]],
    "Leveranser levert siden forrige rapport": [["Helsedataprogrammet", "Løsning for dataplattform HAP", "01.09.2021"]],
    "Leveranser med ny sluttdato": [
        ["MF Helse", PERSONTJENESTEN,
         "01.06.2023", "01.12.2023"]],
    "Nye og fjernede leveranser": [["HELIKS", "Gammel journalløsning avviklet", "Fjernet"],
                                   ["KPR 2024", "Etablere datafangst fra HST", "Ny"]],
    "Nye tiltak": [["FRESK", "Observere", "Helse Nord"]],
    "Tiltak som ikke lenger rapporterer": [["Avviklet tiltak", "Samstyre", "Helse Nord"]],
}


HEADERS = {
    "Status og risiko": ["Tiltak", "Segment", "Status forrige", "Status nå", "Risiko forrige", "Risiko nå"],
    "Sluttdato for tiltaket": ["Tiltak", "Forrige", "Ny", "Forskyvning (mnd)"],
    "Leveranser levert siden forrige rapport": ["Tiltak", "Leveranse", "Sluttdato"],
    "Leveranser med ny sluttdato": ["Tiltak", "Leveranse", "Forrige", "Ny"],
    "Nye og fjernede leveranser": ["Tiltak", "Leveranse", "Endring"],
    "Nye tiltak": ["Tiltak", "Segment", "Aktør"],
    "Tiltak som ikke lenger rapporterer": ["Tiltak", "Segment", "Aktør"],
}


@pytest.mark.slow
def test_each_change_is_listed_once_in_the_section_and_unchanged_tiltak_are_not(two_rounds):
    tables = section_tables(two_rounds)
    assert {title: rows[1:] for title, rows in tables.items()} == EXPECTED_ROWS
    assert {title: rows[0] for title, rows in tables.items()} == HEADERS
    cells = " ".join(c for rows in tables.values() for row in rows for c in row)
    assert "SAFEST" not in cells


def test_the_section_heading_is_in_the_table_of_contents(two_rounds):
    body = docx.Document(str(two_rounds)).element.body.xml
    assert body.count(SECTION) == 2  # the TOC entry and the heading


def test_each_changed_chapter_has_a_note_and_unchanged_ones_have_none(two_rounds):
    notes = {c.title: c.notes for c in chapters(two_rounds)}
    assert notes["Nasjonal Tarmscreening"] == ["Endret siden forrige rapport (August 2021): status Gul → Rød."]
    assert notes["MF Helse"] == ["Endret siden forrige rapport (August 2021): sluttdato 30.06.2023 → 31.12.2023 "
                                 "(+6 mnd); 1 leveranse med ny sluttdato."]
    assert notes["FRESK"] == ["Nytt siden forrige rapport (August 2021)."]
    assert notes["SAFEST"] == []
    styles = {s for c in chapters(two_rounds) for s in c.note_styles}
    assert styles == {"Endringsmerknad"}  # information, not the red warning style of --lenient


def test_the_merge_report_lists_each_change_once(two_rounds):
    data = json.loads((two_rounds.parent / "merge-rapport.json").read_text(encoding="utf-8"))
    assert data["forrige"] == "August 2021"
    got = sorted((c["tiltak"], c["felt"], c["leveranse"], c["forrige"], c["naa"]) for c in data["endringer"])
    assert got == sorted([
        ("Nasjonal Tarmscreening", "status", "", "Gul", "Rød"),
        ("HELIKS", "risiko", "", "Rød", "Gul"),
        ("MF Helse", "sluttdato", "", "30.06.2023", "31.12.2023"),
        ("Helsedataprogrammet", "levert", "Løsning for dataplattform HAP", "Nei", "Ja"),
        ("MF Helse", "sluttdato", PERSONTJENESTEN,
         "01.06.2023", "01.12.2023"),
        ("HELIKS", "leveranse", "Gammel journalløsning avviklet", "Gammel journalløsning avviklet", ""),
        ("KPR 2024", "leveranse", "Etablere datafangst fra HST", "", "Etablere datafangst fra HST"),
        ("FRESK", "tiltak", "", "", "FRESK"),
        ("Avviklet tiltak", "tiltak", "", "Avviklet tiltak", ""),
    ])
    assert [c["forskyvning_maneder"] for c in data["endringer"] if c["felt"] == "sluttdato" and not c["leveranse"]] == [6]
    sheet = openpyxl.load_workbook(two_rounds.parent / "merge-rapport.xlsx")["Endringer"]
    assert sheet.max_row == 1 + len(data["endringer"])


@pytest.mark.slow
def test_the_console_says_how_many_changes_and_where_they_are(tmp_path, seed_records, capsys):
    folder = expect_copied(copy_examples(tmp_path / "inn", BOOKS)).parent
    history = tmp_path / "vedlegg2-2021-08.json"
    history.write_text(json.dumps(previous_round(seed_records), ensure_ascii=False), encoding="utf-8")
    assert main(["merge", str(folder), "-o", str(tmp_path / "ut" / "V.docx"), "--forrige", str(history)]) == 0
    out = capsys.readouterr().out
    data = json.loads((tmp_path / "ut" / "merge-rapport.json").read_text(encoding="utf-8"))
    assert f"Sammenlignet med August 2021: {len(data['endringer'])} endringer (" in out


def test_without_an_earlier_round_there_is_no_section(tmp_path, capsys):
    folder = copy_examples(tmp_path / "inn", ["safest.xlsx"])
    expect_copied(folder)
    text = (folder / "rapport.toml").read_text(encoding="utf-8").replace('forrige = "historikk"', "")
    (folder / "rapport.toml").write_text(text, encoding="utf-8")
    out = tmp_path / "ut" / "V.docx"
    assert main(["merge", str(folder), "-o", str(out), "--quiet"]) == 0
    assert "Sammenlignet med" not in capsys.readouterr().out
    assert section_tables(out) == {}
    assert SECTION not in docx.Document(str(out)).element.body.xml
    assert json.loads((out.parent / "merge-rapport.json").read_text(encoding="utf-8"))["endringer"] == []


def test_rapport_toml_points_at_a_folder_of_rounds_ordered_by_period(tmp_path, seed_records):
    """Two earlier rounds: the previous one is the latest by period, and Statusutvikling shows all three."""
    folder = copy_examples(tmp_path / "inn", ["nasjonal-tarmscreening.xlsx"])
    expect_copied(folder)
    rounds = folder / "arkiv"
    rounds.mkdir()
    for name, status in (("vedlegg2-2021-08.json", "Gul"), ("vedlegg2-2021-04.json", "Grønn")):
        record = {**_by(seed_records, "Nasjonal Tarmscreening"), "status": status}
        (rounds / name).write_text(json.dumps([record], ensure_ascii=False), encoding="utf-8")
    text = (folder / "rapport.toml").read_text(encoding="utf-8")
    text = text.replace('forrige = "historikk"', 'forrige = "arkiv"').replace("endringsmerknader = true",
                                                                                 "endringsmerknader = false")
    (folder / "rapport.toml").write_text(text, encoding="utf-8")
    out = tmp_path / "ut" / "V.docx"
    assert main(["merge", str(folder), "-o", str(out), "--quiet"]) == 0
    assert section_tables(out)["Status og risiko"][1][2:4] == ["Gul", "Rød"]  # against August, not April
    document = docx.Document(str(out))
    overview = next(t for t in document.tables if t.rows[0].cells[-1].text == "Statusutvikling")
    marks = overview.rows[1].cells[-1]._tc
    colours = [c.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val")
               for c in marks.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}color")]
    assert overview.rows[1].cells[-1].text == "●●●"
    assert colours == ["92D050", "FFD966", "FF6B6B"]  # April Grønn, August Gul, now Rød
    assert all(c.notes == [] for c in chapters(out))  # endringsmerknader = false


def _merge(tmp_path, capsys, forrige: Path) -> tuple[int, str, Path]:
    folder = copy_examples(tmp_path / "inn", ["safest.xlsx"])
    expect_copied(folder)
    out = tmp_path / "ut" / "V.docx"
    code = main(["merge", str(folder), "-o", str(out), "--quiet", "--forrige", str(forrige)])
    return code, capsys.readouterr().err, out


@pytest.mark.parametrize("content, message", [
    (None, "Fant ikke forrige rundes eksport"),
    ("{ ikke json", "er ikke gyldig JSON"),
    ('{"navn": "SAFEST"}', "har ikke formen til eksporten vedlegg2.json"),
    ('[{"navn": "SAFEST", "sluttdato": "31.13.2021"}]', "sluttdato: «31.13.2021» kan ikke leses"),
    ('[{"navn": "SAFEST", "farge": "blå"}]', "ukjente nøkler farge"),
])
@pytest.mark.slow
def test_a_missing_or_wrong_earlier_export_is_a_usage_error_and_nothing_is_written(tmp_path, capsys, content, message):
    path = tmp_path / "vedlegg2-2021-08.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    code, err, out = _merge(tmp_path, capsys, path)
    assert code == 2
    assert message in err and str(path) in err and "Ingenting er skrevet" in err
    assert not out.parent.exists()


def test_a_folder_with_an_export_without_period_is_a_usage_error(tmp_path, capsys):
    rounds = tmp_path / "arkiv"
    rounds.mkdir()
    (rounds / "gammel.json").write_text("[]", encoding="utf-8")
    code, err, _ = _merge(tmp_path, capsys, rounds)
    assert code == 2 and "Vet ikke hvilken periode" in err and "gammel.json" in err


def test_an_export_from_the_same_period_gives_a_warning(tmp_path, capsys, seed_records):
    path = tmp_path / "vedlegg2-2021-11.json"  # rapport.toml: November 2021
    path.write_text(json.dumps([_by(seed_records, "SAFEST")], ensure_ascii=False), encoding="utf-8")
    code, err, out = _merge(tmp_path, capsys, path)
    assert code == 0 and out.exists()
    assert "Advarsel" in err and "samme periode" in err and "November 2021" in err


def test_the_period_comes_from_the_merge_report_beside_an_export(tmp_path, capsys, seed_records):
    earlier = tmp_path / "forrige-ut"
    earlier.mkdir()
    (earlier / "vedlegg2.json").write_text(json.dumps([_by(seed_records, "SAFEST")]), encoding="utf-8")
    (earlier / "merge-rapport.json").write_text(json.dumps({"periode": "Juni 2021", "rapportdato": "01.06.2021"}),
                                                encoding="utf-8")
    code, _, out = _merge(tmp_path, capsys, earlier / "vedlegg2.json")
    assert code == 0
    assert json.loads((out.parent / "merge-rapport.json").read_text(encoding="utf-8"))["forrige"] == "Juni 2021"


@pytest.mark.parametrize("name, beside", [("vedlegg2-2021-08.json", None),
                                          ("vedlegg2.json", {"periode": "August 2021", "rapportdato": "15.08.2021"}),
                                          ("vedlegg2.json", {"rapportdato": "01.10.2021"})])
@pytest.mark.slow
def test_a_normal_earlier_round_prints_no_warning(tmp_path, capsys, seed_records, name, beside):
    """An earlier period (by file name or by the merge report beside it): no warning at all, and the period
    read as year and month (a swapped year/month would print «senere periode» on every run)."""
    from pipeline.contract.settings import load_report_settings
    from pipeline.merge.history import load_history
    from tests.support.paths import INPUT

    earlier = tmp_path / "forrige-ut"
    earlier.mkdir()
    (earlier / name).write_text(json.dumps([_by(seed_records, "SAFEST")]), encoding="utf-8")
    if beside is not None:
        (earlier / "merge-rapport.json").write_text(json.dumps(beside), encoding="utf-8")
    rounds, warnings = load_history(earlier / name, load_report_settings(INPUT / "rapport.toml"))  # November 2021
    assert warnings == []
    assert rounds[0].key == ((2021, 8) if beside is None or "periode" in beside else (2021, 10))
    code, err, out = _merge(tmp_path, capsys, earlier / name)
    assert code == 0 and "Advarsel" not in err


def test_a_later_period_gives_a_warning(tmp_path, capsys, seed_records):
    path = tmp_path / "vedlegg2-2022-02.json"
    path.write_text(json.dumps([_by(seed_records, "SAFEST")], ensure_ascii=False), encoding="utf-8")
    code, err, _ = _merge(tmp_path, capsys, path)
    assert code == 0 and "senere periode (Februar 2022)" in err


def test_the_published_section_names_no_repository_path(two_rounds):
    text = "\n".join(p.text for p in docx.Document(str(two_rounds)).paragraphs)
    assert SECTION in text and "Sammenlignet med forrige rapport (August 2021)." in text
    assert "docs/" not in text and "endringer.md" not in text


def test_the_chapter_note_of_a_renamed_leveranse_names_it_as_the_summary_does(tmp_path, seed_records):
    """Item 13: «Nytt navn (var «…»)» in the summary, the same words under the chapter (not «1 annen endring»)."""
    folder = copy_examples(tmp_path / "inn", ["helsedataprogrammet.xlsx"])
    old = [copy.deepcopy(_by(seed_records, "Helsedataprogrammet"))]
    hap = _lev(old[0], "Løsning for dataplattform HAP")
    new_name, hap["navn"] = hap["navn"], hap["navn"] + " (fase 1)"
    hap["levert"] = "Omdefinert"
    history = tmp_path / "vedlegg2-2021-08.json"
    history.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "ut" / "V.docx"
    assert main(["merge", str(folder), "-o", str(out), "-q", "--forrige", str(history)]) in (0, 1)
    tables = section_tables(out)
    assert ["Helsedataprogrammet", new_name, f"Nytt navn (var «{hap['navn']}»)"] in tables["Nye og fjernede leveranser"]
    note = next(p.text for p in docx.Document(str(out)).paragraphs if p.text.startswith("Endret siden forrige"))
    assert f"leveransen «{new_name}»: nytt navn (var «{hap['navn']}»)" in note
    assert "1 leveranse levert" in note and "annen endring" not in note  # Omdefinert → Ja: delivered


def test_a_folder_of_output_folders_is_read_one_level_deep(tmp_path, seed_records):
    """arkiv/<runde>/vedlegg2.json with merge-rapport.json beside it (a copied output folder); the merge
    reports, hidden files and a stray report at the top are not exports."""
    from pipeline.contract.settings import load_report_settings
    from pipeline.merge.history import load_history
    from tests.support.paths import INPUT

    arkiv = tmp_path / "arkiv"
    # the names sort the other way round from the periods: the rounds are ordered by period, not by name
    for folder, day, status in (("runde-a", "01.08.2021", "Gul"), ("runde-b", "01.05.2021", "Grønn")):
        (arkiv / folder).mkdir(parents=True)
        record = {**_by(seed_records, "SAFEST"), "status": status}
        (arkiv / folder / "vedlegg2.json").write_text(json.dumps([record]), encoding="utf-8")
        (arkiv / folder / "merge-rapport.json").write_text(json.dumps({"rapportdato": day}), encoding="utf-8")
        (arkiv / folder / ".~lock.vedlegg2.json#").write_text("låst", encoding="utf-8")
        (arkiv / folder / ".skjult.json").write_text("ikke json", encoding="utf-8")
    (arkiv / "merge-rapport.json").write_text("{}", encoding="utf-8")
    rounds, warnings = load_history(arkiv, load_report_settings(INPUT / "rapport.toml"))
    assert [(r.label, r.key, r.tiltak[0].status) for r in rounds] == [("Mai 2021", (2021, 5), "Grønn"),
                                                                      ("August 2021", (2021, 8), "Gul")]
    assert [r.source for r in rounds] == [str(arkiv / "runde-b" / "vedlegg2.json"),
                                          str(arkiv / "runde-a" / "vedlegg2.json")]
    assert warnings == []


def test_two_exports_for_one_period_are_named(tmp_path, seed_records):
    from pipeline.contract.settings import load_report_settings
    from pipeline.merge.history import HistoryError, load_history
    from tests.support.paths import INPUT

    arkiv = tmp_path / "arkiv"
    (arkiv / "kopi").mkdir(parents=True)
    for path in (arkiv / "vedlegg2-2021-08.json", arkiv / "kopi" / "vedlegg2-2021-08.json"):
        path.write_text(json.dumps([_by(seed_records, "SAFEST")]), encoding="utf-8")
    with pytest.raises(HistoryError) as caught:
        load_history(arkiv, load_report_settings(INPUT / "rapport.toml"))
    assert str(caught.value) == (f"{arkiv / 'kopi' / 'vedlegg2-2021-08.json'} og {arkiv / 'vedlegg2-2021-08.json'} "
                                 "gjelder samme periode (August 2021). Ta bort én av dem.")


@pytest.mark.parametrize("beside", [{"periode": "Høst 2021", "rapportdato": "15.11.2021"},  # same month
                                    {"periode": "November 2021", "rapportdato": "01.10.2021"}])  # same name
def test_the_same_month_or_the_same_period_name_warns(tmp_path, seed_records, beside):
    from pipeline.contract.settings import load_report_settings
    from pipeline.merge.history import load_history
    from tests.support.paths import INPUT

    earlier = tmp_path / "forrige-ut"
    earlier.mkdir()
    (earlier / "vedlegg2.json").write_text(json.dumps([_by(seed_records, "SAFEST")]), encoding="utf-8")
    (earlier / "merge-rapport.json").write_text(json.dumps(beside), encoding="utf-8")
    _, warnings = load_history(earlier / "vedlegg2.json", load_report_settings(INPUT / "rapport.toml"))
    assert warnings == [f"Advarsel: {earlier / 'vedlegg2.json'} er fra samme periode som denne rapporten "
                        f"({beside['periode']}); er det riktig forrige runde?"]


@pytest.mark.parametrize("name, key, label", [("vedlegg2-2021-01.json", (2021, 1), "Januar 2021"),
                                              ("vedlegg2-2020-12.json", (2020, 12), "Desember 2020"),
                                              ("vedlegg2-2021-13.json", None, "forrige rapport")])
def test_the_period_in_a_file_name_runs_from_january_to_december(tmp_path, seed_records, name, key, label):
    from pipeline.contract.settings import load_report_settings
    from pipeline.merge.history import load_history
    from tests.support.paths import INPUT

    path = tmp_path / name
    path.write_text(json.dumps([_by(seed_records, "SAFEST")]), encoding="utf-8")
    (rounds, _) = load_history(path, load_report_settings(INPUT / "rapport.toml"))
    assert (rounds[0].key, rounds[0].label) == (key, label)


def test_an_empty_folder_of_earlier_rounds_is_a_usage_error_that_names_it(tmp_path, capsys):
    rounds = tmp_path / "arkiv"
    rounds.mkdir()
    (rounds / "les-meg.txt").write_text("ingen eksport her", encoding="utf-8")
    code, err, out = _merge(tmp_path, capsys, rounds)
    assert code == 2
    assert f"Fant ingen tidligere eksporter (.json) i mappen {rounds}." in err and "Ingenting er skrevet" in err
    assert not out.parent.exists()
