"""The lexicon's shape, and the drivers chart."""

from __future__ import annotations

from cx_sme.dashboards.themes import normalize, stem
from cx_sme.voice.charts import drivers_chart
from cx_sme.voice.drivers import Driver
from cx_sme.voice.lexicon import INTENSIFIERS, NEGATORS, PHRASES, POLARITY


def test_lexicon_weights_and_forms() -> None:
    assert all(-1 <= v <= 1 and v != 0 for v in POLARITY.values())
    assert all(-1 <= v <= 1 for v in PHRASES.values())
    assert all(v > 1 for v in INTENSIFIERS.values())
    # phrases are written as normalised text, stems as stems: no accents, lower case
    assert all(p == normalize(p) for p in PHRASES)
    assert all(k == k.lower() and k.isascii() for k in POLARITY)
    assert not NEGATORS & set(POLARITY)
    assert stem("ottimo") in POLARITY and POLARITY[stem("pessimo")] < 0


def test_drivers_chart_has_one_point_per_driver_and_a_line_at_one() -> None:
    drivers = [
        Driver("invoice", "Fatture", "theme", 60, 30, 50.0, 3.4, 2.1, 5.0),
        Driver("t1", "Banco", "touchpoint", 12, 2, 16.7, 0.8, 0.2, 2.5),
    ]
    spec = drivers_chart(drivers).to_dict()
    rows = [d for d in next(iter(spec["datasets"].values())) if "driver" in d]
    assert [r["driver"] for r in rows] == ["Fatture (tema)", "Banco (punto di contatto)"]
    assert [r["state"] for r in rows] == ["clear", "few"]
    assert drivers_chart([]) is None
