"""Lexicon discovery (framing.discover) and growing a lexicon from its candidates.

Trained on one daily archive of SaudiNewsNet (small vectors, so a few seconds);
the benchmark (benchmarks/bench_discover.py) measures the whole corpus.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

import framing
from framing.cache import CacheWarning
from framing.cli import build_parser, main
from framing.discover import (
    CANDIDATE_COLUMNS,
    DiscoveryError,
    discover,
    grow_lexicon,
    read_rejections,
    train_vectors,
)
from framing.lexicon import Lexicon

pytestmark = pytest.mark.saudinewsnet

SETTINGS = {"dim": 40, "min_count": 3}


@pytest.fixture(scope="module")
def archive(saudinewsnet_dir) -> Path:
    """One day of SaudiNewsNet (the largest archive, about 1,900 articles)."""
    return max(saudinewsnet_dir.glob("*.zip"), key=lambda p: p.stat().st_size)


@pytest.fixture(scope="module")
def model(archive):
    return train_vectors(archive, **SETTINGS)


@pytest.fixture(scope="module")
def corpus(archive) -> pd.DataFrame:
    return framing.load_corpus(archive)


def test_candidates_are_new_words_the_corpus_uses(archive, model, corpus):
    table = discover(archive, "militia", model=model, top=30)
    assert list(table.columns) == CANDIDATE_COLUMNS
    assert len(table) == 30 and table["rank"].tolist() == list(range(1, 31))
    matcher = framing.Matcher("default")
    texts = corpus["text"].tolist()
    for row in table.itertuples():
        # nothing the lexicon already counts is proposed
        assert matcher.find(row.candidate) == [], row.candidate
        assert row.frequency >= 2 and 1 <= row.documents <= row.frequency
        assert row.source and set(row.source.split("+")) <= {"distributional", "slots",
                                                              "spelling"}
        # the KWIC example shows the candidate in a real sentence of the corpus
        shown = row.kwic_1.split("⟦", 1)[1].split("⟧", 1)[0]
        assert model.terms[model.term_of(shown)] == row.key, (shown, row.key)
        assert any(row.candidate in t for t in texts), row.candidate
        entry = yaml.safe_load(row.suggested_entry)
        assert ("family" in entry) != ("phrase" in entry)
    assert table["score"].is_monotonic_decreasing
    # the outlets column counts documents per outlet of the corpus
    first = table.iloc[0]
    named = dict(part.rsplit(" (", 1) for part in first["outlets"].split("; "))
    assert set(named) <= set(corpus["outlet"].astype(str))
    assert sum(int(n.rstrip(")")) for n in named.values()) == first["documents"]


def test_a_held_out_spelling_is_found_by_the_spelling_source(archive, model):
    """Without مليشيات in the militia family, the corpus's مليشيات is proposed as a variant."""
    base = framing.load_lexicon()
    data = base.to_dict()
    for dimension in data["dimensions"]:
        for category in dimension["categories"]:
            for term in category["terms"]:
                if term.get("family") == "ميليشيا":
                    term["forms"] = [f for f in term["forms"] if not f.startswith("مليشي")]
    reduced = Lexicon.from_dict(data)
    assert model.term_of("مليشيات") is not None  # the corpus writes it
    table = discover(archive, "militia", lexicon=reduced, model=model, top=50,
                     sources=["spelling"])
    found = table[table["key"] == model.terms[model.term_of("مليشيات")]]
    assert len(found) == 1
    assert found["source"].iloc[0] == "spelling" and found["near"].iloc[0] == "ميليشيات"
    # with the full lexicon it is counted, so not proposed
    full = discover(archive, "militia", model=model, top=50, sources=["spelling"])
    assert not full["candidate"].str.startswith("مليشي").any()


def test_same_seed_same_table_and_vectors(corpus):
    part = corpus.head(800)
    first = train_vectors(part, cache=False, dim=20, min_count=3)
    again = train_vectors(part, cache=False, dim=20, min_count=3)
    np.testing.assert_array_equal(again.vectors, first.vectors)
    a = discover(part, "terrorist", model=first, top=20)
    b = discover(part, "terrorist", model=again, top=20)
    assert len(a) == 20
    pd.testing.assert_frame_equal(a, b)
    other = train_vectors(part, cache=False, seed=1, dim=20, min_count=3)
    assert not np.allclose(other.vectors, first.vectors)


def test_accepted_candidates_change_counts_exactly_by_their_hits(archive, model, corpus,
                                                                   tmp_path):
    table = discover(archive, "militia", model=model, top=40)
    words = table[table["kind"] == "word"].head(3)
    sheet = table.copy()
    sheet.loc[words.index, "decision"] = "accept"
    out = tmp_path / "grown.yaml"
    grown = grow_lexicon(sheet, out, base="default")
    assert framing.load_lexicon(out).hash == grown.hash
    base = framing.load_lexicon()
    new_ids = {t.id for t in grown.terms} - {t.id for t in base.terms}
    assert len(new_ids) == 3
    # the file names its base and holds only the accepted entries, as the sheet gave them
    written = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert written["extends"] == "default" and written["name"] == "default-grown"
    assert written["dimensions"] == [{"id": "armed_group_label", "categories": [
        {"id": "militia", "terms": [
            {**yaml.safe_load(entry), "id": f"militia:grown:{key}"}
            for entry, key in zip(words["suggested_entry"], words["key"], strict=True)]}]}]
    assert {t["id"] for t in written["dimensions"][0]["categories"][0]["terms"]} == new_ids
    assert {t.category for t in grown.terms if t.id in new_ids} == {"militia"}
    before = framing.score(corpus, lexicon=base)
    after = framing.score(corpus, lexicon=grown)
    new_hits = after.hits[after.hits["term"].isin(new_ids)]
    assert len(new_hits) > 0
    gained = new_hits.groupby("doc_id").size()
    diff = (after.counts.set_index("doc_id")["militia"]
            - before.counts.set_index("doc_id")["militia"])
    expected = gained.reindex(diff.index, fill_value=0)
    pd.testing.assert_series_equal(diff, expected, check_names=False, check_dtype=False)
    others = [c for c in base.category_ids if c != "militia"]
    pd.testing.assert_frame_equal(before.counts[others], after.counts[others])
    # the written file is a lexicon like any other: the command line scores with it
    assert main(["score", str(archive), "--lexicon", str(out), "--out",
                 str(tmp_path / "counts.csv"), "--no-progress"]) == 0
    counts = pd.read_csv(tmp_path / "counts.csv")
    assert counts["militia"].sum() == after.counts["militia"].sum()


def test_rejected_candidates_are_not_proposed_again(archive, model, tmp_path):
    table = discover(archive, "houthi", model=model, top=20)
    sheet = table.copy()
    sheet.loc[sheet.index[:5], "decision"] = "reject"
    sheet.loc[sheet.index[5], "decision"] = "Accept "
    rejections = tmp_path / "rejected.csv"
    grow_lexicon(sheet, tmp_path / "lex.yaml", rejections=rejections)
    remembered = read_rejections(rejections)
    assert remembered == {("houthi", k) for k in table["key"].iloc[:5]}
    again = discover(archive, "houthi", model=model, top=20, rejections=rejections)
    assert not set(again["key"]) & set(table["key"].iloc[:5])
    # the ones neither rejected nor accepted are still proposed, moved up
    assert set(table["key"].iloc[6:]) <= set(again["key"])
    # rejecting again does not duplicate lines
    grow_lexicon(sheet, tmp_path / "lex2.yaml", rejections=rejections)
    assert len(pd.read_csv(rejections)) == 5


def test_grow_refuses_to_overwrite_and_names_bad_rows(archive, model, tmp_path):
    table = discover(archive, "militia", model=model, top=5)
    out = tmp_path / "lex.yaml"
    out.write_text("keep me", encoding="utf-8")
    with pytest.raises(FileExistsError, match="overwrite"):
        grow_lexicon(table, out)
    assert out.read_text(encoding="utf-8") == "keep me"
    sheet_path = tmp_path / "sheet.csv"
    bad = table.copy()
    bad.loc[bad.index[2], "decision"] = "maybe"
    bad.to_csv(sheet_path, index=False)
    with pytest.raises(DiscoveryError, match=r"sheet\.csv: line 4, field 'decision': 'maybe'"):
        grow_lexicon(sheet_path, tmp_path / "new.yaml")
    bad.loc[bad.index[2], "decision"] = "accept"
    bad.loc[bad.index[2], "suggested_entry"] = "{family: x, article: sometimes}"
    with pytest.raises(DiscoveryError, match="valid lexicon"):
        grow_lexicon(bad, tmp_path / "new.yaml")
    assert not (tmp_path / "new.yaml").exists()


def test_a_context_that_looks_like_a_formula_is_written_inert(archive, model, tmp_path):
    from framing.discover import _read_sheet, write_candidates

    table = discover(archive, "terrorist", model=model, top=3)
    table.loc[0, "kwic_2"] = "=HYPERLINK(1) " + table.loc[0, "kwic_2"]
    path = write_candidates(table, tmp_path / "c.csv")
    assert "'=HYPERLINK(1)" in path.read_text(encoding="utf-8-sig")
    back, _ = _read_sheet(path)
    assert back.loc[0, "kwic_2"] == table.loc[0, "kwic_2"]


def test_an_xlsx_sheet_round_trips(archive, model, tmp_path):
    from framing.discover import write_candidates

    table = discover(archive, "terrorist", model=model, top=5)
    path = write_candidates(table, tmp_path / "c.xlsx")
    sheet = pd.read_excel(path, dtype=str, keep_default_na=False)
    sheet.loc[0, "decision"] = "accept"
    sheet.to_excel(path, index=False)
    grown = grow_lexicon(path, tmp_path / "g.yaml")
    added = [t for t in grown.category("terrorist").terms if "grown" in t.id]
    assert [t.name for t in added] == [table["candidate"].iloc[0]]


def test_damaged_cache_entry_is_rebuilt_with_a_warning(corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))
    part = corpus.head(500)
    model = train_vectors(part, dim=20, min_count=3)
    assert not model.provenance.get("from_cache")
    (entry,) = (tmp_path / "cache").glob("vectors_*")
    data = entry / "model.npz"
    raw = bytearray(data.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    data.write_bytes(bytes(raw))
    with pytest.warns(CacheWarning, match="damaged"):
        rebuilt = train_vectors(part, dim=20, min_count=3)
    np.testing.assert_array_equal(rebuilt.vectors, model.vectors)
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheWarning)
        assert train_vectors(part, dim=20, min_count=3).provenance.get("from_cache")
    # a truncated manifest is damage too
    (entry / "info.json").write_text("{", encoding="utf-8")
    with pytest.warns(CacheWarning, match="damaged"):
        train_vectors(part, dim=20, min_count=3)


def test_a_tiny_corpus_is_refused_plainly():
    with pytest.raises(DiscoveryError, match="too small to train word vectors"):
        train_vectors("sample", cache=False)


def test_unknown_category_names_the_known_ones(archive, model):
    with pytest.raises(KeyError, match="Known categories"):
        discover(archive, "pirates", model=model)


def _run(argv: list[str]) -> None:
    """The ``framing`` command's own parser, errors raised rather than printed."""
    args = build_parser().parse_args(argv)
    args.func(args)


def test_command_line_discover_then_grow(archive, model, tmp_path, capsys):
    out = tmp_path / "candidates.csv"
    options = ["--dim", str(SETTINGS["dim"]), "--min-count", str(SETTINGS["min_count"])]
    _run(["lexicon", "discover", str(archive), "--category", "militia", "--out", str(out),
          "--top", "10", *options])  # the vectors of the fixture, from the cache
    sheet = pd.read_csv(out, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert len(sheet) == 10 and list(sheet.columns) == CANDIDATE_COLUMNS
    with pytest.raises(ValueError, match="exists; pass --overwrite"):
        _run(["lexicon", "discover", str(archive), "--category", "militia", "--out",
              str(out), *options])
    sheet.loc[0, "decision"] = "accept"
    sheet.loc[1, "decision"] = "reject"
    sheet.to_csv(out, index=False)
    lexicon = tmp_path / "mine.yaml"
    _run(["lexicon", "grow", str(out), "--out", str(lexicon)])
    assert "1 term(s)" in capsys.readouterr().err
    assert read_rejections(tmp_path / "mine.rejected.csv") == {("militia", sheet["key"][1])}
    assert len(framing.load_lexicon(lexicon).category("militia").terms) == 2
    with pytest.raises(ValueError, match=r"--out .* exists"):
        _run(["lexicon", "grow", str(out), "--out", str(lexicon)])
    # through the entry point: a one-line error, exit status 2
    assert main(["lexicon", "grow", str(out), "--out", str(lexicon)]) == 2
    assert "framing: error: --out" in capsys.readouterr().err
    with pytest.raises(ValueError, match=r"\.csv or \.xlsx"):
        _run(["lexicon", "discover", str(archive), "--category", "militia", "--out",
              str(tmp_path / "c.txt")])


def test_the_picker_gives_the_decisions_clicked(archive, model, tmp_path):
    from framing.widgets import CandidatePicker, candidate_picker

    table = discover(archive, "militia", model=model, top=4)
    picker = candidate_picker(table, interactive=True)
    assert isinstance(picker, CandidatePicker) and len(picker.buttons) == 4
    picker.buttons[0].value = "accept"
    picker.buttons[2].value = "reject"
    assert picker.table()["decision"].tolist() == ["accept", "", "reject", ""]
    grown = grow_lexicon(picker.table(), tmp_path / "g.yaml",
                         rejections=tmp_path / "r.csv")
    assert len(grown.category("militia").terms) == 2
    assert read_rejections(tmp_path / "r.csv") == {("militia", table["key"].iloc[2])}
    # in a report run nobody can click: a note instead
    assert not isinstance(candidate_picker(table, interactive=False), CandidatePicker)


def test_bad_rejections_and_sheets_are_named(archive, model, tmp_path):
    bad = tmp_path / "rejected.csv"
    bad.write_text("category,word\nmilitia,x\n", encoding="utf-8")
    with pytest.raises(DiscoveryError, match=r"rejected\.csv: .*'category' and 'key'"):
        discover(archive, "militia", model=model, rejections=bad)
    bad.write_text("category,key\nmilitia,\n", encoding="utf-8")
    with pytest.raises(DiscoveryError, match=r"rejected\.csv, line 2: empty 'category' or 'key'"):
        read_rejections(bad)
    sheet = tmp_path / "sheet.csv"
    pd.DataFrame({"candidate": ["x"], "decision": ["accept"]}).to_csv(sheet, index=False)
    with pytest.raises(DiscoveryError, match=r"sheet\.csv: the sheet lacks the column\(s\) "
                                             r"category, key, suggested_entry"):
        grow_lexicon(sheet, tmp_path / "out.yaml")
    with pytest.raises(ValueError, match="No corpus at"):
        _run(["lexicon", "discover", str(tmp_path / "missing"), "--category", "militia",
              "--out", str(tmp_path / "c.csv")])


def test_empty_and_damaged_sheets_are_named(tmp_path):
    for name, content, message in [
        ("empty.csv", b"", r"empty\.csv: the sheet is empty"),
        ("utf16.csv", "candidate,decision\nx,accept\n".encode("utf-16"),
         r"utf16\.csv: not UTF-8 text"),
        ("broken.xlsx", b"PK\x03\x04 not a workbook", r"broken\.xlsx: cannot be read as an "
                                                      r"Excel workbook"),
    ]:
        sheet = tmp_path / name
        sheet.write_bytes(content)
        with pytest.raises(DiscoveryError, match=message):
            grow_lexicon(sheet, tmp_path / "out.yaml")
        assert not (tmp_path / "out.yaml").exists()


def test_a_corpus_piped_in_is_read_once_with_its_kind(corpus, tmp_path):
    """``... | framing lexicon discover - --kind jsonl``: the same candidates as the file."""
    import subprocess
    import sys

    path = tmp_path / "day.jsonl"
    corpus[["doc_id", "outlet", "date", "text"]].to_json(path, orient="records", lines=True,
                                                         force_ascii=False, date_format="iso")
    script = Path(sys.executable).parent / "framing"
    options = ["--category", "militia", "--top", "10", "--dim", str(SETTINGS["dim"]),
               "--min-count", str(SETTINGS["min_count"]), "--no-cache"]
    with path.open("rb") as stdin:
        piped = subprocess.run([str(script), "lexicon", "discover", "-", "--kind", "jsonl",
                                "--out", str(tmp_path / "piped.csv"), *options], stdin=stdin,
                               capture_output=True, text=True, timeout=300)
    assert piped.returncode == 0, piped.stderr
    assert main(["lexicon", "discover", str(path), "--out", str(tmp_path / "file.csv"),
                 *options]) == 0
    read = {name: pd.read_csv(tmp_path / f"{name}.csv", dtype=str, keep_default_na=False,
                              encoding="utf-8-sig") for name in ("piped", "file")}
    assert len(read["file"]) == 10
    pd.testing.assert_frame_equal(read["piped"], read["file"])
    # without its kind, a stream is refused in one line that says what to add
    with path.open("rb") as stdin:
        refused = subprocess.run([str(script), "lexicon", "discover", "-", "--out",
                                  str(tmp_path / "x.csv"), "--category", "militia"],
                                 stdin=stdin, capture_output=True, text=True, timeout=300)
    assert refused.returncode == 2 and "--kind" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1


# -- hostile input to discover and grow: nothing half-written, every refusal named --------

@pytest.fixture(scope="module")
def marked(archive, model) -> pd.DataFrame:
    """Six militia candidates, the first accepted and the second rejected."""
    table = discover(archive, "militia", model=model, top=6)
    table.loc[0, "decision"] = "accept"
    table.loc[1, "decision"] = "reject"
    return table


def _sheet_file(table: pd.DataFrame, path: Path, **options) -> Path:
    table.to_csv(path, index=False, encoding="utf-8-sig", **options)
    return path


def test_an_unusable_rejections_file_stops_grow_before_the_lexicon_is_written(marked, tmp_path,
                                                                              capsys):
    sheet = _sheet_file(marked, tmp_path / "sheet.csv")
    out = tmp_path / "lex.yaml"
    folder = tmp_path / "rejections"
    folder.mkdir()
    a_lexicon = tmp_path / "other.yaml"
    a_lexicon.write_text("extends: default\nname: other\n", encoding="utf-8")
    wrong_columns = tmp_path / "wrong.csv"
    wrong_columns.write_text("word\nx\n", encoding="utf-8")
    for rejections, message in [(folder, "is a folder"), (a_lexicon, r"\.csv file"),
                                (tmp_path / "new.yaml", r"\.csv file"),
                                (wrong_columns, "'category' and 'key'")]:
        with pytest.raises(DiscoveryError, match=message):
            grow_lexicon(sheet, out, rejections=rejections)
        assert not out.exists(), rejections
        assert main(["lexicon", "grow", str(sheet), "--out", str(out), "--rejections",
                     str(rejections)]) == 2
        err = capsys.readouterr().err
        assert err.startswith("framing: error: ") and len(err.strip().splitlines()) == 1
        assert not out.exists(), rejections
    assert a_lexicon.read_text(encoding="utf-8") == "extends: default\nname: other\n"
    assert not (tmp_path / "new.yaml").exists() and not list(folder.iterdir())
    # a usable one: both written, and a second run is refused only for the existing lexicon
    assert main(["lexicon", "grow", str(sheet), "--out", str(out)]) == 0
    assert out.exists() and read_rejections(tmp_path / "lex.rejected.csv") == {
        ("militia", marked["key"][1])}


def test_a_rejections_file_saved_with_a_bom_is_read_and_appended_to(archive, model, marked,
                                                                    tmp_path):
    first = marked.iloc[2]
    rejections = tmp_path / "rejected.csv"
    rejections.write_text(f"category,key,candidate\r\nmilitia,{first['key']},"
                          f"{first['candidate']}\r\n", encoding="utf-8-sig")  # as Excel saves
    assert read_rejections(rejections) == {("militia", first["key"])}
    again = discover(archive, "militia", model=model, top=6, rejections=rejections)
    assert first["key"] not in set(again["key"]) and marked["key"][3] in set(again["key"])
    grow_lexicon(marked, tmp_path / "lex.yaml", rejections=rejections)
    assert read_rejections(rejections) == {("militia", first["key"]),
                                           ("militia", marked["key"][1])}
    raw = rejections.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfcategory") and raw.count(b"\xef\xbb\xbf") == 1
    assert raw.decode("utf-8-sig").splitlines()[2].startswith(f"militia,{marked['key'][1]},")


def test_a_marked_row_without_key_or_category_is_refused_with_its_line(marked, tmp_path):
    for field in ("key", "category"):
        sheet = marked.copy()
        sheet.loc[1, field] = " "
        with pytest.raises(DiscoveryError, match=rf"line 3, field '{field}'.*nothing was "
                                                 "written"):
            grow_lexicon(_sheet_file(sheet, tmp_path / "sheet.csv"), tmp_path / "lex.yaml",
                         rejections=tmp_path / "r.csv")
        assert not list(tmp_path.glob("*.yaml")) and not (tmp_path / "r.csv").exists()
    # a blank key in a rejections file is refused by discover too, naming its line
    (tmp_path / "r.csv").write_text("category,key,candidate\nmilitia,,x\n", encoding="utf-8")
    with pytest.raises(DiscoveryError, match=r"r\.csv, line 2: empty 'category' or 'key'"):
        discover("sample", "militia", rejections=tmp_path / "r.csv")


def test_grow_writes_only_yaml_lexicons(marked, tmp_path, capsys):
    sheet = _sheet_file(marked, tmp_path / "sheet.csv")
    with pytest.raises(DiscoveryError, match=r"lex\.dic: .*\.yaml or \.yml"):
        grow_lexicon(sheet, tmp_path / "lex.dic")
    assert main(["lexicon", "grow", str(sheet), "--out", str(tmp_path / "lex.dic")]) == 2
    assert "framing: error: --out" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sheet.csv"]
    grown = grow_lexicon(sheet, tmp_path / "lex.YML", rejections=tmp_path / "r.csv")
    assert framing.load_lexicon(tmp_path / "lex.YML").hash == grown.hash


def test_discover_reads_a_corpus_whose_dates_it_cannot_read(corpus, tmp_path, capsys):
    """Dates play no part in discovery: a corpus is neither refused nor warned about for them."""
    part = corpus.head(400)[["doc_id", "outlet", "date", "text"]].copy()
    part["date"] = part["date"].astype(str)
    part.loc[part.index[:3], "date"] = "last Tuesday"
    path = tmp_path / "day.csv"
    part.to_csv(path, index=False)
    with pytest.raises(framing.CorpusError, match="could not be read"):
        framing.load_corpus(path)  # elsewhere an unreadable date is refused
    assert main(["lexicon", "discover", str(path), "--category", "militia", "--out",
                 str(tmp_path / "c.csv"), "--dim", "20", "--min-count", "3", "--top", "5",
                 "--no-cache"]) == 0
    err = capsys.readouterr().err
    assert "warning" not in err and "Tuesday" not in err
    assert err.startswith("wrote 5 candidates")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = train_vectors(path, dim=20, min_count=3, cache=False)
    assert model.n_docs == 400


def test_a_candidate_marked_twice_is_refused_naming_both_lines(marked, tmp_path):
    extra = marked.iloc[[0]].assign(decision="reject")
    both = pd.concat([marked, extra], ignore_index=True)  # row 0 again, at line 8
    with pytest.raises(DiscoveryError, match=r"lines 2 and 8 mark the same militia candidate "
                                             r".* accept and reject; keep one decision"):
        grow_lexicon(both, tmp_path / "lex.yaml", rejections=tmp_path / "r.csv")
    twice = pd.concat([marked, marked.iloc[[0]]], ignore_index=True)
    with pytest.raises(DiscoveryError, match=r"lines 2 and 8 both accept the same militia "
                                             r"candidate") as refused:
        grow_lexicon(twice, tmp_path / "lex.yaml", rejections=tmp_path / "r.csv")
    assert "lex.yaml" not in str(refused.value)  # no line of a file that was never written
    assert not list(tmp_path.iterdir())
    # rejected twice is the same decision: kept once
    rejected = pd.concat([marked, marked.iloc[[1]]], ignore_index=True)
    grow_lexicon(rejected, tmp_path / "lex.yaml", rejections=tmp_path / "r.csv")
    assert len(pd.read_csv(tmp_path / "r.csv")) == 1


def test_an_entry_the_lexicon_refuses_is_named_by_its_sheet_line(marked, tmp_path):
    sheet = marked.copy()
    terrorist = framing.load_lexicon().category("terrorist").terms[0].forms[0]
    sheet.loc[3, "decision"] = "accept"
    sheet.loc[3, "suggested_entry"] = f"{{family: {terrorist}, forms: [{terrorist}]}}"
    with pytest.raises(DiscoveryError, match=r"lex\.yaml: line \d+ \(the entry of sheet line "
                                             r"5\): .*under category 'militia' and under "
                                             r"'terrorist'"):
        grow_lexicon(sheet, tmp_path / "sub" / "lex.yaml", rejections=tmp_path / "r.csv")
    assert not list(tmp_path.iterdir())  # not even the folder it made to validate


def test_grow_with_nothing_accepted_writes_only_what_was_decided(marked, tmp_path, capsys):
    sheet = tmp_path / "sheet.csv"
    out, rejections = tmp_path / "lex.yaml", tmp_path / "lex.rejected.csv"
    _sheet_file(marked.assign(decision=""), sheet)
    assert main(["lexicon", "grow", str(sheet), "--out", str(out)]) == 2
    assert "no row is marked" in capsys.readouterr().err
    assert not out.exists() and not rejections.exists()
    # only rejections: they are kept, no lexicon is written, and the message says so
    _sheet_file(marked.assign(decision=["reject", "reject", "", "", "", ""]), sheet)
    assert grow_lexicon(sheet, out) is None
    assert not out.exists()
    assert read_rejections(rejections) == {("militia", k) for k in marked["key"][:2]}
    rejections.unlink()
    assert main(["lexicon", "grow", str(sheet), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert err.startswith("no candidate accepted, so no lexicon was written")
    assert f"2 rejected candidate(s) added to {rejections}" in err and not out.exists()
    assert main(["lexicon", "grow", str(sheet), "--out", str(out)]) == 0
    assert "0 rejected candidate(s) added" in capsys.readouterr().err  # both listed already
    # only acceptances: no rejections file is promised or made
    _sheet_file(marked.assign(decision=["accept", "", "", "", "", ""]), sheet)
    rejections.unlink()
    assert main(["lexicon", "grow", str(sheet), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert err.startswith(f"wrote {out}: ")
    assert f"No candidate rejected, so nothing was added to {rejections}." in err
    assert out.exists() and not rejections.exists()


def test_discover_warns_when_the_rejections_file_is_missing(archive, model, marked, tmp_path,
                                                            capsys):
    missing = tmp_path / "typo.csv"
    with pytest.warns(UserWarning, match=r"no rejections file at .*typo\.csv"):
        table = discover(archive, "militia", model=model, top=6, rejections=missing)
    assert table["key"].tolist() == marked["key"].tolist()
    options = ["--dim", str(SETTINGS["dim"]), "--min-count", str(SETTINGS["min_count"])]
    assert main(["lexicon", "discover", str(archive), "--category", "militia", "--top", "6",
                 "--out", str(tmp_path / "c.csv"), "--rejections", str(missing),
                 *options]) == 0
    warned = [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
    assert len(warned) == 1 and str(missing) in warned[0]
    assert not missing.exists()


def test_discover_names_its_options_on_the_command_line(tmp_path, capsys):
    out = str(tmp_path / "c.csv")
    for option, value in [("--top", "0"), ("--dim", "1"), ("--min-count", "0"),
                          ("--seed", "-1")]:
        assert main(["lexicon", "discover", "sample", "--category", "terrorist", "--out", out,
                     option, value]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"framing: error: {option} {value}: ") and "parameter" not in err
    assert main(["lexicon", "discover", "sample", "--category", "terrorist", "--out", out,
                 "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert "too small" in err and "--dim (now 200) or --min-count (now 5)" in err
    assert "dim=" not in err and not (tmp_path / "c.csv").exists()
    # from Python, the parameters are named
    with pytest.raises(ValueError, match=r"The 'top' parameter of framing\.discover"):
        discover("sample", "terrorist", top=0)


def test_sheets_saved_as_a_workbook_or_with_semicolons(marked, tmp_path):
    workbook = tmp_path / "sheet.xlsx"
    marked.to_excel(workbook, index=False)
    renamed = tmp_path / "renamed.csv"
    renamed.write_bytes(workbook.read_bytes())
    with pytest.raises(DiscoveryError, match=r"renamed\.csv: this is an Excel workbook "
                                             r"\(\.xlsx\) named \.csv; rename it"):
        grow_lexicon(renamed, tmp_path / "lex.yaml")
    # a semicolon-separated CSV (Excel where the comma is the decimal mark) is read as such
    semicolons = _sheet_file(marked, tmp_path / "semicolons.csv", sep=";")
    from_semicolons = grow_lexicon(semicolons, tmp_path / "a.yaml", rejections=tmp_path / "a.csv")
    from_commas = grow_lexicon(_sheet_file(marked, tmp_path / "commas.csv"),
                               tmp_path / "b.yaml", rejections=tmp_path / "b.csv")
    terms = [(t.id, t.category, t.forms) for t in from_commas.terms]
    assert [(t.id, t.category, t.forms) for t in from_semicolons.terms] == terms
    assert f"militia:grown:{marked['key'][0]}" in {t[0] for t in terms}
    assert read_rejections(tmp_path / "a.csv") == read_rejections(tmp_path / "b.csv") == {
        ("militia", marked["key"][1])}
    # read back with pandas' defaults, the undecided rows hold NaN: they are blank
    with_nan = pd.read_csv(tmp_path / "commas.csv", encoding="utf-8-sig")
    assert with_nan["decision"].isna().sum() == 4
    from_nan = grow_lexicon(with_nan, tmp_path / "c.yaml", rejections=tmp_path / "c.csv")
    assert [(t.id, t.category, t.forms) for t in from_nan.terms] == terms


def test_grow_names_an_edited_entry_and_flags_a_rejection_taken_back(marked, tmp_path, capsys):
    """The summary names what the lexicon gets (an edited entry, not the candidate it came
    from), and accepting what an earlier run rejected is said, not silent."""
    out, rejections = tmp_path / "lex.yaml", tmp_path / "lex.rejected.csv"
    first = grow_lexicon(marked, out, rejections=rejections)
    assert first is not None and read_rejections(rejections) == {("militia", marked["key"][1])}
    changed = marked.copy()
    changed["decision"] = ["", "accept", "", "", "", ""]  # the rejected one, now accepted
    changed.loc[1, "suggested_entry"] = "{family: فلولهم, forms: [فلولهم]}"
    sheet = _sheet_file(changed, tmp_path / "sheet.csv")
    with pytest.warns(UserWarning, match="rejected by an earlier run") as caught:
        grown = grow_lexicon(sheet, tmp_path / "lex2.yaml", rejections=rejections)
    assert f"militia: {marked['key'][1]}" in str(caught[0].message)
    assert grown is not None
    assert [t.name for t in grown.terms if t.id.startswith("militia:grown:")] == ["فلولهم"]
    assert main(["lexicon", "grow", str(sheet), "--out", str(tmp_path / "lex3.yaml"),
                 "--rejections", str(rejections)]) == 0
    err = capsys.readouterr().err
    assert f"militia: فلولهم (edited from candidate {marked['candidate'][1]})" in err
    assert "warning" in err and "rejected by an earlier run" in err
    # a row accepted as suggested is named by its candidate alone
    assert main(["lexicon", "grow", str(_sheet_file(marked, tmp_path / "plain.csv")), "--out",
                 str(tmp_path / "lex4.yaml"), "--rejections", str(tmp_path / "r4.csv")]) == 0
    err = capsys.readouterr().err
    assert "edited from" not in err and "rejected by an earlier run" not in err


# -- what is not a small regular file is refused unread; the counts stay in their category --

def _one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    assert err.startswith("framing: error: ") and len(err.strip().splitlines()) == 1, err
    return err


def test_a_device_a_pipe_or_a_huge_file_is_refused_unread(archive, marked, tmp_path, capsys):
    """/dev/zero (or a link to it) never ends and a pipe may never answer: neither is read."""
    import os

    sheet = _sheet_file(marked, tmp_path / "sheet.csv")
    out = tmp_path / "lex.yaml"
    zero = tmp_path / "zero.csv"
    zero.symlink_to("/dev/zero")
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    for path, what in [(zero, "a character device"), (pipe, "a pipe")]:
        named = r" \(a link to /dev/zero\)" if path == zero else ""
        with pytest.raises(DiscoveryError, match=rf"{path.name}{named} is {what}, not a "
                                                 "rejections file"):
            read_rejections(path)
        with pytest.raises(DiscoveryError, match=rf"{path.name}{named} is {what}, not a "
                                                 "rejections"):
            grow_lexicon(sheet, out, rejections=path)
        assert main(["lexicon", "grow", str(sheet), "--out", str(out), "--rejections",
                     str(path)]) == 2
        assert f"is {what}" in _one_line_error(capsys)
        with pytest.raises(DiscoveryError, match=rf"{path.name}{named} is {what}, not a "
                                                 "candidates sheet"):
            grow_lexicon(path, out, rejections=tmp_path / "r.csv")
        assert main(["lexicon", "grow", str(path), "--out", str(out)]) == 2
        assert f"is {what}, not a candidates sheet" in _one_line_error(capsys)
        assert not out.exists() and not (tmp_path / "r.csv").exists()
    # discover refuses it before the corpus is read
    assert main(["lexicon", "discover", str(archive), "--category", "terrorist", "--out",
                 str(tmp_path / "d.csv"), "--rejections", "/dev/zero"]) == 2
    assert "/dev/zero is a character device" in _one_line_error(capsys)
    assert not (tmp_path / "d.csv").exists()
    # a file larger than any rejections file or sheet (sparse: its size costs no disk)
    for name in ("big.csv", "big_sheet.csv"):
        with (tmp_path / name).open("wb") as handle:
            handle.write(b"category,key\n")
            handle.truncate(65 << 20)
    with pytest.raises(DiscoveryError, match=r"big\.csv: 65 MiB, more than the 64 MiB a "
                                             "rejections file may hold"):
        read_rejections(tmp_path / "big.csv")
    with pytest.raises(DiscoveryError, match=r"big_sheet\.csv: 65 MiB, more than the 64 MiB a "
                                             "candidates sheet may hold"):
        grow_lexicon(tmp_path / "big_sheet.csv", out, rejections=tmp_path / "r.csv")
    assert not out.exists() and not (tmp_path / "r.csv").exists()


def test_a_lower_read_limit_applies_and_a_workbook_is_measured_inflated(marked, tmp_path,
                                                                        monkeypatch):
    import io
    import zipfile

    rejections = tmp_path / "r.csv"
    rejections.write_text("category,key\n" + "militia,x\n" * 200, encoding="utf-8")
    monkeypatch.setenv("FRAMING_MAX_READ_BYTES", "1000")
    with pytest.raises(DiscoveryError, match=r"r\.csv: 1\.97 KiB, more than the 1000 bytes"):
        read_rejections(rejections)
    monkeypatch.delenv("FRAMING_MAX_READ_BYTES")
    workbook = tmp_path / "sheet.xlsx"
    marked.to_excel(workbook, index=False)
    raw = workbook.read_bytes()
    with zipfile.ZipFile(io.BytesIO(raw)) as bundle:
        inflated = sum(info.file_size for info in bundle.infolist())
    assert inflated > len(raw) + 2
    monkeypatch.setenv("FRAMING_MAX_READ_BYTES", str((inflated + len(raw)) // 2))
    with pytest.raises(DiscoveryError, match=r"sheet\.xlsx: its parts declare .* uncompressed, "
                                             "more than the .* a candidates sheet may hold"):
        grow_lexicon(workbook, tmp_path / "lex.yaml", rejections=tmp_path / "new.csv")
    assert not (tmp_path / "lex.yaml").exists()
    monkeypatch.delenv("FRAMING_MAX_READ_BYTES")
    assert grow_lexicon(workbook, tmp_path / "lex.yaml", rejections=tmp_path / "new.csv")


def test_grow_refuses_an_entry_that_takes_forms_from_another_category(marked, corpus, tmp_path,
                                                                     capsys):
    """An edited entry listing الجيش (an army form) would move those hits to militia."""
    sheet = marked.copy()
    sheet.loc[3, "decision"] = "accept"
    sheet.loc[3, "suggested_entry"] = "{family: x, forms: [الجيش]}"
    path = _sheet_file(sheet, tmp_path / "sheet.csv")
    out, rejections = tmp_path / "sub" / "lex.yaml", tmp_path / "r.csv"
    with pytest.raises(DiscoveryError, match=r"sheet\.csv: line 5, field 'suggested_entry': the "
                                             r"entry x \(militia\) takes 9 of the \d+ written "
                                             r"forms of term 'army:الجيش' \(army\): الجيش, "
                                             r"بالجيش, .*count as militia instead of army"
                                             r".*\(nothing was written\)"):
        grow_lexicon(path, out, rejections=rejections)
    assert not list(tmp_path.glob("sub")) and not rejections.exists()
    assert main(["lexicon", "grow", str(path), "--out", str(out), "--rejections",
                 str(rejections)]) == 2
    assert "takes 9 of the" in _one_line_error(capsys)
    # what it prevents: the same lexicon, once loaded, recounts army hits as militia
    base = framing.load_lexicon()
    data = base.to_dict()
    for dimension in data["dimensions"]:
        for category in dimension["categories"]:
            if category["id"] == "militia":
                category["terms"].append({"family": "x", "forms": ["الجيش"]})
    taking = Lexicon.from_dict(data)
    part = corpus.head(400)
    before = framing.score(part, lexicon=base).counts["army"].sum()
    assert before > 0 and framing.score(part, lexicon=taking).counts["army"].sum() < before
    # an accepted entry that loses forms to a term listed first moves nothing: a warning
    sheet.loc[3, ["category", "suggested_entry"]] = ["army", "{family: y, forms: [وإرهابيين]}"]
    with pytest.warns(UserWarning, match=r"line 5: the entry y \(army\) does not count 1 of its "
                                         r"\d+ written forms: وارهابيين; term 'terrorist:إرهابي' "
                                         r"\(terrorist\) is listed first"):
        grown = grow_lexicon(sheet, tmp_path / "lex.yaml", rejections=rejections)
    assert "army:grown:" + marked["key"][3] in {t.id for t in grown.terms}


def test_rejections_are_appended_with_the_files_own_columns(marked, tmp_path):
    """A file with only category,key gets two fields a row; other columns are left blank."""
    rejections = tmp_path / "r.csv"
    rejections.write_text("category,key\nmilitia,foo\n", encoding="utf-8")
    grow_lexicon(marked, tmp_path / "a.yaml", rejections=rejections)
    table = pd.read_csv(rejections, dtype=str, keep_default_na=False)
    assert list(table.columns) == ["category", "key"]
    assert table.values.tolist() == [["militia", "foo"], ["militia", marked["key"][1]]]
    wider = tmp_path / "wider.csv"
    wider.write_text("note,category,key,candidate\nold,militia,foo,فو", encoding="utf-8")
    grow_lexicon(marked, tmp_path / "b.yaml", rejections=wider)
    table = pd.read_csv(wider, dtype=str, keep_default_na=False)
    assert list(table.columns) == ["note", "category", "key", "candidate"]
    assert table.values.tolist() == [["old", "militia", "foo", "فو"],
                                     ["", "militia", marked["key"][1], marked["candidate"][1]]]
