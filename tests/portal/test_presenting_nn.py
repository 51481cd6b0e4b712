"""The findings and the verdict on the page in nynorsk, from the forms stored at upload (presenting.py)."""

from __future__ import annotations

from pipeline import api
from pipeline.common.malform import Malform
from pipeline.contract import nnforms
from pipeline.portal import presenting
from tests.support.hardening import from_good, named_cell
from tests.support.portal import INPUT

NN = Malform.NYNORSK


def _checked(tmp_path):
    def edit(wb):
        named_cell(wb, "Tiltak_Sluttdato").value = "31.13.2021"
        named_cell(wb, "Tiltak_Status").value = "Blå"
        named_cell(wb, "Tiltak_Beskrivelse").value = None
    path = from_good(tmp_path / "fresk.xlsx", "FRESK", edit, source=INPUT / "fresk.xlsx")
    (empty := tmp_path / "tom.xlsx").write_bytes(b"")
    result = api.check_workbooks([path, empty])
    report = {"filer": [f.to_dict() for f in result.files], "hoppet_over": [i.to_dict() for i in result.skipped]}
    issues = [i for f in result.files for i in f.issues] + list(result.skipped)
    return result, report, issues


def test_the_stored_nynorsk_forms_are_shown_for_nynorsk_and_the_bokmal_ones_otherwise(tmp_path):
    result, report, issues = _checked(tmp_path)
    stored = {**report, presenting.NYNORSK_KEY: presenting.nynorsk_items(result)}
    assert len(stored[presenting.NYNORSK_KEY]) == len(issues) and len(issues) >= 3
    shown = [(f.felt, f.melding, f.label) for g in presenting.findings(stored, NN) for f in g.funn]
    expected = [(i.field_in(NN, nnforms), i.message_in(NN, nnforms), "Feil" if i.is_error else "Åtvaring")
                for i in issues]
    assert sorted(shown) == sorted(expected)
    assert any(i.field_in(NN, nnforms) != i.field for i in issues)
    groups = presenting.findings(stored, NN)
    assert groups[0].ark == "Heile arbeidsboka"  # the empty file's finding, first
    for malform in (None, Malform.BOKMAL):
        shown = [(f.felt, f.melding) for g in presenting.findings(stored, malform) for f in g.funn]
        assert sorted(shown) == sorted((i.field, i.message) for i in issues)
        assert presenting.findings(stored, malform)[0].ark == presenting.WHOLE_BOOK


def test_a_version_stored_without_the_forms_is_shown_in_bokmal(tmp_path):
    result, report, issues = _checked(tmp_path)
    short = {**report, presenting.NYNORSK_KEY: presenting.nynorsk_items(result)[:-1]}
    for old in (report, short, {**report, presenting.NYNORSK_KEY: "x"}):
        shown = [f.melding for g in presenting.findings(old, NN) for f in g.funn]
        assert sorted(shown) == sorted(i.message for i in issues)


def test_the_verdict_in_nynorsk():
    assert presenting.verdict({}, NN) == "Ingen feil eller åtvaringar"
    assert presenting.verdict({"filer": [{"feil": 2, "advarsler": 1}]}, NN) == "2 feil og 1 åtvaring"
    assert presenting.verdict({"filer": [{"feil": 0, "advarsler": 3}]}, NN) == "0 feil og 3 åtvaringar"
    assert presenting.verdict({"filer": [{"feil": 1, "advarsler": 0}]}, NN) == "1 feil og 0 åtvaringar"


def test_a_refusal_quotes_the_readers_finding_in_nynorsk(tmp_path):
    result, report, issues = _checked(tmp_path)
    stored = {**report, presenting.NYNORSK_KEY: presenting.nynorsk_items(result)}
    skipped = next(i for f in result.files if f.tiltak is None for i in f.issues)  # the empty file's
    message = f"Filen ble ikke lest: {skipped.message}"
    assert presenting.refusal_in(message, stored, NN) == f"Fila vart ikkje lesen: {skipped.message_in(NN, nnforms)}"
    assert presenting.refusal_in(message, stored, Malform.BOKMAL) == message
    assert presenting.refusal_in(message, report, NN) == f"Fila vart ikkje lesen: {skipped.message}"


def test_the_place_is_the_sheet_alone_without_a_cell_and_skipped_warnings_are_not_errors():
    report = {"filer": [{"feil": 0, "advarsler": 0, "funn": [
        {"alvorlighet": "advarsel", "ark": "Leveranser", "celle": "", "felt": "", "melding": "m", "verdi": ""},
        {"alvorlighet": "feil", "ark": "", "celle": "C7", "felt": "", "melding": "n", "verdi": ""}]}],
        "hoppet_over": [{"alvorlighet": "advarsel"}, {"alvorlighet": "feil"}, {"alvorlighet": "feil"}]}
    places = {f.melding: f.sted for g in presenting.findings(report) for f in g.funn}
    assert places["m"] == "Leveranser" and places["n"] == ""
    assert presenting.counts(report) == (2, 0)
