r"""Benchmark lexicon discovery: speed, leave-one-family-out recall, spelling variants.

    python benchmarks/bench_discover.py [CORPUS] [--top 20] [--min-hits 30] [--show 20]

CORPUS defaults to ../shared/corpora/saudinewsnet. Printed, in order:

* training time of the discovery model (vectors, slot index, spelling index)
  from the corpus files, without cache, wall and CPU seconds; then reading it
  back from the cache;
* the time of a discovery query, the first one in the process (it compiles the
  lexicon's matcher) and later ones;
* leave-one-family-out: every word family of the default lexicon with at least
  ``--min-hits`` hits in the corpus is removed from the lexicon, and discovery
  runs for its category with the rest as seeds. A family is found when one of
  its forms (with its proclitics) is among the top ``--top`` candidates; its
  rank is the first such candidate's. Recall@top is given per source and merged.
  A family that is its category's only term leaves nothing to start from: it is
  listed as not evaluable, outside the recall;
* spelling variants: one frequent form of each family is corrupted in a third
  of its occurrences (a letter deleted, two letters swapped, or a letter
  doubled), the model is trained on the corrupted corpus, and we check that
  the corrupted spelling is proposed for the family's category (spelling
  source, and merged);
* the top ``--show`` candidates of militia, terrorist and houthi, with one
  KWIC line each, to be read.

A measurement, not a pass/fail test.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

import framing
from framing.discover import SOURCES, _category_terms, discover, train_vectors
from framing.lexicon import Lexicon

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared/corpora/saudinewsnet"


def timed(function, *args, **kwargs):
    wall, cpu = time.perf_counter(), time.process_time()
    value = function(*args, **kwargs)
    return value, time.perf_counter() - wall, time.process_time() - cpu


def without_term(lexicon: Lexicon, term_id: str) -> Lexicon:
    """The lexicon without one term (its category keeps its other terms)."""
    data = lexicon.to_dict()
    for dimension in data["dimensions"]:
        for category in dimension["categories"]:
            category["terms"] = [t for t in category["terms"] if t["id"] != term_id]
    data["name"] = f"{lexicon.name}-without-{term_id}"
    return Lexicon.from_dict(data)


def only_term(lexicon: Lexicon, term_id: str) -> Lexicon:
    """A lexicon holding one term only (to list the corpus forms of that term)."""
    data = lexicon.to_dict()
    for dimension in data["dimensions"]:
        for category in dimension["categories"]:
            category["terms"] = [t for t in category["terms"] if t["id"] == term_id]
        dimension["categories"] = [c for c in dimension["categories"] if c["terms"]]
    data["dimensions"] = [d for d in data["dimensions"] if d["categories"]]
    return Lexicon.from_dict(data)


def first_rank(table: pd.DataFrame, targets: set[str]) -> int | None:
    hits = table.index[table["key"].isin(targets)]
    return int(table.loc[hits[0], "rank"]) if len(hits) else None


def leave_one_family_out(corpus: Path, model, lexicon: Lexicon, hits: pd.DataFrame, top: int,
                         min_hits: int) -> pd.DataFrame:
    per_term = hits["term"].value_counts()
    rows = []
    for category in lexicon.categories:
        for term in category.terms:
            n = int(per_term.get(term.id, 0))
            if term.kind != "family" or n < min_hits:
                continue
            forms = _category_terms(model, only_term(lexicon, term.id), category.id)
            targets = set(model.terms[forms].tolist())
            row = {"category": category.id, "family": term.name, "hits": n,
                   "corpus_forms": len(targets)}
            reduced = without_term(lexicon, term.id) if len(category.terms) > 1 else None
            still = set(model.terms[_category_terms(model, reduced, category.id)].tolist()) \
                if reduced is not None else set()
            reason = ("the category's only term" if len(category.terms) == 1 else
                      "no other term of the category in the corpus" if not still else
                      "its forms stay seeds through another term" if still & targets else "")
            row["evaluable"] = not reason
            row["not_evaluable"] = reason
            if reason:
                rows.append(row)
                continue
            for name, sources in [*((s, [s]) for s in SOURCES), ("merged", list(SOURCES))]:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", UserWarning)
                    table = discover(corpus, category.id, lexicon=reduced, model=model,
                                     top=200, sources=sources)
                rank = first_rank(table, targets)
                row[f"rank_{name}"] = rank
                row[f"found_{name}"] = rank is not None and rank <= top
                if name == "merged" and rank is not None:
                    row["found_as"] = table.loc[table["rank"] == rank, "candidate"].iloc[0]
            rows.append(row)
    return pd.DataFrame(rows)


_ARABIC_WORD = r"(?<![\w\u0600-\u06FF]){}(?![\w\u0600-\u06FF])"


def corrupt(word: str, k: int) -> str:
    """A misspelling of a word: a middle letter deleted, two swapped or one doubled."""
    middle = max(1, len(word) // 2)
    kind = k % 3
    if kind == 0:
        return word[:middle] + word[middle + 1:]
    if kind == 1:
        return word[:middle - 1] + word[middle] + word[middle - 1] + word[middle + 1:]
    return word[:middle] + word[middle] + word[middle:]


def spelling_variants(corpus: Path, lexicon: Lexicon, hits: pd.DataFrame, top: int,
                      min_hits: int) -> pd.DataFrame:
    table = framing.load_corpus(corpus)
    texts = table["text"].fillna("").tolist()
    plan = []
    matcher = framing.Matcher(lexicon)
    surface_counts = hits.groupby(["term", "surface"]).size()
    for k, term in enumerate(t for t in lexicon.terms if t.kind == "family"):
        if term.id not in surface_counts.index.get_level_values(0):
            continue
        surfaces = surface_counts.loc[term.id].sort_values(ascending=False)
        if surfaces.iloc[0] < min_hits:
            continue
        written = str(surfaces.index[0])
        # a misspelling the lexicon does not already count (ميلشيات is one of its forms)
        spellings = [corrupt(written, k + j) for j in range(3)]
        spellings = [b for b in spellings if b != written and not matcher.find(b)]
        if spellings:
            plan.append((term, written, spellings[0]))
    corrupted_texts = list(texts)
    n_replaced = {}
    for _term, written, bad in plan:
        pattern = re.compile(_ARABIC_WORD.format(re.escape(written)))
        count = 0

        def every_third(match, bad=bad):
            nonlocal count
            count += 1
            return bad if count % 3 == 0 else match.group(0)

        corrupted_texts = [pattern.sub(every_third, t) if written in t else t
                           for t in corrupted_texts]
        n_replaced[bad] = count // 3
    corrupted = table.assign(text=corrupted_texts)
    model, wall, cpu = timed(train_vectors, corrupted, cache=False)
    print(f"  trained on the corrupted corpus in {wall:.1f} s ({cpu:.1f} s CPU)")
    rows = []
    for term, written, bad in plan:
        key = model.normalizer(bad)
        row = {"category": term.category, "family": term.name, "form": written,
               "corrupted": bad, "replaced": n_replaced[bad]}
        for name, sources in (("spelling", ["spelling"]), ("merged", list(SOURCES))):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                found = discover(corrupted, term.category, model=model, top=200,
                                 sources=sources)
            rank = first_rank(found, {key} | {k for k in found["key"]
                                              if k.endswith(key) and len(k) - len(key) <= 3})
            row[f"rank_{name}"] = rank
            row[f"found_{name}"] = rank is not None and rank <= top
        rows.append(row)
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--min-hits", type=int, default=30)
    parser.add_argument("--show", type=int, default=20)
    parser.add_argument("--skip-variants", action="store_true")
    parser.add_argument("--timing-only", action="store_true",
                        help="measure training and query times only")
    args = parser.parse_args(argv)
    corpus = Path(args.corpus)
    pd.set_option("display.width", 200)
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.max_colwidth", 120)

    with tempfile.TemporaryDirectory() as cache:
        os.environ["FRAMING_CACHE_DIR"] = cache
        print(f"corpus: {corpus}; {os.cpu_count()} cores; load average "
              f"{os.getloadavg()[0]:.1f} (wall times grow with it, CPU times much less)")
        model, wall, cpu = timed(train_vectors, corpus)
        print(f"training (files to model, written to the cache): {wall:.1f} s wall, "
              f"{cpu:.1f} s CPU; {model.provenance['n_tokens']:,} tokens, "
              f"{model.provenance['n_vectors']:,} vectors, {model.provenance['n_phrases']:,} "
              "phrases")
        model, wall, cpu = timed(train_vectors, corpus)
        print(f"reading the model back from the cache: {wall:.2f} s wall")
        for n, category in enumerate(("militia", "terrorist", "houthi", "militia")):
            _, wall, cpu = timed(discover, corpus, category, model=model, top=50)
            print(f"query {n + 1} ({category}, top 50): {wall:.2f} s wall, {cpu:.2f} s CPU")
        if args.timing_only:
            return 0

        lexicon = framing.load_lexicon()
        hits = framing.score(corpus).hits
        print(f"\nleave-one-family-out, families with at least {args.min_hits} hits, "
              f"found = a form in the top {args.top}")
        lofo = leave_one_family_out(corpus, model, lexicon, hits, args.top, args.min_hits)
        print(lofo.to_string(index=False))
        evaluable = lofo[lofo["evaluable"]]
        reasons = lofo.loc[~lofo["evaluable"], "not_evaluable"].value_counts()
        print(f"\n{len(lofo)} families, {len(evaluable)} evaluable; not evaluable: "
              + "; ".join(f"{n} {why}" for why, n in reasons.items()))
        for name in (*SOURCES, "merged"):
            print(f"  recall@{args.top} {name:>15}: {evaluable[f'found_{name}'].mean():.2f} "
                  f"({int(evaluable[f'found_{name}'].sum())}/{len(evaluable)})")

        if not args.skip_variants:
            print("\nspelling variants (a form corrupted in a third of its occurrences)")
            variants = spelling_variants(corpus, lexicon, hits, args.top, args.min_hits)
            print(variants.to_string(index=False))
            for name in ("spelling", "merged"):
                print(f"  recovered in the top {args.top} by {name}: "
                      f"{variants[f'found_{name}'].mean():.2f} "
                      f"({int(variants[f'found_{name}'].sum())}/{len(variants)})")

        for category in ("militia", "terrorist", "houthi"):
            table = discover(corpus, category, model=model, top=args.show)
            print(f"\ntop {args.show} for {category}")
            print(table[["rank", "candidate", "frequency", "documents", "n_outlets",
                         "source", "kwic_1"]].to_string(index=False))
    return 0


if __name__ == "__main__":
    np.seterr(all="ignore")
    sys.exit(main())
