"""The notebooks complete on messy corpora and say what they could not compute.

Corpora are built from the real seed articles: one mixing undated
documents, an empty text and an outlet with a single article; a folder of
.txt files without a manifest (no outlets, no dates); one outlet only. Each
is run through ``framing report`` (papermill), which fails if any cell
raises; the executed notebooks must say, in plain lines, what was left out.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from framing.report import run_report

REPO = Path(__file__).resolve().parents[1]
ALL = ["01_corpus_overview", "02_framing_by_outlet", "03_framing_over_time",
       "04_distinctive_terms", "05_validate_with_kwic", "06_framing_shifts",
       "07_grow_the_lexicon"]


def _outputs(notebook: Path) -> tuple[str, list[str]]:
    """The text a reader sees in an executed notebook (stdout and plain results), and stderr."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    shown, errors = [], []
    for cell in cells:
        for output in cell.get("outputs", []):
            if output["output_type"] == "stream":
                (errors if output["name"] == "stderr" else shown).append("".join(output["text"]))
            elif output["output_type"] == "error":
                errors.append(f"{output['ename']}: {output['evalue']}")
    return "\n".join(shown), errors


def _run(corpus: Path, out: Path, notebooks: list[str]) -> dict[str, str]:
    run_report(corpus=corpus, out=out, notebooks=notebooks, notebooks_dir=REPO / "notebooks",
               progress=False, jobs=2)
    texts = {}
    for name in notebooks:
        text, errors = _outputs(out / f"{name}.ipynb")
        assert not errors, f"{name}: {errors}"  # no traceback, no warning noise
        texts[name] = text
    return texts


def _summary(out: Path) -> dict[str, str]:
    table = pd.read_csv(out / "tables" / "corpus_summary.csv", dtype=str, keep_default_na=False)
    assert table.columns.tolist() == ["item", "value"]
    return dict(zip(table["item"], table["value"], strict=True))


@pytest.fixture(scope="module")
def seeds(seed_texts) -> list[str]:
    return list(seed_texts.values())


def test_undated_empty_and_single_article_outlet(tmp_path, seeds):
    rows = pd.DataFrame({
        "doc_id": [f"d{i}" for i in range(7)],
        "outlet": ["Wire A", "Wire A", "Wire A", "Daily B", "Daily B", "Daily B", "Lone C"],
        "date": ["2016-10-02", "", "2016-11-03", "2016-10-20", "", "2016-12-01", "2016-12-05"],
        "text": [seeds[0], seeds[1], seeds[2], seeds[3], seeds[4], "", seeds[0][:2000]],
    })
    rows.to_csv(tmp_path / "mixed.csv", index=False)
    out = tmp_path / "report"
    texts = _run(tmp_path / "mixed.csv", out, ALL)
    for name in ALL:
        assert "2 of 7 documents have no date: they are left out of time charts." in texts[name]
        assert "1 of 7 documents have an empty text" in texts[name]
    assert "2 of 7 documents have no date and are left out of the time series." in \
        texts["03_framing_over_time"]
    summary = _summary(out)
    assert summary["documents"] == "7" and summary["outlets"] == "3"
    assert summary["undated"] == "2" and summary["empty"] == "1"
    assert (summary["first_date"], summary["last_date"]) == ("2016-10-02", "2016-12-05")
    over_time = pd.read_csv(out / "tables" / "aggregate_over_time.csv")
    assert over_time["period"].notna().all()
    cells = over_time.drop_duplicates(["outlet", "period"])
    assert cells["n_docs"].sum() == 5  # only the dated documents are in periods
    # the single-article outlet is charted, with its own collision-free file names
    assert (out / "figures").is_dir() and any("Lone_C" in p.name for p in
                                              (out / "figures").glob("keyness_words_*.png"))


def test_txt_folder_without_manifest(tmp_path, seed_texts):
    corpus = tmp_path / "texts"
    corpus.mkdir()
    for doc_id, text in seed_texts.items():
        (corpus / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "report"
    texts = _run(corpus, out, ALL)
    n = len(seed_texts)
    for name in ALL:
        assert f"{n} of {n} documents name no outlet" in texts[name]
        assert "counted as outlet '(unknown)'" in texts[name]
        assert "No document has a date: time charts are skipped." in texts[name]
    assert not list((out / "figures").glob("timeline_*"))
    assert "Keyness needs at least two outlets; this corpus has 1." in \
        texts["04_distinctive_terms"]
    assert "The test compares outlets: it needs at least two; skipped." in \
        texts["02_framing_by_outlet"]
    summary = _summary(out)
    assert summary["outlets"] == "1" and summary["undated"] == str(n)
    assert summary["first_date"] == "" and summary["last_date"] == ""
    assert (out / "validation" / "kwic.html").is_file()  # reading still works


def test_single_outlet(tmp_path, seeds):
    rows = pd.DataFrame({
        "doc_id": [f"s{i}" for i in range(len(seeds))],
        "outlet": "Only Outlet",
        "date": [f"2016-1{i % 3}-0{i + 1}" for i in range(len(seeds))],
        "text": seeds,
    })
    rows.to_csv(tmp_path / "one.csv", index=False)
    out = tmp_path / "report"
    texts = _run(tmp_path / "one.csv", out, ["02_framing_by_outlet", "03_framing_over_time",
                                              "04_distinctive_terms"])
    assert "Only one outlet: comparisons between outlets are skipped." in \
        texts["02_framing_by_outlet"]
    assert "Keyness needs at least two outlets; this corpus has 1." in \
        texts["04_distinctive_terms"]
    assert list((out / "figures").glob("timeline_*.png"))  # time charts still drawn
    assert not (out / "tables" / "keyness_words.csv").exists()
