"""Compare outlets: one label's share between two groups, and whole label distributions.

Two questions, two tools:

* :func:`share_difference`: does outlet A give a label a larger share of its
  dimension than outlet B? The estimate is a difference of ratios of sums,
  with a document-level bootstrap interval and a permutation (or bootstrap)
  p-value, so it respects that hits come in documents.
* :func:`label_distribution_test`: do the groups distribute their hits over
  the labels of a dimension differently? A chi-squared or G² test on the
  label × group table of hit counts, with Cramér's V as effect size.

Hits of one article are not independent draws (an article that says
"militants" once tends to say it again), so the contingency-table tests are
optimistic: their p-values are smaller than they should be. Prefer the
document-level intervals of :func:`share_difference` and
:func:`framing.aggregate.aggregate` for inference, and read chi-squared and
G² as descriptive summaries of how different the distributions are.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from framing.aggregate import (
    _as_columns,
    _check_ci,
    _check_group_columns,
    _check_int,
    _generator,
    _one_blas_thread,
    _quantiles,
    bootstrap_sums,
)
from framing.indicators import _as_counts, _show
from framing.lexicon import Lexicon

__all__ = [
    "LabelDistributionTest",
    "ShareDifference",
    "label_distribution_summary",
    "label_distribution_test",
    "share_difference",
]

_TESTS = ("permutation", "bootstrap")
_METHODS = ("chi2", "g2")
# permutations are drawn this many document slots at a time (memory bound)
_SLOTS_PER_CHUNK = 4_000_000


@dataclass(frozen=True)
class ShareDifference:
    """Result of :func:`share_difference`.

    Attributes
    ----------
    category, dimension : str
        The label compared and its dimension.
    by : str
        The grouping column.
    group_a, group_b : object
        The two groups; ``difference`` is A minus B.
    n_docs_a, n_docs_b : int
        Documents in each group.
    hits_a, hits_b : float
        The category's hits in each group.
    dimension_hits_a, dimension_hits_b : float
        Hits of the whole dimension in each group (the share's denominator).
    share_a, share_b : float
        hits / dimension_hits (ratio of sums), NaN if the dimension has no hit.
    difference : float
        ``share_a - share_b``.
    low, high : float
        Percentile interval of the difference over ``n_boot`` bootstrap
        resamples, each group's documents resampled independently
        (resamples where a group has no hit of the dimension are left out).
    ci : float
        The interval's confidence level.
    p_value : float
        Two-sided p-value for "no difference", computed as ``test`` says.
    test : {"permutation", "bootstrap"}
        "permutation": documents of A and B are pooled and reassigned to the
        two groups at random (group sizes kept), ``p = (1 + #|d*| >= |d|) /
        (1 + m)`` over the m valid permutations. "bootstrap": twice the
        smaller tail of the bootstrap distribution on either side of 0 (with
        the same +1 correction), the level at which the percentile interval
        starts to include 0.
    n_boot : int
        Bootstrap resamples.
    n_permutations : int
        Valid permutations used (0 for the bootstrap test).
    """

    category: str
    dimension: str
    by: str
    group_a: Any
    group_b: Any
    n_docs_a: int
    n_docs_b: int
    hits_a: float
    hits_b: float
    dimension_hits_a: float
    dimension_hits_b: float
    share_a: float
    share_b: float
    difference: float
    low: float
    high: float
    ci: float
    p_value: float
    test: str
    n_boot: int
    n_permutations: int

    def to_frame(self) -> pd.DataFrame:
        """The result as a one-row DataFrame (for concatenating several comparisons)."""
        return pd.DataFrame([self.__dict__])


@dataclass(frozen=True)
class LabelDistributionTest:
    """Result of :func:`label_distribution_test`.

    Attributes
    ----------
    dimension : str
        The dimension tested.
    method : {"chi2", "g2"}
        Pearson's chi-squared or the likelihood-ratio G² statistic.
    table : DataFrame
        Observed hits: one row per category of the dimension (lexicon order),
        one column per group (sorted), before any exclusion.
    expected : DataFrame
        Expected counts under independence, for the rows and columns tested.
    statistic : float
        The chi-squared or G² statistic (no continuity correction).
    dof : int
        Degrees of freedom, (rows − 1)(columns − 1) of the tested table.
    p_value : float
        From the chi-squared distribution with ``dof`` degrees of freedom.
    cramers_v : float
        ``sqrt(statistic / (n · (min(rows, columns) − 1)))``; with G² the same
        formula is applied to G².
    n_hits : float
        Hits in the tested table.
    share_low_expected : float
        Fraction of tested cells with an expected count below 5 (a warning
        is issued above 0.2: the chi-squared approximation is then poor).
    excluded_categories, excluded_groups : tuple
        Categories and groups without any hit, left out of the test (an
        all-zero row or column has no expected counts).
    """

    dimension: str
    method: str
    by: str
    table: pd.DataFrame
    expected: pd.DataFrame
    statistic: float
    dof: int
    p_value: float
    cramers_v: float
    n_hits: float
    share_low_expected: float
    excluded_categories: tuple = field(default_factory=tuple)
    excluded_groups: tuple = field(default_factory=tuple)


def _groups_rows(table: pd.DataFrame, by: str, group: Any, caller: str) -> np.ndarray:
    rows = np.flatnonzero((table[by] == group).to_numpy())
    if not len(rows):
        known = sorted(map(str, table[by].unique()))
        raise ValueError(f"{caller}: no document has {by} == {group!r}. Known values: "
                         f"{_show(known, 20)}.")
    return rows


def _dimension_columns(lex: Lexicon, category: str) -> tuple[str, list[str]]:
    dimension = lex.dimension_of(category)
    return dimension, [c.id for c in lex.categories if c.dimension == dimension]


def _share(sums: np.ndarray) -> np.ndarray:
    """Share from sums whose last axis is (category hits, dimension hits)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(sums[..., 1] > 0, sums[..., 0] / sums[..., 1], np.nan)


def _permutation_differences(values: np.ndarray, n_a: int, n_permutations: int,
                             rng: np.random.Generator) -> np.ndarray:
    """Share differences after randomly reassigning the pooled documents to A and B."""
    n = values.shape[0]
    total = values.sum(axis=0)
    out = np.empty(n_permutations)
    step = max(1, _SLOTS_PER_CHUNK // n)
    for start in range(0, n_permutations, step):
        size = min(step, n_permutations - start)
        keys = rng.random((size, n))
        in_a = np.zeros((size, n))
        chosen = np.argpartition(keys, n_a - 1, axis=1)[:, :n_a]  # a random n_a of n
        np.put_along_axis(in_a, chosen, 1.0, axis=1)
        sums_a = in_a @ values
        out[start:start + size] = _share(sums_a) - _share(total - sums_a)
    return out


def share_difference(
    scores: Any,
    category: str,
    a: Any,
    b: Any,
    *,
    by: str = "outlet",
    lexicon: Lexicon | str = "default",
    n_boot: int = 2000,
    ci: float = 0.95,
    test: str = "permutation",
    n_permutations: int = 2000,
    random_state: Any = 0,
) -> ShareDifference:
    """Difference between two groups in a label's share of its dimension.

    Parameters
    ----------
    scores : DataFrame or Scores
        Counts with the ``by`` column (see
        :func:`framing.indicators.attach_metadata`).
    category : str
        The label, e.g. ``"putschist"``; its share is its hits over all hits of
        its dimension (ratio of sums over the group's documents).
    a, b : object
        The two values of ``by`` to compare (``share_a - share_b``).
    by : str, default "outlet"
        The grouping column.
    lexicon : Lexicon or str, default "default"
        The lexicon the counts were scored with.
    n_boot : int, default 2000
        Bootstrap resamples for the interval.
    ci : float, default 0.95
        Confidence level of the interval.
    test : {"permutation", "bootstrap"}, default "permutation"
        How the p-value is computed (see :class:`ShareDifference`).
    n_permutations : int, default 2000
        Permutations for ``test="permutation"``.
    random_state : int, None or numpy Generator, default 0
        Seed; the same seed gives the same interval and p-value.

    Returns
    -------
    ShareDifference

    Examples
    --------
    >>> import pandas as pd
    >>> counts = pd.DataFrame({"doc_id": [1, 2, 3, 4], "outlet": ["x", "x", "y", "y"],
    ...                        "n_tokens": 100, "houthi": [1, 1, 3, 2],
    ...                        "ansar_allah": 0, "putschist": [3, 1, 0, 1]})
    >>> lexicon = {"name": "h", "dimensions": [{"id": "houthi_label", "categories": [
    ...     {"id": c, "terms": [w]} for c, w in
    ...     [("houthi", "حوثي"), ("ansar_allah", "أنصار"), ("putschist", "انقلابي")]]}]}
    >>> from framing import Lexicon
    >>> result = share_difference(counts, "putschist", "x", "y",
    ...                           lexicon=Lexicon.from_dict(lexicon))
    >>> round(result.share_a, 3), round(result.share_b, 3), round(result.difference, 3)
    (0.667, 0.167, 0.5)
    """
    caller = "framing.compare.share_difference"
    table, lex = _as_counts(scores, lexicon, caller=caller)
    if test not in _TESTS:
        raise ValueError(f"The 'test' parameter of {caller} must be one of "
                         f"{{'permutation', 'bootstrap'}}. Got {test!r} instead.")
    n_boot = _check_int(n_boot, "n_boot", caller, 1)
    n_permutations = _check_int(n_permutations, "n_permutations", caller, 1)
    _check_ci(ci, caller)
    rng = _generator(random_state, caller)
    dimension, dim_columns = _dimension_columns(lex, category)
    _check_group_columns(table, [by], caller)
    if a == b:
        raise ValueError(f"{caller}: a and b are the same group ({a!r}); compare two groups.")
    rows_a = _groups_rows(table, by, a, caller)
    rows_b = _groups_rows(table, by, b, caller)
    values = np.column_stack([table[category].to_numpy(dtype=float),
                              table[dim_columns].to_numpy(dtype=float).sum(axis=1)])
    values_a, values_b = values[rows_a], values[rows_b]
    sums_a, sums_b = values_a.sum(axis=0), values_b.sum(axis=0)
    share_a, share_b = float(_share(sums_a)), float(_share(sums_b))
    difference = share_a - share_b

    stream_a, stream_b, stream_test = rng.spawn(3)
    with _one_blas_thread():
        boot = _share(bootstrap_sums(values_a, n_boot, stream_a)) - \
            _share(bootstrap_sums(values_b, n_boot, stream_b))
        low, high = (float(v[0]) for v in _quantiles(boot[:, None], ci))
        used = 0
        if not np.isfinite(difference):
            p_value = np.nan
        elif test == "permutation":
            permuted = _permutation_differences(np.vstack([values_a, values_b]), len(rows_a),
                                                n_permutations, stream_test)
            permuted = permuted[np.isfinite(permuted)]
            used = len(permuted)
            extreme = np.sum(np.abs(permuted) >= abs(difference) - 1e-12)
            p_value = float((1 + extreme) / (1 + used))
        else:
            finite = boot[np.isfinite(boot)]
            tails = min(np.sum(finite <= 0), np.sum(finite >= 0))
            p_value = float(min(1.0, 2 * (1 + tails) / (1 + len(finite))))
    return ShareDifference(
        category=category, dimension=dimension, by=by, group_a=a, group_b=b,
        n_docs_a=len(rows_a), n_docs_b=len(rows_b), hits_a=float(sums_a[0]),
        hits_b=float(sums_b[0]), dimension_hits_a=float(sums_a[1]),
        dimension_hits_b=float(sums_b[1]), share_a=share_a, share_b=share_b,
        difference=difference, low=low, high=high, ci=ci, p_value=p_value, test=test,
        n_boot=n_boot, n_permutations=used,
    )


def _contingency(table: pd.DataFrame, lex: Lexicon, dimension: str, by: str
                 ) -> pd.DataFrame:
    categories = [c.id for c in lex.categories if c.dimension == dimension]
    if not categories:
        known = ", ".join(d.id for d in lex.dimensions)
        raise KeyError(f"No dimension {dimension!r} in lexicon {lex.name!r}. Known dimensions: "
                       f"{known}.")
    sums = table.groupby(by, sort=True, observed=True)[categories].sum()
    return sums.T.rename_axis(index="category", columns=by)


def label_distribution_test(
    scores: Any,
    dimension: str,
    *,
    by: str = "outlet",
    method: str = "chi2",
    lexicon: Lexicon | str = "default",
) -> LabelDistributionTest:
    """Test whether groups distribute a dimension's hits differently over its labels.

    Parameters
    ----------
    scores : DataFrame or Scores
        Counts with the ``by`` column.
    dimension : str
        A dimension of the lexicon, e.g. ``"houthi_label"``.
    by : str, default "outlet"
        The grouping column.
    method : {"chi2", "g2"}, default "chi2"
        Pearson's chi-squared, or the likelihood-ratio statistic G²
        (``scipy.stats.chi2_contingency`` with ``lambda_="log-likelihood"``).
    lexicon : Lexicon or str, default "default"
        The lexicon the counts were scored with.

    Returns
    -------
    LabelDistributionTest

    Raises
    ------
    ValueError
        If fewer than two categories or two groups have any hit.

    Warns
    -----
    UserWarning
        When more than 20% of the tested cells expect fewer than 5 hits, and
        when categories or groups without any hit are left out.

    Notes
    -----
    Hits are clustered in documents, so the p-value is optimistic (see the
    module documentation); Cramér's V is the more useful summary.
    """
    from scipy.stats import chi2_contingency

    caller = "framing.compare.label_distribution_test"
    if method not in _METHODS:
        raise ValueError(f"The 'method' parameter of {caller} must be one of {{'chi2', 'g2'}}. "
                         f"Got {method!r} instead.")
    table, lex = _as_counts(scores, lexicon, caller=caller)
    _check_group_columns(table, [by], caller)
    observed = _contingency(table, lex, dimension, by)
    empty_rows = tuple(observed.index[observed.sum(axis=1) == 0])
    empty_columns = tuple(observed.columns[observed.sum(axis=0) == 0])
    tested = observed.drop(index=list(empty_rows), columns=list(empty_columns))
    if tested.shape[0] < 2 or tested.shape[1] < 2:
        raise ValueError(
            f"{caller}: dimension {dimension!r} has hits in {tested.shape[0]} categor(y/ies) and "
            f"{tested.shape[1]} group(s); the test needs at least two of each."
        )
    if empty_rows or empty_columns:
        parts = []
        if empty_rows:
            parts.append(f"categories without hits: {_show(list(empty_rows))}")
        if empty_columns:
            parts.append(f"groups without hits in {dimension!r}: {_show(list(empty_columns))}")
        warnings.warn(f"{caller}: left out of the test ({'; '.join(parts)}).", UserWarning,
                      stacklevel=2)
    statistic, p_value, dof, expected = chi2_contingency(
        tested.to_numpy(dtype=float), correction=False,
        lambda_="log-likelihood" if method == "g2" else None,
    )
    n_hits = float(tested.to_numpy().sum())
    share_low = float((expected < 5).mean())
    if share_low > 0.2:
        warnings.warn(
            f"{caller}: {share_low:.0%} of the cells of {dimension!r} expect fewer than 5 hits; "
            "the chi-squared approximation is unreliable. Pool sparse groups or categories, or "
            "use share_difference (bootstrap) instead.",
            UserWarning,
            stacklevel=2,
        )
    k = min(tested.shape) - 1
    return LabelDistributionTest(
        dimension=dimension, method=method, by=by, table=observed,
        expected=pd.DataFrame(expected, index=tested.index, columns=tested.columns),
        statistic=float(statistic), dof=int(dof), p_value=float(p_value),
        cramers_v=float(np.sqrt(statistic / (n_hits * k))), n_hits=n_hits,
        share_low_expected=share_low, excluded_categories=empty_rows,
        excluded_groups=empty_columns,
    )


def label_distribution_summary(
    scores: Any,
    *,
    dimensions: Sequence[str] | None = None,
    by: str = "outlet",
    method: str = "chi2",
    lexicon: Lexicon | str = "default",
) -> pd.DataFrame:
    """:func:`label_distribution_test` for several dimensions, one row each.

    Parameters
    ----------
    dimensions : sequence of str, optional
        Dimensions to test (all of the lexicon's by default).

    Returns
    -------
    DataFrame
        Columns ``dimension``, ``method``, ``statistic``, ``dof``, ``p_value``,
        ``cramers_v``, ``n_hits``, ``n_categories``, ``n_groups`` (tested),
        ``share_low_expected``, ``note``. A dimension that cannot be tested
        (fewer than two categories or groups with hits) keeps its row, with
        NaN values and the reason in ``note``; warnings of the single tests
        are gathered into ``note`` as well.
    """
    table, lex = _as_counts(scores, lexicon, caller="framing.compare.label_distribution_summary")
    names = _as_columns(dimensions, "framing.compare.label_distribution_summary") \
        if dimensions is not None else [d.id for d in lex.dimensions]
    rows = []
    for name in names:
        row: dict[str, Any] = {"dimension": name, "method": method}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                result = label_distribution_test(table, name, by=by, method=method, lexicon=lex)
            except ValueError as exc:
                rows.append(row | {"statistic": np.nan, "dof": np.nan, "p_value": np.nan,
                                   "cramers_v": np.nan, "n_hits": np.nan, "n_categories": 0,
                                   "n_groups": 0, "share_low_expected": np.nan,
                                   "note": str(exc)})
                continue
        row |= {
            "statistic": result.statistic, "dof": result.dof, "p_value": result.p_value,
            "cramers_v": result.cramers_v, "n_hits": result.n_hits,
            "n_categories": result.expected.shape[0], "n_groups": result.expected.shape[1],
            "share_low_expected": result.share_low_expected,
            "note": " | ".join(str(w.message) for w in caught),
        }
        rows.append(row)
    return pd.DataFrame(rows)
