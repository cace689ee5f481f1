"""framing.dates: the date forms of Arabic news, read without guessing."""

from __future__ import annotations

import time
import warnings

import numpy as np
import pandas as pd
import pytest

from framing.corpus import CorpusError
from framing.dates import DateWarning, month_names, parse_date, parse_dates

# The month names as the brief lists them, in calendar order (January first).
LEVANTINE = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
             "تشرين الأول", "تشرين الثاني", "كانون الأول"]
EGYPTIAN_GULF = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس",
                 "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]


@pytest.mark.parametrize("month", range(1, 13))
@pytest.mark.parametrize("names", [LEVANTINE, EGYPTIAN_GULF], ids=["levantine", "egyptian"])
def test_every_month_name(names, month):
    assert parse_date(f"15 {names[month - 1]} 2016") == pd.Timestamp(2016, month, 15)


@pytest.mark.parametrize(("text", "month"), [
    ("إبريل", 4), ("ابريل", 4), ("يونيه", 6), ("يونية", 6), ("يوليه", 7), ("اغسطس", 8),
    ("اكتوبر", 10), ("أَكْتُوبَر", 10),  # with diacritics
    ("اذار", 3), ("آيار", 5), ("تشرين اول", 10), ("كانون ثاني", 1),
    ("يوليوز", 7), ("غشت", 8), ("جانفي", 1),  # North African
    ("October", 10), ("oct", 10), ("Sept", 9),
])
def test_spelling_variants(text, month):
    assert parse_date(f"3 {text} 2015") == pd.Timestamp(2015, month, 3)


@pytest.mark.parametrize(("text", "expected"), [
    # the first seed article's dateline, with the year of its report
    ("الأحد 2 أكتوبر/ تشرين الأول 2016", "2016-10-02"),
    ("2 أكتوبر/تشرين الأول 2016", "2016-10-02"),
    ("٢ أكتوبر/ تشرين الأول ٢٠١٦", "2016-10-02"),  # Arabic-Indic digits
    ("۱۲ دیسمبر ۲۰۱۶", "2016-12-12"),  # Persian digits and yeh
    ("١٢ ديسمبر ٢٠١٦م", "2016-12-12"),  # Gregorian-era marker
    ("يوم الخميس 3 نوفمبر 2016", "2016-11-03"),
    ("3 نوفمبر 2016 - 10:45 م", "2016-11-03 22:45"),
    ("October 2, 2016", "2016-10-02"),
    ("2nd Oct 2016 09:30", "2016-10-02 09:30"),
    ("2015-07-21 02:16:13", "2015-07-21 02:16:13"),  # SaudiNewsNet's date_extracted
    ("2016-10-02", "2016-10-02"),
    ("2016-10-02T14:30:00", "2016-10-02 14:30"),
    ("2016/10/2", "2016-10-02"),
    ("۲۰۱۶-۱۰-۰۲", "2016-10-02"),
    ("02/10/2016", "2016-10-02"),  # day first
    ("2.10.2016", "2016-10-02"),
    ("02-10-2016 14:30", "2016-10-02 14:30"),
])
def test_forms_read(text, expected):
    assert parse_date(text) == pd.Timestamp(expected)


def test_utc_offset_keeps_the_local_clock():
    # 01:00 in Damascus is still 2 October there, though 22:00 on 1 October in UTC
    assert parse_date("2016-10-02T01:00:00+03:00") == pd.Timestamp("2016-10-02 01:00")
    assert parse_date(pd.Timestamp("2016-10-02 01:00", tz="Asia/Damascus")) == \
        pd.Timestamp("2016-10-02 01:00")


def test_dayfirst_is_explicit_and_never_swapped():
    assert parse_date("02/10/2016", dayfirst=False) == pd.Timestamp("2016-02-10")
    assert parse_date("10/25/2016") is None  # no 25th month: reported, not swapped
    assert parse_date("10/25/2016", dayfirst=False) == pd.Timestamp("2016-10-25")


@pytest.mark.parametrize("value", [
    "أكتوبر 2016",  # no day
    "16/10/02",  # two-digit year
    "1 محرم 1438 هـ",  # Hijri
    "2 أكتوبر/ نوفمبر 2016",  # two different months
    "31/02/2016",  # no such day
    "2 أكتوبر 1438",  # Hijri year with a Gregorian month
    "2 أكتوبر 2016 تقريبا",  # unknown word
    "yesterday",
    "20161002",
    "",
    "   ",
    None,
    1475366400,  # a Unix time: not guessed
])
def test_unreadable_values_give_none(value):
    assert parse_date(value) is None


def test_month_data_covers_every_month():
    names = month_names()
    for family in ("levantine", "egyptian_gulf", "english"):
        assert sorted(set(names.loc[names["family"] == family, "month"])) == list(range(1, 13))


def test_parse_dates_column_keeps_index_and_missing_values():
    values = pd.Series(["2016-10-02", None, "", "٣ نوفمبر ٢٠١٦", np.nan],
                       index=[10, 11, 12, 13, 14])
    parsed = parse_dates(values)
    assert parsed.dtype == "datetime64[ns]"
    assert list(parsed.index) == [10, 11, 12, 13, 14]
    assert parsed[10] == pd.Timestamp("2016-10-02")
    assert parsed[13] == pd.Timestamp("2016-11-03")
    assert parsed[[11, 12, 14]].isna().all()


def test_parse_dates_error_names_rows_and_values():
    values = ["2016-10-02", "yesterday", "2016-10-03", "31/02/2016"]
    rows = [f"line {i}" for i in range(2, 6)]
    with pytest.raises(CorpusError, match=r"2 date\(s\) in news\.csv .*line 3: 'yesterday'; "
                                          r"line 5: '31/02/2016'.*on_bad_date='nat'"):
        parse_dates(values, source="news.csv", rows=rows)


def test_parse_dates_lists_at_most_ten_bad_values():
    values = [f"bad {i}" for i in range(12)]
    with pytest.raises(CorpusError, match=r"12 date\(s\).*row 9: 'bad 9' \(and 2 more\)") as info:
        parse_dates(values)
    assert "bad 10" not in str(info.value)


def test_parse_dates_nat_warns_with_the_count():
    with pytest.warns(DateWarning, match=r"2 date\(s\) could not be read.*'soon'"):
        parsed = parse_dates(["2016-10-02", "soon", "later"], on_bad_date="nat")
    assert parsed.isna().tolist() == [False, True, True]


def test_date_format_is_strict():
    parsed = parse_dates(["02.10.2016", "03.10.2016"], date_format="%d.%m.%Y")
    assert parsed.tolist() == [pd.Timestamp("2016-10-02"), pd.Timestamp("2016-10-03")]
    with pytest.raises(CorpusError, match=r"date_format='%d\.%m\.%Y'.*row 1: '2016-10-03'"):
        parse_dates(["02.10.2016", "2016-10-03"], date_format="%d.%m.%Y")


def test_datetime_columns_pass_through():
    stamps = pd.Series(pd.to_datetime(["2016-10-02 01:00", None]).tz_localize("Asia/Beirut"))
    parsed = parse_dates(stamps)
    assert parsed.dtype == "datetime64[ns]"
    assert parsed[0] == pd.Timestamp("2016-10-02 01:00") and pd.isna(parsed[1])


def test_bad_options_are_named():
    with pytest.raises(ValueError, match=r"'on_bad_date' parameter .* Got 'skip' instead"):
        parse_dates(["2016-10-02"], on_bad_date="skip")
    with pytest.raises(TypeError, match="'dayfirst' parameter"):
        parse_dates(["2016-10-02"], dayfirst="yes")


def test_a_saudinewsnet_sized_column_parses_fast():
    # 31,030 crawl times in SaudiNewsNet's format, one every 61 seconds
    stamps = pd.date_range("2015-07-21 02:16:13", periods=31_030, freq="61s")
    values = pd.Series(stamps.strftime("%Y-%m-%d %H:%M:%S"))
    start = time.perf_counter()
    parsed = parse_dates(values)
    seconds = time.perf_counter() - start
    print(f"parse_dates: 31,030 dates in {seconds:.3f} s")
    assert (parsed.to_numpy() == stamps.to_numpy()).all()
    assert seconds < 1.0


def test_mixed_column_takes_the_slow_path_only_for_the_rest():
    values = pd.Series(["2015-07-21 02:16:13"] * 1000 + ["٢ أكتوبر ٢٠١٦"] * 3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        parsed = parse_dates(values)
    assert parsed.iloc[0] == pd.Timestamp("2015-07-21 02:16:13")
    assert (parsed.iloc[-3:] == pd.Timestamp("2016-10-02")).all()
