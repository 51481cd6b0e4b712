"""The document written region by region (pipeline.word.stream) is the document made as a whole tree."""

import io
import zipfile

import pytest

from pipeline.merge.export import record_to_tiltak
from pipeline.summary.aggregate import build_summary
from pipeline.word import stream
from pipeline.word.fingerprint import document_state, DocumentState, fingerprints, stamp, store_fingerprint
from pipeline.word.regions import find_regions
from pipeline.word.render import render_document
from pipeline.word.summary import summary_writer
from pipeline.word.template import WORD_TEMPLATE_PATH
from tests.support.render import make_tiltak, report_settings

#: Parts whose bytes differ between two saves (the time of writing).
TIMED = {"docProps/core.xml"}


@pytest.fixture(scope="module")
def seed_tiltak(seed_records):
    return [record_to_tiltak(r) for r in seed_records]


def _whole_tree(tiltak, report, form, **kwargs) -> bytes:
    return stream.whole_tree_docx(tiltak, report, form, **kwargs)


def _streamed(tiltak, report, form, notes=None, summary=None) -> bytes:
    """The streamed document without the fall-back to the whole tree (which would hide a streaming mistake)."""
    return stream._streamed(tiltak, report, form, WORD_TEMPLATE_PATH, notes or {}, summary)


def _parts(docx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name not in TIMED}


def _names(docx: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return archive.namelist()


def _summary(tiltak, report, form):
    return summary_writer(build_summary(tiltak, report.rapportdato, form, None), form, report.diagrammer)


def _notes(count: int) -> dict[int, list[str]]:
    """A lenient note on every third chapter, a change note on every fourth (some chapters have both)."""
    return {i: ["Merk: feil som ikke er rettet." if i % 3 == 0 else "",
                "Endret siden forrige rapport: status." if i % 4 == 0 else ""] for i in range(count)}


@pytest.mark.slow
@pytest.mark.parametrize("with_summary", [False, True], ids=["uten-sammendrag", "med-sammendrag"])
def test_the_streamed_document_is_the_whole_tree_document_part_for_part(seed_tiltak, form_settings, with_summary):
    report = report_settings()
    notes = _notes(len(seed_tiltak))
    summary = (lambda: _summary(seed_tiltak, report, form_settings)) if with_summary else (lambda: None)
    whole = _whole_tree(seed_tiltak, report, form_settings, notes=notes, summary=summary())
    streamed = _streamed(seed_tiltak, report, form_settings, notes, summary())
    assert _names(streamed) == _names(whole)
    assert _parts(streamed) == _parts(whole)  # document.xml, the region metadata and the stored fingerprint


@pytest.mark.slow
def test_the_streamed_document_reads_as_unedited_with_every_region_found(seed_tiltak, form_settings, tmp_path):
    path = tmp_path / "Vedlegg2.docx"
    path.write_bytes(_streamed(seed_tiltak, report_settings(), form_settings, _notes(len(seed_tiltak))))
    stored, computed = fingerprints(path)
    assert stored == computed
    assert document_state(path) is DocumentState.UNCHANGED
    import docx

    regions = find_regions(docx.Document(str(path)))
    assert [r.info.name for r in regions if r.info.kind.value == "tiltak"] == [t.navn for t in seed_tiltak]
    assert all(r.elements and not r.by_heading for r in regions)


def test_one_chapter_in_one_segment_with_links(form_settings):
    """Links are relationships added while rendering: their targets count in the fingerprints."""
    items = [make_tiltak("Eneste", "Observere", beskrivelse="Se https://www.ehelse.no/plan.\n• Mer på www.example.org")]
    report = report_settings()
    streamed = _streamed(items, report, form_settings)
    assert _parts(streamed) == _parts(_whole_tree(items, report, form_settings))
    assert b"https://www.ehelse.no/plan" in _parts(streamed)["word/_rels/document.xml.rels"]


@pytest.mark.slow
def test_when_a_count_does_not_hold_the_document_is_made_as_a_whole_tree(seed_tiltak, form_settings, monkeypatch):
    report = report_settings()
    whole = _whole_tree(seed_tiltak, report, form_settings)
    monkeypatch.setattr(stream, "_ids_to_mark", lambda elements: 99)  # as if the title page took other ids
    with pytest.raises(stream.StreamError):
        _streamed(seed_tiltak, report, form_settings)
    assert _parts(stream.render_docx(seed_tiltak, report, form_settings)) == _parts(whole)
    notes = _notes(len(seed_tiltak))
    whole = _whole_tree(seed_tiltak, report, form_settings, notes=notes, summary=_summary(seed_tiltak, report, form_settings))
    made = stream.render_docx(seed_tiltak, report, form_settings, notes=notes,
                              summary=_summary(seed_tiltak, report, form_settings))
    assert _parts(made) == _parts(whole)  # the notes and the Sammendrag are passed on


@pytest.mark.slow
def test_merge_streams_the_document_without_falling_back(seed_tiltak, form_settings, monkeypatch):
    def whole_tree(*args, **kwargs):
        raise AssertionError("the whole tree was built")

    report = report_settings()
    notes = _notes(len(seed_tiltak))
    whole = _whole_tree(seed_tiltak, report, form_settings, notes=notes, summary=_summary(seed_tiltak, report, form_settings))
    monkeypatch.setattr(stream, "render_document", whole_tree)
    summary = _summary(seed_tiltak, report, form_settings)
    assert _parts(stream.render_docx(seed_tiltak, report, form_settings, notes=notes, summary=summary)) == _parts(whole)


def test_a_stamp_replaces_the_one_in_custom_properties_the_template_has(seed_tiltak, form_settings):
    import docx

    doc = render_document(seed_tiltak[:2], report_settings(), form_settings)
    stamp(doc)  # now the document has docProps/custom.xml with a fingerprint
    store_fingerprint(doc, "v3:annet")
    buffer = io.BytesIO()
    doc.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        assert [n for n in archive.namelist() if n.startswith("docProps/custom")] == ["docProps/custom.xml"]
        assert fingerprint_value(archive) == "v3:annet"
    assert docx.Document(io.BytesIO(buffer.getvalue()))


def fingerprint_value(archive):
    from pipeline.word.fingerprint import stored_fingerprint

    return stored_fingerprint(archive)


@pytest.mark.parametrize("count", [0, 1, 2])
def test_the_ids_a_region_takes(count):
    from pipeline.word import oxml

    table = oxml.el("w:tbl", None, oxml.el("w:tr", None, oxml.el("w:tc", None, oxml.paragraph(None, oxml.run("x")))))
    empty_table = oxml.el("w:tbl")
    elements = {0: [], 1: [empty_table], 2: [oxml.paragraph(), table]}[count]
    assert stream._ids_to_mark(elements) == (2 if count == 2 else 0)
    if count == 2:
        assert stream._ids_to_mark([table, empty_table]) == 0  # no paragraph at the end to hold the end mark


def test_the_placeholder_must_stand_exactly_once():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(stream.DOCUMENT_PART, b"<a><!--x--><!--x--></a>")
        archive.writestr("other.xml", b"<b/>")
    with pytest.raises(stream.StreamError):
        stream._spliced(buffer.getvalue(), b"<!--x-->", [b"<c/>"], "v3:x")
    with pytest.raises(stream.StreamError):
        stream._spliced(buffer.getvalue(), b"<!--y-->", [b"<c/>"], "v3:x")
    single = io.BytesIO()
    with zipfile.ZipFile(single, "w") as archive:
        archive.writestr("first.xml", b"<f/>")
        archive.writestr(stream.DOCUMENT_PART, b"<a><!--x--></a>")
    spliced = stream._spliced(single.getvalue(), b"<!--x-->", [b"<c/>", b"<d/>"], "v3:x")
    with zipfile.ZipFile(io.BytesIO(spliced)) as archive:
        assert archive.namelist() == ["first.xml", stream.DOCUMENT_PART]
        assert archive.read(stream.DOCUMENT_PART) == b"<a><c/><d/></a>"
        assert archive.read("first.xml") == b"<f/>"


def test_a_field_left_open_in_one_region_gives_the_same_document(seed_tiltak, form_settings):
    """A field begun and not ended (a custom Sammendrag) hides what follows from the body's fingerprint walk but
    not from each region's own walk: both are still computed as the whole tree computes them."""
    from pipeline.word import oxml

    def summary(writer):
        writer.heading(1, "Sammendrag")
        writer.elements.append(oxml.paragraph(None, *oxml.field_runs("DATE")[:3], oxml.run("resultat")))
        writer.paragraph("Tekst etter feltet")

    report = report_settings()
    items = seed_tiltak[:5]
    notes = _notes(len(items))
    whole = _whole_tree(items, report, form_settings, notes=notes, summary=summary)
    assert _parts(_streamed(items, report, form_settings, notes, summary)) == _parts(whole)


def test_a_sammendrag_that_writes_nothing_is_no_region(seed_tiltak, form_settings):
    report = report_settings()
    items = seed_tiltak[:3]
    whole = _whole_tree(items, report, form_settings, summary=lambda writer: None)
    assert _parts(_streamed(items, report, form_settings, summary=lambda writer: None)) == _parts(whole)


def test_the_number_style_of_the_settings_is_used(seed_tiltak, form_settings):
    report = report_settings(tallformat="punktum")
    items = seed_tiltak[:4]
    assert _parts(_streamed(items, report, form_settings)) == _parts(_whole_tree(items, report, form_settings))


def test_a_heading_written_outside_the_counted_ones_stops_the_streaming(seed_tiltak, form_settings, monkeypatch):
    """The regions' bookmark ids are counted from the headings the document will have; one more is caught."""
    original = stream.write_body

    def one_more(writer, *args, **kwargs):
        original(writer, *args, **kwargs)
        writer.heading(1, "Ekstra")

    monkeypatch.setattr(stream, "write_body", one_more)
    with pytest.raises(stream.StreamError):
        _streamed(seed_tiltak[:3], report_settings(), form_settings)


@pytest.mark.slow
def test_a_nynorsk_document_is_streamed_in_nynorsk_like_the_whole_tree(seed_tiltak, form_settings):
    """The streamed merge and the whole tree share the body writer: the document's own texts, the contents
    title and the language follow ``malform`` in both."""
    report = report_settings(malform="nynorsk")
    items = seed_tiltak[:6]
    streamed = _streamed(items, report, form_settings, None, _summary(items, report, form_settings))
    whole = _whole_tree(items, report, form_settings, summary=_summary(items, report, form_settings))
    assert _parts(streamed) == _parts(whole)
    body = _parts(streamed)["word/document.xml"].decode("utf-8")
    assert "Leveransar" in body and ">Leveranser<" not in body and "Innhald" in body
    assert b"nn-NO" in _parts(streamed)["word/styles.xml"]


def _template_with_a_case_number(tmp_path):
    """The Word template as an editor may have it: a custom document property of their own (Saksnummer)."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    from pipeline.word import fingerprint

    doc = docx.Document(str(WORD_TEMPLATE_PATH))
    package = doc.part.package
    assert not [r for r in package.rels.values() if r.reltype == RT.CUSTOM_PROPERTIES]
    blob = fingerprint._custom_xml(None, "21/1234", name="Saksnummer")
    package.relate_to(Part(PackURI(fingerprint._CUSTOM_PART), fingerprint._CUSTOM_CT, blob, package), RT.CUSTOM_PROPERTIES)
    path = tmp_path / "husmal.docx"
    doc.save(str(path))
    return path


def _custom_properties(docx_bytes: bytes) -> dict[str, str]:
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        root = etree.fromstring(archive.read("docProps/custom.xml"))
    return {prop.get("name"): "".join(prop.itertext()) for prop in root}


@pytest.mark.parametrize("falls_back", [False, True], ids=["strommet", "hele-treet"])
def test_the_templates_own_custom_properties_are_kept_beside_the_stamp(form_settings, tmp_path, monkeypatch, falls_back):
    """Streamed or (should a count not hold) made as a whole tree, the document is made from the template given,
    and the template's own custom properties stay beside the fingerprint."""
    from pipeline.word.fingerprint import PROPERTY_NAME

    if falls_back:
        monkeypatch.setattr(stream, "_ids_to_mark", lambda elements: 99)
    items = [make_tiltak("Eneste", "Observere")]
    made = stream.render_docx(items, report_settings(), form_settings, template=_template_with_a_case_number(tmp_path))
    properties = _custom_properties(made)
    assert properties["Saksnummer"] == "21/1234"
    assert properties[PROPERTY_NAME]
    (tmp_path / "V.docx").write_bytes(made)
    assert document_state(tmp_path / "V.docx") is DocumentState.UNCHANGED  # the stamp holds
