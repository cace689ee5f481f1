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
