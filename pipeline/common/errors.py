"""The one error type of the package and the exit codes it maps to.

Every error the library raises on purpose derives from :class:`PipelineError`: its message is Norwegian and
names the file (and sheet and cell where there is one), and ``exit_code`` says how the command line ends
(2 for a user's mistake: a wrong option, a missing or broken file or settings, an unwritable folder). The
command line catches this one class; the library API (:mod:`pipeline.api`) raises nothing else for
expected problems, also not a bare :class:`OSError` (see :func:`file_system_error`).
"""

from __future__ import annotations

import errno

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT: Ctrl-C, as the shell reports it
EXIT_PIPE = 141  # 128 + SIGPIPE: the reader of our output went away (``… | head``), as the shell reports it


class PipelineError(Exception):
    """An expected problem, with a Norwegian message for the user and the exit code it maps to."""

    exit_code: int = EXIT_USAGE
    prefix: str = "Feil: "  # how the command line starts the message

    @property
    def message(self) -> str:
        return str(self)


class UsageError(PipelineError):
    """A problem with how a job was asked for: a path that does not exist, options that do not fit together,
    an output folder that is one of the input folders …"""


class FileSystemError(PipelineError):
    """A file or folder could not be read or written (read-only, no permission, disk full, a file where a
    folder should be). Made from an :class:`OSError` by :func:`file_system_error`."""


#: Why a file operation failed, in Norwegian (the operating system's own text is English).
_REASONS = {
    errno.EACCES: "ingen skrivetilgang",
    errno.EPERM: "ingen skrivetilgang",
    errno.EROFS: "filsystemet er skrivebeskyttet",
    errno.ENOSPC: "disken er full",
    errno.EDQUOT: "diskkvoten er brukt opp",
    errno.ENOTDIR: "en del av stien er en fil, ikke en mappe",
    errno.EISDIR: "det er en mappe",
    errno.EEXIST: "en fil med samme navn finnes allerede der mappen skulle vært",
    errno.ENAMETOOLONG: "navnet er for langt",
    errno.EBUSY: "filen er i bruk",
    errno.ETXTBSY: "filen er i bruk",
    errno.ENOENT: "finnes ikke",
}


def reason(exc: OSError) -> str:
    """A Norwegian reason for an OS error (the OS text when there is no translation)."""
    return _REASONS.get(exc.errno or 0) or exc.strerror or str(exc)


def file_system_error(exc: OSError) -> FileSystemError:
    """The Norwegian error for an :class:`OSError`: which file or folder, and why."""
    where = exc.filename if exc.filename is not None else "en fil"
    also = f" (og {exc.filename2})" if getattr(exc, "filename2", None) else ""
    return FileSystemError(f"Kan ikke lese eller skrive {where}{also}: {reason(exc)}. "
                           "Velg en annen mappe med -o, eller rett tilgangen og kjør på nytt.")
