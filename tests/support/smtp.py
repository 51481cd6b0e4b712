"""A real SMTP server on localhost (aiosmtpd) for the reminder tests: it keeps every mail it accepts and
refuses any recipient whose address starts with «avvis»."""

from __future__ import annotations

import email
import email.policy
import socket
from dataclasses import dataclass, field


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Mail:
    to: list[str]
    sender: str
    subject: str
    body: str


@dataclass
class Collector:
    mails: list[Mail] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd's name)
        if address.startswith("avvis"):
            return "550 5.1.1 Mottakeren finnes ikke"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        # Django folds a long encoded subject as «Subject:» + CRLF + « =?utf-8?…»: the whitespace before the
        # first word is not part of the value (RFC 5322, 2.2.3), though Python's parser keeps it
        self.mails.append(Mail(list(envelope.rcpt_tos), envelope.mail_from, str(message["Subject"]).lstrip(),
                               message.get_body(("plain",)).get_content()))
        return "250 Mottatt"


class SmtpServer:
    """``with SmtpServer() as server``: listening on ``server.port`` until the block ends."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.collector = Collector()
        self.port = free_port()
        self._controller = Controller(self.collector, hostname="127.0.0.1", port=self.port)

    @property
    def mails(self) -> list[Mail]:
        return self.collector.mails

    def settings(self) -> dict:
        """Django settings that send to this server."""
        return {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": self.port, "EMAIL_USE_TLS": False, "EMAIL_USE_SSL": False, "EMAIL_TIMEOUT": 10,
                "DEFAULT_FROM_EMAIL": "sekretariatet@portal.example"}

    def __enter__(self) -> "SmtpServer":
        self._controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self._controller.stop()
