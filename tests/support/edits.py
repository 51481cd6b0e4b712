"""The edits an editor makes in Word, as one table used by every fingerprint test.

Each edit changes one paragraph (found by the caller) of a python-docx document the way Word
would: the whole-document guard and the per-chapter fingerprint must both see it, or both not.
Inside tables only what is not formatting counts (LibreOffice writes the table style's own
formatting into every cell on a re-save); the table says so in ``seen_in_table``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from pipeline.word import oxml

NEW_URL = "https://www.ehelse.no/ny-lenke"
EDITED_TEXT = " (rettet av redaktør)"
ADDED_PARAGRAPH = "Redaktørens nye avsnitt."


def _text_runs(p) -> list:
    return [r for r in p.iter(qn("w:r")) if "".join(t.text or "" for t in r.iter(qn("w:t"))).strip()]


def _formatting(tag: str, value: str | None = None) -> Callable:
    def edit(doc, p) -> None:
        for run in _text_runs(p):
            rpr = run.find(qn("w:rPr"))
            if rpr is None:
                rpr = oxml.el("w:rPr")
                run.insert(0, rpr)
            rpr.append(oxml.el(tag, {"w:val": value} if value else None))
    return edit


def _text(doc, p) -> None:
    p.append(oxml.run(EDITED_TEXT))


def _link_target(doc, p) -> None:
    link = next(p.iter(qn("w:hyperlink")))
    link.set(qn("r:id"), doc.part.relate_to(NEW_URL, RT.HYPERLINK, is_external=True))


def _new_paragraph(doc, p) -> None:
    new = copy.deepcopy(p)
    for child in [c for c in new if c.tag != qn("w:pPr")]:
        new.remove(child)
    new.append(oxml.run(ADDED_PARAGRAPH))
    p.addnext(new)


def _removed_paragraph(doc, p) -> None:
    p.getparent().remove(p)


def _page_break(doc, p) -> None:
    p.append(oxml.el("w:r", None, oxml.el("w:br", {"w:type": "page"})))


def _removed_row(doc, p) -> None:
    row = next(p.iterancestors(qn("w:tr")))
    row.getparent().remove(row)


@dataclass(frozen=True)
class Edit:
    name: str
    apply: Callable
    seen_in_table: bool = True
    needs_link: bool = False
    table_only: bool = False


EDITS = [
    Edit("tekst", _text),
    Edit("fet", _formatting("w:b"), seen_in_table=False),
    Edit("kursiv", _formatting("w:i"), seen_in_table=False),
    Edit("understreking", _formatting("w:u", "single"), seen_in_table=False),
    Edit("utheving", _formatting("w:highlight", "yellow"), seen_in_table=False),
    Edit("gjennomstreking", _formatting("w:strike"), seen_in_table=False),
    Edit("farge", _formatting("w:color", "C00000"), seen_in_table=False),
    Edit("lenkemål", _link_target, needs_link=True),
    Edit("nytt avsnitt", _new_paragraph),
    Edit("avsnitt slettet", _removed_paragraph),
    Edit("sideskift", _page_break),
    Edit("rad slettet", _removed_row, table_only=True),
]


def cases() -> list[tuple[Edit, bool]]:
    """Every (edit, inside a table) pair that makes sense."""
    return [(e, inside) for e in EDITS for inside in (False, True) if inside or not e.table_only]


def add_link_paragraph(doc, after, url: str = "https://www.ehelse.no/redaksjonen") -> object:
    """A paragraph outside tables holding a hyperlink (put in by the editor before the edits)."""
    r_id = doc.part.relate_to(url, RT.HYPERLINK, is_external=True)
    p = oxml.paragraph(None, oxml.run("Se også "), oxml.hyperlink(r_id, "redaksjonens side", None))
    after.addnext(p)
    return p
