"""Reading views: keyword-in-context tables that read right to left, contexts whole.

A pandas table of KWIC lines or of a coding sheet shows Arabic left to right
(the context before the keyword on the wrong side), cuts cells at 50
characters and prints line breaks as ``\\n``. :func:`framing.kwic.reading_view`
shows the same lines the way the KWIC page does; ``Kwic._repr_html_`` uses
the same renderer.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pandas as pd
import pytest

import framing
from framing.kwic import NEWLINE_MARK, NOTEBOOK_ROWS, ReadingView, kwic, reading_view
from framing.validate import draw_sample, recall_sample

SEED_META = {
    "000_618f82435d22ff3b": ("Buratha News", "2016-10-02"),
    "001_bd2704263292804c": ("Egyptian site", "2016-12-12"),
    "002_7acfac26dd0fc582": ("Micro Syria", "2016-10-02"),
    "003_84cb40cc55fd52e3": ("Al Mayadeen", "2016-11-03"),
    "004_3c14a0ab08de09f5": ("Al Mayadeen", "2016-10-06"),
}


class _Table(HTMLParser):
    """Header names, and per body row the (attributes, text) of each cell."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.header: list[str] = []
        self.rows: list[list[tuple[dict, str]]] = []
        self.tables: list[dict] = []
        self.marks = 0
        self._cell: tuple[dict, list[str]] | None = None
        self._in_head = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.tables.append(attrs)
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr" and not self._in_head:
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = (attrs, [])
        elif tag == "mark" and self._cell is not None:
            self.marks += 1

    def handle_endtag(self, tag):
        if tag == "thead":
            self._in_head = False
        elif tag in ("td", "th") and self._cell is not None:
            attrs, parts = self._cell
            text = "".join(parts)
            if tag == "th":
                self.header.append(text)
            else:
                self.rows[-1].append((attrs, text))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[1].append(data)


def parse(fragment: str) -> _Table:
    table = _Table()
    table.feed(fragment)
    return table


@pytest.fixture(scope="module")
def corpus(seed_texts) -> pd.DataFrame:
    return pd.DataFrame([
        {"doc_id": d, "outlet": SEED_META[d][0], "date": pd.Timestamp(SEED_META[d][1]),
         "text": t} for d, t in seed_texts.items()])


@pytest.fixture(scope="module")
def scores(corpus, default_matcher):
    return framing.score(corpus, default_matcher, progress=False)


@pytest.fixture(scope="module")
def sample(scores, corpus) -> pd.DataFrame:
    return draw_sample(scores.hits, corpus, per_cell=3, window=12)


def test_coding_sheet_reads_right_to_left_with_whole_contexts(sample):
    fragment = reading_view(sample)._repr_html_()
    table = parse(fragment)
    assert table.tables == [{"style": "border-collapse:collapse;", "dir": "rtl"}]
    assert fragment.startswith('<div dir="rtl" lang="ar">')
    # in a right-to-left table the first column is the rightmost: ids, then the context
    # before the keyword, the keyword, the context after it, then the coder's columns
    assert table.header == ["doc_id", "outlet", "date", "pre", "keyword", "post", "category",
                            "term", "verdict", "notes"]
    assert len(table.rows) == len(sample) and table.marks == len(sample)
    pre, keyword, post = (table.header.index(c) for c in ("pre", "keyword", "post"))
    for row, (_, line) in zip(table.rows, sample.iterrows(), strict=True):
        expected = {c: line[c].replace("\n", NEWLINE_MARK) for c in ("pre", "keyword", "post")}
        assert row[pre][1] == expected["pre"]  # whole: nothing cut
        assert row[keyword][1] == expected["keyword"]
        assert row[post][1] == expected["post"]
        assert "text-align:end" in row[pre][0]["style"]  # flush against the keyword
        assert "text-align:start" in row[post][0]["style"]
        assert all("white-space:nowrap" in attrs["style"] for attrs, _ in row)
        assert row[0][0]["dir"] == "ltr" and row[2][1] == line["date"].strftime("%Y-%m-%d")
    assert max(len(p) for p in sample["pre"]) > 50  # what a pandas table would have cut
    assert 'style="overflow-x:auto;max-width:100%;"' in fragment  # wide lines scroll


def test_line_breaks_show_as_a_mark_never_as_backslash_n(corpus, default_matcher):
    lines = kwic(corpus, category="militant", window=40, lexicon=default_matcher)
    broken = lines.to_frame()["pre"].str.contains("\n") | lines.to_frame()["post"].str.contains(
        "\n")
    assert broken.sum() > 0, "no context of the seed articles spans a paragraph break"
    fragment = reading_view(lines)._repr_html_()
    assert "\n" not in fragment and "\\n" not in fragment and "\r" not in fragment
    cells = [text for row in parse(fragment).rows for _, text in row]
    assert sum(NEWLINE_MARK.strip() in c for c in cells) >= broken.sum()


def test_text_is_escaped(default_matcher):
    text = 'قال <script>alert("x")</script> إن المسلحين <img src=x onerror=alert(1)> انسحبوا'
    corpus = pd.DataFrame({"doc_id": ["<b>d</b>"], "outlet": ["A & B"],
                           "date": [pd.Timestamp("2016-10-02")], "text": [text]})
    lines = kwic(corpus, category="militant", lexicon=default_matcher)
    fragment = reading_view(lines)._repr_html_()
    assert "<script>" not in fragment and "<img" not in fragment and "<b>" not in fragment
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in fragment
    assert "&lt;img src=x onerror=alert(1)&gt;" in fragment and "A &amp; B" in fragment
    row = parse(fragment).rows[0]
    assert [t for _, t in row][:6] == ["<b>d</b>", "A & B", "2016-10-02",
                                       'قال <script>alert("x")</script> إن', "المسلحين",
                                       "<img src=x onerror=alert(1)> انسحبوا"]


def test_kwic_shows_itself_with_the_same_renderer(corpus, default_matcher):
    lines = kwic(corpus, category="terrorist", lexicon=default_matcher)
    assert 0 < len(lines) < NOTEBOOK_ROWS
    same = reading_view(lines, columns=["doc_id", "outlet", "date", "category"])
    assert lines._repr_html_() == same._repr_html_()
    # and the page of Kwic.to_html is that table with classes instead of inline styles
    page = lines.to_html()
    table = parse(page)
    assert table.header == ["doc_id", "outlet", "date", "pre", "keyword", "post", "category"]
    assert [[t for _, t in row] for row in table.rows] == [
        [t for _, t in row] for row in parse(lines._repr_html_()).rows]
    assert 'class="scroll"' in page and "white-space:nowrap" in page
    assert [a["class"] for a, _ in table.rows[0]] == ["id", "meta", "date", "pre", "keyword",
                                                      "post", "meta"]


def test_recall_sample_and_explicit_columns(corpus, scores):
    missed = recall_sample(corpus, scores, dimension="death_frame", topic=["حلب"], n=2)
    assert len(missed) == 2
    view = reading_view(missed, columns=["n_mentions", "doc_id", "missed"])
    with_ids = missed.assign(item_id="x")
    assert "item_id" not in reading_view(with_ids)._repr_html_()  # left out unless asked for
    assert parse(reading_view(with_ids, columns=["item_id"])._repr_html_()).header[0] == "item_id"
    table = parse(view._repr_html_())
    assert table.header == ["doc_id", "pre", "keyword", "post", "n_mentions", "missed"]
    assert len(table.rows) == len(missed)
    assert repr(view) == (f"ReadingView({len(missed)} line(s); columns doc_id, pre, keyword, "
                          "post, n_mentions, missed)")


def test_other_column_names_and_row_limit(sample, tmp_path):
    renamed = sample.rename(columns={"pre": "before", "keyword": "word", "post": "after"})
    view = reading_view(renamed, pre="before", keyword="word", post="after", max_rows=2)
    fragment = view._repr_html_()
    table = parse(fragment)
    assert table.header[3:6] == ["before", "word", "after"] and len(table.rows) == 2
    assert (f"Showing the first 2 of {len(sample)} lines; {len(sample) - 2} are not shown."
            in html.unescape(fragment))
    assert "max_rows=None" in fragment
    assert len(parse(reading_view(sample, max_rows=None)._repr_html_()).rows) == len(sample)
    page = view.to_html(tmp_path / "sheet.html")
    assert len(parse(page).rows) == len(sample)  # a page holds every line
    with pytest.raises(FileExistsError, match=r"sheet\.html"):
        view.to_html(tmp_path / "sheet.html")
    assert isinstance(view, ReadingView) and len(view) == len(sample)


def test_bad_arguments_are_named(sample):
    with pytest.raises(KeyError, match=r"no 'context' column \(the 'pre' parameter\)"):
        reading_view(sample, pre="context")
    with pytest.raises(KeyError, match=re.escape("no column(s) 'coder' in the table")):
        reading_view(sample, columns=["doc_id", "coder"])
    with pytest.raises(ValueError, match=r"'max_rows' parameter .* Got 0 instead"):
        reading_view(sample, max_rows=0)
    with pytest.raises(TypeError, match=r"must be a DataFrame or a Kwic\. Got list instead"):
        reading_view([["a", "b", "c"]])


def test_keyword_sits_between_its_contexts_in_a_browser(sample, tmp_path):
    """In Chromium the context before the keyword is drawn on its right, the one after on
    its left: Arabic reading order."""
    from browser_support import chromium_browser

    page_html = reading_view(sample.head(5)).to_html()
    with chromium_browser() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.set_content(page_html)
        boxes = page.evaluate("""() => [...document.querySelectorAll('tbody tr')].map(
            tr => ['pre', 'keyword', 'post'].map(c => {
                const r = tr.querySelector('td.' + c).getBoundingClientRect();
                return [r.left, r.right, r.height];
            }))""")
        page.close()
    assert len(boxes) == 5
    heights = set()
    for (pre, keyword, post) in boxes:
        assert pre[0] >= keyword[1] - 1 and keyword[0] >= post[1] - 1
        heights.add(round(keyword[2]))
    assert len(heights) == 1  # every line one line high: nothing wrapped
