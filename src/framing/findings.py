"""Findings: each outlet's use of each label against the rest of the corpus, stated and tested.

:func:`findings` answers, for every dimension, label and outlet, "does this
outlet give this label a larger or smaller share of the dimension's labels
than the other outlets together?", with

* the two shares (ratios of sums: the label's hits over all hits of its
  dimension), each with a document-bootstrap interval;
* their difference, with its bootstrap interval;
* a permutation p-value (outlet labels shuffled over the documents) and its
  Benjamini–Hochberg adjustment over all rows tested;
* a plain sentence a reader can quote, with the Arabic term.

Only documents that use at least one label of a dimension take part in it:
the others say nothing about how the outlet names that actor.

:func:`syndication_effect` shows how much the shares move when wire copy
(near-duplicate clusters, :func:`framing.audit.duplicate_clusters`) is
counted once.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from framing.aggregate import (
    _check_ci,
    _check_group_columns,
    _check_int,
    _document_weights,
    _generator,
    _one_blas_thread,
    _quantiles,
    bootstrap_sums,
)
from framing.indicators import _as_counts, _show
from framing.lexicon import Dimension, Lexicon

__all__ = ["FINDINGS_COLUMNS", "SYNDICATION_COLUMNS", "findings", "syndication_effect"]

#: Columns of :func:`findings`; ``outlet`` is named after its ``by`` parameter.
FINDINGS_COLUMNS = [
    "dimension", "category", "outlet", "share", "share_low", "share_high", "share_rest",
    "share_rest_low", "share_rest_high", "difference", "difference_low", "difference_high",
    "p_value", "p_adjusted", "n_docs", "n_docs_rest", "low_n", "finding", "sentence",
]

#: Columns of :func:`syndication_effect`; ``outlet`` is named after its ``by`` parameter.
SYNDICATION_COLUMNS = [
    "dimension", "category", "outlet", "share_all", "share_once", "shift", "n_docs",
    "n_clusters", "n_docs_once",
]

# permutations are drawn this many document slots at a time (memory bound)
_SLOTS_PER_CHUNK = 4_000_000
# "How armed groups are named" -> ("armed groups", "are")
_NAMED = re.compile(r"^\s*(?:how|what)\s+(?P<object>.+?)\s+(?P<verb>is|are)\s+"
                    r"(?:named|called|labelled|labeled)\s*\.?\s*$", re.IGNORECASE)


def _dimension_ids(lex: Lexicon, dimensions: Sequence[str] | str | None, caller: str
                   ) -> list[str]:
    known = [d.id for d in lex.dimensions]
    if dimensions is None:
        return known
    names = [dimensions] if isinstance(dimensions, str) else list(dimensions)
    unknown = [d for d in names if d not in known]
    if unknown:
        raise KeyError(f"{caller}: lexicon {lex.name!r} has no dimension(s) {_show(unknown)}. "
                       f"Known dimensions: {', '.join(known)}.")
    return names


def _group_sums(values: np.ndarray, codes: np.ndarray, n_groups: int) -> np.ndarray:
    """Column sums of ``values`` per group code (groups without rows get zeros)."""
    out = np.zeros((n_groups, values.shape[1]))
    np.add.at(out, codes, values)
    return out


def _shares(sums: np.ndarray) -> np.ndarray:
    """Label shares from sums whose last column is the dimension total (NaN for 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        total = sums[..., -1:]
        return np.where(total > 0, sums[..., :-1] / total, np.nan)


def _permutation_counts(values: np.ndarray, codes: np.ndarray, n_groups: int,
                        observed: np.ndarray, n_perm: int, rng: np.random.Generator
                        ) -> tuple[np.ndarray, np.ndarray]:
    """How often a shuffle of the group labels gives a difference at least as large.

    ``values`` are the documents' (weighted) label counts with the dimension
    total last; ``codes`` their groups. A permutation is a shuffled list of
    the documents cut into blocks of the groups' sizes (the same as shuffling
    the labels). A chunk of permutations is one sparse 0/1 matrix (one row
    per permutation × group, its column indices the shuffled documents), so
    every group's sums in every permutation are one sparse product, with no
    permuted copy of ``values``. Returns ``(extreme, valid)`` per group ×
    label: permutations with ``|difference| >= |observed|``, and permutations
    where both shares exist.
    """
    from scipy import sparse

    n, width = values.shape
    sizes = np.bincount(codes, minlength=n_groups)
    present = np.flatnonzero(sizes > 0)
    starts = (np.cumsum(sizes) - sizes)[present]
    total = values.sum(axis=0)
    target = np.abs(observed[present]) - 1e-12
    extreme = np.zeros((n_groups, width - 1))
    valid = np.zeros((n_groups, width - 1))
    step = max(1, _SLOTS_PER_CHUNK // max(1, n))
    index_type = np.int32 if n < 2**31 else np.int64
    documents = np.arange(n, dtype=index_type)
    for start in range(0, n_perm, step):
        size = min(step, n_perm - start)
        shuffled = rng.permuted(np.tile(documents, (size, 1)), axis=1)
        row_starts = (np.arange(size, dtype=np.int64)[:, None] * n + starts[None, :]).ravel()
        blocks = sparse.csr_matrix(
            (np.ones(size * n), shuffled.ravel(), np.append(row_starts, size * n)),
            shape=(size * len(present), n))
        sums = (blocks @ values).reshape(size, len(present), width)
        difference = _shares(sums) - _shares(total - sums)
        finite = np.isfinite(difference)
        extreme[present] += (finite & (np.abs(difference) >= target)).sum(axis=0)
        valid[present] += finite.sum(axis=0)
    return extreme, valid


def _benjamini_hochberg(p: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (step-up, monotone, capped at 1)."""
    m = len(p)
    if not m:
        return p.copy()
    order = np.argsort(p, kind="stable")
    scaled = p[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum(1.0, np.minimum.accumulate(scaled[::-1])[::-1])
    out = np.empty(m)
    out[order] = adjusted
    return out


def _percent(x: float) -> str:
    if not np.isfinite(x):
        return "n/a"
    value = 100.0 * x
    return f"{value:.1f}%" if 0 < value < 1 or 99 < value < 100 else f"{value:.0f}%"


def _percent_range(low: float, high: float) -> str:
    if not (np.isfinite(low) and np.isfinite(high)):
        return ""
    return f" [{_percent(low)[:-1]}–{_percent(high)}]"


def _points(x: float) -> str:
    value = 100.0 * x
    text = f"{value:+.0f}" if abs(value) >= 1 or value == 0 else f"{value:+.1f}"
    return text.replace("-", "−")


def _p_text(p: float) -> str:
    if not np.isfinite(p):
        return "not tested"
    if p < 0.001:
        return "adjusted p < 0.001"
    return f"adjusted p = {p:.3f}" if p < 0.01 else f"adjusted p = {p:.2f}"


def _object_phrase(dimension: Dimension) -> tuple[str, str] | None:
    """What the dimension names and its pronoun: ("state forces and authorities", "them")."""
    match = _NAMED.match(dimension.label_en or "")
    if not match:
        return None
    return match.group("object"), "them" if match.group("verb").lower() == "are" else "it"


def _sentence(row: dict[str, Any], lex: Lexicon, rest: str, min_docs: int, *,
              unmeasured: bool = False, by: str = "outlet") -> str:
    """One plain sentence stating a row of :func:`findings`."""
    category = lex.category(row["category"])
    dimension = next(d for d in lex.dimensions if d.id == row["dimension"])
    term = f'"{category.label_en}"' + (f" ({category.label_ar})" if category.label_ar else "")
    phrase = _object_phrase(dimension)
    name = _language_name(row["outlet"]) if by == "language" else str(row["outlet"])
    if unmeasured:
        what = phrase[0] if phrase else f'"{dimension.label_en or dimension.id}"'
        return (f"{name} is not compared on how it names {what}: the lexicon of its "
                "language lacks some of these labels.")
    if row["n_docs"] == 0:
        what = phrase[0] if phrase else f'"{dimension.label_en or dimension.id}"'
        return f"{name} uses no label for {what} (no document), so it is not compared."
    shares = (f"{_percent(row['share'])}{_percent_range(row['share_low'], row['share_high'])}")
    rests = (f"{_percent(row['share_rest'])}"
             f"{_percent_range(row['share_rest_low'], row['share_rest_high'])}")
    if phrase:
        opening = f"{name} calls {phrase[0]} {term} in {shares} of its labels for {phrase[1]}"
    else:
        opening = (f"{name} uses {term} for {shares} of its labels in "
                   f'"{dimension.label_en or dimension.id}"')
    if row["low_n"]:
        return (f"{opening}, against {rests} {rest}; too few documents to compare "
                f"({row['n_docs']:g} here, {row['n_docs_rest']:g} in the rest; at least "
                f"{min_docs} each are needed).")
    interval = ""
    if np.isfinite(row["difference_low"]) and np.isfinite(row["difference_high"]):
        interval = f" [{_points(row['difference_low'])}, {_points(row['difference_high'])}]"
    verdict = "" if row["finding"] else "; not a finding"
    return (f"{opening}, against {rests} {rest} (difference {_points(row['difference'])} "
            f"points{interval}, {_p_text(row['p_adjusted'])}{verdict}).")


def findings(
    scores: Any,
    *,
    lexicon: Lexicon | str = "default",
    by: str = "outlet",
    dimensions: Sequence[str] | None = None,
    min_docs: int = 5,
    alpha: float = 0.05,
    n_boot: int = 1000,
    n_perm: int = 2000,
    random_state: Any = 0,
    weights: pd.Series | str | None = None,
    duplicates: str | None = None,
    clusters: pd.Series | None = None,
    ci: float = 0.95,
    within: str | None = None,
) -> pd.DataFrame:
    """Each group's share of each label against all other groups pooled, tested and stated.

    Parameters
    ----------
    scores : DataFrame or Scores
        Counts of :func:`framing.score` with the ``by`` column (see
        :func:`framing.indicators.attach_metadata`).
    lexicon : Lexicon or str, default "default"
        The lexicon the counts were scored with; its English and Arabic labels
        and dimension names word the sentences.
    by : str, default "outlet"
        The grouping column; the output's group column is named after it.
    dimensions : sequence of str, optional
        Dimensions to report (all of the lexicon's by default).
    min_docs : int, default 5
        A row is ``low_n`` (and never a finding) when the group or the rest
        has fewer documents that use a label of the dimension.
    alpha : float, default 0.05
        Level of the Benjamini–Hochberg adjusted p-values for ``finding``.
    n_boot : int, default 1000
        Bootstrap resamples for the intervals (0: no intervals, and no findings).
    n_perm : int, default 2000
        Permutations for the p-values (the smallest p-value possible is
        ``1 / (n_perm + 1)``).
    random_state : int, None or numpy Generator, default 0
        Seed: the same seed gives the same table.
    weights : Series or str, optional
        A weight per document (Series indexed by doc_id, or a column of the
        counts): each document's counts count this much.
    duplicates : {None, "collapse", "weight"}, default None
        Count wire copy once: see :func:`framing.aggregate.aggregate` (the
        same rules: "collapse" keeps each cluster's first document,
        "weight" gives each copy 1/n of the cluster's n copies across all
        outlets). Needs ``clusters``.
    clusters : Series, optional
        doc_id → cluster label, from :func:`framing.audit.duplicate_clusters`.
    ci : float, default 0.95
        Confidence level of the intervals.
    within : str, optional
        A column (``"language"``): each group is compared only with the other
        groups of its own value there (an English outlet with the other English
        outlets). The output gets that column; Benjamini–Hochberg runs over
        all rows of all values together.

    Documents in a language whose lexicon lacks a label of a dimension
    (``attrs["unmeasured"]`` of the counts, e.g. the Yemen labels in
    English) take no part in that dimension: their zero would be a gap of the
    lexicon, not a choice of the outlet. ``attrs["findings"]["unmeasured"]``
    lists the dimensions each such language was left out of.

    Returns
    -------
    DataFrame
        One row per dimension × category × group (:data:`FINDINGS_COLUMNS`):

        - ``share``: the group's hits of the label over its hits of the
          dimension; ``share_rest`` the same for all other groups pooled;
          ``difference = share - share_rest``;
        - ``*_low``, ``*_high``: percentile intervals of a document bootstrap:
          each group's documents that use the dimension are resampled within
          the group, so the rest is resampled group by group (each keeps its
          size) and the two sides independently;
        - ``p_value``: two-sided permutation p-value of the difference,
          ``(1 + #|d*| >= |d|) / (1 + m)`` over ``m`` shuffles of the group
          labels across the dimension's documents (group sizes kept);
        - ``p_adjusted``: Benjamini–Hochberg over all rows tested (not
          ``low_n``, with a p-value), NaN for the others;
        - ``n_docs``, ``n_docs_rest``: documents using the dimension (with
          weights: their summed weights);
        - ``low_n``: either side has fewer than ``min_docs`` such documents;
        - ``finding``: ``p_adjusted < alpha``, not ``low_n``, and the interval
          of the difference excludes 0;
        - ``sentence``: the row in words.

        Findings come first, then rows by decreasing ``|difference|``.
        ``attrs["findings"]`` holds the settings, the duplicate handling and
        the time taken.

    Examples
    --------
    >>> import framing
    >>> corpus = framing.load_sample()
    >>> counts = framing.attach_metadata(framing.score(corpus).counts, corpus)
    >>> table = findings(counts, n_boot=200, n_perm=200, min_docs=1)
    >>> sorted(table["outlet"].unique())[:2]
    ['Al Mayadeen', 'Buratha News']
    """
    caller = "framing.findings"
    started = time.perf_counter()
    table, lex = _as_counts(scores, lexicon, caller=caller)
    if not isinstance(by, str):
        raise TypeError(f"The 'by' parameter of {caller} must be one column name. "
                        f"Got {by!r} instead.")
    min_docs = _check_int(min_docs, "min_docs", caller, 0)
    n_boot = _check_int(n_boot, "n_boot", caller, 0)
    n_perm = _check_int(n_perm, "n_perm", caller, 1)
    _check_ci(ci, caller)
    if isinstance(alpha, bool) or not isinstance(alpha, int | float) or not 0 < alpha < 1:
        raise ValueError(f"The 'alpha' parameter of {caller} must be a number in (0, 1), e.g. "
                         f"0.05. Got {alpha!r} instead.")
    rng = _generator(random_state, caller)
    if by != "outlet" and by in FINDINGS_COLUMNS:
        raise ValueError(f"{caller}: by={by!r} is the name of an output column; rename the "
                         "grouping column.")
    if within is not None and (not isinstance(within, str) or within == by
                               or within in FINDINGS_COLUMNS):
        raise ValueError(f"The 'within' parameter of {caller} must be one column name, other "
                         f"than by={by!r} and the output columns. Got {within!r} instead.")
    names = _dimension_ids(lex, dimensions, caller)
    _check_group_columns(table, [by] + ([within] if within else []), caller)
    # groups of all documents: a group whose documents are all collapsed into another
    # group's copies keeps its rows (with no document), it does not vanish
    all_groups = table[[by] + ([within] if within else [])].drop_duplicates()
    table, doc_weights, handled = _document_weights(
        table, duplicates=duplicates, clusters=clusters, weights=weights, caller=caller)
    left_out = _unmeasured_dimensions(table, lex, names)
    rows: list[dict[str, Any]] = []
    blocks = [None] if within is None else sorted(all_groups[within].dropna().unique())
    streams = rng.spawn(len(names) * len(blocks))
    with _one_blas_thread():
        for b, block in enumerate(blocks):
            inside = (np.ones(len(table), dtype=bool) if block is None
                      else (table[within] == block).to_numpy())
            groups, _ = _factorize(all_groups[by] if block is None
                                   else all_groups.loc[all_groups[within] == block, by])
            for d, name in enumerate(names):
                keep = inside.copy()
                if left_out.get(name) and "language" in table.columns:
                    keep &= ~table["language"].isin(left_out[name]).to_numpy()
                if within is not None and not keep.any() and inside.any():
                    continue  # this value's lexicon does not measure the dimension
                part = table[keep]
                codes = pd.Index(groups).get_indexer(part[by]).astype(np.int64)
                found = _dimension_rows(part, lex, name, by, groups, codes,
                                        None if doc_weights is None else doc_weights[keep],
                                        n_boot, n_perm, ci, min_docs,
                                        streams[b * len(names) + d])
                # groups whose every document is in a language that cannot measure it
                gone = set(table.loc[inside & ~keep, by]) - set(part[by])
                for row in found:
                    if within is not None:
                        row[within] = block
                    if row["outlet"] in gone:
                        row["_unmeasured"] = True
                rows += found

    group_column = "outlet" if by == "outlet" else by
    columns = [c for c in FINDINGS_COLUMNS if c not in ("p_adjusted", "finding", "sentence")]
    result = pd.DataFrame(rows, columns=columns + ([within] if within else []))
    tested = (~result["low_n"] & result["p_value"].notna()).to_numpy()
    adjusted = np.full(len(result), np.nan)
    adjusted[tested] = _benjamini_hochberg(result["p_value"].to_numpy()[tested])
    result["p_adjusted"] = adjusted
    excludes_zero = ((result["difference_low"] > 0) | (result["difference_high"] < 0))
    result["finding"] = (tested & (adjusted < alpha) & excludes_zero.to_numpy())
    result["sentence"] = ""
    order = FINDINGS_COLUMNS[:3] + ([within] if within else []) + FINDINGS_COLUMNS[3:]
    result = result[order]
    unmeasured_rows = (pd.DataFrame(rows, columns=["_unmeasured"])["_unmeasured"].eq(True)
                       .to_numpy() if rows else np.zeros(0, dtype=bool))
    result["sentence"] = [
        _sentence(row, lex, _rest_phrase(by, within, row), min_docs, unmeasured=gone, by=by)
        for row, gone in zip(result.to_dict("records"), unmeasured_rows, strict=True)]
    result = result.assign(_size=result["difference"].abs()).sort_values(
        ["finding", "_size"], ascending=[False, False], na_position="last", kind="stable"
    ).drop(columns="_size").reset_index(drop=True)
    result = result.rename(columns={"outlet": group_column})
    if len(result):
        result[group_column] = result[group_column].astype(table[by].dtype)
    result.attrs.update(table.attrs)
    result.attrs["findings"] = {
        "by": by, "dimensions": names, "min_docs": min_docs, "alpha": alpha,
        "n_boot": n_boot, "n_perm": n_perm, "ci": ci,
        "random_state": random_state if random_state is None or isinstance(random_state, int)
        else type(random_state).__name__,
        "test": "permutation of group labels over the dimension's documents, two-sided",
        "adjustment": "Benjamini-Hochberg over rows not low_n",
        "interval": "document bootstrap within each group (percentile)",
        "n_tested": int(tested.sum()), "seconds": round(time.perf_counter() - started, 3),
        "within": within,
        "unmeasured": {language: [d for d in names if language in left_out.get(d, ())]
                       for language in sorted({x for v in left_out.values() for x in v})},
        **handled,
    }
    return result


def _unmeasured_dimensions(table: pd.DataFrame, lex: Lexicon, names: list[str]
                           ) -> dict[str, list[str]]:
    """dimension -> the languages whose lexicon lacks one of its labels (from the counts'
    ``attrs["unmeasured"]``); only languages present in the table."""
    unmeasured = table.attrs.get("unmeasured") or {}
    if not unmeasured or "language" not in table.columns:
        return {}
    present = set(table["language"].dropna().astype(str))
    out: dict[str, list[str]] = {}
    for name in names:
        categories = {c.id for c in lex.categories if c.dimension == name}
        languages = sorted(str(language) for language, missing in unmeasured.items()
                           if str(language) in present and categories & set(missing))
        if languages:
            out[name] = languages
    return out


def _language_name(code: Any) -> str:
    """"English" for "en"; the value itself for a language framing does not know."""
    from framing.language import known_languages, language_info

    return language_info(code).name if code in known_languages() else str(code)


def _rest_phrase(by: str, within: str | None, row: dict[str, Any]) -> str:
    """Who a row's group is compared with, in words."""
    rest = {"outlet": "outlets", "language": "languages"}.get(by, f"{by} groups")
    if within is None:
        return f"in the other {rest}"
    value = row.get(within)
    if within == "language":
        return f"in the other {_language_name(value)} {rest}"
    return f"in the other {rest} with {within} {value}"


def _factorize(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct values and the code of each row."""
    codes, uniques = pd.factorize(values, sort=True)
    return np.asarray(uniques, dtype=object), codes.astype(np.int64)


def _dimension_values(table: pd.DataFrame, lex: Lexicon, name: str,
                      doc_weights: np.ndarray | None) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Categories of a dimension, the rows that use it, and their (weighted) counts with the
    dimension total as last column."""
    categories = [c.id for c in lex.categories if c.dimension == name]
    counts = table[categories].to_numpy(dtype=float)
    total = counts.sum(axis=1)
    used = np.flatnonzero(total > 0)
    values = np.column_stack([counts[used], total[used]])
    if doc_weights is not None:
        values = values * doc_weights[used, None]
    return categories, used, values


def _dimension_rows(table: pd.DataFrame, lex: Lexicon, name: str, by: str, groups: np.ndarray,
                    codes: np.ndarray, doc_weights: np.ndarray | None, n_boot: int,
                    n_perm: int, ci: float, min_docs: int, rng: np.random.Generator
                    ) -> list[dict[str, Any]]:
    """The rows of :func:`findings` for one dimension."""
    categories, used, values = _dimension_values(table, lex, name, doc_weights)
    n_groups, k = len(groups), len(categories)
    group_of = codes[used]
    sums = _group_sums(values, group_of, n_groups)
    total = sums.sum(axis=0)
    share = _shares(sums)
    share_rest = _shares(total - sums)
    difference = share - share_rest
    doc_count = (np.ones(len(used)) if doc_weights is None else doc_weights[used])
    n_docs = np.bincount(group_of, weights=doc_count, minlength=n_groups)
    n_docs_rest = doc_count.sum() - n_docs
    low_n = (n_docs < min_docs) | (n_docs_rest < min_docs) | (n_docs == 0) | \
        (n_docs_rest == 0)

    stream_boot, stream_perm = rng.spawn(2)
    intervals = np.full((6, n_groups, k), np.nan)
    if n_boot and len(used):
        boot = np.zeros((n_groups, n_boot, k + 1))
        for g, stream in zip(range(n_groups), stream_boot.spawn(n_groups), strict=True):
            members = group_of == g
            if members.any():
                boot[g] = bootstrap_sums(values[members], n_boot, stream)
        everything = boot.sum(axis=0)
        for g in range(n_groups):
            inside, outside = _shares(boot[g]), _shares(everything - boot[g])
            for j, samples in enumerate((inside, outside, inside - outside)):
                intervals[2 * j, g], intervals[2 * j + 1, g] = _quantiles(samples, ci)

    p_value = np.full((n_groups, k), np.nan)
    testable = np.isfinite(difference)
    if testable.any():
        extreme, valid = _permutation_counts(values, group_of, n_groups, difference, n_perm,
                                             stream_perm)
        with np.errstate(divide="ignore", invalid="ignore"):
            p_value = np.where(testable & (valid > 0), (1 + extreme) / (1 + valid), np.nan)

    rows = []
    for g in range(n_groups):
        for j, category in enumerate(categories):
            rows.append({
                "dimension": name, "category": category, "outlet": groups[g],
                "share": share[g, j], "share_low": intervals[0, g, j],
                "share_high": intervals[1, g, j], "share_rest": share_rest[g, j],
                "share_rest_low": intervals[2, g, j], "share_rest_high": intervals[3, g, j],
                "difference": difference[g, j], "difference_low": intervals[4, g, j],
                "difference_high": intervals[5, g, j], "p_value": p_value[g, j],
                "n_docs": n_docs[g] if doc_weights is not None else int(n_docs[g]),
                "n_docs_rest": (n_docs_rest[g] if doc_weights is not None
                                else int(n_docs_rest[g])),
                "low_n": bool(low_n[g]),
            })
    return rows


def syndication_effect(
    scores: Any,
    clusters: pd.Series,
    *,
    lexicon: Lexicon | str = "default",
    by: str = "outlet",
    dimensions: Sequence[str] | None = None,
    duplicates: str = "collapse",
) -> pd.DataFrame:
    """How much each group's label shares move when wire copy is counted once.

    Parameters
    ----------
    scores : DataFrame or Scores
        Counts with the ``by`` column (and ``date``, which decides the first
        copy of a cluster with ``duplicates="collapse"``).
    clusters : Series
        doc_id → cluster label (:func:`framing.audit.duplicate_clusters`).
    lexicon : Lexicon or str, default "default"
        The lexicon the counts were scored with.
    by : str, default "outlet"
        The grouping column; the output's group column is named after it.
    dimensions : sequence of str, optional
        Dimensions to report (all by default).
    duplicates : {"collapse", "weight"}, default "collapse"
        How "once" is counted (see :func:`framing.aggregate.aggregate`).

    Returns
    -------
    DataFrame
        :data:`SYNDICATION_COLUMNS`: ``share_all`` (every copy counts),
        ``share_once`` (each story once), ``shift = share_once - share_all``
        (in share units: 0.05 is five points), ``n_docs`` (the group's
        documents using the dimension, every copy counted), ``n_clusters``
        (the distinct stories among them) and ``n_docs_once`` (its documents
        counted once: with "collapse" the first copies it carried, fewer than
        ``n_clusters`` when another group carried a story first; with
        "weight" the sum of weights). Sorted by decreasing ``|shift|``; rows
        whose shares do not both exist come last.
    """
    caller = "framing.findings.syndication_effect"
    table, lex = _as_counts(scores, lexicon, caller=caller)
    if duplicates not in ("collapse", "weight"):
        raise ValueError(f"The 'duplicates' parameter of {caller} must be 'collapse' or "
                         f"'weight'. Got {duplicates!r} instead.")
    if not isinstance(by, str):
        raise TypeError(f"The 'by' parameter of {caller} must be one column name. "
                        f"Got {by!r} instead.")
    names = _dimension_ids(lex, dimensions, caller)
    _check_group_columns(table, [by], caller)
    once, once_weights, handled = _document_weights(
        table, duplicates=duplicates, clusters=clusters, weights=None, caller=caller)
    labels = clusters.reindex(table["doc_id"]).to_numpy()
    groups, codes = _factorize(table[by])
    once_codes = pd.Index(groups).get_indexer(once[by])
    n_groups = len(groups)
    rows = []
    for name in names:
        categories, used, values = _dimension_values(table, lex, name, None)
        _, once_used, once_values = _dimension_values(once, lex, name, once_weights)
        share_all = _shares(_group_sums(values, codes[used], n_groups))
        share_once = _shares(_group_sums(once_values, once_codes[once_used], n_groups))
        n_docs = np.bincount(codes[used], minlength=n_groups)
        n_once = np.bincount(once_codes[once_used], minlength=n_groups,
                             weights=None if once_weights is None else once_weights[once_used])
        stories = pd.DataFrame({"g": codes[used], "label": labels[used]})
        n_clusters = stories.drop_duplicates().groupby("g").size().reindex(
            range(n_groups), fill_value=0).to_numpy()
        for g in range(n_groups):
            for j, category in enumerate(categories):
                rows.append((name, category, groups[g], share_all[g, j], share_once[g, j],
                             share_once[g, j] - share_all[g, j], int(n_docs[g]),
                             int(n_clusters[g]),
                             int(n_once[g]) if once_weights is None else float(n_once[g])))
    group_column = "outlet" if by == "outlet" else by
    result = pd.DataFrame(rows, columns=SYNDICATION_COLUMNS)
    result = result.assign(_size=result["shift"].abs()).sort_values(
        "_size", ascending=False, na_position="last", kind="stable"
    ).drop(columns="_size").reset_index(drop=True)
    result = result.rename(columns={"outlet": group_column})
    result.attrs.update(table.attrs)
    result.attrs["syndication_effect"] = {"by": by, "dimensions": names, **handled}
    return result
