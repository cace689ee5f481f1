"""``framing lexicon discover`` and ``framing lexicon grow``: propose terms, keep the good ones.

::

    framing lexicon discover CORPUS --category militia --out candidates.csv
    framing lexicon grow candidates.csv --out my_lexicon.yaml --base default

``discover`` writes the candidate table (CSV or XLSX, by the suffix of
``--out``) with an empty ``decision`` column; mark rows ``accept`` or
``reject``, then ``grow`` writes the accepted ones into a lexicon (usable at
once with ``framing score --lexicon my_lexicon.yaml``) and appends the rejected
ones to the rejections file, which ``discover --rejections`` reads so they are
not proposed again. Neither command replaces a file without ``--overwrite``.

``grow`` checks everything before it writes anything: ``--out`` ends in
``.yaml`` or ``.yml``; the rejections file is a ``.csv`` that reads as one (or
does not exist yet); every marked row has its category and key; no candidate
is marked twice; no accepted entry takes written forms from a term of another
category (its hits would silently count for the accepted entry's category). The
sheet and the rejections file must be regular files of at most 64 MiB: a
device, pipe or larger file is refused unread. A sheet with no row marked is
refused; with rows rejected but none accepted, only the rejections are written
(no lexicon). A sheet saved with semicolons as separators (Excel where the
comma is the decimal mark) is read as such; a workbook named ``.csv`` is
named, to rename it ``.xlsx``.

:func:`add_discover_parser` adds both to the ``lexicon`` subcommands of
:mod:`framing.cli`, whose ``main()`` turns errors into one line
(``framing: error: ...``, exit status 2).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from framing.cli_options import (
    corpus_options,
    file_to_write,
    lexicon_from_args,
    lexicon_options,
    load_options,
)

__all__ = ["add_discover_parser", "cmd_lexicon_discover", "cmd_lexicon_grow"]


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _check_out(out: Path, overwrite: bool, inputs: list[Path], option: str = "--out") -> None:
    """Refuse an output that exists (without --overwrite), is a folder, or is an input."""
    if out.is_dir():
        raise ValueError(f"{option} {out} is a folder; give a file path.")
    for given in inputs:
        if _same_file(out, given) or (given.is_dir() and
                                      os.path.realpath(out).startswith(
                                          os.path.realpath(given) + os.sep)):
            raise ValueError(f"{option} {out} is an input of this command; write elsewhere.")
    if out.exists() and not overwrite:
        raise ValueError(f"{option} {out} exists; pass --overwrite to replace it.")


def _check_numbers(args: argparse.Namespace) -> None:
    """Refuse a --top, --dim, --min-count or --seed out of range, naming the option."""
    for option, value, low in (("--top", args.top, 1), ("--dim", args.dim, 2),
                               ("--min-count", args.min_count, 1), ("--seed", args.seed, 0)):
        if value < low:
            raise ValueError(f"{option} {value}: give a whole number of at least {low}.")


def cmd_lexicon_discover(args: argparse.Namespace) -> None:
    """Rank candidates for one category and write them as a sheet to read and mark.

    The corpus's dates play no part, so unreadable ones are kept as unknown
    (no --on-bad-date here). A --rejections file that does not exist is warned
    about in one line and nothing is left out (grow creates it); one that
    exists is checked before the corpus is read.
    """
    from framing.corpus import is_stream, missing_path, regular_copy
    from framing.discover import (
        DiscoveryError,
        _read_undated,
        discover,
        read_rejections,
        write_candidates,
    )

    _check_numbers(args)
    corpus, out = Path(args.corpus), Path(args.out)
    stream = is_stream(args.corpus)
    if args.corpus not in ("sample", "-") and not corpus.exists():
        raise ValueError(f"No corpus at {missing_path(corpus)}: give a corpus file or folder, "
                         "or 'sample'.")
    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise ValueError(f"--out {out}: write the candidates as a .csv or .xlsx file.")
    inputs = [corpus] if args.corpus not in ("sample", "-") else []
    if args.rejections:
        inputs.append(Path(args.rejections))
        read_rejections(args.rejections)  # a damaged file is named before the training
    _check_out(out, args.overwrite, inputs)
    options = load_options(args)
    lexicon = lexicon_from_args(args)
    with regular_copy(args.corpus, args.kind, encoding=args.encoding) as path:
        # a stream, or a file read with options, is read here; the vectors' cache is
        # then keyed by the table's content instead of the file's bytes
        source = _read_undated(path, **options) if options or stream else str(path)
        try:
            table = discover(source, args.category, lexicon=lexicon, top=args.top,
                             rejections=args.rejections, seed=args.seed, dim=args.dim,
                             min_count=args.min_count, cache=not args.no_cache)
        except DiscoveryError as exc:
            # the Python message names the parameters; here the options are meant
            raise DiscoveryError(str(exc).replace(
                "lower dim= / min_count=",
                f"lower --dim (now {args.dim}) or --min-count (now {args.min_count})")
            ) from None
    out.parent.mkdir(parents=True, exist_ok=True)
    write_candidates(table, out, overwrite=args.overwrite)
    print(f"wrote {len(table)} candidates for {args.category} to {out}; mark the 'decision' "
          f"column accept or reject, then run: framing lexicon grow {out} --out "
          "LEXICON.yaml", file=sys.stderr)


def cmd_lexicon_grow(args: argparse.Namespace) -> None:
    """Write the accepted candidates of a sheet as a lexicon; remember the rejected ones.

    Everything is checked before anything is written (see
    :func:`framing.discover.grow_lexicon`); with rows rejected but none
    accepted, only the rejections are written. The last line says what was.
    """
    from framing.discover import _grow

    sheet, out = Path(args.sheet), Path(args.out)
    if not sheet.exists():  # a folder, device or pipe is named by _grow, unread
        raise ValueError(f"no candidates sheet at {sheet}: give the .csv or .xlsx file "
                         "'framing lexicon discover' wrote.")
    if out.suffix.lower() not in (".yaml", ".yml"):
        raise ValueError(f"--out {out}: a grown lexicon is a YAML file; give a name ending "
                         "in .yaml or .yml.")
    _check_out(out, args.overwrite, [sheet])
    # the rejections file is checked by _grow, with everything else, before anything is
    # written
    rejections = Path(args.rejections) if args.rejections else out.with_suffix(".rejected.csv")
    grown = _grow(sheet, out, base=args.base, rejections=rejections, name=args.name,
                  overwrite=args.overwrite)
    if grown.rejected:
        already = grown.rejected - grown.appended
        kept = (f"{grown.appended} rejected candidate(s) added to {rejections}"
                + (f" ({already} listed there already)" if already else ""))
    else:
        kept = f"no candidate rejected, so nothing was added to {rejections}"
    if grown.lexicon is None:
        print(f"no candidate accepted, so no lexicon was written to {out}; {kept}.",
              file=sys.stderr)
    else:
        print(f"wrote {out}: {grown.lexicon.description} {kept[0].upper()}{kept[1:]}.",
              file=sys.stderr)


def add_discover_parser(lexicon_subparsers: argparse._SubParsersAction) -> None:
    """Add ``discover`` and ``grow`` to the ``framing lexicon`` subcommands."""
    discover = lexicon_subparsers.add_parser(
        "discover", help="propose words and phrases the corpus uses like a category's terms")
    corpus_options(discover, dates=False)
    discover.add_argument("--category", required=True, help="category id of the lexicon")
    discover.add_argument("--out", required=True, type=file_to_write,
                          help="candidates sheet (.csv or .xlsx)")
    discover.add_argument("--lexicon", default="default",
                          help="what is already counted (name or YAML file; default: default)")
    discover.add_argument("--top", type=int, default=50, help="candidates written (default 50)")
    discover.add_argument("--rejections", type=file_to_write,
                          help="rejections file: its words are not proposed "
                          "(a path with no file is warned about)")
    discover.add_argument("--seed", type=int, default=0,
                          help="seed of the vectors' training (default 0)")
    discover.add_argument("--dim", type=int, default=200,
                          help="size of the word vectors (default 200)")
    discover.add_argument("--min-count", type=int, default=5,
                          help="fewest uses for a word to get a vector (default 5)")
    discover.add_argument("--no-cache", action="store_true",
                          help="train the vectors again even if they are cached")
    discover.add_argument("--overwrite", action="store_true")
    lexicon_options(discover)
    discover.set_defaults(func=cmd_lexicon_discover)

    grow = lexicon_subparsers.add_parser(
        "grow", help="write the accepted candidates of a sheet as a lexicon")
    grow.add_argument("sheet", help="candidates sheet with its 'decision' column filled in")
    grow.add_argument("--out", required=True, type=file_to_write, help="lexicon YAML to write")
    grow.add_argument("--base", default="default",
                      help="lexicon the new file extends (a shipped name or a path; default: "
                      "default)")
    grow.add_argument("--rejections", type=file_to_write,
                      help="rejections .csv file to append to, created if missing (default: "
                      "OUT with .rejected.csv)")
    grow.add_argument("--name", help="name of the new lexicon (default: BASE-grown)")
    grow.add_argument("--overwrite", action="store_true")
    grow.set_defaults(func=cmd_lexicon_grow)
