"""Helpers for the Word template and renderer tests: settings, hand-built tiltak,
and reading a saved DOCX back with python-docx."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import docx
from docx.oxml.ns import qn

from pipeline.contract.models import Avhengighet, Leveranse, Tiltak
from pipeline.contract.settings import Publisher, ReportSettings

W_P, W_TBL = qn("w:p"), qn("w:tbl")


def report_settings(**overrides) -> ReportSettings:
    values = dict(
        periode="November 2021",
        rapportdato=date(2021, 11, 1),
        utgiver=Publisher(navn="Direktoratet for e-helse",
                          linjer=["Besøksadresse", "Verkstedveien 1, 0277 Oslo", "Kontakt", "postmottak@ehelse.no"]),
    )
    values.update(overrides)
    return ReportSettings(**values)


def make_tiltak(navn: str = "Testtiltak", segment: str = "Samstyre", **overrides) -> Tiltak:
    values = dict(
        navn=navn, aktor="Helse Nord RHF", segment=segment, fase="Gjennomføre", status="Gul",
        sluttdato=date(2023, 12, 31), risiko="Rød", knytning=["Helsenorge", "HelseID"],
        beskrivelse="Første avsnitt.\n• Punkt én\n- Punkt to\n1. Steg én\n2) Steg to",
        leveranser=[Leveranse(navn="Leveranse A", sluttdato=date(2022, 1, 31), levert="Ja")],
        avhengigheter=[Avhengighet(aktor="NHN", status="Rød", frist=date(2022, 6, 1))],
    )
    values.update(overrides)
    return Tiltak(**values)


def reopen(doc, tmp_path: Path, name: str = "ut.docx"):
    """Save ``doc`` and open the file again: (python-docx document, path)."""
    from pipeline.word.render import save_document

    path = save_document(doc, tmp_path / name)
    return docx.Document(str(path)), path


def part_xml(path: Path, member: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(member)


def style_names(doc) -> dict[str, str]:
    """styleId -> style name (lower case) for every style in the document."""
    return {s.get(qn("w:styleId")): s.find(qn("w:name")).get(qn("w:val")).lower()
            for s in doc.styles.element.iter(qn("w:style"))}


def paragraph_style(p_element, names: dict[str, str]) -> str:
    style = p_element.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return names.get(style.get(qn("w:val")), "") if style is not None else "normal"


def text_of(element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def body_items(doc) -> list[tuple[str, str, object]]:
    """The body in order: ("p", style name, element) or ("t", "", table element)."""
    names = style_names(doc)
    items = []
    for child in doc.element.body:
        if child.tag == W_P:
            items.append(("p", paragraph_style(child, names), child))
        elif child.tag == W_TBL:
            items.append(("t", "", child))
    return items


def rows(table_element) -> list:
    return table_element.findall(qn("w:tr"))


def cells(row_element) -> list:
    return row_element.findall(qn("w:tc"))


def cell_paragraphs(cell_element) -> list:
    return cell_element.findall(qn("w:p"))


def cell_text(cell_element) -> str:
    """Paragraph texts of a cell joined with newlines."""
    return "\n".join(text_of(p) for p in cell_paragraphs(cell_element))


def chapters(doc) -> dict[str, dict]:
    """Per tiltak heading: its segment, and the body items up to the next heading 1/2."""
    result: dict[str, dict] = {}
    segment = current = None
    for kind, style, element in body_items(doc):
        if style == "heading 1":
            segment, current = text_of(element), None
        elif style == "heading 2":
            current = {"segment": segment, "heading": element, "items": []}
            result[text_of(element)] = current
        elif style in ("bakside utgiver",):
            current = None
        elif current is not None:
            current["items"].append((kind, style, element))
    return result


def tables_of(chapter: dict) -> list:
    return [element for kind, _, element in chapter["items"] if kind == "t"]


def section_tables(chapter: dict) -> dict[str, object]:
    """Heading 3 text -> the table that follows it."""
    found, title = {}, None
    for kind, style, element in chapter["items"]:
        if style == "heading 3":
            title = text_of(element)
        elif kind == "t" and title is not None:
            found[title] = element
            title = None
    return found
