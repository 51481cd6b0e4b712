"""Helpers for the self-check and feedback tests: workbooks from the real template, recalculated by LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook

from pipeline.contract.settings import load_form_settings
from pipeline.excel.template import write_template

#: A clean Koordinere submission (no warnings either): header fields and one Leveranse.
CLEAN_FIELDS: dict[str, object] = {
    "Tiltak_Navn": "Felles kontroll",
    "Tiltak_Aktor": "Helse Vest RHF",
    "Tiltak_Kontaktperson": "Kari Nordmann",
    "Tiltak_KontaktEpost": "kari.nordmann@helse-vest.no",
    "Tiltak_Beskrivelse": "Et tiltak.",
    "Tiltak_Segment": "Koordinere",
    "Tiltak_Fase": "Gjennomføre",
    "Tiltak_Sluttdato": datetime(2024, 12, 31),
    "Tiltak_Innsatsomrade": "1.1 - Modernisere journal- og samhandlingsløsninger",
    "Tiltak_Status": "Grønn",
    "Tiltak_Risiko": "Gul",
    "Tiltak_Innforingsstrategi": "Frivillig bruk",
}


def named(wb: Workbook, name: str):
    """The cell a workbook-scoped defined name points at."""
    sheet, coord = next(iter(wb.defined_names[name].destinations))
    return wb[sheet][coord.replace("$", "")]


def template_workbook(folder: Path, name: str, edit: Callable[[Workbook], None] | None = None) -> Path:
    """The real template, filled in with :data:`CLEAN_FIELDS` and one delivery, then ``edit``; saved as ``name``."""
    base = folder / "_mal.xlsx"
    if not base.exists():
        write_template(base, load_form_settings())
    wb = openpyxl.load_workbook(base)
    for key, value in CLEAN_FIELDS.items():
        named(wb, key).value = value
    ws = wb["Leveranser"]
    ws["A5"], ws["C5"], ws["D5"] = "Første leveranse", datetime(2025, 6, 30), "Nei"
    if edit:
        edit(wb)
    path = folder / name
    wb.save(path)
    return path


def soffice_or_skip() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.skip("LibreOffice (soffice) er ikke installert")
    return found


def recalculated(paths: list[Path], out: Path) -> list[Path]:
    """The workbooks opened (and so recalculated) and saved again as .xlsx by LibreOffice."""
    soffice = soffice_or_skip()
    out.mkdir(parents=True, exist_ok=True)
    profile = (out / "profil").resolve().as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "xlsx",
                    "--outdir", str(out), *map(str, paths)], check=True, capture_output=True, timeout=240)
    return [out / p.name for p in paths]
