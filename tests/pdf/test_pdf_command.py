"""``innrapportering pdf`` and ``--tidsgrense`` through the command line: exit code, text and files."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from tests.support.merge import copy_examples, expect_only
from tests.support.pdf import hanging_program, office_or_skip, processes_matching

from pipeline.cli.main import main
from pipeline.pdf import convert
from pipeline.pdf.convert import Office, toc_of_docx
from pipeline.word.fingerprint import DocumentState, document_state


@pytest.fixture
def merged(tmp_path) -> Path:
    folder = copy_examples(tmp_path / "inn", names=["heliks.xlsx", "mf-helse.xlsx"])
    expect_only(folder, ["HELIKS", "MF Helse"])
    out = tmp_path / "ut" / "Vedlegg2.docx"
    assert main(["merge", str(folder), "-o", str(out), "--quiet"]) == 0
    return out


@pytest.mark.slow
def test_pdf_of_a_document_writes_the_pdf_beside_it_and_the_page_numbers_into_it(merged, capsys):
    office_or_skip()
    capsys.readouterr()
    assert main(["pdf", str(merged)]) == 0
    pdf = merged.with_suffix(".pdf")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
    printed = capsys.readouterr().out
    assert printed.startswith(f"Skrev {pdf} (") and f"Sidetallene står nå i innholdsfortegnelsen i {merged}" in printed
    assert all(line.page.isdigit() for line in toc_of_docx(merged))
    assert document_state(merged) is DocumentState.UNCHANGED  # page numbers are no edit


@pytest.mark.slow
def test_pdf_o_writes_where_it_is_told(merged, tmp_path, capsys):
    office_or_skip()
    target = tmp_path / "publisert" / "Vedlegg 2 november.pdf"
    assert main(["pdf", str(merged), "-o", str(target)]) == 0
    assert target.read_bytes().startswith(b"%PDF")
    assert not merged.with_suffix(".pdf").exists()
    assert f"Skrev {target} (" in capsys.readouterr().out


@pytest.fixture
def hanging_office(tmp_path, monkeypatch) -> str:
    """LibreOffice replaced by programs that never finish; returns the marker in their names."""
    marker = uuid.uuid4().hex
    office = Office(hanging_program(tmp_path, "lo" + marker), hanging_program(tmp_path, "py" + marker))
    monkeypatch.setattr(convert, "find_office", lambda: office)
    return marker


@pytest.mark.slow
def test_tidsgrense_stops_libreoffice_and_says_how_to_raise_it(merged, hanging_office, capsys):
    before = merged.read_bytes()
    assert main(["pdf", str(merged), "--tidsgrense", "1"]) == 2
    err = capsys.readouterr().err
    assert "LibreOffice ble ikke ferdig med PDF-en innen 1 sekunder" in err and "--tidsgrense SEK (nå 1)" in err
    assert merged.read_bytes() == before and not merged.with_suffix(".pdf").exists()
    assert processes_matching(hanging_office) == []


@pytest.mark.slow
def test_merge_pdf_with_tidsgrense_keeps_the_document(merged, hanging_office, capsys):
    folder = merged.parent.parent / "inn"
    assert main(["merge", str(folder), "-o", str(merged), "--quiet", "--pdf", "--tidsgrense", "1,5"]) == 2
    captured = capsys.readouterr()
    assert "innen 2 sekunder" in captured.err and "Word-dokumentet er skrevet; bare PDF-en mangler." in captured.err
    assert f"Skrev {merged}" in captured.out and merged.is_file()


@pytest.mark.slow
@pytest.mark.parametrize("value", ["0", "-3", "abc", "nan"])
def test_tidsgrense_must_be_seconds_above_0(merged, value, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["pdf", str(merged), "--tidsgrense", value])
    assert exc.value.code == 2
    assert f"«{value}» er ikke et antall sekunder over 0" in capsys.readouterr().err
