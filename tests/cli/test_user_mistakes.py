"""A user's mistake is a Norwegian message naming the file and the fix, exit code 2 — never
«Intern feil» (3) or a traceback. Also the options no other test uses: ``--mal``, ``--skjema``,
``feilkoder``, and a closed pipe."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from tests.support.merge import copy_examples, expect_only
from tests.support.paths import ROOT

from pipeline.cli.main import main
from pipeline.word.template import WORD_TEMPLATE_PATH


@pytest.fixture
def folder(tmp_path) -> Path:
    folder = copy_examples(tmp_path / "inn", names=["heliks.xlsx"])
    expect_only(folder, ["HELIKS"])
    return folder


def _template(tmp_path: Path, change) -> Path:
    """The default Word template with ``change(document)`` applied, saved in ``tmp_path``."""
    d = docx.Document(str(WORD_TEMPLATE_PATH))
    change(d)
    path = tmp_path / "min-mal.docx"
    d.save(str(path))
    return path


def _paragraph(d, text: str):
    return next(p for p in d.paragraphs if text in p.text)


def _merge_with(folder: Path, tmp_path: Path, template: Path, capsys) -> tuple[int, str, Path]:
    out = tmp_path / "ut" / "V.docx"
    code = main(["merge", str(folder), "-o", str(out), "--quiet", "--mal", str(template)])
    err = capsys.readouterr().err
    assert "Traceback" not in err and "Intern feil" not in err
    return code, err, out


def _drop_style(name: str):
    def change(d):
        style = d.styles[name].element
        style.getparent().remove(style)
    return change


def _rename_marker(d):
    _paragraph(d, "[[INNHOLD]]").runs[0].text = "INNHOLD"
    for run in _paragraph(d, "INNHOLD").runs[1:]:
        run.text = ""


def _break_field(d):
    p = _paragraph(d, "{{ tittel }}")
    for run in p.runs:
        run.text = ""
    p.runs[0].text = "{{ tittel "


@pytest.mark.parametrize("change, expected", [
    (_rename_marker, "mangler avsnittet [[INNHOLD]]"),
    (_drop_style("Merknad"), "mangler stilen «Merknad»"),
    (_drop_style("List Bullet"), "mangler stilen «List Bullet»"),
    (_break_field, "Feltkodene i Word-malen"),
])
def test_a_broken_word_template_is_a_usage_error_naming_the_file(folder, tmp_path, capsys, change, expected):
    template = _template(tmp_path, change)
    code, err, out = _merge_with(folder, tmp_path, template, capsys)
    assert code == 2
    assert expected in err and str(template) in err and "docs/wordmal.md" in err
    assert not out.exists()


def test_mal_naming_a_missing_file_or_not_a_document(folder, tmp_path, capsys):
    code, err, out = _merge_with(folder, tmp_path, tmp_path / "finnes-ikke.docx", capsys)
    assert code == 2 and f"Fant ikke Word-malen {tmp_path / 'finnes-ikke.docx'} (finnes ikke)" in err
    text = tmp_path / "notat.docx"
    text.write_text("bare tekst", encoding="utf-8")
    code, err, out = _merge_with(folder, tmp_path, text, capsys)
    assert code == 2 and f"Word-malen {text} er ikke et Word-dokument (.docx)" in err
    assert not out.exists()


def test_mal_with_a_template_of_ones_own(folder, tmp_path, capsys):
    def change(d):
        _paragraph(d, "{{ tittel }}").insert_paragraph_before("Utkast til styremøtet")
    code, err, out = _merge_with(folder, tmp_path, _template(tmp_path, change), capsys)
    assert code == 0
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "Utkast til styremøtet" in texts and "HELIKS" in texts


# --- --skjema -----------------------------------------------------------------------------------


def _skjema_with_phase(tmp_path: Path, phase: str) -> Path:
    text = (ROOT / "templates" / "skjema.toml").read_text(encoding="utf-8")
    old = 'fase = ["Konsept", "Planlegge", "Gjennomføre", "Avslutte", "Realisering"]'
    assert old in text
    path = tmp_path / "eget-skjema.toml"
    path.write_text(text.replace(old, old[:-1] + f', "{phase}"]'), encoding="utf-8")
    return path


@pytest.mark.slow
def test_skjema_names_the_form_settings(folder, tmp_path, capsys):
    wb = openpyxl.load_workbook(folder / "heliks.xlsx")
    sheet, coord = next(iter(wb.defined_names["Tiltak_Fase"].destinations))
    wb[sheet][coord.replace("$", "")] = "Utrede"
    wb.save(folder / "heliks.xlsx")
    skjema = _skjema_with_phase(tmp_path, "Utrede")

    assert main(["validate", str(folder), "-q"]) == 1
    assert "Utrede" in capsys.readouterr().out
    assert main(["--skjema", str(skjema), "validate", str(folder), "-q"]) == 0
    out = tmp_path / "ut" / "V.docx"
    assert main(["--skjema", str(skjema), "merge", str(folder), "-o", str(out), "-q"]) == 0
    assert "Utrede" in [c.text for t in docx.Document(str(out)).tables for row in t.rows for c in row.cells]
    mal = tmp_path / "mal.xlsx"
    assert main(["--skjema", str(skjema), "template", "-o", str(mal)]) == 0
    values = [c.value for ws in openpyxl.load_workbook(mal).worksheets for row in ws.iter_rows() for c in row]
    assert "Utrede" in values


def test_skjema_naming_a_missing_or_broken_file(folder, tmp_path, capsys):
    assert main(["--skjema", str(tmp_path / "nei.toml"), "validate", str(folder)]) == 2
    assert f"Fant ikke innstillingsfilen {tmp_path / 'nei.toml'}" in capsys.readouterr().err
    broken = tmp_path / "ødelagt.toml"
    broken.write_text("[vokabular\nfase = ", encoding="utf-8")
    assert main(["--skjema", str(broken), "merge", str(folder), "-o", str(tmp_path / "V.docx")]) == 2
    err = capsys.readouterr().err
    assert str(broken) in err and "Traceback" not in err
    assert not (tmp_path / "V.docx").exists()


# --- feilkoder ---------------------------------------------------------------------------------


def test_feilkoder_prints_the_catalogue_that_docs_holds(capsys):
    assert main(["feilkoder"]) == 0
    printed = capsys.readouterr().out
    assert printed == (ROOT / "docs" / "feilkoder.md").read_text(encoding="utf-8")
    assert "| `mangler-verdi` |" in printed and "må fylles ut" in printed


# --- a closed pipe -----------------------------------------------------------------------------


class _ClosedPipe:
    def write(self, text):
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self):
        raise BrokenPipeError(32, "Broken pipe")


def test_a_closed_pipe_ends_quietly(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    assert main(["feilkoder"]) == 141
    err = capsys.readouterr().err
    assert err == ""


@pytest.mark.slow
def test_validate_into_head_ends_quietly(tmp_path):
    """``validate … | head`` for real: the reader is gone before the report is written."""
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "validate", str(ROOT / "input"), "-q"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # what head does once it has its lines
    err = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=300) == 141
    assert err == "", err
