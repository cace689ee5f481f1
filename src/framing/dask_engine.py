"""Score a partitioned corpus on a Dask cluster.

For corpora stored as Parquet or JSON-lines partitions (one file per month,
say), each partition is scored where it lies by a Dask worker, and only the
small count and hit tables travel back. The results equal the local
engine's: same columns, same order (partition order, then row order).

Needs the ``dask`` extra: ``pip install "framing-workbook[dask]"``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from framing.lexicon import Lexicon
from framing.normalize import Normalizer
from framing.scoring import Scores

__all__ = ["score_dask"]


def _score_partition(frame: pd.DataFrame, lexicons: dict[str, Lexicon],
                     normalizers: dict[str, Normalizer], text_column: str, id_column: str,
                     weighted: bool):
    from framing.matcher import Matcher
    from framing.multilingual import MatcherSet
    from framing.scoring import _Collector, _score_texts, as_documents

    matchers = MatcherSet({code: Matcher(lex, normalizer=normalizers[code])
                           for code, lex in lexicons.items()})
    ids, texts = as_documents(frame, text_column=text_column, id_column=id_column)
    given = frame["language"].tolist() if "language" in frame.columns else None
    collector = _Collector(matchers, weighted)
    collector.add(ids, _score_texts(matchers, ids, texts, weighted, given))
    scores = collector.result()
    return scores.counts, scores.hits, collector.unscored


def _first_columns(file: str, kind: str) -> list[str]:
    """Column names of a partition (its first record, for JSON Lines)."""
    import json

    if kind == "parquet":
        import pyarrow.parquet as pq

        return list(pq.read_schema(file).names)
    with open(file, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    return []
                return list(record) if isinstance(record, dict) else []
    return []


def _partition_files(path: Path, kind: str) -> list[str]:
    suffixes = {"parquet": (".parquet",), "jsonl": (".jsonl", ".ndjson")}[kind]
    if path.is_dir():
        files = sorted(str(p) for p in path.iterdir() if p.suffix.lower() in suffixes)
    else:
        files = [str(path)]
    if not files:
        raise FileNotFoundError(f"No {kind} partitions ({', '.join(suffixes)}) in {path}.")
    return files


def score_dask(
    path: str | Path,
    lexicon: Lexicon | str = "default",
    *,
    scheduler: str = "local",
    kind: str | None = None,
    text_column: str = "text",
    id_column: str = "doc_id",
    normalizer: Normalizer | None = None,
    weighted: bool = False,
    n_workers: int = 2,
) -> Scores:
    """Score Parquet or JSONL partitions with dask.distributed.

    Parameters
    ----------
    path : str or Path
        A folder of ``.parquet`` or ``.jsonl`` partition files, or one file.
        Each record needs an id column and a text column.
    scheduler : str, default "local"
        ``"local"`` starts a LocalCluster of ``n_workers`` processes on this
        machine; otherwise the address of a running scheduler
        (``"tcp://10.0.0.5:8786"``).
    kind : {"parquet", "jsonl"}, optional
        Partition format, told from the file names by default.

    Returns
    -------
    Scores
        The same tables :func:`framing.score` gives for the same documents.
    """
    try:
        import dask
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise ImportError(
            "The dask engine needs dask and distributed: pip install "
            "'framing-workbook[dask]'."
        ) from exc
    import dask.dataframe as dd

    from framing.scoring import _info, matcher_set, warn_unscored

    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"No corpus at {path}.")
    if kind is None:
        probe = path if path.is_file() else next(
            (p for p in sorted(path.iterdir()) if p.suffix.lower() in
             (".parquet", ".jsonl", ".ndjson")), None)
        if probe is None:
            raise FileNotFoundError(f"No .parquet or .jsonl partitions in {path}.")
        kind = "parquet" if probe.suffix.lower() == ".parquet" else "jsonl"
    if kind not in ("parquet", "jsonl"):
        raise ValueError(f"The 'kind' parameter of framing.score_dask must be one of "
                         f"{{'parquet', 'jsonl'}}. Got {kind!r} instead.")
    files = _partition_files(path, kind)
    matchers = matcher_set(lexicon, normalizer)
    columns = [id_column, text_column]
    if "language" in _first_columns(files[0], kind):  # the corpus's own languages win
        columns.append("language")
    if kind == "parquet":
        frame = dd.read_parquet(files, columns=columns)
    else:
        frame = dd.read_json(files, lines=True, orient="records", blocksize=None,
                             dtype=dict.fromkeys(columns, "object"))
        frame = frame[columns]
    own_cluster = None
    if scheduler == "local":
        own_cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1,
                                   processes=True, dashboard_address=None)
        client = Client(own_cluster)
    else:
        client = Client(scheduler)
    try:
        tasks = [
            dask.delayed(_score_partition)(part, matchers.lexicons, matchers.normalizers,
                                           text_column, id_column, weighted)
            for part in frame.to_delayed()
        ]
        results: list[Any] = list(client.compute(tasks, sync=True))
    finally:
        client.close()
        if own_cluster is not None:
            own_cluster.close()
    counts = pd.concat([c for c, _, _ in results], ignore_index=True)
    hits = pd.concat([h for _, h, _ in results], ignore_index=True)
    duplicated = counts["doc_id"][counts["doc_id"].duplicated()]
    if len(duplicated):
        raise ValueError(f"Duplicate doc_id values across partitions: "
                         f"{duplicated.head(5).tolist()!r}.")
    unscored = [u for _, _, part_unscored in results for u in part_unscored]
    info = _info(matchers, weighted, len(counts) + len(unscored), unscored) | {"engine": "dask"}
    counts.attrs.update(info)
    hits.attrs.update(info)
    warn_unscored(info)
    return Scores(counts, hits, info)
