"""Events and their effect on label shares.

An events file lists dated events (a battle, a ceasefire, a speech) that
researchers suspect changed how outlets label an actor. :func:`read_events`
reads it from CSV or YAML with errors that name the file, the line and the
field. :func:`event_effect` compares each outlet's label shares in a window
before an event with the same window after it; :func:`event_effects` does so
for every event of a file, laying out the counts once and skipping the events
without documents in their window.

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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.aggregate import _check_ci, _check_int, _generator
from framing.chars import DIGIT_TRANSLATION
from framing.dates import _YEAR_RANGE, _why_bad
from framing.indicators import _as_counts, _show
from framing.lexicon import Lexicon
from framing.shifts import _check_by, _dimensions, _document_dates

__all__ = ["EVENT_COLUMNS", "EVENT_EFFECT_COLUMNS", "EventsError", "event_effect",
           "event_effects", "read_events"]

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

#: Longest window on each side of an event, in days (ten years): longer ones say nothing
#: about one event, and would reach past the dates pandas can hold.
MAX_WINDOW_DAYS = 3_650

# lists and mappings inside one another in a YAML events file (it needs 3)
_MAX_YAML_DEPTH = 20

# resampled documents x categories held at once (memory bound)
_CELLS_PER_CHUNK = 4_000_000


class EventsError(ValueError):
    """An events file cannot be read; the message names the file, the line and the field."""


def _parse_date(text: str, where: str) -> pd.Timestamp:
    """An ISO 8601 date (``YYYY-MM-DD``, optionally with a time) as a Timestamp.

    Arabic-Indic and Persian digits are read as in corpus dates; the year must be
    Gregorian and in the range corpus dates accept, so that a window around the event
    stays within the dates pandas can hold.
    """
    value = text.strip().translate(DIGIT_TRANSLATION)
    try:
        if len(value) == 10:
            parsed: dt.datetime | None = dt.datetime.combine(dt.date.fromisoformat(value),
                                                             dt.time())
        else:
            parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        parsed = None
    low, high = _YEAR_RANGE
    if parsed is not None and low <= parsed.year <= high:
        # the wall time where the event happened decides its day, as for documents
        return pd.Timestamp(parsed.replace(tzinfo=None))
    why = _why_bad(text, None)
    if not why and parsed is not None:
        why = f" (year {parsed.year} is outside {low}-{high})"
    raise EventsError(f"{where}: {text!r} is not a date{why}; write it as YYYY-MM-DD "
                      f"(e.g. 2015-08-06), a Gregorian date in the years {low}-{high}.")


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


def _blank(row: list[str]) -> bool:
    """A line with nothing but white space (csv gives ``[]`` or one blank field)."""
    return not row or (len(row) == 1 and not row[0].strip())


def _read_csv(text: str, path: Path) -> list[dict[str, Any]]:
    """The events of a CSV text; blank lines are skipped, line numbers are the file's."""
    with io.StringIO(text, newline="") as handle:
        reader = csv.reader(handle)
        header: list[str] = []
        while _blank(header):
            try:
                header = next(reader)
            except StopIteration:
                raise EventsError(f"{path}: the file is empty; it needs a header line "
                                  "'date,label,description' and one line per event.") from None
        where = f"{path}, line {reader.line_num}"
        header = [h.strip() for h in header]
        repeated = sorted({h for h in header if header.count(h) > 1})
        if repeated:
            raise EventsError(f"{where}: column(s) {_show(repeated)} appear more than "
                              "once in the header.")
        missing = [f for f in _REQUIRED if f not in header]
        if missing:
            raise EventsError(f"{where}: the header lacks column(s) {_show(missing)}; "
                              f"it has {_show(header)}. Columns: date, label and optionally "
                              "description.")
        unknown = [h for h in header if h not in EVENT_COLUMNS]
        if unknown:
            raise EventsError(f"{where}: unknown column(s) {_show(unknown)}; the "
                              "columns are date, label and optionally description.")
        events = []
        line = reader.line_num
        for row in reader:
            first_line, line = line + 1, reader.line_num
            if _blank(row):
                continue
            where = f"{path}, line {first_line}"
            if len(row) != len(header):
                raise EventsError(f"{where}: {len(row)} field(s) where the header has "
                                  f"{len(header)}; quote a field that contains a comma.")
            values = dict(zip(header, row, strict=True))
            events.append(_event(values, path, {"_": first_line}))
    return events


class _TooDeep(Exception):
    """A YAML node nested deeper than an events file can be (``line``: where)."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def _events_loader() -> type:
    """A safe YAML loader that refuses nodes nested more than :data:`_MAX_YAML_DEPTH` deep.

    PyYAML composes nested nodes recursively: a few thousand nested lists would end in a
    RecursionError instead of an error naming the file.
    """
    import yaml

    class Loader(yaml.SafeLoader):
        _depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            self._depth += 1
            try:
                if self._depth > _MAX_YAML_DEPTH:
                    raise _TooDeep(self.peek_event().start_mark.line + 1)
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1

    return Loader


def _read_yaml(text: str, path: Path) -> list[dict[str, Any]]:
    import yaml

    try:
        root = yaml.compose(text, Loader=_events_loader())
    except _TooDeep as error:
        raise EventsError(f"{path}, line {error.line}: lists or mappings nested too deeply "
                          f"(more than {_MAX_YAML_DEPTH} levels); an events file is a list "
                          "of events, each a mapping with date, label and optionally "
                          "description.") from None
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
    then one event per line (blank lines are skipped; errors give the file's
    own line numbers). YAML: a list of mappings with those keys (or a mapping
    ``events:`` holding that list). Dates are ISO 8601 (``YYYY-MM-DD``,
    optionally with a time), in ASCII, Arabic-Indic or Persian digits, of a
    Gregorian year from 1800 to 2200 as for corpus dates (a year such as 1438
    is named as probably Hijri). Files are read as UTF-8.

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
        For an unreadable file or a file name with a NUL, a missing or
        unknown field, an empty date or label, a date that is not ISO or
        outside 1800-2200, YAML nested more than 20 levels deep, or an event
        listed twice (same date and label), naming the file, the line and the
        field.
    FileNotFoundError
        If there is no such file.
    """
    stream = str(path) == "-"
    path = Path("<stdin>") if stream else Path(path)
    if not stream:
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            raise FileNotFoundError(f"No events file {path}.") from None
        except OSError as error:
            raise EventsError(f"{path}: cannot be read ({error.strerror or error}).") from None
        except ValueError as error:  # a NUL in the name: no file can have it
            raise EventsError(f"Events file {str(path)!r}: not a usable file name ({error}); "
                              "give the path of the CSV or YAML file.") from None
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
    """The ``window`` parameter as a positive duration of at most :data:`MAX_WINDOW_DAYS`."""
    value: pd.Timedelta | None = None
    if isinstance(window, bool):
        pass
    elif isinstance(window, int | np.integer):
        if 1 <= window <= MAX_WINDOW_DAYS:
            value = pd.Timedelta(days=int(window))
    elif isinstance(window, pd.Timedelta | dt.timedelta | str):
        try:
            value = pd.Timedelta(window)
        except (ValueError, OverflowError):
            value = None
        longest = pd.Timedelta(days=MAX_WINDOW_DAYS)
        if value is pd.NaT or (value is not None and not pd.Timedelta(0) < value <= longest):
            value = None
    if value is None:
        raise ValueError(f"The 'window' parameter of {caller} (--window on the command line) "
                         f"must be a number of days from 1 to {MAX_WINDOW_DAYS:,} or a positive "
                         f"duration up to that (e.g. '14D'). Got {window!r} instead.")
    return value


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


#: Nanoseconds in one step of each datetime64 unit pandas uses.
_NS_PER = {"s": 10**9, "ms": 10**6, "us": 10**3, "ns": 1}
_INT64 = np.iinfo(np.int64)


def _nanoseconds(stamp: pd.Timestamp) -> int:
    """``stamp`` in nanoseconds since 1970 as a Python int (never overflows)."""
    value = stamp.to_datetime64()
    return int(value.astype(np.int64)) * _NS_PER[np.datetime_data(value.dtype)[0]]


def _on_grid(nanoseconds: int, unit: str) -> int:
    """A time on the integer grid of ``unit``, rounded up, so that for any date ``d`` of that
    unit ``d >= time`` exactly when ``d >= result``; clipped to int64."""
    step = _NS_PER[unit]
    return min(max(-(-nanoseconds // step), _INT64.min + 1), _INT64.max)


@dataclass(frozen=True)
class _Documents:
    """The counts table as arrays, built once for any number of events: an event's window
    is then found by binary search, without touching the table."""

    order: np.ndarray  # positions of the dated documents, sorted by date (stable)
    sorted_dates: np.ndarray  # their dates, int64 steps of ``unit``
    dates: np.ndarray  # every document's date, int64 steps of ``unit`` (undated: never read)
    unit: str
    groups: np.ndarray | None  # the ``by`` column (object)
    dims: list[tuple[str, list[str], np.ndarray]]  # id, categories, documents x categories


def _documents(table: pd.DataFrame, dates: pd.Series, dims: list[tuple[str, list[str]]],
               by: str | None) -> _Documents:
    # pandas copies attrs (deeply) into every column read: read a copy without them
    table = table.copy(deep=False)
    table.attrs = {}
    values = dates.to_numpy()
    unit = np.datetime_data(values.dtype)[0]
    steps = values.view(np.int64)
    dated = np.flatnonzero(~dates.isna().to_numpy())
    order = dated[np.argsort(steps[dated], kind="stable")]
    groups = table[by].to_numpy(dtype=object) if by is not None else None
    arrays = [(dim_id, categories, table[categories].to_numpy(dtype=float))
              for dim_id, categories in dims]
    return _Documents(order, steps[order], steps, unit, groups, arrays)


class _Rows:
    """Output columns, gathered block by block (a block: one group x dimension, one row per
    category) and joined once at the end: a table of thousands of events is built without a
    dict per row."""

    _ARRAYS = ("hits_before", "hits_after", "share_before", "share_after", "change",
               "change_low", "change_high", "p_value")
    _SCALARS = ("docs_before", "docs_after", "tvd", "tvd_p_value")

    def __init__(self) -> None:
        self.sizes: list[int] = []
        self.keys: list[Any] = []
        self.scopes: list[str] = []
        self.dims: list[str] = []
        self.categories: list[list[str]] = []
        self.events: list[int] = []
        self.low_n: list[bool] = []
        self.arrays: dict[str, list[np.ndarray]] = {name: [] for name in self._ARRAYS}
        self.scalars: dict[str, list[Any]] = {name: [] for name in self._SCALARS}

    def add(self, event: int, key: Any, scope: str, dim_id: str, categories: list[str],
            effect: dict[str, Any], min_docs: int) -> None:
        self.sizes.append(len(categories))
        self.keys.append(key)
        self.scopes.append(scope)
        self.dims.append(dim_id)
        self.categories.append(categories)
        self.events.append(event)
        self.low_n.append(min(effect["docs_before"], effect["docs_after"]) < min_docs)
        for name in self._ARRAYS:
            self.arrays[name].append(effect[name])
        for name in self._SCALARS:
            self.scalars[name].append(effect[name])

    def frame(self, by: str | None, event_dates: np.ndarray, window_days: float,
              labels: Sequence[Any] | None = None) -> pd.DataFrame:
        """The rows as a table: ``by`` (if any), :data:`EVENT_EFFECT_COLUMNS`, and ``event``
        (the label of each row's event) when ``labels`` are given."""
        sizes = np.asarray(self.sizes, dtype=np.int64)

        def repeat(values: Sequence[Any], dtype: Any = object) -> np.ndarray:
            return np.repeat(np.asarray(values, dtype=dtype), sizes)

        def objects(values: Sequence[Any]) -> np.ndarray:
            out = np.empty(len(values), dtype=object)
            out[:] = values
            return np.repeat(out, sizes)

        events = np.asarray(self.events, dtype=np.int64)
        columns: dict[str, Any] = {} if by is None else {by: objects(self.keys)}
        columns.update({
            "scope": objects(self.scopes), "dimension": objects(self.dims),
            "category": np.array([c for block in self.categories for c in block], dtype=object),
            "event_date": np.repeat(event_dates[events], sizes),
            "window_days": np.full(int(sizes.sum()), window_days),
        })
        for name in EVENT_EFFECT_COLUMNS[5:]:
            if name in self.arrays:
                columns[name] = np.concatenate(self.arrays[name])
            elif name in self.scalars:
                columns[name] = repeat(self.scalars[name],
                                       np.int64 if name.startswith("docs") else float)
        columns["low_n"] = repeat(self.low_n, bool)
        if labels is not None:
            columns["event"] = objects([labels[i] for i in events.tolist()])
        result = pd.DataFrame(columns)
        for column in ("hits_before", "hits_after"):
            values = result[column].to_numpy(dtype=float)
            if np.all(values == np.round(values)):
                result[column] = values.astype(np.int64)
        return result


def _measure(docs: _Documents, event: pd.Timestamp, span: pd.Timedelta, by: str | None,
             n_perm: int, n_boot: int, ci: float, min_docs: int, rng: np.random.Generator,
             rows: _Rows, index: int, caller: str) -> bool:
    """Add the blocks of one event with documents in its window to ``rows``; False (and
    nothing added) when no dated document falls in the window, before any other work."""
    center, width = _nanoseconds(event), int(span.value)
    low = np.searchsorted(docs.sorted_dates, _on_grid(center - width, docs.unit), "left")
    high = np.searchsorted(docs.sorted_dates, _on_grid(center + width, docs.unit), "left")
    if low == high:
        return False
    inside = np.sort(docs.order[low:high])  # the table's order, as the draws expect
    after_all = docs.dates[inside] >= _on_grid(center, docs.unit)
    keys: list[Any] = []
    group_codes = np.zeros(len(inside), dtype=np.int64)
    if by is not None and docs.groups is not None:
        values = docs.groups[inside]
        if pd.isna(values).any():
            raise ValueError(f"{caller}: documents within {span / pd.Timedelta(days=1):g} days "
                             f"of {event.date()} have no {by!r}; fill the value (e.g. "
                             "'unknown').")
        keys = sorted(pd.unique(values), key=str)
        group_codes = pd.Categorical(values, categories=keys).codes.astype(np.int64)
    for dim_id, categories, all_counts in docs.dims:
        counts = all_counts[inside]
        using = counts.sum(axis=1) > 0
        scopes = [("outlet", key, group_codes == code) for code, key in enumerate(keys)]
        scopes.append(("overall", pd.NA, np.ones(len(counts), dtype=bool)))
        for scope, key, members in scopes:
            chosen = members & using
            strata = group_codes[chosen]
            order = np.argsort(strata, kind="stable")
            effect = _effect(counts[chosen][order], after_all[chosen][order], strata[order],
                             n_perm, n_boot, ci, rng.spawn(1)[0])
            rows.add(index, key, scope, dim_id, categories, effect, min_docs)
    return True


def _empty_effects(docs: _Documents, ci: float) -> list[tuple[str, list[str], dict[str, Any]]]:
    """The overall block of each dimension for a window without documents (shared by every
    such event: nothing in it depends on the event)."""
    rng = np.random.default_rng(0)  # not drawn from: an empty side stops before any draw
    return [(dim_id, categories,
             _effect(np.zeros((0, len(categories))), np.zeros(0, dtype=bool),
                     np.zeros(0, dtype=np.int64), 0, 0, ci, rng))
            for dim_id, categories, _ in docs.dims]


def _settings(span: pd.Timedelta, by: str | None, dims: list[tuple[str, list[str]]],
              n_perm: int, n_boot: int, ci: float, min_docs: int, seed: Any) -> dict[str, Any]:
    return {"window": str(span), "by": by, "dimensions": [d for d, _ in dims],
            "n_perm": n_perm, "n_boot": n_boot, "ci": ci, "min_docs": min_docs,
            "seed": seed if seed is None or isinstance(seed, int) else type(seed).__name__,
            "interval": "documents resampled within side (and outlet); percentile",
            "test": "permutation of the before/after side (within outlet)"}


def _event_date(date: Any, caller: str) -> pd.Timestamp:
    """The ``date`` parameter as a naive Timestamp (digits of any script, as for documents)."""
    value = date.strip().translate(DIGIT_TRANSLATION) if isinstance(date, str) else date
    try:
        event = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError):
        event = None
    if event is None or event is pd.NaT:
        raise ValueError(f"The 'date' parameter of {caller} must be a date (e.g. "
                         f"'2015-08-06'). Got {date!r} instead.")
    return event.tz_localize(None) if event.tzinfo is not None else event


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
    that use the dimension carry shares; the others are not counted. For many
    events (an events file), :func:`event_effects` gives the same rows faster.

    Parameters
    ----------
    scores : DataFrame or Scores
        Counts of :func:`framing.score` with the ``by`` column and the date
        column (see :func:`framing.indicators.attach_metadata`).
    date : str, date or Timestamp
        The event (e.g. a row's ``date`` of :func:`read_events`).
    window : int, str or Timedelta, default 7
        Days (or a duration such as ``"14D"``) on each side, at most
        :data:`MAX_WINDOW_DAYS`.
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
    event = _event_date(date, caller)
    span, n_perm, n_boot, min_docs, dims, docs, n_undated = _prepare(
        table, lex, window, n_perm, n_boot, min_docs, ci, dimension, by, date_column, caller)
    rng = _generator(seed, caller)
    rows = _Rows()
    window_days = span / pd.Timedelta(days=1)
    found = _measure(docs, event, span, by, n_perm, n_boot, ci, min_docs, rng, rows, 0, caller)
    if not found:
        for dim_id, categories, effect in _empty_effects(docs, ci):
            rng.spawn(1)  # as many streams as a window with documents would use
            rows.add(0, pd.NA, "overall", dim_id, categories, effect, min_docs)
    result = rows.frame(by, pd.DatetimeIndex([event]).to_numpy(), window_days)
    result.attrs.update(table.attrs)
    result.attrs.update({"event_effect": {"date": event, **_settings(
        span, by, dims, n_perm, n_boot, ci, min_docs, seed)}, "undated": n_undated})
    if not found:
        warnings.warn(f"{caller}: no dated document falls within {window_days:g} days of "
                      f"{event.date()}; every row is empty.", UserWarning, stacklevel=2)
    return result


def _prepare(table: pd.DataFrame, lex: Lexicon, window: Any, n_perm: Any, n_boot: Any,
             min_docs: Any, ci: float, dimension: Any, by: str | None, date_column: str,
             caller: str) -> tuple[pd.Timedelta, int, int, int, list, Any, int]:
    """The checks and layout :func:`event_effect` and :func:`event_effects` share: the
    window, draws, dimensions and ``by`` column checked, the documents laid out once, and
    one warning for undated documents (left out). Returns ``(span, n_perm, n_boot,
    min_docs, dims, docs, n_undated)``."""
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
                      "left out; see attrs['undated'].", UserWarning, stacklevel=3)
    return span, n_perm, n_boot, min_docs, dims, _documents(table, dates, dims, by), n_undated


def _events_table(events: Any, caller: str) -> tuple[list[pd.Timestamp], list[Any]]:
    """The dates and labels of an events table (:func:`read_events`)."""
    if not isinstance(events, pd.DataFrame) or not {"date", "label"} <= set(events.columns):
        raise TypeError(f"{caller} expects the events table of framing.read_events (a "
                        f"DataFrame with columns date and label). Got {type(events).__name__}"
                        + (f" with columns {_show(list(events.columns))}."
                           if isinstance(events, pd.DataFrame) else "."))
    if len(events) > MAX_EVENTS:
        raise ValueError(f"{caller}: {len(events):,} events, more than the {MAX_EVENTS:,} a "
                         "comparison can use; keep the events that matter.")
    if not pd.api.types.is_datetime64_any_dtype(events["date"]):
        raise TypeError(f"{caller}: the events' date column must hold datetimes (datetime64); "
                        f"it is {events['date'].dtype}. Read the file with "
                        "framing.read_events.")
    dates = events["date"]
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_localize(None)
    missing = dates.isna().to_numpy()
    if missing.any():
        raise ValueError(f"{caller}: event(s) {_show(list(events['label'][missing]))} have no "
                         "date; every event needs one.")
    return list(dates), list(events["label"])


def event_effects(
    scores: Any,
    events: pd.DataFrame,
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
    """The effect of every event of an events table, as :func:`event_effect` gives it for
    each, one table after the other, with the event's label in column ``event``.

    The counts table is checked and laid out once; an event without any dated document
    within the window costs a binary search (no permutations or resamples), and such
    events are named in one warning rather than one each. Each event draws from a fresh
    generator of ``seed``, so its rows equal those of :func:`event_effect`.

    An event with documents costs what :func:`event_effect` costs, mostly the
    permutations and resamples: about 2 s with the defaults when its window
    holds some 20,000 documents of 14 outlets (10,000 such events take hours;
    lower ``n_perm`` and ``n_boot``, or keep the events that matter).

    Parameters
    ----------
    scores : DataFrame or Scores
        As for :func:`event_effect`.
    events : DataFrame
        The table of :func:`read_events` (columns ``date`` and ``label``), at
        most :data:`MAX_EVENTS` rows.
    window, dimension, by, n_perm, n_boot, ci, min_docs, seed, lexicon, date_column
        As for :func:`event_effect`.

    Returns
    -------
    DataFrame
        The rows of :func:`event_effect` for each event, in the events' order,
        then column ``event`` (the label). ``attrs["event_effect"]`` keeps the
        settings, the number of events and of events without documents.
    """
    caller = "framing.event_effects"
    table, lex = _as_counts(scores, lexicon, caller=caller)
    event_dates, labels = _events_table(events, caller)
    span, n_perm, n_boot, min_docs, dims, docs, n_undated = _prepare(
        table, lex, window, n_perm, n_boot, min_docs, ci, dimension, by, date_column, caller)
    _generator(seed, caller)  # a bad seed stops before any event
    empty_blocks = _empty_effects(docs, ci)
    rows = _Rows()
    window_days = span / pd.Timedelta(days=1)
    empty: list[int] = []
    for index, event in enumerate(event_dates):
        rng = _generator(seed, caller)
        if _measure(docs, event, span, by, n_perm, n_boot, ci, min_docs, rng, rows, index,
                    caller):
            continue
        empty.append(index)
        if isinstance(seed, np.random.Generator):
            seed.spawn(len(empty_blocks))  # as many streams as event_effect would use
        for dim_id, categories, effect in empty_blocks:
            rows.add(index, pd.NA, "overall", dim_id, categories, effect, min_docs)
    result = rows.frame(by, pd.DatetimeIndex(event_dates).to_numpy(), window_days, labels)
    result.attrs.update(table.attrs)
    result.attrs.update({"event_effect": {"events": len(event_dates), "empty_events": len(empty),
                                          **_settings(span, by, dims, n_perm, n_boot, ci,
                                                      min_docs, seed)},
                         "undated": n_undated})
    if empty:
        shown = ", ".join(f"{labels[i]!r} ({event_dates[i].date()})" for i in empty[:5])
        more = f" and {len(empty) - 5:,} more" if len(empty) > 5 else ""
        warnings.warn(f"{caller}: {len(empty):,} of {len(event_dates):,} event(s) have no dated "
                      f"document within {window_days:g} days: {shown}{more}; their rows are "
                      "empty.", UserWarning, stacklevel=2)
    return result
