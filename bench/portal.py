"""Benchmark of the submission portal (docs/portal.md): a real server (``portal start``, waitress, SQLite).

1. Upload → findings: one workbook posted to ``/api/v1/innsendinger`` (the answer holds every finding, as the
   page shows them) on a warm server, ``--runs`` times one after another; the median and p95 are quoted.
   Target: median ≤ 300 ms.
2. 40 actors at once: the 40 example workbooks posted at the same moment, each with its actor's token;
   all must be stored (201 with a version); p95 and the slowest are quoted.
3. The secretariat's side on the same server: the dashboard and ``/api/v1/runde`` for the 40 tiltak and for
   1 000 submissions, and «Lag Vedlegg 2» against ``innrapportering merge`` (bench/portal_staff.py).

Usage: ``python bench/portal.py [--runs 30]``
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.portalserver import free_port, post_workbook, start_server  # noqa: E402

INPUT = ROOT / "input"


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms".replace(".", ",")


def create_round(data: Path) -> dict[str, str]:
    done = subprocess.run([sys.executable, "-m", "pipeline", "portal", "opprett-runde", "--data", str(data),
                           "--innstillinger", str(INPUT / "rapport.toml")], capture_output=True, text=True, check=True)
    return {line.split("\t")[0]: line.split("\t")[2] for line in done.stdout.splitlines()}


def actor_of(path: Path) -> str:
    from pipeline import api

    return api.check_workbooks([path]).files[0].tiltak.aktor


def main() -> int:
    parser = argparse.ArgumentParser(description="Måler innsendingsportalen.")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="portal-bench-") as folder:
        data = Path(folder)
        tokens = create_round(data)
        port = free_port()
        server = start_server(data, port)
        try:
            heliks = (INPUT / "heliks.xlsx").read_bytes()
            for _ in range(3):  # warm up
                post_workbook(port, tokens["Helse Vest"], "heliks.xlsx", heliks)
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                status, body = post_workbook(port, tokens["Helse Vest"], "heliks.xlsx", heliks)
                times.append(time.perf_counter() - start)
                assert status == 201, body
            print(f"Opplasting → funn, én arbeidsbok, varm server ({args.runs} ganger): median {ms(statistics.median(times))}, "
                  f"p95 {ms(p95(times))} (mål: median ≤ 300 ms)")

            books = sorted(INPUT.glob("*.xlsx"))
            owners = {p: tokens.get(" ".join(actor_of(p).split())) for p in books}
            jobs = [(p, t) for p, t in owners.items() if t]
            results: list[tuple[int, float]] = []
            lock = threading.Lock()
            gate = threading.Barrier(len(jobs))

            def send(path: Path, token: str) -> None:
                payload = path.read_bytes()
                gate.wait()
                start = time.perf_counter()
                status, _ = post_workbook(port, token, path.name, payload, timeout=300)
                with lock:
                    results.append((status, time.perf_counter() - start))

            threads = [threading.Thread(target=send, args=job) for job in jobs]
            wall = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.perf_counter() - wall
            stored = sum(1 for status, _ in results if status == 201)
            durations = [d for _, d in results]
            print(f"{len(jobs)} aktører laster opp samtidig: {stored} av {len(jobs)} lagret; p95 {ms(p95(durations))}, "
                  f"tregeste {ms(max(durations))}, alt ferdig etter {ms(wall)}")
            missing = [p.name for p, t in owners.items() if not t]
            if missing:
                print("Uten aktør i rapport.toml (ikke med): " + ", ".join(missing))
            from portal_staff import measure

            measure(data, port, args.runs)
        finally:
            server.kill()
            server.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
