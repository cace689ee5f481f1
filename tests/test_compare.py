"""Comparisons between outlets: share differences and label-distribution tests."""

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
from framing.compare import (
    label_distribution_summary,
    label_distribution_test,
    share_difference,
)
from framing.indicators import attach_metadata

HOUTHI = framing.Lexicon.from_dict({
    "name": "houthi",
    "dimensions": [{"id": "houthi_label", "categories": [
        {"id": "houthi", "terms": ["حوثي"]},
        {"id": "ansar_allah", "terms": ["أنصار الله"]},
        {"id": "putschist", "terms": ["انقلابي"]},
    ]}],
})

TWO_BY_TWO = framing.Lexicon.from_dict({
    "name": "two",
    "dimensions": [{"id": "d", "categories": [{"id": "x", "terms": ["قصف"]},
                                              {"id": "y", "terms": ["هجوم"]}]}],
})


def _four_documents() -> pd.DataFrame:
    # putschist / all Houthi labels per document: A: 3/4, 1/2; B: 0/3, 1/3
    return pd.DataFrame({
        "doc_id": ["d1", "d2", "d3", "d4"],
        "outlet": ["A", "A", "B", "B"],
        "n_tokens": 100,
        "houthi": [1, 1, 3, 2],
        "ansar_allah": 0,
        "putschist": [3, 1, 0, 1],
    })


# -- share_difference ---------------------------------------------------------------------


def test_share_difference_by_hand():
    result = share_difference(_four_documents(), "putschist", "A", "B", lexicon=HOUTHI)
    # A: (3 + 1) / (4 + 2) = 2/3; B: (0 + 1) / (3 + 3) = 1/6; difference 1/2
    assert result.share_a == pytest.approx(4 / 6)
    assert result.share_b == pytest.approx(1 / 6)
    assert result.difference == pytest.approx(0.5)
    assert (result.hits_a, result.dimension_hits_a) == (4, 6)
    assert (result.n_docs_a, result.n_docs_b) == (2, 2)
    assert result.dimension == "houthi_label" and result.test == "permutation"
    assert result.low <= result.difference <= result.high
    assert list(result.to_frame().columns[:3]) == ["category", "dimension", "by"]


def test_permutation_p_value_matches_the_exact_distribution():
    # All 6 ways to give two of the four documents (putschist, dimension hits)
    # d1 (3, 4), d2 (1, 2), d3 (0, 3), d4 (1, 3) to A, and the share difference A - B:
    #   {d1,d2}: 4/6 - 1/6 = +0.500     {d2,d3}: 1/5 - 4/7 = -0.371
    #   {d1,d3}: 3/7 - 2/5 = +0.029     {d2,d4}: 2/5 - 3/7 = -0.029
    #   {d1,d4}: 4/7 - 1/5 = +0.371     {d3,d4}: 1/6 - 4/6 = -0.500
    # |difference| >= 0.5 in 2 of 6: the exact two-sided p-value is 1/3.
    result = share_difference(_four_documents(), "putschist", "A", "B", lexicon=HOUTHI,
                              n_permutations=4000, random_state=3)
    assert result.n_permutations == 4000
    assert result.p_value == pytest.approx(1 / 3, abs=0.03)


def test_share_difference_is_reproducible_and_detects_real_differences():
    rng = np.random.default_rng(0)
    n = 400
    tokens = rng.integers(200, 800, 2 * n)
    outlet = np.repeat(["A", "B"], n)
    # A calls them putschists 40% of the time, B 10%; about 2,000 labels per outlet
    labels = rng.poisson(tokens / 100)
    putschist = rng.binomial(labels, np.where(outlet == "A", 0.4, 0.1))
    counts = pd.DataFrame({"doc_id": np.arange(2 * n), "outlet": outlet, "n_tokens": tokens,
                           "houthi": labels - putschist, "ansar_allah": 0,
                           "putschist": putschist})
    first = share_difference(counts, "putschist", "A", "B", lexicon=HOUTHI, random_state=5)
    again = share_difference(counts, "putschist", "A", "B", lexicon=HOUTHI, random_state=5)
    assert first == again
    assert first.difference == pytest.approx(0.3, abs=0.05)
    assert first.low < 0.3 < first.high and first.high - first.low < 0.1
    assert first.p_value < 0.001
    boot = share_difference(counts, "putschist", "A", "B", lexicon=HOUTHI, test="bootstrap")
    assert boot.p_value < 0.01 and boot.n_permutations == 0
    # the same outlet against a copy of itself: no difference
    same = counts[counts["outlet"] == "A"]
    half = same.assign(outlet=np.where(np.arange(len(same)) % 2, "A1", "A2"))
    null = share_difference(half, "putschist", "A1", "A2", lexicon=HOUTHI)
    assert null.low < 0 < null.high
    assert null.p_value > 0.05


def test_share_difference_explains_bad_input():
    counts = _four_documents()
    with pytest.raises(ValueError, match=r"no document has outlet == 'C'\. Known values: 'A', 'B'"):
        share_difference(counts, "putschist", "A", "C", lexicon=HOUTHI)
    with pytest.raises(KeyError, match="No category 'rebel'"):
        share_difference(counts, "rebel", "A", "B", lexicon=HOUTHI)
    with pytest.raises(ValueError, match="same group"):
        share_difference(counts, "putschist", "A", "A", lexicon=HOUTHI)
    with pytest.raises(ValueError, match="'test' parameter"):
        share_difference(counts, "putschist", "A", "B", lexicon=HOUTHI, test="t")


# -- label_distribution_test --------------------------------------------------------------


def _table(x_a: int, y_a: int, x_b: int, y_b: int) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [1, 2], "outlet": ["A", "B"], "n_tokens": 1000,
                         "x": [x_a, x_b], "y": [y_a, y_b]})


def test_chi2_and_cramers_v_by_hand():
    # observed: x: A 10, B 20; y: A 30, B 40; n = 100
    # expected: x: 30·40/100 = 12, 30·60/100 = 18; y: 70·40/100 = 28, 70·60/100 = 42
    chi2 = (10 - 12) ** 2 / 12 + (20 - 18) ** 2 / 18 + (30 - 28) ** 2 / 28 + (40 - 42) ** 2 / 42
    assert chi2 == pytest.approx(0.793651, abs=1e-6)
    result = label_distribution_test(_table(10, 30, 20, 40), "d", lexicon=TWO_BY_TWO)
    assert result.statistic == pytest.approx(chi2)
    assert result.dof == 1
    # with one degree of freedom, P(chi2 > x) = erfc(sqrt(x / 2))
    assert result.p_value == pytest.approx(math.erfc(math.sqrt(chi2 / 2)))
    assert result.cramers_v == pytest.approx(math.sqrt(chi2 / (100 * 1)))   # 0.0891
    assert result.expected.loc["x", "A"] == pytest.approx(12)
    assert result.table.loc["y", "B"] == 40
    assert result.n_hits == 100 and result.share_low_expected == 0


def test_g2_by_hand():
    g2 = 2 * (10 * math.log(10 / 12) + 20 * math.log(20 / 18)
              + 30 * math.log(30 / 28) + 40 * math.log(40 / 42))
    assert g2 == pytest.approx(0.8043, abs=1e-4)
    result = label_distribution_test(_table(10, 30, 20, 40), "d", method="g2",
                                     lexicon=TWO_BY_TWO)
    assert result.statistic == pytest.approx(g2)
    assert result.cramers_v == pytest.approx(math.sqrt(g2 / 100))
    assert result.method == "g2"


def test_sparse_tables_warn_and_empty_rows_are_reported():
    with pytest.warns(UserWarning, match="expect fewer than 5 hits"):
        result = label_distribution_test(_table(1, 2, 3, 4), "d", lexicon=TWO_BY_TWO)
    assert result.share_low_expected == 1.0
    counts = _four_documents().assign(ansar_allah=0)
    counts = pd.concat([counts, counts.assign(doc_id=lambda t: t["doc_id"] + "c",
                                              outlet="C", houthi=0, putschist=0)])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = label_distribution_test(counts, "houthi_label", lexicon=HOUTHI)
    messages = [str(w.message) for w in caught]
    assert any("left out of the test" in m and "ansar_allah" in m and "'C'" in m
               for m in messages)
    assert any("expect fewer than 5 hits" in m for m in messages)  # 4 cells, all below 5
    assert result.excluded_categories == ("ansar_allah",)
    assert result.excluded_groups == ("C",)
    assert result.table.shape == (3, 3)  # the observed table keeps everything
    assert result.expected.shape == (2, 2)
    with pytest.raises(ValueError, match="at least two of each"):
        label_distribution_test(counts[counts["outlet"] == "A"], "houthi_label",
                                lexicon=HOUTHI)
    with pytest.raises(KeyError, match="No dimension 'state'"):
        label_distribution_test(counts, "state", lexicon=HOUTHI)


# -- seeds --------------------------------------------------------------------------------

# outlets of the seed articles, from shared/seeds/README.md
SEED_OUTLETS = {
    "000_618f82435d22ff3b": "Buratha News",
    "001_bd2704263292804c": "Egyptian site",
    "002_7acfac26dd0fc582": "Micro Syria",
    "003_84cb40cc55fd52e3": "Al Mayadeen",
    "004_3c14a0ab08de09f5": "Al Mayadeen",
}


def test_seed_outlets_label_the_state_differently(seed_texts):
    corpus = pd.DataFrame({"doc_id": list(seed_texts), "text": list(seed_texts.values()),
                           "outlet": [SEED_OUTLETS[k] for k in seed_texts]})
    counts = attach_metadata(framing.score(corpus, progress=False).counts, corpus,
                             columns=("outlet",))
    with pytest.warns(UserWarning, match="expect fewer than 5 hits"):
        result = label_distribution_test(counts, "state_forces_label")
    observed = result.table
    assert observed.loc["regime", "Micro Syria"] == counts.loc[
        counts["outlet"] == "Micro Syria", "regime"].sum()
    assert observed.loc["regime"].drop("Micro Syria").sum() == 0
    # "the regime" is Micro Syria's alone: a strong association even in five articles
    assert result.cramers_v > 0.5
    assert result.p_value < 0.01
    difference = share_difference(counts, "regime", "Micro Syria", "Al Mayadeen",
                                  n_permutations=500, n_boot=500)
    assert difference.share_b == 0 and difference.difference > 0.5
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        summary = label_distribution_summary(counts)
    assert summary["dimension"].tolist() == [d.id for d in framing.load_lexicon().dimensions]
    houthi = summary.set_index("dimension").loc["houthi_label"]
    assert np.isnan(houthi["statistic"]) and "needs at least two" in houthi["note"]


# -- SaudiNewsNet -------------------------------------------------------------------------


def _read_saudinewsnet(folder: Path, n_days: int) -> pd.DataFrame:
    """The first ``n_days`` daily zips of SaudiNewsNet as a corpus table."""
    rows = []
    for path in sorted(folder.glob("*.zip"))[:n_days]:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                for k, item in enumerate(json.loads(archive.read(name).decode("utf-8"))):
                    rows.append({"doc_id": f"{path.stem}-{k:05d}", "outlet": item["source"],
                                 "text": item["content"] or ""})
    return pd.DataFrame(rows)


@pytest.fixture(scope="session")
def saudinewsnet_week(saudinewsnet_dir) -> pd.DataFrame:
    """Counts with outlet of the first seven days of SaudiNewsNet."""
    start = time.perf_counter()
    corpus = _read_saudinewsnet(saudinewsnet_dir, 7)
    counts = attach_metadata(framing.score(corpus, progress=False).counts, corpus,
                             columns=("outlet",))
    print(f"\nread and scored {len(corpus)} articles in {time.perf_counter() - start:.1f} s")
    return counts


@pytest.mark.saudinewsnet
def test_saudinewsnet_putschist_share_between_outlets(saudinewsnet_week):
    counts = saudinewsnet_week
    start = time.perf_counter()
    results = pd.concat([
        share_difference(counts, "putschist", a, b, n_boot=1000, n_permutations=1000).to_frame()
        for a, b in [("alwatan", "aawsat"), ("okaz", "alriyadh"), ("alwatan", "okaz")]
    ])
    print(f"\nthree comparisons: {time.perf_counter() - start:.2f} s")
    print(results[["group_a", "group_b", "dimension_hits_a", "dimension_hits_b", "share_a",
                   "share_b", "difference", "low", "high", "p_value"]].round(3).to_string())
    assert ((results["low"] <= results["difference"])
            & (results["difference"] <= results["high"])).all()
    assert results["p_value"].between(0, 1).all()
    houthi_labels = [c.id for c in framing.load_lexicon().categories
                     if c.dimension == "houthi_label"]
    assert "putschist" in houthi_labels and len(houthi_labels) >= 3
    for row in results.itertuples():
        a = counts[counts["outlet"] == row.group_a]
        assert row.hits_a == a["putschist"].sum()
        assert row.dimension_hits_a == a[houthi_labels].sum().sum()


@pytest.mark.saudinewsnet
def test_saudinewsnet_label_distributions(saudinewsnet_week):
    counts = saudinewsnet_week
    # the two sports papers say almost nothing about armed groups: leave them out
    news = counts[~counts["outlet"].isin(["arreyadi", "arriyadiyah"])]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        summary = label_distribution_summary(news, method="g2")
    print("\n" + summary.drop(columns="note").round(4).to_string())
    lexicon = framing.load_lexicon()
    for row in summary.itertuples():
        categories = [c.id for c in lexicon.categories if c.dimension == row.dimension]
        assert row.n_hits == news[categories].to_numpy().sum()
        assert 0 <= row.cramers_v <= 1
    with pytest.warns(UserWarning, match="expect fewer than 5 hits"):  # Ansar Allah is rare
        houthi = label_distribution_test(news, "houthi_label")
    assert houthi.table.columns.tolist() == sorted(news["outlet"].unique())
    assert houthi.table.loc["houthi"].sum() > houthi.table.loc["ansar_allah"].sum()
