"""A nynorsk finding speaks the nynorsk template's words: labels and list values, never what was typed."""

from pipeline.common.malform import Malform
from pipeline.contract.catalogue import all_fields
from pipeline.contract import nnforms
from pipeline.contract.issues import Code, Issue
from pipeline.contract.nnforms import choices_nn, label_forms, label_nn, value_forms, value_nn
from pipeline.contract.settings import load_form_settings


def _translated_field():
    return next(s for s in all_fields() if s.meta.label_in(Malform.NYNORSK) != s.label)


def test_every_label_with_a_nynorsk_form_is_translated():
    spec = _translated_field()
    assert label_nn(spec.label) == spec.meta.label_in(Malform.NYNORSK)
    assert label_nn("Ukjent felt") == "Ukjent felt"
    assert label_nn(None) is None
    assert all(form != label for label, form in label_forms().items())


def test_list_values_are_shown_in_their_nynorsk_forms_with_either_separator():
    forms = load_form_settings().value_forms()
    assert forms["Grønn"] == "Grøn" and forms["Rød"] == "Raud"
    assert choices_nn("Grønn, Gul, Rød") == "Grøn, Gul, Raud"
    assert choices_nn("Grønn; Annet, eller noe") == "Grøn; Annet, eller noe"
    assert choices_nn(3) == 3
    assert value_forms() == forms


def test_a_nynorsk_message_uses_the_nynorsk_label_choices_and_suggestion_but_keeps_the_typed_value():
    spec = _translated_field()
    issue = Code.NOT_IN_LIST.issue(file="a.xlsx", sheet="Tiltak", cell="C5", field=spec.label, value="Grnn",
                                   label=spec.label, suggestion=" Mente du «Grønn»?", choices="Grønn, Gul, Rød")
    text = issue.format(malform=Malform.NYNORSK, words=nnforms)
    plain = issue.format(malform=Malform.NYNORSK)
    assert "Meinte du «Grønn»?" in plain and "Grønn, Gul, Rød" in plain  # without words: as written
    assert "«Grnn»" in text
    assert "Meinte du «Grøn»?" in text and "Grøn, Gul, Raud" in text
    assert f"{spec.meta.label_in(Malform.NYNORSK)}: " in text and f"{spec.label}: " not in text
    assert issue.field_in(Malform.NYNORSK, nnforms) == spec.meta.label_in(Malform.NYNORSK)
    bokmal = issue.format()
    assert "Grønn, Gul, Rød" in bokmal and f"{spec.label}: " in bokmal


def test_the_required_message_names_the_field_in_nynorsk():
    spec = _translated_field()
    issue = Code.REQUIRED_EMPTY.issue(file="a.xlsx", sheet="Tiltak", cell="C5", field=spec.label, value="",
                                      label=spec.label)
    assert issue.message_in(Malform.NYNORSK, nnforms).startswith(spec.meta.label_in(Malform.NYNORSK))
    assert isinstance(issue, Issue)


def test_what_has_no_nynorsk_form_comes_back_as_it_is():
    assert value_nn("Ukjent verdi") == "Ukjent verdi" and value_nn("Grønn") == "Grøn"
    assert value_nn(None) is None and value_nn(["Grønn"]) == ["Grønn"] and label_nn(["Status"]) == ["Status"]
    assert choices_nn("Styrt til full utbredelse") == "Styrt til full utbreiing"  # one value, no separator
