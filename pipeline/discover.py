"""Which files on the command line are submissions.

Folders are read one level deep (the secretariat drops all workbooks into one
folder). Excel lock files (``~$navn.xlsx``) and files that are not workbooks are
skipped with a note; hidden files, sub-folders and the report settings
(``rapport.toml``) are passed over quietly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.issues import Code, Issue

REPORT_SETTINGS_NAME = "rapport.toml"

#: Extensions read as submissions. ``.xls`` is read so that the user gets the
#: "old format" error instead of a silent skip.
WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls"})


@dataclass
class Discovery:
    workbooks: list[Path] = field(default_factory=list)
    skipped: list[Issue] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)


def _classify(path: Path, found: Discovery) -> None:
    if path.name == REPORT_SETTINGS_NAME:
        return  # the report settings live beside the submissions
    if path.name.startswith("~$"):
        found.skipped.append(Code.LOCK_FILE.issue(file=path.name))
    elif path.suffix.lower() in WORKBOOK_SUFFIXES:
        found.workbooks.append(path)
    else:
        found.skipped.append(Code.NOT_A_WORKBOOK.issue(file=path.name))


def discover(paths: list[Path]) -> Discovery:
    """Workbooks to read, in a stable order (sorted by name within a folder)."""
    found = Discovery()
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            children = sorted((p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")),
                              key=lambda p: p.name.casefold())
        elif path.is_file():
            children = [path]
        else:
            found.missing.append(path)
            continue
        for child in children:
            key = child.resolve()
            if key not in seen:
                seen.add(key)
                _classify(child, found)
    return found
