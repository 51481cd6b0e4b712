from pathlib import Path

from pipeline.contract.codebook import issue_catalogue_markdown
from pipeline.contract.issues import Code

from tests.support.paths import ROOT

DOC = ROOT / "docs" / "feilkoder.md"


def test_codes_are_unique():
    codes = [c.code for c in Code]
    assert len(codes) == len(set(codes))


def test_docs_list_every_code_as_generated():
    text = DOC.read_text(encoding="utf-8")
    assert text == issue_catalogue_markdown(), "Kjør: innrapportering feilkoder > docs/feilkoder.md"
    for code in Code:
        assert f"`{code.code}`" in text


def test_an_issue_carries_its_code_member_and_serialises_the_code_string():
    import json

    issue = Code.BAD_DATE.issue(file="a.xlsx", sheet="Tiltak", cell="C7", field="Sluttdato", value="31.13.2021")
    assert issue.code is Code.BAD_DATE
    assert Code("ugyldig-dato") is Code.BAD_DATE and str(Code.BAD_DATE) == Code.BAD_DATE.code == "ugyldig-dato"
    data = issue.to_dict()
    assert type(data["kode"]) is str and type(data["alvorlighet"]) is str
    assert json.loads(json.dumps(data)) == {
        "kode": "ugyldig-dato", "alvorlighet": "feil", "melding": "«31.13.2021» er ikke en gyldig dato. Skriv dd.mm.åååå.",
        "fil": "a.xlsx", "ark": "Tiltak", "celle": "C7", "felt": "Sluttdato", "verdi": "31.13.2021"}


def test_an_issue_survives_the_trip_from_a_worker_process():
    import pickle

    issue = Code.MACROS.issue(file="m.xlsm")
    back = pickle.loads(pickle.dumps(issue))
    assert back == issue and back.code is Code.MACROS
