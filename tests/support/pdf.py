"""Helpers for the PDF tests: reading a PDF back with poppler, fake LibreOffice programs,
and looking for processes left behind."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.pdf.convert import Office, PdfUnavailable, find_office

_ENTRY = re.compile(r"^(?P<text>.*?)\s*(?:\.{2,}|…+)\s*(?P<page>\d+)$")


def office_or_skip() -> Office:
    try:
        return find_office()
    except PdfUnavailable as exc:
        pytest.skip(f"LibreOffice/python3-uno mangler (.ci/run installerer dem): {exc}")


def require_poppler() -> None:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext mangler (Debian-pakken poppler-utils)")


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page (pdftotext -layout), index 0 = page 1."""
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def normal(text: str) -> str:
    return " ".join(text.split())


def contents_list(pages: list[str], heading: str = "Innhold") -> list[tuple[str, int]]:
    """(entry text, page number) of the printed contents list: from the page that starts with
    ``heading`` up to the first page without entries. A wrapped entry is joined to its next line."""
    start = next(i for i, page in enumerate(pages) if page.strip().startswith(heading))
    entries, pending = [], ""
    for page in pages[start:]:
        found = False
        for line in page.splitlines():
            if not line.strip() or line.strip() == heading:
                continue
            match = _ENTRY.match(normal(f"{pending} {line}"))
            if match:
                entries.append((normal(match["text"]), int(match["page"])))
                pending, found = "", True
            else:
                pending = f"{pending} {line}"
        if not found:
            break
        pending = ""  # the footer's page number
    return entries


def page_head(page: str, first_key: str = "Aktør") -> str:
    """The text above the first key/value row of a chapter page: the segment and tiltak headings."""
    lines = []
    for line in page.splitlines():
        if line.strip().startswith(first_key):
            break
        lines.append(line)
    return normal(" ".join(lines))


def processes_matching(pattern: str) -> list[str]:
    """Command lines of running processes that contain ``pattern`` (``pgrep -af``)."""
    found = subprocess.run(["pgrep", "-af", pattern], capture_output=True, text=True).stdout
    return [line for line in found.splitlines() if "pgrep" not in line]


def fake_program(folder: Path, name: str, body: str) -> Path:
    """An executable shell script ``folder/name``."""
    path = folder / name
    path.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def hanging_program(folder: Path, marker: str, *, ignore_term: bool = False) -> Path:
    """A program that never finishes and has a child of its own; both carry ``marker`` in their command
    line. With ``ignore_term`` both ignore SIGTERM (only SIGKILL ends them)."""
    trap = "trap '' TERM\n" if ignore_term else ""
    return fake_program(folder, f"henger-{marker}", f"{trap}sh -c 'sleep 300' barn-{marker} &\nsleep 300")
