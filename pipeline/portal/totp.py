"""Time-based one-time passwords (RFC 6238, on HOTP from RFC 4226) with the standard library only (pure).

The portal uses the common profile every authenticator app knows: SHA-1, 6 digits, 30-second steps, a
base32 secret of 160 bits, shown as text and as an ``otpauth://`` URI.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import struct
from urllib.parse import quote, urlencode

PERIOD = 30
DIGITS = 6
ISSUER = "Innsendingsportalen"


def new_secret() -> str:
    """A fresh base32 secret (160 bits, 32 characters, no padding)."""
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii")


def secret_bytes(secret: str) -> bytes:
    """The key behind a base32 secret; spaces, case and missing padding do not matter."""
    text = "".join(secret.split()).upper()
    try:
        return base64.b32decode(text + "=" * (-len(text) % 8))
    except (binascii.Error, ValueError):
        raise ValueError("Hemmeligheten er ikke gyldig base32.") from None


def hotp(key: bytes, counter: int, digits: int = DIGITS, digest: str = "sha1") -> str:
    """RFC 4226: the ``digits``-digit code for ``counter`` (dynamic truncation of the HMAC)."""
    mac = hmac.new(key, struct.pack(">Q", counter), getattr(hashlib, digest)).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10 ** digits).zfill(digits)


def time_step(unix_time: float, period: int = PERIOD) -> int:
    return int(unix_time // period)


def totp(key: bytes, unix_time: float, digits: int = DIGITS, digest: str = "sha1", period: int = PERIOD) -> str:
    """RFC 6238: the code at ``unix_time``."""
    return hotp(key, time_step(unix_time, period), digits, digest)


def accepted_step(secret: str, code: str, unix_time: float, *, after: int = 0, window: int = 1) -> int | None:
    """The time step ``code`` is valid for (now, or ``window`` steps either side for clock drift), later than
    ``after`` (a code is used once); none when it is not valid."""
    code = "".join(code.split())
    if len(code) != DIGITS or not (code.isascii() and code.isdigit()):
        return None
    key = secret_bytes(secret)
    now = time_step(unix_time)
    for step in range(now - window, now + window + 1):
        if step > after and hmac.compare_digest(hotp(key, step), code):
            return step
    return None


def otpauth_uri(secret: str, account: str, issuer: str = ISSUER) -> str:
    """The ``otpauth://totp/…`` URI an authenticator app reads (as a QR code or pasted)."""
    label = quote(f"{issuer}:{account}", safe=":@")
    query = urlencode({"secret": secret, "issuer": issuer, "algorithm": "SHA1", "digits": DIGITS, "period": PERIOD})
    return f"otpauth://totp/{label}?{query}"


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type: ``ABCD EFGH …``."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
