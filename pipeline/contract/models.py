"""The submission data model: one tiltak's report for one round.

Models know nothing about Excel or Word. Every field carries its contract
metadata (:class:`pipeline.contract.fields.FieldMeta`) in its ``Annotated`` type; see
:mod:`pipeline.contract.catalogue` for the derived lists.

Empty values: text and choice fields are ``""``, dates and numbers ``None``,
multi-choice fields ``[]``.

Invalid values: a value the validator could not accept (an unreadable date or number,
a choice not in the list, a negative amount …) is kept as typed in
:attr:`ContractModel.invalid_values` (field key → text), beside the model value (the
empty value when unreadable). Only ``merge --lenient`` lets such a model into the
document, which prints the typed text, marked; the JSON export keeps it too.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from pipeline.contract.fields import Kind, meta

_STRICT = ConfigDict(extra="forbid", frozen=False)


class ContractModel(BaseModel):
    """A model of the contract; carries the invalid values as typed (not a field: not in ``model_dump``)."""

    model_config = _STRICT

    _invalid: dict[str, str] = PrivateAttr(default_factory=dict)

    @property
    def invalid_values(self) -> dict[str, str]:
        """Field key → the text typed for a value that is not valid."""
        return self._invalid

    def mark_invalid(self, key: str, typed: str) -> None:
        """Keep ``typed`` as the text of field ``key``, which is not a valid value."""
        self._invalid[key] = typed


class Leveranse(ContractModel):

    navn: Annotated[str, meta("Leveranse navn", Kind.TEXT, required=True, width=40,
                              help="Kort navn på leveransen. Må fylles ut for hver rad du bruker.",
            label_nn="Leveranse namn", help_nn="Kort namn på leveransen. Må fyllast ut for kvar rad du brukar.")]
    beskrivelse: Annotated[str, meta("Beskrivelse av leveranse", Kind.LONGTEXT, width=60,
                                     help="Hva leveransen består av.",
            label_nn="Skildring av leveranse", help_nn="Kva leveransen består av.")] = ""
    sluttdato: Annotated[date | None, meta("Sluttdato", Kind.DATE, width=14,
                                          help="Planlagt dato for ferdigstillelse, dd.mm.åååå.",
            label_nn="Sluttdato", help_nn="Planlagd dato for ferdigstilling, dd.mm.åååå.")] = None
    levert: Annotated[str, meta("Er leveransen ferdigstilt og levert?", Kind.CHOICE, vocabulary="levert", width=22,
                                help="Ja, Nei eller Omdefinert. La stå tom hvis det ikke er avklart.",
            label_nn="Er leveransen ferdigstilt og levert?", help_nn="Ja, Nei eller Omdefinert. La feltet stå tomt viss det ikkje er avklart.")] = ""

    def is_overdue(self, report_date: date, not_delivered: str) -> bool:
        """Sluttdato before the report date and not delivered: levert is empty or ``not_delivered``
        (``[roller] ikke_levert``). Any other answer is not overdue."""
        return self.sluttdato is not None and self.sluttdato < report_date and self.levert in ("", not_delivered)


class Avhengighet(ContractModel):

    aktor: Annotated[str, meta("Hvilken aktør er tiltaket avhengig av?", Kind.TEXT, required=True, width=30,
                               help="Aktøren (virksomhet, prosjekt eller tiltak) dere er avhengig av.",
            label_nn="Kva aktør er tiltaket avhengig av?", help_nn="Aktøren (verksemd, prosjekt eller tiltak) de er avhengige av.")]
    hva: Annotated[str, meta("Hva trenger tiltaket levert?", Kind.LONGTEXT, width=40,
                             help="Hva den andre aktøren må levere.",
            label_nn="Kva treng tiltaket levert?", help_nn="Kva den andre aktøren må levere.")] = ""
    bruk: Annotated[str, meta("Hva skal det brukes til?", Kind.LONGTEXT, width=40,
                              help="Hva tiltaket skal bruke leveransen til.",
            label_nn="Kva skal det brukast til?", help_nn="Kva tiltaket skal bruke leveransen til.")] = ""
    kategori: Annotated[str, meta("Kategori", Kind.CHOICE, vocabulary="kategori", width=28,
                                  help="Velg kategori fra listen.",
            label_nn="Kategori", help_nn="Vel kategori frå lista.")] = ""
    kritikalitet: Annotated[str, meta("Kritikalitet", Kind.CHOICE, vocabulary="kritikalitet", width=12,
                                      help="Høy, Middels eller Lav.",
            label_nn="Kritikalitet", help_nn="Høg, Middels eller Låg.")] = ""
    frist: Annotated[date | None, meta("Frist", Kind.DATE, width=14,
                                       help="Når leveransen må være på plass, dd.mm.åååå.",
            label_nn="Frist", help_nn="Når leveransen må vere på plass, dd.mm.åååå.")] = None
    avklart_plan: Annotated[str, meta("Avklart gjensidig plan", Kind.CHOICE, vocabulary="ja_nei", width=12,
                                      help="Ja hvis dere har en avklart plan med aktøren, ellers Nei.",
            label_nn="Avklart gjensidig plan", help_nn="Ja viss de har ein avklart plan med aktøren, elles Nei.")] = ""
    status: Annotated[str, meta("Status", Kind.CHOICE, vocabulary="avhengighet_status", width=12,
                                help="Grønn, Gul, Rød eller Oppfylt.",
            label_nn="Status", help_nn="Grøn, Gul, Raud eller Oppfylt.")] = ""


class Kostnad(ContractModel):

    finansierende_virksomhet: Annotated[str, meta("Finansierende virksomhet", Kind.SUGGEST,
                                                  vocabulary="finansierende_virksomhet", required=True, width=40,
                                                  help="Velg fra listen eller skriv navnet på virksomheten som finansierer.",
            label_nn="Finansierande verksemd", help_nn="Vel frå lista eller skriv namnet på verksemda som finansierer.")]
    ar: Annotated[int | None, meta("År", Kind.YEAR, width=8, help="Året beløpet gjelder, fire sifre.",
            label_nn="År", help_nn="Året beløpet gjeld, fire siffer.")] = None
    belop: Annotated[Decimal | None, meta("Beløp (mill. kr)", Kind.NUMBER, minimum=Decimal(0), width=16, decimals=1,
                                          help="Beløp i millioner kroner, f.eks. 28,3. Ikke negativt.",
            label_nn="Beløp (mill. kr)", help_nn="Beløp i millionar kroner, t.d. 28,3. Ikkje negativt.")] = None


class Drift(ContractModel):

    losning: Annotated[str, meta("Løsning", Kind.SUGGEST, vocabulary="losning", required=True, width=30,
                                 help="Løsningen som får endrede drifts- og forvaltningskostnader.",
            label_nn="Løysing", help_nn="Løysinga som får endra drifts- og forvaltningskostnader.")]
    ar: Annotated[int | None, meta("År", Kind.YEAR, width=8, help="Året endringen gjelder, fire sifre.",
            label_nn="År", help_nn="Året endringa gjeld, fire siffer.")] = None
    endring: Annotated[Decimal | None, meta("Endring (mill. kr)", Kind.NUMBER, width=18, decimals=1,
                                            help="Endring i millioner kroner. Bruk minus for reduksjon.",
            label_nn="Endring (mill. kr)", help_nn="Endring i millionar kroner. Bruk minus for reduksjon.")] = None


class Nytteforutsetning(ContractModel):

    forutsetning: Annotated[str, meta("Hvilke forutsetninger må oppfylles for å kunne realisere nytten av tiltaket?",
                                      Kind.TEXT, required=True, width=45, help="Fast tekst fra malen.",
            label_nn="Kva føresetnader må vere oppfylte for å kunne realisere nytten av tiltaket?", help_nn="Fast tekst frå malen.")]
    start: Annotated[date | None, meta("Forutsetning start", Kind.DATE, width=14,
                                       help="Når arbeidet med forutsetningen starter, dd.mm.åååå.",
            label_nn="Føresetnad start", help_nn="Når arbeidet med føresetnaden startar, dd.mm.åååå.")] = None
    kritikalitet: Annotated[str, meta("Kritikalitet", Kind.CHOICE, vocabulary="forutsetning_kritikalitet", width=12,
                                      help="Høy, Medium eller Lav.",
            label_nn="Kritikalitet", help_nn="Høg, Medium eller Låg.")] = ""
    frist: Annotated[date | None, meta("Når må forutsetningen være oppfylt?", Kind.DATE, width=18,
                                       help="Datoen forutsetningen må være oppfylt, dd.mm.åååå.",
            label_nn="Når må føresetnaden vere oppfylt?", help_nn="Datoen føresetnaden må vere oppfylt, dd.mm.åååå.")] = None


class Nytte(ContractModel):

    antall_ar: Annotated[int | None, meta("Antall år nytten er beregnet for", Kind.INTEGER, name="Nytte_AntallAr",
                                          help="Hvor mange år nytten er beregnet for (helt tall).",
            label_nn="Talet på år nytten er rekna for", help_nn="Kor mange år nytten er rekna for (heilt tal).")] = None
    netto_nytteverdi: Annotated[Decimal | None, meta("Netto nytteverdi (mill. kr.)", Kind.NUMBER, name="Nytte_NettoNytteverdi",
                                                     help="Netto nytteverdi i millioner kroner.",
            label_nn="Netto nytteverdi (mill. kr.)", help_nn="Netto nytteverdi i millionar kroner.")] = None
    annen_nytte: Annotated[str, meta("Annen nytte", Kind.LONGTEXT, name="Nytte_AnnenNytte",
                                     help="Nytte som ikke er prissatt. Alt+Enter gir nytt avsnitt.",
            label_nn="Anna nytte", help_nn="Nytte som ikkje er prissett. Alt+Enter gir nytt avsnitt.")] = ""
    hvem: Annotated[str, meta("Hvem har nytte av løsningen", Kind.LONGTEXT, name="Nytte_HvemHarNytte",
                              help="Hvem som får nytte av løsningen.",
            label_nn="Kven har nytte av løysinga", help_nn="Kven som får nytte av løysinga.")] = ""
    vurdering: Annotated[str, meta("Vurdering av nytte", Kind.LONGTEXT, name="Nytte_Vurdering",
                                   help="Deres vurdering av nytten.",
            label_nn="Vurdering av nytte", help_nn="Dykkar vurdering av nytten.")] = ""

    def is_empty(self) -> bool:
        """Nothing filled in: no value and no invalid value."""
        return not self.invalid_values and all(v in (None, "") for v in self.model_dump().values())


class Tiltak(ContractModel):
    """One tiltak's report: header fields, Nytte and the repeating sections."""

    navn: Annotated[str, meta("Tiltak", Kind.TEXT, name="Tiltak_Navn", required=True, width=60,
                              help="Tiltakets navn slik det skal stå som overskrift i rapporten.",
            label_nn="Tiltak", help_nn="Namnet på tiltaket slik det skal stå som overskrift i rapporten.")]
    aktor: Annotated[str, meta("Aktør", Kind.TEXT, name="Tiltak_Aktor", required=True,
                               help="Virksomheten som rapporterer, f.eks. Helse Nord RHF.",
            label_nn="Aktør", help_nn="Verksemda som rapporterer, t.d. Helse Nord RHF.")]
    kontaktperson: Annotated[str, meta("Kontaktperson", Kind.TEXT, name="Tiltak_Kontaktperson",
                                       help="Navn på kontaktpersonen for tiltaket.",
            label_nn="Kontaktperson", help_nn="Namnet på kontaktpersonen for tiltaket.")] = ""
    kontakt_epost: Annotated[str, meta("E-post til kontaktperson", Kind.EMAIL, name="Tiltak_KontaktEpost", since="1.1",
                                       help="E-postadressen sekretariatet kan bruke om innrapporteringen, "
                                            "f.eks. ola.nordmann@helse.no. Skrives ikke ut i rapporten.",
            label_nn="E-post til kontaktperson", help_nn="E-postadressa sekretariatet kan bruke om innrapporteringa, t.d. ola.nordmann@helse.no. Blir ikkje skriven ut i rapporten.")] = ""
    beskrivelse: Annotated[str, meta("Beskrivelse", Kind.LONGTEXT, name="Tiltak_Beskrivelse",
                                     help="Kort beskrivelse av tiltaket. Alt+Enter gir nytt avsnitt; start en linje med • eller - for punktliste.",
            label_nn="Skildring", help_nn="Kort skildring av tiltaket. Alt+Enter gir nytt avsnitt; start ei linje med • eller - for punktliste.")] = ""
    segment: Annotated[str, meta("Segment", Kind.CHOICE, name="Tiltak_Segment", vocabulary="segment", required=True,
                                 help="Samstyre, Koordinere eller Observere. Avgjør hvilke deler av skjemaet som skal fylles ut.",
            label_nn="Segment", help_nn="Samstyre, Koordinere eller Observere. Avgjer kva delar av skjemaet som skal fyllast ut.")]
    fase: Annotated[str, meta("Fase", Kind.CHOICE, name="Tiltak_Fase", vocabulary="fase", required=True,
                              help="Fasen tiltaket er i nå.",
            label_nn="Fase", help_nn="Fasen tiltaket er i no.")]
    sluttdato: Annotated[date | None, meta("Sluttdato", Kind.DATE, name="Tiltak_Sluttdato",
                                          help="Planlagt sluttdato for tiltaket, dd.mm.åååå.",
            label_nn="Sluttdato", help_nn="Planlagd sluttdato for tiltaket, dd.mm.åååå.")] = None
    knytning: Annotated[list[str], meta("Knytning til nasjonale e-helseløsninger", Kind.MULTICHOICE, name="Tiltak_Knytning",
                                        vocabulary="knytning",
                                        help="Null eller flere av Helsenorge, Kjernejournal, E-resept, Grunndata, HelseID, skilt med komma.",
            label_nn="Knyting til nasjonale e-helseløysingar", help_nn="Ingen, éi eller fleire av Helsenorge, Kjernejournal, E-resept, Grunndata, HelseID, skilde med komma.")] = Field(default_factory=list)
    innsatsomrade: Annotated[str, meta("Innsatsområde", Kind.CHOICE, name="Tiltak_Innsatsomrade", vocabulary="innsatsomrade",
                                       help="Innsatsområdet i Plan for e-helse som tiltaket bidrar mest til.",
            label_nn="Innsatsområde", help_nn="Innsatsområdet i Plan for e-helse som tiltaket bidreg mest til.")] = ""
    status: Annotated[str, meta("Status", Kind.CHOICE, name="Tiltak_Status", vocabulary="status", required=True,
                                help="Samlet status nå: Grønn, Gul eller Rød.",
            label_nn="Status", help_nn="Samla status no: Grøn, Gul eller Raud.")]
    kommentar_status: Annotated[str, meta("Kommentar til status", Kind.LONGTEXT, name="Tiltak_Statuskommentar",
                                          help="Forklar statusen, særlig ved Gul eller Rød.",
            label_nn="Kommentar til status", help_nn="Forklar statusen, særleg ved Gul eller Raud.")] = ""
    risiko: Annotated[str, meta("Risiko", Kind.CHOICE, name="Tiltak_Risiko", vocabulary="status",
                                help="Samlet risiko: Grønn, Gul eller Rød.",
            label_nn="Risiko", help_nn="Samla risiko: Grøn, Gul eller Raud.")] = ""
    risiko_beskrivelse: Annotated[str, meta("Risiko beskrivelse", Kind.LONGTEXT, name="Tiltak_Risikobeskrivelse",
                                            help="De viktigste risikoene og tiltakene mot dem.",
            label_nn="Skildring av risiko", help_nn="Dei viktigaste risikoane og tiltaka mot dei.")] = ""
    innforingsstrategi: Annotated[str, meta("Tiltakets innføringsstrategi", Kind.CHOICE, name="Tiltak_Innforingsstrategi",
                                            vocabulary="innforingsstrategi", help="Hvordan løsningen skal innføres.",
            label_nn="Innføringsstrategien for tiltaket", help_nn="Korleis løysinga skal innførast.")] = ""

    leveranser: list[Leveranse] = Field(default_factory=list)
    avhengigheter: list[Avhengighet] = Field(default_factory=list)
    kostnader: list[Kostnad] = Field(default_factory=list)
    drift: list[Drift] = Field(default_factory=list)
    nytte: Nytte | None = None
    nytteforutsetninger: list[Nytteforutsetning] = Field(default_factory=list)
