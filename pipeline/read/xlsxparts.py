"""The package parts a direct read needs besides the worksheets: the manifest, the workbook part
(sheets, defined names, the 1904 flag), relationships, number formats and shared strings.

Every rule here is the rule openpyxl applies when it loads the same part, so that the direct
reader (:mod:`pipeline.read.direct`) gives the same values; where openpyxl does something this
module does not copy, :class:`Unsupported` is raised and the file is read with openpyxl instead.
The parts are parsed with lxml without DTDs, entities or network access (the table parts,
small and with many rules, by openpyxl's own class over defusedxml, in
:mod:`pipeline.read.xlsxsheet`). :mod:`pipeline.read.safety` has checked every part's size and
prolog before anything here runs.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass
from typing import Any

from lxml import etree

from pipeline.common.errors import EXIT_INTERNAL, PipelineError
from pipeline.common.namespaces import CT
from pipeline.read.xlsxformats import (ARC_CONTENT_TYPES, ARC_STYLE, ARC_WORKBOOK, BUILTIN_FORMATS,
                                       BUILTIN_FORMATS_MAX_SIZE, INVALID_TITLE_REGEX, REL_NS, RESERVED_REGEX,
                                       SHARED_STRINGS, SHEET_MAIN_NS, XLSM, XLSX, XLTM, XLTX, avoid_duplicate_name,
                                       get_rels_path, is_date_format, is_timedelta_format, unescape_ooxml)

MAIN = "{%s}" % SHEET_MAIN_NS
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class Unsupported(PipelineError):
    """Something the direct reader does not copy from openpyxl: read this file with openpyxl (never reaches a
    user: the reader catches it and falls back)."""

    exit_code = EXIT_INTERNAL


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
class PartsPackage:
    """The workbook-level facts of one file."""

    sheets: tuple[SheetEntry, ...]  # every sheet openpyxl creates, in order (chart sheets too)
    defined_names: list[DefinedName]
    date1904: bool
    styles: tuple[CellStyle, ...]
    strings: list[str]


def read_package(zf: zipfile.ZipFile) -> PartsPackage:
    """Manifest, workbook part, sheets, styles and shared strings, as openpyxl reads them."""
    names = set(zf.namelist())
    overrides, defaults = read_manifest(parse_xml(zf.read(ARC_CONTENT_TYPES)))
    strings_part = next((part for part, kind in overrides if kind == SHARED_STRINGS), None)
    strings = read_shared_strings(zf.read(strings_part[1:])) if strings_part is not None else []
    workbook_part = find_workbook_part(overrides, defaults)
    root = parse_xml(zf.read(workbook_part))
    if root.tag != f"{MAIN}workbook":
        raise Unsupported("ukjent rotelement i workbook.xml")
    rels: dict[str, Relationship] | None = None
    sheets: list[SheetEntry] = []
    for sheet in root.iterfind(f"{MAIN}sheets/{MAIN}sheet"):
        name, rid = sheet.get("name"), sheet.get(_R_ID)
        if name is None or sheet.get("state") not in _STATES:
            raise Unsupported("ugyldig ark i workbook.xml")
        int(sheet.get("sheetId"))  # openpyxl requires a whole number
        if not rid:
            continue  # openpyxl drops such a sheet with a warning
        if rels is None:
            rels = {r.id: r for r in read_rels(zf, names, get_rels_path(workbook_part), required=True)}
        rel = rels[rid]
        if rel.target not in names:
            continue
        is_chart = "chartsheet" in rel.type
        if not is_chart and not rel.type.endswith("/worksheet"):
            raise Unsupported(f"arktype {rel.type}")
        sheets.append(SheetEntry(sheet_title([s.title for s in sheets], name), rel.target, not is_chart))
    return PartsPackage(tuple(sheets), read_defined_names(root), _workbook_date1904(root), read_styles(zf, names), strings)


#: What openpyxl takes for a workbook part, in the order it looks (``_find_workbook_part``).
_WORKBOOK_TYPES = (XLTM, XLTX, XLSM, XLSX)
_STATES = (None, "visible", "hidden", "veryHidden")
_R_ID = "{%s}id" % REL_NS
_CT = "{" + CT + "}"


def read_manifest(root: Any) -> tuple[list[tuple[str, str]], set[str]]:
    """([Content_Types].xml) the overrides as (part name, content type) and the default content types."""
    overrides, defaults = [], set()
    for child in root:
        if child.tag == f"{_CT}Override":
            part, kind = child.get("PartName"), child.get("ContentType")
            if part is None or kind is None:
                raise Unsupported("ufullstendig Override")
            overrides.append((part, kind))
        elif child.tag == f"{_CT}Default":
            defaults.add(child.get("ContentType"))
    return overrides, defaults


def find_workbook_part(overrides: list[tuple[str, str]], defaults: set[str]) -> str:
    """The workbook part's name in the archive, as openpyxl finds it; a file without one is not a workbook."""
    for kind in _WORKBOOK_TYPES:
        for part, found in overrides:
            if found == kind:
                return part[1:]
    if defaults.intersection(_WORKBOOK_TYPES):
        return ARC_WORKBOOK
    raise Unsupported("ingen arbeidsbokdel")


@dataclass(frozen=True)
class Relationship:
    id: str | None
    type: str
    target: str  # absolute in the archive (as openpyxl's ``get_dependents`` makes it), unless external


def read_rels(zf: zipfile.ZipFile, names: set[str], path: str, *, required: bool = False) -> list[Relationship]:
    """The relationships in ``path`` in order; targets made absolute as openpyxl does."""
    if path not in names:
        if required:
            raise Unsupported("relasjoner mangler")
        return []
    parent = posixpath.split(posixpath.dirname(path))[0]
    found = []
    for rel in parse_xml(zf.read(path)):
        if not isinstance(rel.tag, str) or rel.tag.rsplit("}", 1)[-1] != "Relationship":
            continue
        kind, target, mode = rel.get("Type"), rel.get("Target"), rel.get("TargetMode")
        if kind is None or target is None:
            raise Unsupported("ufullstendig relasjon")
        if mode != "External":
            target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(parent, target))
        found.append(Relationship(rel.get("Id"), kind, target))
    return found


@dataclass(frozen=True)
class DefinedName:
    """A ``<definedName>``: what the reading passes ask of openpyxl's ``DefinedName``."""

    name: str
    attr_text: str | None
    localSheetId: int | None

    @property
    def value(self) -> str | None:
        return self.attr_text

    @property
    def is_reserved(self) -> str | None:
        m = RESERVED_REGEX.match(self.name)
        return m.group("name") if m else None


def read_defined_names(root: Any) -> list[DefinedName]:
    found = []
    for dn in root.iterfind(f"{MAIN}definedNames/{MAIN}definedName"):
        name, scope = dn.get("name"), dn.get("localSheetId")
        if name is None:
            raise Unsupported("navn uten name")
        found.append(DefinedName(name, dn.text or None, int(scope) if scope is not None else None))
    return found


def _workbook_date1904(root: Any) -> bool:
    """``workbookPr/@date1904`` read as openpyxl's ``Bool`` reads it."""
    props = root.find(f"{MAIN}workbookPr")
    value = props.get("date1904") if props is not None else None
    return value is not None and value not in ("false", "f", "0") and bool(value)


def sheet_title(existing: list[str], name: str | None) -> str:
    """The title openpyxl gives a sheet: invalid titles fail, duplicates get the next number."""
    if not name or INVALID_TITLE_REGEX.search(name):
        raise Unsupported("arknavn")
    return avoid_duplicate_name(existing, name)


def sheet_rels(zf: zipfile.ZipFile, names: set[str], part: str) -> dict[str, Relationship]:
    """A sheet's relationships by id (the first of equal ids, as openpyxl looks them up)."""
    found: dict[str, Relationship] = {}
    for rel in read_rels(zf, names, get_rels_path(part)):
        found.setdefault(rel.id, rel)
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
    plain = ""
    runs: list[str] = []
    for child in node:
        tag = _local(child.tag)
        if tag == "t":
            plain = child.text or ""
        elif tag == "r":
            run = ""
            for part in child:
                if _local(part.tag) == "t":
                    run = part.text or ""
            runs.append(run)
    return plain + "".join(runs)


def read_shared_strings(data: bytes) -> list[str]:
    """The shared strings in order, with Excel's ``_xHHHH_`` escapes decoded (as :mod:`pipeline.read.load`)."""
    root = parse_xml(data)
    return [unescape_ooxml(text_content(si)) for si in root.iter(f"{MAIN}si")]
