"""Simulation study of framing.shifts on series resampled from SaudiNewsNet.

    python benchmarks/sim_shifts.py [CORPUS] [--reps 100] [--days 30] [--seed 1]
                                    [--size-measure tvd|label] [--cells all|target]
    python benchmarks/sim_shifts.py --ablation [--reps 50]

CORPUS defaults to ../shared/corpora/saudinewsnet. Each simulated series is
one outlet over ``--days`` days, built from real scored articles:

* the dimension and the two outlets A, B are those whose label profiles
  differ most (total variation distance of pooled shares, outlets with at
  least 200 articles using the dimension), unless given;
* a change date is drawn uniformly from the middle of the series; before it
  every article is drawn (with replacement) from A's articles that use the
  dimension, after it from B's with probability lam and from A's otherwise;
  lam is solved so that the expected shares move by the nominal size, in
  points: by default the total variation distance (TVD, the points gained by
  all labels together); with ``--size-measure label`` the largest change of
  one label's share (the points of a chart of shares and of the ``change``
  column). On two labels the two are the same; on more, a change of 15
  points of one label is a TVD of 15 or more;
* ``docs/day`` counts articles that use the dimension (the articles the
  model sees; on SaudiNewsNet about one article in six uses a given one);
* the null series is the same series with its articles' dates shuffled.

Each series is segmented by framing.shifts with its defaults (permutation
penalty, alpha 0.05). Reported per size x docs/day: detection (a changepoint
within +-2 days of the planted date), any change (a changepoint anywhere:
the test's power, a ceiling on detection), best split +-2 (the
maximum-likelihood single split, with no penalty and no test, within +-2
days), dated split +-2 (the same with the date framing.shifts gives a
change: the centre of the window of most quasi-posterior mass, see its
docstring), mean absolute date error of those found within +-2 days, mean
signed error of the changepoint found nearest the planted date (positive:
late), coverage of the planted date by the date interval of that
changepoint (when within +-2 days), and the share of null series with any
changepoint (false alarms; the total over all cells with its 95%
Clopper-Pearson interval). Nothing here is a pass/fail test.

Measured (30 days, 100 series per cell, seed 1), over the four cells of the
target (15 and 25 points x 20 and 40 articles a day; false alarms over all
1,600 null series of each dimension):

==================  ========  ==========  ========  ========  ========  ============
dimension           detected  any change  best      dated     coverage  false alarms
                                          split     split
==================  ========  ==========  ========  ========  ========  ============
armed_group_label   0.860     0.915       0.887     0.915     0.987     0.055
death_frame         0.912     0.972       0.917     0.925     0.995     0.051
armed, 60 days *    0.905     1.000       0.885     0.905     0.994     0.059
==================  ========  ==========  ========  ========  ========  ============

(* ``--days 60 --reps 50``, seed 1; false alarms 47 of 800, 0.043 to
0.077.) False alarms: 88 and 81 of 1,600, 95% intervals 0.044 to 0.067 and
0.040 to 0.063. Detected per cell, seven
labels: 15 points 0.55 at 20/day, 0.94 at 40/day; 25 points 0.96, 0.99 (when
framing.shifts dated a change at the likelihood's maximum: 0.51, 0.88; 0.94,
1.00, mean 0.833); two labels: 0.74, 0.96; 0.95, 1.00 (was 0.905). The mean
signed error of the changes found in the seven-label target cells is +0.15
days (+0.71 in the cell of 15 points at 20/day). On seven labels the target
is missed by power as much as by dating: at 15 points and 20 articles a day a
change is found at all in 69% of series.

Measured with the size as the largest change of one label's share
(``--size-measure label``, same seed; on this pair of outlets a change of
15 such points is a TVD of about 22, and 25 points almost the whole switch
to B, lam 0.98): seven labels detected 0.89 at 15 points and 20/day, 0.99
at 40/day; 0.98, 1.00 at 25 points; 0.965 over the four cells (any change
0.990), coverage 1.000, false alarms 87 of 1,600 (0.054, 0.044 to 0.067).
Over all sixteen cells (detected): 5 points 0.03, 0.03, 0.10, 0.34 at 5,
10, 20, 40 a day; 10 points 0.07, 0.19, 0.50, 0.89; 15 points 0.21, 0.54,
0.89, 0.99; 25 points 0.61, 0.96, 0.98, 1.00.

``--ablation`` runs candidate statistics on the same series of the target
cells, each calibrated on the same shuffles and each changepoint dated at
the likelihood's maximum (it compares tests, not dates): pooled rare labels,
the largest one-vs-rest binomial statistic, articles down-weighted by their
length, at most one change, ``min_size=3``, and an oracle that groups the
labels into the two the change moves. Measured on armed_group_label, 50
series per cell, mean detection over the four cells (false alarms):
multinomial on hits, as in framing.shifts, 0.825 (0.050); rare labels pooled
below 5 hits a day 0.820 (0.060), below 10 0.730 (0.050); max one-vs-rest
0.820 (0.050); articles weighted, rho 0.05 0.800 (0.020), rho 0.15 0.720
(0.035), one unit each 0.365 (0.035); single change 0.830 (0.055); min_size 3
0.830 (0.060); oracle groups 0.835 (0.045). None is worth the change: see
framing.shifts' docstring. Two more oracles bound what any test can do on
these series: told the planted date (no search), the likelihood ratio of
that one split finds the change in 0.88 of the series of 15 points at 20 a
day and 1.00 in the other three cells (mean 0.970, false alarms 0.025);
told the date and which labels move, 0.98 and 1.00 (0.995, 0.030). Searching
for the date, which a method that finds changes cannot skip, is what costs:
0.50 in that cell with the search, 0.88 without.
"""

from __future__ import annotations

import argparse
import math
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import binomtest

import framing
from framing.indicators import attach_metadata
from framing.shifts import (
    MAX_CHANGEPOINTS,
    _dispersion,
    _no_change_statistics,
    _permutation_statistics,
    _segment_cost,
    date_change,
    segment,
    segmentation_loglik,
    shifts,
)

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared/corpora/saudinewsnet"
SIZES = (5, 10, 15, 25)
DOCS_PER_DAY = (5, 10, 20, 40)
# the cells of the detection target (>= 15 points, >= 20 articles a day)
TARGET_CELLS = ((15, 20), (15, 40), (25, 20), (25, 40))
#: What the size of a planted change measures (--size-measure).
MEASURES = {"tvd": "the total variation distance of the expected shares",
            "label": "the largest change of one label's expected share"}
ALPHA, N_PERM = 0.05, 199


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


def change_size(before: np.ndarray, after: np.ndarray, measure: str = "tvd") -> float:
    """Size in points of a change of expected shares: "tvd", the total variation distance
    (the sum of the shares gained), or "label", the largest change of one label's share
    (the points of a chart of shares; the two agree on two labels, and on more the TVD is
    at least as large)."""
    moved = 100 * (after / after.sum() - before / before.sum())
    return float(np.abs(moved).sum() / 2 if measure == "tvd" else np.abs(moved).max())


def mixing_share(mean_a: np.ndarray, mean_b: np.ndarray, size: float,
                 measure: str = "tvd") -> float:
    """The share lam of B's articles after the change that moves expected shares by ``size``
    points (``measure``: see change_size), found by bisection (the shares are ratios of
    expected hits)."""

    def moved(lam: float) -> float:
        return change_size(mean_a, (1 - lam) * mean_a + lam * mean_b, measure)

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


def best_split(series: pd.DataFrame, categories: list[str], min_size: int = 2
               ) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Dates of a single change in a series, with no penalty and no test (where a
    changepoint would be put if the series were known to have exactly one): the
    maximum-likelihood split, and the date framing.shifts gives it (the centre of the
    window of most quasi-posterior mass, dispersion estimated about the best split)."""
    daily = series.groupby(series["date"].dt.normalize())[categories].sum()
    counts = daily.to_numpy(dtype=float)
    splits = range(min_size, len(counts) - min_size + 1)
    best = max(splits, key=lambda s: segmentation_loglik(counts, [s]))
    dated = date_change(counts, min_size=min_size, dispersion=_dispersion(counts, [best]))
    return daily.index[best], daily.index[dated]


def evaluate(series: pd.DataFrame, dimension: str, planted: pd.Timestamp | None,
             seed: int, lexicon: framing.Lexicon) -> dict[str, float]:
    """Changepoints of one series: found near ``planted``, found at all, date error,
    coverage, and whether the best single split lies near ``planted``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        found = shifts(series, dimension=dimension, min_docs=1, seed=seed, n_boot=200,
                       lexicon=lexicon)
    points = found.drop_duplicates("changepoint")
    if planted is None:
        return {"alarm": float(len(points) > 0)}
    categories = [c.id for c in lexicon.categories if c.dimension == dimension]
    split, dated = best_split(series, categories)
    split_near = float(abs((split - planted).days) <= 2)
    dated_near = float(abs((dated - planted).days) <= 2)
    if not len(points):
        return {"found": 0.0, "any": 0.0, "split_near": split_near, "dated_near": dated_near,
                "error": np.nan, "signed": np.nan, "covered": np.nan}
    distance = (points["date"] - planted).dt.days.abs()
    nearest = points.iloc[int(np.argmin(distance.to_numpy()))]
    hit = float(distance.min() <= 2)
    covered = float(nearest["date_low"] <= planted <= nearest["date_high"]) if hit else np.nan
    return {"found": hit, "any": 1.0, "split_near": split_near, "dated_near": dated_near,
            "error": float(distance.min()) if hit else np.nan,
            "signed": float((nearest["date"] - planted).days), "covered": covered}


def outlet_tables(counts: pd.DataFrame, cats: list[str], outlet_a: str, outlet_b: str
                  ) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray, np.ndarray]:
    """The two outlets' articles that use the dimension, and their mean label counts."""
    using = counts[counts[cats].sum(axis=1) > 0]
    table_a = using[using["outlet"] == outlet_a].reset_index(drop=True)
    table_b = using[using["outlet"] == outlet_b].reset_index(drop=True)
    return (table_a, table_b, table_a[cats].to_numpy(float).mean(axis=0),
            table_b[cats].to_numpy(float).mean(axis=0))


def study(counts: pd.DataFrame, lexicon: framing.Lexicon, dimension: str | None,
          args: argparse.Namespace) -> None:
    """Run the grid of sizes x docs/day for one dimension and print its table."""
    dimension, cats, outlet_a, outlet_b, distance = profile_pair(counts, lexicon, dimension)
    table_a, table_b, mean_a, mean_b = outlet_tables(counts, cats, outlet_a, outlet_b)
    print(f"dimension {dimension} ({len(cats)} labels); A = {outlet_a} ({len(table_a)} "
          f"articles), B = {outlet_b} ({len(table_b)}); profiles differ by {distance:.1f} "
          f"points (TVD), {change_size(mean_a, mean_b, 'label'):.1f} on the label that moves "
          f"most; size measured as {MEASURES[args.size_measure]}; {args.days} days, "
          f"{args.reps} series per cell")
    rng = np.random.default_rng(args.seed)
    lines = []
    n_alarms = n_null = 0
    t0 = time.perf_counter()
    for size in SIZES:
        lam = mixing_share(mean_a, mean_b, size, args.size_measure)
        for per_day in DOCS_PER_DAY:
            if args.cells == "target" and (size, per_day) not in TARGET_CELLS:
                continue
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
                          "any change": found["any"].mean(),
                          "best split +-2": found["split_near"].mean(),
                          "dated split +-2": found["dated_near"].mean(),
                          "date error (days)": found["error"].mean(),
                          "signed error": found["signed"].mean(),
                          "coverage": found["covered"].mean(),
                          "false alarms": alarms.mean()})
    table = pd.DataFrame(lines)
    print(f"({time.perf_counter() - t0:.0f} s)\n")
    print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    strong = table[(table["size (pts)"] >= 15) & (table["docs/day"] >= 20)]
    print(f"\nchanges >= 15 points with >= 20 docs/day found within +-2 days: "
          f"{strong['detected'].mean():.3f} (target >= 0.90); a change found at any date: "
          f"{strong['any change'].mean():.3f}; the best single split within +-2 days: "
          f"{strong['best split +-2'].mean():.3f} (dated as framing.shifts does: "
          f"{strong['dated split +-2'].mean():.3f})")
    print(f"coverage of the planted date by the interval of the change found: "
          f"{table['coverage'].mean():.3f} over all cells, {strong['coverage'].mean():.3f} "
          "on those (target >= 0.90)")
    low, high = binomtest(n_alarms, n_null).proportion_ci(0.95)
    print(f"null series with a false alarm: {n_alarms} of {n_null} = {n_alarms / n_null:.3f}, "
          f"95% interval {low:.3f} to {high:.3f} (target <= 0.05)\n")


# --- candidate statistics (--ablation) ------------------------------------------------------
# Each takes the articles' label counts (rows, in day order; ``starts``: first row of each
# day) and returns the changepoints (first day of each new segment) found with a penalty
# calibrated by shuffling articles among days at ALPHA, as framing.shifts does.

def _threshold(null: np.ndarray) -> float:
    return float(np.sort(null)[math.ceil((1 - ALPHA) * (N_PERM + 1)) - 1])


def calibrated(rows: np.ndarray, starts: np.ndarray, rng: np.random.Generator,
               min_size: int = 2) -> list[int]:
    """Multinomial segmentation of ``rows`` (any per-article counts) at the permutation
    penalty: the statistic of framing.shifts on whatever the rows hold."""
    series = np.add.reduceat(rows, starts, axis=0)
    beta = _threshold(_permutation_statistics(rows, starts, N_PERM, min_size, rng))
    return segment(series, penalty=beta, min_size=min_size)


def pooled(rows: np.ndarray, floor: float, n_days: int) -> np.ndarray:
    """Labels with fewer than ``floor`` hits per day (over the series) summed into one
    "other" label (the pooling depends only on the series' totals, which the shuffles keep,
    so the calibration stays exact)."""
    rare = rows.sum(axis=0) / n_days < floor
    if rare.sum() < 2 or rare.all():
        return rows
    return np.hstack([rows[:, ~rare], rows[:, rare].sum(axis=1, keepdims=True)])


def max_one_vs_rest(rows: np.ndarray, starts: np.ndarray, rng: np.random.Generator
                    ) -> list[int]:
    """Largest of the labels' binomial (label vs the rest) no-change statistics, calibrated
    on the same shuffles; segments the binomial series of the label that reaches it."""
    def binary(counts: np.ndarray, k: int) -> np.ndarray:
        return np.stack([counts[..., k], counts.sum(axis=-1) - counts[..., k]], axis=-1)

    series = np.add.reduceat(rows, starts, axis=0)
    n_labels = rows.shape[1]
    observed = [_no_change_statistics(binary(series, k)[None], 2, MAX_CHANGEPOINTS)[0]
                for k in range(n_labels)]
    picks = rng.permuted(np.tile(np.arange(len(rows)), (N_PERM, 1)), axis=1)
    shuffled = np.add.reduceat(rows[picks], starts, axis=1)
    null = np.max([_no_change_statistics(binary(shuffled, k), 2, MAX_CHANGEPOINTS)
                   for k in range(n_labels)], axis=0)
    beta, k = _threshold(null), int(np.argmax(observed))
    return segment(binary(series, k), penalty=beta, min_size=2) if observed[k] > beta else []


def single_change(rows: np.ndarray, starts: np.ndarray, rng: np.random.Generator
                  ) -> list[int]:
    """At most one change: the likelihood ratio of the best single split, calibrated on the
    shuffles; the changepoint is that split."""
    series = np.add.reduceat(rows, starts, axis=0)
    picks = rng.permuted(np.tile(np.arange(len(rows)), (N_PERM, 1)), axis=1)
    null = _no_change_statistics(np.add.reduceat(rows[picks], starts, axis=1), 2, 1)
    if _no_change_statistics(series[None], 2, 1)[0] <= _threshold(null):
        return []
    splits = range(2, len(series) - 1)
    return [max(splits, key=lambda s: segmentation_loglik(series, [s]))]


def known_date(rows: np.ndarray, starts: np.ndarray, rng: np.random.Generator) -> list[int]:
    """The likelihood ratio of the one split at the planted date (``KNOWN["change"]``, set
    by ablation), calibrated on the shuffles: the power of a test that need not search for the
    date, a bound on what any test that searches can find. The change found is that date."""
    change = KNOWN["change"]
    series = np.add.reduceat(rows, starts, axis=0)
    picks = rng.permuted(np.tile(np.arange(len(rows)), (N_PERM, 1)), axis=1)
    shuffled = np.add.reduceat(rows[picks], starts, axis=1)

    def ratio(counts: np.ndarray) -> np.ndarray:
        before, after = counts[..., :change, :].sum(axis=-2), counts[..., change:, :].sum(axis=-2)
        return _segment_cost(before + after) - _segment_cost(before) - _segment_cost(after)

    return [change] if ratio(series) > _threshold(ratio(shuffled)) else []


# the planted day of the series ablation is testing (read by known_date)
KNOWN: dict[str, int] = {}


def candidates(mean_a: np.ndarray, mean_b: np.ndarray) -> dict[str, Any]:
    """The statistics compared by --ablation, by name."""
    up = mean_b / mean_b.sum() > mean_a / mean_a.sum()

    def two_groups(rows: np.ndarray) -> np.ndarray:
        return np.stack([rows[:, up].sum(axis=1), rows[:, ~up].sum(axis=1)], axis=1)

    def per_article(rows: np.ndarray, rho: float) -> np.ndarray:
        hits = rows.sum(axis=1, keepdims=True)
        return rows / (1 + (hits - 1) * rho)

    return {
        "multinomial on hits (framing.shifts)": lambda r, s, g: calibrated(r, s, g),
        "rare labels pooled (< 5 hits/day)": lambda r, s, g: calibrated(
            pooled(r, 5, len(s)), s, g),
        "rare labels pooled (< 10 hits/day)": lambda r, s, g: calibrated(
            pooled(r, 10, len(s)), s, g),
        "max over labels, one vs rest": max_one_vs_rest,
        "articles weighted, rho 0.05": lambda r, s, g: calibrated(per_article(r, 0.05), s, g),
        "articles weighted, rho 0.15": lambda r, s, g: calibrated(per_article(r, 0.15), s, g),
        "article shares (rho 1)": lambda r, s, g: calibrated(per_article(r, 1.0), s, g),
        "single change only": single_change,
        "min_size 3": lambda r, s, g: calibrated(r, s, g, min_size=3),
        "two groups that move (oracle)": lambda r, s, g: calibrated(two_groups(r), s, g),
        "date known (oracle)": lambda r, s, g: known_date(r, s, g),
        "date and groups known (oracle)": lambda r, s, g: known_date(two_groups(r), s, g),
    }


def ablation(counts: pd.DataFrame, lexicon: framing.Lexicon, dimension: str | None,
             args: argparse.Namespace) -> None:
    """Detection and false alarms of each candidate statistic on the target cells, every
    candidate on the same series and the same null series."""
    dimension, cats, outlet_a, outlet_b, _ = profile_pair(counts, lexicon, dimension)
    table_a, table_b, mean_a, mean_b = outlet_tables(counts, cats, outlet_a, outlet_b)
    rules = candidates(mean_a, mean_b)
    rng = np.random.default_rng(args.seed)
    lines = []
    t0 = time.perf_counter()
    for size, per_day in TARGET_CELLS:
        lam = mixing_share(mean_a, mean_b, size, args.size_measure)
        starts = np.arange(0, args.days * per_day, per_day)
        tally = {name: [0, 0, 0] for name in rules}  # within +-2 days, any, null alarms
        for rep in range(args.reps):
            series, planted = simulate(table_a, table_b, lam, per_day, args.days, rng)
            change = (planted - series["date"].min()).days
            KNOWN["change"] = change
            rows = series.sort_values("date", kind="stable")[cats].to_numpy(float)
            null_rows = rows[rng.permutation(len(rows))]
            for name, rule in rules.items():
                breaks = rule(rows, starts, np.random.default_rng([args.seed, rep, 1]))
                tally[name][0] += any(abs(b - change) <= 2 for b in breaks)
                tally[name][1] += bool(breaks)
                tally[name][2] += bool(rule(null_rows, starts,
                                            np.random.default_rng([args.seed, rep, 2])))
        for name, (near, found, alarms) in tally.items():
            lines.append({"statistic": name, "cell": f"{size} pts, {per_day}/day",
                          "detected": near / args.reps, "any change": found / args.reps,
                          "false alarms": alarms / args.reps})
    table = pd.DataFrame(lines)
    print(f"dimension {dimension} ({len(cats)} labels), A = {outlet_a}, B = {outlet_b}; "
          f"{args.days} days, {args.reps} series per cell ({time.perf_counter() - t0:.0f} s)")
    wide = table.pivot(index="statistic", columns="cell", values="detected")
    wide = wide[[f"{s} pts, {d}/day" for s, d in TARGET_CELLS]]
    wide["mean"] = wide.mean(axis=1)
    wide["any change (mean)"] = table.groupby("statistic")["any change"].mean()
    wide["false alarms"] = table.groupby("statistic")["false alarms"].mean()
    wide = wide.loc[list(rules)]
    print(wide.to_string(float_format=lambda v: f"{v:.3f}") + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--reps", type=int, default=100, help="series per cell")
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--dimension", action="append", default=None,
                        help="dimension to study (repeatable); default: the one whose two "
                             "outlets differ most")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--ablation", action="store_true",
                        help="compare candidate statistics on the target cells instead")
    parser.add_argument("--size-measure", choices=sorted(MEASURES), default="tvd",
                        help="what a change's size in points measures (default tvd)")
    parser.add_argument("--cells", choices=("all", "target"), default="all",
                        help="every size x docs/day, or only the target's four cells")
    args = parser.parse_args()
    path = Path(args.corpus)
    if not path.exists():
        raise SystemExit(f"No corpus at {path}.")
    counts = scored_corpus(path)
    lexicon = framing.load_lexicon("default")
    for dimension in args.dimension or [None]:
        (ablation if args.ablation else study)(counts, lexicon, dimension, args)


if __name__ == "__main__":
    main()
