"""Dictionary interchange: quanteda YAML and LIWC ``.dic`` files in and out.

Researchers bring dictionaries from other tools and take ours back to them.
This module converts both ways; :func:`framing.load_lexicon` calls the readers
when it is given a ``.dic`` file or a YAML file that is a quanteda
dictionary. (The readers are defined in :mod:`framing.lexicon`, so that
loading a lexicon needs no other module, and are the same functions here.)
Every import goes through :meth:`Lexicon.from_dict`, so the usual validation
(unique ids, one category per word) applies, and errors name the file, the
line and the key or entry.

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
import math
import warnings
from pathlib import Path

import yaml

from framing.language import known_languages, language_info
from framing.lexicon import (
    CONTEXT_KEYS,
    TOL_MUTED,
    Lexicon,
    LexiconConversionWarning,
    LexiconError,
    Term,
    _brief,
    _examples,
    _write_new,
    load_lexicon,
    looks_like_quanteda,
    quanteda_to_lexicon,
    read_liwc,
    read_quanteda,
)
from framing.morphology import affixes, family_forms, phrase_word_forms, split_article

__all__ = [
    "MAX_WRITTEN_PATTERNS",
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
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when installed: 20x faster
#: Most patterns an exported dictionary holds (a phrase is written once per
#: combination of its alternatives: 30 words of 10 alternatives would be 10**30).
MAX_WRITTEN_PATTERNS = 2_000_000
# -- export ---------------------------------------------------------------------


def _written_values(term: Term, expand: bool, source: str = "<lexicon>",
                    language: str = "ar") -> list[str]:
    """The patterns that stand for one term in an exported dictionary.

    Raises LexiconError (naming ``source``) for a phrase whose combinations of
    alternatives are more than ``MAX_WRITTEN_PATTERNS``, before writing any.
    Arabic forms are written with and without the article; an English term's
    forms as listed (with their possessives when ``expand``).
    """
    arabic = not (language in known_languages()
                  and language_info(language).morphology != "arabic")
    if term.kind == "phrase":
        if expand:
            last = len(term.slots) - 1
            slots = [
                sorted({f for w in alts for f in phrase_word_forms(
                    w, first=(k == 0), proclitics=term.proclitics, last=(k == last),
                    language=language)})
                for k, alts in enumerate(term.slots)
            ]
        else:
            slots = [list(alts) for alts in term.slots]
        combinations = math.prod(len(s) for s in slots)
        if combinations > MAX_WRITTEN_PATTERNS:
            where = f"line {term.line}: " if term.line else ""
            raise LexiconError(
                [f"{where}the phrase of term {_brief(term.id, limit=60)} would be written "
                 f"as {combinations:,} patterns, one per combination of its alternatives"
                 f"{' and their forms (expand=True)' if expand else ''}; a dictionary file "
                 f"can hold at most {MAX_WRITTEN_PATTERNS:,}. Split the phrase into several "
                 "terms with fewer alternatives"], source)
        return [" ".join(words) for words in itertools.product(*slots)]
    out: list[str] = []
    article = affixes().article
    for form in term.forms:
        wild = form.endswith("*")
        stem = form[:-1] if wild else form
        end = "*" if wild else ""
        if not arabic:
            out.extend(f + end for f in sorted(family_forms(stem, language=language))
                       if expand or f == stem)
            continue
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
    if term.case_sensitive:
        lost.append("case_sensitive")
    return lost


def _export(lexicon: Lexicon, expand: bool, fmt: str
            ) -> tuple[dict[str, dict[str, list[str]]], list[str]]:
    """dimension -> category -> patterns, and notes on what could not be carried."""
    owner: dict[str, str] = {}
    moved: list[str] = []
    n_written = 0
    data: dict[str, dict[str, list[str]]] = {}
    for dim in lexicon.dimensions:
        for cat in dim.categories:
            values: dict[str, None] = {}
            for term in cat.terms:
                written = _written_values(term, expand, lexicon.source, lexicon.language)
                n_written += len(written)
                if n_written > MAX_WRITTEN_PATTERNS:
                    raise LexiconError(
                        [f"more than {MAX_WRITTEN_PATTERNS:,} patterns would be written (reached "
                         f"at term {_brief(term.id)}, line {term.line}); export a smaller "
                         "lexicon" + (", or without expand=True" if expand else "")],
                        lexicon.source)
                for value in written:
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
        ("forms as listed in the lexicon (and with the article where allowed); the framing "
         "matcher also accepts them with proclitics and, where a term says so, pronoun "
         "suffixes and the future prefix. Export with expand=True to list every form."
         if lexicon.language == "ar" else
         "forms as listed in the lexicon; the framing matcher also accepts their possessive "
         "('s) and ignores case unless a term is case-sensitive."),
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
