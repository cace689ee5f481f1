"""Outlet × period aggregates of framing counts, with uncertainty intervals.

Rates and shares of a group of documents are ratios of sums (all hits over
all tokens, all hits of a label over all hits of its dimension), so long
articles weigh more than short ones, as words do. Their uncertainty comes
from which documents happened to be published: intervals are a document-level
bootstrap (documents resampled with replacement within each cell, the ratio
of sums recomputed). The share of documents that use a label is a binomial
proportion and gets a Wilson score interval.

Cells with few documents are flagged (``low_n``), never hidden.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from contextlib import nullcontext
from statistics import NormalDist
from typing import Any

import numpy as np
import pandas as pd

from framing.indicators import _as_counts, _dimension_layout, _membership, _show
from framing.lexicon import Lexicon

__all__ = [
    "AGGREGATE_COLUMNS", "DUPLICATE_MODES", "FREQUENCIES", "aggregate", "bootstrap_sums",
    "wilson_interval",
]

#: Period lengths understood by :func:`aggregate`: day, week (Monday to Sunday), month.
FREQUENCIES = ("D", "W", "M")

#: How :func:`aggregate` and :func:`framing.findings.findings` treat documents of one
#: duplicate cluster (wire copy): count every copy, keep the first copy, or weight 1/n.
DUPLICATE_MODES = (None, "collapse", "weight")

_UNDATED = ("error", "drop")

#: Columns of :func:`aggregate` after the ``by`` columns and ``period``.
AGGREGATE_COLUMNS = [
    "dimension", "category", "n_docs", "hits", "dimension_hits", "tokens", "rate", "rate_low",
    "rate_high", "share", "share_low", "share_high", "n_docs_using", "doc_share",
    "doc_share_low", "doc_share_high", "low_n",
]

# bootstrap weights are built this many document draws at a time (memory bound)
_DRAWS_PER_CHUNK = 4_000_000


def _one_blas_thread():
    """Limit BLAS to one thread: the matrix products here are many and small, and
    threads waiting for each other on a busy machine made them many times slower."""
    try:
        from threadpoolctl import threadpool_limits  # installed with scikit-learn
    except ImportError:  # pragma: no cover
        return nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def _z(ci: float) -> float:
    return NormalDist().inv_cdf(0.5 + ci / 2.0)


def _check_ci(ci: float, caller: str) -> None:
    if isinstance(ci, bool) or not isinstance(ci, int | float) or not 0.0 < ci < 1.0:
        raise ValueError(f"The 'ci' parameter of {caller} must be a number in (0, 1), e.g. "
                         f"0.95. Got {ci!r} instead.")


#: Most resamples or shuffles a statistic takes (``n_boot``, ``n_perm``): beyond some
#: thousands an interval or p-value no longer changes, and each draw holds a row of sums.
MAX_DRAWS = 100_000

_DRAW_PARAMETERS = ("n_boot", "n_perm", "n_permutations")


def _check_int(value: Any, name: str, caller: str, minimum: int) -> int:
    """``value`` as an int >= ``minimum``; the numbers of draws (``n_boot``, ``n_perm``) are
    also at most :data:`MAX_DRAWS` (a typo of 10**8 would ask for tens of gigabytes)."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise ValueError(f"The '{name}' parameter of {caller} must be an integer >= {minimum}. "
                         f"Got {value!r} instead.")
    if name in _DRAW_PARAMETERS and value > MAX_DRAWS:
        raise ValueError(f"The '{name}' parameter of {caller} must be at most {MAX_DRAWS:,}; "
                         f"got {int(value):,}. Intervals and p-values stop changing after a "
                         "few thousand draws (e.g. 2,000 for intervals, 9,999 for p-values).")
    return int(value)


def wilson_interval(k: Any, n: Any, ci: float = 0.95) -> tuple[Any, Any]:
    """Wilson score interval of the proportion ``k / n`` (vectorised).

    With ``z`` the normal quantile of ``ci`` and ``p = k / n``::

        centre = (p + z²/2n) / (1 + z²/n)
        half   = z / (1 + z²/n) · sqrt(p(1 − p)/n + z²/4n²)

    Unlike the normal (Wald) interval it stays inside [0, 1] and does not
    collapse to a point when ``k`` is 0 or ``n``.

    Parameters
    ----------
    k, n : int or array-like
        Successes and trials (broadcast together). ``n = 0`` gives NaN.
    ci : float, default 0.95
        Confidence level.

    Returns
    -------
    (low, high)
        Floats for scalar input, arrays otherwise.

    Examples
    --------
    >>> low, high = wilson_interval(3, 10)
    >>> round(low, 4), round(high, 4)
    (0.1078, 0.6032)
    """
    _check_ci(ci, "framing.wilson_interval")
    k_arr = np.asarray(k, dtype=float)
    n_arr = np.asarray(n, dtype=float)
    if np.any(k_arr < 0) or np.any(k_arr > n_arr) or np.any(n_arr < 0):
        raise ValueError("framing.wilson_interval needs 0 <= k <= n.")
    z = _z(ci)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k_arr / n_arr
        denominator = 1.0 + z * z / n_arr
        centre = (p + z * z / (2.0 * n_arr)) / denominator
        half = z / denominator * np.sqrt(p * (1.0 - p) / n_arr + z * z / (4.0 * n_arr * n_arr))
        # exact bounds at the ends (rounding would leave 1e-17 or 0.9999...)
        low = np.where(k_arr <= 0, 0.0, np.clip(centre - half, 0.0, 1.0))
        high = np.where(k_arr >= n_arr, 1.0, np.clip(centre + half, 0.0, 1.0))
        low = np.where(n_arr > 0, low, np.nan)
        high = np.where(n_arr > 0, high, np.nan)
    if low.ndim == 0:
        return float(low), float(high)
    return low, high


def _generator(random_state: Any, caller: str) -> np.random.Generator:
    if isinstance(random_state, np.random.Generator):
        return random_state
    if random_state is None or (isinstance(random_state, int | np.integer)
                                and not isinstance(random_state, bool) and random_state >= 0):
        return np.random.default_rng(random_state)
    raise ValueError(f"The seed ('random_state' or 'seed' parameter, --seed) of {caller} must "
                     f"be an integer >= 0, None or a numpy Generator. Got {random_state!r} "
                     "instead.")


def bootstrap_sums(values: np.ndarray, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """Column sums of ``n_boot`` bootstrap resamples of the rows of ``values``.

    Each resample draws ``len(values)`` rows with replacement; its column
    sums are ``weights @ values`` where ``weights`` counts how often each row
    was drawn. Drawing all index matrices at once (in memory-bounded chunks)
    and counting them with one ``bincount`` makes a thousand resamples of
    thousands of documents a fraction of a second.

    Parameters
    ----------
    values : ndarray of shape (n_rows, n_columns)
        One row per document (counts, tokens ...).
    n_boot : int
        Number of resamples.
    rng : numpy.random.Generator
        The random stream (results are reproducible for a seeded generator).

    Returns
    -------
    ndarray of shape (n_boot, n_columns)
    """
    values = np.asarray(values, dtype=float)
    n_rows = values.shape[0]
    out = np.zeros((n_boot, values.shape[1]))
    if n_rows == 0 or n_boot == 0:
        return out
    step = max(1, _DRAWS_PER_CHUNK // n_rows)
    for start in range(0, n_boot, step):
        size = min(step, n_boot - start)
        draws = rng.integers(0, n_rows, size=(size, n_rows))
        draws += (np.arange(size) * n_rows)[:, None]
        weights = np.bincount(draws.ravel(), minlength=size * n_rows).reshape(size, n_rows)
        out[start:start + size] = weights.astype(float) @ values  # float: BLAS matmul
    return out


def _quantiles(samples: np.ndarray, ci: float) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of each column, ignoring NaN resamples (NaN if all are).

    numpy's default ("linear") quantile, computed for all columns at once.
    """
    ordered = np.sort(samples, axis=0)  # NaN sort last
    n_valid = np.isfinite(samples).sum(axis=0)
    columns = np.arange(samples.shape[1])
    bounds = []
    for q in ((1 - ci) / 2, (1 + ci) / 2):
        position = q * np.maximum(n_valid - 1, 0)
        below = np.floor(position).astype(int)
        above = np.minimum(below + 1, np.maximum(n_valid - 1, 0))
        low_value = ordered[below, columns]
        value = low_value + (position - below) * (ordered[above, columns] - low_value)
        bounds.append(np.where(n_valid > 0, value, np.nan))
    return bounds[0], bounds[1]


def _as_columns(by: str | Sequence[str] | None, caller: str) -> list[str]:
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    columns = list(by)
    if not all(isinstance(c, str) for c in columns):
        raise TypeError(f"The 'by' parameter of {caller} must be a column name or a sequence "
                        f"of column names. Got {by!r} instead.")
    return list(dict.fromkeys(columns))  # a column named twice groups once


def _check_group_columns(table: pd.DataFrame, columns: list[str], caller: str) -> None:
    absent = [c for c in columns if c not in table.columns]
    if absent:
        raise KeyError(
            f"{caller}: the counts table has no column(s) {_show(absent)}. Attach corpus "
            "metadata first: framing.indicators.attach_metadata(counts, corpus, "
            f"columns={tuple(absent)!r})."
        )
    for column in columns:
        missing = table[column].isna()
        if missing.any():
            ids = table.loc[missing, "doc_id"] if "doc_id" in table.columns else \
                table.index[missing]
            raise ValueError(
                f"{caller}: {int(missing.sum())} document(s) have no {column!r}: "
                f"{_show(list(ids))}. Fill the value (e.g. 'unknown') or drop those rows "
                "explicitly."
            )


def _periods(table: pd.DataFrame, date_column: str, freq: str, caller: str) -> pd.Series:
    if date_column not in table.columns:
        raise KeyError(
            f"{caller}: freq={freq!r} needs a {date_column!r} column in the counts table; "
            "attach it with framing.indicators.attach_metadata(counts, corpus, "
            f"columns=('outlet', {date_column!r})) or name it with date_column=..."
        )
    dates = table[date_column]
    if not pd.api.types.is_datetime64_any_dtype(dates):
        raise TypeError(f"{caller}: column {date_column!r} must hold datetimes (datetime64); "
                        f"it is {dates.dtype}. Convert it with pandas.to_datetime.")
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_localize(None)  # local wall time decides the day
    missing = dates.isna()
    if missing.any():
        ids = table.loc[missing, "doc_id"] if "doc_id" in table.columns else table.index[missing]
        raise ValueError(f"{caller}: {int(missing.sum())} document(s) have no date: "
                         f"{_show(list(ids))}. Date them, or pass undated='drop' to leave "
                         "them out of the periods (their number is kept in attrs['undated']).")
    return dates.dt.to_period(freq).dt.start_time.rename("period")


def _drop_undated(table: pd.DataFrame, weights: np.ndarray | None, date_column: str,
                  freq: str, caller: str) -> tuple[pd.DataFrame, np.ndarray | None, int]:
    """The documents with a date (and their weights), and how many had none.

    Warns once with the count: periods then cover the dated documents only.
    """
    if date_column not in table.columns:
        _periods(table, date_column, freq, caller)  # raises the missing-column error
    missing = table[date_column].isna().to_numpy()
    n_undated = int(missing.sum())
    if not n_undated:
        return table, weights, 0
    warnings.warn(f"{caller}: {n_undated} of {len(table)} document(s) have no date and are left "
                  "out of the periods (undated='drop'); see attrs['undated'].", UserWarning,
                  stacklevel=3)
    kept = table.loc[~missing]
    return kept, None if weights is None else weights[~missing], n_undated


def _check_clusters(table: pd.DataFrame, clusters: Any, caller: str) -> pd.Series:
    """The cluster label of each row of ``table`` (from a Series indexed by doc_id)."""
    if not isinstance(clusters, pd.Series):
        raise TypeError(
            f"{caller}: 'clusters' must be a Series mapping doc_id to a cluster label, as "
            "framing.audit.duplicate_clusters(corpus) returns. Got "
            f"{type(clusters).__name__}.")
    if "doc_id" not in table.columns:
        raise KeyError(f"{caller}: the counts table has no 'doc_id' column to look up clusters.")
    labels = _on_doc_ids(
        clusters, table, "clusters", "cluster label", caller,
        "Build the clusters from the corpus these counts were scored from "
        "(framing.audit.duplicate_clusters(corpus)).")
    if labels.isna().any():
        ids = table["doc_id"][labels.isna().to_numpy()].tolist()
        raise ValueError(f"{caller}: 'clusters' has no label (NA) for document(s) {_show(ids)}; "
                         "a document in no cluster needs a label of its own.")
    return pd.Series(labels.to_numpy(), index=table.index)


def _on_doc_ids(values: pd.Series, table: pd.DataFrame, name: str, what: str, caller: str,
                hint: str) -> pd.Series:
    """``values`` (a Series indexed by doc_id) in the order of ``table``'s rows; every doc_id
    once in the index, every row of the table found there."""
    if values.index.has_duplicates:
        repeated = values.index[values.index.duplicated()].unique()
        raise ValueError(f"{caller}: doc_id repeats in {name!r}: {_show(list(repeated))}.")
    found = values.index.get_indexer(table["doc_id"])
    if (found < 0).any():
        missing = table["doc_id"][found < 0].tolist()
        raise ValueError(f"{caller}: {len(missing)} document(s) of the counts have no {what}: "
                         f"{_show(missing)}. {hint}")
    return values.iloc[found]


def _first_rows(table: pd.DataFrame, labels: pd.Series, date_column: str) -> np.ndarray:
    """Mask of the first document of each cluster.

    The document the label names, if it is one of the cluster's (the labels of
    :func:`framing.audit.duplicate_clusters` name the audit's first document);
    otherwise the earliest date (undated last), then doc_id: the audit's rule.
    """
    ids = table["doc_id"].to_numpy(dtype=object)
    named = np.fromiter((i == label for i, label in zip(ids, labels.to_numpy(), strict=True)),
                        dtype=bool, count=len(ids))
    frame = pd.DataFrame({
        "other": ~named,
        "label": labels.to_numpy(),
        "date": (table[date_column].to_numpy() if date_column in table.columns
                 and pd.api.types.is_datetime64_any_dtype(table[date_column])
                 else np.full(len(table), np.datetime64("NaT", "ns"))),
        "doc_id": table["doc_id"].astype(str).to_numpy(),
        "row": np.arange(len(table)),
    })
    ordered = frame.sort_values(["other", "date", "doc_id"], na_position="last",
                                kind="stable")
    first = ordered.drop_duplicates("label", keep="first")["row"].to_numpy()
    keep = np.zeros(len(table), dtype=bool)
    keep[first] = True
    return keep


def _check_weights(table: pd.DataFrame, weights: Any, caller: str) -> np.ndarray:
    """One finite non-negative weight per row, from a column name or a Series on doc_id."""
    if isinstance(weights, str):
        if weights not in table.columns:
            raise KeyError(f"{caller}: the counts table has no weights column {weights!r}.")
        values = table[weights]
        ids = table["doc_id"] if "doc_id" in table.columns else table.index
    elif isinstance(weights, pd.Series):
        if "doc_id" not in table.columns:
            raise KeyError(f"{caller}: the counts table has no 'doc_id' column to align the "
                           "weights on.")
        values = _on_doc_ids(weights, table, "weights", "weight", caller,
                             "Give 'weights' an entry (index doc_id) for each.")
        ids = table["doc_id"]
    else:
        raise TypeError(f"{caller}: 'weights' must be a column name or a Series indexed by "
                        f"doc_id. Got {type(weights).__name__}.")
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        raise TypeError(f"{caller}: weights must be numbers (got {values.dtype}).")
    array = values.to_numpy(dtype=float)
    bad = ~np.isfinite(array) | (array < 0)
    if bad.any():
        raise ValueError(f"{caller}: weights must be finite and >= 0; not so for document(s) "
                         f"{_show(list(np.asarray(ids)[bad]))}.")
    return array


def _document_weights(
    table: pd.DataFrame, *, duplicates: str | None, clusters: Any, weights: Any, caller: str,
    date_column: str = "date",
) -> tuple[pd.DataFrame, np.ndarray | None, dict[str, Any]]:
    """Apply ``weights`` or the duplicate handling: the rows to use, their weights (None:
    all 1) and what was done (for ``attrs``).

    * ``"collapse"``: one document per cluster, its first (earliest date, then doc_id).
    * ``"weight"``: each document weighs 1/n, n the copies of its cluster among the
      documents of ``table`` (all outlets together), so a story counts once in total.
    """
    if duplicates not in DUPLICATE_MODES:
        raise ValueError(f"The 'duplicates' parameter of {caller} must be one of "
                         f"{{None, 'collapse', 'weight'}}. Got {duplicates!r} instead.")
    if duplicates is None:
        if clusters is not None:
            raise ValueError(f"{caller}: 'clusters' is given but duplicates=None; pass "
                             "duplicates='collapse' or 'weight' to use them.")
        if weights is None:
            return table, None, {"duplicates": None}
        return table, _check_weights(table, weights, caller), {"duplicates": None,
                                                                "weights": "given"}
    if weights is not None:
        raise ValueError(f"{caller}: pass either 'weights' or 'duplicates', not both "
                         "(duplicates='weight' sets the weights).")
    if clusters is None:
        raise ValueError(f"{caller}: duplicates={duplicates!r} needs 'clusters' (doc_id -> "
                         "cluster label), e.g. framing.audit.duplicate_clusters(corpus).")
    labels = _check_clusters(table, clusters, caller)
    sizes = labels.map(labels.value_counts()).to_numpy(dtype=float)
    n_clusters = int(labels.nunique())
    info: dict[str, Any] = {"duplicates": duplicates, "n_documents": len(table),
                            "n_clusters": n_clusters,
                            "n_repeated": int((sizes > 1).sum())}
    if duplicates == "weight":
        return table, 1.0 / sizes, info
    keep = _first_rows(table, labels, date_column)
    info["n_dropped"] = int((~keep).sum())
    return table.loc[keep], None, info


def _cells(keys: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Distinct key rows (sorted), and the rows of each: ``order`` split at ``bounds``."""
    if keys.shape[1] == 0:
        n = len(keys)
        return pd.DataFrame(index=[0]), np.arange(n), np.array([0, n])
    grouped = keys.groupby(list(keys.columns), sort=True, observed=True)
    codes = grouped.ngroup().to_numpy()
    cells = grouped.size().index.to_frame(index=False)
    order = np.argsort(codes, kind="stable")
    bounds = np.concatenate([[0], np.cumsum(np.bincount(codes, minlength=len(cells)))])
    return cells, order, bounds


def aggregate(
    scores: Any,
    *,
    by: str | Sequence[str] | None = ("outlet",),
    freq: str | None = None,
    lexicon: Lexicon | str = "default",
    n_boot: int = 1000,
    ci: float = 0.95,
    min_docs: int = 5,
    random_state: Any = 0,
    date_column: str = "date",
    undated: str = "error",
    duplicates: str | None = None,
    clusters: pd.Series | None = None,
    weights: pd.Series | str | None = None,
) -> pd.DataFrame:
    """Rates and shares of each category per group (and period), with intervals.

    Parameters
    ----------
    scores : DataFrame or Scores
        Counts of :func:`framing.score` with the ``by`` columns (and, with
        ``freq``, the date column): see
        :func:`framing.indicators.attach_metadata`.
    by : str or sequence of str, default ("outlet",)
        Grouping columns; ``()`` or None aggregates all documents together.
    freq : {None, "D", "W", "M"}, default None
        Also split by day, week (Monday to Sunday) or month of ``date_column``.
        Every period between the first and the last date appears for every
        group; a period without documents has ``n_docs`` 0 and NaN values.
    lexicon : Lexicon or str, default "default"
        The lexicon the counts were scored with.
    n_boot : int, default 1000
        Bootstrap resamples per cell; 0 skips the bootstrap (NaN intervals).
    ci : float, default 0.95
        Confidence level of every interval.
    min_docs : int, default 5
        Cells with fewer documents are flagged ``low_n``.
    random_state : int, None or numpy Generator, default 0
        Seed of the bootstrap. Each cell draws from its own stream spawned
        from it, in the order of the output, so results are reproducible.
    date_column : str, default "date"
        The datetime column used with ``freq``.
    undated : {"error", "drop"}, default "error"
        With ``freq``, what to do with documents without a date: raise a
        ValueError naming them, or leave them out of every period (they belong
        to no period). "drop" warns once with their number and records it in
        ``attrs["undated"]`` (0 when all are dated), so a time series is never
        presented as covering documents it does not. Ignored without ``freq``.
    duplicates : {None, "collapse", "weight"}, default None
        How copies of one story (wire copy, reprints: the clusters of
        ``clusters``) count. None: every copy counts. "collapse": only the
        first copy of each cluster (earliest date, undated last, then doc_id:
        the document :func:`framing.audit.audit` keeps) counts, for its own
        outlet and period. "weight": every copy counts with weight 1/n, n the
        number of copies in the counts table across all outlets, so that a
        story counts once in all: an outlet that carries a story 10 outlets
        carried gets a tenth of it (the wording is the agency's, shared by
        ten). Weighted sums replace counts in every column (``n_docs`` is then
        the weighted number of documents, and ``low_n`` compares it with
        ``min_docs``).
    clusters : Series, optional
        doc_id → cluster label, every document of the counts included (a
        document in no cluster has a label of its own), as
        :func:`framing.audit.duplicate_clusters` returns. Needed by
        ``duplicates``.
    weights : Series or str, optional
        A weight per document (a Series indexed by doc_id, or a column of the
        counts), used like the weights of ``duplicates="weight"``. Not
        together with ``duplicates``.

    Returns
    -------
    DataFrame
        One row per group × period × category (lexicon order), columns:

        - the ``by`` columns, then ``period`` (start of the period) with ``freq``;
        - ``dimension``, ``category``;
        - ``n_docs``: documents in the cell;
        - ``hits``: the category's count summed over the cell;
        - ``dimension_hits``: all hits of the category's dimension in the cell;
        - ``tokens``: tokens in the cell;
        - ``rate``: hits per 1,000 tokens (ratio of sums), with the bootstrap
          interval ``rate_low``, ``rate_high``;
        - ``share``: hits / dimension_hits (ratio of sums; NaN when the
          dimension has no hit in the cell), with ``share_low``,
          ``share_high`` (resamples without any hit of the dimension are left
          out of the share interval);
        - ``n_docs_using``: documents with at least one hit of the category;
        - ``doc_share``: n_docs_using / n_docs, with its Wilson interval
          ``doc_share_low``, ``doc_share_high``;
        - ``low_n``: ``n_docs < min_docs``.

        ``attrs`` keep the counts' provenance plus the aggregation settings
        (``attrs["aggregate"]``, with what ``duplicates`` did) and, with
        ``freq``, ``attrs["undated"]``: documents left out for want of a date.

    Examples
    --------
    >>> import pandas as pd
    >>> import framing
    >>> corpus = pd.DataFrame({"doc_id": [1, 2], "outlet": ["x", "x"],
    ...                        "text": ["قصف الإرهابيين", "المسلحين والمسلحين في حلب"]})
    >>> counts = framing.score(corpus).counts.assign(outlet=corpus["outlet"])
    >>> table = aggregate(counts, n_boot=0, min_docs=1).set_index("category")
    >>> table.loc["militant", ["hits", "tokens", "rate", "share"]].tolist()
    [2.0, 6.0, 333.3333333333333, 0.6666666666666666]
    """
    caller = "framing.aggregate"
    table, lex = _as_counts(scores, lexicon, caller=caller)
    columns = _as_columns(by, caller)
    if freq not in (None, *FREQUENCIES):
        raise ValueError(f"The 'freq' parameter of {caller} must be one of "
                         f"{{None, 'D', 'W', 'M'}}. Got {freq!r} instead.")
    n_boot = _check_int(n_boot, "n_boot", caller, 0)
    min_docs = _check_int(min_docs, "min_docs", caller, 0)
    _check_ci(ci, caller)
    if undated not in _UNDATED:
        raise ValueError(f"The 'undated' parameter of {caller} must be one of "
                         f"{{'error', 'drop'}}. Got {undated!r} instead.")
    rng = _generator(random_state, caller)
    _check_group_columns(table, columns, caller)
    every_group = table[columns].drop_duplicates()
    table, doc_weights, handled = _document_weights(
        table, duplicates=duplicates, clusters=clusters, weights=weights, caller=caller,
        date_column=date_column)
    if duplicates == "collapse" and columns:
        _note_emptied_groups(every_group, table[columns], handled, caller)
    n_undated = 0
    if freq is not None and undated == "drop":
        table, doc_weights, n_undated = _drop_undated(table, doc_weights, date_column, freq,
                                                      caller)
    keys = table[columns].reset_index(drop=True)
    if freq is not None:
        if "period" in columns:
            raise ValueError(f"{caller}: 'period' is the output's period column; rename the "
                             "'period' grouping column.")
        keys["period"] = _periods(table, date_column, freq, caller).to_numpy()
    cells, order, bounds = _cells(keys)

    category_ids, dim_of, dims = _dimension_layout(lex)
    n_cats = len(category_ids)
    counts = table[category_ids].to_numpy(dtype=float)
    values = np.column_stack([counts, table["n_tokens"].to_numpy(dtype=float)])
    membership = _membership(dim_of, len(dims))
    integral = doc_weights is None and all(
        pd.api.types.is_integer_dtype(table[c]) for c in category_ids)
    uses = (counts > 0).astype(float)
    if doc_weights is not None:
        values = values * doc_weights[:, None]
        uses = uses * doc_weights[:, None]
    # the bootstrap resamples documents: each carries its (weighted) uses along
    values = np.column_stack([values, uses])

    n_cells = len(cells)
    n_docs = (np.diff(bounds) if doc_weights is None else
              np.add.reduceat(doc_weights[order], bounds[:-1]) if len(order) else
              np.zeros(n_cells))
    sums = np.zeros((n_cells, n_cats + 1))
    using = np.zeros((n_cells, n_cats))
    rate_ci = np.full((2, n_cells, n_cats), np.nan)
    share_ci = np.full((2, n_cells, n_cats), np.nan)
    streams = rng.spawn(n_cells) if n_boot else []
    with _one_blas_thread():
        for i in range(n_cells):
            rows = order[bounds[i]:bounds[i + 1]]
            cell = values[rows, :n_cats + 1]
            totals = values[rows].sum(axis=0)
            sums[i] = totals[:n_cats + 1]
            using[i] = totals[n_cats + 1:]
            if n_boot:
                boot = bootstrap_sums(cell, n_boot, streams[i])
                with np.errstate(divide="ignore", invalid="ignore"):
                    rates = boot[:, :n_cats] * 1000.0 / boot[:, n_cats:]
                    dim_totals = (boot[:, :n_cats] @ membership)[:, dim_of]
                    shares = boot[:, :n_cats] / dim_totals
                rate_ci[:, i] = _quantiles(rates, ci)
                share_ci[:, i] = _quantiles(shares, ci)

    if doc_weights is not None:  # a subset's sum may round above the whole's
        using = np.minimum(using, n_docs[:, None])
    if freq is not None:
        cells, n_docs, sums, using, rate_ci, share_ci = _fill_periods(
            cells, columns, freq, n_docs, sums, using, rate_ci, share_ci)
        n_cells = len(cells)

    hits = sums[:, :n_cats]
    tokens = sums[:, n_cats]
    dimension_hits = (hits @ membership)[:, dim_of]
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(tokens[:, None] > 0, hits * 1000.0 / tokens[:, None], np.nan)
        share = np.where(dimension_hits > 0, hits / dimension_hits, np.nan)
    n_docs_long = np.repeat(n_docs, n_cats)
    doc_low, doc_high = wilson_interval(using.ravel(), n_docs_long, ci)

    out = {c: np.repeat(cells[c].to_numpy(), n_cats) for c in cells.columns}
    out["dimension"] = np.tile(np.array(dims, dtype=object)[dim_of], n_cells)
    out["category"] = np.tile(np.array(category_ids, dtype=object), n_cells)
    out["n_docs"] = n_docs_long
    out["hits"] = hits.ravel().astype(np.int64) if integral else hits.ravel()
    dim_hits = dimension_hits.ravel()
    out["dimension_hits"] = dim_hits.astype(np.int64) if integral else dim_hits
    out["tokens"] = tokens.repeat(n_cats).astype(np.int64) if doc_weights is None else \
        tokens.repeat(n_cats)
    out["rate"] = rate.ravel()
    out["rate_low"], out["rate_high"] = rate_ci[0].ravel(), rate_ci[1].ravel()
    out["share"] = share.ravel()
    out["share_low"], out["share_high"] = share_ci[0].ravel(), share_ci[1].ravel()
    out["n_docs_using"] = using.ravel().astype(np.int64) if doc_weights is None else \
        using.ravel()
    with np.errstate(divide="ignore", invalid="ignore"):
        out["doc_share"] = np.where(n_docs_long > 0, using.ravel() / n_docs_long, np.nan)
    out["doc_share_low"], out["doc_share_high"] = doc_low, doc_high
    out["low_n"] = n_docs_long < min_docs
    result = pd.DataFrame(out)
    for column in columns:  # keep the grouping columns' dtypes
        result[column] = result[column].astype(table[column].dtype)
    _blank_unmeasured(result, table.attrs.get("unmeasured"), columns)
    result.attrs.update(table.attrs)
    result.attrs.update({
        "aggregate": {"by": columns, "freq": freq, "n_boot": n_boot, "ci": ci,
                      "min_docs": min_docs, "random_state": _describe_seed(random_state),
                      "interval": "document bootstrap (percentile); Wilson for doc_share",
                      "undated": undated if freq is not None else None, **handled},
    })
    if freq is not None:
        result.attrs["undated"] = n_undated
    if n_cells and (n_docs < min_docs).all() and min_docs > 0:
        warnings.warn(f"{caller}: every cell has fewer than {min_docs} documents (low_n); "
                      "intervals will be wide. Consider a coarser freq or fewer groups.",
                      UserWarning, stacklevel=2)
    return result


def _blank_unmeasured(result: pd.DataFrame, unmeasured: Any, columns: list[str]) -> None:
    """Rates and shares of a language's cells for categories its lexicon lacks are unknown
    (NaN), not zero: the English lexicon has no Yemen terms, so English documents tell
    nothing about them (:mod:`framing.multilingual`, ``attrs["unmeasured"]``)."""
    if not unmeasured or "language" not in columns or not len(result):
        return
    pairs = {(str(language), str(category)) for language, categories in unmeasured.items()
             for category in categories}
    blank = np.fromiter(((str(lang), str(cat)) in pairs for lang, cat in
                         zip(result["language"], result["category"], strict=True)),
                        dtype=bool, count=len(result))
    if blank.any():
        derived = ["rate", "rate_low", "rate_high", "share", "share_low", "share_high",
                   "doc_share", "doc_share_low", "doc_share_high"]
        result.loc[blank, derived] = np.nan


def _note_emptied_groups(before: pd.DataFrame, after: pd.DataFrame, handled: dict[str, Any],
                         caller: str) -> None:
    """Warn about (and record) groups whose documents were all copies kept elsewhere."""
    left = pd.MultiIndex.from_frame(after.drop_duplicates())
    gone = before[~pd.MultiIndex.from_frame(before).isin(left)]
    if not len(gone):
        return
    names = [row[0] if len(row) == 1 else row for row in gone.itertuples(index=False)]
    handled["groups_without_documents"] = names
    warnings.warn(f"{caller}: {len(names)} group(s) have no document left once duplicates are "
                  f"collapsed (all theirs were copies of stories another group carried "
                  f"first), so they have no rows: {_show(names)}.", UserWarning, stacklevel=3)


def _describe_seed(random_state: Any) -> Any:
    return random_state if random_state is None or isinstance(random_state, int) else \
        type(random_state).__name__


def _fill_periods(cells, columns, freq, n_docs, sums, using, rate_ci, share_ci):
    """Add empty cells so that every group has every period from the first to the last."""
    if not len(cells):
        return cells, n_docs, sums, using, rate_ci, share_ci
    starts = pd.period_range(cells["period"].min(), cells["period"].max(), freq=freq).start_time
    full = pd.DataFrame({"period": starts})
    if columns:
        groups = cells[columns].drop_duplicates()
        full = groups.merge(full, how="cross").sort_values([*columns, "period"], kind="stable")
    full = full.reset_index(drop=True)
    keys = [*columns, "period"]
    at = pd.MultiIndex.from_frame(full[keys]).get_indexer(pd.MultiIndex.from_frame(cells[keys]))
    size = len(full)
    new_docs = np.zeros(size, dtype=n_docs.dtype)
    new_docs[at] = n_docs
    new_sums = np.zeros((size, sums.shape[1]))
    new_sums[at] = sums
    new_using = np.zeros((size, using.shape[1]))
    new_using[at] = using
    new_rate = np.full((2, size, rate_ci.shape[2]), np.nan)
    new_rate[:, at] = rate_ci
    new_share = np.full((2, size, share_ci.shape[2]), np.nan)
    new_share[:, at] = share_ci
    return full, new_docs, new_sums, new_using, new_rate, new_share
