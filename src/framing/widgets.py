"""Interactive controls for JupyterLab: pick outlets, a dimension, a period; charts redraw.

The controls only call the package's chart functions with other arguments.
Each chart is rendered to a PNG in memory and put into the explorer's output
as ``image/png``, so it shows the same way in JupyterLab, in a saved
notebook and in tests, whatever the figure's own display hooks are. In a
report run (:mod:`framing.report`) no kernel is there to answer the
controls, so the explorer is replaced by a note saying where it works,
and no chart is drawn for nobody.

:func:`chart_explorer` redraws a chart of an aggregate table;
:func:`shift_explorer` redraws one outlet's framing shifts, finding them
again when another penalty is chosen.
"""

from __future__ import annotations

import base64
import hashlib
import inspect
from collections import OrderedDict
from collections.abc import Callable
from io import BytesIO
from typing import Any

import pandas as pd

__all__ = ["CandidatePicker", "candidate_picker", "chart_explorer", "dimension_choices",
           "figure_png", "shift_explorer"]

#: Resolution of the charts the controls draw (screen size, quick to redraw).
SCREEN_DPI = 90

#: Drawings the explorers keep, most recent last: choosing a selection seen before (or
#: running the notebook again on the same table) shows its chart without drawing it again.
_DRAWN: OrderedDict[str, bytes] = OrderedDict()
_MAX_DRAWN = 32


def _fingerprint(*parts: Any) -> str:
    """A digest of a drawing's inputs: tables by content, everything else by its repr."""
    digest = hashlib.sha256()
    for part in parts:
        if isinstance(part, pd.DataFrame | pd.Series):
            digest.update(pd.util.hash_pandas_object(part, index=True).to_numpy().tobytes())
            names = list(part.columns) if isinstance(part, pd.DataFrame) else [part.name]
            digest.update(repr(names).encode("utf-8", "replace"))
        elif isinstance(part, dict):
            for key in sorted(part, key=str):
                digest.update(_fingerprint(key, part[key]).encode())
        else:
            digest.update(repr(part).encode("utf-8", "replace"))
        digest.update(b"\0")
    return digest.hexdigest()


def _drawn_png(key: str, draw: Callable[[], Any]) -> bytes:
    """The PNG of a drawing with inputs ``key``: kept from before, or drawn now."""
    png = _DRAWN.get(key)
    if png is None:
        png = figure_png(draw())
        _DRAWN[key] = png
        while len(_DRAWN) > _MAX_DRAWN:
            _DRAWN.popitem(last=False)
    _DRAWN.move_to_end(key)
    return png


def figure_png(fig: Any, *, dpi: float = SCREEN_DPI) -> bytes:
    """The figure as PNG bytes, drawn in memory (nothing written to disk); closes it."""
    import matplotlib.pyplot as plt

    from framing.figures import gc_paused, laid_out

    data = BytesIO()
    try:
        with gc_paused(), laid_out(fig):
            fig.savefig(data, format="png", dpi=dpi)
    finally:
        plt.close(fig)
    return data.getvalue()


def dimension_choices(lexicon: Any, dimensions: list[str]) -> list[tuple[str, str]]:
    """``(readable label, id)`` pairs for a dropdown: the lexicon's English and Arabic names."""
    named = {d.id: d for d in lexicon.dimensions}
    choices = []
    for dimension_id in dimensions:
        dimension = named[dimension_id]
        parts = [p for p in (dimension.label_en, dimension.label_ar) if p]
        choices.append((" · ".join(parts) or dimension_id, dimension_id))
    return choices


def _png_output(png: bytes) -> dict[str, Any]:
    return {"output_type": "display_data",
            "data": {"image/png": base64.b64encode(png).decode("ascii"),
                     "text/plain": "<chart>"},
            "metadata": {}}


def _text_output(text: str) -> dict[str, Any]:
    return {"output_type": "stream", "name": "stdout", "text": text + "\n"}


def chart_explorer(
    agg: pd.DataFrame,
    draw: Callable[..., Any],
    *,
    by: str = "outlet",
    dimensions: list[str] | None = None,
    lexicon: Any = "default",
    interactive: bool | None = None,
    **chart_options: Any,
):
    """Controls (dimension, outlets, and period when the table has one) that redraw a chart.

    The dimension dropdown shows the lexicon's names (English · Arabic). With
    a ``period`` column, a chart function that takes ``period`` (share bars,
    drawing one period) gets a period dropdown, set to the latest; any other
    (a timeline) gets a range slider over the periods that keeps the rows
    inside the range.

    Parameters
    ----------
    agg : DataFrame
        An aggregate table (:func:`framing.aggregate`).
    draw : callable
        A chart function of :mod:`framing.plots` taking ``(table, dimension, ...)``,
        e.g. ``plots.share_bars`` or ``plots.timeline``.
    dimensions : list of str, optional
        Dimensions offered (default: those in the table).
    interactive : bool, optional
        Build the controls (default: unless this is a report run); without,
        a Markdown note says to open the notebook in JupyterLab.
    chart_options
        Passed to ``draw`` unchanged.

    Returns
    -------
    ipywidgets.VBox
        ``children[0]`` holds the controls (dimension, outlets, period), ``children[1]``
        the output with the chart as ``image/png``. Display it in a notebook cell.
    """
    import ipywidgets as widgets

    from framing import load_lexicon, plots
    from framing.outputs import current_run

    if interactive is None:
        interactive = current_run() is None
    if not interactive:
        from IPython.display import Markdown

        return Markdown("*Explorer: open this notebook in JupyterLab and run it to pick a "
                        "dimension, outlets and periods; the chart redraws with each choice.*")

    lexicon = load_lexicon(lexicon)
    present = set(agg["dimension"]) if "dimension" in agg.columns else set()
    dimensions = [d.id for d in lexicon.dimensions
                  if d.id in present and (dimensions is None or d.id in dimensions)]
    if not dimensions:
        raise ValueError("The table has none of the requested dimensions.")
    outlets = sorted(agg[by].dropna().astype(str).unique())
    dimension = widgets.Dropdown(options=dimension_choices(lexicon, dimensions),
                                 value=dimensions[0], description="dimension",
                                 layout=widgets.Layout(width="28em"))
    chosen = widgets.SelectMultiple(options=outlets, value=tuple(outlets), description=by,
                                    rows=min(8, max(2, len(outlets))))
    controls: list[Any] = [dimension, chosen]
    period = span = None
    periods = (sorted(pd.to_datetime(agg["period"].dropna().unique()))
               if "period" in agg.columns else [])
    takes_period = "period" in inspect.signature(draw).parameters
    if periods and takes_period:
        # a chart of one period (share bars of a table by period): pick which; latest first
        period = widgets.Dropdown(options=[(str(p.date()), p) for p in periods],
                                  value=periods[-1], description="period")
        controls.append(period)
    elif periods:
        names = [str(p.date()) for p in periods]
        span = widgets.SelectionRangeSlider(options=list(zip(names, periods, strict=True)),
                                            index=(0, len(periods) - 1), description="periods",
                                            layout=widgets.Layout(width="32em"))
        controls.append(span)
    output = widgets.Output()

    def redraw(*_: Any) -> None:
        table = agg[agg[by].astype(str).isin(chosen.value)]
        options = dict(chart_options)
        if period is not None:
            options["period"] = period.value
        if span is not None:
            first, last = span.value
            table = table[(table["period"] >= first) & (table["period"] <= last)]
        if table.empty:
            output.outputs = (_text_output(f"No {by} selected." if not chosen.value
                                           else "Nothing to draw for this selection."),)
            return
        def drawing() -> Any:
            return draw(table, dimension.value, lexicon=lexicon, **options)

        try:
            if str(getattr(draw, "__module__", "")).startswith("framing."):
                # framing's charts depend on their arguments and the font alone, so an
                # identical request shows the drawing made before (a function of one's own
                # may read anything: it is always called)
                key = _fingerprint(draw.__module__, draw.__qualname__, plots.get_font(),
                                   table, dimension.value, lexicon.hash, options)
                png = _drawn_png(key, drawing)
            else:
                png = figure_png(drawing())
        except ValueError as exc:  # e.g. no label of this dimension in the selection
            output.outputs = (_text_output(f"Cannot draw this selection: {exc}"),)
            return
        output.outputs = (_png_output(png),)

    for control in controls:
        control.observe(redraw, names="value")
    redraw()
    return widgets.VBox([widgets.HBox(controls), output])


def _report_note(what: str) -> Any:
    from IPython.display import Markdown

    return Markdown(f"*Explorer: open this notebook in JupyterLab and run it to pick {what}; "
                    "the chart redraws with each choice.*")


def shift_explorer(
    scores: pd.DataFrame,
    agg: pd.DataFrame,
    found: pd.DataFrame,
    *,
    by: str = "outlet",
    dimensions: list[str] | None = None,
    lexicon: Any = "default",
    penalties: tuple[Any, ...] = ("permutation", "bic"),
    events: Any = None,
    interactive: bool | None = None,
    **chart_options: Any,
):
    """Controls (dimension, outlet, penalty) that redraw :func:`framing.plots.shift_timeline`.

    The chart starts at the first shift of ``found`` (else the first outlet
    and dimension). With the penalty ``found`` was made with, its rows are
    drawn; another penalty runs :func:`framing.shifts` again on the chosen
    outlet and dimension with ``found``'s other settings (each answer is kept,
    so going back is instant).

    Parameters
    ----------
    scores : DataFrame
        The dated counts ``found`` was computed from (with ``by`` and ``date``).
    agg : DataFrame
        :func:`framing.aggregate` of ``scores`` by ``by`` and period, same ``freq``.
    found : DataFrame
        :func:`framing.shifts` of ``scores``.
    dimensions : list of str, optional
        Dimensions offered (default: those of ``found``'s settings).
    penalties : tuple
        Penalty choices ("permutation", "bic" or numbers); ``found``'s own is added.
    events : DataFrame or path, optional
        Events drawn on the chart.
    interactive : bool, optional
        As in :func:`chart_explorer`.
    chart_options
        Passed to ``shift_timeline`` (``labels``, ``font`` ...).

    Returns
    -------
    ipywidgets.VBox
        ``children[0]`` holds the controls, ``children[1]`` the output with the chart
        as ``image/png``.
    """
    import warnings

    import ipywidgets as widgets

    from framing import load_lexicon, plots
    from framing.outputs import current_run
    from framing.shifts import shifts

    if interactive is None:
        interactive = current_run() is None
    if not interactive:
        return _report_note("a dimension, an outlet and a penalty")
    lexicon = load_lexicon(lexicon)
    settings = dict(found.attrs.get("shifts") or {})
    if not settings:
        raise ValueError("shift_explorer needs the table framing.shifts(...) returned (its "
                         "attrs keep the settings).")
    offered = dimensions if dimensions is not None else settings.get("dimensions", [])
    present = set(agg["dimension"]) if "dimension" in agg.columns else set()
    dimensions = [d.id for d in lexicon.dimensions if d.id in offered and d.id in present]
    if not dimensions:
        raise ValueError("The aggregate table has none of the dimensions of the shifts.")
    outlets = sorted(agg[by].dropna().astype(str).unique())
    first_outlet, first_dimension = outlets[0], dimensions[0]
    if not found.empty:
        first = found.sort_values("tvd", ascending=False).iloc[0]
        if str(first["dimension"]) in dimensions:
            first_outlet, first_dimension = str(first[by]), str(first["dimension"])
    own = settings.get("penalty", "permutation")
    choices = list(dict.fromkeys([own, *penalties]))
    dimension = widgets.Dropdown(options=dimension_choices(lexicon, dimensions),
                                 value=first_dimension, description="dimension",
                                 layout=widgets.Layout(width="28em"))
    outlet = widgets.Dropdown(options=outlets, value=first_outlet, description=by)
    penalty = widgets.Dropdown(options=[(str(p), p) for p in choices], value=own,
                               description="penalty")
    output = widgets.Output()
    answers: dict[tuple[Any, str, str], pd.DataFrame] = {}
    keep = ("freq", "min_size", "min_docs", "alpha", "n_perm", "n_boot", "ci")

    def table_for(group: str, dim: str, rule: Any) -> pd.DataFrame:
        if rule == own:
            return found
        key = (rule, group, dim)
        if key not in answers:
            rows = scores[scores[by].astype(str) == group]
            options = {k: settings[k] for k in keep if k in settings}
            seed = settings.get("seed", 0)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the chart says when a series is too short
                answers[key] = shifts(rows, dimension=dim, by=by, penalty=rule,
                                      seed=seed if isinstance(seed, int) or seed is None else 0,
                                      lexicon=lexicon, **options)
        return answers[key]

    def redraw(*_: Any) -> None:
        table = agg[agg[by].astype(str) == outlet.value]
        try:
            fig = plots.shift_timeline(table, table_for(outlet.value, dimension.value,
                                                        penalty.value),
                                       dimension.value, outlet.value, by=by, events=events,
                                       lexicon=lexicon, **chart_options)
        except ValueError as exc:  # e.g. this outlet never uses the dimension
            output.outputs = (_text_output(f"Cannot draw this selection: {exc}"),)
            return
        output.outputs = (_png_output(figure_png(fig)),)

    for control in (dimension, outlet, penalty):
        control.observe(redraw, names="value")
    redraw()
    return widgets.VBox([widgets.HBox([dimension, outlet, penalty]), output])


class CandidatePicker:
    """Accept or reject lexicon candidates by reading them (:func:`candidate_picker`).

    ``table()`` is the candidate table with its ``decision`` column as chosen,
    ready for :func:`framing.grow_lexicon`.
    """

    def __init__(self, candidates: pd.DataFrame) -> None:
        import html

        import ipywidgets as widgets

        self._candidates = candidates.reset_index(drop=True)
        self.buttons = []
        rows = []
        for row in self._candidates.itertuples(index=False):
            choice = widgets.ToggleButtons(
                options=[("–", ""), ("accept", "accept"), ("reject", "reject")],
                value=row.decision if row.decision in ("accept", "reject") else "",
                layout=widgets.Layout(width="auto"))
            choice.style.button_width = "64px"
            self.buttons.append(choice)
            word = html.escape(str(row.candidate))
            about = (f"<b><bdi>{word}</bdi></b> · {row.frequency:,} uses in "
                     f"{row.documents:,} documents, {row.n_outlets} outlets · "
                     f"{html.escape(str(row.source))}")
            lines = "".join(
                f'<div dir="auto">{html.escape(str(line))}</div>'
                for line in (row.kwic_1, row.kwic_2, row.kwic_3) if str(line))
            rows.append(widgets.VBox([widgets.HBox([choice, widgets.HTML(about)]),
                                      widgets.HTML(lines)]))
        self.widget = widgets.VBox(rows)

    def table(self) -> pd.DataFrame:
        """The candidates with the decisions chosen so far."""
        return self._candidates.assign(decision=[b.value for b in self.buttons])

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def candidate_picker(candidates: pd.DataFrame, *, interactive: bool | None = None) -> Any:
    """Accept / reject buttons beside each candidate of :func:`framing.discover`, with its
    lines in context; a Markdown note instead in a report run (no one to click).

    Returns a :class:`CandidatePicker` (display it; its ``table()`` goes to
    :func:`framing.grow_lexicon`), or the note.
    """
    from framing.outputs import current_run

    if interactive is None:
        interactive = current_run() is None
    if not interactive:
        from IPython.display import Markdown

        return Markdown("*Open this notebook in JupyterLab to accept or reject the candidates "
                        "with buttons, or mark the decision column of the sheet.*")
    missing = {"candidate", "frequency", "documents", "n_outlets", "source", "kwic_1",
               "kwic_2", "kwic_3", "decision"} - set(candidates.columns)
    if missing:
        raise KeyError(f"framing.widgets.candidate_picker: the table lacks {sorted(missing)}; "
                       "pass the table framing.discover returns.")
    return CandidatePicker(candidates)
