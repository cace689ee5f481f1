"""The ``framing`` command line: score, aggregate, keyness, shifts, corpus info, lexicon
tools, report.

Every command reads its inputs, writes new files only (``--overwrite`` to
replace), and exits with status 2 and a one-line ``framing: error: ...``
message on bad input.

Outputs are checked before anything is written: two outputs of one command
may not be one file (same path, a symlink or hard link to it, or names that
differ only in case, which are one file on macOS and Windows), an output may
not be an input (the corpus file, a file in the corpus folder, the lexicon),
nor an existing folder or device. Files are written under a temporary name
and renamed when complete, so a failed run leaves no partial output and an
``--overwrite`` keeps the old file until the new one is whole.

A corpus from a pipe, FIFO or standard input (``-``) needs ``--kind``; it is
read once into a temporary copy (see :func:`framing.corpus.regular_copy`).
An error that is not the user's (a bug) prints one line too, exit status 1;
``FRAMING_DEBUG=1`` shows its traceback.
"""

from __future__ import annotations

import argparse
import errno
import io
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from framing.cli_options import (
    corpus_options,
    csv_to_write,
    file_to_write,
    lexicon_from_args,
    lexicon_options,
    load_options,
)

__all__ = ["main"]

#: Figure formats ``framing report --formats`` accepts.
FIGURE_FORMATS = ("png", "svg", "pdf")


class CommandError(Exception):
    """A user-facing error: printed without a traceback, exit status 2."""


def _identity(path: Path) -> tuple:
    """What makes two paths one file: device and inode when it exists, else the real path."""
    try:
        info = path.stat()
        return ("inode", info.st_dev, info.st_ino)
    except OSError:
        return ("path", os.path.realpath(path))


def _folded(path: Path) -> str:
    """The real path, case-folded: paths equal here are one file on case-insensitive disks."""
    return os.path.normcase(os.path.realpath(path)).casefold()


def _inside(path: Path, folder: Path) -> bool:
    real, base = os.path.realpath(path), os.path.realpath(folder)
    return real == base or real.startswith(base.rstrip(os.sep) + os.sep)


def _check_outputs(outputs: Sequence[tuple[str, Path | None]], overwrite: bool, *,
                   corpus: str | None = None, inputs: Sequence[tuple[str, str | None]] = (),
                   folder: bool = False) -> None:
    """Refuse outputs that would overwrite, collide with each other or with an input.

    ``outputs`` are (option, path) pairs; ``inputs`` (option, path) pairs of
    files read; ``corpus`` the corpus argument. Nothing is written here; the
    folders outputs need are created only once all checks pass.
    """
    given = [(option, Path(path)) for option, path in outputs if path is not None]
    for option, path in given:
        if str(path) in ("-", ""):
            raise CommandError(f"{option} {str(path) or repr('')}: give the path of a file to "
                               "write (standard output is not written to).")
        if path.is_dir() and not folder:
            raise CommandError(f"{option} {path} is a folder; give the path of a file to "
                               "write (for example a name inside that folder).")
        if path.exists() and not folder and not path.is_file():
            raise CommandError(f"{option} {path} is not a regular file (a device, pipe or "
                               "socket); give the path of a file to write.")
        if path.exists() and not overwrite:
            raise CommandError(f"{option} {path} exists; pass --overwrite to replace it, or "
                               "give another name.")
        ancestor = path.parent
        while not ancestor.exists() and ancestor != ancestor.parent:
            ancestor = ancestor.parent
        if ancestor.exists() and not ancestor.is_dir():
            raise CommandError(f"{option} {path}: cannot create the folder for it, because "
                               f"{ancestor} is a file. Give a path in a folder.")
        if ancestor.is_dir() and not os.access(ancestor, os.W_OK | os.X_OK):
            raise CommandError(f"{option} {path}: no permission to write in {ancestor}. "
                               "Choose a folder you can write to.")
    for i, (option, path) in enumerate(given):
        for other_option, other in given[:i]:
            if _identity(path) == _identity(other) or _folded(path) == _folded(other):
                raise CommandError(
                    f"{other_option} {other} and {option} {path} are the same file (or differ "
                    "only in case, which is one file on macOS and Windows); one would "
                    "overwrite the other. Give different names.")
    sources = list(inputs)
    if corpus is not None and corpus not in ("sample", "-"):
        sources.append(("the corpus", corpus))
    for source_option, source in sources:
        if source is None or not Path(source).exists():
            continue
        source_path = Path(source)
        for option, path in given:
            same = (_identity(path) == _identity(source_path)
                    or _folded(path) == _folded(source_path))
            if same:
                raise CommandError(f"{option} {path} is {source_option} ({source}): writing "
                                   "it would destroy an input. Give another output name.")
            if source_path.is_dir() and _inside(path, source_path):
                raise CommandError(f"{option} {path} is inside {source_option} folder "
                                   f"{source}: writing there would change the input. Write it "
                                   "elsewhere.")
            if folder and _inside(source_path, path):
                raise CommandError(f"{option} {path} holds {source_option} ({source}): the "
                                   "report folder is emptied first. Write the report elsewhere.")


def _make_parents(paths: Sequence[Path]) -> None:
    for path in paths:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CommandError(f"cannot create the folder {path.parent} for {path} "
                               f"({exc.strerror or exc}). Choose a folder you can write to."
                               ) from None


@contextmanager
def _atomic(paths: Sequence[Path]) -> Iterator[list[Path]]:
    """Temporary names beside ``paths``; renamed onto them only when the block succeeds."""
    _make_parents(paths)
    temporary = [path.with_name(f".{path.name}.{os.getpid()}.partial{path.suffix}")
                 for path in paths]
    try:
        yield temporary
        for temp, path in zip(temporary, paths, strict=True):
            os.replace(temp, path)
    except OSError as exc:
        named = [path for temp, path in zip(temporary, paths, strict=True)
                 if str(temp) in (str(exc.filename), str(exc.filename2))]
        failed = named[0] if named else Path(" and ".join(map(str, paths)))
        reason = ("no new file can be made in that folder: write it elsewhere"
                  if exc.errno == errno.ENOENT else
                  _OS_ADVICE.get(exc.errno or -1, f"{exc.strerror or exc}: write it elsewhere"))
        kept = " (earlier files are kept)" if any(p.exists() for p in paths) else ""
        raise CommandError(f"cannot write {failed}: {reason}. Nothing was written{kept}."
                           ) from None
    finally:
        for temp in temporary:
            with suppress(OSError):
                temp.unlink(missing_ok=True)


@contextmanager
def _corpus_path(args: argparse.Namespace) -> Iterator[str]:
    """The corpus as a path that can be read twice (a stream is copied once first)."""
    from framing.corpus import regular_copy

    with regular_copy(args.corpus, args.kind, encoding=getattr(args, "encoding", None)) as path:
        yield str(path)


def _no_documents(args: argparse.Namespace, unscored: int = 0) -> CommandError:
    if unscored:
        return CommandError(f"none of the {unscored:,} document(s) in {args.corpus} is in a "
                            "language of the lexicon (see the warning above): nothing was "
                            "scored. Give --lexicon a lexicon in their language, or a "
                            "`language` column if the detection is wrong.")
    return CommandError(f"no documents in {args.corpus}: nothing to work on. Check the path, "
                        "--kind and the file's contents.")


def _load(args: argparse.Namespace, path: str):
    from framing.corpus import load_corpus

    corpus = load_corpus(path, **load_options(args))
    if corpus.empty:
        raise _no_documents(args)
    return corpus


def _lexicon_inputs(args: argparse.Namespace) -> list[tuple[str, str | None]]:
    """The lexicon file and the files it extends (inputs no output may overwrite)."""
    import yaml

    lexicon = getattr(args, "lexicon", None)
    if not lexicon or not Path(lexicon).is_file():
        return []
    files, path = [], Path(lexicon)
    for _ in range(32):  # a chain longer than load_lexicon allows is refused there
        files.append(("the lexicon" if not files else "a lexicon it extends", str(path)))
        try:
            with path.open(encoding="utf-8") as fh:
                data = yaml.safe_load(fh.read(1 << 20)) if path.stat().st_size < 1 << 20 \
                    else None
        except (OSError, ValueError, yaml.YAMLError):
            break
        ref = data.get("extends") if isinstance(data, dict) else None
        if not isinstance(ref, str) or not ref.strip():
            break
        base = path.parent / ref.strip()
        try:
            if not base.is_file() or any(os.path.samefile(base, f) for _, f in files):
                break
        except OSError:
            break
        path = base
    return files


def _engine_options(args: argparse.Namespace) -> None:
    """Refuse score options that do not apply to the chosen engine (never ignore them)."""
    if args.engine != "dask":
        for option, value in (("--scheduler", args.scheduler), ("--timeout", args.timeout)):
            if value is not None:
                raise CommandError(f"{option} applies to --engine dask only; add --engine dask "
                                   f"or leave out {option}.")
        return
    remote = args.scheduler not in (None, "local")
    if remote and args.jobs is not None:
        raise CommandError(f"--jobs does not apply to the scheduler at {args.scheduler}: its "
                           "workers are those started for it. Leave out --jobs (or use "
                           "--scheduler local to start --jobs workers here).")
    if args.no_cache:
        raise CommandError("--no-cache does not apply to --engine dask, which always scores "
                           "and never uses the cache. Leave it out.")
    if args.timeout is not None and not args.timeout > 0:
        raise CommandError(f"--timeout {args.timeout:g}: give the seconds the run may take, "
                           "above 0.")


@contextmanager
def _dask_folder(args: argparse.Namespace, lexicon: str, progress: bool | None
                 ) -> Iterator[tuple[Path, bool]]:
    """Score on the Dask cluster into a temporary folder laid out as a cache entry."""
    import shutil
    import tempfile

    from framing.dask_engine import ClusterError, score_dask_to_folder

    folder = Path(tempfile.mkdtemp(prefix="framing-dask-"))
    quiet = _QuietDaskLogs()
    try:
        try:
            score_dask_to_folder(args.corpus, folder, lexicon, scheduler=args.scheduler or
                                 "local", n_workers=args.jobs, timeout=args.timeout,
                                 weighted=args.weighted, progress=progress,
                                 **load_options(args))
        except ClusterError as exc:
            raise CommandError(str(exc)) from None
        finally:
            quiet.close()
        yield folder, False
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class _QuietDaskLogs:
    """Dask's client logs errors the command reports in one line (a lost worker, a closed
    connection): only its critical messages are shown while the command runs."""

    def __init__(self) -> None:
        import logging

        self.logger = logging.getLogger("distributed")
        self.level = self.logger.level
        self.logger.setLevel(logging.CRITICAL)

    def close(self) -> None:
        self.logger.setLevel(self.level)


def _cmd_score(args: argparse.Namespace) -> None:
    import framing

    _engine_options(args)
    out = Path(args.out)
    hits_path = Path(args.hits) if args.hits else None
    if hits_path is not None and hits_path.suffix.lower() not in (".parquet", ".csv"):
        raise CommandError(f"--hits must end in .parquet or .csv; got {hits_path.name}.")
    _check_outputs([("--out", out), ("--hits", hits_path)], args.overwrite,
                   corpus=args.corpus, inputs=_lexicon_inputs(args))
    outputs = [out] if hits_path is None else [out, hits_path]
    lexicon = lexicon_from_args(args)  # "default": the default lexicon of each language
    progress = False if args.no_progress else None
    # results stream to Parquet and from there to the outputs: bounded memory
    import pyarrow.parquet as pq

    from framing.cache import read_manifest
    from framing.scoring import warn_unscored, write_counts_csv, write_hits

    if args.engine == "dask":
        scoring = _dask_folder(args, lexicon, progress)
    else:
        scoring = _local_folder(args, lexicon, progress)
    with scoring as (folder, from_cache):
        n_docs = pq.ParquetFile(folder / "counts.parquet").metadata.num_rows
        n_hits = pq.ParquetFile(folder / "hits.parquet").metadata.num_rows
        provenance = read_manifest(folder)["provenance"]
        warn_unscored(provenance)
        if n_docs == 0:
            raise _no_documents(args, len(provenance.get("unscored") or []))
        with _atomic(outputs) as temporary:
            write_counts_csv(folder, temporary[0])
            if hits_path is not None:
                write_hits(folder, temporary[1])
    source = " (from the cache)" if from_cache else ""
    parts = provenance.get('parts', 0)
    engine = (f" on Dask ({parts} part{'' if parts == 1 else 's'})"
              if args.engine == "dask" else "")
    n_categories = len(framing.matcher_set(lexicon).category_ids)
    print(f"scored {n_docs} documents{source}{engine}: {n_hits} hits in "
          f"{n_categories} categories → {out}", file=sys.stderr)


@contextmanager
def _local_folder(args: argparse.Namespace, lexicon: str, progress: bool | None
                  ) -> Iterator[tuple[Path, bool]]:
    """Score on this machine (``--jobs`` processes) into a cache entry or temporary folder."""
    from framing.scoring import scored_folder

    with _corpus_path(args) as corpus, scored_folder(
            corpus, lexicon, weighted=args.weighted, jobs=1 if args.jobs is None else args.jobs,
            cache=not args.no_cache, progress=progress,
            **load_options(args)) as (folder, from_cache):
        yield folder, from_cache


def _scored_table(args: argparse.Namespace, path: str):
    """Counts of the corpus with its outlet and date columns (scored through the cache)."""
    import framing
    from framing.indicators import attach_metadata

    given = lexicon_from_args(args)
    lexicon = framing.load_lexicon(given)
    corpus = _load(args, path)
    groups = _grouping_columns(args, corpus)
    if str(path) == "sample":
        scores = framing.score(corpus, given, progress=False)
    else:
        scores = framing.score_path(path, given, progress=False, **load_options(args))
    return corpus, attach_metadata(scores.counts, corpus, columns=groups), lexicon


def _grouping_columns(args: argparse.Namespace, corpus: Any) -> list[str]:
    """outlet and date, plus the corpus columns ``--by`` names; a name the corpus lacks is
    refused here, with the columns it has (not in the library's words, about metadata)."""
    by = getattr(args, "by", None) or []
    names = [by] if isinstance(by, str) else list(by)
    known = [c for c in corpus.columns if c not in ("text", "doc_id")]
    missing = [n for n in names if n not in corpus.columns]
    if missing:
        hint = (" Give several columns separated by spaces (--by outlet date), not commas."
                if any("," in n for n in missing) else "")
        raise CommandError(f"--by {' '.join(missing)}: not a column of the corpus (its columns: "
                           f"{', '.join(known) or 'none besides the text'}).{hint}")
    return list(dict.fromkeys(["outlet", "date", *[n for n in names if n != "doc_id"]]))


def _cmd_aggregate(args: argparse.Namespace) -> None:
    from framing.aggregate import aggregate

    out = Path(args.out)
    _check_outputs([("--out", out)], args.overwrite, corpus=args.corpus,
                   inputs=_lexicon_inputs(args))
    with _corpus_path(args) as path:
        _, scores, lexicon = _scored_table(args, path)
    table = aggregate(scores, by=args.by, freq=args.freq, lexicon=lexicon, n_boot=args.n_boot,
                      min_docs=args.min_docs, random_state=args.seed)
    with _atomic([out]) as (temporary,):
        table.to_csv(temporary, index=False)
    print(f"{len(table)} rows (group × period × category) → {out}", file=sys.stderr)


def _cmd_keyness(args: argparse.Namespace) -> None:
    from framing.keyness import keyness

    out = Path(args.out)
    _check_outputs([("--out", out)], args.overwrite, corpus=args.corpus,
                   inputs=_lexicon_inputs(args))
    with _corpus_path(args) as path:
        if args.features == "categories":
            corpus, scores, lexicon = _scored_table(args, path)
        else:  # word keyness reads the texts only
            corpus, scores, lexicon = _load(args, path), None, lexicon_from_args(args)
    if args.before_after:
        mode, groups, options = "before_after", "date", {"date": args.before_after}
    elif args.a:
        mode, groups, options = "pair", args.by, {"a": args.a, "b": args.b}
    else:
        mode, groups, options = "one_vs_rest", args.by, {}
    table = keyness(
        scores if args.features == "categories" else corpus, groups, mode=mode,
        features=args.features, strip_clitics=args.strip_clitics,
        min_stem_count=args.min_stem_count, min_stem_share=args.min_stem_share,
        ngram_range=(1, args.ngram), min_count=args.min_count, lexicon=lexicon,
        variance=args.variance, **options)
    with _atomic([out]) as (temporary,):
        table.to_csv(temporary, index=False)
    print(f"{len(table)} terms ({mode}) → {out}", file=sys.stderr)


def _cmd_shifts(args: argparse.Namespace) -> None:
    import warnings

    from framing.events import MAX_WINDOW_DAYS, event_effects, read_events
    from framing.shifts import shifts

    out = Path(args.out)
    effects = Path(args.event_effects) if args.event_effects else None
    if effects is not None and not args.events:
        raise CommandError("--event-effects needs --events FILE (the events to measure).")
    events_input = ("--events", args.events if args.events else None)
    _check_outputs([("--out", out), ("--event-effects", effects)], args.overwrite,
                   corpus=args.corpus, inputs=[*_lexicon_inputs(args), events_input])
    # the events file is read before the corpus is scored: a bad line stops at once
    events = read_events(args.events) if args.events else None
    if effects is not None and not 1 <= args.window <= MAX_WINDOW_DAYS:
        raise CommandError(f"--window {args.window}: give a number of days from 1 to "
                           f"{MAX_WINDOW_DAYS:,}.")
    penalty: str | float = args.penalty
    if args.penalty not in ("permutation", "bic"):
        try:
            penalty = float(args.penalty)
        except ValueError:
            raise CommandError(f"--penalty {args.penalty!r}: use 'permutation', 'bic' or a "
                               "number >= 0 (a penalty per changepoint).") from None
    with _corpus_path(args) as path:
        _, scores, lexicon = _scored_table(args, path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = shifts(scores, dimension=args.dimension, freq=args.freq, penalty=penalty,
                       alpha=args.alpha, min_docs=args.min_docs, min_size=args.min_size,
                       n_perm=args.n_perm, n_boot=args.n_boot, seed=args.seed, lexicon=lexicon)
        effect_table = None
        if effects is not None:  # every event in one pass: the table is laid out once
            effect_table = event_effects(
                scores, events, window=args.window, dimension=args.dimension,
                min_docs=min(args.min_docs, 5), seed=args.seed, lexicon=lexicon)
    for message in dict.fromkeys(str(w.message) for w in caught):
        print(f"framing: warning: {message}", file=sys.stderr)
    if events is not None:
        table = _with_events(table, events, args.freq)
    outputs = [out] if effects is None else [out, effects]
    with _atomic(outputs) as temporary:
        table.to_csv(temporary[0], index=False)
        if effect_table is not None:
            effect_table.to_csv(temporary[1], index=False)
    series = table.attrs.get("series", [])
    segmented = sum(1 for s in series if s.get("status") == "segmented")
    n_changes = table.drop_duplicates(["outlet", "dimension", "changepoint"]).shape[0] \
        if not table.empty else 0
    print(f"{n_changes} shift(s) in {segmented} of {len(series)} series (outlet × dimension) "
          f"segmented; {len(series) - segmented} had too few documents or periods → {out}",
          file=sys.stderr)
    if effects is not None:
        print(f"effects of {len(events)} event(s) → {effects}", file=sys.stderr)


def _with_events(table, events, freq: str):
    """The shifts table with ``events_in_interval``: the events dated within each
    changepoint's date interval (its first to the end of its last period), "; "-joined."""
    import pandas as pd

    def near(row) -> str:
        end = (pd.Period(row["date_high"], freq=freq) + 1).start_time
        inside = events[(events["date"] >= row["date_low"]) & (events["date"] < end)]
        return "; ".join(inside["label"].astype(str))

    column = table.apply(near, axis=1) if not table.empty else pd.Series([], dtype=object)
    return table.assign(events_in_interval=column.astype(object))


def _cmd_corpus_info(args: argparse.Namespace) -> None:
    from framing.audit import audit, format_audit

    with _corpus_path(args) as path:
        corpus = _load(args, path)
    print(format_audit(audit(corpus)))


def _cmd_lexicon_check(args: argparse.Namespace) -> None:
    import framing
    from framing.lexicon import _where

    lexicon = framing.load_lexicon(lexicon_from_args(args, positional=True))
    matcher = framing.Matcher(lexicon)
    print(f"{lexicon.name}: {len(lexicon.dimensions)} dimensions, {len(lexicon.categories)} "
          f"categories, {len(lexicon.terms)} terms, {matcher.n_forms} written forms; "
          f"hash {lexicon.hash[:12]}")
    for dim in lexicon.dimensions:
        cats = ", ".join(f"{c.id} ({len(c.terms)})" for c in dim.categories)
        print(f"  {dim.id}: {cats}")
    lost: dict[str, list] = {}
    for term, form, winner in matcher.shadowed_forms():
        lost.setdefault(term.id, [term, winner, []])[2].append(form)
    for term, winner, forms in lost.values():
        total = len(matcher.forms_of(term))
        what = ("never counts" if len(forms) >= total
                else f"loses {len(forms)} of its {total} written forms")
        print(f"framing: warning: term {term.id!r} ({term.category}, {_where(term.line)}) "
              f"{what}: {', '.join(sorted(forms)[:3])}{' ...' if len(forms) > 3 else ''} "
              f"{'is' if len(forms) == 1 else 'are'} also written forms of {winner.id!r} "
              f"({winner.category}, {_where(winner.line)}), which is listed first and takes "
              "them; remove them from one of the two terms.", file=sys.stderr)


def _cmd_lexicon_export(args: argparse.Namespace) -> None:
    import framing
    from framing import lexicon_formats

    out = Path(args.out)
    _check_outputs([("--out", out)], args.overwrite, inputs=_lexicon_inputs(args))
    lexicon = framing.load_lexicon(lexicon_from_args(args, positional=True))
    _make_parents([out])
    if args.to == "yaml":
        lexicon.to_yaml(out, overwrite=args.overwrite)
    elif args.to == "quanteda":
        lexicon_formats.write_quanteda(lexicon, out, overwrite=args.overwrite)
    else:
        lexicon_formats.write_liwc(lexicon, out, overwrite=args.overwrite)
    print(f"wrote {out}", file=sys.stderr)


def _cmd_report(args: argparse.Namespace) -> None:
    from framing.corpus import is_stream
    from framing.report import run_report

    params: dict[str, str] = {}
    for key, value in args.parameter or []:
        if key in params and params[key] != value:
            raise CommandError(f"-p {key} is given twice ({params[key]!r} and {value!r}); "
                               "give it once.")
        params[key] = value
    if args.kind is not None:
        if params.get("corpus_kind", args.kind) != args.kind:
            raise CommandError(f"--kind {args.kind} and -p corpus_kind {params['corpus_kind']} "
                               "disagree; give the corpus kind once.")
        params["corpus_kind"] = args.kind
    formats = _figure_formats(args.formats)
    if args.corpus_arg is not None and args.corpus is not None \
            and _corpus_key(args.corpus_arg) != _corpus_key(args.corpus):
        raise CommandError(f"two corpora given: {args.corpus_arg} and --corpus {args.corpus}; "
                           "give one.")
    args.corpus = next(c for c in (args.corpus_arg, args.corpus, "sample") if c is not None)
    out = Path(args.out)
    _check_outputs([("--out", out)], True, corpus=args.corpus, folder=True)
    if out.exists() and not out.is_dir():
        raise CommandError(f"--out {out} is a file; the report needs a folder. Give a new or "
                           "empty folder.")
    stream = is_stream(args.corpus)
    name = ("standard input" if args.corpus == "-" else args.corpus) if stream else None
    with _corpus_path(args) as corpus:
        result = run_report(corpus=corpus, out=out, parameters=params, corpus_name=name,
                            overwrite=args.overwrite, notebooks=args.notebook or None,
                            notebooks_dir=args.notebooks_dir, jobs=args.jobs,
                            cache=not args.no_cache, figure_formats=formats)
    print(f"report written to {result}", file=sys.stderr)


def _corpus_key(corpus: str) -> str:
    """The same corpus written two ways (a relative and an absolute path) is one key."""
    return corpus if corpus in ("sample", "-") else os.path.realpath(corpus)


def _figure_formats(text: str) -> list[str]:
    """``png,svg`` → ``["png", "svg"]``; an unknown, empty or repeated format is an error."""
    formats = [part.strip().lower() for part in text.split(",")]
    unknown = [f for f in formats if f not in FIGURE_FORMATS]
    if unknown or not formats:
        raise CommandError(f"--formats {text!r}: {', '.join(map(repr, unknown))} not known; "
                           f"give a comma list of {', '.join(FIGURE_FORMATS)} (e.g. png,svg).")
    if len(set(formats)) != len(formats):
        raise CommandError(f"--formats {text!r} names a format twice; name each once.")
    return formats


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="framing",
        description="Measure how news outlets frame events through word choice.",
    )
    from framing import __version__

    parser.add_argument("--version", action="version", version=f"framing {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    score = sub.add_parser("score", help="count framing labels per document")
    corpus_options(score)
    score.add_argument("--out", required=True, type=csv_to_write,
                       help="counts CSV to write (one row per document)")
    score.add_argument("--hits", type=file_to_write, help="also write every hit (.parquet or .csv)")
    score.add_argument("--lexicon", default="default",
                       help="lexicon file or shipped name (default: the Arabic and the English "
                            "default lexicons, each document scored with its language's)")
    score.add_argument("--weighted", action="store_true", help="sum term weights")
    score.add_argument("--jobs", type=int, default=None,
                       help="worker processes (-1: one per core; default 1, or with --engine "
                            "dask one local worker per core); not with a --scheduler address")
    score.add_argument("--no-cache", action="store_true",
                       help="score again even if an identical run is cached")
    score.add_argument("--engine", choices=["local", "dask"], default="local",
                       help="'dask' scores on a Dask cluster (same results; see the README "
                            "for when it pays off)")
    score.add_argument("--scheduler", default=None,
                       help="with --engine dask: 'local' (default: a cluster of --jobs "
                            "workers on this machine) or a scheduler address "
                            "(tcp://host:8786)")
    score.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                       help="with --engine dask: give up after this many seconds (default: "
                            "no limit; an unreachable scheduler fails after 10 s, a cluster "
                            "without workers after 10 s)")
    score.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    score.add_argument("--overwrite", action="store_true", help="replace existing outputs")
    lexicon_options(score)
    score.set_defaults(func=_cmd_score)

    agg = sub.add_parser("aggregate", help="rates and label shares per outlet (× period), "
                         "with intervals")
    corpus_options(agg)
    agg.add_argument("--out", required=True, type=csv_to_write,
                     help="CSV to write (one row per group × period × "
                     "category)")
    agg.add_argument("--by", nargs="+", default=["outlet"], help="grouping columns")
    agg.add_argument("--freq", choices=["D", "W", "M"], help="also split by day, week or month")
    agg.add_argument("--lexicon", default="default")
    agg.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples")
    agg.add_argument("--min-docs", type=int, default=5, help="flag cells with fewer documents")
    agg.add_argument("--seed", type=int, default=0, help="bootstrap seed")
    agg.add_argument("--overwrite", action="store_true")
    lexicon_options(agg)
    agg.set_defaults(func=_cmd_aggregate)

    key = sub.add_parser("keyness", help="words or labels typical of one outlet against others "
                         "(Fightin' Words z-scores)")
    corpus_options(key)
    key.add_argument("--out", required=True, type=csv_to_write, help="CSV to write")
    key.add_argument("--by", default="outlet", help="the column whose groups are compared")
    key.add_argument("--a", help="compare this group ...")
    key.add_argument("--b", help="... with this one (default: all others)")
    key.add_argument("--before-after", metavar="DATE",
                     help="compare documents from DATE on with those before it")
    key.add_argument("--features", choices=["words", "categories"], default="words")
    key.add_argument("--strip-clitics", action="store_true",
                     help="count proclitic forms (و ف ب ك ل ال لل) with their stem, where the "
                          "corpus shows the stem is a word of its own")
    key.add_argument("--min-stem-count", type=int, default=3,
                     help="with --strip-clitics: times a stem must be written alone (default 3)")
    key.add_argument("--min-stem-share", type=float, default=0.1,
                     help="with --strip-clitics: the stem's own count as a share of the "
                          "attached form's, at least (default 0.1)")
    key.add_argument("--ngram", type=int, default=1, help="longest n-gram (default 1)")
    key.add_argument("--min-count", type=int, default=5, help="least corpus count of a term")
    key.add_argument("--variance", choices=["monroe", "full"], default="monroe")
    key.add_argument("--lexicon", default="default")
    key.add_argument("--overwrite", action="store_true")
    lexicon_options(key)
    key.set_defaults(func=_cmd_keyness)

    shift = sub.add_parser("shifts", help="changepoints in each outlet's label shares over "
                           "time (framing shifts), with intervals")
    corpus_options(shift)
    shift.add_argument("--out", required=True, type=csv_to_write,
                       help="CSV to write (one row per outlet × "
                       "changepoint × category)")
    shift.add_argument("--dimension", nargs="+", help="dimension id(s) (default: all)")
    shift.add_argument("--lexicon", default="default")
    shift.add_argument("--freq", choices=["D", "W", "M"], default="D",
                       help="period: day, week or month (default D)")
    shift.add_argument("--penalty", default="permutation",
                       help="per changepoint: 'permutation' (calibrated on shuffles, default), "
                       "'bic' or a number")
    shift.add_argument("--alpha", type=float, default=0.05,
                       help="false-alarm rate per series of the permutation penalty")
    shift.add_argument("--min-docs", type=int, default=20,
                       help="series with fewer documents using the dimension are not segmented")
    shift.add_argument("--min-size", type=int, default=2, help="fewest periods in a segment")
    shift.add_argument("--n-perm", type=int, default=199, help="shuffles for the penalty")
    shift.add_argument("--n-boot", type=int, default=500, help="resamples for the intervals")
    shift.add_argument("--seed", type=int, default=0)
    shift.add_argument("--events", help="events file (CSV or YAML: date, label, description), "
                       "checked before scoring; adds column events_in_interval (events dated "
                       "within a shift's date interval)")
    shift.add_argument("--event-effects", metavar="CSV", type=csv_to_write,
                       help="with --events: also write each event's effect (shares in a "
                       "window before and after it)")
    shift.add_argument("--window", type=int, default=7,
                       help="days on each side of an event (default 7)")
    shift.add_argument("--overwrite", action="store_true")
    lexicon_options(shift)
    shift.set_defaults(func=_cmd_shifts)

    corpus = sub.add_parser("corpus", help="corpus tools")
    corpus_sub = corpus.add_subparsers(dest="corpus_command", required=True)
    info = corpus_sub.add_parser("info", help="audit a corpus: outlets, months, duplicates")
    corpus_options(info)
    info.set_defaults(func=_cmd_corpus_info)

    lexicon = sub.add_parser("lexicon", help="lexicon tools")
    lexicon_sub = lexicon.add_subparsers(dest="lexicon_command", required=True)
    check = lexicon_sub.add_parser("check", help="validate a lexicon and summarise it")
    check.add_argument("lexicon", nargs="?", default="default")
    lexicon_options(check, "the lexicon")
    check.set_defaults(func=_cmd_lexicon_check)
    export = lexicon_sub.add_parser("export", help="write a lexicon as YAML, quanteda or LIWC")
    export.add_argument("lexicon")
    export.add_argument("--to", choices=["yaml", "quanteda", "liwc"], required=True)
    export.add_argument("--out", required=True, type=file_to_write)
    export.add_argument("--overwrite", action="store_true")
    lexicon_options(export, "the lexicon")
    export.set_defaults(func=_cmd_lexicon_export)
    from framing.cli_discover import add_discover_parser

    add_discover_parser(lexicon_sub)

    report = sub.add_parser("report", help="run the notebooks into a report folder")
    report.add_argument("corpus_arg", nargs="?", metavar="CORPUS",
                        help="corpus path, 'sample' (the default) or '-' (with --kind)")
    report.add_argument("--corpus", default=None, help="the same as CORPUS")
    report.add_argument("--out", required=True, help="report folder")
    report.add_argument("-p", "--parameter", nargs=2, action="append",
                        metavar=("KEY", "VALUE"), help="notebook parameter (repeatable)")
    report.add_argument("--notebook", action="append",
                        help="run only this notebook (repeatable; default: all)")
    report.add_argument("--notebooks-dir", default=None,
                        help="folder of percent-format notebooks (default: ./notebooks, else "
                        "the project's own)")
    report.add_argument("--overwrite", action="store_true")
    report.add_argument("--jobs", type=int, default=2,
                        help="notebooks run at once, each in its own kernel (default 2; "
                             "-1: one per core)")
    report.add_argument("--kind", help="corpus kind when it cannot be told from the path "
                        "(needed for a stream such as -); passed to the notebooks as "
                        "corpus_kind")
    report.add_argument("--no-cache", action="store_true",
                        help="score the corpus again even if an identical run is cached")
    report.add_argument("--formats", default=",".join(FIGURE_FORMATS),
                        help="figure files to write: a comma list of png, svg, pdf "
                        "(default png,svg,pdf)")
    report.set_defaults(func=_cmd_report)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``framing`` command."""
    import warnings

    if sys.stdout is None:  # started with standard output closed (>&-)
        sys.stdout = _ClosedOutput()
    parser = build_parser()
    args = parser.parse_args(argv)

    def show(message, category, *_args, **_kwargs) -> None:
        print(f"framing: warning: {message}", file=sys.stderr)

    warnings.showwarning = show
    from framing.lexicon import LexiconError
    from framing.report import ReportError

    try:
        _check_one_standard_input(args)
        for name in ("corpus", "corpus_arg"):
            value = getattr(args, name, None)
            if isinstance(value, str) and not value.strip():
                raise CommandError("the corpus is an empty path (an unset variable?): give a "
                                   "corpus file or folder, 'sample', or '-' with --kind.")
        args.func(args)
    except (CommandError, LexiconError, ReportError, ValueError, KeyError,
            UnicodeDecodeError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        return _fail(message)
    except BrokenPipeError:
        # the reader went away (framing ... | head): stop quietly, as other tools do
        with suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 141
    except OSError as exc:
        return _fail(_os_message(exc))
    except MemoryError:
        return _fail(f"out of memory while running 'framing {args.command}' on this input. "
                     "Split the corpus into smaller files, or run where more memory is free.")
    except KeyboardInterrupt as exc:
        # a report says what was stopped and how (ReportInterrupted carries the exit code)
        print(f"framing: {str(exc) or 'interrupted'}", file=sys.stderr)
        return getattr(exc, "exit_code", 130)
    except Exception as exc:  # a bug, not a user error: one line, traceback on request
        if os.environ.get("FRAMING_DEBUG"):
            raise
        print(f"framing: error: unexpected {type(exc).__name__}: {_one_line(exc)}. This is "
              "probably a bug in framing: run again with FRAMING_DEBUG=1 for the traceback "
              "and report it.", file=sys.stderr)
        return 1
    return 0


_STANDARD_INPUT = ("-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0")

# the options that read a file, by their argparse names
_INPUT_OPTIONS = {"corpus": "the corpus", "corpus_arg": "the corpus", "events": "--events",
                  "rejections": "--rejections", "lexicon": "--lexicon", "sheet": "the sheet",
                  "base": "--base"}


def _check_one_standard_input(args: argparse.Namespace) -> None:
    """Refuse two inputs read from standard input: the first would take all of it and the
    second read nothing (or the corpus as events), with an error about the wrong thing."""
    readers = [label for name, label in _INPUT_OPTIONS.items()
               if str(getattr(args, name, None) or "") in _STANDARD_INPUT]
    readers = list(dict.fromkeys(readers))
    if len(readers) > 1:
        raise CommandError(f"{' and '.join(readers)} {'both' if len(readers) == 2 else 'all'} "
                           "read standard input, which can be read only once: save all but "
                           "one of them to a file first.")


class _ClosedOutput(io.TextIOBase):
    """Standard output when the command was started without one: writing to it is an
    error (Python would otherwise drop the output and exit 0)."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if not text:
            return 0
        raise OSError(errno.EBADF, "standard output is closed")


def _one_line(value: object) -> str:
    return " ".join(str(value).split())


def _fail(message: object) -> int:
    print(f"framing: error: {_one_line(message)}", file=sys.stderr)
    return 2


_OS_ADVICE = {
    errno.ENOSPC: "no space left on the device: free some space or write elsewhere",
    errno.EDQUOT: "disk quota exceeded: free some space or write elsewhere",
    errno.EFBIG: "the file grew larger than allowed here: write it elsewhere",
    errno.EACCES: "permission denied: choose a path you can read or write",
    errno.EPERM: "operation not permitted: choose a path you can read or write",
    errno.EROFS: "the file system is read-only: write elsewhere",
    errno.EISDIR: "it is a folder: give a file path",
    errno.ENOTDIR: "a part of the path is a file, not a folder: check the path",
    errno.ENOENT: "no such file or folder: check the path",
    errno.ENAMETOOLONG: "the file name is too long: use a shorter one",
    errno.EBADF: "standard output is closed, so nothing was written: leave it open, or "
                 "write to a file with --out where the command has it",
}


def _os_message(exc: OSError) -> str:
    """One line naming the path and what to do, for an error of the operating system."""
    if exc.filename is None and exc.errno is None:
        return str(exc)
    if exc.filename is None and exc.errno == errno.EBADF:
        return f"{_OS_ADVICE[errno.EBADF]}."
    def shown(name: object) -> str:  # a path of thousands of characters is cut
        text = str(name)
        return text if len(text) <= 200 else f"{text[:60]}... ({len(text):,} characters)"

    where = " → ".join(shown(f) for f in (exc.filename, exc.filename2) if f is not None)
    advice = _OS_ADVICE.get(exc.errno or -1, f"{exc.strerror or exc}: check the path")
    if exc.filename is None and exc.errno not in _OS_ADVICE and not exc.strerror:
        return str(exc)
    return f"{where}: {advice}." if where else f"{advice} ({exc.strerror or exc})."


if __name__ == "__main__":
    sys.exit(main())
