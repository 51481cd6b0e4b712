"""pipeline.api's pieces for a front end (pipeline/api/pieces.py, pipeline/api/rounds.py): one file checked as
``validate`` does, the feedback copy and the prefilled workbook as bytes, records and their changes, and earlier
rounds read from files and written back as the archive ``merge`` reads. Real workbooks and real exports."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest

from pipeline import api
from pipeline.contract.settings import load_report_settings
from tests.support.hardening import from_good, named_cell
from tests.support.paths import ROOT

INPUT = ROOT / "input"
PREVIOUS = INPUT / "forrige-runde" / "vedlegg2-2021-11.json"
SETTINGS = """periode = "Desember 2021"
rapportdato = 2021-12-01

[[forventet]]
navn = "HELIKS"
aktor = "Helse Vestt"
"""


def _report(tmp_path: Path, text: str = SETTINGS):
    path = tmp_path / "rapport.toml"
    path.write_text(text, encoding="utf-8")
    return path, load_report_settings(path)


def _bad(tmp_path: Path) -> Path:
    def edit(wb):
        named_cell(wb, "Tiltak_Sluttdato").value = "31.13.2021"
    return from_good(tmp_path / "heliks.xlsx", "HELIKS", edit, source=INPUT / "heliks.xlsx")


# --- check_file ---------------------------------------------------------------------------------------------


def test_check_file_is_validate_with_the_settings_known_actors_and_date(tmp_path):
    path, report = _report(tmp_path)
    mine = api.check_file(INPUT / "heliks.xlsx", report)
    cli = api.validate([INPUT / "heliks.xlsx"], innstillinger=path)
    assert mine.to_dict(report.rapportdato, "x") == cli.check.to_dict(report.rapportdato, "x")
    codes = [str(i.code) for i in mine.files[0].issues]
    assert codes == ["lignende-aktør"]  # «Helse Vest» in the workbook, «Helse Vestt» in the settings
    assert api.check_file(INPUT / "heliks.xlsx", None).files[0].issues == []


def test_check_file_takes_the_date_given_else_the_settings_date(tmp_path):
    _, report = _report(tmp_path)
    late = report.model_copy(update={"rapportdato": date(2030, 1, 1)})
    overdue = [i for i in api.check_file(INPUT / "heliks.xlsx", late).files[0].issues if i.code == "forfalt-leveranse"]
    assert len(overdue) == 4
    given = api.check_file(INPUT / "heliks.xlsx", late, rapportdato=date(2021, 1, 1)).files[0].issues
    assert not [i for i in given if i.code == "forfalt-leveranse"]
    assert [i for i in api.check_file(INPUT / "heliks.xlsx", None, rapportdato=date(2030, 1, 1)).files[0].issues
            if i.code == "forfalt-leveranse"] == overdue


# --- records, feedback copy, prefilled workbook ----------------------------------------------------------


def test_tiltak_record_is_the_export_record_of_the_merge(tmp_path):
    folder = tmp_path / "inn"
    folder.mkdir()
    shutil.copy(INPUT / "heliks.xlsx", folder)
    (folder / "rapport.toml").write_text(SETTINGS, encoding="utf-8")
    result = api.merge([folder], tmp_path / "ut" / "V.docx")
    exported = api.read_export(result.outcome.export)
    tiltak = api.check_file(INPUT / "heliks.xlsx", None).files[0].tiltak
    assert api.tiltak_record(tiltak) == exported[0]


def test_feedback_copy_marks_the_findings_and_is_none_without_any(tmp_path):
    bad = _bad(tmp_path)
    file = api.check_file(bad, None).files[0]
    assert file.issues
    name, data = api.feedback_copy(bad.read_bytes(), file, "Min HELIKS.xlsx", date(2021, 12, 3))
    assert name == "Min HELIKS-tilbakemelding.xlsx"
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert "03.12.2021" in " ".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row)
    marked = [ws.title for ws in wb.worksheets if any("Sluttdato" in str(c.value or "") for row in ws.iter_rows()
                                                      for c in row)]
    assert marked, wb.sheetnames
    clean = api.check_file(INPUT / "heliks.xlsx", None).files[0]
    assert api.feedback_copy((INPUT / "heliks.xlsx").read_bytes(), clean, "heliks.xlsx") is None
    assert api.feedback_copy(b"not a workbook", file, "x.xlsx") is None


def test_feedback_copy_of_an_unreadable_file_is_none(tmp_path):
    broken = tmp_path / "x.xlsx"
    broken.write_bytes(b"PK\x03\x04 broken")
    file = api.check_file(broken, None).files[0]
    assert file.issues and file.tiltak is None
    assert api.feedback_copy(broken.read_bytes(), file, "x.xlsx") is None


def test_the_prefilled_workbook_reads_back_as_the_record(tmp_path):
    record = next(r for r in json.loads(PREVIOUS.read_text(encoding="utf-8")) if r["navn"] == "HELIKS")
    path = tmp_path / "heliks.xlsx"
    path.write_bytes(api.prefilled_workbook(record))
    again = api.check_file(path, None).files[0].tiltak
    assert again.navn == "HELIKS" and again.status == record["status"]
    read = next(t for t in _tiltak(PREVIOUS) if t.navn == "HELIKS")  # the record as merge reads it
    assert api.tiltak_record(again) == api.tiltak_record(read)


def test_workbook_stems_are_the_prefill_names():
    assert api.workbook_stems(["Alle møter", "alle  møter", "Øst/Vest", "?"]) == \
        ["alle-moter", "alle-moter-2", "ost-vest", "tiltak"]


def test_record_changes_follow_the_change_rules_and_leave_out_whole_tiltak():
    old = next(r for r in json.loads(PREVIOUS.read_text(encoding="utf-8")) if r["navn"] == "HELIKS")
    new = {**old, "status": "Rød" if old["status"] != "Rød" else "Gul"}
    assert api.record_changes(old, new) == [api.RecordChange("Status endret", "", old["status"], new["status"])]
    assert api.record_changes(old, old) == []
    assert api.record_changes(old, {**old, "navn": "Et annet"}) == []  # new and gone tiltak: not shown
    assert api.record_changes(None, new) is None and api.record_changes(old, None) is None
    assert api.record_changes(old, {**new, "sluttdato": "ikke en dato"}) is None
    assert api.record_changes({}, new) is None


def _skjema(tmp_path: Path, old: str, new: str) -> Path:
    from pipeline.resources import FORM_SETTINGS_NAME, locate

    text = locate(FORM_SETTINGS_NAME).read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "skjema.toml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_record_changes_use_the_skjema_given(tmp_path):
    old = next(r for r in json.loads(PREVIOUS.read_text(encoding="utf-8")) if r["navn"] == "HELIKS")
    at = next(i for i, row in enumerate(old["leveranser"]) if row["levert"] == "Nei")
    rows = [dict(row) for row in old["leveranser"]]
    rows[at]["levert"] = "Ja"
    new = {**old, "leveranser": rows}
    assert [c.hva for c in api.record_changes(old, new)] == ["Levert"]
    # with «Nei» first, «Ja» is not the word for delivered: the answer changed instead
    skjema = _skjema(tmp_path, 'levert = ["Ja", "Nei", "Omdefinert"]', 'levert = ["Nei", "Ja", "Omdefinert"]')
    assert [c.hva for c in api.record_changes(old, new, skjema=skjema)] == ["Svar på levert endret"]


def test_check_file_and_the_prefilled_workbook_use_the_skjema_given(tmp_path):
    skjema = _skjema(tmp_path, 'status = ["Grønn", "Gul", "Rød"]', 'status = ["Grønn", "Rød", "Lilla"]')
    assert api.check_file(INPUT / "heliks.xlsx", None).files[0].errors == []
    errors = api.check_file(INPUT / "heliks.xlsx", None, skjema=skjema).files[0].errors
    assert [e.field for e in errors] == ["Status", "Risiko"]  # «Gul» is not in this skjema (risiko uses it too)
    record = next(r for r in json.loads(PREVIOUS.read_text(encoding="utf-8")) if r["navn"] == "HELIKS")
    lists = _list_values(api.prefilled_workbook(record, skjema=skjema))
    assert "Lilla" in lists and "Lilla" not in _list_values(api.prefilled_workbook(record))


def _list_values(data: bytes) -> str:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    cells = " ".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value)
    rules = " ".join(str(dv.formula1) for ws in wb.worksheets for dv in ws.data_validations.dataValidation)
    return cells + " " + rules


# --- earlier rounds ----------------------------------------------------------------------------------------


def test_read_rounds_gives_labels_keys_and_records_oldest_first(tmp_path):
    _, report = _report(tmp_path)
    folder = tmp_path / "arkiv"
    (folder / "runde").mkdir(parents=True)
    shutil.copy(PREVIOUS, folder / "vedlegg2-2021-11.json")
    records = json.loads(PREVIOUS.read_text(encoding="utf-8"))[:2]
    (folder / "runde" / "vedlegg2.json").write_text(json.dumps(records), encoding="utf-8")
    (folder / "runde" / "merge-rapport.json").write_text(json.dumps({"periode": "Oktober 2021",
                                                                     "rapportdato": "01.10.2021"}), encoding="utf-8")
    rounds, warnings = api.read_rounds(folder, report)
    assert [(r.label, r.key) for r in rounds] == [("Oktober 2021", (2021, 10)), ("November 2021", (2021, 11))]
    assert [r["navn"] for r in rounds[0].records] == [r["navn"] for r in records]
    assert warnings == []
    single, _ = api.read_rounds(PREVIOUS, report)
    assert single[0].records == [api.tiltak_record(t) for t in _tiltak(PREVIOUS)]


def _tiltak(path: Path):
    from pipeline.merge.export import record_to_tiltak

    return [record_to_tiltak(r) for r in json.loads(path.read_text(encoding="utf-8"))]


def test_written_rounds_read_back_the_same_as_merge_reads_them(tmp_path):
    _, report = _report(tmp_path)
    rounds = [api.EarlierRound("Oktober 2021", (2021, 10), [{"navn": "A", "status": "Grønn"}]),
              api.EarlierRound("November 2021", (2021, 11), [{"navn": "A", "status": "Rød"}])]
    where = api.write_rounds(rounds, tmp_path / "h")
    assert where == tmp_path / "h"
    assert sorted(p.relative_to(where).as_posix() for p in where.rglob("*")) == [
        "2021-10", "2021-10/merge-rapport.json", "2021-10/vedlegg2.json",
        "2021-11", "2021-11/merge-rapport.json", "2021-11/vedlegg2.json"]
    again, _ = api.read_rounds(where, report)
    assert [(r.label, r.key) for r in again] == [("Oktober 2021", (2021, 10)), ("November 2021", (2021, 11))]
    assert [r.records[0]["status"] for r in again] == ["Grønn", "Rød"]
    assert json.loads((where / "2021-10" / "merge-rapport.json").read_text(encoding="utf-8")) == \
        {"periode": "Oktober 2021", "rapportdato": "01.10.2021"}


def test_one_round_with_a_period_is_written_as_a_folder_that_keeps_it(tmp_path):
    _, report = _report(tmp_path)
    where = api.write_rounds([api.EarlierRound("Oktober 2021", (2021, 10), [{"navn": "A"}])], tmp_path / "h")
    assert where == tmp_path / "h" and (where / "2021-10" / "vedlegg2.json").is_file()
    assert [(r.label, r.key) for r in api.read_rounds(where, report)[0]] == [("Oktober 2021", (2021, 10))]


def test_one_round_without_a_period_stands_alone_and_none_is_nothing(tmp_path):
    _, report = _report(tmp_path)
    alone = api.write_rounds([api.EarlierRound("forrige rapport", None, [{"navn": "A"}])], tmp_path / "h")
    assert alone == tmp_path / "h" / "vedlegg2.json"
    again, _ = api.read_rounds(alone, report)
    assert [(r.label, r.key, r.records[0]["navn"]) for r in again] == [("forrige rapport", None, "A")]
    assert api.write_rounds([], tmp_path / "tom") is None and not (tmp_path / "tom").exists()
    with pytest.raises(api.UsageError) as caught:
        api.write_rounds([api.EarlierRound("Oktober 2021", (2021, 10), []),
                          api.EarlierRound("forrige rapport", None, [])], tmp_path / "blandet")
    assert str(caught.value) == ("Vet ikke hvilken periode «forrige rapport» gjelder, så den kan ikke stå sammen med "
                                 "andre tidligere runder.")


def test_read_rounds_says_what_is_wrong_in_norwegian(tmp_path):
    _, report = _report(tmp_path)
    with pytest.raises(api.PipelineError, match="Fant ikke"):
        api.read_rounds(tmp_path / "finnes-ikke.json", report)


# --- the uploaded edited document ----------------------------------------------------------------------------


def _docx() -> bytes:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def test_a_word_document_passes_the_check():
    api.check_document(_docx(), "v.docx")


def _duplicate_names() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("word/document.xml", b"<x/>")
        with pytest.warns(UserWarning):
            zf.writestr("word/document.xml", b"<y/>")
    return buffer.getvalue()


def _damaged_part() -> bytes:
    """A sound directory, but the compressed bytes of the document part are garbage."""
    data = bytearray(_zip({"word/document.xml": b"<w:document>" + b"tekst " * 2000 + b"</w:document>"}))
    start = data.find(b"word/document.xml") + len("word/document.xml")
    data[start + 10:start + 60] = b"\xff" * 50
    return bytes(data)


def _encrypted() -> bytes:
    data = bytearray(_docx())
    at = bytes(data).find(b"PK\x01\x02")
    data[at + 8] |= 1  # the central directory's «encrypted» flag
    return bytes(data)


@pytest.mark.parametrize("data, why", [
    (b"", "filen er tom."),
    (b"%PDF-1.7", "filen er ikke et Word-dokument (.docx). Last opp dokumentet redaktørene har redigert, lagret som "
                  ".docx."),
    (b"PK\x03\x04" + b"\x00" * 100, "zip-arkivet er ødelagt eller har for mange deler."),
    (_zip({"xl/workbook.xml": b"<x/>"}), "arkivet har ikke dokumentdelen til et Word-dokument (.docx)."),
    (_zip({"word/document.xml": b"<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>"}),
     "filen inneholder XML med DTD eller entiteter, som Word aldri lager."),
    (_zip({"word/document.xml": b" " * (21 * 1024 * 1024)}),
     "innholdet er for stort når det pakkes ut (typisk en zip-bombe)."),
    (_encrypted(), "filen er passordbeskyttet."),
    (_damaged_part(), "filen er skadet."),
], ids=["tom", "pdf", "avkortet", "arbeidsbok", "dtd", "zip-bombe", "passord", "skadet-del"])
def test_a_file_that_is_not_a_usable_word_document_is_refused_naming_it(data, why):
    with pytest.raises(api.UsageError) as caught:
        api.check_document(data, "redigert.docx")
    assert str(caught.value) == f"redigert.docx kan ikke brukes som redigert Vedlegg 2: {why}"


def test_an_archive_with_two_parts_of_one_name_is_damaged():
    with pytest.raises(api.UsageError) as caught:
        api.check_document(_duplicate_names(), "d.docx")
    assert str(caught.value) == "d.docx kan ikke brukes som redigert Vedlegg 2: filen er skadet."


def test_too_many_parts_and_too_large_a_file_are_refused_at_the_limits(monkeypatch):
    import pipeline.read.zipcheck as zipcheck

    data = _docx()
    parts = len(zipfile.ZipFile(io.BytesIO(data)).infolist())
    monkeypatch.setattr(zipcheck, "MAX_ENTRIES", parts - 1)
    with pytest.raises(api.UsageError, match="for mange deler"):
        api.check_document(data, "v.docx")
    monkeypatch.setattr(zipcheck, "MAX_ENTRIES", parts)
    api.check_document(data, "v.docx")
    monkeypatch.setattr(zipcheck, "MAX_FILE_BYTES", len(data) - 1)
    with pytest.raises(api.UsageError) as caught:
        api.check_document(data, "v.docx")
    assert str(caught.value) == "v.docx kan ikke brukes som redigert Vedlegg 2: filen er for stor."
    monkeypatch.setattr(zipcheck, "MAX_FILE_BYTES", len(data))
    api.check_document(data, "v.docx")


def test_the_names_written_are_the_ones_merge_writes_and_reads():
    from pipeline.api import rounds
    from pipeline.merge import history, run

    assert rounds.EXPORT_NAME == run.EXPORT_NAME and rounds.REPORT_NAME == history.REPORT_NAME
