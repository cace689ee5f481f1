"""The ``framing`` command line: score, corpus info, lexicon tools, report.

Every command reads its inputs, writes new files only (``--overwrite`` to
replace), and exits with status 2 and a one-line ``framing: error: ...``
message on bad input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["main"]


class CommandError(Exception):
    """A user-facing error: printed without a traceback, exit status 2."""


def _check_new(path: Path, overwrite: bool) -> None:
    if path.exists() and not overwrite:
        raise CommandError(f"{path} exists; pass --overwrite to replace it.")
    path.parent.mkdir(parents=True, exist_ok=True)


def _corpus_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("corpus", help="a folder of .txt files (with optional manifest.csv), "
                        "a .csv/.tsv/.jsonl/.json/.parquet file, a folder of SaudiNewsNet "
                        "zips, or 'sample'")
    parser.add_argument("--kind", help="corpus kind when it cannot be told from the path "
                        "(txt, csv, tsv, jsonl, json, parquet, saudinewsnet)")
    parser.add_argument("--encoding", help="text encoding of the corpus files "
                        "(default: detect UTF-8, UTF-16 or Windows-1256)")
    parser.add_argument("--text-column", help="column holding the text (tables)")
    parser.add_argument("--id-column", help="column holding the document id (tables)")
    parser.add_argument("--date-column", help="column holding the date (tables)")
    parser.add_argument("--outlet-column", help="column holding the outlet (tables)")


def _load_options(args: argparse.Namespace) -> dict:
    options = {
        "kind": args.kind,
        "encoding": args.encoding,
        "text_column": args.text_column,
        "id_column": args.id_column,
        "date_column": args.date_column,
        "outlet_column": args.outlet_column,
    }
    return {k: v for k, v in options.items() if v is not None}


def _load(args: argparse.Namespace):
    from framing.corpus import load_corpus

    return load_corpus(args.corpus, **_load_options(args))


def _cmd_score(args: argparse.Namespace) -> None:
    import framing

    out = Path(args.out)
    _check_new(out, args.overwrite)
    hits_path = Path(args.hits) if args.hits else None
    if hits_path is not None:
        if hits_path.suffix.lower() not in (".parquet", ".csv"):
            raise CommandError(f"--hits must end in .parquet or .csv; got {hits_path.name}.")
        _check_new(hits_path, args.overwrite)
    lexicon = framing.load_lexicon(args.lexicon)
    progress = False if args.no_progress else None
    if args.engine == "dask":
        from framing.dask_engine import score_dask

        scores = score_dask(args.corpus, lexicon, scheduler=args.scheduler, kind=args.kind,
                            text_column=args.text_column or "text",
                            id_column=args.id_column or "doc_id", weighted=args.weighted,
                            n_workers=max(args.jobs, 1))
        scores.counts.to_csv(out, index=False)
        if hits_path is not None:
            if hits_path.suffix.lower() == ".parquet":
                scores.hits.to_parquet(hits_path, index=False)
            else:
                scores.hits.to_csv(hits_path, index=False)
        n_docs, n_hits, from_cache = len(scores.counts), len(scores.hits), False
    else:
        # results stream to Parquet and from there to the outputs: bounded memory
        import shutil

        from framing.scoring import score_to_folder, write_counts_csv, write_hits

        folder, from_cache = score_to_folder(
            args.corpus, lexicon, weighted=args.weighted, jobs=args.jobs,
            cache=not args.no_cache, progress=progress, **_load_options(args))
        try:
            write_counts_csv(folder, out)
            if hits_path is not None:
                write_hits(folder, hits_path)
            import pyarrow.parquet as pq

            n_docs = pq.ParquetFile(folder / "counts.parquet").metadata.num_rows
            n_hits = pq.ParquetFile(folder / "hits.parquet").metadata.num_rows
        finally:
            if args.no_cache:
                shutil.rmtree(folder, ignore_errors=True)
    source = " (from the cache)" if from_cache else ""
    print(f"scored {n_docs} documents{source}: {n_hits} hits in "
          f"{len(lexicon.categories)} categories → {out}", file=sys.stderr)


def _scored_table(args: argparse.Namespace):
    """Counts of the corpus with its outlet and date columns (scored through the cache)."""
    import framing
    from framing.indicators import attach_metadata

    lexicon = framing.load_lexicon(args.lexicon)
    corpus = _load(args)
    if str(args.corpus) == "sample":
        scores = framing.score(corpus, lexicon, progress=False)
    else:
        scores = framing.score_path(args.corpus, lexicon, progress=False,
                                    **_load_options(args))
    return corpus, attach_metadata(scores.counts, corpus), lexicon


def _cmd_aggregate(args: argparse.Namespace) -> None:
    from framing.aggregate import aggregate

    out = Path(args.out)
    _check_new(out, args.overwrite)
    _, scores, lexicon = _scored_table(args)
    table = aggregate(scores, by=args.by, freq=args.freq, lexicon=lexicon, n_boot=args.n_boot,
                      min_docs=args.min_docs, random_state=args.seed)
    table.to_csv(out, index=False)
    print(f"{len(table)} rows (group × period × category) → {out}", file=sys.stderr)


def _cmd_keyness(args: argparse.Namespace) -> None:
    from framing.keyness import keyness

    out = Path(args.out)
    _check_new(out, args.overwrite)
    if args.features == "categories":
        corpus, scores, lexicon = _scored_table(args)
    else:  # word keyness reads the texts only
        corpus, scores, lexicon = _load(args), None, args.lexicon
    if args.before_after:
        mode, groups, options = "before_after", "date", {"date": args.before_after}
    elif args.a:
        mode, groups, options = "pair", args.by, {"a": args.a, "b": args.b}
    else:
        mode, groups, options = "one_vs_rest", args.by, {}
    table = keyness(
        scores if args.features == "categories" else corpus, groups, mode=mode,
        features=args.features, strip_clitics=args.strip_clitics,
        ngram_range=(1, args.ngram), min_count=args.min_count, lexicon=lexicon,
        variance=args.variance, **options)
    table.to_csv(out, index=False)
    print(f"{len(table)} terms ({mode}) → {out}", file=sys.stderr)


def _cmd_corpus_info(args: argparse.Namespace) -> None:
    from framing.audit import audit, format_audit

    print(format_audit(audit(_load(args))))


def _cmd_lexicon_check(args: argparse.Namespace) -> None:
    import framing

    lexicon = framing.load_lexicon(args.lexicon)
    matcher = framing.Matcher(lexicon)
    print(f"{lexicon.name}: {len(lexicon.dimensions)} dimensions, {len(lexicon.categories)} "
          f"categories, {len(lexicon.terms)} terms, {matcher.n_forms} written forms; "
          f"hash {lexicon.hash[:12]}")
    for dim in lexicon.dimensions:
        cats = ", ".join(f"{c.id} ({len(c.terms)})" for c in dim.categories)
        print(f"  {dim.id}: {cats}")


def _cmd_lexicon_export(args: argparse.Namespace) -> None:
    import framing
    from framing import lexicon_formats

    lexicon = framing.load_lexicon(args.lexicon)
    out = Path(args.out)
    if args.to == "yaml":
        lexicon.to_yaml(out, overwrite=args.overwrite)
    elif args.to == "quanteda":
        lexicon_formats.write_quanteda(lexicon, out, overwrite=args.overwrite)
    else:
        lexicon_formats.write_liwc(lexicon, out, overwrite=args.overwrite)
    print(f"wrote {out}", file=sys.stderr)


def _cmd_report(args: argparse.Namespace) -> None:
    from framing.report import run_report

    params: dict[str, str] = {}
    for key, value in args.parameter or []:
        params[key] = value
    result = run_report(corpus=args.corpus, out=Path(args.out), parameters=params,
                        overwrite=args.overwrite, notebooks=args.notebook or None,
                        notebooks_dir=args.notebooks_dir, jobs=args.jobs)
    print(f"report written to {result}", file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="framing",
        description="Measure how news outlets frame events through word choice.",
    )
    from framing import __version__

    parser.add_argument("--version", action="version", version=f"framing {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    score = sub.add_parser("score", help="count framing labels per document")
    _corpus_options(score)
    score.add_argument("--out", required=True, help="counts CSV to write (one row per document)")
    score.add_argument("--hits", help="also write every hit (.parquet or .csv)")
    score.add_argument("--lexicon", default="default", help="lexicon file or shipped name")
    score.add_argument("--weighted", action="store_true", help="sum term weights")
    score.add_argument("--jobs", type=int, default=1,
                       help="worker processes (-1: one per core; default 1)")
    score.add_argument("--no-cache", action="store_true",
                       help="score again even if an identical run is cached")
    score.add_argument("--engine", choices=["local", "dask"], default="local",
                       help="'dask' scores Parquet/JSONL partitions on a Dask cluster")
    score.add_argument("--scheduler", default="local",
                       help="with --engine dask: 'local' or a scheduler address")
    score.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    score.add_argument("--overwrite", action="store_true", help="replace existing outputs")
    score.set_defaults(func=_cmd_score)

    agg = sub.add_parser("aggregate", help="rates and label shares per outlet (× period), "
                         "with intervals")
    _corpus_options(agg)
    agg.add_argument("--out", required=True, help="CSV to write (one row per group × period × "
                     "category)")
    agg.add_argument("--by", nargs="+", default=["outlet"], help="grouping columns")
    agg.add_argument("--freq", choices=["D", "W", "M"], help="also split by day, week or month")
    agg.add_argument("--lexicon", default="default")
    agg.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples")
    agg.add_argument("--min-docs", type=int, default=5, help="flag cells with fewer documents")
    agg.add_argument("--seed", type=int, default=0, help="bootstrap seed")
    agg.add_argument("--overwrite", action="store_true")
    agg.set_defaults(func=_cmd_aggregate)

    key = sub.add_parser("keyness", help="words or labels typical of one outlet against others "
                         "(Fightin' Words z-scores)")
    _corpus_options(key)
    key.add_argument("--out", required=True, help="CSV to write")
    key.add_argument("--by", default="outlet", help="the column whose groups are compared")
    key.add_argument("--a", help="compare this group ...")
    key.add_argument("--b", help="... with this one (default: all others)")
    key.add_argument("--before-after", metavar="DATE",
                     help="compare documents from DATE on with those before it")
    key.add_argument("--features", choices=["words", "categories"], default="words")
    key.add_argument("--strip-clitics", action="store_true",
                     help="cut proclitics (و ف ب ك ل ال لل) when three letters remain")
    key.add_argument("--ngram", type=int, default=1, help="longest n-gram (default 1)")
    key.add_argument("--min-count", type=int, default=5, help="least corpus count of a term")
    key.add_argument("--variance", choices=["monroe", "full"], default="monroe")
    key.add_argument("--lexicon", default="default")
    key.add_argument("--overwrite", action="store_true")
    key.set_defaults(func=_cmd_keyness)

    corpus = sub.add_parser("corpus", help="corpus tools")
    corpus_sub = corpus.add_subparsers(dest="corpus_command", required=True)
    info = corpus_sub.add_parser("info", help="audit a corpus: outlets, months, duplicates")
    _corpus_options(info)
    info.set_defaults(func=_cmd_corpus_info)

    lexicon = sub.add_parser("lexicon", help="lexicon tools")
    lexicon_sub = lexicon.add_subparsers(dest="lexicon_command", required=True)
    check = lexicon_sub.add_parser("check", help="validate a lexicon and summarise it")
    check.add_argument("lexicon", nargs="?", default="default")
    check.set_defaults(func=_cmd_lexicon_check)
    export = lexicon_sub.add_parser("export", help="write a lexicon as YAML, quanteda or LIWC")
    export.add_argument("lexicon")
    export.add_argument("--to", choices=["yaml", "quanteda", "liwc"], required=True)
    export.add_argument("--out", required=True)
    export.add_argument("--overwrite", action="store_true")
    export.set_defaults(func=_cmd_lexicon_export)

    report = sub.add_parser("report", help="run the notebooks into a report folder")
    report.add_argument("--corpus", default="sample", help="corpus path or 'sample'")
    report.add_argument("--out", required=True, help="report folder")
    report.add_argument("-p", "--parameter", nargs=2, action="append",
                        metavar=("KEY", "VALUE"), help="notebook parameter (repeatable)")
    report.add_argument("--notebook", action="append",
                        help="run only this notebook (repeatable; default: all)")
    report.add_argument("--notebooks-dir", default="notebooks",
                        help="folder of percent-format notebooks (default: ./notebooks)")
    report.add_argument("--overwrite", action="store_true")
    report.add_argument("--jobs", type=int, default=2,
                        help="notebooks run at once, each in its own kernel (default 2; "
                             "-1: one per core)")
    report.set_defaults(func=_cmd_report)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``framing`` command."""
    import warnings

    parser = build_parser()
    args = parser.parse_args(argv)

    def show(message, category, *_args, **_kwargs) -> None:
        print(f"framing: warning: {message}", file=sys.stderr)

    warnings.showwarning = show
    from framing.lexicon import LexiconError
    from framing.report import ReportError

    try:
        args.func(args)
    except (CommandError, LexiconError, ReportError, FileNotFoundError, FileExistsError,
            ValueError, KeyError, UnicodeDecodeError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        print(f"framing: error: {message}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
