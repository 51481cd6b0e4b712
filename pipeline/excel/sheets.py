"""The data sheets of the template: the Tiltak form, the table sheets, Nytte and the hidden list sheet.

Each takes the written standard (``malform``): the nynorsk template has the same names, tables and
cells with the texts, sheet names and list values of :mod:`pipeline.contract.positions`, the field
catalogue and the settings' ``[nynorsk]`` forms.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Protection
from openpyxl.utils import absolute_coordinate, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.common.malform import MALFORM_NAME, Malform
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


def _title(ws: Worksheet, sheet: str, malform: Malform) -> None:
    texts = positions.TEXTS[malform]
    ws["A1"] = texts.titles[sheet]
    ws["A1"].font = TITLE_FONT
    ws.cell(positions.INTRO_ROW, 1, texts.intros[sheet]).font = HELP_FONT


def _width(ws: Worksheet, col: int, width: float) -> None:
    ws.column_dimensions[positions.column_letter(col)].width = width


# ---------------------------------------------------------------- single fields
def _write_form(wb: Workbook, ws: Worksheet, block: FormBlock, malform: Malform) -> None:
    """Captions, then one row per field: label | input | help, with validation and defined name."""
    for col, caption in zip((block.label_col, block.input_col, block.help_col), positions.TEXTS[malform].captions):
        cell = ws.cell(block.header_row, col, caption)
        cell.font, cell.fill = LABEL_FONT, CAPTION_FILL
    for spec in block.fields:
        row = block.row_of(spec.key)
        label_text, help_text = positions.field_label(spec, malform), spec.meta.help_in(malform)
        label = ws.cell(row, block.label_col, label_text)
        label.font, label.alignment = LABEL_FONT, TOP_WRAP
        if help_text:
            helptext = ws.cell(row, block.help_col, help_text)
            helptext.font, helptext.alignment = HELP_FONT, TOP_WRAP
        cell = ws.cell(row, block.input_col)
        style_input(cell, spec)
        cell.fill, cell.border = INPUT_FILL, INPUT_BORDER
        if block.input_span > 1:
            last = block.input_col + block.input_span - 1
            ws.merge_cells(start_row=row, start_column=block.input_col, end_row=row, end_column=last)
        fit_row(ws, row, [(label_text, LABEL_WIDTH), (help_text, HELP_WIDTH)],
                LONGTEXT_ROW_HEIGHT if kind_of(spec.kind).multiline else 15)
        add_validation(ws, spec, cell.coordinate, malform)
        if spec.meta.required:
            mark_if_empty(ws, cell.coordinate)
        assert spec.meta.name
        define(wb, spec.meta.name, ws.title, cell.coordinate)


def _write_version(wb: Workbook, ws: Worksheet, settings: FormSettings, malform: Malform) -> None:
    """The locked template version below the Tiltak fields, named ``Mal_Versjon``, and the written
    standard as the literal defined name ``Mal_Malform``."""
    row, block = positions.VERSION_ROW, positions.TILTAK_FORM
    texts = positions.TEXTS[malform]
    ws.cell(row, block.label_col, texts.version_label).font = LABEL_FONT
    cell = ws.cell(row, block.input_col, str(settings.mal_versjon))
    cell.number_format, cell.fill = TEXT_FORMAT, LOCKED_FILL
    ws.cell(row, block.help_col, texts.version_help).font = HELP_FONT
    define(wb, TEMPLATE_VERSION_NAME, ws.title, positions.VERSION_CELL[1])
    wb.defined_names[MALFORM_NAME] = DefinedName(MALFORM_NAME, attr_text=f'"{malform.value}"')


# ---------------------------------------------------------------- tables
def table_rows(anchor: TableAnchor, settings: FormSettings) -> int:
    """How many data rows the template gives a table."""
    return anchor.rows if anchor.rows is not None else len(settings.vocabulary("nytteforutsetning"))


def _write_table(ws: Worksheet, anchor: TableAnchor, settings: FormSettings, malform: Malform) -> None:
    """Title (below a form), header row, styled and validated data rows, and the Excel table."""
    section = SECTIONS_BY_KEY[anchor.section_key]
    rows = table_rows(anchor, settings)
    first, last = anchor.first_data_row, anchor.first_data_row + rows - 1
    headers = section.headers_in(malform)
    if anchor.title_row != 1:
        ws.cell(anchor.title_row, anchor.first_col, section.title_in(malform)).font = HEADING_FONT
        ws.cell(anchor.title_row + 1, anchor.first_col, positions.TEXTS[malform].table_intros[section.key]).font = HELP_FONT
    for offset, (spec, header) in enumerate(zip(section.columns, headers)):
        col = anchor.first_col + offset
        head = ws.cell(anchor.header_row, col, header)
        head.alignment = Alignment(vertical="top", wrap_text=True)
        for row in range(first, last + 1):
            style_input(ws.cell(row, col), spec)
        add_validation(ws, spec, f"{coordinate(col, first)}:{coordinate(col, last)}", malform)
    fit_row(ws, anchor.header_row, [(h, c.meta.width) for h, c in zip(headers, section.columns)])
    mark_rows_without_name(ws, anchor, first, last)
    if anchor.rows is None:  # the fixed first column of Nytteforutsetninger: locked text
        for row, text in zip(range(first, last + 1), settings.vocabulary_in("nytteforutsetning", malform)):
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
def tiltak_sheet(wb: Workbook, settings: FormSettings, malform: Malform = Malform.BOKMAL) -> None:
    """The Tiltak sheet: the header fields and the template version."""
    ws = wb.create_sheet(positions.sheet_title(HEADER_SHEET, malform))
    _title(ws, HEADER_SHEET, malform)
    block = positions.TILTAK_FORM
    _write_form(wb, ws, block, malform)
    _write_version(wb, ws, settings, malform)
    _width(ws, block.label_col, LABEL_WIDTH)
    _width(ws, block.input_col, max(f.meta.width for f in block.fields))
    _width(ws, block.help_col, HELP_WIDTH)
    ws.freeze_panes = coordinate(1, block.header_row + 1)
    protect(ws)


def table_sheet(wb: Workbook, anchor: TableAnchor, settings: FormSettings, malform: Malform = Malform.BOKMAL) -> None:
    """A sheet holding one table only (Leveranser, Avhengigheter, …)."""
    ws = wb.create_sheet(positions.sheet_title(anchor.sheet, malform))
    _title(ws, anchor.sheet, malform)
    _write_table(ws, anchor, settings, malform)
    _table_widths(ws, anchor)
    ws.freeze_panes = coordinate(1, anchor.first_data_row)
    protect(ws)


def nytte_sheet(wb: Workbook, settings: FormSettings, malform: Malform = Malform.BOKMAL) -> None:
    """The Nytte sheet: the Nytte fields with the Nytteforutsetninger table below."""
    ws = wb.create_sheet(positions.sheet_title(NYTTE_SHEET, malform))
    _title(ws, NYTTE_SHEET, malform)
    block, anchor = positions.NYTTE_FORM, positions.TABLES_BY_SECTION["nytteforutsetninger"]
    _write_form(wb, ws, block, malform)
    _write_table(ws, anchor, settings, malform)
    _table_widths(ws, anchor)
    label_col = ws.column_dimensions[positions.column_letter(block.label_col)]  # shared with the table's first column
    label_col.width = max(LABEL_WIDTH, label_col.width or 0)
    _width(ws, block.help_col, HELP_WIDTH)
    ws.freeze_panes = coordinate(1, block.header_row + 1)
    protect(ws)


def list_sheet(wb: Workbook, settings: FormSettings, malform: Malform = Malform.BOKMAL) -> None:
    """The hidden sheet with one column per vocabulary, each named ``Liste_<key>`` for the dropdowns;
    the values in ``malform`` (their ``[nynorsk]`` forms in a nynorsk template)."""
    ws = wb.create_sheet(positions.LIST_SHEET)
    for col, key in enumerate(settings.vokabular, start=1):
        values = settings.vocabulary_in(key, malform)
        ws.cell(1, col, key).font = LABEL_FONT
        for row, value in enumerate(values, start=2):
            ws.cell(row, col, value).number_format = TEXT_FORMAT
        letter = positions.column_letter(col)
        define(wb, positions.list_name(key), positions.LIST_SHEET, f"{letter}2:{letter}{max(len(values), 1) + 1}")
        ws.column_dimensions[letter].width = max([len(key), *(len(v) for v in values)]) + 2
    ws.sheet_state = "hidden"
    protect(ws)
