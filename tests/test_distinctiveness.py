"""Outlet prediction from framing counts: simulated outlets, edge cases, SaudiNewsNet."""

from __future__ import annotations

import json
import time
import warnings
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import framing
from framing.distinctiveness import Distinctiveness, outlet_distinctiveness, outlet_features
from framing.indicators import attach_metadata

TINY = framing.Lexicon.from_dict({
    "name": "tiny",
    "dimensions": [
        {"id": "d1", "categories": [{"id": "x", "terms": ["قصف"]},
                                    {"id": "y", "terms": ["هجوم"]}]},
        {"id": "d2", "categories": [{"id": "z", "terms": ["حلب"]}]},
    ],
})


def _outlets(sizes: dict[str, int], rates: dict[str, tuple[float, float, float]], seed: int
             ) -> pd.DataFrame:
    """Documents of outlets that use x, y, z at the given rates per 1,000 tokens."""
    rng = np.random.default_rng(seed)
    frames = []
    for outlet, n in sizes.items():
        tokens = rng.integers(200, 800, n)
        rx, ry, rz = rates[outlet]
        frames.append(pd.DataFrame({
            "outlet": outlet, "n_tokens": tokens,
            "x": rng.poisson(rx * tokens / 1000), "y": rng.poisson(ry * tokens / 1000),
            "z": rng.poisson(rz * tokens / 1000),
        }))
    table = pd.concat(frames, ignore_index=True)
    table.insert(0, "doc_id", np.arange(len(table)))
    return table


def test_distinct_outlets_are_recognised():
    # A says x, B says y (the same actor named two ways); a third outlet is too small
    counts = _outlets({"A": 120, "B": 80, "C": 6},
                      {"A": (8, 1, 2), "B": (1, 8, 2), "C": (4, 4, 2)}, seed=1)
    with pytest.warns(UserWarning, match=r"fewer than 10 documents left out: 'C' \(6\)"):
        result = outlet_distinctiveness(counts, lexicon=TINY)
    assert isinstance(result, Distinctiveness)
    assert result.excluded_outlets == {"C": 6}
    assert result.n_docs == 200 and result.cv == 5 and len(result.fold_macro_f1) == 5
    assert result.macro_f1_mean > 0.9
    assert result.macro_f1_mean > result.baseline_macro_f1_mean + 0.4
    assert result.per_outlet["outlet"].tolist() == ["A", "B"]
    assert result.per_outlet["n_docs"].tolist() == [120, 80]
    assert result.confusion.to_numpy().sum() == 200
    assert result.confusion.loc["A"].sum() == 120
    # x speaks for A, y for B, and z (the same in both) weighs little
    top = result.top_coefficients
    assert top[top["outlet"] == "A"].iloc[0]["category"] == "x"
    assert top[top["outlet"] == "B"].iloc[0]["category"] == "y"
    coefficients = result.coefficients.set_index(["outlet", "category"])["coefficient"]
    assert abs(coefficients[("A", "z")]) < abs(coefficients[("A", "x")])
    assert "macro-F1" in result.summary()


def test_indistinguishable_outlets_score_near_chance():
    counts = _outlets({"A": 150, "B": 150}, {"A": (3, 3, 1), "B": (3, 3, 1)}, seed=2)
    result = outlet_distinctiveness(counts, lexicon=TINY)
    assert 0.3 < result.macro_f1_mean < 0.62


def test_majority_baseline_by_hand():
    # 60 A and 40 B documents: every stratified fold of 5 holds 12 A and 8 B. Always
    # predicting A gives F1(A) = 2 · 0.6 · 1 / (0.6 + 1) = 0.75 and F1(B) = 0: macro 0.375
    counts = _outlets({"A": 60, "B": 40}, {"A": (3, 1, 1), "B": (1, 3, 1)}, seed=3)
    result = outlet_distinctiveness(counts, lexicon=TINY)
    assert result.baseline_macro_f1_mean == pytest.approx(0.375)
    assert result.baseline_macro_f1_std == pytest.approx(0.0)


def test_feature_tables():
    counts = pd.DataFrame({"doc_id": [1, 2], "outlet": ["A", "B"], "n_tokens": [500, 0],
                           "x": [2, 0], "y": [3, 0], "z": [0, 0]})
    rates = outlet_features(counts, features="rates", lexicon=TINY)
    assert rates.loc[0].tolist() == [4.0, 6.0, 0.0]       # per 1,000 of 500 tokens
    assert rates.loc[1].tolist() == [0.0, 0.0, 0.0]       # empty document: 0, not NaN
    shares = outlet_features(counts, features="shares", lexicon=TINY)
    assert shares.columns.tolist() == ["x", "y", "z", "d1__used", "d2__used"]
    assert shares.loc[0].tolist() == [0.4, 0.6, 0.0, 1.0, 0.0]
    raw = outlet_features(counts, features="counts", lexicon=TINY)
    assert raw.loc[0].tolist() == [2.0, 3.0, 0.0]
    with pytest.raises(ValueError, match="'features' parameter"):
        outlet_features(counts, features="words", lexicon=TINY)


def test_shares_model_reports_the_used_flags():
    counts = _outlets({"A": 80, "B": 80}, {"A": (6, 1, 0.2), "B": (1, 6, 3)}, seed=4)
    result = outlet_distinctiveness(counts, features="shares", lexicon=TINY, cv=4)
    assert "d2__used" in result.feature_names
    flags = result.coefficients[result.coefficients["feature"] == "d2__used"]
    assert flags["category"].isna().all()  # a flag is not a category
    assert result.macro_f1_mean > 0.8


def test_bad_input_is_explained():
    counts = _outlets({"A": 30, "B": 30}, {"A": (1, 1, 1), "B": (1, 1, 1)}, seed=5)
    with pytest.raises(ValueError, match=r"'min_docs_per_outlet' parameter.*>= 5"):
        outlet_distinctiveness(counts, lexicon=TINY, min_docs_per_outlet=3)
    with pytest.raises(KeyError, match="no column"):
        outlet_distinctiveness(counts, by="source", lexicon=TINY)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ValueError, match="fewer than two outlets"):
            outlet_distinctiveness(counts, lexicon=TINY, min_docs_per_outlet=31)


# -- SaudiNewsNet -------------------------------------------------------------------------


def _read_sample(folder: Path, per_outlet: int, seed: int) -> pd.DataFrame:
    """Up to ``per_outlet`` random articles of each SaudiNewsNet outlet."""
    rows = []
    for path in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                for k, item in enumerate(json.loads(archive.read(name).decode("utf-8"))):
                    rows.append({"doc_id": f"{path.stem}-{k:05d}", "outlet": item["source"],
                                 "text": item["content"] or ""})
    corpus = pd.DataFrame(rows)
    shuffled = corpus.sample(frac=1.0, random_state=seed)
    return shuffled.groupby("outlet").head(per_outlet).reset_index(drop=True)


@pytest.mark.saudinewsnet
def test_saudinewsnet_outlets_from_framing_counts(saudinewsnet_dir):
    start = time.perf_counter()
    corpus = _read_sample(saudinewsnet_dir, per_outlet=250, seed=0)
    counts = attach_metadata(framing.score(corpus, progress=False).counts, corpus,
                             columns=("outlet",))
    print(f"\nread and scored {len(corpus)} sampled articles in "
          f"{time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    with pytest.warns(UserWarning, match="'arriyadiyah' \\(52\\)"):
        result = outlet_distinctiveness(counts, min_docs_per_outlet=100)
    print(f"{result.summary()} in {time.perf_counter() - start:.1f} s")
    print(result.per_outlet.round(3).to_string())
    print(result.top_coefficients.groupby("outlet").head(2).round(2).to_string())
    assert result.excluded_outlets == {"arriyadiyah": 52}
    assert len(result.per_outlet) == 13
    # framing labels alone tell outlets apart better than always guessing the biggest,
    # but far from perfectly: most articles carry no label at all
    assert result.macro_f1_mean > result.baseline_macro_f1_mean
    assert result.macro_f1_mean < 0.6
