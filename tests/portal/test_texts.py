"""The catalogue of the actor's pages (pipeline/portal/texts.py): both standards for every key, the same
placeholders, no bokmål words in the nynorsk forms, and bokmål messages recognised and translated."""

from __future__ import annotations

import re

import pytest

from pipeline.common.malform import Malform, MissingTranslation
from pipeline.portal import texts
from tests.contract.test_issues_nn import BOKMAL_ONLY

#: Words of the portal's pages that are bokmål only (the nynorsk word beside), on top of the messages' list.
PORTAL_BOKMAL = {**BOKMAL_ONLY, "lenken": "lenkja", "siden": "sida/sidan", "forrige": "førre", "tidligere": "tidlegare",
                 "lastet": "lasta", "logget": "logga", "versjoner": "versjonar", "endret": "endra", "hele": "heile",
                 "sammenligne": "samanlikne", "navn": "namn", "innlogget": "innlogga",
                 "åpne": "opne", "ble": "vart/blei", "tatt": "teken", "en": "ein/ei", "et": "eit", "hvert": "kvart",
                 "høyst": "høgst", "forhåndsutfylt": "førehandsutfylt", "gjelder": "gjeld", "fant": "fann",
                 "hører": "høyrer", "egne": "eigne", "allerede": "allereie", "samlede": "samla", "advarsler": "åtvaringar",
                 "godkjent": "godkjend", "uten": "utan", "fjernet": "fjerna", "størrelse": "storleik"}


def _bokmal_words(text: str) -> list[str]:
    text = re.sub(r"\{\w+\}", "", text)  # the placeholders' names are not read
    return [w for w in PORTAL_BOKMAL if re.search(rf"(?<![\wæøå]){re.escape(w)}(?![\wæøå])", text, re.IGNORECASE)]


@pytest.mark.parametrize("key", sorted(texts.TEXTS))
def test_every_text_has_both_forms_with_the_same_placeholders(key):
    forms = texts.TEXTS[key]
    assert set(forms) == {Malform.BOKMAL, Malform.NYNORSK}
    assert forms[Malform.BOKMAL].strip() and forms[Malform.NYNORSK].strip()
    assert texts.placeholders(forms[Malform.BOKMAL]) == texts.placeholders(forms[Malform.NYNORSK])
    assert _bokmal_words(forms[Malform.NYNORSK]) == []


def test_a_key_without_a_text_is_a_programming_error():
    with pytest.raises(MissingTranslation, match="«finst-ikkje»"):
        texts.text("finst-ikkje")


def test_text_is_bokmal_unless_nynorsk_is_asked_for():
    assert texts.text("dine_tiltak") == "Dine tiltak"
    assert texts.text("dine_tiltak", Malform.BOKMAL) == "Dine tiltak"
    assert texts.text("dine_tiltak", Malform.NYNORSK) == "Tiltaka dine"
    assert texts.text("kontroll_av", Malform.NYNORSK, fil="a.xlsx") == "Kontroll av a.xlsx"


@pytest.mark.parametrize("key", sorted(texts.TEXTS))
def test_every_bokmal_message_is_translated_with_its_values(key):
    forms = texts.TEXTS[key]
    values = {name: f"«verdi {i}»" for i, name in enumerate(sorted(texts.placeholders(forms[Malform.BOKMAL])))}
    bokmal = forms[Malform.BOKMAL].format(**values)
    assert texts.translate(bokmal, Malform.NYNORSK) == forms[Malform.NYNORSK].format(**values)
    assert texts.translate(bokmal, Malform.BOKMAL) == bokmal
    assert texts.translate(bokmal, None) == bokmal


def test_a_message_outside_the_catalogue_is_left_as_it_is():
    assert texts.translate("Noe helt annet", Malform.NYNORSK) == "Noe helt annet"
    assert texts.translate("", Malform.NYNORSK) == ""
    # a placeholder said twice must be the same value twice
    odd = "Arbeidsboken gjelder «A», men du lastet den opp på siden for «B». Last den opp på siden for «C»."
    assert texts.translate(odd, Malform.NYNORSK) == odd
    assert texts.translate("Dine tiltak og mer", Malform.NYNORSK) == "Dine tiltak og mer"


def test_the_library_and_view_messages_are_in_the_catalogue():
    """The messages the views take from elsewhere are the catalogue's bokmål forms word for word."""
    from pipeline.portal import access, services
    from pipeline.summary.changes import ChangeKind

    assert texts.translate(access.TOO_LARGE.format(mb="10"), Malform.NYNORSK) == "Fila er for stor. Største tillatne storleik er 10 MB."
    for word in (services.MANGLER, services.HAR_FEIL, services.KLAR, "sendt tilbake", "godkjent"):
        assert texts.translate(word, Malform.NYNORSK) != word or word in ("har feil", "klar")
    shown = [k for k in ChangeKind if k not in (ChangeKind.NEW_TILTAK, ChangeKind.REMOVED_TILTAK)]
    for kind in shown:
        assert any(f[Malform.BOKMAL] == kind.value for f in texts.TEXTS.values()), kind


def test_the_error_pages_messages_are_in_the_catalogue():
    from pipeline.portal import errors

    for title, message in [*errors.MESSAGES.values(), errors.CSRF]:
        assert any(f[Malform.BOKMAL] == title for f in texts.TEXTS.values()), title
        assert texts.translate(message, Malform.NYNORSK) != message, message


def test_a_value_over_several_lines_is_translated_whole():
    said = "Filen ble ikke lest: første linje\nandre linje"
    assert texts.translate(said, Malform.NYNORSK) == "Fila vart ikkje lesen: første linje\nandre linje"
