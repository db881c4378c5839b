"""`make run` lets the environment choose the port (issue 12): a ``PORT=`` variable, else
Streamlit's own ``STREAMLIT_SERVER_PORT``, which a fixed ``--server.port`` would override."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def planned_run(**env: str) -> str:
    """The command `make run` would start (make -n prints it without running anything)."""
    clean = {k: v for k, v in os.environ.items() if k not in ("PORT", "STREAMLIT_SERVER_PORT")}
    done = subprocess.run(
        ["make", "-n", "run"], cwd=PROJECT, env=clean | env, capture_output=True, text=True,
        timeout=60, check=True,
    )  # fmt: skip
    return next(line for line in done.stdout.splitlines() if "streamlit run app.py" in line)


def test_streamlit_server_port_from_the_environment_is_not_overridden() -> None:
    assert "--server.port" not in planned_run(STREAMLIT_SERVER_PORT="8642")


def test_a_port_variable_chooses_the_port() -> None:
    assert planned_run(PORT="8600").rstrip().endswith("--server.port 8600")


def test_no_choice_starts_on_streamlit_s_default() -> None:
    assert "--server.port" not in planned_run()
