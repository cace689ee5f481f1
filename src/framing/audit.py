"""Audit a corpus before scoring it: what is there, what is empty, what is repeated.

:func:`audit` returns an :class:`AuditReport` of tidy tables: documents per
outlet and month, one row of flags per document (empty, short, mostly
non-Arabic, exact and near duplicates), the duplicate clusters, and the
corpus split into ``kept`` and ``rejected`` rows. Nothing is excluded unless
asked (``drop_empty=``, ``drop_short=``, ``drop_non_arabic=``, ``dedupe=``),
and every excluded document is listed in ``rejected`` with its reason.
:func:`format_audit` prints a report for a reader.

Definitions
-----------
* **Tokens** are those of the matcher: runs of letters and digits of the
  text normalised with the codebook's settings (``n_tokens`` equals
  ``Matcher.count_tokens``).
* **Empty**: the text is missing or only whitespace. **Short**: not empty,
  fewer than ``min_tokens`` tokens.
* **Arabic share**: the share of word tokens (tokens with a letter) that
  contain an Arabic letter; NaN when a text has no word. **Mostly
  non-Arabic**: share below ``min_arabic_share``.
* **Exact duplicates**: non-empty texts that are identical once runs of
  whitespace are made single spaces and the ends trimmed.
* **Near duplicates**: texts whose sets of ``shingle_size``-token shingles
  have a Jaccard similarity of at least ``near_duplicate_threshold``.
  Candidate pairs come from MinHash signatures (those of ``datasketch``)
  split into LSH bands (documents equal on a whole band are candidates),
  banded so that a pair exactly at the threshold is a
  candidate with probability 0.95 or more (0.99 at 0.05 above it); each
  candidate pair is then checked with the exact Jaccard similarity of the
  two shingle sets, so every reported pair is real.
  Clusters are the connected groups of such pairs (a chain A~B~C is one
  cluster even if A and C differ more). Texts shorter than a shingle are one
  shingle.
* The **first** document of a cluster is the earliest by date (undated
  last), then by ``doc_id``; deduplication keeps it and rejects the others.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from framing import chars
from framing.corpus import CorpusError, load_corpus
from framing.dates import parse_dates
from framing.normalize import Normalizer

__all__ = ["REJECTION_REASONS", "AuditReport", "audit", "duplicate_clusters", "format_audit"]

#: Why a document was excluded, in the order the checks are applied.
REJECTION_REASONS = ("empty", "short", "non_arabic", "exact_duplicate", "near_duplicate")

_DEDUPE = (None, "exact", "near")
_CLUSTER_KINDS = ("near", "exact")
_TOKEN = re.compile(chars.TOKEN_PATTERN)
# Arabic letters (Arabic block, Supplement and Extended-A), after normalisation.
_ARABIC_LETTER = re.compile("[\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff\u0750-\u077f"
                            "\u08a0-\u08c9]")
_LETTER = re.compile(r"[^\W\d_]")
_UINT64 = np.uint64
#: Probability that a pair of documents exactly at the near-duplicate threshold
#: becomes a candidate in the LSH index (higher similarities: more likely).
_LSH_RECALL = 0.95


@dataclass
class AuditReport:
    """The result of :func:`audit`: tables about a corpus and its exclusions.

    Attributes
    ----------
    by_outlet_month : DataFrame
        ``outlet``, ``month`` (first day of the month; NaT for undated
        documents), ``n_docs``: one row per outlet and month with documents.
    flags : DataFrame
        One row per document, in corpus order: ``doc_id``, ``outlet``,
        ``date``, ``n_tokens``, ``arabic_share``, ``is_empty``, ``is_short``,
        ``is_mostly_non_arabic``, ``exact_cluster`` and ``exact_duplicate_of``
        (the first document of its exact cluster; NA for that first document
        and for unique texts), ``near_duplicate_cluster`` and
        ``near_duplicate_of`` (likewise for near duplicates).
    clusters : DataFrame
        One row per duplicate cluster: ``kind`` ("exact" or "near"),
        ``cluster`` (the id used in ``flags``; 1 is the largest), ``size``,
        ``n_outlets``, ``outlets``, ``doc_ids`` (first document first),
        ``first_doc_id``, ``title`` (the first document's).
    kept : DataFrame
        The corpus rows not excluded, in corpus order.
    rejected : DataFrame
        The excluded corpus rows with ``reason`` (one of
        :data:`REJECTION_REASONS`) and ``duplicate_of`` (for duplicates: the
        document kept in their place).
    settings : dict
        The options the audit ran with.
    """

    by_outlet_month: pd.DataFrame
    flags: pd.DataFrame
    clusters: pd.DataFrame
    kept: pd.DataFrame
    rejected: pd.DataFrame
    settings: dict[str, Any] = field(default_factory=dict)


def audit(
    corpus: pd.DataFrame | str | Path,
    *,
    min_tokens: int = 20,
    min_arabic_share: float = 0.5,
    near_duplicate_threshold: float = 0.8,
    drop_empty: bool = False,
    drop_short: bool = False,
    drop_non_arabic: bool = False,
    dedupe: str | None = None,
    shingle_size: int = 5,
    num_perm: int = 64,
    seed: int = 1,
) -> AuditReport:
    """Count, flag and optionally exclude documents of a corpus table.

    Parameters
    ----------
    corpus : DataFrame, str or Path
        A corpus table (``doc_id`` and ``text`` columns; ``outlet``, ``date``
        and ``title`` are used when present), or a path for :func:`load_corpus`.
    min_tokens : int
        Documents with fewer tokens are short.
    min_arabic_share : float
        Documents whose share of Arabic words is lower are mostly non-Arabic.
    near_duplicate_threshold : float
        Jaccard similarity of shingle sets from which two texts are near duplicates.
    drop_empty, drop_short, drop_non_arabic : bool
        Exclude the documents so flagged (default: keep them, flagged).
    dedupe : {None, "exact", "near"}
        Exclude exact duplicates, or exact and near duplicates, keeping the
        first document of each cluster (earliest date, then ``doc_id``) among
        those not already excluded.
    shingle_size : int
        Tokens per shingle for near duplicates.
    num_perm : int
        MinHash permutations (more: fewer missed pairs, slower).
    seed : int
        Seed of the MinHash permutations.

    Returns
    -------
    AuditReport

    Raises
    ------
    CorpusError
        If ``doc_id`` values repeat (listing them) or a column is missing.

    Examples
    --------
    >>> from framing.corpus import load_sample
    >>> report = audit(load_sample())
    >>> int(report.flags["is_empty"].sum())
    0
    """
    _check_int("min_tokens", min_tokens, 0)
    _check_int("shingle_size", shingle_size, 1)
    _check_int("num_perm", num_perm, 2)
    _check_int("seed", seed, 0)
    _check_share("min_arabic_share", min_arabic_share, allow_zero=True)
    _check_share("near_duplicate_threshold", near_duplicate_threshold, allow_zero=False)
    for name, value in (("drop_empty", drop_empty), ("drop_short", drop_short),
                        ("drop_non_arabic", drop_non_arabic)):
        if not isinstance(value, bool):
            raise TypeError(f"The '{name}' parameter of framing.audit must be True or False. "
                            f"Got {value!r} instead.")
    if dedupe not in _DEDUPE:
        raise ValueError("The 'dedupe' parameter of framing.audit must be one of "
                         f"{{None, 'exact', 'near'}}. Got {dedupe!r} instead.")
    if isinstance(corpus, str | Path):
        corpus = load_corpus(corpus)
    _check_corpus(corpus)
    settings = dict(min_tokens=min_tokens, min_arabic_share=min_arabic_share,
                    near_duplicate_threshold=near_duplicate_threshold, drop_empty=drop_empty,
                    drop_short=drop_short, drop_non_arabic=drop_non_arabic, dedupe=dedupe,
                    shingle_size=shingle_size, num_perm=num_perm, seed=seed)

    n = len(corpus)
    doc_ids = corpus["doc_id"].astype(object).to_numpy()
    texts = [t if isinstance(t, str) else "" for t in corpus["text"].tolist()]
    outlets = (corpus["outlet"] if "outlet" in corpus.columns
               else pd.Series(pd.NA, index=corpus.index, dtype="string"))
    dates = (parse_dates(corpus["date"], source="the corpus table's date column")
             if "date" in corpus.columns
             else pd.Series(pd.NaT, index=corpus.index, dtype="datetime64[ns]"))
    order = _first_order(dates, doc_ids)

    arrow_texts = pa.array(texts, type=pa.large_string())
    # trimmed first: arrow keeps an empty piece for leading or trailing whitespace
    pieces = pc.utf8_split_whitespace(pc.utf8_trim_whitespace(arrow_texts))
    tokens = _Tokens.from_pieces(pieces)
    is_empty = np.array([not t.strip() for t in texts], dtype=bool)
    is_short = ~is_empty & (tokens.n_tokens < min_tokens)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(tokens.n_words > 0, tokens.n_arabic / np.maximum(tokens.n_words, 1),
                         np.nan)
    is_non_arabic = ~np.isnan(share) & (share < min_arabic_share)

    exact_groups = _exact_groups(pieces, is_empty)
    near_groups = _near_groups(tokens, shingle_size, num_perm, seed, near_duplicate_threshold)
    exact_cluster, exact_first, exact_table = _clusters(exact_groups, order, "exact", corpus)
    near_cluster, near_first, near_table = _clusters(near_groups, order, "near", corpus)

    flags = pd.DataFrame({
        "doc_id": corpus["doc_id"].to_numpy(),
        "outlet": outlets.to_numpy(),
        "date": dates.to_numpy(),
        "n_tokens": tokens.n_tokens,
        "arabic_share": share,
        "is_empty": is_empty,
        "is_short": is_short,
        "is_mostly_non_arabic": is_non_arabic,
        "exact_cluster": pd.array(exact_cluster, dtype="Int64"),
        "exact_duplicate_of": _first_ids(exact_cluster, exact_first, doc_ids),
        "near_duplicate_cluster": pd.array(near_cluster, dtype="Int64"),
        "near_duplicate_of": _first_ids(near_cluster, near_first, doc_ids),
    })
    flags["exact_cluster"] = flags["exact_cluster"].where(flags["exact_cluster"] > 0)
    flags["near_duplicate_cluster"] = flags["near_duplicate_cluster"].where(
        flags["near_duplicate_cluster"] > 0)

    reason, duplicate_of = _exclusions(
        n, order, doc_ids,
        [("empty", is_empty, drop_empty), ("short", is_short, drop_short),
         ("non_arabic", is_non_arabic, drop_non_arabic)],
        [("exact_duplicate", exact_cluster, dedupe in ("exact", "near")),
         ("near_duplicate", near_cluster, dedupe == "near")],
    )
    excluded = reason != ""
    kept = corpus.loc[~excluded].copy()
    rejected = corpus.loc[excluded].copy()
    rejected["reason"] = pd.Categorical(reason[excluded], categories=REJECTION_REASONS)
    rejected["duplicate_of"] = pd.array(duplicate_of[excluded], dtype="string")

    clusters = pd.concat([exact_table, near_table], ignore_index=True)
    return AuditReport(
        by_outlet_month=_by_outlet_month(outlets, dates),
        flags=flags,
        clusters=clusters,
        kept=kept,
        rejected=rejected,
        settings=settings,
    )


def duplicate_clusters(
    corpus_or_report: AuditReport | pd.DataFrame | str | Path,
    *,
    kind: str = "near",
    near_duplicate_threshold: float | None = None,
    shingle_size: int | None = None,
    num_perm: int | None = None,
    seed: int | None = None,
) -> pd.Series:
    """The duplicate cluster of every document, for counting wire copy once.

    Parameters
    ----------
    corpus_or_report : AuditReport, DataFrame, str or Path
        An :class:`AuditReport` (its flags are used), or a corpus table or
        path: then only what clusters need is computed (tokens, shingles,
        MinHash bands, verified pairs), not the rest of :func:`audit`, with
        the same results as ``audit(corpus)`` would give.
    kind : {"near", "exact"}, default "near"
        "near": near-duplicate clusters, merged with the exact-duplicate
        ones (an exact copy is always a near duplicate too, except texts
        without a token, which only exact matching can group). "exact":
        exact-duplicate clusters only.
    near_duplicate_threshold, shingle_size, num_perm, seed
        As in :func:`audit` (its defaults when None). Only with a corpus: a
        report already carries its settings.

    Returns
    -------
    Series
        Index ``doc_id`` (corpus order), values: the doc_id of the first
        document of the document's cluster (earliest date, undated last,
        then doc_id; the document ``audit(dedupe=...)`` keeps), or its own
        doc_id when it is in no cluster. Equal values, one cluster. Pass it as
        ``clusters=`` to :func:`framing.aggregate.aggregate` or
        :func:`framing.findings.findings`.

    Examples
    --------
    >>> import pandas as pd
    >>> story = ("قصفت الطائرات صباح اليوم مواقع المسلحين في الأحياء الشرقية لمدينة حلب وقال "
    ...          "مصدر عسكري إن القصف استهدف مخازن للسلاح والذخيرة")
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": [
    ...     story, story + " (رويترز)", "خبر آخر لا علاقة له بما سبق من أخبار"]})
    >>> duplicate_clusters(corpus).tolist()
    ['a', 'a', 'c']
    """
    if kind not in _CLUSTER_KINDS:
        raise ValueError("The 'kind' parameter of framing.audit.duplicate_clusters must be one "
                         f"of {{'near', 'exact'}}. Got {kind!r} instead.")
    options = {"near_duplicate_threshold": near_duplicate_threshold,
               "shingle_size": shingle_size, "num_perm": num_perm, "seed": seed}
    if isinstance(corpus_or_report, AuditReport):
        given = [name for name, value in options.items() if value is not None]
        if given:
            raise ValueError(f"framing.audit.duplicate_clusters: {', '.join(given)} cannot be "
                             "changed for a finished audit; run framing.audit with them, or "
                             "pass the corpus instead of the report.")
        flags = corpus_or_report.flags
        doc_ids = flags["doc_id"].to_numpy(dtype=object)
        order = _first_order(flags["date"], doc_ids)
        groups = [flags["exact_cluster"].fillna(-1).to_numpy(dtype=np.int64)]
        if kind == "near":
            groups.append(flags["near_duplicate_cluster"].fillna(-1).to_numpy(dtype=np.int64))
        return _cluster_labels(groups, order, flags["doc_id"])

    defaults = {"near_duplicate_threshold": 0.8, "shingle_size": 5, "num_perm": 64, "seed": 1}
    settings = {name: defaults[name] if value is None else value
                for name, value in options.items()}
    _check_int("shingle_size", settings["shingle_size"], 1)
    _check_int("num_perm", settings["num_perm"], 2)
    _check_int("seed", settings["seed"], 0)
    _check_share("near_duplicate_threshold", settings["near_duplicate_threshold"],
                 allow_zero=False)
    corpus = corpus_or_report
    if isinstance(corpus, str | Path):
        corpus = load_corpus(corpus)
    _check_corpus(corpus)
    doc_ids = corpus["doc_id"].astype(object).to_numpy()
    dates = (parse_dates(corpus["date"], source="the corpus table's date column")
             if "date" in corpus.columns
             else pd.Series(pd.NaT, index=corpus.index, dtype="datetime64[ns]"))
    order = _first_order(dates, doc_ids)
    texts = [t if isinstance(t, str) else "" for t in corpus["text"].tolist()]
    pieces = pc.utf8_split_whitespace(pc.utf8_trim_whitespace(
        pa.array(texts, type=pa.large_string())))
    is_empty = np.array([not t.strip() for t in texts], dtype=bool)
    if kind == "exact":
        return _cluster_labels([_exact_groups(pieces, is_empty)], order, corpus["doc_id"])
    tokens = _Tokens.from_pieces(pieces, count_words=False)
    near = _near_groups(tokens, settings["shingle_size"], settings["num_perm"], settings["seed"],
                        settings["near_duplicate_threshold"])
    # texts with tokens that are exact copies are near duplicates already (equal
    # shingles); only texts without a token need exact matching
    tokenless = np.flatnonzero(~is_empty & (tokens.n_tokens == 0))
    exact = np.full(len(texts), -1, dtype=np.int64)
    if len(tokenless):
        exact[tokenless] = _exact_groups(pieces.take(pa.array(tokenless)),
                                         np.zeros(len(tokenless), dtype=bool))
    return _cluster_labels([near, exact], order, corpus["doc_id"])


def _cluster_labels(groups: list[np.ndarray], order: np.ndarray, doc_ids: pd.Series
                    ) -> pd.Series:
    """Merge group numberings (-1: in none) into clusters, each named by its first document.

    Two documents are in one cluster when some numbering puts them in one
    group, directly or through others (connected components).
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    n = len(order)
    sources, targets = [np.arange(n)], [np.arange(n)]
    for numbering in groups:
        members = np.flatnonzero(numbering >= 0)
        if not len(members):
            continue
        # every member linked to the first member of its group
        _, head = np.unique(numbering[members], return_index=True)
        _, inverse = np.unique(numbering[members], return_inverse=True)
        sources.append(members)
        targets.append(members[head][inverse])
    rows, columns = np.concatenate(sources), np.concatenate(targets)
    graph = coo_matrix((np.ones(len(rows)), (rows, columns)), shape=(n, n))
    _, component = connected_components(graph, directed=False)
    # the first document of a component: the smallest rank in "first" order
    first_rank = np.full(component.max() + 1 if n else 0, np.iinfo(np.int64).max)
    np.minimum.at(first_rank, component, order)
    row_of_rank = np.empty(n, dtype=np.int64)
    row_of_rank[order] = np.arange(n)
    ids = doc_ids.to_numpy(dtype=object)
    labels = ids[row_of_rank[first_rank[component]]] if n else ids
    return pd.Series(labels, index=pd.Index(doc_ids.to_numpy(), name="doc_id"), name="cluster")


# -- validation ---------------------------------------------------------------------------


def _check_int(name: str, value: Any, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise ValueError(f"The '{name}' parameter of framing.audit must be an integer >= "
                         f"{minimum}. Got {value!r} instead.")


def _check_share(name: str, value: Any, *, allow_zero: bool) -> None:
    low_ok = value >= 0 if allow_zero else value > 0
    if isinstance(value, bool) or not isinstance(value, int | float) or not (low_ok
                                                                            and value <= 1):
        bounds = "[0, 1]" if allow_zero else "(0, 1]"
        raise ValueError(f"The '{name}' parameter of framing.audit must be a number in "
                         f"{bounds}. Got {value!r} instead.")


def _check_corpus(corpus: Any) -> None:
    if not isinstance(corpus, pd.DataFrame):
        raise TypeError("framing.audit expects a corpus table (a DataFrame with 'doc_id' and "
                        f"'text' columns) or a corpus path. Got {type(corpus).__name__}.")
    missing = [c for c in ("doc_id", "text") if c not in corpus.columns]
    if missing:
        raise CorpusError(
            f"The corpus table has no {' or '.join(map(repr, missing))} column (columns: "
            f"{', '.join(map(str, corpus.columns))}). Load it with framing.load_corpus."
        )
    ids = corpus["doc_id"]
    if ids.isna().any():
        rows = ", ".join(map(str, corpus.index[ids.isna().to_numpy()][:10]))
        raise CorpusError(f"The corpus table has missing doc_id values (index {rows}). Give "
                          "every document an id.")
    repeated = ids[ids.duplicated(keep=False)]
    if len(repeated):
        counts = repeated.value_counts(sort=False)
        listed = ", ".join(f"{doc_id!r} ({count}x)" for doc_id, count in
                           list(counts.items())[:10])
        more = f" and {len(counts) - 10} more" if len(counts) > 10 else ""
        raise CorpusError(f"{len(counts)} doc_id value(s) are used more than once: {listed}"
                          f"{more}. Each document needs its own id.")


# -- tokens -------------------------------------------------------------------------------


@dataclass
class _Tokens:
    """Token counts per document and the stable 64-bit hash of every token, in order.

    ``hashes[starts[i]:starts[i] + n_tokens[i]]`` are document i's tokens.
    """

    n_tokens: np.ndarray
    starts: np.ndarray
    hashes: np.ndarray
    n_words: np.ndarray
    n_arabic: np.ndarray

    @classmethod
    def from_pieces(cls, pieces: pa.Array, *, count_words: bool = True) -> _Tokens:
        """Tokenise whitespace-separated pieces, normalising each distinct piece once.

        Normalising and tokenising every piece of a large corpus in Python is
        slow; a corpus has far fewer distinct pieces than pieces (SaudiNewsNet:
        0.5 M of 8.9 M), and normalisation never acts across whitespace, so
        splitting at whitespace first and mapping each distinct piece to its
        tokens gives exactly ``tokenize(normalize(text))``. Without
        ``count_words``, ``n_words`` and ``n_arabic`` are left at 0 (duplicate
        detection does not need them).
        """
        n_pieces = pc.fill_null(pc.list_value_length(pieces), 0).to_numpy().astype(np.int64)
        encoded = pc.dictionary_encode(pc.list_flatten(pieces))
        piece_codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
        distinct = encoded.dictionary.to_pylist()

        # Normalise all distinct pieces in one call: they hold no line break, and
        # normalisation neither adds nor removes one.
        normalized = Normalizer().normalize("\n".join(distinct))
        breaks = np.array([m.start() for m in re.finditer("\n", normalized)], dtype=np.int64)
        found = [(m.start(), m.group()) for m in _TOKEN.finditer(normalized)]
        token_starts = np.fromiter((start for start, _ in found), dtype=np.int64,
                                   count=len(found))
        owner = np.searchsorted(breaks, token_starts)  # the distinct piece of each token
        token_codes, vocabulary = pd.factorize(
            pd.Series([token for _, token in found], dtype=object))
        per_piece = np.bincount(owner, minlength=len(distinct)).astype(np.int64)
        piece_offsets = np.cumsum(per_piece) - per_piece

        doc_bounds = np.concatenate([[0], np.cumsum(n_pieces)]).astype(np.int64)

        def per_document(per_distinct_piece: np.ndarray) -> np.ndarray:
            running = np.concatenate([[0], np.cumsum(per_distinct_piece[piece_codes])])
            return (running[doc_bounds[1:]] - running[doc_bounds[:-1]]).astype(np.int64)

        n_tokens = per_document(per_piece)
        if count_words:
            # Word and Arabic-word counts per distinct piece, then per document.
            words = np.array([bool(_LETTER.search(t)) for t in vocabulary], dtype=np.int64)
            arabic = np.array([bool(_ARABIC_LETTER.search(t)) for t in vocabulary],
                              dtype=np.int64)
            n_words = per_document(np.bincount(owner, weights=words[token_codes],
                                               minlength=len(distinct)))
            n_arabic = per_document(np.bincount(owner, weights=arabic[token_codes],
                                                minlength=len(distinct)))
        else:
            n_words = n_arabic = np.zeros(len(n_tokens), dtype=np.int64)
        # Each occurrence of a piece stands for its tokens: token t of the corpus is
        # token (t - delta) of the distinct pieces' token list.
        lengths = per_piece[piece_codes]
        before = np.cumsum(lengths) - lengths
        total = int(lengths.sum())
        delta = np.repeat(before - piece_offsets[piece_codes], lengths)
        # pandas' stable (keyed SipHash) string hash: the same token, the same hash, every run
        token_hashes = pd.util.hash_array(np.array(vocabulary, dtype=object))
        hashes = token_hashes[token_codes[np.arange(total, dtype=np.int64) - delta]]
        starts = np.cumsum(n_tokens) - n_tokens
        return cls(n_tokens, starts, hashes, n_words, n_arabic)


# -- duplicates ----------------------------------------------------------------------------


def _exact_groups(pieces: pa.Array, is_empty: np.ndarray) -> np.ndarray:
    """A group number per document (-1: empty); equal numbers mean equal texts."""
    collapsed = pc.binary_join(pieces, pa.scalar(" ", type=pa.large_string()))
    groups = pc.dictionary_encode(collapsed).indices.to_numpy(zero_copy_only=False)
    groups = groups.astype(np.int64)
    groups[is_empty] = -1
    return groups


def _fmix32(values: np.ndarray) -> np.ndarray:
    """The MurmurHash3 32-bit finalizer (datasketch's pre-mix for its affine32 scheme)."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


@dataclass
class _Shingles:
    """Shingle hashes of every document: ``values[bounds[i]:bounds[i + 1]]`` are document i's."""

    values: np.ndarray
    bounds: np.ndarray

    def of(self, i: int) -> np.ndarray:
        return self.values[self.bounds[i]:self.bounds[i + 1]]


def _combine(parts: list[np.ndarray]) -> np.ndarray:
    """One 64-bit hash of a sequence of token hashes (element-wise over arrays)."""
    combined = np.zeros(len(parts[0]), dtype=_UINT64)
    with np.errstate(over="ignore"):
        for j, part in enumerate(parts):
            shift = _UINT64(7 * j + 1)  # position-dependent rotation: order matters
            combined = (combined ^ ((part << shift) | (part >> (_UINT64(64) - shift)))) * \
                _UINT64(0x9E3779B97F4A7C15)
        return combined ^ (combined >> _UINT64(29))


def _shingle_hashes(tokens: _Tokens, size: int) -> _Shingles:
    """The hash of every run of ``size`` tokens within a document, document by document.

    A document with ``n >= size`` tokens has ``n - size + 1`` shingles; a
    shorter non-empty one has one shingle of all its tokens; an empty one none.
    """
    n_tokens, starts, hashes = tokens.n_tokens, tokens.starts, tokens.hashes
    total_tokens = len(hashes)
    long_doc = n_tokens >= size
    short_doc = (n_tokens > 0) & ~long_doc
    per_doc = np.where(long_doc, n_tokens - size + 1, short_doc.astype(np.int64))
    bounds = np.concatenate([[0], np.cumsum(per_doc)]).astype(np.int64)
    values = np.empty(int(bounds[-1]), dtype=_UINT64)
    # Shingles starting at every token, computed on shifted views of the whole array;
    # those that would run past the end of their document are then dropped.
    m = total_tokens - size + 1
    is_long_slot = np.ones(len(values), dtype=bool)
    is_long_slot[bounds[:-1][short_doc]] = False
    if m > 0 and long_doc.any():
        every = _combine([hashes[j:j + m] for j in range(size)])
        ends = starts + n_tokens
        cut_from = np.where(long_doc, ends - size + 1, starts)
        change = (np.bincount(cut_from, minlength=total_tokens + 1)
                  - np.bincount(ends, minlength=total_tokens + 1))
        valid = np.cumsum(change)[:m] == 0
        values[is_long_slot] = every[valid]
    if short_doc.any():
        rows = np.flatnonzero(short_doc)
        parts = []
        for j in range(size):
            inside = j < n_tokens[rows]
            parts.append(np.where(inside, hashes[np.minimum(starts[rows] + j,
                                                            total_tokens - 1)], _UINT64(0)))
        values[~is_long_slot] = _combine(parts)
    return _Shingles(values, bounds)


def _minhash_signatures(shingles: _Shingles, num_perm: int, seed: int
                        ) -> tuple[np.ndarray, np.ndarray]:
    """The documents that have shingles, and their MinHash signatures (uint32).

    The signature is the one datasketch's ``MinHash(num_perm, seed,
    scheme="affine32")`` gives when fed each shingle's 32-bit hash (fmix32
    pre-mix, then ``a * h + b mod 2**32`` per permutation, whose
    parameters are taken from datasketch), but computed with numpy over all
    shingles at once: feeding SaudiNewsNet's 8.7 M shingles through
    ``MinHash.update`` costs one Python call per shingle, this about a
    second in all. Blocks of about a million shingles keep the work in cache.
    """
    from datasketch import MinHash

    a, b = MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations
    values = shingles.values
    mixed = _fmix32(((values >> _UINT64(32)) ^ values).astype(np.uint32))
    counts = np.diff(shingles.bounds)
    docs = np.flatnonzero(counts > 0)
    signatures = np.empty((len(docs), num_perm), dtype=np.uint32)
    doc_starts = shingles.bounds[docs]
    block_edges = np.searchsorted(doc_starts, np.arange(0, len(mixed), 1 << 20))
    block_edges = np.unique(np.concatenate([block_edges, [len(docs)]]))
    with np.errstate(over="ignore"):
        for lo, hi in itertools.pairwise(block_edges):
            start = doc_starts[lo]
            stop = shingles.bounds[docs[hi - 1] + 1]
            block = mixed[start:stop]
            offsets = doc_starts[lo:hi] - start
            for i in range(num_perm):
                signatures[lo:hi, i] = np.minimum.reduceat(block * a[i] + b[i], offsets)
    return docs, signatures


def _near_groups(tokens: _Tokens, size: int, num_perm: int, seed: int, threshold: float
                 ) -> np.ndarray:
    """A group number per document (-1 for documents without shingles)."""
    n_docs = len(tokens.n_tokens)
    shingles = _shingle_hashes(tokens, size)
    docs, signatures = _minhash_signatures(shingles, num_perm, seed)
    groups = np.full(n_docs, -1, dtype=np.int64)
    if not len(docs):
        return groups
    distinct = {}

    def shingle_set(i: int) -> np.ndarray:
        if i not in distinct:
            distinct[i] = np.unique(shingles.of(i))
        return distinct[i]

    groups[docs] = docs
    parent = {}

    def root(i: int) -> int:
        parent.setdefault(i, i)
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # Union-find over verified pairs: clusters are the connected groups of pairs. A
    # candidate whose two documents are already connected needs no check: it could
    # only join what is joined.
    for i, j in _candidate_pairs(docs, signatures, _lsh_bands(threshold, num_perm)):
        a, b = root(i), root(j)
        if a != b and _jaccard(shingle_set(i), shingle_set(j)) >= threshold:
            parent[max(a, b)] = min(a, b)
    for i in parent:
        groups[i] = root(i)
    return groups


def _candidate_pairs(docs: np.ndarray, signatures: np.ndarray, params: tuple[int, int]
                     ) -> np.ndarray:
    """Pairs of documents (``i < j``, sorted) whose signatures agree on a whole band.

    These are the candidates of a MinHash LSH index with ``bands`` bands of
    ``rows`` rows (datasketch's ``MinHashLSH(params=(bands, rows))`` puts two
    documents in one bucket exactly when a band's values are equal), found
    with a sort per band instead of one index insertion per document.
    """
    bands, rows = params
    found = []
    for band in range(bands):
        block = np.ascontiguousarray(signatures[:, band * rows:(band + 1) * rows])
        keys = block.view(np.dtype((np.void, block.dtype.itemsize * rows))).ravel()
        _, bucket, counts = np.unique(keys, return_inverse=True, return_counts=True)
        shared = np.flatnonzero(counts[bucket] > 1)
        if not len(shared):
            continue
        order = shared[np.argsort(bucket[shared], kind="stable")]
        members, of = docs[order], bucket[order]
        # each member with the one `step` places later in its bucket, for every step
        for step in range(1, int(counts.max())):
            same = np.flatnonzero(of[step:] == of[:-step])
            if not len(same):
                break
            found.append(np.column_stack([members[same], members[same + step]]))
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    pairs = np.sort(np.concatenate(found), axis=1)
    return np.unique(pairs, axis=0)


def _lsh_bands(threshold: float, num_perm: int, recall: float = _LSH_RECALL
               ) -> tuple[int, int]:
    """``(bands, rows)`` for the LSH index: as few candidates as possible, while a pair
    exactly at the threshold becomes a candidate with probability ``recall`` or more.

    datasketch's own choice balances false positives and false negatives
    around the threshold: with 64 permutations and a threshold of 0.8 it
    finds only about a third of the pairs at 0.8. Candidates are verified
    with the exact Jaccard similarity anyway, so recall is what matters.
    """
    for rows in range(num_perm, 0, -1):
        bands = num_perm // rows
        if 1 - (1 - threshold ** rows) ** bands >= recall:
            return bands, rows
    return num_perm, 1


def _jaccard(first: np.ndarray, second: np.ndarray) -> float:
    """Jaccard similarity of two sets given as sorted arrays of distinct values."""
    shared = len(np.intersect1d(first, second, assume_unique=True))
    return shared / (len(first) + len(second) - shared)


def _first_order(dates: pd.Series, doc_ids: np.ndarray) -> np.ndarray:
    """Rank of each document in "first" order: earliest date (undated last), then doc_id."""
    frame = pd.DataFrame({"date": dates.to_numpy(), "doc_id": doc_ids.astype(str)})
    ranked = frame.sort_values(["date", "doc_id"], na_position="last", kind="stable").index
    rank = np.empty(len(frame), dtype=np.int64)
    rank[ranked.to_numpy()] = np.arange(len(frame))
    return rank


def _clusters(groups: np.ndarray, order: np.ndarray, kind: str, corpus: pd.DataFrame
              ) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    """Cluster ids per document (0: none), each cluster's first document, and the table.

    Clusters are groups of two or more documents, numbered from 1 by size
    (largest first), then by their first document.
    """
    n = len(groups)
    cluster = np.zeros(n, dtype=np.int64)
    valid = groups >= 0
    sizes = pd.Series(groups[valid]).value_counts()
    multi = sizes[sizes >= 2].index.to_numpy()
    members = np.flatnonzero(valid & np.isin(groups, multi))
    columns = ["kind", "cluster", "size", "n_outlets", "outlets", "doc_ids", "first_doc_id",
               "title"]
    if not len(members):
        return cluster, np.zeros(1, dtype=np.int64), pd.DataFrame(columns=columns)
    frame = pd.DataFrame({"row": members, "group": groups[members], "rank": order[members]})
    frame = frame.sort_values(["group", "rank"])
    first = frame.groupby("group", sort=False)["row"].first()
    size = frame.groupby("group", sort=False).size()
    ranking = pd.DataFrame({"size": size, "first_rank": order[first.to_numpy()]},
                           index=size.index).sort_values(["size", "first_rank"],
                                                         ascending=[False, True])
    number = pd.Series(np.arange(1, len(ranking) + 1), index=ranking.index)
    cluster[frame["row"].to_numpy()] = number.loc[frame["group"]].to_numpy()
    first_row = np.zeros(len(ranking) + 1, dtype=np.int64)
    first_row[number.loc[first.index].to_numpy()] = first.to_numpy()

    outlets = corpus["outlet"].to_numpy(dtype=object) if "outlet" in corpus.columns else None
    titles = corpus["title"].to_numpy(dtype=object) if "title" in corpus.columns else None
    doc_ids = corpus["doc_id"].to_numpy(dtype=object)
    rows = []
    for group, members_of in frame.groupby("group", sort=False)["row"]:
        member_rows = members_of.to_numpy()
        names = ([] if outlets is None else
                 sorted({str(o) for o in outlets[member_rows] if not pd.isna(o)}))
        head = int(first.loc[group])
        title = titles[head] if titles is not None else None
        rows.append((kind, int(number.loc[group]), len(member_rows), len(names), names,
                     [str(d) for d in doc_ids[member_rows]], str(doc_ids[head]),
                     None if title is None or pd.isna(title) else str(title)))
    table = pd.DataFrame(rows, columns=columns).sort_values("cluster", ignore_index=True)
    table["title"] = table["title"].astype("string")
    return cluster, first_row, table


def _first_ids(cluster: np.ndarray, first_row: np.ndarray, doc_ids: np.ndarray) -> Any:
    """The doc_id of each document's cluster's first document (NA for that one and singles)."""
    values = np.full(len(cluster), None, dtype=object)
    has = cluster > 0
    heads = first_row[cluster[has]]
    positions = np.flatnonzero(has)
    is_other = heads != positions
    values[positions[is_other]] = doc_ids[heads[is_other]].astype(str)
    return pd.array(values, dtype="string")


def _exclusions(n: int, order: np.ndarray, doc_ids: np.ndarray,
                flags: list[tuple[str, np.ndarray, bool]],
                duplicates: list[tuple[str, np.ndarray, bool]]
                ) -> tuple[np.ndarray, np.ndarray]:
    """Reason per document ("" if kept) and, for duplicates, the document kept instead."""
    reason = np.full(n, "", dtype=object)
    duplicate_of = np.full(n, None, dtype=object)
    for name, mask, wanted in flags:
        if wanted:
            reason[mask & (reason == "")] = name
    for name, cluster, wanted in duplicates:
        if not wanted:
            continue
        alive = np.flatnonzero((reason == "") & (cluster > 0))
        if not len(alive):
            continue
        frame = pd.DataFrame({"row": alive, "cluster": cluster[alive], "rank": order[alive]})
        frame = frame.sort_values(["cluster", "rank"])
        head = frame.groupby("cluster")["row"].transform("first").to_numpy()
        rows = frame["row"].to_numpy()
        later = rows != head
        reason[rows[later]] = name
        duplicate_of[rows[later]] = doc_ids[head[later]].astype(str)
    return reason.astype(str), duplicate_of


def _by_outlet_month(outlets: pd.Series, dates: pd.Series) -> pd.DataFrame:
    month = dates.dt.to_period("M").dt.to_timestamp().astype("datetime64[ns]")
    frame = pd.DataFrame({"outlet": pd.array(outlets.to_numpy(dtype=object), dtype="string"),
                          "month": month.to_numpy()})
    counts = frame.groupby(["outlet", "month"], dropna=False).size().rename("n_docs")
    counts = counts.reset_index().sort_values(["outlet", "month"], ignore_index=True)
    counts["n_docs"] = counts["n_docs"].astype(np.int64)
    return counts


# -- report -------------------------------------------------------------------------------


def format_audit(report: AuditReport, *, n_clusters: int = 10) -> str:
    """A plain-text summary of an audit, for the terminal (``framing corpus info``).

    Lists documents per outlet and per month, the empty, short and
    non-Arabic counts, duplicates, exclusions, and the ``n_clusters``
    largest near-duplicate clusters with their outlets and a title.
    """
    flags, settings = report.flags, report.settings
    n = len(flags)
    lines: list[str] = []
    dated = flags["date"].dropna()
    span = (f", {dated.min():%Y-%m-%d} to {dated.max():%Y-%m-%d}" if len(dated) else
            ", no dates")
    n_outlets = flags["outlet"].dropna().nunique()
    lines.append(f"Corpus audit: {n:,} documents, {n_outlets} outlets{span}")
    lines.append(
        f"Settings: min_tokens={settings.get('min_tokens')}, "
        f"min_arabic_share={settings.get('min_arabic_share')}, "
        f"near_duplicate_threshold={settings.get('near_duplicate_threshold')} "
        f"({settings.get('shingle_size')}-token shingles)"
    )
    lines += ["", "Documents per outlet"]
    per_outlet = flags["outlet"].astype(object).fillna("(unknown)").value_counts()
    width = max((len(str(o)) for o in per_outlet.index), default=10)
    lines += [f"  {o!s:<{width}}  {c:>8,}" for o, c in per_outlet.items()]
    lines += ["", "Documents per month"]
    months = flags["date"].dt.strftime("%Y-%m").fillna("(undated)").value_counts().sort_index()
    lines += [f"  {m:<9}  {c:>8,}" for m, c in months.items()]

    exact = report.clusters[report.clusters["kind"] == "exact"]
    near = report.clusters[report.clusters["kind"] == "near"]
    counts = [
        ("empty", int(flags["is_empty"].sum()), ""),
        (f"short (< {settings.get('min_tokens')} tokens)", int(flags["is_short"].sum()), ""),
        ("mostly non-Arabic", int(flags["is_mostly_non_arabic"].sum()), ""),
        ("in exact-duplicate clusters", int(exact["size"].sum()), f"  ({len(exact):,} clusters)"),
        ("in near-duplicate clusters", int(near["size"].sum()),
         f"  ({len(near):,} clusters, {int((near['n_outlets'] > 1).sum()):,} across outlets)"),
    ]
    lines += ["", "Flags"]
    lines += [f"  {label:<28}{count:>8,}{note}" for label, count, note in counts]

    lines += ["", "Exclusions"]
    if len(report.rejected):
        lines.append(f"  kept {len(report.kept):,}, rejected {len(report.rejected):,}:")
        counts = report.rejected["reason"].value_counts(sort=False)
        lines += [f"    {reason:<16} {count:>8,}" for reason, count in counts.items() if count]
    else:
        lines.append("  none requested (see drop_empty, drop_short, drop_non_arabic, dedupe)")

    lines += ["", f"Largest near-duplicate clusters (up to {n_clusters})"]
    if not len(near):
        lines.append("  none")
    for row in near.head(n_clusters).itertuples():
        title = row.title if isinstance(row.title, str) else "(no title)"
        title = " ".join(title.split())
        if len(title) > 70:
            title = title[:69] + "…"
        lines.append(f"  #{row.cluster:<3} {row.size:>4} docs, {row.n_outlets} outlet(s): "
                     f"{', '.join(row.outlets) or '(unknown)'}")
        lines.append(f"        first {row.first_doc_id}: {title}")
    return "\n".join(lines) + "\n"
