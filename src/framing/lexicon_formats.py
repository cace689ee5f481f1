"""Dictionary interchange: quanteda YAML, LIWC ``.dic``, WordStat ``.cat``, Lexicoder ``.lc3``.

Researchers bring dictionaries from other tools and take ours back to them.
This module converts both ways; :func:`framing.load_lexicon` calls the readers
when it is given a ``.dic``, ``.cat`` or ``.lc3`` file or a YAML file that is a
quanteda dictionary. (The readers are defined in :mod:`framing.lexicon`, so
that loading a lexicon needs no other module, and are the same functions
here.) Every import goes through :meth:`Lexicon.from_dict`, so the usual
validation applies, and errors name the file, the line (of the value itself,
in a block list) and the key or entry, in line order. A problem that does not
prevent loading (a pattern listed twice, punctuation at a pattern's edge, a
key without patterns) is a :class:`LexiconConversionWarning` naming the file
and line.

Counting: the ``overlap`` setting
-------------------------------
quanteda, LIWC, WordStat and Lexicoder count every key independently: a word
listed under two keys counts in both (عمان under Amman and under Oman; "happy"
under LIWC's ``posemo`` and under ``affect``, which nests it). Imported
dictionaries therefore get ``overlap: independent`` (see
:mod:`framing.matcher`): within one key the longest match wins and no word is
counted twice, as quanteda's ``tokens_lookup`` does per key; across keys
nothing is shared out. Pass ``overlap="exclusive"`` to apply the codebook's
rule instead (a word counts in one category at most); a word under two keys
is then an error (LIWC: unless ``on_conflict="first"``, which keeps its first
category and so empties nested categories).

Importing (quanteda YAML)
-------------------------
A quanteda dictionary maps keys to lists of patterns::

    economy:                 # two levels: dimension -> category -> patterns
      tax: [tax*, taxation]
      trade: ["free trade", tariff]

* **Levels.** By default, two levels give dimensions holding categories. One
  level (``key: [patterns]``) gives categories in a single dimension named
  after the file (``"default"`` when there is no file). Deeper nesting is
  flattened: the first level stays the dimension and the keys below it are
  joined with ``_`` into one category id (``economy > tax > income`` becomes
  category ``tax_income``, label ``tax / income``), which is how quanteda
  itself counts the deepest keys. Top level keys must then be all of one kind
  (all lists or all mappings).
* **levels=** (quanteda's ``levels``) chooses the key levels to count, in
  one dimension named after the file: each leaf key is cut to those levels,
  and leaves with the same cut key form one category holding all their
  patterns. ``levels=1`` on ``economy > tax``, ``economy > trade`` gives one
  category ``economy``: the parent of the hierarchy, counting every span any
  child's pattern matches, each once. So a parent's count is the sum of its
  children's counts when no word is listed under two children (and no child's
  phrase holds another child's word); otherwise it is less, since a word
  counts once per category. ``levels=[1, 2]`` keeps both levels in the
  category (``economy_tax``); leaves shallower than every chosen level are
  left out with a warning. Load the dictionary twice (with ``levels=1`` and
  without) to see parents and children side by side.
* **Ids.** Category and dimension ids are column names (``^[a-z][a-z0-9_]*$``):
  a key is lower-cased, accents are dropped and every other character becomes
  ``_``. A key with no Latin letter or digit (an Arabic key) gets a numbered id,
  ``category_3`` or ``dimension_2``. The original key is kept as ``label_en``
  (and as ``label_ar`` when it is written in Arabic). Two keys that give the
  same category id are an error naming both. A dimension whose id equals a
  category id gets the suffix ``_dimension``. An empty key (``''``) is an error.
* **Patterns.** A trailing ``*`` on a word is a wildcard (any ending), also in
  multi-word values: quanteda's glob applied to each token, so ``"south
  african*"`` matches "South Africans". ``*`` anywhere else, ``?``, and the
  characters our own syntax reserves (``|`` and a leading ``@``) cannot be
  imported: each is an error naming the key and the value. A value with
  spaces becomes a phrase. A value the tokeniser splits (``bull's eye``,
  ``Côte d'Ivoire``, ``Guinea-Bissau``) is cut the same way, so it matches
  where the text has the same words with the same punctuation between them
  (any apostrophe for an apostrophe, any hyphen for a hyphen). Punctuation at
  a value's edge (``U.S.``) is where the tokeniser cuts the text anyway: it
  is dropped with a warning. A value written as a regular expression
  (``[a-z]+``) is kept but can never match, with a warning.
* **Clitics.** quanteda matches whole tokens exactly. With ``clitics=True``
  (the default) an imported Arabic word is matched the way our lexicon
  matches its own words: with the conjunctions, prepositions and the article
  attached (a word written with ال must have it). With ``clitics=False`` an
  imported single word matches only as written (``proclitics: false``,
  ``article: forbidden``): quanteda's own semantics, which suits dictionaries
  exported with ``expand=True``. Non-Arabic words always match as written
  (the language of an imported dictionary without Arabic is ``und``: the
  default normaliser, case folded, no English word-form rules).
  Phrases follow our phrase rules in both cases.
* **Colours** come from Paul Tol's colour-blind-safe "muted" palette, in
  category order (repeating after nine categories).

Importing (LIWC ``.dic``)
-------------------------
A header between two lines holding only ``%`` lists ``number  name``; each
following line is a word (or a tab-separated multi-word entry) and its
category numbers. All categories go into one dimension named after the file,
one category per LIWC category; a word counts in every category it lists, so
nested categories (``posemo`` inside ``affect``) keep all their words.
LIWC-2015 conditional codes such as ``(02 134)152/888`` are not supported:
they are ignored with a warning naming each entry and line (the entry counts
in the plain categories it lists; one with none is left out, also with a
warning). A category number the header does not define is an error.
Categories no word belongs to are left out with a warning.

Importing (WordStat ``.cat``)
-----------------------------
The supported subset: a tree of categories by indentation (tabs or spaces);
a line is a category when the next line is indented deeper, otherwise an
entry of the category above it. Entries may carry a weight suffix
(``TAX (1)``), which is dropped (as quanteda drops it); ``_`` between words
is WordStat's multi-word notation (``FREE_TRADE`` is the phrase "free
trade"); a trailing ``*`` is a wildcard. Proximity and rule entries (``@``,
``NEAR``, ``BEFORE``, ``AFTER``, ``NOT``) are errors naming their line, as
is a category holding entries beside sub-categories. The tree is then read
as a nested quanteda dictionary (``levels`` applies).

Importing (Lexicoder ``.lc3``)
------------------------------
Lines ``+category`` start a category; the lines after it (leading spaces
ignored, blank lines skipped) are its entries: words and phrases, a trailing
``*`` as a wildcard. One dimension named after the file.

Exporting
---------
:func:`write_quanteda` writes dimension -> category -> patterns, and
:func:`write_liwc` numbers the categories in lexicon order. Family forms are
written as listed plus their ال form where the article is allowed; phrases are
written once per combination of their alternatives (a phrase word split at
punctuation is written with it: ``d'Ivoire``). With ``expand=True`` every
written form the matcher accepts (with proclitics, pronoun suffixes and the
future prefix) is listed instead, for tools that match tokens exactly; import
such a file with ``clitics=False``. Context conditions, exclusions and weights
cannot be expressed in either format: the writers warn how many terms lost
them (and the quanteda file says so in a comment header). Labels, colours,
stances and glosses are not written either: an imported copy gets the ids as
labels and palette colours. The ``overlap`` setting: the tools these formats
come from count independently, so an independent lexicon keeps every
category's patterns. An exclusive lexicon lists a form that two categories
would both list under the first one only (the category our matcher gives it),
and its quanteda file says ``# framing overlap: exclusive`` in its header,
which :func:`read_quanteda` honours; a LIWC file cannot say so, and is read
back as independent unless ``overlap="exclusive"`` is passed. LIWC files have
no dimensions: read back, all categories share one dimension.
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
    read_lexicoder,
    read_liwc,
    read_quanteda,
    read_wordstat,
)
from framing.morphology import affixes, family_forms, phrase_word_forms, split_article

__all__ = [
    "MAX_WRITTEN_PATTERNS",
    "TOL_MUTED",
    "LexiconConversionWarning",
    "looks_like_quanteda",
    "quanteda_to_lexicon",
    "read_lexicoder",
    "read_liwc",
    "read_quanteda",
    "read_wordstat",
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
        joins = term.joins or (" ",) * (len(slots) - 1)
        if combinations > MAX_WRITTEN_PATTERNS:
            where = f"line {term.line}: " if term.line else ""
            raise LexiconError(
                [f"{where}the phrase of term {_brief(term.id, limit=60)} would be written "
                 f"as {combinations:,} patterns, one per combination of its alternatives"
                 f"{' and their forms (expand=True)' if expand else ''}; a dictionary file "
                 f"can hold at most {MAX_WRITTEN_PATTERNS:,}. Split the phrase into several "
                 "terms with fewer alternatives"], source)
        return ["".join(w + j for w, j in zip(words, (*joins, ""), strict=True))
                for words in itertools.product(*slots)]
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
                independent = lexicon.overlap == "independent"  # each category keeps its own
                for value in written:
                    if independent or owner.setdefault(value, cat.id) == cat.id:
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
        ("forms as listed in the lexicon, each matched only as written (no proclitics): "
         "read this file back with clitics=False (on the command line --exact) to keep that."
         if lexicon.language == "ar" and not any(t.proclitics for t in lexicon.terms) else
         "forms as listed in the lexicon (and with the article where allowed); the framing "
         "matcher also accepts them with proclitics and, where a term says so, pronoun "
         "suffixes and the future prefix. Export with expand=True to list every form."
         if lexicon.language == "ar" else
         "forms as listed in the lexicon; the framing matcher also accepts their possessive "
         "('s) and ignores case unless a term is case-sensitive."),
        *(f"NOT CARRIED ACROSS: {note}" for note in notes),
    ]
    if lexicon.overlap == "exclusive":
        header.append("framing overlap: exclusive (a word counts in one category at most; "
                      "quanteda counts every key independently)")
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
