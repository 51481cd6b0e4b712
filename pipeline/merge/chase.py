"""The chase list: who to remind of the expected tiltak that did not come, and the reminders themselves.

The contact for a missing tiltak comes from ``rapport.toml`` (``[[forventet]]`` with
``kontaktperson`` and ``epost``), else from the previous round's export in
``forrige-runde/*.json`` beside the workbooks (``kontaktperson``, ``kontakt_epost``). Both are
optional. :func:`chase_text` is ``purreliste.txt``: one ready-to-paste Norwegian reminder per
missing tiltak.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pipeline.contract.formatting import format_date
from pipeline.contract.settings import ExpectedTiltak, ReportSettings
from pipeline.merge.plan import Absent
from pipeline.contract.identity import tiltak_key

CHASE_NAME = "purreliste.txt"
PREVIOUS_FOLDER = "forrige-runde"
RULE = "-" * 72


@dataclass(frozen=True)
class Contact:
    """Who to remind about one tiltak; ``source`` says where the contact came from (Norwegian)."""

    kontaktperson: str = ""
    epost: str = ""
    source: str = ""


@dataclass(frozen=True)
class PreviousRound:
    """Contacts by tiltak (compared as :func:`tiltak_key`) from the previous round, and files that could not be read."""

    contacts: dict[str, Contact]
    unreadable: tuple[str, ...] = ()


def previous_round(folders: list[Path]) -> PreviousRound:
    """The contacts in ``forrige-runde/*.json`` of the input folders (none when there is no such folder)."""
    contacts: dict[str, Contact] = {}
    unreadable: list[str] = []
    for folder in folders:
        for path in sorted((folder / PREVIOUS_FOLDER).glob("*.json")) if folder.is_dir() else []:
            try:
                records = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError):
                unreadable.append(str(path))
                continue
            for record in records if isinstance(records, list) else []:
                if isinstance(record, dict) and isinstance(record.get("navn"), str):
                    contact = Contact(str(record.get("kontaktperson") or "").strip(),
                                      str(record.get("kontakt_epost") or "").strip(), f"{PREVIOUS_FOLDER}/{path.name}")
                    if contact.kontaktperson or contact.epost:
                        contacts.setdefault(tiltak_key(record["navn"]), contact)
    return PreviousRound(contacts, tuple(unreadable))


def contact_for(expected: ExpectedTiltak, previous: PreviousRound) -> Contact:
    """The settings' contact when they give one, else the previous round's, else none."""
    if expected.kontaktperson or expected.epost:
        return Contact(expected.kontaktperson, expected.epost, "rapport.toml")
    return previous.contacts.get(tiltak_key(expected.navn), Contact())


def missing_rows(absent: list[Absent], previous: PreviousRound) -> list[dict[str, str]]:
    """The expected tiltak not in the document, why (``grunn``) and their contacts, for the merge report."""
    rows = []
    for a in absent:
        contact = contact_for(a.expected, previous)
        rows.append({**a.to_dict(), "kontaktperson": contact.kontaktperson, "epost": contact.epost,
                     "kilde": contact.source})
    return rows


def _reminder(expected: ExpectedTiltak, contact: Contact, report: ReportSettings) -> list[str]:
    name = f"«{expected.navn}»" + (f" ({expected.aktor})" if expected.aktor else "")
    if contact.epost:
        to = f"{contact.kontaktperson} <{contact.epost}>" if contact.kontaktperson else contact.epost
    else:
        to = (contact.kontaktperson or expected.aktor or "ukjent") + " (e-postadresse mangler)"
    deadline = (f"Fristen for innsending er {format_date(report.frist)}." if report.frist
                else "Send den så snart som mulig.")
    return [RULE, f"Til: {to}", f"Emne: Påminnelse: innrapportering for {expected.navn} – {report.periode}", "",
            f"Hei{' ' + contact.kontaktperson if contact.kontaktperson else ''},", "",
            f"Vi har ennå ikke mottatt innrapporteringen for tiltaket {name} til {report.portefolje} "
            f"for {report.periode}. {deadline}",
            "Bruk arbeidsboken (Excel-malen) sekretariatet sendte ut, og send den utfylte arbeidsboken "
            "som vedlegg i svar på denne e-posten.", "",
            "Vennlig hilsen", f"Sekretariatet for {report.portefolje}", report.utgiver.navn, ""]


def chase_text(missing: list[ExpectedTiltak], previous: PreviousRound, report: ReportSettings) -> str:
    """``purreliste.txt``: a short header, then one reminder per missing tiltak."""
    lines = [f"Purreliste – {report.periode}"]
    if report.frist:
        lines.append(f"Frist for innsending: {format_date(report.frist)}.")
    if not missing:
        lines.append("Alle forventede tiltak er mottatt. Ingen purringer.")
    else:
        lines.append(f"{len(missing)} forventede tiltak er ikke mottatt. Hver purring under kan limes inn i en e-post.")
    lines += [f"Merk: {path} kunne ikke leses; kontaktene derfra er ikke med." for path in previous.unreadable]
    lines.append("")
    for expected in missing:
        lines += _reminder(expected, contact_for(expected, previous), report)
    return "\n".join(lines).rstrip() + "\n"
