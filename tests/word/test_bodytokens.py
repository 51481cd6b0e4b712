"""One normaliser of Word body content: the whole-document guard (merge's «redigert?») and the
per-chapter fingerprint (merge --oppdater's «har en redaktør endret kapitlet?») see the same edits.

The same table of edits (tests/support/edits.py) is made inside a table and outside one, in a
chapter of a generated document; both verdicts must agree with each other and with the table.
"""

from __future__ import annotations

import io

import docx
import pytest

from pipeline.word.fingerprint import VERSION, fingerprints, stamp
from pipeline.word.regions import Fingerprinter, find_regions, write_meta
from pipeline.word.render import render_document
from tests.support import editor, edits
from tests.support.render import make_tiltak, report_settings

CHAPTER = "Alfa"
URL = "https://www.ehelse.no/prosjekter/alfa"


def _bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def reseal(doc) -> None:
    """Fingerprint ``doc`` again as if the tool had written it as it is now."""
    regions = find_regions(doc)
    fingerprint = Fingerprinter(doc)
    for region in regions:
        region.info.content = fingerprint(region.elements)
    write_meta(doc, [r.info for r in regions])
    stamp(doc)


@pytest.fixture(scope="module")
def baseline(form_settings) -> bytes:
    """A generated document whose chapter Alfa has a link in its description (in a table) and a
    paragraph with a link outside tables."""
    description = f"Første avsnitt, les mer på {URL}\nAndre avsnitt."
    doc = render_document([make_tiltak(CHAPTER, beskrivelse=description), make_tiltak("Beta")], report_settings(),
                          form_settings)
    edits.add_link_paragraph(doc, editor.heading(doc.element.body, CHAPTER))
    reseal(doc)
    return _bytes(doc)


def _target(doc, inside: bool):
    body = doc.element.body
    if inside:
        return editor.value_paragraph(body, CHAPTER, "Beskrivelse")
    return editor.heading(body, CHAPTER).getnext()  # the paragraph with the editor's link


def _verdicts(data: bytes) -> tuple[bool, bool]:
    """(the guard sees an edit, the chapter's fingerprint sees an edit)."""
    stored, actual = fingerprints(data)
    doc = docx.Document(io.BytesIO(data))
    regions = find_regions(doc)
    chapter = next(r for r in regions if r.info.name == CHAPTER)
    others = [r for r in regions if r.info.name != CHAPTER]
    fingerprint = Fingerprinter(doc)
    assert all(fingerprint(r.elements) == r.info.content for r in others)  # the edit stays in its chapter
    return stored != actual, fingerprint(chapter.elements) != chapter.info.content


def test_the_baseline_is_unedited_for_both(baseline):
    assert _verdicts(baseline) == (False, False)
    stored, _ = fingerprints(baseline)
    assert stored.startswith(f"{VERSION}:")
    doc = docx.Document(io.BytesIO(baseline))
    assert all(r.info.content.startswith(f"{VERSION}:") for r in find_regions(doc))  # one version number


@pytest.mark.parametrize("edit, inside", edits.cases(), ids=lambda v: v.name if hasattr(v, "name") else
                         ("i tabell" if v else "utenfor tabell"))
def test_guard_and_chapter_fingerprint_see_the_same_edits(baseline, edit, inside):
    doc = docx.Document(io.BytesIO(baseline))
    edit.apply(doc, _target(doc, inside))
    expected = edit.seen_in_table if inside else True
    assert _verdicts(_bytes(doc)) == (expected, expected)


def test_a_python_docx_resave_is_no_edit_for_either(baseline):
    assert _verdicts(_bytes(docx.Document(io.BytesIO(baseline)))) == (False, False)
