"""Corpora in Arabic and English: each document scored with the lexicon of its language."""

from __future__ import annotations

import json
import warnings

import pandas as pd
import pytest

import framing
from framing.cli import main
from framing.evaluation import compare_counts, read_gold
from framing.multilingual import MatcherSet, UnscoredWarning, document_languages

FRENCH = ("Les forces du régime syrien ont repris le contrôle de plusieurs quartiers d'Alep, "
          "selon l'Observatoire syrien des droits de l'homme, qui a fait état de dizaines de "
          "morts parmi les civils et les rebelles dans la partie orientale de la ville.")


@pytest.fixture(scope="module")
def mixed(seed_texts, english_dev_dir) -> pd.DataFrame:
    """The Arabic seeds, the English dev articles and one French article, with outlets."""
    manifest = pd.read_csv(english_dev_dir / "manifest.csv", dtype=str)
    english = pd.DataFrame({
        "doc_id": manifest["doc_id"],
        "text": [(english_dev_dir / f"{d}.txt").read_text(encoding="utf-8")
                 for d in manifest["doc_id"]],
        "outlet": manifest["outlet"], "date": manifest["date"]})
    arabic = framing.load_corpus("sample")[["doc_id", "text", "outlet", "date"]]
    arabic = arabic.assign(date=arabic["date"].dt.strftime("%Y-%m-%d"))
    french = pd.DataFrame({"doc_id": ["fr_lemonde"], "text": [FRENCH], "outlet": ["lemonde"],
                           "date": ["2016-12-01"]})
    return pd.concat([arabic, english, french], ignore_index=True)


@pytest.fixture(scope="module")
def mixed_scores(mixed):
    with pytest.warns(UnscoredWarning, match=r"1 document\(s\) .*'fr_lemonde'"):
        return framing.score(mixed, progress=False)


def test_each_document_is_scored_in_its_language(mixed_scores, mixed):
    counts = mixed_scores.counts
    assert list(counts.columns[:3]) == ["doc_id", "language", "n_tokens"]
    by_id = counts.set_index("doc_id")["language"]
    assert (by_id[by_id.index.str.startswith("en_")] == "en").all()
    assert (by_id[~by_id.index.str.startswith("en_")] == "ar").all()
    assert "fr_lemonde" not in set(counts["doc_id"])
    assert mixed_scores.provenance["unscored"] == [{"doc_id": "fr_lemonde", "language": "und"}]
    assert mixed_scores.provenance["languages"] == ["ar", "en"]
    assert set(mixed_scores.hits["doc_id"]) <= set(counts["doc_id"])


def test_english_documents_reproduce_the_english_coding(mixed_scores, english_dev_dir):
    _, spans = read_gold(english_dev_dir / "english.json")
    gold = spans.groupby(["doc_id", "category"]).size().rename("gold").reset_index()
    english = mixed_scores.counts[mixed_scores.counts["language"] == "en"]
    table = compare_counts(english, gold)
    assert table.loc["micro", "f1"] == 1.0
    assert table.loc["micro", "n_gold"] == 67


def test_arabic_documents_score_as_with_the_arabic_lexicon_alone(mixed_scores, mixed):
    alone = framing.score(mixed[mixed["doc_id"].str.match(r"^\d")], framing.load_lexicon(),
                          progress=False).counts
    both = mixed_scores.counts[mixed_scores.counts["language"] == "ar"].reset_index(drop=True)
    pd.testing.assert_frame_equal(both, alone, check_like=False)


def test_categories_without_english_terms_are_reported_unmeasured(mixed_scores):
    unmeasured = mixed_scores.provenance["unmeasured"]
    assert set(unmeasured) == {"en"}
    assert {"coalition", "aggression", "legitimacy"} <= set(unmeasured["en"])
    arabic_ids = framing.load_lexicon("default").category_ids
    assert list(mixed_scores.counts.columns[3:]) == arabic_ids


def test_a_language_column_wins_over_detection(mixed):
    table = mixed.copy()
    table["language"] = ""
    table.loc[table["doc_id"] == "fr_lemonde", "language"] = "English"
    table.loc[table["doc_id"] == "en_05_rt", "language"] = "ar"
    with warnings.catch_warnings():
        warnings.simplefilter("error", UnscoredWarning)  # nothing is left out now
        counts = framing.score(table, progress=False).counts.set_index("doc_id")
    assert counts.loc["fr_lemonde", "language"] == "en"
    assert counts.loc["fr_lemonde", "regime"] == 0  # French words are not English ones
    assert counts.loc["en_05_rt", "language"] == "ar"
    assert counts.loc["en_05_rt", counts.columns[2:]].sum() == 0


def test_one_lexicon_scores_only_its_language(mixed):
    with pytest.warns(UnscoredWarning, match=r"6 document\(s\) .*5 in 'en', 1 in 'und'"):
        arabic = framing.score(mixed, framing.load_lexicon("default"), progress=False)
    assert set(arabic.counts["language"]) == {"ar"}
    with pytest.warns(UnscoredWarning, match=r"6 document\(s\) .*5 in 'ar'"):
        english = framing.score(mixed, {"en": "default_en"}, progress=False)
    assert set(english.counts["language"]) == {"en"}
    assert list(english.counts.columns[3:]) == framing.load_lexicon("default_en").category_ids


def test_a_lexicon_given_for_the_wrong_language_is_refused(mixed):
    with pytest.raises(ValueError, match=r"given for 'en' .* declares language 'ar'"):
        framing.score(mixed, {"en": "default"})
    with pytest.raises(ValueError, match="'fr' is not a language framing knows"):
        framing.score(mixed, {"fr": "default"})


def test_parallel_and_streamed_scoring_equal_serial(mixed, mixed_scores, tmp_path):
    with pytest.warns(UnscoredWarning):
        parallel = framing.score(mixed, jobs=2, batch_size=3, progress=False)
    pd.testing.assert_frame_equal(parallel.counts, mixed_scores.counts)
    pd.testing.assert_frame_equal(parallel.hits, mixed_scores.hits)
    path = tmp_path / "mixed.jsonl"
    mixed.to_json(path, orient="records", lines=True, force_ascii=False)
    for expect_cache in (False, True):
        with pytest.warns(UnscoredWarning, match="fr_lemonde"):  # from the cache too
            streamed = framing.score_path(path, batch_size=4, cache_folder=tmp_path / "cache",
                                          progress=False)
        assert streamed.provenance["from_cache"] is expect_cache
        assert streamed.provenance["unscored"] == [{"doc_id": "fr_lemonde", "language": "und"}]
        pd.testing.assert_frame_equal(streamed.counts, mixed_scores.counts)


def test_cli_scores_a_mixed_corpus_and_names_what_it_left_out(mixed, tmp_path, capsys):
    path = tmp_path / "mixed.jsonl"
    mixed.to_json(path, orient="records", lines=True, force_ascii=False)
    out = tmp_path / "counts.csv"
    assert main(["score", str(path), "--out", str(out), "--no-cache", "--no-progress"]) == 0
    err = capsys.readouterr().err
    assert "framing: warning: 1 document(s) are in no language" in err and "fr_lemonde" in err
    assert "Traceback" not in err
    table = pd.read_csv(out)
    assert table["language"].value_counts().to_dict() == {"ar": 5, "en": 5}


def test_document_languages_takes_the_given_column_and_detects_the_rest():
    assert document_languages(["rebels said", "قال الثوار", FRENCH],
                              ["", None, "ENGLISH"]) == ["en", "ar", "en"]
    assert document_languages(["x"], [float("nan")]) == ["en"]


def test_matcher_set_compiles_a_language_only_when_needed():
    matchers = MatcherSet({"ar": "default", "en": "default_en"})
    matchers.scan_documents(["قال الجيش"], ["ar"])
    assert set(matchers._matchers) == {"ar"}
    assert repr(matchers).startswith("MatcherSet({ar: default, en: default_en}")
    assert json.loads(json.dumps(matchers.provenance()))["lexicons"]["en"]["name"] == "default_en"


def test_cli_says_when_no_document_is_in_a_language_of_the_lexicon(tmp_path, capsys):
    path = tmp_path / "french.jsonl"
    path.write_text(json.dumps({"doc_id": "a", "text": FRENCH}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    out = tmp_path / "counts.csv"
    assert main(["score", str(path), "--out", str(out), "--no-cache", "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "framing: error: none of the 1 document(s)" in err and "Traceback" not in err
    assert not out.exists()


def test_aggregate_by_language_leaves_unmeasured_categories_unknown(mixed_scores, mixed):
    table = framing.attach_metadata(mixed_scores.counts, mixed)
    agg = framing.aggregate(table, by=["language"], n_boot=20).set_index(
        ["language", "category"])
    # the English lexicon has no Yemen terms: unknown for English, measured zero for Arabic
    assert agg.loc[("en", "coalition"), ["rate", "doc_share"]].isna().all()
    assert agg.loc[("ar", "coalition"), "rate"] == 0
    # shared categories are measured in both languages
    assert agg.loc[("en", "army"), "hits"] == 12 and agg.loc[("en", "army"), "rate"] > 0
    assert agg.loc[("ar", "army"), "hits"] > 0
    by_outlet = framing.aggregate(table, by=["outlet", "language"], n_boot=0)
    assert set(by_outlet.loc[by_outlet["outlet"] == "sana", "language"]) == {"en"}


def test_dask_engine_scores_each_language_like_the_local_engine(mixed, tmp_path):
    pytest.importorskip("dask.distributed")
    from framing.dask_engine import score_dask

    table = mixed[["doc_id", "text"]].assign(language="")
    table.loc[table["doc_id"] == "en_05_rt", "language"] = "ar"  # the column wins here too
    parts = tmp_path / "parts"
    parts.mkdir()
    for k, start in enumerate(range(0, len(table), 4)):
        table.iloc[start:start + 4].to_parquet(parts / f"part-{k}.parquet", index=False)
    with pytest.warns(UnscoredWarning):
        local = framing.score(table, progress=False)
    with pytest.warns(UnscoredWarning, match="fr_lemonde"):
        distributed = score_dask(parts, scheduler="local", n_workers=2)
    pd.testing.assert_frame_equal(local.counts, distributed.counts)
    pd.testing.assert_frame_equal(local.hits, distributed.hits)
    assert distributed.counts.set_index("doc_id").loc["en_05_rt", "language"] == "ar"
    assert distributed.provenance["unscored"] == local.provenance["unscored"]


@pytest.fixture(scope="module")
def by_outlet_and_language(mixed_scores, mixed):
    """Aggregates by outlet × language, with one outlet given documents in both languages
    (the Al Mayadeen name put on the Al Jazeera English article, for the test only)."""
    corpus = mixed.copy()
    corpus.loc[corpus["doc_id"] == "en_13_aljazeera", "outlet"] = "Al Mayadeen"
    table = framing.attach_metadata(mixed_scores.counts, corpus)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # low n everywhere: five articles a side
        return framing.aggregate(table, by=["outlet", "language"], n_boot=0)


@pytest.mark.parametrize("labels", ["en", "ar", "both"])
def test_language_bars_put_an_outlets_services_side_by_side(by_outlet_and_language, labels):
    from framing import plots
    from test_plot_layout import drawn_texts, outside

    fig = plots.language_bars(by_outlet_and_language, "state_forces_label", labels=labels)
    texts = drawn_texts(fig)
    assert outside(fig, texts=texts) == []
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert ticks == ["Al Mayadeen · Arabic", "Al Mayadeen · English", "all Arabic outlets",
                     "all English outlets"]
    shown = {t.get_text() for t in texts}
    # pooled English: army 12, regime 8, government 1 of 21 state-force labels
    assert {"57%", "38%"} <= shown and "n = 5" in shown


def test_language_bars_need_two_languages(by_outlet_and_language):
    from framing import plots

    arabic = by_outlet_and_language[by_outlet_and_language["language"] == "ar"]
    with pytest.raises(ValueError, match="one language only"):
        plots.language_bars(arabic, "state_forces_label")


def test_a_report_on_arabic_and_english_articles_compares_the_languages(mixed, tmp_path,
                                                                        monkeypatch):
    from conftest import REPO
    from framing.report import run_report

    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "mixed.jsonl"
    mixed[mixed["doc_id"] != "fr_lemonde"].to_json(path, orient="records", lines=True,
                                                   force_ascii=False)
    out = tmp_path / "report"
    run_report(corpus=path, out=out, notebooks_dir=REPO / "notebooks", progress=False,
               figure_formats="png")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert all(n["error"] is None for n in manifest["notebooks"])
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "By language: How state forces and authorities are named" in index
    assert (out / "figures" / "languages_state_forces_label.png").is_file()
    table = pd.read_csv(out / "tables" / "languages_state_forces_label.csv")
    english = table[(table["language"] == "en") & (table["category"] == "army")]
    assert english["hits"].sum() == 12  # the English articles counted with default_en
    # the summary says how many documents each language has and which lexicon scored them
    assert "Arabic 5, English 5" in index
    assert "Each document is scored with the lexicon of its language" in index
    assert "English: default_en" in index
    summary = pd.read_csv(out / "tables" / "corpus_summary.csv").set_index("item")["value"]
    assert summary["languages"] == "Arabic 5, English 5" and summary["unscored"] == "0"
    # findings: outlets against the other outlets of their language, then the languages
    findings = pd.read_csv(out / "tables" / "findings.csv")
    english_rows = findings[findings["language"] == "en"]
    assert set(english_rows["outlet"]) == set(mixed.loc[mixed["doc_id"].str.startswith("en_"),
                                                         "outlet"])
    compared = english_rows[english_rows["n_docs"] > 0]
    assert len(compared)
    assert compared["sentence"].str.contains("in the other English outlets").all()
    assert (out / "tables" / "findings_by_language.csv").is_file()
    assert "Between languages" in index
    # distinctive words: an English outlet against English outlets only
    words = pd.read_csv(out / "tables" / "keyness_words.csv")
    for language, script in (("en", r"[\u0600-\u06FF]"), ("ar", r"[A-Za-z]")):
        rows = words[words["language"] == language]
        assert len(rows) and not rows["surface"].astype(str).str.contains(script).any()
    assert len(list((out / "figures").glob("keyness_words_rt_en*.png"))) == 1


def test_findings_within_a_language_compare_outlets_of_that_language(mixed_scores, mixed):
    table = framing.attach_metadata(mixed_scores.counts, mixed)
    found = framing.findings(table, within="language", dimensions=["state_forces_label"],
                             n_boot=100, n_perm=100, min_docs=1)
    assert found.attrs["findings"]["within"] == "language"
    for (language, outlet), rows in found.groupby(["language", "outlet"]):
        uses = table[(table["language"] == language)
                     & table[["army", "regime", "government"]].sum(axis=1).gt(0)]
        mine = int((uses["outlet"] == outlet).sum())
        # the rest is the other outlets of the same language, never the other language
        assert rows["n_docs"].eq(mine).all() and rows["n_docs_rest"].eq(len(uses) - mine).all()
    english = found[found["language"] == "en"]
    assert english["sentence"].str.contains("in the other English outlets").all()


def test_languages_are_not_compared_on_labels_one_lexicon_lacks(mixed_scores, mixed):
    table = framing.attach_metadata(mixed_scores.counts, mixed)
    found = framing.findings(table, by="language", n_boot=0, n_perm=50, min_docs=1)
    assert found.attrs["findings"]["unmeasured"] == {
        "en": ["houthi_label", "coalition_label", "yemen_forces_label"]}
    houthi = found[(found["dimension"] == "houthi_label") & (found["language"] == "en")]
    assert len(houthi) == 4
    assert houthi["sentence"].str.contains("lexicon of its language lacks").all()
    assert houthi["n_docs"].eq(0).all()
    # a fully measured dimension compares the two languages' documents
    army = found[(found["dimension"] == "state_forces_label") & (found["language"] == "en")]
    assert army["n_docs"].gt(0).all() and army["sentence"].str.startswith("English").all()


def test_keyness_within_language_never_sets_english_words_against_arabic(mixed_scores, mixed):
    from framing.keyness import keyness

    corpus = mixed[mixed["doc_id"] != "fr_lemonde"].merge(
        mixed_scores.counts[["doc_id", "language"]], on="doc_id")
    words = keyness(corpus, "outlet", mode="one_vs_rest", within="language", min_count=2)
    english = words[words["language"] == "en"]
    assert not english["term"].str.contains(r"[\u0600-\u06FF]").any()
    rt = english[english["group"] == "rt"].set_index("term")
    # "the": counted in RT's article against the four other English articles only
    counts = {d: len(__import__("re").findall(r"\bthe\b", t.lower()))
              for d, t in zip(corpus["doc_id"], corpus["text"], strict=True)}
    assert rt.loc["the", "count_a"] == counts["en_05_rt"]
    assert rt.loc["the", "count_b"] == sum(v for d, v in counts.items()
                                            if d.startswith("en_") and d != "en_05_rt")
    # a language with a single outlet has nothing to compare, and says so
    one = corpus[(corpus["language"] == "ar") | (corpus["outlet"].isin(["rt", "sana"]))]
    one = one.assign(outlet=one["outlet"].where(one["language"] == "en", "all_arabic"))
    found = keyness(one, "outlet", mode="one_vs_rest", within="language", min_count=2)
    assert set(found["language"]) == {"en"}
    assert found.attrs["keyness"]["skipped"] == {"ar": "fewer than two groups to compare"}


def test_kwic_reads_english_lines_left_to_right(mixed):
    corpus = mixed[mixed["doc_id"] != "fr_lemonde"]
    lines = framing.kwic(corpus, category="army", lexicon="default").to_frame()
    english = lines[lines["doc_id"].str.startswith("en_")]
    # the English articles' army spans (12) are found with the English lexicon
    assert len(english) == 12 and len(lines) > len(english)
    page = framing.reading_view(lines, max_rows=None)._repr_html_()
    arabic_table, english_table = page.split('<table style="border-collapse:collapse;" dir=')[1:]
    assert arabic_table.startswith('"rtl"') and english_table.startswith('"ltr"')
    assert "الجيش" in arabic_table and "Syrian Army" not in arabic_table
    assert "Syrian Army" in english_table and "الجيش" not in english_table
    assert "Lines in other languages (12)" in page
    alone = framing.reading_view(english)._repr_html_()
    assert 'dir="ltr"><thead>' in alone and 'dir="rtl"><thead>' not in alone
