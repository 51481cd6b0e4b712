"""Read one submitted workbook into a :class:`~pipeline.read.rawbook.RawWorkbook`.

The file is read once (:func:`pipeline.read.safety.check_file`), checked, and indexed
straight from its package parts (:mod:`pipeline.read.direct`); a file that reader does not
handle the way openpyxl does is loaded with openpyxl from memory instead
(:mod:`pipeline.read.load`), and ``RawWorkbook.read_with`` says which. Values are located by the
contract's defined names (:mod:`~pipeline.read.names`) and table names
(:mod:`~pipeline.read.tables`), never by position, over an immutable index of the
sheets (:mod:`~pipeline.read.sheetindex`); whatever else was typed is reported
(:mod:`~pipeline.read.outside`). Every problem becomes an
:class:`~pipeline.contract.issues.Issue`. Nothing here writes to the file, evaluates
formulas or raises for bad input.
"""

from __future__ import annotations

from pathlib import Path
from pipeline.contract.issues import Code
from pipeline.read import safety
from pipeline.read.direct import index_package
from pipeline.read.formulascan import Formulas
from pipeline.read.malformname import declared_malform
from pipeline.read.names import locate_named_cells
from pipeline.read.outside import cells_outside_form, form_cells, merges_hiding_contract_cells, rows_below_tables
from pipeline.read.rawbook import RawWorkbook
from pipeline.read.sheetindex import WorkbookIndex, index_workbook
from pipeline.read.stray import stray_issue
from pipeline.read.tables import locate_tables


def read_workbook(path: Path, *, display_name: str | None = None) -> RawWorkbook:
    """Read ``path``; problems go to ``RawWorkbook.issues``, never raised."""
    name = display_name or Path(path).name
    book = RawWorkbook(file=name)
    report = safety.check_file(Path(path), file=name)
    book.issues.extend(report.issues)
    if not report.ok or report.data is None:
        book.readable = False
        return book
    try:
        index = index_package(report.data, report.formulas, name, report.parts)
    except Exception:  # noqa: BLE001 - whatever the direct reader does not handle, openpyxl reads
        return _read_with_openpyxl(report.data, report.formulas, book)
    finally:
        report.parts = {}  # the unpacked parts are not needed any more
    return _read_index(index, book)


def _read_with_openpyxl(data: bytes, formulas: Formulas, book: RawWorkbook) -> RawWorkbook:
    from pipeline.read.load import load_failure_detail, load_workbook_bytes  # openpyxl: imported only when needed

    book.read_with = "openpyxl"
    try:
        wb = load_workbook_bytes(data)
    except Exception as exc:  # any openpyxl/zip/XML failure is a damaged file
        book.issues.append(Code.CORRUPT.issue(file=book.file, detail=load_failure_detail(exc)))
        book.readable = False
        return book
    try:
        return _read_index(index_workbook(wb, formulas, book.file), book)
    except Exception as exc:  # the index of an odd file: a batch of 1,000 files must not stop on it
        return _unexpected(book, exc)
    finally:
        wb.close()


def _unexpected(book: RawWorkbook, exc: Exception) -> RawWorkbook:
    book.issues.append(Code.CORRUPT.issue(file=book.file, detail=f"uventet innhold: {type(exc).__name__}"))
    book.readable = False
    return book


def _read_index(index: WorkbookIndex, book: RawWorkbook) -> RawWorkbook:
    try:
        _read_contents(index, book)
    except Exception as exc:  # last resort: a batch of 1,000 files must not stop on one odd file
        return _unexpected(book, exc)
    return book


def _read_contents(index: WorkbookIndex, book: RawWorkbook) -> None:
    """Run the passes over the index; each pass's results go into ``book`` as soon as it is done."""
    book.date1904 = index.date1904
    named = locate_named_cells(index)
    tables = locate_tables(index)
    stray = stray_issue(index, named, tables)
    if stray is not None:
        book.issues[:] = [stray]  # one note instead of a finding for every name and table
        book.readable = False
        return
    book.fields.update(named.fields)
    book.template_version = named.template_version
    book.issues.extend(named.issues)
    book.malform, malform_issues = declared_malform(index)
    book.issues.extend(malform_issues)
    book.tables.update(tables.tables)
    book.issues.extend(tables.issues)
    form = form_cells(named, tables)
    below_issues, typed_below = rows_below_tables(index, form)
    book.issues.extend(below_issues)
    book.issues.extend(merges_hiding_contract_cells(index, form))
    book.issues.extend(cells_outside_form(index, form, typed_below))
