"""Reminder e-mails from the chase list: the round's tiltak still waiting on the actor (mangler, har feil,
sendt tilbake), with the contact from rapport.toml, else from the previous round (the library's
:func:`pipeline.api.reminder_contact`), in the recipient's written standard (:mod:`pipeline.portal.remindermail`), previewed, then sent one by one through Django's e-mail backend.

Every send is kept (:class:`~pipeline.portal.models.Purring`) and logged («purring»); a send the server
refuses or that cannot reach it is kept as «Ikke sendt» with the reason, and can be sent again.

The link in the mail is the actor's personal link, signed anew for the actor's *current* link generation:
it logs in like the link from ``opprett-runde``, and earlier links keep working (nothing is revoked).
"""

from __future__ import annotations

import smtplib
import socket
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone

from pipeline.contract.identity import tiltak_key
from pipeline.contract.settings import ExpectedTiltak, ReportSettings
from pipeline import api
from pipeline.api.reminding import Contact, PreviousRound
from pipeline.portal import access, audit, presenting, services
from pipeline.portal.models import ForventetTiltak, Purring, Runde
from pipeline.portal.remindermail import compose

#: The statuses that wait on the actor (as the dashboard's «Forsinket»).
WAITING = (services.MANGLER, services.HAR_FEIL, "sendt tilbake")
PREVIOUS_LABEL = "forrige runde"


@dataclass(frozen=True)
class Reminder:
    """One reminder: the tiltak, why it is chased, who gets it, and the mail; ``problem`` says why it cannot
    be sent (no e-mail address, the actor is blocked), empty when it can."""

    tiltak: ForventetTiltak
    status: str
    contact: Contact
    subject: str
    body: str
    problem: str = ""

    @property
    def to(self) -> str:
        return self.contact.epost


def previous_contacts(runde: Runde) -> PreviousRound:
    """The contacts in the previous round's export the round was made with (unreadable records left out)."""
    return api.earlier_contacts(runde.previous_records(), PREVIOUS_LABEL)


def _expected(report: ReportSettings, tiltak: ForventetTiltak) -> ExpectedTiltak:
    found = next((e for e in report.forventet if tiltak_key(e.navn) == tiltak.nokkel), None)
    return found or ExpectedTiltak(navn=tiltak.navn, aktor=tiltak.aktor.navn)


def chase(runde: Runde, only: set[int] | None = None) -> list[Reminder]:
    """The reminders of the round (or of the tiltak ids in ``only``), by actor and tiltak."""
    report = services.report_settings(runde)
    previous = previous_contacts(runde)
    until = timezone.localdate() + timedelta(days=settings.PORTAL_LINK_DAYS)
    out = []
    for tiltak in runde.tiltak.select_related("aktor").order_by("aktor__navn", "navn"):
        if only is not None and tiltak.pk not in only:
            continue
        newest = services.latest(tiltak)
        state = services.status(tiltak, newest)
        if state not in WAITING:
            continue
        expected = _expected(report, tiltak)
        contact = api.reminder_contact(expected, previous)
        errors = presenting.counts(newest.report())[0] if newest else 0
        subject, body = compose(tiltak=tiltak.navn, aktor=tiltak.aktor.navn, status=state, errors=errors,
                                comment=tiltak.kommentar, kontakt=contact.kontaktperson, report=report,
                                link=access.link_url(tiltak.aktor), link_until=until,
                                malform=api.reminder_standard(expected, report, previous))
        problem = ("aktøren er sperret" if tiltak.aktor.sperret
                   else "" if contact.epost else "e-postadressen mangler (rapport.toml og forrige runde)")
        out.append(Reminder(tiltak, state, contact, subject, body, problem))
    return out


def describe_failure(exc: Exception) -> str:
    """Why a mail was not sent, in Norwegian."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, message = next(iter(exc.recipients.values()), (0, b""))
        return f"E-posttjeneren avviste mottakeren ({code} {_text(message)})."
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return "E-posttjeneren godtok ikke brukernavnet og passordet (INNRAPPORTERING_PORTAL_SMTP_BRUKER/-PASSORD)."
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"E-posttjeneren avviste e-posten ({exc.smtp_code} {_text(exc.smtp_error)})."
    if isinstance(exc, ConnectionRefusedError):
        return "Fikk ikke kontakt med e-posttjeneren: forbindelsen ble avvist."
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return "E-posttjeneren svarte ikke i tide."
    if isinstance(exc, smtplib.SMTPException):
        return f"E-posten ble ikke sendt: {exc}"
    return f"Fikk ikke kontakt med e-posttjeneren: {getattr(exc, 'strerror', None) or exc}."


def _text(message) -> str:
    return message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)


def send(reminders: list[Reminder], *, by: str, request=None) -> list[Purring]:
    """Send every sendable reminder, each on its own; every try is kept and logged, a failure never stops
    the others."""
    sent = []
    for reminder in reminders:
        if reminder.problem:
            continue
        tiltak = reminder.tiltak
        message = EmailMessage(reminder.subject, reminder.body, settings.DEFAULT_FROM_EMAIL, [reminder.to])
        try:
            message.send(fail_silently=False)
            status, failure = Purring.Status.SENDT, ""
        except (smtplib.SMTPException, OSError) as exc:
            status, failure = Purring.Status.FEILET, describe_failure(exc)
        row = Purring.objects.create(runde=tiltak.runde, tiltak=tiltak, til=reminder.to, emne=reminder.subject[:500],
                                     status=status, feil=failure, sendt_av=by[:300])
        audit.record("purring", f"{tiltak.navn} ({tiltak.aktor.navn})", by=by, request=request,
                     details=f"til {reminder.to}: " + ("sendt" if not failure else f"ikke sendt – {failure}"))
        sent.append(row)
    return sent


def unresolved_failures(runde: Runde) -> list[Purring]:
    """The failed sends with no later successful send for the same tiltak (newest first)."""
    rows = list(runde.purringer.select_related("tiltak__aktor").order_by("-tidspunkt", "-id"))
    done: set[int] = set()
    out = []
    for row in rows:
        if row.status == Purring.Status.SENDT:
            done.add(row.tiltak_id)
        elif row.tiltak_id not in done:
            out.append(row)
            done.add(row.tiltak_id)
    return out
