"""Index a checked workbook straight from its package parts (zipfile + lxml), without openpyxl's objects.

Gives the same :class:`~pipeline.read.sheetindex.WorkbookIndex` as loading the file with
openpyxl and calling :func:`~pipeline.read.sheetindex.index_workbook` (a differential test
holds the two side by side). A file this reader does not handle the way openpyxl does
raises :class:`~pipeline.read.xlsxparts.Unsupported` or a parser error, and the caller
reads it with openpyxl instead (:mod:`pipeline.read.reader` counts those files).
Runs only on bytes :mod:`pipeline.read.safety` has accepted.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from typing import Any

from pipeline.read.formulascan import Formulas
from pipeline.read.sheetindex import SheetIndex, WorkbookIndex, build_index, build_sheet, formulas_by_sheet
from pipeline.read.xlsxparts import PartsPackage, Unsupported, read_package, sheet_rels
from pipeline.read.xlsxsheet import parse_sheet, read_tables

#: Global names openpyxl leaves out of ``wb.defined_names``.
_SKIPPED_GLOBAL = ("_xlnm.Print_Titles", "_xlnm.Print_Area", "_xlnm._FilterDatabase")


class _Archive(zipfile.ZipFile):
    """A zip archive that hands out the parts the safety checks have unpacked already."""

    def __init__(self, data: bytes, parts: dict[str, bytes]) -> None:
        super().__init__(BytesIO(data))
        self._unpacked = parts

    def read(self, name, pwd=None) -> bytes:  # type: ignore[override]
        found = self._unpacked.get(name) if isinstance(name, str) else None
        return found if found is not None else super().read(name, pwd)


def index_package(data: bytes, formulas: Formulas, file: str, parts: dict[str, bytes] | None = None) -> WorkbookIndex:
    """The index of the workbook in ``data``; raises for anything read differently from openpyxl.
    ``parts``: parts the safety checks unpacked already (name -> bytes)."""
    with _Archive(data, parts or {}) as zf:
        package = read_package(zf)
        if not all(entry.is_worksheet for entry in package.sheets):
            raise Unsupported("diagramark")
        global_names, scoped = split_names(package)
        names = set(zf.namelist())
        by_sheet = formulas_by_sheet(formulas)
        taken: set[str] = set()
        sheets: list[SheetIndex] = []
        for i, entry in enumerate(package.sheets):
            parsed = parse_sheet(zf.read(entry.part), package.styles, package.strings, package.date1904)
            tables = read_tables(zf, sheet_rels(zf, names, entry.part), parsed.table_ids, taken)
            sheets.append(build_sheet(entry.title, parsed.cells, by_sheet.get(entry.title, {}), parsed.merged,
                                      tables, tuple(scoped.get(i, {}).items())))
    return build_index(file, tuple(sheets), global_names.items(), package.date1904)


def split_names(package: PartsPackage) -> tuple[dict[str, Any], dict[int, dict[str, Any]]]:
    """Global names and names per sheet position, as openpyxl's ``assign_names`` binds them.

    A sheet-scoped reserved name (print area, print titles …) is not a defined name to openpyxl;
    print areas and titles it cannot parse make it fail, so they are parsed here too.
    """
    global_names: dict[str, Any] = {}
    scoped: dict[int, dict[str, Any]] = {}
    defined = package.defined_names
    count = len(package.sheets)
    for dn in defined:
        if dn.localSheetId is None:
            if dn.name not in _SKIPPED_GLOBAL:
                global_names[dn.name] = dn
            continue
        index = int(dn.localSheetId)
        if not -count <= index < count:
            continue  # openpyxl warns and drops the name
        index %= count
        reserved = dn.is_reserved
        if reserved is None:
            scoped.setdefault(index, {})[dn.name] = dn
        else:
            _check_reserved(reserved, dn.value)
    return global_names, scoped


def _check_reserved(reserved: str, value: Any) -> None:
    from openpyxl.worksheet.print_settings import PrintArea, PrintTitles

    if reserved == "Print_Titles":
        PrintTitles.from_string(value)
    elif reserved == "Print_Area":
        try:
            PrintArea.from_string(value)
        except TypeError:
            pass
