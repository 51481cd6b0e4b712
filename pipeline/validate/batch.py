"""Read and validate a set of workbooks: the shared first half of ``validate`` and ``merge``.

Files are read and validated in worker processes (one per available core) when
there are enough of them to pay for starting the workers; results always come
back in input order, identical to a serial run. One bad file never stops the
others: an exception becomes an issue on that file, and a worker process that
dies (a crash in a native library, the memory killer) costs only the files it
was reading, which are then retried one by one in a fresh process.
"""

from __future__ import annotations

import gc
import os
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from typing import Any
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pipeline.common import timing
from pipeline.common.malform import DEFAULT, Malform
from pipeline.read.discover import discover
from pipeline.contract import nnforms
from pipeline.contract.formatting import format_date
from pipeline.contract.issues import Code, HasIssues, Issue, display_value
from pipeline.contract.models import Tiltak
from pipeline.read.reader import read_workbook
from pipeline.contract.settings import FormSettings
from pipeline.validate.context import RoundFacts
from pipeline.validate.crossfile import mark_duplicates
from pipeline.validate.validator import validate

#: Environment variable: number of worker processes (1 = read in this process).
JOBS_ENV = "INNRAPPORTERING_JOBS"
#: Fewer files than this are read in this process: starting workers would cost more than it saves.
PARALLEL_MIN_FILES = 8
#: Files handed to each worker ahead of time (bounds memory: finished results wait in order).
WINDOW_PER_WORKER = 4
#: Detail of the issue for a file whose worker process died even when read alone.
WORKER_DIED = "leseprosessen stoppet uventet (for lite minne eller en feil i et bibliotek)"


@dataclass
class FileResult(HasIssues):
    """One submission file after reading and validation."""

    path: Path
    tiltak: Tiltak | None
    issues: list[Issue]
    read_with: str = "direct"  # the reader that indexed the file (``RawWorkbook.read_with``)
    #: The standard the workbook declares (``Mal_Malform``; None: none, that is bokmål).
    own_malform: Malform | None = None
    #: The standard the actor's findings are written in (see :mod:`pipeline.validate.malformchoice`).
    malform: Malform = DEFAULT

    @property
    def name(self) -> str:
        """The file name as shown to people (control characters made visible)."""
        return display_value(self.path.name, limit=None)

    @property
    def status(self) -> str:
        """The validation verdict: ``ok``, ``advarsler`` or ``feil``."""
        if self.errors:
            return "feil"
        return "advarsler" if self.issues else "ok"

    def to_dict(self, status: str | None = None, malform: Malform | None = None) -> dict:
        """The file, its tiltak, status and every issue: the one row both ``validate --json`` and the
        merge report print. ``status``: the merge's status instead of :attr:`status`; ``malform``: the
        standard of the messages (bokmål when None). ``malform`` is in the row when the workbook declares one."""
        t = self.tiltak
        declared = {"malform": str(self.own_malform)} if self.own_malform else {}
        return {
            "fil": self.name,
            "tiltak": t.navn if t else "",
            "aktor": t.aktor if t else "",
            "segment": t.segment if t else "",
            "status": str(status or self.status),
            "feil": len(self.errors),
            "advarsler": len(self.warnings),
            **declared,
            "funn": [i.to_dict(malform, nnforms) for i in self.issues],
        }


@dataclass
class CheckResult:
    """Every file read, and the paths that were skipped or do not exist."""

    files: list[FileResult] = field(default_factory=list)
    skipped: list[Issue] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)
    #: The standard chosen for all findings (``validate --malform``); None: each actor's own.
    malform: Malform | None = None

    @property
    def has_errors(self) -> bool:
        return any(f.has_errors for f in self.files)

    def to_dict(self, report_date: date | None = None, source: str = "", *, own_malform: bool = False) -> dict[str, Any]:
        """The validation report as ``validate --json`` prints it and the portal's API answers it (the keys
        are documented in docs/json.md): one writer of that format. ``own_malform``: each file's findings in
        its actor's standard (:attr:`FileResult.malform`) and the skipped files' in :attr:`malform`, else
        everything in bokmål."""
        return {
            "rapportdato": format_date(report_date) if report_date else None,
            "rapportdato_kilde": source,
            "filer": [f.to_dict(malform=f.malform if own_malform else None) for f in self.files],
            "hoppet_over": [i.to_dict(self.malform if own_malform else None, nnforms) for i in self.skipped],
            "finnes_ikke": [str(p) for p in self.missing],
            "oppsummering": {
                "arbeidsboker": len(self.files),
                "med_feil": sum(1 for f in self.files if f.errors),
                "advarsler": sum(len(f.warnings) for f in self.files),
            },
        }


def is_stray(result: FileResult) -> bool:
    """A workbook that is not a submission (see :mod:`pipeline.read.stray`)."""
    return result.tiltak is None and [i.code for i in result.issues] == [Code.NOT_A_SUBMISSION]


def check_workbook(path: Path, settings: FormSettings, report_date: date | None,
                   actors: Mapping[str, int] | None = None) -> FileResult:
    """Read and validate one file. A bug in the tool for one file never stops the others."""
    return _timed_check(path, settings, RoundFacts(report_date, actors or {}))[0]


def _internal(path: Path, detail: str) -> FileResult:
    return FileResult(path, None, [Code.INTERNAL.issue(file=path.name, detail=detail)])


def _debug() -> bool:
    return bool(os.environ.get("INNRAPPORTERING_DEBUG"))


#: (result, seconds reading, seconds validating)
_Timed = tuple[FileResult, float, float]


def _timed_check(path: Path, settings: FormSettings, known: RoundFacts) -> _Timed:
    start = time.perf_counter()
    read_done = start
    try:
        book = read_workbook(path)
        read_done = time.perf_counter()
        result = validate(book, settings, known.report_date, known.actors)
    except Exception as exc:  # noqa: BLE001 - last line of defence, reported as an issue
        if _debug():
            raise
        end = time.perf_counter()
        return _internal(path, f"{type(exc).__name__}: {exc}"), read_done - start, end - read_done
    end = time.perf_counter()
    return (FileResult(path, result.tiltak, result.issues, book.read_with, book.malform, book.malform or DEFAULT),
            read_done - start, end - read_done)


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def worker_count(files: int, jobs: int | None = None) -> int:
    """Worker processes for ``files`` files: ``jobs``, else ``$INNRAPPORTERING_JOBS``, else one per core;
    1 (no workers) for fewer than :data:`PARALLEL_MIN_FILES` files."""
    if jobs is None:
        try:
            jobs = int(os.environ.get(JOBS_ENV, "0"))
        except ValueError:
            jobs = 0
    if jobs <= 0:
        jobs = available_cpus()
    if files < PARALLEL_MIN_FILES:
        return 1
    return max(1, min(jobs, files))


def check_paths(paths: list[Path], settings: FormSettings, report_date: date | None = None,
                progress: Callable[[int, int, Path], None] | None = None, *,
                jobs: int | None = None, actors: Mapping[str, int] | None = None) -> CheckResult:
    """Every workbook read and validated, then checked against the others (the same tiltak twice).

    ``progress(done, total, path)`` is called after each file, in input order. ``jobs``: worker
    processes (see :func:`worker_count`); results do not depend on it. ``actors``: the known actors
    (name -> times listed) that actor names are compared with.
    """
    known = RoundFacts(report_date, actors or {})
    found = discover(paths)
    result = CheckResult(skipped=found.skipped, missing=found.missing)
    total = len(found.workbooks)
    workers = worker_count(total, jobs)
    timing.count("workers", workers)
    timing.count("files", total)
    fallbacks = 0
    with timing.stage("check"):
        if workers == 1:
            timed = (_timed_check(p, settings, known) for p in found.workbooks)
        else:
            timed = _parallel(found.workbooks, settings, known, workers)
        for done, (path, (file_result, read_s, validate_s)) in enumerate(zip(found.workbooks, timed), start=1):
            timing.add("read", read_s)
            timing.add("validate", validate_s)
            fallbacks += file_result.read_with == "openpyxl"
            if is_stray(file_result):
                result.skipped.extend(file_result.issues)  # not a submission: one note, not a file with findings
            else:
                result.files.append(file_result)
            if progress:
                progress(done, total, path)
    timing.count("openpyxl_fallback", fallbacks)  # files the direct reader left to openpyxl (bench/bench.py shows it)
    result.files = mark_duplicates(result.files)
    return result


# --- worker processes --------------------------------------------------------------------------

_worker_settings: tuple[FormSettings, RoundFacts] | None = None


def _init_worker(settings: FormSettings, known: RoundFacts) -> None:
    global _worker_settings
    _worker_settings = (settings, known)
    gc.freeze()  # what the worker inherited lives as long as it does: keep it out of every collection


def _work(path: Path) -> _Timed:
    assert _worker_settings is not None
    return _timed_check(path, *_worker_settings)


def _pool(workers: int, settings: FormSettings, known: RoundFacts) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(settings, known))


def _parallel(paths: list[Path], settings: FormSettings, known: RoundFacts, workers: int) -> Iterator[_Timed]:
    """:func:`_timed_check` for every path in worker processes; yields in input order."""
    todo = deque(paths)
    while todo:
        pool = _pool(workers, settings, known)
        try:
            pending: deque[tuple[Path, Future]] = deque()
            broken = False
            while todo or pending:
                while todo and len(pending) < workers * WINDOW_PER_WORKER and not broken:
                    path = todo.popleft()
                    try:
                        pending.append((path, pool.submit(_work, path)))
                    except BrokenProcessPool:
                        todo.appendleft(path)
                        broken = True
                if not pending:
                    break
                path, future = pending.popleft()
                try:
                    yield future.result()
                except BrokenProcessPool:
                    # The files in flight are suspects: each is retried alone; the rest get a new pool.
                    broken = True
                    yield _alone(path, settings, known)
                    for other, fut in pending:
                        yield _result_or_alone(other, fut, settings, known)
                    pending.clear()
                    break
                except Exception:  # noqa: BLE001 - e.g. a result that cannot be sent back
                    if _debug():
                        raise
                    yield _timed_check(path, settings, known)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        if not broken:
            return


def _result_or_alone(path: Path, future: Future, settings: FormSettings, known: RoundFacts) -> _Timed:
    if future.done() and future.exception() is None:
        return future.result()
    return _alone(path, settings, known)


def _alone(path: Path, settings: FormSettings, known: RoundFacts) -> _Timed:
    """One file in a fresh worker of its own; if that dies too, the file gets an internal-error issue."""
    with _pool(1, settings, known) as pool:
        try:
            return pool.submit(_work, path).result()
        except BrokenProcessPool:
            return _internal(path, WORKER_DIED), 0.0, 0.0
        except Exception:  # noqa: BLE001 - e.g. a result that cannot be sent back
            if _debug():
                raise
            return _timed_check(path, settings, known)
