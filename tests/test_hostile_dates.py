"""Odd and out-of-range dates: Hijri years written like ISO, year 0 and 9999, leap
seconds, days that do not exist. Each is read, or reported with its file, row and
what to do; ``on_bad_date='nat'`` (``--on-bad-date nat``) keeps and counts them."""

from __future__ import annotations

import json
import warnings

import pandas as pd
import pytest

import framing
from framing.cli import main
from framing.corpus import CorpusError
from framing.dates import DateWarning, parse_date, parse_dates
from framing.selection import select_documents

T = pd.Timestamp


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))


@pytest.mark.parametrize(("value", "expected"), [
    ("2016-12-31 23:59:60", T("2016-12-31 23:59:59")),
    ("2016-12-31T23:59:60", T("2016-12-31 23:59:59")),
    ("2016-12-31 23:59:60.250", T("2016-12-31 23:59:59.250")),
    ("31/12/2016 23:59:60", T("2016-12-31 23:59:59")),
    ("2016-12-31 23:59:60+03:00", T("2016-12-31 23:59:59")),
    ("31 ديسمبر 2016 23:59:60", T("2016-12-31 23:59:59")),
    ("٣١/١٢/٢٠١٦ ٢٣:٥٩:٦٠", T("2016-12-31 23:59:59")),
    ("2016-06-30 02:59:60", T("2016-06-30 02:59:59")),  # a leap second in UTC+03:00
])
def test_a_leap_second_stays_in_its_day(value, expected):
    assert parse_date(value) == expected
    column = parse_dates(pd.Series([value, "2016-10-02"]))  # fast path for the other value
    assert column.tolist() == [expected, T("2016-10-02")]


@pytest.mark.parametrize("value", ["2016-01-01 10:30:60", "2016-01-01 10:60:00",
                                   "2016-01-01 24:00:00", "2016-12-31 23:59:61"])
def test_other_out_of_range_clock_values_are_not_rolled_over(value):
    assert parse_date(value) is None
    with pytest.raises(CorpusError, match="not a valid time of day"):
        parse_dates(pd.Series([value]), source="times.csv", rows=["row 1"])


@pytest.mark.parametrize(("value", "reason"), [
    ("1438-03-12", "(year 1438 looks like a Hijri year: convert Hijri dates to the Gregorian "
                   "calendar first)"),
    ("12/03/1438", "(year 1438 looks like a Hijri year"),
    ("1438-03-12 10:00:00", "(year 1438 looks like a Hijri year"),
    ("0000-01-01", "(year 0 is outside 1800-2200)"),
    ("9999-12-31T23:59:60", "(year 9999 is outside 1800-2200)"),
    ("9999-12-31", "(year 9999 is outside 1800-2200)"),
    ("2016-02-30", "(no day 30 in month 2 of 2016)"),
    ("2015-02-29", "(no day 29 in month 2 of 2015)"),
    ("2016-13-01", "(no month 13)"),
])
def test_unreadable_dates_name_file_row_reason_and_remedy(value, reason):
    values = pd.Series(["2016-10-02", value, "2016-10-03 08:15:00"])
    with pytest.raises(CorpusError) as caught:
        parse_dates(values, source="news.csv", rows=["row 1", "row 2", "row 3"])
    message = str(caught.value)
    assert message.startswith(f"1 date(s) in news.csv could not be read (see framing.dates "
                              f"for the forms that are read): row 2: {value!r} {reason}")
    assert "on_bad_date='nat' (on the command line: --on-bad-date nat)" in message
    with warnings.catch_warnings(record=True) as caught_warnings:
        warnings.simplefilter("always")
        kept = parse_dates(values, source="news.csv", rows=["row 1", "row 2", "row 3"],
                           on_bad_date="nat")
    assert kept.tolist()[0] == T("2016-10-02") and kept.tolist()[2] == T("2016-10-03 08:15")
    assert pd.isna(kept.iloc[1])
    assert [w.category for w in caught_warnings] == [DateWarning]
    assert str(caught_warnings[0].message).startswith(
        f"1 date(s) in news.csv could not be read and were kept as unknown (NaT): row 2: "
        f"{value!r}")


def test_a_column_of_hijri_and_gregorian_dates_counts_every_bad_one():
    values = pd.Series(["1438-03-12", "2016-10-02", "1437-12-30", "0000-01-01", "2016-02-30"])
    with pytest.warns(DateWarning, match=r"^4 date\(s\) could not be read"):
        kept = parse_dates(values, on_bad_date="nat")
    assert kept.notna().tolist() == [False, True, False, False, False]
    assert str(kept.dtype) == "datetime64[ns]"


def _seed_table(seed_texts, dates: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": list(seed_texts), "date": dates,
                         "text": list(seed_texts.values())})


DATES = ["2016-10-02", "1438-01-01", "2016-12-31 23:59:60", "2016-02-30", "02/10/2016"]


def test_corpus_files_report_the_file_and_row_of_bad_dates(tmp_path, seed_texts):
    table = _seed_table(seed_texts, DATES)
    csv = tmp_path / "news.csv"
    table.to_csv(csv, index=False)
    jsonl = tmp_path / "news.jsonl"
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n"
                             for r in table.to_dict("records")), encoding="utf-8")
    for path, rows in ((csv, ("row 2", "row 4")), (jsonl, ("line 2", "line 4"))):
        with pytest.raises(CorpusError) as caught:
            framing.load_corpus(path)
        message = str(caught.value)
        assert message.startswith(f"2 date(s) in {path} could not be read")
        assert f"{rows[0]}: '1438-01-01' (year 1438 looks like a Hijri year" in message
        assert f"{rows[1]}: '2016-02-30' (no day 30 in month 2 of 2016)" in message
        with pytest.warns(DateWarning, match=r"^2 date\(s\) in .* kept as unknown"):
            corpus = framing.load_corpus(path, on_bad_date="nat")
        assert corpus["date"].tolist()[0] == T("2016-10-02")
        assert corpus["date"].tolist()[2] == T("2016-12-31 23:59:59")
        assert corpus["date"].tolist()[4] == T("2016-10-02")
        assert corpus["date"].isna().tolist() == [False, True, False, True, False]
        assert corpus["text"].tolist() == list(seed_texts.values())  # nothing dropped


def test_cli_on_bad_date(tmp_path, capsys, seed_texts):
    path = tmp_path / "news.csv"
    _seed_table(seed_texts, DATES).to_csv(path, index=False)
    assert main(["corpus", "info", str(path)]) == 2
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"framing: error: 2 date(s) in {path}")
    assert "--on-bad-date nat" in lines[0] and "Traceback" not in err
    out = tmp_path / "counts.csv"
    assert main(["score", str(path), "--out", str(out)]) == 2
    assert "row 2: '1438-01-01'" in capsys.readouterr().err
    assert not out.exists()
    assert main(["score", str(path), "--out", str(out), "--on-bad-date", "nat"]) == 0
    err = capsys.readouterr().err
    assert f"framing: warning: 2 date(s) in {path} could not be read and were kept as " \
           "unknown (NaT)" in err
    assert "scored 5 documents" in err
    assert pd.read_csv(out)["doc_id"].tolist() == list(seed_texts)
    assert main(["corpus", "info", str(path), "--on-bad-date", "nat"]) == 0
    info = capsys.readouterr()
    assert "Corpus audit: 5 documents" in info.out
    with pytest.raises(SystemExit) as stopped:  # argparse: usage and one error line
        main(["corpus", "info", str(path), "--on-bad-date", "maybe"])
    assert stopped.value.code == 2
    assert "invalid choice: 'maybe'" in capsys.readouterr().err


def test_selection_bounds_are_read_like_corpus_dates():
    sample = framing.load_sample()
    kept, excluded = select_documents(sample, start="02/10/2016", end="2016-10-02")
    assert set(kept["date"].dt.date.astype(str)) == {"2016-10-02"}
    assert len(kept) + len(excluded) == len(sample)
    for bad in ("1438-03-12", "2016-02-30", "0000-01-01"):
        with pytest.raises(ValueError, match=rf"start={bad!r} is not a date framing can read "
                                             r"\(years 1800-2200; a Hijri date must be"):
            select_documents(sample, start=bad)
    with pytest.raises(ValueError, match=r"end='9999-12-31T23:59:60' is not a date"):
        select_documents(sample, end="9999-12-31T23:59:60")
    kept, _ = select_documents(sample, end="2016-12-31 23:59:60")
    assert len(kept) == sample["date"].notna().sum()
