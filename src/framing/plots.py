"""Charts of framing indicators, with Arabic drawn joined and right to left.

Every function takes a tidy table (from :func:`framing.aggregate` or
:func:`framing.keyness`) and returns a :class:`matplotlib.figure.Figure`;
nothing is shown or saved (see :func:`framing.figures.save_figure`).

* :func:`share_bars`: 100% stacked bars of label shares per outlet, one dimension;
* :func:`timeline`: a category (or each category of a dimension) over time, one
  line per outlet with its interval band;
* :func:`heatmap`: outlet × category values, categories grouped by dimension;
* :func:`keyness_chart`: the terms most typical of each side of a comparison;
* :func:`category_small_multiples`: one small panel per category over time.

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

Colours
-------
Categories take their colour from the lexicon (the default lexicon's palette
is colour-blind safe). Outlets take the Okabe-Ito colour-blind-safe palette in
the sorted order of their names (see :func:`outlet_colours`), so one outlet
keeps its colour across the charts of a report.
"""

from __future__ import annotations

import functools
import math
import re
import sys
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
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.textpath import TextToPath
from pyarabic import araby

from framing.lexicon import Category, Dimension, Lexicon, available_lexicons, load_lexicon

# Earlier versions draw Arabic unjoined and left to right, without a warning.
if tuple(int(part) for part in re.findall(r"\d+", matplotlib.__version__)[:2]) < (3, 11):
    raise ImportError(
        f"framing.plots needs matplotlib 3.11 or later, which lays out Arabic text; found "
        f"{matplotlib.__version__}. Upgrade with: pip install 'matplotlib>=3.11'."
    )

__all__ = [
    "DEFAULT_FONT",
    "LANGUAGES",
    "OUTLET_PALETTE",
    "ArabicFontWarning",
    "category_small_multiples",
    "check_font",
    "get_font",
    "heatmap",
    "keyness_chart",
    "outlet_colours",
    "set_font",
    "share_bars",
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
    if language == "ar" and dim.label_ar:
        return dim.label_ar
    if language == "both" and dim.label_ar:
        separator = "\n" if lines == 2 else " ("
        return f"{dim.label_en}{separator}{dim.label_ar}" + (")" if lines == 1 else "")
    return dim.label_en


def _title_side(language: str) -> str:
    """Arabic titles start where Arabic reading starts: on the right."""
    return "right" if language == "ar" else "left"


def _two_line_label(category: Category, language: str) -> str:
    """A category label for a panel title: 'both' puts the Arabic on a second line."""
    if language == "both" and category.label_ar:
        return f"{category.label_en}\n{category.label_ar}"
    return category.label(language)


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


def _new_figure(figsize: tuple[float, float]) -> Figure:
    return Figure(figsize=figsize, layout="constrained")


def _root_figure(ax: Axes) -> Figure:
    return ax.get_figure(root=True)


# -- share bars -------------------------------------------------------------------


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
    family = _font_family(font)

    with _font_context(family):
        if ax is None:
            fig = _new_figure((9.0, 1.6 + 0.5 * len(groups) + 0.3 * math.ceil(len(categories) / 2)))
            ax = fig.add_subplot()
        else:
            fig = _root_figure(ax)
        y = np.arange(len(groups))
        left = np.zeros(len(groups))
        hatched = per_group.loc[groups, "low_n"].to_numpy(dtype=bool)
        for category in categories:
            widths = shares[category.id].fillna(0.0).to_numpy(dtype=float)
            bars = ax.barh(y, widths, left=left, height=0.7, color=category.colour,
                           edgecolor="white", linewidth=0.6, label=category.label(labels))
            for patch, low in zip(bars.patches, hatched, strict=True):
                if low:
                    patch.set_hatch("///")
                    patch.set_hatchcolor("#333333")
            for yi, (x0, width) in enumerate(zip(left, widths, strict=True)):
                if width >= 0.07:
                    # On hatched bars the value sits on a patch of plain colour.
                    backing = (dict(boxstyle="round,pad=0.2", facecolor=category.colour,
                                    edgecolor="none") if hatched[yi] else None)
                    ax.text(x0 + width / 2, yi, f"{width:.0%}", ha="center", va="center",
                            fontsize=8, color=_ink_for(category.colour), bbox=backing)
            left = left + widths
        for yi, group in enumerate(groups):
            note = f"n = {int(per_group.loc[group, 'n_docs']):,}"
            if per_group.loc[group, "low_n"]:
                note += " (low n)"
            if shares.loc[group].isna().all():
                ax.text(0.01, yi, "no labels of this dimension", ha="left", va="center",
                        fontsize=8, color="#555555")
            ax.text(1.01, yi, note, ha="left", va="center", fontsize=8, clip_on=False)
        ax.set_yticks(y, groups)
        ax.set_ylim(len(groups) - 0.5, -0.5)
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(mticker.PercentFormatter(1.0, decimals=0))
        ax.set_xlabel(_MEASURE_TITLES["share"])
        ax.set_title(_dimension_label(dim, labels), loc=_title_side(labels), fontfamily=family)
        ax.spines[["top", "right"]].set_visible(False)
        handles, _ = ax.get_legend_handles_labels()
        if hatched.any():
            handles.append(Patch(facecolor="white", edgecolor="#333333", hatch="///",
                                 label=_LOW_N_NOTE))
        width = fig.get_figwidth() * 72 * 0.95
        # Below the axis title at a fixed distance, whatever the number of bars.
        below = mtransforms.offset_copy(ax.transAxes, fig=fig, y=-36, units="points")
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0),
                  bbox_transform=below,
                  ncols=_legend_columns([h.get_label() for h in handles], family, 9, width),
                  frameon=False, fontsize=9, markerfirst=labels != "ar")
    _apply_font(family, [ax])
    return fig


def _legend_columns(labels: list[str], family: list[str], size: float, width: float,
                    most: int = 3) -> int:
    """The most legend columns (up to ``most``) whose entries fit in ``width`` points.

    Legends fill columns top to bottom; each column is as wide as its longest
    label plus the handle and padding (about 3.5 em).
    """
    measure = TextToPath()
    prop = font_manager.FontProperties(family=family, size=size)
    widths = [measure.get_text_width_height_descent(label, prop, ismath=False)[0]
              for label in labels]
    for ncols in range(min(most, len(labels)), 1, -1):
        per_column = math.ceil(len(labels) / ncols)
        columns = [widths[i:i + per_column] for i in range(0, len(widths), per_column)]
        if sum(max(c) + 3.5 * size for c in columns) <= width:
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
                groups: list[str], colours: Mapping[str, str]) -> bool:
    """One line per group over period, with its band; returns whether any point is low n."""
    any_low = False
    n_colours = len(set(colours.values())) or 1
    for index, group in enumerate(groups):
        part = rows[rows[by] == group].sort_values("period")
        if part.empty:
            continue
        x = part["period"].to_numpy()
        values = part[measure].to_numpy(dtype=float)
        colour = colours[group]
        ax.plot(x, values, color=colour, linestyle=_line_style(index, n_colours), marker="o",
                markersize=3.5, linewidth=1.6, label=group)
        if intervals:
            low, high = (part[c].to_numpy(dtype=float) for c in _interval_columns(measure))
            # Fainter bands when many overlap.
            ax.fill_between(x, low, high, color=colour, alpha=0.15 if len(groups) <= 4 else 0.07,
                            linewidth=0,
                            label=f"_{group} interval")
        if "low_n" in part.columns:
            # Only drawn points are marked (a period without documents is a gap).
            low_n = part["low_n"].to_numpy(dtype=bool) & np.isfinite(values)
            if low_n.any():
                any_low = True
                ax.plot(x[low_n], values[low_n], linestyle="none", marker="o", markersize=5,
                        markerfacecolor="white", markeredgecolor=colour, label="_low n")
    locator = _date_locator(rows["period"], 8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    return any_low


def _date_locator(periods: pd.Series, most: int) -> mticker.Locator:
    """Ticks on the periods themselves when there are few, else automatic dates."""
    unique = np.sort(pd.unique(periods.dropna()))
    if 0 < len(unique) <= most:
        return mticker.FixedLocator(mdates.date2num(unique))
    return mdates.AutoDateLocator(minticks=3, maxticks=most)


def _line_legend_handles(groups: list[str], colours: Mapping[str, str], any_low: bool
                         ) -> list[Any]:
    n_colours = len(set(colours.values())) or 1
    handles: list[Any] = [
        Line2D([], [], color=colours[g], linestyle=_line_style(i, n_colours), marker="o",
               markersize=3.5, label=g)
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

    Returns
    -------
    Figure
    """
    func = "timeline"
    _check_choice(func, "labels", labels, LANGUAGES)
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
                                ax=ax, func=func)
    return _panel_grid(rows, categories, measure=measure, by=by, intervals=intervals,
                       colours=colours, labels=labels, font=font, ncols=min(3, len(categories)),
                       sharey=True, title=title, func=func)


def _single_timeline(rows: pd.DataFrame, category: Category, *, measure: str, by: str,
                     intervals: bool, colours: Mapping[str, str] | None, labels: str,
                     font: str | None, ax: Axes | None, func: str) -> Figure:
    groups, palette = _group_colours(rows, by, colours, func)
    part = rows[rows["category"] == category.id]
    family = _font_family(font)
    with _font_context(family):
        if ax is None:
            fig = _new_figure((8.0, 4.5))
            ax = fig.add_subplot()
        else:
            fig = _root_figure(ax)
        any_low = _draw_lines(ax, part, by=by, measure=measure, intervals=intervals,
                              groups=groups, colours=palette)
        ax.set_ylabel(_measure_axis(ax, measure, part))
        ax.set_ylim(bottom=0)
        ax.set_title(category.label(labels), loc=_title_side(labels), fontfamily=family)
        ax.legend(handles=_line_legend_handles(groups, palette, any_low), loc="upper left",
                  bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=9, title=by)
    _apply_font(family, [ax])
    return fig


def _panel_grid(rows: pd.DataFrame, categories: list[Category], *, measure: str, by: str,
                intervals: bool, colours: Mapping[str, str] | None, labels: str,
                font: str | None, ncols: int, sharey: bool, title: str | None,
                func: str) -> Figure:
    """One panel per category, lines per group, one legend for the figure."""
    rows = rows[rows["category"].isin([c.id for c in categories])]
    groups, palette = _group_colours(rows, by, colours, func)
    family = _font_family(font)
    ncols = max(1, min(ncols, len(categories)))
    nrows = math.ceil(len(categories) / ncols)
    with _font_context(family):
        fig = _new_figure((3.2 * ncols + 0.4, 2.6 * nrows + 0.9))
        # Limits are set by hand rather than by sharing axes: sharing makes every
        # panel re-autoscale its siblings, which is slow with twenty panels.
        grid = fig.subplots(nrows, ncols, squeeze=False)
        axes = list(grid.ravel())[: len(categories)]
        for ax in list(grid.ravel())[len(categories):]:
            ax.set_visible(False)
        any_low = False
        for index, (ax, category) in enumerate(zip(axes, categories, strict=True)):
            part = rows[rows["category"] == category.id]
            any_low |= _draw_lines(ax, part, by=by, measure=measure, intervals=intervals,
                                   groups=groups, colours=palette)
            ax.set_title(_two_line_label(category, labels), loc="left", fontsize=10)
            ax.spines["top"].set_visible(True)
            ax.spines["top"].set_color(category.colour)
            ax.spines["top"].set_linewidth(3)
            unit = _measure_axis(ax, measure, part)
            first_col = index % ncols == 0
            if first_col:
                ax.set_ylabel(unit, fontsize=9)
            ax.tick_params(labelsize=8, labelbottom=index + ncols >= len(categories),
                           labelleft=first_col or not sharey)
        _common_limits(axes, rows, measure, intervals, sharey)
        fig.legend(handles=_line_legend_handles(groups, palette, any_low),
                   loc="outside lower center", ncols=min(6, len(groups) + any_low),
                   frameon=False, fontsize=9)
        if title:
            fig.suptitle(title, x=0.02, ha="left")
    _apply_font(family, axes)
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
    intervals, colours, labels, lexicon, font
        As in :func:`timeline`.

    Returns
    -------
    Figure
    """
    func = "category_small_multiples"
    _check_choice(func, "labels", labels, LANGUAGES)
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
                       sharey=bool(sharey), title=None, func=func)


# -- heatmap --------------------------------------------------------------------


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
    matrix = values.to_numpy(dtype=float)
    family = _font_family(font)

    row_labels = [c.label(labels) for c in categories]
    blocks = _dimension_blocks(categories)
    block_labels = [_dimension_label(_find_dimension(lex, d, func), labels, lines=2)
                    for _, _, d in blocks]
    column_labels = []
    for g in groups:
        note = f"{g}\nn = {int(per_group.loc[g, 'n_docs']):,}"
        column_labels.append(note + ("\n(low n)" if per_group.loc[g, "low_n"] else ""))

    with _font_context(family):
        if ax is None:
            # Width from the label lengths (about 0.6 em per character).
            left = 0.075 * max(map(len, row_labels))
            right = 0.06 * max(len(line) for label in block_labels for line in label.split("\n"))
            column = max(0.8, 0.07 * max(len(line) for label in column_labels
                                         for line in label.split("\n")))
            fig = _new_figure((left + right + column * len(groups) + 0.8,
                               2.2 + 0.34 * len(categories)))
            ax = fig.add_subplot()
        else:
            fig = _root_figure(ax)
        colour_map = matplotlib.colormaps[cmap].with_extremes(bad="#e6e6e6")
        finite = matrix[np.isfinite(matrix)]
        vmax = 1.0 if measure in _PERCENT_MEASURES or not finite.size else float(finite.max())
        vmax = vmax if vmax > 0 else 1.0
        mesh = ax.pcolormesh(np.ma.masked_invalid(matrix), cmap=colour_map, vmin=0.0, vmax=vmax,
                             edgecolors="white", linewidth=0.8)
        for (i, j), value in np.ndenumerate(matrix):
            if np.isnan(value):
                ax.text(j + 0.5, i + 0.5, "–", ha="center", va="center", fontsize=8,
                        color="#777777")
                continue
            text = f"{value:.0%}" if measure in _PERCENT_MEASURES else f"{value:.3g}"
            rgba = colour_map(mesh.norm(value))
            ax.text(j + 0.5, i + 0.5, text, ha="center", va="center", fontsize=8,
                    color=_ink_for(matplotlib.colors.to_hex(rgba)))
        ax.set_yticks(np.arange(len(categories)) + 0.5, row_labels)
        ax.set_xticks(np.arange(len(groups)) + 0.5, column_labels)
        ax.xaxis.tick_top()
        ax.tick_params(length=0)
        ax.tick_params(axis="x", labelsize=9)
        ax.set_ylim(len(categories), 0)
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
    Arabic); rows whose ``z`` is missing cannot be ranked and are not shown.

    Parameters
    ----------
    keyness_table : DataFrame
        From :func:`framing.keyness`: ``term``, ``count_a``, ``count_b``, ``z``
        (and ``group`` when several comparisons are stacked).
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
    from framing.keyness import top_terms

    shown = top_terms(table.drop(columns="group", errors="ignore"), top)
    side_a, side_b = shown[shown["z"] > 0], shown[shown["z"] < 0]
    family = _font_family(font)
    colours = OUTLET_PALETTE[:2]
    n_rows = max(len(side_a), len(side_b), 1)

    with _font_context(family):
        fig = _new_figure((9.0, 1.4 + 0.3 * n_rows))
        axes = fig.subplots(1, 2, sharex=True)
        for ax, side, name, colour in ((axes[0], side_a, label_a, colours[0]),
                                       (axes[1], side_b, label_b, colours[1])):
            ax.set_title(f"more frequent in {name}", loc="left", fontsize=10)
            ax.spines[["top", "right"]].set_visible(False)
            if side.empty:
                ax.text(0.5, 0.5, "no terms", transform=ax.transAxes, ha="center",
                        va="center", color="#555555")
                ax.set_yticks([])
                continue
            y = np.arange(len(side))
            strength = side["z"].abs().to_numpy(dtype=float)
            ax.barh(y, strength, color=colour, height=0.7)
            ax.set_yticks(y, [str(t) for t in side["term"]])
            ax.set_ylim(n_rows - 0.5, -0.5)
            for yi, (value, count_a, count_b) in enumerate(
                zip(strength, side["count_a"], side["count_b"], strict=True)
            ):
                ax.annotate(f"{int(count_a):,} / {int(count_b):,}", xy=(value, yi),
                            xytext=(3, 0), textcoords="offset points", va="center",
                            fontsize=7, color="#444444")
            ax.tick_params(axis="y", labelsize=10, length=0)
        axes[0].margins(x=0.15)
        fig.supxlabel(f"|z| (bar labels: count in {label_a} / count in {label_b})", fontsize=9)
    _apply_font(family, list(axes))
    return fig


def _side_name(table: pd.DataFrame, column: str, default: str) -> str:
    """The one value of ``column`` (a comparison's side), else ``default``."""
    if column in table.columns:
        values = pd.unique(table[column])
        if len(values) == 1:
            return str(values[0])
    return default
