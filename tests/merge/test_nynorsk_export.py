"""Språklova § 14: a nynorsk workbook and a bokmål one give the same document and the same export.

The 40 examples in input/ are the seed records filled into the bokmål template. The same records filled
into the nynorsk template (``fill_workbook(…, Malform.NYNORSK)``: nynorsk labels, sheet names, column
headers, «Rettleiing», and every list value in its nynorsk form) are merged with the real pipeline; the
JSON export and the document body are identical to those of the committed bokmål examples.
"""

from __future__ import annotations

import shutil

import openpyxl
import pytest

from pipeline.cli.main import main
from pipeline.common.malform import MALFORM_NAME, Malform
from pipeline.excel.prefill import fill_workbook, in_nynorsk
from tests.golden.snapshot import document_xml
from tests.support.paths import INPUT


def _nynorsk_examples(folder, seed_records, form_settings) -> int:
    """input/ again, each workbook made from its seed record with the nynorsk template; returns how many
    workbooks hold a list value whose nynorsk form differs."""
    by_name = {r["navn"]: r for r in seed_records}
    folder.mkdir()
    shutil.copy(INPUT / "rapport.toml", folder / "rapport.toml")
    for sub in ("historikk", "forrige-runde"):
        shutil.copytree(INPUT / sub, folder / sub)
    changed = 0
    for path in sorted(INPUT.glob("*.xlsx")):
        wb = openpyxl.load_workbook(path, read_only=True)
        (sheet, ref), = wb.defined_names["Tiltak_Navn"].destinations
        record = by_name[wb[sheet][ref.replace("$", "")].value]
        wb.close()
        changed += in_nynorsk(record, form_settings) != record
        nynorsk = fill_workbook(record, form_settings, Malform.NYNORSK)
        assert nynorsk.defined_names[MALFORM_NAME].attr_text == '"nynorsk"'
        nynorsk.save(folder / path.name)
    return changed


@pytest.mark.slow
def test_the_40_examples_in_nynorsk_give_the_same_export_and_document(tmp_path, seed_records, form_settings):
    changed = _nynorsk_examples(tmp_path / "nynorsk", seed_records, form_settings)
    assert changed >= 30  # most examples have a status, a phase or a category that nynorsk writes otherwise
    out = {}
    for name, folder in (("bokmal", INPUT), ("nynorsk", tmp_path / "nynorsk")):
        target = tmp_path / f"ut-{name}"
        assert main(["merge", str(folder), "-o", str(target / "Vedlegg2.docx"), "--quiet"]) == 0
        out[name] = target
    nynorsk_book = openpyxl.load_workbook(next((tmp_path / "nynorsk").glob("*.xlsx")))
    assert nynorsk_book.sheetnames[:3] == ["Rettleiing", "Tiltak", "Leveransar"]  # really the nynorsk template
    export = {name: (folder / "vedlegg2.json").read_text(encoding="utf-8") for name, folder in out.items()}
    assert len(export["bokmal"]) > 100_000 and '"Grøn"' not in export["bokmal"]
    assert export["nynorsk"] == export["bokmal"]
    assert document_xml(out["nynorsk"] / "Vedlegg2.docx") == document_xml(out["bokmal"] / "Vedlegg2.docx")
