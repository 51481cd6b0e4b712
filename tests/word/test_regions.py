"""Regions: every generated part is found again by its bookmarks, and its fingerprint
ignores what a save without edits changes (run splits, rsids, explicit default style)."""

import copy

import pytest
from docx.oxml.ns import qn

from pipeline.word import oxml
from pipeline.word.regions import END, Fingerprinter, RegionKind, find_regions, read_meta, tiltak_region_id
from pipeline.word.render import render_document
from tests.support.render import make_tiltak, report_settings


@pytest.fixture
def doc(form_settings):
    tiltak = [make_tiltak("Alfa"), make_tiltak("Beta"), make_tiltak("Gamma", segment="Koordinere")]
    return render_document(tiltak, report_settings(), form_settings)


def test_every_generated_part_is_a_region_with_its_fingerprint(doc):
    regions = find_regions(doc)
    assert [(r.info.kind, r.info.name) for r in regions] == [
        (RegionKind.FRONT, ""), (RegionKind.TOC, ""), (RegionKind.SEGMENT, "Samstyre"), (RegionKind.TILTAK, "Alfa"), (RegionKind.TILTAK, "Beta"),
        (RegionKind.SEGMENT, "Koordinere"), (RegionKind.TILTAK, "Gamma"), (RegionKind.BACK, "")]
    fingerprint = Fingerprinter(doc)
    assert all(fingerprint(r.elements) == r.info.content for r in regions)
    alfa = regions[3]
    assert alfa.info.id == tiltak_region_id("  alfa ") and alfa.elements[-1].tag == qn("w:tbl")
    assert oxml.paragraph_text(alfa.elements[0]) == "Alfa"
    assert len({r.info.data for r in regions if r.info.kind is RegionKind.TILTAK}) == 3


def test_noise_does_not_change_the_fingerprint_but_an_edit_does(doc):
    alfa = find_regions(doc)[3]
    fingerprint = Fingerprinter(doc)
    table = alfa.elements[1]
    p = next(table.iter(qn("w:p")))
    run = p.find(qn("w:r"))
    text = run.find(qn("w:t")).text
    split = copy.deepcopy(run)  # a run split in two, with an rsid, and the default style written out
    run.find(qn("w:t")).text, split.find(qn("w:t")).text = text[:2], text[2:]
    run.addnext(split)
    p.set(qn("w:rsidR"), "00AB12CD")
    oxml.set_ppr(p, oxml.el("w:pStyle", {"w:val": "Normal"}))
    assert fingerprint(alfa.elements) == alfa.info.content
    split.find(qn("w:t")).text += " endret"
    assert fingerprint(alfa.elements) != alfa.info.content


def test_a_region_whose_end_mark_is_gone_ends_before_the_next_one(doc):
    regions = find_regions(doc)
    ends = {regions[3].info.id + END, regions[-2].info.id + END}  # Alfa, and Gamma (the last chapter)
    for b in list(doc.element.body.iter(qn("w:bookmarkStart"))):
        if b.get(qn("w:name")) in ends:
            b.getparent().remove(b)
    again = find_regions(doc)
    assert [len(r.elements) for r in again] == [len(r.elements) for r in regions]


def test_a_document_without_regions_has_none():
    import docx

    assert find_regions(docx.Document()) is None and read_meta(docx.Document()) is None


def _rows(edited, fresh) -> dict[str, str]:
    from pipeline.word.update import update_document

    return {c.name: c.explanation() for c in update_document(edited, fresh).changes}


def test_new_colours_are_named_as_the_reason_a_chapter_was_made_again(form_settings):
    tiltak = [make_tiltak("Alfa"), make_tiltak("Beta")]
    old = render_document(tiltak, report_settings(), form_settings)
    colours = dict(form_settings.farger)
    colours["Gul"] = "123456"
    new = render_document(tiltak, report_settings(), form_settings.model_copy(update={"farger": colours}))
    rows = _rows(old, new)
    assert rows["Alfa"] == rows["Beta"] == "data endret: fargene"


def test_the_side_file_keeps_an_editors_tracked_insertion_whose_id_equals_a_region_mark(form_settings):
    """Word numbers tracked changes and bookmarks each from its own counter: only the region's own bookmark
    ends may go when the side file takes the region marks out."""
    import io

    import docx

    from pipeline.word.regions import PREFIX
    from pipeline.word.sidefile import Replaced, side_document
    doc = render_document([make_tiltak("Alfa"), make_tiltak("Beta")], report_settings(), form_settings)
    beta = next(r for r in find_regions(doc) if r.info.name == "Beta")
    start = next(b for e in beta.elements for b in e.iter(qn("w:bookmarkStart")) if b.get(qn("w:name")).startswith(PREFIX))
    target = beta.elements[0]  # the heading, which holds the start mark
    inserted = oxml.el("w:ins", {"w:id": start.get(qn("w:id")), "w:author": "Redaktør", "w:date": "2026-12-01T00:00:00Z"},
                       oxml.run(" (satt inn av redaktøren)"))
    target.append(inserted)
    target.append(oxml.el("w:bookmarkStart", {"w:id": "9001", "w:name": "Eget"}))
    target.append(oxml.el("w:bookmarkEnd", {"w:id": "9001"}))
    for element in beta.elements:
        element.getparent().remove(element)
    buffer = io.BytesIO()
    doc.save(buffer)
    side = docx.Document(io.BytesIO(side_document(buffer.getvalue(), [Replaced("Kapitlet «Beta»", beta.elements)],
                                                  "Vedlegg2.docx", "05.12.2026"))).element.body
    starts = {b.get(qn("w:id")): b.get(qn("w:name")) for b in side.iter(qn("w:bookmarkStart"))}
    assert "Eget" in starts.values() and not any(n.startswith(PREFIX) for n in starts.values())
    assert sorted(b.get(qn("w:id")) for b in side.iter(qn("w:bookmarkEnd"))) == sorted(starts)  # the editor's stay
    ins = list(side.iter(qn("w:ins")))
    assert len(ins) == 1 and "".join(t.text for t in ins[0].iter(qn("w:t"))) == " (satt inn av redaktøren)"



def test_a_new_segment_heading_is_reported_under_its_segment(form_settings):
    from pipeline.word.update import update_document

    old = render_document([make_tiltak("Alfa")], report_settings(), form_settings)
    fresh = render_document([make_tiltak("Alfa"), make_tiltak("Gamma", segment="Koordinere")], report_settings(),
                            form_settings)
    changes = {c.name: c for c in update_document(old, fresh).changes}
    assert changes["Koordinere"].kind is RegionKind.SEGMENT and changes["Koordinere"].to_dict()["segment"] == "Koordinere"
    assert changes["Samstyre"].segment == "Samstyre" and changes["Samstyre"].change.value == "uendret"


def test_a_change_note_is_found_by_its_own_mark_after_an_editor_restyled_it(form_settings, tmp_path):
    from tests.support import editor
    from tests.support.render import reopen

    doc = render_document([make_tiltak("Alfa"), make_tiltak("Beta")], report_settings(), form_settings,
                          notes={1: ["", "Endret siden forrige rapport (R): status Gul → Rød."]})
    beta = next(r for r in find_regions(doc) if r.info.name == "Beta")
    assert beta.note is beta.elements[1] and editor.style_of(beta.note) == "Endringsmerknad"
    names = [b.get(qn("w:name")) for b in beta.note.iter(qn("w:bookmarkStart"))]
    assert names == [beta.info.id + "_merknad"]
    style = beta.note.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    style.getparent().remove(style)  # the editor made it a plain paragraph
    again, _ = reopen(doc, tmp_path)
    found = next(r for r in find_regions(again) if r.info.name == "Beta")
    assert found.note is found.elements[1] and oxml.paragraph_text(found.note).startswith("Endret siden")
    assert all(r.note is None for r in find_regions(again) if r.info.name == "Alfa")


def test_every_mark_is_a_point_inside_a_paragraph_and_a_chapter_ends_in_its_last_table_cell(doc):
    """Point bookmarks inside paragraphs are what Word and LibreOffice keep (see the module's docstring)."""
    from pipeline.word.regions import PREFIX

    body = doc.element.body
    starts = [b for b in body.iter(qn("w:bookmarkStart")) if b.get(qn("w:name")).startswith(PREFIX)]
    assert starts and all(b.getparent().tag == qn("w:p") for b in starts)
    for b in starts:  # a point at the start of the paragraph (after its properties); the end right after it
        p = b.getparent()
        if not b.get(qn("w:name")).endswith(END):  # (an end mark: at the end of the paragraph)
            ppr = p.find(qn("w:pPr"))
            assert p.index(b) == (0 if ppr is None else 1) and (ppr is None or p.index(ppr) == 0)
        end = b.getnext()
        assert end.tag == qn("w:bookmarkEnd") and end.get(qn("w:id")) == b.get(qn("w:id"))
    for region in find_regions(doc):
        first, last = region.elements[0], region.elements[-1]
        names = [s.get(qn("w:name")) for s in first.iter(qn("w:bookmarkStart"))]
        assert region.info.kind is RegionKind.TOC or region.info.id in names
        if region.info.kind is RegionKind.TILTAK:
            assert last.tag == qn("w:tbl")
            cells = list(last.iter(qn("w:tc")))
            paragraphs = list(cells[-1].iter(qn("w:p")))
            assert region.info.id + END in [s.get(qn("w:name")) for s in paragraphs[-1].iter(qn("w:bookmarkStart"))]


def test_a_change_note_without_its_mark_is_found_by_its_style_and_a_moved_one_is_not_the_chapter_s(form_settings):
    from pipeline.word.regions import NOTE

    note = "Endret siden forrige rapport (R): status Gul → Rød."
    doc = render_document([make_tiltak("Alfa"), make_tiltak("Beta"), make_tiltak("Gamma")], report_settings(), form_settings,
                          notes={1: ["", note], 2: ["", note]})
    regions = {r.info.name: r for r in find_regions(doc)}
    beta, gamma = regions["Beta"], regions["Gamma"]
    for b in list(beta.note.iter(qn("w:bookmarkStart"), qn("w:bookmarkEnd"))):  # Beta's note loses its mark
        b.getparent().remove(b)
    regions["Alfa"].elements[0].addnext(gamma.note)  # Gamma's note, with its mark, moved into Alfa
    again = {r.info.name: r for r in find_regions(doc)}
    assert again["Beta"].note is again["Beta"].elements[1] and oxml.paragraph_text(again["Beta"].note) == note
    assert again["Gamma"].note is None and again["Alfa"].note is None
    assert any(b.get(qn("w:name")) == gamma.info.id + NOTE for b in again["Alfa"].elements[1].iter(qn("w:bookmarkStart")))


def test_the_toc_is_its_own_field_also_with_an_editors_field_before_it(doc):
    """A field an editor put on the title page (a date, a reference) is not the table of contents."""
    from pipeline.word.regions import TOC_ID, toc_field

    body = doc.element.body
    children = [c for c in body if c.tag != qn("w:sectPr")]
    first, last = toc_field(children)
    assert first > 0 and oxml.paragraph_text(children[first]) != ""
    instructions = [t.text for c in children[first:last + 1] for t in c.iter(qn("w:instrText"))]
    assert instructions[0].split()[0] == "TOC"
    children[0].extend(oxml.field_runs("DATE \\@ \"dd.MM.yyyy\"", "05.12.2026"))
    assert toc_field(children) == (first, last)
    for b in list(body.iter(qn("w:bookmarkStart"))):  # the region found by its field, its bookmark gone
        if b.get(qn("w:name")) == TOC_ID:
            b.getparent().remove(b)
    toc = next(r for r in find_regions(doc) if r.info.kind is RegionKind.TOC)
    assert toc.elements == children[first:last + 1]


def test_a_copy_of_a_chapter_heading_elsewhere_does_not_move_the_chapter(doc):
    """Only a region whose start mark is gone is looked for by its heading."""
    regions = find_regions(doc)
    alfa, beta = regions[3], regions[4]
    copy_of_heading = copy.deepcopy(alfa.elements[0])
    for b in list(copy_of_heading.iter(qn("w:bookmarkStart"), qn("w:bookmarkEnd"))):
        b.getparent().remove(b)
    beta.elements[0].addnext(copy_of_heading)  # an editor pasted «Alfa» as a heading inside Beta
    again = {r.info.name: r for r in find_regions(doc)}
    assert again["Alfa"].elements == alfa.elements and not again["Alfa"].by_heading
    assert again["Beta"].elements[:2] == [beta.elements[0], copy_of_heading]


def _drop_marks(doc, names) -> None:
    for b in list(doc.element.body.iter(qn("w:bookmarkStart"))):
        if b.get(qn("w:name")) in names:
            b.getparent().remove(b)


def test_the_last_chapter_without_its_end_mark_keeps_what_an_editor_wrote_after_its_table(doc):
    regions = find_regions(doc)
    gamma, back = regions[-2], regions[-1]
    assert gamma.info.name == "Gamma" and back.info.kind is RegionKind.BACK
    added = oxml.paragraph(None, oxml.run("Redaktørens avsnitt etter tabellen."))
    gamma.elements[-1].addnext(added)
    _drop_marks(doc, {gamma.info.id + END})
    again = find_regions(doc)
    assert again[-2].elements == [*gamma.elements, added] and again[-1].elements == back.elements


def test_the_back_page_without_its_end_mark_ends_before_the_section_properties(doc):
    back = find_regions(doc)[-1]
    _drop_marks(doc, {back.info.id + END})
    again = find_regions(doc)[-1]
    assert again.info.kind is RegionKind.BACK and again.elements == back.elements
    assert all(e.tag != qn("w:sectPr") for e in again.elements)


def test_the_sammendrag_without_its_start_mark_is_found_by_its_heading(form_settings):
    from pipeline.summary.aggregate import build_summary
    from pipeline.word.regions import SUMMARY_ID
    from pipeline.word.summary import summary_writer
    from tests.support.summary import FORM, REPORT_DATE

    items = [make_tiltak("Alfa"), make_tiltak("Beta")]
    summary = summary_writer(build_summary(items, REPORT_DATE, FORM, None), FORM, charts=False)
    doc = render_document(items, report_settings(), FORM, summary=summary)
    before = next(r for r in find_regions(doc) if r.info.kind is RegionKind.SUMMARY)
    assert oxml.paragraph_text(before.elements[0]) == "Sammendrag" and not before.by_heading
    _drop_marks(doc, {SUMMARY_ID})
    after = next(r for r in find_regions(doc) if r.info.kind is RegionKind.SUMMARY)
    assert after.by_heading and after.elements == before.elements


def test_what_an_editor_writes_between_two_chapters_belongs_to_neither(doc):
    """A chapter ends at its end mark: a paragraph typed after its table is the editor's, not the chapter's."""
    regions = find_regions(doc)
    alfa, beta = regions[3], regions[4]
    added = oxml.paragraph(None, oxml.run("Redaktørens avsnitt mellom kapitlene."))
    alfa.elements[-1].addnext(added)
    again = {r.info.name: r for r in find_regions(doc)}
    assert again["Alfa"].elements == alfa.elements and again["Beta"].elements == beta.elements
    assert all(added is not e for r in again.values() for e in r.elements)


def test_without_the_back_page_the_last_chapter_ends_at_its_table_or_its_last_paragraph(doc):
    regions = find_regions(doc)
    gamma, back = regions[-2], regions[-1]
    for element in back.elements:  # an editor deleted the back page
        element.getparent().remove(element)
    again = find_regions(doc)
    assert again[-1].info.name == "Gamma" and again[-1].elements == gamma.elements
    for element in gamma.elements[1:]:  # and then everything of Gamma but its heading
        element.getparent().remove(element)
    last = find_regions(doc)[-1]
    assert last.info.name == "Gamma" and last.elements == gamma.elements[:1]


def test_a_template_without_a_title_page_still_gets_every_other_region(form_settings, tmp_path):
    """The secretariat's own Word template may start with the content: the empty title page is left out and the
    rest is marked as usual."""
    import docx

    from pipeline.word.checks import CONTENT_MARKER
    from pipeline.word.template import WORD_TEMPLATE_PATH

    template = docx.Document(str(WORD_TEMPLATE_PATH))
    body = template.element.body
    for child in list(body):
        if child.tag == qn("w:p") and oxml.paragraph_text(child).strip() == CONTENT_MARKER:
            break
        body.remove(child)
    template.save(tmp_path / "uten-forside.docx")
    doc = render_document([make_tiltak("Alfa"), make_tiltak("Beta")], report_settings(), form_settings,
                          template=tmp_path / "uten-forside.docx")
    regions = find_regions(doc)
    kinds = [r.info.kind for r in regions]
    assert kinds[:2] == [RegionKind.TOC, RegionKind.SEGMENT] and kinds.count(RegionKind.TILTAK) == 2
    assert not any(r.by_heading for r in regions)  # each found by its own mark
    assert RegionKind.FRONT not in kinds
