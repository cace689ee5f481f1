"""Load a corpus from files into one table: the corpus table.

Every reader returns the same tidy table, one row per document:

==========  ================================  ==========================================
column      type                              meaning
==========  ================================  ==========================================
``doc_id``  string, unique, never missing     the document's id (see each reader)
``outlet``  string or <NA>                    the outlet that published it
``date``    ``datetime64[ns]``, NaT unknown   publication date (:mod:`framing.dates`)
``title``   string or <NA>                    headline
``text``    string, never missing             the article text, as decoded (may be "")
``url``     string or <NA>                    where it was published
...         as read                           any other metadata, under its own name
==========  ================================  ==========================================

The string columns have pandas' ``string`` dtype (Python storage, so long
texts are not copied). Blank outlet, title and url values are read as <NA>
(unknown); the text is kept exactly as decoded (a BOM removed), so an empty
article stays an empty string and is flagged, not dropped, by
:func:`framing.audit.audit`. Every record read is kept. Extra columns are
kept as the format gives them: text from CSV, TSV and Excel, Python objects
from JSON (None where a record lacks the field), Arrow types from Parquet. The
table's ``attrs`` record its ``source`` and the ``kind`` of reader.

Readers (``kind=``; guessed from the path when not given):

``"txt"``
    A folder of ``.txt`` files (or one ``.txt`` file): one document per
    file, ``doc_id`` = file name without ``.txt``, in file-name order. An
    optional ``manifest.csv`` in the folder gives metadata: a ``file`` (file
    name) or ``doc_id`` column, then ``outlet``, ``date``, ``title``, ``url``
    and any other columns. A manifest row naming a missing file is an error;
    files the manifest does not list get unknown metadata and a warning. An
    entry named ``.txt`` (or ``manifest.csv``) that is not a file that can be
    read (a dangling link, a loop of links, a folder, a pipe, a device) is an
    error naming it; links to files are read.
``"csv"``, ``"tsv"``
    One document per row (quoted cells may hold newlines). Cells are read as
    text; an empty text cell is an empty document.
``"xlsx"``
    An Excel workbook (``.xlsx`` or ``.xlsm``), read like a CSV table from
    its one sheet that holds data (a workbook with several such sheets is
    refused: save the sheet meant as its own workbook or as CSV). The header
    is the sheet's first row that holds a cell; cells are read as the text a
    CSV export would hold (a whole number ``1`` as ``"1"``), except that
    Excel date cells in the date column are dates. A formula gives the result
    saved with it; a formula saved without a result, or a failed one
    (``#REF!``...) in a column read as a corpus field, is an error naming the
    cell. Messages name rows as the spreadsheet shows them:
    ``sheet 'Articles', row 5`` (the header being row 1). Old ``.xls``,
    ``.xlsb`` and ``.ods`` files are not read: save them as ``.xlsx`` or CSV.
``"jsonl"``
    One JSON object per line (``.jsonl`` or ``.ndjson``; blank lines are skipped).
``"json"``
    A JSON array of objects (read whole: prefer JSON Lines for large corpora).
``"parquet"``
    A Parquet file, with its column types, or a folder of them: every
    ``.parquet`` file in it, in file-name order, one after the other. The
    files must have the same columns, in the same order, of the same types
    (an error names the first that differs); messages name rows as
    ``<file name>, row <n>``, counted within each file.
``"saudinewsnet"``
    A folder of daily ``.zip`` archives, each holding a JSON array of
    articles (the SaudiNewsNet layout), or one such ``.zip``, read without
    extracting. ``outlet`` is ``source``, ``date`` is ``date_extracted``,
    ``text`` is ``content``; ``title``, ``url`` and ``author`` are kept.
    ``doc_id`` is ``<zip name without .zip>-<index in its JSON array>``,
    zero-padded to five digits (``2015-07-21-00042``), so ids are stable.

For the table formats (CSV, TSV, Excel, JSON, JSON Lines, Parquet) the columns are
found by name: ``text``, ``doc_id``, ``date``, ``outlet``, ``title`` and
``url`` by default, or the names given with ``text_column=``, ``id_column=``
and so on (for SaudiNewsNet archives they replace its field names). A
column that would be hidden by a renamed one (a ``text`` column beside
``text_column="body"``) is an error. The text is required: a record without
it, or with null, is an error naming its line; a missing title, url, outlet
or date is <NA>/NaT. Ids come from the id column, where every row needs one
(in JSON, from ``doc_id`` when the first record has it); without one they
are the 1-based positions of the records, zero-padded to six digits:
``row-000001``, ``row-000002``... Messages name CSV rows (data rows, the
header not counted), Excel rows (as numbered in the sheet), JSON Lines lines
(every line counted) and JSON records.

Text encodings are recognised (UTF-8 with or without BOM, UTF-16, Windows-1256;
see :func:`read_text_file`) or given with ``encoding=``. A file that mixes
encodings (UTF-8 lines and Windows-1256 ones) is refused, naming the line,
rather than read whole one way as mojibake. Compressed files
(``.gz``, ``.bz2``, ``.xz``, ``.zst``, archives) are not read: the message says how to
decompress them or stream them into ``framing ... -``.

The string ``"sample"`` loads the five seed articles shipped with the package
(:func:`load_sample`).

Hostile or odd input is refused with a message, not read without bound:
a file or zip member read whole (a ``.json`` array, a ``.txt`` document, a
SaudiNewsNet member) may hold at most ``FRAMING_MAX_READ_BYTES``
(environment variable; default 1 GiB), a JSON Lines line and the text of
one document at most ``FRAMING_MAX_RECORD_BYTES`` characters (default 64 MiB:
news articles are far shorter, and scoring one text needs several times its
size in memory), and a zip
member whose declared size is over 100 times its compressed size (above
16 MiB) is refused as a likely zip bomb; the members of an Excel workbook are
checked so before it is opened. A corpus path that is not a regular
file or folder (a pipe, FIFO, ``/dev/stdin``, a device) is read only with
``kind=...``: then it is copied once to a temporary file, at most
``FRAMING_MAX_STREAM_BYTES`` (default 1 GiB), and read from there (see
:func:`regular_copy`). Document ids must not be empty or blank. JSON nested
too deeply to parse is refused, as are lists and objects where an id, outlet,
title or url belongs (they would be read as their Python text); a path too
long for the system is named.

Problems are reported with the file and the row, line or record, and what
to do: a missing path raises :class:`FileNotFoundError`, anything else
:class:`CorpusError` (a :class:`ValueError`).
"""

from __future__ import annotations

import codecs
import csv
import datetime
import errno
import io
import itertools
import json
import os
import re
import shlex
import shutil
import stat
import tempfile
import warnings
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO, Protocol

import numpy as np
import pandas as pd

from framing.dates import parse_dates
from framing.errors import CorpusError, CorpusWarning

__all__ = [
    "CORPUS_COLUMNS",
    "CORPUS_KINDS",
    "CorpusError",
    "CorpusPart",
    "CorpusWarning",
    "corpus_parts",
    "is_stream",
    "iter_corpus",
    "load_corpus",
    "load_sample",
    "read_part",
    "read_text_file",
    "regular_copy",
]

#: The fixed columns of a corpus table, in order; extra metadata follows them.
CORPUS_COLUMNS = ["doc_id", "outlet", "date", "title", "text", "url"]

#: The readers :func:`load_corpus` knows.
CORPUS_KINDS = ("txt", "csv", "tsv", "jsonl", "json", "parquet", "xlsx", "saudinewsnet")

_SUFFIX_KINDS = {
    ".txt": "txt",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".zip": "saudinewsnet",
}
_PARQUET_SUFFIXES = (".parquet", ".pq")
_SAUDINEWSNET_FIELDS = {"text": "content", "outlet": "source", "date": "date_extracted"}
_SNIFF_BYTES = 1 << 20
#: The longest file name most file systems allow, in bytes (for messages).
_NAME_MAX = 255
_MAX_LISTED = 10
_MANIFEST = "manifest.csv"
#: String columns hold Python str objects (no copy into Arrow and back for long texts).
_STRING = pd.StringDtype("python")
#: Default limits (bytes); the environment variables of the same names override them.
_LIMITS = {"FRAMING_MAX_READ_BYTES": 1 << 30, "FRAMING_MAX_STREAM_BYTES": 1 << 30,
           "FRAMING_MAX_RECORD_BYTES": 64 << 20}
#: An archive member larger than this whose size is over this many times its
#: compressed size is refused as a likely zip bomb.
_RATIO_FLOOR = 16 << 20
_MAX_RATIO = 100
_BLOCK = 1 << 20
_STREAM_SUFFIXES = {"csv": ".csv", "tsv": ".tsv", "jsonl": ".jsonl", "json": ".json",
                    "parquet": ".parquet", "xlsx": ".xlsx", "saudinewsnet": ".zip",
                    "txt": ".txt"}
#: Spreadsheet formats framing does not read, by suffix: what they are.
_OTHER_SPREADSHEETS = {".xls": "an old Excel 97-2003 workbook (.xls)",
                       ".xlsb": "an Excel binary workbook (.xlsb)",
                       ".ods": "an OpenDocument spreadsheet (.ods)",
                       ".numbers": "an Apple Numbers spreadsheet"}
#: Compressed files by suffix: (what, command that decompresses beside it, command that
#: writes the content to standard output, or None for an archive of several files).
_COMPRESSED = {".gz": ("gzip", "gunzip -k {f}", "gunzip -c {f}"),
               ".bz2": ("bzip2", "bunzip2 -k {f}", "bunzip2 -c {f}"),
               ".xz": ("xz", "unxz -k {f}", "xz -dc {f}"),
               ".zst": ("zstd", "unzstd {f}", "zstd -dc {f}"),
               ".7z": ("7-Zip", "7z x {f}", None),
               ".rar": ("RAR", "unrar x {f}", None),
               ".tgz": ("tar and gzip", "tar -xf {f}", None),
               ".tbz2": ("tar and bzip2", "tar -xf {f}", None),
               ".txz": ("tar and xz", "tar -xf {f}", None),
               ".tar": ("tar", "tar -xf {f}", None)}
#: The first bytes of compressed files (what _COMPRESSED calls them) and of zip archives.
_MAGIC = ((b"\x1f\x8b", ".gz"), (b"\xfd7zXZ\x00", ".xz"), (b"\x28\xb5\x2f\xfd", ".zst"),
          (b"7z\xbc\xaf\x27\x1c", ".7z"), (b"Rar!\x1a\x07", ".rar"))


class _Readable(Protocol):
    """What the txt reader needs of a folder or file: a Path or an importlib Traversable."""

    name: str

    def iterdir(self) -> Iterable[_Readable]: ...
    def is_file(self) -> bool: ...
    def read_bytes(self) -> bytes: ...
    def joinpath(self, *parts: str) -> _Readable: ...


@dataclass(frozen=True)
class _Options:
    encoding: str | None = None
    text_column: str | None = None
    id_column: str | None = None
    date_column: str | None = None
    outlet_column: str | None = None
    title_column: str | None = None
    url_column: str | None = None
    date_format: str | None = None
    dayfirst: bool = True
    on_bad_date: str = "error"

    def named(self) -> dict[str, str | None]:
        """The column names the user gave, by corpus field."""
        return {"text": self.text_column, "doc_id": self.id_column, "date": self.date_column,
                "outlet": self.outlet_column, "title": self.title_column,
                "url": self.url_column}


@dataclass
class _Raw:
    """A chunk as read, before it becomes a corpus table.

    ``columns`` maps corpus fields to columns of ``frame``; ``ids`` are used
    when no column gives the id; ``where`` locates each row for messages.
    """

    frame: pd.DataFrame
    where: list[str]
    columns: dict[str, str]
    options: _Options
    ids: list[str] | None = None
    extras: list[str] = field(default_factory=list)


# -- public API -----------------------------------------------------------------


def load_corpus(
    path: str | Path,
    *,
    kind: str | None = None,
    encoding: str | None = None,
    text_column: str | None = None,
    id_column: str | None = None,
    date_column: str | None = None,
    outlet_column: str | None = None,
    title_column: str | None = None,
    url_column: str | None = None,
    date_format: str | None = None,
    dayfirst: bool = True,
    on_bad_date: str = "error",
) -> pd.DataFrame:
    """Read a corpus into a corpus table (schema in the module docstring).

    Parameters
    ----------
    path : str or Path
        A folder of ``.txt`` files, a ``.csv``/``.tsv``/``.jsonl``/``.ndjson``/
        ``.json``/``.parquet``/``.xlsx``/``.xlsm`` file, a folder of Parquet
        files, a folder of SaudiNewsNet ``.zip`` files or one of them, or the
        string ``"sample"`` for the embedded sample.
    kind : {"txt", "csv", "tsv", "jsonl", "json", "parquet", "xlsx", "saudinewsnet"}, optional
        The reader, when the path does not tell it.
    encoding : str, optional
        The files' text encoding (Excel and Parquet files declare their own). By
        default UTF-8 (with or without BOM), UTF-16 and Windows-1256 Arabic are
        recognised (:func:`read_text_file`).
    text_column, id_column, date_column, outlet_column, title_column, url_column : str, optional
        The column (or JSON field, or manifest column) that holds each corpus
        field, when it is not named after it.
    date_format : str, optional
        A ``strftime`` format every date follows; otherwise the forms listed
        in :mod:`framing.dates` are read.
    dayfirst : bool
        Read ``02/10/2016`` as 2 October (True, the default) or 10 February.
    on_bad_date : {"error", "nat"}
        An unreadable date raises (default), or becomes NaT with a warning.

    Returns
    -------
    DataFrame
        The corpus table.

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    CorpusError
        For anything that cannot be read: the message names the file and row.

    See Also
    --------
    iter_corpus : the same table in chunks, for corpora larger than memory.
    framing.audit.audit : counts, empty and duplicate documents.

    Examples
    --------
    >>> corpus = load_corpus("sample")
    >>> corpus[["doc_id", "outlet"]].head(2)
                     doc_id        outlet
    0  000_618f82435d22ff3b  Buratha News
    1  001_bd2704263292804c  Egyptian news site
    """
    options = _make_options("load_corpus", encoding, text_column, id_column, date_column,
                            outlet_column, title_column, url_column, date_format, dayfirst,
                            on_bad_date)
    source, kind, chunks = _open(path, kind, options, chunksize=None, caller="load_corpus")
    tables = list(_tables(chunks, source))
    table = pd.concat(tables, ignore_index=True) if tables else _empty_table()
    table.attrs = {"source": source, "kind": kind}
    return table


def iter_corpus(
    path: str | Path,
    *,
    chunksize: int = 1000,
    kind: str | None = None,
    encoding: str | None = None,
    text_column: str | None = None,
    id_column: str | None = None,
    date_column: str | None = None,
    outlet_column: str | None = None,
    title_column: str | None = None,
    url_column: str | None = None,
    date_format: str | None = None,
    dayfirst: bool = True,
    on_bad_date: str = "error",
) -> Iterator[pd.DataFrame]:
    """Read a corpus in chunks of at most ``chunksize`` documents.

    Memory stays bounded by the chunk size (and, for SaudiNewsNet, by one
    daily archive; for an Excel workbook, by its shared strings, which hold
    its texts; a ``.json`` array is read whole). ``pd.concat`` of the
    chunks equals :func:`load_corpus`'s table; each chunk's index continues
    the previous one. Errors are raised when the chunk holding the problem
    is read, so chunks already handed out stay valid; duplicate ids are
    checked across chunks. With ``on_bad_date="nat"`` each chunk warns about
    its own unreadable dates.

    Parameters are those of :func:`load_corpus`, plus ``chunksize``.

    Yields
    ------
    DataFrame
        Corpus-table chunks.
    """
    if isinstance(chunksize, bool) or not isinstance(chunksize, int | np.integer) or chunksize < 1:
        raise ValueError(
            "The 'chunksize' parameter of framing.iter_corpus must be a positive integer. "
            f"Got {chunksize!r} instead."
        )
    options = _make_options("iter_corpus", encoding, text_column, id_column, date_column,
                            outlet_column, title_column, url_column, date_format, dayfirst,
                            on_bad_date)
    source, kind, chunks = _open(path, kind, options, chunksize=int(chunksize),
                                 caller="iter_corpus")
    return _with_attrs(_tables(chunks, source), source, kind)


def _with_attrs(tables: Iterator[pd.DataFrame], source: str, kind: str
                ) -> Iterator[pd.DataFrame]:
    for table in tables:
        table.attrs = {"source": source, "kind": kind}
        yield table


def load_sample() -> pd.DataFrame:
    """The embedded sample: five Arabic reports on the 2016 battle for Aleppo.

    Read from the package data (``framing/data/sample``), so it works in any
    installation. Outlets and dates come from the sample's manifest, with an
    extra ``alignment`` column (the outlet's general editorial line) and
    ``notes``.
    """
    return load_corpus("sample")


def read_text_file(path: str | Path, encoding: str | None = None) -> str:
    """The text of a file, decoded; the encoding is recognised when not given.

    Recognised without ``encoding``: UTF-8 with or without BOM; UTF-16 and
    UTF-32 with a BOM; UTF-16 without BOM (little or big endian, told apart
    by where its NUL bytes fall); Windows-1256 (cp1256), accepted when the
    bytes are not UTF-8 and decode to mostly Arabic letters. A BOM is not
    part of the returned text. Text that is UTF-8 up to a line in another
    encoding (or Windows-1256 with UTF-8 Arabic further on) is refused as
    mixing encodings, naming the line.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    CorpusError
        If the bytes cannot be decoded: names the file, the byte offset and
        suggests ``encoding=...``; if the path is not a regular file (a
        folder, a pipe, a device) or is too long.
    """
    path = Path(path)
    if not _exists(path):
        raise FileNotFoundError(f"No file {missing_path(path)}.")
    what = _not_regular(path)
    if what is not None:
        raise CorpusError(f"{path}: {what}, not a file of text. Give the path of a text file.")
    return _decode(_read_whole(path), str(path), encoding)


# -- parts a worker reads on its own (the Dask engine) -------------------------------


@dataclass(frozen=True)
class CorpusPart:
    """A piece of a corpus on disk that can be read apart from the rest.

    :func:`corpus_parts` splits a corpus into them and :func:`read_part`
    reads one, on any machine that sees the file at the same path, into the
    same table (ids, dates, index, error messages) that :func:`load_corpus`
    gives for those rows.
    """

    #: the reader: "parquet" or "saudinewsnet"
    kind: str
    #: the file it reads (an absolute path)
    file: str
    #: the corpus as the user named it (messages start with it, as load_corpus's do)
    source: str
    #: what the part is, for messages: a zip name, or a Parquet file and its row groups
    label: str
    #: Parquet row groups read (None: the whole file)
    row_groups: tuple[int, ...] | None = None
    #: rows of the same file before this part (row numbers in messages)
    first_row: int = 0
    #: documents of the corpus before this part (generated ids, index)
    offset: int = 0
    #: the start of each row's place in messages (a folder's file name)
    prefix: str = ""


def corpus_parts(path: str | Path, *, kind: str | None = None, min_rows: int = 1000,
                 **load_options: Any) -> list[CorpusPart] | None:
    """The parts of a corpus that can be read apart, or None when it is not splittable.

    SaudiNewsNet archives give one part per ``.zip``; a Parquet file one part
    per row group (consecutive row groups are joined until a part holds
    ``min_rows`` rows); a folder of Parquet files one part per file (a file's
    row groups are split the same way). Other kinds (CSV, TSV, Excel, JSON
    Lines, JSON, text folders, ``"sample"``, streams) are read in order by one
    reader, so they give None: read them with :func:`iter_corpus`.

    The parts' columns are checked here against ``load_options`` (a missing
    ``text_column``...), so such errors come before any part is read.
    """
    if isinstance(path, str) and path == "sample":
        return None
    path = Path(path)
    if not _exists(path):
        _open(path, kind, _options_from("corpus_parts", load_options), chunksize=1,
              caller="corpus_parts")  # raises the usual FileNotFoundError
    if _stream_kind(path) is not None:
        return None
    options = _options_from("corpus_parts", load_options)
    if kind is not None and kind not in CORPUS_KINDS:
        raise ValueError(
            f"The 'kind' parameter of framing.corpus_parts must be one of "
            f"{{{', '.join(repr(k) for k in CORPUS_KINDS)}}}. Got {kind!r} instead."
        )
    kind = kind or _guess_kind(path)
    source = str(path)
    if kind == "saudinewsnet":
        zips = (sorted((p for p in path.iterdir() if p.suffix.lower() == ".zip"),
                       key=lambda p: p.name) if path.is_dir() else [path])
        if not zips:
            raise CorpusError(f"{path} holds no .zip files, so it is not a SaudiNewsNet "
                              "folder.")
        return [CorpusPart("saudinewsnet", str(z.resolve()), source, z.name) for z in zips]
    if kind != "parquet":
        return None
    folder = path.is_dir()
    files = _parquet_files(path) if folder else [path]
    parts: list[CorpusPart] = []
    offset = 0
    for file in files:
        handle = _parquet_handle(file)
        names = handle.schema_arrow.names
        columns, _ = _resolve_columns(names, options, str(file))
        if columns["text"] not in names:
            raise CorpusError(f"{file}: no 'text' column. Name the column that holds the texts "
                              f"with text_column=... (columns: {', '.join(map(repr, names))}).")
        prefix = f"{file.name}, " if folder else ""
        meta = handle.metadata
        groups: list[int] = []
        rows = first = 0
        for k in range(meta.num_row_groups):
            groups.append(k)
            rows += meta.row_group(k).num_rows
            if rows >= min_rows or k == meta.num_row_groups - 1:
                span = (f"row group {groups[0]}" if len(groups) == 1
                        else f"row groups {groups[0]}-{groups[-1]}")
                parts.append(CorpusPart("parquet", str(file.resolve()), source,
                                        f"{file.name} ({span})", tuple(groups), first,
                                        offset, prefix))
                first += rows
                offset += rows
                groups, rows = [], 0
    return parts


def read_part(part: CorpusPart, **load_options: Any) -> pd.DataFrame:
    """The corpus table of one part (see :func:`corpus_parts`), read with ``load_options``
    (those of :func:`load_corpus`)."""
    options = _options_from("read_part", load_options)
    file = Path(part.file)
    if part.kind == "saudinewsnet":
        chunks = _saudinewsnet_chunks([file], options, None)
    elif part.kind == "parquet":
        chunks = _parquet_chunks(file, options, None, row_groups=part.row_groups,
                                 first_row=part.first_row, prefix=part.prefix)
    else:
        raise ValueError(f"read_part reads Parquet and SaudiNewsNet parts, not {part.kind!r}.")
    tables = list(_tables(chunks, part.source, part.offset))
    table = (pd.concat(tables) if len(tables) > 1 else tables[0] if tables
             else _empty_table())
    table.attrs = {"source": part.source, "kind": part.kind}
    return table


def _options_from(caller: str, load_options: dict[str, Any]) -> _Options:
    """The reading options of :func:`load_corpus` keywords (an unknown one is an error)."""
    known = ("encoding", "text_column", "id_column", "date_column", "outlet_column",
             "title_column", "url_column", "date_format", "dayfirst", "on_bad_date")
    unknown = [k for k in load_options if k not in known]
    if unknown:
        raise TypeError(f"framing.{caller} got unknown reading option(s) "
                        f"{', '.join(map(repr, unknown))}; known: {', '.join(known)}.")
    values = {"dayfirst": True, "on_bad_date": "error", **load_options}
    return _make_options(caller, *(values.get(k) for k in known))


# -- options and dispatch -------------------------------------------------------


def _make_options(caller: str, encoding, text_column, id_column, date_column, outlet_column,
                  title_column, url_column, date_format, dayfirst, on_bad_date) -> _Options:
    options = _Options(encoding, text_column, id_column, date_column, outlet_column,
                       title_column, url_column, date_format, dayfirst, on_bad_date)
    for name, value in (("encoding", encoding), ("date_format", date_format),
                        *((f"{k}_column" if k != "doc_id" else "id_column", v)
                          for k, v in options.named().items())):
        if value is not None and (not isinstance(value, str) or not value):
            raise TypeError(
                f"The '{name}' parameter of framing.{caller} must be a non-empty str or None. "
                f"Got {value!r} instead."
            )
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ValueError(
                f"The 'encoding' parameter of framing.{caller} names no known encoding: "
                f"{encoding!r}. Try 'utf-8', 'utf-16' or 'cp1256' (Windows Arabic)."
            ) from None
    if not isinstance(dayfirst, bool):
        raise TypeError(
            f"The 'dayfirst' parameter of framing.{caller} must be True or False. "
            f"Got {dayfirst!r} instead."
        )
    if on_bad_date not in ("error", "nat"):
        raise ValueError(
            f"The 'on_bad_date' parameter of framing.{caller} must be one of "
            f"{{'error', 'nat'}}. Got {on_bad_date!r} instead."
        )
    return options


def _open(path: str | Path, kind: str | None, options: _Options, *, chunksize: int | None,
          caller: str) -> tuple[str, str, Iterator[_Raw]]:
    """``(source name, kind, raw chunks)`` for a corpus path."""
    if kind is not None and kind not in CORPUS_KINDS:
        raise ValueError(
            f"The 'kind' parameter of framing.{caller} must be one of "
            f"{{{', '.join(repr(k) for k in CORPUS_KINDS)}}}. Got {kind!r} instead."
        )
    if isinstance(path, str) and path == "sample":
        if kind not in (None, "txt"):
            raise ValueError(f"'sample' is a folder of .txt files; kind={kind!r} does not apply.")
        folder = resources.files("framing") / "data" / "sample"
        return "sample", "txt", _txt_chunks(_txt_files(folder), folder.joinpath(_MANIFEST),
                                            options, chunksize, source="sample")
    if not isinstance(path, str | Path):
        raise TypeError(
            f"The 'path' parameter of framing.{caller} must be a str or Path. Got "
            f"{type(path).__name__} instead; a DataFrame is already a corpus table."
        )
    path = Path(path)
    if not _exists(path):
        raise FileNotFoundError(
            f"No corpus at {missing_path(path)}. Give a folder of .txt files, a .csv, .tsv, "
            ".jsonl, .json, .parquet or .xlsx file, a folder of SaudiNewsNet .zip files, or "
            "'sample'."
        )
    if _stream_kind(path) is not None:
        _check_stream(path, kind)
        return str(path), str(kind), _stream_chunks(path, str(kind), options, chunksize,
                                                    caller)
    kind = kind or _guess_kind(path)
    source = str(path)
    if kind in ("txt",):
        _refuse(options, ("text", "doc_id"), kind)
        if path.is_dir():
            files = _txt_files(path)
            if not files:
                raise CorpusError(f"{path} holds no .txt files. Pass kind=... for another format.")
            return source, kind, _txt_chunks(files, path / _MANIFEST, options, chunksize,
                                             source=source)
        return source, kind, _txt_chunks([path], None, options, chunksize, source=source)
    if path.is_dir() and kind not in ("saudinewsnet", "parquet"):
        raise CorpusError(f"{path} is a folder; kind={kind!r} reads a single file. Give the file.")
    if kind in ("csv", "tsv"):
        return source, kind, _csv_chunks(path, "," if kind == "csv" else "\t", options,
                                         chunksize)
    if kind == "jsonl":
        return source, kind, _jsonl_chunks(path, options, chunksize)
    if kind == "json":
        return source, kind, _json_chunks(path, options, chunksize)
    if kind == "xlsx":
        return source, kind, _xlsx_chunks(path, options, chunksize)
    if kind == "parquet":
        if path.is_dir():
            return source, kind, _parquet_folder_chunks(_parquet_files(path), options,
                                                        chunksize)
        return source, kind, _parquet_chunks(path, options, chunksize)
    zips = (sorted((p for p in path.iterdir() if p.suffix.lower() == ".zip"),
                   key=lambda p: p.name) if path.is_dir() else [path])
    if not zips:
        raise CorpusError(f"{path} holds no .zip files, so it is not a SaudiNewsNet folder.")
    return source, kind, _saudinewsnet_chunks(zips, options, chunksize)


def _limit(name: str) -> int:
    """A size limit in bytes: the environment variable ``name``, or its default."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return _LIMITS[name]
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise ValueError(f"The environment variable {name} must be a positive number of "
                         f"bytes; got {value!r}. Unset it for the default ({_LIMITS[name]}).")
    return number


def _size_text(n: int) -> str:
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{n} bytes"


def _stream_kind(path: Path) -> str | None:
    """What a path is when it is neither a regular file nor a folder (a pipe...), else None."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "not a regular file"


def _check_stream(path: Path | str, kind: str | None) -> None:
    what = "standard input" if str(path) == "-" else f"{path} is {_stream_kind(Path(path))}"
    if kind is None:
        raise CorpusError(
            f"{what}, not a file: its format cannot be told and it can be read only once. "
            "Pass kind=... (on the command line --kind, e.g. --kind jsonl) to read it as a "
            "stream, or save it to a file first."
        )
    if kind == "txt":
        raise CorpusError(f"{what}: kind='txt' reads files by name. Save the text to a .txt "
                          "file, or pass another kind (csv, tsv, jsonl, json, parquet, xlsx).")
    if kind not in CORPUS_KINDS:
        raise ValueError(f"kind={kind!r} is not one of {', '.join(map(repr, CORPUS_KINDS))}.")


def _spool(reader: BinaryIO, name: str, kind: str, target: Path,
           encoding: str | None) -> None:
    """Copy a stream once into ``target``, refusing more than FRAMING_MAX_STREAM_BYTES.

    The first block of a text format is checked for a readable encoding, so
    that a binary device (``/dev/zero``) is refused at once, not after the limit.
    """
    limit = _limit("FRAMING_MAX_STREAM_BYTES")
    sniff = encoding is None and kind in ("csv", "tsv", "jsonl", "json")
    total = 0
    with target.open("wb") as out:
        while block := reader.read(_BLOCK):
            if total == 0 and sniff and _detect_encoding(block, complete=False) is None:
                raise _undecodable(block, name)
            total += len(block)
            if total > limit:
                raise CorpusError(
                    f"{name}: more than {_size_text(limit)} came through the stream, the "
                    "limit for a corpus read from a pipe or device. Save the corpus to a "
                    "file and give its path, or raise FRAMING_MAX_STREAM_BYTES (bytes)."
                )
            out.write(block)
    if total == 0:
        raise CorpusError(f"{name}: nothing came through the stream (no documents). Check the "
                          "command that feeds it.")


def _exists(path: Path) -> bool:
    """Whether ``path`` exists; a path the system refuses to look up (too long...) is a
    CorpusError saying so, not a bare OSError."""
    try:
        return path.exists()
    except OSError as exc:
        text = str(path)
        shown = text if len(text) <= 80 else f"{text[:60]}... ({len(text)} characters)"
        if exc.errno == errno.ENAMETOOLONG:
            raise CorpusError(
                f"{shown}: the path is too long for the system (or one of its names is: at most "
                f"{_NAME_MAX} bytes a name is usual). Shorten it: rename or move the corpus."
            ) from None
        raise CorpusError(f"{shown}: cannot look the path up ({exc.strerror or exc}). Check the "
                          "path and its folders' permissions.") from None


def _not_regular(path: Path) -> str | None:
    """What ``path`` is when it cannot be read as a file (a dangling link, a link loop, a
    folder, a pipe, a device...), else None. Links to regular files are regular."""
    link = path.is_symlink()
    target = ""
    if link:
        try:
            target = os.readlink(path)
        except OSError as exc:
            return f"a symbolic link that cannot be read ({exc.strerror or exc})"
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if link and exc.errno == errno.ELOOP:
            return f"a symbolic link to {target}, in a loop of links"
        if link and exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return f"a symbolic link to {target}, which does not exist"
        return f"cannot be looked up ({exc.strerror or exc})"
    if stat.S_ISREG(mode):
        return None
    what = ("a folder" if stat.S_ISDIR(mode) else "a pipe (FIFO)" if stat.S_ISFIFO(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
    return f"a symbolic link to {target}, {what}" if link else what


def missing_path(path: str | Path) -> str:
    """``path`` as an error names it when it does not exist: a symbolic link that leads
    nowhere says so (``exists`` is False for it too, and the name alone looks present)."""
    path = Path(path)
    if not path.is_symlink():
        return str(path)
    try:
        target = os.readlink(path)
    except OSError:
        return f"{path} (a symbolic link that cannot be read)"
    try:
        path.resolve(strict=True)
    except RuntimeError:
        return f"{path} (a symbolic link in a loop of links)"
    except OSError:
        pass
    return f"{path} (a symbolic link to {target}, which does not exist)"


def is_stream(path: str | Path) -> bool:
    """Whether a corpus argument is read once: ``"-"`` (standard input), a pipe, FIFO or
    device; :func:`regular_copy` copies such a corpus to a file first."""
    return str(path) == "-" or _stream_kind(Path(path)) is not None


@contextmanager
def regular_copy(path: str | Path, kind: str | None, *, encoding: str | None = None
                 ) -> Iterator[str | Path]:
    """A path that can be read more than once: ``path`` itself, or a copy of a stream.

    A regular file, a folder or ``"sample"`` is yielded as it is. A pipe,
    FIFO, ``/dev/stdin``, device or ``"-"`` (standard input) needs ``kind``;
    it is read exactly once into a temporary file (at most
    ``FRAMING_MAX_STREAM_BYTES``), whose path is yielded and which is removed
    afterwards. Messages of :class:`CorpusError` raised inside name the
    stream, not the copy. Use it when a corpus is read twice (fingerprint,
    then scoring).
    """
    if isinstance(path, str) and path == "sample":
        yield path
        return
    if not is_stream(path):
        yield path
        return
    _check_stream(path, kind)
    name = "standard input" if str(path) == "-" else str(path)
    folder = Path(tempfile.mkdtemp(prefix="framing-stream-"))
    copy = folder / f"stream{_STREAM_SUFFIXES[str(kind)]}"
    try:
        try:
            if str(path) == "-":
                import sys

                _spool(sys.stdin.buffer, name, str(kind), copy, encoding)
            else:
                with open(path, "rb") as reader:
                    _spool(reader, name, str(kind), copy, encoding)
        except OSError as exc:
            raise CorpusError(f"{name}: cannot read the stream ({exc.strerror or exc}).") \
                from None
        try:
            yield copy
        except CorpusError as exc:
            raise CorpusError(str(exc).replace(str(copy), name)) from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _stream_chunks(path: Path, kind: str, options: _Options, chunksize: int | None,
                   caller: str) -> Iterator[_Raw]:
    """The chunks of a stream, read once into a temporary copy (see :func:`regular_copy`)."""
    with regular_copy(path, kind, encoding=options.encoding) as copy:
        _, _, chunks = _open(copy, kind, options, chunksize=chunksize, caller=caller)
        yield from chunks


def _guess_kind(path: Path) -> str:
    if path.is_dir():
        entries = [p for p in path.iterdir() if p.is_file()]
        found = {kind: any(p.suffix.lower() in suffixes for p in entries)
                 for kind, suffixes in (("txt", (".txt",)), ("saudinewsnet", (".zip",)),
                                        ("parquet", _PARQUET_SUFFIXES))}
        kinds = [kind for kind, present in found.items() if present]
        if len(kinds) > 1:
            raise CorpusError(
                f"{path} holds files of several kinds ({', '.join(kinds)}). Pass "
                f"kind={kinds[0]!r} or kind={kinds[1]!r}, or keep one kind per folder."
            )
        if kinds:
            return kinds[0]
        if any(p.name.lower().endswith(".txt") for p in path.iterdir()):
            _txt_files(path)  # .txt entries, none a file: says what they are
        raise CorpusError(
            f"{path} holds no .txt files and no .zip archives (nor .parquet files). Give a "
            "folder of .txt files (with an optional manifest.csv), a folder of SaudiNewsNet "
            ".zip files, a folder of Parquet files, or a file."
        )
    suffix = path.suffix.lower()
    if suffix in _COMPRESSED:
        raise _compressed_error(path, suffix)
    if suffix in _OTHER_SPREADSHEETS:
        raise CorpusError(f"{path} is {_OTHER_SPREADSHEETS[suffix]}, which framing does not "
                          f"read: open it in Excel or LibreOffice and {_SAVE_AS} (one article "
                          "per row, under a header row naming the columns).")
    kind = _SUFFIX_KINDS.get(suffix)
    if kind is None:
        raise CorpusError(
            f"Cannot tell the format of {path} from its extension {path.suffix!r}. Pass kind= "
            f"one of {', '.join(repr(k) for k in CORPUS_KINDS)}."
        )
    return kind


def _compressed_error(path: Path, suffix: str) -> CorpusError:
    """What to do with a compressed file: decompress it, or stream it into ``framing -``."""
    what, unpack, to_stdout = _COMPRESSED[suffix]
    name = shlex.quote(str(path))
    inner = Path(path.name[: -len(suffix)]).suffix.lower()
    if to_stdout is None or inner == ".tar":
        kind = "an archive" if to_stdout is None else "a compressed archive"
        return CorpusError(f"{path} is {kind} ({'tar and ' if inner == '.tar' else ''}{what}): "
                           f"framing does not read archives; extract it "
                           f"({'tar -xf ' + name if inner == '.tar' else unpack.format(f=name)})"
                           " and give the file or folder it holds.")
    inner_kind = _SUFFIX_KINDS.get(inner)
    kind = inner_kind or "KIND"
    hint = "" if inner_kind else " (KIND: the format of the file inside: csv, jsonl...)"
    return CorpusError(
        f"{path} is compressed ({what}): framing does not read compressed files; decompress it "
        f"({unpack.format(f=name)}) or stream it: {to_stdout.format(f=name)} | framing score - "
        f"--kind {kind} ...{hint}")


def _refuse(options: _Options, fields: Sequence[str], kind: str) -> None:
    for name in fields:
        if options.named()[name] is not None:
            option = "id_column" if name == "doc_id" else f"{name}_column"
            raise ValueError(
                f"The '{option}' parameter does not apply to kind={kind!r}: the {name} of "
                "each document comes from its file. Leave it out."
            )


# -- from raw chunks to corpus tables ---------------------------------------------


def _tables(chunks: Iterator[_Raw], source: str, offset: int = 0) -> Iterator[pd.DataFrame]:
    """Corpus tables from raw chunks, with ids checked for uniqueness across chunks;
    ``offset`` is the number of documents before the first chunk (generated ids, index)."""
    seen: dict[str, str] = {}
    for raw in chunks:
        table = _standardise(raw, source, offset)
        _check_new_ids(table["doc_id"], raw.where, seen, source)
        offset += len(table)
        yield table


def _standardise(raw: _Raw, source: str, offset: int) -> pd.DataFrame:
    frame, where, columns = raw.frame, raw.where, raw.columns
    n = len(frame)
    text_col = columns["text"]
    text = frame[text_col] if text_col in frame.columns else pd.Series([None] * n, dtype=object)
    missing = text.isna().to_numpy()
    if missing.any():
        _fail_rows(f"{source}: no text in field {text_col!r} for", missing, where,
                   f"Every document needs a text (it may be empty). Give it, or name the text "
                   f"field with text_column=... (fields: {_field_list(frame)}).")
    texts = text.tolist()
    not_str = [i for i, t in enumerate(texts) if not isinstance(t, str)]
    if not_str:
        mask = np.zeros(n, dtype=bool)
        mask[not_str] = True
        _fail_rows(f"{source}: field {text_col!r} is not a string in", mask, where,
                   "The text must be a string.")
    limit = _limit("FRAMING_MAX_RECORD_BYTES")
    too_long = np.fromiter((len(t) > limit for t in texts), dtype=bool, count=n)
    if too_long.any():
        _fail_rows(f"{source}: a text longer than {_size_text(limit)} characters (the limit "
                   "for one document) in", too_long, where,
                   "Split it into articles, or raise FRAMING_MAX_RECORD_BYTES.")
    out: dict[str, Any] = {}
    if "doc_id" in columns:
        id_col = columns["doc_id"]
        values = frame[id_col] if id_col in frame.columns else pd.Series([None] * n)
        absent = values.isna().to_numpy()
        if absent.any():
            _fail_rows(f"{source}: no id in field {id_col!r} for", absent, where,
                       "Give every document an id, or none at all (then ids are generated).")
        _refuse_nested(values.tolist(), id_col, "id_column", where, source,
                       "an id (a string or number)")
        ids = [_id_text(v) for v in values.tolist()]
        blank = np.array([not i.strip() for i in ids], dtype=bool)
        if blank.any():
            _fail_rows(f"{source}: empty or blank id in field {id_col!r} for", blank, where,
                       "Give every document a non-empty id, or none at all (then ids are "
                       "generated).")
    else:
        ids = raw.ids if raw.ids is not None else [
            f"row-{offset + i + 1:06d}" for i in range(n)]
    out["doc_id"] = pd.array(ids, dtype=_STRING)
    for name in ("outlet", "title", "url"):
        out[name] = _string_field(frame, columns.get(name), n, where, source, name)
    out["date"] = _date_field(frame, columns.get("date"), where, source, raw.options)
    out["text"] = pd.array(texts, dtype=_STRING)
    out = {name: out[name] for name in CORPUS_COLUMNS}
    index = pd.RangeIndex(offset, offset + n)
    table = pd.DataFrame(out, index=index)
    if not raw.extras:
        return table
    # all extra columns joined at once: adding them one by one takes time quadratic in
    # their number (a 10,000-column CSV took minutes)
    extras = frame[raw.extras].set_axis(index)
    return pd.concat([table, extras], axis=1)


def _string_field(frame: pd.DataFrame, column: str | None, n: int, where: list[str],
                  source: str, name: str) -> Any:
    """The corpus field ``name`` (outlet, title, url) read from ``column``: text, blank as NA."""
    if column is None or column not in frame.columns:
        return pd.array([None] * n, dtype=_STRING)
    values = frame[column].tolist()
    _refuse_nested(values, column, f"{name}_column", where, source, "a string")
    return pd.array([_blank_to_none(v) for v in values], dtype=_STRING)


#: Values that are a list or mapping (JSON arrays and objects, Parquet lists and structs).
_NESTED = (dict, list, tuple, set, np.ndarray)


def _refuse_nested(values: list[Any], column: str, option: str, where: list[str],
                   source: str, wanted: str) -> None:
    """Refuse lists and objects in a field read as text: written as their Python repr
    (``"{'x': 1}"``) they would pass for an id or an outlet without a word."""
    nested = np.fromiter((isinstance(v, _NESTED) for v in values), dtype=bool,
                         count=len(values))
    if nested.any():
        _fail_rows(f"{source}: field {column!r} holds a list or object, not {wanted}, in",
                   nested, where, f"The field must hold {wanted}: correct those records, or "
                   f"read another field with {option}=... (--{option.replace('_', '-')}).")


def _date_field(frame: pd.DataFrame, column: str | None, where: list[str], source: str,
                options: _Options) -> np.ndarray:
    if column is None or column not in frame.columns:
        return np.full(len(frame), np.datetime64("NaT"), dtype="datetime64[ns]")
    parsed = parse_dates(frame[column], source=source, rows=where, dayfirst=options.dayfirst,
                         date_format=options.date_format, on_bad_date=options.on_bad_date)
    return parsed.to_numpy(dtype="datetime64[ns]")


def _blank_to_none(value: Any) -> str | None:
    if value is None or (not isinstance(value, str) and _is_na(value)):
        return None
    text = value if isinstance(value, str) else str(value)
    return text if text.strip() else None


def _is_na(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _id_text(value: Any) -> str:
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def _check_new_ids(ids: pd.Series, where: list[str], seen: dict[str, str], source: str) -> None:
    problems: dict[str, list[str]] = {}
    for doc_id, place in zip(ids.tolist(), where, strict=True):
        if doc_id in seen:
            problems.setdefault(doc_id, [seen[doc_id]]).append(place)
        else:
            seen[doc_id] = place
    if problems:
        listed = [f"{doc_id!r} ({', '.join(places)})"
                  for doc_id, places in list(problems.items())[:_MAX_LISTED]]
        more = (f" and {len(problems) - _MAX_LISTED} more" if len(problems) > _MAX_LISTED
                else "")
        raise CorpusError(
            f"{source}: {len(problems)} doc_id value(s) are used more than once: "
            f"{'; '.join(listed)}{more}. Each document needs its own id: correct the ids, "
            "or name another id column with id_column=..."
        )


def _fail_rows(head: str, mask: np.ndarray, where: list[str], advice: str) -> None:
    positions = np.flatnonzero(mask)
    listed = ", ".join(where[i] for i in positions[:_MAX_LISTED])
    more = f" and {len(positions) - _MAX_LISTED} more" if len(positions) > _MAX_LISTED else ""
    raise CorpusError(f"{head} {listed}{more}. {advice}")


def _field_list(frame: pd.DataFrame) -> str:
    return ", ".join(repr(c) for c in frame.columns) or "none"


def _empty_table() -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": pd.array([], dtype=_STRING),
        "outlet": pd.array([], dtype=_STRING),
        "date": np.array([], dtype="datetime64[ns]"),
        "title": pd.array([], dtype=_STRING),
        "text": pd.array([], dtype=_STRING),
        "url": pd.array([], dtype=_STRING),
    })


def _resolve_columns(available: Sequence[str], options: _Options, source: str
                     ) -> tuple[dict[str, str], list[str]]:
    """Corpus field → source column, and the extra columns kept as they are.

    Names given by the user must exist; otherwise a field is read from the
    column of its own name when there is one (the text always is). A column
    that carries a field's name but is not read as that field would be
    hidden by it: that is an error.
    """
    available = list(available)
    columns: dict[str, str] = {}
    for name, given in options.named().items():
        if given is not None:
            if given not in available:
                option = "id_column" if name == "doc_id" else f"{name}_column"
                raise CorpusError(
                    f"{source}: no column {given!r} ({option}={given!r}). Columns: "
                    f"{', '.join(map(repr, available)) or 'none'}."
                )
            columns[name] = given
        elif name == "text" or name in available:
            columns[name] = name
    used = set(columns.values())
    for name in CORPUS_COLUMNS:
        if name in available and name not in used:
            raise CorpusError(
                f"{source}: the column {name!r} would be replaced by "
                f"{columns.get(name, 'a generated value')!r}. Rename one of them."
            )
    extras = [c for c in available if c not in used]
    return columns, extras


def _raw(frame: pd.DataFrame, where: list[str], columns: dict[str, str], extras: list[str],
         options: _Options, ids: list[str] | None = None) -> _Raw:
    return _Raw(frame.reset_index(drop=True), where, columns, options, ids, extras)


# -- text decoding ----------------------------------------------------------------


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _detect_encoding(data: bytes, *, complete: bool = True) -> str | None:
    """The encoding of ``data``, or None when it cannot be told without guessing.

    ``complete=False`` means ``data`` is the start of a longer file, so a
    character cut at its end is not an error.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    if b"\x00" in data:
        return _utf16_without_bom(data)
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if not complete and exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return "utf-8"
        if _utf8_before(data, exc.start):
            return None  # UTF-8, then other bytes: _undecodable says the file mixes encodings
    if _looks_like_cp1256(data):
        # Windows-1256 decodes any bytes: UTF-8 Arabic further on would become mojibake
        return "cp1256" if _UTF8_ARABIC.search(data) is None else None
    return None


#: Multi-byte UTF-8 characters before the first invalid byte that show the text is UTF-8
#: (Windows-1256 Arabic is almost never valid UTF-8 for more than a character or two).
_UTF8_EVIDENCE = 5
#: The lead byte of a multi-byte UTF-8 character.
_UTF8_LEAD = re.compile(rb"[\xc2-\xf4]")
#: A word of four Arabic letters in UTF-8; in Windows-1256 these bytes would be ط or ظ
#: each followed by a symbol (€, ‰, ©...): never text.
_UTF8_ARABIC = re.compile(rb"(?:[\xd8\xd9][\x80-\xbf]){4}")


def _utf8_before(data: bytes, end: int) -> bool:
    """Whether ``data[:end]`` (valid UTF-8) holds real multi-byte UTF-8 text: then bytes that
    are not UTF-8 after it are a second encoding, not a reason to read it all as another."""
    found = _UTF8_LEAD.finditer(data, 0, end)
    return len(list(itertools.islice(found, _UTF8_EVIDENCE))) >= _UTF8_EVIDENCE


def _mixed_encoding_error(data: bytes, source: str, start: int,
                          utf8_at: int | None = None) -> CorpusError:
    """The error for text that is UTF-8 up to ``start`` and then holds a byte that is not;
    or, with ``utf8_at``, text that is not UTF-8 at ``start`` but holds UTF-8 Arabic at
    ``utf8_at``, later."""
    line = data.count(b"\n", 0, start) + 1
    if utf8_at is not None:
        later = data.count(b"\n", 0, utf8_at) + 1
        return CorpusError(
            f"{source}: mixes encodings: byte 0x{data[start]:02x} at offset {start} (line "
            f"{line}) is not valid UTF-8 and reads as Windows-1256 Arabic, but line {later} "
            f"(offset {utf8_at}) holds UTF-8 Arabic, which would be read as garbage. Re-save "
            "the file as UTF-8 throughout, or pass the encoding to read the whole file with, "
            "encoding=... (--encoding), for example 'cp1256'."
        )
    return CorpusError(
        f"{source}: mixes encodings: it is UTF-8 up to line {line}, where byte "
        f"0x{data[start]:02x} at offset {start} is not valid UTF-8 (text from another encoding, "
        "such as Windows-1256, pasted in?). Nothing was read. Re-save that line (or the whole "
        "file) as UTF-8, or pass the encoding to read the whole file with, encoding=... "
        "(--encoding), for example 'cp1256'."
    )


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 LE or BE told by its NUL bytes: ASCII characters have a NUL high byte.

    The high bytes must also be few values: NUL for ASCII and one or two for
    the script (0x06 for Arabic). A stray NUL in UTF-8 text, whose every other
    byte is anything, is not UTF-16 (read so, the text became CJK characters).
    """
    def high_bytes_of_one_script(high: bytes) -> bool:
        common = Counter(high).most_common(2)
        return sum(n for _, n in common) >= 0.9 * max(len(high), 1)

    even, odd = data[0::2].count(0), data[1::2].count(0)
    candidates = []
    if odd > 3 * even and high_bytes_of_one_script(data[1::2]):
        candidates.append("utf-16-le")
    if even > 3 * odd and high_bytes_of_one_script(data[0::2]):
        candidates.append("utf-16-be")
    for name in candidates:
        try:
            data[: len(data) // 2 * 2].decode(name)
        except UnicodeDecodeError:
            continue
        return name
    return None


def _looks_like_cp1256(data: bytes) -> bool:
    sample = data[:65536].decode("cp1256")
    letters = [ch for ch in sample if ch.isalpha()]
    arabic = sum(1 for ch in letters if "\u0600" <= ch <= "\u06ff")
    return bool(letters) and arabic / len(letters) >= 0.5


def _decode(data: bytes, source: str, encoding: str | None) -> str:
    if encoding is None:
        encoding = _detect_encoding(data)
        if encoding is None:
            raise _undecodable(data, source)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise CorpusError(
            f"{source}: not valid {encoding}: byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start} ({exc.reason}). Pass the file's encoding with encoding=... (for "
            "example 'utf-8', 'utf-16' or 'cp1256' for Windows Arabic)."
        ) from None
    except LookupError:
        raise CorpusError(f"{source}: unknown encoding {encoding!r}. Try 'utf-8', 'utf-16' or "
                          "'cp1256' (Windows Arabic).") from None
    return text[1:] if text.startswith("\ufeff") else text


def _undecodable(data: bytes, source: str) -> CorpusError:
    binary = _binary_format(data, source)
    if binary is not None:
        return binary
    if b"\x00" in data:
        position = data.index(b"\x00")
        rest = data.replace(b"\x00", b"")
        try:
            rest.decode("utf-8")
            stray = rest.strip() != b"" and data.count(0) <= len(data) // 10
        except UnicodeDecodeError:
            stray = False
        if stray:  # UTF-8 with a few NULs (a damaged export, a binary field pasted in)
            line = data.count(b"\n", 0, position) + 1
            return CorpusError(
                f"{source}: UTF-8 text with {data.count(0)} NUL byte(s), the first on line "
                f"{line} (offset {position}); a NUL does not belong in text. Remove them (for "
                "example: tr -d '\\000' < file > cleaned), or pass encoding='utf-8' "
                "(--encoding utf-8) to read the text with them.")
        return CorpusError(
            f"{source}: cannot tell the encoding: NUL byte at offset {position}, but "
            "not in the pattern of UTF-16 text; is it a binary file? If it is text, pass "
            "encoding=... (for example 'utf-16-le' or 'utf-16-be')."
        )
    try:
        data.decode("utf-8")
        position, byte = len(data), None
    except UnicodeDecodeError as exc:
        position, byte = exc.start, data[exc.start]
        if _utf8_before(data, position):
            return _mixed_encoding_error(data, source, position)
        run = _UTF8_ARABIC.search(data)
        if run is not None and _looks_like_cp1256(data):
            return _mixed_encoding_error(data, source, position, run.start())
    shown = f"byte 0x{byte:02x}" if byte is not None else "a byte"
    return CorpusError(
        f"{source}: cannot decode the file: {shown} at offset {position} is not "
        "valid UTF-8, and the text does not read as Windows-1256 Arabic or UTF-16. Pass its "
        "encoding with encoding=... (for example 'cp1256', 'utf-16' or 'latin-1')."
    )


def _binary_format(data: bytes, source: str) -> CorpusError | None:
    """The error for bytes that are a known binary format rather than text, else None."""
    for magic, suffix in _MAGIC:
        if data.startswith(magic):
            what, _, to_stdout = _COMPRESSED[suffix]
            how = (f"decompress it first, or stream it: {to_stdout.format(f='FILE')} | "
                   "framing score - --kind KIND ..." if to_stdout else "extract it first")
            return CorpusError(f"{source}: compressed ({what}), not text: framing does not read "
                               f"compressed files; {how}.")
    if data.startswith(b"BZh") and data[4:10] == b"1AY&SY":
        return CorpusError(f"{source}: compressed (bzip2), not text: framing does not read "
                           "compressed files; decompress it first, or stream it: bunzip2 -c "
                           "FILE | framing score - --kind KIND ...")
    if data.startswith(b"PK\x03\x04"):
        return CorpusError(f"{source}: a zip archive, not text. An Excel workbook is read with "
                           "kind='xlsx' (--kind xlsx), SaudiNewsNet archives with "
                           "kind='saudinewsnet'; extract other zips first.")
    if data.startswith(_OLE_MAGIC):
        return CorpusError(f"{source}: an old Excel 97-2003 (.xls) or encrypted workbook, not "
                           f"text. Open it in Excel or LibreOffice and {_SAVE_AS}.")
    return None


def _sniff_encoding(path: Path, encoding: str | None) -> str:
    """The encoding to stream ``path`` with: given, or recognised from its first megabyte."""
    if encoding is not None:
        return encoding
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
        complete = not handle.read(1)
    found = _detect_encoding(head, complete=complete)
    if found is None:
        raise _undecodable(head, str(path))
    return found


def _decode_error(path: Path, encoding: str) -> CorpusError:
    """The error for a file that failed to decode while streaming: finds the byte offset."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    position = 0
    lines = 0
    ascii_lines = codecs.lookup(encoding).name not in ("utf-16", "utf-16-le", "utf-16-be",
                                                       "utf-32", "utf-32-le", "utf-32-be")
    with path.open("rb") as handle:
        while block := handle.read(_SNIFF_BYTES):
            pending = decoder.getstate()[0]
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                offset = position - len(pending) + exc.start
                lines += (pending + block)[: exc.start].count(b"\n")
                line = f" (line {lines + 1})" if ascii_lines else ""
                return CorpusError(
                    f"{path}: not valid {encoding}: byte 0x{(pending + block)[exc.start]:02x} at "
                    f"offset {offset}{line}. Pass the file's encoding with encoding=... "
                    "(for example 'utf-8', 'utf-16' or 'cp1256' for Windows Arabic)."
                )
            lines += block.count(b"\n")
            position += len(block)
    return CorpusError(f"{path}: ends inside a character, so it is not valid {encoding} (it "
                       "may be truncated). Pass the file's encoding with encoding=...")


# -- txt folders --------------------------------------------------------------------


def _txt_files(folder: _Readable) -> list[_Readable]:
    """The ``.txt`` files of a folder (a Path or a packaged Traversable), by name.

    An entry named ``.txt`` that is not a readable file (a dangling link, a link
    loop, a folder, a pipe, a device) is an error: skipped, its document would be
    missing from the counts without a word.
    """
    entries = [f for f in folder.iterdir() if f.name.lower().endswith(".txt")]
    if isinstance(folder, Path):
        bad = [(f, what) for f in sorted(entries, key=lambda f: f.name)
               if isinstance(f, Path) and (what := _not_regular(f)) is not None]
        if bad:
            listed = "; ".join(f"{f.name} ({what})" for f, what in bad[:_MAX_LISTED])
            more = f"; and {len(bad) - _MAX_LISTED} more" if len(bad) > _MAX_LISTED else ""
            raise CorpusError(
                f"{folder}: {len(bad)} .txt entr{'y is' if len(bad) == 1 else 'ies are'} not "
                f"a file that can be read: {listed}{more}. Every .txt entry is read as one "
                "document: remove these, or fix them (point the links at the files, rename the "
                "folders, copy the text into regular files).")
    else:
        entries = [f for f in entries if f.is_file()]
    return sorted(entries, key=lambda f: f.name)


def _txt_chunks(files: Sequence[_Readable], manifest: _Readable | None, options: _Options,
                chunksize: int | None, *, source: str) -> Iterator[_Raw]:
    stems = [f.name[: -len(".txt")] if f.name.lower().endswith(".txt") else f.name
             for f in files]
    # a manifest.csv that is there but no file (a dangling link, a folder) is an error, not
    # a corpus without metadata
    present = (manifest.is_symlink() or manifest.exists() if isinstance(manifest, Path)
               else manifest is not None and manifest.is_file())
    if present:
        meta, columns, extras = _read_manifest(manifest, files, stems, options, source)
    else:
        _refuse_without_manifest(options, source)
        meta, columns, extras = None, {"text": "text"}, []
    step = chunksize or max(len(files), 1)
    for start in range(0, len(files), step):
        batch = files[start:start + step]
        frame = (meta.iloc[start:start + step].copy() if meta is not None
                 else pd.DataFrame(index=range(len(batch))))
        frame = frame.reset_index(drop=True)
        frame["text"] = [_decode(_read_whole(f), str(f), options.encoding) for f in batch]
        yield _raw(frame, [f.name for f in batch], columns, extras, options,
                   ids=stems[start:start + step])


def _refuse_without_manifest(options: _Options, source: str) -> None:
    for name in ("outlet", "date", "title", "url"):
        if options.named()[name] is not None:
            raise CorpusError(
                f"{source}: {name}_column={options.named()[name]!r} names a manifest column, "
                f"but there is no {_MANIFEST} beside the .txt files."
            )


def _read_manifest(manifest: _Readable, files: Sequence[_Readable], stems: list[str],
                   options: _Options, source: str
                   ) -> tuple[pd.DataFrame, dict[str, str], list[str]]:
    """Manifest metadata aligned with ``files``, the field → column map and the extras."""
    where = f"{source}/{_MANIFEST}"
    if isinstance(manifest, Path) and (what := _not_regular(manifest)) is not None:
        raise CorpusError(f"{where}: {what}, not a file that can be read. Remove it, or make it "
                          "the CSV table of the files' metadata.")
    text = _decode(_read_whole(manifest), where, options.encoding)
    try:
        _check_header(next(csv.reader(io.StringIO(text)), []), where)
        table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error) as exc:
        raise CorpusError(f"{where}: not a readable CSV table ({exc}).") from None
    rows = [f"{_MANIFEST} row {i + 1}" for i in range(len(table))]
    if "text" in table.columns:
        raise CorpusError(f"{where}: has a 'text' column, but the texts come from the .txt "
                          "files. Rename or remove that column.")
    if "file" in table.columns:
        keys = table["file"]
        key_kind = "file"
        names = [f.name for f in files]
    elif "doc_id" in table.columns:
        keys = table["doc_id"]
        key_kind = "doc_id"
        names = stems
    else:
        raise CorpusError(f"{where}: needs a 'file' column (the .txt file names) or a 'doc_id' "
                          "column (file names without .txt).")
    keys = keys.fillna("").str.strip()
    blank = (keys == "").to_numpy()
    if blank.any():
        _fail_rows(f"{where}: no {key_kind} in", blank, rows, f"Give the {key_kind} of each row.")
    dupes = keys.duplicated(keep=False).to_numpy()
    if dupes.any():
        _fail_rows(f"{where}: {key_kind} listed twice in", dupes, rows,
                   "List each file once.")
    if key_kind == "file" and "doc_id" in table.columns:
        file_stems = keys.str.replace(r"\.txt$", "", regex=True, case=False)
        differs = (table["doc_id"].fillna("") != file_stems).to_numpy()
        if differs.any():
            _fail_rows(f"{where}: doc_id is not the file name without .txt in", differs, rows,
                       "Correct the doc_id column or remove it.")
    present = set(names)
    missing = ~keys.isin(present).to_numpy()
    if missing.any():
        listed = [f"{rows[i]}: {keys.iloc[i]!r}" for i in np.flatnonzero(missing)[:_MAX_LISTED]]
        raise CorpusError(
            f"{where}: {int(missing.sum())} row(s) name files that are not in the folder: "
            f"{'; '.join(listed)}. Add the files or remove the rows."
        )
    listed_names = set(keys)
    unlisted = [f.name for f, n in zip(files, names, strict=True) if n not in listed_names]
    if unlisted:
        shown = ", ".join(unlisted[:_MAX_LISTED])
        more = f" and {len(unlisted) - _MAX_LISTED} more" if len(unlisted) > _MAX_LISTED else ""
        warnings.warn(
            f"{where}: {len(unlisted)} file(s) are not in the manifest and get unknown outlet, "
            f"date, title and url: {shown}{more}.",
            CorpusWarning,
            stacklevel=4,
        )
    available = [c for c in table.columns if c not in ("file", "doc_id")]
    columns, extras = _resolve_columns(["text", *available], options, where)
    if "date" in columns:
        table[columns["date"]] = parse_dates(
            table[columns["date"]], source=where, rows=rows, dayfirst=options.dayfirst,
            date_format=options.date_format, on_bad_date=options.on_bad_date,
        )
    aligned = table.set_index(keys.to_numpy()).reindex(names)[available]
    return aligned.reset_index(drop=True), columns, extras


# -- CSV and TSV --------------------------------------------------------------------


def _csv_chunks(path: Path, sep: str, options: _Options, chunksize: int | None
                ) -> Iterator[_Raw]:
    encoding = _sniff_encoding(path, options.encoding)
    columns: dict[str, str] | None = None
    extras: list[str] = []
    row = 0
    for frame in _csv_frames(path, sep, encoding, chunksize):
        if columns is None:
            columns, extras = _resolve_columns(list(frame.columns), options, str(path))
            if columns["text"] not in frame.columns:
                raise CorpusError(
                    f"{path}: no 'text' column. Name the column that holds the texts with "
                    f"text_column=... (columns: {_field_list(frame)})."
                )
        frame[columns["text"]] = frame[columns["text"]].fillna("")
        where = [f"row {row + i + 1}" for i in range(len(frame))]
        row += len(frame)
        yield _raw(frame, where, columns, extras, options)


def _check_header(names: list[str], source: str) -> None:
    """Refuse a header naming one column twice: pandas would rename the second
    (``text.1``) and one of the two would be read without a word said."""
    seen: set[str] = set()
    twice = [n for n in names if n.strip() in seen or seen.add(n.strip())]
    if twice:
        raise CorpusError(f"{source}: the header names the column(s) "
                          f"{', '.join(repr(n) for n in dict.fromkeys(twice))} more than once; "
                          "give each column its own name.")


def _csv_frames(path: Path, sep: str, encoding: str, chunksize: int | None
                ) -> Iterator[pd.DataFrame]:
    """The file's rows as DataFrames of strings (empty cells NA), whole or in chunks."""
    read = dict(sep=sep, dtype=str, keep_default_na=False, na_values=[""], encoding=encoding)
    try:
        with path.open(encoding=encoding, newline="") as fh:
            _check_header(next(csv.reader(fh, delimiter=sep), []), str(path))
        if chunksize is None:
            yield pd.read_csv(path, **read)
        else:
            with pd.read_csv(path, chunksize=chunksize, **read) as reader:
                yield from reader
    except UnicodeDecodeError:
        raise _decode_error(path, encoding) from None
    except pd.errors.EmptyDataError:
        raise CorpusError(f"{path}: the file is empty; a header row is needed.") from None
    except pd.errors.ParserError as exc:
        raise CorpusError(f"{path}: not a readable table ({exc}). Cells holding the separator, "
                          "quotes or line breaks must be in double quotes.") from None


# -- JSON and JSON Lines -----------------------------------------------------------------


def _jsonl_chunks(path: Path, options: _Options, chunksize: int | None) -> Iterator[_Raw]:
    encoding = _sniff_encoding(path, options.encoding)
    plan: _RecordPlan | None = None
    records: list[Any] = []
    where: list[str] = []
    try:
        with path.open(encoding=encoding, newline=None) as handle:
            for number, line in enumerate(_bounded_lines(handle, path), start=1):
                if number == 1 and line.startswith("\ufeff"):
                    line = line[1:]
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise CorpusError(
                        f"{path}, line {number}: not valid JSON ({exc.msg}, column {exc.colno}). "
                        "Each line must hold one JSON object."
                    ) from None
                except RecursionError:
                    raise _too_deep(f"{path}, line {number}") from None
                records.append(record)
                where.append(f"line {number}")
                if chunksize and len(records) == chunksize:
                    plan = plan or _RecordPlan.start(records, where, options, str(path))
                    yield plan.chunk(records, where)
                    records, where = [], []
    except UnicodeDecodeError:
        raise _decode_error(path, encoding) from None
    if records or plan is None:
        plan = plan or _RecordPlan.start(records, where, options, str(path))
        if records:
            yield plan.chunk(records, where)


def _too_deep(where: str) -> CorpusError:
    """The error for JSON whose arrays and objects are nested deeper than Python can parse."""
    return CorpusError(
        f"{where}: JSON nested too deeply (arrays or objects inside one another, beyond what "
        "can be read); is the file damaged, or not a corpus? A document is an object such as "
        "{\"doc_id\": ..., \"text\": ...}: remove or flatten the deep nesting."
    )


def _bounded_lines(handle: io.TextIOBase, path: Path) -> Iterator[str]:
    """The lines of a text file, refusing one longer than FRAMING_MAX_RECORD_BYTES characters."""
    limit = _limit("FRAMING_MAX_RECORD_BYTES")
    number = 0
    while line := handle.readline(limit + 1):
        number += 1
        if len(line) > limit:
            raise CorpusError(
                f"{path}, line {number}: longer than {_size_text(limit)} characters, the limit "
                "for one JSON Lines record (is the file one huge line, not JSON Lines?). Split "
                "the records one per line, or raise FRAMING_MAX_RECORD_BYTES."
            )
        yield line


def _json_chunks(path: Path, options: _Options, chunksize: int | None) -> Iterator[_Raw]:
    raw = _read_whole(path)
    if not raw.strip():
        raise CorpusError(f"{path}: the file is empty, so there are no documents. It should "
                          "hold a JSON array of objects, one per document.")
    try:
        text = _decode(raw, str(path), options.encoding)
        del raw
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CorpusError(f"{path}: not valid JSON ({exc.msg}, line {exc.lineno}, column "
                          f"{exc.colno}).") from None
    except RecursionError:
        raise _too_deep(str(path)) from None
    except MemoryError:
        raise _too_big_for_memory(str(path), path.stat().st_size) from None
    del text
    if not isinstance(data, list):
        raise CorpusError(f"{path}: expected a JSON array of objects (one per document), got "
                          f"a {type(data).__name__}. For one object per line use .jsonl.")
    where = [f"record {i + 1}" for i in range(len(data))]
    if not data:
        return
    plan = _RecordPlan.start(data, where, options, str(path))
    step = chunksize or len(data)
    for start in range(0, len(data), step):
        yield plan.chunk(data[start:start + step], where[start:start + step])


@dataclass
class _RecordPlan:
    """How the fields of JSON records become corpus fields, fixed by the first record.

    Ids come from ``id_column``, else from a ``doc_id`` field if the first
    record has one (then every record needs it); else they are generated
    (by row number, or by the reader when ``reader_ids``).
    """

    source: str
    options: _Options
    columns: dict[str, str]
    id_field: str | None
    reader_ids: bool

    @classmethod
    def start(cls, records: list[Any], where: list[str], options: _Options, source: str, *,
              defaults: dict[str, str] | None = None, reader_ids: bool = False) -> _RecordPlan:
        _check_objects(records, where, source)
        defaults = {**{name: name for name in CORPUS_COLUMNS}, **(defaults or {})}
        columns = {name: given or defaults[name] for name, given in options.named().items()
                   if name != "doc_id"}
        id_field = options.id_column
        if id_field is None and not reader_ids and records and "doc_id" in records[0]:
            id_field = "doc_id"
        return cls(source, options, columns, id_field, reader_ids)

    def chunk(self, records: list[Any], where: list[str], ids: list[str] | None = None
              ) -> _Raw:
        _check_objects(records, where, self.source)
        frame = _records_frame(records)
        text_field = self.columns["text"]
        absent = np.array([text_field not in r for r in records], dtype=bool)
        if absent.any():
            _fail_rows(f"{self.source}: no field {text_field!r} in", absent, where,
                       f"Every record needs its text (it may be empty). If the text is under "
                       f"another name, pass text_column=... (fields of the first record: "
                       f"{', '.join(map(repr, records[0])) or 'none'}).")
        columns = {name: col for name, col in self.columns.items()
                   if col in frame.columns or name == "text"}
        if self.id_field is not None:
            absent = np.array([r.get(self.id_field) is None for r in records], dtype=bool)
            if absent.any():
                _fail_rows(f"{self.source}: no {self.id_field!r} in", absent, where,
                           "Give every record an id, or none (then ids are generated).")
            columns["doc_id"] = self.id_field
        elif "doc_id" in frame.columns:
            has = np.array(["doc_id" in r for r in records], dtype=bool)
            advice = ("Ids are made from the archive name and position; pass id_column="
                      "'doc_id' to use the field instead." if self.reader_ids else
                      "The first record has none, so ids are generated. Give every record a "
                      "doc_id, or none.")
            _fail_rows(f"{self.source}: a 'doc_id' field in", has, where, advice)
        used = set(columns.values())
        for name in CORPUS_COLUMNS:
            if name in frame.columns and name not in used:
                raise CorpusError(
                    f"{self.source}: the field {name!r} would be replaced by "
                    f"{columns.get(name, 'a generated value')!r}. Rename one of them."
                )
        extras = [c for c in frame.columns if c not in used]
        return _raw(frame, where, columns, extras, self.options, ids=ids)


def _records_frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    """Records as a frame of object columns (fields in order of first appearance).

    Values stay the Python objects JSON gave (a missing field is None), so
    that a field's column is the same whether it is read whole or in chunks.
    """
    fields: dict[str, None] = {}
    for record in records:
        fields.update(dict.fromkeys(record))
    data = {}
    for name in fields:
        column = np.empty(len(records), dtype=object)
        column[:] = [record.get(name) for record in records]
        data[name] = pd.Series(column, dtype=object)  # no conversion to Arrow strings
    return pd.DataFrame(data, index=pd.RangeIndex(len(records)))


def _check_objects(records: list[Any], where: list[str], source: str) -> None:
    bad = np.array([not isinstance(r, dict) for r in records], dtype=bool)
    if bad.any():
        _fail_rows(f"{source}: not a JSON object in", bad, where,
                   "Each document must be an object such as {\"doc_id\": ..., \"text\": ...}.")


# -- Parquet --------------------------------------------------------------------------


def _parquet_handle(path: Path) -> Any:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise CorpusError(f"{path}: not a readable Parquet file ({exc}).") from None


def _parquet_chunks(path: Path, options: _Options, chunksize: int | None, *,
                    row_groups: Sequence[int] | None = None, first_row: int = 0,
                    prefix: str = "") -> Iterator[_Raw]:
    """The chunks of one Parquet file (of ``row_groups`` only, when given, whose first row
    is row ``first_row + 1`` of the file); ``prefix`` starts each row's place in messages
    (the file name, for a file of a folder)."""
    import pyarrow as pa

    handle = _parquet_handle(path)
    names = handle.schema_arrow.names
    columns, extras = _resolve_columns(names, options, str(path))
    if columns["text"] not in names:
        raise CorpusError(f"{path}: no 'text' column. Name the column that holds the texts "
                          f"with text_column=... (columns: {', '.join(map(repr, names))}).")
    row = first_row
    if row_groups is not None:
        batches = (handle.iter_batches(batch_size=chunksize, row_groups=list(row_groups))
                   if chunksize else iter([handle.read_row_groups(list(row_groups))]))
    else:
        batches = (handle.iter_batches(batch_size=chunksize) if chunksize
                   else iter([handle.read()]))
    try:
        for batch in batches:
            frame = batch.to_pandas()
            where = [f"{prefix}row {row + i + 1}" for i in range(len(frame))]
            row += len(frame)
            yield _raw(frame, where, columns, extras, options)
    except pa.ArrowException as exc:
        raise CorpusError(f"{path}: cannot read row {row + 1} onwards ({exc}).") from None


def _parquet_files(folder: Path) -> list[Path]:
    """The ``.parquet`` files of a folder, in name order, checked to share one schema.

    Every file is opened (its footer only) before any row is read, so a file
    whose columns differ stops the run before scoring starts.
    """
    files = sorted((p for p in folder.iterdir()
                    if p.is_file() and p.suffix.lower() in _PARQUET_SUFFIXES),
                   key=lambda p: p.name)
    if not files:
        raise CorpusError(f"{folder} holds no .parquet files. Give a folder of Parquet files, "
                          "or pass another kind.")
    first = _parquet_handle(files[0]).schema_arrow
    expected = [(f.name, _plain_type(f.type)) for f in first]
    for file in files[1:]:
        schema = _parquet_handle(file).schema_arrow
        found = [(f.name, _plain_type(f.type)) for f in schema]
        if found != expected:
            raise CorpusError(
                f"{file}: its columns differ from those of {files[0].name}, the first file of "
                f"{folder} ({_schema_difference(expected, found)}). Every Parquet file of a "
                "corpus folder needs the same columns, in the same order, of the same types: "
                "rewrite it, or move it out of the folder."
            )
    return files


def _plain_type(arrow_type: Any) -> str:
    """An Arrow type for schema comparison: string, large_string and string_view alike."""
    text = str(arrow_type)
    return {"large_string": "string", "string_view": "string", "large_binary": "binary",
            "binary_view": "binary"}.get(text, text)


def _schema_difference(expected: list[tuple[str, str]], found: list[tuple[str, str]]) -> str:
    names, other = [n for n, _ in expected], [n for n, _ in found]
    missing = [n for n in names if n not in other]
    extra = [n for n in other if n not in names]
    parts = []
    if missing:
        parts.append(f"lacks {', '.join(map(repr, missing))}")
    if extra:
        parts.append(f"has {', '.join(map(repr, extra))} besides")
    if not parts:
        types = dict(expected)
        changed = [f"{n!r} is {t}, not {types[n]}" for n, t in found if types.get(n) != t]
        parts.append("; ".join(changed) if changed else
                     f"column order {', '.join(other)} instead of {', '.join(names)}")
    return "; ".join(parts)


def _parquet_folder_chunks(files: Sequence[Path], options: _Options, chunksize: int | None
                           ) -> Iterator[_Raw]:
    for file in files:
        yield from _parquet_chunks(file, options, chunksize, prefix=f"{file.name}, ")


# -- SaudiNewsNet zips --------------------------------------------------------------------


def _saudinewsnet_chunks(zips: Sequence[Path], options: _Options, chunksize: int | None
                         ) -> Iterator[_Raw]:
    for archive in zips:
        for label, id_prefix, records in _zip_members(archive, options):
            where = [f"{label}[{i}]" for i in range(len(records))]
            ids = [f"{id_prefix}-{i:05d}" for i in range(len(records))]
            if not records:
                continue
            plan = _RecordPlan.start(records, where, options, label,
                                     defaults=_SAUDINEWSNET_FIELDS, reader_ids=True)
            step = chunksize or len(records)
            for start in range(0, len(records), step):
                stop = start + step
                yield plan.chunk(records[start:stop], where[start:stop],
                                 None if options.id_column else ids[start:stop])


def _decode_member(data: bytes, label: str, encoding: str | None) -> str:
    if encoding is None:
        try:  # the usual case, decoded once instead of detected then decoded
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return _decode(data, label, None)
        return text[1:] if text.startswith("\ufeff") else text
    return _decode(data, label, encoding)


def _too_big_for_memory(label: str, size: int) -> CorpusError:
    return CorpusError(f"{label}: out of memory reading its {_size_text(size)} as one JSON "
                       "document. Split it into smaller files (or JSON Lines), or run where "
                       "more memory is available.")


def _read_at_most(handle: BinaryIO, most: int) -> bytes:
    """Up to ``most`` bytes of an open file, read in blocks: ``handle.read(most)`` sets the
    whole ``most`` aside before reading (a gigabyte for each small file under a limit)."""
    parts: list[bytes] = []
    total = 0
    while block := handle.read(min(_BLOCK, most - total)):
        parts.append(block)
        total += len(block)
    return b"".join(parts)


def _read_whole(path: Path | _Readable) -> bytes:
    """A file's bytes, refused beforehand when larger than FRAMING_MAX_READ_BYTES."""
    limit = _limit("FRAMING_MAX_READ_BYTES")

    def too_big(size: str) -> CorpusError:
        return CorpusError(
            f"{path}: {size}, more than the limit of {_size_text(limit)} for "
            "a file read whole into memory. Split it (a .json array can be rewritten as "
            "JSON Lines, read in chunks), or raise FRAMING_MAX_READ_BYTES (bytes)."
        )

    try:
        if not isinstance(path, Path):
            return path.read_bytes()
        # checked before opening: opening a pipe waits for a writer, a device never ends
        what = _not_regular(path)
        if what is not None:
            raise CorpusError(f"{path}: {what}, not a file that can be read whole. Give a "
                              "regular file.")
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                raise too_big(_size_text(size))
            data = _read_at_most(handle, limit + 1)  # the file may have grown since
    except MemoryError:
        raise CorpusError(f"{path}: out of memory reading it whole. Split it into smaller "
                          "files.") from None
    if len(data) > limit:
        raise too_big(f"over {_size_text(limit)}")
    return data


def _read_member(bundle: zipfile.ZipFile, member: str, archive: Path) -> bytes:
    """A zip member's bytes, refused before reading when its declared size is hostile.

    The read is bounded by the declared size and FRAMING_MAX_READ_BYTES, so a
    header that lies about the size cannot make it grow beyond them.
    """
    info = bundle.getinfo(member)
    limit = _limit("FRAMING_MAX_READ_BYTES")
    label = f"{archive}: member {member}"
    _check_member_size(info, label, limit, "one JSON document read into memory")
    bound = min(info.file_size, limit)
    parts: list[bytes] = []
    total = 0
    try:
        with bundle.open(info) as handle:
            while block := handle.read(min(_BLOCK, bound + 1 - total)):
                total += len(block)
                if total > bound:
                    raise CorpusError(f"{label} holds more than the {_size_text(bound)} its "
                                      "header declares: the archive is damaged or forged.")
                parts.append(block)
        return b"".join(parts)
    except MemoryError:
        parts.clear()
        raise _too_big_for_memory(label, info.file_size) from None


def _zip_members(archive: Path, options: _Options) -> Iterator[tuple[str, str, list[Any]]]:
    """``(label, id prefix, records)`` for each JSON file of a zip, one at a time."""
    broken = (zipfile.BadZipFile, zlib.error, EOFError, OSError)
    advice = "It may be truncated or damaged: download it again."
    try:
        with zipfile.ZipFile(archive) as bundle:
            members = sorted(n for n in bundle.namelist() if n.lower().endswith(".json"))
            if not members:
                raise CorpusError(f"{archive}: holds no .json file (SaudiNewsNet archives hold "
                                  "one JSON array of articles).")
            for member in members:
                label = f"{archive.name}:{member}"
                try:
                    data = _read_member(bundle, member, archive)
                except broken as exc:
                    raise CorpusError(f"{archive}: cannot read {member} ({exc}). {advice}"
                                      ) from None
                try:
                    records = json.loads(_decode_member(data, label, options.encoding))
                except json.JSONDecodeError as exc:
                    raise CorpusError(f"{label}: not valid JSON ({exc.msg}, line {exc.lineno}, "
                                      f"column {exc.colno}). {advice}") from None
                except RecursionError:
                    raise _too_deep(label) from None
                except MemoryError:
                    raise _too_big_for_memory(label, len(data)) from None
                del data
                if not isinstance(records, list):
                    raise CorpusError(f"{label}: expected a JSON array of articles, got a "
                                      f"{type(records).__name__}.")
                stem = Path(member).stem
                prefix = archive.stem if (len(members) == 1 or stem == archive.stem) \
                    else f"{archive.stem}-{stem}"
                yield label, prefix, records
    except broken as exc:
        raise CorpusError(f"{archive}: not a readable zip archive ({exc}). {advice}") from None


# -- Excel workbooks ----------------------------------------------------------------------
#
# Read with openpyxl in read-only mode, not pandas.read_excel: read-only mode streams the
# rows of the sheet (memory: the workbook's shared strings, which hold the texts, and one
# chunk of rows), where read_excel builds every cell of the sheet as an object first, and
# it gives each cell as stored (an int stays 1, not the 1.0 of a float column with gaps).

#: The start of an OLE compound file: an encrypted workbook, or an Excel 97-2003 .xls.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: The values Excel stores for a formula that failed.
_EXCEL_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
                           "#GETTING_DATA", "#SPILL!", "#CALC!"})
#: A formula element of sheet XML, with or without a namespace prefix.
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
_SAVE_AS = "save it as .xlsx (Excel Workbook) or as CSV UTF-8"


def _xlsx_damaged(path: Path, why: str) -> CorpusError:
    return CorpusError(f"{path}: damaged or not an Excel workbook ({why}). If it was downloaded "
                       "or copied, get it again; otherwise open it in Excel or LibreOffice and "
                       f"{_SAVE_AS}.")


def _check_workbook(path: Path) -> None:
    """Refuse, before openpyxl opens it, a file that is not an .xlsx zip archive or
    whose members declare a hostile uncompressed size (see :func:`_check_member_size`)."""
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    if not head:
        raise CorpusError(f"{path}: the file is empty, so it is not an Excel workbook.")
    if head.startswith(_OLE_MAGIC):
        raise CorpusError(
            f"{path}: an encrypted (password-protected) workbook or an old Excel 97-2003 .xls "
            "file, which framing cannot read. Open it in Excel or LibreOffice, remove the "
            f"password if it has one, and {_SAVE_AS}.")
    if not head.startswith(b"PK"):
        text = _detect_encoding(head, complete=len(head) < _SNIFF_BYTES) is not None
        raise _xlsx_damaged(path, "an .xlsx file is a zip archive and this one does not start "
                            "like one" + ("; it starts like text: if it is a CSV file, pass "
                                          "kind='csv' (--kind csv)" if text else ""))
    broken = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError)
    try:
        with zipfile.ZipFile(path) as bundle:
            infos = bundle.infolist()
            limit = _limit("FRAMING_MAX_READ_BYTES")
            for info in infos:
                _check_member_size(info, f"{path}: member {info.filename}", limit,
                                   "one part of a workbook")
            odf = any(info.filename == "mimetype" and info.file_size < 100
                      and b"opendocument" in bundle.read(info) for info in infos)
    except CorpusError:
        raise
    except broken as exc:
        raise _xlsx_damaged(path, f"its zip structure cannot be read: {exc}; it may be "
                            "truncated") from None
    if odf:
        raise CorpusError(f"{path}: an OpenDocument spreadsheet (.ods), which framing does not "
                          f"read. Open it in LibreOffice and {_SAVE_AS}.")
    if not any(info.filename.startswith("xl/") for info in infos):
        raise _xlsx_damaged(path, "a zip archive without the xl/ folder of a workbook")


def _check_member_size(info: zipfile.ZipInfo, label: str, limit: int, what: str) -> None:
    """Refuse a zip member whose declared size is over ``limit`` or whose ratio of declared
    to compressed size makes it a likely zip bomb (before anything inflates it)."""
    if info.file_size > limit:
        raise CorpusError(
            f"{label} declares {_size_text(info.file_size)} uncompressed, more than the "
            f"limit of {_size_text(limit)} for {what}. If the "
            "archive is genuine, split the member or raise FRAMING_MAX_READ_BYTES (bytes)."
        )
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > _RATIO_FLOOR and ratio > _MAX_RATIO:
        raise CorpusError(
            f"{label} declares {_size_text(info.file_size)} from {_size_text(info.compress_size)}"
            f" compressed (ratio {ratio:.0f}:1, over {_MAX_RATIO}:1): a likely zip bomb, "
            "not read. Check where the archive comes from; unpack and repack it if genuine."
        )


#: What reading a damaged or forged workbook raises inside openpyxl (XML errors are
#: SyntaxErrors; a shared-string index out of range an IndexError...).
_BROKEN_XLSX = (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError, IndexError,
                TypeError, ValueError, SyntaxError)


def _load_workbook(path: Path) -> Any:
    """The workbook, read-only, with the saved results of formulas (``data_only``)."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            # openpyxl warns of workbook features it drops (styles, data validation);
            # the cells' values are all that is read
            warnings.simplefilter("ignore", UserWarning)
            return openpyxl.load_workbook(path, read_only=True, data_only=True,
                                          keep_links=False)
    except (InvalidFileException, *_BROKEN_XLSX) as exc:
        raise _xlsx_damaged(path, f"{type(exc).__name__}: {exc}") from None


def _sheet_values(sheet: Any, path: Path) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """``(row number, cell values)`` of the sheet's rows that hold a cell; a damaged sheet
    raises CorpusError."""
    sheet.reset_dimensions()  # a wrong <dimension> tag must not cut rows off
    rows = sheet.iter_rows(values_only=True)
    try:
        for number, values in enumerate(rows, start=1):
            if any(v is not None for v in values):
                yield number, values
    except _BROKEN_XLSX as exc:
        raise _xlsx_damaged(path, f"sheet {sheet.title!r}: {type(exc).__name__}: {exc}"
                            ) from None
    finally:
        rows.close()


def _holds_data(sheet: Any, path: Path) -> bool:
    """Whether a sheet has a cell that is not empty or blank (stops at the first)."""
    values = _sheet_values(sheet, path)
    try:
        return any(any(v is not None and not (isinstance(v, str) and not v.strip())
                       for v in row) for _, row in values)
    finally:
        values.close()


def _data_sheet(workbook: Any, path: Path) -> Any:
    """The one sheet of the workbook that holds data; several, or none, is an error."""
    sheets = list(workbook.worksheets)
    full = [s for s in sheets if _holds_data(s, path)]
    if len(full) == 1:
        return full[0]

    def name(sheet: Any) -> str:
        return repr(sheet.title) + (" (hidden)" if sheet.sheet_state != "visible" else "")

    if not full:
        listed = ", ".join(name(s) for s in sheets[:_MAX_LISTED]) or "none"
        raise CorpusError(f"{path}: no sheet holds any data (sheets: {listed}). Put the "
                          "articles in one sheet, one per row under a header row naming the "
                          "columns (text, doc_id, date, outlet...).")
    listed = ", ".join(name(s) for s in full[:_MAX_LISTED])
    raise CorpusError(f"{path}: {len(full)} sheets hold data ({listed}); framing reads one "
                      "sheet. Save the sheet you mean as its own workbook or as CSV UTF-8, or "
                      "delete the others.")


def _refuse_uncached_formulas(path: Path, sheet: Any) -> None:
    """Refuse a sheet with formulas that have no saved result.

    Read with ``data_only``, a formula gives the result the program that wrote
    the file saved with it; a program that never computed it (a script, a
    converter) saved none, and the cell would be read as empty: an article
    with no text, a date unknown, without a word.
    """
    import xml.etree.ElementTree as ET

    member = getattr(sheet, "_worksheet_path", None)
    count, cells = 0, []
    try:
        with zipfile.ZipFile(path) as bundle:
            members = [member] if member in bundle.namelist() else [
                n for n in bundle.namelist() if n.startswith("xl/worksheets/")
                and n.endswith(".xml")]
            for name in members:
                if not _has_formula(bundle, name):
                    continue
                with bundle.open(name) as handle:
                    for _, element in ET.iterparse(handle, events=("end",)):
                        tag = element.tag.rpartition("}")[2]
                        if tag == "c":
                            children = {c.tag.rpartition("}")[2]: c for c in element}
                            value = children.get("v")
                            if "f" in children and (value is None or (
                                    not value.text and element.get("t") != "str")):
                                count += 1
                                if len(cells) < _MAX_LISTED:
                                    cells.append(element.get("r") or "?")
                            element.clear()
                        elif tag == "row":
                            element.clear()
    except _BROKEN_XLSX as exc:
        raise _xlsx_damaged(path, f"sheet {sheet.title!r}: {type(exc).__name__}: {exc}"
                            ) from None
    if count:
        more = f" and {count - len(cells)} more" if count > len(cells) else ""
        raise CorpusError(
            f"{path}: sheet {sheet.title!r}: {count} formula cell(s) without a saved result "
            f"({', '.join(cells)}{more}): the program that wrote the file never computed them, "
            "so they would be read as empty. Open the workbook in Excel or LibreOffice and "
            "save it (the results are saved with the formulas), or paste the values over the "
            "formulas.")


def _has_formula(bundle: zipfile.ZipFile, member: str) -> bool:
    """Whether a sheet's XML holds a formula element (a fast scan of its bytes)."""
    tail = b""
    with bundle.open(member) as handle:
        while block := handle.read(_BLOCK):
            if _FORMULA_TAG.search(tail + block):
                return True
            tail = block[-64:]
    return False


def _cell_text(value: Any) -> str | None:
    """A cell as text, as the CSV export of the sheet would hold it; None for an empty cell.

    Numbers are written with Excel's 15 significant digits, so a whole number
    stored as a float loses its ``.0`` (an id 1 reads ``"1"``); dates are ISO.
    """
    if value is None:
        return None
    if isinstance(value, str):
        return value or None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):  # 2.0 -> "2", 0.30000000000000004 -> "0.3"
        return f"{value:.15g}"
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _xlsx_chunks(path: Path, options: _Options, chunksize: int | None) -> Iterator[_Raw]:
    """The rows of the workbook's one sheet of data, under the header (its first row that
    holds a cell), as the CSV reader gives them: cells as text, except that the date column
    keeps Excel's date cells as dates. Places are ``sheet '<name>', row <n>``, numbered as
    the spreadsheet shows them."""
    from openpyxl.utils import get_column_letter

    _check_workbook(path)
    workbook = _load_workbook(path)
    try:
        sheet = _data_sheet(workbook, path)
        _refuse_uncached_formulas(path, sheet)
        label = f"sheet {sheet.title!r}"
        rows = _sheet_values(sheet, path)
        first = next(rows, None)
        if first is None:  # _data_sheet found a cell; a sheet changed since would come here
            raise CorpusError(f"{path}: {label} holds no rows.")
        header_row, header = first
        cells = [_cell_text(v) for v in header]
        while cells and cells[-1] is None:
            cells.pop()
        names = [c if c is not None else f"Unnamed: {i}" for i, c in enumerate(cells)]
        _check_header(names, f"{path}: {label}, row {header_row} (the header)")
        columns, extras = _resolve_columns(names, options, str(path))
        if columns["text"] not in names:
            raise CorpusError(
                f"{path}: {label}: no 'text' column in the header (row {header_row}). Name "
                f"the column that holds the texts with text_column=... (columns: "
                f"{', '.join(map(repr, names)) or 'none'}).")
        width = len(names)
        date_at = names.index(columns["date"]) if "date" in columns else -1
        checked = {names.index(c) for f, c in columns.items() if f != "text"}
        checked.add(names.index(columns["text"]))
        data: list[list[Any]] = [[] for _ in names]
        where: list[str] = []
        yielded = False
        for number, values in rows:
            for k in range(width, len(values)):
                if values[k] is not None:
                    raise CorpusError(
                        f"{path}: {label}, cell {get_column_letter(k + 1)}{number} holds "
                        f"{_cell_text(values[k])!r}, but its column has no name in the header "
                        f"(row {header_row}). Name the column there, or clear the cell.")
            for k in range(width):
                value = values[k] if k < len(values) else None
                if k in checked and isinstance(value, str) and value in _EXCEL_ERRORS:
                    raise CorpusError(
                        f"{path}: {label}, cell {get_column_letter(k + 1)}{number} (column "
                        f"{names[k]!r}) holds the Excel error {value}, the result of a formula "
                        "that failed, not a value. Correct the formula, or type the value.")
                keep = k == date_at and isinstance(
                    value, datetime.date | datetime.time | datetime.timedelta)
                data[k].append(value if keep else _cell_text(value))
            where.append(f"{label}, row {number}")
            if chunksize and len(where) == chunksize:
                yield _xlsx_raw(names, data, where, columns, extras, options)
                yielded = True
                data, where = [[] for _ in names], []
        if where or not yielded:  # a header alone: one empty chunk, as from CSV
            yield _xlsx_raw(names, data, where, columns, extras, options)
    finally:
        workbook.close()


def _xlsx_raw(names: list[str], data: list[list[Any]], where: list[str],
              columns: dict[str, str], extras: list[str], options: _Options) -> _Raw:
    """A chunk of sheet rows: the text column's empty cells are empty texts (as in CSV),
    extra columns get the dtype the CSV reader gives text."""
    frame = pd.DataFrame({name: pd.Series(values, dtype=str if name in extras else object)
                          for name, values in zip(names, data, strict=True)},
                         index=pd.RangeIndex(len(where)))
    text = columns["text"]
    frame[text] = frame[text].map(lambda v: "" if v is None else v).astype(object)
    return _raw(frame, where, columns, extras, options)
