"""Memory settings for the commands that read big files (``import``, ``import-month``).

A million-line import touches about a gigabyte of fresh memory. The first touch of each
4 KB page is a page fault for the kernel, and on a virtual machine a fault can cost tens of
microseconds: 175,000 of them took 3 s of a 7 s import on the machine this was measured on.
Three settings, which the libraries read only when a process starts, let the process take
its memory in 2 MB pages and reuse what it frees:

- ``GLIBC_TUNABLES=glibc.malloc.hugetlb=1``: glibc's ``malloc`` asks the kernel for
  transparent huge pages (where the kernel offers them on request, as Debian's does);
- ``PYTHONMALLOC=malloc``: Python's objects come from ``malloc`` (so from those pages),
  not from Python's own 256 KB arenas;
- ``ARROW_DEFAULT_MEMORY_POOL=system``: Arrow's buffers come from ``malloc`` too, not from
  its bundled mimalloc.

So such a command starts itself again at once with them (the same process, through
``execve``: the same arguments, streams and exit code), unless whoever started it set any
of the three (their choice stands) or it is not Linux. The reading worker inherits them.
Measured (``bench/import_bench.py``; page faults from ``/usr/bin/time``): 175,000 faults
down to 50,000, and the 1M-line import 6.9–9.8 s down to 4.7–5.3 s, on a slow afternoon.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

HEAVY_COMMANDS = frozenset({"import", "import-month"})
SETTINGS = {
    "GLIBC_TUNABLES": "glibc.malloc.hugetlb=1",
    "PYTHONMALLOC": "malloc",
    "ARROW_DEFAULT_MEMORY_POOL": "system",
}


def restart_environment(
    command: str, environ: Mapping[str, str], platform: str
) -> dict[str, str] | None:
    """The environment to start ``command`` again with, or None to go on as it is.

    >>> restart_environment("import", {"PATH": "/bin"}, "linux")["PYTHONMALLOC"]
    'malloc'
    >>> restart_environment("kpi", {}, "linux") is None
    True
    >>> restart_environment("import", {"PYTHONMALLOC": "pymalloc"}, "linux") is None
    True
    """
    if command not in HEAVY_COMMANDS or platform != "linux":
        return None
    if any(name in environ for name in SETTINGS):
        return None
    return {**environ, **SETTINGS}


def restart_with_settings(command: str) -> None:
    """Start this process again with :data:`SETTINGS` when ``command`` needs them (see
    :func:`restart_environment`); returns only when it does not, or cannot."""
    environment = restart_environment(command, os.environ, sys.platform)
    arguments = getattr(sys, "orig_argv", None)
    if environment is None or not arguments or not sys.executable:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        os.execve(sys.executable, arguments, environment)  # noqa: S606 - this interpreter, again
    except OSError:  # the interpreter cannot be started again: go on without the settings
        return
