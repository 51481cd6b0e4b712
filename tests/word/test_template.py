import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docxtpl import DocxTemplate

from pipeline.word.template import CONTENT_MARKER, TABLE_STYLE, WORD_TEMPLATE_PATH, write_template
from tests.support.render import part_xml, text_of

CM = 360000  # EMU per centimetre


@pytest.fixture(scope="module")
def template_path(tmp_path_factory):
    return write_template(tmp_path_factory.mktemp("mal") / "mal.docx")


@pytest.fixture(scope="module")
def template(template_path):
    return docx.Document(str(template_path))


def style_by_name(doc, name):
    for style in doc.styles.element.iter(qn("w:style")):
        if style.find(qn("w:name")).get(qn("w:val")).lower() == name.lower():
            return style
    raise AssertionError(f"stilen {name} mangler")


@pytest.mark.parametrize("name, kind", [
    ("Title", "paragraph"), ("Subtitle", "paragraph"), ("Forside portefølje", "paragraph"),
    ("Forside periode", "paragraph"), ("heading 1", "paragraph"), ("heading 2", "paragraph"),
    ("heading 3", "paragraph"), ("TOC Heading", "paragraph"), ("toc 1", "paragraph"), ("toc 2", "paragraph"),
    ("List Bullet", "paragraph"), ("List Number", "paragraph"), ("Merknad", "paragraph"),
    ("Bakside utgiver", "paragraph"), ("Bakside overskrift", "paragraph"), ("Bakside tekst", "paragraph"), ("header", "paragraph"),
    ("footer", "paragraph"), ("Hyperlink", "character"), (TABLE_STYLE, "table"),
])
def test_template_has_the_styles(template, name, kind):
    assert style_by_name(template, name).get(qn("w:type")) == kind


def test_builtin_names_resolve_in_python_docx(template):
    for name in ("Heading 1", "Heading 2", "Heading 3", "Title", "Subtitle", "List Bullet", "List Number"):
        assert template.styles[name].type == WD_STYLE_TYPE.PARAGRAPH
    assert template.styles[TABLE_STYLE].type == WD_STYLE_TYPE.TABLE


def test_toc_1_is_bold_and_headings_are_outline_levels(template):
    assert style_by_name(template, "toc 1").find(f"{qn('w:rPr')}/{qn('w:b')}") is not None
    for level in (1, 2, 3):
        outline = style_by_name(template, f"heading {level}").find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
        assert outline.get(qn("w:val")) == str(level - 1)
    # Tiltak chapters start on a new page
    assert style_by_name(template, "heading 2").find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None


def test_table_style_has_borders_and_bold_shaded_header_row(template):
    style = style_by_name(template, TABLE_STYLE)
    borders = style.find(f"{qn('w:tblPr')}/{qn('w:tblBorders')}")
    assert {b.tag for b in borders} >= {qn(f"w:{s}") for s in ("top", "bottom", "insideH", "insideV")}
    first_row = [s for s in style.findall(qn("w:tblStylePr")) if s.get(qn("w:type")) == "firstRow"][0]
    assert first_row.find(f"{qn('w:rPr')}/{qn('w:b')}") is not None
    assert first_row.find(f"{qn('w:tcPr')}/{qn('w:shd')}").get(qn("w:fill"))


@pytest.mark.parametrize("name, num_format", [("List Bullet", "bullet"), ("List Number", "decimal")])
def test_list_styles_have_real_numbering(template, name, num_format):
    num_id = style_by_name(template, name).find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}").get(qn("w:val"))
    numbering = template.part.numbering_part.element
    num = [n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id][0]
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = [a for a in numbering.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract_id][0]
    assert abstract.find(f"{qn('w:lvl')}/{qn('w:numFmt')}").get(qn("w:val")) == num_format


def test_language_page_and_footer(template):
    lang = template.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:val")) == "nb-NO"
    section = template.sections[0]
    assert round(section.page_width / CM, 1) == 21.0 and round(section.page_height / CM, 1) == 29.7
    assert all(round(m / CM, 1) == 2.5 for m in (section.left_margin, section.right_margin,
                                                  section.top_margin, section.bottom_margin))
    footer_xml = section.footer._element.xml
    assert "PAGE" in "".join(t.text for t in section.footer._element.iter(qn("w:instrText")))
    assert "fldChar" in footer_xml


def test_tags_and_marker(template, template_path):
    texts = [p.text for p in template.paragraphs]
    assert CONTENT_MARKER in texts
    assert "Innhold" in texts
    assert set(DocxTemplate(str(template_path)).get_undeclared_template_variables()) == {
        "tittel", "undertittel", "portefolje", "periode", "utgiver_navn", "utgiver_blokker"}


def test_committed_template_is_the_generated_one(template_path):
    """Regenerate with `python -m pipeline.word.template` when this fails."""
    for member in ("word/document.xml", "word/styles.xml", "word/numbering.xml"):
        assert part_xml(WORD_TEMPLATE_PATH, member) == part_xml(template_path, member), member


def test_generating_twice_gives_the_same_parts(template_path, tmp_path):
    again = write_template(tmp_path / "igjen.docx")
    for member in ("word/document.xml", "word/styles.xml", "word/footer2.xml"):
        assert part_xml(again, member) == part_xml(template_path, member)


def test_title_page_text_is_tags_only(template):
    title = [p for p in template.paragraphs if p.style.name == "Title"][0]
    assert text_of(title._p) == "{{ tittel }}"


def test_hyphenation_is_on_except_in_headings_title_and_contents(template_path):
    """Long words in narrow table columns are divided where Norwegian allows (not anywhere); headings are whole."""
    settings = part_xml(template_path, "word/settings.xml").decode("utf-8")
    assert "<w:autoHyphenation/>" in settings
    assert settings.index("<w:defaultTabStop") < settings.index("<w:autoHyphenation/>")  # schema order
    doc = docx.Document(str(template_path))
    for name in ("Heading 1", "Heading 2", "Heading 3", "Title", "toc 1", "toc 2"):
        assert doc.styles[name].element.pPr.find(qn("w:suppressAutoHyphens")) is not None, name
    for name in ("Normal", "Merknad"):
        ppr = doc.styles[name].element.pPr
        assert ppr is None or ppr.find(qn("w:suppressAutoHyphens")) is None, name
