"""pipeline.word.update on small rendered documents (no workbooks): each rule of an update, fast.

The whole scenario through the command line is in test_update_rounds.py; these pin the rules one by one.
"""

from __future__ import annotations

import copy
import io

import docx
from lxml import etree
import pytest
from docx.oxml.ns import qn

from pipeline.word import oxml
from pipeline.word.docfinish import dedupe_bookmarks
from pipeline.word.regions import PREFIX, RegionKind, find_regions
from pipeline.word.render import render_document
from pipeline.word.update import GONE_NOTE, NO_REGIONS, NOT_UPDATABLE, ChapterChange, UpdateError, update_document
from tests.support import editor
from tests.support.render import make_tiltak, report_settings

EDIT = " Redaktørens tillegg."


def _reload(doc):
    buffer = io.BytesIO()
    doc.save(buffer)
    return docx.Document(io.BytesIO(buffer.getvalue()))


_RENDERED: dict[str, bytes] = {}


@pytest.fixture(autouse=True, scope="module")
def _render_afresh_in_each_session():
    """The cache lives as long as one test session: a module kept in memory between sessions (mutmut runs a
    session per mutant in a process forked after the first run) must not serve documents rendered by other code."""
    _RENDERED.clear()


def _render(form, tiltak, notes=None, **settings):
    """A rendered document, as read back from its file (rendered once per distinct input in this module)."""
    key = repr((tiltak, notes, settings))
    if key not in _RENDERED:
        buffer = io.BytesIO()
        render_document(tiltak, report_settings(**settings), form, notes=notes or {}).save(buffer)
        _RENDERED[key] = buffer.getvalue()
    return docx.Document(io.BytesIO(_RENDERED[key]))


def _chapters(**changes):
    base = {"Alfa": {}, "Beta": {}, "Gamma": {"segment": "Koordinere"}}
    base.update(changes)
    return [make_tiltak(name, **values) for name, values in base.items() if values is not None]


def _edit(doc, chapter: str, label: str = "Beskrivelse") -> None:
    editor.value_paragraph(doc.element.body, chapter, label).append(oxml.run(EDIT))


def _rows(result) -> dict[str, tuple[ChapterChange, bool, str]]:
    return {c.name: (c.change, c.edited, c.explanation()) for c in result.changes}


def _text(doc) -> str:
    return "\n".join(oxml.paragraph_text(p) for p in doc.element.body.iter(qn("w:p")))


def _note_texts(doc) -> list[str]:
    return [oxml.paragraph_text(p) for p in doc.element.body.iter(qn("w:p")) if editor.style_of(p) == "Endringsmerknad"]


def test_unchanged_is_kept_with_edits_and_a_changed_chapter_is_replaced_with_the_reason(form_settings):
    edited = _render(form_settings, _chapters())
    _edit(edited, "Alfa")
    _edit(edited, "Beta")
    result = update_document(edited, _render(form_settings, _chapters(Beta={"status": "Rød"})))
    rows = _rows(result)
    assert rows["Alfa"] == (ChapterChange.UNCHANGED, True, "")
    assert rows["Beta"] == (ChapterChange.UPDATED_OVER_EDITS, True, "data endret: Status")
    assert rows["Gamma"] == (ChapterChange.UNCHANGED, False, "")
    assert [r.label for r in result.replaced] == ["Kapitlet «Beta»"]
    assert EDIT.strip() in oxml.paragraph_text(editor.value_paragraph(edited.element.body, "Alfa", "Beskrivelse"))
    assert EDIT.strip() not in oxml.paragraph_text(editor.value_paragraph(edited.element.body, "Beta", "Beskrivelse"))
    assert "Rød" in _text(edited)
    again = find_regions(_reload(edited))
    assert [r.info.name for r in again if r.info.kind is RegionKind.TILTAK] == ["Alfa", "Beta", "Gamma"]


def test_a_changed_chapter_nobody_edited_is_updated_without_a_side_copy(form_settings):
    edited = _render(form_settings, _chapters())
    result = update_document(edited, _render(form_settings, _chapters(Beta={"status": "Rød", "fase": "Konsept"})))
    assert _rows(result)["Beta"] == (ChapterChange.UPDATED, False, "data endret: Fase, Status")
    assert result.replaced == []


@pytest.mark.parametrize("old, new, what", [
    ("Endret A.", "Endret B.", "byttet"), ("Endret A.", "", "fjernet"), ("", "Endret B.", "lagt til"),
])
def test_only_the_change_note_of_an_unchanged_chapter_changes(form_settings, old, new, what):
    edited = _render(form_settings, _chapters(), {0: ["", old]})
    _edit(edited, "Alfa")
    before = [e for e in find_regions(edited) if e.info.name == "Alfa"][0]
    kept = [oxml.paragraph_text(e) for e in before.elements if e is not before.note]
    result = update_document(edited, _render(form_settings, _chapters(), {0: ["", new]}))
    assert _rows(result)["Alfa"] == (ChapterChange.UNCHANGED, True, f"endringsmerknaden er {what}")
    assert _note_texts(edited) == ([new] if new else [])
    after = [r for r in find_regions(_reload(edited)) if r.info.name == "Alfa"][0]
    assert [oxml.paragraph_text(e) for e in after.elements if e is not after.note] == kept
    assert (after.note is not None) == bool(new) and result.replaced == []
    assert oxml.paragraph_text(after.elements[1 if new else 0]) == (new or "Alfa")  # right under the heading


def test_a_new_note_does_not_make_an_unedited_chapter_look_edited(form_settings):
    edited = _render(form_settings, _chapters(), {0: ["", "Endret A."]})
    alfa = next(r for r in find_regions(edited) if r.info.name == "Alfa")
    assert alfa.note is not None and any(b.get(qn("w:name")) == f"{alfa.info.id}_merknad"
                                         for b in alfa.note.iter(qn("w:bookmarkStart")))
    result = update_document(edited, _render(form_settings, _chapters(), {0: ["", "Endret B."]}))
    assert _rows(result)["Alfa"] == (ChapterChange.UNCHANGED, False, "endringsmerknaden er byttet")


def test_an_edited_change_note_that_is_replaced_goes_to_the_side_file(form_settings):
    edited = _render(form_settings, _chapters(), {1: ["", "Endret A."]})
    note = next(p for p in edited.element.body.iter(qn("w:p")) if editor.style_of(p) == "Endringsmerknad")
    note.append(oxml.run(" Presisert."))
    result = update_document(edited, _render(form_settings, _chapters(), {1: ["", "Endret B."]}))
    assert [r.label for r in result.replaced] == ["Endringsmerknaden til kapitlet «Beta»"]
    assert oxml.paragraph_text(result.replaced[0].elements[0]) == "Endret A. Presisert."
    assert _rows(result)["Beta"][0] is ChapterChange.UNCHANGED and "sidefilen" in _rows(result)["Beta"][2]
    assert not _rows(result)["Beta"][1]  # the chapter itself was not edited


def test_the_same_note_is_left_alone_even_when_edited(form_settings):
    edited = _render(form_settings, _chapters(), {0: ["", "Endret A."]})
    note = next(p for p in edited.element.body.iter(qn("w:p")) if editor.style_of(p) == "Endringsmerknad")
    note.append(oxml.run(" Presisert."))
    result = update_document(edited, _render(form_settings, _chapters(), {0: ["", "Endret A."]}))
    assert _note_texts(edited) == ["Endret A. Presisert."] and result.replaced == []
    assert _rows(result)["Alfa"] == (ChapterChange.UNCHANGED, False, "")


def test_a_lenient_note_is_data(form_settings):
    edited = _render(form_settings, _chapters())
    result = update_document(edited, _render(form_settings, _chapters(), {0: ["Tatt med med feil.", ""]}))
    assert _rows(result)["Alfa"] == (ChapterChange.UPDATED, False, "data endret: merknaden om feil")


def test_new_removed_and_moved_chapters(form_settings):
    edited = _render(form_settings, _chapters())
    _edit(edited, "Gamma")
    fresh = _render(form_settings, _chapters(Gamma=None, Alfa={"segment": "Koordinere"}, Delta={}))
    result = update_document(edited, fresh)
    rows = _rows(result)
    assert rows["Delta"] == (ChapterChange.NEW, False, "") and rows["Gamma"] == (ChapterChange.REMOVED, True, "")
    assert rows["Alfa"] == (ChapterChange.UPDATED, False, "data endret: Segment, oppsettet for segmentet; flyttet fra Samstyre til Koordinere")
    assert [r.label for r in result.replaced] == ["Kapitlet «Gamma»"]
    headings = [oxml.paragraph_text(p) for p in edited.element.body.iter(qn("w:p"))
                if editor.style_of(p) in ("Heading1", "Heading2")]
    fresh_headings = [oxml.paragraph_text(p) for p in fresh.element.body.iter(qn("w:p"))
                      if editor.style_of(p) in ("Heading1", "Heading2")]
    assert headings == fresh_headings


def test_keep_gone_marks_once_and_a_resubmitted_chapter_loses_the_mark(form_settings):
    edited = _render(form_settings, _chapters())
    _edit(edited, "Beta")
    for _ in range(2):
        result = update_document(edited, _render(form_settings, _chapters(Beta=None)), keep_gone=True)
        assert _rows(result)["Beta"] == (ChapterChange.KEPT_GONE, True, "")
        edited = _reload(edited)
    assert _text(edited).count(GONE_NOTE) == 1
    (mark,) = [p for p in edited.element.body.iter(qn("w:p")) if oxml.paragraph_text(p) == GONE_NOTE]
    assert editor.style_of(mark) == "Merknad"
    result = update_document(edited, _render(form_settings, _chapters()))
    assert _rows(result)["Beta"] == (ChapterChange.UNCHANGED, True, "innrapportert igjen")
    assert GONE_NOTE not in _text(edited) and EDIT.strip() in _text(edited)


def test_the_title_page_follows_the_settings_unless_edited(form_settings):
    edited = _render(form_settings, _chapters())
    result = update_document(edited, _render(form_settings, _chapters(), periode="Februar 2022"))
    assert _rows(result)["Forside"] == (ChapterChange.UPDATED, False, "data endret: periode")
    assert result.replaced == []  # an unedited title page is not kept in the side file
    assert "Februar 2022" in _text(edited) and "November 2021" not in _text(edited)
    assert _rows(result)["Dokumentegenskaper"] == (ChapterChange.UPDATED, False, "data endret: emne")
    assert "Februar 2022" in edited.core_properties.subject
    assert "Bakside" not in _rows(result)  # unchanged: not reported

    edited = _render(form_settings, _chapters())
    title = next(p for p in edited.element.body.iter(qn("w:p")) if editor.style_of(p) == "Title")
    title.append(oxml.run(" (utkast)"))
    edited.core_properties.subject = "Eget emne"
    result = update_document(edited, _render(form_settings, _chapters(), periode="Februar 2022"))
    rows = _rows(result)
    assert rows["Forside"] == (ChapterChange.KEPT_EDITED, True, "data endret: periode; redaktørens versjon er beholdt")
    assert "November 2021" in _text(edited)
    assert rows["Dokumentegenskaper"] == (ChapterChange.KEPT_EDITED, True, "data endret: emne; redaktørens versjon er beholdt")
    assert edited.core_properties.subject == "Eget emne"


def test_a_changed_publisher_updates_the_back_page(form_settings):
    from pipeline.contract.settings import Publisher

    edited = _render(form_settings, _chapters())
    fresh = _render(form_settings, _chapters(), utgiver=Publisher(navn="Helsedirektoratet", linjer=["Oslo"]))
    result = update_document(edited, fresh)
    assert _rows(result)["Bakside"][0] is ChapterChange.UPDATED and "Helsedirektoratet" in _text(edited)
    assert "Forside" not in _rows(result)  # the publisher is on the back page only


def test_documents_that_cannot_be_updated(form_settings):
    with pytest.raises(UpdateError, match="ingen merkede kapitler") as plain:
        update_document(docx.Document(), _render(form_settings, _chapters()))
    assert str(plain.value) == NOT_UPDATABLE
    edited = _render(form_settings, _chapters())
    for b in list(edited.element.body.iter(qn("w:bookmarkStart"))):
        if (b.get(qn("w:name")) or "").startswith(PREFIX):
            b.getparent().remove(b)
    before = _text(edited)
    with pytest.raises(UpdateError) as stripped:
        update_document(edited, _render(form_settings, _chapters()))
    assert str(stripped.value) == NO_REGIONS and _text(edited) == before


def test_a_chapter_found_by_its_heading_gets_its_bookmark_back(form_settings):
    edited = _render(form_settings, _chapters())
    alfa = next(r for r in find_regions(edited) if r.info.name == "Alfa")
    start = next(b for b in edited.element.body.iter(qn("w:bookmarkStart")) if b.get(qn("w:name")) == alfa.info.id)
    start.getparent().remove(start)
    found = next(r for r in find_regions(edited) if r.info.name == "Alfa")
    assert found.by_heading and found.elements[0] is alfa.elements[0]
    update_document(edited, _render(form_settings, _chapters()))
    again = next(r for r in find_regions(_reload(edited)) if r.info.name == "Alfa")
    assert not again.by_heading
    ids = [b.get(qn("w:id")) for b in edited.element.body.iter(qn("w:bookmarkStart"))]
    assert len(ids) == len(set(ids))


def test_each_bookmark_is_written_once(form_settings):
    edited = _render(form_settings, _chapters())
    first = next(b for b in edited.element.body.iter(qn("w:bookmarkStart")) if b.get(qn("w:name")).startswith(PREFIX))
    twin = oxml.el("w:bookmarkStart", {"w:id": 9999, "w:name": first.get(qn("w:name"))})
    first.addnext(twin)
    twin.addnext(oxml.el("w:bookmarkEnd", {"w:id": 9999}))
    update_document(edited, _render(form_settings, _chapters()))
    names = [b.get(qn("w:name")) for b in edited.element.body.iter(qn("w:bookmarkStart"))]
    assert len(names) == len(set(names))
    assert all(e.get(qn("w:id")) != "9999" for e in edited.element.body.iter(qn("w:bookmarkEnd")))
    assert dedupe_bookmarks(edited.element.body) == 0


def test_a_transplanted_chapter_keeps_links_lists_styles_and_unique_ids(form_settings):
    url = "https://www.ehelse.no/alfa"
    edited = _render(form_settings, _chapters())
    changed = _chapters(Alfa={"beskrivelse": f"Nytt.\n1. Steg én\n2. Steg to\nLes {url}", "status": "Rød"})
    fresh = _render(form_settings, [make_tiltak("Aaa")] + changed)  # a new chapter first: the fresh ids shift
    update_document(edited, fresh)
    doc = _reload(edited)
    body = doc.element.body
    cell = editor.value_paragraph(body, "Alfa", "Beskrivelse").getparent()
    assert [doc.part.rels[h.get(qn("r:id"))].target_ref for h in cell.iter(qn("w:hyperlink"))] == [url]
    numbering = doc.part.numbering_part.element
    nums = {n.get(qn("w:numId")): n.find(qn("w:abstractNumId")).get(qn("w:val")) for n in numbering.iter(qn("w:num"))}
    abstracts = [a.get(qn("w:abstractNumId")) for a in numbering.iter(qn("w:abstractNum"))]
    assert len(nums) == len(list(numbering.iter(qn("w:num")))) and len(abstracts) == len(set(abstracts))
    _assert_numbering_in_schema_order(numbering)
    used = {n.get(qn("w:val")) for n in cell.iter(qn("w:numId"))}
    assert len(used) == 1 and all(u in nums and nums[u] in abstracts for u in used)  # one list: 1., 2., not 1., 1.
    in_cell = set(cell.iter(qn("w:numId")))
    elsewhere = {n.get(qn("w:val")) for n in body.iter(qn("w:numId")) if n not in in_cell}
    assert not used & elsewhere  # its own list: numbering does not continue from another chapter's list
    abstract_id = nums[used.pop()]
    (abstract,) = [a for a in numbering.iter(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract_id]
    assert abstract.find(f"{qn('w:lvl')}/{qn('w:numFmt')}").get(qn("w:val")) == "decimal"
    nsids = [a.find(qn("w:nsid")).get(qn("w:val")) for a in numbering.iter(qn("w:abstractNum"))
             if a.find(qn("w:nsid")) is not None]
    assert len(nsids) == len(set(nsids))  # Word joins lists that share an nsid
    styles = {s.get(qn("w:styleId")) for s in doc.styles.element.iter(qn("w:style"))}
    assert all(s.get(qn("w:val")) in styles for s in body.iter(qn("w:pStyle"), qn("w:rStyle"), qn("w:tblStyle")))
    ids = [b.get(qn("w:id")) for b in body.iter(qn("w:bookmarkStart"))]
    names = [b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))]
    assert len(ids) == len(set(ids)) and len(names) == len(set(names))
    ends = {b.get(qn("w:id")) for b in body.iter(qn("w:bookmarkEnd"))}
    assert set(ids) <= ends


def _page_break(doc, name: str) -> str | None:
    """The heading of chapter ``name``: its own page-break setting (``None``: the style's, a new page)."""
    heading = next(p for p in doc.element.body.iter(qn("w:p"))
                   if editor.style_of(p) == "Heading2" and oxml.paragraph_text(p) == name)
    found = heading.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}")
    return None if found is None else found.get(qn("w:val"))


def test_a_kept_chapter_that_is_no_longer_first_in_its_segment_starts_a_new_page(form_settings):
    edited = _render(form_settings, _chapters())
    _edit(edited, "Alfa")
    assert _page_break(edited, "Alfa") == "0" and _page_break(edited, "Beta") is None  # first: under the segment heading
    result = update_document(edited, _render(form_settings, [make_tiltak("Aaa")] + _chapters()))
    assert _rows(result)["Alfa"][0] is ChapterChange.UNCHANGED
    doc = _reload(edited)
    assert (_page_break(doc, "Aaa"), _page_break(doc, "Alfa"), _page_break(doc, "Beta")) == ("0", None, None)


def test_a_kept_chapter_that_becomes_first_in_its_segment_follows_the_segment_heading(form_settings):
    edited = _render(form_settings, _chapters())
    _edit(edited, "Beta")
    update_document(edited, _render(form_settings, _chapters(Alfa=None)))
    assert _page_break(_reload(edited), "Beta") == "0"


def test_a_page_break_an_editor_set_on_a_kept_chapter_stays(form_settings):
    edited = _render(form_settings, _chapters())
    beta = next(p for p in edited.element.body.iter(qn("w:p"))
                if editor.style_of(p) == "Heading2" and oxml.paragraph_text(p) == "Beta")
    oxml.set_ppr(beta, oxml.el("w:pageBreakBefore", {"w:val": "1"}))
    update_document(edited, _render(form_settings, _chapters(Alfa=None)))
    assert _page_break(_reload(edited), "Beta") == "1"


def test_a_style_the_edited_document_lacks_is_copied_under_a_free_id(form_settings):
    """An edited document whose own style has the id of one the fresh chapter uses (another name): the fresh
    style is copied under a new id, and the editor's style is left as it was."""
    edited = _render(form_settings, _chapters())
    ours = next(s for s in edited.styles.element.iter(qn("w:style")) if s.get(qn("w:styleId")) == "Endringsmerknad")
    ours.find(qn("w:name")).set(qn("w:val"), "Redaktørens stil")
    update_document(edited, _render(form_settings, _chapters(), {0: ["", "Endret A."]}))
    doc = _reload(edited)
    names = {s.get(qn("w:styleId")): s.find(qn("w:name")).get(qn("w:val")) for s in doc.styles.element.iter(qn("w:style"))}
    note = next(p for p in doc.element.body.iter(qn("w:p")) if oxml.paragraph_text(p) == "Endret A.")
    style_id = note.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val"))
    assert style_id != "Endringsmerknad" and names[style_id].casefold() == "endringsmerknad"
    assert names["Endringsmerknad"] == "Redaktørens stil"
    assert list(names).count(style_id) == 1


def test_a_style_the_edited_document_has_lost_is_copied_from_the_fresh_one(form_settings):
    edited = _render(form_settings, _chapters())
    ours = next(s for s in edited.styles.element.iter(qn("w:style")) if s.get(qn("w:styleId")) == "Endringsmerknad")
    ours.getparent().remove(ours)
    fresh = _render(form_settings, _chapters(), {0: ["", "Endret A."]})
    update_document(edited, fresh)
    doc = _reload(edited)
    (copied,) = [s for s in doc.styles.element.iter(qn("w:style")) if s.get(qn("w:styleId")) == "Endringsmerknad"]
    (original,) = [s for s in fresh.styles.element.iter(qn("w:style")) if s.get(qn("w:styleId")) == "Endringsmerknad"]
    assert etree.tostring(copied) == etree.tostring(original)
    assert _note_texts(doc) == ["Endret A."]


def test_without_a_table_of_contents_a_new_segment_goes_in_before_the_section_end(form_settings):
    """An editor deleted the table of contents: a new first segment has no region before it to follow, so it goes
    in at the end of the body, never after the section properties (Word would not open the document)."""
    from pipeline.word.regions import toc_field

    edited = _render(form_settings, _chapters(Alfa=None, Beta=None))
    children = [c for c in edited.element.body if c.tag != qn("w:sectPr")]
    first, last = toc_field(children)
    for child in children[first:last + 1]:
        edited.element.body.remove(child)
    result = update_document(edited, _render(form_settings, _chapters(Beta=None)))
    assert _rows(result)["Alfa"][0] is ChapterChange.NEW
    body = list(_reload(edited).element.body)
    assert body[-1].tag == qn("w:sectPr") and len([c for c in body if c.tag == qn("w:sectPr")]) == 1
    assert "Alfa" in [oxml.paragraph_text(p) for p in body if p.tag == qn("w:p")]


@pytest.mark.parametrize("left", [0, 1])
def test_a_list_in_a_new_chapter_works_when_the_edited_document_has_few_lists_left(form_settings, left):
    edited = _render(form_settings, _chapters())
    numbering = edited.part.numbering_part.element
    for num in list(numbering.iter(qn("w:num")))[left:]:
        numbering.remove(num)
    if not left:  # no list left, and no list definition
        for definition in list(numbering.iter(qn("w:abstractNum"))):
            numbering.remove(definition)
    update_document(edited, _render(form_settings, _chapters(Alfa={"status": "Rød"})))
    doc = _reload(edited)
    nums = {n.get(qn("w:numId")) for n in doc.part.numbering_part.element.iter(qn("w:num"))}
    cell = editor.value_paragraph(doc.element.body, "Alfa", "Beskrivelse").getparent()
    used = {n.get(qn("w:val")) for n in cell.iter(qn("w:numId"))}
    assert used and used <= nums and "0" not in used
    _assert_numbering_in_schema_order(doc.part.numbering_part.element)


def _assert_numbering_in_schema_order(numbering) -> None:
    """Every list definition and instance a child of w:numbering, every abstractNum before every num (Word
    refuses the document otherwise)."""
    assert all(n.getparent() is numbering for n in numbering.iter(qn("w:num"), qn("w:abstractNum")))
    kinds = [etree.QName(c).localname for c in numbering if etree.QName(c).localname in ("abstractNum", "num")]
    assert kinds == sorted(kinds, key=lambda kind: kind == "num")


@pytest.mark.slow
def test_a_chart_the_editors_kept_survives_beside_the_new_sammendrag_s_charts(form_settings):
    """The new Sammendrag's chart parts get names that are free in the edited document: an editor's copy of an
    old chart (outside the Sammendrag) keeps its own chart, and the saved file has each part once."""
    import zipfile

    from pipeline.summary.aggregate import build_summary
    from pipeline.word.summary import summary_writer
    from tests.support.summary import FORM, REPORT_DATE

    def rendered(items):
        buffer = io.BytesIO()
        render_document(items, report_settings(), FORM,
                        summary=summary_writer(build_summary(items, REPORT_DATE, FORM), FORM)).save(buffer)
        return docx.Document(io.BytesIO(buffer.getvalue()))

    edited = rendered(_chapters())
    drawing = next(p for p in edited.element.body.iter(qn("w:p")) if p.find(f".//{qn('c:chart')}") is not None)
    old_part = edited.part.related_parts[drawing.find(f".//{qn('c:chart')}").get(qn("r:id"))]
    old_blob = old_part.blob
    kept = copy.deepcopy(drawing)
    edited.element.body.find(qn("w:sectPr")).addprevious(kept)  # the editors' own copy, at the end
    fresh = rendered(_chapters(Alfa={"status": "Rød"}))
    new_charts = len(list(fresh.element.body.iter(qn("c:chart"))))
    update_document(edited, fresh)
    buffer = io.BytesIO()
    edited.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as z:
        names = z.namelist()
    assert len(names) == len(set(names))
    doc = docx.Document(io.BytesIO(buffer.getvalue()))
    charts = [p for p in doc.element.body.iter(qn("w:p")) if p.find(f".//{qn('c:chart')}") is not None]
    parts = [doc.part.related_parts[p.find(f".//{qn('c:chart')}").get(qn("r:id"))] for p in charts]
    assert len({str(p.partname) for p in parts}) == len(parts) == new_charts + 1  # the new ones, and the editors' copy
    assert parts[-1].blob == old_blob and all(p.blob != old_blob for p in parts[:-1])


def test_word_s_toc_bookmarks_stay_unique_when_a_chapter_is_replaced(form_settings):
    """Word puts ``_Toc…`` bookmarks in the headings when it updates the table of contents; a fresh chapter
    whose heading has one of the same name gets a new name, so each «Gå til» and TOC link has one target."""
    def toc_mark(doc, chapter, number):
        heading = next(p for p in doc.element.body.iter(qn("w:p"))
                       if editor.style_of(p) == "Heading2" and oxml.paragraph_text(p) == chapter)
        heading.append(oxml.el("w:bookmarkStart", {"w:id": 900 + number, "w:name": f"_Toc{number:08d}"}))
        heading.append(oxml.el("w:bookmarkEnd", {"w:id": 900 + number}))

    edited = _render(form_settings, _chapters())
    toc_mark(edited, "Beta", 1)
    toc_mark(edited, "Gamma", 2)
    fresh = _render(form_settings, _chapters(Alfa={"status": "Rød"}))
    toc_mark(fresh, "Alfa", 1)
    update_document(edited, fresh)
    names = [b.get(qn("w:name")) for b in _reload(edited).element.body.iter(qn("w:bookmarkStart"))]
    assert len(names) == len(set(names)) and "_Toc00000001" in names and "_Toc00000002" in names
