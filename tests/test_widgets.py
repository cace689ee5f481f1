"""The notebook controls redraw charts when a value changes, and show them as image/png."""

from __future__ import annotations

import base64
import warnings

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest

import framing
from framing import plots
from framing.widgets import chart_explorer, dimension_choices


@pytest.fixture(scope="module")
def sample_scores():
    corpus = framing.load_sample()
    return framing.attach_metadata(framing.score(corpus, progress=False).counts, corpus)


@pytest.fixture(scope="module")
def sample_aggregate(sample_scores):
    with pytest.warns(UserWarning, match="low_n"):
        return framing.aggregate(sample_scores, by=["outlet"], n_boot=50)


@pytest.fixture(scope="module")
def sample_over_time(sample_scores):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return framing.aggregate(sample_scores, by=["outlet"], freq="M", n_boot=50)


def _png(box) -> bytes:
    """The chart the explorer shows: the bytes of its one image/png output."""
    outputs = box.children[1].outputs
    images = [o["data"]["image/png"] for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) == 1, outputs
    data = base64.b64decode(images[0])
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    return data


def test_controls_redraw_the_chart(sample_aggregate):
    calls = []

    def share_bars(table, dimension, **options):
        calls.append((dimension, sorted(table["outlet"].unique())))
        return plots.share_bars(table, dimension, **options)

    box = chart_explorer(sample_aggregate, share_bars, labels="en")
    dimension, outlets = box.children[0].children[:2]
    assert calls == [("armed_group_label", sorted(outlets.options))]
    first = _png(box)
    dimension.value = "state_forces_label"
    assert calls[-1][0] == "state_forces_label"
    second = _png(box)
    assert second != first
    outlets.value = ("Micro Syria",)
    assert calls[-1] == ("state_forces_label", ["Micro Syria"])
    assert _png(box) not in (first, second)
    outlets.value = ()
    assert len(calls) == 3  # nothing to draw without an outlet
    assert box.children[1].outputs[0]["text"] == "No outlet selected.\n"


def test_dimension_dropdown_shows_the_lexicons_names(sample_aggregate):
    box = chart_explorer(sample_aggregate, plots.share_bars, labels="en")
    dimension = box.children[0].children[0]
    lexicon = framing.load_lexicon("default")
    first = lexicon.dimensions[0]
    assert dimension.value == first.id
    assert dimension.label == f"{first.label_en} · {first.label_ar}"
    assert all(label != value for label, value in dimension.options)
    assert dimension_choices(lexicon, [first.id]) == [(dimension.label, first.id)]


def test_period_range_slider_redraws_the_timeline(sample_over_time):
    box = chart_explorer(sample_over_time, plots.timeline, labels="en")
    controls = box.children[0].children
    assert [c.description for c in controls] == ["dimension", "outlet", "periods"]
    span = controls[2]
    periods = sorted(pd.to_datetime(sample_over_time["period"].dropna().unique()))
    assert [value for _, value in span.options] == periods
    assert span.value == (periods[0], periods[-1])
    whole = _png(box)
    span.index = (0, 0)
    assert span.value == (periods[0], periods[0])
    assert _png(box) != whole


def test_share_bars_get_a_period_dropdown(sample_over_time):
    box = chart_explorer(sample_over_time, plots.share_bars, labels="en")
    period = box.children[0].children[2]
    periods = sorted(pd.to_datetime(sample_over_time["period"].dropna().unique()))
    assert [value for _, value in period.options] == periods
    assert period.value == periods[-1]
    before = _png(box)
    period.value = periods[0]
    assert _png(box) != before


def test_dimensions_must_be_in_the_table(sample_aggregate):
    with pytest.raises(ValueError, match="none of the requested dimensions"):
        chart_explorer(sample_aggregate, plots.share_bars, dimensions=["nope"])


def test_a_report_run_gets_a_note_instead_of_controls(sample_aggregate, monkeypatch):
    # no kernel answers the controls of an executed report notebook: draw nothing for nobody
    calls = []

    def share_bars(table, dimension, **options):
        calls.append(dimension)
        return plots.share_bars(table, dimension, **options)

    monkeypatch.setenv("FRAMING_RUN_ID", "a-report-run")
    note = chart_explorer(sample_aggregate, share_bars, labels="en")
    assert calls == []
    assert "open this notebook in JupyterLab" in note._repr_markdown_()
    monkeypatch.delenv("FRAMING_RUN_ID")
    box = chart_explorer(sample_aggregate, share_bars, labels="en")
    assert calls == ["armed_group_label"] and _png(box)


def test_a_selection_seen_before_shows_the_same_drawing_without_drawing_again(
        sample_over_time, monkeypatch):
    import framing.widgets as widgets_module

    monkeypatch.setattr(widgets_module, "_DRAWN", type(widgets_module._DRAWN)())
    drawn = []
    real = widgets_module.figure_png

    def counting(fig, **kwargs):
        drawn.append(fig)
        return real(fig, **kwargs)

    monkeypatch.setattr(widgets_module, "figure_png", counting)
    box = chart_explorer(sample_over_time, plots.timeline, labels="en")
    dimension = box.children[0].children[0]
    first = _png(box)
    dimension.value = "state_forces_label"
    other = _png(box)
    assert len(drawn) == 2 and other != first
    dimension.value = "armed_group_label"  # back to the first choice: no new drawing
    assert len(drawn) == 2 and _png(box) == first
    # the notebook run again on the same table: the explorer opens without drawing
    again = chart_explorer(sample_over_time.copy(), plots.timeline, labels="en")
    assert len(drawn) == 2 and _png(again) == first
    # another table, labels or font is another drawing
    chart_explorer(sample_over_time, plots.timeline, labels="ar")
    changed = sample_over_time.assign(share=sample_over_time["share"] * 0.5)
    chart_explorer(changed, plots.timeline, labels="en")
    assert len(drawn) == 4


def test_a_chart_function_of_ones_own_is_always_called(sample_aggregate):
    calls = []

    def mine(table, dimension, **options):
        calls.append(dimension)
        return plots.share_bars(table, dimension, **options)

    box = chart_explorer(sample_aggregate, mine, labels="en")
    box.children[0].children[0].value = "state_forces_label"
    box.children[0].children[0].value = "armed_group_label"
    assert calls == ["armed_group_label", "state_forces_label", "armed_group_label"]
