"""Where everything sits in the Excel template (pure data, no openpyxl).

Owned by the template generator; the reader uses :func:`static_texts` to tell the
template's own labels from content a user typed outside the contract's cells.

Rows and columns are 1-based numbers. Everything here follows from the field
catalogue; only the positions, sizes and the texts on the data sheets are decided here.

The texts exist in both written standards (:class:`~pipeline.common.malform.Malform`): the
nynorsk template has the same cells, names and tables with nynorsk texts, and two of its sheets
have nynorsk names (:func:`sheet_title`). The reader accepts the template's texts in either.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from pipeline.common.a1 import get_column_letter

from pipeline.common.malform import Malform

from pipeline.contract.catalogue import (
    HEADER_FIELDS,
    HEADER_SHEET,
    NYTTE_FIELDS,
    NYTTE_SHEET,
    SECTIONS,
    SECTIONS_BY_KEY,
    FieldSpec,
    added_after,
)

GUIDE_SHEET = "Veiledning"  # the template's own text; not read
GUIDE_SHEET_NN = "Rettleiing"  # the guide of the nynorsk template
LIST_SHEET = "Lister"  # hidden sheet with the dropdown lists; not read
CHECK_SHEET = "Kontroll"  # the live self-check (formulas); the template's own, not read
FEEDBACK_SHEET = "Tilbakemelding"  # first sheet of a feedback copy; not read

#: Prefix of the defined names of the dropdown lists on the list sheet: ``Liste_status``.
LIST_NAME_PREFIX = "Liste_"

#: Marker appended to the label of a required field.
REQUIRED_MARK = " *"


def column_letter(col: int) -> str:
    """1 -> A, 27 -> AA."""
    return get_column_letter(col)


def coordinate(col: int, row: int) -> str:
    """(2, 4) -> B4."""
    return f"{column_letter(col)}{row}"


@dataclass(frozen=True)
class FormBlock:
    """Single fields written as rows: label | input | help.

    ``input_span`` columns are merged for the input cell (1 = no merge); the help
    text sits right of the merged input.
    """

    sheet: str
    header_row: int  # the row with the column captions
    first_row: int  # row of the first field
    fields: tuple[FieldSpec, ...]
    label_col: int = 1
    input_col: int = 2
    input_span: int = 1

    @property
    def help_col(self) -> int:
        return self.input_col + self.input_span

    def row_of(self, key: str) -> int:
        keys = [f.key for f in self.fields]
        return self.first_row + keys.index(key)

    @property
    def last_row(self) -> int:
        return self.first_row + len(self.fields) - 1


@dataclass(frozen=True)
class TableAnchor:
    """An Excel table: where its header row starts and how many data rows the template gives it.

    ``rows`` is ``None`` for Nytteforutsetninger: one row per fixed precondition
    in the settings (``vokabular.nytteforutsetning``).
    """

    section_key: str
    sheet: str
    title_row: int
    header_row: int
    first_col: int
    rows: int | None

    @property
    def table(self) -> str:
        return SECTIONS_BY_KEY[self.section_key].table or ""

    @property
    def first_data_row(self) -> int:
        return self.header_row + 1

    @property
    def width(self) -> int:
        return len(SECTIONS_BY_KEY[self.section_key].columns)

    @property
    def last_col(self) -> int:
        return self.first_col + self.width - 1

    def ref(self, data_rows: int) -> str:
        """The table's ``ref`` with ``data_rows`` rows below the header."""
        last_row = self.header_row + max(data_rows, 1)
        return f"{coordinate(self.first_col, self.header_row)}:{coordinate(self.last_col, last_row)}"


# ---------------------------------------------------------------- the Tiltak sheet
TILTAK_FORM = FormBlock(sheet=HEADER_SHEET, header_row=3, first_row=4, fields=HEADER_FIELDS)
#: The template version: label and (locked) value below the header fields.
VERSION_ROW = TILTAK_FORM.last_row + 2
VERSION_CELL = (HEADER_SHEET, coordinate(TILTAK_FORM.input_col, VERSION_ROW))

# ---------------------------------------------------------------- the Nytte sheet
#: Nytte inputs span B:D (the widths of the Nytteforutsetninger columns below them).
NYTTE_FORM = FormBlock(sheet=NYTTE_SHEET, header_row=3, first_row=4, fields=NYTTE_FIELDS, input_span=3)

# ---------------------------------------------------------------- the tables
TABLES: tuple[TableAnchor, ...] = tuple(
    TableAnchor(s.key, s.sheet, title_row=1, header_row=4, first_col=1, rows=s.template_rows)
    for s in SECTIONS
    if s.table and s.sheet != NYTTE_SHEET
) + (
    TableAnchor("nytteforutsetninger", NYTTE_SHEET, title_row=NYTTE_FORM.last_row + 2,
                header_row=NYTTE_FORM.last_row + 5, first_col=1, rows=None),
)
TABLES_BY_SECTION: dict[str, TableAnchor] = {t.section_key: t for t in TABLES}

#: Data sheets in workbook order (after the guide, before the hidden list sheet).
DATA_SHEETS: tuple[str, ...] = (HEADER_SHEET, *dict.fromkeys(s.sheet for s in SECTIONS))
SHEET_ORDER: tuple[str, ...] = (GUIDE_SHEET, *DATA_SHEETS, CHECK_SHEET, LIST_SHEET)
#: Sheets that are never part of a submission: not searched for tables, never reported as outside.
TEMPLATE_ONLY_SHEETS: tuple[str, ...] = (GUIDE_SHEET, GUIDE_SHEET_NN, CHECK_SHEET, LIST_SHEET, FEEDBACK_SHEET)

# ---------------------------------------------------------------- texts on the data sheets
FORM_CAPTIONS = ("Felt", "Fyll ut her", "Hjelp")
SHEET_TITLES = {
    HEADER_SHEET: "Tiltaket",
    NYTTE_SHEET: "Nytte",
    **{s.sheet: s.title for s in SECTIONS if s.sheet != NYTTE_SHEET},
}
SHEET_INTROS = {
    HEADER_SHEET: "Fyll ut cellene i kolonne B. Felt merket * må fylles ut. Se arket «Veiledning».",
    NYTTE_SHEET: "Fylles ut hvis segmentet skal rapportere nytte (se arket «Veiledning»).",
    "Leveranser": "Én rad per leveranse. Leveranse navn må fylles ut på hver rad du bruker.",
    "Avhengigheter": "Én rad per avhengighet. Aktøren dere er avhengig av må fylles ut på hver rad du bruker.",
    "Kostnader": "Én rad per finansieringskilde og år. Beløp i millioner kroner, f.eks. 28,3.",
    "Drift og forvaltning": "Én rad per løsning og år. Endring i millioner kroner; bruk minus for reduksjon.",
}
TABLE_INTROS = {
    "nytteforutsetninger": "Forutsetningene i første kolonne står fast. Fyll ut de andre kolonnene "
                           "for forutsetningene som gjelder tiltaket.",
}
#: Row of the intro text on each data sheet (below the title in row 1).
INTRO_ROW = 2
VERSION_LABEL = "Malversjon"
VERSION_HELP = "Settes av malen. Ikke endre."

# ---------------------------------------------------------------- the same texts in nynorsk
FORM_CAPTIONS_NN = ("Felt", "Fyll ut her", "Hjelp")
SHEET_TITLES_NN = {
    HEADER_SHEET: "Tiltaket",
    NYTTE_SHEET: "Nytte",
    **{s.sheet: s.title_in(Malform.NYNORSK) for s in SECTIONS if s.sheet != NYTTE_SHEET},
}
SHEET_INTROS_NN = {
    HEADER_SHEET: "Fyll ut cellene i kolonne B. Felt merkte med * må fyllast ut. Sjå arket «Rettleiing».",
    NYTTE_SHEET: "Skal fyllast ut viss segmentet skal rapportere nytte (sjå arket «Rettleiing»).",
    "Leveranser": "Éi rad per leveranse. Leveranse namn må fyllast ut på kvar rad du brukar.",
    "Avhengigheter": "Éi rad per avhengigheit. Aktøren de er avhengige av, må fyllast ut på kvar rad du brukar.",
    "Kostnader": "Éi rad per finansieringskjelde og år. Beløp i millionar kroner, t.d. 28,3.",
    "Drift og forvaltning": "Éi rad per løysing og år. Endring i millionar kroner; bruk minus for reduksjon.",
}
TABLE_INTROS_NN = {
    "nytteforutsetninger": "Føresetnadene i første kolonne står fast. Fyll ut dei andre kolonnane "
                           "for føresetnadene som gjeld tiltaket.",
}
VERSION_HELP_NN = "Blir sett av malen. Ikkje endre."


@dataclass(frozen=True)
class SheetTexts:
    """The texts on the data sheets in one written standard (sheet keys are the template's bokmål names)."""

    captions: tuple[str, str, str]
    titles: dict[str, str]
    intros: dict[str, str]
    table_intros: dict[str, str]
    version_label: str
    version_help: str


TEXTS = {
    Malform.BOKMAL: SheetTexts(FORM_CAPTIONS, SHEET_TITLES, SHEET_INTROS, TABLE_INTROS,
                               VERSION_LABEL, VERSION_HELP),
    Malform.NYNORSK: SheetTexts(FORM_CAPTIONS_NN, SHEET_TITLES_NN, SHEET_INTROS_NN, TABLE_INTROS_NN,
                                VERSION_LABEL, VERSION_HELP_NN),
}


def sheet_title(sheet: str, malform: Malform) -> str:
    """The name a template of ``malform`` gives the sheet the bokmål template calls ``sheet``."""
    if malform is not Malform.NYNORSK:
        return sheet
    if sheet == GUIDE_SHEET:
        return GUIDE_SHEET_NN
    return next((s.sheet_in(malform) for s in SECTIONS if s.sheet == sheet), sheet)


def field_label(spec: FieldSpec, malform: Malform = Malform.BOKMAL) -> str:
    """The label written beside a single field's input cell."""
    return spec.label_in(malform) + (REQUIRED_MARK if spec.meta.required else "")


def list_name(vocabulary: str) -> str:
    """The defined name of a vocabulary's dropdown list: ``Liste_status``."""
    return LIST_NAME_PREFIX + vocabulary


def _form_texts(block: FormBlock, malform: Malform) -> dict[tuple[str, str], str]:
    """The captions, labels and help texts of one form block."""
    captions = TEXTS[malform].captions
    texts = {
        (block.sheet, coordinate(block.label_col, block.header_row)): captions[0],
        (block.sheet, coordinate(block.input_col, block.header_row)): captions[1],
        (block.sheet, coordinate(block.help_col, block.header_row)): captions[2],
    }
    for spec in block.fields:
        row = block.row_of(spec.key)
        texts[(block.sheet, coordinate(block.label_col, row))] = field_label(spec, malform)
        if spec.meta.help:
            texts[(block.sheet, coordinate(block.help_col, row))] = spec.meta.help_in(malform)
    return texts


def form_of_version(block: FormBlock, version: str = "") -> FormBlock:
    """The form block as a workbook of template ``version`` has it (``""``: this version):
    without the fields added later, so the rows below them sit where that version put them."""
    return replace(block, fields=tuple(f for f in block.fields if not added_after(f, version)))


def static_texts(version: str = "", malform: Malform = Malform.BOKMAL) -> dict[tuple[str, str], str]:
    """(sheet, coordinate) -> the template's own text in that cell (labels, titles, help).

    Covers every text the template writes on the data sheets except the contract's
    own content: the named input cells (incl. ``Mal_Versjon``) and table data rows
    (the fixed first column of Nytteforutsetninger is table data). Table header
    cells are included. ``version``: where a workbook of that (older) template version
    has them; ``""`` for this version. ``malform``: the texts of the template in that written
    standard (the keys stay the bokmål template's sheet names).
    """
    return _static_texts(version, malform)


def _static_texts(version: str, malform: Malform) -> dict[tuple[str, str], str]:
    own = TEXTS[malform]
    texts: dict[tuple[str, str], str] = {}
    for sheet in DATA_SHEETS:
        texts[(sheet, "A1")] = own.titles[sheet]
        texts[(sheet, coordinate(1, INTRO_ROW))] = own.intros[sheet]
    tiltak_form = form_of_version(TILTAK_FORM, version)
    texts.update(_form_texts(tiltak_form, malform))
    texts.update(_form_texts(form_of_version(NYTTE_FORM, version), malform))
    version_row = tiltak_form.last_row + 2
    texts[(HEADER_SHEET, coordinate(tiltak_form.label_col, version_row))] = own.version_label
    texts[(HEADER_SHEET, coordinate(tiltak_form.help_col, version_row))] = own.version_help
    for anchor in TABLES:
        section = SECTIONS_BY_KEY[anchor.section_key]
        if anchor.title_row != 1:
            texts[(anchor.sheet, coordinate(anchor.first_col, anchor.title_row))] = section.title_in(malform)
            texts[(anchor.sheet, coordinate(anchor.first_col, anchor.title_row + 1))] = own.table_intros[section.key]
        for offset, header in enumerate(section.headers_in(malform)):
            texts[(anchor.sheet, coordinate(anchor.first_col + offset, anchor.header_row))] = header
    return texts


def nynorsk_static_texts(version: str = "") -> dict[tuple[str, str], str]:
    """:func:`static_texts` of the nynorsk template (the reader accepts either standard's labels)."""
    return _static_texts(version, Malform.NYNORSK)
