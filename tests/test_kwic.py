"""Keywords in context on the seed articles: lines, context words, sorting, patterns, HTML."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import framing
from framing.kwic import KWIC_COLUMNS, NOTEBOOK_ROWS, Kwic, find_pattern, keyword_context, kwic

# outlets and dates of the seed articles, as listed in the seeds' README
SEED_META = {
    "000_618f82435d22ff3b": ("Buratha News", "2016-10-02"),
    "001_bd2704263292804c": ("Egyptian site", "2016-12-12"),
    "002_7acfac26dd0fc582": ("Micro Syria", "2016-10-02"),
    "003_84cb40cc55fd52e3": ("Al Mayadeen", "2016-11-03"),
    "004_3c14a0ab08de09f5": ("Al Mayadeen", "2016-10-06"),
}
WORD = re.compile(framing.chars.TOKEN_PATTERN)


def _words(text: str) -> list[str]:
    """Normalised words of a piece of text (counted independently of kwic)."""
    return WORD.findall(framing.normalize(text))


@pytest.fixture(scope="module")
def corpus(seed_texts) -> pd.DataFrame:
    rows = [
        {"doc_id": d, "outlet": SEED_META[d][0], "date": pd.Timestamp(SEED_META[d][1]),
         "title": "", "text": t, "url": ""}
        for d, t in seed_texts.items()
    ]
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def hits(corpus) -> pd.DataFrame:
    return framing.score(corpus, progress=False).hits


@pytest.fixture(scope="module")
def militant(corpus, hits) -> Kwic:
    return kwic(corpus, category="militant", hits=hits)


# -- lexicon hits ---------------------------------------------------------------


def test_every_militant_hit_is_a_line(corpus, hits, militant):
    expected = hits[hits["category"] == "militant"]
    frame = militant.to_frame()
    assert list(frame.columns) == KWIC_COLUMNS
    assert len(frame) == len(expected) > 30
    assert set(zip(frame["doc_id"], frame["start"], frame["end"], strict=True)) == set(
        zip(expected["doc_id"], expected["start"], expected["end"], strict=True))
    surface = dict(zip(zip(expected["doc_id"], expected["start"], strict=True),
                       expected["surface"], strict=True))
    texts = dict(zip(corpus["doc_id"], corpus["text"], strict=True))
    for line in frame.itertuples():
        assert line.keyword == surface[(line.doc_id, line.start)]
        assert line.keyword == texts[line.doc_id][line.start:line.end]
        assert line.category == "militant"
        assert line.pattern == "category=militant"
        assert (line.outlet, line.date) == (SEED_META[line.doc_id][0],
                                            pd.Timestamp(SEED_META[line.doc_id][1]))


def test_scoring_inside_kwic_gives_the_same_lines(corpus, militant):
    assert kwic(corpus, category="militant").to_frame().equals(militant.to_frame())


@pytest.mark.parametrize("window", [0, 1, 3, 8])
def test_context_is_cut_at_whole_words(corpus, hits, window):
    frame = kwic(corpus, category=["militant", "terrorist"], hits=hits,
                 window=window).to_frame()
    texts = dict(zip(corpus["doc_id"], corpus["text"], strict=True))
    for line in frame.itertuples():
        text = texts[line.doc_id]
        before, after = _words(text[:line.start]), _words(text[line.end:])
        assert len(_words(line.pre)) == min(window, len(before))
        assert len(_words(line.post)) == min(window, len(after))
        # the context is the original text around the keyword, punctuation kept
        assert text[:line.start].rstrip().endswith(line.pre)
        assert text[line.end:].lstrip().startswith(line.post)
        if line.pre:
            assert _words(line.pre) == before[-window:]
            assert WORD.match(line.pre)  # begins with a word, not with cut punctuation
        if line.post:
            assert _words(line.post) == after[:window]


def test_first_line_of_the_first_seed(corpus, hits, seed_texts):
    # "دعا الجيش السوري الأحد 2 أكتوبر/ تشرين الأول المسلحين إلى مغادرة الأحياء ..."
    frame = kwic(corpus, category="militant", hits=hits, window=3).to_frame()
    first = frame.iloc[0]
    assert first["doc_id"] == "000_618f82435d22ff3b"
    assert (first["pre"], first["keyword"], first["post"]) == (
        "أكتوبر/ تشرين الأول", "المسلحين", "إلى مغادرة الأحياء")


def test_position_order_is_corpus_order(corpus, militant):
    frame = militant.to_frame()
    order = {d: k for k, d in enumerate(corpus["doc_id"])}
    keys = [(order[d], s) for d, s in zip(frame["doc_id"], frame["start"], strict=True)]
    assert keys == sorted(keys)


@pytest.mark.parametrize(("sort", "key"), [
    ("left", lambda line: _words(line.pre)[::-1]),
    ("right", lambda line: _words(line.post)),
    ("keyword", lambda line: framing.normalize(line.keyword)),
])
def test_sorting(corpus, hits, militant, sort, key):
    frame = kwic(corpus, category="militant", hits=hits, sort=sort).to_frame()
    keys = [key(line) for line in frame.itertuples()]
    assert keys == sorted(keys)
    # the same lines, only in another order
    assert sorted(zip(frame["doc_id"], frame["start"], strict=True)) == sorted(
        zip(militant.to_frame()["doc_id"], militant.to_frame()["start"], strict=True))


def test_left_sort_puts_the_nearest_word_first(corpus, hits):
    frame = kwic(corpus, category="militant", hits=hits, sort="left", window=3).to_frame()
    nearest = [_words(p)[-1] if _words(p) else "" for p in frame["pre"]]
    assert nearest == sorted(nearest)
    assert nearest != sorted(_words(p)[0] if _words(p) else "" for p in frame["pre"])


def test_term_selection(corpus, hits):
    term = "militant:مسلح"
    frame = kwic(corpus, term=term, hits=hits).to_frame()
    assert set(frame["term"]) == {term}
    assert len(frame) == (hits["term"] == term).sum()
    assert set(frame["pattern"]) == {f"term={term}"}


# -- filters ------------------------------------------------------------------------


def test_outlet_filter(corpus, hits):
    frame = kwic(corpus, category="militant", hits=hits, outlets=["Al Mayadeen"]).to_frame()
    assert set(frame["doc_id"]) == {"003_84cb40cc55fd52e3", "004_3c14a0ab08de09f5"}
    with pytest.raises(ValueError, match=r"'Al Jazeera'.*Known outlets"):
        kwic(corpus, category="militant", hits=hits, outlets=["Al Jazeera"])


def test_date_filter_includes_the_whole_end_day(corpus, default_matcher):
    corpus = corpus.copy()
    corpus.loc[corpus["doc_id"] == "002_7acfac26dd0fc582", "date"] = pd.Timestamp(
        "2016-10-02 18:30")
    frame = kwic(corpus, category="militant", end="2016-10-02",
                 lexicon=default_matcher).to_frame()
    assert set(frame["doc_id"]) == {"000_618f82435d22ff3b", "002_7acfac26dd0fc582"}
    frame = kwic(corpus, category="militant", start="2016-11-01",
                 lexicon=default_matcher).to_frame()
    assert set(frame["doc_id"]) == {"001_bd2704263292804c", "003_84cb40cc55fd52e3"}
    with pytest.raises(ValueError, match="must be a date"):
        kwic(corpus, category="militant", start="last week")


# -- raw patterns --------------------------------------------------------------------


def test_pattern_finds_the_egyptian_spelling(corpus):
    frame = kwic(corpus, pattern="ارهابي").to_frame()
    egyptian = frame[frame["doc_id"] == "001_bd2704263292804c"]
    assert "الإرهابى" in set(egyptian["keyword"])
    assert frame["category"].isna().all()
    assert set(frame["pattern"]) == {"ارهابي"}
    for word in frame["keyword"]:  # whole words: a proclitic may precede, nothing may follow
        assert re.fullmatch(r"[وف]?(?:[بك]?ال|لل|[بكل])?ارهابي", framing.normalize(word))


def test_pattern_spans_and_proclitics():
    text = "قتل الإرهابىُّ والارهابيين ولإرهابي ثم إرهابي"
    spans = find_pattern([text], "ارهابي")
    expected = ["الإرهابىُّ", "ولإرهابي", "إرهابي"]
    assert spans["surface"].tolist() == expected
    assert [text[s:e] for s, e in zip(spans["start"], spans["end"], strict=True)] == expected
    bare = find_pattern([text], "ارهابي", proclitics=False)
    assert bare["surface"].tolist() == ["إرهابي"]
    # the pattern is spelled like the normalised text, whatever its own spelling
    assert find_pattern([text], "الإرهابى", proclitics=False)["surface"].tolist() == [
        "الإرهابىُّ"]
    assert find_pattern([text], r"ارهابي\w*")["surface"].tolist() == [
        "الإرهابىُّ", "والارهابيين", "ولإرهابي", "إرهابي"]


def test_pattern_and_lexicon_lines_together(corpus, hits):
    frame = kwic(corpus, category="terrorist", pattern="ارهابي", hits=hits).to_frame()
    assert set(frame["pattern"]) == {"category=terrorist", "ارهابي"}
    assert frame.loc[frame["pattern"] == "ارهابي", "category"].isna().all()


@pytest.mark.parametrize(("kwargs", "message"), [
    ({}, "needs something to look for"),
    ({"pattern": "(ارهابي"}, "not a valid regular expression"),
    ({"pattern": "x*"}, "matches the empty string"),
    ({"category": "terorist"}, "'terorist'.*Known: .*terrorist"),
    ({"category": "militant", "sort": "alphabetical"}, "'sort' parameter of framing.kwic "
                                                        "must be one of"),
    ({"category": "militant", "window": -1}, "'window' parameter"),
])
def test_bad_queries_are_explained(corpus, hits, kwargs, message):
    with pytest.raises(ValueError, match=message):
        kwic(corpus, hits=hits, **kwargs)


def test_hits_of_another_corpus_are_refused(corpus, hits):
    shifted = hits.assign(start=hits["start"] + 1)
    with pytest.raises(ValueError, match="do not match the corpus text"):
        kwic(corpus, category="militant", hits=shifted)


def test_keyword_context_of_given_spans(corpus, hits):
    spans = hits[hits["category"] == "army"].head(5)
    context = keyword_context(corpus, spans, window=2)
    assert context.index.equals(spans.index)
    assert context["keyword"].tolist() == spans["surface"].tolist()
    assert all(len(_words(p)) <= 2 for p in context["pre"])


# -- output ----------------------------------------------------------------------------


def _hostile_corpus() -> pd.DataFrame:
    text = 'قال <script>alert(1)</script> إن المسلحين & "الجيش" <b>انسحبوا</b>'
    return pd.DataFrame({"doc_id": ["<i>d1</i>"], "outlet": ["A & B <img src=x>"],
                         "date": [pd.Timestamp("2016-10-02")], "text": [text]})


def test_html_escapes_all_text(tmp_path, default_matcher):
    lines = kwic(_hostile_corpus(), category="militant", lexicon=default_matcher)
    assert len(lines) == 1
    page = lines.to_html(tmp_path / "kwic.html")
    assert page.startswith("<!DOCTYPE html>")
    assert '<html dir="rtl" lang="ar">' in page
    assert '<meta charset="utf-8">' in page
    assert "<script>" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&amp;" in page and "A &amp; B &lt;img src=x&gt;" in page
    assert "&lt;i&gt;d1&lt;/i&gt;" in page
    assert (tmp_path / "kwic.html").read_text(encoding="utf-8") == page
    fragment = lines._repr_html_()
    assert "<script>" not in fragment and "&lt;script&gt;" in fragment
    assert 'dir="rtl"' in fragment


def test_notebook_view_says_how_many_lines_are_left_out(default_matcher):
    text = " ".join(["المسلحين"] * (NOTEBOOK_ROWS + 50))
    lines = kwic([text], category="militant", window=2, lexicon=default_matcher)
    assert len(lines) == NOTEBOOK_ROWS + 50
    fragment = lines._repr_html_()
    assert fragment.count("<tr>") == NOTEBOOK_ROWS + 1  # the header row and 200 lines
    assert f"first {NOTEBOOK_ROWS} of {NOTEBOOK_ROWS + 50} lines; 50 are not shown" in fragment
    assert lines.to_html().count("<tr>") == NOTEBOOK_ROWS + 51  # the file holds all


def test_files_are_not_overwritten(tmp_path, militant):
    csv = militant.to_csv(tmp_path / "lines.csv")
    assert csv.read_bytes().startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(csv, encoding="utf-8-sig", keep_default_na=False)
    assert back["keyword"].tolist() == militant.to_frame()["keyword"].tolist()
    assert back["pre"].tolist() == militant.to_frame()["pre"].tolist()
    with pytest.raises(FileExistsError, match=re.escape(str(csv))):
        militant.to_csv(csv)
    militant.to_csv(csv, overwrite=True)
    militant.to_html(tmp_path / "lines.html")
    with pytest.raises(FileExistsError, match=r"lines\.html"):
        militant.to_html(tmp_path / "lines.html")


def test_empty_result_is_a_table_with_the_fixed_columns(corpus):
    lines = kwic(corpus, pattern="كلمةغيرموجودة")
    assert len(lines) == 0
    assert list(lines.to_frame().columns) == KWIC_COLUMNS
    assert "No lines" in lines._repr_html_()


def test_csv_neutralises_formulas_in_contexts(tmp_path, seed_texts, default_matcher):
    """A context that starts with =, +, - or @ is written with a ' before it; numbers are not."""
    import csv

    text = seed_texts["000_618f82435d22ff3b"]
    first = text.index(" المسلحين ") + len(" المسلحين ")
    formulas = ['=HYPERLINK("http://evil.example","اضغط")', "+1+1 قال", "-1 قتيل", "@SUM(1)"]
    corpus = pd.DataFrame({
        "doc_id": [f"d{k}" for k in range(4)], "outlet": ["-Outlet", "@x", "=x", "+x"],
        "date": pd.Timestamp("2016-10-02"),
        "text": [text[:first] + f + " " + text[first:] for f in formulas]})
    lines = kwic(corpus, category="militant", window=3, lexicon=default_matcher)
    frame = lines.to_frame()
    hostile = frame["post"][frame["post"].str[:1].isin(["=", "+", "-", "@"])]
    assert sorted(p[0] for p in hostile) == ["+", "-", "=", "@"]
    path = lines.to_csv(tmp_path / "lines.csv")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    cells = [v for row in rows for v in row.values()]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert sorted(r["post"] for r in rows if r["post"].startswith("'")) == sorted(
        "'" + p for p in hostile)
    assert {r["outlet"] for r in rows} == {"'-Outlet", "'@x", "'=x", "'+x"}
    assert [int(r["start"]) for r in rows] == frame["start"].tolist()  # numbers as written
    assert lines.to_frame()["post"].tolist() == frame["post"].tolist()  # the lines unchanged
