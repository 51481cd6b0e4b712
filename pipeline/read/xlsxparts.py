"""The package parts a direct read needs besides the worksheets: the manifest, the workbook part
(sheets, defined names, the 1904 flag), relationships, number formats and shared strings.

Every rule here is the rule openpyxl applies when it loads the same part, so that the direct
reader (:mod:`pipeline.read.direct`) gives the same values; where openpyxl does something this
module does not copy, :class:`Unsupported` is raised and the file is read with openpyxl instead.
The small parts (manifest, workbook, relationships, tables) are parsed by openpyxl's own
classes over defusedxml; the large ones (styles, shared strings) with lxml without DTDs,
entities or network access. :mod:`pipeline.read.safety` has checked every part's size and
prolog before anything here runs.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import Any

from lxml import etree
from openpyxl.packaging.manifest import Manifest
from openpyxl.packaging.relationship import get_dependents, get_rels_path
from openpyxl.packaging.workbook import WorkbookPackage
from openpyxl.reader.excel import _find_workbook_part
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE, is_date_format, is_timedelta_format
from openpyxl.xml.constants import ARC_CONTENT_TYPES, ARC_STYLE, SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import fromstring as safe_fromstring

from pipeline.read.load import unescape_ooxml

MAIN = "{%s}" % SHEET_MAIN_NS
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class Unsupported(Exception):
    """Something the direct reader does not copy from openpyxl: read this file with openpyxl."""


def parse_xml(data: bytes) -> Any:
    """An lxml element tree of a checked part (no DTD, entities or network)."""
    return etree.fromstring(data, PARSER)


@dataclass(frozen=True)
class CellStyle:
    """What a cell style index means for a value: its number format and whether numbers are dates."""

    number_format: str
    is_date: bool
    is_timedelta: bool


@dataclass(frozen=True)
class SheetEntry:
    """A sheet listed in the workbook part, with its part and relationships."""

    title: str  # as openpyxl titles it (a duplicate gets a number)
    part: str
    is_worksheet: bool


@dataclass(frozen=True)
class Package:
    """The workbook-level facts of one file."""

    sheets: tuple[SheetEntry, ...]  # every sheet openpyxl creates, in order (chart sheets too)
    defined_names: Any  # openpyxl's DefinedNameList
    date1904: bool
    styles: tuple[CellStyle, ...]
    strings: list[str]


def read_package(zf: zipfile.ZipFile) -> Package:
    """Manifest, workbook part, sheets, styles and shared strings, as openpyxl reads them."""
    names = set(zf.namelist())
    manifest = Manifest.from_tree(safe_fromstring(zf.read(ARC_CONTENT_TYPES)))
    strings_part = manifest.find(SHARED_STRINGS)
    strings = read_shared_strings(zf.read(strings_part.PartName[1:])) if strings_part is not None else []
    workbook_part = _find_workbook_part(manifest).PartName[1:]
    package = WorkbookPackage.from_tree(safe_fromstring(zf.read(workbook_part)))
    rels = None
    sheets: list[SheetEntry] = []
    for sheet in package.sheets:
        if not sheet.id:
            continue  # openpyxl drops such a sheet with a warning
        if rels is None:
            rels = get_dependents(zf, get_rels_path(workbook_part)).to_dict()
        rel = rels[sheet.id]
        if rel.target not in names:
            continue
        is_chart = "chartsheet" in rel.Type
        if not is_chart and not rel.Type.endswith("/worksheet"):
            raise Unsupported(f"arktype {rel.Type}")
        sheets.append(SheetEntry(sheet_title([s.title for s in sheets], sheet.name), rel.target, not is_chart))
    defined = package.definedNames
    return Package(tuple(sheets), defined, bool(package.properties.date1904), read_styles(zf, names), strings)


def sheet_title(existing: list[str], name: str | None) -> str:
    """The title openpyxl gives a sheet: invalid titles fail, duplicates get the next number."""
    from openpyxl.workbook.child import INVALID_TITLE_REGEX, avoid_duplicate_name

    if not name or INVALID_TITLE_REGEX.search(name):
        raise Unsupported("arknavn")
    return avoid_duplicate_name(existing, name)


def sheet_rels(zf: zipfile.ZipFile, names: set[str], part: str) -> dict[str, Any]:
    """A sheet's relationships by id (the first of equal ids, as openpyxl looks them up), targets made absolute."""
    path = get_rels_path(part)
    found: dict[str, Any] = {}
    for rel in get_dependents(zf, path) if path in names else ():
        found.setdefault(rel.Id, rel)
    return found


def read_styles(zf: zipfile.ZipFile, names: set[str]) -> tuple[CellStyle, ...]:
    """Each cell style's number format, with openpyxl's date and duration tests."""
    if ARC_STYLE not in names:
        raise Unsupported("ingen styles.xml")
    root = parse_xml(zf.read(ARC_STYLE))
    custom: dict[int, str] = {}
    for fmt in root.iterfind(f"{MAIN}numFmts/{MAIN}numFmt"):
        custom[int(fmt.get("numFmtId"))] = fmt.get("formatCode")
    xfs = root.findall(f"{MAIN}cellXfs/{MAIN}xf")
    if not xfs:
        raise Unsupported("ingen cellXfs")
    return tuple(_style(int(xf.get("numFmtId", 0)), custom) for xf in xfs)


def _style(num_fmt_id: int, custom: dict[int, str]) -> CellStyle:
    if num_fmt_id in custom:
        fmt = custom[num_fmt_id]
        if fmt is None:
            raise Unsupported("tallformat uten kode")
        shown = fmt
    elif num_fmt_id >= BUILTIN_FORMATS_MAX_SIZE or num_fmt_id < 0:
        raise Unsupported("ukjent tallformat")
    else:
        fmt = BUILTIN_FORMATS.get(num_fmt_id)
        shown = BUILTIN_FORMATS.get(num_fmt_id, "General")
    return CellStyle(shown, is_date_format(fmt), is_timedelta_format(fmt))


def _local(tag: object) -> str | None:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else None


def text_content(node: Any) -> str:
    """openpyxl's ``Text.content``: the last ``t`` child plus the ``t`` of each rich-text run (no phonetic runs)."""
    plain: str | None = None
    runs: list[str] = []
    for child in node:
        tag = _local(child.tag)
        if tag == "t":
            plain = child.text
        elif tag == "r":
            run: str | None = None
            for part in child:
                if _local(part.tag) == "t":
                    run = part.text
            if run is not None:
                runs.append(run)
    return (plain or "") + "".join(runs) if plain is not None else "".join(runs)


def read_shared_strings(data: bytes) -> list[str]:
    """The shared strings in order, with Excel's ``_xHHHH_`` escapes decoded (as :mod:`pipeline.read.load`)."""
    root = parse_xml(data)
    return [unescape_ooxml(text_content(si)) for si in root.iter(f"{MAIN}si")]
