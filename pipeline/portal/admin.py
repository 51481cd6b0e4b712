"""The secretariat's admin: rounds, actors (block), tiltak (send back / approve) and every upload."""

from django.contrib import admin

from pipeline.portal.models import Aktor, Innsending, Logghendelse, Runde, ForventetTiltak

admin.site.site_header = "Innsendingsportalen – sekretariatet"
admin.site.site_title = "Innsendingsportalen"


@admin.register(Runde)
class RundeAdmin(admin.ModelAdmin):
    list_display = ("periode", "rapportdato", "frist")


@admin.register(Aktor)
class AktorAdmin(admin.ModelAdmin):
    list_display = ("navn", "runde", "sperret", "lenkegenerasjon")
    exclude = ("token_hash",)


@admin.register(ForventetTiltak)
class TiltakAdmin(admin.ModelAdmin):
    list_display = ("navn", "aktor", "segment", "vurdering")
    list_filter = ("vurdering", "runde")
    list_editable = ("vurdering",)


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
