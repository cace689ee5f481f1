"""Can the outlet be told from its framing counts alone?

If outlets frame events differently, a classifier given only a document's
framing indicators (not its words) should guess its outlet better than
chance. :func:`outlet_distinctiveness` measures that with a multinomial
logistic regression on standardised features, cross-validated, against a
majority-class baseline under the same folds, and reports which labels
weigh for which outlet.

It is a summary of how distinct the outlets' label use is, not a test of
intent: topic mix (sports outlets mention no armed groups) also separates
outlets, so compare outlets on a topically filtered corpus (see
:mod:`framing.scope`) before reading the result as framing.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from framing.aggregate import _check_group_columns, _check_int, _one_blas_thread
from framing.indicators import _as_counts, _dimension_layout, _membership, _show
from framing.lexicon import Lexicon

__all__ = ["Distinctiveness", "outlet_distinctiveness", "outlet_features"]

_FEATURES = ("rates", "shares", "counts")


@dataclass(frozen=True)
class Distinctiveness:
    """Result of :func:`outlet_distinctiveness`.

    Attributes
    ----------
    macro_f1_mean, macro_f1_std : float
        Macro-averaged F1 of the classifier over the folds (mean, standard
        deviation); every outlet weighs the same, whatever its size.
    baseline_macro_f1_mean, baseline_macro_f1_std : float
        The same for a classifier that always predicts the largest outlet.
    fold_macro_f1, fold_baseline_macro_f1 : tuple of float
        Per-fold values.
    per_outlet : DataFrame
        ``outlet``, ``n_docs``, ``precision``, ``recall``, ``f1`` from the
        out-of-fold predictions.
    confusion : DataFrame
        Out-of-fold confusion matrix: rows are true outlets, columns predicted.
    coefficients : DataFrame
        Tidy ``outlet``, ``feature``, ``category``, ``coefficient``, ``rank``
        of the model fitted on all documents (standardised features: a
        coefficient is the change in the outlet's log-odds per standard
        deviation), sorted by outlet and decreasing coefficient.
    top_coefficients : DataFrame
        The ``n_top`` largest coefficients of each outlet (same columns).
    features : str
        "rates", "shares" or "counts".
    feature_names : tuple of str
        The model's columns.
    n_docs : int
        Documents used.
    cv : int
        Number of folds.
    excluded_outlets : dict
        Outlets left out for having fewer than ``min_docs_per_outlet``
        documents, with their document counts.
    """

    macro_f1_mean: float
    macro_f1_std: float
    baseline_macro_f1_mean: float
    baseline_macro_f1_std: float
    fold_macro_f1: tuple[float, ...]
    fold_baseline_macro_f1: tuple[float, ...]
    per_outlet: pd.DataFrame
    confusion: pd.DataFrame
    coefficients: pd.DataFrame
    top_coefficients: pd.DataFrame
    features: str
    feature_names: tuple[str, ...]
    n_docs: int
    cv: int
    excluded_outlets: dict = field(default_factory=dict)

    def summary(self) -> str:
        """One line: macro-F1 against the baseline."""
        return (f"macro-F1 {self.macro_f1_mean:.3f} ± {self.macro_f1_std:.3f} vs majority "
                f"baseline {self.baseline_macro_f1_mean:.3f} ({self.n_docs} documents, "
                f"{len(self.per_outlet)} outlets, {self.cv}-fold CV, features={self.features})")


def outlet_features(counts: Any, *, features: str = "rates", lexicon: Lexicon | str = "default"
                    ) -> pd.DataFrame:
    """The per-document feature table the classifier sees.

    ``"counts"``: the category counts. ``"rates"``: counts per 1,000 tokens
    (0 for an empty document). ``"shares"``: each category's share of its
    dimension, 0 where the document uses no label of the dimension, plus one
    ``<dimension>__used`` 0/1 column per dimension so that "no label" is not
    confused with "a share of 0".
    """
    if features not in _FEATURES:
        raise ValueError("The 'features' parameter of framing.outlet_distinctiveness must be "
                         f"one of {{'rates', 'shares', 'counts'}}. Got {features!r} instead.")
    table, lex = _as_counts(counts, lexicon, caller="framing.outlet_distinctiveness")
    category_ids, dim_of, dims = _dimension_layout(lex)
    values = table[category_ids].to_numpy(dtype=float)
    if features == "counts":
        return pd.DataFrame(values, columns=category_ids, index=table.index)
    if features == "rates":
        tokens = table["n_tokens"].to_numpy(dtype=float)[:, None]
        with np.errstate(divide="ignore", invalid="ignore"):
            rates = np.where(tokens > 0, values * 1000.0 / tokens, 0.0)
        return pd.DataFrame(rates, columns=category_ids, index=table.index)
    totals = values @ _membership(dim_of, len(dims))
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = np.where(totals[:, dim_of] > 0, values / totals[:, dim_of], 0.0)
    out = pd.DataFrame(shares, columns=category_ids, index=table.index)
    for j, dim in enumerate(dims):
        out[f"{dim}__used"] = (totals[:, j] > 0).astype(float)
    return out


def outlet_distinctiveness(
    scores: Any,
    *,
    by: str = "outlet",
    features: str = "rates",
    cv: int = 5,
    random_state: int | None = 0,
    min_docs_per_outlet: int = 10,
    lexicon: Lexicon | str = "default",
    n_top: int = 5,
    max_iter: int = 2000,
) -> Distinctiveness:
    """Cross-validated prediction of the outlet from a document's framing indicators.

    Parameters
    ----------
    scores : DataFrame or Scores
        Counts with the ``by`` column (see
        :func:`framing.indicators.attach_metadata`).
    by : str, default "outlet"
        The column to predict.
    features : {"rates", "shares", "counts"}, default "rates"
        What the classifier sees (see :func:`outlet_features`).
    cv : int, default 5
        Folds of a stratified, shuffled K-fold.
    random_state : int or None, default 0
        Seed of the fold assignment.
    min_docs_per_outlet : int, default 10
        Outlets with fewer documents are left out, with a warning naming them
        (they are listed in ``excluded_outlets``). Must be at least ``cv``.
    lexicon : Lexicon or str, default "default"
        The lexicon the counts were scored with.
    n_top : int, default 5
        Coefficients kept per outlet in ``top_coefficients``.
    max_iter : int, default 2000
        Iterations of the logistic regression solver.

    Returns
    -------
    Distinctiveness

    Notes
    -----
    The model is ``StandardScaler`` then ``LogisticRegression`` (multinomial,
    ``class_weight="balanced"``) in one scikit-learn ``Pipeline``, so scaling
    is learnt within each training fold. The baseline is
    ``DummyClassifier(strategy="most_frequent")`` on the same folds.
    """
    from sklearn.dummy import DummyClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support
    from sklearn.model_selection import StratifiedKFold
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    caller = "framing.outlet_distinctiveness"
    table, lex = _as_counts(scores, lexicon, caller=caller)
    cv = _check_int(cv, "cv", caller, 2)
    min_docs_per_outlet = _check_int(min_docs_per_outlet, "min_docs_per_outlet", caller, cv)
    n_top = _check_int(n_top, "n_top", caller, 1)
    _check_group_columns(table, [by], caller)
    feature_table = outlet_features(table, features=features, lexicon=lex)

    sizes = table[by].value_counts()
    small = sizes[sizes < min_docs_per_outlet]
    excluded = {key: int(n) for key, n in small.sort_index().items()}
    if excluded:
        warnings.warn(
            f"{caller}: outlet(s) with fewer than {min_docs_per_outlet} documents left out: "
            + ", ".join(f"{k!r} ({n})" for k, n in excluded.items()),
            UserWarning,
            stacklevel=2,
        )
    keep = ~table[by].isin(list(excluded)).to_numpy()
    labels = table[by].to_numpy()[keep]
    x = feature_table.to_numpy(dtype=float)[keep]
    classes = np.array(sorted(set(labels), key=str), dtype=object)
    if len(classes) < 2:
        raise ValueError(f"{caller}: fewer than two outlets with at least {min_docs_per_outlet} "
                         f"documents (have: {_show(list(sizes.index))}).")

    def model():
        return make_pipeline(StandardScaler(),
                             LogisticRegression(class_weight="balanced", max_iter=max_iter))

    folds = StratifiedKFold(n_splits=cv, shuffle=True, random_state=random_state)
    predicted = np.empty(len(labels), dtype=object)
    scores_model, scores_baseline = [], []
    with _one_blas_thread():
        for train, test in folds.split(x, labels):
            fitted = model().fit(x[train], labels[train])
            predicted[test] = fitted.predict(x[test])
            scores_model.append(f1_score(labels[test], predicted[test], average="macro",
                                         labels=classes, zero_division=0))
            dummy = DummyClassifier(strategy="most_frequent").fit(x[train], labels[train])
            scores_baseline.append(f1_score(labels[test], dummy.predict(x[test]),
                                            average="macro", labels=classes, zero_division=0))
        final = model().fit(x, labels)

    precision, recall, f1, support = precision_recall_fscore_support(
        labels, predicted, labels=classes, zero_division=0)
    per_outlet = pd.DataFrame({"outlet": classes, "n_docs": support, "precision": precision,
                               "recall": recall, "f1": f1})
    confusion = pd.DataFrame(confusion_matrix(labels, predicted, labels=classes),
                             index=pd.Index(classes, name="true"),
                             columns=pd.Index(classes, name="predicted"))

    logistic = final[-1]
    weights = logistic.coef_
    if weights.shape[0] == 1:  # two classes: one row, for the second class
        weights = np.vstack([-weights[0], weights[0]])
    names = list(feature_table.columns)
    category_of = {c: c for c in lex.category_ids} | {
        f"{d.id}__used": None for d in lex.dimensions}
    coefficients = pd.DataFrame({
        "outlet": np.repeat(logistic.classes_, len(names)),
        "feature": np.tile(np.array(names, dtype=object), len(logistic.classes_)),
        "coefficient": weights.ravel(),
    })
    coefficients.insert(2, "category", coefficients["feature"].map(category_of))
    coefficients = coefficients.sort_values(["outlet", "coefficient"], ascending=[True, False],
                                            kind="stable").reset_index(drop=True)
    coefficients["rank"] = coefficients.groupby("outlet").cumcount() + 1
    top = coefficients[coefficients["rank"] <= n_top].reset_index(drop=True)

    return Distinctiveness(
        macro_f1_mean=float(np.mean(scores_model)), macro_f1_std=float(np.std(scores_model)),
        baseline_macro_f1_mean=float(np.mean(scores_baseline)),
        baseline_macro_f1_std=float(np.std(scores_baseline)),
        fold_macro_f1=tuple(map(float, scores_model)),
        fold_baseline_macro_f1=tuple(map(float, scores_baseline)),
        per_outlet=per_outlet, confusion=confusion, coefficients=coefficients,
        top_coefficients=top, features=features, feature_names=tuple(names),
        n_docs=int(keep.sum()), cv=cv, excluded_outlets=excluded,
    )
