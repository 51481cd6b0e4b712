"""Two rounds through the portal (Django test client, real workbooks): round 1 is made with ``--forrige``,
merged, and its export kept; round 2 is made without ``--forrige`` and takes its history from the database:
the actor downloads the prefilled workbook, changes the status and sees «endret siden forrige runde»; round 2's
Vedlegg 2 has Statusutvikling over both earlier rounds and the change note, and equals ``merge --forrige`` on
the same files (the round-2 workbooks, the archive of round 0 and round 1's output)."""

from __future__ import annotations

import pytest

import html
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
from django.test import Client, override_settings

from pipeline import api
from pipeline.cli.main import main
from pipeline.portal import history, jobs
from pipeline.portal.models import Eksport, Jobb, Runde
from tests.portal.conftest import DATA
from tests.support.portal import INPUT, PREVIOUS, SETTINGS, Actor, api_upload, log_in, upload
from tests.support.staff import staff_client

EXPECTED = SETTINGS[SETTINGS.index("\n[[forventet]]"):]  # the same three tiltak as the other portal tests
ROUND_1 = 'periode = "Desember 2021"\nrapportdato = 2021-12-01\nfrist = 2021-12-15\n' + EXPECTED
ROUND_2 = 'periode = "Januar 2022"\nrapportdato = 2022-01-03\nfrist = 2022-01-15\n' + EXPECTED
DOCUMENT_NAME = "Vedlegg2.docx"


def _body(docx: bytes) -> str:
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
    return re.search(r"<w:body>.*</w:body>", xml, re.S).group(0)


def _text(docx: bytes) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", _body(docx).replace("</w:p>", "\n")))


def _new_round(folder: Path, text: str, capsys, *extra: str) -> dict[str, Actor]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "rapport.toml").write_text(text, encoding="utf-8")
    assert main(["portal", "opprett-runde", "--data", str(DATA), "--innstillinger", str(folder / "rapport.toml"),
                 *extra]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    return {r[0]: Actor(r[0], r[1], r[2]) for r in rows}


def _merge_job(staff) -> Jobb:
    assert staff.post("/runde/vedlegg2/").status_code == 302
    assert jobs.run_pending() == 1
    jobb = Jobb.objects.order_by("-id").first()
    assert jobb.status == Jobb.Status.FERDIG, jobb.melding
    return jobb


def _status_cell(wb):
    sheet, ref = next(iter(wb.defined_names["Tiltak_Status"].destinations))
    return wb[sheet][ref.replace("$", "")]


@pytest.mark.slow
@override_settings(PORTAL_JOB_THREAD=False)
def test_round_two_takes_history_prefill_and_changes_from_the_database(fresh_series, tmp_path, capsys):
    staff, _ = staff_client()
    # --- round 1: made with --forrige (November 2021), three workbooks uploaded, merged
    actors = _new_round(tmp_path / "r1", ROUND_1, capsys, "--forrige", str(PREVIOUS))
    client = Client()
    for actor, name in (("Helse Vest", "heliks.xlsx"), ("Helse Vest", "alle-moter.xlsx"), ("Helse Nord", "fresk.xlsx")):
        response, body = api_upload(client, actors[actor], INPUT / name)
        assert response.status_code == 201 and body["status"] == "klar", body
    first = _merge_job(staff)
    round_1 = Runde.objects.get(periode="Desember 2021")
    kept = {(e.slag, e.periode) for e in round_1.eksporter.all()}
    assert kept == {("forrige", "November 2021"), ("runde", "Desember 2021")}
    out_1 = jobs.folder(first) / "ut"
    assert history.current_export(round_1).records() == api.read_export(out_1 / "vedlegg2.json")

    # --- round 2: no --forrige; the actor's prefilled workbook comes from round 1's export
    actors = _new_round(tmp_path / "r2", ROUND_2, capsys)
    round_2 = Runde.objects.get(periode="Januar 2022")
    assert round_2.eksporter.count() == 0  # nothing read from files: the history is the database's
    assert [r.label for r in history.earlier_rounds(round_2)] == ["November 2021", "Desember 2021"]
    overview = html.unescape(staff.get("/runde/").content.decode())
    assert "Tidligere runder i historikken: November 2021, Desember 2021 (" in overview
    vest = Client()
    log_in(vest, actors["Helse Vest"])
    heliks = round_2.tiltak.get(navn="HELIKS")
    prefilled = vest.get(f"/tiltak/{heliks.pk}/forhandsutfylt/")
    assert prefilled.status_code == 200 and prefilled["Content-Disposition"].endswith("heliks.xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(prefilled.content))
    round_1_heliks = next(r for r in history.current_export(round_1).records() if r["navn"] == "HELIKS")
    cell = _status_cell(wb)
    assert cell.value == round_1_heliks["status"]
    new_status = "Rød" if cell.value != "Rød" else "Gul"
    cell.value = new_status
    changed = tmp_path / "heliks-januar.xlsx"
    wb.save(changed)
    page = html.unescape(upload(vest, changed, f"/tiltak/{heliks.pk}/last-opp/").content.decode())
    since_round = page.split("Endret siden forrige runde", 1)[1]
    assert f"Status endret: «{round_1_heliks['status']}» → «{new_status}»" in since_round
    upload(vest, INPUT / "alle-moter.xlsx")
    nord = Client()
    log_in(nord, actors["Helse Nord"])
    fresk = round_2.tiltak.get(navn="FRESK")
    fresk_book = tmp_path / "fresk.xlsx"
    fresk_book.write_bytes(nord.get(f"/tiltak/{fresk.pk}/forhandsutfylt/").content)
    upload(nord, fresk_book)
    assert {t.navn: t.versjoner.filter(avvist="").last().resultat != "feil" for t in round_2.tiltak.all()} == \
        {"HELIKS": True, "Alle møter": True, "FRESK": True}

    # --- round 2 merged: Statusutvikling over both earlier rounds, and the change note
    second = _merge_job(staff)
    out_2 = jobs.folder(second) / "ut"
    docx = (out_2 / DOCUMENT_NAME).read_bytes()
    text = _text(docx)
    assert "Statusutvikling: status i rundene November 2021, Desember 2021 og nå (Januar 2022)" in text
    assert f"Endret siden forrige rapport (Desember 2021): status {round_1_heliks['status']} → {new_status}" in text
    assert history.current_export(round_2).jobb_id == second.pk

    # --- the same as merge --forrige on the same files: the archive of round 0 and round 1's output
    archive = tmp_path / "arkiv"
    (archive / "2021-12").mkdir(parents=True)
    shutil.copy(PREVIOUS, archive / PREVIOUS.name)
    for name in ("vedlegg2.json", "merge-rapport.json"):
        shutil.copy(out_1 / name, archive / "2021-12" / name)
    cli = tmp_path / "cli"
    assert main(["merge", str(jobs.folder(second) / "inn"), "-o", str(cli / DOCUMENT_NAME), "--forrige", str(archive),
                 "-q"]) == 0
    capsys.readouterr()
    assert api.read_export(out_2 / "vedlegg2.json") == api.read_export(cli / "vedlegg2.json")
    assert _body(docx) == _body((cli / DOCUMENT_NAME).read_bytes())
    portal_report = json.loads((out_2 / "merge-rapport.json").read_text(encoding="utf-8"))
    cli_report = json.loads((cli / "merge-rapport.json").read_text(encoding="utf-8"))
    assert portal_report["endringer"] == cli_report["endringer"] and portal_report["forrige"] == "Desember 2021"
    assert any(c["tiltak"] == "HELIKS" and c["hva"] == "Status endret" for c in portal_report["endringer"])


def test_a_rerun_job_replaces_the_rounds_current_export_and_keeps_the_old(fresh_series, tmp_path, capsys):
    _new_round(tmp_path, ROUND_1, capsys)
    runde = Runde.objects.get()
    first, second = (Jobb.objects.create(runde=runde, bestilt_av="test") for _ in range(2))
    for jobb, names in ((first, ["A"]), (second, ["A", "B"])):
        path = tmp_path / f"{jobb.pk}.json"
        path.write_text(json.dumps([{"navn": n} for n in names]), encoding="utf-8")
        history.keep_job_export(jobb, path)
    assert [r["navn"] for r in history.current_export(runde).records()] == ["A", "B"]
    assert runde.eksporter.filter(slag=Eksport.Slag.RUNDE).count() == 2
    _new_round(tmp_path / "neste", ROUND_2, capsys)
    later = Runde.objects.get(periode="Januar 2022")
    assert [r["navn"] for r in history.previous_records(later)] == ["A", "B"]
    assert history.previous_records(runde) == []  # the round's own export is not its own history


def _with_export(runde: Runde, tmp_path: Path, names: list[str]) -> None:
    jobb = Jobb.objects.create(runde=runde, bestilt_av="test")
    path = tmp_path / f"eksport-{jobb.pk}.json"
    path.write_text(json.dumps([{"navn": n} for n in names]), encoding="utf-8")
    history.keep_job_export(jobb, path)


def test_only_earlier_periods_of_other_rounds_count_and_the_later_made_wins(fresh_series, tmp_path, capsys):
    _new_round(tmp_path / "a", ROUND_1, capsys)  # Desember 2021
    _with_export(Runde.objects.get(), tmp_path, ["fra første desember"])
    _new_round(tmp_path / "b", ROUND_1, capsys)  # Desember 2021 once more, made later
    again = Runde.objects.order_by("-id").first()
    assert history.earlier_rounds(again) == []  # the same period is not an earlier round
    staff, _ = staff_client()
    assert "Tidligere runder i historikken: ingen." in html.unescape(staff.get("/runde/").content.decode())
    _with_export(again, tmp_path, ["fra andre desember"])
    _new_round(tmp_path / "c", ROUND_2, capsys)  # Januar 2022
    january = Runde.objects.order_by("-id").first()
    assert [(r.label, r.key, r.records) for r in history.earlier_rounds(january)] == [
        ("Desember 2021", (2021, 12), [{"navn": "fra andre desember"}])]
    _with_export(january, tmp_path, ["januar"])
    _new_round(tmp_path / "d", ROUND_1.replace("Desember", "November").replace("2021-12", "2021-11"), capsys)
    november = Runde.objects.order_by("-id").first()
    assert history.earlier_rounds(november) == []  # made later, but December and January are not earlier


def test_a_round_made_with_forrige_keeps_what_it_read_and_a_file_without_period_is_the_month_before(
        fresh_series, tmp_path, capsys):
    bare = tmp_path / "vedlegg2.json"
    bare.write_bytes(PREVIOUS.read_bytes())
    _new_round(tmp_path / "r", ROUND_1, capsys, "--forrige", str(bare))
    runde = Runde.objects.get()
    kept = runde.eksporter.get()
    assert (kept.slag, kept.periode, kept.ar, kept.maned, kept.kilde) == ("forrige", "forrige rapport", 2021, 11,
                                                                           str(bare))
    assert [r["navn"] for r in history.previous_records(runde)] == [
        t["navn"] for t in json.loads(PREVIOUS.read_text(encoding="utf-8"))]
    january = ROUND_1.replace("Desember 2021", "Januar 2021").replace("2021-12-01", "2021-01-05")
    _new_round(tmp_path / "jan", january, capsys, "--forrige", str(bare))
    assert Runde.objects.order_by("-id").first().eksporter.get().ar == 2020  # December of the year before
    assert Runde.objects.order_by("-id").first().eksporter.get().maned == 12
    february = ROUND_1.replace("Desember 2021", "Februar 2021").replace("2021-12-01", "2021-02-01")
    _new_round(tmp_path / "feb", february, capsys, "--forrige", str(bare))
    kept = Runde.objects.order_by("-id").first().eksporter.get()
    assert (kept.ar, kept.maned) == (2021, 1)
