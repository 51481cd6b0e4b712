"""The export's documented normalisation, written out independently of the code under test.

An export record equals the record that was pre-filled, except that:
- Knytning is joined with ", " (the seed also has space-separated values);
- amounts (Beløp, Endring) have at least one decimal ("0" -> "0.0"), every typed one kept ("2.75");
- Nytteforutsetninger come in the template's fixed order.
"""

from __future__ import annotations

import re
from decimal import Decimal


def _one_decimal(text: str) -> str:
    """At least one decimal, never rounded: "9" -> "9.0", "2.75" stays."""
    if not text:
        return ""
    number = Decimal(text)
    return f"{number:.1f}" if number.as_tuple().exponent >= -1 else format(number, "f")


def documented_normalisation(record: dict, fixed_preconditions: list[str] | None = None) -> dict:
    out = dict(record)
    out["knytning"] = ", ".join(p for p in re.split(r"[,;\s]+", record["knytning"]) if p)
    out["kostnader"] = [{**r, "belop": _one_decimal(r["belop"])} for r in record["kostnader"]]
    out["drift"] = [{**r, "endring": _one_decimal(r["endring"])} for r in record["drift"]]
    if fixed_preconditions is not None:
        rank = {text: i for i, text in enumerate(fixed_preconditions)}
        out["nytteforutsetninger"] = sorted(record["nytteforutsetninger"],
                                            key=lambda r: rank.get(r["forutsetning"], len(rank)))
    return out
