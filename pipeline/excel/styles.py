"""Cell styles, number formats and row heights of the Excel template (openpyxl objects)."""

from __future__ import annotations

from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.contract.catalogue import FieldSpec
from pipeline.contract.kinds.registry import kind_of
from pipeline.contract.kinds.date import DATE_FORMAT
from pipeline.contract.kinds.number import EXTRA_DECIMALS_SHOWN
from pipeline.contract.kinds.text import TEXT_FORMAT

TABLE_STYLE = "TableStyleMedium2"

#: Every font is named: a font without a name is drawn in the spreadsheet program's own default
#: (a serif in LibreOffice), which also breaks fit-to-page-width when printing.
FONT_NAME = "Calibri"
TITLE_FONT = Font(name=FONT_NAME, bold=True, size=14)
HEADING_FONT = Font(name=FONT_NAME, bold=True, size=12)
TEXT_FONT = Font(name=FONT_NAME, size=11)
LABEL_FONT = Font(name=FONT_NAME, bold=True)
HELP_FONT = Font(name=FONT_NAME, italic=True, color="595959")
CAPTION_FILL = PatternFill(fill_type="solid", start_color="D9E1F2", end_color="D9E1F2")
INPUT_FILL = PatternFill(fill_type="solid", start_color="FFFFFF", end_color="FFFFFF")
LOCKED_FILL = PatternFill(fill_type="solid", start_color="EDEDED", end_color="EDEDED")
#: Conditional format: a required cell still empty, a row without a name.
MISSING_FILL = PatternFill(fill_type="solid", start_color="FFC7CE", end_color="FFC7CE", bgColor="FFC7CE")
THIN = Side(style="thin", color="A6A6A6")
INPUT_BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
UNLOCKED = Protection(locked=False)
TOP_WRAP = Alignment(vertical="top", wrap_text=True)
TOP = Alignment(vertical="top")

LABEL_WIDTH = 38
HELP_WIDTH = 70
GUIDE_WIDTH = 110
LONGTEXT_ROW_HEIGHT = 90


def number_format(spec: FieldSpec) -> str:
    """The number format of an input cell of this field (its kind decides)."""
    return kind_of(spec.kind).number_format(spec.meta)


def style_input(cell: Cell, spec: FieldSpec) -> None:
    """An input cell: unlocked, typed number format, wrapped when long text."""
    cell.protection = UNLOCKED
    cell.number_format = number_format(spec)
    cell.alignment = TOP_WRAP if spec.meta.is_text else TOP


def text_lines(text: str, width: float) -> int:
    """Estimated lines a wrapped text takes in a column ``width`` characters wide."""
    per_line = max(int(width * 1.05), 1)
    return sum(max(-(-len(part) // per_line), 1) for part in text.split("\n"))


def fit_row(ws: Worksheet, row: int, texts: list[tuple[str, float]], minimum: float = 15) -> None:
    """Set a row height that shows the wrapped ``(text, column width)`` pairs (Calc does not auto-fit)."""
    lines = max([text_lines(text, width) for text, width in texts if text] or [1])
    ws.row_dimensions[row].height = max(minimum, 15 * lines + 3)


def protect(ws: Worksheet) -> None:
    """Sheet protection without password; users may still resize rows and columns."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False

