"""The chase list: who to remind of the expected tiltak that did not come, and the reminders themselves.

The contact for a missing tiltak comes from ``rapport.toml`` (``[[forventet]]`` with
``kontaktperson`` and ``epost``), else from the earlier rounds given by ``--forrige`` or ``forrige``
in ``rapport.toml`` (the same rounds the changes are compared with, read by
:mod:`pipeline.merge.history`): the latest round in which the tiltak has a contact person or an
e-mail. Both are optional. :func:`chase_text` is ``purreliste.txt``: one ready-to-paste Norwegian
reminder per missing tiltak, in the recipient actor's standard (:func:`reminder_malform`); the list's own
header lines are for the secretariat and stay bokmål.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.common.counted import counted
from pipeline.common.malform import DEFAULT, Malform
from pipeline.contract.formatting import format_date
from pipeline.contract.settings import ExpectedTiltak, ReportSettings
from pipeline.merge.plan import Absent
from pipeline.merge.remindertext import TEXTS
from pipeline.merge.roundmalform import EarlierMalforms, earlier_malforms
from pipeline.summary.changes import Round
from pipeline.contract.identity import tiltak_key
from pipeline.validate.malformchoice import listed_malform

CHASE_NAME = "purreliste.txt"
RULE = "-" * 72


@dataclass(frozen=True)
class Contact:
    """Who to remind about one tiltak; ``source`` says where the contact came from (Norwegian)."""

    kontaktperson: str = ""
    epost: str = ""
    source: str = ""


@dataclass(frozen=True)
class PreviousRound:
    """Contacts by tiltak (compared as :func:`tiltak_key`) from the earlier rounds; ``given``: whether
    there were earlier rounds at all (the list says where to give them when not)."""

    contacts: dict[str, Contact]
    given: bool = True
    #: The standard of the actors' workbooks in those rounds (from the merge reports beside the exports).
    malforms: EarlierMalforms = field(default_factory=EarlierMalforms)


def previous_round(history: Sequence[Round]) -> PreviousRound:
    """The contacts of the earlier rounds (oldest first, as :func:`pipeline.merge.history.load_history`
    gives them): for each tiltak the latest round's contact that has a name or an e-mail."""
    contacts: dict[str, Contact] = {}
    for earlier in reversed(history):
        for t in earlier.tiltak:
            contact = Contact(t.kontaktperson.strip(), t.kontakt_epost.strip(), earlier.source)
            if contact.kontaktperson or contact.epost:
                contacts.setdefault(tiltak_key(t.navn), contact)
    return PreviousRound(contacts, bool(history), earlier_malforms(history))


def contact_for(expected: ExpectedTiltak, previous: PreviousRound) -> Contact:
    """Name and e-mail each from the settings when they give it, else from the earlier rounds; ``source``
    names where they came from."""
    earlier = previous.contacts.get(tiltak_key(expected.navn), Contact())
    name, epost = expected.kontaktperson or earlier.kontaktperson, expected.epost or earlier.epost
    from_settings = bool(expected.kontaktperson or expected.epost)
    from_earlier = (name, epost) != (expected.kontaktperson, expected.epost)
    sources = ["rapport.toml"] * from_settings + [earlier.source] * from_earlier
    return Contact(name, epost, " og ".join(sources))


def missing_rows(absent: list[Absent], previous: PreviousRound) -> list[dict[str, str]]:
    """The expected tiltak not in the document, why (``grunn``) and their contacts, for the merge report."""
    rows = []
    for a in absent:
        contact = contact_for(a.expected, previous)
        rows.append({**a.to_dict(), "kontaktperson": contact.kontaktperson, "epost": contact.epost,
                     "kilde": contact.source})
    return rows


def reminder_malform(expected: ExpectedTiltak, report: ReportSettings, previous: PreviousRound) -> Malform:
    """The recipient's standard: ``malform`` in rapport.toml (the entry, else the actor's other entries), else
    the actor's workbook in the earlier rounds, else bokmål."""
    return (listed_malform(report, expected.navn, expected.aktor)
            or previous.malforms.of(expected.navn, expected.aktor) or DEFAULT)


def _reminder(expected: ExpectedTiltak, contact: Contact, report: ReportSettings, malform: Malform) -> list[str]:
    texts = TEXTS[malform]
    name = f"«{expected.navn}»" + (f" ({expected.aktor})" if expected.aktor else "")
    if contact.epost:
        to = f"{contact.kontaktperson} <{contact.epost}>" if contact.kontaktperson else contact.epost
    else:
        to = (contact.kontaktperson or expected.aktor or texts.unknown) + texts.no_email
    deadline = texts.deadline.format(frist=format_date(report.frist)) if report.frist else texts.no_deadline
    hei = " " + contact.kontaktperson if contact.kontaktperson else ""
    return [RULE, f"Til: {to}", texts.subject.format(navn=expected.navn, periode=report.periode), "",
            texts.greeting.format(hei=hei), "",
            texts.body.format(tiltak=name, portefolje=report.portefolje, periode=report.periode, frist=deadline),
            texts.how, "", texts.closing, texts.secretariat.format(portefolje=report.portefolje),
            report.utgiver.navn, ""]


def chase_text(missing: list[ExpectedTiltak], previous: PreviousRound, report: ReportSettings) -> str:
    """``purreliste.txt``: a short header, then one reminder per missing tiltak."""
    lines = [f"Purreliste – {report.periode}"]
    if report.frist:
        lines.append(f"Frist for innsending: {format_date(report.frist)}.")
    if not missing:
        lines.append("Alle forventede tiltak er mottatt. Ingen purringer.")
    else:
        lines.append(f"{counted(len(missing), 'forventet tiltak er', 'forventede tiltak er')} ikke mottatt. "
                     "Hver purring under kan limes inn i en e-post.")
        if not previous.given and any(not contact_for(e, previous).epost for e in missing):
            lines.append("Merk: Ingen forrige runde er gitt (--forrige eller forrige i rapport.toml), så "
                         "kontaktpersonene er bare hentet fra rapport.toml.")
    lines.append("")
    for expected in missing:
        lines += _reminder(expected, contact_for(expected, previous), report,
                           reminder_malform(expected, report, previous))
    return "\n".join(lines).rstrip() + "\n"
