"""Silent collisions and misreports: outputs that are one file, outputs that are
inputs, corpora read from pipes, and empty or blank document ids."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest

import framing
from framing.cli import main
from framing.corpus import CorpusError


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture()
def sample_jsonl(tmp_path) -> Path:
    """The seed sample as JSON Lines (ids, outlets, texts)."""
    sample = framing.load_sample()
    path = tmp_path / "sample.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for row in sample.itertuples():
            handle.write(json.dumps({"doc_id": row.doc_id, "outlet": row.outlet,
                                     "text": row.text}, ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="module")
def expected_counts() -> pd.DataFrame:
    """The counts of the seed sample, scored in memory."""
    sample = framing.load_sample()
    return framing.score(dict(zip(sample["doc_id"], sample["text"], strict=True)),
                         progress=False).counts


def _one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("framing: error: "), err
    assert "Traceback" not in err
    return lines[0]


def _files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if p.name != "cache"}


# -- two outputs that are one file ---------------------------------------------------------


def _same_file_variants(folder: Path) -> dict[str, tuple[str, str]]:
    (folder / "real.csv").write_text("keep me\n", encoding="utf-8")
    (folder / "link.csv").symlink_to(folder / "real.csv")
    os.link(folder / "real.csv", folder / "hard.csv")
    (folder / "sub").mkdir()
    (folder / "alias").symlink_to(folder / "sub")
    return {
        "same path": ("x.csv", "x.csv"),
        "dot slash": ("x.csv", "./x.csv"),
        "dot dot": ("x.csv", "sub/../x.csv"),
        "case": ("Scores.csv", "scores.CSV"),
        "symlink to a new file's folder": ("sub/x.csv", "alias/x.csv"),
        "symlink": ("real.csv", "link.csv"),
        "hard link": ("real.csv", "hard.csv"),
    }


@pytest.mark.parametrize("variant", ["same path", "dot slash", "dot dot", "case",
                                     "symlink to a new file's folder", "symlink", "hard link"])
def test_out_and_hits_naming_one_file_is_an_error_before_writing(
        tmp_path, monkeypatch, capsys, sample_jsonl, variant):
    work = tmp_path / "work"
    work.mkdir()
    out, hits = _same_file_variants(work)[variant]
    monkeypatch.chdir(work)
    before = _files(work)
    code = main(["score", str(sample_jsonl), "--out", out, "--hits", hits, "--overwrite"])
    assert code == 2
    line = _one_line_error(capsys.readouterr().err)
    assert "are the same file" in line and "Give different names" in line
    assert _files(work) == before  # nothing written
    assert (work / "real.csv").read_text(encoding="utf-8") == "keep me\n"
    assert set(os.listdir(work / "sub")) == set()


def test_distinct_outputs_are_both_written(tmp_path, capsys, sample_jsonl, expected_counts):
    out, hits = tmp_path / "counts.csv", tmp_path / "hits.csv"
    assert main(["score", str(sample_jsonl), "--out", str(out), "--hits", str(hits)]) == 0
    assert "scored 5 documents" in capsys.readouterr().err
    assert pd.read_csv(out)["doc_id"].tolist() == expected_counts["doc_id"].tolist()
    assert len(pd.read_csv(hits)) == 139  # every span of the hand coding


# -- outputs that are inputs ----------------------------------------------------------------


def test_out_equal_to_the_corpus_file_is_refused_even_with_overwrite(tmp_path, capsys,
                                                                     sample_jsonl):
    original = sample_jsonl.read_bytes()
    link = tmp_path / "other-name.jsonl"
    link.symlink_to(sample_jsonl)
    for out in (sample_jsonl, link, tmp_path / "SAMPLE.jsonl"):  # not a CSV name at all
        with pytest.raises(SystemExit) as stop:
            main(["score", str(sample_jsonl), "--out", str(out), "--overwrite"])
        assert stop.value.code == 2
        assert "this table is written as CSV" in capsys.readouterr().err
    assert sample_jsonl.read_bytes() == original
    # a CSV corpus, which a CSV output could overwrite: refused as the corpus
    table = tmp_path / "sample.csv"
    framing.load_sample()[["doc_id", "outlet", "text"]].to_csv(table, index=False)
    original = table.read_bytes()
    other = tmp_path / "other-name.csv"
    other.symlink_to(table)
    for out in (table, other, tmp_path / "SAMPLE.csv"):
        assert main(["score", str(table), "--out", str(out), "--overwrite"]) == 2
        line = _one_line_error(capsys.readouterr().err)
        assert "is the corpus" in line and "Give another output name" in line
    assert table.read_bytes() == original


def test_hits_inside_a_txt_corpus_folder_and_over_the_lexicon_are_refused(
        tmp_path, capsys, seed_texts):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for doc_id, text in seed_texts.items():
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    assert main(["score", str(folder), "--out", str(tmp_path / "c.csv"),
                 "--hits", str(folder / "hits.csv")]) == 2
    line = _one_line_error(capsys.readouterr().err)
    assert "inside the corpus folder" in line
    lexicon = tmp_path / "lexicon.yaml"
    framing.load_lexicon("default").to_yaml(lexicon)
    kept = lexicon.read_bytes()
    with pytest.raises(SystemExit) as stop:  # a table is never written under a .yaml name
        main(["aggregate", "sample", "--lexicon", str(lexicon), "--out", str(lexicon),
              "--overwrite"])
    assert stop.value.code == 2 and "this table is written as CSV" in capsys.readouterr().err
    assert main(["lexicon", "export", str(lexicon), "--to", "yaml", "--out", str(lexicon),
                 "--overwrite"]) == 2
    assert "is the lexicon" in _one_line_error(capsys.readouterr().err)
    assert lexicon.read_bytes() == kept
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{d}.txt" for d in seed_texts)


def test_report_folder_holding_the_corpus_is_refused(tmp_path, capsys, sample_jsonl):
    assert main(["report", "--corpus", str(sample_jsonl), "--out", str(tmp_path),
                 "--overwrite"]) == 2
    assert "holds the corpus" in _one_line_error(capsys.readouterr().err)
    assert sample_jsonl.is_file()


# -- corpora read from pipes ------------------------------------------------------------


def _feed_fifo(path: Path, data: bytes) -> threading.Thread:
    def write() -> None:
        with open(path, "wb") as handle:
            handle.write(data)

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


def test_fifo_is_read_once_and_scored_completely(tmp_path, capsys, sample_jsonl,
                                                 expected_counts):
    fifo = tmp_path / "corpus-pipe"
    os.mkfifo(fifo)
    writer = _feed_fifo(fifo, sample_jsonl.read_bytes())
    out = tmp_path / "counts.csv"
    assert main(["score", str(fifo), "--kind", "jsonl", "--out", str(out)]) == 0
    writer.join(timeout=10)
    assert "scored 5 documents" in capsys.readouterr().err
    written = pd.read_csv(out)
    pd.testing.assert_frame_equal(written, expected_counts, check_dtype=False)
    # the same bytes again through the pipe: the cache is keyed by content, not by the pipe
    writer = _feed_fifo(fifo, sample_jsonl.read_bytes())
    again = tmp_path / "again.csv"
    assert main(["score", str(fifo), "--kind", "jsonl", "--out", str(again)]) == 0
    writer.join(timeout=10)
    assert "scored 5 documents (from the cache)" in capsys.readouterr().err
    assert again.read_bytes() == out.read_bytes()


def test_fifo_without_kind_is_refused_at_once_without_opening_it(tmp_path, capsys):
    fifo = tmp_path / "corpus-pipe"
    os.mkfifo(fifo)  # no writer: opening it would block forever
    assert main(["score", str(fifo), "--out", str(tmp_path / "c.csv")]) == 2
    line = _one_line_error(capsys.readouterr().err)
    assert "is a pipe" in line and "--kind" in line
    assert not (tmp_path / "c.csv").exists()


def test_an_empty_pipe_is_an_error_not_zero_documents(tmp_path, capsys):
    fifo = tmp_path / "corpus-pipe"
    os.mkfifo(fifo)
    writer = _feed_fifo(fifo, b"")
    assert main(["score", str(fifo), "--kind", "jsonl", "--out", str(tmp_path / "c.csv")]) == 2
    writer.join(timeout=10)
    line = _one_line_error(capsys.readouterr().err)
    assert "nothing came through the stream" in line
    assert not (tmp_path / "c.csv").exists()


@pytest.mark.parametrize("corpus", ["/dev/stdin", "-"])
def test_standard_input_is_scored_completely(tmp_path, sample_jsonl, expected_counts, corpus):
    out = tmp_path / "counts.csv"
    result = subprocess.run(
        [sys.executable, "-m", "framing.cli", "score", corpus, "--kind", "jsonl", "--out",
         str(out), "--no-progress"],
        input=sample_jsonl.read_bytes(), capture_output=True, timeout=120,
        env={**os.environ, "FRAMING_CACHE_DIR": str(tmp_path / "cache")})
    assert result.returncode == 0, result.stderr.decode()
    assert "scored 5 documents" in result.stderr.decode()
    pd.testing.assert_frame_equal(pd.read_csv(out), expected_counts, check_dtype=False)


def test_library_reads_a_pipe_once_with_kind(tmp_path, sample_jsonl):
    fifo = tmp_path / "corpus-pipe"
    os.mkfifo(fifo)
    writer = _feed_fifo(fifo, sample_jsonl.read_bytes())
    table = framing.load_corpus(fifo, kind="jsonl")
    writer.join(timeout=10)
    assert table["doc_id"].tolist() == framing.load_sample()["doc_id"].tolist()
    assert table.attrs["source"] == str(fifo)
    with pytest.raises(CorpusError, match=r"is a pipe.*kind="):
        framing.load_corpus(fifo)


def test_score_path_reads_a_pipe_once_and_scores_it_completely(tmp_path, sample_jsonl,
                                                              expected_counts):
    # the cache key hashes the corpus before scoring: a pipe must be copied, not read twice
    fifo = tmp_path / "corpus-pipe"
    os.mkfifo(fifo)
    writer = _feed_fifo(fifo, sample_jsonl.read_bytes())
    scores = framing.score_path(fifo, kind="jsonl", progress=False,
                                cache_folder=tmp_path / "cache")
    writer.join(timeout=10)
    pd.testing.assert_frame_equal(scores.counts.reset_index(drop=True), expected_counts,
                                  check_dtype=False)
    assert len(scores.hits) == len(framing.score(framing.load_sample()).hits)


def test_errors_in_a_piped_corpus_name_the_pipe_and_the_line(tmp_path, capsys, seed_texts):
    texts = list(seed_texts.values())
    lines = [json.dumps({"doc_id": "a", "text": texts[0]}, ensure_ascii=False), "{not json"]
    fifo = tmp_path / "corpus-pipe"
    os.mkfifo(fifo)
    writer = _feed_fifo(fifo, ("\n".join(lines) + "\n").encode("utf-8"))
    assert main(["score", str(fifo), "--kind", "jsonl", "--out", str(tmp_path / "c.csv")]) == 2
    writer.join(timeout=10)
    line = _one_line_error(capsys.readouterr().err)
    assert f"{fifo}, line 2: not valid JSON" in line
    assert "framing-stream" not in line  # the temporary copy is not what the user gave


# -- empty, blank and missing ids -----------------------------------------------------------


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize(("bad_id", "message"), [
    ("", "empty or blank id in field 'doc_id' for line 3"),
    ("   ", "empty or blank id in field 'doc_id' for line 3"),
    ("\t\u00a0", "empty or blank id in field 'doc_id' for line 3"),
    (None, "no 'doc_id' in line 3"),
    (float("nan"), "no id in field 'doc_id' for line 3"),
])
def test_blank_or_missing_ids_in_json_lines_name_the_line(tmp_path, seed_texts, bad_id,
                                                          message):
    texts = list(seed_texts.values())
    path = _jsonl(tmp_path / "ids.jsonl", [{"doc_id": "a", "text": texts[0]},
                                           {"doc_id": "b", "text": texts[1]},
                                           {"doc_id": bad_id, "text": texts[2]}])
    with pytest.raises(CorpusError) as caught:
        framing.load_corpus(path)
    assert str(caught.value).startswith(f"{path}: {message}")
    assert "Give every" in str(caught.value)


def test_blank_id_stops_the_cli_before_any_output(tmp_path, capsys, seed_texts):
    texts = list(seed_texts.values())
    path = _jsonl(tmp_path / "ids.jsonl", [{"doc_id": "a", "text": texts[0]},
                                           {"doc_id": " ", "text": texts[1]}])
    out = tmp_path / "c.csv"
    assert main(["corpus", "info", str(path)]) == 2
    assert "blank id in field 'doc_id' for line 2" in _one_line_error(capsys.readouterr().err)
    assert main(["score", str(path), "--out", str(out)]) == 2
    assert "blank id in field 'doc_id' for line 2" in _one_line_error(capsys.readouterr().err)
    assert not out.exists()


def test_blank_ids_in_csv_and_duplicates_name_the_rows(tmp_path, seed_texts):
    texts = list(seed_texts.values())
    table = pd.DataFrame({"doc_id": ["a", " ", "c"], "text": texts[:3]})
    path = tmp_path / "ids.csv"
    table.to_csv(path, index=False)
    with pytest.raises(CorpusError, match=r"ids\.csv: empty or blank id in field 'doc_id' "
                                          r"for row 2\. Give every document a non-empty id"):
        framing.load_corpus(path)
    table["doc_id"] = ["a", "b", "a"]
    table.to_csv(path, index=False)
    with pytest.raises(CorpusError, match=r"'a' \(row 1, row 3\)"):
        framing.load_corpus(path)
    other = tmp_path / "other.csv"
    pd.DataFrame({"key": ["k1", "", "k3"], "text": texts[:3]}).to_csv(other, index=False)
    with pytest.raises(CorpusError, match=r"no id in field 'key' for row 2"):
        framing.load_corpus(other, id_column="key")


def test_failed_overwrite_keeps_the_previous_output(tmp_path, capsys, seed_texts):
    out = tmp_path / "counts.csv"
    out.write_text("previous result\n", encoding="utf-8")
    path = _jsonl(tmp_path / "bad.jsonl", [{"doc_id": "a", "text": next(iter(seed_texts.values()))},
                                           {"doc_id": "", "text": "x"}])
    assert main(["score", str(path), "--out", str(out), "--overwrite"]) == 2
    _one_line_error(capsys.readouterr().err)
    assert out.read_text(encoding="utf-8") == "previous result\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "cache") == [
        "bad.jsonl", "counts.csv"]


@pytest.mark.parametrize(("name", "header"), [("twice.csv", "doc_id,text,text"),
                                              ("spaced.tsv", "doc_id\ttext\ttext ")])
def test_a_column_named_twice_is_an_error_not_a_silent_choice(tmp_path, capsys, seed_texts,
                                                             name, header):
    # pandas would read the second one as 'text.1' and score the first without a word
    sep = "\t" if name.endswith(".tsv") else ","
    first, second = list(seed_texts.values())[:2]
    body = sep.join(["1", first.splitlines()[0], second.splitlines()[0]])
    (tmp_path / name).write_text(f"{header}\n{body}\n", encoding="utf-8")
    out = tmp_path / "counts.csv"
    assert main(["score", str(tmp_path / name), "--no-cache", "--out", str(out)]) == 2
    line = _one_line_error(capsys.readouterr().err)
    assert name in line and "'text" in line and "more than once" in line
    assert not out.exists()


def test_a_manifest_column_named_twice_is_an_error(tmp_path, seed_texts):
    folder = tmp_path / "articles"
    folder.mkdir()
    for stem, text in seed_texts.items():
        (folder / f"{stem}.txt").write_text(text, encoding="utf-8")
    rows = "\n".join(f"{stem},Outlet {i},Other {i}" for i, stem in enumerate(seed_texts))
    (folder / "manifest.csv").write_text(f"doc_id,outlet,outlet\n{rows}\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"manifest.csv: the header names.*'outlet'"):
        framing.load_corpus(folder)
