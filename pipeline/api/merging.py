"""The merge job: settings and earlier rounds found, the document (new, or ``oppdater`` an edited one)
written with the export and the merge report, and with ``tilbakemelding`` the feedback copies beside it.
Nothing is printed; what the console shows is in the :class:`MergeResult`."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from pipeline.api.jobs import Progress, _paths
from pipeline.api.paths import check_output_folder, ensure_folder, form_settings, library_job, report_settings_path
from pipeline.api.results import MergeResult
from pipeline.common.errors import UsageError
from pipeline.merge.plan import Mode
from pipeline.read.discover import REPORT_SETTINGS_NAME
from pipeline.resources import WORD_TEMPLATE_NAME, locate

DEFAULT_OUTPUT = Path("output/Vedlegg2.docx")
FEEDBACK_FOLDER_NAME = "tilbakemelding"


@library_job
def merge(inputs=(Path("input"),), output=None, *, innstillinger=None, skjema=None, mode: Mode | str = Mode.NORMAL,
          mal=None, forrige=None, oppdater=None, behold_borte: bool = False, overskriv: bool = False,
          tilbakemelding: bool = False, jobs: int | None = None, progress: Progress | None = None,
          new_folder_limit: int | None = None) -> MergeResult:
    """Merge every valid workbook in ``inputs`` (folders or files) into ``output`` (default
    ``output/Vedlegg2.docx``; with ``oppdater`` the edited document itself), with the export and the merge
    report beside it. ``innstillinger``: the report settings, by default ``rapport.toml`` in the first folder;
    ``forrige``: earlier rounds (else ``forrige`` in the settings); ``oppdater``: an edited Vedlegg 2 to update
    in place; ``overskriv``: replace an edited document, keeping it as a backup."""
    from pipeline.contract.settings import load_report_settings
    from pipeline.merge.run import DocumentProtected, docx_path, run_merge
    from pipeline.merge.update import UpdateError

    inputs = _paths(inputs)
    settings_path = _settings_path(inputs, innstillinger)
    given_output = output
    update, output = _update_request(oppdater, behold_borte, output)
    settings = load_report_settings(settings_path)
    history, warnings = earlier_rounds(forrige, settings, settings_path)
    made = ensure_folder(docx_path(output).parent, new_folder_limit) if given_output is not None else None
    try:
        outcome = run_merge(inputs, output, settings, form_settings(skjema), mode=Mode(mode),
                            template=locate(WORD_TEMPLATE_NAME, Path(mal) if mal else None), progress=progress,
                            jobs=jobs, overwrite=overskriv, history=history, update=update)
    except DocumentProtected as exc:
        raise UsageError(protected_message(exc)) from None
    except UpdateError as exc:
        raise UsageError(f"{oppdater}: {exc}") from exc
    result = MergeResult(outcome, warnings, made_folder=made)
    if tilbakemelding:
        from pipeline.excel.feedback import write_feedback

        folder = output.parent / FEEDBACK_FOLDER_NAME
        check_output_folder(folder, inputs)
        from pipeline.validate.malformchoice import with_malform

        files = sorted([with_malform(f, settings) for f in [*outcome.plan.merged, *outcome.plan.rejected]],
                       key=lambda f: f.name.casefold())
        result = MergeResult(outcome, warnings, write_feedback(files, folder, date.today()), folder, made)
    return result


def _settings_path(inputs: list[Path], innstillinger) -> Path:
    """The report settings; :class:`UsageError` when there are none or a path is unusable."""
    missing = [p for p in inputs if not p.exists()]
    if missing:
        raise UsageError("Fant ikke " + ", ".join(str(p) for p in missing) + ". Oppgi en mappe med arbeidsbøker "
                         "eller arbeidsbøkene selv.")
    path = report_settings_path(innstillinger, inputs)
    if path is None:
        where = (inputs[0] if inputs[0].is_dir() else inputs[0].parent) / REPORT_SETTINGS_NAME
        raise UsageError(f"Fant ikke rapportinnstillingene ({where}). "
                         "Bruk --innstillinger FIL, eller kopier input/rapport.toml inn i mappen.")
    from pipeline.read.discover import discover

    if not discover(inputs).workbooks:
        raise UsageError(f"Fant ingen arbeidsbøker (.xlsx) i {', '.join(str(p) for p in inputs)}. "
                         "Ingenting er skrevet.")
    return path


def _update_request(oppdater, behold_borte: bool, output):
    """(UpdateRequest or ``None``, the output path): ``oppdater`` checked, the default output set."""
    if oppdater is None:
        if behold_borte:
            raise UsageError("--behold-borte gjelder bare sammen med --oppdater REDIGERT.docx.")
        return None, Path(output) if output is not None else DEFAULT_OUTPUT
    from pipeline.merge.update import UpdateError, open_update

    oppdater = Path(oppdater)
    if not oppdater.is_file():
        raise UsageError(f"Fant ikke dokumentet {oppdater} som skal oppdateres.")
    try:
        request = open_update(oppdater, behold_borte)  # read once, checked before the long merge
    except UpdateError as exc:
        raise UsageError(f"{oppdater}: {exc}") from exc
    return request, Path(output) if output is not None else oppdater


def earlier_rounds(given, settings, settings_path: Path) -> tuple[list, list[str]]:
    """``forrige``, else ``forrige`` in rapport.toml, read and ordered: (rounds, warnings)."""
    from pipeline.merge.history import HistoryError, history_for

    try:
        return history_for(Path(given) if given else None, settings, settings_path)
    except HistoryError as exc:
        raise UsageError(f"{exc} Ingenting er skrevet.") from None


def protected_message(exc) -> str:
    """Why the merge did not replace the document, and what to do (Norwegian)."""
    from pipeline.common.backup import backup_name
    from pipeline.word.fingerprint import DocumentState

    path = exc.path
    if exc.state is DocumentState.EDITED:
        why = (f"{path} er endret etter at det ble laget (redigert i Word eller et annet program). "
               "Sammenslåingen erstatter det ikke, så endringene ikke går tapt.")
    else:
        why = (f"{path} ble ikke laget av innrapportering (det mangler fingeravtrykket som merge skriver inn), "
               "så sammenslåingen erstatter det ikke.")
    example = backup_name(path, datetime.now()).name
    return (f"{why}\n"
            f"  • Lag dokumentet på nytt og ta vare på det gamle: kjør igjen med --overskriv. Det gamle blir "
            f"liggende som sikkerhetskopi ved siden av, f.eks. {example}.\n"
            f"  • Eller skriv det nye dokumentet et annet sted: -o {path.with_name(path.stem + '-ny.docx')}.\n"
            f"  • Eller flett de nye innrapporteringene inn i det redigerte dokumentet uten å miste endringene: "
            f"--oppdater {path}.")
