"""Scoring a corpus in several languages: each document with the lexicon of its language.

A :class:`MatcherSet` holds one compiled :class:`~framing.matcher.Matcher` per
language. Every document gets a language: the corpus's own ``language``
column where it has one (it wins), else :func:`framing.language.detect_language`.
A document in a language the set has no lexicon for is not scored: it is
reported (``unscored``), never counted as zeros. A text without letters
scores with the first lexicon (zero hits; its tokens, digits, are counted).

The default lexicon name ``"default"`` means the Arabic default and the
English one (``default_en``), which share their category ids: the counts
stay one table. A category that a language's lexicon lacks (the Arabic
Yemen categories have no English terms yet) is counted as 0 for that
language's documents and listed in the provenance as ``unmeasured``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd

from framing.language import UNDETERMINED, detect_languages, known_languages, normalizer_for
from framing.lexicon import Lexicon, load_lexicon
from framing.matcher import Hit, Matcher
from framing.normalize import Normalizer

__all__ = ["DEFAULT_LEXICONS", "MatcherSet", "UnscoredWarning", "document_languages",
           "lexicons_for", "unscored_note"]

#: What the lexicon name "default" scores: one shipped lexicon per language.
DEFAULT_LEXICONS = {"ar": "default", "en": "default_en"}

class UnscoredWarning(UserWarning):
    """Some documents are in no language of the lexicons and were not scored."""


# language names people write in a corpus's language column, as codes
_LANGUAGE_NAMES = {"arabic": "ar", "ara": "ar", "english": "en", "eng": "en"}


def lexicons_for(lexicon: Any) -> dict[str, Any]:
    """Language -> lexicon (or matcher) of a ``lexicon`` argument of :func:`framing.score`.

    ``"default"`` is the shipped lexicon of each language; a mapping gives
    them by language code; anything else is one lexicon, for its declared
    language (a dictionary of undetermined language, ``und``, scores every
    document).
    """
    if isinstance(lexicon, str) and lexicon == "default":
        return dict(DEFAULT_LEXICONS)
    if isinstance(lexicon, Mapping):
        if not lexicon:
            raise ValueError("framing.score: the mapping of lexicons by language is empty.")
        out = {}
        for code, item in lexicon.items():
            if code not in known_languages():
                raise ValueError(
                    f"framing.score: {code!r} is not a language framing knows "
                    f"({', '.join(known_languages())}); map language codes to lexicons.")
            lex = item.lexicon if isinstance(item, Matcher) else load_lexicon(item)
            if lex.language != code:
                raise ValueError(
                    f"framing.score: the lexicon given for {code!r} ({lex.name}) declares "
                    f"language {lex.language!r}; give each language a lexicon in it.")
            out[code] = item
        return out
    if isinstance(lexicon, Matcher):
        return {lexicon.lexicon.language: lexicon}
    lex = load_lexicon(lexicon)
    return {lex.language: lex}


def _code(value: Any) -> str | None:
    """A language column's value as a code; None where it is missing (then detected)."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return None
    text = str(value).strip().lower()
    if not text:
        return None
    return _LANGUAGE_NAMES.get(text, text)


def document_languages(texts: Sequence[Any], given: Sequence[Any] | None = None) -> list[str]:
    """Each document's language: ``given`` (a corpus's column) where set, else detected."""
    codes = [_code(v) for v in given] if given is not None else [None] * len(texts)
    missing = [k for k, c in enumerate(codes) if c is None]
    if missing:
        detected = detect_languages([texts[k] for k in missing])
        for k, language in zip(missing, detected, strict=True):
            codes[k] = language
    return codes  # type: ignore[return-value]


class MatcherSet:
    """One matcher per language, compiled when a document of that language first comes.

    Parameters
    ----------
    lexicons : mapping
        Language code -> Lexicon, name, path or compiled Matcher, as from
        :func:`lexicons_for`; the first is the primary language (its
        categories come first in the counts).
    normalizer : Normalizer, optional
        Used for the primary language's lexicon (others use their language's
        settings); by default each language's own.
    prepare : callable, optional
        ``prepare(lexicon, normalizer) -> Matcher`` (a cache of compiled matchers).
    """

    def __init__(self, lexicons: Mapping[str, Any], *, normalizer: Normalizer | None = None,
                 prepare: Callable[[Lexicon, Normalizer], Matcher] | None = None) -> None:
        self._prepare = prepare or (lambda lex, norm: Matcher(lex, normalizer=norm))
        self.lexicons: dict[str, Lexicon] = {}
        self.normalizers: dict[str, Normalizer] = {}
        self._matchers: dict[str, Matcher] = {}
        for k, (code, item) in enumerate(lexicons.items()):
            if isinstance(item, Matcher):
                self.lexicons[code], self.normalizers[code] = item.lexicon, item.normalizer
                self._matchers[code] = item
            else:
                lex = item if isinstance(item, Lexicon) else load_lexicon(item)
                self.lexicons[code] = lex
                self.normalizers[code] = (normalizer if k == 0 and normalizer is not None
                                          else normalizer_for(lex.language))
        self.primary = next(iter(self.lexicons))
        # a dictionary of undetermined language matches whatever the document's language
        self.any_language = all(code not in known_languages() for code in self.lexicons)
        ids: list[str] = []
        for lex in self.lexicons.values():
            ids += [c for c in lex.category_ids if c not in ids]
        self.category_ids = ids

    @property
    def lexicon(self) -> Lexicon:
        """The primary language's lexicon."""
        return self.lexicons[self.primary]

    @property
    def normalizer(self) -> Normalizer:
        """The primary language's normaliser."""
        return self.normalizers[self.primary]

    def matcher(self, code: str) -> Matcher:
        """The compiled matcher of language ``code``."""
        if code not in self._matchers:
            self._matchers[code] = self._prepare(self.lexicons[code], self.normalizers[code])
        return self._matchers[code]

    def language_of(self, detected: str) -> str | None:
        """The set's language that scores a document of language ``detected`` (None: none)."""
        if self.any_language or detected == "":
            return self.primary
        return detected if detected in self.lexicons else None

    def scan_documents(self, texts: Sequence[str], languages: Sequence[str]
                       ) -> list[tuple[int, list[Hit]] | None]:
        """Token count and hits of each text by its language's matcher; None: not scored."""
        out: list[tuple[int, list[Hit]] | None] = [None] * len(texts)
        by_language: dict[str, list[int]] = {}
        for k, language in enumerate(languages):
            code = self.language_of(language)
            if code is not None:
                by_language.setdefault(code, []).append(k)
        for code, positions in by_language.items():
            results = self.matcher(code).scan_many([texts[k] for k in positions])
            for k, result in zip(positions, results, strict=True):
                out[k] = result
        return out

    @property
    def hash(self) -> str:
        """One hash of every lexicon and normaliser of the set (for cache keys)."""
        digest = hashlib.sha256()
        for code in self.lexicons:
            digest.update(f"{code}\0{self.lexicons[code].hash}\0"
                          f"{sorted(self.normalizers[code].settings().items())}\0".encode())
        return digest.hexdigest()

    def provenance(self) -> dict[str, Any]:
        """What produced a table: package version, lexicons, normalisers, languages."""
        from framing import __version__

        info: dict[str, Any] = {
            "framing_version": __version__,
            "lexicon_name": self.lexicon.name,
            "lexicon_hash": self.lexicon.hash,
            "normalizer": self.normalizer.settings(),
            "languages": list(self.lexicons),
        }
        if len(self.lexicons) > 1:
            info["lexicons"] = {
                code: {"name": lex.name, "hash": lex.hash,
                       "normalizer": self.normalizers[code].settings()}
                for code, lex in self.lexicons.items()}
            info["lexicon_set_hash"] = self.hash
            unmeasured = {code: [c for c in self.category_ids if c not in lex.category_ids]
                          for code, lex in self.lexicons.items()}
            info["unmeasured"] = {k: v for k, v in unmeasured.items() if v}
        return info

    def __repr__(self) -> str:
        listed = ", ".join(f"{code}: {lex.name}" for code, lex in self.lexicons.items())
        return f"MatcherSet({{{listed}}}, categories={len(self.category_ids)})"


def unscored_note(unscored: Sequence[tuple[Any, str]], languages: Sequence[str]) -> str:
    """One sentence on the documents left unscored, by language (for warnings and the CLI)."""
    counts: dict[str, int] = {}
    for _, language in unscored:
        counts[language or UNDETERMINED] = counts.get(language or UNDETERMINED, 0) + 1
    listed = ", ".join(f"{n:,} in {code!r}" for code, n in sorted(counts.items()))
    shown = ", ".join(repr(doc_id) for doc_id, _ in unscored[:5])
    more = f" and {len(unscored) - 5:,} more" if len(unscored) > 5 else ""
    return (f"{len(unscored):,} document(s) are in no language of the lexicon(s) "
            f"({', '.join(languages)}) and were not scored: {listed} ({shown}{more}). Give a "
            "lexicon for their language, or a `language` column if the detection is wrong.")
