"""Checks on the Word template, so that a broken template is a clear Norwegian message (and exit
code 2) before any workbook is read, not an internal error half-way through the merge.

:func:`check_template` looks at the file on its own: it exists, it is a Word document (.docx), it has
the ``[[INNHOLD]]`` paragraph and every style the renderer writes with. :func:`fill_template` fills
the docxtpl fields and turns a broken field code into the same kind of message.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from pathlib import Path

from docx.document import Document
from docx.oxml.ns import qn

from pipeline.word import oxml
from pipeline.word.target import TemplateError, WordTarget
from pipeline.word.template import CONTENT_MARKER, TABLE_STYLE

#: Every style the renderer looks up by name (Word's built-in names; matched case-insensitively).
REQUIRED_STYLES = ("Heading 1", "Heading 2", "Heading 3", "toc 1", "toc 2", TABLE_STYLE, "List Bullet",
                   "List Number", "Hyperlink", "Merknad")

_SEE_DOCS = "Se docs/wordmal.md."


def find_marker(doc: Document, name: str = "Word-malen"):
    """The template's ``[[INNHOLD]]`` paragraph; :class:`TemplateError` when there is none."""
    for p in doc.element.body.iterchildren(qn("w:p")):
        if oxml.paragraph_text(p).strip() == CONTENT_MARKER:
            return p
    raise TemplateError(f"{name} mangler avsnittet {CONTENT_MARKER}, der innholdsfortegnelsen og kapitlene skal "
                        f"stå. Skriv {CONTENT_MARKER} alene i et eget avsnitt i malen. {_SEE_DOCS}")


def missing_styles(doc: Document) -> list[str]:
    """The required styles the document does not define."""
    target = WordTarget(doc)
    return [name for name in REQUIRED_STYLES if not target.has_style(name)]


def _not_found(path: Path) -> TemplateError:
    where = "en mappe, ikke en fil" if path.is_dir() else "finnes ikke"
    return TemplateError(f"Fant ikke Word-malen {path} ({where}). Oppgi en .docx-fil med --mal, eller utelat "
                         "--mal for å bruke templates/vedlegg2-mal.docx eller standardmalen.")


def _not_docx(path: Path) -> TemplateError:
    return TemplateError(f"Word-malen {path} er ikke et Word-dokument (.docx). Åpne den i Word og lagre som "
                         f"«Word-dokument (.docx)», ikke .dotx, .doc eller .odt. {_SEE_DOCS}")


def _load_errors() -> tuple[type[Exception], ...]:
    """What python-docx raises for a file that is not a usable .docx."""
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    return PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError, OSError


def open_template(path: Path) -> Document:
    """The template as a python-docx document; :class:`TemplateError` when it is missing or no .docx."""
    import docx

    path = Path(path)
    if not path.is_file():
        raise _not_found(path)
    try:
        return docx.Document(str(path))
    except _load_errors():
        raise _not_docx(path) from None


def check_template(path: Path) -> None:
    """Raise :class:`TemplateError` (Norwegian, naming the file and the fix) when ``path`` cannot be
    used as the Word template; returns quietly when it can."""
    doc = open_template(path)
    name = f"Word-malen {path}"
    find_marker(doc, name)
    missing = missing_styles(doc)
    if missing:
        listed = ", ".join(f"«{s}»" for s in missing)
        raise TemplateError(f"{name} mangler {'stilen' if len(missing) == 1 else 'stilene'} {listed}. Legg "
                            "dem til i malen (eller ta utgangspunkt i standardmalen: python -m "
                            f"pipeline.word.template). {_SEE_DOCS}")


def fill_template(path: Path, context: Mapping[str, object]) -> Document:
    """The template with its docxtpl fields filled; a broken field code is a :class:`TemplateError`."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError as JinjaError

    path = Path(path)
    if not path.is_file():
        raise _not_found(path)
    tpl = DocxTemplate(str(path))
    try:
        tpl.init_docx()
    except _load_errors():
        raise _not_docx(path) from None
    try:
        tpl.render(dict(context), autoescape=True)
    except JinjaError as exc:
        line = f" (linje {exc.lineno} i malens dokument-XML)" if getattr(exc, "lineno", None) else ""
        raise TemplateError(f"Feltkodene i Word-malen {path} kan ikke fylles ut{line}. Rett feltkodene "
                            f"({{{{ … }}}} og {{%p … %}}) i malen. {_SEE_DOCS}") from None
    return tpl.docx
