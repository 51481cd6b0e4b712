"""The fingerprint that tells a generated document from an edited one (pipeline.word.fingerprint)."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from tests.support.render import make_tiltak, report_settings

from pipeline.word.fingerprint import PROPERTY_NAME, VERSION, DocumentState, document_state, fingerprints, stamp
from pipeline.word.render import render_document


@pytest.fixture(scope="module")
def generated(tmp_path_factory, form_settings) -> Path:
    """A rendered and stamped document, as merge writes it."""
    doc = render_document([make_tiltak(), make_tiltak("Tiltak to", knytning=["Helsenorge"])], report_settings(),
                          form_settings)
    stamp(doc)
    path = tmp_path_factory.mktemp("fp") / "Vedlegg2.docx"
    doc.save(str(path))
    return path


def _copy(path: Path, tmp_path: Path, name: str = "kopi.docx") -> Path:
    return Path(shutil.copy(path, tmp_path / name))


def test_a_stamped_document_is_unchanged_and_the_stamp_is_a_custom_property(generated):
    assert document_state(generated) is DocumentState.UNCHANGED
    with zipfile.ZipFile(generated) as z:
        custom = z.read("docProps/custom.xml").decode("utf-8")
        types = z.read("[Content_Types].xml").decode("utf-8")
    stored, actual = fingerprints(generated)
    assert f'name="{PROPERTY_NAME}"' in custom and stored in custom
    assert stored == actual and stored.startswith(f"{VERSION}:") and len(stored) == 3 + 64
    assert "/docProps/custom.xml" in types
    assert docx.Document(str(generated)).paragraphs  # python-docx still opens it


def test_python_docx_resave_without_edits_is_unchanged(generated, tmp_path):
    path = _copy(generated, tmp_path)
    docx.Document(str(path)).save(str(path))
    assert document_state(path) is DocumentState.UNCHANGED


@pytest.mark.parametrize("edit", ["text", "style", "new paragraph", "table cell", "deleted row", "bold", "colour"])
def test_an_edit_is_seen(generated, tmp_path, edit):
    path = _copy(generated, tmp_path)
    d = docx.Document(str(path))
    heading = next(p for p in d.paragraphs if p.text == "Tiltak to")
    if edit == "text":
        heading.runs[0].text = "Tiltak 2"
    elif edit == "style":
        heading.style = d.styles["Heading 3"]
    elif edit == "new paragraph":
        heading.insert_paragraph_before("Redaktørens kommentar.")
    elif edit == "bold":  # formatting only: the editor's work all the same
        heading.runs[0].bold = True
    elif edit == "colour":
        heading.runs[0].font.color.rgb = docx.shared.RGBColor(0xC0, 0x00, 0x00)
    elif edit == "table cell":
        d.tables[-1].rows[-1].cells[-1].paragraphs[0].add_run(" (rettet)")
    else:
        row = d.tables[-1].rows[-1]._tr
        row.getparent().remove(row)
    d.save(str(path))
    assert document_state(path) is DocumentState.EDITED


def test_page_numbers_in_the_contents_list_are_no_edit(generated, tmp_path):
    from pipeline.pdf.convert import fill_toc_page_numbers, toc_of_docx

    pages = {line.bookmark: 7 for line in toc_of_docx(generated)}
    assert pages
    path = tmp_path / "med-sidetall.docx"
    path.write_bytes(fill_toc_page_numbers(generated, pages))
    assert {line.page for line in toc_of_docx(path)} == {"7"}
    assert document_state(path) is DocumentState.UNCHANGED


def test_a_document_without_a_fingerprint_or_not_a_document_is_foreign(tmp_path):
    plain = tmp_path / "annet.docx"
    docx.Document().save(str(plain))
    assert document_state(plain) is DocumentState.FOREIGN
    text = tmp_path / "tekst.docx"
    text.write_text("ikke et dokument", encoding="utf-8")
    assert document_state(text) is DocumentState.FOREIGN
    assert document_state(tmp_path / "finnes-ikke.docx") is DocumentState.ABSENT
    assert not DocumentState.FOREIGN.replaceable and not DocumentState.EDITED.replaceable


def test_other_custom_properties_are_kept_and_the_stamp_replaced(tmp_path, form_settings):
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    d = docx.Document()
    d.add_paragraph("Hei")
    own = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats'
           b'.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
           b'2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Avdeling">'
           b'<vt:lpwstr>Sekretariatet</vt:lpwstr></property></Properties>')
    part = Part(PackURI("/docProps/custom.xml"), "application/vnd.openxmlformats-officedocument.custom-properties+xml",
                own, d.part.package)
    d.part.package.relate_to(part, RT.CUSTOM_PROPERTIES)
    stamp(d)
    first = stamp(d)  # twice: still one property of ours
    buffer = io.BytesIO()
    d.save(buffer)
    with zipfile.ZipFile(buffer) as z:
        custom = z.read("docProps/custom.xml").decode("utf-8")
    assert "Sekretariatet" in custom and custom.count(PROPERTY_NAME) == 1
    assert fingerprints(buffer.getvalue()) == (first, first)


@pytest.mark.slow
def test_a_libreoffice_resave_without_edits_counts_as_unedited(generated, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) er ikke installert")
    out = tmp_path / "lo"
    profile = (tmp_path / "profil").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx",
                    "--outdir", str(out), str(generated)], check=True, capture_output=True, timeout=300)
    resaved = out / generated.name
    assert resaved.read_bytes() != generated.read_bytes()
    assert document_state(resaved) is DocumentState.UNCHANGED
    from pipeline.word.regions import Fingerprinter, find_regions

    doc = docx.Document(str(resaved))  # the same tokens per region: no chapter reads as edited either
    fingerprint = Fingerprinter(doc)
    regions = find_regions(doc)
    assert len(regions) == len(find_regions(docx.Document(str(generated))))
    assert [r.info.id for r in regions if fingerprint(r.elements) != r.info.content] == []


# --- the stamp in docProps/custom.xml, as Word requires it ------------------------------------------------

def _properties(xml: bytes) -> list[tuple[str | None, str | None, str | None, str]]:
    from lxml import etree

    from pipeline.common.namespaces import CUSTOM_PROPS

    root = etree.fromstring(xml)
    return [(p.get("name"), p.get("pid"), p.get("fmtid"), "".join(p.itertext()))
            for p in root.iter(f"{{{CUSTOM_PROPS}}}property")]


def test_the_stamp_gets_a_pid_no_other_property_has_and_the_fmtid_word_requires():
    """Word refuses a custom.xml whose property lacks ``fmtid`` or repeats a ``pid`` («ulesbart innhold»); the
    editors' own properties stay as they were."""
    from pipeline.word.fingerprint import PROPERTY_NAME, _custom_xml

    ns = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
    vt = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
    fmtid = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
    existing = (f'<Properties xmlns="{ns}" xmlns:vt="{vt}">'
                f'<property fmtid="{fmtid}" pid="2" name="Saksnummer"><vt:lpwstr>21/123</vt:lpwstr></property>'
                f'<property fmtid="{fmtid}" pid="5" name="Eier"><vt:lpwstr>Sekretariatet</vt:lpwstr></property>'
                '</Properties>').encode()
    once = _custom_xml(existing, "v3:abc")
    again = _custom_xml(once, "v3:def")
    props = _properties(again)
    assert props[:2] == [("Saksnummer", "2", fmtid, "21/123"), ("Eier", "5", fmtid, "Sekretariatet")]
    assert [(n, f, v) for n, _, f, v in props[2:]] == [(PROPERTY_NAME, fmtid, "v3:def")]  # one stamp
    pids = [int(pid) for _, pid, _, _ in props]
    assert len(set(pids)) == len(pids) and pids[2] > 5  # a pid no other property has
    fresh = _properties(_custom_xml(None, "v3:abc"))
    assert fresh == [(PROPERTY_NAME, "2", fmtid, "v3:abc")]  # Word's pids start at 2
    assert again.startswith(b"<?xml") and b"encoding='UTF-8'" in again[:60]


def test_an_entity_in_an_edited_documents_properties_is_never_resolved(tmp_path):
    """A document from elsewhere may declare entities in custom.xml: the stamp must not read local files into
    the document (XXE) or expand them."""
    from pipeline.word.fingerprint import _custom_xml

    secret = tmp_path / "hemmelig.txt"
    secret.write_text("HEMMELIG-INNHOLD", encoding="utf-8")
    ns = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
    vt = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
    existing = (f'<?xml version="1.0"?><!DOCTYPE Properties [<!ENTITY x SYSTEM "file://{secret}">]>'
                f'<Properties xmlns="{ns}" xmlns:vt="{vt}"><property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" '
                'pid="2" name="Notat"><vt:lpwstr>&x;</vt:lpwstr></property></Properties>').encode()
    assert b"HEMMELIG-INNHOLD" not in _custom_xml(existing, "v3:abc")
