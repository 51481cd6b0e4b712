"""Word refuses ("unreadable content") documents whose property elements are out of the
schema's sequence, where LibreOffice and python-docx do not mind. Check the order of the
children of every pPr, rPr, tcPr and tblPr in the merged document and in the template's styles,
against the sequences of the WordprocessingML schema (ECMA-376, part 1, §17)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree
from tests.support.merge import copy_examples

from pipeline.cli.main import main
from pipeline.word.template import WORD_TEMPLATE_PATH

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

SEQUENCES = {
    "pPr": ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
            "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
            "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
            "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
            "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"],
    "rPr": ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
            "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w",
            "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign",
            "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath"],
    "tcPr": ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
             "textDirection", "tcFitText", "vAlign", "hideMark"],
    "tblPr": ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
              "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
              "tblCaption", "tblDescription"],
    "style": ["name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority", "semiHidden",
              "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose", "personalReply", "rsid", "pPr",
              "rPr", "tblPr", "trPr", "tcPr", "tblStylePr"],
}


def order_problems(xml: bytes, part: str) -> list[str]:
    problems = []
    for local, sequence in SEQUENCES.items():
        rank = {name: i for i, name in enumerate(sequence)}
        for element in etree.fromstring(xml).iter(W + local):
            names = [etree.QName(c).localname for c in element if etree.QName(c).namespace == W[1:-1]]
            unknown = [n for n in names if n not in rank]
            ranks = [rank[n] for n in names if n in rank]
            if unknown or ranks != sorted(ranks):
                problems.append(f"{part}: <w:{local}> har {names}")
    return problems


@pytest.fixture(scope="module")
def merged_docx(tmp_path_factory) -> Path:
    folder = copy_examples(tmp_path_factory.mktemp("inn"))
    out = tmp_path_factory.mktemp("ut") / "V.docx"
    assert main(["merge", str(folder), "-o", str(out), "--quiet"]) == 0
    return out


@pytest.mark.slow
@pytest.mark.parametrize("part", ["word/document.xml", "word/styles.xml", "word/numbering.xml"])
def test_merged_document_follows_the_schema_order(merged_docx, part):
    with zipfile.ZipFile(merged_docx) as z:
        problems = order_problems(z.read(part), part)
    assert problems[:5] == []


def test_word_template_styles_follow_the_schema_order():
    with zipfile.ZipFile(WORD_TEMPLATE_PATH) as z:
        problems = order_problems(z.read("word/styles.xml"), "styles.xml")
    assert problems[:5] == []


def test_the_check_finds_a_misordered_element():
    bad = (f'<w:document xmlns:w="{W[1:-1]}"><w:p><w:pPr><w:jc w:val="left"/><w:pStyle w:val="x"/></w:pPr></w:p>'
           '</w:document>').encode()
    assert order_problems(bad, "x") == ["x: <w:pPr> har ['jc', 'pStyle']"]


def test_set_ppr_puts_properties_in_schema_order_whatever_the_call_order():
    from pipeline.word import oxml

    p = oxml.paragraph("Normal")
    oxml.set_ppr(p, oxml.el("w:jc", {"w:val": "right"}))
    oxml.set_ppr(p, oxml.el("w:spacing", {"w:before": 240}))
    oxml.set_numbering(p, 7)
    oxml.set_ppr(p, oxml.el("w:keepNext"))
    oxml.set_ppr(p, oxml.el("w:jc", {"w:val": "left"}))  # replaces, does not add
    xml = etree.tostring(p)
    assert order_problems(f'<w:document xmlns:w="{W[1:-1]}">'.encode() + xml + b"</w:document>", "p") == []
    assert [etree.QName(c).localname for c in p[0]] == ["pStyle", "keepNext", "numPr", "spacing", "jc"]
