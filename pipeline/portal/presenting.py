"""What the pages show of a stored report: findings grouped by sheet, counts, status words (pure).

The stored report (``Innsending.funn``) is the ``validate --json`` row in bokmål, as the API answers it, plus
:data:`NYNORSK_KEY`: each finding's message and field in nynorsk, made at upload (:func:`nynorsk_items`), so the
actor's page can show the findings in either standard (docs/malform.md, «Portalen»)."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.common.malform import Malform
from pipeline.contract import nnforms
from pipeline.portal.texts import text, translate

WHOLE_BOOK = "Hele arbeidsboken"
SEVERITY_KEYS = {"feil": "res_feil", "advarsel": "grad_advarsel"}
#: The stored report's key for the findings in nynorsk (the API answers the report without it).
NYNORSK_KEY = "nynorsk"


@dataclass
class Finding:
    alvorlighet: str
    sted: str
    felt: str
    melding: str
    verdi: str
    malform: Malform | None = None

    @property
    def label(self) -> str:
        key = SEVERITY_KEYS.get(self.alvorlighet)
        return text(key, self.malform) if key else self.alvorlighet


@dataclass
class SheetFindings:
    ark: str
    funn: list[Finding] = field(default_factory=list)


def _items(report: dict) -> list[dict]:
    return [f for file in report.get("filer", []) for f in file.get("funn", [])] + list(report.get("hoppet_over", []))


def nynorsk_items(result) -> list[dict[str, str]]:
    """Each finding of a :class:`~pipeline.validate.batch.CheckResult` in nynorsk (``melding``, ``felt``), in the
    order of its ``validate --json`` report."""
    issues = [i for file in result.files for i in file.issues] + list(result.skipped)
    return [{"melding": i.message_in(Malform.NYNORSK, nnforms), "felt": i.field_in(Malform.NYNORSK, nnforms)}
            for i in issues]


def refusal_in(message: str, report: dict, malform: Malform | None) -> str:
    """Why a file was refused (:mod:`pipeline.portal.services`) in ``malform``: the catalogue's form, with the
    reader's finding quoted in it («Filen ble ikke lest: …») in its stored nynorsk form."""
    shown = translate(message, malform)
    if malform is not Malform.NYNORSK:
        return shown
    forms = report.get(NYNORSK_KEY)
    for item, form in zip(_items(report), forms if isinstance(forms, list) else []):
        said, nynorsk = item.get("melding", ""), form.get("melding", "")
        if said and nynorsk and said in shown:
            shown = shown.replace(said, nynorsk)
    return shown


def findings(report: dict, malform: Malform | None = None) -> list[SheetFindings]:
    """The file's findings grouped by sheet, in the workbook's order; whole-book findings first. In nynorsk the
    stored nynorsk message and field are shown (a version stored before they were kept shows the bokmål ones)."""
    groups: dict[str, SheetFindings] = {}
    whole = text("hele_arbeidsboken", malform)
    items = _items(report)
    forms = report.get(NYNORSK_KEY) if malform is Malform.NYNORSK else None
    if not isinstance(forms, list) or len(forms) != len(items):
        forms = [{}] * len(items)
    for item, form in zip(items, forms):
        sheet = item.get("ark", "") or whole
        place = f"{item['ark']}!{item['celle']}" if item.get("ark") and item.get("celle") else item.get("ark", "")
        groups.setdefault(sheet, SheetFindings(sheet)).funn.append(
            Finding(item.get("alvorlighet", ""), place, form.get("felt") or item.get("felt", ""),
                    form.get("melding") or item.get("melding", ""), item.get("verdi", ""), malform))
    ordered = sorted(groups.values(), key=lambda g: g.ark != whole)
    return ordered


def counts(report: dict) -> tuple[int, int]:
    """(errors, warnings) in the report."""
    files = report.get("filer", [])
    skipped_errors = sum(1 for i in report.get("hoppet_over", []) if i.get("alvorlighet") == "feil")
    return sum(f.get("feil", 0) for f in files) + skipped_errors, sum(f.get("advarsler", 0) for f in files)


def verdict(report: dict, malform: Malform | None = None) -> str:
    """«2 feil og 1 advarsel», «Ingen feil eller advarsler» (nynorsk: «… åtvaring», «… åtvaringar»)."""
    errors, warnings = counts(report)
    if not errors and not warnings:
        return text("ingen_funn", malform)
    if warnings == 1:
        return text("en_advarsel", malform, feil=errors)
    return text("advarsler", malform, feil=errors, advarsler=warnings)
