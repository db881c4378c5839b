"""``python -m cx_sme``: the command line."""

import sys

from cx_sme.cli.main import main

sys.exit(main())
