"""The scoring cache is never the reason a run fails or is wrong.

Damaged entries (truncated, flipped bytes, a missing table, a bad info.json),
an unwritable cache, a full disk, eight processes racing on a fresh cache and
runs interrupted by a signal: each run gives exactly the tables of a run
without the cache, says what it repaired in one warning line, and the next
run is answered by the repaired cache.
"""

from __future__ import annotations

import ast
import errno
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import pytest

import framing
from framing import cache
from framing.cache import CacheError, CacheWarning
from framing.cli import main
from framing.scoring import (
    score_path,
    score_to_folder,
    scored_folder,
    write_counts_csv,
    write_hits,
)

SRC = Path(framing.__file__).resolve().parents[1]


# -- corpora and the tables of a clean run ------------------------------------------------

@pytest.fixture(scope="module")
def seed_corpus(seed_texts, tmp_path_factory) -> Path:
    """The five seed articles as a folder of .txt files."""
    folder = tmp_path_factory.mktemp("seeds")
    for doc_id, text in seed_texts.items():
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def snn_corpus(saudinewsnet_dir, tmp_path_factory) -> Path:
    """The two smallest daily archives of SaudiNewsNet (about 2,700 articles), copied."""
    folder = tmp_path_factory.mktemp("snn")
    for archive in sorted(saudinewsnet_dir.glob("*.zip"), key=lambda p: p.stat().st_size)[:2]:
        shutil.copyfile(archive, folder / archive.name)
    return folder


class Clean:
    """What ``framing score`` writes without any cache, and a sound cache entry of it."""

    def __init__(self, corpus: Path, folder: Path, matcher: framing.Matcher) -> None:
        self.corpus = corpus
        self.csv = folder / "clean.csv"
        hits = folder / "clean-hits.parquet"
        assert main(["score", str(corpus), "--out", str(self.csv), "--hits", str(hits),
                     "--no-cache", "--no-progress"]) == 0
        self.counts_bytes = self.csv.read_bytes()
        self.hits = pd.read_parquet(hits)
        self.cache = folder / "pristine"
        entry, from_cache = score_to_folder(corpus, matcher, cache_folder=self.cache,
                                            progress=False)
        assert not from_cache and [p.name for p in self.cache.iterdir()] == [entry.name]
        self.entry_name = entry.name

    def fresh_cache(self, folder: Path) -> Path:
        """A copy of a cache holding one sound entry of this corpus; returns the entry."""
        shutil.copytree(self.cache, folder)
        return folder / self.entry_name

    def assert_same(self, counts_csv: Path, hits: Path | None = None) -> None:
        assert counts_csv.read_bytes() == self.counts_bytes
        if hits is not None:
            pd.testing.assert_frame_equal(pd.read_parquet(hits), self.hits)

    def assert_same_scores(self, scores: framing.Scores) -> None:
        expected = pd.read_csv(self.csv)
        got = scores.counts.copy()
        got["doc_id"] = got["doc_id"].astype(expected["doc_id"].dtype)
        pd.testing.assert_frame_equal(got, expected, check_dtype=False)
        pd.testing.assert_frame_equal(scores.hits, self.hits)


@pytest.fixture(scope="module")
def default_matcher():
    """What ``framing score`` scores with by default (the Arabic and English default
    lexicons), so that the entries made here are the ones the command line looks up."""
    return framing.matcher_set("default")


@pytest.fixture(scope="module")
def clean_seeds(seed_corpus, tmp_path_factory, default_matcher) -> Clean:
    return Clean(seed_corpus, tmp_path_factory.mktemp("clean-seeds"), default_matcher)


@pytest.fixture(scope="module")
def clean_snn(snn_corpus, tmp_path_factory, default_matcher) -> Clean:
    return Clean(snn_corpus, tmp_path_factory.mktemp("clean-snn"), default_matcher)


def _score(corpus: Path, out: Path, capsys, *, hits: Path | None = None) -> str:
    """Run ``framing score`` in this process; returns its stderr (status must be 0)."""
    args = ["score", str(corpus), "--out", str(out), "--overwrite", "--no-progress"]
    if hits is not None:
        args += ["--hits", str(hits)]
    assert main(args) == 0
    return capsys.readouterr().err


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# -- damaged entries ------------------------------------------------------------------

def _truncate(path: Path) -> None:
    with path.open("r+b") as fh:
        fh.truncate(path.stat().st_size * 2 // 3)


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 4] = bytes(b ^ 0xFF for b in data[middle:middle + 4])
    path.write_bytes(bytes(data))


def _edit_manifest(path: Path) -> None:
    body = json.loads(path.read_text(encoding="utf-8"))
    body["provenance"]["n_documents"] -= 1  # plausible JSON, wrong content
    path.write_text(json.dumps(body), encoding="utf-8")


def _old_manifest(path: Path) -> None:
    """info.json as framing 0.2.0 wrote it before entries had checksums."""
    body = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(body["provenance"]), encoding="utf-8")


DAMAGE = {
    "truncated counts": ("counts.parquet", _truncate, "bytes, not"),
    "truncated hits": ("hits.parquet", _truncate, "bytes, not"),
    "flipped counts": ("counts.parquet", _flip, "SHA-256"),
    "flipped hits": ("hits.parquet", _flip, "SHA-256"),
    "missing hits": ("hits.parquet", Path.unlink, "hits.parquet is missing"),
    "missing counts": ("counts.parquet", Path.unlink, "counts.parquet is missing"),
    "missing info": ("info.json", Path.unlink, "info.json is missing"),
    "garbled info": ("info.json", lambda p: p.write_bytes(b'{"format": 2, "files'),
                     "not valid JSON"),
    "binary info": ("info.json", lambda p: p.write_bytes(b"\xff\xfe\x00PAR1"), "info.json"),
    "edited info": ("info.json", _edit_manifest, "does not match its checksum"),
    "info of another format": ("info.json", lambda p: p.write_text('{"format": 1}'),
                               "no checksums of format 2"),
    "info of an earlier version": ("info.json", _old_manifest,
                                   "cannot be checked (it was written without checksums"),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_entry_is_recomputed_and_then_reused(damage, clean_seeds, default_matcher,
                                                       tmp_path):
    folder = tmp_path / "cache"
    entry = clean_seeds.fresh_cache(folder)
    member, hurt, reason = DAMAGE[damage]
    hurt(entry / member)
    with pytest.warns(CacheWarning) as caught:
        repaired = score_path(clean_seeds.corpus, default_matcher, cache_folder=folder,
                              progress=False)
    (warning,) = [str(w.message) for w in caught]
    assert warning.startswith(f"cache entry {entry} ")
    assert reason in warning and warning.endswith("); recomputing it")
    assert repaired.provenance["from_cache"] is False
    clean_seeds.assert_same_scores(repaired)
    cache.verify_entry(entry, entry.name)  # replaced by a sound entry
    again = score_path(clean_seeds.corpus, default_matcher, cache_folder=folder,
                       progress=False)
    assert again.provenance["from_cache"] is True
    clean_seeds.assert_same_scores(again)
    assert _leftovers(folder) == []


CLI_DAMAGE = ["truncated counts", "flipped hits", "missing hits", "garbled info"]


@pytest.mark.parametrize("damage", CLI_DAMAGE)
def test_cli_outputs_never_come_from_a_damaged_entry(damage, clean_seeds, tmp_path,
                                                     monkeypatch, capsys):
    entry = clean_seeds.fresh_cache(tmp_path / "cache")
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))
    member, hurt, reason = DAMAGE[damage]
    hurt(entry / member)
    out, hits = tmp_path / "counts.csv", tmp_path / "hits.parquet"
    err = _score(clean_seeds.corpus, out, capsys, hits=hits)
    warnings = [line for line in err.splitlines() if line.startswith("framing: warning:")]
    assert len(warnings) == 1, err
    assert "is damaged" in warnings[0] and reason in warnings[0]
    assert warnings[0].endswith("recomputing it")
    assert "from the cache" not in err and "Traceback" not in err
    clean_seeds.assert_same(out, hits)
    # the entry was replaced by a sound one, which the next run uses
    cache.verify_entry(entry, entry.name)
    err = _score(clean_seeds.corpus, out, capsys, hits=hits)
    assert "from the cache" in err and "warning" not in err
    clean_seeds.assert_same(out, hits)
    assert _leftovers(tmp_path / "cache") == []


@pytest.mark.parametrize("damage", ["truncated hits", "flipped counts"])
def test_a_damaged_saudinewsnet_entry_is_recomputed(damage, clean_snn, default_matcher,
                                                    tmp_path):
    folder = tmp_path / "cache"
    entry = clean_snn.fresh_cache(folder)
    member, hurt, reason = DAMAGE[damage]
    hurt(entry / member)
    t0 = time.perf_counter()
    with pytest.warns(CacheWarning, match=reason) as caught:
        repaired = score_path(clean_snn.corpus, default_matcher, cache_folder=folder,
                              progress=False)
    repair = time.perf_counter() - t0
    assert len(caught) == 1
    assert repaired.provenance["from_cache"] is False
    clean_snn.assert_same_scores(repaired)
    t0 = time.perf_counter()
    again = score_path(clean_snn.corpus, default_matcher, cache_folder=folder,
                       progress=False)
    hit = time.perf_counter() - t0
    assert again.provenance["from_cache"] is True
    clean_snn.assert_same_scores(again)
    print(f"{damage}: repair {repair:.2f} s, next run from the cache {hit:.2f} s")


def test_aggregate_survives_a_damaged_info_json(clean_snn, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))
    entry = clean_snn.fresh_cache(tmp_path / "cache")
    args = ["aggregate", str(clean_snn.corpus), "--by", "outlet", "--freq", "M",
            "--n-boot", "0", "--overwrite"]
    assert main([*args, "--out", str(tmp_path / "before.csv")]) == 0
    assert "warning" not in capsys.readouterr().err
    (entry / "info.json").write_text("{}", encoding="utf-8")
    assert main([*args, "--out", str(tmp_path / "after.csv")]) == 0
    err = capsys.readouterr().err
    assert "is damaged (info.json has no checksums" in err and "Traceback" not in err
    before = (tmp_path / "before.csv").read_bytes()
    assert (tmp_path / "after.csv").read_bytes() == before
    assert len(before.splitlines()) > 10


def test_tables_changed_after_the_check_never_reach_the_outputs(clean_seeds, default_matcher,
                                                                tmp_path):
    folder, from_cache = score_to_folder(clean_seeds.corpus, default_matcher,
                                         cache_folder=tmp_path / "c", progress=False)
    assert not from_cache
    _flip(folder / "counts.parquet")
    out = tmp_path / "counts.csv"
    with pytest.raises(CacheError, match=r"changed after it was checked.*SHA-256"):
        write_counts_csv(folder, out)
    assert not out.exists()


# -- a cache that cannot be written ---------------------------------------------------

def test_a_file_where_the_cache_folder_should_be(clean_seeds, tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file", encoding="utf-8")
    for where in (blocker, blocker / "cache"):
        monkeypatch.setenv("FRAMING_CACHE_DIR", str(where))
        out, hits = tmp_path / "counts.csv", tmp_path / "hits.parquet"
        err = _score(clean_seeds.corpus, out, capsys, hits=hits)
        assert f"framing: warning: cannot write to the cache at {where}" in err
        assert err.count("\n") == 2 and "Traceback" not in err  # the warning and the summary
        clean_seeds.assert_same(out, hits)
    assert blocker.read_text(encoding="utf-8") == "a file"


def test_a_full_disk_while_writing_the_entry(clean_seeds, default_matcher, tmp_path,
                                             monkeypatch):
    import framing.scoring as scoring

    folder = tmp_path / "cache"
    write = scoring._ParquetSink._write
    written: list[str] = []

    def full_disk(self, name, table):
        if folder in self.folder.parents and written:  # the second write in the cache fails
            raise OSError(errno.ENOSPC, "No space left on device", str(self.folder / name))
        written.append(name)
        write(self, name, table)

    monkeypatch.setattr(scoring._ParquetSink, "_write", full_disk)
    with pytest.warns(CacheWarning, match=r"No space left on device.*without the cache"):
        scores = score_path(clean_seeds.corpus, default_matcher, cache_folder=folder,
                            progress=False, batch_size=2)
    assert scores.provenance["from_cache"] is False
    clean_seeds.assert_same_scores(scores)
    assert list(folder.iterdir()) == []  # no half-written entry, no temporary folder
    monkeypatch.setattr(scoring._ParquetSink, "_write", write)
    assert not score_path(clean_seeds.corpus, default_matcher, cache_folder=folder,
                          progress=False).provenance["from_cache"]
    assert score_path(clean_seeds.corpus, default_matcher, cache_folder=folder,
                      progress=False).provenance["from_cache"]


_AS_NOBODY = """
import sys
from framing.cli import main
for name in sys.argv[1:]:
    print("==", name, file=sys.stderr, flush=True)
    import os
    os.environ["FRAMING_CACHE_DIR"] = os.path.join(os.environ["BASE"], name)
    out = os.path.join(os.environ["BASE"], "out", name + ".csv")
    code = main(["score", os.environ["CORPUS"], "--out", out, "--no-progress"])
    print("status", code, file=sys.stderr, flush=True)
"""


def test_a_read_only_cache(clean_seeds, tmp_path):
    """Read-only for real: as root, the runs are made as user nobody (root ignores modes)."""
    base = Path(tempfile.mkdtemp(prefix="framing-readonly-"))
    try:
        base.chmod(0o755)
        corpus = base / "corpus"
        shutil.copytree(clean_seeds.corpus, corpus)
        (base / "out").mkdir()
        (base / "parent").mkdir()  # read-only parent of a cache that does not exist yet
        (base / "empty").mkdir()  # a read-only, empty cache
        entry = clean_seeds.fresh_cache(base / "sound")  # a read-only cache with an entry
        damaged = clean_seeds.fresh_cache(base / "damaged")
        _flip(damaged / "hits.parquet")
        for path in [base, *base.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        command = [sys.executable, "-c", _AS_NOBODY, "parent/cache", "empty", "sound",
                   "damaged"]
        if os.geteuid() == 0:
            if not shutil.which("setpriv"):
                pytest.skip("running as root and setpriv is not available to drop privileges")
            uid = 65534
            os.chown(base / "out", uid, uid)
            drop = ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups"]
            probe = subprocess.run([*drop, sys.executable, "-c", "import framing.cli"],
                                   capture_output=True, text=True, timeout=120,
                                   env={**os.environ, "PYTHONPATH": str(SRC)})
            if probe.returncode != 0:
                pytest.skip("the checkout or its .venv is in a folder user nobody cannot "
                            "read, so the runs cannot be made as another user here")
            command = [*drop, *command]
        else:
            for path in [base / "parent", base / "empty", base / "sound", entry,
                         base / "damaged", damaged]:
                path.chmod(0o555)
        env = {**os.environ, "BASE": str(base), "CORPUS": str(corpus), "HOME": str(base),
               "PYTHONPATH": str(SRC)}
        run = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
        err = run.stderr
        assert run.returncode == 0 and "Traceback" not in err, err
        parts = dict(part.split("\n", 1) for part in err.split("== ")[1:])
        assert parts["parent/cache"].startswith(
            f"framing: warning: cannot write to the cache at {base / 'parent/cache'}")
        assert "Permission denied" in parts["parent/cache"]
        assert parts["empty"].startswith(
            f"framing: warning: cannot write to the cache at {base / 'empty'}")
        assert "(from the cache)" in parts["sound"] and "warning" not in parts["sound"]
        damaged_lines = parts["damaged"].splitlines()
        assert "is damaged (hits.parquet does not match its SHA-256" in damaged_lines[0]
        assert damaged_lines[1].startswith("framing: warning: cannot write to the cache")
        for name in ("parent/cache", "empty", "sound", "damaged"):
            assert "status 0" in parts[name]
            clean_seeds.assert_same(base / "out" / f"{name}.csv")
        assert list((base / "empty").iterdir()) == []
        assert not (base / "parent" / "cache").exists()
    finally:
        for path in [base, *base.rglob("*")]:
            if path.is_dir():
                path.chmod(0o755)
        shutil.rmtree(base)


# -- the cache can be turned off ------------------------------------------------------

@pytest.mark.parametrize(("value", "enabled"), [(None, True), ("", True), ("0", True),
                                                ("1", False), ("yes", False)])
def test_cache_enabled_follows_framing_no_cache(value, enabled, monkeypatch):
    if value is None:
        monkeypatch.delenv("FRAMING_NO_CACHE", raising=False)
    else:
        monkeypatch.setenv("FRAMING_NO_CACHE", value)
    assert cache.cache_enabled() is enabled


def test_no_cache_neither_reads_nor_writes_the_cache(clean_seeds, default_matcher, tmp_path,
                                                     monkeypatch, recwarn):
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))
    entry = clean_seeds.fresh_cache(tmp_path / "cache")
    _flip(entry / "counts.parquet")
    damaged = (entry / "counts.parquet").read_bytes()
    monkeypatch.setenv("FRAMING_NO_CACHE", "1")
    scores = score_path(clean_seeds.corpus, default_matcher, progress=False)
    assert scores.provenance["from_cache"] is False
    clean_seeds.assert_same_scores(scores)
    assert [w for w in recwarn if issubclass(w.category, CacheWarning)] == []
    assert (entry / "counts.parquet").read_bytes() == damaged  # not read, not repaired
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == [entry.name]
    monkeypatch.setenv("FRAMING_NO_CACHE", "0")
    with pytest.warns(CacheWarning, match="SHA-256"):
        score_path(clean_seeds.corpus, default_matcher, progress=False)
    assert score_path(clean_seeds.corpus, default_matcher, progress=False
                      ).provenance["from_cache"]


# -- concurrency ----------------------------------------------------------------------

def _racer(barrier, matcher, corpus: str, out: str, err: str) -> None:
    """One process of the race: wait for the others, then score as ``framing score`` does
    (into the cache, then the counts CSV and the hits copied out of the entry)."""
    import warnings

    code = 99
    try:
        with open(err, "w", encoding="utf-8") as stream, warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.showwarning = lambda message, *_: print(f"warning: {message}",
                                                             file=stream)
            barrier.wait(timeout=60)
            with scored_folder(corpus, matcher, progress=False) as (folder, from_cache):
                write_counts_csv(folder, Path(out))
                write_hits(folder, Path(out + ".parquet"))
            print("from the cache" if from_cache else "scored", file=stream)
            code = 0
    except BaseException as exc:
        with open(err, "a", encoding="utf-8") as stream:
            print(f"Traceback: {type(exc).__name__}: {exc}", file=stream)
    finally:
        os._exit(code)


def _race(clean: Clean, matcher: framing.Matcher, folder: Path, n: int = 8) -> list[str]:
    """Start ``n`` runs at the same moment on one cache; returns what each reported."""
    folder.mkdir()
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(n)
    runs = []
    for k in range(n):
        out, err = folder / f"run{k}.csv", folder / f"run{k}.err"
        runs.append((context.Process(target=_racer, args=(barrier, matcher, str(clean.corpus),
                                                          str(out), str(err))), out, err))
    for process, _, _ in runs:
        process.start()
    failures, reports = 0, []
    for process, out, err in runs:
        process.join(timeout=120)
        reports.append(err.read_text(encoding="utf-8"))
        if process.exitcode != 0:
            failures += 1
            continue
        clean.assert_same(out, Path(f"{out}.parquet"))
    assert failures == 0, reports
    return reports


def test_eight_processes_racing_on_a_fresh_cache(clean_seeds, default_matcher, tmp_path,
                                                 monkeypatch):
    scored = 0
    for round_ in range(3):
        folder = tmp_path / f"cache{round_}"
        monkeypatch.setenv("FRAMING_CACHE_DIR", str(folder))
        reports = _race(clean_seeds, default_matcher, tmp_path / f"runs{round_}")
        assert all(r in ("scored\n", "from the cache\n") for r in reports), reports
        assert [p.name for p in folder.iterdir()] == [clean_seeds.entry_name]
        cache.verify_entry(folder / clean_seeds.entry_name, clean_seeds.entry_name)
        scored += reports.count("scored\n")
    print(f"24 runs, 0 failures; {scored} scored, {24 - scored} read the cache")
    assert scored > 3  # the runs did overlap: several published the same key


def test_eight_processes_racing_to_repair_one_entry(clean_seeds, default_matcher, tmp_path,
                                                    monkeypatch):
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))
    entry = clean_seeds.fresh_cache(tmp_path / "cache")
    _truncate(entry / "hits.parquet")
    reports = _race(clean_seeds, default_matcher, tmp_path / "runs")
    assert all("Traceback" not in r for r in reports), reports
    assert any("is damaged (hits.parquet has" in r for r in reports)
    assert _leftovers(tmp_path / "cache") == []
    cache.verify_entry(entry, entry.name)


# -- interruptions --------------------------------------------------------------------

def _start_scoring(corpus: Path, folder: Path, out: Path, jobs: int = 1) -> subprocess.Popen:
    """``framing score`` in a subprocess (a session of its own, as a terminal would start
    it), returned once its temporary folder exists."""
    env = {**os.environ, "FRAMING_CACHE_DIR": str(folder), "PYTHONPATH": str(SRC)}
    process = subprocess.Popen([sys.executable, "-m", "framing.cli", "score", str(corpus),
                                "--out", str(out), "--no-progress", "--jobs", str(jobs)],
                               stderr=subprocess.PIPE, text=True, env=env,
                               start_new_session=True)
    deadline = time.monotonic() + 90
    while not (folder.is_dir() and any(p.name.startswith(".tmp-") for p in folder.iterdir())):
        assert process.poll() is None, "scoring ended before it could be interrupted"
        assert time.monotonic() < deadline, "no temporary folder appeared"
        time.sleep(0.02)
    return process


@pytest.mark.parametrize(("signum", "jobs"), [(signal.SIGINT, 1), (signal.SIGTERM, 1),
                                              (signal.SIGINT, 2)])
def test_an_interrupted_run_leaves_no_temporary_folder(signum, jobs, clean_snn, tmp_path):
    folder, out = tmp_path / "cache", tmp_path / "counts.csv"
    process = _start_scoring(clean_snn.corpus, folder, out, jobs)
    time.sleep(0.1)  # into reading and scoring the archives
    os.killpg(process.pid, signum)  # Ctrl-C reaches the whole process group
    _, err = process.communicate(timeout=60)
    assert process.returncode == 128 + signum, err
    assert "Traceback" not in err
    assert list(folder.iterdir()) == []
    assert not out.exists()


def test_a_killed_run_is_swept_by_the_next(clean_snn, default_matcher, tmp_path):
    folder, out = tmp_path / "cache", tmp_path / "counts.csv"
    process = _start_scoring(clean_snn.corpus, folder, out)
    process.kill()
    process.communicate(timeout=60)
    (left,) = _leftovers(folder)
    assert left.startswith(f".tmp-{clean_snn.entry_name}-{process.pid}-")
    scores = score_path(clean_snn.corpus, default_matcher, cache_folder=folder, progress=False)
    clean_snn.assert_same_scores(scores)
    assert [p.name for p in folder.iterdir()] == [clean_snn.entry_name]


def test_sweep_keeps_live_runs_and_removes_old_strangers(tmp_path):
    key = "0" * 32
    live = cache.new_work_folder(key, tmp_path)  # this process: alive
    (live / "counts.parquet").write_bytes(b"PAR1")
    other_host = tmp_path / f".tmp-{key}-1-ffffffff-abc"
    other_host.mkdir()
    legacy = tmp_path / f".{key}-x1y2"  # a temporary folder of earlier versions
    legacy.mkdir()
    recent = tmp_path / f".tmp-{key}-2-eeeeeeee-def"
    recent.mkdir()
    old = time.time() - 2 * cache.STALE_SECONDS
    for path in (other_host, legacy):
        os.utime(path, (old, old))
    assert cache.sweep(tmp_path) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, recent.name])


def test_cache_does_not_import_scoring():
    tree = ast.parse((SRC / "framing" / "cache.py").read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {a.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                 for a in node.names}
    assert "framing.corpus" in imported  # the sample's fingerprint
    assert not any(name.startswith("framing.scoring") for name in imported)


def test_a_cache_inside_the_corpus_folder_or_named_with_a_tilde(seed_texts, tmp_path,
                                                                  monkeypatch):
    """A cache kept inside the corpus folder changed the corpus's fingerprint with every
    entry it stored, so it never answered; FRAMING_CACHE_DIR='~/x' (unexpanded, as from a
    .env file) made a folder called '~' here while the tables went to the home folder."""
    corpus = tmp_path / "articles"
    corpus.mkdir()
    for doc_id, text in seed_texts.items():
        (corpus / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(corpus / ".framing-cache"))
    first = score_path(corpus, progress=False)
    second = score_path(corpus, progress=False)
    assert not first.provenance["from_cache"] and second.provenance["from_cache"]
    assert any((corpus / ".framing-cache").rglob("*.parquet"))
    before = cache.corpus_fingerprint(corpus)
    (corpus / ".framing-cache" / "another-entry.bin").write_bytes(b"x")
    assert cache.corpus_fingerprint(corpus) == before
    (corpus / "new.txt").write_text("المسلحين", encoding="utf-8")
    assert cache.corpus_fingerprint(corpus) != before  # the corpus itself still counts
    pd.testing.assert_frame_equal(first.counts, second.counts)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("FRAMING_CACHE_DIR", "~/framing-cache")
    monkeypatch.chdir(tmp_path)
    assert cache.cache_dir() == tmp_path / "home" / "framing-cache"
