"""The shape of the code: cx_sme never imports streamlit; the public API is __all__."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import cx_sme

PACKAGE = Path(cx_sme.__file__).parent
PROJECT = PACKAGE.parent


def _python_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*.py") if ".venv" not in p.parts]


def test_cx_sme_never_imports_streamlit() -> None:
    offenders = []
    for path in _python_files(PACKAGE):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "streamlit"]
    assert offenders == []


def test_public_api_is_exported() -> None:
    for name in cx_sme.__all__:
        assert hasattr(cx_sme, name), name
    public = {n for n in vars(cx_sme) if not n.startswith("_") and not _is_submodule(n)}
    assert public <= set(cx_sme.__all__) | {"annotations"}


def _is_submodule(name: str) -> bool:
    return type(getattr(cx_sme, name)).__name__ == "module"


def test_catalogs_have_the_same_keys_and_area_prefixes() -> None:
    for area in (PACKAGE / "locales" / "it").glob("*.json"):
        italian = json.loads(area.read_text(encoding="utf-8"))
        english = json.loads((PACKAGE / "locales" / "en" / area.name).read_text(encoding="utf-8"))
        assert set(italian) == set(english), area.name
        assert all(k.startswith(area.stem + ".") for k in italian), area.name
        for key, text in italian.items():
            assert re.findall(r"{(\w+)}", text) == re.findall(r"{(\w+)}", english[key]), key


def test_every_translation_key_used_in_code_exists() -> None:
    from cx_sme.core.i18n import catalog

    known = set(catalog("it"))
    pattern = re.compile(r"""\bt\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""")
    missing = []
    for folder in (PACKAGE, PROJECT / "app_pages", PROJECT / "ui"):
        for path in _python_files(folder):
            for key in pattern.findall(path.read_text(encoding="utf-8")):
                if key not in known:
                    missing.append(f"{path.name}: {key}")
    assert missing == []
    assert (PROJECT / "app.py").exists()
