"""The secretariat's admin: rounds, actors (block), tiltak (send back / approve) and every upload.

A verdict set here goes through :mod:`pipeline.portal.verdicts`, as on the dashboard: approving locks the
latest version and writes the audit row; sending back needs a comment and lifts any approval.
"""

from django import forms
from django.contrib import admin

from pipeline.portal import audit, services, verdicts
from pipeline.portal.models import Aktor, Innsending, Logghendelse, Runde, ForventetTiltak
from pipeline.portal.staff import APPROVE

admin.site.site_header = "Innsendingsportalen – sekretariatet"
admin.site.site_title = "Innsendingsportalen"


@admin.register(Runde)
class RundeAdmin(admin.ModelAdmin):
    list_display = ("periode", "rapportdato", "frist")


@admin.register(Aktor)
class AktorAdmin(admin.ModelAdmin):
    list_display = ("navn", "runde", "sperret", "lenkegenerasjon")
    exclude = ("token_hash",)


class TiltakForm(forms.ModelForm):
    """Refuses an approval without a version or without the approve permission, and a send-back without a
    comment (the same rules as the dashboard)."""

    user = None

    def clean(self):
        data = super().clean()
        if "vurdering" not in self.changed_data:
            return data
        verdict = data.get("vurdering", "")
        if verdict == verdicts.GODKJENT:
            if self.user is not None and not self.user.has_perm(APPROVE):
                self.add_error("vurdering", "Du har ikke lov til å godkjenne innsendinger.")
            elif self.instance.pk is None or services.latest(self.instance) is None:
                self.add_error("vurdering", "Tiltaket har ingen versjon ennå, så det er ingenting å godkjenne.")
        elif verdict == verdicts.SENDT_TILBAKE:
            comment = data["kommentar"] if "kommentar" in self.fields else self.instance.kommentar
            if not (comment or "").strip():
                self.add_error("vurdering", "Skriv en kommentar (hva aktøren skal rette) før tiltaket sendes tilbake.")
        return data


def _with_user(form, request):
    return type(form.__name__, (form,), {"user": request.user})


@admin.register(ForventetTiltak)
class TiltakAdmin(admin.ModelAdmin):
    list_display = ("navn", "aktor", "segment", "vurdering")
    list_filter = ("vurdering", "runde")
    list_editable = ("vurdering",)
    readonly_fields = ("godkjent_versjon",)
    form = TiltakForm

    def get_form(self, request, obj=None, **kwargs):
        return _with_user(super().get_form(request, obj, **kwargs), request)

    def get_changelist_form(self, request, **kwargs):
        return _with_user(super().get_changelist_form(request, form=TiltakForm, **kwargs), request)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "vurdering" not in form.changed_data:
            return
        who = audit.who(request)
        if obj.vurdering == verdicts.GODKJENT:
            verdicts.approve(obj, by=who, request=request)
        elif obj.vurdering == verdicts.SENDT_TILBAKE:
            verdicts.send_back(obj, obj.kommentar, by=who, request=request)
        else:
            ForventetTiltak.objects.filter(pk=obj.pk).update(godkjent_versjon=None)


@admin.register(Innsending)
class InnsendingAdmin(admin.ModelAdmin):
    list_display = ("filnavn", "aktor", "tiltak", "resultat", "tidspunkt", "avvist")
    readonly_fields = [f.name for f in Innsending._meta.fields]


@admin.register(Logghendelse)
class LoggAdmin(admin.ModelAdmin):
    """The audit log: read only (no add, change or delete)."""

    list_display = ("tidspunkt", "hvem", "handling", "objekt", "klientadresse")
    list_filter = ("handling",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
