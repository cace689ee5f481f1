"""Time Run All of each notebook on the sample, cold and warm, against the 5 s target.

"Cold" is the first Run All in a new kernel (imports, first scoring, font
loading); "warm" is a second Run All in the same kernel, which is what a
person sees after changing a parameter and running everything again. The
baseline, measured in the same run, is one bare kernel executing ``1 + 1``
round trips: the floor of any cell. Cells are run as JupyterLab runs them,
with outputs and rich display (the charts' PNG) produced.

"cpu" is the kernel's own CPU time in its fastest warm run: on a busy machine
the wall times grow with the load, the CPU time much less.

Run from the project folder::

    python benchmarks/bench_notebooks.py [--repeat 2] [--cells]

Not a test: it prints numbers and asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from tempfile import TemporaryDirectory

REPO = Path(__file__).resolve().parents[1]
TARGET = 5.0


def _run_all(client, nb, scratch: Path) -> tuple[float, list[float]]:
    """Execute every code cell of ``nb`` in the client's kernel; total and per-cell seconds.

    After the parameters cell, ``output_dir`` is pointed at ``scratch`` (as papermill's
    injected cell would), so the project's own reports folder is left alone.
    """
    per_cell = []
    t0 = time.perf_counter()
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        c0 = time.perf_counter()
        client.execute_cell(cell, index)
        if "parameters" in cell.metadata.get("tags", []):
            client.execute_cell(_code(f"output_dir = {str(scratch)!r}"), index)
        per_cell.append(time.perf_counter() - c0)
    return time.perf_counter() - t0, per_cell


def _kernel_cpu(client) -> float:
    """CPU seconds the kernel process has used so far (user + system)."""
    import psutil

    times = psutil.Process(client.km.provisioner.process.pid).cpu_times()
    return times.user + times.system


def time_notebook(path: Path, scratch: Path, repeat: int
                  ) -> tuple[float, list[float], list[float], float]:
    """Cold seconds, warm seconds (one per repeat), the last warm run's per-cell times, and
    the kernel's CPU seconds in its fastest warm run (what the wall time would be on an
    idle machine: the kernel works on one core)."""
    import jupytext
    from nbclient import NotebookClient

    nb = jupytext.read(path)
    client = NotebookClient(nb, kernel_name="python3", timeout=600,
                            resources={"metadata": {"path": str(path.parent)}})
    with client.setup_kernel(cwd=str(path.parent), stderr=subprocess.DEVNULL):
        cold, _ = _run_all(client, nb, scratch)
        warm, cells, cpu = [], [], []
        for _ in range(repeat):
            before = _kernel_cpu(client)
            seconds, cells = _run_all(client, nb, scratch)
            cpu.append(_kernel_cpu(client) - before)
            warm.append(seconds)
    return cold, warm, cells, min(cpu)


def _code(source: str):
    import nbformat

    return nbformat.v4.new_code_cell(source)


def bare_round_trip_seconds() -> float:
    """One kernel answering ten trivial cells: the floor of a notebook's Run All."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")] * 10)
    client = NotebookClient(nb, kernel_name="python3", timeout=60)
    with client.setup_kernel(stderr=subprocess.DEVNULL):
        client.execute_cell(nb.cells[0], 0)
        t0 = time.perf_counter()
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2, help="warm runs per notebook")
    parser.add_argument("--cells", action="store_true", help="print per-cell warm times")
    parser.add_argument("notebooks", nargs="*", help="notebook names (default: all)")
    args = parser.parse_args()
    os.chdir(REPO)
    paths = sorted((REPO / "notebooks").glob("[0-9]*.py"))
    if args.notebooks:
        paths = [p for p in paths if any(p.stem.startswith(n) for n in args.notebooks)]
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}")
    floor = bare_round_trip_seconds()
    print(f"baseline: ten trivial cells in a warm kernel: {floor:.2f} s")
    print(f"{'notebook':<28}{'cold':>7}{'warm':>7}{'cpu':>7}{'/target':>9}{'/baseline':>11}")
    with TemporaryDirectory() as scratch:
        for path in paths:
            cold, warm, cells, cpu = time_notebook(path, Path(scratch), args.repeat)
            best = min(warm)
            print(f"{path.stem:<28}{cold:>7.1f}{best:>7.1f}{cpu:>7.1f}{best / TARGET:>9.2f}"
                  f"{best / floor:>11.0f}", flush=True)
            if args.cells:
                print("    per cell (warm): " + ", ".join(f"{s:.2f}" for s in cells))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
