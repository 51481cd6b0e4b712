"""The actor's pages: the personal link, the list, uploads with findings, versions, changes, downloads."""

from __future__ import annotations

import pytest

import html
import io
from datetime import date, datetime

from django.test import Client, override_settings
from django.utils import timezone
from openpyxl import load_workbook

from pipeline import api
from pipeline.portal import services
from pipeline.portal.models import Aktor, Innsending
from tests.support.hardening import from_good, named_cell
from tests.support.portal import INPUT, log_in, upload


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _aktor(runde, name: str) -> Aktor:
    return Aktor.objects.get(runde=runde.runde, navn=name)


def test_opening_the_link_only_shows_a_confirm_page(client, runde):
    vest = runde.actors["Helse Vest"]
    page = client.get(vest.path)
    assert page.status_code == 200 and "Logg inn som Helse Vest" in _text(page)
    assert client.get("/tiltak/").status_code == 401  # a GET (an e-mail scanner) logs nobody in
    assert log_in(client, vest).status_code == 302
    listing = _text(client.get("/tiltak/"))
    assert "HELIKS" in listing and "Alle møter" in listing and "FRESK" not in listing
    assert "15.11.2021" in listing and "Mangler" in listing


def test_an_altered_expired_or_revoked_link_gets_a_clear_page(client, runde):
    vest = runde.actors["Helse Vest"]
    altered = client.get(vest.path[:-3] + "xx/")
    assert altered.status_code == 410 and "ikke gyldig" in _text(altered)
    assert "<h1>Lenken kan ikke brukes</h1>" in _text(altered)
    with override_settings(PORTAL_LINK_DAYS=-1):
        assert "utløpt" in _text(client.get(vest.path))
    log_in(client, vest)
    aktor = _aktor(runde, "Helse Vest")
    aktor.lenkegenerasjon += 1
    aktor.save()
    revoked = client.get(vest.path)
    assert revoked.status_code == 410 and "trukket tilbake" in _text(revoked)
    assert client.get("/tiltak/").status_code == 401  # the session given by the old link ends too


def _bad(tmp_path, name="heliks.xlsx"):
    def edit(wb):
        named_cell(wb, "Tiltak_Sluttdato").value = "31.13.2021"
    return from_good(tmp_path / name, "HELIKS", edit, source=INPUT / "heliks.xlsx")


def test_upload_shows_every_finding_validate_gives_with_sheet_and_cell(client, runde, tmp_path):
    log_in(client, runde.actors["Helse Vest"])
    path = _bad(tmp_path)
    heliks = runde.tiltak("HELIKS")
    page = upload(client, path, f"/tiltak/{heliks.pk}/last-opp/")
    text = _text(page)
    assert page.status_code == 200
    issues = api.check_workbooks([path], rapportdato=runde.runde.rapportdato).files[0].issues
    assert any(i.is_error for i in issues)
    for issue in issues:
        assert issue.message in text
        if issue.cell:
            assert f"{issue.sheet}!{issue.cell}" in text
    assert "Har feil" in text
    assert f"/innsending/{Innsending.objects.filter(tiltak=heliks).last().pk}/tilbakemelding/" in text


def test_feedback_copy_is_an_attachment_with_the_findings_marked(client, runde, tmp_path):
    log_in(client, runde.actors["Helse Vest"])
    upload(client, _bad(tmp_path))
    version = Innsending.objects.filter(tiltak=runde.tiltak("HELIKS")).last()
    response = client.get(f"/innsending/{version.pk}/tilbakemelding/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == "attachment; filename*=UTF-8''heliks-tilbakemelding.xlsx"
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "Tilbakemelding"
    cells = [str(c.value) for row in book["Tilbakemelding"].iter_rows() for c in row if c.value]
    assert any("31.13.2021" in c for c in cells)
    assert any(date.today().strftime("%d.%m.%Y") in c for c in cells)  # when it was checked


@pytest.mark.slow
def test_every_version_is_kept_and_the_page_says_what_changed(client, runde, tmp_path):
    log_in(client, runde.actors["Helse Vest"])
    heliks = runde.tiltak("HELIKS")
    upload(client, _bad(tmp_path, "forste.xlsx"))

    def new_status(wb):
        named_cell(wb, "Tiltak_Status").value = "Rød" if named_cell(wb, "Tiltak_Status").value != "Rød" else "Gul"
        wb["Leveranser"]["C5"].value = datetime(2030, 1, 31)
    fixed = from_good(tmp_path / "andre.xlsx", "HELIKS", new_status, source=INPUT / "heliks.xlsx")
    page = _text(upload(client, fixed, f"/tiltak/{heliks.pk}/last-opp/"))
    versions = list(services.versions(heliks))
    assert [v.filnavn for v in versions] == ["forste.xlsx", "andre.xlsx"]
    assert versions[1].resultat == "ok" and versions[0].resultat == "feil"
    assert services.stored_path(versions[0]).read_bytes() == (tmp_path / "forste.xlsx").read_bytes()
    assert versions[0].sha256 != versions[1].sha256
    assert "Klar" in page and "Ingen feil eller advarsler" in page
    since_version = page.split("Endret siden forrige versjon", 1)[1].split("Endret siden forrige runde", 1)[0]
    assert "Status endret" in since_version
    leveranse = load_workbook(INPUT / "heliks.xlsx")["Leveranser"]["A5"].value
    before = load_workbook(INPUT / "heliks.xlsx")["Leveranser"]["C5"].value.strftime("%d.%m.%Y")
    assert f"Leveransens sluttdato endret – {leveranse}: «{before}» → «31.01.2030»" in since_version
    for version, source in zip(versions, (tmp_path / "forste.xlsx", fixed)):
        assert client.get(f"/innsending/{version.pk}/fil/").content == source.read_bytes()
    listing = _text(client.get("/tiltak/"))
    row = listing.split(f'href="/tiltak/{heliks.pk}/">HELIKS</a>', 1)[1].split("</tr>", 1)[0]
    assert "Klar" in row and "<td>2</td>" in row
    assert timezone.localtime(versions[1].tidspunkt).strftime("%d.%m.%Y %H:%M") in row
    since_round = page.split("Endret siden forrige runde", 1)[1]
    assert "Status endret" in since_round  # the previous round's HELIKS had the example's status
    assert "forste.xlsx" in page and "andre.xlsx" in page


def test_a_workbook_for_another_tiltak_on_a_tiltak_page_is_refused(client, runde):
    log_in(client, runde.actors["Helse Vest"])
    page = upload(client, INPUT / "alle-moter.xlsx", f"/tiltak/{runde.tiltak('HELIKS').pk}/last-opp/")
    assert page.status_code == 422
    assert "Filen ble ikke tatt imot" in _text(page) and 'href="#fil"' in page.content.decode()
    assert "Innlogget som Helse Vest" in _text(page) and 'name="csrfmiddlewaretoken"' in _text(page)
    assert services.latest(runde.tiltak("HELIKS")) is None


def test_another_actors_workbook_is_refused_with_a_clear_message(client, runde):
    log_in(client, runde.actors["Helse Vest"])
    page = upload(client, INPUT / "fresk.xlsx")
    text = _text(page)
    assert page.status_code == 403 and "«FRESK» hører til Helse Nord" in text
    assert "Innlogget som Helse Vest" in text and "Dine tiltak – November 2021" in text and "Alle møter" in text
    assert "«fresk.xlsx» er tatt vare på" in text and 'name="csrfmiddlewaretoken"' in text


def test_another_actors_ids_on_every_url_are_not_found(client, runde):
    nord = Client()
    log_in(nord, runde.actors["Helse Nord"])
    upload(nord, INPUT / "fresk.xlsx")
    fresk = runde.tiltak("FRESK")
    version = services.latest(fresk)
    log_in(client, runde.actors["Helse Vest"])
    for url in (f"/tiltak/{fresk.pk}/", f"/tiltak/{fresk.pk}/forhandsutfylt/", f"/innsending/{version.pk}/fil/",
                f"/innsending/{version.pk}/tilbakemelding/", f"/tiltak/{runde.tiltak('HELIKS').pk}/?versjon={version.pk}"):
        assert client.get(url).status_code == 404, url
    assert upload(client, INPUT / "fresk.xlsx", f"/tiltak/{fresk.pk}/last-opp/").status_code == 404
    assert services.versions(fresk).count() == 1


def test_forms_need_the_csrf_token(runde):
    strict = Client(enforce_csrf_checks=True)
    vest = runde.actors["Helse Vest"]
    refused = strict.post(vest.path)
    assert refused.status_code == 403 and "sikkerhetskoden mangler" in _text(refused)
    page = strict.get(vest.path)
    token = page.cookies["csrftoken"].value
    assert strict.post(vest.path, {"csrfmiddlewaretoken": token}).status_code == 302
    assert upload(strict, INPUT / "heliks.xlsx").status_code == 403
    assert services.latest(runde.tiltak("HELIKS")) is None


def test_downloads_prefilled_and_template_are_attachments_that_validate_reads(client, runde, tmp_path):
    log_in(client, runde.actors["Helse Vest"])
    prefilled = client.get(f"/tiltak/{runde.tiltak('HELIKS').pk}/forhandsutfylt/")
    template = client.get("/mal/")
    for response in (prefilled, template):
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
    path = tmp_path / "heliks.xlsx"
    path.write_bytes(prefilled.content)
    result = api.check_workbooks([path]).files[0]
    assert result.tiltak.navn == "HELIKS"


def test_link_use_is_rate_limited(client, runde):
    with override_settings(PORTAL_LINK_RATE=(3, 60)):
        codes = [client.get(runde.actors["Helse Vest"].path).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_uploads_are_stored_under_generated_names_outside_the_served_folders(client, runde):
    from django.conf import settings

    log_in(client, runde.actors["Helse Vest"])
    upload(client, INPUT / "heliks.xlsx", name="../../static/portal/x.js")
    version = services.latest(runde.tiltak("HELIKS"))
    stored = services.stored_path(version)
    assert stored.parent == settings.UPLOAD_DIR and stored.name != version.filnavn
    assert version.filnavn == "x.js"
    assert settings.STATIC_ROOT not in stored.parents
    assert not (settings.STATIC_ROOT / "portal" / "x.js").exists()
    client.raise_request_exception = False
    assert client.get(f"/static/../filer/{stored.name}").status_code in (400, 404)


@pytest.mark.slow
def test_the_secretariats_verdict_shows_and_a_new_version_clears_it(client, runde):
    log_in(client, runde.actors["Helse Vest"])
    upload(client, INPUT / "heliks.xlsx")
    heliks = runde.tiltak("HELIKS")
    heliks.vurdering, heliks.kommentar = "sendt tilbake", "Oppdater leveransene."
    heliks.save()
    page = _text(client.get(f"/tiltak/{heliks.pk}/"))
    assert "Sendt tilbake" in page and "Oppdater leveransene." in page
    upload(client, INPUT / "heliks.xlsx")
    heliks.refresh_from_db()
    assert services.status(heliks) == "klar"


def test_error_pages_are_norwegian_and_json_under_the_api(client, runde):
    log_in(client, runde.actors["Helse Vest"])
    page = client.get("/tiltak/999999/")
    assert page.status_code == 404 and "Fant ikke siden" in _text(page) and 'lang="nb"' in _text(page)
    assert "Not Found" not in _text(client.get("/finnes-ikke/"))
    api = client.get("/api/v1/finnes-ikke")
    assert api.status_code == 404 and api.json()["melding"].startswith("Siden finnes ikke")


def test_a_clean_version_has_no_feedback_copy(client, runde):
    log_in(client, runde.actors["Helse Vest"])
    upload(client, INPUT / "heliks.xlsx")
    version = services.latest(runde.tiltak("HELIKS"))
    response = client.get(f"/innsending/{version.pk}/tilbakemelding/")
    assert response.status_code == 404 and "ingen funn å merke" in _text(response)


@pytest.mark.slow
def test_a_tiltak_new_this_round_has_nothing_to_compare_with(client, tmp_path):
    from tests.support.portal import SETTINGS, make_round

    runde = make_round(tmp_path, SETTINGS + '\n[[forventet]]\nnavn = "Nytt tiltak"\nsegment = "Koordinere"\n'
                                          'aktor = "Helse Vest"\n')
    log_in(client, runde.actors["Helse Vest"])
    path = from_good(tmp_path / "nytt.xlsx", "Nytt tiltak", source=INPUT / "heliks.xlsx")
    page = _text(upload(client, path))
    assert "Tiltaket var ikke med i forrige runde." in page
    assert "Ingen tidligere versjon å sammenligne med." in page
    no_prefill = client.get(f"/tiltak/{runde.tiltak('Nytt tiltak').pk}/forhandsutfylt/")
    assert no_prefill.status_code == 404 and "var ikke med i forrige runde" in _text(no_prefill)


def test_a_version_downloads_under_its_own_name_quoted(client, runde):
    log_in(client, runde.actors["Helse Vest"])
    upload(client, INPUT / "heliks.xlsx", name="heliks møter; v2.xlsx")
    version = services.latest(runde.tiltak("HELIKS"))
    response = client.get(f"/innsending/{version.pk}/fil/")
    assert response["Content-Disposition"] == "attachment; filename*=UTF-8''heliks%20m%C3%B8ter%3B%20v2.xlsx"
    assert response["Content-Type"] == "application/octet-stream"
    assert response.content == (INPUT / "heliks.xlsx").read_bytes()


def test_a_blocked_actors_link_is_refused(client, runde):
    Aktor.objects.filter(pk=_aktor(runde, "Helse Vest").pk).update(sperret=True)
    page = client.get(runde.actors["Helse Vest"].path)
    assert page.status_code == 410 and "Lenken er trukket tilbake." in _text(page)


def test_the_link_rate_limit_counts_per_client_address(runde):
    path = runde.actors["Helse Vest"].path
    with override_settings(PORTAL_LINK_RATE=(1, 60)):
        first = Client(REMOTE_ADDR="10.0.0.1")
        assert first.get(path).status_code == 200
        assert first.get(path).status_code == 429
        assert Client(REMOTE_ADDR="10.0.0.2").get(path).status_code == 200


@pytest.mark.slow
def test_an_invalid_typed_value_is_shown_as_typed_in_what_changed(client, runde, tmp_path):
    """«Endret siden forrige versjon» shows «31.13.2021» as typed, not as «(tomt)», both ways, and notices a
    change from one invalid text to another (or from blank) that the parsed value (empty) alone hides."""
    log_in(client, runde.actors["Helse Vest"])
    heliks = runde.tiltak("HELIKS")
    good = INPUT / "heliks.xlsx"
    valid = named_cell(load_workbook(good), "Tiltak_Sluttdato").value.strftime("%d.%m.%Y")
    upload(client, good, f"/tiltak/{heliks.pk}/last-opp/")

    def since_version(page: str) -> str:
        return page.split("Endret siden forrige versjon", 1)[1].split("Endret siden forrige runde", 1)[0]

    page = _text(upload(client, _bad(tmp_path, "ugyldig.xlsx"), f"/tiltak/{heliks.pk}/last-opp/"))
    assert f"Sluttdato endret: «{valid}» → «31.13.2021»" in since_version(page)
    assert "(tomt)" not in since_version(page)

    def other(wb):
        named_cell(wb, "Tiltak_Sluttdato").value = "32.12.2021"
    page = _text(upload(client, from_good(tmp_path / "annen.xlsx", "HELIKS", other, source=good),
                        f"/tiltak/{heliks.pk}/last-opp/"))
    assert "Sluttdato endret: «31.13.2021» → «32.12.2021»" in since_version(page)

    page = _text(upload(client, good, f"/tiltak/{heliks.pk}/last-opp/"))
    assert f"Sluttdato endret: «32.12.2021» → «{valid}»" in since_version(page)
