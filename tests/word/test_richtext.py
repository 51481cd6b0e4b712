import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.contract.formatting import clean_xml_text
from pipeline.word.richtext import Block, BlockKind, Run, href, parse_long_text, split_links

P, B, N = BlockKind.PARAGRAPH, BlockKind.BULLET, BlockKind.NUMBERED


def shape(blocks: list[Block]) -> list[tuple[BlockKind, str]]:
    return [(b.kind, b.text) for b in blocks]


@pytest.mark.parametrize("text, expected", [
    ("", []),
    ("   \n\n  ", []),
    ("Ett avsnitt.", [(P, "Ett avsnitt.")]),
    ("Første\nAndre", [(P, "Første"), (P, "Andre")]),
    ("Første\r\nAndre\rTredje", [(P, "Første"), (P, "Andre"), (P, "Tredje")]),
    ("Første\n\n\nAndre", [(P, "Første"), (P, "Andre")]),
    ("  innrykket  ", [(P, "innrykket")]),
    ("• kule", [(B, "kule")]),
    ("- bindestrek", [(B, "bindestrek")]),
    ("– tankestrek", [(B, "tankestrek")]),
    ("* stjerne", [(B, "stjerne")]),
    ("  •   med luft", [(B, "med luft")]),
    ("-uten mellomrom", [(P, "-uten mellomrom")]),
    ("•", [(P, "•")]),
    ("1. første", [(N, "første")]),
    ("2) andre", [(N, "andre")]),
    ("12. tolvte", [(N, "tolvte")]),
    ("1)Av uten mellomrom", [(P, "1)Av uten mellomrom")]),
    ("1.1 - Modernisere journal", [(P, "1.1 - Modernisere journal")]),
    ("2021. Et årstall", [(P, "2021. Et årstall")]),
    ("Tiltak:\n- Reforhandle avtale\n4. Risiko", [(P, "Tiltak:"), (B, "Reforhandle avtale"), (N, "Risiko")]),
])
def test_parse_rules(text, expected):
    assert shape(parse_long_text(text)) == expected


def test_markers_and_numbers_are_kept_on_the_block():
    bullet, numbered = parse_long_text("– a\n3) b")
    assert (bullet.marker, bullet.number) == ("–", None)
    assert (numbered.marker, numbered.number) == ("3)", 3)


@pytest.mark.parametrize("text, runs", [
    ("Se https://ehelse.no.", [Run("Se "), Run("https://ehelse.no", "https://ehelse.no"), Run(".")]),
    ("(se http://a.no/x), ellers", [Run("(se "), Run("http://a.no/x", "http://a.no/x"), Run("), ellers")]),
    ("www.ehelse.no!", [Run("www.ehelse.no", "https://www.ehelse.no"), Run("!")]),
    ("https://no.wikipedia.org/wiki/Kodeverk_(helse);",
     [Run("https://no.wikipedia.org/wiki/Kodeverk_(helse)", "https://no.wikipedia.org/wiki/Kodeverk_(helse)"),
      Run(";")]),
    ("«https://a.no/b?x=1&y=2»", [Run("«"), Run("https://a.no/b?x=1&y=2", "https://a.no/b?x=1&y=2"), Run("»")]),
    ("to: https://a.no og https://b.no", [Run("to: "), Run("https://a.no", "https://a.no"), Run(" og "),
                                          Run("https://b.no", "https://b.no")]),
    ("bare www. og http:// alene", [Run("bare www. og http:// alene")]),
    ("ingen lenke her", [Run("ingen lenke her")]),
])
def test_links(text, runs):
    assert list(split_links(text)) == runs


def test_links_inside_list_items():
    (block,) = parse_long_text("• Les mer på WWW.ehelse.no/plan.")
    assert block.kind is B
    assert [r.url for r in block.runs] == [None, "https://WWW.ehelse.no/plan", None]


def test_href_keeps_scheme():
    assert href("http://a.no") == "http://a.no"
    assert href("www.a.no") == "https://www.a.no"


def test_characters_xml_cannot_hold_are_removed():
    text = "A\x00B\x01C\x1fD\ufffeE\ud800F\tG"
    assert clean_xml_text(text) == "ABCDEF\tG"
    assert shape(parse_long_text("• pu\x07nkt\x0bneste linje")) == [(B, "punkt"), (P, "neste linje")]


_MARKER = re.compile(r"^\s*(?:[•\-–*]|\d{1,3}[.)])(?=\s)")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text() | st.sampled_from(
    ["\n", "\r", "\x0b", "\x00", "\ufffe", "• ", "- ", "– ", "* ", "1. ", "2) ", "https://", "www.", ".", ")", " "]
)).map("".join))
@pytest.mark.slow
def test_no_input_crashes_and_all_text_is_kept(text):
    blocks = parse_long_text(text)
    kept = "".join(b.marker + b.text for b in blocks)
    assert re.sub(r"\s", "", kept) == re.sub(r"\s", "", clean_xml_text(text))
    for block in blocks:
        assert clean_xml_text(block.text) == block.text
        assert all(run.text for run in block.runs)
        assert all(run.url.lower().startswith(("http://", "https://")) for run in block.runs if run.url)
