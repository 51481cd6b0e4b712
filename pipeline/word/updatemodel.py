"""What an update of an edited Vedlegg 2 did, per region (see :mod:`pipeline.word.update`)."""

from __future__ import annotations

from pipeline.common.errors import PipelineError

from dataclasses import dataclass, field
from enum import StrEnum

from docx.document import Document

from pipeline.contract.catalogue import HEADER_FIELDS_BY_KEY, SECTIONS_BY_KEY
from pipeline.word.regions import RegionKind, RegionInfo
from pipeline.word.sidefile import Replaced

_LABELS = {"merknad": "merknaden om feil", "oppsett": "oppsettet for segmentet", "farger": "fargene",
           "tittel": "tittel", "undertittel": "undertittel", "portefolje": "portefølje", "periode": "periode",
           "utgiver_navn": "utgiver", "utgiver_blokker": "utgiverblokken", "title": "tittel", "subject": "emne",
           "author": "forfatter"}
PAGE_NAMES = {RegionKind.FRONT: "Forside", RegionKind.BACK: "Bakside", RegionKind.PROPERTIES: "Dokumentegenskaper",
               RegionKind.SUMMARY: "Sammendrag"}


class UpdateError(PipelineError, ValueError):
    """The document cannot be updated. The message is Norwegian."""


class ChapterChange(StrEnum):
    """What happened to a region; the value is the Norwegian text of the report."""

    UNCHANGED = "uendret"
    UPDATED = "oppdatert"
    UPDATED_OVER_EDITS = "oppdatert over redaktørendringer"
    KEPT_EDITED = "ikke oppdatert, redigert"
    NEW = "ny"
    REMOVED = "fjernet"
    KEPT_GONE = "beholdt, ikke innrapportert"
    REBUILT = "laget på nytt"


@dataclass
class RegionChange:
    kind: RegionKind
    name: str
    segment: str
    change: ChapterChange
    edited: bool = False  # an editor had changed the region
    note: str = ""
    reasons: list[str] = field(default_factory=list)  # which data changed (field labels)

    def explanation(self) -> str:
        """The note, with why the region was made again («data endret: Status, Leveranser»)."""
        why = f"data endret: {', '.join(self.reasons)}" if self.reasons else ""
        return "; ".join(x for x in (why, self.note) if x)

    def to_dict(self) -> dict[str, object]:
        return {"del": self.kind.value, "navn": self.name, "segment": self.segment, "endring": self.change.value,
                "redigert": self.edited, "merknad": self.explanation(), "grunner": self.reasons}


@dataclass
class UpdateResult:
    document: Document
    changes: list[RegionChange] = field(default_factory=list)
    replaced: list[Replaced] = field(default_factory=list)  # the editors' versions that were replaced or removed


def reasons(old: RegionInfo, new: RegionInfo) -> list[str]:
    """The labels of the fields whose data differ (empty when the old region has no per-field hashes)."""
    keys = sorted(set(old.parts) | set(new.parts), key=lambda k: (k not in HEADER_FIELDS_BY_KEY, k))
    out = []
    for key in keys:
        if old.parts and old.parts.get(key) != new.parts.get(key):
            spec = HEADER_FIELDS_BY_KEY.get(key)
            section = SECTIONS_BY_KEY.get(key)
            out.append(spec.label if spec else section.title if section else _LABELS.get(key, key))
    return out
