"""Field metadata: the one description of every field of the workbook contract.

Each model field in :mod:`pipeline.contract.models` is annotated with a :class:`FieldMeta`.
The template generator, the reader, the validator and the renderer all read the
fields from there (through :mod:`pipeline.contract.catalogue`); no field is listed twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pipeline.common.malform import Malform
from pipeline.contract.kinds.registry import Kind, kind_of

__all__ = ["FieldMeta", "Kind", "meta"]


@dataclass(frozen=True)
class FieldMeta:
    """What the contract says about one field.

    ``name`` is the workbook-scoped defined name (single fields); ``header`` is the
    column header text (table columns), the label unless given. ``vocabulary`` is a
    key of ``[vokabular]`` in ``templates/skjema.toml``. ``required`` makes an empty value an error.
    Whether an empty value gives a warning depends on the segment (``forventet`` in
    the settings). ``minimum`` is an inclusive lower bound for numbers. ``since`` is the
    template version that added the field (``""``: every version); a workbook of an older
    version may lack its defined name.
    """

    label: str
    kind: Kind
    name: str | None = None
    header: str = ""  # empty: the label
    vocabulary: str | None = None
    required: bool = False
    help: str = ""
    minimum: Decimal | None = None
    width: int = 20  # column width in the Excel template (characters)
    decimals: int | None = None  # at least this many decimals when printed (amounts: 1); typed ones are never dropped
    since: str = ""  # the template version that added the field; "" for the first
    label_nn: str = ""  # the label in nynorsk
    help_nn: str = ""  # the help text in nynorsk
    header_nn: str = ""  # empty: label_nn

    def __post_init__(self) -> None:
        kind_of(self.kind)  # an unknown kind is an error here, not text later
        if not self.header:
            object.__setattr__(self, "header", self.label)
        if not self.header_nn:
            object.__setattr__(self, "header_nn", self.label_nn)

    def label_in(self, malform: Malform) -> str:
        """The label in ``malform`` (bokmål when no nynorsk form is given)."""
        return self.label_nn or self.label if malform is Malform.NYNORSK else self.label

    def help_in(self, malform: Malform) -> str:
        """The help text in ``malform`` (bokmål when no nynorsk form is given)."""
        return self.help_nn or self.help if malform is Malform.NYNORSK else self.help

    def header_in(self, malform: Malform) -> str:
        """The column header in ``malform`` (bokmål when no nynorsk form is given)."""
        return self.header_nn or self.header if malform is Malform.NYNORSK else self.header

    @property
    def is_text(self) -> bool:
        """Free text (typed as text in the template, wrapped)."""
        return kind_of(self.kind).is_text


def meta(label: str, kind: Kind, **kwargs) -> FieldMeta:
    """Shorthand used in the model definitions."""
    return FieldMeta(label=label, kind=kind, **kwargs)
