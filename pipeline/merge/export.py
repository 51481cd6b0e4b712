"""The portfolio record format: the JSON shape of ``shared/seed/vedlegg2-2021-11.json``.

A record is one tiltak with every value as a string: dates ``dd.mm.åååå``, years
``2021``, Knytning as ``Helsenorge, Kjernejournal``, ``nytte`` a list of zero or one
objects, empty values ``""``. Numbers are the exact value typed, with a decimal point,
no grouping and ``-`` (:attr:`NumberStyle.PUNKTUM`): never rounded; amounts (Beløp,
Endring) get at least one decimal (``28.3``, ``9`` → ``9.0``, ``2.75``).

Invalid values (only a ``merge --lenient`` lets them through) are exported as typed,
and listed in ``"ugyldige_verdier": [{"felt": "kostnader[0].belop", "verdi": "12,5 mill"}]``,
a key the record has only when it holds invalid values. ``felt`` is the value's place in
the record: a header key, ``section[i].key`` or ``nytte[0].key``.

:func:`tiltak_to_record` writes that shape (the JSON export); :func:`record_to_tiltak`
reads it back (used by tests and by examples). ``prefill`` does not use
:func:`record_to_tiltak`: it writes what a record says into a workbook as it is,
so that the validator reports damaged values instead of losing them.
"""

from __future__ import annotations

from typing import Any

from pipeline.common.errors import PipelineError
from pipeline.contract.catalogue import HEADER_FIELDS, NYTTE_FIELDS, TABLE_SECTIONS, FieldSpec
from pipeline.contract.kinds.registry import empty_value, read_text, record_value
from pipeline.contract.models import ContractModel, Nytte, Tiltak
from pipeline.contract.values import UnreadableValue

#: The record key listing the invalid values as typed.
INVALID_KEY = "ugyldige_verdier"


class RecordError(PipelineError, ValueError):
    """A record value cannot be read. The message is Norwegian and names the key."""


def _values(model: ContractModel, fields: tuple[FieldSpec, ...], where: str, invalid: list[dict[str, str]]
            ) -> dict[str, str]:
    """The fields' values in the record form; an invalid value as typed, also listed in ``invalid``."""
    values = {}
    for f in fields:
        typed = model.invalid_values.get(f.key)
        if typed is None:
            values[f.key] = record_value(getattr(model, f.key), f.meta)
        else:
            values[f.key] = typed
            invalid.append({"felt": f"{where}{f.key}", "verdi": typed})
    return values


def tiltak_to_record(tiltak: Tiltak) -> dict[str, Any]:
    """A model as a seed-shaped record (all values strings)."""
    invalid: list[dict[str, str]] = []
    record: dict[str, Any] = _values(tiltak, HEADER_FIELDS, "", invalid)
    for section in TABLE_SECTIONS:
        record[section.key] = [_values(row, section.columns, f"{section.key}[{i}].", invalid)
                               for i, row in enumerate(getattr(tiltak, section.key))]
    record["nytte"] = [] if tiltak.nytte is None else [_values(tiltak.nytte, NYTTE_FIELDS, "nytte[0].", invalid)]
    record = _in_seed_order(record)
    if invalid:
        record[INVALID_KEY] = invalid
    return record


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


def _parse(data: dict[str, Any], fields: tuple[FieldSpec, ...], where: str, prefix: str,
           invalid: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """A record object's values for ``fields`` and its invalid values (key → text); unknown keys are refused.

    A value listed in ``invalid`` (place → text) is read when it can be (a choice not in the
    list, a negative amount) and is the empty value otherwise, as the validator leaves it.
    """
    unknown = set(data) - {f.key for f in fields}
    if unknown:
        raise RecordError(f"{where}: ukjente nøkler {', '.join(sorted(unknown))}.")
    values, typed = {}, {}
    for f in fields:
        text = invalid.get(prefix + f.key)
        if text is None:
            values[f.key] = parse_record_value(data.get(f.key, ""), f, f"{where}.{f.key}")
            continue
        typed[f.key] = text
        try:
            values[f.key] = read_text(f.kind, text.strip(), record=True)
        except UnreadableValue:
            values[f.key] = empty_value(f.kind)
    return values, typed


def _model(model: type[ContractModel], parsed: tuple[dict[str, Any], dict[str, str]]) -> Any:
    values, typed = parsed
    built = model(**values)
    for key, text in typed.items():
        built.mark_invalid(key, text)
    return built


def _invalid(record: dict[str, Any], name: str) -> dict[str, str]:
    """``ugyldige_verdier`` as place → text."""
    entries = record.get(INVALID_KEY) or []
    if not isinstance(entries, list) or not all(isinstance(e, dict) and {"felt", "verdi"} <= set(e) for e in entries):
        raise RecordError(f"{name}.{INVALID_KEY}: må være en liste med {{\"felt\": …, \"verdi\": …}}.")
    return {str(e["felt"]): str(e["verdi"]) for e in entries}


def record_to_tiltak(record: dict[str, Any]) -> Tiltak:
    """A seed-shaped record as a model. Raises :class:`RecordError` on unreadable values."""
    name = record.get("navn", "?")
    invalid = _invalid(record, name)
    sections = {s.key for s in TABLE_SECTIONS} | {"nytte", INVALID_KEY}
    header = {k: v for k, v in record.items() if k not in sections}
    values, typed = _parse(header, HEADER_FIELDS, name, "", invalid)
    for section in TABLE_SECTIONS:
        rows = record.get(section.key, [])
        values[section.key] = [
            _model(section.model, _parse(row, section.columns, f"{name}.{section.key}[{i}]", f"{section.key}[{i}].",
                                         invalid))
            for i, row in enumerate(rows)
        ]
    nytte = record.get("nytte") or []
    if len(nytte) > 1:
        raise RecordError(f"{name}.nytte: høyst én nytte-oppføring, fant {len(nytte)}.")
    values["nytte"] = _model(Nytte, _parse(nytte[0], NYTTE_FIELDS, f"{name}.nytte", "nytte[0].", invalid)) if nytte else None
    if values["nytte"] is not None and values["nytte"].is_empty():
        values["nytte"] = None
    return _model(Tiltak, (values, typed))
