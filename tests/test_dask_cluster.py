"""The Dask engine on a real cluster: a ``dask scheduler`` and two ``dask worker`` processes
on 127.0.0.1, scoring SaudiNewsNet archives.

The workers run without a nanny, so a killed worker stays dead, as a machine
that is switched off does. The tests run in file order: equal results, then a
worker killed mid-run, then all workers killed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from browser_support import free_port
from framing.cli import main
from framing.scoring import score_path

pytest.importorskip("dask.distributed")

DASK = Path(sys.executable).with_name("dask")


@pytest.fixture(scope="module")
def snn_three_days(saudinewsnet_dir, tmp_path_factory):
    """Three daily archives of SaudiNewsNet (about 6,300 articles), three parts for Dask."""
    folder = tmp_path_factory.mktemp("snn3")
    for archive in sorted(saudinewsnet_dir.glob("*.zip"))[:3]:
        (folder / archive.name).symlink_to(archive.resolve())
    return folder


@pytest.fixture(scope="module")
def local_scores(snn_three_days):
    return score_path(snn_three_days, jobs=2, cache=False, progress=False)


class Cluster:
    """A scheduler process and its worker processes, started and killed by the tests."""

    def __init__(self, folder: Path) -> None:
        if not DASK.exists():
            pytest.skip(f"the dask command is not installed beside {sys.executable}")
        self.folder = folder
        self.address = f"tcp://127.0.0.1:{free_port()}"
        self.workers: list[subprocess.Popen] = []
        self.scheduler = self._start("scheduler", "--host", "127.0.0.1", "--port",
                                     self.address.rsplit(":", 1)[1], "--no-dashboard")

    def _start(self, *args: str) -> subprocess.Popen:
        log = (self.folder / f"{args[0]}-{len(self.workers)}.log").open("w")
        return subprocess.Popen([str(DASK), *args], cwd=self.folder, stdout=log,
                                stderr=subprocess.STDOUT, env=os.environ.copy())

    def alive(self) -> list[subprocess.Popen]:
        return [w for w in self.workers if w.poll() is None]

    def ensure_workers(self, n: int = 2) -> None:
        """Start workers until ``n`` are alive and registered with the scheduler."""
        from distributed import Client

        while len(self.alive()) < n:
            self.workers.append(self._start("worker", self.address, "--no-nanny",
                                            "--nthreads", "1", "--host", "127.0.0.1",
                                            "--no-dashboard"))
        with Client(self.address, timeout=30) as client:
            client.wait_for_workers(n, timeout=60)

    def kill(self, worker: subprocess.Popen) -> None:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)

    def close(self) -> None:
        for process in [*self.workers, self.scheduler]:
            if process.poll() is None:
                process.terminate()
        for process in [*self.workers, self.scheduler]:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, saudinewsnet_dir):
    running = Cluster(tmp_path_factory.mktemp("dask-cluster"))
    try:
        running.ensure_workers(2)
        yield running
    finally:
        running.close()


def test_framing_score_on_the_cluster_equals_the_local_engine(cluster, snn_three_days,
                                                              tmp_path, capsys):
    local, remote = tmp_path / "local.csv", tmp_path / "dask.csv"
    assert main(["score", str(snn_three_days), "--out", str(local), "--hits",
                 str(tmp_path / "local.parquet"), "--jobs", "2", "--no-cache"]) == 0
    assert main(["score", str(snn_three_days), "--out", str(remote), "--hits",
                 str(tmp_path / "dask.parquet"), "--engine", "dask", "--scheduler",
                 cluster.address, "--timeout", "120"]) == 0
    assert "on Dask (3 parts)" in capsys.readouterr().err  # one part per daily archive
    assert local.read_bytes() == remote.read_bytes()
    local_hits = pd.read_parquet(tmp_path / "local.parquet")
    assert len(local_hits) > 10_000
    pd.testing.assert_frame_equal(local_hits, pd.read_parquet(tmp_path / "dask.parquet"))


@pytest.fixture(scope="module")
def snn_csv(snn_three_days, tmp_path_factory):
    """The same articles as one CSV file, which the client reads and sends in chunks."""
    import framing

    path = tmp_path_factory.mktemp("snn-csv") / "three-days.csv"
    framing.load_corpus(snn_three_days).to_csv(path, index=False)
    return path


@pytest.mark.parametrize("kind", ["zips", "csv"])
def test_killing_a_worker_mid_run_leaves_the_results_unchanged(cluster, snn_three_days,
                                                               local_scores, snn_csv, kind):
    from framing.dask_engine import score_dask

    cluster.ensure_workers(2)
    killed = []

    def kill_one(done: int, total: int | None) -> None:
        if done == 1:  # the first part is scored; others are being scored or wait
            victim = cluster.alive()[0]
            cluster.kill(victim)
            killed.append(victim.pid)

    # the workers read the archives themselves; a CSV is read here and sent in chunks, each
    # held by one worker only until it is scored
    path = snn_three_days if kind == "zips" else snn_csv
    scores = score_dask(path, scheduler=cluster.address, timeout=120, on_part=kill_one,
                        batch_size=1000, progress=False)
    assert len(killed) == 1 and len(cluster.alive()) == 1
    assert scores.provenance["engine"] == "dask"
    assert scores.provenance["parts"] == (3 if kind == "zips" else 7)
    expected = local_scores
    if kind == "csv":
        expected = score_path(snn_csv, jobs=2, cache=False, progress=False)
        assert expected.counts["doc_id"].tolist() == local_scores.counts["doc_id"].tolist()
    pd.testing.assert_frame_equal(expected.counts, scores.counts)
    pd.testing.assert_frame_equal(expected.hits, scores.hits)


def test_killing_every_worker_ends_the_run_with_a_clear_error(cluster, snn_three_days):
    from framing.dask_engine import ClusterError, score_dask

    cluster.ensure_workers(2)
    timeout, started = 60.0, []

    def kill_all(done: int, total: int | None) -> None:
        if done == 1:
            started.append(time.monotonic())
            for worker in cluster.alive():
                cluster.kill(worker)

    # the lexicons sent to the workers die with them: the run ends as soon as that is seen,
    # or after worker_wait seconds without a worker
    with pytest.raises(ClusterError, match=r"^no Dask worker left on the scheduler at "
                       r"tcp://127\.0\.0\.1:\d+( for \d s)? \(they died or never joined; 1 "
                       r"of 3 part\(s\) were scored; nothing was written\)"):
        score_dask(snn_three_days, scheduler=cluster.address, timeout=timeout,
                   worker_wait=3, on_part=kill_all, progress=False)
    elapsed = time.monotonic() - started[0]
    assert elapsed < 3 + 5, elapsed  # well before the timeout


def test_command_line_on_a_cluster_without_workers_fails_in_one_line(cluster, snn_three_days,
                                                                     tmp_path, capsys):
    assert cluster.alive() == []  # the previous test killed them all
    out = tmp_path / "counts.csv"
    started = time.monotonic()
    assert main(["score", str(snn_three_days), "--out", str(out), "--engine", "dask",
                 "--scheduler", cluster.address, "--timeout", "3"]) == 2
    elapsed = time.monotonic() - started
    err = capsys.readouterr().err
    assert err.startswith("framing: error: the run took longer than its timeout of 3 s on "
                          f"the scheduler at {cluster.address}")
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert elapsed < 3 + 5, elapsed
    assert not out.exists()


def test_ctrl_c_stops_a_local_cluster_run_in_one_line(snn_three_days, tmp_path):
    """Ctrl-C reaches the whole process group: the command stops its cluster and says so in
    one line; the worker processes print nothing and none is left behind."""
    import psutil

    out = tmp_path / "counts.csv"
    command = subprocess.Popen(
        [sys.executable, "-m", "framing.cli", "score", str(snn_three_days), "--out", str(out),
         "--engine", "dask", "--jobs", "2", "--no-progress"],
        stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and command.poll() is None:
            # the cluster is up when its two worker processes are connected to the
            # scheduler (a Ctrl-C while they start is not seen: see _children_ignore_...)
            workers = [p for p in psutil.Process(command.pid).children()
                       if "spawn_main" in " ".join(p.cmdline())]
            if len(workers) == 2 and all(
                    any(c.status == psutil.CONN_ESTABLISHED for c in w.net_connections())
                    for w in workers):
                break
            time.sleep(0.2)
        else:
            pytest.fail("the local cluster did not start within 60 s")
        time.sleep(1.0)  # the command is scoring (three archives take several seconds)
        os.killpg(command.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        _, err = command.communicate(timeout=60)
    finally:
        if command.poll() is None:
            os.killpg(command.pid, signal.SIGKILL)
    assert command.returncode == 130, err
    assert err == "framing: interrupted\n"
    assert not out.exists()
    left = [p for p in psutil.process_iter(["cmdline"])
            if str(command.pid) in " ".join(p.info["cmdline"] or [])]
    assert left == []


def test_a_part_that_kills_its_workers_is_named_with_what_to_do():
    """The scheduler gives up on a part after workers died running it (KilledWorker):
    the run ends with one message naming the part and the likely cause."""
    from distributed.scheduler import KilledWorker

    from framing.dask_engine import ClusterError, _Watch

    class Future:  # what the scheduler hands back for such a part
        def result(self, timeout=None):
            raise KilledWorker("score-part-7", "tcp://127.0.0.1:1", [])

    class Client:
        status = "running"

    watch = _Watch(Client(), timeout=None, worker_wait=10, started=time.monotonic(),
                   where="a local cluster")
    watch.done, watch.total = 6, 18
    with pytest.raises(ClusterError, match=r"the part 2015-07-27\.zip was being scored each "
                                           r"time a worker died.*\(6 of 18 part\(s\) were "
                                           r"scored; nothing was written\)\. It may need "
                                           r"more memory"):
        watch.result(Future(), "2015-07-27.zip")
