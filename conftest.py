"""Root pytest configuration: the doctests in cx_sme start in Italian, like every test."""

from collections.abc import Iterator

import pytest

from cx_sme.core.i18n import set_language


@pytest.fixture(autouse=True)
def _doctests_in_italian() -> Iterator[None]:
    set_language("it")
    yield
    set_language("it")
