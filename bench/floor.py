"""The floor the merge is compared with: the least a merge must do, written naively.

Reads every workbook in a folder with openpyxl (``load_workbook``, every defined
name's cell and every table's cells) and writes a python-docx document with the
same tables: per tiltak a heading, a key/value table and one table per section,
cells filled through ``row.cells``. No checks, no template, no summary.

Usage: ``python bench/floor.py MAPPE UT.docx``
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import docx
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries


def read_book(path: Path) -> tuple[dict[str, object], dict[str, list[list[object]]]]:
    """(defined name -> value, table name -> rows of values incl. header)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = load_workbook(path, data_only=True)
    names: dict[str, object] = {}
    for name, defined in wb.defined_names.items():
        for sheet, coord in defined.destinations:
            if sheet in wb.sheetnames and ":" not in coord:
                names[name] = wb[sheet][coord.replace("$", "")].value
    tables: dict[str, list[list[object]]] = {}
    for ws in wb.worksheets:
        for table in ws.tables.values():
            min_col, min_row, max_col, max_row = range_boundaries(table.ref)
            tables[table.name] = [[c.value for c in row] for row in ws.iter_rows(min_row=min_row, max_row=max_row,
                                                                              min_col=min_col, max_col=max_col)]
    wb.close()
    return names, tables


def text(value: object) -> str:
    return "" if value is None else str(value)


def write_document(books: list[tuple[dict[str, object], dict[str, list[list[object]]]]], out: Path) -> None:
    document = docx.Document()
    for names, tables in books:
        document.add_heading(text(names.get("Tiltak_Navn")), level=2)
        fields = [(k, v) for k, v in names.items() if k.startswith(("Tiltak_", "Nytte_"))]
        table = document.add_table(rows=len(fields), cols=2)
        for row, (key, value) in zip(table.rows, fields):
            cells = row.cells
            cells[0].text, cells[1].text = key, text(value)
        for title, rows in tables.items():
            document.add_heading(title, level=3)
            rows = [r for i, r in enumerate(rows) if i == 0 or any(v is not None for v in r)]
            table = document.add_table(rows=len(rows), cols=len(rows[0]) if rows else 1)
            for row, values in zip(table.rows, rows):
                for cell, value in zip(row.cells, values):
                    cell.text = text(value)
    document.save(str(out))


def main(argv: list[str]) -> int:
    folder, out = Path(argv[0]), Path(argv[1])
    books = [read_book(p) for p in sorted(folder.glob("*.xlsx"), key=lambda p: p.name.casefold())]
    write_document(books, out)
    print(f"Skrev {out} ({len(books)} arbeidsbøker).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
