"""Normalisation of Arabic (and English) text with a map back to the original characters.

The codebook's rule 2 (ignore diacritics and tatweel, one alef, final ى as ي,
final ة as ه, Persian ی ک as ي ك, no zero-width or bidi controls) and rule 3's
presentation forms are applied here, once, to both the corpus and the lexicon,
so that matching can compare plain strings. Every option can be turned off.
Two options serve English (codebook_en: curly and straight apostrophes are
the same, possessives, hyphenated compounds) and are off for Arabic: see
:func:`framing.language.normalizer_for`.

For speed, the text is lower-cased with ``str.lower``; every other rule but
the word-final ones maps one character to a fixed string, so they are applied
in one C-level regex pass that cuts the text at the characters those rules
change (rare in most text) and maps just those; the three frequent hamza alefs
are then replaced with ``str.replace``, and so are the final ى and ة (the rare
ones inside a word are put back).

Normalisation changes lengths (deleted marks, expanded ligatures), so
:meth:`Normalizer.normalize_with_offsets` also returns an
:class:`OffsetMap` that turns a span of the normalised text back into the span
of the original text it came from: every hit points at the exact characters a
reader sees.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import asdict, dataclass, field

import numpy as np

from framing import chars

__all__ = ["NormalizedText", "Normalizer", "OffsetMap", "normalize", "split_compound"]

# ى and ة inside a word (a letter or digit follows), which the final rules leave alone
_INNER_YEH = re.compile(chars.ALEF_MAKSURA + r"(?=[^\W_])")
_INNER_TEH_MARBUTA = re.compile(chars.TEH_MARBUTA + r"(?=[^\W_])")
# common enough in Arabic text that replacing them costs less than cutting at them
_FREQUENT = frozenset("أإآ")
_FINAL_SIGMA, _SIGMA = "ς", "σ"
# an apostrophe between two letters (rebel's, d'Ivoire) or after a word-final s
# (rebels'), in any of its spellings; a hyphen between two letters (rebel-held)
_APOSTROPHES = "'\u2019\u02bc\u2018\u02b9\u2032"
# the hyphen, the Unicode hyphens and the en dash, which typesetting puts in compounds
_HYPHENS = "-\u2010\u2011\u2013"




class _Replacements(dict):
    """Character -> its normalised string, worked out the first time it is met."""

    def __init__(self, normalizer: Normalizer) -> None:
        super().__init__()
        self.normalizer = normalizer

    def __missing__(self, ch: str) -> str:
        self[ch] = value = self.normalizer._replace_char(ch)
        return value


@dataclass(frozen=True)
class OffsetMap:
    """Maps positions of a normalised text back to its original text.

    Stored as the list of edits that changed the length (a deleted mark, an
    expanded ligature); between edits the two texts advance together.
    """

    norm_starts: tuple[int, ...] = ()
    norm_ends: tuple[int, ...] = ()
    orig_starts: tuple[int, ...] = ()
    orig_ends: tuple[int, ...] = ()

    def _position(self, q: int, *, side: str) -> int:
        i = bisect_right(self.norm_starts, q) - 1
        if i < 0:
            return q
        if self.norm_ends[i] <= q:
            return self.orig_ends[i] + (q - self.norm_ends[i])
        if q == self.norm_starts[i]:
            return self.orig_starts[i]
        # strictly inside an expansion (one original character became several)
        return self.orig_starts[i] if side == "start" else self.orig_ends[i]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the normalised span ``[start, end)``.

        Marks deleted just before the span are left out; marks deleted just
        after its last letter (a final tanwin) are kept, so the original slice
        shows the whole written word.
        """
        if not self.norm_starts:
            return start, end
        o_start = self._position(start, side="start")
        o_end = self._position(end, side="end")
        return o_start, max(o_start, o_end)


@dataclass(frozen=True)
class NormalizedText:
    """A normalised text, the original it came from, and the map between them."""

    text: str
    original: str
    offsets: OffsetMap = field(default_factory=OffsetMap)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original span of the normalised span ``[start, end)``."""
        return self.offsets.to_original(start, end)

    def part(self, start: int, end: int, norm_start: int, norm_end: int) -> NormalizedText:
        """The piece made from ``original[start:end]``, which became ``text[norm_start:
        norm_end]``, as if normalised alone (right when no rule looks across the cut)."""
        o = self.offsets
        lo, hi = bisect_left(o.orig_starts, start), bisect_left(o.orig_starts, end)
        offsets = OffsetMap(
            tuple(x - norm_start for x in o.norm_starts[lo:hi]),
            tuple(x - norm_start for x in o.norm_ends[lo:hi]),
            tuple(x - start for x in o.orig_starts[lo:hi]),
            tuple(x - start for x in o.orig_ends[lo:hi]),
        ) if hi > lo else OffsetMap()
        return NormalizedText(self.text[norm_start:norm_end], self.original[start:end], offsets)


@dataclass(frozen=True)
class Normalizer:
    """Configurable Arabic normaliser.

    Parameters
    ----------
    presentation_forms : bool
        Replace Arabic presentation forms (U+FB50-U+FEFF) by the letters they
        show (Unicode NFKC on those characters only).
    diacritics : bool
        Delete harakat, tanwin, shadda, sukun, small letters and Quranic marks.
    tatweel : bool
        Delete tatweel (kashida), the stretching stroke ـ.
    alef : bool
        Write أ إ آ ٱ (and the wavy-hamza alefs) as bare ا. Hamza on waw or
        yeh (ؤ ئ) and the lone hamza ء are kept: they spell other words.
    final_yeh : bool
        Write a word-final ى as ي (Egyptian spelling: السورى = السوري).
    final_teh_marbuta : bool
        Write a word-final ة as ه.
    persian : bool
        Write Persian and Urdu ی ک ه-forms as the Arabic letters.
    invisible : bool
        Delete zero-width characters, bidi controls and variation selectors.
    digits : bool
        Write Arabic-Indic and Persian digits as ASCII digits.
    casefold : bool
        Lower-case Latin and other cased scripts (for non-Arabic lexicons).
    apostrophes : bool
        Delete an apostrophe (' ’ ʼ ‘) between two letters or after a
        word-final s, so a possessive is one word: ``rebel's`` = ``rebels``,
        ``rebels'`` = ``rebels``, ``Da'esh`` = ``Daesh``. Off by default (English).
    hyphens : bool
        Write a hyphen (or an en dash) between two letters as a space, so that
        the words of a compound are adjacent words (``rebel-held`` = ``rebel
        held``, ``anti-regime`` = ``anti regime``). Off by default (English).

    Examples
    --------
    >>> Normalizer()("الإرهابيّون")
    'الارهابيون'
    >>> Normalizer(alef=False)("الإرهابيّون")
    'الإرهابيون'
    """

    presentation_forms: bool = True
    diacritics: bool = True
    tatweel: bool = True
    alef: bool = True
    final_yeh: bool = True
    final_teh_marbuta: bool = True
    persian: bool = True
    invisible: bool = True
    digits: bool = True
    casefold: bool = True
    apostrophes: bool = False
    hyphens: bool = False

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            if not isinstance(value, bool):
                raise TypeError(
                    f"The '{name}' parameter of framing.Normalizer must be True or False. "
                    f"Got {value!r} instead."
                )
        deleted: set[str] = set()
        if self.diacritics:
            deleted |= chars.ARABIC_MARKS
        if self.tatweel:
            deleted.add(chars.TATWEEL)
        if self.invisible:
            deleted |= chars.ZERO_WIDTH | chars.BIDI_CONTROLS | chars.VARIATION_SELECTORS
        one_to_one: dict[str, str] = {}
        if self.alef:
            one_to_one.update(dict.fromkeys(chars.ALEF_VARIANTS, chars.ALEF))
        if self.persian:
            one_to_one.update(chars.PERSIAN_LETTERS)
        if self.digits:
            one_to_one.update({chr(code): digit
                               for code, digit in chars.DIGIT_TRANSLATION.items()})
        frequent = {ch: one_to_one[ch] for ch in sorted(_FREQUENT) if ch in one_to_one}
        changed = deleted | (one_to_one.keys() - frequent.keys())
        if self.casefold:  # str.lower does the rest, before the cut
            changed.add(_FINAL_SIGMA)
        ranges = chars.PRESENTATION_FORM_RANGES if self.presentation_forms else ()
        # frozen dataclass: cache derived tables with object.__setattr__
        object.__setattr__(self, "_deleted", frozenset(deleted))
        object.__setattr__(self, "_one_to_one", one_to_one)
        object.__setattr__(self, "_frequent", tuple(frequent.items()))
        # apostrophes and hyphens are cut everywhere; the letters around each decide
        contextual = (_APOSTROPHES if self.apostrophes else "") + (
            _HYPHENS if self.hyphens else "")
        changed |= set(contextual)
        object.__setattr__(self, "_contextual", frozenset(contextual))
        object.__setattr__(self, "_cut", re.compile(f"({chars.char_class(changed, ranges)})")
                           if changed or ranges else None)
        object.__setattr__(self, "_replacements", _Replacements(self))

    # -- public API -------------------------------------------------------

    def settings(self) -> dict[str, bool]:
        """The options as a plain dict (recorded with every result)."""
        return asdict(self)

    def __call__(self, text: str) -> str:
        return self.normalize(text)

    def normalize(self, text: str) -> str:
        """Normalised text (without the offset map)."""
        return self._normalize(text, with_offsets=False).text

    def normalize_with_offsets(self, text: str) -> NormalizedText:
        """Normalised text with the map back to ``text``, in one pass."""
        return self._normalize(text, with_offsets=True)

    def offset_map(self, text: str) -> OffsetMap:
        """The map from ``normalize(text)`` back to ``text``."""
        return self.normalize_with_offsets(text).offsets

    # -- stages -----------------------------------------------------------

    def _normalize(self, text: str, *, with_offsets: bool) -> NormalizedText:
        _check_text(text)
        original = text
        if self.casefold:
            text = _lower_keeping_length(text)
        pieces = self._cut.split(text) if self._cut is not None else [text]
        offsets = OffsetMap()
        if len(pieces) > 1:
            # pieces alternate: unchanged text, a character to replace, unchanged text...
            replaced = list(map(self._replacements.__getitem__, pieces[1::2]))
            if self._contextual:
                self._in_context(text, pieces, replaced)
            if with_offsets:
                offsets = _edits(pieces, replaced)
            pieces[1::2] = replaced
            text = "".join(pieces)
        for source, target in self._frequent:
            if source in text:
                text = text.replace(source, target)
        if self.final_yeh:
            text = _replace_final(text, chars.ALEF_MAKSURA, chars.YEH, _INNER_YEH)
        if self.final_teh_marbuta:
            text = _replace_final(text, chars.TEH_MARBUTA, chars.HEH, _INNER_TEH_MARBUTA)
        return NormalizedText(text, original, offsets)

    def _in_context(self, text: str, pieces: list[str], replaced: list[str]) -> None:
        """Apostrophes and hyphens by the characters around them, in place in ``replaced``.

        An apostrophe between a letter or digit and another, or after a final
        s, is deleted (rebel's, rebels'); a hyphen between two letters becomes
        a space (rebel-held). Others stay as they are (opening quotes, dates).
        """
        at = 0
        for k, ch in enumerate(pieces[1::2]):
            at += len(pieces[2 * k])
            if ch in self._contextual:
                before = text[at - 1] if at else " "
                after = text[at + 1] if at + 1 < len(text) else " "
                if ch in _APOSTROPHES:
                    inside = before.isalnum() and after.isalnum()
                    possessive = before in "sS" and not after.isalnum()
                    replaced[k] = "" if inside or possessive else ch
                else:
                    replaced[k] = " " if before.isalpha() and after.isalpha() else ch
            at += 1

    def _replace_char(self, ch: str) -> str:
        """What one character becomes (every rule except the word-final ones).

        Apostrophes and hyphens are left as they are here: :meth:`_in_context`
        decides them by their neighbours.
        """
        if ch in self._contextual:
            return ch
        code = ord(ch)
        if self.presentation_forms and any(lo <= code <= hi for lo, hi in
                                           chars.PRESENTATION_FORM_RANGES):
            # a ligature of several words (ﷺ) stays one word: one original character
            # never becomes several tokens, so every hit maps back to whole characters
            ch = "".join(unicodedata.normalize("NFKC", ch).split())
        out = []
        for c in ch:
            if c in self._deleted:
                continue
            c = self._one_to_one.get(c, c)
            if self.casefold:
                lowered = c.lower()
                # a few characters (İ) lower to two; keep those as they are
                c = _SIGMA if lowered == _FINAL_SIGMA else lowered if len(lowered) == 1 else c
            out.append(c)
        return "".join(out)


def _replace_final(text: str, letter: str, replacement: str, inner: re.Pattern[str]) -> str:
    """``letter`` as ``replacement`` where it ends a word.

    Written so because the letter nearly always ends its word: replacing every
    one with ``str.replace`` and putting back the rare inner ones is several
    times faster than a regex substitution with a look-ahead.
    """
    if letter not in text:
        return text
    keep = [m.start() for m in inner.finditer(text)]
    text = text.replace(letter, replacement)
    if keep:
        pieces, previous = [], 0
        for at in keep:
            pieces += [text[previous:at], letter]
            previous = at + 1
        pieces.append(text[previous:])
        text = "".join(pieces)
    return text


def _lower_keeping_length(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # a few characters (İ) lower to two; keep those as they are
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _edits(pieces: list[str], replaced: list[str]) -> OffsetMap:
    """The offset map of replacing ``pieces[1::2]`` (one character each) by ``replaced``."""
    # replacement k follows unchanged text of length before[k]; the replacements
    # before it became grown[k] characters
    before = np.cumsum(np.fromiter(map(len, pieces[0::2]), dtype=np.int64,
                                   count=len(replaced) + 1))
    widths = np.fromiter(map(len, replaced), dtype=np.int64, count=len(replaced))
    grown = np.concatenate(([0], np.cumsum(widths)))
    k = np.flatnonzero(widths != 1)
    norm_starts = before[k] + grown[k]
    orig_starts = before[k] + k
    return OffsetMap(tuple(norm_starts.tolist()), tuple((norm_starts + widths[k]).tolist()),
                     tuple(orig_starts.tolist()), tuple((orig_starts + 1).tolist()))


def split_compound(word: str) -> list[str]:
    """The words of a compound as the ``hyphens`` option splits it (``Al-Lah`` → Al, Lah).

    A lexicon's phrase words are split so, to stay adjacent words like the text's.
    """
    parts, start = [], 0
    for at, ch in enumerate(word):
        if (ch in _HYPHENS and 0 < at < len(word) - 1 and word[at - 1].isalpha()
                and word[at + 1].isalpha()):
            parts.append(word[start:at])
            start = at + 1
    return [*parts, word[start:]]


def _check_text(text: object) -> None:
    if not isinstance(text, str):
        raise TypeError(
            f"Expected a str to normalise. Got {type(text).__name__} instead; decode bytes "
            "first (framing.read_text_file names the file when that fails)."
        )


_DEFAULT = Normalizer()


def normalize(text: str, normalizer: Normalizer | None = None) -> str:
    """Normalise ``text`` with the default (codebook) settings or ``normalizer``."""
    return (normalizer or _DEFAULT).normalize(text)
