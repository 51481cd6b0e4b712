"""Portal tests: Django configured once for a fresh data folder (SQLite), or for PostgreSQL when
``INNRAPPORTERING_PORTAL_TEST_DATABASE_URL`` is set (see test_postgresql.py)."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

pytest.importorskip("django", reason="portalen er ikke installert (pip install -e '.[portal]')")

DATA = Path(tempfile.mkdtemp(prefix="portal-test-"))
atexit.register(shutil.rmtree, DATA, ignore_errors=True)
os.environ.pop("DATABASE_URL", None)
if os.environ.get("INNRAPPORTERING_PORTAL_TEST_DATABASE_URL"):
    os.environ["DATABASE_URL"] = os.environ["INNRAPPORTERING_PORTAL_TEST_DATABASE_URL"]

from pipeline.portal.bootstrap import start_django  # noqa: E402

start_django(DATA)

from django.conf import settings as _settings  # noqa: E402

# Passwords in tests are hashed with a fast hasher: the real one (PBKDF2, a million rounds) costs about half a
# second per user made or logged in, which is most of the portal tests' time. What is tested is the flow, not
# the hash; the browser tests and the PostgreSQL run start their own servers with the real settings.
_settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# «Lag Vedlegg 2» makes no PDF in the fast tests (LibreOffice takes seconds per job); the tests of the PDF turn
# it on (tests/portal/test_job_pdf.py).
_settings.PORTAL_PDF = False

from tests.support.portal import make_round  # noqa: E402


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def fresh_series():
    """No rounds before the test and none left after it: a round's history is every earlier round in the data
    folder (pipeline/portal/history.py), so a test that compares with ``merge --forrige`` starts from none."""
    from pipeline.portal.models import Runde

    Runde.objects.all().delete()
    yield
    Runde.objects.all().delete()


@pytest.fixture
def runde(tmp_path):
    return make_round(tmp_path)


@pytest.fixture
def client():
    from django.test import Client

    return Client()


@pytest.fixture(autouse=True)
def _no_waiting_jobs():
    """A job a test ordered without running it is not left for the next test's worker."""
    yield
    from pipeline.portal.models import Jobb

    Jobb.objects.filter(status=Jobb.Status.VENTER).delete()
