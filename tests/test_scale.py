"""Scoring at scale: parallel, streamed, cached and Dask results equal serial scoring."""

from __future__ import annotations

import pandas as pd
import pytest

import framing
from framing.scoring import score_path


@pytest.fixture(scope="module")
def snn_two_days(saudinewsnet_dir, tmp_path_factory):
    """Two daily archives of SaudiNewsNet (about 3,000 articles) in their own folder."""
    folder = tmp_path_factory.mktemp("snn")
    for archive in sorted(saudinewsnet_dir.glob("*.zip"))[:2]:
        (folder / archive.name).symlink_to(archive.resolve())
    return folder


def test_parallel_scoring_equals_serial(snn_two_days):
    corpus = framing.load_corpus(snn_two_days)
    assert len(corpus) > 1000
    serial = framing.score(corpus, progress=False)
    parallel = framing.score(corpus, jobs=2, batch_size=300, progress=False)
    pd.testing.assert_frame_equal(serial.counts, parallel.counts)
    pd.testing.assert_frame_equal(serial.hits, parallel.hits)
    assert serial.hits["category"].nunique() >= 15  # a realistic spread of categories


def test_streamed_scoring_equals_in_memory(snn_two_days, tmp_path):
    in_memory = framing.score(framing.load_corpus(snn_two_days), progress=False)
    streamed = score_path(snn_two_days, batch_size=250, jobs=2, cache_folder=tmp_path,
                          progress=False)
    assert streamed.provenance["from_cache"] is False
    pd.testing.assert_frame_equal(in_memory.counts, streamed.counts)
    pd.testing.assert_frame_equal(in_memory.hits, streamed.hits)
    again = score_path(snn_two_days, cache_folder=tmp_path, progress=False)
    assert again.provenance["from_cache"] is True
    pd.testing.assert_frame_equal(in_memory.counts, again.counts)
    pd.testing.assert_frame_equal(in_memory.hits, again.hits)


def test_cache_key_changes_with_normaliser_and_weighting(seed_texts, tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    for doc_id, text in seed_texts.items():
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    cache = tmp_path / "cache"
    plain = score_path(folder, cache_folder=cache, progress=False)
    assert not plain.provenance["from_cache"]
    other = framing.Matcher("default", normalizer=framing.Normalizer(final_yeh=False))
    egyptian = score_path(folder, other, cache_folder=cache, progress=False)
    assert not egyptian.provenance["from_cache"]
    # without final ى → ي the Egyptian article (السورى، الإرهابى) loses hits
    doc = "001_bd2704263292804c"
    assert (egyptian.counts.set_index("doc_id").loc[doc, "terrorist"]
            < plain.counts.set_index("doc_id").loc[doc, "terrorist"])
    weighted = score_path(folder, weighted=True, cache_folder=cache, progress=False)
    assert not weighted.provenance["from_cache"]
    assert weighted.counts["army"].dtype == "float64"


def test_dask_engine_equals_local_engine(seed_texts, snn_two_days, tmp_path):
    pytest.importorskip("dask.distributed")
    from framing.dask_engine import score_dask

    snn = framing.load_corpus(snn_two_days).iloc[:600]
    seeds = pd.DataFrame({"doc_id": list(seed_texts), "text": list(seed_texts.values())})
    table = pd.concat([seeds, snn[["doc_id", "text"]]], ignore_index=True)
    parts = tmp_path / "parts"
    parts.mkdir()
    for k, start in enumerate(range(0, len(table), 200)):
        table.iloc[start:start + 200].to_parquet(parts / f"part-{k:03d}.parquet", index=False)
    local = framing.score(table, progress=False)
    distributed = score_dask(parts, scheduler="local", n_workers=2)
    pd.testing.assert_frame_equal(local.counts, distributed.counts)
    pd.testing.assert_frame_equal(local.hits, distributed.hits)
    assert distributed.provenance["engine"] == "dask"


def test_fast_scan_equals_matching_whole_texts_on_all_of_saudinewsnet(saudinewsnet_dir):
    # Matcher.scan_many normalises a batch of texts at once, finds tokens and possible
    # first words with numpy (framing.token_index) and applies the rules to a window
    # around the possible starts; _scan_whole normalises and tokenises one text the
    # plain way and applies the rules to every token.
    corpus = framing.load_corpus(saudinewsnet_dir)
    matcher = framing.Matcher("default")
    ids, texts = corpus["doc_id"].tolist(), corpus["text"].tolist()
    n_hits = 0
    for start in range(0, len(texts), 2000):  # in batches, as framing.score does
        batch = texts[start:start + 2000]
        for doc_id, text, fast in zip(ids[start:], batch, matcher.scan_many(batch),
                                      strict=False):
            assert fast == matcher._scan_whole(text), doc_id
            n_hits += len(fast[1])
    assert len(corpus) == 31030
    assert n_hits > 50_000


# -- the Dask engine reads what the local engine reads, with the same errors ------------------


@pytest.fixture(scope="module")
def dask_address():
    """A LocalCluster of two worker processes on 127.0.0.1 for the module's tests."""
    distributed = pytest.importorskip("dask.distributed")
    import logging

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address="127.0.0.1:0",
                                  silence_logs=logging.CRITICAL) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def small_corpus(seed_texts, snn_two_days):
    """600 SaudiNewsNet articles and the five seeds, with outlet, date and title."""
    snn = framing.load_corpus(snn_two_days).iloc[:600]
    seeds = framing.load_corpus("sample")
    columns = ["doc_id", "outlet", "date", "title", "text"]
    return pd.concat([seeds[columns], snn[columns]], ignore_index=True)


def _write_kind(table: pd.DataFrame, kind: str, folder) -> tuple[object, str | None]:
    """The corpus written as ``kind``: (path, kind to pass)."""
    folder.mkdir()
    dated = table.assign(date=table["date"].dt.strftime("%Y-%m-%d"))
    if kind in ("csv", "tsv"):
        path = folder / f"corpus.{kind}"
        dated.to_csv(path, index=False, sep="," if kind == "csv" else "\t")
    elif kind in ("jsonl", "json"):
        path = folder / f"corpus.{kind}"
        dated.to_json(path, orient="records", lines=kind == "jsonl", force_ascii=False)
    elif kind == "parquet file":
        path = folder / "corpus.parquet"
        table.to_parquet(path, index=False, row_group_size=150)
    elif kind == "parquet folder":
        path = folder
        for k, start in enumerate(range(0, len(table), 250)):
            table.iloc[start:start + 250].to_parquet(folder / f"part-{k:02d}.parquet",
                                                     index=False)
    else:  # a folder of .txt files with a manifest
        path = folder
        for doc_id, text in zip(table["doc_id"], table["text"], strict=True):
            (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        dated.drop(columns="text").to_csv(folder / "manifest.csv", index=False)
    return path, None


@pytest.mark.parametrize("kind", ["csv", "tsv", "jsonl", "json", "parquet file",
                                  "parquet folder", "txt"])
def test_dask_engine_reads_every_kind_as_the_local_engine(dask_address, small_corpus,
                                                          tmp_path, kind):
    from framing.dask_engine import score_dask

    path, _ = _write_kind(small_corpus, kind, tmp_path / "corpus")
    local = score_path(path, cache=False, progress=False)
    distributed = score_dask(path, scheduler=dask_address, batch_size=200, progress=False)
    # every document is scored or listed as in no language of the lexicons (a list of
    # film titles under an Arabic heading is neither Arabic nor English prose)
    unscored = local.provenance.get("unscored") or []
    assert len(local.counts) + len(unscored) == len(small_corpus)
    assert distributed.provenance.get("unscored") == unscored
    pd.testing.assert_frame_equal(local.counts, distributed.counts)
    pd.testing.assert_frame_equal(local.hits, distributed.hits)
    # the Parquet file splits by its row groups (of 150 rows, joined up to batch_size: 300,
    # 300, 5), the folder by its files; the rest is sent from here in chunks of batch_size
    parts = {"parquet file": 3, "parquet folder": 3}.get(kind, 4)
    assert distributed.provenance["parts"] == parts


def test_dask_engine_reads_a_fifo_once_and_the_sample(dask_address, small_corpus, tmp_path):
    import os
    import threading

    from framing.dask_engine import score_dask

    source = tmp_path / "corpus.jsonl"
    small_corpus.assign(date=small_corpus["date"].dt.strftime("%Y-%m-%d")).to_json(
        source, orient="records", lines=True, force_ascii=False)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(source.read_bytes()))
    writer.start()
    streamed = score_dask(fifo, scheduler=dask_address, kind="jsonl", progress=False)
    writer.join()
    local = score_path(source, cache=False, progress=False)
    pd.testing.assert_frame_equal(local.counts, streamed.counts)
    pd.testing.assert_frame_equal(local.hits, streamed.hits)
    sample = score_dask("sample", scheduler=dask_address, progress=False)
    pd.testing.assert_frame_equal(sample.counts, framing.score(framing.load_sample(),
                                                               progress=False).counts)


def test_dask_engine_reading_errors_are_the_local_engines(dask_address, small_corpus,
                                                          tmp_path):
    from framing.corpus import CorpusError
    from framing.dask_engine import score_dask

    bad = small_corpus.assign(date=small_corpus["date"].dt.strftime("%Y-%m-%d"))
    bad.loc[412, "date"] = "2015-02-30"
    csv = tmp_path / "bad.csv"
    bad.to_csv(csv, index=False)  # read here, in chunks
    folder = tmp_path / "bad-parts"
    folder.mkdir()
    for k, start in enumerate(range(0, len(bad), 250)):  # read by the workers
        bad.iloc[start:start + 250].to_parquet(folder / f"part-{k}.parquet", index=False)
    for path in (csv, folder):
        with pytest.raises(CorpusError) as local:
            score_path(path, cache=False, progress=False)
        with pytest.raises(CorpusError) as distributed:
            score_dask(path, scheduler=dask_address, batch_size=200, progress=False)
        assert str(distributed.value) == str(local.value)
        assert "'2015-02-30' (no 30 February)" in str(local.value) or "2015-02-30" in str(
            local.value)
    assert "part-1.parquet, row 163" in str(distributed.value)  # row 413 = 250 + 163
    # kept as NaT: the warning a worker raises while reading is shown here, as locally
    from framing.dates import DateWarning

    with pytest.warns(DateWarning) as local_warnings:
        local_nat = score_path(folder, cache=False, progress=False, on_bad_date="nat")
    with pytest.warns(DateWarning) as dask_warnings:
        dask_nat = score_dask(folder, scheduler=dask_address, progress=False,
                              on_bad_date="nat")
    shown = [str(w.message) for w in dask_warnings if w.category is DateWarning]
    assert shown == [str(w.message) for w in local_warnings if w.category is DateWarning]
    assert len(shown) == 1 and "part-1.parquet, row 163" in shown[0]
    pd.testing.assert_frame_equal(local_nat.counts, dask_nat.counts)
    twice = small_corpus.iloc[:300]
    again = tmp_path / "twice"
    again.mkdir()
    twice.iloc[:200].to_parquet(again / "a.parquet", index=False)
    twice.iloc[150:].to_parquet(again / "b.parquet", index=False)  # 50 ids in both files
    with pytest.raises(CorpusError, match=r"the doc_id '.+' is used in a\.parquet \(row group "
                       r"0\) and in b\.parquet \(row group 0\)"):
        score_dask(again, scheduler=dask_address, progress=False)


def test_dask_workers_compile_the_lexicons_once_each(dask_address, small_corpus, tmp_path):
    from dask.distributed import Client

    from framing.dask_engine import score_dask

    path = tmp_path / "corpus"
    path.mkdir()
    for k, start in enumerate(range(0, len(small_corpus), 250)):
        small_corpus.iloc[start:start + 250].to_parquet(path / f"part-{k}.parquet", index=False,
                                                        row_group_size=100)
    lexicon = tmp_path / "own.yaml"
    framing.load_lexicon("default").to_yaml(lexicon)  # a lexicon these workers have not seen

    def compiled() -> int:
        with Client(dask_address) as client:
            return sum(client.run(lambda: __import__(
                "framing.dask_engine", fromlist=["_WORKER_STATS"])._WORKER_STATS["compiled"]
            ).values())

    before = compiled()
    from framing.multilingual import UnscoredWarning

    # an Arabic lexicon only: a list of film titles under an Arabic heading is left out
    with pytest.warns(UnscoredWarning, match=r"1 document\(s\) are in no language .* 1 in "
                                             r"'und' \('2015-07-21-00591'\)"):
        scores = score_dask(path, lexicon, scheduler=dask_address, batch_size=100,
                            progress=False)
    assert scores.provenance["parts"] == 8  # row groups: 100 100 50, 100 100 50, 100 5
    assert compiled() - before <= 2  # once per worker, not once per part
