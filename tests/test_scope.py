"""Topic scope: the shipped Syria and Yemen lexicons, filtering without silent drops."""

from __future__ import annotations

import json
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import framing
from framing.aggregate import wilson_interval
from framing.scope import SCOPES, filter_scope, in_scope, load_scope, scope_hits, scope_report


def _corpus() -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": ["aleppo", "chickpea", "homs", "title_only", "yemen", "eden", "sport"],
        "outlet": ["x", "x", "x", "y", "y", "y", "z"],
        "title": ["", "", "", "لقاء في دمشق", "", "", ""],
        "text": [
            "قصفت الطائرات أحياء حلب الشرقية",
            "طبق الحمص بالطحينة من المقبلات",           # chickpeas, not Homs
            "اشتباكات في ريف حمص الشمالي",
            "بحث الوزيران العلاقات الثنائية",
            "سيطرت القوات على مدينة عدن وطردت الحوثيين",  # two Yemen hits
            "جنات عدن تجري من تحتها الأنهار",            # the Gardens of Eden
            "فاز الهلال على النصر",
        ],
    })


def test_shipped_scopes_load():
    assert set(SCOPES) == {"syria", "yemen"}
    for name in SCOPES.values():
        assert name in framing.available_lexicons()
    syria = load_scope("syria")
    assert [c.id for c in syria.categories] == ["syria"]
    assert [d.id for d in syria.dimensions] == ["scope"]
    assert load_scope("scope_yemen").categories[0].id == "yemen"
    assert load_scope(syria) is syria
    with pytest.raises(ValueError, match="'scope' parameter"):
        load_scope("iraq")


@pytest.mark.parametrize(("text", "scope", "hits"), [
    ("اشتباكات في درعا البلد", "syria", 1),
    ("قدم له درعاً تذكارياً", "syria", 0),           # a commemorative shield
    ("طبق حمص بالطحينة", "syria", 0),                # chickpeas
    ("معارك في ريف حماة", "syria", 1),
    ("حماة الوطن", "syria", 0),                      # protectors of the homeland
    ("قال الرئيس السوري بشار الأسد", "syria", 2),    # سوري + بشار الأسد
    ("الرئيس اليمني في الرياض", "yemen", 1),
    ("أصيب اللاعب في القدم اليمنى", "yemen", 0),     # the right foot
    ("في محافظتي عدن ولحج", "yemen", 2),
    ("سافر للحج هذا العام", "yemen", 0),             # for the Hajj
    ("المتهم الضالع في الجريمة", "yemen", 0),         # involved in
    ("لتحقيق مآربهم", "yemen", 0),                   # their aims, not Marib
    ("قتلى في محافظة مأرب", "yemen", 1),
    # the names of the sides of the war that only Yemen's war has
    ("قصف العدوان السعودي", "yemen", 1),
    ("مرتزقة العدوان", "yemen", 1),
    ("تقدم قوات هادي", "yemen", 1),
    ("بيان تحالف دعم الشرعية", "yemen", 1),
    ("دعم الشرعية اليمنية", "yemen", 1),
    ("الجيش الوطني اليمني", "yemen", 1),
    ("المقاومة الجنوبية", "yemen", 1),
    ("سيطرت على قاعدة العند", "yemen", 1),
    ("معارك في ذمار والمكلا", "yemen", 2),
    ("حامي الذمار", "yemen", 0),                     # the honour one defends
    ("الجيش الوطني الليبي", "yemen", 0),             # other countries have a national army
    ("اللجان الشعبية في السودان", "yemen", 0),       # ... and popular committees
    ("العدوان الإسرائيلي على غزة", "yemen", 0),
])
def test_scope_lexicon_entries(text, scope, hits):
    corpus = pd.DataFrame({"doc_id": [0], "text": [text]})
    assert scope_hits(corpus, scope).iloc[0] == hits


def test_in_scope_by_hand():
    corpus = _corpus()
    syria = in_scope(corpus, "syria")
    assert syria.name == "in_scope" and syria.index.name == "doc_id"
    assert syria[syria].index.tolist() == ["aleppo", "homs", "title_only"]
    # the title counts by default, not when only the text is searched
    assert not in_scope(corpus, "syria", columns=("text",))["title_only"]
    yemen = scope_hits(corpus, "yemen")
    assert yemen.to_dict() == {"aleppo": 0, "chickpea": 0, "homs": 0, "title_only": 0,
                               "yemen": 2, "eden": 0, "sport": 0}
    assert in_scope(corpus, "yemen", min_hits=2).sum() == 1
    assert not in_scope(corpus, "yemen", min_hits=3).any()
    with pytest.raises(ValueError, match="'min_hits' parameter"):
        in_scope(corpus, "yemen", min_hits=0)
    with pytest.raises(KeyError, match="no column"):
        in_scope(corpus, "syria", columns=("body",))


def test_filter_scope_keeps_every_row():
    corpus = _corpus()
    kept, excluded = filter_scope(corpus, "syria")
    assert kept["doc_id"].tolist() == ["aleppo", "homs", "title_only"]
    assert list(kept.columns) == list(corpus.columns)  # kept rows are unchanged
    assert sorted([*kept["doc_id"], *excluded["doc_id"]]) == sorted(corpus["doc_id"])
    assert excluded["scope_hits"].eq(0).all()
    assert excluded.set_index("doc_id").loc["chickpea", "reason"] == (
        "0 hits of scope 'scope_syria' in title+text (min_hits=1)")
    _, strict = filter_scope(corpus, "yemen", min_hits=3)
    assert strict.set_index("doc_id").loc["yemen", "reason"] == (
        "2 hits of scope 'scope_yemen' in title+text (min_hits=3)")
    assert kept.attrs["scope"]["lexicon"] == "scope_syria"


def test_scope_report_by_hand():
    report = scope_report(_corpus(), "syria").set_index("outlet")
    assert report.loc["x", ["n_docs", "n_in_scope"]].tolist() == [3, 2]
    assert report.loc["y", "share_in_scope"] == pytest.approx(1 / 3)
    assert report.loc["z", "n_in_scope"] == 0
    assert report.loc["(all)", ["n_docs", "n_in_scope"]].tolist() == [7, 3]
    low, high = wilson_interval(2, 3)
    assert (report.loc["x", "share_low"], report.loc["x", "share_high"]) == pytest.approx(
        (low, high))


def test_custom_scope_from_a_file(tmp_path):
    path = tmp_path / "iraq.yaml"
    path.write_text(
        "name: scope_iraq\n"
        "dimensions:\n"
        "  - id: scope\n"
        "    categories:\n"
        "      - id: iraq\n"
        "        terms: [العراق, بغداد, الموصل]\n",
        encoding="utf-8",
    )
    corpus = pd.DataFrame({"doc_id": [1, 2], "text": ["معركة الموصل", "قصف حلب"]})
    assert in_scope(corpus, path).tolist() == [True, False]
    assert in_scope(corpus, str(path)).tolist() == [True, False]


def test_the_seeds_are_about_syria_not_yemen(seed_texts):
    corpus = pd.DataFrame({"doc_id": list(seed_texts), "text": list(seed_texts.values())})
    assert in_scope(corpus, "syria").all()
    assert (scope_hits(corpus, "syria") >= 10).all()  # Aleppo reports name Syria and Aleppo
    kept, excluded = filter_scope(corpus, "yemen")
    assert kept.empty and len(excluded) == 5


def _read_saudinewsnet(folder: Path) -> pd.DataFrame:
    rows = []
    for path in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                for k, item in enumerate(json.loads(archive.read(name).decode("utf-8"))):
                    rows.append({"doc_id": f"{path.stem}-{k:05d}", "outlet": item["source"],
                                 "title": item["title"] or "", "text": item["content"] or ""})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def saudinewsnet_corpus(saudinewsnet_dir) -> pd.DataFrame:
    return _read_saudinewsnet(saudinewsnet_dir)


@pytest.mark.saudinewsnet
def test_saudinewsnet_yemen_scope(saudinewsnet_corpus):
    corpus = saudinewsnet_corpus
    start = time.perf_counter()
    kept, excluded = filter_scope(corpus, "yemen")
    print(f"\nYemen scope over {len(corpus)} articles: {time.perf_counter() - start:.1f} s; "
          f"{len(kept)} kept")
    assert len(kept) + len(excluded) == len(corpus)
    assert excluded["reason"].str.startswith("0 hits of scope 'scope_yemen'").all()
    # July-August 2015, the Saudi-led war in Yemen: a clear but minor part of the news
    assert 0.03 < len(kept) / len(corpus) < 0.3
    report = scope_report(corpus.iloc[::4], "yemen").set_index("outlet")
    print(report.round(3).to_string())
    sports = report.loc[["arreyadi", "arriyadiyah"], "share_in_scope"]
    news = report.drop(index=["arreyadi", "arriyadiyah", "(all)"])["share_in_scope"]
    assert sports.max() < news.median()
    assert report.loc["(all)", "n_docs"] == len(corpus.iloc[::4])



@pytest.mark.saudinewsnet
def test_yemen_scope_keeps_the_articles_of_the_yemen_dimensions(saudinewsnet_corpus):
    """The labels of the sides of the war in Yemen are counted in Yemen's articles.

    Half the corpus is scored with the default lexicon: nearly every hit of a
    label that names Yemen's war only falls in an article the scope keeps
    (الجيش الوطني, اللجان الشعبية and bare التحالف or العدوان name other
    countries' forces too and are left out of the check).
    """
    corpus = saudinewsnet_corpus.iloc[::2]
    texts = dict(zip(corpus["doc_id"], corpus["title"] + "\n" + corpus["text"], strict=True))
    hits = framing.score(texts, "default", progress=False).hits
    kept = set(corpus["doc_id"][in_scope(corpus, "yemen").to_numpy()])
    hits = hits.assign(in_scope=hits["doc_id"].isin(kept))
    saudi_led = hits["category"].eq("coalition") & hits["surface"].str.contains(
        "السعودية|المملكة|الرياض|الشرعية")
    checked = hits[hits["category"].isin(["legitimacy", "hadi_forces", "popular_resistance"])
                   | saudi_led]
    share = checked.groupby("category")["in_scope"].agg(["size", "mean"])
    print("\n" + share.round(3).to_string())
    assert (share["size"] >= 20).all() and len(share) == 4
    assert (share["mean"] >= 0.95).all()
