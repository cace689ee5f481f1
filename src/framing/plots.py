"""Charts of framing indicators, with Arabic drawn joined and right to left.

Every function takes a tidy table (from :func:`framing.aggregate` or
:func:`framing.keyness`) and returns a :class:`ChartFigure`, a matplotlib
Figure that Jupyter shows as a PNG (in cells and in widget outputs, with or
without the inline backend); nothing is shown or saved by the functions (see
:func:`framing.figures.save_figure`).

* :func:`share_bars`: 100% stacked bars of label shares per outlet, one dimension;
* :func:`language_bars`: the same bars by language: an outlet's Arabic and
  English services side by side, then each language's outlets pooled;
* :func:`timeline`: a category (or each category of a dimension) over time, one
  line per outlet with its interval band;
* :func:`heatmap`: outlet × category values, categories grouped by dimension;
* :func:`keyness_chart`: the terms most typical of each side of a comparison;
* :func:`category_small_multiples`: one small panel per category over time;
* :func:`shift_timeline`: one outlet's label shares with the shifts found by
  :func:`framing.shifts` (segments as steps, date intervals as spans);
* :func:`shift_small_multiples`: the same, one panel per outlet.

Timelines take ``events=`` (a table of :func:`framing.read_events` or its
file) and draw each event as a dashed line with a short label.

Arabic text
-----------
matplotlib 3.11 and later shapes complex text itself: it joins Arabic letters
and lays runs out right to left. Labels are therefore passed as raw Unicode
strings. Do not run them through the old arabic-reshaper + python-bidi recipe:
with text shaping in matplotlib, pre-reshaped text is reversed a second time
and comes out backwards.

Text is drawn in one font family, ``"DejaVu Sans"`` unless :func:`set_font` or
a function's ``font=`` chooses another. The chosen font is checked for Arabic
letters at first use; a font without them gets an :class:`ArabicFontWarning`,
and DejaVu Sans then draws the Arabic glyphs (matplotlib's per-glyph fallback).

Size limits
-----------
A chart stays readable and its files stay loadable whatever the table holds.
No side is longer than :data:`MAX_FIGURE_INCHES` (30 in) and no PNG at
:data:`EXPORT_DPI` (300) has more than :data:`MAX_EXPORT_PIXELS` (40
megapixels). Names and labels longer than :data:`MAX_LABEL_CHARS` are drawn
shortened, "…" in the middle (:func:`shorten`). With more outlets than a
chart can show (:data:`MAX_BARS`, :data:`MAX_LINES`, :data:`MAX_HEATMAP_COLUMNS`)
the ones with most documents are drawn; with more categories
(:data:`MAX_HEATMAP_ROWS`, :data:`MAX_PANELS`) those with most hits, and
share bars merge the smallest segments beyond :data:`MAX_SEGMENTS` into one
"other" segment. A chart that draws part of its table says so in a note
under its title ("260 more outlets not shown (fewest documents)").

Colours
-------
Categories take their colour from the lexicon (the default lexicon's palette
is colour-blind safe). Outlets take the Okabe-Ito colour-blind-safe palette in
the sorted order of their names (see :func:`outlet_colours`), so one outlet
keeps its colour across the charts of a report.
"""

from __future__ import annotations

import functools
import io
import math
import re
import sys
import unicodedata
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
from matplotlib import dates as mdates
from matplotlib import font_manager
from matplotlib import ticker as mticker
from matplotlib import transforms as mtransforms
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.colors import to_rgb, to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.textpath import TextToPath
from pyarabic import araby

from framing.figures import MAX_PNG_PIXELS, gc_paused, laid_out, without_gc
from framing.lexicon import Category, Dimension, Lexicon, available_lexicons, load_lexicon

# Earlier versions draw Arabic unjoined and left to right, without a warning.
if tuple(int(part) for part in re.findall(r"\d+", matplotlib.__version__)[:2]) < (3, 11):
    raise ImportError(
        f"framing.plots needs matplotlib 3.11 or later, which lays out Arabic text; found "
        f"{matplotlib.__version__}. Upgrade with: pip install 'matplotlib>=3.11'."
    )

__all__ = [
    "DEFAULT_FONT",
    "EXPORT_DPI",
    "LANGUAGES",
    "MAX_BARS",
    "MAX_EXPORT_PIXELS",
    "MAX_FIGURE_INCHES",
    "MAX_HEATMAP_COLUMNS",
    "MAX_HEATMAP_ROWS",
    "MAX_KEYNESS_TERMS",
    "MAX_LABEL_CHARS",
    "MAX_LINES",
    "MAX_PANELS",
    "MAX_SCREEN_PIXELS",
    "MAX_SEGMENTS",
    "OUTLET_PALETTE",
    "SCREEN_DPI",
    "ArabicFontWarning",
    "ChartFigure",
    "category_small_multiples",
    "check_font",
    "get_font",
    "heatmap",
    "keyness_chart",
    "language_bars",
    "outlet_colours",
    "set_font",
    "share_bars",
    "shift_small_multiples",
    "shift_timeline",
    "shorten",
    "timeline",
]

#: The font used unless :func:`set_font` or ``font=`` picks another; it ships
#: with matplotlib and has Arabic glyphs.
DEFAULT_FONT = "DejaVu Sans"

#: Values of the ``labels`` parameter: English, Arabic or both lexicon labels.
LANGUAGES = ("en", "ar", "both")

#: Okabe & Ito's colour-blind-safe qualitative palette, reordered so that the
#: first colours are the most distinct on white (yellow last).
OUTLET_PALETTE = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#F0E442",  # yellow
)

#: Line styles that tell outlets apart once the palette's colours repeat.
_LINE_STYLES = ("-", "--", ":", "-.")

_MEASURES = ("share", "rate", "doc_share")
_PERCENT_MEASURES = ("share", "doc_share")
_MEASURE_TITLES = {
    "share": "share of the dimension's labels",
    "doc_share": "share of documents using the label",
}
_LOW_N_NOTE = "low n (fewer documents than the minimum)"

_settings: dict[str, str] = {"font": DEFAULT_FONT}


class ArabicFontWarning(UserWarning):
    """The chosen font is missing or has no Arabic letters."""


# -- fonts ----------------------------------------------------------------------


@functools.lru_cache(maxsize=32)
def _inspect_font(font: str) -> tuple[str | None, str]:
    """The font file matplotlib uses for ``font`` (None if not installed) and the
    Arabic letters it lacks."""
    try:
        path = font_manager.findfont(
            font_manager.FontProperties(family=font), fallback_to_default=False
        )
    except ValueError:
        return None, ""
    face = font_manager.get_font(path)
    missing = "".join(ch for ch in araby.LETTERS if face.get_char_index(ord(ch)) == 0)
    return path, missing


def check_font(font: str | None = None) -> Path | None:
    """Check that a font is installed and has Arabic letters.

    Parameters
    ----------
    font : str, optional
        A font family name; the current font (:func:`get_font`) if omitted.

    Returns
    -------
    Path or None
        The font file matplotlib draws with, or None when the font is not
        installed.

    Warns
    -----
    ArabicFontWarning
        When the font is not installed (matplotlib then uses its default) or
        lacks Arabic letters (DejaVu Sans then draws the Arabic glyphs).
    """
    font = _settings["font"] if font is None else font
    if not isinstance(font, str) or not font.strip():
        raise ValueError(f"A font must be a non-empty font family name. Got {font!r} instead.")
    path, missing = _inspect_font(font)
    if path is None:
        _warn_caller(
            f"Font {font!r} is not installed (matplotlib does not find it); Arabic text is "
            f"drawn in {DEFAULT_FONT!r} instead. Install the font and clear matplotlib's font "
            "cache, or choose an installed font with Arabic glyphs."
        )
        return None
    if missing:
        which = ("Arabic letters" if len(missing) == len(araby.LETTERS) else
                 f"{len(missing)} of the {len(araby.LETTERS)} Arabic letters ({' '.join(missing)})")
        _warn_caller(
            f"Font {font!r} ({Path(path).name}) has no glyphs for {which}; those are drawn in "
            f"{DEFAULT_FONT!r}, so Arabic "
            "labels may mix fonts. Choose a font with Arabic glyphs (for example 'DejaVu Sans', "
            "'Noto Sans Arabic' or 'Amiri')."
        )
    return Path(path)


def _warn_caller(message: str) -> None:
    """Warn, attributing the warning to the first caller outside the package."""
    level = 1
    frame = sys._getframe(0)
    while frame is not None and frame.f_globals.get("__name__", "").startswith("framing"):
        frame = frame.f_back
        level += 1
    warnings.warn(message, ArabicFontWarning, stacklevel=level)


def set_font(font: str) -> None:
    """Set the font family of all later charts (checked for Arabic glyphs)."""
    check_font(font)
    _settings["font"] = font


def get_font() -> str:
    """The font family charts are drawn in unless ``font=`` says otherwise."""
    return _settings["font"]


def _font_family(font: str | None) -> list[str]:
    """The family list to draw with: the chosen font, then DejaVu Sans for any
    glyph it lacks."""
    font = _settings["font"] if font is None else font
    check_font(font)
    return [font] if font == DEFAULT_FONT else [font, DEFAULT_FONT]


@contextmanager
def _font_context(family: list[str]) -> Iterator[None]:
    with matplotlib.rc_context({"font.family": family}):
        yield


def _apply_font(family: list[str], axes: Sequence[Axes]) -> None:
    """Set the family on tick labels (made at draw time, outside our font context)
    and on the axis labels of axes that may predate it (a caller's ``ax``)."""
    for ax in axes:
        ax.tick_params(which="both", labelfontfamily=family)
        ax.xaxis.label.set_fontfamily(family)
        ax.yaxis.label.set_fontfamily(family)


# -- colours ----------------------------------------------------------------------


def outlet_colours(outlets: Sequence[Any], *, palette: Sequence[str] = OUTLET_PALETTE
                   ) -> dict[str, str]:
    """A colour per outlet, assigned in the sorted order of the names.

    The same set of outlets always gets the same colours, whatever the order
    of the table's rows; with more outlets than colours the palette repeats
    (the line charts then vary the line style).
    """
    names = sorted({str(o) for o in outlets})
    return {name: palette[i % len(palette)] for i, name in enumerate(names)}


def _line_style(index: int, n_colours: int) -> str:
    return _LINE_STYLES[(index // n_colours) % len(_LINE_STYLES)]


def _ink_for(colour: str) -> str:
    """Black or white, whichever reads better on ``colour``."""
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
               for c in to_rgb(colour))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "black" if luminance > 0.22 else "white"


# -- size limits, labels and display ----------------------------------------------

#: Screen resolution of the PNG a chart shows itself as in Jupyter (``_repr_png_``).
SCREEN_DPI = 100

#: Most pixels of that screen PNG: a figure enlarged by hand past the size
#: limits below is shown at a lower resolution rather than as a huge image.
MAX_SCREEN_PIXELS = 8_000_000

#: Resolution the size limits are worked out for: :func:`framing.figures.save_figure`'s
#: default PNG resolution.
EXPORT_DPI = 300

#: Longest side of a chart, in inches (9,000 pixels at :data:`EXPORT_DPI`).
MAX_FIGURE_INCHES = 30.0

#: Most pixels of a chart's PNG at :data:`EXPORT_DPI` (about 444 square inches):
#: what :func:`framing.figures.save_figure` writes at most. Well below the
#: 89-megapixel size at which Pillow starts to warn of a decompression bomb,
#: so every export can be read back.
MAX_EXPORT_PIXELS = MAX_PNG_PIXELS

#: Longest name or label drawn, in characters; longer ones are shortened with
#: an ellipsis in the middle (the start and the end of a name tell most).
MAX_LABEL_CHARS = 40

#: Most outlets (groups) a chart draws; beyond these, the groups with the most
#: documents are drawn and a note in the figure says how many were left out.
MAX_BARS = 40
MAX_LINES = 16
MAX_HEATMAP_COLUMNS = 40

#: Most categories drawn as heatmap rows, as panels, and as share-bar
#: segments (the rest of a dimension's labels form one "other" segment).
MAX_HEATMAP_ROWS = 50
MAX_PANELS = 24
MAX_SEGMENTS = 12

#: Most terms per side of a keyness chart.
MAX_KEYNESS_TERMS = 50

_ELLIPSIS = "\u2026"


class ChartFigure(Figure):
    """A :class:`~matplotlib.figure.Figure` that displays itself as a PNG in Jupyter.

    The charts are made without pyplot, so IPython has no image formatter for
    them unless the inline backend registered one; without it a notebook (or
    an ipywidgets ``Output``) would print ``<Figure size ... with 1 Axes>``.
    ``_repr_png_`` renders the figure at :data:`SCREEN_DPI` with its own size
    (no tight-box search), so a redraw after each widget change is quick. It
    is an ordinary Figure otherwise: save it, add to it, draw it on any canvas.
    """

    def _repr_png_(self) -> bytes:
        """The figure as PNG bytes at screen resolution (what Jupyter shows)."""
        width, height = self.get_size_inches()
        # A figure someone enlarged after the fact is still shown in bounded size.
        dpi = min(SCREEN_DPI, math.sqrt(MAX_SCREEN_PIXELS / max(width * height, 1e-9)))
        buffer = io.BytesIO()
        with gc_paused(), matplotlib.rc_context({"savefig.bbox": "standard"}), laid_out(self):
            self.savefig(buffer, format="png", dpi=dpi, bbox_inches=None)
        return buffer.getvalue()


def _capped_size(width: float, height: float) -> tuple[float, float]:
    """A figure size within :data:`MAX_FIGURE_INCHES` a side, then within
    :data:`MAX_EXPORT_PIXELS` at :data:`EXPORT_DPI` (both sides scaled alike).

    Each side is capped on its own, so a long, narrow chart stays usable
    rather than shrinking to a sliver."""
    width = min(max(width, 1.0), MAX_FIGURE_INCHES)
    height = min(max(height, 1.0), MAX_FIGURE_INCHES)
    # a hair under the limit, so rounding never tips an export over it
    scale = min(1.0, math.sqrt(0.999 * MAX_EXPORT_PIXELS / (width * height * EXPORT_DPI**2)))
    return width * scale, height * scale


def _new_figure(figsize: tuple[float, float]) -> ChartFigure:
    return ChartFigure(figsize=_capped_size(*figsize), layout="constrained")


def _freeze_ticks(fig: Figure) -> None:
    """Fix the automatic ticks of a finished chart where its limits are final.

    An automatic locator (numbers or dates) runs again on every draw, and a
    save with constrained layout draws twice; with a panel per category that
    was a third of the time spent saving a chart. The ticks fixed are those
    the locator places for the final limits, and the limits are kept, so the
    picture is the same. Only for figures made here: an ``ax`` someone passed
    in may still grow.
    """
    for ax in fig.axes:
        if not ax.get_visible() or not ax.get_navigate():  # colour bars manage their own
            continue
        for axis, get_limits, set_limits in ((ax.xaxis, ax.get_xlim, ax.set_xlim),
                                             (ax.yaxis, ax.get_ylim, ax.set_ylim)):
            locator = axis.get_major_locator()
            if axis.get_scale() != "linear" or not isinstance(
                    locator, mticker.MaxNLocator | mdates.AutoDateLocator):
                continue
            first, last = get_limits()  # autoscaled now, if it was pending
            low, high = min(first, last), max(first, last)
            slack = (high - low) * 1e-9
            ticks = [t for t in locator() if low - slack <= t <= high + slack]
            axis.set_major_locator(mticker.FixedLocator(ticks))
            set_limits(first, last)
        _pin_titles(ax)


def _pin_titles(ax: Axes) -> None:
    """Place the axes' titles just above the axes once, instead of on every draw.

    Matplotlib searches for the top of the tick labels before drawing each
    title, which measures every tick label again. Where nothing can sit
    above the axes (no top tick labels, no axis label or offset text on top)
    the answer is always "the axes' top edge", so it is fixed here.
    """
    if not hasattr(ax, "_autotitlepos"):  # matplotlib's internals changed: leave it be
        return
    titles = [t for t in (ax.title, getattr(ax, "_left_title", None),
                          getattr(ax, "_right_title", None)) if t is not None and t.get_text()]
    if not titles or ax.xaxis.get_label_position() == "top":
        return
    if any(tick.label2.get_visible() for tick in ax.xaxis.get_major_ticks()):
        return
    formatter = ax.yaxis.get_major_formatter()
    if isinstance(formatter, mticker.ScalarFormatter):
        formatter.set_locs(ax.yaxis.get_majorticklocs())
        if formatter.get_offset():
            return  # an offset ("1e-5") is drawn top left, where a title may need to move
    for title in titles:
        title.set_y(1.0)
    ax._autotitlepos = False


def _is_mark(ch: str) -> bool:
    """Characters that belong to the letter before them (harakat, joiners)."""
    return unicodedata.category(ch) in {"Mn", "Me", "Cf"}


def shorten(text: Any, limit: int = MAX_LABEL_CHARS) -> str:
    """``text`` on one line and at most ``limit`` characters, with "…" in the middle.

    Whitespace runs (newlines too) become one space. A longer text keeps its
    start and end around an ellipsis; the cuts never separate a letter from
    its marks (harakat, shadda) or joiners, and the text stays in logical
    order, so matplotlib still shapes Arabic as written.
    """
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    head = max(1, (limit - 1) * 3 // 5)
    tail = len(text) - max(1, limit - 1 - head)
    # Whole words where a word ends near the cut: a cut Arabic word would
    # take other letter shapes and read as another word.
    space = text.rfind(" ", max(1, head - 10), head + 1)
    head = space if space > 0 else head
    space = text.find(" ", tail - 1, tail + 10)
    tail = space + 1 if space >= 0 else tail
    while head > 1 and _is_mark(text[head]):
        head -= 1
    while tail < len(text) - 1 and _is_mark(text[tail]):
        tail += 1
    return f"{text[:head].rstrip()}{_ELLIPSIS}{text[tail:].lstrip()}"


def _display_names(names: Sequence[str], limit: int = MAX_LABEL_CHARS) -> dict[str, str]:
    """A short, distinct label per name (a number is added where shortening
    made two names alike)."""
    labels = {name: shorten(name, limit) for name in names}
    seen: dict[str, int] = {}
    for label in labels.values():
        seen[label] = seen.get(label, 0) + 1
    count: dict[str, int] = {}
    for name, label in labels.items():
        if seen[label] > 1:
            count[label] = count.get(label, 0) + 1
            labels[name] = f"{shorten(name, limit - 4)} #{count[label]}"
    return labels


def _text_inches(text: str, family: list[str], size: float) -> float:
    """Width of ``text`` (its widest line) in inches, as drawn at ``size`` points."""
    measure = TextToPath()
    prop = font_manager.FontProperties(family=family, size=size)
    widths = [measure.get_text_width_height_descent(line, prop, ismath=False)[0]
              for line in str(text).split("\n") if line]
    return max(widths, default=0.0) / 72


def _widest(texts: Sequence[str], family: list[str], size: float) -> float:
    return max((_text_inches(t, family, size) for t in texts), default=0.0)


def _keep_largest(names: Sequence[str], weights: Mapping[str, float], most: int
                  ) -> tuple[list[str], int]:
    """The ``most`` names of largest weight, in their given order, and how many
    were left out."""
    if len(names) <= most:
        return list(names), 0
    ranked = sorted(names, key=lambda n: (-float(weights.get(n, 0.0)), str(n)))[:most]
    kept = set(ranked)
    return [n for n in names if n in kept], len(names) - most


def _left_out_note(count: int, what: str, why: str) -> str:
    """The sentence a chart shows when it draws only part of the table."""
    return f"{count:,} more {what} not shown ({why})"


def _plural(by: str) -> str:
    """How a note names the groups of column ``by``: "outlets", "sources", ..."""
    word = shorten(by, 30)
    return word + ("" if word.endswith("s") else "s") if word.isidentifier() else f"{word} values"


def _with_note(title: str, notes: Sequence[str]) -> str:
    return "\n".join([title, *notes]) if title else "\n".join(notes)


def _group_documents(rows: pd.DataFrame, by: str) -> pd.Series:
    """Documents per group (summed over periods): what decides which groups
    are drawn when there are too many."""
    if "n_docs" not in rows.columns:
        return rows.groupby(by).size().astype(float)
    keys = [by, "period"] if "period" in rows.columns else [by]
    return rows.groupby(keys)["n_docs"].max().groupby(level=0).sum().astype(float)


def _category_weight(rows: pd.DataFrame, value: str) -> pd.Series:
    """Hits per category (else the summed ``value``): what decides which
    categories are drawn when there are too many."""
    column = "hits" if "hits" in rows.columns else value
    return rows.groupby("category")[column].sum(min_count=1).fillna(0.0).astype(float)


# -- validation -------------------------------------------------------------------


def _check_choice(func: str, name: str, value: Any, options: Sequence[Any]) -> None:
    if value not in options:
        shown = "{" + ", ".join(repr(o) for o in options) + "}"
        raise ValueError(
            f"The {name!r} parameter of framing.plots.{func} must be one of {shown}. "
            f"Got {value!r} instead."
        )


def _require_table(table: Any, columns: Sequence[str], func: str, what: str, maker: str
                   ) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(
            f"framing.plots.{func} expects the {what} as a pandas DataFrame (from {maker}). "
            f"Got {type(table).__name__} instead."
        )
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(
            f"framing.plots.{func} needs the column(s) {', '.join(map(repr, missing))} in the "
            f"{what}, which has: {', '.join(map(str, table.columns)) or 'no columns'}. Make the "
            f"table with {maker}, or rename the columns."
        )
    if table.empty:
        raise ValueError(f"framing.plots.{func}: the {what} has no rows; there is nothing to draw.")
    return table


def _require_agg(agg: Any, columns: Sequence[str], func: str) -> pd.DataFrame:
    return _require_table(agg, columns, func, "aggregate table", "framing.aggregate(...)")


def _interval_columns(measure: str) -> list[str]:
    return [f"{measure}_low", f"{measure}_high"]


def _resolve_lexicon(lexicon: str | Path | Lexicon) -> Lexicon:
    if isinstance(lexicon, str) and lexicon in available_lexicons() and not Path(lexicon).exists():
        return _shipped_lexicon(lexicon)
    return load_lexicon(lexicon)


@functools.lru_cache(maxsize=8)
def _shipped_lexicon(name: str) -> Lexicon:
    """A lexicon shipped with the package, read once (the files do not change)."""
    return load_lexicon(name)


def _check_categories(agg: pd.DataFrame, lex: Lexicon, func: str) -> None:
    known = set(lex.category_ids)
    unknown = sorted({str(c) for c in agg["category"].unique()} - known)
    if unknown:
        raise ValueError(
            f"framing.plots.{func}: the table has categories that lexicon {lex.name!r} does not "
            f"know: {', '.join(unknown)}. Pass the lexicon the table was scored with "
            "(lexicon=...)."
        )


def _find_dimension(lex: Lexicon, dimension: str, func: str) -> Dimension:
    for dim in lex.dimensions:
        if dim.id == dimension:
            return dim
    raise ValueError(
        f"framing.plots.{func}: no dimension {dimension!r} in lexicon {lex.name!r}. Known "
        f"dimensions: {', '.join(d.id for d in lex.dimensions)}."
    )


def _dimension_label(dim: Dimension, language: str, *, lines: int = 1) -> str:
    """The dimension's label; 'both' on two lines puts the Arabic under the English."""
    english, arabic = shorten(dim.label_en, 60), shorten(dim.label_ar, 60)
    if language == "ar" and arabic:
        return arabic
    if language == "both" and arabic:
        separator = "\n" if lines == 2 else " ("
        return f"{english}{separator}{arabic}" + (")" if lines == 1 else "")
    return english


def _title_side(language: str) -> str:
    """Arabic titles start where Arabic reading starts: on the right."""
    return "right" if language == "ar" else "left"


def _category_label(category: Category, language: str) -> str:
    """The lexicon's label of a category (as :meth:`Category.label` words it),
    each language's part shortened to :data:`MAX_LABEL_CHARS`."""
    english, arabic = shorten(category.label_en), shorten(category.label_ar)
    if language == "ar" and arabic:
        return arabic
    if language == "both" and arabic:
        return f"{english} ({arabic})"
    return english


def _two_line_label(category: Category, language: str) -> str:
    """A category label for a panel title: 'both' puts the Arabic on a second line."""
    if language == "both" and category.label_ar:
        return f"{shorten(category.label_en)}\n{shorten(category.label_ar)}"
    return _category_label(category, language)


def _single_period(agg: pd.DataFrame, period: Any, func: str) -> pd.DataFrame:
    """The rows of one period: charts without a time axis draw one value per cell."""
    if period is not None:
        if "period" not in agg.columns:
            raise ValueError(
                f"framing.plots.{func}: period={period!r} was given but the table has no "
                "'period' column."
            )
        wanted = pd.Timestamp(period)
        rows = agg[pd.to_datetime(agg["period"]) == wanted]
        if rows.empty:
            shown = ", ".join(str(p.date()) for p in sorted(pd.to_datetime(agg["period"]).unique()))
            raise ValueError(
                f"framing.plots.{func}: no rows for period {wanted.date()}. Periods in the "
                f"table: {shown}."
            )
        return rows
    if "period" in agg.columns and agg["period"].nunique(dropna=False) > 1:
        periods = pd.to_datetime(agg["period"])
        raise ValueError(
            f"framing.plots.{func} draws one value per outlet and category, but the table has "
            f"{periods.nunique(dropna=False)} periods ({periods.min().date()} to "
            f"{periods.max().date()}). Pass period=... to draw one of them, or aggregate "
            "without a period."
        )
    return agg


def _check_unique(rows: pd.DataFrame, keys: list[str], func: str) -> None:
    duplicated = rows.duplicated(keys, keep=False)
    if duplicated.any():
        first = rows.loc[duplicated, keys].iloc[0].to_dict()
        raise ValueError(
            f"framing.plots.{func}: the table has several rows for {first}; it must have one "
            f"row per {' × '.join(keys)}. Is there another grouping column? Filter the table "
            "to one value of it first."
        )


def _ordered_groups(values: pd.Series, order: Sequence[Any] | None, by: str, func: str
                    ) -> list[str]:
    present = sorted({str(v) for v in values})
    if order is None:
        return present
    if isinstance(order, str):
        raise TypeError(
            f"The 'order' parameter of framing.plots.{func} must be a list of {by} names. "
            "Got a single string; wrap it in a list."
        )
    order = [str(o) for o in order]
    unknown = [o for o in order if o not in present]
    left_out = [p for p in present if p not in order]
    if unknown or left_out:
        raise ValueError(
            f"The 'order' parameter of framing.plots.{func} must list each {by} of the table "
            f"once. Not in the table: {unknown or 'none'}; missing from order: "
            f"{left_out or 'none'}."
        )
    return order


def _table_categories(agg: pd.DataFrame, lex: Lexicon, wanted: Sequence[str] | None,
                      func: str) -> list[Category]:
    """Categories to draw, in lexicon order: those asked for, else those in the table."""
    present = {str(c) for c in agg["category"].unique()}
    if wanted is None:
        return [c for c in lex.categories if c.id in present]
    if isinstance(wanted, str):
        wanted = [wanted]
    absent = [w for w in wanted if w not in present]
    if absent:
        raise ValueError(
            f"framing.plots.{func}: no rows for categories {', '.join(absent)}. Categories in "
            f"the table: {', '.join(sorted(present))}."
        )
    return [lex.category(w) for w in wanted]


def _periods(values: pd.Series, func: str) -> pd.Series:
    if isinstance(values.dtype, pd.PeriodDtype):
        return values.dt.to_timestamp()
    try:
        return pd.to_datetime(values)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"framing.plots.{func}: the 'period' column must hold dates (Timestamps). "
            f"Got {values.dtype} ({exc})."
        ) from None


def _measure_axis(ax: Axes, measure: str, rows: pd.DataFrame, axis: str = "y") -> str:
    """Label the value axis (percent for shares) and return its title."""
    if measure in _PERCENT_MEASURES:
        formatter = mticker.PercentFormatter(1.0, decimals=0)
        (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(formatter)
        return _MEASURE_TITLES[measure]
    return _rate_unit(rows)


def _rate_unit(rows: pd.DataFrame) -> str:
    """'hits per 1,000 tokens' when the rate is hits/tokens times a power of ten."""
    if not {"hits", "tokens", "rate"} <= set(rows.columns):
        return "rate"
    usable = rows[(rows["tokens"] > 0) & (rows["hits"] > 0)]
    if usable.empty:
        return "rate"
    scale = usable["rate"] / (usable["hits"] / usable["tokens"])
    first = float(scale.iloc[0])
    if first <= 0 or not np.allclose(scale, first, rtol=1e-6):
        return "rate"
    exponent = round(math.log10(first))
    if not math.isclose(first, 10.0**exponent, rel_tol=1e-9):
        return "rate"
    return "hits per token" if exponent == 0 else f"hits per {10**exponent:,} tokens"


def _root_figure(ax: Axes) -> Figure:
    return ax.get_figure(root=True)


# -- share bars -------------------------------------------------------------------


@without_gc
def share_bars(
    agg: pd.DataFrame,
    dimension: str,
    *,
    by: str = "outlet",
    period: Any = None,
    order: Sequence[Any] | None = None,
    labels: str = "en",
    lexicon: str | Path | Lexicon = "default",
    font: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """100% stacked horizontal bars: how each outlet divides one dimension's labels.

    One bar per outlet, one segment per category (lexicon colours, legend in
    lexicon order), the number of documents at the end of each bar. Bars of
    groups flagged ``low_n`` are hatched and marked "low n".

    Parameters
    ----------
    agg : DataFrame
        Aggregate table with columns ``by``, ``category``, ``share``,
        ``n_docs`` and ``low_n``; one row per outlet and category (and per
        period: choose one with ``period``).
    dimension : str
        A dimension id of the lexicon, e.g. ``"armed_group_label"``.
    by : str
        The group column, one bar per value.
    period : date-like, optional
        The period to draw when the table has several.
    order : list, optional
        Bar order from top to bottom; default: sorted names.
    labels : {"en", "ar", "both"}
        Language of the category labels.
    lexicon : str, Path or Lexicon
        The lexicon the table was scored with (colours, labels, order).
    font : str, optional
        Font family; default :func:`get_font`.
    ax : Axes, optional
        Draw into these axes instead of a new figure.

    Returns
    -------
    Figure
    """
    func = "share_bars"
    _check_choice(func, "labels", labels, LANGUAGES)
    agg = _require_agg(agg, [by, "category", "share", "n_docs", "low_n"], func)
    lex = _resolve_lexicon(lexicon)
    _check_categories(agg, lex, func)
    dim = _find_dimension(lex, dimension, func)
    rows = agg[agg["category"].astype(str).isin([c.id for c in dim.categories])]
    if rows.empty:
        raise ValueError(
            f"framing.plots.{func}: no rows for dimension {dim.id!r}. Categories in the table: "
            f"{', '.join(sorted(map(str, agg['category'].unique())))}."
        )
    rows = _single_period(rows, period, func)
    rows = rows.assign(**{by: rows[by].astype(str), "category": rows["category"].astype(str)})
    _check_unique(rows, [by, "category"], func)
    categories = _table_categories(rows, lex, None, func)
    groups = _ordered_groups(rows[by], order, by, func)
    shares = rows.pivot(index=by, columns="category", values="share").reindex(
        index=groups, columns=[c.id for c in categories]
    )
    _check_complete(shares, rows, by, func)
    per_group = rows.groupby(by).agg(n_docs=("n_docs", "max"), low_n=("low_n", "any"))
    notes = []
    groups, hidden = _keep_largest(groups, per_group["n_docs"].to_dict(), MAX_BARS)
    if hidden:
        notes.append(_left_out_note(hidden, _plural(by), "fewest documents"))
    shares = shares.loc[groups]
    # Segments: the categories with most hits; the rest of the dimension is one
    # grey "other" segment, so every bar still adds up to its 100%.
    segments = [(c.id, _category_label(c, labels), c.colour) for c in categories]
    if len(categories) > MAX_SEGMENTS:
        weights = _category_weight(rows, "share").to_dict()
        kept, merged = _keep_largest([c.id for c in categories], weights, MAX_SEGMENTS - 1)
        rest = [c.id for c in categories if c.id not in set(kept)]
        other = f"other ({merged:,} categories)"
        shares = shares[kept].assign(**{other: shares[rest].sum(axis=1, min_count=1)})
        segments = [s for s in segments if s[0] in set(kept)] + [(other, other, "#BBBBBB")]
        notes.append(f"{merged:,} categories with the fewest hits drawn as one grey 'other' "
                     "segment")
    family = _font_family(font)
    names = _display_names(groups)
    counts = {g: f"n = {int(per_group.loc[g, 'n_docs']):,}"
              + (" (low n)" if per_group.loc[g, "low_n"] else "") for g in groups}
    title = _with_note(_dimension_label(dim, labels), notes)

    with _font_context(family):
        own = ax is None
        if own:
            label_width = _widest(list(names.values()), family, 10) + 0.4
            count_width = _widest(list(counts.values()), family, 8) + 0.3
            plot_width = max(5.0, _widest(title.split("\n"), family, 12) + 0.2)
            legend_width = _widest([s[1] for s in segments] + [_LOW_N_NOTE], family, 9) + 0.8
            width = max(9.0, label_width + plot_width + count_width, legend_width)
            fig = _new_figure((width, 1.6 + 0.5 * len(groups) + 0.3 * len(notes)
                               + 0.3 * math.ceil(len(segments) / 2)))
            ax = fig.add_subplot()
        else:
            fig = _root_figure(ax)
        y = np.arange(len(groups))
        left = np.zeros(len(groups))
        hatched = per_group.loc[groups, "low_n"].to_numpy(dtype=bool)
        for column, label, colour in segments:
            widths = shares[column].fillna(0.0).to_numpy(dtype=float)
            bars = ax.barh(y, widths, left=left, height=0.7, color=colour,
                           edgecolor="white", linewidth=0.6, label=label)
            for patch, low in zip(bars.patches, hatched, strict=True):
                if low:
                    patch.set_hatch("///")
                    patch.set_hatchcolor("#333333")
            for yi, (x0, width) in enumerate(zip(left, widths, strict=True)):
                if width >= 0.07:
                    # On hatched bars the value sits on a patch of plain colour.
                    backing = (dict(boxstyle="round,pad=0.2", facecolor=colour,
                                    edgecolor="none") if hatched[yi] else None)
                    ax.text(x0 + width / 2, yi, f"{width:.0%}", ha="center", va="center",
                            fontsize=8, color=_ink_for(colour), bbox=backing, in_layout=False)
            left = left + widths
        for yi, group in enumerate(groups):
            if shares.loc[group].isna().all():
                ax.text(0.01, yi, "no labels of this dimension", ha="left", va="center",
                        fontsize=8, color="#555555")
            ax.text(1.01, yi, counts[group], ha="left", va="center", fontsize=8, clip_on=False)
        ax.set_yticks(y, [names[g] for g in groups])
        ax.set_ylim(len(groups) - 0.5, -0.5)
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(mticker.PercentFormatter(1.0, decimals=0))
        ax.set_xlabel(_MEASURE_TITLES["share"])
        ax.set_title(title, loc=_title_side(labels), fontfamily=family)
        ax.spines[["top", "right"]].set_visible(False)
        handles, _ = ax.get_legend_handles_labels()
        if hatched.any():
            handles.append(Patch(facecolor="white", edgecolor="#333333", hatch="///",
                                 label=_LOW_N_NOTE))
        width = fig.get_figwidth() * 72 * 0.95
        # Below the axis title at a fixed distance, whatever the number of bars;
        # centred on the figure (not on the axes, which long names push right).
        below = mtransforms.offset_copy(ax.transAxes, fig=fig, y=-36, units="points")
        anchor = (mtransforms.blended_transform_factory(fig.transFigure, below) if own
                  else below)
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0),
                  bbox_transform=anchor,
                  ncols=_legend_columns([h.get_label() for h in handles], family, 9, width),
                  frameon=False, fontsize=9, markerfirst=labels != "ar")
    _apply_font(family, [ax])
    if own:
        _freeze_ticks(fig)
    return fig


def _legend_columns(labels: list[str], family: list[str], size: float, width: float,
                    most: int = 3) -> int:
    """The most legend columns (up to ``most``) whose entries fit in ``width`` points.

    Legends fill columns top to bottom, the first ``len(labels) % ncols``
    columns one entry longer; each column is as wide as its longest
    label plus the handle, its gap and the space between columns (about 4.8 em).
    """
    measure = TextToPath()
    prop = font_manager.FontProperties(family=family, size=size)
    widths = [measure.get_text_width_height_descent(label, prop, ismath=False)[0]
              for label in labels]
    for ncols in range(min(most, len(labels)), 1, -1):
        # Split as matplotlib does: the first len % ncols columns get one more.
        columns = [c for c in np.array_split(np.asarray(widths), ncols) if len(c)]
        if sum(c.max() + 4.8 * size for c in columns) <= width:
            return ncols
    return 1


def _check_complete(values: pd.DataFrame, rows: pd.DataFrame, by: str, func: str) -> None:
    """Every group must have a row for every category drawn (a full grid)."""
    present = set(zip(rows[by], rows["category"], strict=True))
    absent = [(g, c) for g in values.index for c in values.columns if (g, c) not in present]
    if absent:
        shown = ", ".join(f"{g}/{c}" for g, c in absent[:5])
        raise ValueError(
            f"framing.plots.{func}: the table has no row for {len(absent)} {by}/category "
            f"pair(s) ({shown}{', ...' if len(absent) > 5 else ''}); an aggregate table has a "
            "row for every group and category, with zeros where nothing was found."
        )


# -- lines over time ----------------------------------------------------------------


def _draw_lines(ax: Axes, rows: pd.DataFrame, *, by: str, measure: str, intervals: bool,
                groups: list[str], colours: Mapping[str, str], names: Mapping[str, str]
                ) -> bool:
    """One line per group over period, with its band; returns whether any point is low n."""
    any_low = False
    n_colours = len(set(colours.values())) or 1
    # one pass over the table, not a filter per group (hundreds of outlets × panels), and
    # plain arrays from there on (pandas copies the table's attrs on every selection)
    rows = rows.sort_values("period", kind="stable")
    rows.attrs = {}
    columns = [measure, *(_interval_columns(measure) if intervals else [])]
    parts = {key: (part["period"].to_numpy(), part[columns].to_numpy(dtype=float),
                   part["low_n"].to_numpy(dtype=bool) if "low_n" in part.columns else None)
             for key, part in rows.groupby(by, sort=False)}
    bands: list[np.ndarray] = []
    band_colours: list[str] = []
    for index, group in enumerate(groups):
        if group not in parts or not len(parts[group][0]):
            continue
        x, numbers, flags = parts[group]
        values = numbers[:, 0]
        colour = colours[group]
        ax.plot(x, values, color=colour, linestyle=_line_style(index, n_colours), marker="o",
                markersize=3.5, linewidth=1.6, label=names[group])
        if intervals:
            for polygon in _band_polygons(mdates.date2num(x), numbers[:, 1], numbers[:, 2]):
                bands.append(polygon)
                band_colours.append(colour)
        if flags is not None:
            # Only drawn points are marked (a period without documents is a gap).
            low_n = flags & np.isfinite(values)
            if low_n.any():
                any_low = True
                ax.plot(x[low_n], values[low_n], linestyle="none", marker="o", markersize=5,
                        markerfacecolor="white", markeredgecolor=colour, label="_low n")
    if bands:
        # every band of the panel in one collection (one polygon per group and unbroken
        # stretch), drawn under the lines; fainter when many overlap
        ax.add_collection(PolyCollection(
            bands, facecolors=[to_rgba(c, 0.15 if len(groups) <= 4 else 0.07)
                               for c in band_colours],
            linewidths=0, label="_intervals", zorder=1), autolim=True)
    locator = _date_locator(rows["period"], 8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    return any_low


def _band_polygons(x: np.ndarray, low: np.ndarray, high: np.ndarray) -> list[np.ndarray]:
    """Polygons between ``low`` and ``high`` over ``x``, one per run of finite values.

    What ``fill_between`` draws (linear between periods, broken where a bound is
    missing), without its per-call overhead. A run of one period has no width and
    is left out, as ``fill_between`` shows nothing there either.
    """
    finite = np.isfinite(x) & np.isfinite(low) & np.isfinite(high)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], finite.astype(np.int8), [0]))))
    polygons = []
    for start, stop in zip(edges[::2], edges[1::2], strict=True):
        if stop - start < 2:
            continue
        xs = x[start:stop]
        polygons.append(np.column_stack((np.concatenate((xs, xs[::-1])),
                                         np.concatenate((high[start:stop],
                                                         low[start:stop][::-1])))))
    return polygons


def _date_locator(periods: pd.Series, most: int) -> mticker.Locator:
    """Ticks on the periods themselves when there are few, else automatic dates."""
    unique = np.sort(pd.unique(periods.dropna()))
    if 0 < len(unique) <= most:
        return mticker.FixedLocator(mdates.date2num(unique))
    return mdates.AutoDateLocator(minticks=3, maxticks=most)


def _line_legend_handles(groups: list[str], colours: Mapping[str, str], any_low: bool,
                         names: Mapping[str, str]) -> list[Any]:
    n_colours = len(set(colours.values())) or 1
    handles: list[Any] = [
        Line2D([], [], color=colours[g], linestyle=_line_style(i, n_colours), marker="o",
               markersize=3.5, label=names[g])
        for i, g in enumerate(groups)
    ]
    if any_low:
        handles.append(Line2D([], [], linestyle="none", marker="o", markersize=5,
                              markerfacecolor="white", markeredgecolor="#555555",
                              label="open marker: low n"))
    return handles


def _prepare_lines(agg: pd.DataFrame, measure: str, by: str, intervals: bool, func: str,
                   lexicon: str | Path | Lexicon) -> tuple[pd.DataFrame, Lexicon]:
    _check_choice(func, "measure", measure, _MEASURES)
    columns = [by, "period", "category", measure]
    if intervals:
        columns += _interval_columns(measure)
    agg = _require_agg(agg, columns, func)
    lex = _resolve_lexicon(lexicon)
    _check_categories(agg, lex, func)
    rows = agg.assign(**{by: agg[by].astype(str), "category": agg["category"].astype(str),
                         "period": _periods(agg["period"], func)})
    _check_unique(rows, [by, "period", "category"], func)
    return rows, lex


def _group_colours(rows: pd.DataFrame, by: str, colours: Mapping[str, str] | None, func: str
                   ) -> tuple[list[str], dict[str, str]]:
    groups = sorted(rows[by].unique())
    if colours is None:
        return groups, outlet_colours(groups)
    missing = [g for g in groups if g not in colours]
    if missing:
        raise ValueError(
            f"The 'colours' parameter of framing.plots.{func} has no colour for "
            f"{', '.join(missing)}; give one per {by}, or omit it for the default palette."
        )
    return groups, {g: colours[g] for g in groups}


def _line_groups(rows: pd.DataFrame, by: str, groups: list[str]) -> tuple[list[str], list[str]]:
    """The groups drawn as lines (at most :data:`MAX_LINES`, most documents
    first kept) and the note saying how many were left out."""
    kept, hidden = _keep_largest(groups, _group_documents(rows, by).to_dict(), MAX_LINES)
    notes = [_left_out_note(hidden, _plural(by), "fewest documents")] if hidden else []
    return kept, notes


@without_gc
def timeline(
    agg: pd.DataFrame,
    category_or_dimension: str,
    *,
    measure: str = "share",
    by: str = "outlet",
    intervals: bool = True,
    colours: Mapping[str, str] | None = None,
    labels: str = "en",
    lexicon: str | Path | Lexicon = "default",
    font: str | None = None,
    ax: Axes | None = None,
    events: Any = None,
) -> Figure:
    """A category over time: one line per outlet, with its interval band.

    Given a dimension id instead of a category id, draws one panel per
    category of the dimension (shared value axis). Periods without a value
    (no documents, or no label of the dimension for shares) are gaps in the
    lines.

    Parameters
    ----------
    agg : DataFrame
        Aggregate table with ``by``, ``period`` (dates), ``category``, the
        measure and, with ``intervals``, its ``_low``/``_high`` columns. Points
        of rows flagged ``low_n`` get open markers.
    category_or_dimension : str
        A category id (``"terrorist"``) or a dimension id (``"armed_group_label"``).
    measure : {"share", "rate", "doc_share"}
        The value drawn.
    by : str
        The group column, one line per value.
    intervals : bool
        Draw the interval band between ``<measure>_low`` and ``<measure>_high``.
    colours : mapping, optional
        Colour per group; default :func:`outlet_colours`.
    labels : {"en", "ar", "both"}
        Language of the category labels.
    lexicon : str, Path or Lexicon
        The lexicon the table was scored with.
    font : str, optional
        Font family; default :func:`get_font`.
    ax : Axes, optional
        Draw into these axes (a category, or a dimension of one category).
    events : DataFrame, str or Path, optional
        Events drawn as labelled dashed lines: a table of
        :func:`framing.read_events` or the path of an events file (CSV or
        YAML). Events outside the dates of the table are not drawn; a note
        under the title says how many.

    Returns
    -------
    Figure
    """
    func = "timeline"
    _check_choice(func, "labels", labels, LANGUAGES)
    events = _events_table(events, func)
    rows, lex = _prepare_lines(agg, measure, by, intervals, func, lexicon)
    if category_or_dimension in lex.category_ids:
        categories = [lex.category(category_or_dimension)]
        title = None
    elif category_or_dimension in [d.id for d in lex.dimensions]:
        dim = _find_dimension(lex, category_or_dimension, func)
        categories = list(dim.categories)
        title = _dimension_label(dim, labels)
    else:
        raise ValueError(
            f"framing.plots.{func}: {category_or_dimension!r} is neither a category nor a "
            f"dimension of lexicon {lex.name!r}. Categories: {', '.join(lex.category_ids)}; "
            f"dimensions: {', '.join(d.id for d in lex.dimensions)}."
        )
    present = set(rows["category"])
    if not any(c.id in present for c in categories):
        raise ValueError(
            f"framing.plots.{func}: no rows for {category_or_dimension!r}. Categories in the "
            f"table: {', '.join(sorted(present))}."
        )
    categories = [c for c in categories if c.id in present]
    if ax is not None and len(categories) > 1:
        raise ValueError(
            f"framing.plots.{func}: dimension {category_or_dimension!r} has "
            f"{len(categories)} categories in the table, drawn as one panel each; ax=... "
            "takes a single category. Omit ax, or pass a category id."
        )
    if len(categories) == 1:
        return _single_timeline(rows, categories[0], measure=measure, by=by,
                                intervals=intervals, colours=colours, labels=labels, font=font,
                                ax=ax, func=func, events=events)
    return _panel_grid(rows, categories, measure=measure, by=by, intervals=intervals,
                       colours=colours, labels=labels, font=font, ncols=min(3, len(categories)),
                       sharey=True, title=title, func=func, events=events)


def _single_timeline(rows: pd.DataFrame, category: Category, *, measure: str, by: str,
                     intervals: bool, colours: Mapping[str, str] | None, labels: str,
                     font: str | None, ax: Axes | None, func: str,
                     events: pd.DataFrame | None = None) -> Figure:
    groups, palette = _group_colours(rows, by, colours, func)
    part = rows[rows["category"] == category.id]
    groups, notes = _line_groups(part, by, groups)
    events, event_notes = _events_in_range(events, rows["period"].min(),
                                           _period_end(rows["period"].max(), _freq_of(rows)))
    notes = notes + event_notes
    part = part[part[by].isin(groups)]
    names = _display_names(groups)
    family = _font_family(font)
    title = _with_note(_category_label(category, labels), notes)
    legend_title = shorten(by)
    own = ax is None
    with _font_context(family):
        if own:
            legend_width = _widest([*names.values(), legend_title, "open marker: low n"],
                                   family, 9) + 0.7
            title_width = _widest(title.split("\n"), family, 12)
            fig = _new_figure((max(8.0, 1.0 + max(4.5, title_width + 0.2) + legend_width),
                               4.5 + 0.3 * len(notes)))
            ax = fig.add_subplot()
        else:
            fig = _root_figure(ax)
        any_low = _draw_lines(ax, part, by=by, measure=measure, intervals=intervals,
                              groups=groups, colours=palette, names=names)
        ax.set_ylabel(_measure_axis(ax, measure, part))
        ax.set_ylim(bottom=0)
        ax.set_title(title, loc=_title_side(labels), fontfamily=family)
        handles = _line_legend_handles(groups, palette, any_low, names)
        if events is not None and not events.empty:
            _draw_events(ax, events)
            _cover_events([ax], events)
            handles.append(_event_handle())
        ax.legend(handles=handles,
                  loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=9,
                  title=legend_title)
    _apply_font(family, [ax])
    if own:
        _freeze_ticks(fig)
    return fig


def _panel_grid(rows: pd.DataFrame, categories: list[Category], *, measure: str, by: str,
                intervals: bool, colours: Mapping[str, str] | None, labels: str,
                font: str | None, ncols: int, sharey: bool, title: str | None,
                func: str, events: pd.DataFrame | None = None) -> Figure:
    """One panel per category, lines per group, one legend for the figure."""
    rows = rows[rows["category"].isin([c.id for c in categories])]
    groups, palette = _group_colours(rows, by, colours, func)
    groups, notes = _line_groups(rows, by, groups)
    events, event_notes = _events_in_range(events, rows["period"].min(),
                                           _period_end(rows["period"].max(), _freq_of(rows)))
    notes = notes + event_notes
    rows = rows[rows[by].isin(groups)]
    kept, hidden = _keep_largest([c.id for c in categories],
                                 _category_weight(rows, measure).to_dict(), MAX_PANELS)
    if hidden:
        notes.append(_left_out_note(hidden, "categories", "fewest hits"))
        categories = [c for c in categories if c.id in set(kept)]
        rows = rows[rows["category"].isin(kept)]
    names = _display_names(groups)
    family = _font_family(font)
    ncols = max(1, min(ncols, len(categories)))
    nrows = math.ceil(len(categories) / ncols)
    heading = _with_note(title or "", notes)
    panel_titles = [_two_line_label(c, labels) for c in categories]
    with _font_context(family):
        panel = max(3.2, _widest(panel_titles, family, 10) + 0.4)
        legend_labels = [*names.values(), "open marker: low n", _EVENT_HANDLE_LABEL]
        width = max(panel * ncols + 0.4, _widest(heading.split("\n"), family, 12) + 0.4,
                    _widest(legend_labels, family, 9) + 0.8)
        fig = _new_figure((width, 2.6 * nrows + 0.9 + 0.3 * heading.count("\n")))
        # Limits are set by hand rather than by sharing axes: sharing makes every
        # panel re-autoscale its siblings, which is slow with twenty panels.
        grid = fig.subplots(nrows, ncols, squeeze=False)
        axes = list(grid.ravel())[: len(categories)]
        for ax in list(grid.ravel())[len(categories):]:
            ax.set_visible(False)
        any_low = False
        by_category = dict(tuple(rows.groupby("category", sort=False)))
        for index, (ax, category) in enumerate(zip(axes, categories, strict=True)):
            part = by_category.get(category.id, rows.iloc[:0])
            any_low |= _draw_lines(ax, part, by=by, measure=measure, intervals=intervals,
                                   groups=groups, colours=palette, names=names)
            ax.set_title(panel_titles[index], loc="left", fontsize=10)
            ax.spines["top"].set_visible(True)
            ax.spines["top"].set_color(category.colour)
            ax.spines["top"].set_linewidth(3)
            unit = _measure_axis(ax, measure, part)
            # few ticks: readable in a small panel, and quicker to draw
            ax.yaxis.set_major_locator(mticker.MaxNLocator(
                nbins=5 if measure in _PERCENT_MEASURES else 4, steps=[1, 2, 2.5, 5, 10]))
            first_col = index % ncols == 0
            if first_col:
                ax.set_ylabel(unit, fontsize=9)
            ax.tick_params(labelsize=8, labelbottom=index + ncols >= len(categories),
                           labelleft=first_col or not sharey)
        _common_limits(axes, rows, measure, intervals, sharey)
        _cover_events(axes, events)
        handles = _line_legend_handles(groups, palette, any_low, names)
        if events is not None and not events.empty:
            for index, ax in enumerate(axes):
                _draw_events(ax, events, label=index < ncols)  # labels on the top row
            handles.append(_event_handle())
        # As many columns as fit across the figure: a legend wider than the
        # figure would lose its first and last entries at the edges.
        fig.legend(handles=handles, loc="outside lower center",
                   ncols=_legend_columns([h.get_label() for h in handles], family, 9,
                                         fig.get_figwidth() * 72 * 0.9, most=6),
                   frameon=False, fontsize=9)
        if heading:
            fig.suptitle(heading, x=0.02, ha="left")
    _apply_font(family, axes)
    _freeze_ticks(fig)
    return fig


def _common_limits(axes: list[Axes], rows: pd.DataFrame, measure: str, intervals: bool,
                   sharey: bool) -> None:
    """One time range for all panels; one value range too when ``sharey``."""
    start, end = rows["period"].min(), rows["period"].max()
    pad = (end - start) * 0.03 if end > start else pd.Timedelta(days=15)
    top_column = f"{measure}_high" if intervals else measure
    top = float(np.nanmax(rows[top_column].to_numpy(dtype=float), initial=0.0))
    low, high = (start - pad).to_pydatetime(), (end + pad).to_pydatetime()
    # Tick positions and labels are computed once for all panels: date locators
    # are slow, and every panel shows the same range.
    locator = _date_locator(rows["period"], 6)
    formatter = mdates.ConciseDateFormatter(locator)
    ticks = [t for t in locator.tick_values(low, high)
             if mdates.date2num(low) <= t <= mdates.date2num(high)]
    tick_labels = formatter.format_ticks(ticks)
    offset = formatter.get_offset()
    for ax in axes:
        ax.set_xlim(low, high)
        ax.set_xticks(ticks, tick_labels)
        if offset and ax.xaxis.get_tick_params()["labelbottom"]:
            ax.set_xlabel(offset, fontsize=8)
        if sharey:
            ax.set_ylim(0, top * 1.05 if top > 0 else 1.0)
        else:
            ax.set_ylim(bottom=0)


@without_gc
def category_small_multiples(
    agg: pd.DataFrame,
    *,
    measure: str = "rate",
    by: str = "outlet",
    categories: Sequence[str] | None = None,
    ncols: int = 4,
    sharey: bool | None = None,
    intervals: bool = True,
    colours: Mapping[str, str] | None = None,
    labels: str = "en",
    lexicon: str | Path | Lexicon = "default",
    font: str | None = None,
    events: Any = None,
) -> Figure:
    """One small panel per category (lexicon order), lines per outlet over time.

    Parameters
    ----------
    agg : DataFrame
        Aggregate table with ``by``, ``period``, ``category``, the measure and,
        with ``intervals``, its ``_low``/``_high`` columns.
    measure : {"rate", "share", "doc_share"}
        The value drawn.
    by : str
        The group column, one line per value.
    categories : list of str, optional
        Category ids to draw; default: every category in the table.
    ncols : int
        Panels per row.
    sharey : bool, optional
        One value axis for all panels; default True for shares, False for
        rates (whose scales differ between categories).
    intervals, colours, labels, lexicon, font, events
        As in :func:`timeline` (event labels are written in the top row of panels).

    Returns
    -------
    Figure
    """
    func = "category_small_multiples"
    _check_choice(func, "labels", labels, LANGUAGES)
    events = _events_table(events, func)
    if isinstance(ncols, bool) or not isinstance(ncols, int) or ncols < 1:
        raise ValueError(
            f"The 'ncols' parameter of framing.plots.{func} must be a positive integer. "
            f"Got {ncols!r} instead."
        )
    rows, lex = _prepare_lines(agg, measure, by, intervals, func, lexicon)
    chosen = _table_categories(rows, lex, categories, func)
    if sharey is None:
        sharey = measure in _PERCENT_MEASURES
    return _panel_grid(rows, chosen, measure=measure, by=by, intervals=intervals,
                       colours=colours, labels=labels, font=font, ncols=ncols,
                       sharey=bool(sharey), title=None, func=func, events=events)


# -- heatmap --------------------------------------------------------------------


@without_gc
def heatmap(
    agg: pd.DataFrame,
    *,
    measure: str = "share",
    by: str = "outlet",
    period: Any = None,
    dimensions: Sequence[str] | None = None,
    order: Sequence[Any] | None = None,
    cmap: str = "viridis",
    labels: str = "en",
    lexicon: str | Path | Lexicon = "default",
    font: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Outlet × category values as a grid, categories grouped by dimension.

    Rows are categories in lexicon order, separated and labelled by
    dimension; columns are outlets (with their document counts). Each cell
    shows its value; empty cells (no labels of the dimension) are grey.

    Parameters
    ----------
    agg : DataFrame
        Aggregate table with ``by``, ``category``, the measure and ``n_docs``
        (``low_n`` optional); one row per outlet and category.
    measure : {"share", "rate", "doc_share"}
        The value shown.
    by : str
        The group column, one grid column per value.
    period : date-like, optional
        The period to draw when the table has several.
    dimensions : list of str, optional
        Dimension ids to show; default: all with rows in the table.
    order : list, optional
        Column order; default: sorted names.
    cmap : str
        A sequential matplotlib colour map (default viridis, colour-blind safe).
    labels, lexicon, font, ax
        As in :func:`share_bars`.

    Returns
    -------
    Figure
    """
    func = "heatmap"
    _check_choice(func, "labels", labels, LANGUAGES)
    _check_choice(func, "measure", measure, _MEASURES)
    agg = _require_agg(agg, [by, "category", measure, "n_docs"], func)
    lex = _resolve_lexicon(lexicon)
    _check_categories(agg, lex, func)
    rows = _single_period(agg, period, func)
    rows = rows.assign(**{by: rows[by].astype(str), "category": rows["category"].astype(str)})
    _check_unique(rows, [by, "category"], func)
    if dimensions is not None:
        if isinstance(dimensions, str):
            dimensions = [dimensions]
        for d in dimensions:
            _find_dimension(lex, d, func)
        wanted = [c.id for c in lex.categories if c.dimension in set(dimensions)]
        rows = rows[rows["category"].isin(wanted)]
        if rows.empty:
            raise ValueError(f"framing.plots.{func}: no rows for dimensions {list(dimensions)}.")
    categories = _table_categories(rows, lex, None, func)
    groups = _ordered_groups(rows[by], order, by, func)
    values = rows.pivot(index="category", columns=by, values=measure).reindex(
        index=[c.id for c in categories], columns=groups
    )
    _check_complete(values.T, rows, by, func)
    per_group = rows.groupby(by).agg(n_docs=("n_docs", "max"))
    per_group["low_n"] = rows.groupby(by)["low_n"].any() if "low_n" in rows.columns else False
    notes = []
    groups, hidden = _keep_largest(groups, per_group["n_docs"].to_dict(), MAX_HEATMAP_COLUMNS)
    if hidden:
        notes.append(_left_out_note(hidden, _plural(by), "fewest documents"))
    kept, hidden = _keep_largest([c.id for c in categories],
                                 _category_weight(rows, measure).to_dict(), MAX_HEATMAP_ROWS)
    if hidden:
        notes.append(_left_out_note(hidden, "categories", "fewest hits"))
        categories = [c for c in categories if c.id in set(kept)]
    values = values.loc[[c.id for c in categories], groups]
    matrix = values.to_numpy(dtype=float)
    family = _font_family(font)

    row_labels = [_category_label(c, labels) for c in categories]
    blocks = _dimension_blocks(categories)
    block_labels = [_dimension_label(_find_dimension(lex, d, func), labels, lines=2)
                    for _, _, d in blocks]
    names = _display_names(groups)
    column_labels = []
    for g in groups:
        note = f"{names[g]}\nn = {int(per_group.loc[g, 'n_docs']):,}"
        column_labels.append(note + ("\n(low n)" if per_group.loc[g, "low_n"] else ""))
    title = _with_note("", notes)

    with _font_context(family):
        # Column labels stand upright when they would not fit side by side.
        label_width = _widest(column_labels, family, 9)
        upright = len(groups) > 8 or label_width > 1.6
        if ax is None:
            left = _widest(row_labels, family, 10) + 0.3
            right = _widest(block_labels, family, 8) + 0.3
            column = 0.5 if upright else max(0.8, label_width + 0.2)
            top = (label_width if upright else 0.6) + 0.35 * len(notes)
            fig = _new_figure((max(left + right + column * len(groups) + 0.8,
                                   _widest(notes, family, 12) + 0.4),
                               1.6 + top + 0.34 * len(categories)))
            ax = fig.add_subplot()
        else:
            fig = _root_figure(ax)
        colour_map = matplotlib.colormaps[cmap].with_extremes(bad="#e6e6e6")
        finite = matrix[np.isfinite(matrix)]
        vmax = 1.0 if measure in _PERCENT_MEASURES or not finite.size else float(finite.max())
        vmax = vmax if vmax > 0 else 1.0
        mesh = ax.pcolormesh(np.ma.masked_invalid(matrix), cmap=colour_map, vmin=0.0, vmax=vmax,
                             edgecolors="white", linewidth=0.8)
        # Cell values sit inside their cells, so the layout need not measure
        # them (with hundreds of cells that measuring is most of the drawing time).
        for (i, j), value in np.ndenumerate(matrix):
            if np.isnan(value):
                ax.text(j + 0.5, i + 0.5, "–", ha="center", va="center", fontsize=8,
                        color="#777777", in_layout=False)
                continue
            text = f"{value:.0%}" if measure in _PERCENT_MEASURES else f"{value:.3g}"
            rgba = colour_map(mesh.norm(value))
            ax.text(j + 0.5, i + 0.5, text, ha="center", va="center", fontsize=8,
                    color=_ink_for(matplotlib.colors.to_hex(rgba)), in_layout=False)
        ax.set_yticks(np.arange(len(categories)) + 0.5, row_labels)
        ax.set_xticks(np.arange(len(groups)) + 0.5, column_labels,
                      rotation=90 if upright else 0)
        ax.xaxis.tick_top()
        ax.tick_params(length=0)
        ax.tick_params(axis="x", labelsize=9)
        ax.set_ylim(len(categories), 0)
        if title:
            ax.set_title(title, loc="left", fontfamily=family)
        for start, _stop, _dim in blocks[1:]:
            ax.axhline(start, color="black", linewidth=1.4)
        side = ax.secondary_yaxis("right")
        side.set_yticks([(start + stop) / 2 for start, stop, _ in blocks], block_labels)
        side.tick_params(length=0, labelsize=8)
        for spine in [*ax.spines.values(), *side.spines.values()]:
            spine.set_visible(False)
        bar = fig.colorbar(mesh, ax=ax, location="bottom", shrink=0.6, aspect=40, pad=0.02)
        bar.set_label(_MEASURE_TITLES.get(measure) or _rate_unit(rows), fontsize=9)
        if measure in _PERCENT_MEASURES:
            bar.formatter = mticker.PercentFormatter(1.0, decimals=0)
            bar.update_ticks()
    _apply_font(family, [ax, side, bar.ax])
    return fig


def _dimension_blocks(categories: list[Category]) -> list[tuple[int, int, str]]:
    """(first row, end row, dimension id) of each run of one dimension's categories."""
    blocks: list[tuple[int, int, str]] = []
    for i, category in enumerate(categories):
        if blocks and blocks[-1][2] == category.dimension:
            blocks[-1] = (blocks[-1][0], i + 1, category.dimension)
        else:
            blocks.append((i, i + 1, category.dimension))
    return blocks


# -- keyness --------------------------------------------------------------------


@without_gc
def keyness_chart(
    keyness_table: pd.DataFrame,
    *,
    top: int = 15,
    label_a: str | None = None,
    label_b: str | None = None,
    group: Any = None,
    font: str | None = None,
) -> Figure:
    """The terms most typical of each side: two panels of horizontal z bars.

    The left panel shows the ``top`` terms with the largest positive ``z``
    (more frequent in A), the right one the ``top`` with the most negative
    ``z`` (more frequent in B), strongest first. Each bar is labelled with
    the term's counts in A and B. Terms are drawn as written (Arabic stays
    Arabic): by their ``surface`` form (the most frequent written form of the
    normalised word) where the table has that column, else by ``term``. Rows
    whose ``z`` is missing cannot be ranked and are not shown. At most
    :data:`MAX_KEYNESS_TERMS` terms per side are drawn; a larger ``top`` is
    said so in a note.

    Parameters
    ----------
    keyness_table : DataFrame
        From :func:`framing.keyness`: ``term``, ``count_a``, ``count_b``, ``z``
        (and ``group`` when several comparisons are stacked; ``surface``
        optional).
    top : int
        Terms per side.
    label_a, label_b : str, optional
        Names of the two sides; default: the table's ``group`` and
        ``reference`` values (as :func:`framing.keyness` writes them), else
        "A" and "B".
    group : optional
        The comparison to draw when the table has a ``group`` column with
        several values.
    font : str, optional
        Font family; default :func:`get_font`.

    Returns
    -------
    Figure
    """
    func = "keyness_chart"
    table = _require_table(keyness_table, ["term", "count_a", "count_b", "z"], func,
                           "keyness table", "framing.keyness(...)")
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ValueError(
            f"The 'top' parameter of framing.plots.{func} must be a positive integer. "
            f"Got {top!r} instead."
        )
    if "group" in table.columns:
        values = list(pd.unique(table["group"]))
        if group is None and len(values) > 1:
            raise ValueError(
                f"framing.plots.{func}: the table holds {len(values)} comparisons (column "
                f"'group': {', '.join(map(str, values[:6]))}{', ...' if len(values) > 6 else ''})"
                "; pass group=... to choose one."
            )
        if group is not None:
            table = table[table["group"] == group]
            if table.empty:
                raise ValueError(
                    f"framing.plots.{func}: no rows for group {group!r}; groups: "
                    f"{', '.join(map(str, values))}."
                )
    elif group is not None:
        raise ValueError(
            f"framing.plots.{func}: group={group!r} was given but the table has no 'group' "
            "column."
        )
    label_a = _side_name(table, "group", "A") if label_a is None else str(label_a)
    label_b = _side_name(table, "reference", "B") if label_b is None else str(label_b)
    name_a, name_b = shorten(label_a, 32), shorten(label_b, 32)
    from framing.keyness import top_terms

    notes = []
    if top > MAX_KEYNESS_TERMS:
        notes.append(f"top={top:,} asked for; the {MAX_KEYNESS_TERMS} strongest terms per side "
                     "are shown")
        top = MAX_KEYNESS_TERMS
    shown = top_terms(table.drop(columns="group", errors="ignore"), top)
    side_a, side_b = shown[shown["z"] > 0], shown[shown["z"] < 0]
    family = _font_family(font)
    colours = OUTLET_PALETTE[:2]
    n_rows = max(len(side_a), len(side_b), 1)
    titles = [f"more frequent in {name_a}", f"more frequent in {name_b}"]
    axis_label = f"|z| (bar labels: count in {name_a} / count in {name_b})"
    bar_labels = [_term_labels(side) for side in (side_a, side_b)]

    with _font_context(family):
        panel = max(_widest(titles, family, 10) + 0.2,
                    _widest([*bar_labels[0], *bar_labels[1]], family, 10) + 2.8)
        width = max(9.0, 2 * panel + 0.4, _widest([axis_label, *notes], family, 12) + 0.4)
        fig = _new_figure((width, 1.4 + 0.3 * n_rows + 0.3 * len(notes)))
        axes = fig.subplots(1, 2, sharex=True)
        for ax, side, title, terms, colour in zip(axes, (side_a, side_b), titles, bar_labels,
                                                  colours, strict=True):
            ax.set_title(title, loc="left", fontsize=10)
            ax.spines[["top", "right"]].set_visible(False)
            if side.empty:
                ax.text(0.5, 0.5, "no terms", transform=ax.transAxes, ha="center",
                        va="center", color="#555555")
                ax.set_yticks([])
                continue
            y = np.arange(len(side))
            strength = side["z"].abs().to_numpy(dtype=float)
            ax.barh(y, strength, color=colour, height=0.7)
            ax.set_yticks(y, terms)
            ax.set_ylim(n_rows - 0.5, -0.5)
            for yi, (value, count_a, count_b) in enumerate(
                zip(strength, side["count_a"], side["count_b"], strict=True)
            ):
                ax.annotate(f"{int(count_a):,} / {int(count_b):,}", xy=(value, yi),
                            xytext=(3, 0), textcoords="offset points", va="center",
                            fontsize=7, color="#444444")
            ax.tick_params(axis="y", labelsize=10, length=0)
        axes[0].margins(x=0.15)
        fig.supxlabel(axis_label, fontsize=9)
        if notes:
            fig.suptitle(_with_note("", notes), x=0.02, ha="left", fontsize=10)
    _apply_font(family, list(axes))
    _freeze_ticks(fig)
    return fig


def _term_labels(side: pd.DataFrame) -> list[str]:
    """Bar labels: the written form (``surface``) where the table has it, else
    the normalised term; shortened when very long."""
    terms = side["term"].astype(str)
    if "surface" in side.columns:
        surface = side["surface"]
        usable = surface.notna() & (surface.astype(str).str.strip() != "")
        terms = terms.where(~usable, surface.astype(str))
    return [shorten(t) for t in terms]


def _side_name(table: pd.DataFrame, column: str, default: str) -> str:
    """The one value of ``column`` (a comparison's side), else ``default``."""
    if column in table.columns:
        values = pd.unique(table[column])
        if len(values) == 1:
            return str(values[0])
    return default


# -- events and framing shifts ------------------------------------------------------

#: Colour of event lines and their labels.
_EVENT_COLOUR = "#444444"
#: Font size of event labels.
_EVENT_FONT_SIZE = 7.0
_EVENT_HANDLE_LABEL = "dashed line: event"


def _events_table(events: Any, func: str) -> pd.DataFrame | None:
    """Events to draw: None, a table of :func:`framing.read_events` or a file it reads."""
    if events is None:
        return None
    if isinstance(events, str | Path):
        from framing.events import read_events

        events = read_events(events)
    if not isinstance(events, pd.DataFrame):
        raise TypeError(
            f"The 'events' parameter of framing.plots.{func} must be a table of "
            f"framing.read_events(...) or the path of an events file. Got "
            f"{type(events).__name__} instead."
        )
    missing = [c for c in ("date", "label") if c not in events.columns]
    if missing:
        raise ValueError(
            f"framing.plots.{func}: the events table lacks column(s) "
            f"{', '.join(map(repr, missing))}; read the file with framing.read_events(path)."
        )
    dates = pd.to_datetime(events["date"], errors="coerce")
    if dates.isna().any():
        first = events.loc[dates.isna(), "label"].iloc[0]
        raise ValueError(f"framing.plots.{func}: event {first!r} has no valid date; read the "
                         "file with framing.read_events(path), which checks each date.")
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_localize(None)
    return (pd.DataFrame({"date": dates, "label": events["label"].astype(str)})
            .sort_values("date", kind="stable").reset_index(drop=True))


def _freq_of(rows: pd.DataFrame) -> str | None:
    """The period length of an aggregate table (``attrs``), if it says."""
    freq = rows.attrs.get("aggregate", {}).get("freq") if isinstance(
        rows.attrs.get("aggregate"), dict) else rows.attrs.get("freq")
    return freq if freq in ("D", "W", "M") else None


def _period_end(start: pd.Timestamp, freq: str | None) -> pd.Timestamp:
    """Start of the period after the one starting at ``start`` (a day without ``freq``)."""
    if freq is None:
        return start + pd.Timedelta(days=1)
    return (pd.Period(start, freq=freq) + 1).start_time


def _events_in_range(events: pd.DataFrame | None, start: pd.Timestamp, end: pd.Timestamp
                     ) -> tuple[pd.DataFrame | None, list[str]]:
    """The events in ``[start, end)`` and a note on those outside it (never dropped unsaid)."""
    if events is None:
        return None, []
    inside = events[(events["date"] >= start) & (events["date"] < end)]
    outside = len(events) - len(inside)
    notes = ([f"{outside} event{'s' if outside != 1 else ''} outside the dates shown"]
             if outside else [])
    return inside, notes


def _cover_events(axes: Sequence[Axes], events: pd.DataFrame | None) -> None:
    """Widen the time axis to every event drawn: an event late in the last period (the
    13th of a month charted by its first day) would otherwise fall outside the axes."""
    if events is None or events.empty:
        return
    first = mdates.date2num(events["date"].min())
    last = mdates.date2num(events["date"].max())
    for ax in axes:
        low, high = ax.get_xlim()
        margin = (max(high, last) - min(low, first)) * 0.03
        if first < low or last > high:
            ax.set_xlim(min(low, first - margin), max(high, last + margin))


def _axes_inches(ax: Axes) -> tuple[float, float]:
    """Approximate size of the axes in inches (before the layout engine runs)."""
    fig = _root_figure(ax)
    box = ax.get_position()
    width, height = fig.get_size_inches()
    return max(box.width * width, 0.5), max(box.height * height, 0.5)


def _draw_events(ax: Axes, events: pd.DataFrame | None, *, label: bool = True) -> None:
    """Dashed vertical lines at the events, with short labels written upwards inside the axes.

    Labels are rotated and start near the top of the axes, so they never leave it; events
    closer than a label's width share one label ("A; B") instead of overprinting.
    """
    if events is None or events.empty:
        return
    for date in events["date"]:
        ax.axvline(date, color=_EVENT_COLOUR, linestyle="--", linewidth=0.9, alpha=0.8,
                   zorder=1.5, label="_event")
    if not label:
        return
    width, height = _axes_inches(ax)
    low, high = ax.get_xlim()
    span = max(high - low, 1e-9)
    # one label is about 1.4 font sizes wide (rotated); clusters closer than that share it
    gap = (_EVENT_FONT_SIZE * 1.6 / 72) / width * span
    positions = mdates.date2num(events["date"].to_numpy())
    clusters: list[list[int]] = []
    for index, x in enumerate(positions):
        if clusters and x - positions[clusters[-1][-1]] < gap:
            clusters[-1].append(index)
        else:
            clusters.append([index])
    most = max(6, int(height * 72 * 0.8 / (_EVENT_FONT_SIZE * 0.62)))
    transform = mtransforms.blended_transform_factory(ax.transData, ax.transAxes)
    labels = events["label"].tolist()
    for members in clusters:
        text = shorten("; ".join(labels[i] for i in members), most)
        x = positions[members[0]]
        # the last label near the right edge goes left of its line, so it stays inside
        right_side = (x - low) / span < 0.97
        ax.text(x, 0.98, text, transform=transform, rotation=90, va="top",
                ha="left" if right_side else "right", fontsize=_EVENT_FONT_SIZE,
                color=_EVENT_COLOUR, clip_on=True, zorder=4,
                bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "alpha": 0.6,
                      "linewidth": 0})


def _event_handle() -> Line2D:
    return Line2D([], [], color=_EVENT_COLOUR, linestyle="--", linewidth=0.9,
                  label=_EVENT_HANDLE_LABEL)


_SHIFT_COLUMNS_NEEDED = ["dimension", "changepoint", "date", "date_low", "date_high",
                         "before_start", "after_end", "category", "share_before",
                         "share_before_low", "share_before_high", "share_after",
                         "share_after_low", "share_after_high"]
_SEGMENT_HANDLE_LABEL = "step: share in a segment (band: interval)"
_SPAN_HANDLE_LABEL = "grey span: date interval of a shift"


def _shift_inputs(agg: Any, shifts_table: Any, dimension: str, by: str, func: str,
                  lexicon: str | Path | Lexicon
                  ) -> tuple[pd.DataFrame, pd.DataFrame, Dimension, str | None]:
    """Checked aggregate rows and shift rows of one dimension, with the period length.

    ``agg`` may also be the dated counts the shifts were found in (a table with a ``date``
    column and no ``period``): they are aggregated here with the shifts' ``freq``."""
    if not isinstance(shifts_table, pd.DataFrame):
        raise TypeError(f"framing.plots.{func} expects the shifts table as a pandas DataFrame "
                        f"(from framing.shifts(...)). Got {type(shifts_table).__name__} instead.")
    if isinstance(agg, pd.DataFrame) and "period" not in agg.columns and "date" in agg.columns:
        agg = _aggregate_counts(agg, shifts_table, by, func, lexicon)
    missing = [c for c in [by, *_SHIFT_COLUMNS_NEEDED] if c not in shifts_table.columns]
    if missing:
        raise ValueError(f"framing.plots.{func} needs the column(s) "
                         f"{', '.join(map(repr, missing))} in the shifts table; make it with "
                         f"framing.shifts(scores, by={by!r}).")
    agg = _require_agg(agg, [by, "period", "category", "share"], func)
    lex = _resolve_lexicon(lexicon)
    _check_categories(agg, lex, func)
    dim = _find_dimension(lex, dimension, func)
    ids = [c.id for c in dim.categories]
    rows = agg[agg["category"].astype(str).isin(ids)]
    rows = rows.assign(**{by: rows[by].astype(str), "category": rows["category"].astype(str),
                          "period": _periods(rows["period"], func)})
    _check_unique(rows, [by, "period", "category"], func)
    found = shifts_table[shifts_table["dimension"].astype(str) == dimension]
    found = found.assign(**{by: found[by].astype(str)})
    settings = shifts_table.attrs.get("shifts", {})
    freq = settings.get("freq") if isinstance(settings, dict) else None
    if freq is None:
        freq = _freq_of(agg)
    table_freq = _freq_of(agg)
    if freq is not None and table_freq is not None and freq != table_freq:
        raise ValueError(f"framing.plots.{func}: the shifts were found with freq={freq!r} but "
                         f"the aggregate table has freq={table_freq!r}; aggregate with the same "
                         "period length.")
    return rows, found, dim, freq


def _aggregate_counts(scores: pd.DataFrame, shifts_table: pd.DataFrame, by: str, func: str,
                      lexicon: str | Path | Lexicon) -> pd.DataFrame:
    """Shares per ``by`` and period of dated counts, with the shifts' period length (only
    the shares are drawn, so no intervals are computed). Undated documents belong to no
    period, as in :func:`framing.shifts`, which counts them in ``attrs["undated"]``."""
    from framing.aggregate import aggregate

    settings = shifts_table.attrs.get("shifts")
    freq = settings.get("freq") if isinstance(settings, dict) else None
    if freq is None:
        raise ValueError(f"framing.plots.{func}: the shifts table does not say its period "
                         "length (attrs['shifts']); pass an aggregate table "
                         "(framing.aggregate(scores, freq=...)) instead of the counts.")
    dated = scores[scores["date"].notna()]
    if dated.empty:
        raise ValueError(f"framing.plots.{func}: no document of the counts has a date; there "
                         "is nothing to draw over time.")
    return aggregate(dated, by=[by], freq=freq, lexicon=_resolve_lexicon(lexicon), n_boot=0,
                     min_docs=1)


def _series_info(shifts_table: pd.DataFrame, by: str, group: str, dimension: str
                 ) -> dict[str, Any] | None:
    """The entry of :func:`framing.shifts`' ``attrs["series"]`` for one series, if any."""
    for info in shifts_table.attrs.get("series", []) or []:
        if str(info.get(by)) == group and info.get("dimension") == dimension:
            return info
    return None


def _unchanged(shifts_table: pd.DataFrame, by: str, group: str, dimension: str) -> bool:
    """Whether the series was segmented and kept as one segment (no shift)."""
    info = _series_info(shifts_table, by, group, dimension)
    return bool(info) and info.get("status") == "segmented" and not info.get("n_changepoints")


def _series_status(shifts_table: pd.DataFrame, by: str, group: str, dimension: str) -> str | None:
    """What :func:`framing.shifts` said of one series (``attrs["series"]``), if anything."""
    info = _series_info(shifts_table, by, group, dimension)
    if info is None:
        return None
    status = info.get("status")
    if status == "segmented":
        count = int(info.get("n_changepoints", 0))
        return f"{count} shift{'s' if count != 1 else ''}" if count else "no shift found"
    return f"not segmented: {status}"


def _segments(found: pd.DataFrame, category: str, freq: str | None) -> list[dict[str, Any]]:
    """The fitted segments of one category: start, end, share and its interval."""
    rows = found[found["category"].astype(str) == category].sort_values("changepoint")
    segments = []
    for index, (_, row) in enumerate(rows.iterrows()):
        if index == 0:
            segments.append({"start": row["before_start"], "end": row["date"],
                             "share": row["share_before"], "low": row["share_before_low"],
                             "high": row["share_before_high"]})
        following = rows.iloc[index + 1]["date"] if index + 1 < len(rows) else \
            _period_end(row["after_end"], freq)
        segments.append({"start": row["date"], "end": following, "share": row["share_after"],
                         "low": row["share_after_low"], "high": row["share_after_high"]})
    return segments


def _draw_shift_panel(ax: Axes, rows: pd.DataFrame, found: pd.DataFrame,
                      categories: list[Category], freq: str | None, intervals: bool,
                      unchanged: bool = False) -> None:
    """Period shares (dots), segment shares (steps with bands) and shift date intervals.

    ``unchanged``: the series was segmented and no shift found; its one segment (the
    pooled shares of all its periods) is drawn as a step without a band."""
    changepoints = found.drop_duplicates("changepoint")
    for _, row in changepoints.iterrows():
        ax.axvspan(row["date_low"], _period_end(row["date_high"], freq), color="#999999",
                   alpha=0.18, linewidth=0, zorder=0.5)
        ax.axvline(row["date"], color="#777777", linewidth=0.8, linestyle=":", zorder=0.6)
    parts = {key: part.sort_values("period") for key, part in rows.groupby("category")}
    for category in categories:
        part = parts.get(category.id)
        if part is not None and not part.empty:
            ax.plot(part["period"].to_numpy(), part["share"].to_numpy(dtype=float),
                    color=category.colour, linestyle="none", marker="o", markersize=3,
                    alpha=0.55, zorder=2)
        segments = _segments(found, category.id, freq)
        if unchanged and not segments and "hits" in rows.columns:
            total = float(rows["hits"].sum())
            mine = float(rows.loc[rows["category"] == category.id, "hits"].sum())
            if total > 0:
                used = rows.loc[rows["hits"] > 0, "period"]
                segments = [{"start": used.min(), "end": _period_end(used.max(), freq),
                             "share": mine / total, "low": np.nan, "high": np.nan}]
        for segment in segments:
            ax.hlines(segment["share"], segment["start"], segment["end"], color=category.colour,
                      linewidth=2.2, zorder=3)
            if intervals and np.isfinite([segment["low"], segment["high"]]).all():
                ax.fill_between([segment["start"], segment["end"]], segment["low"],
                                segment["high"], color=category.colour, alpha=0.16,
                                linewidth=0, zorder=1)
    ax.yaxis.set_major_formatter(mticker.PercentFormatter(1.0, decimals=0))
    ax.set_ylim(0, 1.02)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)


def _shift_handles(categories: list[Category], labels: str, any_events: bool) -> list[Any]:
    handles: list[Any] = [Line2D([], [], color=c.colour, marker="o", markersize=3,
                                linewidth=2.2, label=_category_label(c, labels))
                          for c in categories]
    handles.append(Line2D([], [], color="#555555", linewidth=2.2, label=_SEGMENT_HANDLE_LABEL))
    handles.append(Patch(facecolor="#999999", alpha=0.35, label=_SPAN_HANDLE_LABEL))
    if any_events:
        handles.append(_event_handle())
    return handles


def _time_limits(axes: list[Axes], rows: pd.DataFrame, found: pd.DataFrame,
                 freq: str | None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """One date range for all panels: the table's periods and the shifts' intervals."""
    dates = [rows["period"].min(), _period_end(rows["period"].max(), freq)]
    if not found.empty:
        dates += [found["before_start"].min(), _period_end(found["after_end"].max(), freq),
                  found["date_low"].min(), _period_end(found["date_high"].max(), freq)]
    start, end = min(dates), max(dates)
    pad = (end - start) * 0.02
    low, high = (start - pad).to_pydatetime(), (end + pad).to_pydatetime()
    locator = _date_locator(rows["period"], 6)
    formatter = mdates.ConciseDateFormatter(locator)
    ticks = [t for t in locator.tick_values(low, high)
             if mdates.date2num(low) <= t <= mdates.date2num(high)]
    tick_labels = formatter.format_ticks(ticks)
    for ax in axes:
        ax.set_xlim(low, high)
        ax.set_xticks(ticks, tick_labels)
    return start, end


@without_gc
def shift_timeline(
    agg: pd.DataFrame,
    shifts_table: pd.DataFrame,
    dimension: str,
    outlet: Any = None,
    *,
    by: str = "outlet",
    events: Any = None,
    intervals: bool = True,
    labels: str = "en",
    lexicon: str | Path | Lexicon = "default",
    font: str | None = None,
) -> Figure:
    """One outlet's label shares in a dimension over time, with its detected shifts.

    Dots are the shares per period (from the aggregate table); steps are the
    shares of the segments :func:`framing.shifts` fitted, with their interval
    as a band; grey spans are the date intervals of the shifts (a dotted line
    at the estimated date); events are dashed lines with their labels. A
    series with no shift, or not segmented, says so under the title.

    Parameters
    ----------
    agg : DataFrame
        :func:`framing.aggregate` table by ``by`` and period, with the same
        ``freq`` as the shifts; or the dated counts the shifts were found in
        (aggregated here, shares only).
    shifts_table : DataFrame
        :func:`framing.shifts` table (its ``attrs`` say the period length
        and which series were segmented).
    dimension : str
        Dimension id.
    outlet : optional
        The ``by`` value to draw; may be omitted when the table has one.
    by : str
        The group column.
    events : DataFrame, str or Path, optional
        As in :func:`timeline`.
    intervals : bool
        Draw the segment shares' interval bands.
    labels, lexicon, font
        As in :func:`timeline`.

    Returns
    -------
    Figure
    """
    func = "shift_timeline"
    _check_choice(func, "labels", labels, LANGUAGES)
    events = _events_table(events, func)
    rows, found, dim, freq = _shift_inputs(agg, shifts_table, dimension, by, func, lexicon)
    groups = sorted(rows[by].unique())
    if outlet is None:
        if len(groups) != 1:
            raise ValueError(f"framing.plots.{func}: the table has {len(groups)} {_plural(by)}; "
                             f"name one with {by}=... (e.g. {groups[0]!r}), or use "
                             "shift_small_multiples for all of them.")
        outlet = groups[0]
    outlet = str(outlet)
    if outlet not in groups:
        raise ValueError(f"framing.plots.{func}: no rows for {by} {outlet!r}. In the table: "
                         f"{', '.join(groups[:20])}{' ...' if len(groups) > 20 else ''}.")
    rows = rows[rows[by] == outlet]
    found = found[found[by] == outlet]
    categories = [c for c in dim.categories if c.id in set(rows["category"])]
    status = _series_status(shifts_table, by, outlet, dimension)
    start = rows["period"].min()
    end = _period_end(rows["period"].max(), freq)
    events, notes = _events_in_range(events, start, end)
    if status:
        notes = [status, *notes]
    family = _font_family(font)
    title = _with_note(f"{shorten(outlet)}: {_dimension_label(dim, labels)}", notes)
    handles = _shift_handles(categories, labels, events is not None and not events.empty)
    with _font_context(family):
        legend_width = _widest([h.get_label() for h in handles], family, 9) + 0.7
        title_width = _widest(title.split("\n"), family, 12)
        fig = _new_figure((max(9.0, 1.0 + max(5.0, title_width + 0.2) + legend_width),
                           4.8 + 0.3 * title.count("\n")))
        ax = fig.add_subplot()
        _draw_shift_panel(ax, rows, found, categories, freq, intervals,
                          unchanged=_unchanged(shifts_table, by, outlet, dimension))
        _time_limits([ax], rows, found, freq)
        _draw_events(ax, events)
        ax.set_ylabel(_MEASURE_TITLES["share"])
        ax.set_title(title, loc=_title_side(labels), fontfamily=family)
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0),
                  frameon=False, fontsize=9)
    _apply_font(family, [ax])
    _freeze_ticks(fig)
    return fig


@without_gc
def shift_small_multiples(
    agg: pd.DataFrame,
    shifts_table: pd.DataFrame,
    dimension: str,
    *,
    by: str = "outlet",
    outlets: Sequence[Any] | None = None,
    ncols: int = 3,
    events: Any = None,
    intervals: bool = True,
    labels: str = "en",
    lexicon: str | Path | Lexicon = "default",
    font: str | None = None,
) -> Figure:
    """One panel per outlet: its label shares in a dimension with the shifts found.

    Each panel is drawn as in :func:`shift_timeline`, on one date range and a
    0-100% axis; a panel's title says how many shifts were found (or why the
    series was not segmented). With more outlets than :data:`MAX_PANELS`,
    those with most documents are drawn and a note says how many are not.

    Parameters
    ----------
    agg, shifts_table, dimension, by, events, intervals, labels, lexicon, font
        As in :func:`shift_timeline`.
    outlets : sequence, optional
        The ``by`` values to draw (default: every one in the table with a hit of the
        dimension).
    ncols : int
        Panels per row.

    Returns
    -------
    Figure
    """
    func = "shift_small_multiples"
    _check_choice(func, "labels", labels, LANGUAGES)
    if isinstance(ncols, bool) or not isinstance(ncols, int) or ncols < 1:
        raise ValueError(f"The 'ncols' parameter of framing.plots.{func} must be a positive "
                         f"integer. Got {ncols!r} instead.")
    events = _events_table(events, func)
    rows, found, dim, freq = _shift_inputs(agg, shifts_table, dimension, by, func, lexicon)
    if outlets is None:
        used = rows.groupby(by)["share"].count() if "hits" not in rows.columns else \
            rows.groupby(by)["hits"].sum()
        groups = sorted(str(g) for g in used.index[used > 0])
    else:
        if isinstance(outlets, str):
            outlets = [outlets]
        groups = [str(o) for o in outlets]
        unknown = [g for g in groups if g not in set(rows[by])]
        if unknown:
            raise ValueError(f"framing.plots.{func}: no rows for {by} {', '.join(unknown)}.")
    if not groups:
        raise ValueError(f"framing.plots.{func}: no {by} uses a label of {dimension!r}; there "
                         "is nothing to draw.")
    groups, hidden = _keep_largest(groups, _group_documents(rows, by).to_dict(), MAX_PANELS)
    notes = [_left_out_note(hidden, _plural(by), "fewest documents")] if hidden else []
    rows = rows[rows[by].isin(groups)]
    found = found[found[by].isin(groups)]
    categories = [c for c in dim.categories if c.id in set(rows["category"])]
    start = rows["period"].min()
    events, event_notes = _events_in_range(events, start,
                                           _period_end(rows["period"].max(), freq))
    notes += event_notes
    family = _font_family(font)
    heading = _with_note(_dimension_label(dim, labels), notes)
    ncols = max(1, min(ncols, len(groups)))
    nrows = math.ceil(len(groups) / ncols)
    panel_titles = [shorten(g) + "\n" + (_series_status(shifts_table, by, g, dimension) or
                                         "no series") for g in groups]
    handles = _shift_handles(categories, labels, events is not None and not events.empty)
    with _font_context(family):
        panel = max(3.4, _widest([t for p in panel_titles for t in p.split("\n")], family, 9)
                    + 0.4)
        width = max(panel * ncols + 0.4, _widest(heading.split("\n"), family, 12) + 0.4,
                    _widest([h.get_label() for h in handles], family, 9) + 0.8)
        legend_rows = math.ceil(len(handles) / 2)
        fig = _new_figure((width, 2.7 * nrows + 1.0 + 0.3 * heading.count("\n")
                           + 0.2 * legend_rows))
        grid = fig.subplots(nrows, ncols, squeeze=False)
        axes = list(grid.ravel())[: len(groups)]
        for ax in list(grid.ravel())[len(groups):]:
            ax.set_visible(False)
        row_parts = dict(tuple(rows.groupby(by, sort=False)))
        found_parts = dict(tuple(found.groupby(by, sort=False)))
        for index, (ax, group) in enumerate(zip(axes, groups, strict=True)):
            _draw_shift_panel(ax, row_parts.get(group, rows.iloc[:0]),
                              found_parts.get(group, found.iloc[:0]), categories, freq,
                              intervals, unchanged=_unchanged(shifts_table, by, group, dimension))
            ax.set_title(panel_titles[index], loc="left", fontsize=9)
            ax.yaxis.set_major_locator(mticker.FixedLocator([0, 0.25, 0.5, 0.75, 1.0]))
            first_col = index % ncols == 0
            if first_col:
                ax.set_ylabel(_MEASURE_TITLES["share"], fontsize=9)
            ax.tick_params(labelsize=8, labelbottom=index + ncols >= len(groups),
                           labelleft=first_col)
        _time_limits(axes, rows, found, freq)
        for index, ax in enumerate(axes):
            _draw_events(ax, events, label=index < ncols)
        fig.legend(handles=handles, loc="outside lower center",
                   ncols=_legend_columns([h.get_label() for h in handles], family, 9,
                                         fig.get_figwidth() * 72 * 0.9, most=4),
                   frameon=False, fontsize=9)
        fig.suptitle(heading, x=0.02, ha="left")
    _apply_font(family, axes)
    _freeze_ticks(fig)
    return fig


@without_gc
def language_bars(
    agg: pd.DataFrame,
    dimension: str,
    *,
    labels: str = "en",
    lexicon: str | Path | Lexicon = "default",
    font: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """One dimension's label shares by language: an outlet's services side by side.

    For every outlet with documents in more than one language (Al Jazeera in
    Arabic and in English), one bar per language, next to each other; below
    them, all outlets of each language pooled (hits summed over outlets). With
    no outlet in two languages, only the pooled bars are drawn.

    Parameters
    ----------
    agg : DataFrame
        :func:`framing.aggregate` by ``["outlet", "language"]``: columns
        ``outlet``, ``language``, ``category``, ``hits``, ``dimension_hits``,
        ``share``, ``n_docs`` and ``low_n``.
    dimension, labels, lexicon, font, ax
        As for :func:`share_bars`.

    Returns
    -------
    Figure
    """
    from framing.language import known_languages, language_info

    func = "language_bars"
    agg = _require_agg(agg, ["outlet", "language", "category", "hits", "dimension_hits",
                             "share", "n_docs", "low_n"], func)
    names = {code: language_info(code).name for code in known_languages()}

    def service(outlet: Any, language: Any) -> str:
        return f"{outlet} · {names.get(str(language), str(language))}"

    rows = agg.assign(outlet=agg["outlet"].astype(str), language=agg["language"].astype(str))
    per_outlet = rows.groupby("outlet")["language"].nunique()
    shared = sorted(per_outlet[per_outlet > 1].index)
    both = rows[rows["outlet"].isin(shared)].assign(
        service=lambda t: [service(o, x) for o, x in zip(t["outlet"], t["language"],
                                                           strict=True)])
    min_docs = int((agg.attrs.get("aggregate") or {}).get("min_docs", 5))
    docs = rows.groupby(["language", "outlet"])["n_docs"].max().groupby("language").sum()
    pooled = rows.groupby(["language", "category"], as_index=False).agg(
        hits=("hits", "sum"), dimension_hits=("dimension_hits", "sum"))
    pooled["share"] = np.where(pooled["dimension_hits"] > 0,
                               pooled["hits"] / pooled["dimension_hits"].where(
                                   pooled["dimension_hits"] > 0), np.nan)
    pooled["n_docs"] = pooled["language"].map(docs).astype(int)
    pooled["low_n"] = pooled["n_docs"] < min_docs
    pooled["service"] = [f"all {names.get(x, x)} outlets" for x in pooled["language"]]
    table = pd.concat([both[["service", "category", "share", "n_docs", "low_n"]],
                       pooled[["service", "category", "share", "n_docs", "low_n"]]],
                      ignore_index=True)
    if pooled["language"].nunique() < 2:
        raise ValueError(f"framing.plots.{func}: the table holds one language only "
                         f"({', '.join(sorted(pooled['language'].unique()))}); there is "
                         "nothing to compare.")
    order = [*dict.fromkeys(both.sort_values(["outlet", "language"])["service"]),
             *dict.fromkeys(pooled.sort_values("language")["service"])]
    return share_bars(table, dimension, by="service", order=order, labels=labels,
                      lexicon=lexicon, font=font, ax=ax)
