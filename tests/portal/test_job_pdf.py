"""«Lag Vedlegg 2» offers the PDF beside the DOCX when LibreOffice is there, and says in Norwegian why there is
none when it is not (the job still finishes)."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from pipeline import api
from pipeline.portal import jobs
from pipeline.portal.models import Jobb
from tests.support.portal import INPUT, api_upload
from tests.support.staff import staff_client


def _finished_job(runde) -> tuple[Jobb, Client, str]:
    response, _ = api_upload(Client(), runde.actors["Helse Vest"], INPUT / "heliks.xlsx")
    assert response.status_code == 201
    staff, token = staff_client()
    staff.post("/runde/vedlegg2/")
    jobb = Jobb.objects.filter(runde=runde.runde).first()
    jobs.run_pending()
    jobb.refresh_from_db()
    return jobb, staff, token


def _content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.slow
@override_settings(PORTAL_JOB_THREAD=False, PORTAL_PDF=True)
def test_the_job_offers_the_pdf_on_the_page_and_in_the_api_when_libreoffice_is_there(runde):
    if api.pdf_unavailable() is not None:
        pytest.skip(api.pdf_unavailable())
    jobb, staff, token = _finished_job(runde)
    assert jobb.status == "ferdig", jobb.melding
    assert "PDF-en er laget" in jobb.melding
    page = staff.get(f"/runde/jobber/{jobb.pk}/").content.decode()
    assert f'href="/runde/jobber/{jobb.pk}/pdf/"' in page and "Vedlegg 2 (PDF)" in page
    assert _content(staff.get(f"/runde/jobber/{jobb.pk}/pdf/")).startswith(b"%PDF")
    state = Client().get(f"/api/v1/jobber/{jobb.pk}", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert state["filer"]["pdf"] == f"/api/v1/jobber/{jobb.pk}/pdf"
    pdf = Client().get(f"/api/v1/jobber/{jobb.pk}/pdf", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert pdf.status_code == 200 and _content(pdf).startswith(b"%PDF")


@override_settings(PORTAL_JOB_THREAD=False, PORTAL_PDF=True)
def test_without_libreoffice_the_job_finishes_without_pdf_and_says_why(runde, monkeypatch):
    reason = "Fant ikke LibreOffice (programmet soffice), som trengs for å lage PDF."
    monkeypatch.setattr(api, "pdf_unavailable", lambda: reason)
    monkeypatch.setattr(api, "pdf", lambda *a, **k: pytest.fail("pdf skal ikke kalles uten LibreOffice"))
    jobb, staff, token = _finished_job(runde)
    assert jobb.status == "ferdig"
    assert "pdf" not in jobs.attachments(jobb) and "docx" in jobs.attachments(jobb)
    page = staff.get(f"/runde/jobber/{jobb.pk}/").content.decode()
    assert "Ingen PDF: " + reason in page and "/pdf/" not in page and "Traceback" not in page
    assert staff.get(f"/runde/jobber/{jobb.pk}/pdf/").status_code == 404
    state = Client().get(f"/api/v1/jobber/{jobb.pk}", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert state["status"] == "ferdig" and "pdf" not in state["filer"] and "docx" in state["filer"]
    assert "Ingen PDF: " + reason in state["melding"]


@override_settings(PORTAL_JOB_THREAD=False, PORTAL_PDF=True)
def test_a_failed_conversion_leaves_the_job_finished_with_a_norwegian_reason(runde, monkeypatch):
    def broken(docx, output=None, **_):
        output.write_bytes(b"%PDF halv")
        raise api.PipelineError("LibreOffice brukte for lang tid.")

    monkeypatch.setattr(api, "pdf_unavailable", lambda: None)
    monkeypatch.setattr(api, "pdf", broken)
    jobb, staff, _ = _finished_job(runde)
    assert jobb.status == "ferdig" and "PDF-en kunne ikke lages: LibreOffice brukte for lang tid." in jobb.melding
    assert "pdf" not in jobs.attachments(jobb)


@override_settings(PORTAL_JOB_THREAD=False, PORTAL_PDF=False)
def test_with_pdf_turned_off_the_job_says_so(runde, monkeypatch):
    monkeypatch.setattr(api, "pdf", lambda *a, **k: pytest.fail("pdf skal ikke kalles når PDF er slått av"))
    jobb, _, _ = _finished_job(runde)
    assert jobb.status == "ferdig" and "Ingen PDF: PDF er slått av" in jobb.melding
