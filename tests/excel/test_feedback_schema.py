"""A feedback copy is a valid workbook: what it adds (fills and formats in styles.xml, notes, the feedback sheet,
content types and relationships) passes the Open XML schema check, so Excel opens it without «repair».

The original workbook (written by openpyxl) already has what the checker reports about it; the copy must have
exactly that and nothing more, except the note that the new sheet, too, keeps its text in the cells
(inline strings) and not in the shared-string table (on purpose: the actor's strings are left alone)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from tests.excel.test_feedback import FORM, REPORT_DATE, _several_kinds
from tests.support.feedback import template_workbook

from pipeline.excel.feedback import write_feedback
from pipeline.validate.batch import check_workbook

openxml_audit = pytest.importorskip("openxml_audit")


def _problems(path: Path) -> tuple[set[tuple[str, str, str]], set[str]]:
    """(schema and other problems as (part, path, description); the parts with the inline-string note)."""
    result = openxml_audit.OpenXmlValidator().validate(str(path))
    inline = {e.part_uri for e in result.errors if "inline-string cell" in e.description}
    other = {(e.part_uri, e.path, e.description) for e in result.errors if "inline-string cell" not in e.description}
    return other, inline


def _copy(source: Path, folder: Path) -> Path:
    [path] = write_feedback([check_workbook(source, FORM, REPORT_DATE)], folder, date(2024, 3, 1)).written
    return path


@pytest.mark.slow
def test_a_feedback_copy_adds_no_schema_problem_to_the_workbook(tmp_path):
    original = template_workbook(tmp_path, "mange-feil.xlsx", _several_kinds)
    copy = _copy(original, tmp_path / "ut")
    before, inline_before = _problems(original)
    after, inline_after = _problems(copy)
    assert after == before
    assert inline_after - inline_before == {"/xl/worksheets/feedback1.xml"}

    again = _copy(copy, tmp_path / "igjen")  # feedback on a feedback copy: the sheet is replaced, not added
    assert _problems(again) == (before, inline_after)
