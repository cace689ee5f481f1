"""Changepoints in label shares (framing.shifts): hand-computable series, the likelihood
against scipy, exactness of the dynamic programme, gaps and undated documents, SaudiNewsNet."""

from __future__ import annotations

import itertools
import math
import time
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy.stats import multinomial

import framing
from framing.shifts import (
    DATE_WINDOW,
    SHIFT_COLUMNS,
    _dispersion,
    date_change,
    no_change_penalty,
    segment,
    segmentation_loglik,
    shifts,
    split_posterior,
)

LEXICON = framing.load_lexicon("default")
# a dimension with at least two labels, and its first two labels (no counts hard-coded)
DIMENSION = next(d for d in LEXICON.dimensions if len(d.categories) >= 2)
FIRST, SECOND = (c.id for c in DIMENSION.categories[:2])
LABELS = [c.id for c in DIMENSION.categories]


def counts_table(docs: list[tuple[str, str, object, int, int]]) -> pd.DataFrame:
    """A counts table: (doc_id, outlet, date, hits of FIRST, hits of SECOND) per document,
    every other category 0."""
    frame = pd.DataFrame(0, index=range(len(docs)), columns=LEXICON.category_ids)
    frame[FIRST] = [d[3] for d in docs]
    frame[SECOND] = [d[4] for d in docs]
    frame.insert(0, "n_tokens", 200)
    frame.insert(0, "date", pd.to_datetime([d[2] for d in docs]))
    frame.insert(0, "outlet", [d[1] for d in docs])
    frame.insert(0, "doc_id", [d[0] for d in docs])
    return frame


def daily(outlet: str, start: str, days: int, per_day: int, first: int, second: int,
          prefix: str) -> list[tuple[str, str, object, int, int]]:
    """``per_day`` identical documents a day for ``days`` days from ``start``."""
    out = []
    for day in range(days):
        date = pd.Timestamp(start) + pd.Timedelta(days=day)
        out += [(f"{prefix}{day}-{k}", outlet, date, first, second) for k in range(per_day)]
    return out


# --- the likelihood and the dynamic programme -------------------------------------------

def test_loglik_equals_sum_of_scipy_multinomial_logpmf():
    rng = np.random.default_rng(3)
    counts = rng.integers(0, 7, size=(9, 3))
    counts[4] = 0  # a period without hits contributes log 1 = 0
    breaks = [3, 6]
    direct = 0.0
    for a, b in itertools.pairwise([0, *breaks, len(counts)]):
        shares = counts[a:b].sum(axis=0) / counts[a:b].sum()
        direct += sum(multinomial.logpmf(row, row.sum(), shares) for row in counts[a:b]
                      if row.sum() > 0)
    assert segmentation_loglik(counts, breaks) == pytest.approx(direct, rel=1e-12)
    # by hand, one period [2, 1] alone: log(3!/(2!1!)) + 2 log(2/3) + log(1/3)
    assert segmentation_loglik([[2, 1]], []) == pytest.approx(
        math.log(3) + 2 * math.log(2 / 3) + math.log(1 / 3))


def test_one_obvious_step():
    series = [[9, 1]] * 5 + [[1, 9]] * 5
    assert segment(series, penalty=5.0) == [5]
    # the gain of the split, by hand: cost of one segment minus cost of two
    whole = 100 * math.log(100) - 2 * 50 * math.log(50)
    halves = 2 * (50 * math.log(50) - 45 * math.log(45) - 5 * math.log(5))
    assert no_change_penalty(series) == pytest.approx(whole - halves)
    assert segment(series, penalty=whole - halves + 1e-6) == []


def test_no_change_finds_nothing():
    series = [[6, 4]] * 12
    assert no_change_penalty(series) == pytest.approx(0.0, abs=1e-9)
    assert segment(series, penalty=1e-6) == []


def test_two_steps_and_min_size():
    series = [[9, 1]] * 4 + [[1, 9]] * 4 + [[9, 1]] * 4
    assert segment(series, penalty=5.0) == [4, 8]
    # a one-period blip is a segment shorter than min_size=2: not cut out alone; with a
    # neighbour it is (periods 4-5 and 5-6 cost the same: ties go to the earliest)
    blip = [[9, 1]] * 5 + [[1, 9]] + [[9, 1]] * 5
    assert segment(blip, penalty=1.0, min_size=1) == [5, 6]
    assert segment(blip, penalty=1.0, min_size=2) == [4, 6]


def _brute_force(series: np.ndarray, penalty: float, min_size: int) -> float:
    """Least penalised cost over every segmentation (enumerated)."""
    n = len(series)

    def cost(part):
        sums = part.sum(axis=0)
        total = sums.sum()
        return (total * math.log(total) if total else 0.0) - sum(
            c * math.log(c) for c in sums if c > 0)

    best = math.inf
    for m in range(n):
        for cuts in itertools.combinations(range(1, n), m):
            bounds = [0, *cuts, n]
            if any(b - a < min_size for a, b in itertools.pairwise(bounds)):
                continue
            value = sum(cost(series[a:b]) for a, b in itertools.pairwise(bounds)) + m * penalty
            best = min(best, value)
    return best


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_dynamic_programme_is_exact(seed):
    rng = np.random.default_rng(seed)
    series = rng.integers(0, 12, size=(10, 3)).astype(float)
    for penalty, min_size in [(1.0, 1), (4.0, 2), (0.5, 3)]:
        breaks = segment(series, penalty=penalty, min_size=min_size)
        bounds = [0, *breaks, len(series)]
        assert all(b - a >= min_size for a, b in itertools.pairwise(bounds))
        found = -segmentation_loglik(series, breaks) + len(breaks) * penalty
        constant = -segmentation_loglik(series, [])  # coefficients cancel: compare costs
        best = _brute_force(series, penalty, min_size)
        whole = _brute_force(series, 1e12, min_size)  # cost of one segment
        assert found - constant == pytest.approx(best - whole, abs=1e-9)


def test_no_change_penalty_is_the_threshold():
    rng = np.random.default_rng(5)
    series = np.vstack([rng.multinomial(30, [0.7, 0.3], size=6),
                        rng.multinomial(30, [0.4, 0.6], size=6)])
    threshold = no_change_penalty(series, min_size=2)
    assert threshold > 0
    assert segment(series, penalty=threshold * 0.999, min_size=2) != []
    assert segment(series, penalty=threshold * 1.001, min_size=2) == []


def test_segment_rejects_bad_input():
    with pytest.raises(ValueError, match="'penalty' parameter"):
        segment([[1, 2]], penalty=-1)
    with pytest.raises(ValueError, match="finite and >= 0"):
        segment([[1, -2]], penalty=1.0)
    with pytest.raises(ValueError, match="2-d array"):
        segment([1, 2, 3], penalty=1.0)


# --- dating a change: the posterior over its location -------------------------------------

# evidence of a change at period 3, again at period 6: the likelihood is largest for a split
# at 3, but most of the posterior lies in the five periods around 4
HEDGE = [[2, 0], [2, 0], [2, 0], [2, 2], [0, 1], [1, 0], [0, 2], [0, 2]]


def _direct_posterior(counts, dispersion=1.0, min_size=1):
    """Posterior over single splits from scipy's multinomial pmf, split by split."""
    counts = np.asarray(counts)
    splits = list(range(min_size, len(counts) - min_size + 1))
    loglik = []
    for s in splits:
        total = 0.0
        for part in (counts[:s], counts[s:]):
            shares = part.sum(axis=0) / part.sum()
            total += sum(multinomial.logpmf(row, row.sum(), shares) for row in part
                         if row.sum() > 0)
        loglik.append(total / dispersion)
    weights = np.exp(np.array(loglik) - max(loglik))
    return splits, weights / weights.sum()


@pytest.mark.parametrize("dispersion", [1.0, 3.0])
def test_split_posterior_is_the_normalised_likelihood(dispersion):
    rng = np.random.default_rng(11)
    counts = np.vstack([rng.multinomial(12, [0.6, 0.3, 0.1], size=5),
                        rng.multinomial(12, [0.3, 0.3, 0.4], size=5)])
    splits, direct = _direct_posterior(counts, dispersion, min_size=2)
    found = split_posterior(counts, min_size=2, dispersion=dispersion)
    assert found.index.tolist() == splits
    assert found.to_numpy() == pytest.approx(direct, rel=1e-9)
    assert found.sum() == pytest.approx(1.0)
    # by hand: [[3, 1], [3, 1], [1, 3], [1, 3]]; the split at 2 has likelihood
    # (3/4)^6 (1/4)^2 (1/4)^2 (3/4)^6 (binomial coefficients cancel); the split at 1 (and,
    # by symmetry, at 3) has (3/4)^3 (1/4) for the period alone and (5/12)^5 (7/12)^7 for
    # the other three
    at_2 = (3 / 4) ** 12 * (1 / 4) ** 4
    at_1 = (3 / 4) ** 3 * (1 / 4) * (5 / 12) ** 5 * (7 / 12) ** 7
    assert split_posterior([[3, 1], [3, 1], [1, 3], [1, 3]]).tolist() == pytest.approx(
        [at_1 / (2 * at_1 + at_2), at_2 / (2 * at_1 + at_2), at_1 / (2 * at_1 + at_2)])


def test_date_change_takes_the_window_of_most_posterior_mass():
    splits, post = _direct_posterior(HEDGE)
    # the likelihood's maximum, and the mass of each window of two periods either side
    assert splits[int(np.argmax(post))] == 3
    mass = {c: sum(p for s, p in zip(splits, post, strict=True) if abs(s - c) <= 2)
            for c in splits}
    assert max(mass, key=mass.get) == 4
    assert mass[4] > 0.9 > 0.75 > mass[3]
    assert DATE_WINDOW == 2
    assert date_change(HEDGE) == 4
    assert date_change(HEDGE, within=0) == 3  # no window: the likelihood's maximum
    # widening the posterior (a dispersion of 3) keeps the hedge here
    assert date_change(HEDGE, dispersion=3.0) == 4


def test_date_change_on_a_clean_step_is_the_step():
    # all mass on one split puts it in five windows: the tie goes to the split itself
    step = [[4, 0]] * 6 + [[0, 4]] * 6
    assert split_posterior(step).idxmax() == 6
    assert date_change(step) == 6
    assert date_change(step, min_size=2, dispersion=4.0) == 6


def test_date_change_counts_periods_on_the_calendar():
    # a five-period gap before period 5: a window centred on period 4 no longer reaches
    # the mass at periods 5 and 6; computed directly, window by window on the calendar
    positions = [0, 1, 2, 3, 4, 10, 11, 12]
    splits, post = _direct_posterior(HEDGE)
    where = dict(zip(range(len(positions)), positions, strict=True))
    mass = {c: sum(p for s, p in zip(splits, post, strict=True)
                   if abs(where[s] - where[c]) <= 2) for c in splits}
    # the windows centred on 2 and on 3 both hold splits 1 to 4, the most mass: a tie,
    # which goes to the centre of higher posterior, 3 (the likelihood's maximum)
    assert mass[2] == pytest.approx(mass[3]) and mass[3] == pytest.approx(max(mass.values()))
    assert mass[4] < mass[3]
    assert post[splits.index(3)] > post[splits.index(2)]
    assert date_change(HEDGE, positions=positions) == 3


def test_dispersion_is_pearson_chi_square_over_df():
    alternating = np.array([[3, 1], [1, 3], [3, 1], [1, 3]], dtype=float)
    # one segment: expected [2, 2] each period, chi-square 1 per period, 3 x 1 df
    assert _dispersion(alternating, []) == pytest.approx(4 / 3)
    # two segments [[3, 1], [1, 3]]: chi-square 2 and 1 df each
    assert _dispersion(alternating, [2]) == pytest.approx(2.0)
    # no degrees of freedom, or less variation than multinomial: 1
    assert _dispersion(alternating, [1, 2, 3]) == 1.0
    assert _dispersion(np.array([[2, 2], [2, 2]], dtype=float), []) == 1.0


def test_dating_rejects_bad_input():
    with pytest.raises(ValueError, match="'dispersion' parameter"):
        date_change(HEDGE, dispersion=0)
    with pytest.raises(ValueError, match="'dispersion' parameter"):
        split_posterior(HEDGE, dispersion=float("nan"))
    with pytest.raises(ValueError, match="positions must be 8 increasing"):
        date_change(HEDGE, positions=[0, 1, 2, 3, 3, 4, 5, 6])
    with pytest.raises(ValueError, match="no split leaving min_size=5"):
        date_change(HEDGE, min_size=5)
    with pytest.raises(ValueError, match="'within' parameter"):
        date_change(HEDGE, within=-1)


# --- shifts() on counts tables -------------------------------------------------------------

def test_step_with_a_gap_and_undated_documents():
    docs = (daily("x", "2020-03-01", 6, 4, 3, 1, "a")      # 75 % FIRST
            + daily("x", "2020-03-10", 6, 4, 1, 3, "b")    # 25 % FIRST, after a 3-day gap
            + [("u1", "x", None, 5, 0), ("u2", "x", None, 0, 5)]
            + daily("x", "2020-03-01", 12, 1, 0, 0, "z"))  # documents without the dimension
    table = counts_table(docs)
    with pytest.warns(UserWarning, match="2 of 62 document"):
        result = shifts(table, dimension=DIMENSION.id, n_perm=99, n_boot=200, min_docs=5)
    assert list(result.columns) == ["outlet", *SHIFT_COLUMNS]
    assert result.attrs["undated"] == 2
    assert len(result) == len(LABELS)  # one changepoint, one row per label
    row = result.set_index("category").loc[FIRST]
    assert row["date"] == pd.Timestamp("2020-03-10"), row["date"]
    assert row["gap_before"] == 3  # 7, 8 and 9 March have no document
    assert row["date_low"] <= row["date"] <= row["date_high"]
    assert (row["docs_before"], row["docs_after"]) == (24, 24)
    assert (row["hits_before"], row["hits_after"]) == (72, 24)
    assert row["share_before"] == pytest.approx(0.75)
    assert row["share_after"] == pytest.approx(0.25)
    assert row["change"] == pytest.approx(-50.0)
    assert row["tvd"] == pytest.approx(50.0)
    assert row["change_low"] <= -50.0 <= row["change_high"]  # identical documents
    assert row["series_p_value"] == pytest.approx(0.01)  # no shuffle reaches the real split
    series = result.attrs["series"][0]
    assert series["n_docs"] == 48 and series["n_periods"] == 12
    assert series["n_changepoints"] == 1


def test_two_steps_in_a_counts_table():
    docs = (daily("x", "2021-01-01", 5, 3, 4, 0, "a") + daily("x", "2021-01-06", 5, 3, 0, 4, "b")
            + daily("x", "2021-01-11", 5, 3, 4, 0, "c"))
    result = shifts(counts_table(docs), dimension=DIMENSION.id, n_perm=99, n_boot=100)
    points = result.drop_duplicates("changepoint")
    assert points["date"].tolist() == [pd.Timestamp("2021-01-06"), pd.Timestamp("2021-01-11")]
    first = result[(result["changepoint"] == 1) & (result["category"] == FIRST)].iloc[0]
    assert first["change"] == pytest.approx(-100.0)
    assert first["before_start"] == pd.Timestamp("2021-01-01")
    assert first["after_end"] == pd.Timestamp("2021-01-10")


def test_no_change_gives_no_rows_and_says_so():
    rng = np.random.default_rng(0)
    docs = []
    for day in range(20):
        for k in range(6):
            first = int(rng.integers(0, 4))
            docs.append((f"d{day}-{k}", "x", pd.Timestamp("2022-05-01") + pd.Timedelta(days=day),
                         first, 3 - first + 1))
    result = shifts(counts_table(docs), dimension=DIMENSION.id, n_perm=99, n_boot=0)
    assert result.empty
    series = result.attrs["series"][0]
    assert series["status"] == "segmented" and series["n_changepoints"] == 0
    assert series["statistic"] <= series["penalty"]


def test_small_outlets_are_reported_not_dropped():
    docs = (daily("big", "2020-01-01", 6, 5, 5, 0, "a")
            + daily("big", "2020-01-07", 6, 5, 0, 5, "b")
            + daily("tiny", "2020-01-01", 3, 1, 1, 1, "t"))
    with pytest.warns(UserWarning, match="too few"):
        result = shifts(counts_table(docs), dimension=DIMENSION.id, n_perm=99, n_boot=50)
    assert set(result["outlet"]) == {"big"}
    (tiny,) = result.attrs["too_few"]
    assert tiny["outlet"] == "tiny" and tiny["n_docs"] == 3
    assert "fewer than 20 documents" in tiny["status"]
    assert {s["outlet"] for s in result.attrs["series"]} == {"big", "tiny"}


def test_bic_penalty_and_weekly_periods():
    docs = daily("x", "2020-01-06", 28, 2, 3, 1, "a") + daily("x", "2020-02-03", 28, 2, 1, 3, "b")
    result = shifts(counts_table(docs), dimension=DIMENSION.id, freq="W", penalty="bic",
                    n_perm=0, n_boot=100)
    series = result.attrs["series"][0]
    assert series["penalty"] == pytest.approx(2 / 2 * math.log(448))  # K = 2 labels used
    assert math.isnan(series["p_value"])
    assert result["date"].unique().tolist() == [pd.Timestamp("2020-02-03")]  # a Monday
    assert result.attrs["shifts"]["freq"] == "W"


def test_all_documents_together():
    docs = daily("x", "2020-01-01", 5, 3, 4, 0, "a") + daily("y", "2020-01-06", 5, 3, 0, 4, "b")
    result = shifts(counts_table(docs), dimension=DIMENSION.id, by=None, n_perm=99, n_boot=50)
    assert "outlet" not in result.columns
    assert result["date"].unique().tolist() == [pd.Timestamp("2020-01-06")]


def test_parameter_errors():
    table = counts_table(daily("x", "2020-01-01", 6, 2, 1, 1, "a"))
    with pytest.raises(ValueError, match=r"'penalty' parameter of framing\.shifts"):
        shifts(table, penalty="aic")
    with pytest.raises(ValueError, match="'freq' parameter"):
        shifts(table, freq="Y")
    with pytest.raises(ValueError, match="needs n_perm >= 19"):
        shifts(table, n_perm=10)
    with pytest.raises(ValueError, match="no dimension"):
        shifts(table, dimension="weather")
    with pytest.raises(KeyError, match="no 'outlet' column"):
        shifts(table.drop(columns="outlet"))
    with pytest.raises(TypeError, match="must hold datetimes"):
        shifts(table.assign(date=table["date"].astype(str)))


# --- SaudiNewsNet ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def saudinewsnet_table(saudinewsnet_dir):
    """SaudiNewsNet's counts with outlet and date (scored once, cached)."""
    from framing.indicators import attach_metadata

    counts = framing.score_path(saudinewsnet_dir, progress=False).counts
    corpus = framing.load_corpus(saudinewsnet_dir)[["doc_id", "outlet", "date"]]
    return attach_metadata(counts, corpus)


@pytest.mark.saudinewsnet
def test_saudinewsnet_all_series_and_a_planted_switch(saudinewsnet_table):
    table = saudinewsnet_table
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the small outlets are listed in attrs
        result = shifts(table, n_perm=99, n_boot=200)
    elapsed = time.perf_counter() - t0
    assert elapsed < 10, f"all outlets x dimensions took {elapsed:.1f} s"
    n_outlets = table["outlet"].nunique()
    assert len(result.attrs["series"]) == n_outlets * len(LEXICON.dimensions)
    assert result.attrs["too_few"], "SaudiNewsNet has outlets with few articles"
    if len(result):
        per_point = result.groupby(["outlet", "dimension", "changepoint"])
        assert np.allclose(per_point["share_before"].sum(), 1.0)
        assert np.allclose(per_point["share_after"].sum(), 1.0)
        assert (result["date_low"] <= result["date"]).all()
        assert (result["date"] <= result["date_high"]).all()
        assert (result["series_p_value"] <= 0.05).all()  # penalty calibrated at alpha 0.05

    # real articles, re-dated: 12 days drawn from one outlet's, then 12 from another's
    using = table[table[LABELS].sum(axis=1) > 0]
    shares = using.groupby("outlet")[LABELS].sum()
    shares = shares[using["outlet"].value_counts().reindex(shares.index) >= 150]
    shares = shares.div(shares.sum(axis=1), axis=0)
    gaps = {(a, b): 50 * (shares.loc[a] - shares.loc[b]).abs().sum()
            for a in shares.index for b in shares.index if a < b}
    (a, b), distance = max(gaps.items(), key=lambda item: item[1])
    assert distance > 15
    rng = np.random.default_rng(0)
    start = pd.Timestamp("2021-01-01")
    parts = []
    for outlet, first_day in ((a, 0), (b, 12)):
        pool = using[using["outlet"] == outlet]
        drawn = pool.iloc[rng.integers(0, len(pool), 12 * 40)].copy()
        drawn["date"] = start + pd.to_timedelta(first_day + np.arange(len(drawn)) // 40,
                                                unit="D")
        parts.append(drawn)
    planted = pd.concat(parts, ignore_index=True).assign(outlet="planted")
    planted["doc_id"] = [f"p{k}" for k in range(len(planted))]
    found = shifts(planted, dimension=DIMENSION.id, n_perm=99, n_boot=200)
    dates = found.drop_duplicates("changepoint")
    nearest = dates.iloc[int(np.argmin((dates["date"] - start).dt.days.sub(12).abs()))]
    assert abs((nearest["date"] - start).days - 12) <= 2
    assert nearest["date_low"] <= start + pd.Timedelta(days=12) <= nearest["date_high"]


def test_a_series_result_does_not_depend_on_the_other_series_analysed():
    # three outlets with noisy two-label series; B's penalty, statistic and intervals must
    # be the same whether B is analysed alone or after A and before C
    rng = np.random.default_rng(11)
    docs = []
    for outlet in ("A", "B", "C"):
        for day in range(14):
            date = pd.Timestamp("2015-07-01") + pd.Timedelta(days=day)
            for k in range(6):
                first = int(rng.integers(0, 4)) + (3 if outlet == "B" and day >= 7 else 0)
                docs.append((f"{outlet}{day}-{k}", outlet, date, first, int(rng.integers(0, 4))))
    table = counts_table(docs)
    together = shifts(table, dimension=DIMENSION.id, n_perm=49, n_boot=50, seed=5, min_docs=5)
    alone = shifts(table[table["outlet"] == "B"], dimension=DIMENSION.id, n_perm=49,
                   n_boot=50, seed=5, min_docs=5)
    series = pd.DataFrame(together.attrs["series"])
    b_row = series[series["outlet"] == "B"].iloc[0]
    alone_row = pd.DataFrame(alone.attrs["series"]).iloc[0]
    assert b_row["penalty"] == alone_row["penalty"]
    assert b_row["n_changepoints"] == alone_row["n_changepoints"] >= 1
    pd.testing.assert_frame_equal(
        together[together["outlet"] == "B"].reset_index(drop=True),
        alone.reset_index(drop=True))


# --- a seven-label dimension on resampled SaudiNewsNet articles ------------------------------

SEVEN = "armed_group_label"


def _two_profiles(table: pd.DataFrame, labels: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The articles using the dimension of the two outlets (150 or more such articles) whose
    pooled label shares differ most."""
    using = table[table[labels].sum(axis=1) > 0]
    sizes = using["outlet"].value_counts()
    hits = using.groupby("outlet")[labels].sum().loc[sorted(sizes[sizes >= 150].index)]
    shares = hits.div(hits.sum(axis=1), axis=0)
    pairs = [(a, b) for a in shares.index for b in shares.index if a < b]
    a, b = max(pairs, key=lambda p: (shares.loc[p[0]] - shares.loc[p[1]]).abs().sum())
    return (using[using["outlet"] == a].reset_index(drop=True),
            using[using["outlet"] == b].reset_index(drop=True))


def _mixed_series(pool_a: pd.DataFrame, pool_b: pd.DataFrame, labels: list[str], size: float,
                  per_day: int, days: int, change: int, rng: np.random.Generator
                  ) -> pd.DataFrame:
    """Real articles re-dated: every day ``per_day`` drawn from A's; from day ``change`` on
    each is B's with the probability that moves the expected label shares by ``size``
    points (total variation)."""
    mean_a = pool_a[labels].to_numpy(float).mean(axis=0)
    mean_b = pool_b[labels].to_numpy(float).mean(axis=0)

    def moved(lam: float) -> float:
        mix = (1 - lam) * mean_a + lam * mean_b
        return 50 * np.abs(mix / mix.sum() - mean_a / mean_a.sum()).sum()

    low, high = 0.0, 1.0
    for _ in range(50):
        low, high = ((low + high) / 2, high) if moved((low + high) / 2) < size else \
            (low, (low + high) / 2)
    day = np.repeat(np.arange(days), per_day)
    from_b = (day >= change) & (rng.random(len(day)) < low)
    rows = pool_a.iloc[rng.integers(0, len(pool_a), len(day))].reset_index(drop=True)
    other = pool_b.iloc[rng.integers(0, len(pool_b), len(day))].reset_index(drop=True)
    rows.loc[from_b] = other.loc[from_b]
    return rows.assign(doc_id=[f"m{k}" for k in range(len(day))], outlet="mixed",
                       date=pd.Timestamp("2019-03-01") + pd.to_timedelta(day, unit="D"))


@pytest.mark.saudinewsnet
def test_a_partial_change_in_a_seven_label_dimension_is_found_and_dated(saudinewsnet_table):
    # 25 points of total variation spread over seven labels (about 60 % of the articles
    # after the change come from the other outlet), 20 articles a day: the simulation finds
    # such changes within two days about nine times in ten; this seed is one of them
    labels = [c.id for c in LEXICON.categories if c.dimension == SEVEN]
    assert len(labels) == 7
    pool_a, pool_b = _two_profiles(saudinewsnet_table, labels)
    series = _mixed_series(pool_a, pool_b, labels, 25, 20, 30, 15, np.random.default_rng(4))
    found = shifts(series, dimension=SEVEN, n_perm=199, n_boot=300, seed=0)
    points = found.drop_duplicates("changepoint")
    planted = pd.Timestamp("2019-03-16")
    nearest = points.iloc[int(np.argmin((points["date"] - planted).dt.days.abs().to_numpy()))]
    assert abs((nearest["date"] - planted).days) <= 2
    assert nearest["date_low"] <= planted <= nearest["date_high"]
    assert nearest["series_p_value"] <= 0.05
    # the moves go the way the two outlets differ: the label that moves most is one that B
    # uses more (or less) than A, in that direction
    moves = found[found["changepoint"] == nearest["changepoint"]].set_index("category")
    top = moves["change"].abs().idxmax()
    share_a = pool_a[labels].sum() / pool_a[labels].to_numpy().sum()
    share_b = pool_b[labels].sum() / pool_b[labels].to_numpy().sum()
    assert np.sign(moves.loc[top, "change"]) == np.sign(share_b[top] - share_a[top])
    assert 10 < nearest["tvd"] < 45


@pytest.mark.saudinewsnet
def test_seven_label_null_series_stay_quiet_at_alpha(saudinewsnet_table):
    # forty series of 30 days x 20 real articles drawn from both outlets alike (no change):
    # the permutation penalty lets a series show a shift with probability 0.05, and a series
    # shows one exactly when its p-value is at most alpha
    labels = [c.id for c in LEXICON.categories if c.dimension == SEVEN]
    pool = pd.concat(_two_profiles(saudinewsnet_table, labels), ignore_index=True)
    rng = np.random.default_rng(8)
    n_series, days, per_day = 40, 30, 20
    table = pool.iloc[rng.integers(0, len(pool), n_series * days * per_day)].reset_index(
        drop=True)
    k = np.arange(len(table))
    table = table.assign(doc_id=[f"n{j}" for j in k],
                         outlet=[f"null{j:02d}" for j in k // (days * per_day)],
                         date=pd.Timestamp("2019-03-01") + pd.to_timedelta(
                             (k // per_day) % days, unit="D"))
    found = shifts(table, dimension=SEVEN, n_perm=99, n_boot=0, seed=0)
    series = pd.DataFrame(found.attrs["series"])
    assert len(series) == n_series and (series["status"] == "segmented").all()
    assert (series["n_periods"] == days).all()
    alarms = series["n_changepoints"] > 0
    assert alarms.sum() <= 6  # binomial(40, 0.05): 6 or fewer with probability 0.997
    assert ((series["p_value"] <= 0.05) == alarms).all()
    assert found["outlet"].nunique() == alarms.sum()


@pytest.mark.saudinewsnet
def test_changepoints_are_dated_by_the_posterior_window_between_their_neighbours(
        saudinewsnet_table):
    # two changes in resampled real articles (A, then B in part, then A again): each
    # changepoint's date is what date_change gives on the daily counts between its
    # neighbours, the likelihood divided by the series' Pearson dispersion about the optimal
    # segmentation at the calibrated penalty
    labels = [c.id for c in LEXICON.categories if c.dimension == SEVEN]
    pool_a, pool_b = _two_profiles(saudinewsnet_table, labels)
    rng = np.random.default_rng(21)
    first = _mixed_series(pool_a, pool_b, labels, 35, 20, 24, 10, rng)
    second = _mixed_series(pool_a, pool_b, labels, 0.001, 20, 12, 11, rng)
    second = second.assign(date=second["date"] + pd.Timedelta(days=24),
                           doc_id=[f"x{k}" for k in range(len(second))])
    series_table = pd.concat([first, second], ignore_index=True)
    found = shifts(series_table, dimension=SEVEN, n_perm=99, n_boot=0, seed=0)
    info = found.attrs["series"][0]
    daily_counts = series_table.groupby("date")[labels].sum()
    counts = daily_counts.to_numpy(float)
    optimal = segment(counts, penalty=info["penalty"], min_size=2)
    assert len(optimal) >= 1
    assert info["dispersion"] == pytest.approx(_dispersion(counts, optimal))
    assert 1.5 < info["dispersion"] < 10  # hits of one article repeat a label
    dated, left = [], 0
    for j in range(len(optimal)):
        right = optimal[j + 1] if j + 1 < len(optimal) else len(counts)
        dated.append(left + date_change(counts[left:right], min_size=2,
                                        dispersion=info["dispersion"]))
        left = dated[-1]
    points = found.drop_duplicates("changepoint")
    assert points["date"].tolist() == [daily_counts.index[d] for d in dated]
    # the segments described are the re-dated ones
    assert points["docs_before"].iloc[0] == 20 * dated[0]
