"""A throwaway PostgreSQL cluster for the tests: Debian's server binaries, a new data
folder in a temporary directory, listening on a Unix socket only (no TCP port, nothing
reachable from the network), stopped and deleted at the end.

PostgreSQL refuses to run as root: when the tests run as root (CI), the server runs as
the ``postgres`` user that Debian's package creates, through ``runuser``."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PORT = 5432  # only names the socket file: the server listens on no TCP port


def server_binaries() -> Path | None:
    """The newest installed PostgreSQL's bin folder, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_major)
    return Path(found[-1]).parent if found else None


def _major(path: str) -> int:
    try:
        return int(Path(path).parts[-3])
    except ValueError:
        return 0


def _as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextmanager
def cluster() -> Iterator[str]:
    """A running cluster; yields the address of its database ``cx`` (user ``cx``)."""
    binaries = server_binaries()
    if binaries is None:
        raise RuntimeError(
            "PostgreSQL is not installed: .ci/run installs it (apt-get install postgresql)"
        )
    folder = Path(tempfile.mkdtemp(prefix="cx_pg_"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data, log = folder / "data", folder / "server.log"
    run = lambda *args: subprocess.run(  # noqa: E731
        _as_server_user([str(a) for a in args]), check=True, capture_output=True, text=True
    )
    try:
        run(binaries / "initdb", "-D", data, "-A", "trust", "-U", "cx", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        options = f"-k {folder} -p {PORT} -c listen_addresses='' -c fsync=off"
        run(binaries / "pg_ctl", "-D", data, "-o", options, "-l", log, "-w", "start")
        run(binaries / "createdb", "-h", folder, "-p", PORT, "-U", "cx", "cx")
        yield f"postgresql://cx@/cx?host={folder}&port={PORT}"
    finally:
        subprocess.run(
            _as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)
