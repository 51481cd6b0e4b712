"""Where everything sits in the Excel template (pure data, no openpyxl).

Owned by the template generator; the reader uses :func:`static_texts` to tell the
template's own labels from content a user typed outside the contract's cells.
"""

from __future__ import annotations

GUIDE_SHEET = "Veiledning"  # the template's own text; not read
LIST_SHEET = "Lister"  # hidden sheet with the dropdown lists; not read


def static_texts() -> dict[tuple[str, str], str]:
    """(sheet, coordinate) -> the template's own text in that cell (labels, titles, help)."""
    return {}
