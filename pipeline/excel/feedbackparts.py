"""The parts a feedback copy adds to a workbook: fills, cell notes (comments) and the feedback sheet.

Each function edits a :class:`~pipeline.excel.xlsxpatch.Package` and touches nothing else.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from lxml import etree

from pipeline.excel.styles import text_lines

from pipeline.excel.xlsxpatch import (
    COMMENTS_TYPE,
    CT,
    MAIN,
    REL,
    SHEET_TYPE,
    VML_TYPE,
    Package,
    cell_element,
    insert_legacy_drawing,
    q,
    resolve,
    split_coordinate,
    text,
)

#: Who wrote the notes (Excel shows it above each note).
AUTHOR = "Sekretariatet"
STYLES = "xl/styles.xml"


class Styles:
    """``styles.xml``: fills and fonts added at the end, cell formats cloned with another fill."""

    def __init__(self, pkg: Package) -> None:
        self.pkg = pkg
        self.root = pkg.xml(self._part())
        self._clones: dict[tuple[int, int], int] = {}

    def _part(self) -> str:
        for rel in self.pkg.read(self.pkg.rels_name(self.pkg.workbook)):
            if rel.get("Type", "").endswith("/styles"):
                return resolve(self.pkg.workbook, rel.get("Target", ""))
        return STYLES

    def _list(self, tag: str) -> etree._Element:
        found = self.root.find(q(tag))
        if found is None:  # a styles part without the list: create it where the schema wants it
            found = etree.Element(q(tag), count="0")
            order = ["numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs"]
            earlier = [e for e in (self.root.find(q(t)) for t in order[:order.index(tag)]) if e is not None]
            (earlier[-1].addnext(found) if earlier else self.root.insert(0, found))
        return found

    def _add(self, tag: str, element: etree._Element) -> int:
        items = self._list(tag)
        items.append(element)
        items.set("count", str(len(items)))
        return len(items) - 1

    def fill(self, rgb: str) -> int:
        fill = etree.fromstring(f'<fill xmlns="{MAIN}"><patternFill patternType="solid"><fgColor rgb="FF{rgb}"/>'
                                f'<bgColor indexed="64"/></patternFill></fill>')
        return self._add("fills", fill)

    def font(self, *, bold: bool = False, size: int = 11, link: bool = False) -> int:
        parts = ("<b/>" if bold else "") + ("<u/>" if link else "") + f'<sz val="{size}"/>'
        parts += '<color rgb="FF0563C1"/>' if link else ""
        return self._add("fonts", etree.fromstring(f'<font xmlns="{MAIN}">{parts}<name val="Calibri"/></font>'))

    def format(self, *, font: int = 0, fill: int = 0, wrap: bool = True) -> int:
        """A new cell format for the feedback sheet."""
        wrapped = ' wrapText="1"' if wrap else ""
        xf = etree.fromstring(f'<xf xmlns="{MAIN}" numFmtId="49" fontId="{font}" fillId="{fill}" borderId="0" '
                              f'xfId="0" applyFont="1" applyFill="1" applyNumberFormat="1" applyAlignment="1">'
                              f'<alignment vertical="top"{wrapped}/></xf>')
        return self._add("cellXfs", xf)

    def with_fill(self, index: int, fill: int) -> int:
        """The cell format ``index`` with another fill: number format, font, border, alignment and
        protection (locked or not) stay as they were."""
        key = (index, fill)
        if key not in self._clones:
            formats = self._list("cellXfs")
            base = formats[index] if 0 <= index < len(formats) else etree.Element(q("xf"), numFmtId="0", fontId="0",
                                                                                   fillId="0", borderId="0", xfId="0")
            clone = copy.deepcopy(base)
            clone.set("fillId", str(fill))
            clone.set("applyFill", "1")
            self._clones[key] = self._add("cellXfs", clone)
        return self._clones[key]


def mark_cells(sheet: etree._Element, fills: dict[str, int], styles: Styles) -> None:
    """Give each cell (coordinate -> fill id) its fill, keeping the rest of its format."""
    for coord, fill in fills.items():
        cell = cell_element(sheet, coord)
        cell.set("s", str(styles.with_fill(int(cell.get("s", "0")), fill)))


# --- notes ---------------------------------------------------------------------------------------

def _comments_xml(notes: dict[str, str]) -> bytes:
    items = "".join(f'<comment ref="{coord}" authorId="0"><text><r><rPr><sz val="9"/><rFont val="Calibri"/></rPr>'
                    f'<t xml:space="preserve">{text(note)}</t></r></text></comment>' for coord, note in notes.items())
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="{MAIN}"><authors>'
            f'<author>{AUTHOR}</author></authors><commentList>{items}</commentList></comments>').encode("utf-8")


def _vml(notes: dict[str, str], block: int) -> bytes:
    """The legacy drawing Excel needs to show notes: one hidden box per note, beside its cell."""
    shapes = []
    for n, (coord, note) in enumerate(notes.items(), start=1):
        row, col = split_coordinate(coord)
        lines = sum(max(1, len(line) // 45 + 1) for line in note.split("\n"))
        anchor = f"{col}, 15, {max(row - 2, 0)}, 2, {col + 4}, 15, {max(row - 2, 0) + min(lines, 14) + 1}, 4"
        shapes.append(
            f'<v:shape id="_x0000_s{block * 1024 + n}" type="#_x0000_t202" style="position:absolute;'
            f'margin-left:80pt;margin-top:2pt;width:260pt;height:{min(lines, 14) * 12 + 14}pt;z-index:{n};'
            f'visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/>'
            f'<v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>'
            f'<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>'
            f'<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>{anchor}</x:Anchor>'
            f'<x:AutoFill>False</x:AutoFill><x:Row>{row - 1}</x:Row><x:Column>{col - 1}</x:Column></x:ClientData>'
            f'</v:shape>')
    return ('<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:x="urn:schemas-microsoft-com:office:excel">'
            f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{block}"/></o:shapelayout>'
            '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
            '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
            + "".join(shapes) + "</xml>").encode("utf-8")


def add_notes(pkg: Package, part: str, sheet: etree._Element, notes: dict[str, str], block: int) -> bool:
    """Notes on a worksheet that has none yet; False (nothing done) when it already has notes or drawings
    of its own, which are left exactly as they are."""
    if not notes:
        return True
    if sheet.find(q("legacyDrawing")) is not None or pkg.related(part, "comments"):
        return False
    comments = pkg.new_name("xl/comments/feedback{}.xml")
    vml = pkg.new_name("xl/drawings/feedbackDrawing{}.vml")
    pkg.put(comments, _comments_xml(notes), COMMENTS_TYPE)
    pkg.put(vml, _vml(notes, block))
    types = pkg.xml("[Content_Types].xml")
    if not any(d.get("Extension") == "vml" for d in types.iter(q("Default", CT))):
        types.insert(0, etree.Element(q("Default", CT), Extension="vml", ContentType=VML_TYPE))
    pkg.relate(part, comments, "comments")
    insert_legacy_drawing(sheet, pkg.relate(part, vml, "vml"))
    return True


# --- the feedback sheet --------------------------------------------------------------------------

@dataclass(frozen=True)
class FeedbackCell:
    """One cell of the feedback sheet: its text, format and optional link target (``'Ark'!C7``)."""

    value: str | int
    style: int = 0
    link: str = ""


def _row_height(row: list[FeedbackCell | None], widths: list[float], merged: bool) -> float:
    """A height that shows the row's wrapped texts (neither Excel nor Calc fits rows when opening a file)."""
    texts = [(str(c.value), sum(widths) if merged else widths[i]) for i, c in enumerate(row) if c is not None]
    return max(15.0, 15.0 * max([text_lines(t, w) for t, w in texts] or [1]) + 3)


def sheet_xml(rows: list[list[FeedbackCell | None]], widths: list[float], freeze: int) -> etree._Element:
    """A worksheet with inline strings (the shared strings are left alone), links, and rows frozen above
    ``freeze``; a row of one cell above ``freeze`` spans all columns. Printed one page wide, landscape."""
    out, links, merges = [], [], []
    last = chr(64 + len(widths))
    for r, row in enumerate(rows, start=1):
        cells = []
        merged = r < freeze and len(row) == 1
        if merged:
            merges.append(f'<mergeCell ref="A{r}:{last}{r}"/>')
        for c, cell in enumerate(row):
            if cell is None or cell.value == "":
                continue
            ref = f"{chr(65 + c)}{r}"
            if isinstance(cell.value, int):
                cells.append(f'<c r="{ref}" s="{cell.style}"><v>{cell.value}</v></c>')
            else:
                cells.append(f'<c r="{ref}" s="{cell.style}" t="inlineStr"><is><t xml:space="preserve">'
                             f'{text(cell.value)}</t></is></c>')
            if cell.link:
                links.append(f'<hyperlink ref="{ref}" location="{text(cell.link)}" display="{text(str(cell.value))}"/>')
        height = _row_height(row, widths, merged) if row else 15.0
        out.append(f'<row r="{r}" ht="{height:g}" customHeight="1">{"".join(cells)}</row>')
    cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, start=1))
    pane = (f'<pane ySplit="{freeze - 1}" topLeftCell="A{freeze}" activePane="bottomLeft" state="frozen"/>'
            if freeze > 1 else "")
    xml = (f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
           f'<sheetViews><sheetView tabSelected="1" workbookViewId="0">{pane}</sheetView></sheetViews>'
           f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>{"".join(out)}</sheetData>'
           + (f'<mergeCells count="{len(merges)}">{"".join(merges)}</mergeCells>' if merges else "")
           + (f'<hyperlinks>{"".join(links)}</hyperlinks>' if links else "")
           + '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
           '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>')
    return etree.fromstring(xml.encode("utf-8"))


def put_first_sheet(pkg: Package, name: str, sheet: etree._Element) -> None:
    """``sheet`` as the workbook's first, active sheet named ``name``; an old sheet of that name is replaced, shown
    and moved first (the actor may have hidden or moved it, and saved with another sheet open)."""
    workbook = pkg.xml(pkg.workbook)
    parts = pkg.sheet_parts()
    for other, part in parts.items():
        if part in pkg.parts and other != name and b"tabSelected" in pkg.parts[part]:
            for view in pkg.xml(part).iter(q("sheetView")):
                view.attrib.pop("tabSelected", None)  # one selected tab: no grouped sheets
    sheets = workbook.find(q("sheets"))
    if name in parts:
        part = parts[name]
        pkg.parts.pop(pkg.rels_name(part), None)
        pkg.put(part, sheet)
        element = next(s for s in sheets.iter(q("sheet")) if s.get("name") == name)
        element.attrib.pop("state", None)
    else:
        part = pkg.new_name("xl/worksheets/feedback{}.xml")
        pkg.put(part, sheet, SHEET_TYPE)
        rid = pkg.relate(pkg.workbook, part, "sheet")
        ids = [int(s.get("sheetId", "0")) for s in sheets]
        element = etree.SubElement(sheets, q("sheet"), name=name, sheetId=str(max(ids, default=0) + 1),
                                   nsmap={"r": REL})
        element.set(q("id", REL), rid)
    was = sheets.findall(q("sheet")).index(element)
    sheets.insert(0, element)
    for defined in workbook.iter(q("definedName")):  # sheet-scoped names count sheets from 0
        if defined.get("localSheetId", "").isdigit():
            at = int(defined.get("localSheetId"))
            defined.set("localSheetId", str(0 if at == was else at + 1 if at < was else at))
    for view in workbook.iter(q("workbookView")):
        view.set("activeTab", "0")
        view.set("firstSheet", "0")
