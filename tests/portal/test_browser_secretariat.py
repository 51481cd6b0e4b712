"""The secretariat's pages in Chromium (Playwright) with axe-core (WCAG 2.1 A/AA): log in with the keyboard,
the dashboard (and its htmx refresh), send back, approve, «Lag Vedlegg 2» with progress, and the log."""

from __future__ import annotations

import pytest

from pipeline.portal.staff import create_user
from tests.portal.test_browser import axe, browser, live_server, shots  # noqa: F401 (fixtures)
from tests.support.portal import INPUT, make_round, upload

pytestmark = pytest.mark.slow


def test_secretariat_flow_in_chromium_with_axe_on_every_page(browser, live_server, tmp_path, shots):  # noqa: F811
    from django.test import Client

    from tests.support.portal import log_in

    runde = make_round(tmp_path)
    vest = Client()
    log_in(vest, runde.actors["Helse Vest"])
    upload(vest, INPUT / "heliks.xlsx")
    create_user("nettleser-sekr", "Pass-ord-9", approver=True)
    heliks = runde.tiltak("HELIKS")

    page = browser.new_page(viewport={"width": 1300, "height": 900}, locale="nb-NO")
    page.goto(live_server + "/runde/")
    page.wait_for_url("**/runde/logg-inn/**")
    axe(page, "sekretariat innlogging", shots)
    page.get_by_label("Brukernavn").fill("nettleser-sekr")
    page.get_by_label("Passord").fill("feil")
    page.keyboard.press("Enter")
    page.wait_for_selector("#feiloppsummering")
    axe(page, "sekretariat feil innlogging", shots)
    page.get_by_label("Passord").fill("Pass-ord-9")
    page.keyboard.press("Enter")
    page.wait_for_url("**/runde/")
    axe(page, "oversikt", shots)
    assert page.locator("#runde-tabell table").first.locator("tbody tr").count() == 3

    upload(vest, INPUT / "alle-moter.xlsx")  # the table refreshes itself (htmx polling; here asked for at once)
    page.evaluate("htmx.ajax('GET', '/runde/tabell/', '#runde-tabell')")
    page.wait_for_function("document.querySelectorAll('#runde-tabell .status-klar').length === 2")

    page.get_by_role("link", name="HELIKS").click()
    page.wait_for_url(f"**/runde/tiltak/{heliks.pk}/")
    axe(page, "innsending", shots)
    page.get_by_label("Kommentar til aktøren").fill("Oppdater risikoen.")
    page.get_by_role("button", name="Send tilbake").click()
    page.wait_for_selector("text=sendt tilbake til Helse Vest")
    page.screenshot(path=str(shots / "sekretariat-sendt-tilbake.png"), full_page=True)
    page.get_by_role("button", name="Godkjenn versjon").click()
    page.wait_for_selector("text=godkjent og låst")
    axe(page, "godkjent", shots)

    page.goto(live_server + "/runde/")
    page.screenshot(path=str(shots / "sekretariat-oversikt.png"), full_page=True)
    page.get_by_role("button", name="Lag Vedlegg 2").click()
    page.wait_for_url("**/runde/jobber/**")
    page.wait_for_selector("text=Last ned Vedlegg 2 (DOCX)", timeout=120_000)
    assert page.get_attribute("#fremdrift", "value") == "100"
    axe(page, "jobb ferdig", shots)
    page.screenshot(path=str(shots / "sekretariat-jobb.png"), full_page=True)

    page.goto(live_server + "/runde/logg/?handling=godkjenning")
    assert "HELIKS (Helse Vest)" in page.inner_text("tbody")
    axe(page, "logg", shots)
    page.screenshot(path=str(shots / "sekretariat-logg.png"), full_page=True)
    page.close()
