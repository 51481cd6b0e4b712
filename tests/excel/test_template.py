"""The Excel template: contract names, tables, validations, protection, texts."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.cell import range_boundaries

from pipeline.contract import positions as layout
from pipeline.contract.catalogue import (
    DEFINED_NAMES,
    HEADER_FIELDS,
    HEADER_SHEET,
    NYTTE_SHEET,
    SECTIONS,
    SINGLE_FIELDS,
    TABLE_SECTIONS,
    TEMPLATE_VERSION_NAME,
)
from pipeline.contract.fields import Kind
from pipeline.excel.template import build_template, guide_lines, write_template
from tests.support.template import covering, name_cell, named_value, reopen, table_cells, table_values

from tests.support.paths import ROOT
COMMITTED = ROOT / "templates" / "innrapporteringsmal.xlsx"
PRESIZED = {"Leveranser": 30, "Avhengigheter": 20, "Kostnader": 30, "DriftOgForvaltning": 15}


@pytest.fixture(scope="module")
def book(tmp_path_factory, form_settings):
    """The generated template, saved and reopened with plain openpyxl."""
    return reopen(build_template(form_settings), tmp_path_factory.mktemp("mal") / "mal.xlsx")


def _dv(ws, coordinate):
    found = covering(ws.data_validations.dataValidation, coordinate)
    assert len(found) == 1, (ws.title, coordinate, found)
    return found[0]


def _input_cells(wb):
    """(spec, worksheet, coordinate) for every single field and every table data cell."""
    for name, spec in SINGLE_FIELDS.items():
        sheet, ref = name_cell(wb, name)
        yield spec, wb[sheet], ref
    for section in TABLE_SECTIONS:
        _, rows = table_cells(wb, section.table)
        for row in rows:
            for spec, cell in zip(section.columns, row):
                yield spec, cell.parent, cell.coordinate


def test_sheets_in_order_guide_first_and_active_lists_hidden(book):
    section_sheets = list(dict.fromkeys(s.sheet for s in SECTIONS))
    assert book.sheetnames == ["Veiledning", HEADER_SHEET, *section_sheets, "Kontroll", "Lister"]
    assert section_sheets == ["Leveranser", "Avhengigheter", "Kostnader", "Drift og forvaltning", "Nytte"]
    assert book.active.title == "Veiledning"
    assert book["Lister"].sheet_state == "hidden"
    assert all(book[s].sheet_state == "visible" for s in book.sheetnames if s != "Lister")


def test_every_defined_name_points_at_its_own_single_cell(book):
    cells = [name_cell(book, name) for name in DEFINED_NAMES]
    assert len(set(cells)) == len(DEFINED_NAMES)
    for name, (sheet, _) in zip(DEFINED_NAMES, cells):
        assert sheet not in ("Veiledning", "Lister"), name
        assert book.defined_names[name].localSheetId is None  # workbook scope
    assert {name_cell(book, f.meta.name)[0] for f in HEADER_FIELDS} == {HEADER_SHEET}
    assert {name_cell(book, n)[0] for n in DEFINED_NAMES if n.startswith("Nytte_")} == {NYTTE_SHEET}


def test_template_version_is_the_settings_version_as_text(book, form_settings, tmp_path):
    assert named_value(book, TEMPLATE_VERSION_NAME) == form_settings.mal_versjon
    other = form_settings.model_copy(update={"mal_versjon": "2.5"})
    wb = reopen(build_template(other), tmp_path / "v.xlsx")
    assert named_value(wb, TEMPLATE_VERSION_NAME) == "2.5"
    sheet, ref = name_cell(wb, TEMPLATE_VERSION_NAME)
    assert wb[sheet][ref].protection.locked


@pytest.mark.parametrize("section", TABLE_SECTIONS, ids=lambda s: s.table)
def test_tables_have_contract_headers_style_and_size(book, form_settings, section):
    ws = book[section.sheet]
    assert section.table in ws.tables
    table = ws.tables[section.table]
    assert table.tableStyleInfo is not None and table.tableStyleInfo.name
    headers, rows = table_values(book, section.table)
    assert tuple(headers) == section.headers
    expected = PRESIZED.get(section.table, len(form_settings.vocabulary("nytteforutsetning")))
    assert len(rows) == expected
    assert ws.freeze_panes is not None and int(ws.freeze_panes[1:]) <= range_boundaries(table.ref)[1] + 1


def test_nytteforutsetninger_prefilled_and_first_column_locked(book, form_settings):
    _, rows = table_cells(book, "Nytteforutsetninger")
    assert [r[0].value for r in rows] == form_settings.vocabulary("nytteforutsetning") and len(rows) == 7
    assert all(r[0].protection.locked for r in rows)
    assert all(not c.protection.locked and c.value is None for r in rows for c in r[1:])


def test_choice_fields_get_dropdowns_from_the_list_sheet(book, form_settings):
    checked = set()
    for spec, ws, ref in _input_cells(book):
        if spec.kind not in (Kind.CHOICE, Kind.SUGGEST):
            continue
        dv = _dv(ws, ref)
        assert dv.type == "list" and "," not in dv.formula1 and '"' not in dv.formula1
        sheet, lst = next(iter(book.defined_names[dv.formula1].destinations))
        assert sheet == "Lister"
        values = [c.value for row in book[sheet][lst.replace("$", "")] for c in row]
        assert values == form_settings.vocabulary(spec.meta.vocabulary)
        if spec.kind is Kind.SUGGEST:  # other values allowed
            assert not dv.showErrorMessage or dv.errorStyle == "information"
        else:
            assert dv.showErrorMessage and dv.errorStyle in (None, "stop")
        checked.add(spec.key)
    assert {"segment", "status", "levert", "kategori", "finansierende_virksomhet", "losning"} <= checked


def test_typed_fields_have_type_validation_and_formats(book):
    kinds = set()
    for spec, ws, ref in _input_cells(book):
        dv, cell = _dv(ws, ref), ws[ref]
        if spec.kind is Kind.DATE:
            assert dv.type == "date" and dv.showErrorMessage and "dd.mm.åååå" in dv.error
            assert cell.number_format == "DD.MM.YYYY"
            low, high = (openpyxl.utils.datetime.from_excel(float(f)) for f in (dv.formula1, dv.formula2))
            assert (low.year, low.month, low.day, high.year, high.month, high.day) == (2000, 1, 1, 2100, 12, 31)
        elif spec.kind is Kind.YEAR:
            assert (dv.type, dv.operator, dv.formula1, dv.formula2) == ("whole", "between", "2000", "2100")
        elif spec.kind is Kind.INTEGER:
            assert (dv.type, dv.operator, dv.formula1) == ("whole", "greaterThanOrEqual", "0")
        elif spec.kind is Kind.NUMBER:
            assert dv.type == "decimal" and dv.showErrorMessage
            if spec.meta.minimum is not None:
                assert (dv.operator, dv.formula1) == ("greaterThanOrEqual", "0")
        elif spec.kind is Kind.MULTICHOICE:
            assert dv.type is None and dv.showInputMessage and dv.prompt
        if spec.kind is Kind.LONGTEXT:
            assert cell.alignment.wrap_text
        kinds.add(spec.kind)
    assert {Kind.DATE, Kind.YEAR, Kind.INTEGER, Kind.NUMBER, Kind.MULTICHOICE, Kind.LONGTEXT} <= kinds


def test_every_input_cell_has_an_input_message_within_excel_limits(book):
    for spec, ws, ref in _input_cells(book):
        dv = _dv(ws, ref)
        assert dv.showInputMessage and dv.prompt and dv.promptTitle, (spec.key, ref)
    for ws in book.worksheets:
        for dv in ws.data_validations.dataValidation:
            assert len(dv.promptTitle or "") <= 32 and len(dv.prompt or "") <= 255
            assert len(dv.errorTitle or "") <= 32 and len(dv.error or "") <= 225


def test_protected_without_password_inputs_unlocked_labels_locked(book):
    for ws in book.worksheets:
        assert ws.protection.sheet, ws.title
        assert not ws.protection.password and not ws.protection.hashValue
    for spec, ws, ref in _input_cells(book):
        if spec.key != "forutsetning":
            assert not ws[ref].protection.locked, (ws.title, ref)
    for (sheet, ref) in layout.static_texts():
        assert book[sheet][ref].protection.locked, (sheet, ref)


def test_long_text_rows_are_tall_on_the_tiltak_sheet(book):
    ws = book[HEADER_SHEET]
    for spec in HEADER_FIELDS:
        row = int(name_cell(book, spec.meta.name)[1][1:])
        if spec.kind is Kind.LONGTEXT:
            assert ws.row_dimensions[row].height >= 60, spec.key


def test_column_widths_come_from_the_field_metadata(book):
    for section in TABLE_SECTIONS:
        ws = book[section.sheet]
        min_col = range_boundaries(ws.tables[section.table].ref)[0]
        for offset, spec in enumerate(section.columns):
            letter = openpyxl.utils.get_column_letter(min_col + offset)
            assert ws.column_dimensions[letter].width == spec.meta.width, (section.table, letter)


def _rules(ws, coordinate):
    return [rule for cf in ws.conditional_formatting if coordinate in cf.sqref for rule in cf.rules]


def test_required_fields_and_name_columns_are_marked_when_missing(book):
    for name, spec in SINGLE_FIELDS.items():
        sheet, ref = name_cell(book, name)
        rules = _rules(book[sheet], ref)
        if spec.meta.required:
            assert len(rules) == 1 and ref in rules[0].formula[0] and "LEN" in rules[0].formula[0], name
            assert rules[0].dxf.fill is not None
        else:
            assert rules == [], name
    for section in TABLE_SECTIONS:
        _, rows = table_cells(book, section.table)
        first, last = rows[0][0], rows[-1][0]
        for cell in (first, last):
            rules = _rules(cell.parent, cell.coordinate)
            assert len(rules) == 1 and rules[0].dxf.fill is not None, (section.table, cell.coordinate)
        assert f"${first.column_letter}{first.row}" in rules[0].formula[0]  # relative to the first data row
        assert _rules(cell.parent, rows[0][1].coordinate) == []


def test_static_texts_are_exactly_the_labels_on_the_data_sheets(book):
    texts = layout.static_texts()
    contract_cells = {name_cell(book, n) for n in DEFINED_NAMES}
    for section in TABLE_SECTIONS:
        _, rows = table_cells(book, section.table)
        contract_cells |= {(section.sheet, c.coordinate) for row in rows for c in row}
    written = {}
    for ws in book.worksheets:
        if ws.title in layout.TEMPLATE_ONLY_SHEETS:
            continue
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None and (ws.title, cell.coordinate) not in contract_cells:
                    written[(ws.title, cell.coordinate)] = cell.value
    assert written == texts
    assert all(sheet not in layout.TEMPLATE_ONLY_SHEETS for sheet, _ in texts)


def test_guide_is_norwegian_and_generated_from_the_settings(book, form_settings):
    guide = "\n".join(c.value for row in book["Veiledning"].iter_rows() for c in row if c.value)
    for phrase in ("én arbeidsbok per tiltak", "sekretariatet", "Alt+Enter", "• ", "- ", "1. ", "https://",
                   "dd.mm.åååå", "mill. kr", "desimalkomma", "Opphev arkbeskyttelse", "ikke noe passord",
                   f"malversjon {form_settings.mal_versjon}"):
        assert phrase.lower() in guide.lower(), phrase
    for segment in form_settings.segment:
        assert segment in guide
    observere = form_settings.segment["Observere"]
    changed = form_settings.model_copy(update={"segment": {
        **form_settings.segment,
        "Observere": observere.model_copy(update={"seksjoner": ["leveranser", "kostnader"]}),
    }})
    line = next(t for _, t in guide_lines(changed) if t.startswith("• Observere"))
    before = next(t for _, t in guide_lines(form_settings) if t.startswith("• Observere"))
    assert "Kostnader" in line and "Kostnader" not in before


def fingerprint(wb) -> dict:
    """What a committed template must agree on: names, tables, cells, validations, formats, protection."""
    sheets = {}
    for ws in wb.worksheets:
        sheets[ws.title] = {
            "state": ws.sheet_state,
            "protected": ws.protection.sheet,
            "freeze": ws.freeze_panes,
            "tables": sorted((t.displayName, t.ref) for t in ws.tables.values()),
            "cells": {c.coordinate: (c.value, c.number_format, c.protection.locked)
                      for row in ws.iter_rows() for c in row if c.value is not None or not c.protection.locked},
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            "validations": sorted((str(dv.sqref), dv.type, dv.formula1, dv.formula2, dv.prompt, dv.error,
                                   dv.errorStyle) for dv in ws.data_validations.dataValidation),
            "formats": sorted((str(cf.sqref), tuple(r.formula)) for cf in ws.conditional_formatting
                              for r in cf.rules),
        }
    names = {n: wb.defined_names[n].attr_text for n in wb.defined_names}
    return {"order": wb.sheetnames, "names": names, "sheets": sheets}


def test_committed_template_is_what_the_catalogue_generates(book):
    assert COMMITTED.exists(), "kjør `innrapportering template` og sjekk inn templates/innrapporteringsmal.xlsx"
    assert fingerprint(openpyxl.load_workbook(COMMITTED)) == fingerprint(book), (
        "Den innsjekkede malen er ikke lenger det katalogen lager. Ikke lag den på nytt før du vet hvorfor: "
        "finn endringen som ga forskjellen, sjekk at den er ønsket og at en test av oppførselen dekker den "
        "(f.eks. tests/excel/test_selfcheck.py for Kontroll-arket). Denne sammenligningen er ingen slik test.")


def test_write_template_creates_the_file(tmp_path, form_settings):
    path = write_template(tmp_path / "ny" / "mal.xlsx", form_settings)
    assert path.exists() and openpyxl.load_workbook(path).sheetnames[0] == "Veiledning"


@pytest.mark.slow
def test_template_bytes_are_reproducible(tmp_path):
    """`make demo` rebuilds the committed template; identical settings must give identical bytes, also when
    built by two processes (other hash seeds) at two times (zip entries store times in 2-second steps)."""
    import os
    import subprocess
    import sys
    import time

    script = ("import sys; from pipeline.contract.settings import load_form_settings; "
              "from pipeline.excel.template import template_bytes; "
              "open(sys.argv[1], 'wb').write(template_bytes(load_form_settings()))")
    built = []
    for run, seed in enumerate(("1", "2")):
        if run:
            time.sleep(2.1)
        target = tmp_path / f"mal-{run}.xlsx"
        subprocess.run([sys.executable, "-c", script, str(target)], check=True, cwd=ROOT,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        built.append(target.read_bytes())
    assert built[0] == built[1]


def test_an_amount_cell_shows_every_typed_decimal(tmp_path, form_settings):
    """Beløp has one decimal, but 2,75 must not be shown as 2,8 in Excel (the format only pads)."""
    from pipeline.contract.catalogue import SECTIONS_BY_KEY
    from pipeline.excel.styles import number_format

    belop = next(c for c in SECTIONS_BY_KEY["kostnader"].columns if c.key == "belop")
    fmt = number_format(belop)
    assert fmt.startswith("#,##0.0") and fmt.count("#") >= 1 + 6
    path = write_template(tmp_path / "mal.xlsx", form_settings)
    ws = openpyxl.load_workbook(path)["Kostnader"]
    formats = {c.number_format for row in ws.iter_rows(min_row=2) for c in row if c.column == 3}
    assert fmt in formats
