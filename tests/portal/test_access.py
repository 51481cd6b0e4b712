"""Access, by enumerating every URL pattern of the URLconf (a new address is covered without editing this
file): an actor's session or token reaches no secretariat page or API; every POST needs the CSRF token except
the token-authenticated API; a secretariat user without the approve permission gets 403 on approve; and every
form the pages show carries the token and is refused without it."""

from __future__ import annotations

import html
import re

from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from pipeline.portal.models import ForventetTiltak, Logghendelse
from pipeline.portal.errors import CSRF
from tests.support.portal import INPUT, log_in, upload
from tests.support.staff import staff_client

#: Open to anyone (the entry, the personal link, logging in and out).
PUBLIC = {"", "lenke/<str:code>/", "logg-ut/", "malform/", "runde/logg-inn/", "runde/totrinn/", "runde/totrinn/ny/",
          "sekretariat/login/", "^static/(?P<path>.*)$"}
#: The actor's own pages and API.
ACTOR = {"tiltak/", "tiltak/last-opp/", "tiltak/<int:pk>/", "tiltak/<int:pk>/last-opp/",
         "tiltak/<int:pk>/forhandsutfylt/", "innsending/<int:pk>/fil/", "innsending/<int:pk>/tilbakemelding/",
         "mal/", "api/v1/tiltak", "api/v1/innsendinger"}
#: Authenticated by the API token (no cookies): CSRF does not apply.
TOKEN_API = re.compile(r"^api/v1/")
LOGIN_PAGES = ("/runde/logg-inn/", "/sekretariat/login/")


def _patterns(resolver=None, prefix: str = "") -> list[str]:
    out = []
    for item in (resolver or get_resolver()).url_patterns:
        if isinstance(item, URLResolver):
            out += _patterns(item, prefix + str(item.pattern))
        elif isinstance(item, URLPattern):
            out.append(prefix + str(item.pattern))
    return list(dict.fromkeys(out))


def _group(match: re.Match) -> str:
    body = match.group(2)
    return body.split("|")[0] if "|" in body else "1" if body == r"\d+" else "x"


def _url(pattern: str, pk: int) -> str:
    """A concrete address for a pattern: ``<int:…>`` → ``pk``, other converters and regex groups a sample."""
    url = re.sub(r"<int:\w+>", str(pk), pattern)
    url = re.sub(r"<(?:\w+:)?\w+>", "x", url)
    url = re.sub(r"\(\?P<(\w+)>([^)]*)\)", _group, url)
    return "/" + url.lstrip("^").rstrip("$")


def _secretariat_patterns() -> list[str]:
    return [p for p in _patterns() if p not in PUBLIC | ACTOR]


def test_the_urlconf_is_enumerated_and_every_listed_address_exists():
    patterns = _patterns()
    assert len(patterns) > 40 and "runde/purring/" in patterns and "api/v1/runde" in patterns
    assert (PUBLIC | ACTOR) <= set(patterns)  # a renamed address must be moved here by hand


def test_an_actor_session_or_token_reaches_no_secretariat_page_or_api(runde):
    vest = runde.actors["Helse Vest"]
    session = Client()
    log_in(session, vest)
    upload(session, INPUT / "heliks.xlsx")
    assert session.get("/tiltak/").status_code == 200  # the session is a real actor login
    assert Client().get("/api/v1/tiltak", **vest.auth).status_code == 200  # and so is the token
    pk = runde.tiltak("HELIKS").pk
    checked = 0
    for pattern in _secretariat_patterns():
        url = _url(pattern, pk)
        for who, client, extra in (("økt", session, {}), ("nøkkel", Client(), vest.auth)):
            for method in ("get", "post"):
                response = getattr(client, method)(url, **extra)
                where = f"{method.upper()} {url} med aktørens {who}: {response.status_code}"
                assert response.status_code in (302, 401, 403, 405), where
                if response.status_code == 302:  # to a login page (the admin's log-out: to the admin, which asks for one)
                    assert response["Location"].startswith(LOGIN_PAGES) or response["Location"] == "/sekretariat/", where
                checked += 1
    assert checked >= 4 * 50
    assert ForventetTiltak.objects.get(pk=pk).vurdering == ""  # nothing was approved or sent back


def test_the_secretariat_reaches_its_pages_so_the_check_above_is_not_empty(runde):
    staff, token = staff_client()
    pk = runde.tiltak("HELIKS").pk
    for pattern in ("runde/", "runde/tiltak/<int:pk>/", "runde/purring/", "runde/logg/", "runde/totrinn/ny/"):
        assert staff.get(_url(pattern, pk)).status_code == 200, pattern
    assert Client().get("/api/v1/runde", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


def test_every_post_without_the_csrf_token_is_refused_except_the_token_api(runde):
    staff, _ = staff_client()
    strict_staff = Client(enforce_csrf_checks=True)
    strict_staff.force_login(User.objects.get(username=staff.username))
    strict_actor = Client(enforce_csrf_checks=True)
    strict_actor.get(runde.actors["Helse Vest"].path)
    strict_actor.post(runde.actors["Helse Vest"].path, {"csrfmiddlewaretoken": strict_actor.cookies["csrftoken"].value})
    assert strict_actor.get("/tiltak/").status_code == 200
    pk = runde.tiltak("HELIKS").pk
    before = Logghendelse.objects.count()
    for pattern in _patterns():
        if TOKEN_API.match(pattern):
            continue
        for client in (strict_staff, strict_actor):
            response = client.post(_url(pattern, pk), {"kommentar": "x", "kode": "123456"})
            assert response.status_code == 403, f"POST {_url(pattern, pk)}: {response.status_code}"
            assert CSRF[0] in html.unescape(response.content.decode()), _url(pattern, pk)
    assert Logghendelse.objects.count() == before  # no view ran


def test_an_actor_session_posting_without_the_token_is_refused(runde):
    actor = Client(enforce_csrf_checks=True)
    vest = runde.actors["Helse Vest"]
    assert actor.get(vest.path).status_code == 200
    assert actor.post(vest.path).status_code == 403  # even the login button needs the token
    token = actor.cookies["csrftoken"].value
    assert actor.post(vest.path, {"csrfmiddlewaretoken": token}).status_code == 302
    pk = runde.tiltak("HELIKS").pk
    for url in ("/logg-ut/", "/tiltak/last-opp/", f"/tiltak/{pk}/last-opp/"):
        assert actor.post(url).status_code == 403, url
    assert actor.get("/tiltak/").status_code == 200  # still logged in: the log-out did not run


def _forms(page: str, url: str) -> list[tuple[str, bool]]:
    """(action, has the token) for every POST form on a page (no action: the page itself)."""
    found = []
    for form in re.findall(r"<form\b[^>]*>.*?</form>", page, re.S):
        if re.search(r'method="post"', form, re.I):
            action = re.search(r'action="([^"]+)"', form.split(">", 1)[0])
            found.append((action.group(1) if action else url, "csrfmiddlewaretoken" in form))
    return found


def test_every_form_on_the_pages_carries_the_token_and_is_refused_without_it(runde):
    vest = Client()
    log_in(vest, runde.actors["Helse Vest"])
    upload(vest, INPUT / "heliks.xlsx")
    pk = runde.tiltak("HELIKS").pk
    staff, _ = staff_client()
    pages = [(vest, "/tiltak/"), (vest, f"/tiltak/{pk}/"), (Client(), runde.actors["Helse Nord"].path),
             (staff, "/runde/"), (staff, f"/runde/tiltak/{pk}/"), (staff, "/runde/purring/"),
             (staff, "/runde/totrinn/ny/"), (staff, "/runde/logg/"), (Client(), "/runde/logg-inn/")]
    actions = set()
    for client, url in pages:
        forms = _forms(client.get(url).content.decode(), url)
        for action, has_token in forms:
            assert has_token, f"{url}: skjemaet til {action} mangler CSRF-token"
            actions.add(action)
    assert {"/logg-ut/", f"/tiltak/{pk}/last-opp/", "/runde/logg-ut/", f"/runde/tiltak/{pk}/send-tilbake/",
            f"/runde/tiltak/{pk}/godkjenn/", "/runde/vedlegg2/", "/runde/totrinn/ny/", "/runde/logg-inn/",
            runde.actors["Helse Nord"].path} <= actions
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(User.objects.get(username=staff.username))
    for action in sorted(actions):
        assert strict.post(action).status_code == 403, action


def test_without_the_approve_permission_approve_is_403_and_changes_nothing(runde):
    vest = Client()
    log_in(vest, runde.actors["Helse Vest"])
    upload(vest, INPUT / "heliks.xlsx")
    heliks = runde.tiltak("HELIKS")
    staff, _ = staff_client(approver=False)
    before = Logghendelse.objects.filter(handling="godkjenning").count()
    refused = staff.post(f"/runde/tiltak/{heliks.pk}/godkjenn/")
    assert refused.status_code == 403 and "Du har ikke lov til å godkjenne" in html.unescape(refused.content.decode())
    assert ForventetTiltak.objects.get(pk=heliks.pk).vurdering == ""
    assert Logghendelse.objects.filter(handling="godkjenning").count() == before
    approver, _ = staff_client(approver=True)
    assert approver.post(f"/runde/tiltak/{heliks.pk}/godkjenn/").status_code == 302  # the same call with it
    assert ForventetTiltak.objects.get(pk=heliks.pk).vurdering == "godkjent"
