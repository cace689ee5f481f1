"""Stopping ``framing report`` stops everything it started, and leaves no finished-looking folder.

Each test runs the command on two days of SaudiNewsNet in a session of its
own, waits until a notebook is executing (its output notebook appears and a
kernel process exists), sends one signal the way a user would, and checks
that the command is gone within seconds with no worker or kernel left, no
``manifest.json`` or ``index.html``, an ``INTERRUPTED.txt`` marker, the
signal's exit status and a one-line message.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from conftest import REPO

psutil = pytest.importorskip("psutil")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

MARKER = "FRAMING_INTERRUPT_TEST"


@pytest.fixture(scope="module")
def two_days(saudinewsnet_dir, tmp_path_factory) -> Path:
    """Two of the smallest daily archives (links, not copies)."""
    folder = tmp_path_factory.mktemp("snn-two-days")
    smallest = sorted(saudinewsnet_dir.glob("*.zip"), key=lambda p: p.stat().st_size)[:2]
    for archive in smallest:
        (folder / archive.name).symlink_to(archive.resolve())
    return folder


def _marked(tag: str) -> list:
    """Every live process whose environment carries this test's marker value."""
    found = []
    for process in psutil.process_iter(["pid"]):
        try:
            if process.environ().get(MARKER) == tag and process.status() != psutil.STATUS_ZOMBIE:
                found.append(process)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return found


CASES = {
    "SIGINT to the process group (Ctrl-C)": (signal.SIGINT, True, (130,)),
    "SIGINT to the main process": (signal.SIGINT, False, (130,)),
    # 143 is SIGTERM's status; a command line that reports every interrupt as 130 also passes
    "SIGTERM to the main process": (signal.SIGTERM, False, (143, 130)),
}


def _start(corpus: Path, out: Path, tag: str) -> subprocess.Popen:
    env = {**os.environ, MARKER: tag}
    return subprocess.Popen(
        [str(Path(sys.executable).with_name("framing")), "report", "--corpus", str(corpus),
         "--out", str(out), "--notebooks-dir", str(REPO / "notebooks"), "--jobs", "2"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )


def _cmdline(process) -> list[str]:
    try:
        return process.cmdline()
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return []


def _running_notebook(proc: subprocess.Popen, out: Path) -> list | None:
    """The process tree once a notebook is executing (a kernel and an output notebook)."""
    try:
        tree = psutil.Process(proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return None
    if list(out.glob("*.ipynb")) and any("ipykernel" in " ".join(_cmdline(p)) for p in tree):
        return tree
    return None


@pytest.fixture(scope="module")
def interrupted(two_days, tmp_path_factory) -> dict[str, dict]:
    """The three ways of stopping a run, run side by side (one run's time for all three)."""
    runs = {}
    for how in CASES:
        out = tmp_path_factory.mktemp("interrupted") / "report"
        tag = uuid.uuid4().hex
        runs[how] = {"out": out, "tag": tag, "proc": _start(two_days, out, tag)}
    deadline = time.monotonic() + 150
    waiting = dict(runs)
    while waiting and time.monotonic() < deadline:
        for how, run in list(waiting.items()):
            proc = run["proc"]
            if proc.poll() is not None:
                run["early"] = proc.stderr.read().decode()
                del waiting[how]
                continue
            tree = _running_notebook(proc, run["out"])
            if tree is None:
                continue
            time.sleep(0.5)  # inside the notebook's first cells
            # every descendant seen before the signal: at readiness and just before
            later = psutil.Process(proc.pid).children(recursive=True)
            run["tree"] = tree + [p for p in later if p.pid not in {q.pid for q in tree}]
            run["marked_before"] = len(_marked(run["tag"]))
            run["kernels"] = [p.pid for p in run["tree"]
                              if "ipykernel" in " ".join(_cmdline(p))]
            signum, to_group, _ = CASES[how]
            run["sent"] = time.monotonic()
            if to_group:
                os.killpg(proc.pid, signum)
            else:
                os.kill(proc.pid, signum)
            del waiting[how]
        time.sleep(0.1)
    for run in runs.values():
        proc = run["proc"]
        try:
            _, stderr = proc.communicate(timeout=max(0.1, run.get("sent", 0) + 10
                                                     - time.monotonic()))
            run["took"] = time.monotonic() - run.get("sent", time.monotonic())
            run["stderr"] = stderr.decode()
        except subprocess.TimeoutExpired:
            run["took"] = None
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
        time.sleep(0.3)
        left = [p for p in run.get("tree", []) if p.is_running()
                and p.status() != psutil.STATUS_ZOMBIE]
        left += [p for p in _marked(run["tag"]) if p.pid not in {q.pid for q in left}]
        run["left"] = [" ".join(_cmdline(p)) for p in left]
        for process in left:
            process.kill()
    return runs


@pytest.mark.saudinewsnet
@pytest.mark.parametrize("how", list(CASES))
def test_a_signal_stops_the_whole_tree(interrupted, how):
    run = interrupted[how]
    assert "early" not in run, f"the report ended before it could be interrupted: {run['early']}"
    assert "sent" in run, "no notebook started within 150 s"
    # the run had a kernel and both workers when signalled
    assert run["kernels"]
    assert run["marked_before"] >= 4  # the command, two workers, at least one kernel
    assert run["took"] is not None, f"{how}: still running 10 s after the signal"
    assert run["took"] < 10
    print(f"{how}: stopped {run['took']:.1f} s after the signal")
    # nothing the run started outlives it: not the workers, not the kernels
    assert not run["left"], f"{how}: left running: {run['left']}"
    signum, _, statuses = CASES[how]
    proc = run["proc"]
    assert proc.returncode in (*statuses, -signum), (proc.returncode, run["stderr"])
    lines = [line for line in run["stderr"].splitlines() if line.strip()]
    assert len([line for line in lines if line.startswith("framing:")]) == 1, lines
    assert "interrupted" in lines[-1] and lines[-1].startswith("framing: "), lines
    assert "Traceback" not in run["stderr"]
    out = run["out"]
    assert not (out / "manifest.json").exists()
    assert not (out / "index.html").exists()
    assert "interrupted" in (out / "INTERRUPTED.txt").read_text(encoding="utf-8")


@pytest.mark.saudinewsnet
@pytest.mark.parametrize("signum, to_group", [(signal.SIGTERM, False), (signal.SIGINT, True)])
def test_stopping_the_scoring_pass_leaves_no_temporary_folder_in_the_cache(
        two_days, tmp_path, signum, to_group):
    cache, out, tag = tmp_path / "cache", tmp_path / "report", uuid.uuid4().hex
    env = {**os.environ, MARKER: tag, "FRAMING_CACHE_DIR": str(cache)}
    proc = subprocess.Popen(
        [str(Path(sys.executable).with_name("framing")), "report", "--corpus", str(two_days),
         "--out", str(out), "--notebooks-dir", str(REPO / "notebooks")],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if cache.is_dir() and any(p.name.startswith(".tmp-") for p in cache.iterdir()):
            break  # the corpus is being scored into the cache
        time.sleep(0.05)
    assert proc.poll() is None, proc.stderr.read().decode()
    assert any(p.name.startswith(".tmp-") for p in cache.iterdir()), "scoring never started"
    sent = time.monotonic()
    if to_group:
        os.killpg(proc.pid, signum)
    else:
        os.kill(proc.pid, signum)
    _, stderr = proc.communicate(timeout=30)
    assert time.monotonic() - sent < 10
    assert proc.returncode == 128 + signum, stderr.decode()
    assert "Traceback" not in stderr.decode()
    time.sleep(0.3)
    assert not _marked(tag)
    assert not [p.name for p in cache.iterdir() if p.name.startswith(".tmp-")]
    assert not (out / "manifest.json").exists() and not (out / "index.html").exists()


def test_a_kernel_killed_mid_notebook_fails_that_notebook_only(tmp_path, monkeypatch):
    """A kernel that dies (kill -9, out of memory) mid-cell: that notebook fails within
    seconds with a clear error, and the next one runs in a new kernel (it used to hang)."""
    from framing.report import ReportError, run_report

    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    head = '# %% tags=["parameters"]\ncorpus = "sample"\noutput_dir = "out"\n\n# %%\n'
    (notebooks / "01_dies.py").write_text(
        head + "import os\nimport signal\nos.kill(os.getpid(), signal.SIGKILL)\n",
        encoding="utf-8")
    (notebooks / "02_runs.py").write_text(
        head + "import framing\nprint(len(framing.load_corpus(corpus)), 'documents')\n",
        encoding="utf-8")
    out = tmp_path / "report"
    t0 = time.perf_counter()
    with pytest.raises(ReportError, match=r"1 of 2 notebooks failed \(01_dies: the kernel "
                                          r"died while the notebook ran"):
        run_report(corpus="sample", out=out, notebooks_dir=notebooks, progress=False,
                   jobs=1)
    assert time.perf_counter() - t0 < 120
    executed = (out / "02_runs.ipynb").read_text(encoding="utf-8")
    assert "5 documents" in executed
