"""Fightin' Words keyness: the formulas by hand, tokens, modes, seeds and SaudiNewsNet."""

from __future__ import annotations

import json
import math
import time
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import framing
from framing.keyness import (
    KEYNESS_COLUMNS,
    clitic_prefixes,
    clitic_stems,
    document_term_matrix,
    keyness,
    log_odds_dirichlet,
    strip_clitic,
    top_terms,
)

# three words; group a says them 4, 1, 5 times (n_a = 10), group b 1, 3, 6 (n_b = 10)
W1, W2, W3 = "قصف", "هجوم", "حلب"
TEXTS = [" ".join([W1] * 4 + [W2] * 1 + [W3] * 5), " ".join([W1] * 1 + [W2] * 3 + [W3] * 6)]
GROUPS = ["a", "b"]


def test_formulas_by_hand_informative_prior():
    # the whole corpus says the words 5, 4, 11 times (20 in all); with α0 = 10 the
    # informative prior is α = 10 · (5, 4, 11) / 20 = (2.5, 2.0, 5.5)
    alpha = np.array([2.5, 2.0, 5.5])
    delta, var, z = log_odds_dirichlet([4, 1, 5], [1, 3, 6], alpha)
    # w1: log((4 + 2.5) / (10 + 10 - 4 - 2.5)) - log((1 + 2.5) / (10 + 10 - 1 - 2.5))
    #   = log(6.5 / 13.5) - log(3.5 / 16.5) = -0.730888 + 1.550597 = 0.819710
    assert delta[0] == pytest.approx(math.log(6.5 / 13.5) - math.log(3.5 / 16.5))
    assert delta[0] == pytest.approx(0.819710, abs=1e-6)
    # the paper's variance: 1 / 6.5 + 1 / 3.5 = 0.439560; z = 0.819710 / 0.662993 = 1.236377
    assert var[0] == pytest.approx(1 / 6.5 + 1 / 3.5)
    assert z[0] == pytest.approx(1.236377, abs=1e-6)
    # w2: log(3 / 17) - log(5 / 15) = -0.635989, negative: typical of b
    assert delta[1] == pytest.approx(math.log(3 / 17) - math.log(5 / 15))
    assert z[1] == pytest.approx(-0.635989 / math.sqrt(1 / 3 + 1 / 5), abs=1e-6)
    # w3: log(10.5 / 9.5) - log(11.5 / 8.5) = -0.202197
    assert delta[2] == pytest.approx(-0.202197, abs=1e-6)
    # the full variance adds 1 / 13.5 + 1 / 16.5: 0.574241, z = 1.081716
    _, var_full, z_full = log_odds_dirichlet([4, 1, 5], [1, 3, 6], alpha, variance="full")
    assert var_full[0] == pytest.approx(1 / 6.5 + 1 / 3.5 + 1 / 13.5 + 1 / 16.5)
    assert z_full[0] == pytest.approx(1.081716, abs=1e-6)


def test_keyness_reproduces_the_hand_calculation():
    table = keyness(TEXTS, GROUPS, a="a", b="b", alpha0=10, min_count=1)
    assert list(table.columns) == KEYNESS_COLUMNS
    rows = table.set_index("term")
    assert rows.loc[W1, ["count_a", "count_b"]].tolist() == [4, 1]
    assert rows.loc[W1, "alpha"] == pytest.approx(2.5)
    assert rows.loc[W1, "delta"] == pytest.approx(0.819710, abs=1e-6)
    assert rows.loc[W1, "z"] == pytest.approx(1.236377, abs=1e-6)
    assert rows.loc[W2, "z"] < 0
    # sorted by z: w1 (1.24) is most typical of a, w2 (-0.87) least
    assert table["term"].tolist() == [W1, W3, W2]
    assert table["rank"].tolist() == [1, 2, 3]
    assert (table["group"] == "a").all() and (table["reference"] == "b").all()
    assert table.attrs["keyness"]["alpha0"] == 10


def test_default_priors():
    # informative: α0 is the mean tokens per document (20 / 2 = 10), the case above
    table = keyness(TEXTS, GROUPS, a="a", b="b", min_count=1).set_index("term")
    assert table.loc[W1, "alpha"] == pytest.approx(2.5)
    # uninformative: α_w = 0.01 for every word, so α0 = 0.03
    flat = keyness(TEXTS, GROUPS, a="a", b="b", min_count=1, prior="uninformative")
    flat = flat.set_index("term")
    assert (flat["alpha"] == 0.01).all()
    expected = math.log(4.01 / (10.03 - 4.01)) - math.log(1.01 / (10.03 - 1.01))
    assert flat.loc[W1, "delta"] == pytest.approx(expected)
    assert flat.loc[W1, "variance"] == pytest.approx(1 / 4.01 + 1 / 1.01)


def test_the_prior_shrinks_rare_words():
    # "rare" is said twice by a and never by b; "common" 60 vs 40 times in equal-sized groups
    a = ["common " * 60 + "rare rare" + " filler" * 38]
    b = ["common " * 40 + " filler" * 60]
    table = keyness(a + b, ["a", "b"], a="a", b="b", min_count=1).set_index("term")
    assert table.loc["rare", "delta"] > table.loc["common", "delta"]  # raw log-odds: rare wins
    assert table.loc["common", "z"] > table.loc["rare", "z"]  # evidence: common wins


def test_one_vs_rest_equals_pairs_against_the_rest():
    texts = ["قصف حلب قصف", "هجوم حلب", "قصف هجوم هجوم", "حلب حلب", "قصف"]
    groups = ["x", "y", "y", "z", "z"]
    every = keyness(texts, groups, mode="one_vs_rest", min_count=1)
    assert sorted(every["group"].unique()) == ["x", "y", "z"]
    assert (every["reference"] == "rest").all()
    for g in ("x", "y", "z"):
        single = keyness(texts, groups, a=g, min_count=1)
        mine = every[every["group"] == g].reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, single, check_dtype=False)


def test_before_after_splits_on_the_date():
    texts = ["قصف حلب", "قصف قصف", "هجوم حلب", "هجوم هجوم"]
    dates = pd.to_datetime(["2015-07-21", "2015-07-22", "2015-07-23", "2015-07-24"])
    table = keyness(texts, dates, mode="before_after", date="2015-07-23", min_count=1)
    assert table["group"].iloc[0] == "on/after 2015-07-23"
    assert table["reference"].iloc[0] == "before 2015-07-23"
    same = keyness(texts, ["b", "b", "a", "a"], a="a", b="b", min_count=1)
    assert np.allclose(table["z"], same["z"])
    assert table.set_index("term").loc["هجوم", "z"] > 0  # "attack" only after the cut
    corpus = pd.DataFrame({"text": texts, "date": dates})
    by_column = keyness(corpus, "date", mode="before_after", date="2015-07-23", min_count=1)
    assert np.allclose(by_column["z"], table["z"])


def test_tokens_are_framings_tokens(seed_texts):
    texts = list(seed_texts.values())
    matrix, terms = document_term_matrix(texts)
    normalizer = framing.Normalizer()
    for i, text in enumerate(texts):
        tokens = framing.tokenize(normalizer(text))
        assert matrix[i].sum() == len(tokens)
        row = dict(zip(terms[matrix[i].indices], matrix[i].data, strict=True))
        for token in set(tokens[:50]):
            assert row[token] == tokens.count(token)
    # and the same number of tokens as the scorer counts
    n_tokens = framing.score(texts, progress=False).counts["n_tokens"].to_numpy()
    assert np.array_equal(np.asarray(matrix.sum(axis=1)).ravel(), n_tokens)


def test_same_counts_as_scikit_learns_count_vectorizer(seed_texts):
    from sklearn.feature_extraction.text import CountVectorizer

    texts = list(seed_texts.values())
    normalizer = framing.Normalizer()
    reference = CountVectorizer(tokenizer=lambda t: framing.tokenize(normalizer(t)),
                                lowercase=False, token_pattern=None, ngram_range=(1, 2))
    expected = reference.fit_transform(texts)
    matrix, terms = document_term_matrix(texts, ngram_range=(1, 2))
    order = np.argsort(terms)
    assert terms[order].tolist() == reference.get_feature_names_out().tolist()
    assert (matrix[:, order] != expected).nnz == 0


def test_ngrams_by_hand():
    matrix, terms = document_term_matrix(["قصف حلب قصف حلب", "حلب قصف"], ngram_range=(1, 2))
    counts = pd.DataFrame(matrix.toarray(), columns=terms)
    assert counts.loc[0, "قصف حلب"] == 2 and counts.loc[0, "حلب قصف"] == 1
    assert counts.loc[1, "حلب قصف"] == 1 and counts.loc[1, "قصف حلب"] == 0
    assert counts.loc[0, "قصف"] == 2 and len(terms) == 4
    only_bigrams, names = document_term_matrix(["قصف حلب قصف"], ngram_range=(2, 2))
    assert sorted(names) == ["حلب قصف", "قصف حلب"] and only_bigrams.sum() == 2


def test_clitic_stripping():
    prefixes = clitic_prefixes()
    for prefix in ("وال", "بال", "لل", "ولل", "فبال", "و", "ب", "ال"):
        assert prefix in prefixes
    assert prefixes == tuple(sorted(prefixes, key=lambda p: (-len(p), p)))
    assert strip_clitic("والحكومه", prefixes) == "حكومه"
    assert strip_clitic("للحكومه", prefixes) == "حكومه"
    assert strip_clitic("بيت", prefixes) == "بيت"  # only two letters would remain
    # keyness cuts only where the texts write the stem on its own (three times, and a
    # tenth as often as the attached form): حكومة and قال are, فيما's يما is not
    texts = ["والحكومة بالحكومة الحكومة للحكومة وقال فيما فيما يما",
             "حكومة حكومة حكومة قال قال قال فيما"]
    matrix, terms = document_term_matrix(texts, strip_clitics=True)
    counts = dict(zip(terms, matrix.toarray().sum(axis=0).tolist(), strict=True))
    assert counts == {"حكومه": 7, "قال": 4, "فيما": 3, "يما": 1}
    matrix, terms = document_term_matrix(texts, strip_clitics=True, min_stem_count=4)
    counts = dict(zip(terms, matrix.toarray().sum(axis=0).tolist(), strict=True))
    # no stem is written alone four times: nothing is cut
    assert counts["وقال"] == counts["والحكومه"] == 1 and counts["حكومه"] == 3


def test_categories_from_counts_and_from_a_corpus(seed_texts):
    corpus = pd.DataFrame({"doc_id": list(seed_texts), "text": list(seed_texts.values()),
                           "outlet": ["Buratha", "Egypt", "Micro Syria", "Al Mayadeen",
                                      "Al Mayadeen"]})
    from_corpus = keyness(corpus, "outlet", a="Al Mayadeen", b="Micro Syria",
                          features="categories", min_count=1)
    counts = framing.score(corpus, progress=False).counts.assign(outlet=corpus["outlet"])
    from_counts = keyness(counts, "outlet", a="Al Mayadeen", b="Micro Syria",
                          features="categories", min_count=1)
    pd.testing.assert_frame_equal(from_corpus, from_counts)
    rows = from_counts.set_index("term")
    # Micro Syria's "regime", Al Mayadeen's "militants"
    assert rows.loc["regime", "z"] < -1.5
    assert rows.loc["militant", "z"] > 1
    assert rows.loc["regime", "count_b"] == counts.loc[2, "regime"]


def test_seeds_words_al_mayadeen_against_micro_syria(seed_texts):
    ids = list(seed_texts)
    groups = ["other", "other", "Micro Syria", "Al Mayadeen", "Al Mayadeen"]
    table = keyness([seed_texts[i] for i in ids], groups, a="Al Mayadeen", b="Micro Syria",
                    min_count=2)
    rows = table.set_index("term")
    print("\nmost typical of Al Mayadeen:", " ".join(table["term"].head(10)))
    print("most typical of Micro Syria:", " ".join(table["term"].tail(10)[::-1]))
    # "the regime" is Micro Syria's word: among its most typical terms
    assert rows.loc["النظام", "count_a"] == 0 and rows.loc["النظام", "count_b"] >= 5
    assert rows.loc["النظام", "rank"] > len(table) - 10
    # Al Mayadeen reports "the army" more
    assert rows.loc["الجيش", "z"] > 0


def test_bad_input_is_explained():
    with pytest.raises(TypeError, match="single string"):
        keyness("قصف حلب", ["a"], a="a")
    with pytest.raises(ValueError, match=r"'mode' parameter.*Got 'all'"):
        keyness(TEXTS, GROUPS, mode="all")
    with pytest.raises(ValueError, match="needs a="):
        keyness(TEXTS, GROUPS)
    with pytest.raises(ValueError, match="no document has group 'c'"):
        keyness(TEXTS, GROUPS, a="c")
    with pytest.raises(ValueError, match="needs date="):
        keyness(TEXTS, ["2015-07-21", "2015-07-22"], mode="before_after")
    with pytest.raises(ValueError, match="2 group labels for 1 documents"):
        keyness(TEXTS[:1], GROUPS, a="a")
    with pytest.raises(ValueError, match="do not pass a or b"):
        keyness(TEXTS, GROUPS, mode="one_vs_rest", a="a")
    with pytest.raises(ValueError, match="no term is counted 50 times"):
        keyness(TEXTS, GROUPS, a="a", min_count=50)
    with pytest.raises(ValueError, match="ngram_range"):
        keyness(TEXTS, GROUPS, a="a", ngram_range=(2, 1))


# -- SaudiNewsNet -------------------------------------------------------------------------


def _read_saudinewsnet(folder: Path) -> pd.DataFrame:
    rows = []
    for path in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                for item in json.loads(archive.read(name).decode("utf-8")):
                    rows.append({"outlet": item["source"], "text": item["content"] or ""})
    return pd.DataFrame(rows)


@pytest.mark.saudinewsnet
def test_saudinewsnet_one_vs_rest(saudinewsnet_dir):
    corpus = _read_saudinewsnet(saudinewsnet_dir)
    start = time.perf_counter()
    table = keyness(corpus, "outlet", mode="one_vs_rest", top=20)
    elapsed = time.perf_counter() - start
    print(f"\nkeyness one_vs_rest over {len(corpus)} articles, "
          f"{table.attrs['keyness']['n_terms']} terms: {elapsed:.1f} s")
    for outlet, rows in table.groupby("group"):
        print(f"{outlet:>13}: {' '.join(rows['surface'].head(8))}")
    assert table["group"].nunique() == 14
    # every term is shown as written most often: المكرمة and الشرقية with ة, الأحساء
    # with its hamza
    normalizer = framing.Normalizer()
    assert (table["surface"].map(normalizer) == table["term"]).all()
    shown = dict(zip(table["term"], table["surface"], strict=False))
    assert shown["المكرمه"] == "المكرمة" and shown["الاحساء"] == "الأحساء"
    top = {g: rows.nsmallest(20, "rank")["term"].tolist() for g, rows in table.groupby("group")}
    # each outlet's own name, and the sports papers' clubs, set them apart
    assert "واس" in top["was"]          # the Saudi Press Agency's signature
    assert "عكاظ" in top["okaz"]
    assert "الهلال" in top["arreyadi"] and "النصر" in top["arriyadiyah"]
    # count_a is the term's count in the outlet's normalised tokens
    okaz = corpus.loc[corpus["outlet"] == "okaz", "text"]
    expected = sum(framing.tokenize(normalizer(t)).count("عكاظ") for t in okaz)
    row = table[(table["group"] == "okaz") & (table["term"] == "عكاظ")]
    assert row["count_a"].item() == expected


def test_top_terms_keeps_the_strongest_of_each_side_of_each_comparison(seed_texts):
    texts = list(seed_texts.values())
    groups = ["a", "a", "b", "b", "c"][:len(texts)]
    every = keyness(texts, groups, mode="one_vs_rest", min_count=1)
    shown = top_terms(every, 3)
    for group, rows in every.groupby("group"):
        mine = shown[shown["group"] == group]
        positive, negative = rows[rows["z"] > 0], rows[rows["z"] < 0]
        assert sorted(mine.loc[mine["z"] > 0, "z"], reverse=True) == sorted(
            positive["z"], reverse=True)[:3]
        assert sorted(mine.loc[mine["z"] < 0, "z"]) == sorted(negative["z"])[:3]
    assert set(shown.columns) == set(every.columns)
    with pytest.raises(ValueError, match="positive integer"):
        top_terms(every, 0)
    with pytest.raises(KeyError, match="no z column"):
        top_terms(every.drop(columns="z"), 3)


def test_clitic_stripping_of_the_vocabulary_equals_clitic_stems(seed_texts):
    # document_term_matrix pools the words of the vocabulary by clitic_stems of their totals
    plain, words = document_term_matrix(list(seed_texts.values()))
    stripped, stems = document_term_matrix(list(seed_texts.values()), strip_clitics=True)
    totals = np.asarray(plain.sum(axis=0)).ravel()
    expected: dict[str, int] = {}
    for word, stem in zip(words, clitic_stems(words, totals), strict=True):
        expected[stem] = expected.get(stem, 0) + int(totals[list(words).index(word)])
    got = dict(zip(stems, np.asarray(stripped.sum(axis=0)).ravel().tolist(), strict=True))
    assert got == expected
    assert len(stems) < len(words)
    # every cut removes proclitics (keeping the article, as in للجيش → الجيش): the stem
    # without its article ends the word
    for word, stem in zip(words, clitic_stems(words, totals), strict=True):
        if stem != word:
            assert len(stem) < len(word) or word.startswith("لل"), (word, stem)
            assert word.endswith(stem.removeprefix("ال")), (word, stem)
