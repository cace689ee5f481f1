"""A cache of scoring results, keyed by what produced them.

Scoring a large corpus takes seconds to minutes; rerunning a report with the
same corpus and lexicon should not. A cache entry is a folder of Parquet
files named by a key that hashes the corpus files' bytes, the reading
options, the lexicon's content, the normaliser settings and the package
version, so changing any of them misses the cache instead of returning
stale counts.

The cache folder is, in order: the ``FRAMING_CACHE_DIR`` environment
variable, ``$XDG_CACHE_HOME/framing``, or ``~/.cache/framing``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["cache_dir", "clear_cache", "corpus_fingerprint", "entry_folder", "load_scores",
           "publish_entry", "read_entry", "scores_key", "store_scores"]


def cache_dir() -> Path:
    """The folder holding cached results (see the module docstring)."""
    if os.environ.get("FRAMING_CACHE_DIR"):
        return Path(os.environ["FRAMING_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "framing"


def corpus_fingerprint(path: str | Path) -> str:
    """SHA-256 of a corpus: of a file, of every file under a folder (names and bytes),
    or, for ``"sample"``, of the embedded sample's ids and texts."""
    if str(path) == "sample":
        from framing.corpus import load_sample

        sample = load_sample()
        values = pd.util.hash_pandas_object(sample[["doc_id", "text"]], index=False)
        return hashlib.sha256(values.to_numpy().tobytes()).hexdigest()
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"No corpus at {path}.")
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        name = file.relative_to(path).as_posix() if path.is_dir() else file.name
        digest.update(name.encode("utf-8") + b"\0")
        with file.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()


def scores_key(corpus_hash: str, provenance: dict[str, Any], options: dict[str, Any]) -> str:
    """Cache key of one scoring run: corpus, lexicon, normaliser, options, version."""
    payload = json.dumps({"corpus": corpus_hash, "provenance": provenance,
                          "options": options}, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def entry_folder(key: str, folder: Path | None = None) -> Path | None:
    """The complete cache entry for ``key``, or None."""
    entry = (folder or cache_dir()) / key
    complete = all((entry / name).is_file()
                   for name in ("info.json", "counts.parquet", "hits.parquet"))
    return entry if complete else None


def read_entry(entry: Path):
    """The :class:`~framing.scoring.Scores` stored in a folder of ``counts.parquet``,
    ``hits.parquet`` and ``info.json``."""
    from framing.scoring import Scores

    info = json.loads((entry / "info.json").read_text(encoding="utf-8"))
    counts = pd.read_parquet(entry / "counts.parquet")
    hits = pd.read_parquet(entry / "hits.parquet")
    counts.attrs = dict(info)
    hits.attrs = dict(info)
    return Scores(counts, hits, info)


def publish_entry(work: Path, key: str, folder: Path | None = None) -> Path:
    """Move a finished folder into place as the entry ``key`` (atomically: a reader never
    sees half an entry)."""
    root = folder or cache_dir()
    entry = root / key
    if entry.exists():
        shutil.rmtree(entry)
    work.rename(entry)
    return entry


def load_scores(key: str, folder: Path | None = None):
    """The cached :class:`~framing.scoring.Scores` for ``key``, or None."""
    entry = entry_folder(key, folder)
    if entry is None:
        return None
    try:
        return read_entry(entry)
    except (OSError, ValueError):
        return None  # a damaged entry is a miss; it is rewritten by the next store


def store_scores(key: str, scores, folder: Path | None = None) -> Path:
    """Write ``scores`` under ``key``."""
    root = folder or cache_dir()
    root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=root))
    try:
        scores.counts.to_parquet(work / "counts.parquet", index=False)
        scores.hits.to_parquet(work / "hits.parquet", index=False)
        (work / "info.json").write_text(json.dumps(scores.provenance, default=str),
                                        encoding="utf-8")
        return publish_entry(work, key, root)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)


def clear_cache(folder: Path | None = None) -> int:
    """Delete every cached entry; returns how many were removed."""
    root = folder or cache_dir()
    if not root.is_dir():
        return 0
    entries = [p for p in root.iterdir() if p.is_dir()]
    for entry in entries:
        shutil.rmtree(entry)
    return len(entries)
