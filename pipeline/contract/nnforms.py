"""The nynorsk forms of the contract's own words inside a message: field labels and list values.

A finding is made once, in bokmål, with the field's label (``{label}``) and, for a closed list, the
values to choose from (``{choices}``). A nynorsk actor should read «Skildring må fyllast ut» and
«Vel frå lista: Grøn, Gul, Raud», the words of the nynorsk template, not the bokmål ones. The labels
come from the catalogue (:meth:`FieldMeta.label_in`), the values from the form settings'
``[nynorsk.*]`` tables (:meth:`FormSettings.value_forms`). What an actor typed is never translated.
"""

from __future__ import annotations

from functools import lru_cache

from pipeline.common.errors import PipelineError
from pipeline.common.malform import Malform
from pipeline.contract.catalogue import all_fields
from pipeline.contract.settings import load_form_settings

#: How a message joins the values of a list (``{choices}``; see :func:`pipeline.contract.choices.list_choices`).
CHOICE_SEPARATORS = ("; ", ", ")


@lru_cache(maxsize=1)
def label_forms() -> dict[str, str]:
    """Bokmål label -> nynorsk label, for every field whose label differs (a label two fields
    translate differently is left out: it is shown as it is)."""
    forms: dict[str, str] = {}
    clashing: set[str] = set()
    for spec in all_fields():
        form = spec.meta.label_in(Malform.NYNORSK)
        if forms.setdefault(spec.label, form) != form:
            clashing.add(spec.label)
    return {label: form for label, form in forms.items() if label not in clashing and form != label}


def value_forms() -> dict[str, str]:
    """Canonical list value -> its nynorsk form, from the form settings in use; none when those cannot
    be read (then the values are shown as the settings write them)."""
    try:
        return load_form_settings().value_forms()
    except PipelineError:
        return {}


def label_nn(label: object) -> object:
    """``label`` in nynorsk when it is a field label with a nynorsk form, else unchanged."""
    return label_forms().get(label, label) if isinstance(label, str) else label


def value_nn(value: object) -> object:
    """A list value in nynorsk when it has a nynorsk form, else unchanged."""
    return value_forms().get(value, value) if isinstance(value, str) else value


def choices_nn(choices: object) -> object:
    """A ``{choices}`` text («Grønn, Gul, Rød») with each value in its nynorsk form."""
    if not isinstance(choices, str):
        return choices
    forms = value_forms()
    separator = next((sep for sep in CHOICE_SEPARATORS if sep in choices), CHOICE_SEPARATORS[-1])
    return separator.join(forms.get(part, part) for part in choices.split(separator))
