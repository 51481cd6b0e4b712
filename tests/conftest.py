"""Shared fixtures. Test helpers live in the package ``tests.support``, one module per area;
the test folders mirror the sub-packages of ``pipeline``."""

from __future__ import annotations

import json
import sys

import pytest

from tests.support.paths import SEED_JSON

# pytest rewrites the asserts of every test module when it imports it, and keeps the result in __pycache__ only when
# Python may write bytecode. With PYTHONDONTWRITEBYTECODE set (as on the development machines and in CI) every run,
# and every xdist worker, rewrote all of them again: 6-8 s of CPU each. The caches are ignored by git.
sys.dont_write_bytecode = False


@pytest.fixture(scope="session")
def form_settings():
    from pipeline.contract.settings import load_form_settings

    return load_form_settings()


@pytest.fixture(scope="session")
def seed_records() -> list[dict]:
    return json.loads(SEED_JSON.read_text(encoding="utf-8"))
