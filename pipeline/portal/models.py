"""The round, its actors and tiltak, and every stored version of a submission."""

from __future__ import annotations

import json

from django.db import models


class Runde(models.Model):
    """One reporting round, made by ``portal opprett-runde`` from rapport.toml."""

    periode = models.CharField(max_length=200)
    rapportdato = models.DateField()
    frist = models.DateField(null=True, blank=True)
    #: rapport.toml as given (``portal eksport`` writes it beside the workbooks) and its folder.
    innstillinger = models.TextField()
    innstillinger_mappe = models.CharField(max_length=1000, blank=True)
    #: The previous round's export (a JSON list of records): prefilled workbooks and changes since then.
    forrige = models.TextField(blank=True, default="[]")
    opprettet = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "runde"
        verbose_name_plural = "runder"

    def __str__(self) -> str:
        return self.periode

    def previous_records(self) -> list[dict]:
        return json.loads(self.forrige or "[]")


class Aktor(models.Model):
    """An actor: one personal link and one API token."""

    runde = models.ForeignKey(Runde, on_delete=models.CASCADE, related_name="aktorer")
    navn = models.CharField(max_length=300)
    #: sha256 of the API token (the token itself is printed once).
    token_hash = models.CharField(max_length=64, unique=True)
    #: Raised to revoke every link (and session) given so far.
    lenkegenerasjon = models.PositiveIntegerField(default=1)
    sperret = models.BooleanField(default=False, help_text="Sperrer lenken, innloggingen og API-nøkkelen.")

    class Meta:
        verbose_name = "aktør"
        verbose_name_plural = "aktører"
        constraints = [models.UniqueConstraint(fields=["runde", "navn"], name="en_aktor_per_navn")]

    def __str__(self) -> str:
        return self.navn


class ForventetTiltak(models.Model):
    """An expected tiltak of the round, and the secretariat's verdict on its latest version."""

    class Vurdering(models.TextChoices):
        INGEN = "", "Ikke vurdert"
        SENDT_TILBAKE = "sendt tilbake", "Sendt tilbake"
        GODKJENT = "godkjent", "Godkjent"

    runde = models.ForeignKey(Runde, on_delete=models.CASCADE, related_name="tiltak")
    aktor = models.ForeignKey(Aktor, on_delete=models.CASCADE, related_name="tiltak")
    navn = models.CharField(max_length=500)
    #: tiltak_key(navn): how workbooks are matched to tiltak (case and spacing ignored).
    nokkel = models.CharField(max_length=500)
    segment = models.CharField(max_length=200, blank=True)
    vurdering = models.CharField(max_length=20, choices=Vurdering.choices, blank=True, default="")
    kommentar = models.TextField(blank=True, help_text="Sekretariatets beskjed til aktøren (vises på siden).")

    class Meta:
        verbose_name = "tiltak"
        verbose_name_plural = "tiltak"
        ordering = ["navn"]
        constraints = [models.UniqueConstraint(fields=["runde", "nokkel"], name="ett_tiltak_per_navn")]

    def __str__(self) -> str:
        return self.navn


class Innsending(models.Model):
    """One uploaded file, kept for good: a version of a tiltak, or a refused file (``avvist``)."""

    aktor = models.ForeignKey(Aktor, on_delete=models.CASCADE, related_name="innsendinger")
    tiltak = models.ForeignKey(ForventetTiltak, on_delete=models.CASCADE, related_name="versjoner", null=True, blank=True)
    filnavn = models.CharField(max_length=300, help_text="Filnavnet aktøren lastet opp.")
    lagret_som = models.CharField(max_length=100, unique=True, help_text="Generert navn i datamappen.")
    sha256 = models.CharField(max_length=64)
    storrelse = models.PositiveBigIntegerField()
    tidspunkt = models.DateTimeField(auto_now_add=True)
    lastet_opp_av = models.CharField(max_length=300)
    kanal = models.CharField(max_length=10, default="nett")
    #: ``ok`` / ``advarsler`` / ``feil`` as validate says.
    resultat = models.CharField(max_length=20)
    #: The file's row as ``validate --json`` gives it (``fil``, ``tiltak``, ``funn`` …) and skipped notes.
    funn = models.TextField()
    #: The tiltak as an export record (for what changed), empty when the file could not be read.
    data = models.TextField(blank=True)
    #: Why the file was not taken as a version (another actor's tiltak …); empty for a version.
    avvist = models.TextField(blank=True)

    class Meta:
        verbose_name = "innsending"
        verbose_name_plural = "innsendinger"
        ordering = ["tidspunkt", "id"]

    def __str__(self) -> str:
        return f"{self.filnavn} ({self.tidspunkt:%d.%m.%Y %H:%M})"

    def report(self) -> dict:
        return json.loads(self.funn)

    @property
    def resultat_tekst(self) -> str:
        """«Uten funn», «Advarsler» or «Feil»."""
        return {"ok": "Uten funn", "advarsler": "Advarsler", "feil": "Feil"}.get(self.resultat, self.resultat)
