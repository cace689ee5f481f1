"""Events files (framing.events.read_events) and the effect of an event on label shares
(framing.events.event_effect)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import framing
from framing.events import (
    EVENT_EFFECT_COLUMNS,
    EventsError,
    event_effect,
    event_effects,
    read_events,
)

LEXICON = framing.load_lexicon("default")
DIMENSION = next(d for d in LEXICON.dimensions if len(d.categories) >= 2)
FIRST, SECOND = (c.id for c in DIMENSION.categories[:2])
LABELS = [c.id for c in DIMENSION.categories]


def write(tmp_path, name: str, text: str, encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


# --- read_events ---------------------------------------------------------------------------

def test_csv_events(tmp_path):
    path = write(tmp_path, "events.csv",
                 "date,label,description\n"
                 "2015-08-06,تفجير مسجد أبها,\"suicide attack, 15 killed\"\n"
                 "2015-07-25, Truce ,\n")
    events = read_events(path)
    assert events["date"].tolist() == [pd.Timestamp("2015-08-06"), pd.Timestamp("2015-07-25")]
    assert events["label"].tolist() == ["تفجير مسجد أبها", "Truce"]
    assert events["description"].iloc[0] == "suicide attack, 15 killed"
    assert pd.isna(events["description"].iloc[1])
    assert events["date"].dtype == "datetime64[ns]"
    assert events.attrs["source"] == str(path)


def test_yaml_events_list_or_mapping(tmp_path):
    listed = write(tmp_path, "a.yaml", "- date: 2015-08-06\n  label: Abha bombing\n"
                                       "- {date: '2015-07-25', label: Truce, "
                                       "description: humanitarian truce}\n")
    keyed = write(tmp_path, "b.yml", "events:\n  - date: 2015-08-06 18:30\n    label: Abha\n")
    events = read_events(listed)
    assert events["label"].tolist() == ["Abha bombing", "Truce"]
    assert events["description"].iloc[1] == "humanitarian truce"
    assert read_events(keyed)["date"].iloc[0] == pd.Timestamp("2015-08-06 18:30")


@pytest.mark.parametrize(("name", "text", "message"), [
    ("e.csv", "date,label\n2015-08-06,A\n06/08/2015,B\n",
     r"e\.csv, line 3, field 'date': '06/08/2015' is not a date; write it as YYYY-MM-DD"),
    ("e.csv", "date,label\n2015-08-06,A\n2015-08-07,\n",
     r"e\.csv, line 3, field 'label': missing or empty"),
    ("e.csv", "when,label\n2015-08-06,A\n", r"e\.csv, line 1: the header lacks column\(s\) 'date'"),
    ("e.csv", "date,label,place\n2015-08-06,A,Abha\n", r"line 1: unknown column\(s\) 'place'"),
    ("e.csv", "date,label,label\n2015-08-06,A,B\n", r"column\(s\) 'label' appear more than once"),
    ("e.csv", "date,label\n2015-08-06,A,extra\n", r"line 2: 3 field\(s\) where the header has 2"),
    ("e.csv", "date,label\n2015-08-06,A\n2015-08-07,B\n2015-08-06,A\n",
     r"line 4: event 'A' on 2015-08-06 is already listed on line 2"),
    ("e.csv", "", r"e\.csv: the file is empty"),
    ("e.csv", "date,label\n", r"e\.csv: no events"),
    ("e.csv", "date,label,description\n\"2015-08-06\",A,\"two\nlines\"\n2015-13-01,B,\n",
     r"line 4, field 'date': '2015-13-01'"),
    ("e.yaml", "- date: 2015-08-06\n  label: A\n- date: 2015-02-30\n  label: B\n",
     r"e\.yaml, line 3, field 'date': '2015-02-30' is not a date"),
    ("e.yaml", "- date: 2015-08-06\n  label: A\n- date: 2015-08-07\n  place: Abha\n",
     r"e\.yaml, line 4, field 'place': unknown field"),
    ("e.yaml", "- date: 2015-08-06\n  label: A\n- date: 2015-08-07\n",
     r"e\.yaml, line 3, field 'label': missing or empty"),
    ("e.yaml", "- date: 2015-08-06\n  label: [A, B]\n",
     r"line 2, field 'label': must be a single value"),
    ("e.yaml", "- 2015-08-06\n", r"line 1: an event must be a mapping"),
    ("e.yaml", "dates:\n  - 2015-08-06\n", r"found key\(s\) 'dates'"),
    ("e.yaml", "- date: 2015-08-06\n  label: A\n - label: B\n", r"e\.yaml, line 3: not valid YAML"),
    ("e.txt", "date,label\n2015-08-06,A\n", r"\.csv, \.yaml or \.yml"),
])
def test_events_file_errors(tmp_path, name, text, message):
    path = write(tmp_path, name, text)
    with pytest.raises(EventsError, match=message):
        read_events(path)


def test_events_file_not_utf8_or_missing(tmp_path):
    path = write(tmp_path, "e.csv", "date,label\n2015-08-06,هدنة\n", encoding="cp1256")
    with pytest.raises(EventsError, match=r"not UTF-8 text .*save it as UTF-8"):
        read_events(path)
    with pytest.raises(FileNotFoundError, match="No events file"):
        read_events(tmp_path / "absent.csv")


# --- event_effect --------------------------------------------------------------------------

def counts_table(docs: list[tuple[str, str, object, int, int]]) -> pd.DataFrame:
    """(doc_id, outlet, date, hits of FIRST, hits of SECOND) per document, others 0."""
    frame = pd.DataFrame(0, index=range(len(docs)), columns=LEXICON.category_ids)
    frame[FIRST] = [d[3] for d in docs]
    frame[SECOND] = [d[4] for d in docs]
    frame.insert(0, "n_tokens", 150)
    frame.insert(0, "date", pd.to_datetime([d[2] for d in docs]))
    frame.insert(0, "outlet", [d[1] for d in docs])
    frame.insert(0, "doc_id", [d[0] for d in docs])
    return frame


def planted() -> pd.DataFrame:
    """Outlet x: 80 % FIRST for the 7 days before 2020-06-10, 20 % from that day on (the
    event's day counts as after). Outlet y: the same mix of documents on both sides."""
    docs = []
    event = pd.Timestamp("2020-06-10")
    for day in range(-7, 7):
        date = event + pd.Timedelta(days=day, hours=9)
        first, second = (4, 1) if day < 0 else (1, 4)
        docs += [(f"x{day}-{k}", "x", date, first, second) for k in range(3)]
        docs += [(f"y{day}-{k}", "y", date, *pair) for k, pair in enumerate([(2, 2), (3, 1)])]
    # outside the window, and undated: left out
    docs += [("x-old", "x", event - pd.Timedelta(days=8), 0, 9), ("x-none", "x", None, 9, 0)]
    docs += [("y-late", "y", event + pd.Timedelta(days=7), 9, 0)]
    return counts_table(docs)


def test_planted_event_effect():
    with pytest.warns(UserWarning, match="1 of 73 document"):
        result = event_effect(planted(), "2020-06-10", window=7, dimension=DIMENSION.id,
                              n_perm=499, n_boot=500)
    assert list(result.columns) == ["outlet", *EVENT_EFFECT_COLUMNS]
    assert result.attrs["undated"] == 1
    table = result.set_index(["scope", "outlet", "category"], drop=False)
    x = table.loc[("outlet", "x", FIRST)]
    assert (x["docs_before"], x["docs_after"]) == (21, 21)
    assert (x["hits_before"], x["hits_after"]) == (84, 21)
    assert x["share_before"] == pytest.approx(0.8)
    assert x["share_after"] == pytest.approx(0.2)
    assert x["change"] == pytest.approx(-60.0)
    assert x["change_low"] == pytest.approx(-60.0) and x["change_high"] == pytest.approx(-60.0)
    assert x["p_value"] == pytest.approx(1 / 500)  # no relabelling reaches a 60-point switch
    assert x["tvd"] == pytest.approx(60.0)
    y = table.loc[("outlet", "y", FIRST)]
    assert y["change"] == pytest.approx(0.0)
    assert y["p_value"] > 0.5
    assert y["change_low"] < 0 < y["change_high"]
    overall = result[result["scope"] == "overall"].set_index("category")
    assert overall["outlet"].isna().all()
    # pooled before: x has 84 of its 105 hits on FIRST, y 35 of 56
    assert overall.loc[FIRST, "share_before"] == pytest.approx((84 + 35) / (105 + 56))
    assert overall.loc[FIRST, "p_value"] < 0.01
    assert set(result["category"]) == set(LABELS)
    assert not result["low_n"].any()


def test_side_without_hits_and_low_n():
    docs = [("a", "x", "2020-01-01", 2, 1), ("b", "x", "2020-01-03", 0, 0),
            ("c", "y", "2020-01-01", 1, 1), ("d", "y", "2020-01-04", 1, 3)]
    result = event_effect(counts_table(docs), pd.Timestamp("2020-01-02"), window="3D",
                          dimension=DIMENSION.id, n_perm=99, n_boot=99)
    x = result[(result["outlet"] == "x") & (result["category"] == FIRST)].iloc[0]
    assert x["docs_after"] == 0
    assert np.isnan(x["share_after"]) and np.isnan(x["change"]) and np.isnan(x["p_value"])
    assert x["low_n"]
    y = result[(result["outlet"] == "y") & (result["category"] == FIRST)].iloc[0]
    assert y["change"] == pytest.approx(100 * (1 / 4 - 1 / 2))
    assert y["window_days"] == 3.0


def test_event_effect_with_events_file(tmp_path):
    path = write(tmp_path, "events.csv", "date,label\n2020-06-10,switch\n")
    events = read_events(path)
    with pytest.warns(UserWarning, match="no date"):
        result = event_effect(planted(), events["date"].iloc[0], dimension=DIMENSION.id,
                              n_perm=99, n_boot=0, by=None)
    assert "outlet" not in result.columns
    assert (result["scope"] == "overall").all()
    assert result["change_low"].isna().all()  # n_boot=0


def test_event_effect_parameter_errors():
    table = planted()
    with pytest.raises(ValueError, match="'date' parameter"):
        event_effect(table, "not a date")
    with pytest.raises(ValueError, match="'window' parameter"):
        event_effect(table, "2020-06-10", window=0)
    with pytest.raises(ValueError, match="'window' parameter"):
        event_effect(table, "2020-06-10", window="-2D")
    with pytest.raises(ValueError, match="no dimension"):
        event_effect(table, "2020-06-10", dimension="weather")
    with pytest.raises(KeyError, match="no 'source' column"):
        event_effect(table, "2020-06-10", by="source")


@pytest.mark.saudinewsnet
def test_event_effect_on_saudinewsnet(saudinewsnet_dir):
    from framing.indicators import attach_metadata

    counts = framing.score_path(saudinewsnet_dir, progress=False).counts
    corpus = framing.load_corpus(saudinewsnet_dir)[["doc_id", "outlet", "date"]]
    table = attach_metadata(counts, corpus)
    result = event_effect(table, "2015-08-06", window=5, dimension=DIMENSION.id, n_perm=199,
                          n_boot=200)
    overall = result[result["scope"] == "overall"]
    assert len(overall) == len(LABELS)
    assert overall["share_before"].sum() == pytest.approx(1.0)
    assert overall["change"].sum() == pytest.approx(0.0, abs=1e-9)
    inside = table[(table["date"] >= "2015-08-01") & (table["date"] < "2015-08-11")]
    using = inside[inside[LABELS].sum(axis=1) > 0]
    assert overall["docs_before"].iloc[0] + overall["docs_after"].iloc[0] == len(using)
    p_values = result["p_value"].dropna()
    assert len(p_values) and ((p_values >= 1 / 200) & (p_values <= 1)).all()


def test_events_from_a_pipe_stdin_or_fifo_are_read_once_as_csv(tmp_path, monkeypatch):
    import io
    import os
    import threading

    text = "date,label\n2016-12-13,Evacuation deal\n"
    fifo = tmp_path / "events"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_text(text, encoding="utf-8"))
    writer.start()
    from_fifo = read_events(fifo)
    writer.join(timeout=10)
    assert from_fifo["label"].tolist() == ["Evacuation deal"]
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    from_stdin = read_events("-")
    assert from_stdin["date"].tolist() == [pd.Timestamp("2016-12-13")]
    assert from_stdin.attrs["source"] == "<stdin>"


def test_a_folder_a_huge_file_or_too_many_events_are_refused(tmp_path):
    with pytest.raises(EventsError, match="is a folder"):
        read_events(tmp_path)
    many = tmp_path / "many.csv"
    many.write_text("date,label\n" + "".join(f"2016-10-{d % 28 + 1:02d},event {d}\n"
                                             for d in range(10_001)), encoding="utf-8")
    with pytest.raises(EventsError, match=r"many.csv: 10,001 events, more than the 10,000"):
        read_events(many)
    huge = tmp_path / "huge.csv"
    huge.write_bytes(b"date,label\n" + b" " * 10_000_001)
    with pytest.raises(EventsError, match=r"huge.csv: more than 10 MB"):
        read_events(huge)


# --- hostile input: dates, blank lines, nesting, paths, windows ----------------------------

@pytest.mark.parametrize(("value", "why"), [
    ("9999-12-31", r"year 9999 is outside 1800-2200"),
    ("0001-01-01", r"year 0001 is outside 1800-2200|year 1 is outside 1800-2200"),
    ("1677-01-01", r"year 1677 is outside 1800-2200"),
    ("1438-03-12", r"year 1438 looks like a Hijri year: convert Hijri dates to the Gregorian"),
    ("9999-12-31T23:00:00+03:00", r"year 9999 is outside"),
])
@pytest.mark.parametrize("name", ["e.csv", "e.yaml"])
def test_event_dates_outside_the_supported_years_are_named(tmp_path, name, value, why):
    text = (f"date,label\n2016-12-13,ok\n{value},x\n" if name == "e.csv" else
            f"- date: 2016-12-13\n  label: ok\n- date: '{value}'\n  label: x\n")
    path = write(tmp_path, name, text)
    message = (rf"{name}, line 3, field 'date': '{re.escape(value)}' is not a date "
               rf"\({why}.*\).*Gregorian date in the years 1800-2200")
    with pytest.raises(EventsError, match=message) as caught:
        read_events(path)
    assert "\n" not in str(caught.value)


def test_event_dates_at_the_edges_of_the_supported_years(tmp_path):
    path = write(tmp_path, "e.csv", "date,label\n1800-01-01,first\n2200-12-31 23:59,last\n")
    assert read_events(path)["date"].tolist() == [pd.Timestamp("1800-01-01"),
                                                  pd.Timestamp("2200-12-31 23:59")]


def test_an_out_of_range_event_date_stops_the_cli_with_one_line(tmp_path, capsys):
    from framing.cli import main

    events = write(tmp_path, "e.csv", "date,label\n9999-12-31,x\n")
    out = tmp_path / "s.csv"
    assert main(["shifts", "sample", "--events", str(events), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("framing: error: ") and "\n" not in err
    assert f"{events}, line 2, field 'date': '9999-12-31'" in err and "1800-2200" in err
    assert not out.exists()


def test_blank_lines_in_an_events_csv_are_skipped_and_lines_keep_their_numbers(tmp_path):
    path = write(tmp_path, "e.csv", "\n  \ndate,label\n2016-12-13,a\n\n \t \n2016-12-14,b\n\n\n")
    assert read_events(path)["label"].tolist() == ["a", "b"]
    crlf = write(tmp_path, "crlf.csv", "date,label\r\n2016-12-13,a\r\n\r\n2016-12-14,b\r\n\r\n")
    assert read_events(crlf)["label"].tolist() == ["a", "b"]
    bad = write(tmp_path, "bad.csv", "date,label\n\n2016-12-13,a\n\n\n2016-13-14,b\n")
    with pytest.raises(EventsError, match=r"bad\.csv, line 6, field 'date': '2016-13-14'"):
        read_events(bad)
    late_header = write(tmp_path, "late.csv", "\n\nwhen,label\n2016-12-13,a\n")
    with pytest.raises(EventsError, match=r"late\.csv, line 3: the header lacks"):
        read_events(late_header)
    only_blank = write(tmp_path, "blank.csv", "\n \n\n")
    with pytest.raises(EventsError, match=r"blank\.csv: the file is empty"):
        read_events(only_blank)
    header_only = write(tmp_path, "header.csv", "date,label\n\n\n")
    with pytest.raises(EventsError, match=r"header\.csv: no events"):
        read_events(header_only)
    # a row of empty fields is not blank: its fields are missing
    with pytest.raises(EventsError, match=r"line 3, field 'date': missing or empty"):
        read_events(write(tmp_path, "commas.csv", "date,label\n2016-12-13,a\n , \n"))


@pytest.mark.parametrize("text", [
    "- " * 5000 + "x\n",
    "[" * 5000 + "]" * 5000 + "\n",
    "{a: " * 3000 + "x" + "}" * 3000 + "\n",
    "events:\n  - date: 2016-12-13\n    label: " + "[" * 30 + "x" + "]" * 30 + "\n",
])
def test_deeply_nested_yaml_is_refused_without_recursion_error(tmp_path, text):
    path = write(tmp_path, "e.yaml", text)
    with pytest.raises(EventsError, match=r"e\.yaml, line \d+: lists or mappings nested too "
                                          r"deeply \(more than 20 levels\)"):
        read_events(path)


@pytest.mark.parametrize("value", ["٢٠١٦-١٢-١٣", "۲۰۱۶-۱۲-۱۳", "٢٠١٦-١٢-١٣ ١٨:٣٠"])
def test_arabic_indic_and_persian_digits_in_event_dates(tmp_path, value):
    expected = pd.Timestamp("2016-12-13 18:30" if ":" in value else "2016-12-13")
    csv_path = write(tmp_path, "e.csv", f"date,label\n{value},إجلاء\n")
    yaml_path = write(tmp_path, "e.yaml", f"- date: {value}\n  label: إجلاء\n")
    assert read_events(csv_path)["date"].tolist() == [expected]
    assert read_events(yaml_path)["date"].tolist() == [expected]


def test_arabic_indic_digits_in_the_date_parameter():
    with pytest.warns(UserWarning, match="no date"):
        arabic = event_effect(planted(), "٢٠٢٠-٠٦-١٠", dimension=DIMENSION.id, n_perm=0,
                              n_boot=0)
    assert (arabic["event_date"] == pd.Timestamp("2020-06-10")).all()
    assert arabic["docs_before"].max() > 0


def test_a_path_with_a_nul_is_named(tmp_path):
    with pytest.raises(EventsError, match=r"Events file 'a\\x00b\.csv': not a usable file "
                                          r"name \(embedded null byte\)"):
        read_events("a\0b.csv")
    with pytest.raises(EventsError, match=r"cannot be read \(Not a directory\)"):
        read_events(write(tmp_path, "file.csv", "date,label\n") / "events.csv")


@pytest.mark.parametrize("window", [100_000_000, 3_651, "100000000D", "3651D",
                                    pd.Timedelta(days=4000), "1000000000000000D"])
def test_a_huge_window_is_refused_naming_the_parameter(window):
    with pytest.raises(ValueError, match=r"'window' parameter of framing\.event_effect "
                                         r"\(--window on the command line\) must be a number of "
                                         r"days from 1 to 3,650"):
        event_effect(planted(), "2020-06-10", window=window)


def test_the_longest_window_reaches_far_dates():
    with pytest.warns(UserWarning, match="no date"):
        result = event_effect(planted(), "2020-06-10", window=3_650, by=None,
                              dimension=DIMENSION.id, n_perm=0, n_boot=0)
    assert result["window_days"].iloc[0] == 3650.0
    assert result["docs_before"].iloc[0] + result["docs_after"].iloc[0] == 72  # all dated


def test_windows_are_exact_whatever_the_unit_of_the_dates():
    """Documents dated in seconds, an event at half a second: each side is [start, end)."""
    docs = [("a", "x", "2020-01-01 00:00:00", 9, 0), ("b", "x", "2020-01-01 00:00:01", 1, 0),
            ("c", "x", "2020-01-08 00:00:00", 0, 1), ("d", "x", "2020-01-08 00:00:01", 0, 1),
            ("e", "x", "2020-01-15 00:00:00", 0, 9), ("f", "x", "2020-01-15 00:00:01", 0, 9)]
    table = counts_table(docs)
    table["date"] = table["date"].astype("datetime64[s]")
    result = event_effect(table, pd.Timestamp("2020-01-08 00:00:00.500"), window=7, by=None,
                          dimension=DIMENSION.id, n_perm=0, n_boot=0)
    row = result[result["category"] == FIRST].iloc[0]
    # before: b and c (a is half a second too early); after: d and e (f is past the end)
    assert (row["docs_before"], row["docs_after"]) == (2, 2)
    assert (row["hits_before"], row["hits_after"]) == (1, 0)
    second = result[result["category"] == SECOND].iloc[0]
    assert (second["hits_before"], second["hits_after"]) == (1, 10)


# --- many events ---------------------------------------------------------------------------

def test_event_effects_equal_event_effect_per_event_with_one_warning():
    table = planted().dropna(subset=["date"])
    dates = ["2020-06-10", "2001-01-01", "2020-06-05 12:00", "2001-01-02", "2030-01-01",
             "2030-01-02", "2030-01-03", "2030-01-04"]
    events = pd.DataFrame({"date": pd.to_datetime(dates, format="ISO8601"),
                           "label": [f"event {i}" for i in range(len(dates))]})
    options = {"dimension": DIMENSION.id, "n_perm": 49, "n_boot": 40, "seed": 5}
    with pytest.warns(UserWarning) as caught:
        batch = event_effects(table, events, **options)
    assert [str(w.message) for w in caught] == [
        "framing.event_effects: 6 of 8 event(s) have no dated document within 7 days: "
        "'event 1' (2001-01-01), 'event 3' (2001-01-02), 'event 4' (2030-01-01), "
        "'event 5' (2030-01-02), 'event 6' (2030-01-03) and 1 more; their rows are empty."]
    assert list(batch.columns) == ["outlet", *EVENT_EFFECT_COLUMNS, "event"]
    with pytest.warns(UserWarning, match="no dated document"):
        singles = [event_effect(table, date, **options).assign(event=label)
                   for date, label in zip(events["date"], events["label"], strict=True)]
    expected = pd.concat(singles, ignore_index=True)
    assert batch.to_csv(index=False) == expected.to_csv(index=False)
    assert batch.attrs["event_effect"]["events"] == 8
    assert batch.attrs["event_effect"]["empty_events"] == 6
    empty = batch[batch["event"] == "event 1"]
    assert (empty["scope"] == "overall").all() and len(empty) == len(LABELS)
    assert (empty["docs_before"] == 0).all() and empty["share_before"].isna().all()


def test_events_without_documents_draw_nothing(monkeypatch):
    import framing.events as events_module

    calls = []
    real = events_module._effect

    def spy(rows, after, strata, n_perm, n_boot, *args):
        calls.append((len(rows), n_perm, n_boot))
        return real(rows, after, strata, n_perm, n_boot, *args)

    monkeypatch.setattr(events_module, "_effect", spy)
    table = planted().dropna(subset=["date"])
    dates = pd.date_range("1990-01-01", periods=2_000, freq="D").append(
        pd.DatetimeIndex(["2020-06-10"]))
    events = pd.DataFrame({"date": dates, "label": [str(d.date()) for d in dates]})
    with pytest.warns(UserWarning, match=r"2,000 of 2,001 event\(s\) have no dated document"):
        result = event_effects(table, events, dimension=DIMENSION.id, n_perm=19, n_boot=10)
    # one shared block for every empty window, then outlets x, y and overall for the event
    assert calls == [(0, 0, 0), (42, 19, 10), (28, 19, 10), (70, 19, 10)]
    assert len(result) == 2_000 * len(LABELS) + 3 * len(LABELS)
    assert result["event"].iloc[-1] == "2020-06-10"


def test_event_effects_input_errors():
    table = planted()
    with pytest.raises(TypeError, match=r"events table of framing\.read_events"):
        event_effects(table, ["2020-06-10"])
    with pytest.raises(TypeError, match=r"columns 'when', 'label'"):
        event_effects(table, pd.DataFrame({"when": [pd.Timestamp("2020-06-10")],
                                           "label": ["x"]}))
    with pytest.raises(ValueError, match=r"'b' have no date"):
        event_effects(table, pd.DataFrame({"date": pd.to_datetime(["2020-06-10", None]),
                                           "label": ["a", "b"]}))
    many = pd.DataFrame({"date": pd.to_datetime(["2020-06-10"] * 10_001),
                         "label": ["x"] * 10_001})
    with pytest.raises(ValueError, match=r"10,001 events, more than the 10,000"):
        event_effects(table, many)
    with pytest.raises(ValueError, match=r"'window' parameter of framing\.event_effects"):
        event_effects(table, many.head(1), window=10**8)
