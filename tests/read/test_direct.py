"""The direct reader (zipfile + lxml) against openpyxl, the oracle: both give the same index and the
same ``RawWorkbook`` (values, places, findings) for the examples, the hostile corpus, files saved by
LibreOffice, files without tables, hand-written packages with the details openpyxl handles, and
generated workbooks. A file only openpyxl reads is read by openpyxl and counted."""

from __future__ import annotations

import re
import shutil
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.table import Table as XlTable

from pipeline.common import timing
from pipeline.contract.settings import load_form_settings
from pipeline.read.reader import read_workbook
from pipeline.read.tablepart import read_plain_table
from pipeline.validate.batch import check_paths
from tests.support import hardening as H
from tests.support.minixlsx import Package, Sheet, Table
from tests.support.paths import INPUT
from tests.support.readers import index_both, read_both
from tests.support.reader import rewrite_zip

EXAMPLES = sorted(INPUT.glob("*.xlsx"))


def _same(path: Path) -> None:
    direct, oracle = read_both(path)
    assert direct == oracle
    assert direct.read_with == "direct" and oracle.read_with == "openpyxl"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_each_example_reads_the_same_with_both_readers(path):
    _same(path)
    d, o = index_both(path)
    assert d == o


@pytest.mark.slow
@pytest.mark.parametrize("case", H.cases(), ids=lambda c: c.file)
def test_each_hostile_case_gives_the_same_findings_with_both_readers(case, tmp_path):
    path = tmp_path / case.file
    case.build(path)
    direct, oracle = read_both(path)
    assert direct == oracle  # the same values, places and issues (or the same rejection)


@pytest.mark.slow
def test_a_file_only_openpyxl_reads_falls_back_and_is_counted(tmp_path):
    """Raw control characters are not XML: lxml refuses the part, openpyxl (expat) too: CORRUPT either way."""
    [case] = [c for c in H.cases() if c.file == "kontrolltegn-raa.xlsx"]
    case.build(tmp_path / case.file)
    chart = _with_chartsheet(tmp_path / "med-diagramark.xlsx")
    assert read_workbook(chart).read_with == "openpyxl"
    direct, oracle = read_both(chart)
    assert direct == oracle and direct.readable
    timing.reset()
    files = check_paths([tmp_path / case.file, chart, EXAMPLES[0]], load_form_settings()).files
    assert [f.read_with for f in files] == ["openpyxl", "openpyxl", "direct"]
    assert timing.snapshot()["counts"]["openpyxl_fallback"] == 2


def _with_chartsheet(path: Path) -> Path:
    """A good submission with a chart sheet last: the direct reader leaves chart sheets to openpyxl."""
    def edit(wb):
        chart = BarChart()
        chart.add_data(Reference(wb["Kostnader"], min_col=3, min_row=3, max_row=5))
        wb.create_chartsheet("Diagram").add_chart(chart)
    return H.from_good(path, "Med diagramark", edit)


@pytest.mark.slow
def test_workbooks_saved_by_libreoffice_read_the_same(tmp_path):
    sources = EXAMPLES[:8]
    done = H.libreoffice_resave(sources, tmp_path / "lo", tmp_path / "profil")
    if done is None:
        pytest.skip("LibreOffice (soffice) er ikke installert")
    for path in done:
        with zipfile.ZipFile(path) as zf:
            assert "xl/sharedStrings.xml" in zf.namelist()  # LibreOffice writes shared strings
        _same(path)
        d, o = index_both(path)
        assert d == o


def test_a_workbook_without_tables_reads_the_same(tmp_path):
    path = shutil.copy(H.BASE, tmp_path / "uten.xlsx")
    H.remove_tables(path)
    _same(path)
    d, o = index_both(path)
    assert d == o and all(not s["tables"] for s in d["sheets"])


# --- details openpyxl handles, in hand-written packages ----------------------------------------

def _cells(path: Path, sheet: int = 0) -> dict:
    d, o = index_both(path)
    assert d == o
    return d["sheets"][sheet]["cells"]


def test_shared_strings_join_rich_text_runs_and_leave_out_phonetic_runs(tmp_path):
    rich = ('<r><t>Hel</t></r><r><rPr><b/></rPr><t xml:space="preserve">se </t></r><r><rPr><i/></rPr></r>'
            '<rPh sb="0" eb="1"><t>ヘ</t></rPh>')
    plain = '<t xml:space="preserve">  to  mellomrom </t><phoneticPr fontId="0"/>'
    escaped = "<t>linje_x000D_slutt_x005F_x0041_</t>"
    path = Package([Sheet("A", '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
                               '<c r="C1" t="s"><v>2</v></c></row>')], strings=[rich, plain, escaped]).save(tmp_path / "s.xlsx")
    assert _cells(path) == {(1, 1): ("Helse ", "General"), (1, 2): ("  to  mellomrom ", "General"),
                            (1, 3): ("linje\rslutt_x0041_", "General")}


def test_inline_strings_booleans_errors_and_cached_formula_text(tmp_path):
    row = ('<row r="2"><c r="A2" t="inlineStr"><is><t>inne</t></is></c><c r="B2" t="inlineStr"><is><r><t>a</t></r>'
           '<r><t xml:space="preserve"> b</t></r></is></c><c r="C2" t="b"><v>0</v></c><c r="D2" t="e"><v>#DIV/0!</v></c>'
           '<c r="E2" t="str"><f>A2&amp;""</f><v> inne</v></c><c r="F2"><v></v></c><c r="G2" t="inlineStr"/>'
           '<c r="H2" t="b"><v>1</v></c><c r="I2" s="1"><v>99999999999</v></c></row>')
    path = Package([Sheet("A", row)]).save(tmp_path / "t.xlsx")
    assert _cells(path) == {(2, 1): ("inne", "General"), (2, 2): ("a b", "General"), (2, 3): (False, "General"),
                            (2, 4): ("#DIV/0!", "General"), (2, 5): (" inne", "General"), (2, 8): (True, "General"),
                            (2, 9): ("#VALUE!", "mm-dd-yy")}  # a date format on a serial no date can have


def test_cells_off_the_quick_path_read_as_openpyxl_reads_them(tmp_path):
    """The reader reads the common cell inline; the others (several <t>, a <v> in an inline string, an explicit
    t="n", a style index with a leading zero, an empty string cell, a comment among the cells, a formula with a
    shared string as its value) as openpyxl does."""
    row = ('<row r="1"><c r="A1" t="inlineStr"><is><t>a</t><t>b</t></is></c><c r="B1" t="inlineStr"><v>5</v></c>'
           '<c r="C1" t="n"><v>2.0</v></c><c r="D1" s="01"><v>3</v></c><c r="E1" t="s"/><c r="F1" t="inlineStr">'
           '<is><t/></is></c><!-- merknad --><c r="G1" t="inlineStr"><is><r><t>c</t></r></is></c>'
           '<c r="H1" s="1"><v>44561</v></c><c r="I1" t="s"><f>"x"</f><v>1</v></c></row>')
    cells = _cells(Package([Sheet("A", row)], strings=["<t>en</t>", "<t>delt</t>"]).save(tmp_path / "q.xlsx"))
    assert cells == {(1, 1): ("b", "General"), (1, 3): (2.0, "General"), (1, 4): (datetime(1900, 1, 3), "mm-dd-yy"),
                     (1, 6): ("", "General"), (1, 7): ("c", "General"), (1, 8): (datetime(2021, 12, 31), "mm-dd-yy"),
                     (1, 9): ("delt", "General")}  # a formula's shared string: two children, the full rule


def test_numbers_dates_by_format_and_the_1904_epoch(tmp_path):
    row = ('<row r="1"><c r="A1"><v>7</v></c><c r="B1"><v>1.50</v></c><c r="C1"><v>2E3</v></c><c r="J1"><v>5e-1</v></c>'
           '<c r="D1" s="1"><v>44561</v></c><c r="E1" s="2"><v>44561.25</v></c><c r="F1" s="3"><v>2.5</v></c>'
           '<c r="G1" s="4"><v>12</v></c><c r="H1" s="5"><v>1.5</v></c><c r="I1" t="d"><v>2021-03-01T12:00:00</v></c></row>')
    windows = _cells(Package([Sheet("A", row)]).save(tmp_path / "w.xlsx"))
    mac = _cells(Package([Sheet("A", row)], date1904=True).save(tmp_path / "m.xlsx"))
    assert windows[(1, 1)] == (7, "General") and type(windows[(1, 1)][0]) is int
    assert windows[(1, 2)] == (1.5, "General") and windows[(1, 3)] == (2000.0, "General")
    assert windows[(1, 4)] == (datetime(2021, 12, 31), "mm-dd-yy")
    assert windows[(1, 5)] == (datetime(2021, 12, 31, 6), "dd.mm.yyyy")
    assert windows[(1, 6)] == (2.5, "0.0") and windows[(1, 7)] == (12, "@")
    assert windows[(1, 8)] == (timedelta(days=1.5), "[h]:mm:ss")
    assert windows[(1, 9)] == (datetime(2021, 3, 1, 12), "General") and windows[(1, 10)] == (0.5, "General")
    assert mac[(1, 4)] == (datetime(2026, 1, 1), "mm-dd-yy")


def test_cells_without_r_follow_the_cell_before_and_rows_without_r_the_row_before(tmp_path):
    rows = ('<row r="3"><c t="inlineStr"><is><t>a</t></is></c><c r="D3"><v>1</v></c><c><v>2</v></c></row>'
            '<row><c><v>3</v></c></row><row r="7.0"><c><v>4</v></c></row>')
    cells = _cells(Package([Sheet("A", rows)]).save(tmp_path / "r.xlsx"))
    assert {pos: v for pos, (v, _) in cells.items()} == {(3, 1): "a", (3, 4): 1, (3, 5): 2, (4, 1): 3, (7, 1): 4}


def test_merged_ranges_blank_all_but_their_top_left_cell(tmp_path):
    rows = '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row><row r="2"><c r="B2"><v>3</v></c></row>'
    path = Package([Sheet("A", rows, after='<mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells>')]).save(
        tmp_path / "m.xlsx")
    assert _cells(path) == {(1, 1): (1, "General")}


def test_sheet_scoped_names_quoted_sheet_titles_and_print_areas(tmp_path):
    sheets = [Sheet("Ark 1", '<row r="1"><c r="A1"><v>1</v></c></row>'),
              Sheet("O'Brien", '<row r="2"><c r="B2"><v>2</v></c></row>')]
    names = [("Global", None, "'Ark 1'!$A$1"), ("Lokal", 1, "'O''Brien'!$B$2"), ("Lokal", 0, "'Ark 1'!$A$1"),
             ("_xlnm.Print_Area", 0, "'Ark 1'!$A$1:$B$2"), ("_xlnm._FilterDatabase", None, "'Ark 1'!$A$1"),
             ("Borte", 9, "'Ark 1'!$A$1")]
    d, o = index_both(Package(sheets, names=names).save(tmp_path / "n.xlsx"))
    assert d == o
    assert d["names"] == [("global", "'Ark 1'!$A$1", None)]
    assert d["sheets"][0]["names"] == [("Lokal", "'Ark 1'!$A$1", 0)]
    assert d["sheets"][1]["names"] == [("Lokal", "'O''Brien'!$B$2", 1)]


@pytest.mark.parametrize("reserved, reader", [("_xlnm.Print_Titles", "openpyxl"), ("_xlnm.Print_Area", "direct")])
def test_print_settings_openpyxl_cannot_parse_give_what_openpyxl_gives(tmp_path, reserved, reader):
    """openpyxl fails on print titles it cannot parse (the file falls back, and is damaged for both) and
    skips a print area it cannot parse."""
    names = [(reserved, 0, "x"), ("Global", None, "'A'!$A$1")]
    direct, oracle = read_both(Package([Sheet("A", '<row r="1"><c r="A1"><v>1</v></c></row>')], names=names).save(
        tmp_path / "utskrift.xlsx"))
    assert direct == oracle and direct.read_with == reader


@pytest.mark.parametrize("absolute", [True, False], ids=["absolutt", "relativ"])
def test_tables_are_found_through_the_sheet_relationships(tmp_path, absolute):
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
    table = Table("Leveranser", "a1:b3", ["Navn", "Dato"], absolute_target=absolute, extra='totalsRowCount="1"')
    d, o = index_both(Package([Sheet("A", rows, tables=[table])]).save(tmp_path / "t.xlsx"))
    assert d == o and d["sheets"][0]["tables"] == [("Leveranser", "Leveranser", "A1:B3", 1, 1, ["Navn", "Dato"])]


_TABLE_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<table xmlns="http://schemas.openxmlformats.org/'
              'spreadsheetml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
              'xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" mc:Ignorable="xr" {table}>'
              '{inside}</table>')
_COLS = '<tableColumns count="2"><tableColumn id="1" name="Navn"/><tableColumn id="2" name="Dato"/></tableColumns>'


@pytest.mark.parametrize("table, inside", [
    ('id="1" xr:uid="{AB}" name="T" displayName="T" ref="A1:B3" totalsRowShown="0"',
     '<autoFilter ref="A1:B3"/>' + _COLS + '<tableStyleInfo name="TableStyleMedium2" showRowStripes="1"/>'),
    ('id="1" displayName="Uten_navn" ref="A1:B3" headerRowCount="0" totalsRowCount="1"', _COLS),
    ('id="1" name="T" displayName="T" ref="A1:B3"', ''),
    ('id="1" name="T" displayName="T" ref="$A$1:b3"', _COLS),
    ('id="1" name="T" displayName="T" ref="A1:B3"',
     '<tableColumns count="2"><tableColumn id="1" name="linje_x000D_skift"/><tableColumn id="2" name="Dato" '
     'dataDxfId="0"/></tableColumns>'),
    ('id="1" name="T" displayName="T" ref="A1:B3"', '<autoFilter ref="A1:B3"><filterColumn colId="0"/></autoFilter>'
     + _COLS),
    ('id="1" name="T" displayName="T" ref="A1:B3"', _COLS + _COLS),
    ('id="1" name="T" displayName="T" ref="A1:B3"', '<!-- merknad -->' + _COLS),
    ('id="1" name="T" displayName="T" ref="A1:B3" comment="k"', _COLS),
    ('id="x" name="T" displayName="T" ref="A1:B3"', _COLS),
    ('id="1" name="T" displayName="T T" ref="A1:B3"', _COLS),
    ('id="1" name="T" displayName="T" ref="A1:B3" ukjent="1"', _COLS),
    ('id="1" name="T" displayName="T" ref="A1:B3"', _COLS.replace('name="Navn"', 'name="Na_x000D_vn"')),
    ('id="1" name="T" displayName="T" ref="A1:B3"', _COLS.replace('name="Navn"/>', 'name="Navn"><calculatedColumnFormula>'
                                                                  '1</calculatedColumnFormula></tableColumn>')),
    ('id="1" name="T" displayName="T" ref="A1:B3"', _COLS.replace('id="1" name="Navn"', 'id="x" name="Navn"')),
    ('id="1" name="T" displayName="T" ref="A1:B3"', _COLS.replace(' name="Navn"', '')),
    ('id="1" name="T" displayName="T" ref="A1:B3"', _COLS.replace('count="2"', 'count="x"')),
], ids=["excel", "uten-navn-og-overskrift", "uten-kolonner", "dollar-og-små-bokstaver", "escape-og-stil",
        "filterkolonne", "to-ganger", "kommentar", "kommentar-attributt", "id-ikke-tall", "mellomrom", "ukjent",
        "kolonnenavn-escape", "kolonne-med-formel", "kolonne-id-ikke-tall", "kolonne-uten-navn", "antall-ikke-tall"])
def test_table_parts_read_as_openpyxl_reads_them(tmp_path, request, table, inside):
    """The reader reads plain table parts itself and leaves the others to openpyxl's class: the same tables or
    the same findings either way."""
    package = Package([Sheet("A", '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>',
                             tables=[Table("T", "A1:B3", ["Navn", "Dato"])])])
    parts = package.parts()
    parts["xl/tables/table1.xml"] = _TABLE_XML.format(table=table, inside=inside)
    path = tmp_path / "t.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
    direct, oracle = read_both(path)
    assert direct == oracle
    plain = read_plain_table(parts["xl/tables/table1.xml"].encode())
    assert (plain is not None) == (request.node.callspec.id in ("excel", "uten-navn-og-overskrift", "uten-kolonner"))
    if plain is not None:  # the table as the passes see it (name, ref, header and totals rows, columns)
        d, o = index_both(path)
        assert d["sheets"][0]["tables"] == o["sheets"][0]["tables"] != []


def test_two_tables_with_one_name_are_a_damaged_file_for_both_readers(tmp_path):
    sheets = [Sheet("A", "", tables=[Table("T", "A1:B2", ["a", "b"])]), Sheet("B", "", tables=[Table("t", "A1:B2", ["a", "b"])])]
    direct, oracle = read_both(Package(sheets).save(tmp_path / "to.xlsx"))
    assert direct == oracle and not direct.readable and direct.read_with == "openpyxl"


# --- generated workbooks ------------------------------------------------------------------------

_TITLE = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="[]:*?/\\'"), min_size=1,
                 max_size=12).filter(lambda t: t.strip() == t and t)
_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(" \n\t_x000D_"), max_size=30) \
    .filter(lambda t: not t.startswith("="))
_VALUE = st.one_of(_TEXT, st.integers(-10**15, 10**15), st.floats(allow_nan=False, allow_infinity=False, width=64),
                   st.booleans(), st.datetimes(datetime(1904, 1, 2), datetime(9999, 1, 1)).map(lambda d: d.replace(microsecond=0)),
                   st.just("#N/A"))
_CELL = st.tuples(st.integers(1, 40), st.integers(1, 12), _VALUE, st.sampled_from(["General", "dd.mm.yyyy", "0.00", "@"]))


@st.composite
def _workbooks(draw):
    titles = draw(st.lists(_TITLE, min_size=1, max_size=3, unique_by=str.casefold))
    sheets = [(t, draw(st.lists(_CELL, max_size=25))) for t in titles]
    merges = draw(st.lists(st.tuples(st.integers(0, len(titles) - 1), st.integers(1, 20), st.integers(1, 8)), max_size=2))
    return sheets, merges, draw(st.booleans()), draw(st.booleans()), draw(st.booleans())


def _save(spec, path: Path) -> Path:
    sheets, merges, epoch_1904, shared, strip_r = spec
    wb = Workbook()
    wb.remove(wb.active)
    if epoch_1904:
        wb.epoch = CALENDAR_MAC_1904
    for title, cells in sheets:
        ws = wb.create_sheet(title)
        for row, col, value, fmt in cells:
            cell = ws.cell(row, col, value)
            if value == "#N/A":
                cell.data_type = "e"
            cell.number_format = fmt
    for i, row, col in merges:
        wb.worksheets[i].merge_cells(start_row=row, start_column=col, end_row=row + 1, end_column=col + 1)
    first = wb.worksheets[0]
    quoted = "'" + first.title.replace("'", "''") + "'"
    wb.defined_names["Globalt"] = DefinedName("Globalt", attr_text=f"{quoted}!$A$1")
    first.defined_names["Lokalt"] = DefinedName("Lokalt", attr_text=f"{quoted}!$B$2")
    first.add_table(XlTable(displayName="Tabell1", ref="A1:C4"))
    wb.save(path)
    if shared:
        H.inline_to_shared(path)
    if strip_r:
        rewrite_zip(path, {n: lambda xml: re.sub(rb'(<c) r="[A-Z]+\d+"', rb"\1", xml) for n in _sheet_parts(path)})
    return path


def _sheet_parts(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        return [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=_workbooks())
def test_generated_workbooks_index_the_same_with_both_readers(spec, tmp_path):
    path = _save(spec, tmp_path / "generert.xlsx")
    d, o = index_both(path)
    assert d == o
    direct, oracle = read_both(path)
    assert direct == oracle


_FIELDS = ("Tiltak_Navn", "Tiltak_Sluttdato", "Tiltak_Status", "Nytte_AntallAr", "Nytte_NettoNytteverdi", "Mal_Versjon")


@pytest.mark.slow
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(st.tuples(st.sampled_from(_FIELDS), _VALUE), min_size=1, max_size=4), shared=st.booleans())
def test_a_submission_with_generated_values_gives_the_same_findings(values, shared, tmp_path):
    def edit(wb):
        for name, value in values:
            cell = H.named_cell(wb, name)
            cell.value = value
            if value == "#N/A":
                cell.data_type = "e"
    path = H.from_good(tmp_path / "innsendt.xlsx", "Generert", edit)
    if shared:
        H.inline_to_shared(path)
    direct, oracle = read_both(path)
    assert direct == oracle


# --- the workbook part's sheet list ----------------------------------------------------------

def _two_sheets(tmp_path: Path, edit) -> Path:
    path = Package([Sheet("Første", '<row r="1"><c r="A1"><v>1</v></c></row>'),
                    Sheet("Andre", '<row r="2"><c r="B2"><v>2</v></c></row>')]).save(tmp_path / "ark.xlsx")
    rewrite_zip(path, {"xl/workbook.xml": edit})
    return path


@pytest.mark.parametrize("edit, titles", [
    (lambda xml: xml.replace(b' r:id="rId1"', b""), ["Andre"]),  # a sheet without r:id is dropped
    (lambda xml: xml.replace(b'r:id="rId1"', b'r:id="rId1" state="veryHidden"'), ["Første", "Andre"]),
], ids=["uten-rid", "skjult"])
def test_sheets_openpyxl_drops_or_keeps_are_dropped_or_kept(tmp_path, edit, titles):
    d, o = index_both(_two_sheets(tmp_path, edit))
    assert d == o and [s["title"] for s in d["sheets"]] == titles


def test_a_sheet_whose_part_is_missing_is_left_out_and_the_next_one_read(tmp_path):
    path = _two_sheets(tmp_path, lambda xml: xml)
    rewrite_zip(path, {"xl/worksheets/sheet1.xml": None})
    d, o = index_both(path)
    assert d == o and [s["title"] for s in d["sheets"]] == ["Andre"]


@pytest.mark.parametrize("edit", [lambda xml: xml.replace(b'r:id="rId1"', b'r:id="rId1" state="borte"'),
                                  lambda xml: xml.replace(b'name="F\xc3\xb8rste" ', b"")], ids=["tilstand", "uten-navn"])
def test_a_sheet_entry_openpyxl_refuses_is_a_damaged_file_for_both_readers(tmp_path, edit):
    direct, oracle = read_both(_two_sheets(tmp_path, edit))
    assert direct == oracle and not direct.readable and direct.read_with == "openpyxl"


def test_the_parts_are_parsed_without_expanding_entities():
    """Defence in depth: the safety checks reject DTDs first; the parser would not expand them either."""
    from pipeline.read.xlsxparts import parse_xml

    root = parse_xml(b'<!DOCTYPE x [<!ENTITY e "utvidet">]><x>&e;</x>')
    assert "utvidet" not in (root.text or "")


@pytest.mark.parametrize("other, direct", [("<!-- merknad -->", True), ("<?pi data?>", True),
                                          ("<extLst/>", False)], ids=["kommentar", "behandlingsinstruks", "element"])
def test_a_row_with_something_besides_cells_is_read_directly_only_for_comments(tmp_path, other, direct):
    """Comments and processing instructions among a row's cells are skipped; any other element in a row is left to
    openpyxl (the direct reader does not know what it means). The index is the same either way."""
    from pipeline.read import safety
    from pipeline.read.direct import index_package
    from pipeline.read.xlsxparts import Unsupported

    row = f'<row r="1"><c r="A1" t="s"><v>0</v></c>{other}<c><v>4</v></c></row>'
    path = Package([Sheet("A", row)], strings=["<t>en</t>"]).save(tmp_path / "r.xlsx")
    report = safety.check_file(path)
    if direct:
        assert _cells(path) == {(1, 1): ("en", "General"), (1, 2): (4, "General")}
    else:
        with pytest.raises(Unsupported):
            index_package(report.data, report.formulas, path.name, report.parts)
