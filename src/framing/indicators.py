"""Per-document framing indicators, in long (tidy) form.

``score`` gives one row per document and one count column per category.
Analyses want the other shape: one row per document × category, with the
count, its rate per 1,000 tokens and its share among the labels of its
dimension, the competing labels an outlet could have chosen. This module
builds that table and attaches corpus metadata (outlet, date) to counts.

A document that uses no label of a dimension has no share in it: its share
is NaN, not 0, and ``dimension_used`` is False, so averages of shares are
never diluted by documents about something else.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from framing.lexicon import Lexicon, load_lexicon

__all__ = ["INDICATOR_COLUMNS", "attach_metadata", "document_indicators"]

#: Columns of :func:`document_indicators` after ``doc_id`` and any metadata columns.
INDICATOR_COLUMNS = [
    "dimension", "category", "count", "n_tokens", "rate_per_1000", "dimension_total",
    "dimension_used", "share", "uses",
]


def _show(values: Sequence[Any], limit: int = 10) -> str:
    shown = ", ".join(map(repr, list(values)[:limit]))
    more = len(values) - limit
    return shown + (f" ... and {more} more" if more > 0 else "")


def _as_counts(scores: Any, lexicon: Lexicon | str, *, caller: str
               ) -> tuple[pd.DataFrame, Lexicon]:
    """The counts table of ``scores`` (a Scores or a DataFrame), checked against ``lexicon``."""
    from framing.scoring import Scores

    if isinstance(scores, Scores):
        scores = scores.counts
    if not isinstance(scores, pd.DataFrame):
        raise TypeError(
            f"{caller} expects the counts table of framing.score (a DataFrame with n_tokens and "
            f"one column per category) or the Scores object. Got {type(scores).__name__}."
        )
    lex = load_lexicon(lexicon)
    needed = ["n_tokens", *lex.category_ids]
    missing = [c for c in needed if c not in scores.columns]
    if missing:
        scored_with = scores.attrs.get("lexicon_name")
        hint = (f" The table was scored with lexicon {scored_with!r}; pass lexicon=... to match."
                if scored_with and scored_with != lex.name else
                " Pass the lexicon the table was scored with (lexicon=...).")
        raise KeyError(
            f"{caller}: the counts table lacks column(s) {_show(missing)} of lexicon "
            f"{lex.name!r}.{hint}"
        )
    scored_hash = scores.attrs.get("lexicon_hash")
    if scored_hash and scored_hash != lex.hash:
        warnings.warn(
            f"{caller}: the counts were scored with lexicon {scores.attrs.get('lexicon_name')!r} "
            f"(hash {scored_hash[:12]}), not with {lex.name!r} (hash {lex.hash[:12]}); "
            "categories are matched by id only.",
            UserWarning,
            stacklevel=3,
        )
    for column in needed:
        values = scores[column]
        if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            raise TypeError(f"{caller}: column {column!r} of the counts table must be numeric "
                            f"(it is {values.dtype}).")
        bad = values.isna() | (values < 0)
        if bad.any():
            rows = scores.loc[bad, "doc_id"] if "doc_id" in scores.columns else scores.index[bad]
            raise ValueError(
                f"{caller}: column {column!r} has missing or negative values for document(s) "
                f"{_show(list(rows))}; counts must be non-negative numbers."
            )
    return scores, lex


def _dimension_layout(lex: Lexicon) -> tuple[list[str], np.ndarray, list[str]]:
    """Category ids, the dimension index of each category, and the dimension ids."""
    dims = [d.id for d in lex.dimensions]
    index = {d: i for i, d in enumerate(dims)}
    return lex.category_ids, np.array([index[c.dimension] for c in lex.categories]), dims


def _membership(dim_of: np.ndarray, n_dims: int) -> np.ndarray:
    """Category × dimension 0/1 matrix: ``counts @ membership`` sums each dimension."""
    out = np.zeros((len(dim_of), n_dims))
    out[np.arange(len(dim_of)), dim_of] = 1.0
    return out


def attach_metadata(
    counts: pd.DataFrame,
    corpus: pd.DataFrame,
    columns: Sequence[str] = ("outlet", "date"),
) -> pd.DataFrame:
    """Counts with corpus metadata columns (outlet, date ...) joined on ``doc_id``.

    Parameters
    ----------
    counts : DataFrame
        The counts table of :func:`framing.score` (or any table with ``doc_id``).
    corpus : DataFrame
        The corpus table: ``doc_id`` plus the metadata ``columns``.
    columns : sequence of str, default ("outlet", "date")
        Corpus columns to carry over; they are inserted after ``doc_id``.

    Returns
    -------
    DataFrame
        A copy of ``counts`` (same rows, same order, same ``attrs``) with the
        metadata columns.

    Raises
    ------
    KeyError
        If a table lacks ``doc_id`` or a requested column.
    ValueError
        If a document of ``counts`` is not in the corpus (the message lists
        the missing ids), if ``doc_id`` repeats, or if ``counts`` already has a
        metadata column (nothing is overwritten).
    """
    if isinstance(columns, str):
        columns = (columns,)
    columns = list(columns)
    for name, table in (("counts", counts), ("corpus", corpus)):
        if not isinstance(table, pd.DataFrame):
            raise TypeError(f"framing.attach_metadata: {name} must be a DataFrame; got "
                            f"{type(table).__name__}.")
        if "doc_id" not in table.columns:
            raise KeyError(f"framing.attach_metadata: the {name} table has no 'doc_id' column.")
    absent = [c for c in columns if c not in corpus.columns]
    if absent:
        raise KeyError(
            f"framing.attach_metadata: the corpus has no column(s) {_show(absent)} (columns: "
            f"{', '.join(map(str, corpus.columns))})."
        )
    clash = [c for c in columns if c in counts.columns]
    if clash:
        raise ValueError(
            f"framing.attach_metadata: the counts table already has column(s) {_show(clash)}; "
            "drop them first (nothing is overwritten)."
        )
    for name, table in (("corpus", corpus), ("counts", counts)):
        repeated = table["doc_id"][table["doc_id"].duplicated()].unique()
        if len(repeated):
            raise ValueError(f"framing.attach_metadata: doc_id repeats in the {name} table: "
                             f"{_show(list(repeated))}.")
    known = pd.Index(corpus["doc_id"])
    found = known.get_indexer(counts["doc_id"])
    if (found < 0).any():
        missing = counts["doc_id"][found < 0].tolist()
        hint = ""
        if (found < 0).all() and len(counts):
            hint = (f" No id matches at all: the counts' doc_id is {counts['doc_id'].dtype}, "
                    f"the corpus' is {corpus['doc_id'].dtype}; were they read differently?")
        raise ValueError(
            f"framing.attach_metadata: {len(missing)} document(s) of the counts are not in the "
            f"corpus: {_show(missing)}.{hint}"
        )
    out = counts.copy()
    position = list(out.columns).index("doc_id") + 1
    for offset, column in enumerate(columns):
        values = corpus[column].iloc[found].reset_index(drop=True)
        values.index = out.index
        out.insert(position + offset, column, values)
    out.attrs.update(counts.attrs)
    return out


def document_indicators(counts: Any, lexicon: Lexicon | str = "default") -> pd.DataFrame:
    """One row per document × category: count, rate, share of its dimension, use.

    Parameters
    ----------
    counts : DataFrame or Scores
        The counts of :func:`framing.score`, optionally with metadata columns
        (see :func:`attach_metadata`); every column that is neither ``doc_id``,
        ``n_tokens`` nor a category is carried into the result.
    lexicon : Lexicon or str, default "default"
        The lexicon the counts were scored with (its dimensions group the
        categories).

    Returns
    -------
    DataFrame
        Documents in their order, categories in lexicon order, with columns

        - ``doc_id`` and the metadata columns;
        - ``dimension``, ``category``;
        - ``count``: the category's count in the document;
        - ``n_tokens``: the document's length in tokens;
        - ``rate_per_1000``: count per 1,000 tokens (NaN for an empty document);
        - ``dimension_total``: the document's count over all categories of the
          dimension;
        - ``dimension_used``: ``dimension_total > 0``;
        - ``share``: count / dimension_total, NaN (not 0) when the document
          uses no label of the dimension;
        - ``uses``: ``count > 0``.

    Examples
    --------
    >>> import framing
    >>> counts, _ = framing.score({"a": "قتل المسلحين والإرهابيين في حلب"})
    >>> rows = document_indicators(counts)
    >>> rows.set_index("category").loc[["militant", "terrorist"], "share"].tolist()
    [0.5, 0.5]
    """
    table, lex = _as_counts(counts, lexicon, caller="framing.document_indicators")
    if "doc_id" not in table.columns:
        raise KeyError("framing.document_indicators: the counts table has no 'doc_id' column.")
    category_ids, dim_of, dims = _dimension_layout(lex)
    meta = [c for c in table.columns if c not in ("doc_id", "n_tokens", *category_ids)]
    values = table[category_ids].to_numpy(dtype=float)
    n_docs, n_cats = values.shape
    tokens = table["n_tokens"].to_numpy(dtype=float)
    dimension_total = (values @ _membership(dim_of, len(dims)))[:, dim_of]
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(tokens[:, None] > 0, values * 1000.0 / tokens[:, None], np.nan)
        share = np.where(dimension_total > 0, values / dimension_total, np.nan)
    integral = all(pd.api.types.is_integer_dtype(table[c]) for c in category_ids)
    out: dict[str, Any] = {"doc_id": np.repeat(table["doc_id"].to_numpy(), n_cats)}
    for column in meta:
        out[column] = np.repeat(table[column].to_numpy(), n_cats)
    out["dimension"] = np.tile(np.array(dims, dtype=object)[dim_of], n_docs)
    out["category"] = np.tile(np.array(category_ids, dtype=object), n_docs)
    count = values.ravel()
    out["count"] = count.astype(np.int64) if integral else count
    out["n_tokens"] = np.repeat(table["n_tokens"].to_numpy(), n_cats)
    out["rate_per_1000"] = rate.ravel()
    total = dimension_total.ravel()
    out["dimension_total"] = total.astype(np.int64) if integral else total
    out["dimension_used"] = total > 0
    out["share"] = share.ravel()
    out["uses"] = count > 0
    result = pd.DataFrame(out)
    for column in meta:  # keep datetime, categorical ... dtypes of the metadata
        result[column] = result[column].astype(table[column].dtype)
    result.attrs.update(table.attrs)
    return result
