"""The seal over the parts a merge wrote (pipeline.word.seal): an untouched document is known as unchanged without
reading its body, and any change to the sealed parts or the stored fingerprint sends the guard to the full walk."""

import io
import zipfile

import pytest

from pipeline.merge.export import record_to_tiltak
from pipeline.word import fingerprint, guard, stream
from pipeline.word.fingerprint import DocumentState
from pipeline.word.seal import SEAL_PROPERTY, SEALED_PARTS, seal, unbroken
from tests.support.render import report_settings
from tests.word.test_guard import _rewritten


@pytest.fixture
def made(seed_records, form_settings) -> bytes:
    tiltak = [record_to_tiltak(r) for r in seed_records[:3]]
    return stream.render_docx(tiltak, report_settings(), form_settings)


def _archive(docx: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(docx))


def _no_walk(monkeypatch):
    def walk(*args, **kwargs):
        raise AssertionError("the body was read although the seal holds")

    monkeypatch.setattr(guard, "body_fingerprint", walk)


def test_a_merged_document_is_known_as_unchanged_without_reading_its_body(made, tmp_path, monkeypatch):
    path = tmp_path / "Vedlegg2.docx"
    path.write_bytes(made)
    with _archive(made) as archive:
        assert fingerprint.stored_property(archive, SEAL_PROPERTY).startswith("s1:")
        assert unbroken(archive)
    _no_walk(monkeypatch)
    assert guard.document_state(path) is DocumentState.UNCHANGED


def test_the_same_parts_zipped_again_another_way_keep_the_seal(made):
    out = io.BytesIO()
    with _archive(made) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for info in reversed(source.infolist()):
            target.writestr(info.filename, source.read(info))
    with _archive(out.getvalue()) as archive:
        assert unbroken(archive)


def _bold_first_run(data: bytes) -> bytes:
    assert b"<w:r><w:t" in data
    return data.replace(b"<w:r><w:t", b"<w:r><w:rPr><w:b/></w:rPr><w:t", 1)


def _other_fingerprint(data: bytes) -> bytes:
    start = data.index(b"v3:") + 3
    return data[:start] + (b"0" if data[start:start + 1] != b"0" else b"1") + data[start + 1:]


EDITS = {
    "tekst": ("word/document.xml", lambda x: b"Samstyring".join(x.rsplit(b"Samstyre", 1))),
    "bare-formatering": ("word/document.xml", _bold_first_run),
    "ett-mellomrom-i-xml": ("word/document.xml", lambda x: x.replace(b"<w:body>", b"<w:body> ", 1)),
    "stiler": ("word/styles.xml", lambda x: x.replace(b"<w:style ", b"<w:style  ", 1)),
    "uten-stiler": ("word/styles.xml", lambda x: None),
    "lenker": ("word/_rels/document.xml.rels", lambda x: x.replace(b"<Relationship ", b"<Relationship  ", 1)),
    "annet-fingeravtrykk": ("docProps/custom.xml", _other_fingerprint),
}


@pytest.mark.parametrize("edit", EDITS)
def test_any_change_to_a_sealed_part_or_the_stored_fingerprint_breaks_the_seal(made, tmp_path, edit):
    member, change = EDITS[edit]
    edited = _rewritten(made, member, change)
    assert edited != made
    with _archive(edited) as archive:
        assert not unbroken(archive)
    path = tmp_path / "Vedlegg2.docx"
    path.write_bytes(edited)
    assert guard.document_state(path) is fingerprint.document_state(path)  # the walk answers, as before


def test_a_formatting_edit_is_seen_as_an_edit_through_the_broken_seal(made, tmp_path):
    path = tmp_path / "Vedlegg2.docx"
    path.write_bytes(_rewritten(made, "word/document.xml", _bold_first_run))
    assert guard.document_state(path) is DocumentState.EDITED


def test_a_document_without_a_seal_is_walked(made, tmp_path, monkeypatch):
    def unsealed(data: bytes) -> bytes:
        return data.replace(SEAL_PROPERTY.encode(), b"noe-annet")

    path = tmp_path / "Vedlegg2.docx"
    path.write_bytes(_rewritten(made, "docProps/custom.xml", unsealed))
    with _archive(path.read_bytes()) as archive:
        assert not unbroken(archive)
    walked = []
    real = guard.body_fingerprint

    def counting(archive):
        walked.append(1)
        return real(archive)

    monkeypatch.setattr(guard, "body_fingerprint", counting)
    assert guard.document_state(path) is DocumentState.UNCHANGED
    assert walked == [1]


def test_the_document_made_as_a_whole_tree_is_sealed_too(seed_records, form_settings):
    tiltak = [record_to_tiltak(r) for r in seed_records[:2]]
    with _archive(stream.whole_tree_docx(tiltak, report_settings(), form_settings)) as archive:
        assert unbroken(archive)


def test_the_seal_depends_on_every_sealed_part_and_the_fingerprint_not_on_how_the_bytes_are_cut():
    parts = {name: [name.encode() * 3] for name in SEALED_PARTS}
    base = seal("v3:a", parts)
    assert seal("v3:a", {name: [b"".join(p)[:5], b"".join(p)[5:]] for name, p in parts.items()}) == base
    assert seal("v3:b", parts) != base
    for name in SEALED_PARTS:
        assert seal("v3:a", {**parts, name: [b"x"]}) != base
        missing = {k: v for k, v in parts.items() if k != name}
        assert seal("v3:a", missing) != seal("v3:a", {**missing, name: [b""]})  # missing is not empty
    assert seal("v3:a", {**parts, "word/other.xml": [b"x"]}) == base  # only the sealed parts count


def test_with_one_part_missing_the_others_still_count():
    parts = {name: [name.encode()] for name in SEALED_PARTS}
    for missing in SEALED_PARTS:
        rest = {k: v for k, v in parts.items() if k != missing}
        for other in rest:
            assert seal("v3:a", {**rest, other: [b"endret"]}) != seal("v3:a", rest), (missing, other)


def test_a_seal_without_a_stored_fingerprint_is_no_seal(made):
    without = _rewritten(made, "docProps/custom.xml", lambda x: x.replace(b"innrapportering-fingeravtrykk", b"annet"))
    with _archive(without) as archive:
        assert fingerprint.stored_fingerprint(archive) is None
        assert fingerprint.stored_property(archive, SEAL_PROPERTY)
        assert not unbroken(archive)


def test_page_numbers_written_by_pdf_keep_the_document_known_as_unedited(made, tmp_path, monkeypatch):
    from pipeline.pdf.convert import fill_toc_page_numbers, toc_of_docx

    lines = toc_of_docx(made)
    assert lines
    numbered = fill_toc_page_numbers(made, {line.bookmark: 3 + i for i, line in enumerate(lines)})
    with _archive(numbered) as archive:
        assert not unbroken(archive)  # the body changed (field results), so the old seal no longer holds
    after = guard.resealed(made, numbered)
    with _archive(after) as archive:
        assert unbroken(archive)
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_DEFLATED}  # not stored bigger
        assert archive.read("word/document.xml") == _archive(numbered).read("word/document.xml")
    path = tmp_path / "Vedlegg2.docx"
    path.write_bytes(after)
    _no_walk(monkeypatch)
    assert guard.document_state(path) is DocumentState.UNCHANGED


def test_no_new_seal_for_a_document_edited_before_or_by_the_change(made):
    edited = _rewritten(made, "word/document.xml", _bold_first_run)
    assert guard.resealed(edited, edited) == edited  # the seal was broken before: left to the walk
    assert guard.resealed(made, edited) == edited  # the change itself was an edit: no seal over it
    assert guard.resealed(b"ikke et arkiv", made) == made
    assert guard.resealed(made, b"ikke et arkiv") == b"ikke et arkiv"
