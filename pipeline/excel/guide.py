"""The Veiledning sheet: how to fill in the workbook, written from the catalogue and the settings.

In the nynorsk template the sheet is «Rettleiing» and its sentences those of
:data:`pipeline.excel.guidetexts.NYNORSK`; field labels, section titles, sheet names and list
values are taken in nynorsk from the catalogue, :mod:`pipeline.contract.positions` and the settings.
"""

from __future__ import annotations

from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.common.malform import Malform
from pipeline.contract.catalogue import HEADER_FIELDS, HEADER_FIELDS_BY_KEY, HEADER_SHEET, SECTIONS, SECTIONS_BY_KEY
from pipeline.contract.fields import Kind
from pipeline.contract.settings import FormSettings
from pipeline.contract import positions
from pipeline.excel.guidetexts import GUIDE_TEXTS
from pipeline.excel.styles import GUIDE_WIDTH, HEADING_FONT, TEXT_FONT, TITLE_FONT, fit_row, protect


def _and(items: list[str]) -> str:
    """«a, b og c» (the same in both standards)."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]


def _section_place(key: str, malform: Malform) -> str:
    """A section's title, with its sheet when the sheet is named otherwise."""
    section = SECTIONS_BY_KEY[key]
    title, sheet = section.title_in(malform), section.sheet_in(malform)
    return title if title == sheet else GUIDE_TEXTS[malform]["section_place"].format(title=title, sheet=sheet)


def _segment_lines(settings: FormSettings, malform: Malform) -> list[tuple[str, str]]:
    """What each segment fills in: its header fields, its sections and the expected fields."""
    t = GUIDE_TEXTS[malform]
    lines = [("text", t["segments_intro"])]
    labels = {f.key: f.label_in(malform) for f in HEADER_FIELDS}
    name_field = HEADER_FIELDS[0]
    sheet = positions.sheet_title(HEADER_SHEET, malform)
    for segment, segment_layout in settings.segment.items():
        fields = [labels[name_field.key], *(labels[k] for k in segment_layout.nokkelrader if k != name_field.key)]
        sections = [_section_place(k, malform) for k in segment_layout.seksjoner]
        text = t["segment"].format(segment=segment, sheet=sheet, fields=_and(fields))
        text += t["segment_sections"].format(sections=_and(sections)) if sections else t["segment_no_sections"]
        if segment_layout.forventet:
            text += t["segment_expected"].format(fields=_and([labels[k] for k in segment_layout.forventet]))
        lines.append(("text", text))
    return lines


def _sheet_lines(malform: Malform) -> list[tuple[str, str]]:
    """How to fill in each data sheet."""
    t = GUIDE_TEXTS[malform]
    required = [f.label_in(malform) for f in HEADER_FIELDS if f.meta.required]
    lines = [("text", t["tiltak_sheet"].format(sheet=positions.sheet_title(HEADER_SHEET, malform),
                                               required=_and(required)))]
    for anchor in positions.TABLES:
        section = SECTIONS_BY_KEY[anchor.section_key]
        sheet, title = section.sheet_in(malform), section.title_in(malform)
        if anchor.rows is None:
            lines.append(("text", t["preconditions_sheet"].format(sheet=sheet, title=title)))
        else:
            rows = positions.TEXTS[malform].intros[section.sheet].split(".")[0]  # «Én rad per leveranse»
            lines.append(("text", t["table_sheet"].format(sheet=sheet, title=title, rows=rows[0].lower() + rows[1:],
                                                          first=section.headers_in(malform)[0])))
    lines.append(("text", t["input_message"]))
    lines.append(("text", t["required_mark"]))
    return lines


def guide_lines(settings: FormSettings, malform: Malform = Malform.BOKMAL) -> list[tuple[str, str]]:
    """The guide sheet as (style, text) lines; style is title, heading or text ("" text = blank row)."""
    t = GUIDE_TEXTS[malform]
    version = str(settings.mal_versjon)
    suggest = [f.label_in(malform) for s in SECTIONS for f in s.columns if f.kind is Kind.SUGGEST]
    knytning = settings.vocabulary_in("knytning", malform) if "knytning" in settings.vokabular else []
    sizes = [f"{SECTIONS_BY_KEY[a.section_key].title_in(malform)} {a.rows}" for a in positions.TABLES
             if a.rows is not None]
    blank = ("text", "")
    return [
        ("title", t["title"]),
        ("text", t["version_line"].format(version=version)),
        blank,
        ("heading", t["h_purpose"]),
        ("text", t["purpose"]),
        ("text", t["machine"]),
        blank,
        ("heading", t["h_sheets"]),
        *_sheet_lines(malform),
        blank,
        ("heading", t["h_segments"]),
        *_segment_lines(settings, malform),
        blank,
        ("heading", t["h_long"]),
        *(("text", line) for line in t["long"]),
        blank,
        ("heading", t["h_values"]),
        ("text", t["dates"]),
        ("text", t["amounts"]),
        ("text", t["years"]),
        ("text", t["dropdowns"] + (t["suggestions"].format(fields=_and(suggest)) if suggest else "")),
        ("text", t["multi"].format(label=HEADER_FIELDS_BY_KEY["knytning"].label_in(malform), values=_and(knytning))),
        blank,
        ("heading", t["h_rows"]),
        ("text", t["rows"].format(sizes=", ".join(sizes))),
        *(("text", line) for line in t["rows_steps"]),
        blank,
        ("heading", t["h_check"]),
        ("text", t["check"].format(sheet=positions.CHECK_SHEET)),
        blank,
        ("heading", t["h_version"]),
        ("text", t["version"].format(version=version)),
    ]


def guide_sheet(ws: Worksheet, settings: FormSettings, malform: Malform = Malform.BOKMAL) -> None:
    """Write the guide on ``ws`` (the workbook's first sheet) and protect it."""
    ws.title = positions.sheet_title(positions.GUIDE_SHEET, malform)
    ws.column_dimensions["A"].width = GUIDE_WIDTH
    fonts = {"title": TITLE_FONT, "heading": HEADING_FONT, "text": TEXT_FONT}
    for row, (kind, text) in enumerate(guide_lines(settings, malform), start=1):
        cell = ws.cell(row, 1, text or None)
        cell.font, cell.alignment = fonts[kind], Alignment(vertical="top", wrap_text=True)
        fit_row(ws, row, [(text, GUIDE_WIDTH * (0.85 if kind == "text" else 0.7))], 22 if kind != "text" else 15)
    protect(ws)
