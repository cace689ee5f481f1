"""Findings: a planted difference is found, a null corpus gives no more findings than alpha
allows, the sentences state the numbers, and SaudiNewsNet runs in seconds."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

import framing
from framing.compare import share_difference
from framing.findings import FINDINGS_COLUMNS, findings, syndication_effect
from framing.indicators import attach_metadata

# one short report sentence per label: the label word is the only lexicon hit
WORDS = {"terrorist": "الإرهابيين", "militant": "المسلحين", "opposition": "المعارضة"}


def _sentence(category: str) -> str:
    return f"قال المصدر إن {WORDS[category]} هاجموا حلب"


def _corpus(labels: list[list[str]], outlets: list[str]) -> pd.DataFrame:
    """Documents made of one sentence per label, in the given outlets."""
    return pd.DataFrame({
        "doc_id": [f"d{i:03d}" for i in range(len(labels))],
        "outlet": outlets,
        "text": [" ".join(_sentence(c) for c in doc) for doc in labels],
    })


def _scored(corpus: pd.DataFrame, lexicon="default") -> pd.DataFrame:
    counts = framing.score(corpus, lexicon, progress=False).counts
    return attach_metadata(counts, corpus, columns=("outlet",))


# -- a planted difference -------------------------------------------------------------------


@pytest.fixture(scope="module")
def planted():
    """5 outlets x 60 documents; outlet A says "terrorists" for 40% of its labels of armed
    groups, the others for 20% ("militants" otherwise)."""
    rng = np.random.default_rng(20)
    outlets = [o for o in "ABCDE" for _ in range(60)]
    labels = []
    for outlet in outlets:
        p = 0.4 if outlet == "A" else 0.2
        n = 1 + rng.poisson(3)
        labels.append(["terrorist" if rng.random() < p else "militant" for _ in range(n)])
    corpus = _corpus(labels, outlets)
    counts = _scored(corpus)
    planted_terrorist = [doc.count("terrorist") for doc in labels]
    planted_militant = [doc.count("militant") for doc in labels]
    return counts, planted_terrorist, planted_militant


def test_planted_difference_is_found(planted):
    counts, terrorist, militant = planted
    # the scorer counts exactly the planted labels
    assert counts["terrorist"].tolist() == terrorist
    assert counts["militant"].tolist() == militant
    table = findings(counts, dimensions=["armed_group_label"], n_boot=1000, n_perm=1000)
    assert list(table.columns) == FINDINGS_COLUMNS
    assert len(table) == 5 * 7  # outlets x categories of the dimension
    row = table.set_index(["outlet", "category"]).loc[("A", "terrorist")]
    # the estimate is the ratio of sums
    in_a = counts["outlet"] == "A"
    share = counts.loc[in_a, "terrorist"].sum() / (counts.loc[in_a, ["terrorist", "militant"]]
                                                   .to_numpy().sum())
    rest = counts.loc[~in_a, "terrorist"].sum() / (counts.loc[~in_a, ["terrorist", "militant"]]
                                                   .to_numpy().sum())
    assert row["share"] == pytest.approx(share)
    assert row["share_rest"] == pytest.approx(rest)
    assert row["difference"] == pytest.approx(share - rest)
    # found, and the intervals cover the truth (0.4 against 0.2: 20 points)
    assert bool(row["finding"]) and not row["low_n"]
    assert row["p_adjusted"] < 0.05
    assert row["difference_low"] <= 0.2 <= row["difference_high"]
    assert row["share_low"] <= 0.4 <= row["share_high"]
    assert row["share_rest_low"] <= 0.2 <= row["share_rest_high"]
    assert row["n_docs"] == 60 and row["n_docs_rest"] == 240
    # findings first; the mirror row ("militant" less often in A) is the other finding
    first = table.iloc[0]
    assert bool(first["finding"])
    mirror = table.set_index(["outlet", "category"]).loc[("A", "militant")]
    assert mirror["difference"] == pytest.approx(-row["difference"])
    # unused labels: 0 against 0, p = 1, never a finding
    unused = table[table["category"] == "militia"]
    assert (unused["difference"] == 0).all() and (unused["p_value"] == 1).all()
    assert not unused["finding"].any()
    assert "terrorist" in row["sentence"] and "إرهابي" in row["sentence"]
    assert row["sentence"].startswith("A calls armed non-state groups \"terrorist\" (إرهابي) in ")
    assert "against" in row["sentence"] and "adjusted p" in row["sentence"]


def test_two_groups_agree_with_share_difference(planted):
    """With two groups, "the rest" is the other group: the estimate is share_difference's."""
    counts, _, _ = planted
    two = counts.assign(side=np.where(counts["outlet"] == "A", "A", "other"))
    table = findings(two, by="side", dimensions=["armed_group_label"], n_boot=500,
                     n_perm=2000)
    assert "side" in table.columns and "outlet" not in table.columns
    row = table.set_index(["side", "category"]).loc[("A", "terrorist")]
    pair = share_difference(two, "terrorist", "A", "other", by="side", n_permutations=2000)
    assert row["share"] == pytest.approx(pair.share_a)
    assert row["share_rest"] == pytest.approx(pair.share_b)
    assert row["difference"] == pytest.approx(pair.difference)
    # two permutation tests of the same hypothesis, different random draws
    assert row["p_value"] == pytest.approx(pair.p_value, abs=0.01)
    assert row["difference_low"] == pytest.approx(pair.low, abs=0.03)
    assert row["difference_high"] == pytest.approx(pair.high, abs=0.03)
    assert table.attrs["findings"]["by"] == "side"


def test_weights_scale_free_and_checked(planted):
    counts, _, _ = planted
    plain = findings(counts, dimensions=["armed_group_label"], n_boot=0, n_perm=50)
    doubled = findings(counts, dimensions=["armed_group_label"], n_boot=0, n_perm=50,
                       weights=pd.Series(2.0, index=counts["doc_id"]))
    # the same weight for every document changes no share
    pd.testing.assert_series_equal(plain["share"], doubled["share"])
    assert (doubled["n_docs"] == 2 * plain["n_docs"]).all()
    # no interval without bootstrap, hence no finding
    assert not plain["finding"].any() and plain["difference_low"].isna().all()
    with pytest.raises(ValueError, match="1 document\\(s\\) of the counts have no weight: 'd000'"):
        findings(counts, weights=pd.Series(1.0, index=counts["doc_id"].iloc[1:]))
    with pytest.raises(ValueError, match="finite and >= 0"):
        findings(counts, weights=pd.Series(-1.0, index=counts["doc_id"]))
    with pytest.raises(KeyError, match="no dimension\\(s\\) 'armed'"):
        findings(counts, dimensions=["armed"])
    with pytest.raises(ValueError, match="'alpha' parameter"):
        findings(counts, alpha=5)
    with pytest.raises(KeyError, match="no column\\(s\\) 'newspaper'"):
        findings(counts, by="newspaper")


# -- a null corpus --------------------------------------------------------------------------

THREE = framing.Lexicon.from_dict({
    "name": "three-labels",
    "dimensions": [{"id": "armed", "label_en": "How armed groups are named", "categories": [
        {"id": c, "label_en": c, "terms": [WORDS[c][2:]]} for c in WORDS]}],
})


def test_null_corpus_gives_findings_at_most_at_alpha():
    """Outlets shuffled over the documents: any finding is a false one. Over 100 shuffles
    the share of datasets with one or more findings stays near alpha = 0.05 (BH keeps the
    family-wise rate at alpha when every null is true)."""
    rng = np.random.default_rng(5)
    labels = []
    for _ in range(300):
        # documents differ in their habits (overdispersion), outlets do not
        p = rng.dirichlet([2.0, 2.0, 1.0])
        n = 1 + rng.poisson(3)
        labels.append(list(rng.choice(list(WORDS), size=n, p=p)))
    outlets = [o for o in "ABCDE" for _ in range(60)]
    counts = _scored(_corpus(labels, outlets), THREE)
    assert counts[list(WORDS)].to_numpy().sum() == sum(len(doc) for doc in labels)
    start = time.perf_counter()
    with_findings = 0
    smallest = []
    for _ in range(100):
        shuffled = counts.assign(outlet=rng.permutation(counts["outlet"].to_numpy()))
        table = findings(shuffled, lexicon=THREE, n_boot=200, n_perm=500,
                         random_state=int(rng.integers(1 << 31)))
        with_findings += bool(table["finding"].any())
        smallest.append(table["p_value"].min())
    elapsed = time.perf_counter() - start
    print(f"\n100 null datasets: {with_findings} with a finding, {elapsed:.1f} s")
    # nominal 5; 10 or more has probability 0.03 under Binomial(100, 0.05)
    assert with_findings <= 9
    # the p-values are not degenerate: raw p-values below 0.05 do occur (15 tests each)
    assert 0.2 < np.mean(np.array(smallest) < 0.05) < 0.8


# -- seeds ----------------------------------------------------------------------------------


def test_findings_on_the_seed_sample():
    corpus = framing.load_sample()
    counts = attach_metadata(framing.score(corpus, progress=False).counts, corpus)
    table = findings(counts, n_boot=200, n_perm=200)
    lexicon = framing.load_lexicon("default")
    assert len(table) == 4 * len(lexicon.categories)  # 4 outlets
    # 5 articles: every comparison has fewer than 5 documents a side
    assert table["low_n"].all() and not table["finding"].any()
    assert table["p_adjusted"].isna().all()
    row = table.set_index(["outlet", "category"]).loc[("Micro Syria", "regime")]
    # Micro Syria: regime 6, army 3; the others: army 9 + 10 + 8 + 4, government 1
    assert row["share"] == pytest.approx(6 / 9)
    assert row["share_rest"] == pytest.approx(0 / 32)
    assert row["n_docs"] == 1 and row["n_docs_rest"] == 4
    assert row["sentence"] == (
        'Micro Syria calls state forces and authorities "regime" (النظام) in 67% [67–67%] of '
        "its labels for them, against 0% [0–0%] in the other outlets; too few documents to "
        "compare (1 here, 4 in the rest; at least 5 each are needed).")
    for record in table.itertuples():
        category = lexicon.category(record.category)
        if record.n_docs > 0:
            assert category.label_ar in record.sentence
        assert record.outlet in record.sentence
    # with min_docs=1 the same comparisons are tested, and shares are unchanged
    tested = findings(counts, n_boot=200, n_perm=200, min_docs=1)
    assert tested["p_adjusted"].notna().any()
    merged = table.merge(tested, on=["dimension", "category", "outlet"])
    np.testing.assert_allclose(merged["share_x"], merged["share_y"])


# -- SaudiNewsNet ---------------------------------------------------------------------------


@pytest.mark.saudinewsnet
def test_saudinewsnet_findings_with_and_without_wire_copy(saudinewsnet_dir):
    from framing.audit import duplicate_clusters
    from framing.corpus import load_corpus

    corpus = load_corpus(saudinewsnet_dir)
    counts = attach_metadata(framing.score_path(saudinewsnet_dir, progress=False).counts,
                             corpus)
    start, cpu = time.perf_counter(), time.process_time()
    table = findings(counts)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    lexicon = framing.load_lexicon("default")
    assert len(table) == 14 * len(lexicon.categories)
    assert table["finding"].any()
    found = table[table["finding"]]
    assert (found["p_adjusted"] < 0.05).all() and not found["low_n"].any()
    assert ((found["difference_low"] > 0) | (found["difference_high"] < 0)).all()
    # each dimension's documents are split between an outlet and the rest
    sizes = table.groupby(["dimension", "outlet"])[["n_docs", "n_docs_rest"]].first().sum(axis=1)
    assert sizes.groupby("dimension").nunique().eq(1).all()
    start = time.perf_counter()
    clusters = duplicate_clusters(corpus)
    cluster_seconds = time.perf_counter() - start
    once = findings(counts, duplicates="collapse", clusters=clusters)
    info = once.attrs["findings"]
    assert info["n_dropped"] == len(clusters) - clusters.nunique()
    effect = syndication_effect(counts, clusters)
    columns = ["outlet", "category", "share", "share_rest", "difference", "p_adjusted"]
    with pd.option_context("display.width", 200, "display.precision", 3):
        print(f"\nfindings(SaudiNewsNet): {seconds:.1f} s ({cpu:.1f} s CPU); duplicate_clusters: "
              f"{cluster_seconds:.1f} s; {info['n_dropped']} copies collapsed")
        print(table[columns].head(10).to_string())
        print(once[columns].head(10).to_string())
        print(effect.head(10).to_string())
    # about 2.5 s of CPU (single-threaded); CPU time, as a busy machine stretches the wall time
    assert cpu < 15
    # collapsing removes documents, never adds them
    merged = table.merge(once, on=["dimension", "category", "outlet"])
    assert (merged["n_docs_y"] <= merged["n_docs_x"]).all()
    assert (merged["n_docs_y"] < merged["n_docs_x"]).any()
