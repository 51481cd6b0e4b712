"""Reading a contract workbook into a RawWorkbook."""

from __future__ import annotations

import hashlib
import random
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.defined_name import DefinedName

from pipeline.contract import catalogue

from pipeline.contract import positions as layout

from pipeline.read.outside import MAX_OUTSIDE_ISSUES
from pipeline.contract.issues import Code, Severity
from pipeline.read.reader import read_workbook
from pipeline.read.tables import normalise_header
from tests.support.reader import (FIELD_VALUES, TABLE_ROWS, build_workbook, col_letter, field_cell, rewrite_zip, section,
                            set_formula, sheet_part, table_header_row)


def by_code(book, code: Code):
    return [i for i in book.issues if i.code == code.code]


def codes(book) -> list[str]:
    return [i.code for i in book.issues]


def table_values(table) -> list[list[object]]:
    """Row values in contract column order, trailing empty rows dropped."""
    spec = section(table.name)
    rows = [[row[c.key].value if c.key in row else None for c in spec.columns] for row in table.rows]
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    return rows


def padded(rows: list[list[object]], width: int) -> list[list[object]]:
    return [row + [None] * (width - len(row)) for row in rows]


@pytest.fixture
def workbook(tmp_path):
    return build_workbook(tmp_path / "heliks.xlsx")


# --- a good workbook ---------------------------------------------------------------------------

def test_every_field_is_read_with_its_place(workbook):
    book = read_workbook(workbook)
    assert book.readable and book.issues == []
    assert set(book.fields) == set(catalogue.SINGLE_FIELDS)
    for name, expected in FIELD_VALUES.items():
        cell = book.fields[name]
        assert (cell.sheet, cell.coordinate) == field_cell(name)
        assert cell.value == expected and type(cell.value) is type(expected), name
        assert cell.formula is None
    assert book.fields["Tiltak_Sluttdato"].number_format == "dd.mm.yyyy"
    assert book.template_version is not None and book.template_version.value == "1.0"
    assert book.date1904 is False


def test_every_table_row_is_read_with_its_place(workbook):
    book = read_workbook(workbook)
    assert set(book.tables) == set(catalogue.TABLE_NAMES)
    for name, expected in TABLE_ROWS.items():
        table = book.tables[name]
        spec = section(name)
        header = table_header_row(name)
        assert (table.sheet, table.header_row, table.found_by_header) == (spec.sheet, header, False)
        assert len(table.rows) == len(expected) + 2  # the spare empty rows inside the ref are kept
        assert table_values(table) == padded(expected, len(spec.columns))
        for r, row in enumerate(table.rows):
            assert list(row) == [c.key for c in spec.columns]
            for i, col in enumerate(spec.columns):
                assert row[col.key].sheet == spec.sheet
                assert row[col.key].coordinate == f"{col_letter(i)}{header + 1 + r}"
    sluttdato = book.tables["Leveranser"].rows[0]["sluttdato"].value
    assert isinstance(sluttdato, datetime)
    assert isinstance(book.tables["Kostnader"].rows[0]["belop"].value, float)
    assert isinstance(book.tables["Kostnader"].rows[1]["ar"].value, int)


def test_the_file_is_never_modified(workbook):
    before = hashlib.sha256(workbook.read_bytes()).hexdigest()
    mtime = workbook.stat().st_mtime_ns
    read_workbook(workbook)
    assert hashlib.sha256(workbook.read_bytes()).hexdigest() == before
    assert workbook.stat().st_mtime_ns == mtime


def test_display_name_is_used_in_issues(tmp_path):
    path = build_workbook(tmp_path / "upload-1234.xlsx", omit_names=("Tiltak_Aktor",))
    book = read_workbook(path, display_name="heliks.xlsx")
    assert book.file == "heliks.xlsx"
    assert book.issues and {i.file for i in book.issues} == {"heliks.xlsx"}


def test_1904_workbook(tmp_path):
    book = read_workbook(build_workbook(tmp_path / "mac.xlsx", date1904=True))
    assert book.date1904 is True
    assert book.fields["Tiltak_Sluttdato"].value == FIELD_VALUES["Tiltak_Sluttdato"]
    assert book.tables["Leveranser"].rows[1]["sluttdato"].value == TABLE_ROWS["Leveranser"][1][2]


def test_header_matching_forgives_case_and_spaces(tmp_path):
    def edit(wb):
        ws = wb["Leveranser"]
        ws["D3"] = "  ER LEVERANSEN   ferdigstilt og levert ?"
        ws["B3"] = "Beskrivelse\u00a0av\nleveranse"

    book = read_workbook(build_workbook(tmp_path / "x.xlsx", edit=edit))
    assert book.issues == []
    assert book.tables["Leveranser"].rows[0]["levert"].value == "Ja"


def test_normalise_header():
    assert normalise_header(" Hva skal det\nbrukes  til ? ") == "hva skal det brukes til?"
    assert normalise_header("Frist :") == "frist:"


# --- defined names --------------------------------------------------------------------------

def test_missing_defined_name(tmp_path):
    book = read_workbook(build_workbook(tmp_path / "x.xlsx", omit_names=("Tiltak_Status",)))
    [issue] = by_code(book, Code.NAME_MISSING)
    assert issue.code == Code.NAME_MISSING.code and issue.severity is Severity.ERROR
    assert issue.field == catalogue.SINGLE_FIELDS["Tiltak_Status"].label
    assert "Tiltak_Status" in issue.message
    assert "Tiltak_Status" not in book.fields
    assert book.fields["Tiltak_Navn"].value == FIELD_VALUES["Tiltak_Navn"]


@pytest.mark.parametrize("target", ["#REF!", "Tiltak!#REF!", "'Tiltak'!$B$2:$B$3", "'Finnes ikke'!$B$2", "42"])
def test_broken_defined_name(tmp_path, target):
    def edit(wb):
        wb.defined_names["Tiltak_Fase"] = DefinedName("Tiltak_Fase", attr_text=target)

    book = read_workbook(build_workbook(tmp_path / "x.xlsx", edit=edit))
    broken = by_code(book, Code.NAME_BROKEN)
    assert len(broken) == 1
    assert broken[0].field == catalogue.SINGLE_FIELDS["Tiltak_Fase"].label
    assert target in broken[0].message
    assert "Tiltak_Fase" not in book.fields


def test_value_of_a_missing_name_is_reported_as_outside(tmp_path):
    book = read_workbook(build_workbook(tmp_path / "x.xlsx", omit_names=("Tiltak_Fase",)))
    sheet, coord = field_cell("Tiltak_Fase")
    [outside] = by_code(book, Code.CELL_OUTSIDE)
    assert (outside.sheet, outside.cell, outside.value) == (sheet, coord, FIELD_VALUES["Tiltak_Fase"])


def test_sheet_scoped_name_is_accepted(tmp_path):
    sheet, coord = field_cell("Tiltak_Kontaktperson")

    def edit(wb):
        wb[sheet].defined_names["Tiltak_Kontaktperson"] = DefinedName(
            "Tiltak_Kontaktperson", attr_text=f"{sheet}!${coord[0]}${coord[1:]}")

    book = read_workbook(build_workbook(tmp_path / "x.xlsx", omit_names=("Tiltak_Kontaktperson",), edit=edit))
    assert book.issues == []
    assert book.fields["Tiltak_Kontaktperson"].value == FIELD_VALUES["Tiltak_Kontaktperson"]


@pytest.mark.parametrize("version", [None, "  "])
def test_empty_template_version_is_none_without_an_issue(tmp_path, version):
    book = read_workbook(build_workbook(tmp_path / "x.xlsx", version=version))
    assert book.template_version is None
    assert book.issues == []


def test_missing_template_version_name_is_left_to_the_validator(tmp_path):
    book = read_workbook(build_workbook(tmp_path / "x.xlsx", omit_names=(catalogue.TEMPLATE_VERSION_NAME,)))
    assert book.template_version is None
    assert Code.NAME_MISSING.code not in codes(book)


def test_template_version_as_a_constant_name(tmp_path):
    def edit(wb):
        wb.defined_names[catalogue.TEMPLATE_VERSION_NAME] = DefinedName(
            catalogue.TEMPLATE_VERSION_NAME, attr_text='"2.1"')
        wb["Versjon"]["B2"] = None

    book = read_workbook(build_workbook(tmp_path / "x.xlsx", edit=edit))
    assert book.template_version is not None and book.template_version.value == "2.1"


# --- tables -------------------------------------------------------------------------------

def test_missing_table_is_found_by_its_header(tmp_path):
    book = read_workbook(build_workbook(tmp_path / "x.xlsx", omit_tables=("Kostnader",)))
    [issue] = book.issues
    assert issue.code == Code.TABLE_BY_HEADER.code and issue.severity is Severity.WARNING
    assert (issue.sheet, issue.cell) == ("Kostnader", f"A{table_header_row('Kostnader')}")
    table = book.tables["Kostnader"]
    assert table.found_by_header
    assert table_values(table) == TABLE_ROWS["Kostnader"]
    assert len(table.rows) == len(TABLE_ROWS["Kostnader"])  # up to the first empty row


def test_missing_table_found_on_another_sheet(tmp_path):
    def edit(wb):
        ws = wb.create_sheet("Ark1")
        for c, header in enumerate(section("DriftOgForvaltning").headers, start=3):
            ws.cell(5, c, header)
        ws.cell(6, 3, "Helsenorge")
        ws.cell(6, 4, 2025)

    book = read_workbook(build_workbook(tmp_path / "x.xlsx", omit_tables=("DriftOgForvaltning",),
                                        tables={**TABLE_ROWS, "DriftOgForvaltning": []}, edit=edit))
    table = book.tables["DriftOgForvaltning"]
    # the section's own sheet wins: its header row is there (with no rows)
    assert table.sheet == "Drift og forvaltning" and table.rows == []

    book = read_workbook(build_workbook(tmp_path / "y.xlsx", omit_tables=("DriftOgForvaltning",),
                                        tables={k: v for k, v in TABLE_ROWS.items() if k != "DriftOgForvaltning"},
                                        edit=lambda wb: (edit(wb), wb["Drift og forvaltning"].delete_rows(1, 10))))
    table = book.tables["DriftOgForvaltning"]
    assert (table.sheet, table.header_row) == ("Ark1", 5)
    assert [row["losning"].coordinate for row in table.rows] == ["C6"]
    assert table_values(table) == [["Helsenorge", 2025, None]]


def test_missing_table_not_found(tmp_path):
    def edit(wb):
        wb["Avhengigheter"]["E3"] = "Alvorlighet"

    book = read_workbook(build_workbook(tmp_path / "x.xlsx", omit_tables=("Avhengigheter",), edit=edit))
    missing = by_code(book, Code.TABLE_MISSING)
    assert len(missing) == 1 and missing[0].is_error
    assert "Avhengigheter" in missing[0].message
    assert "Avhengigheter" not in book.tables
    # nothing typed there is silently dropped
    outside = {i.cell for i in by_code(book, Code.CELL_OUTSIDE)}
    assert {"A3", "A4", "H4"} <= outside


def test_missing_and_unknown_column(tmp_path):
    def edit(wb):
        wb["Avhengigheter"]["F3"] = "Tidsfrist"

    book = read_workbook(build_workbook(tmp_path / "x.xlsx", edit=edit))
    [missing] = by_code(book, Code.COLUMN_MISSING)
    assert missing.is_error and missing.field == "Frist" and "Frist" in missing.message
    [unknown] = by_code(book, Code.COLUMN_UNKNOWN)
    assert (unknown.cell, unknown.severity) == ("F3", Severity.WARNING) and "Tidsfrist" in unknown.message
    [outside] = by_code(book, Code.CELL_OUTSIDE)
    assert (outside.sheet, outside.cell, outside.field) == ("Avhengigheter", "F4", "Tidsfrist")
    assert outside.value == "15.01.2022"
    row = book.tables["Avhengigheter"].rows[0]
    assert "frist" not in row and row["status"].value == "Grønn"


def test_extra_column_in_a_widened_table(tmp_path):
    def edit(wb):
        ws = wb["Kostnader"]
        ws["D3"], ws["D4"] = "Merknad", "Usikkert"
        ws.tables["Kostnader"].ref = "A3:D6"

    book = read_workbook(build_workbook(tmp_path / "x.xlsx", edit=edit))
    assert codes(book) == [Code.COLUMN_UNKNOWN.code, Code.CELL_OUTSIDE.code]
    assert book.issues[1].cell == "D4" and book.issues[1].value == "Usikkert"
    assert table_values(book.tables["Kostnader"]) == TABLE_ROWS["Kostnader"]


def test_rows_typed_below_a_table(tmp_path):
    def edit(wb):
        ws = wb["Leveranser"]
        assert ws.tables["Leveranser"].ref == "A3:D7"
        ws["A8"], ws["C8"] = "Evaluering", datetime(2024, 1, 1)
        ws["B9"] = "Bare beskrivelse"
        ws["A11"] = "Etter et tomt mellomrom"

    book = read_workbook(build_workbook(tmp_path / "x.xlsx", edit=edit))
    below = by_code(book, Code.ROW_BELOW_TABLE)
    assert [(i.cell, i.value, i.field) for i in below] == [
        ("A8", "Evaluering · 01.01.2024", "Leveranse navn"), ("B9", "Bare beskrivelse", "Beskrivelse av leveranse")]
    assert all("Leveranser" in i.message and i.severity is Severity.WARNING for i in below)
    assert [(i.cell, i.value) for i in by_code(book, Code.CELL_OUTSIDE)] == [("A11", "Etter et tomt mellomrom")]
    names = [row["navn"].value for row in book.tables["Leveranser"].rows]
    assert "Evaluering" not in names and len(names) == 4


def test_widened_ref_takes_typed_rows_in(tmp_path):
    def edit(wb):
        ws = wb["Leveranser"]
        ws["A8"] = "Evaluering"
        ws.tables["Leveranser"].ref = "A3:D8"

    book = read_workbook(build_workbook(tmp_path / "x.xlsx", edit=edit))
    assert book.issues == []
    assert book.tables["Leveranser"].rows[-1]["navn"].value == "Evaluering"


def test_huge_table_ref_stays_cheap(tmp_path):
    path = build_workbook(tmp_path / "x.xlsx", edit=lambda wb: wb["Leveranser"].cell(900000, 1, "Langt nede"))
    rewrite_zip(path, {"xl/tables/table1.xml": lambda xml: xml.replace(b'ref="A3:D7"', b'ref="A3:D1000000"')})
    book = read_workbook(path)  # the time it takes is measured in bench/bench.py
    assert book.issues == []
    rows = book.tables["Leveranser"].rows
    # a ref over MAX_TABLE_ROWS keeps only the rows with content
    assert [r["navn"].coordinate for r in rows] == ["A4", "A5", "A900000"]
    assert rows[-1]["navn"].value == "Langt nede"


# --- content outside the contract ------------------------------------------------------------

def test_stray_cells_are_reported_except_on_guide_and_list_sheets(tmp_path):
    def edit(wb):
        wb["Tiltak"]["D20"] = "Notat til meg selv"
        wb["Nytte"]["F1"] = 42
        wb["Tiltak"]["E1"] = "   "  # only spaces: nothing typed
        wb.create_sheet(layout.GUIDE_SHEET)["A1"] = "Veiledning"
        wb.create_sheet(layout.LIST_SHEET)["A1"] = "Grønn"

    book = read_workbook(build_workbook(tmp_path / "x.xlsx", edit=edit))
    outside = by_code(book, Code.CELL_OUTSIDE)
    assert [(i.sheet, i.cell, i.value) for i in outside] == [("Tiltak", "D20", "Notat til meg selv"),
                                                            ("Nytte", "F1", "42")]
    assert all(i.severity is Severity.WARNING for i in outside)


def test_static_labels_are_not_reported(tmp_path, monkeypatch):
    texts = {("Tiltak", "A2"): "Tiltakets navn", ("Tiltak", "A3"): "Aktør"}
    monkeypatch.setattr(layout, "static_texts", lambda version="": texts)

    def edit(wb):
        wb["Tiltak"]["A2"] = "Tiltakets navn"  # the template's label, untouched
        wb["Tiltak"]["A3"] = "Aktør (endret)"  # typed over a label
        wb["Tiltak"]["A4"] = "Kontaktperson"  # not a label position

    book = read_workbook(build_workbook(tmp_path / "x.xlsx", edit=edit))
    assert [i.cell for i in by_code(book, Code.CELL_OUTSIDE)] == ["A3", "A4"]


def test_outside_issues_are_capped(tmp_path):
    count = MAX_OUTSIDE_ISSUES + 50

    def edit(wb):
        ws = wb["Tiltak"]
        for i in range(count):
            ws.cell(30 + i, 10, f"x{i}")

    book = read_workbook(build_workbook(tmp_path / "x.xlsx", edit=edit))
    assert len(by_code(book, Code.CELL_OUTSIDE)) == MAX_OUTSIDE_ISSUES
    [summary] = by_code(book, Code.CELLS_OUTSIDE_MORE)
    assert "50" in summary.message
    assert book.issues[-1] == summary


def test_merged_cells_hiding_contract_cells(tmp_path):
    sheet, coord = field_cell("Tiltak_Beskrivelse")
    row = coord[1:]

    def edit(wb):
        wb[sheet].merge_cells(f"A{row}:C{row}")  # hides the named cell B
        wb["Leveranser"].merge_cells("B4:C4")  # hides a table cell
        wb["Tiltak"].merge_cells("F30:G31")  # nowhere near the contract

    book = read_workbook(build_workbook(tmp_path / "x.xlsx", edit=edit))
    merged = by_code(book, Code.MERGED_CELLS)
    assert [(i.sheet, i.cell, i.field) for i in merged] == [
        (sheet, f"A{row}", "Beskrivelse"), ("Leveranser", "B4", "Beskrivelse av leveranse")]
    assert f"A{row}:C{row}" in merged[0].message and merged[0].severity is Severity.WARNING


def test_input_widened_by_merging_from_the_named_cell_is_fine(tmp_path):
    sheet, coord = field_cell("Nytte_Vurdering")

    def edit(wb):
        wb[sheet].merge_cells(f"{coord}:D{coord[1:]}")  # the template widens Nytte inputs this way
        wb["Kostnader"].merge_cells("C4:E4")  # last table column widened beyond the table

    book = read_workbook(build_workbook(tmp_path / "x.xlsx", edit=edit))
    assert book.issues == []
    assert book.fields["Nytte_Vurdering"].value == FIELD_VALUES["Nytte_Vurdering"]


# --- formulas ---------------------------------------------------------------------------------

def test_formula_with_cached_value_in_a_field(workbook):
    sheet, coord = field_cell("Tiltak_Aktor")
    set_formula(workbook, sheet, coord, 'UPPER("helse nord")', "HELSE NORD")
    book = read_workbook(workbook)
    [issue] = book.issues
    assert issue.code == Code.FORMULA.code and issue.severity is Severity.WARNING
    assert (issue.sheet, issue.cell, issue.field) == (sheet, coord, "Aktør")
    assert 'UPPER("helse nord")' in issue.message and "HELSE NORD" in issue.message
    cell = book.fields["Tiltak_Aktor"]
    assert cell.value == "HELSE NORD" and cell.formula == '=UPPER("helse nord")'


def test_formula_in_a_table_cell(workbook):
    set_formula(workbook, "Kostnader", "A4", 'CONCAT("Helse ","Vest")', "Helse Vest")
    book = read_workbook(workbook)
    assert codes(book) == [Code.FORMULA.code]
    assert book.tables["Kostnader"].rows[0]["finansierende_virksomhet"].value == "Helse Vest"


def test_formula_without_cached_value(workbook):
    set_formula(workbook, "Leveranser", "C5", "TODAY()+30", None)
    book = read_workbook(workbook)
    [issue] = book.issues
    assert issue.code == Code.FORMULA_NO_VALUE.code and issue.is_error
    assert (issue.cell, issue.field) == ("C5", "Sluttdato")
    cell = book.tables["Leveranser"].rows[1]["sluttdato"]
    assert cell.value is None and cell.formula == "=TODAY()+30"


def test_formula_outside_the_contract_is_reported_with_its_text(workbook):
    def add(xml: bytes) -> bytes:
        return xml.replace(b"</sheetData>", b'<row r="40"><c r="H40"><f>NOW()</f></c></row></sheetData>')

    rewrite_zip(workbook, {sheet_part(workbook, "Tiltak"): add})
    book = read_workbook(workbook)
    [outside] = by_code(book, Code.CELL_OUTSIDE)
    assert (outside.cell, outside.value) == ("H40", "=NOW()")


# --- the real template ----------------------------------------------------------------------

@pytest.fixture
def template(tmp_path):
    from pipeline.contract.settings import load_form_settings
    from pipeline.excel import template as template_module
    settings = load_form_settings()
    return template_module.write_template(tmp_path / "mal.xlsx", settings), settings


def test_the_empty_template_reads_without_issues(template):
    path, settings = template
    book = read_workbook(path)
    assert book.issues == [], [i.format() for i in book.issues]
    assert set(book.fields) == set(catalogue.SINGLE_FIELDS)
    assert all(cell.is_empty for cell in book.fields.values())
    assert book.template_version is not None and book.template_version.value == settings.mal_versjon
    assert set(book.tables) == set(catalogue.TABLE_NAMES)
    fixed = [row["forutsetning"].value for row in book.tables["Nytteforutsetninger"].rows]
    assert fixed == settings.vocabulary("nytteforutsetning")


def test_a_template_filled_by_defined_names_reads_back(template, tmp_path):
    filled = fill_template(template[0], tmp_path / "utfylt.xlsx")
    wb = load_workbook(filled)
    wb["Kostnader"].cell(200, 12, "Notat langt ute")
    wb.save(filled)
    book = read_workbook(filled)
    assert {k: v.value for k, v in book.fields.items()} == FIELD_VALUES
    assert table_values(book.tables["Kostnader"]) == TABLE_ROWS["Kostnader"]
    assert [(i.code, i.sheet, i.cell) for i in book.issues] == [(Code.CELL_OUTSIDE.code, "Kostnader", "L200")]


# --- files that cannot be read ---------------------------------------------------------------

@pytest.mark.parametrize("content, code", [
    (b"", Code.EMPTY_FILE),
    (b"Navn;Status\nA;Gul\n", Code.NOT_XLSX),
    (b"%PDF-1.4\n", Code.NOT_XLSX),
])
def test_unreadable_files(tmp_path, content, code):
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    book = read_workbook(path)
    assert not book.readable
    assert codes(book) == [code.code]
    assert book.fields == {} and book.tables == {}


def test_doctype_payload_is_never_parsed(workbook):
    part = sheet_part(workbook, "Tiltak")
    rewrite_zip(workbook, {part: lambda xml: b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM '
                                            b'"file:///etc/passwd">]>' + xml.replace(b"Felles journal", b"&e;")})
    book = read_workbook(workbook)
    assert not book.readable and codes(book) == [Code.UNSAFE_XML.code]


def test_missing_shared_part_is_corrupt_without_traceback(workbook):
    rewrite_zip(workbook, {"xl/styles.xml": None, "xl/worksheets/sheet2.xml": None})
    book = read_workbook(workbook)
    assert not book.readable
    assert codes(book) == [Code.CORRUPT.code]
    assert "Traceback" not in book.issues[0].message


def test_missing_file_is_reported():
    book = read_workbook(Path("/nonexistent/dir/x.xlsx"))
    assert not book.readable and codes(book) == [Code.CORRUPT.code]


def test_xlsm_with_macros_is_read_with_a_warning(tmp_path):
    path = build_workbook(tmp_path / "makro.xlsm")
    rewrite_zip(path, {
        "xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 fake vba project",
        "[Content_Types].xml": lambda xml: xml.replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml").replace(
            b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'),
    })
    book = read_workbook(path)
    assert book.readable
    assert codes(book) == [Code.MACROS.code]
    assert book.fields["Tiltak_Navn"].value == FIELD_VALUES["Tiltak_Navn"]
    assert table_values(book.tables["Leveranser"]) == TABLE_ROWS["Leveranser"]


def test_damaged_files_never_raise(workbook):
    data = workbook.read_bytes()
    rng = random.Random(1234)
    for i in range(60):
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 20)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        path = workbook.with_name(f"d{i}.xlsx")
        path.write_bytes(bytes(damaged))
        book = read_workbook(path)
        assert book.readable or any(issue.is_error for issue in book.issues)


# --- LibreOffice -------------------------------------------------------------------------------

def fill_template(path, target):
    """The real template with every single field and the Kostnader rows filled in."""
    wb = load_workbook(path)
    for name, value in FIELD_VALUES.items():
        [(sheet, coord)] = list(wb.defined_names[name].destinations)
        wb[sheet][coord.replace("$", "")] = value
    ws, table = next((ws, t) for ws in wb.worksheets for t in ws.tables.values() if t.name == "Kostnader")
    top_row = int("".join(ch for ch in table.ref.split(":")[0] if ch.isdigit()))
    for r, row in enumerate(TABLE_ROWS["Kostnader"], start=top_row + 1):
        for c, value in enumerate(row, start=1):
            ws.cell(r, c, value)
    wb.save(target)
    return target


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) er ikke installert")
def test_workbooks_resaved_by_libreoffice_read_the_same(workbook, template, tmp_path):
    sources = [workbook, fill_template(template[0], tmp_path / "utfylt-mal.xlsx")]
    out = tmp_path / "lo"
    out.mkdir()
    profile = (tmp_path / "profile").as_uri()
    # LibreOffice is installed (else skipped above): a failed conversion fails the test
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "xlsx",
                    "--outdir", str(out), *map(str, sources)], check=True, capture_output=True, timeout=180)
    for source in sources:
        resaved = out / source.name
        assert resaved.exists(), f"LibreOffice laget ikke {resaved.name}"
        original, again = read_workbook(source), read_workbook(resaved)
        assert again.readable
        assert [i.code for i in again.issues] == [i.code for i in original.issues], \
            [i.format() for i in again.issues]
        assert {k: (v.sheet, v.coordinate, v.value) for k, v in again.fields.items()} == \
            {k: (v.sheet, v.coordinate, v.value) for k, v in original.fields.items()}
        assert set(again.tables) == set(original.tables)
        for name, table in original.tables.items():
            assert table_values(again.tables[name]) == table_values(table), name
        assert again.template_version.value == original.template_version.value


def test_a_renamed_sheet_keeps_its_labels_quiet(tmp_path):
    """Excel updates defined names and tables when a sheet is renamed; the template's own labels on
    the renamed sheet are still the template's, not content typed outside the form."""
    from pipeline.contract.settings import load_form_settings
    from pipeline.excel.template import build_template

    wb = build_template(load_form_settings())
    for old, new in [("Tiltak", "Tiltak HELIKS"), ("Leveranser", "Leveranser 2021")]:
        wb[old].title = new
        for dn in wb.defined_names.values():  # what Excel does to the names when a sheet is renamed
            dn.attr_text = dn.attr_text.replace(f"'{old}'!", f"'{new}'!").replace(f"{old}!", f"'{new}'!")
    path = tmp_path / "omdopt.xlsx"
    wb.save(path)
    book = read_workbook(path)
    assert [i.format() for i in book.issues] == []
    assert book.fields["Tiltak_Navn"].sheet == "Tiltak HELIKS"


def test_text_typed_in_a_table_totals_row_is_reported(tmp_path):
    from pipeline.contract.settings import load_form_settings
    from pipeline.excel.template import build_template

    wb = build_template(load_form_settings())
    ws = wb["Kostnader"]
    table = ws.tables["Kostnader"]
    table.totalsRowCount = 1
    last = int(table.ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    ws.cell(row=last, column=1, value="Sum (3 mill. fra Helse Vest er ikke avklart)")
    path = tmp_path / "sumrad.xlsx"
    wb.save(path)
    outside = [i for i in read_workbook(path).issues if i.code == "utenfor-skjema"]
    assert [(i.cell, i.value) for i in outside] == [(f"A{last}", "Sum (3 mill. fra Helse Vest er ikke avklart)")]
