"""The next round's workbooks: ``prefill`` from an earlier export, without replacing anyone's workbook.

The export is read by :func:`pipeline.merge.history.read_export` (the one reader of the export
format). A workbook already in the output folder under a name prefill would write may be one an
actor returned: :func:`prefill_round` refuses (:class:`WorkbooksInTheWay`, exit 2, naming the
files) unless ``overwrite``, and then keeps a backup of each beside it first, named as
``merge --overskriv`` names its backups (:mod:`pipeline.common.backup`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipeline.common.atomic import OutputError
from pipeline.common.backup import backup_name, keep_backup
from pipeline.common.counted import counted
from pipeline.contract.settings import FormSettings
from pipeline.merge.history import read_export

#: How many file names the refusal lists before «… og N til».
SHOWN = 10


class WorkbooksInTheWay(OutputError):
    """Workbooks in the output folder would be replaced; ``paths`` names them."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        names = [p.name for p in paths[:SHOWN]]
        more = f" og {len(paths) - SHOWN} til" if len(paths) > SHOWN else ""
        example = backup_name(paths[0], datetime.now()).name
        super().__init__(
            f"{counted(len(paths), 'arbeidsbok', 'arbeidsbøker')} i {paths[0].parent} ville blitt erstattet: "
            f"{', '.join(names)}{more}. De kan være innrapporteringer som er sendt tilbake, så ingenting er skrevet. "
            f"Skriv til en tom mappe, eller kjør igjen med --overskriv: da blir de gamle liggende som "
            f"sikkerhetskopi ved siden av (f.eks. {example}).")


@dataclass
class PrefillOutcome:
    """The workbooks written and the backups kept of the ones they replaced."""

    paths: list[Path] = field(default_factory=list)
    backups: list[Path] = field(default_factory=list)


def target_paths(records: list[dict], out_dir: Path) -> list[Path]:
    """Where prefill writes each record's workbook (named after the tiltak, as prefill names them); every
    record has «navn» (:func:`pipeline.merge.history.read_export` checks it)."""
    from pipeline.excel.prefill import unique_stems

    return [Path(out_dir) / f"{stem}.xlsx" for stem in unique_stems(r["navn"] for r in records)]


def prefill_round(data: Path | list[dict], out_dir: Path, settings: FormSettings, *, overwrite: bool = False) -> PrefillOutcome:
    """Read the export ``data`` (a path, or its records already read) and write one prefilled workbook per tiltak into ``out_dir``.
    :class:`pipeline.merge.history.HistoryError` when ``data`` is not an export; :class:`WorkbooksInTheWay`
    (nothing written) when workbooks would be replaced and not ``overwrite``."""
    from pipeline.excel.prefill import prefill_files

    records = data if isinstance(data, list) else read_export(Path(data))
    in_the_way = [p for p in target_paths(records, out_dir) if p.exists()]
    if in_the_way and not overwrite:
        raise WorkbooksInTheWay(in_the_way)
    backups = [keep_backup(p) for p in in_the_way]
    return PrefillOutcome(prefill_files(records, Path(out_dir), settings), backups)


__all__ = ["PrefillOutcome", "WorkbooksInTheWay", "prefill_round", "target_paths"]
