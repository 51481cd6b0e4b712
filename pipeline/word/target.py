"""The document being written: style ids by name, hyperlink relationships,
restarted list numbering and bookmark ids."""

from __future__ import annotations

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from pipeline.word import oxml


class TemplateError(ValueError):
    """The Word template lacks something the renderer needs. The message is Norwegian."""


class WordTarget:
    """Look-ups and counters for one document (implements ``RichTextTarget``)."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        styles = doc.styles.element
        # Style names are matched case-insensitively: Word writes built-in names as
        # "heading 1" / "toc 1", and a Norwegian Word writes localised style ids.
        self._styles = {s.get(qn("w:styleId")): s for s in styles.iter(qn("w:style"))}
        self._ids = {}
        for style_id, style in self._styles.items():
            name = style.find(qn("w:name"))
            if name is not None:
                self._ids.setdefault(name.get(qn("w:val")).lower(), style_id)
        self._links: dict[str, str] = {}
        self._numbering = None
        body = doc.element.body
        self._next_bookmark = 1 + max((int(b.get(qn("w:id"))) for b in body.iter(qn("w:bookmarkStart"))), default=0)

    def has_style(self, name: str) -> bool:
        return name.lower() in self._ids

    def style_id(self, name: str) -> str:
        try:
            return self._ids[name.lower()]
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

    def restarted_numbering(self, start: int = 1) -> int:
        """A new ``w:num`` on the List Number definition that starts at ``start``."""
        if self._numbering is None:
            self._numbering = _Numbering(self.doc, self._list_number_num_id())
        return self._numbering.restart(start)

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

    def restart(self, start: int) -> int:
        num_id = self.next_id
        self.next_id += 1
        num = oxml.el(
            "w:num", {"w:numId": num_id},
            oxml.el("w:abstractNumId", {"w:val": self.abstract_id}),
            oxml.el("w:lvlOverride", {"w:ilvl": 0}, oxml.el("w:startOverride", {"w:val": start})),
        )
        self.last.addnext(num)
        self.last = num
        return num_id
