"""check_paths: the parallel path gives exactly what the serial path gives."""

from __future__ import annotations

import multiprocessing
import os
import shutil
from pathlib import Path

import pytest

from pipeline.validate import batch as check
from pipeline.validate.batch import PARALLEL_MIN_FILES, WORKER_DIED, check_paths, worker_count
from pipeline.contract.issues import Code
from pipeline.contract.settings import load_form_settings

from tests.support.paths import ROOT
EXAMPLES = sorted((ROOT / "input").glob("*.xlsx"))
REPORT_DATE = None
fork_only = pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                               reason="the patched reader reaches the workers only when they are forked")


@pytest.fixture(scope="module")
def form():
    return load_form_settings()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Nine examples, a truncated workbook and a text file named .xlsx."""
    for source in EXAMPLES[:9]:
        shutil.copy(source, tmp_path / source.name)
    data = EXAMPLES[0].read_bytes()
    (tmp_path / "avkortet.xlsx").write_bytes(data[: len(data) * 6 // 10])
    (tmp_path / "tekst.xlsx").write_text("navn;segment\nA;Samstyre\n", encoding="utf-8")
    (tmp_path / "notat.txt").write_text("ikke en arbeidsbok", encoding="utf-8")
    return tmp_path


def _summary(result):
    return [(f.path, f.tiltak, f.issues) for f in result.files], result.skipped, result.missing


def test_parallel_results_equal_serial(folder: Path, form) -> None:
    serial = check_paths([folder], form, REPORT_DATE, jobs=1)
    parallel = check_paths([folder], form, REPORT_DATE, jobs=2)
    assert _summary(parallel) == _summary(serial)
    names = [f.name for f in parallel.files]
    assert names == sorted(names, key=str.casefold)  # input order, not completion order
    broken = {f.name: f for f in parallel.files if f.tiltak is None}
    assert set(broken) == {"avkortet.xlsx", "tekst.xlsx"}
    assert all(f.errors for f in broken.values())
    assert sum(f.tiltak is not None for f in parallel.files) == 9
    assert [i.file for i in parallel.skipped] == ["notat.txt"]


def test_parallel_progress_in_input_order(folder: Path, form) -> None:
    calls: list[tuple[int, int, str]] = []
    result = check_paths([folder], form, REPORT_DATE, progress=lambda d, t, p: calls.append((d, t, p.name)), jobs=2)
    total = len(result.files)
    assert calls == [(i, total, f.name) for i, f in enumerate(result.files, start=1)]


def _explode_on(name: str, how: str):
    real = check.read_workbook

    def read(path, **kwargs):
        if Path(path).name == name:
            if how == "die":
                os._exit(3)  # a crash that takes the whole worker process down
            raise RuntimeError("testfeil")
        return real(path, **kwargs)

    return read


@pytest.mark.slow
@fork_only
def test_exception_in_worker_touches_only_that_file(folder: Path, form, monkeypatch) -> None:
    monkeypatch.delenv("INNRAPPORTERING_DEBUG", raising=False)
    victim = EXAMPLES[3].name
    serial = check_paths([folder], form, REPORT_DATE, jobs=1)
    monkeypatch.setattr(check, "read_workbook", _explode_on(victim, "raise"))
    parallel = check_paths([folder], form, REPORT_DATE, jobs=2)
    for before, after in zip(serial.files, parallel.files, strict=True):
        if after.name == victim:
            assert after.tiltak is None
            assert [i.code for i in after.issues] == [Code.INTERNAL]
            assert "testfeil" in after.issues[0].message
        else:
            assert (after.path, after.tiltak, after.issues) == (before.path, before.tiltak, before.issues)


@pytest.mark.slow
@fork_only
def test_dead_worker_costs_only_its_file(folder: Path, form, monkeypatch) -> None:
    victim = EXAMPLES[2].name
    serial = check_paths([folder], form, REPORT_DATE, jobs=1)
    monkeypatch.setattr(check, "read_workbook", _explode_on(victim, "die"))
    parallel = check_paths([folder], form, REPORT_DATE, jobs=2)
    assert [f.name for f in parallel.files] == [f.name for f in serial.files]
    for before, after in zip(serial.files, parallel.files, strict=True):
        if after.name == victim:
            assert after.tiltak is None
            assert [i.code for i in after.issues] == [Code.INTERNAL]
            assert WORKER_DIED in after.issues[0].message
        else:
            assert (after.tiltak, after.issues) == (before.tiltak, before.issues)


def test_worker_count(monkeypatch) -> None:
    monkeypatch.delenv(check.JOBS_ENV, raising=False)
    assert worker_count(PARALLEL_MIN_FILES - 1, 4) == 1  # few files: no workers
    assert worker_count(PARALLEL_MIN_FILES, 4) == 4
    assert worker_count(PARALLEL_MIN_FILES, 1) == 1
    assert worker_count(1000, None) == check.available_cpus()
    monkeypatch.setenv(check.JOBS_ENV, "3")
    assert worker_count(1000, None) == 3
    assert worker_count(1000, 2) == 2  # the argument wins over the environment
    monkeypatch.setenv(check.JOBS_ENV, "mange")
    assert worker_count(1000, None) == check.available_cpus()


def test_check_workbook_reports_internal_error_instead_of_raising(tmp_path: Path, form, monkeypatch) -> None:
    monkeypatch.delenv("INNRAPPORTERING_DEBUG", raising=False)
    path = tmp_path / EXAMPLES[0].name
    shutil.copy(EXAMPLES[0], path)
    monkeypatch.setattr(check, "read_workbook", _explode_on(path.name, "raise"))
    result = check.check_workbook(path, form, None)
    assert result.tiltak is None and result.status == "feil"
    assert [i.code for i in result.issues] == [Code.INTERNAL]

