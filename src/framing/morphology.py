"""Surface forms of lexicon words: proclitics, the article, suffixes, future prefix.

The affixes themselves are data (``framing/data/morphology.yaml``); this
module only combines them. An English lexicon (``language: en``) lists its
inflections itself (codebook_en: "the listed inflections"); the only form
added is the possessive, which the English normaliser writes as the word plus
``s`` (``regime's`` → ``regimes``; see ``languages.yaml``). Arabic affixes are
never added to English words. Everything here works on text *before*
normalisation, so the rules can speak of ة and ى as written; the matcher
normalises the forms it gets.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from framing.language import known_languages, language_info

__all__ = ["Affixes", "Proclitics", "affixes", "clitic_prefixes", "family_forms",
           "phrase_word_forms", "proclitic_sequences", "split_article"]


@dataclass(frozen=True)
class Affixes:
    """The affix inventory read from ``morphology.yaml``."""

    conjunctions: tuple[str, ...]
    prepositions: tuple[str, ...]
    article: str
    lam_article: str
    lam: str
    future: str
    imperfect_prefixes: tuple[str, ...]
    pronoun_suffixes: tuple[str, ...]
    before_suffix: tuple[tuple[str, str], ...]


@cache
def affixes() -> Affixes:
    """The package's affix inventory (read once)."""
    text = (resources.files("framing") / "data" / "morphology.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    lam_article = str(data["lam_article"])
    return Affixes(
        conjunctions=tuple(data["conjunctions"]),
        prepositions=tuple(data["prepositions"]),
        article=str(data["article"]),
        lam_article=lam_article,
        lam=lam_article[0],
        future=str(data["future"]),
        imperfect_prefixes=tuple(data["imperfect_prefixes"]),
        pronoun_suffixes=tuple(data["pronoun_suffixes"]),
        # longest endings first, so ين is tried before ن-less rules
        before_suffix=tuple(
            sorted(((str(k), str(v)) for k, v in data["before_suffix"].items()),
                   key=lambda kv: -len(kv[0]))
        ),
    )


def clitic_prefixes(definite: bool) -> list[str]:
    """Every conjunction + preposition (+ article) combination, the empty one first."""
    return list(_clitic_prefixes(definite))


@cache
def _clitic_prefixes(definite: bool) -> tuple[str, ...]:
    """:func:`clitic_prefixes`, worked out once (a big lexicon asks for it per word)."""
    a = affixes()
    out = []
    for conj in ("", *a.conjunctions):
        for prep in ("", *a.prepositions):
            if not definite:
                out.append(conj + prep)
            elif prep == a.lam:
                out.append(conj + a.lam_article)
            else:
                out.append(conj + prep + a.article)
    return tuple(out)


@dataclass(frozen=True)
class Proclitics:
    """One sequence of proclitics as written before a stem: conjunction, preposition, article.

    ``written`` is how the sequence is spelt (ل before the article is written
    لل); ``definite`` says whether it ends with the article.
    """

    conjunction: str
    preposition: str
    definite: bool
    written: str

    @property
    def n_clitics(self) -> int:
        """How many clitics the sequence holds (و + ب + ال: 3)."""
        return bool(self.conjunction) + bool(self.preposition) + self.definite

    @property
    def outermost(self) -> str:
        """"conjunction", "preposition" or "article": the clitic written first."""
        return "conjunction" if self.conjunction else "preposition" if self.preposition \
            else "article"


def proclitic_sequences() -> list[Proclitics]:
    """Every non-empty proclitic sequence (و، ب، وب، ال، وال، بال، لل، ولل ...).

    The same combinations as :func:`clitic_prefixes`, with their parts, for
    code that must know which clitics a prefix is made of (the keyness
    clitic rule keeps the article when it strips a preposition: للجيش → الجيش).
    """
    a = affixes()
    out = []
    for conj in ("", *a.conjunctions):
        for prep in ("", *a.prepositions):
            for definite in (False, True):
                if not (conj or prep or definite):
                    continue
                if not definite:
                    written = conj + prep
                elif prep == a.lam:
                    written = conj + a.lam_article
                else:
                    written = conj + prep + a.article
                out.append(Proclitics(conj, prep, definite, written))
    return out


def _with_suffixes(form: str) -> list[str]:
    a = affixes()
    stem = form
    for ending, replacement in a.before_suffix:
        if form.endswith(ending):
            stem = form[: -len(ending)] + replacement
            break
    return [stem + s for s in a.pronoun_suffixes]


def split_article(word: str) -> tuple[bool, str]:
    """``(True, bare)`` for a word written with the article, else ``(False, word)``."""
    art = affixes().article
    if word.startswith(art) and len(word) > len(art) + 1:
        return True, word[len(art):]
    return False, word


def _english(language: str) -> bool:
    return language in known_languages() and language_info(language).morphology == "english"


def _with_possessive(word: str, language: str) -> set[str]:
    """The word and its possessive as the normaliser writes it (``rebel`` → ``rebels``)."""
    ending = language_info(language).possessive_ending
    if not ending or word.endswith(ending):  # rebels' is rebels; ISIS's is ISISs
        return {word}
    return {word, word + ending}


def family_forms(
    form: str,
    *,
    article: str = "optional",
    proclitics: bool = True,
    suffixes: str = "none",
    future: bool = False,
    language: str = "ar",
) -> set[str]:
    """All written forms of one family form (before normalisation).

    ``article`` says whether ال may (optional), must (required) or must not
    (forbidden) precede the form; ``suffixes="pronouns"`` adds attached
    pronouns to the bare and proclitic forms; ``future`` lets an imperfect
    verb form take سـ. These are Arabic rules: for an English lexicon the form
    and its possessive are returned.
    """
    if _english(language):
        return _with_possessive(form, language)
    a = affixes()
    bare_forms = [form]
    if suffixes == "pronouns":
        bare_forms += _with_suffixes(form)
    out: set[str] = set()
    if article in ("optional", "forbidden"):
        for prefix in (_clitic_prefixes(False) if proclitics else [""]):
            out.update(prefix + f for f in bare_forms)
    if article in ("optional", "required"):
        for prefix in (_clitic_prefixes(True) if proclitics else [a.article]):
            out.add(prefix + form)
    if future and form.startswith(a.imperfect_prefixes):
        for conj in ("", *a.conjunctions) if proclitics else ("",):
            out.update(conj + a.future + f for f in bare_forms)
    return out


def phrase_word_forms(word: str, *, first: bool, proclitics: bool = True,
                      last: bool = False, language: str = "ar") -> set[str]:
    """Written forms of one word of a phrase (or of a context word).

    A word written with ال must have it; a word written without may have it
    or not. Only the first word of a phrase takes conjunctions and
    prepositions (والقوات المسلحة), and only if ``proclitics``. In English a
    phrase's ``last`` word may carry the possessive (``Syrian regime's``).
    """
    if _english(language):
        return _with_possessive(word, language) if last else {word}
    a = affixes()
    definite, bare = split_article(word)
    if not (first and proclitics):
        return {a.article + bare} if definite else {bare, a.article + bare}
    out = {p + bare for p in _clitic_prefixes(True)}
    if not definite:
        out.update(p + bare for p in _clitic_prefixes(False))
    return out
