"""Where the repository and its bundled examples are."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
INPUT = ROOT / "input"
SEED_JSON = INPUT / "forrige-runde" / "vedlegg2-2021-11.json"
