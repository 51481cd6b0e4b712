"""RFC 6238 TOTP: the RFC's own test vectors (appendix B), the window, one use per code, the URI (pure)."""

from __future__ import annotations

import base64

import pytest

from pipeline.portal import totp

# RFC 6238, appendix B: the seeds are the ASCII digits "1234567890" repeated to the hash's length.
SEED = {"sha1": b"12345678901234567890", "sha256": b"12345678901234567890123456789012",
        "sha512": b"1234567890123456789012345678901234567890123456789012345678901234"}
VECTORS = [
    (59, "94287082", "46119246", "90693936"),
    (1111111109, "07081804", "68084774", "25091201"),
    (1111111111, "14050471", "67062674", "99943326"),
    (1234567890, "89005924", "91819424", "93441116"),
    (2000000000, "69279037", "90698825", "38618901"),
    (20000000000, "65353130", "77737706", "47863826"),
]


@pytest.mark.parametrize("unix_time, sha1, sha256, sha512", VECTORS)
def test_rfc_6238_test_vectors(unix_time, sha1, sha256, sha512):
    for digest, expected in (("sha1", sha1), ("sha256", sha256), ("sha512", sha512)):
        assert totp.totp(SEED[digest], unix_time, digits=8, digest=digest) == expected


def test_rfc_4226_hotp_vectors_with_six_digits():
    expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]
    assert [totp.hotp(SEED["sha1"], c) for c in range(10)] == expected


def test_six_digit_code_is_the_last_six_of_the_eight_and_keeps_leading_zeros():
    assert totp.totp(SEED["sha1"], 1111111109) == "081804"
    assert totp.time_step(59) == 1 and totp.time_step(60) == 2 and totp.time_step(89, 30) == 2
    assert totp.totp(SEED["sha1"], 119, period=60) == totp.hotp(SEED["sha1"], 1) != totp.totp(SEED["sha1"], 119)


def _secret() -> str:
    return base64.b32encode(SEED["sha1"]).decode()


def test_a_code_is_accepted_in_its_step_and_one_step_either_side_only():
    secret, now = _secret(), 1111111111
    step = totp.time_step(now)
    code = totp.hotp(SEED["sha1"], step)
    assert totp.accepted_step(secret, code, now) == step
    assert totp.accepted_step(secret, f" {code[:3]} {code[3:]} ", now) == step  # spaces as the app shows them
    assert totp.accepted_step(secret, totp.hotp(SEED["sha1"], step - 1), now) == step - 1
    assert totp.accepted_step(secret, totp.hotp(SEED["sha1"], step + 1), now) == step + 1
    assert totp.accepted_step(secret, totp.hotp(SEED["sha1"], step - 2), now) is None
    assert totp.accepted_step(secret, totp.hotp(SEED["sha1"], step + 2), now) is None
    assert totp.accepted_step(secret, totp.hotp(SEED["sha1"], step + 2), now, window=2) == step + 2


def test_a_used_code_or_an_older_one_is_refused():
    secret, now = _secret(), 1111111111
    step = totp.time_step(now)
    code = totp.hotp(SEED["sha1"], step)
    assert totp.accepted_step(secret, code, now, after=step) is None
    assert totp.accepted_step(secret, totp.hotp(SEED["sha1"], step - 1), now, after=step - 1) is None
    assert totp.accepted_step(secret, code, now, after=step - 1) == step


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", "12 34 5", "１２３４５６"])
def test_anything_but_six_digits_is_refused(code):
    assert totp.accepted_step(_secret(), code, 1111111111) is None


def test_the_secret_is_160_bits_of_base32_and_reads_back_with_spaces_and_small_letters():
    secret = totp.new_secret()
    assert len(secret) == 32 and len(totp.secret_bytes(secret)) == 20 and secret != totp.new_secret()
    assert totp.secret_bytes(totp.grouped(secret).lower()) == totp.secret_bytes(secret)
    assert totp.secret_bytes("GEZDGNBV") == b"12345"
    assert totp.secret_bytes("GEZDGNA") == b"1234" and totp.secret_bytes("GEZDG") == b"123"  # padding added
    with pytest.raises(ValueError, match=r"^Hemmeligheten er ikke gyldig base32\.$"):
        totp.secret_bytes("1111")


def test_grouped_and_the_otpauth_uri():
    assert totp.grouped("ABCDEFGHIJ") == "ABCD EFGH IJ"
    assert totp.otpauth_uri("ABCD", "kari sekr") == (
        "otpauth://totp/Innsendingsportalen:kari%20sekr?secret=ABCD&issuer=Innsendingsportalen&algorithm=SHA1"
        "&digits=6&period=30")
