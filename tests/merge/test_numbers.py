"""Numbers travel exactly: typed in a workbook → merge → the document (Norwegian form) and vedlegg2.json
(the exact typed value) → prefill → a workbook that reads back as the same Decimal. Through real files and the CLI."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.cli.main import main
from pipeline.contract.settings import load_form_settings
from pipeline.excel.prefill import fill_workbook, find_table
from pipeline.read.reader import read_workbook
from pipeline.validate.validator import validate
from tests.support.merge import chapters, type_into_table
from tests.support.paths import SEED_JSON
from tests.support.records import norwegian
from tests.support.summary import grid, summary_sections, tables_in

FORM = load_form_settings()
SEED = json.loads(SEED_JSON.read_text(encoding="utf-8"))[0]  # Program for kodeverk og terminologi (Samstyre)
NAME = SEED["navn"]
NBSP, MINUS = "\u00a0", "\u2212"
RAPPORT = 'periode = "November 2021"\nrapportdato = 2021-11-01\n'


def _record(amounts: list[str], changes: list[str]) -> dict:
    """The seed's first tiltak with these Kostnader (2022) and Drift og forvaltning (2023) amounts."""
    return {**SEED, "kostnader": [{"finansierende_virksomhet": "Helsedirektoratet", "ar": "2022", "belop": a}
                                  for a in amounts],
            "drift": [{"losning": "Helsenorge", "ar": "2023", "endring": c} for c in changes]}


def _folder(tmp: Path, record: dict, rapport: str = RAPPORT) -> Path:
    folder = tmp / "inn"
    folder.mkdir(parents=True, exist_ok=True)
    fill_workbook(record, FORM).save(folder / "tiltak.xlsx")
    (folder / "rapport.toml").write_text(rapport, encoding="utf-8")
    return folder


def _merge(folder: Path, out: Path, *options: str) -> int:
    return main(["merge", str(folder), "-o", str(out), "--quiet", *options])


def _section(out: Path, title: str) -> list[list[str]]:
    (chapter,) = [c for c in chapters(out) if c.title == NAME]
    return chapter.sections[title]


@pytest.mark.slow
def test_an_amount_typed_with_two_decimals_is_never_rounded(tmp_path, capsys):
    folder = _folder(tmp_path, _record(["1.0", "1.0", "1.0"], ["1.0"]))
    type_into_table(folder / "tiltak.xlsx", "Kostnader", "Beløp (mill. kr)", ["2,75", 2.75, "1 200"])
    type_into_table(folder / "tiltak.xlsx", "DriftOgForvaltning", "Endring (mill. kr)", ["-0,5"])
    out = tmp_path / "ut" / "V.docx"
    assert _merge(folder, out) == 0

    assert [row[2] for row in _section(out, "Kostnader")[1:]] == ["2,75", "2,75", f"1{NBSP}200,0"]
    assert _section(out, "Drift og forvaltning")[1][2] == f"{MINUS}0,5"
    (record,) = json.loads((tmp_path / "ut" / "vedlegg2.json").read_text(encoding="utf-8"))
    assert [k["belop"] for k in record["kostnader"]] == ["2.75", "2.75", "1200.0"]
    assert record["drift"][0]["endring"] == "-0.5"

    assert main(["prefill", str(tmp_path / "ut" / "vedlegg2.json"), "-o", str(tmp_path / "neste")]) == 0
    (book,) = (tmp_path / "neste").glob("*.xlsx")
    wb = openpyxl.load_workbook(book)
    ws, _ = find_table(wb, "Kostnader")
    assert 2.75 in [c.value for row in ws.iter_rows() for c in row]  # the workbook holds 2.75, not 2.8
    tiltak = validate(read_workbook(book), FORM).tiltak
    assert [k.belop for k in tiltak.kostnader] == [Decimal("2.75"), Decimal("2.75"), Decimal(1200)]


def test_sammendrag_totals_are_exact_sums(tmp_path):
    folder = _folder(tmp_path, _record(["0.1", "0.2", "1234.567"], ["-0.1", "-0.2"]))
    out = tmp_path / "ut" / "V.docx"
    assert _merge(folder, out) == 0
    sections = summary_sections(docx.Document(str(out)))
    kost = grid(tables_in(sections["Kostnader"])[0])
    assert kost[-1][-1] == f"1{NBSP}234,867"  # 0.1 + 0.2 + 1234.567, no float on the way
    drift = grid(tables_in(sections["Drift og forvaltning"])[0])
    assert drift[-1][-1] == f"{MINUS}0,3"


def test_tallformat_punktum_gives_the_2021_look(tmp_path):
    folder = _folder(tmp_path, _record(["28.3", "1200", "2.75"], ["-0.5"]), RAPPORT + 'tallformat = "punktum"\n')
    out = tmp_path / "ut" / "V.docx"
    assert _merge(folder, out) == 0
    assert [row[2] for row in _section(out, "Kostnader")[1:]] == ["28.3", "1200.0", "2.75"]
    assert _section(out, "Drift og forvaltning")[1][2] == "-0.5"
    kost = grid(tables_in(summary_sections(docx.Document(str(out)))["Kostnader"])[0])
    assert kost[-1][-1] == "1231.05"


def test_an_unknown_tallformat_is_a_norwegian_usage_error(tmp_path, capsys):
    folder = _folder(tmp_path, _record(["1.0"], []), RAPPORT + 'tallformat = "prikk"\n')
    assert _merge(folder, tmp_path / "ut" / "V.docx") == 2
    err = capsys.readouterr().err
    assert "tallformat" in err and "«komma» eller «punktum»" in err and "Traceback" not in err


# --- the property ------------------------------------------------------------------------------------

def _typed(number: Decimal, as_text: bool):
    """The cell value an actor types for ``number``: text in Norwegian form (``-1 234,500``), or a number cell."""
    if as_text:
        return norwegian(format(number, "f")).replace(MINUS, "-").replace(NBSP, " ")
    return float(number)


amounts = st.integers(0, 6).flatmap(
    lambda places: st.tuples(st.just(places), st.decimals(min_value=0, max_value=10**8 - 1, places=places,
                                                          allow_nan=False, allow_infinity=False), st.booleans()))
changes = st.integers(0, 6).flatmap(
    lambda places: st.tuples(st.just(places), st.decimals(min_value=-(10**8 - 1), max_value=10**8 - 1, places=places,
                                                          allow_nan=False, allow_infinity=False), st.booleans()))


@pytest.mark.slow
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(costs=st.lists(amounts, min_size=1, max_size=4), drift=st.lists(changes, min_size=1, max_size=2))
def test_any_amount_with_up_to_six_decimals_survives_the_round_trip(tmp_path_factory, costs, drift):
    tmp = tmp_path_factory.mktemp("tall")
    folder = _folder(tmp, _record(["1.0"] * len(costs), ["1.0"] * len(drift)))
    typed_costs = [_typed(n, t) for _, n, t in costs]
    typed_drift = [_typed(n, t) for _, n, t in drift]
    type_into_table(folder / "tiltak.xlsx", "Kostnader", "Beløp (mill. kr)", typed_costs)
    type_into_table(folder / "tiltak.xlsx", "DriftOgForvaltning", "Endring (mill. kr)", typed_drift)
    out = tmp / "ut" / "V.docx"
    assert _merge(folder, out) == 0

    def shown(number: Decimal, as_text: bool) -> str:  # what the actor sees/typed, in the document's form
        plain = format(number, "f") if as_text else format(Decimal(repr(float(number))), "f")
        return norwegian(plain.removesuffix(".0") if not as_text and plain.endswith(".0") else plain, 1)

    assert [r[2] for r in _section(out, "Kostnader")[1:]] == [shown(n, t) for _, n, t in costs]
    assert [r[2] for r in _section(out, "Drift og forvaltning")[1:]] == [shown(n, t) for _, n, t in drift]
    (record,) = json.loads((tmp / "ut" / "vedlegg2.json").read_text(encoding="utf-8"))
    assert [Decimal(k["belop"]) for k in record["kostnader"]] == [n for _, n, _ in costs]
    assert [Decimal(d["endring"]) for d in record["drift"]] == [n for _, n, _ in drift]
    assert all("e" not in k["belop"].lower() and "," not in k["belop"] for k in record["kostnader"])

    assert main(["prefill", str(tmp / "ut" / "vedlegg2.json"), "-o", str(tmp / "neste")]) == 0
    (book,) = (tmp / "neste").glob("*.xlsx")
    tiltak = validate(read_workbook(book), FORM).tiltak
    assert [k.belop for k in tiltak.kostnader] == [n for _, n, _ in costs]
    assert [d.endring for d in tiltak.drift] == [n for _, n, _ in drift]
    kost = grid(tables_in(summary_sections(docx.Document(str(out)))["Kostnader"])[0])
    total = sum((n for _, n, _ in costs), Decimal(0))
    assert Decimal(kost[-1][-1].replace(NBSP, "").replace(",", ".")) == total
