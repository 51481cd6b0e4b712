"""Helpers for the summary tests: hypothesis strategies for portfolios of Tiltak,
an independent count of what the chapters print, and reading the Sammendrag back
from a saved DOCX."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from docx.oxml.ns import qn
from hypothesis import strategies as st

from pipeline.contract.models import Avhengighet, Drift, Kostnad, Leveranse, Nytte, Tiltak
from pipeline.contract.settings import load_form_settings
from tests.support.render import body_items, cell_text, cells, rows, text_of

FORM = load_form_settings()
REPORT_DATE = date(2021, 11, 1)
#: A value outside the vocabularies, as a lenient merge lets through.
ODD = "Annen verdi"


def vocab(key: str, *extra: str) -> st.SearchStrategy[str]:
    return st.sampled_from([*FORM.vocabulary(key), *extra])


names = st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøå ", min_size=1, max_size=10).map(str.strip).filter(bool)
dates = st.none() | st.dates(min_value=date(2019, 1, 1), max_value=date(2024, 12, 31))
years = st.none() | st.integers(min_value=2017, max_value=2027)
amounts = st.none() | st.decimals(min_value=0, max_value=1000, places=1, allow_nan=False, allow_infinity=False)
changes = st.none() | st.decimals(min_value=-100, max_value=100, places=1, allow_nan=False, allow_infinity=False)

leveranser = st.builds(Leveranse, navn=names, sluttdato=dates, levert=vocab("levert", "", ODD))
avhengigheter = st.builds(Avhengighet, aktor=names, hva=names, kategori=vocab("kategori", ""),
                          kritikalitet=vocab("kritikalitet", ""), status=vocab("avhengighet_status", ""),
                          frist=dates)
kostnader = st.builds(Kostnad, finansierende_virksomhet=vocab("finansierende_virksomhet", "", ODD), ar=years,
                      belop=amounts)
drift = st.builds(Drift, losning=vocab("losning", ODD), ar=years, endring=changes)
nytte = st.none() | st.builds(Nytte, antall_ar=st.none() | st.integers(1, 20), netto_nytteverdi=changes)


def tiltak(navn: str) -> st.SearchStrategy[Tiltak]:
    return st.builds(
        Tiltak, navn=st.just(navn), aktor=names, segment=vocab("segment"), fase=vocab("fase"), sluttdato=dates,
        status=vocab("status", "", ODD), risiko=vocab("status", ""),
        leveranser=st.lists(leveranser, max_size=5), avhengigheter=st.lists(avhengigheter, max_size=4),
        kostnader=st.lists(kostnader, max_size=5), drift=st.lists(drift, max_size=3), nytte=nytte,
    )


@st.composite
def portfolios(draw, min_size: int = 0, max_size: int = 8) -> list[Tiltak]:
    """Tiltak with unique names, in random segments (not grouped: the summary must group)."""
    tiltak_names = draw(st.lists(names, min_size=min_size, max_size=max_size, unique_by=str.casefold))
    return [draw(tiltak(n)) for n in tiltak_names]


# --- what the chapters print, counted independently of pipeline.summary.aggregate ---------------------------


def prints_section(item: Tiltak, key: str) -> bool:
    return key in FORM.layout(item.segment).seksjoner


def prints_field(item: Tiltak, key: str) -> bool:
    return key in FORM.layout(item.segment).nokkelrader


def printed_rows(portfolio: list[Tiltak], key: str) -> list:
    return [row for t in portfolio if prints_section(t, key) for row in getattr(t, key)]


# --- the Sammendrag in a saved DOCX --------------------------------------------------------------


def summary_part(doc) -> list[tuple[str, str, object]]:
    """The body items from Heading 1 «Sammendrag» up to the next Heading 1."""
    items, inside = [], False
    for kind, style, element in body_items(doc):
        if style == "heading 1":
            if inside:
                break
            inside = text_of(element) == "Sammendrag"
        if inside:
            items.append((kind, style, element))
    return items


def summary_sections(doc) -> dict[str, list]:
    """Heading 2 text -> the body items under it, inside the Sammendrag."""
    sections: dict[str, list] = {}
    current = None
    for kind, style, element in summary_part(doc):
        if style == "heading 2":
            current = sections.setdefault(text_of(element), [])
        elif current is not None:
            current.append((kind, style, element))
    return sections


def tables_in(items) -> list:
    return [element for kind, _, element in items if kind == "t"]


def grid(table_element) -> list[list[str]]:
    """The table's cell texts, row by row."""
    return [[cell_text(c) for c in cells(r)] for r in rows(table_element)]


def fill_of(cell_element) -> str | None:
    shd = cell_element.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
    return None if shd is None else shd.get(qn("w:fill"))


def as_decimal(text: str) -> Decimal:
    """A number as the document prints it (``1 234,5``, ``−2,0``; or ``28.3`` with tallformat punktum)."""
    plain = text.replace("\u00a0", "").replace("\u2212", "-").replace(",", ".")
    return Decimal(plain) if plain else Decimal(0)


def renamed_roles_form():
    """The bundled settings with the role values renamed: levert «Nei» is «Ikke levert», and the red
    dependency status is «Kritisk» (while «Rød» stays in the list without the role)."""
    data = FORM.model_dump()
    data["vokabular"]["levert"] = ["Ja", "Ikke levert", "Omdefinert"]
    data["vokabular"]["avhengighet_status"] = ["Grønn", "Gul", "Rød", "Kritisk", "Oppfylt"]
    data["roller"] = {"rod": "Kritisk", "ikke_levert": "Ikke levert"}
    return type(FORM).model_validate(data)
