"""Time ``framing report`` on the sample and on SaudiNewsNet against the targets.

Targets: 20 s for the sample, 60 s for SaudiNewsNet (on a 2-core machine).
A baseline is measured in the same run, on the same machine and load: scoring
the corpus once plus starting and stopping one bare kernel, which is the
least any report has to do. Every time is printed with its ratio to the
target and to that baseline; the sample report is timed with PNG only and
with PNG, SVG and PDF. SaudiNewsNet is timed twice: a first report, and a
rerun that scores again (a cold cache) but knows the first run's notebook
times, so it starts the longest notebooks first, as a second report of a
corpus does. "cpu" is the CPU time of the run's processes (runner,
workers, kernels, scoring pass): with two cores the wall time cannot go below
half of it, and it moves much less than the wall time when others share the
machine.

Run from the project folder::

    python benchmarks/bench_report.py [--saudinewsnet FOLDER] [--jobs 2]

Scoring caches go to a temporary folder, so each report starts cold. Not a
test: it prints numbers and asserts nothing.
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
DEFAULT_SNN = REPO.parent / "shared" / "corpora" / "saudinewsnet"
TARGETS = {"sample": 20.0, "saudinewsnet": 60.0}


def bare_kernel_seconds() -> float:
    """Start one kernel, wait until it answers, stop it."""
    from jupyter_client.manager import KernelManager

    t0 = time.perf_counter()
    km = KernelManager(kernel_name="python3")
    km.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = km.client()
    client.start_channels()
    client.wait_for_ready(timeout=120)
    client.stop_channels()
    km.shutdown_kernel(now=True)
    return time.perf_counter() - t0


def scoring_seconds(corpus: str, jobs: int) -> float:
    """Score ``corpus`` once, without the cache."""
    import framing

    t0 = time.perf_counter()
    if corpus == "sample":
        framing.score(framing.load_sample(), progress=False)
    else:
        framing.score_path(corpus, jobs=jobs, cache=False, progress=False)
    return time.perf_counter() - t0


def _children_cpu() -> float:
    """CPU seconds of the finished child processes (workers with their kernels)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def report_seconds(corpus: str, jobs: int, formats: str, scratch: Path,
                   times_of: Path | None = None) -> tuple[float, float, Path]:
    """One full ``run_report`` into a fresh folder (a cold cache of its own): wall seconds,
    the CPU seconds of its processes (less sensitive to other work on the machine), and
    its cache folder. ``times_of``: a cache folder whose notebook times this run may use
    to order the notebooks (its scores are not used)."""
    import shutil

    from framing.report import run_report

    cache = scratch / f"cache-{time.monotonic_ns()}"
    cache.mkdir()
    if times_of is not None:
        shutil.copy(times_of / ".report-durations.json", cache)
    os.environ["FRAMING_CACHE_DIR"] = str(cache)
    out = scratch / f"report-{time.monotonic_ns()}"
    cpu0, own0 = _children_cpu(), time.process_time()
    t0 = time.perf_counter()
    run_report(corpus=corpus, out=out, notebooks_dir=REPO / "notebooks", progress=False,
               jobs=jobs, figure_formats=formats)
    return (time.perf_counter() - t0,
            _children_cpu() - cpu0 + time.process_time() - own0, cache)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saudinewsnet", type=Path, default=DEFAULT_SNN,
                        help="folder of SaudiNewsNet zips (skipped where absent)")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    os.chdir(REPO)
    corpora = {"sample": "sample"}
    if any(args.saudinewsnet.glob("*.zip")):
        corpora["saudinewsnet"] = str(args.saudinewsnet)
    else:
        print(f"SaudiNewsNet not found at {args.saudinewsnet}: timing the sample only.")
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}; jobs={args.jobs}")
    rows = []
    with TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        kernel = bare_kernel_seconds()
        print(f"bare kernel start and stop: {kernel:.1f} s", flush=True)
        for label, corpus in corpora.items():
            baseline = kernel + scoring_seconds(corpus, args.jobs)
            print(f"{label}: baseline {baseline:.1f} s", flush=True)
            runs = [("png", False), ("png,svg,pdf", False)] if label == "sample" else [
                ("png", False), ("png", True)]
            cache = None
            for formats, again in runs:
                seconds, cpu, cache = report_seconds(corpus, args.jobs, formats, scratch,
                                                     times_of=cache if again else None)
                shown = formats + (", rerun" if again else "")
                print(f"{label} report ({shown}): {seconds:.1f} s, {cpu:.1f} s CPU",
                      flush=True)
                rows.append((label, shown, seconds, cpu, TARGETS[label], baseline))
    print(f"{'corpus':<13}{'formats':<18}{'seconds':>9}{'cpu':>7}{'target':>8}{'/target':>9}"
          f"{'baseline':>10}{'/baseline':>11}")
    for label, formats, seconds, cpu, target, baseline in rows:
        print(f"{label:<13}{formats:<18}{seconds:>9.1f}{cpu:>7.1f}{target:>8.0f}"
              f"{seconds / target:>9.2f}{baseline:>10.1f}{seconds / baseline:>11.1f}")
    print(f"(baseline: scoring once without the cache + one bare kernel start, "
          f"{kernel:.1f} s of it the kernel; load average now {os.getloadavg()[0]:.1f})")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
