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
    #: The newest earlier round read from file when the round was made (a JSON list of records), kept as it was;
    #: prefilled workbooks, changes and the merge's history come from :class:`Eksport` (pipeline/portal/history.py).
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
    #: The version the secretariat approved; locked for «Lag Vedlegg 2» while ``vurdering`` is «godkjent» (a new
    #: upload clears the verdict, and the dashboard shows the newer version as new).
    godkjent_versjon = models.ForeignKey("Innsending", on_delete=models.SET_NULL, null=True, blank=True,
                                         related_name="+")

    class Meta:
        verbose_name = "tiltak"
        verbose_name_plural = "tiltak"
        ordering = ["navn"]
        permissions = [("godkjenne", "Kan godkjenne innsendinger")]
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


class SekretariatNokkel(models.Model):
    """A secretariat user's API token (only its sha256 is kept)."""

    bruker = models.OneToOneField("auth.User", on_delete=models.CASCADE, related_name="portal_nokkel")
    token_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = "API-nøkkel for sekretariatet"
        verbose_name_plural = "API-nøkler for sekretariatet"


class Jobb(models.Model):
    """A background «Lag Vedlegg 2» job, run by the portal's worker thread."""

    class Status(models.TextChoices):
        VENTER = "venter", "Venter"
        KJORER = "kjører", "Kjører"
        FERDIG = "ferdig", "Ferdig"
        FEILET = "feilet", "Feilet"

    runde = models.ForeignKey(Runde, on_delete=models.CASCADE, related_name="jobber")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VENTER)
    fremdrift = models.PositiveSmallIntegerField(default=0)
    melding = models.TextField(blank=True)
    bestilt_av = models.CharField(max_length=300)
    opprettet = models.DateTimeField(auto_now_add=True)
    ferdig = models.DateTimeField(null=True, blank=True)
    class Slag(models.TextChoices):
        VEDLEGG2 = "vedlegg2", "Lag Vedlegg 2"
        OPPDATER = "oppdater", "Oppdater et redigert Vedlegg 2"

    slag = models.CharField(max_length=10, choices=Slag.choices, default=Slag.VEDLEGG2)
    #: For «oppdater»: the uploaded edited document (generated name in the upload folder, kept as uploaded)
    #: and the name it was uploaded under.
    redigert = models.CharField(max_length=100, blank=True)
    redigert_navn = models.CharField(max_length=300, blank=True)
    #: The versions merged: a JSON list of Innsending ids.
    versjoner = models.TextField(blank=True, default="[]")
    #: The job's folder under the data folder (Vedlegg2.docx, export, merge report).
    mappe = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = "jobb"
        verbose_name_plural = "jobber"
        ordering = ["-opprettet", "-id"]


class Eksport(models.Model):
    """An export (``vedlegg2.json``) kept for good: a round's own, from each finished merge job (the newest is
    the round's current export), or an earlier round read from file when the round was made (``--forrige`` or
    ``forrige`` in rapport.toml). The next rounds' history, prefilled workbooks and changes come from these."""

    class Slag(models.TextChoices):
        RUNDE = "runde", "Rundens eksport"
        FORRIGE = "forrige", "Tidligere runde lest fra fil"

    runde = models.ForeignKey(Runde, on_delete=models.CASCADE, related_name="eksporter")
    slag = models.CharField(max_length=10, choices=Slag.choices, default=Slag.RUNDE)
    jobb = models.ForeignKey(Jobb, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    #: The period as printed («November 2021») and as (year, month), which orders the rounds.
    periode = models.CharField(max_length=200)
    ar = models.PositiveSmallIntegerField()
    maned = models.PositiveSmallIntegerField()
    #: The export's records: a JSON list, one object per tiltak.
    data = models.TextField()
    #: Where it came from: «jobb 7» or the file read.
    kilde = models.CharField(max_length=1000, blank=True)
    opprettet = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "eksport"
        verbose_name_plural = "eksporter"
        ordering = ["opprettet", "id"]

    def __str__(self) -> str:
        return f"{self.periode} ({self.kilde})"

    def records(self) -> list[dict]:
        return json.loads(self.data)


class Logghendelse(models.Model):
    """One row of the audit log; rows are only ever added (``save`` refuses to change a stored row)."""

    tidspunkt = models.DateTimeField(auto_now_add=True, db_index=True)
    hvem = models.CharField(max_length=300)
    handling = models.CharField(max_length=40, db_index=True)
    objekt = models.CharField(max_length=500, blank=True)
    detaljer = models.TextField(blank=True)
    klientadresse = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = "logghendelse"
        verbose_name_plural = "logg"
        ordering = ["-tidspunkt", "-id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Loggen kan ikke endres.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Loggen kan ikke endres.")


class Purring(models.Model):
    """One reminder e-mail sent (or tried) for a tiltak; a failed one keeps why, so it can be sent again."""

    class Status(models.TextChoices):
        SENDT = "sendt", "Sendt"
        FEILET = "feilet", "Ikke sendt"

    runde = models.ForeignKey(Runde, on_delete=models.CASCADE, related_name="purringer")
    tiltak = models.ForeignKey(ForventetTiltak, on_delete=models.CASCADE, related_name="purringer")
    til = models.CharField(max_length=300)
    emne = models.CharField(max_length=500)
    status = models.CharField(max_length=10, choices=Status.choices)
    feil = models.TextField(blank=True)
    sendt_av = models.CharField(max_length=300)
    tidspunkt = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "påminnelse"
        verbose_name_plural = "påminnelser"
        ordering = ["-tidspunkt", "-id"]


class Totrinn(models.Model):
    """A secretariat user's TOTP secret (RFC 6238); ``aktiv`` once a code has confirmed the enrolment."""

    bruker = models.OneToOneField("auth.User", on_delete=models.CASCADE, related_name="portal_totrinn")
    hemmelighet = models.CharField(max_length=64)
    aktiv = models.BooleanField(default=False)
    #: The last time step a code was accepted for: a code is never accepted twice.
    siste_steg = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "totrinnsinnlogging"
        verbose_name_plural = "totrinnsinnlogginger"
