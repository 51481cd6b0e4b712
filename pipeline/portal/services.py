"""The glue between the portal and the library: check an upload as ``validate`` does, keep every file and
version, and decide which tiltak it belongs to.

An upload is stored in this order: the file is written under a generated name and synced to disk, then
its row is committed; only then is it acknowledged. A refused file (another actor's tiltak, not a
workbook …) is kept too, as an :class:`Innsending` with ``avvist`` set, for the secretariat to see.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import tomllib
import uuid
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.db import transaction

from pipeline import api
from pipeline.api import CheckResult, FileResult
from pipeline.contract.settings import FormSettings, ReportSettings
from pipeline.portal.models import Aktor, Innsending, Runde, ForventetTiltak
from pipeline.contract.identity import tiltak_key

#: Status words shown per tiltak.
MANGLER, HAR_FEIL, KLAR = "mangler", "har feil", "klar"
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\]+")


@lru_cache(maxsize=1)
def form_settings() -> FormSettings:
    return api.form_settings()


@lru_cache(maxsize=32)
def _report_settings(text: str) -> ReportSettings:
    return ReportSettings.model_validate(tomllib.loads(text))


def report_settings(runde: Runde) -> ReportSettings:
    return _report_settings(runde.innstillinger)


def display_name(name: str) -> str:
    """The uploaded file's own name, without any folder part or control characters (at most 150 characters)."""
    base = _UNSAFE.sub("_", name.replace("\\", "/").rsplit("/", 1)[-1]).strip(" .")
    if len(base) > 150:
        stem, dot, suffix = base.rpartition(".")
        base = (stem[: 140] + dot + suffix[:9]) if dot else base[:150]
    return base or "arbeidsbok.xlsx"


def check_path(path: Path, runde: Runde) -> CheckResult:
    """The workbook checked exactly as ``validate FILE`` would with the round's rapport.toml."""
    return api.check_file(path, report_settings(runde), rapportdato=runde.rapportdato)


def check_bytes(data: bytes, name: str, runde: Runde) -> CheckResult:
    """:func:`check_path` for uploaded bytes, under the uploaded file's own name (so findings name it)."""
    with tempfile.TemporaryDirectory(prefix="portal-") as folder:
        path = Path(folder) / display_name(name)
        path.write_bytes(data)
        return check_path(path, runde)


def validate_json(result: CheckResult, runde: Runde) -> dict:
    """The same dict as ``validate --json`` prints for the file (keys in docs/json.md)."""
    return result.to_dict(runde.rapportdato, "fra rapport.toml for runden")


def store_file(data: bytes) -> str:
    """Write ``data`` under a generated name in the upload folder, synced to disk; returns the name."""
    folder: Path = settings.UPLOAD_DIR
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}.bin"
    tmp = folder / f".{name}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, folder / name)
    finally:
        tmp.unlink(missing_ok=True)
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return name


def stored_path(innsending: Innsending) -> Path:
    return settings.UPLOAD_DIR / innsending.lagret_som


@dataclass
class Outcome:
    """What became of an upload: the kept row, the report, and for a refusal the status code and message."""

    innsending: Innsending
    report: dict
    refusal: str = ""
    code: int = 200

    @property
    def accepted(self) -> bool:
        return not self.refusal


def _placement(aktor: Aktor, file: FileResult | None, result: CheckResult,
               target: ForventetTiltak | None) -> tuple[ForventetTiltak | None, str, int]:
    """Which tiltak the file is a version of, or why it is refused (message, status code)."""
    if file is None:
        note = result.skipped[0].message if result.skipped else "filen kunne ikke leses"
        return None, f"Filen ble ikke lest: {note}", 422
    if file.tiltak is None:
        why = file.errors[0].message if file.errors else "den kan ikke leses"
        return None, f"Filen er ikke en arbeidsbok som kan leses: {why}", 422
    name = (file.tiltak.navn or "").strip()
    if not name:
        if target is not None:
            return target, "", 200
        return None, ("Fant ikke tiltakets navn i arbeidsboken (arket «Tiltak»). Fyll det inn, eller last opp "
                      "fra siden til tiltaket."), 422
    tiltak = aktor.runde.tiltak.select_related("aktor").filter(nokkel=tiltak_key(name)).first()
    if tiltak is None:
        return None, (f"Arbeidsboken gjelder «{name}», som ikke står på listen over tiltak i denne runden. "
                      "Kontroller tiltakets navn i arket «Tiltak», eller kontakt sekretariatet."), 422
    if tiltak.aktor_id != aktor.pk:
        owner = tiltak.aktor.navn
        if tiltak.versjoner.filter(avvist="").exclude(aktor=aktor).exists():
            return None, (f"«{tiltak.navn}» er allerede sendt inn av {owner}. Et tiltak sendes inn av "
                          "aktøren som har det; kontakt sekretariatet hvis det er feil."), 403
        return None, (f"«{tiltak.navn}» hører til {owner}, ikke til {aktor.navn}. Du kan bare sende inn "
                      "egne tiltak; kontakt sekretariatet hvis det er feil."), 403
    if target is not None and tiltak.pk != target.pk:
        return None, (f"Arbeidsboken gjelder «{tiltak.navn}», men du lastet den opp på siden for "
                      f"«{target.navn}». Last den opp på siden for «{tiltak.navn}»."), 422
    return tiltak, "", 200


def _nynorsk(result: CheckResult) -> dict:
    """The findings in nynorsk, kept beside the report for the actor's page (docs/malform.md, «Portalen»)."""
    from pipeline.portal import presenting

    return {presenting.NYNORSK_KEY: presenting.nynorsk_items(result)}


def receive(aktor: Aktor, data: bytes, name: str, *, uploader: str, kanal: str = "nett",
            target: ForventetTiltak | None = None, address: str = "") -> Outcome:
    """Check, keep and place one upload. The file and its row are committed before this returns."""
    result = check_bytes(data, name, aktor.runde)
    report = validate_json(result, aktor.runde)
    file = result.files[0] if result.files else None
    tiltak, refusal, code = _placement(aktor, file, result, target)
    record = api.tiltak_record(file.tiltak) if file is not None and file.tiltak is not None and not refusal else None
    stored = store_file(data)
    with transaction.atomic():
        innsending = Innsending.objects.create(
            aktor=aktor, tiltak=tiltak or (target if refusal else None), filnavn=display_name(name), lagret_som=stored,
            sha256=hashlib.sha256(data).hexdigest(), storrelse=len(data), lastet_opp_av=uploader[:300],
            kanal=kanal, resultat=file.status if file is not None else "feil",
            funn=json.dumps({**report, **_nynorsk(result)}, ensure_ascii=False), data=json.dumps(record, ensure_ascii=False) if record else "",
            avvist=refusal)
        if tiltak is not None and not refusal and (tiltak.vurdering or tiltak.kommentar):
            # a new version waits for a new verdict: the comment and the approval go with the old one (the
            # approved version stays recorded, so the secretariat sees that a new one came after it)
            ForventetTiltak.objects.filter(pk=tiltak.pk).update(vurdering="", kommentar="")
            tiltak.vurdering, tiltak.kommentar = "", ""  # the page answering this upload shows the new state
        from pipeline.portal import audit

        what = f"{tiltak.navn if tiltak else display_name(name)} (versjon {innsending.pk})"
        audit.record("opplasting", what, by=uploader, address=address,
                     details=f"{innsending.filnavn}: {refusal or innsending.resultat}")
    return Outcome(innsending, report, refusal, code)


def versions(tiltak: ForventetTiltak):
    """The tiltak's versions (refused files left out), oldest first."""
    return tiltak.versjoner.filter(avvist="").order_by("tidspunkt", "id")


def latest(tiltak: ForventetTiltak) -> Innsending | None:
    return versions(tiltak).last()


def status(tiltak: ForventetTiltak, newest: Innsending | None = None) -> str:
    """mangler / har feil / klar, or the secretariat's verdict (sendt tilbake / godkjent)."""
    newest = newest or latest(tiltak)
    if newest is None:
        return MANGLER
    if tiltak.vurdering:
        return tiltak.vurdering
    return HAR_FEIL if newest.resultat == "feil" else KLAR
