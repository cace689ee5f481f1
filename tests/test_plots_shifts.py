"""Events on timelines and the charts of framing shifts, drawn from real tables.

Events come from an events file read by :func:`framing.read_events`; the
tables are the embedded sample (aggregated by month) and four days of
SaudiNewsNet (aggregated by day, with :func:`framing.shifts` on the same
counts). Each chart is checked for what it draws (a dashed line per event,
a step per fitted segment at the table's shares, a grey span per shift) and
for text that stays inside the figure, in English, Arabic and both.
"""

from __future__ import annotations

import shutil
import warnings

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest
from matplotlib import dates as mdates
from matplotlib.collections import LineCollection
from matplotlib.patches import Rectangle

import framing
from framing import plots
from framing.indicators import attach_metadata
from test_plot_layout import drawn_texts, outside

DAYS = ["2015-08-01.zip", "2015-08-02.zip", "2015-08-03.zip", "2015-08-04.zip"]


def _event_lines(ax) -> list[float]:
    """x positions of the dashed event lines of an axes."""
    return [float(line.get_xdata(orig=False)[0])
            for line in ax.get_lines() if line.get_label() == "_event"]


def _texts(fig) -> list[str]:
    return [t.get_text() for t in drawn_texts(fig)]


@pytest.fixture(scope="module")
def monthly():
    corpus = framing.load_sample()
    counts = attach_metadata(framing.score(corpus, progress=False).counts, corpus)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # monthly cells of five articles are low n
        return framing.aggregate(counts, freq="M", n_boot=20, min_docs=2)


@pytest.fixture(scope="module")
def events_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("events") / "events.csv"
    path.write_text("date,label,description\n"
                    "2016-10-20,Battle of Mosul begins,offensive announced\n"
                    "2016-10-20,Second statement,same day\n"
                    "2016-11-15,Ceasefire talks (محادثات),\n"
                    "2017-06-01,Later event,outside the sample's dates\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def four_days(saudinewsnet_dir, tmp_path_factory):
    """Four days of SaudiNewsNet: daily aggregate, shifts of two dimensions, the counts."""
    folder = tmp_path_factory.mktemp("snn")
    for name in DAYS:
        shutil.copy(saudinewsnet_dir / name, folder / name)
    corpus = framing.load_corpus(folder)
    counts = attach_metadata(framing.score(corpus, progress=False).counts, corpus)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a few outlets have too few documents
        found = framing.shifts(counts, dimension=["death_frame", "isis_label"], freq="D",
                               penalty="bic", min_docs=10, n_perm=19, n_boot=50)
        agg = framing.aggregate(counts, freq="D", n_boot=20)
    return agg, found, counts


def test_timeline_draws_each_event_as_a_labelled_line(monthly, events_file):
    fig = plots.timeline(monthly, "terrorist", events=events_file)
    ax = fig.axes[0]
    lines = _event_lines(ax)
    wanted = mdates.date2num(pd.to_datetime(["2016-10-20", "2016-10-20", "2016-11-15"]))
    assert sorted(lines) == pytest.approx(sorted(wanted))
    texts = _texts(fig)
    # the two events of one day share one label instead of overprinting
    assert "Battle of Mosul begins; Second statement" in texts
    assert "Ceasefire talks (محادثات)" in texts
    # the event after the table's last month is not drawn, and the chart says so
    assert not any("Later event" in t for t in texts)
    assert "1 event outside the dates shown" in ax.get_title(loc="left")
    assert any(t == plots._EVENT_HANDLE_LABEL for t in texts)


@pytest.mark.parametrize("draw", [
    lambda agg, ev: plots.timeline(agg, "terrorist", events=ev),
    lambda agg, ev: plots.timeline(agg, "state_forces_label", events=ev),
    lambda agg, ev: plots.category_small_multiples(agg, categories=["army", "regime"],
                                                   events=ev),
], ids=["one_panel", "dimension_panels", "small_multiples"])
def test_an_event_late_in_the_last_period_is_inside_the_axes(monthly, tmp_path, draw):
    # the sample's last month is charted at 1 December; an event on the 13th belongs to it
    path = tmp_path / "events.csv"
    path.write_text("date,label\n2016-12-13,Evacuation deal\n", encoding="utf-8")
    fig = draw(monthly, path)
    when = mdates.date2num(pd.Timestamp("2016-12-13"))
    for ax in fig.axes:
        if ax.get_visible() and _event_lines(ax):
            low, high = ax.get_xlim()
            assert low < when < high
    assert "Evacuation deal" in _texts(fig)


@pytest.mark.parametrize("labels", ["en", "ar", "both"])
@pytest.mark.parametrize("kind", ["one_panel", "dimension_panels", "small_multiples"])
def test_event_labels_stay_inside_the_figure(monthly, events_file, kind, labels):
    events = framing.read_events(events_file)
    if kind == "one_panel":
        fig = plots.timeline(monthly, "terrorist", events=events, labels=labels)
    elif kind == "dimension_panels":
        fig = plots.timeline(monthly, "armed_group_label", events=events, labels=labels)
    else:
        wanted = [c.id for c in framing.load_lexicon("default").dimensions[0].categories]
        fig = plots.category_small_multiples(monthly, categories=wanted, events=events,
                                             labels=labels)
    texts = drawn_texts(fig)
    assert any("Ceasefire" in t.get_text() for t in texts)
    assert outside(fig, texts=texts) == []
    # labels of the panel grid are written in the top row only; lines in every panel
    drawn = [ax for ax in fig.axes if ax.get_visible()]
    assert all(len(_event_lines(ax)) == 3 for ax in drawn)


def test_event_labels_of_events_closer_than_a_label_do_not_overlap(monthly, tmp_path):
    path = tmp_path / "events.yaml"
    path.write_text("events:\n"
                    "  - {date: 2016-10-01, label: First of three}\n"
                    "  - {date: 2016-10-02, label: Second of three}\n"
                    "  - {date: 2016-12-10, label: Apart}\n", encoding="utf-8")
    fig = plots.timeline(monthly, "terrorist", events=path)
    texts = drawn_texts(fig)
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in texts
             if t.get_text() in ("First of three; Second of three", "Apart")]
    assert len(boxes) == 2
    assert not boxes[0].overlaps(boxes[1])


def test_events_parameter_errors_name_the_problem(monthly, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("date,label\n2016-10-20,Fine\n20 October,Not ISO\n", encoding="utf-8")
    with pytest.raises(framing.EventsError, match=r"bad\.csv, line 3, field 'date'"):
        plots.timeline(monthly, "terrorist", events=bad)
    with pytest.raises(ValueError, match="lacks column"):
        plots.timeline(monthly, "terrorist", events=pd.DataFrame({"when": ["2016-10-20"]}))
    with pytest.raises(TypeError, match="events"):
        plots.timeline(monthly, "terrorist", events=42)


def _one_series(monthly):
    """The sample as one outlet, segmented with no penalty (every change of shares is a
    shift): a real shifts table small enough for the embedded sample."""
    corpus = framing.load_sample().assign(outlet="all outlets")
    counts = attach_metadata(framing.score(corpus, progress=False).counts, corpus)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = framing.shifts(counts, dimension="armed_group_label", freq="M", min_size=1,
                               min_docs=1, penalty=0.0, n_perm=0, n_boot=50)
        agg = framing.aggregate(counts, freq="M", n_boot=20, min_docs=1)
    return agg, found


def test_shift_timeline_draws_segments_at_the_tables_shares(monthly):
    agg, found = _one_series(monthly)
    assert not found.empty
    fig = plots.shift_timeline(agg, found, "armed_group_label")
    ax = fig.axes[0]
    steps = [c for c in ax.collections if isinstance(c, LineCollection)]
    levels = sorted(round(float(seg[0][1]), 9) for c in steps for seg in c.get_segments())
    expected = set()
    for _, row in found.iterrows():
        expected |= {round(row["share_before"], 9), round(row["share_after"], 9)}
    assert set(levels) == expected
    spans = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_alpha() == 0.18]
    assert len(spans) == found["changepoint"].nunique()
    n = found["changepoint"].nunique()
    assert f"{n} shift{'s' if n != 1 else ''}" in ax.get_title(loc="left")
    assert outside(fig) == []


def test_shift_timeline_errors(monthly):
    agg, found = _one_series(monthly)
    with pytest.raises(ValueError, match="no rows for outlet 'Nowhere'"):
        plots.shift_timeline(agg, found, "armed_group_label", "Nowhere")
    with pytest.raises(ValueError, match="needs the column"):
        plots.shift_timeline(agg, found.drop(columns="share_after"), "armed_group_label")
    daily = agg.copy()
    daily.attrs = {**agg.attrs, "aggregate": {**agg.attrs["aggregate"], "freq": "D"}}
    with pytest.raises(ValueError, match=r"freq='M'.*freq='D'"):
        plots.shift_timeline(daily, found, "armed_group_label")
    with pytest.raises(ValueError, match="4 outlets; name one"):
        plots.shift_timeline(monthly, found, "armed_group_label")


@pytest.mark.parametrize("labels", ["en", "ar", "both"])
def test_shift_charts_on_saudinewsnet(four_days, events_file, labels, tmp_path):
    agg, found, _ = four_days
    assert not found.empty, "four days of SaudiNewsNet show at least one shift (BIC)"
    first = found.sort_values("tvd", ascending=False).iloc[0]
    events = tmp_path / "events.csv"
    events.write_text("date,label\n2015-08-03,Abha mosque bombing\n2015-08-02,Earlier\n",
                      encoding="utf-8")
    fig = plots.shift_timeline(agg, found, first["dimension"], first["outlet"], events=events,
                               labels=labels)
    ax = fig.axes[0]
    assert len(_event_lines(ax)) == 2
    spans = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_alpha() == 0.18]
    mine = found[(found["outlet"] == first["outlet"])
                 & (found["dimension"] == first["dimension"])]
    assert len(spans) == mine["changepoint"].nunique()
    assert outside(fig) == []

    grid = plots.shift_small_multiples(agg, found, first["dimension"], events=events,
                                       labels=labels)
    panels = [a for a in grid.axes if a.get_visible()]
    series = [s for s in found.attrs["series"] if s["dimension"] == first["dimension"]]
    used = agg[(agg["dimension"] == first["dimension"])].groupby("outlet")["hits"].sum()
    assert len(panels) == int((used > 0).sum())
    titles = {a.get_title(loc="left").split("\n")[0]: a.get_title(loc="left") for a in panels}
    for info in series:
        title = titles.get(info["outlet"])
        if title is None:
            continue
        if info["status"] == "segmented":
            assert ("no shift found" in title) == (info["n_changepoints"] == 0)
        else:
            assert "not segmented" in title
    assert outside(grid) == []


def test_every_new_chart_function_is_public():
    assert {"shift_timeline", "shift_small_multiples"} <= set(plots.__all__)


def test_shift_charts_take_the_counts_as_well(four_days):
    agg, found, counts = four_days
    first = found.sort_values("tvd", ascending=False).iloc[0]
    from_counts = plots.shift_timeline(counts, found, first["dimension"], first["outlet"])
    from_agg = plots.shift_timeline(agg, found, first["dimension"], first["outlet"])
    dots = [line.get_ydata() for fig in (from_counts, from_agg)
            for line in fig.axes[0].get_lines() if line.get_marker() == "o"]
    half = len(dots) // 2
    assert half > 0
    for mine, theirs in zip(dots[:half], dots[half:], strict=True):
        assert mine == pytest.approx(theirs, nan_ok=True)
    assert len(plots.shift_small_multiples(counts, found, first["dimension"]).axes) > 1


def test_a_series_without_a_shift_is_drawn_as_one_segment(four_days):
    agg, found, _ = four_days
    quiet = next(s for s in found.attrs["series"]
                 if s["status"] == "segmented" and s["n_changepoints"] == 0)
    fig = plots.shift_timeline(agg, found, quiet["dimension"], quiet["outlet"])
    ax = fig.axes[0]
    assert "no shift found" in ax.get_title(loc="left")
    rows = agg[(agg["outlet"] == quiet["outlet"]) & (agg["dimension"] == quiet["dimension"])]
    pooled = rows.groupby("category")["hits"].sum() / rows["hits"].sum()
    steps = [c for c in ax.collections if isinstance(c, LineCollection)]
    levels = sorted(float(seg[0][1]) for c in steps for seg in c.get_segments())
    assert levels == pytest.approx(sorted(pooled.to_numpy()))
    # no band and no shift span for a single segment
    assert not [p for p in ax.patches if isinstance(p, Rectangle) and p.get_alpha() == 0.18]
