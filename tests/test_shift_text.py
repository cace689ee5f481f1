"""Shifts and event effects in sentences: the numbers of the tables, in words."""

from __future__ import annotations

import pandas as pd

import framing
from framing.shift_text import event_sentences, shift_sentences

LEXICON = framing.load_lexicon("default")


def _shift_rows(changes: dict[str, float]) -> pd.DataFrame:
    rows = []
    for category, change in changes.items():
        before = 0.30
        rows.append({"outlet": "okaz", "dimension": "armed_group_label", "changepoint": 1,
                     "date": pd.Timestamp("2015-08-07"), "date_low": pd.Timestamp("2015-08-02"),
                     "date_high": pd.Timestamp("2015-08-08"), "category": category,
                     "share_before": before, "share_after": before + change / 100,
                     "change": change, "change_low": change - 10, "change_high": change + 10})
    return pd.DataFrame(rows)


def test_a_shift_names_its_three_largest_moves_and_counts_the_rest():
    table = _shift_rows({"terrorist": 28.0, "militia": -12.0, "opposition": -9.0,
                         "rebel": -4.0, "militant": 0.4})
    [sentence] = shift_sentences(table, LEXICON)
    assert sentence.startswith("okaz, how armed non-state groups are named: a shift on "
                               "2015-08-07 (between 2015-08-02 and 2015-08-08): ")
    assert "terrorist rose from 30% to 58% (+28 points, interval +18 to +38)" in sentence
    assert "militia fell from 30% to 18% (-12 points, interval -22 to -2)" in sentence
    assert "opposition fell" in sentence and "rebel" not in sentence
    # rebel (-4) is the fourth move; militant (+0.4) moved by under a point
    assert sentence.endswith("1 smaller move(s) in tables/shifts.csv.")
    # rises first, then falls
    assert sentence.index("terrorist") < sentence.index("opposition") < sentence.index("militia")


def test_a_shift_on_one_day_gives_one_date():
    table = _shift_rows({"terrorist": 5.0})
    table["date_low"] = table["date_high"] = table["date"]
    [sentence] = shift_sentences(table, LEXICON)
    assert "a shift on 2015-08-07: terrorist rose" in sentence


def _effects(p_values: dict[str, float], docs: int = 40) -> pd.DataFrame:
    return pd.DataFrame([
        {"scope": "overall", "event": "Abha mosque bombing",
         "event_date": pd.Timestamp("2015-08-06"), "dimension": "armed_group_label",
         "category": category, "share_before": 0.3, "share_after": 0.3 + 0.1 * k,
         "change": 10.0 * k, "p_value": p, "docs_before": docs, "docs_after": docs + 2}
        for k, (category, p) in enumerate(p_values.items(), start=1)])


def test_an_event_sentence_gives_the_label_that_moved_most():
    [sentence] = event_sentences(_effects({"terrorist": 0.2, "militia": 0.001}), LEXICON)
    assert sentence == (
        "Abha mosque bombing (2015-08-06): 1 of 1 dimension(s) changed at p < 0.05 (7 days "
        "before vs after; overall): how armed non-state groups are named: militia 30% to 50% "
        "(+20 points, p = 0.001, 40 documents before, 42 after).")


def test_an_event_without_a_clear_change_or_without_documents_says_so():
    [quiet] = event_sentences(_effects({"terrorist": 0.4}), LEXICON, window=5)
    assert quiet == ("Abha mosque bombing (2015-08-06): in none of 1 dimension(s) did a "
                     "label's share change at p < 0.05 between the 5 days before and after.")
    [empty] = event_sentences(_effects({"terrorist": 0.4}, docs=0), LEXICON)
    assert "no document using a dimension on both sides within 7 days" in empty
