"""The WSGI application (``portal start`` serves it with waitress)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pipeline.portal.settings")
application = get_wsgi_application()
