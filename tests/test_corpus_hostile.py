"""framing.corpus against hostile input: files that mix encodings, JSON nested beyond
what the parser can follow, tables with thousands of columns, .txt entries that are not
files, paths too long for the system, and lists or objects where an id or an outlet
belongs. Each is refused with a message naming the file, line and what to do, or read
quickly; none is read wrong without a word."""

from __future__ import annotations

import json
import os
import re
import threading
import time
import zipfile
from pathlib import Path

import pytest

from framing.corpus import CorpusError, corpus_parts, iter_corpus, load_corpus, read_text_file

SEED_0 = "000_618f82435d22ff3b"


def _first_line(text: str) -> str:
    """The seed's first line that holds Arabic words (a realistic one-line document)."""
    return next(line for line in text.splitlines() if len(line.split()) > 5)


# -- one file, two encodings ------------------------------------------------------------


def _mixed(seed: str, rows: int, header: bytes, row: str) -> tuple[bytes, int, int]:
    """``rows`` UTF-8 rows, then one in Windows-1256: the bytes, the offset of the first
    Windows-1256 byte and its line."""
    good = header + b"".join(row.format(i=i, text=seed).encode("utf-8") for i in range(rows))
    bad = row.format(i=rows, text=seed).encode("cp1256")
    prefix = next(i for i, byte in enumerate(bad) if byte >= 0x80)
    return good + bad, len(good) + prefix, good.count(b"\n") + 1


@pytest.mark.parametrize("suffix, header, row", [
    (".csv", b"doc_id,text\n", "{i},{text}\n"),
    (".jsonl", b"", '{{"doc_id": "{i}", "text": "{text}"}}\n'),
    (".txt", b"", "{text}\n"),
])
def test_utf8_with_one_windows_1256_line_is_refused_naming_the_line(tmp_path, seed_texts,
                                                                     suffix, header, row):
    """A UTF-8 file with one line in Windows-1256 was decoded whole as Windows-1256: every
    UTF-8 line became mojibake and scored nothing, exit 0."""
    seed = _first_line(seed_texts[SEED_0])
    data, offset, line = _mixed(seed, 300, header, row)
    path = tmp_path / f"mixed{suffix}"
    path.write_bytes(data)
    assert data[offset] >= 0x80 and data[:offset].decode("utf-8")
    expected = (rf"mixed\{suffix}: mixes encodings: it is UTF-8 up to line {line}, where byte "
                rf"0x{data[offset]:02x} at offset {offset} is not valid UTF-8.*Re-save that "
                r"line.*encoding=\.\.\. \(--encoding\)")
    with pytest.raises(CorpusError, match=expected):
        load_corpus(path)
    if suffix == ".txt":
        with pytest.raises(CorpusError, match=expected):
            read_text_file(path)
    # read one way on request: as cp1256 the UTF-8 lines are mojibake, but that was asked for
    table = load_corpus(path, encoding="cp1256")
    assert len(table) == (1 if suffix == ".txt" else 301)
    whole = "\n".join(table["text"])
    assert whole.count(seed) == 1 and whole.rstrip().endswith(seed)  # only the cp1256 line


def test_mixed_encodings_through_a_pipe_name_standard_input_line(tmp_path, seed_texts):
    seed = _first_line(seed_texts[SEED_0])
    data, offset, line = _mixed(seed, 200, b"", '{{"doc_id": "{i}", "text": "{text}"}}\n')
    read, write = os.pipe()

    def feed() -> None:
        with os.fdopen(write, "wb") as pipe:
            pipe.write(data)

    writer = threading.Thread(target=feed)
    writer.start()
    try:
        with pytest.raises(CorpusError, match=rf"/dev/fd/{read}: mixes encodings: it is UTF-8 "
                                              rf"up to line {line}, .* at offset {offset}"):
            load_corpus(f"/dev/fd/{read}", kind="jsonl")
    finally:
        writer.join()
        os.close(read)


def test_genuine_windows_1256_files_are_still_recognised(tmp_path, seed_texts):
    for name, text in seed_texts.items():
        path = tmp_path / f"{name}.txt"
        path.write_bytes(text.encode("cp1256"))
        assert read_text_file(path) == text
    table = tmp_path / "table.csv"
    rows = "".join(f"{name},{_first_line(text)}\n" for name, text in seed_texts.items())
    table.write_bytes(("doc_id,text\n" + rows).encode("cp1256"))
    loaded = load_corpus(table)
    assert loaded["text"].tolist() == [_first_line(t) for t in seed_texts.values()]


def test_windows_1256_first_then_utf8_arabic_is_refused(tmp_path, seed_texts):
    """Windows-1256 decodes any bytes, so UTF-8 rows after a Windows-1256 one were read
    as mojibake without a word."""
    seed = _first_line(seed_texts[SEED_0])
    first = f"0,{seed}\n".encode("cp1256")
    path = tmp_path / "mixed.csv"
    data = (b"doc_id,text\n" + first
            + b"".join(f"{i},{seed}\n".encode() for i in range(1, 50)))
    path.write_bytes(data)
    offset = len(b"doc_id,text\n0,")
    with pytest.raises(CorpusError, match=rf"mixed\.csv: mixes encodings: byte 0x.. at offset "
                                          rf"{offset} \(line 2\) is not valid UTF-8 .* but line "
                                          r"3 \(offset \d+\) holds UTF-8 Arabic") as caught:
        load_corpus(path)
    utf8_at = int(re.search(r"line 3 \(offset (\d+)\)", str(caught.value)).group(1))
    line_3 = 12 + len(first)
    assert line_3 < utf8_at < data.index(b"\n", line_3)
    assert data[utf8_at:utf8_at + 8].decode("utf-8") in seed  # four Arabic letters
    assert len(load_corpus(path, encoding="cp1256")) == 50


def test_a_few_accented_letters_before_arabic_do_not_count_as_utf8(tmp_path, seed_texts):
    """One or two UTF-8 characters (a name with an accent) are no proof: a Windows-1256
    file after them is still recognised."""
    text = "Café\n" + seed_texts[SEED_0]
    path = tmp_path / "doc.txt"
    path.write_bytes("Café\n".encode() + seed_texts[SEED_0].encode("cp1256"))
    assert read_text_file(path) == text.replace("é", "é".encode().decode("cp1256"))


# -- JSON nested too deeply -----------------------------------------------------------------


def test_json_nested_too_deeply_is_a_corpus_error(tmp_path, seed_texts):
    """Deep nesting ended in an 'unexpected RecursionError ... probably a bug'."""
    deep = "[" * 100_000 + "]" * 100_000
    array = tmp_path / "deep.json"
    array.write_text(deep)
    with pytest.raises(CorpusError, match=r"deep\.json: JSON nested too deeply.*flatten"):
        load_corpus(array)
    lines = tmp_path / "deep.jsonl"
    record = json.dumps({"text": seed_texts[SEED_0]}, ensure_ascii=False)
    lines.write_text(f"{record}\n{{\"text\": \"x\", \"extra\": {deep}}}\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"deep\.jsonl, line 2: JSON nested too deeply"):
        load_corpus(lines)
    with pytest.raises(CorpusError, match=r"deep\.jsonl, line 2: JSON nested too deeply"):
        list(iter_corpus(lines, chunksize=1))
    archive = tmp_path / "2015-07-21.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("2015-07-21.json", deep)
    with pytest.raises(CorpusError, match=r"2015-07-21\.zip:2015-07-21\.json: JSON nested "
                                          r"too deeply"):
        load_corpus(archive)


def test_moderate_nesting_in_an_extra_field_is_kept(tmp_path, seed_texts):
    path = tmp_path / "nested.jsonl"
    tags = {"tags": [["aleppo", ["siege"]]]}
    path.write_text(json.dumps({"text": seed_texts[SEED_0], **tags}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    table = load_corpus(path)
    assert table["tags"].tolist() == [tags["tags"]]


# -- many columns ----------------------------------------------------------------------------


def test_ten_thousand_columns_load_quickly(tmp_path, seed_texts):
    """Extra columns were added one by one: 10,000 columns of 3 rows took minutes."""
    columns = 10_000
    names = [f"c{i}" for i in range(columns)]
    path = tmp_path / "wide.csv"
    texts = [_first_line(t) for t in list(seed_texts.values())[:3]]
    with path.open("w", encoding="utf-8") as out:
        out.write(",".join(["doc_id", "text", *names]) + "\n")
        for row, text in enumerate(texts):
            out.write(",".join([f"d{row}", text, *(f"{row}-{i}" for i in range(columns))])
                      + "\n")
    start = time.perf_counter()
    table = load_corpus(path)
    elapsed = time.perf_counter() - start
    assert table.shape == (3, 6 + columns)
    assert list(table.columns[6:]) == names
    assert table["text"].tolist() == texts
    assert table["c9999"].tolist() == ["0-9999", "1-9999", "2-9999"]
    assert table.index.tolist() == [0, 1, 2]
    assert elapsed < 15, f"{columns} columns took {elapsed:.1f} s"


# -- .txt entries that are not files ----------------------------------------------------------


@pytest.fixture
def hostile_txt_folder(tmp_path, seed_texts) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / f"{SEED_0}.txt").write_text(seed_texts[SEED_0], encoding="utf-8")
    (folder / "copy.txt").symlink_to(f"{SEED_0}.txt")
    return folder


@pytest.mark.parametrize("make, described", [
    (lambda f: (f / "dangling.txt").symlink_to("nowhere.txt"),
     r"dangling\.txt \(a symbolic link to nowhere\.txt, which does not exist\)"),
    (lambda f: ((f / "loop1.txt").symlink_to("loop2.txt"),
                (f / "loop2.txt").symlink_to("loop1.txt")),
     r"loop1\.txt \(a symbolic link to loop2\.txt, in a loop of links\); loop2\.txt"),
    (lambda f: (f / "dir.txt").mkdir(), r"dir\.txt \(a folder\)"),
    (lambda f: os.mkfifo(f / "f.txt"), r"f\.txt \(a pipe \(FIFO\)\)"),
    (lambda f: (f / "zero.txt").symlink_to("/dev/zero"),
     r"zero\.txt \(a symbolic link to /dev/zero, a device\)"),
], ids=["dangling link", "link loop", "folder", "fifo", "link to a device"])
def test_txt_entries_that_are_not_files_are_named(hostile_txt_folder, make, described):
    """They were skipped: 'scored 1 documents', exit 0."""
    if "zero" in described and not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    make(hostile_txt_folder)
    with pytest.raises(CorpusError, match=rf"articles: \d \.txt entr(y is|ies are) not a file "
                                          rf"that can be read: {described}.*remove these, or "
                                          r"fix them"):
        load_corpus(hostile_txt_folder)
    with pytest.raises(CorpusError, match=described):
        list(iter_corpus(hostile_txt_folder, chunksize=1))


def test_regular_files_and_links_to_them_are_read(hostile_txt_folder, seed_texts):
    table = load_corpus(hostile_txt_folder)
    assert table["doc_id"].tolist() == [SEED_0, "copy"]
    assert table["text"].tolist() == [seed_texts[SEED_0]] * 2


def test_a_folder_of_only_unreadable_txt_entries_names_them(tmp_path):
    (tmp_path / "a.txt").mkdir()
    (tmp_path / "b.txt").symlink_to("gone.txt")
    with pytest.raises(CorpusError, match=r"2 \.txt entries are not a file that can be read: "
                                          r"a\.txt \(a folder\); b\.txt \(a symbolic link"):
        load_corpus(tmp_path)


def test_a_manifest_that_is_not_a_file_is_named(hostile_txt_folder):
    """A dangling manifest.csv link was taken for no manifest: every outlet and date
    unknown, without a word."""
    manifest = hostile_txt_folder / "manifest.csv"
    manifest.symlink_to("metadata.csv")
    with pytest.raises(CorpusError, match=r"articles/manifest\.csv: a symbolic link to "
                                          r"metadata\.csv, which does not exist"):
        load_corpus(hostile_txt_folder)
    (hostile_txt_folder / "metadata.csv").write_text(
        f"file,outlet\n{SEED_0}.txt,Al Mayadeen\ncopy.txt,SANA\n", encoding="utf-8")
    assert load_corpus(hostile_txt_folder)["outlet"].tolist() == ["Al Mayadeen", "SANA"]
    manifest.unlink()
    manifest.mkdir()
    with pytest.raises(CorpusError, match=r"manifest\.csv: a folder, not a file"):
        load_corpus(hostile_txt_folder)


def test_read_text_file_refuses_pipes_and_devices_without_waiting(tmp_path):
    fifo = tmp_path / "f.txt"
    os.mkfifo(fifo)
    with pytest.raises(CorpusError, match=r"f\.txt: a pipe \(FIFO\), not a file of text"):
        read_text_file(fifo)
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(CorpusError, match=r"folder\.txt: a folder, not a file of text"):
        read_text_file(tmp_path / "folder.txt")
    if Path("/dev/zero").exists():
        (tmp_path / "zero.txt").symlink_to("/dev/zero")
        with pytest.raises(CorpusError, match=r"zero\.txt: a symbolic link to /dev/zero, a "
                                              r"device"):
            read_text_file(tmp_path / "zero.txt")
    (tmp_path / "gone.txt").symlink_to("nowhere.txt")
    with pytest.raises(FileNotFoundError, match=r"gone\.txt \(a symbolic link to nowhere"):
        read_text_file(tmp_path / "gone.txt")


# -- paths and fields the API refuses ---------------------------------------------------------


def test_a_path_too_long_is_named_not_a_raw_oserror(tmp_path):
    """load_corpus('a' * 5000) raised OSError: [Errno 36] File name too long."""
    for path in ("a" * 5000, str(tmp_path / ("b" * 300) / "corpus.csv")):
        with pytest.raises(CorpusError, match=r"\.\.\. \(\d+ characters\): the path is too "
                                              r"long.*Shorten it"):
            load_corpus(path)
        with pytest.raises(CorpusError, match="the path is too long"):
            read_text_file(path)
        with pytest.raises(CorpusError, match="the path is too long"):
            corpus_parts(path)


@pytest.mark.parametrize("suffix", [".jsonl", ".json"])
def test_an_id_that_is_an_object_or_list_is_refused(tmp_path, seed_texts, suffix):
    """It became the id "{'x': 1}"."""
    texts = list(seed_texts.values())
    records = [{"doc_id": "a", "text": texts[0]}, {"doc_id": {"x": 1}, "text": texts[1]},
               {"doc_id": ["b"], "text": texts[2]}]
    path = tmp_path / f"ids{suffix}"
    if suffix == ".jsonl":
        path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records),
                        encoding="utf-8")
        places = "line 2, line 3"
    else:
        path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
        places = "record 2, record 3"
    with pytest.raises(CorpusError, match=rf"ids\{suffix}: field 'doc_id' holds a list or "
                                          rf"object, not an id \(a string or number\), in "
                                          rf"{places}\. .*id_column="):
        load_corpus(path)


def test_lists_and_objects_in_text_outlet_and_date_name_line_and_field(tmp_path, seed_texts):
    text = seed_texts[SEED_0]
    path = tmp_path / "fields.jsonl"

    def write(**fields: object) -> None:
        good = json.dumps({"text": text, "outlet": "SANA", "date": "2016-10-02"},
                          ensure_ascii=False)
        bad = json.dumps({"text": text, "outlet": "SANA", "date": "2016-10-02", **fields},
                         ensure_ascii=False)
        path.write_text(f"{good}\n{bad}\n", encoding="utf-8")

    write(outlet=["SANA"])
    with pytest.raises(CorpusError, match=r"field 'outlet' holds a list or object, not a "
                                          r"string, in line 2\..*outlet_column="):
        load_corpus(path)
    write(title={"ar": "حلب"})
    with pytest.raises(CorpusError, match=r"field 'title' holds a list or object.*line 2"):
        load_corpus(path)
    write(text=[text])
    with pytest.raises(CorpusError, match=r"field 'text' is not a string in line 2"):
        load_corpus(path)
    write(date=["2016-10-02"])
    with pytest.raises(CorpusError, match=r"line 2: \['2016-10-02'\]"):
        load_corpus(path)
    write()
    assert load_corpus(path)["outlet"].tolist() == ["SANA", "SANA"]
