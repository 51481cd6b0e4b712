"""The portal's tests against a real PostgreSQL as well as SQLite.

``INNRAPPORTERING_TEST_POSTGRES`` names a server (``postgresql:///postgres?host=/var/run/postgresql``; .ci/run
starts one and sets it). The test makes a fresh database there and runs every fast portal test against it in
a subprocess. Under CI (``CI=true``) a missing server is a failure, never a skip.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.support.paths import ROOT

SERVER_ENV = "INNRAPPORTERING_TEST_POSTGRES"


def test_the_database_is_the_one_asked_for():
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    wanted = "postgresql" if os.environ.get("INNRAPPORTERING_PORTAL_TEST_DATABASE_URL") else "sqlite3"
    assert engine.endswith(wanted)


def _server_url() -> str:
    url = os.environ.get(SERVER_ENV, "")
    if not url:
        message = f"{SERVER_ENV} er ikke satt: ingen PostgreSQL å teste mot (.ci/run starter en)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return url


@pytest.mark.slow
def test_portal_tests_pass_on_postgresql():
    server = _server_url()
    import psycopg

    name = f"portal_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(server)
    database_url = urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))
    try:
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not slow", "tests/portal"],
            cwd=ROOT, capture_output=True, text=True, timeout=600,
            env={**os.environ, "INNRAPPORTERING_PORTAL_TEST_DATABASE_URL": database_url})
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(done.stdout[-2000:])
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and "skipped" not in done.stdout.splitlines()[-1]
