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
