"""Framing shifts and event effects stated in sentences, for notebooks and reports.

:func:`framing.shifts` and :func:`framing.events.event_effect` return tidy
tables; a reader wants "okaz, how armed non-state groups are named: a shift
on 2015-08-07 (between 08-02 and 08-08): terrorist rose from 31% to 59%
(+28 points, interval +17 to +38)". The sentences carry the same numbers as
the tables and say where the rest is.
"""

from __future__ import annotations

import pandas as pd

from framing.lexicon import Lexicon

__all__ = ["event_sentences", "shift_sentences"]


def _points(value: float) -> str:
    return f"{value:+.0f} points"


def _dimension_name(lexicon: Lexicon, dimension: str) -> str:
    found = next((d for d in lexicon.dimensions if d.id == dimension), None)
    return (found.label_en or dimension) if found is not None else dimension


def shift_sentences(table: pd.DataFrame, lexicon: Lexicon, *, most: int = 3) -> list[str]:
    """One sentence per shift of a :func:`framing.shifts` table.

    Each names the outlet, the dimension, the date with its interval, and the
    ``most`` labels that moved most (at least one point), from rise to fall,
    with their shares before and after and the change's interval; smaller
    moves are counted, not listed.
    """
    sentences = []
    keys = ["outlet", "dimension", "changepoint"]
    for (outlet, dimension, _), rows in table.groupby(keys, sort=True):
        first = rows.iloc[0]
        date, low, high = (f"{first[c]:%Y-%m-%d}" for c in ("date", "date_low", "date_high"))
        when = date if low == high else f"{date} (between {low} and {high})"
        moved = rows[rows["change"].abs() >= 1]
        largest = moved.loc[moved["change"].abs().sort_values(ascending=False).index[:most]]
        parts = [f"{lexicon.category(r.category).label_en} "
                 f"{'rose' if r.change > 0 else 'fell'} from {r.share_before:.0%} to "
                 f"{r.share_after:.0%} ({_points(r.change)}, interval "
                 f"{r.change_low:+.0f} to {r.change_high:+.0f})"
                 for r in largest.sort_values("change", ascending=False).itertuples()]
        if len(moved) > len(largest):
            parts.append(f"{len(moved) - len(largest)} smaller move(s) in tables/shifts.csv")
        sentences.append(f"{outlet}, {_dimension_name(lexicon, dimension).lower()}: a shift "
                         f"on {when}: {'; '.join(parts) or 'shares moved by under a point'}.")
    return sentences


def event_sentences(effects: pd.DataFrame, lexicon: Lexicon, *, window: int = 7,
                    alpha: float = 0.05) -> list[str]:
    """One sentence per event of an event-effects table (its ``overall`` rows).

    Says in how many dimensions a label's share changed at p < ``alpha``
    between the ``window`` days before and after, and for each such dimension
    the label that moved most, with its shares, p-value and documents; or that
    nothing could be measured.
    """
    sentences = []
    overall = effects[effects["scope"] == "overall"]
    for (label, date), rows in overall.groupby(["event", "event_date"], sort=False):
        measured = rows[(rows["docs_before"] > 0) & (rows["docs_after"] > 0)]
        head = f"{label} ({date:%Y-%m-%d})"
        if measured.empty:
            sentences.append(f"{head}: no document using a dimension on both sides within "
                             f"{window} days; no effect measured.")
            continue
        clear = measured[measured["p_value"] < alpha]
        n_dims = measured["dimension"].nunique()
        if clear.empty:
            sentences.append(f"{head}: in none of {n_dims} dimension(s) did a label's share "
                             f"change at p < {alpha:g} between the {window} days before and "
                             "after.")
            continue
        parts = []
        for dimension, moved in clear.groupby("dimension", sort=False):
            top = moved.loc[moved["change"].abs().idxmax()]
            category = lexicon.category(top["category"]).label_en
            parts.append(f"{_dimension_name(lexicon, dimension).lower()}: {category} "
                         f"{top['share_before']:.0%} to {top['share_after']:.0%} "
                         f"({_points(top['change'])}, p = {top['p_value']:.3f}, "
                         f"{int(top['docs_before'])} documents before, "
                         f"{int(top['docs_after'])} after)")
        sentences.append(f"{head}: {clear['dimension'].nunique()} of {n_dims} dimension(s) "
                         f"changed at p < {alpha:g} ({window} days before vs after; overall): "
                         + "; ".join(parts) + ".")
    return sentences
