"""innrapportering: Excel workbooks in, one Vedlegg 2 Word document out.

The library surface is three functions (see :mod:`pipeline.api`)::

    import pipeline
    result = pipeline.check_workbooks(["input"])          # read + validate, nothing written
    outcome = pipeline.merge_folder("input", "output/Vedlegg2.docx")
    pipeline.build_template("innrapporteringsmal.xlsx")

They are imported on first use, so ``import pipeline`` stays cheap for the command line.
"""

from __future__ import annotations

__version__ = "0.2.0"
__all__ = ["build_template", "check_workbooks", "merge_folder"]


def __getattr__(name: str):
    if name in __all__:
        from pipeline import api

        return getattr(api, name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
