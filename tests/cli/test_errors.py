"""The one error type and what the command line makes of errors: every domain error derives from
:class:`PipelineError`; file-system errors in every command are a Norwegian message with exit 2; no
Python internals (``str(exc)`` of a library error) reach the user; Ctrl-C is exit 130 and says what is
stale; a mistyped output folder is not created with its whole tree."""

from __future__ import annotations

import errno
import importlib
import inspect
import json
import pkgutil
import shutil
from pathlib import Path

import openpyxl
import pytest
from tests.support.merge import copy_examples, expect_only

import pipeline
from pipeline.cli.main import main
from pipeline.common.errors import EXIT_INTERRUPTED, EXIT_USAGE, PipelineError

INTERNALS = ("Traceback", "Intern feil", "Errno", "BytesIO", "codec", "0x", "Error:")


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _clean(text: str) -> None:
    for internal in INTERNALS:
        assert internal not in text, text


@pytest.fixture
def folder(tmp_path) -> Path:
    folder = copy_examples(tmp_path / "inn", names=["heliks.xlsx"])
    expect_only(folder, ["HELIKS"])
    return folder


@pytest.fixture
def blocker(tmp_path) -> Path:
    """A regular file where a folder is expected."""
    path = tmp_path / "ikke-en-mappe"
    path.write_text("en fil", encoding="utf-8")
    return path


# --- one error type ------------------------------------------------------------------------------

def _package_exceptions() -> list[type]:
    found = []
    for info in pkgutil.walk_packages(pipeline.__path__, "pipeline."):
        if info.name.endswith(("uno_convert", "__main__")):  # LibreOffice's own Python; the command itself
            continue
        if info.name.startswith("pipeline.portal."):  # Django modules need a configured project (tests/portal)
            continue
        module = importlib.import_module(info.name)
        found += [obj for _, obj in inspect.getmembers(module, inspect.isclass)
                  if issubclass(obj, BaseException) and obj.__module__ == info.name]
    return found


def test_every_error_class_of_the_package_derives_from_the_one_base():
    found = _package_exceptions()
    assert len(found) >= 13
    assert [cls.__qualname__ for cls in found if not issubclass(cls, PipelineError)] == []


def test_a_domain_error_reaches_the_user_with_its_own_exit_code(capsys, monkeypatch):
    class Odd(PipelineError):
        exit_code = 7

    def fail(args):
        raise Odd("Noe gikk galt med fil.xlsx.")

    monkeypatch.setattr("pipeline.cli.commands.feilkoder.run", fail)
    from pipeline.cli.commands import feilkoder

    monkeypatch.setattr(feilkoder, "run", fail)
    code, out, err = _run(capsys, "feilkoder")
    assert code == 7 and err == "Feil: Noe gikk galt med fil.xlsx.\n"


# --- no Python internals -------------------------------------------------------------------------

def test_oppdater_given_a_workbook_names_the_file_and_what_was_expected(folder, capsys):
    code, out, err = _run(capsys, "merge", folder, "--oppdater", folder / "heliks.xlsx", "-q")
    assert code == EXIT_USAGE
    assert "heliks.xlsx kan ikke leses som et Word-dokument (.docx)" in err
    _clean(err)


def test_forrige_given_the_word_document_names_the_file_and_what_was_expected(folder, tmp_path, capsys):
    document = tmp_path / "Vedlegg2.docx"
    assert _run(capsys, "merge", folder, "-o", document, "-q")[0] == 0
    code, out, err = _run(capsys, "merge", folder, "-o", tmp_path / "ny.docx", "--forrige", document, "-q")
    assert code == EXIT_USAGE
    assert f"{document} er et Word-dokument eller en annen zip-fil, ikke JSON" in err and "vedlegg2.json" in err
    _clean(err)


@pytest.mark.parametrize("content, expected", [(b"PK\x03\x04\xfb\xfe binary", "er et Word-dokument eller en annen zip-fil"),
                                                (b"\xfb\xfe binary", "er ikke en tekstfil"),
                                                ("[{\"navn\": 1,}".encode(), "er ikke gyldig JSON (linje 1")])
def test_prefill_given_a_file_that_is_not_the_export_says_what_was_expected(tmp_path, capsys, content, expected):
    data = tmp_path / "data.json"
    data.write_bytes(content)
    code, out, err = _run(capsys, "prefill", data, "-o", tmp_path / "ut")
    assert code == EXIT_USAGE and expected in err and "vedlegg2.json" in err
    _clean(err)


# --- file-system errors in every command -----------------------------------------------------------

def _read_only(monkeypatch, target: str) -> None:
    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", "/skrivebeskyttet/fil")
    monkeypatch.setattr(target, refuse)


def test_prefill_into_a_read_only_folder_is_a_usage_error(tmp_path, capsys, monkeypatch):
    """Before: «Intern feil: OSError … Read-only file system», exit 3."""
    data = tmp_path / "data.json"
    data.write_text(json.dumps([{"navn": "HELIKS", "segment": "Samstyre"}]), encoding="utf-8")
    _read_only(monkeypatch, "openpyxl.workbook.workbook.Workbook.save")
    code, out, err = _run(capsys, "prefill", data, "-o", tmp_path / "ut")
    assert code == EXIT_USAGE
    assert "/skrivebeskyttet/fil: filsystemet er skrivebeskyttet" in err
    _clean(err)


def test_template_under_a_regular_file_is_a_usage_error(blocker, capsys):
    code, out, err = _run(capsys, "template", "-o", blocker / "mal.xlsx")
    assert code == EXIT_USAGE and str(blocker) in err
    _clean(err)


def test_template_on_a_full_disk_is_a_usage_error(tmp_path, capsys, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "mal.xlsx"))
    monkeypatch.setattr("pipeline.common.atomic.os.fdopen", full)
    monkeypatch.setattr("openpyxl.workbook.workbook.Workbook.save", full)
    code, out, err = _run(capsys, "template", "-o", tmp_path / "mal.xlsx")
    assert code == EXIT_USAGE and "disken er full" in err and "mal.xlsx" in err
    _clean(err)


def test_merge_into_a_folder_without_permission_is_a_usage_error(folder, tmp_path, capsys, monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "ut"))
    monkeypatch.setattr("pipeline.common.atomic.tempfile.mkstemp", denied)
    code, out, err = _run(capsys, "merge", folder, "-o", tmp_path / "ut" / "V.docx", "-q")
    assert code == EXIT_USAGE and "ingen skrivetilgang" in err
    _clean(err)


def test_tilbakemelding_under_a_regular_file_is_a_usage_error(folder, blocker, capsys):
    shutil.copy(folder / "heliks.xlsx", folder / "feil.xlsx")
    wb = openpyxl.load_workbook(folder / "feil.xlsx")
    wb["Tiltak"]["B4"] = None
    wb.save(folder / "feil.xlsx")
    code, out, err = _run(capsys, "tilbakemelding", folder, "-o", blocker / "kopier", "-q")
    assert code == EXIT_USAGE and str(blocker) in err
    _clean(err)


def test_validate_with_an_unreadable_file_is_a_usage_error(folder, capsys, monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(folder / "heliks.xlsx"))
    monkeypatch.setattr("pipeline.validate.batch.check_paths", denied)
    code, out, err = _run(capsys, "validate", folder, "-q")
    assert code == EXIT_USAGE and "heliks.xlsx: ingen skrivetilgang" in err
    _clean(err)


def test_pdf_on_a_full_disk_is_a_usage_error(folder, tmp_path, capsys, monkeypatch):
    document = tmp_path / "V.docx"
    assert _run(capsys, "merge", folder, "-o", document, "-q")[0] == 0

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "V.pdf"))
    monkeypatch.setattr("pipeline.pdf.convert.publish_pdf", full)
    code, out, err = _run(capsys, "pdf", document)
    assert code == EXIT_USAGE and "V.pdf: disken er full" in err
    _clean(err)


def test_feilkoder_into_a_full_disk_is_a_usage_error(capsys, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr("pipeline.contract.codebook.issue_catalogue_markdown", full)
    code, out, err = _run(capsys, "feilkoder")
    assert code == EXIT_USAGE and "disken er full" in err
    _clean(err)


# --- Ctrl-C --------------------------------------------------------------------------------------

def test_ctrl_c_is_exit_130(folder, capsys, monkeypatch):
    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr("pipeline.validate.batch.check_paths", interrupt)
    code, out, err = _run(capsys, "validate", folder, "-q")
    assert code == EXIT_INTERRUPTED == 130 and err == "Avbrutt.\n"


def test_ctrl_c_during_the_pdf_names_the_new_files_and_the_stale_pdf(folder, tmp_path, capsys, monkeypatch):
    document = tmp_path / "ut" / "V.docx"
    document.parent.mkdir()
    old_pdf = document.with_suffix(".pdf")
    old_pdf.write_bytes(b"%PDF gammel")

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr("pipeline.pdf.convert.publish_pdf", interrupt)
    code, out, err = _run(capsys, "merge", folder, "-o", document, "--pdf", "-q")
    assert code == EXIT_INTERRUPTED
    assert err.startswith("Avbrutt under PDF-steget.")
    new_line = next(line for line in err.splitlines() if "Nye fra denne kjøringen" in line)
    assert str(document) in new_line and "vedlegg2.json" in new_line and str(old_pdf) not in new_line
    assert f"{old_pdf} er fra en tidligere kjøring" in err
    assert old_pdf.read_bytes() == b"%PDF gammel"


# --- a mistyped output folder ----------------------------------------------------------------------

def test_one_missing_output_folder_is_made_and_said(tmp_path, capsys):
    target = tmp_path / "ny" / "mal.xlsx"
    code, out, err = _run(capsys, "template", "-o", target)
    assert code == 0 and target.is_file()
    assert out.splitlines()[0] == f"Lagde mappen {tmp_path / 'ny'}."


def test_a_deeper_missing_tree_is_a_usage_error_and_nothing_is_made(folder, tmp_path, capsys):
    data = tmp_path / "data.json"
    data.write_text(json.dumps([{"navn": "HELIKS", "segment": "Samstyre"}]), encoding="utf-8")
    for argv in (["template", "-o", tmp_path / "nyy" / "mappe" / "mal.xlsx"],
                 ["merge", folder, "-o", tmp_path / "nyy" / "mappe" / "V.docx", "-q"],
                 ["prefill", data, "-o", tmp_path / "nyy" / "mappe"]):
        code, out, err = _run(capsys, *argv)
        assert code == EXIT_USAGE, argv
        assert f"Mappen {tmp_path / 'nyy' / 'mappe'} finnes ikke, og heller ikke {tmp_path / 'nyy'}" in err
        assert not (tmp_path / "nyy").exists()
