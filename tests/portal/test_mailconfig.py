"""The reminders' e-mail settings from the environment, and why a send failed (pure)."""

from __future__ import annotations

import smtplib
import socket

import pytest

from pipeline.portal.mailconfig import CONSOLE, SMTP, MailSettingsError, email_settings
from pipeline.portal.reminders import describe_failure


def test_without_a_host_mails_go_to_the_console():
    assert email_settings({}) == {"EMAIL_BACKEND": CONSOLE, "DEFAULT_FROM_EMAIL": "innrapportering@localhost"}
    assert email_settings({"INNRAPPORTERING_PORTAL_AVSENDER": "s@x.no", "INNRAPPORTERING_PORTAL_SMTP_VERT": "  "}) == {
        "EMAIL_BACKEND": CONSOLE, "DEFAULT_FROM_EMAIL": "s@x.no"}


def test_our_variables_select_smtp_with_port_by_security():
    plain = email_settings({"INNRAPPORTERING_PORTAL_SMTP_VERT": "smtp.x.no"})
    assert plain == {"EMAIL_BACKEND": SMTP, "EMAIL_HOST": "smtp.x.no", "EMAIL_PORT": 25, "EMAIL_HOST_USER": "",
                     "EMAIL_HOST_PASSWORD": "", "EMAIL_USE_TLS": False, "EMAIL_USE_SSL": False, "EMAIL_TIMEOUT": 20,
                     "DEFAULT_FROM_EMAIL": "innrapportering@localhost"}
    tls = email_settings({"INNRAPPORTERING_PORTAL_SMTP_VERT": "h", "INNRAPPORTERING_PORTAL_SMTP_TLS": "1",
                          "INNRAPPORTERING_PORTAL_SMTP_BRUKER": "u", "INNRAPPORTERING_PORTAL_SMTP_PASSORD": "p",
                          "INNRAPPORTERING_PORTAL_SMTP_TIDSAVBRUDD": "7"})
    assert (tls["EMAIL_PORT"], tls["EMAIL_USE_TLS"], tls["EMAIL_USE_SSL"]) == (587, True, False)
    assert (tls["EMAIL_HOST_USER"], tls["EMAIL_HOST_PASSWORD"], tls["EMAIL_TIMEOUT"]) == ("u", "p", 7)
    ssl = email_settings({"INNRAPPORTERING_PORTAL_SMTP_VERT": "h", "INNRAPPORTERING_PORTAL_SMTP_SSL": "ja"})
    assert (ssl["EMAIL_PORT"], ssl["EMAIL_USE_TLS"], ssl["EMAIL_USE_SSL"]) == (465, False, True)
    port = email_settings({"INNRAPPORTERING_PORTAL_SMTP_VERT": "h", "INNRAPPORTERING_PORTAL_SMTP_PORT": "2525",
                           "INNRAPPORTERING_PORTAL_SMTP_TLS": "0"})
    assert (port["EMAIL_PORT"], port["EMAIL_USE_TLS"]) == (2525, False)


def test_djangos_own_names_work_and_ours_win():
    django = email_settings({"EMAIL_HOST": "d", "EMAIL_PORT": "26", "EMAIL_USE_TLS": "true", "DEFAULT_FROM_EMAIL": "f@d"})
    assert (django["EMAIL_HOST"], django["EMAIL_PORT"], django["EMAIL_USE_TLS"], django["DEFAULT_FROM_EMAIL"]) == (
        "d", 26, True, "f@d")
    both = email_settings({"EMAIL_HOST": "d", "INNRAPPORTERING_PORTAL_SMTP_VERT": "ours"})
    assert both["EMAIL_HOST"] == "ours"


@pytest.mark.parametrize("env, named", [
    ({"INNRAPPORTERING_PORTAL_SMTP_PORT": "to"}, "INNRAPPORTERING_PORTAL_SMTP_PORT='to' er ikke et positivt heltall"),
    ({"INNRAPPORTERING_PORTAL_SMTP_PORT": "0"}, "INNRAPPORTERING_PORTAL_SMTP_PORT='0'"),
    ({"EMAIL_TIMEOUT": "-1"}, "EMAIL_TIMEOUT='-1' er ikke et positivt heltall"),
    ({"INNRAPPORTERING_PORTAL_SMTP_TLS": "kanskje"}, "INNRAPPORTERING_PORTAL_SMTP_TLS='kanskje': skriv 1 (på) eller 0"),
    ({"INNRAPPORTERING_PORTAL_SMTP_TLS": "1", "INNRAPPORTERING_PORTAL_SMTP_SSL": "1"},
     "Velg én av INNRAPPORTERING_PORTAL_SMTP_TLS (STARTTLS, port 587) og INNRAPPORTERING_PORTAL_SMTP_SSL "
     "(TLS fra start, port 465), ikke begge."),
])
def test_a_setting_that_cannot_be_used_names_the_variable(env, named):
    with pytest.raises(MailSettingsError) as caught:
        email_settings({"INNRAPPORTERING_PORTAL_SMTP_VERT": "h", **env})
    assert named in str(caught.value)


@pytest.mark.parametrize("exc, message", [
    (smtplib.SMTPRecipientsRefused({"a@x": (550, b"5.1.1 Finnes ikke")}),
     "E-posttjeneren avviste mottakeren (550 5.1.1 Finnes ikke)."),
    (smtplib.SMTPRecipientsRefused({"a@x": (550, b"Ukjent \xff")}),  # not UTF-8: never an exception of its own
     "E-posttjeneren avviste mottakeren (550 Ukjent \ufffd)."),
    (smtplib.SMTPAuthenticationError(535, b"nei"), "godtok ikke brukernavnet og passordet"),
    (smtplib.SMTPDataError(554, "Spam"), "E-posttjeneren avviste e-posten (554 Spam)."),
    (smtplib.SMTPServerDisconnected("borte"), "E-posten ble ikke sendt: borte"),
    (ConnectionRefusedError(111, "Connection refused"), "Fikk ikke kontakt med e-posttjeneren: forbindelsen ble avvist."),
    (socket.timeout("timed out"), "E-posttjeneren svarte ikke i tide."),
    (OSError(101, "Network is unreachable"), "Fikk ikke kontakt med e-posttjeneren: Network is unreachable."),
    (socket.gaierror(-2, "Name or service not known"), "Fikk ikke kontakt med e-posttjeneren: Name or service not known."),
])
def test_why_a_send_failed_is_said_in_norwegian(exc, message):
    assert message in describe_failure(exc)
