"""Chart specs do not depend on the last bits of a float (DuckDB's parallel sums differ there)."""

from __future__ import annotations

import json

import altair as alt

from reporting import charts


def _figure(value: float) -> charts.Figure:
    data = alt.Data(values=[{"x": value, "y": "a"}])
    chart = alt.Chart(data).mark_point().encode(x="x:Q", y="y:N")
    return charts.Figure("f", "alt", chart)


def test_specs_equal_when_values_differ_in_the_last_bits() -> None:
    a, b = 55.83612540340249, 55.836125403402505
    assert a != b
    assert charts.spec_json(_figure(a)) == charts.spec_json(_figure(b))


def test_spec_keeps_twelve_significant_digits() -> None:
    spec = json.loads(charts.spec_json(_figure(1 / 3)))
    assert spec["data"]["values"][0]["x"] == 0.333333333333
