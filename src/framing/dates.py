"""Read the dates of news articles, in the many ways they are written.

:func:`parse_date` reads one value, :func:`parse_dates` a whole column (fast
path first, see below). Accepted forms:

* ISO dates and datetimes: ``2016-10-02``, ``2016-10-02 14:30:00``,
  ``2016-10-02T14:30:00+03:00``, also with ``/`` or ``.`` between the parts
  when the year comes first;
* day, month and year as numbers with ``/``, ``-`` or ``.`` between them:
  ``02/10/2016`` is 2 October 2016. The day comes first by default
  (``dayfirst=True``), as in Arabic and European usage; pass
  ``dayfirst=False`` for month-first (US) dates. A value that is not a valid
  date in the chosen order (``10/25/2016`` with ``dayfirst=True``) is
  reported, not swapped;
* month names: Levantine (كانون الثاني ... كانون الأول), Egyptian/Gulf
  (يناير ... ديسمبر), North African, and English names and abbreviations,
  with their spelling variants, in any order around a day and a four-digit
  year: ``2 أكتوبر 2016``, ``الأحد 2 أكتوبر/ تشرين الأول 2016`` (both names
  must name the same month), ``October 2, 2016``;
* an optional time ``hh:mm`` or ``hh:mm:ss`` (with ``am``/``pm`` or ص/م); a
  leap second ``hh:59:60`` is read as ``hh:59:59``, so it never moves a date
  into the next day;
* Arabic-Indic and Persian digits (٢٠١٦، ۲۰۱۶).

Month names and the words that may stand beside them (weekdays, the era
marker م) are data: ``framing/data/arabic_months.yaml``. Text is compared
after :class:`framing.Normalizer` normalisation, so alef and hamza spellings,
diacritics and digit scripts do not matter.

Nothing is guessed: a date without a day (``أكتوبر 2016``), with a two-digit
year, a Hijri date, a year outside 1800-2200, or any unknown word is
unparseable; the error says why for the values it lists (a year such as
1438 is probably Hijri: convert it first). A UTC offset is dropped and the
clock time kept as written (the outlet's local time, which fixes the day its
readers saw), so every result is a timezone-naive ``datetime64[ns]``.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd
import yaml

from framing.errors import CorpusError
from framing.normalize import Normalizer

__all__ = ["DateWarning", "month_names", "parse_date", "parse_dates"]

#: Years accepted as Gregorian; outside this range a value is more likely a
#: Hijri year (1438) or a typo than a date of a news article.
_YEAR_RANGE = (1800, 2200)

#: Formats tried first, vectorised, on whole columns (SaudiNewsNet uses the first).
_FAST_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d")

#: How many bad values an error or warning lists.
_MAX_LISTED = 10

_ON_BAD_DATE = ("error", "nat")

# Only digits, alef/hamza spellings, diacritics and case matter for dates; the
# final-letter rules are kept too so that يونية and يونيه are one spelling.
_NORMALIZER = Normalizer()

_TIME = re.compile(
    r"(?<!\d)(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d{1,9}))?)?"
    r"(?:\s*(?P<meridiem>am|pm|a\.m\.|p\.m\.|ص|م)(?![^\W\d_]))?"
)
_ZONE = r"(?:\s*(?:z|utc|gmt|[+-]\d{2}(?::?\d{2})?))?"
_TIME_PART = (
    r"(?:(?:t|\s+)(?P<hour>\d{1,2}):(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d{1,9}))?)?" + _ZONE + r")?"
)
_YEAR_FIRST = re.compile(
    r"(?P<year>\d{4})(?P<sep>[-/.])(?P<a>\d{1,2})(?P=sep)(?P<b>\d{1,2})" + _TIME_PART
)
_YEAR_LAST = re.compile(
    r"(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4})" + _TIME_PART
)
_LEAP_SECOND = r"(?<!\d)\d{1,2}:\d{2}:6[01](?!\d)"
_WORD_OR_NUMBER = re.compile(r"\d+|[^\W\d_]+")
_SEPARATORS = re.compile(r"[\s/\\\-.,،؛;()]+")


class DateWarning(UserWarning):
    """Some dates could not be read and were kept as unknown (NaT)."""


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[dict[tuple[str, ...], int], frozenset[str]]:
    """Month spellings (as token tuples) → month number, and the ignorable words."""
    source = "arabic_months.yaml"
    text = (resources.files("framing") / "data" / source).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    months: dict[tuple[str, ...], int] = {}
    first_seen: dict[tuple[str, ...], str] = {}
    for family, table in data["months"].items():
        for number, spellings in table.items():
            if not isinstance(number, int) or not 1 <= number <= 12:
                raise ValueError(f"{source}: months.{family} has a key {number!r}; "
                                 "keys must be month numbers 1-12")
            for spelling in spellings:
                key = tuple(_NORMALIZER(str(spelling)).split())
                if months.get(key, number) != number:
                    raise ValueError(
                        f"{source}: {spelling!r} (months.{family}.{number}) is spelled like "
                        f"{first_seen[key]!r}, which names month {months[key]}; a spelling "
                        "may name one month only"
                    )
                months[key] = number
                first_seen.setdefault(key, f"{spelling} (months.{family})")
    ignorable = frozenset(
        _NORMALIZER(str(word)) for words in data["ignorable"].values() for word in words
    )
    return months, ignorable


def month_names() -> pd.DataFrame:
    """The month spellings read from the package data: ``family``, ``month``, ``spelling``.

    Useful to check which spellings are understood before loading a corpus.
    """
    text = (resources.files("framing") / "data" / "arabic_months.yaml").read_text(
        encoding="utf-8")
    data = yaml.safe_load(text)
    rows = [
        (family, number, spelling)
        for family, table in data["months"].items()
        for number, spellings in table.items()
        for spelling in spellings
    ]
    return pd.DataFrame(rows, columns=["family", "month", "spelling"])


# -- one value ------------------------------------------------------------------


def parse_date(value: Any, *, dayfirst: bool = True) -> pd.Timestamp | None:
    """Read one date; ``None`` when it cannot be read without guessing.

    Parameters
    ----------
    value : str, datetime, date, Timestamp or numpy datetime64
        A date as written in a corpus file. Numbers (such as Unix times) are
        not read: convert them first.
    dayfirst : bool
        Read ``02/10/2016`` as day/month/year (True, the default) or as
        month/day/year (False).

    Returns
    -------
    Timestamp or None
        A timezone-naive timestamp; None for a missing, blank or unreadable value.

    Examples
    --------
    >>> parse_date("٢ أكتوبر/ تشرين الأول ٢٠١٦")
    Timestamp('2016-10-02 00:00:00')
    >>> parse_date("02/10/2016 14:30")
    Timestamp('2016-10-02 14:30:00')
    >>> parse_date("أكتوبر 2016") is None   # no day: not guessed
    True
    """
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp | datetime | date | np.datetime64):
        stamp = pd.Timestamp(value)
        if pd.isna(stamp):
            return None
        return stamp.tz_localize(None) if stamp.tzinfo is not None else stamp
    if not isinstance(value, str):
        return None
    text = _NORMALIZER(value).strip()
    if not text:
        return None
    return _parse_numeric(text, dayfirst) or _parse_named_month(text)


def _stamp(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0,
           fraction: str | None = None) -> pd.Timestamp | None:
    if not _YEAR_RANGE[0] <= year <= _YEAR_RANGE[1]:
        return None
    nanosecond_text = (fraction or "").ljust(9, "0")[:9]
    try:
        stamp = pd.Timestamp(year=year, month=month, day=day, hour=hour, minute=minute,
                             second=second)
    except ValueError:
        return None
    return stamp + pd.Timedelta(int(nanosecond_text), unit="ns") if fraction else stamp


def _clock(match: re.Match) -> tuple[int, int, int, str | None] | None:
    """``(hour, minute, second, fraction)`` of a time match, or None if invalid."""
    if match.group("hour") is None:
        return 0, 0, 0, None
    hour, minute = int(match.group("hour")), int(match.group("minute"))
    second = int(match.group("second") or 0)
    meridiem = match.groupdict().get("meridiem")
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        afternoon = meridiem in ("pm", "p.m.", "م")
        hour = hour % 12 + (12 if afternoon else 0)
    if second == 60 and minute == 59:
        second = 59  # a leap second (hh:59:60) stays in its minute, and so in its day
    if hour > 23 or minute > 59 or second > 59:
        return None
    return hour, minute, second, match.group("fraction")


def _parse_numeric(text: str, dayfirst: bool) -> pd.Timestamp | None:
    match = _YEAR_FIRST.fullmatch(text)
    if match:
        month, day = int(match.group("a")), int(match.group("b"))
    else:
        match = _YEAR_LAST.fullmatch(text)
        if not match:
            return None
        first, second = int(match.group("a")), int(match.group("b"))
        day, month = (first, second) if dayfirst else (second, first)
    clock = _clock(match)
    if clock is None:
        return None
    return _stamp(int(match.group("year")), month, day, *clock)


def _parse_named_month(text: str) -> pd.Timestamp | None:
    months, ignorable = _vocabulary()
    clock: tuple[int, int, int, str | None] = (0, 0, 0, None)
    times = list(_TIME.finditer(text))
    if len(times) > 1:
        return None
    if times:
        found = _clock(times[0])
        if found is None:
            return None
        clock = found
        text = text[: times[0].start()] + " " + text[times[0].end():]
    tokens = _WORD_OR_NUMBER.findall(_SEPARATORS.sub(" ", text))
    if _WORD_OR_NUMBER.sub("", _SEPARATORS.sub("", text)):
        return None  # characters that are neither words, numbers nor separators
    longest = max(len(key) for key in months)
    month_numbers: set[int] = set()
    numbers: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.isdigit():
            numbers.append(token)
            i += 1
            continue
        for size in range(min(longest, len(tokens) - i), 0, -1):
            month = months.get(tuple(tokens[i:i + size]))
            if month is not None:
                month_numbers.add(month)
                i += size
                break
        else:
            if token not in ignorable:
                return None
            i += 1
    if len(month_numbers) != 1 or len(numbers) != 2:
        return None
    years = [n for n in numbers if len(n) == 4]
    days = [n for n in numbers if len(n) <= 2]
    if len(years) != 1 or len(days) != 1:
        return None
    return _stamp(int(years[0]), month_numbers.pop(), int(days[0]), *clock)


# -- a column -------------------------------------------------------------------


def parse_dates(
    values: pd.Series | Sequence[Any],
    *,
    source: str | None = None,
    rows: Sequence[str] | None = None,
    dayfirst: bool = True,
    date_format: str | None = None,
    on_bad_date: str = "error",
) -> pd.Series:
    """Read a column of dates into ``datetime64[ns]``; missing values become NaT.

    The common formats are parsed first for the whole column at once
    (``pandas.to_datetime`` with an explicit format), and only the values
    left over go through :func:`parse_date`, once per distinct value.

    Parameters
    ----------
    values : Series or sequence
        The dates as read from a file. Missing values (None, NaN, blank
        strings) are unknown dates, not errors.
    source : str, optional
        Where the values come from (a file name, ``"manifest.csv"``), for messages.
    rows : sequence of str, optional
        A location per value (``"line 7"``, ``"row 3"``) for messages; by
        default ``"row <index label>"``.
    dayfirst : bool
        Read ``02/10/2016`` as day/month/year (default) or month/day/year.
    date_format : str, optional
        A ``strftime`` format that every date follows (``"%d.%m.%Y"``). When
        given, only this format is accepted and other values are bad dates.
    on_bad_date : {"error", "nat"}
        What to do with values that cannot be read: raise (default), or keep
        them as NaT and emit a :class:`DateWarning` that counts them.

    Returns
    -------
    Series
        ``datetime64[ns]`` with the index of ``values``.

    Raises
    ------
    CorpusError
        With ``on_bad_date="error"``, listing up to 10 bad values with their rows.
    """
    if on_bad_date not in _ON_BAD_DATE:
        raise ValueError(
            "The 'on_bad_date' parameter of framing.parse_dates must be one of "
            f"{{'error', 'nat'}}. Got {on_bad_date!r} instead."
        )
    if not isinstance(dayfirst, bool):
        raise TypeError(
            "The 'dayfirst' parameter of framing.parse_dates must be True or False. "
            f"Got {dayfirst!r} instead."
        )
    parsed, bad = _parse_column(values, dayfirst=dayfirst, date_format=date_format)
    if bad:
        _report_bad_dates(parsed, bad, values, source=source, rows=rows,
                          on_bad_date=on_bad_date, date_format=date_format)
    return parsed


def _parse_column(values: pd.Series | Sequence[Any], *, dayfirst: bool,
                  date_format: str | None) -> tuple[pd.Series, list[int]]:
    """Parsed column and the positions of values that could not be read."""
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        series = series.dt.tz_localize(None)
    if pd.api.types.is_datetime64_dtype(series.dtype):
        return series.astype("datetime64[ns]"), []
    result = np.full(len(series), np.datetime64("NaT"), dtype="datetime64[ns]")
    objects = series.to_numpy(dtype=object, na_value=None)
    is_text = np.fromiter((isinstance(v, str) for v in objects), dtype=bool, count=len(objects))
    is_missing = np.fromiter(
        (v is None or (isinstance(v, str) and not v.strip()) or _is_scalar_na(v)
         for v in objects), dtype=bool, count=len(objects))
    todo = np.flatnonzero(~is_missing)
    bad: list[int] = []
    text_positions = todo[is_text[todo]]
    if len(text_positions):
        texts = pd.Series(objects[text_positions], dtype=object)
        formats = (date_format,) if date_format else _FAST_FORMATS
        left = np.ones(len(texts), dtype=bool)
        for fmt in formats:
            if not left.any():
                break
            # pandas reads seconds 60 and 61 as a roll-over into the next minute (and day):
            # those values go to the slow path, which keeps their day
            leap = texts[left].str.contains(_LEAP_SECOND, regex=True).to_numpy()
            stamps = pd.to_datetime(texts[left], format=fmt, errors="coerce")
            # the year is checked before the conversion to nanoseconds, which
            # cannot hold years such as 1438 (a Hijri year written like ISO)
            in_range = stamps.dt.year.between(*_YEAR_RANGE).to_numpy()
            ok = stamps.notna().to_numpy() & in_range & ~leap
            where = np.flatnonzero(left)[ok]
            result[text_positions[where]] = stamps[ok].astype("datetime64[ns]").to_numpy()
            left[where] = False
        if date_format:
            bad.extend(text_positions[left].tolist())
        else:
            cache: dict[str, pd.Timestamp | None] = {}
            for position in text_positions[left]:
                text = objects[position]
                if text not in cache:
                    cache[text] = parse_date(text, dayfirst=dayfirst)
                stamp = cache[text]
                if stamp is None:
                    bad.append(int(position))
                else:
                    result[position] = stamp.to_datetime64()
    for position in todo[~is_text[todo]]:
        stamp = parse_date(objects[position], dayfirst=dayfirst)
        if stamp is None:
            bad.append(int(position))
        else:
            result[position] = stamp.to_datetime64()
    bad.sort()
    return pd.Series(result, index=series.index, name=series.name), bad


def _is_scalar_na(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _report_bad_dates(parsed: pd.Series, bad: list[int], values: Any, *, source: str | None,
                      rows: Sequence[str] | None, on_bad_date: str,
                      date_format: str | None) -> None:
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    labels = list(rows) if rows is not None else [f"row {label}" for label in series.index]
    shown = [f"{labels[i]}: {series.iloc[i]!r}{_why_bad(series.iloc[i], date_format)}"
             for i in bad[:_MAX_LISTED]]
    more = f" (and {len(bad) - _MAX_LISTED} more)" if len(bad) > _MAX_LISTED else ""
    where = f" in {source}" if source else ""
    listing = "; ".join(shown) + more
    if on_bad_date == "nat":
        warnings.warn(
            f"{len(bad)} date(s){where} could not be read and were kept as unknown (NaT): "
            f"{listing}.",
            DateWarning,
            stacklevel=3,
        )
        return
    hint = (f"they do not follow date_format={date_format!r}" if date_format
            else "see framing.dates for the forms that are read")
    raise CorpusError(
        f"{len(bad)} date(s){where} could not be read ({hint}): {listing}. Correct them, "
        "pass date_format='...' if every date follows one format, or on_bad_date='nat' "
        "(on the command line: --on-bad-date nat) to keep them as unknown dates (NaT)."
    )


def _why_bad(value: Any, date_format: str | None) -> str:
    """Why a value that looks like a date is not read, e.g. `` (no 30 February)``; else ""."""
    if not isinstance(value, str) or date_format:
        return ""
    text = _NORMALIZER(value).strip()
    years = [int(y) for y in re.findall(r"(?<!\d)\d{4}(?!\d)", text)]
    if len(years) == 1 and not _YEAR_RANGE[0] <= years[0] <= _YEAR_RANGE[1]:
        year = years[0]
        if 1300 <= year <= 1600:
            return (f" (year {year} looks like a Hijri year: convert Hijri dates to the "
                    "Gregorian calendar first)")
        return f" (year {year} is outside {_YEAR_RANGE[0]}-{_YEAR_RANGE[1]})"
    match = _YEAR_FIRST.fullmatch(text) or _YEAR_LAST.fullmatch(text)
    if not match:
        return ""
    if _clock(match) is None:
        return " (not a valid time of day)"
    if match.re is _YEAR_LAST:
        return ""  # which number is the day depends on dayfirst
    month, day = int(match.group("a")), int(match.group("b"))
    if not 1 <= month <= 12:
        return f" (no month {month})"
    try:
        date(years[0], month, day)
    except (ValueError, IndexError):
        return f" (no day {day} in month {month} of {years[0]})"
    return ""
