"""Agreement of per-document counts with hand coding: precision, recall, F1.

Counts are compared cell by cell (document × category): a cell where the
matcher finds 3 and the coder 2 has 2 true positives and 1 false positive.
This is how the default lexicon is checked against hand-coded articles.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

__all__ = ["compare_counts", "read_gold"]


def read_gold(path: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a hand-coding file: ``{"docs": [{"doc_id", "counts", "spans"}]}``.

    Returns ``(counts, spans)``: counts in long form (doc_id, category, gold)
    and one row per coded span (doc_id, text, category, context).
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: line {exc.lineno}: not valid JSON ({exc.msg}).") from None
    docs = data.get("docs") if isinstance(data, dict) else None
    if not isinstance(docs, list):
        raise ValueError(f"{path}: expected an object with a 'docs' list.")
    count_rows, span_rows = [], []
    for k, doc in enumerate(docs):
        if "doc_id" not in doc:
            raise ValueError(f"{path}: document #{k} has no 'doc_id'.")
        for category, n in (doc.get("counts") or {}).items():
            count_rows.append((doc["doc_id"], category, int(n)))
        for span in doc.get("spans") or []:
            span_rows.append((doc["doc_id"], span.get("text"), span.get("category"),
                              span.get("context")))
    counts = pd.DataFrame(count_rows, columns=["doc_id", "category", "gold"])
    spans = pd.DataFrame(span_rows, columns=["doc_id", "text", "category", "context"])
    return counts, spans


def compare_counts(predicted: pd.DataFrame, gold: pd.DataFrame,
                   categories: list[str] | None = None) -> pd.DataFrame:
    """Per-category and micro precision, recall and F1 of predicted counts.

    Parameters
    ----------
    predicted : DataFrame
        The ``counts`` table of :func:`framing.score` (wide: one column per category).
    gold : DataFrame
        Long table with ``doc_id``, ``category``, ``gold`` (as from :func:`read_gold`);
        a category missing for a document counts as 0.
    categories : list of str, optional
        Categories to evaluate; default: every category column of ``predicted``.

    Returns
    -------
    DataFrame
        One row per category and a final ``micro`` row: tp, fp, fn, precision,
        recall, f1, n_gold.
    """
    categories = categories or [c for c in predicted.columns
                                if c not in ("doc_id", "language", "n_tokens")]
    unknown = sorted(set(gold["category"]) - set(categories))
    if unknown:
        raise ValueError(f"Gold categories not in the predicted table: {', '.join(unknown)}.")
    missing_docs = sorted(set(gold["doc_id"]) - set(predicted["doc_id"]), key=str)
    if missing_docs:
        raise ValueError(f"Gold documents not in the predicted table: {missing_docs[:5]}.")
    pred_long = predicted.melt(id_vars="doc_id", value_vars=categories, var_name="category",
                               value_name="predicted")
    table = pred_long.merge(gold, on=["doc_id", "category"], how="left").fillna({"gold": 0})
    table["tp"] = table[["predicted", "gold"]].min(axis=1)
    table["fp"] = (table["predicted"] - table["gold"]).clip(lower=0)
    table["fn"] = (table["gold"] - table["predicted"]).clip(lower=0)
    per = table.groupby("category", sort=False)[["tp", "fp", "fn", "gold"]].sum()
    per.loc["micro"] = per.sum()
    per = per.rename(columns={"gold": "n_gold"})
    per["precision"] = per["tp"] / (per["tp"] + per["fp"]).where(lambda s: s > 0)
    per["recall"] = per["tp"] / (per["tp"] + per["fn"]).where(lambda s: s > 0)
    per["f1"] = 2 * per["tp"] / (2 * per["tp"] + per["fp"] + per["fn"]).where(lambda s: s > 0)
    return per.astype({"tp": "int64", "fp": "int64", "fn": "int64", "n_gold": "int64"})
