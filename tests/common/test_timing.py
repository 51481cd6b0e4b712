"""The stage timer the benchmark reads."""

from __future__ import annotations

import pytest

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from pipeline.common import timing

from tests.support.paths import ROOT


def test_stages_accumulate_and_write(tmp_path: Path) -> None:
    timing.reset()
    with timing.stage("render"):
        time.sleep(0.01)
    timing.add("read", 1.5)
    timing.add("read", 0.5)
    timing.count("files", 3)
    path = timing.write(tmp_path / "t.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert list(data["stages"]) == ["render", "read"]
    assert data["stages"]["read"] == 2.0
    assert data["stages"]["render"] >= 0.01  # the stage's own time, measured
    assert data["counts"] == {"files": 3}
    assert data["maxrss_self_mb"] > 0
    timing.reset()


def test_write_without_target_writes_nothing(monkeypatch) -> None:
    monkeypatch.delenv(timing.ENV_VAR, raising=False)
    assert timing.write() is None


@pytest.mark.slow
def test_command_writes_timings_at_exit(tmp_path: Path) -> None:
    """``validate`` on two examples, run as a command, leaves its stages in the file."""
    target = tmp_path / "timings.json"
    examples = sorted((ROOT / "input").glob("*.xlsx"))[:2]
    env = {**os.environ, timing.ENV_VAR: str(target)}
    subprocess.run([sys.executable, "-m", "pipeline", "validate", *map(str, examples), "-q"], cwd=ROOT, env=env,
                   capture_output=True, check=False)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert set(data["stages"]) >= {"check", "read", "validate"}
    assert data["counts"]["files"] == 2
