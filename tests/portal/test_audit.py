"""The audit log: one row per action with who, when, what, object and client address; filters, CSV, read only."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client, override_settings

from pipeline.portal.models import Logghendelse
from pipeline.portal.rounds import reissue
from tests.support.portal import INPUT, log_in, upload
from tests.support.staff import staff_client

ADDRESS = {"REMOTE_ADDR": "10.9.8.7"}


_start = {"id": 0}


@pytest.fixture(autouse=True)
def _only_this_tests_rows():
    """``_newest`` sees only rows written during the test (the database outlives a test)."""
    _start["id"] = Logghendelse.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _newest(action: str) -> Logghendelse:
    row = Logghendelse.objects.filter(handling=action, id__gt=_start["id"]).order_by("-id").first()
    assert row is not None, f"ingen rad «{action}» i denne testen"
    return row


@override_settings(PORTAL_JOB_THREAD=False)
def test_every_action_writes_one_row_with_who_what_and_address(runde):
    start = Logghendelse.objects.order_by("-id").values_list("id", flat=True).first() or 0
    assert Logghendelse.objects.filter(handling="lenke", objekt="Helse Nord", id__gt=start - 10).exists()
    vest = Client(**ADDRESS)
    log_in(vest, runde.actors["Helse Vest"])
    upload(vest, INPUT / "heliks.xlsx")
    version = runde.tiltak("HELIKS").versjoner.last()
    vest.get(f"/innsending/{version.pk}/fil/")
    staff, _ = staff_client()
    staff.defaults.update(ADDRESS)
    heliks = runde.tiltak("HELIKS")
    staff.post(f"/runde/tiltak/{heliks.pk}/send-tilbake/", {"kommentar": "Mangler risiko"})
    staff.post(f"/runde/tiltak/{heliks.pk}/godkjenn/")
    staff.post("/runde/vedlegg2/")
    reissue(runde.runde, "Helse Nord")
    rows = list(Logghendelse.objects.filter(id__gt=start).order_by("id"))
    assert [r.handling for r in rows] == ["innlogging", "opplasting", "nedlasting", "kommentar", "godkjenning",
                                          "fletting", "lenke"]
    assert rows[0].hvem == "Helse Vest" and rows[0].klientadresse == "10.9.8.7"
    assert rows[1].hvem == "Helse Vest (nettleser)" and f"versjon {version.pk}" in rows[1].objekt
    assert rows[1].klientadresse == "10.9.8.7"
    assert rows[3].hvem == f"{staff.username} (sekretariatet)" and rows[3].detaljer == "Mangler risiko"
    assert rows[3].objekt == "HELIKS (Helse Vest)" and rows[4].klientadresse == "10.9.8.7"
    assert rows[6].objekt == "Helse Nord" and rows[6].hvem == "kommandolinjen"
    assert all(r.tidspunkt is not None for r in rows)


def test_a_secretariat_login_and_an_api_upload_are_logged(runde):
    from pipeline.portal.staff import create_user

    create_user("logg-test", "Pass-ord-9", approver=False)
    Client(**ADDRESS).post("/runde/logg-inn/", {"username": "logg-test", "password": "Pass-ord-9"})
    login = _newest("innlogging")
    assert (login.hvem, login.objekt, login.klientadresse) == ("logg-test (sekretariatet)", "sekretariatet", "10.9.8.7")
    from tests.support.portal import api_upload
    api_upload(Client(REMOTE_ADDR="10.0.0.5"), runde.actors["Helse Nord"], INPUT / "fresk.xlsx")
    row = _newest("opplasting")
    assert row.hvem == "Helse Nord (API)" and row.klientadresse == "10.0.0.5" and "FRESK" in row.objekt


def test_the_log_page_filters_and_the_csv_has_the_same_rows(runde):
    vest = Client()
    log_in(vest, runde.actors["Helse Vest"])
    upload(vest, INPUT / "heliks.xlsx")
    staff, token = staff_client()
    page = staff.get("/runde/logg/", {"handling": "opplasting", "hvem": "helse vest"}).content.decode()
    shown = re.findall(r'<tr><th scope="row">[^<]*</th><td>([^<]*)</td><td>([^<]*)</td>', page)
    assert ("Helse Vest (nettleser)", "opplasting") in shown
    assert all("helse vest" in who.lower() and action == "opplasting" for who, action in shown)
    assert '<label for="handling">' in page and 'scope="col"' in page
    response = Client().get("/api/v1/logg.csv", {"handling": "opplasting"}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows and {r["handling"] for r in rows} == {"opplasting"}
    assert Logghendelse.objects.filter(handling="opplasting").count() == len(rows)
    assert rows[0]["hvem"] == _newest("opplasting").hvem and rows[0]["tidspunkt"][2] == "."
    nothing = Client().get("/api/v1/logg.csv", {"fra": "2999-01-01"}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert nothing.content.decode("utf-8-sig").count("\n") == 1  # the header only


def test_rows_cannot_be_changed_or_deleted(tmp_path):
    from tests.support.portal import make_round

    make_round(tmp_path)
    row = _newest("lenke")
    row.detaljer = "endret"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()
    assert Logghendelse.objects.get(pk=row.pk).detaljer != "endret"
    admin = User.objects.filter(username="logg-admin").first() or User.objects.create_superuser("logg-admin", "", "Pass-ord-9")
    client = Client()
    client.force_login(admin)
    assert client.post(f"/sekretariat/portal/logghendelse/{row.pk}/change/", {"detaljer": "x"}).status_code == 403
    assert client.post(f"/sekretariat/portal/logghendelse/{row.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Logghendelse.objects.filter(pk=row.pk).exclude(detaljer="x").exists()


def test_the_actors_template_and_prefilled_downloads_are_logged(runde):
    vest = Client(**ADDRESS)
    log_in(vest, runde.actors["Helse Vest"])
    vest.get("/mal/")
    assert (_newest("nedlasting").objekt, _newest("nedlasting").hvem) == ("tom mal", "Helse Vest")
    vest.get(f"/tiltak/{runde.tiltak('HELIKS').pk}/forhandsutfylt/")
    row = _newest("nedlasting")
    assert row.objekt == "forhåndsutfylt arbeidsbok for HELIKS" and row.klientadresse == "10.9.8.7"


def test_the_csv_has_every_column_and_the_date_filters_bound_both_ends(runde):
    from django.utils import timezone

    Client(**ADDRESS).get(runde.actors["Helse Nord"].path)
    log_in(Client(**ADDRESS), runde.actors["Helse Nord"])
    _, token = staff_client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    today = timezone.localdate().isoformat()
    text = Client().get("/api/v1/logg.csv", {"handling": "innlogging", "fra": today, "til": today}, **auth)
    rows = list(csv.reader(io.StringIO(text.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["tidspunkt", "hvem", "handling", "objekt", "detaljer", "klientadresse"]
    newest = _newest("innlogging")
    assert rows[1][1:] == [newest.hvem, "innlogging", newest.objekt, newest.detaljer, "10.9.8.7"]
    for params in ({"til": "2000-01-01"}, {"fra": "2999-01-01"}):
        empty = Client().get("/api/v1/logg.csv", params, **auth).content.decode("utf-8-sig")
        assert empty.strip().count("\n") == 0, params
    assert len(list(audit_filtered({"til": "ikke en dato"}))) == len(list(audit_filtered({})))


def audit_filtered(params):
    from pipeline.portal.audit import filtered

    return filtered(params)
