"""Exit codes and the errors a command reports to the user (messages in Norwegian). The codes and the
base class live in :mod:`pipeline.common.errors`; every error the command line reports derives from
:class:`PipelineError`."""

from __future__ import annotations

from pipeline.common.errors import (EXIT_ERRORS, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_PIPE, EXIT_USAGE,
                                    PipelineError, UsageError)

__all__ = ["EXIT_OK", "EXIT_ERRORS", "EXIT_USAGE", "EXIT_INTERNAL", "EXIT_INTERRUPTED", "EXIT_PIPE", "PipelineError",
           "UsageError", "PdfFailed", "Interrupted"]


class PdfFailed(PipelineError):
    """The PDF could not be made (the message is Norwegian)."""


class Interrupted(PipelineError):
    """Ctrl-C at a point where the command has something to say about what is already written."""

    exit_code = EXIT_INTERRUPTED
    prefix = ""
