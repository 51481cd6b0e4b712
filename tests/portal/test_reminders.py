"""Reminder e-mails: the chase list (mangler, har feil, sendt tilbake) with contacts from rapport.toml and the
previous round, the preview, sending to a real SMTP server on localhost (aiosmtpd), failures kept and shown
with «Send på nytt», and a «purring» row in the audit log for every send."""

from __future__ import annotations

import html
import json
import re

import pytest
from django.test import Client, override_settings

from pipeline.portal.remindermail import TEXTS

from pipeline.portal.models import Logghendelse
from pipeline.portal.rounds import create_round, current_round
from tests.support.hardening import from_good, named_cell
from tests.support.portal import INPUT, PREVIOUS, Actor, log_in, upload
from tests.support.smtp import SmtpServer, free_port
from tests.support.staff import staff_client

SETTINGS = """periode = "November 2021"
rapportdato = 2021-11-01
frist = 2021-11-15

[[forventet]]
navn = "HELIKS"
aktor = "Helse Vest"
kontaktperson = "Kari Vest"
epost = "kari@vest.example"

[[forventet]]
navn = "Alle møter"
aktor = "Helse Vest"

[[forventet]]
navn = "FRESK"
aktor = "Helse Nord"
epost = "fresk@nord.example"

[[forventet]]
navn = "Nytt register"
aktor = "Helse Nord"
kontaktperson = "Nils Nord"
epost = "avvis@nord.example"

[[forventet]]
navn = "Uten kontakt"
aktor = "Helse Nord"
"""


def _text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def chased(tmp_path):
    """HELIKS missing (contact from rapport.toml), Alle møter with errors (e-mail from the previous round),
    FRESK ready (not chased), Nytt register missing (the server refuses it), Uten kontakt missing (no e-mail)."""
    records = json.loads(PREVIOUS.read_text(encoding="utf-8"))
    for record in records:
        if record["navn"] == "Alle møter":
            record["kontakt_epost"] = "finn@vest.example"
    previous = tmp_path / "forrige.json"
    previous.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    settings = tmp_path / "rapport.toml"
    settings.write_text(SETTINGS, encoding="utf-8")
    actors = {i.aktor: Actor(i.aktor, i.link, i.token) for i in create_round(settings, previous)}
    vest, nord = Client(), Client()
    log_in(vest, actors["Helse Vest"])
    log_in(nord, actors["Helse Nord"])

    def broken(wb):
        named_cell(wb, "Tiltak_Sluttdato").value = "31.13.2021"
    upload(vest, from_good(tmp_path / "alle.xlsx", "Alle møter", broken, source=INPUT / "alle-moter.xlsx"))
    upload(nord, INPUT / "fresk.xlsx")
    return actors


def _by_recipient(server) -> dict:
    return {m.to[0]: m for m in server.mails}


@pytest.mark.slow
def test_the_preview_lists_who_gets_what_and_what_cannot_be_sent(chased):
    staff, _ = staff_client()
    page = _text(staff.get("/runde/purring/"))
    preview = page.split("Forhåndsvisning", 1)[1].split("Kan ikke sendes", 1)[0]
    assert "Kari Vest <kari@vest.example> (fra rapport.toml)" in preview
    assert "finn@vest.example> (fra forrige runde)" in preview and "Finn Olav Mjærum" in preview
    assert "avvis@nord.example" in preview
    assert "fresk@nord.example" not in page  # FRESK is ready
    assert "Har feil" in preview and "1 feil som må rettes" in preview
    assert "Send 3 påminnelser" in page
    cannot = page.split("Kan ikke sendes", 1)[1]
    assert "Uten kontakt (Helse Nord, mangler): e-postadressen mangler" in cannot
    assert not current_round().purringer.exists()  # the preview sends nothing


@pytest.mark.slow
def test_every_mail_arrives_with_recipient_link_and_deadline_and_a_refusal_is_shown(chased):
    staff, _ = staff_client()
    mark = Logghendelse.objects.order_by("-id").values_list("id", flat=True).first() or 0
    with SmtpServer() as server, override_settings(**server.settings()):
        response = staff.post("/runde/purring/send/")
    assert response.status_code == 302 and response["Location"] == "/runde/purring/?sendt=2&feilet=1"
    mails = _by_recipient(server)
    assert sorted(mails) == ["finn@vest.example", "kari@vest.example"]
    heliks, alle = mails["kari@vest.example"], mails["finn@vest.example"]
    assert heliks.sender == "sekretariatet@portal.example"
    assert heliks.subject == "Påminnelse: innrapportering for HELIKS – November 2021"
    assert heliks.body.startswith("Hei Kari Vest,") and "ennå ikke mottatt" in heliks.body
    assert "Fristen for innsending er 15.11.2021." in heliks.body and "Fristen for innsending er 15.11.2021." in alle.body
    assert "har 1 feil som må rettes" in alle.body and alle.body.startswith("Hei Finn Olav Mjærum,")

    link = re.search(r"http://\S+/lenke/\S+/", heliks.body).group(0)
    assert re.search(r"http://\S+/lenke/\S+/", alle.body).group(0).split("/lenke/")[0] == link.split("/lenke/")[0]
    reader = Client()
    path = "/" + link.split("/", 3)[3]
    assert reader.post(path).status_code == 302
    listing = _text(reader.get("/tiltak/"))
    assert "Innlogget som Helse Vest" in listing and "HELIKS" in listing
    old = Client()  # the link from opprett-runde still works: nothing was revoked
    assert log_in(old, chased["Helse Vest"]).status_code == 302

    refused = current_round().purringer.get(til="avvis@nord.example")
    assert refused.status == "feilet" and "550" in refused.feil and "avviste mottakeren" in refused.feil
    page = _text(staff.get(response["Location"]))
    assert "2 påminnelser sendt, 1 ikke sendt" in page
    failed = page.split('id="ikke-sendt"', 1)[1].split("</div>", 1)[0]
    assert "Nytt register" in failed and "avvis@nord.example" in failed and "Send på nytt" in failed
    assert f'name="tiltak" value="{refused.tiltak_id}"' in failed
    rows = Logghendelse.objects.filter(handling="purring", id__gt=mark)
    assert rows.count() == 3
    assert {r.objekt for r in rows} == {"HELIKS (Helse Vest)", "Alle møter (Helse Vest)", "Nytt register (Helse Nord)"}
    assert any("ikke sendt – E-posttjeneren avviste" in r.detaljer for r in rows)
    assert all(r.hvem == f"{staff.username} (sekretariatet)" for r in rows)


def test_a_server_that_cannot_be_reached_loses_nothing_and_send_again_sends_only_that_one(chased):
    staff, _ = staff_client()
    closed = free_port()
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1",
                           EMAIL_PORT=closed, EMAIL_TIMEOUT=5):
        staff.post("/runde/purring/send/")
    tries = list(current_round().purringer.order_by("id"))
    assert len(tries) == 3 and all(p.status == "feilet" for p in tries)
    assert all("forbindelsen ble avvist" in p.feil for p in tries)
    page = _text(staff.get("/runde/purring/?sendt=0&feilet=3"))
    assert page.split('id="ikke-sendt"', 1)[1].count("Send på nytt<") == 3

    heliks = current_round().tiltak.get(navn="HELIKS")
    with SmtpServer() as server, override_settings(**server.settings()):
        again = staff.post("/runde/purring/send/", {"tiltak": [str(heliks.pk)]})
    assert again["Location"] == "/runde/purring/?sendt=1&feilet=0"
    assert [m.to for m in server.mails] == [["kari@vest.example"]]
    failed = _text(staff.get("/runde/purring/")).split('id="ikke-sendt"', 1)[1].split("</div>", 1)[0]
    assert "HELIKS" not in failed and "Alle møter" in failed and "Nytt register" in failed

    vest = Client()  # a failure for a tiltak that no longer waits on the actor is not shown as «Ikke sendt»
    log_in(vest, chased["Helse Vest"])
    upload(vest, INPUT / "alle-moter.xlsx")
    failed = _text(staff.get("/runde/purring/")).split('id="ikke-sendt"', 1)[1].split("</div>", 1)[0]
    assert "Alle møter" not in failed and "Nytt register" in failed


def test_a_tiltak_sent_back_is_chased_with_the_comment_and_an_approved_one_is_not(chased):
    staff, _ = staff_client()
    runde = current_round()
    fresk = runde.tiltak.get(navn="FRESK")
    staff.post(f"/runde/tiltak/{fresk.pk}/send-tilbake/", {"kommentar": "Oppdater risikoen."})
    page = _text(staff.get("/runde/purring/"))
    assert "fresk@nord.example" in page and "tilbake med denne beskjeden: «Oppdater risikoen.»" in page
    staff.post(f"/runde/tiltak/{fresk.pk}/godkjenn/")
    assert "fresk@nord.example" not in _text(staff.get("/runde/purring/"))


def test_the_reminder_page_is_only_for_the_secretariat(chased):
    actor = Client()
    log_in(actor, chased["Helse Vest"])
    assert actor.get("/runde/purring/").status_code == 302
    assert actor.post("/runde/purring/send/").status_code == 302
    assert not current_round().purringer.exists()


def test_without_a_round_the_page_and_the_send_say_so(chased, monkeypatch):
    from pipeline.portal import staff_reminders

    monkeypatch.setattr(staff_reminders, "current_round", lambda: None)
    staff, _ = staff_client()
    for response in (staff.get("/runde/purring/"), staff.post("/runde/purring/send/")):
        assert response.status_code == 409
        text = _text(response)
        assert "<h1>Ingen runde</h1>" in text and "Det finnes ingen runde ennå." in text
        assert f"Innlogget som {staff.username}" in text


def test_an_actor_with_nynorsk_in_rapport_toml_gets_the_mail_in_nynorsk(tmp_path):
    """Språklova § 15: a municipality is written to in its own standard; the other actors keep bokmål."""
    settings = tmp_path / "rapport.toml"
    settings.write_text(SETTINGS.replace('kontaktperson = "Nils Nord"', 'kontaktperson = "Nils Nord"\nmalform = "nynorsk"'),
                        encoding="utf-8")
    create_round(settings, PREVIOUS)
    staff, _ = staff_client()
    with SmtpServer() as server, override_settings(**server.settings()):
        staff.post("/runde/purring/send/")
    vest = _by_recipient(server)["kari@vest.example"]
    page = _text(staff.get("/runde/purring/"))  # the server refuses Nils Nord's address: the page shows his mail
    assert "Påminning: innrapportering for Nytt register – November 2021" in page
    assert "Vi har enno ikkje fått innrapporteringa for tiltaket «Nytt register» (Helse Nord)" in page
    assert "Logg inn med den personlege lenkja di:" in page
    assert vest.subject == "Påminnelse: innrapportering for HELIKS – November 2021"
    assert "ennå ikke mottatt" in vest.body and "ikkje" not in vest.body


def test_the_mail_texts_have_the_same_keys_and_placeholders_in_both_standards():
    import string

    def fields(text):
        return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name)
    bokmal, nynorsk = TEXTS.values()
    assert bokmal.keys() == nynorsk.keys()
    assert all(fields(bokmal[key]) == fields(nynorsk[key]) for key in bokmal)
