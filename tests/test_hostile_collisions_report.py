"""Outlet names that collide as file names, and an old report folder, in a real report run.

The seed articles are re-labelled with outlets whose names become the same
file name when made safe (``A/B``, ``A_B``, ``A:B``), one that is a path
component (``..``), two 300-character names sharing their first 299
characters, and a ``<script>``. Each must get a file of its own, listed once
in the index; a second run with ``--overwrite`` lists neither the first
run's files nor a PNG put there by hand (which is kept).
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import REPO
from framing.outputs import read_outputs
from framing.report import run_report

NOTEBOOKS = REPO / "notebooks"
LONG = "ق" * 299
OUTLETS = ["A/B", "A_B", "A:B", "..", LONG + "1", LONG + "2", "<script>alert(1)</script>"]


@pytest.fixture(scope="module")
def colliding_corpus(seed_texts, tmp_path_factory) -> Path:
    """The seed articles' paragraphs dealt out to the colliding outlets (JSONL)."""
    paragraphs = [p.strip() for text in seed_texts.values() for p in text.split("\n")
                  if len(p.split()) >= 12]
    assert len(paragraphs) >= 2 * len(OUTLETS)
    path = tmp_path_factory.mktemp("colliding") / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for k, paragraph in enumerate(paragraphs):
            # every outlet gets its share, and all the text (keyness needs repeated words)
            outlet = OUTLETS[k % len(OUTLETS)]
            fh.write(json.dumps({"doc_id": f"p{k}", "outlet": outlet,
                                 "date": f"2015-07-{1 + k % 28:02d}", "text": paragraph},
                                ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="module")
def colliding_report(colliding_corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("collisions") / "report"
    run_report(corpus=colliding_corpus, out=out, notebooks_dir=NOTEBOOKS, progress=False,
               notebooks=["04_distinctive_terms"], parameters={"min_count": "1"},
               figure_formats="png")
    return out


def test_each_outlet_gets_its_own_files_listed_once(colliding_report):
    out = colliding_report
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    entries = read_outputs(out, manifest["run_id"])
    charts = {e["name"]: e["path"] for e in entries if e["kind"] == "figure"}
    named = {f"keyness_words_{outlet}" for outlet in OUTLETS}
    assert named <= set(charts), sorted(set(named) - set(charts))
    paths = [charts[name] for name in named]
    assert len(set(paths)) == len(OUTLETS)  # no two outlets share a file
    for path in paths:
        assert (out / path).is_file()
        assert (out / path).resolve().parent == (out / "figures").resolve()  # ".." stays put
        assert len(Path(path).name.encode("utf-8")) <= 255
    index = (out / "index.html").read_text(encoding="utf-8")
    for path in paths:
        # shown once (links are URL-quoted: "(" is %28)
        assert index.count(f'src="{html.escape(quote(path, safe="/"))}"') == 1, path
    assert index.count("<figure") == len([e for e in entries if e["kind"] == "figure"])
    assert "<script" not in index.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in index


def test_overwrite_lists_neither_the_old_run_nor_stray_files(colliding_report,
                                                             colliding_corpus):
    out = colliding_report
    old = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    stray = out / "figures" / "holiday.png"
    stray.write_bytes((out / old["files"][0]).read_bytes() if old["files"][0].endswith(".png")
                      else b"\x89PNG\r\n\x1a\n")
    notes = out / "notes.txt"
    notes.write_text("mine", encoding="utf-8")
    run_report(corpus=colliding_corpus, out=out, notebooks_dir=NOTEBOOKS, progress=False,
               notebooks=["05_validate_with_kwic"], overwrite=True)
    new = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert new["run_id"] != old["run_id"]
    index = (out / "index.html").read_text(encoding="utf-8")
    # the first run's outputs are gone (framing wrote them), and not listed
    for path in old["files"]:
        if path not in new["files"]:
            assert not (out / path).exists(), path
            assert quote(path, safe="/") not in index, path
    assert "04_distinctive_terms.ipynb" not in index
    assert not (out / "04_distinctive_terms.ipynb").exists()
    # what a person put there is kept, and not listed
    assert stray.is_file() and notes.read_text(encoding="utf-8") == "mine"
    assert "holiday" not in index and "notes.txt" not in index
    assert new["files"] and all(quote(p, safe="/") in index for p in new["files"])
    assert set(new["removed_from_earlier_run"]) >= set(old["files"])
