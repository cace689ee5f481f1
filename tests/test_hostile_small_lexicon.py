"""Small lexicons that would mislead the matcher: empty-once-normalised words, regex syntax.

A term made only of diacritics, tatweel or invisible characters normalises to
nothing; with the proclitics it would then match every bare و, ف, ب in the
corpus. Such words are errors naming the file, the line and the word. Words
written like regular expressions (``الجيش.*``, ``(مسلح|ارهابي)``) can never
match (the text is cut into words at punctuation): they load, with a
LexiconWarning saying what to write instead. Error messages stay short
whatever the file holds.
"""

from __future__ import annotations

import re
import textwrap
import warnings

import pytest

import framing
from framing.cli import main
from framing.lexicon import LexiconError, LexiconWarning, load_lexicon
from framing.lexicon_formats import LexiconConversionWarning, read_liwc, read_quanteda

SHADDA_FATHA = "\u0651\u064e"
TATWEEL = "\u0640"


def lexicon_file(tmp_path, terms: str, name: str = "hostile.yaml", extra: str = ""):
    """A one-category lexicon whose ``terms:`` block is ``terms`` (indented YAML)."""
    path = tmp_path / name
    body = textwrap.indent(textwrap.dedent(terms).strip("\n"), " " * 10)
    path.write_text(
        f"name: hostile\n{extra}dimensions:\n  - id: d\n    categories:\n      - id: c\n"
        f"        terms:\n{body}\n", encoding="utf-8")
    return path


def cli_error(path, capsys) -> str:
    """The one error line of ``framing lexicon check path`` (exit status 2)."""
    assert main(["lexicon", "check", str(path)]) == 2
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("framing: error: "), captured.err
    assert "Traceback" not in captured.err and captured.out == ""
    return lines[0]


# -- words that normalise to nothing ----------------------------------------------------


@pytest.mark.parametrize(("word", "why"), [
    (SHADDA_FATHA, "every bare proclitic"),  # diacritics only
    (TATWEEL * 3, "every bare proclitic"),
    ("\u200b\u200c\u2060", "every bare proclitic"),  # zero-width characters
    (TATWEEL + "\u064b\u200d", "every bare proclitic"),  # a mix of them
    ("...", "only punctuation or symbols"),
    ("؟!", "only punctuation or symbols"),
])
def test_family_form_empty_once_normalised_is_an_error(tmp_path, capsys, word, why):
    path = lexicon_file(tmp_path, f"""
        - family: مسلح
          forms: [مسلح, "{word}"]
    """)
    with pytest.raises(LexiconError) as info:
        load_lexicon(path)
    assert info.value.problems == [
        f"line 8: term of category 'c' 'مسلح': the word {word!r} "
        + ("is empty once diacritics, tatweel and invisible characters are removed, so it "
           "would match every bare proclitic (و, ف, ب, ل ...)"
           if why == "every bare proclitic" else
           "has no letter or digit (only punctuation or symbols), so it can never match a word")
        + "; remove it or write the word it stands for"
    ]
    message = cli_error(path, capsys)
    assert message.startswith(f"framing: error: {path}: line 8: ") and repr(word) in message


def test_empty_words_everywhere_else_are_errors_too(tmp_path):
    """Shorthand terms, phrase alternatives, context words, exclusions and word lists."""
    path = lexicon_file(tmp_path, f"""
        - "{TATWEEL * 2}"
        - phrase: "جماعة|{SHADDA_FATHA} مسلحة"
        - family: ارهابي
          not_preceded_by: ["{TATWEEL}"]
        - family: مقاتل
          exclude: ["مقاتل \u200b"]
        - phrase: "@bad حلب"
    """, extra=f"word_lists:\n  bad: [مدينة, \"{SHADDA_FATHA}\"]\n")
    with pytest.raises(LexiconError) as info:
        load_lexicon(path)
    lines = [p.split(":")[0] for p in info.value.problems]
    assert lines == ["line 3", "line 9", "line 10", "line 12", "line 14"]
    assert "word list 'bad'" in info.value.problems[0]
    assert all("every bare proclitic" in p for p in info.value.problems)


def test_word_and_phrase_length_limits(tmp_path):
    long_word = "ب" * 101
    path = lexicon_file(tmp_path, f"""
        - family: x
          forms: [{long_word}]
        - phrase: "{' '.join(['حرب'] * 31)}"
    """)
    with pytest.raises(LexiconError) as info:
        load_lexicon(path)
    assert info.value.problems[0].startswith("line 8: term of category 'c' 'x': a word of 101 "
                                             "characters ('بببب")
    assert info.value.problems[0].endswith("a word has at most 100")
    assert info.value.problems[1].startswith("line 9: term of category 'c': the phrase 'حرب حرب")
    assert "has 31 words; a phrase has at most 30" in info.value.problems[1]
    assert len(info.value.problems[1]) < 700


# -- words written like regular expressions ----------------------------------------------


REGEX_WORDS = ["الجيش.*", "(مسلح|ارهابي)", "[ا-ي]+", "\\bالجيش", "^حلب$", "مسلح{2}"]


def test_regex_looking_words_warn_that_they_never_match(tmp_path, seed_texts):
    terms = "\n".join(f"- family: f{k}\n  forms: ['{w}']" for k, w in enumerate(REGEX_WORDS))
    path = lexicon_file(tmp_path, terms)
    with pytest.warns(LexiconWarning) as record:
        lexicon = load_lexicon(path)
    assert len(record) == 1
    message = str(record[0].message)
    assert message.startswith(f"{path}: 6 word(s) look like regular expressions and can never "
                              "match: 'الجيش.*' (line 8), '(مسلح|ارهابي)' (line 10), ")
    assert "and 1 more" in message
    assert "Terms are literal words, not regular expressions" in message
    assert "end a form with * for any ending" in message and "as a|b" in message
    # they load, but nothing of the seed articles matches them
    matcher = framing.Matcher(lexicon)
    assert all(matcher.find(text) == [] for text in seed_texts.values())
    assert any("الجيش" in text and "مسلح" in text for text in seed_texts.values())


def test_regex_alternatives_in_a_phrase_warn(tmp_path):
    path = lexicon_file(tmp_path, """
        - phrase: "(جماعة|جماعات) مسلحة"
    """)
    with pytest.warns(LexiconWarning, match=r"2 word\(s\) look like regular expressions.*"
                                            r"'\(جماعة' \(line 7\), 'جماعات\)' \(line 7\)"):
        load_lexicon(path)


def test_other_punctuation_warns_to_split_into_a_phrase(tmp_path):
    path = lexicon_file(tmp_path, """
        - family: داعش-
        - "الجيش،"
    """)
    with pytest.warns(LexiconWarning) as record:
        load_lexicon(path)
    assert [str(r.message) for r in record] == [
        f"{path}: 2 word(s) contain punctuation or symbols, which split words in the text, so "
        "they can never match: 'داعش-' (line 7), 'الجيش،' (line 8). Write the parts as a "
        "phrase with spaces, or leave the punctuation out."
    ]


def test_the_lexicon_syntax_itself_gives_no_warning(tmp_path, seed_texts):
    """``|`` between phrase alternatives, a trailing ``*``, ``@lists`` are syntax, not regex."""
    path = lexicon_file(tmp_path, """
        - phrase: "@groups مسلحة|المسلحة"
        - family: مسلح
          forms: [مسلح*]
    """, extra="word_lists:\n  groups: [جماعة, جماعات]\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        lexicon = load_lexicon(path)
        load_lexicon("default")
        for name in framing.available_lexicons():
            load_lexicon(name)
    hits = framing.Matcher(lexicon).find("\n".join(seed_texts.values()))
    assert {h.surface for h in hits} >= {"المسلحين", "الجماعات المسلحة"}


def test_cli_prints_the_warning_and_succeeds(tmp_path, capsys):
    path = lexicon_file(tmp_path, """
        - family: الجيش
          forms: ["الجيش.*", الجيش]
    """)
    assert main(["lexicon", "check", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.err.startswith(f"framing: warning: {path}: 1 word(s) look like regular "
                                   "expressions and can never match: 'الجيش.*' (line 8)")
    assert captured.out.startswith("hostile: 1 dimensions, 1 categories, 1 terms")


# -- imported dictionaries ----------------------------------------------------------------


def test_quanteda_import_refuses_empty_words_and_warns_of_regexes(tmp_path):
    bad = tmp_path / "dictionary.yml"
    bad.write_text(f"war: [حرب, \"{TATWEEL * 2}\"]\npeace: [سلام]\n", encoding="utf-8")
    with pytest.raises(LexiconError) as info:
        read_quanteda(bad)
    assert len(info.value.problems) == 1
    assert info.value.problems[0].startswith("line 1: ")
    assert "every bare proclitic" in info.value.problems[0]
    regex = tmp_path / "regex.yml"
    regex.write_text("war: [حرب, \"[ا-ي]+\"]\n", encoding="utf-8")
    with pytest.warns(LexiconConversionWarning, match=r"never match.*not regular expressions"):
        read_quanteda(regex)


def test_liwc_import_refuses_empty_words(tmp_path):
    dic = tmp_path / "words.dic"
    dic.write_text(f"%\n1\twar\n%\nحرب\t1\n{SHADDA_FATHA}\t1\n", encoding="utf-8")
    with pytest.raises(LexiconError) as info:
        read_liwc(dic)
    assert info.value.problems[0].startswith("line 5: ")
    assert "every bare proclitic" in info.value.problems[0]


# -- bounded messages and odd files ----------------------------------------------------------


def test_thousands_of_problems_give_a_bounded_message(tmp_path):
    terms = "\n".join(f"- family: f{k}\n  forms: ['{TATWEEL * (k % 5 + 1)}']" for k in range(3000))
    path = lexicon_file(tmp_path, terms)
    with pytest.raises(LexiconError) as info:
        load_lexicon(path)
    assert len(info.value.problems) == 3000
    message = str(info.value)
    assert message.startswith(f"{path}: 3000 problem(s) in the lexicon:\n  line 8: ")
    assert message.endswith("\n  ... and 2,950 more problem(s)")
    assert message.count("\n") == 51 and len(message) < 30_000


def test_a_huge_nested_value_is_echoed_briefly(tmp_path):
    path = lexicon_file(tmp_path, f"""
        - family: x
          forms: [[{', '.join(['مسلح'] * 5000)}]]
    """)
    with pytest.raises(LexiconError) as info:
        load_lexicon(path)
    (problem,) = info.value.problems
    assert problem == ("line 8: term of category 'c' 'x' has an empty or non-text word "
                       "(['مسلح', 'مسلح', 'مسلح', 'مسلح', ... 4,996 more])")


def test_a_list_as_a_mapping_key_is_a_problem_not_a_crash(tmp_path, capsys):
    path = tmp_path / "key.yaml"
    path.write_text("name: k\n? [a, b]\n: 1\ndimensions: []\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"line 2: a key must be a word, not a list"):
        load_lexicon(path)
    assert "line 2: a key must be a word" in cli_error(path, capsys)


def test_a_folder_and_bad_utf8_are_named(tmp_path, capsys):
    folder = tmp_path / "lexicons"
    folder.mkdir()
    assert cli_error(folder, capsys) == (f"framing: error: {folder}: is a folder, not a lexicon "
                                         "file; name the .yaml or .dic file inside it")
    latin = tmp_path / "latin1.yaml"
    latin.write_bytes("name: x\ndimensions:\n  - id: d\n    label_en: caf\xe9\n".encode("latin-1"))
    assert re.fullmatch(rf"framing: error: {re.escape(str(latin))}: line 4: not valid UTF-8 "
                        r"\(byte 0xe9 at offset \d+\); save the file as UTF-8",
                        cli_error(latin, capsys))


# -- expansion through the lexicon's own syntax --------------------------------------------


def _word(k: int) -> str:
    """A distinct Arabic word for each k (letters of the alphabet as digits)."""
    letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    out = ""
    while True:
        out = letters[k % len(letters)] + out
        k //= len(letters)
        if not k:
            return "كلمة" + out


def test_word_list_referred_to_by_many_terms_is_refused(tmp_path, capsys):
    """2,000 words x 100 terms would be 200,000 forms (x 156 written forms in the matcher)."""
    words = ", ".join(_word(k) for k in range(2000))
    terms = "\n".join(f"- family: f{k}\n  forms: ['@big']" for k in range(100))
    path = lexicon_file(tmp_path, terms, extra=f"word_lists:\n  big: [{words}]\n")
    with pytest.raises(LexiconError) as info:
        load_lexicon(path)
    assert info.value.problems == [
        "line 110: term of category 'c': references to word lists (@name) add up to more "
        "than 100,000 words; a word list referred to by many terms multiplies (each term holds "
        "all its words). Refer to it from fewer terms"]
    message = cli_error(path, capsys)
    assert message.startswith(f"framing: error: {path}: line 110: ")  # the 51st term


def test_export_refuses_a_phrase_of_astronomically_many_combinations(tmp_path, capsys):
    """30 words of 10 alternatives each would be written as 10**30 quanteda patterns."""
    phrase = " ".join("|".join(_word(10 * w + a) for a in range(10)) for w in range(30))
    path = lexicon_file(tmp_path, f'- phrase: "{phrase}"\n- family: حرب')
    lexicon = load_lexicon(path)
    assert len(lexicon.terms[0].slots) == 30
    with pytest.raises(LexiconError) as info:
        framing.lexicon_formats.write_quanteda(lexicon)
    (problem,) = info.value.problems
    assert problem.startswith("line 7: the phrase of term 'c:كلمة")
    assert problem.endswith("would be written as 1,000,000,000,000,000,000,000,000,000,000 "
                            "patterns, one per combination of its alternatives; a dictionary "
                            "file can hold at most 2,000,000. Split the phrase into several "
                            "terms with fewer alternatives")
    out = tmp_path / "out.dic"
    assert main(["lexicon", "export", str(path), "--to", "liwc", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"framing: error: {path}: line 7: the phrase of term ")
    assert not out.exists()


def test_limits_hold_without_libyaml_too(tmp_path):
    """Where PyYAML has no libyaml, its own parser feeds the same checks."""
    import subprocess
    import sys

    bomb = tmp_path / "bomb.yaml"
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"] + [
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    bomb.write_text("\n".join(levels) + "\n", encoding="utf-8")
    code = (
        "import sys\n"
        "sys.modules['yaml._yaml'] = None  # as if PyYAML had been built without libyaml\n"
        "import framing.lexicon as lexicon\n"
        "assert lexicon._CParser is None\n"
        "print(len(lexicon.load_lexicon('default').categories))\n"
        "try:\n"
        "    lexicon.load_lexicon(sys.argv[1])\n"
        "except lexicon.LexiconError as error:\n"
        "    print(error)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(bomb)], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.splitlines() == [
        "27",
        f"{bomb}: line 4, column 45: YAML aliases (*name) here expand to more than 10,000 "
        "entries; aliases of aliases multiply (a 'billion laughs'). Write the words out or use "
        "word_lists with @name",
    ]


def test_an_overlong_lexicon_name_gives_a_short_error(tmp_path, capsys):
    message = cli_error("ب" * 5000, capsys)
    assert message.endswith("... (5,000 characters): cannot be read (File name too long)")
    assert len(message) < 600
    missing = str(tmp_path / ("x" * 200) / "lexicon.yaml")
    assert "x" * 201 not in cli_error(missing, capsys)
