"""The whole round end to end in Chromium (Playwright, Debian's chromium) against a live portal and a real SMTP
server on localhost (aiosmtpd): ``portal opprett-runde`` → the actors upload (one workbook broken, one tiltak
missing) → the secretariat turns on TOTP and logs in with a code → sends the broken one back → the actor fixes
it → approve → reminders previewed and sent → «Lag Vedlegg 2» → the DOCX and the export downloaded equal
``merge`` on the folder ``portal eksport`` writes. axe-core (WCAG 2.1 A/AA) on the new pages; screenshots to
``$INNRAPPORTERING_SKJERMBILDER``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.test import override_settings

from pipeline.cli.main import main
from pipeline.portal import totp, twofactor
from pipeline.portal.staff import create_user
from tests.portal.conftest import DATA
from tests.portal.test_browser import _bad, axe, browser, live_server, shots  # noqa: F401 (fixtures)
from tests.portal.test_secretariat_api import _body
from tests.support.portal import INPUT, PREVIOUS
from tests.support.smtp import SmtpServer

pytestmark = pytest.mark.slow

SETTINGS = """periode = "November 2021"
rapportdato = 2021-11-01
frist = 2021-11-15

[[forventet]]
navn = "HELIKS"
segment = "Koordinere"
aktor = "Helse Vest"
epost = "heliks@vest.example"

[[forventet]]
navn = "Alle møter"
segment = "Koordinere"
aktor = "Helse Vest"
epost = "moter@vest.example"

[[forventet]]
navn = "FRESK"
segment = "Observere"
aktor = "Helse Nord"
kontaktperson = "Nina Nord"
epost = "fresk@nord.example"
"""


NOW = 1_900_000_000.0  # the portal's clock in this test (the live server runs in this process)


def _code(secret: str, steps: int = 0) -> str:
    return totp.totp(totp.secret_bytes(secret), NOW + steps * totp.PERIOD)


def _upload(page, path, status: str) -> None:
    """Upload on the tiltak page and wait for the new status (a timeout fails the test)."""
    page.set_input_files("#fil", str(path))
    page.get_by_role("button", name="Last opp og kontroller").click()
    page.wait_for_function("(s) => document.querySelector('#status') && document.querySelector('#status').textContent === s",
                           arg=status, timeout=30_000)
    page.wait_for_selector("#resultat")


def test_a_whole_round_in_chromium(browser, live_server, tmp_path, shots, capsys, monkeypatch):  # noqa: F811
    monkeypatch.setattr(twofactor, "clock", lambda: NOW)
    from pipeline.portal.models import Runde

    # The walk starts from an empty portal: the other browser tests of this process keep their rounds in the shared
    # data folder, and a round counts the exports of the rounds made before it as its history (portal/history.py).
    Runde.objects.all().delete()
    settings = tmp_path / "rapport.toml"
    settings.write_text(SETTINGS, encoding="utf-8")
    assert main(["portal", "opprett-runde", "--data", str(DATA), "--innstillinger", str(settings),
                 "--forrige", str(PREVIOUS)]) == 0
    links = {line.split("\t")[0]: line.split("\t")[1] for line in capsys.readouterr().out.splitlines() if "\t" in line}
    assert set(links) == {"Helse Vest", "Helse Nord"}

    def local(link: str) -> str:
        return live_server + "/" + link.split("/", 3)[3]

    # Helse Vest: HELIKS broken, Alle møter clean; Helse Nord sends nothing
    vest = browser.new_context(locale="nb-NO", viewport={"width": 1200, "height": 900}).new_page()
    vest.goto(local(links["Helse Vest"]))
    vest.get_by_role("button", name="Logg inn").click()
    vest.wait_for_url("**/tiltak/")
    vest.get_by_role("link", name="HELIKS").click()
    _upload(vest, _bad(tmp_path), "Har feil")
    heliks_url = vest.url
    vest.goto(live_server + "/tiltak/")
    vest.get_by_role("link", name="Alle møter").click()
    _upload(vest, INPUT / "alle-moter.xlsx", "Klar")

    # the secretariat: password, turn on TOTP, log out, log in again with a code
    create_user("walk-sekr", "Pass-ord-9", approver=True)
    staff = browser.new_context(locale="nb-NO", viewport={"width": 1300, "height": 900}).new_page()
    staff.goto(live_server + "/runde/logg-inn/")
    staff.get_by_label("Brukernavn").fill("walk-sekr")
    staff.get_by_label("Passord").fill("Pass-ord-9")
    staff.keyboard.press("Enter")
    staff.wait_for_url("**/runde/")
    staff.get_by_role("link", name="Totrinnsinnlogging").click()
    staff.wait_for_url("**/runde/totrinn/ny/")
    axe(staff, "totrinn slå på", shots)
    staff.screenshot(path=str(shots / "runde-totrinn-ny.png"), full_page=True)
    secret = staff.inner_text("#hemmelighet").replace(" ", "")
    staff.get_by_label("Kode fra appen (6 sifre)").fill(_code(secret))
    staff.get_by_role("button", name="Slå på totrinnsinnlogging").click()
    staff.wait_for_selector("text=Totrinnsinnlogging er slått på")
    axe(staff, "totrinn slått på", shots)
    staff.get_by_role("button", name="Logg ut").click()
    staff.wait_for_url("**/runde/logg-inn/")
    staff.get_by_label("Brukernavn").fill("walk-sekr")
    staff.get_by_label("Passord").fill("Pass-ord-9")
    staff.keyboard.press("Enter")
    staff.wait_for_url("**/runde/totrinn/")
    staff.get_by_label("Kode (6 sifre)").fill("000000" if _code(secret, 1) != "000000" else "111111")
    staff.keyboard.press("Enter")
    staff.wait_for_selector("#feiloppsummering")
    axe(staff, "totrinn feil kode", shots)
    staff.get_by_label("Kode (6 sifre)").fill(_code(secret, 1))
    staff.keyboard.press("Enter")
    staff.wait_for_url("**/runde/")
    assert staff.locator("#runde-tabell .status-har-feil").count() == 1
    assert staff.locator("#runde-tabell .status-mangler").count() == 1
    staff.screenshot(path=str(shots / "runde-oversikt.png"), full_page=True)

    # send HELIKS back; the actor sees the comment and uploads a fixed workbook
    staff.get_by_role("link", name="HELIKS").click()
    staff.get_by_label("Kommentar til aktøren").fill("Sluttdatoen 31.13.2021 finnes ikke. Rett den.")
    staff.get_by_role("button", name="Send tilbake").click()
    staff.wait_for_selector("text=sendt tilbake til Helse Vest")
    staff.screenshot(path=str(shots / "runde-sendt-tilbake.png"), full_page=True)
    vest.goto(heliks_url)
    assert "Sluttdatoen 31.13.2021 finnes ikke" in vest.inner_text("main")
    _upload(vest, INPUT / "heliks.xlsx", "Klar")
    since = vest.inner_text("main").split("Endret siden forrige versjon", 1)[1]
    assert "«31.13.2021» →" in since  # the typed value, not «(tomt)»
    staff.reload()
    staff.get_by_role("button", name=re.compile("Godkjenn versjon")).click()
    staff.wait_for_selector("text=godkjent og låst")

    # reminders: only FRESK is still missing
    with SmtpServer() as server, override_settings(**server.settings()):
        staff.get_by_role("link", name="Påminnelser").click()
        staff.wait_for_url("**/runde/purring/")
        assert "Nina Nord <fresk@nord.example>" in staff.inner_text("main")
        axe(staff, "påminnelser forhåndsvisning", shots)
        staff.screenshot(path=str(shots / "runde-purring.png"), full_page=True)
        staff.get_by_role("button", name="Send 1 påminnelse").click()
        staff.wait_for_selector("text=1 påminnelse sendt")
        axe(staff, "påminnelser sendt", shots)
    assert [m.to for m in server.mails] == [["fresk@nord.example"]]
    mail = server.mails[0]
    assert "Fristen for innsending er 15.11.2021." in mail.body and "FRESK" in mail.subject
    link = re.search(r"http://\S+/lenke/\S+/", mail.body).group(0)
    nord = browser.new_context(locale="nb-NO").new_page()
    nord.goto(local(link))
    nord.get_by_role("button", name="Logg inn").click()
    nord.wait_for_url("**/tiltak/")
    assert "FRESK" in nord.inner_text("main") and "Helse Nord" in nord.inner_text("header")

    # Vedlegg 2, downloaded, equals merge on the exported folder
    staff.goto(live_server + "/runde/")
    staff.get_by_role("button", name="Lag Vedlegg 2").click()
    staff.wait_for_url("**/runde/jobber/**")
    staff.screenshot(path=str(shots / "runde-jobb-fremdrift.png"), full_page=True)
    staff.wait_for_selector("text=Last ned Vedlegg 2 (DOCX)", timeout=180_000)
    staff.screenshot(path=str(shots / "runde-jobb-ferdig.png"), full_page=True)
    with staff.expect_download() as docx_download:
        staff.get_by_role("link", name="Last ned Vedlegg 2 (DOCX)").click()
    with staff.expect_download() as json_download:
        staff.get_by_role("link", name="Last ned eksporten (JSON)").click()
    folder = tmp_path / "eksport"
    assert main(["portal", "eksport", "--data", str(DATA), "-o", str(folder)]) == 0
    # the round was made with --forrige PREVIOUS: the job compares with it, as merge --forrige does
    assert main(["merge", str(folder), "-o", str(tmp_path / "cli" / "Vedlegg2.docx"), "--forrige", str(PREVIOUS),
                 "-q"]) in (0, 1)
    capsys.readouterr()
    cli_export = [p for p in (tmp_path / "cli").glob("*.json") if not p.name.startswith("merge-rapport")]
    assert _body(Path(docx_download.value.path()).read_bytes()) == _body((tmp_path / "cli" / "Vedlegg2.docx").read_bytes())
    exported = json.loads(Path(json_download.value.path()).read_text(encoding="utf-8"))
    assert exported == json.loads(cli_export[0].read_text(encoding="utf-8"))
    assert {r["navn"] for r in exported} == {"HELIKS", "Alle møter"}

    staff.goto(live_server + "/runde/logg/")
    log = staff.inner_text("tbody")
    for action in ("purring", "godkjenning", "kommentar", "totrinn", "fletting"):
        assert action in log, action
    staff.screenshot(path=str(shots / "runde-logg.png"), full_page=True)
    for page in (vest, staff, nord):
        page.context.close()
