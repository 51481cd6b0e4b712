"""The 40 bundled examples merge to exactly the golden outputs (document body, export, merge report)."""

from __future__ import annotations

import pytest

from tests.golden.snapshot import GOLDEN, merge_examples, snapshot


@pytest.fixture(scope="module")
def merged(tmp_path_factory):
    out = tmp_path_factory.mktemp("golden")
    assert merge_examples(out) == 0
    return snapshot(out)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["document.xml", "vedlegg2.json", "merge-rapport.json", "merge-rapport.txt"])
def test_examples_merge_to_the_golden_output(merged, name):
    expected = (GOLDEN / name).read_text(encoding="utf-8")
    assert merged[name] == expected, f"{name} avviker fra gullfilen; se tests/golden/snapshot.py"
