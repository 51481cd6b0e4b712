"""Grid workbooks written without openpyxl (pipeline.common.gridbook): read back with openpyxl they have the values,
looks and layout asked for, pass the schema check, and the merge report and a chart's data are made with them."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from pipeline.common.gridbook import PLAIN, GridSheet, Style, grid_workbook

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
                          GridSheet("Sammendrag's", [["Tittel"], ["Rapportdato", "01.11.2021"]],
                                    [[Style(bold=True, size=14)]], [32, 50])])


def test_values_read_back_as_written_and_text_is_never_a_formula():
    wb = load_workbook(io.BytesIO(_book()))
    assert wb.sheetnames == ["Oversikt", "Sammendrag's"]
    ws = wb["Oversikt"]
    assert [[c.value for c in row] for row in ws.iter_rows()] == [
        ["Fil", "Status", "Beløp", "Tom"], ["a.xlsx", "avvist", 1200.5, None],
        ["=SUM(A1)", "slått sammen", 3, None], ["«æøå» & <tag> ", "ok", 2.25, "x"]]
    assert ws["A3"].data_type == "s"  # typed «=SUM(A1)» stays text
    assert [[c.value for c in row] for row in wb["Sammendrag's"].iter_rows()] == [["Tittel", None],
                                                                                  ["Rapportdato", "01.11.2021"]]


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
    assert summary.auto_filter.ref is None and summary["A2"].font.sz == 11


def test_the_same_grid_gives_the_same_bytes_and_every_part_is_compressed():
    first, second = _book(), _book()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {i.compress_type for i in archive.infolist()} == {zipfile.ZIP_DEFLATED}
        assert not [n for n in archive.namelist() if n.startswith("docProps/")]  # no time of writing


def test_an_empty_sheet_and_plain_cells():
    wb = load_workbook(io.BytesIO(grid_workbook([GridSheet("Tom", []), GridSheet("Én", [["a", 1]], [[PLAIN, PLAIN]],
                                                                                 autofilter=True)])))
    assert wb["Tom"].max_row == 1 and wb["Tom"]["A1"].value is None
    assert wb["Én"].auto_filter.ref is None  # a header alone gets no filter


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
