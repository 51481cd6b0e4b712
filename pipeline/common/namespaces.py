"""The XML namespaces of the Office formats, declared once (bare URIs; ``{URI}tag`` via :func:`tag`)."""

from __future__ import annotations

_OOXML = "http://schemas.openxmlformats.org"

#: WordprocessingML (document.xml, styles.xml …)
W = f"{_OOXML}/wordprocessingml/2006/main"
#: relationship ids inside a part (``r:id``, ``r:embed``)
R = f"{_OOXML}/officeDocument/2006/relationships"
#: the package's own .rels files
PKG_REL = f"{_OOXML}/package/2006/relationships"
#: [Content_Types].xml
CT = f"{_OOXML}/package/2006/content-types"
#: DrawingML, charts and the drawing anchors in Word
A = f"{_OOXML}/drawingml/2006/main"
C = f"{_OOXML}/drawingml/2006/chart"
WP = f"{_OOXML}/drawingml/2006/wordprocessingDrawing"
#: SpreadsheetML (workbook.xml, sheets, comments)
SML = f"{_OOXML}/spreadsheetml/2006/main"
#: document properties: custom, their value types, extended (app.xml), custom XML parts
CUSTOM_PROPS = f"{_OOXML}/officeDocument/2006/custom-properties"
VT = f"{_OOXML}/officeDocument/2006/docPropsVTypes"
EXTENDED_PROPS = f"{_OOXML}/officeDocument/2006/extended-properties"
CUSTOM_XML = f"{_OOXML}/officeDocument/2006/customXml"


def tag(namespace: str, name: str) -> str:
    """``{namespace}name``, as lxml writes a qualified name."""
    return f"{{{namespace}}}{name}"
