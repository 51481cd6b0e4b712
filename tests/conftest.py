"""Shared fixtures. Test helpers live in the package ``tests.support``, one module per area;
the test folders mirror the sub-packages of ``pipeline``."""

from __future__ import annotations

import json

import pytest

from tests.support.paths import SEED_JSON


@pytest.fixture(scope="session")
def form_settings():
    from pipeline.contract.settings import load_form_settings

    return load_form_settings()


@pytest.fixture(scope="session")
def seed_records() -> list[dict]:
    return json.loads(SEED_JSON.read_text(encoding="utf-8"))
