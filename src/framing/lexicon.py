"""Lexicons: dimensions → categories → terms, loaded from validated YAML.

A lexicon file looks like this (the default lexicon,
``framing/data/lexicons/default.yaml``, is the full example)::

    name: my-lexicon
    overlap: exclusive               # or independent (see below); default exclusive
    word_lists:                      # reusable word lists, referred to as @name
      group_nouns: [جماعة, جماعات]
    dimensions:
      - id: armed_group_label
        label_en: How armed non-state groups are named
        label_ar: تسمية الجماعات المسلحة
        categories:
          - id: terrorist
            label_en: terrorist
            label_ar: إرهابي
            colour: "#882255"
            stance: delegitimising   # optional
            terms:
              - family: إرهابي          # a word family ...
                forms: [إرهابي, إرهابية, إرهابيين]
                article: optional       # ال allowed (optional), needed, or forbidden
                suffixes: pronouns      # accept pronoun suffixes (ـه ـها ـهم ...)
              - phrase: "@group_nouns مسلحة|المسلحة"   # ... or a phrase
                not_preceded_by: [هجوم]  # context conditions
                exclude: ["رئيس التحرير"]  # exclusion phrases
                weight: 2                # intensity, for weighted scoring
              - family: الشرعية
                forms: [شرعية]
                preceded_by: [دعم, "@line_start"]  # after دعم, or first on its line

Context conditions (``preceded_by``, ``not_preceded_by``, ``followed_by``,
``not_followed_by``) list the words that must or must not stand directly
before or after a match, with their proclitics. ``preceded_by`` and
``not_preceded_by`` may also hold ``"@line_start"``: the match is the first
word of a line (of the text, or after a line break, with only spaces or
quotation marks before it on its line), which is where a headline or a
subheading starts. ``preceded_by: [دعم, "@line_start"]`` accepts either;
``not_preceded_by: ["@line_start"]`` refuses a match that opens a line. The
name ``line_start`` is reserved: no word list may take it, and it may not
stand in forms, phrases, exclusions or the other context keys.
``not_in_line_with`` lists words (with their proclitics) that must not stand
anywhere on the match's line, a paragraph of news text: it tells a word's
referent by its topic (التحالف in a paragraph naming داعش is the coalition
against the Islamic State).

``overlap`` says how categories share words. ``exclusive`` (the default, and
the codebook's rule): a word belongs to at most one counted span, across all
dimensions, and a word form or phrase listed under two categories is an error.
``independent`` (quanteda's and LIWC's semantics, the default of imported
dictionaries): every category counts every span its own terms match, so a
word listed under two categories counts in both (nested categories, a place
name under two countries). It is part of the lexicon's hash.

A lexicon may extend another: ``extends:`` names its base, a shipped lexicon
(``default``, see :func:`available_lexicons`) or a file (a relative path is
read from the extending file's folder), and the file lists only what it adds::

    extends: default
    name: default-plus
    dimensions:
      - id: armed_group_label        # a dimension of the base, by its id ...
        categories:
          - id: militia              # ... a category of the base: these terms are added
            terms:
              - family: عصابة
                forms: [عصابة, عصابات]
          - id: gang                 # a new category, defined in full
            label_en: gang
            terms: [بلطجية]

The base is loaded first, and reports its own problems with its own file and
lines; it may extend another in turn (a cycle, or a chain of more than
``MAX_EXTENDS`` lexicons, is an error). A shipped lexicon's name is read as
that lexicon: a file called ``default`` beside the extending one is
``./default``. The base gives the language, ``overlap``, word lists and
dimensions; ``name`` (default: the file's stem), ``version`` and
``description`` are the extending file's own. ``language`` and ``overlap``,
if given, must be the base's: an extension does not change how the base's
terms count. A new dimension or category is added as written, after the
base's; a base's category gets the terms listed under its id (and applies its
own ``exclude`` to them), and any other key given for it or for a base's
dimension must repeat the base's value. A word list named as one of the
base's must hold the same words. Then the whole is validated as one lexicon:
a form listed in the base and again in the extension is an error naming both
files and lines. The base may also be an imported dictionary (quanteda, LIWC,
WordStat, Lexicoder), read with its own default ``overlap``. The loaded
lexicon is the resolved whole: its hash is that of the whole content (it
changes when the base changes), and :meth:`Lexicon.to_yaml` writes the whole,
without ``extends``.

A term's phrase word may end with ``*`` (any ending of that word: ``south
african*``). A term's phrase word that the lexicon's normaliser and tokeniser
would split (``d'Ivoire`` where apostrophes are kept) is cut into its pieces,
which must then stand in the text with the same punctuation between them
(:attr:`Term.joins`). Exclusion phrases and context words take neither.

How words match (whole words with proclitics, phrases, longest match) is the
matcher's business: see :mod:`framing.matcher`. This module only reads,
validates, writes and describes lexicons; it also reads quanteda YAML, LIWC
``.dic``, WordStat ``.cat`` and Lexicoder ``.lc3`` dictionaries (how they are
mapped is described in :mod:`framing.lexicon_formats`, which writes them).

Lexicon files are read with limits, because a file can be hostile: only
regular files (not ``/dev/zero`` or a FIFO) of at most ``MAX_LEXICON_MB`` MB
(the environment variable ``FRAMING_MAX_LEXICON_MB`` raises it), YAML aliases
that expand to at most ``MAX_ALIAS_ENTRIES`` entries, nesting of at most
``MAX_DEPTH`` levels, words of at most ``MAX_WORD_CHARS`` characters. A word
with no letter or digit once normalised (diacritics, tatweel or zero-width
characters only) is an error; a word holding punctuation or regular-expression
syntax (``الجيش.*``) is accepted with a :class:`LexiconWarning`, as it can never
match. Error messages list at most ``MAX_LISTED_PROBLEMS`` problems and cut
echoed values to about 200 characters.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import os
import re
import stat
import unicodedata
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from framing import chars
from framing.language import UNDETERMINED, known_languages, language_info, normalizer_for
from framing.morphology import split_article
from framing.normalize import Normalizer, split_compound

try:  # libyaml's parser: the same events as PyYAML's, 15x faster
    from yaml._yaml import CParser as _CParser
except ImportError:  # PyYAML without libyaml: its own reader, scanner and parser
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    _CParser = None
    _PARSING: tuple[type, ...] = (Reader, Scanner, Parser, Composer)
else:
    _PARSING = (Composer, _CParser)  # our Composer's methods before the C ones

__all__ = [
    "ARTICLE_OPTIONS",
    "FORMATS",
    "LINE_START",
    "MAX_LEXICON_MB",
    "OVERLAP_OPTIONS",
    "SUFFIX_OPTIONS",
    "TOL_MUTED",
    "Category",
    "Dimension",
    "Lexicon",
    "LexiconConversionWarning",
    "LexiconError",
    "LexiconWarning",
    "Term",
    "available_lexicons",
    "load_lexicon",
    "looks_like_quanteda",
    "quanteda_to_lexicon",
    "read_lexicoder",
    "read_liwc",
    "read_quanteda",
    "read_wordstat",
]

ARTICLE_OPTIONS = ("optional", "required", "forbidden")
#: In ``preceded_by`` / ``not_preceded_by``: the match is the first word of a line.
LINE_START = "@line_start"
_LINE_START_KEYS = ("preceded_by", "not_preceded_by")
SUFFIX_OPTIONS = ("none", "pronouns")
#: How categories share words (the lexicon's ``overlap`` key): ``exclusive`` is the
#: codebook's rule (a word belongs to at most one counted span, across all
#: dimensions); ``independent`` is quanteda's and LIWC's (every category counts every
#: word its own terms match, so categories may count the same words).
OVERLAP_OPTIONS = ("exclusive", "independent")
#: File formats :func:`load_lexicon` reads (``format=``), told by extension otherwise.
FORMATS = ("framing", "quanteda", "liwc", "wordstat", "lexicoder")
CONTEXT_KEYS = ("preceded_by", "not_preceded_by", "followed_by", "not_followed_by",
                "not_in_line_with")

_TOP_KEYS = {"name", "version", "description", "language", "overlap", "word_lists",
             "dimensions", "extends"}
_DIMENSION_KEYS = {"id", "label_en", "label_ar", "description", "categories"}
_CATEGORY_KEYS = {
    "id", "label_en", "label_ar", "colour", "stance", "description", "terms", "exclude",
}
_TERM_KEYS = {
    "id", "family", "forms", "phrase", "gloss", "article", "proclitics", "suffixes", "future",
    "exclude", "weight", "case_sensitive", *CONTEXT_KEYS,
}
# term options that are rules of Arabic morphology (no meaning in an English lexicon)
_ARABIC_ONLY_KEYS = ("article", "proclitics", "suffixes", "future")
_ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")

#: Column names of the counts table and of the metadata joined to it: a category
#: (one column per category id) may not take one of them.
RESERVED_CATEGORY_IDS = frozenset({"doc_id", "language", "n_tokens", "outlet", "date",
                                   "period"})
_COLOUR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")

#: Largest lexicon file read, in MB (a lexicon is a word list: the default one is
#: 27 kB). The environment variable ``FRAMING_MAX_LEXICON_MB`` raises it.
MAX_LEXICON_MB = 20
#: YAML entries allowed per MB of that limit (500,000 for 20 MB): YAML costs about
#: 500 bytes of memory per entry, so this bounds memory whatever the file holds.
_NODES_PER_MB = 25_000
#: Entries that YAML aliases (``*name``) may add when expanded. Word lists
#: (``@name``) are the lexicon's own way to reuse words; aliases are for small
#: repeats only, and an alias of an alias of ... (a "billion laughs") is refused.
MAX_ALIAS_ENTRIES = 10_000
#: Words that references to word lists (``@name``) may add in all: a list of
#: 10,000 words referred to by 10,000 terms would otherwise make 10**8.
MAX_LISTED_WORDS = 100_000
#: Deepest nesting of lists and mappings (our format needs 9 levels).
MAX_DEPTH = 40
#: Longest word (a form, an alternative of a phrase, a context word).
MAX_WORD_CHARS = 100
#: Most words in a phrase.
MAX_PHRASE_WORDS = 30
#: Most lexicons in a chain of ``extends:`` (the file loaded, its base, its base's base ...).
MAX_EXTENDS = 20
#: Problems listed in an error message; the others are counted.
MAX_LISTED_PROBLEMS = 50
_SHOWN_CHARS = 200  # an echoed value is cut after this many characters
_PROBLEM_CHARS = 600  # and a whole problem after this many
# characters of a regular expression, which a literal word cannot contain
_REGEX_CHARS = frozenset(".*+?()[]{}\\^$|")
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
_WHOLE_TOKEN = re.compile(chars.TOKEN_PATTERN)


def _brief(value: Any, depth: int = 0, limit: int = _SHOWN_CHARS) -> str:
    """A short repr of a value read from a file: at most ~200 characters, nesting cut.

    A hostile file can hold values of any size (a list expanded by YAML
    aliases, a megabyte-long word); error messages echo them through this.
    """
    if isinstance(value, str):
        if len(value) <= limit:
            return repr(value)
        return f"{value[:limit]!r}... ({len(value):,} characters)"
    if isinstance(value, list | tuple | Mapping):
        if depth >= 2:
            return "[...]" if not isinstance(value, Mapping) else "{...}"
        items = list(value.items())[:4] if isinstance(value, Mapping) else list(value[:4])
        if isinstance(value, Mapping):
            shown = [f"{_brief(k, depth + 1)}: {_brief(v, depth + 1)}" for k, v in items]
        else:
            shown = [_brief(v, depth + 1) for v in items]
        if len(value) > len(items):
            shown.append(f"... {len(value) - len(items):,} more")
        inner = ", ".join(shown)
        text = "{" + inner + "}" if isinstance(value, Mapping) else "[" + inner + "]"
    else:
        text = repr(value)
    return text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + "...]"


def _clip(text: str, limit: int = _PROBLEM_CHARS) -> str:
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text):,} characters)"


class LexiconError(ValueError):
    """A lexicon file or object is invalid; the message lists the problems.

    ``problems`` holds every problem; the message shows the first
    ``MAX_LISTED_PROBLEMS`` (each cut to a few hundred characters) and counts
    the rest, so a hostile file cannot make the message itself huge. One
    problem is one line: ``source: line N: what is wrong``.
    """

    def __init__(self, problems: list[str], source: str = "<lexicon>") -> None:
        self.problems = list(problems)
        self.source = source
        where = _clip(str(source), _SHOWN_CHARS)
        if len(self.problems) == 1:
            super().__init__(f"{where}: {_clip(self.problems[0])}")
            return
        shown = self.problems[:MAX_LISTED_PROBLEMS]
        lines = [f"{where}: {len(self.problems)} problem(s) in the lexicon:",
                 *("  " + _clip(p) for p in shown)]
        if len(self.problems) > len(shown):
            lines.append(f"  ... and {len(self.problems) - len(shown):,} more problem(s)")
        super().__init__("\n".join(lines))


class LexiconWarning(UserWarning):
    """A lexicon is valid but some of its words can never match (see the message)."""


@dataclass(frozen=True)
class Term:
    """One entry of a category: a word family or a phrase.

    ``slots`` holds the words to match, one tuple of alternatives per word
    position (a word family is a one-slot term whose alternatives are its
    forms). Context words and exclusions are kept as written; the matcher
    normalises everything with its own normaliser.
    """

    id: str
    category: str
    kind: str  # "family" or "phrase"
    name: str
    slots: tuple[tuple[str, ...], ...]
    article: str = "optional"
    proclitics: bool = True
    suffixes: str = "none"
    future: bool = False
    preceded_by: tuple[str, ...] = ()
    not_preceded_by: tuple[str, ...] = ()
    followed_by: tuple[str, ...] = ()
    not_followed_by: tuple[str, ...] = ()
    not_in_line_with: tuple[str, ...] = ()
    exclude: tuple[tuple[tuple[str, ...], ...], ...] = ()
    weight: float = 1.0
    gloss: str = ""
    line: int | None = None
    #: match only as written (and in capitals), as codebook_en's IS and ISIS
    case_sensitive: bool = False
    #: what stands between the words of a phrase: ``" "`` (the usual joining gap) or,
    #: for a word the tokeniser splits (``d'Ivoire``, ``Guinea-Bissau``), the
    #: punctuation inside it, which the text must have there too. Empty: all spaces.
    joins: tuple[str, ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        """The word forms of a family (first slot's alternatives)."""
        return self.slots[0]

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form, as written in a lexicon file."""
        out: dict[str, Any] = {"id": self.id}
        if self.kind == "family":
            out["family"] = self.name
            out["forms"] = list(self.forms)
            if self.article != "optional":
                out["article"] = self.article
            if self.suffixes != "none":
                out["suffixes"] = self.suffixes
            if self.future:
                out["future"] = True
        else:
            out["phrase"] = _slots_to_text(self.slots, self.joins)
        if not self.proclitics:
            out["proclitics"] = False
        for key in CONTEXT_KEYS:
            if getattr(self, key):
                out[key] = list(getattr(self, key))
        if self.exclude:
            out["exclude"] = [_slots_to_text(e) for e in self.exclude]
        if self.weight != 1.0:
            out["weight"] = self.weight
        if self.case_sensitive:
            out["case_sensitive"] = True
        if self.gloss:
            out["gloss"] = self.gloss
        return out


@dataclass(frozen=True)
class Category:
    """A framing category: the unit counted per document (a column of the counts)."""

    id: str
    dimension: str
    label_en: str
    label_ar: str = ""
    colour: str = "#777777"
    stance: str | None = None
    description: str = ""
    terms: tuple[Term, ...] = ()

    def label(self, language: str = "en") -> str:
        """English, Arabic or both labels (``language`` in {'en', 'ar', 'both'})."""
        if language == "en" or (language == "ar" and not self.label_ar):
            return self.label_en
        if language == "ar":
            return self.label_ar
        if language == "both":
            return f"{self.label_en} ({self.label_ar})" if self.label_ar else self.label_en
        raise ValueError(
            f"The 'language' parameter must be one of {{'en', 'ar', 'both'}}. Got {language!r} "
            "instead."
        )


@dataclass(frozen=True)
class Dimension:
    """A group of competing categories (the labels one actor can be given)."""

    id: str
    label_en: str
    label_ar: str = ""
    description: str = ""
    categories: tuple[Category, ...] = ()


@dataclass(frozen=True)
class Lexicon:
    """A validated lexicon. Build it with :func:`load_lexicon` or :meth:`from_dict`."""

    name: str
    dimensions: tuple[Dimension, ...]
    version: str = ""
    description: str = ""
    language: str = "ar"
    source: str = "<dict>"
    word_lists: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: ``exclusive`` (the codebook's rule) or ``independent`` (quanteda's and LIWC's):
    #: see :data:`OVERLAP_OPTIONS` and :mod:`framing.matcher`
    overlap: str = "exclusive"

    # -- navigation -------------------------------------------------------

    @property
    def categories(self) -> tuple[Category, ...]:
        """All categories in lexicon order (the column order of the counts)."""
        return tuple(c for d in self.dimensions for c in d.categories)

    @property
    def category_ids(self) -> list[str]:
        return [c.id for c in self.categories]

    @property
    def terms(self) -> tuple[Term, ...]:
        return tuple(t for c in self.categories for t in c.terms)

    def category(self, category_id: str) -> Category:
        """The category with this id (KeyError naming the known ids otherwise)."""
        for c in self.categories:
            if c.id == category_id:
                return c
        raise KeyError(
            f"No category {category_id!r} in lexicon {self.name!r}. "
            f"Known categories: {', '.join(self.category_ids)}."
        )

    def dimension_of(self, category_id: str) -> str:
        return self.category(category_id).dimension

    def __iter__(self) -> Iterator[Category]:
        return iter(self.categories)

    def __len__(self) -> int:
        return len(self.categories)

    def categories_table(self):
        """One row per category: id, dimension, labels, colour, stance, number of terms."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "category": c.id,
                    "dimension": c.dimension,
                    "label_en": c.label_en,
                    "label_ar": c.label_ar,
                    "colour": c.colour,
                    "stance": c.stance,
                    "n_terms": len(c.terms),
                }
                for c in self.categories
            ]
        )

    # -- serialisation ----------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form of the lexicon, as in its YAML file."""
        out: dict[str, Any] = {"name": self.name}
        if self.version:
            out["version"] = self.version
        if self.description:
            out["description"] = self.description
        out["language"] = self.language
        if self.overlap != "exclusive":  # written only when not the default: old hashes stay
            out["overlap"] = self.overlap
        if self.word_lists:
            out["word_lists"] = {k: list(v) for k, v in self.word_lists.items()}
        out["dimensions"] = []
        for d in self.dimensions:
            dd: dict[str, Any] = {"id": d.id, "label_en": d.label_en}
            if d.label_ar:
                dd["label_ar"] = d.label_ar
            if d.description:
                dd["description"] = d.description
            dd["categories"] = []
            for c in d.categories:
                cd: dict[str, Any] = {"id": c.id, "label_en": c.label_en}
                if c.label_ar:
                    cd["label_ar"] = c.label_ar
                cd["colour"] = c.colour
                if c.stance:
                    cd["stance"] = c.stance
                if c.description:
                    cd["description"] = c.description
                cd["terms"] = [t.to_dict() for t in c.terms]
                dd["categories"].append(cd)
            out["dimensions"].append(dd)
        return out

    @property
    def hash(self) -> str:
        """SHA-256 of the lexicon's content (not of its file's formatting)."""
        canonical = json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def to_yaml(self, path: str | Path | None = None, *, overwrite: bool = False) -> str:
        """Write the lexicon as YAML (to ``path`` if given); returns the text.

        The text is the complete lexicon: for one loaded from a file that
        ``extends`` another, the resolved whole (base and additions, no
        ``extends`` key), which loads to the same lexicon and hash.
        """
        text = yaml.safe_dump(self.to_dict(), allow_unicode=True, sort_keys=False, width=100)
        if path is not None:
            _write_new(Path(path), text, overwrite=overwrite)
        return text

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str = "<dict>",
                  overlap: str | None = None, _problems: list[str] | None = None) -> Lexicon:
        """Validate plain data (as read from YAML) into a Lexicon.

        ``overlap`` ("exclusive" or "independent"), when given, replaces the
        data's own ``overlap`` key (default "exclusive").
        """
        _check_overlap(overlap, "Lexicon.from_dict")
        return _Builder(source, _problems, overlap=overlap).build(data)


def _write_new(path: Path, text: str, *, overwrite: bool) -> None:
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} exists; pass overwrite=True to replace it.")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _slots_to_text(slots: tuple[tuple[str, ...], ...], joins: tuple[str, ...] = ()) -> str:
    """A phrase as written: alternatives joined by ``|``, words by their joins (a space)."""
    words = ["|".join(alternatives) for alternatives in slots]
    if not joins:
        return " ".join(words)
    return "".join(w + j for w, j in zip(words, (*joins, ""), strict=True))


def _check_overlap(overlap: Any, func: str) -> None:
    if overlap is not None and overlap not in OVERLAP_OPTIONS:
        raise ValueError(
            f"The 'overlap' parameter of framing.{func} must be one of "
            f"{{'exclusive', 'independent'}}. Got {_brief(overlap)} instead."
        )


# -- YAML with line numbers ---------------------------------------------------


class _LineDict(dict):
    """A mapping read from YAML that remembers the line of itself and of each key."""

    line: int | None = None
    key_lines: dict[str, int]


class _LineList(list):
    line: int | None = None
    item_lines: list[int]


class _TooMuch(yaml.YAMLError):
    """The YAML exceeds a limit (aliases, entries, nesting); raised while composing."""

    def __init__(self, mark: Any, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message


def _max_lexicon_bytes() -> int:
    """The file size limit: ``MAX_LEXICON_MB``, or ``FRAMING_MAX_LEXICON_MB`` if set."""
    raw = os.environ.get("FRAMING_MAX_LEXICON_MB")
    if raw is None or not raw.strip():
        return MAX_LEXICON_MB * 2**20
    try:
        megabytes = float(raw)
    except ValueError:
        megabytes = math.nan
    if not math.isfinite(megabytes) or megabytes <= 0:
        raise LexiconError([f"the environment variable FRAMING_MAX_LEXICON_MB must be a "
                            f"positive number of megabytes; got {_brief(raw)}"],
                           "FRAMING_MAX_LEXICON_MB")
    return int(megabytes * 2**20)


class _LineLoader(*_PARSING, SafeConstructor, Resolver):
    """Safe YAML loader that records line numbers, refuses duplicate keys, and has limits.

    Limits, checked while the document is composed (before any value is built):
    aliases may add at most ``MAX_ALIAS_ENTRIES`` entries when expanded (an
    alias of a node holding aliases counts all it expands to), an alias may not
    point into its own anchor, nesting stops at ``MAX_DEPTH`` and the number of
    entries at ``_NODES_PER_MB`` per MB of the file size limit.
    """

    def __init__(self, text: str, max_nodes: int) -> None:
        if _CParser is not None:
            _CParser.__init__(self, text)
        else:
            Reader.__init__(self, text)
            Scanner.__init__(self)
            Parser.__init__(self)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self.duplicate_problems: list[str] = []
        self._sizes: dict[int, int] = {}  # id(node) -> entries once its aliases are expanded
        self._alias_entries = 0
        self._nodes = 0
        self._max_nodes = max_nodes
        self._depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            node = self.anchors.get(event.anchor)
            if node is not None:  # an unknown anchor is PyYAML's own error
                size = self._sizes.get(id(node))
                if size is None:
                    raise _TooMuch(event.start_mark, f"the alias *{_clip(event.anchor, 60)} is "
                                   "inside its own anchor (a structure that contains itself); "
                                   "write the entries out")
                self._alias_entries += size
                if self._alias_entries > MAX_ALIAS_ENTRIES:
                    raise _TooMuch(event.start_mark, f"YAML aliases (*name) here expand to "
                                   f"more than {MAX_ALIAS_ENTRIES:,} entries; aliases of "
                                   "aliases multiply (a 'billion laughs'). Write the words out "
                                   "or use word_lists with @name")
            return super().compose_node(parent, index)
        self._nodes += 1
        if self._nodes > self._max_nodes:
            raise _TooMuch(event.start_mark, f"more than {self._max_nodes:,} YAML entries; a "
                           "lexicon this large is not supported (set the environment variable "
                           "FRAMING_MAX_LEXICON_MB above its default of "
                           f"{MAX_LEXICON_MB} to allow {_NODES_PER_MB:,} entries per MB)")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _TooMuch(event.start_mark, f"lists and mappings are nested more than "
                               f"{MAX_DEPTH} levels deep; a lexicon needs 9")
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        sizes = self._sizes
        if isinstance(node, yaml.SequenceNode):
            size = 1 + sum(sizes.get(id(child), 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            size = 1 + sum(sizes.get(id(k), 1) + sizes.get(id(v), 1) for k, v in node.value)
        else:
            size = 1
        sizes[id(node)] = size
        return node

    def construct_mapping(self, node, deep=False):
        mapping = _LineDict()
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            line = key_node.start_mark.line + 1
            try:
                hash(key)
            except TypeError:
                self.duplicate_problems.append(
                    f"line {line}: a key must be a word, not a list or mapping "
                    f"({_brief(key)})")
                continue
            if key in mapping:
                self.duplicate_problems.append(
                    f"line {line}: key {_brief(key)} appears twice in one mapping (first on "
                    f"line {mapping.key_lines[key]}); YAML would keep only the last"
                )
            mapping[key] = self.construct_object(value_node, deep=deep)
            mapping.key_lines[key] = line
        return mapping

    def construct_sequence(self, node, deep=False):
        seq = _LineList(self.construct_object(child, deep=deep) for child in node.value)
        seq.line = node.start_mark.line + 1
        seq.item_lines = [child.start_mark.line + 1 for child in node.value]
        return seq


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineLoader.construct_mapping
)
_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _LineLoader.construct_sequence
)


def _read_yaml(text: str, source: str) -> tuple[Any, list[str]]:
    """Parsed YAML and the duplicate-key problems found while reading it.

    Raises LexiconError (file and line) for invalid YAML and for YAML over the
    limits of :class:`_LineLoader`, before the expanded values are built.
    """
    loader = _LineLoader(text, max_nodes=_NODES_PER_MB * _max_lexicon_bytes() // 2**20)
    try:
        data = loader.get_single_data()
    except _TooMuch as exc:
        where = f"line {exc.mark.line + 1}, column {exc.mark.column + 1}: " if exc.mark else ""
        raise LexiconError([where + exc.message], source) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = _clip(str(getattr(exc, "problem", None) or exc), _SHOWN_CHARS)
        raise LexiconError([f"{where}not valid YAML ({problem})"], source) from None
    finally:
        loader.dispose()
    return data, loader.duplicate_problems


def _read_lexicon_text(path: Path) -> str:
    """The text of a lexicon file, refusing what is not a regular file of sane size.

    A device (``/dev/zero``), a FIFO or a socket would be read forever or block;
    a folder is no lexicon; a file over the size limit (``MAX_LEXICON_MB``, or
    the environment variable ``FRAMING_MAX_LEXICON_MB``) is refused before it is
    read. Errors are LexiconErrors naming the file; bad UTF-8 names its line.
    """
    source = str(path)
    limit = _max_lexicon_bytes()
    try:
        info = path.stat()
    except OSError as exc:
        raise LexiconError([f"cannot be read ({exc.strerror or exc})"], source) from None
    if stat.S_ISDIR(info.st_mode):
        raise LexiconError(["is a folder, not a lexicon file; name the .yaml or .dic file "
                            "inside it"], source)
    if not stat.S_ISREG(info.st_mode):
        kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(info.st_mode)
                else "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
                else "a socket" if stat.S_ISSOCK(info.st_mode) else "not a regular file")
        raise LexiconError([f"is {kind}, not a regular file; save the lexicon to a file and "
                            "pass that"], source)
    too_big = (f"is over the {limit / 2**20:g} MB limit for lexicon files (a lexicon is a "
               "word list; the default one is 27 kB). If it really is a lexicon, set the "
               "environment variable FRAMING_MAX_LEXICON_MB to a larger number of MB")
    if info.st_size > limit:
        raise LexiconError([f"{info.st_size / 2**20:,.1f} MB: {too_big}"], source)
    try:
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)  # a file that grows while read is cut here
    except OSError as exc:
        raise LexiconError([f"cannot be read ({exc.strerror or exc})"], source) from None
    if len(raw) > limit:
        raise LexiconError([f"the file grew while being read and {too_big}"], source)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise LexiconError(
            [f"line {line}: not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset "
             f"{exc.start}); save the file as UTF-8"], source) from None


# -- validation -----------------------------------------------------------------


class _Line(int):
    """A line number of a base lexicon's file, which carries that file's name.

    An extended lexicon is validated as one, from its own file's data and its
    base's: a problem found in the base's part names the base's file.
    """

    origin: str = ""

    def __new__(cls, line: int, origin: str) -> _Line:
        number = super().__new__(cls, line)
        number.origin = origin
        return number

    def __reduce__(self) -> tuple[Any, ...]:
        return (_Line, (int(self), self.origin))


def _where(line: int | None) -> str:
    """``line N``, with the file's name for a line of a base lexicon; ``entry`` for none."""
    if not line:
        return "entry"
    origin = getattr(line, "origin", "")
    return f"{origin}, line {line}" if origin else f"line {line}"


def _line(obj: Any, key: str | None = None) -> str:
    if key is not None and isinstance(obj, _LineDict) and key in obj.key_lines:
        return _where(obj.key_lines[key])
    return _where(getattr(obj, "line", None))


class _Builder:
    """Turns plain data into a Lexicon, collecting every problem before failing."""

    def __init__(self, source: str, problems: list[str] | None = None, *,
                 overlap: str | None = None) -> None:
        self.source = source
        self.overlap_given = overlap
        self.overlap = overlap or "exclusive"
        self.problems: list[str] = list(problems or [])
        self.word_lists: dict[str, tuple[str, ...]] = {}
        self.normalize = Normalizer().normalize
        self.language = "ar"
        self.listed_words = 0  # words that @references have added so far
        self.too_many_listed = False
        # words that hold punctuation or symbols: (where, word), warned about when valid
        self.unmatchable: list[tuple[str, str]] = []

    def problem(self, where: Any, message: str, key: str | None = None) -> None:
        self.problems.append(_clip(f"{_line(where, key)}: {message}"))

    def _check_word(self, word: str, where: Any, what: str, key: str | None) -> bool:
        """False (and a problem) for a word that is too long or has no letter or digit.

        The matcher normalises every word: a word of diacritics, tatweel or
        invisible characters only becomes empty, and an empty form plus the
        proclitics matches every bare و, ف, ب ... in the text. A word holding
        punctuation or symbols (``الجيش.``, ``(مسلح``) is kept but noted: the
        tokeniser cuts the text at punctuation, so it can never match.
        """
        if len(word) > MAX_WORD_CHARS:
            self.problem(where, f"{what}: a word of {len(word):,} characters ({_brief(word)}); "
                                f"a word has at most {MAX_WORD_CHARS}", key)
            return False
        core = word[:-1] if word.endswith("*") else word
        normalized = self.normalize(core)
        if not _LETTER_OR_DIGIT.search(normalized):
            if normalized.strip():
                why = ("has no letter or digit (only punctuation or symbols), so it can never "
                       "match a word")
            else:
                why = ("is empty once diacritics, tatweel and invisible characters are "
                       "removed, so it would match every bare proclitic (و, ف, ب, ل ...)")
            self.problem(where, f"{what}: the word {_brief(word)} {why}; remove it or write "
                                "the word it stands for", key)
            return False
        if not _WHOLE_TOKEN.fullmatch(normalized):
            self.unmatchable.append((_line(where, key), word))
        return True

    def _warn_unmatchable(self) -> None:
        """One warning for regex-looking words, one for other punctuation (bounded)."""
        regex = [(w, x) for w, x in self.unmatchable if _REGEX_CHARS & set(x.rstrip("*"))]
        other = [(w, x) for w, x in self.unmatchable if not _REGEX_CHARS & set(x.rstrip("*"))]

        def listed(items: list[tuple[str, str]]) -> str:
            shown = ", ".join(f"{_brief(word)} ({where})" for where, word in items[:5])
            return shown + (f" and {len(items) - 5:,} more" if len(items) > 5 else "")

        if regex:
            warnings.warn(
                f"{self.source}: {len(regex)} word(s) look like regular expressions and can "
                f"never match: {listed(regex)}. Terms are literal words, not regular "
                "expressions: list the forms of a family (forms: [مسلح, مسلحين]), end a form "
                "with * for any ending (مسلح*), write alternatives of a phrase word as a|b "
                "(\"جماعة|جماعات مسلحة\"), and use preceded_by / followed_by for context.",
                LexiconWarning, stacklevel=5,
            )
        if other:
            warnings.warn(
                f"{self.source}: {len(other)} word(s) contain punctuation or symbols, which "
                f"split words in the text, so they can never match: {listed(other)}. Write "
                "the parts as a phrase with spaces, or leave the punctuation out.",
                LexiconWarning, stacklevel=5,
            )

    def build(self, data: Any) -> Lexicon:
        if not isinstance(data, Mapping):
            raise LexiconError(
                [*self.problems,
                 "the file must be a mapping with 'name' and 'dimensions' at the top"],
                self.source,
            )
        self._unknown_keys(data, _TOP_KEYS, "the top level")
        if "extends" in data:
            self.problem(data, "'extends' is read by framing.load_lexicon, which finds the "
                               "base lexicon (a relative path from the file's folder); "
                               "Lexicon.from_dict takes a complete lexicon", "extends")
        name = self._text(data, "name", "the top level", required=False) or Path(
            self.source
        ).stem
        self.language = self._language(data)
        self.overlap = self.overlap_given or self._overlap(data)
        self.normalize = normalizer_for(self.language).normalize
        self._read_word_lists(data.get("word_lists") or {})
        dims_data = data.get("dimensions")
        if not isinstance(dims_data, list) or not dims_data:
            self.problem(data, "'dimensions' must be a non-empty list", "dimensions")
            dims_data = []
        dimensions = []
        seen_ids: dict[str, str] = {}
        for d in dims_data:
            dim = self._dimension(d, seen_ids)
            if dim is not None:
                dimensions.append(dim)
        if self.overlap == "exclusive":
            self._check_shared_entries(dimensions)
        if self.problems:
            raise LexiconError(self.problems, self.source)
        self._warn_unmatchable()
        return Lexicon(
            name=str(name),
            dimensions=tuple(dimensions),
            version=str(data.get("version") or ""),
            description=str(data.get("description") or ""),
            language=self.language,
            source=self.source,
            word_lists=dict(self.word_lists),
            overlap=self.overlap,
        )

    def build_imported(self, data: Mapping[str, Any]) -> Lexicon:
        """What :meth:`build` makes of the data an import assembles, built directly.

        Imported data is regular (one form per family, palette colours, ids made
        from keys), so only the checks that can fail on it run, once per
        distinct word or phrase: a dictionary of 127,000 entries listed under
        two to four categories each loads in seconds, not minutes. The result
        is the lexicon ``Lexicon.from_dict(data)`` gives.
        """
        self.language = str(data["language"])
        self.overlap = self.overlap_given or str(data["overlap"])
        self.normalize = normalizer_for(self.language).normalize
        checked: set[str] = set()
        phrases: dict[str, tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]] = {}
        dimensions = []
        for d in data["dimensions"]:
            categories = []
            for c in d["categories"]:
                cid = c["id"]
                what = f"term of category {cid!r}"
                terms = []
                for t in c["terms"]:
                    line = getattr(t, "line", None)
                    if "phrase" in t:
                        text = t["phrase"]
                        parsed = phrases.get(text)
                        if parsed is None:
                            parsed = self._phrase(text, t, what, "phrase", term=True)
                            if not parsed[0]:
                                continue
                            phrases[text] = parsed
                        terms.append(Term(id=f"{cid}:{text}", category=cid, kind="phrase",
                                          name=text, slots=parsed[0], joins=parsed[1],
                                          proclitics=t.get("proclitics", True), line=line))
                        continue
                    form = t["forms"][0]
                    if form not in checked:
                        if not self._check_word(form, t, f"{what} {t['family']!r}", "forms"):
                            continue
                        checked.add(form)
                    terms.append(Term(id=f"{cid}:{t['family']}", category=cid, kind="family",
                                      name=t["family"], slots=((form,),),
                                      article=t.get("article", "optional"),
                                      proclitics=t.get("proclitics", True), line=line))
                categories.append(Category(id=cid, dimension=d["id"], label_en=c["label_en"],
                                           label_ar=c["label_ar"], colour=c["colour"],
                                           terms=tuple(terms)))
            dimensions.append(Dimension(id=d["id"], label_en=d["label_en"],
                                        label_ar=d["label_ar"], categories=tuple(categories)))
        if self.overlap == "exclusive":
            self._check_shared_entries(dimensions)
        if self.problems:
            raise LexiconError(self.problems, self.source)
        return Lexicon(name=str(data["name"]), dimensions=tuple(dimensions),
                       description=str(data["description"]), language=self.language,
                       source=self.source, overlap=self.overlap)

    # -- pieces --

    def _language(self, data: Mapping) -> str:
        """The declared language: a code framing knows, or ``und`` (imported dictionaries)."""
        value = data.get("language")
        if value is None:
            return "ar"
        language = str(value).strip()
        if language in (*known_languages(), UNDETERMINED):
            return language
        self.problem(data, f"'language' must be one of {', '.join(known_languages())} (or "
                           f"{UNDETERMINED!r} for a dictionary in another language, matched "
                           f"without word-form rules); got {value!r}", "language")
        return "ar"

    def _overlap(self, data: Mapping) -> str:
        """The ``overlap`` key: how categories share words (default ``exclusive``)."""
        value = data.get("overlap")
        if value is None:
            return "exclusive"
        if value in OVERLAP_OPTIONS:
            return str(value)
        self.problem(data, f"'overlap' must be 'exclusive' (a word counts in at most one "
                           "category, the codebook's rule) or 'independent' (every category "
                           f"counts every word it lists, as quanteda and LIWC do); got "
                           f"{_brief(value)}", "overlap")
        return "exclusive"

    def _unknown_keys(self, entry: Mapping, allowed: set[str], what: str) -> None:
        for key in entry:
            if key not in allowed:
                self.problem(
                    entry,
                    f"unknown key {key!r} in {what}; allowed keys: {', '.join(sorted(allowed))}",
                    key,
                )

    def _text(self, entry: Mapping, key: str, what: str, *, required: bool = True) -> str:
        value = entry.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(entry, f"{what} has no {key!r}", None)
            return ""
        if not isinstance(value, str | int | float):
            self.problem(entry, f"{key!r} of {what} must be text", key)
            return ""
        return str(value).strip()

    def _identifier(self, entry: Mapping, what: str, seen: dict[str, str]) -> str:
        ident = self._text(entry, "id", what)
        if ident and not _ID_PATTERN.match(ident):
            self.problem(
                entry,
                f"id {ident!r} of {what} must be lower-case letters, digits and _ (it becomes "
                "a column name)",
                "id",
            )
        if what == "a category" and ident in RESERVED_CATEGORY_IDS:
            self.problem(
                entry,
                f"category id {ident!r} is the name of a column of the counts table (a "
                "document's id, language, length or metadata): rename the category, e.g. "
                f"{ident + '_label'!r}",
                "id",
            )
        if ident in seen:
            self.problem(entry, f"duplicate id {ident!r} (already used by {seen[ident]})", "id")
        elif ident:
            seen[ident] = f"{what} on {_line(entry)}"
        return ident

    def _read_word_lists(self, lists: Any) -> None:
        if not isinstance(lists, Mapping):
            self.problem(lists, "'word_lists' must map names to lists of words")
            return
        for name, words in lists.items():
            if str(name) == LINE_START[1:]:
                self.problem(lists, f"the word list name {name!r} is reserved: {LINE_START} in "
                                    "preceded_by / not_preceded_by means the first word of a "
                                    "line; give the list another name", name)
                continue
            if not isinstance(words, list) or not words:
                self.problem(lists, f"word list {name!r} must be a non-empty list", name)
                continue
            cleaned = self._word_alternatives(words, lists, f"word list {name!r}", name)
            self.word_lists[str(name)] = tuple(cleaned)

    def _word_alternatives(self, words: Any, where: Any, what: str, key=None) -> list[str]:
        out: list[str] = []
        for w in words:
            if not isinstance(w, str) or not w.strip():
                self.problem(where, f"{what} has an empty or non-text word ({_brief(w)})", key)
                continue
            w = w.strip()
            if len(w.split()) > 1:
                self.problem(where, f"{what}: {_brief(w)} has a space; one word per item", key)
                continue
            if w.startswith("@") or self._check_word(w, where, what, key):
                out.append(w)
        return out

    def _dimension(self, d: Any, seen: dict[str, str]) -> Dimension | None:
        if not isinstance(d, Mapping):
            self.problem(d, "each dimension must be a mapping with 'id' and 'categories'")
            return None
        self._unknown_keys(d, _DIMENSION_KEYS, "a dimension")
        ident = self._identifier(d, "a dimension", seen)
        label_en = self._text(d, "label_en", f"dimension {ident!r}", required=False) or ident
        cats_data = d.get("categories")
        if not isinstance(cats_data, list) or not cats_data:
            self.problem(d, f"dimension {ident!r} needs a non-empty 'categories' list")
            cats_data = []
        categories = [c for c in (self._category(c, ident, seen) for c in cats_data) if c]
        return Dimension(
            id=ident,
            label_en=label_en,
            label_ar=self._text(d, "label_ar", "", required=False),
            description=self._text(d, "description", "", required=False),
            categories=tuple(categories),
        )

    def _category(self, c: Any, dimension: str, seen: dict[str, str]) -> Category | None:
        if not isinstance(c, Mapping):
            self.problem(c, "each category must be a mapping with 'id' and 'terms'")
            return None
        self._unknown_keys(c, _CATEGORY_KEYS, "a category")
        ident = self._identifier(c, "a category", seen)
        colour = self._text(c, "colour", "", required=False) or "#777777"
        if not _COLOUR_PATTERN.match(colour):
            self.problem(c, f"colour {colour!r} of category {ident!r} must be like '#1f77b4'",
                         "colour")
        category_excludes = self._phrases(c.get("exclude") or [], c, f"category {ident!r}")
        terms_data = c.get("terms")
        if not isinstance(terms_data, list) or not terms_data:
            self.problem(c, f"category {ident!r} needs a non-empty 'terms' list")
            terms_data = []
        terms = []
        term_ids: dict[str, str] = {}
        item_lines = getattr(terms_data, "item_lines", [None] * len(terms_data))
        for t, item_line in zip(terms_data, item_lines, strict=True):
            term = self._term(t, ident, category_excludes, term_ids, item_line)
            if term is not None:
                terms.append(term)
        stance = c.get("stance")
        return Category(
            id=ident,
            dimension=dimension,
            label_en=self._text(c, "label_en", "", required=False) or ident,
            label_ar=self._text(c, "label_ar", "", required=False),
            colour=colour,
            stance=str(stance) if stance else None,
            description=self._text(c, "description", "", required=False),
            terms=tuple(terms),
        )

    def _expand_refs(self, words: list[str], where: Any, what: str, key=None) -> list[str]:
        out: list[str] = []
        for w in words:
            if w.startswith("@"):
                name = w[1:]
                if w == LINE_START:
                    self.problem(where, f"{what}: {LINE_START} (the first word of a line) may "
                                        "stand only in preceded_by or not_preceded_by", key)
                    continue
                if name not in self.word_lists:
                    known = ", ".join(sorted(self.word_lists)) or "none defined"
                    self.problem(where, f"{what} refers to unknown word list @{name} "
                                        f"(known: {known})", key)
                    continue
                self.listed_words += len(self.word_lists[name])
                if self.listed_words > MAX_LISTED_WORDS:
                    if not self.too_many_listed:
                        self.too_many_listed = True
                        self.problem(where, f"{what}: references to word lists (@name) add up to "
                                            f"more than {MAX_LISTED_WORDS:,} words; a word list "
                                            "referred to by many terms multiplies (each term "
                                            "holds all its words). Refer to it from fewer "
                                            "terms", key)
                    continue
                out.extend(self.word_lists[name])
            else:
                out.append(w)
        return out

    def _glued(self, word: str) -> tuple[list[str], list[str]]:
        """A phrase word cut where the tokeniser cuts the text: (words, punctuation between).

        ``d'Ivoire`` in a lexicon whose normaliser keeps apostrophes is the
        text's tokens ``d`` and ``ivoire`` with ``'`` between; written as one
        word it could never match. A word the normaliser leaves one token, or
        with punctuation at its edges (``U.S.``), is left whole.
        """
        if "|" in word or word.startswith("@") or "*" in word[:-1]:
            return [word], []
        wild = "*" if word.endswith("*") else ""
        core = word[:-1] if wild else word
        if len(_WHOLE_TOKEN.findall(self.normalize(core))) < 2:
            return [word], []
        found = list(_WHOLE_TOKEN.finditer(core))
        if len(found) < 2 or found[0].start() != 0 or found[-1].end() != len(core):
            return [word], []
        pieces = [m.group() for m in found]
        pieces[-1] += wild
        return pieces, [core[a.end():b.start()] for a, b in itertools.pairwise(found)]

    def _phrase(self, text: Any, where: Any, what: str, key=None, *, term: bool = False
                ) -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]:
        """(slots, joins) of a phrase; ``term``: a term's own phrase, which may hold
        wildcards (``south african*``) and words the tokeniser splits (``d'Ivoire``)."""
        if not isinstance(text, str) or not text.strip():
            self.problem(where, f"{what} has an empty phrase", key)
            return (), ()
        words = text.split()
        if normalizer_for(self.language).hyphens:
            # the text's compounds are adjacent words (Al-Lah = Al Lah): so are the phrase's
            words = [part for word in words
                     for part in (split_compound(word) if "|" not in word else [word])]
        joins: list[str] = []
        if term:
            glued: list[str] = []
            for word in words:
                pieces, between = self._glued(word)
                if glued:
                    joins.append(" ")
                glued.extend(pieces)
                joins.extend(between)
            words = glued
        if len(words) > MAX_PHRASE_WORDS:
            self.problem(where, f"{what}: the phrase {_brief(text)} has {len(words):,} words; "
                                f"a phrase has at most {MAX_PHRASE_WORDS}", key)
            return (), ()
        slots = []
        for word in words:
            alternatives = [a for a in word.split("|")]
            if not all(a.startswith("@") or self._check_word(a, where, what, key)
                       for a in alternatives if a):
                return (), ()
            if any(not a for a in alternatives):
                self.problem(where, f"{what}: empty alternative in {word!r} of {text!r}", key)
                return (), ()
            expanded = self._expand_refs(alternatives, where, what, key)
            if not term and any("*" in a for a in expanded):
                self.problem(where, f"{what}: wildcards (*) are allowed in the forms and "
                                    f"phrases of terms, not in {_brief(text)}", key)
                return (), ()
            bad = [a for a in expanded if "*" in a[:-1] or a == "*"]
            if bad:
                self.problem(where, f"{what}: {_brief(bad[0])} in phrase {_brief(text)}: '*' "
                                    "stands only at the end of a word, after letters", key)
                return (), ()
            slots.append(tuple(dict.fromkeys(expanded)))
        if any(j != " " for j in joins):
            return tuple(slots), tuple(joins)
        return tuple(slots), ()

    def _phrases(self, items: Any, where: Any, what: str, key: str = "exclude"):
        if isinstance(items, str):
            items = [items]
        if not isinstance(items, list):
            self.problem(where, f"'{key}' of {what} must be a list of phrases", key)
            return ()
        return tuple(p for p, _ in (self._phrase(i, where, f"{key} of {what}", key)
                                    for i in items) if p)

    def _term(self, t: Any, category: str, category_excludes, term_ids,
              item_line: int | None = None) -> Term | None:
        if isinstance(t, str):  # shorthand: a bare word or phrase
            shorthand = _LineDict({"phrase": t} if " " in t.strip() else {"family": t})
            shorthand.line = item_line
            shorthand.key_lines = {}
            t = shorthand
        if not isinstance(t, Mapping):
            where = f"line {item_line}" if item_line else "entry"
            self.problems.append(f"{where}: a term of category {category!r} must be a mapping "
                                 "or a word")
            return None
        self._unknown_keys(t, _TERM_KEYS, f"a term of category {category!r}")
        has_family, has_phrase = "family" in t, "phrase" in t
        if has_family == has_phrase:
            self.problem(t, f"a term of category {category!r} needs exactly one of 'family' or "
                            "'phrase'")
            return None
        what = f"term of category {category!r}"
        if has_family:
            name = self._text(t, "family", what)
            forms_data = t.get("forms", [name] if name else [])
            if isinstance(forms_data, str):
                forms_data = [forms_data]
            if not isinstance(forms_data, list):
                self.problem(t, f"'forms' of {what} {name!r} must be a list", "forms")
                forms_data = []
            known_problems = len(self.problems)
            forms = self._expand_refs(
                self._word_alternatives(forms_data, t, f"{what} {name!r}", "forms"), t, what,
                "forms",
            )
            for f in forms:
                if "*" in f[:-1]:
                    self.problem(t, f"form {f!r} of {what}: '*' is allowed only at the end",
                                 "forms")
                elif f.rstrip("*") == "":
                    self.problem(t, f"form {f!r} of {what}: '*' needs letters before it (a lone "
                                    "'*' would match every word)", "forms")
            if not forms:
                if len(self.problems) == known_problems and not self.too_many_listed:
                    self.problem(t, f"{what} {name!r} has no forms (empty term)", "forms")
                return None
            slots: tuple[tuple[str, ...], ...] = (tuple(dict.fromkeys(forms)),)
            joins: tuple[str, ...] = ()
            kind = "family"
        else:
            name = str(t.get("phrase", "")).strip()
            slots, joins = self._phrase(t.get("phrase"), t, what, "phrase", term=True)
            if not slots:
                return None
            kind = "phrase"
        article = str(t.get("article", "optional"))
        if article not in ARTICLE_OPTIONS:
            self.problem(t, f"'article' of {what} {name!r} must be one of {ARTICLE_OPTIONS}; "
                            f"got {article!r}", "article")
        suffixes = str(t.get("suffixes", "none"))
        if suffixes not in SUFFIX_OPTIONS:
            self.problem(t, f"'suffixes' of {what} {name!r} must be one of {SUFFIX_OPTIONS}; "
                            f"got {suffixes!r}", "suffixes")
        if kind == "phrase":
            for key in ("article", "suffixes", "future", "forms"):
                if key in t:
                    self.problem(t, f"{key!r} applies to word families, not to phrase {name!r}; "
                                    "write the phrase's words as they stand", key)
        if self.language in known_languages() and language_info(self.language).morphology \
                != "arabic":
            for key in _ARABIC_ONLY_KEYS:
                if key in t:
                    self.problem(t, f"{key!r} of {what} {name!r} is a rule of Arabic word "
                                    f"forms; a lexicon in {language_info(self.language).name} "
                                    "lists its forms (the possessive is added)", key)
        flags = {}
        for key, default in (("proclitics", True), ("future", False), ("case_sensitive", False)):
            value = t.get(key, default)
            if not isinstance(value, bool):
                self.problem(t, f"{key!r} of {what} {name!r} must be true or false", key)
                value = default
            flags[key] = value
        weight = t.get("weight", 1.0)
        if (isinstance(weight, bool) or not isinstance(weight, int | float)
                or not math.isfinite(weight) or weight <= 0):
            self.problem(t, f"'weight' of {what} {name!r} must be a positive number; got "
                            f"{weight!r}", "weight")
            weight = 1.0
        context = {}
        for key in CONTEXT_KEYS:
            words = t.get(key) or []
            if isinstance(words, str):
                words = [words]
            if not isinstance(words, list):
                self.problem(t, f"{key!r} of {what} {name!r} must be a list of words", key)
                words = []
            words = self._word_alternatives(words, t, f"{key!r} of {what} {name!r}", key)
            # the line-start marker stays as written: the matcher reads it, no word list does
            marker = (LINE_START,) if key in _LINE_START_KEYS and LINE_START in words else ()
            expanded = self._expand_refs([w for w in words if w not in marker], t, what, key)
            context[key] = tuple(dict.fromkeys([*expanded, *marker]))
        excludes = self._phrases(t.get("exclude") or [], t, f"{what} {name!r}")
        term_id = self._text(t, "id", what, required=False) or f"{category}:{name}"
        if term_id in term_ids:
            self.problem(t, f"duplicate term {term_id!r} in category {category!r} (first on "
                            f"{term_ids[term_id]})", "id")
        term_ids[term_id] = _line(t)
        return Term(
            id=term_id,
            category=category,
            kind=kind,
            name=name,
            slots=slots,
            article=article,
            proclitics=flags["proclitics"],
            suffixes=suffixes,
            future=flags["future"],
            case_sensitive=flags["case_sensitive"],
            exclude=tuple(excludes) + tuple(category_excludes),
            weight=float(weight),
            gloss=self._text(t, "gloss", "", required=False),
            line=getattr(t, "line", None),
            joins=joins,
            **context,
        )

    def _check_shared_entries(self, dimensions: list[Dimension]) -> None:
        """A word form or phrase may belong to one category only."""
        owner: dict[tuple[str, ...], tuple[str, Term]] = {}
        for d in dimensions:
            for c in d.categories:
                for term in c.terms:
                    keys = (
                        [(f,) for f in term.forms]
                        if term.kind == "family"
                        else [tuple("|".join(s) for s in term.slots)]
                    )
                    for key in keys:
                        if key in owner and owner[key][0] != c.id:
                            first: tuple[str, Term] = (c.id, term)
                            second = owner[key]
                            if getattr(term.line, "origin", "") and not getattr(
                                    second[1].line, "origin", ""):
                                # lead with the extending file's line, not its base's
                                first, second = second, first
                            self.problems.append(
                                f"{_where(first[1].line)}: {' '.join(key)!r} is listed under "
                                f"category {first[0]!r} and under {second[0]!r} (term "
                                f"{second[1].id!r}, {_where(second[1].line)}); a term belongs "
                                "to one category (or set overlap: independent, where every "
                                "category counts every word it lists)"
                            )
                        else:
                            owner.setdefault(key, (c.id, term))


# -- imported dictionaries: quanteda YAML and LIWC .dic -----------------------------
# (how they map onto our format is described in framing.lexicon_formats, which also
# writes them; reading lives here so that load_lexicon needs no other module)

TOL_MUTED = (
    "#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99", "#999933",
    "#AA4499",
)

_ON_CONFLICT = ("error", "first")
_TOKEN = re.compile(chars.TOKEN_PATTERN)
_LIWC_HEADER_LINE = re.compile(r"\s*(\d{1,9})\s+(\S.*?)\s*")
_BOOL_HINT = ": yes, no, on, off, true and false are booleans in YAML"
_MAX_LISTED = 50  # conflicts listed one by one before the rest are counted


class LexiconConversionWarning(UserWarning):
    """A conversion kept going but something could not be carried across."""


# -- shared model of an imported dictionary ---------------------------------------


@dataclass
class _Value:
    text: str
    line: int | None


@dataclass
class _CategorySpec:
    path: tuple[str, ...]  # original keys below the dimension
    line: int | None
    fallback_id: str
    values: list[_Value] = field(default_factory=list)


@dataclass
class _DimensionSpec:
    key: str | None  # None: named after the file
    line: int | None
    categories: list[_CategorySpec] = field(default_factory=list)


class _Entry(dict):
    """A dict that carries the line it came from, so lexicon errors can cite it."""

    line: int | None = None


def _entry(line: int | None, **items: Any) -> _Entry:
    out = _Entry(items)
    out.line = line
    return out


def _at(line: int | None) -> str:
    return f"line {line}" if line else "entry"


def _is_arabic(text: str) -> bool:
    return any(unicodedata.name(ch, "").startswith("ARABIC") for ch in text)


def _slug(text: str) -> str:
    """Lower-case ASCII id from a key ('' when the key has no Latin letter or digit)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")
    return slug if re.search(r"[a-z0-9]", slug) else ""


def _id_from(parts: tuple[str, ...], fallback: str, kind: str) -> str:
    """The id of an imported key: its slug; a category named as a column of the counts
    table (a key "Date" or "Language") takes the suffix ``_category``, its label the key."""
    slugs = [_slug(p) for p in parts]
    if not slugs or not all(slugs):
        return fallback
    ident = "_".join(slugs)
    ident = ident if ident[0].isalpha() else f"{kind}_{ident}"
    if kind == "category" and ident in RESERVED_CATEGORY_IDS:
        ident = f"{ident}_category"
    return ident


def _check_clitics(clitics: Any, func: str) -> None:
    if not isinstance(clitics, bool):
        raise TypeError(f"The 'clitics' parameter of framing.lexicon_formats.{func} must be True "
                        f"or False. Got {clitics!r} instead.")


def _source_stem(source: str) -> str:
    return "" if source.startswith("<") else Path(source).stem


# -- patterns -> terms ----------------------------------------------------------


def _value_problem(text: str) -> str | None:
    """Why a pattern cannot be imported, or None."""
    words = text.split()
    if not words:
        return "is empty"
    if any(w.rstrip("*") == "" for w in words):
        return "is a wildcard alone, which would match every word"
    if "?" in text:
        return "uses the wildcard '?', which is not supported (only a trailing '*' is)"
    if any("*" in w[:-1] for w in words):
        return "has '*' inside a word; only a trailing '*' (any ending) is supported"
    if "|" in text or any(w.startswith("@") for w in words):
        return "uses '|' or a leading '@', which our lexicon syntax reserves"
    return None


# a pattern written as a regular expression ([ا-ي]+, \w+, .*): kept whole and warned about
_REGEX_LOOK = re.compile(r"[+\[\]{}\\^$]|\.\*|\(\?")


def _trim_edges(word: str) -> str:
    """A pattern word without punctuation at its edges (``U.S.`` → ``U.S``), ``*`` kept.

    The tokeniser cuts the text there anyway, so the word matches as the text
    is split; a word with no token character at all is returned as is (and
    refused by the validation).
    """
    wild = "*" if word.endswith("*") else ""
    core = word[:-1] if wild else word
    found = list(_TOKEN.finditer(core))
    if not found:
        return word
    return core[found[0].start():found[-1].end()] + wild


def _read_value(raw: str) -> tuple[str, str | None, bool]:
    """(pattern, why it cannot be imported or None, regex-like) of one raw value."""
    text = " ".join(raw.split())
    problem = _value_problem(text)
    if problem or _REGEX_LOOK.search(text):  # a regex is kept, warned about: never matches
        return text, problem, problem is None
    return " ".join(_trim_edges(w) for w in text.split()), None, False


def _shape(text: str, normalize) -> tuple[bool, bool]:
    """(becomes a phrase, can never match) for an imported pattern."""
    words = text.split()
    if _REGEX_LOOK.search(text):
        return len(words) > 1, True
    normalized = [normalize(w.rstrip("*")) for w in words]
    pieces = [len(_TOKEN.findall(n)) for n in normalized]
    unmatchable = any(k == 1 and not _TOKEN.fullmatch(n)
                      for k, n in zip(pieces, normalized, strict=True))
    return len(words) > 1 or pieces[0] > 1, unmatchable


def _value_terms(values: list[_Value], where: str, clitics: bool, problems: list[str],
                 found: dict[str, list[str]], normalize, memo: dict[Any, Any]) -> list[_Entry]:
    """Lexicon term entries for the patterns of one category.

    A pattern of several words, or one word the tokeniser splits (``bull's``,
    ``e-mail`` where the normaliser keeps the punctuation), becomes a phrase;
    the lexicon then matches its words as the text's tokens are split.
    ``memo`` keeps what is worked out per distinct value, for the values a
    dictionary lists under several categories.
    """
    unique: dict[str, _Value] = {}
    for v in values:
        read = memo.get(v.text)
        if read is None:
            read = memo[v.text] = _read_value(v.text)
        text, problem, regex = read
        if problem:
            problems.append(f"{_at(v.line)}: {where}: value {_brief(v.text)} {problem}")
            continue
        if regex:
            found["unmatchable"].append(f"{_brief(text)} ({where})")
        elif text != " ".join(v.text.split()):
            found["trimmed"].append(f"{_brief(v.text)} ({where}, {_at(v.line)})")
        if text in unique:
            if not regex:
                found["duplicates"].append(f"{_brief(text)} ({where})")
            continue
        unique[text] = _Value(text, v.line)
    plain = set(unique)
    terms = []
    for text, v in unique.items():
        key = ("\0shape", text)
        shape = memo.get(key)
        if shape is None:
            shape = memo[key] = _shape(text, normalize)
        phrase, unmatchable = shape
        if unmatchable and not _REGEX_LOOK.search(text):
            found["unmatchable"].append(f"{_brief(text)} ({where})")
        if phrase:
            if clitics or not _is_arabic(text):
                terms.append(_entry(v.line, phrase=text))
            else:  # as written, as quanteda matches it: no proclitic on its first word
                terms.append(_entry(v.line, phrase=text, proclitics=False))
            continue
        if unmatchable or not (clitics and _is_arabic(text)):
            terms.append(_entry(v.line, family=text, forms=[text], article="forbidden",
                                proclitics=False))
            continue
        definite, bare = split_article(text.rstrip("*"))
        if not definite:
            terms.append(_entry(v.line, family=text, forms=[text]))
            continue
        bare += "*" if text.endswith("*") else ""
        if bare in plain:  # الX is already matched by X, whose article is optional
            continue
        terms.append(_entry(v.line, family=text, forms=[bare], article="required"))
    return terms


def _by_line(problems: list[str]) -> list[str]:
    """Problems in the order of their lines (those without a line last, in their order)."""
    def key(problem: str) -> tuple[int, int]:
        match = re.match(r"line (\d+)", problem)
        return (0, int(match.group(1))) if match else (1, 0)
    return sorted(problems, key=key)


def _build(dimensions: list[_DimensionSpec], *, source: str, kind: str, clitics: bool,
           problems: list[str], notes: Sequence[str] = (), overlap: str | None = None,
           skipped: Sequence[str] = ()) -> Lexicon:
    """Turn the parsed dictionary into a validated Lexicon (all problems in one error).

    ``notes`` are warnings of the reader, given only if the lexicon is valid.
    ``overlap`` defaults to "independent": every key counts every word it lists.
    """
    stem = _source_stem(source)
    arabic = any(_is_arabic(v.text) for d in dimensions for c in d.categories for v in c.values)
    language = "ar" if arabic else UNDETERMINED
    normalize = normalizer_for(language).normalize
    found: dict[str, list[str]] = {"duplicates": [], "trimmed": [], "unmatchable": [],
                                   "empty": [], "skipped": list(skipped)}
    category_ids: dict[str, tuple[str, int | None]] = {}
    memo: dict[Any, Any] = {}
    dims_data = []
    n_category = 0
    for n_dim, dim in enumerate(dimensions, start=1):
        categories = []
        for cat in dim.categories:
            label = " / ".join(cat.path)
            key_text = " > ".join(p for p in ((dim.key,) if dim.key else ()) + cat.path)
            ident = _id_from(cat.path, cat.fallback_id, "category")
            if ident in category_ids:
                other, other_line = category_ids[ident]
                problems.append(
                    f"{_at(cat.line)}: {_brief(key_text)} and {_brief(other)} "
                    f"({_at(other_line)}) both become category id {ident!r}; rename one of them"
                )
                continue
            category_ids[ident] = (key_text, cat.line)
            where = f"key {key_text!r}" if kind in ("quanteda", "WordStat") \
                else f"category {key_text!r}"
            terms = _value_terms(cat.values, where, clitics, problems, found, normalize, memo)
            if not terms:
                if not cat.values:
                    found["empty"].append(f"{key_text!r} ({_at(cat.line)})")
                continue
            colour = TOL_MUTED[n_category % len(TOL_MUTED)]
            n_category += 1
            categories.append(_entry(
                cat.line, id=ident, label_en=label, label_ar=label if _is_arabic(label) else "",
                colour=colour, terms=terms,
            ))
        if dim.key is None:
            dim_label = stem or "default"
            dim_id = _slug(stem) or "default"
            if not dim_id[0].isalpha():
                dim_id = f"dimension_{dim_id}"
        else:
            dim_label = dim.key
            dim_id = _id_from((dim.key,), f"dimension_{n_dim}", "dimension")
        if categories:
            dims_data.append(_entry(
                dim.line, id=dim_id, label_en=dim_label,
                label_ar=dim_label if _is_arabic(dim_label) else "", categories=categories,
            ))
        elif dim.categories:
            found["empty"].append(f"dimension {dim_label!r} ({_at(dim.line)})")
    if not dims_data:
        if not problems and found["skipped"]:
            problems = [f"no key of the {kind} dictionary stands at the levels asked for "
                        f"(its keys are {_examples(found['skipped'], 3)}); choose levels the "
                        "keys reach, 1 being the top"]
        raise LexiconError(_by_line(problems) or [f"the {kind} dictionary has no patterns at all"],
                           source)
    for dim_data in dims_data:
        if dim_data["id"] in category_ids:
            dim_data["id"] += "_dimension"
    data = {
        "name": stem or kind.lower(),
        "description": f"Imported from the {kind} dictionary {Path(source).name}.",
        "language": language,
        "overlap": overlap or "independent",
        "dimensions": dims_data,
    }
    try:  # unmatchable patterns are warned about below, not by the builder
        lexicon = _Builder(source).build_imported(data)
    except LexiconError as exc:
        problems.extend(exc.problems)
        lexicon = None
    if problems:
        raise LexiconError(_by_line(problems), source)
    for note in notes:
        warnings.warn(f"{source}: {note}.", LexiconConversionWarning, stacklevel=4)
    _warn_found(found, source, "categories" if kind == "LIWC" else "keys")
    return lexicon  # type: ignore[return-value]


def _examples(items: list[str], n: int = 5) -> str:
    shown = ", ".join(items[:n])
    return shown + (f" and {len(items) - n} more" if len(items) > n else "")


def _warn_found(found: dict[str, list[str]], source: str, what: str) -> None:
    if found["duplicates"]:
        warnings.warn(
            f"{source}: {len(found['duplicates'])} pattern(s) listed twice in one place were "
            f"kept once: {_examples(found['duplicates'])}.",
            LexiconConversionWarning, stacklevel=5,
        )
    if found["unmatchable"]:
        regex = any(_REGEX_CHARS & set(v) for v in found["unmatchable"])
        advice = (" Patterns are words with at most a trailing * (glob), not regular "
                  "expressions: list each form as its own pattern." if regex else "")
        warnings.warn(
            f"{source}: {len(found['unmatchable'])} pattern(s) contain characters that split "
            f"words (punctuation, symbols), so they can never match a whole word: "
            f"{_examples(found['unmatchable'])}. Write their parts as a phrase with spaces."
            + advice,
            LexiconConversionWarning, stacklevel=5,
        )
    if found["trimmed"]:
        warnings.warn(
            f"{source}: {len(found['trimmed'])} pattern(s) begin or end with punctuation, "
            "where the tokeniser cuts the text; they are matched without it: "
            f"{_examples(found['trimmed'])}.",
            LexiconConversionWarning, stacklevel=5,
        )
    if found["empty"]:
        warnings.warn(
            f"{source}: {len(found['empty'])} {what} without patterns were left out of the "
            f"lexicon (they will have no column in the counts): {_examples(found['empty'])}.",
            LexiconConversionWarning, stacklevel=5,
        )
    if found["skipped"]:
        warnings.warn(
            f"{source}: {len(found['skipped'])} {what} have no key at the levels asked for "
            f"and were left out: {_examples(found['skipped'])}.",
            LexiconConversionWarning, stacklevel=5,
        )


# -- quanteda -------------------------------------------------------------------


def _is_pattern_list(value: Any) -> bool:
    return isinstance(value, list) and not any(isinstance(v, list | Mapping) for v in value)


def _is_pattern_tree(value: Any) -> bool:
    if isinstance(value, Mapping):
        return all(v is None or isinstance(v, str) or _is_pattern_tree(v) for v in value.values())
    return _is_pattern_list(value)


def looks_like_quanteda(data: Any) -> bool:
    """True when parsed YAML looks like a quanteda dictionary rather than our format.

    That is: a non-empty mapping with none of our top-level keys (``name``,
    ``dimensions``, ``word_lists`` ...), whose values are lists of patterns or
    mappings of them. Pass ``format="quanteda"`` to :func:`framing.load_lexicon`
    when a file is not recognised.
    """
    return (
        isinstance(data, Mapping)
        and bool(data)
        and not any(key in _TOP_KEYS for key in data)
        and all(v is None or _is_pattern_tree(v) for v in data.values())
    )


def _key_line(mapping: Any, key: Any) -> int | None:
    lines = getattr(mapping, "key_lines", None) or {}
    return lines.get(key, getattr(mapping, "line", None))


def _key_text(key: Any, line: int | None, problems: list[str]) -> str | None:
    if isinstance(key, str) and key.strip():
        return key.strip()
    if isinstance(key, int) and not isinstance(key, bool):
        return str(key)
    if isinstance(key, str) or key is None:
        problems.append(f"{_at(line)}: a key is empty ({_brief(key)}); every key needs a name, "
                        "which becomes its category's label")
        return None
    problems.append(f"{_at(line)}: key {_brief(key)} is not text (YAML reads it as "
                    f"{type(key).__name__}{_BOOL_HINT if isinstance(key, bool) else ''}); "
                    "write it in quotes")
    return None


def _values(raw: Any, path: str, line: int | None, problems: list[str]) -> list[_Value]:
    """The patterns of one key, each with its own line (a block list's item lines)."""
    if raw is None:
        return []
    items = [raw] if isinstance(raw, str) else raw
    item_lines = getattr(raw, "item_lines", None) or [line] * len(items)
    out = []
    for item, at in zip(items, item_lines, strict=True):
        if isinstance(item, str):
            out.append(_Value(item, at))
        elif item is None:
            problems.append(f"{_at(at)}: key {_brief(path)} has an empty value")
        elif isinstance(item, list | Mapping):
            problems.append(f"{_at(at)}: key {_brief(path)}: {_brief(item)} is a list or "
                            "mapping inside the list of patterns; a key holds either patterns "
                            "or sub-keys")
        else:
            problems.append(
                f"{_at(at)}: key {_brief(path)}: value {_brief(item)} is not text (YAML reads "
                f"it as {type(item).__name__}{_BOOL_HINT if isinstance(item, bool) else ''}); "
                "write it in quotes"
            )
    return out


def _leaves(mapping: Mapping, prefix: tuple[str, ...], dim_key: str, problems: list[str],
            out: list[_CategorySpec], counter: list[int]) -> None:
    """Collect the categories under one dimension, flattening deeper keys."""
    for key, value in mapping.items():
        line = _key_line(mapping, key)
        text = _key_text(key, line, problems)
        if text is None:
            continue
        path = (*prefix, text)
        shown = " > ".join((dim_key, *path) if dim_key else path)
        if isinstance(value, Mapping) and value:
            _leaves(value, path, dim_key, problems, out, counter)
        elif isinstance(value, Mapping) or value is None or isinstance(value, str | list):
            counter[0] += 1
            spec = _CategorySpec(path, line, f"category_{counter[0]}")
            if isinstance(value, list | str):
                spec.values = _values(value, shown, line, problems)
            out.append(spec)
        else:
            problems.append(f"{_at(line)}: key {_brief(shown)} must hold a list of patterns or "
                            f"sub-keys; got {_brief(value)}")


def _check_levels(levels: Any, func: str) -> tuple[int, ...] | None:
    """``levels`` as a sorted tuple of key levels (1 = top), or None for all levels."""
    if levels is None:
        return None
    items = [levels] if isinstance(levels, int) and not isinstance(levels, bool) else levels
    try:
        chosen = tuple(sorted(set(items)))
    except TypeError:
        chosen = ()
    if not chosen or not all(isinstance(x, int) and not isinstance(x, bool) and x >= 1
                             for x in chosen):
        raise ValueError(
            f"The 'levels' parameter of framing.{func} must be a key level (1 is the top "
            f"level) or a list of them, as quanteda's levels=1:2. Got {_brief(levels)} instead."
        )
    return chosen


def _by_levels(data: Mapping, levels: tuple[int, ...], problems: list[str]
               ) -> tuple[list[_DimensionSpec], list[str]]:
    """One dimension whose categories are the keys at ``levels`` (quanteda's ``levels``).

    Each leaf key's path is cut to the chosen levels; leaves with the same cut
    path form one category holding all their patterns (a parent's patterns
    are the union of its children's). Leaves with no key at those levels are
    left out (returned, for a warning).
    """
    leaves: list[_CategorySpec] = []
    _leaves(data, (), "", problems, leaves, [0])
    merged: dict[tuple[str, ...], _CategorySpec] = {}
    skipped = []
    for leaf in leaves:
        kept = tuple(leaf.path[k - 1] for k in levels if k <= len(leaf.path))
        if not kept:
            skipped.append(f"{' > '.join(leaf.path)!r} ({_at(leaf.line)})")
            continue
        spec = merged.setdefault(kept, _CategorySpec(kept, leaf.line,
                                                     f"category_{len(merged) + 1}"))
        spec.values.extend(leaf.values)
    return [_DimensionSpec(None, getattr(data, "line", None), list(merged.values()))], skipped


def quanteda_to_lexicon(data: Any, *, source: str = "<dict>", clitics: bool = True,
                        overlap: str | None = None, levels: int | Sequence[int] | None = None,
                        _kind: str = "quanteda") -> Lexicon:
    """Convert a parsed quanteda dictionary (YAML data) to a validated Lexicon.

    Parameters
    ----------
    data : mapping
        The dictionary as read from YAML: keys to lists of patterns, or keys to
        sub-keys to lists of patterns (deeper keys are flattened with ``_``).
    source : str, default "<dict>"
        The file it came from; names the one-level dimension, the lexicon and
        the errors.
    clitics : bool, default True
        Match imported Arabic words with proclitics and the article, as our own
        lexicon does; False matches single words only as written (quanteda's
        exact token match).
    overlap : {"independent", "exclusive"}, optional
        How keys share words. Default "independent": every key counts every
        word it lists, as quanteda's ``tokens_lookup`` does (a word under two
        keys counts in both). "exclusive" applies the codebook's rule (a word
        counts in one category at most) and makes a word under two keys an
        error.
    levels : int or sequence of int, optional
        Keep only these key levels (1 is the top), as quanteda's ``levels``:
        the categories are the keys cut to those levels, in one dimension, and
        a key cut away passes its patterns up to its parent (``levels=1``
        counts each top key with all the patterns below it). Default: all
        levels, the top one as dimensions when keys are nested.

    Raises
    ------
    LexiconError
        Listing every problem with its line and key.

    See Also
    --------
    read_quanteda : read a quanteda YAML file.
    """
    _check_clitics(clitics, "quanteda_to_lexicon")
    _check_overlap(overlap, "quanteda_to_lexicon")
    chosen = _check_levels(levels, "quanteda_to_lexicon")
    if not isinstance(data, Mapping) or not data:
        raise LexiconError(
            [f"a {_kind} dictionary must be a mapping of keys to lists of patterns (or of keys "
             "to sub-keys to lists of patterns)"], source,
        )
    problems: list[str] = []
    skipped: list[str] = []
    top_lists, top_maps = [], []
    for key, value in data.items():
        (top_maps if isinstance(value, Mapping) else top_lists).append(key)
    dimensions: list[_DimensionSpec] = []
    if chosen is not None:
        dimensions, skipped = _by_levels(data, chosen, problems)
    elif top_lists and top_maps:
        other = top_maps[0]
        for key in top_lists:
            problems.append(
                f"{_at(_key_line(data, key))}: top-level key {_brief(key)} holds patterns while "
                f"{_brief(other)} ({_at(_key_line(data, other))}) holds sub-keys; give every "
                "top-level key sub-keys (two levels) or none (one level), or pass levels= to "
                "choose the key levels to count"
            )
        raise LexiconError(problems, source)
    elif top_maps:
        counter = [0]
        for key in top_maps:
            line = _key_line(data, key)
            text = _key_text(key, line, problems)
            if text is None:
                continue
            dim = _DimensionSpec(text, line)
            _leaves(data[key], (), text, problems, dim.categories, counter)
            dimensions.append(dim)
    else:
        dim = _DimensionSpec(None, getattr(data, "line", None))
        _leaves(data, (), "", problems, dim.categories, [0])
        dimensions.append(dim)
    return _build(dimensions, source=source, kind=_kind, clitics=clitics,
                  problems=problems, overlap=overlap, skipped=skipped)


def read_quanteda(path: str | Path, *, clitics: bool = True, overlap: str | None = None,
                  levels: int | Sequence[int] | None = None) -> Lexicon:
    """Read a quanteda YAML dictionary file; see :func:`quanteda_to_lexicon`.

    A file written by :func:`framing.lexicon_formats.write_quanteda` from an
    exclusive lexicon says so in its header (``# framing overlap: exclusive``);
    that is its default ``overlap`` when read back.
    """
    path = Path(path)
    text = _read_lexicon_text(path)
    data, problems = _read_yaml(text, str(path))
    if problems:
        raise LexiconError(problems, str(path))
    if overlap is None and _EXCLUSIVE_HEADER.search(text):
        overlap = "exclusive"
    return quanteda_to_lexicon(data, source=str(path), clitics=clitics, overlap=overlap,
                               levels=levels)


#: the header line write_quanteda gives a file from an exclusive lexicon
_EXCLUSIVE_HEADER = re.compile(r"^# framing overlap: exclusive\b", re.MULTILINE)


# -- LIWC -----------------------------------------------------------------------


# a category code: a number, or a LIWC-2015 conditional code such as (02 134)152/888
_LIWC_CODE = re.compile(r"\([^)]*\)\S*|\S+")


def _liwc_entry(line: str) -> tuple[str, list[str]]:
    """(word, codes) of one LIWC line; a multi-word entry needs a tab before its codes."""
    if "\t" in line:
        word, _, rest = line.partition("\t")
        return " ".join(word.split()), _LIWC_CODE.findall(rest)
    word, *rest = line.split(None, 1)
    return word, _LIWC_CODE.findall(rest[0] if rest else "")


def read_liwc(path: str | Path, *, overlap: str | None = None, on_conflict: str = "error",
              clitics: bool = True) -> Lexicon:
    """Read a LIWC-style ``.dic`` dictionary into a one-dimension Lexicon.

    Parameters
    ----------
    path : str or Path
        The ``.dic`` file (UTF-8, a byte-order mark is fine).
    overlap : {"independent", "exclusive"}, optional
        Default "independent", LIWC's own counting: a word counts in every
        category it lists, so nested categories (posemo inside affect) keep
        all their words. "exclusive" counts a word in one category at most.
    on_conflict : {"error", "first"}, default "error"
        With ``overlap="exclusive"`` only: what to do with a word listed under
        several categories: report it, or keep its first category (with a
        warning counting such words). "first" empties nested categories.
    clitics : bool, default True
        As in :func:`quanteda_to_lexicon`.

    Raises
    ------
    LexiconError
        Naming the file and line of every problem, in line order.
    """
    _check_clitics(clitics, "read_liwc")
    _check_overlap(overlap, "read_liwc")
    if on_conflict not in _ON_CONFLICT:
        raise ValueError(
            "The 'on_conflict' parameter of framing.lexicon_formats.read_liwc must be one of "
            f"{{'error', 'first'}}. Got {on_conflict!r} instead."
        )
    path = Path(path)
    source = str(path)
    lines = _read_lexicon_text(path).splitlines()
    problems: list[str] = []
    marks = [i for i, line in enumerate(lines) if line.strip() == "%"]
    first_content = next((i for i, line in enumerate(lines) if line.strip()), None)
    if len(marks) < 2 or first_content != marks[0]:
        raise LexiconError(
            ["a LIWC dictionary starts with a header: a line holding only '%', lines "
             "'number<TAB>category name', and another line holding only '%'"], source,
        )
    numbers: dict[int, _CategorySpec] = {}
    for i in range(marks[0] + 1, marks[1]):
        line = lines[i]
        if not line.strip():
            continue
        match = _LIWC_HEADER_LINE.fullmatch(line)
        if match is None:
            problems.append(f"line {i + 1}: a header line must be 'number<TAB>category name'; "
                            f"got {_brief(line.strip())}")
            continue
        number, name = int(match.group(1)), match.group(2)
        if number in numbers:
            problems.append(f"line {i + 1}: category number {number} is defined twice (first "
                            f"on line {numbers[number].line})")
            continue
        numbers[number] = _CategorySpec((name,), i + 1, f"category_{number}")
    owners: dict[str, list[tuple[int, int]]] = {}  # word -> [(line, number)]
    # entries that load, but not whole: warned about (with their lines) once valid
    uncounted: list[str] = []  # no plain category number: left out
    conditional: list[str] = []  # codes that are not plain numbers: ignored
    for i in range(marks[1] + 1, len(lines)):
        line = lines[i]
        if not line.strip():
            continue
        word, codes = _liwc_entry(line)
        plain = [c for c in codes if c.isascii() and c.isdigit() and len(c) < 10]
        if len(plain) < len(codes):
            other = " ".join(c for c in codes if c not in plain)
            conditional.append(f"{_brief(word)} (line {i + 1}: {_brief(other, limit=40)})")
        for code in plain:  # a number the header lacks: the file is broken, not just old
            if int(code) not in numbers:
                problems.append(f"line {i + 1}: {_brief(word)} refers to category {code}, which "
                                "the header does not define")
        if not plain:
            uncounted.append(f"{_brief(word)} (line {i + 1})")
            continue
        entry_numbers = [int(c) for c in plain if int(c) in numbers]
        for number in dict.fromkeys(entry_numbers):
            owners.setdefault(word, []).append((i + 1, number))
    notes = []
    if conditional:
        notes.append(f"{len(conditional)} entr(y/ies) have codes that are not plain category "
                     "numbers (LIWC-2015 conditional codes such as '(02 134)152/888' are not "
                     "supported); they count only in the plain categories they list: "
                     f"{_examples(conditional)}")
    if uncounted:
        notes.append(f"{len(uncounted)} entr(y/ies) have no category to count in and were left "
                     f"out: {_examples(uncounted)}")
    reassigned: list[str] = []
    if overlap == "exclusive":
        conflicts = {w: o for w, o in owners.items() if len({n for _, n in o}) > 1}
        if conflicts and on_conflict == "error":
            for word, owned in itertools.islice(conflicts.items(), _MAX_LISTED):
                places = ", ".join(f"{numbers[n].path[0]} ({n}) on line {line}"
                                   for line, n in owned)
                problems.append(
                    f"line {owned[0][0]}: {_brief(word)} is listed under several categories: "
                    f"{places}; with overlap='exclusive' a word belongs to one category only "
                    "(LIWC counts it in each: overlap='independent', the default for LIWC "
                    "files; or on_conflict='first' keeps its first category)")
            if len(conflicts) > _MAX_LISTED:
                problems.append(f"... and {len(conflicts) - _MAX_LISTED} more words listed "
                                "under several categories")
        elif conflicts:
            reassigned = [
                f"{len(conflicts)} word(s) listed under several categories were kept under "
                f"their first category only (on_conflict='first'), e.g. "
                f"{_examples([repr(w) for w in conflicts])}"
            ]
        # each word under its first category only (the others are reported or dropped)
        owners = {w: [o for o in owned if o[1] == owned[0][1]] for w, owned in owners.items()}
    for word, owned in owners.items():
        for line, number in owned:
            numbers[number].values.append(_Value(word, line))
    dimension = _DimensionSpec(None, marks[0] + 1, list(numbers.values()))
    return _build([dimension], source=source, kind="LIWC", clitics=clitics, problems=problems,
                  notes=[*notes, *reassigned], overlap=overlap)


# -- WordStat .cat and Lexicoder .lc3 ---------------------------------------------

_WEIGHT_SUFFIX = re.compile(r"\s+\(\s*-?\d+(?:\.\d+)?\s*\)\s*$")


def _mapping(line: int | None) -> _LineDict:
    out = _LineDict()
    out.line = line
    out.key_lines = {}
    return out


def _add_key(parent: _LineDict, key: str, value: Any, line: int, problems: list[str]) -> None:
    if key in parent:
        problems.append(f"line {line}: {_brief(key)} appears twice under one parent (first on "
                        f"line {parent.key_lines[key]}); rename one or merge them")
        return
    parent[key] = value
    parent.key_lines[key] = line


def _pattern_list(line: int) -> _LineList:
    out = _LineList()
    out.line = line
    out.item_lines = []
    return out


def read_wordstat(path: str | Path, *, clitics: bool = True, overlap: str | None = None,
                  levels: int | Sequence[int] | None = None) -> Lexicon:
    """Read a WordStat ``.cat`` dictionary (a tree of categories by indentation).

    The supported subset: a line is a category when the next line is
    indented deeper, otherwise an entry of the category above it; indentation
    is tabs or spaces (a tab counts as one level deeper than the line above
    when mixed with nothing else). An entry's weight suffix (`` (1)``) is
    dropped, as quanteda drops it; ``_`` between words (``FREE_TRADE``) is a
    space, WordStat's multi-word notation; a trailing ``*`` is a wildcard.
    WordStat's proximity rules (``@``, ``NEAR``, ``BEFORE``...) are not
    supported: each is an error naming its line. The tree then maps as a
    quanteda dictionary (see :func:`quanteda_to_lexicon` for ``levels``,
    ``overlap`` and ``clitics``).
    """
    path = Path(path)
    source = str(path)
    lines = _read_lexicon_text(path).splitlines()
    problems: list[str] = []
    rows = []  # (line number, indent width, text)
    for i, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        stripped = raw.lstrip(" \t")
        indent = raw[: len(raw) - len(stripped)]
        rows.append((i, len(indent.expandtabs(8)), stripped.rstrip()))
    root = _mapping(1)
    stack: list[tuple[int, _LineDict]] = [(-1, root)]  # (indent, mapping) of open categories
    for k, (i, width, text) in enumerate(rows):
        while len(stack) > 1 and stack[-1][0] >= width:
            stack.pop()
        parent = stack[-1][1]
        deeper = k + 1 < len(rows) and rows[k + 1][1] > width
        if deeper:
            name = _WEIGHT_SUFFIX.sub("", text).strip()
            child = _mapping(i)
            _add_key(parent, name, child, i, problems)
            stack.append((width, child))
            continue
        if parent is root:
            problems.append(f"line {i}: {_brief(text)} is an entry outside any category; a "
                            "category name stands on its own line, its entries indented below")
            continue
        entry = _WEIGHT_SUFFIX.sub("", text).strip()
        if "@" in entry or re.search(r"\b(NEAR|BEFORE|AFTER|NOT)\b", entry):
            problems.append(f"line {i}: {_brief(entry)} is a WordStat proximity or rule entry, "
                            "which is not supported; list plain words and phrases")
            continue
        entry = " ".join(entry.replace("_", " ").split())
        # entries sit in a list under the special key of their category
        patterns = parent.get(_CAT_ENTRIES)
        if patterns is None:
            patterns = _pattern_list(i)
            parent[_CAT_ENTRIES] = patterns
            parent.key_lines[_CAT_ENTRIES] = i
        patterns.append(entry)
        patterns.item_lines.append(i)
    data = _lift_entries(root, problems)
    if problems:
        raise LexiconError(_by_line(problems), source)
    if not data:
        raise LexiconError(["the WordStat dictionary has no categories"], source)
    return quanteda_to_lexicon(data, source=source, clitics=clitics, overlap=overlap,
                               levels=levels, _kind="WordStat")


_CAT_ENTRIES = "\x00entries"  # no key of a file holds a NUL


def _lift_entries(node: _LineDict, problems: list[str]) -> _LineDict:
    """A category holding entries and sub-categories both: entries become a list.

    A category with entries only becomes its list of patterns (as in quanteda
    YAML). One with sub-categories and entries of its own is refused: name
    the entries' group.
    """
    out = _mapping(node.line)
    for key, value in node.items():
        if key == _CAT_ENTRIES:
            continue
        line = node.key_lines[key]
        if isinstance(value, _LineDict):
            entries = value.get(_CAT_ENTRIES)
            subkeys = [k for k in value if k != _CAT_ENTRIES]
            if entries is not None and not subkeys:
                out[key] = entries
            elif entries is not None:
                problems.append(f"line {entries.item_lines[0]}: category {_brief(key)} (line "
                                f"{line}) holds entries beside its sub-categories; put them "
                                "in a sub-category of their own")
                continue
            else:
                out[key] = _lift_entries(value, problems)
        else:
            out[key] = value
        out.key_lines[key] = line
    return out


def read_lexicoder(path: str | Path, *, clitics: bool = True, overlap: str | None = None
                   ) -> Lexicon:
    """Read a Lexicoder ``.lc3`` dictionary: ``+category`` lines, each followed by its entries.

    Entries are words or phrases, one a line (leading spaces ignored), with a
    trailing ``*`` as a wildcard; blank lines are skipped. All categories go
    into one dimension named after the file (``overlap`` and ``clitics`` as
    in :func:`quanteda_to_lexicon`).
    """
    path = Path(path)
    source = str(path)
    lines = _read_lexicon_text(path).splitlines()
    problems: list[str] = []
    data = _mapping(1)
    current: _LineList | None = None
    for i, raw in enumerate(lines, start=1):
        text = raw.strip()
        if not text:
            continue
        if text.startswith("+"):
            name = text[1:].strip()
            if not name:
                problems.append(f"line {i}: a category line '+' has no name; write +name")
                current = None
                continue
            current = _pattern_list(i)
            _add_key(data, name, current, i, problems)
            continue
        if current is None:
            problems.append(f"line {i}: {_brief(text)} stands before any category; a Lexicoder "
                            "dictionary starts with a line +category")
            continue
        current.append(" ".join(text.split()))
        current.item_lines.append(i)
    if problems:
        raise LexiconError(_by_line(problems), source)
    if not data:
        raise LexiconError(["the Lexicoder dictionary has no category (+name) lines"], source)
    return quanteda_to_lexicon(data, source=source, clitics=clitics, overlap=overlap,
                               _kind="Lexicoder")


# -- loading --------------------------------------------------------------------


def available_lexicons() -> list[str]:
    """Names of the lexicons shipped with the package (for ``load_lexicon(name)``)."""
    folder = resources.files("framing") / "data" / "lexicons"
    return sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml"))


_EXTENSIONS = {".dic": "liwc", ".cat": "wordstat", ".lc3": "lexicoder"}


def _shipped_text(name: str) -> str:
    """The YAML text of the shipped lexicon ``name`` (one of :func:`available_lexicons`)."""
    resource = resources.files("framing") / "data" / "lexicons" / f"{name}.yaml"
    return resource.read_text(encoding="utf-8")


def _tag_origin(node: Any, origin: str, seen: set[int] | None = None) -> None:
    """Mark every line number of a base lexicon's data with its file's name.

    Line numbers already marked (those of the base's own base) are kept.
    """
    seen = set() if seen is None else seen
    if id(node) in seen or not isinstance(node, _LineDict | _LineList):
        return
    seen.add(id(node))

    def tagged(line: Any) -> Any:
        return _Line(line, origin) if line and not isinstance(line, _Line) else line

    node.line = tagged(getattr(node, "line", None))
    if isinstance(node, _LineDict):
        node.key_lines = {k: tagged(v) for k, v in getattr(node, "key_lines", {}).items()}
        children = list(node.values())
    else:
        node.item_lines = [tagged(v) for v in getattr(node, "item_lines", [None] * len(node))]
        children = list(node)
    for child in children:
        _tag_origin(child, origin, seen)


def _as_line_data(value: Any) -> Any:
    """Plain data (a lexicon's ``to_dict``) as the YAML reader's containers, without lines."""
    if isinstance(value, Mapping):
        out = _LineDict((k, _as_line_data(v)) for k, v in value.items())
        out.line, out.key_lines = None, {}
        return out
    if isinstance(value, list):
        items = _LineList(_as_line_data(v) for v in value)
        items.line, items.item_lines = None, [None] * len(items)
        return items
    return value


def _copy_dict(entry: _LineDict, **changes: Any) -> _LineDict:
    """A shallow copy of a mapping read from YAML (its lines too), with ``changes``."""
    out = _LineDict(entry)
    out.line = getattr(entry, "line", None)
    out.key_lines = dict(getattr(entry, "key_lines", {}))
    out.update(changes)
    return out


def _joined(first: Any, second: Any) -> _LineList:
    """Two lists read from YAML as one, each item keeping its line."""
    out = _LineList([*first, *second])
    out.line = getattr(first, "line", None)
    out.item_lines = [*getattr(first, "item_lines", [None] * len(first)),
                      *getattr(second, "item_lines", [None] * len(second))]
    return out


def _base_lexicon(ref: str, where: str, source: str, folder: Path | None,
                  chain: tuple[tuple[str, str], ...]) -> tuple[_LineDict, Lexicon]:
    """The data and the validated lexicon that ``extends: ref`` names.

    ``chain`` holds (identity, name) of the files being resolved, outermost
    first, so that a cycle is refused with its whole chain named. A base that
    is a file of our format is resolved in turn (its own ``extends``); an
    imported dictionary (quanteda, LIWC, WordStat, Lexicoder) is read as
    :func:`load_lexicon` reads it, with its own default ``overlap``. Problems
    of the base are raised as they are, naming the base's file and line.
    """
    shipped = available_lexicons()
    if ref in shipped:
        identity, base_source, base_folder, path = f"shipped:{ref}", f"{ref}.yaml", None, None
    else:
        path = Path(ref)
        if not path.is_absolute():
            if folder is None:
                raise LexiconError([f"{where}: extends {_brief(ref)}, but a shipped lexicon "
                                    "extends only shipped lexicons, by name "
                                    f"({', '.join(shipped)})"], source)
            path = folder / path
        try:
            found = path.exists()
            identity = str(path.resolve())
        except OSError as exc:
            raise LexiconError([f"{where}: extends {_brief(ref)}, but {path} cannot be read "
                                f"({exc.strerror or exc})"], source) from None
        except (RuntimeError, ValueError):  # a symbolic link loop; a NUL in the name
            raise LexiconError([f"{where}: extends {_brief(ref)}, but {_brief(str(path))} "
                                "cannot be followed (a symbolic link that points back to "
                                "itself, or a character no file name may hold); give the "
                                "base lexicon's real path"], source) from None
        if not found:
            relative = f"relative to this file's folder, {folder}" if folder else "absolute"
            raise LexiconError([f"{where}: extends {_brief(ref)}, which names no lexicon: "
                                f"there is no file {path} and no shipped lexicon of that name "
                                f"(shipped: {', '.join(shipped)}). Give the base lexicon's "
                                f"path ({relative}) or a shipped lexicon's name"], source)
        if not path.is_file():
            what = "a folder" if path.is_dir() else "not a regular file (a pipe or a device)"
            raise LexiconError([f"{where}: extends {_brief(ref)}, but {path} is {what}; name "
                                "the base lexicon's file"], source)
        base_source, base_folder = str(path), path.parent
    known = [ident for ident, _ in chain]
    if len(chain) >= MAX_EXTENDS and identity not in known:
        raise LexiconError([f"{where}: extends {_brief(ref)}, which makes a chain of more "
                            f"than {MAX_EXTENDS} lexicons extending one another; write one of "
                            "them out whole (Lexicon.to_yaml) and extend that"], source)
    if identity in known:
        cycle = " -> ".join([name for _, name in chain[known.index(identity):]] + [base_source])
        raise LexiconError([f"{where}: extends {_brief(ref)}, which makes a cycle ({cycle}); a "
                            "lexicon cannot extend itself, directly or through others"], source)
    if path is not None:
        fmt = _EXTENSIONS.get(path.suffix.lower())
        text = None if fmt else _read_lexicon_text(path)
        data, problems = _read_yaml(text, base_source) if text is not None else (None, [])
        if fmt or looks_like_quanteda(data):  # an imported dictionary, as load_lexicon reads it
            base = load_lexicon(path)
            return _as_line_data(base.to_dict()), base
    else:
        data, problems = _read_yaml(_shipped_text(ref), base_source)
    data = _resolve_extends(data, base_source, base_folder, (*chain, (identity, base_source)),
                            problems)
    base = Lexicon.from_dict(data, source=base_source, _problems=problems)
    _tag_origin(data, base_source)
    return data, base


def _resolve_extends(data: Any, source: str, folder: Path | None,
                     chain: tuple[tuple[str, str], ...], problems: list[str]) -> Any:
    """The data of a file of our format with its ``extends:`` resolved: base and additions.

    A file without ``extends`` comes back as it is. ``folder`` is the file's
    folder (relative bases are found there; None for a shipped lexicon);
    ``problems`` receives what is wrong with the additions, to be reported with
    everything the validation of the whole finds.
    """
    if not isinstance(data, Mapping) or "extends" not in data:
        return data
    ref = data["extends"]
    where = _line(data, "extends")
    if not isinstance(ref, str) or not ref.strip():
        raise LexiconError([f"{where}: 'extends' must name the base lexicon: a shipped one "
                            f"({', '.join(available_lexicons())}) or a file (relative to this "
                            f"file's folder); got {_brief(ref)}"], source)
    if not chain:  # the file being loaded: a shipped lexicon is known by its name
        identity = (str(Path(source).resolve()) if folder is not None
                    else f"shipped:{Path(source).stem}")
        chain = ((identity, source),)
    base_data, base = _base_lexicon(ref.strip(), where, source, folder, chain)
    return _merge_extension(base_data, base, data, problems)


def _merge_extension(base_data: Mapping, base: Lexicon, ext: Mapping,
                     problems: list[str]) -> _LineDict:
    """The base's data with an extending file's additions (see :func:`load_lexicon`)."""
    def problem(where: Any, message: str, key: str | None = None) -> None:
        problems.append(_clip(f"{_line(where, key)}: {message}"))

    merged = _LineDict()
    merged.line = getattr(ext, "line", None)
    merged.key_lines = {}

    def put(key: str, value: Any, origin: Mapping) -> None:
        merged[key] = value
        line = getattr(origin, "key_lines", {}).get(key)
        if line:
            merged.key_lines[key] = line

    # the base gives language, overlap, word lists and dimensions; name, version and
    # description are the extending file's own (its name defaults to its file's stem)
    for key in ("language", "overlap", "word_lists", "dimensions"):
        if key in base_data:
            put(key, base_data[key], base_data)
    for key, value in ext.items():
        if key in ("extends", "word_lists", "dimensions"):
            continue
        if key == "language" and value is not None and str(value).strip() != base.language:
            problem(ext, f"'language' is {_brief(value)} but the base, {base.source}, is in "
                         f"{base.language!r}; an extending lexicon is in its base's language: "
                         "leave 'language' out, or extend a lexicon in that language", key)
            continue
        if key == "overlap" and value is not None and value != base.overlap:
            problem(ext, f"'overlap' is {_brief(value)} but the base, {base.source}, has "
                         f"{base.overlap!r}; an extending lexicon keeps its base's rule, so "
                         "that the base's terms count as they did. Leave 'overlap' out (to "
                         "score the whole lexicon the other way, pass overlap= to "
                         "load_lexicon, or --overlap)", key)
            continue
        put(key, value, ext)
    if "word_lists" in ext:
        _merge_word_lists(merged, base_data, ext, problem)
    if "dimensions" in ext:
        _merge_dimensions(merged, base_data, ext, problem)
    return merged


def _merge_word_lists(merged: _LineDict, base_data: Mapping, ext: Mapping, problem) -> None:
    """The base's word lists and the extending file's; a name in both must hold the same."""
    lists = ext["word_lists"]
    if not isinstance(lists, Mapping):
        problem(ext, "'word_lists' must map names to lists of words", "word_lists")
        return
    own = base_data.get("word_lists")
    combined = _copy_dict(own) if isinstance(own, _LineDict) else _as_line_data({})
    for name, words in lists.items():
        if name in combined:
            if combined[name] != words:
                problem(lists, f"word list {name!r} is defined in the base "
                               f"({_line(combined, name)}) with other words; an extending "
                               "lexicon may repeat a base's word list only as it is: give "
                               "this one another name", name)
            continue
        combined[name] = words
        line = getattr(lists, "key_lines", {}).get(name)
        if line:
            combined.key_lines[name] = line
    merged["word_lists"] = combined


def _same_or_absent(base_entry: Mapping, entry: Mapping, keep: tuple[str, ...], what: str,
                    adds: str, problem) -> None:
    """A problem for each key of ``entry`` (but ``keep``) that would change ``base_entry``."""
    for key, value in entry.items():
        if key in keep or (key in base_entry and base_entry[key] == value):
            continue
        problem(entry, f"{what} is defined in the base ({_line(base_entry)}); an extending "
                       f"lexicon only adds {adds} to it, so its {key!r} cannot be given here "
                       f"(the base has {_brief(base_entry.get(key))}, this file "
                       f"{_brief(value)}). Leave {key!r} out, or give a new id to define "
                       "another", key)


def _merge_dimensions(merged: _LineDict, base_data: Mapping, ext: Mapping, problem) -> None:
    """The base's dimensions with the extending file's categories and terms added.

    A dimension or category id of the base takes the additions (new categories,
    new terms); any other key given for it must repeat the base's value. A new
    id is added as defined. What else is wrong is left to the validation.
    """
    additions = ext["dimensions"]
    if not isinstance(additions, list):
        problem(ext, "'dimensions' of an extending lexicon must be a list: new dimensions, "
                     "or a base's dimension by its id with the categories or terms to add",
                "dimensions")
        return
    dims = base_data.get("dimensions")
    dims = _joined(dims, []) if isinstance(dims, list) else _as_line_data([])
    dim_at = {d.get("id"): i for i, d in enumerate(dims) if isinstance(d, Mapping)}
    for d, line in zip(additions, getattr(additions, "item_lines", [None] * len(additions)),
                       strict=True):
        if not isinstance(d, Mapping) or d.get("id") not in dim_at:
            dims.append(d)
            dims.item_lines.append(line)
            continue
        position = dim_at[d["id"]]
        base_dim = dims[position]
        _same_or_absent(base_dim, d, ("id", "categories"), f"dimension {d['id']!r}",
                        "categories and terms", problem)
        cats = d.get("categories")
        if not isinstance(cats, list) or not cats:
            problem(d, f"dimension {d['id']!r} of the base is listed without 'categories'; "
                       "list the categories to add, or the base's ones (by id) with the terms "
                       "to add")
            continue
        categories = _joined(base_dim.get("categories") or [], [])
        cat_at = {c.get("id"): i for i, c in enumerate(categories) if isinstance(c, Mapping)}
        for c, cat_line in zip(cats, getattr(cats, "item_lines", [None] * len(cats)),
                               strict=True):
            if not isinstance(c, Mapping) or c.get("id") not in cat_at:
                categories.append(c)
                categories.item_lines.append(cat_line)
                continue
            base_cat = categories[cat_at[c["id"]]]
            _same_or_absent(base_cat, c, ("id", "terms"), f"category {c['id']!r}", "terms",
                            problem)
            terms = c.get("terms")
            if not isinstance(terms, list) or not terms:
                problem(c, f"category {c['id']!r} of the base is listed without 'terms'; list "
                           "the terms to add to it")
                continue
            categories[cat_at[c["id"]]] = _copy_dict(
                base_cat, terms=_joined(base_cat.get("terms") or [], terms))
        dims[position] = _copy_dict(base_dim, categories=categories)
    merged["dimensions"] = dims


def _lexicon_from_text(text: str, source: str, folder: Path | None, *,
                       overlap: str | None = None) -> Lexicon:
    """A lexicon of our YAML format from its text, ``extends`` resolved from ``folder``.

    What :func:`load_lexicon` does with a file; :func:`framing.grow_lexicon`
    validates the text it is about to write with it.
    """
    data, problems = _read_yaml(text, source)
    data = _resolve_extends(data, source, folder, (), problems)
    return Lexicon.from_dict(data, source=source, overlap=overlap, _problems=problems)


def load_lexicon(path_or_name: str | Path | Lexicon = "default", *, format: str | None = None,
                 overlap: str | None = None, levels: int | Sequence[int] | None = None,
                 clitics: bool = True, on_conflict: str = "error") -> Lexicon:
    """Load and validate a lexicon.

    Parameters
    ----------
    path_or_name : str, Path or Lexicon
        A shipped lexicon's name (``"default"``; see :func:`available_lexicons`;
        as a string it names the shipped lexicon even where a file of that name
        is in the current folder: give ``"./default"`` or a Path for the file),
        or a file: our YAML format (``.yaml``/``.yml``), a quanteda-style YAML
        dictionary, a LIWC-style ``.dic``, a WordStat ``.cat`` or a Lexicoder
        ``.lc3`` file. A Lexicon is returned as is (with ``overlap`` applied).
        A file of our format may ``extends:`` another lexicon (see the module's
        documentation); the result is the resolved whole.
    format : {"framing", "quanteda", "liwc", "wordstat", "lexicoder"}, optional
        The file's format when it cannot be told from its name and content.
    overlap : {"exclusive", "independent"}, optional
        How categories share words. Default: the file's own ``overlap`` key
        for our format ("exclusive" without one), "independent" for imported
        dictionaries (every key counts every word it lists, as in quanteda and
        LIWC). Given, it replaces the default.
    levels : int or sequence of int, optional
        quanteda and WordStat files: the key levels to count (see
        :func:`quanteda_to_lexicon`).
    clitics : bool, default True
        Imported dictionaries: match Arabic words with proclitics (see
        :func:`quanteda_to_lexicon`).
    on_conflict : {"error", "first"}, default "error"
        LIWC files read with ``overlap="exclusive"``: see :func:`read_liwc`.

    Raises
    ------
    LexiconError
        Listing every problem with the file, line and entry (for a lexicon
        that extends another, a missing base or a cycle names the
        ``extends:`` line; the base's own problems name the base's file).
    FileNotFoundError
        For a name that is neither a shipped lexicon nor a file.
    """
    _check_overlap(overlap, "load_lexicon")
    if isinstance(path_or_name, Lexicon):
        if overlap is None or overlap == path_or_name.overlap:
            return path_or_name
        return Lexicon.from_dict(path_or_name.to_dict(), source=path_or_name.source,
                                 overlap=overlap)
    if format not in (None, *FORMATS):
        raise ValueError(
            f"The 'format' parameter of framing.load_lexicon must be one of "
            f"{{{', '.join(repr(f) for f in FORMATS)}}}. Got {format!r} instead."
        )
    chosen_levels = _check_levels(levels, "load_lexicon")
    _check_clitics(clitics, "load_lexicon")
    path = Path(path_or_name)
    # a shipped name given as a string is the shipped lexicon, even where a file of that
    # name exists in the current folder (which would otherwise replace the default lexicon
    # of every command run there); such a file is read as "./default" or as a Path
    shipped = isinstance(path_or_name, str) and path_or_name in available_lexicons()
    try:
        exists = not shipped and path.exists()
    except OSError as exc:  # a name too long for the file system, say
        raise LexiconError([f"cannot be read ({exc.strerror or exc})"], str(path)) from None
    if not exists:
        name = str(path_or_name)
        if name in available_lexicons():
            _only_for(levels=chosen_levels, clitics=clitics, on_conflict=on_conflict,
                      fmt="framing")
            return _lexicon_from_text(_shipped_text(name), f"{name}.yaml", None,
                                      overlap=overlap)
        raise FileNotFoundError(
            f"No lexicon file {_brief(name)} and no shipped lexicon of that name. Shipped "
            f"lexicons: {', '.join(available_lexicons())}."
        )
    fmt = format or _EXTENSIONS.get(path.suffix.lower())
    if fmt is not None and fmt != "quanteda":
        _only_for(levels=chosen_levels, clitics=clitics, on_conflict=on_conflict, fmt=fmt)
    if fmt == "liwc":
        if on_conflict != "error" and overlap != "exclusive":
            raise ValueError(
                "framing.load_lexicon: on_conflict applies to LIWC files read with "
                "overlap='exclusive'; with overlap='independent' (the default for LIWC files) "
                "a word counts in every category it lists. Give overlap='exclusive' too, or "
                "leave on_conflict out.")
        return read_liwc(path, overlap=overlap, on_conflict=on_conflict, clitics=clitics)
    if fmt == "wordstat":
        return read_wordstat(path, overlap=overlap, levels=chosen_levels, clitics=clitics)
    if fmt == "lexicoder":
        return read_lexicoder(path, overlap=overlap, clitics=clitics)
    text = _read_lexicon_text(path)
    data, problems = _read_yaml(text, str(path))
    if fmt == "quanteda" or (fmt is None and looks_like_quanteda(data)):
        _only_for(levels=chosen_levels, clitics=clitics, on_conflict=on_conflict,
                  fmt="quanteda")
        if problems:
            raise LexiconError(problems, str(path))
        if overlap is None and _EXCLUSIVE_HEADER.search(text):
            overlap = "exclusive"
        return quanteda_to_lexicon(data, source=str(path), clitics=clitics, overlap=overlap,
                                   levels=chosen_levels)
    _only_for(levels=chosen_levels, clitics=clitics, on_conflict=on_conflict, fmt="framing")
    data = _resolve_extends(data, str(path), path.parent, (), problems)
    return Lexicon.from_dict(data, source=str(path), overlap=overlap, _problems=problems)


def _only_for(*, levels: Any, clitics: bool, on_conflict: str, fmt: str) -> None:
    """Refuse an option the file's format has no use for (rather than ignore it)."""
    unused = []
    if levels is not None and fmt not in ("quanteda", "wordstat"):
        unused.append("levels (quanteda and WordStat dictionaries)")
    if clitics is not True and fmt == "framing":
        unused.append("clitics (imported dictionaries; our format says per term)")
    if on_conflict != "error" and fmt != "liwc":
        unused.append("on_conflict (LIWC files with overlap='exclusive')")
    if unused:
        raise ValueError(f"framing.load_lexicon: a {fmt} lexicon has no use for "
                         f"{'; '.join(unused)}. Leave the option out or give the file's format.")
