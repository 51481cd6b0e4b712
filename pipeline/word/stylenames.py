"""The one way to find a Word style by its name. Names are compared with :func:`style_key` (``casefold``):
Word writes built-in names as «heading 1» / «toc 1», a template may say «Heading 1», and a Norwegian Word
writes localised style ids, so only the name, compared without case, finds the same style everywhere."""

from __future__ import annotations

from docx.oxml.ns import qn


def style_key(name: str) -> str:
    """A style name as it is compared."""
    return name.casefold()


def style_name(style) -> str:
    """The ``w:name`` of a ``w:style`` element (its id when it has no name)."""
    name = style.find(qn("w:name"))
    return (name.get(qn("w:val")) if name is not None else None) or style.get(qn("w:styleId")) or ""


def style_ids_by_name(styles_root, kind: str | None = None) -> dict[str, str]:
    """:func:`style_key` of each style's name → its id (the first style of a name wins); only styles of
    ``kind`` (``paragraph``, ``character``, ``table``) when given."""
    found: dict[str, str] = {}
    for style in styles_root.iter(qn("w:style")):
        if kind is None or style.get(qn("w:type")) == kind:
            found.setdefault(style_key(style_name(style)), style.get(qn("w:styleId")))
    return found
