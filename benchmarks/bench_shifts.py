"""Benchmark framing.shifts on SaudiNewsNet against baselines measured in the same run.

    python benchmarks/bench_shifts.py [CORPUS] [--rounds 3]

CORPUS defaults to ../shared/corpora/saudinewsnet (scored once with
framing.score_path; cached after the first run). Every outlet x dimension at
daily resolution, printed as one table:

* shifts, permutation penalty (defaults: 199 shuffles per series, 500
  resamples for the intervals): the full analysis (target <= 10 s);
* shifts, BIC penalty, same intervals;
* shifts, BIC penalty, no intervals: the dynamic programme and the tables;
* baseline: framing.aggregate by outlet and day with the same 500
  resamples, the daily share table with intervals the workbook charts;
* the dynamic programme alone on every series: the vectorised one of
  framing.shifts.segment against a plain-Python optimal partitioning (a
  loop over segment starts, costs summed in Python), on the same series;
* the programme on one long series (the corpus's documents spread over
  1,000 days; the longest outlet x dimension series), to show how it scales
  with the number of periods, and on its first 150 days against the
  plain-Python programme.

The measures take turns for ``--rounds`` rounds and the median of each is
printed, so that ratios compare times taken side by side (the machine's
speed drifts). Nothing here is a pass/fail test.
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

import framing
from framing.indicators import attach_metadata
from framing.shifts import segment, shifts

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared/corpora/saudinewsnet"


def naive_segment(series: list[list[float]], penalty: float, min_size: int) -> list[int]:
    """Optimal partitioning written plainly: every start of every segment, costs in Python."""
    n = len(series)

    def cost(start: int, end: int) -> float:
        sums = [sum(row[k] for row in series[start:end]) for k in range(len(series[0]))]
        total = sum(sums)
        return (total * math.log(total) if total else 0.0) - sum(
            c * math.log(c) for c in sums if c > 0)

    best = [math.inf] * (n + 1)
    best[0] = -penalty
    previous = [0] * (n + 1)
    for end in range(min_size, n + 1):
        for start in range(0, end - min_size + 1):
            if 0 < start < min_size:
                continue
            value = best[start] + cost(start, end) + penalty
            if value < best[end]:
                best[end], previous[end] = value, start
    breaks, end = [], n
    while end > 0:
        end = previous[end]
        if end > 0:
            breaks.append(end)
    return breaks[::-1]


def daily_series(table: pd.DataFrame, lexicon: framing.Lexicon) -> list[np.ndarray]:
    """Category counts per day (days with documents using the dimension) of every outlet x
    dimension with at least 4 such days."""
    out = []
    day = table["date"].dt.normalize()
    for dim in lexicon.dimensions:
        cats = [c.id for c in dim.categories]
        using = table[cats].sum(axis=1) > 0
        sums = table.loc[using, cats].groupby([table.loc[using, "outlet"], day[using]]).sum()
        for _, part in sums.groupby(level=0):
            if len(part) >= 4:
                out.append(part.to_numpy(dtype=float))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    path = Path(args.corpus)
    if not path.exists():
        raise SystemExit(f"No corpus at {path}.")
    t = time.perf_counter()
    counts = framing.score_path(path, progress=False).counts
    corpus = framing.load_corpus(path)[["doc_id", "outlet", "date"]]
    table = attach_metadata(counts, corpus)
    load_s = time.perf_counter() - t
    lexicon = framing.load_lexicon("default")
    series = daily_series(table, lexicon)
    plain = [s.tolist() for s in series]
    penalties = [s.shape[1] / 2 * math.log(max(s.sum(), 1.0)) for s in series]
    rng = np.random.default_rng(0)
    long_table = table.assign(date=pd.Timestamp("2010-01-01") + pd.to_timedelta(
        rng.integers(0, 1000, len(table)), unit="D"))
    long_series = max(daily_series(long_table, lexicon), key=len)
    short_long = long_series[:150]

    def run_shifts(**options):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # small outlets: listed in attrs
            return shifts(table, lexicon=lexicon, **options)

    measures = {
        "shifts, permutation penalty, intervals": lambda: run_shifts(),
        "shifts, BIC penalty, intervals": lambda: run_shifts(penalty="bic", n_perm=0),
        "shifts, BIC penalty, no intervals": lambda: run_shifts(penalty="bic", n_perm=0,
                                                                n_boot=0),
        "baseline: aggregate by outlet x day, 500 resamples": lambda: framing.aggregate(
            table, by="outlet", freq="D", n_boot=500, lexicon=lexicon, min_docs=1),
        "programme: framing.shifts.segment, every series": lambda: [
            segment(s, penalty=p, min_size=2) for s, p in zip(series, penalties, strict=True)],
        "programme: plain-Python partitioning, every series": lambda: [
            naive_segment(s, p, 2) for s, p in zip(plain, penalties, strict=True)],
        f"programme: segment, one series of {len(long_series)} days": lambda: segment(
            long_series, penalty=long_series.shape[1] / 2 * math.log(long_series.sum()),
            min_size=2),
        "programme: segment, its first 150 days": lambda: segment(
            short_long, penalty=10.0, min_size=2),
        "programme: plain-Python, its first 150 days": lambda: naive_segment(
            short_long.tolist(), 10.0, 2),
    }
    times: dict[str, list[float]] = {name: [] for name in measures}
    results = {}
    for _ in range(args.rounds):
        for name, measure in measures.items():
            t = time.perf_counter()
            results[name] = measure()
            times[name].append(time.perf_counter() - t)
    median = {name: statistics.median(values) for name, values in times.items()}
    same = all(a == b for a, b in zip(results["programme: framing.shifts.segment, every series"],
                                      results["programme: plain-Python partitioning, every "
                                              "series"], strict=True))
    full = results["shifts, permutation penalty, intervals"]
    n_series = len(full.attrs["series"])
    n_segmented = sum(s["status"] == "segmented" for s in full.attrs["series"])

    print(f"\ncorpus: {path.name}, {len(table)} documents, {table['outlet'].nunique()} outlets, "
          f"{len(lexicon.dimensions)} dimensions: {n_series} series ({n_segmented} long enough "
          f"to segment), {table['date'].dt.normalize().nunique()} days with articles; scored "
          f"and loaded in {load_s:.1f} s; {args.rounds} rounds, medians")
    print(f"\n{'measure':56} {'seconds':>9}")
    for name in measures:
        print(f"{name:56} {median[name]:9.3f}")
    baseline = median["baseline: aggregate by outlet x day, 500 resamples"]
    full_s = median["shifts, permutation penalty, intervals"]
    vectorised = median["programme: framing.shifts.segment, every series"]
    written_plainly = median["programme: plain-Python partitioning, every series"]
    print(f"\nshifts (permutation, intervals): {full_s:.2f} s  (target <= 10 s)")
    print(f"shifts (permutation, intervals) / aggregate: {full_s / baseline:.2f}")
    print(f"shifts (BIC, intervals) / aggregate: "
          f"{median['shifts, BIC penalty, intervals'] / baseline:.2f}")
    fast_150 = "programme: segment, its first 150 days"
    plain_150 = "programme: plain-Python, its first 150 days"
    print(f"plain-Python / vectorised programme: {written_plainly / vectorised:.1f}x on the "
          f"corpus's short series (same changepoints on every series: {same}); "
          f"{median[plain_150] / median[fast_150]:.0f}x on 150 days (same changepoints: "
          f"{results[fast_150] == results[plain_150]})")
    found = full.drop_duplicates(["outlet", "dimension", "changepoint"])
    print(f"changepoints found (permutation penalty, alpha 0.05): {len(found)} in "
          f"{found.groupby(['outlet', 'dimension']).ngroups} series")


if __name__ == "__main__":
    main()
