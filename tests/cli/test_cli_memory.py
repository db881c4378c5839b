"""The commands that read big files start again with their memory settings
(:mod:`cx_sme.cli.memory`): the same command, arguments, output and exit code, in a
process whose environment holds the settings; a setting the user gave is kept, and no
other command restarts."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from cx_sme.cli.memory import SETTINGS, restart_environment

PROJECT = Path(__file__).resolve().parents[2]
CSV = "Data;Cliente;Importo\n03/02/2025;C001;1.234,56\n04/02/2025;C002;99,00\n"
# The command line run as a script of its own (``-c``), which prints, after the command, the
# memory settings its process ended with; a restart runs this same script again.
DRIVER = (
    "import os, sys\n"
    "from cx_sme.cli.main import main\n"
    "sys.argv = ['cx_sme', *sys.argv[1:]]\n"
    "code = main()\n"
    "print('settings:', os.environ.get('PYTHONMALLOC'), os.environ.get('GLIBC_TUNABLES'),\n"
    "      file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def run(tmp_path: Path, *argv: str, **environ: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS and k != "CX_SME_DB"}
    return subprocess.run(
        [sys.executable, "-c", DRIVER, "--db", str(tmp_path / "cx.sqlite"), *argv],
        capture_output=True, text=True, cwd=PROJECT, env={**env, **environ}, check=False,
    )  # fmt: skip


def test_an_import_runs_again_with_the_memory_settings_and_stores_once(tmp_path: Path) -> None:
    data = tmp_path / "vendite.csv"
    data.write_text(CSV, encoding="utf-8")
    done = run(tmp_path, "import", "sales", str(data))
    assert done.returncode == 0, done.stderr
    assert "settings: malloc glibc.malloc.hugetlb=1" in done.stderr
    assert done.stdout.count("Righe importate: 2") == 1  # printed once: one run did the work
    with sqlite3.connect(tmp_path / "cx.sqlite") as conn:
        assert conn.execute("SELECT count(*), sum(amount_cents) FROM sales").fetchone() == (
            2, 123456 + 9900)  # fmt: skip
    again = run(tmp_path, "import", "sales", str(data))  # a refusal keeps its exit code
    assert again.returncode == 2 and "già stato importato" in again.stderr


def test_settings_the_user_gave_are_kept_and_other_commands_do_not_restart(
    tmp_path: Path,
) -> None:
    data = tmp_path / "vendite.csv"
    data.write_text(CSV, encoding="utf-8")
    own = run(tmp_path, "import", "sales", str(data), GLIBC_TUNABLES="glibc.malloc.arena_max=2")
    assert own.returncode == 0, own.stderr
    assert "settings: None glibc.malloc.arena_max=2" in own.stderr
    history = run(tmp_path, "history")
    assert history.returncode == 0 and "settings: None None" in history.stderr


def test_only_the_big_reads_on_linux_restart() -> None:
    assert restart_environment("import-month", {}, "linux") == SETTINGS
    assert restart_environment("import", {"HOME": "/root"}, "linux") == {
        "HOME": "/root",
        **SETTINGS,
    }
    assert restart_environment("import", {}, "darwin") is None
    assert restart_environment("export", {}, "linux") is None
    assert restart_environment("import", {"ARROW_DEFAULT_MEMORY_POOL": "jemalloc"}, "linux") is None
