"""Settings files for tests: the packaged skjema.toml with one change."""

from __future__ import annotations

from pathlib import Path

from pipeline.contract.settings import FORM_SETTINGS_PATH


def changed_form_settings(folder: Path, old: str, new: str) -> Path:
    """``folder/skjema.toml``: the packaged form settings with ``old`` (which must be there) replaced by ``new``."""
    text = FORM_SETTINGS_PATH.read_text(encoding="utf-8")
    assert old in text
    path = folder / "skjema.toml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path
