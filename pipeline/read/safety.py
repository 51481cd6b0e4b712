"""Checks on an untrusted workbook file before openpyxl touches it.

:func:`check_file` reads the file once, looks at its bytes (:mod:`pipeline.read.sniff`)
and its zip central directory (:mod:`pipeline.read.zipcheck`; nothing is decompressed
before the sizes are checked) and returns a :class:`SafetyReport`: issues, the bytes
for the reader, whether there are macros, and every formula cell found by a cheap
scan of the worksheet XML (:mod:`pipeline.read.formulascan`).
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from defusedxml import ElementTree as SafeET
from lxml import etree

from pipeline.contract.issues import Code, Issue, Severity
from pipeline.read import sniff
from pipeline.read.formulascan import WORKBOOK_PART, Formulas, scan_sheets
from pipeline.read.zipcheck import (MAX_ENTRIES, MAX_FILE_BYTES, FileRejected, check_directory, check_xml_prologs,
                                    entry_count, megabytes, too_large)

VBA_PART = "xl/vbaProject.bin"


@dataclass
class SafetyReport:
    """What :func:`check_file` found. ``ok`` is False when the file must not be opened."""

    issues: list[Issue] = field(default_factory=list)
    data: bytes | None = None
    formulas: Formulas = field(default_factory=dict)
    macros: bool = False
    #: Parts already unpacked by the checks (name -> bytes), for the reader; not all parts.
    parts: dict[str, bytes] = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        return self.data is not None and not any(i.severity is Severity.ERROR for i in self.issues)


def check_file(path: Path, *, file: str | None = None) -> SafetyReport:
    """Read ``path`` once and check it; never raises for a bad file."""
    path = Path(path)
    name = file if file is not None else path.name
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return SafetyReport([too_large(name, f"filen er {megabytes(size)}", megabytes(MAX_FILE_BYTES))])
        data = path.read_bytes()
    except OSError as exc:
        return SafetyReport([Code.CORRUPT.issue(file=name, detail=f"filen kunne ikke leses: {exc.strerror or exc}")])
    return check_bytes(data, file=name)


def check_bytes(data: bytes, *, file: str = "") -> SafetyReport:
    """Check a workbook held in memory (see :func:`check_file`)."""
    report = SafetyReport()
    try:
        _check_container(data, file)
        _check_archive(data, file, report)
    except FileRejected as rejected:
        report.issues.append(rejected.issue)
        return report
    report.data = data
    return report


def _check_container(data: bytes, file: str) -> None:
    """Empty, too large, not a zip archive, or a zip with too many entries."""
    if not data:
        raise FileRejected(Code.EMPTY_FILE.issue(file=file))
    if len(data) > MAX_FILE_BYTES:
        raise FileRejected(too_large(file, f"filen er {megabytes(len(data))}", megabytes(MAX_FILE_BYTES)))
    if data.startswith(sniff.OLE_SIGNATURE):
        raise FileRejected(sniff.ole_issue(data, file))
    if not sniff.is_zip(data):
        raise FileRejected(Code.NOT_XLSX.issue(file=file, detail=sniff.non_zip_detail(data)))
    entries = entry_count(data)
    if entries is None:
        raise FileRejected(Code.CORRUPT.issue(file=file, detail="zip-arkivet er avkortet eller ødelagt"))
    if entries > MAX_ENTRIES:
        raise FileRejected(too_large(file, f"{entries} deler i arkivet", f"{MAX_ENTRIES} deler"))


def _check_archive(data: bytes, file: str, report: SafetyReport) -> None:
    """The zip's directory, kind, XML prologs, macros and formulas; any failure is a damaged file."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            infos = zf.infolist()
            check_directory(infos, file)
            names = {i.filename for i in infos}
            if WORKBOOK_PART not in names:
                raise FileRejected(Code.NOT_XLSX.issue(file=file, detail=sniff.zip_kind_detail(zf, names)))
            report.parts = check_xml_prologs(zf, infos, file)
            report.macros = _has_macros(zf, infos)
            if report.macros:
                report.issues.append(Code.MACROS.issue(file=file))
            report.formulas = scan_sheets(zf, file, report.parts)
    except FileRejected:
        raise
    except Exception as exc:  # zip, zlib, struct and XML errors: a damaged archive, never a traceback
        raise FileRejected(Code.CORRUPT.issue(file=file, detail=_zip_detail(exc))) from None


def _has_macros(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> bool:
    names = {i.filename.lower() for i in infos}
    if VBA_PART.lower() in names or any(n.endswith("vbaproject.bin") for n in names):
        return True
    if "[content_types].xml" in names:
        info = next(i for i in infos if i.filename.lower() == "[content_types].xml")
        return b"macroenabled" in zf.read(info).lower()
    return False


def _zip_detail(exc: Exception) -> str:
    if isinstance(exc, zipfile.BadZipFile):
        return "zip-arkivet er ødelagt"
    if isinstance(exc, (EOFError, ValueError, struct.error)):
        return "zip-arkivet er avkortet eller ødelagt"
    if isinstance(exc, NotImplementedError):
        return "arkivet bruker en komprimering Excel ikke lager"
    if isinstance(exc, zlib.error):
        return "en del av zip-arkivet kan ikke pakkes ut"
    if isinstance(exc, (etree.XMLSyntaxError, SafeET.ParseError)):
        return "XML-innholdet er ødelagt"
    return f"uventet feil: {type(exc).__name__}"
