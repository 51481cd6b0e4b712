"""The «Kontroll» sheet: formulas only, counted by LibreOffice as Excel would, never read as content."""

from __future__ import annotations

from datetime import datetime

import openpyxl
import pytest

from pipeline.contract.catalogue import HEADER_FIELDS
from pipeline.contract.issues import Code
from pipeline.contract.settings import load_form_settings
from pipeline.contract import positions
from pipeline.excel.selfcheck import COUNT_NAME, READY, check_rows
from pipeline.excel.template import write_template
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


@pytest.mark.slow
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
@pytest.mark.slow
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


# --- one mistake per field kind: the sheet counts what the validation calls an error ----------------

def _costs(column: str, value):
    def edit(wb):
        ws = wb["Kostnader"]
        ws["A5"], ws["B5"], ws["C5"] = "Helsedirektoratet", 2024, 1.5
        ws[f"{column}5"] = value
    return edit


def _single(name: str, value):
    def edit(wb):
        named(wb, name).value = value
    return edit


#: (field kind, what the actor did). Text in a number cell must count as one problem, not #VALUE!.
MISTAKES = {
    "tekst": _single("Tiltak_Navn", None),  # required, empty
    "langtekst": lambda wb: wb["Leveranser"].__setitem__("B6", "Beskrivelse uten navn"),  # row without its name
    "dato": _single("Tiltak_Sluttdato", "31.13.2024"),
    "år": _costs("B", "2O24"),  # the letter O
    "tall": _costs("C", "mye"),
    "heltall": _single("Nytte_AntallAr", "ti år"),
    "valg": _single("Tiltak_Fase", "Ferdig"),
    "flervalg": _single("Tiltak_Knytning", "Ukjent"),
    "forslag": _costs("A", "Ukjent finansiør"),  # a warning only: counted by neither
    "epost": _single("Tiltak_KontaktEpost", "kari på helse-vest"),
    "flervalg riktig": _single("Tiltak_Knytning", "Helsenorge, Kjernejournal"),
    "flervalg med og": _single("Tiltak_Knytning", "Helsenorge og E-resept"),  # read by the validation: no error
}


@pytest.mark.slow
def test_libreoffice_counts_one_mistake_per_field_kind_as_the_validation_does(tmp_path):
    paths = [template_workbook(tmp_path, f"feil-{n}.xlsx", edit) for n, edit in enumerate(MISTAKES.values())]
    saved = recalculated(paths, tmp_path / "beregnet")
    counted, reported = {}, {}
    for kind, path, calc in zip(MISTAKES, paths, saved):
        ws = _sheet(calc)
        column = [r[2].value for r in ws.iter_rows(min_row=8)]
        assert all(isinstance(v, int) for v in column), (kind, column)  # never #VALUE!
        counted[kind] = ws["B5"].value
        reported[kind] = len(validate(read_workbook(path), FORM).errors)
    assert counted == reported
    assert sum(counted.values()) == 9  # every mistake except the suggestion and the two right lists


@pytest.mark.slow
def test_a_problem_in_the_last_rows_of_the_nytte_sheet_is_counted_in_the_total(tmp_path):
    """The last check row (Nytteforutsetninger's last column) and the table's last row must reach the total."""
    last_check = check_rows(FORM)[-1]
    anchor = positions.TABLES_BY_SECTION["nytteforutsetninger"]

    def edit(wb):
        ws = wb[positions.NYTTE_SHEET]
        last_row = int(ws.tables["Nytteforutsetninger"].ref.split(":")[1].lstrip("ABCDEFGH"))
        ws.cell(last_row, anchor.first_col + 3).value = "snart"  # Når må forutsetningen være oppfylt?
        named(wb, "Nytte_NettoNytteverdi").value = "mye"  # the Nytte sheet's last single number

    path = template_workbook(tmp_path, "nytte.xlsx", edit)
    [calc] = recalculated([path], tmp_path / "beregnet")
    ws = _sheet(calc)
    rows = {r[1].value: r[2].value for r in ws.iter_rows(min_row=8) if r[1].value}
    assert ws.cell(ws.max_row, 2).value == last_check.label and ws.cell(ws.max_row, 3).value == 1
    assert rows["Netto nytteverdi (mill. kr.)"] == 1
    assert ws["B5"].value == 2 == len(validate(read_workbook(path), FORM).errors)


def test_the_total_sums_every_check_row_down_to_nytte_s_last(tmp_path):
    """Without LibreOffice: the total's range and the red marking reach every row that counts a problem,
    the last one (Nytteforutsetninger's last column) included."""
    path = tmp_path / "mal.xlsx"
    write_template(path, FORM)
    ws = openpyxl.load_workbook(path)[positions.CHECK_SHEET]
    counting = [c.row for c in ws["C"] if isinstance(c.value, str) and c.value.startswith("=") and c.row > 5]
    labels = [ws.cell(r, 2).value for r in counting]
    assert labels == [c.label for c in check_rows(FORM)]  # one counting row per check, in order
    total = ws["B5"].value.replace("$", "")
    assert total == f"=SUM(C{counting[0]}:C{counting[-1]})"
    marked = [str(r.sqref) for r in ws.conditional_formatting if f"C{counting[0]}" in str(r.sqref)]
    assert marked == [f"C{counting[0]}:D{counting[-1]}"]


# --- links, stored results, calcId -----------------------------------------------------------------

def test_kontroll_links_are_internal_locations_not_external_relationships(tmp_path):
    import zipfile

    path = template_workbook(tmp_path, "ren.xlsx")
    ws = openpyxl.load_workbook(path)[positions.CHECK_SHEET]
    links = [r[1].hyperlink for r in ws.iter_rows(min_row=8)]
    assert [link.location for link in links] == [f"'{c.sheet}'!{c.target}" for c in check_rows(FORM)]
    assert not any(link.target for link in links)
    wb = openpyxl.load_workbook(path)
    for row in ws.iter_rows(min_row=8):  # a single field's link goes to the cell its defined name names
        name = {"Tiltak": "Tiltak_", "Nytte": "Nytte_"}.get(row[0].value)
        if name and row[1].value in ("Sluttdato", "Antall år nytten er beregnet for"):
            target = named(wb, next(n for n in wb.defined_names if n.startswith(name) and
                                    ("Sluttdato" in n or "AntallAr" in n)))
            assert row[1].hyperlink.location == f"'{target.parent.title}'!{target.coordinate}"
    with zipfile.ZipFile(write_template(tmp_path / "mal.xlsx", FORM)) as zf:
        rels = "".join(zf.read(n).decode() for n in zf.namelist() if n.endswith(".rels"))
    assert 'TargetMode="External"' not in rels and "#'" not in rels


def test_the_template_stores_results_and_does_not_force_a_recalculation(tmp_path):
    import zipfile

    path = write_template(tmp_path / "mal.xlsx", FORM)
    calc = openpyxl.load_workbook(path, data_only=True)[positions.CHECK_SHEET]
    required = sum(1 for spec in HEADER_FIELDS if spec.meta.required)
    assert calc["B5"].value == required  # an empty template: only its required fields are missing
    assert calc["B4"].value == f"{required} ting må rettes (se listen under)"
    assert all(r[2].value in (0, 1) and r[3].value for r in calc.iter_rows(min_row=8))
    workbook = zipfile.ZipFile(path).read("xl/workbook.xml").decode()
    assert '<calcPr calcId="191029"/>' in workbook  # Excel 2019/365: opens without recalculating, no «save?»


def test_a_template_with_nothing_missing_shows_ready_without_being_calculated(monkeypatch):
    """The stored results follow the checks: with no required field, the preview says «Klar til innsending»."""
    from dataclasses import replace

    from pipeline.excel import selfcheck

    rows = [replace(r, blank=0) for r in check_rows(FORM)]
    monkeypatch.setattr(selfcheck, "check_rows", lambda settings, malform=None: rows)
    values = selfcheck.blank_values(FORM)
    assert values["B4"] == READY and values["B5"] == 0 and {values[f"D{r}"] for r in range(8, 8 + len(rows))} == {"OK"}


@pytest.mark.slow
def test_the_stored_results_are_what_libreoffice_calculates(tmp_path):
    path = write_template(tmp_path / "mal.xlsx", FORM)
    [calc] = recalculated([path], tmp_path / "beregnet")
    stored, computed = _sheet(path), _sheet(calc)
    cells = ["B4", "B5"] + [f"{c}{r}" for r in range(8, computed.max_row + 1) for c in "CD"]
    assert [stored[c].value for c in cells] == [computed[c].value for c in cells]


# --- what the sheet shows without being calculated (fast; the counting itself is LibreOffice's, above) ----------

def test_each_check_row_names_its_sheet_counts_its_own_field_and_says_what_to_fix(tmp_path):
    """Every row: the sheet in A; a count in C that refers to the row's own field (its defined name, or its table
    column); in D «OK» or the row's hint, and «Må fylles ut» first for a required field that is also checked."""
    from pipeline.contract.catalogue import NYTTE_FIELDS

    path = write_template(tmp_path / "mal.xlsx", FORM)
    ws = openpyxl.load_workbook(path)[positions.CHECK_SHEET]
    assert [ws["A4"].value, ws["A5"].value] == ["Status", "Antall feil"]
    in_order = list(dict.fromkeys(c.sheet for c in check_rows(FORM)))  # the rows go through the workbook in order
    assert in_order == [name for name in openpyxl.load_workbook(path).sheetnames if name in in_order]
    singles = {spec.label: spec for spec in (*HEADER_FIELDS, *NYTTE_FIELDS) if spec.meta.name}
    rows = check_rows(FORM)
    for row, check in enumerate(rows, start=8):
        assert ws.cell(row, 1).value == check.sheet
        count, hint = ws.cell(row, 3).value, ws.cell(row, 4).value
        spec = singles.get(check.label) if check.sheet in ("Tiltak", "Nytte") and check.target[0] == "B" else None
        text = '"' + check.hint[0].upper() + check.hint[1:] + '"'
        if spec is not None:
            assert spec.meta.name in count and "None" not in count, check
            required_and_checked = spec.meta.required and count.count(spec.meta.name) > 1
            expected = (f'=IF(C{row}=0,"OK",IF(LEN(TRIM({spec.meta.name}))=0,"Må fylles ut",{text}))'
                        if required_and_checked else f'=IF(C{row}=0,"OK",{text})')
            assert hint == expected, check
        else:
            assert "[" in count and hint == f'=IF(C{row}=0,"OK",{text})', check  # a table column
        for col in (1, 2, 4):
            assert (ws.cell(row, col).alignment.vertical, ws.cell(row, col).alignment.wrap_text) == ("top", True)
    assert any(singles.get(c.label) and singles[c.label].meta.required for c in rows)
    assert ws["A2"].alignment.wrap_text and ws["A2"].alignment.vertical == "top"
    assert ws["B5"].alignment.horizontal == "left"
    rules = {str(r.sqref): [rule.dxf.fill.fgColor.rgb for rule in r.rules] for r in ws.conditional_formatting}
    assert all(fills and all(f and f.endswith(("FFC7CE", "C6EFCE")) for f in fills) for fills in rules.values())


def test_a_column_header_in_a_structured_reference_escapes_brackets_hashes_and_apostrophes():
    from pipeline.excel.selfcheck import _escape

    assert _escape("Beløp [mill. kr] #1 'anslått' X") == "Beløp '[mill. kr'] '#1 ''anslått'' X"
    assert _escape("Sluttdato") == "Sluttdato"


@pytest.mark.parametrize("malform, required", [("bokmal", "Må fylles ut"), ("nynorsk", "Må fyllast ut")])
def test_the_empty_template_shows_must_be_filled_in_for_each_empty_required_field_in_its_own_standard(malform, required):
    """In the empty template every counted row is an empty required field: what to fix is that it must be filled
    in (also where the field has a check of its own, like a date), in the template's written standard."""
    from pipeline.common.malform import Malform
    from pipeline.excel.selfcheck import blank_values

    form = Malform.NYNORSK if malform == "nynorsk" else Malform.BOKMAL
    rows = check_rows(FORM, form)
    values = blank_values(FORM, form)
    counted = [r for r in range(8, 8 + len(rows)) if values[f"C{r}"]]
    assert len(counted) == sum(1 for spec in HEADER_FIELDS if spec.meta.required)
    assert {values[f"D{r}"] for r in counted} == {required}
    assert any(rows[r - 8].empty for r in counted)  # one with a check of its own besides being required
    assert {values[f"D{r}"] for r in range(8, 8 + len(rows)) if r not in counted} == {"OK"}


@pytest.mark.parametrize("malform", ["bokmal", "nynorsk"])
def test_the_check_sheet_has_its_title_intro_status_captions_and_layout(tmp_path, malform):
    """What the actor sees at the top of «Kontroll»: a bold title, the intro over the four columns, «Status» and the
    count labelled, the captions on a filled row, the list frozen under them, fixed widths, and the sheet protected."""
    from pipeline.common.malform import Malform
    from pipeline.excel.selfcheck import TEXTS

    form = Malform.NYNORSK if malform == "nynorsk" else Malform.BOKMAL
    texts = TEXTS[form]
    path = write_template(tmp_path / "mal.xlsx", FORM, form)
    ws = openpyxl.load_workbook(path)[positions.CHECK_SHEET]
    assert ws["A1"].value == texts.title and ws["A1"].font.b and ws["A1"].font.sz == 14
    assert ws["A2"].value == texts.intro and ws["A2"].font.i and ws["A2"].alignment.wrap_text
    assert ws["A2"].alignment.vertical == "top" and "A2:D2" in {str(r) for r in ws.merged_cells.ranges}
    assert ws.row_dimensions[2].height == 33
    assert (ws["A4"].value, ws["A5"].value) == ("Status", texts.count_label) and ws["A4"].font.b and ws["A5"].font.b
    assert ws["B4"].font.b and ws["B5"].alignment.horizontal == "left"
    assert [ws.cell(7, c).value for c in range(1, 5)] == list(texts.captions)
    assert all(ws.cell(7, c).font.b and ws.cell(7, c).fill.fgColor.rgb.endswith("D9E1F2") for c in range(1, 5))
    assert [ws.column_dimensions[c].width for c in "ABCD"] == [22, 45, 9, 60]
    assert ws.freeze_panes == "A8" and ws.protection.sheet
    assert all(ws.cell(8, c).alignment.wrap_text and ws.cell(8, c).alignment.vertical == "top" for c in (1, 2, 4))
    checks = check_rows(FORM, form)
    assert [(ws.cell(8 + n, 1).value, ws.cell(8 + n, 2).value) for n in range(len(checks))] == \
        [(c.sheet, c.label) for c in checks]  # the rows in the template's written standard
    rules = {(str(cf.sqref), rule.formula[0], rule.dxf.fill.bgColor.rgb[-6:]) for cf in ws.conditional_formatting
             for rule in cf.rules}
    last = 7 + len(check_rows(FORM, form))
    assert rules == {("B4:B5", f"{COUNT_NAME}=0", "C6EFCE"), ("B4:B5", f"{COUNT_NAME}>0", "FFC7CE"),
                     (f"C8:D{last}", "$C8>0", "FFC7CE")}  # green when ready, red where something is counted


def test_what_to_fix_in_the_nynorsk_template_is_written_in_nynorsk(tmp_path):
    """Every «Kva må rettast» of the nynorsk Kontroll sheet: the kinds' hints in nynorsk, no bokmål sentence."""
    from pipeline.common.malform import Malform

    path = write_template(tmp_path / "mal.xlsx", FORM, Malform.NYNORSK)
    ws = openpyxl.load_workbook(path)[positions.CHECK_SHEET]
    hints = [ws.cell(r, 4).value for r in range(8, ws.max_row + 1)]
    assert hints and all(h.startswith("=IF(") for h in hints)
    bokmal = ("Velg ", "Skriv en ", "Skriv et ", "Skriv én ", "Må fylles", "f.eks.", "innhold ")
    assert not [h for h in hints if any(word in h for word in bokmal)]
    for nynorsk in ("Vel ein verdi frå nedtrekkslista", "Skriv ein dato som dd.mm.åååå", "Skriv éi e-postadresse",
                    "Må fyllast ut", "Rader med innhald må ha"):
        assert any(nynorsk in h for h in hints), nynorsk


@pytest.mark.parametrize("malform", ["bokmal", "nynorsk"])
def test_each_table_row_counts_its_own_column_and_links_to_its_first_cell(tmp_path, malform):
    """From the catalogue, not from the check itself: a table's name column counts rows with content in any other
    column but no name; every other checked column counts its own filled cells; each links to its column's first
    data cell; the labels and sheet names in the template's written standard."""
    from openpyxl.utils import get_column_letter, quote_sheetname

    from pipeline.common.malform import Malform
    from pipeline.contract.catalogue import SECTIONS_BY_KEY

    form = Malform.NYNORSK if malform == "nynorsk" else Malform.BOKMAL
    ws = openpyxl.load_workbook(write_template(tmp_path / "mal.xlsx", FORM, form))[positions.CHECK_SHEET]
    rows = {(ws.cell(r, 1).value, ws.cell(r, 2).value): ws.cell(r, 2) for r in range(8, ws.max_row + 1)}
    for anchor in positions.TABLES:
        section = SECTIONS_BY_KEY[anchor.section_key]
        sheet = positions.sheet_title(section.sheet, form)
        ref = {spec.key: f"{section.table}[{spec.meta.header_in(form)}]" for spec in section.columns}
        name = section.name_column
        cell = rows[(sheet, name.label_in(form))]
        others = "+".join(f"LEN(TRIM({ref[s.key]}))" for s in section.columns[1:])
        assert ws.cell(cell.row, 3).value == f"=SUMPRODUCT((LEN(TRIM({ref[name.key]}))=0)*(({others})>0))"
        assert cell.hyperlink.location == f"{quote_sheetname(sheet)}!{get_column_letter(anchor.first_col)}{anchor.first_data_row}"
        for offset, spec in enumerate(section.columns[1:], start=1):
            cell = rows.get((sheet, spec.label_in(form)))
            if cell is None:
                continue  # a column Excel cannot check (free text)
            assert ws.cell(cell.row, 3).value.startswith(f"=SUMPRODUCT((LEN(TRIM({ref[spec.key]}))>0)*")
            assert ws.cell(cell.row, 3).value.count(ref[spec.key]) >= 2 and "None" not in ws.cell(cell.row, 3).value
            column = get_column_letter(anchor.first_col + offset)
            assert cell.hyperlink.location == f"{quote_sheetname(sheet)}!{column}{anchor.first_data_row}"


def test_the_nynorsk_rows_name_each_field_in_nynorsk_and_a_required_checked_field_counts_both_problems(tmp_path):
    """From the catalogue: no bokmål label or «None» in the nynorsk sheet; a required field with a check of its own
    counts «empty» plus «filled but wrong»."""
    from pipeline.common.malform import Malform
    from pipeline.contract.catalogue import NYTTE_FIELDS, TABLE_SECTIONS

    ws = openpyxl.load_workbook(write_template(tmp_path / "mal.xlsx", FORM, Malform.NYNORSK))[positions.CHECK_SHEET]
    labels = {ws.cell(r, 2).value for r in range(8, ws.max_row + 1)}
    specs = [*HEADER_FIELDS, *NYTTE_FIELDS, *(c for s in TABLE_SECTIONS for c in s.columns)]
    bokmal_only = {s.label for s in specs if s.label != s.label_in(Malform.NYNORSK)}
    assert bokmal_only and not labels & bokmal_only
    texts = [str(ws.cell(r, c).value) for r in range(8, ws.max_row + 1) for c in (3, 4)]
    assert not [t for t in texts if "None" in t or any(f"«{label}»" in t for label in bokmal_only)]
    ws = openpyxl.load_workbook(write_template(tmp_path / "bm.xlsx", FORM))[positions.CHECK_SHEET]
    counts = [str(ws.cell(r, 3).value) for r in range(8, ws.max_row + 1)]
    both = [s.meta.name for s in HEADER_FIELDS if s.meta.required and s.meta.name and
            any(c.count(s.meta.name) > 1 for c in counts)]
    assert both
    for name in both:
        [count] = [c for c in counts if f"TRIM({name}))=0" in c]
        assert count.startswith(f"=SUMPRODUCT((LEN(TRIM({name}))=0)+(LEN(TRIM({name}))>0)*"), count
