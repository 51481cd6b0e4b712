"""``merge --lenient`` prints every invalid value exactly as typed and marks it; the export keeps it
with a flag; prefill puts it back so the validator reports it again. Nothing becomes blank."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from pipeline.cli.main import main
from pipeline.contract.settings import load_form_settings
from pipeline.excel.prefill import fill_workbook
from pipeline.merge.export import record_to_tiltak, tiltak_to_record
from pipeline.read.reader import read_workbook
from pipeline.validate.validator import validate
from tests.support.merge import chapters, type_into_field, type_into_table
from tests.support.paths import SEED_JSON
from tests.support.summary import grid, summary_sections, tables_in

FORM = load_form_settings()
SEED = json.loads(SEED_JSON.read_text(encoding="utf-8"))[0]  # Program for kodeverk og terminologi (Samstyre)
MARK = " (ugyldig)"
INVALID = [  # (felt in the export, what the actor typed)
    ("sluttdato", "1/3-2022"),
    ("status", "gronn"),
    ("leveranser[0].sluttdato", "snart"),
    ("kostnader[0].belop", "12,5 mill"),
    ("kostnader[1].ar", "2o22"),
    ("kostnader[2].belop", "-2"),
    ("nytte[0].netto_nytteverdi", "ca. 190"),
]


@pytest.fixture(scope="module")
def lenient(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("mild")
    folder = tmp / "inn"
    folder.mkdir()
    book = folder / "kodeverk.xlsx"
    fill_workbook(SEED, FORM).save(book)
    (folder / "rapport.toml").write_text('periode = "November 2021"\nrapportdato = 2021-11-01\n', encoding="utf-8")
    type_into_field(book, "Tiltak_Sluttdato", "1/3-2022")
    type_into_field(book, "Tiltak_Status", "gronn")
    type_into_field(book, "Nytte_NettoNytteverdi", "ca. 190")
    type_into_table(book, "Leveranser", "Sluttdato", ["snart"])
    type_into_table(book, "Kostnader", "Beløp (mill. kr)", ["12,5 mill", 9, -2])
    type_into_table(book, "Kostnader", "År", [2019, "2o22"])
    out = tmp / "ut" / "V.docx"
    normal = main(["merge", str(folder), "-o", str(out), "--quiet"])
    without = [c.title for c in chapters(out)] if out.exists() else []
    code = main(["merge", str(folder), "-o", str(out), "--lenient", "--quiet"])
    return {"tmp": tmp, "book": book, "out": out, "normal": normal, "without": without, "code": code}


@pytest.mark.slow
def test_without_lenient_the_workbook_is_left_out(lenient):
    assert lenient["normal"] == 1 and lenient["without"] == []


def test_every_invalid_value_is_printed_as_typed_and_marked(lenient):
    assert lenient["code"] == 1  # merged, but with errors in the document
    (chapter,) = chapters(lenient["out"])
    keys = dict(chapter.key_values)
    assert keys["Sluttdato"] == "1/3-2022" + MARK
    assert keys["Status"] == "gronn" + MARK
    assert chapter.sections["Leveranser"][1][2] == "snart" + MARK
    kost = chapter.sections["Kostnader"]
    assert [row[1:] for row in kost[1:4]] == [["2019", "12,5 mill" + MARK], ["2o22" + MARK, "9,0"],
                                             [kost[3][1], "-2" + MARK]]
    assert chapter.sections["Nytte"][1][1] == "ca. 190" + MARK
    assert chapter.notes and "kodeverk.xlsx" in chapter.notes[0]


def test_the_marking_is_the_templates_emphasis_style(lenient):
    doc = docx.Document(str(lenient["out"]))
    marked = [r for r in doc.element.body.iter(qn("w:r")) if "".join(t.text or "" for t in r.iter(qn("w:t"))).endswith(MARK)]
    assert len(marked) >= len(INVALID) + 1  # the chapter, and Sluttdato/Status again in Porteføljeoversikt
    styles = {r.find(f"{qn('w:rPr')}/{qn('w:rStyle')}").get(qn("w:val")) for r in marked}
    assert styles == {"Emphasis"}
    assert doc.styles["Emphasis"].font.italic


def test_the_portfolio_overview_shows_the_typed_values_too(lenient):
    sections = summary_sections(docx.Document(str(lenient["out"])))
    overview = grid(tables_in(sections["Porteføljeoversikt"])[0])
    row = next(r for r in overview if r[0] == SEED["navn"])
    assert row[3:5] == ["1/3-2022" + MARK, "gronn" + MARK]


def test_the_export_keeps_the_typed_text_with_a_flag(lenient):
    (record,) = json.loads((lenient["out"].parent / "vedlegg2.json").read_text(encoding="utf-8"))
    assert record["ugyldige_verdier"] == [{"felt": f, "verdi": v} for f, v in INVALID]
    assert record["sluttdato"] == "1/3-2022" and record["status"] == "gronn"
    assert record["leveranser"][0]["sluttdato"] == "snart"
    assert [k["belop"] for k in record["kostnader"][:3]] == ["12,5 mill", "9.0", "-2"]
    assert record["kostnader"][1]["ar"] == "2o22"
    assert record["nytte"][0]["netto_nytteverdi"] == "ca. 190"
    assert tiltak_to_record(record_to_tiltak(record)) == record  # the flag reads back


def test_prefill_puts_the_typed_text_back_and_the_validator_reports_it_again(lenient, tmp_path):
    export = lenient["out"].parent / "vedlegg2.json"
    assert main(["prefill", str(export), "-o", str(tmp_path)]) == 0
    (book,) = tmp_path.glob("*.xlsx")
    again = validate(read_workbook(book), FORM)
    first = validate(read_workbook(lenient["book"]), FORM)
    assert sorted((i.code, i.cell, i.value) for i in again.errors) == sorted((i.code, i.cell, i.value) for i in first.errors)
    assert again.tiltak.invalid_values == {"sluttdato": "1/3-2022", "status": "gronn"}


def test_a_clean_export_has_no_flag(tmp_path):
    record = tiltak_to_record(record_to_tiltak(SEED))
    assert "ugyldige_verdier" not in record
