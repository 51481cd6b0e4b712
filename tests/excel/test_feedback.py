"""Feedback copies: findings marked in the actor's own workbook, which stays a submission."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from pipeline.cli.main import main
from pipeline.contract.issues import Code, Severity
from pipeline.contract.settings import load_form_settings
from pipeline.excel.feedback import FILLS, write_feedback
from pipeline.contract.positions import FEEDBACK_SHEET
from pipeline.validate.batch import check_workbook
from tests.support.feedback import named, recalculated, template_workbook
from tests.support.merge import copy_examples

FORM = load_form_settings()
REPORT_DATE = date(2021, 11, 1)
#: The parts a feedback copy may change; every other part stays byte for byte.
EDITED = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"}


def _several_kinds(wb) -> None:
    named(wb, "Tiltak_Fase").value = "Ferdig"  # not in the list
    named(wb, "Tiltak_KontaktEpost").value = "kari hos helse vest"  # not an address
    named(wb, "Tiltak_Status").value = None  # required
    named(wb, "Tiltak_Kontaktperson").value = None  # expected: a warning
    ws = wb["Leveranser"]
    ws["B6"] = "Beskrivelse uten navn"  # a row without its name
    ws["C5"] = "31.13.2025"  # not a date
    ws = wb["Avhengigheter"]
    ws["A5"], ws["F5"] = "Norsk helsenett", datetime(2025, 1, 1)  # a section Koordinere prints
    wb["Tiltak"]["F30"] = "Notat til meg selv"  # outside the form


def _fix(wb) -> None:
    named(wb, "Tiltak_Fase").value = "Gjennomføre"
    named(wb, "Tiltak_KontaktEpost").value = "kari.nordmann@helse-vest.no"
    named(wb, "Tiltak_Status").value = "Gul"
    wb["Leveranser"]["A6"] = "Andre leveranse"
    wb["Leveranser"]["C5"] = datetime(2025, 12, 31)


def _findings(path: Path) -> list[tuple]:
    """Every finding without the file name (the copy has another name)."""
    return [(i.code, i.severity, i.sheet, i.cell, i.field, i.value, i.message)
            for i in check_workbook(path, FORM, REPORT_DATE).issues]


@pytest.fixture
def original(tmp_path) -> Path:
    return template_workbook(tmp_path, "mange-feil.xlsx", _several_kinds)


def _copy(original: Path, folder: Path) -> Path:
    outcome = write_feedback([check_workbook(original, FORM, REPORT_DATE)], folder, date(2024, 3, 1))
    [path] = outcome.written
    return path


def test_every_finding_with_a_cell_is_filled_and_has_a_note(original, tmp_path):
    copy = _copy(original, tmp_path / "ut")
    assert copy.name == "mange-feil-tilbakemelding.xlsx"
    wb = openpyxl.load_workbook(copy)
    findings = [i for i in check_workbook(original, FORM, REPORT_DATE).issues if i.cell]
    assert {i.code for i in findings} >= {Code.NOT_IN_LIST, Code.BAD_EMAIL, Code.REQUIRED_EMPTY, Code.EXPECTED_EMPTY,
                                         Code.ROW_WITHOUT_NAME, Code.BAD_DATE, Code.CELL_OUTSIDE}
    for issue in findings:
        cell = wb[issue.sheet][issue.cell]
        assert cell.comment is not None and issue.message in cell.comment.text, issue
        assert cell.fill.fgColor.rgb == "FF" + FILLS[issue.severity], issue
    email = wb["Tiltak"]["B7"]
    assert email.number_format == "@" and email.protection.locked is False  # the input cell's own format
    date_cell = wb["Leveranser"]["C5"]
    assert date_cell.number_format == "DD.MM.YYYY" and date_cell.protection.locked is False


def test_the_first_sheet_lists_every_finding_with_a_link_to_its_cell(original, tmp_path):
    copy = _copy(original, tmp_path / "ut")
    wb = openpyxl.load_workbook(copy)
    assert wb.sheetnames[0] == FEEDBACK_SHEET and wb.active.title == FEEDBACK_SHEET
    ws = wb[FEEDBACK_SHEET]
    assert ws["A2"].value == "Tiltak: Felles kontroll · Aktør: Helse Vest RHF · Fil: mange-feil.xlsx"
    issues = check_workbook(original, FORM, REPORT_DATE).issues
    errors = sum(i.is_error for i in issues)
    assert ws["A3"].value.startswith(f"Kontrollert 01.03.2024: {errors} feil og {len(issues) - errors} advarsler.")
    assert [c.value for c in ws[6]] == ["Grad", "Ark", "Celle", "Felt", "Verdi", "Melding"]
    rows = list(ws.iter_rows(min_row=7, values_only=True))
    assert len(rows) == len(issues)
    listed = {(r[1], r[2], r[5]) for r in rows}
    assert listed == {(i.sheet, i.cell, i.message) for i in issues}
    for row in ws.iter_rows(min_row=7):
        assert row[2].hyperlink.location == f"'{row[1].value}'!{row[2].value}"
    assert {r[0] for r in rows} == {"Feil", "Advarsel"}


def test_validating_the_copy_gives_the_same_findings_and_fixing_the_cells_makes_it_clean(original, tmp_path):
    copy = _copy(original, tmp_path / "ut")
    assert _findings(copy) == _findings(original)
    wb = openpyxl.load_workbook(copy)
    _fix(wb)
    wb.save(tmp_path / "rettet.xlsx")
    result = check_workbook(tmp_path / "rettet.xlsx", FORM, REPORT_DATE)
    assert result.errors == []


def test_everything_else_in_the_workbook_is_left_byte_for_byte(original, tmp_path):
    copy = _copy(original, tmp_path / "ut")
    with zipfile.ZipFile(original) as a, zipfile.ZipFile(copy) as b:
        before = {n: a.read(n) for n in a.namelist()}
        after = {n: b.read(n) for n in b.namelist()}
    marked = {"xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml", "xl/worksheets/_rels/sheet2.xml.rels",
              "xl/worksheets/_rels/sheet3.xml.rels"}  # Tiltak and Leveranser
    assert set(before) <= set(after)
    changed = {n for n in before if before[n] != after[n]}
    assert changed <= EDITED | marked
    wb_before, wb_after = openpyxl.load_workbook(original), openpyxl.load_workbook(copy)
    assert dict(wb_before.defined_names.items()).keys() == dict(wb_after.defined_names.items()).keys()
    for name in wb_before.sheetnames:
        a, b = wb_before[name], wb_after[name]
        assert list(a.tables) == list(b.tables)
        assert [(str(d.sqref), d.formula1) for d in a.data_validations.dataValidation] == \
               [(str(d.sqref), d.formula1) for d in b.data_validations.dataValidation]
        assert a.protection.sheet == b.protection.sheet
        assert [[c.value for c in row] for row in a.iter_rows()] == [[c.value for c in row] for row in b.iter_rows()]


@pytest.mark.slow
def test_a_copy_of_a_workbook_saved_by_libreoffice_keeps_formulas_and_their_values(tmp_path):
    def edit(wb):
        _several_kinds(wb)
        named(wb, "Tiltak_Aktor").value = '="Helse "&"Vest RHF"'  # a formula in a contract cell

    [saved] = recalculated([template_workbook(tmp_path, "formel.xlsx", edit)], tmp_path / "lo")
    findings = _findings(saved)
    assert (Code.FORMULA, "Helse Vest RHF") in {(f[0], f[5]) for f in findings}
    copy = _copy(saved, tmp_path / "ut")
    assert _findings(copy) == findings  # the stored result is still there: no «formel-uten-verdi»
    [again] = recalculated([copy], tmp_path / "lo2")  # and LibreOffice opens the copy
    assert openpyxl.load_workbook(again).sheetnames[0] == FEEDBACK_SHEET


def test_feedback_on_a_feedback_copy_replaces_the_sheet(original, tmp_path):
    first = _copy(original, tmp_path / "en")
    second = _copy(first, tmp_path / "to")
    wb = openpyxl.load_workbook(second)
    assert wb.sheetnames.count(FEEDBACK_SHEET) == 1 and wb.sheetnames[0] == FEEDBACK_SHEET
    assert _findings(second) == _findings(original)


@pytest.mark.slow
def test_cli_writes_copies_and_explains_files_without_one(tmp_path, original, capsys):
    folder = tmp_path / "inn"
    folder.mkdir()
    (folder / original.name).write_bytes(original.read_bytes())
    other_name = lambda wb: setattr(named(wb, "Tiltak_Navn"), "value", "Et annet tiltak")  # not a duplicate
    (folder / "ren.xlsx").write_bytes(template_workbook(tmp_path, "ren.xlsx", other_name).read_bytes())
    (folder / "skadet.xlsx").write_bytes(b"PK\x03\x04 ikke en arbeidsbok")
    out = tmp_path / "ut"
    # the delivery in «ren» is due 30.06.2025: not overdue on this report date
    assert main(["tilbakemelding", str(folder), "-o", str(out), "-q", "--rapportdato", "01.03.2024"]) == 1
    text = capsys.readouterr().out
    assert sorted(p.name for p in out.iterdir()) == ["mange-feil-tilbakemelding.xlsx"]
    assert f"skrev 1 kopi med funn til {out}" in text
    assert "skadet.xlsx: ingen kopi – Filen er skadet" in text
    assert "Uten funn (ingen kopi): ren.xlsx." in text


def test_cli_output_folder_that_cannot_be_written_is_a_norwegian_error(tmp_path, original, capsys):
    blocker = tmp_path / "fil"
    blocker.write_text("ikke en mappe")
    assert main(["tilbakemelding", str(original), "-o", str(blocker / "ut"), "-q"]) == 2
    assert "Kan ikke skrive i mappen" in capsys.readouterr().err
    assert main(["tilbakemelding", str(original.parent), "-o", str(original.parent), "-q"]) == 2
    assert "annen mappe enn innrapporteringene" in capsys.readouterr().err


@pytest.mark.slow
def test_merge_writes_feedback_beside_the_document(tmp_path, capsys):
    folder = copy_examples(tmp_path / "inn", names=["heliks.xlsx", "mf-helse.xlsx"])
    wb = openpyxl.load_workbook(folder / "heliks.xlsx")  # a 1.0 workbook
    named(wb, "Tiltak_Status").value = "Lilla"
    wb.save(folder / "heliks.xlsx")
    out = tmp_path / "ut" / "V.docx"
    assert main(["merge", str(folder), "-o", str(out), "-q", "--tilbakemelding"]) == 1
    copies = sorted(p.name for p in (tmp_path / "ut" / "tilbakemelding").iterdir())
    assert copies == ["heliks-tilbakemelding.xlsx"]
    assert "Uten funn (ingen kopi): mf-helse.xlsx." in capsys.readouterr().out
    copy = openpyxl.load_workbook(tmp_path / "ut" / "tilbakemelding" / copies[0])
    status = named(copy, "Tiltak_Status")
    assert "«Lilla» er ikke et gyldig valg" in status.comment.text


# --- a workbook saved by Excel: calcChain.xml and shared formulas ----------------------------------

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_CHAIN_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"
_CHAIN_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain"


def _excel_style(source: Path, target: Path) -> dict[str, float]:
    """``source`` (with cached results) rewritten as Excel saves it: shared formulas in Kontroll!F8:F12
    (ten times the counts beside them, with their results) and ``xl/calcChain.xml`` listing every
    formula cell of the sheet by its position. Returns the shared formulas' results."""
    from lxml import etree

    from pipeline.excel.xlsxpatch import Package, cell_element, q

    pkg = Package(source.read_bytes())
    names = list(pkg.sheet_parts())
    part = pkg.sheet_parts()["Kontroll"]
    sheet = pkg.xml(part)
    counts = openpyxl.load_workbook(source, data_only=True)["Kontroll"]
    results = {}
    for row in range(8, 13):
        cell = cell_element(sheet, f"F{row}")
        formula = etree.SubElement(cell, q("f"), t="shared", si="90")
        if row == 8:
            formula.set("ref", "F8:F12")
            formula.text = "C8*10"
        results[f"F{row}"] = counts[f"C{row}"].value * 10
        etree.SubElement(cell, q("v")).text = str(results[f"F{row}"])
    formulas = [c.get("r") for c in sheet.iter(q("c")) if c.find(q("f")) is not None]
    position = names.index("Kontroll") + 1
    chain = f'<calcChain xmlns="{_MAIN}">' + "".join(f'<c r="{r}" i="{position}"/>' for r in formulas) + "</calcChain>"
    pkg.put("xl/calcChain.xml", chain.encode(), _CHAIN_TYPE)
    rels = pkg.rels(pkg.workbook)
    etree.SubElement(rels, rels[0].tag, Id="rId900", Type=_CHAIN_REL, Target="calcChain.xml")
    target.write_bytes(pkg.save())
    return results


@pytest.mark.slow
def test_a_copy_of_an_excel_saved_workbook_with_a_calc_chain_opens_with_the_same_values(original, tmp_path):
    [calculated] = recalculated([original], tmp_path / "lo")
    excel = tmp_path / "excel" / "fra-excel.xlsx"
    excel.parent.mkdir()
    shared = _excel_style(calculated, excel)
    assert "xl/calcChain.xml" in zipfile.ZipFile(excel).namelist()
    copy = _copy(excel, tmp_path / "kopi")
    with zipfile.ZipFile(copy) as zf:
        names = zf.namelist()
        listed = zf.read("[Content_Types].xml").decode() + zf.read("xl/_rels/workbook.xml.rels").decode()
        kontroll = [n for n in names if n.startswith("xl/worksheets/") and b'si="90"' in zf.read(n)]
    assert "xl/calcChain.xml" not in names and "calcChain" not in listed  # removed; Excel rebuilds it
    assert len(kontroll) == 1  # the shared formulas are kept as they were
    [reopened_original, reopened_copy] = recalculated([excel, copy], tmp_path / "lo2")
    before = openpyxl.load_workbook(reopened_original, data_only=True)["Kontroll"]
    after = openpyxl.load_workbook(reopened_copy, data_only=True)["Kontroll"]
    cells = [c.coordinate for row in before.iter_rows(min_row=4) for c in row if c.value is not None]
    assert [after[c].value for c in cells] == [before[c].value for c in cells]
    assert {c: after[c].value for c in shared} == shared and any(shared.values())
    assert after["B5"].value == before["B5"].value > 0
    assert _findings(reopened_copy) == _findings(reopened_original)


# --- where Excel draws the notes, and one cell with two findings --------------------------------

def _vml_shapes(copy: Path) -> dict[str, list[tuple[int, int, list[int]]]]:
    """Sheet name -> (row, column, anchor) of every note box in the copy's VML drawings (0-based, as stored)."""
    from lxml import etree

    from pipeline.excel.xlsxpatch import Package

    pkg = Package(copy.read_bytes())
    shapes = {}
    for name, part in pkg.sheet_parts().items():
        vml = pkg.related(part, "vml")
        if not vml:
            continue
        root = etree.fromstring(pkg.parts[vml])
        ns = {"x": "urn:schemas-microsoft-com:office:excel"}
        shapes[name] = [(int(d.findtext("x:Row", namespaces=ns)), int(d.findtext("x:Column", namespaces=ns)),
                         [int(v) for v in d.findtext("x:Anchor", namespaces=ns).split(",")])
                        for d in root.iter("{urn:schemas-microsoft-com:office:excel}ClientData")]
    return shapes


def test_each_note_box_is_anchored_beside_its_own_cell(original, tmp_path):
    from pipeline.excel.xlsxpatch import split_coordinate

    copy = _copy(original, tmp_path / "ut")
    expected: dict[str, set[tuple[int, int]]] = {}
    for issue in check_workbook(original, FORM, REPORT_DATE).issues:
        if issue.cell:
            row, col = split_coordinate(issue.cell)
            expected.setdefault(issue.sheet, set()).add((row - 1, col - 1))
    shapes = _vml_shapes(copy)
    assert {sheet: {(r, c) for r, c, _ in boxes} for sheet, boxes in shapes.items()} == expected
    for sheet, boxes in shapes.items():
        assert len(boxes) == len(expected[sheet])  # one box per cell, however many findings it has
        for row, col, anchor in boxes:
            left, _, top, _, right, _, bottom, _ = anchor
            assert left == col + 1 and right > left  # starts in the column right of the cell
            assert top == max(row - 1, 0) and bottom > top  # from the row above the cell, downwards


def test_an_error_and_a_warning_on_one_cell_give_the_error_colour_and_both_messages(tmp_path):
    def edit(wb):
        ws = wb["Kostnader"]
        ws["A5"], ws["B5"], ws["C5"] = "Helsedirektoratet", 2024, "\u22122,5"  # read as -2,5 (warning), negative (error)

    path = template_workbook(tmp_path, "to-funn.xlsx", edit)
    issues = [i for i in check_workbook(path, FORM, REPORT_DATE).issues if (i.sheet, i.cell) == ("Kostnader", "C5")]
    assert {i.is_error for i in issues} == {True, False}
    copy = _copy(path, tmp_path / "ut")
    cell = openpyxl.load_workbook(copy)["Kostnader"]["C5"]
    assert cell.fill.fgColor.rgb == "FF" + FILLS[Severity.ERROR] != "FF" + FILLS[Severity.WARNING]
    lines = cell.comment.text.split("\n")
    assert len(lines) == len(issues) and all(any(i.message in line for line in lines) for i in issues)
    assert sorted(line.split(":")[0] for line in lines) == ["Advarsel", "Feil"]  # one line per finding
    assert [(r, c) for r, c, _ in _vml_shapes(copy)["Kostnader"]].count((4, 2)) == 1  # one box for both
