"""Command-line options shared by the commands: the corpus's, and the lexicon's.

:func:`corpus_options` adds the corpus argument and the options of
:func:`framing.load_corpus` (``--kind``, ``--encoding``, the column names,
``--on-bad-date``); :func:`load_options` turns them back into its keywords.

``--overlap``, ``--levels``, ``--exact`` and ``--on-conflict`` reach
:func:`framing.load_lexicon` from ``framing score``, ``aggregate``,
``keyness``, ``shifts`` and the ``lexicon`` tools. Without them the lexicon is
passed on by name or path (``"default"`` then means each language's default
lexicon); with them it is loaded here. Problems raise ``ValueError``, which
the command prints as one line.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from framing.lexicon import Lexicon

__all__ = ["corpus_options", "csv_to_write", "file_to_write", "lexicon_from_args",
           "lexicon_options", "load_options"]

def file_to_write(value: str) -> str:
    """Argument type of an option naming a file to write: a path that ends in a slash names
    a folder, and was written as a file of the folder's name."""
    if value.endswith(("/", "\\")) and value.strip("/\\"):
        raise argparse.ArgumentTypeError(
            f"{value!r} ends in a slash, so it names a folder; give the path of a file to write "
            "(for example a name inside that folder)")
    return value


_NOT_CSV = (".parquet", ".pq", ".xlsx", ".xlsm", ".xls", ".ods", ".json", ".jsonl",
            ".ndjson", ".tsv", ".tab", ".feather", ".arrow", ".yaml", ".yml", ".html", ".txt")


def csv_to_write(value: str) -> str:
    """Argument type of an option naming a CSV file to write: a name ending in another data
    format's extension (.parquet, .xlsx ...) would hold CSV under that name."""
    value = file_to_write(value)
    suffix = Path(value).suffix.lower()
    if suffix in _NOT_CSV:
        raise argparse.ArgumentTypeError(
            f"{value!r}: this table is written as CSV, not {suffix[1:]}; give a name ending "
            "in .csv")
    return value


# load_lexicon's parameter -> the command-line option that sets it
_OPTION = {"overlap": "--overlap", "levels": "--levels", "clitics": "--exact",
           "on_conflict": "--on-conflict"}


def corpus_options(parser: argparse.ArgumentParser, *, dates: bool = True) -> None:
    """The corpus argument and the options of ``load_corpus``; ``dates=False`` for a
    command that does not use the dates (no --date-column or --on-bad-date)."""
    parser.add_argument("corpus", help="a folder of .txt files (with optional manifest.csv), "
                        "a .csv/.tsv/.jsonl/.json/.parquet/.xlsx file, a folder of Parquet files "
                        "or of SaudiNewsNet zips, 'sample', or '-' for standard input (with "
                        "--kind)")
    parser.add_argument("--kind", help="corpus kind when it cannot be told from the path "
                        "(txt, csv, tsv, jsonl, json, parquet, xlsx, saudinewsnet); needed for a "
                        "pipe, FIFO or '-', which is read once")
    parser.add_argument("--encoding", help="text encoding of the corpus files "
                        "(default: detect UTF-8, UTF-16 or Windows-1256)")
    parser.add_argument("--text-column", help="column holding the text (tables)")
    parser.add_argument("--id-column", help="column holding the document id (tables)")
    if dates:
        parser.add_argument("--date-column", help="column holding the date (tables)")
    parser.add_argument("--outlet-column", help="column holding the outlet (tables)")
    if dates:
        parser.add_argument("--on-bad-date", choices=["error", "nat"], default=None,
                            help="an unreadable date (a Hijri year, 2016-02-30...) stops with "
                            "an error naming it (default), or 'nat' keeps it as an unknown "
                            "date and warns with the count")


def load_options(args: argparse.Namespace) -> dict:
    """The ``load_corpus`` keywords the corpus options were given (those left out are
    not passed, so its defaults apply)."""
    names = ("kind", "encoding", "text_column", "id_column", "date_column", "outlet_column",
             "on_bad_date")
    return {name: getattr(args, name) for name in names
            if getattr(args, name, None) is not None}


def lexicon_options(parser: argparse.ArgumentParser, name: str = "--lexicon") -> None:
    """Options of ``load_lexicon`` for an imported dictionary (quanteda, LIWC, WordStat...)."""
    parser.add_argument("--overlap", choices=["exclusive", "independent"],
                        help=f"how the categories of {name} share words: 'exclusive' (a word "
                        "counts in one span, the codebook's rule and our YAML's default) or "
                        "'independent' (every key counts every word it lists, as quanteda "
                        "and LIWC; the default for imported dictionaries)")
    parser.add_argument("--levels", metavar="N[,N...]",
                        help="quanteda or WordStat dictionaries with nested keys: the key "
                        "level(s) to count, e.g. 1 or 1,2 (default: the deepest keys)")
    parser.add_argument("--exact", action="store_true",
                        help="imported dictionaries: match Arabic words only as written "
                        "(default: also with the proclitics و ف ب ك ل ال)")
    parser.add_argument("--on-conflict", choices=["error", "first"],
                        help="LIWC files read with --overlap exclusive: a word under several "
                        "categories is an error (default) or kept in its first")


def lexicon_from_args(args: argparse.Namespace, name: str = "lexicon", *,
                      positional: bool = False) -> str | Lexicon:
    """The lexicon as given (a name or path), or loaded with the options given for it.

    ``positional``: the lexicon is the command's argument (``lexicon check FILE``),
    not ``--lexicon``, which the messages then say.
    """
    from framing.lexicon import load_lexicon

    given = getattr(args, name)
    options: dict = {}
    if args.overlap is not None:
        options["overlap"] = args.overlap
    if args.levels is not None:
        try:
            parts = args.levels.split(",")
            if not all(part.strip().isascii() and part.strip().isdigit() for part in parts):
                raise ValueError(args.levels)  # "1_0" or "+1" would pass int()
            levels = [int(part) for part in parts]
            if min(levels) < 1:
                raise ValueError(args.levels)
        except ValueError:
            raise ValueError(f"--levels {args.levels!r}: give key levels as whole numbers "
                             "from 1 (the top keys), e.g. 1 or 1,2.") from None
        options["levels"] = levels[0] if len(levels) == 1 else levels
    if args.exact:
        options["clitics"] = False
    if args.on_conflict is not None:
        options["on_conflict"] = args.on_conflict
    if not options:
        return given
    from framing.lexicon import available_lexicons

    if given in available_lexicons() and not Path(given).is_file():
        listed = ", ".join(_OPTION[key] for key in options)
        how = "as the lexicon" if name != "lexicon" or positional else "with --lexicon"
        raise ValueError(f"{listed} appl{'ies' if len(options) == 1 else 'y'} to a "
                         f"dictionary file given {how}; the shipped lexicons ({given} here) "
                         f"keep the codebook's rules. Give a dictionary file or leave {listed} "
                         "out.")
    try:
        return load_lexicon(given, **options)
    except TypeError as exc:  # an option the file's format does not take
        raise ValueError(f"--lexicon {given}: {exc}") from None
