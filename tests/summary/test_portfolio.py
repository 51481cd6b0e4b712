from datetime import date

from pipeline.contract.models import Tiltak
from pipeline.summary.portfolio import duplicates, ordered
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
