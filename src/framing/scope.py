"""Topic scope: which articles of a corpus are about the conflict studied?

A general news corpus mixes sports, economy and local news with war
reporting. Framing shares are only comparable between outlets on the same
topic, so analyses first keep the articles in scope: those that mention the
topic's places and actors at least ``min_hits`` times. The topic is a small
lexicon in the package's format (one dimension, one category), shipped for
Syria (``scope_syria``) and Yemen (``scope_yemen``), or any lexicon you give.

Titles count: by default the title and the text are searched together.
Nothing is dropped silently: :func:`filter_scope` returns the excluded
articles with the reason, and :func:`scope_report` shows per outlet how much
of the corpus a scope keeps.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from framing.aggregate import _check_int, wilson_interval
from framing.lexicon import Lexicon, available_lexicons, load_lexicon
from framing.normalize import Normalizer

__all__ = ["SCOPES", "filter_scope", "in_scope", "load_scope", "scope_hits", "scope_report"]

#: Shipped scopes: name → lexicon name.
SCOPES = {"syria": "scope_syria", "yemen": "scope_yemen"}


def load_scope(scope: str | Path | Lexicon) -> Lexicon:
    """The scope lexicon: "syria", "yemen", a shipped lexicon name, a file, or a Lexicon."""
    if isinstance(scope, Lexicon):
        return scope
    if isinstance(scope, str) and scope in SCOPES:
        return load_lexicon(SCOPES[scope])
    if isinstance(scope, str) and scope in available_lexicons():
        return load_lexicon(scope)
    if isinstance(scope, str | Path) and Path(scope).exists():
        return load_lexicon(scope)
    raise ValueError(
        f"The 'scope' parameter of framing.scope must be one of {set(SCOPES)}, a lexicon file "
        f"or a Lexicon. Got {scope!r} instead."
    )


def _texts(corpus: pd.DataFrame, columns: Sequence[str] | None) -> tuple[pd.DataFrame, list]:
    if not isinstance(corpus, pd.DataFrame):
        raise TypeError("framing.scope expects a corpus table (a DataFrame with 'doc_id' and "
                        f"'text'). Got {type(corpus).__name__}.")
    if columns is None:
        columns = ["title", "text"] if "title" in corpus.columns else ["text"]
    elif isinstance(columns, str):
        columns = [columns]
    columns = list(columns)
    absent = [c for c in columns if c not in corpus.columns]
    if absent:
        raise KeyError(f"framing.scope: the corpus has no column(s) {absent} (columns: "
                       f"{', '.join(map(str, corpus.columns))}); pass columns=... to choose.")
    parts = [corpus[c].fillna("").astype(str) for c in columns]
    joined = parts[0]
    for part in parts[1:]:
        joined = joined + "\n" + part  # a line break: no phrase spans title and text
    ids = corpus["doc_id"] if "doc_id" in corpus.columns else corpus.index.to_series()
    return pd.DataFrame({"doc_id": ids.to_numpy(), "text": joined.to_numpy()}), columns


def scope_hits(
    corpus: pd.DataFrame,
    scope: str | Path | Lexicon = "syria",
    *,
    columns: Sequence[str] | None = None,
    normalizer: Normalizer | None = None,
) -> pd.Series:
    """Number of scope-lexicon hits in each document (indexed by ``doc_id``).

    Parameters
    ----------
    corpus : DataFrame
        Corpus table with ``doc_id`` (else its index) and text columns.
    scope : {"syria", "yemen"}, path or Lexicon, default "syria"
        The topic lexicon (every category counts).
    columns : sequence of str, optional
        Text columns searched; default ``("title", "text")`` when the corpus
        has a title, else ``("text",)``.
    normalizer : Normalizer, optional
        Normalisation (the codebook's by default).
    """
    import warnings

    from framing.multilingual import UnscoredWarning
    from framing.scoring import score

    lexicon = load_scope(scope)
    documents, _ = _texts(corpus, columns)
    with warnings.catch_warnings():
        # a document in another language than the scope lexicon's has no hit of it: it is
        # out of scope, which filter_scope reports, rather than left out
        warnings.simplefilter("ignore", UnscoredWarning)
        counts = score(documents, lexicon, normalizer=normalizer, progress=False).counts
    hits = counts[lexicon.category_ids].sum(axis=1).set_axis(counts["doc_id"])
    index = pd.Index(documents["doc_id"], name="doc_id")
    return pd.Series(hits.reindex(index, fill_value=0).to_numpy(), index=index,
                     name="scope_hits")


def in_scope(
    corpus: pd.DataFrame,
    scope: str | Path | Lexicon = "syria",
    *,
    min_hits: int = 1,
    columns: Sequence[str] | None = None,
    normalizer: Normalizer | None = None,
) -> pd.Series:
    """Whether each document is in scope: at least ``min_hits`` hits of the scope lexicon.

    Returns a boolean Series named ``in_scope``, indexed by ``doc_id``, in
    corpus order. See :func:`scope_hits` for the parameters.

    Examples
    --------
    >>> import pandas as pd
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "title": ["", ""],
    ...                        "text": ["قصف على حلب", "مباراة الهلال والنصر"]})
    >>> in_scope(corpus, "syria").tolist()
    [True, False]
    """
    min_hits = _check_int(min_hits, "min_hits", "framing.scope.in_scope", 1)
    hits = scope_hits(corpus, scope, columns=columns, normalizer=normalizer)
    return (hits >= min_hits).rename("in_scope")


def filter_scope(
    corpus: pd.DataFrame,
    scope: str | Path | Lexicon = "syria",
    *,
    min_hits: int = 1,
    columns: Sequence[str] | None = None,
    normalizer: Normalizer | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split the corpus into the documents in scope and those out of it.

    Returns
    -------
    (kept, excluded)
        ``kept``: the corpus rows in scope, unchanged. ``excluded``: the other
        rows, with two more columns, ``scope_hits`` and ``reason`` (e.g.
        "0 hits of scope 'scope_syria' in title+text (min_hits=1)"). Together
        they hold every row of the corpus exactly once.
    """
    min_hits = _check_int(min_hits, "min_hits", "framing.scope.filter_scope", 1)
    lexicon = load_scope(scope)
    _, searched = _texts(corpus, columns)
    hits = scope_hits(corpus, lexicon, columns=searched, normalizer=normalizer).to_numpy()
    keep = hits >= min_hits
    kept = corpus[keep].copy()
    excluded = corpus[~keep].copy()
    excluded["scope_hits"] = hits[~keep]
    where = "+".join(searched)
    excluded["reason"] = [
        f"{n} hit{'s' if n != 1 else ''} of scope {lexicon.name!r} in {where} "
        f"(min_hits={min_hits})" for n in hits[~keep]
    ]
    for table in (kept, excluded):
        table.attrs.update(corpus.attrs)
        table.attrs["scope"] = {"lexicon": lexicon.name, "lexicon_hash": lexicon.hash,
                                "min_hits": min_hits, "columns": searched}
    return kept, excluded


def scope_report(
    corpus: pd.DataFrame,
    scope: str | Path | Lexicon = "syria",
    *,
    by: str = "outlet",
    min_hits: int = 1,
    columns: Sequence[str] | None = None,
    ci: float = 0.95,
    normalizer: Normalizer | None = None,
) -> pd.DataFrame:
    """Per outlet (or other ``by`` column): how many documents the scope keeps.

    Returns
    -------
    DataFrame
        ``by``, ``n_docs``, ``n_in_scope``, ``share_in_scope`` and its Wilson
        interval ``share_low``, ``share_high``, one row per value of ``by``
        (sorted), then a last row ``"(all)"`` for the whole corpus.
    """
    if by not in corpus.columns:
        raise KeyError(f"framing.scope.scope_report: the corpus has no {by!r} column.")
    if corpus[by].isna().any():
        raise ValueError(f"framing.scope.scope_report: {int(corpus[by].isna().sum())} "
                         f"document(s) have no {by!r}; fill the value (e.g. 'unknown') first.")
    flags = in_scope(corpus, scope, min_hits=min_hits, columns=columns,
                     normalizer=normalizer).to_numpy()
    frame = pd.DataFrame({by: corpus[by].astype(str).to_numpy(), "in_scope": flags})
    table = frame.groupby(by, sort=True)["in_scope"].agg(n_docs="size", n_in_scope="sum")
    table.loc["(all)"] = [len(frame), int(flags.sum())]
    table = table.reset_index()
    table["n_in_scope"] = table["n_in_scope"].astype("int64")
    table["share_in_scope"] = table["n_in_scope"] / table["n_docs"]
    table["share_low"], table["share_high"] = wilson_interval(
        table["n_in_scope"].to_numpy(), table["n_docs"].to_numpy(), ci)
    return table
