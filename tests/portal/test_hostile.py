"""Hostile and broken files through the API and the page: the reader's guards answer in Norwegian, the file is
kept for the secretariat, and nothing is a 500."""

from __future__ import annotations

import html
import shutil

import pytest
from django.test import Client

from pipeline.portal import services
from pipeline.portal.models import Innsending
from tests.support.hardening import laughs_in_sheet, zip_bomb
from tests.support.portal import INPUT, api_upload, log_in, upload, validate_json
from tests.support.reader import compound_file, rewrite_zip


def _copy(tmp_path, name="heliks.xlsx"):
    path = tmp_path / name
    shutil.copy(INPUT / "heliks.xlsx", path)
    return path


def _zip_bomb(tmp_path):
    path = _copy(tmp_path)
    zip_bomb(path, 300)
    return path


def _xml_bomb(tmp_path):
    path = _copy(tmp_path)
    laughs_in_sheet(path)
    return path


def _encrypted(tmp_path):
    path = tmp_path / "hemmelig.xlsx"
    path.write_bytes(compound_file(["EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"]))
    return path


def _pdf(tmp_path):
    path = tmp_path / "rapport.xlsx"
    path.write_bytes(b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    return path


HOSTILE = {"zip-bombe": _zip_bomb, "xml-bombe": _xml_bomb, "kryptert": _encrypted, "pdf-omdopt": _pdf}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_file_through_the_api(kind, runde, tmp_path):
    client = Client(raise_request_exception=False)
    path = HOSTILE[kind](tmp_path)
    response, body = api_upload(client, runde.actors["Helse Vest"], path)
    assert response.status_code == 422, body
    expected = validate_json(path, runde.settings)["filer"][0]["funn"]
    assert [f["kode"] for f in body["filer"][0]["funn"]] == [f["kode"] for f in expected]
    assert expected[0]["melding"] in body["melding"]
    kept = Innsending.objects.get(pk=body["innsending"])
    assert kept.avvist and services.stored_path(kept).read_bytes() == path.read_bytes()


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_file_on_the_page(kind, runde, tmp_path):
    client = Client(raise_request_exception=False)
    log_in(client, runde.actors["Helse Vest"])
    path = HOSTILE[kind](tmp_path)
    heliks = runde.tiltak("HELIKS")
    page = upload(client, path, f"/tiltak/{heliks.pk}/last-opp/")
    text = html.unescape(page.content.decode())
    assert page.status_code == 422
    assert "Filen ble ikke tatt imot" in text and "er tatt vare på" in text
    message = validate_json(path, runde.settings)["filer"][0]["funn"][0]["melding"]
    assert message in text
    assert Innsending.objects.filter(tiltak=heliks).exclude(avvist="").count() == 1
    assert services.latest(heliks) is None


def test_a_macro_enabled_workbook_is_taken_with_the_readers_warning(runde, tmp_path):
    path = _copy(tmp_path)
    rewrite_zip(path, {
        "xl/vbaProject.bin": b"\xd0\xcf\x11\xe0fake vba",
        "[Content_Types].xml": lambda xml: xml.replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"),
    })
    response, body = api_upload(Client(), runde.actors["Helse Vest"], path)
    assert response.status_code == 201
    codes = [f["kode"] for f in body["filer"][0]["funn"]]
    assert codes == [f["kode"] for f in validate_json(path, runde.settings)["filer"][0]["funn"]]
    assert any("makro" in f["melding"].lower() for f in body["filer"][0]["funn"])
