"""The report index: organised by question, built from this run's ledger only, safe with any data.

The folder is built the way a report run builds it (``record_output`` with a
run id and notebook in the environment), with real numbers: the seed
articles scored and charted, tables in the columns the notebooks write.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

import framing
from framing.outputs import SECTIONS, record_output
from framing.report_index import MAX_FINDINGS, build_index, write_index

RUN = "run-new"
NASTY = "<script>alert('outlet')</script>"


def _write_csv(path: Path, rows: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def build_report_folder(out: Path, seed_texts: dict[str, str], monkeypatch,
                        matcher: object = "default") -> dict:
    """A report folder as a run with id ``RUN`` leaves it, plus an old run and a stray file."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd

    corpus = pd.DataFrame({"doc_id": list(seed_texts), "text": list(seed_texts.values())})
    counts = framing.score(corpus, matcher, progress=False).counts
    totals = counts.drop(columns=[c for c in counts.columns if c not in
                                  framing.load_lexicon("default").category_ids]).sum()
    (out / "figures").mkdir(parents=True)

    def chart(name: str, title: str) -> Path:
        fig, ax = plt.subplots(figsize=(6, 3), dpi=80)
        ax.barh(totals.index, totals.to_numpy(), color="#4c72b0")
        ax.set_title(title)
        fig.tight_layout()
        path = out / "figures" / f"{name}.png"
        fig.savefig(path)
        plt.close(fig)
        return path

    # an earlier run's chart and a file nobody recorded: neither may be listed
    monkeypatch.setenv("FRAMING_RUN_ID", "run-old")
    monkeypatch.setenv("FRAMING_NOTEBOOK", "02_framing_by_outlet")
    record_output(out, chart("old_shares", "old run"), kind="figure", name="old_shares",
                  title="An earlier run's chart", caption="old", section="shares")
    chart("holiday", "not from framing")

    monkeypatch.setenv("FRAMING_RUN_ID", RUN)
    monkeypatch.setenv("FRAMING_NOTEBOOK", "03_framing_over_time")
    time_table = _write_csv(out / "tables" / "timeline.csv",
                            [{"category": c, "hits": int(v)} for c, v in totals.items()])
    record_output(out, chart("timeline", "over time"), kind="figure", name="timeline",
                  title="Labels over time", caption="Monthly shares of each label.",
                  section="time", table=time_table)
    monkeypatch.setenv("FRAMING_NOTEBOOK", "02_framing_by_outlet")
    share_table = _write_csv(out / "tables" / "shares_armed_group_label.csv",
                             [{"category": c, "hits": int(v)} for c, v in totals.items()])
    record_output(out, share_table, kind="table", name="shares_armed_group_label",
                  title="Shares (numbers)", section="shares")
    png = chart("shares_armed_group_label", "shares")
    svg = png.with_suffix(".svg")
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    for path in (png, svg):
        record_output(out, path, kind="figure", name="shares_armed_group_label",
                      title="How armed groups are named, by outlet",
                      caption="Share of each label (المسلحين, الإرهابيين) per outlet.",
                      section="shares", table=share_table)
    monkeypatch.setenv("FRAMING_NOTEBOOK", "04_distinctive_terms")
    nasty = chart("keyness_words_script-0badc0de", "keyness")
    record_output(out, nasty, kind="figure", name=f"keyness_words_{NASTY}",
                  title=f"Words typical of {NASTY}", caption=f"{NASTY} against the rest.",
                  section="distinctive")
    monkeypatch.setenv("FRAMING_NOTEBOOK", "05_validate_with_kwic")
    kwic = out / "validation" / "kwic.html"
    kwic.parent.mkdir()
    kwic.write_text("<p>KWIC</p>", encoding="utf-8")
    record_output(out, kwic, kind="validation", name="kwic", title="Every hit in context",
                  caption="Read the hits before trusting the counts.", section="validation")
    monkeypatch.setenv("FRAMING_NOTEBOOK", "01_corpus_overview")
    summary = _write_csv(out / "tables" / "corpus_summary.csv", [
        {"item": "documents", "value": len(seed_texts)}, {"item": "outlets", "value": 3},
        {"item": "first_date", "value": "2015-07-23"}, {"item": "last_date", "value": "2015-08-09"},
        {"item": "undated", "value": 2}, {"item": "empty", "value": 0},
        {"item": "rejected", "value": 1}, {"item": "near_duplicate_clusters", "value": 4}])
    record_output(out, summary, kind="table", name="corpus_summary", title="The corpus",
                  section="corpus")
    monkeypatch.setenv("FRAMING_NOTEBOOK", "02_framing_by_outlet")
    findings = [{"dimension": "armed_group_label", "category": c, "outlet": NASTY if k == 0
                 else f"outlet {k}", "share": 0.5, "p_adjusted": 0.01, "finding": k < 10,
                 "sentence": f"Finding {k}: {NASTY if k == 0 else 'outlet'} calls them "
                             f"{c} (المسلحين) more often than the rest."}
                for k, c in enumerate(["terrorist", "militant"] * 6)]
    record_output(out, _write_csv(out / "tables" / "findings.csv", findings), kind="table",
                  name="findings", title="Findings", section="shares")
    shifts = [{"dimension": "armed_group_label", "category": "terrorist", "outlet": "okaz",
               "share_all": 0.40, "share_once": 0.43, "shift": 0.03},
              {"dimension": "houthi_label", "category": "putschist", "outlet": "sabq",
               "share_all": 0.62, "share_once": 0.50, "shift": -0.12}]
    record_output(out, _write_csv(out / "tables" / "syndication_effect.csv", shifts),
                  kind="table", name="syndication_effect", title="Wire copy once",
                  section="shares")
    lexicon = framing.load_lexicon("default")
    return {
        "run_id": RUN, "corpus": "seeds", "lexicon": lexicon.name,
        "lexicon_hash": lexicon.hash, "framing_version": framing.__version__,
        "lexicon_categories": {d.id: [c.id for c in d.categories] for d in lexicon.dimensions},
        "finished": "2026-01-01T00:00:00+00:00",
        "notebooks": [
            {"name": "01_corpus_overview", "output": "01_corpus_overview.ipynb",
             "seconds": 3.0, "error": None},
            {"name": "02_framing_by_outlet", "output": "02_framing_by_outlet.ipynb",
             "seconds": 4.0, "error": None},
            {"name": "03_framing_over_time", "output": "03_framing_over_time.ipynb",
             "seconds": 4.0, "error": None},
            {"name": "04_distinctive_terms", "output": "04_distinctive_terms.ipynb",
             "seconds": 0.0, "error": f"cell 7: KeyError: {NASTY}"},
            {"name": "05_validate_with_kwic", "output": "05_validate_with_kwic.ipynb",
             "seconds": 2.0, "error": None},
        ],
    }


@pytest.fixture(scope="module")
def report(tmp_path_factory, seed_texts, default_matcher):
    out = tmp_path_factory.mktemp("index") / "report"
    with pytest.MonkeyPatch.context() as monkeypatch:
        manifest = build_report_folder(out, seed_texts, monkeypatch, default_matcher)
    return out, manifest, build_index(out, manifest)


def test_sections_follow_the_questions_and_share_charts_come_first(report):
    _, _, page = report
    positions = [page.index(f'<section id="{key}">') for key in SECTIONS]
    assert positions == sorted(positions)
    first_figure = page.index("<figure")
    assert page.index('<section id="shares">') < first_figure < page.index('<section id="time">')
    assert re.search(r'<figure[^>]*><h3><span[^>]*>How armed groups are named', page)
    assert page.index("How armed groups are named") < page.index("Labels over time")


def test_only_this_runs_files_are_listed(report):
    out, _, page = report
    assert (out / "figures" / "old_shares.png").is_file()
    assert (out / "figures" / "holiday.png").is_file()
    assert "old_shares" not in page and "holiday" not in page
    # each chart once, shown from its PNG, every format linked
    assert page.count('src="figures/shares_armed_group_label.png"') == 1
    assert page.count('href="figures/shares_armed_group_label.svg"') == 1
    assert page.count("<figure") == 3


def test_every_figure_has_a_caption_its_numbers_and_its_notebook(report):
    _, _, page = report
    figures = re.findall(r"<figure.*?</figure>", page, flags=re.S)
    shares = next(f for f in figures if "shares_armed_group_label" in f)
    assert "<figcaption>" in shares and "Share of each label" in shares
    assert 'href="tables/shares_armed_group_label.csv"' in shares
    assert 'href="02_framing_by_outlet.ipynb"' in shares
    timeline = next(f for f in figures if "timeline" in f)
    assert 'href="03_framing_over_time.ipynb"' in timeline
    # the keyness chart was recorded without a table: no link that would lead nowhere
    keyness = next(f for f in figures if "keyness" in f)
    assert "numbers (CSV)" not in keyness


def test_data_is_escaped_and_arabic_is_marked(report):
    _, _, page = report
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(&#x27;outlet&#x27;)&lt;/script&gt;" in page
    assert re.search(r'<span lang="ar" dir="auto">[^<]*المسلحين', page)


def test_the_summary_gives_corpus_lexicon_findings_and_wire_copy(report):
    _, manifest, page = report
    summary = page[page.index('id="summary"'):page.index("<nav>")]
    for fact in ("Documents", "Undated", "Rejected by the reader", "2015-07-23"):
        assert fact in summary
    assert manifest["lexicon_hash"][:12] in summary
    assert "armed_group_label" in summary and "terrorist" in summary
    findings = re.search(r'id="findings".*?<ol>(.*?)</ol>', summary, flags=re.S).group(1)
    items = re.findall(r"<li>(.*?)</li>", findings)
    assert len(items) == MAX_FINDINGS
    assert "Finding 0:" in items[0] and "Finding 7:" in items[-1]
    assert "2 more findings" in summary and 'href="tables/findings.csv"' in summary
    assert "All 12 comparisons" in summary
    # the largest move in either direction: 12 points down for sabq
    assert "12.0 percentage points" in summary and "sabq" in summary
    assert "from 62.0% to 50.0%" in summary


def test_failed_notebooks_are_shown_before_everything_else(report):
    _, _, page = report
    failed = page.index('class="failed"')
    assert failed < page.index('id="summary"')
    box = page[failed:page.index("</section>", failed)]
    assert "1 of 5 notebooks failed" in box and "04_distinctive_terms" in box
    assert "cell 7: KeyError" in box


def test_the_page_works_offline_and_prints(report):
    _, _, page = report
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert "<link" not in page
    assert "@media print" in page


def test_missing_tables_are_said_not_failed(tmp_path, monkeypatch):
    out = tmp_path / "bare"
    out.mkdir()
    monkeypatch.setenv("FRAMING_RUN_ID", "r1")
    monkeypatch.setenv("FRAMING_NOTEBOOK", "05_validate_with_kwic")
    sheet = out / "validation" / "coding_sheet.csv"
    sheet.parent.mkdir()
    sheet.write_text("doc_id,category\n", encoding="utf-8")
    record_output(out, sheet, kind="validation", name="coding_sheet", title="Coding sheet",
                  section="validation")
    # an earlier run's findings, not in this run's ledger: not summarised as this run's
    _write_csv(out / "tables" / "findings.csv",
               [{"finding": True, "sentence": "A stale finding from an earlier run."}])
    manifest = {"run_id": "r1", "corpus": "x", "lexicon": "default", "lexicon_hash": "abc",
                "notebooks": [{"name": "05_validate_with_kwic",
                               "output": "05_validate_with_kwic.ipynb", "error": None}]}
    path = write_index(out, manifest)
    page = path.read_text(encoding="utf-8")
    assert "No corpus summary" in page and "No findings table" in page
    assert "No syndication table" in page and "stale finding" not in page
    assert 'href="validation/coding_sheet.csv"' in page
    assert page.count("This run wrote nothing for this section.") == len(SECTIONS) - 1
    assert 'class="failed"' not in page
