"""Dictionary interchange: quanteda YAML and LIWC ``.dic`` files in and out.

Researchers bring dictionaries from other tools and take ours back to them.
This module converts both ways; :func:`framing.load_lexicon` calls the readers
when it is given a ``.dic`` file or a YAML file that is a quanteda
dictionary. Every import goes through :meth:`Lexicon.from_dict`, so the usual
validation (unique ids, one category per word) applies, and errors name the
file, the line and the key or entry.

Importing (quanteda YAML)
-------------------------
A quanteda dictionary maps keys to lists of patterns::

    economy:                 # two levels: dimension -> category -> patterns
      tax: [tax*, taxation]
      trade: ["free trade", tariff]

* **Levels.** Two levels give dimensions holding categories. One level
  (``key: [patterns]``) gives categories in a single dimension named after the
  file (``"default"`` when there is no file). Deeper nesting is flattened:
  the first level stays the dimension and the keys below it are joined with
  ``_`` into one category id (``economy > tax > income`` becomes category
  ``tax_income``), which is how quanteda itself counts the deepest keys. Top
  level keys must be all of one kind (all lists or all mappings).
* **Ids.** Category and dimension ids are column names (``^[a-z][a-z0-9_]*$``):
  a key is lower-cased, accents are dropped and every other character becomes
  ``_``. A key with no Latin letter or digit (an Arabic key) gets a numbered id,
  ``category_3`` or ``dimension_2``. The original key is kept as ``label_en``
  (and as ``label_ar`` when it is written in Arabic). Two keys that give the
  same category id are an error naming both. A dimension whose id equals a
  category id gets the suffix ``_dimension``.
* **Patterns.** A trailing ``*`` is kept (a wildcard ending, matched as a
  prefix). ``*`` anywhere else, ``?``, a wildcard inside a multi-word value,
  and the characters our own syntax reserves (``|`` and a leading ``@``) cannot
  be imported: each is an error naming the key and the value. A value with
  spaces becomes a phrase.
* **Clitics.** quanteda matches whole tokens exactly. With ``clitics=True``
  (the default) an imported Arabic word is matched the way our lexicon
  matches its own words: with the conjunctions, prepositions and the article
  attached (a word written with ال must have it). With ``clitics=False`` an
  imported single word matches only as written (``proclitics: false``,
  ``article: forbidden``): quanteda's own semantics, which suits dictionaries
  exported with ``expand=True``. Non-Arabic words always match as written.
  Phrases follow our phrase rules in both cases.
* **Colours** come from Paul Tol's colour-blind-safe "muted" palette, in
  category order (repeating after nine categories).

Importing (LIWC ``.dic``)
-------------------------
A header between two lines holding only ``%`` lists ``number  name``; each
following line is a word (or a tab-separated multi-word entry) and its
category numbers. All categories go into one dimension named after the file.
A word listed under several categories breaks our one-category-per-span rule:
that is an error listing the lines, unless ``on_conflict="first"`` keeps the
first category (with a warning saying how many words were reassigned).
LIWC-2015 conditional codes such as ``(02 134)152/888`` are not supported.
Categories no word belongs to are left out with a warning.

Exporting
---------
:func:`write_quanteda` writes dimension -> category -> patterns, and
:func:`write_liwc` numbers the categories in lexicon order. Family forms are
written as listed plus their ال form where the article is allowed; phrases are
written once per combination of their alternatives. With ``expand=True`` every
written form the matcher accepts (with proclitics, pronoun suffixes and the
future prefix) is listed instead, for tools that match tokens exactly; import
such a file with ``clitics=False``. Context conditions, exclusions and weights
cannot be expressed in either format: the writers warn how many terms lost
them (and the quanteda file says so in a comment header). Labels, colours,
stances and glosses are not written either: an imported copy gets the ids as
labels and palette colours. A form that two categories would both list is kept
under the first one, which is the category our matcher gives it. LIWC files
have no dimensions: read back, all categories share one dimension.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from framing import chars
from framing.lexicon import (
    _REGEX_CHARS,
    _TOP_KEYS,
    CONTEXT_KEYS,
    Lexicon,
    LexiconError,
    LexiconWarning,
    Term,
    _brief,
    _read_lexicon_text,
    _read_yaml,
    _write_new,
    load_lexicon,
)
from framing.morphology import affixes, family_forms, phrase_word_forms, split_article

__all__ = [
    "TOL_MUTED",
    "LexiconConversionWarning",
    "looks_like_quanteda",
    "quanteda_to_lexicon",
    "read_liwc",
    "read_quanteda",
    "write_liwc",
    "write_quanteda",
]

#: Paul Tol's colour-blind-safe "muted" qualitative palette.
TOL_MUTED = (
    "#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99", "#999933",
    "#AA4499",
)

_ON_CONFLICT = ("error", "first")
_TOKEN = re.compile(chars.TOKEN_PATTERN)
_LIWC_HEADER_LINE = re.compile(r"\s*(\d{1,9})\s+(\S.*?)\s*")
_BOOL_HINT = ": yes, no, on, off, true and false are booleans in YAML"
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when installed: 20x faster
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
    slugs = [_slug(p) for p in parts]
    if not slugs or not all(slugs):
        return fallback
    ident = "_".join(slugs)
    return ident if ident[0].isalpha() else f"{kind}_{ident}"


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
    if len(words) > 1 and "*" in text:
        return "is a multi-word value with '*'; wildcards are supported in single words only"
    if "|" in text or any(w.startswith("@") for w in words):
        return "uses '|' or a leading '@', which our lexicon syntax reserves"
    return None


def _splits_into_tokens(word: str) -> bool:
    """True when the tokeniser would cut ``word`` into pieces (so it can never match)."""
    core = word[:-1] if word.endswith("*") else word
    return _TOKEN.fullmatch(core) is None


def _value_terms(values: list[_Value], where: str, clitics: bool, problems: list[str],
                 found: dict[str, list[str]]) -> list[_Entry]:
    """Lexicon term entries for the patterns of one category."""
    unique: dict[str, _Value] = {}
    for v in values:
        text = " ".join(v.text.split())
        problem = _value_problem(text)
        if problem:
            problems.append(f"{_at(v.line)}: {where}: value {_brief(v.text)} {problem}")
            continue
        if text in unique:
            found["duplicates"].append(f"{_brief(text)} ({where})")
            continue
        unique[text] = _Value(text, v.line)
    plain = set(unique)
    terms = []
    for text, v in unique.items():
        words = text.split()
        if any(_splits_into_tokens(w) for w in words):
            found["unmatchable"].append(f"{_brief(text)} ({where})")
        if len(words) > 1:
            terms.append(_entry(v.line, phrase=text))
            continue
        if not (clitics and _is_arabic(text)):
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


def _build(dimensions: list[_DimensionSpec], *, source: str, kind: str, clitics: bool,
           problems: list[str], notes: Sequence[str] = ()) -> Lexicon:
    """Turn the parsed dictionary into a validated Lexicon (all problems in one error).

    ``notes`` are warnings of the reader, given only if the lexicon is valid.
    """
    stem = _source_stem(source)
    found: dict[str, list[str]] = {"duplicates": [], "unmatchable": [], "empty": []}
    category_ids: dict[str, tuple[str, int | None]] = {}
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
            where = f"key {key_text!r}" if kind == "quanteda" else f"category {key_text!r}"
            terms = _value_terms(cat.values, where, clitics, problems, found)
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
        raise LexiconError(problems or [f"the {kind} dictionary has no patterns at all"], source)
    for dim_data in dims_data:
        if dim_data["id"] in category_ids:
            dim_data["id"] += "_dimension"
    arabic = any(_is_arabic(v.text) for d in dimensions for c in d.categories for v in c.values)
    data = {
        "name": stem or kind,
        "description": f"Imported from the {kind} dictionary {Path(source).name}.",
        "language": "ar" if arabic else "und",
        "dimensions": dims_data,
    }
    try:
        with warnings.catch_warnings():  # unmatchable patterns are warned about below
            warnings.simplefilter("ignore", LexiconWarning)
            lexicon = Lexicon.from_dict(data, source=source)
    except LexiconError as exc:
        problems.extend(exc.problems)
        lexicon = None
    if problems:
        raise LexiconError(problems, source)
    for note in notes:
        warnings.warn(f"{source}: {note}.", LexiconConversionWarning, stacklevel=3)
    _warn_found(found, source, "keys" if kind == "quanteda" else "categories")
    return lexicon


def _examples(items: list[str], n: int = 5) -> str:
    shown = ", ".join(items[:n])
    return shown + (f" and {len(items) - n} more" if len(items) > n else "")


def _warn_found(found: dict[str, list[str]], source: str, what: str) -> None:
    if found["duplicates"]:
        warnings.warn(
            f"{source}: {len(found['duplicates'])} pattern(s) listed twice in one place were "
            f"kept once: {_examples(found['duplicates'])}.",
            LexiconConversionWarning, stacklevel=4,
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
            LexiconConversionWarning, stacklevel=4,
        )
    if found["empty"]:
        warnings.warn(
            f"{source}: {len(found['empty'])} {what} without patterns were left out of the "
            f"lexicon (they will have no column in the counts): {_examples(found['empty'])}.",
            LexiconConversionWarning, stacklevel=4,
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
    problems.append(f"{_at(line)}: key {_brief(key)} is not text (YAML reads it as "
                    f"{type(key).__name__}{_BOOL_HINT if isinstance(key, bool) else ''}); "
                    "write it in quotes")
    return None


def _values(raw: Any, path: str, line: int | None, problems: list[str]) -> list[_Value]:
    if raw is None:
        return []
    items = [raw] if isinstance(raw, str) else raw
    out = []
    for item in items:
        if isinstance(item, str):
            out.append(_Value(item, line))
        elif item is None:
            problems.append(f"{_at(line)}: key {_brief(path)} has an empty value")
        elif isinstance(item, list | Mapping):
            problems.append(f"{_at(line)}: key {_brief(path)}: {_brief(item)} is a list or "
                            "mapping inside the list of patterns; a key holds either patterns "
                            "or sub-keys")
        else:
            problems.append(
                f"{_at(line)}: key {_brief(path)}: value {_brief(item)} is not text (YAML reads "
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


def quanteda_to_lexicon(data: Any, *, source: str = "<dict>", clitics: bool = True
                        ) -> Lexicon:
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

    Raises
    ------
    LexiconError
        Listing every problem with its line and key.

    See Also
    --------
    read_quanteda : read a quanteda YAML file.
    """
    _check_clitics(clitics, "quanteda_to_lexicon")
    if not isinstance(data, Mapping) or not data:
        raise LexiconError(
            ["a quanteda dictionary must be a mapping of keys to lists of patterns (or of keys "
             "to sub-keys to lists of patterns)"], source,
        )
    problems: list[str] = []
    top_lists, top_maps = [], []
    for key, value in data.items():
        (top_maps if isinstance(value, Mapping) else top_lists).append(key)
    dimensions: list[_DimensionSpec] = []
    if top_lists and top_maps:
        other = top_maps[0]
        for key in top_lists:
            problems.append(
                f"{_at(_key_line(data, key))}: top-level key {_brief(key)} holds patterns while "
                f"{_brief(other)} ({_at(_key_line(data, other))}) holds sub-keys; give every "
                "top-level key sub-keys (two levels) or none (one level)"
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
    return _build(dimensions, source=source, kind="quanteda", clitics=clitics,
                  problems=problems)


def read_quanteda(path: str | Path, *, clitics: bool = True) -> Lexicon:
    """Read a quanteda YAML dictionary file; see :func:`quanteda_to_lexicon`."""
    path = Path(path)
    data, problems = _read_yaml(_read_lexicon_text(path), str(path))
    if problems:
        raise LexiconError(problems, str(path))
    return quanteda_to_lexicon(data, source=str(path), clitics=clitics)


# -- LIWC -----------------------------------------------------------------------


def _liwc_entry(line: str) -> tuple[str, list[str]]:
    """(word, codes) of one LIWC line; a multi-word entry needs a tab before its codes."""
    if "\t" in line:
        word, _, rest = line.partition("\t")
        return " ".join(word.split()), rest.split()
    parts = line.split()
    return parts[0], parts[1:]


def read_liwc(path: str | Path, *, on_conflict: str = "error", clitics: bool = True
              ) -> Lexicon:
    """Read a LIWC-style ``.dic`` dictionary into a one-dimension Lexicon.

    Parameters
    ----------
    path : str or Path
        The ``.dic`` file (UTF-8, a byte-order mark is fine).
    on_conflict : {"error", "first"}, default "error"
        What to do with a word listed under several categories: report it, or
        keep its first category (with a warning counting such words).
    clitics : bool, default True
        As in :func:`quanteda_to_lexicon`.

    Raises
    ------
    LexiconError
        Naming the file and line of every problem.
    """
    _check_clitics(clitics, "read_liwc")
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
    for i in range(marks[1] + 1, len(lines)):
        line = lines[i]
        if not line.strip():
            continue
        word, codes = _liwc_entry(line)
        if not codes:
            problems.append(f"line {i + 1}: {_brief(word)} has no category numbers")
            continue
        if not all(code.isascii() and code.isdigit() and len(code) < 10 for code in codes):
            problems.append(
                f"line {i + 1}: the category codes {_brief(' '.join(codes))} of {_brief(word)} "
                "are not a plain list of numbers; only plain lists are supported (not LIWC-2015 "
                "conditional codes like '(02 134)152/888')"
            )
            continue
        entry_numbers = []
        for code in codes:
            if int(code) not in numbers:
                problems.append(f"line {i + 1}: {_brief(word)} refers to category {code}, which "
                                "the header does not define")
            else:
                entry_numbers.append(int(code))
        for number in dict.fromkeys(entry_numbers):
            owners.setdefault(word, []).append((i + 1, number))
    conflicts = {w: o for w, o in owners.items() if len({n for _, n in o}) > 1}
    reassigned: list[str] = []
    if conflicts and on_conflict == "error":
        for word, owned in itertools.islice(conflicts.items(), _MAX_LISTED):
            places = ", ".join(f"{numbers[n].path[0]} ({n}) on line {line}" for line, n in owned)
            problems.append(f"line {owned[0][0]}: {_brief(word)} is listed under several "
                            f"categories: {places}; a word may belong to one category only (pass "
                            "on_conflict='first' to keep its first category)")
        if len(conflicts) > _MAX_LISTED:
            problems.append(f"... and {len(conflicts) - _MAX_LISTED} more words listed under "
                            "several categories")
    elif conflicts:
        reassigned = [
            f"{len(conflicts)} word(s) listed under several categories were kept under their "
            f"first category only (on_conflict='first'), e.g. "
            f"{_examples([repr(w) for w in conflicts])}"
        ]
    for word, owned in owners.items():
        first = owned[0][1]
        numbers[first].values.extend(_Value(word, line) for line, n in owned if n == first)
    dimension = _DimensionSpec(None, marks[0] + 1, list(numbers.values()))
    return _build([dimension], source=source, kind="LIWC", clitics=clitics, problems=problems,
                  notes=reassigned)


# -- export ---------------------------------------------------------------------


def _written_values(term: Term, expand: bool) -> list[str]:
    """The patterns that stand for one term in an exported dictionary."""
    if term.kind == "phrase":
        if expand:
            slots = [
                sorted({f for w in alts for f in phrase_word_forms(
                    w, first=(k == 0), proclitics=term.proclitics)})
                for k, alts in enumerate(term.slots)
            ]
        else:
            slots = [list(alts) for alts in term.slots]
        return [" ".join(words) for words in itertools.product(*slots)]
    out: list[str] = []
    article = affixes().article
    for form in term.forms:
        wild = form.endswith("*")
        stem = form[:-1] if wild else form
        end = "*" if wild else ""
        if expand:
            options = dict(article=term.article, proclitics=term.proclitics)
            if not wild:  # the matcher adds no suffixes to a wildcard prefix
                options.update(suffixes=term.suffixes, future=term.future)
            out.extend(f + end for f in sorted(family_forms(stem, **options)))
            continue
        definite = split_article(stem)[0]
        if term.article != "required" or definite:
            out.append(form)
        if term.article != "forbidden" and not definite:
            out.append(article + form)
    return out


def _lost(term: Term) -> list[str]:
    lost = [key for key in CONTEXT_KEYS if getattr(term, key)]
    if term.exclude:
        lost.append("exclude")
    if term.weight != 1.0:
        lost.append("weight")
    return lost


def _export(lexicon: Lexicon, expand: bool, fmt: str
            ) -> tuple[dict[str, dict[str, list[str]]], list[str]]:
    """dimension -> category -> patterns, and notes on what could not be carried."""
    owner: dict[str, str] = {}
    moved: list[str] = []
    data: dict[str, dict[str, list[str]]] = {}
    for dim in lexicon.dimensions:
        for cat in dim.categories:
            values: dict[str, None] = {}
            for term in cat.terms:
                for value in _written_values(term, expand):
                    if owner.setdefault(value, cat.id) == cat.id:
                        values[value] = None
                    else:
                        moved.append(f"{value!r} ({cat.id}, kept under {owner[value]})")
            data.setdefault(dim.id, {})[cat.id] = list(values)
    lost = [(t.id, _lost(t)) for t in lexicon.terms if _lost(t)]
    notes = []
    if lost:
        kinds = sorted({k for _, ks in lost for k in ks})
        notes.append(
            f"{len(lost)} of {len(lexicon.terms)} terms had {', '.join(kinds)}, which a {fmt} "
            f"dictionary cannot express; they are written without them: "
            + "; ".join(f"{tid} ({', '.join(ks)})" for tid, ks in lost)
        )
    if moved:
        notes.append(
            f"{len(moved)} pattern(s) of more than one category are listed under the first "
            f"only (the category the framing matcher gives them): {_examples(moved)}"
        )
    return data, notes


def _warn_export(notes: list[str], func: str) -> None:
    for note in notes:
        short = note if len(note) < 400 else note[:400] + " ..."
        warnings.warn(f"{func}: {short}", LexiconConversionWarning, stacklevel=3)


def write_quanteda(lexicon: Lexicon | str | Path, path: str | Path | None = None, *,
                   overwrite: bool = False, expand: bool = False) -> str:
    """Write a lexicon as a quanteda YAML dictionary (dimension -> category -> patterns).

    Parameters
    ----------
    lexicon : Lexicon, str or Path
        A lexicon or anything :func:`framing.load_lexicon` accepts.
    path : str or Path, optional
        Where to write; without it, only the text is returned.
    overwrite : bool, default False
        Replace an existing file (otherwise FileExistsError).
    expand : bool, default False
        List every written form the matcher accepts (proclitics, suffixes,
        future prefix) instead of the forms as listed.

    Returns
    -------
    str
        The YAML text. A comment header records the source lexicon and what a
        quanteda dictionary cannot express (also raised as a
        :class:`LexiconConversionWarning`).
    """
    lexicon = load_lexicon(lexicon)
    data, notes = _export(lexicon, expand, "quanteda")
    header = [
        f"quanteda dictionary exported from the framing lexicon {lexicon.name!r}"
        + (f" version {lexicon.version}" if lexicon.version else ""),
        f"lexicon sha256: {lexicon.hash}",
        "keys: dimension > category > patterns; a trailing * matches any ending; values with "
        "spaces are phrases.",
        "every form the framing matcher accepts is listed (expand=True)." if expand else
        "forms as listed in the lexicon (and with the article where allowed); the framing "
        "matcher also accepts them with proclitics and, where a term says so, pronoun suffixes "
        "and the future prefix. Export with expand=True to list every form.",
        *(f"NOT CARRIED ACROSS: {note}" for note in notes),
    ]
    comment = "".join(f"# {line}\n" for line in header)
    body = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=10_000,
                     default_flow_style=False)
    text = comment + body
    _warn_export(notes, "write_quanteda")
    if path is not None:
        _write_new(Path(path), text, overwrite=overwrite)
    return text


def write_liwc(lexicon: Lexicon | str | Path, path: str | Path | None = None, *,
               overwrite: bool = False, expand: bool = False) -> str:
    """Write a lexicon as a LIWC-style ``.dic`` file (categories numbered in lexicon order).

    Dimensions are not kept (LIWC has one list of categories), nor are context
    conditions, exclusions and weights (a :class:`LexiconConversionWarning`
    says how many terms lost them). ``path``, ``overwrite`` and ``expand`` are
    as in :func:`write_quanteda`. Returns the text.
    """
    lexicon = load_lexicon(lexicon)
    data, notes = _export(lexicon, expand, "LIWC")
    categories = [(cat_id, values) for dim in data.values() for cat_id, values in dim.items()]
    lines = ["%"]
    lines += [f"{n}\t{cat_id}" for n, (cat_id, _) in enumerate(categories, start=1)]
    lines.append("%")
    for n, (_, values) in enumerate(categories, start=1):
        lines += [f"{value}\t{n}" for value in values]
    text = "\n".join(lines) + "\n"
    _warn_export(notes, "write_liwc")
    if path is not None:
        _write_new(Path(path), text, overwrite=overwrite)
    return text
