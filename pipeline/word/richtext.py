"""Long text as typed in an Excel cell → Word paragraphs, list items and links.

:func:`parse_long_text` is pure: one :class:`Block` per non-blank line. A line that
starts with ``•``, ``-``, ``–`` or ``*`` and a space is a bullet item; ``1.`` or
``2)`` and a space a numbered item (the marker is removed, :attr:`Block.marker`
keeps it). ``http(s)://…`` and ``www.…`` become link runs; trailing punctuation is
not part of the link. Characters XML cannot hold are removed.

:func:`blocks_to_paragraphs` turns blocks into ``w:p`` elements; the Word side
(styles, relationships, numbering) comes in through a :class:`RichTextTarget`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from pipeline.contract.formatting import clean_xml_text
from pipeline.word import oxml

#: What starts a new line in a cell (Alt+Enter gives \n; Word pastes \x0b).
_LINE_BREAK = re.compile("\r\n|[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_BULLET = re.compile(r"([•\-–*])\s+(.*)", re.S)
_NUMBERED = re.compile(r"(\d{1,3})([.)])\s+(.*)", re.S)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.I)
_TRAILING = ".,;:!?'\"»«)]}>"
_PAIRS = {")": "(", "]": "[", "}": "{"}


class BlockKind(StrEnum):
    PARAGRAPH = "avsnitt"
    BULLET = "punkt"
    NUMBERED = "nummerert"


@dataclass(frozen=True)
class Run:
    """A piece of text; ``url`` is the link target when the text is a link."""

    text: str
    url: str | None = None


@dataclass(frozen=True)
class Block:
    """One paragraph or list item. ``marker`` is the list marker as typed ("•", "2)")."""

    kind: BlockKind
    runs: tuple[Run, ...]
    marker: str = ""
    number: int | None = None

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


def split_lines(text: str) -> list[str]:
    """The lines of a cell, cleaned, stripped, blank lines left out."""
    lines = (clean_xml_text(line).strip() for line in _LINE_BREAK.split(text or ""))
    return [line for line in lines if line]


def parse_long_text(text: str) -> list[Block]:
    """The blocks of a long text (see the module docstring)."""
    return [_parse_line(line) for line in split_lines(text)]


def _parse_line(line: str) -> Block:
    if m := _BULLET.fullmatch(line):
        return Block(BlockKind.BULLET, split_links(m.group(2)), marker=m.group(1))
    if m := _NUMBERED.fullmatch(line):
        return Block(BlockKind.NUMBERED, split_links(m.group(3)), marker=m.group(1) + m.group(2),
                     number=int(m.group(1)))
    return Block(BlockKind.PARAGRAPH, split_links(line))


def split_links(text: str) -> tuple[Run, ...]:
    """``text`` as runs, with every URL in a run of its own."""
    runs: list[Run] = []
    pos = 0
    for m in _URL.finditer(text):
        url = _trim_url(m.group(0))
        if not _is_link(url):
            continue
        if m.start() > pos:
            runs.append(Run(text[pos:m.start()]))
        runs.append(Run(url, href(url)))
        pos = m.start() + len(url)
    if pos < len(text):
        runs.append(Run(text[pos:]))
    return tuple(_merge_plain(runs))


def _trim_url(url: str) -> str:
    """Drop trailing punctuation; a closing bracket stays when the URL opened it."""
    while url and url[-1] in _TRAILING:
        last = url[-1]
        if last in _PAIRS and url.count(_PAIRS[last]) >= url.count(last):
            break
        url = url[:-1]
    return url


def _is_link(url: str) -> bool:
    rest = re.sub(r"^(?:https?://|www\.)", "", url, flags=re.I)
    return bool(rest.strip("./"))


def href(url: str) -> str:
    """The link target for a URL as typed (``www.…`` gets ``https://``)."""
    return url if re.match(r"https?://", url, re.I) else "https://" + url


def _merge_plain(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        if merged and run.url is None and merged[-1].url is None:
            merged[-1] = Run(merged[-1].text + run.text)
        else:
            merged.append(run)
    return merged


# --- Word side ---------------------------------------------------------------


class RichTextTarget(Protocol):
    """What the writer needs from the document it writes into."""

    def style_id(self, name: str) -> str: ...

    def link_id(self, url: str) -> str: ...

    def restarted_numbering(self, start: int, delimiter: str = ".") -> int: ...


_BLOCK_STYLES = {BlockKind.BULLET: "List Bullet", BlockKind.NUMBERED: "List Number"}
_DELIMITERS = (".", ")")


def blocks_to_paragraphs(blocks: list[Block], target: RichTextTarget, style: str | None = None) -> list:
    """``w:p`` elements for the blocks of one cell.

    Numbered items get a new numbering instance per call (so numbering restarts in
    every cell), starting at the item's typed number; an item whose number does not
    follow the previous one («1. januar», «15. mars») starts a new instance, so Word
    always shows the number the actor typed, and with the delimiter typed («1.» or «1)»:
    a change of delimiter starts a new instance too). ``style`` is the paragraph style of
    plain paragraphs (``None``: the default style).
    """
    num_id: int | None = None
    expected: tuple[int, str] | None = None
    paragraphs = []
    for block in blocks:
        name = _BLOCK_STYLES.get(block.kind, style)
        p = oxml.paragraph(target.style_id(name) if name else None)
        if block.kind is BlockKind.NUMBERED:
            number = 1 if block.number is None else block.number
            delimiter = block.marker[-1:] if block.marker[-1:] in _DELIMITERS else "."
            if num_id is None or (number, delimiter) != expected:
                num_id = target.restarted_numbering(number, delimiter)
            expected = (number + 1, delimiter)
            oxml.set_numbering(p, num_id)
        for run in block.runs:
            if run.url:
                p.append(oxml.hyperlink(target.link_id(run.url), run.text, target.style_id("Hyperlink")))
            else:
                p.append(oxml.run(run.text))
        paragraphs.append(p)
    return paragraphs
