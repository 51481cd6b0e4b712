"""CLI paths that had no test: ``sammendrag = false``, ``--lenient`` with a segment outside the
list, and ``prefill`` given JSON that is not a list of tiltak."""

from __future__ import annotations

import json

import docx
import openpyxl
import pytest

from pipeline.cli.main import main
from pipeline.contract.issues import Code
from tests.support.merge import chapters, copy_examples, expect_copied

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


def _heading1(path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.style.name == "Heading 1"]


def _set_field(path, name: str, value) -> None:
    wb = openpyxl.load_workbook(path)
    sheet, coord = next(iter(wb.defined_names[name].destinations))
    wb[sheet][coord.replace("$", "")] = value
    wb.save(path)


@pytest.mark.slow
@pytest.mark.parametrize("summary", [True, False])
def test_sammendrag_false_leaves_the_summary_out(tmp_path, summary):
    folder = copy_examples(tmp_path / "inn", names=["heliks.xlsx", "mf-helse.xlsx"])
    settings = folder / "rapport.toml"
    text = settings.read_text(encoding="utf-8")
    assert "sammendrag = true" in text
    settings.write_text(text.replace("sammendrag = true", f"sammendrag = {str(summary).lower()}"), encoding="utf-8")
    expect_copied(folder)  # only these two are expected: a complete merge
    out = tmp_path / "ut" / "V.docx"

    assert main(["merge", str(folder), "-o", str(out), "--quiet"]) == EXIT_OK
    headings = _heading1(out)
    assert ("Sammendrag" in headings) is summary
    assert sorted(c.title for c in chapters(out)) == ["HELIKS", "MF Helse"]  # the chapters either way


def test_lenient_rejects_a_segment_outside_the_list_with_its_own_message(tmp_path, capsys):
    folder = copy_examples(tmp_path / "inn", names=["heliks.xlsx", "mf-helse.xlsx"])
    _set_field(folder / "heliks.xlsx", "Tiltak_Segment", "Styre")
    out = tmp_path / "ut" / "V.docx"

    assert main(["merge", str(folder), "-o", str(out), "--lenient"]) == EXIT_REJECTED
    printed = capsys.readouterr().out
    assert "heliks.xlsx" in printed and "ikke et gyldig segment" in printed and "--lenient" in printed
    assert [c.title for c in chapters(out)] == ["MF Helse"]  # not placed anywhere, not dropped silently
    report = json.loads((out.parent / "merge-rapport.json").read_text(encoding="utf-8"))
    found = json.dumps(report, ensure_ascii=False)
    assert Code.INVALID_SEGMENT_LENIENT.code in found and "heliks.xlsx" in found


@pytest.mark.parametrize("content", ['{"navn": "HELIKS"}', '[{"navn": "HELIKS"}, 3]', '"tekst"'])
def test_prefill_given_json_that_is_not_a_list_of_tiltak_is_a_usage_error(tmp_path, capsys, content):
    data = tmp_path / "forrige.json"
    data.write_text(content, encoding="utf-8")
    out = tmp_path / "ut"

    assert main(["prefill", str(data), "-o", str(out)]) == EXIT_USAGE
    captured = capsys.readouterr()
    assert f"{data} har ikke formen til eksporten vedlegg2.json" in captured.err and "Traceback" not in captured.err
    assert captured.out == ""
    assert not out.exists() or not any(out.iterdir())
