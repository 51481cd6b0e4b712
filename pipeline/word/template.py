"""Generates the default Word template ``templates/vedlegg2-mal.docx``.

Code decides content, the template decides looks: every style an editor may want
to change lives in the template (see ``docs/wordmal.md``). The template is based on
python-docx's default template, so Word's built-in style names resolve.

Run ``python -m pipeline.word.template [path]`` to write it again.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import docx
from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm

from pipeline.common.libprivate import set_part_blob
from pipeline.common.atomic import write_atomic
from pipeline.common.malform import Malform
from pipeline.resources import TEMPLATES_FOLDER, WORD_TEMPLATE_NAME, packaged
from pipeline.word import oxml

#: The default Word template, shipped inside the package (see :mod:`pipeline.resources`).
WORD_TEMPLATE_PATH = packaged(WORD_TEMPLATE_NAME)
#: The paragraph the renderer replaces with the table of contents and all chapters.
CONTENT_MARKER = "[[INNHOLD]]"
TABLE_STYLE = "Innrapportering"
LANGUAGE = Malform.BOKMAL.language

PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838  # A4 portrait, twips
MARGIN = 1418  # 2.5 cm
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN

_HEADING_FONT = '<w:rFonts w:asciiTheme="majorHAnsi" w:eastAsiaTheme="majorEastAsia" w:hAnsiTheme="majorHAnsi" w:cstheme="majorBidi"/>'
_TOC_TAB = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH}"/></w:tabs>'


_NO_HYPHENS = "<w:suppressAutoHyphens/>"


def _paragraph_style(style_id: str, name: str, ppr: str = "", rpr: str = "", *, based_on: str = "Normal",
                     next_style: str = "Normal", extra: str = "", hyphenate: bool = True) -> str:
    if not hyphenate:  # in schema order: before spacing/indentation/outline level
        at = min((i for i in (ppr.find("<w:spacing"), ppr.find("<w:ind"), ppr.find("<w:outlineLvl")) if i >= 0),
                 default=len(ppr))
        ppr = ppr[:at] + _NO_HYPHENS + ppr[at:]
    return (f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>'
            f'<w:basedOn w:val="{based_on}"/><w:next w:val="{next_style}"/>{extra}'
            f'<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>')


#: Styles written in full (replacing the default template's version with the same id).
STYLES: tuple[str, ...] = (
    _paragraph_style("Title", "Title", '<w:spacing w:before="3400" w:after="240" w:line="240" w:lineRule="auto"/>',
                     _HEADING_FONT + '<w:b/><w:color w:val="1F3864"/><w:kern w:val="28"/><w:sz w:val="64"/><w:szCs w:val="64"/>',
                     extra='<w:uiPriority w:val="10"/><w:qFormat/>', hyphenate=False),
    _paragraph_style("Subtitle", "Subtitle", '<w:spacing w:after="600"/>',
                     _HEADING_FONT + '<w:color w:val="1F3864"/><w:sz w:val="44"/><w:szCs w:val="44"/>',
                     extra='<w:uiPriority w:val="11"/><w:qFormat/>', hyphenate=False),
    _paragraph_style("ForsidePortefolje", "Forside portefølje", '<w:spacing w:after="120"/>',
                     _HEADING_FONT + '<w:color w:val="2F5496"/><w:sz w:val="32"/><w:szCs w:val="32"/>',
                     extra='<w:qFormat/>'),
    _paragraph_style("ForsidePeriode", "Forside periode", '<w:spacing w:after="120"/>',
                     '<w:color w:val="595959"/><w:sz w:val="28"/><w:szCs w:val="28"/>', extra='<w:qFormat/>'),
    _paragraph_style("Heading1", "heading 1",
                     '<w:keepNext/><w:keepLines/><w:pageBreakBefore/><w:spacing w:before="0" w:after="240"/><w:outlineLvl w:val="0"/>',
                     _HEADING_FONT + '<w:b/><w:bCs/><w:color w:val="1F3864"/><w:sz w:val="36"/><w:szCs w:val="36"/>',
                     extra='<w:uiPriority w:val="9"/><w:qFormat/>', hyphenate=False),
    _paragraph_style("Heading2", "heading 2",
                     '<w:keepNext/><w:keepLines/><w:pageBreakBefore/><w:spacing w:before="0" w:after="200"/><w:outlineLvl w:val="1"/>',
                     _HEADING_FONT + '<w:b/><w:bCs/><w:color w:val="2F5496"/><w:sz w:val="30"/><w:szCs w:val="30"/>',
                     extra='<w:uiPriority w:val="9"/><w:unhideWhenUsed/><w:qFormat/>', hyphenate=False),
    _paragraph_style("Heading3", "heading 3",
                     '<w:keepNext/><w:keepLines/><w:spacing w:before="320" w:after="120"/><w:outlineLvl w:val="2"/>',
                     _HEADING_FONT + '<w:b/><w:bCs/><w:color w:val="2F5496"/><w:sz w:val="24"/><w:szCs w:val="24"/>',
                     extra='<w:uiPriority w:val="9"/><w:unhideWhenUsed/><w:qFormat/>', hyphenate=False),
    _paragraph_style("TOCHeading", "TOC Heading", '<w:outlineLvl w:val="9"/>', based_on="Heading1",
                     extra='<w:uiPriority w:val="39"/><w:unhideWhenUsed/><w:qFormat/>', hyphenate=False),
    _paragraph_style("TOC1", "toc 1", _TOC_TAB + '<w:spacing w:before="160" w:after="40"/>', '<w:b/><w:bCs/>',
                     extra='<w:uiPriority w:val="39"/><w:unhideWhenUsed/>', hyphenate=False),
    _paragraph_style("TOC2", "toc 2", _TOC_TAB + '<w:spacing w:after="20"/><w:ind w:left="220"/>',
                     extra='<w:uiPriority w:val="39"/><w:unhideWhenUsed/>', hyphenate=False),
    _paragraph_style("Merknad", "Merknad",
                     '<w:pBdr><w:left w:val="single" w:sz="18" w:space="4" w:color="C00000"/></w:pBdr>'
                     '<w:shd w:val="clear" w:color="auto" w:fill="FBE4E4"/><w:spacing w:before="60" w:after="160"/>',
                     '<w:i/><w:iCs/><w:color w:val="C00000"/>', extra='<w:qFormat/>'),
    _paragraph_style("Endringsmerknad", "Endringsmerknad",
                     '<w:pBdr><w:left w:val="single" w:sz="18" w:space="4" w:color="2F5496"/></w:pBdr>'
                     '<w:shd w:val="clear" w:color="auto" w:fill="E8EEF7"/><w:spacing w:before="60" w:after="160"/>',
                     '<w:i/><w:iCs/><w:color w:val="1F3864"/>', extra='<w:qFormat/>'),
    _paragraph_style("BaksideUtgiver", "Bakside utgiver",
                     '<w:pageBreakBefore/><w:spacing w:before="9000" w:after="240"/>',
                     _HEADING_FONT + '<w:b/><w:color w:val="1F3864"/><w:sz w:val="28"/><w:szCs w:val="28"/>',
                     extra='<w:qFormat/>'),
    _paragraph_style("BaksideOverskrift", "Bakside overskrift", '<w:keepNext/><w:spacing w:before="200" w:after="0"/>',
                     '<w:b/><w:bCs/><w:color w:val="404040"/>', extra='<w:qFormat/>'),
    _paragraph_style("BaksideTekst", "Bakside tekst", '<w:spacing w:after="0"/>', '<w:color w:val="404040"/>',
                     extra='<w:qFormat/>'),
    _paragraph_style("Header", "header",
                     f'<w:tabs><w:tab w:val="center" w:pos="{TEXT_WIDTH // 2}"/><w:tab w:val="right" w:pos="{TEXT_WIDTH}"/></w:tabs>'
                     '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
                     '<w:color w:val="595959"/><w:sz w:val="16"/><w:szCs w:val="16"/>', extra='<w:uiPriority w:val="99"/>'),
    _paragraph_style("Footer", "footer",
                     f'<w:tabs><w:tab w:val="center" w:pos="{TEXT_WIDTH // 2}"/><w:tab w:val="right" w:pos="{TEXT_WIDTH}"/></w:tabs>'
                     '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="center"/>',
                     '<w:color w:val="595959"/><w:sz w:val="18"/><w:szCs w:val="18"/>', extra='<w:uiPriority w:val="99"/>'),
    f'<w:style {nsdecls("w")} w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/>'
    '<w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
    '<w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>',
    f'<w:style {nsdecls("w")} w:type="table" w:styleId="{TABLE_STYLE}"><w:name w:val="{TABLE_STYLE}"/>'
    '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:qFormat/>'
    '<w:pPr><w:spacing w:before="20" w:after="40" w:line="240" w:lineRule="auto"/></w:pPr>'
    '<w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>'
    '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>'
    + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="8EAADB"/>'
              for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    + '</w:tblBorders><w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
    '<w:bottom w:w="28" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>'
    '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/><w:color w:val="1F3864"/></w:rPr>'
    '<w:tblPr/><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="D9E2F3"/></w:tcPr></w:tblStylePr>'
    '<w:tblStylePr w:type="firstCol"><w:rPr><w:b/><w:bCs/></w:rPr>'
    '<w:tblPr/><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/></w:tcPr></w:tblStylePr>'
    '</w:style>',
)


def build_template() -> Document:
    """The default template as a python-docx document."""
    doc = docx.Document()
    _drop_default_leftovers(doc)
    _drop_styles_with_effects(doc)
    _set_defaults(doc)
    _set_styles(doc)
    _set_hyphenation(doc)
    set_compatibility(doc)
    _set_page(doc)
    _write_body(doc)
    props = doc.core_properties
    props.title, props.subject, props.language = "Vedlegg 2 – Samlet innrapportering", "Word-mal", LANGUAGE
    props.author, props.comments = "", "Lages av pipeline/word/template.py. Se docs/wordmal.md."
    return doc


_APP_XML = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            b'<Application>innrapportering</Application><DocSecurity>0</DocSecurity></Properties>')


def _drop_default_leftovers(doc: Document) -> None:
    """python-docx's default document carries a blank-page preview image and application
    properties of «Microsoft Macintosh Word»; neither belongs in our documents."""
    package = doc.part.package
    for r_id, rel in list(package.rels.items()):
        kind = rel.reltype.rsplit("/", 1)[-1]
        if kind == "thumbnail":
            del package.rels[r_id]
        elif kind == "extended-properties":
            set_part_blob(rel.target_part, _APP_XML)


def _drop_styles_with_effects(doc: Document) -> None:
    """The Word 2010 copy of styles.xml would go stale; Word rebuilds it when needed."""
    for r_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(r_id)


def _set_defaults(doc: Document) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    rpr.find(qn("w:rFonts")).attrib.clear()
    for key in ("ascii", "hAnsi", "cs", "eastAsia"):
        rpr.find(qn("w:rFonts")).set(qn(f"w:{key}"), "Calibri")
    for tag in ("w:sz", "w:szCs"):
        rpr.find(qn(tag)).set(qn("w:val"), "20")
    lang = rpr.find(qn("w:lang"))
    lang.attrib.clear()
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    spacing = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")
    spacing.set(qn("w:after"), "120")
    spacing.set(qn("w:line"), "264")


def _set_hyphenation(doc: Document) -> None:
    """Automatic hyphenation (Word: Oppsett → Orddeling), so a long word in a narrow table column is divided
    where Norwegian allows it instead of anywhere; headings, the title page and the contents list are not."""
    settings = doc.settings.element
    if settings.find(qn("w:autoHyphenation")) is None:
        tab_stop = settings.find(qn("w:defaultTabStop"))  # autoHyphenation follows it in CT_Settings
        hyphenation = oxml.el("w:autoHyphenation")
        if tab_stop is not None:
            tab_stop.addnext(hyphenation)
        else:
            settings.insert(0, hyphenation)


COMPATIBILITY_MODE = "15"  # Word 2013 and later: no «Kompatibilitetsmodus» in the title bar
_WORD_URI = "http://schemas.microsoft.com/office/word"


def set_compatibility(doc: Document) -> None:
    """``compatibilityMode`` 15 in ``w:compat`` of settings.xml (python-docx's default template says 14)."""
    settings = doc.settings.element
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = oxml.el("w:compat")
        followers = [c for c in settings if c.tag in {qn(f"w:{n}") for n in _AFTER_COMPAT}]
        if followers:
            followers[0].addprevious(compat)
        else:
            settings.append(compat)
    setting = next((s for s in compat.iter(qn("w:compatSetting")) if s.get(qn("w:name")) == "compatibilityMode"), None)
    if setting is None:
        setting = oxml.el("w:compatSetting", {"w:name": "compatibilityMode", "w:uri": _WORD_URI})
        compat.append(setting)
    setting.set(qn("w:val"), COMPATIBILITY_MODE)


# Elements that follow w:compat in CT_Settings (ECMA-376 17.15.1.78).
_AFTER_COMPAT = ("docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
                 "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
                 "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
                 "decimalSymbol", "listSeparator")


def _set_styles(doc: Document) -> None:
    root = doc.styles.element
    existing = {s.get(qn("w:styleId")): s for s in root.iter(qn("w:style"))}
    for xml in STYLES:
        style = parse_xml(xml)
        old = existing.get(style.get(qn("w:styleId")))
        if old is not None:
            old.addprevious(style)
            root.remove(old)
        else:
            root.append(style)


def _set_page(doc: Document) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH * 635, PAGE_HEIGHT * 635  # twips → EMU
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN * 635
    section.header_distance = section.footer_distance = Cm(1.25)
    section.different_first_page_header_footer = True  # no page number on the title page
    section.first_page_header.is_linked_to_previous = False
    section.first_page_footer.is_linked_to_previous = False
    section.header.is_linked_to_previous = False
    footer = section.footer
    footer.is_linked_to_previous = False
    footer.paragraphs[0]._p.extend(oxml.field_runs("PAGE", "1"))  # centred by the Footer style


def _write_body(doc: Document) -> None:
    for style, text in (
        ("Title", "{{ tittel }}"),
        ("Subtitle", "{{ undertittel }}"),
        ("Forside portefølje", "{{ portefolje }}"),
        ("Forside periode", "{{ periode }}"),
        ("TOC Heading", "Innhold"),
        ("Normal", CONTENT_MARKER),
        ("Bakside utgiver", "{{ utgiver_navn }}"),
        ("Normal", "{%p for blokk in utgiver_blokker %}"),
        ("Normal", "{%p if blokk.overskrift %}"),
        ("Bakside overskrift", "{{ blokk.overskrift }}"),
        ("Normal", "{%p endif %}"),
        ("Normal", "{%p for linje in blokk.linjer %}"),
        ("Bakside tekst", "{{ linje }}"),
        ("Normal", "{%p endfor %}"),
        ("Normal", "{%p endfor %}"),
    ):
        doc.add_paragraph(text, style=style)


def template_bytes() -> bytes:
    buffer = io.BytesIO()
    build_template().save(buffer)
    return buffer.getvalue()


def write_template(path: Path) -> Path:
    """Write the default template to ``path`` (atomically)."""
    return write_atomic(Path(path), template_bytes())


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = write_template(Path(args[0]) if args else TEMPLATES_FOLDER / WORD_TEMPLATE_NAME)
    print(f"Skrev Word-malen {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
