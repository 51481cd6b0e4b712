"""The pages in a real browser (Debian's Chromium via Playwright): the actor's flow with htmx and drag and drop,
keyboard and focus, and an axe-core check (WCAG 2.1 A/AA) on every page.

Screenshots and the axe results go to ``$INNRAPPORTERING_SKJERMBILDER`` (else the test's tmp folder).
"""

from __future__ import annotations

import base64
import json
import os
import threading
from pathlib import Path

import pytest

from tests.support.hardening import from_good, named_cell
from tests.support.portal import INPUT, make_round

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def live_server():
    from waitress import create_server

    from pipeline.portal.wsgi import application

    server = create_server(application, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} finnes ikke (.ci/run installerer Debians chromium)."
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the test reads the database while Playwright's loop runs
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("INNRAPPORTERING_SKJERMBILDER") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def axe(page, name: str, shots: Path) -> None:
    """axe-core (vendored, loaded from the file) on the page: no violation of WCAG 2.1 level A or AA."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
    summary = {"side": name, "url": page.url, "brudd": [
        {"regel": v["id"], "grad": v["impact"], "noder": [n["target"] for n in v["nodes"]]} for v in result["violations"]],
        "bestatt": len(result["passes"])}
    with (shots / "axe.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(summary, ensure_ascii=False) + "\n")
    assert summary["brudd"] == [], json.dumps(summary, ensure_ascii=False, indent=1)
    assert summary["bestatt"] > 0


def _bad(tmp_path: Path) -> Path:
    def edit(wb):
        named_cell(wb, "Tiltak_Sluttdato").value = "31.13.2021"
    return from_good(tmp_path / "heliks.xlsx", "HELIKS", edit, source=INPUT / "heliks.xlsx")



def _wait_for_focus(page, element_id: str) -> None:
    """Focus is moved by the page's script after htmx has swapped the answer in: wait for it (a timeout fails
    the test) instead of reading it the moment the element appears."""
    page.wait_for_function(f"document.activeElement && document.activeElement.id === {element_id!r}", timeout=10_000)

def test_actor_flow_in_chromium_with_axe_on_every_page(browser, live_server, tmp_path, shots):
    runde = make_round(tmp_path)
    vest = runde.actors["Helse Vest"]
    heliks = runde.tiltak("HELIKS")
    page = browser.new_page(viewport={"width": 1200, "height": 900}, locale="nb-NO")
    page.goto(live_server + "/")
    axe(page, "forside", shots)

    page.goto(live_server + vest.path)
    assert page.locator("html").get_attribute("lang") == "nb"
    axe(page, "bekreft", shots)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Gå til innholdet"
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url("**/tiltak/")
    axe(page, "tiltaksliste", shots)

    page.get_by_role("link", name="HELIKS").click()
    page.wait_for_url(f"**/tiltak/{heliks.pk}/")
    axe(page, "tiltak uten versjon", shots)

    page.set_input_files("#fil", str(_bad(tmp_path)))
    page.get_by_role("button", name="Last opp og kontroller").click()
    page.wait_for_selector("#resultat .funn")
    _wait_for_focus(page, "resultat-tittel")  # focus moves to the result
    text = page.inner_text("#resultat")
    assert "31.13.2021" in text or "Sluttdato" in text
    assert page.inner_text("#status") == "Har feil"
    axe(page, "tiltak med funn", shots)
    page.screenshot(path=str(shots / "aktor-med-funn.png"), full_page=True)

    # a workbook for another tiltak: the error summary gets focus and links to the file field
    page.set_input_files("#fil", str(INPUT / "alle-moter.xlsx"))
    page.get_by_role("button", name="Last opp og kontroller").click()
    page.wait_for_selector("#feiloppsummering")
    _wait_for_focus(page, "feiloppsummering")
    assert page.get_attribute("#feiloppsummering a", "href") == "#fil"
    assert page.get_attribute("#fil", "aria-invalid") == "true"
    axe(page, "avvist fil", shots)

    # a clean re-upload by drag and drop (progressive enhancement)
    content = base64.b64encode((INPUT / "heliks.xlsx").read_bytes()).decode()
    page.evaluate("""(content) => {
        const bytes = Uint8Array.from(atob(content), c => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([bytes], "heliks.xlsx"));
        const zone = document.querySelector("form[data-slipp] .felt");
        zone.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true, cancelable: true}));
    }""", content)
    page.wait_for_function("document.querySelector('#status') && document.querySelector('#status').textContent === 'Klar'")
    assert "Ingen feil eller advarsler" in page.inner_text("#resultat")
    axe(page, "etter ren opplasting", shots)
    page.screenshot(path=str(shots / "etter-ren-opplasting.png"), full_page=True)
    versions = page.locator("table.tabell tbody tr")
    assert versions.count() == 2
    page.close()


def test_revoked_link_page_passes_axe(browser, live_server, tmp_path, shots):
    runde = make_round(tmp_path)
    page = browser.new_page(locale="nb-NO")
    page.goto(live_server + runde.actors["Helse Nord"].path[:-4] + "xyz/")
    assert "ikke gyldig" in page.inner_text("main")
    axe(page, "ugyldig lenke", shots)
    page.close()


def test_nynorsk_pages_and_the_switch_pass_axe(browser, live_server, tmp_path, shots):
    """An actor listed with ``malform = "nynorsk"``: the pages in nynorsk (``lang="nn"``), the switch reached by
    keyboard, and axe on the nynorsk pages (docs/malform.md, «Portalen»)."""
    from tests.support.portal import SETTINGS

    runde = make_round(tmp_path, SETTINGS.replace('aktor = "Helse Nord"\n', 'aktor = "Helse Nord"\nmalform = "nynorsk"\n'))
    nord = runde.actors["Helse Nord"]
    fresk = runde.tiltak("FRESK")
    page = browser.new_page(viewport={"width": 1200, "height": 900}, locale="nn-NO")
    page.goto(live_server + nord.path)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url("**/tiltak/")
    assert page.locator("html").get_attribute("lang") == "nn"
    assert page.get_by_role("link", name="Nynorsk").get_attribute("aria-current") == "true"
    axe(page, "tiltaksliste nynorsk", shots)

    page.goto(live_server + f"/tiltak/{fresk.pk}/")
    def edit(wb):
        named_cell(wb, "Tiltak_Sluttdato").value = "31.13.2021"
    page.set_input_files("#fil", str(from_good(tmp_path / "fresk.xlsx", "FRESK", edit, source=INPUT / "fresk.xlsx")))
    page.get_by_role("button", name="Last opp og kontroller").click()
    page.wait_for_selector("#resultat .funn")
    assert page.inner_text("#status") == "Har feil" and "Endra sidan førre versjon" in page.inner_text("#resultat")
    axe(page, "tiltak med funn nynorsk", shots)
    page.screenshot(path=str(shots / "aktor-nynorsk.png"), full_page=True)

    page.get_by_role("link", name="Bokmål").click()  # htmx swapped the main only; the link leads back to the page
    page.wait_for_url(f"**/tiltak/{fresk.pk}/")
    assert page.locator("html").get_attribute("lang") == "nb"
    assert page.get_by_role("link", name="Bokmål").get_attribute("aria-current") == "true"
    assert "Endret siden forrige versjon" in page.inner_text("#resultat")
    axe(page, "tiltak bokmål etter bryteren", shots)
    page.close()
