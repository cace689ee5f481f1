"""framing.score: the shape, types and provenance of the counts and hits tables,
the corpus inputs it accepts, and the errors it gives for the ones it refuses."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import framing
from framing import Lexicon, Matcher, Normalizer, score
from framing.scoring import as_documents

# The codebook's 27 categories (codebook.md, then its Yemen section), in the order of its
# tables; popular_committees joins houthi_label, the two Yemen dimensions come last.
CODEBOOK_CATEGORIES = [
    "terrorist", "militant", "militia", "opposition", "rebel", "extremist", "mercenary",
    "army", "regime", "government",
    "daesh", "islamic_state",
    "houthi", "ansar_allah", "putschist", "popular_committees",
    "liberation", "occupation", "control",
    "martyrdom", "killing",
    "aggression", "coalition",
    "legitimacy", "national_army", "hadi_forces", "popular_resistance",
]

HIT_COLUMNS = ["doc_id", "start", "end", "surface", "normalized", "term", "category",
               "dimension", "weight", "token_start", "token_end"]

SENTENCE = "دعا الجيش السوري المسلحين إلى مغادرة حلب"  # 7 tokens: army 1, militant 1


@pytest.fixture(scope="module")
def seed_scores(seed_texts, default_matcher):
    return score(seed_texts, default_matcher, progress=False)


def test_counts_columns_and_types(seed_scores, seed_texts):
    counts = seed_scores.counts
    assert list(counts.columns) == ["doc_id", "language", "n_tokens", *CODEBOOK_CATEGORIES]
    assert list(counts["doc_id"]) == list(seed_texts)
    for column in ["n_tokens", *CODEBOOK_CATEGORIES]:
        assert counts[column].dtype == np.int64, column
    assert (counts[CODEBOOK_CATEGORIES] >= 0).all().all()


def test_n_tokens_counts_words_and_numbers(seed_scores, seed_texts, default_matcher):
    for row in seed_scores.counts.itertuples():
        text = seed_texts[row.doc_id]
        assert row.n_tokens == default_matcher.count_tokens(text)
        # every whitespace-separated piece holds at most a few tokens
        assert 0.8 * len(text.split()) < row.n_tokens < 1.5 * len(text.split())


def test_hits_columns_and_types(seed_scores):
    hits = seed_scores.hits
    assert list(hits.columns) == HIT_COLUMNS
    for column in ["start", "end", "token_start", "token_end"]:
        assert hits[column].dtype == np.int64, column
    assert hits["weight"].dtype == np.float64
    assert set(hits["category"]) <= set(CODEBOOK_CATEGORIES)


def test_hits_agree_with_counts(seed_scores):
    counts, hits = seed_scores
    per_doc = hits.groupby(["doc_id", "category"]).size()
    for row in counts.itertuples(index=False):
        for category in CODEBOOK_CATEGORIES:
            expected = per_doc.get((row.doc_id, category), 0)
            assert getattr(row, category) == expected, (row.doc_id, category)


def test_hits_point_into_the_documents(seed_scores, seed_texts):
    for h in seed_scores.hits.itertuples():
        text = seed_texts[h.doc_id]
        assert text[h.start:h.end] == h.surface
        assert framing.normalize(h.surface) == h.normalized
        assert h.token_start < h.token_end


def test_dimensions_of_hits(seed_scores, default_matcher):
    lexicon = default_matcher.lexicon
    for h in seed_scores.hits.itertuples():
        assert h.dimension == lexicon.dimension_of(h.category)


def test_provenance(seed_scores, default_matcher):
    for table in (seed_scores.counts, seed_scores.hits):
        attrs = table.attrs
        assert attrs["lexicon_name"] == "default"
        assert attrs["lexicon_hash"] == default_matcher.lexicon.hash
        assert len(attrs["lexicon_hash"]) == 64
        assert attrs["normalizer"] == Normalizer().settings()
        assert attrs["framing_version"] == framing.__version__
        assert attrs["weighted"] is False
        assert attrs["n_documents"] == 5
    assert seed_scores.provenance == seed_scores.counts.attrs


def test_provenance_records_a_non_default_normaliser():
    normalizer = Normalizer(final_yeh=False)
    counts, hits = score(["الجيش السورى"], normalizer=normalizer, progress=False)
    assert counts.attrs["normalizer"]["final_yeh"] is False
    assert hits.attrs["normalizer"] == normalizer.settings()


def test_unpacking(default_matcher):
    counts, hits = score([SENTENCE], default_matcher, progress=False)
    assert isinstance(counts, pd.DataFrame)
    assert isinstance(hits, pd.DataFrame)
    assert counts.loc[0, ["n_tokens", "army", "militant"]].tolist() == [7, 1, 1]
    assert hits["surface"].tolist() == ["الجيش", "المسلحين"]


# -- corpus inputs ------------------------------------------------------------

TEXTS = [SENTENCE, "وقالت القيادة العامة للجيش والقوات المسلحة السورية في بيان"]


def _army(counts: pd.DataFrame) -> dict:
    return dict(zip(counts["doc_id"], counts["army"], strict=True))


@pytest.mark.parametrize("corpus", [
    pd.DataFrame({"doc_id": ["a", "b"], "text": TEXTS}),
    {"a": TEXTS[0], "b": TEXTS[1]},
    pd.Series(TEXTS, index=["a", "b"]),
    pd.DataFrame({"text": TEXTS}, index=["a", "b"]),  # ids from the index
], ids=["dataframe", "dict", "series", "dataframe-index"])
def test_accepted_corpus_inputs(corpus, default_matcher):
    counts, hits = score(corpus, default_matcher, progress=False)
    assert _army(counts) == {"a": 1, "b": 2}
    assert list(hits["doc_id"]) == ["a", "a", "b", "b"]


def test_list_of_texts_gets_positional_ids(default_matcher):
    counts, _ = score(TEXTS, default_matcher, progress=False)
    assert _army(counts) == {0: 1, 1: 2}
    counts, _ = score(tuple(TEXTS), default_matcher, progress=False)
    assert _army(counts) == {0: 1, 1: 2}


def test_named_columns(default_matcher):
    corpus = pd.DataFrame({"article": ["x", "y"], "body": TEXTS})
    counts, _ = score(corpus, default_matcher, text_column="body", id_column="article",
                      progress=False)
    assert _army(counts) == {"x": 1, "y": 2}


def test_missing_text_column_names_the_columns(default_matcher):
    corpus = pd.DataFrame({"doc_id": ["a"], "body": [SENTENCE]})
    with pytest.raises(KeyError, match=r"no 'text' column.*doc_id, body.*text_column"):
        score(corpus, default_matcher, progress=False)


def test_corpus_is_not_modified(default_matcher):
    corpus = pd.DataFrame({"doc_id": ["a", "b"], "text": TEXTS})
    before = corpus.copy()
    score(corpus, default_matcher, progress=False)
    pd.testing.assert_frame_equal(corpus, before)


@pytest.mark.parametrize("corpus", [SENTENCE, SENTENCE.encode()], ids=["str", "bytes"])
def test_a_single_string_is_refused_with_advice(corpus, default_matcher):
    with pytest.raises(TypeError, match="single string; wrap one document in a list"):
        score(corpus, default_matcher, progress=False)


def test_a_non_text_document_is_refused_with_its_id(default_matcher):
    with pytest.raises(TypeError, match="Document 'b': text must be a str, got int"):
        score({"a": SENTENCE, "b": 42}, default_matcher, progress=False)


def test_an_unreadable_corpus_is_refused(default_matcher):
    with pytest.raises(TypeError, match="Cannot read documents from a int"):
        score(42, default_matcher, progress=False)


@pytest.mark.parametrize("corpus", [
    pd.DataFrame({"doc_id": ["a", "b", "a"], "text": [*TEXTS, "x"]}),
    pd.Series([*TEXTS, "x"], index=["a", "b", "a"]),
], ids=["dataframe", "series"])
def test_duplicate_doc_ids_are_refused(corpus, default_matcher):
    with pytest.raises(ValueError, match="Duplicate doc_id values in the corpus: 'a'"):
        score(corpus, default_matcher, progress=False)


@pytest.mark.parametrize("missing", [None, np.nan, float("nan"), ""],
                         ids=["none", "np-nan", "float-nan", "empty"])
def test_empty_and_missing_texts_score_zeros(missing, default_matcher):
    corpus = pd.DataFrame({"doc_id": ["a", "b"], "text": [SENTENCE, missing]}, dtype=object)
    counts, hits = score(corpus, default_matcher, progress=False)
    row = counts.set_index("doc_id").loc["b"]
    assert row["n_tokens"] == 0
    assert (row[CODEBOOK_CATEGORIES] == 0).all()
    assert set(hits["doc_id"]) == {"a"}
    assert counts["n_tokens"].dtype == np.int64


def test_pandas_na_text_scores_zeros(default_matcher):
    corpus = pd.DataFrame({"doc_id": ["a", "b"], "text": [SENTENCE, None]}).convert_dtypes()
    counts, _ = score(corpus, default_matcher, progress=False)
    assert counts.set_index("doc_id").loc["b", "n_tokens"] == 0


def test_empty_corpus_gives_empty_tables_with_all_columns(default_matcher):
    counts, hits = score([], default_matcher, progress=False)
    assert list(counts.columns) == ["doc_id", "language", "n_tokens", *CODEBOOK_CATEGORIES]
    assert len(counts) == 0
    assert list(hits.columns) == HIT_COLUMNS
    assert len(hits) == 0


def test_as_documents_reads_missing_as_empty():
    ids, texts = as_documents({"a": None, "b": SENTENCE})
    assert ids == ["a", "b"]
    assert texts == ["", SENTENCE]


# -- lexicons and weights -----------------------------------------------------

WEIGHTED = Lexicon.from_dict({
    "name": "weighted",
    "dimensions": [{"id": "labels", "categories": [
        {"id": "terrorist", "terms": [{"family": "إرهابي", "forms": ["إرهابيين"], "weight": 2.5}]},
        {"id": "militant", "terms": [
            {"family": "مسلحين", "forms": ["مسلحين"]},
            {"family": "مسلح", "forms": ["مسلح"], "weight": 0.5},
        ]},
    ]}],
})


def test_weighted_scores_sum_term_weights():
    texts = ["الإرهابيين والمسلحين ومسلح", "الإرهابيين الإرهابيين"]
    counts, hits = score(texts, WEIGHTED, progress=False)
    weighted, _ = score(texts, WEIGHTED, weighted=True, progress=False)
    assert counts[["terrorist", "militant"]].values.tolist() == [[1, 2], [2, 0]]
    assert weighted[["terrorist", "militant"]].values.tolist() == [[2.5, 1.5], [5.0, 0.0]]
    assert weighted["terrorist"].dtype == np.float64
    assert weighted["n_tokens"].dtype == np.int64
    assert weighted.attrs["weighted"] is True
    assert hits["weight"].tolist() == [2.5, 1.0, 0.5, 2.5, 2.5]


def test_custom_lexicon_columns_follow_its_order():
    counts, _ = score(["x"], WEIGHTED, progress=False)
    assert list(counts.columns) == ["doc_id", "language", "n_tokens", "terrorist", "militant"]
    assert counts.attrs["lexicon_name"] == "weighted"
    assert counts.attrs["lexicon_hash"] == WEIGHTED.hash


def test_a_matcher_and_a_lexicon_name_give_the_same_counts(seed_texts, default_matcher):
    by_matcher, _ = score(seed_texts, default_matcher, progress=False)
    by_name, _ = score(seed_texts, "default", progress=False)
    pd.testing.assert_frame_equal(by_matcher, by_name)


def test_a_normaliser_beside_a_different_matcher_is_refused(default_matcher):
    with pytest.raises(ValueError, match="Pass the normalizer to the Matcher"):
        score([SENTENCE], default_matcher, normalizer=Normalizer(alef=False), progress=False)


def test_the_normaliser_changes_what_is_counted(default_matcher):
    text = "الجيش السورى وحلفاؤه والإرهابى"
    codebook, _ = score([text], default_matcher, progress=False)
    literal, _ = score([text], Matcher("default", normalizer=Normalizer(final_yeh=False)),
                       progress=False)
    assert codebook.loc[0, "terrorist"] == 1
    assert literal.loc[0, "terrorist"] == 0


def test_a_batch_size_below_one_is_refused_by_name(tmp_path):
    """batch_size=0 gave Python's 'range() arg 3 must not be zero'."""
    for call in (lambda: framing.score(["دعا الجيش السوري المسلحين"], batch_size=0),
                 lambda: framing.score_path("sample", batch_size=-5, cache=False)):
        with pytest.raises(ValueError, match=r"'batch_size' parameter of framing\.score"):
            call()
