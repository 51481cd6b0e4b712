"""«Oppdater et redigert Vedlegg 2» in the portal: the secretariat uploads the DOCX the editors edited (page or
API); the job runs ``merge --oppdater`` through pipeline.api on the chosen versions and offers the updated DOCX,
the side file and the update report; the upload is kept as uploaded; a hostile or wrong file fails the job
with a Norwegian message naming the upload, never a traceback."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from pipeline.cli.main import main
from pipeline.portal import jobs
from pipeline.portal.models import Jobb
from tests.support import editor
from tests.support.portal import INPUT, PREVIOUS, api_upload
from tests.support.staff import staff_client

DOCUMENT = "Vedlegg2.docx"


def _upload_round(runde, heliks: Path = INPUT / "heliks.xlsx"):
    client = Client()
    for actor, path in (("Helse Vest", heliks), ("Helse Vest", INPUT / "alle-moter.xlsx"),
                        ("Helse Nord", INPUT / "fresk.xlsx")):
        response, body = api_upload(client, runde.actors[actor], path)
        assert response.status_code == 201 and body["status"] == "klar", body


def _run(staff, url: str = "/runde/vedlegg2/", **data) -> Jobb:
    response = staff.post(url, data)
    assert response.status_code == 302, response.content.decode()[:500]
    jobb = Jobb.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))
    assert jobs.run_pending() == 1
    jobb.refresh_from_db()
    return jobb


def _text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs) + "\n".join(
        c.text for t in docx.Document(io.BytesIO(data)).tables for row in t.rows for c in row.cells)


def _changed_status(tmp_path: Path) -> tuple[Path, str]:
    wb = openpyxl.load_workbook(INPUT / "heliks.xlsx")
    sheet, ref = next(iter(wb.defined_names["Tiltak_Status"].destinations))
    cell = wb[sheet][ref.replace("$", "")]
    cell.value = "Rød" if cell.value != "Rød" else "Gul"
    path = tmp_path / "heliks.xlsx"
    wb.save(path)
    return path, cell.value


@pytest.mark.slow
@override_settings(PORTAL_JOB_THREAD=False)
def test_the_update_keeps_the_editors_text_and_offers_document_side_file_and_report(fresh_series, runde, tmp_path,
                                                                                    capsys):
    staff, _ = staff_client()
    _upload_round(runde)
    first = _run(staff)
    assert first.status == Jobb.Status.FERDIG, first.melding
    edited = tmp_path / "Vedlegg2 redigert.docx"
    editor.edit_document(jobs.folder(first) / "ut" / DOCUMENT, edited, keep="Alle møter", lose="HELIKS")
    heliks, status = _changed_status(tmp_path)
    response, _ = api_upload(Client(), runde.actors["Helse Vest"], heliks)
    assert response.status_code == 201
    uploaded = edited.read_bytes()

    jobb = _run(staff, "/runde/oppdater/", fil=SimpleUploadedFile(edited.name, uploaded))
    from pipeline.portal.models import Logghendelse

    row = Logghendelse.objects.filter(handling="fletting", objekt=f"jobb {jobb.pk}").get()
    assert (row.hvem, row.detaljer) == (f"{staff.username} (sekretariatet)", f"oppdater {edited.name}, bestilt")
    assert jobb.status == Jobb.Status.FERDIG and jobb.slag == "oppdater", jobb.melding
    assert edited.name in jobb.melding and "sidefilen" in jobb.melding
    page = staff.get(f"/runde/jobber/{jobb.pk}/").content.decode()
    for kind in ("docx", "sidefil", "rapport", "eksport", "redigert"):
        assert f"/runde/jobber/{jobb.pk}/{kind}/" in page
    updated = staff.get(f"/runde/jobber/{jobb.pk}/docx/").content
    text = _text(updated)
    assert editor.KEEP_EDIT.strip() in text and editor.PREFACE in text  # the editors' work is kept
    assert editor.LOST_EDIT.strip() not in text  # HELIKS was made again with the new status …
    side = staff.get(f"/runde/jobber/{jobb.pk}/sidefil/")
    assert side.status_code == 200 and editor.LOST_EDIT.strip() in _text(side.content)  # … its edit is here
    report = openpyxl.load_workbook(io.BytesIO(staff.get(f"/runde/jobber/{jobb.pk}/rapport/").content))
    rows = list(report["Oppdatering"].values)
    assert any(r[1] == "HELIKS" and r[4] == "ja" for r in rows[1:]), rows
    # the upload is kept as it came: the download and the stored file are byte for byte the upload
    assert staff.get(f"/runde/jobber/{jobb.pk}/redigert/").content == uploaded
    assert hashlib.sha256(jobs.edited_path(jobb).read_bytes()).digest() == hashlib.sha256(uploaded).digest()
    from django.conf import settings

    assert (settings.UPLOAD_DIR / jobb.redigert).read_bytes() == uploaded

    # the same as merge --oppdater on the same files (a copy of the upload, the job's input, the round's history)
    copy = tmp_path / "cli" / "redigert.docx"
    copy.parent.mkdir()
    copy.write_bytes(uploaded)
    assert main(["merge", str(jobs.folder(jobb) / "inn"), "--oppdater", str(copy), "-o", str(tmp_path / "cli" / DOCUMENT),
                 "--forrige", str(PREVIOUS), "-q"]) == 0
    capsys.readouterr()
    assert _body(updated) == _body((tmp_path / "cli" / DOCUMENT).read_bytes())
    assert status in text


def _body(data: bytes) -> str:
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    return re.search(r"<w:body>.*</w:body>", xml, re.S).group(0)


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def _plain_word() -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Et vanlig Word-dokument")
    document.save(buffer)
    return buffer.getvalue()


LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
          b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&lol2;</w:document>')
HOSTILE = {
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "ikke et Word-dokument"),
    "zip-bombe": (_zip({"word/document.xml": b"<w:document>" + b" " * (30 * 1024 * 1024) + b"</w:document>"}),
                  "zip-bombe"),
    "dtd": (_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": LAUGHS}), "DTD"),
    "arbeidsbok": ((INPUT / "heliks.xlsx").read_bytes(), "dokumentdelen"),
    "tom": (b"", "filen er tom"),
    "skadet": (b"PK\x03\x04" + b"\x00" * 200, "ødelagt"),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
@override_settings(PORTAL_JOB_THREAD=False)
def test_a_hostile_or_wrong_upload_fails_the_job_with_a_norwegian_message(runde, kind):
    staff, _ = staff_client()
    _upload_round(runde)
    data, words = HOSTILE[kind]
    name = f"redigert-{kind}.docx"
    jobb = _run(staff, "/runde/oppdater/", fil=SimpleUploadedFile(name, data))
    assert jobb.status == Jobb.Status.FEILET
    assert name in jobb.melding and words in jobb.melding, jobb.melding
    assert "Traceback" not in jobb.melding and str(jobs.folder(jobb)) not in jobb.melding
    assert jobs.attachments(jobb) == {}
    assert not (jobs.folder(jobb) / "ut" / DOCUMENT).exists()


@override_settings(PORTAL_JOB_THREAD=False)
def test_a_word_document_not_made_by_the_tool_fails_with_the_update_message(runde):
    staff, _ = staff_client()
    _upload_round(runde)
    jobb = _run(staff, "/runde/oppdater/", fil=SimpleUploadedFile("eget.docx", _plain_word()))
    assert jobb.status == Jobb.Status.FEILET and "eget.docx" in jobb.melding
    assert "ikke laget av innrapportering merge" in jobb.melding and str(jobs.folder(jobb)) not in jobb.melding


def test_the_page_asks_for_a_file_and_the_api_answers_with_a_job(runde):
    staff, token = staff_client()
    page = staff.get("/runde/oppdater/")
    assert page.status_code == 200 and 'name="fil"' in page.content.decode()
    missing = staff.post("/runde/oppdater/", {})
    assert missing.status_code == 422 and "Velg Vedlegg 2-dokumentet" in missing.content.decode()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    api = Client()
    assert api.post("/api/v1/runde/oppdater", {}, **auth).status_code == 422
    answer = api.post("/api/v1/runde/oppdater", {"fil": SimpleUploadedFile("v.docx", _plain_word())}, **auth)
    assert answer.status_code == 202
    body = answer.json()
    jobb = Jobb.objects.get(pk=body["jobb"])
    assert body == {"jobb": jobb.pk, "status": "venter", "adresse": f"/api/v1/jobber/{jobb.pk}"}
    assert jobb.slag == "oppdater" and jobb.redigert_navn == "v.docx"
    from pipeline.portal.models import Logghendelse

    row = Logghendelse.objects.filter(handling="fletting").first()
    assert (row.objekt, row.detaljer) == (f"jobb {jobb.pk}", "oppdater v.docx, bestilt (API)")
    assert api.post("/api/v1/runde/oppdater", {}, HTTP_AUTHORIZATION=f"Bearer {runde.actors['Helse Vest'].token}"
                    ).status_code == 403
    assert Client().post("/api/v1/runde/oppdater", {}).status_code == 401


@override_settings(PORTAL_MAX_UPLOAD=1000)
def test_a_too_large_document_is_refused_before_any_job(runde):
    staff, token = staff_client()
    before = Jobb.objects.count()
    response = staff.post("/runde/oppdater/", {"fil": SimpleUploadedFile("stor.docx", b"x" * 2000)})
    assert response.status_code == 413 and "for stor" in response.content.decode()
    assert Jobb.objects.count() == before


def test_the_side_file_is_found_under_the_name_the_update_gives_it(tmp_path):
    from pipeline.merge.update import SIDE_STEM
    from pipeline.portal import updating

    assert updating.SIDE_STEM == SIDE_STEM
    assert updating.side_file(tmp_path, DOCUMENT) is None
    (tmp_path / f"Vedlegg2{SIDE_STEM}.docx").write_bytes(b"1")
    (tmp_path / "Vedlegg2.docx").write_bytes(b"0")
    assert updating.side_file(tmp_path, DOCUMENT) == tmp_path / f"Vedlegg2{SIDE_STEM}.docx"


def test_without_a_round_the_page_says_so_and_nothing_is_ordered(fresh_series):
    staff, token = staff_client()
    page = staff.get("/runde/oppdater/").content.decode()
    assert "Det finnes ingen runde ennå" in page and 'name="fil"' not in page
    upload = {"fil": SimpleUploadedFile("v.docx", _plain_word())}
    refused = staff.post("/runde/oppdater/", upload)
    assert refused.status_code == 409 and "Det finnes ingen runde ennå." in refused.content.decode()
    answer = Client().post("/api/v1/runde/oppdater", {"fil": SimpleUploadedFile("v.docx", _plain_word())},
                           HTTP_AUTHORIZATION=f"Bearer {token}")
    assert answer.status_code == 409 and answer.json() == {"melding": "Det finnes ingen runde ennå."}
    assert Jobb.objects.count() == 0
