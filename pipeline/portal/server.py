"""Serve the portal with waitress (a production WSGI server in pure Python)."""

from __future__ import annotations

import sys


def serve(host: str, port: int) -> None:
    from django.conf import settings
    from waitress import serve as waitress_serve

    from pipeline.portal import jobs
    from pipeline.portal.wsgi import application

    jobs.start()

    where = "PostgreSQL" if settings.DATABASES["default"]["ENGINE"].endswith("postgresql") else "SQLite"
    print(f"Innsendingsportalen kjører på http://{host}:{port}/ (database: {where}, data: {settings.DATA_DIR}). "
          "Stopp med Ctrl+C.", file=sys.stderr, flush=True)
    waitress_serve(application, host=host, port=port, threads=8, ident="innrapportering",
                   max_request_body_size=settings.PORTAL_MAX_REQUEST + 1024 * 1024, _quiet=True,
                   **proxy_options(settings.PORTAL_PROXY))


def proxy_options(proxy: str) -> dict:
    """waitress's options for a trusted reverse proxy (``INNRAPPORTERING_PORTAL_PROXY``): the client address and
    the scheme from X-Forwarded-For and X-Forwarded-Proto; other forwarding headers are removed."""
    if not proxy:
        return {"clear_untrusted_proxy_headers": True}
    return {"trusted_proxy": proxy, "trusted_proxy_count": 1,
            "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"}, "clear_untrusted_proxy_headers": True}
