"""«Lag Vedlegg 2» as a background job (the same merge as the CLI) and the secretariat's API."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from django.test import Client, override_settings

from pipeline.cli.main import main
from pipeline.portal import jobs
from pipeline.portal.models import Jobb
from tests.portal.conftest import DATA
from tests.portal.test_pages import _bad
from tests.support.portal import INPUT, PREVIOUS, api_upload, log_in, upload
from tests.support.staff import staff_client


def _body(docx: bytes) -> str:
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
    return re.search(r"<w:body>.*</w:body>", xml, re.S).group(0)


def _upload_all(runde):
    client = Client()
    for actor, name in (("Helse Vest", "heliks.xlsx"), ("Helse Vest", "alle-moter.xlsx"), ("Helse Nord", "fresk.xlsx")):
        response, _ = api_upload(client, runde.actors[actor], INPUT / name)
        assert response.status_code == 201


@pytest.mark.slow
@override_settings(PORTAL_JOB_THREAD=False)
def test_the_jobs_vedlegg2_equals_merge_on_the_exported_folder(fresh_series, runde, tmp_path, capsys):
    _upload_all(runde)
    staff, _ = staff_client()
    response = staff.post("/runde/vedlegg2/")
    assert response.status_code == 302
    jobb = Jobb.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))
    assert jobb.status == "venter" and jobb.fremdrift == 0
    assert jobs.run_pending() == 1
    jobb.refresh_from_db()
    assert jobb.status == "ferdig" and jobb.fremdrift == 100, jobb.melding
    assert jobs.attachments(jobb)["docx"] == DATA.resolve() / "jobber" / str(jobb.pk) / "ut" / "Vedlegg2.docx"
    page = staff.get(f"/runde/jobber/{jobb.pk}/").content.decode()
    assert "/docx/" in page and "/eksport/" in page and "/rapport/" in page and "hx-trigger" not in page
    docx = staff.get(f"/runde/jobber/{jobb.pk}/docx/")
    export = staff.get(f"/runde/jobber/{jobb.pk}/eksport/")
    assert docx["Content-Disposition"].startswith("attachment")
    assert staff.get(f"/runde/jobber/{jobb.pk}/rapport/").status_code == 200

    folder = tmp_path / "eksport"
    assert main(["portal", "eksport", "--data", str(DATA), "-o", str(folder)]) == 0
    # the round was made with --forrige PREVIOUS: the job compares with it, as merge --forrige does
    main(["merge", str(folder), "-o", str(tmp_path / "cli" / "Vedlegg2.docx"), "--forrige", str(PREVIOUS), "-q"])
    capsys.readouterr()
    cli_docx = (tmp_path / "cli" / "Vedlegg2.docx").read_bytes()
    cli_export = [p for p in (tmp_path / "cli").glob("*.json") if not p.name.startswith("merge-rapport")]
    assert _body(b"".join(docx.streaming_content) if docx.streaming else docx.content) == _body(cli_docx)
    assert json.loads(export.content) == json.loads(cli_export[0].read_text(encoding="utf-8"))
    assert {r["navn"] for r in json.loads(export.content)} == {"HELIKS", "Alle møter", "FRESK"}


@pytest.mark.slow
@override_settings(PORTAL_JOB_THREAD=False)
def test_the_job_takes_the_latest_clean_version_when_the_newest_has_errors(runde, tmp_path):
    vest = Client()
    log_in(vest, runde.actors["Helse Vest"])
    upload(vest, INPUT / "heliks.xlsx")
    clean = runde.tiltak("HELIKS").versjoner.last()
    upload(vest, _bad(tmp_path))
    staff, _ = staff_client()
    staff.post("/runde/vedlegg2/")
    jobb = Jobb.objects.filter(runde=runde.runde).first()
    jobs.run_pending()
    jobb.refresh_from_db()
    assert jobb.status == "ferdig" and json.loads(jobb.versjoner) == [clean.pk]
    export = json.loads(jobs.attachments(jobb)["eksport"].read_text(encoding="utf-8"))
    assert [r["navn"] for r in export] == ["HELIKS"]


def test_progress_goes_from_0_to_100_through_the_merge_callback(runde, monkeypatch):
    _upload_all(runde)
    values = []
    real_update = jobs.Jobb.objects.filter

    class Spy:
        def __init__(self, qs):
            self.qs = qs

        def update(self, **kw):
            if "fremdrift" in kw:
                values.append(kw["fremdrift"])
            return self.qs.update(**kw)

        def __getattr__(self, name):
            return getattr(self.qs, name)

    with override_settings(PORTAL_JOB_THREAD=False):
        jobb = jobs.order(runde.runde, "test")
    monkeypatch.setattr(jobs.Jobb.objects, "filter", lambda *a, **k: Spy(real_update(*a, **k)))
    jobs.run_pending()
    assert values[0] == 10 and values[-1] == 100 and values == sorted(values) and len(values) >= 4
    assert Jobb.objects.get(pk=jobb.pk).fremdrift == 100


@override_settings(PORTAL_JOB_THREAD=False)
def test_a_round_with_nothing_to_merge_fails_the_job_with_a_norwegian_message(runde):
    jobb = jobs.order(runde.runde, "test")
    jobs.run_pending()
    jobb.refresh_from_db()
    assert jobb.status == "feilet" and "arbeidsbøker" in jobb.melding and jobs.attachments(jobb) == {}


@pytest.mark.slow
def test_the_worker_thread_runs_an_ordered_job(runde):
    _upload_all(runde)
    staff, token = staff_client()
    response = staff.post("/api/v1/runde/vedlegg2", HTTP_AUTHORIZATION=f"Bearer {token}")
    job_id = response.json()["jobb"]
    state = {}
    for _ in range(600):
        state = Client().get(f"/api/v1/jobber/{job_id}", HTTP_AUTHORIZATION=f"Bearer {token}").json()
        if state["status"] in ("ferdig", "feilet"):
            break
        jobs._wake.wait(0.2)
    assert state["status"] == "ferdig" and state["fremdrift"] == 100
    assert set(state["filer"]) == {"docx", "eksport", "rapport"}
    got = Client().get(state["filer"]["docx"], HTTP_AUTHORIZATION=f"Bearer {token}")
    assert got.status_code == 200 and got.content[:2] == b"PK"


def test_the_round_api_gives_status_counts_and_totals(runde, tmp_path):
    vest = Client()
    log_in(vest, runde.actors["Helse Vest"])
    upload(vest, _bad(tmp_path), f"/tiltak/{runde.tiltak('HELIKS').pk}/last-opp/")
    _, token = staff_client()
    data = Client().get("/api/v1/runde", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    rows = {r["tiltak"]: r for r in data["tiltak"]}
    assert rows["HELIKS"]["status"] == "har feil" and rows["HELIKS"]["feil"] >= 1
    from pipeline.portal import presenting
    expected = presenting.counts(runde.tiltak("HELIKS").versjoner.last().report())
    assert (rows["HELIKS"]["feil"], rows["HELIKS"]["advarsler"]) == expected
    assert rows["FRESK"]["advarsler"] == 0 and rows["FRESK"]["versjon"] is None
    assert rows["HELIKS"]["versjon"] == runde.tiltak("HELIKS").versjoner.last().pk
    assert rows["HELIKS"]["sist_opplastet"].startswith("20") and rows["FRESK"]["sist_opplastet"] is None
    assert {r["aktor"] for r in data["tiltak"]} == {"Helse Vest", "Helse Nord"}
    assert data["totalt"] == {"mangler": 2, "har feil": 1, "klar": 0, "sendt tilbake": 0, "godkjent": 0}


@pytest.mark.parametrize("method, url", [
    ("get", "/api/v1/runde"), ("post", "/api/v1/runde/vedlegg2"), ("get", "/api/v1/jobber/{job}"),
    ("get", "/api/v1/jobber/{job}/docx"), ("get", "/api/v1/logg.csv"),
])
def test_an_actors_token_gets_403_and_no_token_401(runde, method, url):
    with override_settings(PORTAL_JOB_THREAD=False):
        jobb = jobs.order(runde.runde, "test")
    before = Jobb.objects.count()
    url = url.format(job=jobb.pk)
    actor = runde.actors["Helse Vest"]
    response = getattr(Client(), method)(url, **actor.auth)
    assert response.status_code == 403 and "sekretariatet" in response.json()["melding"]
    assert getattr(Client(), method)(url).status_code == 401
    assert getattr(Client(), method)(url, HTTP_AUTHORIZATION="Bearer tull").status_code == 401
    assert Jobb.objects.count() == before


@pytest.mark.slow
def test_on_start_a_job_left_running_fails_and_a_waiting_one_runs(runde):
    _upload_all(runde)
    with override_settings(PORTAL_JOB_THREAD=False):
        stale = jobs.order(runde.runde, "test")
        waiting = jobs.order(runde.runde, "test")
    Jobb.objects.filter(pk=stale.pk).update(status=Jobb.Status.KJORER, fremdrift=40)
    assert jobs.start() == 1
    stale.refresh_from_db()
    assert stale.status == "feilet" and "stoppet" in stale.melding
    for _ in range(600):
        waiting.refresh_from_db()
        if waiting.status in ("ferdig", "feilet"):
            break
        jobs._wake.wait(0.2)
    assert waiting.status == "ferdig"
