"""Finding LibreOffice and running one conversion in it: process groups, timeouts, clean-up.

LibreOffice runs headless in its own process group with a throw-away profile and a
unique pipe name; :mod:`pipeline.pdf.uno_convert` (run by a Python that can ``import
uno``, e.g. Debian's ``/usr/bin/python3`` with ``python3-uno``) connects to it and does
the work. Whatever happens, both process groups are killed before :func:`run_worker` returns.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from pipeline.common.errors import PipelineError, reason

WORKER = Path(__file__).with_name("uno_convert.py")
SOFFICE_ENV = "INNRAPPORTERING_SOFFICE"
PYTHON_ENV = "INNRAPPORTERING_UNO_PYTHON"
INSTALL_HINT = "sudo apt-get install libreoffice-writer-nogui python3-uno fonts-crosextra-carlito hyphen-no"
_STOP_GRACE = 3.0  # seconds between SIGTERM and SIGKILL
_SOFFICE_NAMES = ("soffice", "libreoffice")
_SOFFICE_PLACES = ("/usr/lib/libreoffice/program/soffice", "/opt/libreoffice*/program/soffice",
                   "/Applications/LibreOffice.app/Contents/MacOS/soffice")
_PYTHON_PLACES = ("/usr/bin/python3", "/usr/local/bin/python3")


class PdfError(PipelineError):
    """The PDF could not be made. The message is Norwegian."""


class PdfUnavailable(PdfError):
    """LibreOffice or its Python bridge (UNO) is not installed."""


@dataclass(frozen=True)
class Office:
    """The two programs a conversion needs."""
    soffice: Path
    python: Path  # a Python that can ``import uno``


# --- finding LibreOffice ------------------------------------------------------------------------


def _find_soffice() -> Path | None:
    """``$INNRAPPORTERING_SOFFICE``, else ``soffice`` on the PATH, else the usual install places."""
    override = os.environ.get(SOFFICE_ENV)
    if override:
        return Path(override)
    for name in _SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    for pattern in _SOFFICE_PLACES:
        for candidate in sorted(Path("/").glob(pattern.lstrip("/")), reverse=True):
            if os.access(candidate, os.X_OK):
                return candidate
    return None


def _worker_env() -> dict[str, str]:
    """The environment for LibreOffice and the worker: none of the venv's Python settings."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV", "PYTHONSAFEPATH")}
    return env


@lru_cache(maxsize=16)
def _imports_uno(python: str) -> bool:
    """Whether ``python`` can ``import uno`` (asked once per program)."""
    try:
        return subprocess.run([python, "-c", "import uno"], env=_worker_env(), stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def _python_candidates(soffice: Path) -> list[str]:
    """Pythons that may have ``uno``: the override, LibreOffice's own, the system's, this one."""
    override = os.environ.get(PYTHON_ENV)
    if override:
        return [override]
    program = Path(os.path.realpath(soffice)).parent
    bundled = [program / "python", program / "python.exe", program.parent / "Resources" / "python"]
    candidates = [str(p) for p in bundled if p.is_file()]
    candidates += [p for p in _PYTHON_PLACES if Path(p).is_file()]
    candidates += [p for p in (shutil.which("python3"), sys.executable) if p]
    return list(dict.fromkeys(candidates))


def find_office(soffice: Path | None = None, python: Path | None = None) -> Office:
    """Locate ``soffice`` and a Python with ``uno``; :class:`PdfUnavailable` names what to install.
    ``INNRAPPORTERING_SOFFICE`` and ``INNRAPPORTERING_UNO_PYTHON`` override the search."""
    soffice = Path(soffice) if soffice else _find_soffice()
    if soffice is None or not os.access(soffice, os.X_OK):
        raise PdfUnavailable(
            "Fant ikke LibreOffice (programmet soffice), som trengs for å lage PDF. På Debian/Ubuntu: "
            f"«{INSTALL_HINT}». Ligger LibreOffice et annet sted, oppgi programmet med "
            f"miljøvariabelen {SOFFICE_ENV}.")
    candidates = [str(python)] if python else _python_candidates(soffice)
    for candidate in candidates:
        if _imports_uno(candidate):
            return Office(soffice, Path(candidate))
    raise PdfUnavailable(
        "LibreOffice er installert, men Python-broen til LibreOffice (UNO) mangler, så innholdsfortegnelsen "
        "kan ikke oppdateres. På Debian/Ubuntu: «sudo apt-get install python3-uno». Har du en annen Python "
        f"som kan «import uno», oppgi den med miljøvariabelen {PYTHON_ENV}.")


# --- processes ----------------------------------------------------------------------------------


def _spawn(args: Sequence[str], stdout: Path, stderr: Path, tmpdir: Path) -> subprocess.Popen:
    """Start ``args`` as the leader of a new process group (session). ``TMPDIR`` is the run's own
    temporary folder, so LibreOffice's working files and pipe go away with it."""
    with open(stdout, "wb") as out, open(stderr, "wb") as err:
        try:
            return subprocess.Popen([str(a) for a in args], stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                    env={**_worker_env(), "TMPDIR": str(tmpdir)}, start_new_session=True,
                                    close_fds=True)
        except OSError as exc:
            raise PdfError(f"Kunne ikke starte {args[0]}: {reason(exc)}.") from exc


def _signal_group(proc: subprocess.Popen, sig: int) -> None:
    """Send ``sig`` to the process group ``proc`` leads, if it still exists."""
    try:
        os.killpg(proc.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _stop(*procs: subprocess.Popen | None, grace: float = _STOP_GRACE) -> None:
    """End each process and everything in its process group: SIGTERM to all, ``grace``
    seconds, then SIGKILL to all (also children that outlived their leader)."""
    procs = tuple(p for p in procs if p is not None)
    for proc in procs:
        _signal_group(proc, signal.SIGTERM)
    grace_ends = time.monotonic() + grace
    for proc in procs:
        try:
            proc.wait(timeout=max(grace_ends - time.monotonic(), 0.01))
        except subprocess.TimeoutExpired:
            pass
    for proc in procs:
        _signal_group(proc, signal.SIGKILL)
        try:
            proc.wait(timeout=_STOP_GRACE)
        except subprocess.TimeoutExpired:  # pragma: no cover - a process that ignores SIGKILL
            pass


def _tail(path: Path, limit: int = 400) -> str:
    """The end of a log file, for error messages (``""`` when unreadable)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""
    lines = [line for line in text.splitlines() if "javaldx" not in line]  # harmless Debian warning
    return "\n".join(lines)[-limit:]


def _wait(worker: subprocess.Popen, office: subprocess.Popen, deadline: float, log: Path, timeout: float) -> None:
    """Wait for the worker; fail when LibreOffice dies first or time runs out."""
    office_gone_at = None
    while worker.poll() is None:
        now = time.monotonic()
        if now > deadline:
            raise PdfError(f"LibreOffice ble ikke ferdig med PDF-en innen {timeout:.0f} sekunder og er stoppet. "
                           f"Prøv igjen; er dokumentet svært stort, øk tidsgrensen med --tidsgrense SEK (nå {timeout:.0f}).")
        if office.poll() is not None:
            office_gone_at = office_gone_at or now
            if now - office_gone_at > 2:  # the worker had its chance to finish
                detail = _tail(log)
                raise PdfError(f"LibreOffice stoppet uventet (avslutningskode {office.returncode}) før PDF-en "
                               "var ferdig." + (f" Melding fra LibreOffice: {detail}" if detail else ""))
        time.sleep(0.05)


_STAGE_MESSAGES = {
    "connect": "Fikk ikke kontakt med LibreOffice",
    "load": "LibreOffice kunne ikke åpne {name}",
    "update": "LibreOffice kunne ikke oppdatere innholdsfortegnelsen i {name}",
    "export": "LibreOffice kunne ikke skrive PDF-en av {name}",
}


def _worker_result(worker: subprocess.Popen, out: Path, err: Path, office: subprocess.Popen, log: Path,
                   name: str) -> dict:
    """The worker's JSON result; :class:`PdfError` with a Norwegian message when it failed."""
    try:
        result = json.loads(out.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        result = None
    if isinstance(result, dict) and result.get("ok"):
        return result
    if isinstance(result, dict):
        message = _STAGE_MESSAGES.get(result.get("stage"), "PDF-omformingen mislyktes").format(name=name)
        raise PdfError(f"{message} (melding fra LibreOffice: {result.get('error', 'ukjent feil')}).")
    detail = _tail(err) or _tail(log)
    if office.poll() not in (None, 0):
        raise PdfError(f"LibreOffice stoppet uventet (avslutningskode {office.returncode}) før PDF-en var ferdig."
                       + (f" Melding: {detail}" if detail else ""))
    raise PdfError(f"PDF-omformingen stoppet uventet (avslutningskode {worker.returncode})."
                   + (f" Melding: {detail}" if detail else ""))


def run_worker(office: Office, source: Path, target: Path, tmp: Path, *, timeout: float, deadline: float,
               name: str) -> dict:
    """Start LibreOffice and the UNO worker in ``tmp`` to convert ``source`` to ``target``; the worker's
    JSON result. Both process groups are stopped before returning, also on failure or timeout."""
    pipe = f"innrapportering-{os.getpid()}-{uuid.uuid4().hex[:12]}"
    soffice = worker = None
    finished = False
    try:
        soffice = _spawn([office.soffice, "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
                          "--nolockcheck", f"-env:UserInstallation={(tmp / 'profil').as_uri()}",
                          f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
                         tmp / "soffice.out", tmp / "soffice.err", tmp)
        worker = _spawn([office.python, WORKER, "--pipe", pipe, "--input", source, "--output", target,
                         "--connect-timeout", f"{timeout + 10:.0f}"],  # our deadline comes first
                        tmp / "worker.out", tmp / "worker.err", tmp)
        _wait(worker, soffice, deadline, tmp / "soffice.err", timeout)
        result = _worker_result(worker, tmp / "worker.out", tmp / "worker.err", soffice, tmp / "soffice.err", name)
        finished = True
    finally:  # after a failure LibreOffice may hang: no long grace
        _stop(worker, soffice, grace=_STOP_GRACE if finished else 0.5)
        Path(f"/tmp/OSL_PIPE_{os.getuid()}_{pipe}").unlink(missing_ok=True)  # if TMPDIR was not honoured
    return result
