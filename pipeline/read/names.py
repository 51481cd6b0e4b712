"""Find the contract's single fields (and the template version) by their defined names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.common.cells import parse_range, split_sheet_reference
from pipeline.contract import catalogue
from pipeline.contract.issues import Code, Issue
from pipeline.read.rawbook import RawCell
from pipeline.read.sheetindex import WorkbookIndex

#: Defined name -> the template sheet its cell is on.
FIELD_SHEETS = {**{f.meta.name: catalogue.HEADER_SHEET for f in catalogue.HEADER_FIELDS},
                **{f.meta.name: catalogue.NYTTE_SHEET for f in catalogue.NYTTE_FIELDS}}


@dataclass(frozen=True)
class NamedPlace:
    """The cell a defined name points at."""

    sheet: str  # the sheet's actual title
    row: int
    col: int
    label: str
    template_sheet: str  # the template's name for the sheet; "" for the template version
    is_field: bool  # a field the user fills in (not the template version)


@dataclass(frozen=True)
class NamedCells:
    """What the defined names gave: field values, the template version, where they sit, and the issues."""

    fields: dict[str, RawCell]
    template_version: RawCell | None
    places: tuple[NamedPlace, ...]  # in the order the names were looked up
    issues: tuple[Issue, ...]


def locate_named_cells(index: WorkbookIndex) -> NamedCells:
    """Every single field of the catalogue, then the template version (which is optional).

    A field added in a later template version (``FieldMeta.since``) may lack its name in a
    workbook of an older version.
    """
    scoped = _sheet_scoped_names(index)
    fields: dict[str, RawCell] = {}
    places: list[NamedPlace] = []
    issues: list[Issue] = []
    version, version_place, version_issues = _template_version(index, scoped)
    for name, spec in catalogue.SINGLE_FIELDS.items():
        expected = FIELD_SHEETS.get(name, "")
        dn = find_defined_name(name, expected, index.defined_names, scoped)
        if dn is None:
            if not catalogue.added_after(spec, _text(version)):
                issues.append(index.issue(Code.NAME_MISSING, sheet=expected, field=spec.label, name=name))
            continue
        raw, place, found = _resolve(index, name, dn, spec.label, expected, is_field=True)
        issues.extend(found)
        places.extend([place] if place else [])
        if raw is not None:
            fields[name] = raw
    issues.extend(version_issues)
    places.extend([version_place] if version_place else [])
    return NamedCells(fields, version, tuple(places), tuple(issues))


def _text(cell: RawCell | None) -> str:
    return str(cell.value).strip() if cell is not None and cell.value is not None else ""


def _template_version(index: WorkbookIndex, scoped: dict) -> tuple[RawCell | None, NamedPlace | None, list[Issue]]:
    """The template version's cell (None when missing or empty), where it is, and its issues."""
    dn = find_defined_name(catalogue.TEMPLATE_VERSION_NAME, "", index.defined_names, scoped)
    if dn is None:
        return None, None, []
    raw, place, found = _resolve(index, catalogue.TEMPLATE_VERSION_NAME, dn, "Malversjon", "", is_field=False)
    return (raw if raw is not None and not raw.is_empty else None), place, found


def _sheet_scoped_names(index: WorkbookIndex) -> dict[str, list[tuple[str, Any]]]:
    """Casefolded name -> (sheet title, DefinedName) for names scoped to a sheet, in sheet order."""
    scoped: dict[str, list[tuple[str, Any]]] = {}
    for sheet in index.sheets:
        for n, dn in sheet.defined_names:
            scoped.setdefault(n.casefold(), []).append((sheet.title, dn))
    return scoped


def find_defined_name(name: str, expected: str, global_names: dict, scoped: dict) -> Any:
    """A global name first; else a sheet-scoped one, preferring the expected sheet; else None."""
    key = name.casefold()
    if key in global_names:
        return global_names[key]
    candidates = scoped.get(key, [])
    preferred = [dn for title, dn in candidates if title.casefold() == expected.casefold()]
    return (preferred or [dn for _, dn in candidates] or [None])[0]


def _resolve(index: WorkbookIndex, name: str, dn: Any, label: str, expected: str, *,
             is_field: bool) -> tuple[RawCell | None, NamedPlace | None, list[Issue]]:
    """The one cell a defined name points at; a field that points nowhere is NAME_BROKEN."""
    target = str(dn.attr_text or "").strip()
    text = target[1:] if target.startswith("=") else target
    if name == catalogue.TEMPLATE_VERSION_NAME and len(text) >= 2 and text[0] == text[-1] == '"':
        return RawCell("", "", text[1:-1].replace('""', '"')), None, []
    found = _single_cell_target(index, text)
    if found is None:
        issues = [index.issue(Code.NAME_BROKEN, sheet=expected, field=label, name=name, target=target or "tom")]
        return None, None, issues if is_field else []
    sheet, row, col = found
    raw, issues = index.read_cell(sheet, row, col, label)
    return raw, NamedPlace(sheet.title, row, col, label, expected, is_field), issues


def _single_cell_target(index: WorkbookIndex, text: str) -> tuple[Any, int, int] | None:
    """(sheet, row, column) of ``Sheet!$A$1`` (or ``A1:A1``) on a sheet of this workbook; None otherwise."""
    if "#REF!" in text.upper():
        return None
    split = split_sheet_reference(text)
    bounds = parse_range(split[1]) if split else None
    if split is None or bounds is None:
        return None
    min_col, min_row, max_col, max_row = bounds
    sheet = index.by_title.get(split[0].strip().casefold())
    if sheet is None or (min_col, min_row) != (max_col, max_row):
        return None
    return sheet, min_row, min_col
