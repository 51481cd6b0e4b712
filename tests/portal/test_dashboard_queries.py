"""The dashboard's database work does not grow with the number of tiltak (speed is measured in bench/portal.py)."""

from __future__ import annotations

import pytest

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pipeline.portal import dashboard
from tests.support.portal import INPUT, SETTINGS, api_upload, make_round
from tests.support.staff import staff_client

MORE = SETTINGS + "".join(f"""
[[forventet]]
navn = "Ekstra {i}"
segment = "Observere"
aktor = "{actor}"
""" for i, actor in enumerate(["Helse Nord", "Helse Vest", "Helse Sør-Øst"] * 4))


def _queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured.captured_queries)


def _round(tmp_path, settings: str):
    folder = tmp_path / str(len(settings))
    folder.mkdir()
    runde = make_round(folder, settings)
    client = Client()
    for actor, name in (("Helse Vest", "heliks.xlsx"), ("Helse Vest", "heliks.xlsx"), ("Helse Nord", "fresk.xlsx")):
        assert api_upload(client, runde.actors[actor], INPUT / name)[0].status_code == 201
    return runde


@pytest.mark.slow
def test_the_rows_and_the_pages_take_as_many_queries_for_15_tiltak_as_for_3(tmp_path):
    staff, token = staff_client()
    small = _round(tmp_path, SETTINGS)
    small_rows = _queries(lambda: dashboard.rows(small.runde))
    small_page = _queries(lambda: staff.get("/runde/"))
    small_api = _queries(lambda: staff.get("/api/v1/runde", HTTP_AUTHORIZATION=f"Bearer {token}"))
    assert small.runde.tiltak.count() == 3
    small.runde.delete()  # one round at a time: the page also lists the earlier rounds in the history
    large = _round(tmp_path, MORE)
    assert large.runde.tiltak.count() == 15
    table = dashboard.rows(large.runde)
    assert [r.status for r in table if r.tiltak.navn in ("HELIKS", "FRESK", "Alle møter")] == ["klar", "mangler", "klar"]
    heliks = next(r for r in table if r.tiltak.navn == "HELIKS")
    assert heliks.siste == large.tiltak("HELIKS").versjoner.order_by("-id").first()
    assert _queries(lambda: dashboard.rows(large.runde)) == small_rows <= 3
    assert _queries(lambda: staff.get("/runde/")) == small_page
    assert _queries(lambda: staff.get("/api/v1/runde", HTTP_AUTHORIZATION=f"Bearer {token}")) == small_api
