"""Cached formula results and the calculation settings of the template, written into the package.

openpyxl writes formulas without results and ``<calcPr calcId="124519" fullCalcOnLoad="1"/>``:
a preview or a reader that does not calculate (openpyxl ``data_only``) then shows empty cells,
and Excel, seeing an old ``calcId`` and a forced calculation, recalculates on opening and asks to
save a file nobody changed. The template stores its formulas' results instead (computed by
:func:`pipeline.excel.selfcheck.blank_values`, checked against LibreOffice in the tests) and
the ``calcId`` of current Excel versions without forcing a calculation.

Workbooks written by openpyxl from the template *object* (prefill) keep openpyxl's forced
calculation: their formulas have no stored results.
"""

from __future__ import annotations

from pipeline.excel.xlsxpatch import Package, cell_element, q

#: The calculation engine id of Excel 2019 / Microsoft 365: Excel opens the file without recalculating.
EXCEL_CALC_ID = "191029"


def store_results(data: bytes, sheet: str, values: dict[str, int | str]) -> bytes:
    """``data`` with ``values`` (cell → result) stored as the cached results of the formulas in ``sheet``.

    Raises ValueError for a cell in ``values`` that holds no formula (a result without a formula
    would be a typed value).
    """
    pkg = Package(data)
    root = pkg.xml(pkg.sheet_parts()[sheet])
    for coord, value in values.items():
        cell = cell_element(root, coord)
        if cell.find(q("f")) is None:
            raise ValueError(f"{sheet}!{coord} has no formula to store a result for")
        for old in cell.findall(q("v")):
            cell.remove(old)
        result = cell.makeelement(q("v"), {})
        result.text = str(value)
        cell.append(result)
        if isinstance(value, str):
            cell.set("t", "str")  # a formula's text result
        else:
            cell.attrib.pop("t", None)
    workbook = pkg.xml(pkg.workbook)
    calc = workbook.find(q("calcPr"))
    if calc is None:
        calc = workbook.makeelement(q("calcPr"), {})
        workbook.append(calc)
    calc.attrib.pop("fullCalcOnLoad", None)
    calc.set("calcId", EXCEL_CALC_ID)
    return pkg.save()
