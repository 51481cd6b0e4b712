"""The written standards: every accepted spelling and nothing else."""

import pytest

from pipeline.common.malform import DEFAULT, Malform, parse_malform, spellings


@pytest.mark.parametrize(("text", "expected"), [
    ("bokmal", Malform.BOKMAL), ("Bokmål", Malform.BOKMAL), (" nb ", Malform.BOKMAL),
    ("nynorsk", Malform.NYNORSK), ('"NN"', Malform.NYNORSK),
])
def test_spellings_name_their_standard(text, expected):
    assert parse_malform(text) is expected


@pytest.mark.parametrize("text", ["", "norsk", "samisk", None, 1])
def test_anything_else_names_none(text):
    assert parse_malform(text) is None


def test_default_and_display():
    assert DEFAULT is Malform.BOKMAL
    assert [m.display for m in Malform] == ["bokmål", "nynorsk"]
    assert set(spellings()) >= {"bokmal", "bokmål", "nynorsk"}
