"""Pre-filled workbooks: record -> workbook -> read back by contract names -> the same record."""

from __future__ import annotations

import copy
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.cell import range_boundaries

from pipeline.contract.catalogue import HEADER_FIELDS, NYTTE_FIELDS, SECTIONS_BY_KEY, SINGLE_FIELDS, TABLE_SECTIONS
from pipeline.excel.prefill import fill_workbook, prefill_files, slug, typed_value, unique_stems
from tests.support.template import comparable, covering, named_value, reopen, table_cells, table_values

from tests.support.paths import ROOT
SPECS = {f.key: f for f in (*HEADER_FIELDS, *NYTTE_FIELDS)}


def _read_record(wb, fixed: list[str]) -> dict:
    """Read a workbook back into the seed shape through defined names and table names only.

    A field added in a later template version (``since``) may be missing from an older workbook.
    """
    record = {f.key: named_value(wb, f.meta.name) for f in HEADER_FIELDS
              if f.meta.name in wb.defined_names or not f.meta.since}
    nytte = {f.key: named_value(wb, f.meta.name) for f in NYTTE_FIELDS}
    record["nytte"] = [nytte] if any(v is not None for v in nytte.values()) else []
    for section in TABLE_SECTIONS:
        headers, rows = table_values(wb, section.table)
        assert tuple(headers) == section.headers
        keys = [c.key for c in section.columns]
        content = [dict(zip(keys, row)) for row in rows]
        if section.key == "nytteforutsetninger":  # a fixed row with nothing else filled in is no row
            content = [r for r in content if any(v is not None for k, v in r.items() if k != "forutsetning")
                       or r["forutsetning"] not in fixed]
        else:
            content = [r for r in content if any(v is not None for v in r.values())]
        record[section.key] = content
    return record


def _same_single(expected: dict, actual: dict, fields) -> None:
    for spec in fields:
        assert comparable(spec, actual.get(spec.key)) == comparable(spec, expected.get(spec.key, "")), spec.key


def _same_rows(section, expected: list[dict], actual: list[dict]) -> None:
    if section.key == "nytteforutsetninger":  # rows sit in the fixed order, not the record's
        key = section.name_column.key
        expected = sorted(expected, key=lambda r: r[key])
        actual = sorted(actual, key=lambda r: r[key])
        expected = [r for r in expected if any(str(v).strip() for k, v in r.items() if k != key)]
    assert len(actual) == len(expected), section.key
    for exp, act in zip(expected, actual):
        _same_single(exp, act, section.columns)


def assert_round_trip(record: dict, wb, fixed: list[str]) -> None:
    back = _read_record(wb, fixed)
    _same_single(record, back, HEADER_FIELDS)
    nytte = record.get("nytte") or []
    assert len(back["nytte"]) == (1 if nytte and any(str(v).strip() for v in nytte[0].values()) else 0)
    if back["nytte"]:
        _same_single(nytte[0], back["nytte"][0], NYTTE_FIELDS)
    for section in TABLE_SECTIONS:
        _same_rows(section, record.get(section.key, []), back[section.key])


@pytest.mark.slow
def test_every_seed_record_round_trips(seed_records, form_settings, tmp_path):
    fixed = form_settings.vocabulary("nytteforutsetning")
    assert len(seed_records) == 40
    for i, record in enumerate(seed_records):
        wb = reopen(fill_workbook(record, form_settings), tmp_path / f"{i}.xlsx")
        assert_round_trip(record, wb, fixed)


def test_values_are_typed_in_the_cells(seed_records, form_settings, tmp_path):
    record = next(r for r in seed_records if r["kostnader"] and r["sluttdato"] and r["leveranser"])
    wb = reopen(fill_workbook(record, form_settings), tmp_path / "t.xlsx")
    assert isinstance(named_value(wb, "Tiltak_Sluttdato"), datetime)
    _, rows = table_cells(wb, "Kostnader")
    year, amount = rows[0][1], rows[0][2]
    assert isinstance(year.value, int) and isinstance(amount.value, (int, float))
    date_cell = table_cells(wb, "Leveranser")[1][0][2]
    assert isinstance(date_cell.value, datetime) and date_cell.number_format == "DD.MM.YYYY"


@pytest.mark.parametrize(("key", "raw", "expected"), [
    ("sluttdato", "31.12.2023", datetime(2023, 12, 31)),
    ("sluttdato", "1.2.2024", datetime(2024, 2, 1)),
    ("sluttdato", "31.13.2021", "31.13.2021"),
    ("sluttdato", "snart", "snart"),
    ("sluttdato", "", None),
    ("antall_ar", "10", 10),
    ("antall_ar", "ti", "ti"),
    ("netto_nytteverdi", "191", 191),
    ("netto_nytteverdi", "28,3", 28.3),
    ("netto_nytteverdi", "-1.5", -1.5),
    ("netto_nytteverdi", "ca. 5", "ca. 5"),
    ("knytning", ["Helsenorge", "HelseID"], "Helsenorge, HelseID"),
    ("knytning", "Helsenorge Kjernejournal HelseID", "Helsenorge, Kjernejournal, HelseID"),
    ("knytning", "Helsenorge;E-resept", "Helsenorge, E-resept"),
    ("knytning", "Helsenorge og mer", "Helsenorge og mer"),
    ("kontaktperson", "  ", None),
    ("beskrivelse", "Linje én\n• punkt", "Linje én\n• punkt"),
])
def test_typed_value(form_settings, key, raw, expected):
    spec = SPECS[key]
    vocabulary = form_settings.vokabular.get(spec.meta.vocabulary or "", [])
    assert typed_value(spec, raw, vocabulary) == expected


def test_years_and_amounts_in_tables(form_settings):
    columns = {c.key: c for c in SECTIONS_BY_KEY["kostnader"].columns}
    assert typed_value(columns["ar"], "2021") == 2021
    assert typed_value(columns["ar"], "21") == "21"
    assert typed_value(columns["belop"], "1 234,5") == 1234.5


@pytest.mark.parametrize("record_value, cell, exact", [
    ("2.75", 2.75, "2.75"), ("9.0", 9, "9"), ("1200.0", 1200, "1200"), ("0.50", 0.5, "0.5"),
    ("0.000001", 1e-06, "0.000001"), ("99999999.999999", 99999999.999999, "99999999.999999"),
    # more digits than a number cell holds: text with a decimal comma, read back exactly
    ("1234567890.1234567", "1234567890,1234567", "1234567890.1234567"),
    ("12345678901234567", "12345678901234567", "12345678901234567"),
])
def test_amounts_are_written_without_losing_a_digit(form_settings, tmp_path, record_value, cell, exact):
    from decimal import Decimal

    from pipeline.read.reader import read_workbook
    from pipeline.validate.validator import validate

    belop = {c.key: c for c in SECTIONS_BY_KEY["kostnader"].columns}["belop"]
    assert typed_value(belop, record_value) == cell
    record = {"navn": "T", "aktor": "A", "segment": "Samstyre", "fase": "Konsept", "status": "Grønn",
              "kostnader": [{"finansierende_virksomhet": "Andre", "ar": "2022", "belop": record_value}]}
    fill_workbook(record, form_settings).save(tmp_path / "t.xlsx")
    result = validate(read_workbook(tmp_path / "t.xlsx"), form_settings)
    assert result.tiltak.kostnader[0].belop == Decimal(exact)
    assert not [i for i in result.issues if i.cell and i.sheet == "Kostnader"]  # no error, no warning


def test_more_rows_than_presized_widen_the_table(seed_records, form_settings, tmp_path):
    record = copy.deepcopy(next(r for r in seed_records if r["leveranser"]))
    template_row = record["leveranser"][0]
    record["leveranser"] = [{**template_row, "navn": f"Leveranse {i}", "sluttdato": f"{i % 28 + 1:02d}.03.2023"}
                            for i in range(1, 46)]
    wb = reopen(fill_workbook(record, form_settings), tmp_path / "mange.xlsx")
    assert_round_trip(record, wb, form_settings.vocabulary("nytteforutsetning"))
    ws = wb["Leveranser"]
    table = ws.tables["Leveranser"]
    min_col, min_row, max_col, max_row = range_boundaries(table.ref)
    assert max_row == min_row + 45
    assert table.autoFilter is None or table.autoFilter.ref == table.ref
    last = table_cells(wb, "Leveranser")[1][-1]
    assert last[0].value == "Leveranse 45"
    for cell in last:
        assert not cell.protection.locked
        assert len(covering(ws.data_validations.dataValidation, cell.coordinate)) == 1
    assert last[2].number_format == "DD.MM.YYYY"
    assert covering(ws.data_validations.dataValidation, last[3].coordinate)[0].type == "list"
    name_rules = [cf for cf in ws.conditional_formatting if last[0].coordinate in cf.sqref]
    assert len(name_rules) == 1
    assert ws.cell(max_row + 1, min_col).value is None


def test_nytteforutsetninger_go_to_their_fixed_rows_and_unknown_ones_are_appended(form_settings, tmp_path):
    fixed = form_settings.vocabulary("nytteforutsetning")
    record = {"navn": "X", "aktor": "Y", "segment": "Samstyre", "fase": "Konsept", "status": "Gul",
              "nytteforutsetninger": [
                  {"forutsetning": fixed[3], "start": "01.01.2022", "kritikalitet": "Høy", "frist": "01.06.2022"},
                  {"forutsetning": "Ny lov må vedtas", "start": "", "kritikalitet": "Lav", "frist": "31.12.2024"},
                  {"forutsetning": fixed[0], "start": "", "kritikalitet": "Medium", "frist": ""},
              ]}
    wb = reopen(fill_workbook(record, form_settings), tmp_path / "n.xlsx")
    _, rows = table_values(wb, "Nytteforutsetninger")
    assert len(rows) == len(fixed) + 1
    assert [r[0] for r in rows] == [*fixed, "Ny lov må vedtas"]
    assert rows[3][1:] == [datetime(2022, 1, 1), "Høy", datetime(2022, 6, 1)]
    assert rows[0][1:] == [None, "Medium", None]
    assert rows[-1][1:] == [None, "Lav", datetime(2024, 12, 31)]
    assert all(r[1:] == [None, None, None] for i, r in enumerate(rows[:-1]) if i not in (0, 3))


def test_missing_keys_and_no_nytte_leave_cells_empty(form_settings, tmp_path):
    wb = reopen(fill_workbook({"navn": "Bare navn"}, form_settings), tmp_path / "tom.xlsx")
    assert named_value(wb, "Tiltak_Navn") == "Bare navn"
    assert all(named_value(wb, n) is None for n in SINGLE_FIELDS if n != "Tiltak_Navn")
    assert all(v is None for row in table_values(wb, "Leveranser")[1] for v in row)


def test_text_that_looks_like_a_formula_stays_text(form_settings, tmp_path):
    path = tmp_path / "f.xlsx"
    fill_workbook({"navn": "=1+1", "aktor": "@Helse"}, form_settings).save(path)
    wb = openpyxl.load_workbook(path)
    assert named_value(wb, "Tiltak_Navn") == "=1+1"
    sheet, ref = next(iter(wb.defined_names["Tiltak_Navn"].destinations))
    assert wb[sheet][ref.replace("$", "")].data_type == "s"


@pytest.mark.parametrize(("name", "expected"), [
    ("Pakkeforløp hjem – kreft", "pakkeforlop-hjem-kreft"),
    ("Ære, øl og Årstall 2024", "aere-ol-og-arstall-2024"),
    ("  Digi-Ung!  ", "digi-ung"),
    ("Café Ünïcode", "cafe-unicode"),
    ("–", "tiltak"),
])
def test_slug(name, expected):
    assert slug(name) == expected


def test_unique_stems_add_suffixes():
    assert unique_stems(["Heliks", "HELIKS", "heliks", "Fresk"]) == ["heliks", "heliks-2", "heliks-3", "fresk"]


@pytest.mark.slow
def test_prefill_files_writes_one_workbook_per_record(form_settings, tmp_path):
    records = [{"navn": "Heliks", "aktor": "Helse Vest"}, {"navn": "Heliks", "aktor": "Helse Nord"},
               {"navn": "Pakkeforløp hjem", "aktor": "Hdir"}]
    paths = prefill_files(records, tmp_path / "ut", form_settings)
    assert [p.name for p in paths] == ["heliks.xlsx", "heliks-2.xlsx", "pakkeforlop-hjem.xlsx"]
    assert [named_value(openpyxl.load_workbook(p), "Tiltak_Aktor") for p in paths] == ["Helse Vest", "Helse Nord",
                                                                                     "Hdir"]


@pytest.mark.slow
def test_committed_examples_are_the_seed_records(seed_records, form_settings):
    """The examples in input/ are template version 1.0 on purpose: they prove that 1.0 workbooks still read."""
    fixed = form_settings.vocabulary("nytteforutsetning")
    stems = unique_stems(r["navn"] for r in seed_records)
    books = sorted(p.name for p in (ROOT / "input").glob("*.xlsx"))
    assert books == sorted(f"{s}.xlsx" for s in stems)
    for stem, record in zip(stems, seed_records):
        wb = openpyxl.load_workbook(ROOT / "input" / f"{stem}.xlsx")
        assert named_value(wb, "Mal_Versjon") == "1.0"
        assert "Tiltak_KontaktEpost" not in wb.defined_names
        assert_round_trip(record, wb, fixed)
