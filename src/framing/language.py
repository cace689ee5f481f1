"""Languages: what a lexicon's ``language`` changes, and a document's language from its text.

The per-language settings are data (``framing/data/languages.yaml``):

* the normaliser options of each language (English folds case, joins
  possessives and splits hyphenated compounds; Arabic keeps the codebook's
  settings), so that the texts and the lexicon's forms are normalised alike;
* which word-form rules apply (:mod:`framing.morphology`);
* the script of each language and English function words, from which
  :func:`detect_language` tells a document's language when a corpus does not
  say it: the script of most of its letters, and for Latin script whether
  enough of its words are English function words (so French or German text
  is not scored with an English lexicon).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import yaml

from framing.normalize import Normalizer

__all__ = ["UNDETERMINED", "LanguageInfo", "detect_language", "detect_languages",
           "known_languages", "language_info", "normalizer_for"]

#: The language of a text in no known language (ISO 639-2 "undetermined").
UNDETERMINED = "und"

# code point ranges of letters: Arabic (with its supplements and presentation
# forms), Latin (ASCII, Latin-1 and Extended-A/B letters) and other scripts' letters
# (Greek to CJK and Hangul, leaving out punctuation, symbols and Arabic marks)
_ARABIC, _LATIN, _OTHER = 1, 2, 3
_RANGES = sorted([
    *((lo, hi, _ARABIC) for lo, hi in ((0x0620, 0x064A), (0x066E, 0x06D3), (0x06FA, 0x06FF),
                                       (0x0750, 0x077F), (0x08A0, 0x08C9), (0xFB50, 0xFDFF),
                                       (0xFE70, 0xFEFC))),
    *((lo, hi, _LATIN) for lo, hi in ((0x41, 0x5A), (0x61, 0x7A), (0xC0, 0xD6), (0xD8, 0xF6),
                                      (0xF8, 0x24F), (0x1E00, 0x1EFF))),
    *((lo, hi, _OTHER) for lo, hi in ((0x370, 0x5FF), (0x700, 0x74F), (0x780, 0x89F),
                                      (0x900, 0x1DFF), (0x1F00, 0x1FFF), (0x3040, 0x9FFF),
                                      (0xAC00, 0xD7AF))),
])
# code -> script by one searchsorted: the ranges' boundaries, and the script of each gap
_BOUNDS = np.array([x for lo, hi, _ in _RANGES for x in (lo, hi + 1)], dtype=np.uint32)
_SCRIPT_OF_GAP = np.array([0, *[x for _, _, script in _RANGES for x in (script, 0)]],
                          dtype=np.int64)


@dataclass(frozen=True)
class LanguageInfo:
    """One language's settings from ``languages.yaml``."""

    code: str
    name: str
    script: str
    normalizer: dict[str, bool]
    morphology: str
    possessive_ending: str = ""
    function_words: frozenset[str] = frozenset()


@cache
def _data() -> dict[str, Any]:
    text = (resources.files("framing") / "data" / "languages.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@cache
def known_languages() -> tuple[str, ...]:
    """Codes of the languages a lexicon may declare (``ar``, ``en``)."""
    return tuple(k for k in _data() if k != "detection")


@cache
def language_info(code: str) -> LanguageInfo:
    """The settings of language ``code``; a clear error for a language we do not know."""
    if code not in known_languages():
        raise ValueError(
            f"Unknown language {code!r}: framing knows {', '.join(known_languages())}. "
            "Declare one of these as the lexicon's `language:`."
        )
    entry = _data()[code]
    return LanguageInfo(
        code=code, name=str(entry["name"]), script=str(entry["script"]),
        normalizer={str(k): bool(v) for k, v in (entry.get("normalizer") or {}).items()},
        morphology=str(entry["morphology"]),
        possessive_ending=str(entry.get("possessive_ending") or ""),
        function_words=frozenset(entry.get("function_words") or ()),
    )


@cache
def normalizer_for(language: str) -> Normalizer:
    """The normaliser of a language's texts and lexicon forms.

    A language framing does not know (a dictionary imported without one,
    ``und``) gets the default settings, as before languages existed.
    """
    if language not in known_languages():
        return Normalizer()
    return Normalizer(**language_info(language).normalizer)


def _script_counts(samples: list[str]) -> np.ndarray:
    """(n, 4): characters of no script, Arabic, Latin and other letters in each sample."""
    encoded = [t.encode("utf-32-le", "surrogatepass") for t in samples]
    codes = np.frombuffer(b"".join(encoded), dtype=np.uint32)
    lengths = np.fromiter((len(e) // 4 for e in encoded), dtype=np.int64, count=len(encoded))
    scripts = _SCRIPT_OF_GAP[np.searchsorted(_BOUNDS, codes, side="right")]
    doc = np.repeat(np.arange(len(samples)), lengths)
    return np.bincount(doc * 4 + scripts, minlength=4 * len(samples)).reshape(-1, 4)


def detect_language(text: Any) -> str:
    """``"ar"``, ``"en"``, ``""`` for a text with no letters, or ``"und"``.

    Arabic when at least ``arabic_share`` of the letters among the first
    ``sample_chars`` characters are Arabic. Otherwise English when at least
    ``latin_share`` are Latin and at least ``function_word_share`` of its
    words (at least ``min_words`` of them) are English function words.
    Otherwise Arabic again if at least ``arabic_minority`` of the letters are
    Arabic (an Arabic article listing foreign names or titles). A shorter
    Latin text without that much Arabic (a headline) is taken as English.
    Anything else (another script, Latin text that is not English) is
    ``"und"``. The settings are in ``languages.yaml``.
    """
    return detect_languages([text])[0]


def detect_languages(texts: Iterable[Any]) -> list[str]:
    """:func:`detect_language` of each text, counting scripts for all texts at once."""
    texts = list(texts)
    if not texts:
        return []
    settings = _data()["detection"]
    size = int(settings["sample_chars"])
    samples = [t[:size] if isinstance(t, str) else "" for t in texts]
    counts = _script_counts(samples)
    letters = counts[:, 1:].sum(axis=1)
    arabic = counts[:, _ARABIC] >= float(settings["arabic_share"]) * letters
    some_arabic = counts[:, _ARABIC] >= float(settings["arabic_minority"]) * letters
    latin = counts[:, _LATIN] >= float(settings["latin_share"]) * letters
    out = []
    for k, sample in enumerate(samples):
        if not letters[k]:
            out.append("")
        elif arabic[k]:
            out.append("ar")
        else:
            english = _english_words(sample, settings) if latin[k] else None
            if english:
                out.append("en")
            elif some_arabic[k]:
                out.append("ar")
            elif english is None and latin[k]:  # too short to tell: a headline
                out.append("en")
            else:
                out.append(UNDETERMINED)
    return out


def _english_words(sample: str, settings: dict[str, Any]) -> bool | None:
    """Whether a Latin-script text's words are English; None when too few to tell.

    Words are the runs between white space (a quarter of a regex's time; a function
    word glued to punctuation, rare, is simply not counted).
    """
    words = sample.lower().split()
    if len(words) < int(settings["min_words"]):
        return None
    english = language_info("en").function_words
    hits = sum(map(english.__contains__, words))
    return hits >= float(settings["function_word_share"]) * len(words)
