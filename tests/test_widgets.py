"""The notebook controls redraw charts when a value changes."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest

import framing
from framing import plots
from framing.widgets import chart_explorer


@pytest.fixture(scope="module")
def sample_aggregate():
    corpus = framing.load_sample()
    scores = framing.attach_metadata(framing.score(corpus, progress=False).counts, corpus)
    with pytest.warns(UserWarning, match="low_n"):
        return framing.aggregate(scores, by=["outlet"], n_boot=50)


def test_controls_redraw_the_chart(sample_aggregate):
    calls = []

    def draw(table, dimension, **options):
        calls.append((dimension, sorted(table["outlet"].unique())))
        return plots.share_bars(table, dimension, **options)

    draw.__name__ = "share_bars"
    box = chart_explorer(sample_aggregate, draw, labels="en")
    dimension, outlets = box.children[0].children[:2]
    assert calls == [("armed_group_label", sorted(outlets.options))]
    dimension.value = "state_forces_label"
    assert calls[-1][0] == "state_forces_label"
    outlets.value = ("Micro Syria",)
    assert calls[-1] == ("state_forces_label", ["Micro Syria"])
    outlets.value = ()
    assert len(calls) == 3  # nothing to draw without an outlet


def test_dimensions_must_be_in_the_table(sample_aggregate):
    with pytest.raises(ValueError, match="none of the requested dimensions"):
        chart_explorer(sample_aggregate, plots.share_bars, dimensions=["nope"])
