"""Command-line commands: data (being written; see cx_sme/cli.py for the contract)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the parser."""
