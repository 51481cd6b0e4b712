"""The actor's pages in the actor's written standard (issue 24; docs/malform.md, «Portalen»): the default from
``malform`` in the round's ``[[forventet]]``, the switch on every page, the findings, refusals and downloads."""

from __future__ import annotations

import html
import io
import re

import pytest
from openpyxl import load_workbook

from pipeline import api
from pipeline.common.malform import Malform
from pipeline.contract import nnforms
from pipeline.portal import texts
from tests.support.hardening import from_good, named_cell
from tests.support.portal import INPUT, SETTINGS, log_in, make_round, upload

NN = Malform.NYNORSK
#: Helse Nord has chosen nynorsk (its one tiltak's entry); Helse Vest says nothing (bokmål).
NYNORSK_SETTINGS = SETTINGS.replace('aktor = "Helse Nord"\n', 'aktor = "Helse Nord"\nmalform = "nynorsk"\n')


@pytest.fixture
def round_nn(tmp_path):
    assert NYNORSK_SETTINGS != SETTINGS
    return make_round(tmp_path, NYNORSK_SETTINGS)


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _lang(page: str) -> str:
    return re.search(r'<html lang="(\w+)">', page).group(1)


def _current(page: str) -> str:
    """The switch's link marked as the current choice."""
    found = re.findall(r'<a href="/malform/[^"]*" lang="(\w+)" hreflang="\w+" aria-current="true">(\w+)</a>', page)
    assert len(found) == 1, found
    return found[0][1]


def _fresk_with_errors(tmp_path):
    def edit(wb):
        named_cell(wb, "Tiltak_Sluttdato").value = "31.13.2021"
        named_cell(wb, "Tiltak_Status").value = "Blå"
    return from_good(tmp_path / "fresk.xlsx", "FRESK", edit, source=INPUT / "fresk.xlsx")


def test_an_actor_listed_as_nynorsk_gets_the_pages_in_nynorsk(client, round_nn):
    confirm = _text(client.get(round_nn.actors["Helse Nord"].path))
    assert _lang(confirm) == "nn" and "Du har opna den personlege lenkja for" in confirm
    log_in(client, round_nn.actors["Helse Nord"])
    page = _text(client.get("/tiltak/"))
    assert _lang(page) == "nn" and _current(page) == "Nynorsk"
    for key in ("dine_tiltak_periode", "liste_om", "last_opp_en", "finner_tiltaket", "bunn", "hopp", "fil_hjelp"):
        assert texts.text(key, NN, periode="November 2021", mb="10") in page, key
    assert "Manglar" in page and "Mangler" not in page
    assert "Dine tiltak" not in page and "Last ned den forhåndsutfylte" not in page
    assert 'lang="nn" hreflang="nn"' in page and 'lang="nb" hreflang="nb"' in page


def test_a_bokmal_actor_keeps_the_bokmal_pages(client, round_nn):
    log_in(client, round_nn.actors["Helse Vest"])
    page = _text(client.get("/tiltak/"))
    assert _lang(page) == "nb" and _current(page) == "Bokmål"
    assert "Dine tiltak – November 2021" in page and "Mangler" in page and "Tiltaka dine" not in page


def test_the_switch_changes_the_texts_and_the_language_and_is_kept_for_the_actor(client, round_nn):
    log_in(client, round_nn.actors["Helse Nord"])
    fresk = round_nn.tiltak("FRESK")
    answer = client.get("/malform/", {"malform": "bokmal", "neste": f"/tiltak/{fresk.pk}/"})
    assert answer.status_code == 302 and answer["Location"] == f"/tiltak/{fresk.pk}/"
    page = _text(client.get(f"/tiltak/{fresk.pk}/"))
    assert _lang(page) == "nb" and _current(page) == "Bokmål"
    assert "Alle dine tiltak" in page and "Ingen versjon er lastet opp ennå." in page
    assert _lang(_text(client.get("/tiltak/"))) == "nb"  # kept on the next page
    client.get("/malform/", {"malform": "nn", "neste": "/tiltak/"})
    page = _text(client.get(f"/tiltak/{fresk.pk}/"))
    assert _lang(page) == "nn" and "Alle tiltaka dine" in page and "Ingen versjon er lasta opp enno." in page


def test_the_switch_links_back_to_the_page_and_never_elsewhere(client, round_nn):
    log_in(client, round_nn.actors["Helse Vest"])
    page = _text(client.get("/tiltak/"))
    assert '/malform/?malform=nynorsk&neste=%2Ftiltak%2F"' in page.replace("&amp;", "&")
    for target in ("https://example.com/", "//example.com/x", "tiltak/"):
        assert client.get("/malform/", {"malform": "nynorsk", "neste": target})["Location"] == "/"
    assert _lang(_text(client.get("/tiltak/"))) == "nn"
    client.get("/malform/", {"malform": "klingon", "neste": "/tiltak/"})  # an unknown value changes nothing
    assert _lang(_text(client.get("/tiltak/"))) == "nn"


def test_the_choice_before_logging_in_follows_into_the_pages(client, round_nn):
    vest = round_nn.actors["Helse Vest"]
    confirm = _text(client.get(vest.path))
    assert _lang(confirm) == "nb"
    client.get("/malform/", {"malform": "nynorsk", "neste": vest.path})
    confirm = _text(client.get(vest.path))
    assert _lang(confirm) == "nn" and "Logg inn som Helse Vest" in confirm and "Ikkje del lenkja med andre." in confirm
    log_in(client, vest)
    assert _lang(_text(client.get("/tiltak/"))) == "nn"


@pytest.mark.slow
def test_findings_are_shown_in_nynorsk_with_the_nynorsk_words(client, round_nn, tmp_path):
    log_in(client, round_nn.actors["Helse Nord"])
    path = _fresk_with_errors(tmp_path)
    fresk = round_nn.tiltak("FRESK")
    page = _text(upload(client, path, f"/tiltak/{fresk.pk}/last-opp/"))
    issues = api.check_workbooks([path], rapportdato=round_nn.runde.rapportdato).files[0].issues
    assert any(i.is_error for i in issues) and any(i.message_in(NN, nnforms) != i.message for i in issues)
    for issue in issues:
        assert issue.message_in(NN, nnforms) in page
        if issue.message_in(NN, nnforms) != issue.message:
            assert issue.message not in page
        if issue.field:
            assert f"{issue.field_in(NN, nnforms)}:" in page
    assert _lang(page) == "nn" and "Har feil" in page and "(lasta opp no)" in page
    errors = sum(i.is_error for i in issues)
    warnings = len(issues) - errors
    assert texts.text("en_advarsel" if warnings == 1 else "advarsler", NN, feil=errors, advarsler=warnings) in page
    # the switch on the answer to the upload leads back to the tiltak's page (the upload address is POST only)
    assert f"neste=%2Ftiltak%2F{fresk.pk}%2F" in page
    client.get("/malform/", {"malform": "bokmal", "neste": f"/tiltak/{fresk.pk}/"})
    page = _text(client.get(f"/tiltak/{fresk.pk}/"))
    for issue in issues:
        assert issue.message in page


@pytest.mark.slow
def test_the_feedback_copy_and_the_template_follow_the_choice(client, round_nn, tmp_path):
    log_in(client, round_nn.actors["Helse Nord"])
    upload(client, _fresk_with_errors(tmp_path))
    version = round_nn.tiltak("FRESK").versjoner.last()
    copy = client.get(f"/innsending/{version.pk}/tilbakemelding/")
    sheet = load_workbook(io.BytesIO(copy.content))["Tilbakemelding"]
    words = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    issues = api.check_workbooks([_fresk_with_errors(tmp_path)], rapportdato=round_nn.runde.rapportdato).files[0].issues
    assert all(i.message_in(NN, nnforms) in words for i in issues)
    template = client.get("/mal/")
    assert "innrapporteringsmal-nynorsk.xlsx" in template["Content-Disposition"]
    assert "Rettleiing" in load_workbook(io.BytesIO(template.content)).sheetnames
    client.get("/malform/", {"malform": "bokmal", "neste": "/tiltak/"})
    copy = client.get(f"/innsending/{version.pk}/tilbakemelding/")
    sheet = load_workbook(io.BytesIO(copy.content))["Tilbakemelding"]
    words = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert all(i.message in words for i in issues)
    template = client.get("/mal/")
    assert "innrapporteringsmal.xlsx" in template["Content-Disposition"]
    assert "Veiledning" in load_workbook(io.BytesIO(template.content)).sheetnames


def test_a_refused_file_is_explained_in_nynorsk(client, round_nn):
    log_in(client, round_nn.actors["Helse Nord"])
    page = upload(client, INPUT / "heliks.xlsx")
    assert page.status_code == 403
    text = _text(page)
    assert "«HELIKS» høyrer til Helse Vest, ikkje til Helse Nord." in text and "Fila vart ikkje teken imot" in text
    assert "hører til" not in text


def test_the_api_answers_in_bokmal_as_validate_json_does(client, round_nn):
    from tests.support.portal import api_upload

    response, body = api_upload(client, round_nn.actors["Helse Nord"], INPUT / "fresk.xlsx")
    assert response.status_code == 201 and "nynorsk" not in body


def test_the_secretariat_pages_have_no_switch(client, round_nn):
    page = _text(client.get("/runde/logg-inn/"))
    assert _lang(page) == "nb" and "/malform/" not in page


def test_an_unreadable_file_is_explained_in_nynorsk_with_the_readers_own_words(client, round_nn, tmp_path):
    path = tmp_path / "fresk.xlsx"
    path.write_bytes(b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    log_in(client, round_nn.actors["Helse Nord"])
    page = upload(client, path)
    assert page.status_code == 422
    text = _text(page)
    result = api.check_workbooks([path], rapportdato=round_nn.runde.rapportdato)
    said = [i for f in result.files for i in f.issues] + list(result.skipped)
    assert said and any(i.message_in(NN, nnforms) != i.message for i in said)
    shown = re.search(r'<a href="#fil">(.*?)</a>', text, re.DOTALL).group(1)
    assert shown.startswith(("Fila vart ikkje lesen: ", "Fila er ikkje ei arbeidsbok som kan lesast: "))
    assert said[0].message_in(NN, nnforms) in shown and said[0].message not in shown
    assert _lang(text) == "nn" and "Tiltaka dine" in text  # the list page, since no tiltak was named


@pytest.mark.slow
def test_the_prefilled_workbook_is_the_nynorsk_template_filled_in(client, round_nn):
    log_in(client, round_nn.actors["Helse Nord"])
    fresk = round_nn.tiltak("FRESK")
    book = load_workbook(io.BytesIO(client.get(f"/tiltak/{fresk.pk}/forhandsutfylt/").content))
    assert "Rettleiing" in book.sheetnames and "Veiledning" not in book.sheetnames
    assert str(book.defined_names["Tiltak_Navn"].attr_text).startswith(("Tiltak!", "'Tiltak'!"))
    client.get("/malform/", {"malform": "bokmal", "neste": "/tiltak/"})
    book = load_workbook(io.BytesIO(client.get(f"/tiltak/{fresk.pk}/forhandsutfylt/").content))
    assert "Veiledning" in book.sheetnames


def test_the_pages_for_a_bad_link_or_no_login_follow_the_choice(client, round_nn):
    vest = round_nn.actors["Helse Vest"]
    assert "Ikke logget inn" in _text(client.get("/tiltak/"))
    client.get("/malform/", {"malform": "nynorsk", "neste": "/"})
    refused = client.get("/tiltak/")
    assert refused.status_code == 401 and "<h1>Ikkje logga inn</h1>" in _text(refused)
    altered = _text(client.get(vest.path[:-3] + "xx/"))
    assert "<h1>Lenkja kan ikkje brukast</h1>" in altered and texts.text("lenke_ugyldig", NN) in altered
    front = _text(client.get("/"))
    assert _lang(front) == "nn" and texts.text("forside_om", NN) in front and _current(front) == "Nynorsk"


def test_the_error_pages_follow_the_actors_choice_and_the_secretariats_stay_bokmal(client, round_nn):
    log_in(client, round_nn.actors["Helse Nord"])
    heliks = round_nn.tiltak("HELIKS")  # Helse Vest's
    missing = client.get(f"/tiltak/{heliks.pk}/")
    text = _text(missing)
    assert missing.status_code == 404 and _lang(text) == "nn" and _current(text) == "Nynorsk"
    assert "<h1>Fann ikkje sida</h1>" in text and texts.text("fant_ikke_tekst", NN) in text
    assert "Innlogga som Helse Nord" in text
    staff = _text(client.get("/runde/finst-ikkje/"))
    assert _lang(staff) == "nb" and "<h1>Fant ikke siden</h1>" in staff and "/malform/" not in staff


def test_settings_that_no_longer_read_give_bokmal_pages(client, round_nn):
    from pipeline.portal.models import Runde

    Runde.objects.filter(pk=round_nn.runde.pk).update(innstillinger="ikkje toml [")
    log_in(client, round_nn.actors["Helse Nord"])
    assert _lang(_text(client.get("/tiltak/"))) == "nb"


def test_the_switch_on_the_logged_out_page_leads_to_the_front_page(client, round_nn):
    log_in(client, round_nn.actors["Helse Nord"])
    page = _text(client.post("/logg-ut/"))
    assert "<h1>Logga ut</h1>" in page and "neste=%2F\"" in page and "neste=%2Flogg-ut" not in page


def test_each_actor_in_the_same_browser_keeps_its_own_choice(client, round_nn):
    vest, nord = round_nn.actors["Helse Vest"], round_nn.actors["Helse Nord"]
    log_in(client, vest)
    client.get("/malform/", {"malform": "nynorsk", "neste": "/tiltak/"})
    log_in(client, nord)  # another link opened in the same browser
    assert _lang(_text(client.get("/tiltak/"))) == "nn"  # Nord's own default
    client.get("/malform/", {"malform": "bokmal", "neste": "/tiltak/"})
    assert _lang(_text(client.get("/tiltak/"))) == "nb"
    log_in(client, vest)
    assert _lang(_text(client.get("/tiltak/"))) == "nn"  # Vest's choice, not Nord's
