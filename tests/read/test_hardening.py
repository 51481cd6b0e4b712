"""Broken and hostile workbooks never break the merge or lose data.

Each case in :func:`tests.support.hardening.cases` is built from a real submission and
checked for what the user sees: the issue code with file, sheet and cell, and
whether the submission reaches the document. The document itself is read back
with python-docx. The limits are documented in ``docs/grenser.md``.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import tracemalloc
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from tests.support import hardening as H
from pipeline.common import atomic
from pipeline.read import tables, zipcheck
from pipeline.contract.catalogue import SECTIONS_BY_KEY
from pipeline.validate.batch import check_paths
from pipeline.cli.main import EXIT_ERRORS, EXIT_USAGE, main
from pipeline.contract.issues import Code
from pipeline.merge.run import Mode, plan_merge
from pipeline.read.load import unescape_ooxml
from pipeline.read.reader import read_workbook
from pipeline.merge.export import tiltak_to_record
from pipeline.word.render import render_document, save_document
from pipeline.contract.settings import load_report_settings
from pipeline.validate.validator import validate

#: The whole module is in the full run only: the hostile corpus is built and read whole (about 10 s).
pytestmark = pytest.mark.slow

CASES = H.cases()
BY_FILE = {case.file: case for case in CASES}
REPORT = load_report_settings(H.REPORT_SETTINGS)
SEGMENTS = ("Samstyre", "Koordinere", "Observere")
GOOD = sorted(H.INPUT.glob("*.xlsx"))
LIBREOFFICE = "libreoffice.xlsx"


# --- building the folders once ----------------------------------------------------------------

@pytest.fixture(scope="module")
def case_dir(tmp_path_factory) -> Path:
    """Every broken case in one folder."""
    folder = tmp_path_factory.mktemp("saker")
    for case in CASES:
        case.build(folder / case.file)
    return folder


@pytest.fixture(scope="module")
def planned(case_dir, form_settings):
    """The cases checked and planned as ``merge`` does: file name → (result, merged?)."""
    check = check_paths([case_dir], form_settings, REPORT.rapportdato)
    plan = plan_merge(check, Mode.NORMAL, REPORT, form_settings)
    results = {f.name: (f, True) for f in plan.merged}
    results.update({f.name: (f, False) for f in plan.rejected})
    return results


@pytest.fixture(scope="module")
def mixed(case_dir, tmp_path_factory):
    """The 40 good examples, every broken case and rapport.toml, merged through the CLI."""
    root = tmp_path_factory.mktemp("blandet")
    folder = root / "innrapporteringer"
    folder.mkdir()
    for path in [*GOOD, H.REPORT_SETTINGS, *case_dir.iterdir()]:
        shutil.copy(path, folder / path.name)
    out = root / "ut" / "Vedlegg2.docx"
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(["merge", str(folder), "-o", str(out)])
    document = docx.Document(str(out)) if out.exists() else None
    return code, stdout.getvalue(), stderr.getvalue(), document, folder


# --- reading the document back ----------------------------------------------------------------

def wt_text(element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def chapters(document) -> dict[str, list]:
    """Heading 2 text → the paragraphs and tables of that chapter (under a segment heading)."""
    found: dict[str, list] = {}
    current: list | None = None
    in_segment = False
    for block in document.iter_inner_content():
        style = block.style.name if isinstance(block, Paragraph) else ""
        if style == "Heading 1":
            in_segment, current = block.text in SEGMENTS, None
        elif style == "Heading 2" and in_segment:
            assert block.text not in found, f"kapittelet {block.text} finnes to ganger"
            current = found.setdefault(block.text, [])
        elif current is not None:
            current.append(block)
    return found


def cell_paragraphs(tc) -> list[str]:
    return [wt_text(p) for p in tc.iter(qn("w:p"))]


def key_values(chapter: list) -> dict[str, list[str]]:
    """The chapter's key/value table: label → the value cell's paragraph texts."""
    table = next(b for b in chapter if isinstance(b, Table))
    return {wt_text(tr.tc_lst[0]): cell_paragraphs(tr.tc_lst[1]) for tr in table._tbl.tr_lst}


def section_rows(chapter: list, key: str) -> list[list[list[str]]]:
    """The data rows of a section table: row → cell → paragraph texts."""
    title = SECTIONS_BY_KEY[key].title
    start = next(i for i, b in enumerate(chapter)
                 if isinstance(b, Paragraph) and b.style.name == "Heading 3" and b.text == title)
    table = next(b for b in chapter[start:] if isinstance(b, Table))
    return [[cell_paragraphs(tc) for tc in tr.tc_lst] for tr in table._tbl.tr_lst[1:]]


# --- every case: what the user sees -----------------------------------------------------------

def _matches(issue, case, expect) -> bool:
    return (issue.code == expect.code.code and issue.file == case.file
            and (not expect.sheet or issue.sheet == expect.sheet) and (not expect.cell or issue.cell == expect.cell))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.file)
def test_each_case_is_reported_with_file_sheet_and_cell(case, planned):
    result, merged = planned[case.file]
    for expect in case.expect:
        assert any(_matches(i, case, expect) for i in result.issues), \
            (expect, [i.format() for i in result.issues])
    assert merged == case.merged, [i.format() for i in result.errors]
    assert bool(result.errors) != case.merged
    assert all(i.file == case.file for i in result.issues)
    assert not any(i.code == Code.INTERNAL.code for i in result.issues)
    assert not any("Traceback" in i.message or "Error" in i.message for i in result.issues)


def test_every_case_and_nothing_else_was_read(planned):
    assert set(BY_FILE) <= set(planned)
    assert set(planned) == set(BY_FILE)


@pytest.mark.parametrize("file", ["latter-ark.xlsx", "latter-strenger.xlsx", "zipbombe.xlsx"])
def test_bombs_are_rejected_with_bounded_memory(case_dir, file):
    path = case_dir / file
    tracemalloc.start()
    book = read_workbook(path)  # the time it takes is measured in bench/bench.py
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert not book.readable
    assert [i.code for i in book.issues] == [BY_FILE[file].expect[0].code.code]
    assert peak < 4 * path.stat().st_size + 10 * zipcheck.MB


def test_the_zip_bomb_really_unpacks_to_hundreds_of_megabytes(case_dir):
    with zipfile.ZipFile(case_dir / "zipbombe.xlsx") as zf:
        declared = sum(i.file_size for i in zf.infolist())
        packed = (case_dir / "zipbombe.xlsx").stat().st_size
    assert declared > zipcheck.MAX_UNCOMPRESSED_BYTES and packed < zipcheck.MB


# --- values: read and used, or reported ----------------------------------------------------

@pytest.fixture(scope="module")
def base_record(form_settings):
    return tiltak_to_record(validate(read_workbook(H.BASE), form_settings).tiltak)


def _same_as_base(result, base_record, *, except_keys=("navn",)) -> None:
    record = tiltak_to_record(result.tiltak)
    assert {k: v for k, v in record.items() if k not in except_keys} == \
        {k: v for k, v in base_record.items() if k not in except_keys}


@pytest.mark.parametrize("file", ["makro.xlsm", "uten-tabeller.xlsx", "rad-under.xlsx", "utenfor.xlsx"])
def test_data_is_read_in_full_despite_the_damage(planned, base_record, file):
    """Macros ignored, tables found by their header rows, stray cells reported: the data is the same."""
    result, merged = planned[file]
    assert merged
    _same_as_base(result, base_record)


def test_libreoffice_resave_reads_the_same(tmp_path, base_record, form_settings):
    source = H.from_good(tmp_path / LIBREOFFICE, H.tiltak_name("LibreOffice"))
    done = H.libreoffice_resave([source], tmp_path / "ut", tmp_path / "profil")
    if not done:
        pytest.skip("LibreOffice (soffice) er ikke tilgjengelig")
    check = check_paths([done[0]], form_settings, REPORT.rapportdato)
    plan = plan_merge(check, Mode.NORMAL, REPORT, form_settings)
    [result] = plan.merged
    assert result.errors == []
    _same_as_base(result, base_record)


def test_formula_cached_value_is_used(planned):
    result, _ = planned["formel.xlsx"]
    assert result.tiltak.aktor == "Helse Nord RHF"
    [issue] = [i for i in result.issues if i.code == Code.FORMULA.code]
    assert "CONCATENATE" in issue.message and issue.value == "Helse Nord RHF"


def test_formula_without_a_value_names_the_formula(planned):
    result, _ = planned["formel-uten-verdi.xlsx"]
    [issue] = [i for i in result.issues if i.code == Code.FORMULA_NO_VALUE.code]
    assert 'IF(1=1;"Gul";"Rød")' in issue.message and issue.field == "Status"


def test_numbers_and_years_stored_as_text_are_read(planned, base_record):
    result, _ = planned["tall-som-tekst.xlsx"]
    first = result.tiltak.kostnader[0]
    assert (first.ar, first.belop) == (2022, Decimal("1234.5"))
    assert result.tiltak.nytte.netto_nytteverdi == Decimal("28.3")


@pytest.mark.parametrize("file", ["serienummer.xlsx", "dato-1904.xlsx"])
def test_serial_dates_in_both_date_systems(planned, file):
    result, _ = planned[file]
    assert result.tiltak.sluttdato == date(2024, 12, 31)


def test_1904_workbook_keeps_its_real_dates(planned, base_record):
    result, _ = planned["dato-1904.xlsx"]
    _same_as_base(result, base_record, except_keys=("navn", "sluttdato"))


def test_text_dates_in_other_formats_are_errors_naming_the_value(planned):
    result, _ = planned["dato-som-tekst.xlsx"]
    bad = {(i.sheet, i.cell): i.value for i in result.errors if i.code == Code.BAD_DATE.code}
    assert sorted(bad.values()) == ["1. mars 2022", "31/12/2024"]
    assert result.tiltak.leveranser[1].sluttdato == date(2022, 3, 1)  # åååå-mm-dd is accepted


def test_merged_cells_keep_the_first_value_and_say_so(planned):
    result, _ = planned["sammenslatt.xlsx"]
    [issue] = [i for i in result.issues if i.code == Code.MERGED_CELLS.code]
    assert issue.field == "Beskrivelse av leveranse"
    assert result.tiltak.leveranser[1].beskrivelse == ""


def test_control_characters_are_removed_and_named(planned):
    result, _ = planned["kontrolltegn.xlsx"]
    assert result.tiltak.beskrivelse == "Linje énlinje to og _x000B_ skrevet med vilje."
    [issue] = [i for i in result.issues if i.code == Code.INVALID_CHARS.code]
    assert "U+000B" in issue.message and "U+0000" in issue.message
    assert issue.value == "Linje én\u240blinje to\u2400 og _x000B_ skrevet med vilje."  # shown, never raw


def test_text_over_excels_limit_is_an_error_with_the_count(planned):
    result, _ = planned["for-lang-tekst.xlsx"]
    [issue] = [i for i in result.errors if i.code == Code.TEXT_TOO_LONG.code]
    assert "32 768 tegn" in issue.message and "32 767" in issue.message


@pytest.mark.parametrize("by_header", [False, True], ids=["tabell", "overskrift"])
def test_too_many_rows_is_an_error_and_the_first_rows_are_read(tmp_path, monkeypatch, form_settings, by_header):
    monkeypatch.setattr(tables, "MAX_TABLE_ROWS", 30)
    path = H.from_good(tmp_path / "mange.xlsx", "Mange rader", H.many_rows(45))
    if by_header:
        H.remove_tables(path)
    result = validate(read_workbook(path), form_settings)
    [issue] = [i for i in result.errors if i.code == Code.TOO_MANY_ROWS.code]
    min_col, top, _, _ = H.table_bounds(H.good_workbook(), "Leveranser")
    assert (issue.sheet, issue.cell) == ("Leveranser", f"{'ABCD'[min_col - 1]}{top + 31}")
    assert "45 rader" in issue.message and "30" in issue.message
    assert [lev.navn for lev in result.tiltak.leveranser] == [f"Leveranse {n}" for n in range(1, 31)]


def test_raw_control_character_in_xml_is_a_damaged_file(planned):
    result, _ = planned["kontrolltegn-raa.xlsx"]
    assert result.tiltak is None
    assert [i.code for i in result.issues] == [Code.CORRUPT.code]


@pytest.mark.parametrize("stored, typed", [
    ("a_x000B_b", "a\x0bb"), ("_x005F_x000B_", "_x000B_"), ("_x000D__x000A_", "\r\n"), ("x_x", "x_x"),
    ("_x00e6_", "æ"), ("_xZZZZ_", "_xZZZZ_"),
])
def test_excel_string_escapes_are_decoded(stored, typed):
    assert unescape_ooxml(stored) == typed
    assert unescape_ooxml(H.excel_escape(typed)) == typed or typed == "æ"


def test_duplicates_name_each_other_and_neither_wins(planned):
    a, merged_a = planned["duplikat-a.xlsx"]
    b, merged_b = planned["duplikat-b.xlsx"]
    assert not merged_a and not merged_b
    [issue_a] = [i for i in a.issues if i.code == Code.DUPLICATE_TILTAK.code]
    [issue_b] = [i for i in b.issues if i.code == Code.DUPLICATE_TILTAK.code]
    assert "duplikat-b.xlsx" in issue_a.message and "duplikat-a.xlsx" in issue_b.message


def test_same_file_twice_on_the_command_line_is_read_once(case_dir, tmp_path, capsys, form_settings, monkeypatch):
    for name in ("formel.xlsx", "makro.xlsm"):
        shutil.copy(case_dir / name, tmp_path / name)
    path = tmp_path / "formel.xlsx"
    monkeypatch.chdir(tmp_path)
    spellings = [path, Path("formel.xlsx"), Path("../" + tmp_path.name + "/formel.xlsx")]
    assert len(check_paths(spellings, form_settings).files) == 1
    assert [f.name for f in check_paths([tmp_path, path], form_settings).files] == ["formel.xlsx", "makro.xlsm"]
    assert main(["validate", *map(str, spellings)]) == 0
    out = capsys.readouterr().out
    assert "1 arbeidsbok lest" in out


# --- the document ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def merged_chapters(mixed):
    return chapters(mixed[3])


@pytest.mark.slow  # merges the whole folder (a whole end-to-end merge)
def test_text_reaches_the_document_unchanged(merged_chapters):
    assert key_values(merged_chapters[H.tiltak_name("emoji")])["Beskrivelse"] == [H.EMOJI_RTL]
    long = key_values(merged_chapters[H.tiltak_name("lang tekst")])["Beskrivelse"]
    assert len(H.LONG_TEXT) == 32767 and long == [H.LONG_TEXT]
    assert key_values(merged_chapters[H.tiltak_name("kontrolltegn")])["Beskrivelse"] == [
        "Linje énlinje to og _x000B_ skrevet med vilje."]


@pytest.mark.slow  # merges the whole folder (a whole end-to-end merge)
def test_text_that_looks_like_a_formula_stays_text(merged_chapters, planned):
    chapter = merged_chapters[H.tiltak_name("formeltegn")]
    assert key_values(chapter)["Kontaktperson"] == ['=HYPERLINK("http://x";"Kari")']
    descriptions = [row[1] for row in section_rows(chapter, "leveranser")[:3]]
    assert descriptions == [["=SUM(A1:A9) er ikke en formel"], ["+47 22 00 00 00"], ["@kari på e-post"]]
    result, _ = planned["formeltegn.xlsx"]
    assert not any(i.code.startswith("formel") for i in result.issues)


@pytest.mark.slow  # merges the whole folder (a whole end-to-end merge)
def test_five_thousand_rows_all_reach_the_document(merged_chapters):
    rows = section_rows(merged_chapters[H.tiltak_name("5000 rader")], "leveranser")
    assert len(rows) == H.ROWS_5000
    assert [rows[0][0], rows[-1][0]] == [["Leveranse 1"], [f"Leveranse {H.ROWS_5000}"]]


@pytest.mark.slow  # merges the whole folder (a whole end-to-end merge)
def test_formula_value_reaches_the_document(merged_chapters):
    assert key_values(merged_chapters[H.tiltak_name("formel")])["Aktør"] == ["Helse Nord RHF"]


# --- the mixed folder through the command line --------------------------------------------------

@pytest.mark.slow  # merges the whole folder (a whole end-to-end merge)
def test_mixed_folder_merges_every_good_submission_and_names_every_bad_one(mixed, planned, merged_chapters,
                                                                          form_settings):
    code, out, err, document, folder = mixed
    assert code == EXIT_ERRORS
    assert "Traceback" not in out + err and err == ""
    good_names = {validate(read_workbook(p), form_settings).tiltak.navn for p in GOOD}
    accepted = {c.name for c in CASES if c.merged}
    assert len(good_names) == 40
    assert set(merged_chapters) == good_names | accepted
    rejected = [c for c in CASES if not c.merged]
    assert f"Avvist: {len(rejected)}." in out
    lines = out.splitlines()
    for case in rejected:
        heading = next((i for i, line in enumerate(lines) if line.startswith(f"  {case.file}")), None)
        assert heading is not None, case.file
        reasons = lines[heading + 1:heading + 4]
        first_error = next(i for i in planned[case.file][0].errors)
        assert any(first_error.message[:40] in line for line in reasons), (case.file, reasons)
    assert f"Slått sammen: {len(good_names | accepted)}" in out


# --- output that cannot be written --------------------------------------------------------------

@pytest.fixture
def small_folder(tmp_path) -> Path:
    folder = tmp_path / "inn"
    folder.mkdir()
    for path in (H.INPUT / "heliks.xlsx", H.INPUT / "fresk.xlsx", H.REPORT_SETTINGS):
        shutil.copy(path, folder / path.name)
    return folder


def _run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_output_under_a_regular_file_is_a_clear_error(small_folder, tmp_path, capsys):
    blocker = tmp_path / "ikke-en-mappe"
    blocker.write_text("en fil")
    code, out, err = _run(["merge", str(small_folder), "-o", str(blocker / "Vedlegg2.docx")], capsys)
    assert code == EXIT_USAGE
    assert err.startswith("Feil: Kan ikke skrive i mappen") and "en fil med samme navn finnes allerede" in err
    assert "Traceback" not in err and "Errno" not in err
    assert blocker.read_text() == "en fil"


def test_output_that_is_a_folder_is_a_clear_error(small_folder, tmp_path, capsys):
    target = tmp_path / "Vedlegg2.docx"
    target.mkdir()
    code, out, err = _run(["merge", str(small_folder), "-o", str(target)], capsys)
    assert code == EXIT_USAGE
    assert "det er en mappe" in err and "Traceback" not in err
    assert list(target.iterdir()) == []


def test_a_failed_write_leaves_the_previous_document(small_folder, tmp_path, capsys, monkeypatch):
    target = tmp_path / "ut" / "Vedlegg2.docx"
    code, _, _ = _run(["merge", str(small_folder), "-o", str(target)], capsys)
    assert code == EXIT_ERRORS  # written; the other expected tiltak are missing
    before = target.read_bytes()
    shutil.copy(H.INPUT / "mf-helse.xlsx", small_folder / "mf-helse.xlsx")  # the next document differs

    def locked(src, dst):  # what Windows does when Word has the file open
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(atomic.os, "replace", locked)
    code, out, err = _run(["merge", str(small_folder), "-o", str(target)], capsys)
    assert code == EXIT_USAGE
    assert "Er filen åpen i et annet program" in err and "ingen skrivetilgang" in err
    assert "Traceback" not in err
    assert target.read_bytes() == before
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]


# --- property: any text reaches the document ----------------------------------------------------

_BREAKS = re.compile("\r\n|[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_BULLET = re.compile(r"[•\-–*]\s+(.*)", re.S)
_NUMBERED = re.compile(r"\d{1,3}[.)]\s+(.*)", re.S)


def expected_lines(typed: str, long: bool) -> list[str]:
    """The documented rules: XML-invalid characters removed, one paragraph per non-blank line,
    stripped; in long text a bullet or number marker and its spaces are removed."""
    lines = [line.strip() for line in _BREAKS.split(_NOT_XML.sub("", typed))]
    lines = [line for line in lines if line]
    if long:
        lines = [m.group(1) if (m := _BULLET.fullmatch(line) or _NUMBERED.fullmatch(line)) else line
                 for line in lines]
    return lines


def expected_heading(typed: str) -> str:
    return _NOT_XML.sub("", typed).replace("\r\n", "\n").replace("\r", "\n").strip()


PIECES = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=12),
    st.sampled_from(["\n", "\r\n", "\r", "• ", "- ", "– ", "* ", "1. ", "12) ", "\x0b", "\x00", "\x1f", "\ufffe",
                     "http://e-helse.no/a).", "www.ehelse.no", "_x000B_", "=SUM(A1)", "+47", "@navn", "\u2028",
                     "  ", "\t", "😀", "שלום", "Grønn"]),
)
ANY_TEXT = st.lists(PIECES, max_size=8).map("".join)
SINGLE = {"Tiltak_Navn": None, "Tiltak_Aktor": False, "Tiltak_Kontaktperson": False, "Tiltak_Beskrivelse": True,
          "Tiltak_Statuskommentar": True, "Tiltak_Risikobeskrivelse": True, "Nytte_AnnenNytte": True,
          "Nytte_HvemHarNytte": True, "Nytte_Vurdering": True}  # name → long text? (None: the heading)
TABLE_TEXT = {("Leveranser", 0): False, ("Leveranser", 1): True, ("Avhengigheter", 0): False,
              ("Avhengigheter", 1): True, ("Avhengigheter", 2): True}
LABELS = {"Tiltak_Aktor": "Aktør", "Tiltak_Kontaktperson": "Kontaktperson", "Tiltak_Beskrivelse": "Beskrivelse",
          "Tiltak_Statuskommentar": "Kommentar til status", "Tiltak_Risikobeskrivelse": "Risiko beskrivelse"}
NYTTE_COLUMNS = {"Nytte_AnnenNytte": 2, "Nytte_HvemHarNytte": 3, "Nytte_Vurdering": 4}
SECTION_KEYS = {"Leveranser": "leveranser", "Avhengigheter": "avhengigheter"}
BASE_BYTES = H.BASE.read_bytes()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(single=st.fixed_dictionaries({name: ANY_TEXT for name in SINGLE}),
       cells=st.fixed_dictionaries({key: ANY_TEXT for key in TABLE_TEXT}))
def test_any_text_in_any_text_field_reaches_the_document(single, cells, tmp_path_factory, form_settings):
    folder = tmp_path_factory.mktemp("egenskap")
    wb = load_workbook(io.BytesIO(BASE_BYTES))
    for name, text in single.items():
        H.set_text(H.named_cell(wb, name), H.excel_escape(text))
    for (table, column), text in cells.items():
        ws, _ = H.table_of(wb, table)
        min_col, top, _, _ = H.table_bounds(wb, table)
        H.set_text(ws.cell(top + 1, min_col + column), H.excel_escape(text))
    path = folder / "tekst.xlsx"
    wb.save(path)
    H.inline_to_shared(path)  # as Excel stores text, escapes and all
    tiltak = validate(read_workbook(path), form_settings).tiltak
    out = save_document(render_document([tiltak], REPORT, form_settings), folder / "tekst.docx")

    document = docx.Document(str(out))
    [heading] = [p for p in document.paragraphs if p.style.name == "Heading 2"]
    assert wt_text(heading._p) == expected_heading(single["Tiltak_Navn"])
    chapter = chapters(document)[heading.text]
    values = key_values(chapter)
    for name, label in LABELS.items():
        assert values[label] == (expected_lines(single[name], SINGLE[name]) or [""]), name
    nytte = section_rows(chapter, "nytte")[0]
    for name, column in NYTTE_COLUMNS.items():
        assert nytte[column] == (expected_lines(single[name], True) or [""]), name
    for (table, column), text in cells.items():
        row = section_rows(chapter, SECTION_KEYS[table])[0]
        assert row[column] == (expected_lines(text, TABLE_TEXT[(table, column)]) or [""]), (table, column)
