"""Arabic normalisation with a map back to the original characters.

The codebook's rule 2 (ignore diacritics and tatweel, one alef, final ى as ي,
final ة as ه, Persian ی ک as ي ك, no zero-width or bidi controls) and rule 3's
presentation forms are applied here, once, to both the corpus and the lexicon,
so that matching can compare plain strings. Every option can be turned off.

Normalisation changes lengths (deleted marks, expanded ligatures), so
:meth:`Normalizer.normalize_with_offsets` also returns an
:class:`OffsetMap` that turns a span of the normalised text back into the span
of the original text it came from: every hit points at the exact characters a
reader sees.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import asdict, dataclass, field

from framing import chars

__all__ = ["NormalizedText", "Normalizer", "OffsetMap", "normalize"]

_FINAL_LOOKAHEAD = r"(?![^\W_])"
_FINAL_YEH = re.compile(chars.ALEF_MAKSURA + _FINAL_LOOKAHEAD)
_FINAL_TEH_MARBUTA = re.compile(chars.TEH_MARBUTA + _FINAL_LOOKAHEAD)


def _char_class(characters: frozenset[str] | set[str], ranges=()) -> str:
    parts = [re.escape(ch) for ch in sorted(characters)]
    parts += [f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi in ranges]
    return "[" + "".join(parts) + "]"


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
        one_to_one: dict[int, str] = {}
        if self.alef:
            one_to_one.update({ord(ch): chars.ALEF for ch in chars.ALEF_VARIANTS})
        if self.persian:
            one_to_one.update({ord(k): v for k, v in chars.PERSIAN_LETTERS.items()})
        if self.digits:
            one_to_one.update(chars.DIGIT_TRANSLATION)
        ranges = chars.PRESENTATION_FORM_RANGES if self.presentation_forms else ()
        special = _char_class(deleted, ranges) if (deleted or ranges) else None
        # frozen dataclass: cache derived tables with object.__setattr__
        object.__setattr__(self, "_deleted", frozenset(deleted))
        object.__setattr__(self, "_one_to_one", tuple(
            (chr(code), target) for code, target in sorted(one_to_one.items())))
        object.__setattr__(self, "_delete_table", {ord(ch): None for ch in deleted})
        object.__setattr__(self, "_special", re.compile(special) if special else None)

    # -- public API -------------------------------------------------------

    def settings(self) -> dict[str, bool]:
        """The options as a plain dict (recorded with every result)."""
        return asdict(self)

    def __call__(self, text: str) -> str:
        return self.normalize(text)

    def normalize(self, text: str) -> str:
        """Normalised text (without the offset map)."""
        _check_text(text)
        if self._special is not None and self._special.search(text):
            text = self._special.sub(self._expand_match, text)
        return self._one_to_one_stage(text)

    def normalize_with_offsets(self, text: str) -> NormalizedText:
        """Normalised text with the map back to ``text``, in one pass."""
        _check_text(text)
        if self._special is None or not self._special.search(text):
            return NormalizedText(self._one_to_one_stage(text), text)
        norm_starts: list[int] = []
        norm_ends: list[int] = []
        orig_starts: list[int] = []
        orig_ends: list[int] = []
        shift = 0  # normalised position minus original position so far

        def replace(m: re.Match[str]) -> str:
            nonlocal shift
            replacement = self._expand(m.group())
            width = len(replacement)
            if width != 1:
                start = m.start()
                norm_starts.append(start + shift)
                norm_ends.append(start + shift + width)
                orig_starts.append(start)
                orig_ends.append(start + 1)
                shift += width - 1
            return replacement

        stage_one = self._special.sub(replace, text)
        offsets = OffsetMap(
            tuple(norm_starts), tuple(norm_ends), tuple(orig_starts), tuple(orig_ends)
        )
        return NormalizedText(self._one_to_one_stage(stage_one), text, offsets)

    def offset_map(self, text: str) -> OffsetMap:
        """The map from ``normalize(text)`` back to ``text``."""
        return self.normalize_with_offsets(text).offsets

    # -- stages -----------------------------------------------------------

    def _expand_match(self, m: re.Match[str]) -> str:
        return self._expand(m.group())

    def _expand(self, ch: str) -> str:
        """Stage 1 for one special character: NFKC if presentation form, then deletions."""
        if ch in self._deleted:
            return ""
        code = ord(ch)
        if self.presentation_forms and any(lo <= code <= hi for lo, hi in
                                           chars.PRESENTATION_FORM_RANGES):
            # a ligature of several words (ﷺ) stays one word: one original character
            # never becomes several tokens, so every hit maps back to whole characters
            ch = "".join(unicodedata.normalize("NFKC", ch).split())
        return ch.translate(self._delete_table) if self._delete_table else ch

    def _one_to_one_stage(self, text: str) -> str:
        """Stage 2: replacements that keep every position (one char for one)."""
        for source, target in self._one_to_one:
            if source in text:
                text = text.replace(source, target)
        if self.casefold:
            text = _lower_keeping_length(text)
        if self.final_yeh:
            text = _FINAL_YEH.sub(chars.YEH, text)
        if self.final_teh_marbuta:
            text = _FINAL_TEH_MARBUTA.sub(chars.HEH, text)
        return text


def _lower_keeping_length(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # a few characters (İ) lower to two; keep those as they are
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


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
