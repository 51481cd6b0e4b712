"""What kind of file this is when it is not an .xlsx: the detail for the sender's error message.

Looks only at bytes already in memory: the first few kilobytes, the names in a zip
archive, or the directory of an OLE2 compound file (old .xls/.doc, or an .xlsx saved
with a password, which Excel wraps in OLE2 with ``EncryptionInfo``/``EncryptedPackage``).
"""

from __future__ import annotations

import codecs
import struct
import zipfile

from pipeline.contract.issues import Code, Issue

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_LOCAL_SIGNATURE = b"PK\x03\x04"
ZIP_EMPTY_SIGNATURE = b"PK\x05\x06"

_ENCRYPTION_INFO_UTF16 = "EncryptionInfo".encode("utf-16-le")


def is_zip(data: bytes) -> bool:
    return data.startswith(ZIP_LOCAL_SIGNATURE) or data.startswith(ZIP_EMPTY_SIGNATURE)


def non_zip_detail(data: bytes) -> str:
    """`` (den ser ut til å være en PDF-fil)`` and the like; empty when the bytes say nothing."""
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


def zip_kind_detail(zf: zipfile.ZipFile, names: set[str]) -> str:
    """What a zip archive without ``xl/workbook.xml`` is (OpenDocument, .xlsb, Word …)."""
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


def ole_issue(data: bytes, file: str) -> Issue:
    """The issue for an OLE2 compound file: password-protected .xlsx, old .doc or old .xls."""
    names = ole_entry_names(data)
    if names is None:  # directory unreadable: fall back to a plain byte search
        return Code.ENCRYPTED.issue(file=file) if _ENCRYPTION_INFO_UTF16 in data else Code.OLD_XLS.issue(file=file)
    if "encryptioninfo" in names or "encryptedpackage" in names:
        return Code.ENCRYPTED.issue(file=file)
    if "worddocument" in names:
        return Code.NOT_XLSX.issue(file=file, detail=" (den ser ut til å være et gammelt Word-dokument, .doc)")
    return Code.OLD_XLS.issue(file=file)


def ole_entry_names(data: bytes) -> set[str] | None:
    """Casefolded names of every entry in an OLE2 compound file's directory, or None when it cannot be parsed.

    Reads the directory sectors flat (not the entry tree), so entries left unlinked
    by a careless writer count too; olefile walks the tree and would miss them.
    """
    try:
        shift = struct.unpack_from("<H", data, 0x1E)[0]
        if shift not in (9, 12):
            return None
        size = 1 << shift
        fat = _ole_fat(data, size)
        first_dir = struct.unpack_from("<I", data, 0x30)[0]
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


def _ole_fat(data: bytes, size: int) -> list[int]:
    """The sector allocation table: the header's 109 FAT sectors plus the DIFAT chain's."""
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
    return fat
