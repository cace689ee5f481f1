"""Per-document indicators and metadata joins: hand-made tables and the seed articles."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import framing
from framing.indicators import INDICATOR_COLUMNS, attach_metadata, document_indicators

# outlets and dates of the seed articles, from shared/seeds/README.md
SEED_OUTLETS = {
    "000_618f82435d22ff3b": ("Buratha News", "2016-10-02"),
    "001_bd2704263292804c": ("Egyptian site", "2016-12-12"),
    "002_7acfac26dd0fc582": ("Micro Syria", "2016-10-02"),
    "003_84cb40cc55fd52e3": ("Al Mayadeen", "2016-11-03"),
    "004_3c14a0ab08de09f5": ("Al Mayadeen", "2016-10-06"),
}


def _seed_corpus(seed_texts: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": list(seed_texts),
        "outlet": [SEED_OUTLETS[k][0] for k in seed_texts],
        "date": pd.to_datetime([SEED_OUTLETS[k][1] for k in seed_texts]),
        "title": "",
        "text": list(seed_texts.values()),
        "url": "",
    })


def _counts(rows: list[dict]) -> pd.DataFrame:
    """A counts table of the default lexicon: given columns, zeros elsewhere."""
    lexicon = framing.load_lexicon()
    table = pd.DataFrame(rows).fillna(0)
    for category in lexicon.category_ids:
        if category not in table.columns:
            table[category] = 0
    return table[["doc_id", "n_tokens", *lexicon.category_ids]].astype(
        {c: "int64" for c in ["n_tokens", *lexicon.category_ids]})


# -- attach_metadata ----------------------------------------------------------------


def test_attach_metadata_keeps_order_and_types():
    counts = _counts([{"doc_id": "b", "n_tokens": 10}, {"doc_id": "a", "n_tokens": 20}])
    counts.attrs["lexicon_name"] = "default"
    corpus = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["x", "y", "z"],
                           "date": pd.to_datetime(["2015-07-21", "2015-07-22", "2015-07-23"])})
    out = attach_metadata(counts, corpus)
    assert list(out.columns[:4]) == ["doc_id", "outlet", "date", "n_tokens"]
    assert out["doc_id"].tolist() == ["b", "a"]
    assert out["outlet"].tolist() == ["y", "x"]
    assert out["date"].tolist() == [pd.Timestamp("2015-07-22"), pd.Timestamp("2015-07-21")]
    assert pd.api.types.is_datetime64_any_dtype(out["date"])
    assert out.attrs["lexicon_name"] == "default"
    assert "outlet" not in counts.columns  # the input is not modified


def test_attach_metadata_lists_missing_ids():
    counts = _counts([{"doc_id": i, "n_tokens": 1} for i in ("a", "q1", "q2")])
    corpus = pd.DataFrame({"doc_id": ["a"], "outlet": ["x"], "date": [pd.Timestamp(0)]})
    with pytest.raises(ValueError, match=r"2 document\(s\) .* not in the corpus: 'q1', 'q2'"):
        attach_metadata(counts, corpus)


def test_attach_metadata_explains_id_type_mismatch():
    counts = _counts([{"doc_id": 1, "n_tokens": 1}])
    corpus = pd.DataFrame({"doc_id": ["1"], "outlet": ["x"], "date": [pd.Timestamp(0)]})
    with pytest.raises(ValueError, match="No id matches at all"):
        attach_metadata(counts, corpus)


def test_attach_metadata_refuses_to_overwrite_and_duplicates():
    counts = _counts([{"doc_id": "a", "n_tokens": 1}]).assign(outlet="old")
    corpus = pd.DataFrame({"doc_id": ["a"], "outlet": ["new"], "date": [pd.Timestamp(0)]})
    with pytest.raises(ValueError, match="already has column"):
        attach_metadata(counts, corpus)
    twice = pd.concat([corpus, corpus])
    with pytest.raises(ValueError, match="doc_id repeats in the corpus"):
        attach_metadata(counts.drop(columns="outlet"), twice)
    with pytest.raises(KeyError, match="no column"):
        attach_metadata(counts.drop(columns="outlet"), corpus, columns=("outlet", "section"))


# -- document_indicators -----------------------------------------------------------------


def test_document_indicators_by_hand():
    counts = _counts([
        # 2 terrorist + 6 militant = 8 labels of armed groups; 1 army; 400 tokens
        {"doc_id": "d1", "n_tokens": 400, "terrorist": 2, "militant": 6, "army": 1},
        # no label at all
        {"doc_id": "d2", "n_tokens": 50},
        # an empty document
        {"doc_id": "d3", "n_tokens": 0},
    ])
    rows = document_indicators(counts)
    lexicon = framing.load_lexicon()
    assert len(rows) == 3 * len(lexicon.categories)
    assert list(rows.columns) == ["doc_id", *INDICATOR_COLUMNS]
    d1 = rows[rows["doc_id"] == "d1"].set_index("category")
    assert d1.loc["terrorist", "count"] == 2
    assert d1.loc["terrorist", "rate_per_1000"] == pytest.approx(2 * 1000 / 400)  # 5.0
    assert d1.loc["terrorist", "dimension_total"] == 8
    assert d1.loc["terrorist", "share"] == pytest.approx(2 / 8)
    assert d1.loc["militant", "share"] == pytest.approx(6 / 8)
    assert d1.loc["militia", "share"] == 0.0  # the dimension is used, this label is not
    assert not d1.loc["militia", "uses"] and d1.loc["militant", "uses"]
    assert d1.loc["army", "share"] == 1.0  # army is the only state-forces label used
    # the document names no Houthis: shares NaN, not 0, and flagged
    houthi = d1[d1["dimension"] == "houthi_label"]
    assert houthi["share"].isna().all() and not houthi["dimension_used"].any()
    d2 = rows[rows["doc_id"] == "d2"]
    assert d2["share"].isna().all() and (d2["rate_per_1000"] == 0).all()
    d3 = rows[rows["doc_id"] == "d3"]
    assert d3["rate_per_1000"].isna().all()
    # categories come in lexicon order, dimensions with them
    assert d1.index.tolist() == lexicon.category_ids
    assert d1["dimension"].tolist() == [c.dimension for c in lexicon.categories]


def test_document_indicators_carries_metadata():
    counts = _counts([{"doc_id": "a", "n_tokens": 10, "daesh": 1}])
    counts.insert(1, "outlet", ["x"])
    counts.insert(2, "date", [pd.Timestamp("2016-10-02")])
    rows = document_indicators(counts)
    assert list(rows.columns[:3]) == ["doc_id", "outlet", "date"]
    assert (rows["outlet"] == "x").all()
    assert pd.api.types.is_datetime64_any_dtype(rows["date"])


def test_document_indicators_checks_the_lexicon():
    counts = _counts([{"doc_id": "a", "n_tokens": 10}]).drop(columns=["daesh", "army"])
    with pytest.raises(KeyError, match=r"lacks column.*'army'.*'daesh'"):
        document_indicators(counts)
    negative = _counts([{"doc_id": "a", "n_tokens": 10, "army": -1}])
    with pytest.raises(ValueError, match="missing or negative values for document"):
        document_indicators(negative)
    with pytest.raises(TypeError, match=r"counts table of framing\.score"):
        document_indicators([1, 2, 3])


def test_document_indicators_on_the_seeds(seed_texts):
    corpus = _seed_corpus(seed_texts)
    scores = framing.score(corpus, progress=False)
    counts = attach_metadata(scores.counts, corpus)
    rows = document_indicators(scores)  # a Scores object works too
    assert len(rows) == 5 * len(framing.load_lexicon().categories)
    rows = document_indicators(counts)
    state = rows[rows["dimension"] == "state_forces_label"].pivot(
        index="doc_id", columns="category", values="share")
    # the share is the ratio of the document's own counts
    c = scores.counts.set_index("doc_id")
    expected = c["regime"] / (c["army"] + c["regime"] + c["government"])
    assert np.allclose(state["regime"], expected.loc[state.index])
    # Micro Syria (opposition-leaning) names the state forces "the regime" more than
    # Al Mayadeen (pro-government) does
    micro = state.loc["002_7acfac26dd0fc582", "regime"]
    mayadeen = state.loc[["003_84cb40cc55fd52e3", "004_3c14a0ab08de09f5"], "regime"]
    assert micro > mayadeen.max()
    # none of the Aleppo reports names the Houthis: no share in that dimension
    houthi = rows[rows["dimension"] == "houthi_label"]
    assert not houthi["dimension_used"].any() and houthi["share"].isna().all()
    assert (rows.groupby("doc_id")["outlet"].first().loc["003_84cb40cc55fd52e3"]
            == "Al Mayadeen")
