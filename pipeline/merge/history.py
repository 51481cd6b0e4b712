"""Earlier rounds: read earlier exports (``vedlegg2.json``) and order them by period.

``--forrige`` (or ``forrige`` in rapport.toml) names one export or a folder of them. The export is a
bare JSON list of records without a period, so a file's period is found, in this order:

1. the file name: ``…ÅÅÅÅ-MM…`` (``vedlegg2-2021-08.json``), label «August 2021»;
2. ``merge-rapport.json`` in the same folder (written by ``merge`` beside every export): its
   ``rapportdato`` gives year and month, its ``periode`` the label («August 2021»).

A folder is read one level deep: its ``*.json`` files and the ``*.json`` files of its sub-folders
(one per round, e.g. ``arkiv/2021-08/vedlegg2.json``), ``merge-rapport.json`` excepted. In a folder
every export needs a period, and no two may have the same; one file given alone may lack a period
(it is then «forrige rapport»). Problems raise :class:`HistoryError` (Norwegian message).

This module is the one reader of the export format: :func:`read_export` gives its records as they
are (``prefill`` writes them into workbooks), :func:`load_history` the earlier rounds as models
(changes, Statusutvikling and the chase list's contacts all come from them).
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from pipeline.common.errors import PipelineError, reason
from pipeline.contract.settings import ReportSettings
from pipeline.merge.export import RecordError, record_to_tiltak
from pipeline.summary.changes import Round

REPORT_NAME = "merge-rapport.json"  # the same name as pipeline.merge.report.REPORT_JSON
MONTHS = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
          "november", "desember")
_YEAR_MONTH = re.compile(r"(?<!\d)(\d{4})-(\d{2})(?!\d)")


class HistoryError(PipelineError):
    """An earlier export cannot be used. The message is Norwegian and names the file."""


def history_for(given: Path | None, report: ReportSettings, settings_path: Path) -> tuple[list[Round], list[str]]:
    """``given`` (``--forrige``), else ``forrige`` in the report settings, relative to their file; none: ([], [])."""
    path = given or (settings_path.parent / report.forrige if report.forrige else None)
    return load_history(path, report) if path is not None else ([], [])


def load_history(path: Path, report: ReportSettings) -> tuple[list[Round], list[str]]:
    """The earlier rounds, oldest first, and warnings (an export from this round's period or later)."""
    if path.is_dir():
        files = _exports_in(path)
        if not files:
            raise HistoryError(f"Fant ingen tidligere eksporter (.json) i mappen {path}.")
        rounds = [_read_round(f) for f in files]
        _check_periods(rounds)
    elif path.is_file():
        rounds = [_read_round(path)]
    else:
        raise HistoryError(f"Fant ikke forrige rundes eksport {path}.")
    rounds.sort(key=lambda r: r.key or (0, 0))
    return rounds, _warnings(rounds, report)


def _exports_in(folder: Path) -> list[Path]:
    found = [*folder.glob("*.json"), *folder.glob("*/*.json")]
    return sorted(p for p in found if p.name != REPORT_NAME and not p.name.startswith("."))


def _check_periods(rounds: list[Round]) -> None:
    seen: dict[tuple[int, int], str] = {}
    for r in rounds:
        if r.key is None:
            raise HistoryError(f"Vet ikke hvilken periode {r.source} gjelder. Gi filen navn som "
                               f"vedlegg2-ÅÅÅÅ-MM.json, eller legg merge-rapport.json fra den runden ved siden av.")
        if r.key in seen:
            raise HistoryError(f"{seen[r.key]} og {r.source} gjelder samme periode ({r.label}). Ta bort én av dem.")
        seen[r.key] = r.source


def _warnings(rounds: list[Round], report: ReportSettings) -> list[str]:
    now = (report.rapportdato.year, report.rapportdato.month)
    out = []
    for r in rounds:
        if r.key == now or r.label.casefold() == report.periode.casefold():
            out.append(f"Advarsel: {r.source} er fra samme periode som denne rapporten ({r.label}); "
                       "er det riktig forrige runde?")
        elif r.key is not None and r.key > now:
            out.append(f"Advarsel: {r.source} er fra en senere periode ({r.label}) enn denne rapporten.")
    return out


def _read_round(path: Path) -> Round:
    key, label = _period(path)
    return Round(label, key, tuple(_read_records(path)), str(path))


def _period(path: Path) -> tuple[tuple[int, int] | None, str]:
    match = _YEAR_MONTH.search(path.name)
    if match and 1 <= int(match.group(2)) <= 12:
        key = (int(match.group(1)), int(match.group(2)))
        return key, _month_label(key)
    beside = path.parent / REPORT_NAME
    if beside.is_file():
        try:
            data = json.loads(beside.read_text(encoding="utf-8"))
            day, month, year = (int(x) for x in str(data["rapportdato"]).split("."))
            key = (date(year, month, day).year, month)
            return key, str(data.get("periode") or _month_label(key))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass  # not a usable merge report: no period
    return None, "forrige rapport"


def _month_label(key: tuple[int, int]) -> str:
    return f"{MONTHS[key[1] - 1].capitalize()} {key[0]}"


EXPECTED = "forventet eksporten vedlegg2.json som merge skriver (en liste med ett objekt per tiltak)"
_ZIP = b"PK\x03\x04"


def read_export(path: Path) -> list[dict]:
    """The records of an export (``vedlegg2.json``) as they are, each a dict with «navn».
    :class:`HistoryError` naming the file and what was expected when it is missing or not an export."""
    path = Path(path)
    if path.is_dir():
        raise HistoryError(f"{path} er en mappe: {EXPECTED}.")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise HistoryError(f"Fant ikke {path}: {EXPECTED}.") from None
    except OSError as exc:
        raise HistoryError(f"Kan ikke lese {path}: {reason(exc)}.") from None
    if raw.startswith(_ZIP):
        raise HistoryError(f"{path} er et Word-dokument eller en annen zip-fil, ikke JSON: {EXPECTED}. "
                           "Den ligger ved siden av Vedlegg2.docx fra forrige runde.")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise HistoryError(f"{path} er ikke en tekstfil (UTF-8): {EXPECTED}.") from None
    except json.JSONDecodeError as exc:
        raise HistoryError(f"{path} er ikke gyldig JSON (linje {exc.lineno}): {EXPECTED}.") from None
    if not isinstance(data, list) or not all(isinstance(r, dict) and isinstance(r.get("navn"), str) for r in data):
        raise HistoryError(f"{path} har ikke formen til eksporten vedlegg2.json (en liste med ett objekt per tiltak, "
                           "hvert med «navn»).")
    return data


def _read_records(path: Path) -> list:
    data = read_export(path)
    try:
        return [record_to_tiltak(r) for r in data]
    except RecordError as exc:
        raise HistoryError(f"{path}: {exc}") from None
    except (ValidationError, TypeError, AttributeError) as exc:
        raise HistoryError(f"{path} har ikke formen til eksporten vedlegg2.json ({type(exc).__name__}).") from None


__all__ = ["HistoryError", "history_for", "load_history", "read_export", "REPORT_NAME"]
