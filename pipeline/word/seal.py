"""A seal over the parts a merge wrote, so the next merge sees at once that nobody has touched the document.

Before a merge replaces ``Vedlegg2.docx`` it must know whether anyone edited it (:mod:`pipeline.word.guard`): it
computes the content fingerprint of the whole body again and compares it with the stored one. That reads every
element of the document (0,07 s for 40 tiltak, seconds for 1 000), although the answer after an ordinary re-run
is almost always «unchanged, byte for byte».

The seal answers that case first. :func:`seal` is a SHA-256 over the exact bytes of the parts the fingerprint is
computed from (:data:`SEALED_PARTS`: the body, the styles, the body's relationships), joined with the fingerprint
itself; the streamed build (:mod:`pipeline.word.stream`) stores it in the custom property
``innrapportering-segl`` next to ``innrapportering-fingeravtrykk``. :func:`unbroken` says whether the parts
in a file are still those bytes and the stored fingerprint is still the one sealed; then the fingerprint the
walk would compute is the one stored, so the document is unchanged without reading it element by element.

Anything else, such as a save in Word or LibreOffice (which writes the parts anew), an edit, a seal from an older
version, or none at all, only means «not known here»: the guard then does the full walk, as before. A seal can
therefore make the guard faster, never change its answer.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence

from pipeline.word.fingerprint import _CUSTOM_PART, _custom_xml, stored_fingerprint, stored_property

__all__ = ["SEAL_PROPERTY", "SEALED_PARTS", "seal", "sealed_copy", "unbroken"]

SEAL_PROPERTY = "innrapportering-segl"
SEALED_PARTS = ("word/document.xml", "word/styles.xml", "word/_rels/document.xml.rels")
_VERSION = "s1"


def seal(fingerprint: str, parts: Mapping[str, Iterable[bytes]]) -> str:
    """The seal of ``fingerprint`` over the :data:`SEALED_PARTS` in ``parts`` (name → the part's bytes, in
    pieces; a part that is missing from ``parts`` is sealed as missing)."""
    lines = [_VERSION, fingerprint]
    for name in SEALED_PARTS:
        pieces = parts.get(name)
        if pieces is None:
            lines.append(f"{name} -")
            continue
        digest = hashlib.sha256()
        for piece in pieces:
            digest.update(piece)
        lines.append(f"{name} {digest.hexdigest()}")
    return f"{_VERSION}:{hashlib.sha256(chr(10).join(lines).encode('utf-8')).hexdigest()}"


def unbroken(archive: zipfile.ZipFile) -> bool:
    """Whether the open DOCX has a seal, and its parts and stored fingerprint are still what was sealed."""
    stored_seal = stored_property(archive, SEAL_PROPERTY)
    fingerprint = stored_fingerprint(archive)
    if not stored_seal or not fingerprint:
        return False
    names = set(archive.namelist())
    parts = {name: _pieces(archive, name) for name in SEALED_PARTS if name in names}
    return seal(fingerprint, parts) == stored_seal


def _pieces(archive: zipfile.ZipFile, name: str) -> Iterable[bytes]:
    with archive.open(name) as stream:
        while piece := stream.read(1 << 20):
            yield piece


def sealed_copy(source: zipfile.ZipFile, fingerprint: str, replaced: Mapping[str, Sequence[bytes]] = {}) -> bytes:
    """``source`` written again, its entries in order as they were except the parts in ``replaced`` (name → the
    new bytes, in pieces), with the seal of ``fingerprint`` over the parts as written stored beside it in the
    custom properties (which ``source`` has: the fingerprint is stored there)."""
    names = set(source.namelist())
    parts = {name: replaced[name] if name in replaced else [source.read(name)]
             for name in SEALED_PARTS if name in replaced or name in names}
    custom = _CUSTOM_PART.lstrip("/")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in replaced:
                with target.open(info, "w") as stream:
                    for piece in replaced[info.filename]:
                        stream.write(piece)
            elif info.filename == custom:
                target.writestr(info, _custom_xml(source.read(info), seal(fingerprint, parts), SEAL_PROPERTY))
            else:
                target.writestr(info, source.read(info))
    return out.getvalue()
