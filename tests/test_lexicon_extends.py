"""Lexicon files that extend another (``extends:``), and grow_lexicon writing only additions.

Scored on the five seed articles: the additions are words of those articles the
default lexicon does not count (الرديفة of "the auxiliary forces", the
pro-government militias; النصرة of Jabhat al-Nusra), so each changes the counts
of its own category only, by its own occurrences, which the tests count with a
regular expression of their own.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pandas as pd
import pytest
import yaml

import framing
from framing.cli import main
from framing.discover import DiscoveryError, grow_lexicon
from framing.lexicon import MAX_EXTENDS, Lexicon, LexiconError, load_lexicon

# a family added to the base's category militia, and a new category of its dimension
EXTENSION = """\
extends: default
name: default-plus
description: The default lexicon, with the auxiliary forces and the Nusra Front.
dimensions:
  - id: armed_group_label
    categories:
      - id: militia
        terms:
          - family: رديفة
            gloss: auxiliary (forces)
            forms: [رديفة]
      - id: nusra
        label_en: Nusra Front
        label_ar: جبهة النصرة
        colour: "#117733"
        stance: descriptive
        terms:
          - family: نصرة
            article: required
            forms: [نصرة]
"""
MILITIA_ADDED = "رديفة"
NUSRA = "نصرة"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _occurrences(texts: dict[str, str], form: str, *, article: bool) -> pd.Series:
    """Whole-word uses of ``form`` (a regular expression) per article, with a proclitic
    and (if ``article``) ال.

    Counted here by a regular expression, not by the matcher: و or ف, then ب, ك
    or ل, then the article (ل + ال is written لل).
    """
    definite = "(?:ال|(?<=ل)ل)" if article else "(?:ال|(?<=ل)ل)?"
    pattern = re.compile(rf"(?<!\w)[وف]?[بكل]?{definite}{form}(?!\w)")
    return pd.Series({doc: len(pattern.findall(text)) for doc, text in texts.items()})


@pytest.fixture(scope="module")
def seeds(seed_texts) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": list(seed_texts), "text": list(seed_texts.values())})


@pytest.fixture(scope="module")
def base_counts(seeds) -> pd.DataFrame:
    return framing.score(seeds, lexicon="default").counts.set_index("doc_id")


@pytest.fixture(scope="module")
def extended(tmp_path_factory) -> Lexicon:
    folder = tmp_path_factory.mktemp("extends")
    return load_lexicon(_write(folder / "plus.yaml", EXTENSION))


def _assert_only_additions(counts: pd.DataFrame, base_counts: pd.DataFrame,
                           seed_texts: dict[str, str]) -> None:
    """Counts of the extended lexicon: the base's, plus the added terms' own uses."""
    added = _occurrences(seed_texts, MILITIA_ADDED, article=False)
    nusra = _occurrences(seed_texts, NUSRA, article=True)
    assert added.sum() >= 2 and nusra.sum() >= 5  # the test measures something
    expected_militia = base_counts["militia"] + added.reindex(base_counts.index)
    pd.testing.assert_series_equal(counts["militia"], expected_militia, check_dtype=False,
                                   check_names=False)
    pd.testing.assert_series_equal(counts["nusra"], nusra.reindex(counts.index),
                                   check_dtype=False, check_names=False)
    others = [c for c in base_counts.columns if c not in ("militia", "nusra")]
    pd.testing.assert_frame_equal(counts[others], base_counts[others])


def test_extension_adds_exactly_its_terms(extended, seeds, seed_texts, base_counts):
    base = load_lexicon("default")
    assert extended.name == "default-plus" and extended.language == base.language
    # the new category stands after its dimension's others; the base's order is kept
    dimension = [c.id for c in extended.categories if c.dimension == "armed_group_label"]
    assert dimension[-1] == "nusra"
    assert [c for c in extended.category_ids if c != "nusra"] == base.category_ids
    militia = extended.category("militia")
    assert militia.terms[:-1] == base.category("militia").terms
    assert militia.terms[-1].forms == (MILITIA_ADDED,) and militia.label_en == "militia"
    assert extended.word_lists == base.word_lists
    counts = framing.score(seeds, lexicon=extended).counts.set_index("doc_id")
    _assert_only_additions(counts, base_counts, seed_texts)


def test_a_category_exclusion_of_the_base_applies_to_added_terms(tmp_path):
    # coalition has exclusions at category level (التحالف الدولي ...): a term added to it
    # gets them, as the base's own terms do
    base = load_lexicon("default").category("coalition")
    path = _write(tmp_path / "c.yaml", """\
        extends: default
        dimensions:
          - id: coalition_label
            categories:
              - id: coalition
                terms: [حلف]
        """)
    added = load_lexicon(path).category("coalition").terms[-1]
    assert added.name == "حلف" and added.exclude
    assert set(added.exclude) <= set(base.terms[0].exclude)


def test_a_chain_of_extensions_resolves_from_each_file_folder(tmp_path, monkeypatch, seeds,
                                                              seed_texts, base_counts):
    first, militia_only = EXTENSION.split("      - id: nusra\n")
    _write(tmp_path / "base" / "militia.yaml", first.replace("name: default-plus",
                                                             "name: militia-plus"))
    nusra = "      - id: nusra\n" + militia_only
    _write(tmp_path / "mine" / "both.yaml",
           "extends: ../base/militia.yaml\nname: both\ndimensions:\n"
           "  - id: armed_group_label\n    categories:\n" + nusra)
    monkeypatch.chdir(tmp_path / "base")  # relative to the file's folder, not to here
    both = load_lexicon(tmp_path / "mine" / "both.yaml")
    assert both.name == "both" and both.source == str(tmp_path / "mine" / "both.yaml")
    counts = framing.score(seeds, lexicon=both).counts.set_index("doc_id")
    _assert_only_additions(counts, base_counts, seed_texts)


def test_a_cycle_is_refused_naming_the_chain(tmp_path):
    _write(tmp_path / "a.yaml", "name: a\nextends: b.yaml\n")
    _write(tmp_path / "b.yaml", "name: b\nextends: ./a.yaml\n")
    with pytest.raises(LexiconError) as info:
        load_lexicon(tmp_path / "a.yaml")
    message = str(info.value)
    assert message.startswith(f"{tmp_path / 'b.yaml'}: line 2: extends './a.yaml', which makes "
                              "a cycle")
    assert f"({tmp_path / 'a.yaml'} -> {tmp_path / 'b.yaml'} -> {tmp_path / 'a.yaml'})" in message
    _write(tmp_path / "self.yaml", "extends: self.yaml\n")
    with pytest.raises(LexiconError, match=r"self\.yaml: line 1: .* makes a cycle"):
        load_lexicon(tmp_path / "self.yaml")
    # a long chain without a cycle is followed up to a limit
    for i in range(MAX_EXTENDS - 1):
        _write(tmp_path / f"c{i}.yaml", f"extends: c{i + 1}.yaml\n")
    _write(tmp_path / f"c{MAX_EXTENDS - 1}.yaml", "extends: default\n")
    assert load_lexicon(tmp_path / "c1.yaml").category_ids == load_lexicon().category_ids
    with pytest.raises(LexiconError, match=rf"c{MAX_EXTENDS - 1}\.yaml: line 1: extends "
                                           rf"'default', .* more than {MAX_EXTENDS} lexicons"):
        load_lexicon(tmp_path / "c0.yaml")


def test_a_missing_base_names_the_line_and_what_to_give(tmp_path):
    path = _write(tmp_path / "lost.yaml", "name: lost\ndescription: x\nextends: defualt\n")
    with pytest.raises(LexiconError) as info:
        load_lexicon(path)
    message = str(info.value)
    assert message.startswith(f"{path}: line 3: extends 'defualt', which names no lexicon")
    assert str(tmp_path / "defualt") in message and "default" in message
    assert "\n" not in message
    # through the command line: one line, exit status 2
    corpus = tmp_path / "corpus.csv"
    pd.DataFrame({"doc_id": ["a"], "text": ["الجيش"]}).to_csv(corpus, index=False)
    assert main(["score", str(corpus), "--lexicon", str(path), "--out",
                 str(tmp_path / "c.csv"), "--no-progress"]) == 2
    assert not (tmp_path / "c.csv").exists()


def test_the_base_reports_its_own_problems_with_its_file(tmp_path):
    _write(tmp_path / "base.yaml", """\
        name: base
        dimensions:
          - id: label
            categories:
              - id: army
                colour: red
                terms: [جيش]
        """)
    _write(tmp_path / "ext.yaml", "extends: base.yaml\n")
    with pytest.raises(LexiconError, match=re.escape(f"{tmp_path / 'base.yaml'}: line 6: colour "
                                                     "'red' of category 'army'")):
        load_lexicon(tmp_path / "ext.yaml")


def test_redefining_a_base_category_is_an_error(tmp_path):
    path = _write(tmp_path / "relabel.yaml", """\
        extends: default
        dimensions:
          - id: armed_group_label
            categories:
              - id: militia
                label_en: militias
                terms: [رديفة]
        """)
    line = load_lexicon("default").category("militia").terms[0].line
    with pytest.raises(LexiconError) as info:
        load_lexicon(path)
    message = str(info.value)
    assert message.startswith(f"{path}: line 6: category 'militia' is defined in the base "
                              "(default.yaml, line ")
    assert "an extending lexicon only adds terms to it, so its 'label_en'" in message
    assert 449 <= line - 7 < line  # the category's line in default.yaml is before its terms
    # repeating the base's value is no change, and is accepted
    path.write_text(path.read_text(encoding="utf-8").replace("militias", "militia"),
                    encoding="utf-8")
    assert load_lexicon(path).category("militia").terms[-1].name == "رديفة"


def test_language_and_overlap_stay_the_base_s(tmp_path):
    english = _write(tmp_path / "en.yaml", "extends: default\nlanguage: en\n")
    with pytest.raises(LexiconError, match=r"en\.yaml: line 2: 'language' is 'en' but the base, "
                                           r"default\.yaml, is in 'ar'"):
        load_lexicon(english)
    independent = _write(tmp_path / "ind.yaml", "extends: default\noverlap: independent\n")
    with pytest.raises(LexiconError, match=r"ind\.yaml: line 2: 'overlap' is 'independent' but "
                                           r"the base, default\.yaml, has 'exclusive'"):
        load_lexicon(independent)
    same = _write(tmp_path / "same.yaml", "extends: default\nlanguage: ar\noverlap: exclusive\n")
    # without additions: the base's content under the file's own name
    plain = load_lexicon(same)
    assert plain.name == "same" and plain.categories == load_lexicon("default").categories
    # the caller may still score the whole another way, as with any lexicon
    assert load_lexicon(same, overlap="independent").overlap == "independent"


def test_a_form_of_the_base_listed_again_is_caught_with_both_files(tmp_path):
    terrorist = load_lexicon("default").category("terrorist").terms[0]
    path = _write(tmp_path / "twice.yaml", f"""\
        extends: default
        dimensions:
          - id: armed_group_label
            categories:
              - id: militia
                terms:
                  - family: {terrorist.forms[0]}
                    forms: [{terrorist.forms[0]}]
        """)
    with pytest.raises(LexiconError) as info:
        load_lexicon(path)
    assert str(info.value) == (
        f"{path}: line 7: {terrorist.forms[0]!r} is listed under category 'militia' and under "
        f"'terrorist' (term {terrorist.id!r}, default.yaml, line {terrorist.line}); a term "
        "belongs to one category (or set overlap: independent, where every category counts "
        "every word it lists)")


def test_word_lists_merge_and_a_changed_one_is_refused(tmp_path):
    base = load_lexicon("default")
    nouns = list(base.word_lists["group_nouns"])
    path = _write(tmp_path / "lists.yaml", f"""\
        extends: default
        word_lists:
          group_nouns: [{", ".join(nouns)}]
          auxiliaries: [رديفة, الرديفة]
        dimensions:
          - id: armed_group_label
            categories:
              - id: auxiliary
                terms:
                  - phrase: "قوات|القوات @auxiliaries"
        """)
    lexicon = load_lexicon(path)
    assert lexicon.word_lists["auxiliaries"] == ("رديفة", "الرديفة")
    assert lexicon.word_lists["group_nouns"] == base.word_lists["group_nouns"]
    assert lexicon.category("auxiliary").terms[0].slots[1] == ("رديفة", "الرديفة")
    path.write_text(path.read_text(encoding="utf-8").replace(nouns[0] + ",", ""),
                    encoding="utf-8")
    with pytest.raises(LexiconError, match=r"lists\.yaml: line 3: word list 'group_nouns' is "
                                           r"defined in the base \(default\.yaml, line \d+\)"):
        load_lexicon(path)


def test_the_hash_follows_the_base_file(tmp_path, seeds):
    base_path = _write(tmp_path / "base.yaml", """\
        name: base
        dimensions:
          - id: armed_group_label
            categories:
              - id: militant
                terms: [مسلحين]
        """)
    ext = _write(tmp_path / "ext.yaml", """\
        extends: base.yaml
        dimensions:
          - id: armed_group_label
            categories:
              - id: militant
                terms: [مسلح]
        """)
    before = load_lexicon(ext)
    counts_before = framing.score(seeds, lexicon=before).counts["militant"].sum()
    assert load_lexicon(ext).hash == before.hash
    base_path.write_text(base_path.read_text(encoding="utf-8").replace(
        "[مسلحين]", "[مسلحين, مسلحي]"), encoding="utf-8")
    after = load_lexicon(ext)
    assert after.hash != before.hash
    assert [t.name for t in after.category("militant").terms] == ["مسلحين", "مسلحي", "مسلح"]
    # scoring sees the base's new form (no stale result keyed by the old content)
    # (one of them written مسلحى, with alif maqsura, which the normaliser reads as ي)
    added = _occurrences(dict(zip(seeds["doc_id"], seeds["text"], strict=True)), "مسلح[يى]",
                         article=False).sum()
    assert added > 0
    assert framing.score(seeds, lexicon=after).counts["militant"].sum() == counts_before + added


def test_the_resolved_lexicon_writes_and_scores_the_same(extended, seeds, tmp_path):
    text = extended.to_yaml(tmp_path / "whole.yaml")
    assert "extends" not in yaml.safe_load(text)
    whole = load_lexicon(tmp_path / "whole.yaml")
    assert whole.hash == extended.hash
    pd.testing.assert_frame_equal(framing.score(seeds, lexicon=whole).counts,
                                  framing.score(seeds, lexicon=extended).counts)


def test_the_command_line_scores_with_an_extending_file(extended, seeds, tmp_path):
    corpus = tmp_path / "seeds.csv"
    seeds.to_csv(corpus, index=False)
    path = _write(tmp_path / "lexicons" / "plus.yaml", EXTENSION)
    out = tmp_path / "counts.csv"
    assert main(["score", str(corpus), "--lexicon", str(path), "--out", str(out),
                 "--no-progress"]) == 0
    written = pd.read_csv(out).set_index("doc_id")
    expected = framing.score(seeds, lexicon=extended).counts.set_index("doc_id")
    assert written["nusra"].sum() > 0
    pd.testing.assert_frame_equal(written[extended.category_ids], expected[extended.category_ids],
                                  check_dtype=False)


def test_from_dict_takes_complete_lexicons_only():
    data = {"extends": "default", "name": "x",
            "dimensions": [{"id": "d", "categories": [{"id": "c", "terms": ["جيش"]}]}]}
    with pytest.raises(LexiconError, match=r"'extends' is read by framing\.load_lexicon"):
        Lexicon.from_dict(data)


def _sheet(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    """A candidates sheet as a reader marks it: category, candidate, decision."""
    return pd.DataFrame([{"category": category, "key": word, "candidate": word,
                          "suggested_entry": f"{{family: {word}, forms: [{word}]}}",
                          "decision": decision} for category, word, decision in rows])


def test_grow_names_a_base_file_relative_to_the_output(tmp_path, seeds, seed_texts,
                                                       base_counts):
    base_path = tmp_path / "lexicons" / "mine.yaml"
    load_lexicon("default").to_yaml(base_path)
    out = tmp_path / "grown" / "mine-grown.yaml"
    sheet = _sheet([("militia", MILITIA_ADDED, "accept"), ("militia", "حركة", "reject"),
                    ("army", "وحدات", "")])
    grown = grow_lexicon(sheet, out, base=base_path)
    written = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert written["extends"] == "../lexicons/mine.yaml"
    assert written["name"] == "default-grown"
    assert "1 term(s) accepted from discovery" in written["description"]
    assert written["dimensions"] == [{"id": "armed_group_label", "categories": [
        {"id": "militia", "terms": [{"family": MILITIA_ADDED, "forms": [MILITIA_ADDED],
                                     "id": f"militia:grown:{MILITIA_ADDED}"}]}]}]
    assert load_lexicon(out).hash == grown.hash
    counts = framing.score(seeds, lexicon=grown).counts.set_index("doc_id")
    added = _occurrences(seed_texts, MILITIA_ADDED, article=False)
    pd.testing.assert_series_equal(counts["militia"], base_counts["militia"] + added,
                                   check_dtype=False, check_names=False)
    # a Lexicon object loaded from that file is named by the file too
    again = grow_lexicon(sheet, tmp_path / "again.yaml", base=load_lexicon(base_path))
    assert yaml.safe_load((tmp_path / "again.yaml").read_text(encoding="utf-8"))[
        "extends"] == "lexicons/mine.yaml"
    assert again.hash == grown.hash and again.source == str(tmp_path / "again.yaml")


def test_grow_from_a_lexicon_without_a_file_writes_it_whole(tmp_path):
    data = load_lexicon("default").to_dict()
    data["dimensions"] = data["dimensions"][:1]
    memory = Lexicon.from_dict(data)
    grown = grow_lexicon(_sheet([("militia", MILITIA_ADDED, "accept")]), tmp_path / "g.yaml",
                         base=memory)
    written = yaml.safe_load((tmp_path / "g.yaml").read_text(encoding="utf-8"))
    assert "extends" not in written and "copied whole" in written["description"]
    assert len(written["dimensions"]) == 1
    assert grown.category("militia").terms[-1].forms == (MILITIA_ADDED,)
    # one loaded with another overlap than its file's is not that file's lexicon
    independent = load_lexicon("default", overlap="independent")
    grow_lexicon(_sheet([("militia", MILITIA_ADDED, "accept")]), tmp_path / "i.yaml",
                 base=independent)
    written = yaml.safe_load((tmp_path / "i.yaml").read_text(encoding="utf-8"))
    assert "extends" not in written and written["overlap"] == "independent"


def test_grow_validates_before_writing(tmp_path):
    out = tmp_path / "bad.yaml"
    terrorist = load_lexicon("default").category("terrorist").terms[0].forms[0]
    with pytest.raises(DiscoveryError, match=r"do not make a valid lexicon "
                       rf"\(nothing was written\): .*{terrorist}.*'terrorist'"):
        grow_lexicon(_sheet([("militia", terrorist, "accept")]), out)
    assert not out.exists() and not list(tmp_path.iterdir())


def test_an_imported_dictionary_may_be_the_base_with_its_own_overlap(tmp_path):
    _write(tmp_path / "dictionary.yml", """\
        armed:
          militia: [ميليشيا, ميليشيات]
          army: [جيش]
        """)
    base = load_lexicon(tmp_path / "dictionary.yml")
    assert base.overlap == "independent"  # quanteda's rule, the default of imports
    path = _write(tmp_path / "more.yaml", """\
        extends: dictionary.yml
        dimensions:
          - id: armed
            categories:
              - id: militia
                terms: [رديفة]
              - id: army
                terms: [ميليشيا]
        """)
    more = load_lexicon(path)
    assert more.overlap == "independent"
    assert [t.name for t in more.category("militia").terms] == [
        *(t.name for t in base.category("militia").terms), "رديفة"]
    # under the base's rule a word may count in two categories: so it may here
    text = "هاجمت الميليشيا مواقع الجيش"
    counts = framing.score(pd.DataFrame({"doc_id": ["a"], "text": [text]}), lexicon=more)
    assert counts.counts.loc[0, ["militia", "army"]].tolist() == [1, 2]
    _write(tmp_path / "exclusive.yaml", "extends: dictionary.yml\noverlap: exclusive\n")
    with pytest.raises(LexiconError, match=r"exclusive\.yaml: line 2: 'overlap' is "
                                           r"'exclusive' but the base, .*dictionary\.yml, has "
                                           r"'independent'"):
        load_lexicon(tmp_path / "exclusive.yaml")


def test_a_base_that_cannot_be_followed_is_named_with_the_line(tmp_path):
    """A symbolic link to itself, or a NUL in the name: one error with the extends line."""
    (tmp_path / "loop.yaml").symlink_to("loop.yaml")
    for value in ("loop.yaml", '"a\\x00b"'):
        path = tmp_path / "ext.yaml"
        path.write_text(f"name: ext\nextends: {value}\n", encoding="utf-8")
        with pytest.raises(LexiconError, match=r"ext\.yaml: line 2: extends .* cannot be "
                                               r"followed"):
            load_lexicon(path)


def test_an_added_form_another_term_always_takes_is_named(tmp_path, capsys, seed_texts):
    """الإرهابيين added to militia is a form the base's terrorist family already has with
    the article: it would never count for militia. lexicon check says so."""
    path = tmp_path / "dup.yaml"
    path.write_text(textwrap.dedent("""\
        extends: default
        name: dup
        dimensions:
          - id: armed_group_label
            categories:
              - id: militia
                terms:
                  - family: الإرهابيين
                    forms: [الإرهابيين]
        """), encoding="utf-8")
    lexicon = load_lexicon(path)
    shadowed = framing.Matcher(lexicon).shadowed_forms()
    assert {(t.category, w.category) for t, _, w in shadowed} == {("militia", "terrorist")}
    assert "الارهابيين" in {form for _, form, _ in shadowed}
    # it is dead indeed: the seeds score the same with and without it
    texts = list(seed_texts.values()) if isinstance(seed_texts, dict) else list(seed_texts)
    with_it, _ = framing.score(texts, lexicon, progress=False)
    without, _ = framing.score(texts, "default", progress=False)
    assert with_it["militia"].tolist() == without["militia"].tolist()
    assert without["terrorist"].sum() > 0
    assert main(["lexicon", "check", str(path)]) == 0
    err = capsys.readouterr().err
    assert "term 'militia:الإرهابيين' (militia, line 8)" in err
    assert "'terrorist:إرهابي' (terrorist, default.yaml, line" in err
    assert framing.Matcher("default").shadowed_forms() == []


def test_no_output_overwrites_a_lexicon_the_given_one_extends(tmp_path, capsys):
    """lexicon export of top.yaml (extends base.yaml) --out base.yaml --overwrite destroyed
    the base it reads; so could score --out."""
    base = tmp_path / "base.yaml"
    assert main(["lexicon", "export", "default", "--to", "yaml", "--out", str(base)]) == 0
    top = tmp_path / "top.yaml"
    top.write_text("extends: base.yaml\nname: top\n", encoding="utf-8")
    before = base.read_bytes()
    capsys.readouterr()
    assert main(["lexicon", "export", str(top), "--to", "yaml", "--out", str(base),
                 "--overwrite"]) == 2
    assert "is a lexicon it extends" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:  # a CSV table is never written under .yaml
        main(["score", "sample", "--lexicon", str(top), "--out", str(base), "--overwrite"])
    assert stop.value.code == 2 and "this table is written as CSV" in capsys.readouterr().err
    # a base file without a YAML ending is still protected from a CSV output
    plain = tmp_path / "base"
    plain.write_bytes(before)
    (tmp_path / "top2.yaml").write_text("extends: ./base\nname: top2\n", encoding="utf-8")
    assert main(["score", "sample", "--lexicon", str(tmp_path / "top2.yaml"), "--out",
                 str(plain), "--overwrite"]) == 2
    assert "is a lexicon it extends" in capsys.readouterr().err
    assert base.read_bytes() == before
    assert load_lexicon(top).category_ids == load_lexicon(base).category_ids


def test_a_base_that_is_no_file_is_named_with_the_extends_line(tmp_path):
    import os

    (tmp_path / "folder").mkdir()
    os.mkfifo(tmp_path / "pipe")
    for value, what in (("folder", "is a folder"), ("pipe", "is not a regular file"),
                        ("/dev/null", "is not a regular file")):
        path = tmp_path / "ext.yaml"
        path.write_text(f"name: ext\nextends: {value}\n", encoding="utf-8")
        with pytest.raises(LexiconError, match=rf"ext\.yaml: line 2: extends '{value}', but "
                                               rf".* {what}"):
            load_lexicon(path)
