"""Benchmark scoring against a naive baseline and a tokenisation floor, in one run.

    python benchmarks/bench_score.py [CORPUS] [--replicate 10] [--naive-share 1.0]

CORPUS defaults to ../shared/corpora/saudinewsnet (SaudiNewsNet: 31,030
articles). Printed as one table:

* floor: one regex tokenisation pass over the texts, nothing else (the
  tokeniser the matcher itself uses);
* framing: single-process scoring with the default lexicon (normalise,
  tokenise, match every rule of the codebook, build both tables);
* naive: one compiled regex per term of the default lexicon over the
  normalised texts, the way a quick script would count (no context rules,
  no exclusions, no longest-match resolution);
* the command line, end to end from the corpus files to the counts CSV:
  ``framing score --jobs 2`` without cache, then again answered from the cache;
* peak memory of the command line on the corpus and on the corpus replicated
  ``--replicate`` times (distinct ids), to show memory stays bounded.

Ratios are measured against the baseline in the same run, on the same
machine; nothing here is a pass/fail test.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import framing
from framing.matcher import _SPLIT_PLAIN
from framing.morphology import affixes

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared/corpora/saudinewsnet"


def naive_patterns(lexicon: framing.Lexicon, normalizer: framing.Normalizer):
    """One regex per term: optional proclitics, the forms as alternatives, word bounds."""
    a = affixes()
    conj = "".join(a.conjunctions)
    prep = "".join(a.prepositions)
    clitics = f"(?:[{conj}]?(?:[{prep}]|{a.lam_article})?(?:{a.article})?)"
    patterns = []
    for term in lexicon.terms:
        words = []
        for k, alternatives in enumerate(term.slots):
            forms = sorted({normalizer(f.rstrip("*")) for f in alternatives}, key=len,
                           reverse=True)
            group = "(?:" + "|".join(map(re.escape, forms)) + ")"
            words.append((clitics if k == 0 else "(?:ال)?") + group)
        body = r"[\s_]+".join(words)
        patterns.append((term.category, re.compile(rf"(?<![^\W_]){body}(?![^\W_])")))
    return patterns


def naive_score(texts: list[str], patterns, normalizer) -> int:
    total = 0
    for text in texts:
        norm = normalizer(text)
        counts: dict[str, int] = {}
        for category, pattern in patterns:
            n = len(pattern.findall(norm))
            if n:
                counts[category] = counts.get(category, 0) + n
        total += sum(counts.values())
    return total


def run_cli(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one ``framing`` command in a fresh process.

    The peak is the command's own high-water mark (VmHWM, which starts afresh at
    exec, unlike ru_maxrss) or its largest worker process, whichever is larger.
    """
    script = (
        "import resource, sys, time\n"
        "from framing.cli import main\n"
        "t = time.perf_counter()\n"
        "code = main(sys.argv[1:])\n"
        "wall = time.perf_counter() - t\n"
        "status = open('/proc/self/status').read().split('VmHWM:')[1].split()[0]\n"
        "peak = int(status) / 1024\n"
        "kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(f'{wall} {max(peak, kids)}', file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", script, *args], env=env, text=True,
                          capture_output=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"framing {' '.join(args)} failed:\n{proc.stderr}")
    inner = proc.stderr.strip().splitlines()[-1].split()
    return wall, float(inner[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--replicate", type=int, default=10,
                        help="copies of the corpus for the memory check (0: skip)")
    parser.add_argument("--naive-share", type=float, default=1.0,
                        help="share of documents the naive baseline scores (it is slow)")
    args = parser.parse_args()
    corpus_path = Path(args.corpus)
    if not corpus_path.exists():
        raise SystemExit(f"No corpus at {corpus_path}.")

    t = time.perf_counter()
    corpus = framing.load_corpus(corpus_path)
    load_s = time.perf_counter() - t
    texts = corpus["text"].tolist()
    n_words = sum(len(_SPLIT_PLAIN.findall(x)) for x in texts)

    t = time.perf_counter()
    for text in texts:
        _SPLIT_PLAIN.findall(text)
    floor_s = time.perf_counter() - t

    matcher = framing.Matcher("default")
    t = time.perf_counter()
    scores = framing.score(corpus, matcher, progress=False)
    framing_s = time.perf_counter() - t

    n_naive = max(1, int(len(texts) * args.naive_share))
    naive_texts = texts[:n_naive]
    naive_words = sum(len(_SPLIT_PLAIN.findall(x)) for x in naive_texts)
    patterns = naive_patterns(matcher.lexicon, matcher.normalizer)
    t = time.perf_counter()
    naive_hits = naive_score(naive_texts, patterns, matcher.normalizer)
    naive_s = time.perf_counter() - t

    rows = [
        ("floor: tokenise only", n_words / floor_s, floor_s),
        ("framing: score, 1 process", n_words / framing_s, framing_s),
        (f"naive: 1 regex per term ({n_naive} docs)", naive_words / naive_s, naive_s),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, FRAMING_CACHE_DIR=str(Path(tmp) / "cache"))
        out = str(Path(tmp) / "counts.csv")
        cli_s, cli_mb = run_cli(["score", str(corpus_path), "--out", out, "--jobs", "2",
                                 "--no-progress", "--overwrite"], env)
        cached_s, cached_mb = run_cli(["score", str(corpus_path), "--out", out, "--jobs", "2",
                                       "--no-progress", "--overwrite"], env)
        one_s, one_mb = run_cli(["score", str(corpus_path), "--out", out, "--no-cache",
                                 "--no-progress", "--overwrite"], env)
        replicated = None
        if args.replicate > 1 and corpus_path.is_dir():
            big = Path(tmp) / "replicated"
            big.mkdir()
            for k in range(args.replicate):
                for z in sorted(corpus_path.glob("*.zip")):
                    (big / f"copy{k:02d}-{z.name}").symlink_to(z.resolve())
            rep_s, rep_mb = run_cli(["score", str(big), "--out", out, "--no-cache",
                                     "--no-progress", "--overwrite"], env)
            replicated = (rep_s, rep_mb)

    print(f"\ncorpus: {corpus_path.name}, {len(texts)} documents, {n_words:,} words; "
          f"loaded in {load_s:.1f} s; framing found {len(scores.hits):,} hits, naive "
          f"{naive_hits:,} on its share")
    print(f"\n{'measure':46} {'words/s':>12} {'seconds':>9}")
    for name, wps, secs in rows:
        print(f"{name:46} {wps:12,.0f} {secs:9.2f}")
    print(f"\nframing / floor speed:  {floor_s / framing_s:.2f}  (target >= 0.5)")
    print(f"framing / naive speed:  {(n_words / framing_s) / (naive_words / naive_s):.1f}x"
          "  (target >= 30x)")
    print(f"\n{'command line, files to counts CSV':46} {'seconds':>9} {'peak MB':>9}")
    print(f"{'framing score --jobs 2 (no cache yet)':46} {cli_s:9.2f} {cli_mb:9.0f}")
    print(f"{'framing score --jobs 2 (answered from cache)':46} {cached_s:9.2f} {cached_mb:9.0f}")
    print(f"{'framing score --no-cache (1 process)':46} {one_s:9.2f} {one_mb:9.0f}")
    if replicated:
        rep_s, rep_mb = replicated
        print(f"{f'... on the corpus x{args.replicate} (1 process)':46} {rep_s:9.2f} "
              f"{rep_mb:9.0f}")
        print(f"\npeak memory x{args.replicate} / x1: {rep_mb / one_mb:.2f}  (target <= 1.5)")
    print(f"benchmark's own peak RSS: "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
