from datetime import date

import pytest

from pipeline.contract.models import Tiltak
from pipeline.contract.identity import duplicates
from pipeline.summary.portfolio import ordered
from pipeline.contract.settings import ReportSettings


def _t(navn: str, segment: str) -> Tiltak:
    return Tiltak(navn=navn, aktor="A", segment=segment, fase="Konsept", status="Grønn")


def test_order_is_segment_then_settings_then_name(form_settings):
    report = ReportSettings(periode="P", rapportdato=date(2021, 11, 1),
                            rekkefolge={"Samstyre": ["Zeta", "alfa"]})
    items = [_t("Beta", "Observere"), _t("Ny", "Samstyre"), _t("Alfa", "Samstyre"), _t("Zeta", "Samstyre"),
             _t("Gamma", "Koordinere")]
    names = [t.navn for t in ordered(items, lambda t: t, report, form_settings)]
    assert names == ["Zeta", "Alfa", "Ny", "Gamma", "Beta"]


def test_duplicates_ignore_case_and_spacing():
    items = [_t("Heliks", "Koordinere"), _t(" heliks ", "Koordinere"), _t("Annet", "Koordinere")]
    groups = duplicates(items, lambda t: t)
    assert list(groups) == ["heliks"] and len(groups["heliks"]) == 2


def test_without_rekkefolge_the_order_is_that_of_the_expected_list_of_the_same_segment(form_settings):
    from pipeline.contract.settings import ExpectedTiltak

    report = ReportSettings(periode="P", rapportdato=date(2021, 11, 1), forventet=[
        ExpectedTiltak(navn="Koordinert", segment="Koordinere"),
        ExpectedTiltak(navn="Zeta", segment="Samstyre"), ExpectedTiltak(navn="Alfa", segment="Samstyre")])
    items = [_t("Alfa", "Samstyre"), _t("Ny", "Samstyre"), _t("Zeta", "Samstyre")]
    assert [t.navn for t in ordered(items, lambda t: t, report, form_settings)] == ["Zeta", "Alfa", "Ny"]


def test_a_segment_outside_the_list_sorts_last_and_group_by_segment_refuses_it(form_settings):
    from pipeline.summary.portfolio import group_by_segment

    report = ReportSettings(periode="P", rapportdato=date(2021, 11, 1))
    items = [_t("Ukjent", "Styre"), _t("Obs", "Observere"), _t("Sam", "Samstyre")]
    assert [t.navn for t in ordered(items, lambda t: t, report, form_settings)] == ["Sam", "Obs", "Ukjent"]
    segments = form_settings.vocabulary("segment")
    assert group_by_segment(items[1:], segments) == [("Samstyre", [(1, items[2])]), ("Observere", [(0, items[1])])]
    with pytest.raises(ValueError, match="ukjent segment «Styre»"):
        group_by_segment(items, segments)


def test_duplicates_keep_every_item_of_a_name():
    items = [_t("Heliks", "Koordinere"), _t("HELIKS", "Samstyre")]
    assert duplicates(items, lambda t: t) == {"heliks": items}


def test_the_duplicate_key_is_the_name_with_single_spaces_in_lower_case():
    items = [_t("Helse  Nord", "Samstyre"), _t("helse nord ", "Samstyre")]
    assert list(duplicates(items, lambda t: t)) == ["helse nord"]


def test_expected_tiltak_missing_and_unexpected_ignore_case_and_spacing():
    from pipeline.contract.settings import ExpectedTiltak
    from pipeline.summary.portfolio import ExpectedCheck, check_expected

    expected = [ExpectedTiltak(navn="Heliks", segment="Koordinere"), ExpectedTiltak(navn="MF Helse", segment="Samstyre")]
    report = ReportSettings(periode="P", rapportdato=date(2021, 11, 1), forventet=expected)
    received = [_t(" heliks", "Koordinere"), _t("Ny  ting", "Observere")]
    assert check_expected(received, report) == ExpectedCheck(missing=[expected[1]], unexpected=["Ny  ting"])
    no_list = ReportSettings(periode="P", rapportdato=date(2021, 11, 1))
    assert check_expected(received, no_list) == ExpectedCheck()
