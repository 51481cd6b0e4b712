"""The one style-name lookup: names compared with casefold, as Word and the templates spell them."""

from __future__ import annotations

import docx
from docx.enum.style import WD_STYLE_TYPE

from pipeline.word.stylenames import style_ids_by_name, style_key
from pipeline.word.target import WordTarget


def test_a_style_is_found_by_its_name_in_any_case_also_beyond_lower():
    doc = docx.Document()
    style = doc.styles.add_style("Merknad Straße", WD_STYLE_TYPE.PARAGRAPH)
    target = WordTarget(doc)
    assert target.style_id("MERKNAD STRASSE") == style.style_id  # .lower() would miss: «ß» casefolds to «ss»
    assert target.has_style("heading 1") and target.style_id("Heading 1") == doc.styles["Heading 1"].style_id


def test_the_first_style_of_a_name_wins_and_kind_filters():
    doc = docx.Document()
    ids = style_ids_by_name(doc.styles.element, "paragraph")
    assert ids[style_key("Normal")] == "Normal"
    assert style_key("Default Paragraph Font") not in ids  # a character style
    assert style_key("Default Paragraph Font") in style_ids_by_name(doc.styles.element)
