"""The notebooks' shared steps: where they write, what they record, what they say they left out."""

from __future__ import annotations

import json

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from PIL import Image

import framing
from framing.outputs import read_outputs
from framing.workbook import (
    UNKNOWN_OUTLET,
    corpus_summary,
    dated_scores,
    figure_formats,
    load_study,
    plain_warnings,
    project_root,
    resolve_output_dir,
    save_chart,
    save_table,
    show_chart,
)


def _project(tmp_path):
    root = tmp_path / "project"
    (root / "notebooks").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    return root


def test_relative_output_dir_is_taken_from_the_project_root(tmp_path, capsys):
    root = _project(tmp_path)
    notebooks = root / "notebooks"
    assert project_root(notebooks) == root.resolve()
    resolved = resolve_output_dir("reports/sample", start=notebooks)
    assert resolved == (root / "reports" / "sample").resolve()
    assert not (notebooks / "reports").exists()
    assert capsys.readouterr().out == f"Figures and tables are written to {resolved}\n"


def test_absolute_output_dir_is_kept_and_outside_a_project_cwd_is_used(tmp_path, capsys):
    report = tmp_path / "report"
    assert resolve_output_dir(str(report), start=_project(tmp_path) / "notebooks") == report
    loose = tmp_path / "loose"
    loose.mkdir()
    assert project_root(loose) is None
    assert resolve_output_dir("out", start=loose, announce=False) == loose / "out"
    with pytest.raises(ValueError, match="output_dir is empty"):
        resolve_output_dir("None", start=loose)


def test_figure_formats_parameter():
    assert figure_formats("png") == ["png"]
    assert figure_formats("png, SVG,pdf") == ["png", "svg", "pdf"]
    assert figure_formats("[svg, png]") == ["svg", "png"]
    with pytest.raises(ValueError, match="figure_formats='jpeg'"):
        figure_formats("jpeg")
    with pytest.raises(ValueError, match="figure_formats is empty"):
        figure_formats(None)


@pytest.fixture(scope="module")
def seed_corpus_dir(tmp_path_factory, seed_texts):
    """The seed articles as a folder of .txt files without a manifest."""
    folder = tmp_path_factory.mktemp("seeds-txt")
    for doc_id, text in seed_texts.items():
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    return folder


def test_txt_folder_without_manifest_loads_with_notes(seed_corpus_dir, seed_texts):
    with plain_warnings():
        study = load_study(seed_corpus_dir)
    assert len(study.corpus) == len(seed_texts)
    assert study.outlets == [UNKNOWN_OUTLET]
    assert not study.has_dates
    text = str(study)
    assert f"{len(seed_texts)} of {len(seed_texts)} documents name no outlet" in text
    assert "No document has a date: time charts are skipped." in text
    assert "Only one outlet" in text
    assert len(study.hits) > 0


def test_corpus_summary_counts_what_is_left_out(tmp_path, seed_texts):
    texts = list(seed_texts.values())
    rows = pd.DataFrame({
        "doc_id": ["a", "b", "c", "d", "e"],
        "outlet": ["One", "One", "Two", "Two", "Two"],
        "date": ["2016-10-02", "", "2016-12-12", "2016-11-01", ""],
        "text": [texts[0], texts[0], texts[1], "", texts[2]],
    })
    rows.to_csv(tmp_path / "corpus.csv", index=False)
    with plain_warnings():
        study = load_study(tmp_path / "corpus.csv", cache=False)
        report = framing.audit(study.corpus)
    summary = corpus_summary(study, report)
    assert summary.columns.tolist() == ["item", "value"]
    values = dict(zip(summary["item"], summary["value"], strict=True))
    assert list(values) == ["documents", "outlets", "first_date", "last_date", "undated",
                            "empty", "rejected", "exact_duplicate_docs",
                            "near_duplicate_clusters", "near_duplicate_docs", "languages",
                            "unscored", "lexicons"]
    assert values["documents"] == 5 and values["outlets"] == 2
    # the empty text is scored (no label) with the Arabic ones, not left unscored; the
    # English lexicon, which lacks the Yemen labels, played no part
    assert values["languages"] == "Arabic 5" and values["unscored"] == 0
    assert values["lexicons"].startswith("Arabic: default (")
    assert (values["first_date"], values["last_date"]) == ("2016-10-02", "2016-12-12")
    assert values["undated"] == 2 and values["empty"] == 1
    assert values["exact_duplicate_docs"] == 1  # b repeats a
    assert values["near_duplicate_clusters"] == 1 and values["near_duplicate_docs"] == 2
    assert "2 of 5 documents have no date" in str(study)
    assert "1 of 5 documents have an empty text" in str(study)
    timed = dated_scores(study.scores, announce=False)
    assert len(timed) == 3 and timed.attrs["undated"] == 2


def test_charts_and_tables_are_recorded_with_distinct_names(tmp_path):
    table = pd.DataFrame({"x": [1, 2]})
    paths = []
    for outlet in ("A/B", "A_B", "A:B"):
        fig, ax = plt.subplots(figsize=(4, 3))
        ax.bar(["a", "b"], table["x"])
        paths += save_chart(fig, table, f"keyness_words_{outlet}", tmp_path,
                            title=f"Words typical of {outlet}", section="distinctive",
                            caption=f"The words most typical of {outlet}",
                            formats="png,svg")
    assert len(set(paths)) == len(paths) == 9
    assert not plt.get_fignums()  # every figure closed
    entries = read_outputs(tmp_path)
    figures = [e for e in entries if e["kind"] == "figure"]
    assert len(figures) == 6
    assert {e["name"] for e in figures} == {"keyness_words_A/B", "keyness_words_A_B",
                                            "keyness_words_A:B"}
    for entry in figures:
        assert entry["title"].startswith("Words typical of ") and entry["caption"]
        assert entry["section"] == "distinctive"
        assert (tmp_path / entry["table"]).is_file() and entry["table"].endswith(".csv")
    save_table(table, "findings", tmp_path, title="Findings", section="shares",
               caption="What differs")
    ledger = [json.loads(line) for line in
              (tmp_path / "outputs.jsonl").read_text(encoding="utf-8").splitlines()]
    assert ledger[-1]["path"] == "tables/findings.csv" and ledger[-1]["title"] == "Findings"


def test_show_chart_returns_a_screen_size_png(tmp_path):
    fig, ax = plt.subplots(figsize=(8, 5))
    ax.plot([0, 1], [1, 0])
    image = show_chart(fig, pd.DataFrame({"y": [1, 0]}), "line", tmp_path, title="A line",
                       caption="One line", section="corpus", formats="svg")
    assert image.format == "png" and image.data.startswith(b"\x89PNG")
    assert (tmp_path / "figures" / "line.png").is_file()  # shown, so always written
    assert (tmp_path / "figures" / "line.svg").is_file()
    with Image.open(tmp_path / "figures" / "line.png") as saved:
        assert saved.width <= 900 * 1.25  # drawn at screen resolution by hand


def test_report_chart_is_saved_at_300_dpi_and_shown_scaled_from_the_same_picture(
        tmp_path, monkeypatch):
    """In a report run the chart is drawn once: the 300 dpi file, and a screen copy of it."""
    import io

    import numpy as np

    from framing import plots
    from framing.aggregate import aggregate

    monkeypatch.setenv("FRAMING_RUN_ID", "run-1")
    study = load_study("sample")
    with plain_warnings():
        agg = aggregate(study.scores, by=["outlet"], lexicon=study.lexicon)
    fig = plots.share_bars(agg, "armed_group_label", labels="both", lexicon=study.lexicon)
    size = fig.get_size_inches()
    image = show_chart(fig, agg, "shares", tmp_path, title="Shares", caption="Shares",
                       section="shares")
    with Image.open(tmp_path / "figures" / "shares.png") as saved:
        assert saved.size == (int(size[0] * 300), int(size[1] * 300))
        assert saved.mode == "RGB"  # opaque chart: no alpha channel to write
        assert round(saved.info["dpi"][0]) == 300
        full = np.asarray(saved.convert("L"), dtype=float)
    with Image.open(io.BytesIO(image.data)) as shown:
        assert 900 / 1.25 <= shown.width <= 900 * 1.25
        factor = saved.width // shown.width
        small = np.asarray(shown.convert("L"), dtype=float)
    # the screen copy is the saved picture averaged over factor x factor blocks
    h, w = small.shape
    blocks = full[:h * factor, :w * factor].reshape(h, factor, w, factor).mean(axis=(1, 3))
    assert np.abs(blocks - small).max() <= 2.0  # rounding of the grey levels only
    assert (small < 128).mean() > 0.01  # bars and text were drawn, not a blank page


def test_plain_warnings_prints_each_message_once(capsys):
    import warnings

    with plain_warnings():
        warnings.warn("3 documents have no date", UserWarning, stacklevel=1)
        warnings.warn("3 documents have no date", UserWarning, stacklevel=1)
    assert capsys.readouterr().out == "Note: 3 documents have no date\n"


def test_findings_tables_are_written_and_recorded(tmp_path, capsys):
    from framing.workbook import write_findings

    study = load_study("sample")
    table = write_findings(study, tmp_path)
    assert {"dimension", "category", "outlet", "sentence", "finding"} <= set(table.columns)
    names = {e["path"]: e for e in read_outputs(tmp_path)}
    for stem in ("findings", "findings_wire_once", "syndication_effect"):
        entry = names[f"tables/{stem}.csv"]
        assert entry["section"] == "shares" and entry["caption"]
    assert names["tables/findings.csv"]["title"] == "Findings"
    out = capsys.readouterr().out
    assert f"All {len(table)} comparisons" in out


def test_findings_need_two_outlets(seed_corpus_dir, tmp_path, capsys):
    from framing.workbook import write_findings

    with plain_warnings():
        study = load_study(seed_corpus_dir)
    capsys.readouterr()
    assert write_findings(study, tmp_path) is None
    assert capsys.readouterr().out == ("Findings compare outlets: at least two outlets are "
                                       "needed; none written.\n")
    assert not (tmp_path / "tables").exists()


def test_open_study_is_the_first_cell_of_every_notebook(tmp_path, capsys):
    from framing.workbook import open_study

    study, folder, dimensions, min_docs = open_study(
        "sample", dimensions="[death_frame, isis_label]", min_docs="3",
        output_dir=str(tmp_path / "out"))
    assert folder == tmp_path / "out"
    assert dimensions == ["death_frame", "isis_label"] and min_docs == 3
    assert len(study.corpus) == len(framing.load_sample())
    printed = capsys.readouterr().out
    assert str(tmp_path / "out") in printed and str(study) in printed
    with pytest.raises(ValueError, match="Unknown dimension"):
        open_study("sample", dimensions="nope", output_dir=str(tmp_path / "out"))


def test_output_names_of_outlets_differing_in_case_are_two_files_everywhere():
    """Outlets "X" and "x" wrote figures/keyness_words_X.png and keyness_words_x.png: one
    file on macOS and Windows, so one chart replaced the other there."""
    from framing.outputs import output_name

    upper, lower = output_name("keyness_words_BBC"), output_name("keyness_words_bbc")
    assert upper.lower() != lower.lower()
    assert lower == "keyness_words_bbc" and upper.startswith("keyness_words_BBC-")
    assert output_name("shares_armed_group_label") == "shares_armed_group_label"
