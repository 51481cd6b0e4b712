"""Helpers for the portal tests: a small round (two actors, three tiltak), logging in by the link, uploads."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from tests.support.paths import ROOT

INPUT = ROOT / "input"
PREVIOUS = INPUT / "forrige-runde" / "vedlegg2-2021-11.json"

SETTINGS = """periode = "November 2021"
rapportdato = 2021-11-01
frist = 2021-11-15

[[forventet]]
navn = "HELIKS"
segment = "Koordinere"
aktor = "Helse Vest"

[[forventet]]
navn = "Alle møter"
segment = "Koordinere"
aktor = "Helse Vest"

[[forventet]]
navn = "FRESK"
segment = "Observere"
aktor = "Helse Nord"
"""


@dataclass
class Actor:
    name: str
    link: str
    token: str

    @property
    def path(self) -> str:
        return "/" + self.link.split("/", 3)[3]

    @property
    def auth(self) -> dict:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token}"}


@dataclass
class PortalRound:
    settings: Path
    actors: dict[str, Actor]
    runde: object

    def tiltak(self, name: str):
        return self.runde.tiltak.get(navn=name)


def make_round(folder: Path, settings_text: str = SETTINGS) -> PortalRound:
    """A round from a rapport.toml in ``folder`` with the previous round's export of the examples."""
    from pipeline.portal.rounds import create_round, current_round

    path = folder / "rapport.toml"
    path.write_text(settings_text, encoding="utf-8")
    invitations = create_round(path, PREVIOUS)
    return PortalRound(path, {i.aktor: Actor(i.aktor, i.link, i.token) for i in invitations}, current_round())


def log_in(client, actor: Actor):
    """Open the link (confirm page), then confirm; returns the response to the POST."""
    page = client.get(actor.path)
    assert page.status_code == 200
    return client.post(actor.path)


def upload(client, path: Path, url: str = "/tiltak/last-opp/", name: str | None = None, **extra):
    with path.open("rb") as fh:
        from django.core.files.uploadedfile import SimpleUploadedFile

        return client.post(url, {"fil": SimpleUploadedFile(name or path.name, fh.read())}, **extra)


def api_upload(client, actor: Actor, path: Path, name: str | None = None, **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {"fil": SimpleUploadedFile(name or path.name, path.read_bytes()), **fields}
    response = client.post("/api/v1/innsendinger", data, **actor.auth)
    return response, json.loads(response.content)


def validate_json(path: Path, settings: Path) -> dict:
    """What ``innrapportering validate --json FILE --innstillinger SETTINGS`` prints, parsed."""
    import contextlib
    import io

    from pipeline.cli.main import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["validate", "--json", "--innstillinger", str(settings), str(path)])
    return json.loads(out.getvalue())
