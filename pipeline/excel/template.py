"""The Excel template generator: the field catalogue and the settings as a workbook.

:func:`build_template` is pure (settings in, :class:`openpyxl.Workbook` out);
:func:`write_template` saves it. Positions come from :mod:`pipeline.excel.positions`,
fields from :mod:`pipeline.contract.catalogue`, vocabularies and segment layout from the
settings. The content is deterministic: no timestamps in cells.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

from pipeline.common.atomic import write_atomic
from openpyxl.cell import Cell
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import absolute_coordinate, quote_sheetname
from openpyxl.utils.datetime import to_excel
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.excel import positions as layout
from pipeline.contract.catalogue import (
    HEADER_FIELDS,
    HEADER_SHEET,
    NYTTE_SHEET,
    SECTIONS,
    SECTIONS_BY_KEY,
    TEMPLATE_VERSION_NAME,
    FieldSpec,
)
from pipeline.contract.fields import Kind
from pipeline.excel.positions import FormBlock, TableAnchor, coordinate
from pipeline.contract.settings import FormSettings

SINGLE_LABELS = {f.key: f.label for f in HEADER_FIELDS}

# Excel's limits for data validation messages.
PROMPT_TITLE_MAX = 32
PROMPT_MAX = 255
ERROR_MAX = 225

FIRST_DATE = datetime(2000, 1, 1)
LAST_DATE = datetime(2100, 12, 31)
FIRST_YEAR, LAST_YEAR = 2000, 2100

DATE_FORMAT = "DD.MM.YYYY"
TEXT_FORMAT = "@"
TABLE_STYLE = "TableStyleMedium2"

TITLE_FONT = Font(bold=True, size=14)
HEADING_FONT = Font(bold=True, size=12)
LABEL_FONT = Font(bold=True)
HELP_FONT = Font(italic=True, color="595959")
CAPTION_FILL = PatternFill(fill_type="solid", start_color="D9E1F2", end_color="D9E1F2")
INPUT_FILL = PatternFill(fill_type="solid", start_color="FFFFFF", end_color="FFFFFF")
LOCKED_FILL = PatternFill(fill_type="solid", start_color="EDEDED", end_color="EDEDED")
#: Conditional format: a required cell still empty, a row without a name.
MISSING_FILL = PatternFill(fill_type="solid", start_color="FFC7CE", end_color="FFC7CE", bgColor="FFC7CE")
THIN = Side(style="thin", color="A6A6A6")
INPUT_BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
UNLOCKED = Protection(locked=False)
TOP_WRAP = Alignment(vertical="top", wrap_text=True)
TOP = Alignment(vertical="top")

LABEL_WIDTH = 38
HELP_WIDTH = 70
GUIDE_WIDTH = 110
LONGTEXT_ROW_HEIGHT = 90


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, ending in … when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def number_format(spec: FieldSpec) -> str:
    """The number format of an input cell of this field."""
    match spec.kind:
        case Kind.DATE:
            return DATE_FORMAT
        case Kind.YEAR | Kind.INTEGER:
            return "0"
        case Kind.NUMBER:
            return "#,##0." + "0" * spec.meta.decimals if spec.meta.decimals else "General"
        case _:
            return TEXT_FORMAT


def validation_for(spec: FieldSpec) -> DataValidation:
    """The data validation of one field: a dropdown, a type check, or only an input message."""
    label = spec.label
    dv = DataValidation(allowBlank=True, showInputMessage=True, showErrorMessage=True, errorStyle="stop",
                        promptTitle=clip(label, PROMPT_TITLE_MAX), prompt=clip(spec.meta.help or label, PROMPT_MAX),
                        errorTitle=clip(f"Ugyldig verdi: {label}", PROMPT_TITLE_MAX))
    match spec.kind:
        case Kind.CHOICE | Kind.SUGGEST:
            dv.type, dv.formula1 = "list", layout.list_name(spec.meta.vocabulary or "")
            if spec.kind is Kind.SUGGEST:
                dv.errorStyle, dv.errorTitle = "information", "Ikke i forslagslisten"
                dv.error = "Verdien står ikke i forslagslisten. Trykk OK for å beholde den likevel."
            else:
                dv.error = f"Velg en verdi fra nedtrekkslisten for «{label}»."
        case Kind.DATE:
            dv.type, dv.operator = "date", "between"
            dv.formula1, dv.formula2 = str(int(to_excel(FIRST_DATE))), str(int(to_excel(LAST_DATE)))
            dv.error = "Skriv en gyldig dato som dd.mm.åååå, mellom 01.01.2000 og 31.12.2100."
        case Kind.YEAR:
            dv.type, dv.operator, dv.formula1, dv.formula2 = "whole", "between", str(FIRST_YEAR), str(LAST_YEAR)
            dv.error = f"Skriv årstallet med fire sifre, mellom {FIRST_YEAR} og {LAST_YEAR}."
        case Kind.INTEGER:
            dv.type, dv.operator, dv.formula1 = "whole", "greaterThanOrEqual", str(spec.meta.minimum or 0)
            dv.error = "Skriv et helt tall som ikke er negativt."
        case Kind.NUMBER if spec.meta.minimum is not None:
            dv.type, dv.operator, dv.formula1 = "decimal", "greaterThanOrEqual", str(spec.meta.minimum)
            dv.error = f"Skriv et tall som ikke er mindre enn {spec.meta.minimum}, f.eks. 28,3."
        case Kind.NUMBER:
            dv.type, dv.operator, dv.formula1, dv.formula2 = "decimal", "between", "-1E+12", "1E+12"
            dv.error = "Skriv et tall, f.eks. 28,3 eller -1,5."
        case _:  # free text and Knytning: an input message only
            dv.showErrorMessage, dv.errorStyle, dv.errorTitle = False, None, None
    if dv.error:
        dv.error = clip(dv.error, ERROR_MAX)
    return dv


def style_input(cell: Cell, spec: FieldSpec) -> None:
    """An input cell: unlocked, typed number format, wrapped when long text."""
    cell.protection = UNLOCKED
    cell.number_format = number_format(spec)
    cell.alignment = TOP_WRAP if spec.meta.is_text else TOP


def text_lines(text: str, width: float) -> int:
    """Estimated lines a wrapped text takes in a column ``width`` characters wide."""
    per_line = max(int(width * 1.05), 1)
    return sum(max(-(-len(part) // per_line), 1) for part in text.split("\n"))


def fit_row(ws: Worksheet, row: int, texts: list[tuple[str, float]], minimum: float = 15) -> None:
    """Set a row height that shows the wrapped ``(text, column width)`` pairs (Calc does not auto-fit)."""
    lines = max([text_lines(text, width) for text, width in texts if text] or [1])
    ws.row_dimensions[row].height = max(minimum, 15 * lines + 3)


def _define(wb: Workbook, name: str, sheet: str, ref: str) -> None:
    """A workbook-scoped defined name pointing at ``ref`` (``B4`` or ``A2:A9``) on ``sheet``."""
    wb.defined_names[name] = DefinedName(name, attr_text=f"{quote_sheetname(sheet)}!{absolute_coordinate(ref)}")


def _protect(ws: Worksheet) -> None:
    """Sheet protection without password; users may still resize rows and columns."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _missing_rule(formula: str) -> FormulaRule:
    return FormulaRule(formula=[formula], fill=MISSING_FILL, stopIfTrue=False)


def _title(ws: Worksheet, sheet: str) -> None:
    ws["A1"] = layout.SHEET_TITLES[sheet]
    ws["A1"].font = TITLE_FONT
    ws.cell(layout.INTRO_ROW, 1, layout.SHEET_INTROS[sheet]).font = HELP_FONT


# ---------------------------------------------------------------- single fields
def _write_form(wb: Workbook, ws: Worksheet, block: FormBlock) -> None:
    for col, caption in zip((block.label_col, block.input_col, block.help_col), layout.FORM_CAPTIONS):
        cell = ws.cell(block.header_row, col, caption)
        cell.font, cell.fill = LABEL_FONT, CAPTION_FILL
    for spec in block.fields:
        row = block.row_of(spec.key)
        label = ws.cell(row, block.label_col, layout.field_label(spec))
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
        fit_row(ws, row, [(layout.field_label(spec), LABEL_WIDTH), (spec.meta.help, HELP_WIDTH)],
                LONGTEXT_ROW_HEIGHT if spec.kind is Kind.LONGTEXT else 15)
        dv = validation_for(spec)
        dv.add(cell.coordinate)
        ws.add_data_validation(dv)
        if spec.meta.required:
            ws.conditional_formatting.add(cell.coordinate, _missing_rule(f"LEN(TRIM({cell.coordinate}))=0"))
        assert spec.meta.name
        _define(wb, spec.meta.name, block.sheet, cell.coordinate)


def _write_version(wb: Workbook, ws: Worksheet, settings: FormSettings) -> None:
    row, block = layout.VERSION_ROW, layout.TILTAK_FORM
    ws.cell(row, block.label_col, layout.VERSION_LABEL).font = LABEL_FONT
    cell = ws.cell(row, block.input_col, str(settings.mal_versjon))
    cell.number_format, cell.fill = TEXT_FORMAT, LOCKED_FILL
    ws.cell(row, block.help_col, layout.VERSION_HELP).font = HELP_FONT
    _define(wb, TEMPLATE_VERSION_NAME, layout.VERSION_CELL[0], layout.VERSION_CELL[1])


# ---------------------------------------------------------------- tables
def table_rows(anchor: TableAnchor, settings: FormSettings) -> int:
    """How many data rows the template gives a table."""
    return anchor.rows if anchor.rows is not None else len(settings.vocabulary("nytteforutsetning"))


def _write_table(ws: Worksheet, anchor: TableAnchor, settings: FormSettings) -> None:
    section = SECTIONS_BY_KEY[anchor.section_key]
    rows = table_rows(anchor, settings)
    first, last = anchor.first_data_row, anchor.first_data_row + rows - 1
    if anchor.title_row != 1:
        ws.cell(anchor.title_row, anchor.first_col, section.title).font = HEADING_FONT
        ws.cell(anchor.title_row + 1, anchor.first_col, layout.TABLE_INTROS[section.key]).font = HELP_FONT
    for offset, (spec, header) in enumerate(zip(section.columns, section.headers)):
        col = anchor.first_col + offset
        head = ws.cell(anchor.header_row, col, header)
        head.alignment = Alignment(vertical="top", wrap_text=True)
        for row in range(first, last + 1):
            style_input(ws.cell(row, col), spec)
        col_range = f"{coordinate(col, first)}:{coordinate(col, last)}"
        dv = validation_for(spec)
        dv.add(col_range)
        ws.add_data_validation(dv)
    fit_row(ws, anchor.header_row, [(h, c.meta.width) for h, c in zip(section.headers, section.columns)])
    name_col, top = layout.column_letter(anchor.first_col), first
    others = f"${layout.column_letter(anchor.first_col + 1)}{top}:${layout.column_letter(anchor.last_col)}{top}"
    ws.conditional_formatting.add(
        f"{coordinate(anchor.first_col, first)}:{coordinate(anchor.first_col, last)}",
        _missing_rule(f"AND(LEN(TRIM(${name_col}{top}))=0,COUNTA({others})>0)"),
    )
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
        ws.column_dimensions[layout.column_letter(anchor.first_col + offset)].width = spec.meta.width


# ---------------------------------------------------------------- sheets
def _tiltak_sheet(wb: Workbook, settings: FormSettings) -> None:
    ws = wb.create_sheet(HEADER_SHEET)
    _title(ws, HEADER_SHEET)
    block = layout.TILTAK_FORM
    _write_form(wb, ws, block)
    _write_version(wb, ws, settings)
    ws.column_dimensions[layout.column_letter(block.label_col)].width = LABEL_WIDTH
    ws.column_dimensions[layout.column_letter(block.input_col)].width = max(f.meta.width for f in block.fields)
    ws.column_dimensions[layout.column_letter(block.help_col)].width = HELP_WIDTH
    ws.freeze_panes = coordinate(1, block.header_row + 1)
    _protect(ws)


def _table_sheet(wb: Workbook, anchor: TableAnchor, settings: FormSettings) -> None:
    ws = wb.create_sheet(anchor.sheet)
    _title(ws, anchor.sheet)
    _write_table(ws, anchor, settings)
    _table_widths(ws, anchor)
    ws.freeze_panes = coordinate(1, anchor.first_data_row)
    _protect(ws)


def _nytte_sheet(wb: Workbook, settings: FormSettings) -> None:
    ws = wb.create_sheet(NYTTE_SHEET)
    _title(ws, NYTTE_SHEET)
    block, anchor = layout.NYTTE_FORM, layout.TABLES_BY_SECTION["nytteforutsetninger"]
    _write_form(wb, ws, block)
    _write_table(ws, anchor, settings)
    _table_widths(ws, anchor)
    label_col = ws.column_dimensions[layout.column_letter(block.label_col)]  # shared with the table's first column
    label_col.width = max(LABEL_WIDTH, label_col.width or 0)
    ws.column_dimensions[layout.column_letter(block.help_col)].width = HELP_WIDTH
    ws.freeze_panes = coordinate(1, block.header_row + 1)
    _protect(ws)


# ---------------------------------------------------------------- the guide (Veiledning)
def _and(items: list[str]) -> str:
    """«a, b og c»."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]


def _section_place(key: str) -> str:
    section = SECTIONS_BY_KEY[key]
    return section.title if section.title == section.sheet else f"{section.title} (på arket {section.sheet})"


def _segment_lines(settings: FormSettings) -> list[tuple[str, str]]:
    lines = [("text", "Segmentet avgjør hvilke deler som kommer med i rapporten. Deler som segmentet ikke skal "
                      "fylle ut, kan stå tomme; fyller du dem ut likevel, får du en advarsel, og de tas ikke med.")]
    labels = {f.key: f.label for f in HEADER_FIELDS}
    name_field = HEADER_FIELDS[0]
    for segment, seg_layout in settings.segment.items():
        fields = [name_field.label, *(labels[k] for k in seg_layout.nokkelrader if k != name_field.key)]
        sections = [_section_place(k) for k in seg_layout.seksjoner]
        text = f"• {segment}: på arket {HEADER_SHEET} feltene {_and(fields)}."
        text += f" Dessuten disse delene: {_and(sections)}." if sections else " Ingen andre deler."
        if seg_layout.forventet:
            text += f" Bør fylles ut (ellers advarsel): {_and([labels[k] for k in seg_layout.forventet])}."
        lines.append(("text", text))
    return lines


def _sheet_lines() -> list[tuple[str, str]]:
    required = [layout.field_label(f).removesuffix(layout.REQUIRED_MARK) for f in HEADER_FIELDS if f.meta.required]
    lines = [("text", f"• {HEADER_SHEET}: opplysningene om tiltaket. Skriv i kolonne B; hjelpeteksten står i "
                      f"kolonne C. {_and(required)} må alltid fylles ut.")]
    for anchor in layout.TABLES:
        section = SECTIONS_BY_KEY[anchor.section_key]
        first = section.headers[0]
        if anchor.rows is None:
            lines.append(("text", f"• {section.sheet}: feltene øverst og tabellen {section.title} under. "
                                  "Forutsetningene i første kolonne står fast; fyll ut de andre kolonnene for dem "
                                  "som gjelder tiltaket. Rader der bare forutsetningen står, tas ikke med."))
        else:
            rows = layout.SHEET_INTROS[section.sheet].split(".")[0]  # «Én rad per leveranse»
            lines.append(("text", f"• {section.sheet}: tabellen {section.title}, {rows[0].lower()}{rows[1:]}. "
                                  f"Kolonnen «{first}» må fylles ut på hver rad du bruker."))
    lines.append(("text", "• Når du velger en celle, viser Excel en kort forklaring av feltet."))
    lines.append(("text", "• Felt merket * må fylles ut. Rød bakgrunn betyr at et påkrevd felt ennå er tomt, "
                          "eller at en tabellrad har innhold, men mangler verdi i første kolonne."))
    return lines


def guide_lines(settings: FormSettings) -> list[tuple[str, str]]:
    """The Veiledning sheet as (style, text) lines; style is title, heading or text ("" text = blank row)."""
    version = str(settings.mal_versjon)
    suggest = [f.label for s in SECTIONS for f in s.columns if f.kind is Kind.SUGGEST]
    knytning = settings.vokabular.get("knytning", [])
    sizes = [f"{SECTIONS_BY_KEY[a.section_key].title} {a.rows}" for a in layout.TABLES if a.rows is not None]
    return [
        ("title", "Innrapportering til Nasjonal e-helseportefølje"),
        ("text", f"Malversjon {version}"),
        ("text", ""),
        ("heading", "Hva arbeidsboken er til"),
        ("text", "Arbeidsboken brukes til å rapportere status for ett tiltak. Bruk én arbeidsbok per tiltak per "
                 "rapporteringsrunde, og send den utfylte arbeidsboken til sekretariatet for porteføljen."),
        ("text", "Sekretariatet leser arbeidsbøkene maskinelt og setter dem sammen til «Vedlegg 2 – Samlet "
                 "innrapportering». Ikke gi nytt navn til ark eller tabeller, ikke endre kolonneoverskriftene "
                 "og ikke flytt celler. Skriv ikke utenfor feltene og tabellene: det kommer ikke med i rapporten."),
        ("text", ""),
        ("heading", "Slik fyller du ut arkene"),
        *_sheet_lines(),
        ("text", ""),
        ("heading", "Hva hvert segment skal fylle ut"),
        *_segment_lines(settings),
        ("text", ""),
        ("heading", "Lange tekster"),
        ("text", "• Alt+Enter gir ny linje i cellen (på Mac: Ctrl+Option+Enter). Hver linje blir et eget avsnitt."),
        ("text", "• En linje som begynner med «• » eller «- » blir et punkt i en punktliste."),
        ("text", "• En linje som begynner med «1. », «2. » osv. blir et nummerert punkt."),
        ("text", "• Nettadresser som begynner med https:// blir lenker i rapporten."),
        ("text", "• En celle kan ha inntil 32 767 tegn."),
        ("text", ""),
        ("heading", "Datoer, tall og lister"),
        ("text", "• Datoer skrives dd.mm.åååå, for eksempel 31.12.2023."),
        ("text", "• Beløp oppgis i millioner kroner (mill. kr) med desimalkomma, for eksempel 28,3. Beløp i "
                 "Kostnader kan ikke være negative; endringer i Drift og forvaltning kan være negative."),
        ("text", "• År skrives med fire sifre, for eksempel 2022."),
        ("text", "• Felt med nedtrekksliste: velg en verdi fra listen. "
                 + (f"{_and(suggest)} har forslagslister, men du kan også skrive en annen verdi." if suggest else "")),
        ("text", f"• {SINGLE_LABELS['knytning']}: skriv null eller flere av {_and(list(knytning))}, skilt med komma."),
        ("text", ""),
        ("heading", "Når en tabell trenger flere rader"),
        ("text", f"Tabellene har plass til et vanlig antall rader ({', '.join(sizes)}). Trenger du flere:"),
        ("text", "1. Opphev arkbeskyttelsen: Se gjennom › Opphev arkbeskyttelse. Det er ikke noe passord."),
        ("text", "2. Dra i håndtaket nederst i høyre hjørne av tabellen nedover, eller høyreklikk i siste rad og "
                 "velg Sett inn › Tabellrader under."),
        ("text", "3. Skriv bare i rader som hører til tabellen: rader under tabellen kommer ikke med i rapporten."),
        ("text", "4. Slå gjerne på arkbeskyttelsen igjen (Se gjennom › Beskytt ark), uten passord."),
        ("text", ""),
        ("heading", "Malversjon"),
        ("text", f"Denne arbeidsboken er laget med malversjon {version}. Bruk arbeidsboken sekretariatet sender ut "
                 "for runden, og kopier ikke ark inn i en eldre mal."),
    ]


def _guide_sheet(ws: Worksheet, settings: FormSettings) -> None:
    ws.title = layout.GUIDE_SHEET
    ws.column_dimensions["A"].width = GUIDE_WIDTH
    fonts = {"title": TITLE_FONT, "heading": HEADING_FONT, "text": Font()}
    for row, (kind, text) in enumerate(guide_lines(settings), start=1):
        cell = ws.cell(row, 1, text or None)
        cell.font, cell.alignment = fonts[kind], Alignment(vertical="top", wrap_text=True)
        fit_row(ws, row, [(text, GUIDE_WIDTH * (0.85 if kind == "text" else 0.7))], 22 if kind != "text" else 15)
    _protect(ws)


def _list_sheet(wb: Workbook, settings: FormSettings) -> None:
    ws = wb.create_sheet(layout.LIST_SHEET)
    for col, (key, values) in enumerate(settings.vokabular.items(), start=1):
        ws.cell(1, col, key).font = LABEL_FONT
        for row, value in enumerate(values, start=2):
            ws.cell(row, col, value).number_format = TEXT_FORMAT
        letter = layout.column_letter(col)
        _define(wb, layout.list_name(key), layout.LIST_SHEET, f"{letter}2:{letter}{max(len(values), 1) + 1}")
        ws.column_dimensions[letter].width = max([len(key), *(len(v) for v in values)]) + 2
    ws.sheet_state = "hidden"
    _protect(ws)


def _print_setup(ws) -> None:
    """Printing (or PDF export) fits every sheet to one page wide; tables in landscape."""
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait" if ws.title == layout.GUIDE_SHEET else "landscape"


def build_template(settings: FormSettings) -> Workbook:
    """The empty innrapportering workbook for these settings."""
    wb = Workbook()
    _guide_sheet(wb.active, settings)
    _tiltak_sheet(wb, settings)
    for anchor in layout.TABLES:
        if anchor.sheet != NYTTE_SHEET:
            _table_sheet(wb, anchor, settings)
    _nytte_sheet(wb, settings)
    _list_sheet(wb, settings)
    assert tuple(wb.sheetnames) == layout.SHEET_ORDER, wb.sheetnames
    for ws in wb.worksheets:
        _print_setup(ws)
    wb.active = 0
    wb.properties.creator = "innrapportering"
    wb.properties.title = "Innrapportering – Nasjonal e-helseportefølje"
    return wb


#: Fixed timestamps make the file byte-for-byte reproducible (no spurious changes in git).
_FIXED_TIME = datetime(2021, 1, 1)


def template_bytes(settings: FormSettings) -> bytes:
    """The template as .xlsx bytes, identical for identical settings."""
    wb = build_template(settings)
    wb.properties.created = wb.properties.modified = _FIXED_TIME
    raw = io.BytesIO()
    wb.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" with the time of saving
                data = re.sub(rb"<dcterms:modified([^>]*)>[^<]*<", rb"<dcterms:modified\1>2021-01-01T00:00:00Z<", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, data)
    return out.getvalue()


def write_template(path: Path, settings: FormSettings) -> Path:
    """Build the template and save it at ``path`` (atomically); returns ``path``."""
    return write_atomic(Path(path), template_bytes(settings))
