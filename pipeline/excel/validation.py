"""Data validation (dropdowns, type checks, input messages) and the «missing» conditional formats."""

from __future__ import annotations

from dataclasses import replace

from openpyxl.formatting.rule import FormulaRule
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.common.malform import Malform
from pipeline.contract.catalogue import FieldSpec
from pipeline.contract.kinds.registry import kind_of
from pipeline.contract import positions
from pipeline.contract.positions import TableAnchor, coordinate
from pipeline.excel.kindtexts import in_malform
from pipeline.excel.styles import MISSING_FILL

# Excel's limits for data validation messages.
PROMPT_TITLE_MAX = 32
PROMPT_MAX = 255
ERROR_MAX = 225

def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, ending in … when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def validation_for(spec: FieldSpec, malform: Malform = Malform.BOKMAL) -> DataValidation:
    """The data validation of one field: a dropdown, a type check, or only an input message;
    its texts in ``malform``."""
    label = spec.label_in(malform)
    dv = DataValidation(allowBlank=True, showInputMessage=True, showErrorMessage=True, errorStyle="stop",
                        promptTitle=clip(label, PROMPT_TITLE_MAX),
                        prompt=clip(spec.meta.help_in(malform) or label, PROMPT_MAX),
                        errorTitle=clip(f"Ugyldig verdi: {label}", PROMPT_TITLE_MAX))
    rule = kind_of(spec.kind).validation(replace(spec.meta, label=label))
    if rule.list_of is not None:
        dv.formula1 = positions.list_name(rule.list_of)
    else:
        dv.formula1, dv.formula2 = rule.formula1, rule.formula2
    dv.type, dv.operator = rule.type, rule.operator
    if rule.error:
        dv.error, dv.errorStyle = in_malform(rule.error, malform), rule.error_style
        dv.errorTitle = in_malform(rule.error_title or "", malform) or dv.errorTitle
    else:  # free text and Knytning: an input message only
        dv.showErrorMessage, dv.errorStyle, dv.errorTitle = False, None, None
    if dv.error:
        dv.error = clip(dv.error, ERROR_MAX)
    return dv


def add_validation(ws: Worksheet, spec: FieldSpec, ref: str, malform: Malform = Malform.BOKMAL) -> None:
    """Give the cells ``ref`` (``B4`` or ``A5:A34``) the data validation of ``spec``, its texts in ``malform``."""
    dv = validation_for(spec, malform)
    dv.add(ref)
    ws.add_data_validation(dv)


def _missing_rule(formula: str) -> FormulaRule:
    return FormulaRule(formula=[formula], fill=MISSING_FILL, stopIfTrue=False)


def mark_if_empty(ws: Worksheet, ref: str) -> None:
    """Red background while the single cell ``ref`` is empty (a required field)."""
    ws.conditional_formatting.add(ref, _missing_rule(f"LEN(TRIM({ref}))=0"))


def mark_rows_without_name(ws: Worksheet, anchor: TableAnchor, first: int, last: int) -> None:
    """Red background on the first column of table rows that have content but no value there."""
    letter = positions.column_letter
    name_col = letter(anchor.first_col)
    others = f"${letter(anchor.first_col + 1)}{first}:${letter(anchor.last_col)}{first}"
    ws.conditional_formatting.add(
        f"{coordinate(anchor.first_col, first)}:{coordinate(anchor.first_col, last)}",
        _missing_rule(f"AND(LEN(TRIM(${name_col}{first}))=0,COUNTA({others})>0)"),
    )
