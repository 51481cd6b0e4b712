"""The export's documented normalisation, written out independently of the code under test.

An export record equals the record that was pre-filled, except that:
- Knytning is joined with ", " (the seed also has space-separated values);
- amounts (Beløp, Endring) have at least one decimal ("0" -> "0.0"), every typed one kept ("2.75");
- Nytteforutsetninger come in the template's fixed order;
- a field the record does not have (added in a later template version, like kontakt_epost) is "".
"""

from __future__ import annotations

import re
from decimal import Decimal

from pipeline.contract.catalogue import HEADER_FIELDS
from pipeline.contract.models import Tiltak


def _one_decimal(text: str) -> str:
    """At least one decimal, never rounded: "9" -> "9.0", "2.75" stays."""
    if not text:
        return ""
    number = Decimal(text)
    return f"{number:.1f}" if number.as_tuple().exponent >= -1 else format(number, "f")


def documented_normalisation(record: dict, fixed_preconditions: list[str] | None = None) -> dict:
    out = dict(record)
    for spec in HEADER_FIELDS:  # a field added after the record's template version is exported empty
        out.setdefault(spec.key, "")
    out = {key: out[key] for key in Tiltak.model_fields}
    out["knytning"] = ", ".join(p for p in re.split(r"[,;\s]+", record["knytning"]) if p)
    out["kostnader"] = [{**r, "belop": _one_decimal(r["belop"])} for r in record["kostnader"]]
    out["drift"] = [{**r, "endring": _one_decimal(r["endring"])} for r in record["drift"]]
    if fixed_preconditions is not None:
        rank = {text: i for i, text in enumerate(fixed_preconditions)}
        out["nytteforutsetninger"] = sorted(record["nytteforutsetninger"],
                                            key=lambda r: rank.get(r["forutsetning"], len(rank)))
    return out


def norwegian(number: str, decimals: int = 0) -> str:
    """A plain number (``-1234.5``) as the document prints it by default: ``−1 234,5`` with a no-break
    space between thousands and the minus sign U+2212; at least ``decimals`` decimals, none dropped."""
    sign, digits = ("\u2212", number[1:]) if number.startswith("-") else ("", number)
    whole, _, fraction = digits.partition(".")
    fraction = fraction.ljust(decimals, "0")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    if all(c in "0.," for c in digits):
        sign = ""  # never a minus zero
    return sign + "\u00a0".join(groups) + ("," + fraction if fraction else "")
