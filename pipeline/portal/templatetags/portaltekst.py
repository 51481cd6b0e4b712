"""``{% tekst "nokkel" navn=… %}`` and ``{{ verdi|oversett:malform }}``: the actor's pages in the chosen standard
(:mod:`pipeline.portal.texts`). Without ``malform`` in the context (the secretariat's pages, Django's error
handlers) the texts are bokmål."""

from __future__ import annotations

from django import template

from pipeline.common.malform import parse_malform
from pipeline.portal import texts

register = template.Library()


@register.simple_tag(takes_context=True)
def tekst(context, key: str, **values) -> str:
    return texts.text(key, parse_malform(str(context.get("malform") or "")), **values)


@register.filter
def oversett(value, malform) -> str:
    """A bokmål word or message the views or the library wrote (status, change, refusal) in ``malform``."""
    return texts.translate(str(value), parse_malform(str(malform or "")))
