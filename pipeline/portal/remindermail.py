"""The reminder e-mail's words in bokmål and nynorsk: each mail is written in its recipient's standard
(``malform`` in rapport.toml, else the actor's workbook in the previous round, else bokmål; see
docs/malform.md). The nynorsk follows docs/ordliste.md."""

from __future__ import annotations

from datetime import date

from pipeline.common.malform import Malform
from pipeline.contract.formatting import format_date
from pipeline.contract.settings import ReportSettings

#: Placeholders: {name} «tiltak» (aktør), {periode}, {portefolje}, {errors} (a counted noun), {comment},
#: {frist}, {until}, {aktor}, {kontakt}, {tiltak}.
TEXTS: dict[Malform, dict[str, str]] = {
    Malform.BOKMAL: {
        "errors": "Innrapporteringen for tiltaket {name} for {periode} har {errors} som må rettes før den kan "
                  "tas med i Vedlegg 2.",
        "sent_back": "Sekretariatet har sendt innrapporteringen for tiltaket {name} for {periode} tilbake med "
                     "denne beskjeden: «{comment}»",
        "missing": "Vi har ennå ikke mottatt innrapporteringen for tiltaket {name} til {portefolje} for {periode}.",
        "deadline": "Fristen for innsending er {frist}.",
        "no_deadline": "Send den så snart som mulig.",
        "greeting": "Hei {kontakt},",
        "greeting_plain": "Hei,",
        "how": "Last opp arbeidsboken i innsendingsportalen. Logg inn med din personlige lenke:",
        "link": "Lenken virker til {until} og gir tilgang til alle tiltakene til {aktor}. Ikke send den videre.",
        "closing": "Vennlig hilsen",
        "secretariat": "Sekretariatet for {portefolje}",
        "subject": "Påminnelse: innrapportering for {tiltak} – {periode}",
        "error_one": "feil", "error_many": "feil",
    },
    Malform.NYNORSK: {
        "errors": "Innrapporteringa for tiltaket {name} for {periode} har {errors} som må rettast før ho kan "
                  "takast med i Vedlegg 2.",
        "sent_back": "Sekretariatet har sendt innrapporteringa for tiltaket {name} for {periode} tilbake med "
                     "denne meldinga: «{comment}»",
        "missing": "Vi har enno ikkje fått innrapporteringa for tiltaket {name} til {portefolje} for {periode}.",
        "deadline": "Fristen for innsending er {frist}.",
        "no_deadline": "Send ho så snart som råd.",
        "greeting": "Hei {kontakt},",
        "greeting_plain": "Hei,",
        "how": "Last opp arbeidsboka i innsendingsportalen. Logg inn med den personlege lenkja di:",
        "link": "Lenkja verkar til {until} og gir tilgang til alle tiltaka til {aktor}. Ikkje send ho vidare.",
        "closing": "Venleg helsing",
        "secretariat": "Sekretariatet for {portefolje}",
        "subject": "Påminning: innrapportering for {tiltak} – {periode}",
        "error_one": "feil", "error_many": "feil",
    },
}

HAR_FEIL, SENDT_TILBAKE = "har feil", "sendt tilbake"


def compose(*, tiltak: str, aktor: str, status: str, errors: int, comment: str, kontakt: str,
            report: ReportSettings, link: str, link_until: date, malform: Malform = Malform.BOKMAL) -> tuple[str, str]:
    """(subject, body) of the reminder for one tiltak, in ``malform``."""
    t = TEXTS[malform]
    words = {"name": f"«{tiltak}» ({aktor})", "periode": report.periode, "portefolje": report.portefolje,
             "comment": comment, "aktor": aktor, "kontakt": kontakt, "tiltak": tiltak,
             "errors": f"{errors} {t['error_one'] if errors == 1 else t['error_many']}",
             "frist": format_date(report.frist) if report.frist else "", "until": format_date(link_until)}
    why = t["errors"] if status == HAR_FEIL else t["sent_back"] if status == SENDT_TILBAKE else t["missing"]
    body = "\n".join([
        (t["greeting"] if kontakt else t["greeting_plain"]).format(**words), "",
        why.format(**words), (t["deadline"] if report.frist else t["no_deadline"]).format(**words), "",
        t["how"], link, "", t["link"].format(**words), "",
        t["closing"], t["secretariat"].format(**words), report.utgiver.navn, ""])
    return t["subject"].format(**words), body
