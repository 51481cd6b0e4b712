"""Through real files: template -> filled workbook -> reader -> validator -> models."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from tests.support.records import documented_normalisation

from pipeline.contract.catalogue import HEADER_SHEET, SINGLE_FIELDS, TABLE_SECTIONS
from pipeline.cli.main import main
from pipeline.excel.prefill import fill_workbook
from pipeline.read.reader import read_workbook
from pipeline.merge.export import tiltak_to_record
from pipeline.excel.template import build_template
from pipeline.validate.validator import validate

from tests.support.paths import ROOT
INPUT = ROOT / "input"


def _errors(issues):
    return [i.format() for i in issues if i.is_error]


def _read(path: Path, settings, report_date=None):
    return validate(read_workbook(path), settings, report_date)


@pytest.mark.slow
def test_each_seed_tiltak_filled_into_the_template_validates_and_reads_back(tmp_path, seed_records, form_settings):
    fixed = form_settings.vocabulary("nytteforutsetning")
    for i, record in enumerate(seed_records):
        path = tmp_path / f"{i}.xlsx"
        fill_workbook(record, form_settings).save(path)
        result = _read(path, form_settings)
        assert _errors(result.issues) == [], record["navn"]
        assert tiltak_to_record(result.tiltak) == documented_normalisation(record, fixed), record["navn"]


@pytest.mark.slow
def test_committed_examples_are_the_seed_and_validate_clean(seed_records, form_settings):
    fixed = form_settings.vocabulary("nytteforutsetning")
    by_name = {r["navn"]: r for r in seed_records}
    books = sorted(INPUT.glob("*.xlsx"))
    assert len(books) == 40
    for path in books:
        result = _read(path, form_settings)
        assert _errors(result.issues) == [], path.name
        record = by_name[result.tiltak.navn]
        assert tiltak_to_record(result.tiltak) == documented_normalisation(record, fixed), path.name


def _fill_by_contract(wb: openpyxl.Workbook, single: dict[str, object], rows: dict[str, list[list[object]]]) -> None:
    """How another program fills the workbook: only defined names and table names, no positions."""
    for name, value in single.items():
        sheet, coord = next(iter(wb.defined_names[name].destinations))
        wb[sheet][coord.replace("$", "")] = value
    for ws in wb.worksheets:
        for table_name in list(ws.tables):
            table = ws.tables[table_name]
            for r, values in enumerate(rows.get(table_name, [])):
                min_col, min_row, _, _ = openpyxl.utils.cell.range_boundaries(table.ref)
                for c, value in enumerate(values):
                    ws.cell(row=min_row + 1 + r, column=min_col + c, value=value)


def test_a_workbook_filled_by_another_program_is_read(tmp_path, form_settings):
    wb = build_template(form_settings)
    _fill_by_contract(wb, {
        "Tiltak_Navn": "Testtiltak", "Tiltak_Aktor": "Helse Vest RHF", "Tiltak_Segment": "Koordinere",
        "Tiltak_Fase": "Gjennomføre", "Tiltak_Status": "Gul", "Tiltak_Sluttdato": datetime(2024, 6, 30),
        "Tiltak_Knytning": "Helsenorge; HelseID", "Tiltak_Beskrivelse": "Første avsnitt\n• punkt én\n• punkt to",
    }, {
        "Leveranser": [["Pilot", "Første pilot", datetime(2022, 3, 1), "Ja"], ["Utrulling", None, "2023-12-01", "Nei"]],
        "Avhengigheter": [["Norsk helsenett", "HelseID", "Pålogging", "Nasjonale løsninger", "Høy",
                           datetime(2022, 1, 1), "Ja", "Grønn"]],
    })
    path = tmp_path / "annet-program.xlsx"
    wb.save(path)

    result = _read(path, form_settings)

    assert _errors(result.issues) == []
    t = result.tiltak
    assert (t.navn, t.aktor, t.segment, t.status) == ("Testtiltak", "Helse Vest RHF", "Koordinere", "Gul")
    assert t.sluttdato == date(2024, 6, 30)
    assert t.knytning == ["Helsenorge", "HelseID"]
    assert t.beskrivelse == "Første avsnitt\n• punkt én\n• punkt to"
    assert [(lv.navn, lv.sluttdato, lv.levert) for lv in t.leveranser] == [
        ("Pilot", date(2022, 3, 1), "Ja"), ("Utrulling", date(2023, 12, 1), "Nei")]
    assert t.avhengigheter[0].kategori == "Nasjonale løsninger" and t.avhengigheter[0].status == "Grønn"
    # the ISO text date was normalised, and the user is told
    assert any(i.code == "normalisert" and i.value == "2023-12-01" and "01.12.2023" in i.message for i in result.issues)


def _cell_of(wb, name: str) -> tuple[str, str]:
    sheet, coord = next(iter(wb.defined_names[name].destinations))
    return sheet, coord.replace("$", "")


def test_bad_values_are_reported_with_file_sheet_cell_and_hint(tmp_path, seed_records, form_settings):
    record = next(r for r in seed_records if r["segment"] == "Samstyre")
    wb = fill_workbook(record, form_settings)
    status_sheet, status_cell = _cell_of(wb, "Tiltak_Status")
    wb[status_sheet][status_cell] = "gronn"
    knyt_sheet, knyt_cell = _cell_of(wb, "Tiltak_Knytning")
    wb[knyt_sheet][knyt_cell] = "Grunddata"
    lev_ws = next(ws for ws in wb.worksheets if "Leveranser" in ws.tables)
    min_col, min_row, _, _ = openpyxl.utils.cell.range_boundaries(lev_ws.tables["Leveranser"].ref)
    date_cell = lev_ws.cell(row=min_row + 1, column=min_col + 2)
    date_cell.value = "31.13.2021"
    path = tmp_path / "heliks.xlsx"
    wb.save(path)

    issues = {(i.code, i.sheet, i.cell): i for i in _read(path, form_settings).issues}

    bad_date = issues[("ugyldig-dato", lev_ws.title, date_cell.coordinate)]
    assert bad_date.is_error and bad_date.file == "heliks.xlsx" and bad_date.field == "Sluttdato"
    assert bad_date.format() == (f"heliks.xlsx · {lev_ws.title}!{date_cell.coordinate} · Sluttdato: "
                                 "«31.13.2021» er ikke en gyldig dato. Skriv dd.mm.åååå.")
    assert "Mente du «Grønn»?" in issues[("ukjent-verdi", status_sheet, status_cell)].message
    assert "Mente du «Grunndata»?" in issues[("ukjent-verdi", knyt_sheet, knyt_cell)].message


# --- the command line -------------------------------------------------------------------------


def test_validate_command_exit_codes_and_json(tmp_path, seed_records, form_settings, capsys):
    good = tmp_path / "god.xlsx"
    fill_workbook(seed_records[0], form_settings).save(good)
    assert main(["validate", str(good)]) == 0
    assert "god.xlsx" in capsys.readouterr().out

    bad_wb = fill_workbook(seed_records[1], form_settings)
    sheet, cell = _cell_of(bad_wb, "Tiltak_Aktor")
    bad_wb[sheet][cell] = None
    bad_wb.save(tmp_path / "daarlig.xlsx")
    (tmp_path / "~$god.xlsx").write_bytes(b"lock")
    assert main(["validate", str(tmp_path), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    by_file = {f["fil"]: f for f in report["filer"]}
    assert by_file["god.xlsx"]["feil"] == 0
    missing = [i for i in by_file["daarlig.xlsx"]["funn"] if i["kode"] == "mangler-verdi"]
    assert missing and missing[0]["celle"] == cell and missing[0]["felt"] == "Aktør"
    assert [s["fil"] for s in report["hoppet_over"]] == ["~$god.xlsx"]

    assert main(["validate", str(tmp_path / "finnes-ikke.xlsx")]) == 2
    assert "finnes-ikke.xlsx" in capsys.readouterr().err


def test_validate_never_shows_a_traceback_for_garbage(tmp_path, capsys):
    (tmp_path / "tull.xlsx").write_text("dette er ikke en arbeidsbok", encoding="utf-8")
    assert main(["validate", str(tmp_path)]) == 1
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    assert "tull.xlsx" in out.out and "ikke en Excel-arbeidsbok" in out.out


def test_template_command_writes_the_template(tmp_path, capsys):
    target = tmp_path / "mal.xlsx"
    assert main(["template", "-o", str(target)]) == 0
    wb = openpyxl.load_workbook(target)
    assert set(SINGLE_FIELDS) <= set(wb.defined_names)
    assert {s.table for s in TABLE_SECTIONS} <= {name for ws in wb.worksheets for name in ws.tables}
    assert HEADER_SHEET in wb.sheetnames


def test_prefill_command_writes_one_workbook_per_record(tmp_path, seed_records, capsys):
    data = tmp_path / "data.json"
    data.write_text(json.dumps(seed_records[:3], ensure_ascii=False), encoding="utf-8")
    assert main(["prefill", str(data), "-o", str(tmp_path / "ut")]) == 0
    assert len(list((tmp_path / "ut").glob("*.xlsx"))) == 3
    assert main(["prefill", str(tmp_path / "mangler.json"), "-o", str(tmp_path / "ut")]) == 2


@pytest.mark.parametrize("argv", [["validate"], ["merge", "--strict", "--lenient"], ["ukjent"]])
def test_usage_errors_exit_2_in_norwegian(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert "Feil i kommandoen" in capsys.readouterr().err
