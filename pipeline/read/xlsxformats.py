"""What the direct reader needs of openpyxl's rules, without importing openpyxl: the built-in number formats and
which of them are dates, Excel's serial dates, valid sheet titles, reserved names, part names and content types.

Importing any part of openpyxl loads the whole library (some 65 ms before the first file is read), so these few
constants and functions are copied here from openpyxl 3.1 (``styles/numbers.py``, ``utils/datetime.py``,
``workbook/child.py``, ``workbook/defined_name.py``, ``packaging/relationship.py``, ``xml/constants.py``; MIT
licence, © 2010–2024 openpyxl) with the same behaviour. ``tests/read/test_xlsxformats.py`` holds each one
against openpyxl's on the built-in formats and on generated values. The rare cases the reader hands to openpyxl
itself (shared formulas, merged cells, table parts beyond the plain ones, ISO dates in cells) import it then.
"""

from __future__ import annotations

import datetime
import posixpath
import re

from pipeline.common.namespaces import R, SML

# --- number formats (openpyxl/styles/numbers.py) -----------------------------------------------

BUILTIN_FORMATS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00",
    5: '"$"#,##0_);("$"#,##0)', 6: '"$"#,##0_);[Red]("$"#,##0)', 7: '"$"#,##0.00_);("$"#,##0.00)',
    8: '"$"#,##0.00_);[Red]("$"#,##0.00)', 9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??",
    14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "h:mm",
    21: "h:mm:ss", 22: "m/d/yy h:mm",
    37: "#,##0_);(#,##0)", 38: "#,##0_);[Red](#,##0)", 39: "#,##0.00_);(#,##0.00)", 40: "#,##0.00_);[Red](#,##0.00)",
    41: r'_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)', 42: r'_("$"* #,##0_);_("$"* \(#,##0\);_("$"* "-"_);_(@_)',
    43: r'_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)',
    44: r'_("$"* #,##0.00_)_("$"* \(#,##0.00\)_("$"* "-"??_)_(@_)',
    45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
}
BUILTIN_FORMATS_MAX_SIZE = 164

_LITERAL_GROUP = r'".*?"'  # anything in quotes
_LOCALE_GROUP = r"\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]"  # anything in square brackets, except hours, minutes, seconds
_STRIP_RE = re.compile(f"{_LITERAL_GROUP}|{_LOCALE_GROUP}")
_TIMEDELTA_RE = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)
_DATE_CHAR = re.compile(r"(?<![_\\])[dmhysDMHYS]")


def is_date_format(fmt: str | None) -> bool:
    """Whether a number format shows a date or a time (only its first section counts)."""
    if fmt is None:
        return False
    return _DATE_CHAR.search(_STRIP_RE.sub("", fmt.split(";")[0])) is not None


def is_timedelta_format(fmt: str | None) -> bool:
    """Whether a number format shows elapsed time (``[h]:mm:ss``)."""
    if fmt is None:
        return False
    return _TIMEDELTA_RE.search(fmt.split(";")[0]) is not None


# --- serial dates (openpyxl/utils/datetime.py) -------------------------------------------------

WINDOWS_EPOCH = datetime.datetime(1899, 12, 30)
CALENDAR_MAC_1904 = datetime.datetime(1904, 1, 1)
_SECS_PER_DAY = 86400


def from_excel(value, epoch: datetime.datetime = WINDOWS_EPOCH, timedelta: bool = False):
    """An Excel serial number as a ``datetime`` (a ``time`` below 1, a ``timedelta`` for elapsed time)."""
    if value is None:
        return None
    if timedelta:
        td = datetime.timedelta(days=value)
        if td.microseconds:  # round to millisecond precision
            td = datetime.timedelta(seconds=td.total_seconds() // 1, microseconds=round(td.microseconds, -3))
        return td
    day, fraction = divmod(value, 1)
    diff = datetime.timedelta(milliseconds=round(fraction * _SECS_PER_DAY * 1000))
    if 0 <= value < 1 and diff.days == 0:
        mins, seconds = divmod(diff.seconds, 60)
        hours, mins = divmod(mins, 60)
        return datetime.time(hours, mins, seconds, diff.microseconds)
    if 0 < value < 60 and epoch == WINDOWS_EPOCH:
        day += 1  # Excel's 29.02.1900, which never was
    return epoch + datetime.timedelta(days=day) + diff


def from_iso8601(text: str):
    """A cell of type ``d`` (rare: LibreOffice and Excel write serial numbers), as openpyxl reads it."""
    from openpyxl.utils.datetime import from_ISO8601

    return from_ISO8601(text)


# --- sheet titles and names (openpyxl/workbook/child.py, defined_name.py) ------------------------

INVALID_TITLE_REGEX = re.compile(r"[\\*?:/\[\]]")
_RESERVED = ("Print_Area", "Print_Titles", "Criteria", "_FilterDatabase", "Extract", "Consolidate_Area",
             "Sheet_Title")
RESERVED_REGEX = re.compile(r"^_xlnm\.(?P<name>{0})".format("|".join(_RESERVED)))


def avoid_duplicate_name(names: list[str], value: str) -> str:
    """``value``, or (when a title equal but for case exists) ``value`` with the next number after it."""
    if [n for n in names if n.lower() == value.lower()]:
        matches = re.compile(f"(?P<title>{re.escape(value)})(?P<count>\\d*),?", re.I).findall(",".join(names))
        if matches:
            counts = [int(idx) for (_, idx) in matches if idx.isdigit()]
            value = f"{value}{(max(counts) if counts else 0) + 1}"
    return value


# --- parts and content types (openpyxl/packaging/relationship.py, xml/constants.py) --------------

ARC_CONTENT_TYPES = "[Content_Types].xml"
ARC_STYLE = "xl/styles.xml"
ARC_WORKBOOK = "xl/workbook.xml"
REL_NS = R
SHEET_MAIN_NS = SML
SHARED_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
XLTX = "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml"
XLTM = "application/vnd.ms-excel.template.macroEnabled.main+xml"


def get_rels_path(path: str) -> str:
    """``xl/workbook.xml`` → ``xl/_rels/workbook.xml.rels``."""
    folder, obj = posixpath.split(path)
    return posixpath.join(folder, "_rels", f"{obj}.rels")


# --- Excel's escapes in shared strings ---------------------------------------------------------

_OOXML_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")


def unescape_ooxml(text: str) -> str:
    """Text as Excel stored it → as typed: ``_x000B_`` is U+000B, ``_x005F_`` an underscore.

    Excel writes characters XML cannot hold (and ``\\r``) this way in its shared strings;
    openpyxl leaves them as they are.
    """
    return _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text
