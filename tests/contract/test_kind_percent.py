"""The «prosent» kind, end to end through real files: Excel stores 12,5 % as 0.125, the document shows
«12,5 %», the export keeps the exact fraction, prefill writes it back. It is the proof that a kind is
one module plus its registration; the default form (skjema/models) has no percentage field, so the
tests use a field of their own."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest

from pipeline.contract.catalogue import FieldSpec
from pipeline.contract.fields import Kind, meta
from pipeline.contract.formatting import NumberStyle
from pipeline.contract.issues import Code
from pipeline.contract.kinds.registry import format_value, kind_of, read_text, record_value
from pipeline.excel.prefill import typed_value
from pipeline.excel.styles import style_input
from pipeline.excel.validation import add_validation
from pipeline.validate.normalise import parse_field
from pipeline.word.render import section_widths
from tests.support.feedback import recalculated

SHARE = meta("Andel egenfinansiering", Kind.PERCENT, minimum=Decimal(0), decimals=1)
SPEC = FieldSpec("andel", SHARE)
NBSP = "\u00a0"


def _workbook_with(tmp_path, values: list[object]):
    """A sheet whose column A is a percentage input column as the template makes it, with ``values``."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Ark"
    for row, value in enumerate(values, start=2):
        style_input(ws.cell(row, 1), SPEC)
        ws.cell(row, 1).value = value
    add_validation(ws, SPEC, f"A2:A{len(values) + 1}")
    path = tmp_path / "prosent.xlsx"
    wb.save(path)
    return path


def test_a_percentage_cell_is_read_as_excel_stores_it_and_printed_as_a_percentage(tmp_path):
    path = _workbook_with(tmp_path, [0.125, "12,5 %", "7%", "mye", -0.5])
    ws = openpyxl.load_workbook(path)["Ark"]
    parsed = [parse_field(ws.cell(row, 1).value, SHARE) for row in range(2, 7)]
    assert [p.value for p in parsed[:3]] == [Decimal("0.125"), Decimal("0.125"), Decimal("0.07")]
    assert parsed[0].normalised is None and parsed[1].normalised == "12,5 %"  # text typed is reported
    assert [p.code for p in parsed[3].problems] == [Code.BAD_NUMBER] and parsed[3].value is None
    assert [p.code for p in parsed[4].problems] == [Code.BELOW_MINIMUM] and parsed[4].value == Decimal("-0.5")
    assert format_value(parsed[0].value, SHARE) == f"12,5{NBSP}%"
    assert format_value(parsed[2].value, SHARE) == f"7,0{NBSP}%"  # the field's one decimal
    assert format_value(Decimal("0.12345"), SHARE) == f"12,345{NBSP}%"  # never rounded
    assert format_value(Decimal("12.5"), SHARE, NumberStyle.PUNKTUM) == f"1250.0{NBSP}%"


def test_the_template_cell_shows_a_percentage_and_refuses_text(tmp_path):
    ws = openpyxl.load_workbook(_workbook_with(tmp_path, [0.125]))["Ark"]
    assert ws["A2"].number_format.endswith("%") and ws["A2"].number_format.startswith("0.0")
    [dv] = ws.data_validations.dataValidation
    assert (dv.type, dv.operator, dv.formula1, dv.showErrorMessage) == ("decimal", "between", "0", True)
    assert "prosent" in dv.error


def test_the_export_keeps_the_exact_fraction_and_prefill_writes_it_back(tmp_path):
    for fraction in (Decimal("0.125"), Decimal("0.333333333333333"), Decimal("1.5")):
        text = record_value(fraction, SHARE)
        assert Decimal(text) == fraction and "%" not in text
        assert read_text(Kind.PERCENT, text, record=True) == fraction
        path = _workbook_with(tmp_path, [typed_value(SPEC, text)])
        cell = openpyxl.load_workbook(path)["Ark"]["A2"].value
        assert isinstance(cell, float) and parse_field(cell, SHARE).value == fraction
    assert record_value(None, SHARE) == "" and read_text(Kind.PERCENT, "", record=True) is None
    assert typed_value(SPEC, "ukjent") == "ukjent"  # text that does not parse stays as typed


def test_the_document_column_is_wide_enough_for_a_percentage():
    narrow = meta("x", Kind.TEXT, width=2)
    widths = section_widths([FieldSpec("a", narrow), SPEC], 9000)
    assert widths[1] >= kind_of(Kind.PERCENT).min_twips > 0


@pytest.mark.slow
def test_libreoffice_counts_text_in_a_percentage_cell_as_one_problem(tmp_path):
    check = kind_of(Kind.PERCENT).check("A2:A6", SHARE, None)  # type: ignore[arg-type]
    assert check is not None
    wb = openpyxl.load_workbook(_workbook_with(tmp_path, [0.125, "mye", -0.5, None, 0]))
    wb["Ark"]["C1"] = f"=SUMPRODUCT((LEN(TRIM(A2:A6))>0)*{check[0]})"
    source = tmp_path / "telling.xlsx"
    wb.save(source)
    [saved] = recalculated([source], tmp_path / "lo")
    assert openpyxl.load_workbook(saved, data_only=True)["Ark"]["C1"].value == 2  # «mye» and the negative share
