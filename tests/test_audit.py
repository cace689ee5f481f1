"""framing.audit: counts per outlet and month, flags, duplicate clusters, and
exclusions that are made only when asked and always listed."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from framing import Matcher
from framing.audit import (
    REJECTION_REASONS,
    AuditReport,
    _candidate_pairs,
    _lsh_bands,
    _minhash_signatures,
    _shingle_hashes,
    _Tokens,
    audit,
    duplicate_clusters,
    format_audit,
)
from framing.corpus import CorpusError, load_corpus, load_sample
from framing.matcher import tokenize
from framing.normalize import normalize

SEED_0 = "000_618f82435d22ff3b"
SEED_1 = "001_bd2704263292804c"
SEED_2 = "002_7acfac26dd0fc582"
ENGLISH = ("The Syrian army called on the gunmen to leave the eastern districts of Aleppo "
           "in exchange for guarantees, the general command said in a statement on Sunday, "
           "asking them to let civilians live their normal lives in the city.")


def shingle_set(text: str, size: int = 5) -> set[tuple[str, ...]]:
    """The shingles of a text, computed here independently of the package's numpy code."""
    tokens = tokenize(normalize(text))
    if len(tokens) < size:
        return {tuple(tokens)} if tokens else set()
    return {tuple(tokens[i:i + size]) for i in range(len(tokens) - size + 1)}


def jaccard(first: str, second: str) -> float:
    a, b = shingle_set(first), shingle_set(second)
    return len(a & b) / len(a | b)


def replace_words(text: str, every: int) -> str:
    words = text.split(" ")
    return " ".join("بديلة" if i % every == every - 1 else w for i, w in enumerate(words))


@pytest.fixture(scope="module")
def texts(seed_texts) -> dict[str, str]:
    original = seed_texts[SEED_0]
    words = original.split(" ")
    lightly_edited = " ".join(["بديلة" if i in (40, 120, 200) else w
                               for i, w in enumerate(words)])
    return {
        "a": original,
        "b": "  " + original.replace(" ", "   ").replace("\n", "\n\n") + "\n",  # whitespace only
        "c": lightly_edited,
        "d": replace_words(original, 5),  # a fifth of its words changed
        "e": seed_texts[SEED_1],
        "f": "",
        "g": "   \n ",
        "h": "الجيش السوري يتقدم",
        "i": ENGLISH,
        "j": seed_texts[SEED_2],
    }


@pytest.fixture(scope="module")
def corpus(texts) -> pd.DataFrame:
    outlets = {"a": "Buratha News", "b": "RT Arabic", "c": "Aggregator", "d": "Aggregator"}
    dates = {"a": "2016-10-02", "b": "2016-10-01", "c": "2016-10-03", "d": "2016-10-04"}
    return pd.DataFrame({
        "doc_id": list(texts),
        "outlet": [outlets.get(k, "Other") for k in texts],
        "date": pd.to_datetime([dates.get(k, "2016-10-05") for k in texts]),
        "title": [f"title {k}" for k in texts],
        "text": list(texts.values()),
    })


@pytest.fixture(scope="module")
def report(corpus) -> AuditReport:
    return audit(corpus)


def flag(report: AuditReport, doc_id: str, column: str):
    return report.flags.set_index("doc_id").loc[doc_id, column]


# -- flags ---------------------------------------------------------------------------------


def test_token_counts_are_the_matchers(report, corpus):
    matcher = Matcher("default")
    expected = [matcher.count_tokens(t) for t in corpus["text"]]
    assert report.flags["n_tokens"].tolist() == expected


def test_token_counts_on_the_sample(seed_texts):
    flags = audit(load_sample()).flags
    matcher = Matcher("default")
    assert flags["n_tokens"].tolist() == [matcher.count_tokens(t) for t in seed_texts.values()]


def test_empty_short_and_non_arabic(report):
    flags = report.flags.set_index("doc_id")
    assert flags.index[flags["is_empty"]].tolist() == ["f", "g"]
    assert flags.index[flags["is_short"]].tolist() == ["h"]  # empty documents are not "short"
    assert flags.index[flags["is_mostly_non_arabic"]].tolist() == ["i"]
    assert flags.loc["i", "arabic_share"] == 0.0
    assert flags.loc["h", "arabic_share"] == 1.0
    assert np.isnan(flags.loc["f", "arabic_share"])


def test_arabic_share_counts_words():
    frame = pd.DataFrame({"doc_id": ["x"], "text": ["Aleppo حلب Idlib إدلب 2016"]})
    assert audit(frame).flags.loc[0, "arabic_share"] == 0.5  # the number is not a word


def test_exact_duplicates_ignore_whitespace(report):
    assert flag(report, "a", "exact_cluster") == flag(report, "b", "exact_cluster")
    assert pd.isna(flag(report, "c", "exact_cluster"))
    assert pd.isna(flag(report, "f", "exact_cluster"))  # empty texts are not duplicates
    # b is dated earlier, so it is the first of the cluster
    assert flag(report, "a", "exact_duplicate_of") == "b"
    assert pd.isna(flag(report, "b", "exact_duplicate_of"))


def test_near_duplicates_are_checked_with_the_real_jaccard(report, texts):
    assert jaccard(texts["a"], texts["c"]) >= 0.8
    assert jaccard(texts["a"], texts["d"]) < 0.5
    cluster = flag(report, "a", "near_duplicate_cluster")
    assert not pd.isna(cluster)
    members = report.flags.loc[report.flags["near_duplicate_cluster"] == cluster, "doc_id"]
    assert sorted(members) == ["a", "b", "c"]
    assert flag(report, "c", "near_duplicate_of") == "b"


def test_clusters_table(report):
    clusters = report.clusters
    exact = clusters[clusters["kind"] == "exact"].iloc[0]
    assert exact["size"] == 2 and exact["n_outlets"] == 2
    assert exact["outlets"] == ["Buratha News", "RT Arabic"]
    assert exact["doc_ids"] == ["b", "a"] and exact["first_doc_id"] == "b"
    assert exact["title"] == "title b"
    near = clusters[clusters["kind"] == "near"].iloc[0]
    assert near["size"] == 3 and near["cluster"] == 1
    assert near["outlets"] == ["Aggregator", "Buratha News", "RT Arabic"]


def test_by_outlet_month_on_the_sample():
    table = audit(load_sample()).by_outlet_month
    assert list(table.columns) == ["outlet", "month", "n_docs"]
    got = {(row.outlet, f"{row.month:%Y-%m}"): row.n_docs for row in table.itertuples()}
    # from the sample manifest: Al Mayadeen 3 Nov and 6 Oct, the others one each
    assert got == {("Al Mayadeen", "2016-10"): 1, ("Al Mayadeen", "2016-11"): 1,
                   ("Buratha News", "2016-10"): 1, ("Egyptian news site", "2016-12"): 1,
                   ("Micro Syria", "2016-10"): 1}


# -- exclusions ---------------------------------------------------------------------------------


def test_nothing_is_excluded_unless_asked(report, corpus):
    assert len(report.rejected) == 0
    pd.testing.assert_frame_equal(report.kept, corpus)


def test_drop_flags(corpus):
    result = audit(corpus, drop_empty=True, drop_short=True, drop_non_arabic=True)
    reasons = dict(zip(result.rejected["doc_id"], result.rejected["reason"], strict=True))
    assert reasons == {"f": "empty", "g": "empty", "h": "short", "i": "non_arabic"}
    assert result.kept["doc_id"].tolist() == ["a", "b", "c", "d", "e", "j"]
    assert set(result.rejected["reason"].cat.categories) == set(REJECTION_REASONS)


def test_dedupe_exact_keeps_the_earliest(corpus):
    result = audit(corpus, dedupe="exact")
    assert result.rejected["doc_id"].tolist() == ["a"]
    assert result.rejected["reason"].tolist() == ["exact_duplicate"]
    assert result.rejected["duplicate_of"].tolist() == ["b"]


def test_dedupe_near_also_rejects_near_copies(corpus):
    result = audit(corpus, dedupe="near")
    rejected = result.rejected.set_index("doc_id")
    assert rejected["reason"].to_dict() == {"a": "exact_duplicate", "c": "near_duplicate"}
    assert rejected["duplicate_of"].to_dict() == {"a": "b", "c": "b"}
    assert len(result.kept) + len(result.rejected) == len(corpus)


def test_ties_on_date_are_broken_by_doc_id(seed_texts):
    text = seed_texts[SEED_1]
    frame = pd.DataFrame({"doc_id": ["z", "m"], "text": [text, text],
                          "date": pd.to_datetime(["2016-12-12", "2016-12-12"])})
    result = audit(frame, dedupe="exact")
    assert result.rejected["doc_id"].tolist() == ["z"]
    assert result.rejected["duplicate_of"].tolist() == ["m"]


def test_undated_documents_come_last(seed_texts):
    text = seed_texts[SEED_1]
    frame = pd.DataFrame({"doc_id": ["a", "b"], "text": [text, text],
                          "date": pd.to_datetime([None, "2016-12-12"])})
    assert audit(frame, dedupe="exact").rejected["doc_id"].tolist() == ["a"]


# -- errors ----------------------------------------------------------------------------------


def test_duplicate_doc_ids_are_listed():
    frame = pd.DataFrame({"doc_id": ["x", "y", "x", "z", "y"], "text": ["نص"] * 5})
    with pytest.raises(CorpusError, match=r"2 doc_id value\(s\) are used more than once: "
                                          r"'x' \(2x\), 'y' \(2x\)"):
        audit(frame)


def test_bad_parameters_are_named(corpus):
    with pytest.raises(ValueError, match=r"'dedupe' parameter of framing\.audit must be one of "
                                         r".* Got 'all' instead"):
        audit(corpus, dedupe="all")
    with pytest.raises(ValueError, match="'near_duplicate_threshold' parameter"):
        audit(corpus, near_duplicate_threshold=0)
    with pytest.raises(ValueError, match="'min_tokens' parameter"):
        audit(corpus, min_tokens=-1)
    with pytest.raises(CorpusError, match="no 'text' column"):
        audit(corpus.drop(columns="text"))


def test_audit_of_a_path():
    assert len(audit("sample").flags) == 5


# -- MinHash ------------------------------------------------------------------------------------


def test_signatures_are_datasketchs(seed_texts):
    """The numpy signatures equal datasketch's MinHash fed the same 32-bit shingle hashes."""
    import pyarrow as pa
    import pyarrow.compute as pc
    from datasketch import MinHash

    pieces = pc.utf8_split_whitespace(pa.array(list(seed_texts.values()), pa.large_string()))
    tokens = _Tokens.from_pieces(pieces)
    shingles = _shingle_hashes(tokens, 5)
    docs, signatures = _minhash_signatures(shingles, 64, 1)
    assert docs.tolist() == [0, 1, 2, 3, 4]
    for doc in (0, 3):
        values = shingles.of(doc)
        folded = ((values >> np.uint64(32)) ^ values).astype(np.uint32)
        sketch = MinHash(num_perm=64, seed=1, scheme="affine32", hashfunc=lambda v: v)
        sketch.update_batch(folded.tolist())
        assert (sketch.hashvalues == signatures[doc]).all()
    # one shingle per run of five tokens
    assert np.diff(shingles.bounds).tolist() == [n - 4 for n in tokens.n_tokens]


@pytest.mark.parametrize("threshold", [0.8, 0.5])
def test_lsh_candidates_are_datasketchs(seed_texts, threshold):
    """The numpy banding finds exactly the candidate pairs of datasketch's MinHashLSH index
    with the same bands (documents sharing a bucket in some band)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    from datasketch import LeanMinHash, MinHashLSH

    texts = []

    def edit(text: str, places: range) -> str:
        return " ".join("بديلة" if i in places else w for i, w in enumerate(text.split(" ")))

    for text in seed_texts.values():  # each seed, with 2, 8 and 30 words changed, and a fifth
        texts += [text, edit(text, range(50, 150, 50)), edit(text, range(20, 260, 30)),
                  edit(text, range(10, 310, 10)), replace_words(text, 5)]
    texts += [seed_texts[SEED_0]] * 3  # exact copies: one bucket in every band
    pieces = pc.utf8_split_whitespace(pa.array(texts, pa.large_string()))
    shingles = _shingle_hashes(_Tokens.from_pieces(pieces), 5)
    docs, signatures = _minhash_signatures(shingles, 64, 1)
    params = _lsh_bands(threshold, 64)
    lsh = MinHashLSH(num_perm=64, params=params)
    for key, row in zip(docs.tolist(), signatures, strict=True):
        lsh.insert(key, LeanMinHash(seed=1, hashvalues=row, scheme="affine32"))
    expected = set()
    for table in lsh.hashtables:
        for bucket in table.keys():  # noqa: SIM118 (a datasketch storage, not a dict)
            members = sorted(table.get(bucket))
            expected.update((a, b) for i, a in enumerate(members) for b in members[i + 1:])
    found = _candidate_pairs(docs, signatures, params)
    assert {tuple(pair) for pair in found.tolist()} == expected
    assert len(found) == len(expected) > 10  # the copies pair up, and edits with them
    assert (found[:, 0] < found[:, 1]).all()


def test_duplicate_clusters_merge_exact_and_near(corpus, report):
    clusters = duplicate_clusters(corpus)
    assert clusters.index.tolist() == corpus["doc_id"].tolist()
    assert clusters.name == "cluster" and clusters.index.name == "doc_id"
    # a, b (whitespace apart) and c (three words changed) are one story; b is the earliest
    assert clusters.to_dict() == {"a": "b", "b": "b", "c": "b", "d": "d", "e": "e", "f": "f",
                                  "g": "g", "h": "h", "i": "i", "j": "j"}
    assert duplicate_clusters(report).equals(clusters)
    exact = duplicate_clusters(corpus, kind="exact")
    assert exact[["a", "b", "c"]].tolist() == ["b", "b", "c"]
    assert duplicate_clusters(report, kind="exact").equals(exact)
    # texts without a token have no shingle: only exact matching groups them
    more = pd.concat([corpus, pd.DataFrame({
        "doc_id": ["k", "l"], "outlet": "Other", "date": pd.to_datetime("2016-10-06"),
        "title": "", "text": ["!!! ...", "  !!!   ..."]})], ignore_index=True)
    merged = duplicate_clusters(more)
    assert merged[["k", "l"]].tolist() == ["k", "k"]
    assert duplicate_clusters(audit(more)).equals(merged)
    # settings as the audit's: above c's similarity to a, c is a story of its own
    similarity = jaccard(corpus["text"][0], corpus["text"][2])
    assert 0.8 < similarity < 0.99
    strict = duplicate_clusters(corpus, near_duplicate_threshold=0.99)
    assert strict[["a", "b", "c"]].tolist() == ["b", "b", "c"]
    assert strict.equals(duplicate_clusters(audit(corpus, near_duplicate_threshold=0.99)))
    with pytest.raises(ValueError, match="near_duplicate_threshold"):
        duplicate_clusters(corpus, near_duplicate_threshold=1.5)


# -- the report ------------------------------------------------------------------------------------


def test_format_audit(corpus):
    text = format_audit(audit(corpus, drop_empty=True))
    assert text.startswith("Corpus audit: 10 documents, 4 outlets, 2016-10-01 to 2016-10-05")
    assert "  Aggregator" in text and "  2016-10" in text
    assert "  empty                              2" in text
    assert "kept 8, rejected 2" in text
    assert "#1" in text and "Aggregator, Buratha News, RT Arabic" in text
    assert "first b: title b" in text


# -- SaudiNewsNet ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def saudinewsnet_audit(saudinewsnet_dir):
    corpus = load_corpus(saudinewsnet_dir)
    start = time.perf_counter()
    result = audit(corpus)
    print(f"\naudit(SaudiNewsNet): {len(corpus):,} articles in "
          f"{time.perf_counter() - start:.1f} s")
    return corpus, result


@pytest.mark.saudinewsnet
def test_saudinewsnet_duplicate_clusters(saudinewsnet_audit):
    """The clusters from the corpus (only what clusters need is computed) equal those of
    the full audit; most wire copy spans outlets."""
    corpus, result = saudinewsnet_audit
    start = time.perf_counter()
    clusters = duplicate_clusters(corpus)
    seconds = time.perf_counter() - start
    assert clusters.equals(duplicate_clusters(result))
    sizes = clusters.value_counts()
    repeated = sizes[sizes > 1]
    outlets = corpus.set_index("doc_id")["outlet"]
    spanning = outlets.groupby(clusters.reindex(outlets.index).to_numpy()).nunique()
    print(f"\nduplicate_clusters(SaudiNewsNet): {seconds:.1f} s; {len(repeated)} clusters "
          f"hold {int(repeated.sum())} documents; {int((spanning > 1).sum())} span outlets")
    near = result.clusters[result.clusters["kind"] == "near"]
    assert len(repeated) >= len(near)
    assert set(near["first_doc_id"]) <= set(repeated.index)


@pytest.mark.saudinewsnet
def test_saudinewsnet_audit(saudinewsnet_audit):
    _, result = saudinewsnet_audit
    flags = result.flags
    assert len(flags) == 31_030
    assert flags["is_empty"].sum() == 354
    assert result.by_outlet_month["n_docs"].sum() == 31_030
    assert result.by_outlet_month["outlet"].nunique() == 14
    near = result.clusters[result.clusters["kind"] == "near"]
    assert (near["n_outlets"] > 1).sum() > 0  # stories carried by several outlets
    print(format_audit(result))


@pytest.mark.saudinewsnet
def test_saudinewsnet_clusters_hold_up(saudinewsnet_audit):
    corpus, result = saudinewsnet_audit
    text = dict(zip(corpus["doc_id"], corpus["text"], strict=True))
    near = result.clusters[result.clusters["kind"] == "near"]
    for members in near.head(5)["doc_ids"]:
        # every member is a near duplicate of some other member
        for doc_id in members:
            best = max(jaccard(text[doc_id], text[other]) for other in members
                       if other != doc_id)
            assert best >= 0.8, (doc_id, best)
    exact = result.clusters[result.clusters["kind"] == "exact"]
    for members in exact.head(20)["doc_ids"]:
        assert len({" ".join(text[d].split()) for d in members}) == 1
