"""The issue catalogue as a Markdown table (``docs/feilkoder.md`` and ``innrapportering feilkoder``)."""

from __future__ import annotations

from pipeline.contract.issues import Code, Severity

_HEADER = """# Feilkoder

Alle funn verktøyet kan melde, med alvorlighetsgrad og meldingstekst. **Feil** gjør at innrapporteringen ikke
blir slått sammen (med mindre sekretariatet bruker `--lenient`); **advarsler** blir vist, men innrapporteringen
blir med. Hvert funn nevner fil, ark, celle, felt og verdien slik den ble skrevet.

Denne filen lages av `innrapportering feilkoder > docs/feilkoder.md`; en test sjekker at den er oppdatert.

| kode | grad | melding |
|---|---|---|
"""


def issue_catalogue_markdown() -> str:
    rows = []
    for code in Code:
        grade = "feil" if code.severity is Severity.ERROR else "advarsel"
        text = code.template.replace("|", "\\|").replace("{", "‹").replace("}", "›")
        rows.append(f"| `{code.value}` | {grade} | {text} |")
    return _HEADER + "\n".join(rows) + "\n"
