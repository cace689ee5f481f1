"""Keyness: which words (or framing labels) set one group of documents apart.

The statistic is the log-odds ratio with a Dirichlet prior of Monroe,
Colaresi and Quinn (2008), "Fightin' Words: Lexical Feature Selection and
Evaluation for Identifying the Content of Political Conflict", Political
Analysis 16(4): 372–403. For a term w, with y_w^a its count in group a,
n_a the group's total count, α_w the prior pseudo-count of w and α0 = Σ α_w::

    δ_w = log((y_w^a + α_w) / (n_a + α0 − y_w^a − α_w))
        − log((y_w^b + α_w) / (n_b + α0 − y_w^b − α_w))
    σ²_w ≈ 1 / (y_w^a + α_w) + 1 / (y_w^b + α_w)          ("monroe", the paper's)
    σ²_w = the above + 1 / (n_a + α0 − y_w^a − α_w)
                     + 1 / (n_b + α0 − y_w^b − α_w)       ("full")
    z_w  = δ_w / σ_w

Positive z: typical of a; negative: typical of b. The prior shrinks the
estimates of rare terms, so a word said twice by one outlet and never by
the other does not top the list, as it does with raw log-odds ratios.

Priors:

* ``"informative"`` (the paper's informative Dirichlet prior):
  α_w = α0 · y_w / Σ y, with y_w the term's count in the whole corpus given
  (all documents, not only those of a and b). α0 is the prior's weight in
  tokens: by default the mean number of counted tokens per document (the
  prior weighs as much as one average document; our default: the paper
  leaves α0 to the analyst). Pass ``alpha0`` to choose, and report it.
* ``"uninformative"``: the same pseudo-count for every term, α_w = α0 / V;
  by default α_w = 0.01, the value usual in implementations of the method.

Words are normalised with :class:`framing.Normalizer` and split into tokens
exactly as :func:`framing.tokenize` does (runs of letters and digits);
counting is vectorised (words numbered by Arrow's dictionary encoding, then a
sparse matrix), so the 31,000 articles of SaudiNewsNet take seconds.

Terms are normalised keys (مدينه, سوريه, امن), which readers take for
misspellings; every word table therefore also gives each term's ``surface``:
the written form readers should see (see :func:`document_term_matrix`).

With ``strip_clitics=True`` a proclitic (و ف ب ك ل, the article) is cut only
where the corpus shows that what remains is a word of its own (see
:func:`clitic_stems`), so والجيش, بالجيش and للجيش are counted with their
stem while فيما, وزير and وحدات stay whole.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from functools import cache
from itertools import chain
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from framing.indicators import _as_counts, _show
from framing.language import known_languages, normalizer_for
from framing.lexicon import Lexicon, load_lexicon
from framing.matcher import tokenize
from framing.morphology import affixes, proclitic_sequences
from framing.morphology import clitic_prefixes as morphology_prefixes
from framing.normalize import Normalizer

__all__ = [
    "KEYNESS_COLUMNS",
    "MIN_STEM_COUNT",
    "MIN_STEM_LETTERS",
    "MIN_STEM_SHARE",
    "clitic_prefixes",
    "clitic_stems",
    "document_term_matrix",
    "keyness",
    "log_odds_dirichlet",
    "strip_clitic",
    "top_terms",
]

#: Columns of :func:`keyness` with ``features="words"`` (a categories table has no
#: ``surface``).
KEYNESS_COLUMNS = ["group", "reference", "term", "surface", "count_a", "count_b", "alpha",
                   "delta", "variance", "z", "rank"]

#: A proclitic is stripped only if at least this many letters remain.
MIN_STEM_LETTERS = 3

#: :func:`clitic_stems`: the stem must be written on its own at least this many times ...
MIN_STEM_COUNT = 3
#: ... and at least this share of the count of the word it is cut from.
MIN_STEM_SHARE = 0.1

_MODES = ("pair", "one_vs_rest", "before_after")
_PRIORS = ("informative", "uninformative")
_VARIANCES = ("monroe", "full")
_FEATURES = ("words", "categories")
_UNINFORMATIVE_ALPHA = 0.01


def log_odds_dirichlet(
    count_a: Any, count_b: Any, alpha: Any, *, variance: str = "monroe"
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Monroe et al.'s log-odds ratio δ, its variance and z for every term.

    Parameters
    ----------
    count_a, count_b : array-like of shape (..., n_terms)
        Term counts in groups a and b; n_a and n_b are their sums over the
        last axis (so pass every term of the vocabulary).
    alpha : array-like of shape (n_terms,)
        Prior pseudo-counts α_w (all positive); α0 is their sum.
    variance : {"monroe", "full"}, default "monroe"
        The paper's two-term approximation or the four-term variance.

    Returns
    -------
    (delta, variance, z) : arrays shaped like the counts
    """
    if variance not in _VARIANCES:
        raise ValueError("The 'variance' parameter of framing.keyness must be one of "
                         f"{{'monroe', 'full'}}. Got {variance!r} instead.")
    y_a = np.asarray(count_a, dtype=float)
    y_b = np.asarray(count_b, dtype=float)
    alpha = np.asarray(alpha, dtype=float)
    if np.any(alpha <= 0):
        raise ValueError("framing.keyness: every prior pseudo-count must be positive.")
    alpha0 = alpha.sum()
    n_a = y_a.sum(axis=-1, keepdims=True)
    n_b = y_b.sum(axis=-1, keepdims=True)
    in_a, out_a = y_a + alpha, n_a + alpha0 - y_a - alpha
    in_b, out_b = y_b + alpha, n_b + alpha0 - y_b - alpha
    delta = np.log(in_a / out_a) - np.log(in_b / out_b)
    var = 1.0 / in_a + 1.0 / in_b
    if variance == "full":
        var = var + 1.0 / out_a + 1.0 / out_b
    return delta, var, delta / np.sqrt(var)


# -- words ------------------------------------------------------------------------


def clitic_prefixes(normalizer: Normalizer | None = None) -> tuple[str, ...]:
    """Proclitic combinations stripped by ``strip_clitics=True``, longest first.

    Conjunction (و ف), then preposition (ب ك ل), then the article, in every
    combination (وال، بال، فبال، لل، ولل ...), from ``framing/data/morphology.yaml``,
    normalised like the text.
    """
    norm = normalizer or Normalizer()
    found = {*morphology_prefixes(False), *morphology_prefixes(True)} - {""}
    return tuple(sorted({norm(p) for p in found}, key=lambda p: (-len(p), p)))


def strip_clitic(token: str, prefixes: Sequence[str], *, min_stem: int = MIN_STEM_LETTERS
                 ) -> str:
    """``token`` without its longest proclitic prefix, if ``min_stem`` letters remain.

    The unconditional cut, word by word: it pools والحكومة, بالحكومة and الحكومة
    as حكومة, but it also cuts root letters that look like clitics (وزير → زير,
    فيما → يما). :func:`keyness` does not use it: it cuts only what the corpus
    supports (:func:`clitic_stems`).
    """
    return _clitic_pattern(tuple(prefixes), min_stem).sub("", token, count=1)


def _texts(corpus: Any, text_column: str) -> list[str]:
    if isinstance(corpus, str | bytes):
        raise TypeError("framing.keyness expects several documents (a corpus table or a list "
                        "of texts); got a single string. Wrap one document in a list.")
    if isinstance(corpus, pd.DataFrame):
        if text_column not in corpus.columns:
            raise KeyError(f"framing.keyness: the corpus table has no {text_column!r} column "
                           f"(columns: {', '.join(map(str, corpus.columns))}); pass "
                           "text_column=... to name it.")
        values = corpus[text_column].tolist()
    else:
        values = list(corpus)
    out = []
    for i, text in enumerate(values):
        if text is None or (isinstance(text, float) and np.isnan(text)):
            text = ""
        if not isinstance(text, str):
            raise TypeError(f"framing.keyness: document {i} is a {type(text).__name__}, not "
                            "a str.")
        out.append(text)
    return out


@cache
def _clitic_pattern(prefixes: tuple[str, ...], min_stem: int = MIN_STEM_LETTERS
                    ) -> re.Pattern:
    """The rule of :func:`strip_clitic` as one regex: the first of ``prefixes`` (they
    come longest first) that leaves ``min_stem`` letters; the regex backtracks to the
    next prefix when one leaves too few."""
    alternatives = "|".join(map(re.escape, prefixes))
    return re.compile(f"^(?:{alternatives})(?=.{{{min_stem}}})", re.DOTALL)


def clitic_stems(
    words: Any,
    counts: Any,
    *,
    normalizer: Normalizer | None = None,
    min_stem_count: int = MIN_STEM_COUNT,
    min_stem_share: float = MIN_STEM_SHARE,
) -> np.ndarray:
    """The stem of every word of a vocabulary: the word without the proclitics the
    vocabulary itself shows to be clitics.

    Parameters
    ----------
    words : sequence of str
        Distinct normalised words (a corpus' vocabulary).
    counts : sequence of numbers
        How often each word is written in the corpus.
    normalizer : Normalizer, optional
        The normalisation of the words (it spells the clitics alike).
    min_stem_count, min_stem_share
        A clitic is cut from a word w, leaving s, only if s is itself a word
        of the vocabulary written at least ``min_stem_count`` times and at
        least ``min_stem_share`` times as often as w.

    Returns
    -------
    ndarray of str
        The stem of each word (the word itself where nothing is cut).

    Notes
    -----
    The rule, applied to word types (vectorised), never to single tokens:

    1. *Candidates.* Every proclitic sequence (و ف, then ب ك ل, then ال, in
       every combination; :func:`framing.morphology.proclitic_sequences`)
       that begins w and leaves :data:`MIN_STEM_LETTERS` letters gives the
       stem without it, and a sequence with a preposition and the article
       also the stem with the article kept (للجيش → الجيش, بالجيش → الجيش).
    2. *Evidence for the stem.* A candidate stands if the stem is a word
       written ``min_stem_count`` times and ``min_stem_share`` times as often
       as w. On SaudiNewsNet the bare form of a true clitic pair is mostly
       written more often than the attached one (سوريا: 7.6 times as often as
       وسوريا, الجيش: 7.7 times والجيش), while the pieces the cut makes of
       whole words are rare or absent (يما: 0.001 times فيما; حدات: never;
       زير: 0.001 times وزير); the count keeps a typo or two from deciding.
       The price: the few true pairs whose bare form is rarer than a tenth
       stay whole (وأضاف: أضاف is written 0.04 times as often), shown as the
       word readers see, never as a piece of one.
    3. *Evidence for the whole word.* A clitic is not cut from w when w
       itself takes clitics that cannot stand outside it, as often as in
       rule 2: ووزير and الوزير show that وزير is a word (nothing stands
       before the conjunction), البيان and الكتاب that بيان and كتاب are
       (the article never precedes a preposition), while وبالجيش is no
       evidence against بالجيش. This keeps whole words whose cut leaves
       another word (فيصل, يصل; بطاقة, طاقة; وكالة, آلة).
    4. *Fewest clitics first.* Of the candidates standing, the one cutting
       the fewest clitics wins (ties: the more frequent stem), and a stem is
       stemmed in turn: والرياض → الرياض, which stays (رياض is written 0.03
       times as often), while والجيش → الجيش → جيش.

    Words that are two readings at once (لماذا is ل + ماذا; والي is و + إلى
    and "governor") follow the evidence, which no frequency rule settles.

    Examples
    --------
    >>> words = ["فيما", "والجيش", "الجيش", "جيش", "يما"]
    >>> clitic_stems(words, [50, 10, 40, 8, 1]).tolist()
    ['فيما', 'جيش', 'جيش', 'جيش', 'يما']
    """
    vocabulary = np.asarray(list(words) if not isinstance(words, np.ndarray) else words,
                            dtype=object)
    frequency = np.asarray(counts, dtype=float)
    if vocabulary.ndim != 1 or frequency.shape != vocabulary.shape:
        raise ValueError(f"framing.keyness.clitic_stems: {len(vocabulary)} words but "
                         f"{frequency.size} counts; pass one count per word.")
    _check_stem_rule(min_stem_count, min_stem_share)
    if not len(vocabulary):
        return vocabulary
    parents = _clitic_parents(vocabulary, frequency, normalizer or Normalizer(), min_stem_count,
                              float(min_stem_share))
    return vocabulary[parents]


def _check_stem_rule(min_stem_count: Any, min_stem_share: Any) -> None:
    if isinstance(min_stem_count, bool) or not isinstance(min_stem_count, int) or \
            min_stem_count < 1:
        raise ValueError("The 'min_stem_count' parameter of framing.keyness must be an integer "
                         f">= 1. Got {min_stem_count!r} instead.")
    if isinstance(min_stem_share, bool) or not isinstance(min_stem_share, int | float) or \
            not 0 <= min_stem_share < float("inf"):
        raise ValueError("The 'min_stem_share' parameter of framing.keyness must be a number "
                         f">= 0. Got {min_stem_share!r} instead.")


def _clitic_parents(words: np.ndarray, counts: np.ndarray, norm: Normalizer, min_count: int,
                    min_share: float) -> np.ndarray:
    """Index of every word's stem in ``words`` (the rule of :func:`clitic_stems`)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    array = pa.array(words, type=pa.large_string())
    if len(pc.unique(array)) != len(array):
        raise ValueError("framing.keyness.clitic_stems: the words must be distinct; "
                         f"{len(array) - len(pc.unique(array))} are repeated.")
    letters = pc.utf8_length(array).to_numpy(zero_copy_only=False)
    # the evidence a word or stem must show: written min_count times and min_share
    # times as often as the word a clitic would be cut from
    needed = np.maximum(float(min_count), min_share * counts)

    def prefixed(prefix: str, strings: pa.Array) -> pa.Array:
        return pc.utf8_replace_slice(strings, start=0, stop=0, replacement=prefix)

    parts = affixes()
    article = norm(parts.article)
    inner = [norm(p) for p in parts.prepositions] + [article]
    outside = {"conjunction": [norm(c) for c in parts.conjunctions] + inner,
               "preposition": inner}
    # every string to look up, in one array, so the vocabulary is hashed once:
    # each word behind each single clitic (evidence that the word is whole), then
    # the stems every proclitic sequence would leave
    lookups: list[pa.Array] = [prefixed(p, array) for p in dict.fromkeys(outside["conjunction"])]
    candidates: list[tuple[np.ndarray, int, str]] = []
    for sequence in proclitic_sequences():
        prefix = norm(sequence.written)
        mask = pc.starts_with(array, prefix).to_numpy(zero_copy_only=False)
        rows = np.flatnonzero(mask & (letters - len(prefix) >= MIN_STEM_LETTERS))
        if not len(rows):
            continue
        stems = pc.utf8_slice_codeunits(array.take(pa.array(rows)), len(prefix))
        lookups.append(stems)
        candidates.append((rows, sequence.n_clitics, sequence.outermost))
        if sequence.definite and sequence.n_clitics > 1:  # بالجيش → الجيش, للجيش → الجيش
            lookups.append(prefixed(article, stems))
            candidates.append((rows, sequence.n_clitics - 1, sequence.outermost))
    found_all = pc.index_in(pa.concat_arrays(lookups), value_set=array).fill_null(-1)
    found_all = found_all.to_numpy(zero_copy_only=False).astype(np.int64)
    seen_all = np.where(found_all >= 0, counts[found_all], 0.0)
    ends = np.cumsum([len(x) for x in lookups])
    starts = ends - np.array([len(x) for x in lookups])
    n_evidence = len(lookups) - len(candidates)
    behind = dict(zip(dict.fromkeys(outside["conjunction"]),
                      (seen_all[i:j] for i, j in zip(starts[:n_evidence], ends[:n_evidence],
                                                     strict=True)), strict=True))
    whole = {kind: sum(behind[p] for p in prefixes) >= needed
             for kind, prefixes in outside.items()}
    chosen_word: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    chosen_rank: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    chosen_count: list[np.ndarray] = [np.zeros(0)]
    chosen_stem: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    for (rows, rank, outermost), i, j in zip(candidates, starts[n_evidence:], ends[n_evidence:],
                                             strict=True):
        seen, found = seen_all[i:j], found_all[i:j]
        ok = (found >= 0) & (seen >= needed[rows])
        if outermost in whole:
            ok &= ~whole[outermost][rows]
        chosen_word.append(rows[ok])
        chosen_rank.append(np.full(int(ok.sum()), rank))
        chosen_count.append(seen[ok])
        chosen_stem.append(found[ok])
    parents = np.arange(len(words))
    word, rank = np.concatenate(chosen_word), np.concatenate(chosen_rank)
    seen, stem = np.concatenate(chosen_count), np.concatenate(chosen_stem)
    if len(word):  # fewest clitics first, then the most frequent stem
        order = np.lexsort((-seen, rank, word))
        first = order[np.r_[True, word[order][1:] != word[order][:-1]]]
        parents[word[first]] = stem[first]
    # a stem is stemmed in turn; every step makes a word shorter or turns لل into ال,
    # so the chains end (after at most a few steps)
    for _ in range(len(words)):
        following = parents[parents]
        if np.array_equal(following, parents):
            break
        parents = following
    return parents


def _shown_normalizer(norm: Normalizer) -> Normalizer:
    """The normaliser of surface forms: ``norm``'s deletions (marks, tatweel, invisible
    characters) and presentation forms, none of its spelling rules (أ إ ة ى stay).

    It deletes exactly the characters ``norm`` deletes, so a text splits into the
    same tokens after either, and ``norm`` of a shown token is its normalised token.
    """
    return dataclasses.replace(norm, alef=False, final_yeh=False, final_teh_marbuta=False,
                               persian=False, digits=False, casefold=False)


def _normalize_words(words: np.ndarray, norm: Normalizer) -> np.ndarray:
    """``norm`` of each word, in one pass over the words joined by newlines (no rule
    looks across a newline, and no token holds one)."""
    if not len(words):
        return np.array([], dtype=object)
    normalized = norm.normalize("\n".join(words)).split("\n")
    if len(normalized) != len(words) or not all(normalized):
        raise RuntimeError("framing.keyness: normalising the distinct words changed their "
                           "number or emptied one; please report this with the corpus.")
    return np.array(normalized, dtype=object)


def _surfaces(key_of_written: np.ndarray, standalone: np.ndarray, written_counts: np.ndarray,
              written: np.ndarray, n_keys: int) -> np.ndarray:
    """Each key's most frequent written form, preferring forms written without a clitic."""
    order = np.lexsort((-written_counts, ~standalone, key_of_written))
    keys = key_of_written[order]
    first = np.r_[True, keys[1:] != keys[:-1]] if len(keys) else np.zeros(0, dtype=bool)
    surface = np.empty(n_keys, dtype=object)
    surface[keys[first]] = written[order[first]]
    return surface


def _factorize_tokens(tokens: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of all tokens, in order, and the vocabulary in order of first use.

    Arrow hashes the words in C++ without a Python object per token, several
    times faster than ``pd.factorize`` on millions of strings. Tokens never hold
    a space, so joining and splitting on one is exact.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    joined = " ".join(chain.from_iterable(tokens))
    if not joined:
        return np.zeros(0, dtype=np.int64), np.array([], dtype=object)
    words = pc.split_pattern(pa.array([joined], type=pa.large_string()), " ").flatten()
    encoded = pc.dictionary_encode(words)
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    return codes, np.array(encoded.dictionary.to_pylist(), dtype=object)


def _ngram_keys(codes: np.ndarray, lengths: np.ndarray, n: int
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """n-gram ids (factorised), the document of each, and each id's first position."""
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    position = np.arange(len(codes)) - np.repeat(starts, lengths)
    valid = np.flatnonzero(position <= np.repeat(lengths - n, lengths))
    keys, _ = pd.factorize(codes[valid])
    n_codes = int(codes.max()) + 1 if len(codes) else 1
    for k in range(1, n):
        combined = keys.astype(np.int64) * n_codes + codes[valid + k]
        keys, _ = pd.factorize(combined)
    docs = np.repeat(np.arange(len(lengths)), lengths)[valid]
    first = np.full(int(keys.max()) + 1 if len(keys) else 0, -1, dtype=np.int64)
    first[keys[::-1]] = valid[::-1]  # the last write wins: first occurrence
    return keys, docs, first


def document_term_matrix(
    texts: Any,
    *,
    normalizer: Normalizer | None = None,
    strip_clitics: bool = False,
    ngram_range: tuple[int, int] = (1, 1),
    min_count: int = 1,
    text_column: str = "text",
    min_stem_count: int = MIN_STEM_COUNT,
    min_stem_share: float = MIN_STEM_SHARE,
    return_surface: bool = False,
) -> tuple[sp.csr_matrix, np.ndarray] | tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
    """Sparse document × term counts of normalised tokens (and n-grams).

    Parameters
    ----------
    texts : DataFrame or sequence of str
        Documents (a DataFrame's ``text_column``).
    normalizer : Normalizer, optional
        Normalisation (the codebook's by default).
    strip_clitics : bool, default False
        Cut proclitics where the corpus shows them to be clitics (see
        :func:`clitic_stems`) before forming n-grams.
    ngram_range : (int, int), default (1, 1)
        Smallest and largest n of the word n-grams counted (words joined by a space).
    min_count : int, default 1
        Terms counted fewer times over all documents are left out (pruning
        before naming keeps millions of rare n-grams out of memory).
    min_stem_count, min_stem_share
        The evidence ``strip_clitics`` asks for (see :func:`clitic_stems`).
    return_surface : bool, default False
        Also return every term's surface form.

    Returns
    -------
    (matrix, terms) or (matrix, terms, surface)
        ``matrix[i, j]`` counts term ``terms[j]`` in document ``i``;
        ``surface[j]`` is how readers see ``terms[j]``: its most frequent
        written form in the texts, with the normaliser's deletions (marks,
        tatweel) but none of its spelling rules, so ة, ى, أ and إ stay as
        written (مدينه → مدينة). For a stem, forms written without a clitic
        come first (جيش, not الجيش), and only a term never written on its
        own is shown with its clitic. An n-gram shows its words' surfaces.
    """
    matrix, terms, surface, _, _ = _document_term_matrix(
        texts, normalizer, strip_clitics, ngram_range, min_count, text_column,
        min_stem_count, min_stem_share)
    return (matrix, terms, surface) if return_surface else (matrix, terms)


def _document_term_matrix(texts, normalizer, strip_clitics, ngram_range, min_count, text_column,
                          min_stem_count=MIN_STEM_COUNT, min_stem_share=MIN_STEM_SHARE
                          ) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray, int, int]:
    """Matrix, terms, surfaces, terms pruned, words stemmed (see document_term_matrix)."""
    low, high = _check_ngram_range(ngram_range)
    if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 1:
        raise ValueError("The 'min_count' parameter of framing.keyness must be an integer >= 1. "
                         f"Got {min_count!r} instead.")
    _check_stem_rule(min_stem_count, min_stem_share)
    norm = normalizer or Normalizer()
    pruned = 0
    documents = _texts(texts, text_column)
    # tokens as written (marks and tatweel deleted), numbered; then each distinct written
    # form normalised once: the same tokens as tokenize(norm(text)), far fewer calls
    shown = _shown_normalizer(norm)
    tokens = [tokenize(shown.normalize(t)) for t in documents]
    lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
    codes, written = _factorize_tokens(tokens)
    written_counts = np.bincount(codes, minlength=len(written))
    key_of_written, vocabulary = pd.factorize(_normalize_words(written, norm))
    vocabulary = np.asarray(vocabulary, dtype=object)
    stem_of_key = np.arange(len(vocabulary))
    if strip_clitics and len(vocabulary):
        key_counts = np.bincount(key_of_written, weights=written_counts,
                                 minlength=len(vocabulary))
        stem_of_key = _clitic_parents(vocabulary, key_counts, norm, min_stem_count,
                                      float(min_stem_share))
    stemmed = int((stem_of_key != np.arange(len(vocabulary))).sum())
    term_of_written, kept = pd.factorize(stem_of_key[key_of_written])
    standalone = stem_of_key[key_of_written] == key_of_written
    surface_of_term = _surfaces(term_of_written, standalone, written_counts, written, len(kept))
    vocabulary = vocabulary[kept]
    codes = term_of_written[codes]
    blocks, names, surfaces = [], [], []
    for n in range(low, high + 1):
        keys, docs, first = _ngram_keys(codes, lengths, n)
        frequent = np.flatnonzero(np.bincount(keys, minlength=len(first)) >= min_count)
        renumber = np.full(len(first), -1, dtype=np.int64)
        renumber[frequent] = np.arange(len(frequent))
        keys = renumber[keys]
        pruned += len(first) - len(frequent)
        docs, keys, first = docs[keys >= 0], keys[keys >= 0], first[frequent]
        if n == 1:
            grams, shown_grams = vocabulary[codes[first]], surface_of_term[codes[first]]
        else:
            grams = np.array([" ".join(vocabulary[codes[start:start + n]]) for start in first],
                             dtype=object)
            shown_grams = np.array([" ".join(surface_of_term[codes[start:start + n]])
                                    for start in first], dtype=object)
        blocks.append(sp.csr_matrix((np.ones(len(keys), dtype=np.int64), (docs, keys)),
                                    shape=(len(documents), len(grams))))
        names.append(grams)
        surfaces.append(shown_grams)
    matrix = sp.hstack(blocks, format="csr") if blocks else sp.csr_matrix((len(documents), 0))
    matrix.sum_duplicates()
    empty = np.array([], dtype=object)
    return (matrix, np.concatenate(names) if names else empty,
            np.concatenate(surfaces) if surfaces else empty, pruned, stemmed)


def _check_ngram_range(ngram_range: Any) -> tuple[int, int]:
    try:
        low, high = ngram_range
        ok = all(isinstance(v, int) and not isinstance(v, bool) for v in (low, high))
    except (TypeError, ValueError):
        ok = False
    if not ok or not 1 <= low <= high:
        raise ValueError("The 'ngram_range' parameter of framing.keyness must be a pair "
                         f"(min_n, max_n) with 1 <= min_n <= max_n. Got {ngram_range!r} instead.")
    return low, high


# -- categories ---------------------------------------------------------------------


def _category_matrix(data: Any, lexicon: Lexicon | str, normalizer: Normalizer | None,
                     text_column: str) -> tuple[sp.csr_matrix, np.ndarray, pd.DataFrame | None]:
    """Category counts of ``data``: a Scores, a counts table, or a corpus to score."""
    from framing.scoring import Scores, score

    lex = load_lexicon(lexicon)
    table = data.counts if isinstance(data, Scores) else data
    if isinstance(table, pd.DataFrame) and not all(c in table.columns for c in lex.category_ids):
        if text_column not in table.columns:
            raise KeyError(
                "framing.keyness: features='categories' needs a counts table with a column for "
                f"every category of lexicon {lex.name!r}, or a corpus table with a "
                f"{text_column!r} column to score."
            )
        table = score(table, lex, normalizer=normalizer, text_column=text_column,
                      progress=False).counts
    counts, lex = _as_counts(table, lex, caller="framing.keyness")
    matrix = sp.csr_matrix(counts[lex.category_ids].to_numpy(dtype=float))
    return matrix, np.array(lex.category_ids, dtype=object), counts


# -- comparisons ------------------------------------------------------------------------


def _labels(groups: Any, data: Any, n_docs: int) -> pd.Series:
    if isinstance(groups, str):
        if not isinstance(data, pd.DataFrame):
            raise TypeError(f"framing.keyness: groups={groups!r} names a column, but the "
                            "documents are not a table; pass one group label per document.")
        if groups not in data.columns:
            raise KeyError(f"framing.keyness: the table has no {groups!r} column (columns: "
                           f"{', '.join(map(str, data.columns))}).")
        labels = data[groups]
    else:
        labels = pd.Series(list(groups) if not isinstance(groups, pd.Series | np.ndarray)
                           else groups)
    if len(labels) != n_docs:
        raise ValueError(f"framing.keyness: {len(labels)} group labels for {n_docs} documents; "
                         "pass one label per document.")
    labels = labels.reset_index(drop=True)
    if labels.isna().any():
        missing = list(np.flatnonzero(labels.isna().to_numpy()))
        raise ValueError(f"framing.keyness: documents at position(s) {_show(missing)} have no "
                         "group; fill or drop them explicitly.")
    return labels


def _comparisons(labels: pd.Series, mode: str, a: Any, b: Any, date: Any
                 ) -> tuple[np.ndarray, list[tuple[Any, Any]]]:
    """Per document: index of its side in each comparison; and the comparison labels.

    Returns ``(membership, names)`` where ``membership`` is (n_comparisons,
    n_docs) with 0 for side a, 1 for side b and -1 for documents left out.
    """
    if mode == "one_vs_rest":
        if a is not None or b is not None:
            raise ValueError("framing.keyness: mode='one_vs_rest' compares every group with "
                             "all others; do not pass a or b.")
        codes, uniques = pd.factorize(labels, sort=True)
        if len(uniques) < 2:
            raise ValueError("framing.keyness: mode='one_vs_rest' needs at least two groups.")
        membership = np.where(codes[None, :] == np.arange(len(uniques))[:, None], 0, 1)
        return membership, [(u, "rest") for u in uniques]
    if mode == "before_after":
        if date is None:
            raise ValueError("framing.keyness: mode='before_after' needs date=... (documents "
                             "dated before it against those on or after it).")
        dates = pd.to_datetime(labels, errors="coerce")
        if dates.isna().any():
            bad = list(np.flatnonzero(dates.isna().to_numpy()))
            raise ValueError(f"framing.keyness: the dates at position(s) {_show(bad)} cannot "
                             "be read as dates.")
        cut = pd.Timestamp(date)
        if getattr(dates.dt, "tz", None) is not None and cut.tzinfo is None:
            cut = cut.tz_localize(dates.dt.tz)
        after = (dates >= cut).to_numpy()
        if after.all() or not after.any():
            raise ValueError(f"framing.keyness: every document is on one side of {cut.date()}; "
                             "choose a date inside the corpus' range.")
        label = f"{cut:%Y-%m-%d}"
        return np.where(after, 0, 1)[None, :], [(f"on/after {label}", f"before {label}")]
    if a is None:
        raise ValueError("framing.keyness: mode='pair' needs a=... (and b=..., or b=None for "
                         "all other documents).")
    known = set(labels.unique())
    for name, value in (("a", a), ("b", b)):
        if value is not None and value not in known:
            raise ValueError(f"framing.keyness: no document has group {value!r} ({name}). "
                             f"Known groups: {_show(sorted(map(str, known)), 20)}.")
    if b is not None and a == b:
        raise ValueError("framing.keyness: a and b are the same group.")
    in_a = (labels == a).to_numpy()
    in_b = (labels == b).to_numpy() if b is not None else ~in_a
    return np.where(in_a, 0, np.where(in_b, 1, -1))[None, :], [(a, b if b is not None else
                                                                  "rest")]


def _as_counts_dtype(values: np.ndarray, whole: bool) -> np.ndarray:
    return np.rint(values).astype(np.int64) if whole else values


def keyness(
    corpus_or_texts: Any,
    groups: Any,
    *,
    a: Any = None,
    b: Any = None,
    mode: str = "pair",
    date: Any = None,
    prior: str = "informative",
    alpha0: float | None = None,
    variance: str = "monroe",
    features: str = "words",
    strip_clitics: bool = False,
    ngram_range: tuple[int, int] = (1, 1),
    min_count: int = 5,
    lexicon: Lexicon | str = "default",
    normalizer: Normalizer | None = None,
    text_column: str = "text",
    top: int | None = None,
    min_stem_count: int = MIN_STEM_COUNT,
    min_stem_share: float = MIN_STEM_SHARE,
    within: str | None = None,
) -> pd.DataFrame:
    """Fightin' Words keyness: the terms most typical of one group against another.

    Parameters
    ----------
    corpus_or_texts : DataFrame, sequence of str, or Scores
        With ``features="words"``: a corpus table (``text_column``) or the
        texts. With ``features="categories"``: a counts table or Scores (a
        corpus table is scored with ``lexicon``).
    groups : str or array-like
        The group of every document, or the name of the table's column that
        holds it. With ``mode="before_after"``: every document's date (or the
        date column's name).
    a, b : optional
        ``mode="pair"``: the groups compared; ``b=None`` compares a with all
        other documents.
    mode : {"pair", "one_vs_rest", "before_after"}, default "pair"
        "one_vs_rest": every group against all other documents, in one call.
        "before_after": documents on or after ``date`` (group a) against those
        before it (group b).
    date : date-like, optional
        The cut for ``mode="before_after"``.
    prior : {"informative", "uninformative"}, default "informative"
        See the module documentation.
    alpha0 : float, optional
        Total prior pseudo-count α0 (defaults in the module documentation).
    variance : {"monroe", "full"}, default "monroe"
        Two-term (the paper's) or four-term variance of δ.
    features : {"words", "categories"}, default "words"
        Word n-grams of the texts, or the lexicon's categories.
    strip_clitics : bool, default False
        Words only: cut proclitics (و ف ب ك ل ال لل ...) where the corpus shows
        them to be clitics: what remains is a word written on its own often
        enough, and the whole word does not itself take clitics (see
        :func:`clitic_stems`).
    ngram_range : (int, int), default (1, 1)
        Words only: smallest and largest n of the n-grams.
    min_count : int, default 5
        Terms counted fewer times in the whole corpus are left out (they
        cannot reach a large z); the number left out is in ``attrs``.
    lexicon : Lexicon or str, default "default"
        Categories only: the lexicon.
    normalizer : Normalizer, optional
        Normalisation of the texts (the codebook's by default).
    text_column : str, default "text"
        The text column of a corpus table.
    top : int, optional
        Keep only the ``top`` terms at each end of every comparison.
    min_stem_count, min_stem_share
        Words only, with ``strip_clitics``: the evidence a cut needs (defaults
        :data:`MIN_STEM_COUNT`, :data:`MIN_STEM_SHARE`; see :func:`clitic_stems`).
    within : str, optional
        A column of the table (``"language"``): the comparisons are made
        separately among the documents of each of its values, so an English
        outlet's words are set against the other English outlets', never
        against Arabic words. With ``"language"`` each language's texts are
        normalised with its own rules unless ``normalizer`` is given. The
        output gets the column; a value with fewer than two groups (or no term
        counted ``min_count`` times) is listed in ``attrs["keyness"]["skipped"]``.
        Modes "one_vs_rest" and "before_after" only.

    Returns
    -------
    DataFrame
        One row per comparison × term (terms absent from both sides are left
        out), sorted by comparison and decreasing z, with columns

        - ``group``: group a (the group in one_vs_rest; "on/after YYYY-MM-DD");
        - ``reference``: group b ("rest", or "before YYYY-MM-DD");
        - ``term``: the normalised word (the key to join on);
        - ``surface`` (words only): the term as readers see it, its most
          frequent written form (see :func:`document_term_matrix`);
        - ``count_a``, ``count_b``: its counts on each side;
        - ``alpha``: its prior pseudo-count α_w;
        - ``delta``: the log-odds ratio δ_w (positive: more typical of a);
        - ``variance``: its variance; ``z``: δ_w / sqrt(variance);
        - ``rank``: 1 for the term most typical of a.

        ``attrs`` record the settings, α0, the vocabulary size and (words)
        how many normalised words were counted with their stems.

    Examples
    --------
    >>> texts = ["قصف النظام حلب", "قصف النظام المدينة", "قصف الجيش حلب", "قصف الجيش"]
    >>> table = keyness(texts, ["x", "x", "y", "y"], a="x", b="y", min_count=1)
    >>> table.set_index("term").loc[["النظام", "قصف", "الجيش"], "count_a"].tolist()
    [2, 2, 0]
    >>> bool(table.set_index("term").loc["النظام", "z"] > 0 > table.set_index("term").loc[
    ...     "الجيش", "z"])
    True
    """
    for name, value, allowed in (("mode", mode, _MODES), ("prior", prior, _PRIORS),
                                 ("variance", variance, _VARIANCES),
                                 ("features", features, _FEATURES)):
        if value not in allowed:
            raise ValueError(f"The '{name}' parameter of framing.keyness must be one of "
                             f"{{{', '.join(map(repr, allowed))}}}. Got {value!r} instead.")
    if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 1:
        raise ValueError("The 'min_count' parameter of framing.keyness must be an integer >= 1. "
                         f"Got {min_count!r} instead.")
    if alpha0 is not None and (isinstance(alpha0, bool) or not isinstance(alpha0, int | float)
                               or alpha0 <= 0):
        raise ValueError("The 'alpha0' parameter of framing.keyness must be a positive number. "
                         f"Got {alpha0!r} instead.")
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
        raise ValueError(f"The 'top' parameter of framing.keyness must be a positive integer. "
                         f"Got {top!r} instead.")
    if within is not None:
        settings = dict(a=a, b=b, mode=mode, date=date, prior=prior, alpha0=alpha0,
                        variance=variance, features=features, strip_clitics=strip_clitics,
                        ngram_range=ngram_range, min_count=min_count, lexicon=lexicon,
                        normalizer=normalizer, text_column=text_column, top=top,
                        min_stem_count=min_stem_count, min_stem_share=min_stem_share)
        return _keyness_within(corpus_or_texts, groups, within, settings)

    if features == "words":
        matrix, terms, surface, pruned, stemmed = _document_term_matrix(
            corpus_or_texts, normalizer, strip_clitics, ngram_range, min_count, text_column,
            min_stem_count, min_stem_share)
        source = corpus_or_texts
    else:
        if strip_clitics or tuple(ngram_range) != (1, 1):
            raise ValueError("framing.keyness: strip_clitics and ngram_range apply to "
                             "features='words' only.")
        matrix, terms, counts = _category_matrix(corpus_or_texts, lexicon, normalizer,
                                                 text_column)
        pruned, stemmed, surface = 0, 0, None
        source = counts if isinstance(groups, str) and isinstance(counts, pd.DataFrame) and \
            groups in counts.columns else corpus_or_texts
    n_docs = matrix.shape[0]
    labels = _labels(groups, source, n_docs)
    membership, names = _comparisons(labels, mode, a, b, date)

    totals = np.asarray(matrix.sum(axis=0)).ravel()
    keep = totals >= min_count
    if not keep.any():
        raise ValueError(f"framing.keyness: no term is counted {min_count} times or more; try a "
                         "lower min_count.")
    matrix, terms, totals = matrix[:, keep], terms[keep], totals[keep]
    if surface is not None:
        surface = surface[keep]
    vocabulary_size = len(terms)
    if prior == "informative":
        total_alpha = float(alpha0) if alpha0 is not None else totals.sum() / max(n_docs, 1)
        alpha = total_alpha * totals / totals.sum()
    else:
        total_alpha = float(alpha0) if alpha0 is not None else \
            _UNINFORMATIVE_ALPHA * vocabulary_size
        alpha = np.full(vocabulary_size, total_alpha / vocabulary_size)

    sides = []
    for side in (0, 1):
        comparisons, docs = np.nonzero(membership == side)
        sides.append(sp.csr_matrix((np.ones(len(docs)), (comparisons, docs)),
                                   shape=membership.shape))
    whole = bool(np.all(matrix.data == np.round(matrix.data)))
    counts_a = np.asarray((sides[0] @ matrix).todense())
    counts_b = np.asarray((sides[1] @ matrix).todense())
    deltas, variances, zs = log_odds_dirichlet(counts_a, counts_b, alpha, variance=variance)
    frames = []
    for k, (name_a, name_b) in enumerate(names):
        count_a, count_b = counts_a[k], counts_b[k]
        delta, var, z = deltas[k], variances[k], zs[k]
        present = (count_a + count_b) > 0
        order = np.argsort(-z[present], kind="stable")
        index = np.flatnonzero(present)[order]
        columns = {"group": name_a, "reference": name_b, "term": terms[index]}
        if surface is not None:
            columns["surface"] = surface[index]
        frame = pd.DataFrame({
            **columns,
            "count_a": _as_counts_dtype(count_a[index], whole),
            "count_b": _as_counts_dtype(count_b[index], whole),
            "alpha": alpha[index], "delta": delta[index], "variance": var[index], "z": z[index],
            "rank": np.arange(1, len(index) + 1),
        })
        if top is not None and len(frame) > 2 * top:
            frame = pd.concat([frame.iloc[:top], frame.iloc[-top:]])
        frames.append(frame)
    result = pd.concat(frames, ignore_index=True)
    result.attrs.update({
        "keyness": {
            "method": "log-odds ratio with Dirichlet prior (Monroe, Colaresi & Quinn 2008)",
            "mode": mode, "prior": prior, "alpha0": total_alpha, "variance": variance,
            "features": features, "strip_clitics": strip_clitics,
            **({"min_stem_count": min_stem_count, "min_stem_share": min_stem_share,
                "n_words_stemmed": stemmed} if features == "words" and strip_clitics else {}),
            "ngram_range": list(ngram_range), "min_count": min_count,
            "n_documents": n_docs, "n_terms": vocabulary_size,
            "n_terms_below_min_count": pruned + int((~keep).sum()),
            "normalizer": (normalizer or Normalizer()).settings(),
        }
    })
    return result


def _keyness_within(data: Any, groups: Any, within: str, settings: dict[str, Any]
                    ) -> pd.DataFrame:
    """:func:`keyness` run separately within each value of column ``within``."""
    caller = "framing.keyness"
    if not isinstance(within, str):
        raise TypeError(f"The 'within' parameter of {caller} must be a column name. "
                        f"Got {within!r} instead.")
    if settings["mode"] == "pair":
        raise ValueError(f"{caller}: within={within!r} applies to mode='one_vs_rest' or "
                         "'before_after'; for one pair, select the rows of one value first.")
    table = data.counts if hasattr(data, "counts") and not isinstance(data, pd.DataFrame) \
        else data
    if not isinstance(table, pd.DataFrame) or within not in table.columns:
        raise ValueError(f"{caller}: within={within!r} needs a table with a {within!r} column "
                         "(for languages: the counts of framing.score, or the corpus with "
                         "their language column).")
    labels = (table[groups] if isinstance(groups, str) and groups in table.columns
              else pd.Series(list(groups) if not isinstance(groups, str) else groups,
                             index=table.index))
    frames, skipped, sizes, first_attrs = [], {}, {}, None
    for value in sorted(table[within].dropna().unique(), key=str):
        rows = (table[within] == value).to_numpy()
        part, part_labels = table[rows], labels[rows]
        sizes[str(value)] = int(rows.sum())
        if settings["mode"] == "one_vs_rest" and part_labels.dropna().nunique() < 2:
            skipped[str(value)] = "fewer than two groups to compare"
            continue
        options = dict(settings)
        if options["normalizer"] is None and within == "language" and \
                value in known_languages():
            options["normalizer"] = normalizer_for(value)
        try:
            found = keyness(part, groups if isinstance(groups, str) and groups in table.columns
                            else part_labels.to_numpy(), **options)
        except ValueError as exc:
            skipped[str(value)] = str(exc)
            continue
        found.insert(2, within, value)
        first_attrs = first_attrs or found.attrs["keyness"]
        frames.append(found)
    if not frames:
        raise ValueError(f"{caller}: no value of {within!r} has anything to compare: "
                         + "; ".join(f"{k}: {v}" for k, v in skipped.items()))
    result = pd.concat(frames, ignore_index=True)
    result.attrs["keyness"] = {**first_attrs, "within": within, "n_documents": sizes,
                               "skipped": skipped}
    return result


def top_terms(keyness_table: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """The ``top`` terms most typical of each side of each comparison.

    The rows with the largest positive ``z`` (typical of A) and the most
    negative ``z`` (typical of B), strongest first, for every ``group`` of a
    stacked table: what :func:`framing.plots.keyness_chart` draws, and a
    compact table to save where the full one (every term) would be huge. Rows
    whose ``z`` is missing cannot be ranked and are left out. Every column is
    kept, so a words table keeps its ``surface`` (the form to show readers).
    """
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ValueError("The 'top' parameter of framing.keyness.top_terms must be a positive "
                         f"integer. Got {top!r} instead.")
    missing = [c for c in ("term", "z") if c not in keyness_table.columns]
    if missing:
        raise KeyError(f"framing.keyness.top_terms needs a keyness table (from "
                       f"framing.keyness); the table has no {', '.join(missing)} column.")
    ranked = keyness_table[np.isfinite(keyness_table["z"].to_numpy(dtype=float))]
    keys = ["group"] if "group" in ranked.columns else []
    parts = []
    for _, rows in (ranked.groupby(keys, sort=False, dropna=False) if keys
                    else [(None, ranked)]):
        parts.append(rows[rows["z"] > 0].nlargest(top, "z"))
        parts.append(rows[rows["z"] < 0].nsmallest(top, "z"))
    return pd.concat(parts) if parts else ranked.iloc[:0]
