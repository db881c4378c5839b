"""Command-line commands, one module per area (see :mod:`cx_sme.cli`)."""
