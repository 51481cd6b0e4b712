"""pipeline.word.transplant on small hand-built documents: each reference a copied element carries (link, list,
style, bookmark, drawing) is valid in the target document, checked through a saved and reopened file."""

from __future__ import annotations

import io

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from pipeline.word import oxml
from pipeline.word.transplant import Transplanter

URL = "https://www.ehelse.no/a"


def _reload(doc):
    buffer = io.BytesIO()
    doc.save(buffer)
    return docx.Document(io.BytesIO(buffer.getvalue()))


def _numbered(num_id: str):
    p = oxml.paragraph(None, oxml.run("punkt"))
    oxml.set_ppr(p, oxml.el("w:numPr", {}))
    p.find(f"{qn('w:pPr')}/{qn('w:numPr')}").append(oxml.el("w:numId", {"w:val": num_id}))
    return p


def _nums(doc) -> dict[str, str]:
    numbering = doc.part.numbering_part.element
    return {n.get(qn("w:numId")): n.find(qn("w:abstractNumId")).get(qn("w:val")) for n in numbering.iter(qn("w:num"))}


def _abstract(doc, abstract_id: str):
    return next(a for a in doc.part.numbering_part.element.iter(qn("w:abstractNum"))
                if a.get(qn("w:abstractNumId")) == abstract_id)


def _levels(abstract) -> bytes:
    return b"".join(etree.tostring(lvl) for lvl in abstract.iter(qn("w:lvl")))


def test_a_link_is_made_again_in_the_target_and_its_copies_share_it():
    source, target = docx.Document(), docx.Document()
    r_id = source.part.relate_to(URL, RT.HYPERLINK, is_external=True)
    link = oxml.el("w:hyperlink", {"r:id": r_id})
    link.append(oxml.run("lenke"))
    p = oxml.paragraph(None, link)
    target.part.relate_to("https://annet.example", RT.HYPERLINK, is_external=True)
    graft = Transplanter(source, target)
    copies = graft.copy([p]) + graft.copy([p])
    for copied in copies:
        target.element.body.append(copied)
    doc = _reload(target)
    ids = [h.get(qn("r:id")) for h in doc.element.body.iter(qn("w:hyperlink"))]
    assert len(ids) == 2 and len(set(ids)) == 1
    assert doc.part.rels[ids[0]].target_ref == URL and doc.part.rels[ids[0]].is_external
    assert p.find(qn("w:hyperlink")).get(qn("r:id")) == r_id  # the source element is not changed


def test_a_list_gets_its_own_numbering_after_the_target_s_and_a_list_definition_is_copied_once():
    source, target = docx.Document(), docx.Document()
    before = _nums(target)
    source_nums = _nums(source)
    shared = source.part.numbering_part.element
    twin = etree.fromstring(etree.tostring(next(n for n in shared.iter(qn("w:num")) if n.get(qn("w:numId")) == "2")))
    twin.set(qn("w:numId"), "42")  # a second list on the same definition
    shared.append(twin)
    target.part.numbering_part.element.append(oxml.el("w:numIdMacAtCleanup", {"w:val": "0"}))  # last in the schema
    target.part.numbering_part.element.insert(0, oxml.el("w:numPicBullet", {"w:numPicBulletId": "0"}))  # first
    graft = Transplanter(source, target)
    copied = graft.copy([_numbered("2"), _numbered("2"), _numbered("42"), _numbered("0"), _numbered("99")])
    used = [p.find(f".//{qn('w:numId')}").get(qn("w:val")) for p in copied]
    top = max(int(n) for n in before)
    assert used[0] == used[1] == str(top + 1) and used[2] == str(top + 2)
    assert used[3:] == ["0", "99"]  # no list, and a list the source does not have: left as they are
    nums = _nums(_reload(target))
    assert {k: v for k, v in nums.items() if k in before} == before
    new_abstract = nums[used[0]]
    assert nums[used[2]] == new_abstract and new_abstract not in before.values()
    assert _levels(_abstract(target, new_abstract)) == _levels(_abstract(source, source_nums["2"]))
    numbering = target.part.numbering_part.element
    kinds = [etree.QName(c).localname for c in numbering]
    order = ["numPicBullet", "abstractNum", "num", "numIdMacAtCleanup"]
    assert kinds == sorted(kinds, key=order.index)  # every definition before every list, as Word requires
    nsids = [a.find(qn("w:nsid")).get(qn("w:val")) for a in numbering.iter(qn("w:abstractNum"))]
    assert len(nsids) == len(set(nsids))  # Word joins lists that share an nsid


def test_a_list_goes_into_a_target_without_lists_or_definitions():
    source, target = docx.Document(), docx.Document()
    numbering = target.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    (p,) = Transplanter(source, target).copy([_numbered("3")])
    new_id = p.find(f".//{qn('w:numId')}").get(qn("w:val"))
    nums = _nums(_reload(target))
    assert list(nums) == [new_id] == ["1"] and nums[new_id] == "0"
    assert _levels(_abstract(target, "0")) == _levels(_abstract(source, _nums(source)["3"]))


def _style(doc, style_id: str, name: str):
    style = oxml.el("w:style", {"w:type": "paragraph", "w:styleId": style_id})
    style.append(oxml.el("w:name", {"w:val": name}))
    doc.styles.element.append(style)
    return style


def _styled(style_id: str):
    p = oxml.paragraph(None, oxml.run("tekst"))
    oxml.set_ppr(p, oxml.el("w:pStyle", {"w:val": style_id}))
    return p


def _style_of(p) -> str:
    return p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val"))


def _names(doc) -> dict[str, str]:
    return {s.get(qn("w:styleId")): (s.find(qn("w:name")).get(qn("w:val")) if s.find(qn("w:name")) is not None
                                     else None) for s in doc.styles.element.iter(qn("w:style"))}


def test_styles_are_matched_by_name_in_any_case_and_copied_under_a_free_id_when_missing():
    source, target = docx.Document(), docx.Document()
    _style(source, "Egen", "Min stil")
    _style(source, "Tatt", "Kildens stil")
    _style(target, "Tatt", "Målets stil")
    _style(target, "Tatt1", "Enda en")
    _style(source, "Overskrift", "MERKNAD")
    _style(target, "Merk", "Merknad")
    graft = Transplanter(source, target)
    copied = graft.copy([_styled("Egen"), _styled("Tatt"), _styled("Overskrift"), _styled("Egen"), _styled("Ukjent")])
    names = _names(_reload(target))
    ids = [_style_of(p) for p in copied]
    assert ids[0] == ids[3] == "Egen" and names["Egen"] == "Min stil"
    assert ids[1] == "Tatt11" and names["Tatt11"] == "Kildens stil" and names["Tatt"] == "Målets stil"
    assert ids[2] == "Merk" and ids[4] == "Ukjent"
    assert list(names).count("Egen") == 1 and list(names).count("Tatt11") == 1
    assert graft.copy([_styled("Tatt")])[0].find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")) == "Tatt11"


def _marked(name: str, number: str):
    p = oxml.paragraph(None, oxml.run("tekst"))
    p.insert(0, oxml.el("w:bookmarkStart", {"w:id": number, "w:name": name}))
    p.append(oxml.el("w:bookmarkEnd", {"w:id": number}))
    return p


def _marks(elements) -> list[tuple[str, str | None]]:
    return [(b.get(qn("w:id")), b.get(qn("w:name"))) for e in elements
            for b in e.iter(qn("w:bookmarkStart"), qn("w:bookmarkEnd"))]


def test_bookmark_ids_are_new_and_a_taken_toc_name_gets_the_next_free_number():
    source, target = docx.Document(), docx.Document()
    for name, number in [("_Toc00000007", "5"), ("eget", "x")]:
        target.element.body.append(_marked(name, number))
    graft = Transplanter(source, target)
    first = graft.copy([_marked("_Toc00000007", "0"), _marked("_Toc00000003", "1"), _marked("annet", "0")])
    second = graft.copy([_marked("_Toc00000003", "0")])
    assert _marks(first) == [("6", "_Toc00000008"), ("6", None), ("7", "_Toc00000003"), ("7", None),
                             ("6", "annet"), ("6", None)]
    assert _marks(second) == [("8", "_Toc00000009"), ("8", None)]
    assert graft.new_bookmark_id() == 9 and graft.new_bookmark_id() == 10


def test_drawing_ids_continue_after_the_target_s():
    source, target = docx.Document(), docx.Document()

    def drawing(number: str):
        p = oxml.paragraph(None, oxml.run(""))
        inline = etree.SubElement(p.find(qn("w:r")), qn("wp:inline"))
        etree.SubElement(inline, qn("wp:docPr"), {"id": number, "name": "Bilde"})
        return p

    target.element.body.append(drawing("4"))
    target.element.body.append(drawing("tekst"))
    copied = Transplanter(source, target).copy([drawing("1"), drawing("1")])
    assert [d.get("id") for p in copied for d in p.iter(qn("wp:docPr"))] == ["5", "6"]


def test_a_style_without_a_name_is_known_by_its_id():
    source, target = docx.Document(), docx.Document()
    for doc in (source, target):
        doc.styles.element.append(oxml.el("w:style", {"w:type": "paragraph", "w:styleId": "Felles"}))
    source.styles.element.append(oxml.el("w:style", {"w:type": "paragraph", "w:styleId": "Fri"}))
    copied = Transplanter(source, target).copy([_styled("Felles"), _styled("Fri")])
    assert [_style_of(p) for p in copied] == ["Felles", "Fri"]
    ids = [s.get(qn("w:styleId")) for s in _reload(target).styles.element.iter(qn("w:style"))]
    assert ids.count("Felles") == 1 and ids.count("Fri") == 1  # matched once, copied once
