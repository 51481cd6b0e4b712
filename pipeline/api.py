"""The library surface: check workbooks, merge a folder, build the Excel template.

Each function takes paths and plain options, finds the settings the way the command line does
(see :mod:`pipeline.resources`) and returns a result object; nothing is printed. Settings errors
raise :class:`pipeline.contract.settings.SettingsError`, output errors
:class:`pipeline.common.atomic.OutputError`, both with a Norwegian message.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pipeline.contract.settings import FormSettings, ReportSettings, load_form_settings, load_report_settings
from pipeline.merge.plan import MergeOutcome, Mode
from pipeline.read.discover import REPORT_SETTINGS_NAME
from pipeline.resources import WORD_TEMPLATE_NAME, default_template_output, locate
from pipeline.validate.batch import CheckResult, check_paths


def form_settings(skjema: str | Path | None = None) -> FormSettings:
    """The form settings: ``skjema``, else ``templates/skjema.toml`` here, else the packaged default."""
    return load_form_settings(Path(skjema) if skjema else None)


def check_workbooks(paths: list[str | Path], *, skjema: str | Path | None = None,
                    rapportdato: date | None = None, jobs: int | None = None) -> CheckResult:
    """Read and validate workbooks (files or folders); every finding is in the result, nothing raises
    for a bad workbook. ``rapportdato``: deliverables due before it and not delivered are reported."""
    return check_paths([Path(p) for p in paths], form_settings(skjema), rapportdato, jobs=jobs)


def merge_folder(folder: str | Path, output: str | Path = "output/Vedlegg2.docx", *,
                 innstillinger: str | Path | None = None, skjema: str | Path | None = None,
                 mode: Mode | str = Mode.NORMAL, mal: str | Path | None = None,
                 jobs: int | None = None) -> MergeOutcome:
    """Merge every valid workbook in ``folder`` into ``output`` with the JSON export and the merge report
    beside it. ``innstillinger``: the report settings, by default ``rapport.toml`` in ``folder``. Earlier rounds
    (``forrige`` in the settings, see docs/endringer.md) that cannot be read raise
    :class:`pipeline.merge.history.HistoryError`."""
    folder = Path(folder)
    settings_path = Path(innstillinger) if innstillinger else folder / REPORT_SETTINGS_NAME
    report: ReportSettings = load_report_settings(settings_path)
    from pipeline.merge.history import history_for
    from pipeline.merge.run import run_merge

    history, _ = history_for(None, report, settings_path)
    return run_merge([folder], Path(output), report, form_settings(skjema), mode=Mode(mode),
                     template=locate(WORD_TEMPLATE_NAME, Path(mal) if mal else None), jobs=jobs, history=history)


def build_template(output: str | Path | None = None, *, skjema: str | Path | None = None) -> Path:
    """Write the empty Excel template (by default ``templates/innrapporteringsmal.xlsx`` when that folder
    exists here, else ``innrapporteringsmal.xlsx``); returns the path written."""
    from pipeline.excel.template import write_template

    return write_template(Path(output) if output else default_template_output(), form_settings(skjema))
