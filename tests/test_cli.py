"""The ``framing`` command line: score, lexicon tools, errors."""

from __future__ import annotations

import pandas as pd
import pytest

import framing
from framing.cli import main


@pytest.fixture()
def txt_corpus(tmp_path, seed_texts):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for doc_id, text in seed_texts.items():
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))


def test_score_writes_exactly_the_counts_table(txt_corpus, tmp_path, seed_texts):
    out = tmp_path / "counts.csv"
    hits = tmp_path / "hits.parquet"
    assert main(["score", str(txt_corpus), "--out", str(out), "--hits", str(hits)]) == 0
    written = pd.read_csv(out)
    expected = framing.score(seed_texts).counts
    assert list(written.columns) == list(expected.columns)
    assert written["doc_id"].tolist() == sorted(seed_texts)
    pd.testing.assert_frame_equal(written.drop(columns="doc_id"),
                                  expected.drop(columns="doc_id"), check_dtype=False)
    hit_table = pd.read_parquet(hits)
    assert len(hit_table) == 139  # every span of the hand coding, no more
    row = hit_table.iloc[0]
    assert seed_texts[row.doc_id][row.start:row.end] == row.surface


def test_score_refuses_to_overwrite(txt_corpus, tmp_path, capsys):
    out = tmp_path / "counts.csv"
    out.write_text("keep me", encoding="utf-8")
    assert main(["score", str(txt_corpus), "--out", str(out)]) == 2
    assert "exists; pass --overwrite" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "keep me"
    assert main(["score", str(txt_corpus), "--out", str(out), "--overwrite"]) == 0
    assert out.read_text(encoding="utf-8").startswith("doc_id,language,n_tokens,terrorist")


def test_rerun_is_answered_from_the_cache_and_misses_after_a_change(txt_corpus, tmp_path,
                                                                     capsys):
    out = tmp_path / "counts.csv"
    args = ["score", str(txt_corpus), "--out", str(out), "--overwrite"]
    assert main(args) == 0
    assert "from the cache" not in capsys.readouterr().err
    assert main(args) == 0
    assert "from the cache" in capsys.readouterr().err
    first = pd.read_csv(out)
    # change one article: the cache must miss and the counts follow the new text
    target = txt_corpus / f"{first.doc_id[0]}.txt"
    target.write_text(target.read_text(encoding="utf-8") + "\nقتل مسلح", encoding="utf-8")
    assert main(args) == 0
    assert "from the cache" not in capsys.readouterr().err
    second = pd.read_csv(out)
    assert second.loc[0, "killing"] == first.loc[0, "killing"] + 1
    assert second.loc[0, "militant"] == first.loc[0, "militant"] + 1


def test_cache_misses_when_the_lexicon_changes(txt_corpus, tmp_path, capsys):
    out = tmp_path / "counts.csv"
    lexicon = framing.load_lexicon("default")
    custom = tmp_path / "custom.yaml"
    data = lexicon.to_dict()
    data["dimensions"][0]["categories"][0]["terms"][0]["forms"].append("إرهابيون2")
    framing.Lexicon.from_dict(data).to_yaml(custom)
    assert main(["score", str(txt_corpus), "--out", str(out), "--overwrite"]) == 0
    capsys.readouterr()
    assert main(["score", str(txt_corpus), "--out", str(out), "--overwrite",
                 "--lexicon", str(custom)]) == 0
    assert "from the cache" not in capsys.readouterr().err


def test_undecodable_file_is_named(tmp_path, capsys):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "a.txt").write_text("الجيش", encoding="utf-8")
    (folder / "b.txt").write_bytes(b"\xff\xfe\x00\xd8\x00\xdc\x81" * 3 + b"\x80\x81\x82")
    code = main(["score", str(folder), "--out", str(tmp_path / "c.csv"), "--no-cache",
                 "--encoding", "utf-8"])
    assert code == 2
    assert "b.txt" in capsys.readouterr().err


def test_empty_document_scores_zeros(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "one.txt").write_text("قتل مسلح", encoding="utf-8")
    out = tmp_path / "counts.csv"
    assert main(["score", str(folder), "--out", str(out), "--no-cache"]) == 0
    table = pd.read_csv(out).set_index("doc_id")
    # a text without letters is in no language: it scores zeros with the first lexicon's
    assert table.loc["empty", "language"] == "ar"
    assert table.drop(columns="language").loc["empty"].sum() == 0
    assert table.loc["one", "killing"] == 1 and table.loc["one", "n_tokens"] == 2


def test_bad_lexicon_reports_file_and_line(txt_corpus, tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\ndimensions:\n  - id: d\n    categories:\n      - id: c\n"
                   "        colour: red\n        terms: [الجيش]\n", encoding="utf-8")
    assert main(["score", str(txt_corpus), "--out", str(tmp_path / "o.csv"),
                 "--lexicon", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml" in err and "line 6" in err and "colour" in err


def test_lexicon_check_and_export(tmp_path, capsys):
    assert main(["lexicon", "check"]) == 0
    out = capsys.readouterr().out
    assert "8 dimensions, 27 categories" in out
    target = tmp_path / "lexicon.yaml"
    assert main(["lexicon", "export", "default", "--to", "yaml", "--out", str(target)]) == 0
    assert framing.load_lexicon(target).hash == framing.load_lexicon("default").hash


def test_console_script_runs():
    import subprocess
    import sys
    from pathlib import Path

    script = Path(sys.executable).parent / "framing"
    assert script.exists(), "the 'framing' console script is not installed beside Python"
    proc = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("framing ")


def test_a_reader_that_goes_away_stops_the_command_quietly():
    """``framing corpus info sample | head -1``: the pipe closes early; no error line, no
    traceback, the shell's status for SIGPIPE."""
    import subprocess
    import sys
    from pathlib import Path

    script = Path(sys.executable).parent / "framing"
    proc = subprocess.Popen([str(script), "corpus", "info", "sample"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before anything is written
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141
    assert err == ""


def test_a_closed_standard_output_is_an_error_not_silence():
    """``framing lexicon check default >&-``: Python drops what is printed to a closed
    standard output and exited 0, so a script saw success with no result."""
    import subprocess
    import sys
    from pathlib import Path

    script = Path(sys.executable).parent / "framing"
    for argv in (["lexicon", "check", "default"], ["corpus", "info", "sample"]):
        proc = subprocess.run(f"'{script}' {' '.join(argv)} >&-", shell=True,
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 2, (argv, proc.stderr)
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and "standard output is closed" in lines[0], lines


def test_an_empty_corpus_path_or_standard_output_is_refused(tmp_path, capsys):
    """``framing score "$CORPUS"`` with the variable unset read the current folder, and
    ``--out -`` wrote a file called '-'."""
    for argv, message in [(["score", "", "--out", str(tmp_path / "x.csv")], "empty path"),
                          (["score", "sample", "--out", "-"], "--out -: give the path of a "
                                                              "file to write")]:
        assert main(argv) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and message in err[0], err
    assert not (tmp_path / "-").exists() and list(tmp_path.iterdir()) == []


def test_aggregate_and_keyness_commands(tmp_path, capsys):
    agg = tmp_path / "agg.csv"
    assert main(["aggregate", "sample", "--out", str(agg), "--n-boot", "50"]) == 0
    assert "low_n" in capsys.readouterr().err  # every sample outlet has fewer than 5 articles
    table = pd.read_csv(agg)
    assert set(table["outlet"]) == set(framing.load_sample()["outlet"])
    assert len(table) == 4 * 27  # every outlet × every category of the default lexicon
    militant = table[(table["outlet"] == "Micro Syria") & (table["category"] == "militant")]
    assert militant["hits"].item() == 3  # the hand coding of Micro Syria's article
    key = tmp_path / "key.csv"
    assert main(["keyness", "sample", "--out", str(key), "--features", "categories",
                 "--a", "Al Mayadeen", "--min-count", "1"]) == 0
    terms = pd.read_csv(key)
    assert terms.loc[terms["z"].idxmax(), "term"] == "militant"
    assert main(["keyness", "sample", "--out", str(tmp_path / "k2.csv"), "--by", "nowhere"]) == 2
    assert "nowhere" in capsys.readouterr().err


# -- engines: options that do not apply are refused, the cluster's failures are one line ------


@pytest.mark.parametrize(("extra", "message"), [
    (["--scheduler", "tcp://127.0.0.1:8786"],
     "--scheduler applies to --engine dask only; add --engine dask or leave out --scheduler."),
    (["--timeout", "60"],
     "--timeout applies to --engine dask only; add --engine dask or leave out --timeout."),
    (["--engine", "dask", "--scheduler", "tcp://127.0.0.1:8786", "--jobs", "4"],
     "--jobs does not apply to the scheduler at tcp://127.0.0.1:8786: its workers are those "
     "started for it."),
    (["--engine", "dask", "--no-cache"],
     "--no-cache does not apply to --engine dask, which always scores and never uses the "
     "cache."),
    (["--engine", "dask", "--timeout", "0"], "--timeout 0: give the seconds the run may take"),
    (["--engine", "dask", "--scheduler", "nonsense::"],
     "'nonsense::' is not a scheduler address"),
])
def test_score_refuses_engine_options_that_do_not_apply(txt_corpus, tmp_path, capsys, extra,
                                                        message):
    out = tmp_path / "counts.csv"
    assert main(["score", str(txt_corpus), "--out", str(out), *extra]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"framing: error: {message}")
    assert len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_an_unreachable_scheduler_is_one_line_at_once(txt_corpus, tmp_path, capsys):
    pytest.importorskip("dask.distributed")
    import time

    from browser_support import free_port

    out = tmp_path / "counts.csv"
    address = f"tcp://127.0.0.1:{free_port()}"  # nothing listens there
    started = time.monotonic()
    assert main(["score", str(txt_corpus), "--out", str(out), "--engine", "dask",
                 "--scheduler", address]) == 2
    assert time.monotonic() - started < 5  # not the Dask client's 30 s of retries
    err = capsys.readouterr().err
    assert err == (f"framing: error: cannot reach the Dask scheduler at {address} (nothing "
                   "listens on that port). Check the address and port and that the scheduler "
                   "runs (dask scheduler); or use --scheduler local.\n")
    assert not out.exists()


def test_a_trailing_slash_or_a_comma_list_is_refused_and_a_corpus_column_groups(
        tmp_path, capsys, seed_texts):
    """``--out results/`` wrote a file called results; ``--by outlet,date`` and ``--by
    country`` (a column of the corpus) both failed with advice for the Python API."""
    import pandas as pd

    ids = sorted(seed_texts)
    corpus = pd.DataFrame({"doc_id": ids, "text": [seed_texts[i] for i in ids],
                           "outlet": ["a", "a", "b", "b", "b"],
                           "date": ["2016-12-01"] * 5, "country": ["sy", "sa", "sy", "sa", "sy"]})
    path = tmp_path / "corpus.csv"
    corpus.to_csv(path, index=False)
    for argv in (["score", str(path), "--out", f"{tmp_path / 'results'}/"],
                 ["lexicon", "export", "default", "--to", "yaml", "--out", f"{tmp_path}/x/"]):
        with pytest.raises(SystemExit) as stop:
            main(argv)
        assert stop.value.code == 2
        assert "ends in a slash, so it names a folder" in capsys.readouterr().err
    assert not (tmp_path / "results").exists() and not (tmp_path / "x").exists()
    out = tmp_path / "by.csv"
    assert main(["aggregate", str(path), "--by", "outlet,date", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "not a column of the corpus (its columns: outlet, date, title, url, country)" in err
    assert "separated by spaces (--by outlet date), not commas" in err and not out.exists()
    assert main(["aggregate", str(path), "--by", "country", "--out", str(out)]) == 0
    table = pd.read_csv(out)
    hits = table.groupby("country")["hits"].sum()
    counts = framing.score(corpus).counts.assign(country=corpus["country"])
    categories = framing.load_lexicon("default").category_ids
    assert hits.to_dict() == counts.groupby("country")[categories].sum().sum(axis=1).to_dict()


def test_absurd_numbers_of_processes_or_draws_are_refused(tmp_path, capsys):
    """--jobs 1000 started a thousand processes on two cores, and --n-boot 100000000 asked
    for tens of gigabytes until the system killed the command."""
    import os

    most = max(8, 4 * (os.cpu_count() or 1))
    out = tmp_path / "c.csv"
    assert main(["score", "sample", "--out", str(out), "--jobs", str(most + 1)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"more than {most} processes" in err[0] and not out.exists()
    assert main(["aggregate", "sample", "--out", str(out), "--n-boot", "100000000"]) == 2
    assert "'n_boot' parameter of framing.aggregate must be at most 100,000" in \
        capsys.readouterr().err
    assert not out.exists()
    assert main(["aggregate", "sample", "--out", str(out), "--n-boot", "100000"]) == 0


def test_a_csv_output_named_as_another_format_is_refused(tmp_path, capsys):
    """``--out counts.parquet`` wrote CSV text under a Parquet name (the --hits option
    writes either, by its name; the tables are CSV only)."""
    for argv in (["score", "sample", "--out", str(tmp_path / "counts.parquet")],
                 ["aggregate", "sample", "--out", str(tmp_path / "shares.xlsx")],
                 ["shifts", "sample", "--out", str(tmp_path / "s.json")]):
        with pytest.raises(SystemExit) as stop:
            main(argv)
        assert stop.value.code == 2
        assert "this table is written as CSV" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
    assert main(["score", "sample", "--out", str(tmp_path / "counts.CSV"), "--hits",
                 str(tmp_path / "hits.parquet")]) == 0
    assert (tmp_path / "hits.parquet").read_bytes()[:4] == b"PAR1"


def test_standard_input_is_refused_for_two_inputs(tmp_path, capsys):
    """``framing shifts - --kind csv --events -``: the corpus took all of standard input and
    the events read a closed file ('read of closed file')."""
    out = tmp_path / "s.csv"
    for argv, readers in [(["shifts", "-", "--kind", "csv", "--events", "-"],
                           "the corpus and --events both"),
                          (["shifts", "/dev/stdin", "--kind", "csv", "--events", "/dev/stdin"],
                           "the corpus and --events both"),
                          (["lexicon", "discover", "-", "--kind", "csv", "--category", "militia",
                            "--rejections", "/dev/stdin"], "the corpus and --rejections both")]:
        assert main([*argv, "--out", str(out)]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and f"{readers} read standard input" in err[0], err
    assert not out.exists()


def test_a_negative_seed_or_a_column_given_twice(tmp_path, capsys):
    """--seed -1 gave numpy's 'expected non-negative integer' without naming the option;
    --by outlet outlet gave pandas' 'Grouper for 'outlet' not 1-dimensional'."""
    out = tmp_path / "a.csv"
    assert main(["aggregate", "sample", "--out", str(out), "--seed", "-1"]) == 2
    assert "--seed) of framing.aggregate must be an integer >= 0" in capsys.readouterr().err
    assert main(["aggregate", "sample", "--out", str(out), "--by", "outlet", "outlet"]) == 0
    twice = pd.read_csv(out)
    assert main(["aggregate", "sample", "--out", str(tmp_path / "b.csv"), "--by", "outlet"]) == 0
    pd.testing.assert_frame_equal(twice, pd.read_csv(tmp_path / "b.csv"))
