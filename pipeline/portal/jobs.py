"""«Lag Vedlegg 2» in the background: a job table in the database and one worker thread in the portal
process (no external queue). The job exports the versions :func:`verdicts.chosen_version` picks (by default
the approved one, else the latest without errors) to its own folder and runs the same merge as
``innrapportering merge`` (``pipeline.api.merge``), with the round's earlier rounds as ``forrige``
(:mod:`pipeline.portal.history`) and the progress callback giving 0–100; an «oppdater» job updates a copy of the
uploaded edited document (:mod:`pipeline.portal.updating`). A finished job's export is kept in the database."""

from __future__ import annotations

import json
import threading
import traceback
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

from pipeline.common.errors import PipelineError
from pipeline.portal import history, services, updating, verdicts
from pipeline.portal.models import Jobb, Runde

DOCUMENT = "Vedlegg2.docx"
PDF = "Vedlegg2.pdf"
_wake = threading.Event()
_lock = threading.Lock()
_worker: threading.Thread | None = None


def folder(jobb: Jobb) -> Path:
    return settings.DATA_DIR / "jobber" / str(jobb.pk)


def order(runde: Runde, by: str, **fields) -> Jobb:
    """A new waiting job (``fields``: ``slag``, ``redigert`` … for an update); the worker thread is started
    (once) and woken."""
    jobb = Jobb.objects.create(runde=runde, bestilt_av=by[:300], **fields)
    if getattr(settings, "PORTAL_JOB_THREAD", True):
        _ensure_worker()
        _wake.set()
    return jobb


def attachments(jobb: Jobb) -> dict[str, Path]:
    """The finished job's files by download name: ``docx``, ``pdf`` (when LibreOffice made it), ``eksport``,
    ``rapport``, and for an update
    ``sidefil`` (the editors' versions of what was made again, when there are any) and ``redigert`` (the
    uploaded document as it was uploaded); those that exist."""
    if jobb.status != Jobb.Status.FERDIG:
        return {}
    base = folder(jobb) / "ut"
    found = {"docx": base / DOCUMENT, "pdf": base / PDF, "rapport": base / "merge-rapport.xlsx"}
    exports = [p for p in sorted(base.glob("*.json")) if not p.name.startswith("merge-rapport")]
    if exports:
        found["eksport"] = exports[0]
    if jobb.slag == Jobb.Slag.OPPDATER:
        found["sidefil"] = updating.side_file(base, DOCUMENT)
        found["redigert"] = edited_path(jobb)
    return {k: p for k, p in found.items() if p is not None and p.is_file()}


def edited_path(jobb: Jobb) -> Path:
    """Where an update job keeps its copy of the uploaded document (under the name it was uploaded as)."""
    return folder(jobb) / "redigert" / services.display_name(jobb.redigert_navn or "redigert.docx")


def _claim() -> Jobb | None:
    for jobb in Jobb.objects.filter(status=Jobb.Status.VENTER).order_by("opprettet", "id"):
        if Jobb.objects.filter(pk=jobb.pk, status=Jobb.Status.VENTER).update(status=Jobb.Status.KJORER):
            return Jobb.objects.select_related("runde").get(pk=jobb.pk)
    return None


def run_pending() -> int:
    """Run every waiting job in this thread; returns how many ran."""
    count = 0
    while (jobb := _claim()) is not None:
        run(jobb)
        count += 1
    return count


def run(jobb: Jobb) -> None:
    from pipeline import api
    from pipeline.portal.rounds import RoundError, export_round

    shown = [10]

    def progress(done: int, total: int, _path) -> None:
        # a step of at least 5 points (and the last one): each update is a synced write to the database
        value = min(90, 10 + 80 * done // max(total, 1))
        if value >= shown[0] + 5 or done >= total:
            shown[0] = value
            Jobb.objects.filter(pk=jobb.pk).update(fremdrift=value)

    base = folder(jobb)
    edited = edited_path(jobb) if jobb.slag == Jobb.Slag.OPPDATER else None
    try:
        choice = verdicts.version_choice()
        chosen = {t.pk: verdicts.chosen_version(t, choice) for t in jobb.runde.tiltak.all()}
        if edited is not None:
            updating.prepare(jobb, edited)
        export_round(jobb.runde, base / "inn", pick=lambda t: chosen[t.pk])
        Jobb.objects.filter(pk=jobb.pk).update(fremdrift=10, mappe=str(base),
                                               versjoner=json.dumps(sorted(v.pk for v in chosen.values() if v)))
        earlier = history.write_for_merge(jobb.runde, base / "forrige")
        result = api.merge([base / "inn"], base / "ut" / DOCUMENT, forrige=earlier, oppdater=edited,
                           progress=progress)
        if result.outcome.export is not None:
            history.keep_job_export(jobb, result.outcome.export)
        done = _done(result, edited)
        Jobb.objects.filter(pk=jobb.pk).update(fremdrift=95)
        outcome = {"status": Jobb.Status.FERDIG, "fremdrift": 100, "melding": _with_pdf(done, base / "ut")}
    except (RoundError, PipelineError) as exc:
        text = str(exc).replace(str(edited), edited.name) if edited is not None else str(exc)
        outcome = {"status": Jobb.Status.FEILET, "melding": text}
    except Exception:  # a program error must not kill the worker; the job says so
        traceback.print_exc()
        outcome = {"status": Jobb.Status.FEILET, "melding": "Programfeil under flettingen. Se portalens logg."}
    Jobb.objects.filter(pk=jobb.pk).update(ferdig=timezone.now(), **outcome)


def _done(result, edited: Path | None) -> str:
    merged = len(result.outcome.plan.merged)
    if edited is None:
        return f"{merged} tiltak slått sammen til {DOCUMENT}."
    return updating.done_message(result.outcome, merged, edited.name)


def _with_pdf(done: str, out: Path) -> str:
    """Make ``Vedlegg2.pdf`` beside the DOCX when LibreOffice is there (:func:`pipeline.api.pdf`, which also
    writes the page numbers into the DOCX's contents list); ``done`` and, without a PDF, why there is none.
    A failed conversion never fails the job: the DOCX, export and report are still there."""
    from pipeline import api

    if not getattr(settings, "PORTAL_PDF", True):
        return f"{done} Ingen PDF: PDF er slått av i portalens innstillinger (INNRAPPORTERING_PORTAL_PDF=0)."
    missing = api.pdf_unavailable()
    if missing is not None:
        return f"{done} Ingen PDF: {missing}"
    try:
        api.pdf(out / DOCUMENT, out / PDF)
    except api.PipelineError as exc:
        (out / PDF).unlink(missing_ok=True)
        return f"{done} PDF-en kunne ikke lages: {exc}"
    except Exception:  # a program error in the conversion must not fail the finished merge
        traceback.print_exc()
        (out / PDF).unlink(missing_ok=True)
        return f"{done} PDF-en kunne ikke lages på grunn av en programfeil. Se portalens logg."
    return f"{done} PDF-en er laget."


STOPPED = "Portalen ble stoppet mens jobben kjørte. Bestill «Lag Vedlegg 2» på nytt."


def start() -> int:
    """When the portal starts: a job left running by a stopped portal is marked failed (it cannot be resumed),
    and the worker is started for the jobs still waiting. Returns how many jobs were marked failed."""
    stale = Jobb.objects.filter(status=Jobb.Status.KJORER).update(status=Jobb.Status.FEILET, melding=STOPPED,
                                                                   ferdig=timezone.now())
    _ensure_worker()
    _wake.set()
    return stale


def _loop() -> None:
    while True:
        _wake.wait(timeout=30)
        _wake.clear()
        try:
            run_pending()
        finally:
            close_old_connections()


def _ensure_worker() -> None:
    global _worker
    with _lock:
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_loop, name="portal-jobber", daemon=True)
            _worker.start()
