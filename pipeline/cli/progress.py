"""A progress bar on stderr while workbooks are read and validated."""

from __future__ import annotations

import sys
from pathlib import Path

PROGRESS_THRESHOLD = 5  # more files than this: show a progress bar


class Progress:
    """A rich progress bar on stderr while reading and validating; silent when not wanted."""

    def __init__(self, quiet: bool) -> None:
        self.enabled = not quiet and sys.stderr.isatty()
        self.bar = None
        self.task = None

    def __call__(self, done: int, total: int, path: Path) -> None:
        if not self.enabled or total <= PROGRESS_THRESHOLD:
            return
        if self.bar is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(TextColumn("Leser og kontrollerer"), BarColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("", total=total)
        self.bar.update(self.task, completed=done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
