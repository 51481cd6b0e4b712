"""What ``innrapportering merge`` prints: the summary a secretary reads after a merge (counts, rejected files
with their errors, missing and unexpected tiltak, the comparison with the previous round, what was written
and what was kept), through the real command on real workbooks."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import openpyxl
import pytest
from tests.support.merge import copy_examples, expect_only

from pipeline.cli.main import main


def _set(path: Path, name: str, value) -> None:
    wb = openpyxl.load_workbook(path)
    sheet, coord = next(iter(wb.defined_names[name].destinations))
    wb[sheet][coord.replace("$", "")] = value
    wb.save(path)


def _without_history(folder: Path, **settings: str) -> None:
    """No ``forrige`` in rapport.toml (the comparison comes only with ``--forrige``), and other settings."""
    path = folder / "rapport.toml"
    text = re.sub(r"^forrige = .*$", "", path.read_text(encoding="utf-8"), flags=re.M)
    for key, value in settings.items():
        text = re.sub(rf"^{key} = .*$", f"{key} = {value}", text, flags=re.M)
    path.write_text(text, encoding="utf-8")


def _expected(folder: Path, name: str) -> str:
    """``Navn (segment, aktør)`` as rapport.toml lists the tiltak."""
    entry = next(e for e in tomllib.loads((folder / "rapport.toml").read_text(encoding="utf-8"))["forventet"]
                 if e["navn"] == name)
    return f"{name} ({', '.join(x for x in (entry.get('segment', ''), entry.get('aktor', '')) if x)})"


@pytest.fixture
def mixed(tmp_path) -> Path:
    """Four workbooks: HELIKS clean, MF Helse with two warnings, SAFEST with one warning, FRESK with an error
    (a status no list has); HELIKS and SAFEST not expected, Helseplattformen expected but not sent; a text file
    beside them."""
    folder = copy_examples(tmp_path / "inn", names=["heliks.xlsx", "mf-helse.xlsx", "fresk.xlsx", "safest.xlsx"])
    expect_only(folder, ["MF Helse", "FRESK", "Helseplattformen"])
    _without_history(folder)
    _set(folder / "mf-helse.xlsx", "Tiltak_Innforingsstrategi", None)
    _set(folder / "mf-helse.xlsx", "Tiltak_Kontaktperson", None)
    _set(folder / "fresk.xlsx", "Tiltak_Status", "Lilla")
    (folder / "notater.txt").write_text("ikke en arbeidsbok", encoding="utf-8")
    return folder


def _merge(capsys, *args: str) -> tuple[int, list[str]]:
    capsys.readouterr()
    code = main(["merge", *args, "--quiet"])
    return code, capsys.readouterr().out.splitlines()


def _written(out: Path) -> list[str]:
    return [f"Skrev {out} og {out.parent / 'vedlegg2.json'}.", _reports(out)]


def _reports(out: Path) -> str:
    return f"Flettingsrapport: {out.parent / 'merge-rapport.xlsx'} (og merge-rapport.json)."


def _chase(out: Path) -> str:
    """The line after the summary when an expected tiltak is missing (one reminder: Helseplattformen)."""
    return f"Purreliste: {out.parent / 'purreliste.txt'} (1 påminnelse klar til å sendes)."


def _error_line(lines: list[str], index: int) -> str:
    """The rejected file's error, as the summary shows it: indented, with sheet and cell, without the file name."""
    line = lines[index]
    assert line.startswith("    Tiltak!B") and "«Lilla»" in line and "fresk.xlsx" not in line, line
    return line


def test_the_summary_counts_the_workbooks_names_the_rejected_one_its_error_and_what_is_missing(mixed, tmp_path, capsys):
    out = tmp_path / "ut" / "V.docx"
    out.parent.mkdir()
    code, lines = _merge(capsys, str(mixed), "-o", str(out))
    assert code == 1
    assert lines == [
        f"Leste 4 arbeidsbøker fra {mixed}.",
        "notater.txt: Filen er ikke en Excel-arbeidsbok og er hoppet over.",
        "Slått sammen: 3, av dem 2 med advarsler.",
        "Avvist: 1.",
        "  fresk.xlsx (FRESK): 1 feil, 0 advarsler",
        _error_line(lines, 5),
        f"Se advarslene (3) i flettingsrapporten eller med «innrapportering validate {mixed}».",
        "Mangler i dokumentet (2 forventet):",
        f"  {_expected(mixed, 'Helseplattformen')} – ikke mottatt",
        f"  {_expected(mixed, 'FRESK')} – avvist (fresk.xlsx)",
        "Mottatt uten å stå i listen over forventede tiltak: HELIKS, SAFEST",
        *_written(out),
        _chase(out),
    ]


def test_lenient_counts_the_workbook_with_an_error_as_merged_and_marked(mixed, tmp_path, capsys):
    out = tmp_path / "ut" / "V.docx"
    out.parent.mkdir()
    code, lines = _merge(capsys, str(mixed), "-o", str(out), "--lenient")
    assert code == 1
    assert lines == [
        f"Leste 4 arbeidsbøker fra {mixed}.",
        "notater.txt: Filen er ikke en Excel-arbeidsbok og er hoppet over.",
        "Slått sammen: 4, av dem 2 med advarsler og 1 med feil (--lenient, merket i dokumentet).",
        "Avvist: 0.",
        f"Se advarslene (3) i flettingsrapporten eller med «innrapportering validate {mixed}».",
        "Mangler i dokumentet (1 forventet):",
        f"  {_expected(mixed, 'Helseplattformen')} – ikke mottatt",
        "Mottatt uten å stå i listen over forventede tiltak: HELIKS, SAFEST",
        *_written(out),
        _chase(out),
    ]


def test_lenient_with_only_an_error_names_no_warnings(tmp_path, capsys):
    folder = copy_examples(tmp_path / "inn", names=["heliks.xlsx", "fresk.xlsx"])
    expect_only(folder, ["HELIKS", "FRESK"])
    _without_history(folder)
    _set(folder / "fresk.xlsx", "Tiltak_Status", "Lilla")
    out = tmp_path / "ut" / "V.docx"
    out.parent.mkdir()
    code, lines = _merge(capsys, str(folder), "-o", str(out), "--lenient")
    assert code == 1  # merged, but with an error
    assert lines == [f"Leste 2 arbeidsbøker fra {folder}.",
                     "Slått sammen: 2, av dem 1 med feil (--lenient, merket i dokumentet).",
                     "Avvist: 0.", *_written(out)]


def test_strict_writes_no_document_and_says_why(mixed, tmp_path, capsys):
    out = tmp_path / "ut" / "V.docx"
    out.parent.mkdir()
    code, lines = _merge(capsys, str(mixed), "-o", str(out), "--strict")
    assert code == 1
    assert not out.exists() and not (out.parent / "vedlegg2.json").exists()
    assert lines[2:5] == ["Uten feil, men ikke skrevet (--strict): 3, av dem 2 med advarsler.",
                          "Avvist: 1.", "  fresk.xlsx (FRESK): 1 feil, 0 advarsler"]
    assert lines[-3:] == ["Ingen dokument skrevet: --strict stopper når en innrapportering har feil.",
                          _reports(out), _chase(out)]
    assert not any(line.startswith(("Skrev", "Forrige")) for line in lines)


def test_a_clean_complete_merge_prints_only_the_count_and_what_was_written(tmp_path, capsys):
    folder = copy_examples(tmp_path / "inn", names=["heliks.xlsx"])
    expect_only(folder, ["HELIKS"])
    _without_history(folder)
    out = tmp_path / "ut" / "V.docx"
    out.parent.mkdir()
    code, lines = _merge(capsys, str(folder), "-o", str(out))
    assert code == 0
    assert lines == [f"Leste 1 arbeidsbok fra {folder}.", "Slått sammen: 1.", "Avvist: 0.", *_written(out)]


@pytest.mark.slow
def test_the_comparison_with_the_previous_round_names_it_and_counts_the_changes(tmp_path, capsys):
    folder = copy_examples(tmp_path / "inn", names=["heliks.xlsx", "mf-helse.xlsx"])
    expect_only(folder, ["HELIKS", "MF Helse"])
    _without_history(folder)
    before = tmp_path / "november" / "V.docx"
    assert _merge(capsys, str(folder), "-o", str(before))[0] == 0
    _without_history(folder, periode='"Desember 2021"', rapportdato="2021-12-01")
    _set(folder / "heliks.xlsx", "Tiltak_Status", "Rød")
    out = tmp_path / "desember" / "V.docx"
    out.parent.mkdir()
    previous = str(before.parent / "vedlegg2.json")

    code, lines = _merge(capsys, str(folder), "-o", str(out), "--forrige", previous)
    assert code == 0
    assert lines[-3] == ("Sammenlignet med November 2021: 1 endring («Endringer siden forrige rapport» i sammendraget, "
                         "arket «Endringer» i flettingsrapporten).")
    assert lines[-2:] == _written(out)

    _set(folder / "mf-helse.xlsx", "Tiltak_Risiko", "Rød")
    code, lines = _merge(capsys, str(folder), "-o", str(out), "--forrige", previous)
    assert "Sammenlignet med November 2021: 2 endringer («Endringer" in lines[-3]


def test_nothing_merged_names_only_the_earlier_files_that_are_still_there(tmp_path, capsys):
    folder = copy_examples(tmp_path / "inn", names=["heliks.xlsx"])
    expect_only(folder, ["HELIKS"])
    _without_history(folder)
    out = tmp_path / "ut" / "V.docx"
    code, lines = _merge(capsys, str(folder), "-o", str(out))
    assert code == 0 and lines[0] == f"Lagde mappen {out.parent}."  # -o into a folder that is not there yet
    (out.parent / "vedlegg2.json").unlink()  # only the document is left of the earlier run
    _set(folder / "heliks.xlsx", "Tiltak_Status", "Lilla")

    code, lines = _merge(capsys, str(folder), "-o", str(out))
    assert code == 1
    assert lines[-3:] == ["Ingen dokument skrevet: ingen av innrapporteringene kunne slås sammen.",
                          f"Forrige {out} står uendret.", _reports(out)]


def test_merge_pdf_prints_the_pdf_its_pages_seconds_and_each_warning(tmp_path, capsys, monkeypatch):
    """The lines after the summary with ``--pdf``. LibreOffice is replaced by a stand-in that reports a
    result (the real conversion is the slow ``tests/pdf`` tests' job); the wording is the command's."""
    from pipeline.pdf import convert

    def publish(docx, pdf=None, **options):
        target = docx.with_suffix(".pdf")
        target.write_bytes(b"%PDF-1.7\n")
        return convert.PdfResult(pdf=target, pages=12, seconds=3.5, heading_pages={}, toc=(), docx=docx,
                                 warnings=("Første advarsel.", "Andre advarsel."))

    monkeypatch.setattr(convert, "publish_pdf", publish)
    folder = copy_examples(tmp_path / "inn", names=["heliks.xlsx"])
    expect_only(folder, ["HELIKS"])
    _without_history(folder)
    out = tmp_path / "ut" / "V.docx"
    out.parent.mkdir()
    code, lines = _merge(capsys, str(folder), "-o", str(out), "--pdf")
    assert code == 0
    assert lines[-3:] == [f"Skrev {out.with_suffix('.pdf')} (12 sider, 3,5 s). "
                          f"Sidetallene står nå i innholdsfortegnelsen i {out}.",
                          "Advarsel: Første advarsel.", "Advarsel: Andre advarsel."]


@pytest.mark.slow
def test_merge_tilbakemelding_prints_the_copies_and_the_workbooks_without_findings(mixed, tmp_path, capsys):
    out = tmp_path / "ut" / "V.docx"
    out.parent.mkdir()
    code, lines = _merge(capsys, str(mixed), "-o", str(out), "--tilbakemelding")
    assert code == 1
    folder = out.parent / "tilbakemelding"
    copies = sorted(p.name for p in folder.iterdir())
    assert copies == ["fresk-tilbakemelding.xlsx", "mf-helse-tilbakemelding.xlsx", "safest-tilbakemelding.xlsx"]
    assert lines[-2:] == [f"Tilbakemelding: skrev 3 kopier med funn til {folder}.",
                          "Uten funn (ingen kopi): heliks.xlsx."]


def test_merge_tilbakemelding_without_findings_names_every_clean_workbook(tmp_path, capsys):
    folder = copy_examples(tmp_path / "inn", names=["heliks.xlsx", "mf-helse.xlsx"])
    expect_only(folder, ["HELIKS", "MF Helse"])
    _without_history(folder)
    out = tmp_path / "ut" / "V.docx"
    out.parent.mkdir()
    code, lines = _merge(capsys, str(folder), "-o", str(out), "--tilbakemelding")
    assert code == 0
    assert lines[-2:] == [f"Tilbakemelding: skrev 0 kopier med funn til {out.parent / 'tilbakemelding'}.",
                          "Uten funn (ingen kopi): heliks.xlsx, mf-helse.xlsx."]
