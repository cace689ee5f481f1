r"""Benchmark scoring against a naive baseline and a tokenisation floor, in one run.

    python benchmarks/bench_score.py [CORPUS] [--replicate 10] [--naive-share 0.1] [--no-report]

CORPUS defaults to ../shared/corpora/saudinewsnet (SaudiNewsNet: 31,030
articles). Printed as one table:

* floor: one regex tokenisation pass over the texts, nothing else;
* framing: single-process scoring with the default lexicon (normalise,
  tokenise, match every rule of the codebook, build both tables);
* naive: one compiled regex per term of the default lexicon over the
  normalised texts, the way a quick script would count (no context rules,
  no exclusions, no longest-match resolution);
* the command line, end to end from the corpus files to the counts CSV:
  ``framing score --jobs 2`` without cache, then again answered from the cache;
* peak memory of the command line on the corpus and on the corpus replicated
  ``--replicate`` times (distinct ids), to show memory stays bounded;
* ``framing report`` on the corpus, all five notebooks, from an empty cache
  (``--no-report`` skips it).

The floor is the plain ``[^\W_]+`` pattern, the one the package itself uses
where it tokenises with a regex.

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

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared/corpora/saudinewsnet"


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
    parser.add_argument("--naive-share", type=float, default=0.1,
                        help="share of documents the naive baseline scores (it is slow)")
    parser.add_argument("--no-report", action="store_true",
                        help="skip timing the full report")
    args = parser.parse_args()
    corpus_path = Path(args.corpus)
    if not corpus_path.exists():
        raise SystemExit(f"No corpus at {corpus_path}.")

    t = time.perf_counter()
    corpus = framing.load_corpus(corpus_path)
    load_s = time.perf_counter() - t
    texts = corpus["text"].tolist()
    n_words = sum(len(_SPLIT_PLAIN.findall(x)) for x in texts)

    # The machine's speed drifts by tens of percent from minute to minute, so the
    # measures take turns on each chunk of documents and are summed: every ratio
    # compares times taken side by side. The naive baseline, being slow, runs on
    # every k-th chunk only (--naive-share) and is compared with framing's time on
    # those same chunks.
    matcher = framing.Matcher("default")
    patterns = naive_patterns(matcher.lexicon, matcher.normalizer)
    every = max(1, round(1 / args.naive_share)) if args.naive_share > 0 else 0
    clock = time.perf_counter
    # one-time set-up (tables, compiled patterns) is not throughput: warm both up
    matcher.scan_many(texts[:50])
    naive_score(texts[:50], patterns, matcher.normalizer)
    floor_s = framing_s = naive_s = framing_on_naive_s = 0.0
    naive_words = naive_docs = naive_hits = n_hits = 0
    size = 1000
    for k, start in enumerate(range(0, len(texts), size)):
        chunk = corpus.iloc[start:start + size]
        chunk_texts = texts[start:start + size]
        t0 = clock()
        for text in chunk_texts:
            _SPLIT_PLAIN.findall(text)
        t1 = clock()
        n_hits += len(framing.score(chunk, matcher, progress=False).hits)
        t3 = clock()
        floor_s, framing_s = floor_s + t1 - t0, framing_s + t3 - t1
        if every and k % every == 0:
            naive_hits += naive_score(chunk_texts, patterns, matcher.normalizer)
            naive_s += clock() - t3
            framing_on_naive_s += t3 - t1
            naive_words += sum(len(_SPLIT_PLAIN.findall(x)) for x in chunk_texts)
            naive_docs += len(chunk_texts)

    rows = [
        ("floor: tokenise only, [^\\W_]+ regex", n_words / floor_s, floor_s),
        ("framing: score, 1 process", n_words / framing_s, framing_s),
    ]
    if naive_docs:
        rows.append((f"naive: 1 regex per term ({naive_docs} docs)", naive_words / naive_s,
                     naive_s))
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
        report_s = None
        if not args.no_report:
            report_env = dict(env, FRAMING_CACHE_DIR=str(Path(tmp) / "report-cache"))
            t = time.perf_counter()
            proc = subprocess.run(
                [sys.executable, "-m", "framing.cli", "report", "--corpus", str(corpus_path),
                 "--out", str(Path(tmp) / "report"), "--notebooks-dir",
                 str(REPO / "notebooks"), "--jobs", "2"],
                env=report_env, text=True, capture_output=True)
            report_s = time.perf_counter() - t
            if proc.returncode != 0:
                raise SystemExit(f"framing report failed:\n{proc.stderr}")

    print(f"\ncorpus: {corpus_path.name}, {len(texts)} documents, {n_words:,} words; "
          f"loaded in {load_s:.1f} s; framing found {n_hits:,} hits, naive "
          f"{naive_hits:,} on its share")
    print(f"\n{'measure':46} {'words/s':>12} {'seconds':>9}")
    for name, wps, secs in rows:
        print(f"{name:46} {wps:12,.0f} {secs:9.2f}")
    print(f"\nframing / floor speed:  {floor_s / framing_s:.2f}  (target >= 0.5)")
    if naive_docs:
        print(f"framing / naive speed:  {naive_s / framing_on_naive_s:.1f}x  (target >= 30x; "
              "on the same documents)")
    print(f"\n{'command line, files to counts CSV':46} {'seconds':>9} {'peak MB':>9}")
    print(f"{'framing score --jobs 2 (no cache yet)':46} {cli_s:9.2f} {cli_mb:9.0f}")
    print(f"{'framing score --jobs 2 (answered from cache)':46} {cached_s:9.2f} {cached_mb:9.0f}")
    print(f"{'framing score --no-cache (1 process)':46} {one_s:9.2f} {one_mb:9.0f}")
    if replicated:
        rep_s, rep_mb = replicated
        print(f"{f'... on the corpus x{args.replicate} (1 process)':46} {rep_s:9.2f} "
              f"{rep_mb:9.0f}")
        print(f"\npeak memory x{args.replicate} / x1: {rep_mb / one_mb:.2f}  (target <= 1.5)")
    if report_s is not None:
        print(f"\nframing report, 5 notebooks, empty cache: {report_s:.0f} s  (target <= 180 s)")
    print(f"benchmark's own peak RSS: "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
