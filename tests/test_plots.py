"""Charts and figure export: artists, colours, labels, errors, files and Arabic rendering.

The aggregate tables here are built by hand from hit counts, so the values a
chart must draw (a share is a category's hits over its dimension's hits) are
worked out in the test, not read back from the code under test.

The rendering tests draw text with matplotlib's Agg renderer and compare the
ink (dark pixels) of different strings. They prove that Arabic comes out
joined and right to left, that the old reshape-and-reverse recipe would now
show it backwards, and that the charts' tick labels and legend entries are
drawn like a correctly shaped reference string.
"""

from __future__ import annotations

import functools
import re
import struct
import unicodedata
import warnings
import zlib
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection, QuadMesh
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

import framing
from framing import figures, plots

REFERENCE = "الجيش السوري"

# -- test tables --------------------------------------------------------------

STATE = ["army", "regime", "government"]
ARMED = ["terrorist", "opposition"]

#: Hits per outlet and category. عكاظ: army 3, regime 1, government 0, so its
#: state-forces shares are 3/4, 1/4 and 0; سبق has no state-forces hit at all.
HITS = {
    "الرياض": {"army": 2, "regime": 2, "government": 4, "terrorist": 5, "opposition": 5},
    "عكاظ": {"army": 3, "regime": 1, "government": 0, "terrorist": 1, "opposition": 3},
    "سبق": {"army": 0, "regime": 0, "government": 0, "terrorist": 2, "opposition": 0},
}
N_DOCS = {"الرياض": 40, "عكاظ": 25, "سبق": 6}
TOKENS_PER_DOC = 200
MIN_DOCS = 10


@functools.cache
def _default_lexicon() -> framing.Lexicon:
    return framing.load_lexicon("default")


def _rows(hits: dict, n_docs: dict, period=None) -> list[dict]:
    lexicon = _default_lexicon()
    rows = []
    for outlet, by_category in hits.items():
        totals: dict[str, int] = {}
        for category, count in by_category.items():
            dim = lexicon.dimension_of(category)
            totals[dim] = totals.get(dim, 0) + count
        tokens = n_docs[outlet] * TOKENS_PER_DOC
        for category, count in by_category.items():
            dim = lexicon.dimension_of(category)
            share = count / totals[dim] if totals[dim] else np.nan
            rate = 1000 * count / tokens
            using = min(count, n_docs[outlet])
            row = {
                "outlet": outlet, "dimension": dim, "category": category,
                "n_docs": n_docs[outlet], "hits": count, "tokens": tokens,
                "rate": rate, "rate_low": rate * 0.5, "rate_high": rate * 1.5 + 0.1,
                "share": share, "share_low": share * 0.8, "share_high": min(1.0, share * 1.2),
                "n_docs_using": using, "doc_share": using / n_docs[outlet],
                "doc_share_low": 0.0, "doc_share_high": 1.0,
                "low_n": n_docs[outlet] < MIN_DOCS,
            }
            if period is not None:
                row["period"] = pd.Timestamp(period)
            rows.append(row)
    return rows


@pytest.fixture(scope="module")
def lexicon():
    return _default_lexicon()


@pytest.fixture()
def agg() -> pd.DataFrame:
    """One period: three outlets, five categories in two dimensions."""
    return pd.DataFrame(_rows(HITS, N_DOCS))


@pytest.fixture()
def agg_time() -> pd.DataFrame:
    """Three months; سبق is low n every month, the others never."""
    rows = []
    for month, scale in (("2015-01-01", 1), ("2015-02-01", 2), ("2015-03-01", 3)):
        hits = {o: {c: n * scale for c, n in cats.items()} for o, cats in HITS.items()}
        rows += _rows(hits, N_DOCS, period=month)
    return pd.DataFrame(rows)


def _legend_labels(legend) -> list[str]:
    return [t.get_text() for t in legend.get_texts()]


# -- share bars ---------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "ar", "both"])
def test_share_bars_draws_one_segment_per_outlet_and_category(agg, lexicon, language):
    fig = plots.share_bars(agg, "state_forces_label", labels=language)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert len(ax.containers) == len(STATE)
    assert sum(len(c.patches) for c in ax.containers) == len(STATE) * len(HITS)
    for container, category_id in zip(ax.containers, STATE, strict=True):
        colour = lexicon.category(category_id).colour
        assert all(p.get_facecolor() == to_rgba(colour) for p in container.patches)
    expected = [lexicon.category(c).label(language) for c in STATE]
    # سبق is low n, so the legend ends with the hatch explanation.
    labels = _legend_labels(ax.get_legend())
    assert labels[:-1] == expected
    assert labels[-1].startswith("low n")
    # Bars in sorted outlet order, top to bottom.
    assert [t.get_text() for t in ax.get_yticklabels()] == sorted(HITS)


def test_share_bars_widths_are_the_dimension_shares(agg):
    fig = plots.share_bars(agg, "state_forces_label")
    ax = fig.axes[0]
    row = sorted(HITS).index("عكاظ")
    widths = [c.patches[row].get_width() for c in ax.containers]
    assert widths == pytest.approx([0.75, 0.25, 0.0])
    lefts = [c.patches[row].get_x() for c in ax.containers]
    assert lefts == pytest.approx([0.0, 0.75, 1.0])
    texts = [t.get_text() for t in ax.texts]
    assert "n = 25" in texts and "n = 40" in texts
    assert "n = 6 (low n)" in texts
    # سبق has no state-forces label: an empty bar, said in words.
    assert "no labels of this dimension" in texts


def test_share_bars_hatches_low_n_bars_only(agg):
    fig = plots.share_bars(agg, "armed_group_label")
    ax = fig.axes[0]
    low_row = sorted(HITS).index("سبق")
    for container in ax.containers:
        for i, patch in enumerate(container.patches):
            assert (patch.get_hatch() == "///") == (i == low_row)


def test_share_bars_without_low_n_outlets_has_legend_equal_to_lexicon(agg, lexicon):
    table = agg[agg["outlet"] != "سبق"]
    fig = plots.share_bars(table, "armed_group_label", labels="ar")
    labels = _legend_labels(fig.axes[0].get_legend())
    assert labels == [lexicon.category(c).label_ar for c in ARMED]


def test_share_bars_draws_into_given_axes(agg):
    fig = Figure()
    ax = fig.add_subplot()
    assert plots.share_bars(agg, "armed_group_label", ax=ax) is fig
    assert len(ax.containers) == len(ARMED)


def test_share_bars_order_sets_bar_order(agg):
    order = ["سبق", "الرياض", "عكاظ"]
    fig = plots.share_bars(agg, "armed_group_label", order=order)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == order
    with pytest.raises(ValueError, match="missing from order"):
        plots.share_bars(agg, "armed_group_label", order=["سبق"])


def test_share_bars_names_missing_columns(agg):
    with pytest.raises(ValueError, match=r"'share', 'n_docs'") as info:
        plots.share_bars(agg.drop(columns=["share", "n_docs"]), "armed_group_label")
    assert "framing.aggregate" in str(info.value)


def test_share_bars_rejects_bad_input(agg):
    with pytest.raises(ValueError, match=re.escape(
            "The 'labels' parameter of framing.plots.share_bars must be one of")):
        plots.share_bars(agg, "armed_group_label", labels="fr")
    with pytest.raises(ValueError, match="no dimension 'tone'"):
        plots.share_bars(agg, "tone")
    with pytest.raises(TypeError, match="pandas DataFrame"):
        plots.share_bars(agg.to_dict("records"), "armed_group_label")
    unknown = agg.assign(category=agg["category"].replace({"army": "soldier"}))
    with pytest.raises(ValueError, match="soldier"):
        plots.share_bars(unknown, "state_forces_label")
    assert agg.loc[0, "category"] == "army"
    with pytest.raises(ValueError, match="no row for 1 outlet/category"):
        plots.share_bars(agg.drop(index=0), "state_forces_label")


def test_share_bars_needs_one_period(agg_time):
    with pytest.raises(ValueError, match=r"3 periods .*period="):
        plots.share_bars(agg_time, "armed_group_label")
    fig = plots.share_bars(agg_time, "armed_group_label", period="2015-02-01")
    assert len(fig.axes[0].containers) == len(ARMED)


# -- lines over time ----------------------------------------------------------


def _named_lines(ax) -> list:
    return [line for line in ax.get_lines() if not line.get_label().startswith("_")]


def test_timeline_of_a_category_draws_a_line_and_band_per_outlet(agg_time):
    fig = plots.timeline(agg_time, "terrorist", labels="both")
    ax = fig.axes[0]
    lines = _named_lines(ax)
    colours = plots.outlet_colours(HITS)
    assert [line.get_label() for line in lines] == sorted(HITS)
    for line in lines:
        assert to_rgba(line.get_color()) == to_rgba(colours[line.get_label()])
        assert len(line.get_xdata()) == 3
    # one collection of bands per panel, one polygon per outlet (no gaps here), in the
    # outlets' colours and under their lines
    (bands,) = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert len(bands.get_paths()) == len(HITS)
    assert [to_rgba(c)[:3] for c in bands.get_facecolors()] == [
        to_rgba(colours[line.get_label()])[:3] for line in lines]
    assert bands.get_zorder() < min(line.get_zorder() for line in lines)
    # الرياض has 5 terrorist hits of 10 armed-group hits each month: share 0.5,
    # band 0.4 to 0.6.
    riyadh = next(line for line in lines if line.get_label() == "الرياض")
    assert list(riyadh.get_ydata()) == pytest.approx([0.5, 0.5, 0.5])
    band = bands.get_paths()[lines.index(riyadh)]
    ys = band.vertices[:, 1]
    assert ys.min() == pytest.approx(0.4) and ys.max() == pytest.approx(0.6)
    assert np.ptp(band.vertices[:, 0]) == pytest.approx(np.ptp(riyadh.get_xdata().astype(
        "datetime64[D]").astype(float)))  # from the first month to the last
    assert ax.get_title(loc="left") == "terrorist (إرهابي)"
    assert _legend_labels(ax.get_legend())[-1] == "open marker: low n"


def test_timeline_of_a_dimension_draws_a_panel_per_category(agg_time, lexicon):
    fig = plots.timeline(agg_time, "state_forces_label", measure="rate", labels="ar")
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert len(axes) == len(STATE)
    assert [ax.get_title(loc="left") for ax in axes] == [
        lexicon.category(c).label_ar for c in STATE
    ]
    assert all(len(_named_lines(ax)) == len(HITS) for ax in axes)
    assert axes[0].get_ylabel() == "hits per 1,000 tokens"
    # One value axis for the dimension's panels, up to its highest band.
    top = agg_time.loc[agg_time["category"].isin(STATE), "rate_high"].max()
    assert all(ax.get_ylim() == pytest.approx((0, top * 1.05)) for ax in axes)
    with pytest.raises(ValueError, match=re.escape("ax=... takes a single category")):
        plots.timeline(agg_time, "state_forces_label", ax=Figure().add_subplot())


def test_timeline_leaves_gaps_for_periods_without_documents(agg_time):
    # A month without documents has NaN values and is low n; it is a gap in
    # the line, not a point, and not a low-n marker.
    table = agg_time[agg_time["outlet"] != "سبق"].copy()
    empty = (table["outlet"] == "عكاظ") & (table["period"] == "2015-02-01")
    table.loc[empty, ["n_docs", "hits"]] = 0
    table.loc[empty, ["share", "share_low", "share_high"]] = np.nan
    table.loc[empty, "low_n"] = True
    ax = plots.timeline(table, "army").axes[0]
    okaz = next(line for line in _named_lines(ax) if line.get_label() == "عكاظ")
    assert np.isnan(okaz.get_ydata()[1])
    # its band is broken there too: the months around the gap are single periods, which
    # have no width, so only the other outlet's band is left
    (bands,) = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert len(bands.get_paths()) == 1
    assert "open marker: low n" not in _legend_labels(ax.get_legend())


def test_charts_hold_the_garbage_collector_only_while_drawing(agg_time, monkeypatch):
    import gc

    seen = []
    draw_lines = plots._draw_lines

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return draw_lines(*args, **kwargs)

    monkeypatch.setattr(plots, "_draw_lines", spy)
    assert gc.isenabled()
    fig = plots.timeline(agg_time, "state_forces_label")
    assert seen and not any(seen)  # held while the panels were drawn
    assert gc.isenabled()  # and running again afterwards
    with pytest.raises(ValueError, match="neither a category nor a dimension"):
        plots.timeline(agg_time, "freedom_fighter")
    assert gc.isenabled()  # also after an error
    gc.disable()
    try:
        plots.timeline(agg_time, "army")
        assert not gc.isenabled()  # a caller's own choice is left alone
    finally:
        gc.enable()
    png = fig._repr_png_()
    assert png.startswith(b"\x89PNG") and gc.isenabled()


def test_timeline_errors_name_the_problem(agg_time):
    with pytest.raises(ValueError, match="'share_low', 'share_high'"):
        plots.timeline(agg_time.drop(columns=["share_low", "share_high"]), "terrorist")
    fig = plots.timeline(agg_time.drop(columns=["share_low", "share_high"]), "terrorist",
                         intervals=False)
    assert not [c for c in fig.axes[0].collections if isinstance(c, PolyCollection)]
    with pytest.raises(ValueError, match="'period'"):
        plots.timeline(agg_time.drop(columns=["period"]), "terrorist")
    with pytest.raises(ValueError, match="neither a category nor a dimension"):
        plots.timeline(agg_time, "freedom_fighter")
    with pytest.raises(ValueError, match=r"The 'measure' parameter .* must be one of"):
        plots.timeline(agg_time, "terrorist", measure="count")
    with pytest.raises(ValueError, match="no colour for"):
        plots.timeline(agg_time, "terrorist", colours={"الرياض": "#000000"})


def test_small_multiples_draws_a_panel_per_category(agg_time, lexicon):
    fig = plots.category_small_multiples(agg_time, labels="both", ncols=2)
    axes = [ax for ax in fig.axes if ax.get_visible()]
    in_order = [c.id for c in lexicon.categories if c.id in set(STATE + ARMED)]
    assert len(axes) == len(in_order) == 5
    assert [ax.get_title(loc="left") for ax in axes] == [
        f"{lexicon.category(c).label_en}\n{lexicon.category(c).label_ar}" for c in in_order
    ]
    for ax, category_id in zip(axes, in_order, strict=True):
        assert len(_named_lines(ax)) == len(HITS)
        assert to_rgba(ax.spines["top"].get_edgecolor()) == to_rgba(
            lexicon.category(category_id).colour)
    assert _legend_labels(fig.legends[0]) == [*sorted(HITS), "open marker: low n"]
    # Rates differ between categories, so each panel keeps its own scale.
    assert len({ax.get_ylim() for ax in axes}) > 1
    fig = plots.category_small_multiples(agg_time, measure="share", categories=["army"])
    assert len([ax for ax in fig.axes if ax.get_visible()]) == 1
    with pytest.raises(ValueError, match="no rows for categories daesh"):
        plots.category_small_multiples(agg_time, categories=["daesh"])


# -- heatmap ------------------------------------------------------------------


def test_heatmap_cells_follow_lexicon_order_and_outlets(agg, lexicon):
    fig = plots.heatmap(agg, labels="both")
    ax = fig.axes[0]
    mesh = next(c for c in ax.collections if isinstance(c, QuadMesh))
    rows = [c.id for c in lexicon.categories if c.id in set(STATE + ARMED)]
    values = np.ma.filled(mesh.get_array(), np.nan).reshape(len(rows), len(HITS))
    okaz = sorted(HITS).index("عكاظ")
    army = rows.index("army")
    assert values[army, okaz] == pytest.approx(0.75)
    # سبق has no state-forces label: those cells are empty, shown as a dash.
    sabq = sorted(HITS).index("سبق")
    assert np.isnan(values[rows.index("regime"), sabq])
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        lexicon.category(c).label("both") for c in rows
    ]
    assert [t.get_text().split("\n")[0] for t in ax.get_xticklabels()] == sorted(HITS)
    cell_texts = [t.get_text() for t in ax.texts]
    assert len(cell_texts) == len(rows) * len(HITS)
    assert "75%" in cell_texts and cell_texts.count("–") == len(STATE)
    # One separator between the two dimensions.
    assert len(ax.get_lines()) == 1


def test_heatmap_of_rates_and_errors(agg):
    fig = plots.heatmap(agg, measure="rate", dimensions=["armed_group_label"], labels="ar")
    mesh = next(c for c in fig.axes[0].collections if isinstance(c, QuadMesh))
    assert mesh.get_array().size == len(ARMED) * len(HITS)
    with pytest.raises(ValueError, match="'rate'"):
        plots.heatmap(agg.drop(columns=["rate"]), measure="rate")
    with pytest.raises(ValueError, match="no dimension 'tone'"):
        plots.heatmap(agg, dimensions=["tone"])


# -- keyness ------------------------------------------------------------------


@pytest.fixture()
def keyness_table() -> pd.DataFrame:
    return pd.DataFrame({
        "term": ["الإرهابيين", "المسلحين", "المعارضة", "النظام", "الجيش السوري", "داعش"],
        "count_a": [50, 30, 5, 2, 40, 10],
        "count_b": [5, 10, 40, 35, 12, 10],
        "delta": [2.3, 1.1, -2.1, -2.8, 1.2, 0.0],
        "variance": [0.1] * 6,
        "z": [7.0, 3.0, -6.0, -8.0, 3.5, 0.0],
    })


def test_keyness_chart_shows_the_strongest_terms_of_each_side(keyness_table):
    fig = plots.keyness_chart(keyness_table, top=2, label_a="الرياض", label_b="عكاظ")
    left, right = fig.axes
    # Largest positive z first (more in A); most negative first (more in B).
    assert [t.get_text() for t in left.get_yticklabels()] == ["الإرهابيين", "الجيش السوري"]
    assert [t.get_text() for t in right.get_yticklabels()] == ["النظام", "المعارضة"]
    assert [p.get_width() for p in left.patches] == pytest.approx([7.0, 3.5])
    assert [p.get_width() for p in right.patches] == pytest.approx([8.0, 6.0])
    assert left.get_title(loc="left") == "more frequent in الرياض"
    assert "50 / 5" in [t.get_text() for t in left.texts]


def test_keyness_chart_names_sides_from_the_table(keyness_table):
    table = keyness_table.assign(group="الرياض", reference="rest")
    left, right = plots.keyness_chart(table, top=1).axes
    assert left.get_title(loc="left") == "more frequent in الرياض"
    assert right.get_title(loc="left") == "more frequent in rest"
    left, _ = plots.keyness_chart(keyness_table, top=1).axes
    assert left.get_title(loc="left") == "more frequent in A"


def test_keyness_chart_labels_bars_with_the_written_form(keyness_table):
    """With a ``surface`` column (the most frequent written form of each
    normalised term) bars are labelled as the words are written; a row
    without one falls back to the term."""
    normalised = keyness_table.assign(
        term=["ارهابيين", "مسلحين", "معارضه", "نظام", "جيش سوري", "داعش"],
        surface=["الإرهابيين", "المسلحين", "المعارضة", None, "الجيش السوري", "داعش"],
    )
    left, right = plots.keyness_chart(normalised, top=2).axes
    assert [t.get_text() for t in left.get_yticklabels()] == ["الإرهابيين", "الجيش السوري"]
    assert [t.get_text() for t in right.get_yticklabels()] == ["نظام", "المعارضة"]
    without = plots.keyness_chart(normalised.drop(columns="surface"), top=2).axes[0]
    assert [t.get_text() for t in without.get_yticklabels()] == ["ارهابيين", "جيش سوري"]


def test_shorten_keeps_start_and_end_and_arabic_marks_whole():
    assert plots.shorten("سبق") == "سبق"
    assert plots.shorten("Al  Mayadeen\nTV") == "Al Mayadeen TV"
    long_name = "Al Mayadeen Satellite Channel (Beirut) – قناة الميادين الفضائية"
    short = plots.shorten(long_name)
    assert len(short) <= plots.MAX_LABEL_CHARS and "…" in short
    head, tail = short.split("…")
    assert long_name.startswith(head) and long_name.endswith(tail)
    # Whole words at the cuts where one ends nearby: no Arabic word is cut.
    assert tail == "الفضائية" and head == "Al Mayadeen Satellite"
    vocalised = "شَهِيدٌ" * 20  # every letter carries a haraka
    short = plots.shorten(vocalised)
    head, tail = short.split("…")
    assert vocalised.startswith(head) and vocalised.endswith(tail)
    assert not unicodedata.category(tail[0]).startswith("M")
    assert not unicodedata.category(vocalised[len(head)]).startswith("M")


def test_share_bars_keeps_long_names_apart(agg):
    """Names that shorten alike (they differ only in the middle) still label
    distinct bars."""
    start, end = "Saudi Press Agency bureau ", " covering the eastern province – واس الشرقية"
    names = {"الرياض": start + "one" + end, "عكاظ": start + "two" + end}
    assert plots.shorten(names["الرياض"]) == plots.shorten(names["عكاظ"])
    fig = plots.share_bars(agg.replace({"outlet": names}), "armed_group_label")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(set(labels)) == 3
    assert labels[0].endswith(" #1") and labels[1].endswith(" #2")
    assert all(len(label) <= plots.MAX_LABEL_CHARS for label in labels)


def test_keyness_chart_groups_and_errors(keyness_table):
    stacked = pd.concat([keyness_table.assign(group="x"), keyness_table.assign(group="y")])
    with pytest.raises(ValueError, match="pass group="):
        plots.keyness_chart(stacked)
    assert len(plots.keyness_chart(stacked, group="y", top=1).axes[0].patches) == 1
    with pytest.raises(ValueError, match="'z'"):
        plots.keyness_chart(keyness_table.drop(columns=["z"]))
    with pytest.raises(ValueError, match="The 'top' parameter"):
        plots.keyness_chart(keyness_table, top=0)


# -- colours and fonts --------------------------------------------------------


def test_outlet_colours_do_not_depend_on_row_order():
    forward = plots.outlet_colours(["عكاظ", "الرياض", "سبق"])
    backward = plots.outlet_colours(["سبق", "الرياض", "عكاظ", "سبق"])
    assert forward == backward
    assert list(forward.values()) == list(plots.OUTLET_PALETTE[:3])
    many = plots.outlet_colours([f"outlet {i:02d}" for i in range(10)])
    assert many["outlet 08"] == plots.OUTLET_PALETTE[0]


def test_font_without_arabic_warns_and_falls_back(agg):
    with pytest.warns(plots.ArabicFontWarning, match="'DejaVu Serif'.*no glyphs"):
        plots.check_font("DejaVu Serif")
    with pytest.warns(plots.ArabicFontWarning, match="not installed"):
        assert plots.check_font("No Such Font Family 7") is None
    with pytest.warns(plots.ArabicFontWarning):
        fig = plots.share_bars(agg, "armed_group_label", font="DejaVu Serif")
    tick = fig.axes[0].get_yticklabels()[0]
    assert tick.get_fontfamily() == ["DejaVu Serif", "DejaVu Sans"]


def test_font_with_arabic_is_used_without_warning(agg):
    with warnings.catch_warnings():
        warnings.simplefilter("error", plots.ArabicFontWarning)
        assert plots.check_font("DejaVu Sans").name == "DejaVuSans.ttf"
        fig = plots.share_bars(agg, "armed_group_label", font="DejaVu Sans Mono")
    ax = fig.axes[0]
    assert ax.get_yticklabels()[0].get_fontfamily()[0] == "DejaVu Sans Mono"
    assert ax.get_legend().get_texts()[0].get_fontfamily()[0] == "DejaVu Sans Mono"


def test_set_font_changes_the_default():
    assert plots.get_font() == plots.DEFAULT_FONT
    try:
        plots.set_font("DejaVu Sans Mono")
        assert plots.get_font() == "DejaVu Sans Mono"
        fig = plots.keyness_chart(pd.DataFrame({"term": ["داعش"], "count_a": [3],
                                                "count_b": [1], "z": [2.0]}))
        assert fig.axes[0].get_yticklabels()[0].get_fontfamily()[0] == "DejaVu Sans Mono"
    finally:
        plots.set_font(plots.DEFAULT_FONT)


# -- export -------------------------------------------------------------------


def _png_size_and_dpi(path: Path) -> tuple[tuple[int, int], float]:
    data = path.read_bytes()
    width, height = struct.unpack(">II", data[16:24])
    at = data.index(b"pHYs")
    per_metre, _, unit = struct.unpack(">IIB", data[at + 4:at + 13])
    assert unit == 1  # metres
    assert zlib.crc32(data[at:at + 13]) == struct.unpack(">I", data[at + 13:at + 17])[0]
    return (width, height), per_metre * 0.0254


def _small_figure() -> Figure:
    fig = Figure(figsize=(2.0, 1.0))
    fig.text(0.1, 0.4, REFERENCE, family="DejaVu Sans")
    return fig


def test_save_figure_writes_three_formats(tmp_path):
    fig = _small_figure()
    written = figures.save_figure(fig, tmp_path / "charts" / "demo")
    assert written == [tmp_path / "charts" / f"demo.{ext}" for ext in ("png", "svg", "pdf")]
    (size, dpi) = _png_size_and_dpi(written[0])
    assert size == (600, 300)  # 2 × 1 inches at 300 dpi
    assert dpi == pytest.approx(300, abs=0.1)
    pdf = written[2].read_bytes()
    assert pdf.startswith(b"%PDF")
    assert b"/FontFile2" in pdf  # TrueType glyphs embedded
    assert b"Type3" not in pdf
    svg = written[1].read_text(encoding="utf-8")
    assert "<text" not in svg and 'id="DejaVuSans-' in svg  # glyphs stored as paths
    assert sorted(p.name for p in (tmp_path / "charts").iterdir()) == [
        "demo.pdf", "demo.png", "demo.svg"]


def test_save_figure_is_reproducible_and_honours_options(tmp_path):
    fig = _small_figure()
    first = [p.read_bytes() for p in figures.save_figure(fig, tmp_path / "a")]
    again = [p.read_bytes() for p in figures.save_figure(fig, tmp_path / "a", overwrite=True)]
    assert first == again
    only_png = figures.save_figure(fig, tmp_path / "b.png", formats="png", dpi=100)
    assert only_png == [tmp_path / "b.png"]
    assert _png_size_and_dpi(only_png[0])[0] == (200, 100)
    with pytest.raises(ValueError, match="must contain only"):
        figures.save_figure(fig, tmp_path / "c", formats=("gif",))
    with pytest.raises(ValueError, match="'dpi'"):
        figures.save_figure(fig, tmp_path / "c", dpi=0)
    with pytest.raises(IsADirectoryError):
        figures.save_figure(fig, tmp_path)


def test_save_figure_refuses_to_overwrite_and_writes_nothing(tmp_path):
    fig = _small_figure()
    existing = tmp_path / "demo.svg"
    existing.write_bytes(b"old")
    with pytest.raises(FileExistsError, match=re.escape(str(existing))):
        figures.save_figure(fig, tmp_path / "demo")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.svg"]
    assert existing.read_bytes() == b"old"
    figures.save_figure(fig, tmp_path / "demo", overwrite=True)
    assert existing.read_bytes().startswith(b"<?xml")


def test_save_figure_failure_leaves_no_files(tmp_path, monkeypatch):
    fig = _small_figure()
    real_savefig = fig.savefig

    def fail_on_pdf(path, **kwargs):
        if kwargs.get("format") == "pdf":
            raise OSError("disk full")
        return real_savefig(path, **kwargs)

    monkeypatch.setattr(fig, "savefig", fail_on_pdf)
    with pytest.raises(OSError, match="disk full"):
        figures.save_figure(fig, tmp_path / "demo")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("الجيش السوري", "الجيش_السوري"),  # Arabic kept, space → _
        ("  سبق \t نت\n", "سبق_نت"),
        ("شَهِيد", "شَهِيد"),  # harakat kept
        ("../../etc/passwd", "etc_passwd"),
        ("/abs/path", "abs_path"),
        ("C:\\Windows\\system32", "C_Windows_system32"),
        ("a:b*c?d|e<f>g\"h", "a_b_c_d_e_f_g_h"),
        ("50% #1", "50_1"),
        ("nul\x00byte", "nulbyte"),
        ("abc\u202etxt.exe", "abctxt.exe"),  # right-to-left override removed
        ("ZWNJ\u200cgone", "ZWNJgone"),
        (".hidden", "hidden"),
        ("trailing. ", "trailing"),
        ("CON", "_CON"),
        ("nul.txt", "_nul.txt"),
        ("com1", "_com1"),
        ("CONSOLE", "CONSOLE"),
        ("e\u0301", "é"),  # NFC
    ],
)
def test_safe_filename_cases(name, expected):
    assert figures.safe_filename(name) == expected


@pytest.mark.parametrize("name", ["", "..", "../", "///", "\x00\x01", " . _ "])
def test_safe_filename_refuses_names_without_usable_characters(name):
    with pytest.raises(ValueError, match="no characters usable"):
        figures.safe_filename(name)


def test_safe_filename_limits_length_at_a_character_boundary():
    result = figures.safe_filename("ب" * 200)
    assert result == "ب" * 60  # two UTF-8 bytes each, 120 bytes
    assert len(figures.safe_filename("x" * 300, max_bytes=50)) == 50


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_safe_filename_never_escapes_its_folder(name):
    try:
        result = figures.safe_filename(name)
    except ValueError:
        return
    assert Path(result).name == result
    assert not result.startswith(".") and result not in {".", ".."}
    assert not set(result) & set('/\\:*?"<>|\x00')
    assert all(not unicodedata.category(ch).startswith("C") for ch in result)
    assert len(result.encode("utf-8")) <= 120
    assert (Path("base") / result).resolve().parent == Path("base").resolve()


# -- Arabic rendering -----------------------------------------------------------

#: Letters that join only to the letter before them (right-joining); the
#: others in the reference string join on both sides.
RIGHT_JOINING = set("اأإآدذرزوؤة")


def _contextual_forms(text: str) -> str:
    """``text`` spelt with the presentation form each letter takes when joined.

    A dual-joining letter joins the next letter; any letter joins a previous
    dual-joining one. The four combinations are the isolated, initial,
    medial and final forms (Unicode names "ARABIC LETTER X ... FORM").
    """
    forms = []
    for i, ch in enumerate(text):
        if ch == " ":
            forms.append(ch)
            continue
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        joins_before = before != " " and before not in RIGHT_JOINING
        joins_after = after != " " and ch not in RIGHT_JOINING
        form = {(False, False): "ISOLATED", (False, True): "INITIAL",
                (True, True): "MEDIAL", (True, False): "FINAL"}[(joins_before, joins_after)]
        forms.append(unicodedata.lookup(f"{unicodedata.name(ch)} {form} FORM"))
    return "".join(forms)


def _ink(rgba: np.ndarray) -> np.ndarray:
    """Dark pixels of an RGBA image, cropped to their bounding box."""
    dark = rgba[..., :3].mean(axis=2) < 128
    ys, xs = np.nonzero(dark)
    assert ys.size, "nothing was drawn"
    return dark[ys.min():ys.max() + 1, xs.min():xs.max() + 1]


def _render(text: str, *, size: float = 28, dpi: float = 100) -> np.ndarray:
    fig = Figure(figsize=(8, 1.5), dpi=dpi)
    FigureCanvasAgg(fig)
    fig.text(0.02, 0.3, text, family="DejaVu Sans", size=size)
    fig.canvas.draw()
    return _ink(np.asarray(fig.canvas.buffer_rgba()))


def _overlap(a: np.ndarray, b: np.ndarray, shift: int = 0) -> float:
    """Intersection over union of two ink masks, best over shifts of up to
    ``shift`` pixels (antialiasing can move an edge by one pixel)."""
    height = max(a.shape[0], b.shape[0]) + 2 * shift
    width = max(a.shape[1], b.shape[1]) + 2 * shift
    fixed = np.zeros((height, width), bool)
    fixed[shift:shift + a.shape[0], shift:shift + a.shape[1]] = a
    best = 0.0
    for dy in range(2 * shift + 1):
        for dx in range(2 * shift + 1):
            moved = np.zeros((height, width), bool)
            moved[dy:dy + b.shape[0], dx:dx + b.shape[1]] = b
            best = max(best, (fixed & moved).sum() / (fixed | moved).sum())
    return best


@pytest.fixture(scope="module")
def reference_ink() -> np.ndarray:
    return _render(REFERENCE)


def test_rendering_is_deterministic(reference_ink):
    # Sanity: the comparisons below are meaningful only if a string renders
    # to the same pixels every time.
    assert np.array_equal(_render(REFERENCE), reference_ink)


def test_matplotlib_joins_arabic_and_lays_it_out_right_to_left(reference_ink):
    forms = _contextual_forms(REFERENCE)
    assert all(0xFE70 <= ord(ch) <= 0xFEFF for ch in forms.replace(" ", ""))
    # The word spelt with its joined glyphs in visual order (first letter on
    # the right), forced left to right with LRO ... PDF so that no bidi
    # reordering applies: this is what a correct renderer must show. It
    # matching the logical string proves matplotlib both joins the letters
    # and orders them right to left.
    visual = "\u202d" + forms[::-1] + "\u202c"
    assert _overlap(_render(visual), reference_ink) > 0.97
    # The same glyphs in logical order, laid out by matplotlib, agree too.
    assert _overlap(_render(forms), reference_ink) > 0.97


def test_unjoined_and_reversed_renderings_differ_clearly(reference_ink):
    isolated = "".join(ch if ch == " " else unicodedata.lookup(
        f"{unicodedata.name(ch)} ISOLATED FORM") for ch in REFERENCE)
    wrong = {
        # letters in reverse order: what a renderer without bidi would show
        "reversed": REFERENCE[::-1],
        # the old arabic-reshaper + python-bidi recipe: joined forms in visual
        # order, which matplotlib (doing its own bidi) reverses again
        "old recipe": _contextual_forms(REFERENCE)[::-1],
        # right order but unjoined letters: what a renderer without shaping shows
        "unjoined": isolated,
    }
    for name, text in wrong.items():
        assert _overlap(_render(text), reference_ink, shift=2) < 0.4, name


def _text_ink(fig: Figure, text) -> np.ndarray:
    """The ink of one text artist of a drawn figure."""
    rgba = np.asarray(fig.canvas.buffer_rgba())
    box = text.get_window_extent(fig.canvas.get_renderer())
    height = rgba.shape[0]
    x0, x1 = int(np.floor(box.x0)) - 1, int(np.ceil(box.x1)) + 1
    y0, y1 = height - int(np.ceil(box.y1)) - 1, height - int(np.floor(box.y0)) + 1
    return _ink(rgba[y0:y1, x0:x1])


def test_chart_tick_labels_and_legend_render_like_the_reference(agg, lexicon):
    """A tick label and a legend entry of a chart are drawn like the expected
    string drawn alone, and unlike its reversal: the chart hands Arabic to
    matplotlib untouched (no reshaping, no reordering)."""
    fig = plots.share_bars(agg, "state_forces_label", labels="ar")
    dpi = 400  # enough pixels per glyph at 9-10 pt
    fig.set_dpi(dpi)
    FigureCanvasAgg(fig)
    fig.canvas.draw()
    ax = fig.axes[0]
    # The first bar is the first outlet in sorted order, the first legend
    # entry the dimension's first category; the expected strings come from
    # the data and the lexicon, not from the drawn artists.
    cases = [
        (ax.get_yticklabels()[0], sorted(HITS)[0]),
        (ax.get_legend().get_texts()[0], lexicon.category("army").label_ar),
    ]
    for text, expected in cases:
        drawn = _text_ink(fig, text)
        correct = _render(expected, size=text.get_fontsize(), dpi=dpi)
        reversed_ = _render(expected[::-1], size=text.get_fontsize(), dpi=dpi)
        assert _overlap(drawn, correct, shift=1) > 0.75, expected
        assert _overlap(drawn, reversed_, shift=1) < 0.5, expected


# -- with the package's own tables ----------------------------------------------


def test_charts_accept_the_tables_of_aggregate_and_keyness():
    """The column names the charts read are those framing.aggregate and
    framing.keyness write (the embedded five-article sample)."""
    aggregate = pytest.importorskip("framing.aggregate").aggregate
    keyness = pytest.importorskip("framing.keyness").keyness
    attach_metadata = pytest.importorskip("framing.indicators").attach_metadata
    corpus = framing.load_sample()
    counts = attach_metadata(framing.score(corpus).counts, corpus)
    table = aggregate(counts, n_boot=20, min_docs=2)
    monthly = aggregate(counts, freq="M", n_boot=20, min_docs=1)
    outlets = sorted(corpus["outlet"].unique())
    fig = plots.share_bars(table, "armed_group_label", labels="both")
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == outlets
    assert isinstance(plots.heatmap(table, measure="rate"), Figure)
    fig = plots.timeline(monthly, "state_forces_label")
    assert fig.axes[0].get_ylabel() == "share of the dimension's labels"
    fig = plots.category_small_multiples(monthly, categories=["army", "regime"])
    assert fig.axes[0].get_ylabel() == "hits per 1,000 tokens"
    words = keyness(corpus, "outlet", a=outlets[0], min_count=1)
    left, right = plots.keyness_chart(words, top=5).axes
    assert right.get_title(loc="left") == "more frequent in rest"
    assert left.get_title(loc="left") == f"more frequent in {outlets[0]}"
    assert len(left.patches) == 5
