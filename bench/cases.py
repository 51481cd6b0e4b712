"""Timings of the edge cases, in one process (no interpreter start): the wall-clock checks that
used to sit in the tests. Each case is built once (by the hardening and reader test helpers)
and timed ``runs`` times; the median is printed with the budget it is compared against.

Usage: ``python bench/cases.py [--runs 3]`` (``bench/bench.py`` prints the same table last;
exit code 1 when a case is over its budget).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.contract.settings import load_form_settings, load_report_settings  # noqa: E402
from pipeline.merge.run import Mode, plan_merge  # noqa: E402
from pipeline.read.reader import read_workbook  # noqa: E402
from pipeline.validate.batch import check_paths  # noqa: E402
from pipeline.word.render import render_document  # noqa: E402
from tests.support import hardening as H  # noqa: E402
from tests.support.reader import build_workbook, rewrite_zip  # noqa: E402


@dataclass(frozen=True)
class Timing:
    name: str
    seconds: float  # median
    budget: float | None  # seconds: what the tests asserted before; None: no budget


def _hardening_case(folder: Path, file: str) -> Path:
    [case] = [c for c in H.cases() if c.file == file]
    case.build(folder / file)
    return folder / file


def _huge_ref(folder: Path) -> Path:
    """A Leveranser table whose ``ref`` claims a million rows, one of them far down."""
    path = build_workbook(folder / "stor-ref.xlsx", edit=lambda wb: wb["Leveranser"].cell(900000, 1, "Langt nede"))
    rewrite_zip(path, {"xl/tables/table1.xml": lambda xml: xml.replace(b'ref="A3:D7"', b'ref="A3:D1000000"')})
    return path


def _render_examples() -> Callable[[], object]:
    """Render the Word document of the 40 examples in input/ (read and checked once, beforehand)."""
    form, report = load_form_settings(), load_report_settings(H.REPORT_SETTINGS)
    plan = plan_merge(check_paths([H.INPUT], form, report.rapportdato), Mode.NORMAL, report, form)
    tiltak = [f.tiltak for f in plan.merged]
    return lambda: render_document(tiltak, report, form)


def _declared_bomb(folder: Path) -> Path:
    """A workbook whose first central-directory entry declares 3 GB (tests/read/test_safety.py)."""
    import struct

    path = build_workbook(folder / "oppgitt-3gb.xlsx")
    data = bytearray(path.read_bytes())
    pos = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, pos + 24, 3_000_000_000)
    path.write_bytes(bytes(data))
    return path


def _index_far_cell() -> Callable[[], object]:
    """Index a sheet with one cell in XFD1048576 (tests/read/test_passes.py)."""
    from openpyxl import Workbook

    from pipeline.read.sheetindex import index_sheet

    wb = Workbook()
    wb.active["A1"], wb.active["XFD1048576"] = "start", "helt nederst"
    return lambda: index_sheet(wb.active, {})


def _pdf_stopped(folder: Path, *, hanging: bool) -> Callable[[], object]:
    """A fake LibreOffice that hangs (stopped at the 2 s limit) or crashes (tests/pdf/test_convert.py)."""
    from pipeline.pdf.convert import Office, PdfError, docx_to_pdf
    from pipeline.word.render import render_document, save_document
    from tests.support.pdf import fake_program, hanging_program
    from tests.support.render import make_tiltak, report_settings

    docx = folder / "liten.docx"
    save_document(render_document([make_tiltak("Alfa")], report_settings(), load_form_settings()), docx)
    waiter = fake_program(folder, "python-venter", "sleep 300")
    soffice = (hanging_program(folder, "bench", ignore_term=True) if hanging
               else fake_program(folder, "soffice", "echo 'krasj' >&2\nexit 1"))

    def run() -> None:
        try:
            docx_to_pdf(docx, folder / "ut.pdf", timeout=2 if hanging else 60, office=Office(soffice, waiter))
        except PdfError:
            pass
    return run


def _read_many(path: Path, times: int) -> Callable[[], object]:
    def run() -> None:
        for _ in range(times):
            read_workbook(path)
    return run


def measure(runs: int = 3) -> list[Timing]:
    """Build every case in a temporary folder and time it."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        example = sorted(H.INPUT.glob("*.xlsx"))[0]
        cases: list[tuple[str, Callable[[], object], float]] = [
            ("les 5 000 rader i Leveranser", lambda p=_hardening_case(folder, "5000-rader.xlsx"): read_workbook(p), None),
            ("les en celle med 32 767 tegn", lambda p=_hardening_case(folder, "lang-tekst.xlsx"): read_workbook(p), None),
            ("les tabell-ref over 1 000 000 rader", lambda p=_huge_ref(folder): read_workbook(p), 2.0),
            ("avvis zip-oppføring som oppgir 3 GB", lambda p=_declared_bomb(folder): read_workbook(p), 1.0),
            ("indekser ark med celle i XFD1048576", _index_far_cell(), 0.5),
            ("les arbeidsbok med celle i XFD1048576", lambda p=build_workbook(
                folder / "fjern.xlsx", edit=lambda wb: wb["Tiltak"].cell(1048576, 16384, "notat")): read_workbook(p), 5.0),
            ("stopp hengende LibreOffice (tidsgrense 2 s)", _pdf_stopped(folder, hanging=True), 2 + 4),
            ("krasjende LibreOffice gir feil", _pdf_stopped(folder, hanging=False), 15.0),
            ("avvis zip-bombe", lambda p=_hardening_case(folder, "zipbombe.xlsx"): read_workbook(p), 2.0),
            ("avvis «latter»-ark", lambda p=_hardening_case(folder, "latter-ark.xlsx"): read_workbook(p), 2.0),
            ("avvis «latter»-strenger", lambda p=_hardening_case(folder, "latter-strenger.xlsx"): read_workbook(p),
             2.0),
            ("les ett eksempel 20 ganger", _read_many(example, 20), 20 * 0.25),
            ("bygg Word-dokumentet for de 40 eksemplene", _render_examples(), 2.0),
        ]
        return [Timing(name, _median(action, runs), budget) for name, action, budget in cases]


def _median(action: Callable[[], object], runs: int) -> float:
    walls = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        walls.append(time.perf_counter() - started)
    return statistics.median(walls)


def table(timings: list[Timing]) -> str:
    lines = ["| tilfelle | tid (s, median) | budsjett (s) | |", "|---|---:|---:|---|"]
    for t in timings:
        budget, verdict = ("–", "") if t.budget is None else (f"{t.budget:.2f}", "OK" if _within(t) else "OVER")
        lines.append(f"| {t.name} | {t.seconds:.3f} | {budget} | {verdict} |".replace(".", ","))
    return "\n".join(lines)


def _within(timing: Timing) -> bool:
    return timing.budget is None or timing.seconds <= timing.budget


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Måler tiden for grensetilfellene (lesing og Word).")
    parser.add_argument("--runs", type=int, default=3, help="kjøringer per tilfelle (medianen vises)")
    args = parser.parse_args(argv)
    timings = measure(args.runs)
    print(table(timings))
    return 0 if all(_within(t) for t in timings) else 1


if __name__ == "__main__":
    raise SystemExit(main())
