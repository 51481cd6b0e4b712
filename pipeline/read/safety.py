"""Checks on an untrusted workbook file before openpyxl touches it.

:func:`check_file` reads the file once, looks at its bytes and its zip central
directory (nothing is decompressed before the sizes are checked) and returns a
:class:`SafetyReport`: issues, the bytes for the reader, whether there are
macros, and every formula cell found by a cheap scan of the worksheet XML.

Limits (module constants):

* ``MAX_FILE_BYTES`` – the file itself: 25 MB.
* ``MAX_UNCOMPRESSED_BYTES`` – all zip entries together, as declared in the
  central directory: 200 MB.
* ``MAX_PART_BYTES`` – one XML part (a worksheet, shared strings …): 20 MB;
  openpyxl keeps every cell in memory.
* ``MAX_ENTRIES`` – zip entries: 2,000 (read from the end-of-central-directory
  record before the directory is parsed).
* ``MAX_RATIO`` – compression ratio of one entry larger than
  ``RATIO_MIN_BYTES`` (1 MB): 100.
* ``MAX_MERGED_CELLS`` – cells covered by merged ranges: 100,000 (openpyxl makes
  an object for every one of them).
* ``PROLOG_BYTES`` – how much of each XML part is searched for a DTD: 64 KB.

The declared sizes bound decompression: Python's zipfile never returns more
bytes than an entry declares (a lying entry fails its CRC check instead).
"""

from __future__ import annotations

import codecs
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from defusedxml import ElementTree as SafeET
from lxml import etree
from openpyxl.formula.translate import Translator
from openpyxl.utils.cell import column_index_from_string, get_column_letter

from pipeline.contract.issues import Code, Issue, Severity

MB = 1024 * 1024
MAX_FILE_BYTES = 25 * MB
MAX_UNCOMPRESSED_BYTES = 200 * MB
MAX_PART_BYTES = 20 * MB
MAX_ENTRIES = 2_000
MAX_RATIO = 100
RATIO_MIN_BYTES = 1 * MB
MAX_MERGED_CELLS = 100_000
PROLOG_BYTES = 64 * 1024

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_LOCAL_SIGNATURE = b"PK\x03\x04"
WORKBOOK_PART = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
VBA_PART = "xl/vbaProject.bin"
FORMULA_HINT = re.compile(rb"<(\w+:)?f[ >/]")
MERGE_REF = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?ref=[\"']([^\"']+)[\"']")
_CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")
_RANGE_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?")

_ENCRYPTION_INFO_UTF16 = "EncryptionInfo".encode("utf-16-le")
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_WORKSHEET_REL = "/worksheet"

#: (sheet name, coordinate) -> formula text with a leading "=".
Formulas = dict[tuple[str, str], str]


@dataclass
class SafetyReport:
    """What :func:`check_file` found. ``ok`` is False when the file must not be opened."""

    issues: list[Issue] = field(default_factory=list)
    data: bytes | None = None
    formulas: Formulas = field(default_factory=dict)
    macros: bool = False

    @property
    def ok(self) -> bool:
        return self.data is not None and not any(i.severity is Severity.ERROR for i in self.issues)


class _Stop(Exception):
    """A check found a problem that makes further checks pointless."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.code)
        self.issue = issue


def check_file(path: Path, *, file: str | None = None) -> SafetyReport:
    """Read ``path`` once and check it; never raises for a bad file."""
    path = Path(path)
    name = file if file is not None else path.name
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return SafetyReport([_too_large(name, f"filen er {_mb(size)}", _mb(MAX_FILE_BYTES))])
        data = path.read_bytes()
    except OSError as exc:
        return SafetyReport([Code.CORRUPT.issue(file=name, detail=f"filen kunne ikke leses: {exc.strerror or exc}")])
    return check_bytes(data, file=name)


def check_bytes(data: bytes, *, file: str = "") -> SafetyReport:
    """Check a workbook held in memory (see :func:`check_file`)."""
    report = SafetyReport()
    try:
        _check(data, file, report)
    except _Stop as stop:
        report.issues.append(stop.issue)
        return report
    report.data = data
    return report


def _check(data: bytes, file: str, report: SafetyReport) -> None:
    if not data:
        raise _Stop(Code.EMPTY_FILE.issue(file=file))
    if len(data) > MAX_FILE_BYTES:
        raise _Stop(_too_large(file, f"filen er {_mb(len(data))}", _mb(MAX_FILE_BYTES)))
    if data.startswith(OLE_SIGNATURE):
        raise _Stop(_ole_issue(data, file))
    if not data.startswith(ZIP_LOCAL_SIGNATURE) and not data.startswith(b"PK\x05\x06"):
        raise _Stop(Code.NOT_XLSX.issue(file=file, detail=_guess_detail(data)))
    entries = _entry_count(data)
    if entries is None:
        raise _Stop(Code.CORRUPT.issue(file=file, detail="zip-arkivet er avkortet eller ødelagt"))
    if entries > MAX_ENTRIES:
        raise _Stop(_too_large(file, f"{entries} deler i arkivet", f"{MAX_ENTRIES} deler"))
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            infos = zf.infolist()
            _check_directory(infos, file)
            _check_kind(zf, infos, file)
            _check_xml_prologs(zf, infos, file)
            report.macros = _has_macros(zf, infos)
            if report.macros:
                report.issues.append(Code.MACROS.issue(file=file))
            report.formulas = _scan_sheets(zf, file)
    except _Stop:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, RuntimeError,
            NotImplementedError, KeyError, IndexError, struct.error) as exc:
        raise _Stop(Code.CORRUPT.issue(file=file, detail=_zip_detail(exc))) from None
    except Exception as exc:  # zlib.error, XML errors: a damaged archive, never a traceback
        raise _Stop(Code.CORRUPT.issue(file=file, detail=_zip_detail(exc))) from None


# --- sizes -------------------------------------------------------------------------------------

def _mb(size: int) -> str:
    return f"{size / MB:.1f} MB".replace(".", ",")


def _too_large(file: str, detail: str, limit: str) -> Issue:
    return Code.TOO_LARGE.issue(file=file, detail=detail, limit=limit)


def _entry_count(data: bytes) -> int | None:
    """Total entries from the end-of-central-directory record (zip64 aware), or None if absent."""
    tail_start = max(0, len(data) - (22 + 0xFFFF))
    pos, end = -1, len(data)
    while True:  # the last record whose comment length reaches exactly to the end of the file
        end = data.rfind(b"PK\x05\x06", tail_start, end)
        if end < 0 or end + 22 > len(data):
            break
        if pos < 0:
            pos = end  # fallback: the last one found
        if end + 22 + struct.unpack_from("<H", data, end + 20)[0] == len(data):
            pos = end
            break
    if pos < 0:
        return None
    count = struct.unpack_from("<H", data, pos + 10)[0]
    if count != 0xFFFF:
        return count
    loc = pos - 20
    if loc < 0 or data[loc:loc + 4] != b"PK\x06\x07":
        return count
    eocd64 = struct.unpack_from("<Q", data, loc + 8)[0]
    if eocd64 + 56 > len(data) or data[eocd64:eocd64 + 4] != b"PK\x06\x06":
        return None
    return struct.unpack_from("<Q", data, eocd64 + 32)[0]


def _check_directory(infos: list[zipfile.ZipInfo], file: str) -> None:
    names = [i.filename for i in infos]
    if len(set(names)) != len(names):
        raise _Stop(Code.CORRUPT.issue(file=file, detail="arkivet har flere deler med samme navn"))
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise _Stop(Code.ENCRYPTED.issue(file=file))
        total += info.file_size
        if total > MAX_UNCOMPRESSED_BYTES:
            raise _Stop(_too_large(file, "innholdet er over " + _mb(MAX_UNCOMPRESSED_BYTES) + " pakket ut",
                                   _mb(MAX_UNCOMPRESSED_BYTES)))
        if info.filename.lower().endswith(_XML_SUFFIXES) and info.file_size > MAX_PART_BYTES:
            raise _Stop(_too_large(file, f"delen {info.filename} er {_mb(info.file_size)}", _mb(MAX_PART_BYTES)))
        if info.file_size > RATIO_MIN_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _Stop(_too_large(file, f"delen {info.filename} pakkes ut til {_mb(info.file_size)} "
                                         f"fra {_mb(info.compress_size)}", f"forhold 1:{MAX_RATIO}"))


# --- what kind of file ----------------------------------------------------------------------------

def _check_kind(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], file: str) -> None:
    names = {i.filename for i in infos}
    if WORKBOOK_PART in names:
        return
    raise _Stop(Code.NOT_XLSX.issue(file=file, detail=_zip_kind_detail(zf, names)))


def _zip_kind_detail(zf: zipfile.ZipFile, names: set[str]) -> str:
    if "mimetype" in names:
        info = zf.getinfo("mimetype")
        mime = zf.read(info).decode("ascii", "replace") if info.file_size < 200 else ""
        if "opendocument.spreadsheet" in mime:
            return " (den ser ut til å være et OpenDocument-regneark, .ods)"
        if "opendocument" in mime:
            return " (den ser ut til å være et OpenDocument-dokument)"
    if "xl/workbook.bin" in names:
        return " (den ser ut til å være en binær Excel-arbeidsbok, .xlsb)"
    if "word/document.xml" in names:
        return " (den ser ut til å være et Word-dokument)"
    if any(n.startswith("ppt/") for n in names):
        return " (den ser ut til å være en PowerPoint-presentasjon)"
    return " (den er en zip-fil uten arbeidsbok)"


def _guess_detail(data: bytes) -> str:
    head = data[:4096]
    low = head.lower()
    if head.startswith(b"%PDF"):
        what = "en PDF-fil"
    elif head.startswith(b"{\\rtf"):
        what = "et RTF-dokument"
    elif head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM")):
        what = "et bilde"
    elif head.startswith((b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!")):
        what = "en komprimert fil (gzip, 7z eller rar)"
    elif b"urn:schemas-microsoft-com:office:spreadsheet" in low:
        what = "et XML-regneark fra Excel 2003"
    elif b"<html" in low or b"<!doctype html" in low or b"<table" in low:
        what = "en HTML-side"
    elif _looks_like_text(head):
        what = "en tekstfil, for eksempel CSV"
    else:
        return ""
    return f" (den ser ut til å være {what})"


def _looks_like_text(head: bytes) -> bool:
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            head, encoding = head[len(bom):], enc
            break
    else:
        encoding = "utf-8"
    try:
        text = head.decode(encoding)
    except UnicodeDecodeError as exc:
        text = head[: exc.start].decode(encoding) if exc.start > len(head) - 4 else head.decode("cp1252", "replace")
    if not text:
        return False
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
    return control == 0 and "\ufffd" not in text


def _ole_issue(data: bytes, file: str) -> Issue:
    names = _ole_stream_names(data)
    if names is None:  # directory unreadable: fall back to a plain byte search
        return Code.ENCRYPTED.issue(file=file) if _ENCRYPTION_INFO_UTF16 in data else Code.OLD_XLS.issue(file=file)
    if "encryptioninfo" in names or "encryptedpackage" in names:
        return Code.ENCRYPTED.issue(file=file)
    if "worddocument" in names:
        return Code.NOT_XLSX.issue(file=file, detail=" (den ser ut til å være et gammelt Word-dokument, .doc)")
    return Code.OLD_XLS.issue(file=file)


def _ole_stream_names(data: bytes) -> set[str] | None:
    """Casefolded names in an OLE2 compound file's directory, or None when it cannot be parsed."""
    try:
        shift = struct.unpack_from("<H", data, 0x1E)[0]
        if shift not in (9, 12):
            return None
        size = 1 << shift
        first_dir = struct.unpack_from("<I", data, 0x30)[0]
        first_difat, n_difat = struct.unpack_from("<II", data, 0x44)
        fat_sectors = [s for s in struct.unpack_from("<109I", data, 0x4C) if s < 0xFFFFFFFA]
        sector, guard = first_difat, 0
        while sector < 0xFFFFFFFA and guard < n_difat and guard < 1000:
            off = (sector + 1) * size
            entries = struct.unpack_from(f"<{size // 4}I", data, off)
            fat_sectors += [s for s in entries[:-1] if s < 0xFFFFFFFA]
            sector, guard = entries[-1], guard + 1
        fat: list[int] = []
        for s in fat_sectors[:4096]:
            fat += struct.unpack_from(f"<{size // 4}I", data, (s + 1) * size)
        names: set[str] = set()
        sector, seen = first_dir, set()
        while sector < 0xFFFFFFFA and sector not in seen and len(seen) < 10_000:
            seen.add(sector)
            base = (sector + 1) * size
            if base + size > len(data):
                return None
            for off in range(base, base + size, 128):
                length = struct.unpack_from("<H", data, off + 0x40)[0]
                if 2 <= length <= 64 and data[off + 0x42] in (1, 2, 5):
                    names.add(data[off:off + length - 2].decode("utf-16-le", "replace").casefold())
            sector = fat[sector] if sector < len(fat) else 0xFFFFFFFE
        return names or None
    except (struct.error, IndexError):
        return None


# --- XML prologs ------------------------------------------------------------------------------

def _check_xml_prologs(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], file: str) -> None:
    for info in infos:
        if info.is_dir() or info.file_size == 0:
            continue
        with zf.open(info) as stream:
            head = stream.read(PROLOG_BYTES)
        problem = prolog_problem(head, complete=info.file_size <= PROLOG_BYTES)
        if problem:
            raise _Stop(Code.UNSAFE_XML.issue(file=file, detail=f"{problem} i {info.filename}"))


def _decode_head(head: bytes) -> str | None:
    """The start of a part as text if it looks like XML (any BOM or UTF-16 without BOM), else None."""
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                     (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom):].decode(enc, "ignore")
    if head.startswith(b"<\x00\x00\x00"):
        return head.decode("utf-32-le", "ignore")
    if head.startswith(b"\x00\x00\x00<"):
        return head.decode("utf-32-be", "ignore")
    if head.startswith(b"<\x00"):
        return head.decode("utf-16-le", "ignore")
    if head.startswith(b"\x00<"):
        return head.decode("utf-16-be", "ignore")
    text = head.decode("latin-1")
    return text if text.lstrip().startswith("<") else None


def prolog_problem(head: bytes, *, complete: bool = True) -> str | None:
    """Why the prolog of an XML part is unsafe (a DTD or entity declaration), or None.

    ``head`` is the start of the part; ``complete`` says it is the whole part.
    A prolog that does not end within ``head`` is treated as unsafe.
    """
    text = _decode_head(head)
    if text is None:
        return None
    i, n = 0, len(text)
    while True:
        while i < n and text[i] in " \t\r\n":
            i += 1
        if i >= n:
            return None if complete else "uvanlig lang innledning"
        if text.startswith("<?", i):
            end = text.find("?>", i + 2)
            if end < 0:
                return None if complete else "uvanlig lang innledning"
            i = end + 2
        elif text.startswith("<!--", i):
            end = text.find("-->", i + 4)
            if end < 0:
                return None if complete else "uvanlig lang innledning"
            i = end + 3
        elif text.startswith("<!", i):
            return "ENTITY" if text[i:i + 8].upper() == "<!ENTITY" else "DOCTYPE"
        else:
            return None


# --- macros -----------------------------------------------------------------------------------

def _has_macros(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> bool:
    names = {i.filename.lower() for i in infos}
    if VBA_PART.lower() in names or any(n.endswith("vbaproject.bin") for n in names):
        return True
    if "[content_types].xml" in names:
        info = next(i for i in infos if i.filename.lower() == "[content_types].xml")
        return b"macroenabled" in zf.read(info).lower()
    return False


# --- formulas ---------------------------------------------------------------------------------

def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def worksheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part path -> sheet name, from ``xl/workbook.xml`` and its relationships."""
    workbook = SafeET.fromstring(zf.read(WORKBOOK_PART), forbid_dtd=True)
    try:
        rels = SafeET.fromstring(zf.read(WORKBOOK_RELS), forbid_dtd=True)
    except KeyError:
        return {}
    targets = {}
    for rel in rels:
        if _local(rel.tag) == "Relationship" and rel.get("Type", "").endswith(_WORKSHEET_REL) \
                and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            targets[rel.get("Id")] = path
    parts = {}
    for el in workbook.iter():
        if _local(el.tag) == "sheet":
            rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), None)
            if rid in targets and el.get("name") is not None:
                parts[targets[rid]] = el.get("name")
    return parts


def _scan_sheets(zf: zipfile.ZipFile, file: str) -> Formulas:
    """Formula cells of every worksheet; also stops on merged ranges openpyxl would expand."""
    formulas: Formulas = {}
    merged = 0
    names = set(zf.namelist())
    for part, sheet in worksheet_parts(zf).items():
        if part not in names:
            continue
        data = zf.read(part)
        text = _as_utf8(data)
        for ref in MERGE_REF.findall(text):
            merged += _area(ref.decode("ascii", "replace"))
        if merged > MAX_MERGED_CELLS:
            raise _Stop(_too_large(file, f"sammenslåtte celler dekker over {MAX_MERGED_CELLS:,} celler".replace(",", " "),
                                   f"{MAX_MERGED_CELLS:,} celler".replace(",", " ")))
        if FORMULA_HINT.search(text):
            formulas.update(sheet_formulas(data, sheet))
    return formulas


def _as_utf8(data: bytes) -> bytes:
    """A UTF-16/32 part re-encoded as UTF-8 for the byte-level regexes; other parts unchanged."""
    wide = data[:1] in (b"\x00", b"\xff", b"\xfe") or data[1:2] == b"\x00"
    decoded = _decode_head(data) if wide else None
    return decoded.encode("utf-8") if decoded is not None else data


def _area(ref: str) -> int:
    m = _RANGE_REF.fullmatch(ref.strip())
    if not m:
        return 0
    c1, r1 = column_index_from_string(m.group(1).upper()), int(m.group(2))
    c2, r2 = (column_index_from_string(m.group(3).upper()), int(m.group(4))) if m.group(3) else (c1, r1)
    return (abs(c2 - c1) + 1) * (abs(r2 - r1) + 1)


def sheet_formulas(data: bytes, sheet: str) -> Formulas:
    """Every formula cell of one worksheet part (parsed without DTDs, entities or network)."""
    found: Formulas = {}
    shared: dict[str, tuple[str, str]] = {}  # si -> (master formula, master coordinate)
    row, col, coord = 0, 0, ""
    events = etree.iterparse(BytesIO(data), events=("start", "end"), resolve_entities=False,
                             no_network=True, load_dtd=False, huge_tree=False)
    for event, el in events:
        tag = _local(el.tag)
        if event == "start":
            if tag == "row":
                r = el.get("r")
                row, col = (int(r) if r and r.isdigit() else row + 1), 0
            elif tag == "c":
                ref = el.get("r")
                if ref:
                    m = _CELL_REF.fullmatch(ref)
                    if m:
                        col, row = column_index_from_string(m.group(1).upper()), int(m.group(2))
                    else:
                        col += 1
                else:
                    col += 1
                coord = f"{get_column_letter(max(col, 1))}{row}"
            continue
        if tag == "f":
            text = (el.text or "").strip()
            si = el.get("si")
            if el.get("t") == "shared" and si is not None:
                if text:
                    shared[si] = (text, coord)
                elif si in shared:
                    master, origin = shared[si]
                    try:
                        text = Translator("=" + master, origin=origin).translate_formula(coord)[1:]
                    except Exception:  # an untranslatable formula is still reported, untranslated
                        text = master
            found[(sheet, coord)] = "=" + text if text else "=(formel)"
        elif tag == "row":
            el.clear()
    return found


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
