"""Files that are not submissions (issue 19, item 5): our own merge report or any other workbook in the
input folder gets one line, «Ikke en innrapportering – hoppet over»; a workbook from a newer template
version gets one error naming the version and what to do."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook
from tests.support.hardening import REPORT_SETTINGS, from_good, named_cell, remove_defined_names
from tests.support.paths import INPUT

from pipeline.cli.main import main
from pipeline.contract.issues import Code
from pipeline.contract.settings import load_form_settings
from pipeline.read.reader import read_workbook
from pipeline.validate.batch import check_paths

SKIPPED = "Ikke en innrapportering – hoppet over"


def _run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out + err


def _lines_about(text: str, name: str) -> list[str]:
    return [line for line in text.splitlines() if name in line]


@pytest.fixture(scope="module")
def merge_report(tmp_path_factory) -> Path:
    """The merge report a real merge of HELIKS writes."""
    folder = tmp_path_factory.mktemp("runde")
    shutil.copy(INPUT / "heliks.xlsx", folder)
    shutil.copy(REPORT_SETTINGS, folder / "rapport.toml")
    out = folder / "ut"
    assert main(["merge", str(folder), "-o", str(out / "Vedlegg2.docx"), "-q"]) in (0, 1)
    return out / "merge-rapport.xlsx"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    inn = tmp_path / "inn"
    inn.mkdir()
    shutil.copy(INPUT / "heliks.xlsx", inn)
    shutil.copy(REPORT_SETTINGS, inn / "rapport.toml")
    return inn


def _budget(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Budsjett"
    for row in [("Post", "Beløp"), ("Lønn", 1200), ("Reise", 80), ("Sum", "=SUM(B2:B3)")]:
        ws.append(row)
    wb.save(path)
    return path


def test_our_own_merge_report_in_the_folder_is_one_line_in_validate(folder, merge_report, capsys):
    shutil.copy(merge_report, folder)
    code, out = _run(capsys, "validate", str(folder))
    about = _lines_about(out, "merge-rapport.xlsx")
    assert about == [f"merge-rapport.xlsx: {SKIPPED} (det er flettingsrapporten fra innrapportering merge)."]
    assert code == 0 and "heliks.xlsx (HELIKS): OK" in out
    assert "Mal_Versjon" not in out and "utenfor skjemaets felt" not in out


def test_a_workbook_that_is_no_submission_is_one_line_in_merge_and_in_the_report(folder, capsys):
    _budget(folder / "budsjett.xlsx")
    code, out = _run(capsys, "merge", str(folder), "-o", str(folder.parent / "ut" / "V.docx"))
    assert code in (0, 1)
    about = _lines_about(out, "budsjett.xlsx")
    assert len(about) == 1 and SKIPPED in about[0] and "verken malversjon eller skjemaets navn og tabeller" in about[0]
    report = json.loads((folder.parent / "ut" / "merge-rapport.json").read_text(encoding="utf-8"))
    assert [f["fil"] for f in report["filer"]] == ["heliks.xlsx"]
    [note] = [n for n in report["hoppet_over"] if n["fil"] == "budsjett.xlsx"]
    assert note["kode"] == Code.NOT_A_SUBMISSION.value and SKIPPED in note["melding"]


def test_a_submission_that_lost_its_names_is_still_a_submission(tmp_path):
    path = from_good(tmp_path / "uten-navn.xlsx", "Uten navn")
    remove_defined_names(path)
    book = read_workbook(path)
    codes = {i.code for i in book.issues}
    assert book.readable and Code.NOT_A_SUBMISSION not in codes and Code.NAME_MISSING in codes


def test_a_workbook_with_only_a_template_version_is_a_submission(tmp_path):
    """``Mal_Versjon`` as a constant (``="1.1"``), and nothing else: a (very broken) submission, not a stray file."""
    from tests.support.minixlsx import Package, Sheet

    path = Package([Sheet("Tiltak", "")], names=[("Mal_Versjon", None, '"1.1"')]).save(tmp_path / "bare-versjon.xlsx")
    codes = {i.code for i in read_workbook(path).issues}
    assert Code.NOT_A_SUBMISSION not in codes and Code.NAME_MISSING in codes


def _with_version(path: Path, version: str) -> Path:
    def edit(wb):
        named_cell(wb, "Mal_Versjon").value = version
    return from_good(path, f"Versjon {version}", edit)


def test_a_newer_template_version_is_one_error_naming_the_version_and_what_to_do(tmp_path):
    form = load_form_settings()
    path = _with_version(tmp_path / "ny-mal.xlsx", "2.0")
    [file] = check_paths([path], form).files
    [issue] = file.issues
    assert issue.code is Code.VERSION_NEWER and issue.is_error and file.tiltak is None
    assert "«2.0»" in issue.message and f"versjon {form.mal_versjon}" in issue.message
    assert "Oppdater verktøyet" in issue.message


def test_a_newer_template_version_is_rejected_by_merge_with_that_one_error(folder, tmp_path, capsys):
    _with_version(folder / "ny-mal.xlsx", "1.10")
    code, out = _run(capsys, "validate", str(folder))
    about = _lines_about(out, "malversjon")
    assert code == 1 and len(about) == 1 and "«1.10»" in about[0]
    assert "utenfor skjemaets felt" not in out


def test_an_older_unknown_version_still_gets_every_finding(tmp_path):
    [file] = check_paths([_with_version(tmp_path / "gammel.xlsx", "0.9")], load_form_settings()).files
    assert Code.VERSION_UNKNOWN in {i.code for i in file.issues} and file.tiltak is not None
