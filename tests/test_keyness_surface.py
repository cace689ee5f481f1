"""Distinctive words as people write them: surface forms and the evidence-based clitic rule.

The clitic rule is checked on real SaudiNewsNet words (three daily zips, loaded
once), the surface forms against an independent count of the written forms,
and both on the seed articles.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pyarabic import araby

import framing
from framing.keyness import (
    KEYNESS_COLUMNS,
    MIN_STEM_COUNT,
    MIN_STEM_SHARE,
    clitic_prefixes,
    clitic_stems,
    document_term_matrix,
    keyness,
    strip_clitic,
    top_terms,
)

NORM = framing.Normalizer()

# words whose first letter looks like a clitic (و ف ب ل ك) but belongs to the word, with
# what a blind cut leaves of them
WHOLE_WORDS = {"فيما": "يما", "وحدات": "حدات", "وزير": "زير", "فريق": "ريق", "بيان": "يان",
               "لبنان": "بنان", "كتاب": "تاب", "ولاية": "آية", "وكالة": "آلة",
               "بطاقة": "طاقة"}
NON_WORDS = {"يما", "حدات", "زير", "ريق"}
# words written with clitics, and the stem they are counted with
CLITIC_FORMS = {"والجيش": "جيش", "بالجيش": "جيش", "للجيش": "جيش", "الجيش": "جيش",
                "وسوريا": "سوريا", "بسوريا": "سوريا", "لسوريا": "سوريا",
                "والأمن": "أمن", "الأمن": "أمن", "وقال": "قال",
                "للمملكة": "المملكة", "بالمملكة": "المملكة", "والرياض": "الرياض",
                "بالرياض": "الرياض"}


@pytest.fixture(scope="module")
def three_days(saudinewsnet_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    """The first three daily zips of SaudiNewsNet (6,340 articles), read by load_corpus."""
    folder = tmp_path_factory.mktemp("saudinewsnet_three_days")
    for archive in sorted(saudinewsnet_dir.glob("*.zip"))[:3]:
        os.symlink(archive, folder / archive.name)
    return framing.load_corpus(folder)


def _totals(texts, **options) -> pd.DataFrame:
    """Each term's count over all texts and its surface; attrs["cpu"]: seconds it took."""
    start = time.process_time()
    matrix, terms, surface = document_term_matrix(texts, return_surface=True, **options)
    table = pd.DataFrame({"count": np.asarray(matrix.sum(axis=0)).ravel(),
                          "surface": surface}, index=terms)
    table.attrs["cpu"] = time.process_time() - start
    return table


@pytest.fixture(scope="module")
def plain(three_days: pd.DataFrame) -> pd.DataFrame:
    return _totals(three_days)


@pytest.fixture(scope="module")
def stemmed(three_days: pd.DataFrame) -> pd.DataFrame:
    return _totals(three_days, strip_clitics=True)


def _count(table: pd.DataFrame, word: str) -> int:
    key = NORM(word)
    return int(table.loc[key, "count"]) if key in table.index else 0


# -- the clitic rule on SaudiNewsNet ------------------------------------------------------


@pytest.mark.saudinewsnet
@pytest.mark.parametrize("word", list(WHOLE_WORDS))
def test_words_that_begin_like_a_clitic_stay_whole(word, plain, stemmed):
    remnant = WHOLE_WORDS[word]
    # the word is a term of its own, and every bare occurrence of it counts for it (a key
    # is pooled whole, so nothing of it went to the remnant)
    assert _count(stemmed, word) >= _count(plain, word) > 50
    # the cut the old rule made (فيما → يما) is what the rule now refuses
    assert strip_clitic(NORM(word), clitic_prefixes()) == NORM(remnant)
    if remnant in NON_WORDS:  # the pieces are no words: (almost) never written alone
        assert _count(stemmed, remnant) == _count(plain, remnant) < 10


@pytest.mark.saudinewsnet
def test_words_written_with_clitics_are_counted_with_their_stem(plain, stemmed):
    for form in CLITIC_FORMS:
        assert _count(plain, form) > 0, form
        assert NORM(form) not in stemmed.index, form  # pooled, no longer a term
    for stem in set(CLITIC_FORMS.values()):
        forms = [f for f, s in CLITIC_FORMS.items() if s == stem]
        assert _count(stemmed, stem) >= _count(plain, stem) + sum(
            _count(plain, f) for f in forms), stem
    # وال → ال first, then the article only where the bare stem is common enough: جيش is
    # written on its own 0.15 times as often as الجيش, رياض 0.03 times as often as الرياض
    assert _count(plain, "جيش") >= MIN_STEM_SHARE * _count(plain, "الجيش")
    assert _count(plain, "رياض") < MIN_STEM_SHARE * _count(plain, "الرياض")
    assert NORM("الرياض") in stemmed.index
    # nothing is lost: the same number of tokens
    assert stemmed["count"].sum() == plain["count"].sum()


@pytest.mark.saudinewsnet
def test_stems_equal_clitic_stems_of_the_vocabulary(plain, stemmed):
    # the stripped matrix is the plain one with its columns pooled by clitic_stems
    stems = clitic_stems(plain.index.to_numpy(), plain["count"].to_numpy())
    pooled = plain["count"].groupby(stems).sum()
    assert pooled.sort_index().equals(stemmed["count"].sort_index())
    changed = int((stems != plain.index.to_numpy()).sum())
    print(f"\n{changed:,} of {len(plain):,} normalised words counted with a stem")
    assert 0.05 * len(plain) < changed < 0.6 * len(plain)
    # a stricter rule cuts less; one asking for more than the corpus holds cuts nothing
    stricter = clitic_stems(plain.index.to_numpy(), plain["count"].to_numpy(),
                            min_stem_share=1.0)
    assert (stricter != plain.index.to_numpy()).sum() < changed
    nothing = clitic_stems(plain.index.to_numpy(), plain["count"].to_numpy(),
                           min_stem_count=int(plain["count"].sum()) + 1)
    assert (nothing == plain.index.to_numpy()).all()


# -- surface forms on SaudiNewsNet ------------------------------------------------------


def _written_forms(texts) -> Counter:
    """Independent count of written forms: pyarabic strips diacritics and tatweel (nothing
    else) from the raw text, then framing.tokenize."""
    forms: Counter = Counter()
    for text in texts:
        forms.update(framing.tokenize(araby.strip_tatweel(araby.strip_diacritics(text))))
    return forms


def _forms_by_key(forms: Counter) -> dict[str, Counter]:
    by_key: dict[str, Counter] = {}
    for form, n in forms.items():
        by_key.setdefault(NORM(form), Counter())[form] += n
    return by_key


@pytest.mark.saudinewsnet
def test_surfaces_are_the_most_frequent_written_form(three_days, plain, stemmed):
    by_key = _forms_by_key(_written_forms(three_days["text"]))
    # spellings readers know, with ة and hamza as written most often
    expected = {"مدينه": "مدينة", "سوريه": "سورية", "سوريا": "سوريا", "امن": "أمن",
                "المملكه": "المملكة", "الي": "إلى", "اسرائيل": "إسرائيل", "ولايه": "ولاية"}
    for key, surface in expected.items():
        assert by_key[key].most_common(1)[0][0] == surface  # the count, done independently
        assert plain.loc[key, "surface"] == surface
        assert stemmed.loc[key, "surface"] == surface
    # every surface is the most frequent form of its key (ties: either of the tied forms)
    for key in plain.sort_values("count").index[-300:]:
        best = by_key[key].most_common(1)[0][1]
        assert by_key[key][plain.loc[key, "surface"]] == best, key
        assert NORM(plain.loc[key, "surface"]) == key


@pytest.mark.saudinewsnet
def test_stems_are_shown_as_written_without_the_clitic(plain, stemmed):
    # a stem is shown as written on its own, not as the attached form that pooled into it
    assert stemmed.loc["جيش", "surface"] == "جيش"
    assert stemmed.loc[NORM("الأمن")[2:], "surface"] == "أمن"
    surfaces = stemmed["surface"].to_numpy()
    keys = stemmed.index.to_numpy()
    normalised = np.array([NORM(s) for s in surfaces], dtype=object)
    # every term is shown by one of its own written forms, never by a longer clitic form
    # (each stem of the rule is written on its own at least MIN_STEM_COUNT times)
    assert (normalised == keys).all()
    assert MIN_STEM_COUNT >= 1


@pytest.mark.saudinewsnet
def test_keyness_tables_carry_the_surface(three_days):
    start = time.process_time()
    table = keyness(three_days, "outlet", mode="one_vs_rest", strip_clitics=True, top=15)
    elapsed = time.process_time() - start
    print(f"\nkeyness one_vs_rest with strip_clitics on {len(three_days):,} articles: "
          f"{elapsed:.1f} s CPU")
    assert list(table.columns) == KEYNESS_COLUMNS
    assert table.columns.get_loc("surface") == table.columns.get_loc("term") + 1
    assert table.attrs["keyness"]["min_stem_count"] == MIN_STEM_COUNT
    assert table.attrs["keyness"]["n_words_stemmed"] > 1000
    shown = top_terms(table, 5)
    assert "surface" in shown.columns
    assert (shown["surface"].map(NORM) == shown["term"]).all()
    for outlet, rows in shown.groupby("group"):
        print(f"{outlet:>13}: {' '.join(rows.loc[rows['z'] > 0, 'surface'])}")
    # none of the shown words is a piece of a whole word
    assert not set(shown["term"]) & {NORM(r) for r in WHOLE_WORDS.values()}


@pytest.mark.saudinewsnet
def test_the_rule_costs_little(three_days, plain, stemmed):
    plain_time, stemmed_time = plain.attrs["cpu"], stemmed.attrs["cpu"]
    print(f"\ndocument_term_matrix on {len(three_days):,} articles: {plain_time:.2f} s CPU, "
          f"{stemmed_time:.2f} s with strip_clitics")
    # the rule works on word types, not tokens: a fraction of the counting itself
    assert stemmed_time < 1.6 * plain_time + 0.5


# -- seeds and hand examples ------------------------------------------------------------


def test_seed_surfaces_and_tokens(seed_texts):
    texts = list(seed_texts.values())
    for normalizer in (framing.Normalizer(), framing.Normalizer(alef=False),
                       framing.Normalizer(diacritics=False, final_teh_marbuta=False)):
        matrix, terms, surface = document_term_matrix(texts, normalizer=normalizer,
                                                      return_surface=True)
        # the tokens are exactly tokenize(normalizer(text))
        for i, text in enumerate(texts):
            expected = Counter(framing.tokenize(normalizer(text)))
            row = matrix[i]
            assert dict(zip(terms[row.indices], row.data.tolist(), strict=True)) == expected
        # each surface is a written form of its term
        assert all(normalizer(s) == t for s, t in zip(surface, terms, strict=True))
    matrix, terms, surface = document_term_matrix(texts, return_surface=True)
    shown = dict(zip(terms, surface, strict=True))
    by_key = _forms_by_key(_written_forms(texts))
    for key, written in shown.items():
        assert by_key[key][written] == max(by_key[key].values()), key
    # hamza, ة and ى as the articles write them; no diacritics or tatweel
    hamza = [s for s in surface if any(ch in s for ch in "أإآ")]
    assert len(hamza) > 20 and any(s.endswith("ة") for s in surface)
    assert not any(ch in araby.TASHKEEL or ch == araby.TATWEEL for s in surface for ch in s)


def test_hostile_characters_give_the_same_tokens():
    # ligatures, joiners, tatweel alone, marks, Persian letters, Indic digits, Greek sigma:
    # the written forms split exactly as the normalised text does, for every setting
    texts = ["ﻻ بدّ من الـــجيش ـــ والجيش\u200c السوري فی ١٢٣ İstanbul مدرسةٌ "
             "مدرسة\u200dالحي 𝐀𝐁 ﷺ ﹰ", "", "ΣΟΦΟΣ σοφός"]
    for normalizer in (framing.Normalizer(), framing.Normalizer(invisible=False),
                       framing.Normalizer(diacritics=False, tatweel=False),
                       framing.Normalizer(presentation_forms=False)):
        matrix, terms, surface = document_term_matrix(texts, normalizer=normalizer,
                                                      return_surface=True)
        for i, text in enumerate(texts):
            row = matrix[i]
            assert dict(zip(terms[row.indices], row.data.tolist(), strict=True)) == Counter(
                framing.tokenize(normalizer(text)))
        assert all(normalizer(s) == t for s, t in zip(surface, terms, strict=True))
    shown = dict(zip(terms, surface, strict=True))
    assert shown["في"] == "فی" and shown["123"] == "١٢٣" and shown["σοφοσ"] == "ΣΟΦΟΣ"
    assert shown["مدرسه"] == "مدرسة"


def test_seed_clitics_with_a_low_threshold(seed_texts):
    texts = list(seed_texts.values())
    plain = _totals(texts)
    stemmed = _totals(texts, strip_clitics=True, min_stem_count=1)
    # pooled: the seeds' clitic forms of words they also write bare; جيش is written alone
    # 2 times, below a tenth of الجيش (24), so للجيش is ل + الجيش
    for form, stem in (("للجيش", "الجيش"), ("والقوات", "قوات"), ("وقالت", "قالت"),
                       ("البيان", "بيان")):
        assert _count(plain, form) > 0 and _count(plain, stem) > 0
        assert NORM(form) not in stemmed.index
        assert _count(stemmed, stem) >= _count(plain, form) + _count(plain, stem)
    stems = clitic_stems(plain.index.to_numpy(), plain["count"].to_numpy(), min_stem_count=1)
    assert plain["count"].groupby(stems).sum().sort_index().equals(
        stemmed["count"].sort_index())
    cut = {w: s for w, s in zip(plain.index, stems, strict=True) if w != s}
    print(f"\nseeds: {len(cut)} words cut, e.g. "
          + ", ".join(f"{w}→{s}" for w, s in list(cut.items())[:12]))
    assert cut and all(s in plain.index and len(s) >= 3 for s in cut.values())
    # only whole proclitic sequences are cut, and stems are shown as written alone
    for word, stem in cut.items():
        assert word.endswith(stem[2:] if stem.startswith("ال") else stem)
    assert all(NORM(s) == t for s, t in zip(stemmed["surface"], stemmed.index, strict=True))


def test_clitic_stems_by_hand():
    # the cut leaves a word written often enough on its own
    words = ["فيما", "يما", "والجيش", "الجيش", "جيش", "بالجيش"]
    assert clitic_stems(words, [500, 2, 30, 300, 40, 10]).tolist() == [
        "فيما", "يما", "جيش", "جيش", "جيش", "جيش"]
    # جيش too rare beside الجيش (below a tenth of it): الجيش stays, and takes its clitic forms
    assert clitic_stems(words, [500, 2, 30, 300, 20, 10]).tolist() == [
        "فيما", "يما", "الجيش", "الجيش", "جيش", "الجيش"]
    # a word that takes clitics itself (ووزير, الوزير) is whole, though زير is a word
    words = ["وزير", "زير", "ووزير", "الوزير"]
    assert clitic_stems(words, [100, 60, 20, 30]).tolist() == ["وزير", "زير", "وزير",
                                                               "وزير"]
    # وبالجيش is no evidence against بالجيش: و may stand before ب
    words = ["بالجيش", "وبالجيش", "الجيش"]
    assert clitic_stems(words, [50, 40, 100]).tolist() == ["الجيش", "الجيش", "الجيش"]
    # للجيش keeps its article: ل + الجيش
    assert clitic_stems(["للجيش", "الجيش", "لجيش"], [10, 100, 1]).tolist() == [
        "الجيش", "الجيش", "لجيش"]
    # at most MIN_STEM_LETTERS letters must remain
    assert clitic_stems(["وهو", "هو"], [10, 100]).tolist() == ["وهو", "هو"]
    assert clitic_stems([], []).tolist() == []


def test_bad_parameters_are_explained(seed_texts):
    with pytest.raises(ValueError, match=r"'min_stem_count'.*Got 0"):
        clitic_stems(["والجيش"], [1], min_stem_count=0)
    with pytest.raises(ValueError, match=r"'min_stem_share'.*Got -0\.5"):
        keyness(list(seed_texts.values()), ["a", "a", "b", "b", "b"], a="a",
                strip_clitics=True, min_stem_share=-0.5)
    with pytest.raises(ValueError, match="2 words but 1 counts"):
        clitic_stems(["فيما", "يما"], [3])
    with pytest.raises(ValueError, match=r"distinct.*1 are repeated"):
        clitic_stems(["فيما", "فيما"], [3, 4])


def test_categories_tables_have_no_surface(seed_texts):
    corpus = pd.DataFrame({"text": list(seed_texts.values()), "outlet": list("aabbb")})
    table = keyness(corpus, "outlet", a="a", features="categories", min_count=1)
    assert "surface" not in table.columns
    assert list(table.columns) == [c for c in KEYNESS_COLUMNS if c != "surface"]
