"""The HTTP API: the same JSON as ``validate --json``, plus ``versjon`` and ``status``; refusals in Norwegian."""

from __future__ import annotations

import json

from django.test import override_settings

from pipeline.portal import services
from pipeline.portal.models import Innsending
from tests.support.hardening import from_good, named_cell
from tests.support.portal import INPUT, api_upload, validate_json


def _without_source(report: dict) -> dict:
    return {k: v for k, v in report.items() if k not in ("rapportdato_kilde", "versjon", "status", "tiltak_id")}


def test_upload_answers_exactly_what_validate_json_says_for_the_file(client, runde, tmp_path):
    def bad_date(wb):
        named_cell(wb, "Tiltak_Sluttdato").value = "31.13.2021"
    path = from_good(tmp_path / "heliks.xlsx", "HELIKS", bad_date, source=INPUT / "heliks.xlsx")
    response, body = api_upload(client, runde.actors["Helse Vest"], path)
    assert response.status_code == 201
    expected = validate_json(path, runde.settings)
    assert _without_source(body) == _without_source(expected)
    assert body["filer"][0]["feil"] >= 1
    assert body["status"] == "har feil"
    stored = Innsending.objects.get(pk=body["versjon"])
    assert stored.tiltak.navn == "HELIKS"
    assert services.stored_path(stored).read_bytes() == path.read_bytes()


def test_clean_upload_is_klar_and_listed_with_its_latest_version(client, runde):
    vest = runde.actors["Helse Vest"]
    _, first = api_upload(client, vest, INPUT / "heliks.xlsx")
    assert first["status"] == "klar" and first["oppsummering"]["med_feil"] == 0
    listing = json.loads(client.get("/api/v1/tiltak", **vest.auth).content)
    rows = {row["navn"]: row for row in listing["tiltak"]}
    assert set(rows) == {"HELIKS", "Alle møter"}  # only the token's own tiltak
    assert rows["HELIKS"]["status"] == "klar"
    latest = rows["HELIKS"]["siste_versjon"]
    stored = Innsending.objects.get(pk=first["versjon"])
    assert latest == {"versjon": stored.pk, "fil": "heliks.xlsx", "sha256": stored.sha256,
                      "tidspunkt": stored.tidspunkt.isoformat(), "resultat": "ok"}
    assert rows["HELIKS"]["segment"] == "Koordinere" and rows["HELIKS"]["id"] == runde.tiltak("HELIKS").pk
    assert listing["aktor"] == "Helse Vest" and listing["periode"] == "November 2021"
    assert rows["Alle møter"]["status"] == "mangler" and rows["Alle møter"]["siste_versjon"] is None
    assert listing["frist"] == "15.11.2021"


def test_no_token_or_a_wrong_token_is_401_in_norwegian(client, runde):
    for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer feil"}, {"HTTP_AUTHORIZATION": runde.actors["Helse Vest"].token}):
        for response in (client.get("/api/v1/tiltak", **headers),
                         client.post("/api/v1/innsendinger", {}, **headers)):
            assert response.status_code == 401
            assert "API-nøkkel" in json.loads(response.content)["melding"]


def test_another_actors_tiltak_is_403_and_the_file_is_kept(client, runde):
    response, body = api_upload(client, runde.actors["Helse Vest"], INPUT / "fresk.xlsx")
    assert response.status_code == 403
    assert body["melding"].startswith("«FRESK» hører til Helse Nord")
    kept = Innsending.objects.get(pk=body["innsending"])
    assert kept.avvist and kept.tiltak is None
    assert services.stored_path(kept).read_bytes() == (INPUT / "fresk.xlsx").read_bytes()
    assert services.latest(runde.tiltak("FRESK")) is None


def test_a_tiltak_already_submitted_by_its_actor_is_refused_as_a_duplicate(client, runde):
    api_upload(client, runde.actors["Helse Nord"], INPUT / "fresk.xlsx")
    response, body = api_upload(client, runde.actors["Helse Vest"], INPUT / "fresk.xlsx")
    assert response.status_code == 403
    assert "allerede sendt inn av Helse Nord" in body["melding"]
    assert services.versions(runde.tiltak("FRESK")).count() == 1


def test_a_tiltak_not_in_the_round_is_422(client, runde):
    response, body = api_upload(client, runde.actors["Helse Vest"], INPUT / "safest.xlsx")
    assert response.status_code == 422
    assert "ikke står på listen over tiltak" in body["melding"]


def test_too_large_message_names_the_limit():
    from pipeline.portal.access import too_large_message

    with override_settings(PORTAL_MAX_UPLOAD=3 * 1024 * 1024):
        assert too_large_message() == "Filen er for stor. Største tillatte størrelse er 3 MB."


def test_too_large_is_413(client, runde):
    with override_settings(PORTAL_MAX_UPLOAD=1000):
        response, body = api_upload(client, runde.actors["Helse Vest"], INPUT / "heliks.xlsx")
    assert response.status_code == 413
    assert "for stor" in body["melding"]
    assert not Innsending.objects.filter(aktor__runde=runde.runde).exists()


def test_a_request_over_the_limit_is_refused_before_it_is_read(client, runde):
    with override_settings(PORTAL_MAX_REQUEST=2000):
        response, body = api_upload(client, runde.actors["Helse Vest"], INPUT / "heliks.xlsx")
    assert response.status_code == 413 and "for stor" in body["melding"]


def test_a_renamed_text_file_is_422_and_kept(client, runde, tmp_path):
    path = tmp_path / "rapport.xlsx"
    path.write_text("Dette er ikke en arbeidsbok\n", encoding="utf-8")
    response, body = api_upload(client, runde.actors["Helse Vest"], path)
    assert response.status_code == 422
    assert body["melding"].startswith("Filen er ikke en arbeidsbok som kan leses")
    assert body["filer"][0]["funn"][0]["kode"] == validate_json(path, runde.settings)["filer"][0]["funn"][0]["kode"]
    assert services.stored_path(Innsending.objects.get(pk=body["innsending"])).read_bytes() == path.read_bytes()


def test_upload_to_a_named_tiltak_of_another_actor_is_403(client, runde):
    fresk = runde.tiltak("FRESK")
    response, body = api_upload(client, runde.actors["Helse Vest"], INPUT / "heliks.xlsx", tiltak=str(fresk.pk))
    assert response.status_code == 403 and "finnes ikke blant dine tiltak" in body["melding"]


def test_missing_file_field_is_422(client, runde):
    response = client.post("/api/v1/innsendinger", {}, **runde.actors["Helse Vest"].auth)
    assert response.status_code == 422 and "«fil»" in json.loads(response.content)["melding"]


def test_upload_rate_limit_is_429(client, runde):
    vest = runde.actors["Helse Vest"]
    with override_settings(PORTAL_UPLOAD_RATE=(2, 60)):
        codes = [api_upload(client, vest, INPUT / "heliks.xlsx")[0].status_code for _ in range(3)]
    assert codes == [201, 201, 429]


def test_revoked_actor_token_is_401(client, runde):
    from pipeline.portal.access import hash_token
    from pipeline.portal.models import Aktor

    vest = runde.actors["Helse Vest"]
    Aktor.objects.filter(token_hash=hash_token(vest.token)).update(sperret=True)
    assert client.get("/api/v1/tiltak", **vest.auth).status_code == 401

