"""Keywords in context: read every hit (or every match of a pattern) in its sentence.

Counting is only as good as what it counts, and the way to check it is to
read. :func:`kwic` returns a :class:`Kwic`: one line per hit with the words
before (``pre``) and after (``post``) it, taken from the original text, with
the fixed columns of quanteda's ``kwic``::

    doc_id, outlet, date, start, end, pre, keyword, post, category, term, pattern

Lines come from the lexicon (``category=``, ``term=``: the hits of
:func:`framing.score`) or from a raw regular expression (``pattern=``)
matched against the normalised text, so that one pattern finds every spelling
the normaliser unifies (ارهابي finds الإرهابى). A :class:`Kwic` shows itself
as a right-to-left table in JupyterLab and writes CSV or a standalone HTML
page in which all article text is escaped.

What a "word" is: a run of letters and digits of the normalised text (marks
and tatweel inside it), exactly the tokens the matcher counts, mapped back to
the original characters. Context is cut at whole words; the punctuation
between the kept words is shown as written.
"""

from __future__ import annotations

import html
import math
import re
import warnings
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from itertools import accumulate
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing import chars
from framing.lexicon import Lexicon, load_lexicon
from framing.matcher import Matcher
from framing.morphology import clitic_prefixes
from framing.normalize import Normalizer
from framing.scoring import as_documents, prepared_matcher, score

__all__ = [
    "KWIC_COLUMNS",
    "NEWLINE_MARK",
    "SORT_OPTIONS",
    "SPREADSHEET_TRIGGERS",
    "Kwic",
    "ReadingView",
    "find_pattern",
    "keyword_context",
    "kwic",
    "reading_view",
]

KWIC_COLUMNS = [
    "doc_id", "outlet", "date", "start", "end", "pre", "keyword", "post", "category", "term",
    "pattern",
]
SORT_OPTIONS = ("position", "left", "right", "keyword")

#: Lines shown by ``Kwic._repr_html_`` in a notebook; the rest are counted in a note.
NOTEBOOK_ROWS = 200

_MARKS = "".join(sorted(chars.ARABIC_MARKS)) + chars.TATWEEL
_SPLIT_WITH_MARKS = re.compile(f"({chars.TOKEN_PATTERN})")
# once marks and tatweel are deleted a word is a run of letters and digits (faster to split)
_SPLIT_PLAIN = re.compile(r"([^\W_]+)")
# one character that may belong to a word (a letter, a digit, a mark, tatweel)
_WORD_CHAR = rf"(?:[^\W_]|[{_MARKS}])"
# separates the words of a sort key; lower than every letter and digit
_KEY_SEPARATOR = "\x01"


# -- corpus ------------------------------------------------------------------


def _corpus_table(corpus: Any, *, caller: str) -> pd.DataFrame:
    """``doc_id``, ``outlet``, ``date``, ``text`` from anything :func:`framing.score` reads.

    ``outlet`` and ``date`` are missing (NA, NaT) where the corpus has no such column.
    """
    if isinstance(corpus, Path):
        from framing.corpus import load_corpus

        corpus = load_corpus(corpus)
    ids, texts = as_documents(corpus)
    table = pd.DataFrame({"doc_id": ids, "text": texts})
    if isinstance(corpus, pd.DataFrame) and "outlet" in corpus.columns:
        table["outlet"] = corpus["outlet"].to_numpy(dtype=object)
    else:
        table["outlet"] = None
    table["outlet"] = table["outlet"].astype("string")
    if isinstance(corpus, pd.DataFrame) and "date" in corpus.columns:
        try:
            table["date"] = pd.to_datetime(corpus["date"].to_numpy())
        except (ValueError, TypeError) as exc:
            raise ValueError(
                f"framing.{caller}: the corpus 'date' column cannot be read as dates ({exc}). "
                "Parse it first (framing.load_corpus does)."
            ) from None
    else:
        table["date"] = pd.NaT
    return table[["doc_id", "outlet", "date", "text"]]


def _as_list(value: Any, name: str, caller: str) -> list | None:
    """``value`` as a list: one string is one item; None stays None."""
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable):
        out = list(value)
        if not out:
            raise ValueError(f"The '{name}' parameter of framing.{caller} is an empty list; "
                             "give at least one value or None.")
        return out
    raise TypeError(f"The '{name}' parameter of framing.{caller} must be a str or a list of "
                    f"str. Got {type(value).__name__} instead.")


def _timestamp(value: Any, name: str, caller: str) -> pd.Timestamp | None:
    if value is None:
        return None
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError):
        stamp = pd.NaT
    if pd.isna(stamp):
        raise ValueError(f"The '{name}' parameter of framing.{caller} must be a date such as "
                         f"'2016-10-02'. Got {value!r} instead.")
    return stamp


def _filter_corpus(table: pd.DataFrame, *, outlets: Any, start: Any, end: Any,
                   caller: str) -> pd.DataFrame:
    """Documents of the given outlets published between ``start`` and ``end`` (inclusive).

    An ``end`` without a time of day includes that whole day.
    """
    wanted = _as_list(outlets, "outlets", caller)
    keep = np.ones(len(table), dtype=bool)
    if wanted is not None:
        known = set(table["outlet"].dropna())
        if not known:
            raise ValueError(f"framing.{caller}: outlets=... was given but the corpus has no "
                             "'outlet' column (or it is empty).")
        unknown = [o for o in wanted if o not in known]
        if unknown:
            raise ValueError(
                f"The 'outlets' parameter of framing.{caller} names outlets that are not in "
                f"the corpus: {', '.join(map(repr, unknown))}. Known outlets: "
                f"{', '.join(map(repr, sorted(known)))}."
            )
        keep &= table["outlet"].isin(wanted).fillna(False).to_numpy(dtype=bool)
    first = _timestamp(start, "start", caller)
    last = _timestamp(end, "end", caller)
    if first is not None or last is not None:
        dates = table["date"]
        if dates.isna().all():
            raise ValueError(f"framing.{caller}: start/end were given but the corpus has no "
                             "dates (no 'date' column, or only missing values).")
        if dates.isna().any():
            warnings.warn(
                f"framing.{caller}: {int(dates.isna().sum())} document(s) without a date are "
                "left out by the date filter.", stacklevel=3,
            )
        in_range = dates.notna().to_numpy(dtype=bool, copy=True)
        if first is not None:
            in_range &= (dates >= first).fillna(False).to_numpy(dtype=bool)
        if last is not None:
            if last == last.normalize():  # a day: include all of it
                in_range &= (dates < last + pd.Timedelta(days=1)).fillna(False).to_numpy(
                    dtype=bool)
            else:
                in_range &= (dates <= last).fillna(False).to_numpy(dtype=bool)
        keep &= in_range
    return table.loc[keep].reset_index(drop=True)


def _check_window(window: Any, caller: str) -> int:
    if isinstance(window, bool) or not isinstance(window, int | np.integer) or window < 0:
        raise ValueError(f"The 'window' parameter of framing.{caller} must be a whole number "
                         f"of words >= 0. Got {window!r} instead.")
    return int(window)


# -- words and context ---------------------------------------------------------


class _Words:
    """The words of one text: spans in the normalised text, mapped back on demand.

    Only the words around a span are mapped to original offsets (a binary
    search over the monotonic map), so long documents cost little.
    """

    __slots__ = ("_mapped", "_offsets", "n_ends", "n_starts", "tokens")

    def __init__(self, text: str, normalizer: Normalizer) -> None:
        normalized = normalizer.normalize_with_offsets(text)
        self._offsets = normalized.offsets
        self._mapped: dict[int, tuple[int, int]] = {}
        # one split gives [gap, word, gap, word, ..., gap]; summed lengths give the offsets
        split = (_SPLIT_PLAIN if normalizer.diacritics and normalizer.tatweel
                 else _SPLIT_WITH_MARKS)
        parts = split.split(normalized.text)
        bounds = [0, *accumulate(map(len, parts))]
        self.tokens: list[str] = parts[1::2]
        self.n_starts: list[int] = bounds[1:-1:2]
        self.n_ends: list[int] = bounds[2::2]

    def original(self, i: int) -> tuple[int, int]:
        """Original ``(start, end)`` of word ``i``."""
        span = self._mapped.get(i)
        if span is None:
            span = self._mapped[i] = self._offsets.to_original(self.n_starts[i], self.n_ends[i])
        return span

    def context(self, text: str, start: int, end: int, window: int
                ) -> tuple[str, str, list[str], list[str]]:
        """``(pre, post, pre words, post words)`` of the span ``[start, end)``."""
        if window == 0:
            return "", "", [], []
        indices = range(len(self.tokens))
        # words ending at or before the span; first word starting at or after its end
        before = bisect_right(indices, start, key=lambda i: self.original(i)[1])
        after = bisect_left(indices, end, key=lambda i: self.original(i)[0])
        first = max(0, before - window)
        last = min(len(self.tokens), after + window)
        pre = text[self.original(first)[0]:start].strip() if before > first else ""
        post = text[end:self.original(last - 1)[1]].strip() if last > after else ""
        return pre, post, self.tokens[first:before], self.tokens[after:last]


def _contexts(texts: Mapping[Any, str], doc_ids: Iterable, starts: Iterable, ends: Iterable,
              *, window: int, normalizer: Normalizer
              ) -> tuple[list[str], list[str], list[str], list[list[str]], list[list[str]]]:
    """pre, keyword, post and the normalised context words of every span."""
    cache: dict[Any, _Words] = {}
    pre_col, kw_col, post_col, pre_words, post_words = [], [], [], [], []
    for doc_id, start, end in zip(doc_ids, starts, ends, strict=True):
        text = texts[doc_id]
        words = cache.get(doc_id)
        if words is None:
            words = cache[doc_id] = _Words(text, normalizer)
        pre, post, before, after = words.context(text, int(start), int(end), window)
        pre_col.append(pre)
        kw_col.append(text[int(start):int(end)])
        post_col.append(post)
        pre_words.append(before)
        post_words.append(after)
    return pre_col, kw_col, post_col, pre_words, post_words


def _text_lookup(table: pd.DataFrame, doc_ids: Iterable, caller: str) -> dict[Any, str]:
    """doc_id → text for the documents of ``doc_ids`` (error naming those not in the corpus)."""
    texts = dict(zip(table["doc_id"], table["text"], strict=True))
    missing = [d for d in pd.unique(pd.Series(list(doc_ids), dtype=object)) if d not in texts]
    if missing:
        shown = ", ".join(map(repr, missing[:5]))
        raise ValueError(
            f"framing.{caller}: {len(missing)} doc_id(s) of the hits are not in the corpus "
            f"({shown}{' ...' if len(missing) > 5 else ''}). Pass the corpus the hits were "
            "scored from."
        )
    return texts


def keyword_context(corpus: Any, spans: pd.DataFrame, *, window: int = 8,
                    normalizer: Normalizer | None = None) -> pd.DataFrame:
    """``pre``, ``keyword`` and ``post`` of each span, cut at ``window`` words.

    Parameters
    ----------
    corpus : DataFrame, mapping, list of str, or Path
        The documents the spans point into (anything :func:`framing.score` reads).
    spans : DataFrame
        ``doc_id``, ``start``, ``end``: offsets into the original texts, such as the
        hits of :func:`framing.score`.
    window : int, default 8
        Words of context on each side.
    normalizer : Normalizer, optional
        Decides what a word is (the codebook's settings by default).

    Returns
    -------
    DataFrame
        ``pre``, ``keyword``, ``post``, with the index of ``spans``.
    """
    window = _check_window(window, "keyword_context")
    missing = [c for c in ("doc_id", "start", "end") if c not in spans.columns]
    if missing:
        raise KeyError(f"framing.keyword_context: the spans table has no "
                       f"{', '.join(map(repr, missing))} column(s).")
    table = _corpus_table(corpus, caller="keyword_context")
    texts = _text_lookup(table, spans["doc_id"], "keyword_context")
    pre, keyword, post, _, _ = _contexts(texts, spans["doc_id"], spans["start"], spans["end"],
                                         window=window, normalizer=normalizer or Normalizer())
    return pd.DataFrame({"pre": pre, "keyword": keyword, "post": post}, index=spans.index,
                        dtype="string")


# -- raw patterns ----------------------------------------------------------------


def _proclitic_regex(normalizer: Normalizer) -> str:
    """Alternation of every proclitic sequence (و ف, ب ك ل, ال, لل), the empty one included.

    Built from the affixes of ``morphology.yaml`` as the matcher combines them:
    a conjunction, then a preposition or the article or both (ل + ال is لل).
    """
    sequences = {*clitic_prefixes(False), *clitic_prefixes(True)}
    written = {normalizer.normalize(s) for s in sequences}
    return "|".join(re.escape(s) for s in sorted(written, key=lambda s: (-len(s), s)))


def _compile_pattern(pattern: Any, normalizer: Normalizer, *, proclitics: bool,
                     caller: str) -> re.Pattern[str]:
    """The whole-word regular expression searched in normalised texts."""
    if not isinstance(pattern, str):
        raise TypeError(f"The 'pattern' parameter of framing.{caller} must be a regular "
                        f"expression (str). Got {type(pattern).__name__} instead.")
    try:
        empty = re.fullmatch(pattern, "") is not None
    except re.error as exc:
        raise ValueError(f"The 'pattern' parameter of framing.{caller} is not a valid regular "
                         f"expression: {exc}. Got {pattern!r}.") from None
    if empty:
        raise ValueError(f"The 'pattern' parameter of framing.{caller} matches the empty "
                         f"string, so it would match everywhere. Got {pattern!r}.")
    # spell the pattern as the text is spelled; letter case is left alone so that
    # escapes such as \W keep their meaning (case is ignored by a flag instead)
    written = replace(normalizer, casefold=False).normalize(pattern)
    prefix = f"(?:{_proclitic_regex(normalizer)})" if proclitics else ""
    flags = re.IGNORECASE if normalizer.casefold else 0
    try:
        return re.compile(f"(?<!{_WORD_CHAR}){prefix}(?:{written})(?!{_WORD_CHAR})", flags)
    except re.error as exc:
        raise ValueError(f"The 'pattern' parameter of framing.{caller} is no longer a valid "
                         f"regular expression once normalised ({written!r}): {exc}.") from None


def _pattern_spans(table: pd.DataFrame, regex: re.Pattern[str], normalizer: Normalizer
                   ) -> pd.DataFrame:
    rows = []
    for doc_id, text in zip(table["doc_id"], table["text"], strict=True):
        normalized = normalizer.normalize_with_offsets(text)
        for m in regex.finditer(normalized.text):
            if m.end() == m.start():
                continue
            start, end = normalized.to_original(m.start(), m.end())
            rows.append((doc_id, start, end, text[start:end], m.group()))
    spans = pd.DataFrame(rows, columns=["doc_id", "start", "end", "surface", "normalized"])
    return spans.astype({"start": "int64", "end": "int64", "surface": "string",
                         "normalized": "string"})


def find_pattern(corpus: Any, pattern: str, *, proclitics: bool = True,
                 normalizer: Normalizer | None = None) -> pd.DataFrame:
    """Every whole-word match of a regular expression in the normalised texts.

    Parameters
    ----------
    corpus : DataFrame, mapping, list of str, or Path
        The documents (anything :func:`framing.score` reads).
    pattern : str
        A Python regular expression, written as the normalised text is spelled
        (it is itself normalised: ``الإرهابى`` becomes ``الارهابي``; letter case is
        ignored when the normaliser folds case). A match must begin at the start
        of a word and end at the end of a word: ``ارهابي`` does not match inside
        ``ارهابيين`` (write ``ارهابي\\w*`` for that). Spaces in the pattern match
        spaces of the text; write ``\\s+`` to allow line breaks.
    proclitics : bool, default True
        Let the first word carry proclitics (و ف, ب ك ل, the article ال, لل,
        as listed in ``morphology.yaml``): ``ارهابي`` then matches
        ``والإرهابي``. The span covers the whole written word.
    normalizer : Normalizer, optional
        The codebook's settings by default.

    Returns
    -------
    DataFrame
        ``doc_id``, ``start``, ``end`` (offsets into the original text),
        ``surface`` (the original characters) and ``normalized`` (what matched).

    Examples
    --------
    >>> find_pattern(["قتل الإرهابى"], "ارهابي")[["start", "end", "surface"]].values.tolist()
    [[4, 12, 'الإرهابى']]
    """
    normalizer = normalizer or Normalizer()
    regex = _compile_pattern(pattern, normalizer, proclitics=proclitics, caller="find_pattern")
    return _pattern_spans(_corpus_table(corpus, caller="find_pattern"), regex, normalizer)


# -- kwic ----------------------------------------------------------------------


def _select_names(values: list | None, known: set[str], name: str, lexicon_name: str
                  ) -> list | None:
    if values is None:
        return None
    unknown = [v for v in values if v not in known]
    if unknown:
        raise ValueError(
            f"The '{name}' parameter of framing.kwic names {name} ids that are neither in "
            f"lexicon {lexicon_name!r} nor in the hits: {', '.join(map(repr, unknown))}. "
            f"Known: {', '.join(sorted(map(str, known)))}."
        )
    return values


def _check_hits(hits: pd.DataFrame, texts: Mapping[Any, str], *, caller: str = "kwic") -> None:
    """Every hit's surface must be the text at its offsets (else: hits of another corpus)."""
    wrong = [
        (doc_id, start)
        for doc_id, start, end, surface in zip(hits["doc_id"], hits["start"], hits["end"],
                                               hits["surface"], strict=True)
        if texts[doc_id][int(start):int(end)] != surface
    ]
    if wrong:
        shown = ", ".join(f"{d!r} at {s}" for d, s in wrong[:5])
        raise ValueError(
            f"framing.{caller}: {len(wrong)} hit(s) do not match the corpus text at their offsets "
            f"({shown}{' ...' if len(wrong) > 5 else ''}): the hits were scored from another "
            "version of the corpus. Score this corpus again (and pass its hits)."
        )


def _hits_of_corpus(hits: Any, table: pd.DataFrame) -> pd.DataFrame:
    """The hits table (of a Scores object too), checked against the corpus it must come from."""
    if not isinstance(hits, pd.DataFrame) and hasattr(hits, "hits"):
        hits = hits.hits
    if not isinstance(hits, pd.DataFrame):
        raise TypeError("The 'hits' parameter of framing.kwic must be the hits table of "
                        f"framing.score. Got {type(hits).__name__} instead.")
    missing = [c for c in ("doc_id", "start", "end", "surface", "category", "term")
               if c not in hits.columns]
    if missing:
        raise KeyError(f"The 'hits' table given to framing.kwic has no "
                       f"{', '.join(map(repr, missing))} column(s); pass the hits of "
                       "framing.score.")
    _check_hits(hits, _text_lookup(table, hits["doc_id"], "kwic"))
    return hits


def kwic(
    corpus: Any,
    *,
    category: str | list[str] | None = None,
    term: str | list[str] | None = None,
    pattern: str | None = None,
    lexicon: Lexicon | str | Matcher = "default",
    window: int = 8,
    outlets: str | list[str] | None = None,
    start: Any = None,
    end: Any = None,
    sort: str = "position",
    hits: Any = None,
    proclitics: bool = True,
    normalizer: Normalizer | None = None,
) -> Kwic:
    """Keywords in context: every selected hit with the words around it.

    Parameters
    ----------
    corpus : DataFrame, mapping, list of str, or Path
        The corpus table (``doc_id``, ``text``, and ``outlet``, ``date`` for
        filtering and display), or anything :func:`framing.score` reads.
    category, term : str or list of str, optional
        Lexicon categories and term ids whose hits to show. A hit is shown if
        its category or its term is selected.
    pattern : str, optional
        A regular expression searched in the normalised text, whole words
        only; see :func:`find_pattern`. May be combined with ``category`` and
        ``term``: the lines of each are listed, and the ``pattern`` column
        says which query found a line.
    lexicon : Lexicon, str or Matcher, default "default"
        The lexicon whose hits are selected (and whose ids are checked).
    window : int, default 8
        Words of context on each side, cut at whole words.
    outlets : str or list of str, optional
        Only documents of these outlets.
    start, end : date-like, optional
        Only documents dated between ``start`` and ``end``, both included (an
        ``end`` without a time includes that whole day).
    sort : {"position", "left", "right", "keyword"}, default "position"
        Corpus order; or by the words to the left of the keyword, nearest
        first (to compare what precedes it); by the words to its right; or by
        the keyword. Sorting uses the normalised words; ties keep corpus order.
    hits : DataFrame or Scores, optional
        The hits of :func:`framing.score` on this corpus, to save scoring again
        (checked: every hit's surface must be the text at its offsets).
    proclitics : bool, default True
        For ``pattern``: let its first word carry proclitics.
    normalizer : Normalizer, optional
        The codebook's settings by default (the Matcher's if one is given).

    Returns
    -------
    Kwic
        The lines, with columns ``KWIC_COLUMNS``; ``pattern`` holds the query that
        found each line (``category=militant``, ``term=...`` or the regular expression).

    Raises
    ------
    ValueError
        If nothing is asked for, or an id, outlet, date or pattern is invalid.

    Examples
    --------
    >>> lines = kwic(["دعا الجيش السوري المسلحين إلى مغادرة حلب"], category="militant",
    ...              window=2)
    >>> lines.to_frame()[["pre", "keyword", "post"]].values.tolist()
    [['الجيش السوري', 'المسلحين', 'إلى مغادرة']]
    """
    if category is None and term is None and pattern is None:
        raise ValueError("framing.kwic needs something to look for: category=..., term=... "
                         "(ids of the lexicon) or pattern=... (a regular expression).")
    if sort not in SORT_OPTIONS:
        raise ValueError(f"The 'sort' parameter of framing.kwic must be one of "
                         f"{{{', '.join(map(repr, SORT_OPTIONS))}}}. Got {sort!r} instead.")
    window = _check_window(window, "kwic")
    categories = _as_list(category, "category", "kwic")
    terms = _as_list(term, "term", "kwic")
    if isinstance(lexicon, Matcher):
        if normalizer is not None and normalizer != lexicon.normalizer:
            raise ValueError("Pass the normalizer to the Matcher, not to kwic(), when giving "
                             "both.")
        normalizer = lexicon.normalizer
    given = normalizer  # the lexicon's matcher uses its language's normaliser unless given
    normalizer = normalizer or Normalizer()

    full = _corpus_table(corpus, caller="kwic")
    table = _filter_corpus(full, outlets=outlets, start=start, end=end, caller="kwic")
    texts = dict(zip(table["doc_id"], table["text"], strict=True))
    columns = ["doc_id", "start", "end", "category", "term", "pattern"]
    parts = [pd.DataFrame(columns=columns)]

    if categories is not None or terms is not None:
        lex = lexicon.lexicon if isinstance(lexicon, Matcher) else load_lexicon(lexicon)
        known_categories, known_terms = set(lex.category_ids), {t.id for t in lex.terms}
        if hits is None:
            # scored as framing.score does ("default": the lexicon of each language), unless
            # a normaliser is given for the lexicon
            matcher = (lexicon if isinstance(lexicon, Matcher) or given is None
                       else prepared_matcher(lex, given))
            selected = score(table, matcher, progress=False).hits
        else:
            selected = _hits_of_corpus(hits, full)
            known_categories |= set(selected["category"].dropna())
            known_terms |= set(selected["term"].dropna())
            selected = selected[selected["doc_id"].isin(list(texts))]
        _select_names(categories, known_categories, "category", lex.name)
        _select_names(terms, known_terms, "term", lex.name)
        by_term = selected["term"].isin(terms or []).to_numpy(dtype=bool)
        by_category = selected["category"].isin(categories or []).to_numpy(dtype=bool)
        chosen = selected.loc[by_term | by_category, columns[:-1]].copy()
        chosen["pattern"] = np.where(by_term[by_term | by_category],
                                     "term=" + chosen["term"].astype(str),
                                     "category=" + chosen["category"].astype(str))
        parts.append(chosen)

    if pattern is not None:
        regex = _compile_pattern(pattern, normalizer, proclitics=proclitics, caller="kwic")
        found = _pattern_spans(table, regex, normalizer)[["doc_id", "start", "end"]]
        found["category"] = None
        found["term"] = None
        found["pattern"] = pattern
        parts.append(found)

    lines = pd.concat([p.astype(object) for p in parts], ignore_index=True)
    pre, keyword, post, pre_words, post_words = _contexts(
        texts, lines["doc_id"], lines["start"], lines["end"], window=window,
        normalizer=normalizer)
    position = {d: k for k, d in enumerate(table["doc_id"])}
    lines["order"] = [position[d] for d in lines["doc_id"]]
    meta = table.set_index("doc_id")
    lines["outlet"] = meta["outlet"].reindex(lines["doc_id"]).to_numpy()
    lines["date"] = meta["date"].reindex(lines["doc_id"]).to_numpy()
    lines["pre"], lines["keyword"], lines["post"] = pre, keyword, post
    lines["_left"] = [_KEY_SEPARATOR.join(reversed(w)) for w in pre_words]
    lines["_right"] = [_KEY_SEPARATOR.join(w) for w in post_words]
    lines["_keyword"] = [normalizer.normalize(k) for k in keyword]
    keys = {"position": [], "left": ["_left"], "right": ["_right"], "keyword": ["_keyword"]}
    lines = lines.sort_values([*keys[sort], "order", "start", "end"], kind="mergesort")
    frame = lines[KWIC_COLUMNS].reset_index(drop=True).astype({
        "outlet": "string", "start": "int64", "end": "int64", "pre": "string",
        "keyword": "string", "post": "string", "category": "string", "term": "string",
        "pattern": "string",
    })
    frame["date"] = pd.to_datetime(frame["date"])
    query = {"category": categories, "term": terms, "pattern": pattern, "window": window,
             "sort": sort, "outlets": _as_list(outlets, "outlets", "kwic"),
             "start": None if start is None else str(start),
             "end": None if end is None else str(end), "n_documents": len(table)}
    frame.attrs.update(query)
    return Kwic(frame, query)


# -- the result ------------------------------------------------------------------


def _write_new(path: str | Path, text: str, *, overwrite: bool, encoding: str = "utf-8"
               ) -> Path:
    path = Path(path)
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} already exists; pass overwrite=True to replace it.")
    path.write_text(text, encoding=encoding)
    return path


def _date_text(value: Any) -> str:
    if value is None or pd.isna(value):
        return ""
    stamp = pd.Timestamp(value)
    return stamp.strftime("%Y-%m-%d" if stamp == stamp.normalize() else "%Y-%m-%d %H:%M")


# -- spreadsheets ------------------------------------------------------------------

#: A text cell starting with one of these is read as a formula by Excel, LibreOffice
#: and Google Sheets (OWASP "CSV injection"): ``=HYPERLINK(...)``, ``+``, ``-``, ``@``,
#: and a tab or carriage return before them.
SPREADSHEET_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _spreadsheet_safe(value: Any) -> Any:
    """A text cell made inert for spreadsheets: ``'`` before a formula trigger.

    Text whose first character after any leading ``'`` is one of
    ``SPREADSHEET_TRIGGERS`` gets one more ``'`` in front (so ``'=x`` becomes
    ``''=x``, and reading back is exact); other text and non-text values
    (numbers, negative ones included) are returned unchanged.
    """
    if isinstance(value, str) and value.lstrip("'")[:1] in SPREADSHEET_TRIGGERS and value:
        return "'" + value
    return value


def _from_spreadsheet(value: Any) -> Any:
    """The original text of a cell written by :func:`_spreadsheet_safe` (its inverse)."""
    if (isinstance(value, str) and value.startswith("'")
            and value.lstrip("'")[:1] in SPREADSHEET_TRIGGERS and value.lstrip("'")):
        return value[1:]
    return value


def _spreadsheet_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells are made inert with :func:`_spreadsheet_safe`."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            out[column] = values.astype(object).map(_spreadsheet_safe)
    return out


# -- reading views -------------------------------------------------------------------

#: Shown in place of a line break inside a context, so lines stay one line.
NEWLINE_MARK = " \u23ce "
_NEWLINES = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
# identification columns: shown before the contexts (on their right in a right-to-left table)
_LEADING = ("item_id", "doc_id", "outlet", "date")
# bookkeeping columns left out of a reading view unless asked for (item_id is
# doc_id:start-end, so it would only repeat doc_id and widen the table)
_BOOKKEEPING = ("item_id", "start", "end", "cell_population", "cell_sample", "sampling_weight")

_CELL_STYLE = ("padding:2px 6px;border-bottom:1px solid #ddd;vertical-align:top;"
               "white-space:nowrap;")
_ROLE_STYLES = {
    "id": _CELL_STYLE + "font-family:monospace;font-size:85%;",
    "date": _CELL_STYLE,
    "meta": _CELL_STYLE,
    # in a right-to-left table the context before the keyword is on its right, flush
    # against it (text-align:end), and the context after it on its left (start)
    "pre": _CELL_STYLE + "text-align:end;",
    "keyword": _CELL_STYLE + "text-align:center;font-weight:bold;",
    "post": _CELL_STYLE + "text-align:start;",
}
_LTR_ROLES = {"id", "date"}
_MARK_STYLE = "background:#ffe58a;"


def _cell(value: Any) -> str:
    """Escaped text of one cell: blank for missing values, dates as days, no line breaks."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, pd.Timestamp | np.datetime64):
        text = _date_text(value)
    else:
        text = _NEWLINES.sub(NEWLINE_MARK, str(value))
    return html.escape(text, quote=True)


@dataclass(frozen=True)
class _Layout:
    """Which columns a reading table shows, in order from its right edge."""

    pre: str
    keyword: str
    post: str
    leading: tuple[str, ...]
    trailing: tuple[str, ...]

    def columns(self) -> list[tuple[str, str]]:
        """(column, role) pairs in table order."""
        def role(column: str) -> str:
            return ("id" if column in ("item_id", "doc_id")
                    else "date" if column == "date" else "meta")

        return [*((c, role(c)) for c in self.leading), (self.pre, "pre"),
                (self.keyword, "keyword"), (self.post, "post"),
                *((c, role(c)) for c in self.trailing)]


_KWIC_LAYOUT = _Layout("pre", "keyword", "post", ("doc_id", "outlet", "date"), ("category",))


def _html_table(frame: pd.DataFrame, layout: _Layout, max_rows: int | None, *, inline: bool,
                everything: str) -> str:
    """Lines as an escaped right-to-left HTML table, with a note when rows are left out.

    The keyword has its own highlighted column, the context before it on its
    right and the context after it on its left (reading order of Arabic);
    contexts are whole, on one line (a line break shows as ``NEWLINE_MARK``),
    in a container that scrolls sideways. ``inline`` puts the styles on every
    cell (a notebook may drop style sheets); otherwise cells name their role as
    a class, styled by ``_STYLE_SHEET``. ``everything`` says how to see all lines.
    """
    columns = layout.columns()

    def look(role: str | None) -> str:
        if role is None:
            return f' style="{_CELL_STYLE}"' if inline else ""
        return f' style="{_ROLE_STYLES[role]}"' if inline else f' class="{role}"'

    shown = frame if max_rows is None else frame.head(max_rows)
    head = "".join(f"<th{look(None)}>{html.escape(str(c))}</th>" for c, _ in columns)
    mark = f'<mark style="{_MARK_STYLE}">' if inline else "<mark>"

    def rows_of(lines: pd.DataFrame) -> str:
        rows = []
        for values in zip(*(lines[c].tolist() for c, _ in columns), strict=True):
            cells = []
            for (_, role), value in zip(columns, values, strict=True):
                text = _cell(value)
                if role == "keyword":
                    text = f"{mark}{text}</mark>"
                direction = ' dir="ltr"' if role in _LTR_ROLES else ""
                cells.append(f"<td{look(role)}{direction}>{text}</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        return "".join(rows)

    note = ""
    left_out = len(frame) - len(shown)
    if not len(frame):
        note = "<p>No lines: nothing matched the query.</p>"
    elif left_out:
        note = (f"<p><strong>Showing the first {len(shown):,} of {len(frame):,} lines; "
                f"{left_out:,} are not shown.</strong> {html.escape(everything)}</p>")
    table_look = ' style="border-collapse:collapse;"' if inline else ' class="kwic"'
    scroll = ' style="overflow-x:auto;max-width:100%;"' if inline else ' class="scroll"'
    # Arabic lines read right to left, the others (English) left to right: each in a
    # table of its direction, so that the context before the keyword is on its reading side
    ltr = _left_to_right(shown, layout)
    groups = ([("rtl", shown, "")] if not ltr.any() else [("ltr", shown, "")] if ltr.all()
              else [("rtl", shown[~ltr], f"Arabic lines ({int((~ltr).sum()):,})"),
                    ("ltr", shown[ltr], f"Lines in other languages ({int(ltr.sum()):,})")])
    tables = "".join(
        (f'<p dir="ltr"><strong>{label}</strong></p>' if label else "")
        + (f'<div{scroll}>' if direction == "rtl" else f'<div{scroll} dir="ltr">')
        + f'<table{table_look} dir="{direction}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{rows_of(lines)}</tbody></table></div>"
        for direction, lines, label in groups)
    return note + tables


def _left_to_right(lines: pd.DataFrame, layout: _Layout) -> np.ndarray:
    """Which lines read left to right: those whose context is not Arabic (English)."""
    if not len(lines):
        return np.zeros(0, dtype=bool)
    from framing.language import detect_languages

    texts = [" ".join(_cell(v) for v in values) for values in zip(
        lines[layout.pre].tolist(), lines[layout.keyword].tolist(), lines[layout.post].tolist(),
        strict=True)]
    return np.array([language not in ("ar", "") for language in detect_languages(texts)],
                    dtype=bool)


_STYLE_SHEET = (
    "body{font-family:'Noto Naskh Arabic','Amiri',Tahoma,sans-serif;margin:1em;}\n"
    "div.scroll{overflow-x:auto;max-width:100%;}\n"
    "table.kwic{border-collapse:collapse;}\n"
    f"table.kwic th{{{_CELL_STYLE}}}\n"
    + "".join(f"table.kwic td.{role}{{{style}}}\n" for role, style in _ROLE_STYLES.items())
    + f"mark{{{_MARK_STYLE}}}\n"
)


def _html_page(title: str, about: str, table: str) -> str:
    return (
        '<!DOCTYPE html>\n<html dir="rtl" lang="ar">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"<style>\n{_STYLE_SHEET}</style>\n</head>\n<body>\n"
        f"<h1>{html.escape(title)}</h1>\n"
        f'<p dir="ltr">{html.escape(about)}</p>\n'
        f"{table}\n</body>\n</html>\n"
    )


@dataclass(frozen=True)
class ReadingView:
    """Lines with a keyword and its context, shown for reading (see :func:`reading_view`).

    In JupyterLab it shows itself as a right-to-left table of at most
    ``max_rows`` lines; :meth:`to_html` writes a standalone page of all of them.
    """

    frame: pd.DataFrame
    layout: _Layout
    max_rows: int | None = NOTEBOOK_ROWS

    def __len__(self) -> int:
        return len(self.frame)

    def __repr__(self) -> str:
        shown = ", ".join(c for c, _ in self.layout.columns())
        return f"ReadingView({len(self)} line(s); columns {shown})"

    def to_html(self, path: str | Path | None = None, *, overwrite: bool = False,
                title: str = "Keywords in context") -> str:
        """A standalone right-to-left HTML page of all lines; written to ``path`` if given.

        Raises FileExistsError if ``path`` exists, unless ``overwrite=True``.
        """
        table = _html_table(self.frame, self.layout, None, inline=False, everything="")
        page = _html_page(title, f"{len(self):,} lines", table)
        if path is not None:
            _write_new(path, page, overwrite=overwrite)
        return page

    def _repr_html_(self) -> str:
        table = _html_table(self.frame, self.layout, self.max_rows, inline=True,
                            everything="reading_view(..., max_rows=None) shows all of them; "
                                       "to_html(path) writes them to a page.")
        return f'<div dir="rtl" lang="ar">{table}</div>'


def reading_view(table: Any, *, pre: str = "pre", keyword: str = "keyword", post: str = "post",
                 columns: Iterable[str] | None = None,
                 max_rows: int | None = NOTEBOOK_ROWS) -> ReadingView:
    """Show keyword-in-context lines for reading Arabic: right to left, whole contexts.

    A pandas table of such lines reads badly in a notebook: left to right (so
    the context before an Arabic keyword stands on the wrong side of it), cut
    at 50 characters (hiding the words next to the keyword), with line breaks
    shown as ``\\n``. This view is the table of :meth:`Kwic.to_html`: right to
    left, the keyword in its own highlighted column, the context before it on
    its right and the context after it on its left, contexts whole and on one
    line (a line break shows as ⏎; wide tables scroll sideways), all text
    HTML-escaped.

    Parameters
    ----------
    table : DataFrame or Kwic
        Lines with a context before, a keyword and a context after: the result
        of :func:`kwic`, :func:`framing.validate.draw_sample` (a coding sheet)
        or :func:`framing.validate.recall_sample`.
    pre, keyword, post : str
        The names of those three columns.
    columns : list of str, optional
        Other columns to show, in order. ``item_id``, ``doc_id``, ``outlet``
        and ``date`` go before the contexts (on their right), the others after
        them. Default: every other column except the offsets and sampling
        bookkeeping (``item_id``, ``start``, ``end``, ``cell_population``,
        ``cell_sample``, ``sampling_weight``).
    max_rows : int or None, default 200
        Lines shown in a notebook (a note counts the others); None shows all.

    Returns
    -------
    ReadingView
        Shows itself in JupyterLab; ``to_html(path)`` writes a page of all lines.
    """
    if isinstance(table, Kwic):
        table = table.frame
    if not isinstance(table, pd.DataFrame):
        raise TypeError("The 'table' parameter of framing.kwic.reading_view must be a DataFrame "
                        f"or a Kwic. Got {type(table).__name__} instead.")
    for name, value in (("pre", pre), ("keyword", keyword), ("post", post)):
        if value not in table.columns:
            raise KeyError(f"framing.kwic.reading_view: the table has no {value!r} column (the "
                           f"'{name}' parameter); its columns: "
                           f"{', '.join(map(str, table.columns))}.")
    if max_rows is not None and (isinstance(max_rows, bool) or not isinstance(
            max_rows, int | np.integer) or max_rows < 1):
        raise ValueError("The 'max_rows' parameter of framing.kwic.reading_view must be a whole "
                         f"number >= 1 or None. Got {max_rows!r} instead.")
    contexts = (pre, keyword, post)
    if columns is None:
        others = [c for c in table.columns if c not in contexts and c not in _BOOKKEEPING]
    else:
        others = _as_list(columns, "columns", "kwic.reading_view")
        unknown = [c for c in others if c not in table.columns]
        if unknown:
            raise KeyError(f"framing.kwic.reading_view: no column(s) "
                           f"{', '.join(map(repr, unknown))} in the table; its columns: "
                           f"{', '.join(map(str, table.columns))}.")
        others = [c for c in dict.fromkeys(others) if c not in contexts]
    layout = _Layout(pre, keyword, post,
                     leading=tuple(c for c in others if c in _LEADING),
                     trailing=tuple(c for c in others if c not in _LEADING))
    return ReadingView(table, layout, None if max_rows is None else int(max_rows))


@dataclass(frozen=True)
class Kwic:
    """Keyword-in-context lines (see :func:`kwic`), ready to read, filter or save.

    ``to_frame()`` gives the table; in JupyterLab the object shows itself as a
    right-to-left table of at most ``NOTEBOOK_ROWS`` lines, saying how many
    more there are.
    """

    frame: pd.DataFrame
    query: dict[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.frame)

    def __repr__(self) -> str:
        asked = ", ".join(f"{k}={v!r}" for k, v in self.query.items()
                          if k in ("category", "term", "pattern") and v is not None)
        n_docs = self.frame["doc_id"].nunique()
        return f"Kwic({len(self)} line(s) in {n_docs} document(s); {asked})"

    def to_frame(self) -> pd.DataFrame:
        """The lines as a DataFrame (a copy), columns ``KWIC_COLUMNS``."""
        return self.frame.copy()

    def to_csv(self, path: str | Path, *, overwrite: bool = False) -> Path:
        """Write the lines as CSV (UTF-8 with a byte-order mark, so Excel shows Arabic).

        Text that a spreadsheet would run as a formula (a context starting with
        ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written with a
        ``'`` in front (OWASP's advice against CSV injection); numbers, negative
        ones too, are written as they are. Raises FileExistsError if ``path``
        exists, unless ``overwrite=True``.
        """
        out = self.frame.copy()
        out["date"] = [_date_text(d) for d in out["date"]]
        out = _spreadsheet_frame(out)
        return _write_new(path, out.to_csv(index=False), overwrite=overwrite,
                          encoding="utf-8-sig")

    def to_html(self, path: str | Path | None = None, *, overwrite: bool = False,
                title: str = "Keywords in context") -> str:
        """A standalone right-to-left HTML page of all lines; written to ``path`` if given.

        All text is escaped: markup in an article shows as text.
        Raises FileExistsError if ``path`` exists, unless ``overwrite=True``.
        """
        described = "; ".join(f"{k}={v}" for k, v in self.query.items() if v is not None)
        table = _html_table(self.frame, _KWIC_LAYOUT, None, inline=False, everything="")
        page = _html_page(title, f"{len(self):,} lines; {described}", table)
        if path is not None:
            _write_new(path, page, overwrite=overwrite)
        return page

    def _repr_html_(self) -> str:
        """The notebook table: the same rendering as :func:`reading_view` and ``to_html``."""
        table = _html_table(self.frame, _KWIC_LAYOUT, NOTEBOOK_ROWS, inline=True,
                            everything="Kwic.to_frame() or Kwic.to_html(path) give all of them.")
        return f'<div dir="rtl" lang="ar">{table}</div>'
