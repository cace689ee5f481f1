"""quanteda YAML and LIWC .dic dictionaries: import, export and round trips.

Round trips are judged by behaviour: the lexicon read back must find the same
spans, in the same categories, in the seed articles and in the codebook's
examples as the lexicon that was written (for what the formats can express).
"""

from __future__ import annotations

import warnings

import pytest
import yaml

import framing
from framing import Lexicon, LexiconError, load_lexicon
from framing.lexicon import CONTEXT_KEYS
from framing.lexicon_formats import (
    TOL_MUTED,
    LexiconConversionWarning,
    looks_like_quanteda,
    quanteda_to_lexicon,
    read_liwc,
    read_quanteda,
    write_liwc,
    write_quanteda,
)

# Words and phrases from the codebook's "counts" column, in a sentence: clitics
# (وللجيش), pronoun suffixes (مقتلهم), the future prefix (سيقتل), phrases.
CODEBOOK_SENTENCE = (
    "قال بيان للجيش إن المتمردين الحوثيين وميليشيات الحوثي أعلنوا مقتلهم، وإن القوات المسلحة "
    "السورية سيقتل جنودها الدواعش الذين قتلوا المدنيين، وسيطرت على مواقع الانقلابيين"
)

SIMPLE_FEATURES = {*CONTEXT_KEYS, "exclude", "weight"}


def spans(lexicon, texts) -> dict[str, list[tuple[int, int, str]]]:
    matcher = framing.Matcher(lexicon)
    return {k: [(h.start, h.end, h.category) for h in matcher.find(t)] for k, t in texts.items()}


def default_subset(keep=None) -> Lexicon:
    """The default lexicon without the terms a dictionary format cannot express.

    ``keep`` limits it to some categories.
    """
    data = load_lexicon("default").to_dict()
    for dimension in data["dimensions"]:
        for category in dimension["categories"]:
            category["terms"] = [t for t in category["terms"] if not SIMPLE_FEATURES & set(t)]
        dimension["categories"] = [
            c for c in dimension["categories"] if c["terms"] and (keep is None or c["id"] in keep)
        ]
    data["dimensions"] = [d for d in data["dimensions"] if d["categories"]]
    return Lexicon.from_dict(data)


@pytest.fixture(scope="module")
def texts(seed_texts) -> dict[str, str]:
    return {**seed_texts, "codebook": CODEBOOK_SENTENCE}


@pytest.fixture(scope="module")
def simple_lexicon() -> Lexicon:
    return default_subset()


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


# -- quanteda import ------------------------------------------------------------------

TWO_LEVELS = """\
Armed groups:
  Terrorists:
    - إرهابي*
    - جماعات مسلحة
  Army: [الجيش]
Territory:
  Control:
    verb: [سيطر*]
    noun: [سيطرة]
  الاحتلال: [احتلال]
"""


def test_two_level_quanteda_file(tmp_path):
    path = write(tmp_path, "frames.yml", TWO_LEVELS)
    lexicon = load_lexicon(path)
    assert [d.id for d in lexicon.dimensions] == ["armed_groups", "territory"]
    assert [d.label_en for d in lexicon.dimensions] == ["Armed groups", "Territory"]
    # deeper keys are flattened; an Arabic key gets a numbered id (5th category)
    assert lexicon.category_ids == ["terrorists", "army", "control_verb", "control_noun",
                                    "category_5"]
    assert [c.label_en for c in lexicon] == ["Terrorists", "Army", "Control / verb",
                                             "Control / noun", "الاحتلال"]
    assert lexicon.category("category_5").label_ar == "الاحتلال"
    assert lexicon.category("army").label_ar == ""
    assert [c.colour for c in lexicon] == list(TOL_MUTED[:5])
    army = lexicon.category("army").terms[0]
    assert (army.forms, army.article) == (("جيش",), "required")
    hits = framing.Matcher(lexicon).find(
        "قال الإرهابيين وللجيش إن جماعات مسلحة سيطرت على الحي، والاحتلال")
    assert [(h.surface, h.category) for h in hits] == [
        ("الإرهابيين", "terrorists"), ("وللجيش", "army"), ("جماعات مسلحة", "terrorists"),
        ("سيطرت", "control_verb"), ("والاحتلال", "category_5"),
    ]
    assert lexicon.category("army").terms[0].line == line_of(TWO_LEVELS, "Army:")


def test_one_level_quanteda_is_one_dimension_named_after_the_file(tmp_path):
    text = "terrorist: [إرهابي, إرهابيين]\nmilitia: [ميليشيا*]\n"
    path = write(tmp_path, "Labels 2016.yml", text)
    lexicon = load_lexicon(path)
    assert [d.id for d in lexicon.dimensions] == ["labels_2016"]
    assert lexicon.dimensions[0].label_en == "Labels 2016"
    assert lexicon.category_ids == ["terrorist", "militia"]
    assert lexicon.name == "Labels 2016"
    data = {"terrorist": ["إرهابي"]}
    assert [d.id for d in quanteda_to_lexicon(data).dimensions] == ["default"]


def test_dimension_named_like_a_category_is_renamed(tmp_path):
    lexicon = load_lexicon(write(tmp_path, "militia.yml", "militia: [ميليشيا]\nrebel: [ثوار]\n"))
    assert [d.id for d in lexicon.dimensions] == ["militia_dimension"]
    assert lexicon.category_ids == ["militia", "rebel"]


def test_clitics_option(tmp_path):
    path = write(tmp_path, "army.yml", "army: [الجيش, ISIS]\n")
    text = "الجيش وللجيش ISIS وISIS"
    ours = framing.Matcher(read_quanteda(path)).find(text)
    exact = framing.Matcher(read_quanteda(path, clitics=False)).find(text)
    assert [h.surface for h in ours] == ["الجيش", "وللجيش", "ISIS"]
    assert [h.surface for h in exact] == ["الجيش", "ISIS"]
    term = read_quanteda(path, clitics=False).category("army").terms[0]
    assert (term.forms, term.article, term.proclitics) == (("الجيش",), "forbidden", False)


def test_quanteda_slug_collision_is_reported(tmp_path):
    text = "Militia: [ميليشيا]\nmilitia : [مليشيا]\n"
    with pytest.raises(LexiconError) as info:
        load_lexicon(write(tmp_path, "c.yml", text), format="quanteda")
    (problem,) = info.value.problems
    assert problem.startswith("line 2:")
    assert "'Militia'" in problem and "'militia'" in problem and "line 1" in problem


def test_quanteda_unsupported_patterns_are_all_reported(tmp_path):
    text = (
        "terrorist:\n  - إرهابي\n  - إره?ابي\n  - إر*هابي\n  - \"جماعة إر*هابي\"\n  - \"*\"\n"
        "militant:\n  - 2016\n  - no\n  - \"مسلح|مسلحين\"\n"
    )
    path = write(tmp_path, "bad.yml", text)
    with pytest.raises(LexiconError) as info:
        load_lexicon(path)
    message = str(info.value)
    assert str(path) in message
    problems = info.value.problems
    assert len(problems) == 7
    # each problem names the line of its value (block lists), in line order
    for value, needle in [("إره?ابي", "'?'"), ("إر*هابي", "inside a word"),
                          ("جماعة إر*هابي", "inside a word"), ("*", "every word")]:
        at = line_of(text, '- "*"') if value == "*" else line_of(text, value)
        assert any(p.startswith(f"line {at}: key 'terrorist'")
                   and repr(value) in p and needle in p for p in problems), value
    for value, needle in [("2016", "int"), ("False", "bool"), ("'مسلح|مسلحين'", "reserves")]:
        at = line_of(text, "no" if value == "False" else value.strip("'"))
        assert any(p.startswith(f"line {at}: key 'militant'") and value in p
                   and needle in p for p in problems), value
    lines = [int(p.split(":")[0].split()[1]) for p in problems]
    assert lines == sorted(lines)


def test_quanteda_mixed_levels_are_an_error(tmp_path):
    text = "terrorist: [إرهابي]\narmy:\n  regular: [الجيش]\n"
    with pytest.raises(LexiconError, match=r"line 1: top-level key 'terrorist' .*'army' \(line 2"):
        load_lexicon(write(tmp_path, "mixed.yml", text), format="quanteda")


def test_quanteda_word_under_two_keys(tmp_path):
    """Counted under both keys (quanteda's semantics); exclusive makes it an error."""
    text = "terrorist: [إرهابي]\nextremist: [متطرف, إرهابي]\n"
    path = write(tmp_path, "two.yml", text)
    lexicon = load_lexicon(path)
    assert lexicon.overlap == "independent"
    hits = framing.Matcher(lexicon).find("قال الإرهابي المتطرف")
    assert [(h.surface, h.category) for h in hits] == [
        ("الإرهابي", "terrorist"), ("الإرهابي", "extremist"), ("المتطرف", "extremist")]
    with pytest.raises(LexiconError) as info:
        load_lexicon(path, overlap="exclusive")
    (problem,) = info.value.problems
    assert problem.startswith("line 2:") and "'إرهابي'" in problem and "line 1" in problem


def test_quanteda_warnings_duplicates_punctuation_empty(tmp_path):
    text = "terrorist: [إرهابي, إرهابي, \"e-mail\", \"(إرهابي)\", \"\\\\w+\"]\nempty: []\n"
    with pytest.warns(LexiconConversionWarning) as record:
        lexicon = load_lexicon(write(tmp_path, "w.yml", text))
    messages = " ".join(str(w.message) for w in record)
    # "(إرهابي)" is matched without its brackets, so it is then the same as إرهابي
    assert "2 pattern(s) listed twice" in messages
    assert "'(إرهابي)'" in messages and "matched without it" in messages
    assert "'\\\\w+'" in messages and "never match" in messages and "glob" in messages
    assert "'empty'" in messages and "left out" in messages
    assert lexicon.category_ids == ["terrorist"]
    assert [t.name for t in lexicon.category("terrorist").terms] == ["إرهابي", "e-mail", "\\w+"]
    # e-mail is cut where the tokeniser cuts the text, so it matches as written
    hits = framing.Matcher(lexicon).find("e-mail الإرهابي, e mail")
    assert [h.surface for h in hits] == ["e-mail", "الإرهابي"]


def test_definite_and_bare_forms_are_merged(tmp_path):
    lexicon = read_quanteda(write(tmp_path, "m.yml", "army: [جيش, الجيش, الجيشين]\n"))
    terms = lexicon.category("army").terms
    assert [(t.forms, t.article) for t in terms] == [(("جيش",), "optional"),
                                                      (("جيشين",), "required")]


def test_looks_like_quanteda():
    assert looks_like_quanteda(yaml.safe_load(TWO_LEVELS))
    assert looks_like_quanteda({"terrorist": ["إرهابي"], "empty": None})
    assert not looks_like_quanteda(load_lexicon("default").to_dict())
    assert not looks_like_quanteda({"name": "x", "dimension": [{"id": "a"}]})
    assert not looks_like_quanteda({"name": ["x"]})
    assert not looks_like_quanteda(["إرهابي"])
    assert not looks_like_quanteda(None)


def test_format_option_forces_quanteda(tmp_path):
    path = write(tmp_path, "names.yml", "name: [اسم]\nlabel: [تسمية]\n")
    with pytest.raises(LexiconError, match="'dimensions' must be a non-empty list"):
        load_lexicon(path)
    assert load_lexicon(path, format="quanteda").category_ids == ["name", "label"]


# -- LIWC import ------------------------------------------------------------------------

LIWC = (
    "\ufeff%\n1\tArmy\n2   Killing words\n3\tunused\n%\n"
    "الجيش\t1\nقتل*\t2\nالقوات المسلحة\t1\nمقتل 2\n"
)


def test_liwc_file(tmp_path):
    path = write(tmp_path, "Frames-2016.dic", LIWC)
    with pytest.warns(LexiconConversionWarning, match="'unused'"):
        lexicon = load_lexicon(path)
    assert [d.id for d in lexicon.dimensions] == ["frames_2016"]
    assert lexicon.category_ids == ["army", "killing_words"]
    assert [c.label_en for c in lexicon] == ["Army", "Killing words"]
    assert [t.line for t in lexicon.terms] == [6, 8, 7, 9]
    hits = framing.Matcher(lexicon).find("قتلى والجيش والقوات المسلحة ومقتل ومقتله")
    assert [(h.surface, h.category) for h in hits] == [
        ("قتلى", "killing_words"), ("والجيش", "army"), ("والقوات المسلحة", "army"),
        ("ومقتل", "killing_words"),
    ]


def test_liwc_arabic_category_names_get_numbered_ids(tmp_path):
    path = write(tmp_path, "ar.dic", "%\n10\tقتل\n20\tجيش\n%\nقتلى\t10\nالجيش\t20\n")
    lexicon = read_liwc(path)
    assert lexicon.category_ids == ["category_10", "category_20"]
    assert [c.label_ar for c in lexicon] == ["قتل", "جيش"]


def test_liwc_word_in_several_categories(tmp_path):
    text = "%\n1\tkilling\n2\tarmy\n%\nقتل\t1 2\nجيش\t2\nجيش\t1\nمقتل\t1\n"
    path = write(tmp_path, "c.dic", text)
    lexicon = read_liwc(path)  # LIWC's counting: in each category it lists
    assert [t.name for t in lexicon.category("killing").terms] == ["قتل", "جيش", "مقتل"]
    assert [t.name for t in lexicon.category("army").terms] == ["قتل", "جيش"]
    with pytest.raises(LexiconError) as info:
        read_liwc(path, overlap="exclusive")
    assert str(path) in str(info.value)
    problems = info.value.problems
    assert len(problems) == 2
    assert problems[0].startswith("line 5: 'قتل'") and "on_conflict='first'" in problems[0]
    assert "overlap='independent'" in problems[0]
    assert problems[1].startswith("line 6: 'جيش'") and "line 7" in problems[1]
    with pytest.warns(LexiconConversionWarning, match=r"2 word\(s\) listed under several"):
        lexicon = load_lexicon(path, overlap="exclusive", on_conflict="first")
    assert [t.name for t in lexicon.category("killing").terms] == ["قتل", "مقتل"]
    assert [t.name for t in lexicon.category("army").terms] == ["جيش"]


def test_liwc_word_repeated_in_one_category_is_kept_once(tmp_path):
    path = write(tmp_path, "r.dic", "%\n1\tkilling\n%\nقتل\t1\nمقتل\t1\nقتل\t1\n")
    with pytest.warns(LexiconConversionWarning, match=r"1 pattern\(s\) listed twice"):
        lexicon = read_liwc(path)
    assert [t.name for t in lexicon.terms] == ["قتل", "مقتل"]


def test_liwc_unsupported_lines(tmp_path):
    text = "%\n1\tfunct\n2\tsocial\nthree\tverb\n%\nlike\t(02 134)152/888\nkind of\t1\nz\t7\nq\n"
    path = write(tmp_path, "liwc2015.dic", text)
    with pytest.raises(LexiconError) as info:
        read_liwc(path)
    problems = info.value.problems  # what breaks the file's structure
    assert problems[0].startswith("line 4:") and "number<TAB>category name" in problems[0]
    assert problems[1].startswith("line 8:") and "category 7" in problems[1]
    assert len(problems) == 2


def test_liwc_2015_conditional_codes_and_entries_without_codes_are_warned_about(tmp_path):
    """They do not prevent loading: each is named with its line, and nothing else is lost."""
    text = ("%\n1\tfunct\n2\tsocial\n%\nlike\t(02 134)152/888\nkind\t1\t(02 134)2/1\n"
            "kind of\t1\nq\n")
    path = write(tmp_path, "liwc2015.dic", text)
    with pytest.warns(LexiconConversionWarning) as record:
        lexicon = read_liwc(path)
    messages = " ".join(str(w.message) for w in record)
    assert str(path) in messages
    assert ("2 entr(y/ies) have codes that are not plain category numbers" in messages
            and "'like' (line 5: '(02 134)152/888')" in messages
            and "'kind' (line 6: '(02 134)2/1')" in messages)
    assert "2 entr(y/ies) have no category to count in" in messages
    assert "'like' (line 5), 'q' (line 8)" in messages
    assert [t.name for t in lexicon.category("funct").terms] == ["kind", "kind of"]
    assert "social" not in lexicon.category_ids


def test_liwc_without_header(tmp_path):
    with pytest.raises(LexiconError, match="starts with a header"):
        read_liwc(write(tmp_path, "n.dic", "قتل\t1\n"))


def test_liwc_undecodable_byte(tmp_path):
    path = tmp_path / "latin.dic"
    path.write_bytes(b"%\n1\ta\n%\nx\t1\ncaf\xe9\t1\n")
    with pytest.raises(LexiconError) as info:
        read_liwc(path)
    assert str(path) in str(info.value)
    # 12 bytes of header and first entry, then "caf": the é byte is at offset 15
    assert info.value.problems == ["line 5: not valid UTF-8 (byte 0xe9 at offset 15); save the "
                                   "file as UTF-8"]


def test_read_quanteda_undecodable_byte(tmp_path):
    path = tmp_path / "latin.yml"
    path.write_bytes(b"a: [x]\nb: [caf\xe9]\n")
    with pytest.raises(LexiconError, match=r"line 2: not valid UTF-8 \(byte 0xe9 at offset 14\)"):
        read_quanteda(path)


def test_parameters_are_checked(tmp_path):
    path = write(tmp_path, "a.dic", "%\n1\ta\n%\nx\t1\n")
    with pytest.raises(TypeError, match=r"'clitics' parameter .* Got 'no' instead"):
        read_liwc(path, clitics="no")
    with pytest.raises(TypeError, match="'clitics' parameter"):
        quanteda_to_lexicon({"a": ["x"]}, clitics=None)
    with pytest.raises(ValueError, match=r"'on_conflict' parameter .* \{'error', 'first'\}\. "
                                         r"Got 'last' instead"):
        read_liwc(path, on_conflict="last")


# -- export ------------------------------------------------------------------------------


def lossy_term_count(lexicon: Lexicon) -> int:
    return sum(1 for d in lexicon.to_dict()["dimensions"] for c in d["categories"]
               for t in c["terms"] if SIMPLE_FEATURES & set(t))


def test_write_quanteda_default(tmp_path):
    lexicon = load_lexicon("default")
    lost = lossy_term_count(lexicon)
    assert lost > 0
    path = tmp_path / "default.yml"
    with pytest.warns(LexiconConversionWarning, match=f"{lost} of {len(lexicon.terms)} terms"):
        text = write_quanteda(lexicon, path)
    assert path.read_text(encoding="utf-8") == text
    header = text[: text.index("\narmed_group_label:")]
    assert all(line.startswith("# ") for line in header.splitlines())
    assert lexicon.hash in header and f"{lost} of {len(lexicon.terms)} terms" in header
    assert "not_preceded_by" in header and "exclude" in header
    data = yaml.safe_load(text)
    assert list(data) == [d.id for d in lexicon.dimensions]
    assert [c for d in data.values() for c in d] == lexicon.category_ids
    army = data["state_forces_label"]["army"]
    assert "الجيش" in army and "جيش" not in army  # article required
    assert "جيشي" in army and "الجيشي" not in army  # article forbidden
    assert "القوات المسلحة" in army
    terrorist = data["armed_group_label"]["terrorist"]
    assert {"إرهابي", "الإرهابي"} <= set(terrorist)  # article optional
    group_phrases = [v for v in data["armed_group_label"]["militant"] if " " in v]
    assert len(group_phrases) == 2 * len(lexicon.word_lists["group_nouns"])
    assert "جماعات مسلحة" in group_phrases


def test_write_quanteda_expanded():
    data = yaml.safe_load(write_quanteda(default_subset({"army", "killing"}), expand=True))
    army, killing = data["state_forces_label"]["army"], data["death_frame"]["killing"]
    assert {"الجيش", "والجيش", "للجيش", "بالجيش", "والقوات المسلحة"} <= set(army)
    assert "جيش" not in army and "لالجيش" not in army
    assert {"مقتلهم", "سيقتل", "وسيقتل", "قتلوا", "قتلى", "والقتلى"} <= set(killing)


def test_writers_refuse_to_overwrite(tmp_path):
    for writer, name in [(write_quanteda, "x.yml"), (write_liwc, "x.dic")]:
        path = write(tmp_path, name, "keep me\n")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", LexiconConversionWarning)
            with pytest.raises(FileExistsError, match="overwrite=True"):
                writer("default", path)
            assert path.read_text(encoding="utf-8") == "keep me\n"
            text = writer("default", path, overwrite=True)
        assert path.read_text(encoding="utf-8") == text


def test_write_liwc_default():
    lexicon = load_lexicon("default")
    with pytest.warns(LexiconConversionWarning, match="LIWC dictionary cannot express"):
        text = write_liwc(lexicon)
    lines = text.splitlines()
    assert lines[0] == "%" and lines[len(lexicon) + 1] == "%"
    header = [line.split("\t") for line in lines[1: len(lexicon) + 1]]
    assert header == [[str(n), c] for n, c in enumerate(lexicon.category_ids, start=1)]
    entries = [line.split("\t") for line in lines[len(lexicon) + 2:]]
    assert all(len(e) == 2 and 1 <= int(e[1]) <= len(lexicon) for e in entries)
    army_number = str(lexicon.category_ids.index("army") + 1)
    assert ["الجيش", army_number] in entries and ["القوات المسلحة", army_number] in entries


def test_form_of_two_categories_is_kept_under_the_first(tmp_path):
    lexicon = Lexicon.from_dict({"name": "two", "dimensions": [{"id": "opposition_label",
        "categories": [
            {"id": "opposition", "terms": [{"family": "معارضة"}]},
            {"id": "opposition_definite", "terms": [{"family": "المعارضة"}, {"family": "معارض"}]},
        ]}]})
    with pytest.warns(LexiconConversionWarning, match="kept under opposition"):
        exported = write_quanteda(lexicon)
    data = yaml.safe_load(exported)
    assert data["opposition_label"]["opposition"] == ["معارضة", "المعارضة"]
    assert data["opposition_label"]["opposition_definite"] == ["معارض", "المعارض"]
    text = {"t": "قالت المعارضة ومعارضة المعارض"}
    back = read_quanteda(write(tmp_path, "two.yml", exported))
    assert spans(back, text) == spans(lexicon, text) == {
        "t": [(5, 13, "opposition"), (14, 21, "opposition"), (22, 29, "opposition_definite")]}


# -- round trips --------------------------------------------------------------------------


def without_affixed(codebook_spans):
    """The codebook sentence's spans minus those a suffix or the future prefix made.

    Forms written as listed do not carry the pronoun suffixes and the future
    prefix that the default lexicon allows, so مقتلهم and سيقتل are lost.
    """
    affixed = {"مقتلهم", "سيقتل"}
    kept = [s for s in codebook_spans if CODEBOOK_SENTENCE[s[0]:s[1]] not in affixed]
    assert len(kept) == len(codebook_spans) - len(affixed)
    return kept


def test_quanteda_round_trip(tmp_path, simple_lexicon, texts):
    path = tmp_path / "simple.yml"
    write_quanteda(simple_lexicon, path)
    back = load_lexicon(path)
    assert back.overlap == "exclusive"  # from the file's header
    assert back.category_ids == simple_lexicon.category_ids
    assert [d.id for d in back.dimensions] == [d.id for d in simple_lexicon.dimensions]
    expected = spans(simple_lexicon, texts)
    assert sum(map(len, expected.values())) > 100
    assert spans(back, texts) == {**expected, "codebook": without_affixed(expected["codebook"])}


def test_liwc_round_trip(tmp_path, simple_lexicon, texts):
    path = tmp_path / "simple.dic"
    write_liwc(simple_lexicon, path)
    back = load_lexicon(path, overlap="exclusive")  # a .dic file cannot say so itself
    assert load_lexicon(path).overlap == "independent"
    assert back.category_ids == simple_lexicon.category_ids
    assert len(back.dimensions) == 1
    expected = spans(simple_lexicon, texts)
    assert spans(back, texts) == {**expected, "codebook": without_affixed(expected["codebook"])}


@pytest.mark.parametrize("writer", [write_quanteda, write_liwc])
def test_independent_round_trip_keeps_shared_words_and_split_words(tmp_path, writer):
    text = ("Oman: [عمان, \"سلطنة عمان\"]\nAmman: [عمان]\n"
            "Ivory Coast: [\"Côte d'Ivoire\", \"south african*\"]\n")
    lexicon = load_lexicon(write(tmp_path, "places.yml", text))
    sentence = "زار عمان وسلطنة عمان ثم Côte d’Ivoire مع South Africans"
    expected = spans(lexicon, {"s": sentence})
    assert [sentence[a:b] for a, b, _ in expected["s"]] == [
        "عمان", "عمان", "وسلطنة عمان", "عمان", "Côte d’Ivoire", "South Africans"]
    path = tmp_path / ("back.yml" if writer is write_quanteda else "back.dic")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing is lost: no warning
        writer(lexicon, path)
    back = load_lexicon(path)
    assert back.overlap == "independent"
    assert spans(back, {"s": sentence}) == expected


@pytest.mark.parametrize("writer", ["quanteda", "liwc"])
def test_expanded_round_trip_is_exact(tmp_path, texts, writer):
    lexicon = default_subset({"army", "government", "daesh", "houthi", "killing"})
    expected = spans(lexicon, texts)
    assert any(CODEBOOK_SENTENCE[s:e] == "مقتلهم" for s, e, _ in expected["codebook"])
    assert any(CODEBOOK_SENTENCE[s:e] == "سيقتل" for s, e, _ in expected["codebook"])
    if writer == "quanteda":
        path = tmp_path / "expanded.yml"
        write_quanteda(lexicon, path, expand=True)
        back = read_quanteda(path, clitics=False)
    else:
        path = tmp_path / "expanded.dic"
        write_liwc(lexicon, path, expand=True)
        back = read_liwc(path, clitics=False)
    assert all(t.proclitics is False for t in back.terms if t.kind == "family")
    assert spans(back, texts) == expected


def test_imported_lexicon_is_the_one_from_dict_builds(tmp_path):
    """Imports build their lexicon directly (fast for big dictionaries): the same terms,
    categories and hash as validating the same data through Lexicon.from_dict."""
    from dataclasses import replace

    places = ("Oman: [عمان, \"سلطنة عمان\"]\nAmman: [عمان, الأردن]\n"
              "Africa: [\"Côte d'Ivoire\", \"south african*\"]\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LexiconConversionWarning)
        lexicons = [load_lexicon(write(tmp_path, "a.yml", TWO_LEVELS)),
                    load_lexicon(write(tmp_path, "b.dic", LIWC)),
                    load_lexicon(write(tmp_path, "c.yml", places)),
                    load_lexicon(tmp_path / "c.yml", clitics=False)]
    for lexicon in lexicons:
        again = Lexicon.from_dict(lexicon.to_dict(), source=lexicon.source)
        assert [replace(t, line=None) for t in lexicon.terms] == [
            replace(t, line=None) for t in again.terms]
        assert lexicon.categories_table().equals(again.categories_table())
        assert (again.hash, again.overlap, again.language) == (
            lexicon.hash, lexicon.overlap, lexicon.language)
