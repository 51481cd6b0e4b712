"""The issue catalogue in both written standards: every code has a bokmål and a nynorsk template with the same
placeholders, the nynorsk ones use no bokmål-only words, and an issue renders in either standard."""

from __future__ import annotations

import re
import string
import zipfile
from io import BytesIO

import pytest

from pipeline.common.malform import Malform
from pipeline.contract import issues_nn
from pipeline.contract.issues import Code, Severity
from pipeline.read import sniff
from pipeline.read.load import load_failure_detail
from pipeline.validate.batch import WORKER_DIED

#: Bokmål words a nynorsk text must not use (each with the nynorsk word to use instead, docs/ordliste.md).
BOKMAL_ONLY = {"ikke": "ikkje", "hvis": "dersom/viss", "eller så": "elles", "mangler": "manglar", "noen": "nokon/nokre",
               "være": "vere", "bare": "berre", "fra": "frå", "også": "òg", "hva": "kva", "hvilken": "kva for",
               "dere": "de", "filen": "fila", "arbeidsboken": "arbeidsboka", "cellen": "cella", "raden": "rada",
               "innhold": "innhald", "navnet": "namnet", "lest": "lesen/lese", "skrevet": "skriven",
               "advarsel": "åtvaring", "mottatt": "fått", "hilsen": "helsing", "ennå": "enno", "mulig": "mogleg/råd",
               "påminnelse": "påminning", "ukjent": "ukjend", "kjent": "kjend", "sendte": "sende", "sikkerhet": "tryggleik",
               "bilde": "bilete", "tegn": "teikn", "tall": "tal", "ødelagt": "øydelagt", "uventet": "uventa"}


def placeholders(template: str) -> list[str]:
    return sorted({name for _, name, _, _ in string.Formatter().parse(template) if name is not None})


def bokmal_words(text: str) -> list[str]:
    return [w for w in BOKMAL_ONLY if re.search(rf"(?<![\wæøå]){re.escape(w)}(?![\wæøå])", text, re.IGNORECASE)]


def test_every_code_has_a_nynorsk_template_and_no_other_template_is_there():
    assert sorted(issues_nn.TEMPLATES) == sorted(code.value for code in Code)


@pytest.mark.parametrize("code", list(Code), ids=lambda c: c.value)
def test_the_nynorsk_template_has_the_bokmal_placeholders(code):
    nynorsk = issues_nn.TEMPLATES[code.value]
    assert placeholders(nynorsk) == placeholders(code.template)
    assert nynorsk != code.template


@pytest.mark.parametrize("code", list(Code), ids=lambda c: c.value)
def test_the_nynorsk_template_says_as_many_whole_sentences_as_the_bokmal_one(code):
    """A translation, not a summary: the same number of sentences, each a whole one (capital letter or a
    placeholder or a quote first, a full stop or question mark last)."""
    nynorsk = issues_nn.TEMPLATES[code.value]
    sentences = [s for s in re.split(r"(?<=[.?]) ", nynorsk)]
    assert len(sentences) == len(re.split(r"(?<=[.?]) ", code.template))
    assert all(re.match(r"[A-ZÆØÅ«{]", s) and s.endswith((".", "?")) for s in sentences), sentences


@pytest.mark.parametrize("code", list(Code), ids=lambda c: c.value)
def test_the_nynorsk_template_uses_no_bokmal_only_words(code):
    assert bokmal_words(issues_nn.TEMPLATES[code.value]) == []


def test_the_deny_list_finds_bokmal_words_in_text():
    """The check above can fail: it finds the words in the bokmål templates."""
    assert bokmal_words(Code.EXPECTED_EMPTY.template) == ["ikke", "hvis", "dere"]
    assert bokmal_words("Arbeidsboken mangler navnet.") == ["mangler", "arbeidsboken", "navnet"]
    assert bokmal_words("Arbeidsboka manglar namnet; ikkje kjend.") == []


def test_an_issue_renders_in_either_standard_with_the_same_values():
    issue = Code.NOT_IN_LIST.issue(file="voss.xlsx", sheet="Tiltak", cell="B13", field="Status", value="Blå",
                                   suggestion=" Mente du «Grønn»?", choices="Grønn, Gul, Rød")
    assert issue.message == "«Blå» er ikke et gyldig valg. Mente du «Grønn»? Velg fra listen: Grønn, Gul, Rød."
    assert issue.message_in(None) == issue.message_in(Malform.BOKMAL) == issue.message
    assert issue.message_in(Malform.NYNORSK) == ("«Blå» er ikkje eit gyldig val. Meinte du «Grønn»? Vel frå lista: "
                                                "Grønn, Gul, Rød.")
    assert issue.format(malform=Malform.NYNORSK) == ("voss.xlsx · Tiltak!B13 · Status: «Blå» er ikkje eit gyldig val. "
                                                    "Meinte du «Grønn»? Vel frå lista: Grønn, Gul, Rød.")
    assert issue.format() == "voss.xlsx · Tiltak!B13 · Status: " + issue.message


def test_the_value_as_typed_and_the_label_are_never_translated():
    """A value that happens to look like a fixed phrase is what the actor typed: it stays as typed."""
    issue = Code.NORMALISED.issue(field="uventet innhold: X", value="uventet innhold: X", normalised="filen er 2 MB")
    assert issue.message_in(Malform.NYNORSK) == "«uventet innhold: X» er tolka som «fila er 2 MB»."
    assert Code.REQUIRED_EMPTY.issue(field="Beskrivelse").message_in(Malform.NYNORSK) == "Beskrivelse må fyllast ut."
    label = Code.REQUIRED_EMPTY.issue(field="filen er 2 MB")  # a label that looks like a phrase
    assert label.message_in(Malform.NYNORSK) == "filen er 2 MB må fyllast ut."


def test_json_keeps_its_keys_with_the_message_in_the_chosen_standard():
    issue = Code.REQUIRED_EMPTY.issue(file="a.xlsx", sheet="Tiltak", cell="B7", field="Status")
    bokmal, nynorsk = issue.to_dict(), issue.to_dict(Malform.NYNORSK)
    assert list(bokmal) == list(nynorsk) == ["kode", "alvorlighet", "melding", "fil", "ark", "celle", "felt", "verdi"]
    assert bokmal["melding"] == "Status må fylles ut." and nynorsk["melding"] == "Status må fyllast ut."
    assert {k: v for k, v in bokmal.items() if k != "melding"} == {k: v for k, v in nynorsk.items() if k != "melding"}
    assert nynorsk["alvorlighet"] == "feil"  # the data value stays; only the text people read changes


def test_severity_words():
    assert [s.word(Malform.NYNORSK) for s in Severity] == ["feil", "åtvaring"]
    assert [s.word(None) for s in Severity] == [s.word(Malform.BOKMAL) for s in Severity] == ["feil", "advarsel"]


def test_an_issue_made_without_values_falls_back_to_its_message():
    from pipeline.contract.issues import Issue

    assert Issue(Code.INTERNAL, Severity.ERROR, "Noe gikk galt.").message_in(Malform.NYNORSK) == "Noe gikk galt."


def _zip(*names: str) -> zipfile.ZipFile:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name in names:
            zf.writestr(name, "x")
    return zipfile.ZipFile(buffer)


def _details() -> list[str]:
    """The fixed phrases the reader puts in ``detail``, made by the functions that make them."""
    heads = [b"%PDF-1.4", b"{\\rtf1", b"\x89PNG....", b"\x1f\x8b....", b'<?xml?><Workbook xmlns="urn:schemas-microsoft-'
             b'com:office:spreadsheet">', b"<html><body>", b"navn;verdi\r\nA;1\r\n"]
    found = [sniff.non_zip_detail(h) for h in heads]
    found += [sniff.zip_kind_detail(zf, set(zf.namelist())) for zf in (
        _zip("xl/workbook.bin"), _zip("word/document.xml"), _zip("ppt/slides/a.xml"), _zip("a.txt"))]
    found += [load_failure_detail(exc) for exc in (KeyError("x"), ValueError("y"))]
    return [*found, WORKER_DIED, " (den ser ut til å være et gammelt Word-dokument, .doc)",
            "arkivet har flere deler med samme navn", "uventet innhold: KeyError", "filen er 25,3 MB",
            "innholdet er over 200,0 MB pakket ut", "delen xl/a.xml pakkes ut til 90,0 MB fra 0,1 MB",
            "12000 deler i arkivet", "uvanlig lang innledning i xl/styles.xml", " Mente du «Grønn»?",
            "det er flettingsrapporten fra innrapportering merge",
            "arbeidsboken har verken malversjon eller skjemaets navn og tabeller"]


@pytest.mark.parametrize("detail", _details())
def test_every_fixed_phrase_in_a_placeholder_has_a_nynorsk_form(detail):
    translated = issues_nn.phrase(detail)
    assert translated != detail
    assert bokmal_words(translated) == []


def test_values_that_are_no_phrase_pass_unchanged():
    for value in ("Tiltak_Navn", "HELIKS", 12, "31.12.2023", "DOCTYPE i xl/workbook.xml"):
        assert issues_nn.phrase(value) == value


def test_an_issue_without_file_or_value_has_them_empty():
    issue = Code.REQUIRED_EMPTY.issue(field="Status")
    assert issue.format() == "Status: Status må fylles ut."
    assert (issue.file, issue.value, issue.to_dict(Malform.NYNORSK)["verdi"]) == ("", "", "")


def test_a_long_value_is_shortened_in_the_message_in_both_standards_but_kept_whole_in_verdi():
    typed = "Første linje\n" + "x" * 100
    issue = Code.BAD_DATE.issue(file="f" * 90 + ".xlsx", value=typed)
    shown = "Første linje↵" + "x" * (80 - len("Første linje↵") - 1) + "…"
    assert len(shown) == 80
    assert issue.message == f"«{shown}» er ikke en gyldig dato. Skriv dd.mm.åååå."
    assert issue.message_in(Malform.NYNORSK) == f"«{shown}» er ikkje ein gyldig dato. Skriv dd.mm.åååå."
    assert issue.value == typed and issue.file == "f" * 90 + ".xlsx"
    exact = Code.BAD_DATE.issue(value="y" * 80)
    assert "«" + "y" * 80 + "»" in exact.message_in(Malform.NYNORSK)
