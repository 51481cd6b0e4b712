"""Benchmark of ``validate`` and ``merge`` as whole commands (interpreter start included).

For each size N (default 40, 200 and 1,000) the submissions come from
:mod:`generate` (cached under ``build/bench/``). Every command runs in a fresh
child process, several times; the median is quoted. Peak memory is the child's
``ru_maxrss`` from ``wait4`` (the largest process in its tree: the main process or
one worker). The merge writes its stage timings (``INNRAPPORTERING_TIMINGS``,
see ``pipeline/common/timing.py``); the floor (``floor.py``: plain openpyxl + python-docx,
no checks) shows what a naive merge costs on the same files.

Usage: ``python bench/bench.py [--sizes 40,200,1000] [--runs 3] [--jobs N]``
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cases  # noqa: E402
import readlimit  # noqa: E402
from generate import BUILD, ROOT, ensure_folder  # noqa: E402

PYTHON = ROOT / ".venv" / "bin" / "python"
FLOOR = Path(__file__).resolve().parent / "floor.py"
OUT = BUILD / "out"
#: Stages the merge reports, in the order they are shown.
STAGES = ("check", "read", "validate", "plan", "summarise", "render", "save", "report")
#: Stages that follow each other in the main process (their sum is the measured part of the wall time).
SEQUENTIAL = ("check", "plan", "summarise", "render", "save", "report")
#: Targets (issue 25), as ratios: the machine is shared, so seconds say little.
TARGETS = {"floor_ratio": {40: 0.5, 1000: 0.25}, "validate_merge": 1.0, "per_file_drift": 0.30, "rss_mb": 300}


@dataclass
class Run:
    wall: float
    rss_mb: float
    code: int
    cpu: float  # user + system seconds of the child and its workers
    timings: dict = field(default_factory=dict)


def run_child(args: list[str], env: dict[str, str] | None = None) -> Run:
    """Run one command in a fresh child; wall time and the child's peak RSS (``wait4``)."""
    with tempfile.TemporaryDirectory() as tmp:
        timings_path = Path(tmp) / "timings.json"
        child_env = {**os.environ, **(env or {}), "INNRAPPORTERING_TIMINGS": str(timings_path)}
        log = Path(tmp) / "out.txt"
        with open(log, "wb") as sink:
            start = time.perf_counter()
            proc = subprocess.Popen(args, cwd=ROOT, env=child_env, stdout=sink, stderr=subprocess.STDOUT)
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        timings = json.loads(timings_path.read_text()) if timings_path.is_file() else {}
        scale = 1024 * 1024 if sys.platform == "darwin" else 1024
        if proc.returncode not in (0, 1):
            sys.stderr.write(log.read_text(errors="replace")[-3000:])
            raise SystemExit(f"{' '.join(args)} feilet med kode {proc.returncode}")
        return Run(wall, usage.ru_maxrss / scale, proc.returncode, usage.ru_utime + usage.ru_stime, timings)


def commands(folder: Path, n: int) -> dict[str, list[str]]:
    out = OUT / f"n{n}"
    out.mkdir(parents=True, exist_ok=True)
    py = str(PYTHON)
    return {
        "validate": [py, "-m", "pipeline", "validate", str(folder), "-q", "--bare-feil"],
        "merge": [py, "-m", "pipeline", "merge", str(folder), "-o", str(out / "Vedlegg2.docx"), "-q"],
        "floor": [py, str(FLOOR), str(folder), str(out / "gulv.docx")],
    }


def median_run(runs: list[Run]) -> Run:
    """The run with the median wall time (its RSS and stages belong to the same run)."""
    ordered = sorted(runs, key=lambda r: r.wall)
    return ordered[(len(ordered) - 1) // 2]


def compile_bytecode(log) -> None:
    """Compile the pipeline's modules once, as an installed package has them: with ``PYTHONDONTWRITEBYTECODE``
    set (as on the development machines) every run would otherwise compile all of them again (about 0,1 s),
    while the libraries the floor uses come compiled from pip. Both sides then start from bytecode."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run([str(PYTHON), "-m", "compileall", "-q", "pipeline"], cwd=ROOT, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, check=False)
    if done.returncode != 0:
        log("  (kunne ikke kompilere pipeline/ på forhånd; hver kjøring kompilerer da selv)")


def bench_size(n: int, runs: int, env: dict[str, str], log, floor: bool = True) -> dict[str, Run]:
    folder = ensure_folder(n, log)
    results: dict[str, Run] = {}
    for name, args in commands(folder, n).items():
        if name == "floor" and not floor:
            log(f"  N={n:<5} gulv ikke målt (--gulv-maks)")
            continue
        measured = []
        for i in range(runs):
            measured.append(run_child(args, env))
            last = measured[-1]
            log(f"  N={n:<5} {name:<8} kjøring {i + 1}: {last.wall:6.2f} s (CPU {last.cpu:6.2f} s), "
                f"{last.rss_mb:5.0f} MB, last {load()}")
        results[name] = median_run(measured)
        results[name].timings["walls"] = [r.wall for r in measured]
    return results


def load() -> str:
    """The 1-minute load average: other work on the machine makes wall times longer."""
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


def fmt(seconds: float) -> str:
    return f"{seconds:.2f}".replace(".", ",")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def tables(all_results: dict[int, dict[str, Run]]) -> str:
    lines = [
        "| N | validate (s) | merge (s) | merge per innrapportering (ms) | merge CPU (s) | gulv (s) | merge / gulv "
        "| maks. RSS merge (MB) | maks. RSS validate (MB) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n, res in all_results.items():
        v, m, f = res["validate"], res["merge"], res.get("floor")
        floor = (f"{fmt(f.wall)} | " + f"{m.wall / f.wall:.2f}".replace(".", ",")) if f else "– | –"
        lines.append(f"| {n} | {fmt(v.wall)} | {fmt(m.wall)} | {ms(m.wall / n)} | {fmt(m.cpu)} | {floor} "
                     f"| {m.rss_mb:.0f} | {v.rss_mb:.0f} |")
    lines += [
        "",
        "Trinn i merge (s, medianen av kjøringene). «lese+kontrollere» er veggtid; «les» og «kontroll» er "
        "summen over arbeidsprosessene. «oppstart m.m.» = total − trinnene (tolkerstart, import, avslutning).",
        "",
        "| N | prosesser | lese+kontrollere | les (sum) | kontroll (sum) | planlegge | sammendrag | Word (bygge) "
        "| lagre | flettingsrapport | oppstart m.m. | total |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n, res in all_results.items():
        m = res["merge"]
        st = m.timings.get("stages", {})
        counts = m.timings.get("counts", {})
        rest = m.wall - sum(st.get(k, 0.0) for k in SEQUENTIAL)
        cells = [fmt(st.get(k, 0.0)) for k in STAGES]
        lines.append(f"| {n} | {counts.get('workers', '?'):.0f} | " + " | ".join(cells)
                     + f" | {fmt(rest)} | {fmt(m.wall)} |")
    return "\n".join(lines)


def _ok(good: bool) -> str:
    return "OK" if good else "IKKE NÅDD"


def verdicts(all_results: dict[int, dict[str, Run]]) -> list[str]:
    out = []
    sizes = sorted(all_results)
    for n in sizes:
        res = all_results[n]
        if "floor" not in res:
            out.append(f"merge/gulv ved N={n}: gulvet er ikke målt (--gulv-maks)")
            continue
        ratio = res["merge"].wall / res["floor"].wall
        cpu_ratio = res["merge"].cpu / res["floor"].cpu
        target = TARGETS["floor_ratio"].get(n)
        goal = f" ≤ {fmt(target)}" if target else ""
        out.append(f"merge/gulv{goal} ved N={n}: {fmt(ratio)} (CPU {fmt(cpu_ratio)})"
                   + (f" {_ok(ratio <= target)}" if target else ""))
    for n in sizes:
        v, m = all_results[n]["validate"], all_results[n]["merge"]
        out.append(f"validate/merge ≤ 1 ved N={n}: {fmt(v.wall / m.wall)} (CPU {fmt(v.cpu / m.cpu)}) "
                   f"{_ok(v.wall <= m.wall)}")
    for n in sizes:
        fallback = all_results[n]["merge"].timings.get("counts", {}).get("openpyxl_fallback")
        if fallback is not None:
            out.append(f"lest med openpyxl i stedet for den direkte leseren ved N={n}: {fallback:.0f} filer")
    if 1000 in all_results:
        m = all_results[1000]["merge"]
        out.append(f"maks. RSS ved N=1000 ≤ {TARGETS['rss_mb']} MB: {m.rss_mb:.0f} MB {_ok(m.rss_mb <= TARGETS['rss_mb'])}")
        if 40 in all_results:
            base = all_results[40]["merge"].wall / 40
            drift = m.wall / 1000 / base - 1
            out.append(f"tid per innrapportering ved 1000 mot 40: {drift:+.0%} (ved 40 er oppstarten en stor del)")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Måler validate og merge som hele kommandoer.")
    parser.add_argument("--sizes", default="40,200,1000", help="antall innrapporteringer, kommaseparert")
    parser.add_argument("--runs", type=int, default=3, help="kjøringer per måling (medianen vises)")
    parser.add_argument("--jobs", type=int, help="arbeidsprosesser (INNRAPPORTERING_JOBS); standard: én per kjerne")
    parser.add_argument("--gulv-maks", type=int, help="mål gulvet bare opp til så mange innrapporteringer "
                        "(gulvet bruker over et kvarter ved 1 000)")
    parser.add_argument("--json", type=Path, help="skriv alle målingene som JSON hit")
    parser.add_argument("--uten-grensetilfeller", action="store_true", help="hopp over bench/cases.py")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    env = {"INNRAPPORTERING_JOBS": str(args.jobs)} if args.jobs else {}

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    log(f"Python {sys.version.split()[0]}, {os.cpu_count()} kjerner, {args.runs} kjøringer per måling")
    compile_bytecode(log)
    load_before = load()
    all_results = {n: bench_size(n, args.runs, env, log, args.gulv_maks is None or n <= args.gulv_maks) for n in sizes}
    log("Lesing av én arbeidsbok mot grensen (én prosess, bench/readlimit.py) …")
    read_lines = readlimit.lines(readlimit.measure(args.runs))
    print(f"Last (1 min) før og etter: {load_before} og {load()} på {os.cpu_count()} kjerner; forholdstallene "
          "sammenligner kjøringer fra samme tidsrom.")
    print()
    print(tables(all_results))
    print()
    print("\n".join(f"- {line}" for line in [*verdicts(all_results), *read_lines]))
    if not args.uten_grensetilfeller:
        log("Grensetilfeller (én prosess, bench/cases.py) …")
        print()
        print(cases.table(cases.measure(args.runs)))
    if args.json:
        args.json.write_text(json.dumps({n: {k: vars(r) for k, r in res.items()} for n, res in all_results.items()},
                                        indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
