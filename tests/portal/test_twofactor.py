"""TOTP for the secretariat: turning it on (secret as text and otpauth URI, confirmed by a code), the login that
then asks for the code, wrong and reused codes, the limit on wrong codes, the setting that requires it for
all, and that no other way in (Django's login, the admin's login, a session without the code) skips it."""

from __future__ import annotations

import html
import re
import uuid

import pytest
from django.contrib.auth.models import User
from django.test import Client, override_settings

from pipeline.portal import totp, twofactor
from pipeline.portal.models import Logghendelse, Totrinn
from pipeline.portal.staff import create_user
from tests.support.staff import staff_client

PASSWORD = "hemmelig-passord-1"
#: The portal's clock during these tests (the codes are made for it; no test reads the wall clock).
NOW = 1_900_000_000.0


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch):
    monkeypatch.setattr(twofactor, "clock", lambda: NOW)


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _code(secret: str, steps: int = 0) -> str:
    return totp.totp(totp.secret_bytes(secret), NOW + steps * totp.PERIOD)


def _secret_on_page(page: str) -> str:
    return re.search(r'<code id="hemmelighet">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")


def _enrolled_user() -> tuple[str, str]:
    """A secretariat user with TOTP on; (name, secret)."""
    client, _ = staff_client()
    page = _text(client.get("/runde/totrinn/ny/"))
    secret = _secret_on_page(page)
    assert f"otpauth://totp/Innsendingsportalen:{client.username}?secret={secret}&amp;" in page.replace("&", "&amp;") \
        or f"secret={secret}" in page
    confirmed = client.post("/runde/totrinn/ny/", {"kode": _code(secret)})
    assert confirmed.status_code == 302 and confirmed["Location"] == "/runde/totrinn/ny/?ok=1"
    assert Totrinn.objects.get(bruker__username=client.username).aktiv
    return client.username, secret


def _password(client: Client, name: str, target: str = "/runde/") -> object:
    return client.post(f"/runde/logg-inn/?next={target}", {"username": name, "password": PASSWORD})


def test_turning_it_on_needs_a_code_from_the_app_and_then_login_asks_for_one(runde):
    client, _ = staff_client()
    response = client.get("/runde/totrinn/ny/")
    page = _text(response)
    assert response.status_code == 200 and 'name="csrfmiddlewaretoken"' in page
    secret = _secret_on_page(page)
    assert len(secret) == 32 and "otpauth://totp/Innsendingsportalen:" in page
    wrong = client.post("/runde/totrinn/ny/", {"kode": "000000" if _code(secret) != "000000" else "111111"})
    assert wrong.status_code == 400 and "Koden stemmer ikke" in _text(wrong)
    assert not Totrinn.objects.filter(bruker__username=client.username).exists()  # not on before a code
    assert _secret_on_page(_text(wrong)) == secret  # the same secret until confirmed
    assert client.post("/runde/totrinn/ny/", {"kode": _code(secret)}).status_code == 302
    assert "er slått på" in _text(client.get("/runde/totrinn/ny/?ok=1"))

    fresh = Client()
    step_one = _password(fresh, client.username, "/runde/logg/")
    assert step_one.status_code == 302 and step_one["Location"] == "/runde/totrinn/"
    assert fresh.get("/runde/").status_code == 302  # not logged in yet
    assert fresh.get("/runde/")["Location"].startswith("/runde/logg-inn/")
    code_page = fresh.get("/runde/totrinn/")
    assert code_page.status_code == 200 and "Kode (6 sifre)" in _text(code_page)
    assert 'name="csrfmiddlewaretoken"' in _text(code_page)
    done = fresh.post("/runde/totrinn/", {"kode": _code(secret, 1)})  # the next step: clock drift allowed
    assert done.status_code == 302 and done["Location"] == "/runde/logg/"
    assert fresh.get("/runde/").status_code == 200
    row = Logghendelse.objects.filter(handling="innlogging", hvem=f"{client.username} (sekretariatet)").first()
    assert row.detaljer == "med totrinnskode" and row.klientadresse == "127.0.0.1" and row.objekt == "sekretariatet"
    assert "portal_totrinn_venter" not in fresh.session  # the password step is over


def test_a_wrong_or_used_code_does_not_log_in_and_five_wrong_codes_lock_for_a_while(runde):
    name, secret = _enrolled_user()
    first = Client()
    _password(first, name)
    code = _code(secret, 1)  # the current step's code was used to turn it on
    assert first.post("/runde/totrinn/", {"kode": code}).status_code == 302

    again = Client()
    _password(again, name)
    reused = again.post("/runde/totrinn/", {"kode": code})
    assert reused.status_code == 400 and ('<a href="#kode">Koden stemmer ikke. Skriv de 6 sifrene appen viser nå '
                                          '(en kode kan bare brukes én gang).</a>') in _text(reused)
    assert again.get("/runde/").status_code == 302
    wrong = str((int(code) + 1) % 1_000_000).zfill(6)
    for _ in range(4):
        assert "Koden stemmer ikke" in _text(again.post("/runde/totrinn/", {"kode": wrong}))
    locked = again.post("/runde/totrinn/", {"kode": _code(secret, -1)})
    assert locked.status_code == 400
    assert ">For mange feil koder på kort tid. Vent fem minutter og prøv igjen.<" in _text(locked)
    assert again.get("/runde/").status_code == 302
    other, other_secret = _enrolled_user()  # another user is not locked out by these
    someone = Client()
    _password(someone, other)
    assert someone.post("/runde/totrinn/", {"kode": _code(other_secret, 1)}).status_code == 302
    assert Logghendelse.objects.filter(handling="totrinn", hvem=f"{name} (sekretariatet)", detaljer="feil kode").count() == 5
    assert {r.klientadresse for r in Logghendelse.objects.filter(handling="totrinn", hvem=f"{name} (sekretariatet)")} == {
        "127.0.0.1"}


def test_the_code_step_expires_and_needs_the_password_first(runde):
    name, secret = _enrolled_user()
    without = Client()  # no field at all: refused like a wrong code, never an error
    _password(without, name)
    missing = without.post("/runde/totrinn/", {})
    assert missing.status_code == 400 and "Koden stemmer ikke" in _text(missing)
    nobody = Client()
    assert nobody.get("/runde/totrinn/")["Location"] == "/runde/logg-inn/"
    assert nobody.post("/runde/totrinn/", {"kode": _code(secret)})["Location"] == "/runde/logg-inn/"
    late = Client()
    _password(late, name)
    session = late.session
    session["portal_totrinn_venter"]["tid"] -= 301
    session.save()
    assert late.post("/runde/totrinn/", {"kode": _code(secret)})["Location"] == "/runde/logg-inn/"
    assert late.get("/runde/").status_code == 302
    blocked = Client()  # a user deactivated between the password and the code
    _password(blocked, name)
    User.objects.filter(username=name).update(is_active=False)
    assert blocked.post("/runde/totrinn/", {"kode": _code(secret, 1)})["Location"] == "/runde/logg-inn/"


def test_no_other_login_skips_the_code(runde):
    name, _ = _enrolled_user()
    direct = Client()
    assert direct.login(username=name, password=PASSWORD)  # a password-only session (as Django's own login)
    blocked = direct.get("/runde/")
    assert blocked.status_code == 302 and blocked["Location"] == "/runde/logg-inn/?next=/runde/"
    assert direct.get("/runde/").status_code == 302  # and it was logged out
    api = Client()
    api.login(username=name, password=PASSWORD)
    assert api.get("/api/v1/runde").status_code == 403
    assert Client().get("/sekretariat/login/")["Location"] == "/runde/logg-inn/?next=/sekretariat/"


def test_required_for_all_makes_a_user_without_it_turn_it_on_to_log_in(runde):
    name = f"sekr-{uuid.uuid4().hex[:8]}"
    create_user(name, PASSWORD, approver=False)
    with override_settings(PORTAL_TOTP_REQUIRED=True):
        client = Client()
        step_one = _password(client, name)
        assert step_one["Location"] == "/runde/totrinn/ny/"
        page = _text(client.get("/runde/totrinn/ny/"))
        assert "Sekretariatet må bruke totrinnsinnlogging" in page
        assert client.get("/runde/").status_code == 302
        secret = _secret_on_page(page)
        done = client.post("/runde/totrinn/ny/", {"kode": _code(secret)})
        assert done.status_code == 302 and done["Location"] == "/runde/"
        assert client.get("/runde/").status_code == 200
        off = client.post("/runde/totrinn/av/", {"kode": _code(secret, 1)})
        assert off.status_code == 409 and Totrinn.objects.get(bruker__username=name).aktiv

        old, _ = staff_client()  # a session from before the setting, without TOTP
        assert old.get("/runde/")["Location"] == "/runde/totrinn/ny/"


def test_turning_it_off_needs_a_current_code(runde):
    name, secret = _enrolled_user()
    client = Client()
    _password(client, name)
    assert client.post("/runde/totrinn/", {"kode": _code(secret, 1)}).status_code == 302
    refused = client.post("/runde/totrinn/av/", {"kode": "12345"})
    assert refused.status_code == 400 and Totrinn.objects.filter(bruker__username=name).exists()
    assert client.post("/runde/totrinn/av/", {"kode": _code(secret, 1)})["Location"] == "/runde/totrinn/ny/"
    assert not Totrinn.objects.filter(bruker__username=name).exists()
    plain = Client()
    assert _password(plain, name)["Location"] == "/runde/"  # no code asked any more


def test_a_user_without_totp_logs_in_with_the_password_alone(runde):
    name = f"sekr-{uuid.uuid4().hex[:8]}"
    create_user(name, PASSWORD, approver=False)
    client = Client()
    assert _password(client, name)["Location"] == "/runde/"
    assert client.get("/runde/").status_code == 200
    assert User.objects.get(username=name)


def test_turning_it_on_ends_the_users_other_sessions_without_a_code(runde):
    name = f"sekr-{uuid.uuid4().hex[:8]}"
    create_user(name, PASSWORD, approver=False)
    other = Client()
    assert _password(other, name)["Location"] == "/runde/"  # logged in with the password alone
    assert other.get("/runde/").status_code == 200
    this = Client()
    _password(this, name)
    secret = _secret_on_page(_text(this.get("/runde/totrinn/ny/")))
    assert this.post("/runde/totrinn/ny/", {"kode": _code(secret)}).status_code == 302
    assert this.get("/runde/").status_code == 200  # the code was given here
    assert other.get("/runde/")["Location"] == "/runde/logg-inn/?next=/runde/"
