"""Reading the Sammendrag's charts back from a saved DOCX: the chart part's cached values, the
embedded workbook's cells, the table each chart follows and its caption."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

import openpyxl
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from tests.support.render import text_of
from tests.support.summary import grid, summary_part

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_REF = re.compile(r"^(?P<sheet>[^!]+)!\$(?P<c1>[A-Z]+)\$(?P<r1>\d+)(?::\$(?P<c2>[A-Z]+)\$(?P<r2>\d+))?$")


@dataclass
class ChartSeries:
    name: str
    values: list[str | None]  # c:v text per category; None: no point (a gap)
    colour: str | None  # srgbClr, or "accentN" for a theme colour
    name_ref: str = ""
    values_ref: str = ""


@dataclass
class Chart:
    """One chart as the reader finds it, with what stands around it."""

    caption: str
    descr: str
    extent: tuple[int, int]
    doc_pr_id: int
    partname: str
    space: etree._Element
    categories: list[str]
    series: list[ChartSeries]
    grouping: str
    workbook: openpyxl.Workbook
    tables: list[list[list[str]]] = field(default_factory=list)  # the tables since the last heading

    def cells(self, ref: str) -> list:
        """The values of the workbook cells ``ref`` (``Ark1!$B$2:$B$4``) names."""
        m = _REF.match(ref)
        sheet = self.workbook[m["sheet"]]
        last = f"{m['c2'] or m['c1']}{m['r2'] or m['r1']}"
        return [c.value for row in sheet[f"{m['c1']}{m['r1']}:{last}"] for c in row]


def charts_in(doc) -> list[Chart]:
    """The charts of the Sammendrag, in document order."""
    found, tables = [], []
    items = summary_part(doc)
    for index, (kind, style, element) in enumerate(items):
        if style.startswith("heading"):
            tables = []
        elif kind == "t":
            tables.append(grid(element))
        elif element.find(f".//{qn('w:drawing')}") is not None:
            chart = read_chart(doc, element, text_of(items[index + 1][2]))
            chart.tables = tables
            found.append(chart)
    return found


def read_chart(doc, paragraph, caption: str) -> Chart:
    inline = paragraph.find(f".//{qn('wp:inline')}")
    extent = inline.find(qn("wp:extent"))
    doc_pr = inline.find(qn("wp:docPr"))
    rel_id = inline.find(f".//{C}chart").get(R_ID)
    part = doc.part.related_parts[rel_id]
    space = etree.fromstring(part.blob)
    book_rel = space.find(f"{C}externalData").get(R_ID)
    assert part.rels[book_rel].reltype == RT.PACKAGE
    workbook = openpyxl.load_workbook(io.BytesIO(part.related_parts[book_rel].blob))
    series = [_series(s) for s in space.iter(f"{C}ser")]
    first = space.find(f".//{C}ser/{C}cat//{C}strCache")
    return Chart(caption, doc_pr.get("descr"), (int(extent.get("cx")), int(extent.get("cy"))), int(doc_pr.get("id")),
                 str(part.partname), space, _points(first), series, space.find(f".//{C}grouping").get("val"),
                 workbook)


def _series(ser) -> ChartSeries:
    fill = ser.find(f"{C}spPr/{A}solidFill")
    rgb, scheme = fill.find(f"{A}srgbClr"), fill.find(f"{A}schemeClr")
    colour = rgb.get("val") if rgb is not None else scheme.get("val")
    cache = ser.find(f"{C}val/{C}numRef/{C}numCache")
    return ChartSeries(_points(ser.find(f"{C}tx//{C}strCache"))[0], _points(cache), colour,
                       ser.find(f"{C}tx/{C}strRef/{C}f").text, ser.find(f"{C}val/{C}numRef/{C}f").text)


def _points(cache) -> list[str | None]:
    values: list[str | None] = [None] * int(cache.find(f"{C}ptCount").get("val"))
    for pt in cache.findall(f"{C}pt"):
        values[int(pt.get("idx"))] = pt.find(f"{C}v").text
    return values


def joined_columns(tables: list[list[list[str]]]) -> tuple[list[str], dict[str, dict[str, str]]]:
    """Tables split by columns (Del 1 av 2 …) joined: (column headers without label and Sum,
    row label -> column -> text)."""
    columns, values = [], {}
    for table in tables:
        header = table[0]
        for row in table[1:]:
            for name, text in zip(header[1:], row[1:]):
                if name != "Sum":
                    values.setdefault(row[0], {})[name] = text
        columns += [h for h in header[1:] if h != "Sum"]
    return columns, values
