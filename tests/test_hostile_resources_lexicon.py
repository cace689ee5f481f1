"""Lexicon files built to exhaust memory or time are refused quickly, with a bounded message.

Each hostile file is checked by ``framing lexicon check`` in a child process
whose address space is capped (``RLIMIT_AS`` 2 GB) and which is killed after
a timeout: the command must stop with one ``framing: error:`` line naming the
file (and the line, where there is one), exit status 2, no traceback, within
seconds. Before the limits a 773-byte alias bomb took 4.6 GB and 40 s and
printed a 980 MB message; ``/dev/zero`` never returned.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

resource = pytest.importorskip("resource")  # POSIX only

ADDRESS_SPACE = 2 * 2**30
TIMEOUT = 60  # seconds a check may take before its process is killed
CHECK_SECONDS = 10  # for a check to count as quick (the machine may be busy)

# One child imports framing once, then forks a process per hostile file: each
# fork caps its address space, sets an alarm, runs the command and writes what
# happened (exit status, output, seconds, its peak RSS) to <name>.json.
_CHILD = textwrap.dedent(f"""
    import contextlib, io, json, os, resource, signal, sys, time, traceback
    from framing.cli import main

    def peak_mb():
        # VmHWM: this process's own peak (ru_maxrss can carry a parent's, kept over execve)
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status
                        if line.startswith("VmHWM:")) / 1024

    cases = json.loads(open(sys.argv[1], encoding="utf-8").read())
    folder = os.path.dirname(sys.argv[1])
    for case in cases:
        pid = os.fork()
        if pid == 0:
            resource.setrlimit(resource.RLIMIT_AS, ({ADDRESS_SPACE}, {ADDRESS_SPACE}))
            signal.alarm({TIMEOUT})
            os.environ.update(case["env"])
            err, out = io.StringIO(), io.StringIO()
            start = time.perf_counter()
            try:
                with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
                    code = main(case["argv"] or ["lexicon", "check", case["path"]])
            except BaseException:
                code, err = "crashed", io.StringIO(traceback.format_exc()[-3000:])
            result = {{"code": code, "stderr": err.getvalue(), "stdout": out.getvalue(),
                      "seconds": time.perf_counter() - start,
                      "peak_mb": peak_mb()}}
            with open(os.path.join(folder, case["name"] + ".json"), "w") as handle:
                json.dump(result, handle)
            os._exit(0)
        _, status = os.waitpid(pid, 0)
        if status:
            with open(os.path.join(folder, case["name"] + ".json"), "w") as handle:
                json.dump({{"code": "died", "stderr": f"wait status {{status}}"}}, handle)
""")


def _build_cases(folder: Path) -> list[dict]:
    """The hostile files: name, path and environment of each check."""
    cases = []

    def case(name: str, path: Path | str, argv: list[str] | None = None, **env: str) -> None:
        cases.append({"name": name, "path": str(path), "argv": argv, "env": env})

    laughs = _laughs("a", "مسلح")
    bomb = folder / "bomb.yaml"
    bomb.write_text(
        "name: bomb\nword_lists:\n" + "".join(f"  {line}\n" for line in laughs)
        + "dimensions:\n  - id: d\n    categories:\n      - id: c\n        terms:\n"
        "          - family: مسلح\n            forms: *a8\n", encoding="utf-8")
    case("bomb", bomb)
    quanteda = folder / "dictionary.yml"
    quanteda.write_text("\n".join(_laughs("k", "حرب")) + "\n", encoding="utf-8")
    case("quanteda", quanteda)
    lines = ["m0: &m0 {a: x, b: x, c: x, d: x, e: x, f: x, g: x, h: x, i: x, j: x}"]
    for i in range(1, 8):
        keys = ", ".join(f"k{k}: *m{i - 1}" for k in range(10))
        lines.append(f"m{i}: &m{i} {{{keys}}}")
    mappings = folder / "mappings.yaml"
    mappings.write_text("\n".join(lines) + "\n", encoding="utf-8")
    case("mappings", mappings)
    case("dev_zero", "/dev/zero")
    for suffix in ("yaml", "dic"):
        fifo = folder / f"pipe.{suffix}"
        os.mkfifo(fifo)  # opening it for reading would wait for a writer forever
        case(f"fifo_{suffix}", fifo)
        huge = folder / f"huge.{suffix}"
        with huge.open("wb") as handle:  # sparse: 25 MB that cost no disk
            handle.truncate(25 * 2**20)
        case(f"huge_{suffix}", huge)
    padded = folder / "padded.yaml"
    padded.write_text(
        "name: small\ndimensions:\n  - id: d\n    categories:\n      - id: c\n"
        "        terms: [مسلح]\n" + "# padding\n" * 150_000, encoding="utf-8")
    case("padded_1mb", padded, FRAMING_MAX_LEXICON_MB="1")
    case("padded_2mb", padded, FRAMING_MAX_LEXICON_MB="2")
    case("padded_bad_limit", padded, FRAMING_MAX_LEXICON_MB="lots")
    many = folder / "many.yaml"
    many.write_text("forms: [" + ", ".join(["اب"] * 60_000) + "]\n", encoding="utf-8")
    case("many", many, FRAMING_MAX_LEXICON_MB="2")  # 50,000 entries allowed
    for depth in (500, 100_000):
        deep = folder / f"deep{depth}.yaml"
        deep.write_text("forms: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
        case(f"deep{depth}", deep)
    loop = folder / "loop.yaml"
    loop.write_text("name: loop\nword_lists:\n  a: &a [مسلح, *a]\n", encoding="utf-8")
    case("loop", loop)
    word = folder / "word.yaml"
    word.write_text("name: w\ndimensions:\n  - id: d\n    categories:\n      - id: c\n"
                    "        terms:\n          - family: x\n            forms: ["
                    + "ب" * 3_000_000 + "]\n", encoding="utf-8")
    case("word", word)
    # the lexicon's own reuse: one word list of 2,000 words in 100 terms, 36 kB
    words = ", ".join(f"كلمة{chr(0x628 + k // 28)}{chr(0x628 + k % 28)}" for k in range(2000))
    listed = folder / "listed.yaml"
    listed.write_text(
        f"name: listed\nword_lists:\n  big: [{words}]\ndimensions:\n  - id: d\n"
        "    categories:\n      - id: c\n        terms:\n"
        + "".join(f"          - family: f{k}\n            forms: ['@big']\n" for k in range(100)),
        encoding="utf-8")
    case("word_lists", listed)
    # 30 words of 10 alternatives: 10**30 patterns if exported
    phrase = " ".join("|".join(f"كلمة{chr(0x628 + w)}{chr(0x628 + a)}" for a in range(10))
                      for w in range(30))
    combinations = folder / "phrase.yaml"
    combinations.write_text(
        "name: phrase\ndimensions:\n  - id: d\n    categories:\n      - id: c\n"
        f"        terms:\n          - phrase: \"{phrase}\"\n", encoding="utf-8")
    case("phrase_export", combinations,
         ["lexicon", "export", str(combinations), "--to", "quanteda", "--out",
          str(folder / "phrase.yml")])
    dic = folder / "many.dic"
    dic.write_text("%\n1\tgroup\n%\n" + "كلمة\t99\n" * 50_000, encoding="utf-8")
    case("liwc_problems", dic)
    return cases


@pytest.fixture(scope="module")
def checks(tmp_path_factory) -> dict[str, dict]:
    """Every hostile file checked in its own memory-capped process: name -> result."""
    folder = tmp_path_factory.mktemp("hostile-lexicons")
    cases = _build_cases(folder)
    spec = folder / "cases.json"
    spec.write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(spec)], capture_output=True,
                          text=True, timeout=TIMEOUT * len(cases))
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = {}
    for case in cases:
        result = json.loads((folder / f"{case['name']}.json").read_text(encoding="utf-8"))
        assert result["code"] not in ("crashed", "died"), (case["name"], result["stderr"])
        result["path"] = case["path"]
        results[case["name"]] = result
        print(f"{case['name']}: peak RSS {result['peak_mb']:.0f} MB, "
              f"check {result['seconds']:.2f} s")  # shown with pytest -s
    return results


def assert_clean_error(result: dict, *fragments: str, named: str | None = None) -> str:
    """One ``framing: error:`` line naming the file, exit 2, quick, short; the message."""
    assert result["code"] == 2
    lines = result["stderr"].splitlines()
    assert len(lines) == 1 and lines[0].startswith("framing: error: "), lines[:3]
    assert (named or result["path"]) in lines[0]
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    assert len(lines[0]) < 1_000
    assert result["seconds"] < CHECK_SECONDS
    assert result["stdout"] == ""
    return lines[0]


def _laughs(anchor: str, leaf: str, levels: int = 9, width: int = 10) -> list[str]:
    """``name0: &name0 [leaf, ...]``, then each level ten aliases of the one before."""
    lines = [f"{anchor}0: &{anchor}0 [{', '.join([leaf] * width)}]"]
    for i in range(1, levels):
        lines.append(f"{anchor}{i}: &{anchor}{i} [{', '.join([f'*{anchor}{i - 1}'] * width)}]")
    return lines


def test_alias_bomb_in_forms_is_refused_at_its_line(checks):
    result = checks["bomb"]
    assert Path(result["path"]).stat().st_size < 1_000  # 10**9 words in under a kilobyte
    # the fourth level (a3, line 6) is the first whose aliases add up to more than
    # 10,000 entries: 110 + 1,110 + 8 x 1,111
    assert_clean_error(result, "line 6, column", "aliases", "10,000 entries", "word_lists")
    assert result["peak_mb"] < 500


def test_alias_bomb_in_quanteda_dictionary(checks):
    assert_clean_error(checks["quanteda"], "line 4, column", "aliases")
    assert checks["quanteda"]["peak_mb"] < 500


def test_alias_bomb_of_mappings(checks):
    """Aliases of mappings multiply as much as aliases of lists."""
    assert_clean_error(checks["mappings"], "aliases", "line 4, column")


def test_dev_zero_is_refused_without_reading(checks):
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    assert_clean_error(checks["dev_zero"], "is a device, not a regular file")
    assert checks["dev_zero"]["peak_mb"] < 500


@pytest.mark.parametrize("suffix", ["yaml", "dic"])
def test_fifo_is_refused_without_blocking(checks, suffix):
    assert_clean_error(checks[f"fifo_{suffix}"], "FIFO", "not a regular file")


@pytest.mark.parametrize("suffix", ["yaml", "dic"])
def test_file_over_the_size_limit_is_refused_unread(checks, suffix):
    result = checks[f"huge_{suffix}"]
    assert_clean_error(result, "25.0 MB", "20 MB limit", "FRAMING_MAX_LEXICON_MB")
    assert result["peak_mb"] < 500


def test_the_size_limit_can_be_raised_and_lowered(checks):
    assert Path(checks["padded_1mb"]["path"]).stat().st_size > 2**20
    assert_clean_error(checks["padded_1mb"], "1 MB limit")
    result = checks["padded_2mb"]
    assert result["code"] == 0 and result["stdout"].startswith("small: 1 dimensions")
    assert_clean_error(checks["padded_bad_limit"], "positive number of megabytes",
                       named="FRAMING_MAX_LEXICON_MB")


def test_too_many_entries_stop_while_reading(checks):
    """Entries cost memory however small the file: 25,000 are allowed per MB of the limit."""
    assert_clean_error(checks["many"], "line 1, column", "more than 50,000 YAML entries",
                       "FRAMING_MAX_LEXICON_MB")


def test_deep_nesting_is_refused(checks):
    assert_clean_error(checks["deep500"], "line 1, column 47:", "nested more than 40 levels")
    # deeper still, libyaml's own limit (1,000 levels) speaks first
    assert_clean_error(checks["deep100000"], "line 1, column", "nesting depth")


def test_recursive_alias_is_refused(checks):
    assert_clean_error(checks["loop"], "line 3, column", "inside its own anchor")


def test_megabyte_word_gives_a_short_message(checks):
    message = assert_clean_error(checks["word"], "line 8", "3,000,000 characters",
                                 "at most 100")
    assert message.count("ب") <= 400


def test_liwc_with_many_bad_lines_gives_a_bounded_message(checks):
    result = checks["liwc_problems"]
    assert result["code"] == 2
    err = result["stderr"]
    assert err.startswith(f"framing: error: {result['path']}: 50000 problem(s)")
    assert "line 4: 'كلمة' refers to category 99" in err
    assert err.rstrip().endswith("... and 49,950 more problem(s)")
    assert len(err) < 40_000 and result["seconds"] < 30


def test_word_list_in_many_terms_is_refused_before_the_matcher_is_built(checks):
    """2,000 words in each of 100 terms: 200,000 forms, 31 million in the matcher."""
    result = checks["word_lists"]
    assert Path(result["path"]).stat().st_size < 40_000
    assert_clean_error(result, "line 110:", "more than 100,000 words")
    assert result["peak_mb"] < 500


def test_export_of_a_phrase_with_10_to_the_30_combinations_is_refused(checks):
    result = checks["phrase_export"]
    assert_clean_error(result, "line 7: the phrase of term",
                       "1,000,000,000,000,000,000,000,000,000,000 patterns", "at most 2,000,000")
    assert not Path(result["path"]).with_suffix(".yml").exists()
    assert result["peak_mb"] < 500
