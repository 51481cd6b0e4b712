"""Which files on the command line are submissions.

Folders are read one level deep (the secretariat drops all workbooks into one
folder). Excel lock files (``~$navn.xlsx``), files that are not workbooks and
sub-folders are skipped with a note; hidden files and folders and the report
settings (``rapport.toml``) are passed over quietly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.contract.issues import Code, Issue

REPORT_SETTINGS_NAME = "rapport.toml"

#: Extensions read as submissions. Other spreadsheet formats (``.xls``, ``.ods``, ``.xlsb``,
#: ``.csv`` …) are read too, so that the sender gets a clear error ("save as .xlsx") instead
#: of the submission being skipped. A file named on the command line is always read.
WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".xltx", ".xltm", ".xlsb", ".ods", ".csv", ".numbers"})


@dataclass
class Discovery:
    workbooks: list[Path] = field(default_factory=list)
    skipped: list[Issue] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)


def _classify(path: Path, found: Discovery, explicit: bool) -> None:
    if path.name == REPORT_SETTINGS_NAME:
        return  # the report settings live beside the submissions
    if path.name.startswith("~$"):
        found.skipped.append(Code.LOCK_FILE.issue(file=path.name))
    elif explicit or path.suffix.lower() in WORKBOOK_SUFFIXES:
        found.workbooks.append(path)
    else:
        found.skipped.append(Code.NOT_A_WORKBOOK.issue(file=path.name))


def _holds_workbooks(folder: Path) -> bool:
    """A subfolder worth a note: one with workbooks in it (not e.g. ``forrige-runde/`` with exports)."""
    return folder.is_dir() and any(p.suffix.lower() in WORKBOOK_SUFFIXES for p in folder.rglob("*") if p.is_file())


def discover(paths: list[Path]) -> Discovery:
    """Workbooks to read, in a stable order (sorted by name within a folder)."""
    found = Discovery()
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            visible = sorted((p for p in path.iterdir() if not p.name.startswith(".")), key=lambda p: p.name.casefold())
            children = [p for p in visible if p.is_file()]
            found.skipped += [Code.SUBFOLDER.issue(file=f"{p.name}/") for p in visible if _holds_workbooks(p)]
        elif path.is_file():
            children = [path]
        else:
            found.missing.append(path)
            continue
        for child in children:
            key = child.resolve()
            if key not in seen:
                seen.add(key)
                _classify(child, found, explicit=path.is_file())
    return found
