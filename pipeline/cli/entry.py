"""The process around :func:`pipeline.cli.main.main`: what ``innrapportering`` and ``python -m pipeline`` run.

Two things only a whole process can do, both about time the user waits for and nothing else:

- **Imports without garbage collection.** Importing the package makes some 150 000 objects that live as long as
  the process; the collector would scan them again and again while they are made, and after. They are imported
  with the collector off and then frozen (:func:`gc.freeze`), so later collections look only at what the command
  itself makes; and the youngest generation is collected after 50 000 new objects instead of 700 (a command
  runs for seconds and makes few reference cycles: the memory the collector frees is the same, found later).
- **No interpreter teardown.** Once the command has returned, every file it wrote is written and closed
  (:func:`pipeline.common.atomic.write_atomic_many` renames complete files in place), the worker processes are
  gone, and the exit code is known. Freeing every object one by one before exiting then only costs time (about
  0,05 s after a merge of 40). The exit handlers registered with :mod:`atexit` still run, the standard streams
  are flushed, and then the process ends with :func:`os._exit`.

Tests call :func:`pipeline.cli.main.main` directly and are not affected; ``tests/cli/test_entry.py`` runs the
command in a child process to check the exit codes, the output and the timing file.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys

#: Allocations between two collections of the youngest generation (Python's default is 700).
_YOUNGEST = 50_000


def run(argv: list[str] | None = None) -> None:
    """Run the command line and end the process with its exit code."""
    gc.disable()
    try:
        from pipeline.cli.main import main
    finally:
        gc.freeze()
        gc.set_threshold(_YOUNGEST, *gc.get_threshold()[1:])
        gc.enable()
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's usage errors and --help: their code, the ordinary way
        code = _exit_code(exc.code)
    _leave(code)


def _exit_code(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)  # what SystemExit does with a message
    return 1


def _leave(code: int) -> None:
    """Run the exit handlers, flush the streams and end the process without tearing the interpreter down."""
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a reader that went away: main has already said so in its exit code
            pass
    os._exit(code)
