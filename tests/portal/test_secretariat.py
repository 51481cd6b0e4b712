"""The secretariat's pages: login, the round's dashboard, send back with a comment, approve, permissions, CSRF."""

from __future__ import annotations

import pytest

import html
import re
from datetime import date

from django.contrib.auth.models import User
from django.test import Client

from pipeline.cli.main import main
from pipeline.portal import dashboard, verdicts
from pipeline.portal.models import ForventetTiltak
from tests.portal.conftest import DATA
from tests.portal.test_pages import _bad
from tests.support.portal import INPUT, log_in, upload
from tests.support.staff import staff_client


def _text(response) -> str:
    return html.unescape(response.content.decode())


def test_bruker_prints_a_token_that_opens_the_round_api_and_the_password_logs_in(runde, capsys):
    assert main(["portal", "bruker", "--data", str(DATA), "--sekretariat", "kari-test", "--passord", "Pass-ord-9"]) == 0
    out, err = capsys.readouterr()
    token = out.strip()
    assert len(token) >= 40 and "kari-test" in err and "sekretariat" in err
    response = Client().get("/api/v1/runde", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200 and response.json()["periode"] == "November 2021"
    page = Client().post("/runde/logg-inn/", {"username": "kari-test", "password": "Pass-ord-9"})
    assert page.status_code == 302 and page["Location"] == "/runde/"
    user = User.objects.get(username="kari-test")
    assert user.groups.filter(name="sekretariat").exists() and not user.has_perm("portal.godkjenne")


def test_bruker_again_replaces_the_token(runde, capsys):
    main(["portal", "bruker", "--data", str(DATA), "--sekretariat", "ola-test"])
    first = capsys.readouterr().out.strip()
    main(["portal", "bruker", "--data", str(DATA), "--sekretariat", "ola-test", "--godkjenner"])
    second = capsys.readouterr().out.strip()
    assert Client().get("/api/v1/runde", HTTP_AUTHORIZATION=f"Bearer {first}").status_code == 401
    assert Client().get("/api/v1/runde", HTTP_AUTHORIZATION=f"Bearer {second}").status_code == 200
    assert User.objects.get(username="ola-test").has_perm("portal.godkjenne")


def test_blank_name_is_exit_2(runde, capsys):
    assert main(["portal", "bruker", "--data", str(DATA), "--sekretariat", "  "]) == 2
    assert "brukernavn" in capsys.readouterr().err


def test_the_dashboard_needs_a_secretariat_login(runde):
    anonymous = Client()
    assert anonymous.get("/runde/")["Location"].startswith("/runde/logg-inn/")
    wrong = anonymous.post("/runde/logg-inn/", {"username": "ingen", "password": "feil"})
    assert wrong.status_code == 200 and "Feil brukernavn eller passord" in _text(wrong)
    User.objects.filter(username="vanlig").delete()
    User.objects.create_user("vanlig", password="Pass-ord-9")
    outsider = Client()
    outsider.login(username="vanlig", password="Pass-ord-9")
    assert outsider.get("/runde/").status_code == 403
    actor = Client()
    log_in(actor, runde.actors["Helse Vest"])
    assert actor.get("/runde/").status_code == 302  # an actor's session is no secretariat login


@pytest.mark.slow
def test_dashboard_shows_status_counts_last_upload_deadline_and_totals(runde, tmp_path):
    vest, nord = Client(), Client()
    log_in(vest, runde.actors["Helse Vest"])
    log_in(nord, runde.actors["Helse Nord"])
    upload(vest, _bad(tmp_path), f"/tiltak/{runde.tiltak('HELIKS').pk}/last-opp/")
    upload(nord, INPUT / "fresk.xlsx")
    staff, _ = staff_client()
    page = _text(staff.get("/runde/"))
    rows = {r.tiltak.navn: r for r in dashboard.rows(runde.runde)}
    assert [rows[n].status for n in ("HELIKS", "Alle møter", "FRESK")] == ["har feil", "mangler", "klar"]
    assert rows["HELIKS"].feil >= 1 and rows["FRESK"].feil == 0
    for name in ("HELIKS", "Alle møter", "FRESK"):
        assert f">{name}</a></th>" in page
    assert "Helse Vest (nettleser)" in page and f"versjon {rows['FRESK'].siste.pk}" in page
    assert "15.11.2021" in page and 'scope="col"' in page and 'scope="row"' in page
    assert 'hx-get="/runde/tabell/"' in page and 'hx-trigger="every 15s"' in page
    assert dashboard.totals(list(rows.values())) == {"mangler": 1, "har feil": 1, "klar": 1, "sendt tilbake": 0,
                                                     "godkjent": 0}
    assert dict(dashboard.segment_totals(list(rows.values())))["Koordinere"]["har feil"] == 1
    assert "Forsinket" in page  # the round's deadline (15.11.2021) has passed
    assert not any(r.forsinket for r in dashboard.rows(runde.runde, today=date(2021, 11, 15)))
    late = {r.tiltak.navn for r in dashboard.rows(runde.runde, today=date(2021, 11, 16)) if r.forsinket}
    assert late == {"HELIKS", "Alle møter"}  # «klar» is not late
    partial = staff.get("/runde/tabell/")
    assert partial.status_code == 200 and "<html" not in _text(partial) and ">FRESK</a>" in _text(partial)


@pytest.mark.slow
def test_send_back_shows_the_comment_to_the_actor_until_the_next_upload(runde):
    vest = Client()
    log_in(vest, runde.actors["Helse Vest"])
    heliks = runde.tiltak("HELIKS")
    upload(vest, INPUT / "heliks.xlsx")
    staff, _ = staff_client(approver=False)
    response = staff.post(f"/runde/tiltak/{heliks.pk}/send-tilbake/", {"kommentar": "Fyll inn risiko for Q4."})
    assert response.status_code == 302
    page = _text(vest.get(f"/tiltak/{heliks.pk}/"))
    assert "Fyll inn risiko for Q4." in page and "Sendt tilbake" in page
    assert staff.post(f"/runde/tiltak/{heliks.pk}/send-tilbake/", {"kommentar": " "}).status_code == 400
    upload(vest, INPUT / "heliks.xlsx")
    page = _text(vest.get(f"/tiltak/{heliks.pk}/"))
    assert "Fyll inn risiko" not in page and "Sendt tilbake" not in page


@pytest.mark.slow
def test_approve_locks_the_version_and_a_new_upload_unlocks_it(runde, tmp_path):
    vest = Client()
    log_in(vest, runde.actors["Helse Vest"])
    heliks = runde.tiltak("HELIKS")
    upload(vest, INPUT / "heliks.xlsx")
    first = heliks.versjoner.last()
    staff, _ = staff_client()
    assert staff.post(f"/runde/tiltak/{heliks.pk}/godkjenn/").status_code == 302
    heliks.refresh_from_db()
    assert heliks.vurdering == "godkjent" and heliks.godkjent_versjon == first
    assert verdicts.chosen_version(heliks) == first
    assert not next(r for r in dashboard.rows(runde.runde) if r.tiltak.pk == heliks.pk).ny_etter_godkjenning
    assert "Ny versjon" not in _text(staff.get("/runde/tabell/"))
    assert "Godkjent" in _text(vest.get(f"/tiltak/{heliks.pk}/"))
    upload(vest, _bad(tmp_path))  # a newer version, with errors
    heliks.refresh_from_db()
    row = next(r for r in dashboard.rows(runde.runde) if r.tiltak.pk == heliks.pk)
    assert heliks.vurdering == "" and row.status == "har feil" and row.ny_etter_godkjenning
    assert row.siste != first
    assert "Ny versjon" in _text(staff.get("/runde/tabell/"))
    assert verdicts.chosen_version(heliks) == first  # not approved any more: the latest one without errors


def test_a_user_without_the_approve_permission_gets_403(runde):
    vest = Client()
    log_in(vest, runde.actors["Helse Vest"])
    upload(vest, INPUT / "heliks.xlsx")
    heliks = runde.tiltak("HELIKS")
    staff, _ = staff_client(approver=False)
    assert "Godkjenn versjon" not in _text(staff.get(f"/runde/tiltak/{heliks.pk}/"))
    assert staff.post(f"/runde/tiltak/{heliks.pk}/godkjenn/").status_code == 403
    assert ForventetTiltak.objects.get(pk=heliks.pk).vurdering == ""


def test_every_secretariat_form_needs_the_csrf_token(runde):
    vest = Client()
    log_in(vest, runde.actors["Helse Vest"])
    upload(vest, INPUT / "heliks.xlsx")
    staff, _ = staff_client()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(User.objects.get(username=staff.username))
    heliks = runde.tiltak("HELIKS")
    for url, data in ((f"/runde/tiltak/{heliks.pk}/send-tilbake/", {"kommentar": "x"}),
                      (f"/runde/tiltak/{heliks.pk}/godkjenn/", {}), ("/runde/vedlegg2/", {}), ("/runde/logg-ut/", {})):
        assert strict.post(url, data).status_code == 403, url
    assert Client(enforce_csrf_checks=True).post("/runde/logg-inn/", {"username": "x", "password": "y"}).status_code == 403
    page = _text(staff.get(f"/runde/tiltak/{heliks.pk}/"))
    assert page.count("csrfmiddlewaretoken") >= 3  # log out, send back, approve


@pytest.mark.slow
def test_after_a_new_clean_upload_the_job_takes_the_new_version_not_the_once_approved(runde):
    vest = Client()
    log_in(vest, runde.actors["Helse Vest"])
    heliks = runde.tiltak("HELIKS")
    upload(vest, INPUT / "heliks.xlsx")
    staff, _ = staff_client()
    staff.post(f"/runde/tiltak/{heliks.pk}/godkjenn/")
    upload(vest, INPUT / "heliks.xlsx", name="heliks-v2.xlsx")
    heliks.refresh_from_db()
    assert verdicts.chosen_version(heliks).filnavn == "heliks-v2.xlsx"


@pytest.mark.slow
def test_the_answer_to_the_upload_itself_no_longer_shows_the_sent_back_status_or_comment(runde):
    """Found by the browser walk: the page answering the new upload showed «Sendt tilbake» and the old comment
    (the tiltak was read before the upload cleared them) until the actor reloaded."""
    vest = Client()
    log_in(vest, runde.actors["Helse Vest"])
    heliks = runde.tiltak("HELIKS")
    upload(vest, INPUT / "heliks.xlsx")
    staff, _ = staff_client()
    staff.post(f"/runde/tiltak/{heliks.pk}/send-tilbake/", {"kommentar": "Fyll inn risiko for Q4."})
    answer = _text(upload(vest, INPUT / "heliks.xlsx", f"/tiltak/{heliks.pk}/last-opp/"))
    assert "Fyll inn risiko" not in answer and "Sendt tilbake" not in answer
    assert re.search(r"<span class=\"status status-klar\" id=\"status\">Klar</span>", answer)
    staff.post(f"/runde/tiltak/{heliks.pk}/godkjenn/")
    answer = _text(upload(vest, INPUT / "heliks.xlsx", f"/tiltak/{heliks.pk}/last-opp/"))
    assert "Godkjent" not in answer.split("Alle versjoner", 1)[0]
