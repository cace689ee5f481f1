"""Charts of hostile tables stay bounded: size, text, notes and memory.

A table with 300 outlets, an outlet name of 3,000 characters, or a lexicon
of 200 categories must give a chart whose PNG at export resolution is under
the size limit (Pillow reads it back without a decompression-bomb warning),
whose text all lies inside the figure, and which says in a visible note what
it left out. The charts are drawn in a child process whose address space is
limited to 2 GB (``RLIMIT_AS``), which reports its peak resident memory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from test_plot_layout import _tables

ADDRESS_LIMIT = 2 * 1024**3

CHILD = textwrap.dedent(r"""
    import json, resource, sys, time, warnings
    resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
    sys.path.insert(0, {tests!r})
    import matplotlib
    matplotlib.use("Agg")
    import pandas as pd
    from PIL import Image
    import framing
    from framing import figures, plots
    from framing.lexicon import Category, Dimension, Lexicon
    from test_plot_layout import _tables, drawn_texts, outside

    warnings.simplefilter("error", Image.DecompressionBombWarning)
    tables = _tables()
    by_outlet, monthly = tables["outlet"], tables["monthly"]
    long_name = ("Al Mayadeen " + "قناة الميادين الفضائية " * 150)[:3000]
    assert len(long_name) == 3000

    def many_outlets(table, n):
        # Each sample outlet's real rows, copied under n names with more or
        # fewer documents, so the ranking by documents is known.
        parts = []
        sample = sorted(table["outlet"].unique())
        for i in range(n):
            part = table[table["outlet"] == sample[i % len(sample)]].copy()
            part["outlet"] = f"outlet {{i:03d}} منفذ"
            part["n_docs"] = 1000 - i
            parts.append(part)
        return pd.concat(parts, ignore_index=True)

    def wide_lexicon(n):
        categories = tuple(
            Category(id=f"c{{i:03d}}", dimension="wide", label_en=f"category {{i}}",
                     label_ar=f"الفئة {{i}}", colour="#0072B2")
            for i in range(n))
        dim = Dimension(id="wide", label_en="Two hundred labels", label_ar="مئتا تسمية",
                        categories=categories)
        return Lexicon(name="wide", dimensions=(dim,))

    def wide_table(template, lexicon):
        # The army rows of the sample, once per category, with hits falling
        # with the category number (so the kept categories are known).
        base = template[template["category"] == "army"]
        parts = []
        for i, category in enumerate(lexicon.categories):
            part = base.copy()
            part["category"], part["dimension"] = category.id, "wide"
            part["hits"] = 500 - i
            part["share"] = 1.0 / len(lexicon.categories)
            parts.append(part)
        return pd.concat(parts, ignore_index=True)

    ALL_FORMATS = {{"share_bars_300_outlets"}}
    lexicon = wide_lexicon(200)
    cases = {{
        "heatmap_300_outlets": lambda: plots.heatmap(many_outlets(by_outlet, 300),
                                                     labels="both"),
        "share_bars_300_outlets": lambda: plots.share_bars(many_outlets(by_outlet, 300),
                                                           "armed_group_label"),
        "timeline_300_outlets": lambda: plots.timeline(many_outlets(monthly, 300),
                                                       "death_frame"),
        "heatmap_long_name": lambda: plots.heatmap(
            by_outlet.replace({{"outlet": {{"Al Mayadeen": long_name}}}}), labels="both"),
        "share_bars_long_name": lambda: plots.share_bars(
            by_outlet.replace({{"outlet": {{"Al Mayadeen": long_name}}}}), "armed_group_label",
            labels="both"),
        "timeline_long_name": lambda: plots.timeline(
            monthly.replace({{"outlet": {{"Al Mayadeen": long_name}}}}), "terrorist",
            labels="both"),
        "panels_long_name": lambda: plots.timeline(
            monthly.replace({{"outlet": {{"Al Mayadeen": long_name}}}}), "death_frame"),
        "heatmap_200_categories": lambda: plots.heatmap(wide_table(by_outlet, lexicon),
                                                        lexicon=lexicon, labels="both"),
        "share_bars_200_categories": lambda: plots.share_bars(
            wide_table(by_outlet, lexicon), "wide", lexicon=lexicon, labels="both"),
        "timeline_200_categories": lambda: plots.timeline(
            wide_table(monthly, lexicon), "wide", lexicon=lexicon),
        "small_multiples_200_categories": lambda: plots.category_small_multiples(
            wide_table(monthly, lexicon), lexicon=lexicon),
        "keyness_top_1000": lambda: plots.keyness_chart(tables["keyness"], top=1000),
    }}
    out = {{}}
    folder = {folder!r}
    for name, make in cases.items():
        started = time.process_time()
        fig = make()
        # Checked before saving: a draw at another dpi moves legends and ticks
        # by pixel offsets, so extents are only meaningful right after a draw.
        drawn = drawn_texts(fig)
        texts = [t.get_text() for t in drawn]
        problems = outside(fig, texts=drawn)
        # Every format for one capped chart; the PNG (the one with a
        # pixel size) for the others, which keeps the test quick.
        formats = figures.FORMATS if name in ALL_FORMATS else ("png",)
        paths = figures.save_figure(fig, f"{{folder}}/{{name}}", formats=formats)
        with Image.open(paths[0]) as image:
            image.load()
            size = image.size
        out[name] = {{
            "inches": list(fig.get_size_inches()),
            "png_size": list(size),
            "outside": problems,
            "texts": texts,
            "longest_text": max(len(line) for t in texts for line in t.split("\n")),
            "cpu_seconds": round(time.process_time() - started, 2),
            "files": [p.name for p in paths],
        }}
        print(name, out[name]["cpu_seconds"], file=sys.stderr, flush=True)
    # VmHWM: the peak of this program alone (getrusage's ru_maxrss keeps the peak of
    # the process that started it, which survives execve)
    with open("/proc/self/status") as status:
        out["peak_rss_mb"] = next(int(line.split()[1]) for line in status
                                  if line.startswith("VmHWM:")) / 1024
    print(json.dumps(out))
""")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("hostile")
    tests = str(Path(__file__).resolve().parent)
    code = CHILD.format(limit=ADDRESS_LIMIT, tests=tests, folder=str(folder))
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
           "MKL_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=1800)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["folder"] = folder
    return result


CASES = ["heatmap_300_outlets", "share_bars_300_outlets", "timeline_300_outlets",
         "heatmap_long_name", "share_bars_long_name", "timeline_long_name", "panels_long_name",
         "heatmap_200_categories", "share_bars_200_categories", "timeline_200_categories",
         "small_multiples_200_categories", "keyness_top_1000"]


@pytest.mark.parametrize("case", CASES)
def test_hostile_chart_is_bounded_and_keeps_its_text_inside(hostile, case):
    from framing import plots

    chart = hostile[case]
    width, height = chart["png_size"]
    assert width * height <= plots.MAX_EXPORT_PIXELS
    assert max(chart["inches"]) <= plots.MAX_FIGURE_INCHES + 1e-6
    assert chart["outside"] == []
    assert chart["longest_text"] <= 80
    formats = ["png", "svg", "pdf"] if case == "share_bars_300_outlets" else ["png"]
    assert chart["files"] == [f"{case}.{fmt}" for fmt in formats]
    assert all((hostile["folder"] / name).stat().st_size > 0 for name in chart["files"])


@pytest.mark.parametrize(("case", "note"), [
    ("heatmap_300_outlets", "260 more outlets not shown (fewest documents)"),
    ("share_bars_300_outlets", "260 more outlets not shown (fewest documents)"),
    ("timeline_300_outlets", "284 more outlets not shown (fewest documents)"),
    ("heatmap_200_categories", "150 more categories not shown (fewest hits)"),
    ("share_bars_200_categories",
     "189 categories with the fewest hits drawn as one grey 'other' segment"),
    ("timeline_200_categories", "176 more categories not shown (fewest hits)"),
    ("small_multiples_200_categories", "176 more categories not shown (fewest hits)"),
    ("keyness_top_1000", "top=1,000 asked for; the 50 strongest terms per side are shown"),
])
def test_what_is_left_out_is_said_in_the_figure(hostile, case, note):
    assert any(note in text for text in hostile[case]["texts"])


def test_the_most_documented_outlets_are_the_ones_drawn(hostile):
    texts = hostile["heatmap_300_outlets"]["texts"]
    assert any(text.startswith("outlet 000 منفذ") for text in texts)
    assert any(text.startswith("outlet 039 منفذ") for text in texts)
    assert not any(text.startswith("outlet 040 منفذ") for text in texts)


def test_a_long_name_is_shortened_in_the_middle(hostile):
    texts = hostile["share_bars_long_name"]["texts"]
    shortened = [t for t in texts if "…" in t and t.startswith("Al Mayadeen")]
    assert shortened, texts


def test_peak_memory_is_bounded(hostile):
    print(f"peak RSS of the hostile charts: {hostile['peak_rss_mb']:.0f} MB; CPU seconds: "
          + ", ".join(f"{case} {hostile[case]['cpu_seconds']}" for case in CASES))
    assert hostile["peak_rss_mb"] < 1500


def test_save_figure_refuses_a_png_over_the_pixel_limit(tmp_path):
    from matplotlib.figure import Figure

    from framing import figures

    fig = Figure(figsize=(25, 25))
    fig.add_subplot().plot([0, 1], [0, 1])
    with pytest.raises(ValueError, match=r"7,500 × 7,500 pixels \(56 megapixels.*lower dpi "
                                         r"\(at most 252\)"):
        figures.save_figure(fig, tmp_path / "huge")
    assert list(tmp_path.iterdir()) == []
    # Vector formats have no pixels to limit.
    assert [p.name for p in figures.save_figure(fig, tmp_path / "huge", formats="svg")] == [
        "huge.svg"]


def test_a_capped_chart_is_not_overwritten_unless_asked(hostile):
    from framing import figures, plots

    fig = plots.heatmap(_tables()["outlet"], labels="both")
    target = hostile["folder"] / "heatmap_300_outlets"
    before = (hostile["folder"] / "heatmap_300_outlets.png").read_bytes()
    with pytest.raises(FileExistsError, match="nothing was written"):
        figures.save_figure(fig, target)
    assert (hostile["folder"] / "heatmap_300_outlets.png").read_bytes() == before
    written = figures.save_figure(fig, target, overwrite=True)
    assert written[0].read_bytes() != before


def test_an_oversized_request_is_capped_and_still_saves(tmp_path):
    from framing import figures, plots

    fig = plots._new_figure((100.0, 60.0))
    width, height = fig.get_size_inches()
    assert max(width, height) <= plots.MAX_FIGURE_INCHES
    assert width * height * plots.EXPORT_DPI**2 <= plots.MAX_EXPORT_PIXELS
    # Both sides were over 30 in: capped to a square, then scaled to the pixel limit.
    assert width == pytest.approx(height)
    assert width * height * plots.EXPORT_DPI**2 > 0.99 * plots.MAX_EXPORT_PIXELS
    fig.add_subplot().plot([0, 1], [1, 0])
    (png,) = figures.save_figure(fig, tmp_path / "wide", formats="png")
    assert png.stat().st_size > 0
    # A long, narrow request keeps its height (30 × 2 in is under the pixel limit).
    assert plots._new_figure((300.0, 2.0)).get_size_inches() == pytest.approx((30.0, 2.0))
