"""Charts display as PNG images in IPython and Jupyter, quickly.

The charts are made without pyplot, so IPython knows no image formatter for
them unless the inline backend registered one; they carry their own
``_repr_png_``. These tests format every chart kind with a bare
``DisplayFormatter``, with an ``InteractiveShell``'s formatter (what a kernel
and an ipywidgets ``Output`` use), through ``display()`` captured like a
widget output, and with the inline backend's Figure formatter in place, and
check that each gives a valid PNG of the figure's size at screen resolution.
"""

from __future__ import annotations

import base64
import io
import time

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from IPython.core.formatters import DisplayFormatter
from IPython.core.interactiveshell import InteractiveShell
from IPython.core.pylabtools import select_figure_formats
from IPython.display import display
from IPython.utils.capture import capture_output
from matplotlib.figure import Figure
from PIL import Image

from framing import figures, plots
from test_plot_layout import KINDS, _chart, _tables


def _png(data: bytes | str) -> Image.Image:
    """The image of a formatter's PNG output (bytes, or base64 text)."""
    raw = base64.b64decode(data) if isinstance(data, str) else data
    assert raw[:8] == b"\x89PNG\r\n\x1a\n"
    image = Image.open(io.BytesIO(raw))
    image.load()
    return image


def _screen_size(fig: Figure) -> tuple[int, int]:
    width, height = fig.get_size_inches() * plots.SCREEN_DPI
    return round(width), round(height)


def _has_ink(image: Image.Image) -> bool:
    pixels = np.asarray(image.convert("L"))
    return bool((pixels < 128).sum() > 500)


@pytest.fixture(scope="module")
def shell() -> InteractiveShell:
    return InteractiveShell.instance()


@pytest.mark.parametrize("kind", KINDS)
def test_every_chart_formats_as_a_png_of_its_size(kind, shell):
    fig = _chart(kind, "both", False)
    assert isinstance(fig, plots.ChartFigure) and isinstance(fig, Figure)
    for formatter in (DisplayFormatter(), shell.display_formatter):
        data, _ = formatter.format(fig)
        assert "image/png" in data, f"{kind}: only {sorted(data)}"
        image = _png(data["image/png"])
        assert image.size == _screen_size(fig)
        assert _has_ink(image)


def test_display_in_a_captured_output_shows_the_image_every_time(shell):
    """What an ipywidgets Output records: one PNG per display, redraws included."""
    fig = _chart("share_bars", "en", False)
    with capture_output() as captured:
        display(fig)
        fig.axes[0].set_title("redrawn")
        display(fig)
        display(_chart("timeline_two_panels", "ar", False))
    assert len(captured.outputs) == 3
    images = [_png(output.data["image/png"]) for output in captured.outputs]
    assert images[0].size == images[1].size == _screen_size(fig)
    assert not np.array_equal(np.asarray(images[0]), np.asarray(images[1]))


def test_with_the_inline_backend_formatter_the_chart_is_still_an_image(shell):
    """The inline backend registers a PNG printer for Figure (tight bounding
    box); it takes precedence and must work on these figures too."""
    fig = _chart("timeline_two_panels", "both", False)
    select_figure_formats(shell, {"png"})
    try:
        data, _ = shell.display_formatter.format(fig)
    finally:
        select_figure_formats(shell, set())
    image = _png(data["image/png"])
    width, height = fig.get_size_inches() * fig.dpi
    # Tight cropping trims the white margin and pads the content by 0.1 in a side.
    pad = 2 * 0.1 * fig.dpi + 2
    assert 0.8 * width <= image.size[0] <= width + pad
    assert 0.8 * height <= image.size[1] <= height + pad
    assert _has_ink(image)
    data, _ = shell.display_formatter.format(fig)
    assert _png(data["image/png"]).size == _screen_size(fig)


def test_screen_png_is_fast_and_the_figure_still_saves(tmp_path):
    tables = _tables()
    fig = plots.share_bars(tables["outlet"], "armed_group_label", labels="both")
    fig._repr_png_()  # the first drawing loads fonts, as the first chart of a session does
    # A widget change: a new chart, drawn and encoded. CPU time, so that other
    # work on the machine does not count.
    wall, cpu = time.perf_counter(), time.process_time()
    fig = plots.share_bars(tables["outlet"], "armed_group_label", labels="both")
    built = time.process_time()
    png = fig._repr_png_()
    shown_wall, shown = time.perf_counter(), time.process_time()
    print(f"share_bars on the sample: build {built - cpu:.3f} s CPU, draw + PNG "
          f"{shown - built:.3f} s CPU ({shown_wall - wall:.3f} s wall for both), "
          f"{len(png):,} bytes")
    # Generous for a slow CI machine; typically a few tenths of a second.
    assert shown - built < 2.0
    written = figures.save_figure(fig, tmp_path / "bars")
    assert [p.suffix for p in written] == [".png", ".svg", ".pdf"]
    width, height = fig.get_size_inches() * 300
    assert _png(written[0].read_bytes()).size == (round(width), round(height))


def test_repr_png_of_an_enlarged_figure_stays_bounded():
    """A chart someone enlarges afterwards is still shown at a bounded size."""
    fig = _chart("share_bars", "en", False)
    fig.set_size_inches(200, 200)
    image = _png(fig._repr_png_())
    assert image.size[0] * image.size[1] <= plots.MAX_SCREEN_PIXELS * 1.01
