"""The «Kontroll» sheet: formulas only, counted by LibreOffice as Excel would, never read as content."""

from __future__ import annotations

from datetime import datetime

import openpyxl
import pytest

from pipeline.contract.issues import Code
from pipeline.contract.settings import load_form_settings
from pipeline.contract import positions
from pipeline.excel.selfcheck import COUNT_NAME, READY, check_rows
from pipeline.read.reader import read_workbook
from pipeline.validate.validator import validate
from tests.support.feedback import named, recalculated, template_workbook

FORM = load_form_settings()


def _two_problems(wb) -> None:
    named(wb, "Tiltak_Fase").value = "Ferdig"  # not in the list
    wb["Leveranser"]["B6"] = "En beskrivelse uten navn"  # a row without its first column


def _many_problems(wb) -> None:
    named(wb, "Tiltak_Status").value = None  # required, empty
    named(wb, "Tiltak_KontaktEpost").value = "kari på helse-vest"  # not an address
    named(wb, "Tiltak_Sluttdato").value = "31.13.2024"  # not a date
    ws = wb["Kostnader"]
    ws["A5"], ws["B5"], ws["C5"] = "Helsedirektoratet", 2023, -2  # negative amount
    ws["A6"], ws["B6"], ws["C6"] = "Helsedirektoratet", 2024, "mye"  # not a number
    ws = wb["Leveranser"]  # rows past the template's 30: the table made longer, the formulas follow
    ws.tables["Leveranser"].ref = "A4:D40"
    ws["B40"] = "Utenfor de 30 radene"


def _sheet(path):
    return openpyxl.load_workbook(path, data_only=True)[positions.CHECK_SHEET]


def test_template_has_the_check_sheet_named_total_and_no_macros(tmp_path):
    path = template_workbook(tmp_path, "ren.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames.index(positions.CHECK_SHEET) == len(wb.sheetnames) - 2  # before the hidden lists
    sheet, ref = next(iter(wb.defined_names[COUNT_NAME].destinations))
    assert (sheet, ref) == (positions.CHECK_SHEET, "$B$5")
    assert wb[sheet]["B5"].value.startswith("=SUM(")
    assert not any(n.endswith(".bin") for n in __import__("zipfile").ZipFile(path).namelist())
    labels = [r.label for r in check_rows(FORM)]
    for label in ("Tiltak", "Segment", "Sluttdato", "E-post til kontaktperson", "Leveranse navn", "Beløp (mill. kr)"):
        assert label in labels


def test_the_check_sheet_and_its_formulas_are_not_read_as_content(tmp_path):
    path = template_workbook(tmp_path, "ren.xlsx")
    result = validate(read_workbook(path), FORM)
    assert result.issues == []


@pytest.mark.slow
def test_libreoffice_counts_two_problems_and_zero_for_a_clean_workbook(tmp_path):
    clean = template_workbook(tmp_path, "ren.xlsx")
    two = template_workbook(tmp_path, "to.xlsx", _two_problems)
    assert len(validate(read_workbook(two), FORM).errors) == 2
    clean_calc, two_calc = recalculated([clean, two], tmp_path / "beregnet")
    ws = _sheet(clean_calc)
    assert (ws["B5"].value, ws["B4"].value) == (0, READY)
    ws = _sheet(two_calc)
    assert ws["B5"].value == 2
    assert ws["B4"].value == "2 ting må rettes (se listen under)"
    counted = {(r[1].value, r[3].value) for r in ws.iter_rows(min_row=8) if r[2].value}
    assert counted == {("Fase", "Velg en verdi fra nedtrekkslisten"),
                       ("Leveranse navn", "Rader med innhold må ha «Leveranse navn»")}
    # the recalculated workbook still reads as before: the check sheet's cached values are not content
    assert [i.code for i in validate(read_workbook(two_calc), FORM).issues] == [Code.NOT_IN_LIST, Code.ROW_WITHOUT_NAME]


@pytest.mark.slow
def test_libreoffice_counts_each_kind_of_problem(tmp_path):
    path = template_workbook(tmp_path, "mange.xlsx", _many_problems)
    [calc] = recalculated([path], tmp_path / "beregnet")
    ws = _sheet(calc)
    counted = {r[1].value: r[2].value for r in ws.iter_rows(min_row=8) if r[2].value}
    assert counted == {"Status": 1, "E-post til kontaktperson": 1, "Sluttdato": 1, "Beløp (mill. kr)": 2,
                       "Leveranse navn": 1}
    assert ws["B5"].value == 6
    hints = {r[1].value: r[3].value for r in ws.iter_rows(min_row=8) if r[2].value}
    assert hints["Status"] == "Må fylles ut"
    errors = {i.code for i in validate(read_workbook(path), FORM).errors}
    assert {Code.REQUIRED_EMPTY, Code.BAD_EMAIL, Code.BAD_DATE, Code.BELOW_MINIMUM, Code.BAD_NUMBER,
            Code.ROW_WITHOUT_NAME} <= errors


@pytest.mark.parametrize("address, ok", [("kari.nordmann@helse-vest.no", True), ("ola@x.museum", True),
                                          pytest.param("kari", False, marks=pytest.mark.slow), ("kari@helse", False), ("a b@c.no", False),
                                          ("@helse.no", False), ("kari@@helse.no", False)])
def test_email_check_in_the_template_agrees_with_the_validator(tmp_path, address, ok):
    def edit(wb):
        named(wb, "Tiltak_KontaktEpost").value = address

    path = template_workbook(tmp_path, "epost.xlsx", edit)
    assert (Code.BAD_EMAIL not in {i.code for i in validate(read_workbook(path), FORM).issues}) is ok
    if address == "kari":  # one LibreOffice run is enough to see the formula agree
        [calc] = recalculated([path], tmp_path / "beregnet")
        assert _sheet(calc)["B5"].value == 1


def test_dates_typed_as_dates_are_fine(tmp_path):
    def edit(wb):
        named(wb, "Tiltak_Sluttdato").value = datetime(2030, 1, 1)

    path = template_workbook(tmp_path, "dato.xlsx", edit)
    assert validate(read_workbook(path), FORM).issues == []
