"""Interactive controls for JupyterLab: pick outlets, a dimension, a period; charts redraw.

The controls only call the package's chart functions with other arguments.
In a batch run (papermill) they are displayed once with their defaults and
stay inert; nothing depends on them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

__all__ = ["chart_explorer"]


def chart_explorer(
    agg: pd.DataFrame,
    draw: Callable[..., Any],
    *,
    by: str = "outlet",
    dimensions: list[str] | None = None,
    lexicon: Any = "default",
    **chart_options: Any,
):
    """Controls (outlets, dimension, and period when the table has one) that redraw a chart.

    Parameters
    ----------
    agg : DataFrame
        An aggregate table (:func:`framing.aggregate`).
    draw : callable
        A chart function of :mod:`framing.plots` taking ``(table, dimension, ...)``,
        e.g. ``plots.share_bars`` or ``plots.timeline``.
    dimensions : list of str, optional
        Dimensions offered (default: those in the table).
    chart_options
        Passed to ``draw`` unchanged.

    Returns
    -------
    ipywidgets.VBox
        Display it in a notebook cell.
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt
    from IPython.display import display

    from framing import load_lexicon

    lexicon = load_lexicon(lexicon)
    present = list(dict.fromkeys(agg["dimension"]))
    dimensions = [d.id for d in lexicon.dimensions
                  if d.id in present and (dimensions is None or d.id in dimensions)]
    if not dimensions:
        raise ValueError("The table has none of the requested dimensions.")
    outlets = sorted(agg[by].dropna().astype(str).unique())
    dimension = widgets.Dropdown(options=dimensions, value=dimensions[0], description="dimension")
    chosen = widgets.SelectMultiple(options=outlets, value=tuple(outlets), description=by,
                                    rows=min(8, len(outlets)))
    controls = [dimension, chosen]
    period = None
    if "period" in agg.columns and draw.__name__ == "share_bars":
        periods = ["all"] + [str(p.date()) for p in sorted(agg["period"].dropna().unique())]
        period = widgets.Dropdown(options=periods, value="all", description="period")
        controls.append(period)
    output = widgets.Output()

    def redraw(*_: Any) -> None:
        table = agg[agg[by].astype(str).isin(chosen.value)]
        options = dict(chart_options)
        if period is not None and period.value != "all":
            options["period"] = pd.Timestamp(period.value)
        with output:
            output.clear_output(wait=True)
            if table.empty:
                print("No outlet selected.")
                return
            fig = draw(table, dimension.value, lexicon=lexicon, **options)
            display(fig)
            plt.close(fig)

    for control in controls:
        control.observe(redraw, names="value")
    redraw()
    return widgets.VBox([widgets.HBox(controls), output])
