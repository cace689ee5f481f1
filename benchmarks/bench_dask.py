r"""Benchmark the Dask engine against ``framing score --jobs 2``, in one run.

    python benchmarks/bench_dask.py [CORPUS] [--replicate 10] [--terms 127000] [--workers 2]

CORPUS defaults to ../shared/corpora/saudinewsnet (SaudiNewsNet: 31,030
articles in 18 daily archives). Three cases, each scored end to end by the
command line in a fresh process, from the corpus files to the counts CSV,
without the cache:

* SaudiNewsNet as it is (18 ``.zip`` archives: 18 Dask parts);
* SaudiNewsNet replicated ``--replicate`` times with distinct ids, as a
  folder of Parquet files, one per archive and copy (built in a temporary
  folder, removed afterwards);
* SaudiNewsNet with a synthetic LIWC dictionary of ``--terms`` words (each
  under one of 64 categories; 2,000 of them words of the corpus, the others
  letter strings that occur nowhere), the case where shipping the lexicon
  to every task used to cost most.

Each case runs ``framing score --jobs N --no-cache`` (the local engine with N
processes) and ``framing score --engine dask --jobs N`` (a LocalCluster of N
worker processes on this machine, started by the command), checks that the
two counts files are byte-identical, and prints one table: wall seconds, CPU
seconds of the command and every process it waited for, and the ratio of
Dask's wall time to the local engine's.

The load average is printed before and after: on a shared machine the wall
times follow the other work running, so compare ratios within one run.
Nothing here is a pass/fail test.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared/corpora/saudinewsnet"
FRAMING = [sys.executable, "-m", "framing.cli"]
ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def run(args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (the command and the processes it waited for) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run([*FRAMING, *args], text=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"framing {' '.join(args)} failed:\n{proc.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def replicate(corpus: Path, copies: int, folder: Path) -> int:
    """The corpus ``copies`` times as Parquet files (one per archive and copy); documents."""
    import framing

    table = framing.load_corpus(corpus)
    day = table["doc_id"].str.slice(0, 10)
    total = 0
    for copy in range(copies):
        for name, group in table.groupby(day, sort=True):
            part = group.assign(doc_id="r" + str(copy) + "-" + group["doc_id"])
            part.to_parquet(folder / f"{copy:02d}-{name}.parquet", index=False)
            total += len(part)
    return total


def big_dictionary(corpus: Path, terms: int, path: Path, seed: int = 0) -> None:
    """A LIWC ``.dic`` of ``terms`` words, each under one of 64 categories."""
    import framing

    rng = random.Random(seed)
    texts = framing.load_corpus(corpus)["text"].head(3000)
    counts: dict[str, int] = {}
    for text in texts:
        for word in text.split():
            if len(word) >= 5 and word.isalpha():
                counts[word] = counts.get(word, 0) + 1
    # corpus words of middling frequency: hits, but not on every line
    real = [w for w, n in sorted(counts.items(), key=lambda kv: -kv[1]) if 3 <= n <= 50][:2000]
    words = dict.fromkeys(real)
    while len(words) < terms:
        words[''.join(rng.choice(ARABIC_LETTERS) for _ in range(rng.randint(5, 9)))] = None
    lines = ["%", *(f"{k}\tcategory{k}" for k in range(1, 65)), "%"]
    lines += [f"{word}\t{k % 64 + 1}" for k, word in enumerate(words)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--replicate", type=int, default=10)
    parser.add_argument("--terms", type=int, default=127_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cases", default="corpus,replicated,lexicon",
                        help="comma list of the cases to run")
    args = parser.parse_args()
    corpus = Path(args.corpus)
    if not any(corpus.glob("*.zip")):
        raise SystemExit(f"no SaudiNewsNet archives in {corpus}")
    jobs = str(args.workers)
    work = Path(tempfile.mkdtemp(prefix="bench-dask-"))
    cases = args.cases.split(",")
    rows = []
    print(f"load average before: {os.getloadavg()[0]:.2f}; {os.cpu_count()} cores",
          flush=True)
    try:
        plan: list[tuple[str, str, list[str]]] = []
        if "corpus" in cases:
            zips = len(list(corpus.glob("*.zip")))
            plan.append((f"SaudiNewsNet ({zips} zips)", str(corpus), []))
        if "replicated" in cases:
            folder = work / "replicated"
            folder.mkdir()
            n = replicate(corpus, args.replicate, folder)
            plan.append((f"×{args.replicate} as Parquet files ({n:,} docs)", str(folder), []))
        if "lexicon" in cases:
            dic = work / "big.dic"
            big_dictionary(corpus, args.terms, dic)
            plan.append((f"{args.terms:,}-term LIWC lexicon", str(corpus),
                         ["--lexicon", str(dic)]))
        for label, path, extra in plan:
            local_out, dask_out = work / "local.csv", work / "dask.csv"
            local = run(["score", path, "--out", str(local_out), "--jobs", jobs,
                         "--no-cache", "--no-progress", "--overwrite", *extra])
            dask = run(["score", path, "--out", str(dask_out), "--engine", "dask",
                        "--jobs", jobs, "--no-progress", "--overwrite", *extra])
            equal = local_out.read_bytes() == dask_out.read_bytes()
            rows.append((label, local, dask, equal))
            print(f"  {label}: local {local[0]:.1f} s, dask {dask[0]:.1f} s, "
                  f"equal {equal}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print()
    header = (f"| case | `score --jobs {jobs}` wall s (CPU s) | `--engine dask` "
              f"{jobs} workers wall s (CPU s) | dask / local | same counts |")
    print(header)
    print("|---|---:|---:|---:|:---:|")
    for label, (lw, lc), (dw, dc), equal in rows:
        print(f"| {label} | {lw:.1f} ({lc:.1f}) | {dw:.1f} ({dc:.1f}) | {dw / lw:.2f}× | "
              f"{'yes' if equal else 'NO'} |")


if __name__ == "__main__":
    main()
