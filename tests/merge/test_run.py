"""The merge end to end: workbooks in a folder -> Vedlegg2.docx, vedlegg2.json and the merge report."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from tests.support.merge import chapters, copy_examples, expect_only
from tests.support.records import documented_normalisation, norwegian

from pipeline.contract.catalogue import HEADER_FIELDS_BY_KEY, SECTIONS_BY_KEY
from pipeline.cli.main import main
from pipeline.contract.fields import Kind
from pipeline.excel.prefill import fill_workbook, prefill_files

_MARKER = re.compile(r"^\s*(?:[•\-–*]|\d{1,3}[.)])\s+")


def cell_text(typed: str) -> str:
    """What a long text cell shows: one paragraph per non-blank line, list markers removed."""
    lines = [ln.strip() for ln in typed.replace("\r\n", "\n").split("\n") if ln.strip()]
    return "\n".join(_MARKER.sub("", ln) for ln in lines)


def shown(typed: str, spec) -> str:
    if spec.kind in (Kind.NUMBER, Kind.INTEGER):
        return norwegian(typed)
    return cell_text(typed) if spec.kind is Kind.LONGTEXT else typed


@pytest.fixture(scope="module")
def merged(tmp_path_factory):
    folder = copy_examples(tmp_path_factory.mktemp("inn"))
    out = tmp_path_factory.mktemp("ut") / "Vedlegg2.docx"
    code = main(["merge", str(folder), "-o", str(out), "--quiet"])
    return code, out


@pytest.mark.slow
def test_all_40_examples_merge_in_the_settings_order(merged, seed_records):
    code, out = merged
    assert code == 0
    got = [(c.segment, c.title) for c in chapters(out)]
    assert got == [(r["segment"], r["navn"]) for r in seed_records]  # rapport.toml lists them in seed order


@pytest.mark.slow
def test_each_chapter_holds_exactly_the_submitted_values(merged, seed_records, form_settings):
    _, out = merged
    by_name = {c.title: c for c in chapters(out)}
    for record in seed_records:
        chapter = by_name[record["navn"]]
        layout = form_settings.layout(record["segment"])
        expected = documented_normalisation(record, form_settings.vocabulary("nytteforutsetning"))
        assert [k for k, _ in chapter.key_values] == [HEADER_FIELDS_BY_KEY[k].label for k in layout.nokkelrader]
        assert [v for _, v in chapter.key_values] == [shown(expected[k], HEADER_FIELDS_BY_KEY[k]) for k in layout.nokkelrader]
        assert list(chapter.sections) == [SECTIONS_BY_KEY[k].title for k in layout.seksjoner]
        for key in layout.seksjoner:
            section = SECTIONS_BY_KEY[key]
            rows = chapter.sections[section.title]
            assert tuple(rows[0]) == section.headers, (record["navn"], key)
            data = expected[key] if key != "nytte" else expected["nytte"]
            assert rows[1:] == [[shown(row[c.key], c) for c in section.columns] for row in data], (record["navn"], key)


@pytest.mark.slow
def test_observere_has_no_risk_rows_and_samstyre_all_six_sections(merged):
    _, out = merged
    for chapter in chapters(out):
        labels = [k for k, _ in chapter.key_values]
        if chapter.segment == "Observere":
            assert "Risiko" not in labels and "Tiltakets innføringsstrategi" not in labels
            assert list(chapter.sections) == ["Leveranser"]
        if chapter.segment == "Samstyre":
            assert list(chapter.sections) == ["Leveranser", "Avhengigheter", "Kostnader", "Drift og forvaltning",
                                              "Nytte", "Nytteforutsetninger"]


@pytest.mark.slow
def test_seed_prefill_merge_export_round_trip(tmp_path, seed_records, form_settings):
    """seed JSON -> prefill -> merge -> export JSON equals the seed (after the documented normalisation)."""
    folder = tmp_path / "inn"
    prefill_files(seed_records, folder, form_settings)
    copy_examples(folder, names=[])  # only rapport.toml (and the earlier rounds it points at)
    assert main(["merge", str(folder), "-o", str(tmp_path / "ut" / "V.docx"), "--quiet"]) == 0
    exported = json.loads((tmp_path / "ut" / "vedlegg2.json").read_text(encoding="utf-8"))
    fixed = form_settings.vocabulary("nytteforutsetning")
    assert exported == [documented_normalisation(r, fixed) for r in seed_records]


@pytest.mark.slow
def test_the_same_input_merged_twice_gives_the_same_document(tmp_path):
    folder = copy_examples(tmp_path / "inn", names=["heliks.xlsx", "mf-helse.xlsx", "kpr-2024.xlsx"])
    parts = []
    for run in ("a", "b"):
        out = tmp_path / run / "V.docx"
        assert main(["merge", str(folder), "-o", str(out), "--quiet"]) == 1  # 37 expected tiltak are missing
        with zipfile.ZipFile(out) as z:
            parts.append({n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"})
    assert parts[0] == parts[1]


@pytest.mark.slow
def test_missing_and_unexpected_submissions_are_reported(tmp_path, seed_records, form_settings, capsys):
    folder = copy_examples(tmp_path / "inn", names=["heliks.xlsx", "mf-helse.xlsx"])
    extra = dict(seed_records[0], navn="Et nytt tiltak")
    fill_workbook(extra, form_settings).save(folder / "nytt.xlsx")
    out = tmp_path / "ut" / "V.docx"

    assert main(["merge", str(folder), "-o", str(out), "--quiet"]) == 1  # a document, but tiltak are missing
    printed = capsys.readouterr().out
    assert "Mangler i dokumentet (38 forventet):" in printed
    assert "MSIS-databasen (Koordinere, Folkehelseinstituttet) – ikke mottatt" in printed
    assert "uten å stå i listen over forventede tiltak: Et nytt tiltak" in printed
    report = json.loads((out.parent / "merge-rapport.json").read_text(encoding="utf-8"))
    assert len(report["mangler"]) == 38 and {m["grunn"] for m in report["mangler"]} == {"ikke mottatt"}
    assert report["uventet"] == [{"navn": "Et nytt tiltak", "segment": extra["segment"], "aktor": extra["aktor"],
                                  "fil": "nytt.xlsx"}]
    rows = list(openpyxl.load_workbook(out.parent / "merge-rapport.xlsx")["Mangler og uventede"].values)
    assert ("uventet", "Et nytt tiltak", extra["segment"], extra["aktor"], None, None,
            "mottatt (nytt.xlsx), men ikke i listen over forventede") in rows
    # the unexpected submission is valid and merged all the same
    assert "Et nytt tiltak" in [c.title for c in chapters(out)]


@pytest.mark.slow
def test_exit_code_is_0_only_when_every_expected_tiltak_is_merged(tmp_path, capsys):
    folder = copy_examples(tmp_path / "inn", names=["heliks.xlsx", "mf-helse.xlsx"])
    out = tmp_path / "ut" / "V.docx"
    expect_only(folder, ["HELIKS", "MF Helse"])
    assert main(["merge", str(folder), "-o", str(out), "--quiet"]) == 0
    assert "Mangler" not in capsys.readouterr().out
    copy_examples(folder, names=[])  # the full rapport.toml again …
    expect_only(folder, ["HELIKS", "MF Helse", "MSIS-databasen"])  # … and one expected tiltak does not come
    assert main(["merge", str(folder), "-o", str(out), "--quiet"]) == 1
    printed = capsys.readouterr().out
    assert "Mangler i dokumentet (1 forventet):\n  MSIS-databasen (Koordinere, Folkehelseinstituttet) – ikke mottatt" in printed
    assert f"Skrev {out}" in printed


@pytest.mark.slow
def test_two_workbooks_for_the_same_tiltak_are_both_rejected_naming_each_other(tmp_path, capsys):
    folder = copy_examples(tmp_path / "inn", names=["heliks.xlsx", "mf-helse.xlsx"])
    (folder / "heliks-kopi.xlsx").write_bytes((folder / "heliks.xlsx").read_bytes())
    out = tmp_path / "ut" / "V.docx"

    assert main(["merge", str(folder), "-o", str(out), "--quiet"]) == 1
    printed = capsys.readouterr().out
    assert "rapportert i flere filer: heliks.xlsx" in printed and "rapportert i flere filer: heliks-kopi.xlsx" in printed
    # the expected tiltak is not in the document: listed as missing, with why
    assert "  HELIKS (Koordinere, Helse Vest) – avvist (heliks-kopi.xlsx, heliks.xlsx)" in printed
    assert [c.title for c in chapters(out)] == ["MF Helse"]
    wb = openpyxl.load_workbook(out.parent / "merge-rapport.xlsx")
    statuses = {row[0]: row[4] for row in wb["Oversikt"].iter_rows(min_row=2, values_only=True)}
    assert statuses == {"heliks.xlsx": "avvist", "heliks-kopi.xlsx": "avvist", "mf-helse.xlsx": "slått sammen"}


def _break(path: Path, name: str, value) -> None:
    wb = openpyxl.load_workbook(path)
    sheet, coord = next(iter(wb.defined_names[name].destinations))
    wb[sheet][coord.replace("$", "")] = value
    wb.save(path)


@pytest.mark.slow
def test_strict_writes_nothing_and_keeps_the_previous_document(tmp_path, capsys):
    folder = copy_examples(tmp_path / "inn", names=["heliks.xlsx", "mf-helse.xlsx"])
    out = tmp_path / "ut" / "V.docx"
    main(["merge", str(folder), "-o", str(out), "--quiet"])
    before = out.read_bytes()
    _break(folder / "heliks.xlsx", "Tiltak_Status", "Lilla")

    assert main(["merge", str(folder), "-o", str(out), "--strict", "--quiet"]) == 1
    assert "Ingen dokument skrevet" in capsys.readouterr().out
    assert out.read_bytes() == before


@pytest.mark.slow
def test_lenient_merges_a_submission_with_errors_and_marks_it(tmp_path, capsys):
    folder = copy_examples(tmp_path / "inn", names=["heliks.xlsx", "mf-helse.xlsx"])
    _break(folder / "heliks.xlsx", "Tiltak_Fase", "Ferdig")
    out = tmp_path / "ut" / "V.docx"
    expect_only(folder, ["HELIKS", "MF Helse"])

    assert main(["merge", str(folder), "-o", str(out), "--quiet"]) == 1
    assert [c.title for c in chapters(out)] == ["MF Helse"]
    assert "HELIKS (Koordinere, Helse Vest) – avvist (heliks.xlsx)" in capsys.readouterr().out
    # nothing rejected, nothing missing, but errors in the document: still 1
    assert main(["merge", str(folder), "-o", str(out), "--lenient", "--quiet"]) == 1
    assert "Mangler" not in capsys.readouterr().out
    heliks = next(c for c in chapters(out) if c.title == "HELIKS")
    assert heliks.notes and "heliks.xlsx" in heliks.notes[0]
    assert dict(heliks.key_values)["Fase"] == "Ferdig (ugyldig)"  # the value as typed and marked, not dropped


@pytest.mark.slow
def test_merge_report_never_turns_a_typed_value_into_a_formula(tmp_path):
    folder = copy_examples(tmp_path / "inn", names=["heliks.xlsx"])
    typed = '=HYPERLINK("http://x","klikk")'
    wb = openpyxl.load_workbook(folder / "heliks.xlsx")
    sheet, coord = next(iter(wb.defined_names["Tiltak_Segment"].destinations))
    cell = wb[sheet][coord.replace("$", "")]
    cell.value = typed
    cell.data_type = "s"  # what an actor's typed text is: a string cell that starts with "=", not a formula
    wb.save(folder / "heliks.xlsx")
    out = tmp_path / "ut" / "V.docx"
    main(["merge", str(folder), "-o", str(out), "--quiet"])
    wb = openpyxl.load_workbook(out.parent / "merge-rapport.xlsx")
    cells = [c for row in wb["Funn"].iter_rows(min_row=2) for c in row if c.value == typed]
    assert cells, "the typed value is reported"
    assert all(c.data_type == "s" for c in cells)  # text, never a formula
    assert all(c.data_type != "f" for row in wb["Funn"].iter_rows(min_row=2) for c in row)


def test_pdf_command_on_a_missing_file_is_a_usage_error(tmp_path, capsys):
    assert main(["pdf", str(tmp_path / "finnes-ikke.docx")]) == 2
    assert "Fant ikke Word-dokumentet" in capsys.readouterr().err


@pytest.mark.slow
def test_merge_with_pdf_writes_the_pdf_and_fills_the_contents_page_numbers(tmp_path, capsys):
    from pipeline.pdf.convert import PdfUnavailable, find_office, toc_of_docx

    try:
        find_office()
    except PdfUnavailable as exc:
        pytest.skip(f"LibreOffice/python3-uno mangler: {exc}")
    from pipeline.word.fingerprint import DocumentState, document_state

    folder = copy_examples(tmp_path / "inn", names=["heliks.xlsx", "mf-helse.xlsx", "kpr-2024.xlsx"])
    expect_only(folder, ["HELIKS", "MF Helse", "KPR 2024"])
    out = tmp_path / "ut" / "V.docx"
    assert main(["merge", str(folder), "-o", str(out), "--pdf", "--quiet"]) == 0
    assert (tmp_path / "ut" / "V.pdf").stat().st_size > 10_000
    assert re.search(r"\(\d+ sider, \d+,\d s\)", capsys.readouterr().out)  # seconds with a decimal comma
    lines = toc_of_docx(out)
    assert {line.text for line in lines} >= {"Samstyre", "MF Helse", "HELIKS", "KPR 2024"}
    assert all(line.page for line in lines)
    # the page numbers are no edit: the next merge replaces the document without --overskriv
    assert document_state(out) is DocumentState.UNCHANGED
    assert main(["merge", str(folder), "-o", str(out), "--quiet"]) == 0


def test_a_control_character_in_a_file_name_does_not_break_the_report(tmp_path, capsys):
    folder = copy_examples(tmp_path / "inn", names=["heliks.xlsx"])
    (folder / "heliks.xlsx").rename(folder / "heliks\x0b.xlsx")
    (folder / "tull\x0b.xlsx").write_text("ikke en arbeidsbok", encoding="utf-8")
    out = tmp_path / "ut" / "V.docx"
    assert main(["merge", str(folder), "-o", str(out), "--quiet"]) == 1
    printed = capsys.readouterr().out
    assert "tull␋.xlsx" in printed and "\x0b" not in printed  # visible, and no raw control character
    wb = openpyxl.load_workbook(out.parent / "merge-rapport.xlsx")
    assert {row[0] for row in wb["Oversikt"].iter_rows(min_row=2, values_only=True)} == {"heliks␋.xlsx", "tull␋.xlsx"}


def test_merge_on_a_folder_without_workbooks_writes_nothing(tmp_path, capsys):
    folder = copy_examples(tmp_path / "inn", names=[])
    out = tmp_path / "ut" / "V.docx"
    assert main(["merge", str(folder), "-o", str(out), "--quiet"]) == 2
    assert "Fant ingen arbeidsbøker" in capsys.readouterr().err
    assert not out.exists()


def test_a_spreadsheet_in_another_format_is_an_error_not_a_skip(tmp_path, capsys):
    folder = copy_examples(tmp_path / "inn", names=["heliks.xlsx"])
    (folder / "mf-helse.ods").write_bytes(b"PK\x03\x04 not really")
    assert main(["validate", str(folder)]) == 1
    assert "mf-helse.ods" in capsys.readouterr().out


@pytest.mark.slow
def test_document_export_and_report_are_written_together_or_not_at_all(tmp_path, capsys):
    folder = copy_examples(tmp_path / "inn", names=["heliks.xlsx"])
    out = tmp_path / "ut" / "V.docx"
    assert main(["merge", str(folder), "-o", str(out), "--quiet"]) == 1  # written; the others are missing
    before = out.read_bytes()
    (out.parent / "merge-rapport.xlsx").unlink()
    (out.parent / "merge-rapport.xlsx").mkdir()  # cannot be replaced (like a report open in Excel on Windows)
    copy_examples(folder, names=["mf-helse.xlsx"])  # the next document would differ
    assert main(["merge", str(folder), "-o", str(out), "--quiet"]) == 2
    assert "merge-rapport.xlsx" in capsys.readouterr().err
    assert out.read_bytes() == before


def test_file_status_values_are_the_texts_the_merge_report_shows():
    from pipeline.merge.plan import FileStatus

    assert [str(s) for s in FileStatus] == ["slått sammen", "slått sammen med advarsler",
                                            "slått sammen med feil (--lenient)", "avvist", "ikke skrevet (--strict)"]
    assert [s for s in FileStatus if s.is_merged] == [FileStatus.MERGED, FileStatus.MERGED_WARNINGS,
                                                      FileStatus.MERGED_ERRORS]


def test_the_plan_gives_each_file_its_status(tmp_path):
    from pipeline.contract.issues import Code
    from pipeline.merge.plan import FileStatus, MergePlan
    from pipeline.validate.batch import FileResult

    def file(name, *codes):
        return FileResult(tmp_path / name, None, [c.issue(file=name) for c in codes])

    clean, warned, broken = file("a.xlsx"), file("b.xlsx", Code.MACROS), file("c.xlsx", Code.EMPTY_FILE)
    rejected = file("d.xlsx", Code.EMPTY_FILE)
    plan = MergePlan(merged=[clean, warned, broken], rejected=[rejected])
    assert [plan.status_of(f) for f in (clean, warned, broken, rejected)] == [
        FileStatus.MERGED, FileStatus.MERGED_WARNINGS, FileStatus.MERGED_ERRORS, FileStatus.REJECTED]
    plan.stopped = True
    assert [plan.status_of(f) for f in (clean, rejected)] == [FileStatus.STOPPED, FileStatus.REJECTED]
    assert clean.to_dict(FileStatus.STOPPED)["status"] == "ikke skrevet (--strict)"
    assert type(clean.to_dict(FileStatus.STOPPED)["status"]) is str
