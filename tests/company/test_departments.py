from __future__ import annotations

import pytest

from cx_sme.company import departments
from cx_sme.core.errors import InputRefused
from cx_sme.core.i18n import set_language


def test_seven_default_departments_translated(fresh_db) -> None:
    names = [d.name for d in departments.list_departments(fresh_db)]
    assert len(names) == 7 and names[0] == "Commerciale" and "Risorse umane" in names
    set_language("en")
    assert departments.list_departments(fresh_db)[0].name == "Sales"


def test_add_rename_retire(fresh_db) -> None:
    added = departments.add_department(fresh_db, "  Qualità ")
    assert added.code == "qualit" or added.code.startswith("qualit")
    departments.rename_department(fresh_db, "sales", "Vendite Italia")
    departments.set_department_active(fresh_db, "hr", False)
    shown = {d.code: d.name for d in departments.list_departments(fresh_db)}
    assert shown["sales"] == "Vendite Italia" and "hr" not in shown and added.code in shown
    all_codes = [d.code for d in departments.list_departments(fresh_db, include_retired=True)]
    assert "hr" in all_codes
    # the same name again gets its own code
    assert departments.add_department(fresh_db, "Qualità").code != added.code


def test_empty_name_is_refused(fresh_db) -> None:
    with pytest.raises(InputRefused, match="vuoto"):
        departments.add_department(fresh_db, "   ")
