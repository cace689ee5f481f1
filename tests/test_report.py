"""Batch reports: every notebook runs with papermill; figures come with their numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import framing
from conftest import REPO
from framing.report import ReportError, run_report

NOTEBOOKS = REPO / "notebooks"
EXPECTED_NOTEBOOKS = ["01_corpus_overview", "02_framing_by_outlet", "03_framing_over_time",
                      "04_distinctive_terms", "05_validate_with_kwic", "06_framing_shifts",
                      "07_grow_the_lexicon"]


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "sample"
    run_report(corpus="sample", out=out, notebooks_dir=NOTEBOOKS, progress=False,
               figure_formats=("png", "svg", "pdf"))
    return out


def test_every_notebook_runs_on_the_sample(sample_report):
    manifest = json.loads((sample_report / "manifest.json").read_text(encoding="utf-8"))
    assert [n["name"] for n in manifest["notebooks"]] == EXPECTED_NOTEBOOKS
    assert all(n["error"] is None for n in manifest["notebooks"])
    for name in EXPECTED_NOTEBOOKS:
        executed = json.loads((sample_report / f"{name}.ipynb").read_text(encoding="utf-8"))
        tags = [c.get("metadata", {}).get("tags", []) for c in executed["cells"]]
        assert ["parameters"] in tags and ["injected-parameters"] in tags
        # plain notebooks: no pairing with a .py that JupyterLab would look for
        assert "formats" not in executed["metadata"].get("jupytext", {})
    assert manifest["lexicon_hash"] == framing.load_lexicon("default").hash
    assert manifest["framing_version"] == framing.__version__
    assert len(manifest["corpus_hash"]) == 64


def test_every_figure_has_three_formats_and_its_table(sample_report):
    figures = sorted((sample_report / "figures").glob("*.png"))
    assert len(figures) >= 8
    index = (sample_report / "index.html").read_text(encoding="utf-8")
    for png in figures:
        for suffix in (".svg", ".pdf"):
            assert png.with_suffix(suffix).is_file()
        table = sample_report / "tables" / f"{png.stem}.csv"
        assert table.is_file(), f"no table for {png.name}"
        assert len(pd.read_csv(table)) > 0
        assert f"figures/{png.name}" in index


def test_charted_shares_equal_the_package(sample_report):
    from framing.aggregate import aggregate
    from framing.indicators import attach_metadata

    corpus = framing.load_sample()
    scores = attach_metadata(framing.score(corpus, progress=False).counts, corpus)
    expected = aggregate(scores, by=["outlet"])
    charted = pd.read_csv(sample_report / "tables" / "shares_by_outlet.csv")
    assert len(charted) == len(expected)
    for column in ("outlet", "category", "n_docs", "hits", "tokens"):
        assert charted[column].astype(str).tolist() == expected[column].astype(str).tolist()
    for column in ("rate", "share", "share_low", "share_high", "doc_share"):
        pd.testing.assert_series_equal(charted[column], expected[column].astype(float),
                                       check_names=False, atol=1e-9)


def test_validation_outputs_are_written(sample_report):
    folder = sample_report / "validation"
    html = (folder / "kwic.html").read_text(encoding="utf-8")
    assert 'dir="rtl"' in html and "المسلحين" in html
    from framing.validate import read_sheet

    with pytest.warns(UserWarning, match="not yet coded"):
        sheet = read_sheet(folder / "coding_sheet.csv")
    assert set(sheet["category"]) <= set(framing.load_lexicon("default").category_ids)


def test_a_serial_rerun_gives_identical_tables(sample_report, tmp_path):
    # the sample report ran two notebooks at a time; this rerun runs one at a time
    again = tmp_path / "again"
    run_report(corpus="sample", out=again, notebooks_dir=NOTEBOOKS, progress=False,
               notebooks=["02_framing_by_outlet", "03_framing_over_time"], jobs=1)
    tables = sorted((again / "tables").glob("*.csv"))
    assert tables
    for table in tables:
        assert table.read_bytes() == (sample_report / "tables" / table.name).read_bytes(), table


def test_a_failing_notebook_fails_the_run_and_keeps_the_rest(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    (folder / "01_good.py").write_text(
        '# %% tags=["parameters"]\ncorpus = "sample"\noutput_dir = "."\n\n# %%\n'
        "from pathlib import Path\n"
        "Path(output_dir, 'tables').mkdir(parents=True, exist_ok=True)\n"
        "Path(output_dir, 'tables', 'ok.csv').write_text('a\\n1\\n')\n", encoding="utf-8")
    (folder / "02_bad.py").write_text(
        '# %% tags=["parameters"]\ncorpus = "sample"\noutput_dir = "."\n\n# %%\n'
        "raise ValueError('the corpus has no outlet called Nowhere')\n", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(ReportError, match=r"02_bad.*ValueError: the corpus has no outlet"):
        run_report(corpus="sample", out=out, notebooks_dir=folder, progress=False)
    assert (out / "tables" / "ok.csv").is_file()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["notebooks"][0]["error"] is None
    assert "ValueError" in manifest["notebooks"][1]["error"]
    assert "failed" in (out / "index.html").read_text(encoding="utf-8")


def test_the_longest_notebook_of_the_last_run_starts_first(tmp_path, monkeypatch):
    """With one worker the run order shows: name order at first, then the notebook
    that took longest in the last report of the corpus first."""
    import os

    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "notebooks"
    folder.mkdir()
    for name, seconds in (("01_quick", 0), ("02_slow", 1.5)):
        (folder / f"{name}.py").write_text(
            '# %% tags=["parameters"]\ncorpus = "sample"\noutput_dir = "."\n\n# %%\n'
            f"import time\ntime.sleep({seconds})\n"
            f"with open('order.txt', 'a') as fh:\n    fh.write('{name}\\n')\n",
            encoding="utf-8")
    out = tmp_path / "out"
    run_report(corpus="sample", out=out, notebooks_dir=folder, jobs=1, progress=False)
    assert (out / "order.txt").read_text().split() == ["01_quick", "02_slow"]
    times = json.loads((tmp_path / "cache" / ".report-durations.json").read_text())
    assert times["latest"]["02_slow"] >= 1.5 > times["latest"]["01_quick"]
    (out / "order.txt").unlink()
    run_report(corpus="sample", out=out, notebooks_dir=folder, jobs=1, progress=False,
               overwrite=True)
    assert (out / "order.txt").read_text().split() == ["02_slow", "01_quick"]
    # the manifest keeps name order whatever the run order
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [n["name"] for n in manifest["notebooks"]] == ["01_quick", "02_slow"]
    # a damaged times file costs only the ordering
    (tmp_path / "cache" / ".report-durations.json").write_text("{not json")
    (out / "order.txt").unlink()
    run_report(corpus="sample", out=out, notebooks_dir=folder, jobs=1, progress=False,
               overwrite=True)
    assert (out / "order.txt").read_text().split() == ["01_quick", "02_slow"]
    # a times file that is not a file of sane numbers is no times (never a failure): a
    # FIFO (reading it would block), huge or negative numbers, NaN, nesting too deep
    times_file = tmp_path / "cache" / ".report-durations.json"
    huge = "1" + "0" * 400
    # (a notebook whose time is not a sane number counts as never timed: it goes first)
    for damage, expected in [
            ("fifo", ["01_quick", "02_slow"]),
            ('{"latest": {"02_slow": ' + huge + ', "01_quick": 5}}', ["02_slow", "01_quick"]),
            ('{"latest": {"02_slow": -3, "01_quick": NaN}}', ["01_quick", "02_slow"]),
            ("[" * 100_000, ["01_quick", "02_slow"])]:
        times_file.unlink(missing_ok=True)
        if damage == "fifo":
            os.mkfifo(times_file)
        else:
            times_file.write_text(damage)
        (out / "order.txt").unlink()
        run_report(corpus="sample", out=out, notebooks_dir=folder, jobs=1, progress=False,
                   overwrite=True)
        assert (out / "order.txt").read_text().split() == expected, damage[:40]
    # a times file that cannot be replaced (a folder in its place) leaves nothing behind
    (tmp_path / "cache" / ".report-durations.json").unlink()
    (tmp_path / "cache" / ".report-durations.json").mkdir()
    run_report(corpus="sample", out=out, notebooks_dir=folder, jobs=1, progress=False,
               overwrite=True)
    assert not [p.name for p in (tmp_path / "cache").iterdir()
                if p.name.startswith("..report-durations")]


def test_a_kernel_reused_for_the_next_notebook_keeps_nothing_of_the_last(tmp_path):
    """One worker runs three notebooks in one kernel: each finds it cleared (no
    variables, settings, environment or folder of the last, cell numbers from 1),
    also after a notebook that failed."""
    import os

    header = '# %% tags=["parameters"]\ncorpus = "sample"\noutput_dir = "."\n\n# %%\n'
    check = ("import json, os, warnings, matplotlib\n"
             "from pathlib import Path\n"
             "from framing import plots\n"
             "seen = {'variable': 'left_behind' in dir(), 'pid': os.getpid(),\n"
             "        'linewidth': matplotlib.rcParams['lines.linewidth'],\n"
             "        'filters': [repr(f) for f in warnings.filters],\n"
             "        'environ': 'FRAMING_LEFT_BEHIND' in os.environ,\n"
             "        'font': plots.get_font(), 'cwd': os.getcwd(),\n"
             "        'notebook': os.environ.get('FRAMING_NOTEBOOK')}\n"
             "Path(output_dir, NAME + '.json').write_text(json.dumps(seen))\n")
    changes = ("left_behind = 1\n"
               "matplotlib.rcParams['lines.linewidth'] = 9\n"
               "warnings.simplefilter('error', UnicodeWarning)\n"
               "os.environ['FRAMING_LEFT_BEHIND'] = '1'\n"
               "plots._settings['font'] = 'Nowhere Sans'\n")
    folder = tmp_path / "notebooks"
    folder.mkdir()
    (folder / "01_change.py").write_text(
        header + "NAME = '01'\n" + check + changes + "os.chdir('/')\n"
        "raise ValueError('on purpose')\n", encoding="utf-8")
    (folder / "02_check.py").write_text(header + "NAME = '02'\n" + check + changes,
                                        encoding="utf-8")
    (folder / "03_check.py").write_text(header + "NAME = '03'\n" + check, encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(ReportError, match=r"1 of 3 notebooks failed \(01_change: .*on purpose"):
        run_report(corpus="sample", out=out, notebooks_dir=folder, progress=False, jobs=1)
    first, second, third = (json.loads((out / f"0{k}.json").read_text(encoding="utf-8"))
                            for k in (1, 2, 3))
    assert first["pid"] == second["pid"] == third["pid"] != os.getpid()  # one kernel
    for seen, name in ((first, "01_change"), (second, "02_check"), (third, "03_check")):
        assert seen["variable"] is False and seen["environ"] is False
        assert seen["linewidth"] == first["linewidth"] != 9
        assert seen["filters"] == first["filters"]
        assert seen["font"] == "DejaVu Sans"
        assert Path(seen["cwd"]).resolve() == out.resolve()
        assert seen["notebook"] == name
    for name in ("02_check", "03_check"):
        cells = json.loads((out / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]
        counts = [c["execution_count"] for c in cells if c["cell_type"] == "code"]
        assert counts == list(range(1, len(counts) + 1))


def test_report_refuses_a_non_empty_folder(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError, match="not empty"):
        run_report(corpus="sample", out=out, notebooks_dir=NOTEBOOKS, progress=False)
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"


@pytest.mark.saudinewsnet
def test_every_notebook_runs_on_saudinewsnet(saudinewsnet_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))
    corpus = tmp_path / "snn"
    corpus.mkdir()
    for archive in sorted(saudinewsnet_dir.glob("*.zip"))[-2:]:
        (corpus / archive.name).symlink_to(archive.resolve())
    out = tmp_path / "report"
    run_report(corpus=corpus, out=out, notebooks_dir=NOTEBOOKS, progress=False,
               parameters={"freq": "D", "topic": "[اليمن, الحوثي, صنعاء]",
                           "recall_dimension": "houthi_label",
                           "categories": "[houthi, putschist, militia]"})
    manifest = json.loads(Path(out / "manifest.json").read_text(encoding="utf-8"))
    assert all(n["error"] is None for n in manifest["notebooks"])
    shares = pd.read_csv(out / "tables" / "shares_houthi_label.csv")
    assert shares["outlet"].nunique() >= 10
    assert shares.loc[shares["category"] == "houthi", "hits"].sum() > 100
    assert (out / "figures" / "timeline_houthi_label.png").is_file()
    # the notebooks share one cache entry of the scores (beside it, the notebooks' times)
    assert len([p for p in (tmp_path / "cache").iterdir() if not p.name.startswith(".")]) == 1
    assert (tmp_path / "cache" / ".report-durations.json").is_file()
    # the keyness tables keep the strongest words of each side, not every word
    words = pd.read_csv(out / "tables" / "keyness_words.csv")
    per_side = words.groupby(["group", words["z"] > 0]).size()
    assert per_side.max() == 100 and words["group"].nunique() >= 10
    charted = pd.read_csv(out / "tables" / "keyness_words_okaz.csv")
    assert len(charted) == 30


def test_a_parameter_no_notebook_has_is_refused(tmp_path):
    with pytest.raises(ValueError, match=r"No notebook has the parameter.*fequency"):
        run_report(corpus="sample", out=tmp_path / "out", notebooks_dir=NOTEBOOKS,
                   parameters={"fequency": "W"}, progress=False)
    assert not list((tmp_path / "out").glob("*.ipynb"))


def test_bad_options_are_refused_before_the_folder_is_touched(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(ValueError, match="--jobs"):
        run_report(corpus="sample", out=out, notebooks_dir=NOTEBOOKS, jobs=0)
    with pytest.raises(ValueError, match="No notebook has the parameter"):
        run_report(corpus="sample", out=out, notebooks_dir=NOTEBOOKS,
                   parameters={"fequency": "W"})
    assert not out.exists()  # so the corrected command can run


def test_an_unfinished_rerun_does_not_keep_the_old_manifest(tmp_path):
    corpus = tmp_path / "corpus.csv"
    corpus.write_text("doc_id,text\n1,نص\n1,نص آخر\n", encoding="utf-8")  # duplicate id
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text("{}", encoding="utf-8")
    (out / "index.html").write_text("old", encoding="utf-8")
    with pytest.raises(Exception, match="used more than once"):
        run_report(corpus=corpus, out=out, notebooks_dir=NOTEBOOKS, progress=False,
                   overwrite=True)
    # the run stopped before any notebook: nothing says the folder is a finished report
    assert not (out / "manifest.json").exists()
    assert not (out / "index.html").exists()


def test_index_links_the_validation_files(sample_report):
    index = (sample_report / "index.html").read_text(encoding="utf-8")
    files = [p for p in (sample_report / "validation").rglob("*") if p.is_file()]
    assert files
    for path in files:
        assert path.relative_to(sample_report).as_posix() in index


def test_the_manifest_lists_this_runs_files_and_exclusions(sample_report):
    from framing.outputs import read_outputs

    manifest = json.loads((sample_report / "manifest.json").read_text(encoding="utf-8"))
    entries = read_outputs(sample_report, manifest["run_id"])
    assert manifest["files"] == sorted(e["path"] for e in entries)
    assert "tables/corpus_summary.csv" in manifest["files"]
    assert {e["notebook"] for e in entries} <= set(EXPECTED_NOTEBOOKS)
    summary = pd.read_csv(sample_report / "tables" / "corpus_summary.csv")
    expected = dict(zip(summary["item"], summary["value"].astype(str), strict=True))
    assert manifest["exclusions"]
    for item, value in manifest["exclusions"].items():
        assert str(value) == expected[item]
    assert not (sample_report / "_sources").exists()


@pytest.mark.parametrize("name", ["output_dir", "corpus"])
def test_parameters_the_runner_sets_are_refused(tmp_path, name):
    with pytest.raises(ValueError, match=rf"-p {name} is not allowed"):
        run_report(corpus="sample", out=tmp_path / "out", notebooks_dir=NOTEBOOKS,
                   parameters={name: str(tmp_path / "elsewhere")})
    assert not (tmp_path / "out").exists() and not (tmp_path / "elsewhere").exists()


def test_report_folders_that_cannot_be_used_are_refused(tmp_path):
    a_file = tmp_path / "report.txt"
    a_file.write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError, match="is a file, not a folder"):
        run_report(corpus="sample", out=a_file, notebooks_dir=NOTEBOOKS, overwrite=True)
    assert a_file.read_text(encoding="utf-8") == "mine"
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    (notebooks / "01_a.py").write_text('# %% tags=["parameters"]\noutput_dir = "."\n',
                                       encoding="utf-8")
    with pytest.raises(ValueError, match="inside the notebooks folder"):
        run_report(corpus="sample", out=notebooks / "report", notebooks_dir=notebooks)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("نص", encoding="utf-8")
    for out in (corpus, corpus / "report"):
        with pytest.raises(ValueError, match="overlaps the corpus"):
            run_report(corpus=corpus, out=out, notebooks_dir=notebooks, overwrite=True)
    assert sorted(p.name for p in corpus.iterdir()) == ["a.txt"]


def test_cli_refuses_output_dir_in_one_line(tmp_path, capsys):
    from framing.cli import main

    code = main(["report", "--out", str(tmp_path / "out"), "--notebooks-dir", str(NOTEBOOKS),
                 "-p", "output_dir", str(tmp_path)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and err[0].startswith("framing: error: -p output_dir is not allowed")


def test_cli_takes_the_corpus_as_its_first_argument(tmp_path, capsys):
    """``framing report CORPUS`` as every other command; --corpus still works."""
    from framing.cli import main

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("نص", encoding="utf-8")
    # the positional corpus is the one checked: a report inside it is refused
    assert main(["report", str(corpus), "--out", str(corpus / "report")]) == 2
    assert "is inside the corpus" in capsys.readouterr().err
    assert main(["report", "sample", "--corpus", str(corpus), "--out",
                 str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "two corpora given" in err[0]
    assert not (tmp_path / "r").exists()
    # an unset variable is not the sample; the kind is given once
    for argv in (["report", "", "--out", str(tmp_path / "r")],
                 ["report", "--corpus", "", "--out", str(tmp_path / "r")],
                 ["report", "-", "--kind", "csv", "-p", "corpus_kind", "jsonl", "--out",
                  str(tmp_path / "r")]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and ("empty path" in err[0] or "disagree" in err[0]), err
    assert not (tmp_path / "r").exists()


def test_a_report_read_from_standard_input_names_it(tmp_path, monkeypatch):
    """The manifest and index say 'standard input', not the temporary copy's path; the
    same corpus written as two paths is one corpus."""
    import io
    import sys

    from framing.cli import main

    csv = tmp_path / "c.csv"
    csv.write_text("doc_id,outlet,date,text\na,X,2016-01-01,قتل الإرهابيين في حلب\n"
                   "b,Y,2016-01-02,المسلحين في حلب\n", encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(csv.read_bytes())))
    out = tmp_path / "r"
    assert main(["report", "-", "--kind", "csv", "--out", str(out), "--notebooks-dir",
                 str(NOTEBOOKS), "--notebook", "01_corpus_overview", "--formats", "png"]) == 0
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["corpus"] == \
        "standard input"
    assert "Corpus <code>standard input</code>" in (out / "index.html").read_text("utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["report", "c.csv", "--corpus", str(csv), "--out", str(tmp_path / "r2"),
                 "--notebooks-dir", str(NOTEBOOKS), "--notebook", "01_corpus_overview",
                 "--formats", "png"]) == 0


def test_notebook_parameters_are_read_from_the_text(tmp_path):
    import jupytext
    import papermill

    from framing.report import notebook_parameters

    names = notebook_parameters(NOTEBOOKS / "02_framing_by_outlet.py")
    assert names[:3] == ["corpus", "corpus_kind", "lexicon"]
    assert {"output_dir", "freq", "min_docs"} <= set(names)
    # the same names papermill finds in the converted notebook
    for path in sorted(NOTEBOOKS.glob("*.py")):
        ipynb = tmp_path / f"{path.stem}.ipynb"
        jupytext.write(jupytext.read(path), ipynb)
        assert notebook_parameters(path) == list(papermill.inspect_notebook(str(ipynb))), path
    broken = tmp_path / "broken.py"
    broken.write_text('# %%\nx = 1\n\n# %% tags=["parameters"]\nfreq = "M\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"broken.py, line 5: the parameters cell"):
        notebook_parameters(broken)


def test_the_run_prints_one_line_per_notebook(tmp_path):
    import subprocess
    import sys

    folder = tmp_path / "notebooks"
    folder.mkdir()
    for name, body in (("01_good", "print('fine')"), ("02_bad", "raise ValueError('boom')")):
        (folder / f"{name}.py").write_text(
            f'# %% tags=["parameters"]\noutput_dir = "."\n\n# %%\n{body}\n', encoding="utf-8")
    framing_cmd = Path(sys.executable).with_name("framing")
    done = subprocess.run([str(framing_cmd), "report", "--out", str(tmp_path / "out"),
                           "--notebooks-dir", str(folder)], capture_output=True, text=True,
                          timeout=300)
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode == 2
    assert len(lines) == 3, lines
    assert lines[0].startswith("[1/2] ") and lines[1].startswith("[2/2] ")
    assert any("02_bad: failed: cell" in line and "ValueError: boom" in line for line in lines)
    assert lines[2].startswith("framing: error: 1 of 2 notebooks failed")
    assert "Kernel is running" not in done.stderr and "KeyboardInterrupt" not in done.stderr
    assert done.stdout == ""


def test_the_project_notebooks_are_found_from_any_folder(tmp_path, monkeypatch):
    """``framing report`` run outside the project folder said there was no notebooks folder;
    it now runs the project's own notebooks, and a ./notebooks folder still comes first."""
    from framing.report import default_notebooks_dir, find_notebooks

    project = Path(__file__).resolve().parents[1] / "notebooks"
    monkeypatch.chdir(tmp_path)
    assert default_notebooks_dir().resolve() == project
    assert [p.name for p in find_notebooks()] == sorted(p.name for p in project.glob("*.py"))
    own = tmp_path / "notebooks"
    own.mkdir()
    (own / "01_mine.py").write_text("# %%\nprint('mine')\n", encoding="utf-8")
    assert [p.name for p in find_notebooks()] == ["01_mine.py"]
    with pytest.raises(FileNotFoundError, match=r"No notebooks folder at .*elsewhere"):
        find_notebooks(tmp_path / "elsewhere")


def test_a_notebook_named_twice_runs_once():
    """``--notebook 01 --notebook 01`` ran the notebook twice at once into the same files."""
    from framing.report import find_notebooks

    folder = Path(__file__).resolve().parents[1] / "notebooks"
    named = find_notebooks(folder, ["01_corpus_overview", "03_framing_over_time",
                                    "01_corpus_overview.py"])
    assert [p.name for p in named] == ["01_corpus_overview.py", "03_framing_over_time.py"]
