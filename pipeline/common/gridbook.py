"""Small workbooks of plain grids (the merge report, a chart's data) written straight as SpreadsheetML.

openpyxl's import alone is some 60 ms, and ``merge`` needed it only for these two kinds of workbook, which are
rows of text and numbers with a few styles: bold or larger text, a fill, wrapped text at the top of the cell, a
number format; column widths, a frozen first row and a filter. They are written here as the few parts Excel
needs (ECMA-376: workbook, worksheets, styles, Office's default theme from ``resources/xlsx-tema.xml`` as openpyxl
ships it (MIT licence), relationships, content types), with the same values and looks
openpyxl gave them (``tests/common/test_gridbook.py`` reads both back with openpyxl and checks them against the
schema). Text is always an inline string, so nothing typed (``=``, ``+``, ``@``) becomes a formula, and the bytes
are the same for the same grid (no time is written).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from functools import lru_cache
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from pipeline.common.a1 import get_column_letter
from pipeline.common.namespaces import PKG_REL, R, SML

__all__ = ["PLAIN", "GridSheet", "Style", "grid_workbook"]

_MAIN, _R, _PKG = SML, R, PKG_REL
_OFFICE_DOC, _WORKSHEET, _STYLES, _THEME = (f"{R}/{kind}" for kind in ("officeDocument", "worksheet", "styles", "theme"))
_CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can have: no time of writing
#: Characters XML 1.0 cannot hold.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Style:
    """How a cell looks: ``fill`` an RGB colour (``"DCE6F1"``), ``number_format`` a format code."""

    bold: bool = False
    size: float | None = None
    fill: str | None = None
    wrap: bool = False
    number_format: str | None = None


PLAIN = Style()


@dataclass
class GridSheet:
    """One worksheet: ``rows`` of values (str, int, float, Decimal or None) and a style per cell
    (``styles[r][c]``, missing means plain); ``widths`` per column from A."""

    title: str
    rows: Sequence[Sequence[object]]
    styles: Sequence[Sequence[Style]] = ()
    widths: Sequence[float] = ()
    freeze_header: bool = False
    autofilter: bool = False


def grid_workbook(sheets: Sequence[GridSheet]) -> bytes:
    """The ``.xlsx`` bytes of ``sheets`` (in order; the first is the one Excel opens on)."""
    styles = _Styles()
    parts: list[tuple[str, str]] = []
    for index, sheet in enumerate(sheets, start=1):
        parts.append((f"xl/worksheets/sheet{index}.xml", _sheet_xml(sheet, styles)))
    parts[:0] = [("[Content_Types].xml", _content_types(len(sheets))), ("_rels/.rels", _root_rels()),
                 ("xl/workbook.xml", _workbook_xml(sheets)), ("xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets))),
                 ("xl/styles.xml", styles.xml()), ("xl/theme/theme1.xml", _theme())]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts:
            archive.writestr(zipfile.ZipInfo(name, date_time=_ZIP_TIME), text.encode("utf-8"), zipfile.ZIP_DEFLATED)
    return out.getvalue()


# --- worksheets --------------------------------------------------------------------------------


def _sheet_xml(sheet: GridSheet, styles: _Styles) -> str:
    width = max((len(row) for row in sheet.rows), default=0)
    last = f"{get_column_letter(width)}{len(sheet.rows)}" if width and sheet.rows else "A1"
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_MAIN}" xmlns:r="{_R}">',
           f'<dimension ref="A1:{last}"/>' if last != "A1" else '<dimension ref="A1"/>']
    if sheet.freeze_header:
        out.append('<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft"'
                   ' state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>')
    else:
        out.append('<sheetViews><sheetView workbookViewId="0"/></sheetViews>')
    out.append('<sheetFormatPr defaultRowHeight="15"/>')
    if sheet.widths:
        out.append("<cols>" + "".join(f'<col min="{i}" max="{i}" width="{w:g}" customWidth="1"/>'
                                      for i, w in enumerate(sheet.widths, start=1)) + "</cols>")
    out.append("<sheetData>")
    for r, row in enumerate(sheet.rows, start=1):
        row_styles = sheet.styles[r - 1] if r - 1 < len(sheet.styles) else ()
        cells = []
        for c, value in enumerate(row, start=1):
            style = row_styles[c - 1] if c - 1 < len(row_styles) else PLAIN
            cell = _cell(f"{get_column_letter(c)}{r}", value, styles.index(style))
            if cell:
                cells.append(cell)
        out.append(f'<row r="{r}">' + "".join(cells) + "</row>")
    out.append("</sheetData>")
    if sheet.autofilter and len(sheet.rows) > 1:
        out.append(f'<autoFilter ref="A1:{last}"/>')
    out.append('<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/></worksheet>')
    return "".join(out)


def _cell(ref: str, value: object, style: int) -> str:
    s = f' s="{style}"' if style else ""
    if value is None or value == "":  # an empty text is no value (as openpyxl writes it): only its style
        return f'<c r="{ref}"{s}/>' if style else ""
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float, Decimal)):
        return f'<c r="{ref}"{s}><v>{_number(value)}</v></c>'
    text = _NOT_XML.sub("", str(value))
    return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'


def _number(value: int | float | Decimal) -> str:
    if isinstance(value, int):
        return str(value)
    return repr(float(value)) if isinstance(value, float) else format(value, "f")


# --- styles ------------------------------------------------------------------------------------


class _Styles:
    """The distinct :class:`Style` s used, as ``cellXfs`` (index 0: plain) with their fonts, fills and formats."""

    def __init__(self) -> None:
        self.styles: list[Style] = [PLAIN]
        self.fonts: list[tuple[bool, float | None]] = [(False, None)]
        self.fills: list[str | None] = [None, None]  # «none» and «gray125» come first, as the schema's readers expect
        self.formats: list[str] = []

    def index(self, style: Style) -> int:
        if style not in self.styles:
            self.styles.append(style)
        return self.styles.index(style)

    def _font(self, style: Style) -> int:
        key = (style.bold, style.size)
        if key not in self.fonts:
            self.fonts.append(key)
        return self.fonts.index(key)

    def _fill(self, style: Style) -> int:
        if style.fill is None:
            return 0
        if style.fill not in self.fills[2:]:
            self.fills.append(style.fill)
        return 2 + self.fills[2:].index(style.fill)

    def _format(self, style: Style) -> int:
        if style.number_format is None:
            return 0
        if style.number_format not in self.formats:
            self.formats.append(style.number_format)
        return 164 + self.formats.index(style.number_format)  # below 164 are Excel's built-in formats

    def xml(self) -> str:
        xfs = []
        for style in self.styles:
            font, fill, fmt = self._font(style), self._fill(style), self._format(style)
            applies = "".join(f' {name}="1"' for name, used in (("applyFont", font), ("applyFill", fill),
                                                                  ("applyNumberFormat", fmt),
                                                                  ("applyAlignment", style.wrap)) if used)
            inner = '<alignment vertical="top" wrapText="1"/>' if style.wrap else ""
            xfs.append(f'<xf numFmtId="{fmt}" fontId="{font}" fillId="{fill}" borderId="0" xfId="0"{applies}'
                       + (f">{inner}</xf>" if inner else "/>"))
        formats = "".join(f'<numFmt numFmtId="{164 + i}" formatCode={quoteattr(code)}/>'
                          for i, code in enumerate(self.formats))
        fonts = "".join(f'<font>{"<b/>" if bold else ""}<sz val="{size or 11:g}"/><name val="Calibri"/>'
                        f'<family val="2"/></font>' for bold, size in self.fonts)
        fills = ('<fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
                 + "".join(f'<fill><patternFill patternType="solid"><fgColor rgb="FF{c}"/><bgColor rgb="FF{c}"/>'
                           f"</patternFill></fill>" for c in self.fills[2:]))
        return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{_MAIN}">'
                + (f'<numFmts count="{len(self.formats)}">{formats}</numFmts>' if self.formats else "")
                + f'<fonts count="{len(self.fonts)}">{fonts}</fonts><fills count="{len(self.fills)}">{fills}</fills>'
                '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
                '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
                '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')


# --- package -----------------------------------------------------------------------------------


def _content_types(count: int) -> str:
    sheets = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_CT_SHEET}"/>'
                     for i in range(1, count + 1))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>'
            f"{sheets}</Types>")


def _root_rels() -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PKG}">'
            f'<Relationship Id="rId1" Type="{_OFFICE_DOC}" Target="xl/workbook.xml"/></Relationships>')


def _workbook_rels(count: int) -> str:
    sheets = "".join(f'<Relationship Id="rId{i}" Type="{_WORKSHEET}" Target="worksheets/sheet{i}.xml"/>'
                     for i in range(1, count + 1))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PKG}">{sheets}'
            f'<Relationship Id="rId{count + 1}" Type="{_STYLES}" Target="styles.xml"/>'
            f'<Relationship Id="rId{count + 2}" Type="{_THEME}" Target="theme/theme1.xml"/></Relationships>')


def _workbook_xml(sheets: Sequence[GridSheet]) -> str:
    listed = "".join(f'<sheet name={quoteattr(_NOT_XML.sub("", s.title))} sheetId="{i}" r:id="rId{i}"/>'
                     for i, s in enumerate(sheets, start=1))
    names = []
    for i, s in enumerate(sheets):
        width = max((len(row) for row in s.rows), default=0)
        if s.autofilter and len(s.rows) > 1 and width:
            title = s.title.replace("'", "''")
            names.append(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
                         f"{escape(_quoted(title))}!$A$1:${get_column_letter(width)}${len(s.rows)}</definedName>")
    defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{_MAIN}" xmlns:r="{_R}">'
            f'<bookViews><workbookView/></bookViews><sheets>{listed}</sheets>{defined}</workbook>')


def _quoted(title: str) -> str:
    """A sheet title as a reference writes it: quoted (quotes doubled by the caller)."""
    return f"'{title}'"


@lru_cache(maxsize=1)
def _theme() -> str:
    """Office's default theme (as openpyxl writes it): the colours and fonts Excel expects a workbook to have."""
    from pipeline.resources import packaged

    return packaged("xlsx-tema.xml").read_text(encoding="utf-8")
