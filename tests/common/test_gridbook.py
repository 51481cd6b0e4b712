"""Grid workbooks written without openpyxl (pipeline.common.gridbook): read back with openpyxl they have the values,
looks and layout asked for, pass the schema check, and the merge report and a chart's data are made with them."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from pipeline.common.gridbook import PLAIN, GridSheet, Style, grid_workbook
from tests.support.package import MAIN, REL, strict_package

HEAD = Style(bold=True, fill="DCE6F1")
WRAP = Style(wrap=True)
RED = Style(fill="FF9999", wrap=True)
MONEY = Style(number_format="[$-414]#,##0.0")


def _book() -> bytes:
    rows = [["Fil", "Status", "Beløp", "Tom"],
            ["a.xlsx", "avvist", Decimal("1200.5"), ""],
            ["=SUM(A1)", "slått sammen", 3, None],
            ["«æøå» & <tag> \x0b", "ok", 2.25, "x"]]
    styles = [[HEAD] * 4, [WRAP, RED, MONEY, WRAP], [WRAP, WRAP, MONEY], [WRAP, WRAP, MONEY, WRAP]]
    return grid_workbook([GridSheet("Oversikt", rows, styles, [40, 30, 12.5], freeze_header=True, autofilter=True),
                          GridSheet("Sammendrag's", [["Tittel"], ["Rapportdato", "01.11.2021"], ["Andel", 2.5, 0.125]],
                                    [[Style(bold=True, size=14)], [], [PLAIN, PLAIN, Style(number_format="0.0%")]],
                                    [32, 50])])


def test_values_read_back_as_written_and_text_is_never_a_formula():
    wb = load_workbook(io.BytesIO(_book()))
    assert wb.sheetnames == ["Oversikt", "Sammendrag's"]
    ws = wb["Oversikt"]
    assert [[c.value for c in row] for row in ws.iter_rows()] == [
        ["Fil", "Status", "Beløp", "Tom"], ["a.xlsx", "avvist", 1200.5, None],
        ["=SUM(A1)", "slått sammen", 3, None], ["«æøå» & <tag> ", "ok", 2.25, "x"]]
    assert ws["A3"].data_type == "s"  # typed «=SUM(A1)» stays text
    assert [[c.value for c in row] for row in wb["Sammendrag's"].iter_rows()] == [
        ["Tittel", None, None], ["Rapportdato", "01.11.2021", None], ["Andel", 2.5, 0.125]]


def test_looks_and_layout_are_those_asked_for():
    wb = load_workbook(io.BytesIO(_book()))
    ws = wb["Oversikt"]
    assert all(c.font.b and c.fill.fgColor.rgb == "FFDCE6F1" for c in ws[1])
    assert ws["B2"].fill.fgColor.rgb == "FFFF9999" and ws["B2"].alignment.wrap_text
    assert ws["A2"].alignment.wrap_text and ws["A2"].alignment.vertical == "top" and not ws["A2"].font.b
    assert ws["C2"].number_format == "[$-414]#,##0.0" and ws["C3"].number_format == "[$-414]#,##0.0"
    assert ws["C2"].fill.fill_type is None and not ws["C2"].alignment.wrap_text
    assert [ws.column_dimensions[c].width for c in "ABC"] == [40, 30, 12.5]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:D4"
    summary = wb["Sammendrag's"]
    assert summary["A1"].font.b and summary["A1"].font.sz == 14 and summary.freeze_panes is None
    assert summary.auto_filter.ref is None and summary["A2"].font.sz == 11 and not summary["A2"].font.b
    assert summary["B3"].number_format == "General" and summary["C3"].number_format == "0.0%"  # each its own format


def test_the_same_grid_gives_the_same_bytes_and_every_part_is_compressed():
    first, second = _book(), _book()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {i.compress_type for i in archive.infolist()} == {zipfile.ZIP_DEFLATED}
        assert not [n for n in archive.namelist() if n.startswith("docProps/")]  # no time of writing


def test_an_empty_sheet_and_plain_cells():
    book = grid_workbook([GridSheet("Tom", []), GridSheet("Én", [["a", 1]], [[PLAIN, PLAIN]], autofilter=True)])
    wb = load_workbook(io.BytesIO(book))
    assert wb["Tom"].max_row == 1 and wb["Tom"]["A1"].value is None
    assert wb["Én"].auto_filter.ref is None  # a header alone gets no filter
    package = _package(book)
    assert package["names"] == set()
    assert package["parts"]["xl/workbook.xml"].find(f"{MAIN}definedNames") is None
    assert package["parts"]["xl/worksheets/sheet1.xml"].find(f"{MAIN}dimension").get("ref") == "A1"
    assert package["parts"]["xl/worksheets/sheet2.xml"].find(f"{MAIN}dimension").get("ref") == "A1:B1"
    assert package["parts"]["xl/styles.xml"].find(f"{MAIN}numFmts") is None  # no format of its own: none listed


def test_the_schema_check_finds_nothing_but_the_inline_strings(tmp_path):
    audit = pytest.importorskip("openxml_audit")
    path = tmp_path / "grid.xlsx"
    path.write_bytes(_book())
    result = audit.OpenXmlValidator().validate(str(path))
    problems = [(e.part_uri, e.description) for e in result.errors if "inline-string cell" not in e.description]
    assert problems == []


def test_the_merge_report_marks_a_rejected_file_and_a_chart_workbook_has_its_number_format(tmp_path):
    from pipeline.merge.report import report_xlsx

    data = {"periode": "November 2021", "rapportdato": "01.11.2021", "dokument": None, "forrige": None,
            "oppsummering": {"arbeidsboker": 1, "slatt_sammen": 0, "med_advarsler": 0, "med_feil_lenient": 0,
                             "avvist": 1, "mangler": 0, "uventet": 0},
            "filer": [{"fil": "x.xlsx", "tiltak": "X", "aktor": "A", "segment": "Samstyre", "status": "avvist",
                       "feil": 1, "advarsler": 0,
                       "funn": [{"alvorlighet": "feil", "kode": "K", "ark": "Tiltak", "celle": "B3", "felt": "Navn",
                                 "verdi": "=1+1", "melding": "M"}]}],
            "mangler": [], "uventet": [], "hoppet_over": [], "endringer": []}
    wb = load_workbook(io.BytesIO(report_xlsx(data)))
    assert wb.sheetnames == ["Sammendrag", "Oversikt", "Funn", "Mangler og uventede", "Endringer"]
    status = wb["Oversikt"]["E2"]
    assert status.value == "avvist" and status.fill.fgColor.rgb == "FFFF9999"
    assert wb["Funn"]["H2"].value == "=1+1" and wb["Funn"]["H2"].data_type == "s"
    assert wb["Sammendrag"]["A1"].value == "Flettingsrapport – November 2021" and wb["Sammendrag"]["A1"].font.sz == 14


@pytest.mark.slow
def test_libreoffice_opens_the_workbook_with_its_values(tmp_path):
    """A spreadsheet program reads the grid (LibreOffice, as Excel is not here): the first sheet as CSV."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice mangler")
    path = tmp_path / "grid.xlsx"
    path.write_bytes(_book())
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)
    lines = (tmp_path / "grid.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "Fil,Status,Beløp,Tom"
    assert lines[1].startswith("a.xlsx,avvist,") and "1" in lines[1]
    assert lines[2].startswith("=SUM(A1),slått sammen,")  # text, not a formula


# --- the package, read strictly (openpyxl and Excel's repair are lenient; a file Excel must repair is a bug) ---

TYPES = {"/xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
         "/xl/styles.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml",
         "/xl/theme/theme1.xml": "application/vnd.openxmlformats-officedocument.theme+xml"}
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


def _no_text_between_elements(root) -> None:
    for element in root.iter():
        assert not (element.text or "").strip() or element.tag.endswith(("}t", "}v", "}definedName")), element.tag
        assert not (element.tail or "").strip(), element.tag


def _package(xlsx: bytes) -> dict:
    """The package read strictly (tests/support/package.py), and exactly the parts and types a grid needs."""
    package = strict_package(xlsx)
    parts = package["xml"]
    for root in parts.values():
        if root.tag != "{http://schemas.openxmlformats.org/drawingml/2006/main}theme":
            _no_text_between_elements(root)
    assert package["defaults"] == {"rels": "application/vnd.openxmlformats-package.relationships+xml",
                                   "xml": "application/xml"}
    sheets = sorted(n for n in parts if n.startswith("xl/worksheets/"))
    assert package["overrides"] == {**TYPES, **{f"/{n}": SHEET_TYPE for n in sheets}}
    [root_rel] = parts["_rels/.rels"].iter(f"{REL}Relationship")
    assert root_rel.get("Target") == "xl/workbook.xml" and root_rel.get("Type").endswith("/officeDocument")
    rels = list(parts["xl/_rels/workbook.xml.rels"].iter(f"{REL}Relationship"))
    assert sorted("xl/" + r.get("Target") for r in rels) == sorted([*sheets, "xl/styles.xml", "xl/theme/theme1.xml"])
    assert all(r.get("Type").rsplit("/", 1)[1] == ("worksheet" if "worksheets/" in r.get("Target") else
                                                   r.get("Target").split("/")[-1].split(".")[0].rstrip("1"))
               for r in rels)
    assert [s[2] for s in package["sheets"]] == sheets
    assert [s[1] for s in package["sheets"]] == [str(i) for i in range(1, len(sheets) + 1)]
    workbook = parts["xl/workbook.xml"]
    names = {(d.get("name"), d.get("localSheetId"), d.get("hidden"), d.text) for d in workbook.iter(f"{MAIN}definedName")}
    return {"sheets": [s[0] for s in package["sheets"]], "names": names, "parts": parts}


def test_the_package_is_complete_typed_and_related_as_excel_expects():
    package = _package(_book())
    assert package["sheets"] == ["Oversikt", "Sammendrag's"]
    formats = package["parts"]["xl/styles.xml"].find(f"{MAIN}numFmts")
    assert [(f.get("numFmtId"), f.get("formatCode")) for f in formats] == [("164", "[$-414]#,##0.0"), ("165", "0.0%")]
    assert package["names"] == {("_xlnm._FilterDatabase", "0", "1", "'Oversikt'!$A$1:$D$4")}  # only the filtered one
    sheet = package["parts"]["xl/worksheets/sheet1.xml"]
    assert sheet.find(f"{MAIN}dimension").get("ref") == "A1:D4"
    assert sheet.find(f"{MAIN}autoFilter").get("ref") == "A1:D4"
    assert package["parts"]["xl/worksheets/sheet2.xml"].find(f"{MAIN}autoFilter") is None


def test_a_quote_in_a_filtered_sheet_title_is_doubled_in_its_filter_name():
    book = grid_workbook([GridSheet("Kari's", [["a"], ["b"]], autofilter=True), GridSheet("To", [["c"], ["d"]],
                                                                                      autofilter=True)])
    package = _package(book)
    assert package["names"] == {("_xlnm._FilterDatabase", "0", "1", "'Kari''s'!$A$1:$A$2"),
                                ("_xlnm._FilterDatabase", "1", "1", "'To'!$A$1:$A$2")}
    assert package["parts"]["xl/worksheets/sheet1.xml"].find(f"{MAIN}autoFilter").get("ref") == "A1:A2"


def test_the_merge_report_package_is_complete():
    from pipeline.merge.report import report_xlsx

    data = {"periode": "P", "rapportdato": "01.11.2021", "dokument": "V.docx", "forrige": "August 2021",
            "oppsummering": {k: 0 for k in ("arbeidsboker", "slatt_sammen", "med_advarsler", "med_feil_lenient",
                                            "avvist", "mangler", "uventet")},
            "filer": [], "mangler": [], "uventet": [], "hoppet_over": [], "endringer": [],
            "oppdatering": [{"del": "kapittel", "navn": "X", "segment": "S", "endring": "uendret", "redigert": True,
                             "merknad": ""}]}
    package = _package(report_xlsx(data))
    assert package["sheets"] == ["Sammendrag", "Oversikt", "Funn", "Mangler og uventede", "Endringer", "Oppdatering"]
    assert package["names"] == {("_xlnm._FilterDatabase", "5", "1", "'Oppdatering'!$A$1:$F$2")}
