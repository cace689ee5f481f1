"""The YAML lexicon loader: the default lexicon, validation messages, hashing, writing.

Bad lexicons are written to ``tmp_path`` from a small valid lexicon, changed in
one place each; the expected line numbers are found in the written text, so
each test checks that the error points at the line a user would have to edit.
"""

from __future__ import annotations

import re

import pytest
import yaml

import framing
from conftest import SHARED
from framing import Lexicon, LexiconError, available_lexicons, load_lexicon

CODEBOOK = SHARED / "codebook.md"
# the Yemen war section: two more dimensions and one more houthi_label category
CODEBOOK_YEMEN = SHARED / "codebook_yemen.md"

TINY = """\
name: tiny
word_lists:
  group_nouns: [جماعة, جماعات]
dimensions:
  - id: armed_group_label
    label_en: How armed groups are named
    label_ar: تسمية الجماعات المسلحة
    categories:
      - id: terrorist
        label_en: terrorist
        label_ar: إرهابي
        colour: "#882255"
        terms:
          - family: إرهابي
            forms: [إرهابي, إرهابيين]
      - id: militant
        label_en: militant
        label_ar: مسلح
        colour: "#CC6677"
        terms:
          - family: مسلحين
            forms: [مسلحين, مسلحون]
          - phrase: "@group_nouns مسلحة"
"""


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based number of the line holding the ``occurrence``-th ``needle``."""
    found = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(found) >= occurrence, f"{needle!r} not in the test lexicon"
    return found[occurrence - 1]


def write(tmp_path, text: str, name: str = "lexicon.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load_error(tmp_path, text: str) -> LexiconError:
    path = write(tmp_path, text)
    with pytest.raises(LexiconError) as info:
        load_lexicon(path)
    assert str(path) in str(info.value), "the error must name the file"
    return info.value


def problem_on(error: LexiconError, line: int, *needles: str) -> str:
    """The one problem reported on ``line`` that mentions every needle."""
    matches = [p for p in error.problems
               if re.match(rf"line {line}\b", p) and all(n in p for n in needles)]
    assert matches, f"no problem on line {line} mentioning {needles}: {error.problems}"
    return matches[0]


def _codebook_sections(path) -> dict[str, list[str]]:
    """Dimension id -> category ids of one codebook file, in the file's order.

    A dimension is a heading "### id — ..." (or "### id (one more category)",
    which adds to a dimension of another file); its categories are the ids in
    the first column of the table under it.
    """
    if not path.is_file():
        pytest.skip(f"codebook not found at {path}")
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^### ([a-z_]+)\b", line)
        if heading:
            current = sections.setdefault(heading.group(1), [])
            continue
        row = re.match(r"^\| `([a-z_]+)` \|", line)
        if row and current is not None:
            current.append(row.group(1))
    return sections


def codebook_ids() -> tuple[list[str], list[str]]:
    """Dimension ids and category ids, in order, from both codebook files.

    Dimensions in the order they first appear (codebook.md, then the Yemen
    section), each with its categories from both files: the lexicon's order.
    """
    merged: dict[str, list[str]] = {}
    for path in (CODEBOOK, CODEBOOK_YEMEN):
        for dimension, categories in _codebook_sections(path).items():
            merged.setdefault(dimension, []).extend(categories)
    return list(merged), [c for categories in merged.values() for c in categories]


# -- the default lexicon ----------------------------------------------------------


def test_tiny_lexicon_is_valid_and_matches():
    lexicon = Lexicon.from_dict(yaml.safe_load(TINY))
    hits = framing.Matcher(lexicon).find("هاجمت جماعات مسلحة مواقع الإرهابيين")
    assert [(h.surface, h.category) for h in hits] == [
        ("جماعات مسلحة", "militant"), ("الإرهابيين", "terrorist"),
    ]


def test_default_lexicon_follows_the_codebook():
    lexicon = load_lexicon("default")
    main = _codebook_sections(CODEBOOK)
    yemen = _codebook_sections(CODEBOOK_YEMEN)
    assert len(main) == 6 and sum(map(len, main.values())) == 20  # the codebooks themselves
    assert list(yemen) == ["coalition_label", "yemen_forces_label", "houthi_label"]
    assert sum(map(len, yemen.values())) == 7
    dimensions, categories = codebook_ids()
    assert len(dimensions) == 8 and len(categories) == 27
    assert [d.id for d in lexicon.dimensions] == dimensions
    assert lexicon.category_ids == categories
    assert len(lexicon) == 27
    assert [c.id for c in lexicon.dimensions[3].categories] == [
        "houthi", "ansar_allah", "putschist", "popular_committees"]


def test_default_categories_have_labels_and_colours():
    lexicon = load_lexicon("default")
    for category in lexicon:
        assert category.label_en.strip() and category.label_ar.strip(), category.id
        assert re.fullmatch(r"#[0-9A-Fa-f]{6}", category.colour), category.id
        assert category.terms, category.id
    for dimension in lexicon.dimensions:
        colours = [c.colour.upper() for c in dimension.categories]
        assert len(set(colours)) == len(colours), f"two categories share a colour in {dimension.id}"


def test_available_lexicons_lists_default():
    names = available_lexicons()
    assert "default" in names
    assert load_lexicon("default").name == "default"


def test_unknown_lexicon_name_lists_the_shipped_ones():
    with pytest.raises(FileNotFoundError, match=r"Shipped lexicons: .*default"):
        load_lexicon("no-such-lexicon")


# -- validation: every problem names the file, the line and the entry ----------------


def test_unknown_keys(tmp_path):
    text = TINY.replace("name: tiny", "nmae: tiny").replace(
        "            forms: [مسلحين, مسلحون]",
        "            forms: [مسلحين, مسلحون]\n            spelling: loose",
    )
    error = load_error(tmp_path, text)
    problem_on(error, line_of(text, "nmae:"), "unknown key 'nmae'", "top level")
    problem_on(error, line_of(text, "spelling:"), "unknown key 'spelling'", "'militant'")


def test_duplicate_category_id(tmp_path):
    text = TINY.replace("- id: militant", "- id: terrorist")
    error = load_error(tmp_path, text)
    first = line_of(text, "- id: terrorist", 1)
    problem = problem_on(error, line_of(text, "- id: terrorist", 2), "duplicate id 'terrorist'")
    assert f"line {first}" in problem


def test_duplicate_yaml_key(tmp_path):
    text = TINY.replace("        label_en: militant\n",
                        "        label_en: militant\n        label_en: gunmen\n")
    error = load_error(tmp_path, text)
    problem = problem_on(error, line_of(text, "label_en: gunmen"), "'label_en'", "twice")
    assert f"line {line_of(text, 'label_en: militant')}" in problem


def test_empty_terms_list(tmp_path):
    text = TINY.replace(
        "        terms:\n          - family: مسلحين\n            forms: [مسلحين, مسلحون]\n"
        "          - phrase: \"@group_nouns مسلحة\"\n",
        "        terms: []\n",
    )
    error = load_error(tmp_path, text)
    problem_on(error, line_of(text, "- id: militant"), "'militant'", "non-empty 'terms'")


def test_empty_forms(tmp_path):
    text = TINY.replace("forms: [إرهابي, إرهابيين]", "forms: []")
    error = load_error(tmp_path, text)
    problem_on(error, line_of(text, "forms: []"), "'إرهابي'", "no forms")


def test_empty_word_in_forms(tmp_path):
    text = TINY.replace("forms: [إرهابي, إرهابيين]", 'forms: [إرهابي, ""]')
    error = load_error(tmp_path, text)
    problem_on(error, line_of(text, 'forms: [إرهابي, ""]'), "empty")


def test_term_under_two_categories(tmp_path):
    text = TINY.replace("forms: [إرهابي, إرهابيين]", "forms: [إرهابي, إرهابيين, مسلحين]")
    error = load_error(tmp_path, text)
    first = line_of(text, "- family: إرهابي")
    problem = problem_on(error, line_of(text, "- family: مسلحين"), "'مسلحين'", "'militant'",
                         "'terrorist'")
    assert f"line {first}" in problem and "set overlap: independent" in problem


def test_bad_colour(tmp_path):
    text = TINY.replace('colour: "#CC6677"', "colour: red")
    error = load_error(tmp_path, text)
    problem_on(error, line_of(text, "colour: red"), "'red'", "'militant'")


@pytest.mark.parametrize(("key", "value"), [("article", "sometimes"), ("suffixes", "all")])
def test_bad_article_or_suffixes(tmp_path, key, value):
    text = TINY.replace("            forms: [إرهابي, إرهابيين]",
                        f"            forms: [إرهابي, إرهابيين]\n            {key}: {value}")
    error = load_error(tmp_path, text)
    problem_on(error, line_of(text, f"{key}: {value}"), f"'{key}'", repr(value), "'إرهابي'")


def test_unknown_word_list(tmp_path):
    text = TINY.replace('"@group_nouns مسلحة"', '"@groups مسلحة"')
    error = load_error(tmp_path, text)
    problem_on(error, line_of(text, "@groups"), "@groups", "group_nouns")


def test_wildcard_in_phrase_matches_any_ending_of_that_word(tmp_path):
    text = TINY.replace('"@group_nouns مسلحة"', '"@group_nouns مسلح*"')
    lexicon = load_lexicon(write(tmp_path, text))
    (term,) = [t for t in lexicon.terms if t.kind == "phrase"]
    assert term.slots == (("جماعة", "جماعات"), ("مسلح*",))
    hits = framing.Matcher(lexicon).find("قاتلت جماعات مسلحة وجماعة مسلحين وجماعة سلحت")
    assert [(h.surface, h.category) for h in hits] == [
        ("جماعات مسلحة", "militant"), ("وجماعة مسلحين", "militant")]


def test_wildcard_in_an_exclusion_or_inside_a_phrase_word(tmp_path):
    text = TINY.replace('"@group_nouns مسلحة"', '"@group_nouns مس*لحة"')
    error = load_error(tmp_path, text)
    problem_on(error, line_of(text, "مس*لحة"), "'*' stands only at the end")
    text = TINY.replace('forms: [إرهابي, إرهابيين]',
                        'forms: [إرهابي, إرهابيين]\n            exclude: ["إرهابي مزعوم*"]')
    error = load_error(tmp_path, text)
    problem_on(error, line_of(text, "exclude:"), "wildcards (*) are allowed in the forms and "
               "phrases of terms")


def test_overlap_setting(tmp_path):
    """overlap: independent lets two categories list one word and count it both."""
    shared = TINY.replace("forms: [إرهابي, إرهابيين]", "forms: [إرهابي, إرهابيين, مسلحين]")
    lexicon = load_lexicon(write(tmp_path, "overlap: independent\n" + shared))
    assert lexicon.overlap == "independent"
    hits = framing.Matcher(lexicon).find("قتل المسلحين")
    assert [(h.surface, h.category) for h in hits] == [("المسلحين", "terrorist"),
                                                        ("المسلحين", "militant")]
    # the same file read as exclusive: the shared word is an error, as in our own format
    with pytest.raises(LexiconError, match="overlap: independent"):
        load_lexicon(tmp_path / "lexicon.yaml", overlap="exclusive")
    error = load_error(tmp_path, "overlap: shared\n" + TINY)
    problem_on(error, 1, "'overlap' must be 'exclusive'", "'shared'")
    with pytest.raises(ValueError, match=r"'overlap' parameter of framing.load_lexicon must "
                                         r"be one of \{'exclusive', 'independent'\}"):
        load_lexicon("default", overlap="both")
    # the setting is part of the lexicon's content, so of its hash (caches key on it)
    default = load_lexicon("default")
    independent = load_lexicon("default", overlap="independent")
    assert default.overlap == "exclusive" and independent.overlap == "independent"
    assert default.hash != independent.hash
    assert load_lexicon(independent).hash == independent.hash
    assert load_lexicon(independent, overlap="exclusive").hash == default.hash
    assert Lexicon.from_dict(independent.to_dict()).overlap == "independent"


def test_wildcard_inside_a_form(tmp_path):
    text = TINY.replace("forms: [إرهابي, إرهابيين]", "forms: [إره*ابي]")
    error = load_error(tmp_path, text)
    problem_on(error, line_of(text, "forms: [إره*ابي]"), "'*'", "end")


def test_wildcard_alone_is_rejected(tmp_path):
    text = TINY.replace("forms: [إرهابي, إرهابيين]", 'forms: [إرهابي, "*"]')
    path = write(tmp_path, text=text)
    try:
        lexicon = load_lexicon(path)
    except LexiconError as error:
        problem_on(error, line_of(text, 'forms: [إرهابي, "*"]'), "'*'")
        return
    hits = framing.Matcher(lexicon).find("قال وزير الخارجية في بيان")
    pytest.fail(f"loaded, and counts {[h.surface for h in hits]} as 'terrorist'")


@pytest.mark.parametrize("weight", ["0", "-2", "heavy", "true"])
def test_weight_must_be_positive(tmp_path, weight):
    text = TINY.replace("            forms: [إرهابي, إرهابيين]",
                        f"            forms: [إرهابي, إرهابيين]\n            weight: {weight}")
    error = load_error(tmp_path, text)
    problem_on(error, line_of(text, "weight:"), "'weight'", "positive")


@pytest.mark.parametrize("weight", [".nan", ".inf"])
def test_weight_must_be_finite(tmp_path, weight):
    text = TINY.replace("            forms: [إرهابي, إرهابيين]",
                        f"            forms: [إرهابي, إرهابيين]\n            weight: {weight}")
    error = load_error(tmp_path, text)
    problem_on(error, line_of(text, "weight:"), "'weight'")


def test_line_start_is_kept_in_preceded_by(tmp_path):
    text = TINY.replace("            forms: [مسلحين, مسلحون]",
                        "            forms: [مسلحين, مسلحون]\n"
                        "            preceded_by: [\"@group_nouns\", \"@line_start\"]\n"
                        "            not_in_line_with: [\"@group_nouns\", هدنة]")
    lexicon = load_lexicon(write(tmp_path, text))
    term = lexicon.category("militant").terms[0]
    assert term.preceded_by == ("جماعة", "جماعات", "@line_start")
    assert term.not_in_line_with == ("جماعة", "جماعات", "هدنة")
    again = Lexicon.from_dict(lexicon.to_dict())
    assert again.category("militant").terms[0].preceded_by == term.preceded_by
    assert again.hash == lexicon.hash
    hits = framing.Matcher(lexicon).find("المسلحون في الريف\nقال المسلحون")
    assert [h.surface for h in hits] == ["المسلحون"]  # the first opens a line


@pytest.mark.parametrize(("key", "value"), [
    ("followed_by", '["@line_start"]'),
    ("not_followed_by", '["@line_start"]'),
    ("not_in_line_with", '["@line_start"]'),
    ("exclude", '["@line_start مسلحين"]'),
    ("forms", '[مسلحين, "@line_start"]'),
])
def test_line_start_only_where_a_word_precedes(tmp_path, key, value):
    text = TINY.replace("            forms: [مسلحين, مسلحون]",
                        f"            forms: [مسلحين, مسلحون]\n            {key}: {value}"
                        if key != "forms" else f"            forms: {value}")
    error = load_error(tmp_path, text)
    problem_on(error, line_of(text, f"{key}: {value}"), "@line_start", "preceded_by")


def test_line_start_is_a_reserved_word_list_name(tmp_path):
    text = TINY.replace("  group_nouns: [جماعة, جماعات]",
                        "  group_nouns: [جماعة, جماعات]\n  line_start: [عنوان]")
    error = load_error(tmp_path, text)
    problem_on(error, line_of(text, "line_start: [عنوان]"), "'line_start'", "reserved")


def test_not_in_line_with_is_checked_like_other_context_keys(tmp_path):
    text = TINY.replace("            forms: [مسلحين, مسلحون]",
                        "            forms: [مسلحين, مسلحون]\n            not_in_line_with: 3")
    error = load_error(tmp_path, text)
    problem_on(error, line_of(text, "not_in_line_with: 3"), "'not_in_line_with'", "list")
    text = text.replace("not_in_line_with: 3", "not_in_line_with: [\"@cues\"]")
    error = load_error(tmp_path, text)
    problem_on(error, line_of(text, "not_in_line_with:"), "@cues", "group_nouns")


def test_top_level_not_a_mapping(tmp_path):
    error = load_error(tmp_path, "- إرهابي\n- مسلحين\n")
    assert "mapping" in str(error)


def test_invalid_yaml_syntax(tmp_path):
    text = TINY.replace("label_en: militant", "label_en: militant: gunmen")
    error = load_error(tmp_path, text)
    assert len(error.problems) == 1
    problem_on(error, line_of(text, "militant: gunmen"), "not valid YAML")


def test_several_problems_reported_together(tmp_path):
    text = (
        TINY.replace('colour: "#CC6677"', "colour: red")
        .replace("forms: [إرهابي, إرهابيين]", "forms: [إرهابي, إرهابيين]\n            article: yes")
        .replace('"@group_nouns مسلحة"', '"@groups مسلحة"')
        .replace("name: tiny", "name: tiny\nauthor: me")
    )
    error = load_error(tmp_path, text)
    assert len(error.problems) == 4
    problem_on(error, line_of(text, "colour: red"), "colour")
    problem_on(error, line_of(text, "article: yes"), "'article'")
    problem_on(error, line_of(text, "@groups"), "@groups")
    problem_on(error, line_of(text, "author: me"), "'author'")
    assert "4 problem(s)" in str(error)


def test_duplicate_key_reported_with_other_problems(tmp_path):
    text = TINY.replace("        label_en: militant\n",
                        "        label_en: militant\n        label_en: gunmen\n").replace(
        'colour: "#CC6677"', "colour: red")
    error = load_error(tmp_path, text)
    problem_on(error, line_of(text, "label_en: gunmen"), "twice")
    problem_on(error, line_of(text, "colour: red"), "colour")


def test_shorthand_terms_report_their_line(tmp_path):
    text = TINY.replace("          - phrase: \"@group_nouns مسلحة\"\n",
                        "          - phrase: \"@group_nouns مسلحة\"\n          - إرهابي\n"
                        "          - \"\"\n")
    error = load_error(tmp_path, text)
    assert all(not p.startswith("entry") and "line None" not in p for p in error.problems)
    problem_on(error, line_of(text, '- ""'), "'militant'")
    problem_on(error, line_of(text, "          - إرهابي"), "'إرهابي'",
               f"line {line_of(text, '- family: إرهابي')}")


# -- hashing and writing ---------------------------------------------------------------


def test_hash_is_stable_and_content_based(tmp_path):
    first, second = load_lexicon("default"), load_lexicon("default")
    assert re.fullmatch(r"[0-9a-f]{64}", first.hash)
    assert first.hash == second.hash
    plain = load_lexicon(write(tmp_path, TINY, "plain.yaml"))
    reformatted = TINY.replace("name: tiny", "# a comment\nname: tiny").replace(
        "forms: [إرهابي, إرهابيين]", "forms:\n              - إرهابي\n              - إرهابيين")
    assert load_lexicon(write(tmp_path, reformatted, "reformatted.yaml")).hash == plain.hash
    one_form_changed = TINY.replace("forms: [إرهابي, إرهابيين]", "forms: [إرهابي, إرهابيون]")
    assert load_lexicon(write(tmp_path, one_form_changed, "changed.yaml")).hash != plain.hash


def test_hash_changes_when_a_default_form_changes():
    lexicon = load_lexicon("default")
    data = lexicon.to_dict()
    data["dimensions"][0]["categories"][0]["terms"][0]["forms"][0] += "ة"
    assert Lexicon.from_dict(data).hash != lexicon.hash
    assert Lexicon.from_dict(lexicon.to_dict()).hash == lexicon.hash


def test_to_yaml_round_trip(tmp_path):
    lexicon = load_lexicon("default")
    path = tmp_path / "copy.yaml"
    text = lexicon.to_yaml(path)
    assert path.read_text(encoding="utf-8") == text
    again = load_lexicon(path)
    assert again.to_dict() == lexicon.to_dict()
    assert again.hash == lexicon.hash
    sentence = "دعا الجيش السوري المسلحين في الأحياء الشرقية إلى تسليم أسلحتهم"
    find = lambda lx: [(h.start, h.end, h.category) for h in framing.Matcher(lx).find(sentence)]  # noqa: E731
    assert find(again) == find(lexicon) == [(4, 9, "army"), (17, 25, "militant")]


def test_to_yaml_refuses_to_overwrite(tmp_path):
    path = write(tmp_path, "keep me\n", "taken.yaml")
    lexicon = load_lexicon("default")
    with pytest.raises(FileExistsError, match="overwrite=True"):
        lexicon.to_yaml(path)
    assert path.read_text(encoding="utf-8") == "keep me\n"
    lexicon.to_yaml(path, overwrite=True)
    assert load_lexicon(path).hash == lexicon.hash


@pytest.mark.parametrize("ident", ["doc_id", "language", "n_tokens", "outlet", "date"])
def test_a_category_may_not_take_a_column_name_of_the_counts(tmp_path, ident):
    """A category called n_tokens replaced the length column, doc_id crashed scoring:
    such an id is refused with its line, and an imported key gets a suffix instead."""
    path = tmp_path / "odd.yaml"
    path.write_text("name: odd\ndimensions:\n  - id: d\n    categories:\n"
                    f"      - id: {ident}\n        terms: [الإرهابيين]\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=rf"odd\.yaml: line 5: category id '{ident}' is the "
                                           r"name of a column of the counts table"):
        load_lexicon(path)
    quanteda = tmp_path / "keys.yml"
    quanteda.write_text(f"{ident.title()}: [الإرهابيين]\nother: [المسلحين]\n",
                        encoding="utf-8")
    imported = load_lexicon(quanteda)
    assert imported.category_ids == [f"{ident}_category", "other"]
    counts, _ = framing.score(["قتل الإرهابيين والمسلحين في حلب"], imported, progress=False)
    assert counts.loc[0, f"{ident}_category"] == 1 and counts.loc[0, "n_tokens"] == 5
    assert counts.loc[0, "language"] == "ar"


def test_a_file_named_like_a_shipped_lexicon_does_not_replace_it(tmp_path, monkeypatch):
    """A file or folder called 'default' in the current folder replaced the default lexicon
    of every command run there; the file is still read as ./default or as a Path."""
    shipped = framing.load_lexicon("default")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "default").write_text(
        "name: mine\ndimensions:\n  - id: d\n    categories:\n      - id: c\n"
        "        terms:\n          - family: حلب\n            forms: [حلب]\n", encoding="utf-8")
    assert framing.load_lexicon("default").hash == shipped.hash
    assert framing.load_lexicon("./default").category_ids == ["c"]
    assert framing.load_lexicon(tmp_path / "default").category_ids == ["c"]
    (tmp_path / "default_en").mkdir()
    assert framing.load_lexicon("default_en").language == "en"
