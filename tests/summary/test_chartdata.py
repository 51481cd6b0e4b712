"""The charts' data as a reader of the Sammendrag sees it: axis titles, stacking, colours and the alt text a
screen reader reads (the pixel test in tests/word/test_charts.py needs LibreOffice; these run in the quick loop)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from pipeline.merge.export import record_to_tiltak
from pipeline.summary.aggregate import NOT_GIVEN, CrossTable, build_summary
from pipeline.summary.chartdata import MISSING_COLOUR, OVERDUE, colour_of, deliveries_chart, money_chart, segment_chart


def _status_table() -> CrossTable[int]:
    cells = {("Samstyre", "Grønn"): 3, ("Samstyre", "Gul"): 2, ("Koordinere", "Rød"): 1, ("Koordinere", NOT_GIVEN): 1}
    return CrossTable(("Samstyre", "Koordinere"), ("Grønn", "Gul", "Rød", NOT_GIVEN), cells, 0)


def test_a_status_chart_is_stacked_per_segment_in_the_status_colours(form_settings):
    chart = segment_chart(_status_table(), "Status per segment", "status per segment", form_settings)
    assert (chart.title, chart.category_label, chart.stacked, chart.decimals) == ("Status per segment", "Segment", True, 0)
    colours = {s.name: s.colour for s in chart.series}
    assert colours == {"Grønn": "92D050", "Gul": "FFD966", "Rød": "FF6B6B", NOT_GIVEN: MISSING_COLOUR}
    assert chart.alt_text == ("Stablet stolpediagram: status per segment. Samstyre: Grønn 3, Gul 2, Rød 0, "
                              f"{NOT_GIVEN} 0. Koordinere: Grønn 0, Gul 0, Rød 1, {NOT_GIVEN} 1.")


def test_an_empty_table_gives_no_chart(form_settings):
    empty = CrossTable(("Samstyre",), ("Grønn",), {}, 0)
    assert segment_chart(empty, "Status per segment", "status per segment", form_settings) is None
    no_rows = CrossTable((), ("Grønn",), {}, 0)
    assert segment_chart(no_rows, "Status per segment", "status per segment", form_settings) is None
    no_years = SimpleNamespace(table=CrossTable(("Helse Vest",), (), {}, Decimal(0)))
    assert money_chart(no_years, "Finansiering per år", "finansiering", form_settings) is None


def test_the_money_chart_is_stacked_per_year_and_reads_its_amounts_the_norwegian_way(form_settings):
    cells = {("Helse Vest", "2022"): Decimal("1200.5"), ("Egen", "2023"): Decimal("3")}
    money = SimpleNamespace(table=CrossTable(("Helse Vest", "Egen"), ("2022", "2023"), cells, Decimal(0)))
    chart = money_chart(money, "Finansiering per år", "finansiering per år", form_settings)
    assert (chart.category_label, chart.categories, chart.stacked, chart.decimals) == ("År", ("2022", "2023"), True, 1)
    assert chart.show(Decimal("1200.5")) == "1\u00a0200,5"
    assert chart.alt_text == ("Stablet stolpediagram: finansiering per år. 2022: Helse Vest 1\u00a0200,5. "
                              "2023: Egen 3,0.")


def test_the_deliveries_chart_puts_answers_and_overdue_side_by_side(form_settings, seed_records):
    summary = build_summary([record_to_tiltak(r) for r in seed_records], date(2021, 11, 1), form_settings)
    chart = deliveries_chart(summary, form_settings)
    assert (chart.title, chart.category_label, chart.stacked) == ("Leveranser per segment", "Segment", False)
    assert chart.alt_text.startswith("Stolpediagram: leveranser per segment etter svar, og forfalte leveranser. ")
    assert chart.series[-1].name == OVERDUE
    assert chart.series[-1].colour == form_settings.farger[form_settings.roller.rod].upper()


def test_series_colours_come_from_the_settings_in_upper_case(form_settings):
    farger = {**form_settings.farger, "Ja": "a9d08e"}
    form = SimpleNamespace(farger=farger, roller=form_settings.roller)
    assert colour_of("Ja", form) == "A9D08E"
    assert colour_of("Helse Vest", form) is None  # the theme's accent colour
    assert colour_of(OVERDUE, SimpleNamespace(farger={}, roller=form_settings.roller)) is None
