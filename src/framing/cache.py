"""A cache of scoring results, keyed by what produced them.

Scoring a large corpus takes seconds to minutes; rerunning a report with the
same corpus and lexicon should not. A cache entry is a folder of Parquet
files named by a key that hashes the corpus files' bytes, the reading
options, the lexicon's content, the normaliser settings and the package
version, so changing any of them misses the cache instead of returning
stale counts.

The cache is never the reason a run fails or is wrong:

* every entry has a manifest (``info.json``) with the size, row count and
  SHA-256 of each table, and a checksum of its own; an entry is checked
  against it before use, and a damaged or incomplete one is a miss
  (a :class:`CacheWarning` says what was wrong) that is recomputed and
  replaced;
* entries are written into a private temporary folder inside the cache and
  published with one atomic rename, so readers never see half an entry; when
  several processes publish the same key, the first sound entry is kept;
* temporary folders of interrupted runs are removed by the run itself, and
  those of killed runs by a later run (when their process is gone, or after
  an hour);
* a cache that cannot be written (read-only, a file in the way, a full disk)
  means scoring without it, with a warning.

The cache folder is, in order: the ``FRAMING_CACHE_DIR`` environment
variable, ``$XDG_CACHE_HOME/framing``, or ``~/.cache/framing``. Setting
``FRAMING_NO_CACHE`` to anything but ``""`` or ``"0"`` turns the cache off
(:func:`cache_enabled`).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import socket
import tempfile
import time
import warnings
from pathlib import Path
from typing import IO, Any

import pandas as pd

__all__ = ["TABLES", "CacheError", "CacheWarning", "DamagedEntry", "UncheckedEntry", "cache_dir",
           "cache_enabled", "clear_cache", "corpus_fingerprint", "lookup", "new_work_folder",
           "open_verified", "publish", "read_manifest", "remove_work_folder", "scores_key",
           "store_scores", "sweep", "verify_entry", "write_manifest"]

MANIFEST = "info.json"
TABLES = ("counts.parquet", "hits.parquet")
FORMAT = 2  # manifest layout: format, key, provenance, files, checksum
TEMP_PREFIX = ".tmp-"
TRASH_PREFIX = ".trash-"
STALE_SECONDS = 3600.0  # a temporary folder untouched this long belongs to no live run
_BLOCK = 1 << 20


class CacheWarning(UserWarning):
    """Something was wrong with the cache and was worked around (said in one line)."""


class CacheError(ValueError):
    """A table no longer matches the checksum it was verified with (it changed on disk)."""


class DamagedEntry(Exception):
    """An entry that fails its checks; the message says which check."""


class UncheckedEntry(DamagedEntry):
    """An entry written without checksums (by an earlier version): it cannot be trusted."""


def cache_enabled() -> bool:
    """Whether scoring may read and write the cache (``FRAMING_NO_CACHE`` unset, ``""`` or
    ``"0"``); ``framing report --no-cache`` sets it so no notebook touches the cache."""
    return os.environ.get("FRAMING_NO_CACHE", "") in ("", "0")


def cache_dir() -> Path:
    """The folder holding cached results (see the module docstring)."""
    if os.environ.get("FRAMING_CACHE_DIR"):
        # "~/x" from a .env file or a quoted shell line is the home folder, not "./~/x"
        return Path(os.environ["FRAMING_CACHE_DIR"]).expanduser()
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
        from framing.corpus import missing_path

        raise FileNotFoundError(f"No corpus at {missing_path(path)}.")
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    if path.is_dir():  # a cache kept inside the corpus folder is not part of the corpus
        cache = os.path.realpath(cache_dir())
        files = [f for f in files if not (os.path.realpath(f) + os.sep).startswith(
            cache.rstrip(os.sep) + os.sep)]
    for file in files:
        name = file.relative_to(path).as_posix() if path.is_dir() else file.name
        digest.update(name.encode("utf-8") + b"\0")
        with file.open("rb") as fh:
            for block in iter(lambda: fh.read(_BLOCK), b""):
                digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()


def scores_key(corpus_hash: str, provenance: dict[str, Any], options: dict[str, Any]) -> str:
    """Cache key of one scoring run: corpus, lexicon, normaliser, options, version."""
    payload = json.dumps({"corpus": corpus_hash, "provenance": provenance,
                          "options": options}, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


# -- manifests and checks -------------------------------------------------------------

def _digest(fh: IO[bytes]) -> tuple[str, int]:
    """SHA-256 and size of what remains to be read from ``fh``."""
    digest, size = hashlib.sha256(), 0
    for block in iter(lambda: fh.read(_BLOCK), b""):
        digest.update(block)
        size += len(block)
    return digest.hexdigest(), size


def _body_checksum(body: dict[str, Any]) -> str:
    text = json.dumps({k: v for k, v in body.items() if k != "checksum"}, sort_keys=True,
                      default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _parquet_rows(source: Path | IO[bytes]) -> int:
    import pyarrow.parquet as pq

    return pq.read_metadata(source).num_rows


def write_manifest(folder: Path, key: str | None, provenance: dict[str, Any]) -> dict[str, Any]:
    """Write ``info.json`` of a folder of tables: the provenance, and the size, row count
    and SHA-256 of each table, so a later reader can tell a sound entry from a damaged one.

    Raises OSError when a table cannot be read back, or its row count disagrees with
    ``provenance["n_documents"]`` (the tables were not written completely).
    """
    files = {}
    for name in TABLES:
        with (folder / name).open("rb") as fh:
            sha256, size = _digest(fh)
        files[name] = {"size": size, "rows": _parquet_rows(folder / name), "sha256": sha256}
    expected = provenance.get("n_documents")
    if expected is not None and files["counts.parquet"]["rows"] != expected:
        raise OSError(f"{folder / 'counts.parquet'} has {files['counts.parquet']['rows']} "
                      f"rows after writing {expected} documents")
    body: dict[str, Any] = {"format": FORMAT, "key": key, "provenance": provenance,
                            "files": files}
    body["checksum"] = _body_checksum(body)
    (folder / MANIFEST).write_text(json.dumps(body, default=str, ensure_ascii=False),
                                   encoding="utf-8")
    return body


def read_manifest(folder: Path, key: str | None = None) -> dict[str, Any]:
    """The manifest of a folder of tables, checked for shape and its own checksum
    (and, given ``key``, that it belongs to that key); raises :class:`DamagedEntry`."""
    try:
        text = (folder / MANIFEST).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DamagedEntry(f"{MANIFEST} is missing") from None
    except PermissionError:
        raise  # the entry may be sound; this user just cannot read it
    except (OSError, UnicodeDecodeError) as exc:
        raise DamagedEntry(f"{MANIFEST} cannot be read: {exc}") from None
    try:
        body = json.loads(text)
    except ValueError as exc:
        raise DamagedEntry(f"{MANIFEST} is not valid JSON ({exc})") from None
    if not isinstance(body, dict):
        raise DamagedEntry(f"{MANIFEST} does not hold a JSON object")
    if "format" not in body and "framing_version" in body:
        raise UncheckedEntry(f"it was written without checksums by framing "
                             f"{body['framing_version']}")
    if body.get("format") != FORMAT:
        raise DamagedEntry(f"{MANIFEST} has no checksums of format {FORMAT}")
    if body.get("checksum") != _body_checksum(body):
        raise DamagedEntry(f"{MANIFEST} does not match its checksum")
    if key is not None and body.get("key") != key:
        raise DamagedEntry(f"{MANIFEST} belongs to key {body.get('key')!r}")
    files = body.get("files")
    if (not isinstance(body.get("provenance"), dict) or not isinstance(files, dict)
            or any(not isinstance(files.get(name), dict) for name in TABLES)):
        raise DamagedEntry(f"{MANIFEST} lacks the provenance or a table's checksum")
    return body


def _check_table(fh: IO[bytes], name: str, manifest: dict[str, Any]) -> None:
    """Raise :class:`DamagedEntry` unless the bytes of ``fh`` are the table the manifest
    describes (size, SHA-256, and row count in the Parquet footer)."""
    record = manifest["files"][name]
    sha256, size = _digest(fh)
    if size != record.get("size"):
        raise DamagedEntry(f"{name} has {size} bytes, not {record.get('size')} "
                           "(truncated or overwritten)")
    if sha256 != record.get("sha256"):
        raise DamagedEntry(f"{name} does not match its SHA-256 (bytes changed)")
    fh.seek(0)
    try:
        rows = _parquet_rows(fh)
    except Exception as exc:  # pyarrow raises several types for a bad footer
        raise DamagedEntry(f"{name} is not readable Parquet ({exc})") from None
    if rows != record.get("rows"):
        raise DamagedEntry(f"{name} has {rows} rows, not {record.get('rows')}")
    if name == "counts.parquet":
        expected = manifest["provenance"].get("n_documents")
        if expected is not None and rows != expected:
            raise DamagedEntry(f"{name} has {rows} rows for {expected} documents")


def verify_entry(entry: Path, key: str | None = None) -> dict[str, Any]:
    """Check every file of an entry against its manifest; returns the manifest or raises
    :class:`DamagedEntry` (a missing, truncated or altered file, or a bad manifest)."""
    if not entry.is_dir():
        raise DamagedEntry("it is not a folder")
    manifest = read_manifest(entry, key)
    for name in TABLES:
        try:
            with (entry / name).open("rb") as fh:
                _check_table(fh, name, manifest)
        except FileNotFoundError:
            raise DamagedEntry(f"{name} is missing") from None
        except PermissionError:
            raise
        except OSError as exc:
            raise DamagedEntry(f"{name} cannot be read ({exc})") from None
    return manifest


def open_verified(folder: Path, name: str, manifest: dict[str, Any] | None = None) -> IO[bytes]:
    """An open binary file of table ``name`` of ``folder``, positioned at its start, whose
    bytes were just checked against the manifest; what is read from it is what was checked
    (entries are replaced, never rewritten in place). Raises :class:`CacheError` if not."""
    try:
        manifest = manifest or read_manifest(folder)
        fh = (folder / name).open("rb")
    except (DamagedEntry, OSError) as exc:
        raise CacheError(f"Cannot use the scores in {folder}: {exc}. Run the command "
                         "again to recompute them.") from None
    try:
        _check_table(fh, name, manifest)
    except (DamagedEntry, OSError) as exc:
        fh.close()
        raise CacheError(f"{folder / name} changed after it was checked ({exc}). Run the "
                         "command again to recompute it.") from None
    fh.seek(0)
    return fh


# -- temporary folders, publishing and repair ------------------------------------------

def _host_tag() -> str:
    return hashlib.sha256(socket.gethostname().encode("utf-8")).hexdigest()[:8]


def new_work_folder(key: str, folder: Path | None = None) -> Path:
    """A new, private temporary folder in the cache to write the entry ``key`` into.

    Its name records the process and host, so a later run can tell when the
    process that made it is gone (:func:`sweep`). Raises OSError when the cache
    cannot be written.
    """
    root = folder or cache_dir()
    root.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{key}-{os.getpid()}-{_host_tag()}-",
                                 dir=root))


def remove_work_folder(work: Path) -> None:
    """Remove a temporary folder (or file), ignoring one that is already gone."""
    try:
        if work.is_dir() and not work.is_symlink():
            shutil.rmtree(work, ignore_errors=True)
        else:
            work.unlink(missing_ok=True)
    except OSError:
        pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True


def _newest_change(path: Path) -> float:
    try:
        stamps = [path.lstat().st_mtime]
        if path.is_dir() and not path.is_symlink():
            stamps += [child.lstat().st_mtime for child in path.iterdir()]
    except OSError:
        return 0.0
    return max(stamps)


def sweep(folder: Path | None = None, *, max_age: float = STALE_SECONDS) -> int:
    """Remove temporary folders left by killed runs: those of a process of this host that
    is gone, and those of other hosts (or older versions) untouched for ``max_age``
    seconds. Returns how many were removed; a folder that cannot be listed is left alone."""
    root = folder or cache_dir()
    try:
        names = [p for p in root.iterdir() if p.name.startswith((TEMP_PREFIX, TRASH_PREFIX))
                 or _is_legacy_temp(p.name)]
    except OSError:
        return 0
    host, now, removed = _host_tag(), time.time(), 0
    for path in names:
        parts = path.name.split("-")
        age = now - _newest_change(path)
        if len(parts) >= 5 and parts[2].isdigit() and parts[3] == host:
            # a process of this host: stale once it is gone (or after a day, were its
            # number reused)
            stale = not _alive(int(parts[2])) or age > max(max_age, 86400.0)
        else:
            stale = age > max_age
        if stale:
            remove_work_folder(path)
            removed += not path.exists()
    return removed


def _is_legacy_temp(name: str) -> bool:
    """Temporary folders of framing before 0.2.1: ``.<32 hex>-<random>``."""
    head = name[1:33]
    return (name.startswith(".") and len(name) > 34 and name[33] == "-"
            and all(c in "0123456789abcdef" for c in head))


def _discard(entry: Path, identity: tuple[int, int] | None) -> None:
    """Move a damaged entry out of the way and delete it, unless what is at ``entry`` is no
    longer the object that was found damaged (another process replaced it meanwhile)."""
    if identity is not None and _identity(entry) != identity:
        return
    try:
        trash = Path(tempfile.mkdtemp(
            prefix=f"{TRASH_PREFIX}{entry.name}-{os.getpid()}-{_host_tag()}-",
            dir=entry.parent))
    except OSError:
        return  # a cache that cannot be written keeps its damaged entry
    with contextlib.suppress(OSError):  # another process may have moved it first
        os.rename(entry, trash / "entry")
    remove_work_folder(trash)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.lstat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def lookup(key: str, folder: Path | None = None) -> Path | None:
    """The sound entry for ``key``, or None.

    A damaged entry warns (:class:`CacheWarning`), is removed where the cache can
    be written, and counts as a miss; so does a cache that cannot be read.
    """
    entry = (folder or cache_dir()) / key
    try:
        if not os.path.lexists(entry):
            return None
    except OSError:
        return None
    identity = _identity(entry)
    try:
        verify_entry(entry, key)
    except UncheckedEntry as exc:
        warnings.warn(f"cache entry {entry} cannot be checked ({exc}); recomputing it",
                      CacheWarning, stacklevel=3)
        _discard(entry, identity)
        return None
    except DamagedEntry as exc:
        warnings.warn(f"cache entry {entry} is damaged ({exc}); recomputing it",
                      CacheWarning, stacklevel=3)
        _discard(entry, identity)
        return None
    except OSError as exc:
        warnings.warn(f"cannot read the cache entry {entry} ({exc}); recomputing it",
                      CacheWarning, stacklevel=3)
        return None
    return entry


_TAKEN = (errno.EEXIST, errno.ENOTEMPTY, errno.ENOTDIR, errno.EISDIR)


def publish(work: Path, key: str, folder: Path | None = None) -> Path:
    """Move a finished folder into place as the entry ``key`` with one atomic rename.

    If another process published the key first, its entry is kept when sound
    (and ``work`` deleted); a damaged one is replaced. Raises OSError only when
    the cache cannot be written; ``work`` is then left for the caller.
    """
    entry = (folder or cache_dir()) / key
    for _ in range(8):
        try:
            os.rename(work, entry)
            return entry
        except OSError as exc:
            if exc.errno not in _TAKEN:
                raise
        identity = _identity(entry)
        try:
            verify_entry(entry, key)
        except DamagedEntry as exc:
            if identity is not None:  # gone meanwhile: simply try again
                warnings.warn(f"cache entry {entry} is damaged ({exc}); replacing it",
                              CacheWarning, stacklevel=3)
                _discard(entry, identity)
            continue
        except OSError:
            continue
        remove_work_folder(work)
        return entry
    raise OSError(errno.EBUSY, f"could not publish the cache entry {entry}: it kept changing")


def store_scores(key: str, scores: Any, folder: Path | None = None) -> Path:
    """Write a :class:`~framing.scoring.Scores` (``counts``, ``hits``, ``provenance``)
    under ``key``; returns the published entry (another process's, if it came first)."""
    root = folder or cache_dir()
    sweep(root)
    work = new_work_folder(key, root)
    try:
        scores.counts.to_parquet(work / "counts.parquet", index=False)
        scores.hits.to_parquet(work / "hits.parquet", index=False)
        write_manifest(work, key, dict(scores.provenance))
        return publish(work, key, root)
    finally:
        if work.exists():
            remove_work_folder(work)


def clear_cache(folder: Path | None = None) -> int:
    """Delete every cached entry, and temporary folders of runs that are gone; returns how
    many entries were removed."""
    root = folder or cache_dir()
    if not root.is_dir():
        return 0
    entries = [p for p in root.iterdir() if not p.name.startswith(".")]
    for entry in entries:
        remove_work_folder(entry)
    sweep(root)
    return len(entries)
