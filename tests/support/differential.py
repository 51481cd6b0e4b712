"""Comparing our copy of a library function with the library's own: what a call gives, value or kind of error."""

from __future__ import annotations


def outcome(function, *args):
    """``("ok", value)`` or ``("error", type of the exception)`` for ``function(*args)``."""
    try:
        return ("ok", function(*args))
    except Exception as exc:  # noqa: BLE001 - the kind of error is part of what is compared
        return ("error", type(exc))
