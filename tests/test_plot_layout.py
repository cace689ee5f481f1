"""No chart clips its text: every drawn text and legend handle lies inside the figure.

The charts are drawn from realistic tables: the embedded sample scored with
the default lexicon and aggregated by outlet, and by outlet × month, also
with the outlets renamed to long English-and-Arabic names. Each chart kind is
drawn in English, Arabic and both label languages, then rendered on an Agg
canvas; the window extent of every text that was actually drawn (the test
records the texts as the renderer draws them, so tick labels outside the view
and hidden artists do not count) must lie inside the figure, as must every
legend and each of its handles (the marker and line of "open marker: low n",
the swatches of the share bars), in the screen rendering and at export dpi.
"""

from __future__ import annotations

import functools
import warnings

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Text

import framing
from framing import plots
from framing.aggregate import aggregate
from framing.indicators import attach_metadata
from framing.keyness import keyness

#: Long outlet names, as a corpus with full descriptive names would have them.
LONG_NAMES = {
    "Al Mayadeen": "Al Mayadeen Satellite Channel (Beirut) – قناة الميادين الفضائية",
    "Buratha News": "Buratha News Agency, Baghdad – وكالة أنباء براثا",
    "Egyptian news site": "Egyptian independent news site – موقع إخباري مصري مستقل",
    "Micro Syria": "Micro Syria (opposition network) – شبكة مايكرو سيريا",
}

#: Pixels a text may stick out by (antialiasing and rounding of extents).
TOLERANCE = 1.0


@functools.cache
def _tables() -> dict[str, pd.DataFrame]:
    corpus = framing.load_sample()
    counts = attach_metadata(framing.score(corpus).counts, corpus)
    by_outlet = aggregate(counts, n_boot=20, min_docs=2)
    with warnings.catch_warnings():
        # Monthly cells of five articles are all low n: expected, and drawn as such.
        warnings.filterwarnings("ignore", "framing.aggregate: every cell", UserWarning)
        monthly = aggregate(counts, freq="M", n_boot=20, min_docs=2)
    long_outlet = by_outlet.assign(outlet=by_outlet["outlet"].map(LONG_NAMES))
    long_monthly = monthly.assign(outlet=monthly["outlet"].map(LONG_NAMES))
    first = sorted(corpus["outlet"].unique())[0]
    words = keyness(corpus, "outlet", a=first, min_count=1)
    return {"outlet": by_outlet, "monthly": monthly, "long_outlet": long_outlet,
            "long_monthly": long_monthly, "keyness": words}


def _chart(kind: str, labels: str, long: bool) -> Figure:
    tables = _tables()
    outlet = tables["long_outlet" if long else "outlet"]
    monthly = tables["long_monthly" if long else "monthly"]
    if kind == "share_bars":
        return plots.share_bars(outlet, "armed_group_label", labels=labels)
    if kind == "timeline_one_panel":
        return plots.timeline(monthly, "terrorist", labels=labels)
    if kind == "timeline_two_panels":
        return plots.timeline(monthly, "death_frame", labels=labels)
    if kind == "timeline_seven_panels":
        return plots.timeline(monthly, "armed_group_label", labels=labels)
    if kind == "timeline_three_panels":
        return plots.timeline(monthly, "state_forces_label", measure="rate", labels=labels)
    if kind == "heatmap":
        return plots.heatmap(outlet, labels=labels)
    if kind == "heatmap_rate":
        return plots.heatmap(outlet, measure="rate", labels=labels)
    if kind == "small_multiples":
        return plots.category_small_multiples(monthly, labels=labels)
    if kind == "keyness_chart":
        words = tables["keyness"]
        side = LONG_NAMES["Al Mayadeen"] if long else None
        return plots.keyness_chart(words, top=12, label_a=side,
                                   label_b="all other outlets – باقي المنافذ" if long else None)
    raise AssertionError(kind)


#: Every public chart function is drawn at least once.
KINDS = ["share_bars", "timeline_one_panel", "timeline_two_panels", "timeline_three_panels",
         "timeline_seven_panels",
         "heatmap", "heatmap_rate", "small_multiples", "keyness_chart"]


def test_every_public_chart_function_is_covered():
    # the shift charts are drawn and checked for clipping in test_plots_shifts.py, the
    # language bars in test_multilingual.py
    drawn = {"share_bars", "timeline", "heatmap", "category_small_multiples", "keyness_chart",
             "shift_timeline", "shift_small_multiples", "language_bars"}
    charts = {name for name in plots.__all__
              if callable(getattr(plots, name)) and name[0].islower()
              and name not in {"check_font", "get_font", "set_font", "outlet_colours", "shorten"}}
    assert charts == drawn


def drawn_texts(fig: Figure) -> list[Text]:
    """The texts the renderer draws (visible, non-empty, inside drawn axes)."""
    seen: list[Text] = []
    original = Text.draw

    def record(self, renderer):
        if self.get_visible() and self.get_text():
            seen.append(self)
        return original(self, renderer)

    Text.draw = record
    try:
        FigureCanvasAgg(fig).draw()
    finally:
        Text.draw = original
    return seen


def outside(fig: Figure, tolerance: float = TOLERANCE, texts: list[Text] | None = None
            ) -> list[str]:
    """What sticks out of the figure: a line per text or legend part (``texts``:
    those :func:`drawn_texts` just recorded, else the figure is drawn here)."""
    texts = drawn_texts(fig) if texts is None else texts
    renderer = fig.canvas.get_renderer()
    frame = fig.bbox
    problems = []

    def check(what: str, box) -> None:
        if (box.x0 < frame.x0 - tolerance or box.y0 < frame.y0 - tolerance
                or box.x1 > frame.x1 + tolerance or box.y1 > frame.y1 + tolerance):
            problems.append(
                f"{what}: ({box.x0:.0f}, {box.y0:.0f})–({box.x1:.0f}, {box.y1:.0f}) outside "
                f"the figure's {frame.width:.0f}×{frame.height:.0f} px")

    for text in texts:
        check(f"text {text.get_text()[:50]!r}", text.get_window_extent(renderer))
    legends = [a for a in fig.findobj(Legend) if a.get_visible()]
    for legend in legends:
        check("legend", legend.get_window_extent(renderer))
        for handle in legend.legend_handles:
            if handle is not None and handle.get_visible():
                check(f"legend handle {handle.get_label()[:40]!r}",
                      handle.get_window_extent(renderer))
    return problems


@pytest.mark.parametrize("long", [False, True], ids=["sample_names", "long_names"])
@pytest.mark.parametrize("labels", ["en", "ar", "both"])
@pytest.mark.parametrize("kind", KINDS)
def test_no_text_is_clipped(kind, labels, long):
    fig = _chart(kind, labels, long)
    texts = drawn_texts(fig)
    assert texts, "nothing was drawn"
    assert outside(fig, texts=texts) == []


@pytest.mark.parametrize("kind", ["timeline_two_panels", "share_bars", "heatmap"])
def test_no_text_is_clipped_at_export_dpi(kind):
    """At 300 dpi (what save_figure writes) the layout holds as well."""
    fig = _chart(kind, "both", True)
    fig.set_dpi(300)
    assert outside(fig, tolerance=3.0) == []


def test_checker_sees_a_clipped_legend():
    """The check is not vacuous: a legend pushed past the right edge is reported."""
    fig = Figure(figsize=(4, 3))
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1], marker="o", label="Al Mayadeen")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    problems = outside(fig)
    assert any("legend handle 'Al Mayadeen'" in p for p in problems)
    assert any("text 'Al Mayadeen'" in p for p in problems)
