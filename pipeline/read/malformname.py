"""The written standard a workbook declares: the defined name ``Mal_Malform`` (see :mod:`pipeline.common.malform`).

The template records it as a literal (``="nynorsk"``, the same style as ``Mal_Versjon``); a name pointing at a
cell is read from that cell. A workbook without the name is bokmål (``None`` here: it declares nothing); a value
that names no standard is an ``ukjent-malform`` warning, and the workbook is treated as bokmål.
"""

from __future__ import annotations

from pipeline.common.malform import MALFORM_NAME, Malform, parse_malform
from pipeline.contract.issues import Code, Issue
from pipeline.read.names import _single_cell_target, find_defined_name
from pipeline.read.sheetindex import WorkbookIndex


def declared_malform(index: WorkbookIndex) -> tuple[Malform | None, list[Issue]]:
    """The standard the workbook's ``Mal_Malform`` names (``None`` without the name), and its issue."""
    scoped = {MALFORM_NAME.casefold(): [(s.title, dn) for s in index.sheets for n, dn in s.defined_names
                                        if n.casefold() == MALFORM_NAME.casefold()]}
    dn = find_defined_name(MALFORM_NAME, "", index.defined_names, scoped)
    if dn is None:
        return None, []
    target = str(dn.attr_text or "").strip()
    text = target[1:].strip() if target.startswith("=") else target
    if len(text) >= 2 and text[0] == text[-1] == '"':
        value: object = text[1:-1].replace('""', '"')
    elif (found := _single_cell_target(index, text)) is not None:
        sheet, row, col = found
        value = sheet.value(row, col)
    else:
        value = target
    malform = parse_malform(value)
    if malform is None:
        return None, [index.issue(Code.UNKNOWN_MALFORM, value=value, name=MALFORM_NAME)]
    return malform, []
