"""Nothing lost: ``kill -9`` of the server during 20 concurrent uploads, then a restart, leaves every
acknowledged version present and readable."""

from __future__ import annotations

import hashlib
import http.client
import signal
import threading

import pytest

from pipeline import api
from pipeline.portal import services
from pipeline.portal.models import Innsending
from tests.portal.conftest import DATA
from tests.support.portal import INPUT, make_round
from tests.support.portalserver import free_port, post_workbook, start_server


@pytest.mark.slow
def test_kill_9_during_20_concurrent_uploads_loses_no_acknowledged_version(tmp_path):
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        pytest.skip("kjøres mot SQLite-databasen i datamappen (serveren og testen deler den)")
    runde = make_round(tmp_path)
    vest = runde.actors["Helse Vest"]
    port = free_port()
    server = start_server(DATA, port)
    workbook = (INPUT / "heliks.xlsx").read_bytes()
    acknowledged: list[dict] = []
    failed: list[str] = []
    refused: list[tuple[int, dict]] = []  # answered, but not taken: the sender knows it must send again
    lock = threading.Lock()
    enough_acks = threading.Event()

    def send(i: int) -> None:
        data = workbook + b"\0" * i  # each version its own bytes (trailing bytes after the zip are allowed)
        try:
            status, body = post_workbook(port, vest.token, f"heliks-{i}.xlsx", data)
        except (OSError, http.client.HTTPException) as exc:  # cut off, also after the status line: no receipt
            with lock:
                failed.append(type(exc).__name__)
            return
        with lock:
            if status == 201:
                acknowledged.append({"versjon": body["versjon"], "sha256": hashlib.sha256(data).hexdigest()})
                if len(acknowledged) >= 8:
                    enough_acks.set()
            else:
                refused.append((status, body))

    threads = [threading.Thread(target=send, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    enough_acks.wait(timeout=120)
    server.send_signal(signal.SIGKILL)
    server.wait()
    for t in threads:
        t.join(timeout=120)
    assert len(acknowledged) >= 8
    assert len(acknowledged) + len(failed) + len(refused) == 20, refused
    server = start_server(DATA, port)
    try:
        for ack in acknowledged:
            version = Innsending.objects.get(pk=ack["versjon"])
            stored = services.stored_path(version)
            assert hashlib.sha256(stored.read_bytes()).hexdigest() == ack["sha256"] == version.sha256
            assert api.check_workbooks([stored]).files[0].tiltak.navn == "HELIKS"
        status, body = post_workbook(port, vest.token, "heliks.xlsx", workbook)
        assert status == 201 and body["status"] == "klar"  # the restarted server takes uploads again
    finally:
        server.kill()
        server.wait()
    print(f"kill -9: {len(acknowledged)} kvittert og alle lesbare etter omstart, {len(failed)} avbrutt")
