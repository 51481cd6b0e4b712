"""PDF through LibreOffice, and the page numbers written back into the DOCX's contents list."""

from __future__ import annotations

import io
import os
import sys
import tempfile
import uuid
import zipfile
from pathlib import Path

import docx
import pytest
from tests.support.pdf import (contents_list, fake_program, hanging_program, normal, office_or_skip, page_head,
                         pdf_pages, processes_matching, require_poppler)
from tests.support.render import make_tiltak, report_settings

from pipeline.pdf.convert import (Office, PdfError, PdfUnavailable, docx_to_pdf, fill_toc_page_numbers, find_office,
                          publish_pdf, toc_of_docx)

from tests.support.paths import ROOT
OUR_PIPES = f"pipe,name=innrapportering-{os.getpid()}-"


# --- the 40 examples through real LibreOffice ------------------------------------------------------


@pytest.fixture(scope="module")
def published(tmp_path_factory, form_settings):
    """Merge input/ and publish: (outcome of the merge, PdfResult, text of each PDF page)."""
    office = office_or_skip()
    require_poppler()
    from pipeline.merge.run import run_merge
    from pipeline.contract.settings import load_report_settings

    folder = tmp_path_factory.mktemp("pdf")
    outcome = run_merge([ROOT / "input"], folder / "Vedlegg2.docx", load_report_settings(ROOT / "input" / "rapport.toml"),
                        form_settings)
    assert len(outcome.plan.merged) == 40
    before = toc_of_docx(outcome.document)
    result = publish_pdf(outcome.document, folder / "Vedlegg2.pdf", office=office)
    print(f"\n40 tiltak: {result.pages} sider på {result.seconds} s")
    return outcome, result, pdf_pages(result.pdf), before


def _expected_contents(outcome) -> list[str]:
    """Segment, then its tiltak, in document order, from the merged submissions."""
    expected, segment = [], None
    for f in outcome.plan.merged:
        if f.tiltak.segment != segment:
            segment = f.tiltak.segment
            expected.append(segment)
        expected.append(f.tiltak.navn)
    return expected


def _only(texts, wanted: list[str]) -> list[str]:
    keep = {normal(t) for t in wanted}
    return [normal(t) for t in texts if normal(t) in keep]


@pytest.mark.slow
def test_pdf_contents_list_has_a_page_number_for_every_segment_and_tiltak(published):
    outcome, result, pages, before = published
    entries = contents_list(pages)
    assert [text for text, _ in entries] == [normal(line.text) for line in before]  # Sammendrag … too
    assert _only([text for text, _ in entries], _expected_contents(outcome)) == [normal(t) for t in _expected_contents(outcome)]
    assert len(pages) == result.pages
    numbers = [page for _, page in entries]
    assert numbers == sorted(numbers) and 1 < numbers[0] and numbers[-1] <= len(pages)


@pytest.mark.slow
def test_each_tiltak_heading_is_on_the_page_its_contents_entry_says(published):
    outcome, _, pages, _ = published
    entries = dict(contents_list(pages))
    segments = {f.tiltak.segment for f in outcome.plan.merged}
    for f in outcome.plan.merged:
        name = normal(f.tiltak.navn)
        head = page_head(pages[entries[name] - 1])
        assert head.endswith(name), (name, entries[name], head)
    for segment in segments:
        assert page_head(pages[entries[segment] - 1]).startswith(segment)


@pytest.mark.slow
def test_docx_contents_list_has_the_same_page_numbers_as_the_pdf(published):
    outcome, result, pages, before = published
    assert all(line.page == "" for line in before)  # render leaves them empty; publish_pdf fills them in
    lines = toc_of_docx(outcome.document)
    assert [line.text for line in lines] == [line.text for line in before]
    assert _only([line.text for line in lines], _expected_contents(outcome)) == [normal(t) for t in _expected_contents(outcome)]
    assert [(normal(line.text), int(line.page)) for line in lines] == contents_list(pages)
    assert result.warnings == ()
    opened = docx.Document(str(outcome.document))  # still a valid Word document
    settings = opened.settings.element.xml
    assert "updateFields" in settings  # Word still refreshes the list on open


@pytest.mark.slow
def test_docx_heading_bookmarks_are_on_the_pages_written_into_the_contents_list(published):
    outcome, result, _, before = published
    assert result.docx_pages == result.heading_pages
    assert set(result.heading_pages) == {line.bookmark for line in before}
    assert len(before) >= len(_expected_contents(outcome)) == 43


@pytest.mark.slow
def test_pdf_metadata_title_language_and_outline(published):
    pypdf = pytest.importorskip("pypdf", reason="pypdf (test-avhengighet) mangler")
    outcome, result, pages, _ = published
    reader = pypdf.PdfReader(str(result.pdf))
    assert reader.metadata.title == "Vedlegg 2. Samlet innrapportering"
    assert reader.trailer["/Root"]["/Lang"] == "nb-NO"
    entries = dict(contents_list(pages))

    def flatten(items, depth=0):
        for item in items:
            if isinstance(item, list):
                yield from flatten(item, depth + 1)
            else:
                yield depth, item.title, reader.get_destination_page_number(item) + 1

    outline = list(flatten(reader.outline))
    segments = [t for t in _expected_contents(outcome) if t in {"Samstyre", "Koordinere", "Observere"}]
    names = {normal(f.tiltak.navn) for f in outcome.plan.merged}
    top = [(title, page) for depth, title, page in outline if depth == 0 and title in segments]
    second = [(title, page) for depth, title, page in outline if depth == 1 and title in names]
    assert top == [(s, entries[s]) for s in segments]
    assert second == [(normal(f.tiltak.navn), entries[normal(f.tiltak.navn)]) for f in outcome.plan.merged]


@pytest.mark.slow
def test_no_libreoffice_is_left_running(published):
    assert processes_matching(OUR_PIPES) == []


@pytest.mark.slow
def test_a_contents_list_over_several_pages_gets_the_right_numbers(tmp_path, form_settings):
    office = office_or_skip()
    require_poppler()
    from pipeline.word.render import render_document, save_document

    segments = ["Samstyre", "Koordinere", "Observere"]
    names = [f"Tiltak {i:03d}" + (" med et langt navn som fyller mye av linjen i innholdsfortegnelsen" * (i % 9 == 0))
             for i in range(90)]
    tiltak = [make_tiltak(name, segment=segments[i // 30]) for i, name in enumerate(names)]
    path = save_document(render_document(tiltak, report_settings(), form_settings), tmp_path / "mange.docx")
    result = publish_pdf(path, office=office)
    pages = pdf_pages(result.pdf)
    entries = contents_list(pages)
    assert len({number for number in range(len(pages)) if "....." in pages[number]}) >= 2  # the list spans pages
    assert [text for text, _ in entries] == [normal(t) for s in segments for t in [s, *names[segments.index(s) * 30:][:30]]]
    assert [(normal(line.text), int(line.page)) for line in toc_of_docx(path)] == entries
    for name in names:
        number = dict(entries)[normal(name)]
        assert page_head(pages[number - 1]).endswith(normal(name)), (name, number)


@pytest.mark.slow
def test_the_pdf_of_a_nynorsk_document_is_in_nynorsk(tmp_path, form_settings):
    """Screen readers choose the pronunciation from /Lang (WCAG 3.1.1): nynorsk, not bokmål, for a nynorsk report."""
    pypdf = pytest.importorskip("pypdf", reason="pypdf (test-avhengighet) mangler")
    office = office_or_skip()
    from pipeline.common.malform import Malform
    from pipeline.word.render import render_document, save_document

    doc = render_document([make_tiltak("Alfa")], report_settings(malform=Malform.NYNORSK), form_settings)
    result = publish_pdf(save_document(doc, tmp_path / "nynorsk.docx"), office=office)
    assert pypdf.PdfReader(str(result.pdf)).trailer["/Root"]["/Lang"] == "nn-NO"


# --- processes that hang or crash ------------------------------------------------------------------


def _uno_python_or_fake(tmp_path: Path) -> Path:
    try:
        return find_office().python
    except PdfUnavailable:
        return fake_program(tmp_path, "python-venter", "sleep 300")


@pytest.fixture
def small_docx(tmp_path, form_settings) -> Path:
    from pipeline.word.render import render_document, save_document

    doc = render_document([make_tiltak("Alfa"), make_tiltak("Beta", segment="Koordinere")], report_settings(),
                          form_settings)
    return save_document(doc, tmp_path / "lite.docx")


@pytest.mark.slow
def test_a_hanging_libreoffice_is_stopped_at_the_time_limit(tmp_path, small_docx, monkeypatch):
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    marker = uuid.uuid4().hex
    office = Office(hanging_program(tmp_path, marker, ignore_term=True), _uno_python_or_fake(tmp_path))
    with pytest.raises(PdfError, match="innen 2 sekunder"):  # how soon: bench/cases.py
        docx_to_pdf(small_docx, tmp_path / "ut.pdf", timeout=2, office=office)
    assert processes_matching(marker) == []
    assert not (tmp_path / "ut.pdf").exists()
    assert list(temp.iterdir()) == []  # the LibreOffice profile is gone


@pytest.mark.slow
def test_a_hanging_worker_is_stopped_at_the_time_limit(tmp_path, small_docx):
    marker = uuid.uuid4().hex
    office = Office(hanging_program(tmp_path, "lo" + marker), hanging_program(tmp_path, "py" + marker))
    with pytest.raises(PdfError, match="LibreOffice ble ikke ferdig"):
        docx_to_pdf(small_docx, tmp_path / "ut.pdf", timeout=2, office=office)
    assert processes_matching(marker) == []


@pytest.mark.slow
def test_a_crashing_libreoffice_gives_a_clear_error_quickly(tmp_path, small_docx):
    office = Office(fake_program(tmp_path, "soffice", "echo 'krasj' >&2\nexit 1"), _uno_python_or_fake(tmp_path))
    before = small_docx.read_bytes()
    with pytest.raises(PdfError, match="LibreOffice stoppet uventet \\(avslutningskode 1\\)"):  # how soon: bench
        publish_pdf(small_docx, office=office, timeout=60)
    assert small_docx.read_bytes() == before  # the DOCX is left as it was
    assert not small_docx.with_suffix(".pdf").exists()
    assert processes_matching(str(tmp_path / "soffice")) == []


@pytest.mark.slow
def test_a_crashing_worker_gives_a_clear_error(tmp_path, small_docx):
    marker = uuid.uuid4().hex
    office = Office(hanging_program(tmp_path, marker),
                    fake_program(tmp_path, "python", "echo 'Segmentation fault' >&2\nexit 139"))
    with pytest.raises(PdfError, match="stoppet uventet \\(avslutningskode 139\\).*Segmentation fault"):
        docx_to_pdf(small_docx, tmp_path / "ut.pdf", timeout=30, office=office)
    assert processes_matching(marker) == []


def test_missing_libreoffice_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("INNRAPPORTERING_SOFFICE", str(tmp_path / "finnes-ikke" / "soffice"))
    with pytest.raises(PdfUnavailable, match="apt-get install libreoffice-writer-nogui python3-uno"):
        find_office()


def test_missing_uno_bridge_says_what_to_install(tmp_path, monkeypatch):
    soffice = fake_program(tmp_path, "soffice", "exit 0")
    monkeypatch.setenv("INNRAPPORTERING_UNO_PYTHON", sys.executable)  # the venv: no uno
    with pytest.raises(PdfUnavailable, match="python3-uno"):
        find_office(soffice)


def test_a_missing_document_is_an_error_before_anything_starts(tmp_path):
    with pytest.raises(PdfError, match="Fant ikke Word-dokumentet"):
        docx_to_pdf(tmp_path / "finnes-ikke.docx", tmp_path / "ut.pdf",
                    office=Office(Path("/bin/false"), Path("/bin/false")))


def test_a_file_that_is_not_a_docx_is_refused_before_anything_starts(tmp_path):
    fake = tmp_path / "tekst.docx"
    fake.write_text("ikke et Word-dokument", encoding="utf-8")
    with pytest.raises(PdfError, match="tekst.docx er ikke et Word-dokument"):
        docx_to_pdf(fake, tmp_path / "ut.pdf", office=Office(Path("/bin/false"), Path("/bin/false")))


@pytest.mark.slow
def test_a_damaged_docx_gives_a_clear_error_from_libreoffice(tmp_path):
    office = office_or_skip()
    damaged = tmp_path / "skadet.docx"
    with zipfile.ZipFile(damaged, "w") as archive:
        archive.writestr("word/document.xml", "<w:document xmlns:w='urn:x'><w:body><w:p>")  # cut off
    with pytest.raises(PdfError, match="LibreOffice kunne ikke åpne skadet.docx"):
        docx_to_pdf(damaged, tmp_path / "ut.pdf", timeout=60, office=office)
    assert not (tmp_path / "ut.pdf").exists()
    assert processes_matching(OUR_PIPES) == []


# --- page numbers into a saved DOCX (no LibreOffice needed) ----------------------------------------


def test_fill_toc_page_numbers_sets_each_entry_and_copies_the_rest(small_docx):
    lines = toc_of_docx(small_docx)
    assert [line.text for line in lines] == ["Samstyre", "Alfa", "Koordinere", "Beta"]
    numbers = {line.bookmark: 3 + i for i, line in enumerate(lines)}
    once = fill_toc_page_numbers(small_docx, numbers)
    again = fill_toc_page_numbers(once, {b: n * 10 for b, n in numbers.items()})  # replaces, never appends
    assert [line.page for line in toc_of_docx(once)] == ["3", "4", "5", "6"]
    assert [line.page for line in toc_of_docx(again)] == ["30", "40", "50", "60"]
    with zipfile.ZipFile(small_docx) as a, zipfile.ZipFile(io.BytesIO(again)) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            if name != "word/document.xml":
                assert a.read(name) == b.read(name), name
    paragraphs = docx.Document(io.BytesIO(again)).paragraphs
    assert any(p.text == "Alfa\t40" for p in paragraphs)


def test_fill_toc_page_numbers_leaves_unknown_bookmarks_empty(small_docx):
    first = toc_of_docx(small_docx)[0]
    filled = toc_of_docx(fill_toc_page_numbers(small_docx, {first.bookmark: 7, "_Toc99999999": 1}))
    assert [line.page for line in filled] == ["7", "", "", ""]


def test_set_page_numbers_keeps_word_formatting_of_the_old_result():
    from lxml import etree

    from pipeline.word.toc import read_toc, set_page_numbers

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    xml = (f'<w:body xmlns:w="{w}"><w:p><w:hyperlink w:anchor="_Toc1"><w:r><w:t>Samstyre</w:t></w:r>'
           '<w:r><w:tab/></w:r><w:r><w:rPr><w:webHidden/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r>'
           '<w:r><w:instrText> PAGEREF _Toc1 \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
           '<w:r><w:rPr><w:webHidden/></w:rPr><w:t>1</w:t></w:r><w:r><w:t>2</w:t></w:r>'
           '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:hyperlink></w:p></w:body>')
    body = etree.fromstring(xml)
    assert read_toc(body)[0].page == "12"
    assert set_page_numbers(body, {"_Toc1": 7}) == 1
    assert [(line.text, line.page) for line in read_toc(body)] == [("Samstyre", "7")]
    results = body.findall(f".//{{{w}}}t")
    assert [t.text for t in results] == ["Samstyre", "7"]
    assert results[1].getparent().find(f"{{{w}}}rPr/{{{w}}}webHidden") is not None


@pytest.mark.slow
def test_the_document_with_page_numbers_is_still_known_as_unedited_without_reading_it(published):
    """pdf writes the page numbers into the merged document: it gets a fresh seal, so the next merge need not read
    it element by element (tests/word/test_seal.py has the cases where it must)."""
    import zipfile

    from pipeline.word.fingerprint import DocumentState
    from pipeline.word.guard import document_state
    from pipeline.word.seal import unbroken

    outcome, result, _, _ = published
    assert result.docx_pages  # the page numbers were written
    with zipfile.ZipFile(outcome.document) as archive:
        assert unbroken(archive)
    assert document_state(outcome.document) is DocumentState.UNCHANGED
