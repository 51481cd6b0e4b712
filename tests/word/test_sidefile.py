"""The side file of merge --oppdater, and the files an update writes (pipeline.word.sidefile,
pipeline.merge.update), on small rendered documents."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from pipeline.merge.update import SIDE_STEM, UpdateError, free_path, open_update, update_files
from pipeline.word import oxml
from pipeline.word.regions import PREFIX, find_regions
from pipeline.word.render import render_document
from pipeline.word.sidefile import TITLE, Replaced, side_document
from tests.support import editor
from tests.support.render import make_tiltak, report_settings

EDIT = " Redaktørens tekst."


def _bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def rendered(form_settings) -> dict[str, bytes]:
    tiltak = [make_tiltak("Alfa"), make_tiltak("Beta")]
    return {"old": _bytes(render_document(tiltak, report_settings(), form_settings)),
            "new": _bytes(render_document([make_tiltak("Alfa", status="Rød"), make_tiltak("Beta")], report_settings(),
                                          form_settings))}


def test_the_side_file_holds_only_the_editors_versions_under_their_labels(rendered):
    edited = docx.Document(io.BytesIO(rendered["old"]))
    region = next(r for r in find_regions(edited) if r.info.name == "Beta")  # not first: a page break before
    assert region.elements[0].find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is None
    editor.value_paragraph(edited.element.body, "Beta", "Beskrivelse").append(oxml.run(EDIT))
    for element in region.elements:
        element.getparent().remove(element)
    data = side_document(_bytes(edited), [Replaced("Kapitlet «Beta»", region.elements)], "Vedlegg2.docx", "04.12.2026")
    side = docx.Document(io.BytesIO(data))
    body = side.element.body
    paragraphs = [p for p in body if p.tag == qn("w:p")]
    assert oxml.paragraph_text(paragraphs[0]) == TITLE and editor.style_of(paragraphs[0]) == "Heading1"
    intro = oxml.paragraph_text(paragraphs[1])
    assert "Vedlegg2.docx" in intro and "04.12.2026" in intro and intro.endswith("oppdaterte dokumentet.")
    assert oxml.paragraph_text(paragraphs[2]) == "Kapitlet «Beta» slik det så ut før oppdateringen:"
    assert paragraphs[2].find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None
    assert oxml.paragraph_text(paragraphs[3]) == "Beta"
    assert paragraphs[3].find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}").get(qn("w:val")) == "0"  # with its label
    assert oxml.paragraph_text(editor.value_paragraph(body, "Beta", "Beskrivelse")).endswith(EDIT)
    texts = [oxml.paragraph_text(p) for p in body.iter(qn("w:p"))]
    assert "Alfa" not in texts and "November 2021" not in texts  # nothing else of the document
    styles = {s.get(qn("w:styleId")) for s in side.styles.element.iter(qn("w:style"))}
    assert {"Endringsmerknad", "Merknad", "Heading2"} <= styles  # a copy of the edited document: its styles
    assert body[-1].tag == qn("w:sectPr") and len(body.findall(qn("w:sectPr"))) == 1
    assert find_regions(side) is None  # no updatable Vedlegg 2
    assert not [b for b in body.iter(qn("w:bookmarkStart")) if (b.get(qn("w:name")) or "").startswith(PREFIX)]
    starts = {b.get(qn("w:id")) for b in body.iter(qn("w:bookmarkStart"))}
    assert all(e.get(qn("w:id")) in starts for e in body.iter(qn("w:bookmarkEnd")))  # no end left without its start


def test_open_update_reads_the_document_once_and_refuses_what_cannot_be_updated(rendered, tmp_path):
    path = tmp_path / "Vedlegg2.docx"
    path.write_bytes(rendered["old"])
    request = open_update(path, keep_gone=True)
    assert request.data == rendered["old"] and request.keep_gone and request.edited == path
    assert find_regions(request.document) is not None
    with pytest.raises(UpdateError, match="Fant ikke dokumentet"):
        open_update(tmp_path / "borte.docx")
    (tmp_path / "tekst.docx").write_text("ikke et dokument", encoding="utf-8")
    with pytest.raises(UpdateError, match="kan ikke leses som et Word-dokument"):
        open_update(tmp_path / "tekst.docx")
    docx.Document().save(str(tmp_path / "vanlig.docx"))
    with pytest.raises(UpdateError, match="ingen merkede kapitler"):
        open_update(tmp_path / "vanlig.docx")
    stripped = docx.Document(io.BytesIO(rendered["old"]))
    for b in list(stripped.element.body.iter(qn("w:bookmarkStart"))):
        if (b.get(qn("w:name")) or "").startswith(PREFIX):
            b.getparent().remove(b)
    stripped.save(str(tmp_path / "uten-merker.docx"))
    with pytest.raises(UpdateError, match="merkene"):
        open_update(tmp_path / "uten-merker.docx")


def _files(rendered, tmp_path: Path, output: Path, edit: bool):
    path = tmp_path / "Vedlegg2.docx"
    doc = docx.Document(io.BytesIO(rendered["old"]))
    if edit:
        editor.value_paragraph(doc.element.body, "Alfa", "Beskrivelse").append(oxml.run(EDIT))
    doc.save(str(path))
    return path, update_files(open_update(path), docx.Document(io.BytesIO(rendered["new"])), output)


def test_an_update_in_place_writes_the_document_a_side_file_and_a_backup(rendered, tmp_path):
    path, (files, summary) = _files(rendered, tmp_path, tmp_path / "Vedlegg2.docx", edit=True)
    names = [p.name for p, _ in files]
    assert names[0] == "Vedlegg2.docx" and names[1] == f"Vedlegg2{SIDE_STEM}.docx"
    assert names[2].startswith("Vedlegg2.sikkerhetskopi-") and files[2][1] == path.read_bytes()
    assert summary.side_file == tmp_path / names[1] and summary.backup == tmp_path / names[2]
    assert summary.edited == path and {r["navn"]: r["endring"] for r in summary.rows()}["Alfa"] == \
        "oppdatert over redaktørendringer"
    updated = docx.Document(io.BytesIO(files[0][1]))
    assert "Rød" in "".join(oxml.paragraph_text(p) for p in updated.element.body.iter(qn("w:p")))
    side = docx.Document(io.BytesIO(files[1][1]))
    assert oxml.paragraph_text(editor.value_paragraph(side.element.body, "Alfa", "Beskrivelse")).endswith(EDIT)


def test_update_files_opens_a_request_made_by_hand_and_passes_keep_gone(rendered, tmp_path, form_settings):
    from datetime import date

    from pipeline.contract.formatting import format_date
    from pipeline.merge.update import UpdateRequest

    path = tmp_path / "Redigert.docx"
    doc = docx.Document(io.BytesIO(rendered["old"]))
    editor.value_paragraph(doc.element.body, "Beta", "Beskrivelse").append(oxml.run(EDIT))
    doc.save(str(path))
    gone = render_document([make_tiltak("Alfa", status="Rød")], report_settings(), form_settings)
    files, summary = update_files(UpdateRequest(path, keep_gone=True), gone, tmp_path / "ut.docx")
    rows = {r["navn"]: r["endring"] for r in summary.rows()}
    assert rows["Beta"] == "beholdt, ikke innrapportert" and summary.side_file is None
    files, summary = update_files(UpdateRequest(path), gone, tmp_path / "ut.docx")
    assert {r["navn"]: r["endring"] for r in summary.rows()}["Beta"] == "fjernet"
    intro = oxml.paragraph_text(docx.Document(io.BytesIO(files[1][1])).paragraphs[1]._p)
    assert "Redigert.docx" in intro and format_date(date.today()) in intro


def test_an_update_elsewhere_without_edits_writes_only_the_document(rendered, tmp_path):
    out = tmp_path / "ny" / "Ny.docx"
    out.parent.mkdir()
    _, (files, summary) = _files(rendered, tmp_path, out, edit=False)
    assert [p for p, _ in files] == [out] and summary.side_file is None and summary.backup is None


def test_free_path_never_reuses_a_name(tmp_path):
    assert free_path(tmp_path, "a", ".docx") == tmp_path / "a.docx"
    (tmp_path / "a.docx").touch()
    assert free_path(tmp_path, "a", ".docx") == tmp_path / "a-2.docx"
    (tmp_path / "a-2.docx").touch()
    assert free_path(tmp_path, "a", ".docx") == tmp_path / "a-3.docx"
