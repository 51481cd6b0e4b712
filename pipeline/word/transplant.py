"""Copy body elements from one document into another, keeping references valid.

A chapter rendered into a fresh document refers to that document's relationships
(hyperlinks ``r:id``, charts and images), list numbering (``w:numId``), styles (by id)
and bookmark ids. :class:`Transplanter` copies elements into the target document and
rewrites each reference to an equivalent one there: relationships are re-created
(parts copied under a free name), each numbering instance and its list definition are
copied with new ids, styles are matched by name (copied when the target lacks them),
bookmark ids and ``_Toc`` names are made unique, drawing ids renumbered.
"""

from __future__ import annotations
from pipeline.common.namespaces import R, WP, tag

import copy
import re
import zlib
from collections.abc import Sequence

from docx.document import Document
from docx.opc.packuri import PackURI
from docx.oxml.ns import qn

_R = "{" + R + "}"
_WP_DOCPR = tag(WP, "docPr")
_STYLE_REFS = (qn("w:pStyle"), qn("w:rStyle"), qn("w:tblStyle"))
_TOC = re.compile(r"^_Toc(\d+)$")


class Transplanter:
    """Copies elements from ``source`` into ``target`` (one instance per pair)."""

    def __init__(self, source: Document, target: Document) -> None:
        self.source, self.target = source, target
        self._rels: dict[str, str] = {}
        self._nums: dict[str, str] = {}
        self._abstracts: dict[str, str] = {}
        self._styles: dict[str, str] = {}
        self._target_styles = _style_ids_by_name(target)
        self._source_names = {s.get(qn("w:styleId")): _style_name(s) for s in source.styles.element.iter(qn("w:style"))}
        body = target.element.body
        self._next_bookmark = 1 + max((_int(b.get(qn("w:id"))) for b in body.iter(qn("w:bookmarkStart"))), default=0)
        names = [b.get(qn("w:name")) or "" for b in body.iter(qn("w:bookmarkStart"))]
        self._names = set(names)
        self._next_toc = 1 + max((int(m.group(1)) for n in names if (m := _TOC.match(n))), default=0)
        self._next_drawing = 1 + max((_int(d.get("id")) for d in target.element.iter(_WP_DOCPR)), default=0)

    def new_bookmark_id(self) -> int:
        """A bookmark id not used in the target (nor by anything copied so far)."""
        self._next_bookmark += 1
        return self._next_bookmark - 1

    def copy(self, elements: Sequence) -> list:
        """Deep copies of ``elements`` whose references are valid in the target."""
        out = [copy.deepcopy(e) for e in elements]
        bookmark_ids: dict[str, int] = {}
        for element in out:
            for el in element.iter():
                self._relationships(el)
                if el.tag == qn("w:numId"):
                    el.set(qn("w:val"), self._num(el.get(qn("w:val"))))
                elif el.tag in _STYLE_REFS:
                    el.set(qn("w:val"), self._style(el.get(qn("w:val"))))
                elif el.tag in (qn("w:bookmarkStart"), qn("w:bookmarkEnd")):
                    self._bookmark(el, bookmark_ids)
                elif el.tag == _WP_DOCPR:
                    el.set("id", str(self._next_drawing))
                    self._next_drawing += 1
        return out

    # --- relationships

    def _relationships(self, el) -> None:
        for key, value in el.attrib.items():
            if key.startswith(_R) and value in self.source.part.rels:
                el.set(key, self._rel(value))

    def _rel(self, r_id: str) -> str:
        if r_id not in self._rels:
            rel = self.source.part.rels[r_id]
            if rel.is_external:
                self._rels[r_id] = self.target.part.relate_to(rel.target_ref, rel.reltype, is_external=True)
            else:
                part = rel.target_part
                _rename_parts(part, self.target)
                self._rels[r_id] = self.target.part.relate_to(part, rel.reltype)
        return self._rels[r_id]

    # --- numbering

    def _num(self, num_id: str) -> str:
        if num_id in ("0", None) or num_id in self._nums:
            return self._nums.get(num_id, num_id)
        source = self.source.part.numbering_part.element
        target = self.target.part.numbering_part.element
        num = next((n for n in source.iter(qn("w:num")) if n.get(qn("w:numId")) == num_id), None)
        if num is None:
            return num_id
        new = copy.deepcopy(num)
        new_id = str(1 + max((_int(n.get(qn("w:numId"))) for n in target.iter(qn("w:num"))), default=0))
        new.set(qn("w:numId"), new_id)
        abstract = new.find(qn("w:abstractNumId"))
        abstract.set(qn("w:val"), self._abstract(abstract.get(qn("w:val")), source, target))
        nums = list(target.iter(qn("w:num")))
        if nums:
            nums[-1].addnext(new)
        else:
            target.append(new)
        self._nums[num_id] = new_id
        return new_id

    def _abstract(self, abstract_id: str, source, target) -> str:
        if abstract_id not in self._abstracts:
            found = next((a for a in source.iter(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract_id),
                         None)
            if found is None:
                return abstract_id
            new = copy.deepcopy(found)
            new_id = str(1 + max((_int(a.get(qn("w:abstractNumId"))) for a in target.iter(qn("w:abstractNum"))),
                                 default=-1))
            new.set(qn("w:abstractNumId"), new_id)
            nsid = new.find(qn("w:nsid"))
            if nsid is not None:  # Word joins lists that share an nsid
                nsid.set(qn("w:val"), f"{zlib.crc32(f'{abstract_id}>{new_id}'.encode()):08X}")
            abstracts = list(target.iter(qn("w:abstractNum")))
            if abstracts:
                abstracts[-1].addnext(new)
            else:
                target.insert(0, new)
            self._abstracts[abstract_id] = new_id
        return self._abstracts[abstract_id]

    # --- styles

    def _style(self, style_id: str) -> str:
        if style_id not in self._styles:
            name = self._source_names.get(style_id)
            found = self._target_styles.get(name.casefold()) if name else None
            if found is None and name:
                found = self._copy_style(style_id)
            self._styles[style_id] = found or style_id
        return self._styles[style_id]

    def _copy_style(self, style_id: str) -> str:
        source = next(s for s in self.source.styles.element.iter(qn("w:style")) if s.get(qn("w:styleId")) == style_id)
        taken = {s.get(qn("w:styleId")) for s in self.target.styles.element.iter(qn("w:style"))}
        new_id = style_id
        while new_id in taken:
            new_id += "1"
        style = copy.deepcopy(source)
        style.set(qn("w:styleId"), new_id)
        self.target.styles.element.append(style)
        self._target_styles[_style_name(style).casefold()] = new_id
        return new_id

    # --- bookmarks

    def _bookmark(self, el, ids: dict[str, int]) -> None:
        old = el.get(qn("w:id"))
        if old not in ids:
            ids[old] = self._next_bookmark
            self._next_bookmark += 1
        el.set(qn("w:id"), str(ids[old]))
        name = el.get(qn("w:name"))
        if name and _TOC.match(name) and name in self._names:
            name = f"_Toc{self._next_toc:08d}"
            self._next_toc += 1
            el.set(qn("w:name"), name)
        if name:
            self._names.add(name)


def _rename_parts(part, target: Document) -> None:
    """Give ``part`` and the parts it relates to names that are free in the target package."""
    taken = {str(p.partname) for p in target.part.package.iter_parts()}
    todo, seen = [part], set()
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if str(current.partname) in taken:
            template = re.sub(r"\d*(\.\w+)$", r"%d\1", str(current.partname))
            number = 1
            while template % number in taken:
                number += 1
            current.partname = PackURI(template % number)
        taken.add(str(current.partname))
        todo += [rel.target_part for rel in current.rels.values() if not rel.is_external]


def _style_name(style) -> str:
    name = style.find(qn("w:name"))
    return (name.get(qn("w:val")) if name is not None else None) or style.get(qn("w:styleId")) or ""


def _style_ids_by_name(doc: Document) -> dict[str, str]:
    out: dict[str, str] = {}
    for style in doc.styles.element.iter(qn("w:style")):
        out.setdefault(_style_name(style).casefold(), style.get(qn("w:styleId")))
    return out


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


def drop_unused_charts(doc: Document) -> None:
    """Forget the chart parts no drawing in the body refers to any more (those of a replaced
    Sammendrag), so an updated document does not grow by its old charts at every update."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    used = {chart.get(qn("r:id")) for chart in doc.element.body.iter(qn("c:chart"))}
    for r_id, rel in list(doc.part.rels.items()):
        if rel.reltype == RT.CHART and r_id not in used:
            doc.part.drop_rel(r_id)

