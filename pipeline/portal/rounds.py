"""Create a round from rapport.toml, and export the latest version of every submission to a folder."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from pipeline import api
from pipeline.api import REPORT_SETTINGS_NAME
from pipeline.common.atomic import OutputError, write_atomic
from pipeline.common.errors import PipelineError
from pipeline.contract.settings import SettingsError, load_report_settings
from pipeline.portal import access, audit, history, services
from pipeline.portal.models import Aktor, Runde, ForventetTiltak
from pipeline.contract.identity import tiltak_key


class RoundError(PipelineError):
    """The round cannot be made or exported; the message is Norwegian."""


@dataclass(frozen=True)
class Invitation:
    """What the secretariat sends one actor: the personal link and the API token (shown only now)."""

    aktor: str
    link: str
    token: str

    def line(self) -> str:
        return f"{self.aktor}\t{self.link}\t{self.token}"


def _rounds_from_files(forrige: Path | None, report, settings_path: Path) -> tuple[list[api.EarlierRound], str]:
    """The earlier rounds given as files: ``--forrige`` (one export or a folder of them), else ``forrige`` in
    rapport.toml (relative to it), read with the library's history loading; and where they came from."""
    path = forrige if forrige is not None else (settings_path.parent / report.forrige if report.forrige else None)
    if path is None:
        return [], ""
    try:
        rounds, _ = api.read_rounds(path, report)
    except PipelineError as exc:
        raise RoundError(str(exc)) from None
    return rounds, str(path)


def create_round(settings_path: Path, forrige: Path | None = None) -> list[Invitation]:
    """A new round with one actor per ``aktor`` of the expected tiltak; returns each actor's invitation."""
    try:
        report = load_report_settings(settings_path)
    except SettingsError as exc:
        raise RoundError(str(exc)) from None
    if not report.forventet:
        raise RoundError(f"{settings_path} har ingen forventede tiltak ([[forventet]] med navn og aktor).")
    nameless = [t.navn for t in report.forventet if not t.aktor.strip()]
    if nameless:
        raise RoundError(f"{settings_path}: disse tiltakene mangler aktor: " + ", ".join(f"«{n}»" for n in nameless))
    read, source = _rounds_from_files(forrige, report, settings_path)
    invitations: list[Invitation] = []
    with transaction.atomic():
        runde = Runde.objects.create(periode=report.periode, rapportdato=report.rapportdato, frist=report.frist,
                                     innstillinger=settings_path.read_text(encoding="utf-8"),
                                     innstillinger_mappe=str(settings_path.resolve().parent),
                                     forrige=json.dumps(read[-1].records if read else [], ensure_ascii=False))
        history.keep_read_rounds(runde, read, source)
        actors: dict[str, Aktor] = {}
        for expected in report.forventet:
            name = " ".join(expected.aktor.split())
            if name not in actors:
                token, hashed = access.new_token()
                actors[name] = Aktor.objects.create(runde=runde, navn=name, token_hash=hashed)
                invitations.append(Invitation(name, "", token))
            key = tiltak_key(expected.navn)
            if ForventetTiltak.objects.filter(runde=runde, nokkel=key).exists():
                raise RoundError(f"{settings_path}: «{expected.navn}» står to ganger blant de forventede tiltakene.")
            ForventetTiltak.objects.create(runde=runde, aktor=actors[name], navn=expected.navn, nokkel=key,
                                  segment=expected.segment)
    for invitation in invitations:
        audit.record("lenke", invitation.aktor, by="kommandolinjen", details="opprett-runde: lenke og API-nøkkel")
    return [Invitation(i.aktor, access.link_url(actors[i.aktor]), i.token) for i in invitations]


_FORRIGE_LINE = re.compile(r"^\s*forrige\s*=.*$", re.MULTILINE)


def _settings_for_export(runde: Runde) -> str:
    """rapport.toml as given, with ``forrige`` pointing where it pointed (an absolute path) or left out."""
    report = services.report_settings(runde)
    if not report.forrige:
        return runde.innstillinger
    target = (Path(runde.innstillinger_mappe) / report.forrige).resolve()
    if target.exists():
        line = "forrige = " + json.dumps(str(target), ensure_ascii=False)
    else:
        line = f"# forrige: {report.forrige} fantes ikke da portalen eksporterte"
    return _FORRIGE_LINE.sub(lambda _: line, runde.innstillinger, count=1)


def export_round(runde: Runde, folder: Path, pick=services.latest) -> list[Path]:
    """The latest version (or what ``pick(tiltak)`` chooses) of every tiltak as ``<tiltak>.xlsx`` in ``folder``,
    with rapport.toml; a file already there with other content is never overwritten (:class:`RoundError`)."""
    chosen = [(t, pick(t)) for t in runde.tiltak.order_by("navn")]
    chosen = [(t, v) for t, v in chosen if v is not None]
    outputs: list[tuple[Path, bytes]] = [(folder / REPORT_SETTINGS_NAME, _settings_for_export(runde).encode())]
    for stem, (_, version) in zip(api.workbook_stems(t.navn for t, _ in chosen), chosen):
        outputs.append((folder / f"{stem}.xlsx", services.stored_path(version).read_bytes()))
    clashes = [p for p, data in outputs if p.exists() and (not p.is_file() or p.read_bytes() != data)]
    if clashes:
        raise RoundError(f"{clashes[0]} finnes allerede med annet innhold og overskrives ikke. "
                         "Velg en tom mappe med -o.")
    try:
        return [write_atomic(p, data) for p, data in outputs]
    except OutputError as exc:
        raise RoundError(str(exc)) from None


def reissue(runde: Runde, name: str) -> Invitation:
    """A new link and API token for one actor; every earlier link, login and token stops working."""
    aktor = runde.aktorer.filter(navn=" ".join(name.split())).first()
    if aktor is None:
        known = ", ".join(runde.aktorer.order_by("navn").values_list("navn", flat=True))
        raise RoundError(f"Fant ingen aktør «{name}» i runden {runde.periode}. Aktørene er: {known}.")
    token, aktor.token_hash = access.new_token()
    aktor.lenkegenerasjon += 1
    aktor.sperret = False
    aktor.save()
    audit.record("lenke", aktor.navn, by="kommandolinjen", details="ny-lenke: ny lenke og API-nøkkel, de gamle trukket tilbake")
    return Invitation(aktor.navn, access.link_url(aktor), token)


def current_round() -> Runde | None:
    return Runde.objects.order_by("-opprettet", "-id").first()
