"""Checks on untrusted files before openpyxl sees them."""

from __future__ import annotations

import codecs
import struct
import tracemalloc
import zipfile
from io import BytesIO

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import openpyxl.xml
from pipeline.read import formulascan, safety, zipcheck
from pipeline.contract.issues import Code, Severity
from tests.support.reader import build_workbook, compound_file, rewrite_zip, set_formula, sheet_part


def codes(report: safety.SafetyReport) -> list[str]:
    return [i.code for i in report.issues]


@pytest.fixture
def workbook(tmp_path):
    return build_workbook(tmp_path / "tiltak.xlsx")


def test_a_contract_workbook_passes(workbook):
    report = safety.check_file(workbook)
    assert report.ok
    assert report.issues == []
    assert report.data == workbook.read_bytes()
    assert report.formulas == {}
    assert not report.macros


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.xml.DEFUSEDXML is True


def test_empty_file(tmp_path):
    path = tmp_path / "tom.xlsx"
    path.write_bytes(b"")
    report = safety.check_file(path)
    assert codes(report) == [Code.EMPTY_FILE.code]
    assert not report.ok
    assert report.issues[0].file == "tom.xlsx"


@pytest.mark.parametrize("content, hint", [
    ("Tiltak;Aktør;Status\nFelles journal;Helse Nord;Grønn\n".encode("utf-8"), "tekstfil"),
    ("Tiltak,Aktør\nA,B\n".encode("cp1252"), "tekstfil"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF"),
    (b"<html><body><table><tr><td>1</td></tr></table></body></html>", "HTML"),
    (b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>', "2003"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "bilde"),
])
def test_other_files_renamed_to_xlsx(tmp_path, content, hint):
    path = tmp_path / "rapport.xlsx"
    path.write_bytes(content)
    report = safety.check_file(path)
    assert codes(report) == [Code.NOT_XLSX.code]
    assert hint in report.issues[0].message
    assert report.issues[0].severity is Severity.ERROR


def test_unknown_binary_is_not_xlsx_without_a_guess(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(bytes([0, 1, 2, 3, 250, 251]) * 50)
    report = safety.check_file(path)
    assert codes(report) == [Code.NOT_XLSX.code]
    assert "ser ut til" not in report.issues[0].message


def test_truncated_zip_is_corrupt(workbook):
    data = workbook.read_bytes()
    workbook.write_bytes(data[: len(data) // 2])
    report = safety.check_file(workbook)
    assert codes(report) == [Code.CORRUPT.code]


def test_zip_with_damaged_entry_is_corrupt(workbook):
    data = bytearray(workbook.read_bytes())
    with zipfile.ZipFile(BytesIO(bytes(data))) as zf:
        info = zf.getinfo("xl/workbook.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(start, start + info.compress_size):
        data[i] ^= 0x5A
    workbook.write_bytes(bytes(data))
    assert codes(safety.check_file(workbook)) == [Code.CORRUPT.code]


def test_old_xls(tmp_path):
    path = tmp_path / "gammel.xlsx"
    path.write_bytes(compound_file(["Workbook", "\x05SummaryInformation"]))
    assert codes(safety.check_file(path)) == [Code.OLD_XLS.code]


def test_password_protected_workbook(tmp_path):
    path = tmp_path / "hemmelig.xlsx"
    path.write_bytes(compound_file(["EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"]))
    report = safety.check_file(path)
    assert codes(report) == [Code.ENCRYPTED.code]
    assert not report.ok


def test_password_protected_with_unreadable_directory_falls_back_to_byte_search(tmp_path):
    path = tmp_path / "hemmelig.xlsx"
    data = bytearray(compound_file(["EncryptionInfo"]))
    struct.pack_into("<H", data, 0x1E, 7)  # impossible sector size: directory cannot be parsed
    path.write_bytes(bytes(data))
    assert codes(safety.check_file(path)) == [Code.ENCRYPTED.code]


def test_old_word_document(tmp_path):
    path = tmp_path / "notat.xlsx"
    path.write_bytes(compound_file(["WordDocument"]))
    report = safety.check_file(path)
    assert codes(report) == [Code.NOT_XLSX.code]
    assert ".doc" in report.issues[0].message


def test_file_over_the_size_limit_is_not_read(tmp_path):
    path = tmp_path / "stor.xlsx"
    with path.open("wb") as fh:
        fh.truncate(zipcheck.MAX_FILE_BYTES + 1)  # sparse: costs nothing on disk
    report = safety.check_file(path)
    assert codes(report) == [Code.TOO_LARGE.code]
    assert report.data is None


def test_zip_bomb_by_compression_ratio(workbook):
    size = 20 * zipcheck.MB
    with zipfile.ZipFile(workbook, "a", zipfile.ZIP_DEFLATED) as zf, zf.open("xl/media/zeros.bin", "w") as fh:
        chunk = bytes(zipcheck.MB)
        for _ in range(size // zipcheck.MB):
            fh.write(chunk)
    report = safety.check_file(workbook)
    assert codes(report) == [Code.TOO_LARGE.code]
    assert "zeros.bin" in report.issues[0].message


def test_zip_bomb_by_declared_size_is_stopped_fast_and_small(workbook):
    """An entry whose central directory declares 3 GB is rejected before anything is decompressed."""
    data = bytearray(workbook.read_bytes())
    pos = data.find(b"PK\x01\x02")  # first central directory header
    struct.pack_into("<I", data, pos + 24, 3_000_000_000)  # uncompressed size
    workbook.write_bytes(bytes(data))
    tracemalloc.start()
    report = safety.check_file(workbook)  # its time is measured in bench/cases.py
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert codes(report) == [Code.TOO_LARGE.code]
    assert peak < 5 * zipcheck.MB


def test_too_many_entries(workbook):
    with zipfile.ZipFile(workbook, "a") as zf:
        for i in range(zipcheck.MAX_ENTRIES + 1):
            zf.writestr(f"customXml/x{i}.txt", b"")
    report = safety.check_file(workbook)
    assert codes(report) == [Code.TOO_LARGE.code]
    assert str(zipcheck.MAX_ENTRIES) in report.issues[0].message


def test_huge_merged_range_is_too_large(workbook):
    part = sheet_part(workbook, "Tiltak")
    rewrite_zip(workbook, {part: lambda xml: xml.replace(
        b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A100:XFD1048576"/></mergeCells>')})
    assert codes(safety.check_file(workbook)) == [Code.TOO_LARGE.code]


def test_zip_without_workbook_part(tmp_path):
    path = tmp_path / "x.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "hei")
    assert codes(safety.check_file(path)) == [Code.NOT_XLSX.code]


def test_opendocument_spreadsheet(tmp_path):
    path = tmp_path / "regneark.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<office:document-content/>")
    report = safety.check_file(path)
    assert codes(report) == [Code.NOT_XLSX.code]
    assert ".ods" in report.issues[0].message


DOCTYPE = b'<!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_doctype_in_a_sheet_is_unsafe_in_any_encoding(workbook, encoding):
    part = sheet_part(workbook, "Leveranser")

    def inject(xml: bytes) -> bytes:
        name = "UTF-16" if "16" in encoding else "UTF-8"
        text = f'<?xml version="1.0" encoding="{name}"?>' + DOCTYPE.decode() + xml.decode("utf-8")
        return text.encode(encoding)

    rewrite_zip(workbook, {part: inject})
    report = safety.check_file(workbook)
    assert codes(report) == [Code.UNSAFE_XML.code]
    assert part in report.issues[0].message


def test_entity_declaration_in_shared_part_is_unsafe(workbook):
    rewrite_zip(workbook, {"[Content_Types].xml": lambda xml: (
        b'<?xml version="1.0"?><!-- a comment --><!ENTITY x SYSTEM "file:///etc/passwd">' + xml)})
    assert codes(safety.check_file(workbook)) == [Code.UNSAFE_XML.code]


@pytest.mark.parametrize("head, complete, expected", [
    (b'<?xml version="1.0"?><root/>', True, None),
    (b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- c --><root/>', True, None),
    (b'<?xml version="1.0"?><!DOCTYPE r><r/>', True, "DOCTYPE"),
    (b'  <!ENTITY e "x"><r/>', True, "ENTITY"),
    ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE r><r/>'.encode("utf-16"), True, "DOCTYPE"),
    ('<?xml version="1.0"?><!doctype r><r/>'.encode("utf-16-be"), True, "DOCTYPE"),
    (b'<?xml version="1.0"?><!-- ' + b"x" * 100, False, "uvanlig lang innledning"),
    (b"\x89PNG\r\n", True, None),
    (b'<r><![CDATA[<!DOCTYPE in text is fine>]]></r>', True, None),
])
def test_prolog_problem(head, complete, expected):
    assert zipcheck.prolog_problem(head, complete=complete) == expected


def test_macros_are_a_warning_and_reading_continues(workbook):
    rewrite_zip(workbook, {
        "xl/vbaProject.bin": b"\xd0\xcf\x11\xe0fake vba",
        "[Content_Types].xml": lambda xml: xml.replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"),
    })
    report = safety.check_file(workbook)
    assert codes(report) == [Code.MACROS.code]
    assert report.issues[0].severity is Severity.WARNING
    assert report.macros and report.ok


def test_formula_cells_are_found_with_sheet_names(workbook):
    set_formula(workbook, "Drift og forvaltning", "C4", "SUM(1,2)", "3")
    set_formula(workbook, "Tiltak", "B2", "Nytte!B2", None)
    report = safety.check_file(workbook)
    assert report.formulas == {("Drift og forvaltning", "C4"): "=SUM(1,2)", ("Tiltak", "B2"): "=Nytte!B2"}


def test_shared_formulas_are_translated_and_cells_without_r_are_placed():
    xml = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
           b'<row r="2"><c r="B2"><f t="shared" ref="B2:B4" si="0">A2*2</f><v>2</v></c></row>'
           b'<row r="3"><c r="B3"><f t="shared" si="0"/><v>4</v></c></row>'
           b'<row><c><v>1</v></c><c><f>A4+1</f></c></row>'
           b'</sheetData></worksheet>')
    assert formulascan.sheet_formulas(xml, "Ark") == {
        ("Ark", "B2"): "=A2*2", ("Ark", "B3"): "=A3*2", ("Ark", "B4"): "=A4+1"}


def test_worksheet_parts_follow_the_relationships(workbook):
    with zipfile.ZipFile(workbook) as zf:
        parts = formulascan.worksheet_parts(zf)
    assert parts[sheet_part(workbook, "Drift og forvaltning")] == "Drift og forvaltning"
    assert len(parts) == len(set(parts.values()))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_check_bytes_never_raises(data):
    report = safety.check_bytes(data, file="x.xlsx")
    assert report.ok == (report.data is not None and not any(i.is_error for i in report.issues))


@pytest.mark.parametrize("bom", [codecs.BOM_UTF8, codecs.BOM_UTF16_LE])
def test_bom_text_file_is_reported_as_text(tmp_path, bom):
    path = tmp_path / "eksport.xlsx"
    encoding = "utf-8" if bom == codecs.BOM_UTF8 else "utf-16-le"
    path.write_bytes(bom + "Navn;År\nA;2022\n".encode(encoding))
    report = safety.check_file(path)
    assert codes(report) == [Code.NOT_XLSX.code]
    assert "tekstfil" in report.issues[0].message

