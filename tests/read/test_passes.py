"""The reader's parts one at a time: the sheet index, the passes over it, and the A1 helpers."""

from __future__ import annotations

import dataclasses

import pytest
from openpyxl import Workbook
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.table import Table

from pipeline.common.cells import coordinate, first_cell_position, parse_cell, parse_range, split_sheet_reference
from pipeline.contract import catalogue
from pipeline.contract.issues import Code
from pipeline.read import sniff
from pipeline.read.load import load_workbook_bytes
from pipeline.read.names import find_defined_name, locate_named_cells
from pipeline.read.outside import cells_outside_form, form_cells, merges_hiding_contract_cells, rows_below_tables
from pipeline.read.reader import read_workbook
from pipeline.read.safety import check_file
from pipeline.read.sheetindex import index_sheet, index_workbook
from pipeline.read.tables import TableArea, find_table_by_header, locate_tables
from tests.support.reader import HEADER_ROW, build_workbook, compound_file, field_cell, section


def indexed(path):
    """The index of a workbook file, built the way the reader builds it."""
    report = check_file(path)
    return index_workbook(load_workbook_bytes(report.data), report.formulas, path.name)


# --- the sheet index --------------------------------------------------------------------------

def test_sheet_index_holds_content_and_formula_cells_only():
    wb = Workbook()
    ws = wb.active
    ws["B2"] = "tekst"
    ws["A3"] = 7
    ws["C1"] = "   "  # whitespace only: no content
    ws["D4"].number_format = "0.00"  # a styled empty cell: present, but no content
    sheet = index_sheet(ws, {(5, 1): "=SUM(A1:A4)"})
    assert sheet.content_positions() == [(2, 2), (3, 1), (5, 1)]
    assert dict(sheet.rows) == {2: (2,), 3: (1,), 5: (1,)}
    assert sheet.value(2, 2) == "tekst" and sheet.value(9, 9) is None
    assert sheet.shown(5, 1) == "=SUM(A1:A4)"  # formula without a cached value shows its text
    assert sheet.number_format(4, 4) == "0.00" and sheet.number_format(9, 9) == "General"


def test_sheet_index_cannot_be_changed():
    wb = Workbook()
    wb.active["A1"] = 1
    sheet = index_sheet(wb.active, {})
    with pytest.raises(dataclasses.FrozenInstanceError):
        sheet.title = "Annet"  # type: ignore[misc]
    with pytest.raises(TypeError):
        sheet.rows[9] = (1,)  # type: ignore[index]
    with pytest.raises(TypeError):
        sheet.cells[(9, 9)] = None  # type: ignore[index]


def test_indexing_creates_no_cells_and_a_stray_last_cell_stays_cheap(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "start"
    ws["XFD1048576"] = "helt nederst"
    before = len(ws._cells)
    sheet = index_sheet(ws, {})  # its time is measured in bench/cases.py
    assert len(ws._cells) == before
    assert sheet.content_positions() == [(1, 1), (1048576, 16384)]

    path = build_workbook(tmp_path / "x.xlsx", edit=lambda wb: wb["Tiltak"].cell(1048576, 16384, "notat"))
    book = read_workbook(path)
    assert [(i.sheet, i.cell) for i in book.issues if i.code == Code.CELL_OUTSIDE.code] == [("Tiltak", "XFD1048576")]


def test_workbook_index_finds_sheets_ignoring_case_and_reads_formula_cells(tmp_path):
    index = indexed(build_workbook(tmp_path / "x.xlsx"))
    assert index.by_title["tiltak"].title == "Tiltak"
    assert index.file == "x.xlsx" and not index.date1904
    sheet = index.by_title["tiltak"]
    sheet_with_formula = dataclasses.replace(sheet, formulas={(2, 2): "=A1"})
    raw, issues = index.read_cell(sheet_with_formula, 2, 2, "Navn")
    assert (raw.coordinate, raw.formula) == ("B2", "=A1")
    assert [i.code for i in issues] == [Code.FORMULA.code]
    raw, issues = index.read_cell(sheet, 2, 2, "Navn")
    assert raw.formula is None and issues == []


# --- defined names ----------------------------------------------------------------------------

def test_named_cells_are_located_with_their_places(tmp_path):
    index = indexed(build_workbook(tmp_path / "x.xlsx"))
    named = locate_named_cells(index)
    assert named.issues == ()
    assert set(named.fields) == set(catalogue.SINGLE_FIELDS)
    assert named.template_version is not None and named.template_version.value == "1.0"
    places = {(p.sheet, coordinate(p.row, p.col)): p for p in named.places}
    for name in catalogue.SINGLE_FIELDS:
        assert places[field_cell(name)].is_field
    version = places[field_cell(catalogue.TEMPLATE_VERSION_NAME)]
    assert not version.is_field and version.template_sheet == ""


def test_a_name_over_a_range_is_broken_and_claims_no_cell(tmp_path):
    def edit(wb):
        wb.defined_names["Tiltak_Navn"] = DefinedName("Tiltak_Navn", attr_text="'Tiltak'!$B$2:$C$3")

    named = locate_named_cells(indexed(build_workbook(tmp_path / "x.xlsx", edit=edit)))
    label = catalogue.SINGLE_FIELDS["Tiltak_Navn"].label
    assert [(i.code, i.field) for i in named.issues] == [(Code.NAME_BROKEN.code, label)]
    assert "Tiltak_Navn" not in named.fields
    assert ("Tiltak", 2, 2) not in {(p.sheet, p.row, p.col) for p in named.places}


def test_find_defined_name_prefers_global_then_the_expected_sheet():
    glob, on_tiltak, on_other = object(), object(), object()
    scoped = {"navn": [("Annet", on_other), ("Tiltak", on_tiltak)]}
    assert find_defined_name("NAVN", "tiltak", {"navn": glob}, scoped) is glob
    assert find_defined_name("Navn", "Tiltak", {}, scoped) is on_tiltak
    assert find_defined_name("Navn", "Nytte", {}, scoped) is on_other
    assert find_defined_name("Navn", "Tiltak", {}, {}) is None


# --- tables -----------------------------------------------------------------------------------

def test_tables_are_located_by_definition_with_their_areas(tmp_path):
    index = indexed(build_workbook(tmp_path / "x.xlsx"))
    located = locate_tables(index)
    assert located.issues == ()
    assert list(located.tables) == [s.table for s in catalogue.TABLE_SECTIONS]
    assert [(a.name, a.by_header) for a in located.areas] == [(s.table, False) for s in catalogue.TABLE_SECTIONS]
    assert ("Nytte", "Nytte") in located.template_sheets
    leveranser = located.areas[0]
    assert (leveranser.min_row, leveranser.min_col, leveranser.max_col) == (HEADER_ROW, 1, 4)
    assert leveranser.first_data == HEADER_ROW + 1 and leveranser.contains(HEADER_ROW, 4)
    assert not leveranser.contains(HEADER_ROW, 5)


def test_header_search_skips_header_rows_inside_earlier_tables():
    spec = section("Kostnader")
    wb = Workbook()
    ws = wb.active
    ws.title = spec.sheet
    for col, header in enumerate(spec.headers, start=1):
        ws.cell(2, col, header)
    ws.cell(3, 1, "Helse Nord")
    index = index_workbook(wb, {}, "x.xlsx")
    found = find_table_by_header(index, spec, ())
    assert found is not None and found.area.by_header
    assert (found.area.min_row, found.area.max_row, found.table.header_row) == (2, 3, 2)
    assert [i.code for i in found.issues] == [Code.TABLE_BY_HEADER.code]
    covering = TableArea("Annen", spec.sheet, 1, 5, 1, 5, 2, {})
    assert find_table_by_header(index, spec, (covering,)) is None
    elsewhere = dataclasses.replace(covering, sheet="Annet ark")
    assert find_table_by_header(index, spec, (elsewhere,)) is not None


# --- content outside the form -----------------------------------------------------------------

def test_outside_passes_over_one_index(tmp_path):
    def edit(wb):
        ws = wb["Kostnader"]
        ws.cell(HEADER_ROW + 5, 1, "skrevet under")  # the row right below the table (2 rows, 2 spare)
        ws["H20"] = "notat"
        wb["Tiltak"].merge_cells("A2:C2")  # hides the field in B2

    index = indexed(build_workbook(tmp_path / "x.xlsx", edit=edit))
    named, located = locate_named_cells(index), locate_tables(index)
    form = form_cells(named, located)
    assert form.is_claimed("Kostnader", HEADER_ROW + 1, 2) and not form.is_claimed("Kostnader", 20, 8)
    below, typed = rows_below_tables(index, form)
    assert [(i.code, i.sheet, i.cell) for i in below] == [(Code.ROW_BELOW_TABLE.code, "Kostnader", f"A{HEADER_ROW + 5}")]
    assert typed == {("Kostnader", HEADER_ROW + 5, 1)}
    merged = merges_hiding_contract_cells(index, form)
    assert [(i.code, i.sheet, i.cell) for i in merged] == [(Code.MERGED_CELLS.code, "Tiltak", "A2")]
    outside = cells_outside_form(index, form, typed)
    assert [(i.sheet, i.cell) for i in outside] == [("Kostnader", "H20")]
    assert [(i.sheet, i.cell) for i in cells_outside_form(index, form, frozenset())] == [
        ("Kostnader", f"A{HEADER_ROW + 5}"), ("Kostnader", "H20")]


# --- A1 references ----------------------------------------------------------------------------

def test_cell_reference_helpers():
    assert coordinate(3, 28) == "AB3"
    assert parse_cell("$AB$3") == (3, 28) and parse_cell("ab3") == (3, 28)
    assert parse_cell("A1:B2") is None and parse_cell("A1\n") is None and parse_cell("") is None
    assert parse_range("$A$1:C3") == (1, 1, 3, 3) and parse_range("B2") == (2, 2, 2, 2)
    assert parse_range("A:C") is None and parse_range("1:3") is None and parse_range("A1\n") is None
    assert parse_range("C3:A1") == (3, 3, 1, 1)
    assert first_cell_position("A5:C5") == (5, 1) and first_cell_position("") == (0, 0)
    assert split_sheet_reference("'It''s here'!$A$1") == ("It's here", "$A$1")
    assert split_sheet_reference("Ark 1!B2") == ("Ark 1", "B2")
    assert split_sheet_reference("B2") is None and split_sheet_reference("'Ark!B2") is None


# --- what kind of file ------------------------------------------------------------------------

def test_sniffing_names_what_a_file_is():
    assert "PDF" in sniff.non_zip_detail(b"%PDF-1.7 ...")
    assert "CSV" in sniff.non_zip_detail("navn;beløp\nA;1\n".encode())
    assert sniff.non_zip_detail(bytes(range(256))) == ""
    assert sniff.is_zip(b"PK\x03\x04rest") and not sniff.is_zip(b"PK\x01\x02")
    assert sniff.ole_entry_names(compound_file(["Workbook"])) == {"root entry", "workbook"}
    assert sniff.ole_entry_names(b"\xd0\xcf\x11\xe0" + bytes(20)) is None
