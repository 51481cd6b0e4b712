"""Earlier rounds for a front end that keeps them itself (the portal's database): read them from files once
with the library's history loading, and write them back as the archive folder ``merge`` reads
(``forrige = "mappe"``), so the merge sees exactly what the command line would. Also the check of an
uploaded edited Vedlegg 2 before ``merge --oppdater`` opens it."""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from pathlib import Path

from pipeline.common.errors import UsageError

EXPORT_NAME = "vedlegg2.json"  # pipeline.merge.run.EXPORT_NAME
REPORT_NAME = "merge-rapport.json"  # pipeline.merge.history.REPORT_NAME


@dataclass(frozen=True)
class EarlierRound:
    """One earlier round: its period as printed (``label``), ``key`` (year, month) or ``None`` when the
    export did not say, and its export records."""

    label: str
    key: tuple[int, int] | None
    records: list[dict]


def read_rounds(path: str | Path, report_settings) -> tuple[list[EarlierRound], list[str]]:
    """The earlier rounds in ``path`` (one export, or a folder of them, as ``--forrige`` takes it), oldest
    first, and the warnings ``merge`` would give. :class:`PipelineError` when they cannot be read."""
    from pipeline.merge.export import tiltak_to_record
    from pipeline.merge.history import load_history

    rounds, warnings = load_history(Path(path), report_settings)
    return [EarlierRound(r.label, r.key, [tiltak_to_record(t) for t in r.tiltak]) for r in rounds], warnings


def write_rounds(rounds: list[EarlierRound], folder: str | Path) -> Path | None:
    """Write ``rounds`` where ``merge`` reads earlier rounds from and return what to give as ``forrige``:
    ``folder/ÅÅÅÅ-MM/vedlegg2.json`` with ``merge-rapport.json`` (period and date) beside each, as
    ``merge`` leaves them. A round without a period can only stand alone (as ``--forrige vedlegg2.json``):
    then it is written as ``folder/vedlegg2.json``. ``None`` when there are no rounds."""
    folder = Path(folder)
    if not rounds:
        return None
    if len(rounds) == 1 and rounds[0].key is None:
        return _write(folder / EXPORT_NAME, rounds[0].records)
    missing = [r.label for r in rounds if r.key is None]
    if missing:
        raise UsageError(f"Vet ikke hvilken periode «{missing[0]}» gjelder, så den kan ikke stå sammen med "
                         "andre tidligere runder.")
    for r in rounds:
        year, month = r.key
        where = folder / f"{year:04d}-{month:02d}"
        _write(where / EXPORT_NAME, r.records)
        report = {"periode": r.label, "rapportdato": date(year, month, 1).strftime("%d.%m.%Y")}
        _write(where / REPORT_NAME, report)
    return folder


def _write(path: Path, data) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")  # ASCII: non-ASCII letters as \u escapes
    return path


DOCUMENT_PART = "word/document.xml"
_REJECTED = {"for-stor": "innholdet er for stort når det pakkes ut (typisk en zip-bombe)",
             "utrygg-xml": "filen inneholder XML med DTD eller entiteter, som Word aldri lager",
             "passordbeskyttet": "filen er passordbeskyttet"}


def check_document(data: bytes, name: str) -> None:
    """:class:`UsageError` (Norwegian, naming ``name``) unless ``data`` looks like a Word document that may be
    opened: a zip archive within the reader's limits (entries, sizes, compression ratio, no DTD or entity in
    any XML part) with ``word/document.xml``. Whether it is a Vedlegg 2 that can be updated is for
    ``merge --oppdater`` to say."""
    from pipeline.read.zipcheck import MAX_ENTRIES, MAX_FILE_BYTES, FileRejected, check_directory, check_xml_prologs
    from pipeline.read.zipcheck import entry_count

    what = f"{name} kan ikke brukes som redigert Vedlegg 2"
    if not data:
        raise UsageError(f"{what}: filen er tom.")
    if not data.startswith(b"PK\x03\x04"):
        raise UsageError(f"{what}: filen er ikke et Word-dokument (.docx). Last opp dokumentet redaktørene har "
                         "redigert, lagret som .docx.")
    if len(data) > MAX_FILE_BYTES:
        raise UsageError(f"{what}: filen er for stor.")
    entries = entry_count(data)
    if entries is None or entries > MAX_ENTRIES:
        raise UsageError(f"{what}: zip-arkivet er ødelagt eller har for mange deler.")
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            infos = zf.infolist()
            check_directory(infos, name)
            if DOCUMENT_PART not in {i.filename for i in infos}:
                raise UsageError(f"{what}: arkivet har ikke dokumentdelen til et Word-dokument (.docx).")
            check_xml_prologs(zf, infos, name)
    except FileRejected as exc:
        raise UsageError(f"{what}: {_REJECTED.get(str(exc.issue.code), 'filen er skadet')}.") from None
    except UsageError:
        raise
    except Exception:  # noqa: BLE001 - zip, zlib and XML errors: a damaged file, never a traceback
        raise UsageError(f"{what}: filen er skadet.") from None
