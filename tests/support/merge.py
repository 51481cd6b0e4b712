"""Reading a merged DOCX back into chapters, for assertions."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from tests.support.paths import ROOT, copy_history
INPUT = ROOT / "input"


@dataclass
class Chapter:
    segment: str
    title: str
    notes: list[str] = field(default_factory=list)
    note_styles: list[str] = field(default_factory=list)  # the style of each note, in order
    key_values: list[tuple[str, str]] = field(default_factory=list)
    sections: dict[str, list[list[str]]] = field(default_factory=dict)  # title -> rows incl. header


def _style(paragraph: Paragraph) -> str:
    return paragraph.style.name if paragraph.style is not None else ""


def chapters(path: Path) -> list[Chapter]:
    """Heading 1 = segment, Heading 2 = tiltak, Heading 3 = section; tables in between."""
    document = docx.Document(str(path))
    out: list[Chapter] = []
    segment = ""
    section: str | None = None
    in_summary = False
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            style = _style(block)
            if style == "Heading 1":
                segment, section = block.text, None
                in_summary = block.text == "Sammendrag"
            elif style == "Heading 2" and not in_summary:
                out.append(Chapter(segment, block.text))
                section = None
            elif style == "Heading 3" and out and not in_summary:
                section = block.text
            elif style in ("Merknad", "Endringsmerknad") and out and not in_summary:
                out[-1].notes.append(block.text)
                out[-1].note_styles.append(style)
        elif isinstance(block, Table) and out and not in_summary:
            rows = [[cell.text for cell in row.cells] for row in block.rows]
            if section is None:
                out[-1].key_values = [(r[0], r[1]) for r in rows]
            else:
                out[-1].sections[section] = rows
    return out


def copy_examples(target: Path, names: list[str] | None = None) -> Path:
    """The bundled examples (all, or the given file names) and rapport.toml in a fresh folder."""
    target.mkdir(parents=True, exist_ok=True)
    for book in sorted(INPUT.glob("*.xlsx")):
        if names is None or book.name in names:
            shutil.copy(book, target / book.name)
    shutil.copy(INPUT / "rapport.toml", target / "rapport.toml")
    copy_history(target)
    return target


def type_into_table(path: Path, table: str, column: str, values: list) -> None:
    """Write ``values`` down a table column from its first data row, as an actor types them (text or numbers)."""
    import openpyxl
    from openpyxl.worksheet.cell_range import CellRange

    from pipeline.excel.prefill import find_table

    wb = openpyxl.load_workbook(path)
    ws, tbl = find_table(wb, table)
    first_row = CellRange(tbl.ref).min_row
    col = [c.value for c in ws[first_row]].index(column) + 1
    for i, value in enumerate(values):
        ws.cell(first_row + 1 + i, col).value = value
    wb.save(path)


def type_into_field(path: Path, name: str, value) -> None:
    """Write ``value`` into the single field with the defined name ``name``."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    sheet, coord = next(iter(wb.defined_names[name].destinations))
    wb[sheet][coord.replace("$", "")] = value
    wb.save(path)


def expect_only(folder: Path, names: list[str]) -> Path:
    """Cut ``rapport.toml`` in ``folder`` down to the ``[[forventet]]`` entries for ``names``
    (so that a merge of just these workbooks can be complete: exit code 0)."""
    path = folder / "rapport.toml"
    head, *blocks = re.split(r"^\[\[forventet\]\]$", path.read_text(encoding="utf-8"), flags=re.M)
    kept = [b for b in blocks if any(f'navn = "{name}"' in b for name in names)]
    path.write_text(head + "".join("[[forventet]]" + b for b in kept), encoding="utf-8")
    return path


def expect_copied(folder: Path) -> Path:
    """Cut ``rapport.toml`` in ``folder`` down to the tiltak of the workbooks in it (read by their
    ``Tiltak_Navn``), so a merge of just these can be complete: exit code 0."""
    import openpyxl

    names = []
    for book in sorted(folder.glob("*.xlsx")):
        wb = openpyxl.load_workbook(book, read_only=False)
        sheet, coord = next(iter(wb.defined_names["Tiltak_Navn"].destinations))
        names.append(str(wb[sheet][coord.replace("$", "")].value))
    return expect_only(folder, names)
