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

import re
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

# code point ranges of each script's letters (Arabic with its supplements and
# presentation forms; Latin with the Latin-1 and Extended-A/B letters)
_SCRIPT_RANGES = {
    "arabic": ((0x0620, 0x064A), (0x066E, 0x06D3), (0x06FA, 0x06FF), (0x0750, 0x077F),
               (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFC)),
    "latin": ((0x41, 0x5A), (0x61, 0x7A), (0xC0, 0xD6), (0xD8, 0xF6), (0xF8, 0x24F)),
}
_WORD = re.compile(r"[^\W\d_]+")


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


def _script_counts(text: str) -> dict[str, int]:
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return {script: int(sum(((codes >= lo) & (codes <= hi)).sum() for lo, hi in ranges))
            for script, ranges in _SCRIPT_RANGES.items()}


def detect_language(text: Any) -> str:
    """``"ar"``, ``"en"``, ``""`` for a text with no letters, or ``"und"``.

    The script of most letters among the first ``sample_chars`` characters
    decides between Arabic and Latin. A Latin-script text of at least
    ``min_words`` words is English only if at least ``function_word_share``
    of them are English function words; a shorter one (a headline) is taken
    as English. A text with letters of neither script, or Latin text that is
    not English, is ``"und"``.
    """
    if not isinstance(text, str) or not text:
        return ""
    settings = _data()["detection"]
    sample = text[: int(settings["sample_chars"])]
    words = _WORD.findall(sample)
    letters = sum(map(len, words))
    if not letters:
        return ""
    counts = _script_counts(sample)
    share = float(settings["script_share"])
    if counts["arabic"] >= share * letters:
        return "ar"
    if counts["latin"] < share * letters:
        return UNDETERMINED
    if len(words) < int(settings["min_words"]):
        return "en"
    english = language_info("en").function_words
    hits = sum(w.lower() in english for w in words)
    return "en" if hits >= float(settings["function_word_share"]) * len(words) else UNDETERMINED


def detect_languages(texts: Iterable[Any]) -> list[str]:
    """:func:`detect_language` of each text."""
    return [detect_language(t) for t in texts]
