"""``write_feedback`` and ``feedback_bytes`` as the secretariat and the actor meet them: what the secretariat is told
for every workbook (a copy, clean, or no copy and why, in the order given, one never stopping the next); the header
the actor reads (only what the workbook names, the date checked, the list frozen below its captions); the words of
a nynorsk copy; the formats of the rows; and notes that do not clash with notes the actor had already."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import openpyxl
from lxml import etree
from openpyxl.comments import Comment
from openpyxl.workbook.defined_name import DefinedName

from pipeline.common.malform import MALFORM_NAME
from pipeline.contract.issues import Code
from pipeline.contract.positions import FEEDBACK_SHEET
from pipeline.excel.feedback import feedback_bytes, write_feedback
from pipeline.excel.feedbacktext import TEXTS
from pipeline.excel.xlsxpatch import Package
from pipeline.validate.batch import check_workbook
from tests.excel.test_feedback import FORM, REPORT_DATE, _several_kinds
from tests.support.feedback import named, template_workbook

CHECKED = date(2026, 12, 5)
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_O = "{urn:schemas-microsoft-com:office:office}"
_V = "{urn:schemas-microsoft-com:vml}"


def _warning_only(wb) -> None:
    named(wb, "Tiltak_Kontaktperson").value = None  # expected: one warning


def test_every_workbook_is_accounted_for_in_order_and_none_stops_the_next(tmp_path):
    """A clean workbook, an unreadable one, one that is gone when its copy is made, then one with findings: the
    secretariat is told about each, and the last still gets its copy."""
    clean = template_workbook(tmp_path, "a-ren.xlsx")
    broken = tmp_path / "b-skadet.xlsx"
    broken.write_bytes(b"PK\x03\x04 ikke en arbeidsbok")
    gone = template_workbook(tmp_path, "c-borte.xlsx", _warning_only)
    good = template_workbook(tmp_path, "d-god.xlsx", _warning_only)
    results = [check_workbook(p, FORM, REPORT_DATE) for p in (clean, broken, gone, good)]
    assert [bool(r.issues) for r in results] == [False, True, True, True] and results[1].tiltak is None
    gone.unlink()  # moved away by someone between the check and the copy

    outcome = write_feedback(results, tmp_path / "ut", CHECKED)
    assert outcome.clean == ["a-ren.xlsx"]
    assert outcome.not_written == [("b-skadet.xlsx", results[1].errors[0].message),
                                   ("c-borte.xlsx", "kopien kunne ikke lages (FileNotFoundError)")]
    assert [p.name for p in outcome.written] == ["d-god-tilbakemelding.xlsx"]
    assert sorted(p.name for p in (tmp_path / "ut").iterdir()) == ["d-god-tilbakemelding.xlsx"]


def _sheet(data: bytes, tmp_path, name: str = "kopi.xlsx"):
    path = tmp_path / name
    path.write_bytes(data)
    return openpyxl.load_workbook(path)[FEEDBACK_SHEET]


def test_the_header_names_only_what_the_workbook_has_and_the_list_is_frozen_below_its_captions(tmp_path):
    original = template_workbook(tmp_path, "advarsel.xlsx", _warning_only)
    result = check_workbook(original, FORM, REPORT_DATE)
    data = original.read_bytes()
    ws = _sheet(feedback_bytes(data, result, CHECKED), tmp_path)
    assert ws["A2"].value == "Tiltak: Felles kontroll · Aktør: Helse Vest RHF · Fil: advarsel.xlsx"
    assert ws["A3"].value == "Kontrollert 05.12.2026: 0 feil og 1 advarsel. Ingen feil; advarslene bør sjekkes."
    assert ws.freeze_panes == "A7"  # rows 1–6 (header and captions) stay; the first finding is row 7
    assert [c.value for c in ws[6]] == list(TEXTS[result.malform].headers) and ws["A7"].value == "Advarsel"

    expected = {("", "Helse Vest RHF"): "Aktør: Helse Vest RHF · Fil: advarsel.xlsx",
                ("Felles kontroll", ""): "Tiltak: Felles kontroll · Fil: advarsel.xlsx",
                ("", ""): "Fil: advarsel.xlsx"}
    for (navn, aktor), line in expected.items():
        unnamed = replace(result, tiltak=result.tiltak.model_copy(update={"navn": navn, "aktor": aktor}))
        assert _sheet(feedback_bytes(data, unnamed, CHECKED), tmp_path)["A2"].value == line


def test_a_nynorsk_copy_names_fields_and_list_values_as_the_nynorsk_template_does(tmp_path):
    """«Skildring», not «Beskrivelse»; «Grøn, Gul, Raud», not «Grønn, Gul, Rød»: in the notes and in the list."""
    def edit(wb):
        named(wb, "Tiltak_Beskrivelse").value = None  # expected: a warning on a field with a nynorsk label
        named(wb, "Tiltak_Status").value = "Lilla"  # not in the list: the list's values in the message
        wb.defined_names[MALFORM_NAME] = DefinedName(MALFORM_NAME, attr_text='"nynorsk"')

    original = template_workbook(tmp_path, "voss.xlsx", edit)
    [copy] = write_feedback([check_workbook(original, FORM, REPORT_DATE)], tmp_path / "ut", CHECKED).written
    wb = openpyxl.load_workbook(copy)
    description, status = named(wb, "Tiltak_Beskrivelse"), named(wb, "Tiltak_Status")
    assert description.comment.text.startswith("Åtvaring: Skildring – Skildring er ikkje fylt ut.")
    assert status.comment.text.startswith("Feil: Status – ") and "Grøn, Gul, Raud" in status.comment.text
    rows = {row[2]: row for row in wb[FEEDBACK_SHEET].iter_rows(min_row=7, values_only=True)}
    assert rows[description.coordinate][3] == "Skildring"
    assert rows[description.coordinate][5].startswith("Skildring er ikkje fylt ut.")
    assert rows[status.coordinate][3] == "Status" and "Grøn, Gul, Raud" in rows[status.coordinate][5]
    assert "Beskrivelse" not in str(list(rows.values())) and "Grønn" not in str(list(rows.values()))


def test_a_finding_without_a_cell_is_listed_in_the_same_text_format_as_its_neighbours(tmp_path):
    original = template_workbook(tmp_path, "ren.xlsx")
    result = check_workbook(original, FORM, REPORT_DATE)
    whole = Code.EXPECTED_EMPTY.issue(file="ren.xlsx", field="Hele boken")
    ws = _sheet(feedback_bytes(original.read_bytes(), replace(result, issues=[whole]), CHECKED), tmp_path)
    row = ws[7]
    assert row[2].value == TEXTS[result.malform].whole_book
    for cell in row[1:]:
        if cell.value is not None or cell.column == 3:
            assert (cell.alignment.wrap_text, cell.alignment.vertical, cell.number_format) == (True, "top", "@"), \
                cell.coordinate


def _own_note(wb) -> None:
    """The findings of ``_several_kinds`` and a note the actor wrote on the Tiltak sheet (openpyxl draws it in
    drawing block 1, as Excel does for the first sheet with notes)."""
    _several_kinds(wb)
    wb["Tiltak"]["A1"].comment = Comment("Husk å sjekke fasen", "Kari")


def test_notes_the_actor_had_stay_and_the_new_notes_use_drawing_ids_of_their_own(tmp_path):
    original = template_workbook(tmp_path, "egne-merknader.xlsx", _own_note)
    result = check_workbook(original, FORM, REPORT_DATE)
    marked = list(dict.fromkeys(i.sheet for i in result.issues if i.cell))
    assert marked[0] == "Tiltak" and len(marked) >= 2
    [copy] = write_feedback([result], tmp_path / "ut", CHECKED).written

    wb = openpyxl.load_workbook(copy)
    assert wb["Tiltak"]["A1"].comment.text.startswith("Husk å sjekke fasen")
    note = wb[FEEDBACK_SHEET]["A5"]  # the sheet that keeps its own notes is named, in the text format
    assert "Tiltak" in note.value and (note.alignment.wrap_text, note.alignment.vertical) == (True, "top")

    pkg = Package(copy.read_bytes())
    blocks, shapes = [], []
    for name, part in pkg.sheet_parts().items():
        vml = pkg.related(part, "vml")
        if vml:
            root = etree.fromstring(pkg.parts[vml])
            blocks += [int(b) for m in root.iter(f"{_O}idmap") for b in m.get("data").split(",")]
            shapes += [s.get("id") for s in root.iter(f"{_V}shape")]
    assert len(blocks) == len(marked) and len(set(blocks)) == len(blocks)  # one drawing block per sheet, none shared
    assert len(set(shapes)) == len(shapes)
    for name in marked[1:]:
        comments = etree.fromstring(pkg.parts[pkg.related(pkg.sheet_parts()[name], "comments")])
        refs = [c.get("ref") for c in comments.iter(f"{_MAIN}comment")]
        assert refs and all(re.fullmatch(r"[A-Z]+[1-9][0-9]*", r) for r in refs), refs  # as Excel writes them
        cells = {c.get("r") for c in pkg.read(pkg.sheet_parts()[name]).iter(f"{_MAIN}c")}
        assert set(refs) <= cells



def _source_file(copy) -> str:
    """The file the copy was made from, as its «Tilbakemelding» sheet names it («… Fil: heliks.xlsx»)."""
    sheet = openpyxl.load_workbook(copy)[FEEDBACK_SHEET]
    line = next(str(c.value) for row in sheet.iter_rows(max_row=4) for c in row if c.value and "Fil: " in str(c.value))
    return line.rsplit("Fil: ", 1)[1]


def test_a_copy_sent_back_under_its_own_name_keeps_it_and_no_copy_overwrites_another(tmp_path):
    """The actor sends the copy back as «heliks-tilbakemelding.xlsx»: the next copy has that name again, not
    «heliks-tilbakemelding-tilbakemelding.xlsx». When the workbook and the copy sent back lie in one folder, or two
    folders hold a workbook of the same name, each gets its own copy; none is written over another."""
    returned = template_workbook(tmp_path / "a", "heliks-tilbakemelding.xlsx", _warning_only)
    original = template_workbook(tmp_path / "a", "heliks.xlsx", _warning_only)
    namesake = template_workbook(tmp_path / "b", "heliks.xlsx", _warning_only)
    results = [check_workbook(p, FORM, REPORT_DATE) for p in (returned, original, namesake)]

    outcome = write_feedback(results, tmp_path / "ut", CHECKED)
    assert [p.name for p in outcome.written] == ["heliks-tilbakemelding.xlsx", "heliks-tilbakemelding-2.xlsx",
                                                 "heliks-tilbakemelding-3.xlsx"]
    assert sorted(p.name for p in (tmp_path / "ut").iterdir()) == sorted(p.name for p in outcome.written)
    assert [_source_file(p) for p in outcome.written] == ["heliks-tilbakemelding.xlsx", "heliks.xlsx", "heliks.xlsx"]

    alone = write_feedback(results[1:2], tmp_path / "ut2", CHECKED)
    assert [p.name for p in alone.written] == ["heliks-tilbakemelding.xlsx"]
    bare = template_workbook(tmp_path / "c", "-tilbakemelding.xlsx", _warning_only)  # nothing before the suffix
    assert [p.name for p in write_feedback([check_workbook(bare, FORM, REPORT_DATE)], tmp_path / "ut3", CHECKED).written] \
        == ["-tilbakemelding-tilbakemelding.xlsx"]
