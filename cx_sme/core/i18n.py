"""Translations: Italian (default) and English catalogs and the ``t(key, **kw)`` helper.

The catalogs are JSON files in ``locales/<lang>/<area>.json``; every key in
``<area>.json`` starts with ``<area>.``. The current language is per thread (each
Streamlit session runs its script in its own thread and sets it at the top of every
run), never global to the process.

>>> set_language("en")
>>> t("common.app_title")
'CX for SMEs'
>>> set_language("it")
>>> t("common.app_title")
'CX per PMI'
"""

from __future__ import annotations

import json
import threading
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES = ("it", "en")
DEFAULT_LANGUAGE = "it"
LANGUAGE_NAMES = {"it": "Italiano", "en": "English"}

_current = threading.local()


@cache
def catalog(lang: str) -> dict[str, str]:
    """All messages of ``lang``, merged from its area files (read once, never mutated)."""
    merged: dict[str, str] = {}
    folder = resources.files("cx_sme.core") / "locales" / lang
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            merged.update(json.loads(entry.read_text(encoding="utf-8")))
    return merged


def set_language(lang: str) -> None:
    """Set the language for the current thread (unknown codes fall back to Italian)."""
    _current.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def get_language() -> str:
    return getattr(_current, "lang", DEFAULT_LANGUAGE)


def t(key: str, **params: Any) -> str:
    """The message ``key`` in the current language, formatted with ``params``.

    A key missing from the current catalog falls back to Italian, then to the key itself
    (a test checks that no key used in the code is missing).
    """
    lang = get_language()
    text = catalog(lang).get(key)
    if text is None:
        text = catalog(DEFAULT_LANGUAGE).get(key, key)
    return text.format(**params) if params else text
