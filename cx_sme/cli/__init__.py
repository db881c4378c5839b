"""The command line, ``python -m cx_sme --db PATH COMMAND ...``: the parser and entry point
in :mod:`cx_sme.cli.main`, one module per command family.
"""
