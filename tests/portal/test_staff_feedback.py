"""The secretariat's page for one submission offers each version's feedback copy (the marked workbook) for the
versions with findings; the download is logged, and an actor cannot use the address."""

from __future__ import annotations

import io

from django.test import Client
from openpyxl import load_workbook

from pipeline import api
from pipeline.portal.models import Logghendelse
from tests.portal.test_pages import _bad
from tests.support.portal import INPUT, log_in, upload
from tests.support.staff import staff_client


def _two_versions(runde, tmp_path):
    """HELIKS uploaded clean, then with an impossible end date: (clean version, version with findings, actor)."""
    vest = Client()
    log_in(vest, runde.actors["Helse Vest"])
    heliks = runde.tiltak("HELIKS")
    upload(vest, INPUT / "heliks.xlsx", f"/tiltak/{heliks.pk}/last-opp/")
    bad_path = _bad(tmp_path)
    upload(vest, bad_path, f"/tiltak/{heliks.pk}/last-opp/")
    clean, bad = heliks.versjoner.order_by("id")
    return clean, bad, vest, bad_path


def test_staff_downloads_the_marked_copy_of_a_version_with_findings_and_it_is_logged(runde, tmp_path):
    clean, bad, _, bad_path = _two_versions(runde, tmp_path)
    assert clean.resultat == "ok" and bad.resultat == "feil"
    staff, _ = staff_client()
    page = staff.get(f"/runde/tiltak/{runde.tiltak('HELIKS').pk}/").content.decode()
    assert f'href="/runde/innsending/{bad.pk}/tilbakemelding/"' in page
    assert f'href="/runde/innsending/{clean.pk}/tilbakemelding/"' not in page
    response = staff.get(f"/runde/innsending/{bad.pk}/tilbakemelding/")
    assert response.status_code == 200 and "tilbakemelding" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "Tilbakemelding"
    text = " ".join(str(c.value) for row in book["Tilbakemelding"].iter_rows() for c in row if c.value is not None)
    errors = [i for i in api.check_workbooks([bad_path]).files[0].issues if i.is_error]
    assert errors and all(i.cell in text for i in errors if i.cell)
    logged = Logghendelse.objects.filter(handling="nedlasting", objekt=f"tilbakemelding for versjon {bad.pk}")
    assert logged.count() == 1 and logged.get().hvem != "Helse Vest"


def test_a_version_without_findings_has_no_copy_and_says_so_in_norwegian(runde, tmp_path):
    clean, _, _, _ = _two_versions(runde, tmp_path)
    staff, _ = staff_client()
    response = staff.get(f"/runde/innsending/{clean.pk}/tilbakemelding/")
    assert response.status_code == 404 and "ingen funn å merke" in response.content.decode()


def test_an_actor_session_cannot_download_the_secretariats_copy(runde, tmp_path):
    _, bad, vest, _ = _two_versions(runde, tmp_path)
    response = vest.get(f"/runde/innsending/{bad.pk}/tilbakemelding/")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"].startswith("/runde/logg-inn/")
    assert not Logghendelse.objects.filter(objekt=f"tilbakemelding for versjon {bad.pk}").exists()
