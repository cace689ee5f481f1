"""Errors, not tracebacks: outputs that cannot be written, full disks, bad options and
real bugs each end in one ``framing: error:`` line naming the path and what to do."""

from __future__ import annotations

import inspect
import os
import resource
import signal
import subprocess
import sys

import pandas as pd
import pytest

import framing
from framing.cli import build_parser, main


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))


def _error_line(capsys) -> str:
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("framing: error: "), err
    assert "Traceback" not in err
    return lines[0]


def _commands(out: str) -> list[list[str]]:
    return [
        ["score", "sample", "--out", out],
        ["aggregate", "sample", "--out", out],
        ["keyness", "sample", "--out", out],
        ["lexicon", "export", "default", "--to", "yaml", "--out", out],
    ]


@pytest.mark.parametrize("overwrite", [False, True])
def test_out_that_is_a_folder_is_refused_for_every_command(tmp_path, capsys, overwrite):
    folder = tmp_path / "results"
    folder.mkdir()
    (folder / "keep.txt").write_text("kept", encoding="utf-8")
    for argv in _commands(str(folder)):
        assert main(argv + (["--overwrite"] if overwrite else [])) == 2
        line = _error_line(capsys)
        assert f"--out {folder} is a folder; give the path of a file" in line
    assert [p.name for p in folder.iterdir()] == ["keep.txt"]


def test_out_under_a_regular_file_names_the_file(tmp_path, capsys):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    for argv in _commands(str(blocker / "deep" / "er" / "out.csv")):
        assert main(argv) == 2
        line = _error_line(capsys)
        assert f"cannot create the folder for it, because {blocker} is a file" in line
    assert blocker.read_text(encoding="utf-8") == "a file, not a folder"


def test_out_where_no_folder_or_file_can_be_made(tmp_path, capsys):
    assert main(["score", "sample", "--out", "/proc/framing-test/deep/out.csv"]) == 2
    line = _error_line(capsys)
    assert "cannot create the folder /proc/framing-test/deep" in line
    assert "Choose a folder you can write to" in line
    # /proc/version is a file, but no new file can be made beside it
    assert main(["score", "sample", "--out", "/proc/version", "--overwrite"]) == 2
    line = _error_line(capsys)
    assert line.startswith("framing: error: cannot write /proc/version: no new file can be "
                           "made in that folder")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_out_in_a_read_only_folder(tmp_path, capsys):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        assert main(["score", "sample", "--out", str(folder / "out.csv")]) == 2
        assert f"no permission to write in {folder}" in _error_line(capsys)
    finally:
        folder.chmod(0o700)


def test_out_that_is_a_device_is_refused(capsys):
    assert main(["score", "sample", "--out", "/dev/null", "--overwrite"]) == 2
    assert "--out /dev/null is not a regular file" in _error_line(capsys)


def test_existing_out_needs_overwrite_and_is_kept(tmp_path, capsys):
    out = tmp_path / "counts.csv"
    out.write_text("earlier\n", encoding="utf-8")
    assert main(["score", "sample", "--out", str(out)]) == 2
    assert f"--out {out} exists; pass --overwrite" in _error_line(capsys)
    assert out.read_text(encoding="utf-8") == "earlier\n"


def _limited_file_size() -> None:
    """In the child: files may not grow past 4 KiB, and that is an error, not a signal."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def test_disk_full_while_writing_leaves_no_partial_output(tmp_path):
    out, hits = tmp_path / "counts.csv", tmp_path / "hits.csv"
    env = {**os.environ, "FRAMING_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "framing.cli", "score", "sample", "--out", str(out),
               "--hits", str(hits), "--no-progress"]
    # scored into the cache (this test's, set by the fixture), outputs written
    assert main(command[3:]) == 0
    counts = out.read_bytes()
    out.write_text("earlier counts\n", encoding="utf-8")
    hits.unlink()
    # from the cache only the outputs are written: the hits CSV (about 18 KB) cannot be
    result = subprocess.run([*command, "--overwrite"], capture_output=True, text=True,
                            env=env, timeout=300, preexec_fn=_limited_file_size)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert lines[0] == (f"framing: error: cannot write {out} and {hits}: the file grew larger "
                        "than allowed here: write it elsewhere. Nothing was written (earlier "
                        "files are kept).")
    assert out.read_text(encoding="utf-8") == "earlier counts\n"
    assert not hits.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "counts.csv"]
    assert len(counts) < 4096  # the counts alone would have fitted: all or nothing


def test_missing_and_unreadable_corpora(tmp_path, capsys):
    broken = tmp_path / "gone.csv"
    broken.symlink_to(tmp_path / "nowhere.csv")
    assert main(["corpus", "info", str(broken)]) == 2
    assert f"No corpus at {broken} (a symbolic link to {tmp_path / 'nowhere.csv'}, which " \
        "does not exist)" in _error_line(capsys)
    # links that lead to each other: named as a loop by every command, not a traceback
    loop = tmp_path / "loop_a"
    loop.symlink_to(tmp_path / "loop_b")
    (tmp_path / "loop_b").symlink_to(loop)
    for argv in (["corpus", "info", str(loop)], ["score", str(loop), "--out",
                 str(tmp_path / "c.csv")], ["report", str(loop), "--out", str(tmp_path / "r")],
                 ["lexicon", "discover", str(loop), "--category", "militia", "--out",
                  str(tmp_path / "d.csv")]):
        assert main(argv) == 2
        assert f"No corpus at {loop} (a symbolic link in a loop of links)" in \
            _error_line(capsys), argv
    assert not (tmp_path / "r").exists() and not (tmp_path / "c.csv").exists()
    assert main(["corpus", "info", "sample", "--kind", "csv"]) == 2
    assert "kind='csv' does not apply" in _error_line(capsys)
    path = tmp_path / "seeds.csv"
    framing.load_sample()[["doc_id", "text"]].to_csv(path, index=False)
    assert main(["corpus", "info", str(path), "--kind", "docx"]) == 2
    assert "'kind' parameter" in _error_line(capsys)


def test_report_formats_and_cache_options(tmp_path, capsys):
    args = build_parser().parse_args(["report", "--out", str(tmp_path / "r"), "--no-cache",
                                      "--formats", "svg, PNG"])
    assert args.no_cache is True and args.formats == "svg, PNG"
    assert build_parser().parse_args(["report", "--out", "r"]).formats == "png,svg,pdf"
    for bad, message in (("gif", "'gif' not known"), ("png,,svg", "'' not known"),
                         ("png,png", "names a format twice")):
        assert main(["report", "--out", str(tmp_path / "r"), "--formats", bad]) == 2
        assert message in _error_line(capsys)
    assert not (tmp_path / "r").exists()
    # the keywords the command passes are those run_report takes
    from framing.report import run_report

    inspect.signature(run_report).bind(
        corpus="sample", out=tmp_path / "r", parameters={}, overwrite=False, notebooks=None,
        notebooks_dir="notebooks", jobs=1, cache=False, figure_formats=["svg", "png"])


def test_a_bug_is_one_line_with_a_way_to_the_traceback(tmp_path, capsys, monkeypatch):
    def broken(*_args, **_kwargs):
        raise ZeroDivisionError("division by zero in a lexicon loader")

    import framing.scoring

    monkeypatch.setattr(framing.scoring, "matcher_set", broken)
    out = str(tmp_path / "c.csv")
    assert main(["score", "sample", "--out", out]) == 1
    err = capsys.readouterr().err
    assert err.strip() == ("framing: error: unexpected ZeroDivisionError: division by zero in "
                           "a lexicon loader. This is probably a bug in framing: run again "
                           "with FRAMING_DEBUG=1 for the traceback and report it.")
    monkeypatch.setenv("FRAMING_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        main(["score", "sample", "--out", out])


def test_errors_reach_the_terminal_as_one_line_from_a_real_process(tmp_path):
    out = tmp_path / "x" / "counts.csv"
    (tmp_path / "x").write_text("a file", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "framing.cli", "score", "sample", "--out",
                             str(out)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 2
    assert result.stderr == (f"framing: error: --out {out}: cannot create the folder for it, "
                             f"because {tmp_path / 'x'} is a file. Give a path in a folder.\n")
    assert result.stdout == ""


def test_scores_after_all_checks_are_complete(tmp_path, capsys):
    out, hits = tmp_path / "new" / "counts.csv", tmp_path / "new" / "hits.parquet"
    assert main(["score", "sample", "--out", str(out), "--hits", str(hits)]) == 0
    assert len(pd.read_csv(out)) == 5 and len(pd.read_parquet(hits)) == 139
    assert sorted(p.name for p in out.parent.iterdir()) == ["counts.csv", "hits.parquet"]
