"""The data sheets of the template: the Tiltak form, the table sheets, Nytte and the hidden list sheet."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Protection
from openpyxl.utils import absolute_coordinate, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.contract.catalogue import HEADER_SHEET, NYTTE_SHEET, SECTIONS_BY_KEY, TEMPLATE_VERSION_NAME
from pipeline.contract.kinds.registry import kind_of
from pipeline.contract.settings import FormSettings
from pipeline.contract import positions
from pipeline.contract.positions import FormBlock, TableAnchor, coordinate
from pipeline.excel.styles import (
    CAPTION_FILL,
    HEADING_FONT,
    HELP_FONT,
    HELP_WIDTH,
    INPUT_BORDER,
    INPUT_FILL,
    LABEL_FONT,
    LABEL_WIDTH,
    LOCKED_FILL,
    LONGTEXT_ROW_HEIGHT,
    TABLE_STYLE,
    TEXT_FORMAT,
    TITLE_FONT,
    TOP_WRAP,
    fit_row,
    protect,
    style_input,
)
from pipeline.excel.validation import add_validation, mark_if_empty, mark_rows_without_name


def define(wb: Workbook, name: str, sheet: str, ref: str) -> None:
    """A workbook-scoped defined name pointing at ``ref`` (``B4`` or ``A2:A9``) on ``sheet``."""
    wb.defined_names[name] = DefinedName(name, attr_text=f"{quote_sheetname(sheet)}!{absolute_coordinate(ref)}")


def _title(ws: Worksheet, sheet: str) -> None:
    ws["A1"] = positions.SHEET_TITLES[sheet]
    ws["A1"].font = TITLE_FONT
    ws.cell(positions.INTRO_ROW, 1, positions.SHEET_INTROS[sheet]).font = HELP_FONT


def _width(ws: Worksheet, col: int, width: float) -> None:
    ws.column_dimensions[positions.column_letter(col)].width = width


# ---------------------------------------------------------------- single fields
def _write_form(wb: Workbook, ws: Worksheet, block: FormBlock) -> None:
    """Captions, then one row per field: label | input | help, with validation and defined name."""
    for col, caption in zip((block.label_col, block.input_col, block.help_col), positions.FORM_CAPTIONS):
        cell = ws.cell(block.header_row, col, caption)
        cell.font, cell.fill = LABEL_FONT, CAPTION_FILL
    for spec in block.fields:
        row = block.row_of(spec.key)
        label = ws.cell(row, block.label_col, positions.field_label(spec))
        label.font, label.alignment = LABEL_FONT, TOP_WRAP
        if spec.meta.help:
            helptext = ws.cell(row, block.help_col, spec.meta.help)
            helptext.font, helptext.alignment = HELP_FONT, TOP_WRAP
        cell = ws.cell(row, block.input_col)
        style_input(cell, spec)
        cell.fill, cell.border = INPUT_FILL, INPUT_BORDER
        if block.input_span > 1:
            last = block.input_col + block.input_span - 1
            ws.merge_cells(start_row=row, start_column=block.input_col, end_row=row, end_column=last)
        fit_row(ws, row, [(positions.field_label(spec), LABEL_WIDTH), (spec.meta.help, HELP_WIDTH)],
                LONGTEXT_ROW_HEIGHT if kind_of(spec.kind).multiline else 15)
        add_validation(ws, spec, cell.coordinate)
        if spec.meta.required:
            mark_if_empty(ws, cell.coordinate)
        assert spec.meta.name
        define(wb, spec.meta.name, block.sheet, cell.coordinate)


def _write_version(wb: Workbook, ws: Worksheet, settings: FormSettings) -> None:
    """The locked template version below the Tiltak fields, named ``Mal_Versjon``."""
    row, block = positions.VERSION_ROW, positions.TILTAK_FORM
    ws.cell(row, block.label_col, positions.VERSION_LABEL).font = LABEL_FONT
    cell = ws.cell(row, block.input_col, str(settings.mal_versjon))
    cell.number_format, cell.fill = TEXT_FORMAT, LOCKED_FILL
    ws.cell(row, block.help_col, positions.VERSION_HELP).font = HELP_FONT
    define(wb, TEMPLATE_VERSION_NAME, positions.VERSION_CELL[0], positions.VERSION_CELL[1])


# ---------------------------------------------------------------- tables
def table_rows(anchor: TableAnchor, settings: FormSettings) -> int:
    """How many data rows the template gives a table."""
    return anchor.rows if anchor.rows is not None else len(settings.vocabulary("nytteforutsetning"))


def _write_table(ws: Worksheet, anchor: TableAnchor, settings: FormSettings) -> None:
    """Title (below a form), header row, styled and validated data rows, and the Excel table."""
    section = SECTIONS_BY_KEY[anchor.section_key]
    rows = table_rows(anchor, settings)
    first, last = anchor.first_data_row, anchor.first_data_row + rows - 1
    if anchor.title_row != 1:
        ws.cell(anchor.title_row, anchor.first_col, section.title).font = HEADING_FONT
        ws.cell(anchor.title_row + 1, anchor.first_col, positions.TABLE_INTROS[section.key]).font = HELP_FONT
    for offset, (spec, header) in enumerate(zip(section.columns, section.headers)):
        col = anchor.first_col + offset
        head = ws.cell(anchor.header_row, col, header)
        head.alignment = Alignment(vertical="top", wrap_text=True)
        for row in range(first, last + 1):
            style_input(ws.cell(row, col), spec)
        add_validation(ws, spec, f"{coordinate(col, first)}:{coordinate(col, last)}")
    fit_row(ws, anchor.header_row, [(h, c.meta.width) for h, c in zip(section.headers, section.columns)])
    mark_rows_without_name(ws, anchor, first, last)
    if anchor.rows is None:  # the fixed first column of Nytteforutsetninger: locked text
        for row, text in zip(range(first, last + 1), settings.vocabulary("nytteforutsetning")):
            cell = ws.cell(row, anchor.first_col, text)
            cell.protection = Protection(locked=True)
            cell.alignment = TOP_WRAP
    table = Table(displayName=anchor.table, ref=anchor.ref(rows))
    table.tableStyleInfo = TableStyleInfo(name=TABLE_STYLE, showRowStripes=True, showColumnStripes=False,
                                          showFirstColumn=False, showLastColumn=False)
    ws.add_table(table)


def _table_widths(ws: Worksheet, anchor: TableAnchor) -> None:
    for offset, spec in enumerate(SECTIONS_BY_KEY[anchor.section_key].columns):
        _width(ws, anchor.first_col + offset, spec.meta.width)


# ---------------------------------------------------------------- sheets
def tiltak_sheet(wb: Workbook, settings: FormSettings) -> None:
    """The Tiltak sheet: the header fields and the template version."""
    ws = wb.create_sheet(HEADER_SHEET)
    _title(ws, HEADER_SHEET)
    block = positions.TILTAK_FORM
    _write_form(wb, ws, block)
    _write_version(wb, ws, settings)
    _width(ws, block.label_col, LABEL_WIDTH)
    _width(ws, block.input_col, max(f.meta.width for f in block.fields))
    _width(ws, block.help_col, HELP_WIDTH)
    ws.freeze_panes = coordinate(1, block.header_row + 1)
    protect(ws)


def table_sheet(wb: Workbook, anchor: TableAnchor, settings: FormSettings) -> None:
    """A sheet holding one table only (Leveranser, Avhengigheter, …)."""
    ws = wb.create_sheet(anchor.sheet)
    _title(ws, anchor.sheet)
    _write_table(ws, anchor, settings)
    _table_widths(ws, anchor)
    ws.freeze_panes = coordinate(1, anchor.first_data_row)
    protect(ws)


def nytte_sheet(wb: Workbook, settings: FormSettings) -> None:
    """The Nytte sheet: the Nytte fields with the Nytteforutsetninger table below."""
    ws = wb.create_sheet(NYTTE_SHEET)
    _title(ws, NYTTE_SHEET)
    block, anchor = positions.NYTTE_FORM, positions.TABLES_BY_SECTION["nytteforutsetninger"]
    _write_form(wb, ws, block)
    _write_table(ws, anchor, settings)
    _table_widths(ws, anchor)
    label_col = ws.column_dimensions[positions.column_letter(block.label_col)]  # shared with the table's first column
    label_col.width = max(LABEL_WIDTH, label_col.width or 0)
    _width(ws, block.help_col, HELP_WIDTH)
    ws.freeze_panes = coordinate(1, block.header_row + 1)
    protect(ws)


def list_sheet(wb: Workbook, settings: FormSettings) -> None:
    """The hidden sheet with one column per vocabulary, each named ``Liste_<key>`` for the dropdowns."""
    ws = wb.create_sheet(positions.LIST_SHEET)
    for col, (key, values) in enumerate(settings.vokabular.items(), start=1):
        ws.cell(1, col, key).font = LABEL_FONT
        for row, value in enumerate(values, start=2):
            ws.cell(row, col, value).number_format = TEXT_FORMAT
        letter = positions.column_letter(col)
        define(wb, positions.list_name(key), positions.LIST_SHEET, f"{letter}2:{letter}{max(len(values), 1) + 1}")
        ws.column_dimensions[letter].width = max([len(key), *(len(v) for v in values)]) + 2
    ws.sheet_state = "hidden"
    protect(ws)
