r"""Benchmark a LIWC-sized imported dictionary against the default lexicon.

    python benchmarks/bench_dictionaries.py [CORPUS] [--entries 127000] [--docs 3000]
        [--wildcards 0.3] [--phrases 0.02] [--seed 0]

CORPUS defaults to ../shared/corpora/saudinewsnet (SaudiNewsNet). A full
LIWC2007 translation has about 127,000 entries; this builds a synthetic LIWC
``.dic`` file of ``--entries`` entries from the corpus's own vocabulary (the
most frequent words first, so the dictionary matches often, as a real one
does on news), with LIWC's structure: 64 categories, 8 parents of 7 children
each, every entry listed under one child and its parent (nested categories
sharing words), some under two children; a share of entries are wildcards
(a stem and ``*``) and a share are two-word phrases.

Printed, for the default lexicon and for the big dictionary read with
``clitics=False`` (quanteda's exact token match) and ``clitics=True`` (the
framing matcher's proclitics added to every Arabic word):

Times are CPU seconds of this process (the scan's wall time is printed too):

* load: reading and validating the file (:func:`framing.load_lexicon`);
* compile: building the matcher (every written form of every term);
* scan: :meth:`framing.Matcher.scan_many` over ``--docs`` articles in batches
  of 2,000, as :func:`framing.score` runs it, in tokens per CPU second;
* hits found, and the peak memory of the process after each step.

Nothing here is a pass/fail test; ratios are against the default lexicon in
the same run, on the same machine.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path

import framing
from framing.matcher import tokenize

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared/corpora/saudinewsnet"
N_PARENTS, N_CHILDREN = 8, 7


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def vocabulary(texts: list[str], n: int) -> list[str]:
    """The ``n`` most frequent normalised words of the texts (at least 3 letters)."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(w for w in tokenize(framing.normalize(text)) if len(w) >= 3
                      and not w.isdigit())
    return [w for w, _ in counts.most_common(n)]


def synthetic_liwc(words: list[str], entries: int, wildcards: float, phrases: float,
                   rng: random.Random) -> str:
    """A LIWC .dic text of ``entries`` entries with nested categories that share words."""
    lines = ["%"]
    number = 0
    children: list[tuple[int, int]] = []  # (child number, parent number)
    for p in range(N_PARENTS):
        number += 1
        parent = number
        lines.append(f"{parent}\tparent_{p}")
        for c in range(N_CHILDREN):
            number += 1
            lines.append(f"{number}\tparent_{p}_child_{c}")
            children.append((number, parent))
    lines.append("%")
    seen: set[str] = set()
    k = 0
    while len(seen) < entries:
        word = words[k % len(words)]
        k += 1
        roll = rng.random()
        if roll < phrases:
            entry = f"{word} {words[rng.randrange(min(len(words), 2000))]}"
        elif roll < phrases + wildcards and len(word) > 4:
            entry = word[:-2] + "*"
        else:
            entry = word
        if k > len(words):  # vocabulary used up: make further entries distinct
            entry = f"{entry.rstrip('*')}{k}"
        if entry in seen:
            continue
        seen.add(entry)
        child, parent = children[rng.randrange(len(children))]
        codes = {child, parent}
        if rng.random() < 0.1:
            other, other_parent = children[rng.randrange(len(children))]
            codes |= {other, other_parent}
        lines.append(f"{entry}\t" + "\t".join(map(str, sorted(codes))))
    return "\n".join(lines) + "\n"


def measure(name: str, load, texts: list[str]) -> dict[str, float]:
    """Load, compile and scan; print one line and return the figures (CPU seconds)."""
    clock = time.process_time  # CPU time: on a shared machine wall time follows the load
    start = clock()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lexicon = load()
    loaded = clock()
    matcher = framing.Matcher(lexicon)
    compiled = clock()
    wall = time.perf_counter()
    n_tokens = n_hits = 0
    for at in range(0, len(texts), 2000):
        for tokens, hits in matcher.scan_many(texts[at:at + 2000]):
            n_tokens += tokens
            n_hits += len(hits)
    scanned = clock()
    wall = time.perf_counter() - wall
    figures = {"terms": len(lexicon.terms), "load": loaded - start,
               "compile": compiled - loaded, "scan": scanned - compiled,
               "tokens_per_s": n_tokens / max(scanned - compiled, 1e-9), "hits": n_hits,
               "forms": matcher.n_forms, "peak_mb": peak_mb(), "wall": wall}
    print(f"{name:<28} {figures['terms']:>8,} {figures['forms']:>11,} {figures['load']:>7.1f} "
          f"{figures['compile']:>8.1f} {figures['scan']:>7.1f} {figures['tokens_per_s']:>11,.0f} "
          f"{figures['hits']:>10,} {figures['peak_mb']:>8,.0f} {wall:>7.1f}", flush=True)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--entries", type=int, default=127_000)
    parser.add_argument("--docs", type=int, default=3000,
                        help="articles to scan (default 3,000; SaudiNewsNet has 31,030)")
    parser.add_argument("--wildcards", type=float, default=0.3)
    parser.add_argument("--phrases", type=float, default=0.02)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    corpus = framing.load_corpus(args.corpus)
    texts = corpus["text"].tolist()
    rng = random.Random(args.seed)
    scanned = rng.sample(texts, min(args.docs, len(texts)))
    start = time.perf_counter()
    words = vocabulary(texts, args.entries)
    text = synthetic_liwc(words, args.entries, args.wildcards, args.phrases, rng)
    print(f"corpus: {len(corpus):,} articles; vocabulary of {len(words):,} words and a "
          f"{args.entries:,}-entry LIWC file ({len(text.encode()) / 2**20:.1f} MB) built in "
          f"{time.perf_counter() - start:.1f} s; scanning {len(scanned):,} articles")
    print(f"{'lexicon':<28} {'terms':>8} {'forms':>11} {'load s':>7} {'compile':>8} "
          f"{'scan s':>7} {'tokens/s':>11} {'hits':>10} {'peak MB':>8} {'wall s':>7}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "liwc_synthetic.dic"
        path.write_text(text, encoding="utf-8")
        base = measure("default (exclusive)", lambda: framing.load_lexicon("default"), scanned)
        exact = measure("127k LIWC, clitics=False", lambda: framing.load_lexicon(
            path, clitics=False), scanned)
        clitics = measure("127k LIWC, clitics=True", lambda: framing.load_lexicon(path),
                          scanned)
    for name, figures in (("clitics=False", exact), ("clitics=True", clitics)):
        print(f"127k LIWC {name}: scan {figures['scan'] / base['scan']:.1f}x the default "
              f"lexicon's time; load + compile {figures['load'] + figures['compile']:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
