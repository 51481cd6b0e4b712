"""Tables as ``w:tbl`` elements: named table style, fixed column widths,
repeating header rows and rows that do not split across pages."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.word import oxml

#: A cell's left and right margins (85 twips each in the table style) plus a little slack, in twips.
CELL_PADDING = 200
#: The table text size (9 pt) in twips: advance widths below are in 1/1000 of it.
_EM_TWIPS = 180
#: Advance widths of Calibri (Carlito has the same metrics), 1/1000 em, rounded up over the
#: regular and bold faces so one table serves header (bold) and body text.
_ADVANCE = {
    **dict.fromkeys("'ilj,.I:;!|", 280),
    **dict.fromkeys("ftr()-J[]", 360),
    **dict.fromkeys('szc/"xvygkLFSZ?*+=<>', 480),
    **dict.fromkeys("0123456789aåeETY–", 510),
    **dict.fromkeys("bdhnpquoøéü«»CP#$_", 545),
    **dict.fromkeys("KXBR", 565),
    **dict.fromkeys("VADHGUNOØQ", 690),
    **dict.fromkeys("w%&æÆ@", 780),
    **dict.fromkeys("mMW—", 910),
}
_DEFAULT_LOWER, _DEFAULT_UPPER = 560, 690
#: Column widths are tried in steps of this many twips when not every word fits.
_STEP = 50
#: Where a line may break inside a run of non-space characters: after a hyphen before a letter.
_BREAK_AFTER_HYPHEN = re.compile(r"(?<=-)(?=[^\W\d_])")


@lru_cache(maxsize=1 << 16)  # the same words in every chapter
def text_twips(text: str) -> int:
    """Estimated printed width of ``text`` in the table font (9 pt Calibri), in twips."""
    units = sum(_ADVANCE.get(c, _DEFAULT_UPPER if c.isupper() else _DEFAULT_LOWER) for c in text)
    return -(-units * _EM_TWIPS // 1000)


def words(text: str) -> list[str]:
    """The pieces of ``text`` a line cannot break inside: split at spaces and after hyphens."""
    return [piece for word in text.split() for piece in _BREAK_AFTER_HYPHEN.split(word)]


def word_twips(texts: Iterable[str]) -> int:
    """Twips a column needs so that the longest word of ``texts`` fits on one line."""
    return max(word_widths(texts), default=0) + CELL_PADDING


def word_widths(texts: Iterable[str]) -> list[int]:
    """The printed width (twips, without cell padding) of every word of ``texts``."""
    return [text_twips(w) for t in texts for w in words(t)]


def cell_word_widths(cells: Iterable[TableCell]) -> list[int]:
    """Twips each word of ``cells`` needs to fit on one line of its column, cell padding included."""
    return [w + CELL_PADDING for w in word_widths(oxml.paragraph_text(p) for cell in cells for p in cell.paragraphs)]


# tblLook bits (ECMA-376 17.4.56): which conditional formats of the table style apply.
_FIRST_ROW, _FIRST_COLUMN, _NO_HBAND, _NO_VBAND = 0x0020, 0x0080, 0x0200, 0x0400


@dataclass
class TableCell:
    """The paragraphs of one cell (``w:p`` elements) and an optional shading fill."""

    paragraphs: list = field(default_factory=list)
    fill: str | None = None


def column_widths(weights: Sequence[int], total: int, minimums: Sequence[int] | None = None) -> list[int]:
    """Split ``total`` (twips) over columns: each gets its minimum, the rest is shared in
    proportion to ``weights`` (all-zero weights: equally). When the minimums do not fit,
    only the widest are cut (to one common width), so the narrow columns still get theirs.
    The widths always add up to ``total``.
    """
    count = len(weights)
    if not count:
        return []
    weights = [max(w, 0) for w in weights]
    if not any(weights):
        weights = [1] * count
    minimums = list(minimums) if minimums is not None else [0] * count
    if sum(minimums) > total:
        minimums = _cap(minimums, total)
    spare = total - sum(minimums)
    widths = [m + spare * w // sum(weights) for m, w in zip(minimums, weights, strict=True)]
    widths[-1] += total - sum(widths)
    return widths


def fit_columns(word_needs: Sequence[Sequence[int]], floors: Sequence[int], weights: Sequence[int],
                total: int) -> list[int]:
    """Column widths (twips, adding up to ``total``) at which as many words as possible fit.

    ``word_needs[i]`` is the width each word of column i needs, ``floors[i]`` the least width
    of column i (its header, a date). When every column's longest word fits, each column gets
    that and the rest is shared by ``weights`` (as :func:`column_widths`). Otherwise the width
    left over the floors goes where it lets the most words fit.
    """
    needs = [max([floor, *column]) for floor, column in zip(floors, word_needs, strict=True)]
    if sum(needs) <= total:
        return column_widths(weights, total, needs)
    return column_widths(weights, total, _most_words(word_needs, _cap(list(floors), total), total))


def _most_words(word_needs: Sequence[Sequence[int]], floors: list[int], total: int) -> list[int]:
    """Widths from ``floors`` up, adding up to at most ``total``, at which the most words
    fit: a knapsack over the spare width in steps of ``_STEP`` twips."""
    spare = max(total - sum(floors), 0) // _STEP
    best, picks = [0] * (spare + 1), []
    for floor, column in zip(floors, word_needs, strict=True):
        options = _options(floor, column, spare)
        fitted, pick = [-1] * (spare + 1), [0] * (spare + 1)
        for budget in range(spare + 1):
            for units, words_fitted in options:
                if units <= budget and best[budget - units] + words_fitted > fitted[budget]:
                    fitted[budget], pick[budget] = best[budget - units] + words_fitted, units
        best = fitted
        picks.append(pick)
    widths, budget = [], spare
    for floor, pick in reversed(list(zip(floors, picks, strict=True))):
        widths.append(floor + pick[budget] * _STEP)
        budget -= pick[budget]
    return widths[::-1]


def _options(floor: int, needs: Sequence[int], spare: int) -> list[tuple[int, int]]:
    """(extra steps, words that then fit) for each width worth giving a column, cheapest first."""
    steps = Counter(max(-(-(need - floor) // _STEP), 0) for need in needs)
    fitted = steps.pop(0, 0)
    options = [(0, fitted)]
    for units in sorted(steps):
        if units > spare:
            break
        fitted += steps[units]
        options.append((units, fitted))
    return options


def _cap(minimums: list[int], total: int) -> list[int]:
    """``minimums`` cut to the largest common ceiling at which they add up to ``total``."""
    used = 0
    for index, value in enumerate(ordered := sorted(minimums)):
        left = len(ordered) - index
        if value * left > total - used:
            ceiling = (total - used) // left
            return [min(m, ceiling) for m in minimums]
        used += value
    return list(minimums)


def table(style_id: str, widths: list[int], rows: list[list[TableCell]], *,
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


def _row(cells: list[TableCell], widths: list[int], header: bool) -> object:
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
