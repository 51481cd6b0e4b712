"""Writes body content (headings, paragraphs, tables) as detached elements that
are later put where the template's content marker stands."""

from __future__ import annotations

from collections.abc import Mapping

from docx.document import Document

from pipeline.contract.formatting import NumberStyle

from pipeline.contract.formatting import clean_xml_text
from pipeline.word.richtext import Block, BlockKind, Run, blocks_to_paragraphs, split_lines
from pipeline.word import oxml
from pipeline.word.tables import TableCell, table
from pipeline.word.target import WordTarget
from pipeline.word.toc import TocEntry, bookmark_name, toc_paragraphs
from pipeline.word.doctexts import BOKMAL_TEXTS, DocTexts

HEADING_STYLES = {1: "Heading 1", 2: "Heading 2", 3: "Heading 3"}
TOC_STYLES = {1: "toc 1", 2: "toc 2"}
TOC_LEVELS = (1, 2)
#: The character style of an invalid value (``merge --lenient``): the template's «Emphasis»
#: (italic); restyle it in the Word template. Without it the text is plain italic.
INVALID_STYLE = "Emphasis"
#: Printed after an invalid value, which is printed as typed.
INVALID_MARK = "(ugyldig)"


class BodyWriter:
    """Collects body elements in order; headings of levels 1–2 go into the TOC.

    ``numbers`` is how the document writes numbers (``tallformat`` in the report settings);
    ``texts`` its fixed texts in the document's written standard (``malform``).
    """

    def __init__(self, doc: Document, table_style: str, numbers: NumberStyle = NumberStyle.KOMMA,
                 texts: DocTexts = BOKMAL_TEXTS) -> None:
        self.numbers = numbers
        self.texts = texts
        self.target = WordTarget(doc)
        self.table_style_id = self.target.style_id(table_style)
        self.elements: list = []
        self.toc: list[TocEntry] = []
        section = doc.sections[-1]
        self.text_width = (section.page_width - section.left_margin - section.right_margin) // 635  # EMU → twips

    def heading(self, level: int, text: str, *, page_break_before: bool | None = None) -> None:
        """A heading; ``page_break_before`` overrides the style's page break when set."""
        text = clean_xml_text(text).strip()
        p = oxml.paragraph(self.target.style_id(HEADING_STYLES[level]), oxml.run(text),
                           page_break_before=page_break_before)
        if level in TOC_LEVELS:
            bookmark_id = self.target.new_bookmark_id()
            name = bookmark_name(bookmark_id)
            oxml.bookmark(p, bookmark_id, name)
            self.toc.append(TocEntry(level, text, name))
        self.elements.append(p)

    def paragraph(self, text: str, style: str | None = None) -> None:
        style_id = self.target.style_id(style) if style else None
        self.elements.append(oxml.paragraph(style_id, oxml.run(clean_xml_text(text))))

    def text_cell(self, text: str, fill: str | None = None) -> TableCell:
        """A cell with plain text: one paragraph per line, no lists or links."""
        blocks = [Block(BlockKind.PARAGRAPH, (Run(line),)) for line in split_lines(text)]
        return self.blocks_cell(blocks, fill)

    def invalid_cell(self, typed: str, fill: str | None = None) -> TableCell:
        """A value that is not valid: the text as typed, then «(ugyldig)», all in :data:`INVALID_STYLE`."""
        lines = split_lines(clean_xml_text(typed)) or [""]
        lines[-1] = f"{lines[-1]} {INVALID_MARK}".lstrip()
        return TableCell([oxml.paragraph(None, self.marked_run(line)) for line in lines], fill)

    def marked_run(self, text: str):
        """A run in :data:`INVALID_STYLE`, or plain italic when the template lacks it."""
        if self.target.has_style(INVALID_STYLE):
            return oxml.run(text, self.target.style_id(INVALID_STYLE))
        r = oxml.el("w:r", None, oxml.el("w:rPr", None, oxml.el("w:i")))
        r.append(oxml.text(text))
        return r

    def blocks_cell(self, blocks: list[Block], fill: str | None = None) -> TableCell:
        return TableCell(blocks_to_paragraphs(blocks, self.target), fill)

    def table(self, rows: list[list[TableCell]], widths: list[int], *, header_rows: int = 0,
              first_column: bool = False) -> None:
        self.elements.append(table(self.table_style_id, widths, rows, header_rows=header_rows,
                                   first_column=first_column))

    def toc_paragraphs(self, page_numbers: Mapping[str, int] | None = None) -> list:
        """The filled-in TOC field for the headings written so far."""
        styles = {level: self.target.style_id(name) for level, name in TOC_STYLES.items()}
        return toc_paragraphs(self.toc, styles, page_numbers)
