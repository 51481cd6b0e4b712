"""The Excel template generator: the field catalogue and the settings as a workbook.

:func:`build_template` is pure (settings in, :class:`openpyxl.Workbook` out);
:func:`write_template` saves it. Positions come from :mod:`pipeline.contract.positions`,
fields from :mod:`pipeline.contract.catalogue`, vocabularies and segment layout from the
settings. The sheets are written by :mod:`pipeline.excel.guide` and
:mod:`pipeline.excel.sheets`. The content is deterministic: no timestamps in cells.

``malform`` chooses the written standard: the nynorsk template has the same defined names,
tables, cells and ``Mal_Versjon`` with nynorsk texts and list values, and both record their
standard in the defined name ``Mal_Malform``.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.common.atomic import write_atomic
from pipeline.common.malform import Malform
from pipeline.contract.catalogue import NYTTE_SHEET
from pipeline.contract.settings import FormSettings
from pipeline.contract import positions
from pipeline.excel.guide import guide_lines, guide_sheet
from pipeline.excel.calccache import store_results
from pipeline.excel.selfcheck import blank_values, check_sheet
from pipeline.excel.sheets import list_sheet, nytte_sheet, table_sheet, tiltak_sheet
from pipeline.excel.styles import DATE_FORMAT, GUIDE_WIDTH, fit_row

#: Fixed timestamps make the file byte-for-byte reproducible (no spurious changes in git).
_FIXED_TIME = datetime(2021, 1, 1)


#: A4 portrait width and the default left + right margins (0,75" each), in points.
_A4_WIDTH_PT, _MARGINS_PT = 595, 108


def guide_print_scale() -> int:
    """Percent at which the guide's one column (``GUIDE_WIDTH`` characters of Calibri 11, 7 px
    each plus 5 px padding, 0,75 pt per px) fits between the margins of an A4 portrait page."""
    column_pt = (GUIDE_WIDTH * 7 + 5) * 0.75
    return min(100, int((_A4_WIDTH_PT - _MARGINS_PT) * 100 // column_pt))


def _print_setup(ws: Worksheet) -> None:
    """Printing (or PDF export) fits every sheet to one page wide; tables in landscape.

    The guide gets a fixed scale instead: LibreOffice ignores fit-to-width on it (its rows have
    set heights) and printed it cut off at the right edge.
    """
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if ws.title in (positions.GUIDE_SHEET, positions.GUIDE_SHEET_NN):
        ws.page_setup.orientation = "portrait"
        ws.page_setup.scale = guide_print_scale()
        return
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.page_setup.orientation = "landscape"


def build_template(settings: FormSettings, malform: Malform = Malform.BOKMAL) -> Workbook:
    """The empty innrapportering workbook for these settings, in the written standard ``malform``."""
    wb = Workbook()
    guide_sheet(wb.active, settings, malform)
    tiltak_sheet(wb, settings, malform)
    for anchor in positions.TABLES:
        if anchor.sheet != NYTTE_SHEET:
            table_sheet(wb, anchor, settings, malform)
    nytte_sheet(wb, settings, malform)
    check_sheet(wb, settings, malform)
    list_sheet(wb, settings, malform)
    expected = tuple(positions.sheet_title(s, malform) for s in positions.SHEET_ORDER)
    assert tuple(wb.sheetnames) == expected, wb.sheetnames
    for ws in wb.worksheets:
        _print_setup(ws)
    wb.active = 0
    wb.properties.creator = "innrapportering"
    wb.properties.title = "Innrapportering – Nasjonal e-helseportefølje"
    return wb


def template_bytes(settings: FormSettings, malform: Malform = Malform.BOKMAL) -> bytes:
    """The template as .xlsx bytes, identical for identical settings and standard."""
    wb = build_template(settings, malform)
    wb.properties.created = wb.properties.modified = _FIXED_TIME
    raw = io.BytesIO()
    wb.save(raw)
    raw = io.BytesIO(store_results(raw.getvalue(), positions.CHECK_SHEET, blank_values(settings, malform)))
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" with the time of saving
                data = re.sub(rb"<dcterms:modified([^>]*)>[^<]*<", rb"<dcterms:modified\1>2021-01-01T00:00:00Z<", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, data)
    return out.getvalue()


def write_template(path: Path, settings: FormSettings, malform: Malform = Malform.BOKMAL) -> Path:
    """Build the template in ``malform`` and save it at ``path`` (atomically); returns ``path``."""
    return write_atomic(Path(path), template_bytes(settings, malform))


#: ``DATE_FORMAT`` and ``fit_row`` (from :mod:`pipeline.excel.styles`) and ``guide_lines`` are
#: re-exported for existing callers (prefill, tests).
__all__ = ["build_template", "template_bytes", "write_template", "guide_lines", "DATE_FORMAT", "fit_row"]
