"""Run the workbook's notebooks in batch into one report folder.

``run_report`` converts each percent-format notebook (``notebooks/*.py``,
the reviewed text files) to ``.ipynb`` with jupytext, executes it with
papermill, injecting the corpus, the output folder and any ``-p`` parameters
into the cell tagged ``parameters``, and writes a run manifest and an
``index.html`` linking everything. A failing notebook does not stop the
others; the run then fails, naming the notebook and the cell's error.

Notebooks are independent (each writes its own figures and tables), so
``jobs`` of them run at once, each in its own kernel; before they start, the
corpus is scored once into the cache that every notebook then reads.
"""

from __future__ import annotations

import html
import json
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

__all__ = ["ReportError", "find_notebooks", "run_report"]


class ReportError(RuntimeError):
    """One or more notebooks failed; the other outputs were kept."""


@dataclass
class _NotebookRun:
    name: str
    output: Path
    seconds: float = 0.0
    error: str | None = None
    outputs: list[str] = field(default_factory=list)


def find_notebooks(folder: str | Path = "notebooks", names: list[str] | None = None
                   ) -> list[Path]:
    """The percent-format notebooks of ``folder``, in name order (or those named)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(
            f"No notebooks folder at {folder.resolve()}. Run from the project folder or pass "
            "notebooks_dir=... (framing report --notebooks-dir ...)."
        )
    found = sorted(p for p in folder.glob("*.py") if not p.name.startswith("_"))
    if names:
        by_stem = {p.stem: p for p in found}
        missing = [n for n in names if Path(n).stem not in by_stem]
        if missing:
            raise FileNotFoundError(
                f"No notebook named {', '.join(missing)} in {folder}; available: "
                f"{', '.join(by_stem)}."
            )
        found = [by_stem[Path(n).stem] for n in names]
    if not found:
        raise FileNotFoundError(f"No notebooks (*.py, percent format) in {folder}.")
    return found


def _write_index(out: Path, runs: list[_NotebookRun], manifest: dict[str, Any]) -> None:
    figures = sorted((out / "figures").glob("*.png")) if (out / "figures").is_dir() else []
    tables = sorted((out / "tables").glob("*.csv")) if (out / "tables").is_dir() else []
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>framing report: {esc(str(manifest['corpus']))}</title>",
        "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto}"
        "img{max-width:100%;border:1px solid #ddd}.fail{color:#b00}</style></head><body>",
        f"<h1>framing report</h1><p>Corpus: <code>{esc(str(manifest['corpus']))}</code>; "
        f"lexicon <code>{esc(manifest['lexicon'])}</code> "
        f"(<code>{esc(manifest['lexicon_hash'][:12])}</code>); framing "
        f"{esc(manifest['framing_version'])}; finished {esc(manifest['finished'])}.</p>",
        "<h2>Notebooks</h2><ul>",
    ]
    for run in runs:
        status = (f' <span class="fail">failed: {esc(run.error)}</span>' if run.error
                  else f" ({run.seconds:.1f} s)")
        parts.append(f'<li><a href="{esc(run.output.name)}">{esc(run.name)}</a>{status}</li>')
    parts.append("</ul>")
    if figures:
        parts.append("<h2>Figures</h2>")
        for fig in figures:
            rel = fig.relative_to(out).as_posix()
            parts.append(f'<figure><img src="{esc(rel)}" alt="{esc(fig.stem)}">'
                         f"<figcaption>{esc(fig.stem)}</figcaption></figure>")
    if tables:
        parts.append("<h2>Tables</h2><ul>")
        parts += [f'<li><a href="{esc(t.relative_to(out).as_posix())}">{esc(t.name)}</a></li>'
                  for t in tables]
        parts.append("</ul>")
    checks = (sorted(p for p in (out / "validation").rglob("*") if p.is_file())
              if (out / "validation").is_dir() else [])
    if checks:
        parts.append("<h2>Validation</h2><ul>")
        parts += [f'<li><a href="{esc(c.relative_to(out).as_posix())}">'
                  f"{esc(c.relative_to(out).as_posix())}</a></li>" for c in checks]
        parts.append("</ul>")
    parts.append('<p><a href="manifest.json">Run manifest</a></p></body></html>')
    (out / "index.html").write_text("\n".join(parts), encoding="utf-8")


def _execute(source: str, output: str, parameters: dict[str, Any], kernel_name: str,
             cwd: str) -> tuple[str | None, float]:
    """Run one notebook with papermill (in a worker process): (error or None, seconds)."""
    import papermill

    t0 = time.perf_counter()
    try:
        papermill.execute_notebook(source, output, parameters=parameters,
                                   kernel_name=kernel_name, progress_bar=False, cwd=cwd)
    except papermill.PapermillExecutionError as exc:
        return f"cell {exc.exec_count}: {exc.ename}: {exc.evalue}", time.perf_counter() - t0
    except Exception as exc:  # the kernel died, or could not start
        return f"{type(exc).__name__}: {exc}", time.perf_counter() - t0
    return None, time.perf_counter() - t0


def _warm_cache(corpus: str, params: dict[str, Any], jobs: int) -> None:
    """Score the corpus into the cache once, as every notebook's load_study would.

    Only when the notebooks score the whole corpus (no outlet or date filter),
    which is when load_study reads the cache.
    """
    from framing.workbook import parse_parameter

    if corpus == "sample" or any(parse_parameter(params.get(k)) for k in
                                 ("outlets", "date_from", "date_to")):
        return
    import framing

    kind = parse_parameter(params.get("corpus_kind"))
    framing.score_path(corpus, parse_parameter(params.get("lexicon")) or "default",
                       jobs=jobs, progress=False,
                       **({"kind": kind} if kind else {}))


def run_report(
    *,
    corpus: str | Path = "sample",
    out: str | Path,
    parameters: dict[str, Any] | None = None,
    overwrite: bool = False,
    notebooks: list[str] | None = None,
    notebooks_dir: str | Path = "notebooks",
    kernel_name: str = "python3",
    progress: bool | None = None,
    jobs: int = 2,
) -> Path:
    """Execute the notebooks on ``corpus`` into the folder ``out``.

    Parameters
    ----------
    corpus : str or Path
        Anything :func:`framing.load_corpus` reads, or ``"sample"``.
    out : str or Path
        Report folder; must be new or empty unless ``overwrite``.
    parameters : dict, optional
        Extra notebook parameters (strings from the command line are passed
        as strings; notebooks convert them).
    notebooks : list of str, optional
        Notebook names to run (default: all in ``notebooks_dir``).
    jobs : int, default 2
        Notebooks run at once, each in its own kernel (and memory); -1: one
        per core.

    Returns
    -------
    Path
        The report folder, holding executed notebooks, ``figures/``,
        ``tables/``, ``manifest.json`` and ``index.html``.

    Raises
    ------
    ReportError
        If any notebook failed (after all were tried and the index written).
    """
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from multiprocessing import get_context

    import jupytext
    import papermill
    from tqdm.auto import tqdm

    import framing
    from framing.cache import corpus_fingerprint
    from framing.scoring import _check_jobs

    # everything that can be refused is checked before the report folder is touched
    out = Path(out)
    if out.exists() and any(out.iterdir()) and not overwrite:
        raise FileExistsError(f"{out} exists and is not empty; pass overwrite=True "
                              "(--overwrite) to write into it.")
    jobs = _check_jobs(jobs, "framing.run_report (framing report --jobs)")
    corpus_arg = str(corpus)
    if corpus_arg != "sample":
        corpus_arg = str(Path(corpus_arg).resolve())
        if not Path(corpus_arg).exists():
            raise FileNotFoundError(f"No corpus at {corpus_arg}.")
    paths = find_notebooks(notebooks_dir, notebooks)
    params = {"corpus": corpus_arg, "output_dir": str(out.resolve())}
    params.update(parameters or {})
    # notebooks run in the report folder: a lexicon file named relative to here must
    # be given to them as an absolute path
    lexicon_arg = params.get("lexicon")
    if isinstance(lexicon_arg, str) and Path(lexicon_arg).is_file():
        params["lexicon"] = lexicon_arg = str(Path(lexicon_arg).resolve())
    lexicon = framing.load_lexicon(lexicon_arg or "default")
    notebooks_in = []
    for path in paths:
        notebook = jupytext.read(path)
        # a notebook without a header still runs, in the report's kernel
        notebook.metadata.setdefault("kernelspec", {"name": kernel_name, "language": "python",
                                                    "display_name": "Python 3"})
        notebook.metadata.setdefault("language_info", {"name": "python"})
        notebooks_in.append((path, notebook))
    declared: set[str] = set()
    with TemporaryDirectory() as scratch:
        names_of = {}
        for path, notebook in notebooks_in:
            jupytext.write(notebook, Path(scratch) / f"{path.stem}.ipynb")
            names_of[path.stem] = set(papermill.inspect_notebook(
                str(Path(scratch) / f"{path.stem}.ipynb")))
            declared |= names_of[path.stem]
    unknown = sorted(set(parameters or {}) - declared)
    if unknown:
        raise ValueError(
            f"No notebook has the parameter(s) {', '.join(unknown)}. Parameters: "
            f"{', '.join(sorted(declared))}."
        )

    out.mkdir(parents=True, exist_ok=True)
    # an earlier run's manifest and index would make an unfinished run look complete
    for marker in ("manifest.json", "index.html"):
        (out / marker).unlink(missing_ok=True)
    started = datetime.now(UTC).isoformat(timespec="seconds")
    source_dir = out / "_sources"
    source_dir.mkdir(exist_ok=True)
    sources = []
    for path, notebook in notebooks_in:
        source = source_dir / f"{path.stem}.ipynb"
        jupytext.write(notebook, source)
        sources.append((path, source, names_of[path.stem]))
    jobs = min(jobs, len(sources))
    _warm_cache(corpus_arg, params, jobs)
    by_name = {path.stem: _NotebookRun(path.stem, out / f"{path.stem}.ipynb")
               for path, _, _ in sources}
    bar = tqdm(total=len(sources), unit="notebook",
               disable=None if progress is None else not progress)
    # spawned workers: a forked copy of this process would share its state
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn"))
    try:
        futures = {
            pool.submit(_execute, str(source), str(by_name[path.stem].output),
                        {k: v for k, v in params.items() if k in names}, kernel_name,
                        str(out.resolve())): by_name[path.stem]
            for path, source, names in sources
        }
        for done, future in enumerate(as_completed(futures), start=1):
            run = futures[future]
            try:
                run.error, run.seconds = future.result()
            except Exception as exc:  # the worker process itself died
                run.error = f"{type(exc).__name__}: {exc}"
            bar.set_description(run.name)
            bar.update()
            if bar.disable and progress is not False:
                # no live bar (not a terminal): one line per notebook instead
                status = f"failed: {run.error}" if run.error else f"{run.seconds:.1f} s"
                print(f"[{done}/{len(sources)}] {run.name}: {status}", file=sys.stderr,
                      flush=True)
    except BaseException:
        # interrupted: start no more notebooks; no manifest marks the folder complete
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        pool.shutdown(wait=True)
        bar.close()
    runs = [by_name[path.stem] for path, _, _ in sources]
    manifest = {
        "corpus": corpus_arg,
        "corpus_hash": corpus_fingerprint(corpus_arg),
        "lexicon": lexicon.name,
        "lexicon_hash": lexicon.hash,
        "framing_version": framing.__version__,
        "parameters": params,
        "started": started,
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "notebooks": [
            {"name": r.name, "output": r.output.name, "seconds": round(r.seconds, 2),
             "error": r.error}
            for r in runs
        ],
    }
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2),
                                       encoding="utf-8")
    _write_index(out, runs, manifest)
    failed = [r for r in runs if r.error]
    if failed:
        details = "; ".join(f"{r.name}: {r.error}" for r in failed)
        raise ReportError(f"{len(failed)} of {len(runs)} notebooks failed ({details}). The "
                          f"other outputs are in {out}.")
    return out
