"""The one normaliser of Word body content: what counts as an editor's work, as a token stream.

Both the whole-document guard (:mod:`pipeline.word.fingerprint`, "was this file edited since the
tool wrote it?") and the per-region fingerprints (:mod:`pipeline.word.regions`, "did an editor
change this chapter?") hash the tokens made here, so an edit is seen by both or by neither.

What counts (see docs/wordmal.md): each non-empty paragraph as its style *name* and its text; the
character formatting an editor sets (bold, italic, underline, strike-through, colour, highlight,
shading, a character style, caps, super/subscript), recorded where it changes along the text; the
target of a hyperlink; a manual page break; the table/row/cell structure. Left out, because Word and
LibreOffice change them on a save without edits: field results (the table of contents and its page
numbers), empty paragraphs, how text is split into runs, ids (``rsid``, bookmark ids), an explicit
default style, list numbering written out. Inside tables only text, links, breaks and structure count:
LibreOffice writes the table style's own bold and colours into every cell's runs on a re-save.

The walk is one pass over the elements (per paragraph one C-level iteration over its text and field
marks); the whole body and every region are hashed with the same rules (:func:`digest`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence

from pipeline.common.namespaces import R, W

#: Changes whenever the normalisation changes; a stored fingerprint of another version reads as "edited".
VERSION = "v3"

_W = W
_R_ID = f"{{{R}}}id"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


_P, _TBL, _TR, _TC, _R = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("r")
_T, _TAB, _BR, _CR, _NB_HYPHEN = _w("t"), _w("tab"), _w("br"), _w("cr"), _w("noBreakHyphen")
_FLD_CHAR, _FLD_SIMPLE, _FLD_TYPE, _HYPERLINK = _w("fldChar"), _w("fldSimple"), _w("fldCharType"), _w("hyperlink")
_ANCHOR, _TYPE, _VAL, _FILL = _w("anchor"), _w("type"), _w("val"), _w("fill")
_RPR, _PPR, _PSTYLE = _w("rPr"), _w("pPr"), _w("pStyle")
#: Block-level wrappers whose content is body content (content controls, custom XML, tracked insertions).
_BLOCK_CONTAINERS = frozenset({_w("sdt"), _w("sdtContent"), _w("customXml")})
_PLAIN = {_TAB: "\t", _CR: "\n", _NB_HYPHEN: "\u2011"}
_TEXT_TAGS = (_T, _TAB, _BR, _CR, _NB_HYPHEN, _FLD_CHAR)
_NOT_CONTENT = frozenset({_FLD_SIMPLE, _w("del"), _w("moveFrom")})
_STYLE_PATH = f"{_PPR}/{_PSTYLE}"
_FORMAT_TAGS = tuple(_w(t) for t in ("rStyle", "b", "i", "u", "strike", "dstrike", "color", "highlight", "shd",
                                       "caps", "smallCaps", "vertAlign"))
_OFF = {"0", "false", "off", "none", "auto"}
PAGE_BREAK = "\x0b<sideskift>"  # a token piece, never whitespace-only
TABLE, ROW, CELL, TABLE_END = "<tabell>", "<rad>", "<celle>", "</tabell>"


def style_names(styles_root) -> tuple[dict[str, str], str]:
    """Paragraph style id → lower-case name, and the default paragraph style's name."""
    names, default = {}, "normal"
    for style in styles_root.iter(_w("style")):
        if style.get(_w("type")) != "paragraph":
            continue
        name = style.find(_w("name"))
        style_id = style.get(_w("styleId"))
        label = (name.get(_VAL) if name is not None else style_id or "").casefold()
        names[style_id] = label
        if style.get(_w("default")) in ("1", "true", "on"):
            default = label
    return names, default


def run_formatting(run) -> tuple[str, ...]:
    """The character formatting of a run that an editor sees and sets (``b``, ``color=FF0000`` …),
    in a fixed order; switched-off properties and automatic colours count as none."""
    rpr = run.find(_RPR) if run is not None else None
    if rpr is None:
        return ()
    looks = []
    for tag in _FORMAT_TAGS:
        prop = rpr.find(tag)
        if prop is None:
            continue
        value = prop.get(_VAL) or prop.get(_FILL) or ""
        if value.casefold() in _OFF and tag != _FORMAT_TAGS[0]:
            continue
        looks.append(f"{tag[len(_W) + 2:]}={value}" if value else tag[len(_W) + 2:])
    return tuple(looks)


class Tokens:
    """The token stream of body elements of one document (styles and link targets from that document)."""

    def __init__(self, styles_root, links: Mapping[str, str], names: tuple[dict[str, str], str] | None = None) -> None:
        self.names, self.default = names or style_names(styles_root)
        self.links = links
        self.depth = 0  # inside a complex field (begin … end): its result is not content
        self.tables = 0  # inside a table: formatting does not count (see the module docstring)

    def of(self, elements: Iterable) -> list[str]:
        """The tokens of ``elements`` (top-level body elements, or a ``w:body``'s children), in order."""
        out: list[str] = []
        for element in elements:
            self._block(element, out)
        return out

    def _block(self, element, out: list[str]) -> None:
        tag = element.tag
        if tag == _P:
            self._paragraph(element, out)
        elif tag == _TBL:
            out.append(TABLE)
            self.tables += 1
            for child in element:
                self._block(child, out)
            self.tables -= 1
            out.append(TABLE_END)
        elif tag == _TR:
            out.append(ROW)
            for child in element:
                self._block(child, out)
        elif tag == _TC:
            out.append(CELL)
            for child in element:
                self._block(child, out)
        elif tag in _BLOCK_CONTAINERS:
            for child in element:
                self._block(child, out)

    def _paragraph(self, p, out: list[str]) -> None:
        pieces: list[str] = []
        shown: tuple = ()
        for node in p.iter(*_TEXT_TAGS):  # one C-level pass over what can be content
            tag = node.tag
            if tag == _FLD_CHAR:
                kind = node.get(_FLD_TYPE)
                if kind == "begin":
                    self.depth += 1
                elif kind == "end" and self.depth:
                    self.depth -= 1
                continue
            run = node.getparent()
            if self.depth or run.tag != _R:  # a field result, or a tab stop in w:pPr
                continue
            link = self._link(run.getparent(), p)
            if link is None:  # inside w:fldSimple (a field result) or w:del
                continue
            if tag == _T:
                piece = node.text or ""
            elif tag == _BR:
                piece = PAGE_BREAK if node.get(_TYPE) == "page" else "\n"
            else:
                piece = _PLAIN[tag]
            if piece.strip():
                looks = (link, *run_formatting(run)) if not self.tables else (link,)
                if looks != shown:
                    pieces.append(f"\x1d{'|'.join(looks)}\x1d")
                    shown = looks
            pieces.append(piece)
        joined = "".join(pieces)
        if joined.strip():
            style = p.find(_STYLE_PATH)
            name = self.default if style is None else self.names.get(style.get(_VAL), style.get(_VAL))
            out.append(f"{name}\x1f{joined}")

    def _link(self, container, p) -> str | None:
        """The target of the hyperlink a run is in ("" for none); ``None`` when the run is not content."""
        while container is not None and container is not p:
            tag = container.tag
            if tag == _HYPERLINK:
                r_id = container.get(_R_ID)
                return self.links.get(r_id, r_id) if r_id else "#" + (container.get(_ANCHOR) or "")
            if tag in _NOT_CONTENT:
                return None
            container = container.getparent()
        return ""


def digest(tokens: Sequence[str]) -> str:
    """``v3:<sha256>`` of a token stream."""
    return f"{VERSION}:{hashlib.sha256(chr(0x1e).join(tokens).encode('utf-8')).hexdigest()}"
