"""Lexicon discovery: words and short phrases a corpus uses like a category's terms.

A dictionary method counts only what its lexicon lists. :func:`discover` proposes
what to add, from three sources, each ranked on its own and then merged:

* ``distributional``: word vectors trained on the corpus (PPMI of a symmetric
  window of ``window`` words, reduced by a seeded randomised SVD; Levy, Goldberg
  and Dagan 2015). A word is ranked by its cosine to the centroid of the
  category's terms, minus half its cosine to the nearest other category of the
  same dimension, and dropped when it lies nearer that other category (a
  "militant"-like word is not proposed for "terrorist").
* ``slots``: words filling the frames the category's terms fill in this corpus,
  the word just before or just after them (قوات X, X المسلحة, ميليشيات X). A frame
  counts by how much more often it holds the category's terms than chance
  (positive PMI); a word by the frames it fills, each weighted by that PMI.
* ``spelling``: forms at most one edit (two for terms of seven letters or more;
  two substitutions are not searched) from a lexicon form of the category, on
  normalised forms, also after cutting a proclitic the clitic rule left (a rare
  misspelling keeps its article: الميلشيات), weighted by frequency (ميليشيات,
  مليشيات, ميلشيات).

The merged score is reciprocal-rank fusion (1 / (60 + rank), summed over the
sources that rank a candidate), so a word found by two sources rises; each row
records its sources.

Tokens are those of :func:`framing.tokenize` on normalised text, with proclitics
cut where the corpus shows them to be clitics (the rule of
:func:`framing.keyness.clitic_stems`). Frequent two-word collocations (normalised
PMI of at least ``phrase_npmi`` over ``phrase_min_count`` times) are joined into
one token before training, so phrases are candidates too.

Why PPMI and SVD: they need no library beyond scikit-learn, and they measure
well enough (``benchmarks/bench_discover.py`` on SaudiNewsNet): with each word
family of the default lexicon that has 30 hits or more removed in turn, one of
its forms is in the top 20 candidates of its category for 17 of the 23 families
that can be evaluated (recall@20 0.74 merged; 0.48 from the vectors alone, 0.43
from the frames, 0.57 from spelling); a form misspelt in a third of its uses is
proposed in the top 20 for 25 of 29 families (0.86 merged, 0.72 by spelling
alone). Five categories have a single family (terrorist, militia, mercenary,
daesh, putschist): without it nothing is left to start from, so they are not in
those figures.

Training is the slow part: about 30 s of CPU for SaudiNewsNet's 8.5 million
tokens (45 to 95 s of wall time on a shared two-core machine, depending on its
load); the model is cached under the scores' cache folder (:mod:`framing.cache`),
keyed by the corpus, the training settings, the normaliser and the package
version; a damaged entry is rebuilt with a :class:`~framing.cache.CacheWarning`.
A query then takes about a second (the first one compiles the lexicon's matcher).

What :func:`discover` leaves out: anything the lexicon already counts (the
matcher finds a hit in its shown form, or in the written forms of most of its
uses: جيش pools الجيش, which the army family counts), words of fewer than three
letters or that are numbers, words used fewer than ``min_count`` times (variants:
fewer than two), the category's own terms, and what a rejections file lists
(:func:`grow_lexicon` writes it).

Dates play no part: a corpus given as a path is read with unreadable dates
kept as unknown, without a warning about them.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import hashlib
import io
import itertools
import json
import math
import os
import re
import stat
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
import yaml

from framing.lexicon import (
    Lexicon,
    LexiconError,
    _lexicon_from_text,
    available_lexicons,
    load_lexicon,
)
from framing.matcher import Matcher, tokenize
from framing.morphology import split_article
from framing.normalize import Normalizer

__all__ = [
    "CANDIDATE_COLUMNS",
    "DECISIONS",
    "DiscoveryError",
    "DiscoveryModel",
    "cached_vectors",
    "discover",
    "grow_lexicon",
    "read_rejections",
    "train_vectors",
    "write_candidates",
]

#: Columns of the candidate table (and of the sheet read back by :func:`grow_lexicon`).
CANDIDATE_COLUMNS = [
    "rank", "category", "candidate", "key", "kind", "frequency", "documents", "n_outlets",
    "outlets", "score", "source", "score_distributional", "score_slots", "score_spelling",
    "near", "kwic_1", "kwic_2", "kwic_3", "suggested_entry", "decision",
]
#: Values of the ``decision`` column: accept, reject, or blank (undecided).
DECISIONS = ("accept", "reject", "")
SOURCES = ("distributional", "slots", "spelling")

MODEL_FORMAT = 1
_RRF_K = 60  # reciprocal-rank fusion constant (Cormack et al. 2009)
_POOL = 500  # candidates each source puts forward to the lexicon check
_SHORTLIST = 300  # of which the best this many are ranked
_MIN_LETTERS = 3
_CONTEXT_WORDS = 8  # words each side of a KWIC example


class DiscoveryError(ValueError):
    """Discovery cannot run on this input (the message says why and what to do)."""


@dataclasses.dataclass(frozen=True)
class TrainingSettings:
    """What the vectors depend on besides the corpus (part of the cache key)."""

    dim: int = 200
    window: int = 4
    min_count: int = 5
    max_contexts: int = 30_000
    phrase_min_count: int = 30
    phrase_npmi: float = 0.6
    seed: int = 0


@dataclasses.dataclass
class DiscoveryModel:
    """Vectors and token index of one corpus, as :func:`train_vectors` makes them.

    ``terms`` are normalised, clitic-stemmed words and joined phrases ("a b");
    ``tokens`` the corpus as term numbers in reading order, ``written`` the
    written word (index into ``written_forms``) at each token's first word, so
    KWIC lines show the text as written.
    """

    terms: np.ndarray  # str, normalised keys
    surface: np.ndarray  # str, most frequent written form
    counts: np.ndarray  # int64 per term
    vector_rows: np.ndarray  # int32 per term: row in vectors, or -1
    vectors: np.ndarray  # float32, unit rows
    tokens: np.ndarray  # int32 term per token
    doc_starts: np.ndarray  # int64, len n_docs + 1 (token offsets)
    written: np.ndarray  # int32 written form per token
    written_forms: np.ndarray  # str
    written_after: np.ndarray  # int32: the written word following a token's first (-1)
    doc_outlet: np.ndarray  # int32 outlet code per document
    order: np.ndarray  # int32 token positions sorted by term (stable): the occurrence index
    outlets: np.ndarray  # str
    key_terms: dict[str, int]  # normalised word (with clitics) -> term
    settings: TrainingSettings
    normalizer: Normalizer
    provenance: dict[str, Any]
    _starts: np.ndarray | None = None
    _deletes: list[tuple[Any, np.ndarray]] | None = None
    _index: dict[str, int] | None = None

    @property
    def n_docs(self) -> int:
        return len(self.doc_starts) - 1

    def occurrences(self, term: int) -> np.ndarray:
        """Token positions of a term, in reading order."""
        if self._starts is None:
            self._starts = np.searchsorted(self.tokens[self.order],
                                           np.arange(len(self.terms) + 1))
        return self.order[self._starts[term]:self._starts[term + 1]].astype(np.int64)

    def documents_of(self, positions: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.doc_starts, positions, side="right") - 1

    def term_of(self, text: str) -> int | None:
        """The term of a written word or phrase (normalised, clitics cut), or None."""
        words = tokenize(self.normalizer(text))
        ids = [self.key_terms.get(w) for w in words]
        if not ids or any(i is None for i in ids):
            return None
        if len(ids) == 1:
            return ids[0]
        joined = " ".join(self.terms[i] for i in ids)
        return self._term_index().get(joined)

    def _term_index(self) -> dict[str, int]:
        if self._index is None:
            self._index = {t: i for i, t in enumerate(self.terms.tolist())}
        return self._index


# -- corpus input ---------------------------------------------------------------------

def _read_undated(path: str | os.PathLike, **options: Any) -> pd.DataFrame:
    """:func:`framing.load_corpus` with unreadable dates kept as unknown, quietly: discovery
    does not use dates, so a corpus is not refused (nor warned about) for them."""
    from framing.corpus import load_corpus
    from framing.dates import DateWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DateWarning)
        return load_corpus(path, on_bad_date="nat", **options)


def _corpus_table(corpus: Any) -> tuple[pd.DataFrame, str | None]:
    """The corpus as a table, and its path when it was given as one (for the cache key)."""
    if isinstance(corpus, str | os.PathLike):
        return _read_undated(corpus), str(corpus)
    if isinstance(corpus, pd.DataFrame):
        if "text" not in corpus.columns:
            raise DiscoveryError("framing.discover: the corpus table has no 'text' column "
                                 f"(columns: {', '.join(map(str, corpus.columns))}).")
        return corpus, None
    raise TypeError("framing.discover expects a corpus path, 'sample' or a corpus table "
                    f"(DataFrame); got {type(corpus).__name__}.")


def _fingerprint(table: pd.DataFrame | None, path: str | None) -> str:
    from framing.cache import corpus_fingerprint

    if path is not None or table is None:
        return corpus_fingerprint(str(path))
    columns = [c for c in ("doc_id", "outlet", "text") if c in table.columns]
    values = pd.util.hash_pandas_object(table[columns].astype(str), index=False)
    return hashlib.sha256(values.to_numpy().tobytes()).hexdigest()


# -- training ---------------------------------------------------------------------------

def _check_int(value: Any, name: str, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < low:
        raise ValueError(f"The {name!r} parameter of framing.discover must be an integer "
                         f">= {low}. Got {value!r} instead.")
    return int(value)


def _merge_phrases(tok: np.ndarray, doc_of: np.ndarray, counts: np.ndarray,
                   settings: TrainingSettings) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of adjacent terms to join (first, second), by count and normalised PMI."""
    same = doc_of[:-1] == doc_of[1:]
    a, b = tok[:-1][same].astype(np.int64), tok[1:][same].astype(np.int64)
    n_terms = len(counts)
    pair = a * n_terms + b
    frequent_pairs, pair_counts = np.unique(pair, return_counts=True)
    keep = pair_counts >= settings.phrase_min_count
    frequent_pairs, pair_counts = frequent_pairs[keep], pair_counts[keep]
    first, second = frequent_pairs // n_terms, frequent_pairs % n_terms
    total = float(len(tok))
    p_ab = pair_counts / total
    pmi = np.log(p_ab / ((counts[first] / total) * (counts[second] / total)))
    npmi = pmi / -np.log(p_ab)
    chosen = npmi >= settings.phrase_npmi
    return first[chosen], second[chosen]


def _ppmi(matrix: sp.csr_matrix, alpha: float = 0.75) -> sp.csr_matrix:
    """Positive PMI of a count matrix, contexts smoothed by ``alpha`` (Levy et al. 2015);
    float32, computed in place of the counts (the matrix is not needed afterwards)."""
    matrix = matrix.tocsr()
    total = float(matrix.sum(dtype=np.float64))
    if total == 0:
        return matrix.astype(np.float32)
    rows = np.asarray(matrix.sum(axis=1, dtype=np.float64)).ravel()
    cols = np.asarray(matrix.sum(axis=0, dtype=np.float64)).ravel() ** alpha
    cols_p = cols / cols.sum()
    row_of_entry = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    values = np.log(matrix.data.astype(np.float64) / total / (rows[row_of_entry] / total)
                    / cols_p[matrix.indices])
    del row_of_entry
    values[values <= 0] = 0
    matrix.data = values.astype(np.float32)
    del values
    matrix.eliminate_zeros()
    return matrix


def cached_vectors(corpus: Any, *, dim: int = 200, window: int = 4, min_count: int = 5,
                   seed: int = 0, normalizer: Normalizer | None = None
                   ) -> DiscoveryModel | None:
    """The cached model of a corpus, or None when it has not been trained (never trains).

    For places where training would take too long, such as a batch report.
    """
    return train_vectors(corpus, dim=dim, window=window, min_count=min_count, seed=seed,
                         normalizer=normalizer, _train_missing=False)


def train_vectors(corpus: Any, *, dim: int = 200, window: int = 4, min_count: int = 5,
                  seed: int = 0, cache: bool = True,
                  normalizer: Normalizer | None = None, _train_missing: bool = True
                  ) -> DiscoveryModel:
    """Train (or read from the cache) the discovery model of a corpus.

    Parameters
    ----------
    corpus : path, ``"sample"`` or corpus table
        What :func:`framing.load_corpus` reads, or its table.
    dim, window, min_count : int
        Vector size, words each side counted as context, fewest uses for a vector.
    seed : int
        Seed of the randomised SVD: the same seed gives the same vectors.
    cache : bool
        Read and write the cache (folder of :func:`framing.cache.cache_dir`).

    Raises :class:`DiscoveryError` when the corpus is too small to train vectors
    (fewer than ``dim`` + 1 words used ``min_count`` times).
    """
    settings = TrainingSettings(dim=_check_int(dim, "dim", 2),
                                window=_check_int(window, "window", 1),
                                min_count=_check_int(min_count, "min_count", 1),
                                seed=_check_int(seed, "seed", 0))
    norm = normalizer or Normalizer()
    from framing.cache import cache_enabled

    table, path = (None, str(corpus)) if isinstance(corpus, str | os.PathLike) else \
        _corpus_table(corpus)
    key = None
    if cache and cache_enabled():
        from framing import __version__

        payload = json.dumps({"corpus": _fingerprint(table, path),
                              "settings": dataclasses.asdict(settings),
                              "normalizer": norm.settings(), "version": __version__,
                              "format": MODEL_FORMAT}, sort_keys=True)
        key = "vectors_" + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]
        model = _read_cached(key, norm)
        if model is not None:
            return model
    if not _train_missing:
        return None
    if table is None:
        table, _ = _corpus_table(corpus)
    model = _train(table, settings, norm)
    if key is not None:
        _write_cached(key, model)
    return model


def _written_codes(texts: list[str], shown: Normalizer, chunk: int = 2000
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every token as written (number of its form, in order), the forms in order of
    first use, and each document's number of tokens.

    Documents are tokenised a chunk at a time into Arrow strings (tokens hold no
    space, so joining and splitting on one is exact): 8.5 million tokens as Python
    lists would take 800 MB more.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    pieces, lengths = [], []
    for start in range(0, len(texts), chunk):
        lists = [tokenize(shown.normalize(t)) for t in texts[start:start + chunk]]
        lengths.extend(map(len, lists))
        joined = " ".join(itertools.chain.from_iterable(lists))
        if joined:
            pieces.append(pc.split_pattern(pa.array([joined], type=pa.large_string()),
                                           " ").flatten())
    counts = np.asarray(lengths, dtype=np.int64)
    if not pieces:
        return np.zeros(0, dtype=np.int64), np.array([], dtype=object), counts
    encoded = pc.dictionary_encode(pa.concat_arrays(pieces))
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    return codes, np.array(encoded.dictionary.to_pylist(), dtype=object), counts


def _train(table: pd.DataFrame, settings: TrainingSettings, norm: Normalizer
           ) -> DiscoveryModel:
    from sklearn.utils.extmath import randomized_svd

    from framing.keyness import (
        MIN_STEM_COUNT,
        MIN_STEM_SHARE,
        _clitic_parents,
        _normalize_words,
        _shown_normalizer,
        _surfaces,
    )

    texts = table["text"].fillna("").astype(str).tolist()
    shown = _shown_normalizer(norm)
    codes, written, lengths = _written_codes(texts, shown)
    if not len(written):
        raise DiscoveryError("framing.discover: the corpus has no words; nothing to train on.")
    written_counts = np.bincount(codes, minlength=len(written))
    key_of_written, keys = pd.factorize(_normalize_words(written, norm))
    keys = np.asarray(keys, dtype=object)
    key_counts = np.bincount(key_of_written, weights=written_counts, minlength=len(keys))
    stem_of_key = _clitic_parents(keys, key_counts, norm, MIN_STEM_COUNT, MIN_STEM_SHARE)
    term_of_key, kept = pd.factorize(stem_of_key)
    standalone = stem_of_key[key_of_written] == key_of_written
    term_of_written = term_of_key[key_of_written]
    surface = _surfaces(term_of_written, standalone, written_counts, written, len(kept))
    terms = keys[kept]
    tok = term_of_written[codes].astype(np.int64)
    doc_of = np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)
    counts = np.bincount(tok, minlength=len(terms)).astype(np.int64)

    # join frequent collocations into phrase terms
    first, second = _merge_phrases(tok, doc_of, counts, settings)
    written_pos = np.arange(len(tok), dtype=np.int64)
    if len(first):
        n_terms = len(terms)
        phrase_of = {int(f) * n_terms + int(s): n_terms + i
                     for i, (f, s) in enumerate(zip(first, second, strict=True))}
        pair = tok[:-1] * n_terms + tok[1:]
        lookup_keys = np.fromiter(phrase_of.keys(), dtype=np.int64)
        lookup_vals = np.fromiter(phrase_of.values(), dtype=np.int64)
        order = np.argsort(lookup_keys)
        lookup_keys, lookup_vals = lookup_keys[order], lookup_vals[order]
        where = np.searchsorted(lookup_keys, pair)
        where[where >= len(lookup_keys)] = 0
        hit = (lookup_keys[where] == pair) & (doc_of[:-1] == doc_of[1:])
        # greedy from the left: in a run of overlapping pairs keep every other one
        start = np.flatnonzero(hit & ~np.r_[False, hit[:-1]])
        run_id = np.cumsum(hit & ~np.r_[False, hit[:-1]]) - 1
        offset = np.arange(len(hit)) - start[np.clip(run_id, 0, None)] if len(start) else \
            np.zeros(len(hit), dtype=np.int64)
        join = hit & (offset % 2 == 0)
        tok_joined = tok.copy()
        tok_joined[:-1][join] = lookup_vals[where[join]]
        drop = np.r_[False, join]
        keep_pos = ~drop
        tok = tok_joined[keep_pos]
        written_pos = written_pos[keep_pos]
        doc_of = doc_of[keep_pos]
        phrase_terms = np.array([f"{terms[f]} {terms[s]}" for f, s in zip(first, second,
                                                                        strict=True)],
                                dtype=object)
        phrase_surface = np.array([f"{surface[f]} {surface[s]}" for f, s in zip(
            first, second, strict=True)], dtype=object)
        # a phrase is shown as its most frequent written pair of words
        at = np.flatnonzero(join)
        pairs = pd.DataFrame({"term": lookup_vals[where[at]], "a": codes[at],
                              "b": codes[at + 1]})
        common = (pairs.groupby(["term", "a", "b"]).size().rename("n").reset_index()
                  .sort_values(["term", "n"], ascending=[True, False], kind="stable")
                  .drop_duplicates("term"))
        for term_id, a, b in common[["term", "a", "b"]].itertuples(index=False):
            phrase_surface[term_id - n_terms] = f"{written[a]} {written[b]}"
        terms = np.concatenate([terms, phrase_terms])
        surface = np.concatenate([surface, phrase_surface])
    counts = np.bincount(tok, minlength=len(terms)).astype(np.int64)
    lengths = np.bincount(doc_of, minlength=len(lengths))
    doc_starts = np.r_[0, np.cumsum(lengths)].astype(np.int64)

    # co-occurrence counts in a symmetric window, targets x most frequent contexts
    n_terms = len(terms)
    targets = np.flatnonzero(counts >= settings.min_count)
    if len(targets) <= settings.dim:
        raise DiscoveryError(
            f"framing.discover: the corpus is too small to train word vectors: "
            f"{len(targets):,} words are used at least {settings.min_count} times, and "
            f"{settings.dim + 1:,} are needed for {settings.dim}-dimensional vectors. Use a "
            "larger corpus (thousands of articles), or lower dim= / min_count=.")
    row_of = np.full(n_terms, -1, dtype=np.int32)
    row_of[targets] = np.arange(len(targets))
    by_count = np.argsort(-counts, kind="stable")[:settings.max_contexts]
    col_of = np.full(n_terms, -1, dtype=np.int32)
    col_of[by_count] = np.arange(len(by_count))
    cooc = sp.csr_matrix((len(targets), len(by_count)), dtype=np.float32)
    for d in range(1, settings.window + 1):
        same = doc_of[:-d] == doc_of[d:]
        left, right = tok[:-d][same], tok[d:][same]
        rows = np.concatenate([row_of[left], row_of[right]])
        cols = np.concatenate([col_of[right], col_of[left]])
        ok = (rows >= 0) & (cols >= 0)
        weight = np.float32((settings.window - d + 1) / settings.window)
        cooc = cooc + sp.csr_matrix(
            (np.full(int(ok.sum()), weight, dtype=np.float32), (rows[ok], cols[ok])),
            shape=cooc.shape)
        del rows, cols, ok
    ppmi = _ppmi(cooc)
    del cooc
    # one BLAS thread: on a busy machine OpenBLAS threads spin, and the dense steps of the
    # SVD (a 55,000 x 210 QR, a 210 x 30,000 SVD) took five times as long with two
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        u, s, _ = randomized_svd(ppmi, settings.dim, n_iter=4, random_state=settings.seed)
    vectors = (u * np.sqrt(s)).astype(np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors /= np.where(norms > 0, norms, 1)
    vector_rows = row_of.astype(np.int32)

    key_terms = {k: int(term_of_key[i]) for i, k in enumerate(keys.tolist())}
    written_after = np.full(len(written_pos), -1, dtype=np.int32)
    nxt = written_pos + 1
    inside = nxt < len(codes)
    written_after[inside] = codes[nxt[inside]]
    outlet_values = (table["outlet"].astype("string").fillna("").astype(str)
                     if "outlet" in table.columns else pd.Series([""] * len(table)))
    doc_outlet, outlets = pd.factorize(outlet_values)
    return DiscoveryModel(
        terms=terms.astype(object), surface=surface.astype(object), counts=counts,
        vector_rows=vector_rows, vectors=vectors, tokens=tok.astype(np.int32),
        doc_starts=doc_starts, written=codes[written_pos].astype(np.int32),
        written_forms=np.asarray(written, dtype=object), written_after=written_after,
        doc_outlet=np.asarray(doc_outlet, dtype=np.int32),
        order=np.argsort(tok, kind="stable").astype(np.int32),
        outlets=np.asarray(outlets, dtype=object), key_terms=key_terms, settings=settings,
        normalizer=norm,
        provenance={"n_documents": len(table), "n_tokens": len(tok),
                    "n_terms": int(n_terms), "n_vectors": len(targets),
                    "n_phrases": len(first), **dataclasses.asdict(settings)})


# -- cache ------------------------------------------------------------------------------

_ARRAYS = ("counts", "vector_rows", "vectors", "tokens", "doc_starts", "written",
           "written_after", "doc_outlet", "order")
_STRINGS = ("terms", "surface", "written_forms", "outlets")


def _pack(strings: Iterable[str]) -> np.ndarray:
    return np.frombuffer("\n".join(strings).encode("utf-8"), dtype=np.uint8)


def _unpack(array: np.ndarray) -> np.ndarray:
    text = array.tobytes().decode("utf-8")
    return np.array(text.split("\n") if text else [], dtype=object)


def _read_cached(key: str, norm: Normalizer) -> DiscoveryModel | None:
    from framing.cache import CacheWarning, cache_dir, remove_work_folder

    entry = cache_dir() / key
    if not entry.exists():
        return None
    try:
        info = json.loads((entry / "info.json").read_text(encoding="utf-8"))
        data_path = entry / "model.npz"
        digest = hashlib.sha256(data_path.read_bytes()).hexdigest()
        if info.get("sha256") != digest or info.get("key") != key:
            raise ValueError("model.npz does not match its checksum")
        with np.load(data_path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in _ARRAYS}
            strings = {name: _unpack(data[name]) for name in _STRINGS}
            key_words = _unpack(data["key_words"])
            key_ids = data["key_ids"]
        if len(key_words) != len(key_ids) or len(strings["terms"]) != len(arrays["counts"]):
            raise ValueError("its tables disagree in length")
        settings = TrainingSettings(**info["settings"])
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        warnings.warn(f"cache entry {entry} of discovery vectors is damaged ({exc}); "
                      "training again", CacheWarning, stacklevel=3)
        remove_work_folder(entry)
        return None
    return DiscoveryModel(**arrays, **strings,
                          key_terms=dict(zip(key_words.tolist(), key_ids.tolist(),
                                             strict=True)),
                          settings=settings, normalizer=norm,
                          provenance={**info["provenance"], "from_cache": True})


def _write_cached(key: str, model: DiscoveryModel) -> None:
    from framing.cache import (
        CacheWarning,
        cache_dir,
        new_work_folder,
        remove_work_folder,
        sweep,
    )

    root = cache_dir()
    work = None
    try:
        sweep(root) if root.exists() else None
        work = new_work_folder(key, root)
        arrays = {name: getattr(model, name) for name in _ARRAYS}
        strings = {name: _pack(getattr(model, name)) for name in _STRINGS}
        np.savez(work / "model.npz", **arrays, **strings,
                 key_words=_pack(model.key_terms.keys()),
                 key_ids=np.fromiter(model.key_terms.values(), dtype=np.int64,
                                     count=len(model.key_terms)))
        digest = hashlib.sha256((work / "model.npz").read_bytes()).hexdigest()
        (work / "info.json").write_text(json.dumps({
            "key": key, "sha256": digest, "settings": dataclasses.asdict(model.settings),
            "provenance": model.provenance}), encoding="utf-8")
        try:
            os.rename(work, root / key)
        except OSError:
            if _read_cached(key, model.normalizer) is None:  # a damaged one was removed
                os.rename(work, root / key)
        work = None if not work.exists() else work
    except OSError as exc:
        warnings.warn(f"cannot write discovery vectors to the cache {root} ({exc}); they "
                      "will be trained again next time", CacheWarning, stacklevel=3)
    finally:
        if work is not None and work.exists():
            remove_work_folder(work)


# -- the three sources ------------------------------------------------------------------

def _phrase_texts(term, limit: int = 64) -> list[str]:
    """The written alternatives of a term (a family's forms, a phrase's combinations)."""
    if term.kind == "family":
        return list(term.forms)
    combos = itertools.islice(itertools.product(*term.slots), limit)
    return [" ".join(words) for words in combos]


#: Proclitics tried before a term's forms when looking them up in the corpus's terms
#: (the clitic rule leaves a word whole where its bare form is rare: الحوثيين).
_SEED_PREFIXES = ("", "ال", "و", "وال", "ب", "بال", "ل", "لل", "ف", "فال")


def _category_terms(model: DiscoveryModel, lexicon: Lexicon, category: str) -> np.ndarray:
    """The corpus terms that are forms of the category's terms (with their proclitics)."""
    found = set()
    for term in lexicon.category(category).terms:
        for text in _phrase_texts(term):
            bare = split_article(text)[1] if term.article != "required" else text
            prefixes = _SEED_PREFIXES if term.proclitics and term.article != "forbidden" \
                else ("",)
            found.update(model.term_of(p + bare) for p in prefixes)
            found.add(model.term_of(text))
    return np.array(sorted(i for i in found if i is not None), dtype=np.int64)


def _centroid(model: DiscoveryModel, seeds: np.ndarray) -> np.ndarray | None:
    rows = model.vector_rows[seeds]
    ok = rows >= 0
    if not ok.any():
        return None
    weights = np.log1p(model.counts[seeds[ok]]).astype(np.float32)
    centre = (model.vectors[rows[ok]] * weights[:, None]).sum(axis=0)
    size = np.linalg.norm(centre)
    return centre / size if size > 0 else None


def _distributional(model: DiscoveryModel, seeds: np.ndarray, others: list[np.ndarray]
                    ) -> pd.Series:
    centre = _centroid(model, seeds)
    if centre is None:
        return pd.Series(dtype=float)
    similarity = model.vectors @ centre
    rivals = [c for c in (_centroid(model, o) for o in others) if c is not None]
    if rivals:
        nearest_other = (model.vectors @ np.stack(rivals).T).max(axis=1)
        score = similarity - 0.5 * np.clip(nearest_other, 0, None)
        score[nearest_other >= similarity] = -np.inf
    else:
        score = similarity
    rows = np.flatnonzero(model.vector_rows >= 0)
    values = score[model.vector_rows[rows]]
    return pd.Series(values, index=rows).replace(-np.inf, np.nan).dropna()


def _slots(model: DiscoveryModel, seeds: np.ndarray, n_frames: int = 60) -> pd.Series:
    """Words filling the frames (word before, word after) the seeds fill."""
    tokens, total = model.tokens, float(len(model.tokens))
    positions = np.concatenate([model.occurrences(int(s)) for s in seeds]) if len(seeds) \
        else np.zeros(0, dtype=np.int64)
    if not len(positions):
        return pd.Series(dtype=float)
    doc = model.documents_of(positions)
    scores = np.zeros(len(model.terms))
    n_seed = len(positions)
    seed_set = np.zeros(len(model.terms), dtype=bool)
    seed_set[seeds] = True
    for side in (-1, 1):
        neighbour = positions + side
        ok = (neighbour >= 0) & (neighbour < len(tokens))
        ok[ok] &= model.documents_of(neighbour[ok]) == doc[ok]
        frames, seen = np.unique(tokens[neighbour[ok]], return_counts=True)
        # PMI of frame with the seeds; only frames seen with seeds three times and more
        pmi = np.log(seen * total / (n_seed * model.counts[frames]))
        keep = (seen >= 3) & (pmi > 0) & ~seed_set[frames]
        frames, pmi, seen = frames[keep], pmi[keep], seen[keep]
        best = np.argsort(-(pmi * np.log1p(seen)))[:n_frames]
        for frame, weight in zip(frames[best], (pmi * np.log1p(seen))[best], strict=True):
            at = model.occurrences(int(frame)) - side  # the slot's position
            ok2 = (at >= 0) & (at < len(tokens))
            at = at[ok2]
            ok3 = model.documents_of(at) == model.documents_of(at + side)
            fillers, n = np.unique(tokens[at[ok3]], return_counts=True)
            filler_pmi = np.log(n * total / (model.counts[fillers] * model.counts[frame]))
            good = (n >= 2) & (filler_pmi > 0)
            scores[fillers[good]] += weight * filler_pmi[good] * n[good] / (n[good] + 2.0)
    hit = np.flatnonzero((scores > 0) & (model.counts >= model.settings.min_count))
    return pd.Series(scores[hit] / max(1.0, float(np.sqrt(n_frames))), index=hit)


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def _edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment)."""
    d = list(range(len(b) + 1))
    prev2: list[int] = []
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(d[j] + 1, row[j - 1] + 1, d[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, d = d, row
    return d[len(b)]


def _without_proclitics(words: Any, normalizer: Normalizer) -> Any:
    """Each word without a leading proclitic (:data:`_SEED_PREFIXES`) where three letters
    remain, else as it is (an Arrow string array): a rare misspelling keeps its article
    (الميلشيات), since the clitic rule cuts only what the corpus shows standing alone."""
    import pyarrow as pa
    import pyarrow.compute as pc

    words = pa.array(words, type=pa.large_string())
    bare = words
    length = pc.utf8_length(words)
    prefixes = sorted({normalizer(p) for p in _SEED_PREFIXES if p}, key=len, reverse=True)
    for prefix in prefixes:
        todo = pc.and_(pc.and_(pc.equal(bare, words), pc.starts_with(words, prefix)),
                       pc.greater_equal(length, len(prefix) + _MIN_LETTERS))
        bare = pc.if_else(todo, pc.utf8_slice_codeunits(words, len(prefix)), bare)
    return bare


def _delete_index(model: DiscoveryModel) -> list[tuple[Any, np.ndarray]]:
    """For single words used twice or more, as written and without a proclitic: the word,
    and the word with its k-th letter deleted for every k (Arrow arrays with the terms
    they stand for), computed once per model."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if model._deletes is None:
        terms = pa.array(model.terms, type=pa.large_string())
        keep = np.asarray(pc.and_(
            pc.invert(pc.match_substring(terms, " ")),
            pc.greater_equal(pc.utf8_length(terms), _MIN_LETTERS)))
        keep &= model.counts >= 2
        ids = np.flatnonzero(keep)
        words = terms.take(pa.array(ids))
        bare = _without_proclitics(words, model.normalizer)
        stripped = np.asarray(pc.not_equal(bare, words))
        words = pa.concat_arrays([words, bare.filter(pa.array(stripped))])
        ids = np.concatenate([ids, ids[stripped]])
        lengths = np.asarray(pc.utf8_length(words))
        index = [(words, ids)]
        for k in range(int(lengths.max()) if len(lengths) else 0):
            long_enough = lengths > k
            chosen = words.filter(pa.array(long_enough))
            deleted = pc.binary_join_element_wise(
                pc.utf8_slice_codeunits(chosen, 0, k),
                pc.utf8_slice_codeunits(chosen, k + 1, 1 << 30), pa.scalar("", pa.large_string()))
            index.append((deleted, ids[long_enough]))
        model._deletes = index
    return model._deletes


def _spelling(model: DiscoveryModel, lexicon: Lexicon, category: str
              ) -> tuple[pd.Series, dict[int, str]]:
    index = _delete_index(model)
    forms: set[str] = set()
    for term in lexicon.category(category).terms:
        if term.kind != "family":
            continue
        for form in term.forms:
            word = model.normalizer(split_article(form)[1])
            if " " not in word and len(word) >= _MIN_LETTERS:
                forms.add(word)
    found: dict[int, tuple[float, str]] = {}
    top = max(1, int(model.counts.max()))
    probes: set[str] = set()
    for form in forms:
        near = {form} | _deletes(form)
        if len(form) >= 7:
            near |= {d2 for d in _deletes(form) for d2 in _deletes(d)}
        probes |= near
    import pyarrow as pa
    import pyarrow.compute as pc

    probe_set = pa.array(sorted(probes), type=pa.large_string())
    candidates = sorted({int(i) for strings, ids in index
                         for i in ids[np.asarray(pc.is_in(strings, value_set=probe_set))]})
    bare = _without_proclitics(model.terms[candidates].tolist(), model.normalizer).to_pylist()
    for i, without in zip(candidates, bare, strict=True):
        spellings = {model.terms[i], without}
        for form in sorted(forms):
            limit = 2 if len(form) >= 7 else 1
            distance = min(_edit_distance(form, w) for w in spellings
                           if abs(len(form) - len(w)) <= limit) \
                if any(abs(len(form) - len(w)) <= limit for w in spellings) else limit + 1
            if distance == 0 or distance > limit:
                continue
            closeness = 1.0 - distance / (len(form) + 1)
            score = closeness * math.log1p(model.counts[i]) / math.log1p(top)
            if i not in found or score > found[i][0]:
                found[i] = (score, form)
    series = pd.Series({i: v[0] for i, v in found.items()}, dtype=float)
    return series, {i: v[1] for i, v in found.items()}


# -- discover ---------------------------------------------------------------------------

#: Largest rejections file or candidates sheet read (FRAMING_MAX_READ_BYTES when lower): the
#: files discover and grow write hold one short line per candidate.
_SMALL_FILE_BYTES = 64 << 20


def _small_file_limit() -> int:
    from framing.corpus import _limit

    return min(_SMALL_FILE_BYTES, _limit("FRAMING_MAX_READ_BYTES"))


def _too_large(path: Path, size: int | None, limit: int, what: str, advice: str
               ) -> DiscoveryError:
    from framing.corpus import _size_text

    held = f"{_size_text(size)}, " if size is not None else ""
    return DiscoveryError(f"{path}: {held}more than the {_size_text(limit)} {what} may hold "
                          f"(FRAMING_MAX_READ_BYTES lowers this limit), so it is not read; "
                          f"{advice}.")


def _read_small_file(path: Path, what: str, advice: str) -> bytes | None:
    """The bytes of ``what`` (a rejections file, a candidates sheet) at ``path``; None when
    nothing is there. A device, pipe or socket is refused before it is opened (it may never
    end, or never answer), and so is a file larger than :func:`_small_file_limit`; the read
    itself is bounded too, for a file that grows meanwhile."""
    from framing.corpus import _read_at_most, _stream_kind

    limit = _small_file_limit()
    try:
        status = path.stat()  # follows a symbolic link: what is read is what is checked
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise DiscoveryError(f"{path}: cannot be read ({exc.strerror or exc}); {advice}."
                             ) from None
    if stat.S_ISDIR(status.st_mode):
        raise DiscoveryError(f"{path} is a folder, not {what}; {advice}.")
    if not stat.S_ISREG(status.st_mode):
        link = f" (a link to {os.path.realpath(path)})" if path.is_symlink() else ""
        raise DiscoveryError(f"{path}{link} is {_stream_kind(path) or 'not a regular file'}, "
                             f"not {what} (it is not read: it may never end, or never "
                             f"answer); {advice}.")
    if status.st_size > limit:
        raise _too_large(path, status.st_size, limit, what, advice)
    with path.open("rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # replaced meanwhile
            raise DiscoveryError(f"{path} is not a regular file, not {what}; {advice}.")
        raw = _read_at_most(handle, limit + 1)
    if len(raw) > limit:
        raise _too_large(path, None, limit, what, advice)
    return raw


def read_rejections(path: str | Path | None) -> set[tuple[str, str]]:
    """The (category, normalised key) pairs a rejections file lists.

    Empty when ``path`` is None, or no file is there yet (:func:`grow_lexicon`
    creates it; :func:`discover` warns when a file it is given is missing). Read
    as UTF-8 with or without a BOM (as a spreadsheet program saves CSV). Only a
    regular file (or a link to one) is read: a folder, device, pipe or socket
    is refused unread, and so is a file over 64 MiB (or over
    ``FRAMING_MAX_READ_BYTES`` when that is lower).
    """
    if path is None:
        return set()
    path = Path(path)
    if path.is_dir():
        raise DiscoveryError(f"rejections {path} is a folder; give the rejections .csv file "
                             "(framing lexicon grow writes it).")
    raw = _read_small_file(path, "a rejections file",
                           "give the rejections .csv file framing lexicon grow writes (one "
                           "short line per rejected candidate)")
    if raw is None:
        return set()
    if raw.startswith(b"PK\x03\x04"):
        raise DiscoveryError(f"{path}: this is an Excel workbook; a rejections file is CSV "
                             "(category, key, candidate): save it as CSV UTF-8.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DiscoveryError(f"{path}: not UTF-8 text (byte {exc.start}); a rejections file "
                             "is CSV UTF-8 (category, key, candidate): save it as such.") from None
    if not text.strip():
        return set()
    out = set()
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames or not {"category", "key"} <= set(reader.fieldnames):
        raise DiscoveryError(f"{path}: a rejections file needs the columns 'category' and "
                             f"'key' on its first line; found {reader.fieldnames}.")
    for line, row in enumerate(reader, start=2):
        category, key = (str(row.get(c) or "").strip() for c in ("category", "key"))
        if not category or not key:
            raise DiscoveryError(f"{path}, line {line}: empty 'category' or 'key'; fill "
                                 "it in or delete the line.")
        out.add((category, key))
    return out


_MATCHERS: dict[str, Matcher] = {}


def _matcher(lexicon: Lexicon) -> Matcher:
    """The lexicon's matcher, kept for the session (compiling one takes about a second)."""
    if lexicon.hash not in _MATCHERS:
        if len(_MATCHERS) >= 4:
            _MATCHERS.pop(next(iter(_MATCHERS)))
        _MATCHERS[lexicon.hash] = Matcher(lexicon)
    return _MATCHERS[lexicon.hash]


def _counted_terms(model: DiscoveryModel, matcher: Matcher, terms: list[int]) -> set[int]:
    """The terms the lexicon already counts: its shown form, or most of its uses (a stem
    pools forms with proclitics, which the lexicon may count: الجيش, not جيش). One pass of
    the matcher over all the forms to check."""
    texts: list[str] = []
    owner: list[tuple[int, int]] = []  # (term, uses of the form; 0 for the shown form)
    uses = {}
    for i in terms:
        texts.append(model.surface[i])
        owner.append((i, 0))
        if " " in model.terms[i]:
            continue
        positions = model.occurrences(i)
        uses[i] = len(positions)
        forms, n = np.unique(model.written[positions], return_counts=True)
        for k in np.argsort(-n)[:3]:
            texts.append(model.written_forms[forms[k]])
            owner.append((i, int(n[k])))
    counted_uses: dict[int, int] = {}
    counted: set[int] = set()
    for (i, n), (_, hits) in zip(owner, matcher.scan_many(texts), strict=True):
        if hits:
            if n == 0:
                counted.add(i)
            counted_uses[i] = counted_uses.get(i, 0) + n
    counted.update(i for i, n in counted_uses.items() if n >= 0.5 * uses.get(i, 1) and n)
    return counted


def _kwic_lines(model: DiscoveryModel, positions: np.ndarray, n: int = 3) -> list[str]:
    """Up to n examples, from different documents, as written (word ⟦keyword⟧ word)."""
    lines, docs_seen = [], set()
    forms = model.written_forms
    for p in positions.tolist():
        doc = int(model.documents_of(np.array([p]))[0])
        if doc in docs_seen:
            continue
        docs_seen.add(doc)
        lo, hi = model.doc_starts[doc], model.doc_starts[doc + 1]
        a, b = max(lo, p - _CONTEXT_WORDS), min(hi, p + 1 + _CONTEXT_WORDS)
        words = []
        for q in range(a, b):
            word = forms[model.written[q]]
            if model.tokens[q] >= 0 and " " in model.terms[model.tokens[q]] and \
                    model.written_after[q] >= 0:
                word = f"{word} {forms[model.written_after[q]]}"
            words.append(f"⟦{word}⟧" if q == p else word)
        lines.append(" ".join(words))
        if len(lines) == n:
            break
    return lines


def _suggested_entry(surface: str) -> dict[str, Any]:
    words = surface.split()
    if len(words) > 1:
        return {"phrase": surface}
    bare = split_article(surface)[1]
    return {"family": surface, "forms": [bare]}


def _dump_entry(entry: dict[str, Any]) -> str:
    return yaml.safe_dump(entry, allow_unicode=True, default_flow_style=True,
                          width=1000).strip()


def discover(corpus: Any, category: str, *, lexicon: str | Path | Lexicon = "default",
             top: int = 50, model: DiscoveryModel | None = None,
             sources: Sequence[str] = SOURCES, rejections: str | Path | None = None,
             seed: int = 0, dim: int = 200, min_count: int = 5, cache: bool = True
             ) -> pd.DataFrame:
    """Rank words and short phrases the corpus uses like ``category``'s terms.

    Parameters
    ----------
    corpus : path, ``"sample"`` or corpus table
        The corpus to learn from (its vectors are trained once and cached).
    category : str
        A category id of ``lexicon`` (its terms are the seeds).
    lexicon : name, path or Lexicon
        What is already counted (never proposed) and where the category lives.
    top : int
        Rows returned (the merged ranking's best).
    model : DiscoveryModel, optional
        A trained model (from :func:`train_vectors`); skips the cache lookup.
    sources : sequence of str
        Which of ``distributional``, ``slots``, ``spelling`` to use.
    rejections : path, optional
        A rejections file (:func:`grow_lexicon` writes it): its words are not
        proposed. Read before the vectors are trained, so a damaged one is named
        at once; a path with no file there warns (:class:`UserWarning`) and
        leaves nothing out.
    seed, dim, min_count : int
        Training settings of the vectors (see :func:`train_vectors`); the same
        seed gives the same table.

    Returns
    -------
    DataFrame
        :data:`CANDIDATE_COLUMNS`, best first; ``decision`` is blank, for the reader.
        Empty (with a :class:`UserWarning`) when none of the category's terms is
        in the corpus.
    """
    top = _check_int(top, "top", 1)
    unknown = [s for s in sources if s not in SOURCES]
    if unknown or not sources:
        raise ValueError(f"The 'sources' parameter of framing.discover must list some of "
                         f"{', '.join(SOURCES)}. Got {list(sources)!r} instead.")
    lex = load_lexicon(lexicon) if not isinstance(lexicon, Lexicon) else lexicon
    lex.category(category)  # KeyError naming the known categories
    if rejections is not None and not Path(rejections).exists():
        warnings.warn(f"framing.discover: no rejections file at {rejections}, so no word is "
                      "left out as rejected (check the path; framing lexicon grow creates "
                      "the file when it first rejects a candidate).", UserWarning, stacklevel=2)
    rejected = {k for c, k in read_rejections(rejections) if c == category}  # before training
    if model is None:
        model = train_vectors(corpus, seed=seed, dim=dim, min_count=min_count, cache=cache)
    seeds = _category_terms(model, lex, category)
    if not len(seeds):
        warnings.warn(f"framing.discover: no term of category {category!r} occurs in this "
                      "corpus; there is nothing to compare with, so no candidates.",
                      UserWarning, stacklevel=2)
        return pd.DataFrame(columns=CANDIDATE_COLUMNS)
    dimension = lex.dimension_of(category)
    others = [_category_terms(model, lex, c.id) for c in lex.categories
              if c.dimension == dimension and c.id != category]
    ranked: dict[str, pd.Series] = {}
    near: dict[int, str] = {}
    if "distributional" in sources:
        ranked["distributional"] = _distributional(model, seeds, [o for o in others if len(o)])
    if "slots" in sources:
        ranked["slots"] = _slots(model, seeds)
    if "spelling" in sources:
        ranked["spelling"], near = _spelling(model, lex, category)
    matcher = _matcher(lex)
    seed_set = set(seeds.tolist())
    pools = {}
    for name, series in ranked.items():
        order = series.sort_values(ascending=False, kind="stable").index.to_numpy()
        pool = []
        for i in order.tolist():
            word = model.terms[i]
            letters = word.replace(" ", "")
            if not (len(letters) < _MIN_LETTERS or letters.isdigit() or word in rejected
                    or i in seed_set):
                pool.append(int(i))
            if len(pool) == _POOL:
                break
        pools[name] = pool
    counted = _counted_terms(model, matcher, sorted({i for p in pools.values() for i in p}))
    ranks: dict[str, dict[int, int]] = {}
    for name, pool in pools.items():
        kept = [i for i in pool if i not in counted][:_SHORTLIST]
        ranks[name] = {i: r for r, i in enumerate(kept, start=1)}
    fused: dict[int, float] = {}
    for rank_of in ranks.values():
        for i, r in rank_of.items():
            fused[i] = fused.get(i, 0.0) + 1.0 / (_RRF_K + r)
    best = sorted(fused, key=lambda i: (-fused[i], model.terms[i]))[:top]
    rows = []
    for rank, i in enumerate(best, start=1):
        positions = model.occurrences(i)
        docs = model.documents_of(positions)
        outlet_counts = pd.Series(model.outlets[model.doc_outlet[np.unique(docs)]]
                                  ).value_counts()
        outlet_counts = outlet_counts[outlet_counts.index != ""]
        examples = [*_kwic_lines(model, positions), "", "", ""]
        surface = model.surface[i]
        row = {
            "rank": rank, "category": category, "candidate": surface, "key": model.terms[i],
            "kind": "phrase" if " " in model.terms[i] else "word",
            "frequency": int(model.counts[i]), "documents": len(np.unique(docs)),
            "n_outlets": len(outlet_counts),
            "outlets": "; ".join(f"{o} ({n})" for o, n in outlet_counts.items()),
            "score": round(fused[i], 6),
            "source": "+".join(s for s in SOURCES if s in ranks and i in ranks[s]),
        }
        for s in SOURCES:
            row[f"score_{s}"] = (round(float(ranked[s][i]), 4)
                                 if s in ranks and i in ranks[s] else np.nan)
        row["near"] = near.get(i, "") if "spelling" in ranks and i in ranks["spelling"] else ""
        row.update({"kwic_1": examples[0], "kwic_2": examples[1], "kwic_3": examples[2],
                    "suggested_entry": _dump_entry(_suggested_entry(surface)),
                    "decision": ""})
        rows.append(row)
    table = pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)
    table.attrs["provenance"] = {**model.provenance, "category": category,
                                 "lexicon": lex.name, "lexicon_hash": lex.hash,
                                 "n_seeds": len(seeds)}
    return table


# -- growing the lexicon ----------------------------------------------------------------

def _brief_error(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "..."


def _read_sheet(sheet: Any) -> tuple[pd.DataFrame, str]:
    """The sheet as strings, and its name for messages.

    A CSV sheet is read as UTF-8 (with or without BOM); one whose header is
    separated by semicolons and holds no comma (as Excel saves "CSV" where the
    comma is the decimal mark) is read with ``;`` as the separator. A workbook
    saved under a .csv name is named as such, to rename it .xlsx.
    """
    if isinstance(sheet, pd.DataFrame):
        return sheet.copy(), "<candidates table>"
    path = Path(sheet)
    suffix = path.suffix.lower()
    raw = _read_small_file(path, "a candidates sheet", "give the .csv or .xlsx file "
                           "framing lexicon discover wrote")
    if raw is None:
        raise FileNotFoundError(f"No candidates sheet at {path}.")
    if suffix not in (".csv", ".xlsx"):
        raise DiscoveryError(f"{path}: a candidates sheet is a .csv or .xlsx file (as "
                             "framing lexicon discover writes it).")
    separator = ","
    if suffix == ".csv":
        head = raw[:64 * 1024]
        if head.startswith(b"PK\x03\x04"):
            raise DiscoveryError(f"{path}: this is an Excel workbook (.xlsx) named .csv; "
                                 "rename it to end in .xlsx, or save it from the spreadsheet "
                                 "program as CSV UTF-8.")
        first = head.split(b"\n", 1)[0]
        if b";" in first and b"," not in first:
            separator = ";"
    try:
        if suffix == ".xlsx":
            with zipfile.ZipFile(io.BytesIO(raw)) as bundle:
                inflated = sum(info.file_size for info in bundle.infolist())
            if inflated > _small_file_limit():  # checked before anything inflates it
                from framing.corpus import _size_text

                raise DiscoveryError(
                    f"{path}: its parts declare {_size_text(inflated)} uncompressed, more "
                    f"than the {_size_text(_small_file_limit())} a candidates sheet may hold "
                    "(FRAMING_MAX_READ_BYTES lowers this limit), so it is not read; give the "
                    ".xlsx file framing lexicon discover wrote.")
            table = pd.read_excel(io.BytesIO(raw), dtype=str, keep_default_na=False)
        else:
            table = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False,
                                encoding="utf-8-sig", sep=separator)
    except DiscoveryError:
        raise
    except pd.errors.EmptyDataError:
        raise DiscoveryError(f"{path}: the sheet is empty; give the file framing lexicon "
                             "discover wrote, with its decision column filled in.") from None
    except UnicodeDecodeError as exc:
        raise DiscoveryError(f"{path}: not UTF-8 text (byte {exc.start}); save the sheet as "
                             "UTF-8 CSV, or as .xlsx.") from None
    except (pd.errors.ParserError, ValueError, zipfile.BadZipFile, KeyError) as exc:
        what = "an Excel workbook" if suffix == ".xlsx" else "CSV"
        raise DiscoveryError(f"{path}: cannot be read as {what} ({_brief_error(exc)}); "
                             "save the sheet again from the spreadsheet program.") from None
    from framing.kwic import _from_spreadsheet

    return table.map(_from_spreadsheet), str(path)


def write_candidates(table: pd.DataFrame, path: str | Path, *, overwrite: bool = False
                     ) -> Path:
    """Write a candidate table as CSV or XLSX (by suffix), refusing to overwrite unless asked."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} exists; pass overwrite=True (--overwrite) to replace it.")
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise DiscoveryError(f"{path}: write candidates as .csv or .xlsx.")
    from framing.kwic import _spreadsheet_frame

    temporary = path.with_name(f".{path.name}.part")
    safe = _spreadsheet_frame(table)  # a context starting with = + - @ is not a formula
    try:
        if suffix == ".csv":
            safe.to_csv(temporary, index=False, encoding="utf-8-sig")  # Excel shows Arabic
        else:
            safe.to_excel(temporary, index=False)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


def grow_lexicon(sheet: Any, out: str | Path, *, base: str | Path | Lexicon = "default",
                 rejections: str | Path | None = None, name: str | None = None,
                 overwrite: bool = False) -> Lexicon | None:
    """Write the accepted candidates of a sheet as a lexicon that extends ``base``.

    Reads the ``decision`` column (``accept``, ``reject`` or blank) of a candidate
    table (DataFrame, or a CSV/XLSX written from :func:`discover`). Each accepted
    row adds its ``suggested_entry`` (YAML, which the reader may edit) to its
    ``category``; rejected rows are appended to ``rejections`` (a CSV of
    category, key, candidate; default: ``out`` with ``.rejected.csv``), which
    :func:`discover` reads so they are not proposed again.

    The file written holds ``extends: <base>`` and only the added terms, under
    their categories and dimensions (see :func:`framing.load_lexicon`), with a
    ``name`` (default ``<base name>-grown``) and a ``description`` naming the
    base, its hash, the sheet and what was added. The base is written as
    given: a shipped lexicon's name, or a file's path relative to ``out``'s
    folder (absolute where there is no relative path). A ``Lexicon`` object
    is named by the file it was loaded from, if that file still loads to the
    same lexicon; one with no such file (built in memory, or loaded with
    another ``overlap``) is written whole: its content and the added terms.

    Everything is checked before anything is written: ``out`` ends in .yaml
    or .yml and is only replaced with ``overwrite=True``; the rejections file
    is a .csv that reads as one (or does not exist yet); every marked row has
    a category of the base and a key; no candidate is marked twice (accepted
    twice, or accepted and rejected); the text is validated as
    :func:`framing.load_lexicon` reads it from ``out``'s folder. A sheet with
    no row marked is refused. An accepted entry that takes written forms from
    a term of another category (listed first, it would count them in place of
    that term: :meth:`framing.Matcher.shadowed_forms`) is refused, naming its
    sheet line, the forms and the term; one that loses forms to a term listed
    first is warned about (nothing is recounted). The sheet and the
    rejections file are read only when they are regular files of at most 64
    MiB (a device, pipe or larger file is refused unread). New rejections
    are appended with the columns of the file's own header (``candidate``
    only where it has that column, other columns left blank).

    Returns the loaded lexicon (the resolved whole, as scoring uses it), or
    None when no row was accepted: then only the rejections are written, and
    no lexicon file.
    """
    return _grow(sheet, out, base=base, rejections=rejections, name=name,
                 overwrite=overwrite).lexicon


@dataclasses.dataclass
class _Grown:
    """What :func:`_grow` wrote, for the command line's message."""

    lexicon: Lexicon | None  # None: nothing accepted, no lexicon written
    out: Path
    accepted: list[str]
    rejected: int  # rows marked reject (each candidate once)
    appended: int  # of which new to the rejections file
    rejections: Path


def _rejections_path(rejections: str | Path | None, out: Path) -> Path:
    """The rejections file grow appends to, checked: a .csv file, not a folder or ``out``."""
    path = Path(rejections) if rejections is not None else out.with_suffix(".rejected.csv")
    if path.is_dir():
        raise DiscoveryError(f"rejections {path} is a folder; give a .csv file path (it is "
                             "created the first time a candidate is rejected).")
    if path.suffix.lower() != ".csv":
        raise DiscoveryError(f"rejections {path}: a rejections file is a .csv file (category, "
                             "key, candidate); give a path ending in .csv.")
    if _same_path(path, out):
        raise DiscoveryError(f"rejections {path} is the lexicon file; give its own file.")
    read_rejections(path)  # an existing file must read as one (it is appended to)
    return path


def _same_path(a: Path, b: Path) -> bool:
    try:
        return os.path.realpath(a) == os.path.realpath(b) or (
            a.exists() and b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def _grow(sheet: Any, out: str | Path, *, base: str | Path | Lexicon, rejections: str | Path |
          None, name: str | None, overwrite: bool) -> _Grown:
    """:func:`grow_lexicon`, returning what was written."""
    out = Path(out)
    if out.suffix.lower() not in (".yaml", ".yml"):
        raise DiscoveryError(f"{out}: a grown lexicon is a YAML file; give a name ending in "
                             ".yaml or .yml (framing.load_lexicon reads it by that ending).")
    if out.is_dir():
        raise DiscoveryError(f"{out} is a folder; give the lexicon's file path.")
    if out.exists() and not overwrite:
        raise FileExistsError(f"{out} exists; pass overwrite=True (--overwrite) to replace it.")
    rejections_path = _rejections_path(rejections, out)
    if not isinstance(sheet, pd.DataFrame) and (_same_path(Path(sheet), out)
                                                or _same_path(Path(sheet), rejections_path)):
        raise DiscoveryError(f"{sheet} is the candidates sheet; write the lexicon and the "
                             "rejections to other files.")
    table, source = _read_sheet(sheet)
    missing = [c for c in ("category", "key", "candidate", "suggested_entry", "decision")
               if c not in table.columns]
    if missing:
        raise DiscoveryError(f"{source}: the sheet lacks the column(s) {', '.join(missing)}; "
                             "use the table framing.discover wrote.")
    reference, base_lex = _base_reference(base, out)
    categories = set(base_lex.category_ids)
    entries: dict[str, list[dict[str, Any]]] = {}  # category -> accepted entries, in order
    line_of: dict[int, int] = {}  # id() of an accepted entry -> its sheet line
    added: list[str] = []
    refused: list[dict[str, str]] = []
    problems: list[str] = []
    marked: dict[tuple[str, str], tuple[str, int]] = {}  # (category, key) -> decision, line
    entry_ids: dict[str, int] = {}  # id of an accepted term -> its line
    for position, record in enumerate(table.to_dict("records")):
        line = position + 2  # the header is line 1
        # a table read with pandas' defaults holds NaN for empty cells: blank, as in the file
        row = {k: "" if v is None or (isinstance(v, float) and math.isnan(v)) else v
               for k, v in record.items()}
        decision = str(row.get("decision") or "").strip().lower()
        if decision not in DECISIONS:
            problems.append(f"line {line}, field 'decision': {row.get('decision')!r} is not "
                            "accept, reject or blank")
            continue
        if not decision:
            continue
        category = str(row.get("category") or "").strip()
        key = str(row.get("key") or "").strip()
        if category not in categories:
            problems.append(f"line {line}, field 'category': {category!r} is not a category "
                            f"of {base_lex.name} ({', '.join(base_lex.category_ids)})")
            continue
        if not key:
            problems.append(f"line {line}, field 'key': empty; a marked row needs the key "
                            "framing.discover wrote (put it back, or clear the decision)")
            continue
        if (category, key) in marked:
            before, first = marked[(category, key)]
            if before != decision:
                problems.append(f"lines {first} and {line} mark the same {category} candidate "
                                f"(key {key!r}) {before} and {decision}; keep one decision")
            elif decision == "accept":
                problems.append(f"lines {first} and {line} both accept the same {category} "
                                f"candidate (key {key!r}); keep one")
            continue
        marked[(category, key)] = (decision, line)
        if decision == "reject":
            refused.append({"category": category, "key": key,
                            "candidate": str(row.get("candidate") or "")})
            continue
        try:
            entry = yaml.safe_load(str(row.get("suggested_entry") or ""))
        except yaml.YAMLError as exc:
            problems.append(f"line {line}, field 'suggested_entry': not YAML "
                            f"({_brief_error(exc)})")
            continue
        if not isinstance(entry, dict) or not ({"family", "phrase"} & set(entry)):
            problems.append(f"line {line}, field 'suggested_entry': a term needs "
                            "'family' (with 'forms') or 'phrase', e.g. "
                            "{family: انقلابيين, forms: [انقلابيين]}")
            continue
        entry.setdefault("id", f"{category}:grown:{key}")
        if str(entry["id"]) in entry_ids:
            problems.append(f"lines {entry_ids[str(entry['id'])]} and {line}, field "
                            f"'suggested_entry': the same term id {entry['id']!r}; give "
                            "each its own id, or keep one")
            continue
        entry_ids[str(entry["id"])] = line
        entries.setdefault(category, []).append(entry)
        line_of[id(entry)] = line
        candidate = str(row.get("candidate") or "").strip()
        written = str(entry.get("family") or entry.get("phrase") or "").strip()
        # the summary names what the lexicon gets: an edited entry is not the candidate
        added.append(f"{category}: {written} (edited from candidate {candidate})"
                     if written and candidate and written != candidate else
                     f"{category}: {written or candidate}")
    if problems:
        raise DiscoveryError(f"{source}: " + "; ".join(problems[:20])
                             + (f"; and {len(problems) - 20} more" if len(problems) > 20 else "")
                             + " (nothing was written).")
    if not marked:
        raise DiscoveryError(f"{source}: no row is marked, so there is nothing to grow (nothing "
                             "was written); write accept or reject in the 'decision' column "
                             "of the candidates to keep or to leave out, then run grow again.")
    earlier = read_rejections(rejections_path)
    again = sorted(f"{c}: {k}" for (c, k), (d, _) in marked.items()
                   if d == "accept" and (c, k) in earlier)
    if again:
        warnings.warn(f"{source}: accepted now, rejected by an earlier run ({rejections_path} "
                      f"lists them): {', '.join(again)}. They are added to the lexicon; "
                      "delete their lines from the rejections file if the rejection no longer "
                      "holds.", UserWarning, stacklevel=3)
    grown, text = None, None
    if added:
        text, data = _grown_text(base_lex, reference, entries, name, source, added)
        # a relative base is found from out's folder, so it must exist to validate; made
        # here, it is removed again if the text is refused
        made = [p for p in (out.parent, *out.parent.parents) if not p.exists()]
        out.parent.mkdir(parents=True, exist_ok=True)
        try:
            try:
                grown = _lexicon_from_text(text, str(out), out.parent)
            except LexiconError as exc:
                raise DiscoveryError(
                    f"{source}: the accepted entries do not make a valid lexicon (nothing was "
                    f"written): {_with_sheet_lines(str(exc), str(out), text, data, line_of)}"
                ) from None
            _check_taken_forms(grown, entry_ids, source)
        except DiscoveryError:
            for folder in made:  # deepest first
                with contextlib.suppress(OSError):
                    folder.rmdir()
            raise
    appended = _write_grown(out, text, rejections_path, refused)
    return _Grown(lexicon=grown, out=out, accepted=added, rejected=len(refused),
                  appended=appended, rejections=rejections_path)


def _check_taken_forms(grown: Lexicon, entry_lines: dict[str, int], source: str) -> None:
    """Refuse accepted entries that take written forms from a term of another category.

    With exclusive overlap the term listed first counts a form both have
    (:meth:`framing.Matcher.shadowed_forms`, which ``framing lexicon check``
    warns of): an accepted entry listed first would silently move that form's
    hits from the other term's category to its own, which marking a candidate
    never means. An accepted entry that loses forms to a term listed first
    moves nothing (those forms keep counting as before) and is warned about.
    ``entry_lines`` maps the id of each accepted term to its sheet line.
    """
    matcher = _matcher(grown)
    lost: dict[tuple[str, str], tuple[Any, Any, list[str]]] = {}
    for term, form, winner in matcher.shadowed_forms():
        if term.id in entry_lines or winner.id in entry_lines:
            lost.setdefault((term.id, winner.id), (term, winner, []))[2].append(form)
    refusals, notes = [], []
    for term, winner, forms in lost.values():
        total = len(matcher.forms_of(term))
        shown = ", ".join(sorted(forms)[:5]) + (" ..." if len(forms) > 5 else "")
        how_many = f"all {total}" if len(forms) >= total else f"{len(forms)} of the {total}"
        if winner.id in entry_lines:
            other = (f", the entry of sheet line {entry_lines[term.id]}"
                     if term.id in entry_lines else "")
            refusals.append(
                f"line {entry_lines[winner.id]}, field 'suggested_entry': the entry "
                f"{winner.name} ({winner.category}) takes {how_many} written forms of term "
                f"{term.id!r} ({term.category}{other}): {shown}; their hits would count as "
                f"{winner.category} instead of {term.category}. Take those forms out of the "
                "entry, or mark the row reject")
        else:
            notes.append(
                f"line {entry_lines[term.id]}: the entry {term.name} ({term.category}) "
                + (f"counts none of its {total}" if len(forms) >= total
                   else f"does not count {len(forms)} of its {total}")
                + f" written forms: {shown}; term {winner.id!r} "
                f"({winner.category}) is listed first and keeps counting them")
    if refusals:
        raise DiscoveryError(f"{source}: " + "; ".join(refusals) + " (nothing was written).")
    if notes:
        warnings.warn(f"{source}: " + "; ".join(notes) + ". Take those forms out of the "
                      "entry if they are not meant for it.", UserWarning, stacklevel=4)


def _grown_text(base_lex: Lexicon, reference: str | None,
                entries: dict[str, list[dict[str, Any]]], name: str | None, source: str,
                added: list[str]) -> tuple[str, dict[str, Any]]:
    """The YAML of the grown lexicon (``extends`` and the additions, or the whole lexicon),
    and the data it dumps."""
    what = (f"{len(added)} term(s) accepted from discovery in {source}: "
            f"{', '.join(added) if added else 'none'}.")
    if reference is not None:
        data: dict[str, Any] = {
            "extends": reference, "name": name or f"{base_lex.name}-grown",
            "description": f"Extends {base_lex.name} (hash {base_lex.hash[:12]}) with {what}"}
        dimensions = []
        for d in base_lex.dimensions:
            grown_here = [{"id": c.id, "terms": entries[c.id]} for c in d.categories
                          if c.id in entries]
            if grown_here:
                dimensions.append({"id": d.id, "categories": grown_here})
        if dimensions:
            data["dimensions"] = dimensions
    else:
        data = base_lex.to_dict()
        for d in data["dimensions"]:
            for c in d["categories"]:
                c["terms"].extend(entries.get(c["id"], []))
        data["name"] = name or f"{base_lex.name}-grown"
        data["description"] = (f"{base_lex.name} (hash {base_lex.hash[:12]}, which has no file "
                               f"to extend, so it is copied whole) with {what}")
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), data


def _with_sheet_lines(message: str, source: str, text: str, data: dict[str, Any],
                      line_of: dict[int, int]) -> str:
    """A lexicon error on the unwritten text, each line number that falls in an accepted
    entry followed by the sheet line the entry came from (the text was never written)."""
    def term_nodes(node: Any) -> Iterable[Any]:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == "terms" and isinstance(v, yaml.SequenceNode):
                    yield from v.value
                else:
                    yield from term_nodes(v)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                yield from term_nodes(item)

    def term_dicts(value: Any) -> Iterable[Any]:
        if isinstance(value, dict):
            for k, v in value.items():
                if k == "terms" and isinstance(v, list):
                    yield from v
                else:
                    yield from term_dicts(v)
        elif isinstance(value, list):
            for item in value:
                yield from term_dicts(item)

    # (first text line, last text line, sheet line or None), 1-based; a node's end mark may
    # be on the line where the next term starts, so the latest start wins
    spans = [(node.start_mark.line + 1, node.end_mark.line + 1, line_of.get(id(entry)))
             for node, entry in zip(term_nodes(yaml.compose(text)), term_dicts(data),
                                    strict=True)]

    def sheet_line(match: re.Match) -> str:
        number = int(match.group(2))
        holding = [span for span in spans if span[0] <= number <= span[1]]
        line = max(holding)[2] if holding else None
        return f"{match.group(0)} (the entry of sheet line {line})" if line else match.group(0)

    # only the lines of this text: not those of the base's file the message may cite
    return re.sub(rf"({re.escape(source)}: line |first on line )(\d+)", sheet_line, message)


def _write_grown(out: Path, text: str | None, rejections: Path,
                 refused: list[dict[str, str]]) -> int:
    """Write the lexicon (if any text) and append the new rejections, each to a temporary
    file first, then both moved into place; returns the rejections appended."""
    known = read_rejections(rejections)
    existing = _read_small_file(rejections, "a rejections file", "give its own .csv file"
                                ) or b""
    buffer = io.StringIO()
    if not existing.strip():
        existing = b""
        writer = csv.DictWriter(buffer, fieldnames=["category", "key", "candidate"])
        writer.writeheader()
    else:
        # the rows get the columns of the file's own header (read_rejections checked it has
        # category and key): a candidate only where it has that column, others left blank
        header = next(csv.reader(io.StringIO(existing.decode("utf-8-sig"), newline="")))
        writer = csv.DictWriter(buffer, fieldnames=header, restval="", extrasaction="ignore")
        if not existing.endswith(b"\n"):
            buffer.write("\r\n")  # the last line had no end: the first new row starts a line
    new = [r for r in refused if (r["category"], r["key"]) not in known]
    writer.writerows(new)
    parts: list[tuple[Path, Path]] = []
    try:
        if text is not None:
            out.parent.mkdir(parents=True, exist_ok=True)
            temporary = out.with_name(f".{out.name}.part")
            parts.append((temporary, out))
            temporary.write_text(text, encoding="utf-8")
        if new:
            rejections.parent.mkdir(parents=True, exist_ok=True)
            temporary = rejections.with_name(f".{rejections.name}.part")
            parts.append((temporary, rejections))
            temporary.write_bytes(existing + buffer.getvalue().encode("utf-8"))
        for temporary, final in parts:
            os.replace(temporary, final)
    finally:
        for temporary, _ in parts:
            temporary.unlink(missing_ok=True)
    return len(new)


def _base_reference(base: str | Path | Lexicon, out: Path) -> tuple[str | None, Lexicon]:
    """How a grown lexicon at ``out`` names ``base`` in ``extends:``, and the base.

    None when the base is a Lexicon with no file (or shipped name) that loads
    to it: the grown file then holds the whole lexicon.
    """
    if isinstance(base, Lexicon):
        candidates: list[str | Path] = []
        if Path(base.source).is_file():
            candidates.append(Path(base.source))
        elif base.source.endswith(".yaml") and base.source[:-5] in available_lexicons():
            candidates.append(base.source[:-5])
        for candidate in candidates:
            try:
                same = load_lexicon(candidate).hash == base.hash
            except (LexiconError, OSError, ValueError):
                same = False
            if same:
                return _reference(candidate, out), base
        return None, base
    return _reference(base, out), load_lexicon(base)


def _reference(base: str | Path, out: Path) -> str:
    """``base`` as ``extends:`` in a file at ``out`` names it (as load_lexicon finds it)."""
    path = Path(base)
    if not path.exists():
        return str(base)  # a shipped lexicon's name
    try:
        reference = Path(os.path.relpath(path.resolve(), out.parent.resolve())).as_posix()
    except ValueError:  # another drive: no relative path
        return str(path.resolve())
    # a shipped lexicon's name is read as that lexicon: a file of that name is ./name
    return f"./{reference}" if reference in available_lexicons() else reference
