"""A cheap scan of the worksheet XML before openpyxl loads it: formula cells and merged-cell counts.

openpyxl with ``data_only=True`` gives only cached values, so the formulas are taken
from the XML here (shared formulas translated to each cell). Merged ranges are
counted because openpyxl creates an object for every cell they cover.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from io import BytesIO

from lxml import etree

from pipeline.common.cells import coordinate, parse_cell, parse_range
from pipeline.read.zipcheck import MAX_MERGED_CELLS, FileRejected, decode_xml_head, too_large

WORKBOOK_PART = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
FORMULA_HINT = re.compile(rb"<(\w+:)?f[ >/]")
MERGE_REF = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?ref=[\"']([^\"']+)[\"']")

_WORKSHEET_REL = "/worksheet"
#: No DTD, entities or network (the prologs were checked for DTDs before this runs, see :mod:`pipeline.read.zipcheck`).
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)

#: (sheet name, coordinate) -> formula text with a leading "=".
Formulas = dict[tuple[str, str], str]


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def worksheet_parts(zf: zipfile.ZipFile, parts: dict[str, bytes] | None = None) -> dict[str, str]:
    """Worksheet part path -> sheet name, from ``xl/workbook.xml`` and its relationships.
    ``parts``: parts already unpacked (name -> bytes)."""
    unpacked = parts or {}
    workbook = etree.fromstring(unpacked.get(WORKBOOK_PART) or zf.read(WORKBOOK_PART), _PARSER)
    try:
        rels = etree.fromstring(unpacked.get(WORKBOOK_RELS) or zf.read(WORKBOOK_RELS), _PARSER)
    except KeyError:
        return {}
    targets = {}
    for rel in rels:
        if _local(rel.tag) == "Relationship" and rel.get("Type", "").endswith(_WORKSHEET_REL) \
                and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            targets[rel.get("Id")] = path
    found = {}
    for el in workbook.iter("{*}sheet"):  # in any namespace or none
        rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), None)
        if rid in targets and el.get("name") is not None:
            found[targets[rid]] = el.get("name")
    return found


def scan_sheets(zf: zipfile.ZipFile, file: str, parts: dict[str, bytes] | None = None) -> Formulas:
    """Formula cells of every worksheet; raises :class:`FileRejected` for merged ranges openpyxl would expand.

    ``parts``: parts already unpacked (name -> bytes); the worksheets read here are added to it.
    """
    formulas: Formulas = {}
    merged = 0
    names = set(zf.namelist())
    parts = {} if parts is None else parts
    for part, sheet in worksheet_parts(zf, parts).items():
        if part not in names:
            continue
        data = parts.get(part)
        if data is None:
            data = parts[part] = zf.read(part)
        text = _as_utf8(data)
        for ref in MERGE_REF.findall(text) if b"mergeCell" in text else ():
            merged += merged_area(ref.decode("ascii", "replace"))
        if merged > MAX_MERGED_CELLS:
            raise FileRejected(too_large(file, f"sammenslåtte celler dekker over {MAX_MERGED_CELLS:,} celler".replace(",", " "),
                                         f"{MAX_MERGED_CELLS:,} celler".replace(",", " ")))
        if _may_have_formula(text) and FORMULA_HINT.search(text):
            formulas.update(sheet_formulas(data, sheet))
    return formulas


def _may_have_formula(text: bytes) -> bool:
    """False when :data:`FORMULA_HINT` cannot match: it needs ``<f`` or ``:f`` (two substring searches are quicker
    than trying the pattern at every ``<``)."""
    return b"<f" in text or b":f" in text


def _as_utf8(data: bytes) -> bytes:
    """A UTF-16/32 part re-encoded as UTF-8 for the byte-level regexes; other parts unchanged."""
    wide = data[:1] in (b"\x00", b"\xff", b"\xfe") or data[1:2] == b"\x00"
    decoded = decode_xml_head(data) if wide else None
    return decoded.encode("utf-8") if decoded is not None else data


def merged_area(ref: str) -> int:
    """Cells a merged range such as ``A1:C3`` covers; 0 for a reference that is not a range."""
    bounds = parse_range(ref.strip())
    if bounds is None:
        return 0
    c1, r1, c2, r2 = bounds
    return (abs(c2 - c1) + 1) * (abs(r2 - r1) + 1)


def sheet_formulas(data: bytes, sheet: str) -> Formulas:
    """Every formula cell of one worksheet part (parsed without DTDs, entities or network)."""
    found: Formulas = {}
    shared: dict[str, tuple[str, str]] = {}  # si -> (master formula, master coordinate)
    row, col, coord = 0, 0, ""
    events = etree.iterparse(BytesIO(data), events=("start", "end"), resolve_entities=False,
                             no_network=True, load_dtd=False, huge_tree=False)
    for event, el in events:
        tag = _local(el.tag)
        if event == "start":
            if tag == "row":
                r = el.get("r")
                row, col = (int(r) if r and r.isdigit() else row + 1), 0
            elif tag == "c":
                position = parse_cell(el.get("r") or "")
                if position is None:
                    col += 1
                else:
                    row, col = position
                coord = coordinate(row, max(col, 1))
            continue
        if tag == "f":
            text = (el.text or "").strip()
            si = el.get("si")
            if el.get("t") == "shared" and si is not None:
                if text:
                    shared[si] = (text, coord)
                elif si in shared:
                    master, origin = shared[si]
                    from openpyxl.formula.translate import Translator  # shared formulas only

                    try:
                        text = Translator("=" + master, origin=origin).translate_formula(coord)[1:]
                    except Exception:  # an untranslatable formula is still reported, untranslated
                        text = master
            found[(sheet, coord)] = "=" + text if text else "=(formel)"
        elif tag == "row":
            el.clear()
    return found
