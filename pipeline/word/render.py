"""Validated models → the Word document "Vedlegg 2 – Samlet innrapportering".

The template (``templates/vedlegg2-mal.docx``, see :mod:`pipeline.word.template`)
decides the looks; this module decides the content. docxtpl fills the title page
and the back page; the table of contents and the chapters are then written with
python-docx/lxml in place of the template's ``[[INNHOLD]]`` paragraph.

The document's own fixed texts follow ``malform`` in rapport.toml (:mod:`pipeline.word.doctexts`):
with ``nynorsk`` the section titles, labels and column headers are the catalogue's nynorsk forms,
the contents title is «Innhald» and the language of the text is nynorsk (``nn-NO``).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path

from docx.document import Document
from docx.oxml.ns import qn

from pipeline.common.atomic import write_atomic
from pipeline.common.malform import Malform
from pipeline.contract.catalogue import HEADER_FIELDS_BY_KEY, SECTIONS_BY_KEY, FieldSpec, SectionSpec
from pipeline.contract.fields import FieldMeta
from pipeline.contract.kinds.registry import format_value
from pipeline.contract.kinds.registry import kind_of
from pipeline.contract.models import ContractModel, Tiltak
from pipeline.summary.portfolio import group_by_segment
from pipeline.contract.formatting import clean_xml_text
from pipeline.word.richtext import parse_long_text
from pipeline.contract.settings import FormSettings, ReportSettings, SegmentLayout
from pipeline.word.body import BodyWriter
from pipeline.word.checks import fill_template, find_marker
from pipeline.word.doctexts import DocTexts
from pipeline.word.regionmeta import document_properties
from pipeline.word.regions import RegionKind
from pipeline.word.regions import (TOC_ID, Region, RegionInfo, RegionMarks, page_regions, segment_region,
                                   summary_region, tiltak_region)
from pipeline.word.tables import TableCell, cell_word_widths, column_widths, fit_columns, word_twips
from pipeline.word.target import TemplateError
from pipeline.word.toc import enable_update_fields
from pipeline.word.template import TABLE_STYLE, WORD_TEMPLATE_PATH, set_compatibility

__all__ = ["render_document", "save_document", "write_body", "body_writer", "set_language", "TemplateError",
           "SummaryWriter"]

#: Writes the "Sammendrag" part (after Innhold, before the first segment).
SummaryWriter = Callable[[BodyWriter], None]

KEY_COLUMN_SHARE = 3  # key/value tables: key column 30 %, value column 70 %
VALUE_COLUMN_SHARE = 7
NOTE_STYLE = "Merknad"  # a warning: a submission merged with errors (--lenient)
CHANGE_NOTE_STYLE = "Endringsmerknad"  # information: what changed since the last report (falls back to Merknad)


def render_document(tiltak: Sequence[Tiltak], report: ReportSettings, form: FormSettings, *,
                    template: Path = WORD_TEMPLATE_PATH, notes: Mapping[int, str | Sequence[str]] = {},
                    summary: SummaryWriter | None = None) -> Document:
    """The whole document. ``tiltak`` come ordered; ``notes[i]`` is printed under chapter i."""
    context = template_context(report)
    doc = fill_template(Path(template), context)
    marker = find_marker(doc)
    writer = body_writer(doc, report, form)
    set_language(doc, writer.texts)
    marks = RegionMarks(writer)  # every generated part is a region (see pipeline.word.regions)
    write_body(writer, marks, group_by_segment(tiltak, form.vocabulary("segment")), form, notes, summary)
    toc = writer.toc_paragraphs()
    properties = _set_properties(doc, report)
    front_info, back_info, properties_info = page_regions(context, properties)
    body = [c for c in doc.element.body if c.tag != qn("w:sectPr")]
    at = body.index(marker)
    marks.finish(doc, [Region(front_info, body[:at]), Region(RegionInfo(TOC_ID, RegionKind.TOC), list(toc))],
                 [Region(back_info, body[at + 1:]), Region(properties_info)])
    for element in [*toc, *writer.elements]:
        marker.addprevious(element)
    marker.getparent().remove(marker)
    enable_update_fields(doc)
    set_compatibility(doc)
    return doc


def write_body(writer: BodyWriter, marks: RegionMarks, segments: Sequence[tuple[str, Sequence[tuple[int, Tiltak]]]],
               form: FormSettings, notes: Mapping[int, str | Sequence[str]] = {},
               summary: SummaryWriter | None = None) -> None:
    """The Sammendrag, then per segment its heading and its chapters, each a region of ``marks``."""
    if summary is not None:
        with marks.region(summary_region()):
            summary(writer)  # hook: the Sammendrag section goes here
    for segment, chapters in segments:
        with marks.region(segment_region(segment)):
            writer.heading(1, segment)
        for number, (index, item) in enumerate(chapters):
            lenient, change = _split_note(notes.get(index, ""))
            info = tiltak_region(item, lenient, form, change)
            with marks.region(info):
                start = len(writer.elements)
                write_chapter(writer, item, form, first_in_segment=number == 0, note=[lenient, change])
                if change:  # its own small region: heading, the lenient note if any, then this
                    marks.note(info, start + (2 if lenient else 1))


def _split_note(note: str | Sequence[str]) -> tuple[str, str]:
    """(the lenient note, the change note) of a chapter's ``notes`` entry."""
    if isinstance(note, str):
        return note, ""
    lines = list(note) + ["", ""]
    return lines[0], lines[1]


def body_writer(doc: Document, report: ReportSettings, form: FormSettings) -> BodyWriter:
    """The writer of the document's body, with its fixed texts in the document's written standard."""
    return BodyWriter(doc, TABLE_STYLE, report.tallformat, DocTexts(report.malform, form.value_forms()))


def set_language(doc: Document, texts: DocTexts) -> None:
    """For a nynorsk document: the template's own words in nynorsk and the language ``nn-NO``
    (the template's front page: before any part of the document is fingerprinted)."""
    if texts.malform is Malform.NYNORSK:
        _in_nynorsk(doc, texts)


def _in_nynorsk(doc: Document, texts: DocTexts) -> None:
    """The template's own words in nynorsk (the contents title) and the text's language ``nn-NO``."""
    for p in doc.paragraphs:
        if p.style is not None and p.style.name == "TOC Heading" and p.text.strip() == "Innhold":
            for run in p.runs[1:]:
                run.text = ""
            p.runs[0].text = texts("Innhold")
    lang = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    if lang is not None:
        for key in ("w:val", "w:eastAsia"):
            lang.set(qn(key), Malform.NYNORSK.language)


def save_document(doc: Document, path: Path) -> Path:
    """Write ``doc`` to ``path`` atomically (temporary file beside it, then rename)."""
    buffer = io.BytesIO()
    doc.save(buffer)
    return write_atomic(Path(path), buffer.getvalue())


def template_context(report: ReportSettings) -> dict[str, object]:
    """The docxtpl variables of the title page and the back page."""
    return {
        "tittel": clean_xml_text(report.tittel),
        "undertittel": clean_xml_text(report.undertittel),
        "portefolje": clean_xml_text(report.portefolje),
        "periode": clean_xml_text(report.periode),
        "utgiver_navn": clean_xml_text(report.utgiver.navn),
        "utgiver_blokker": [
            {"overskrift": clean_xml_text(block.overskrift), "linjer": [clean_xml_text(x) for x in block.linjer]}
            for block in report.utgiver.all_blocks()
        ],
    }


def _note_style(writer: BodyWriter, *, changes: bool) -> str:
    """«Merknad» for the lenient warning; «Endringsmerknad» for a change note when the template has it."""
    return CHANGE_NOTE_STYLE if changes and writer.target.has_style(CHANGE_NOTE_STYLE) else NOTE_STYLE


def write_chapter(writer: BodyWriter, item: Tiltak, form: FormSettings, *, first_in_segment: bool = False,
                  note: str | Sequence[str] = "") -> None:
    """One tiltak: heading, optional note, key/value table, then the segment's sections."""
    # The template starts every tiltak on a new page; the first one shares the segment heading's page.
    writer.heading(2, item.navn, page_break_before=False if first_in_segment else None)
    lines = [note] if isinstance(note, str) else note  # the lenient note, then the change note
    for index, line in enumerate(lines):
        if line:
            writer.paragraph(line, _note_style(writer, changes=index > 0))
    layout = form.layout(item.segment)
    _key_value_table(writer, item, layout, form)
    for key in layout.seksjoner:
        section = SECTIONS_BY_KEY[key]
        writer.heading(3, section.title_in(writer.texts.malform))
        _section_table(writer, section, section_rows(item, section), form)


def section_rows(item: Tiltak, section: SectionSpec) -> list[ContractModel]:
    """The models a section prints: its list, or Nytte as one row (none when empty)."""
    if section.table is None:
        nytte = getattr(item, section.key)
        return [] if nytte is None or nytte.is_empty() else [nytte]
    return list(getattr(item, section.key))


def _key_value_table(writer: BodyWriter, item: Tiltak, layout: SegmentLayout, form: FormSettings) -> None:
    rows = []
    for key in layout.nokkelrader:
        spec = HEADER_FIELDS_BY_KEY[key]
        rows.append([writer.text_cell(spec.label_in(writer.texts.malform)), field_cell(writer, item, spec, form)])
    widths = column_widths([KEY_COLUMN_SHARE, VALUE_COLUMN_SHARE], writer.text_width)
    writer.table(rows, widths, first_column=True)


def _section_table(writer: BodyWriter, section: SectionSpec, models: list[ContractModel], form: FormSettings) -> None:
    rows = [[writer.text_cell(header) for header in section.headers_in(writer.texts.malform)]]
    for model in models:
        rows.append([field_cell(writer, model, c, form) for c in section.columns])
    writer.table(rows, section_widths(section.columns, writer.text_width, list(zip(*rows[1:]))), header_rows=1)


def field_cell(writer: BodyWriter, model: ContractModel, spec: FieldSpec, form: FormSettings) -> TableCell:
    """One field of a model as a cell; a value that is not valid (``--lenient``) as typed, marked."""
    typed = model.invalid_values.get(spec.key)
    if typed is not None:
        return writer.invalid_cell(typed)
    return value_cell(writer, getattr(model, spec.key), spec.meta, form)


def value_cell(writer: BodyWriter, value: object, meta: FieldMeta, form: FormSettings) -> TableCell:
    """A model value as a cell: long text as paragraphs/lists/links, choices shaded by ``[farger]``,
    numbers in the writer's number style."""
    kind = kind_of(meta.kind)  # an unknown kind is an error here, not text
    if kind.multiline:
        return writer.blocks_cell(parse_long_text(str(value or "")))
    text = format_value(value, meta, writer.numbers)
    fill = form.farger.get(text) if kind.shaded else None
    shown = writer.texts.label(text) if meta.vocabulary and isinstance(value, str) else text
    return writer.text_cell(shown, fill)


def section_widths(columns: Sequence[FieldSpec], total: int, cells: Sequence[Sequence[TableCell]] = ()) -> list[int]:
    """Column widths (twips). Every column fits the longest word of its header and of its
    ``cells`` (and a date or a year) when the page is wide enough, else as many words as
    can; the rest is shared in proportion to the field's width in the Excel template, with
    half weight for columns that are not free text."""
    minimums, weights = [], []
    for column in columns:
        header = column.meta.header or column.meta.label
        minimums.append(max(word_twips([header]), kind_of(column.kind).min_twips))
        weights.append(column.meta.width if column.meta.is_text else column.meta.width // 2)
    needs = [cell_word_widths(column_cells) for column_cells in cells or [()] * len(columns)]
    return fit_columns(needs, minimums, weights, total)


def _set_properties(doc: Document, report: ReportSettings) -> dict[str, str]:
    """Title, subject and author from the settings (returned, for the properties' region)."""
    props = doc.core_properties
    # python-docx refuses core properties longer than 255 characters
    props.title = clean_xml_text(f"{report.tittel} {report.undertittel}".strip())[:255]
    props.subject = clean_xml_text(f"{report.portefolje} – {report.periode}")[:255]
    props.author = clean_xml_text(report.utgiver.navn)[:255]
    props.language = report.malform.language
    props.comments = ""
    props.created = props.modified = datetime.now(timezone.utc).replace(microsecond=0, tzinfo=None)
    return document_properties(doc)

