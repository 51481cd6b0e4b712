"""The library surface in pipeline/__init__.py, used as the README shows."""

from __future__ import annotations

import subprocess
import sys

import docx
import openpyxl

import pipeline
from tests.support.paths import INPUT


def test_check_workbooks_reads_and_validates_without_writing(tmp_path):
    result = pipeline.check_workbooks([INPUT])
    assert len(result.files) == 40
    assert not result.has_errors
    assert {f.tiltak.navn for f in result.files} >= {"Helseplattformen", "Alle møter"}


def test_merge_folder_writes_the_document_export_and_report(tmp_path):
    outcome = pipeline.merge_folder(INPUT, tmp_path / "V.docx")
    assert outcome.plan.all_merged and len(outcome.plan.merged) == 40
    headings = [p.text for p in docx.Document(str(tmp_path / "V.docx")).paragraphs if p.style.name == "Heading 2"]
    assert "Helseplattformen" in headings
    assert (tmp_path / "vedlegg2.json").is_file() and (tmp_path / "merge-rapport.xlsx").is_file()


def test_build_template_writes_the_excel_template(tmp_path):
    path = pipeline.build_template(tmp_path / "mal.xlsx")
    assert "Tiltak_Navn" in openpyxl.load_workbook(path).defined_names


def test_import_pipeline_stays_cheap():
    code = "import sys, pipeline; print('docx' in sys.modules, 'openpyxl' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
