"""Notebook 6 (framing shifts) run as a report, and its explorer.

The notebook is executed by :func:`framing.run_report` (papermill) on the
embedded sample, where there is too little to segment and the notebook must
say so without error, and on four days of SaudiNewsNet with an events file
passed as a parameter (``-p events path``): its tables, figures and printed
sentences are checked against :func:`framing.shifts` on the same counts. The
explorer (:func:`framing.widgets.shift_explorer`) is driven in-process.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest

import framing
from framing.indicators import attach_metadata
from framing.report import run_report
from framing.widgets import shift_explorer

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
NAME = "06_framing_shifts"
DAYS = ["2015-08-01.zip", "2015-08-02.zip", "2015-08-03.zip", "2015-08-04.zip"]
DIMENSIONS = ["death_frame", "isis_label", "coalition_label"]


def _outputs(notebook: Path) -> tuple[str, list[str], int]:
    """Printed text, errors and number of images of an executed notebook."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    text, errors, images = [], [], 0
    for cell in cells:
        for output in cell.get("outputs", []):
            if output["output_type"] == "stream":
                assert output["name"] == "stdout", f"stderr output: {output['text']}"
                text.append("".join(output["text"]))
            elif output["output_type"] == "error":
                errors.append(f"{output['ename']}: {output['evalue']}")
            elif "image/png" in output.get("data", {}):
                images += 1
    return "".join(text), errors, images


def _ledger(out: Path) -> list[dict]:
    return [json.loads(line) for line in
            (out / "outputs.jsonl").read_text(encoding="utf-8").splitlines()]


def test_sample_says_there_is_too_little_to_segment(tmp_path):
    out = tmp_path / "report"
    run_report(corpus="sample", out=out, notebooks=[NAME], notebooks_dir=NOTEBOOKS,
               progress=False, jobs=1, figure_formats="png")
    text, errors, images = _outputs(out / f"{NAME}.ipynb")
    assert errors == []
    assert "32 series (outlet x dimension) examined: 0 segmented, 32 with too few" in text
    assert "Too little to segment: no outlet has 20 documents using a dimension spread over " \
           "at least 4 days" in text
    assert "No series was segmented: no shift chart" in text
    assert "No events file given (parameter events): no event effects." in text
    assert images == 0
    shifts_table = pd.read_csv(out / "tables" / "shifts.csv")
    assert shifts_table.empty and "share_after" in shifts_table.columns
    series = pd.read_csv(out / "tables" / "shift_series.csv")
    assert len(series) == 32 and (series["status"] != "segmented").all()
    entries = {e["name"]: e for e in _ledger(out)}
    assert entries["shifts"]["section"] == "time"
    assert entries["shift_series"]["section"] == "time"


def test_a_relative_events_path_is_read_from_where_the_report_was_started(
        tmp_path, monkeypatch):
    # the notebooks run inside the report folder; the report passes them the file's full path
    (tmp_path / "events.csv").write_text("date,label\n2016-12-13,Evacuation deal\n",
                                         encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    run_report(corpus="sample", out=tmp_path / "report", notebooks=[NAME],
               notebooks_dir=NOTEBOOKS, progress=False, jobs=1, figure_formats="png",
               parameters={"events": "events.csv"})
    text, errors, _ = _outputs(tmp_path / "report" / f"{NAME}.ipynb")
    assert errors == []
    assert "1 event(s) read from events.csv." in text
    manifest = json.loads((tmp_path / "report" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"]["events"] == str(tmp_path / "events.csv")


@pytest.fixture(scope="module")
def four_days(saudinewsnet_dir, tmp_path_factory):
    folder = tmp_path_factory.mktemp("snn")
    for name in DAYS:
        shutil.copy(saudinewsnet_dir / name, folder / name)
    return folder


@pytest.fixture(scope="module")
def four_days_counts(four_days):
    corpus = framing.load_corpus(four_days)
    return attach_metadata(framing.score(corpus, progress=False).counts, corpus)


def test_saudinewsnet_with_events(four_days, four_days_counts, tmp_path):
    events = tmp_path / "events.csv"
    events.write_text("date,label,description\n2015-08-03,Abha mosque bombing,\n"
                      "2015-09-01,After the corpus,\n", encoding="utf-8")
    out = tmp_path / "report"
    run_report(corpus=four_days, out=out, notebooks=[NAME], notebooks_dir=NOTEBOOKS,
               progress=False, jobs=1, figure_formats="png",
               parameters={"events": str(events), "min_docs": "10",
                           "dimensions": f"[{', '.join(DIMENSIONS)}]"})
    text, errors, images = _outputs(out / f"{NAME}.ipynb")
    assert errors == []
    assert "2 event(s) read from events.csv." in text

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = framing.shifts(four_days_counts, dimension=DIMENSIONS, min_docs=10)
    table = pd.read_csv(out / "tables" / "shifts.csv", parse_dates=["date"])
    assert len(table) == len(expected) > 0
    assert table["change"].to_numpy() == pytest.approx(expected["change"].to_numpy())

    # one sentence per shift, naming the outlet, the date and what rose and fell
    shifts_found = expected.drop_duplicates(["outlet", "dimension", "changepoint"])
    assert f"{len(shifts_found)} shift(s) found:" in text
    lexicon = framing.load_lexicon("default")
    for row in shifts_found.itertuples():
        sentence = next(line for line in text.splitlines()
                        if line.startswith(f"- {row.outlet}, ")
                        and f"a shift on {row.date:%Y-%m-%d}" in line)
        rows = expected[(expected["outlet"] == row.outlet)
                        & (expected["dimension"] == row.dimension)
                        & (expected["changepoint"] == row.changepoint)]
        top = rows.loc[rows["change"].abs().idxmax()]
        label = lexicon.category(top["category"]).label_en
        verb = "rose" if top["change"] > 0 else "fell"
        assert f"{label} {verb} from {top['share_before']:.0%} to {top['share_after']:.0%} " \
               f"({top['change']:+.0f} points, interval {top['change_low']:+.0f} to " \
               f"{top['change_high']:+.0f})" in sentence

    # a small-multiples chart per dimension with a shift, one chart per outlet's top shift
    with_shift = sorted(set(expected["dimension"]))
    figures = {p.stem for p in (out / "figures").glob("*.png")}
    assert {f"shifts_{d}" for d in with_shift} <= figures
    n_single = min(3, expected.drop_duplicates(["outlet", "dimension"]).shape[0])
    assert images == len(with_shift) + n_single
    without = [d for d in DIMENSIONS if d not in with_shift]
    assert f"Dimensions without a shift (not charted here): {', '.join(without) or 'none'}." \
        in text
    charted = [e for e in _ledger(out) if e["kind"] == "figure"]
    assert all(e["section"] == "time" for e in charted)

    # the event's effect, overall, in sentences and in a table
    effects = pd.read_csv(out / "tables" / "event_effects.csv")
    assert set(effects["event"]) == {"Abha mosque bombing", "After the corpus"}
    assert re.search(r"Abha mosque bombing \(2015-08-03\): (\d of 3 dimension\(s\) changed|"
                     r"in none of 3 dimension\(s\))", text)
    assert "After the corpus (2015-09-01): no document using a dimension on both sides" in text


def _image(box) -> bytes:
    outputs = box.children[1].outputs
    assert len(outputs) == 1 and "image/png" in outputs[0]["data"], outputs
    return base64.b64decode(outputs[0]["data"]["image/png"])


def test_explorer_redraws_and_refits_with_another_penalty(four_days_counts):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = framing.shifts(four_days_counts, dimension=DIMENSIONS, min_docs=10,
                               n_perm=19, n_boot=20)
        agg = framing.aggregate(four_days_counts, freq="D", n_boot=20)
    box = shift_explorer(four_days_counts, agg, found, dimensions=DIMENSIONS, interactive=True)
    dimension, outlet, penalty = box.children[0].children
    # starts at the largest shift found
    top = found.sort_values("tvd", ascending=False).iloc[0]
    assert (dimension.value, outlet.value) == (top["dimension"], top["outlet"])
    assert all(label.startswith(("How ", "What ")) for label, _ in dimension.options)
    assert [value for _, value in penalty.options] == ["permutation", "bic"]
    first = _image(box)
    penalty.value = "bic"
    refit = _image(box)
    # segmented again under BIC: another picture exactly when BIC finds other shifts there
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bic = framing.shifts(four_days_counts[four_days_counts["outlet"] == top["outlet"]],
                             dimension=top["dimension"], penalty="bic", min_docs=10,
                             n_perm=19, n_boot=20)
    mine = found[(found["outlet"] == top["outlet"]) & (found["dimension"] == top["dimension"])]
    assert (refit != first) == (sorted(set(bic["date"])) != sorted(set(mine["date"])))
    dimension.value = next(d for d in DIMENSIONS if d != top["dimension"])
    assert _image(box) != refit
    outlet.value = "sabq"
    assert _image(box)


def test_explorer_in_a_report_run_is_a_note(four_days_counts, monkeypatch):
    monkeypatch.setenv("FRAMING_RUN_ID", "test-run")
    found = pd.DataFrame()
    note = shift_explorer(four_days_counts, pd.DataFrame(), found)
    assert "open this notebook in JupyterLab" in note.data
