"""The words of a feedback copy, as the actor reads them: each note says the grade, the field and the message of
every finding on the cell; the first sheet's header names the tiltak, the actor and the file and says what to do
(different words when there are only warnings); a finding on a sheet the file does not have is listed, not lost.
And one workbook that gets no copy never costs the others theirs."""

from __future__ import annotations

import pytest

from dataclasses import replace
from datetime import date

import openpyxl
from tests.excel.test_feedback import FORM, REPORT_DATE, _copy, _several_kinds
from tests.support.feedback import named, template_workbook

from pipeline.contract.issues import Code
from pipeline.contract.positions import FEEDBACK_SHEET
from pipeline.common.malform import Malform
from pipeline.excel.feedback import feedback_bytes
from pipeline.excel.feedbacktext import TEXTS

HOW_TO, WHOLE_BOOK = TEXTS[Malform.BOKMAL].how_to, TEXTS[Malform.BOKMAL].whole_book
from pipeline.validate.batch import check_workbook

TITLE = "Tilbakemelding på innrapporteringen"


def _line(issue) -> str:
    grade = "Feil" if issue.is_error else "Advarsel"
    return f"{grade}: {issue.field} – {issue.message}" if issue.field else f"{grade}: {issue.message}"


def test_each_note_has_one_line_per_finding_with_grade_field_and_message(tmp_path):
    original = template_workbook(tmp_path, "mange-feil.xlsx", _several_kinds)
    issues = [i for i in check_workbook(original, FORM, REPORT_DATE).issues if i.cell]
    assert any(i.field for i in issues) and any(not i.field for i in issues)  # both kinds of line are seen
    wb = openpyxl.load_workbook(_copy(original, tmp_path / "ut"))
    by_cell: dict[tuple[str, str], list[str]] = {}
    for issue in issues:
        by_cell.setdefault((issue.sheet, issue.cell), []).append(_line(issue))
    for (sheet, cell), lines in by_cell.items():
        assert wb[sheet][cell].comment.text == "\n".join(lines)


def _header(path) -> list[str | None]:
    return [row[0] for row in openpyxl.load_workbook(path)[FEEDBACK_SHEET].iter_rows(max_row=5, values_only=True)]


def test_the_header_of_a_workbook_with_errors_says_they_must_be_fixed(tmp_path):
    original = template_workbook(tmp_path, "mange-feil.xlsx", _several_kinds)
    issues = check_workbook(original, FORM, REPORT_DATE).issues
    errors = sum(i.is_error for i in issues)
    assert _header(_copy(original, tmp_path / "ut")) == [
        TITLE,
        "Tiltak: Felles kontroll · Aktør: Helse Vest RHF · Fil: mange-feil.xlsx",
        f"Kontrollert 01.03.2024: {errors} feil og {len(issues) - errors} advarsler. "
        "Feil må rettes før tiltaket kan tas med i rapporten; advarsler bør sjekkes.",
        HOW_TO,
        None,
    ]


@pytest.mark.slow
def test_the_header_with_only_a_warning_and_without_a_tiltak_name(tmp_path):
    def warning_only(wb):
        named(wb, "Tiltak_Kontaktperson").value = None  # expected: one warning

    original = template_workbook(tmp_path, "advarsel.xlsx", warning_only)
    assert [i.is_error for i in check_workbook(original, FORM, REPORT_DATE).issues] == [False]
    assert _header(_copy(original, tmp_path / "ut"))[1:3] == [
        "Tiltak: Felles kontroll · Aktør: Helse Vest RHF · Fil: advarsel.xlsx",
        "Kontrollert 01.03.2024: 0 feil og 1 advarsel. Ingen feil; advarslene bør sjekkes."]

    nameless = template_workbook(tmp_path, "uten-navn.xlsx", lambda wb: setattr(named(wb, "Tiltak_Navn"), "value", None))
    assert _header(_copy(nameless, tmp_path / "ut2"))[1] == "Aktør: Helse Vest RHF · Fil: uten-navn.xlsx"
    no_actor = template_workbook(tmp_path, "uten-aktor.xlsx", lambda wb: setattr(named(wb, "Tiltak_Aktor"), "value", None))
    assert _header(_copy(no_actor, tmp_path / "ut3"))[1] == "Tiltak: Felles kontroll · Fil: uten-aktor.xlsx"


def test_a_finding_on_a_sheet_the_file_does_not_have_is_listed_without_a_link_and_marks_nothing(tmp_path):
    """E.g. a finding about a sheet the actor renamed: the copy is still made, and the finding is on the list."""
    original = template_workbook(tmp_path, "ren.xlsx")
    result = check_workbook(original, FORM, REPORT_DATE)
    assert result.issues == []
    elsewhere = Code.EXPECTED_EMPTY.issue(file="ren.xlsx", sheet="Borte", cell="B4", field="Et felt")
    whole = Code.EXPECTED_EMPTY.issue(file="ren.xlsx", field="Hele boken")
    copy = tmp_path / "kopi.xlsx"
    copy.write_bytes(feedback_bytes(original.read_bytes(), replace(result, issues=[elsewhere, whole]), date(2024, 3, 1)))
    wb = openpyxl.load_workbook(copy)
    rows = list(wb[FEEDBACK_SHEET].iter_rows(min_row=7))
    assert [[c.value for c in row][:4] for row in rows] == [["Advarsel", "Borte", "B4", "Et felt"],
                                                           ["Advarsel", None, WHOLE_BOOK, "Hele boken"]]
    assert all(row[2].hyperlink is None for row in rows)
    assert not any(cell.comment for ws in wb.worksheets for row in ws.iter_rows() for cell in row)


@pytest.mark.slow
def test_a_workbook_without_a_copy_costs_the_next_ones_nothing(tmp_path, monkeypatch):
    """An unreadable workbook first, then one whose copy cannot be made, then a good one: each of the first two
    gets its reason, and the last still gets its copy."""
    from pipeline.excel import feedback

    broken = tmp_path / "a-skadet.xlsx"
    broken.write_bytes(b"PK\x03\x04 ikke en arbeidsbok")
    odd = template_workbook(tmp_path, "b-rar.xlsx", _several_kinds)
    good = template_workbook(tmp_path, "c-god.xlsx", _several_kinds)
    results = [check_workbook(p, FORM, REPORT_DATE) for p in (broken, odd, good)]
    making = feedback.feedback_bytes

    def fails_for_odd(data, result, checked):
        if result.name == odd.name:
            raise KeyError("xl/styles.xml")  # as a part the copy needs that the file lacks
        return making(data, result, checked)

    monkeypatch.setattr(feedback, "feedback_bytes", fails_for_odd)
    outcome = feedback.write_feedback(results, tmp_path / "ut", date(2024, 3, 1))
    assert [p.name for p in outcome.written] == ["c-god-tilbakemelding.xlsx"]
    assert outcome.not_written == [(broken.name, results[0].errors[0].message),
                                   (odd.name, "kopien kunne ikke lages (KeyError)")]


def test_the_feedback_sheet_shows_each_finding_in_full_with_its_format(tmp_path):
    """Title large and bold on one line; header texts wrapped at the top; captions bold on a blue fill; the grade
    in the finding's colour; the cell a blue underlined link; field, value and message as text, wrapped."""
    from pipeline.excel.feedback import FILLS
    HEADERS = TEXTS[Malform.BOKMAL].headers

    original = template_workbook(tmp_path, "mange-feil.xlsx", _several_kinds)
    issues = check_workbook(original, FORM, REPORT_DATE).issues
    ws = openpyxl.load_workbook(_copy(original, tmp_path / "ut"))[FEEDBACK_SHEET]
    title = ws["A1"]
    assert (title.font.b, title.font.sz, bool(title.alignment.wrap_text)) == (True, 14, False)
    for ref in ("A2", "A3", "A4"):
        assert (ws[ref].alignment.wrap_text, ws[ref].alignment.vertical, ws[ref].font.b) == (True, "top", False)
    for cell in ws[6]:
        assert cell.font.b and cell.fill.fgColor.rgb == "FFD9E1F2", cell.coordinate
    rows = list(ws.iter_rows(min_row=7))
    assert len(rows) == len(issues)
    shown = sorted(tuple(c.value or "" for c in row) for row in rows)
    grade = {True: "Feil", False: "Advarsel"}
    assert shown == sorted((grade[i.is_error], i.sheet, i.cell, i.field, i.value, i.message) for i in issues)
    for row in rows:
        severity = next(s for s, text in (("feil", "Feil"), ("advarsel", "Advarsel")) if text == row[0].value)
        assert row[0].fill.fgColor.rgb == "FF" + FILLS[severity]
        link = row[2]
        assert (link.font.u, link.font.color.rgb, link.font.b) == ("single", "FF0563C1", False)
        for cell in (c for c in (row[1], *row[3:]) if c.value is not None):  # an empty text is no cell
            assert (cell.alignment.wrap_text, cell.alignment.vertical, cell.font.u) == (True, "top", None)
            assert cell.number_format == "@" and cell.fill.fill_type is None
    assert len(HEADERS) == len(rows[0])


def test_a_sheet_name_with_an_apostrophe_is_quoted_in_the_link(tmp_path):
    original = template_workbook(tmp_path, "notater.xlsx",
                                 lambda wb: setattr(wb.create_sheet("Karis 'gamle' notater")["B2"], "value", "x"))
    result = check_workbook(original, FORM, REPORT_DATE)
    there = Code.EXPECTED_EMPTY.issue(file=original.name, sheet="Karis 'gamle' notater", cell="B2", field="Notat")
    copy = tmp_path / "kopi.xlsx"
    copy.write_bytes(feedback_bytes(original.read_bytes(), replace(result, issues=[there]), date(2024, 3, 1)))
    wb = openpyxl.load_workbook(copy)
    assert wb[FEEDBACK_SHEET]["C7"].hyperlink.location == "'Karis ''gamle'' notater'!B2"
    assert wb["Karis 'gamle' notater"]["B2"].comment is not None
