from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings

from tests.support.paths import INPUT
from pipeline.contract.models import Avhengighet, Kostnad, Leveranse, Nytte
from pipeline.summary.portfolio import ordered
from pipeline.merge.export import record_to_tiltak
from pipeline.contract.settings import load_report_settings
from pipeline.summary.aggregate import NO_YEAR, NOT_GIVEN, UNANSWERED, build_summary, labels
from tests.support.render import make_tiltak
from tests.support.summary import (FORM, ODD, REPORT_DATE, portfolios, prints_field, prints_section, printed_rows,
                                   renamed_roles_form)

SEGMENTS = ["Samstyre", "Koordinere", "Observere"]
PROPERTY = settings(max_examples=40, deadline=None)


def label(value: str, empty: str = NOT_GIVEN) -> str:
    return value or empty


# --- is_overdue ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("deadline", "levert", "expected"), [
    (date(2021, 10, 31), "Nei", True),
    (date(2021, 10, 31), "", True),
    (date(2021, 10, 31), "Ja", False),
    (date(2021, 10, 31), "Omdefinert", False),
    (date(2021, 11, 1), "Nei", False),  # due on the report date is not yet overdue
    (None, "Nei", False),
])
def test_is_overdue(deadline, levert, expected):
    leveranse = Leveranse(navn="L", sluttdato=deadline, levert=levert)
    assert leveranse.is_overdue(date(2021, 11, 1), FORM.roller.ikke_levert) is expected


# --- properties over generated portfolios --------------------------------------------------------


@pytest.mark.slow
@PROPERTY
@given(portfolios())
def test_status_counts_add_up_to_the_tiltak(portfolio):
    s = build_summary(portfolio, REPORT_DATE, FORM)
    assert s.status.total == len(portfolio)
    per_segment = Counter(t.segment for t in portfolio)
    assert {r: s.status.row_total(r) for r in s.status.rows} == per_segment
    assert list(s.status.rows) == [seg for seg in SEGMENTS if seg in per_segment]
    expected = Counter((t.segment, label(t.status)) for t in portfolio)
    assert {(r, c): s.status.value(r, c) for (r, c) in expected} == expected
    assert sum(s.status.column_total(c) for c in s.status.columns) == len(portfolio)
    assert set(FORM.vocabulary("status")) <= set(s.status.columns)


@pytest.mark.slow
@PROPERTY
@given(portfolios())
def test_risk_counts_only_segments_that_print_risiko(portfolio):
    s = build_summary(portfolio, REPORT_DATE, FORM)
    counted = [t for t in portfolio if prints_field(t, "risiko")]
    assert s.risiko.total == len(counted)
    assert "Observere" not in s.risiko.rows
    assert Counter((t.segment, label(t.risiko)) for t in counted) == {k: v for k, v in s.risiko.cells.items()}
    assert (NOT_GIVEN in s.risiko.columns) == any(t.risiko == "" for t in counted)


@pytest.mark.slow
@PROPERTY
@given(portfolios())
def test_deliveries_add_up_per_tiltak_and_in_total(portfolio):
    s = build_summary(portfolio, REPORT_DATE, FORM)
    lev = s.leveranser
    counted = [t for t in portfolio if prints_section(t, "leveranser")]
    assert [r.tiltak for r in lev.rows] == [t.navn for t in counted]
    for row, t in zip(lev.rows, counted):
        assert row.count == len(t.leveranser) == sum(row.answers.get(a, 0) for a in lev.answers)
        assert row.answers.get("Ja", 0) == sum(x.levert == "Ja" for x in t.leveranser)
        assert row.answers.get(UNANSWERED, 0) == sum(x.levert == "" for x in t.leveranser)
        assert row.overdue == sum(1 for x in t.leveranser if x.sluttdato and x.sluttdato < REPORT_DATE
                                  and x.levert in ("Nei", ""))
    assert lev.count == len(printed_rows(portfolio, "leveranser")) == sum(lev.total(a) for a in lev.answers)
    assert lev.overdue == sum(r.overdue for r in lev.rows)
    assert (ODD in lev.answers) == any(x.levert == ODD for x in printed_rows(portfolio, "leveranser"))


@pytest.mark.slow
@PROPERTY
@given(portfolios())
def test_financing_totals_equal_the_printed_kostnader(portfolio):
    s = build_summary(portfolio, REPORT_DATE, FORM)
    table = s.kostnader.table
    printed = printed_rows(portfolio, "kostnader")
    assert table.total == sum((k.belop for k in printed if k.belop is not None), Decimal(0))
    for source in table.rows:
        assert table.row_total(source) == sum(
            (k.belop for k in printed if k.belop is not None and label(k.finansierende_virksomhet) == source), Decimal(0))
    for column in table.columns:
        assert table.column_total(column) == sum(
            (k.belop for k in printed if k.belop is not None and (str(k.ar) if k.ar else NO_YEAR) == column), Decimal(0))
    assert sum((table.row_total(r) for r in table.rows), Decimal(0)) == table.total
    assert sum((table.column_total(c) for c in table.columns), Decimal(0)) == table.total
    assert s.kostnader.rows_without_amount == sum(k.belop is None for k in printed)
    assert (NO_YEAR in table.columns) == any(k.ar is None and k.belop is not None for k in printed)
    years = [c for c in table.columns if c != NO_YEAR]
    assert years == sorted(years)


@pytest.mark.slow
@PROPERTY
@given(portfolios())
def test_drift_totals_equal_the_printed_drift(portfolio):
    s = build_summary(portfolio, REPORT_DATE, FORM)
    table = s.drift.table
    printed = printed_rows(portfolio, "drift")
    assert table.total == sum((d.endring for d in printed if d.endring is not None), Decimal(0))
    for name in table.rows:
        assert table.row_total(name) == sum((d.endring for d in printed if d.endring is not None and d.losning == name),
                                            Decimal(0))
    assert sum((table.column_total(c) for c in table.columns), Decimal(0)) == table.total
    assert s.drift.rows_without_amount == sum(d.endring is None for d in printed)


@pytest.mark.slow
@PROPERTY
@given(portfolios())
def test_dependency_counts_and_red_list(portfolio):
    s = build_summary(portfolio, REPORT_DATE, FORM)
    printed = [(t, a) for t in portfolio if prints_section(t, "avhengigheter") for a in t.avhengigheter]
    assert s.avhengigheter.total == len(printed)
    assert dict(s.avhengigheter.cells) == Counter((label(a.kategori), label(a.kritikalitet)) for _, a in printed)
    assert [(r.tiltak, r.aktor, r.hva, r.frist) for r in s.red_dependencies] == [
        (t.navn, a.aktor, a.hva, a.frist) for t, a in printed if a.status == "Rød"]


@pytest.mark.slow
@PROPERTY
@given(portfolios())
def test_benefit_total_is_the_sum_of_printed_netto_nytteverdi(portfolio):
    s = build_summary(portfolio, REPORT_DATE, FORM)
    printed = [t for t in portfolio if prints_section(t, "nytte") and t.nytte is not None and not t.nytte.is_empty()]
    assert [r.tiltak for r in s.nytte.rows] == [t.navn for t in printed]
    assert s.nytte.total == sum((t.nytte.netto_nytteverdi for t in printed if t.nytte.netto_nytteverdi is not None),
                                Decimal(0))


@pytest.mark.slow
@PROPERTY
@given(portfolios())
def test_portfolio_lists_every_tiltak_once_grouped_by_segment(portfolio):
    s = build_summary(portfolio, REPORT_DATE, FORM)
    listed = [(seg.segment, row.navn) for seg in s.portfolio for row in seg.rows]
    assert sorted(listed) == sorted((t.segment, t.navn) for t in portfolio)
    assert [seg.segment for seg in s.portfolio] == [x for x in SEGMENTS if any(t.segment == x for t in portfolio)]
    for seg in s.portfolio:
        assert ("risiko" in seg.printed) == (seg.segment != "Observere")


# --- rules where the contract is silent -------------------------------------------------------------


def test_the_summary_counts_only_what_the_chapters_print():
    kost = [Kostnad(finansierende_virksomhet="Helsedirektoratet", ar=2022, belop=Decimal("5.0"))]
    items = [make_tiltak("S", kostnader=kost, nytte=Nytte(netto_nytteverdi=Decimal(7))),
             make_tiltak("K", "Koordinere", kostnader=kost * 3, nytte=Nytte(netto_nytteverdi=Decimal(100))),
             make_tiltak("O", "Observere", avhengigheter=[Avhengighet(aktor="X", status="Rød")])]
    s = build_summary(items, REPORT_DATE, FORM)
    assert s.kostnader.table.total == Decimal("5.0")
    assert s.nytte.total == Decimal(7)
    assert [r.tiltak for r in s.red_dependencies] == ["S", "K"]
    assert s.counted_segments("kostnader") == ("Samstyre",)
    assert s.counted_segments("avhengigheter") == ("Samstyre", "Koordinere")


def test_red_dependencies_and_overdue_leveranser_follow_the_roles_in_the_settings():
    form = renamed_roles_form()
    late = date(2021, 10, 1)
    leveranser = [Leveranse(navn="A", sluttdato=late, levert="Ikke levert"),
                  Leveranse(navn="B", sluttdato=late, levert="Nei"),  # no longer the role value
                  Leveranse(navn="C", sluttdato=late, levert=""),
                  Leveranse(navn="D", sluttdato=late, levert="Ikke levert")]
    avhengigheter = [Avhengighet(aktor="Kritisk aktør", status="Kritisk"),
                     Avhengighet(aktor="Rød aktør", status="Rød")]
    item = make_tiltak("S", leveranser=leveranser, avhengigheter=avhengigheter)
    renamed, bundled = build_summary([item], REPORT_DATE, form), build_summary([item], REPORT_DATE, FORM)
    assert [d.aktor for d in renamed.red_dependencies] == ["Kritisk aktør"]
    assert [d.aktor for d in bundled.red_dependencies] == ["Rød aktør"]
    assert (renamed.leveranser.overdue, bundled.leveranser.overdue) == (3, 2)
    assert renamed.leveranser.rows[0].overdue == 3 and renamed.leveranser.answers == (
        "Ja", "Ikke levert", "Omdefinert", "Nei", UNANSWERED)
    assert [lev.is_overdue(REPORT_DATE, "Ikke levert") for lev in leveranser] == [True, False, True, True]
    assert [lev.is_overdue(REPORT_DATE, FORM.roller.ikke_levert) for lev in leveranser] == [False, True, True, False]


def test_money_without_year_is_kept_in_its_own_column_and_rows_without_amount_are_counted():
    kost = [Kostnad(finansierende_virksomhet="Andre", ar=None, belop=Decimal("2.5")),
            Kostnad(finansierende_virksomhet="Andre", ar=2021, belop=Decimal("1.0")),
            Kostnad(finansierende_virksomhet="", ar=2020, belop=Decimal("4.0")),
            Kostnad(finansierende_virksomhet="Andre", ar=2022, belop=None)]
    s = build_summary([make_tiltak(kostnader=kost)], REPORT_DATE, FORM)
    table = s.kostnader.table
    assert table.columns == ("2020", "2021", NO_YEAR)
    assert table.rows == ("Andre", NOT_GIVEN)
    assert table.value("Andre", NO_YEAR) == Decimal("2.5")
    assert table.value("Andre", "2020") is None
    assert table.total == Decimal("7.5")
    assert s.kostnader.rows_without_amount == 1


def test_labels_keep_vocabulary_order_then_others_then_empty():
    assert labels(["Lav", "", "Zeta", "alfa"], ["Høy", "Middels", "Lav"]) == (
        "Høy", "Middels", "Lav", "alfa", "Zeta", NOT_GIVEN)
    assert labels(["Lav"], ["Høy", "Lav"], all_vocabulary=False) == ("Lav",)


def test_unknown_segment_is_refused():
    with pytest.raises(ValueError, match="Ukjent"):
        build_summary([make_tiltak(segment="Ukjent")], REPORT_DATE, FORM)


# --- the 40 examples: numbers counted by hand from the JSON ----------------------------------------


@pytest.fixture(scope="module")
def seed_summary(seed_records):
    # In document order: the order of input/rapport.toml, as `merge` does.
    items = ordered([record_to_tiltak(r) for r in seed_records], lambda t: t, load_report_settings(INPUT / "rapport.toml"), FORM)
    return build_summary(items, date(2021, 11, 1), FORM)


def test_seed_status_and_risk_per_segment(seed_summary):
    status = {(r, c): seed_summary.status.value(r, c) or 0 for r in SEGMENTS for c in ("Grønn", "Gul", "Rød")}
    assert status == {("Samstyre", "Grønn"): 4, ("Samstyre", "Gul"): 7, ("Samstyre", "Rød"): 0,
                      ("Koordinere", "Grønn"): 6, ("Koordinere", "Gul"): 8, ("Koordinere", "Rød"): 1,
                      ("Observere", "Grønn"): 9, ("Observere", "Gul"): 5, ("Observere", "Rød"): 0}
    assert seed_summary.status.columns == ("Grønn", "Gul", "Rød")
    assert [seed_summary.status.column_total(c) for c in ("Grønn", "Gul", "Rød")] == [19, 20, 1]
    assert seed_summary.risiko.rows == ("Samstyre", "Koordinere")
    assert [seed_summary.risiko.column_total(c) for c in ("Grønn", "Gul", "Rød")] == [6, 18, 2]


def test_seed_deliveries_by_answer(seed_summary):
    lev = seed_summary.leveranser
    assert lev.answers == ("Ja", "Nei", "Omdefinert", UNANSWERED)
    assert [lev.total(a) for a in lev.answers] == [80, 91, 6, 66]
    assert lev.count == 243
    assert lev.overdue == 12
    by_name = {r.tiltak: r for r in lev.rows}
    assert dict(by_name["Helsedataprogrammet"].answers) == {"Ja": 12, "Nei": 3}
    assert (by_name["KPR 2024"].count, by_name["KPR 2024"].overdue) == (12, 0)
    assert by_name["Pakkeforløp hjem - kreft"].overdue == 2


def test_seed_financing_per_year_and_source(seed_summary):
    table = seed_summary.kostnader.table
    per_year = {c: str(table.column_total(c)) for c in table.columns}
    assert per_year == {"2017": "33.0", "2018": "106.0", "2019": "463.8", "2020": "655.3", "2021": "931.9",
                        "2022": "550.9", "2023": "248.0", "2024": "90.0", "2025": "80.0", "2026": "70.0",
                        "2027": "70.0"}
    assert table.total == Decimal("3298.9")
    assert table.row_total("Øremerkede midler Statsbudsjettet") == Decimal("1676.4")
    assert table.row_total("Direktoratet for e-helse") == Decimal("360.3")
    assert seed_summary.kostnader.rows_without_amount == 2


def test_seed_drift_dependencies_and_benefit(seed_summary):
    assert seed_summary.drift.table.total == Decimal("213.6")
    assert seed_summary.drift.table.column_total("2024") == Decimal("78.0")
    deps = seed_summary.avhengigheter
    assert deps.total == 91
    assert (deps.value("Nasjonale løsninger", "Høy"), deps.row_total("Grunnmurskomponenter")) == (35, 19)
    assert [deps.column_total(c) for c in ("Høy", "Middels", "Lav")] == [66, 18, 7]
    assert [(r.tiltak, r.aktor) for r in seed_summary.red_dependencies] == [
        ("Enklere digitale tjenester", "EPJ-leverandører"),
        ("Enklere digitale tjenester", "Sentral forskrivningsmodul (SFM)"),
        ("Legemiddelregisteret", "DIFA"),
        ("Kjernejournal dokumentdeling", "Norsk Helsenett")]
    assert len(seed_summary.nytte.rows) == 10
    assert seed_summary.nytte.total == Decimal("7146")
