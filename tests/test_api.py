"""The library surface in pipeline/__init__.py, used as the README shows."""

from __future__ import annotations

import subprocess
import sys

import docx
import openpyxl
import pytest

import pipeline
from tests.support.paths import INPUT


def test_check_workbooks_reads_and_validates_without_writing(tmp_path):
    result = pipeline.check_workbooks([INPUT])
    assert len(result.files) == 40
    assert not result.has_errors
    assert {f.tiltak.navn for f in result.files} >= {"Helseplattformen", "Alle møter"}


@pytest.mark.slow
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


def test_api_merge_reports_progress_through_the_callback_and_prints_nothing(tmp_path, capsys):
    from pipeline import api
    from tests.support.merge import copy_examples, expect_only

    folder = copy_examples(tmp_path / "inn", names=["heliks.xlsx", "fresk.xlsx"])
    expect_only(folder, ["HELIKS", "FRESK"])
    seen = []
    result = api.merge([folder], tmp_path / "ut" / "V.docx", progress=lambda done, total, path: seen.append((done, total)))
    assert sorted(seen) == [(1, 2), (2, 2)]
    assert result.outcome.document == tmp_path / "ut" / "V.docx" and result.outcome.document.is_file()
    assert capsys.readouterr() == ("", "")


def test_api_raises_only_the_one_error_type(tmp_path):
    """A file-system error, an unreadable earlier round (HistoryError got through merge_folder before) and
    a deeper missing output tree are all PipelineError with exit code 2."""
    from pipeline import api
    from tests.support.merge import copy_examples, expect_only

    blocker = tmp_path / "fil"
    blocker.write_text("ikke en mappe")
    with pytest.raises(api.PipelineError) as exc:
        api.template(blocker / "mal.xlsx")
    assert exc.value.exit_code == 2 and str(blocker) in str(exc.value)

    folder = copy_examples(tmp_path / "inn", names=["heliks.xlsx"])
    expect_only(folder, ["HELIKS"])
    (folder / "gammel.json").write_bytes(b"\xfb\xfe ikke tekst")
    with pytest.raises(api.PipelineError, match="gammel.json er ikke en tekstfil"):
        api.merge([folder], tmp_path / "ut.docx", forrige=folder / "gammel.json")
    with pytest.raises(api.UsageError, match="finnes ikke, og heller ikke"):
        api.merge([folder], tmp_path / "a" / "b" / "V.docx", new_folder_limit=1)
    assert not (tmp_path / "a").exists()
