"""Find the spans of a text that a lexicon counts, following the codebook's rules.

Rules implemented here (codebook, "Counting rules"):

* whole words only, with proclitics and the forms each term lists
  (the surface forms are generated once, by :mod:`framing.morphology`);
* phrases of adjacent words: words separated by spaces, an underscore or
  quotation marks, never by other punctuation or a line break;
* context conditions: a word that must (or must not) stand directly before
  or after the span, under the same adjacency rule; ``@line_start`` in
  ``preceded_by`` / ``not_preceded_by`` asks whether the span is the first
  word of a line (the text's start, or a line break followed only by spaces
  and quotation marks), as a headline is; ``not_in_line_with`` refuses a span
  whose line (a paragraph) holds one of its words anywhere;
* exclusion phrases: a span of a term inside an occurrence of one of its
  exclusion phrases does not count;
* one category per span, one span per word: when spans overlap, the longest
  wins, then the leftmost, then the category listed first. This is the
  ``exclusive`` overlap of a lexicon (the codebook's rule, and the default); a
  lexicon with ``overlap: independent`` (quanteda's and LIWC's semantics, the
  default of imported dictionaries) applies the rule within each category
  only: every category counts every span its own terms match, so the hits of
  different categories may cover the same words (``posemo`` and ``affect``
  both count "happy");
* a trailing ``*`` on a word (of a family, or of a phrase: ``south african*``)
  matches any ending of that word; a phrase word that the tokeniser splits
  (``d'Ivoire``) matches where the text has the same punctuation between the
  pieces (:attr:`framing.lexicon.Term.joins`);
* a ``case_sensitive`` term (codebook_en's IS, ISIS) matches only where the
  text's words are written as the term's (or in capitals).

The lexicon's ``language`` chooses the normaliser (:mod:`framing.language`)
and the word-form rules (:mod:`framing.morphology`).

For speed, every possible written form of a term's first word is a key of one
dict. Texts are scanned a batch at a time (:meth:`Matcher.scan_many`): the
batch is normalised at once, and :mod:`framing.token_index` finds every token
and the few whose hash is a key's, with whole-array numpy operations. The
rules above are then applied in full, but only to a short window of tokens
around each place where the first two words of a term fit; a window reaches
further than any rule can look, so it gives exactly the hits that matching
each whole text alone would (:meth:`Matcher._scan_whole`; tests check this on
every SaudiNewsNet article and on generated text).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import accumulate, compress
from types import MappingProxyType

import numpy as np

from framing import chars
from framing.language import normalizer_for
from framing.lexicon import LINE_START, Lexicon, Term, load_lexicon
from framing.morphology import family_forms, phrase_word_forms
from framing.normalize import NormalizedText, Normalizer
from framing.token_index import _P, TokenIndex, string_hash

__all__ = ["Hit", "Matcher", "token_regex", "tokenize"]

# Splitting on a captured token pattern gives [gap, token, gap, token, ..., gap] in one
# pass: the tokens, the gaps between them (for phrase adjacency) and, summed, every offset.
_SPLIT_WITH_MARKS = re.compile(f"({chars.TOKEN_PATTERN})")
# once marks and tatweel are deleted, a token is simply a run of letters and digits
_SPLIT_PLAIN = re.compile(r"([^\W_]+)")
# The same token patterns with the characters of U+0000-U+FFFF listed (chars.bmp_class):
# exact on text within that range, and several times faster, since sre tests a listed
# class with a bitmap and a category character by character. Windows are split with
# these; tokenize makes every other character a space and splits with str.split.
_MARKS = frozenset(chars.MARK_CLASS)
_FAST_SPLIT_PLAIN = re.compile(f"({chars.bmp_class(str.isalnum)}+)")
_FAST_SPLIT_WITH_MARKS = re.compile(
    f"({chars.bmp_class(lambda c: c.isalnum() or c in _MARKS)}+)")
_NOT_TOKEN_WITH_MARKS = re.compile(chars.bmp_class(
    lambda c: not c.isalnum() and not c.isspace() and c not in _MARKS))
# what may stand between two words of a phrase: spaces, an underscore, quotation marks
_JOINING_GAP = re.compile(r"[\s_\"'«»“”‘’„‹›]*")
# punctuation inside one word of a phrase (d'Ivoire, Guinea-Bissau): the text has one of
# its spellings there, nothing else
_GLUE_CLASSES = ("'\u2019\u02bc\u2018\u02b9\u2032", "-\u2010\u2011\u2013")
_INVISIBLE = chars.ZERO_WIDTH | chars.BIDI_CONTROLS | chars.VARIATION_SELECTORS
_NEWLINE = re.compile(r"[\n\r\u2028\u2029\x0b\x0c]")
# the gap before the first word of a line: a line break, then spaces or quotation marks
# only (at the very start of a text, spaces and quotation marks only)
_LINE_BREAKS = "\n\r\u2028\u2029\x0b\x0c"
_TEXT_START_GAP = re.compile(r"[\s\"'«»“”‘’„‹›]*")
_LINE_START_GAP = re.compile(r"[\n\r\u2028\u2029\x0b\x0c][\s\"'«»“”‘’„‹›]*\Z")
# control characters to join a batch of texts with (the first absent from them);
# no normalisation rule changes them or looks across them
_SEPARATORS = "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f"
# a batch is normalised and indexed at most this many characters at a time
_BATCH_CHARS = 1 << 20
# the top bits of a token's hash index a table of "may be a first word"
_HASH_BITS = 22


def _within_bmp(text: str) -> bool:
    """Is every character of ``text`` at most U+FFFF (where the listed classes are exact)?"""
    return len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text)


def token_regex(normalizer: Normalizer) -> re.Pattern[str]:
    """The token pattern for texts normalised by ``normalizer``, with one capture group.

    ``.split`` gives gaps and tokens alternately, ``.findall`` the tokens. Once
    marks and tatweel are deleted the simpler (faster) pattern is exact.
    """
    return _SPLIT_PLAIN if normalizer.diacritics and normalizer.tatweel else _SPLIT_WITH_MARKS


def tokenize(normalized_text: str) -> list[str]:
    """Tokens of a normalised text: runs of letters and digits (marks stay inside)."""
    if _within_bmp(normalized_text):
        return _NOT_TOKEN_WITH_MARKS.sub(" ", normalized_text).split()
    return _SPLIT_WITH_MARKS.findall(normalized_text)


@dataclass(frozen=True)
class Hit:
    """One counted span. Offsets index the original text; token offsets the token list."""

    start: int
    end: int
    surface: str
    normalized: str
    term: str
    category: str
    dimension: str
    weight: float
    token_start: int
    token_end: int


class _Pattern:
    """A term, or one exclusion phrase of a term, compiled to sets of normalised forms."""

    __slots__ = ("after", "before", "before_line", "case_slots", "exclusion_index", "exclusions",
                 "glue", "index", "not_after", "not_before", "not_before_line", "not_in_line",
                 "simple", "slots", "term", "wild")

    def __init__(self, index: int, term: Term, slots: list[frozenset[str]]) -> None:
        self.index = index
        self.term = term
        self.slots = slots
        # per word of a phrase: the prefixes its wildcard alternatives (``african*``) accept
        self.wild: list[tuple[str, ...]] = [()] * len(slots)
        # per gap between words: None (the joining rule) or the punctuation it must be
        self.glue: list[frozenset[str] | None] = [None] * max(len(slots) - 1, 0)
        self.exclusions: list[list[frozenset[str]]] = []
        # word -> (position k in an exclusion phrase, the phrase's slots) for every phrase
        # that holds the word: a span's first word then says, in one look-up, where each
        # exclusion that could cover it would have to start
        self.exclusion_index: dict[str, tuple[tuple[int, list[frozenset[str]]], ...]] = {}
        self.before: frozenset[str] | None = None
        self.not_before: frozenset[str] | None = None
        self.after: frozenset[str] | None = None
        self.not_after: frozenset[str] | None = None
        # whether the first word of a line passes ``before`` / fails ``not_before``
        self.before_line = False
        self.not_before_line = False
        self.not_in_line: frozenset[str] | None = None
        # a case-sensitive term's words as written (and in capitals), normalised but not
        # case-folded: the text's own words must be among them
        self.case_slots: list[frozenset[str]] | None = None
        # one word and no condition (set once compiled): found means counted
        self.simple = False


class Matcher:
    """Compile a lexicon for fast matching, then find hits in texts.

    Parameters
    ----------
    lexicon : Lexicon, str or Path, default "default"
        A lexicon or anything :func:`framing.load_lexicon` accepts.
    normalizer : Normalizer, optional
        Applied to the texts and to every lexicon form; by default the
        settings of the lexicon's language (the codebook's for Arabic).

    Examples
    --------
    >>> m = Matcher("default")
    >>> [(h.surface, h.category) for h in m.find("دعا الجيش السوري المسلحين")]
    [('الجيش', 'army'), ('المسلحين', 'militant')]
    """

    def __init__(self, lexicon: Lexicon | str = "default", *,
                 normalizer: Normalizer | None = None) -> None:
        self.lexicon = load_lexicon(lexicon)
        self.normalizer = normalizer or normalizer_for(self.lexicon.language)
        self._language = self.lexicon.language
        self._keep_case = replace(self.normalizer, casefold=False).normalize
        self._dimension = {c.id: c.dimension for c in self.lexicon.categories}
        self._compile()

    # -- compilation --------------------------------------------------------

    def _norm_set(self, forms: Iterable[str]) -> frozenset[str]:
        """The forms normalised (the empty ones dropped), in one call of the normaliser.

        Forms are joined by line breaks, which no normalisation rule changes or
        looks across (a line break ends a word for the word-final rules).
        """
        forms = list(forms)
        if not forms:
            return frozenset()
        if any("\n" in f for f in forms):
            norm = self.normalizer.normalize
            return frozenset(f for f in (norm(x) for x in forms) if f)
        return frozenset(f for f in self.normalizer.normalize("\n".join(forms)).split("\n")
                         if f)

    def _context(self, words: tuple[str, ...]) -> frozenset[str] | None:
        """Written forms of context words; None for no condition.

        The line-start marker is no word: its condition is the pattern's
        ``before_line`` flag (so a list of the marker alone gives an empty set).
        """
        if not words:
            return None
        return self._norm_set(f for w in words if w != LINE_START
                              for f in phrase_word_forms(w, first=True,
                                                         language=self._language))

    def _slot_forms(self, slots, proclitics: bool) -> list[set[str]]:
        """Written forms of each word of a phrase (before normalisation)."""
        last = len(slots) - 1
        return [
            {f for w in alternatives
             for f in phrase_word_forms(w, first=(k == 0), proclitics=proclitics,
                                        last=(k == last), language=self._language)}
            for k, alternatives in enumerate(slots)
        ]

    def _phrase_slots(self, slots, proclitics: bool) -> list[frozenset[str]]:
        return [self._norm_set(forms) for forms in self._slot_forms(slots, proclitics)]

    def _wild_slots(self, term: Term) -> list[tuple[str, ...]]:
        """Normalised prefixes of each phrase word's wildcard alternatives (``african*``).

        The first word takes proclitics as a phrase's first word does; a prefix
        needs no suffix rule, since it accepts every ending.
        """
        out = []
        for k, alternatives in enumerate(term.slots):
            stems = [a[:-1] for a in alternatives if a.endswith("*")]
            out.append(tuple(sorted(self._norm_set(
                f for stem in stems for f in phrase_word_forms(
                    stem, first=(k == 0), proclitics=term.proclitics, language=self._language)))))
        return out

    def _glue(self, join: str) -> frozenset[str]:
        """The gaps that stand for punctuation inside a phrase word (any apostrophe ...)."""
        norm = self.normalizer.normalize(join)
        for spellings in _GLUE_CLASSES:
            if join in spellings:
                return frozenset(spellings) | {norm}
        return frozenset({join, norm})

    def _case_slots(self, forms: list[set[str]]) -> list[frozenset[str]]:
        """Forms as written and in capitals, normalised without case folding."""
        return [frozenset(self._keep_case(v) for f in slot for v in (f, f.upper()))
                for slot in forms]

    def _compile(self) -> None:
        self._patterns: list[_Pattern] = []
        self._first: dict[str, tuple] = {}  # see _add and _freeze_first
        # first word -> one-word patterns; -> {second word: phrases}; -> phrases whose
        # second word has a wildcard (gathered by _add, made _first by _freeze_first)
        self._singles: dict[str, tuple[int, ...]] = {}
        self._by_second: dict[str, dict[str, list[int]]] = {}
        self._loose: dict[str, tuple[int, ...]] = {}
        self._tuples: dict[tuple[int, ...], tuple[int, ...]] = {}
        self._prefixes: dict[int, dict[str, list[int]]] = {}
        # a family's written forms, per (forms, options): imported dictionaries list one
        # word under several categories, and the forms are worked out once
        families: dict[tuple, tuple[frozenset[str], frozenset[str]]] = {}
        for term in self.lexicon.terms:
            index = len(self._patterns)
            if term.kind == "family":
                key = (term.forms, term.article, term.proclitics, term.suffixes, term.future)
                exact = [f for f in term.forms if not f.endswith("*")]
                options = dict(article=term.article, proclitics=term.proclitics,
                               suffixes=term.suffixes, future=term.future,
                               language=self._language)
                family = families.get(key)
                if family is None:
                    prefixes = self._norm_set(
                        x for f in term.forms if f.endswith("*")
                        for x in family_forms(f[:-1], article=term.article,
                                              proclitics=term.proclitics,
                                              language=self._language))
                    family = families[key] = (self._norm_set(
                        x for f in exact for x in family_forms(f, **options)), prefixes)
                if term.case_sensitive:  # the forms as written (a few terms)
                    written = [{x for f in exact for x in family_forms(f, **options)}]
                pattern = _Pattern(index, term, [family[0]])
                for prefix in family[1]:
                    self._prefixes.setdefault(len(prefix), {}).setdefault(
                        prefix, []).append(index)
            else:
                exact_slots = tuple(tuple(a for a in alts if not a.endswith("*"))
                                    for alts in term.slots)
                written = self._slot_forms(exact_slots, term.proclitics)
                pattern = _Pattern(index, term, [self._norm_set(forms) for forms in written])
                pattern.wild = self._wild_slots(term)
                if term.joins:
                    pattern.glue = [None if j == " " else self._glue(j) for j in term.joins]
            if term.case_sensitive:
                pattern.case_slots = self._case_slots(written)
            pattern.before = self._context(term.preceded_by)
            pattern.not_before = self._context(term.not_preceded_by)
            pattern.before_line = LINE_START in term.preceded_by
            pattern.not_before_line = LINE_START in term.not_preceded_by
            pattern.after = self._context(term.followed_by)
            pattern.not_after = self._context(term.not_followed_by)
            pattern.not_in_line = self._context(term.not_in_line_with)
            pattern.exclusions = [self._phrase_slots(x, True) for x in term.exclude]
            where: dict[str, list[tuple[int, list[frozenset[str]]]]] = {}
            for slots in pattern.exclusions:
                for k, slot in enumerate(slots):
                    for word in slot:
                        where.setdefault(word, []).append((k, slots))
            pattern.exclusion_index = {word: tuple(at) for word, at in where.items()}
            pattern.simple = (len(pattern.slots) == 1 and pattern.before is None
                              and pattern.not_before is None and pattern.after is None
                              and pattern.not_after is None and not pattern.exclusions
                              and pattern.not_in_line is None and pattern.case_slots is None
                              and not pattern.before_line and not pattern.not_before_line)
            self._add(pattern)
        self._freeze_first()
        self._independent = self.lexicon.overlap == "independent"
        self._prefix_tables = sorted(self._prefixes.items())  # shortest prefixes first
        self._split = token_regex(self.normalizer)
        self._plain = self._split is _SPLIT_PLAIN
        # wildcard prefixes by length, as sorted hashes (for the batch scan's numpy test)
        self._prefix_hashes = {length: np.unique(self._hashes(list(table)))
                               for length, table in self._prefixes.items()}
        self._maybe_first = np.zeros(1 << _HASH_BITS, dtype=bool)
        self._maybe_first[self._hashes(list(self._first)) >> np.uint64(64 - _HASH_BITS)] = True
        # how far (in tokens) a rule can look from the word a match starts on
        self._reach = 1 + max(
            [len(p.slots) for p in self._patterns]
            + [len(x) for p in self._patterns for x in p.exclusions], default=1)
        self._fast_split = _FAST_SPLIT_PLAIN if self._plain else _FAST_SPLIT_WITH_MARKS
        # when no form has a cased letter, lower-casing a text changes no match (a
        # token with a cased letter matches nothing either way) and can be skipped
        # (each set of forms is read once: imported dictionaries share them between terms)
        seen: set[int] = set()
        pieces = []
        for p in self._patterns:
            for group in (p.slots, p.wild, *p.exclusions,
                          [x for x in (p.before, p.not_before, p.after, p.not_after) if x]):
                for forms in group:
                    if id(forms) not in seen:
                        seen.add(id(forms))
                        pieces.append("".join(forms))
        every_form = "".join(pieces)
        caseless = every_form.lower() == every_form and every_form.upper() == every_form
        # (a wildcard prefix accepts any ending, cased letters too: then the text is folded)
        self._text_normalizer = (
            replace(self.normalizer, casefold=False)
            if caseless and self.normalizer.casefold and not self._prefixes else self.normalizer)

    def _freeze_first(self) -> None:
        """Build ``_first`` from what :meth:`_add` collected, equal entries one object.

        An imported Arabic dictionary has millions of written forms (every word
        with every proclitic), and all the forms of one word start the same
        patterns: sharing their tuples keeps the index small.
        """
        shared: dict = {}
        no_second = MappingProxyType({})
        singles, by_second, loose = self._singles, self._by_second, self._loose
        first: dict[str, tuple] = {}
        for form in (*singles, *(f for f in (*by_second, *loose) if f not in singles)):
            seconds = by_second.get(form)
            entry = (singles.get(form, ()),
                     MappingProxyType(seconds) if seconds else no_second, loose.get(form, ()))
            if not seconds:  # entries with phrases are few, and their dicts unhashable
                entry = shared.setdefault((entry[0], entry[2]), entry)
            first[form] = entry
        self._first = first
        del self._singles, self._by_second, self._loose, self._tuples

    def _hashes(self, strings: list[str]) -> np.ndarray:
        """:func:`string_hash` of each string, computed with numpy when each is one token.

        The strings are joined by line breaks and indexed as a text is; a
        string that is not one token (punctuation inside) is hashed on its own.
        """
        if not strings:
            return np.zeros(0, dtype=np.uint64)
        index = TokenIndex("\n".join(strings), with_marks=not self._plain)
        lengths = np.fromiter(map(len, strings), dtype=np.int64, count=len(strings))
        if len(index.starts) == len(strings) and np.array_equal(index.ends - index.starts,
                                                                lengths):
            return index.hashes
        return np.array([string_hash(x) for x in strings], dtype=np.uint64)

    def _add(self, pattern: _Pattern) -> None:
        """Index a pattern by its first word and, for phrases, its second word too.

        ``_first[form]`` is ``(one-word patterns, {second form: phrase patterns},
        phrase patterns whose second word has a wildcard)``, so a common first word
        (القوات) costs one more lookup, not a check of every phrase. A phrase whose
        first word has a wildcard is indexed by its prefixes in ``_prefixes``.
        """
        self._patterns.append(pattern)
        index = pattern.index
        if len(pattern.slots) == 1:
            # the forms of one word share one tuple of patterns (interned in _tuples)
            singles, tuples = self._singles, self._tuples
            for form in pattern.slots[0]:
                grown = (*singles.get(form, ()), index)
                singles[form] = tuples.setdefault(grown, grown)
        elif pattern.wild[1]:
            for form in pattern.slots[0]:
                self._loose[form] = (*self._loose.get(form, ()), index)
        else:
            for form in pattern.slots[0]:
                seconds = self._by_second.setdefault(form, {})
                for second in pattern.slots[1]:
                    seconds.setdefault(second, []).append(index)
        if len(pattern.slots) > 1:
            for prefix in pattern.wild[0]:
                self._prefixes.setdefault(len(prefix), {}).setdefault(
                    prefix, []).append(pattern.index)

    def forms_of(self, term: Term) -> frozenset[str]:
        """The normalised written forms of a one-word term's pattern (empty for phrases)."""
        for pattern in self._patterns:
            if pattern.term is term and len(pattern.slots) == 1:
                return pattern.slots[0]
        return frozenset()

    def shadowed_forms(self) -> list[tuple[Term, str, Term]]:
        """Written forms of one-word terms that can never count for their own term.

        With exclusive overlap a span goes to the term listed first; when that
        term has the same form and no condition (no context, exclusion or case
        rule), it takes every occurrence, so the later term of another category
        never counts that form (an extending lexicon that adds الإرهابيين to
        militia, while the base's terrorist family already has إرهابيين with
        the article). Returns ``(term, normalised form, term that takes it)``;
        empty for independent overlap, where each category counts its own.
        """
        if self._independent:
            return []
        patterns = self._patterns
        out = []
        for form, entry in self._first.items():
            singles = entry[0]
            if len(singles) < 2:
                continue
            winner = patterns[min(singles)]
            if not winner.simple:
                continue
            for index in sorted(singles):
                loser = patterns[index]
                if loser.term.category != winner.term.category:
                    out.append((loser.term, form, winner.term))
        return out

    @property
    def n_forms(self) -> int:
        """Number of distinct written forms that can start a match."""
        return len(self._first) + sum(len(v) for v in self._prefixes.values())

    def __repr__(self) -> str:
        return (f"Matcher(lexicon={self.lexicon.name!r}, categories={len(self.lexicon)}, "
                f"forms={self.n_forms})")

    # -- matching -------------------------------------------------------------

    def count_tokens(self, text: str) -> int:
        """Number of tokens in ``text`` after normalisation."""
        return self.scan(text)[0]

    def scan(self, text: str) -> tuple[int, list[Hit]]:
        """Token count and hits of one text."""
        return self.scan_many([text])[0]

    def scan_many(self, texts: Sequence[str]) -> list[tuple[int, list[Hit]]]:
        """Token count and hits of each text (the building block of :func:`framing.score`).

        Texts are normalised and cut into tokens a batch at a time; only texts
        holding a possible first word of a term are matched further.
        """
        texts = list(texts)
        for text in texts:
            if not isinstance(text, str):
                self.normalizer.normalize(text)  # raises the normaliser's TypeError
        out: list[tuple[int, list[Hit]]] = []
        batch: list[str] = []
        size = 0
        for text in texts:
            if batch and size + len(text) > _BATCH_CHARS:
                out.extend(self._scan_batch(batch))
                batch, size = [], 0
            batch.append(text)
            size += len(text) + 1
        if batch:
            out.extend(self._scan_batch(batch))
        return out

    def _scan_batch(self, texts: list[str]) -> list[tuple[int, list[Hit]]]:
        """:meth:`scan_many` for texts joined into one batch by a control character."""
        joined = "".join(texts)
        separator = next((c for c in _SEPARATORS if c not in joined), None)
        if separator is None and len(texts) > 1:
            return [item for text in texts for item in self._scan_batch([text])]
        batch = self._text_normalizer.normalize_with_offsets((separator or "").join(texts))
        norm = batch.text
        index = TokenIndex(norm, with_marks=not self._plain)
        if len(texts) > 1:
            bounds = np.flatnonzero(index.codes == ord(separator))  # type: ignore[arg-type]
            doc_of = np.searchsorted(bounds, index.starts)
            text_starts = np.r_[0, bounds + 1]
        else:
            doc_of = np.zeros(len(index.starts), dtype=np.int64)
            text_starts = np.zeros(1, dtype=np.int64)
        counts = np.bincount(doc_of, minlength=len(texts))
        first_token = np.r_[0, np.cumsum(counts)]
        maybe = np.flatnonzero(self._maybe_first[index.hashes >> np.uint64(64 - _HASH_BITS)])
        # the tokens that pass the hash test, and the token after each
        following = np.minimum(maybe + 1, max(len(index.starts) - 1, 0))
        begins: dict[int, list[tuple[int, int]]] = {}
        if self._prefixes:
            self._wild_begins(index, norm, doc_of, first_token, text_starts, begins)
        first = self._first
        for i, start, end, doc, next_start, next_end, next_doc in zip(
                maybe.tolist(), index.starts[maybe].tolist(), index.ends[maybe].tolist(),
                doc_of[maybe].tolist(), index.starts[following].tolist(),
                index.ends[following].tolist(), doc_of[following].tolist(), strict=True):
            token = norm[start:end]
            entry = first.get(token)
            if entry is None:
                continue
            # a one-word pattern's word (or a phrase's with a wildcard second word), or a
            # phrase's first word before a possible second
            if entry[0] or entry[2] or (next_doc == doc and next_start > start
                                        and norm[next_start:next_end] in entry[1]):
                begins.setdefault(doc, []).append(
                    (i - int(first_token[doc]), start - int(text_starts[doc])))
        in_bmp = not len(index.codes) or int(index.codes.max()) <= 0xFFFF
        # where each text starts in the batch, before and after normalisation
        starts_before = list(accumulate((len(text) + 1 for text in texts), initial=0))
        starts_after = [*text_starts.tolist(), len(norm) + 1]
        out = []
        if self._prefixes:  # wildcard and exact starts, each once, in text order
            begins = {doc: sorted(set(found)) for doc, found in begins.items()}
        for doc, n in enumerate(counts.tolist()):
            if doc in begins:
                normalized = batch.part(starts_before[doc], starts_before[doc + 1] - 1,
                                        starts_after[doc], starts_after[doc + 1] - 1)
                # starts more than two reaches apart cannot share a match: separate windows
                found: list[Hit] = []
                group = begins[doc][:1]
                for begin in begins[doc][1:]:
                    if begin[0] - group[-1][0] > 2 * self._reach:
                        found += self._window_hits(normalized, group, in_bmp)
                        group = []
                    group.append(begin)
                out.append((n, found + self._window_hits(normalized, group, in_bmp)))
            else:
                out.append((n, []))
        return out

    def _wild_begins(self, index: TokenIndex, norm: str, doc_of: np.ndarray,
                     first_token: np.ndarray, text_starts: np.ndarray,
                     begins: dict[int, list[tuple[int, int]]]) -> None:
        """Add to ``begins`` the tokens that start with a wildcard prefix (``abandon*``).

        The hash of each token's first L characters is built up one character
        at a time over all tokens at once (numpy), and tested against the
        hashes of the prefixes of length L; the few that pass are compared as
        strings.
        """
        starts, lengths = index.starts, index.ends - index.starts
        codes = index.codes.astype(np.uint64)
        hashes = np.zeros(len(starts), dtype=np.uint64)
        live = np.arange(len(starts))
        for length in range(1, max(self._prefixes) + 1):
            live = live[lengths[live] >= length]
            if not len(live):
                break
            # P**(length-1) modulo 2**64, as the token hashes count
            power = np.uint64(pow(_P, length - 1, 1 << 64))
            hashes[live] += codes[starts[live] + (length - 1)] * power
            table = self._prefix_hashes.get(length)
            if table is None:
                continue
            prefixes = self._prefixes[length]
            for i in live[np.isin(hashes[live], table)].tolist():
                start = int(starts[i])
                if norm[start:start + length] in prefixes:
                    doc = int(doc_of[i])
                    begins.setdefault(doc, []).append(
                        (i - int(first_token[doc]), start - int(text_starts[doc])))

    def find(self, text: str) -> list[Hit]:
        """Hits of one text, in text order."""
        return self.scan(text)[1]

    def _scan_whole(self, text: str) -> tuple[int, list[Hit]]:
        """:meth:`scan` the simple way: every token of the fully normalised text.

        The reference that :meth:`scan`'s shortcuts are tested against.
        """
        normalized = self.normalizer.normalize_with_offsets(text)
        parts = self._split.split(normalized.text)
        tokens = parts[1::2]
        starts = self._starts(tokens)
        return len(tokens), self._hits(normalized, parts, tokens, starts) if starts else []

    def _window_hits(self, normalized: NormalizedText, begins: list[tuple[int, int]],
                     in_bmp: bool) -> list[Hit]:
        """Hits starting at the given (token index, char position) pairs of a text.

        Matched on a window of the text from ``reach`` tokens before the first
        start to ``reach`` tokens after the last, further than any rule looks,
        so it gives exactly the hits of the whole text.
        """
        norm = normalized.text
        reach = self._reach
        first_i, first_at = begins[0]
        last_i, last_at = begins[-1]
        split = self._fast_split if in_bmp else self._split  # in_bmp: the listed class is exact
        margin = 12 * reach
        while True:
            a = max(0, first_at - margin)
            b = min(len(norm), last_at + margin)
            parts = split.split(norm[a:b])
            # bounds[k]: where parts[k] starts in norm; the first start's index in the
            # window is the number of tokens that begin before it
            bounds = list(accumulate(map(len, parts), initial=a))
            local = bounds[1::2].index(first_at)
            after = len(parts) // 2 - (local + last_i - first_i) - 1
            # `reach` whole tokens on either side of the starts (an end token may be cut)
            if (a == 0 or local > reach) and (b == len(norm) or after > reach):
                break
            margin *= 2
        shift = first_i - local
        window_tokens = parts[1::2]
        starts = self._starts(window_tokens, [i - shift for i, _ in begins])
        return self._hits(normalized, parts, window_tokens, starts, bounds=bounds,
                          token_base=shift)

    def _starts(self, tokens: list[str], at: Iterable[int] | None = None
                ) -> list[tuple[int, int]]:
        """(token index, pattern index) for every pattern whose first two words fit.

        ``at`` limits the search to those token indexes (all tokens by default).
        """
        first = self._first
        n = len(tokens)
        out = []
        whole = at is None
        # compress + map keep the scan over all tokens in C
        at = compress(range(n), map(first.__contains__, tokens)) if whole else list(at)
        for i in at:
            entry = first.get(tokens[i])
            if entry is None:  # a token that only a wildcard prefix starts
                continue
            singles, by_second, loose = entry
            out.extend((i, p) for p in singles)
            out.extend((i, p) for p in loose)
            if by_second and i + 1 < n and tokens[i + 1] in by_second:
                for p in by_second[tokens[i + 1]]:
                    out.append((i, p))
        if self._prefixes:
            prefixes = self._prefix_tables
            for i in (range(n) if whole else at):
                t = tokens[i]
                size = len(t)
                for length, table in prefixes:
                    if length > size:
                        break
                    found = table.get(t[:length])
                    if found:
                        out.extend((i, p) for p in found)
            out = sorted(set(out))
        return out

    def _hits(self, normalized: NormalizedText, parts: list[str], tokens: list[str],
              starts: list[tuple[int, int]], *, bounds: list[int] | None = None,
              token_base: int = 0) -> list[Hit]:
        """Apply every rule to the possible starts; ``parts`` may be a window of the text.

        ``bounds[k]`` is where ``parts[k]`` starts in the normalised text, and
        ``token_base`` the index there of the window's first token.
        """
        text, norm = normalized.original, normalized.text
        n = len(tokens)

        def adjacent(i: int) -> bool:  # may token i and token i+1 belong to one phrase?
            if not 0 <= i < n - 1:
                return False
            gap = parts[2 * i + 2]
            return gap == " " or (_JOINING_GAP.fullmatch(gap) is not None
                                  and _NEWLINE.search(gap) is None)

        if bounds is None:
            bounds = list(accumulate(map(len, parts), initial=0))
        window_start = bounds[0]  # where parts[0] starts in the normalised text
        line_tokens: dict[int, frozenset[str]] = {}  # line start -> the line's tokens

        def line_has(i: int, words: frozenset[str]) -> bool:
            """Does the line of token i (in the whole text, not the window) hold a word?"""
            at = bounds[2 * i + 1]
            begin = max(norm.rfind(c, 0, at) for c in _LINE_BREAKS) + 1
            if begin not in line_tokens:
                ends = [e for e in (norm.find(c, at) for c in _LINE_BREAKS) if e >= 0]
                line = norm[begin:min(ends, default=len(norm))]
                line_tokens[begin] = frozenset(self._split.split(line)[1::2])
            return not words.isdisjoint(line_tokens[begin])

        def line_start(i: int) -> bool:  # is token i the first word of a line?
            gap = parts[2 * i]
            if i == 0:  # the text's first token, unless the window starts inside the text
                return window_start == 0 and _TEXT_START_GAP.fullmatch(gap) is not None
            return _LINE_START_GAP.search(gap) is not None

        def excluded(pattern: _Pattern, i: int, end: int) -> bool:
            """Does an exclusion phrase of the pattern's term cover tokens i..end-1?

            Only the starts where the phrase holds the span's first word are tried.
            """
            for k, slots in pattern.exclusion_index.get(tokens[i], ()):
                length = len(slots)
                j = i - k
                if j < 0 or j + length < end or j + length > n or (
                        k and tokens[j] not in slots[0]):
                    continue
                if length == 1:
                    return True
                if length == 2:  # the commonest case, without the generic loops
                    if (k or tokens[j + 1] in slots[1]) and adjacent(j):
                        return True
                    continue
                if (all(tokens[j + m] in slots[m] for m in range(1, length))
                        and all(adjacent(j + m) for m in range(length - 1))):
                    return True
            return False

        offsets = normalized.offsets
        edited = bool(offsets.norm_starts)
        keep_case = self._keep_case

        def written_as(pattern: _Pattern, i: int) -> bool:
            """Are the text's words i, i+1 ... written as a case-sensitive term's?"""
            for k, forms in enumerate(pattern.case_slots):  # type: ignore[arg-type]
                n_start, n_end = bounds[2 * (i + k) + 1], bounds[2 * (i + k) + 2]
                o_start, o_end = (offsets.to_original(n_start, n_end) if edited
                                  else (n_start, n_end))
                if keep_case(text[o_start:o_end]) not in forms:
                    return False
            return True

        # (start - end, start, pattern index, end, pattern): sorted as tuples, longest
        # first, then leftmost, then lexicon order (the first three never tie)
        candidates: list[tuple[int, int, int, int, _Pattern]] = []
        patterns = self._patterns
        for i, p_index in starts:
            pattern = patterns[p_index]
            length = len(pattern.slots)
            end = i + length
            if pattern.simple:  # one word, no condition: nothing more to check
                if end <= n:
                    candidates.append((-1, i, p_index, end, pattern))
                continue
            if end > n or (length > 1 and not all(
                (tokens[i + k] in pattern.slots[k]
                 or (pattern.wild[k] and tokens[i + k].startswith(pattern.wild[k])))
                and (adjacent(i + k - 1) if pattern.glue[k - 1] is None
                     else parts[2 * (i + k)] in pattern.glue[k - 1])  # type: ignore[operator]
                for k in range(1, length)
            )):
                continue
            if pattern.before is not None or pattern.not_before is not None:
                before = tokens[i - 1] if adjacent(i - 1) else None
                opens_line = ((pattern.before_line or pattern.not_before_line)
                              and line_start(i))
                if (pattern.before is not None and before not in pattern.before
                        and not (pattern.before_line and opens_line)):
                    continue
                if pattern.not_before is not None and (
                        before in pattern.not_before or (pattern.not_before_line and opens_line)):
                    continue
            if pattern.after is not None or pattern.not_after is not None:
                after = tokens[end] if adjacent(end - 1) else None
                if pattern.after is not None and after not in pattern.after:
                    continue
                if pattern.not_after is not None and after in pattern.not_after:
                    continue
            if pattern.exclusions and excluded(pattern, i, end):
                continue
            if pattern.not_in_line is not None and line_has(i, pattern.not_in_line):
                continue
            if pattern.case_slots is not None and not written_as(pattern, i):
                continue
            candidates.append((i - end, i, p_index, end, pattern))
        if not candidates:
            return []
        # a word is taken once in the whole text (exclusive overlap) or once in each
        # category (independent)
        candidates.sort()
        taken_in: dict[str, bytearray] = {}
        independent = self._independent
        chosen = []
        for _, start, p_index, end, pattern in candidates:
            owner = pattern.term.category if independent else ""
            taken = taken_in.get(owner)
            if taken is None:
                taken = taken_in[owner] = bytearray(n)
            if end - start == 1:
                if taken[start]:
                    continue
                taken[start] = 1
            else:
                if any(taken[start:end]):
                    continue
                taken[start:end] = b"\x01" * (end - start)
            chosen.append((start, p_index, end, pattern))
        chosen.sort()  # text order, then lexicon order
        hits = []
        # spans several categories count (independent overlap) are mapped back once
        spans: dict[tuple[int, int], tuple[int, int, str, str]] = {}
        dimension = self._dimension
        for start, _, end, pattern in chosen:
            span = spans.get((start, end))
            if span is None:
                n_start, n_end = bounds[2 * start + 1], bounds[2 * end]
                o_start, o_end = (offsets.to_original(n_start, n_end) if edited
                                  else (n_start, n_end))
                # a trailing zero-width or bidi control belongs to no word; a final mark does
                while o_end > o_start and text[o_end - 1] in _INVISIBLE:
                    o_end -= 1
                span = spans[start, end] = (o_start, o_end, text[o_start:o_end],
                                            norm[n_start:n_end])
            term = pattern.term
            hits.append(Hit(span[0], span[1], span[2], span[3], term.id, term.category,
                            dimension[term.category], term.weight, token_base + start,
                            token_base + end))
        return hits
