"""The merge's edit guard reads the body element by element and answers as the whole-tree guard does."""

import io
import zipfile

import pytest

from pipeline.merge.export import record_to_tiltak
from pipeline.word import fingerprint, guard, stream
from pipeline.word.fingerprint import DocumentState
from tests.support.render import report_settings


@pytest.fixture(scope="module")
def made(seed_records, form_settings) -> bytes:
    tiltak = [record_to_tiltak(r) for r in seed_records]
    return stream.render_docx(tiltak, report_settings(), form_settings)


def _rewritten(docx: bytes, member: str, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == member:
                data = change(data)
                if data is None:
                    continue
            target.writestr(info, data)
    return out.getvalue()


def _field_across_paragraphs(data: bytes) -> bytes:
    """A field begun in the first body paragraph and never ended: the rest of the body is its result."""
    begin = b'<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    return data.replace(b"<w:body><w:p>", b"<w:body><w:p>" + begin, 1)


VARIANTS = {
    "uendret": lambda d: d,
    # without the seal (an older version, or Word kept the property but rewrote the parts) the body is walked
    "uendret-uten-segl": lambda d: _rewritten(d, "docProps/custom.xml",
                                              lambda x: x.replace(b"innrapportering-segl", b"annen-egenskap")),
    "tekst-endret": lambda d: _rewritten(d, "word/document.xml", lambda x: b"Samstyring".join(x.rsplit(b"Samstyre", 1))),
    "tekst-lagt-til": lambda d: _rewritten(d, "word/document.xml", lambda x: x.replace(b"<w:p>", b"<w:p><w:r><w:t>ny</w:t></w:r>", 1)),
    "felt-over-avsnitt": lambda d: _rewritten(d, "word/document.xml", _field_across_paragraphs),
    "uten-stiler": lambda d: _rewritten(d, "word/styles.xml", lambda x: None),
    "uten-lenker": lambda d: _rewritten(d, "word/_rels/document.xml.rels", lambda x: None),
    "uten-fingeravtrykk": lambda d: _rewritten(d, "docProps/custom.xml", lambda x: None),
    "uten-dokument": lambda d: _rewritten(d, "word/document.xml", lambda x: None),
    "ødelagt-xml": lambda d: _rewritten(d, "word/document.xml", lambda x: x[: len(x) // 2]),
    "uten-body": lambda d: _rewritten(d, "word/document.xml", lambda x: x.replace(b"w:body", b"w:kropp")),
    "ikke-zip": lambda d: b"ikke et arkiv",
    # Word writes w:background (Utforming > Sidefarge) before w:body
    "sidefarge": lambda d: _rewritten(d, "word/document.xml",
                                      lambda x: x.replace(b"<w:body>", b'<w:background w:color="FFF2CC"/><w:body>', 1)),
    "entitet": lambda d: _rewritten(d, "word/document.xml", _entity),
}


def _entity(data: bytes) -> bytes:
    """A DTD with an internal entity for a word of the body, used in its place: never expanded (neither guard reads
    entities: a document with a DTD is not as the merge wrote it)."""
    head, sep, rest = data.partition(b"<w:document")
    dtd = b'<!DOCTYPE w:document [<!ENTITY navn "Samstyre">]>'
    return head + dtd + sep + b"&navn;".join(rest.rsplit(b"Samstyre", 1))


@pytest.mark.slow
@pytest.mark.parametrize("variant", VARIANTS)
def test_the_guard_answers_as_the_whole_tree_guard(made, tmp_path, variant):
    path = tmp_path / "Vedlegg2.docx"
    path.write_bytes(VARIANTS[variant](made))
    assert guard.document_state(path) is fingerprint.document_state(path)


@pytest.mark.parametrize("variant, state", [("uendret", DocumentState.UNCHANGED), ("tekst-endret", DocumentState.EDITED),
                                            ("felt-over-avsnitt", DocumentState.EDITED),
                                            ("uten-fingeravtrykk", DocumentState.FOREIGN),
                                            ("ødelagt-xml", DocumentState.FOREIGN), ("ikke-zip", DocumentState.FOREIGN)])
def test_what_the_guard_says(made, tmp_path, variant, state):
    path = tmp_path / "Vedlegg2.docx"
    path.write_bytes(VARIANTS[variant](made))
    assert guard.document_state(path) is state


def test_no_file_or_a_folder_is_absent(tmp_path):
    assert guard.document_state(tmp_path / "finnes-ikke.docx") is DocumentState.ABSENT
    assert guard.document_state(tmp_path) is DocumentState.ABSENT


def test_the_body_fingerprint_is_the_whole_tree_fingerprint(made):
    with zipfile.ZipFile(io.BytesIO(made)) as archive:
        assert guard.body_fingerprint(archive) == fingerprint.fingerprints(made)[1]


def test_a_link_given_another_target_is_an_edit(tmp_path, form_settings):
    from tests.support.render import make_tiltak

    url = b"https://www.ehelse.no/a"
    made = stream.render_docx([make_tiltak("Alfa", beskrivelse=f"Les {url.decode()}")], report_settings(), form_settings)
    path = tmp_path / "Vedlegg2.docx"
    path.write_bytes(made)
    assert guard.document_state(path) is DocumentState.UNCHANGED
    path.write_bytes(_rewritten(made, "word/_rels/document.xml.rels", lambda x: x.replace(url, url + b"-ny")))
    assert guard.document_state(path) is DocumentState.EDITED is fingerprint.document_state(path)
