"""``innrapportering portal opprett-runde`` and ``portal eksport``: the contract the secretariat scripts."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.test import Client

from pipeline import api
from pipeline.cli.main import main
from pipeline.portal.models import Runde
from tests.support.portal import INPUT, SETTINGS, api_upload, make_round
from tests.portal.conftest import DATA


def test_opprett_runde_prints_actor_link_and_token_per_actor(tmp_path, capsys):
    (tmp_path / "rapport.toml").write_text(SETTINGS, encoding="utf-8")
    code = main(["portal", "opprett-runde", "--data", str(DATA), "--innstillinger", str(tmp_path / "rapport.toml"),
                 "--forrige", str(INPUT / "forrige-runde" / "vedlegg2-2021-11.json")])
    assert code == 0
    lines = capsys.readouterr().out.splitlines()
    rows = [line.split("\t") for line in lines]
    assert [r[0] for r in rows] == ["Helse Vest", "Helse Nord"]
    assert all(len(r) == 3 and r[1].startswith("http://localhost:8000/lenke/") and len(r[2]) >= 40 for r in rows)
    client = Client()
    assert client.get("/" + rows[0][1].split("/", 3)[3]).status_code == 200
    assert client.get("/api/v1/tiltak", HTTP_AUTHORIZATION=f"Bearer {rows[1][2]}").json()["aktor"] == "Helse Nord"
    runde = Runde.objects.order_by("-id").first()
    assert runde.frist.isoformat() == "2021-11-15" and runde.tiltak.count() == 3


@pytest.mark.parametrize("text, message", [
    ("periode = \"x\"\nrapportdato = 2021-11-01\n", "ingen forventede tiltak"),
    ("periode = \"x\"\nrapportdato = 2021-11-01\n[[forventet]]\nnavn = \"A\"\n", "mangler aktor"),
    ("periode = \"x\"\nrapportdato = 2021-11-01\n[[forventet]]\nnavn = \"A\"\naktor = \"B\"\n"
     "[[forventet]]\nnavn = \"a \"\naktor = \"B\"\n", "to ganger"),
    ("periode = ", "rapport.toml"),
])
def test_bad_settings_are_exit_2_with_a_norwegian_message(tmp_path, capsys, text, message):
    (tmp_path / "rapport.toml").write_text(text, encoding="utf-8")
    before = Runde.objects.count()
    code = main(["portal", "opprett-runde", "--data", str(DATA), "--innstillinger", str(tmp_path / "rapport.toml")])
    assert code == 2
    assert message in capsys.readouterr().err
    assert Runde.objects.count() == before


@pytest.mark.slow
def test_eksport_writes_the_latest_versions_so_merge_works_unchanged(tmp_path, capsys):
    runde = make_round(tmp_path)
    client = Client()
    api_upload(client, runde.actors["Helse Vest"], INPUT / "alle-moter.xlsx")
    api_upload(client, runde.actors["Helse Vest"], INPUT / "heliks.xlsx")
    api_upload(client, runde.actors["Helse Nord"], INPUT / "fresk.xlsx")
    out = tmp_path / "eksport"
    assert main(["portal", "eksport", "--data", str(DATA), "-o", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["alle-moter.xlsx", "fresk.xlsx", "heliks.xlsx", "rapport.toml"]
    assert (out / "heliks.xlsx").read_bytes() == (INPUT / "heliks.xlsx").read_bytes()
    outcome = api.merge_folder(out, tmp_path / "Vedlegg2.docx")
    assert sorted(f.tiltak.navn for f in outcome.plan.merged) == ["Alle møter", "FRESK", "HELIKS"]
    assert not outcome.plan.rejected


def test_eksport_never_overwrites_a_different_file(tmp_path, capsys):
    runde = make_round(tmp_path)
    api_upload(Client(), runde.actors["Helse Vest"], INPUT / "heliks.xlsx")
    out = tmp_path / "eksport"
    out.mkdir()
    (out / "heliks.xlsx").write_bytes(b"redigert")
    assert main(["portal", "eksport", "--data", str(DATA), "-o", str(out)]) == 2
    assert "overskrives ikke" in capsys.readouterr().err
    assert (out / "heliks.xlsx").read_bytes() == b"redigert"


@pytest.mark.slow
def test_the_rest_of_the_cli_does_not_import_django():
    code = ("import sys\nfrom pipeline.cli.main import main\n"
            "main(['feilkoder'])\n"
            "assert not [m for m in sys.modules if m == 'django' or m.startswith('django.')], 'django importert'\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_ny_lenke_revokes_the_old_link_and_token(tmp_path, capsys):
    runde = make_round(tmp_path)
    old = runde.actors["Helse Vest"]
    client = Client()
    client.get(old.path)
    client.post(old.path)
    assert main(["portal", "ny-lenke", "--data", str(DATA), "Helse  Vest"]) == 0
    name, link, token = capsys.readouterr().out.strip().split("\t")
    assert name == "Helse Vest" and link != old.link and token != old.token
    assert client.get("/tiltak/").status_code == 401
    assert client.get(old.path).status_code == 410
    assert Client().get("/" + link.split("/", 3)[3]).status_code == 200
    assert Client().get("/api/v1/tiltak", **old.auth).status_code == 401
    assert Client().get("/api/v1/tiltak", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    assert main(["portal", "ny-lenke", "--data", str(DATA), "Ukjent"]) == 2
    assert "Fant ingen aktør «Ukjent» i runden November 2021. Aktørene er: Helse Nord, Helse Vest." in capsys.readouterr().err
