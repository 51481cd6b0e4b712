"""Start Django for a data folder: settings from the environment, migrations applied."""

from __future__ import annotations

from pipeline.common.errors import PipelineError

import os
from pathlib import Path


class PortalUnavailable(PipelineError):
    """Django or a portal dependency is missing, or the database cannot be reached (Norwegian message)."""


def start_django(data: Path, *, migrate: bool = True) -> None:
    """Configure Django for ``data`` (created if missing) and bring the database schema up to date."""
    try:
        data.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PortalUnavailable(f"Kan ikke lage datamappen {data}: {exc.strerror}.") from None
    os.environ["INNRAPPORTERING_PORTAL_DATA"] = str(data.resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pipeline.portal.settings")
    try:
        import django
    except ImportError:
        raise PortalUnavailable("Portalen trenger Django. Installer med: pip install 'innrapportering[portal]'.") from None
    django.setup()
    if migrate:
        from django.core.management import call_command
        from django.db.utils import OperationalError

        try:
            call_command("migrate", verbosity=0, interactive=False)
        except OperationalError as exc:
            raise PortalUnavailable(f"Får ikke kontakt med databasen: {exc}".strip()) from None
