"""Bounded resources on hostile input: zip bombs, lying zip headers, devices, endless
pipes, huge single lines and empty corpora end in a one-line error, quickly and in
bounded memory.

The hostile inputs run through the command line in child processes limited to
3 GiB of address space (RLIMIT_AS); each child's peak resident memory and CPU
time come from ``os.wait4``.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pandas as pd
import pytest

import framing
from framing.cli import main
from framing.corpus import CorpusError

ADDRESS_SPACE = 3 << 30

#: Runs the CLI once per case in a forked child under the address-space limit
#: (framing imported once, before the fork) and prints one JSON line per case.
DRIVER = r"""
import json, os, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[1]), int(sys.argv[1])))
from framing.cli import main
cases = json.loads(sys.argv[2])
for name, argv, stderr_path, env in cases:
    start = time.time()
    pid = os.fork()
    if pid == 0:
        os.environ.update(env)
        fd = os.open(stderr_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(fd, 2)
        try:
            code = main(argv)
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            print(f"uncaught {type(exc).__name__}: {exc}", file=sys.stderr)
            code = 99
        sys.stderr.flush()
        os._exit(code)
    _, status, usage = os.wait4(pid, 0)
    print(json.dumps({"name": name, "code": os.waitstatus_to_exitcode(status),
                      "seconds": time.time() - start, "rss_mb": usage.ru_maxrss / 1024,
                      "cpu": usage.ru_utime + usage.ru_stime}), flush=True)
"""


def deflate_bomb(path: Path, member: str, total: int, *, declared: int | None = None) -> Path:
    """A zip whose one member inflates to ``total`` spaces from a small deflate stream.

    The stream repeats one fully flushed block, so it really inflates to
    ``total`` bytes; ``declared`` (default ``total``) is the size the headers
    claim. The CRC is not computed: a reader that stops at the declared size
    never reaches it, and one that reads on fails at it.
    """
    block = 1 << 24
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = compressor.compress(b" " * block) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.flush(zlib.Z_FINISH)
    count = total // block
    compressed = len(piece) * count + len(tail)
    size = total if declared is None else declared
    name = member.encode()
    extra = struct.pack("<HHQQ", 1, 16, size, compressed)  # zip64 sizes
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, 8, 0, 0x21, 0, 0xFFFFFFFF,
                        0xFFFFFFFF, len(name), len(extra)) + name + extra
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, 8, 0, 0x21, 0,
                          0xFFFFFFFF, 0xFFFFFFFF, len(name), len(extra), 0, 0, 0, 0, 0)
    with path.open("wb") as handle:
        handle.write(local)
        for _ in range(count):
            handle.write(piece)
        handle.write(tail)
        offset = handle.tell()
        handle.write(central + name + extra)
        handle.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1,
                                 len(central) + len(name) + len(extra), offset, 0))
    return path


@pytest.fixture(scope="module")
def hostile_runs(tmp_path_factory) -> dict[str, dict]:
    """Every hostile input run once through ``framing score``: result, stderr, memory."""
    folder = tmp_path_factory.mktemp("hostile")
    bomb = deflate_bomb(folder / "2015-07-21.zip", "2015-07-21.json", 4 << 30)
    ratio = deflate_bomb(folder / "ratio.zip", "2015-07-22.json", 13 << 24)
    liar = deflate_bomb(folder / "liar.zip", "2015-07-23.json", 4 << 24, declared=1 << 20)
    words = "قصف " * (17_500_000)  # 70 million characters on one line
    huge_jsonl = folder / "huge.jsonl"
    huge_jsonl.write_text(json.dumps({"text": words}, ensure_ascii=False) + "\n",
                          encoding="utf-8")
    del words
    huge_csv = folder / "huge.csv"  # 12 million characters in one cell, against a 8 MiB limit
    huge_csv.write_text('text\n"' + "قصف " * 3_000_000 + '"\n', encoding="utf-8")
    fifo = folder / "endless-pipe"
    os.mkfifo(fifo)
    line = json.dumps({"text": "قصف الطيران مواقع المسلحين"}, ensure_ascii=False)
    writer = subprocess.Popen(["sh", "-c", f"yes '{line}' > '{fifo}'"],
                              stderr=subprocess.DEVNULL)
    cache = str(folder / "cache")
    cases = {
        "zip bomb 4 GiB in 4 MB": ([str(bomb)], {}),
        "zip ratio over 100": ([str(ratio)], {}),
        "zip header lying low": ([str(liar)], {}),
        "one 70M-character JSON line": ([str(huge_jsonl)], {}),
        "one 12M-character CSV cell": ([str(huge_csv)],
                                       {"FRAMING_MAX_RECORD_BYTES": str(8 << 20)}),
        "/dev/zero": (["/dev/zero"], {}),
        "/dev/zero --kind jsonl": (["/dev/zero", "--kind", "jsonl"], {}),
        "/dev/urandom --kind csv": (["/dev/urandom", "--kind", "csv"], {}),
        "endless FIFO --kind jsonl": ([str(fifo), "--kind", "jsonl"],
                                     {"FRAMING_MAX_STREAM_BYTES": str(8 << 20)}),
    }
    specs = []
    for i, (name, (corpus, env)) in enumerate(cases.items()):
        out = folder / f"out-{i}.csv"
        specs.append([name, ["score", *corpus, "--out", str(out), "--no-progress"],
                      str(folder / f"stderr-{i}.txt"), {"FRAMING_CACHE_DIR": cache, **env}])
    try:
        result = subprocess.run([sys.executable, "-c", DRIVER, str(ADDRESS_SPACE),
                                 json.dumps(specs)], capture_output=True, text=True,
                                timeout=600)
    finally:
        writer.kill()
        writer.wait()
    assert result.returncode == 0, result.stderr
    runs = {}
    for i, row in enumerate(json.loads(line) for line in result.stdout.splitlines()):
        row["stderr"] = Path(specs[i][2]).read_text(encoding="utf-8")
        row["output_written"] = (folder / f"out-{i}.csv").exists()
        runs[row["name"]] = row
    print("\npeak RSS / CPU per hostile input (RLIMIT_AS 3 GiB):")
    for row in runs.values():
        print(f"  {row['name']}: exit {row['code']}, {row['rss_mb']:.0f} MB, "
              f"{row['cpu']:.1f} s CPU, {row['seconds']:.1f} s wall")
    return runs


@pytest.mark.parametrize(("case", "expected"), [
    ("zip bomb 4 GiB in 4 MB",
     "2015-07-21.zip: member 2015-07-21.json declares 4 GiB uncompressed, more than the "
     "limit of 1 GiB"),
    ("zip ratio over 100", "ratio.zip: member 2015-07-22.json declares 208 MiB from"),
    ("zip header lying low", "liar.zip: cannot read 2015-07-23.json (Bad CRC-32"),
    ("one 70M-character JSON line",
     "huge.jsonl, line 1: longer than 64 MiB characters, the limit for one JSON Lines record"),
    ("one 12M-character CSV cell",
     "huge.csv: a text longer than 8 MiB characters (the limit for one document) in row 1"),
    ("/dev/zero", "/dev/zero is a character device, not a file"),
    ("/dev/zero --kind jsonl", "/dev/zero: cannot tell the encoding: NUL byte at offset 0"),
    ("/dev/urandom --kind csv", "/dev/urandom: cannot"),
    ("endless FIFO --kind jsonl", "more than 8 MiB came through the stream"),
])
def test_hostile_input_ends_in_a_one_line_error_in_bounded_memory(hostile_runs, case,
                                                                   expected):
    run = hostile_runs[case]
    lines = run["stderr"].strip().splitlines()
    assert run["code"] == 2, run["stderr"]
    assert len(lines) == 1 and lines[0].startswith("framing: error: "), run["stderr"]
    assert expected in lines[0]
    assert "Traceback" not in run["stderr"]
    assert not run["output_written"]
    assert run["rss_mb"] < 1024, run  # far below the 3 GiB the child may use
    assert run["cpu"] < 30, run  # seconds of CPU; wall time depends on the machine's load


def test_zip_error_messages_say_what_to_do(hostile_runs):
    assert "raise FRAMING_MAX_READ_BYTES" in hostile_runs["zip bomb 4 GiB in 4 MB"]["stderr"]
    assert "likely zip bomb, not read" in hostile_runs["zip ratio over 100"]["stderr"]
    assert "save the corpus to a file" in hostile_runs["endless FIFO --kind jsonl"][
        "stderr"].lower()
    assert "--kind" in hostile_runs["/dev/zero"]["stderr"]


def test_limits_follow_the_environment(tmp_path, monkeypatch, seed_texts):
    texts = list(seed_texts.values())
    path = tmp_path / "seeds.jsonl"
    path.write_text("".join(json.dumps({"doc_id": d, "text": t}, ensure_ascii=False) + "\n"
                            for d, t in seed_texts.items()), encoding="utf-8")
    table = pd.DataFrame({"doc_id": list(seed_texts), "text": texts})
    table.to_csv(tmp_path / "seeds.csv", index=False)
    longest = max(len(t) for t in texts)
    number = [len(t) for t in texts].index(longest) + 1
    monkeypatch.setenv("FRAMING_MAX_RECORD_BYTES", str(longest + 200))
    assert len(framing.load_corpus(path)) == 5
    assert len(framing.load_corpus(tmp_path / "seeds.csv")) == 5
    monkeypatch.setenv("FRAMING_MAX_RECORD_BYTES", str(longest - 1))
    with pytest.raises(CorpusError, match=rf"seeds\.jsonl, line {number}: longer than "):
        framing.load_corpus(path)
    with pytest.raises(CorpusError, match=r"a text longer than .* characters \(the limit for "
                                          rf"one document\) in row {number}\."):
        framing.load_corpus(tmp_path / "seeds.csv")
    monkeypatch.setenv("FRAMING_MAX_RECORD_BYTES", "lots")
    with pytest.raises(ValueError, match="FRAMING_MAX_RECORD_BYTES must be a positive number"):
        framing.load_corpus(path)


def test_real_saudinewsnet_archive_reads_within_the_limits(saudinewsnet_dir):
    archive = saudinewsnet_dir / "2015-07-23.zip"
    with zipfile.ZipFile(archive) as bundle:
        articles = json.loads(bundle.read("2015-07-23.json"))
    table = framing.load_corpus(archive)
    assert len(table) == len(articles)
    assert table["text"].tolist() == [a["content"] for a in articles]


# -- empty corpora ------------------------------------------------------------------------


def _empty_inputs(folder: Path) -> dict[str, tuple[Path, str]]:
    (folder / "empty.jsonl").write_bytes(b"")
    (folder / "blank-lines.jsonl").write_text("\n  \n\n", encoding="utf-8")
    (folder / "empty.csv").write_bytes(b"")
    (folder / "header.csv").write_text("doc_id,text\n", encoding="utf-8")
    (folder / "empty.json").write_bytes(b"")
    (folder / "array.json").write_text("[]", encoding="utf-8")
    (folder / "empty.parquet").write_bytes(b"")
    pd.DataFrame({"doc_id": pd.Series([], dtype=str), "text": pd.Series([], dtype=str)}
                 ).to_parquet(folder / "no-rows.parquet")
    with zipfile.ZipFile(folder / "2015-07-21.zip", "w") as bundle:
        bundle.writestr("2015-07-21.json", "[]")
    (folder / "no-txt").mkdir()
    (folder / "no-txt" / "notes.md").write_text("not a corpus", encoding="utf-8")
    no_docs = "no documents in {}: nothing to work on"
    return {
        "empty.jsonl": (folder / "empty.jsonl", no_docs),
        "blank-lines.jsonl": (folder / "blank-lines.jsonl", no_docs),
        "empty.csv": (folder / "empty.csv", "{}: the file is empty; a header row is needed"),
        "header.csv": (folder / "header.csv", no_docs),
        "empty.json": (folder / "empty.json", "{}: the file is empty, so there are no documents"),
        "array.json": (folder / "array.json", no_docs),
        "empty.parquet": (folder / "empty.parquet", "{}: not a readable Parquet file"),
        "no-rows.parquet": (folder / "no-rows.parquet", no_docs),
        "zip of []": (folder / "2015-07-21.zip", no_docs),
        "folder without .txt": (folder / "no-txt", "{} holds no .txt files and no .zip"),
    }


@pytest.mark.parametrize("case", ["empty.jsonl", "blank-lines.jsonl", "empty.csv",
                                  "header.csv", "empty.json", "array.json", "empty.parquet",
                                  "no-rows.parquet", "zip of []", "folder without .txt"])
def test_empty_corpus_is_a_clear_error(tmp_path, capsys, case):
    path, message = _empty_inputs(tmp_path)[case]
    assert main(["corpus", "info", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("framing: error: " + message.format(path)), err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_empty_corpus_writes_no_scores(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))
    path, _ = _empty_inputs(tmp_path)["header.csv"]
    out = tmp_path / "counts.csv"
    assert main(["score", str(path), "--out", str(out)]) == 2
    assert capsys.readouterr().err.startswith(f"framing: error: no documents in {path}")
    assert not out.exists()
