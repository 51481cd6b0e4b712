"""Exit codes and the errors a command reports to the user (messages in Norwegian)."""

from __future__ import annotations

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_PIPE = 141  # 128 + SIGPIPE: the reader of our output went away (``… | head``), as the shell reports it


class UsageError(Exception):
    """A problem with how the command was called. The message is Norwegian."""


class PdfFailed(Exception):
    """The PDF could not be made (the message is Norwegian)."""
