"""One verdict service (dashboard and Django's admin) and one version choice («Lag Vedlegg 2» and ``portal eksport``)."""

from __future__ import annotations

import json
import uuid

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client, override_settings

from pipeline.cli.main import main
from pipeline.portal import jobs, verdicts
from pipeline.portal.models import ForventetTiltak, Jobb, Logghendelse
from tests.portal.conftest import DATA
from tests.portal.test_pages import _bad
from tests.support.portal import INPUT, log_in, upload

ADDRESS = {"REMOTE_ADDR": "10.1.2.3"}


def _admin(*, superuser: bool = True, approver: bool = False) -> tuple[Client, str]:
    name = f"admin-{uuid.uuid4().hex[:8]}"
    if superuser:
        User.objects.create_superuser(name, password="Pass-ord-9")
    else:
        user = User.objects.create_user(name, password="Pass-ord-9", is_staff=True)
        user.user_permissions.add(Permission.objects.get(codename="change_forventettiltak"),
                                  Permission.objects.get(codename="view_forventettiltak"))
        if approver:
            user.user_permissions.add(Permission.objects.get(codename="godkjenne"))
    client = Client(**ADDRESS)
    assert client.login(username=name, password="Pass-ord-9")
    return client, name


def _change_form(tiltak: ForventetTiltak, **changes) -> dict:
    data = {"runde": tiltak.runde_id, "aktor": tiltak.aktor_id, "navn": tiltak.navn, "nokkel": tiltak.nokkel,
            "segment": tiltak.segment, "vurdering": tiltak.vurdering, "kommentar": tiltak.kommentar, "_save": "Lagre"}
    return {**data, **changes}


def _changelist_form(runde, verdict_by_name: dict[str, str]) -> dict:
    rows = list(runde.tiltak.order_by("navn"))
    data = {"form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": str(len(rows)), "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000", "_save": "Lagre"}
    for i, t in enumerate(rows):
        data[f"form-{i}-id"] = str(t.pk)
        data[f"form-{i}-vurdering"] = verdict_by_name.get(t.navn, t.vurdering)
    return data


def _two_versions(runde, tmp_path):
    """HELIKS with a clean version and then a newer one with errors; returns (clean, newest)."""
    vest = Client()
    log_in(vest, runde.actors["Helse Vest"])
    upload(vest, INPUT / "heliks.xlsx")
    upload(vest, _bad(tmp_path), f"/tiltak/{runde.tiltak('HELIKS').pk}/last-opp/")
    versions = list(runde.tiltak("HELIKS").versjoner.order_by("id"))
    assert [v.resultat for v in versions][-1] == "feil" and versions[0].resultat != "feil"
    return versions[0], versions[-1]


def test_approving_in_the_admin_change_form_locks_the_latest_version_with_an_audit_row(runde, tmp_path):
    _, newest = _two_versions(runde, tmp_path)
    admin, name = _admin()
    heliks = runde.tiltak("HELIKS")
    start = Logghendelse.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = admin.post(f"/sekretariat/portal/forventettiltak/{heliks.pk}/change/",
                          _change_form(heliks, vurdering="godkjent"))
    assert response.status_code == 302, response.content.decode()[:2000]
    heliks.refresh_from_db()
    assert heliks.vurdering == "godkjent" and heliks.godkjent_versjon_id == newest.pk
    row = Logghendelse.objects.get(id__gt=start, handling="godkjenning")
    assert row.hvem == f"{name} (sekretariatet)" and row.klientadresse == "10.1.2.3"
    assert row.objekt == "HELIKS (Helse Vest)" and f"versjon {newest.pk}" in row.detaljer


def test_approving_in_the_admin_list_locks_the_latest_version(runde):
    vest = Client()
    log_in(vest, runde.actors["Helse Vest"])
    upload(vest, INPUT / "heliks.xlsx")
    newest = runde.tiltak("HELIKS").versjoner.last()
    admin, _ = _admin()
    response = admin.post(f"/sekretariat/portal/forventettiltak/?runde__id__exact={runde.runde.pk}",
                          _changelist_form(runde.runde, {"HELIKS": "godkjent"}))
    assert response.status_code == 302
    heliks = runde.tiltak("HELIKS")
    assert heliks.vurdering == "godkjent" and heliks.godkjent_versjon_id == newest.pk
    assert verdicts.chosen_version(heliks) == newest


def test_the_admin_refuses_an_approval_without_a_version_or_without_the_permission(runde):
    admin, _ = _admin()
    moter = runde.tiltak("Alle møter")
    page = admin.post(f"/sekretariat/portal/forventettiltak/{moter.pk}/change/", _change_form(moter, vurdering="godkjent"))
    assert page.status_code == 200 and "ingenting å godkjenne" in page.content.decode()
    assert runde.tiltak("Alle møter").vurdering == ""
    vest = Client()
    log_in(vest, runde.actors["Helse Vest"])
    upload(vest, INPUT / "heliks.xlsx")
    heliks = runde.tiltak("HELIKS")
    plain, _ = _admin(superuser=False)
    page = plain.post(f"/sekretariat/portal/forventettiltak/{heliks.pk}/change/", _change_form(heliks, vurdering="godkjent"))
    assert page.status_code == 200 and "ikke lov til å godkjenne" in page.content.decode()
    assert runde.tiltak("HELIKS").vurdering == ""
    approver, _ = _admin(superuser=False, approver=True)
    assert approver.post(f"/sekretariat/portal/forventettiltak/{heliks.pk}/change/",
                         _change_form(heliks, vurdering="godkjent")).status_code == 302
    assert runde.tiltak("HELIKS").godkjent_versjon is not None


def test_sending_back_in_the_admin_needs_a_comment_and_lifts_the_approval(runde):
    vest = Client()
    log_in(vest, runde.actors["Helse Vest"])
    upload(vest, INPUT / "heliks.xlsx")
    heliks = runde.tiltak("HELIKS")
    verdicts.approve(heliks, by="test")
    admin, _ = _admin()
    page = admin.post(f"/sekretariat/portal/forventettiltak/{heliks.pk}/change/",
                      _change_form(heliks, vurdering="sendt tilbake", kommentar=" "))
    assert page.status_code == 200 and "Skriv en kommentar" in page.content.decode()
    assert admin.post(f"/sekretariat/portal/forventettiltak/{heliks.pk}/change/",
                      _change_form(heliks, vurdering="sendt tilbake", kommentar="Mangler risiko")).status_code == 302
    heliks.refresh_from_db()
    assert heliks.vurdering == "sendt tilbake" and heliks.godkjent_versjon is None
    assert Logghendelse.objects.filter(handling="kommentar", detaljer="Mangler risiko").exists()
    assert admin.post(f"/sekretariat/portal/forventettiltak/{heliks.pk}/change/",
                      _change_form(heliks, vurdering="", kommentar="")).status_code == 302
    heliks.refresh_from_db()
    assert heliks.vurdering == "" and heliks.godkjent_versjon is None


def test_editing_other_fields_in_the_admin_keeps_the_lock(runde, tmp_path):
    clean, newest = _two_versions(runde, tmp_path)
    heliks = runde.tiltak("HELIKS")
    ForventetTiltak.objects.filter(pk=heliks.pk).update(vurdering="godkjent", godkjent_versjon=clean)
    heliks.refresh_from_db()
    admin, _ = _admin()
    assert admin.post(f"/sekretariat/portal/forventettiltak/{heliks.pk}/change/",
                      _change_form(heliks, segment="Observere")).status_code == 302
    heliks.refresh_from_db()
    assert heliks.segment == "Observere" and heliks.godkjent_versjon_id == clean.pk != newest.pk


# --- which version goes into the document ---------------------------------------------------------------


def test_each_choice_picks_its_version(runde, tmp_path):
    clean, newest = _two_versions(runde, tmp_path)
    heliks, moter = runde.tiltak("HELIKS"), runde.tiltak("Alle møter")
    assert verdicts.chosen_version(heliks, "godkjent-ellers-siste-rene") == clean
    assert verdicts.chosen_version(heliks, "bare-godkjent") is None
    assert verdicts.chosen_version(heliks, "siste") == newest
    assert all(verdicts.chosen_version(moter, c) is None for c in verdicts.CHOICES)
    verdicts.approve(heliks, by="test")  # locks the newest (with errors) on purpose
    assert verdicts.chosen_version(heliks, "godkjent-ellers-siste-rene") == newest
    assert verdicts.chosen_version(heliks, "bare-godkjent") == newest
    ForventetTiltak.objects.filter(pk=heliks.pk).update(godkjent_versjon=clean)
    heliks.refresh_from_db()
    assert verdicts.chosen_version(heliks, "bare-godkjent") == clean
    assert verdicts.chosen_version(heliks, "siste") == newest


def test_the_default_is_approved_else_latest_clean_and_a_bad_value_is_named():
    assert verdicts.version_choice() == "godkjent-ellers-siste-rene"
    with override_settings(PORTAL_VERSION_CHOICE=" siste "):
        assert verdicts.version_choice() == "siste"
    with override_settings(PORTAL_VERSION_CHOICE="nyeste"):
        with pytest.raises(verdicts.VerdictError, match="INNRAPPORTERING_PORTAL_VERSJONSVALG.*«nyeste».*bare-godkjent"):
            verdicts.version_choice()


@pytest.mark.parametrize("choice, expected", [
    ("godkjent-ellers-siste-rene", "clean"), ("bare-godkjent", None), ("siste", "newest")])
def test_portal_eksport_follows_the_setting(runde, tmp_path, capsys, choice, expected):
    clean, newest = _two_versions(runde, tmp_path)
    out = tmp_path / "ut"
    with override_settings(PORTAL_VERSION_CHOICE=choice):
        assert main(["portal", "eksport", "--data", str(DATA), "-o", str(out)]) == 0
    written = sorted(p.name for p in out.iterdir())
    if expected is None:
        assert written == ["rapport.toml"]
    else:
        from pipeline.portal import services

        version = {"clean": clean, "newest": newest}[expected]
        assert written == ["heliks.xlsx", "rapport.toml"]
        assert (out / "heliks.xlsx").read_bytes() == services.stored_path(version).read_bytes()
    assert choice in capsys.readouterr().out


@pytest.mark.slow
@override_settings(PORTAL_JOB_THREAD=False)
@pytest.mark.parametrize("choice", verdicts.CHOICES)
def test_the_job_and_portal_eksport_take_the_same_versions(runde, tmp_path, choice):
    clean, newest = _two_versions(runde, tmp_path)
    nord = Client()
    log_in(nord, runde.actors["Helse Nord"])
    upload(nord, INPUT / "fresk.xlsx")
    verdicts.approve(runde.tiltak("FRESK"), by="test")
    with override_settings(PORTAL_VERSION_CHOICE=choice):
        jobb = jobs.order(runde.runde, "test")
        jobs.run_pending()
        jobb.refresh_from_db()
        expected = sorted(v.pk for t in runde.runde.tiltak.all() if (v := verdicts.chosen_version(t)))
    assert json.loads(jobb.versjoner) == expected
    assert (newest.pk in expected) == (choice == "siste") and (clean.pk in expected) == (choice == verdicts.APPROVED_ELSE_CLEAN)


def test_a_bad_choice_is_exit_2_for_eksport_and_a_failed_job(runde, tmp_path, capsys):
    with override_settings(PORTAL_VERSION_CHOICE="nyeste", PORTAL_JOB_THREAD=False):
        assert main(["portal", "eksport", "--data", str(DATA), "-o", str(tmp_path / "ut")]) == 2
        assert "INNRAPPORTERING_PORTAL_VERSJONSVALG" in capsys.readouterr().err
        jobb = jobs.order(runde.runde, "test")
        jobs.run_pending()
    jobb.refresh_from_db()
    assert jobb.status == Jobb.Status.FEILET and "VERSJONSVALG" in jobb.melding


# --- the service functions themselves -------------------------------------------------------------------


def test_send_back_sets_verdict_and_comment_lifts_the_lock_and_logs_the_address(runde):
    vest = Client()
    log_in(vest, runde.actors["Helse Vest"])
    upload(vest, INPUT / "heliks.xlsx")
    heliks = runde.tiltak("HELIKS")
    verdicts.approve(heliks, by="test")
    request = type("Request", (), {"META": {"REMOTE_ADDR": "10.4.5.6"}})()
    start = Logghendelse.objects.order_by("-id").values_list("id", flat=True).first() or 0
    verdicts.send_back(heliks, "  Mangler risiko  ", by="kari (sekretariatet)", request=request)
    assert (heliks.vurdering, heliks.kommentar, heliks.godkjent_versjon) == ("sendt tilbake", "Mangler risiko", None)
    heliks.refresh_from_db()
    assert (heliks.vurdering, heliks.kommentar, heliks.godkjent_versjon) == ("sendt tilbake", "Mangler risiko", None)
    row = Logghendelse.objects.get(id__gt=start)
    assert (row.handling, row.objekt, row.hvem, row.detaljer, row.klientadresse) == (
        "kommentar", "HELIKS (Helse Vest)", "kari (sekretariatet)", "Mangler risiko", "10.4.5.6")
    with pytest.raises(verdicts.VerdictError, match="^Skriv hva aktøren skal rette før tiltaket sendes tilbake.$"):
        verdicts.send_back(heliks, " \n", by="test")


def test_approve_without_a_version_names_the_tiltak(runde):
    with pytest.raises(verdicts.VerdictError, match="^«Alle møter» har ingen versjon ennå, så det er ingenting å godkjenne.$"):
        verdicts.approve(runde.tiltak("Alle møter"), by="test")
    assert runde.tiltak("Alle møter").vurdering == ""


def test_a_new_upload_after_an_approval_is_not_taken_as_approved(runde, tmp_path):
    vest = Client()
    log_in(vest, runde.actors["Helse Vest"])
    upload(vest, INPUT / "heliks.xlsx")
    approved = verdicts.approve(runde.tiltak("HELIKS"), by="test")
    upload(vest, INPUT / "heliks.xlsx")
    heliks = runde.tiltak("HELIKS")
    assert heliks.vurdering == "" and heliks.godkjent_versjon == approved
    assert verdicts.approved_version(heliks) is None
    assert verdicts.chosen_version(heliks, "bare-godkjent") is None
    assert verdicts.chosen_version(heliks, "godkjent-ellers-siste-rene") == heliks.versjoner.order_by("-id").first()


def test_the_admin_list_refuses_an_approval_without_a_version(runde):
    admin, _ = _admin()
    response = admin.post(f"/sekretariat/portal/forventettiltak/?runde__id__exact={runde.runde.pk}",
                          _changelist_form(runde.runde, {"Alle møter": "godkjent"}))
    assert response.status_code == 200 and "ingenting å godkjenne" in response.content.decode()
    assert runde.tiltak("Alle møter").vurdering == ""


def test_sending_back_in_the_admin_list_uses_the_stored_comment(runde):
    vest = Client()
    log_in(vest, runde.actors["Helse Vest"])
    upload(vest, INPUT / "heliks.xlsx")
    admin, _ = _admin()
    url = f"/sekretariat/portal/forventettiltak/?runde__id__exact={runde.runde.pk}"
    page = admin.post(url, _changelist_form(runde.runde, {"HELIKS": "sendt tilbake"}))
    assert page.status_code == 200 and "Skriv en kommentar" in page.content.decode()
    assert runde.tiltak("HELIKS").vurdering == ""
    ForventetTiltak.objects.filter(pk=runde.tiltak("HELIKS").pk).update(kommentar="Mangler risiko")
    assert admin.post(url, _changelist_form(runde.runde, {"HELIKS": "sendt tilbake"})).status_code == 302
    heliks = runde.tiltak("HELIKS")
    assert heliks.vurdering == "sendt tilbake" and heliks.kommentar == "Mangler risiko"
