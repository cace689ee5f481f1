"""Score a corpus: per-document counts and the table of every hit.

``score(corpus, lexicon)`` is the package's core step (quanteda's
``tokens_lookup`` + ``dfm``): it returns two tidy DataFrames,

* ``counts``: one row per document: ``doc_id``, ``language``, ``n_tokens``,
  then one integer column per category id, in lexicon order;
* ``hits``: one row per counted span: ``doc_id``, ``start``, ``end`` (offsets
  in the original text), ``surface``, ``normalized``, ``term``, ``category``,
  ``dimension``, ``weight``, ``token_start``, ``token_end``.

Both carry their provenance (package version, lexicon name and hash,
normaliser settings) in ``DataFrame.attrs``.

Each document is scored with the lexicon of its language
(:mod:`framing.multilingual`): ``"default"`` is the Arabic and the English
default lexicons. Documents in a language no lexicon covers are left out of
both tables and listed in the provenance (``unscored``), with an
:class:`~framing.multilingual.UnscoredWarning`.
"""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from framing.cache import (
    TABLES,
    CacheError,
    CacheWarning,
    DamagedEntry,
    cache_dir,
    cache_enabled,
    corpus_fingerprint,
    lookup,
    new_work_folder,
    open_verified,
    publish,
    read_manifest,
    remove_work_folder,
    scores_key,
    sweep,
    write_manifest,
)
from framing.language import normalizer_for
from framing.lexicon import Lexicon, load_lexicon
from framing.matcher import Matcher
from framing.multilingual import (
    MatcherSet,
    UnscoredWarning,
    document_languages,
    lexicons_for,
    unscored_note,
)
from framing.normalize import Normalizer

__all__ = ["HIT_COLUMNS", "Scores", "as_documents", "read_scores", "score", "score_path",
           "score_to_folder", "scored_folder", "write_counts_csv", "write_hits"]

HIT_COLUMNS = [
    "doc_id", "start", "end", "surface", "normalized", "term", "category", "dimension",
    "weight", "token_start", "token_end",
]


@dataclass
class Scores:
    """The result of :func:`score`; unpacks as ``counts, hits = score(...)``."""

    counts: pd.DataFrame
    hits: pd.DataFrame
    provenance: dict[str, Any] = field(default_factory=dict)

    def __iter__(self) -> Iterator[pd.DataFrame]:
        return iter((self.counts, self.hits))


def as_documents(corpus: Any, *, text_column: str = "text", id_column: str = "doc_id"
                 ) -> tuple[list[Any], list[Any]]:
    """``(doc_ids, texts)`` from a corpus table, a mapping, a sequence of texts or a path.

    A missing text (None or NaN) is read as an empty document, which scores
    zeros; duplicate ids are an error.
    """
    if isinstance(corpus, str | bytes):
        raise TypeError(
            "Expected a corpus (a DataFrame with 'doc_id' and 'text', a mapping of ids to "
            "texts, a list of texts or a corpus path). Got a single string; wrap one "
            "document in a list, or pass a path as pathlib.Path."
        )
    if isinstance(corpus, Path):
        from framing.corpus import load_corpus

        corpus = load_corpus(corpus)
    if isinstance(corpus, pd.DataFrame):
        if text_column not in corpus.columns:
            raise KeyError(
                f"The corpus table has no {text_column!r} column (columns: "
                f"{', '.join(map(str, corpus.columns))}). Pass text_column=... to name it."
            )
        ids = (corpus[id_column].tolist() if id_column in corpus.columns
               else corpus.index.tolist())
        texts = corpus[text_column].tolist()
    elif isinstance(corpus, pd.Series):
        ids, texts = corpus.index.tolist(), corpus.tolist()
    elif isinstance(corpus, Mapping):
        ids, texts = list(corpus.keys()), list(corpus.values())
    elif isinstance(corpus, Iterable):
        texts = list(corpus)
        ids = list(range(len(texts)))
    else:
        raise TypeError(f"Cannot read documents from a {type(corpus).__name__}.")
    clean = []
    for doc_id, text in zip(ids, texts, strict=True):
        if text is None or (not isinstance(text, str) and pd.api.types.is_scalar(text)
                            and pd.isna(text)):
            text = ""
        if not isinstance(text, str):
            raise TypeError(
                f"Document {doc_id!r}: text must be a str, got {type(text).__name__}."
            )
        clean.append(text)
    seen: set[Any] = set()
    duplicates = [i for i in ids if i in seen or seen.add(i)]
    if duplicates:
        shown = ", ".join(map(repr, duplicates[:5]))
        raise ValueError(
            f"Duplicate doc_id values in the corpus: {shown}"
            f"{' ...' if len(duplicates) > 5 else ''}. Every document needs a unique id."
        )
    return ids, clean


def _progress(iterable: Iterable | None, total: int | None, progress: bool | None):
    if progress is False:
        return iterable
    from tqdm.auto import tqdm

    # disable=None: silent when stderr is not a terminal
    return tqdm(iterable, total=total, unit="doc", disable=None if progress is None else False,
                mininterval=0.5, desc="scoring")


def _plain(value: Any) -> Any:
    """A document id as a JSON-ready Python value (numpy scalars become Python ones)."""
    return value.item() if isinstance(value, np.generic) else value


def _score_texts(matchers: MatcherSet, ids: list[Any], texts: list[str], weighted: bool,
                 given: list[Any] | None = None) -> tuple:
    """One batch of documents: ``(ids, languages, token counts, count rows, hit rows,
    unscored)``; ``given`` is the corpus's language column, if it has one."""
    column = {c: k for k, c in enumerate(matchers.category_ids)}
    width = len(column)
    languages = document_languages(texts, given)
    kept, kept_languages, n_tokens, rows, hit_rows, unscored = [], [], [], [], [], []
    results = matchers.scan_documents(texts, languages)
    for doc_id, language, result in zip(ids, languages, results, strict=True):
        if result is None:
            unscored.append((_plain(doc_id), language))
            continue
        n, hits = result
        kept.append(doc_id)
        kept_languages.append(language or matchers.primary)
        n_tokens.append(n)
        row = [0.0 if weighted else 0] * width
        for h in hits:
            row[column[h.category]] += h.weight if weighted else 1
            hit_rows.append((doc_id, h.start, h.end, h.surface, h.normalized, h.term,
                             h.category, h.dimension, h.weight, h.token_start, h.token_end))
        rows.append(row)
    return kept, kept_languages, n_tokens, rows, hit_rows, unscored


# -- worker processes: each compiles the matchers once --------------------------------

_WORKER_MATCHERS: MatcherSet | None = None


def _init_worker(lexicons: dict[str, Lexicon], normalizers: dict[str, Normalizer]) -> None:
    import signal

    global _WORKER_MATCHERS
    # Ctrl-C reaches the whole process group: the parent alone stops the run (and removes
    # its temporary folder); a worker killed by the signal would only break the pool
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _WORKER_MATCHERS = MatcherSet({code: Matcher(lex, normalizer=normalizers[code])
                                   for code, lex in lexicons.items()})


def _worker_batch(batch: tuple[list[Any], list[str], list[Any] | None, bool]):
    ids, texts, given, weighted = batch
    assert _WORKER_MATCHERS is not None
    return ids, _score_texts(_WORKER_MATCHERS, ids, texts, weighted, given)


class _Collector:
    """Gathers batch results into the two tables, in corpus order.

    Each batch is turned into compact arrays and a small DataFrame as soon as
    it arrives, so memory grows with the number of documents and hits, not
    with Python objects per hit.
    """

    _TEXT_COLUMNS = ("surface", "normalized", "term", "category", "dimension")

    def __init__(self, matcher: MatcherSet, weighted: bool) -> None:
        self.matcher = matcher
        self.weighted = weighted
        self.ids: list[Any] = []
        self.languages: list[str] = []
        self.unscored: list[tuple[Any, str]] = []
        self.n_tokens: list[np.ndarray] = []
        self.rows: list[np.ndarray] = []
        self.hits: list[pd.DataFrame] = []
        self.seen: set[Any] = set()

    def add(self, batch_ids: list[Any], result) -> None:
        ids, languages, n_tokens, rows, hit_rows, unscored = result
        duplicates = [i for i in batch_ids if i in self.seen]
        if duplicates:
            raise ValueError(f"Duplicate doc_id values in the corpus: {duplicates[:5]!r}. "
                             "Every document needs a unique id.")
        self.seen.update(batch_ids)
        self.ids.extend(ids)
        self.languages.extend(languages)
        self.unscored.extend(unscored)
        self.n_tokens.append(np.asarray(n_tokens, dtype="int64"))
        width = len(self.matcher.category_ids)
        self.rows.append(np.asarray(rows, dtype="float64" if self.weighted else "int64")
                         .reshape(len(ids), width))
        if hit_rows:
            self.hits.append(pd.DataFrame(hit_rows, columns=HIT_COLUMNS))

    def result(self) -> Scores:
        category_ids = self.matcher.category_ids
        dtype = "float64" if self.weighted else "int64"
        matrix = (np.concatenate(self.rows) if self.rows
                  else np.zeros((0, len(category_ids)), dtype=dtype))
        counts = pd.DataFrame(matrix, columns=category_ids)
        counts.insert(0, "n_tokens", np.concatenate(self.n_tokens) if self.n_tokens
                      else np.zeros(0, dtype="int64"))
        counts.insert(0, "language", pd.Series(self.languages, dtype="str"))
        counts.insert(0, "doc_id", self.ids)
        hits = (pd.concat(self.hits, ignore_index=True) if self.hits
                else pd.DataFrame(columns=HIT_COLUMNS))
        hits = hits.astype({"doc_id": counts["doc_id"].dtype, "start": "int64", "end": "int64",
                            "weight": "float64", "token_start": "int64", "token_end": "int64",
                            **dict.fromkeys(self._TEXT_COLUMNS, str)})
        info = _info(self.matcher, self.weighted, len(self.ids), self.unscored)
        counts.attrs.update(info)
        hits.attrs.update(info)
        return Scores(counts, hits, info)


def _info(matchers: MatcherSet, weighted: bool, n_documents: int,
          unscored: list[tuple[Any, str]]) -> dict[str, Any]:
    """The provenance of a scoring run, with the documents it did not score."""
    info = matchers.provenance() | {"weighted": weighted, "n_documents": n_documents}
    if unscored:
        info["unscored"] = [{"doc_id": doc_id, "language": language}
                            for doc_id, language in unscored]
    return info


def warn_unscored(info: Mapping[str, Any], stacklevel: int = 3) -> None:
    """An :class:`UnscoredWarning` naming the documents a run did not score, if any."""
    unscored = info.get("unscored") or []
    if unscored:
        warnings.warn(unscored_note([(u["doc_id"], u["language"]) for u in unscored],
                                    list(info.get("languages") or [])),
                      UnscoredWarning, stacklevel=stacklevel)


def _run_batches(matcher: MatcherSet, batches: Iterable[tuple], *,
                 weighted: bool, jobs: int, total: int | None, progress: bool | None,
                 sink: Any = None) -> Any:
    """Score batches serially or in ``jobs`` processes into ``sink``, in corpus order.

    The sink is a :class:`_Collector` (tables in memory, the default) or a
    :class:`_ParquetSink` (tables on disk); its ``result()`` is returned.
    """
    collector = sink if sink is not None else _Collector(matcher, weighted)
    bar = _progress(None, total, progress)
    if jobs == 1:
        for ids, texts, given in batches:
            collector.add(ids, _score_texts(matcher, ids, texts, weighted, given))
            _advance(bar, len(ids))
    else:
        import concurrent.futures as cf
        from collections import deque

        pool = cf.ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker,
                                      initargs=(matcher.lexicons, matcher.normalizers))
        try:
            pending: deque = deque()
            for ids, texts, given in batches:
                pending.append(pool.submit(_worker_batch, (ids, texts, given, weighted)))
                # a bounded number of batches in flight keeps memory bounded
                while len(pending) > 2 * jobs:
                    done_ids, result = pending.popleft().result()
                    collector.add(done_ids, result)
                    _advance(bar, len(done_ids))
            while pending:
                done_ids, result = pending.popleft().result()
                collector.add(done_ids, result)
                _advance(bar, len(done_ids))
        except BaseException:
            _stop_pool(pool)
            raise
        pool.shutdown(wait=True)
    if bar is not None:
        bar.close()
    return collector.result()


def _stop_pool(pool: Any) -> None:
    """Stop a process pool at once (after an error or an interruption): its workers are
    terminated instead of finishing batches nobody will read, and none is left behind
    for the interpreter to wait for at exit."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=10)


def _advance(bar, n: int) -> None:
    if bar is not None:
        bar.update(n)


def _check_jobs(jobs: int, caller: str) -> int:
    """``jobs`` as a number of local processes: -1 is one per core; more than four per core
    (at least 8) is refused, as each is a process competing for the same cores (a typo such
    as 1000 would start a thousand)."""
    import os

    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs == 0 or jobs < -1:
        raise ValueError(f"The 'jobs' parameter of {caller} must be a positive integer or -1 "
                         f"(all cores). Got {jobs!r} instead.")
    cores = os.cpu_count() or 1
    if jobs == -1:
        jobs = cores
    most = max(8, 4 * cores)
    if jobs > most:
        raise ValueError(f"The 'jobs' parameter of {caller} is {jobs}, more than {most} "
                         f"processes for the {cores} core(s) of this machine; they would only "
                         f"compete for them. Give at most {most}, or -1 for one per core.")
    return jobs


def _check_batch_size(batch_size: Any, caller: str) -> None:
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"The 'batch_size' parameter of {caller} must be an integer >= 1 "
                         f"(documents per batch). Got {batch_size!r} instead.")


def _batches(ids: list[Any], texts: list[str], size: int, given: list[Any] | None = None):
    for k in range(0, len(ids), size):
        yield ids[k:k + size], texts[k:k + size], (given[k:k + size] if given is not None
                                                   else None)


def _given_languages(corpus: Any) -> list[Any] | None:
    """A corpus table's own ``language`` column, which wins over detection."""
    if isinstance(corpus, pd.DataFrame) and "language" in corpus.columns:
        return corpus["language"].tolist()
    return None


_PREPARED: dict[tuple[str, Normalizer], Matcher] = {}


def prepared_matcher(lexicon: Lexicon | str | Path, normalizer: Normalizer | None = None
                     ) -> Matcher:
    """A compiled :class:`Matcher` for ``lexicon``, reused within the process.

    Compiling the default lexicon takes about half a second, which a notebook
    would otherwise pay on every Run All. Reuse is keyed by the lexicon's
    content hash and the normaliser, so an edited lexicon file is compiled anew.
    """
    lex = lexicon if isinstance(lexicon, Lexicon) else load_lexicon(lexicon)
    norm = normalizer or normalizer_for(lex.language)
    key = (lex.hash, norm)
    found = _PREPARED.get(key)
    if found is None:
        found = Matcher(lex, normalizer=norm)
        if len(_PREPARED) >= 4:
            _PREPARED.pop(next(iter(_PREPARED)))
        _PREPARED[key] = found
    return found


def matcher_set(lexicon: Any = "default", normalizer: Normalizer | None = None
                ) -> MatcherSet:
    """The matchers :func:`score` uses for ``lexicon``: one per language, compiled lazily
    and reused within the process (see :mod:`framing.multilingual`)."""
    if isinstance(lexicon, MatcherSet):
        return lexicon
    return MatcherSet(lexicons_for(lexicon), normalizer=normalizer, prepare=prepared_matcher)


def score(
    corpus: Any,
    lexicon: Lexicon | str | Matcher | Mapping[str, Any] = "default",
    *,
    normalizer: Normalizer | None = None,
    weighted: bool = False,
    text_column: str = "text",
    id_column: str = "doc_id",
    jobs: int = 1,
    batch_size: int = 2000,
    progress: bool | None = None,
) -> Scores:
    """Count the lexicon's categories in every document.

    Parameters
    ----------
    corpus : DataFrame, mapping, list of str, or Path
        Documents. A DataFrame needs ``text_column`` and ``id_column`` (else its
        index gives the ids); a mapping maps ids to texts; a list of texts gets
        ids 0..n-1; a Path is read with :func:`framing.load_corpus`.
    lexicon : Lexicon, str, Matcher or mapping, default "default"
        What to count; a prepared :class:`Matcher` saves compiling it again.
        ``"default"`` is the Arabic and the English default lexicons; a mapping
        gives a lexicon per language code (``{"ar": ..., "en": ...}``). Each
        document is scored with its language's lexicon: the corpus's
        ``language`` column, or the language detected from its text.
        Documents in no language of the lexicons are not scored: they are
        listed in ``provenance["unscored"]``, with an ``UnscoredWarning``.
    normalizer : Normalizer, optional
        Normalisation settings of the first lexicon (by default, and for the
        other languages, those of each lexicon's language).
    weighted : bool, default False
        Sum term weights instead of counting spans (float columns).
    jobs : int, default 1
        Worker processes (-1: one per core). Results are identical to serial
        scoring and in corpus order.
    batch_size : int, default 2000
        Documents sent to a worker at a time.
    progress : bool or None
        Show a progress bar; None (default) shows one only on a terminal.

    Returns
    -------
    Scores
        ``counts`` (one row per document) and ``hits`` (one row per span).

    See Also
    --------
    score_path : score a corpus on disk in bounded memory, with a cache.

    Examples
    --------
    >>> counts, hits = score(["دعا الجيش السوري المسلحين إلى مغادرة حلب"])
    >>> counts.loc[0, ["n_tokens", "army", "militant"]].tolist()
    [7, 1, 1]
    """
    if normalizer is not None and isinstance(lexicon, Matcher) and normalizer != lexicon.normalizer:
        raise ValueError("Pass the normalizer to the Matcher, not to score(), when giving both.")
    matchers = matcher_set(lexicon, normalizer)
    jobs = _check_jobs(jobs, "framing.score")
    _check_batch_size(batch_size, "framing.score")
    ids, texts = as_documents(corpus, text_column=text_column, id_column=id_column)
    scores = _run_batches(matchers, _batches(ids, texts, batch_size, _given_languages(corpus)),
                          weighted=weighted, jobs=jobs, total=len(ids), progress=progress)
    warn_unscored(scores.provenance)
    return scores


class _ParquetSink:
    """Writes batch results straight to ``counts.parquet`` and ``hits.parquet``.

    Memory holds one batch of results and an 8-byte hash per document id (to
    refuse duplicate ids), whatever the size of the corpus.
    """

    def __init__(self, matcher: MatcherSet, weighted: bool, folder: Path) -> None:
        self.matcher = matcher
        self.weighted = weighted
        self.folder = folder
        self.writers: dict[str, Any] = {}
        self.id_hashes: list[np.ndarray] = []
        self.n_documents = 0
        self.unscored: list[tuple[Any, str]] = []

    def _write(self, name: str, table: Any) -> None:
        import pyarrow.parquet as pq

        writer = self.writers.get(name)
        if writer is None:
            writer = self.writers[name] = pq.ParquetWriter(self.folder / f"{name}.parquet",
                                                           table.schema)
        else:
            table = table.cast(writer.schema)
        writer.write_table(table)

    def add(self, batch_ids: list[Any], result) -> None:
        import pyarrow as pa

        ids, languages, n_tokens, rows, hit_rows, unscored = result
        self.id_hashes.append(pd.util.hash_array(np.asarray(batch_ids, dtype=object)))
        self.n_documents += len(ids)
        self.unscored.extend(unscored)
        if not ids:  # every document of the batch unscored; the empty tables come at the end
            return
        category_ids = self.matcher.category_ids
        matrix = np.asarray(rows, dtype="float64" if self.weighted else "int64").reshape(
            len(ids), len(category_ids))
        columns = {"doc_id": pa.array(ids), "language": pa.array(languages, pa.string()),
                   "n_tokens": pa.array(n_tokens, pa.int64())}
        columns.update({c: matrix[:, k] for k, c in enumerate(category_ids)})
        self._write("counts", pa.table(columns))
        hit_columns = list(zip(*hit_rows, strict=True)) if hit_rows else [[]] * len(HIT_COLUMNS)
        types = {"start": pa.int64(), "end": pa.int64(), "weight": pa.float64(),
                 "token_start": pa.int64(), "token_end": pa.int64()}
        hits = pa.table({
            name: pa.array(list(values), type=types.get(
                name, columns["doc_id"].type if name == "doc_id" else pa.string()))
            for name, values in zip(HIT_COLUMNS, hit_columns, strict=True)
        })
        self._write("hits", hits)

    def result(self) -> dict[str, Any]:
        for writer in self.writers.values():
            writer.close()
        hashes = np.concatenate(self.id_hashes) if self.id_hashes else np.zeros(0, np.uint64)
        if len(np.unique(hashes)) != len(hashes):
            raise ValueError("Duplicate doc_id values in the corpus. Every document needs a "
                             "unique id (framing.audit lists them).")
        if not self.writers:  # an empty corpus still gets both tables, with their columns
            empty = _Collector(self.matcher, self.weighted).result()
            empty.counts.to_parquet(self.folder / "counts.parquet", index=False)
            empty.hits.to_parquet(self.folder / "hits.parquet", index=False)
        return _info(self.matcher, self.weighted, self.n_documents, self.unscored)


class _FolderWriteError(Exception):
    """Writing the tables into their folder failed (the disk, not the corpus)."""


class _GuardedSink:
    """A :class:`_ParquetSink` whose write failures are told apart from reading errors,
    so a cache that cannot be written is worked around instead of failing the run."""

    def __init__(self, sink: _ParquetSink) -> None:
        self.sink = sink

    def add(self, ids: list[Any], result) -> None:
        try:
            self.sink.add(ids, result)
        except OSError as exc:
            raise _FolderWriteError(exc) from exc

    def result(self) -> dict[str, Any]:
        try:
            return self.sink.result()
        except OSError as exc:
            raise _FolderWriteError(exc) from exc


def _prepare(path: str | Path, lexicon: Any, normalizer: Normalizer | None,
             weighted: bool, load_options: dict[str, Any], keyed: bool = True
             ) -> tuple[Callable[[], MatcherSet], str | None]:
    """How to get the matcher, and the cache key of scoring ``path``.

    The key needs only the lexicon and normaliser, so a cache hit does not
    compile a matcher; it is None when not ``keyed`` (no cache: the corpus is
    not hashed).
    """
    matchers = matcher_set(lexicon, normalizer)  # compiles nothing yet

    def matcher() -> MatcherSet:
        return matchers
    if not keyed:
        return matcher, None
    key = scores_key(corpus_fingerprint(path), matchers.provenance(),
                     {"weighted": weighted, "load": load_options})
    return matcher, key


@contextmanager
def _interruptible() -> Iterator[None]:
    """While scoring into a folder, make Ctrl-C and SIGTERM stop the run for sure, so the
    temporary folder is removed on the way out: SIGTERM raises SystemExit (as Ctrl-C
    raises KeyboardInterrupt), and a signal whose exception Python swallowed (raised in an
    at-fork hook or a ``__del__``) is raised again afterwards. Only in the main thread,
    and only for signals that still have Python's default handling."""
    import os
    import signal
    import sys
    import threading

    received: list[int] = []
    owner = os.getpid()

    def stop(signum, frame) -> None:
        if os.getpid() != owner:
            # a pool worker forked before it could ignore Ctrl-C: the run's own process
            # stops the run; an exception here would print the worker's traceback
            return
        received.append(signum)
        _raise_for(signum)

    def quiet(unraisable) -> None:
        # the swallowed exception is raised again below: no "Exception ignored" traceback
        if not (received and isinstance(unraisable.exc_value, KeyboardInterrupt | SystemExit)):
            hook(unraisable)

    ours = {}
    hook = sys.unraisablehook
    if threading.current_thread() is threading.main_thread():
        defaults = {signal.SIGINT: signal.default_int_handler, signal.SIGTERM: signal.SIG_DFL}
        for signum, default in defaults.items():
            if signal.getsignal(signum) is default:
                ours[signum] = default
                signal.signal(signum, stop)
        if ours:
            sys.unraisablehook = quiet
    try:
        yield
    except BaseException:
        if received:  # e.g. the pool broke as its workers were stopped by the same signal
            _raise_for(received[0])
        raise
    finally:
        for signum, default in ours.items():
            signal.signal(signum, default)
        if ours:
            sys.unraisablehook = hook
    if received:
        _raise_for(received[0])


def _raise_for(signum: int) -> None:
    import signal

    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise SystemExit(128 + signum)


def _score_into(work: Path, path: str | Path, matcher: MatcherSet, key: str | None, *,
                weighted: bool, jobs: int, batch_size: int, progress: bool | None,
                load_options: dict[str, Any]) -> None:
    """Score the corpus into ``work`` (tables and manifest); ``work`` is removed on any
    error or interruption. Failures to write raise :class:`_FolderWriteError`."""
    from framing.corpus import iter_corpus

    def batches():
        for chunk in iter_corpus(path, chunksize=batch_size, **load_options):
            yield (*as_documents(chunk), _given_languages(chunk))

    try:
        with _interruptible():
            info = _run_batches(matcher, batches(), weighted=weighted, jobs=jobs, total=None,
                                progress=progress,
                                sink=_GuardedSink(_ParquetSink(matcher, weighted, work)))
            try:
                write_manifest(work, key, info)
            except OSError as exc:
                raise _FolderWriteError(exc) from exc
    except BaseException:
        remove_work_folder(work)
        raise


_TEMPORARY: set[Path] = set()


def _cache_unwritable(root: Path, cause: BaseException | None) -> None:
    warnings.warn(f"cannot write to the cache at {root} ({cause}); scoring without the cache",
                  CacheWarning, stacklevel=4)


def _remove_temporary() -> None:
    for folder in list(_TEMPORARY):
        remove_work_folder(folder)


def _score_folder(path: str | Path, lexicon: Lexicon | str | Matcher, *,
                  normalizer: Normalizer | None, weighted: bool, jobs: int, batch_size: int,
                  cache: bool, cache_folder: str | Path | None, progress: bool | None,
                  load_options: dict[str, Any]) -> tuple[Path, bool, bool]:
    """``(folder, from_cache, temporary)``: like :func:`score_to_folder`, and whether the
    folder is a temporary one the caller owns (no cache, or a cache that failed).

    A stream (pipe, FIFO, standard input) is read once into a temporary copy
    first: the cache key hashes the corpus before it is scored.
    """
    from framing.corpus import regular_copy

    with regular_copy(path, load_options.get("kind"),
                      encoding=load_options.get("encoding")) as readable:
        return _score_readable(readable, lexicon, normalizer=normalizer, weighted=weighted,
                               jobs=jobs, batch_size=batch_size, cache=cache,
                               cache_folder=cache_folder, progress=progress,
                               load_options=load_options)


def _score_readable(path: str | Path, lexicon: Lexicon | str | Matcher, *,
                    normalizer: Normalizer | None, weighted: bool, jobs: int, batch_size: int,
                    cache: bool, cache_folder: str | Path | None, progress: bool | None,
                    load_options: dict[str, Any]) -> tuple[Path, bool, bool]:
    """:func:`_score_folder` on a path that can be read more than once."""
    import tempfile

    jobs = _check_jobs(jobs, "framing.score_to_folder")
    _check_batch_size(batch_size, "framing.score_to_folder")
    use_cache = cache and cache_enabled()
    make_matcher, key = _prepare(path, lexicon, normalizer, weighted, load_options, use_cache)
    options = {"weighted": weighted, "jobs": jobs, "batch_size": batch_size,
               "progress": progress, "load_options": load_options}
    if use_cache:
        assert key is not None
        root = Path(cache_folder) if cache_folder is not None else cache_dir()
        entry = lookup(key, root)
        if entry is not None:
            return entry, True, False
        matcher = make_matcher()
        try:
            sweep(root)
            work = new_work_folder(key, root)
        except OSError as exc:
            failure: BaseException | None = exc
        else:
            try:
                _score_into(work, path, matcher, key, **options)
            except _FolderWriteError as exc:
                failure = exc.__cause__
            else:
                try:
                    return publish(work, key, root), False, False
                except OSError as exc:
                    _cache_unwritable(root, exc)
                    return work, False, True  # scored and checked; only publishing failed
        _cache_unwritable(root, failure)
    else:
        matcher = make_matcher()
    work = Path(tempfile.mkdtemp(prefix="framing-scores-"))
    try:
        _score_into(work, path, matcher, None, **options)
    except _FolderWriteError as exc:
        raise OSError(f"Cannot write the scores to the temporary folder {work}: "
                      f"{exc.__cause__}") from exc.__cause__
    return work, False, True


def score_to_folder(
    path: str | Path,
    lexicon: Lexicon | str | Matcher = "default",
    *,
    normalizer: Normalizer | None = None,
    weighted: bool = False,
    jobs: int = 1,
    batch_size: int = 2000,
    cache: bool = True,
    cache_folder: str | Path | None = None,
    progress: bool | None = None,
    **load_options: Any,
) -> tuple[Path, bool]:
    """Score a corpus on disk into ``counts.parquet`` and ``hits.parquet`` in bounded memory.

    Returns the folder holding the two tables and ``info.json`` (their
    manifest, with checksums), and whether it was found in the cache. With
    ``cache=True`` the folder is the cache entry, checked before it is
    returned (reused while corpus, lexicon, normaliser and options are
    unchanged; a damaged entry is recomputed, with a :class:`CacheWarning`).
    Without, or when the cache is turned off (:func:`framing.cache.cache_enabled`)
    or cannot be written, it is a new temporary folder: with ``cache=False``
    the caller removes it, otherwise it is removed when the process exits
    (:func:`scored_folder` removes it as soon as it is done with).
    """
    folder, from_cache, temporary = _score_folder(
        path, lexicon, normalizer=normalizer, weighted=weighted, jobs=jobs,
        batch_size=batch_size, cache=cache, cache_folder=cache_folder, progress=progress,
        load_options=load_options)
    if temporary and cache:
        if not _TEMPORARY:
            import atexit

            atexit.register(_remove_temporary)
        _TEMPORARY.add(folder)
    return folder, from_cache


@contextmanager
def scored_folder(
    path: str | Path,
    lexicon: Lexicon | str | Matcher = "default",
    *,
    normalizer: Normalizer | None = None,
    weighted: bool = False,
    jobs: int = 1,
    batch_size: int = 2000,
    cache: bool = True,
    cache_folder: str | Path | None = None,
    progress: bool | None = None,
    **load_options: Any,
) -> Iterator[tuple[Path, bool]]:
    """:func:`score_to_folder` as a context: ``(folder, from_cache)``, and a temporary
    folder (no cache, or one that could not be written) is removed on leaving."""
    folder, from_cache, temporary = _score_folder(
        path, lexicon, normalizer=normalizer, weighted=weighted, jobs=jobs,
        batch_size=batch_size, cache=cache, cache_folder=cache_folder, progress=progress,
        load_options=load_options)
    try:
        yield folder, from_cache
    finally:
        if temporary:
            remove_work_folder(folder)


def read_scores(folder: Path) -> Scores:
    """The :class:`Scores` in a folder written by :func:`score_to_folder`, every table
    checked against the manifest as it is read (:class:`framing.cache.CacheError` if one
    changed since)."""
    import io

    try:
        manifest = read_manifest(folder)
    except DamagedEntry as exc:
        raise CacheError(f"Cannot use the scores in {folder}: {exc}.") from None
    tables = {}
    for name in TABLES:
        with open_verified(folder, name, manifest) as fh:
            tables[name] = pd.read_parquet(io.BytesIO(fh.read()))
    info = dict(manifest["provenance"])
    counts, hits = tables["counts.parquet"], tables["hits.parquet"]
    counts.attrs = dict(info)
    hits.attrs = dict(info)
    return Scores(counts, hits, info)


def _parquet_to_csv(source: IO[bytes], out: Path) -> None:
    """Stream a Parquet file into a CSV (as pandas writes it), one batch at a time."""
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(source)
    with out.open("w", encoding="utf-8", newline="") as fh:
        header = True
        for batch in parquet.iter_batches(batch_size=20_000):
            batch.to_pandas().to_csv(fh, index=False, header=header)
            header = False
        if header:  # no rows: the header alone
            fh.write(",".join(parquet.schema_arrow.names) + "\n")


def write_counts_csv(folder: Path, out: Path) -> None:
    """Stream ``counts.parquet`` of ``folder`` into the CSV ``out``, once its bytes are
    checked against the folder's manifest (:class:`framing.cache.CacheError` if not)."""
    with open_verified(folder, "counts.parquet") as source:
        _parquet_to_csv(source, out)


def write_hits(folder: Path, out: Path) -> None:
    """Copy ``hits.parquet`` of ``folder`` to ``out`` (.parquet), or stream it into CSV,
    once its bytes are checked against the folder's manifest."""
    with open_verified(folder, "hits.parquet") as source:
        if out.suffix.lower() == ".parquet":
            with out.open("wb") as target:
                shutil.copyfileobj(source, target)
        else:
            _parquet_to_csv(source, out)


def score_path(
    path: str | Path,
    lexicon: Lexicon | str | Matcher = "default",
    *,
    normalizer: Normalizer | None = None,
    weighted: bool = False,
    jobs: int = 1,
    batch_size: int = 2000,
    cache: bool = True,
    cache_folder: str | Path | None = None,
    progress: bool | None = None,
    **load_options: Any,
) -> Scores:
    """Score a corpus on disk, streaming it in batches, with a result cache.

    The corpus is read with :func:`framing.iter_corpus` ``batch_size``
    documents at a time and results go to Parquet as they come
    (:func:`score_to_folder`), so scoring holds a few batches, not the
    corpus. With ``cache=True`` a rerun on unchanged corpus files, lexicon,
    normaliser and options is read back from the cache (:mod:`framing.cache`);
    any change misses the cache.

    Parameters
    ----------
    path : str or Path
        Anything :func:`framing.load_corpus` reads, or ``"sample"``.
    load_options
        Passed to :func:`framing.iter_corpus` (``kind``, ``encoding``,
        ``text_column`` ...).

    Other parameters are those of :func:`score`. ``provenance["from_cache"]``
    tells whether the result came from the cache.
    """
    with scored_folder(path, lexicon, normalizer=normalizer, weighted=weighted, jobs=jobs,
                       batch_size=batch_size, cache=cache, cache_folder=cache_folder,
                       progress=progress, **load_options) as (folder, from_cache):
        scores = read_scores(folder)
    scores.provenance["from_cache"] = from_cache
    warn_unscored(scores.provenance)
    return scores
