"""The fixed texts of the actor's pages in bokmål and nynorsk (språklova § 14 and § 15, docs/malform.md).

:data:`TEXTS` maps a key to its two forms. The templates ask for a key (``{% tekst "nokkel" %}``); a message the
views and the library write in bokmål (a refusal, a link error) is turned into nynorsk by :func:`translate`, which
recognises the bokmål form of an entry (placeholders as ``{name}``) and fills the nynorsk form with the same values.
The words follow docs/ordliste.md; the test of this module checks that every key has both forms with the same
placeholders.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache

from pipeline.common.malform import Malform, MissingTranslation

NB, NN = Malform.BOKMAL, Malform.NYNORSK

#: key -> {bokmål, nynorsk}. Placeholders are ``str.format`` names and must be the same in both forms.
TEXTS: dict[str, dict[Malform, str]] = {
    # base.html
    "portal": {NB: "Innsendingsportalen", NN: "Innsendingsportalen"},
    "hopp": {NB: "Gå til innholdet", NN: "Gå til innhaldet"},
    "innlogget_som": {NB: "Innlogget som {navn}", NN: "Innlogga som {navn}"},
    "logg_ut": {NB: "Logg ut", NN: "Logg ut"},
    "bunn": {NB: "Spørsmål om innrapporteringen? Kontakt sekretariatet.",
             NN: "Spørsmål om innrapporteringa? Kontakt sekretariatet."},
    "malform": {NB: "Målform", NN: "Målform"},
    # forside.html
    "velkommen": {NB: "Velkommen", NN: "Velkomen"},
    "forside_om": {NB: "Her sender aktørene inn innrapporteringen for sine tiltak og ser med en gang om arbeidsboken "
                       "har feil.",
                   NN: "Her sender aktørane inn innrapporteringa for tiltaka sine og ser med ein gong om arbeidsboka "
                       "har feil."},
    "forside_lenke": {NB: "Åpne den personlige lenken du fikk på e-post for å logge inn. Har du ikke fått lenken, eller "
                          "er den utløpt, kontakt sekretariatet.",
                      NN: "Opne den personlege lenkja du fekk på e-post for å logge inn. Har du ikkje fått lenkja, eller "
                          "har ho gått ut, kontakt sekretariatet."},
    # bekreft.html
    "logg_inn": {NB: "Logg inn", NN: "Logg inn"},
    "logg_inn_som": {NB: "Logg inn som {navn}", NN: "Logg inn som {navn}"},
    "bekreft_lenke": {NB: "Du har åpnet den personlige lenken for", NN: "Du har opna den personlege lenkja for"},
    "bekreft_runde": {NB: "i runden {periode}. Del ikke lenken med andre.",
                      NN: "i runden {periode}. Ikkje del lenkja med andre."},
    # tiltak_liste.html
    "dine_tiltak": {NB: "Dine tiltak", NN: "Tiltaka dine"},
    "dine_tiltak_periode": {NB: "Dine tiltak – {periode}", NN: "Tiltaka dine – {periode}"},
    "frist_for_innsending": {NB: "Frist for innsending:", NN: "Frist for innsending:"},
    "ikke_satt": {NB: "ikke satt", NN: "ikkje sett"},
    "liste_om": {NB: "Last ned den forhåndsutfylte arbeidsboken for hvert tiltak, oppdater den og last den opp igjen.",
                 NN: "Last ned den førehandsutfylte arbeidsboka for kvart tiltak, oppdater ho og last ho opp att."},
    "tiltak_og_status": {NB: "Tiltak og status", NN: "Tiltak og status"},
    "tiltak": {NB: "Tiltak", NN: "Tiltak"},
    "status": {NB: "Status", NN: "Status"},
    "siste_versjon": {NB: "Siste versjon", NN: "Siste versjon"},
    "versjoner": {NB: "Versjoner", NN: "Versjonar"},
    "last_opp_en": {NB: "Last opp en arbeidsbok", NN: "Last opp ei arbeidsbok"},
    "finner_tiltaket": {NB: "Portalen finner tiltaket ut fra navnet i arbeidsboken.",
                        NN: "Portalen finn tiltaket ut frå namnet i arbeidsboka."},
    "arbeidsbok": {NB: "Arbeidsbok", NN: "Arbeidsbok"},
    # tiltak.html
    "alle_dine_tiltak": {NB: "Alle dine tiltak", NN: "Alle tiltaka dine"},
    "frist": {NB: "Frist", NN: "Frist"},
    "runde": {NB: "Runde", NN: "Runde"},
    "beskjed": {NB: "Beskjed fra sekretariatet", NN: "Beskjed frå sekretariatet"},
    "last_ned_forhandsutfylt": {NB: "Last ned forhåndsutfylt arbeidsbok", NN: "Last ned førehandsutfylt arbeidsbok"},
    "last_ned_mal": {NB: "Last ned tom mal", NN: "Last ned tom mal"},
    "ny_versjon": {NB: "Ny versjon av arbeidsboken", NN: "Ny versjon av arbeidsboka"},
    "kontroll_av": {NB: "Kontroll av {fil}", NN: "Kontroll av {fil}"},
    "lastet_opp_na": {NB: "(lastet opp nå)", NN: "(lasta opp no)"},
    "lastet_opp_tid": {NB: "Lastet opp {tid} av {hvem}.", NN: "Lasta opp {tid} av {hvem}."},
    "last_ned_merket": {NB: "Last ned arbeidsboken med funnene merket", NN: "Last ned arbeidsboka med funna merkte"},
    "merket_forklaring": {NB: "(cellene er farget og har en merknad).", NN: "(cellene er farga og har ein merknad)."},
    "klar": {NB: "Arbeidsboken er klar. Sekretariatet får den med i den samlede rapporten.",
             NN: "Arbeidsboka er klar. Sekretariatet får ho med i den samla rapporten."},
    "endret_versjon": {NB: "Endret siden forrige versjon", NN: "Endra sidan førre versjon"},
    "endret_runde": {NB: "Endret siden forrige runde", NN: "Endra sidan førre runde"},
    "ingen_tidligere": {NB: "Ingen tidligere versjon å sammenligne med.", NN: "Ingen tidlegare versjon å samanlikne med."},
    "ikke_med_forrige": {NB: "Tiltaket var ikke med i forrige runde.", NN: "Tiltaket var ikkje med i førre runde."},
    "ingen_versjon": {NB: "Ingen versjon er lastet opp ennå.", NN: "Ingen versjon er lasta opp enno."},
    "alle_versjoner": {NB: "Alle versjoner", NN: "Alle versjonar"},
    "alle_versjoner_nyeste": {NB: "Alle versjoner, nyeste først", NN: "Alle versjonar, nyaste først"},
    "tidspunkt": {NB: "Tidspunkt", NN: "Tidspunkt"},
    "fil": {NB: "Fil", NN: "Fil"},
    "lastet_opp_av": {NB: "Lastet opp av", NN: "Lasta opp av"},
    "resultat": {NB: "Resultat", NN: "Resultat"},
    "kontrollsum": {NB: "Kontrollsum (SHA-256)", NN: "Kontrollsum (SHA-256)"},
    # _opplasting.html, _feiloppsummering.html, _endringer.html
    "fil_hjelp": {NB: "Excel-arbeidsbok (.xlsx), høyst {mb} MB. Du kan også dra filen hit.",
                  NN: "Excel-arbeidsbok (.xlsx), høgst {mb} MB. Du kan òg dra fila hit."},
    "feil_kolon": {NB: "Feil:", NN: "Feil:"},
    "last_opp_knapp": {NB: "Last opp og kontroller", NN: "Last opp og kontroller"},
    "ikke_tatt_imot": {NB: "Filen ble ikke tatt imot", NN: "Fila vart ikkje teken imot"},
    "tatt_vare_pa": {NB: "Filen «{fil}» er tatt vare på slik at sekretariatet kan se den.",
                     NN: "Fila «{fil}» er teken vare på slik at sekretariatet kan sjå ho."},
    "ingen_endringer": {NB: "Ingen endringer i status, risiko, sluttdato eller leveranser.",
                        NN: "Ingen endringar i status, risiko, sluttdato eller leveransar."},
    "tomt": {NB: "(tomt)", NN: "(tomt)"},
    # status words (services), result words (Innsending.resultat_tekst), severity and grouping (presenting)
    "st_mangler": {NB: "mangler", NN: "manglar"},
    "st_har_feil": {NB: "har feil", NN: "har feil"},
    "st_klar": {NB: "klar", NN: "klar"},
    "st_sendt_tilbake": {NB: "sendt tilbake", NN: "send tilbake"},
    "st_godkjent": {NB: "godkjent", NN: "godkjend"},
    "res_ok": {NB: "Uten funn", NN: "Utan funn"},
    "res_advarsler": {NB: "Advarsler", NN: "Åtvaringar"},
    "res_feil": {NB: "Feil", NN: "Feil"},
    "grad_advarsel": {NB: "Advarsel", NN: "Åtvaring"},
    "hele_arbeidsboken": {NB: "Hele arbeidsboken", NN: "Heile arbeidsboka"},
    "ingen_funn": {NB: "Ingen feil eller advarsler", NN: "Ingen feil eller åtvaringar"},
    "en_advarsel": {NB: "{feil} feil og 1 advarsel", NN: "{feil} feil og 1 åtvaring"},
    "advarsler": {NB: "{feil} feil og {advarsler} advarsler", NN: "{feil} feil og {advarsler} åtvaringar"},
    # what changed (summary.changes.ChangeKind values)
    "ch_status": {NB: "Status endret", NN: "Status endra"},
    "ch_risiko": {NB: "Risiko endret", NN: "Risiko endra"},
    "ch_sluttdato": {NB: "Sluttdato endret", NN: "Sluttdato endra"},
    "ch_levert": {NB: "Levert", NN: "Levert"},
    "ch_svar": {NB: "Svar på levert endret", NN: "Svar på levert endra"},
    "ch_leveransedato": {NB: "Leveransens sluttdato endret", NN: "Sluttdatoen for leveransen endra"},
    "ch_ny": {NB: "Ny leveranse", NN: "Ny leveranse"},
    "ch_fjernet": {NB: "Leveranse fjernet", NN: "Leveranse fjerna"},
    "ch_nytt_navn": {NB: "Leveranse har fått nytt navn", NN: "Leveransen har fått nytt namn"},
    # the views' pages and messages (views.py, access.py)
    "ikke_logget_inn": {NB: "Ikke logget inn", NN: "Ikkje logga inn"},
    "apne_lenken": {NB: "Åpne den personlige lenken du fikk på e-post for å logge inn. Er lenken utløpt eller trukket "
                        "tilbake, be sekretariatet om en ny.",
                    NN: "Opne den personlege lenkja du fekk på e-post for å logge inn. Har lenkja gått ut eller er ho "
                        "trekt tilbake, be sekretariatet om ei ny."},
    "for_mange_forsok": {NB: "For mange forsøk", NN: "For mange forsøk"},
    "for_mange_forsok_tekst": {NB: "For mange forsøk på kort tid. Vent et minutt og prøv igjen.",
                               NN: "For mange forsøk på kort tid. Vent eit minutt og prøv igjen."},
    "lenken_kan_ikke": {NB: "Lenken kan ikke brukes", NN: "Lenkja kan ikkje brukast"},
    "lenke_utlopt": {NB: "Lenken er utløpt. Be sekretariatet om en ny lenke.",
                     NN: "Lenkja har gått ut. Be sekretariatet om ei ny lenkje."},
    "lenke_ugyldig": {NB: "Lenken er ikke gyldig. Kontroller at hele lenken fra e-posten er med, eller be sekretariatet "
                          "om en ny.",
                      NN: "Lenkja er ikkje gyldig. Kontroller at heile lenkja frå e-posten er med, eller be sekretariatet "
                          "om ei ny."},
    "lenke_trukket": {NB: "Lenken er trukket tilbake. Be sekretariatet om en ny lenke.",
                      NN: "Lenkja er trekt tilbake. Be sekretariatet om ei ny lenkje."},
    "logget_ut": {NB: "Logget ut", NN: "Logga ut"},
    "logget_ut_tekst": {NB: "Du er logget ut. Bruk lenken for å logge inn igjen.",
                        NN: "Du er logga ut. Bruk lenkja for å logge inn igjen."},
    "for_mange_opplastinger": {NB: "For mange opplastinger på kort tid. Vent et minutt og prøv igjen.",
                               NN: "For mange opplastingar på kort tid. Vent eit minutt og prøv igjen."},
    "velg_arbeidsbok": {NB: "Velg en arbeidsbok (.xlsx) å laste opp.", NN: "Vel ei arbeidsbok (.xlsx) å laste opp."},
    "for_stor": {NB: "Filen er for stor. Største tillatte størrelse er {mb} MB.",
                 NN: "Fila er for stor. Største tillatne storleik er {mb} MB."},
    "ingen_kopi": {NB: "Ingen tilbakemeldingskopi", NN: "Ingen tilbakemeldingskopi"},
    "ingen_kopi_tekst": {NB: "Denne versjonen har ingen funn å merke, eller filen kan ikke leses som arbeidsbok.",
                         NN: "Denne versjonen har ingen funn å merkje, eller fila kan ikkje lesast som arbeidsbok."},
    "ingen_forhandsutfylt": {NB: "Ingen forhåndsutfylt arbeidsbok", NN: "Ingen førehandsutfylt arbeidsbok"},
    "ingen_forhandsutfylt_tekst": {NB: "«{navn}» var ikke med i forrige runde. Bruk den tomme malen.",
                                   NN: "«{navn}» var ikkje med i førre runde. Bruk den tomme malen."},
    # the error pages (errors.py; the request size check in access.py)
    "ugyldig": {NB: "Ugyldig forespørsel", NN: "Ugyldig førespurnad"},
    "ugyldig_tekst": {NB: "Forespørselen kunne ikke behandles. Gå tilbake og prøv igjen.",
                      NN: "Førespurnaden kunne ikkje handsamast. Gå tilbake og prøv igjen."},
    "ingen_tilgang": {NB: "Ingen tilgang", NN: "Ingen tilgang"},
    "ingen_tilgang_tekst": {NB: "Du har ikke tilgang til denne siden.", NN: "Du har ikkje tilgang til denne sida."},
    "fant_ikke": {NB: "Fant ikke siden", NN: "Fann ikkje sida"},
    "fant_ikke_tekst": {NB: "Siden finnes ikke, eller den hører til en annen aktør.",
                        NN: "Sida finst ikkje, eller ho høyrer til ein annan aktør."},
    "noe_galt": {NB: "Noe gikk galt", NN: "Noko gjekk gale"},
    "noe_galt_tekst": {NB: "Det oppstod en feil hos oss. Prøv igjen om litt; meld fra til sekretariatet hvis det "
                           "gjentar seg.",
                       NN: "Det oppstod ein feil hos oss. Prøv igjen om litt; meld frå til sekretariatet dersom det "
                           "skjer igjen."},
    "skjema_utlopt": {NB: "Skjemaet er utløpt", NN: "Skjemaet har gått ut"},
    "skjema_utlopt_tekst": {NB: "Skjemaet kunne ikke sendes fordi sikkerhetskoden mangler eller er utløpt. Last siden "
                                "på nytt og prøv igjen. Informasjonskapsler må være slått på.",
                            NN: "Skjemaet kunne ikkje sendast fordi tryggingskoden manglar eller har gått ut. Last sida "
                                "på nytt og prøv igjen. Informasjonskapslar må vere slått på."},
    "for_stor_fil": {NB: "For stor fil", NN: "For stor fil"},
    # why an upload was refused (services._placement)
    "ikke_lest": {NB: "Filen ble ikke lest: {grunn}", NN: "Fila vart ikkje lesen: {grunn}"},
    "ikke_arbeidsbok": {NB: "Filen er ikke en arbeidsbok som kan leses: {grunn}",
                        NN: "Fila er ikkje ei arbeidsbok som kan lesast: {grunn}"},
    "uten_navn": {NB: "Fant ikke tiltakets navn i arbeidsboken (arket «Tiltak»). Fyll det inn, eller last opp fra siden "
                      "til tiltaket.",
                  NN: "Fann ikkje namnet på tiltaket i arbeidsboka (arket «Tiltak»). Fyll det inn, eller last opp frå "
                      "sida til tiltaket."},
    "ikke_i_runden": {NB: "Arbeidsboken gjelder «{navn}», som ikke står på listen over tiltak i denne runden. Kontroller "
                          "tiltakets navn i arket «Tiltak», eller kontakt sekretariatet.",
                      NN: "Arbeidsboka gjeld «{navn}», som ikkje står på lista over tiltak i denne runden. Kontroller "
                          "namnet på tiltaket i arket «Tiltak», eller kontakt sekretariatet."},
    "sendt_av_annen": {NB: "«{navn}» er allerede sendt inn av {eier}. Et tiltak sendes inn av aktøren som har det; "
                           "kontakt sekretariatet hvis det er feil.",
                       NN: "«{navn}» er allereie sendt inn av {eier}. Eit tiltak blir sendt inn av aktøren som har det; "
                           "kontakt sekretariatet dersom det er feil."},
    "annen_aktor": {NB: "«{navn}» hører til {eier}, ikke til {aktor}. Du kan bare sende inn egne tiltak; kontakt "
                        "sekretariatet hvis det er feil.",
                    NN: "«{navn}» høyrer til {eier}, ikkje til {aktor}. Du kan berre sende inn eigne tiltak; kontakt "
                        "sekretariatet dersom det er feil."},
    "feil_side": {NB: "Arbeidsboken gjelder «{navn}», men du lastet den opp på siden for «{side}». Last den opp på "
                      "siden for «{navn}».",
                  NN: "Arbeidsboka gjeld «{navn}», men du lasta ho opp på sida for «{side}». Last ho opp på sida for "
                      "«{navn}»."},
}


def placeholders(text: str) -> set[str]:
    """The ``str.format`` names in ``text``."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def text(key: str, malform: Malform | None = None, **values: object) -> str:
    """The text of ``key`` in ``malform`` (bokmål when None), filled with ``values``."""
    forms = TEXTS.get(key)
    if forms is None:
        raise MissingTranslation(f"Portalen har ingen tekst med nøkkelen «{key}».")
    form = forms[malform if malform is Malform.NYNORSK else NB]
    return form.format(**values)


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    """(regex of the bokmål form, key) for every entry; a placeholder matches any text, a repeated one the same."""
    found = []
    for key, forms in TEXTS.items():
        seen: set[str] = set()
        regex = ""
        for literal, name, _, _ in string.Formatter().parse(forms[NB]):
            regex += re.escape(literal)
            if name:
                regex += f"(?P={name})" if name in seen else f"(?P<{name}>.+?)"
                seen.add(name)
        found.append((re.compile(regex + r"\Z", re.DOTALL), key))
    return found


def translate(message: str, malform: Malform | None) -> str:
    """A bokmål ``message`` written by the views or the library in ``malform``: the nynorsk form of the entry whose
    bokmål form it is, with the same values; unchanged when it is bokmål wanted or no entry matches."""
    if malform is not Malform.NYNORSK or not message:
        return message
    for pattern, key in _patterns():
        found = pattern.match(message)
        if found:
            return text(key, malform, **found.groupdict())
    return message
