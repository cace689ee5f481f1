"""Framing shifts: when an outlet switched from one label to another.

Within one dimension (the competing labels for one actor) an outlet's labels
in a period are modelled as multinomial counts: the hits of each category of
the dimension, summed over the period's documents. A shift is a changepoint
in the label shares. Each outlet's series of periods is cut into segments of
constant shares by maximum likelihood, with an exact dynamic programme
(optimal partitioning) and a penalty per changepoint.

The model, stated once:

* **Series.** The periods (day, week or month) in which the outlet published
  at least one document that uses the dimension, in time order. A period
  without such a document carries no information on shares: it is left out
  of the series instead of entering as a zero-count period (which would add
  nothing to the likelihood but would count towards segment lengths and could
  host a changepoint). A changepoint is dated at the first period of its new
  segment; ``gap_before`` says how many periods without documents precede it
  (the switch happened in them or on that date). Undated documents belong to
  no period: they are left out and counted in ``attrs["undated"]``.
* **Cost.** The negative maximised multinomial log-likelihood of a segment,
  up to terms that do not depend on the segmentation:
  ``cost = N log N - sum_k C_k log C_k`` with ``C_k`` the segment's hits of
  category ``k`` and ``N`` their sum. Segment sums come from cumulative
  sums, so every candidate segment ending at a period is costed in one numpy
  operation and the programme takes O(T² K) for T periods.
* **Penalty** (added per changepoint, in log-likelihood units):

  - ``"bic"``: ``K/2 · log N``: each changepoint adds (K − 1) free shares for
    its new segment plus one parameter for its location, K the number of the
    dimension's categories the outlet used, N its hits of the dimension.
    Hits within one article are not independent draws, so on real text BIC
    finds more changes than are there; prefer the permutation penalty.
  - ``"permutation"`` (default): calibrated on the series itself. The
    documents' periods are shuffled among the outlet's documents (each
    period keeps its number of documents) ``n_perm`` times; for each
    shuffle the smallest penalty under which no changepoint is found is
    computed exactly (``max over m of (cost₀ − cost_m) / m``, cost_m the best
    cost with m changepoints, m up to :data:`MAX_CHANGEPOINTS`), and the
    penalty is the order statistic those shuffles exceed with rate at most
    ``alpha``. A series without a shift then shows one with probability at
    most ``alpha`` (per series: across many outlets and dimensions some will;
    ``series_p_value`` allows a correction for multiple series).
  - a number: that penalty.

* **Date.** The programme says how many changes there are and roughly where;
  each changepoint is then dated again, left to right, between its neighbours
  (the left one already re-dated). Over the single splits of that stretch the
  posterior with a uniform prior is proportional to ``exp(loglik / φ)``
  (:func:`split_posterior`), φ the Pearson chi-square over its degrees of
  freedom of the period counts about the segments found (at least 1; a
  quasi-likelihood: hits of one article are not independent draws, and on
  SaudiNewsNet the counts vary about three times more than multinomial draws
  of their hits would). The date is the centre of the window of
  :data:`DATE_WINDOW` periods either side (on the calendar, gaps counted)
  that holds most posterior mass (:func:`date_change`): the estimate most
  often within two periods of the true date if the posterior is right, where
  the likelihood's maximum is the one most often exactly right. Windows of
  equal mass tie (all mass on one split puts it in five windows); the tie
  goes to the centre of highest posterior. φ rescales the whole likelihood,
  so it changes neither the permutation test nor which changes are found,
  only how widely the posterior spreads over the dates. ``attrs["series"]``
  gives φ as ``dispersion``.
* **Intervals.** Documents are resampled with replacement within each period
  (``n_boot`` times). For each changepoint its date is estimated again on
  each resample, as above, between its neighbouring changepoints; the date
  interval is the percentile interval of those dates. Shares before and
  after (on the segments of the dated changepoints), their difference in
  points and the total variation distance get percentile intervals from the
  same resamples.

What it finds, measured by ``benchmarks/sim_shifts.py`` (series of 30 days of
real SaudiNewsNet articles re-dated, the articles after a planted date drawn
partly from another outlet's; 100 series per cell, seed 1, penalty by
permutation at alpha 0.05). The target: a change of 15 points or more (total
variation of the expected shares) with 20 or more articles a day dated
within two days in 90% of series. On ``armed_group_label`` (seven labels):
15 points are dated within two days in 55% of series with 20 articles a day
and 94% with 40; 25 points in 96% and 99%; over those four cells 86.0%
(83.3% when the date was the likelihood's maximum), short of the target. On
``death_frame`` (two labels) 91.2% (was 90.5%). The date interval covers the
true date in 99% of the changes found; 88 of 1,600 null series (dates
shuffled) show a shift, 5.5% (95% interval 4.4% to 6.7%: the permutation
penalty is exact at alpha, the excess is chance; two labels: 5.1%).

Those sizes are total variation distances: the points gained by all labels
together. Sized instead by the largest change of one label's share (the
``change`` column; the same on two labels), a change of 15 points on this
seven-label pair of outlets is a TVD of about 22, and the four target cells
give 96.5% (89% at 15 points and 20 articles a day), with coverage 100% and
false alarms 5.4% (``sim_shifts.py --size-measure label``).

Why the seven-label target is still missed. Dating: in those four cells the
likelihood's maximum over single splits (no penalty, no test) lies within
two days of the planted date in 88.7% of series and comes late on average
(evidence of the change arrives in lumps, the long articles repeating a
label, and the first lump after the date pulls the split to it); the
posterior window of the date above is within two days in 91.5%. Power: a
change is found at any date in 91.5% of the series, 69% in the cell of 15
points at 20 articles a day, and no statistic measured finds more. So even
perfect dating would leave detection near 0.915 on average and that cell
near 0.69; 0.90 over the four cells would need both to be almost perfect.
A test told the planted date (no search) finds the change in 88% of the
series of that cell, 98% if also told which labels move
(``sim_shifts.py --ablation``): what costs is the search for the date,
which a method that finds changes cannot skip.
In that cell (150 series, seed 3, each test calibrated by 199 shuffles) the
multinomial on hits finds a change in 66%; a score test of the shares with
the articles' own covariance of label counts (a sandwich estimate: the long
articles' large variance lowers their weight) 33%; hits weighted up by the
square root of the article's hits 57%, by its hits 49%. Over 60 days
(``--days 60``, 50 series per cell) a change is found in every target series
and detection is 0.905 (0.885 with the likelihood's maximum as date), equal
to the dated-split ceiling: with the power there, the date is what is left.

The labels' number is not the cause: grouping the seven labels into the two
groups that the change actually moves, an oracle no method has,
leaves detection unchanged (0.835 against 0.825 on the same 50 series per
cell of ``sim_shifts.py --ablation``, which dates by the likelihood's
maximum). The candidates measured there on the same series, each calibrated
by the same shuffles (so at alpha): pooling labels with fewer than 5 hits a
day into one (0.820; on this dimension that pools "mercenary" with, on some
series of 20 articles a day, "militant"; the rarer labels are among those
that move) or fewer than 10 (0.730: pools the labels that move); the largest
of the labels' one-vs-rest binomial statistics (0.820); at most one change
(0.830); ``min_size=3`` (0.830); down-weighting long articles, each
article's hits divided by ``1 + (hits - 1) rho`` (rho 0.05: 0.800, 0.15:
0.720, each article one unit: 0.365). The last says why hits stay the unit:
an article that repeats a label many times is what most separates one
outlet's naming from another's, and the shares reported are shares of hits.

Measured for the date alone (seven labels, the four target cells, no test):
on 400 series per cell (seed 21) the likelihood's maximum is within two days
in 86.8%, mean absolute error 1.13 days, mean signed error +0.59; the window
of the posterior without φ 89.5%; with φ 91.1%, 1.28 days, +0.14 (a wider
posterior shares its mass across the lumps); the posterior's median with φ
87.9%. On other draws (seed 5), each against the maximum on the same
series: the median, mode or window of the dates of 200 bootstrap maxima
86.1 to 87.5% against 88.1% (250 series per cell); a Dirichlet-multinomial
likelihood of each article's counts (concentration fitted per series, about
1) 49% against 87.5% (100 per cell), a two-class mixture of articles 44 to
53% against 86.8% (150 per cell): both make an article nearly one unit, see
above; hits weighted up by the square root of the article's hits 84.7%
against 86.8%. Weighting each label by its own Pearson dispersion lowered
detection (0.812 against 0.825, 60 series per cell). Taking the earliest of
tied windows (without φ) scored 90.6% but with a mean absolute error of 1.52
days: on a sharp posterior it moves the date two periods before the mode for
no reason in the data; ties go to the posterior's mode.
"""

from __future__ import annotations

import hashlib
import math
import warnings
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

import numpy as np
import pandas as pd

from framing.aggregate import FREQUENCIES, _check_ci, _check_int, _generator
from framing.indicators import _as_counts, _show
from framing.lexicon import Lexicon

__all__ = [
    "DATE_WINDOW", "MAX_CHANGEPOINTS", "PENALTIES", "SHIFT_COLUMNS", "date_change",
    "no_change_penalty", "segment", "segmentation_loglik", "shifts", "split_posterior",
]

#: Named penalty rules of :func:`shifts` (a number is also accepted).
PENALTIES = ("bic", "permutation")

#: Most changepoints considered when calibrating the permutation penalty.
MAX_CHANGEPOINTS = 10

#: Half-width, in periods, of the window of posterior mass that dates a change.
DATE_WINDOW = 2

# windows of posterior mass closer than this to the largest are tied
_MASS_TIE = 1e-6

#: Columns of :func:`shifts` after the ``by`` column.
SHIFT_COLUMNS = [
    "dimension", "changepoint", "date", "date_low", "date_high", "gap_before",
    "before_start", "after_end", "docs_before", "docs_after", "category", "hits_before",
    "hits_after", "share_before", "share_before_low", "share_before_high", "share_after",
    "share_after_low", "share_after_high", "change", "change_low", "change_high", "tvd",
    "tvd_low", "tvd_high", "penalty", "series_p_value",
]

# documents x categories x resamples held at once when resampling (memory bound)
_CELLS_PER_CHUNK = 4_000_000


def _xlogx(values: np.ndarray) -> np.ndarray:
    """``x log x`` elementwise, 0 at 0."""
    positive = values > 0
    return np.where(positive, values * np.log(np.where(positive, values, 1.0)), 0.0)


def _segment_cost(sums: np.ndarray) -> np.ndarray:
    """Negative maximised multinomial log-likelihood (without the multinomial coefficients)
    of segments with category sums ``sums`` (last axis: categories)."""
    return _xlogx(sums.sum(axis=-1)) - _xlogx(sums).sum(axis=-1)


def _as_series(counts: Any, caller: str) -> np.ndarray:
    array = np.asarray(counts, dtype=float)
    if array.ndim != 2:
        raise ValueError(f"{caller}: counts must be a 2-d array (periods x categories); got "
                         f"shape {array.shape}.")
    if not np.isfinite(array).all() or (array < 0).any():
        raise ValueError(f"{caller}: counts must be finite and >= 0.")
    return array


def segment(counts: Any, *, penalty: float, min_size: int = 1) -> list[int]:
    """Optimal partitioning of a series of multinomial counts.

    Minimises the sum of segment costs (negative maximised multinomial
    log-likelihood) plus ``penalty`` per changepoint, exactly, over every
    segmentation whose segments have at least ``min_size`` periods.

    Parameters
    ----------
    counts : array-like of shape (n_periods, n_categories)
        Counts of each category per period.
    penalty : float
        Added per changepoint, in log-likelihood units (>= 0).
    min_size : int, default 1
        Fewest periods in a segment.

    Returns
    -------
    list of int
        The changepoints: index of the first period of each new segment.
        Ties go to the earliest location.

    Examples
    --------
    >>> segment([[9, 1], [8, 2], [9, 1], [1, 9], [2, 8], [1, 9]], penalty=3.0)
    [3]
    >>> segment([[9, 1], [8, 2], [9, 1], [1, 9], [2, 8], [1, 9]], penalty=50.0)
    []
    """
    caller = "framing.shifts.segment"
    series = _as_series(counts, caller)
    min_size = _check_int(min_size, "min_size", caller, 1)
    if isinstance(penalty, bool) or not isinstance(penalty, int | float | np.number) \
            or not math.isfinite(penalty) or penalty < 0:
        raise ValueError(f"The 'penalty' parameter of {caller} must be a finite number >= 0. "
                         f"Got {penalty!r} instead.")
    n = len(series)
    if n < 2 * min_size:
        return []
    cum = np.vstack([np.zeros((1, series.shape[1])), np.cumsum(series, axis=0)])
    best = np.full(n + 1, np.inf)
    best[0] = -float(penalty)
    previous = np.zeros(n + 1, dtype=int)
    starts = np.arange(n + 1)
    for end in range(min_size, n + 1):
        candidates = starts[:end - min_size + 1]
        candidates = candidates[(candidates == 0) | (candidates >= min_size)]
        values = best[candidates] + _segment_cost(cum[end] - cum[candidates]) + penalty
        pick = int(np.argmin(values))
        best[end] = values[pick]
        previous[end] = candidates[pick]
    breaks = []
    end = n
    while end > 0:
        end = int(previous[end])
        if end > 0:
            breaks.append(end)
    return breaks[::-1]


def segmentation_loglik(counts: Any, breaks: Sequence[int]) -> float:
    """Multinomial log-likelihood of ``counts`` with shares fitted per segment.

    Each period's counts are a multinomial draw of their total from the
    shares of its segment (maximum likelihood: the segment's category sums
    over its total). Includes the multinomial coefficients, so it equals the
    sum of ``scipy.stats.multinomial.logpmf`` over periods.

    Parameters
    ----------
    counts : array-like of shape (n_periods, n_categories)
        Integer counts per period.
    breaks : sequence of int
        Changepoints (first period of each new segment), increasing.
    """
    caller = "framing.shifts.segmentation_loglik"
    series = _as_series(counts, caller)
    bounds = [0, *[int(b) for b in breaks], len(series)]
    if any(a >= b for a, b in pairwise(bounds)):
        raise ValueError(f"{caller}: breaks must increase strictly within (0, {len(series)}); "
                         f"got {list(breaks)!r}.")
    totals = series.sum(axis=1)
    log_factorial = np.vectorize(lambda x: math.lgamma(x + 1.0), otypes=[float])
    coefficients = log_factorial(totals).sum() - log_factorial(series).sum()
    kernel = 0.0
    for a, b in pairwise(bounds):
        kernel -= float(_segment_cost(series[a:b].sum(axis=0)))
    return float(coefficients + kernel)


def _cost_matrices(cum: np.ndarray) -> np.ndarray:
    """Costs of every segment ``[s, t)`` for stacked series: ``cum`` has shape
    (n_series, n + 1, K); result (n_series, n + 1, n + 1), +inf where s >= t."""
    n = cum.shape[1] - 1
    sums = cum[:, None, :, :] - cum[:, :, None, :]  # [:, s, t] = cum[t] - cum[s]
    cost = _segment_cost(sums)
    s_index, t_index = np.meshgrid(np.arange(n + 1), np.arange(n + 1), indexing="ij")
    cost[:, s_index >= t_index] = np.inf
    return cost


def _no_change_statistics(stacked: np.ndarray, min_size: int, max_changepoints: int
                          ) -> np.ndarray:
    """For each series of ``stacked`` (n_series, n, K): the smallest penalty under which the
    optimal segmentation (at most ``max_changepoints`` changepoints) has none."""
    n_series, n, _ = stacked.shape
    most = min(max_changepoints, n // min_size - 1)
    out = np.zeros(n_series)
    if most < 1:
        return out
    step = max(1, 20_000_000 // ((n + 1) ** 2 * stacked.shape[2]))
    ends = np.arange(n + 1)
    for first in range(0, n_series, step):
        chunk = stacked[first:first + step]
        cum = np.concatenate([np.zeros((len(chunk), 1, chunk.shape[2])),
                              np.cumsum(chunk, axis=1)], axis=1)
        cost = _cost_matrices(cum)
        # segments shorter than min_size are not allowed
        s_index, t_index = np.meshgrid(ends, ends, indexing="ij")
        cost[:, (t_index - s_index) < min_size] = np.inf
        best = cost[:, 0, :].copy()  # best[:, t]: cost of [0, t) in one segment
        none = best[:, n].copy()
        stat = np.zeros(len(chunk))
        for m in range(1, most + 1):
            best = np.min(best[:, :, None] + cost, axis=1)
            stat = np.maximum(stat, (none - best[:, n]) / m)
        out[first:first + step] = stat
    return np.maximum(out, 0.0)


def no_change_penalty(counts: Any, *, min_size: int = 1,
                      max_changepoints: int = MAX_CHANGEPOINTS) -> float:
    """The smallest penalty under which :func:`segment` finds no changepoint.

    Computed exactly as ``max over m of (cost₀ − cost_m) / m``, ``cost_m`` the
    least cost with ``m`` changepoints (segment neighbourhood search, m up to
    ``max_changepoints``). The permutation penalty of :func:`shifts` is a
    quantile of this statistic over shuffled series.
    """
    caller = "framing.shifts.no_change_penalty"
    series = _as_series(counts, caller)
    min_size = _check_int(min_size, "min_size", caller, 1)
    max_changepoints = _check_int(max_changepoints, "max_changepoints", caller, 1)
    return float(_no_change_statistics(series[None], min_size, max_changepoints)[0])


def _period_sums(rows: np.ndarray, picks: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Category sums per period of resampled documents: ``picks`` (n_draws, n_docs) rows of
    ``rows`` laid out period after period, periods starting at ``starts``."""
    return np.add.reduceat(rows[picks], starts, axis=1)


def _per_chunk(n_docs: int, n_categories: int) -> int:
    """Draws (shuffles or resamples) of ``n_docs`` documents held at once."""
    return max(1, _CELLS_PER_CHUNK // max(1, n_docs * n_categories))


def _permutation_statistics(rows: np.ndarray, starts: np.ndarray, n_perm: int,
                            min_size: int, rng: np.random.Generator) -> np.ndarray:
    """The no-change statistic of ``n_perm`` series whose documents swap periods (each
    period keeps its number of documents)."""
    n_docs, n_cats = rows.shape
    out = np.empty(n_perm)
    step = _per_chunk(n_docs, n_cats)
    for first in range(0, n_perm, step):
        size = min(step, n_perm - first)
        picks = rng.permuted(np.tile(np.arange(n_docs), (size, 1)), axis=1)
        out[first:first + size] = _no_change_statistics(
            _period_sums(rows, picks, starts), min_size, MAX_CHANGEPOINTS)
    return out


def _bootstrap_sums(rows: np.ndarray, starts: np.ndarray, sizes: np.ndarray, n_boot: int,
                    rng: np.random.Generator) -> np.ndarray:
    """(n_boot, n_periods, K) category sums of documents resampled within their period."""
    n_docs, n_cats = rows.shape
    offset = np.repeat(starts, sizes)
    width = np.repeat(sizes, sizes)
    out = np.empty((n_boot, len(starts), n_cats))
    step = _per_chunk(n_docs, n_cats)
    for first in range(0, n_boot, step):
        size = min(step, n_boot - first)
        picks = offset + (rng.random((size, n_docs)) * width).astype(int)
        out[first:first + size] = _period_sums(rows, picks, starts)
    return out


def _split_loglik(cum: np.ndarray, min_size: int) -> tuple[np.ndarray, np.ndarray]:
    """Splits of a window and their multinomial log-likelihood kernel (up to a constant).

    ``cum`` holds cumulative category sums over the window's periods (last two axes:
    periods, categories; any leading axes, e.g. resamples). Returns the splits (first
    period of the second part, relative to the window) and ``-(cost before + cost after)``
    for each, shape ``cum.shape[:-2] + (n_splits,)``.
    """
    total = cum[..., -1:, :]
    splits = np.arange(min_size, cum.shape[-2] - min_size + 1)
    before = cum[..., splits - 1, :]
    return splits, -(_segment_cost(before) + _segment_cost(total - before))


def _window_mode(loglik: np.ndarray, positions: np.ndarray, within: int,
                 dispersion: float | np.ndarray = 1.0) -> np.ndarray:
    """Index of the split at the centre of the window (``within`` periods either side, on
    the calendar of ``positions``) holding most posterior mass, the posterior over splits
    being proportional to ``exp(loglik / dispersion)`` (last axis: splits). Windows within
    1e-6 of the most mass tie (a posterior on one split puts it in several windows); the
    tie goes to the centre of highest posterior, then to the earliest."""
    scaled = loglik / np.asarray(dispersion, dtype=float)[..., None]
    weights = np.exp(scaled - scaled.max(axis=-1, keepdims=True))
    weights /= weights.sum(axis=-1, keepdims=True)
    # mass of each window from cumulative sums: splits from ``low`` up to ``high`` - 1
    low = np.searchsorted(positions, positions - within, side="left")
    high = np.searchsorted(positions, positions + within, side="right")
    cum = np.concatenate([np.zeros((*weights.shape[:-1], 1)), np.cumsum(weights, axis=-1)],
                         axis=-1)
    mass = cum[..., high] - cum[..., low]
    tied = mass >= mass.max(axis=-1, keepdims=True) - _MASS_TIE
    return np.argmax(np.where(tied, weights, -1.0), axis=-1)


def _dispersion(series: np.ndarray, breaks: Sequence[int]) -> float:
    """Pearson chi-square over its degrees of freedom of the period counts about the shares
    of their segments (at least 1): how much more the counts vary than multinomial draws
    of their hits would (hits of one article are not independent)."""
    bounds = [0, *breaks, len(series)]
    chi2 = 0.0
    df = 0
    for a, b in pairwise(bounds):
        block = series[a:b]
        shares = _shares(block.sum(axis=0))
        used = shares > 0
        totals = block.sum(axis=1, keepdims=True)
        expected = totals * shares[used]
        live = totals[:, 0] > 0
        chi2 += float((((block[:, used] - expected) ** 2)[live] / expected[live]).sum())
        df += (int(live.sum()) - 1) * (int(used.sum()) - 1)
    return max(1.0, chi2 / df) if df > 0 else 1.0


def split_posterior(counts: Any, *, min_size: int = 1, dispersion: float = 1.0) -> pd.Series:
    """Posterior over the location of a single change in a series of multinomial counts.

    With a uniform prior over the splits leaving at least ``min_size`` periods on each
    side, the posterior of a split is proportional to the likelihood of the series cut
    there with shares fitted on each side: ``exp(segmentation_loglik(counts, [s]))``.
    With ``dispersion`` φ > 1 (a quasi-likelihood: counts vary φ times more than
    multinomial draws) the log-likelihood is divided by φ, which widens the posterior.
    Indexed by the split (first period of the second part); sums to 1.

    Examples
    --------
    >>> split_posterior([[3, 1], [3, 1], [1, 3], [1, 3]]).round(3).tolist()
    [0.165, 0.67, 0.165]
    """
    caller = "framing.shifts.split_posterior"
    series = _as_series(counts, caller)
    min_size = _check_int(min_size, "min_size", caller, 1)
    dispersion = _check_dispersion(dispersion, caller)
    if len(series) < 2 * min_size:
        raise ValueError(f"{caller}: a series of {len(series)} period(s) has no split leaving "
                         f"min_size={min_size} periods on each side.")
    splits, loglik = _split_loglik(np.cumsum(series, axis=0), min_size)
    loglik = loglik / dispersion
    weights = np.exp(loglik - loglik.max())
    return pd.Series(weights / weights.sum(), index=pd.Index(splits, name="split"),
                     name="posterior")


def date_change(counts: Any, *, min_size: int = 1, within: int = DATE_WINDOW,
                dispersion: float = 1.0, positions: Sequence[int] | None = None) -> int:
    """Date of a single change in a series: the centre of the window of periods holding
    most of the posterior over its location (:func:`split_posterior`).

    The window spans ``within`` periods either side of its centre, on the calendar given
    by ``positions`` (the periods' ordinals, increasing; by default 0, 1, 2 ..., i.e. no
    gaps). This is the estimate that most often lies within ``within`` periods of the true
    date if the posterior is right; the likelihood's maximum (``within=0``) is the estimate
    most often exactly right. Windows of equal mass (within 1e-6) tie, as when the
    posterior sits on one split: the tie goes to the centre of highest posterior, then to
    the earliest. ``dispersion`` as in :func:`split_posterior`.

    Returns
    -------
    int
        The first period (index into ``counts``) of the segment after the change.

    Examples
    --------
    The likelihood is largest for a change at period 3; the window of periods 2 to 6
    (centred on 4) holds 0.96 of the posterior, more than any window centred elsewhere
    (periods 1 to 5 hold 0.71):

    >>> counts = [[2, 0], [2, 0], [2, 0], [2, 2], [0, 1], [1, 0], [0, 2], [0, 2]]
    >>> split_posterior(counts).round(2).tolist()
    [0.01, 0.07, 0.5, 0.1, 0.03, 0.26, 0.02]
    >>> date_change(counts), date_change(counts, within=0)
    (4, 3)
    """
    caller = "framing.shifts.date_change"
    series = _as_series(counts, caller)
    min_size = _check_int(min_size, "min_size", caller, 1)
    within = _check_int(within, "within", caller, 0)
    dispersion = _check_dispersion(dispersion, caller)
    if positions is None:
        calendar = np.arange(len(series))
    else:
        calendar = np.asarray(positions, dtype=np.int64)
        if calendar.shape != (len(series),) or (np.diff(calendar) <= 0).any():
            raise ValueError(f"{caller}: positions must be {len(series)} increasing integers "
                             "(one per period).")
    if len(series) < 2 * min_size:
        raise ValueError(f"{caller}: a series of {len(series)} period(s) has no split leaving "
                         f"min_size={min_size} periods on each side.")
    splits, loglik = _split_loglik(np.cumsum(series, axis=0), min_size)
    return int(splits[_window_mode(loglik, calendar[splits], within, dispersion)])


def _check_dispersion(dispersion: Any, caller: str) -> float:
    if isinstance(dispersion, bool) or not isinstance(dispersion, int | float | np.number) \
            or not math.isfinite(dispersion) or dispersion <= 0:
        raise ValueError(f"The 'dispersion' parameter of {caller} must be a finite number > 0 "
                         f"(1: multinomial). Got {dispersion!r} instead.")
    return float(dispersion)


def _redate(series: np.ndarray, breaks: list[int], period_ids: np.ndarray, min_size: int,
            dispersion: float) -> list[int]:
    """Each changepoint of the optimal segmentation dated again by :func:`date_change`
    between its neighbours, left to right (the left neighbour already re-dated), so the
    segments keep at least ``min_size`` periods."""
    out: list[int] = []
    for j in range(len(breaks)):
        left = out[-1] if out else 0
        right = breaks[j + 1] if j + 1 < len(breaks) else len(series)
        cum = np.cumsum(series[left:right], axis=0)
        splits, loglik = _split_loglik(cum, min_size)
        pick = _window_mode(loglik, period_ids[left:right][splits], DATE_WINDOW, dispersion)
        out.append(left + int(splits[pick]))
    return out


def _refit_locations(boot: np.ndarray, left: int, right: int, min_size: int,
                     period_ids: np.ndarray, dispersion: float) -> np.ndarray:
    """The change's date estimated again on each resample (:func:`date_change` on periods
    ``[left, right)``), as period indices."""
    splits, loglik = _split_loglik(np.cumsum(boot[:, left:right], axis=1), min_size)
    picks = _window_mode(loglik, period_ids[left:right][splits], DATE_WINDOW, dispersion)
    return left + splits[picks]


def _interval(samples: np.ndarray, ci: float) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval along axis 0, ignoring NaN resamples."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns give NaN
        low = np.nanquantile(samples, (1 - ci) / 2, axis=0)
        high = np.nanquantile(samples, (1 + ci) / 2, axis=0)
    return low, high


def _shares(sums: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return sums / sums.sum(axis=-1, keepdims=True)


def _check_penalty(penalty: Any, caller: str) -> str | float:
    if isinstance(penalty, str):
        if penalty in PENALTIES:
            return penalty
    elif not isinstance(penalty, bool) and isinstance(penalty, int | float | np.number) \
            and math.isfinite(penalty) and penalty >= 0:
        return float(penalty)
    raise ValueError(f"The 'penalty' parameter of {caller} must be one of {{'bic', "
                     f"'permutation'}} or a finite number >= 0. Got {penalty!r} instead.")


def _dimensions(lex: Lexicon, dimension: str | Sequence[str] | None, caller: str
                ) -> list[tuple[str, list[str]]]:
    known = {d.id: [c.id for c in lex.categories if c.dimension == d.id]
             for d in lex.dimensions}
    if dimension is None:
        return list(known.items())
    wanted = [dimension] if isinstance(dimension, str) else list(dimension)
    unknown = [d for d in wanted if d not in known]
    if unknown:
        raise ValueError(f"{caller}: lexicon {lex.name!r} has no dimension(s) {_show(unknown)}; "
                         f"its dimensions are {_show(list(known))}.")
    return [(d, known[d]) for d in wanted]


def _check_by(table: pd.DataFrame, by: Any, caller: str) -> None:
    """``by`` is None or a column of the counts table."""
    if by is not None and not isinstance(by, str):
        raise TypeError(f"The 'by' parameter of {caller} must be a column name or None. "
                        f"Got {by!r} instead.")
    if by is not None and by not in table.columns:
        raise KeyError(f"{caller}: the counts table has no {by!r} column; attach it with "
                       "framing.indicators.attach_metadata(counts, corpus).")


def _document_dates(table: pd.DataFrame, date_column: str, caller: str) -> pd.Series:
    """The documents' dates as naive datetimes (local wall time decides the day)."""
    if date_column not in table.columns:
        raise KeyError(f"{caller}: the counts table has no {date_column!r} column; attach it "
                       "with framing.indicators.attach_metadata(counts, corpus) or name the "
                       "column with date_column=...")
    dates = table[date_column]
    if not pd.api.types.is_datetime64_any_dtype(dates):
        raise TypeError(f"{caller}: column {date_column!r} must hold datetimes (datetime64); "
                        f"it is {dates.dtype}. Convert it with pandas.to_datetime.")
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_localize(None)
    return dates


def _dated(table: pd.DataFrame, date_column: str, freq: str, caller: str
           ) -> tuple[pd.DataFrame, pd.Series, int]:
    """The dated rows, their period (as a pandas Period) and the number of undated rows."""
    dates = _document_dates(table, date_column, caller)
    missing = dates.isna().to_numpy()
    n_undated = int(missing.sum())
    if n_undated:
        warnings.warn(f"{caller}: {n_undated} of {len(table)} document(s) have no date and are "
                      "left out of every series; see attrs['undated'].", UserWarning,
                      stacklevel=3)
    kept = table.loc[~missing]
    return kept, dates[~missing].dt.to_period(freq), n_undated


def _series_stream(seed: Any, rng: np.random.Generator, key: Any, dimension: str
                   ) -> np.random.Generator:
    """The random stream of one outlet × dimension series.

    With an integer seed it is derived from the seed and the series' own names,
    so a series gets the same penalty and intervals whichever other outlets or
    dimensions are analysed with it (the explorer refits one series alone);
    with a Generator or None, the next stream of ``rng``.
    """
    if isinstance(seed, int | np.integer) and not isinstance(seed, bool):
        digest = hashlib.sha256(f"{key}\0{dimension}".encode()).digest()
        words = [int.from_bytes(digest[k:k + 4], "little") for k in range(0, 16, 4)]
        return np.random.default_rng([int(seed), *words])
    return rng.spawn(1)[0]


def shifts(
    scores: Any,
    *,
    dimension: str | Sequence[str] | None = None,
    by: str | None = "outlet",
    freq: str = "D",
    min_size: int = 2,
    min_docs: int = 20,
    penalty: str | float = "permutation",
    alpha: float = 0.05,
    n_perm: int = 199,
    n_boot: int = 500,
    ci: float = 0.95,
    seed: Any = 0,
    lexicon: Lexicon | str = "default",
    date_column: str = "date",
) -> pd.DataFrame:
    """Changepoints in each outlet's label shares within a dimension, with intervals.

    See the module docstring for the model, the penalties and how gaps and
    undated documents are handled.

    Parameters
    ----------
    scores : DataFrame or Scores
        Counts of :func:`framing.score` with the ``by`` column and the date
        column (see :func:`framing.indicators.attach_metadata`).
    dimension : str or sequence of str, optional
        Dimension id(s) of the lexicon; all dimensions by default.
    by : str or None, default "outlet"
        One series per value of this column; None: all documents form one series.
    freq : {"D", "W", "M"}, default "D"
        Period length: day, week (Monday to Sunday), month.
    min_size : int, default 2
        Fewest periods (with documents using the dimension) in a segment.
    min_docs : int, default 20
        Series with fewer documents using the dimension are not segmented;
        they are listed in ``attrs["too_few"]`` with their numbers.
    penalty : {"permutation", "bic"} or float, default "permutation"
        Penalty per changepoint (module docstring).
    alpha : float, default 0.05
        False-alarm rate per series of the permutation penalty.
    n_perm : int, default 199
        Shuffles for the permutation penalty and ``series_p_value`` (0: no
        p-value; then penalty must not be "permutation").
    n_boot : int, default 500
        Resamples for the intervals (0: NaN intervals).
    ci : float, default 0.95
        Level of every interval.
    seed : int, None or numpy Generator, default 0
        Seed of the shuffles and resamples; each series gets its own stream.
    lexicon : Lexicon or str, default "default"
        The lexicon the counts were scored with.
    date_column : str, default "date"
        The datetime column.

    Returns
    -------
    DataFrame
        One row per series × changepoint × category of the dimension
        (:data:`SHIFT_COLUMNS` after the ``by`` column): ``changepoint``
        (1, 2 ... within the series), ``date`` (start of the first period of
        the new segment, dated by the window of most posterior mass: module
        docstring) with ``date_low``, ``date_high``; ``gap_before``
        (periods without documents just before ``date``); ``before_start``,
        ``after_end`` (first period of the segment before, last period of the
        segment after); ``docs_before``, ``docs_after`` (documents using the
        dimension in those segments); ``hits_*`` and ``share_*`` (hits of the
        category over hits of the dimension, with intervals); ``change``
        (share after minus before, in percentage points) with interval;
        ``tvd`` (total variation distance between the two segments' shares,
        in points, the same on every row of a changepoint) with interval;
        ``penalty`` used; ``series_p_value`` (share of shuffled series whose
        no-change statistic reaches the observed one, with the +1 rule; NaN
        without permutations).

        ``attrs``: the counts' provenance plus ``attrs["shifts"]`` (settings),
        ``attrs["series"]`` (one dict per series examined: documents, periods,
        hits, labels used, penalty, statistic, p-value, changepoints, status,
        dispersion φ of the dating),
        ``attrs["too_few"]`` (series not segmented and why) and
        ``attrs["undated"]`` (documents left out for want of a date).
    """
    caller = "framing.shifts"
    table, lex = _as_counts(scores, lexicon, caller=caller)
    if freq not in FREQUENCIES:
        raise ValueError(f"The 'freq' parameter of {caller} must be one of {{'D', 'W', 'M'}}. "
                         f"Got {freq!r} instead.")
    min_size = _check_int(min_size, "min_size", caller, 1)
    min_docs = _check_int(min_docs, "min_docs", caller, 1)
    n_perm = _check_int(n_perm, "n_perm", caller, 0)
    n_boot = _check_int(n_boot, "n_boot", caller, 0)
    _check_ci(ci, caller)
    penalty = _check_penalty(penalty, caller)
    if isinstance(alpha, bool) or not isinstance(alpha, int | float) or not 0 < alpha < 1:
        raise ValueError(f"The 'alpha' parameter of {caller} must be a number in (0, 1), e.g. "
                         f"0.05. Got {alpha!r} instead.")
    if penalty == "permutation":
        needed = math.ceil(1 / alpha) - 1
        if n_perm < needed:
            raise ValueError(f"{caller}: penalty='permutation' with alpha={alpha} needs "
                             f"n_perm >= {needed} (got {n_perm}); raise n_perm or alpha.")
    _check_by(table, by, caller)
    dims = _dimensions(lex, dimension, caller)
    if by is not None and table[by].isna().any():
        ids = table.loc[table[by].isna(), "doc_id"] if "doc_id" in table.columns else \
            table.index[table[by].isna()]
        raise ValueError(f"{caller}: {int(table[by].isna().sum())} document(s) have no "
                         f"{by!r}: {_show(list(ids))}. Fill the value (e.g. 'unknown').")
    rng = _generator(seed, caller)
    dated, periods, n_undated = _dated(table, date_column, freq, caller)
    ordinals = np.asarray(periods.array.asi8, dtype=np.int64)
    groups = ([(None, np.arange(len(dated)))] if by is None else
              [(key, np.flatnonzero(dated[by].to_numpy() == key))
               for key in sorted(dated[by].unique(), key=str)])

    rows_out: list[dict[str, Any]] = []
    series_info: list[dict[str, Any]] = []
    too_few: list[dict[str, Any]] = []
    for key, members in groups:
        for dim_id, categories in dims:
            stream = _series_stream(seed, rng, key, dim_id)
            counts = dated[categories].to_numpy(dtype=float)[members]
            using = counts.sum(axis=1) > 0
            doc_rows = counts[using]
            doc_periods = ordinals[members][using]
            info: dict[str, Any] = {"dimension": dim_id, "n_docs": int(using.sum())}
            if by is not None:
                info = {by: key, **info}
            order = np.argsort(doc_periods, kind="stable")
            doc_rows, doc_periods = doc_rows[order], doc_periods[order]
            period_ids, starts, sizes = np.unique(doc_periods, return_index=True,
                                                  return_counts=True)
            series = np.add.reduceat(doc_rows, starts, axis=0) if len(doc_rows) else \
                np.zeros((0, len(categories)))
            used = int((series.sum(axis=0) > 0).sum())
            info.update(n_periods=len(period_ids), n_hits=int(series.sum()), labels_used=used)
            reason = None
            if info["n_docs"] < min_docs:
                reason = f"fewer than {min_docs} documents use the dimension"
            elif len(period_ids) < 2 * min_size:
                reason = f"fewer than {2 * min_size} periods with documents"
            if reason is not None:
                info.update(status=reason, penalty=np.nan, statistic=np.nan,
                            p_value=np.nan, n_changepoints=0, dispersion=np.nan)
                series_info.append(info)
                too_few.append({k: info[k] for k in info if k not in
                                ("penalty", "statistic", "p_value", "n_changepoints",
                                 "dispersion")})
                continue
            statistic = no_change_penalty(series, min_size=min_size)
            null = (_permutation_statistics(doc_rows, starts, n_perm, min_size, stream)
                    if n_perm else np.zeros(0))
            p_value = float((1 + (null >= statistic - 1e-9).sum()) / (1 + n_perm)) if n_perm \
                else np.nan
            if penalty == "bic":
                beta = used / 2 * math.log(max(series.sum(), 1.0))
            elif penalty == "permutation":
                rank = math.ceil((1 - alpha) * (n_perm + 1))
                beta = float(np.sort(null)[rank - 1])
            else:
                beta = float(penalty)
            found = segment(series, penalty=beta, min_size=min_size)
            dispersion = _dispersion(series, found)
            breaks = _redate(series, found, period_ids, min_size, dispersion)
            info.update(status="segmented", penalty=beta, statistic=statistic,
                        p_value=p_value, n_changepoints=len(breaks), dispersion=dispersion)
            series_info.append(info)
            if not breaks:
                continue
            boot = _bootstrap_sums(doc_rows, starts, sizes, n_boot, stream) if n_boot else None
            rows_out.extend(_describe(series, period_ids, sizes, breaks, boot, min_size, ci,
                                      freq, categories, beta, p_value,
                                      {} if by is None else {by: key}, dim_id, dispersion))

    columns = ([] if by is None else [by]) + SHIFT_COLUMNS
    result = pd.DataFrame(rows_out, columns=columns)
    for column in ("date", "date_low", "date_high", "before_start", "after_end"):
        result[column] = pd.to_datetime(result[column])
    for column in ("changepoint", "gap_before", "docs_before", "docs_after"):
        result[column] = result[column].astype(np.int64)
    for column in ("hits_before", "hits_after"):  # weighted counts stay fractional
        values = result[column].to_numpy(dtype=float)
        if np.array_equal(values, np.round(values)):
            result[column] = values.astype(np.int64)
    if by is not None:
        result[by] = result[by].astype(table[by].dtype)
    result.attrs.update(table.attrs)
    result.attrs.update({
        "shifts": {"by": by, "freq": freq, "dimensions": [d for d, _ in dims],
                   "min_size": min_size, "min_docs": min_docs,
                   "penalty": penalty, "alpha": alpha, "n_perm": n_perm, "n_boot": n_boot,
                   "ci": ci, "seed": seed if seed is None or isinstance(seed, int) else
                   type(seed).__name__,
                   "model": "multinomial label counts per period; optimal partitioning",
                   "date": f"centre of the +-{DATE_WINDOW}-period window of most "
                           "quasi-posterior mass between neighbouring changepoints",
                   "interval": "documents resampled within periods (percentile)"},
        "series": series_info,
        "too_few": too_few,
        "undated": n_undated,
    })
    if too_few:
        warnings.warn(f"{caller}: {len(too_few)} series (outlet x dimension) have too few "
                      "documents or periods to look for shifts; see attrs['too_few'].",
                      UserWarning, stacklevel=2)
    return result


def _describe(series: np.ndarray, period_ids: np.ndarray, sizes: np.ndarray,
              breaks: list[int], boot: np.ndarray | None, min_size: int, ci: float, freq: str,
              categories: list[str], beta: float, p_value: float, key: dict[str, Any],
              dim_id: str, dispersion: float) -> list[dict[str, Any]]:
    """Rows (one per category) describing each changepoint of one series."""
    def start_of(index: Any) -> pd.Timestamp:
        return pd.Period(ordinal=int(index), freq=freq).start_time

    bounds = [0, *breaks, len(series)]
    out = []
    n_cats = len(categories)
    for j, cut in enumerate(breaks, start=1):
        left, right = bounds[j - 1], bounds[j + 1]
        before = series[left:cut].sum(axis=0)
        after = series[cut:right].sum(axis=0)
        share_before, share_after = _shares(before), _shares(after)
        change = 100 * (share_after - share_before)
        tvd = 50 * np.abs(share_after - share_before).sum()
        nan = np.full(n_cats, np.nan)
        intervals = {"b": (nan, nan), "a": (nan, nan), "c": (nan, nan)}
        tvd_ci = (np.nan, np.nan)
        date_ci = (period_ids[cut], period_ids[cut])
        if boot is not None:
            located = _refit_locations(boot, left, right, min_size, period_ids, dispersion)
            low_q = np.quantile(located, (1 - ci) / 2, method="lower")
            high_q = np.quantile(located, (1 + ci) / 2, method="higher")
            date_ci = (period_ids[int(low_q)], period_ids[int(high_q)])
            boot_before = _shares(boot[:, left:cut].sum(axis=1))
            boot_after = _shares(boot[:, cut:right].sum(axis=1))
            intervals = {"b": _interval(boot_before, ci), "a": _interval(boot_after, ci),
                         "c": _interval(100 * (boot_after - boot_before), ci)}
            boot_tvd = 50 * np.abs(boot_after - boot_before).sum(axis=1)
            low, high = _interval(boot_tvd[:, None], ci)
            tvd_ci = (float(low[0]), float(high[0]))
        common = {
            **key, "dimension": dim_id, "changepoint": j, "date": start_of(period_ids[cut]),
            "date_low": start_of(date_ci[0]), "date_high": start_of(date_ci[1]),
            "gap_before": int(period_ids[cut] - period_ids[cut - 1] - 1),
            "before_start": start_of(period_ids[left]),
            "after_end": start_of(period_ids[right - 1]),
            "docs_before": int(sizes[left:cut].sum()), "docs_after": int(sizes[cut:right].sum()),
        }
        for k, category in enumerate(categories):
            out.append({
                **common, "category": category, "hits_before": float(before[k]),
                "hits_after": float(after[k]), "share_before": share_before[k],
                "share_before_low": intervals["b"][0][k],
                "share_before_high": intervals["b"][1][k], "share_after": share_after[k],
                "share_after_low": intervals["a"][0][k], "share_after_high": intervals["a"][1][k],
                "change": change[k], "change_low": intervals["c"][0][k],
                "change_high": intervals["c"][1][k], "tvd": tvd, "tvd_low": tvd_ci[0],
                "tvd_high": tvd_ci[1], "penalty": beta, "series_p_value": p_value,
            })
    return out
