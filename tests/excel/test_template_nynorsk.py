"""The nynorsk template: the same contract (names, tables, cells, version) with nynorsk texts and lists."""

from __future__ import annotations

import re
from datetime import datetime

import openpyxl
import pytest
from openpyxl.utils.cell import range_boundaries

from pipeline.cli.main import main
from pipeline.common.malform import MALFORM_NAME, Malform
from pipeline.contract import positions
from pipeline.contract.catalogue import SECTIONS_BY_KEY, TABLE_SECTIONS, TEMPLATE_VERSION_NAME
from pipeline.contract.issues import Code
from pipeline.excel import kindtexts
from pipeline.excel.selfcheck import blank_values
from pipeline.excel.template import build_template, write_template
from pipeline.read.reader import read_workbook
from pipeline.validate.validator import validate
from tests.excel.test_template import fingerprint
from tests.support.paths import ROOT

COMMITTED_NN = ROOT / "templates" / "innrapporteringsmal-nynorsk.xlsx"

#: Words that are bokmål only: none of them may stand in a nynorsk text (Excel's menu names aside).
BOKMAL_WORDS = ("ikke", "hvis", "hva", "hvilke", "hvem", "hver", "dere", "fylles", "skrives", "velg", "listen",
                "løsning", "løsninger", "beskrivelse", "forutsetning", "forutsetningene", "arbeidsboken", "feltene",
                "verdier", "tekster", "tall", "mangler", "rettes", "avhengigheter", "leveranser", "eller advarsel",
                "kolonnene", "datoer", "nå", "bør fylles", "se listen", "antall", "en verdi", "et tall")


@pytest.fixture(scope="module")
def books(tmp_path_factory, form_settings):
    folder = tmp_path_factory.mktemp("maler")
    out = {}
    for malform in Malform:
        path = write_template(folder / f"{malform.value}.xlsx", form_settings, malform)
        out[malform] = openpyxl.load_workbook(path)
    return out


def _texts(wb) -> list[tuple[str, str]]:
    """(where, text) for every text a user reads: cells (formula strings too), prompts and errors."""
    found = []
    for ws in wb.worksheets:
        if ws.title == positions.LIST_SHEET:
            continue
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and not (ws.title == positions.CHECK_SHEET and cell.column == 3):
                    # (the counting formulas compare with list values, which the dropdown lists show)
                    for text in re.findall(r'"([^"]*)"', cell.value) if cell.value.startswith("=") else [cell.value]:
                        found.append((f"{ws.title}!{cell.coordinate}", text))
        for dv in ws.data_validations.dataValidation:
            for text in (dv.promptTitle, dv.prompt, dv.errorTitle, dv.error):
                if text:
                    found.append((f"{ws.title} {dv.sqref}", text))
    return found


@pytest.mark.slow
def test_the_same_names_tables_cells_and_version(books):
    bm, nn = books[Malform.BOKMAL], books[Malform.NYNORSK]
    assert set(bm.defined_names) == set(nn.defined_names)
    for name in bm.defined_names:
        if name != MALFORM_NAME:
            (sheet_bm, ref_bm), = bm.defined_names[name].destinations
            (sheet_nn, ref_nn), = nn.defined_names[name].destinations
            assert ref_bm == ref_nn and positions.sheet_title(sheet_bm, Malform.NYNORSK) == sheet_nn, name
    tables = {ws.title: sorted((t.displayName, t.ref) for t in ws.tables.values()) for ws in bm.worksheets}
    for ws in nn.worksheets:
        bokmal_title = next(t for t in bm.sheetnames if positions.sheet_title(t, Malform.NYNORSK) == ws.title)
        assert sorted((t.displayName, t.ref) for t in ws.tables.values()) == tables[bokmal_title]
    (sheet, ref), = nn.defined_names[TEMPLATE_VERSION_NAME].destinations
    assert nn[sheet][ref.replace("$", "")].value == bm["Tiltak"][ref.replace("$", "")].value == "1.1"


def test_each_template_records_its_standard_as_a_literal_name(books):
    assert books[Malform.BOKMAL].defined_names[MALFORM_NAME].attr_text == '"bokmal"'
    assert books[Malform.NYNORSK].defined_names[MALFORM_NAME].attr_text == '"nynorsk"'


def test_sheets_have_nynorsk_names_where_nynorsk_writes_them_otherwise(books):
    assert books[Malform.NYNORSK].sheetnames == ["Rettleiing", "Tiltak", "Leveransar", "Avhengigheiter", "Kostnader",
                                                 "Drift og forvaltning", "Nytte", "Kontroll", "Lister"]
    assert books[Malform.NYNORSK]["Rettleiing"]["A4"].value == "Kva arbeidsboka er til"


def test_no_bokmal_word_in_any_nynorsk_text(books):
    pattern = re.compile(r"(?<![\wæøå])(" + "|".join(map(re.escape, BOKMAL_WORDS)) + r")(?![\wæøå])", re.IGNORECASE)
    excel_menus = re.compile(r"Se gjennom › (Opphev arkbeskyttelse|Beskytt ark)|Sett inn › Tabellrader under")
    slips = [(where, m[0], text) for where, text in _texts(books[Malform.NYNORSK])
             for m in [pattern.search(excel_menus.sub("", text))] if m]
    assert slips == []
    # the check itself finds bokmål: the bokmål template is full of it
    assert len([1 for _, text in _texts(books[Malform.BOKMAL]) if pattern.search(text)]) > 50


def test_labels_help_and_prompts_are_the_catalogue_s_nynorsk(books):
    nn = books[Malform.NYNORSK]
    ws = nn["Tiltak"]
    assert ws["A4"].value == "Tiltak *" and ws["A8"].value == "Skildring"
    assert ws["C8"].value.startswith("Kort skildring av tiltaket.")
    prompts = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    assert prompts["B9"].promptTitle == "Segment" and prompts["B9"].error == "Vel ein verdi frå nedtrekkslista for «Segment»."
    headers = [c.value for c in nn["Leveransar"][4]][:4]
    assert headers == ["Leveranse namn", "Skildring av leveranse", "Sluttdato", "Er leveransen ferdigstilt og levert?"]


def test_dropdown_lists_hold_the_nynorsk_forms(books, form_settings):
    lists = books[Malform.NYNORSK][positions.LIST_SHEET]
    columns = {col[0].value: [c.value for c in col[1:] if c.value is not None] for col in lists.iter_cols()}
    assert columns["status"] == ["Grøn", "Gul", "Raud"]
    assert columns["kritikalitet"] == ["Høg", "Middels", "Låg"]
    assert columns["kategori"][-1] == "Anna"
    for key in form_settings.vokabular:
        assert columns[key] == form_settings.vocabulary_in(key, Malform.NYNORSK)
    first = positions.TABLES_BY_SECTION["nytteforutsetninger"].first_data_row
    fixed = [books[Malform.NYNORSK]["Nytte"].cell(r, 1).value for r in range(first, first + 7)]
    assert fixed[0] == "Andre prosjekt må gjennomførast" and fixed[-1] == "Rutineendringar hos fastlegane"


def test_kontroll_refers_to_the_nynorsk_columns_and_sheets(books, form_settings):
    nn = books[Malform.NYNORSK]
    columns = {t.displayName: [c.value for c in ws[range_boundaries(t.ref)[1]]
                               [range_boundaries(t.ref)[0] - 1:range_boundaries(t.ref)[2]]]
               for ws in nn.worksheets for t in ws.tables.values()}
    check = nn[positions.CHECK_SHEET]
    refs = [m for row in check.iter_rows(min_col=3, max_col=3) for c in row if isinstance(c.value, str)
            for m in re.findall(r"(\w+)\[((?:[^\]']|'.)+)\]", c.value)]
    assert refs and all(re.sub(r"'(.)", r"\1", col) in columns[table] for table, col in refs)
    links = [c.hyperlink.location for row in check.iter_rows(min_col=2, max_col=2) for c in row if c.hyperlink]
    assert any(link.startswith("'Leveransar'!") for link in links)
    assert all(link.split("!")[0].strip("'") in nn.sheetnames for link in links)
    assert check["B4"].value.endswith('" ting må rettast (sjå lista under)")') and check["A5"].value == "Tal på feil"
    stored = blank_values(form_settings, Malform.NYNORSK)
    assert stored["B4"].endswith(" ting må rettast (sjå lista under)") and "Må fyllast ut" in stored.values()


def test_kontroll_in_nynorsk_accepts_a_bokmal_value(form_settings):
    from pipeline.excel.selfcheck import check_rows

    row = next(r for r in check_rows(form_settings, Malform.NYNORSK) if r.label == "Status" and r.sheet == "Tiltak")
    assert 'TRIM(Tiltak_Status)="Grønn"' in row.formula and 'TRIM(Tiltak_Status)="Rød"' in row.formula
    bokmal = next(r for r in check_rows(form_settings) if r.label == "Status" and r.sheet == "Tiltak")
    assert "Grønn" not in bokmal.formula


def test_the_empty_nynorsk_template_reads_without_findings_about_its_own_texts(tmp_path, form_settings):
    def edit(wb):
        wb["Rettleiing"]["B3"] = "eit notat på rettleiingsarket"
        wb["Tiltak"]["E30"] = "Notat utanfor skjemaet"

    wb = build_template(form_settings, Malform.NYNORSK)
    edit(wb)
    wb.save(tmp_path / "nn.xlsx")
    book = read_workbook(tmp_path / "nn.xlsx")
    outside = [(i.sheet, i.cell) for i in book.issues if i.code in (Code.CELL_OUTSIDE, Code.COLUMN_UNKNOWN,
                                                                   Code.COLUMN_MISSING, Code.TABLE_MISSING)]
    assert outside == [("Tiltak", "E30")]


def test_a_nynorsk_table_that_lost_its_definition_is_found_by_its_nynorsk_headers(tmp_path, form_settings):
    wb = build_template(form_settings, Malform.NYNORSK)
    ws = wb["Leveransar"]
    ws["A5"], ws["C5"] = "Pilot", "31.12.2022"
    del ws.tables["Leveranser"]
    wb.save(tmp_path / "nn.xlsx")
    result = validate(read_workbook(tmp_path / "nn.xlsx"), form_settings)
    assert [i.code for i in result.issues if i.code is Code.TABLE_BY_HEADER] == [Code.TABLE_BY_HEADER]
    assert [r.navn for r in result.tiltak.leveranser] == ["Pilot"] if result.tiltak else True


def test_the_committed_nynorsk_template_is_what_the_catalogue_generates(books):
    assert fingerprint(openpyxl.load_workbook(COMMITTED_NN)) == fingerprint(books[Malform.NYNORSK])


def test_template_command_writes_the_nynorsk_template_beside_the_bokmal_one(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "templates").mkdir()
    assert main(["template", "--malform", "nynorsk"]) == 0
    assert "på nynorsk" in capsys.readouterr().out
    wb = openpyxl.load_workbook(tmp_path / "templates" / "innrapporteringsmal-nynorsk.xlsx")
    assert wb.sheetnames[0] == "Rettleiing"
    assert main(["template", "--målform", "bokmål"]) == 0
    assert openpyxl.load_workbook(tmp_path / "templates" / "innrapporteringsmal.xlsx").sheetnames[0] == "Veiledning"


def test_an_unknown_standard_is_a_usage_error_in_norwegian(tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["template", "--malform", "svensk", "-o", str(tmp_path / "x.xlsx")])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "«svensk» er ikke en målform" in err and "Traceback" not in err
    assert not (tmp_path / "x.xlsx").exists()


def test_the_library_refuses_an_unknown_standard(tmp_path):
    from pipeline import api
    from pipeline.common.errors import UsageError

    with pytest.raises(UsageError, match="«samisk» er ikke en målform"):
        api.template(tmp_path / "x.xlsx", malform="samisk")
    assert not (tmp_path / "x.xlsx").exists()


def test_a_kind_text_without_nynorsk_form_stops_the_nynorsk_template():
    assert kindtexts.in_malform("Skriv et tall, f.eks. 28,3 eller -1,5.", Malform.NYNORSK) == \
        "Skriv eit tal, t.d. 28,3 eller -1,5."
    assert kindtexts.in_malform("Skriv årstallet med fire sifre, mellom 1900 og 2100.", Malform.NYNORSK) == \
        "Skriv årstalet med fire siffer, mellom 1900 og 2100."
    assert kindtexts.in_malform("Ny tekst", Malform.BOKMAL) == "Ny tekst"
    assert kindtexts.in_malform("", Malform.NYNORSK) == ""
    with pytest.raises(kindtexts.MissingTranslation):
        kindtexts.in_malform("Ny tekst uten nynorsk", Malform.NYNORSK)
    with pytest.raises(kindtexts.MissingTranslation):
        kindtexts.in_malform("skriv et tall!", Malform.NYNORSK)  # whole sentences only


def test_every_section_has_a_title_and_sheet_in_both_standards():
    for section in TABLE_SECTIONS:
        assert section.title_in(Malform.BOKMAL) == section.title
        assert section.sheet_in(Malform.NYNORSK)
    assert SECTIONS_BY_KEY["nytteforutsetninger"].title_in(Malform.NYNORSK) == "Nytteføresetnader"
    assert SECTIONS_BY_KEY["kostnader"].title_in(Malform.NYNORSK) == "Kostnader"


@pytest.mark.slow
def test_libreoffice_computes_the_nynorsk_kontroll_as_stored_and_counts_in_nynorsk(tmp_path, form_settings):
    """The nynorsk formulas (structured references to the nynorsk columns) work: the empty template computes
    what it stores, and a filled one counts a value outside the list and a row without a name, not a bokmål
    value or a nynorsk form."""
    from tests.support.feedback import CLEAN_FIELDS, named, recalculated

    empty = write_template(tmp_path / "tom.xlsx", form_settings, Malform.NYNORSK)
    wb = openpyxl.load_workbook(empty)
    for key, value in CLEAN_FIELDS.items():
        named(wb, key).value = value  # bokmål values («Grønn», «1.1 - … løsninger»): accepted
    named(wb, "Tiltak_Risiko").value = "Raud"  # a nynorsk form: accepted
    named(wb, "Tiltak_Fase").value = "Ferdig"  # not in the list
    ws = wb["Leveransar"]
    ws["A5"], ws["C5"], ws["D5"] = "Første leveranse", datetime(2025, 6, 30), "Nei"
    ws["B6"] = "Ei skildring utan namn"
    filled = tmp_path / "utfylt.xlsx"
    wb.save(filled)
    empty_calc, filled_calc = recalculated([empty, filled], tmp_path / "rekna")
    stored = blank_values(form_settings, Malform.NYNORSK)
    computed = openpyxl.load_workbook(empty_calc, data_only=True)[positions.CHECK_SHEET]
    assert {ref: computed[ref].value for ref in stored} == stored
    check = openpyxl.load_workbook(filled_calc, data_only=True)[positions.CHECK_SHEET]
    assert (check["B5"].value, check["B4"].value) == (2, "2 ting må rettast (sjå lista under)")
    counted = {(r[1].value, r[3].value) for r in check.iter_rows(min_row=8) if r[2].value}
    assert counted == {("Fase", "Vel ein verdi frå nedtrekkslista"),
                       ("Leveranse namn", "Rader med innhald må ha «Leveranse namn»")}


def test_the_reader_s_nynorsk_texts_are_exactly_the_labels_on_the_nynorsk_data_sheets(books):
    nn = books[Malform.NYNORSK]
    texts = positions.nynorsk_static_texts()
    to_bokmal = {positions.sheet_title(s, Malform.NYNORSK): s for s in positions.DATA_SHEETS}
    contract = set()
    for name in nn.defined_names:
        for sheet, ref in nn.defined_names[name].destinations:
            contract.add((to_bokmal.get(sheet, sheet), ref.replace("$", "")))
    for ws in nn.worksheets:
        for table in ws.tables.values():
            min_col, min_row, max_col, max_row = range_boundaries(table.ref)
            contract |= {(to_bokmal[ws.title], c.coordinate) for row in ws.iter_rows(min_row + 1, max_row, min_col, max_col)
                         for c in row}
    written = {(to_bokmal[ws.title], c.coordinate): c.value for ws in nn.worksheets if ws.title in to_bokmal
               for row in ws.iter_rows() for c in row
               if c.value is not None and (to_bokmal[ws.title], c.coordinate) not in contract}
    assert written == texts
    assert texts != positions.static_texts() and texts.keys() == positions.static_texts().keys()
