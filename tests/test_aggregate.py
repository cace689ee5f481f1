"""Aggregates with intervals: hand arithmetic, bootstrap behaviour, seeds and SaudiNewsNet."""

from __future__ import annotations

import json
import math
import time
import warnings
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import framing
from framing.aggregate import AGGREGATE_COLUMNS, aggregate, bootstrap_sums, wilson_interval
from framing.indicators import attach_metadata

Z95 = 1.959963984540054  # the normal quantile of 0.975

# two dimensions: labels x, y of one actor, and a lone label z
TINY = framing.Lexicon.from_dict({
    "name": "tiny",
    "dimensions": [
        {"id": "d1", "categories": [{"id": "x", "terms": ["قصف"]},
                                    {"id": "y", "terms": ["هجوم"]}]},
        {"id": "d2", "categories": [{"id": "z", "terms": ["حلب"]}]},
    ],
})


def _tiny_counts() -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": [1, 2, 3, 4, 5],
        "outlet": ["A", "A", "A", "B", "B"],
        "date": pd.to_datetime(["2015-07-21", "2015-07-22", "2015-08-05",
                                "2015-07-21", "2015-07-21"]),
        "n_tokens": [100, 200, 100, 50, 150],
        "x": [2, 0, 0, 1, 0],
        "y": [1, 1, 0, 0, 0],
        "z": [0, 0, 0, 1, 3],
    })


# -- Wilson ------------------------------------------------------------------------------


def test_wilson_against_the_closed_formula():
    # k = 3, n = 10, p = 0.3, z² = 3.841459
    z2 = Z95 ** 2
    denominator = 1 + z2 / 10                      # 1.3841459
    centre = (0.3 + z2 / 20) / denominator          # 0.355507
    half = Z95 / denominator * math.sqrt(0.3 * 0.7 / 10 + z2 / 400)   # 0.247714
    low, high = wilson_interval(3, 10)
    assert low == pytest.approx(centre - half, abs=1e-12)
    assert high == pytest.approx(centre + half, abs=1e-12)
    assert (round(low, 4), round(high, 4)) == (0.1078, 0.6032)
    # k = 0: the lower bound is 0 and the upper z²/n / (1 + z²/n), not a point at 0
    low0, high0 = wilson_interval(0, 10)
    assert low0 == pytest.approx(0.0, abs=1e-12)
    assert high0 == pytest.approx((z2 / 10) / (1 + z2 / 10))
    # k = n mirrors k = 0
    low_n, high_n = wilson_interval(10, 10)
    assert (low_n, high_n) == pytest.approx((1 - high0, 1.0))


def test_wilson_is_vectorised_and_checks_input():
    low, high = wilson_interval(np.array([0, 3, 5]), np.array([0, 10, 10]), ci=0.9)
    assert np.isnan(low[0]) and np.isnan(high[0])
    assert low[2] < 0.5 < high[2] and high[2] - 0.5 == pytest.approx(0.5 - low[2])
    narrower = wilson_interval(3, 10, ci=0.9)
    assert narrower[0] > wilson_interval(3, 10)[0]
    with pytest.raises(ValueError, match="0 <= k <= n"):
        wilson_interval(11, 10)
    with pytest.raises(ValueError, match="'ci' parameter"):
        wilson_interval(1, 10, ci=95)


# -- point estimates by hand -----------------------------------------------------------


def test_aggregate_ratio_of_sums_by_hand():
    table = aggregate(_tiny_counts(), lexicon=TINY, n_boot=0, min_docs=3)
    assert list(table.columns) == ["outlet", *AGGREGATE_COLUMNS]
    a = table[table["outlet"] == "A"].set_index("category")
    # outlet A: tokens 100 + 200 + 100 = 400; x hits 2; y hits 1 + 1 = 2
    assert a.loc["x", "tokens"] == 400 and a.loc["x", "n_docs"] == 3
    assert a.loc["x", "rate"] == pytest.approx(1000 * 2 / 400)        # 5.0
    assert a.loc["y", "rate"] == pytest.approx(1000 * 2 / 400)
    assert a.loc["x", "share"] == pytest.approx(2 / (2 + 2))          # 0.5
    assert a.loc["x", "dimension_hits"] == 4
    assert a.loc["y", "n_docs_using"] == 2 and a.loc["y", "doc_share"] == pytest.approx(2 / 3)
    # outlet A never says z: share NaN (no hit in d2), rate 0
    assert np.isnan(a.loc["z", "share"]) and a.loc["z", "rate"] == 0
    assert not a["low_n"].any()
    b = table[table["outlet"] == "B"].set_index("category")
    # outlet B: tokens 200, x 1, y 0, z 4
    assert b.loc["x", "share"] == 1.0 and b.loc["y", "share"] == 0.0
    assert b.loc["z", "rate"] == pytest.approx(1000 * 4 / 200)        # 20.0
    assert b.loc["z", "doc_share"] == 1.0
    assert b["low_n"].all()  # 2 documents < min_docs = 3: flagged, still shown
    # doc_share intervals are the Wilson intervals of n_docs_using / n_docs
    low, high = wilson_interval(2, 3)
    assert (a.loc["y", "doc_share_low"], a.loc["y", "doc_share_high"]) == pytest.approx(
        (low, high))
    # n_boot=0: no bootstrap intervals
    assert table["rate_low"].isna().all() and table["share_high"].isna().all()


def test_aggregate_whole_corpus_and_by_period():
    counts = _tiny_counts()
    overall = aggregate(counts, by=(), lexicon=TINY, n_boot=0).set_index("category")
    assert overall.loc["z", "rate"] == pytest.approx(1000 * 4 / 600)
    assert overall.loc["x", "share"] == pytest.approx(3 / 5)
    weekly = aggregate(counts, freq="W", lexicon=TINY, n_boot=0, min_docs=1)
    # 21 July 2015 was a Tuesday: weeks start on Monday 20 July, 27 July and 3 August;
    # both outlets get every week, empty ones included (n_docs 0, flagged)
    periods = sorted(weekly["period"].unique())
    assert periods == list(pd.to_datetime(["2015-07-20", "2015-07-27", "2015-08-03"]))
    assert len(weekly) == 2 * 3 * 3
    empty = weekly[(weekly["outlet"] == "B") & (weekly["period"] == periods[1])]
    assert (empty["n_docs"] == 0).all() and empty["rate"].isna().all() and empty["low_n"].all()
    first = weekly[(weekly["outlet"] == "A") & (weekly["period"] == periods[0])]
    assert first["n_docs"].iloc[0] == 2 and first.set_index("category").loc["y", "hits"] == 2
    with pytest.warns(UserWarning, match="every cell has fewer than 5 documents"):
        daily = aggregate(counts, freq="D", lexicon=TINY, n_boot=0)
    assert daily["period"].nunique() == 16  # 21 July to 5 August


def test_aggregate_explains_bad_input():
    counts = _tiny_counts()
    with pytest.raises(KeyError, match="attach_metadata"):
        aggregate(counts.drop(columns="outlet"), lexicon=TINY)
    with pytest.raises(ValueError, match=r"'freq' parameter.*Got 'Q'"):
        aggregate(counts, lexicon=TINY, freq="Q")
    no_date = counts.assign(date=counts["date"].where(counts["doc_id"] != 2))
    with pytest.raises(ValueError, match=r"1 document\(s\) have no date: 2"):
        aggregate(no_date, lexicon=TINY, freq="D")
    no_outlet = counts.assign(outlet=counts["outlet"].where(counts["doc_id"] != 5))
    with pytest.raises(ValueError, match="have no 'outlet'"):
        aggregate(no_outlet, lexicon=TINY)
    with pytest.raises(KeyError, match="lacks column"):
        aggregate(counts)  # scored with TINY, not the default lexicon


# -- bootstrap ---------------------------------------------------------------------------


def test_bootstrap_sums_resample_rows():
    values = np.array([[1.0, 10.0], [2.0, 20.0], [3.0, 30.0]])
    sums = bootstrap_sums(values, 500, np.random.default_rng(1))
    # every resample is 3 rows of the table: the second column is 10 × the first,
    # the first is between 3 (1+1+1) and 9 (3+3+3), and the average is 3 × mean = 6
    assert np.allclose(sums[:, 1], 10 * sums[:, 0])
    assert sums[:, 0].min() >= 3 and sums[:, 0].max() <= 9
    assert sums[:, 0].mean() == pytest.approx(6, abs=0.15)
    assert np.array_equal(sums, bootstrap_sums(values, 500, np.random.default_rng(1)))


def _simulated(n_groups: int, n_docs: int, seed: int) -> pd.DataFrame:
    """Documents with known rates: x at 2 and y at 6 per 1,000 tokens (share of x: 0.25)."""
    rng = np.random.default_rng(seed)
    tokens = rng.integers(100, 900, size=n_groups * n_docs)
    return pd.DataFrame({
        "doc_id": np.arange(n_groups * n_docs),
        "outlet": np.repeat(np.arange(n_groups), n_docs),
        "n_tokens": tokens,
        "x": rng.poisson(2 * tokens / 1000),
        "y": rng.poisson(6 * tokens / 1000),
        "z": rng.poisson(0.5 * tokens / 1000),
    })


def test_bootstrap_is_reproducible_and_seed_dependent():
    counts = _simulated(3, 40, seed=3)
    first = aggregate(counts, lexicon=TINY, n_boot=300, random_state=7)
    again = aggregate(counts, lexicon=TINY, n_boot=300, random_state=7)
    other = aggregate(counts, lexicon=TINY, n_boot=300, random_state=8)
    pd.testing.assert_frame_equal(first, again)
    assert not np.allclose(first["rate_low"], other["rate_low"])
    # point estimates do not depend on the seed; intervals bracket them
    assert np.allclose(first["rate"], other["rate"])
    assert (first["rate_low"] <= first["rate"]).all()
    assert (first["rate"] <= first["rate_high"]).all()
    assert (first["share_low"] <= first["share"]).all()
    assert (first["share"] <= first["share_high"]).all()


def test_bootstrap_intervals_cover_the_true_values():
    # 300 groups of 80 documents drawn from known rates: about 95% of the intervals
    # should contain the true rate (2 per 1,000) and share (2 / (2 + 6) = 0.25)
    counts = _simulated(300, 80, seed=11)
    table = aggregate(counts, lexicon=TINY, n_boot=400, random_state=0)
    x = table[table["category"] == "x"]
    rate_cover = ((x["rate_low"] <= 2.0) & (x["rate_high"] >= 2.0)).mean()
    share_cover = ((x["share_low"] <= 0.25) & (x["share_high"] >= 0.25)).mean()
    print(f"coverage of 95% intervals: rate {rate_cover:.3f}, share {share_cover:.3f}")
    assert 0.89 <= rate_cover <= 0.99
    assert 0.89 <= share_cover <= 0.99
    # a 50% interval is much narrower and covers about half the time
    half = aggregate(counts, lexicon=TINY, n_boot=400, ci=0.5, random_state=0)
    hx = half[half["category"] == "x"]
    assert 0.38 <= ((hx["rate_low"] <= 2.0) & (hx["rate_high"] >= 2.0)).mean() <= 0.62


def test_bootstrap_runs_fast_at_corpus_scale():
    counts = _simulated(14, 2200, seed=5)  # SaudiNewsNet's size: 14 outlets, ~31k documents
    start = time.perf_counter()
    table = aggregate(counts, lexicon=TINY, n_boot=1000)
    print(f"aggregate of {len(counts)} documents, 14 outlets, 1000 resamples: "
          f"{time.perf_counter() - start:.2f} s")
    assert table["rate_low"].notna().all()


# -- seeds -------------------------------------------------------------------------------

# outlets and dates of the seed articles, from shared/seeds/README.md
SEED_OUTLETS = {
    "000_618f82435d22ff3b": ("Buratha News", "2016-10-02"),
    "001_bd2704263292804c": ("Egyptian site", "2016-12-12"),
    "002_7acfac26dd0fc582": ("Micro Syria", "2016-10-02"),
    "003_84cb40cc55fd52e3": ("Al Mayadeen", "2016-11-03"),
    "004_3c14a0ab08de09f5": ("Al Mayadeen", "2016-10-06"),
}


def test_aggregate_seeds_by_outlet_and_month(seed_texts):
    corpus = pd.DataFrame({"doc_id": list(seed_texts), "text": list(seed_texts.values()),
                           "outlet": [SEED_OUTLETS[k][0] for k in seed_texts],
                           "date": pd.to_datetime([SEED_OUTLETS[k][1] for k in seed_texts])})
    scores = framing.score(corpus, progress=False)
    counts = attach_metadata(scores.counts, corpus)
    with pytest.warns(UserWarning, match="every cell has fewer than 5 documents"):
        table = aggregate(counts, n_boot=200)
    mayadeen = table[table["outlet"] == "Al Mayadeen"].set_index("category")
    c = counts[counts["outlet"] == "Al Mayadeen"]
    assert mayadeen.loc["militant", "n_docs"] == 2
    assert mayadeen.loc["militant", "hits"] == c["militant"].sum()
    assert mayadeen.loc["militant", "rate"] == pytest.approx(
        1000 * c["militant"].sum() / c["n_tokens"].sum())
    assert table["low_n"].all()  # at most two articles per outlet: every cell is flagged
    regime = table[table["category"] == "regime"].set_index("outlet")["share"]
    assert regime["Micro Syria"] > regime["Al Mayadeen"]
    assert table.attrs["lexicon_name"] == "default"
    monthly = aggregate(counts, freq="M", n_boot=0, min_docs=1)
    assert sorted(monthly["period"].unique()) == list(
        pd.to_datetime(["2016-10-01", "2016-11-01", "2016-12-01"]))


def test_undated_documents_error_or_drop(seed_texts):
    """A seed article without a date: an error naming it by default; with undated="drop"
    it is left out of every month, once, with a warning and its number in attrs."""
    corpus = pd.DataFrame({"doc_id": list(seed_texts), "text": list(seed_texts.values()),
                           "outlet": [SEED_OUTLETS[k][0] for k in seed_texts],
                           "date": pd.to_datetime([SEED_OUTLETS[k][1] for k in seed_texts])})
    undated = "001_bd2704263292804c"  # the Egyptian article, December 2016
    corpus.loc[corpus["doc_id"] == undated, "date"] = pd.NaT
    counts = attach_metadata(framing.score(corpus, progress=False).counts, corpus)
    with pytest.raises(ValueError, match=f"1 document\\(s\\) have no date: '{undated}'. "
                                         "Date them, or pass undated='drop'"):
        aggregate(counts, freq="M", n_boot=0, min_docs=1)
    with pytest.warns(UserWarning, match="1 of 5 document\\(s\\) have no date") as caught:
        monthly = aggregate(counts, freq="M", n_boot=20, min_docs=1, undated="drop")
    assert len(caught) == 1  # once, not per cell
    assert monthly.attrs["undated"] == 1
    assert monthly.attrs["aggregate"]["undated"] == "drop"
    # December had only the undated article: the series now ends in November
    assert sorted(monthly["period"].unique()) == list(pd.to_datetime(["2016-10-01",
                                                                      "2016-11-01"]))
    militant = monthly[monthly["category"] == "militant"]
    assert militant["n_docs"].sum() == 4
    dated = counts[counts["doc_id"] != undated]
    assert militant["hits"].sum() == dated["militant"].sum()
    # the Egyptian outlet had no other article: it has no row at all
    assert "Egyptian news site" not in set(monthly["outlet"])
    # without freq, nothing is time-based: the undated article counts, nothing is recorded
    whole = aggregate(counts, n_boot=0, min_docs=1, undated="drop")
    assert whole[whole["category"] == "militant"]["n_docs"].sum() == 5
    assert "undated" not in whole.attrs
    # all dated: no warning, attrs["undated"] is 0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        complete = aggregate(dated, freq="M", n_boot=0, min_docs=1, undated="drop")
    assert complete.attrs["undated"] == 0
    with pytest.raises(ValueError, match="'undated' parameter"):
        aggregate(counts, freq="M", undated="skip")


# -- SaudiNewsNet ------------------------------------------------------------------------


def _read_saudinewsnet(folder: Path) -> pd.DataFrame:
    """The corpus table of the SaudiNewsNet zips (one JSON array per daily zip)."""
    rows = []
    for path in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                for k, item in enumerate(json.loads(archive.read(name).decode("utf-8"))):
                    rows.append({"doc_id": f"{path.stem}-{k:05d}", "outlet": item["source"],
                                 "date": item["date_extracted"], "title": item["title"] or "",
                                 "text": item["content"] or "", "url": item["url"]})
    corpus = pd.DataFrame(rows)
    corpus["date"] = pd.to_datetime(corpus["date"])
    return corpus


@pytest.fixture(scope="session")
def saudinewsnet_scores(saudinewsnet_dir) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Counts with outlet and date, and the hits, of the whole of SaudiNewsNet."""
    start = time.perf_counter()
    corpus = _read_saudinewsnet(saudinewsnet_dir)
    scores = framing.score(corpus, progress=False)
    print(f"\nread and scored {len(corpus)} SaudiNewsNet articles in "
          f"{time.perf_counter() - start:.1f} s")
    return attach_metadata(scores.counts, corpus), scores.hits


@pytest.fixture(scope="session")
def saudinewsnet_counts(saudinewsnet_scores) -> pd.DataFrame:
    return saudinewsnet_scores[0]


# the Houthi labels with "militias of the Houthi" apart: a lexicon used for its
# structure only (the counts are derived from the default lexicon's hits)
HOUTHI_NAMING = framing.Lexicon.from_dict({
    "name": "houthi-naming",
    "dimensions": [{"id": "houthi_naming", "categories": [
        {"id": "houthi_militia", "terms": ["ميليشيات الحوثي"]},
        {"id": "houthi_plain", "terms": ["حوثي"]},
        {"id": "putschist", "terms": ["انقلابي"]},
        {"id": "ansar_allah", "terms": ["أنصار الله"]},
    ]}],
})


def _houthi_naming_counts(counts: pd.DataFrame, hits: pd.DataFrame) -> pd.DataFrame:
    """Split each document's Houthi count into "militia + Houthi" and plain "Houthi"."""
    militia = hits.loc[hits["category"] == "militia", ["doc_id", "token_end"]]
    houthi = hits.loc[hits["category"] == "houthi", ["doc_id", "token_start"]]
    adjacent = militia.merge(houthi, left_on=["doc_id", "token_end"],
                             right_on=["doc_id", "token_start"])
    per_doc = adjacent.groupby("doc_id").size()
    out = counts[["doc_id", "outlet", "n_tokens", "putschist", "ansar_allah"]].copy()
    out["houthi_militia"] = per_doc.reindex(out["doc_id"]).fillna(0).astype("int64").to_numpy()
    out["houthi_plain"] = counts["houthi"].to_numpy() - out["houthi_militia"]
    out.attrs = {}  # derived counts: not the default lexicon's any more
    return out


@pytest.mark.saudinewsnet
def test_saudinewsnet_houthi_labels_by_outlet(saudinewsnet_counts):
    counts = saudinewsnet_counts
    start = time.perf_counter()
    table = aggregate(counts, n_boot=1000)
    print(f"aggregate by outlet, 1000 resamples: {time.perf_counter() - start:.2f} s")
    assert table["outlet"].nunique() == 14
    # totals agree with the counts
    totals = table.groupby("category")["hits"].sum()
    assert (totals == counts[totals.index].sum()).all()
    houthi = table[table["dimension"] == "houthi_label"]
    wide = houthi.pivot(index="outlet", columns="category",
                        values=["dimension_hits", "share", "share_low", "share_high"])
    shown = pd.DataFrame({
        "hits": wide["dimension_hits"]["houthi"].astype(int),
        **{f"{c} share [95% CI]": [
            f"{s:.2f} [{lo:.2f}, {hi:.2f}]" if not np.isnan(s) else "-"
            for s, lo, hi in zip(wide["share"][c], wide["share_low"][c], wide["share_high"][c],
                                 strict=True)]
           for c in ("houthi", "putschist", "ansar_allah")},
    })
    print("\nHow Saudi outlets name the Houthis (July-August 2015):")
    print(shown.sort_values("hits", ascending=False).to_string())
    used = houthi[houthi["dimension_hits"] >= 50]
    assert used["outlet"].nunique() >= 8
    by_label = used.pivot(index="outlet", columns="category", values="share")
    # in the Saudi press of the 2015 war the movement's own name, Ansar Allah, is rare:
    # every outlet with 50+ Houthi labels says "Houthi" and "putschist" far more often
    assert (by_label["ansar_allah"] < 0.1).all()
    assert (by_label["houthi"] > by_label["ansar_allah"]).all()
    assert (by_label["putschist"] > by_label["ansar_allah"]).sum() >= len(by_label) - 2
    assert ((used["share_low"] <= used["share"]) & (used["share"] <= used["share_high"])).all()
    militia = table[table["category"] == "militia"].set_index("outlet")
    print("\nmilitia per 1,000 tokens:")
    print(militia[["n_docs", "hits", "rate", "rate_low", "rate_high"]]
          .sort_values("rate", ascending=False).round(3).to_string())
    sports = militia.loc[["arreyadi", "arriyadiyah"]]
    assert (sports["hits"] <= 1).all()  # the sports papers barely mention militias


@pytest.mark.saudinewsnet
def test_saudinewsnet_militias_of_the_houthi(saudinewsnet_scores):
    counts, hits = saudinewsnet_scores
    naming = _houthi_naming_counts(counts, hits)
    assert (naming["houthi_plain"] >= 0).all()
    table = aggregate(naming, lexicon=HOUTHI_NAMING, n_boot=1000)
    wide = table.pivot(index="outlet", columns="category", values="share")
    low = table.pivot(index="outlet", columns="category", values="share_low")
    high = table.pivot(index="outlet", columns="category", values="share_high")
    n = table.groupby("outlet")["dimension_hits"].first()
    print("\nShare of each name among Houthi labels, 95% bootstrap intervals:")
    for outlet in n.sort_values(ascending=False).index[:12]:
        cells = "  ".join(f"{c} {wide.loc[outlet, c]:.2f} [{low.loc[outlet, c]:.2f}, "
                          f"{high.loc[outlet, c]:.2f}]"
                          for c in ("houthi_militia", "houthi_plain", "putschist"))
        print(f"{outlet:>13} ({n[outlet]:4d}): {cells}")
    big = n[n >= 100].index
    # "militias of the Houthi" is a common Saudi formula: a sizeable share everywhere
    assert (wide.loc[big, "houthi_militia"] > 0.05).all()
    assert naming["houthi_militia"].sum() > 300
    # the four names account for every label of the dimension
    assert np.allclose(wide.loc[big].sum(axis=1), 1.0)


@pytest.mark.saudinewsnet
def test_saudinewsnet_daily_series(saudinewsnet_counts):
    start = time.perf_counter()
    daily = aggregate(saudinewsnet_counts, freq="D", n_boot=200)
    print(f"daily aggregate, 200 resamples: {time.perf_counter() - start:.2f} s")
    days = daily["period"].nunique()
    assert days == (daily["period"].max() - daily["period"].min()).days + 1
    assert daily.groupby(["outlet", "period"]).ngroups == 14 * days
    # days with fewer than 5 articles are flagged, days without any are kept (n_docs 0)
    assert (daily["low_n"] == (daily["n_docs"] < 5)).all()
    sports = daily[daily["outlet"] == "arriyadiyah"]
    assert (sports["n_docs"] == 0).any() and sports["low_n"].any()
    assert sports.loc[sports["n_docs"] == 0, "rate"].isna().all()
    assert daily["n_docs"].sum() == len(saudinewsnet_counts) * len(framing.load_lexicon())
