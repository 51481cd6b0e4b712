"""The jobs besides the merge: validate, feedback copies, prefilled workbooks, the template, the PDF.

Each takes paths and plain options and returns a result object from :mod:`pipeline.api.results`; nothing is
printed and nothing exits. Progress while reading workbooks goes to ``progress(done, total, path)``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from pipeline.api.paths import check_output_folder, ensure_folder, form_settings, library_job, report_settings_path
from pipeline.api.results import FeedbackResult, PdfJobResult, PrefillResult, ReportDate, TemplateResult, ValidateResult
from pipeline.common.errors import UsageError

Progress = Callable[[int, int, Path], None]
DEFAULT_FEEDBACK_FOLDER = Path("output/tilbakemelding")


def _paths(paths) -> list[Path]:
    return [Path(paths)] if isinstance(paths, (str, Path)) else [Path(p) for p in paths]


def report_date(given: date | None, settings_path: Path | None, settings) -> ReportDate:
    """``given`` (``--rapportdato``), else the report settings' ``rapportdato``, else today."""
    if given:
        return ReportDate(given, "fra --rapportdato")
    if settings is not None:
        return ReportDate(settings.rapportdato, f"fra {settings_path}")
    return ReportDate(date.today(), "dagens dato; fant ingen rapport.toml og ingen --rapportdato")


@library_job
def validate(paths, *, skjema=None, innstillinger=None, rapportdato: date | None = None, jobs: int | None = None,
             progress: Progress | None = None, malform=None) -> ValidateResult:
    """Read and validate workbooks (files or folders); every finding is in the result, a bad workbook never
    raises. :class:`UsageError` when none of the paths exist. ``malform`` (``"bokmal"``/``"nynorsk"``): the
    standard of every finding; else each actor's own (``FileResult.malform``, see docs/malform.md)."""
    from pipeline.contract.settings import load_report_settings
    from pipeline.validate.batch import check_paths
    from pipeline.validate.crossfile import known_actors
    from pipeline.validate.malformchoice import apply_malform

    option = _malform(malform)
    paths = _paths(paths)
    settings_path = report_settings_path(innstillinger, paths)
    settings = load_report_settings(settings_path) if settings_path else None
    when = report_date(rapportdato, settings_path, settings)
    check = check_paths(paths, form_settings(skjema), when.value, progress=progress, jobs=jobs,
                        actors=known_actors(settings))
    if check.missing and not check.files:
        raise UsageError("Fant ingen av filene: " + ", ".join(str(p) for p in check.missing))
    return ValidateResult(apply_malform(check, settings, option), when)


def _malform(given):
    """``malform`` as a :class:`Malform` (None when not given); :class:`UsageError` for an unknown one."""
    from pipeline.common.malform import parse_malform

    if given is None:
        return None
    parsed = parse_malform(given)
    if parsed is None:
        raise UsageError(f"«{given}» er ikke en målform; bruk «bokmal» eller «nynorsk».")
    return parsed


@library_job
def feedback(paths, output=None, *, skjema=None, innstillinger=None, rapportdato: date | None = None,
             jobs: int | None = None, progress: Progress | None = None,
             new_folder_limit: int | None = None, malform=None) -> FeedbackResult:
    """Validate as :func:`validate` does and write a copy of each workbook with findings, marked, to
    ``output`` (default ``output/tilbakemelding``), each in its actor's standard (or ``malform``)."""
    from pipeline.excel.feedback import write_feedback

    paths = _paths(paths)
    folder = Path(output) if output is not None else DEFAULT_FEEDBACK_FOLDER
    check_output_folder(folder, paths)
    checked = validate(paths, skjema=skjema, innstillinger=innstillinger, rapportdato=rapportdato, jobs=jobs,
                       progress=progress, malform=malform)
    made = ensure_folder(folder, new_folder_limit)
    outcome = write_feedback(checked.check.files, folder, date.today())
    return FeedbackResult(checked.check, checked.report_date, outcome, folder, made)


@library_job
def prefill(data, output, *, skjema=None, overwrite: bool = False,
            new_folder_limit: int | None = None) -> PrefillResult:
    """One prefilled workbook per tiltak in ``data`` (a path to the export, or its records) in ``output``.
    Workbooks already there under the same names are not replaced
    (:class:`pipeline.merge.nextround.WorkbooksInTheWay`) unless ``overwrite``, which keeps a backup of each."""
    from pipeline.merge.history import read_export
    from pipeline.merge.nextround import prefill_round

    records = data if isinstance(data, list) else read_export(Path(data))  # before any folder is made
    folder = Path(output)
    made = ensure_folder(folder, new_folder_limit)
    outcome = prefill_round(records, folder, form_settings(skjema), overwrite=overwrite)
    return PrefillResult(outcome.paths, folder, made, outcome.backups)


@library_job
def template(output=None, *, skjema=None, malform=None, new_folder_limit: int | None = None) -> TemplateResult:
    """Write the empty Excel template (by default ``templates/innrapporteringsmal.xlsx`` when that folder
    exists here, else ``innrapporteringsmal.xlsx``). ``malform``: ``"bokmal"`` (default) or ``"nynorsk"``
    (a :class:`~pipeline.common.malform.Malform` or any spelling it accepts); the nynorsk template's default
    name is ``innrapporteringsmal-nynorsk.xlsx``. An unknown standard is a :class:`UsageError`."""
    from pipeline.common.malform import DEFAULT, parse_malform, spellings
    from pipeline.excel.template import write_template
    from pipeline.resources import default_template_output

    standard = DEFAULT if malform is None else parse_malform(malform)
    if standard is None:
        raise UsageError(f"«{malform}» er ikke en målform; bruk bokmal eller nynorsk "
                         f"(godtatt: {', '.join(spellings())}).")
    target = Path(output) if output is not None else default_template_output(malform=standard)
    made = ensure_folder(target.parent, new_folder_limit) if output is not None else None
    return TemplateResult(write_template(target, form_settings(skjema), standard), made)


@library_job
def pdf(docx, output=None, *, timeout: float | None = None, new_folder_limit: int | None = None) -> PdfJobResult:
    """A publishable PDF of ``docx`` with LibreOffice (default beside it), and the page numbers written into
    ``docx``'s contents list. :class:`pipeline.pdf.office.PdfError` when it cannot be made."""
    from pipeline.pdf import convert

    docx = Path(docx)
    if not docx.is_file():
        raise UsageError(f"Fant ikke Word-dokumentet {docx}.")
    made = ensure_folder(Path(output).parent, new_folder_limit) if output is not None else None
    options = {} if timeout is None else {"timeout": timeout}
    return PdfJobResult(convert.publish_pdf(docx, Path(output) if output is not None else None, **options), made)


def pdf_unavailable() -> str | None:
    """Why :func:`pdf` cannot work on this machine (LibreOffice or its Python bridge UNO is missing), in
    Norwegian; ``None`` when it can."""
    from pipeline.pdf.office import PdfUnavailable, find_office

    try:
        find_office()
    except PdfUnavailable as exc:
        return str(exc)
    return None
