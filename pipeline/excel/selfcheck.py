"""The «Kontroll» sheet: a live self-check in the template, made of formulas only (no macros).

Each row counts one field's problems that Excel can see by itself: a required field left
empty, a value that is not in its list (``COUNTIF`` against the ``Liste_*`` names), a date
or an amount written as text (or outside what the contract accepts), an e-mail that is not an
address, and table rows with content but no value in the first column. Single fields are
referred to by their defined names, table columns by structured references
(``Leveranser[Sluttdato]``), so the counts follow a table that is made longer. The total
is named ``Kontroll_AntallFeil``; the status cell says «Klar til innsending» at 0.

The check is stricter than the secretariat's validation in one way: a date or a number
typed as text is counted (the validation reads ``31.12.2023`` typed as text, Excel cannot
tell). It sees less in others (Knytning, suggestion lists, duplicates, overdue deliveries).
The reader never reads this sheet (see :data:`pipeline.contract.positions.TEMPLATE_ONLY_SHEETS`).

In the nynorsk template the texts are nynorsk (:data:`TEXTS`, the kinds' hints through
:mod:`pipeline.excel.kindtexts`), the dropdown lists hold the values' nynorsk forms, and a list
value typed in its bokmål form counts as right (the validation reads it as the same value).
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import quote_sheetname
from openpyxl.worksheet.hyperlink import Hyperlink

from pipeline.common.malform import Malform
from pipeline.contract.catalogue import SECTIONS_BY_KEY, FieldSpec
from pipeline.contract.kinds.base import CheckContext
from pipeline.contract.kinds.registry import kind_of
from pipeline.contract.settings import FormSettings
from pipeline.contract import positions
from pipeline.contract.positions import coordinate
from pipeline.excel.kindtexts import in_malform
from pipeline.excel.sheets import define
from pipeline.excel.styles import CAPTION_FILL, HELP_FONT, LABEL_FONT, TITLE_FONT, protect

#: The defined name of the total.
COUNT_NAME = "Kontroll_AntallFeil"
READY = "Klar til innsending"
TITLE = "Kontroll før innsending"
INTRO = ("Arket teller det Excel kan kontrollere selv, og oppdateres mens du fyller ut. Står det «Klar til "
         "innsending», er de vanligste feilene rettet; sekretariatet kontrollerer resten når arbeidsboken kommer inn.")
STATUS_ROW, COUNT_ROW, HEADER_ROW = 4, 5, 7
FIRST_ROW = HEADER_ROW + 1
CAPTIONS = ("Ark", "Felt", "Antall", "Hva må rettes")


@dataclass(frozen=True)
class CheckTexts:
    """The sheet's own texts in one written standard."""

    title: str
    intro: str
    captions: tuple[str, ...]
    ready: str
    count_label: str
    to_fix: str  # after the count: «3 ting må rettes …»
    required: str  # the hint of an empty required field
    row_needs: str  # the hint of table rows without a name: «rader med innhold må ha «{label}»»


TEXTS = {
    Malform.BOKMAL: CheckTexts(TITLE, INTRO, CAPTIONS, READY, "Antall feil", " ting må rettes (se listen under)",
                               "må fylles ut", "rader med innhold må ha «{label}»"),
    Malform.NYNORSK: CheckTexts(
        TITLE,
        "Arket tel det Excel kan kontrollere sjølv, og blir oppdatert medan du fyller ut. Står det «Klar til "
        "innsending», er dei vanlegaste feila retta; sekretariatet kontrollerer resten når arbeidsboka kjem inn.",
        ("Ark", "Felt", "Tal", "Kva må rettast"), READY, "Tal på feil", " ting må rettast (sjå lista under)",
        "må fyllast ut", "rader med innhald må ha «{label}»"),
}
OK_FILL = PatternFill(fill_type="solid", start_color="C6EFCE", end_color="C6EFCE", bgColor="C6EFCE")
BAD_FILL = PatternFill(fill_type="solid", start_color="FFC7CE", end_color="FFC7CE", bgColor="FFC7CE")


@dataclass(frozen=True)
class CheckRow:
    """One row of the check: the field, where it is, the counting formula and what to do."""

    sheet: str
    label: str
    target: str  # the cell a link goes to: B4
    formula: str  # without "="
    hint: str
    empty: str = ""  # a required single field: the defined name whose emptiness has its own hint
    blank: int = 0  # the count in the empty template (a required single field: 1)


Synonyms = dict[str, dict[str, str]]


def _bad_value(spec: FieldSpec, x: str, synonyms: Synonyms,
               malform: Malform = Malform.BOKMAL) -> tuple[str, str] | None:
    """(condition on a non-empty ``x``, hint in ``malform``) for what Excel can check about the field's kind;
    None if nothing.

    The kind's class writes the condition (:meth:`pipeline.contract.kinds.FieldKind.check`). A
    synonym of a list value (``[synonymer]``) is read as that value, so it is no problem here either.
    """
    found = kind_of(spec.kind).check(x, spec.meta, CheckContext(positions.list_name, synonyms))
    return (found[0], in_malform(found[1], malform)) if found else None


def _filled(x: str) -> str:
    return f"(LEN(TRIM({x}))>0)"


def _single_row(spec: FieldSpec, sheet: str, target: str, synonyms: Synonyms, malform: Malform) -> CheckRow | None:
    name = spec.meta.name or ""
    terms, hints = [], []
    if spec.meta.required:
        terms.append(f"(LEN(TRIM({name}))=0)")
        hints.append(TEXTS[malform].required)
    bad = _bad_value(spec, name, synonyms, malform)
    if bad:
        terms.append(f"{_filled(name)}*{bad[0]}")
        hints.append(bad[1])
    if not terms:
        return None
    empty = name if spec.meta.required and bad else ""
    blank = 1 if spec.meta.required else 0
    return CheckRow(sheet, spec.label_in(malform), target, f"SUMPRODUCT({'+'.join(terms)})", hints[-1], empty, blank)


def _table_rows(section_key: str, synonyms: Synonyms, malform: Malform) -> list[CheckRow]:
    section = SECTIONS_BY_KEY[section_key]
    anchor = positions.TABLES_BY_SECTION[section_key]
    sheet = positions.sheet_title(section.sheet, malform)
    first = anchor.first_data_row
    col = {spec.key: f"{section.table}[{_escape(spec.meta.header_in(malform))}]" for spec in section.columns}
    name = section.name_column
    others = "+".join(f"LEN(TRIM({col[s.key]}))" for s in section.columns[1:])
    rows = [CheckRow(sheet, name.label_in(malform), coordinate(anchor.first_col, first),
                     f"SUMPRODUCT((LEN(TRIM({col[name.key]}))=0)*(({others})>0))",
                     TEXTS[malform].row_needs.format(label=name.label_in(malform)))]
    for offset, spec in enumerate(section.columns):
        bad = _bad_value(spec, col[spec.key], synonyms, malform)
        if bad and spec is not name:
            rows.append(CheckRow(sheet, spec.label_in(malform), coordinate(anchor.first_col + offset, first),
                                 f"SUMPRODUCT({_filled(col[spec.key])}*{bad[0]})", bad[1]))
    return rows


def _escape(header: str) -> str:
    """A column header in a structured reference: ``[``, ``]``, ``#`` and ``'`` are escaped with ``'``."""
    return "".join("'" + c if c in "[]#'" else c for c in header)


def _synonyms(settings: FormSettings, malform: Malform) -> Synonyms:
    """The words read as a list's values besides the list itself: the synonyms, and in a nynorsk
    template (whose lists hold the nynorsk forms) also the values' bokmål forms."""
    if malform is not Malform.NYNORSK:
        return settings.synonymer
    words = {key: dict(aliases) for key, aliases in settings.synonymer.items()}
    for key in settings.nynorsk:
        words.setdefault(key, {}).update({value: value for value in settings.equivalents(key).values()})
    return words


def check_rows(settings: FormSettings, malform: Malform = Malform.BOKMAL) -> list[CheckRow]:
    """Every row of the check, in workbook order: the Tiltak fields, the tables, then Nytte's fields and table."""
    synonyms = _synonyms(settings, malform)
    rows: list[CheckRow] = []
    for block in (positions.TILTAK_FORM, positions.NYTTE_FORM):
        sheet = positions.sheet_title(block.sheet, malform)
        for spec in block.fields:
            target = coordinate(block.input_col, block.row_of(spec.key))
            row = _single_row(spec, sheet, target, synonyms, malform)
            rows.extend([row] if row else [])
        for anchor in positions.TABLES:
            if (anchor.sheet == positions.NYTTE_SHEET) == (block is positions.NYTTE_FORM):
                rows.extend(_table_rows(anchor.section_key, synonyms, malform))
    return rows


def status_text(count: int, malform: Malform = Malform.BOKMAL) -> str:
    """What the status cell says for ``count`` problems (the formula in :func:`check_sheet` says the same)."""
    texts = TEXTS[malform]
    return texts.ready if count == 0 else f"{count}{texts.to_fix}"


def blank_values(settings: FormSettings, malform: Malform = Malform.BOKMAL) -> dict[str, int | str]:
    """The Kontroll sheet's formula results in the empty template (cell → value), to store as cached values.

    Only a required single field counts there (it is empty); every table is empty and counts 0.
    A program that shows a file without calculating it (a preview, openpyxl ``data_only``) then
    shows what Excel would; a test checks these against LibreOffice's calculation.
    """
    rows = check_rows(settings, malform)
    total = sum(check.blank for check in rows)
    values: dict[str, int | str] = {coordinate(2, STATUS_ROW): status_text(total, malform),
                                    coordinate(2, COUNT_ROW): total}
    required = _capital(TEXTS[malform].required)
    for row, check in enumerate(rows, start=FIRST_ROW):
        values[f"C{row}"] = check.blank
        values[f"D{row}"] = "OK" if not check.blank else (required if check.empty else _capital(check.hint))
    return values


def _capital(hint: str) -> str:
    return hint[0].upper() + hint[1:]


def _hint(check: CheckRow, malform: Malform) -> str:
    """The formula text of what to do when the row counts a problem."""
    hint = f'"{_capital(check.hint)}"'
    required = _capital(TEXTS[malform].required)
    return f'IF(LEN(TRIM({check.empty}))=0,"{required}",{hint})' if check.empty else hint


def check_sheet(wb: Workbook, settings: FormSettings, malform: Malform = Malform.BOKMAL) -> None:
    """Write the «Kontroll» sheet and name its total ``Kontroll_AntallFeil``."""
    texts = TEXTS[malform]
    ws = wb.create_sheet(positions.CHECK_SHEET)
    ws["A1"] = texts.title
    ws["A1"].font = TITLE_FONT
    ws["A2"] = texts.intro
    ws["A2"].font, ws["A2"].alignment = HELP_FONT, Alignment(wrap_text=True, vertical="top")
    ws.merge_cells("A2:D2")
    ws.row_dimensions[2].height = 33
    rows = check_rows(settings, malform)
    last = FIRST_ROW + len(rows) - 1
    count = coordinate(2, COUNT_ROW)
    ws.cell(STATUS_ROW, 1, "Status").font = LABEL_FONT
    status = ws.cell(STATUS_ROW, 2, f'=IF({COUNT_NAME}=0,"{texts.ready}",{COUNT_NAME}&"{texts.to_fix}")')
    status.font = LABEL_FONT
    ws.cell(COUNT_ROW, 1, texts.count_label).font = LABEL_FONT
    ws[count] = f"=SUM(C{FIRST_ROW}:C{last})"
    ws[count].alignment = Alignment(horizontal="left")
    define(wb, COUNT_NAME, positions.CHECK_SHEET, count)
    ws.conditional_formatting.add(f"B{STATUS_ROW}:B{COUNT_ROW}", FormulaRule(formula=[f"{COUNT_NAME}=0"], fill=OK_FILL))
    ws.conditional_formatting.add(f"B{STATUS_ROW}:B{COUNT_ROW}", FormulaRule(formula=[f"{COUNT_NAME}>0"], fill=BAD_FILL))
    for col, caption in enumerate(texts.captions, start=1):
        cell = ws.cell(HEADER_ROW, col, caption)
        cell.font, cell.fill = LABEL_FONT, CAPTION_FILL
    for row, check in enumerate(rows, start=FIRST_ROW):
        ws.cell(row, 1, check.sheet)
        link = ws.cell(row, 2, check.label)
        # an internal link (location=), not an external relationship to «#Ark!B4»
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"{quote_sheetname(check.sheet)}!{check.target}")
        link.style = "Hyperlink"
        ws.cell(row, 3, f"={check.formula}")
        ws.cell(row, 4, f"=IF(C{row}=0,\"OK\",{_hint(check, malform)})")
        for col in (1, 2, 4):
            ws.cell(row, col).alignment = Alignment(vertical="top", wrap_text=True)
    ws.conditional_formatting.add(f"C{FIRST_ROW}:D{last}", FormulaRule(formula=[f"$C{FIRST_ROW}>0"], fill=BAD_FILL))
    for letter, width in zip("ABCD", (22, 45, 9, 60)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = f"A{FIRST_ROW}"
    protect(ws)
