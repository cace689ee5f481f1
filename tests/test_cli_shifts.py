"""``framing shifts``: the tidy shifts table from the command line, and its errors.

Runs the command in-process (``framing.cli.main``) on the embedded sample
and on four days of SaudiNewsNet copied to a temporary folder, checks the
table against :func:`framing.shifts` on the same counts, and checks that a
bad events file, an existing output or a bad option stop with one line
``framing: error: ...`` and status 2, before anything is written.
"""

from __future__ import annotations

import shutil
import warnings

import pandas as pd
import pytest

import framing
from framing.cli import main
from framing.indicators import attach_metadata
from framing.shifts import SHIFT_COLUMNS

DAYS = ["2015-08-01.zip", "2015-08-02.zip", "2015-08-03.zip", "2015-08-04.zip"]


def _error_line(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert err[0].startswith("framing: error: ")
    assert "Traceback" not in err[0]
    return err[0]


def test_sample_is_too_small_and_the_table_says_nothing_was_found(tmp_path, capsys):
    out = tmp_path / "shifts.csv"
    assert main(["shifts", "sample", "--out", str(out)]) == 0
    table = pd.read_csv(out)
    assert list(table.columns) == ["outlet", *SHIFT_COLUMNS]
    assert table.empty
    err = capsys.readouterr().err
    # the summary does not pass an empty table off as "no shifts": it says none could be sought
    assert "0 shift(s) in 0 of 32 series (outlet × dimension) segmented; 32 had too few" in err
    assert "framing: warning: framing.shifts: 32 series" in err


def test_existing_output_is_kept_unless_overwrite(tmp_path, capsys):
    out = tmp_path / "shifts.csv"
    out.write_text("keep me\n", encoding="utf-8")
    assert main(["shifts", "sample", "--out", str(out)]) == 2
    assert "exists; pass --overwrite" in _error_line(capsys)
    assert out.read_text(encoding="utf-8") == "keep me\n"
    assert main(["shifts", "sample", "--out", str(out), "--overwrite"]) == 0
    assert list(pd.read_csv(out).columns)[:2] == ["outlet", "dimension"]


@pytest.mark.parametrize(("text", "where"), [
    ("date,label\n2015-08-03,Bombing\n2015-13-01,Bad month\n", r"line 3, field 'date'"),
    ("date,label\n2015-08-03,\n", r"line 2, field 'label'"),
    ("when,label\n2015-08-03,Bombing\n", r"line 1: the header lacks column\(s\) 'date'"),
])
def test_bad_events_file_stops_naming_file_line_and_field(tmp_path, capsys, text, where):
    events = tmp_path / "events.csv"
    events.write_text(text, encoding="utf-8")
    out = tmp_path / "shifts.csv"
    assert main(["shifts", "sample", "--out", str(out), "--events", str(events)]) == 2
    line = _error_line(capsys)
    assert str(events) in line
    assert pd.Series([line]).str.contains(where).all(), line
    assert not out.exists()


@pytest.mark.parametrize(("options", "message"), [
    (["--events", "no-such-events.csv"], "No events file no-such-events.csv"),
    (["--penalty", "huge"], "--penalty 'huge': use 'permutation', 'bic' or a number"),
    (["--event-effects", "effects.csv"], "--event-effects needs --events"),
    (["--dimension", "no_such_dimension"], "no dimension(s) 'no_such_dimension'"),
])
def test_bad_options_are_one_line_errors(tmp_path, capsys, monkeypatch, options, message):
    monkeypatch.chdir(tmp_path)
    assert main(["shifts", "sample", "--out", "shifts.csv", *options]) == 2
    assert message in _error_line(capsys)
    assert not (tmp_path / "shifts.csv").exists()


def test_output_may_not_be_the_events_file(tmp_path, capsys):
    events = tmp_path / "events.csv"
    events.write_text("date,label\n2015-08-03,Bombing\n", encoding="utf-8")
    assert main(["shifts", "sample", "--out", str(events), "--events", str(events),
                 "--overwrite"]) == 2
    assert "would destroy an input" in _error_line(capsys)
    assert events.read_text(encoding="utf-8").startswith("date,label")


@pytest.fixture(scope="module")
def four_days(saudinewsnet_dir, tmp_path_factory):
    folder = tmp_path_factory.mktemp("snn")
    for name in DAYS:
        shutil.copy(saudinewsnet_dir / name, folder / name)
    return folder


def test_saudinewsnet_table_matches_the_api_and_names_events(four_days, tmp_path, capsys):
    events = tmp_path / "events.yaml"
    events.write_text("- date: 2015-08-03\n  label: Abha mosque bombing\n"
                      "- date: 2015-08-20\n  label: After the corpus\n", encoding="utf-8")
    out, effects = tmp_path / "shifts.csv", tmp_path / "effects.csv"
    options = ["--dimension", "death_frame", "isis_label", "--min-docs", "10",
               "--n-perm", "99", "--n-boot", "100"]
    assert main(["shifts", str(four_days), "--out", str(out), "--events", str(events),
                 "--event-effects", str(effects), *options]) == 0
    table = pd.read_csv(out, parse_dates=["date", "date_low", "date_high"])

    corpus = framing.load_corpus(four_days)
    counts = attach_metadata(framing.score(corpus, progress=False).counts, corpus)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = framing.shifts(counts, dimension=["death_frame", "isis_label"], min_docs=10,
                                  n_perm=99, n_boot=100)
    assert not expected.empty, "four days of SaudiNewsNet show a shift"
    assert list(table.columns) == ["outlet", *SHIFT_COLUMNS, "events_in_interval"]
    assert len(table) == len(expected)
    pd.testing.assert_series_equal(table["outlet"], expected["outlet"].astype(str),
                                   check_names=False, check_dtype=False)
    assert table["date"].tolist() == expected["date"].tolist()
    assert table["change"].to_numpy() == pytest.approx(expected["change"].to_numpy())
    # an event inside a shift's date interval is named on its rows, one outside is not
    for row in table.itertuples():
        inside = row.date_low <= pd.Timestamp("2015-08-03") <= row.date_high
        named = isinstance(row.events_in_interval, str) and "Abha" in row.events_in_interval
        assert named == inside
    assert table["events_in_interval"].astype(str).str.contains("Abha").any()
    assert not table["events_in_interval"].astype(str).str.contains("After the corpus").any()

    effect = pd.read_csv(effects)
    assert set(effect["event"]) == {"Abha mosque bombing", "After the corpus"}
    overall = effect[(effect["scope"] == "overall") & (effect["event"] == "Abha mosque bombing")]
    assert set(overall["dimension"]) == {"death_frame", "isis_label"}
    assert (overall["docs_before"] > 0).all() and (overall["docs_after"] > 0).all()
    later = effect[effect["event"] == "After the corpus"]
    assert later["share_after"].isna().all()
    err = capsys.readouterr().err
    n = expected.drop_duplicates(["outlet", "dimension", "changepoint"]).shape[0]
    assert f"{n} shift(s) in " in err
    assert "effects of 2 event(s)" in err


def test_many_events_are_measured_at_once_with_one_warning(tmp_path, capsys):
    """A thousand events printed a warning each and took a minute on the sample; and a
    --window of 100,000,000 days failed after scoring with a pandas overflow."""
    rows = ["date,label"] + [f"2001-01-{1 + k % 28:02d},event {k}" for k in range(600)] \
        + ["2016-12-13,evacuation"]
    (tmp_path / "events.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    effects = tmp_path / "effects.csv"
    argv = ["shifts", "sample", "--events", str(tmp_path / "events.csv"), "--out",
            str(tmp_path / "s.csv"), "--event-effects", str(effects)]
    assert main([*argv, "--window", "100000000"]) == 2
    assert "--window 100000000: give a number of days from 1 to 3,650" in _error_line(capsys)
    assert main(argv) == 0
    warned = [line for line in capsys.readouterr().err.splitlines()
              if "no dated document" in line]
    assert len(warned) == 1 and "600 of 601 event(s)" in warned[0], warned
    table = pd.read_csv(effects)
    assert table["event"].nunique() == 601
    measured = table[(table["docs_before"] > 0) | (table["docs_after"] > 0)]
    assert set(measured["event"]) == {"evacuation"}
