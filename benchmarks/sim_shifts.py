"""Simulation study of framing.shifts on series resampled from SaudiNewsNet.

    python benchmarks/sim_shifts.py [CORPUS] [--reps 100] [--days 30] [--seed 1]

CORPUS defaults to ../shared/corpora/saudinewsnet. Each simulated series is
one outlet over ``--days`` days, built from real scored articles:

* the dimension and the two outlets A, B are those whose label profiles
  differ most (total variation distance of pooled shares, outlets with at
  least 200 articles using the dimension), unless given;
* a change date is drawn uniformly from the middle of the series; before it
  every article is drawn (with replacement) from A's articles that use the
  dimension, after it from B's with probability lam and from A's otherwise;
  lam is solved so that the expected shares move by the nominal size (TVD,
  in points);
* ``docs/day`` counts articles that use the dimension (the articles the
  model sees; on SaudiNewsNet about one article in six uses a given one);
* the null series is the same series with its articles' dates shuffled.

Each series is segmented by framing.shifts with its defaults (permutation
penalty, alpha 0.05). Reported per size x docs/day: detection (a changepoint
within +-2 days of the planted date), mean absolute date error of those
found, coverage of the planted date by the date interval of the changepoint
found nearest to it, and the share of null series with any changepoint
(false alarms). Nothing here is a pass/fail test.
"""

from __future__ import annotations

import argparse
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

import framing
from framing.indicators import attach_metadata
from framing.shifts import shifts

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared/corpora/saudinewsnet"
SIZES = (5, 10, 15, 25)
DOCS_PER_DAY = (5, 10, 20, 40)


def scored_corpus(path: Path) -> pd.DataFrame:
    """Counts of the corpus (cached after the first run) with outlet and date."""
    counts = framing.score_path(path, progress=False).counts
    corpus = framing.load_corpus(path)[["doc_id", "outlet", "date"]]
    return attach_metadata(counts, corpus)


def profile_pair(counts: pd.DataFrame, lexicon: framing.Lexicon, dimension: str | None
                 ) -> tuple[str, list[str], str, str, float]:
    """The dimension and the two outlets whose pooled shares differ most (TVD, points)."""
    best = None
    for dim in lexicon.dimensions:
        if dimension is not None and dim.id != dimension:
            continue
        cats = [c.id for c in lexicon.categories if c.dimension == dim.id]
        using = counts[counts[cats].sum(axis=1) > 0]
        sizes = using["outlet"].value_counts()
        outlets = sorted(sizes[sizes >= 200].index)
        hits = using.groupby("outlet")[cats].sum().loc[outlets]
        shares = hits.div(hits.sum(axis=1), axis=0).to_numpy()
        for i in range(len(outlets)):
            for j in range(i + 1, len(outlets)):
                tvd = 50 * np.abs(shares[i] - shares[j]).sum()
                if best is None or tvd > best[-1]:
                    best = (dim.id, cats, outlets[i], outlets[j], tvd)
    if best is None:
        raise SystemExit("No dimension has two outlets with 200 articles using it.")
    return best


def mixing_share(mean_a: np.ndarray, mean_b: np.ndarray, size: float) -> float:
    """The share lam of B's articles after the change that moves expected shares by ``size``
    points (TVD), found by bisection (the shares are ratios of expected hits)."""
    base = mean_a / mean_a.sum()

    def moved(lam: float) -> float:
        mix = (1 - lam) * mean_a + lam * mean_b
        return 50 * np.abs(mix / mix.sum() - base).sum()

    if moved(1.0) < size:
        raise SystemExit(f"The two profiles differ by {moved(1.0):.1f} points, less than the "
                         f"planted size {size}.")
    low, high = 0.0, 1.0
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if moved(middle) < size else (low, middle)
    return (low + high) / 2


def simulate(table_a: pd.DataFrame, table_b: pd.DataFrame, lam: float, per_day: int,
             days: int, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.Timestamp]:
    """One planted series and its change date."""
    start = pd.Timestamp("2020-01-01")
    change = int(rng.integers(days // 4, days - days // 4 + 1))
    day = np.repeat(np.arange(days), per_day)
    from_b = (day >= change) & (rng.random(len(day)) < lam)
    rows_a = table_a.iloc[rng.integers(0, len(table_a), len(day))].reset_index(drop=True)
    rows_b = table_b.iloc[rng.integers(0, len(table_b), len(day))].reset_index(drop=True)
    rows = rows_a.copy()
    rows.loc[from_b] = rows_b.loc[from_b]
    rows = rows.assign(doc_id=[f"s{k}" for k in range(len(day))], outlet="sim",
                       date=start + pd.to_timedelta(day, unit="D"))
    return rows, start + pd.Timedelta(days=change)


def evaluate(series: pd.DataFrame, dimension: str, planted: pd.Timestamp | None,
             seed: int, lexicon: framing.Lexicon) -> dict[str, float]:
    """Changepoints of one series: found near ``planted``, date error, coverage."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        found = shifts(series, dimension=dimension, min_docs=1, seed=seed, n_boot=200,
                       lexicon=lexicon)
    points = found.drop_duplicates("changepoint")
    if planted is None:
        return {"alarm": float(len(points) > 0)}
    if not len(points):
        return {"found": 0.0, "error": np.nan, "covered": np.nan}
    distance = (points["date"] - planted).dt.days.abs()
    nearest = points.iloc[int(np.argmin(distance.to_numpy()))]
    hit = float(distance.min() <= 2)
    covered = float(nearest["date_low"] <= planted <= nearest["date_high"]) if hit else np.nan
    return {"found": hit, "error": float(distance.min()) if hit else np.nan,
            "covered": covered}


def study(counts: pd.DataFrame, lexicon: framing.Lexicon, dimension: str | None,
          args: argparse.Namespace) -> None:
    """Run the grid of sizes x docs/day for one dimension and print its table."""
    dimension, cats, outlet_a, outlet_b, distance = profile_pair(counts, lexicon, dimension)
    using = counts[counts[cats].sum(axis=1) > 0]
    table_a = using[using["outlet"] == outlet_a].reset_index(drop=True)
    table_b = using[using["outlet"] == outlet_b].reset_index(drop=True)
    mean_a = table_a[cats].to_numpy(float).mean(axis=0)
    mean_b = table_b[cats].to_numpy(float).mean(axis=0)
    print(f"dimension {dimension} ({len(cats)} labels); A = {outlet_a} ({len(table_a)} "
          f"articles), B = {outlet_b} ({len(table_b)}); profiles differ by {distance:.1f} "
          f"points (TVD); {args.days} days, {args.reps} series per cell")
    rng = np.random.default_rng(args.seed)
    lines = []
    n_alarms = n_null = 0
    t0 = time.perf_counter()
    for size in SIZES:
        lam = mixing_share(mean_a, mean_b, size)
        for per_day in DOCS_PER_DAY:
            planted_rows, null_rows = [], []
            for rep in range(args.reps):
                series, planted = simulate(table_a, table_b, lam, per_day, args.days, rng)
                planted_rows.append(evaluate(series, dimension, planted, rep, lexicon))
                shuffled = series.assign(date=rng.permutation(series["date"].to_numpy()))
                null_rows.append(evaluate(shuffled, dimension, None, rep, lexicon))
            found = pd.DataFrame(planted_rows)
            alarms = pd.DataFrame(null_rows)["alarm"]
            n_alarms, n_null = n_alarms + int(alarms.sum()), n_null + len(alarms)
            lines.append({"size (pts)": size, "B share": round(lam, 3), "docs/day": per_day,
                          "detected": found["found"].mean(),
                          "date error (days)": found["error"].mean(),
                          "coverage": found["covered"].mean(),
                          "false alarms": alarms.mean()})
    table = pd.DataFrame(lines)
    print(f"({time.perf_counter() - t0:.0f} s)\n")
    print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    strong = table[(table["size (pts)"] >= 15) & (table["docs/day"] >= 20)]
    print(f"\nchanges >= 15 points with >= 20 docs/day found within +-2 days: "
          f"{strong['detected'].mean():.3f} (target >= 0.90)")
    print(f"coverage of the planted date by the interval of the change found: "
          f"{table['coverage'].mean():.3f} over all cells, {strong['coverage'].mean():.3f} "
          "on those (target >= 0.90)")
    print(f"null series with a false alarm: {n_alarms} of {n_null} = {n_alarms / n_null:.3f} "
          "(target <= 0.05)\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--reps", type=int, default=100, help="series per cell")
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--dimension", action="append", default=None,
                        help="dimension to study (repeatable); default: the one whose two "
                             "outlets differ most")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    path = Path(args.corpus)
    if not path.exists():
        raise SystemExit(f"No corpus at {path}.")
    counts = scored_corpus(path)
    lexicon = framing.load_lexicon("default")
    for dimension in args.dimension or [None]:
        study(counts, lexicon, dimension, args)


if __name__ == "__main__":
    main()
