"""Benchmark of the secretariat's side of the portal, run by ``bench/portal.py`` on its server after the 40
example workbooks are uploaded (docs/portal.md «Tester og målinger»):

1. The dashboard (``/runde/``, logged in) and the round as JSON (``GET /api/v1/runde``) for the 40 tiltak of
   ``input/rapport.toml`` with one version each: median of ``runs``. Target: median ≤ 200 ms.
2. The same with 1 000 submissions in the round (the uploaded versions copied as new versions, files and all),
   and for a round of 1 000 tiltak with one submission each (made last, as it becomes the current round).
3. «Lag Vedlegg 2» (order → done, the job's own start and end in the database) against ``innrapportering
   merge`` of the same folder (the job's ``inn/``) as a command, median of 3 each, alternating. Target: the job
   ≤ the command + 10 %.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

PASSWORD = "bench-passord-1234"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _login(port: int, user: str):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"http://127.0.0.1:{port}/runde/logg-inn/").read().decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"username": user, "password": PASSWORD, "csrfmiddlewaretoken": csrf}).encode()
    opener.open(f"http://127.0.0.1:{port}/runde/logg-inn/", form).read()
    return opener


def _median(fetch, runs: int) -> float:
    fetch()  # warm up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fetch()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _dashboard(port: int, opener, token: str, runs: int, label: str) -> None:
    def page():
        body = opener.open(f"http://127.0.0.1:{port}/runde/", timeout=60).read()
        assert b"Status per akt" in body, "ikke innlogget"

    def api():
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/runde",
                                         headers={"Authorization": f"Bearer {token}"})
        return json.loads(urllib.request.urlopen(request, timeout=60).read())

    rows = len(api()["tiltak"])
    print(f"Oversikten {label} ({rows} tiltak, {runs} ganger): siden /runde/ median {_ms(_median(page, runs))}, "
          f"/api/v1/runde median {_ms(_median(api, runs))} (mål: median ≤ 200 ms)")


def add_versions(total: int) -> int:
    """Copy the round's uploaded versions (rows and files, each file under a new name) until the round holds
    ``total`` submissions; returns the count."""
    from django.conf import settings

    from pipeline.portal.models import Innsending
    from pipeline.portal.rounds import current_round

    runde = current_round()
    versions = list(Innsending.objects.filter(tiltak__runde=runde, avvist=""))
    missing = total - Innsending.objects.filter(tiltak__runde=runde).count()
    copies = []
    for i in range(max(0, missing)):
        source = versions[i % len(versions)]
        name = f"bench{i:05d}{source.lagret_som}"
        os.link(settings.UPLOAD_DIR / source.lagret_som, settings.UPLOAD_DIR / name)
        copies.append(Innsending(aktor_id=source.aktor_id, tiltak_id=source.tiltak_id, filnavn=source.filnavn,
                                 lagret_som=name, sha256=source.sha256, storrelse=source.storrelse,
                                 lastet_opp_av=source.lastet_opp_av, kanal="api", resultat=source.resultat,
                                 funn=source.funn, data=source.data))
    Innsending.objects.bulk_create(copies, batch_size=200)
    return Innsending.objects.filter(tiltak__runde=runde).count()


def _job(port: int, token: str) -> tuple[float, Path]:
    from pipeline.portal.models import Jobb

    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/runde/vedlegg2", data=b"",
                                     headers={"Authorization": f"Bearer {token}"})
    pk = json.loads(urllib.request.urlopen(request, timeout=60).read())["jobb"]
    while (jobb := Jobb.objects.get(pk=pk)).status not in (Jobb.Status.FERDIG, Jobb.Status.FEILET):
        time.sleep(0.1)
    assert jobb.status == Jobb.Status.FERDIG, jobb.melding
    return (jobb.ferdig - jobb.opprettet).total_seconds(), Path(jobb.mappe) / "inn"


_CLI = ("import sys, time; t0 = time.perf_counter(); from pipeline.cli.main import main; t1 = time.perf_counter(); "
        "code = main(['merge', sys.argv[1], '-o', sys.argv[2], '-q']); print(time.perf_counter() - t1); "
        "sys.exit(code if code in (0, 1) else code)")


def _cli(folder: Path) -> tuple[float, float]:
    """(the whole command, the merge call alone) for ``innrapportering merge folder``."""
    with tempfile.TemporaryDirectory(prefix="bench-merge-") as out:
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", _CLI, str(folder), str(Path(out) / "Vedlegg2.docx")],
                              capture_output=True, text=True)
        wall = time.perf_counter() - start
    assert done.returncode in (0, 1), done.stderr
    return wall, float(done.stdout.strip().splitlines()[-1])


def _merge(port: int, token: str) -> None:
    job_times, cli_times, call_times = [], [], []
    for _ in range(3):
        seconds, folder = _job(port, token)
        job_times.append(seconds)
        wall, call = _cli(folder)
        cli_times.append(wall)
        call_times.append(call)
    job, cli, call = (statistics.median(v) for v in (job_times, cli_times, call_times))
    books = len(list(folder.glob("*.xlsx")))
    print(f"«Lag Vedlegg 2» med {books} arbeidsbøker (3 ganger): jobben median {_ms(job)}; «innrapportering merge» "
          f"av samme mappe median {_ms(cli)} (selve flettingen {_ms(call)}); jobben / kommandoen = "
          f"{job / cli:.2f} (mål: ≤ 1,10), jobben / selve flettingen = {job / call:.2f}".replace(".", ","))


def measure(data: Path, port: int, runs: int, total: int = 1000) -> None:
    from pipeline.portal.bootstrap import start_django

    start_django(data, migrate=False)
    from pipeline.portal.staff import create_user

    token = create_user("bench", PASSWORD, approver=True)
    opener = _login(port, "bench")
    _dashboard(port, opener, token, runs, "etter 40 opplastinger")
    count = add_versions(total)
    _dashboard(port, opener, token, runs, f"med {count} innsendinger")
    _merge(port, token)
    count = big_round(data, total)
    _dashboard(port, opener, token, max(5, runs // 3), f"for en runde med {count} tiltak og én innsending hver")


def big_round(data: Path, total: int) -> int:
    """A new round of ``total`` tiltak (25 actors), each with one version copied from the round before."""
    from django.conf import settings

    from pipeline.portal.models import Innsending
    from pipeline.portal.rounds import create_round, current_round

    source = [v for v in Innsending.objects.filter(tiltak__runde=current_round(), avvist="")]
    text = 'periode = "Bench"\nrapportdato = 2021-11-01\nfrist = 2021-11-15\n' + "".join(
        f'[[forventet]]\nnavn = "Tiltak {i:04d}"\nsegment = "Koordinere"\naktor = "Aktør {i % 25:02d}"\n'
        for i in range(total))
    with tempfile.TemporaryDirectory(prefix="bench-runde-") as folder:
        path = Path(folder) / "rapport.toml"
        path.write_text(text, encoding="utf-8")
        create_round(path)
    runde = current_round()
    copies = []
    for i, tiltak in enumerate(runde.tiltak.all()):
        version = source[i % len(source)]
        name = f"stor{i:05d}{version.lagret_som}"
        os.link(settings.UPLOAD_DIR / version.lagret_som, settings.UPLOAD_DIR / name)
        copies.append(Innsending(aktor_id=tiltak.aktor_id, tiltak=tiltak, filnavn=version.filnavn, lagret_som=name,
                                 sha256=version.sha256, storrelse=version.storrelse, lastet_opp_av="bench",
                                 kanal="api", resultat=version.resultat, funn=version.funn, data=version.data))
    Innsending.objects.bulk_create(copies, batch_size=200)
    return runde.tiltak.count()
