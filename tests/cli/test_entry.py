"""The process around the command line (pipeline.cli.entry): the exit code, every line of output, the files and
the exit handlers are all there although the interpreter is not torn down."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
import zipfile

import pytest

from pipeline.cli import entry
from tests.support.paths import INPUT, ROOT


def _run(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    import os

    return subprocess.run([sys.executable, "-m", "pipeline", *argv], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env={**os.environ, **(env or {})})


def test_the_console_script_and_python_m_run_the_same_entry():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["innrapportering"] == "pipeline.cli.entry:run"
    assert "entry import run" in (ROOT / "pipeline" / "__main__.py").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_merge_writes_every_file_and_every_line_and_the_timings(tmp_path):
    timings = tmp_path / "tider.json"
    done = _run("merge", str(INPUT), "-o", str(tmp_path / "V.docx"), env={"INNRAPPORTERING_TIMINGS": str(timings)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().splitlines()[-1].startswith("Flettingsrapport:")  # the last line reached the pipe
    with zipfile.ZipFile(tmp_path / "V.docx") as archive:
        assert archive.testzip() is None
    assert json.loads((tmp_path / "vedlegg2.json").read_text(encoding="utf-8"))
    assert (tmp_path / "merge-rapport.xlsx").is_file()
    assert json.loads(timings.read_text(encoding="utf-8"))["counts"]["files"] == 40  # the exit handler ran


def test_findings_give_exit_1_with_the_whole_report(tmp_path):
    bad = tmp_path / "tom.xlsx"
    bad.write_bytes(b"")
    done = _run("validate", str(bad), str(INPUT / "heliks.xlsx"))
    assert done.returncode == 1
    assert "Oppsummert: 2 arbeidsbøker lest" in done.stdout


@pytest.mark.parametrize("argv, code, stream, text", [
    (("merge", "--finnes-ikke"), 2, "stderr", "ukjente argumenter: --finnes-ikke"),
    (("--help",), 0, "stdout", "bruk: innrapportering"),
    (("validate", str(INPUT / "heliks.xlsx"), "-q"), 0, "stdout", "1 uten feil"),
], ids=["feil-valg", "hjelp", "gyldig"])
@pytest.mark.slow
def test_exit_codes_and_messages_are_those_of_main(argv, code, stream, text):
    done = _run(*argv)
    assert done.returncode == code
    assert text in getattr(done, stream)
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("raised, code", [(None, 0), (0, 0), (2, 2), (130, 130)])
def test_system_exit_codes_pass_through(raised, code):
    assert entry._exit_code(raised) == code


def test_a_system_exit_with_a_message_prints_it_and_is_1(capsys):
    assert entry._exit_code("Stopp her.") == 1
    assert capsys.readouterr().err == "Stopp her.\n"
