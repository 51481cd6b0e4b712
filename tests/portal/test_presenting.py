"""What the page shows of a report: findings grouped by sheet with sheet!cell, counts and the verdict line."""

from __future__ import annotations

from openpyxl import load_workbook

from pipeline import api
from pipeline.portal import presenting
from tests.support.hardening import from_good, named_cell
from tests.support.portal import INPUT


def _report(paths) -> dict:
    result = api.check_workbooks(paths)
    return {"filer": [f.to_dict() for f in result.files], "hoppet_over": [i.to_dict() for i in result.skipped]}


def test_findings_grouped_by_sheet_with_sheet_and_cell(tmp_path):
    def edit(wb):
        named_cell(wb, "Tiltak_Sluttdato").value = "31.13.2021"
        wb["Leveranser"]["C5"].value = "snart"
    path = from_good(tmp_path / "heliks.xlsx", "HELIKS", edit, source=INPUT / "heliks.xlsx")
    issues = api.check_workbooks([path]).files[0].issues
    groups = presenting.findings(_report([path]))
    by_sheet = {g.ark: g.funn for g in groups}
    assert set(by_sheet) == {i.sheet or presenting.WHOLE_BOOK for i in issues}
    shown = [(f.alvorlighet, f.sted, f.felt, f.melding, f.verdi) for g in groups for f in g.funn]
    expected = [(str(i.severity), f"{i.sheet}!{i.cell}" if i.sheet and i.cell else i.sheet, i.field, i.message, i.value)
                for i in issues]
    assert sorted(shown) == sorted(expected)
    first = by_sheet["Tiltak"][0]
    assert first.sted == f"Tiltak!{named_cell(load_workbook(path), 'Tiltak_Sluttdato').coordinate}"
    assert first.label == "Feil" and first.verdi == "31.13.2021"


def test_whole_book_findings_come_first_and_skipped_notes_are_shown(tmp_path):
    text = tmp_path / "notat.xlsx"
    text.write_text("ikke en arbeidsbok", encoding="utf-8")
    lock = tmp_path / "~$heliks.xlsx"
    lock.write_bytes(b"x")
    report = _report([INPUT / "heliks.xlsx", text, lock])
    groups = presenting.findings(report)
    assert groups[0].ark == presenting.WHOLE_BOOK
    messages = [f.melding for f in groups[0].funn]
    assert report["hoppet_over"][0]["melding"] in messages
    assert report["filer"][1]["funn"][0]["melding"] in messages
    assert all(f.sted == "" for f in groups[0].funn)


def test_counts_and_verdict():
    report = {"filer": [{"feil": 2, "advarsler": 1}], "hoppet_over": [{"alvorlighet": "feil"}, {"alvorlighet": "advarsel"}]}
    assert presenting.counts(report) == (3, 1)
    assert presenting.verdict(report) == "3 feil og 1 advarsel"
    assert presenting.verdict({"filer": [{"feil": 1, "advarsler": 2}]}) == "1 feil og 2 advarsler"
    assert presenting.verdict({"filer": [{"feil": 0, "advarsler": 0}]}) == "Ingen feil eller advarsler"
    assert presenting.verdict({"filer": [{"feil": 0, "advarsler": 1}]}) == "0 feil og 1 advarsel"
    assert presenting.verdict({}) == "Ingen feil eller advarsler"


def test_severity_labels():
    assert presenting.Finding("advarsel", "", "", "", "").label == "Advarsel"
    assert presenting.Finding("feil", "", "", "", "").label == "Feil"
