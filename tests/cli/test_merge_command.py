"""``innrapportering merge`` as a user meets it: exit codes, what is written and what is kept."""

from __future__ import annotations


import json
import re
from pathlib import Path

import docx
import openpyxl
import pytest
from tests.support.merge import chapters, copy_examples, expect_only

from pipeline.cli.main import main
from pipeline.word.fingerprint import DocumentState, document_state


def _break(path: Path, name: str, value) -> None:
    wb = openpyxl.load_workbook(path)
    sheet, coord = next(iter(wb.defined_names[name].destinations))
    wb[sheet][coord.replace("$", "")] = value
    wb.save(path)


@pytest.fixture
def two(tmp_path) -> Path:
    """heliks.xlsx and mf-helse.xlsx, with just these two expected."""
    folder = copy_examples(tmp_path / "inn", names=["heliks.xlsx", "mf-helse.xlsx"])
    expect_only(folder, ["HELIKS", "MF Helse"])
    return folder


def _merge(folder: Path, out: Path, *extra: str) -> int:
    return main(["merge", str(folder), "-o", str(out), "--quiet", *extra])


# --- nothing valid: nothing replaced (item 4) -------------------------------------------------


@pytest.mark.slow
def test_a_run_with_nothing_valid_keeps_the_previous_document_and_export(two, tmp_path, capsys):
    out = tmp_path / "ut" / "Vedlegg2.docx"
    assert _merge(two, out) == 0
    document, export = out.read_bytes(), (out.parent / "vedlegg2.json").read_bytes()
    for name in ("heliks.xlsx", "mf-helse.xlsx"):
        _break(two / name, "Tiltak_Status", "Lilla")
    capsys.readouterr()

    assert _merge(two, out) == 1
    printed = capsys.readouterr().out
    assert "Ingen dokument skrevet: ingen av innrapporteringene kunne slås sammen." in printed
    assert f"Forrige {out} og {out.parent / 'vedlegg2.json'} står uendret." in printed
    assert out.read_bytes() == document and (out.parent / "vedlegg2.json").read_bytes() == export
    report = json.loads((out.parent / "merge-rapport.json").read_text(encoding="utf-8"))
    assert report["dokument"] is None and report["oppsummering"]["avvist"] == 2  # the report says why
    assert {m["grunn"] for m in report["mangler"]} == {"avvist (heliks.xlsx)", "avvist (mf-helse.xlsx)"}


def test_nothing_valid_and_no_previous_document_writes_only_the_report(two, tmp_path, capsys):
    (two / "mf-helse.xlsx").unlink()
    _break(two / "heliks.xlsx", "Tiltak_Status", "Lilla")
    out = tmp_path / "ut" / "Vedlegg2.docx"
    assert _merge(two, out) == 1
    assert not out.exists() and not (out.parent / "vedlegg2.json").exists()
    assert "Forrige" not in capsys.readouterr().out
    assert (out.parent / "merge-rapport.xlsx").is_file()


# --- exit codes (item 9) ------------------------------------------------------------------------


def test_exit_codes_0_complete_1_missing_or_rejected(two, tmp_path, capsys):
    out = tmp_path / "ut" / "V.docx"
    assert _merge(two, out) == 0
    (two / "mf-helse.xlsx").unlink()
    assert _merge(two, out) == 1  # MF Helse expected, not received
    assert "MF Helse (Samstyre, Direktoratet for e-helse) – ikke mottatt" in capsys.readouterr().out


def test_a_duplicate_expected_tiltak_is_listed_as_missing_with_why(two, tmp_path, capsys):
    (two / "heliks-2.xlsx").write_bytes((two / "heliks.xlsx").read_bytes())
    out = tmp_path / "ut" / "V.docx"
    assert _merge(two, out) == 1
    assert "Mangler i dokumentet (1 forventet):\n  HELIKS (Koordinere, Helse Vest) – avvist (heliks-2.xlsx, heliks.xlsx)" \
        in capsys.readouterr().out


# --- the edited document is never lost (item 5) -------------------------------------------------


def _edit(path: Path, text: str = "Redaktørens tekst.") -> None:
    d = docx.Document(str(path))
    d.add_paragraph(text)
    d.save(str(path))


def test_an_edited_document_is_not_replaced(two, tmp_path, capsys):
    out = tmp_path / "ut" / "Vedlegg2.docx"
    assert _merge(two, out) == 0
    _edit(out)
    edited = out.read_bytes()
    capsys.readouterr()

    assert _merge(two, out) == 2
    err = capsys.readouterr().err
    assert f"{out} er endret etter at det ble laget" in err
    assert "--overskriv" in err and "Vedlegg2.sikkerhetskopi-" in err
    assert f"--oppdater {out}" in err
    assert "Traceback" not in err and "Intern feil" not in err
    assert out.read_bytes() == edited
    assert [p.name for p in out.parent.iterdir() if "sikkerhetskopi" in p.name] == []


@pytest.mark.slow
def test_overskriv_keeps_the_edited_document_as_a_backup_and_never_overwrites_one(two, tmp_path, capsys):
    out = tmp_path / "ut" / "Vedlegg2.docx"
    assert _merge(two, out) == 0
    backups = []
    for text in ("Første redigering.", "Andre redigering."):  # twice, most likely within the same minute
        _edit(out, text)
        edited = out.read_bytes()
        capsys.readouterr()
        assert _merge(two, out, "--overskriv") == 0
        printed = capsys.readouterr().out
        new = sorted(set(out.parent.glob("Vedlegg2.sikkerhetskopi-*.docx")) - set(backups))
        assert len(new) == 1 and new[0].read_bytes() == edited
        assert f"Det gamle dokumentet er tatt vare på som {new[0]}." in printed
        backups += new
        assert document_state(out) is DocumentState.UNCHANGED  # the new document, stamped
    assert [docx.Document(str(b)).paragraphs[-1].text for b in backups] == ["Første redigering.", "Andre redigering."]


@pytest.mark.slow
def test_an_unchanged_document_is_replaced_silently_without_a_backup(two, tmp_path, capsys):
    out = tmp_path / "ut" / "Vedlegg2.docx"
    assert _merge(two, out) == 0
    (two / "mf-helse.xlsx").unlink()
    assert _merge(two, out) == 1
    assert [c.title for c in chapters(out)] == ["HELIKS"]
    assert not list(out.parent.glob("*sikkerhetskopi*"))
    assert "tatt vare på" not in capsys.readouterr().out


def test_a_document_made_elsewhere_is_not_replaced(two, tmp_path, capsys):
    out = tmp_path / "ut" / "Vedlegg2.docx"
    out.parent.mkdir()
    docx.Document().save(str(out))
    before = out.read_bytes()
    assert _merge(two, out) == 2
    assert f"{out} ble ikke laget av innrapportering" in capsys.readouterr().err
    assert out.read_bytes() == before
    assert _merge(two, out, "--overskriv") == 0
    assert [b.read_bytes() for b in out.parent.glob("Vedlegg2.sikkerhetskopi-*.docx")] == [before]


# --- output name and input files (item 11) ------------------------------------------------------


def test_output_without_docx_gets_it(two, tmp_path, capsys):
    assert _merge(two, tmp_path / "ut" / "Vedlegg2") == 0
    assert (tmp_path / "ut" / "Vedlegg2.docx").is_file() and not (tmp_path / "ut" / "Vedlegg2").exists()
    assert f"Skrev {tmp_path / 'ut' / 'Vedlegg2.docx'}" in capsys.readouterr().out


@pytest.mark.slow
def test_merge_accepts_workbook_files_with_the_settings_from_their_folder(two, tmp_path, capsys):
    out = tmp_path / "ut" / "V.docx"
    assert main(["merge", str(two / "heliks.xlsx"), "-o", str(out), "--quiet"]) == 1  # MF Helse is missing
    assert [c.title for c in chapters(out)] == ["HELIKS"]
    assert main(["merge", str(two / "heliks.xlsx"), str(two / "mf-helse.xlsx"), "-o", str(out), "--quiet"]) == 0
    assert f"fra {two / 'heliks.xlsx'}, {two / 'mf-helse.xlsx'}" in capsys.readouterr().out


def test_merge_on_a_missing_path_is_a_usage_error(tmp_path, capsys):
    assert main(["merge", str(tmp_path / "finnes-ikke.xlsx"), "-o", str(tmp_path / "V.docx")]) == 2
    err = capsys.readouterr().err
    assert f"Fant ikke {tmp_path / 'finnes-ikke.xlsx'}" in err and "Fant ikke mappen" not in err


def test_innstillinger_names_the_report_settings(tmp_path, capsys):
    folder = copy_examples(tmp_path / "inn", names=["heliks.xlsx"])
    settings = tmp_path / "innstillinger" / "runde.toml"
    settings.parent.mkdir()
    (folder / "rapport.toml").rename(settings)
    text = settings.read_text(encoding="utf-8").replace('periode = "November 2021"', 'periode = "Mai 2026"')
    settings.write_text(re.sub(r"^forrige = .*$", "", text, flags=re.M), encoding="utf-8")  # no history here
    out = tmp_path / "ut" / "V.docx"
    assert main(["merge", str(folder), "-o", str(out), "--quiet"]) == 2
    assert "Fant ikke rapportinnstillingene" in capsys.readouterr().err
    assert main(["merge", str(folder), "-o", str(out), "--quiet", "--innstillinger", str(settings)]) == 1
    assert "Mai 2026" in [p.text for p in docx.Document(str(out)).paragraphs]
    assert main(["merge", str(folder), "-o", str(out), "--innstillinger", str(tmp_path / "nei.toml")]) == 2
    assert f"Fant ikke innstillingsfilen {tmp_path / 'nei.toml'}" in capsys.readouterr().err


@pytest.mark.slow
def test_a_document_edited_while_the_workbooks_are_read_is_not_replaced(two, tmp_path, capsys, monkeypatch):
    from pipeline.merge import run

    out = tmp_path / "ut" / "Vedlegg2.docx"
    assert _merge(two, out) == 0
    reading = run.check_paths

    def edited_meanwhile(*args, **kwargs):
        _edit(out, "Lagret i Word mens sammenslåingen leste.")
        return reading(*args, **kwargs)

    monkeypatch.setattr(run, "check_paths", edited_meanwhile)
    assert _merge(two, out) == 2
    assert f"{out} er endret etter at det ble laget" in capsys.readouterr().err
    assert docx.Document(str(out)).paragraphs[-1].text == "Lagret i Word mens sammenslåingen leste."
