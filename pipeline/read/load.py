"""Load checked workbook bytes with openpyxl: cached formula values, no macros, no external links.

Excel's ``_xHHHH_`` escapes in shared strings are decoded on the way in.
"""

from __future__ import annotations

import warnings
from io import BytesIO
from xml.etree import ElementTree

import openpyxl.xml
from lxml import etree
from openpyxl.cell.text import Text
from openpyxl.reader.excel import ExcelReader
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from pipeline.read.xlsxformats import unescape_ooxml

if not openpyxl.xml.DEFUSEDXML:  # pragma: no cover - configuration error, not bad input
    raise RuntimeError("openpyxl må bruke defusedxml (installer defusedxml, ikke sett OPENPYXL_DEFUSEDXML=False)")



def _read_string_table(source) -> list[str]:
    """openpyxl's shared-string reader, with Excel's ``_xHHHH_`` escapes decoded."""
    strings = []
    tag = "{%s}si" % SHEET_MAIN_NS
    for _, node in iterparse(source):
        if node.tag == tag:
            strings.append(unescape_ooxml(Text.from_tree(node).content))
            node.clear()
    return strings


class _UnescapingExcelReader(ExcelReader):
    def read_strings(self) -> None:
        part = self.package.find(SHARED_STRINGS)
        if part is not None:
            with self.archive.open(part.PartName[1:]) as source:
                self.shared_strings = _read_string_table(source)


def load_workbook_bytes(data: bytes):
    """The openpyxl workbook in ``data``; raises whatever openpyxl raises for a damaged file."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = _UnescapingExcelReader(BytesIO(data), read_only=False, keep_vba=False, data_only=True,
                                        keep_links=False)
        reader.read()
        return reader.wb


def load_failure_detail(exc: Exception) -> str:
    """Why openpyxl could not load the file, for the CORRUPT issue."""
    if type(exc).__module__.startswith("defusedxml"):
        return "filen inneholder XML som av sikkerhetshensyn ikke leses"
    if isinstance(exc, KeyError):
        return "en del av arbeidsboken mangler"
    if isinstance(exc, (etree.XMLSyntaxError, ElementTree.ParseError)):
        return "XML-innholdet er ødelagt"
    return f"arbeidsboken kan ikke tolkes: {type(exc).__name__}"
