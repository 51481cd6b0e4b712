"""Property: any text written to any text field reads back unchanged, apart from the
documented normalisation (:func:`pipeline.validate.normalise.clean_text`)."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.contract.catalogue import SINGLE_FIELDS
from pipeline.contract.fields import Kind
from pipeline.validate.normalise import clean_text
from pipeline.read.reader import read_workbook
from pipeline.contract.settings import load_form_settings
from pipeline.excel.template import build_template
from pipeline.validate.validator import validate

FORM = load_form_settings()
# Free text only: an e-mail address is checked (tests/contract, tests/validate/test_validator.py).
TEXT_FIELDS = [(name, spec) for name, spec in SINGLE_FIELDS.items() if spec.meta.is_text and spec.kind is not Kind.EMAIL]
_buffer = io.BytesIO()
build_template(FORM).save(_buffer)
TEMPLATE_BYTES = _buffer.getvalue()

# Characters XML 1.0 can hold (openpyxl refuses the others when writing).
xml_char = st.characters(blacklist_categories=("Cs",), blacklist_characters=[
    *(chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)), "\ufffe", "\uffff"])
texts = st.text(xml_char, max_size=200)


def _put(wb, name: str, value: str) -> None:
    sheet, coord = next(iter(wb.defined_names[name].destinations))
    cell = wb[sheet][coord.replace("$", "")]
    cell.value = value
    cell.data_type = "s"  # text typed with a leading = or + stays text, as in Excel


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.fixed_dictionaries({name: texts for name, _ in TEXT_FIELDS}))
def test_any_text_in_any_text_field_reads_back(values):
    wb = openpyxl.load_workbook(io.BytesIO(TEMPLATE_BYTES))
    for name, text in values.items():
        _put(wb, name, text)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tekst.xlsx"
        wb.save(path)
        result = validate(read_workbook(path), FORM)
    for name, spec in TEXT_FIELDS:
        expected, _removed = clean_text(values[name])
        holder = result.tiltak.nytte if name.startswith("Nytte_") else result.tiltak
        got = getattr(holder, spec.key) if holder is not None else ""
        assert got == expected, name
