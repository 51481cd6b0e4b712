"""No test asserts wall-clock time: speed belongs in ``bench/`` (``make bench``), where a busy machine
gives a slow number instead of a red test. A test that reads the clock is found here, by its call."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
CLOCKS = {"perf_counter", "perf_counter_ns", "monotonic", "monotonic_ns", "process_time", "time", "time_ns"}


def clock_calls(source: str) -> list[str]:
    """``time.perf_counter()``, ``time.time()``, ``perf_counter()`` … called anywhere in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "time" \
                and func.attr in CLOCKS:
            found.append(f"time.{func.attr}() på linje {node.lineno}")
        elif isinstance(func, ast.Name) and func.id in CLOCKS - {"time"}:
            found.append(f"{func.id}() på linje {node.lineno}")
    return found


def test_the_check_sees_a_clock_and_ignores_other_calls():
    assert clock_calls("import time\nt = time.perf_counter()\nassert time.time() - t < 2\n") == [
        "time.perf_counter() på linje 2", "time.time() på linje 3"]
    assert clock_calls("from time import monotonic\nx = monotonic()\n") == ["monotonic() på linje 2"]
    assert clock_calls("import datetime\nd = datetime.time(12, 0)\ntime.sleep(0)\n") == []


def test_no_test_reads_the_wall_clock():
    offenders = {str(p.relative_to(TESTS)): calls for p in sorted(TESTS.rglob("*.py"))
                 if "vendor" not in p.parts and (calls := clock_calls(p.read_text("utf-8")))}
    assert offenders == {}, f"tidsgrenser hører hjemme i bench/, ikke i testene: {offenders}"
