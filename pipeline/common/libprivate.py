"""The private attributes of openpyxl and python-docx that the package needs, each behind one small
function that says why. Nothing else touches them; tests/common/test_libprivate.py fails loudly (naming the
attribute) when a new version of a library renames or changes one.

Why not the public API:
- ``Part._blob`` (python-docx): a plain part (app.xml, our custom XML) has a read-only ``blob``; the only way
  to give it new bytes without rebuilding the package is to set ``_blob``, which ``blob`` returns.
- ``Worksheet._cells`` (openpyxl): ``iter_rows()`` creates a cell for every position of the used range, so one
  stray cell at XFD1048576 would mean 17 billion cells; ``_cells`` holds only the cells the file has.
- ``Cell._style`` (openpyxl): the cell's whole style (font, fill, border, number format, alignment,
  protection) as one array of indexes; copying it is how openpyxl itself copies a style, and does not add a
  new named style per cell as assigning each public attribute would.
"""

from __future__ import annotations

from copy import copy
from types import MappingProxyType
from typing import Any, Mapping

from pipeline.common.errors import EXIT_INTERNAL, PipelineError


class LibraryChanged(PipelineError):
    """A library no longer has the private attribute the package relies on (a programming error: exit 3)."""

    exit_code = EXIT_INTERNAL


def _require(obj: Any, attribute: str, library: str) -> None:
    if not hasattr(obj, attribute):
        raise LibraryChanged(f"{library} har ikke lenger {type(obj).__name__}.{attribute}; "
                             "se pipeline/common/libprivate.py")


def set_part_blob(part: Any, blob: bytes) -> None:
    """python-docx: give a plain part new bytes (``part.blob`` is read-only)."""
    _require(part, "_blob", "python-docx")
    part._blob = blob


def stored_cells(ws: Any) -> Mapping[tuple[int, int], Any]:
    """openpyxl: the cells stored in the sheet, read-only, by (row, column), without creating any."""
    _require(ws, "_cells", "openpyxl")
    return MappingProxyType(ws._cells)


def copy_cell_style(source: Any, target: Any) -> None:
    """openpyxl: give ``target`` the whole style of ``source``."""
    _require(source, "_style", "openpyxl")
    target._style = copy(source._style)
