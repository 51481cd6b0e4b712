"""Who to remind about a tiltak, and in which written standard an actor is written to: the chase list's rules
(:mod:`pipeline.merge.chase`) for a front end that keeps the earlier rounds as export records
(the portal's reminder e-mails)."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.common.malform import Malform
from pipeline.contract.settings import ExpectedTiltak, ReportSettings
from pipeline.merge.chase import Contact, PreviousRound, contact_for, previous_round, reminder_malform
from pipeline.merge.export import RecordError, record_to_tiltak
from pipeline.summary.changes import Round

__all__ = ["Contact", "PreviousRound", "earlier_contacts", "reminder_contact", "reminder_standard", "listed_standard"]


def earlier_contacts(records: Sequence[dict], label: str) -> PreviousRound:
    """The contacts in an earlier round's export records (records that cannot be read are left out)."""
    tiltak = []
    for record in records:
        try:
            tiltak.append(record_to_tiltak(record))
        except (RecordError, ValueError, TypeError, AttributeError):
            continue
    if not tiltak:
        return PreviousRound({}, given=bool(records))
    return previous_round([Round(label, None, tuple(tiltak), label)])


def reminder_contact(expected: ExpectedTiltak, previous: PreviousRound) -> Contact:
    """Name and e-mail from rapport.toml, else from the earlier round (:func:`pipeline.merge.chase.contact_for`)."""
    return contact_for(expected, previous)


def reminder_standard(expected: ExpectedTiltak, report: ReportSettings, previous: PreviousRound) -> Malform:
    """The recipient's written standard (:func:`pipeline.merge.chase.reminder_malform`)."""
    return reminder_malform(expected, report, previous)


def listed_standard(report: ReportSettings | None, navn: str, aktor: str) -> Malform | None:
    """The standard rapport.toml gives an actor (the tiltak's own entry, else the actor's first entry with
    ``malform``), or ``None`` (:func:`pipeline.validate.malformchoice.listed_malform`)."""
    from pipeline.validate.malformchoice import listed_malform

    return listed_malform(report, navn, aktor)
