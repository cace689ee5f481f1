"""Score a corpus: per-document counts and the table of every hit.

``score(corpus, lexicon)`` is the package's core step (quanteda's
``tokens_lookup`` + ``dfm``): it returns two tidy DataFrames,

* ``counts``: one row per document: ``doc_id``, ``n_tokens``, then one integer
  column per category id, in lexicon order;
* ``hits``: one row per counted span: ``doc_id``, ``start``, ``end`` (offsets
  in the original text), ``surface``, ``normalized``, ``term``, ``category``,
  ``dimension``, ``weight``, ``token_start``, ``token_end``.

Both carry their provenance (package version, lexicon name and hash,
normaliser settings) in ``DataFrame.attrs``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from framing.lexicon import Lexicon
from framing.matcher import Matcher
from framing.normalize import Normalizer

__all__ = ["HIT_COLUMNS", "Scores", "as_documents", "score"]

HIT_COLUMNS = [
    "doc_id", "start", "end", "surface", "normalized", "term", "category", "dimension",
    "weight", "token_start", "token_end",
]


@dataclass
class Scores:
    """The result of :func:`score`; unpacks as ``counts, hits = score(...)``."""

    counts: pd.DataFrame
    hits: pd.DataFrame
    provenance: dict[str, Any] = field(default_factory=dict)

    def __iter__(self) -> Iterator[pd.DataFrame]:
        return iter((self.counts, self.hits))


def as_documents(corpus: Any, *, text_column: str = "text", id_column: str = "doc_id"
                 ) -> tuple[list[Any], list[Any]]:
    """``(doc_ids, texts)`` from a corpus table, a mapping, a sequence of texts or a path.

    A missing text (None or NaN) is read as an empty document, which scores
    zeros; duplicate ids are an error.
    """
    if isinstance(corpus, str | bytes):
        raise TypeError(
            "Expected a corpus (a DataFrame with 'doc_id' and 'text', a mapping of ids to "
            "texts, a list of texts or a corpus path). Got a single string; wrap one "
            "document in a list, or pass a path as pathlib.Path."
        )
    if isinstance(corpus, Path):
        from framing.corpus import load_corpus

        corpus = load_corpus(corpus)
    if isinstance(corpus, pd.DataFrame):
        if text_column not in corpus.columns:
            raise KeyError(
                f"The corpus table has no {text_column!r} column (columns: "
                f"{', '.join(map(str, corpus.columns))}). Pass text_column=... to name it."
            )
        ids = (corpus[id_column].tolist() if id_column in corpus.columns
               else corpus.index.tolist())
        texts = corpus[text_column].tolist()
    elif isinstance(corpus, pd.Series):
        ids, texts = corpus.index.tolist(), corpus.tolist()
    elif isinstance(corpus, Mapping):
        ids, texts = list(corpus.keys()), list(corpus.values())
    elif isinstance(corpus, Iterable):
        texts = list(corpus)
        ids = list(range(len(texts)))
    else:
        raise TypeError(f"Cannot read documents from a {type(corpus).__name__}.")
    clean = []
    for doc_id, text in zip(ids, texts, strict=True):
        if text is None or (isinstance(text, float) and math.isnan(text)):
            text = ""
        if not isinstance(text, str):
            raise TypeError(
                f"Document {doc_id!r}: text must be a str, got {type(text).__name__}."
            )
        clean.append(text)
    seen: set[Any] = set()
    duplicates = [i for i in ids if i in seen or seen.add(i)]
    if duplicates:
        shown = ", ".join(map(repr, duplicates[:5]))
        raise ValueError(
            f"Duplicate doc_id values in the corpus: {shown}"
            f"{' ...' if len(duplicates) > 5 else ''}. Every document needs a unique id."
        )
    return ids, clean


def _progress(iterable: Iterable, total: int, progress: bool | None):
    if progress is False:
        return iterable
    from tqdm.auto import tqdm

    # disable=None: silent when stderr is not a terminal
    return tqdm(iterable, total=total, unit="doc", disable=None if progress is None else False,
                mininterval=0.5, desc="scoring")


def provenance(matcher: Matcher) -> dict[str, Any]:
    """What produced a table: package version, lexicon, normaliser."""
    from framing import __version__

    return {
        "framing_version": __version__,
        "lexicon_name": matcher.lexicon.name,
        "lexicon_hash": matcher.lexicon.hash,
        "normalizer": matcher.normalizer.settings(),
    }


def score(
    corpus: Any,
    lexicon: Lexicon | str | Matcher = "default",
    *,
    normalizer: Normalizer | None = None,
    weighted: bool = False,
    text_column: str = "text",
    id_column: str = "doc_id",
    progress: bool | None = None,
) -> Scores:
    """Count the lexicon's categories in every document.

    Parameters
    ----------
    corpus : DataFrame, mapping, list of str, or Path
        Documents. A DataFrame needs ``text_column`` and ``id_column`` (else its
        index gives the ids); a mapping maps ids to texts; a list of texts gets
        ids 0..n-1; a Path is read with :func:`framing.load_corpus`.
    lexicon : Lexicon, str or Matcher, default "default"
        What to count; a prepared :class:`Matcher` saves compiling it again.
    normalizer : Normalizer, optional
        Normalisation settings (the codebook's by default).
    weighted : bool, default False
        Sum term weights instead of counting spans (float columns).
    progress : bool or None
        Show a progress bar; None (default) shows one only on a terminal.

    Returns
    -------
    Scores
        ``counts`` (one row per document) and ``hits`` (one row per span).

    Examples
    --------
    >>> counts, hits = score(["دعا الجيش السوري المسلحين إلى مغادرة حلب"])
    >>> counts.loc[0, ["n_tokens", "army", "militant"]].tolist()
    [7, 1, 1]
    """
    matcher = lexicon if isinstance(lexicon, Matcher) else Matcher(lexicon, normalizer=normalizer)
    if normalizer is not None and isinstance(lexicon, Matcher) and normalizer != lexicon.normalizer:
        raise ValueError("Pass the normalizer to the Matcher, not to score(), when giving both.")
    ids, texts = as_documents(corpus, text_column=text_column, id_column=id_column)
    category_ids = matcher.lexicon.category_ids
    column = {c: k for k, c in enumerate(category_ids)}
    n_tokens = []
    rows = []
    hit_rows = []
    for doc_id, text in _progress(zip(ids, texts, strict=True), len(ids), progress):
        n, hits = matcher.scan(text)
        n_tokens.append(n)
        row = [0.0 if weighted else 0] * len(category_ids)
        for h in hits:
            row[column[h.category]] += h.weight if weighted else 1
            hit_rows.append((doc_id, h.start, h.end, h.surface, h.normalized, h.term,
                             h.category, h.dimension, h.weight, h.token_start, h.token_end))
        rows.append(row)
    counts = pd.DataFrame(rows, columns=category_ids,
                          dtype="float64" if weighted else "int64")
    counts.insert(0, "n_tokens", pd.Series(n_tokens, dtype="int64"))
    counts.insert(0, "doc_id", ids)
    hits_table = pd.DataFrame(hit_rows, columns=HIT_COLUMNS)
    hits_table = hits_table.astype({"start": "int64", "end": "int64", "weight": "float64",
                                    "token_start": "int64", "token_end": "int64"})
    info = provenance(matcher) | {"weighted": weighted, "n_documents": len(ids)}
    counts.attrs.update(info)
    hits_table.attrs.update(info)
    return Scores(counts, hits_table, info)
