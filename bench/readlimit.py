"""Reading one workbook, against the limit: CPU time (warm, in this process) of the pipeline's read
stage (``read_workbook``: safety checks, the direct reader and the reading passes) for each of the 40
examples, and of a bare parse of the same parts (``zipfile`` + ``lxml``, nothing built from them).
The median over the examples is quoted; the read stage is shown as a multiple of the limit.

Usage: ``python bench/readlimit.py [--runs 5]`` (``bench/bench.py`` prints the same lines).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from lxml import etree  # noqa: E402

from pipeline.read.reader import read_workbook  # noqa: E402

EXAMPLES = sorted((ROOT / "input").glob("*.xlsx"))
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
#: Targets (issue 25): one workbook ≤ 20 ms CPU; the read stage ≤ 3 × the bare parse.
READ_MS = 20.0
LIMIT_RATIO = 3.0


def bare_parse(path: Path) -> None:
    """The least a reader must do: read the file, unzip the parts the reader uses and parse them with lxml."""
    with zipfile.ZipFile(BytesIO(path.read_bytes())) as zf:
        for name in zf.namelist():
            if name == "[Content_Types].xml" or (name.startswith("xl/") and name.endswith((".xml", ".rels"))
                                                 and not name.startswith("xl/theme/")):
                etree.fromstring(zf.read(name), PARSER)


def median_cpu_ms(work: Callable[[Path], object], files: list[Path], runs: int) -> float:
    """Median over the files of each file's best CPU time over ``runs`` (after one warm-up pass)."""
    for path in files:
        work(path)
    best = {path: float("inf") for path in files}
    for _ in range(runs):
        for path in files:
            start = time.process_time()
            work(path)
            best[path] = min(best[path], time.process_time() - start)
    return statistics.median(best.values()) * 1000


@dataclass(frozen=True)
class ReadTimes:
    read_ms: float
    limit_ms: float
    fallbacks: int  # examples the direct reader left to openpyxl

    @property
    def ratio(self) -> float:
        return self.read_ms / self.limit_ms


def measure(runs: int = 5) -> ReadTimes:
    fallbacks = sum(read_workbook(p).read_with != "direct" for p in EXAMPLES)
    return ReadTimes(median_cpu_ms(read_workbook, EXAMPLES, runs), median_cpu_ms(bare_parse, EXAMPLES, runs), fallbacks)


def lines(times: ReadTimes) -> list[str]:
    ok = lambda good: "OK" if good else "IKKE NÅDD"  # noqa: E731
    read, limit = f"{times.read_ms:.1f}".replace(".", ","), f"{times.limit_ms:.1f}".replace(".", ",")
    return [
        f"lese én arbeidsbok (median av {len(EXAMPLES)} eksempler, CPU, varm) ≤ {READ_MS:.0f} ms: {read} ms "
        f"{ok(times.read_ms <= READ_MS)} ({times.fallbacks} lest med openpyxl)",
        f"grense (bare zipfile + lxml av de samme delene): {limit} ms; lesetrinnet = {times.ratio:.1f}".replace(".", ",")
        + f" × grensen (mål ≤ {LIMIT_RATIO:.0f} ×) {ok(times.ratio <= LIMIT_RATIO)}",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Lesing av én arbeidsbok mot grensen (zipfile + lxml).")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    print("\n".join(lines(measure(args.runs))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
