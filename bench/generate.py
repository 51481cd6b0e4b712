"""Benchmark input: N submissions made from the 40 examples in ``input/``.

Copy ``i`` is example ``i % 40`` with ``Tiltak_Navn`` (changed through the defined
name, with openpyxl) made unique for every round after the first, so the segments
keep the examples' spread. Copies live once in ``build/bench/pool/``; each size N
gets a folder ``build/bench/n<N>/`` of hard links to the first N copies and a
``rapport.toml`` without ``[[forventet]]``. A stamp (hash of the examples and of
this generator) decides when the pool is stale; reruns reuse it.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from concurrent.futures import ProcessPoolExecutor
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "input"
BUILD = ROOT / "build" / "bench"
POOL = BUILD / "pool"
NAME_FIELD = "Tiltak_Navn"
GENERATOR_VERSION = "1"


def examples() -> list[Path]:
    return sorted(EXAMPLES.glob("*.xlsx"), key=lambda p: p.name.casefold())


def copy_name(index: int, sources: list[Path]) -> tuple[Path, int, str]:
    """(source workbook, round, file name) of copy ``index``."""
    source = sources[index % len(sources)]
    round_ = index // len(sources)
    return source, round_, f"{source.stem}-{round_ + 1:03d}.xlsx"


def renamed(original: str, round_: int) -> str:
    return original if round_ == 0 else f"{original} (kopi {round_ + 1})"


def _stamp(sources: list[Path]) -> str:
    digest = hashlib.sha256(GENERATOR_VERSION.encode())
    digest.update(Path(__file__).read_bytes())
    for path in sources:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _set_defined_name(wb, name: str, change) -> None:
    defined = wb.defined_names[name]
    (sheet, coord), = list(defined.destinations)
    cell = wb[sheet][coord.replace("$", "")]
    cell.value = change(cell.value)


def write_copy(source: Path, round_: int, target: Path) -> Path:
    """One copy with a distinct Tiltak_Navn, written atomically."""
    import warnings

    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = load_workbook(BytesIO(source.read_bytes()))
    _set_defined_name(wb, NAME_FIELD, lambda value: renamed(str(value or "").strip(), round_))
    tmp = target.with_name(f".{target.name}.tmp")
    wb.save(tmp)
    os.replace(tmp, target)
    return target


def _write_task(args: tuple[str, int, str]) -> str:
    source, round_, target = args
    return str(write_copy(Path(source), round_, Path(target)))


def ensure_pool(count: int, log=print) -> list[Path]:
    """The first ``count`` copies in the pool, generating what is missing or stale."""
    sources = examples()
    stamp = _stamp(sources)
    stamp_file = POOL / ".stamp"
    if not stamp_file.is_file() or stamp_file.read_text() != stamp:
        shutil.rmtree(POOL, ignore_errors=True)
        POOL.mkdir(parents=True)
        stamp_file.write_text(stamp)
    planned = [copy_name(i, sources) for i in range(count)]
    todo = [(str(src), round_, str(POOL / name)) for src, round_, name in planned if not (POOL / name).is_file()]
    if todo:
        log(f"Lager {len(todo)} kopier i {POOL.relative_to(ROOT)} …")
        with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            list(pool.map(_write_task, todo, chunksize=8))
    return [POOL / name for _, _, name in planned]


def report_settings_without_expected(text: str) -> str:
    """``rapport.toml`` with every ``[[forventet]]`` block (and its comment lines) removed."""
    out, skipping = [], False
    for line in text.splitlines():
        header = re.match(r"\s*\[", line)
        if header:
            skipping = line.strip() == "[[forventet]]"
        if not skipping:
            out.append(line)
    return "\n".join(out).rstrip() + "\n"


def ensure_folder(count: int, log=print) -> Path:
    """``build/bench/n<count>/``: hard links to the first ``count`` copies, plus ``rapport.toml``."""
    files = ensure_pool(count, log)
    folder = BUILD / f"n{count}"
    wanted = {p.name for p in files}
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.xlsx"):
        if old.name not in wanted or not old.samefile(POOL / old.name):
            old.unlink()
    for path in files:
        link = folder / path.name
        if not link.exists():
            try:
                os.link(path, link)
            except OSError:
                shutil.copy2(path, link)
    settings = report_settings_without_expected((EXAMPLES / "rapport.toml").read_text(encoding="utf-8"))
    (folder / "rapport.toml").write_text(settings, encoding="utf-8")
    shutil.copytree(EXAMPLES / "historikk", folder / "historikk", dirs_exist_ok=True)  # `forrige` points here
    return folder
