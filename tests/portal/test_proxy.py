"""Behind nginx (docs/drift.md): with ``INNRAPPORTERING_PORTAL_PROXY`` the log has the client's address from
X-Forwarded-For; without it the header is ignored, so nobody can claim another address."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import urllib.request

import pytest

from pipeline.portal.server import proxy_options
from tests.support.portal import INPUT, SETTINGS
from tests.support.portalserver import free_port, multipart, start_server


def _logged_address(tmp_path, env: dict) -> list[str]:
    import os

    data = tmp_path / "portal"
    (tmp_path / "rapport.toml").write_text(SETTINGS, encoding="utf-8")
    environment = {**os.environ, "DATABASE_URL": ""}
    made = subprocess.run([sys.executable, "-m", "pipeline", "portal", "opprett-runde", "--data", str(data),
                           "--innstillinger", str(tmp_path / "rapport.toml")], capture_output=True, text=True,
                          env=environment, check=True)
    token = {line.split("\t")[0]: line.split("\t")[2] for line in made.stdout.splitlines()}["Helse Vest"]
    staff = subprocess.run([sys.executable, "-m", "pipeline", "portal", "bruker", "--data", str(data),
                            "--sekretariat", "proxy"], capture_output=True, text=True, env=environment,
                           check=True).stdout.strip()
    port = free_port()
    server = start_server(data, port, {"DATABASE_URL": "", **env})
    try:
        body, content_type = multipart("heliks.xlsx", (INPUT / "heliks.xlsx").read_bytes())
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/innsendinger", body, headers={
            "Authorization": f"Bearer {token}", "Content-Type": content_type,
            "X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"})
        assert urllib.request.urlopen(request, timeout=120).status == 201
        log = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/logg.csv?handling=opplasting",
                                     headers={"Authorization": f"Bearer {staff}"})
        text = urllib.request.urlopen(log, timeout=60).read().decode("utf-8-sig")
    finally:
        server.kill()
        server.wait()
    return [row["klientadresse"] for row in csv.DictReader(io.StringIO(text), delimiter=";")]


@pytest.mark.slow
def test_the_trusted_proxy_gives_the_clients_address(tmp_path):
    assert _logged_address(tmp_path, {"INNRAPPORTERING_PORTAL_PROXY": "127.0.0.1"}) == ["203.0.113.9"]


@pytest.mark.slow
def test_without_a_trusted_proxy_the_forwarded_address_is_ignored(tmp_path):
    assert _logged_address(tmp_path, {"INNRAPPORTERING_PORTAL_PROXY": ""}) == ["127.0.0.1"]


@pytest.mark.parametrize("proxy, trusted", [("", None), ("127.0.0.1", "127.0.0.1"), (" ", None)])
def test_proxy_options(proxy, trusted):
    options = proxy_options(proxy.strip())
    assert options.get("trusted_proxy") == trusted and options["clear_untrusted_proxy_headers"] is True
    if trusted:
        assert options["trusted_proxy_headers"] == {"x-forwarded-for", "x-forwarded-proto"}
        assert options["trusted_proxy_count"] == 1
    else:
        assert set(options) == {"clear_untrusted_proxy_headers"}
