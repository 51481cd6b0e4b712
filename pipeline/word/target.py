"""The document being written: style ids by name, hyperlink relationships,
restarted list numbering and bookmark ids."""

from __future__ import annotations

from copy import deepcopy

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from pipeline.word.stylenames import style_ids_by_name, style_key
from pipeline.word import oxml
from pipeline.word.errors import TemplateError

__all__ = ["TemplateError", "WordTarget"]


class WordTarget:
    """Look-ups and counters for one document (implements ``RichTextTarget``)."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        styles = doc.styles.element
        # Style names are matched case-insensitively: Word writes built-in names as
        # "heading 1" / "toc 1", and a Norwegian Word writes localised style ids.
        self._styles = {s.get(qn("w:styleId")): s for s in styles.iter(qn("w:style"))}
        self._ids = style_ids_by_name(styles)
        self._links: dict[str, str] = {}
        self._numbering = None
        body = doc.element.body
        self._next_bookmark = 1 + max((int(b.get(qn("w:id"))) for b in body.iter(qn("w:bookmarkStart"))), default=0)

    def has_style(self, name: str) -> bool:
        return style_key(name) in self._ids

    def style_id(self, name: str) -> str:
        try:
            return self._ids[style_key(name)]
        except KeyError:
            raise TemplateError(f"Word-malen mangler stilen «{name}». Legg den til i malen, "
                                "eller lag malen på nytt (se docs/wordmal.md).") from None

    def link_id(self, url: str) -> str:
        """The relationship id of an external hyperlink to ``url``."""
        if url not in self._links:
            self._links[url] = self.doc.part.relate_to(url, RT.HYPERLINK, is_external=True)
        return self._links[url]

    def new_bookmark_id(self) -> int:
        self._next_bookmark += 1
        return self._next_bookmark - 1

    def restarted_numbering(self, start: int = 1, delimiter: str = ".") -> int:
        """A new ``w:num`` on the List Number definition that starts at ``start`` and prints
        the number followed by ``delimiter`` («1.» or «1)»)."""
        if self._numbering is None:
            self._numbering = _Numbering(self.doc, self._list_number_num_id())
        return self._numbering.restart(start, delimiter)

    def _list_number_num_id(self) -> str:
        style = self._styles.get(self.style_id("List Number"))
        while style is not None:
            num_id = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
            if num_id is not None:
                return num_id.get(qn("w:val"))
            based_on = style.find(qn("w:basedOn"))
            style = None if based_on is None else self._styles.get(based_on.get(qn("w:val")))
        raise TemplateError("Stilen «List Number» i Word-malen har ingen nummerering. "
                            "Lag malen på nytt (se docs/wordmal.md).")


class _Numbering:
    def __init__(self, doc: Document, style_num_id: str) -> None:
        try:
            self.root = doc.part.numbering_part.element
        except NotImplementedError:
            raise TemplateError("Word-malen har ingen nummereringsdefinisjoner (numbering.xml).") from None
        nums = {n.get(qn("w:numId")): n for n in self.root.iter(qn("w:num"))}
        if style_num_id not in nums:
            raise TemplateError(f"Nummereringen {style_num_id} som «List Number» bruker, finnes ikke i Word-malen.")
        self.abstract_id = nums[style_num_id].find(qn("w:abstractNumId")).get(qn("w:val"))
        self.next_id = 1 + max(int(n) for n in nums)
        self.last = list(nums.values())[-1]
        self.abstracts: dict[str, str] = {}  # delimiter -> abstractNumId

    def restart(self, start: int, delimiter: str = ".") -> int:
        num_id = self.next_id
        self.next_id += 1
        num = oxml.el(
            "w:num", {"w:numId": num_id},
            oxml.el("w:abstractNumId", {"w:val": self._abstract_for(delimiter)}),
            oxml.el("w:lvlOverride", {"w:ilvl": 0}, oxml.el("w:startOverride", {"w:val": start})),
        )
        self.last.addnext(num)
        self.last = num
        return num_id

    def _abstract_for(self, delimiter: str) -> str:
        """The List Number definition, or a copy of it whose first level reads ``%1`` + ``delimiter``."""
        if delimiter not in self.abstracts:
            abstracts = list(self.root.iter(qn("w:abstractNum")))
            source = next(a for a in abstracts if a.get(qn("w:abstractNumId")) == self.abstract_id)
            level = next(lvl for lvl in source.iter(qn("w:lvl")) if lvl.get(qn("w:ilvl")) == "0")
            text = level.find(qn("w:lvlText"))
            if text is not None and text.get(qn("w:val")) == f"%1{delimiter}":
                self.abstracts[delimiter] = self.abstract_id
                return self.abstract_id
            self.abstracts[delimiter] = str(1 + max(int(a.get(qn("w:abstractNumId"))) for a in abstracts))
            abstracts[-1].addnext(_copy_abstract(source, self.abstracts[delimiter], delimiter))
        return self.abstracts[delimiter]


def _copy_abstract(source, abstract_id: str, delimiter: str):
    """``source`` as a new ``w:abstractNum`` with ``abstract_id``, its first level ``%1`` + ``delimiter``.

    The copy has no ``w:nsid``/``w:tmpl`` (Word would take it for the same list) and its level
    is not tied to the List Number style (only the original is).
    """
    copy = deepcopy(source)
    copy.set(qn("w:abstractNumId"), abstract_id)
    for tag in ("w:nsid", "w:tmpl"):
        for child in copy.findall(qn(tag)):
            copy.remove(child)
    level = next(lvl for lvl in copy.iter(qn("w:lvl")) if lvl.get(qn("w:ilvl")) == "0")
    for child in level.findall(qn("w:pStyle")):
        level.remove(child)
    text = level.find(qn("w:lvlText"))
    if text is None:
        text = oxml.el("w:lvlText")
        level.append(text)
    text.set(qn("w:val"), f"%1{delimiter}")
    return copy
