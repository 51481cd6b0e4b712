"""Where the repository and its bundled examples are."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
INPUT = ROOT / "input"
SEED_JSON = INPUT / "forrige-runde" / "vedlegg2-2021-11.json"
#: The earlier rounds input/rapport.toml points at (``forrige = "historikk"``).
HISTORY = INPUT / "historikk"


def copy_history(folder: Path) -> None:
    """``input/historikk/`` into ``folder``, so that a copied rapport.toml finds its earlier rounds."""
    import shutil

    shutil.copytree(HISTORY, folder / HISTORY.name, dirs_exist_ok=True)
