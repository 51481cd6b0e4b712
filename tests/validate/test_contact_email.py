"""Template 1.1: the optional contact e-mail, and 1.0 workbooks that do not have it."""

from __future__ import annotations

import openpyxl

from pipeline.contract.issues import Code
from pipeline.contract.settings import load_form_settings
from pipeline.read.reader import read_workbook
from pipeline.validate.validator import validate
from tests.support.feedback import named, template_workbook
from tests.support.paths import INPUT

FORM = load_form_settings()


def test_a_1_0_workbook_without_the_email_reads_clean():
    wb = openpyxl.load_workbook(INPUT / "heliks.xlsx")
    assert named(wb, "Mal_Versjon").value == "1.0" and "Tiltak_KontaktEpost" not in wb.defined_names
    result = validate(read_workbook(INPUT / "heliks.xlsx"), FORM)
    assert result.issues == []  # no missing name, and the 1.0 labels (one row higher) are the template's own
    assert result.tiltak.kontakt_epost == ""


def test_a_1_1_workbook_must_have_the_name(tmp_path):
    def edit(wb):
        del wb.defined_names["Tiltak_KontaktEpost"]

    path = template_workbook(tmp_path, "uten-navn.xlsx", edit)
    issues = validate(read_workbook(path), FORM).issues
    assert [(i.code, i.sheet) for i in issues if i.code is Code.NAME_MISSING] == [(Code.NAME_MISSING, "Tiltak")]


def test_an_email_is_read_and_never_reported_as_not_printed(tmp_path):
    path = template_workbook(tmp_path, "epost.xlsx")  # Koordinere prints no e-mail; no segment does
    result = validate(read_workbook(path), FORM)
    assert result.issues == []
    assert result.tiltak.kontakt_epost == "kari.nordmann@helse-vest.no"


def test_something_that_is_not_an_address_is_an_error_at_its_cell(tmp_path):
    def edit(wb):
        named(wb, "Tiltak_KontaktEpost").value = "Kari Nordmann, Helse Vest"

    path = template_workbook(tmp_path, "feil-epost.xlsx", edit)
    [issue] = validate(read_workbook(path), FORM).issues
    assert (issue.code, issue.sheet, issue.cell, issue.is_error) == (Code.BAD_EMAIL, "Tiltak", "B7", True)
    assert "Kari Nordmann, Helse Vest" in issue.message and "ola.nordmann@helse.no" in issue.message
