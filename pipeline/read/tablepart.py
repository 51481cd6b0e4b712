"""A table part as openpyxl's ``Table.from_tree`` reads it, for the plain parts Excel, LibreOffice and openpyxl
write; anything else (another attribute or child, a comment, an escaped name …) returns ``None`` and the
caller uses openpyxl's class, so that the rules stay openpyxl's.

The reading passes ask a table for ``name``, ``displayName``, ``ref``, ``headerRowCount``, ``totalsRowCount``
and the names of its ``tableColumns`` (:mod:`pipeline.read.tables`); openpyxl builds some thirty validated
descriptors per table and column, which was about a tenth of the time to read a workbook.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lxml import etree

from pipeline.read.xlsxparts import MAIN, parse_xml

_TABLE, _FILTER, _COLUMNS, _COLUMN, _STYLE = (f"{MAIN}{t}" for t in
                                              ("table", "autoFilter", "tableColumns", "tableColumn", "tableStyleInfo"))
_TABLE_ATTRS = frozenset({"id", "name", "displayName", "ref", "headerRowCount", "totalsRowCount", "totalsRowShown"})
_STYLE_ATTRS = frozenset({"name", "showFirstColumn", "showLastColumn", "showRowStripes", "showColumnStripes"})
_INTEGERS = ("id", "headerRowCount", "totalsRowCount")
#: A range openpyxl's ``CellRange`` descriptor takes as it is (it upper-cases and allows ``$``; those go to openpyxl).
_PLAIN_RANGE = re.compile(r"[A-Z]{1,3}[1-9][0-9]{0,6}:[A-Z]{1,3}[1-9][0-9]{0,6}")


@dataclass(frozen=True)
class Column:
    name: str


@dataclass(frozen=True)
class PlainTable:
    """What the reading passes use of openpyxl's ``Table``, with the same values."""

    name: str
    displayName: str  # noqa: N815 - openpyxl's attribute name
    ref: str
    headerRowCount: int | None  # noqa: N815
    totalsRowCount: int | None  # noqa: N815
    tableColumns: tuple[Column, ...]  # noqa: N815


def _plain_attrs(el: Any, allowed: frozenset[str]) -> dict[str, str] | None:
    """The attributes without a namespace (openpyxl drops those), or ``None`` when one is not in ``allowed``."""
    attrs = {k: v for k, v in el.attrib.items() if not k.startswith("{")}
    return attrs if attrs.keys() <= allowed else None


def _is_int(text: str | None) -> bool:
    return text is None or (text.isascii() and text.isdigit())


def _leaf(el: Any) -> bool:
    return len(el) == 0


def read_plain_table(data: bytes) -> PlainTable | None:
    """The table in ``data`` when it is a plain part (see the module docstring), else ``None``."""
    if b"<!" in data:
        return None  # DOCTYPE, comments, CDATA: openpyxl's parser decides
    try:
        root = parse_xml(data)
    except etree.XMLSyntaxError:
        return None  # openpyxl's parser gives the error
    attrs = _plain_attrs(root, _TABLE_ATTRS) if root.tag == _TABLE else None
    if attrs is None or "id" not in attrs or "ref" not in attrs or not attrs.get("displayName"):
        return None
    if " " in attrs["displayName"] or not all(_is_int(attrs.get(k)) for k in _INTEGERS):
        return None
    if not _PLAIN_RANGE.fullmatch(attrs["ref"]):
        return None
    columns: tuple[Column, ...] | None = ()
    seen: set[str] = set()
    for child in root:
        if child.tag in seen:
            return None
        seen.add(child.tag)
        if child.tag == _FILTER:
            ok = _leaf(child) and (f := _plain_attrs(child, frozenset({"ref"}))) is not None \
                and ("ref" not in f or _PLAIN_RANGE.fullmatch(f["ref"]) is not None)
        elif child.tag == _STYLE:
            ok = _leaf(child) and _plain_attrs(child, _STYLE_ATTRS) is not None
        elif child.tag == _COLUMNS:
            columns = _columns(child)
            ok = columns is not None
        else:
            ok = False
        if not ok:
            return None
    header, totals = attrs.get("headerRowCount"), attrs.get("totalsRowCount")
    return PlainTable(attrs.get("name", attrs["displayName"]), attrs["displayName"], attrs["ref"],
                      1 if header is None else int(header), None if totals is None else int(totals), columns or ())


def _columns(el: Any) -> tuple[Column, ...] | None:
    attrs = _plain_attrs(el, frozenset({"count"}))
    if attrs is None or not _is_int(attrs.get("count")):
        return None
    out = []
    for col in el:
        found = _plain_attrs(col, frozenset({"id", "name"})) if col.tag == _COLUMN and _leaf(col) else None
        if found is None or "id" not in found or not _is_int(found["id"]) or "_x" in found.get("name", "_x"):
            return None  # openpyxl unescapes _xHHHH_ in column names
        out.append(Column(found["name"]))
    return tuple(out)
