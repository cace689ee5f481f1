"""Run the workbook's notebooks in batch into one report folder.

``run_report`` converts each percent-format notebook (``notebooks/*.py``,
the reviewed text files) to ``.ipynb`` with jupytext, executes it with
papermill, injecting the corpus, the output folder and any ``-p`` parameters
into the cell tagged ``parameters``, and writes a run manifest and an
``index.html`` (:mod:`framing.report_index`) built from what this run wrote.
A failing notebook does not stop the others; the run then fails, naming the
notebook and the cell's error.

How it runs, and why:

* Notebooks run in ``jobs`` worker processes, each in a session of its own,
  each executing one notebook at a time. A worker starts its kernel before a
  notebook is handed to it, while the corpus is scored once into the cache
  that every notebook then reads, and keeps that kernel for its next
  notebooks: between two, the kernel is cleared (user namespace and history,
  figures, matplotlib settings, warning filters, environment, working folder,
  cell numbers), so a notebook finds nothing of the one before, but the
  imports stay (seconds of CPU per notebook). A kernel that cannot be cleared
  (it died or hangs) is replaced by a new one.
* Every process of the run (workers, kernels, the scoring pass) is a
  descendant the runner can find, so Ctrl-C or SIGTERM stops all of them
  within seconds, and leaves no manifest or index that would make the
  folder look finished (:class:`ReportInterrupted`).
* Each kernel gets ``FRAMING_RUN_ID`` and ``FRAMING_NOTEBOOK``, so the
  outputs ledger (:mod:`framing.outputs`) tells this run's files from an
  earlier run's or from files put there by hand; the index lists only them.
* Kernels and workers log to a scratch file, not to the console: the run
  prints one line per notebook and a summary.
* The notebooks that took longest in the last report of the same corpus (or,
  for a new corpus, in the last report run here) are handed out first, so
  that a long one does not start last while the other worker idles. The
  times are kept in the cache folder (``.report-durations.json``, which
  clearing the cache keeps); without them the notebooks run in name order.
"""

from __future__ import annotations

import ast
import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

__all__ = ["INTERRUPTED_MARKER", "ReportError", "ReportInterrupted", "find_notebooks",
           "notebook_parameters", "run_report"]

#: File left in a report folder whose run was stopped by a signal.
INTERRUPTED_MARKER = "INTERRUPTED.txt"

#: Parameters the runner sets itself; ``-p`` may not change them.
RESERVED_PARAMETERS = {
    "output_dir": "the report folder is --out (out=...)",
    "corpus": "the corpus is --corpus (corpus=...)",
}

#: Modules a worker imports into each kernel before its first notebook is handed over,
#: and the kernel's settings noted then, to be put back between notebooks.
_KERNEL_PRELOAD = ("import os, numpy, pandas, matplotlib.pyplot\n"
                   "try:\n    import framing, framing.workbook, framing.report\n"
                   "    framing.report._note_kernel_state()\nexcept Exception:\n    pass\n")

#: Run in a kernel between two notebooks (see :func:`_clear_kernel_state`).
_KERNEL_CLEAR = "import framing.report\nframing.report._clear_kernel_state()\n"

#: The kernel's settings after the preload (set inside kernels only).
_KERNEL_STATE: dict[str, Any] = {}


class ReportError(RuntimeError):
    """One or more notebooks failed; the other outputs were kept."""


class ReportInterrupted(KeyboardInterrupt):
    """The run was stopped by a signal; every process it started was stopped with it.

    ``exit_code`` is the shell's status for the signal (130 for SIGINT, 143 for
    SIGTERM). A subclass of ``KeyboardInterrupt``, so code that stops on Ctrl-C
    stops on it too.
    """

    def __init__(self, message: str, signum: int) -> None:
        super().__init__(message)
        self.signum = signum
        self.exit_code = 128 + signum

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass
class _NotebookRun:
    name: str
    output: Path
    seconds: float = 0.0
    error: str | None = None
    outputs: list[str] = field(default_factory=list)


_DURATIONS = ".report-durations.json"
_DURATIONS_KEPT = 50  # corpora whose notebook times are remembered


_DURATIONS_MAX_BYTES = 1 << 20  # a times file larger than this is not read


def _read_durations() -> dict[str, Any]:
    """The notebook times of earlier reports: ``{"latest": {...}, "by_corpus": {...}}``.

    Only a regular file of sane size is read (a FIFO there would block the run),
    and anything wrong with it counts as no times: they only order the notebooks.
    """
    import stat

    from framing.cache import cache_dir

    path = cache_dir() / _DURATIONS
    try:
        info = path.lstat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > _DURATIONS_MAX_BYTES:
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def _seconds(value: Any) -> float | None:
    """A notebook's recorded time as seconds, or None if it is not a sane number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        seconds = float(value)
    except OverflowError:
        return None
    return seconds if 0 <= seconds < 1e7 else None  # also rules out NaN and infinity


def _known_durations(corpus_hash: str) -> dict[str, float]:
    """Seconds per notebook in the last report of this corpus, else of any corpus."""
    data = _read_durations()
    by_corpus = data.get("by_corpus")
    times = by_corpus.get(corpus_hash) if isinstance(by_corpus, dict) else None
    if not isinstance(times, dict):
        times = data.get("latest")
    if not isinstance(times, dict):
        return {}
    known = {name: _seconds(sec) for name, sec in times.items() if isinstance(name, str)}
    return {name: sec for name, sec in known.items() if sec is not None}


def _record_durations(corpus_hash: str, runs: list[_NotebookRun]) -> None:
    """Remember this run's notebook times (best effort: a cache that cannot be written
    only loses the ordering)."""
    from framing.cache import cache_dir

    times = {r.name: round(r.seconds, 2) for r in runs if r.seconds and not r.error}
    if not times:
        return
    data = _read_durations()
    by_corpus = data.get("by_corpus") if isinstance(data.get("by_corpus"), dict) else {}
    by_corpus = {key: value for key, value in by_corpus.items() if isinstance(value, dict)}
    by_corpus.pop(corpus_hash, None)
    by_corpus[corpus_hash] = times
    while len(by_corpus) > _DURATIONS_KEPT:
        by_corpus.pop(next(iter(by_corpus)))
    folder = cache_dir()
    temporary = folder / f".{_DURATIONS}.{os.getpid()}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps({"latest": times, "by_corpus": by_corpus}),
                             encoding="utf-8")
        os.replace(temporary, folder / _DURATIONS)
    except (OSError, ValueError, RecursionError):
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def _run_order(paths: list[Path], durations: dict[str, float]) -> list[Path]:
    """Longest known notebook first; one never timed goes before them (it may be long);
    equal times keep name order."""
    return sorted(paths, key=lambda path: -durations.get(path.stem, float("inf")))


def default_notebooks_dir() -> Path:
    """``./notebooks`` when there is one; else the project's notebooks folder beside the
    package's source (an editable install, as ``make report`` makes), so that ``framing
    report`` runs from any folder; else ``./notebooks`` (which find_notebooks reports)."""
    here = Path("notebooks")
    if here.is_dir():
        return here
    project = Path(__file__).resolve().parents[2] / "notebooks"
    if project.is_dir() and (project.parent / "pyproject.toml").is_file():
        return project
    return here


def find_notebooks(folder: str | Path | None = None, names: list[str] | None = None
                   ) -> list[Path]:
    """The percent-format notebooks of ``folder`` (default: :func:`default_notebooks_dir`),
    in name order (or those named)."""
    folder = default_notebooks_dir() if folder is None else Path(folder)
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
        # a notebook named twice runs once (twice, both runs would write the same files)
        found = [by_stem[stem] for stem in dict.fromkeys(Path(n).stem for n in names)]
    if not found:
        raise FileNotFoundError(f"No notebooks (*.py, percent format) in {folder}.")
    return found


_CELL_START = re.compile(r"^# %%(?P<header>.*)$")
_TAGS = re.compile(r"\btags=(\[[^\]]*\])")


def notebook_parameters(path: str | Path) -> list[str]:
    """Names assigned in the ``parameters`` cell of a percent-format notebook.

    Read from the text (no jupytext or papermill import), so options can be
    checked in a fraction of a second before anything runs.

    Raises
    ------
    ValueError
        If the parameters cell is not valid Python (naming the file and line).
    """
    path = Path(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    start = None
    for number, line in enumerate(lines):
        match = _CELL_START.match(line)
        if not match:
            continue
        if start is not None:
            lines = lines[start:number]
            break
        tags = _TAGS.search(match.group("header"))
        if tags:
            try:
                names = json.loads(tags.group(1))
            except json.JSONDecodeError:
                names = []
            if "parameters" in names:
                start = number + 1
    else:
        if start is None:
            return []
        lines = lines[start:]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError as exc:
        raise ValueError(f"{path}, line {start + (exc.lineno or 1)}: the parameters cell is "
                         f"not valid Python ({exc.msg}); fix the notebook.") from None
    found: list[str] = []
    for node in tree.body:
        targets = (node.targets if isinstance(node, ast.Assign)
                   else [node.target] if isinstance(node, ast.AnnAssign) else [])
        for target in targets:
            if isinstance(target, ast.Name) and target.id not in found:
                found.append(target.id)
    return found


# --- processes ---------------------------------------------------------------------------


def _tree(procs: list[subprocess.Popen]) -> list[Any]:
    """The live processes of ``procs`` and all their descendants (psutil objects)."""
    import psutil

    found: dict[int, Any] = {}
    for proc in procs:
        try:
            root = psutil.Process(proc.pid)
            found[root.pid] = root
            for child in root.children(recursive=True):
                found[child.pid] = child
        except psutil.NoSuchProcess:
            continue
    return list(found.values())


def _stop_trees(procs: list[subprocess.Popen], grace: float = 0.0) -> None:
    """Stop ``procs`` and every process below them, for good.

    All are first suspended (a stopped process starts no new child), the tree
    is collected again until it no longer grows, then everything is killed.
    Kernels run in sessions of their own, so killing process groups alone
    would miss them; the tree walk does not.
    """
    import psutil

    if grace > 0:
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and any(p.poll() is None for p in procs):
            time.sleep(0.05)
    seen: dict[int, Any] = {}
    for _ in range(20):
        tree = [p for p in _tree(procs) if p.pid not in seen]
        for process in list(seen.values()):
            try:
                tree += [c for c in process.children(recursive=True) if c.pid not in seen]
            except psutil.NoSuchProcess:
                continue
        if not tree:
            break
        for process in tree:
            seen[process.pid] = process
            try:
                process.suspend()
            except psutil.NoSuchProcess:
                continue
    for process in seen.values():
        try:
            process.kill()
        except psutil.NoSuchProcess:
            continue
    psutil.wait_procs(list(seen.values()), timeout=3)
    for proc in procs:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=1)


def _spawn(code: str, env: dict[str, str], log: Path, **kwargs: Any) -> subprocess.Popen:
    """A Python process running ``code`` in a session of its own, logging to ``log``."""
    with log.open("ab") as log_file:
        return subprocess.Popen(
            [sys.executable, "-c", code], env=env, stdout=kwargs.pop("stdout", log_file),
            stderr=log_file, start_new_session=True, **kwargs)


class _Worker:
    """One worker process: takes notebooks on stdin, answers one JSON line each."""

    def __init__(self, number: int, env: dict[str, str], log: Path, cwd: str) -> None:
        self.number = number
        self.log = log
        self.proc = _spawn("from framing.report import _worker_main; _worker_main()", env,
                           log, stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=cwd)
        self.busy: _NotebookRun | None = None
        self.buffer = b""

    def send(self, job: dict[str, Any]) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write((json.dumps(job) + "\n").encode("utf-8"))
        self.proc.stdin.flush()

    def close(self) -> None:
        if self.proc.stdin is not None and not self.proc.stdin.closed:
            with contextlib.suppress(OSError):
                self.proc.stdin.close()

    def log_tail(self, lines: int = 3) -> str:
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        except OSError:
            return ""
        return " | ".join(text[-lines:])


# --- the worker (runs in its own process) -------------------------------------------------


class _SkipModule:
    """Import finder that makes one optional module look absent."""

    def __init__(self, name: str) -> None:
        self.name = name

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> None:
        if fullname == self.name or fullname.startswith(self.name + "."):
            raise ImportError(f"{fullname} is not used by the report workers")
        return None


def _start_kernel(kernel_name: str, cwd: str) -> Any:
    """A started kernel (KernelManager) with the report's usual modules imported."""
    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name=kernel_name)
    km.start_kernel(cwd=cwd)
    client = km.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        client.execute_interactive(_KERNEL_PRELOAD, silent=True, store_history=False,
                                   timeout=120, output_hook=lambda msg: None)
    finally:
        client.stop_channels()
    return km


def _note_kernel_state() -> None:
    """In a fresh kernel: note what a notebook may change that :func:`_clear_kernel_state`
    puts back (matplotlib's settings, warning filters, environment, folder, chart font)."""
    import warnings

    import matplotlib

    from framing import plots

    _KERNEL_STATE.update(rc=dict(matplotlib.rcParams), filters=list(warnings.filters),
                         environ=dict(os.environ), cwd=os.getcwd(), font=plots.get_font())


def _clear_kernel_state() -> None:
    """In a kernel that ran a notebook: make it as the next notebook would find a new one.

    The user namespace and its history go (IPython's reset), figures are closed,
    and matplotlib's settings, the warning filters, the environment, the working
    folder and the chart font are put back as noted after the preload; cell
    numbers start again at 1. Modules stay imported: that is the point of reusing
    the kernel (about three seconds of CPU per notebook).
    """
    import warnings

    import matplotlib
    import matplotlib.pyplot as plt
    from IPython import get_ipython

    from framing import plots

    if not _KERNEL_STATE:
        raise RuntimeError("this kernel's state was not noted after its preload")
    shell = get_ipython()
    shell.reset(new_session=False)
    plt.close("all")
    dict.update(matplotlib.rcParams, _KERNEL_STATE["rc"])  # as rc_context restores them
    warnings.filters[:] = _KERNEL_STATE["filters"]
    mutated = getattr(warnings, "_filters_mutated", None)
    if mutated is not None:  # tells the C side the filters changed (private, Python 3.11)
        mutated()
    for name in set(os.environ) - set(_KERNEL_STATE["environ"]):
        del os.environ[name]
    os.environ.update(_KERNEL_STATE["environ"])
    os.chdir(_KERNEL_STATE["cwd"])
    plots._settings["font"] = _KERNEL_STATE["font"]
    shell.execution_count = 1


def _clear_kernel(km: Any) -> bool:
    """Clear a kernel that ran a notebook, for the next one; False if it cannot be reused."""
    if not km.is_alive():
        return False
    client = km.client()
    client.start_channels()
    try:
        reply = client.execute_interactive(_KERNEL_CLEAR, silent=True, store_history=False,
                                           timeout=30, output_hook=lambda msg: None)
    except Exception:  # the kernel is stuck or gone
        return False
    finally:
        client.stop_channels()
    return reply.get("content", {}).get("status") == "ok"


def _set_kernel_env(km: Any, values: dict[str, str]) -> None:
    """Set environment variables inside a running kernel (silently, out of its history)."""
    client = km.client()
    client.start_channels()
    try:
        client.execute_interactive(f"import os\nos.environ.update({values!r})\n", silent=True,
                                   store_history=False, timeout=30,
                                   output_hook=lambda msg: None)
    finally:
        client.stop_channels()


def _run_notebook(job: dict[str, Any], km: Any) -> str | None:
    """Convert, clean and execute one notebook in ``km``: the error, or None."""
    import jupytext
    import papermill

    notebook = jupytext.read(job["source"])
    # executed notebooks are plain .ipynb: the pairing with the .py would make JupyterLab
    # refuse to open them ("matches none of the export formats")
    notebook.metadata.pop("jupytext", None)
    notebook.metadata.setdefault("kernelspec", {"name": job["kernel_name"],
                                                "language": "python",
                                                "display_name": "Python 3"})
    notebook.metadata.setdefault("language_info", {"name": "python"})
    _set_kernel_env(km, {"FRAMING_NOTEBOOK": job["name"]})
    from nbclient.exceptions import DeadKernelError

    # papermill waits for the kernel's output with the manager's client and no time limit:
    # a blocking client would wait for ever on a kernel killed mid-cell (out of memory,
    # kill -9); an asynchronous one lets nbclient notice within a second that it died
    km.client_class = "jupyter_client.asynchronous.AsyncKernelClient"
    try:
        papermill.execute_notebook(notebook, job["output"], parameters=job["parameters"],
                                   kernel_name=job["kernel_name"], progress_bar=False,
                                   cwd=job["cwd"], km=km)
    except papermill.PapermillExecutionError as exc:
        return f"cell {exc.exec_count}: {exc.ename}: {exc.evalue}"
    except DeadKernelError:
        return ("the kernel died while the notebook ran (killed, or out of memory); the "
                "notebook stopped there")
    except Exception as exc:  # the notebook could not be read or written
        return f"{type(exc).__name__}: {exc}"
    finally:
        km.client_class = "jupyter_client.blocking.BlockingKernelClient"
    return None


def _watch_parent(kernels: list[Any]) -> None:
    """Stop this worker and its kernel when the runner disappears (e.g. killed -9)."""
    import threading

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        for km in kernels:
            with contextlib.suppress(Exception):
                km.shutdown_kernel(now=True)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _worker_main() -> None:
    """Entry point of a worker process (see :class:`_Worker`)."""
    import logging
    import warnings

    # answers go to the original stdout; everything else (papermill's and the kernel's
    # logging, warnings) to the worker's log file, which stdout and stderr now point to
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    warnings.simplefilter("ignore")
    logging.basicConfig(level=logging.WARNING)
    # jsonschema builds a parser for IRI formats at import (seconds of CPU per process);
    # notebook validation never checks those formats
    sys.meta_path.insert(0, _SkipModule("rfc3987_syntax"))
    spec = json.loads(os.environ["FRAMING_REPORT_WORKER"])
    kernels: list[Any] = []
    _watch_parent(kernels)
    import papermill  # noqa: F401  (imported while the first kernel starts)

    def start() -> Any:
        try:
            km = _start_kernel(spec["kernel_name"], spec["cwd"])
        except Exception as exc:
            print(f"kernel did not start: {type(exc).__name__}: {exc}", file=sys.stderr)
            return None
        kernels.append(km)
        return km

    def stop(km: Any) -> None:
        with contextlib.suppress(Exception):
            km.shutdown_kernel(now=True)
        kernels.remove(km)

    km = start()
    used = False
    for line in sys.stdin:
        job = json.loads(line)
        t0 = time.perf_counter()
        # a kernel that ran a notebook is cleared for the next; one that cannot be (it
        # died, hangs, or has no framing) is replaced by a new kernel
        if km is not None and used and not _clear_kernel(km):
            stop(km)
            km = None
        if km is None:
            km, used = start(), False
        if km is None:
            error: str | None = "the kernel did not start (see the worker's log)"
        else:
            error = _run_notebook(job, km)
            used = True
        answers.write(json.dumps({"name": job["name"], "error": error,
                                  "seconds": time.perf_counter() - t0}) + "\n")
    for km in list(kernels):
        stop(km)


# --- the runner ---------------------------------------------------------------------------


def _inside(folder: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _check_out(out: Path, corpus_arg: str, notebooks_dir: Path, overwrite: bool) -> None:
    """Refuse a report folder that is a file, the corpus, inside the notebooks, or in use."""
    if out.exists() and not out.is_dir():
        raise FileExistsError(f"{out} is a file, not a folder; give --out (out=...) a folder "
                              "name that is new or holds an earlier report.")
    if corpus_arg != "sample":
        corpus_path = Path(corpus_arg)
        if out.resolve() == corpus_path.resolve() or _inside(out, corpus_path) or (
                corpus_path.is_dir() and _inside(corpus_path, out)):
            raise ValueError(f"The report folder {out} overlaps the corpus {corpus_arg}; "
                             "write the report somewhere else.")
    if notebooks_dir.is_dir() and _inside(notebooks_dir, out):
        raise ValueError(f"The report folder {out} is inside the notebooks folder "
                         f"{notebooks_dir}; write the report somewhere else.")
    if out.exists() and any(out.iterdir()) and not overwrite:
        raise FileExistsError(f"{out} exists and is not empty; pass overwrite=True "
                              "(--overwrite) to write into it.")


def _remove_earlier_run(out: Path) -> list[str]:
    """Delete what earlier runs of framing wrote into ``out`` (ledger, manifest); keep the rest.

    Returns the removed paths (relative). Files framing did not record are never
    touched, and never listed by the new index either.
    """
    from framing.outputs import LEDGER, _ledger_lines

    named: set[str] = {entry["path"] for entry in _ledger_lines(out)}
    manifest_path = out / "manifest.json"
    if manifest_path.is_file():
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            manifest = {}
        if isinstance(manifest, dict):
            named |= {f for f in manifest.get("files", []) if isinstance(f, str)}
            named |= {n.get("output") for n in manifest.get("notebooks", [])
                      if isinstance(n, dict) and isinstance(n.get("output"), str)}
    named |= {"manifest.json", "index.html", INTERRUPTED_MARKER, LEDGER}
    removed = []
    for relative in sorted(named):
        path = out / relative
        # a ledger line naming a path outside the folder is not followed
        if (path.is_file() and not path.is_symlink() and _inside(out, path)) or (
                path.is_symlink() and _inside(out, path.parent)):
            path.unlink()
            removed.append(relative)
    return removed


def _install_signal_handlers() -> dict[int, Any]:
    """SIGTERM (and SIGINT) raise :class:`ReportInterrupted` in the runner; old handlers."""
    previous: dict[int, Any] = {}
    fired: list[int] = []

    def handler(signum: int, frame: Any) -> None:
        # a second Ctrl-C must not break off the clean-up the first one started
        if not fired:
            fired.append(signum)
            raise ReportInterrupted(signal.Signals(signum).name, signum)

    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            previous[signum] = signal.signal(signum, handler)
        except ValueError:  # not the main thread: signals stay with whoever handles them
            continue
    return previous


def _exit_quietly_on(exc: ReportInterrupted) -> None:
    """When ``exc`` ends the program, print one line and exit with its signal's status.

    Python would print a traceback for an uncaught KeyboardInterrupt; a command
    line that does not catch :class:`ReportInterrupted` still gets one line.
    """
    previous = sys.excepthook

    def hook(kind: type[BaseException], value: BaseException, tb: Any) -> None:
        if value is not exc:
            previous(kind, value, tb)
            return
        print(f"framing: error: {value}", file=sys.stderr, flush=True)
        signal.signal(exc.signum, signal.SIG_DFL)
        os.kill(os.getpid(), exc.signum)

    sys.excepthook = hook


def _corpus_summary(out: Path, files: list[str]) -> dict[str, str]:
    """``tables/corpus_summary.csv`` (item, value) as a dict; empty unless this run wrote it."""
    import csv

    path = out / "tables" / "corpus_summary.csv"
    if "tables/corpus_summary.csv" not in files or not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["item"]: row["value"] for row in csv.DictReader(fh)
                if row.get("item") is not None}


def run_report(
    *,
    corpus: str | Path = "sample",
    out: str | Path,
    parameters: dict[str, Any] | None = None,
    overwrite: bool = False,
    notebooks: list[str] | None = None,
    notebooks_dir: str | Path | None = None,
    kernel_name: str = "python3",
    progress: bool | None = None,
    jobs: int = 2,
    figure_formats: str | list[str] | tuple[str, ...] | None = None,
    cache: bool = True,
    corpus_name: str | None = None,
) -> Path:
    """Execute the notebooks on ``corpus`` into the folder ``out``.

    Parameters
    ----------
    corpus : str or Path
        Anything :func:`framing.load_corpus` reads, or ``"sample"``.
    out : str or Path
        Report folder; must be new or empty unless ``overwrite``. With
        ``overwrite``, what earlier runs of framing wrote there is removed
        first; other files are kept (and not listed).
    parameters : dict, optional
        Extra notebook parameters (strings from the command line are passed
        as strings; notebooks convert them). Not ``corpus`` or ``output_dir``.
    notebooks : list of str, optional
        Notebook names to run (default: all in ``notebooks_dir``).
    notebooks_dir : path, optional
        Folder of the notebooks; default :func:`default_notebooks_dir`
        (``./notebooks``, else the project's own).
    jobs : int, default 2
        Notebooks run at once, each in its own kernel (and memory); -1: one
        per core.
    figure_formats : str or sequence of str, optional
        Formats of saved figures (``"png,svg,pdf"`` or ``["png"]``), passed to
        the notebooks that have that parameter; default: theirs.
    cache : bool, default True
        False: no scoring pass into the cache, and the notebooks neither read
        nor write it (``FRAMING_NO_CACHE=1``).
    corpus_name : str, optional
        What the manifest and the index call the corpus (default: its path).
        The command line gives "standard input" or the pipe's path when the
        corpus was read from a stream into a temporary copy.

    Returns
    -------
    Path
        The report folder, holding executed notebooks, ``figures/``,
        ``tables/``, ``outputs.jsonl``, ``manifest.json`` and ``index.html``.

    Raises
    ------
    ReportError
        If any notebook failed (after all were tried and the index written).
    ReportInterrupted
        On Ctrl-C or SIGTERM: every worker and kernel has been stopped, no
        manifest or index is written, and ``INTERRUPTED.txt`` says so.
    """
    import framing
    from framing.cache import cache_enabled, corpus_fingerprint
    from framing.outputs import NOTEBOOK_ENV, RUN_ENV, read_outputs
    from framing.report_index import write_index
    from framing.scoring import _check_jobs
    from framing.workbook import parse_parameter

    # everything that can be refused is checked before the report folder is touched
    out = Path(out)
    notebooks_dir = default_notebooks_dir() if notebooks_dir is None else Path(notebooks_dir)
    jobs = _check_jobs(jobs, "framing.run_report (framing report --jobs)")
    reserved = sorted(set(parameters or {}) & set(RESERVED_PARAMETERS))
    if reserved:
        raise ValueError("; ".join(f"-p {name} is not allowed: {RESERVED_PARAMETERS[name]}"
                                   for name in reserved) + ".")
    corpus_arg = str(corpus)
    if corpus_arg != "sample":
        if not Path(corpus_arg).exists():
            from framing.corpus import missing_path

            raise FileNotFoundError(f"No corpus at {missing_path(corpus_arg)}: check the path, "
                                    "or give 'sample' for the embedded sample.")
        corpus_arg = str(Path(corpus_arg).resolve())
    _check_out(out, corpus_arg, notebooks_dir, overwrite)
    paths = find_notebooks(notebooks_dir, notebooks)
    names_of = {path.stem: set(notebook_parameters(path)) for path in paths}
    declared = set().union(*names_of.values())
    unknown = sorted(set(parameters or {}) - declared)
    if unknown:
        raise ValueError(
            f"No notebook has the parameter(s) {', '.join(unknown)}. Parameters: "
            f"{', '.join(sorted(declared))}."
        )
    params: dict[str, Any] = {"corpus": corpus_arg, "output_dir": str(out.resolve())}
    if figure_formats is not None:
        formats = ([f.strip() for f in figure_formats.split(",")]
                   if isinstance(figure_formats, str) else list(figure_formats))
        if not formats or not all(isinstance(f, str) and f for f in formats):
            raise ValueError(f"figure_formats must name formats such as 'png,svg,pdf'; got "
                             f"{figure_formats!r}.")
        params["figure_formats"] = ",".join(formats)
    params.update(parameters or {})
    # notebooks run in the report folder: a lexicon or events file named relative to
    # here must be given to them as an absolute path
    for name in ("lexicon", "events"):
        value = params.get(name)
        if isinstance(value, str) and Path(value).is_file():
            params[name] = str(Path(value).resolve())
    lexicon_arg = params.get("lexicon")
    lexicon = framing.load_lexicon(lexicon_arg or "default")
    use_cache = cache and cache_enabled()
    corpus_hash = corpus_fingerprint(corpus_arg)
    order = _run_order(paths, _known_durations(corpus_hash) if use_cache else {})

    out.mkdir(parents=True, exist_ok=True)
    # an earlier run's manifest and index would make an unfinished run look complete, and
    # its figures would be taken for this run's
    removed = _remove_earlier_run(out) if overwrite else []
    run_id = uuid.uuid4().hex
    started = datetime.now(UTC).isoformat(timespec="seconds")
    by_name = {path.stem: _NotebookRun(path.stem, out / f"{path.stem}.ipynb") for path in paths}
    jobs = min(jobs, len(paths))
    env = dict(os.environ)
    env[RUN_ENV] = run_id
    env.pop(NOTEBOOK_ENV, None)
    if not use_cache:
        env["FRAMING_NO_CACHE"] = "1"
    env["FRAMING_REPORT_WORKER"] = json.dumps({"kernel_name": kernel_name,
                                               "cwd": str(out.resolve())})
    quiet_lines = progress is not False
    previous_handlers = _install_signal_handlers()
    processes: list[subprocess.Popen] = []
    warm: subprocess.Popen | None = None
    interrupted: ReportInterrupted | None = None
    try:
        with TemporaryDirectory(prefix="framing-report-") as scratch:
            workers: list[_Worker] = []
            for k in range(jobs):
                workers.append(_Worker(k, env, Path(scratch) / f"worker-{k}.log",
                                       str(out.resolve())))
                processes.append(workers[-1].proc)
            warm = _start_warm_up(corpus_arg, params, jobs, env, Path(scratch), use_cache,
                                  parse_parameter)
            if warm is not None:
                processes.append(warm)
                if warm.wait() != 0:
                    raise _warm_up_error(Path(scratch), warm.returncode)
            _dispatch(workers, order, by_name, params, names_of, kernel_name, out,
                      progress, quiet_lines)
            for worker in workers:
                worker.close()
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and any(p.poll() is None for p in processes):
                time.sleep(0.05)
            _stop_trees(processes)
    except KeyboardInterrupt as exc:
        if warm is not None and warm.poll() is None:
            # scoring removes its temporary folder from the cache when asked to stop
            warm.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                warm.wait(timeout=3)
        _stop_trees(processes)
        if warm is not None and use_cache:
            # a scorer that was still tidying up when killed leaves its temporary folder;
            # its process is gone now, so the sweep removes it
            _sweep_cache()
        signum = exc.signum if isinstance(exc, ReportInterrupted) else signal.SIGINT
        interrupted = ReportInterrupted(
            f"report interrupted by {signal.Signals(signum).name}: every notebook was "
            f"stopped; {out} is incomplete (no manifest.json or index.html).", signum)
    except BaseException:
        _stop_trees(processes)
        raise
    finally:
        for signum, handler in previous_handlers.items():
            signal.signal(signum, handler)
    if interrupted is not None:
        done = [r.name for r in by_name.values() if r.seconds]
        (out / INTERRUPTED_MARKER).write_text(
            f"This report was interrupted ({datetime.now(UTC).isoformat(timespec='seconds')}, "
            f"run {run_id}) and is incomplete.\nNotebooks finished before the interrupt: "
            f"{', '.join(done) or 'none'}.\nRun framing report again with --overwrite.\n",
            encoding="utf-8")
        _exit_quietly_on(interrupted)
        raise interrupted
    runs = [by_name[path.stem] for path in paths]
    if use_cache:
        _record_durations(corpus_hash, runs)
    files = sorted(entry["path"] for entry in read_outputs(out, run_id))
    summary = _corpus_summary(out, files)
    manifest = {
        "run_id": run_id,
        "corpus": corpus_name or corpus_arg,
        "corpus_hash": corpus_hash,
        "lexicon": lexicon.name,
        "lexicon_hash": lexicon.hash,
        "lexicon_categories": {d.id: [c.id for c in d.categories]
                               for d in lexicon.dimensions},
        "framing_version": framing.__version__,
        "parameters": params,
        "cache": use_cache,
        "started": started,
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "notebooks": [
            {"name": r.name, "output": r.output.name, "seconds": round(r.seconds, 2),
             "error": r.error}
            for r in runs
        ],
        "files": files,
        "exclusions": {k: summary[k] for k in ("undated", "empty", "rejected",
                                               "near_duplicate_clusters") if k in summary},
        "removed_from_earlier_run": removed,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2),
                                       encoding="utf-8")
    write_index(out, manifest)
    failed = [r for r in runs if r.error]
    if failed:
        details = "; ".join(f"{r.name}: {r.error}" for r in failed)
        raise ReportError(f"{len(failed)} of {len(runs)} notebooks failed ({details}). The "
                          f"other outputs are in {out}.")
    return out


def _sweep_cache() -> None:
    """Remove the temporary folders of stopped scorers from the cache, quietly."""
    from framing.cache import cache_dir, sweep

    with contextlib.suppress(Exception):
        sweep(cache_dir())


def _start_warm_up(corpus: str, params: dict[str, Any], jobs: int, env: dict[str, str],
                   scratch: Path, use_cache: bool, parse_parameter: Any
                   ) -> subprocess.Popen | None:
    """Score the corpus into the cache once, as every notebook's load_study would.

    In a process of its own (stopped with the rest on an interrupt). Only when
    the notebooks score the whole corpus (no outlet or date filter), which is
    when load_study reads the cache.
    """
    if not use_cache or corpus == "sample" or any(
            parse_parameter(params.get(k)) for k in ("outlets", "date_from", "date_to")):
        return None
    kind = parse_parameter(params.get("corpus_kind"))
    lexicon = parse_parameter(params.get("lexicon")) or "default"
    options = {"kind": kind} if kind else {}
    failure = scratch / "warm-up.pickle"
    # The process leaves with os._exit once its work is published or its error written:
    # a library's thread torn down during the interpreter's shutdown can abort it
    # ("terminate called without an active exception") after the work was done.
    code = ("import os, pickle, sys\nimport framing\ntry:\n"
            f"    framing.score_path({corpus!r}, {lexicon!r}, jobs={jobs}, progress=False, "
            f"**{options!r})\n"
            "except Exception as exc:\n"
            f"    with open({str(failure)!r}, 'wb') as fh:\n"
            "        pickle.dump(exc, fh)\n"
            "    sys.stdout.flush(); sys.stderr.flush()\n"
            "    os._exit(3)\n"
            "sys.stdout.flush(); sys.stderr.flush()\n"
            "os._exit(0)\n")
    return _spawn(code, env, scratch / "warm-up.log")


def _warm_up_error(scratch: Path, status: int) -> BaseException:
    """The error that stopped the scoring pass, as raised there (the corpus's own message)."""
    import pickle

    try:
        with (scratch / "warm-up.pickle").open("rb") as fh:
            error = pickle.load(fh)
        if isinstance(error, BaseException):
            return error
    except Exception:
        pass
    log = (scratch / "warm-up.log").read_text(encoding="utf-8", errors="replace")
    tail = log.strip().splitlines()
    return RuntimeError(f"Scoring the corpus before the notebooks stopped (status {status})"
                        + (f": {tail[-1]}" if tail else "."))


def _dispatch(workers: list[_Worker], paths: list[Path], by_name: dict[str, _NotebookRun],
              params: dict[str, Any], names_of: dict[str, set[str]], kernel_name: str,
              out: Path, progress: bool | None, quiet_lines: bool) -> None:
    """Hand the notebooks to idle workers, one at a time, and collect the answers."""
    import selectors

    from tqdm.auto import tqdm

    pending = list(paths)
    bar = tqdm(total=len(paths), unit="notebook",
               disable=None if progress is None else not progress)
    selector = selectors.DefaultSelector()
    for worker in workers:
        assert worker.proc.stdout is not None
        os.set_blocking(worker.proc.stdout.fileno(), False)
        selector.register(worker.proc.stdout, selectors.EVENT_READ, worker)
    done = 0
    try:
        while done < len(paths):
            for worker in workers:
                if worker.busy is None and pending and worker.proc.poll() is None:
                    path = pending.pop(0)
                    run = by_name[path.stem]
                    worker.busy = run
                    worker.send({
                        "name": path.stem, "source": str(path.resolve()),
                        "output": str(run.output.resolve()), "kernel_name": kernel_name,
                        "cwd": str(out.resolve()),
                        "parameters": {k: v for k, v in params.items()
                                       if k in names_of[path.stem]},
                    })
            finished: list[_NotebookRun] = []
            for key, _ in selector.select(timeout=0.5):
                worker = key.data
                chunk = os.read(key.fd, 65536)
                if not chunk:  # the worker died
                    selector.unregister(key.fileobj)
                    if worker.busy is not None:
                        worker.proc.wait()
                        worker.busy.error = (f"the worker stopped (status "
                                             f"{worker.proc.returncode}): {worker.log_tail()}")
                        finished.append(worker.busy)
                        worker.busy = None
                    continue
                worker.buffer += chunk
                while b"\n" in worker.buffer:
                    line, worker.buffer = worker.buffer.split(b"\n", 1)
                    answer = json.loads(line)
                    run = by_name[answer["name"]]
                    run.error, run.seconds = answer["error"], answer["seconds"]
                    finished.append(run)
                    worker.busy = None
            if not selector.get_map() and pending:
                for path in pending:  # every worker is gone: nothing can run these
                    by_name[path.stem].error = "not run: every worker stopped"
                    finished.append(by_name[path.stem])
                pending.clear()
            for run in finished:
                done += 1
                bar.set_description(run.name)
                bar.update()
                if bar.disable and quiet_lines:
                    # no live bar (not a terminal): one line per notebook instead
                    status = f"failed: {run.error}" if run.error else f"{run.seconds:.1f} s"
                    print(f"[{done}/{len(paths)}] {run.name}: {status}", file=sys.stderr,
                          flush=True)
    finally:
        selector.close()
        bar.close()
