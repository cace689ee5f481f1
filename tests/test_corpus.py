"""framing.corpus: every reader gives the corpus table, keeps every record, and
names the file, row and fix when it cannot read something."""

from __future__ import annotations

import csv
import json
import re
import time
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import REPO, SAUDINEWSNET, SEEDS
from framing.corpus import (
    CORPUS_COLUMNS,
    CorpusError,
    CorpusWarning,
    iter_corpus,
    load_corpus,
    load_sample,
    read_text_file,
)
from framing.dates import DateWarning

SEED_0 = "000_618f82435d22ff3b"


def concat(chunks) -> pd.DataFrame:
    return pd.concat(list(chunks))


# -- the embedded sample --------------------------------------------------------------


def _seed_readme_table() -> dict[str, dict[str, str]]:
    """file → {outlet, date, alignment} from the seeds' README table."""
    rows = {}
    for line in (SEEDS / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0].endswith(".txt"):
            rows[cells[0]] = {"outlet": cells[1], "date": cells[2], "alignment": cells[3]}
    return rows


def test_sample_has_the_five_seed_articles(seed_texts):
    sample = load_sample()
    assert list(sample.columns[:6]) == CORPUS_COLUMNS
    assert len(sample) == 5
    assert sample["doc_id"].tolist() == sorted(seed_texts)
    assert dict(zip(sample["doc_id"], sample["text"], strict=True)) == seed_texts
    assert sample["doc_id"].is_unique


def test_sample_metadata_agrees_with_the_seed_readme(seed_texts):
    readme = _seed_readme_table()
    sample = load_sample()
    assert len(readme) == 5
    for row in sample.itertuples():
        known = readme[f"{row.doc_id}.txt"]
        assert row.outlet in known["outlet"]  # the short name of the README's description
        assert row.date == pd.Timestamp(known["date"])
        assert row.alignment == known["alignment"]
    assert sample["outlet"].value_counts()["Al Mayadeen"] == 2
    assert sample["date"].dtype == "datetime64[ns]"
    assert sample["title"].isna().all() and sample["url"].isna().all()


def test_sample_by_name_and_from_the_repo_copy():
    sample = load_sample()
    assert sample.attrs == {"source": "sample", "kind": "txt"}
    pd.testing.assert_frame_equal(load_corpus("sample"), sample)
    pd.testing.assert_frame_equal(load_corpus(REPO / "data" / "sample"), sample)


def test_the_two_sample_copies_are_identical():
    packaged = REPO / "src" / "framing" / "data" / "sample"
    human = REPO / "data" / "sample"
    names = sorted(p.name for p in human.iterdir())
    assert names == sorted(p.name for p in packaged.iterdir())
    assert "manifest.csv" in names and len(names) == 6
    for name in names:
        assert (human / name).read_bytes() == (packaged / name).read_bytes(), name


def test_sample_is_installed_with_the_package():
    """A normal (not editable) install ships only the declared package data."""
    import fnmatch
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["framing"]
    packaged = REPO / "src" / "framing"
    for path in [packaged / "data" / "arabic_months.yaml",
                 *(packaged / "data" / "sample").iterdir()]:
        relative = path.relative_to(packaged).as_posix()
        assert any(fnmatch.fnmatch(relative, p) for p in patterns), relative


def test_sample_copies_match_the_shared_seeds(seed_texts):
    for doc_id, text in seed_texts.items():
        assert (REPO / "data" / "sample" / f"{doc_id}.txt").read_text(encoding="utf-8") == text


def test_sample_streams_in_chunks():
    chunks = list(iter_corpus("sample", chunksize=2))
    assert [len(c) for c in chunks] == [2, 2, 1]
    assert list(chunks[1].index) == [2, 3]
    pd.testing.assert_frame_equal(pd.concat(chunks), load_sample())


# -- SaudiNewsNet ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def saudinewsnet(saudinewsnet_dir):
    start = time.perf_counter()
    corpus = load_corpus(saudinewsnet_dir)
    print(f"\nload_corpus(SaudiNewsNet): {len(corpus):,} articles in "
          f"{time.perf_counter() - start:.2f} s")
    return corpus


def _readme_outlet_counts() -> dict[str, int]:
    text = (SAUDINEWSNET / "README.md").read_text(encoding="utf-8")
    block = text.split("Articles per outlet:", 1)[1].split("\n\n", 1)[0]
    return {name: int(count) for name, count in re.findall(r"(\w+)\s+(\d+)", block)}


@pytest.mark.saudinewsnet
def test_saudinewsnet_every_article_loads(saudinewsnet):
    corpus = saudinewsnet
    assert len(corpus) == 31_030
    assert list(corpus.columns) == [*CORPUS_COLUMNS, "author"]
    assert corpus["doc_id"].is_unique
    assert corpus["doc_id"].str.fullmatch(r"2015-\d\d-\d\d-\d{5}").all()
    assert corpus.attrs["kind"] == "saudinewsnet"


@pytest.mark.saudinewsnet
def test_saudinewsnet_outlets_match_the_readme(saudinewsnet):
    expected = _readme_outlet_counts()
    assert len(expected) == 14
    assert saudinewsnet["outlet"].value_counts().to_dict() == expected


@pytest.mark.saudinewsnet
def test_saudinewsnet_empty_articles_are_kept(saudinewsnet):
    blank = saudinewsnet["text"].str.strip() == ""
    assert blank.sum() == 354


@pytest.mark.saudinewsnet
def test_saudinewsnet_dates_all_parse_in_the_crawl_period(saudinewsnet):
    dates = saudinewsnet["date"]
    assert dates.dtype == "datetime64[ns]"
    assert dates.notna().all()
    assert dates.min() >= pd.Timestamp("2015-07-21")
    assert dates.max() < pd.Timestamp("2015-08-12")


@pytest.mark.saudinewsnet
def test_saudinewsnet_rows_are_the_archive_records(saudinewsnet, saudinewsnet_dir):
    archive = saudinewsnet_dir / "2015-07-22.zip"
    with zipfile.ZipFile(archive) as bundle:
        records = json.loads(bundle.read("2015-07-22.json"))
    rows = saudinewsnet[saudinewsnet["doc_id"].str.startswith("2015-07-22-")]
    assert len(rows) == len(records)
    for index in (0, len(records) // 2, len(records) - 1):
        row = rows.loc[rows["doc_id"] == f"2015-07-22-{index:05d}"].iloc[0]
        record = records[index]
        assert row["text"] == record["content"]
        assert row["outlet"] == record["source"]
        assert row["url"] == record["url"]
        assert row["date"] == pd.Timestamp(record["date_extracted"])


@pytest.mark.saudinewsnet
def test_saudinewsnet_streaming_equals_the_full_load(saudinewsnet, saudinewsnet_dir):
    chunks = list(iter_corpus(saudinewsnet_dir, chunksize=1000))
    assert max(len(c) for c in chunks) <= 1000
    pd.testing.assert_frame_equal(pd.concat(chunks), saudinewsnet)


@pytest.mark.saudinewsnet
def test_single_saudinewsnet_zip(saudinewsnet, saudinewsnet_dir):
    one = load_corpus(saudinewsnet_dir / "2015-08-11.zip")
    expected = saudinewsnet[saudinewsnet["doc_id"].str.startswith("2015-08-11-")]
    pd.testing.assert_frame_equal(one, expected.reset_index(drop=True))


# -- SaudiNewsNet-style archives written by the tests ------------------------------------


ARTICLES = [
    {"source": "alpha", "url": "https://a.example/1", "date_extracted": "2015-07-21 10:00:00",
     "title": "عنوان", "author": "", "content": "نص الخبر الأول"},
    {"source": "beta", "url": "https://b.example/2", "date_extracted": "2015-07-21 11:30:00",
     "title": "", "author": "كاتب", "content": ""},
]


def _write_zip(path: Path, records, member: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr(member or f"{path.stem}.json", json.dumps(records, ensure_ascii=False))
    return path


def test_zip_folder_reads_fields_and_keeps_empty_text(tmp_path):
    _write_zip(tmp_path / "2015-07-21.zip", ARTICLES)
    _write_zip(tmp_path / "2015-07-22.zip", ARTICLES[:1])
    corpus = load_corpus(tmp_path)
    assert corpus["doc_id"].tolist() == ["2015-07-21-00000", "2015-07-21-00001",
                                         "2015-07-22-00000"]
    assert corpus["outlet"].tolist() == ["alpha", "beta", "alpha"]
    assert corpus["text"].tolist() == ["نص الخبر الأول", "", "نص الخبر الأول"]
    assert pd.isna(corpus.loc[1, "title"])  # blank title: unknown
    assert corpus["author"].tolist() == ["", "كاتب", ""]  # extra fields as they are
    assert corpus.loc[1, "date"] == pd.Timestamp("2015-07-21 11:30:00")


def test_truncated_zip_is_named(tmp_path):
    whole = _write_zip(tmp_path / "whole.zip", ARTICLES * 50).read_bytes()
    broken = tmp_path / "2015-07-23.zip"
    broken.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(CorpusError, match=r"2015-07-23\.zip.*truncated or damaged"):
        load_corpus(broken)


def test_damaged_member_is_named(tmp_path):
    data = bytearray(_write_zip(tmp_path / "x.zip", ARTICLES * 50).read_bytes())
    data[60:70] = b"\x00" * 10  # inside the compressed JSON
    damaged = tmp_path / "2015-07-24.zip"
    damaged.write_bytes(bytes(data))
    with pytest.raises(CorpusError, match=r"2015-07-24\.zip"):
        load_corpus(damaged, kind="saudinewsnet")


def test_zip_record_without_content_is_named(tmp_path):
    records = [ARTICLES[0], {k: v for k, v in ARTICLES[1].items() if k != "content"}]
    _write_zip(tmp_path / "2015-07-25.zip", records)
    with pytest.raises(CorpusError, match=r"no field 'content' in 2015-07-25\.zip:"
                                          r"2015-07-25\.json\[1\]"):
        load_corpus(tmp_path)


# -- encodings -----------------------------------------------------------------------------


def test_windows_1256_text_is_recognised(tmp_path, seed_texts):
    text = seed_texts[SEED_0]
    path = tmp_path / "arabic.txt"
    path.write_bytes(text.encode("cp1256"))
    assert read_text_file(path) == text
    assert read_text_file(path, encoding="cp1256") == text
    assert load_corpus(tmp_path)["text"].tolist() == [text]
    assert load_corpus(tmp_path, encoding="cp1256")["text"].tolist() == [text]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_utf16_and_bom_files(tmp_path, seed_texts, encoding):
    text = seed_texts[SEED_0]
    path = tmp_path / "doc.txt"
    path.write_bytes(text.encode(encoding))  # utf-16: with BOM; -le/-be: without
    assert read_text_file(path) == text


def test_a_stray_nul_in_utf8_text_is_named_not_read_as_utf16(tmp_path, seed_texts):
    """One NUL byte in a UTF-8 file made the detector call it UTF-16: the corpus read
    as CJK characters and the error spoke of a missing 'text' column."""
    text = seed_texts[SEED_0]
    lines = text.split("\n")
    damaged = "\n".join(lines[:2]).encode() + b"\n\x00" + "\n".join(lines[2:]).encode()
    path = tmp_path / "doc.txt"
    path.write_bytes(damaged)
    with pytest.raises(CorpusError, match=r"doc\.txt: UTF-8 text with 1 NUL byte\(s\), the "
                                          r"first on line 3 .*tr -d"):
        read_text_file(path)
    assert read_text_file(path, encoding="utf-8") == damaged.decode()
    table = tmp_path / "t.csv"
    table.write_bytes(b'doc_id,text\n1,"abc\x00def"\n')
    with pytest.raises(CorpusError, match=r"t\.csv: UTF-8 text with 1 NUL.*line 2"):
        load_corpus(table)
    # UTF-16 without a BOM is still recognised, Arabic and English
    for sample in (text, "The militants withdrew from eastern Aleppo.\n"):
        for encoding in ("utf-16-le", "utf-16-be"):
            path.write_bytes(sample.encode(encoding))
            assert read_text_file(path) == sample


def test_undecodable_file_names_file_and_offset(tmp_path):
    path = tmp_path / "french.txt"
    path.write_bytes("Le café de la gare".encode("latin-1"))
    with pytest.raises(CorpusError, match=r"french\.txt.*byte 0xe9 at offset 6.*encoding="):
        read_text_file(path)
    with pytest.raises(CorpusError, match=r"french\.txt"):
        load_corpus(tmp_path)
    assert read_text_file(path, encoding="latin-1") == "Le café de la gare"


def test_wrong_explicit_encoding_is_reported(tmp_path, seed_texts):
    path = tmp_path / "doc.txt"
    path.write_bytes(seed_texts[SEED_0].encode("cp1256"))
    with pytest.raises(CorpusError, match=r"doc\.txt: not valid utf-8: byte 0x.. at offset 0"):
        read_text_file(path, encoding="utf-8")


def test_csv_in_windows_1256(tmp_path, seed_texts):
    path = tmp_path / "news.csv"
    frame = pd.DataFrame({"doc_id": ["a", "b"], "text": list(seed_texts.values())[:2]})
    path.write_bytes(frame.to_csv(index=False).encode("cp1256"))
    corpus = load_corpus(path)
    assert corpus["text"].tolist() == frame["text"].tolist()


def test_csv_that_turns_undecodable_late_names_offset(tmp_path):
    path = tmp_path / "late.csv"
    head = "doc_id,text\n" + "".join(f"d{i},نص\n" for i in range(120_000))
    path.write_bytes(head.encode("utf-8") + b"x,\xff\xfe bad\n")
    assert path.stat().st_size > (1 << 20)  # past the part sniffed for the encoding
    with pytest.raises(CorpusError, match=r"late\.csv: not valid utf-8: byte 0xff at offset "
                                          rf"{len(head.encode()) + 2} \(line 120002\)"):
        load_corpus(path)


# -- txt folders and manifests ------------------------------------------------------------------


def _txt_folder(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def test_txt_folder_without_manifest(tmp_path):
    _txt_folder(tmp_path, {"b": "نص ب", "a": "نص أ"})
    corpus = load_corpus(tmp_path)
    assert corpus["doc_id"].tolist() == ["a", "b"]  # by file name
    assert corpus["outlet"].isna().all() and corpus["date"].isna().all()


def test_single_txt_file(tmp_path):
    path = _txt_folder(tmp_path, {"only": "نص"}) / "only.txt"
    assert load_corpus(path)["doc_id"].tolist() == ["only"]


def test_manifest_with_a_missing_file_is_an_error(tmp_path):
    _txt_folder(tmp_path, {"a": "نص"})
    (tmp_path / "manifest.csv").write_text("file,outlet\na.txt,X\nghost.txt,Y\n",
                                           encoding="utf-8")
    with pytest.raises(CorpusError, match=r"manifest\.csv: 1 row\(s\) name files that are not "
                                          r"in the folder: manifest\.csv row 2: 'ghost\.txt'"):
        load_corpus(tmp_path)


def test_files_missing_from_the_manifest_warn(tmp_path):
    _txt_folder(tmp_path, {"a": "نص", "b": "نص", "c": "نص"})
    (tmp_path / "manifest.csv").write_text(
        "doc_id,outlet,date,section\na,Al Mayadeen,٦ تشرين الأول ٢٠١٦,world\n", encoding="utf-8")
    with pytest.warns(CorpusWarning, match=r"2 file\(s\) are not in the manifest.*b\.txt, c\.txt"):
        corpus = load_corpus(tmp_path)
    assert corpus.loc[0, "outlet"] == "Al Mayadeen"
    assert corpus.loc[0, "date"] == pd.Timestamp("2016-10-06")
    assert corpus["section"].tolist()[0] == "world"
    assert corpus.loc[1:, "outlet"].isna().all() and corpus.loc[1:, "date"].isna().all()


def test_manifest_bad_date_names_its_row(tmp_path):
    _txt_folder(tmp_path, {"a": "نص", "b": "نص"})
    (tmp_path / "manifest.csv").write_text("file,date\na.txt,2016-10-02\nb.txt,قريبا\n",
                                           encoding="utf-8")
    with pytest.raises(CorpusError, match=r"manifest\.csv row 2: 'قريبا'"):
        load_corpus(tmp_path)


def test_manifest_columns_can_be_renamed(tmp_path):
    _txt_folder(tmp_path, {"a": "نص"})
    (tmp_path / "manifest.csv").write_text("file,source,published\na.txt,X,02/10/2016\n",
                                           encoding="utf-8")
    corpus = load_corpus(tmp_path, outlet_column="source", date_column="published")
    assert corpus.loc[0, "outlet"] == "X"
    assert corpus.loc[0, "date"] == pd.Timestamp("2016-10-02")
    with pytest.raises(ValueError, match="'text_column' parameter does not apply"):
        load_corpus(tmp_path, text_column="body")


# -- CSV, TSV, JSON, JSON Lines, Parquet ---------------------------------------------------------


def test_csv_with_quoted_newlines(tmp_path, seed_texts):
    texts = list(seed_texts.values())  # multi-line articles with quotes and commas
    path = tmp_path / "news.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "outlet", "date"])
        for text in texts:
            writer.writerow([text, "X", "2016-10-02"])
    corpus = load_corpus(path)
    assert corpus["text"].tolist() == texts
    assert any("\n" in t for t in texts)
    assert corpus["doc_id"].tolist() == [f"row-{i:06d}" for i in range(1, 6)]


def test_csv_column_mapping_and_extras(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text("id,body,source,when,headline,link,section\n"
                    "7,نص,X,٢ أكتوبر ٢٠١٦,عنوان,http://x,world\n", encoding="utf-8")
    corpus = load_corpus(path, id_column="id", text_column="body", outlet_column="source",
                         date_column="when", title_column="headline", url_column="link")
    row = corpus.iloc[0]
    assert (row["doc_id"], row["text"], row["outlet"], row["title"], row["url"]) == \
        ("7", "نص", "X", "عنوان", "http://x")
    assert row["date"] == pd.Timestamp("2016-10-02")
    assert list(corpus.columns) == [*CORPUS_COLUMNS, "section"]


def test_csv_without_text_column_says_what_to_do(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text("id,body\n1,نص\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"no 'text' column.*text_column=.*'body'"):
        load_corpus(path)


def test_mapped_column_would_hide_another(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text("text,body\nأ,ب\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"column 'text' would be replaced by 'body'"):
        load_corpus(path, text_column="body")


def test_tsv(tmp_path):
    path = tmp_path / "news.tsv"
    path.write_text("doc_id\ttext\tdate\nx\tنص, مع فاصلة\t2016-10-02\n", encoding="utf-8")
    corpus = load_corpus(path)
    assert corpus.loc[0, "text"] == "نص, مع فاصلة"


def test_duplicate_ids_are_listed(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text("doc_id,text\na,1\nb,2\na,3\nb,4\nc,5\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"2 doc_id value\(s\) are used more than once: "
                                          r"'a' \(row 1, row 3\); 'b' \(row 2, row 4\)"):
        load_corpus(path)
    with pytest.raises(CorpusError, match=r"'a' \(row 1, row 3\)"):  # across chunks too
        list(iter_corpus(path, chunksize=1))


def test_unparseable_dates_name_row_and_value(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text("text,date\nأ,2016-10-02\nب,الأسبوع الماضي\nج,\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"1 date\(s\) in .*news\.csv .*row 2: 'الأسبوع الماضي'"):
        load_corpus(path)
    with pytest.warns(DateWarning, match=r"1 date\(s\)"):
        corpus = load_corpus(path, on_bad_date="nat")
    assert corpus["date"].isna().tolist() == [False, True, True]  # row 3: no date, no error


def test_arabic_digit_and_month_name_dates(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text("text,date\nأ,٢٠١٦/١٠/٠٢\nب,3 تشرين الثاني 2016\nج,١٢ ديسمبر ٢٠١٦\n"
                    "د,06/10/2016\n", encoding="utf-8")
    dates = load_corpus(path)["date"].tolist()
    assert dates == [pd.Timestamp(d) for d in
                     ("2016-10-02", "2016-11-03", "2016-12-12", "2016-10-06")]


def test_jsonl_missing_fields(tmp_path):
    path = tmp_path / "news.jsonl"
    lines = [{"doc_id": "a", "text": "نص", "title": "عنوان", "url": "http://a"},
             {"doc_id": "b", "text": "نص"},  # no title or url: unknown
             {"doc_id": "c", "text": "", "outlet": "X", "score": 3}]
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n\n",
                    encoding="utf-8")
    corpus = load_corpus(path)
    assert corpus["title"].isna().tolist() == [False, True, True]
    assert corpus["url"].isna().tolist() == [False, True, True]
    assert corpus["text"].tolist() == ["نص", "نص", ""]
    assert corpus["score"].tolist() == [None, None, 3]


def test_jsonl_record_without_text_names_line_and_field(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text('{"doc_id": "a", "text": "x"}\n\n{"doc_id": "b", "body": "y"}\n',
                    encoding="utf-8")
    with pytest.raises(CorpusError, match=r"news\.jsonl: no field 'text' in line 3"):
        load_corpus(path)


def test_jsonl_null_text_and_bad_json(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text('{"text": "x"}\n{"text": null}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"no text in field 'text' for line 2"):
        load_corpus(path)
    path.write_text('{"text": "x"}\n{"text": "y",}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"news\.jsonl, line 2: not valid JSON"):
        load_corpus(path)


def test_jsonl_ids_are_all_or_nothing(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text('{"text": "x"}\n{"text": "y", "doc_id": "b"}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"'doc_id' field in line 2.*first record has none"):
        load_corpus(path)


def test_jsonl_streams_line_by_line(tmp_path):
    path = tmp_path / "news.ndjson"
    records = [{"text": f"نص {i}", "n": i if i % 3 else None} for i in range(10)]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records),
                    encoding="utf-8")
    chunks = list(iter_corpus(path, chunksize=4))
    assert [len(c) for c in chunks] == [4, 4, 2]
    full = load_corpus(path)
    pd.testing.assert_frame_equal(pd.concat(chunks), full)
    assert full["doc_id"].tolist()[-1] == "row-000010"


def test_json_array_missing_text_names_the_record(tmp_path):
    path = tmp_path / "news.json"
    path.write_text(json.dumps([{"text": "x"}, {"title": "no text"}]), encoding="utf-8")
    with pytest.raises(CorpusError, match=r"no field 'text' in record 2"):
        load_corpus(path)
    path.write_text(json.dumps({"text": "x"}), encoding="utf-8")
    with pytest.raises(CorpusError, match="expected a JSON array"):
        load_corpus(path)


def test_parquet_by_row_groups(tmp_path):
    frame = pd.DataFrame({"doc_id": [f"d{i}" for i in range(7)],
                          "text": [f"نص {i}" for i in range(7)],
                          "date": pd.date_range("2016-10-01", periods=7),
                          "weight": np.arange(7, dtype=np.float64)})
    path = tmp_path / "news.parquet"
    frame.to_parquet(path, row_group_size=3)
    full = load_corpus(path)
    assert full["date"].tolist() == frame["date"].tolist()
    assert full["weight"].dtype == np.float64
    chunks = list(iter_corpus(path, chunksize=3))
    assert [len(c) for c in chunks] == [3, 3, 1]
    pd.testing.assert_frame_equal(pd.concat(chunks), full)


def test_csv_streaming_equals_full_load(tmp_path):
    path = tmp_path / "news.csv"
    pd.DataFrame({"text": [f"نص\nسطر {i}" for i in range(25)],
                  "outlet": ["X", ""] * 12 + ["Y"],
                  "date": ["2016-10-02"] * 25}).to_csv(path, index=False)
    chunks = list(iter_corpus(path, chunksize=10))
    assert [len(c) for c in chunks] == [10, 10, 5]
    pd.testing.assert_frame_equal(pd.concat(chunks), load_corpus(path))


# -- paths and options -----------------------------------------------------------------------


def test_missing_path():
    with pytest.raises(FileNotFoundError, match=r"No corpus at .*nowhere"):
        load_corpus(Path("nowhere") / "corpus.csv")


def test_unknown_extension_asks_for_kind(tmp_path):
    path = tmp_path / "news.xml"
    path.write_text("<x/>", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"news\.xml.*Pass kind="):
        load_corpus(path)


def test_explicit_kind(tmp_path):
    path = tmp_path / "news.data"
    path.write_text("text\nنص\n", encoding="utf-8")
    assert load_corpus(path, kind="csv")["text"].tolist() == ["نص"]


def test_bad_options_are_named(tmp_path):
    with pytest.raises(ValueError, match=r"'kind' parameter of framing\.load_corpus must be one "
                                         r"of .* Got 'xml' instead"):
        load_corpus("sample", kind="xml")
    with pytest.raises(ValueError, match=r"'chunksize' parameter of framing\.iter_corpus"):
        iter_corpus("sample", chunksize=0)
    with pytest.raises(ValueError, match=r"'encoding' parameter .* no known encoding"):
        load_corpus("sample", encoding="arabic-ish")
    with pytest.raises(ValueError, match="'on_bad_date' parameter"):
        load_corpus("sample", on_bad_date="drop")


# -- a folder of Parquet files ---------------------------------------------------------------


@pytest.fixture()
def parquet_folder(tmp_path, seed_texts):
    """The five seed articles in two Parquet files (three, then two), with dates."""
    folder = tmp_path / "parts"
    folder.mkdir()
    frame = pd.DataFrame({"doc_id": list(seed_texts), "text": list(seed_texts.values()),
                          "date": [f"2016-12-0{k + 1}" for k in range(5)]})
    frame.iloc[:3].to_parquet(folder / "2016-12-a.parquet", index=False, row_group_size=2)
    frame.iloc[3:].to_parquet(folder / "2016-12-b.parquet", index=False)
    return folder, frame


def test_a_folder_of_parquet_files_reads_as_one_corpus_in_name_order(parquet_folder):
    folder, frame = parquet_folder
    corpus = load_corpus(folder)
    assert corpus.attrs["kind"] == "parquet"
    assert corpus["doc_id"].tolist() == frame["doc_id"].tolist()
    assert corpus["text"].tolist() == frame["text"].tolist()
    assert corpus["date"].dt.day.tolist() == [1, 2, 3, 4, 5]
    chunks = list(iter_corpus(folder, chunksize=2))
    assert [len(c) for c in chunks] == [2, 1, 2]  # row groups of the first file, then the next
    pd.testing.assert_frame_equal(pd.concat(chunks), corpus)


def test_parquet_folder_ids_and_row_numbers_run_on_across_files(tmp_path, seed_texts):
    folder = tmp_path / "parts"
    folder.mkdir()
    texts = pd.DataFrame({"text": list(seed_texts.values()),
                          "date": ["2016-12-01", "2016-12-02", "2016-12-03", "2016-12-04",
                                   "2016-13-45"]})
    texts.iloc[:3].to_parquet(folder / "a.parquet", index=False)
    texts.iloc[3:].to_parquet(folder / "b.parquet", index=False)
    # a bad date is named by its file and its row within that file
    with pytest.raises(CorpusError, match=r"in .*parts could not be read .*: b\.parquet, "
                       r"row 2: '2016-13-45' \(no month 13\)"):
        load_corpus(folder)
    (folder / "b.parquet").unlink()
    texts.iloc[3:4].to_parquet(folder / "b.parquet", index=False)
    corpus = load_corpus(folder)
    assert corpus["doc_id"].tolist() == [f"row-{k:06d}" for k in range(1, 5)]


def test_parquet_folder_files_with_other_columns_are_named(parquet_folder):
    folder, frame = parquet_folder
    frame.iloc[:1].assign(outlet="X").to_parquet(folder / "2016-12-c.parquet", index=False)
    with pytest.raises(CorpusError, match=r"2016-12-c\.parquet: its columns differ from those "
                       r"of 2016-12-a\.parquet.*has 'outlet' besides"):
        load_corpus(folder)
    (folder / "2016-12-c.parquet").unlink()
    frame.iloc[:1].assign(date=pd.Timestamp("2016-12-09")).to_parquet(
        folder / "2016-12-c.parquet", index=False)
    with pytest.raises(CorpusError, match=r"2016-12-c\.parquet: .*'date' is timestamp"):
        list(iter_corpus(folder))
    (folder / "2016-12-c.parquet").unlink()
    (folder / "notes.txt").write_text("a note", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"files of several kinds \(txt, parquet\)"):
        load_corpus(folder)
    assert len(load_corpus(folder, kind="parquet")) == 5


def test_parquet_folder_is_scored_and_cached_like_a_file(parquet_folder, tmp_path, seed_texts):
    from framing.scoring import score, score_path

    folder, frame = parquet_folder
    expected = score(frame, progress=False)
    first = score_path(folder, cache_folder=tmp_path / "cache", progress=False)
    pd.testing.assert_frame_equal(first.counts, expected.counts)
    pd.testing.assert_frame_equal(first.hits, expected.hits)
    again = score_path(folder, cache_folder=tmp_path / "cache", progress=False)
    assert again.provenance["from_cache"] is True
    frame.iloc[3:4].to_parquet(folder / "2016-12-b.parquet", index=False)  # one article less
    changed = score_path(folder, cache_folder=tmp_path / "cache", progress=False)
    assert not changed.provenance["from_cache"] and len(changed.counts) == 4


def test_corpus_parts_read_apart_equal_the_whole(parquet_folder, saudinewsnet_dir):
    from framing.corpus import corpus_parts, read_part

    folder, _ = parquet_folder
    parts = corpus_parts(folder, min_rows=1)
    assert [p.label for p in parts] == ["2016-12-a.parquet (row group 0)",
                                        "2016-12-a.parquet (row group 1)",
                                        "2016-12-b.parquet (row group 0)"]
    pd.testing.assert_frame_equal(pd.concat([read_part(p) for p in parts]), load_corpus(folder))
    assert len(corpus_parts(folder)) == 2  # small row groups are joined: one part per file
    zips = sorted(saudinewsnet_dir.glob("*.zip"))[:2]
    archive_parts = corpus_parts(zips[1])
    assert [p.label for p in archive_parts] == [zips[1].name]
    pd.testing.assert_frame_equal(read_part(archive_parts[0]), load_corpus(zips[1]))
    assert corpus_parts("sample") is None
    assert corpus_parts(folder / "2016-12-a.parquet", text_column="text") is not None
    with pytest.raises(CorpusError, match=r"no column 'body' \(text_column='body'\)"):
        corpus_parts(folder, text_column="body")
