"""Wire copy counted once: a seed article reprinted by ten outlets, collapsed and weighted,
against shares computed by hand."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import framing
from framing.aggregate import aggregate
from framing.audit import duplicate_clusters
from framing.findings import findings, syndication_effect
from framing.indicators import attach_metadata

WIRE = "002_7acfac26dd0fc582"  # Micro Syria's report: militant 3, opposition 5; regime 6, army 3
OUTLETS = [f"O{i}" for i in range(10)]
# the other seed articles and where they appear
OTHERS = {"000_618f82435d22ff3b": "O1", "001_bd2704263292804c": "O2",
          "003_84cb40cc55fd52e3": "O3", "004_3c14a0ab08de09f5": "O3"}
SIGN_OFFS = ["المصدر: وكالات", "نقلا عن وكالة أنباء", "عن موقع إخباري", "خدمة الأخبار",
             "المصدر: مراسلنا", "وكالات الأنباء", "متابعات", "المصدر: وكالات الأنباء",
             "نقلا عن مصادر إعلامية", "خدمة إخبارية"]


@pytest.fixture(scope="module")
def wire_corpus(seed_texts) -> pd.DataFrame:
    """The wire story in ten outlets (each with its own sign-off line, some with the
    paragraphs joined), first published by O4, plus the four other seed articles."""
    rows = []
    for i, outlet in enumerate(OUTLETS):
        text = seed_texts[WIRE].strip()
        if i % 2:
            text = " ".join(text.split("\n"))
        day = (i + 6) % 10  # O4 on day 0: the earliest copy
        rows.append((f"wire-{i}", outlet, pd.Timestamp("2016-10-02") + pd.Timedelta(days=day),
                     f"{text}\n{SIGN_OFFS[i]}"))
    dates = {"000_618f82435d22ff3b": "2016-10-02", "001_bd2704263292804c": "2016-12-12",
             "003_84cb40cc55fd52e3": "2016-11-03", "004_3c14a0ab08de09f5": "2016-10-06"}
    for stem, outlet in OTHERS.items():
        rows.append((stem, outlet, pd.Timestamp(dates[stem]), seed_texts[stem]))
    return pd.DataFrame(rows, columns=["doc_id", "outlet", "date", "text"])


@pytest.fixture(scope="module")
def wire_counts(wire_corpus) -> pd.DataFrame:
    counts = framing.score(wire_corpus, progress=False).counts
    return attach_metadata(counts, wire_corpus)


@pytest.fixture(scope="module")
def clusters(wire_corpus) -> pd.Series:
    return duplicate_clusters(wire_corpus)


def test_the_copies_form_one_cluster_named_by_the_first(wire_corpus, clusters):
    assert clusters.index.tolist() == wire_corpus["doc_id"].tolist()
    copies = clusters[clusters.index.str.startswith("wire-")]
    assert set(copies) == {"wire-4"}  # the earliest copy names the cluster
    others = clusters[~clusters.index.str.startswith("wire-")]
    assert (others.index == others.to_numpy()).all()  # in no cluster: their own label
    # the same clusters from a full audit, and exact clusters: none (every copy differs)
    report = framing.audit(wire_corpus)
    assert duplicate_clusters(report).equals(clusters)
    exact = duplicate_clusters(wire_corpus, kind="exact")
    assert (exact.index == exact.to_numpy()).all()
    near = report.clusters[report.clusters["kind"] == "near"]
    assert near["size"].tolist() == [10] and near["first_doc_id"].tolist() == ["wire-4"]
    with pytest.raises(ValueError, match="cannot be changed for a finished audit"):
        duplicate_clusters(report, num_perm=128)
    with pytest.raises(ValueError, match="'kind' parameter"):
        duplicate_clusters(report, kind="fuzzy")


def test_every_copy_counts_the_wire_labels(wire_counts):
    copies = wire_counts[wire_counts["doc_id"].str.startswith("wire-")]
    for category, count in {"militant": 3, "opposition": 5, "terrorist": 0, "regime": 6,
                            "army": 3, "government": 0}.items():
        assert (copies[category] == count).all(), category
    others = wire_counts.set_index("doc_id").loc[list(OTHERS)]
    assert others["militant"].tolist() == [9, 6, 15, 11]
    assert others["opposition"].tolist() == [1, 4, 1, 2]
    assert others["terrorist"].tolist() == [0, 6, 1, 0]
    assert others["extremist"].tolist() == [0, 2, 0, 1]
    assert others["mercenary"].tolist() == [0, 0, 0, 1]
    assert others["army"].tolist() == [9, 10, 8, 4]
    assert others["government"].tolist() == [1, 0, 0, 0]
    assert others["regime"].tolist() == [0, 0, 0, 0]


# Hand computation, armed-group labels (dimension totals in brackets):
#   wire copy   militant 3, opposition 5                                  [8]
#   000 (O1)    militant 9, opposition 1                                  [10]
#   001 (O2)    terrorist 6, militant 6, opposition 4, extremist 2        [18]
#   003 (O3)    terrorist 1, militant 15, opposition 1                    [17]
#   004 (O3)    militant 11, opposition 2, extremist 1, mercenary 1       [15]
# Every copy counted:   O1 militant (3 + 9) / (8 + 10) = 12/18
#                       O2 militant (3 + 6) / (8 + 18) = 9/26
#                       O3 militant (3 + 15 + 11) / (8 + 17 + 15) = 29/40
#                       O0, O4 ... O9 militant 3/8
#                       all outlets (10 * 3 + 9 + 6 + 15 + 11) / (10 * 8 + 60) = 71/140
# Collapsed (only O4's copy, the earliest, is kept):
#                       O1 9/10, O2 6/18, O3 26/32, O4 3/8; O0, O5 ... O9 no document
#                       all outlets (3 + 41) / (8 + 60) = 44/68
# Weighted (each copy 1/10):
#                       O1 (0.3 + 9) / (0.8 + 10) = 9.3/10.8; all outlets 44/68 again
# State forces: wire regime 6, army 3 [9]; 000 army 9, government 1; 001 army 10;
#   003 army 8; 004 army 4.  O1 regime: all 6/19, collapsed 0/10.
ALL = {"O0": 3 / 8, "O1": 12 / 18, "O2": 9 / 26, "O3": 29 / 40, "O4": 3 / 8, "O9": 3 / 8}
ONCE = {"O1": 9 / 10, "O2": 6 / 18, "O3": 26 / 32, "O4": 3 / 8}


def _shares(table: pd.DataFrame, category: str) -> dict:
    rows = table[table["category"] == category]
    return dict(zip(rows["outlet"], rows["share"], strict=True))


def test_aggregate_counts_wire_copy_once_as_computed_by_hand(wire_counts, clusters):
    every = _shares(aggregate(wire_counts, n_boot=0, min_docs=1), "militant")
    for outlet, share in ALL.items():
        assert every[outlet] == pytest.approx(share)
    with pytest.warns(UserWarning, match="6 group\\(s\\) have no document left") as caught:
        collapsed_table = aggregate(wire_counts, n_boot=0, min_docs=1, duplicates="collapse",
                                    clusters=clusters)
    assert len(caught) == 1
    collapsed = _shares(collapsed_table, "militant")
    assert collapsed == pytest.approx(ONCE)  # O0, O5 ... O9 are gone, and said to be
    info = collapsed_table.attrs["aggregate"]
    assert info["n_dropped"] == 9 and info["n_clusters"] == 5 and info["n_repeated"] == 10
    assert info["groups_without_documents"] == ["O0", "O5", "O6", "O7", "O8", "O9"]
    regime = _shares(collapsed_table, "regime")
    assert regime["O1"] == 0.0
    assert _shares(aggregate(wire_counts, n_boot=0, min_docs=1), "regime")["O1"] == \
        pytest.approx(6 / 19)

    whole = aggregate(wire_counts, by=None, n_boot=0, min_docs=1).set_index("category")
    assert whole.loc["militant", "share"] == pytest.approx(71 / 140)
    once = aggregate(wire_counts, by=None, n_boot=0, min_docs=1, duplicates="collapse",
                     clusters=clusters).set_index("category")
    assert once.loc["militant", "share"] == pytest.approx(44 / 68)
    assert once.loc["militant", "n_docs"] == 5

    weighted_table = aggregate(wire_counts, n_boot=0, min_docs=1, duplicates="weight",
                               clusters=clusters)
    weighted = _shares(weighted_table, "militant")
    assert weighted["O1"] == pytest.approx(9.3 / 10.8)
    assert weighted["O0"] == pytest.approx(3 / 8)  # a tenth of a story: the same share
    o1 = weighted_table.set_index(["outlet", "category"]).loc[("O1", "militant")]
    assert o1["n_docs"] == pytest.approx(1.1) and o1["hits"] == pytest.approx(9.3)
    assert o1["n_docs_using"] == pytest.approx(1.1)
    assert not o1["low_n"]  # 1.1 weighted documents >= min_docs = 1
    assert aggregate(wire_counts, n_boot=0, min_docs=2, duplicates="weight",
                     clusters=clusters).set_index(["outlet", "category"]).loc[
        ("O1", "militant"), "low_n"]  # two documents, but 1.1 stories
    whole_weighted = aggregate(wire_counts, by=None, n_boot=0, min_docs=1,
                               duplicates="weight", clusters=clusters).set_index("category")
    assert whole_weighted.loc["militant", "share"] == pytest.approx(44 / 68)
    assert whole_weighted.loc["militant", "n_docs"] == pytest.approx(5.0)


def test_findings_and_syndication_effect_count_wire_copy_once(wire_counts, clusters):
    table = findings(wire_counts, dimensions=["armed_group_label", "state_forces_label"],
                     n_boot=100, n_perm=100, min_docs=1, duplicates="collapse",
                     clusters=clusters)
    militant = _shares(table, "militant")
    assert {o: militant[o] for o in ONCE} == pytest.approx(ONCE)
    # outlets whose only document was a later copy keep their rows, without documents
    gone = table[(table["outlet"] == "O0") & (table["category"] == "militant")].iloc[0]
    assert gone["n_docs"] == 0 and gone["low_n"] and not gone["finding"]
    assert gone["sentence"] == ("O0 uses no label for armed non-state groups (no document), "
                                "so it is not compared.")
    o1 = table.set_index(["outlet", "category"]).loc[("O1", "militant")]
    # the rest: O2 6/18, O3 26/32, O4 3/8 -> (6 + 26 + 3) / (18 + 32 + 8)
    assert o1["share_rest"] == pytest.approx(35 / 58)
    assert o1["n_docs"] == 1 and o1["n_docs_rest"] == 4

    weighted = findings(wire_counts, dimensions=["armed_group_label"], n_boot=0, n_perm=50,
                        min_docs=1, duplicates="weight", clusters=clusters)
    assert _shares(weighted, "militant")["O1"] == pytest.approx(9.3 / 10.8)

    effect = syndication_effect(wire_counts, clusters)
    assert list(effect.columns) == ["dimension", "category", "outlet", "share_all",
                                    "share_once", "shift", "n_docs", "n_clusters",
                                    "n_docs_once"]
    row = effect.set_index(["outlet", "category"]).loc[("O1", "militant")]
    assert row["share_all"] == pytest.approx(12 / 18)
    assert row["share_once"] == pytest.approx(9 / 10)
    assert row["shift"] == pytest.approx(9 / 10 - 12 / 18)
    assert row["n_docs"] == 2 and row["n_clusters"] == 2
    assert row["n_docs_once"] == 1  # O4 carried the wire story first
    o4 = effect.set_index(["outlet", "category"]).loc[("O4", "militant")]
    assert (o4["n_docs"], o4["n_clusters"], o4["n_docs_once"], o4["shift"]) == (1, 1, 1, 0)
    weighted_effect = syndication_effect(wire_counts, clusters, duplicates="weight")
    o1 = weighted_effect.set_index(["outlet", "category"]).loc[("O1", "militant")]
    assert o1["share_once"] == pytest.approx(9.3 / 10.8)
    assert o1["n_docs_once"] == pytest.approx(1.1)
    # largest moves: O1 and O2 lose the wire's "regime" (6 of their 19 state-force labels)
    # entirely; O2's labels are then all "army" (13/19 -> 10/10); O1 keeps a "government"
    # (army 12/19 -> 9/10); O3 loses 6 of 21
    top = effect.head(4)
    assert set(zip(top["outlet"][:3], top["category"][:3], strict=True)) == {
        ("O1", "regime"), ("O2", "army"), ("O2", "regime")}
    assert top["outlet"].iloc[3] == "O3"
    assert top["shift"].abs().iloc[:3].tolist() == pytest.approx([6 / 19] * 3)
    assert top["shift"].abs().iloc[3] == pytest.approx(6 / 21)
    o1_army = effect.set_index(["outlet", "category"]).loc[("O1", "army"), "shift"]
    assert o1_army == pytest.approx(9 / 10 - 12 / 19)
    finite = int(effect["shift"].notna().sum())
    assert effect["shift"].iloc[:finite].abs().is_monotonic_decreasing
    assert effect["shift"].iloc[finite:].isna().all()
    # no share once: outlets left without a document (and labels nobody used)
    militant = effect[effect["category"] == "militant"]
    assert set(militant.loc[militant["shift"].isna(), "outlet"]) == {
        "O0", "O5", "O6", "O7", "O8", "O9"}


def test_the_first_copy_kept(wire_counts, clusters):
    """Collapsing keeps the document a cluster's label names (the audit's first copy), even
    without dates in the counts; labels naming no document fall back to the earliest date,
    then the smallest doc_id."""
    undated = wire_counts.drop(columns="date")
    with pytest.warns(UserWarning, match="no document left"):
        kept = _shares(aggregate(undated, n_boot=0, min_docs=1, duplicates="collapse",
                                 clusters=clusters), "militant")
    assert kept == pytest.approx(ONCE)
    stories = clusters.map(lambda first: f"story of {first}")
    with pytest.warns(UserWarning, match="no document left"):
        by_date = _shares(aggregate(wire_counts, n_boot=0, min_docs=1, duplicates="collapse",
                                    clusters=stories), "militant")
    assert by_date == pytest.approx(ONCE)  # wire-4 is the earliest
    with pytest.warns(UserWarning, match="no document left"):
        by_id = _shares(aggregate(undated, n_boot=0, min_docs=1, duplicates="collapse",
                                  clusters=stories), "militant")
    assert set(by_id) == {"O0", "O1", "O2", "O3"}  # wire-0 (in O0) is the smallest doc_id
    assert by_id["O0"] == pytest.approx(3 / 8) and by_id["O1"] == pytest.approx(9 / 10)


def test_duplicate_options_are_checked(wire_counts, clusters):
    with pytest.raises(ValueError, match="needs 'clusters'"):
        aggregate(wire_counts, duplicates="collapse")
    with pytest.raises(ValueError, match="'duplicates' parameter"):
        aggregate(wire_counts, duplicates="once", clusters=clusters)
    with pytest.raises(ValueError, match="1 document\\(s\\) of the counts have no cluster "
                                         "label: 'wire-0'"):
        aggregate(wire_counts, duplicates="weight", clusters=clusters.drop("wire-0"))
    with pytest.raises(ValueError, match="either 'weights' or 'duplicates'"):
        findings(wire_counts, duplicates="weight", clusters=clusters, weights="n_tokens")
    with pytest.raises(ValueError, match="duplicates=None"):
        findings(wire_counts, clusters=clusters)
    with pytest.raises(TypeError, match="must be a Series mapping doc_id"):
        aggregate(wire_counts, duplicates="collapse", clusters=clusters.to_dict())
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing collapsed away: no warning
        aggregate(wire_counts[wire_counts["outlet"].isin(["O1", "O2", "O3", "O4"])],
                  n_boot=0, min_docs=1, duplicates="collapse", clusters=clusters)
