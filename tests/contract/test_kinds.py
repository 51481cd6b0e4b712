"""The field-kind table: every kind registered once, an unknown kind an error everywhere (never text)."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest

from pipeline.contract.catalogue import FieldSpec
from pipeline.contract.fields import FieldMeta, Kind, meta
from pipeline.contract.kinds.base import FieldKind
from pipeline.contract.kinds.registry import KINDS, UnknownKind, format_value, kind_of, read_text


def test_every_kind_has_exactly_one_class_and_every_class_a_kind():
    assert set(KINDS) == {k.value for k in Kind}
    assert all(KINDS[k].code == k.value for k in Kind)
    assert len({type(v) for v in KINDS.values()}) == len(KINDS)


def test_every_registered_kind_implements_every_method():
    for kind in KINDS.values():
        for name in FieldKind.abstract_methods():
            assert getattr(type(kind), name) is not getattr(FieldKind, name), (kind.code, name)


def test_an_unknown_kind_is_an_error_not_text():
    with pytest.raises(UnknownKind, match="klokkeslett"):
        kind_of("klokkeslett")
    with pytest.raises(UnknownKind):
        read_text("klokkeslett", "12:00")  # type: ignore[arg-type]
    with pytest.raises(UnknownKind):
        FieldMeta(label="Tid", kind="klokkeslett")  # type: ignore[arg-type]


def test_a_field_whose_kind_is_lost_fails_in_every_layer_instead_of_printing_text():
    field = meta("Beløp", Kind.NUMBER, decimals=1)
    object.__setattr__(field, "kind", "beløp")  # a kind renamed in one place only
    from pipeline.excel.selfcheck import _bad_value
    from pipeline.excel.styles import number_format
    from pipeline.excel.validation import validation_for
    from pipeline.validate.normalise import parse_field

    spec = FieldSpec("belop", field)
    for call in (lambda: format_value(Decimal(1), field), lambda: parse_field("1", field),
                 lambda: number_format(spec), lambda: validation_for(spec), lambda: _bad_value(spec, "A1", {})):
        with pytest.raises(UnknownKind):
            call()


def test_a_kind_that_forgets_a_method_is_refused_when_the_package_is_imported(tmp_path):
    """Registering a kind without its Excel check must fail at import, not fall back to nothing."""
    script = (
        "import pipeline.contract.kinds.text as t\n"
        "del t.Text.check\n"  # the text kinds lose their self-check formula
        "import pipeline.contract.kinds.registry\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode != 0
    assert "lack methods" in result.stderr and "'check'" in result.stderr
