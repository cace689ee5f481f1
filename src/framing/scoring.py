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

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.lexicon import Lexicon
from framing.matcher import Matcher
from framing.normalize import Normalizer

__all__ = ["HIT_COLUMNS", "Scores", "as_documents", "score", "score_path"]

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
        if text is None or (not isinstance(text, str) and pd.api.types.is_scalar(text)
                            and pd.isna(text)):
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


def _progress(iterable: Iterable | None, total: int | None, progress: bool | None):
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


def _score_texts(matcher: Matcher, ids: list[Any], texts: list[str], weighted: bool
                 ) -> tuple[list[int], list[list[float]], list[tuple]]:
    """Token counts, count rows and hit rows of one batch of documents."""
    column = {c: k for k, c in enumerate(matcher.lexicon.category_ids)}
    width = len(column)
    n_tokens, rows, hit_rows = [], [], []
    for doc_id, text in zip(ids, texts, strict=True):
        n, hits = matcher.scan(text)
        n_tokens.append(n)
        row = [0.0 if weighted else 0] * width
        for h in hits:
            row[column[h.category]] += h.weight if weighted else 1
            hit_rows.append((doc_id, h.start, h.end, h.surface, h.normalized, h.term,
                             h.category, h.dimension, h.weight, h.token_start, h.token_end))
        rows.append(row)
    return n_tokens, rows, hit_rows


# -- worker processes: each compiles the matcher once --------------------------------

_WORKER_MATCHER: Matcher | None = None


def _init_worker(lexicon: Lexicon, normalizer: Normalizer) -> None:
    global _WORKER_MATCHER
    _WORKER_MATCHER = Matcher(lexicon, normalizer=normalizer)


def _worker_batch(batch: tuple[list[Any], list[str], bool]):
    ids, texts, weighted = batch
    assert _WORKER_MATCHER is not None
    return ids, _score_texts(_WORKER_MATCHER, ids, texts, weighted)


class _Collector:
    """Gathers batch results into the two tables, in corpus order.

    Each batch is turned into compact arrays and a small DataFrame as soon as
    it arrives, so memory grows with the number of documents and hits, not
    with Python objects per hit.
    """

    _TEXT_COLUMNS = ("surface", "normalized", "term", "category", "dimension")

    def __init__(self, matcher: Matcher, weighted: bool) -> None:
        self.matcher = matcher
        self.weighted = weighted
        self.ids: list[Any] = []
        self.n_tokens: list[np.ndarray] = []
        self.rows: list[np.ndarray] = []
        self.hits: list[pd.DataFrame] = []
        self.seen: set[Any] = set()

    def add(self, ids: list[Any], result) -> None:
        n_tokens, rows, hit_rows = result
        duplicates = [i for i in ids if i in self.seen]
        if duplicates:
            raise ValueError(f"Duplicate doc_id values in the corpus: {duplicates[:5]!r}. "
                             "Every document needs a unique id.")
        self.seen.update(ids)
        self.ids.extend(ids)
        self.n_tokens.append(np.asarray(n_tokens, dtype="int64"))
        width = len(self.matcher.lexicon.category_ids)
        self.rows.append(np.asarray(rows, dtype="float64" if self.weighted else "int64")
                         .reshape(len(ids), width))
        if hit_rows:
            self.hits.append(pd.DataFrame(hit_rows, columns=HIT_COLUMNS))

    def result(self) -> Scores:
        category_ids = self.matcher.lexicon.category_ids
        dtype = "float64" if self.weighted else "int64"
        matrix = (np.concatenate(self.rows) if self.rows
                  else np.zeros((0, len(category_ids)), dtype=dtype))
        counts = pd.DataFrame(matrix, columns=category_ids)
        counts.insert(0, "n_tokens", np.concatenate(self.n_tokens) if self.n_tokens
                      else np.zeros(0, dtype="int64"))
        counts.insert(0, "doc_id", self.ids)
        hits = (pd.concat(self.hits, ignore_index=True) if self.hits
                else pd.DataFrame(columns=HIT_COLUMNS))
        hits = hits.astype({"doc_id": counts["doc_id"].dtype, "start": "int64", "end": "int64",
                            "weight": "float64", "token_start": "int64", "token_end": "int64",
                            **dict.fromkeys(self._TEXT_COLUMNS, str)})
        info = provenance(self.matcher) | {"weighted": self.weighted,
                                           "n_documents": len(self.ids)}
        counts.attrs.update(info)
        hits.attrs.update(info)
        return Scores(counts, hits, info)


def _run_batches(matcher: Matcher, batches: Iterable[tuple[list[Any], list[str]]], *,
                 weighted: bool, jobs: int, total: int | None, progress: bool | None
                 ) -> Scores:
    """Score batches serially or in ``jobs`` processes; results keep corpus order."""
    collector = _Collector(matcher, weighted)
    bar = _progress(None, total, progress)
    if jobs == 1:
        for ids, texts in batches:
            collector.add(ids, _score_texts(matcher, ids, texts, weighted))
            _advance(bar, len(ids))
    else:
        import concurrent.futures as cf
        from collections import deque

        with cf.ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker,
                                    initargs=(matcher.lexicon, matcher.normalizer)) as pool:
            pending: deque = deque()
            for ids, texts in batches:
                pending.append(pool.submit(_worker_batch, (ids, texts, weighted)))
                # a bounded number of batches in flight keeps memory bounded
                while len(pending) > 2 * jobs:
                    done_ids, result = pending.popleft().result()
                    collector.add(done_ids, result)
                    _advance(bar, len(done_ids))
            while pending:
                done_ids, result = pending.popleft().result()
                collector.add(done_ids, result)
                _advance(bar, len(done_ids))
    if bar is not None:
        bar.close()
    return collector.result()


def _advance(bar, n: int) -> None:
    if bar is not None:
        bar.update(n)


def _check_jobs(jobs: int, caller: str) -> int:
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs == 0 or jobs < -1:
        raise ValueError(f"The 'jobs' parameter of {caller} must be a positive integer or -1 "
                         f"(all cores). Got {jobs!r} instead.")
    if jobs == -1:
        import os

        jobs = os.cpu_count() or 1
    return jobs


def _batches(ids: list[Any], texts: list[str], size: int):
    for k in range(0, len(ids), size):
        yield ids[k:k + size], texts[k:k + size]


def score(
    corpus: Any,
    lexicon: Lexicon | str | Matcher = "default",
    *,
    normalizer: Normalizer | None = None,
    weighted: bool = False,
    text_column: str = "text",
    id_column: str = "doc_id",
    jobs: int = 1,
    batch_size: int = 2000,
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
    jobs : int, default 1
        Worker processes (-1: one per core). Results are identical to serial
        scoring and in corpus order.
    batch_size : int, default 2000
        Documents sent to a worker at a time.
    progress : bool or None
        Show a progress bar; None (default) shows one only on a terminal.

    Returns
    -------
    Scores
        ``counts`` (one row per document) and ``hits`` (one row per span).

    See Also
    --------
    score_path : score a corpus on disk in bounded memory, with a cache.

    Examples
    --------
    >>> counts, hits = score(["دعا الجيش السوري المسلحين إلى مغادرة حلب"])
    >>> counts.loc[0, ["n_tokens", "army", "militant"]].tolist()
    [7, 1, 1]
    """
    matcher = lexicon if isinstance(lexicon, Matcher) else Matcher(lexicon, normalizer=normalizer)
    if normalizer is not None and isinstance(lexicon, Matcher) and normalizer != lexicon.normalizer:
        raise ValueError("Pass the normalizer to the Matcher, not to score(), when giving both.")
    jobs = _check_jobs(jobs, "framing.score")
    ids, texts = as_documents(corpus, text_column=text_column, id_column=id_column)
    return _run_batches(matcher, _batches(ids, texts, batch_size), weighted=weighted,
                        jobs=jobs, total=len(ids), progress=progress)


def score_path(
    path: str | Path,
    lexicon: Lexicon | str | Matcher = "default",
    *,
    normalizer: Normalizer | None = None,
    weighted: bool = False,
    jobs: int = 1,
    batch_size: int = 2000,
    cache: bool = True,
    cache_folder: str | Path | None = None,
    progress: bool | None = None,
    **load_options: Any,
) -> Scores:
    """Score a corpus on disk, streaming it in batches, with a result cache.

    The corpus is read with :func:`framing.iter_corpus` ``batch_size``
    documents at a time, so memory holds a few batches of text, not the
    corpus. With ``cache=True`` a rerun on unchanged corpus files, lexicon,
    normaliser and options is read back from Parquet (:mod:`framing.cache`);
    any change misses the cache.

    Parameters
    ----------
    path : str or Path
        Anything :func:`framing.load_corpus` reads, or ``"sample"``.
    load_options
        Passed to :func:`framing.iter_corpus` (``kind``, ``encoding``,
        ``text_column`` ...).

    Other parameters are those of :func:`score`. ``provenance["from_cache"]``
    tells whether the result came from the cache.
    """
    from framing.cache import corpus_fingerprint, load_scores, scores_key, store_scores
    from framing.corpus import iter_corpus, load_sample

    matcher = lexicon if isinstance(lexicon, Matcher) else Matcher(lexicon, normalizer=normalizer)
    jobs = _check_jobs(jobs, "framing.score_path")
    folder = Path(cache_folder) if cache_folder is not None else None
    key = None
    if cache:
        if str(path) == "sample":
            sample = load_sample()
            import hashlib

            fingerprint = hashlib.sha256(
                pd.util.hash_pandas_object(sample[["doc_id", "text"]], index=False)
                .to_numpy().tobytes()).hexdigest()
        else:
            fingerprint = corpus_fingerprint(path)
        key = scores_key(fingerprint, provenance(matcher),
                         {"weighted": weighted, "load": load_options})
        cached = load_scores(key, folder)
        if cached is not None:
            cached.provenance["from_cache"] = True
            return cached

    def batches():
        for chunk in iter_corpus(path, chunksize=batch_size, **load_options):
            yield as_documents(chunk)

    scores = _run_batches(matcher, batches(), weighted=weighted, jobs=jobs, total=None,
                          progress=progress)
    if key is not None:
        store_scores(key, scores, folder)
    scores.provenance["from_cache"] = False
    return scores
