"""Small builders for WordprocessingML elements (lxml, no python-docx proxies).

Building ``w:p``/``w:tr`` directly keeps rendering linear in the size of the
document; python-docx's ``Table.cell()`` is quadratic.
"""

from __future__ import annotations

from docx.oxml.ns import qn
from docx.oxml.parser import oxml_parser

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


class _ClarkNames(dict):
    """``w:p`` → ``{http://…/main}p``, worked out once per name (a dict look-up after that)."""

    def __missing__(self, key: str) -> str:
        value = self[key] = qn(key)
        return value


_CLARK = _ClarkNames()
_make = oxml_parser.makeelement


def el(tag: str, attrs: dict[str, str] | None = None, *children) -> object:
    """A ``w:``-prefixed element with ``w:``-prefixed attributes and children.

    Made through python-docx's parser, so the element gets python-docx's element class. No
    namespace map is declared on the element: inserted into a part, it takes the part's
    ``w:`` prefix (lxml drops a redundant declaration, so declaring it costs time for nothing).
    """
    element = _make(_CLARK[tag])
    if attrs:
        for key, value in attrs.items():
            element.set(_CLARK[key], value if type(value) is str else str(value))
    if children:
        element.extend(children)
    return element


def text(value: str) -> object:
    t = el("w:t")
    t.text = value
    t.set(XML_SPACE, "preserve")
    return t


def run(value: str, style_id: str | None = None) -> object:
    r = el("w:r")
    if style_id:
        r.append(el("w:rPr", None, el("w:rStyle", {"w:val": style_id})))
    r.append(text(value))
    return r


def paragraph(style_id: str | None = None, *children, page_break_before: bool | None = None) -> object:
    """A ``w:p``; ``page_break_before`` set to True/False overrides the style."""
    p = el("w:p")
    if style_id or page_break_before is not None:
        ppr = el("w:pPr")
        if style_id:
            ppr.append(el("w:pStyle", {"w:val": style_id}))
        if page_break_before is not None:
            ppr.append(el("w:pageBreakBefore", {"w:val": "1" if page_break_before else "0"}))
        p.append(ppr)
    p.extend(children)
    return p


#: The children of ``w:pPr`` in the order the schema requires (ECMA-376 §17.3.1.26);
#: Word reports "unreadable content" for any other order.
PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
             "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
             "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
             "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
             "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")
_PPR_RANK = {qn(f"w:{name}"): rank for rank, name in enumerate(PPR_ORDER)}


def set_ppr(p, element) -> None:
    """Put ``element`` (``w:jc``, ``w:numPr`` …) into the ``w:pPr`` of paragraph ``p`` at its place
    in the schema order, replacing one of the same kind."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = el("w:pPr")
        p.insert(0, ppr)
    old = ppr.find(element.tag)
    if old is not None:
        ppr.remove(old)
    rank = _PPR_RANK[element.tag]
    index = sum(1 for child in ppr if _PPR_RANK.get(child.tag, len(_PPR_RANK)) < rank)
    ppr.insert(index, element)


def set_numbering(p, num_id: int, level: int = 0) -> None:
    """Give paragraph ``p`` its own ``w:numPr``."""
    set_ppr(p, el("w:numPr", None, el("w:ilvl", {"w:val": level}), el("w:numId", {"w:val": num_id})))


def hyperlink(r_id: str, value: str, style_id: str | None) -> object:
    """An external link (``r:id`` of a hyperlink relationship)."""
    link = el("w:hyperlink", {"w:history": "1"})
    link.set(qn("r:id"), r_id)
    link.append(run(value, style_id))
    return link


def anchor_link(anchor: str, *children) -> object:
    """A link to a bookmark inside the document."""
    return el("w:hyperlink", {"w:anchor": anchor, "w:history": "1"}, *children)


def field_runs(instruction: str, result: str = "") -> list:
    """The runs of a complex field (begin, instruction, separate, result, end)."""
    runs = [
        el("w:r", None, el("w:fldChar", {"w:fldCharType": "begin"})),
        el("w:r", None, instr_text(instruction)),
        el("w:r", None, el("w:fldChar", {"w:fldCharType": "separate"})),
    ]
    if result:
        runs.append(run(result))
    runs.append(el("w:r", None, el("w:fldChar", {"w:fldCharType": "end"})))
    return runs


def instr_text(instruction: str) -> object:
    t = el("w:instrText")
    t.text = f" {instruction} "
    t.set(XML_SPACE, "preserve")
    return t


def bookmark(p, bookmark_id: int, name: str) -> None:
    """Wrap the content of paragraph ``p`` in a bookmark."""
    start = el("w:bookmarkStart", {"w:id": bookmark_id, "w:name": name})
    ppr = p.find(qn("w:pPr"))
    p.insert(0 if ppr is None else 1, start)
    p.append(el("w:bookmarkEnd", {"w:id": bookmark_id}))


def shading(fill: str) -> object:
    return el("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": fill})


def paragraph_text(p) -> str:
    """The visible text of a ``w:p`` (all ``w:t`` in document order)."""
    return "".join(t.text or "" for t in p.iter(qn("w:t")))
