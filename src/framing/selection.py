"""Select documents by outlet and date range, keeping account of what is left out.

Notebooks and reports narrow a corpus to the outlets and period a study is
about; the documents left out are returned with the reason, never dropped
silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from framing.dates import parse_date, parse_dates

__all__ = ["select_documents"]


def select_documents(
    corpus: pd.DataFrame,
    *,
    outlets: Sequence[str] | str | None = None,
    start: Any = None,
    end: Any = None,
    date_column: str = "date",
    outlet_column: str = "outlet",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Documents of the given outlets published from ``start`` to ``end`` (inclusive days).

    Parameters
    ----------
    corpus : DataFrame
        A corpus or counts table with the outlet and date columns.
    outlets : str or sequence of str, optional
        Outlets to keep (all when None). Unknown names are an error listing
        the known ones.
    start, end : date-like, optional
        First and last day to keep; ``end`` includes its whole day. A document
        without a date is left out when either bound is given.

    Returns
    -------
    (kept, excluded) : tuple of DataFrame
        ``excluded`` has the left-out rows with a ``reason`` column
        (``outlet``, ``before start``, ``after end``, ``no date``).
    """
    if not isinstance(corpus, pd.DataFrame):
        raise TypeError(f"Expected a corpus table (DataFrame). Got {type(corpus).__name__}.")
    reason = pd.Series("", index=corpus.index, dtype=object)
    if outlets is not None:
        if isinstance(outlets, str):
            outlets = [outlets]
        if outlet_column not in corpus.columns:
            raise KeyError(f"The table has no {outlet_column!r} column to select outlets by.")
        known = set(corpus[outlet_column].dropna().astype(str))
        unknown = [o for o in outlets if o not in known]
        if unknown:
            raise ValueError(f"Unknown outlet(s) {unknown}; known outlets: "
                             f"{', '.join(sorted(known))}.")
        reason[~corpus[outlet_column].isin(list(outlets))] = "outlet"
    if start is not None or end is not None:
        if date_column not in corpus.columns:
            raise KeyError(f"The table has no {date_column!r} column to select dates by.")
        dates = parse_dates(corpus[date_column], source=f"the {date_column!r} column")
        first = _bound(start, "start")
        final = _bound(end, "end")
        free = reason == ""
        reason[free & dates.isna()] = "no date"
        if first is not None:
            reason[(reason == "") & (dates < first)] = "before start"
        if final is not None:
            last = final.normalize() + pd.Timedelta(days=1)
            reason[(reason == "") & (dates >= last)] = "after end"
    keep = reason == ""
    excluded = corpus[~keep].copy()
    excluded["reason"] = reason[~keep]
    return corpus[keep].copy(), excluded


def _bound(value: Any, name: str) -> pd.Timestamp | None:
    """``start`` or ``end`` as a timestamp, read like corpus dates; a clear error if unreadable."""
    if value is None:
        return None
    stamp = parse_date(value)
    if stamp is None:
        raise ValueError(
            f"{name}={value!r} is not a date framing can read (years 1800-2200; a Hijri "
            "date must be converted to the Gregorian calendar). Give it as YYYY-MM-DD."
        )
    return stamp
