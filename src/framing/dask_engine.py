"""Score a corpus on a Dask cluster: the same tables as the local engine, from many machines.

:func:`score_dask` reads every corpus kind :func:`framing.score_path` reads
and gives the same two tables (columns, order, hits, provenance with the
unscored documents; each document scored with its language's lexicon).

How the work is split:

* SaudiNewsNet archives: one part per ``.zip``; a Parquet file: one part per
  row group (small consecutive row groups joined); a folder of Parquet files:
  one part per file (split by row groups the same way). The workers read
  these parts themselves (:func:`framing.corpus.read_part`), so on a remote
  cluster every worker must see the corpus at the same absolute path (a
  shared disk); a worker that cannot is reported by name.
* CSV, TSV, JSON Lines, JSON, text folders, ``"sample"`` and streams (read
  once into a temporary copy) are read in order on this machine, as the
  local engine reads them, and sent to the workers in chunks of
  ``batch_size`` documents, a few at a time. Their reading errors are those
  of the local engine, word for word.

The lexicons are sent to the cluster once (scattered to every worker) and
compiled once per worker process, never shipped or hashed per task. The
results come back part by part and are written in corpus order to Parquet
(as the local engine's cache entries are), so this machine holds a few parts'
results at a time.

Failures end the run with a :class:`ClusterError`, never a hang: a scheduler
that cannot be reached within ``connect_timeout`` seconds; no worker left
for ``worker_wait`` seconds (all died or none ever joined); a part whose
task was running on three workers that each died (a part that kills its
worker, for instance by running out of memory); the whole run taking more
than ``timeout`` seconds. A worker lost while others remain only costs the
time to redo its parts elsewhere (data that was only on it, the lexicons or a
chunk, is sent again, up to three times): the results are unchanged.

When it pays off: see the README's section on the Dask engine (measurements
from ``benchmarks/bench_dask.py``). On one machine ``framing score --jobs N``
is faster; the Dask engine is for spreading a large corpus over several
machines.

Needs the ``dask`` extra: ``pip install "framing-workbook[dask]"``.
"""

from __future__ import annotations

import tempfile
import threading
import time
import uuid
import warnings
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from framing.lexicon import Lexicon
from framing.normalize import Normalizer
from framing.scoring import Scores

__all__ = ["ClusterError", "score_dask", "score_dask_to_folder"]

#: Seconds to wait for a scheduler to answer before giving up.
CONNECT_TIMEOUT = 10.0
#: Seconds without any worker before the run is given up.
WORKER_WAIT = 10.0
#: How often (seconds) the run checks its deadline and the workers while it waits.
_POLL = 0.25


class ClusterError(RuntimeError):
    """The cluster cannot finish the run (unreachable, no workers, timed out...); the
    message is one sentence saying what happened and what to do."""


@dataclass(frozen=True)
class _Lexicons:
    """What a worker needs to compile the matchers: sent once, compiled once per worker."""

    key: str
    lexicons: dict[str, Lexicon]
    normalizers: dict[str, Normalizer]


# -- on the workers ----------------------------------------------------------------------

_WORKER_SETS: dict[str, Any] = {}
_WORKER_LOCK = threading.Lock()
#: What this worker process did: MatcherSets compiled (one per lexicon set it scored with).
_WORKER_STATS = {"compiled": 0}


def _worker_matchers(lexicons: _Lexicons) -> Any:
    """The worker's compiled MatcherSet for ``lexicons`` (compiled on first use)."""
    from framing.matcher import Matcher
    from framing.multilingual import MatcherSet

    with _WORKER_LOCK:
        found = _WORKER_SETS.get(lexicons.key)
        if found is None:
            found = MatcherSet({code: Matcher(lex, normalizer=lexicons.normalizers[code])
                                for code, lex in lexicons.lexicons.items()})
            _WORKER_STATS["compiled"] += 1
            if len(_WORKER_SETS) >= 2:
                _WORKER_SETS.pop(next(iter(_WORKER_SETS)))
            _WORKER_SETS[lexicons.key] = found
        return found


def _score_part(piece: Any, lexicons: _Lexicons, load_options: dict[str, Any],
                weighted: bool, batch_size: int) -> tuple[list[Any], tuple, list[tuple]]:
    """Score one part (a :class:`~framing.corpus.CorpusPart` read here, or a corpus
    table read by the client): ``(all its ids, the result tuple of _score_texts, the
    warnings of reading it as (category, message))``, so that the client shows the
    warnings (unreadable dates kept as NaT...) a worker's log would hide."""
    import warnings

    from framing.corpus import CorpusPart

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = _read_piece(piece, load_options) if isinstance(piece, CorpusPart) else piece
    ids, merged = _score_table(table, lexicons, weighted, batch_size)
    return ids, merged, [(w.category, str(w.message)) for w in caught]


def _read_piece(piece: Any, load_options: dict[str, Any]) -> Any:
    """A part's corpus table, read on the worker."""
    from framing.corpus import CorpusError, read_part

    try:
        return read_part(piece, **load_options)
    except FileNotFoundError:
        import socket

        raise CorpusError(
            f"{piece.file}: not found by the Dask worker on {socket.gethostname()}. The "
            "workers read Parquet and SaudiNewsNet corpora themselves: put the corpus "
            "where every worker sees it at the same path (a shared disk)."
        ) from None


def _score_table(table: Any, lexicons: _Lexicons, weighted: bool, batch_size: int
                 ) -> tuple[list[Any], tuple]:
    """``(ids, the result tuple of _score_texts)`` of a corpus table, in batches."""
    from framing.scoring import _given_languages, _score_texts, as_documents

    matchers = _worker_matchers(lexicons)
    ids, texts = as_documents(table)
    given = _given_languages(table)
    merged: tuple = ([], [], [], [], [], [])
    for start in range(0, len(ids), batch_size):
        stop = start + batch_size
        result = _score_texts(matchers, ids[start:stop], texts[start:stop], weighted,
                              given[start:stop] if given is not None else None)
        for whole, part in zip(merged, result, strict=True):
            whole.extend(part)
    return ids, merged


# -- on the client ---------------------------------------------------------------------


def _connect(scheduler: str, n_workers: int | None, connect_timeout: float) -> tuple[Any, Any]:
    """``(client, own cluster or None)``: a LocalCluster of this machine, or a running
    scheduler reached within ``connect_timeout`` seconds."""
    from dask.distributed import Client, LocalCluster

    if scheduler == "local":
        import logging
        import os

        workers = n_workers or os.cpu_count() or 1
        # the workers' own logs would print tracebacks of errors the run reports in one line;
        # the scheduler's web server takes any free port of this machine (it always starts
        # one, and port 8787 may be another cluster's)
        cluster = None
        try:
            with _children_ignore_interrupts():
                cluster = LocalCluster(n_workers=workers, threads_per_worker=1,
                                       processes=True, dashboard_address="127.0.0.1:0",
                                       host="127.0.0.1", silence_logs=logging.CRITICAL)
            return Client(cluster, timeout=connect_timeout), cluster
        except BaseException:
            if cluster is not None:
                with suppress(Exception):
                    cluster.close(timeout=10)
            raise
    if n_workers is not None:
        raise ValueError(f"n_workers={n_workers} does not apply to the running scheduler at "
                         f"{scheduler}: its workers are those started for it. Leave it out.")
    _reachable(scheduler, connect_timeout)
    try:
        return Client(scheduler, timeout=connect_timeout), None
    except (OSError, TimeoutError) as exc:
        raise ClusterError(
            f"cannot reach the Dask scheduler at {scheduler} within {connect_timeout:g} s "
            f"({_first_line(exc)}). Check the address and port, and that the scheduler runs "
            "and is reachable from here (firewall); or use --scheduler local."
        ) from None
    except ValueError as exc:
        raise ClusterError(f"{scheduler!r} is not a scheduler address ({_first_line(exc)}); "
                           "give one such as tcp://10.0.0.5:8786, or 'local'.") from None
    except (Exception, MemoryError) as exc:  # any reply that is not a Dask scheduler's
        raise ClusterError(
            f"something answers at {scheduler} but not as a Dask scheduler "
            f"({type(exc).__name__}: {_first_line(exc)}). Check the address and port (a "
            "scheduler listens on 8786 by default).") from None


@contextmanager
def _children_ignore_interrupts() -> Iterator[None]:
    """Start processes that ignore Ctrl-C: it reaches the whole process group, and this
    process alone stops the run (closing the cluster); workers stopped by the signal
    would print tracebacks. An ignored signal stays ignored in a new Python process, so
    SIGINT is ignored here while the workers start (the few seconds of ``LocalCluster``;
    a Ctrl-C in them is lost, a later one stops the run). Main thread only."""
    import signal

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _reachable(scheduler: str, connect_timeout: float) -> None:
    """Fail at once when nothing listens at a TCP scheduler address (the Dask client would
    retry a refused connection until its timeout)."""
    import socket
    from urllib.parse import urlsplit

    address = scheduler if "://" in scheduler else f"tcp://{scheduler}"
    parts = urlsplit(address)
    if parts.scheme not in ("tcp", "tls"):
        return  # other transports (inproc, ucx...) are left to the Dask client
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        host, port = None, None
    if not host or port is None:
        raise ClusterError(f"{scheduler!r} is not a scheduler address: give one such as "
                           "tcp://10.0.0.5:8786 (host and port), or 'local'.")
    try:
        with socket.create_connection((host, port), timeout=connect_timeout):
            pass
    except TimeoutError:
        raise ClusterError(
            f"cannot reach the Dask scheduler at {scheduler}: no answer within "
            f"{connect_timeout:g} s. Check the address, that the scheduler runs, and that no "
            "firewall stands between; or use --scheduler local.") from None
    except OSError as exc:
        reason = ("nothing listens on that port" if isinstance(exc, ConnectionRefusedError)
                  else exc.strerror or _first_line(exc))
        raise ClusterError(
            f"cannot reach the Dask scheduler at {scheduler} ({reason}). Check the address "
            "and port and that the scheduler runs (dask scheduler); or use --scheduler "
            "local.") from None


def _first_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) < 200 else text[:197] + "..."


class _Dropped(Exception):
    """The cluster cancelled a part because data it needed was lost with a worker."""


#: Times lost data is sent to the workers again before the run is given up.
_RESENDS = 3


class _Watch:
    """Waits for a future while keeping an eye on the deadline and the workers."""

    def __init__(self, client: Any, timeout: float | None, worker_wait: float,
                 started: float, where: str) -> None:
        self.client = client
        self.deadline = None if timeout is None else started + timeout
        self.timeout = timeout
        self.worker_wait = worker_wait
        self.where = where
        self.no_workers_since: float | None = None
        self.done = 0
        self.total: int | None = None

    def progress(self) -> str:
        of = f" of {self.total}" if self.total is not None else ""
        return f"{self.done}{of} part(s) were scored; nothing was written"

    def result(self, future: Any, label: str) -> Any:
        from distributed import CancelledError
        from distributed.scheduler import KilledWorker

        while True:
            try:
                return future.result(timeout=_POLL)
            except TimeoutError:
                self.check()
            except KilledWorker:
                raise ClusterError(
                    f"the part {label} was being scored each time a worker died, three times "
                    f"in a row ({self.progress()}). It may need more memory than a worker "
                    "has: give the workers more memory, or split the corpus into smaller "
                    "files (or Parquet row groups)."
                ) from None
            except CancelledError:
                # data sent to the workers (the lexicons, a chunk) dies with the last worker
                # holding it, and the parts waiting for it are cancelled: with no worker
                # left the run ends here, else the caller sends the data again
                self.check(wait=False)
                raise _Dropped(label) from None

    def check(self, wait: bool = True) -> None:
        """Raise :class:`ClusterError` past the deadline, without a connection, or when
        no worker has been seen for ``worker_wait`` seconds (at once unless ``wait``)."""
        now = time.monotonic()
        if self.deadline is not None and now > self.deadline:
            raise ClusterError(
                f"the run took longer than its timeout of {self.timeout:g} s on "
                f"{self.where} ({self.progress()}). Give more time, or more workers.")
        if self.client.status not in ("running", "connecting"):
            raise ClusterError(f"lost the connection to {self.where} ({self.progress()}). "
                               "Check that the scheduler still runs; run again.")
        try:
            workers = len(self.client.nthreads())
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"lost the connection to {self.where} ({_first_line(exc)}; "
                               f"{self.progress()}). Run again.") from None
        if workers:
            self.no_workers_since = None
            return
        if self.no_workers_since is None:
            self.no_workers_since = now
        waited = now - self.no_workers_since
        if not wait or waited > self.worker_wait:
            raise ClusterError(
                f"no Dask worker left on {self.where}"
                f"{f' for {waited:.0f} s' if wait else ''} (they died or never joined; "
                f"{self.progress()}). "
                "Start workers (dask worker <address>), or look at their logs for why they "
                "stopped (memory?).")


def _pieces(path: str | Path, kind: str | None, load_options: dict[str, Any],
            batch_size: int) -> tuple[list[Any] | None, Iterator[Any] | None]:
    """``(parts the workers read, None)`` or ``(None, corpus chunks read here)``."""
    from framing.corpus import corpus_parts, iter_corpus

    parts = corpus_parts(path, kind=kind, min_rows=batch_size, **load_options)
    if parts is not None:
        return parts, None
    return None, iter_corpus(path, chunksize=batch_size, kind=kind, **load_options)


def score_dask_to_folder(
    path: str | Path,
    folder: str | Path,
    lexicon: Any = "default",
    *,
    scheduler: str = "local",
    n_workers: int | None = None,
    timeout: float | None = None,
    connect_timeout: float = CONNECT_TIMEOUT,
    worker_wait: float = WORKER_WAIT,
    normalizer: Normalizer | None = None,
    weighted: bool = False,
    batch_size: int = 2000,
    progress: bool | None = None,
    on_part: Callable[[int, int | None], None] | None = None,
    kind: str | None = None,
    **load_options: Any,
) -> dict[str, Any]:
    """Score a corpus on a Dask cluster into ``counts.parquet``, ``hits.parquet`` and
    ``info.json`` of ``folder`` (an existing, empty folder), as the local engine's
    :func:`framing.score_to_folder` writes them; returns the provenance.

    Parameters are those of :func:`score_dask`. On any error the folder may hold
    partial tables: the caller removes it (no manifest is written unless complete).
    """
    from framing.cache import write_manifest
    from framing.corpus import CorpusError, regular_copy
    from framing.scoring import _check_jobs, _ParquetSink, _progress, matcher_set

    try:
        import distributed  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise ImportError("The dask engine needs dask and distributed: pip install "
                          "'framing-workbook[dask]'.") from exc
    if n_workers is not None:
        n_workers = _check_jobs(n_workers, "framing.score_dask (n_workers)")
    for name, value in (("timeout", timeout), ("connect_timeout", connect_timeout),
                        ("worker_wait", worker_wait)):
        if value is not None and (isinstance(value, bool) or not value > 0):
            raise ValueError(f"The '{name}' parameter of framing.score_dask must be a number "
                             f"of seconds above 0. Got {value!r} instead.")
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError("The 'batch_size' parameter of framing.score_dask must be a positive "
                         f"integer. Got {batch_size!r} instead.")
    started = time.monotonic()
    matchers = matcher_set(lexicon, normalizer)
    payload = _Lexicons(matchers.hash, dict(matchers.lexicons), dict(matchers.normalizers))
    folder = Path(folder)
    with regular_copy(path, kind, encoding=load_options.get("encoding")) as readable:
        streamed = str(readable) != str(path)
        if streamed:  # the copy is on this machine only: read it here
            from framing.corpus import iter_corpus

            parts, chunks = None, iter_corpus(readable, chunksize=batch_size, kind=kind,
                                              **load_options)
        else:
            parts, chunks = _pieces(readable, kind, load_options, batch_size)
        connect = connect_timeout if timeout is None else min(connect_timeout, timeout)
        client, cluster = _connect(scheduler, n_workers, connect)
        where = "the local cluster" if cluster is not None else f"the scheduler at {scheduler}"
        watch = _Watch(client, timeout, worker_wait, started, where)
        seen: dict[Any, str] = {}
        run = uuid.uuid4().hex[:12]
        pending: deque = deque()
        bar = None
        try:
            sink = _ParquetSink(matchers, weighted, folder)
            bar = _progress(None, len(parts) if parts is not None else None, progress)
            if bar is not None:
                bar.unit = "part"
                bar.set_description("scoring on dask", refresh=False)
            while not client.nthreads():  # scatter needs a worker to send the lexicons to
                watch.check()
                time.sleep(_POLL)
            shared = [client.scatter(payload, broadcast=True, hash=False)]
            options = dict(load_options)  # a part knows its reader: no kind
            if parts is not None:
                watch.total = len(parts)
                items: Iterator[Any] = iter(parts)
                window = len(parts)
            else:
                items = iter(chunks or ())
                window = 2 * max(len(client.nthreads()), 1) + 1
            counter = 0

            def submit(item: Any) -> Any:
                nonlocal counter
                data = item if parts is not None else client.scatter(item, hash=False)
                future = client.submit(_score_part, data, shared[0], options, weighted,
                                       batch_size, key=f"framing-part-{run}-{counter:06d}")
                counter += 1
                return future

            def fill() -> None:
                while len(pending) < window:
                    item = next(items, None)
                    if item is None:
                        return
                    if parts is None:  # reading the corpus here may take a while
                        watch.check()
                    label = (item.label if parts is not None
                             else f"documents {item.index[0] + 1}-{item.index[-1] + 1}"
                             if len(item) else "an empty chunk")
                    pending.append((submit(item), label, item))

            fill()
            resent = 0
            while pending:
                future, label, _ = pending[0]
                try:
                    ids, result, caught = watch.result(future, label)
                except _Dropped:
                    resent += 1
                    if resent > _RESENDS:
                        raise ClusterError(
                            f"{where} dropped the part {label} {_RESENDS + 1} times: the "
                            "workers holding the data sent for it kept dying or restarting "
                            f"({watch.progress()}). Look at the workers' logs for why they "
                            "stop (memory?).") from None
                    shared[0] = client.scatter(payload, broadcast=True, hash=False)
                    for k, (old, old_label, item) in enumerate(pending):
                        if old.status != "finished":
                            old.cancel()
                            pending[k] = (submit(item), old_label, item)
                    continue
                pending.popleft()
                for category, message in caught:
                    warnings.warn(message, category, stacklevel=3)
                for doc_id in ids:
                    if doc_id in seen:
                        raise CorpusError(
                            f"{path}: the doc_id {doc_id!r} is used in {seen[doc_id]} and in "
                            f"{label}. Each document needs its own id: correct the ids, or "
                            "name another id column with id_column=...")
                    seen[doc_id] = label
                sink.add(ids, result)
                future.release()
                watch.done += 1
                if bar is not None:
                    bar.update(1)
                if on_part is not None:
                    on_part(watch.done, watch.total)
                fill()
            watch.check()
        finally:
            for future, _, _ in pending:
                with suppress(Exception):
                    future.cancel()
            if bar is not None:
                bar.close()
            with suppress(Exception):
                client.close(timeout=5)
            if cluster is not None:
                with suppress(Exception):
                    cluster.close(timeout=10)
        info = sink.result()
    info = info | {"engine": "dask", "parts": watch.done}
    write_manifest(folder, None, info)
    return info


def score_dask(
    path: str | Path,
    lexicon: Any = "default",
    *,
    scheduler: str = "local",
    n_workers: int | None = None,
    timeout: float | None = None,
    connect_timeout: float = CONNECT_TIMEOUT,
    worker_wait: float = WORKER_WAIT,
    normalizer: Normalizer | None = None,
    weighted: bool = False,
    batch_size: int = 2000,
    progress: bool | None = None,
    on_part: Callable[[int, int | None], None] | None = None,
    kind: str | None = None,
    **load_options: Any,
) -> Scores:
    """Score a corpus on a Dask cluster; the result equals :func:`framing.score_path`'s.

    Parameters
    ----------
    path : str or Path
        Anything :func:`framing.load_corpus` reads (see the module docstring for
        how it is split among the workers).
    lexicon : default "default"
        As for :func:`framing.score`: a lexicon, a name, a matcher or a mapping
        by language.
    scheduler : str, default "local"
        ``"local"`` starts a LocalCluster of ``n_workers`` processes on this
        machine (default: one per core); otherwise the address of a running
        scheduler (``"tcp://10.0.0.5:8786"``), whose workers do the work.
    n_workers : int, optional
        Workers of the local cluster (-1: one per core); refused with a
        scheduler address.
    timeout : float, optional
        Seconds the whole run may take (default: no limit); then
        :class:`ClusterError`.
    connect_timeout : float, default 10
        Seconds to wait for the scheduler to answer.
    worker_wait : float, default 10
        Seconds the run waits while the scheduler has no worker at all.
    batch_size : int, default 2000
        Documents per chunk of a corpus read here, and per scoring batch
        on the workers; also the least rows of a Parquet part.
    progress : bool or None
        A progress bar of parts; None shows one only on a terminal.
    on_part : callable, optional
        Called as ``on_part(parts done, parts in all or None)`` after each
        part's results are in.
    kind, load_options
        How to read the corpus, as for :func:`framing.load_corpus`.

    Returns
    -------
    Scores
        ``provenance["engine"]`` is ``"dask"``; ``provenance["parts"]`` the
        number of parts.

    Raises
    ------
    ClusterError
        The cluster cannot finish the run (see the module docstring).
    CorpusError
        A reading error, with the same message the local engine gives.
    """
    import shutil

    from framing.scoring import read_scores, warn_unscored

    folder = Path(tempfile.mkdtemp(prefix="framing-dask-"))
    try:
        score_dask_to_folder(path, folder, lexicon, scheduler=scheduler, n_workers=n_workers,
                             timeout=timeout, connect_timeout=connect_timeout,
                             worker_wait=worker_wait, normalizer=normalizer, weighted=weighted,
                             batch_size=batch_size, progress=progress, on_part=on_part,
                             kind=kind, **load_options)
        scores = read_scores(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    scores.provenance["from_cache"] = False
    warn_unscored(scores.provenance)
    return scores
