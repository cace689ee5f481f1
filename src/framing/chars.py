"""Unicode letter classes and code-point ranges, defined once for the package.

Built from pyarabic's named code points so that the normaliser, the tokeniser
and the lexicon agree on what a diacritic or an alef variant is.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from pyarabic import araby

__all__ = [
    "ALEF",
    "ALEF_MAKSURA",
    "ALEF_VARIANTS",
    "ARABIC_MARKS",
    "BIDI_CONTROLS",
    "DIGIT_TRANSLATION",
    "HEH",
    "MARK_CLASS",
    "PERSIAN_LETTERS",
    "PRESENTATION_FORM_RANGES",
    "TATWEEL",
    "TEH_MARBUTA",
    "TOKEN_PATTERN",
    "VARIATION_SELECTORS",
    "YEH",
    "ZERO_WIDTH",
    "bmp_class",
    "char_class",
]

ALEF = araby.ALEF
YEH = araby.YEH
HEH = araby.HEH
TEH_MARBUTA = araby.TEH_MARBUTA
ALEF_MAKSURA = araby.ALEF_MAKSURA
TATWEEL = araby.TATWEEL

#: Alef with hamza above/below, madda, wasla, and the rarer wavy-hamza forms.
#: pyarabic's ALEFAT also lists alef maksura and small alef, which the
#: codebook treats differently, so the set is narrowed here.
ALEF_VARIANTS = frozenset(
    {
        araby.ALEF_MADDA,
        araby.ALEF_HAMZA_ABOVE,
        araby.ALEF_HAMZA_BELOW,
        araby.ALEF_WASLA,
        "\u0672",  # alef with wavy hamza above
        "\u0673",  # alef with wavy hamza below
        "\u0675",  # high hamza alef
    }
)

#: Every non-spacing mark of the Arabic block (harakat, tanwin, shadda, small
#: letters, Quranic annotation signs), plus the Arabic Supplement and
#: Extended-A marks.
ARABIC_MARKS = frozenset(
    ch
    for start, end in ((0x0610, 0x061A), (0x064B, 0x065F), (0x0670, 0x0670), (0x06D6, 0x06ED),
                       (0x08D3, 0x08FF))
    for ch in map(chr, range(start, end + 1))
    if unicodedata.category(ch) == "Mn"
) | frozenset(araby.TASHKEEL)

#: Zero-width characters that carry no letter: ZWSP, ZWNJ, ZWJ, word joiner,
#: BOM / zero-width no-break space, soft hyphen, Arabic letter mark.
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u061c")

#: Directional marks, embeddings, overrides and isolates.
BIDI_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

#: Variation selectors (U+FE00-U+FE0F) select glyphs, never letters.
VARIATION_SELECTORS = frozenset(map(chr, range(0xFE00, 0xFE10)))

#: Arabic presentation forms A and B: NFKC maps them to the letters they show.
PRESENTATION_FORM_RANGES = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFE))

#: Persian/Urdu letters that stand for Arabic ones in mixed text.
PERSIAN_LETTERS = {
    "\u06cc": YEH,  # Farsi yeh
    "\u06d2": YEH,  # yeh barree
    "\u06a9": araby.KAF,  # keheh
    "\u06aa": araby.KAF,  # swash kaf
    "\u06c1": HEH,  # heh goal
    "\u06d5": HEH,  # ae
}

#: Arabic-Indic (U+0660-0669) and extended/Persian (U+06F0-06F9) digits to ASCII.
DIGIT_TRANSLATION = {
    **{0x0660 + i: str(i) for i in range(10)},
    **{0x06F0 + i: str(i) for i in range(10)},
}

#: A token is a run of letters or digits, with any marks or tatweel inside it.
#: The underscore and all punctuation separate tokens (#الجيش_السوري is two).
MARK_CLASS = "".join(sorted(ARABIC_MARKS)) + TATWEEL
TOKEN_PATTERN = rf"(?:[^\W_]|[{MARK_CLASS}])+"


def char_class(characters: Iterable[str], ranges: Iterable[tuple[int, int]] = ()) -> str:
    """A regex character class of ``characters`` (and code point ``ranges``), written
    as runs of code points."""
    runs: list[list[int]] = []
    for code in sorted(set(map(ord, characters))):
        if runs and code == runs[-1][1] + 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    runs += [[lo, hi] for lo, hi in ranges]
    return "[" + "".join(f"\\U{lo:08x}" if lo == hi else f"\\U{lo:08x}-\\U{hi:08x}"
                         for lo, hi in runs) + "]"


def bmp_class(keep) -> str:
    """A regex class listing the characters up to U+FFFF for which ``keep(ch)`` is true.

    sre tests a listed class with one bitmap lookup, a category such as ``\\w``
    several times more slowly.
    """
    return char_class(filter(keep, map(chr, range(0x10000))))
