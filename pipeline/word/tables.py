"""Tables as ``w:tbl`` elements: named table style, fixed column widths,
repeating header rows and rows that do not split across pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.word import oxml

#: Width estimate for a bold 9 pt letter and for a cell's margins, in twips (1/20 pt).
CHAR_TWIPS = 85
CELL_PADDING = 200


def word_twips(texts: Sequence[str]) -> int:
    """Twips a column needs so that the longest word of ``texts`` fits on one line."""
    longest = max((len(w) for t in texts for w in t.split()), default=0)
    return longest * CHAR_TWIPS + CELL_PADDING


# tblLook bits (ECMA-376 17.4.56): which conditional formats of the table style apply.
_FIRST_ROW, _FIRST_COLUMN, _NO_HBAND, _NO_VBAND = 0x0020, 0x0080, 0x0200, 0x0400


@dataclass
class Cell:
    """The paragraphs of one cell (``w:p`` elements) and an optional shading fill."""

    paragraphs: list = field(default_factory=list)
    fill: str | None = None


def column_widths(weights: Sequence[int], total: int, minimums: Sequence[int] | None = None) -> list[int]:
    """Split ``total`` (twips) over columns: each gets its minimum, the rest is shared in
    proportion to ``weights`` (all-zero weights: equally). Minimums that do not fit are
    scaled down. The widths always add up to ``total``.
    """
    count = len(weights)
    if not count:
        return []
    weights = [max(w, 0) for w in weights]
    if not any(weights):
        weights = [1] * count
    minimums = list(minimums) if minimums is not None else [0] * count
    if sum(minimums) > total:
        minimums = [m * total // sum(minimums) for m in minimums]
    spare = total - sum(minimums)
    widths = [m + spare * w // sum(weights) for m, w in zip(minimums, weights, strict=True)]
    widths[-1] += total - sum(widths)
    return widths


def table(style_id: str, widths: list[int], rows: list[list[Cell]], *,
          header_rows: int = 0, first_column: bool = False) -> object:
    """A ``w:tbl`` with ``header_rows`` repeated on every page and no row split."""
    look = _NO_HBAND | _NO_VBAND | (_FIRST_ROW if header_rows else 0) | (_FIRST_COLUMN if first_column else 0)
    tbl_pr = oxml.el(
        "w:tblPr", None,
        oxml.el("w:tblStyle", {"w:val": style_id}),
        oxml.el("w:tblW", {"w:w": sum(widths), "w:type": "dxa"}),
        oxml.el("w:tblLayout", {"w:type": "fixed"}),
        oxml.el("w:tblLook", {"w:val": f"{look:04X}", "w:firstRow": int(bool(header_rows)), "w:lastRow": 0,
                              "w:firstColumn": int(first_column), "w:lastColumn": 0,
                              "w:noHBand": 1, "w:noVBand": 1}),
    )
    grid = oxml.el("w:tblGrid", None, *(oxml.el("w:gridCol", {"w:w": w}) for w in widths))
    tbl = oxml.el("w:tbl", None, tbl_pr, grid)
    for index, cells in enumerate(rows):
        tbl.append(_row(cells, widths, header=index < header_rows))
    return tbl


def _row(cells: list[Cell], widths: list[int], header: bool) -> object:
    tr_pr = oxml.el("w:trPr", None, oxml.el("w:cantSplit"))
    if header:
        tr_pr.append(oxml.el("w:tblHeader"))
    tr = oxml.el("w:tr", None, tr_pr)
    for cell, width in zip(cells, widths, strict=True):
        tc_pr = oxml.el("w:tcPr", None, oxml.el("w:tcW", {"w:w": width, "w:type": "dxa"}))
        if cell.fill:
            tc_pr.append(oxml.shading(cell.fill))
        tr.append(oxml.el("w:tc", None, tc_pr, *(cell.paragraphs or [oxml.paragraph()])))
    return tr
