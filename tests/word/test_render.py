import re
import shutil
import subprocess
from collections import Counter

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from pipeline.contract.catalogue import HEADER_FIELDS_BY_KEY, SECTIONS_BY_KEY
from pipeline.contract.kinds.registry import format_value
from pipeline.merge.export import record_to_tiltak
from pipeline.word.render import TemplateError, render_document, save_document
from pipeline.word.template import WORD_TEMPLATE_PATH
from tests.support.render import (body_items, cell_paragraphs, cell_text, cells, chapters, make_tiltak, paragraph_style,
                            part_xml, reopen, report_settings, rows, section_tables, style_names, tables_of, text_of)

SEGMENTS = ["Samstyre", "Koordinere", "Observere"]
SAMSTYRE_SECTIONS = ["Leveranser", "Avhengigheter", "Kostnader", "Drift og forvaltning", "Nytte", "Nytteforutsetninger"]
MARKER = re.compile(r"^(?:[•\-–*]|\d{1,3}[.)])\s+")


@pytest.fixture(scope="module")
def seed_tiltak(seed_records):
    return [record_to_tiltak(r) for r in seed_records]


@pytest.fixture(scope="module")
def seed_doc(seed_tiltak, form_settings, tmp_path_factory):
    doc = render_document(seed_tiltak, report_settings(), form_settings, notes={2: "Innrapporteringen har feil."})
    reopened, path = reopen(doc, tmp_path_factory.mktemp("seed"))
    return {"doc": reopened, "path": path}


@pytest.fixture(scope="module")
def seed_chapters(seed_doc):
    return chapters(seed_doc["doc"])


def headings(doc, level):
    return [text_of(e) for _, style, e in body_items(doc) if style == f"heading {level}"]


def test_segment_and_tiltak_headings(seed_doc, seed_chapters, seed_tiltak):
    assert headings(seed_doc["doc"], 1) == SEGMENTS
    assert headings(seed_doc["doc"], 2) == [t.navn for t in seed_tiltak]
    assert {name: c["segment"] for name, c in seed_chapters.items()} == {t.navn: t.segment for t in seed_tiltak}


def test_chapters_are_grouped_by_segment_keeping_the_given_order(form_settings, tmp_path):
    items = [make_tiltak("O1", "Observere"), make_tiltak("S1"), make_tiltak("K1", "Koordinere"), make_tiltak("S2")]
    doc, _ = reopen(render_document(items, report_settings(), form_settings), tmp_path)
    assert headings(doc, 1) == ["Samstyre", "Koordinere", "Observere"]
    assert headings(doc, 2) == ["S1", "S2", "K1", "O1"]


def test_only_the_first_tiltak_of_a_segment_shares_the_segment_page(seed_doc, seed_chapters, seed_tiltak):
    firsts = {next(t.navn for t in seed_tiltak if t.segment == s) for s in SEGMENTS}
    for name, chapter in seed_chapters.items():
        override = chapter["heading"].find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}")
        if name in firsts:
            assert override is not None and override.get(qn("w:val")) == "0"
        else:
            assert override is None  # the style's page break applies


def test_key_value_rows_per_segment(seed_chapters, form_settings):
    for chapter in seed_chapters.values():
        keys = form_settings.layout(chapter["segment"]).nokkelrader
        labels = [cell_text(cells(r)[0]) for r in rows(tables_of(chapter)[0])]
        assert labels == [HEADER_FIELDS_BY_KEY[k].label for k in keys]
        if chapter["segment"] == "Observere":
            assert "Risiko" not in labels and "Risiko beskrivelse" not in labels
        else:
            assert labels[-3:] == ["Risiko", "Risiko beskrivelse", "Tiltakets innføringsstrategi"]


def test_section_headings_per_segment(seed_chapters):
    expected = {"Samstyre": SAMSTYRE_SECTIONS, "Koordinere": ["Leveranser", "Avhengigheter"], "Observere": ["Leveranser"]}
    for chapter in seed_chapters.values():
        assert list(section_tables(chapter)) == expected[chapter["segment"]]


def _expected_lines(value, meta) -> list[str]:
    text = format_value(value, meta)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return [MARKER.sub("", line) for line in lines] if meta.kind == "langtekst" else lines


def test_cell_texts_equal_formatted_values(seed_chapters, seed_tiltak, form_settings):
    for item in seed_tiltak:
        chapter = seed_chapters[item.navn]
        key_rows = rows(tables_of(chapter)[0])
        for key, row in zip(form_settings.layout(item.segment).nokkelrader, key_rows, strict=True):
            meta = HEADER_FIELDS_BY_KEY[key].meta
            assert cell_text(cells(row)[1]).split("\n") == (_expected_lines(getattr(item, key), meta) or [""])
        for title, table in section_tables(chapter).items():
            section = next(s for s in SECTIONS_BY_KEY.values() if s.title == title)
            header, *body = rows(table)
            assert [cell_text(c) for c in cells(header)] == list(section.headers)
            models = getattr(item, section.key)
            models = ([] if models is None else [models]) if section.key == "nytte" else models
            assert len(body) == len(models)
            for model, row in zip(models, body):
                for column, cell in zip(section.columns, cells(row), strict=True):
                    assert cell_text(cell).split("\n") == (_expected_lines(getattr(model, column.key), column.meta) or [""])


def test_dates_and_amounts_print_as_in_the_reference(seed_chapters):
    chapter = seed_chapters["Program for kodeverk og terminologi"]
    key_values = {cell_text(cells(r)[0]): cell_text(cells(r)[1]) for r in rows(tables_of(chapter)[0])}
    assert key_values["Sluttdato"] == "31.12.2023"
    costs = [[cell_text(c) for c in cells(r)] for r in rows(section_tables(chapter)["Kostnader"])[1:3]]
    assert costs == [["Direktoratet for e-helse", "2019", "28,3"], ["Direktoratet for e-helse", "2020", "9,0"]]


def test_tallformat_punktum_gives_the_2021_look(seed_tiltak, form_settings, tmp_path):
    doc = render_document(seed_tiltak[:1], report_settings(tallformat="punktum"), form_settings)
    chapter = chapters(reopen(doc, tmp_path)[0])["Program for kodeverk og terminologi"]
    costs = [[cell_text(c) for c in cells(r)] for r in rows(section_tables(chapter)["Kostnader"])[1:3]]
    assert costs == [["Direktoratet for e-helse", "2019", "28.3"], ["Direktoratet for e-helse", "2020", "9.0"]]


def test_bullets_are_list_bullet_paragraphs(seed_doc, seed_chapters):
    names = style_names(seed_doc["doc"])
    chapter = seed_chapters["Program for kodeverk og terminologi"]
    description = cells(rows(tables_of(chapter)[0])[2])[1]
    styled = [(paragraph_style(p, names), text_of(p)) for p in cell_paragraphs(description)]
    assert [t for s, t in styled if s == "list bullet"] == [
        "Realisere en første versjon av Felles språk", "Etablere forvaltning av Felles språk",
        "Understøtte innføring av Felles språk i Helseplattformen",
        "Legge til rette for innføring av Felles språk i viktig samhandling mellom aktørene i sektoren."]
    assert styled[0][0] == "normal"


def test_numbering_restarts_in_every_cell(seed_doc):
    doc = seed_doc["doc"]
    names = style_names(doc)
    per_cell = []
    for tc in doc.element.body.iter(qn("w:tc")):
        ids = {p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}").get(qn("w:val"))
               for p in cell_paragraphs(tc) if paragraph_style(p, names) == "list number"}
        if ids:
            assert len(ids) == 1  # one list per cell: 1, (bullets), 2, 3 …
            per_cell.append(ids.pop())
    assert len(per_cell) >= 5 and len(set(per_cell)) == len(per_cell)
    numbering = doc.part.numbering_part.element
    nums = {n.get(qn("w:numId")): n for n in numbering.findall(qn("w:num"))}
    style_num = doc.styles["List Number"].element.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}").get(qn("w:val"))
    list_number_abstract = nums[style_num].find(qn("w:abstractNumId")).get(qn("w:val"))
    abstracts = {a.get(qn("w:abstractNumId")): a for a in numbering.findall(qn("w:abstractNum"))}
    for num_id in per_cell:
        abstract_id = nums[num_id].find(qn("w:abstractNumId")).get(qn("w:val"))
        # List Number itself («1.»), or its copy for items typed «1)»
        assert abstract_id == list_number_abstract or _level_text(abstracts[abstract_id]) == "%1)"
        start = nums[num_id].find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
        assert start is not None and start.get(qn("w:val")) == "1"


def _level_text(abstract) -> str:
    return abstract.find(f"{qn('w:lvl')}/{qn('w:lvlText')}").get(qn("w:val"))


def test_numbered_items_keep_the_delimiter_the_actor_typed(form_settings, tmp_path):
    text = "1) Første\n2) Andre\n1. Tredje\n2. Fjerde\n3) Femte"
    doc, _ = reopen(render_document([make_tiltak(kommentar_status=text)], report_settings(), form_settings), tmp_path)
    names = style_names(doc)
    numbering = doc.part.numbering_part.element
    nums = {n.get(qn("w:numId")): n.find(qn("w:abstractNumId")).get(qn("w:val"))
            for n in numbering.findall(qn("w:num"))}
    abstracts = {a.get(qn("w:abstractNumId")): a for a in numbering.findall(qn("w:abstractNum"))}
    ours = {"Første", "Andre", "Tredje", "Fjerde", "Femte"}
    items = [p for p in doc.element.body.iter(qn("w:p"))
             if paragraph_style(p, names) == "list number" and text_of(p) in ours]
    ids = [p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}").get(qn("w:val")) for p in items]
    assert [_level_text(abstracts[nums[i]]) for i in ids] == ["%1)", "%1)", "%1.", "%1.", "%1)"]
    assert ids[0] == ids[1] and ids[2] == ids[3] and len({ids[0], ids[2], ids[4]}) == 3
    copy = abstracts[nums[ids[0]]]
    assert copy.find(qn("w:nsid")) is None and copy.find(f"{qn('w:lvl')}/{qn('w:pStyle')}") is None


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice (soffice) eller pdftotext er ikke installert")
def test_the_typed_delimiter_is_printed(form_settings, tmp_path):
    text = "1) Første punkt\n2) Andre punkt\n1. Tredje punkt"
    _, path = reopen(render_document([make_tiltak(kommentar_status=text)], report_settings(), form_settings),
                     tmp_path, "v.docx")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=120)
    layout = subprocess.run(["pdftotext", "-layout", str(tmp_path / "v.pdf"), "-"], check=True, capture_output=True,
                            text=True).stdout
    printed = " ".join(layout.split())
    assert "1) Første punkt 2) Andre punkt 1. Tredje punkt" in printed


def _fill(cell):
    shd = cell.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
    return None if shd is None else shd.get(qn("w:fill"))


def test_status_risk_and_dependency_status_cells_are_shaded(seed_chapters, form_settings):
    chapter = seed_chapters["Program for kodeverk og terminologi"]
    key_rows = {cell_text(cells(r)[0]): cells(r)[1] for r in rows(tables_of(chapter)[0])}
    assert cell_text(key_rows["Status"]) == "Gul" and _fill(key_rows["Status"]) == form_settings.farger["Gul"]
    assert _fill(key_rows["Risiko"]) == form_settings.farger["Gul"]
    assert _fill(key_rows["Fase"]) is None and _fill(key_rows["Aktør"]) is None
    dependency_rows = rows(section_tables(chapter)["Avhengigheter"])[1:]
    assert all(_fill(cells(r)[-1]) == form_settings.farger[cell_text(cells(r)[-1])] for r in dependency_rows)


def test_toc_field_result_lists_every_segment_and_tiltak(seed_doc, seed_tiltak):
    doc = seed_doc["doc"]
    items = body_items(doc)
    toc = [(style, e) for _, style, e in items if style in ("toc 1", "toc 2")]
    expected = []
    for segment in SEGMENTS:
        expected.append(("toc 1", segment))
        expected += [("toc 2", t.navn) for t in seed_tiltak if t.segment == segment]
    assert [(style, text_of(e)) for style, e in toc] == expected
    instructions = "".join(t.text for t in doc.element.body.iter(qn("w:instrText")))
    assert 'TOC \\o "1-2" \\h \\z \\u' in instructions
    bookmarks = {b.get(qn("w:name")): b.getparent() for b in doc.element.body.iter(qn("w:bookmarkStart"))}
    for _, element in toc:
        anchor = element.find(qn("w:hyperlink")).get(qn("w:anchor"))
        assert text_of(bookmarks[anchor]) == text_of(element)
    # The field ends after the last entry, before the first chapter.
    kinds = [t.get(qn("w:fldCharType")) for t in doc.element.body.iter(qn("w:fldChar"))]
    assert Counter(kinds)["begin"] == Counter(kinds)["end"] == len(toc) + 1


def test_settings_ask_word_to_update_fields(seed_doc):
    xml = part_xml(seed_doc["path"], "word/settings.xml").decode()
    assert '<w:updateFields w:val="true"/>' in xml
    assert xml.index("updateFields") < xml.index("<w:compat")


def test_tables_repeat_header_rows_and_do_not_split_rows(seed_doc, seed_chapters):
    doc = seed_doc["doc"]
    table_style = doc.styles["Innrapportering"].style_id
    for chapter in seed_chapters.values():
        key_table, *section = tables_of(chapter)
        assert all(r.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None for r in rows(key_table))
        for table in section:
            header, *body = rows(table)
            assert header.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
            assert all(r.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None for r in body)
        for table in (key_table, *section):
            assert table.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}").get(qn("w:val")) == table_style
            assert all(r.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for r in rows(table))


def test_key_column_is_about_30_percent(seed_doc):
    table = seed_doc["doc"].tables[0]
    widths = [int(g.get(qn("w:w"))) for g in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert 0.25 < widths[0] / sum(widths) < 0.35


def test_empty_sections_print_the_header_row_only(form_settings, tmp_path):
    item = make_tiltak(leveranser=[], avhengigheter=[], nytte=None)
    doc, _ = reopen(render_document([item], report_settings(), form_settings), tmp_path)
    tables = section_tables(chapters(doc)["Testtiltak"])
    assert list(tables) == SAMSTYRE_SECTIONS
    assert all(len(rows(t)) == 1 for t in tables.values())
    assert [cell_text(c) for c in cells(rows(tables["Nytte"])[0])][:2] == [
        "Antall år nytten er beregnet for", "Netto nytteverdi (mill. kr.)"]


def test_notes_are_printed_under_the_right_chapter(seed_chapters, seed_tiltak):
    for index, item in enumerate(seed_tiltak):
        notes = [text_of(e) for _, style, e in seed_chapters[item.navn]["items"] if style == "merknad"]
        assert notes == (["Innrapporteringen har feil."] if index == 2 else [])
    first_item = seed_chapters[seed_tiltak[2].navn]["items"][0]
    assert first_item[1] == "merknad"


def test_links_are_clickable_external_hyperlinks(form_settings, tmp_path):
    item = make_tiltak(beskrivelse="Se https://www.ehelse.no/plan.\n• Mer på www.example.org")
    doc, _ = reopen(render_document([item], report_settings(), form_settings), tmp_path)
    links = list(doc.element.body.iter(qn("w:hyperlink")))
    external = [h for h in links if h.get(qn("r:id"))]
    targets = {doc.part.rels[h.get(qn("r:id"))].target_ref for h in external}
    assert targets == {"https://www.ehelse.no/plan", "https://www.example.org"}
    assert all(doc.part.rels[h.get(qn("r:id"))].reltype == RT.HYPERLINK for h in external)
    assert all(doc.part.rels[h.get(qn("r:id"))].is_external for h in external)
    hyperlink_style = doc.styles["Hyperlink"].style_id
    for link in external:
        assert link.find(f"{qn('w:r')}/{qn('w:rPr')}/{qn('w:rStyle')}").get(qn("w:val")) == hyperlink_style
    first, bullet = doc.tables[0].rows[2].cells[1].paragraphs
    assert first.text == "Se https://www.ehelse.no/plan."
    assert [h.url for h in first.hyperlinks] == ["https://www.ehelse.no/plan"]
    assert bullet.style.name == "List Bullet" and bullet.hyperlinks[0].text == "www.example.org"


def test_title_and_back_page_come_from_the_settings(form_settings, tmp_path):
    report = report_settings(periode="Mai 2030", tittel="Vedlegg 3 <utkast> & mer",
                             utgiver={"navn": "Helse & Omsorg", "linjer": ["Linje én", "Linje to"],
                                      "blokker": [{"overskrift": "Kontakt", "linjer": ["post@x.no"]}]})
    doc, _ = reopen(render_document([make_tiltak()], report, form_settings), tmp_path)
    texts = [(p.style.name, p.text) for p in doc.paragraphs]
    assert texts[:4] == [("Title", "Vedlegg 3 <utkast> & mer"), ("Subtitle", "Samlet innrapportering"),
                         ("Forside portefølje", "Nasjonal e-helseportefølje"), ("Forside periode", "Mai 2030")]
    assert texts[-5:] == [("Bakside utgiver", "Helse & Omsorg"), ("Bakside tekst", "Linje én"),
                          ("Bakside tekst", "Linje to"), ("Bakside overskrift", "Kontakt"), ("Bakside tekst", "post@x.no")]
    assert not any("[[INNHOLD]]" in t or "{{" in t or "{%" in t for _, t in texts)
    assert doc.core_properties.language == "nb-NO"


def test_hostile_text_does_not_crash(form_settings, tmp_path):
    item = make_tiltak(navn="Navn\x01 med kontroll\x1f", beskrivelse="• a\x00b\n1. <x> & \"y\"\ufffe",
                       kommentar_status="\x0b\x0c")
    doc, _ = reopen(render_document([item], report_settings(), form_settings, notes={0: "Merk\x02"}), tmp_path)
    assert headings(doc, 2) == ["Navn med kontroll"]
    cell = cells(rows(tables_of(chapters(doc)["Navn med kontroll"])[0])[2])[1]
    assert cell_text(cell) == 'ab\n<x> & "y"'


def test_unknown_segment_is_refused(form_settings):
    with pytest.raises(ValueError, match="Ukjent"):
        render_document([make_tiltak(segment="Ukjent")], report_settings(), form_settings)


def test_template_without_marker_is_refused(form_settings, tmp_path):
    template = docx.Document(str(WORD_TEMPLATE_PATH))
    marker = next(p for p in template.paragraphs if p.text == "[[INNHOLD]]")
    marker.text = "borte"
    template.save(str(tmp_path / "mal.docx"))
    with pytest.raises(TemplateError, match=r"\[\[INNHOLD\]\]"):
        render_document([make_tiltak()], report_settings(), form_settings, template=tmp_path / "mal.docx")


def test_summary_hook_goes_after_innhold_before_the_first_segment(form_settings, tmp_path):
    def summary(writer):
        writer.heading(1, "Sammendrag")
        writer.paragraph("Oversikt.")

    doc, _ = reopen(render_document([make_tiltak()], report_settings(), form_settings, summary=summary), tmp_path)
    assert headings(doc, 1) == ["Sammendrag", "Samstyre"]
    toc = [text_of(e) for _, style, e in body_items(doc) if style == "toc 1"]
    assert toc == ["Sammendrag", "Samstyre"]


def test_rendering_twice_gives_the_same_document_xml(seed_tiltak, form_settings, tmp_path):
    paths = [save_document(render_document(seed_tiltak[:12], report_settings(), form_settings), tmp_path / f"{n}.docx")
             for n in (1, 2)]
    for member in ("word/document.xml", "word/numbering.xml", "word/_rels/document.xml.rels"):
        assert part_xml(paths[0], member) == part_xml(paths[1], member)


def test_save_is_atomic_and_replaces(form_settings, tmp_path):
    target = tmp_path / "Vedlegg2.docx"
    target.write_bytes(b"gammel")
    save_document(render_document([make_tiltak()], report_settings(), form_settings), target)
    assert docx.Document(str(target)).paragraphs[0].text == "Vedlegg 2."
    assert [p.name for p in tmp_path.iterdir()] == ["Vedlegg2.docx"]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) er ikke installert")
def test_libreoffice_converts_to_pdf(form_settings, seed_tiltak, tmp_path):
    path = save_document(render_document(seed_tiltak[:6], report_settings(), form_settings), tmp_path / "v.docx")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=120)
    pdf = tmp_path / "v.pdf"
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")


def test_numbered_items_always_show_the_number_the_actor_typed(form_settings, tmp_path):
    """«15. mars» after «1. januar» must not become «2. mars»: a number that does not follow
    the previous item starts a new list at that number."""
    text = "1. januar 2022: oppstart\n15. mars 2022: pilot\n16. mars 2022: evaluering\n0. Vedlegg"
    doc, _ = reopen(render_document([make_tiltak(kommentar_status=text)], report_settings(), form_settings), tmp_path)
    names = style_names(doc)
    numbering = doc.part.numbering_part.element
    starts = {n.get(qn("w:numId")): n.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}").get(qn("w:val"))
              for n in numbering.findall(qn("w:num")) if n.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}") is not None}
    ours = {"januar 2022: oppstart", "mars 2022: pilot", "mars 2022: evaluering", "Vedlegg"}
    items = [p for p in doc.element.body.iter(qn("w:p"))
             if paragraph_style(p, names) == "list number" and text_of(p) in ours]
    ids = [p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}").get(qn("w:val")) for p in items]
    shown, seen = [], {}
    for num_id in ids:  # what Word displays: the start of the list, then counting on
        seen[num_id] = seen.get(num_id, int(starts[num_id]) - 1) + 1
        shown.append(seen[num_id])
    assert shown == [1, 15, 16, 0]
    assert [text_of(p) for p in items] == ["januar 2022: oppstart", "mars 2022: pilot", "mars 2022: evaluering", "Vedlegg"]


def test_very_long_settings_texts_do_not_stop_the_render(form_settings, tmp_path):
    long = "Samlet innrapportering " * 20
    report = report_settings(undertittel=long, utgiver={"navn": "Direktoratet " * 30})
    doc, _ = reopen(render_document([make_tiltak()], report, form_settings), tmp_path)
    assert long in [p.text for p in doc.paragraphs]
    assert len(doc.core_properties.title) == 255
