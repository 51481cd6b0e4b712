"""Two rounds, the way every real round after the first goes (issue 18).

Round 1 is merged *with its history* (``forrige = "historikk"``), so several chapters carry an
«Endret siden …» note. An editor makes every kind of edit from tests/support/edits.py in a chapter
whose data stays the same (MF Helse, which has a change note), in one whose data changes
(Helsedataprogrammet) and edits the change note of a third (Digitale pasienttjenester i nord).
Round 2 is prefilled from round 1's export, one status is changed, the period is «Februar 2022»,
and it is merged with ``--oppdater REDIGERT.docx --forrige runde1/vedlegg2.json``: compared with
round 1 nothing else changed, so every other change note goes away. Once on the file as saved and
once after a LibreOffice re-save (slow).
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree
from openpyxl import load_workbook

from pipeline.cli.main import main
from pipeline.word import oxml
from pipeline.word.bodytokens import Tokens
from pipeline.word.docfinish import dedupe_bookmarks
from pipeline.word.fingerprint import document_links
from pipeline.word.toc import read_toc
from tests.support import editor, edits
from tests.support.hardening import named_cell
from tests.support.merge import copy_examples, expect_copied

#: The whole module is in the full run only: two whole rounds of the 40 examples with an edited document.
pytestmark = pytest.mark.slow

BOOKS = ["mf-helse.xlsx", "helsedataprogrammet.xlsx", "digitale-pasienttjenester-i-nord.xlsx", "epj-loftet.xlsx",
         "digi-ung.xlsx", "safest.xlsx"]
KEEP, CHANGED, NOTE_EDITED = "MF Helse", "Helsedataprogrammet", "Digitale pasienttjenester i nord"
NOTE_EDIT = " Redaktøren har presisert merknaden."
PERIOD = "Februar 2022"


def _chapter(body, title: str) -> list:
    """A chapter's top-level elements, from its heading to the next Heading 1/2 (by text, not by bookmarks)."""
    start = editor.heading(body, title)
    out = [start]
    for sibling in start.itersiblings():
        if editor.style_of(sibling) in ("Heading1", "Heading2") or sibling.tag == qn("w:sectPr") \
                or editor.style_of(sibling) == "BaksideUtgiver":
            break
        out.append(sibling)
    return out


def _note(body, title: str):
    return next((e for e in _chapter(body, title)[1:6] if editor.style_of(e) == "Endringsmerknad"), None)


def _xml(elements) -> list[bytes]:
    return [etree.tostring(e) for e in elements]


def edit_chapter(doc, title: str) -> None:
    """Every edit of the table, in one chapter: outside tables on its headings and on a paragraph with a link
    the editor added, inside its key/value table."""
    body = doc.element.body
    chapter = _chapter(body, title)
    link_p = edits.add_link_paragraph(doc, chapter[0])
    subheadings = [e for e in chapter if editor.style_of(e) == "Heading3"]
    by_name = {e.name: e for e in edits.EDITS}
    by_name["avsnitt slettet"].apply(doc, subheadings.pop())
    for n, name in enumerate(["fet", "kursiv", "understreking", "utheving", "gjennomstreking", "farge"]):
        by_name[name].apply(doc, subheadings[n % len(subheadings)])
    for name in ["lenkemål", "sideskift", "nytt avsnitt"]:
        by_name[name].apply(doc, link_p)
    by_name["tekst"].apply(doc, editor.value_paragraph(body, title, "Beskrivelse"))
    by_name["rad slettet"].apply(doc, editor.value_paragraph(body, title, "Kontaktperson"))


def _round2(root: Path) -> Path:
    folder = root / "runde2"
    assert main(["prefill", str(root / "ut1" / "vedlegg2.json"), "-o", str(folder)]) in (0, 1)
    shutil.copy(root / "runde1" / "rapport.toml", folder / "rapport.toml")
    settings = (folder / "rapport.toml").read_text("utf-8")
    settings = re.sub(r'^periode = ".*"$', f'periode = "{PERIOD}"', settings, flags=re.M)
    settings = re.sub(r"^rapportdato = .*$", "rapportdato = 2022-02-01", settings, flags=re.M)
    (folder / "rapport.toml").write_text(re.sub(r'^forrige = ".*"$', "", settings, flags=re.M), "utf-8")
    for book in folder.glob("*.xlsx"):
        wb = load_workbook(book)
        if named_cell(wb, "Tiltak_Navn").value == CHANGED:
            cell = named_cell(wb, "Tiltak_Status")
            cell.value = "Rød" if cell.value != "Rød" else "Grønn"
            wb.save(book)
    expect_copied(folder)
    return folder


@pytest.fixture(scope="module")
def rounds(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("runder")
    r1 = expect_copied(copy_examples(root / "runde1", BOOKS)).parent
    assert main(["merge", str(r1), "-o", str(root / "ut1" / "Vedlegg2.docx"), "-q"]) == 0
    doc = docx.Document(str(root / "ut1" / "Vedlegg2.docx"))
    body = doc.element.body
    assert all(_note(body, t) is not None for t in (KEEP, CHANGED, NOTE_EDITED))  # round 1 has change notes
    edit_chapter(doc, KEEP)
    edit_chapter(doc, CHANGED)
    _note(body, NOTE_EDITED).append(oxml.run(NOTE_EDIT))
    doc.save(str(root / "redigert.docx"))
    return {"root": root, "edited": root / "redigert.docx", "round2": _round2(root)}


@pytest.fixture(scope="module", params=["word", pytest.param("libreoffice", marks=pytest.mark.slow)])
def updated(request, rounds) -> dict:
    folder = rounds["root"] / request.param
    folder.mkdir()
    edited = Path(shutil.copy(rounds["edited"], folder / "Vedlegg2.docx"))
    if request.param == "libreoffice":
        edited = editor.libreoffice_resave(edited, folder / "lo", rounds["root"] / "lo-profil")
        if edited is None:
            pytest.skip("LibreOffice (soffice) mangler")
    before = edited.read_bytes()
    with contextlib.redirect_stdout(io.StringIO()) as out:
        code = main(["merge", str(rounds["round2"]), "--oppdater", str(edited), "--forrige",
                     str(rounds["root"] / "ut1" / "vedlegg2.json"), "-q"])
    report = json.loads((edited.parent / "merge-rapport.json").read_text("utf-8"))
    return {"code": code, "out": out.getvalue(), "doc": edited, "before": before,
            "rows": {r["navn"]: r for r in report["oppdatering"]}, "side": edited.with_name("Vedlegg2.redigerte-kapitler.docx")}


def _body(data: bytes, once: bool = False):
    body = docx.Document(io.BytesIO(data)).element.body
    if once:
        dedupe_bookmarks(body)
    return body


def test_unchanged_chapters_keep_every_edit_byte_for_byte_and_lose_only_the_change_note(updated):
    assert updated["code"] == 0, updated["out"]
    before, after = _body(updated["before"], once=True), _body(updated["doc"].read_bytes())
    for title in [KEEP, NOTE_EDITED, "EPJ-løftet", "DIGI-UNG", "SAFEST"]:
        note = _note(before, title)
        expected = [e for e in _chapter(before, title) if e is not note]
        assert _xml(_chapter(after, title)) == _xml(expected), title
        assert _note(after, title) is None  # nothing changed since round 1: no change note
        assert updated["rows"][title]["endring"] == "uendret", title
    text = "".join(oxml.paragraph_text(p) for p in _chapter(after, KEEP))
    assert edits.EDITED_TEXT.strip() in text and edits.ADDED_PARAGRAPH in text
    assert updated["rows"][KEEP]["redigert"] is True
    assert not any(updated["rows"][t]["redigert"] for t in ["EPJ-løftet", "DIGI-UNG", "SAFEST"])  # also after LibreOffice


def test_only_the_chapter_whose_data_changed_is_made_again_and_the_report_says_why(updated):
    rows = updated["rows"]
    remade = {name for name, r in rows.items() if r["del"] == "tiltak" and r["endring"] != "uendret"}
    assert remade == {CHANGED}
    assert rows[CHANGED]["endring"] == "oppdatert over redaktørendringer" and rows[CHANGED]["grunner"] == ["Status"]
    assert "data endret: Status" in rows[CHANGED]["merknad"]
    assert f"{CHANGED} (data endret: Status)" in updated["out"]
    wb = load_workbook(updated["doc"].parent / "merge-rapport.xlsx")
    sheet = {r[1]: r for r in wb["Oppdatering"].iter_rows(min_row=2, values_only=True)}
    assert "data endret: Status" in sheet[CHANGED][5]
    after = _body(updated["doc"].read_bytes())
    assert "status" in oxml.paragraph_text(_note(after, CHANGED)).casefold()  # the fresh note says what changed


def test_every_edit_of_a_remade_chapter_and_an_edited_note_are_in_the_side_file(updated):
    before = docx.Document(io.BytesIO(updated["before"]))
    side = docx.Document(str(updated["side"]))
    side_body = side.element.body
    tokens = lambda doc, elements: Tokens(doc.styles.element, document_links(doc)).of(elements)  # noqa: E731
    edited_chapter = tokens(before, _chapter(before.element.body, CHANGED))
    assert tokens(side, _chapter(side_body, CHANGED))[:len(edited_chapter)] == edited_chapter  # every edit
    assert any(NOTE_EDIT.strip() in oxml.paragraph_text(p) for p in side_body.iter(qn("w:p")))
    assert KEEP not in [oxml.paragraph_text(p) for p in side_body.iter(qn("w:p"))]
    assert updated["rows"][NOTE_EDITED]["endring"] == "uendret"
    assert "sidefilen" in updated["rows"][NOTE_EDITED]["merknad"]
    assert str(updated["side"]) in updated["out"]


def test_the_title_page_and_properties_follow_round_2(updated):
    doc = docx.Document(str(updated["doc"]))
    texts = [p.text for p in doc.paragraphs]
    assert PERIOD in texts and "November 2021" not in texts
    assert PERIOD in doc.core_properties.subject
    assert updated["rows"]["Forside"]["endring"] == "oppdatert" and updated["rows"]["Forside"]["grunner"] == ["periode"]


def test_the_toc_lists_exactly_round_2s_headings_and_word_refreshes_it(updated):
    doc = docx.Document(str(updated["doc"]))
    toc = [line.text for line in read_toc(doc.element.body)]
    headings = [p.text for p in doc.paragraphs if p.style.name.lower() in ("heading 1", "heading 2")]
    assert toc == headings and CHANGED in toc
    settings = doc.settings.element
    assert settings.find(qn("w:updateFields")).get(qn("w:val")) == "true"
    mode = next(s for s in settings.iter(qn("w:compatSetting")) if s.get(qn("w:name")) == "compatibilityMode")
    assert mode.get(qn("w:val")) == "15"
    names = [b.get(qn("w:name")) for b in doc.element.body.iter(qn("w:bookmarkStart"))]
    assert len(names) == len(set(names))  # each bookmark once


def test_after_pdf_conversion_the_toc_has_page_numbers(updated, tmp_path):
    from tests.support.pdf import office_or_skip

    office_or_skip()
    out = tmp_path / "Vedlegg2.docx"
    shutil.copy(updated["doc"], out)
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["pdf", str(out)]) == 0
    lines = read_toc(docx.Document(str(out)).element.body)
    assert lines and all(line.page.isdigit() for line in lines)
    assert (tmp_path / "Vedlegg2.pdf").is_file()
