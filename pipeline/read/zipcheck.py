"""Size, entry and DTD limits for a workbook's zip archive, checked before anything is unpacked.

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
  an object for every one of them; checked in :mod:`pipeline.read.formulascan`).
* ``PROLOG_BYTES`` – how much of each XML part is searched for a DTD: 64 KB.

The declared sizes bound decompression: Python's zipfile never returns more
bytes than an entry declares (a lying entry fails its CRC check instead).
"""

from __future__ import annotations

import codecs
import struct
import zipfile

from pipeline.common.errors import PipelineError
from pipeline.contract.issues import Code, Issue

MB = 1024 * 1024
MAX_FILE_BYTES = 25 * MB
MAX_UNCOMPRESSED_BYTES = 200 * MB
MAX_PART_BYTES = 20 * MB
MAX_ENTRIES = 2_000
MAX_RATIO = 100
RATIO_MIN_BYTES = 1 * MB
MAX_MERGED_CELLS = 100_000
PROLOG_BYTES = 64 * 1024

_XML_SUFFIXES = (".xml", ".rels", ".vml")


class FileRejected(PipelineError):
    """A check found a problem that makes further checks pointless."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.code)
        self.issue = issue


def megabytes(size: int) -> str:
    """``1.5 MB`` written the Norwegian way: ``1,5 MB``."""
    return f"{size / MB:.1f} MB".replace(".", ",")


def too_large(file: str, detail: str, limit: str) -> Issue:
    return Code.TOO_LARGE.issue(file=file, detail=detail, limit=limit)


def entry_count(data: bytes) -> int | None:
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


def check_directory(infos: list[zipfile.ZipInfo], file: str) -> None:
    """Duplicate names, encryption, declared sizes and compression ratios; raises :class:`FileRejected`."""
    names = [i.filename for i in infos]
    if len(set(names)) != len(names):
        raise FileRejected(Code.CORRUPT.issue(file=file, detail="arkivet har flere deler med samme navn"))
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise FileRejected(Code.ENCRYPTED.issue(file=file))
        total += info.file_size
        if total > MAX_UNCOMPRESSED_BYTES:
            raise FileRejected(too_large(file, "innholdet er over " + megabytes(MAX_UNCOMPRESSED_BYTES) + " pakket ut",
                                         megabytes(MAX_UNCOMPRESSED_BYTES)))
        if info.filename.lower().endswith(_XML_SUFFIXES) and info.file_size > MAX_PART_BYTES:
            raise FileRejected(too_large(file, f"delen {info.filename} er {megabytes(info.file_size)}",
                                         megabytes(MAX_PART_BYTES)))
        if info.file_size > RATIO_MIN_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise FileRejected(too_large(file, f"delen {info.filename} pakkes ut til {megabytes(info.file_size)} "
                                               f"fra {megabytes(info.compress_size)}", f"forhold 1:{MAX_RATIO}"))


def check_xml_prologs(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], file: str) -> dict[str, bytes]:
    """Reject any part whose prolog declares a DTD or an entity; returns the parts read whole on the way
    (those no larger than ``PROLOG_BYTES``), so that they are not unpacked twice."""
    whole: dict[str, bytes] = {}
    for info in infos:
        if info.is_dir() or info.file_size == 0:
            continue
        with zf.open(info) as stream:
            head = stream.read(PROLOG_BYTES)
        complete = info.file_size <= PROLOG_BYTES
        problem = prolog_problem(head, complete=complete)
        if problem:
            raise FileRejected(Code.UNSAFE_XML.issue(file=file, detail=f"{problem} i {info.filename}"))
        if complete:
            whole[info.filename] = head
    return whole


def decode_xml_head(head: bytes) -> str | None:
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
    text = decode_xml_head(head)
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
