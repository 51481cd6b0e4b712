"""Data validation (dropdowns, type checks, input messages) and the «missing» conditional formats."""

from __future__ import annotations

from datetime import datetime

from openpyxl.formatting.rule import FormulaRule
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.contract.catalogue import FieldSpec
from pipeline.contract.fields import Kind
from pipeline.contract.values import YEAR_MAX, YEAR_MIN
from pipeline.contract import positions
from pipeline.contract.positions import TableAnchor, coordinate
from pipeline.excel.styles import MISSING_FILL

# Excel's limits for data validation messages.
PROMPT_TITLE_MAX = 32
PROMPT_MAX = 255
ERROR_MAX = 225

FIRST_YEAR, LAST_YEAR = YEAR_MIN, YEAR_MAX
FIRST_DATE = datetime(FIRST_YEAR, 1, 1)
LAST_DATE = datetime(LAST_YEAR, 12, 31)


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, ending in … when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def validation_for(spec: FieldSpec) -> DataValidation:
    """The data validation of one field: a dropdown, a type check, or only an input message."""
    label = spec.label
    dv = DataValidation(allowBlank=True, showInputMessage=True, showErrorMessage=True, errorStyle="stop",
                        promptTitle=clip(label, PROMPT_TITLE_MAX), prompt=clip(spec.meta.help or label, PROMPT_MAX),
                        errorTitle=clip(f"Ugyldig verdi: {label}", PROMPT_TITLE_MAX))
    match spec.kind:
        case Kind.CHOICE | Kind.SUGGEST:
            dv.type, dv.formula1 = "list", positions.list_name(spec.meta.vocabulary or "")
            if spec.kind is Kind.SUGGEST:
                dv.errorStyle, dv.errorTitle = "information", "Ikke i forslagslisten"
                dv.error = "Verdien står ikke i forslagslisten. Trykk OK for å beholde den likevel."
            else:
                dv.error = f"Velg en verdi fra nedtrekkslisten for «{label}»."
        case Kind.DATE:
            dv.type, dv.operator = "date", "between"
            dv.formula1, dv.formula2 = str(int(to_excel(FIRST_DATE))), str(int(to_excel(LAST_DATE)))
            dv.error = f"Skriv en gyldig dato som dd.mm.åååå, mellom 01.01.{FIRST_YEAR} og 31.12.{LAST_YEAR}."
        case Kind.YEAR:
            dv.type, dv.operator, dv.formula1, dv.formula2 = "whole", "between", str(FIRST_YEAR), str(LAST_YEAR)
            dv.error = f"Skriv årstallet med fire sifre, mellom {FIRST_YEAR} og {LAST_YEAR}."
        case Kind.INTEGER:
            dv.type, dv.operator, dv.formula1 = "whole", "greaterThanOrEqual", str(spec.meta.minimum or 0)
            dv.error = "Skriv et helt tall som ikke er negativt."
        case Kind.NUMBER if spec.meta.minimum is not None:
            dv.type, dv.operator, dv.formula1 = "decimal", "greaterThanOrEqual", str(spec.meta.minimum)
            dv.error = f"Skriv et tall som ikke er mindre enn {spec.meta.minimum}, f.eks. 28,3."
        case Kind.NUMBER:
            dv.type, dv.operator, dv.formula1, dv.formula2 = "decimal", "between", "-1E+12", "1E+12"
            dv.error = "Skriv et tall, f.eks. 28,3 eller -1,5."
        case _:  # free text and Knytning: an input message only
            dv.showErrorMessage, dv.errorStyle, dv.errorTitle = False, None, None
    if dv.error:
        dv.error = clip(dv.error, ERROR_MAX)
    return dv


def add_validation(ws: Worksheet, spec: FieldSpec, ref: str) -> None:
    """Give the cells ``ref`` (``B4`` or ``A5:A34``) the data validation of ``spec``."""
    dv = validation_for(spec)
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
