"""The merge's edit guard on a large document: :func:`pipeline.word.fingerprint.document_state`, with the body
read element by element instead of as one tree.

A document of 1 000 chapters is some 700 000 elements: parsed whole, the previous ``Vedlegg2.docx`` took about
180 MB at the very start of ``merge``, and the worker processes forked after it kept that heap. Here
``word/document.xml`` is parsed with ``iterparse``: each child of ``w:body`` is tokenised
(:class:`~pipeline.word.bodytokens.Tokens`, one walk carried over the whole body, as
:func:`~pipeline.word.fingerprint.content_fingerprint` does) as soon as it is complete, and then dropped. The
answer is the one :func:`~pipeline.word.fingerprint.document_state` gives (a test holds them side by side).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

from pipeline.common.namespaces import W
from pipeline.word.bodytokens import Tokens, digest
from pipeline.word.fingerprint import DocumentState, _links, _parse, stored_fingerprint
from pipeline.word.seal import sealed_copy, unbroken

__all__ = ["document_state", "body_fingerprint", "resealed"]

_DOCUMENT, _STYLES = "word/document.xml", "word/styles.xml"
_BODY = f"{{{W}}}body"


def document_state(path: Path) -> DocumentState:
    """Whether the file at ``path`` may be replaced by a new merge (see :class:`DocumentState`)."""
    path = Path(path)
    if not path.exists() or path.is_dir():  # a folder is no document: writing reports it
        return DocumentState.ABSENT
    try:
        with zipfile.ZipFile(path) as archive:
            stored = stored_fingerprint(archive)
            if stored is None:
                return DocumentState.FOREIGN
            if unbroken(archive):  # the parts are the bytes the merge wrote: no need to read them (see seal)
                return DocumentState.UNCHANGED
            actual = body_fingerprint(archive)
    except (OSError, zipfile.BadZipFile, KeyError, etree.XMLSyntaxError):
        return DocumentState.FOREIGN
    return DocumentState.UNCHANGED if stored == actual else DocumentState.EDITED


def body_fingerprint(archive: zipfile.ZipFile) -> str:
    """:func:`~pipeline.word.fingerprint.content_fingerprint` of the open DOCX's body, read in one pass."""
    try:
        styles = _parse(archive.read(_STYLES))
    except KeyError:
        styles = etree.Element(f"{{{W}}}styles")
    tokens = Tokens(styles, _links(archive))
    found: list[str] = []
    with archive.open(_DOCUMENT) as stream:
        _walk(stream, tokens, found)
    return digest(found)


def _walk(stream, tokens: Tokens, found: list[str]) -> None:
    """The tokens of the children of the root's first ``w:body``, each dropped once it is tokenised."""
    body = None  # the body being read; None before it and after it
    done = False
    depth = 0
    events = etree.iterparse(stream, events=("start", "end"), resolve_entities=False, no_network=True,
                             huge_tree=True)
    for event, element in events:
        if event == "start":
            depth += 1
            if depth == 2 and body is None and not done and element.tag == _BODY:
                body = element
            continue
        depth -= 1
        if body is None:
            continue
        if element is body:
            body, done = None, True
        elif depth == 2:  # a child of the body, complete
            found.extend(tokens.of([element]))
            element.clear()
            while element.getprevious() is not None:
                del body[0]


def resealed(before: bytes, after: bytes) -> bytes:
    """``after`` (a DOCX the tool itself changed, such as the page numbers ``pdf`` writes into the contents list)
    with a fresh seal, when ``before`` had an unbroken one and the body of ``after`` still has the stored
    fingerprint (field results are no content); else ``after`` as it is, and the next merge reads the body."""
    try:
        with zipfile.ZipFile(io.BytesIO(before)) as archive:
            if not unbroken(archive):
                return after
        with zipfile.ZipFile(io.BytesIO(after)) as archive:
            stored = stored_fingerprint(archive)
            if stored is None or body_fingerprint(archive) != stored:
                return after
            return sealed_copy(archive, stored)
    except (OSError, zipfile.BadZipFile, KeyError, etree.XMLSyntaxError):
        return after
