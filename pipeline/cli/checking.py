"""What ``validate`` and ``tilbakemelding`` share: the options that choose what is checked, passed to
:func:`pipeline.api.validate` (or :func:`pipeline.api.feedback`) with a progress bar."""

from __future__ import annotations

from pipeline.cli.progress import Progress


def check_options(args) -> dict:
    """The keyword arguments of :func:`pipeline.api.validate` from the command's options."""
    return {"skjema": args.skjema, "innstillinger": args.innstillinger, "rapportdato": args.rapportdato,
            "jobs": args.jobs, "malform": args.malform}


def check_as_validate(args):
    """Read and validate ``args.paths`` as ``validate`` does; returns (CheckResult, ReportDate).
    :class:`UsageError` when none of the paths exist."""
    from pipeline import api

    progress = Progress(args.quiet)
    try:
        result = api.validate(args.paths, progress=progress, **check_options(args))
    finally:
        progress.close()
    return result.check, result.report_date
