"""pipeline.word.update at its edges, on small rendered documents: the cases the mutation run of issue 21 found
unguarded (an edited Sammendrag, a body without section properties, …). Each document is rendered afresh per
test (no cache: mutmut forks its sessions from a process that already ran every test)."""

from __future__ import annotations

import io

import docx
from docx.oxml.ns import qn

from pipeline.summary.aggregate import build_summary
from pipeline.word import oxml
from pipeline.word.regions import RegionKind, find_regions
from pipeline.word.render import render_document
from pipeline.word.summary import summary_writer
from pipeline.word.update import ChapterChange, update_document
from tests.support.render import make_tiltak, report_settings
from tests.support.summary import FORM, REPORT_DATE

EDIT = " Redaktørens tillegg."


def _reload(doc):
    buffer = io.BytesIO()
    doc.save(buffer)
    return docx.Document(io.BytesIO(buffer.getvalue()))


def _render(items, notes=None, *, summary: bool = False, **settings):
    writer = summary_writer(build_summary(items, REPORT_DATE, FORM), FORM) if summary else None
    return _reload(render_document(items, report_settings(**settings), FORM, notes=notes or {}, summary=writer))


def _chapters(**changes):
    base = {"Alfa": {}, "Beta": {}, "Gamma": {"segment": "Koordinere"}}
    base.update(changes)
    return [make_tiltak(name, **values) for name, values in base.items() if values is not None]


def _rows(result) -> dict[str, tuple[ChapterChange, bool, str]]:
    return {c.name: (c.change, c.edited, c.explanation()) for c in result.changes}


def _texts(elements) -> list[str]:
    return [oxml.paragraph_text(p) for e in elements for p in ([e] if e.tag == qn("w:p") else e.iter(qn("w:p")))]


def _region(doc, kind: RegionKind, name: str = ""):
    return next(r for r in find_regions(doc) if r.info.kind is kind and r.info.name == name)


def test_an_edited_sammendrag_is_rebuilt_and_the_editors_version_goes_to_the_side_file_as_sammendraget():
    edited = _render(_chapters(), summary=True)
    summary = _region(edited, RegionKind.SUMMARY)
    summary.elements[1].append(oxml.run(EDIT))
    edited_text = oxml.paragraph_text(summary.elements[1])
    result = update_document(edited, _render(_chapters(Alfa={"status": "Rød"}), summary=True))
    assert _rows(result)["Sammendrag"] == (ChapterChange.REBUILT, True,
                                           "redaktørenes endringer i sammendraget er lagt i sidefilen")
    assert [r.label for r in result.replaced] == ["Sammendraget"]
    assert edited_text in _texts(result.replaced[0].elements)
    assert EDIT.strip() not in "".join(_texts(_reload(edited).element.body))


def test_an_unedited_sammendrag_is_rebuilt_without_a_side_copy():
    edited = _render(_chapters(), summary=True)
    result = update_document(edited, _render(_chapters(Alfa={"status": "Rød"}), summary=True))
    assert _rows(result)["Sammendrag"] == (ChapterChange.REBUILT, False, "")
    assert result.replaced == []


def test_without_section_properties_or_table_of_contents_a_new_chapter_goes_at_the_end_of_the_body():
    """A body with neither a ``w:sectPr`` nor a table of contents (LibreOffice and Word always write the first; a
    document put together by another tool may not): a new first region is appended to the body."""
    from pipeline.word.regions import toc_field

    edited = _render(_chapters(Alfa=None, Beta=None))
    body = edited.element.body
    children = [c for c in body if c.tag != qn("w:sectPr")]
    first, last = toc_field(children)
    for child in children[first:last + 1] + body.findall(qn("w:sectPr")):
        body.remove(child)
    result = update_document(edited, _render(_chapters(Beta=None)))
    assert _rows(result)["Alfa"][0] is ChapterChange.NEW
    again = _reload(edited)
    alfa = _region(again, RegionKind.TILTAK, "Alfa")
    assert alfa.elements[-1] is again.element.body[-1] and _texts(alfa.elements)[0] == "Alfa"
    assert sorted(r.info.name for r in find_regions(again) if r.info.kind is RegionKind.TILTAK) == ["Alfa", "Gamma"]


def test_a_document_from_before_the_title_and_back_pages_were_regions_keeps_them_as_they_are():
    """An edited document whose region list has no title page, back page or document properties (made before
    those were regions): they are left exactly as they are, not reported, and the chapters are still updated."""
    from pipeline.word.regions import read_meta, write_meta

    edited = _render(_chapters())
    pages = (RegionKind.FRONT, RegionKind.BACK, RegionKind.PROPERTIES)
    write_meta(edited, [i for i in read_meta(edited) if i.kind not in pages])
    edited = _reload(edited)
    before = _texts(edited.element.body)
    subject = edited.core_properties.subject
    result = update_document(edited, _render(_chapters(Alfa={"status": "Rød"}), periode="Februar 2022"))
    rows = _rows(result)
    assert not {"Forside", "Bakside", "Dokumentegenskaper"} & set(rows)
    assert rows["Alfa"][0] is ChapterChange.UPDATED
    after = _texts(_reload(edited).element.body)
    assert after.count("November 2021") == before.count("November 2021") > 0
    assert "Februar 2022" not in after and edited.core_properties.subject == subject


def test_each_reported_chapter_names_its_segment():
    edited = _render(_chapters())
    result = update_document(edited, _render(_chapters(Alfa={"status": "Rød"}, Delta={"segment": "Koordinere"})))
    segments = {c.name: c.segment for c in result.changes if c.kind is RegionKind.TILTAK}
    assert segments == {"Alfa": "Samstyre", "Beta": "Samstyre", "Gamma": "Koordinere", "Delta": "Koordinere"}


def test_the_same_settings_report_no_title_page_back_page_or_properties():
    edited = _render(_chapters())
    result = update_document(edited, _render(_chapters(Alfa={"status": "Rød"})))
    assert not {"Forside", "Bakside", "Dokumentegenskaper"} & set(_rows(result))


def test_the_properties_still_follow_the_settings_at_the_update_after_one_that_left_them_alone():
    edited = _render(_chapters())
    update_document(edited, _render(_chapters(Alfa={"status": "Rød"})))
    edited = _reload(edited)
    result = update_document(edited, _render(_chapters(Alfa={"status": "Rød"}), periode="Februar 2022"))
    assert _rows(result)["Dokumentegenskaper"] == (ChapterChange.UPDATED, False, "data endret: emne")
    assert "Februar 2022" in _reload(edited).core_properties.subject


def _headings(doc) -> list[str]:
    return [oxml.paragraph_text(p) for p in doc.element.body.iter(qn("w:p"))
            if (p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}") is not None
                and p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")) in ("Heading1", "Heading2"))]


def test_the_table_of_contents_is_kept_in_its_place_and_lists_the_updated_headings():
    from pipeline.word.toc import read_toc

    edited = _render(_chapters())
    toc_before = _region(edited, RegionKind.TOC).elements[0]
    before = list(edited.element.body).index(toc_before)
    result = update_document(edited, _render(_chapters(Gamma=None, Delta={"segment": "Koordinere"})))
    assert _rows(result)["Delta"][0] is ChapterChange.NEW
    again = _reload(edited)
    toc = _region(again, RegionKind.TOC)
    assert list(again.element.body).index(toc.elements[0]) == before
    assert [line.text for line in read_toc(again.element.body)] == _headings(again)
    assert "Delta" in _headings(again) and "Gamma" not in _headings(again)


def test_a_sammendrag_the_edited_document_lacks_goes_in_right_after_the_table_of_contents():
    from pipeline.word.toc import read_toc

    edited = _render(_chapters())
    assert all(r.info.kind is not RegionKind.SUMMARY for r in find_regions(edited))
    result = update_document(edited, _render(_chapters(), summary=True))
    assert _rows(result)["Sammendrag"][:2] == (ChapterChange.REBUILT, False)
    again = _reload(edited)
    toc, summary = _region(again, RegionKind.TOC), _region(again, RegionKind.SUMMARY)
    assert summary.elements[0].getprevious() is toc.elements[-1]
    assert _texts(summary.elements)[0] == "Sammendrag"
    assert [line.text for line in read_toc(again.element.body)] == _headings(again)  # the Sammendrag listed first


def test_an_old_document_s_properties_follow_the_settings_from_its_second_update():
    """A document from before the properties were a region: the first update leaves them and records them as a
    region, so the next update with other settings updates them."""
    from pipeline.word.regions import read_meta, write_meta

    edited = _render(_chapters())
    write_meta(edited, [i for i in read_meta(edited) if i.kind is not RegionKind.PROPERTIES])
    update_document(edited, _render(_chapters()))
    edited = _reload(edited)
    result = update_document(edited, _render(_chapters(), periode="Februar 2022"))
    assert _rows(result)["Dokumentegenskaper"][0] is ChapterChange.UPDATED
    assert "Februar 2022" in _reload(edited).core_properties.subject


def _order(doc) -> list[tuple[str, str]]:
    return [(r.info.kind.value, r.info.name) for r in find_regions(doc)]


def test_the_updated_document_has_the_fresh_order_of_regions_also_for_a_chapter_moved_to_another_segment():
    edited = _render(_chapters())
    fresh = _render(_chapters(Gamma=None, Alfa={"segment": "Koordinere"}, Delta={}))
    result = update_document(edited, fresh)
    assert "flyttet fra Samstyre til Koordinere" in _rows(result)["Alfa"][2]
    assert _order(_reload(edited)) == _order(fresh)


def test_a_chapter_found_by_its_heading_is_marked_from_its_heading_again():
    edited = _render(_chapters())
    beta = _region(edited, RegionKind.TILTAK, "Beta")
    start = next(b for b in edited.element.body.iter(qn("w:bookmarkStart")) if b.get(qn("w:name")) == beta.info.id)
    start.getparent().remove(start)
    update_document(edited, _render(_chapters()))
    again = _reload(edited)
    assert _texts(_region(again, RegionKind.TILTAK, "Beta").elements)[0] == "Beta"
    assert _texts(_region(again, RegionKind.TILTAK, "Alfa").elements)[-1] != "Beta"
    assert _order(again) == _order(_render(_chapters()))


def test_a_changed_chapter_an_editor_cut_down_to_its_heading_is_replaced():
    edited = _render(_chapters())
    beta = _region(edited, RegionKind.TILTAK, "Beta")
    for element in beta.elements[1:]:
        element.getparent().remove(element)
    result = update_document(edited, _render(_chapters(Beta={"status": "Rød"})))
    assert _rows(result)["Beta"][:2] == (ChapterChange.UPDATED_OVER_EDITS, True)
    again = _reload(edited)
    assert len(_region(again, RegionKind.TILTAK, "Beta").elements) > 1 and _headings(again).count("Beta") == 1


def test_a_chapter_submitted_again_with_another_change_note_reports_both():
    edited = _render(_chapters())
    update_document(edited, _render(_chapters(Beta=None)), keep_gone=True)
    edited = _reload(edited)
    result = update_document(edited, _render(_chapters(), {1: ["", "Endret B."]}))
    assert _rows(result)["Beta"] == (ChapterChange.UNCHANGED, False,
                                     "innrapportert igjen; endringsmerknaden er lagt til")


def test_a_chapter_submitted_again_keeps_its_heading_and_is_marked_again_when_it_goes_once_more():
    from pipeline.word.update import GONE_NOTE

    edited = _render(_chapters())
    before, original = _order(edited), _reload(edited)
    update_document(edited, _render(_chapters(Beta=None)), keep_gone=True)
    edited = _reload(edited)
    update_document(edited, original)
    edited = _reload(edited)
    assert _order(edited) == before and _headings(edited).count("Beta") == 1
    assert GONE_NOTE not in _texts(edited.element.body)
    result = update_document(edited, _render(_chapters(Beta=None)), keep_gone=True)
    assert _rows(result)["Beta"][0] is ChapterChange.KEPT_GONE
    assert _texts(_reload(edited).element.body).count(GONE_NOTE) == 1


def test_the_not_submitted_mark_goes_right_under_the_heading_the_first_time():
    from pipeline.word.update import GONE_NOTE

    edited = _render(_chapters())
    result = update_document(edited, _render(_chapters(Beta=None)), keep_gone=True)
    assert _rows(result)["Beta"] == (ChapterChange.KEPT_GONE, False, "")
    beta = _region(_reload(edited), RegionKind.TILTAK, "Beta")
    assert _texts(beta.elements[:2]) == ["Beta", GONE_NOTE]


def test_an_edited_change_note_that_is_swapped_says_so_in_the_report():
    edited = _render(_chapters(), {1: ["", "Endret A."]})
    note = _region(edited, RegionKind.TILTAK, "Beta").note
    note.append(oxml.run(" Presisert."))
    result = update_document(edited, _render(_chapters(), {1: ["", "Endret B."]}))
    assert _rows(result)["Beta"][2] == "endringsmerknaden er byttet (redaktørens versjon er i sidefilen)"


def test_a_change_note_is_added_under_the_heading_of_a_chapter_cut_down_to_its_heading():
    edited = _render(_chapters())
    beta = _region(edited, RegionKind.TILTAK, "Beta")
    for element in beta.elements[1:]:
        element.getparent().remove(element)
    result = update_document(edited, _render(_chapters(), {1: ["", "Endret B."]}))
    assert _rows(result)["Beta"] == (ChapterChange.UNCHANGED, True, "endringsmerknaden er lagt til")
    assert _texts(_region(_reload(edited), RegionKind.TILTAK, "Beta").elements) == ["Beta", "Endret B."]


def test_a_segment_whose_chapters_are_all_gone_goes_or_stays_with_them():
    edited = _render(_chapters())
    result = update_document(edited, _render(_chapters(Gamma=None)))
    assert _rows(result)["Koordinere"] == (ChapterChange.REMOVED, False, "")
    assert "Koordinere" not in _headings(_reload(edited))

    edited = _render(_chapters(Delta={"segment": "Observere"}))
    before, original = _order(edited), _reload(edited)
    result = update_document(edited, _render(_chapters(Gamma=None)), keep_gone=True)
    rows = _rows(result)
    assert rows["Gamma"][0] is rows["Delta"][0] is ChapterChange.KEPT_GONE
    assert "Koordinere" not in rows and "Observere" not in rows
    again = _reload(edited)
    assert _order(again) == before
    result = update_document(again, original)  # both submitted again
    assert _headings(again).count("Koordinere") == _headings(again).count("Observere") == 1
    assert _rows(result)["Delta"][0] is ChapterChange.UNCHANGED


def test_an_unedited_chapter_that_is_removed_is_not_in_the_side_file():
    edited = _render(_chapters())
    result = update_document(edited, _render(_chapters(Beta=None)))
    assert _rows(result)["Beta"] == (ChapterChange.REMOVED, False, "")
    assert result.replaced == [] and "Beta" not in _headings(_reload(edited))


def test_a_chapter_with_a_change_note_is_kept_and_marked_when_it_is_not_submitted():
    from pipeline.word.update import GONE_NOTE

    edited = _render(_chapters(), {1: ["", "Endret B."]})
    result = update_document(edited, _render(_chapters(Beta=None)), keep_gone=True)
    assert _rows(result)["Beta"] == (ChapterChange.KEPT_GONE, False, "")
    beta = _region(_reload(edited), RegionKind.TILTAK, "Beta")
    assert _texts(beta.elements[:3]) == ["Beta", GONE_NOTE, "Endret B."]
