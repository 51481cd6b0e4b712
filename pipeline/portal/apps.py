"""The Django app of the portal."""

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "pipeline.portal"
    label = "portal"
    verbose_name = "Innsendingsportalen"
    default_auto_field = "django.db.models.BigAutoField"
