"""The portfolio record format: the JSON shape of ``shared/seed/vedlegg2-2021-11.json``.

A record is one tiltak with every value as a string, as printed in the report:
dates ``dd.mm.åååå``, amounts with one decimal (``28.3``), years ``2021``,
Knytning as ``Helsenorge, Kjernejournal``, ``nytte`` a list of zero or one
objects, empty values ``""``.

:func:`tiltak_to_record` writes that shape (the JSON export); :func:`record_to_tiltak`
reads it back (used by tests and by examples). ``prefill`` does not use
:func:`record_to_tiltak`: it writes what a record says into a workbook as it is,
so that the validator reports damaged values instead of losing them.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from pipeline.contract.catalogue import HEADER_FIELDS, NYTTE_FIELDS, TABLE_SECTIONS, FieldSpec
from pipeline.contract.formatting import format_value
from pipeline.contract.models import Nytte, Tiltak
from pipeline.contract.values import UnreadableValue, read_text


class RecordError(ValueError):
    """A record value cannot be read. The message is Norwegian and names the key."""


def _values(model: BaseModel, fields: tuple[FieldSpec, ...]) -> dict[str, str]:
    """The fields' values as printed."""
    return {f.key: format_value(getattr(model, f.key), f.meta) for f in fields}


def tiltak_to_record(tiltak: Tiltak) -> dict[str, Any]:
    """A model as a seed-shaped record (all values strings)."""
    record: dict[str, Any] = _values(tiltak, HEADER_FIELDS)
    for section in TABLE_SECTIONS:
        record[section.key] = [_values(row, section.columns) for row in getattr(tiltak, section.key)]
    record["nytte"] = [] if tiltak.nytte is None else [_values(tiltak.nytte, NYTTE_FIELDS)]
    return _in_seed_order(record)


_SEED_ORDER = tuple(Tiltak.model_fields)  # header fields, then the sections: the catalogue's order


def _in_seed_order(record: dict[str, Any]) -> dict[str, Any]:
    """The record's keys in the seed's order."""
    return {key: record[key] for key in _SEED_ORDER}


def parse_record_value(text: Any, spec: FieldSpec, where: str) -> Any:
    """One record string as the model value for ``spec``, read as the export writes it."""
    text = "" if text is None else str(text).strip()
    try:
        return read_text(spec.kind, text, record=True)
    except UnreadableValue:
        raise RecordError(f"{where}: «{text}» kan ikke leses som {spec.kind.value}.") from None


def _parse(data: dict[str, Any], fields: tuple[FieldSpec, ...], where: str) -> dict[str, Any]:
    """A record object's values for ``fields``; unknown keys are refused."""
    unknown = set(data) - {f.key for f in fields}
    if unknown:
        raise RecordError(f"{where}: ukjente nøkler {', '.join(sorted(unknown))}.")
    return {f.key: parse_record_value(data.get(f.key, ""), f, f"{where}.{f.key}") for f in fields}


def record_to_tiltak(record: dict[str, Any]) -> Tiltak:
    """A seed-shaped record as a model. Raises :class:`RecordError` on unreadable values."""
    name = record.get("navn", "?")
    sections = {s.key for s in TABLE_SECTIONS} | {"nytte"}
    header = {k: v for k, v in record.items() if k not in sections}
    values = _parse(header, HEADER_FIELDS, name)
    for section in TABLE_SECTIONS:
        rows = record.get(section.key, [])
        values[section.key] = [
            section.model(**_parse(row, section.columns, f"{name}.{section.key}[{i}]")) for i, row in enumerate(rows)
        ]
    nytte = record.get("nytte") or []
    if len(nytte) > 1:
        raise RecordError(f"{name}.nytte: høyst én nytte-oppføring, fant {len(nytte)}.")
    values["nytte"] = Nytte(**_parse(nytte[0], NYTTE_FIELDS, f"{name}.nytte")) if nytte else None
    if values["nytte"] is not None and values["nytte"].is_empty():
        values["nytte"] = None
    return Tiltak(**values)

