"""Published dictionaries load and count as their own tools count them.

Each test writes, in its own temporary folder, a dictionary with the structure
of a published one (excerpts of real entries, in the published file format):
the Lexicoder Sentiment Dictionary 2015 (quanteda YAML and Lexicoder ``.lc3``),
the newsmap geographical dictionaries in English and Arabic (quanteda YAML,
three levels, and WordStat ``.cat``), LIWC2007 and an Arabic translation of it
(nested categories that share words) and the Moral Foundations Dictionary
(LIWC ``.dic``). Counts of the framing matcher are compared with an
independent count written here with quanteda's semantics: each key counts on
its own, a ``*`` matches any ending of its word, within one key the longest
match wins and no token is counted twice.
"""

from __future__ import annotations

import fnmatch
import re
import warnings
from collections import Counter

import pandas as pd
import pytest

import framing
from framing import LexiconError, load_lexicon, normalize
from framing.cli import main
from framing.lexicon_formats import LexiconConversionWarning

# -- the independent count ----------------------------------------------------------

# quanteda keeps punctuation as tokens; words are runs of letters and digits
_TOKENS = re.compile(r"[^\W_]+\*?|[^\w\s]")


def _tokens(text: str, arabic: bool) -> list[str]:
    return _TOKENS.findall(normalize(text) if arabic else text.lower())


def quanteda_counts(text: str, dictionary: dict[str, list[str]], *, arabic: bool = False
                    ) -> dict[str, int]:
    """Matches per key: every key on its own, longest match first, no token twice."""
    tokens = _tokens(text, arabic)
    counts = {}
    for key, patterns in dictionary.items():
        spans = set()
        for pattern in patterns:
            words = _tokens(pattern, arabic)
            for i in range(len(tokens) - len(words) + 1):
                if all(fnmatch.fnmatchcase(tokens[i + k], w) for k, w in enumerate(words)):
                    spans.add((i, i + len(words)))
        taken: set[int] = set()
        counts[key] = 0
        for start, end in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
            if taken.isdisjoint(range(start, end)):
                taken.update(range(start, end))
                counts[key] += 1
    return counts


def matcher_counts(lexicon, text: str) -> dict[str, int]:
    found = Counter(h.category for h in framing.Matcher(lexicon).find(text))
    return {c: found[c] for c in lexicon.category_ids}


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- Lexicoder Sentiment Dictionary 2015 ------------------------------------------------

LSD = {
    "negative": ["a lie", "abandon*", "abas*", "abhor*", "big lie*", "lying"],
    "positive": ["ability*", "abound*", "good", "happ*", "bull's eye"],
    "neg_positive": ["best not", "not good", "not happ*"],
    "neg_negative": ["not abandon*", "not wrong*"],
}
LSD_YAML = "".join(f"{key}:\n" + "".join(f"  - {v}\n" for v in values)
                   for key, values in LSD.items())
LSD_LC3 = "".join(f"+{key}\n" + "".join(f"  {v.upper()}\n" for v in values) + "\n"
                  for key, values in LSD.items())
LSD_SENTENCE = ("The big lies of the regime were not good for anyone: they abandoned the "
                "abandoned. Happily it was a bull's eye, not abandoning hope, and the ability "
                "to abound. Big. Lies are not a lie.")


def test_lexicoder_sentiment_dictionary_as_quanteda_yaml(tmp_path):
    lexicon = load_lexicon(write(tmp_path, "LSD2015.yml", LSD_YAML))
    assert lexicon.overlap == "independent" and lexicon.language == "und"
    expected = quanteda_counts(LSD_SENTENCE, LSD)
    # by hand: big lies, abandoned x2, abandoning, a lie | good, Happily, bull's eye, ability,
    # abound | not good | not abandoning. "Big. Lies" is no phrase: a full stop between.
    assert expected == {"negative": 5, "positive": 5, "neg_positive": 1, "neg_negative": 1}
    assert matcher_counts(lexicon, LSD_SENTENCE) == expected
    # exclusive counting would give "good" to the longer "not good" and lose it
    exclusive = load_lexicon(tmp_path / "LSD2015.yml", overlap="exclusive")
    assert matcher_counts(exclusive, LSD_SENTENCE)["positive"] == 4


def test_lexicoder_sentiment_dictionary_as_lc3(tmp_path):
    lc3 = load_lexicon(write(tmp_path, "LSD2015.lc3", LSD_LC3))
    assert lc3.category_ids == list(LSD)
    assert [t.name for t in lc3.category("negative").terms][:2] == ["A LIE", "ABANDON*"]
    assert matcher_counts(lc3, LSD_SENTENCE) == quanteda_counts(LSD_SENTENCE, LSD)


def test_lexicoder_problems_name_their_lines(tmp_path):
    path = write(tmp_path, "bad.lc3", "stray entry\n+negative\nbad*\n+\n+negative\nx\n")
    with pytest.raises(LexiconError) as info:
        load_lexicon(path)
    assert [p.split(":")[0] for p in info.value.problems] == ["line 1", "line 4", "line 5"]
    assert "before any category" in info.value.problems[0]
    assert "appears twice" in info.value.problems[2]


# -- newsmap (three levels: continent > region > country) ---------------------------------

NEWSMAP_EN = """\
AFRICA:
  SOUTH:
    ZA: [south africa, south african*, pretoria, johannesburg]
  WEST:
    CI: [ivory coast, "côte d'ivoire", ivorian*, abidjan]
    GW: [guinea-bissau, bissau-guinean*, bissau]
ASIA:
  WEST:
    JO: [jordan, jordanian*, amman]
    OM: [oman, omani*, muscat]
"""
NEWSMAP_EN_KEYS = {
    "ZA": ["south africa", "south african*", "pretoria", "johannesburg"],
    "CI": ["ivory coast", "côte d'ivoire", "ivorian*", "abidjan"],
    "GW": ["guinea-bissau", "bissau-guinean*", "bissau"],
    "JO": ["jordan", "jordanian*", "amman"],
    "OM": ["oman", "omani*", "muscat"],
}
NEWSMAP_EN_SENTENCE = ("South African and Ivorian diplomats met in Abidjan, then flew from "
                       "Johannesburg to Amman and Muscat; Côte d'Ivoire and Guinea-Bissau sent "
                       "envoys to Oman, and South Africans to Bissau.")


def test_newsmap_english_levels(tmp_path):
    path = write(tmp_path, "newsmap_en.yml", NEWSMAP_EN)
    expected = quanteda_counts(NEWSMAP_EN_SENTENCE, NEWSMAP_EN_KEYS)
    assert expected == {"ZA": 3, "CI": 3, "GW": 2, "JO": 1, "OM": 2}
    countries = load_lexicon(path, levels=3)
    assert countries.category_ids == ["za", "ci", "gw", "jo", "om"]
    assert matcher_counts(countries, NEWSMAP_EN_SENTENCE) == {
        k.lower(): n for k, n in expected.items()}
    # all levels (the default): continents are dimensions, region and country the category
    nested = load_lexicon(path)
    assert [d.id for d in nested.dimensions] == ["africa", "asia"]
    assert nested.category_ids == ["south_za", "west_ci", "west_gw", "west_jo", "west_om"]
    assert [c.label_en for c in nested] == ["SOUTH / ZA", "WEST / CI", "WEST / GW", "WEST / JO",
                                            "WEST / OM"]
    assert list(matcher_counts(nested, NEWSMAP_EN_SENTENCE).values()) == list(expected.values())
    # levels=1: a continent counts every span of its countries' patterns; no word is listed
    # under two of its countries, so it is the sum of its children
    continents = load_lexicon(path, levels=1)
    assert matcher_counts(continents, NEWSMAP_EN_SENTENCE) == {
        "africa": 3 + 3 + 2, "asia": 1 + 2}
    # levels=2: the two WEST regions are one key, as in quanteda
    regions = load_lexicon(path, levels=[2])
    assert matcher_counts(regions, NEWSMAP_EN_SENTENCE) == {"south": 3, "west": 3 + 2 + 1 + 2}
    # levels 1 and 2
    assert load_lexicon(path, levels=[1, 2]).category_ids == ["africa_south", "africa_west",
                                                              "asia_west"]
    with pytest.raises(ValueError, match=r"'levels' parameter of framing\.load_lexicon"):
        load_lexicon(path, levels=0)
    with pytest.raises(LexiconError, match=r"no key .* stands at the levels asked for .*'AFRICA "
                                           r"> SOUTH > ZA' \(line 3\)"):
        load_lexicon(path, levels=4)
    with pytest.raises(ValueError, match="has no use for levels"):
        load_lexicon(write(tmp_path, "x.dic", "%\n1\ta\n%\nb\t1\n"), levels=1)


def test_newsmap_english_as_wordstat_cat(tmp_path):
    lines = []
    tree = {"AFRICA": {"SOUTH": ["ZA"], "WEST": ["CI", "GW"]}, "ASIA": {"WEST": ["JO", "OM"]}}
    for continent, regions in tree.items():
        lines.append(continent)
        for region, countries in regions.items():
            lines.append(f"\t{region}")
            for country in countries:
                lines.append(f"\t\t{country}")
                lines += [f"\t\t\t{v.upper().replace(' ', '_')} (1)"
                          for v in NEWSMAP_EN_KEYS[country]]
    cat = load_lexicon(write(tmp_path, "newsmap.cat", "\n".join(lines) + "\n"), levels=3)
    yaml_version = load_lexicon(write(tmp_path, "newsmap.yml", NEWSMAP_EN), levels=3)
    assert cat.category_ids == yaml_version.category_ids
    assert cat.overlap == "independent"
    assert matcher_counts(cat, NEWSMAP_EN_SENTENCE) == matcher_counts(
        yaml_version, NEWSMAP_EN_SENTENCE)
    # without levels, the tree maps as a nested quanteda dictionary
    assert load_lexicon(tmp_path / "newsmap.cat").category_ids == [
        "south_za", "west_ci", "west_gw", "west_jo", "west_om"]


def test_wordstat_problems_name_their_lines(tmp_path):
    text = "ORPHAN (1)\nECONOMY\n\tTAX* (1)\n\tTAX NEAR CUT (1)\n\tTRADE\n\t\tTARIFF* (1)\n"
    with pytest.raises(LexiconError) as info:
        load_lexicon(write(tmp_path, "bad.cat", text))
    problems = info.value.problems
    assert [p.split(":")[0] for p in problems] == ["line 1", "line 3", "line 4"]
    assert "outside any category" in problems[0]
    assert "beside its sub-categories" in problems[1]
    assert "proximity" in problems[2]


NEWSMAP_AR = """\
AFRICA:
  NORTH:
    EG: [مصر, مصري*, القاهرة]
ASIA:
  WEST:
    JO: [الأردن, أردني*, عمان]
    OM: [عمان, عماني*, مسقط, سلطنة عمان]
    SA: [السعودية, سعودي*, الرياض]
"""
NEWSMAP_AR_KEYS = {
    "EG": ["مصر", "مصري*", "القاهرة"],
    "JO": ["الأردن", "أردني*", "عمان"],
    "OM": ["عمان", "عماني*", "مسقط", "سلطنة عمان"],
    "SA": ["السعودية", "سعودي*", "الرياض"],
}
NEWSMAP_AR_SENTENCE = ("زار وزير خارجية السعودية عمان ثم مسقط والتقى مسؤولين عمانيين "
                       "وأردنيين في القاهرة قبل أن يصل إلى سلطنة عمان")


def test_newsmap_arabic_word_under_two_keys(tmp_path):
    """عمان is Amman (Jordan) and Oman: each key counts it."""
    path = write(tmp_path, "newsmap_ar.yml", NEWSMAP_AR)
    expected = quanteda_counts(NEWSMAP_AR_SENTENCE, NEWSMAP_AR_KEYS, arabic=True)
    # by hand: السعودية | عمان, the عمان of سلطنة عمان | عمان, مسقط, عمانيين, سلطنة عمان
    # (longest within OM, so its عمان is not counted again) | القاهرة
    assert expected == {"EG": 1, "JO": 2, "OM": 4, "SA": 1}
    exact = load_lexicon(path, levels=3, clitics=False)  # quanteda's exact token match
    assert matcher_counts(exact, NEWSMAP_AR_SENTENCE) == {
        k.lower(): n for k, n in expected.items()}
    # with clitics (the default), وأردنيين counts too, as the framing lexicon counts words
    with_clitics = load_lexicon(path, levels=3)
    assert matcher_counts(with_clitics, NEWSMAP_AR_SENTENCE)["jo"] == 3
    with pytest.raises(LexiconError, match="'عمان' is listed under category 'om' and under "
                                           "'jo'"):
        load_lexicon(path, levels=3, overlap="exclusive")


# -- LIWC2007 and an Arabic translation: nested categories that share words -------------

LIWC2007 = """\
%
1\tfunct
19\tnegate
125\taffect
126\tposemo
127\tnegemo
128\tanx
129\tanger
130\tsad
%
a\t1
don't\t1\t19
happy\t125\t126
happi*\t125\t126
love\t125\t126
hate\t125\t127\t129
hatred*\t125\t127\t129
worr*\t125\t127\t128
sad\t125\t127\t130
griev*\t125\t127\t130
"""
LIWC_SENTENCE = ("I don't hate you, I love you; we were happy, happier than sad people who "
                 "worry and grieve in hatred.")


def _liwc_keys(text: str) -> dict[str, list[str]]:
    """The .dic file read the plain way: category name -> its words."""
    header, body = text.split("%\n")[1:3]
    names = dict(line.split("\t") for line in header.splitlines())
    keys: dict[str, list[str]] = {name: [] for name in names.values()}
    for line in body.splitlines():
        word, *codes = line.split("\t")
        for code in codes:
            keys[names[code]].append(word)
    return keys


def test_liwc2007_nested_categories_keep_their_shared_words(tmp_path):
    lexicon = load_lexicon(write(tmp_path, "LIWC2007_English.dic", LIWC2007))
    assert lexicon.category_ids == ["funct", "negate", "affect", "posemo", "negemo", "anx",
                                    "anger", "sad"]
    assert len(lexicon.category("posemo").terms) == 3  # every word of posemo is kept
    expected = quanteda_counts(LIWC_SENTENCE, _liwc_keys(LIWC2007))
    counts = matcher_counts(lexicon, LIWC_SENTENCE)
    assert counts == expected
    # love, happy, happier | hate, sad, worry, grieve, hatred | don't
    assert counts["posemo"] == 3 and counts["negemo"] == 5 and counts["negate"] == 1
    # the hierarchy holds: affect = posemo + negemo, negemo = anx + anger + sad
    assert counts["affect"] == counts["posemo"] + counts["negemo"]
    assert counts["negemo"] == counts["anx"] + counts["anger"] + counts["sad"]


def test_liwc_first_category_option_still_reachable_and_says_what_it_costs(tmp_path):
    path = write(tmp_path, "LIWC2007_English.dic", LIWC2007)
    with pytest.warns(LexiconConversionWarning) as record:
        first = load_lexicon(path, overlap="exclusive", on_conflict="first")
    messages = " ".join(str(w.message) for w in record)
    assert "9 word(s) listed under several categories" in messages
    # nested categories empty out: only the parents keep the shared words
    assert "6 categories without patterns were left out" in messages
    assert first.category_ids == ["funct", "affect"]
    with pytest.raises(ValueError, match="has no use for on_conflict"):
        load_lexicon(write(tmp_path, "d.yml", "a: [b]\n"), on_conflict="first")


LIWC_AR = """\
%
125\taffect
126\tposemo
127\tnegemo
130\tsad
%
سعيد*\t125\t126
فرح*\t125\t126
حزين*\t125\t127\t130
بكاء\t125\t127\t130
خوف\t125\t127
"""
LIWC_AR_SENTENCE = "كان سعيدا ثم صار حزينا وبكى بكاء من خوف ثم فرح"


def test_arabic_liwc_translation(tmp_path):
    path = write(tmp_path, "LIWC_Arabic.dic", LIWC_AR)
    expected = quanteda_counts(LIWC_AR_SENTENCE, _liwc_keys(LIWC_AR), arabic=True)
    assert expected == {"affect": 5, "posemo": 2, "negemo": 3, "sad": 2}
    assert matcher_counts(load_lexicon(path, clitics=False), LIWC_AR_SENTENCE) == expected
    assert matcher_counts(load_lexicon(path), "والخوف من البكاء") == {
        "affect": 2, "posemo": 0, "negemo": 2, "sad": 1}


MFD = """\
%
01\tHarmVirtue
02\tHarmVice
03\tFairnessVirtue
04\tFairnessVice
05\tIngroupVirtue
07\tAuthorityVirtue
11\tMoralityGeneral
%
safe*\t01
peace*\t01
compassion*\t01
kill\t02
war\t02
fair\t03
unjust*\t04
nation*\t05
obey*\t07
righteous*\t11
"""


def test_moral_foundations_dictionary(tmp_path):
    lexicon = load_lexicon(write(tmp_path, "moral foundations dictionary.dic", MFD))
    assert [d.id for d in lexicon.dimensions] == ["moral_foundations_dictionary"]
    assert lexicon.category_ids == ["harmvirtue", "harmvice", "fairnessvirtue",
                                    "fairnessvice", "ingroupvirtue", "authorityvirtue",
                                    "moralitygeneral"]
    sentence = "The nation obeyed: war is unjust, peace is safer, and killing is not to kill."
    expected = quanteda_counts(sentence, _liwc_keys(MFD))
    assert matcher_counts(lexicon, sentence) == {k.lower(): n for k, n in expected.items()}
    assert matcher_counts(lexicon, sentence)["harmvice"] == 2  # war, kill (not killing)


# -- messages ----------------------------------------------------------------------------

def test_liwc_errors_come_in_line_order(tmp_path):
    # the word under two categories is found by the reader, the '?' by the import after it
    text = "%\n1\tposemo\n2\tnegemo\n%\nha?ppy\t1\nmixed\t1\t2\nz\t7\n"
    with pytest.raises(LexiconError) as info:
        load_lexicon(write(tmp_path, "bad.dic", text), overlap="exclusive")
    assert [p.split(":")[0] for p in info.value.problems] == ["line 5", "line 6", "line 7"]


def test_empty_quanteda_key_is_named_as_empty(tmp_path):
    with pytest.raises(LexiconError, match=r"line 2: a key is empty \(''\)"):
        load_lexicon(write(tmp_path, "e.yml", "good: [good]\n'': [bad]\n"))


def test_warnings_name_file_and_line(tmp_path):
    path = write(tmp_path, "w.yml", "country:\n  - U.S.\n  - usa\n  - usa\n")
    with pytest.warns(LexiconConversionWarning) as record:
        lexicon = load_lexicon(path)
    messages = " ".join(str(w.message) for w in record)
    assert str(path) in messages and "'U.S.' (key 'country', line 2)" in messages
    assert "listed twice" in messages
    assert [h.surface for h in framing.Matcher(lexicon).find("The U.S. and USA.")] == [
        "U.S", "USA"]


def test_every_command_with_lexicon_reads_the_published_formats(tmp_path):
    """The CLI passes --lexicon to load_lexicon: format by extension, no new option."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(LSD_SENTENCE, encoding="utf-8")
    (corpus / "b.txt").write_text(LIWC_SENTENCE, encoding="utf-8")
    for name, text, sentence in [("LSD2015.lc3", LSD_LC3, LSD_SENTENCE),
                                 ("LIWC2007.dic", LIWC2007, LIWC_SENTENCE)]:
        lexicon_path = write(tmp_path, name, text)
        out = tmp_path / f"{name}.csv"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the CLI reports warnings its own way
            assert main(["score", str(corpus), "--out", str(out), "--lexicon",
                         str(lexicon_path)]) == 0
        row = pd.read_csv(out).set_index("doc_id").loc["a" if name.endswith("lc3") else "b"]
        lexicon = load_lexicon(lexicon_path)
        assert {c: int(row[c]) for c in lexicon.category_ids} == matcher_counts(
            lexicon, sentence)


def test_lexicon_options_reach_every_command(tmp_path, capsys):
    """--levels, --exact, --overlap and --on-conflict are load_lexicon's options on the CLI."""
    corpus = tmp_path / "corpus.csv"
    pd.DataFrame({"doc_id": ["en", "ar", "liwc", "en2"], "outlet": ["A", "B", "B", "A"],
                  "date": ["2016-12-01"] * 4,
                  "text": [NEWSMAP_EN_SENTENCE, NEWSMAP_AR_SENTENCE, LIWC_SENTENCE,
                           "Envoys of Oman and Jordan met in Muscat."]}).to_csv(corpus,
                                                                          index=False)
    newsmap_en = write(tmp_path, "newsmap_en.yml", NEWSMAP_EN)
    newsmap_ar = write(tmp_path, "newsmap_ar.yml", NEWSMAP_AR)
    liwc = write(tmp_path, "LIWC2007.dic", LIWC2007)

    def score(lexicon, *options) -> pd.DataFrame:
        out = tmp_path / "counts.csv"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the CLI prints warnings its own way
            assert main(["score", str(corpus), "--out", str(out), "--lexicon", str(lexicon),
                         "--overwrite", "--no-cache", *options]) == 0, capsys.readouterr().err
        return pd.read_csv(out).set_index("doc_id")

    continents = score(newsmap_en, "--levels", "1")
    assert list(continents.columns[2:]) == ["africa", "asia"]
    assert continents.loc["en", ["africa", "asia"]].tolist() == [3 + 3 + 2, 1 + 2]
    assert list(score(newsmap_en, "--levels", "1,2").columns[2:]) == [
        "africa_south", "africa_west", "asia_west"]
    # --exact: quanteda's token match, so وأردنيين is not Jordan's
    assert score(newsmap_ar, "--levels", "3", "--exact").loc["ar", "jo"] == 2
    assert score(newsmap_ar, "--levels", "3").loc["ar", "jo"] == 3
    # --overlap exclusive keeps only the parents of nested LIWC categories with --on-conflict
    first = score(liwc, "--overlap", "exclusive", "--on-conflict", "first")
    assert list(first.columns[2:]) == ["funct", "affect"]
    assert first.loc["liwc", "affect"] == 8
    # the same options on aggregate, keyness, shifts and the lexicon tools
    out = tmp_path / "agg.csv"
    assert main(["aggregate", str(corpus), "--lexicon", str(newsmap_en), "--levels", "1",
                 "--n-boot", "0", "--out", str(out)]) == 0
    assert set(pd.read_csv(out)["category"]) == {"africa", "asia"}
    out = tmp_path / "key.csv"
    assert main(["keyness", str(corpus), "--features", "categories", "--by", "outlet",
                 "--lexicon", str(newsmap_en), "--levels", "2", "--min-count", "1",
                 "--out", str(out)]) == 0
    assert set(pd.read_csv(out)["term"]) == {"south", "west"}
    assert main(["lexicon", "check", str(liwc), "--overlap", "exclusive",
                 "--on-conflict", "first"]) == 0
    assert "2 categories" in capsys.readouterr().out
    out = tmp_path / "continents.yaml"
    assert main(["lexicon", "export", str(newsmap_en), "--levels", "1", "--to", "yaml",
                 "--out", str(out)]) == 0
    assert load_lexicon(out).category_ids == ["africa", "asia"]
    capsys.readouterr()
    # options that cannot apply are refused in one line, never ignored
    for argv, message in [
        (["score", str(corpus), "--out", str(tmp_path / "x.csv"), "--overlap", "independent"],
         "--overlap applies to a dictionary file given with --lexicon"),
        (["lexicon", "check", str(liwc), "--levels", "1"], "has no use for levels"),
        (["lexicon", "check", str(newsmap_en), "--levels", "one"],
         "--levels 'one': give key levels as whole numbers"),
        (["lexicon", "check", str(newsmap_en), "--levels", "1_0"],
         "--levels '1_0': give key levels as whole numbers"),
        (["lexicon", "check", "default", "--exact"], "--exact applies to a dictionary file "
                                                     "given as the lexicon"),
        (["score", str(corpus), "--out", str(tmp_path / "x.csv"), "--lexicon", "default_en",
          "--overlap", "independent"], "the shipped lexicons (default_en here) keep"),
        (["lexicon", "check", str(newsmap_en), "--levels", "0"],
         "--levels '0': give key levels as whole numbers from 1"),
        (["lexicon", "discover", str(corpus), "--category", "ci", "--out",
          str(tmp_path / "c.csv"), "--lexicon", str(newsmap_en), "--levels", "one"],
         "--levels 'one': give key levels as whole numbers"),
        (["lexicon", "discover", str(corpus), "--category", "militia", "--out",
          str(tmp_path / "c.csv"), "--exact"], "--exact applies to a dictionary file"),
        (["shifts", str(corpus), "--out", str(tmp_path / "x.csv"), "--lexicon", str(liwc),
          "--on-conflict", "first"], "on_conflict applies to LIWC files read with "
         "overlap='exclusive'"),
    ]:
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert message in err and len(err.strip().splitlines()) == 1, err


def test_an_exact_dictionary_exported_says_how_to_read_it_back(tmp_path):
    """An export of a dictionary read with clitics=False claimed the matcher accepts its
    words with proclitics; it says to read it back exactly, and then counts the same."""
    from framing.lexicon_formats import write_quanteda

    path = write(tmp_path, "newsmap_ar.yml", NEWSMAP_AR)
    exact = load_lexicon(path, levels=3, clitics=False)
    text = write_quanteda(exact, tmp_path / "out.yml")
    assert "read this file back with clitics=False" in text
    assert "also accepts them with proclitics" not in text
    back = load_lexicon(tmp_path / "out.yml", clitics=False)
    assert list(matcher_counts(back, NEWSMAP_AR_SENTENCE).values()) == list(
        matcher_counts(exact, NEWSMAP_AR_SENTENCE).values())
    assert "also accepts them with proclitics" in write_quanteda(load_lexicon(path, levels=3))
    # exact means exact for phrases too: وسلطنة عمان is not سلطنة عمان as written
    # (عمان alone still counts, for Jordan and for Oman)
    assert [h.surface for h in framing.Matcher(exact).find("زار وسلطنة عمان")] == [
        "عمان", "عمان"]
    assert "وسلطنة عمان" in [h.surface for h in framing.Matcher(
        load_lexicon(path, levels=3)).find("زار وسلطنة عمان")]
