"""The dashboard's filters (status, segment, aktør, «bare forsinket»): the page, the polled table and the API."""

from __future__ import annotations

import pytest

import html
import re

from django.test import Client

from tests.portal.test_pages import _bad
from tests.support.portal import INPUT, log_in, upload
from tests.support.staff import staff_client


def _names(response) -> set[str]:
    """The tiltak named in the status table's rows (the first table of the page or fragment)."""
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    table = text.split("</table>")[0]
    return set(re.findall(r'<th scope="row"><a href="/runde/tiltak/\d+/">([^<]+)</a></th>', table))


def _uploaded(runde, tmp_path):
    """HELIKS has errors, FRESK is ready, «Alle møter» is missing; the deadline (15.11.2021) has passed."""
    vest, nord = Client(), Client()
    log_in(vest, runde.actors["Helse Vest"])
    log_in(nord, runde.actors["Helse Nord"])
    upload(vest, _bad(tmp_path), f"/tiltak/{runde.tiltak('HELIKS').pk}/last-opp/")
    upload(nord, INPUT / "fresk.xlsx")
    return staff_client()


ALL = {"HELIKS", "Alle møter", "FRESK"}


@pytest.mark.slow
def test_without_filter_every_row_shows_and_the_form_is_labelled(runde, tmp_path):
    staff, _ = _uploaded(runde, tmp_path)
    page = staff.get("/runde/")
    assert _names(page) == ALL
    text = html.unescape(page.content.decode())
    for control in ("filter-status", "filter-segment", "filter-aktor", "filter-forsinket"):
        assert f'<label for="{control}">' in text and f'id="{control}"' in text
    assert '<form method="get" action="/runde/" id="runde-filter"' in text
    assert '<option value="Helse Nord">' in text and '<option value="Observere">' in text


@pytest.mark.slow
def test_status_filter_shows_only_those_rows(runde, tmp_path):
    staff, _ = _uploaded(runde, tmp_path)
    assert _names(staff.get("/runde/", {"status": "klar"})) == {"FRESK"}
    assert _names(staff.get("/runde/", {"status": "har feil"})) == {"HELIKS"}
    assert _names(staff.get("/runde/", {"status": "mangler"})) == {"Alle møter"}
    empty = staff.get("/runde/", {"status": "godkjent"})
    assert _names(empty) == set() and "Ingen tiltak passer til filteret." in html.unescape(empty.content.decode())


@pytest.mark.slow
def test_segment_and_aktor_filters(runde, tmp_path):
    staff, _ = _uploaded(runde, tmp_path)
    assert _names(staff.get("/runde/", {"segment": "Koordinere"})) == {"HELIKS", "Alle møter"}
    assert _names(staff.get("/runde/", {"segment": "Observere"})) == {"FRESK"}
    assert _names(staff.get("/runde/", {"aktor": "Helse Vest"})) == {"HELIKS", "Alle møter"}
    assert _names(staff.get("/runde/", {"aktor": "Helse Nord"})) == {"FRESK"}


@pytest.mark.slow
def test_only_late_and_a_combination(runde, tmp_path):
    staff, _ = _uploaded(runde, tmp_path)
    assert _names(staff.get("/runde/", {"forsinket": "1"})) == {"HELIKS", "Alle møter"}  # «klar» is not late
    assert _names(staff.get("/runde/", {"forsinket": "1", "status": "mangler"})) == {"Alle møter"}
    assert _names(staff.get("/runde/", {"aktor": "Helse Nord", "forsinket": "1"})) == set()
    assert _names(staff.get("/runde/", {"segment": "Koordinere", "status": "har feil", "aktor": "Helse Vest"})) == {"HELIKS"}


def test_the_form_keeps_the_choice_and_the_totals_stay_for_the_whole_round(runde, tmp_path):
    staff, _ = _uploaded(runde, tmp_path)
    text = html.unescape(staff.get("/runde/", {"status": "klar", "forsinket": "1"}).content.decode())
    assert '<option value="klar" selected>' in text and 'name="forsinket" type="checkbox" value="1" checked' in text
    assert "(filtrert: 0 av 3 tiltak)" in text and "i hele runden (uavhengig av filteret)" in text
    totals = re.search(r"<tfoot>(.*?)</tfoot>", text, re.S).group(1)
    assert re.findall(r"<td>(\d+)</td>", totals) == ["1", "1", "1", "0", "0"]


@pytest.mark.slow
def test_the_polled_table_carries_and_keeps_the_filter(runde, tmp_path):
    staff, _ = _uploaded(runde, tmp_path)
    page = html.unescape(staff.get("/runde/", {"aktor": "Helse Vest"}).content.decode())
    poll = re.search(r'<div id="runde-tabell"[^>]*>', page).group(0)
    assert 'hx-get="/runde/tabell/"' in poll and 'hx-include="#runde-filter"' in poll
    fragment = staff.get("/runde/tabell/", {"aktor": "Helse Vest", "status": "mangler"})
    assert "<html" not in fragment.content.decode() and _names(fragment) == {"Alle møter"}
    assert _names(staff.get("/runde/tabell/")) == ALL


@pytest.mark.slow
def test_unknown_values_are_ignored(runde, tmp_path):
    staff, _ = _uploaded(runde, tmp_path)
    for query in ({"status": "ukjent"}, {"segment": "Finnes ikke"}, {"aktor": "<script>"}, {"forsinket": "kanskje"},
                  {"status": ""}):
        assert _names(staff.get("/runde/", query)) == ALL
        assert _names(staff.get("/runde/tabell/", query)) == ALL
    assert _names(staff.get("/runde/", {"status": "ukjent", "segment": "Observere"})) == {"FRESK"}


def test_the_api_takes_the_same_filters(runde, tmp_path):
    _, token = _uploaded(runde, tmp_path)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    body = Client().get("/api/v1/runde", {"status": "klar"}, **auth).json()
    assert [t["tiltak"] for t in body["tiltak"]] == ["FRESK"] and body["totalt"]["har feil"] == 1
    body = Client().get("/api/v1/runde", {"forsinket": "1", "aktor": "Helse Vest"}, **auth).json()
    assert sorted(t["tiltak"] for t in body["tiltak"]) == ["Alle møter", "HELIKS"]
    assert len(Client().get("/api/v1/runde", {"status": "ukjent"}, **auth).json()["tiltak"]) == 3
