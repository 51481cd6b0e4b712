"""The default files that ship inside the package, and where the tool looks for the secretariat's own.

The package holds the defaults (``skjema.toml``, the Word template ``vedlegg2-mal.docx`` and the empty
Excel template ``innrapporteringsmal.xlsx``), so an installed tool works from any directory. The
secretariat's edited copies live in a ``templates/`` folder in the working directory; an option
(``--skjema``, ``--mal``) names any other file. Lookup order for each file:

1. the file given with the option;
2. ``templates/<name>`` in the current working directory, if it exists;
3. the default inside the package.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

#: The folder, relative to the working directory, where the secretariat keeps its edited files.
TEMPLATES_FOLDER = Path("templates")

FORM_SETTINGS_NAME = "skjema.toml"
WORD_TEMPLATE_NAME = "vedlegg2-mal.docx"
EXCEL_TEMPLATE_NAME = "innrapporteringsmal.xlsx"
EXCEL_TEMPLATE_NAME_NN = "innrapporteringsmal-nynorsk.xlsx"


def packaged(name: str) -> Path:
    """The default file ``name`` inside the installed package."""
    return Path(str(resources.files(__name__).joinpath(name)))


def locate(name: str, given: Path | None = None, cwd: Path | None = None) -> Path:
    """The file to use for ``name``: ``given``, else ``templates/<name>`` in ``cwd``, else the default."""
    if given is not None:
        return given
    local = (cwd or Path.cwd()) / TEMPLATES_FOLDER / name
    return local if local.is_file() else packaged(name)


def default_template_output(cwd: Path | None = None, malform: object = None) -> Path:
    """Where ``innrapportering template`` writes without ``-o``: into ``templates/`` when that folder
    exists in the working directory, else into the working directory itself. The nynorsk template
    (``malform`` ``nynorsk``) is ``innrapporteringsmal-nynorsk.xlsx``."""
    folder = (cwd or Path.cwd()) / TEMPLATES_FOLDER
    name = EXCEL_TEMPLATE_NAME_NN if str(malform) == "nynorsk" else EXCEL_TEMPLATE_NAME
    return (TEMPLATES_FOLDER if folder.is_dir() else Path(".")) / name
