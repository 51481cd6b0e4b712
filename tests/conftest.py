"""Shared fixtures. Test helpers for one area live in ``tests/<area>_helpers.py``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED_JSON = ROOT / "input" / "forrige-runde" / "vedlegg2-2021-11.json"

sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="session")
def form_settings():
    from pipeline.settings import load_form_settings

    return load_form_settings()


@pytest.fixture(scope="session")
def seed_records() -> list[dict]:
    return json.loads(SEED_JSON.read_text(encoding="utf-8"))
