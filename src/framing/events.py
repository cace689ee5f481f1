"""Events and their effect on label shares.

An events file lists dated events (a battle, a ceasefire, a speech) that
researchers suspect changed how outlets label an actor. :func:`read_events`
reads it from CSV or YAML with errors that name the file, the line and the
field. :func:`event_effect` compares each outlet's label shares in a window
before an event with the same window after it.

Shares are ratios of sums (hits of a category over hits of its dimension),
as in :func:`framing.aggregate`. Their uncertainty comes from which
documents were published: the interval of the change is a bootstrap over
documents (resampled within the before and after windows, and within each
outlet for the overall rows); the p-value is a permutation test that
shuffles the before/after side among the window's documents (within each
outlet for the overall rows, so that an outlet publishing more after the
event does not pass for a change of labels).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import stat
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.aggregate import _check_ci, _check_int, _generator
from framing.indicators import _as_counts, _show
from framing.lexicon import Lexicon
from framing.shifts import _check_by, _dimensions, _document_dates

__all__ = ["EVENT_COLUMNS", "EVENT_EFFECT_COLUMNS", "EventsError", "event_effect",
           "read_events"]

#: Columns of :func:`read_events`.
EVENT_COLUMNS = ["date", "label", "description"]

#: Columns of :func:`event_effect` after the ``by`` column.
EVENT_EFFECT_COLUMNS = [
    "scope", "dimension", "category", "event_date", "window_days", "docs_before", "docs_after",
    "hits_before", "hits_after", "share_before", "share_after", "change", "change_low",
    "change_high", "p_value", "tvd", "tvd_p_value", "low_n",
]

_REQUIRED = ("date", "label")

#: Most events, and most bytes, an events file may hold: a list of events is short, and every
#: event is drawn on every timeline.
MAX_EVENTS = 10_000
MAX_EVENTS_BYTES = 10_000_000

# resampled documents x categories held at once (memory bound)
_CELLS_PER_CHUNK = 4_000_000


class EventsError(ValueError):
    """An events file cannot be read; the message names the file, the line and the field."""


def _parse_date(text: str, where: str) -> pd.Timestamp:
    """An ISO 8601 date (``YYYY-MM-DD``, optionally with a time) as a Timestamp."""
    value = text.strip()
    try:
        if len(value) == 10:
            return pd.Timestamp(dt.date.fromisoformat(value))
        stamp = pd.Timestamp(dt.datetime.fromisoformat(value))
        # the wall time where the event happened decides its day, as for documents
        return stamp.tz_localize(None) if stamp.tzinfo is not None else stamp
    except ValueError:
        raise EventsError(f"{where}: {text!r} is not a date; write it as "
                          "YYYY-MM-DD (e.g. 2015-08-06).") from None


def _event(values: dict[str, Any], path: Path, lines: dict[str, int]) -> dict[str, Any]:
    """One checked event from its raw fields (``lines``: the event's line under ``"_"`` and
    the line of each field, where they differ)."""
    def where(field: str) -> str:
        return f"{path}, line {lines.get(field, lines['_'])}, field {field!r}"

    for field in _REQUIRED:
        text = values.get(field)
        if text is None or not str(text).strip():
            raise EventsError(f"{where(field)}: missing or empty; every event needs a date "
                              "(YYYY-MM-DD) and a label.")
    description = values.get("description")
    description = str(description).strip() if description is not None else ""
    return {"date": _parse_date(str(values["date"]), where("date")),
            "label": str(values["label"]).strip(),
            "description": description or pd.NA, "_line": lines["_"]}


def _read_csv(text: str, path: Path) -> list[dict[str, Any]]:
    with io.StringIO(text, newline="") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            raise EventsError(f"{path}: the file is empty; it needs a header line "
                              "'date,label,description' and one line per event.") from None
        header = [h.strip() for h in header]
        repeated = sorted({h for h in header if header.count(h) > 1})
        if repeated:
            raise EventsError(f"{path}, line 1: column(s) {_show(repeated)} appear more than "
                              "once in the header.")
        missing = [f for f in _REQUIRED if f not in header]
        if missing:
            raise EventsError(f"{path}, line 1: the header lacks column(s) {_show(missing)}; "
                              f"it has {_show(header)}. Columns: date, label and optionally "
                              "description.")
        unknown = [h for h in header if h not in EVENT_COLUMNS]
        if unknown:
            raise EventsError(f"{path}, line 1: unknown column(s) {_show(unknown)}; the "
                              "columns are date, label and optionally description.")
        events = []
        line = reader.line_num
        for row in reader:
            first_line, line = line + 1, reader.line_num
            where = f"{path}, line {first_line}"
            if len(row) != len(header):
                raise EventsError(f"{where}: {len(row)} field(s) where the header has "
                                  f"{len(header)}; quote a field that contains a comma.")
            values = dict(zip(header, row, strict=True))
            events.append(_event(values, path, {"_": first_line}))
    return events


def _read_yaml(text: str, path: Path) -> list[dict[str, Any]]:
    import yaml

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise EventsError(f"{path}{line}: not valid YAML ({problem}).") from None
    if root is None:
        raise EventsError(f"{path}: the file is empty; it needs a list of events, each with "
                          "date, label and optionally description.")
    if isinstance(root, yaml.MappingNode):
        keys = [k.value for k, _ in root.value]
        if keys != ["events"]:
            raise EventsError(f"{path}, line {root.start_mark.line + 1}: expected a list of "
                              "events (or a mapping with the single key 'events'); found "
                              f"key(s) {_show(keys)}.")
        root = root.value[0][1]
    if not isinstance(root, yaml.SequenceNode):
        raise EventsError(f"{path}, line {root.start_mark.line + 1}: expected a list of "
                          "events, each with date, label and optionally description.")
    events = []
    for item in root.value:
        line = item.start_mark.line + 1
        where = f"{path}, line {line}"
        if not isinstance(item, yaml.MappingNode):
            raise EventsError(f"{where}: an event must be a mapping with date, label and "
                              "optionally description.")
        values: dict[str, Any] = {}
        lines = {"_": line}
        for key, value in item.value:
            name = str(key.value)
            field_where = f"{path}, line {key.start_mark.line + 1}"
            if name not in EVENT_COLUMNS:
                raise EventsError(f"{field_where}, field {name!r}: unknown field; an event "
                                  "has date, label and optionally description.")
            if name in values:
                raise EventsError(f"{field_where}, field {name!r}: given twice in one event.")
            if not isinstance(value, yaml.ScalarNode):
                raise EventsError(f"{field_where}, field {name!r}: must be a single value, "
                                  "not a list or mapping.")
            values[name] = value.value
            lines[name] = value.start_mark.line + 1
        events.append(_event(values, path, lines))
    return events


def read_events(path: str | Path) -> pd.DataFrame:
    """Read a list of events from a CSV or YAML file.

    CSV: a header with ``date``, ``label`` and optionally ``description``,
    then one event per line. YAML: a list of mappings with those keys (or a
    mapping ``events:`` holding that list). Dates are ISO 8601
    (``YYYY-MM-DD``, optionally with a time). Files are read as UTF-8.

    Parameters
    ----------
    path : str or Path
        A ``.csv``, ``.yaml`` or ``.yml`` file; or ``"-"`` (standard input), a
        pipe or a FIFO, read once as CSV.

    Returns
    -------
    DataFrame
        Columns ``date`` (datetime64), ``label``, ``description`` (NA when
        not given), in the file's order; ``attrs["source"]`` is the file.

    Raises
    ------
    EventsError
        For an unreadable file, a missing or unknown field, an empty date or
        label, a date that is not ISO, or an event listed twice (same date
        and label), naming the file, the line and the field.
    FileNotFoundError
        If there is no such file.
    """
    stream = str(path) == "-"
    path = Path("<stdin>") if stream else Path(path)
    if not stream:
        try:
            mode = path.stat().st_mode
        except OSError:
            raise FileNotFoundError(f"No events file {path}.") from None
        if stat.S_ISDIR(mode):
            raise EventsError(f"{path} is a folder; give the events file (CSV or YAML).")
        stream = stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISSOCK(mode)
    suffix = path.suffix.lower()
    if stream or suffix == ".csv":
        reader = _read_csv
    elif suffix in (".yaml", ".yml"):
        reader = _read_yaml
    else:
        raise EventsError(f"{path}: events are read from .csv, .yaml or .yml files; rename the "
                          "file to match its format.")
    try:
        # a stream is read once, as CSV: it has no extension to tell its format
        source = sys.stdin.buffer if str(path) == "<stdin>" else open(path, "rb")  # noqa: SIM115
        with source:
            data = source.read(MAX_EVENTS_BYTES + 1)
    except OSError as error:
        raise EventsError(f"{path}: cannot be read ({error.strerror or error}).") from None
    if len(data) > MAX_EVENTS_BYTES:
        raise EventsError(f"{path}: more than {MAX_EVENTS_BYTES // 1_000_000} MB; an events "
                          "list is a few lines per event. Is this the right file?")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise EventsError(f"{path}: not UTF-8 text (byte {error.start}); save it as "
                          "UTF-8.") from None
    events = reader(text, path)
    if len(events) > MAX_EVENTS:
        raise EventsError(f"{path}: {len(events):,} events, more than the {MAX_EVENTS:,} a "
                          "chart or comparison can use; keep the events that matter.")
    if not events:
        raise EventsError(f"{path}: no events in the file.")
    seen: dict[tuple[pd.Timestamp, str], int] = {}
    for event in events:
        key = (event["date"], event["label"])
        if key in seen:
            raise EventsError(f"{path}, line {event['_line']}: event {event['label']!r} on "
                              f"{event['date'].date()} is already listed on line "
                              f"{seen[key]}; remove one of them.")
        seen[key] = event["_line"]
    table = pd.DataFrame({
        "date": pd.to_datetime([e["date"] for e in events]).astype("datetime64[ns]"),
        "label": pd.array([e["label"] for e in events], dtype="string"),
        "description": pd.array([e["description"] for e in events], dtype="string"),
    })
    table.attrs["source"] = str(path)
    return table


def _window(window: Any, caller: str) -> pd.Timedelta:
    if isinstance(window, bool):
        pass
    elif isinstance(window, int | np.integer) and window >= 1:
        return pd.Timedelta(days=int(window))
    elif isinstance(window, pd.Timedelta | dt.timedelta | str):
        try:
            value = pd.Timedelta(window)
        except ValueError:
            value = None
        if value is not None and value > pd.Timedelta(0):
            return value
    raise ValueError(f"The 'window' parameter of {caller} must be a number of days >= 1 or a "
                     f"positive duration (e.g. '14D'). Got {window!r} instead.")


def _strata_picks(strata: np.ndarray, n_draws: int, rng: np.random.Generator) -> np.ndarray:
    """Bootstrap draws of rows sorted by stratum: each row slot draws a row of its stratum."""
    _, starts, sizes = np.unique(strata, return_index=True, return_counts=True)
    offset = np.repeat(starts, sizes)
    width = np.repeat(sizes, sizes)
    return offset + (rng.random((n_draws, len(strata))) * width).astype(int)


def _side_sums(rows: np.ndarray, after: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Category sums before and after for one or many labelings ``after`` (..., n_docs)."""
    after_f = after.astype(float)
    sums_after = after_f @ rows
    sums_before = (1.0 - after_f) @ rows
    return sums_before, sums_after


def _shares(sums: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return sums / sums.sum(axis=-1, keepdims=True)


def _effect(rows: np.ndarray, after: np.ndarray, strata: np.ndarray, n_perm: int,
            n_boot: int, ci: float, rng: np.random.Generator) -> dict[str, Any]:
    """Shares, change, its interval and permutation p-values for one group and dimension.

    ``rows`` (documents x categories) are sorted by ``strata``; ``after`` marks the
    documents after the event.
    """
    n_cats = rows.shape[1]
    before_sums, after_sums = _side_sums(rows, after)
    share_before, share_after = _shares(before_sums), _shares(after_sums)
    change = 100 * (share_after - share_before)
    tvd = 50 * np.abs(share_after - share_before).sum()
    out: dict[str, Any] = {
        "docs_before": int((~after).sum()), "docs_after": int(after.sum()),
        "hits_before": before_sums, "hits_after": after_sums, "share_before": share_before,
        "share_after": share_after, "change": change, "tvd": tvd,
        "change_low": np.full(n_cats, np.nan), "change_high": np.full(n_cats, np.nan),
        "p_value": np.full(n_cats, np.nan), "tvd_p_value": np.nan,
    }
    if not (before_sums.sum() > 0 and after_sums.sum() > 0):
        return out
    step = max(1, _CELLS_PER_CHUNK // max(1, rows.size))
    if n_boot:
        side_strata = strata * 2 + after  # resample within outlet x side
        order = np.argsort(side_strata, kind="stable")
        sorted_rows, sorted_after = rows[order], after[order]
        changes = np.empty((n_boot, n_cats))
        for first in range(0, n_boot, step):
            size = min(step, n_boot - first)
            picks = _strata_picks(side_strata[order], size, rng)
            drawn = sorted_rows[picks]  # (size, docs, K)
            sums_after = np.einsum("d,bdk->bk", sorted_after.astype(float), drawn)
            sums_before = drawn.sum(axis=1) - sums_after
            changes[first:first + size] = 100 * (_shares(sums_after) - _shares(sums_before))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            out["change_low"] = np.nanquantile(changes, (1 - ci) / 2, axis=0)
            out["change_high"] = np.nanquantile(changes, (1 + ci) / 2, axis=0)
    if n_perm:
        exceed = np.zeros(n_cats)
        exceed_tvd = 0
        for first in range(0, n_perm, step):
            size = min(step, n_perm - first)
            keys = rng.random((size, len(after))) + strata[None, :]
            labels = after[np.argsort(keys, axis=1)]  # shuffled within strata
            perm_before, perm_after = _side_sums(rows, labels)
            diff = _shares(perm_after) - _shares(perm_before)
            exceed += (np.abs(100 * diff) >= np.abs(change) - 1e-9).sum(axis=0)
            exceed_tvd += int((50 * np.abs(diff).sum(axis=1) >= tvd - 1e-9).sum())
        out["p_value"] = (1 + exceed) / (1 + n_perm)
        out["tvd_p_value"] = (1 + exceed_tvd) / (1 + n_perm)
    return out


def event_effect(
    scores: Any,
    date: Any,
    *,
    window: int | str | pd.Timedelta = 7,
    dimension: str | Sequence[str] | None = None,
    by: str | None = "outlet",
    n_perm: int = 999,
    n_boot: int = 1000,
    ci: float = 0.95,
    min_docs: int = 5,
    seed: Any = 0,
    lexicon: Lexicon | str = "default",
    date_column: str = "date",
) -> pd.DataFrame:
    """Label shares before and after an event, per outlet and overall.

    The window before the event is ``[date - window, date)``, the window
    after is ``[date, date + window)``: documents of the event's day count as
    after (events are usually reported the day they happen). Only documents
    that use the dimension carry shares; the others are not counted.

    Parameters
    ----------
    scores : DataFrame or Scores
        Counts of :func:`framing.score` with the ``by`` column and the date
        column (see :func:`framing.indicators.attach_metadata`).
    date : str, date or Timestamp
        The event (e.g. a row's ``date`` of :func:`read_events`).
    window : int, str or Timedelta, default 7
        Days (or a duration such as ``"14D"``) on each side.
    dimension : str or sequence of str, optional
        Dimension id(s); all dimensions by default.
    by : str or None, default "outlet"
        One comparison per value of this column, plus the overall one
        (all documents; None: the overall one only).
    n_perm : int, default 999
        Permutations for the p-values (0: NaN p-values).
    n_boot : int, default 1000
        Bootstrap resamples for the interval of the change (0: NaN).
    ci : float, default 0.95
        Level of the interval.
    min_docs : int, default 5
        Rows with fewer documents on either side are flagged ``low_n``.
    seed : int, None or numpy Generator, default 0
        Seed of the permutations and resamples.
    lexicon : Lexicon or str, default "default"
        The lexicon the counts were scored with.
    date_column : str, default "date"
        The datetime column.

    Returns
    -------
    DataFrame
        One row per group × dimension × category (:data:`EVENT_EFFECT_COLUMNS`
        after the ``by`` column, which is NA on the overall rows): ``scope``
        ("outlet" or "overall"), the event date and window, documents and
        hits on each side, ``share_before``, ``share_after``, ``change``
        (after minus before, percentage points) with its bootstrap interval,
        ``p_value`` (permutation, two-sided, on the category's change),
        ``tvd`` (total variation distance between the two sides' shares, in
        points) and its permutation ``tvd_p_value``, ``low_n``. A side
        without any hit of the dimension gives NaN shares, never 0.
        ``attrs["event_effect"]`` keeps the settings, ``attrs["undated"]``
        the documents left out for want of a date.
    """
    caller = "framing.event_effect"
    table, lex = _as_counts(scores, lexicon, caller=caller)
    try:
        event = pd.Timestamp(date)
    except (ValueError, TypeError):
        event = None
    if event is None or event is pd.NaT:
        raise ValueError(f"The 'date' parameter of {caller} must be a date (e.g. "
                         f"'2015-08-06'). Got {date!r} instead.")
    if event.tzinfo is not None:
        event = event.tz_localize(None)
    span = _window(window, caller)
    n_perm = _check_int(n_perm, "n_perm", caller, 0)
    n_boot = _check_int(n_boot, "n_boot", caller, 0)
    min_docs = _check_int(min_docs, "min_docs", caller, 0)
    _check_ci(ci, caller)
    dims = _dimensions(lex, dimension, caller)
    _check_by(table, by, caller)
    dates = _document_dates(table, date_column, caller)
    n_undated = int(dates.isna().sum())
    if n_undated:
        warnings.warn(f"{caller}: {n_undated} of {len(table)} document(s) have no date and are "
                      "left out; see attrs['undated'].", UserWarning, stacklevel=2)
    inside = ((dates >= event - span) & (dates < event + span)).to_numpy()
    window_table = table.loc[inside]
    after_all = (dates[inside] >= event).to_numpy()
    if by is not None and window_table[by].isna().any():
        raise ValueError(f"{caller}: documents in the window have no {by!r}; fill the value "
                         "(e.g. 'unknown').")
    keys = (sorted(window_table[by].unique(), key=str) if by is not None else [])
    group_codes = (pd.Categorical(window_table[by], categories=keys).codes
                   if by is not None else np.zeros(len(window_table), dtype=int))
    rng = _generator(seed, caller)
    window_days = span / pd.Timedelta(days=1)
    out_rows: list[dict[str, Any]] = []
    for dim_id, categories in dims:
        counts = window_table[categories].to_numpy(dtype=float)
        using = counts.sum(axis=1) > 0
        scopes = [("outlet", key, group_codes == code) for code, key in enumerate(keys)]
        scopes.append(("overall", pd.NA, np.ones(len(counts), dtype=bool)))
        for scope, key, members in scopes:
            chosen = members & using
            strata = group_codes[chosen].astype(np.int64)
            order = np.argsort(strata, kind="stable")
            effect = _effect(counts[chosen][order], after_all[chosen][order], strata[order],
                             n_perm, n_boot, ci, rng.spawn(1)[0])
            low_n = min(effect["docs_before"], effect["docs_after"]) < min_docs
            for k, category in enumerate(categories):
                row = {} if by is None else {by: key}
                row.update({
                    "scope": scope, "dimension": dim_id, "category": category,
                    "event_date": event, "window_days": window_days,
                    "docs_before": effect["docs_before"], "docs_after": effect["docs_after"],
                    "hits_before": effect["hits_before"][k],
                    "hits_after": effect["hits_after"][k],
                    "share_before": effect["share_before"][k],
                    "share_after": effect["share_after"][k], "change": effect["change"][k],
                    "change_low": effect["change_low"][k],
                    "change_high": effect["change_high"][k], "p_value": effect["p_value"][k],
                    "tvd": effect["tvd"], "tvd_p_value": effect["tvd_p_value"],
                    "low_n": low_n,
                })
                out_rows.append(row)
    columns = ([] if by is None else [by]) + EVENT_EFFECT_COLUMNS
    result = pd.DataFrame(out_rows, columns=columns)
    for column in ("hits_before", "hits_after"):
        values = result[column].to_numpy(dtype=float)
        if np.all(values == np.round(values)):
            result[column] = values.astype(np.int64)
    result.attrs.update(table.attrs)
    result.attrs.update({
        "event_effect": {"date": event, "window": str(span), "by": by,
                         "dimensions": [d for d, _ in dims], "n_perm": n_perm,
                         "n_boot": n_boot, "ci": ci, "min_docs": min_docs,
                         "seed": seed if seed is None or isinstance(seed, int) else
                         type(seed).__name__,
                         "interval": "documents resampled within side (and outlet); "
                                     "percentile",
                         "test": "permutation of the before/after side (within outlet)"},
        "undated": n_undated,
    })
    if len(window_table) == 0:
        warnings.warn(f"{caller}: no dated document falls within {window_days:g} days of "
                      f"{event.date()}; every row is empty.", UserWarning, stacklevel=2)
    return result
