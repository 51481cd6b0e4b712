"""What ``validate`` prints for several files at once, as text, with --bare-feil and as --json: the
summary counts, the missing file, the heading of a workbook without a tiltak name, each finding's line."""

from __future__ import annotations

import json
import shutil

import pytest
from openpyxl import load_workbook

from pipeline.cli.main import main
from tests.support.hardening import named_cell
from tests.support.paths import INPUT

DATE = "01.01.2024"  # HELIKS has deliveries due before it and not delivered: warnings, no errors


@pytest.fixture
def three(tmp_path):
    """HELIKS (warnings only), a copy without tiltak name and with a status not in the list (errors),
    and a file that does not exist."""
    good = tmp_path / "heliks.xlsx"
    shutil.copy(INPUT / "heliks.xlsx", good)
    bad = tmp_path / "uten-navn.xlsx"
    wb = load_workbook(good)
    named_cell(wb, "Tiltak_Navn").value = None
    named_cell(wb, "Tiltak_Status").value = "Lilla"
    wb.save(bad)
    return good, bad, tmp_path / "mangler.xlsx"


def _run(capsys, *argv):
    code = main(["validate", "-q", "--rapportdato", DATE, *map(str, argv)])
    out, _ = capsys.readouterr()
    return code, out


def _json(capsys, *files) -> dict:
    code, out = _run(capsys, "--json", *files)
    return json.loads(out)


def test_the_text_report_lists_each_file_its_findings_and_the_counts(three, capsys):
    good, bad, missing = three
    data = _json(capsys, *three)
    by_file = {f["fil"].rsplit("/", 1)[-1]: f for f in data["filer"]}
    warnings = sum(f["advarsler"] for f in data["filer"])
    assert by_file["heliks.xlsx"]["feil"] == 0 and by_file["heliks.xlsx"]["advarsler"] > 0
    assert by_file["uten-navn.xlsx"]["feil"] > 0
    assert all(len(f["funn"]) == f["feil"] + f["advarsler"] for f in data["filer"])
    code, out = _run(capsys, *three)
    assert code == 2  # a file that does not exist is the user's mistake
    lines = out.splitlines()
    assert f"{missing}: finnes ikke." in lines
    heliks = by_file["heliks.xlsx"]["advarsler"]
    assert f"heliks.xlsx (HELIKS): 0 feil, {heliks} advarsler" in lines
    bad_errors, bad_warnings = by_file["uten-navn.xlsx"]["feil"], by_file["uten-navn.xlsx"]["advarsler"]
    heading = [line for line in lines if line.startswith("uten-navn.xlsx")]
    assert heading == [f"uten-navn.xlsx: {bad_errors} feil, {bad_warnings} "
                       f"{'advarsel' if bad_warnings == 1 else 'advarsler'}"]  # no «()» without a name
    findings = [line for line in lines if line.startswith("  ")]
    assert len(findings) == warnings + bad_errors
    assert sum(line.startswith("  FEIL     ") for line in findings) == bad_errors
    assert sum(line.startswith("  ADVARSEL ") for line in findings) == warnings
    assert not any(".xlsx" in line for line in findings)  # the file is the heading above, not repeated
    assert lines[-2] == ""  # a blank line before the summary
    assert lines[-1] == f"Oppsummert: 2 arbeidsbøker lest, 1 uten feil, 1 med feil; {warnings} advarsler i alt."


def test_one_workbook_is_counted_in_the_singular(three, capsys):
    good, _, _ = three
    code, out = _run(capsys, good)
    assert code == 0
    assert out.splitlines()[-1].startswith("Oppsummert: 1 arbeidsbok lest, 1 uten feil, 0 med feil; ")


def test_bare_feil_shows_only_files_with_errors_and_only_their_errors(three, capsys):
    good, bad, missing = three
    code, out = _run(capsys, "--bare-feil", *three)
    lines = out.splitlines()
    assert code == 2 and f"{missing}: finnes ikke." in lines
    assert not any(line.startswith("heliks.xlsx") for line in lines)
    findings = [line for line in lines if line.startswith("  ")]
    assert findings and all(line.startswith("  FEIL     ") for line in findings)


def test_json_counts_files_errors_and_warnings_and_names_the_missing_file(three, capsys):
    good, bad, missing = three
    data = _json(capsys, *three)
    assert data["rapportdato"] == DATE and data["rapportdato_kilde"] == "fra --rapportdato"
    assert data["finnes_ikke"] == [str(missing)]
    assert data["oppsummering"] == {"arbeidsboker": 2, "med_feil": 1,
                                    "advarsler": sum(f["advarsler"] for f in data["filer"])}
    assert [f["fil"].rsplit("/", 1)[-1] for f in data["filer"]] == ["heliks.xlsx", "uten-navn.xlsx"]
