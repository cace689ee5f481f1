"""Matcher behaviour, checked with small lexicons built for each rule.

Each lexicon here is a few lines of plain data passed to
:meth:`framing.Lexicon.from_dict`, so a failing test shows exactly which
lexicon feature (article, suffixes, context, exclusion, wildcard ...) broke.
"""

from __future__ import annotations

from collections import Counter

import pytest

import framing
from framing import Lexicon, Matcher, Normalizer, normalize, tokenize


def _matcher(categories: dict[str, list], word_lists: dict[str, list] | None = None,
             normalizer: Normalizer | None = None) -> Matcher:
    """A Matcher for one dimension holding ``categories`` (id → list of terms)."""
    data: dict = {
        "name": "test",
        "dimensions": [
            {"id": "dim", "categories": [{"id": c, "terms": t} for c, t in categories.items()]}
        ],
    }
    if word_lists:
        data["word_lists"] = word_lists
    return Matcher(Lexicon.from_dict(data), normalizer=normalizer)


def _spans(matcher: Matcher, text: str) -> list[tuple[str, str]]:
    return [(h.surface, h.category) for h in matcher.find(text)]


def _surfaces(matcher: Matcher, text: str) -> list[str]:
    return [h.surface for h in matcher.find(text)]


# -- word families: clitics, whole words --------------------------------------

MILITANTS = _matcher({"militant": [{"family": "مسلحين", "forms": ["مسلحين"]}]})


@pytest.mark.parametrize("word", [
    "مسلحين", "المسلحين", "والمسلحين", "فالمسلحين", "بالمسلحين", "كالمسلحين",
    "للمسلحين", "وللمسلحين", "فللمسلحين", "وبالمسلحين", "ومسلحين", "لمسلحين",
])
def test_family_takes_proclitics(word):
    assert _surfaces(MILITANTS, f"دعا الجيش {word} إلى المغادرة") == [word]


@pytest.mark.parametrize("word", [
    "مسلحينا",  # a pronoun suffix the term does not allow
    "المسلحينة",  # not a word of the family
    "ومالمسلحين",  # not a proclitic sequence
    "لالمسلحين",  # ل before the article is written لل
    "مسلحي",  # another form, not listed
])
def test_family_matches_whole_words_only(word):
    assert MILITANTS.find(f"تجمعات {word} في الريف") == []


def test_killing_never_matches_inside_fighting_words():
    m = _matcher({"killing": [{"family": "قتل", "forms": ["قتل"]}]})
    assert m.find("مقاتل مقاتلين اقتتال قتال المقاتلة") == []
    assert _surfaces(m, "القتل وقتل") == ["القتل", "وقتل"]


def test_proclitics_can_be_turned_off():
    m = _matcher({"army": [{"family": "جيش", "forms": ["جيش"], "article": "required",
                            "proclitics": False}]})
    assert _surfaces(m, "الجيش والجيش للجيش") == ["الجيش"]


# -- article ------------------------------------------------------------------

@pytest.mark.parametrize(("article", "found"), [
    ("optional", ["جيش", "الجيش", "والجيش", "للجيش", "بجيش"]),
    ("required", ["الجيش", "والجيش", "للجيش"]),
    ("forbidden", ["جيش", "بجيش"]),
])
def test_article_option(article, found):
    m = _matcher({"army": [{"family": "جيش", "forms": ["جيش"], "article": article}]})
    assert _surfaces(m, "جيش الجيش والجيش للجيش بجيش") == found


# -- suffixes and the future prefix -------------------------------------------

def test_pronoun_suffixes_only_when_asked():
    plain = _matcher({"control": [{"family": "سيطرة", "forms": ["سيطرة"]}]})
    with_suffixes = _matcher({"control": [{"family": "سيطرة", "forms": ["سيطرة"],
                                           "suffixes": "pronouns"}]})
    text = "سيطرتها وسيطرته بسيطرتهم السيطرة"
    assert _surfaces(plain, text) == ["السيطرة"]
    # ة is written ت before the pronoun
    assert _surfaces(with_suffixes, text) == ["سيطرتها", "وسيطرته", "بسيطرتهم", "السيطرة"]


def test_pronoun_suffix_rules_for_plurals_and_verbs():
    m = _matcher({
        "opposition": [{"family": "معارضين", "forms": ["معارضين"], "suffixes": "pronouns"}],
        "killing": [{"family": "قتلوا", "forms": ["قتلوا"], "suffixes": "pronouns",
                     "article": "forbidden"}],
    })
    # ين drops its ن before a pronoun; the silent alef of وا drops too
    assert _spans(m, "معارضيه قتلوهم معارضينه") == [("معارضيه", "opposition"),
                                                    ("قتلوهم", "killing")]


def test_article_and_pronoun_suffix_do_not_combine():
    m = _matcher({"control": [{"family": "سيطرة", "forms": ["سيطرة"], "suffixes": "pronouns"}]})
    assert m.find("السيطرتها") == []


@pytest.mark.parametrize(("future", "found"), [
    (True, ["يقتل", "سيقتل", "وسيقتل"]),
    (False, ["يقتل"]),
])
def test_future_prefix(future, found):
    m = _matcher({"killing": [{"family": "يقتل", "forms": ["يقتل", "قتل"], "article": "forbidden",
                               "future": future}]})
    assert _surfaces(m, "يقتل سيقتل وسيقتل سقتل") == found


# -- trailing wildcards -------------------------------------------------------

def test_trailing_wildcard_matches_word_beginnings():
    m = _matcher({"killing": [{"family": "قتل", "forms": ["قتل*"]}]})
    text = "قتل قتلى وقتلاهم القتلى مقتل مقاتل اقتتال"
    assert _surfaces(m, text) == ["قتل", "قتلى", "وقتلاهم", "القتلى"]


def test_trailing_wildcard_respects_the_article_option():
    m = _matcher({"killing": [{"family": "قتل", "forms": ["قتل*"], "article": "forbidden"}]})
    assert _surfaces(m, "قتلى القتلى") == ["قتلى"]


def test_wildcard_only_at_the_end():
    with pytest.raises(framing.LexiconError, match="allowed only at the end"):
        _matcher({"killing": [{"family": "قتل", "forms": ["ق*ل"]}]})


# -- phrases ------------------------------------------------------------------

ARMED_FORCES = _matcher(
    {
        "army": [{"phrase": "القوات المسلحة|الحكومية"}],
        "opposition": [{"phrase": "@heads معارضة"}, {"phrase": "الجيش الحر"}],
    },
    word_lists={"heads": ["فصائل", "قوات", "وفد"]},
)


@pytest.mark.parametrize(("text", "expected"), [
    ("القوات المسلحة", [("القوات المسلحة", "army")]),
    ("القوات الحكومية", [("القوات الحكومية", "army")]),
    ("والقوات المسلحة", [("والقوات المسلحة", "army")]),  # the first word takes proclitics
    ("القوات والمسلحة", []),  # later words do not
    ("قوات المسلحة", []),  # a word written with ال must have it
    ("القوات مسلحة", []),
    ("فصائل معارضة", [("فصائل معارضة", "opposition")]),  # @word list
    ("وفد معارضة", [("وفد معارضة", "opposition")]),
    ("الفصائل المعارضة", [("الفصائل المعارضة", "opposition")]),  # written without ال: may have it
    ("جماعات معارضة", []),  # not in the word list
    ("الجيش الحر", [("الجيش الحر", "opposition")]),
    ("جيش الحر", []),
])
def test_phrase_words_and_alternatives(text, expected):
    assert _spans(ARMED_FORCES, text) == expected


@pytest.mark.parametrize(("gap", "joined"), [
    (" ", True),
    ("   ", True),
    ("\t", True),
    ("_", True),  # #الجيش_الحر
    (' "', True),
    ("» «", True),
    ("“ ”", True),
    ("، ", False),
    (", ", False),
    ("\n", False),
    (" \n ", False),
    ("\r\n", False),
    (". ", False),
    (" - ", False),
    (": ", False),
])
def test_phrase_words_must_be_adjacent(gap, joined):
    text = f"الجيش{gap}الحر"
    hits = ARMED_FORCES.find(text)
    if joined:
        assert [(h.surface, h.category) for h in hits] == [(text, "opposition")]
    else:
        assert hits == []


# -- context conditions -------------------------------------------------------

REGIME = _matcher({"regime": [
    {"family": "النظام", "forms": ["نظام"], "preceded_by": ["قوات", "جيش"]},
    {"family": "نظام2", "forms": ["نظام"], "followed_by": ["@followers"]},
]}, word_lists={"followers": ["السوري", "الأسد"]})


@pytest.mark.parametrize(("text", "expected"), [
    ("قوات النظام", ["النظام"]),  # the context word is not part of the span
    ("وقوات النظام", ["النظام"]),  # context words take proclitics
    ("جيش النظام", ["النظام"]),
    ("النظام", []),
    ("قوات، النظام", []),  # not adjacent
    ("قوات\nالنظام", []),
    ("النظام السوري", ["النظام"]),
    ("للنظام الأسد", ["للنظام"]),
    ("النظام الصحي", []),
    ("النظام، السوري", []),
])
def test_preceded_by_and_followed_by(text, expected):
    assert _surfaces(REGIME, text) == expected


GUNMAN = _matcher({"militant": [
    {"family": "مسلح", "forms": ["مسلح"], "not_preceded_by": ["هجوم"],
     "not_followed_by": ["الكتاب"]},
]})


@pytest.mark.parametrize(("text", "expected"), [
    ("رجل مسلح", ["مسلح"]),
    ("مسلح", ["مسلح"]),  # nothing before or after: no condition applies
    ("هجوم مسلح", []),
    ("الهجوم المسلح", []),
    ("بهجوم مسلح", []),
    ("والهجوم المسلح", []),
    ("هجوم، مسلح", ["مسلح"]),  # the comma: هجوم is not directly before
    ("مسلح الكتاب", []),
    ("مسلح. الكتاب", ["مسلح"]),
])
def test_not_preceded_by_and_not_followed_by(text, expected):
    assert _surfaces(GUNMAN, text) == expected


# -- the first word of a line (@line_start) -----------------------------------

LEGITIMACY = _matcher({"legitimacy": [
    {"family": "الشرعية", "forms": ["شرعية"], "article": "required",
     "preceded_by": ["دعم", "@line_start"]},
]})


@pytest.mark.parametrize(("text", "expected"), [
    ("الشرعية تتقدم في عدن", ["الشرعية"]),  # a headline: the text's first word
    ("  الشرعية تتقدم", ["الشرعية"]),
    ("عنوان الخبر\nالشرعية تتقدم", ["الشرعية"]),  # after a line break
    ("عنوان الخبر\r\n\nوالشرعية تتقدم", ["والشرعية"]),  # with a proclitic
    ('عنوان الخبر.\n «الشرعية» تتقدم', ["الشرعية"]),  # spaces and quotation marks
    ("ودعم الشرعية", ["الشرعية"]),  # or after a listed word, as before
    ("دعم\nالشرعية", ["الشرعية"]),  # the line break both separates and opens a line
    ("قال إن الشرعية تتقدم", []),  # inside a line
    ("عنوان الخبر\n- الشرعية تتقدم", []),  # a dash is not a quotation mark
    ("عنوان، الشرعية تتقدم", []),
])
def test_line_start_in_preceded_by(text, expected):
    assert _surfaces(LEGITIMACY, text) == expected


def test_line_start_in_not_preceded_by():
    m = _matcher({"army": [{"family": "الجيش", "forms": ["جيش"], "article": "required",
                            "not_preceded_by": ["@line_start", "رئيس"]}]})
    assert _surfaces(m, "الجيش يتقدم") == []
    assert _surfaces(m, "خبر\nالجيش يتقدم") == []
    assert _surfaces(m, "تقدم الجيش") == ["الجيش"]
    assert _surfaces(m, "رئيس الجيش") == []


@pytest.mark.parametrize("where", ["start", "middle", "end"])
def test_line_start_far_into_a_long_text(where):
    """The scanning window starts inside the text: its first token opens no line."""
    words = f"{_FILLER} " * 30
    text = {"start": f"الشرعية {words}الشرعية", "middle": f"{words}\nالشرعية {words}",
            "end": f"{words}الشرعية"}[where]
    n_tokens, hits = LEGITIMACY.scan(text)
    assert (n_tokens, hits) == LEGITIMACY._scan_whole(text)
    assert len(hits) == (0 if where == "end" else 1)
    if where == "start":
        assert hits[0].start == 0


# -- words anywhere on the line (not_in_line_with) ----------------------------

COALITION = _matcher({"coalition": [
    {"family": "التحالف", "forms": ["تحالف"], "article": "required",
     "not_in_line_with": ["@cues"]},
]}, word_lists={"cues": ["داعش", "الرقة"]})


@pytest.mark.parametrize(("text", "expected"), [
    ("شن التحالف غارات على صنعاء", ["التحالف"]),
    ("شن التحالف غارات على مواقع داعش", []),
    ("ضربات لداعش. وشن التحالف غارات", []),  # anywhere on the line, with a proclitic
    ("في الرقة\nشن التحالف غارات", ["التحالف"]),  # another line
    ("شن التحالف غارات\u2029في الرقة", ["التحالف"]),  # a paragraph separator ends a line
    ("شن التحالف غارات على الرقيب", ["التحالف"]),  # whole words only
])
def test_not_in_line_with(text, expected):
    assert _surfaces(COALITION, text) == expected


def test_not_in_line_with_reaches_past_the_scanning_window():
    far = f" {_FILLER}" * 200
    for text, found in [(f"داعش{far} التحالف{far}", 0), (f"التحالف{far} داعش", 0),
                        (f"داعش\n{far} التحالف{far}\nالرقة", 1)]:
        n_tokens, hits = COALITION.scan_many([text, "التحالف"])[0]
        assert (n_tokens, hits) == COALITION._scan_whole(text)
        assert len(hits) == found


# -- exclusions ---------------------------------------------------------------

def test_exclusion_phrases_suppress_only_their_own_term():
    m = _matcher({
        "liberation": [{"family": "تحرير", "forms": ["تحرير"],
                        "exclude": ["رئيس التحرير", "تحرير @documents"]}],
        "title": [{"family": "رئيس", "forms": ["رئيس"]}],
    }, word_lists={"documents": ["محضر", "مخالفة"]})
    assert _spans(m, "تحرير الرقة") == [("تحرير", "liberation")]
    # رئيس still counts in its own category; تحرير is excluded
    assert _spans(m, "ورئيس التحرير") == [("ورئيس", "title")]
    assert m.find("تحرير محضر") == []
    assert m.find("تحرير مخالفة") == []
    # an exclusion needs its words adjacent like any phrase
    assert _spans(m, "رئيس، التحرير") == [("رئيس", "title"), ("التحرير", "liberation")]


def test_category_level_exclusion_applies_to_every_term():
    m = _matcher({"liberation": [
        {"family": "تحرير", "forms": ["تحرير"]},
        {"family": "محرر", "forms": ["محرر"]},
    ]})
    assert len(m.find("رئيس التحرير المحرر")) == 2
    data = m.lexicon.to_dict()
    data["dimensions"][0]["categories"][0]["exclude"] = ["رئيس التحرير", "المحرر الرياضي"]
    m2 = Matcher(Lexicon.from_dict(data))
    assert m2.find("رئيس التحرير المحرر الرياضي") == []
    assert len(m2.find("تحرير المحرر")) == 2


# -- competing spans ----------------------------------------------------------

def test_longest_span_wins():
    m = _matcher({
        "army": [{"family": "الجيش", "forms": ["جيش"], "article": "required"}],
        "government": [{"phrase": "الجيش السوري"}],
        "opposition": [{"phrase": "الجيش السوري الحر"}],
    })
    assert _spans(m, "الجيش السوري الحر") == [("الجيش السوري الحر", "opposition")]
    assert _spans(m, "الجيش السوري") == [("الجيش السوري", "government")]
    assert _spans(m, "الجيش") == [("الجيش", "army")]


def test_leftmost_span_wins_between_equal_lengths():
    m = _matcher({
        "a": [{"phrase": "الجيش السوري"}],
        "b": [{"phrase": "السوري الحر"}],
    })
    assert _spans(m, "الجيش السوري الحر") == [("الجيش السوري", "a")]
    # the word السوري belongs to one span only; الحر alone is no span
    assert _spans(m, "السوري الحر الجيش السوري") == [("السوري الحر", "b"),
                                                    ("الجيش السوري", "a")]


@pytest.mark.parametrize("first", ["x", "y"])
def test_same_span_goes_to_the_category_listed_first(first):
    second = "y" if first == "x" else "x"
    m = _matcher({
        first: [{"family": "مسلح", "forms": ["مسلح*"]}],
        second: [{"family": "مسلحين", "forms": ["مسلحين"]}],
    })
    assert _spans(m, "المسلحين") == [("المسلحين", first)]


def test_one_span_per_word_and_one_category_per_span():
    m = _matcher({
        "militia": [{"family": "ميليشيا", "forms": ["ميليشيات"]}],
        "militant": [{"phrase": "ميليشيات المسلحة"}],
        "regime": [{"phrase": "ميليشيات الأسد"}],
    })
    assert _spans(m, "الميليشيات المسلحة") == [("الميليشيات المسلحة", "militant")]
    assert _spans(m, "ميليشيات الأسد") == [("ميليشيات الأسد", "regime")]
    assert _spans(m, "ميليشيات الحوثي") == [("ميليشيات", "militia")]


def test_overlapping_chains_resolve_longest_then_leftmost():
    m = _matcher({
        "a": [{"phrase": "قوات النظام"}],
        "b": [{"phrase": "النظام السوري الجديد"}],
        "c": [{"phrase": "الجديد قوات"}],
    })
    text = "قوات النظام السوري الجديد قوات"
    # the three-word span wins, then the leftmost of what is left
    assert _spans(m, text) == [("النظام السوري الجديد", "b")]
    assert Counter(h.category for h in m.find("الجديد قوات النظام")) == {"c": 1}


# -- hits: offsets, surface, normalized, weight -------------------------------

SEED_SENTENCE = (
    "وكان مراسل الميادين أفاد بسقوط 26 مسلحاً بين قتيل وجريح في الاشتباكات الدائرة "
    "بين حركة نور الدين الزنكي وتجمّع \"فاستقم كما أمرت\""
)


def test_hit_offsets_slice_the_original_text(default_matcher, seed_texts):
    for doc_id, text in seed_texts.items():
        hits = default_matcher.find(text)
        assert hits, doc_id
        for h in hits:
            assert text[h.start:h.end] == h.surface
            assert normalize(h.surface) == h.normalized
        starts = [h.start for h in hits]
        assert starts == sorted(starts)


def test_surface_keeps_a_final_tanwin():
    m = _matcher({"militant": [{"family": "مسلح", "forms": ["مسلح", "مسلحا"]}]})
    (hit,) = m.find(SEED_SENTENCE)
    assert hit.surface == "مسلحاً"
    assert SEED_SENTENCE[hit.start:hit.end] == "مسلحاً"
    assert hit.normalized == "مسلحا"


def test_surface_with_shadda_and_tanwin_and_diacritics_inside():
    m = _matcher({"militant": [{"family": "مسلح", "forms": ["مسلح", "مسلحين"]}]})
    text = "وجود مئات المسلّحين من النصرة و8 آلاف مسلّحٌ"
    assert _surfaces(m, text) == ["المسلّحين", "مسلّحٌ"]


def test_surface_of_presentation_forms_and_bidi_marks():
    m = _matcher({"militant": [{"family": "مسلحين", "forms": ["مسلحين"]}]})
    shaped = "\ufe8d\ufedf\ufee4\ufeb4\ufee0\ufea4\ufef4\ufee6"  # المسلحين, presentation forms
    text = f"دعا \u200f{shaped} إلى"
    (hit,) = m.find(text)
    assert hit.surface == shaped
    assert hit.normalized == "المسلحين"


def test_hit_fields():
    m = _matcher({"militant": [{"id": "gunmen", "family": "مسلحين", "forms": ["مسلحين"],
                                "weight": 2.5}]})
    text = "دعا الجيش السوري المسلحين"
    (hit,) = m.find(text)
    assert hit.term == "gunmen"
    assert hit.category == "militant"
    assert hit.dimension == "dim"
    assert hit.weight == 2.5
    tokens = tokenize(normalize(text))
    assert tokens[hit.token_start:hit.token_end] == ["المسلحين"]
    assert (hit.token_start, hit.token_end) == (3, 4)


def test_phrase_hit_token_offsets_and_normalized_gap():
    text = "#عاجل#الجيش_السوري_الحر يتقدم"
    m = _matcher({"opposition": [{"phrase": "الجيش السوري الحر"}]})
    (hit,) = m.find(text)
    assert hit.surface == "الجيش_السوري_الحر"
    assert hit.normalized == "الجيش_السوري_الحر"
    assert (hit.token_start, hit.token_end) == (1, 4)


def test_default_weight_is_one(default_matcher):
    assert {h.weight for h in default_matcher.find("دعا الجيش السوري المسلحين")} == {1.0}


def test_scan_returns_the_token_count_and_the_hits(default_matcher):
    text = "دعا الجيش السوري المسلحين إلى مغادرة حلب"
    n, hits = default_matcher.scan(text)
    assert n == 7 == default_matcher.count_tokens(text)
    assert hits == default_matcher.find(text)
    assert default_matcher.scan("لا شيء هنا") == (3, [])


def test_tokenize_splits_on_underscores_and_punctuation():
    assert tokenize(normalize("#عاجل#الجيش_السوري، 2016م")) == ["عاجل", "الجيش", "السوري",
                                                                  "2016م"]


def test_matcher_normalises_lexicon_and_text_alike():
    lexicon = {"terrorist": [{"family": "إرهابي", "forms": ["إرهابيين"]}]}
    codebook = _matcher(lexicon)
    no_alef = _matcher(lexicon, normalizer=Normalizer(alef=False))
    text = "الإرهابيين الارهابيين"
    assert _surfaces(codebook, text) == ["الإرهابيين", "الارهابيين"]
    assert _surfaces(no_alef, text) == ["الإرهابيين"]


def test_default_matcher_loads_the_default_lexicon(default_matcher):
    assert default_matcher.lexicon.name == "default"
    assert default_matcher.n_forms > 1000
    assert Matcher().lexicon.hash == default_matcher.lexicon.hash


# -- one original character is never split into several words ------------------------

def test_a_multi_word_ligature_stays_one_word():
    """U+FDFA spells 'صلى الله عليه وسلم' in one character; it normalises to its letters
    without spaces, so no hit can fall inside it and every hit still slices back to its
    surface."""
    m = _matcher({"x": [{"family": "الله", "forms": ["الله", "عليه"]}]})
    assert m.find("\ufdfa") == []
    hits = m.find("قال الله \ufdfa عليه")
    assert [h.normalized for h in hits] == ["الله", "عليه"]
    assert all(normalize(h.surface) == h.normalized for h in hits)


# -- the shortcuts of Matcher.scan ---------------------------------------------

_FILLER = "ب" * 40  # long words make the matching window widen before it is wide enough


@pytest.mark.parametrize(("snippet", "expected"), [
    ("الدولة الإسلامية في العراق والشام", [("الدولة الإسلامية في العراق والشام", "islamic_state")]),
    ("هيئة تحرير الشام", []),  # an exclusion phrase that starts before the counted word
    ("تحرير المحضر", []),  # ... and one that ends after it
    ("قوات المعارضة", [("قوات المعارضة", "opposition")]),
])
@pytest.mark.parametrize("where", ["alone", "start", "middle", "end"])
def test_scan_shortcuts_equal_matching_the_whole_text(default_matcher, snippet, expected,
                                                      where):
    before = {"alone": "", "start": "", "middle": f"{_FILLER} " * 3, "end": f"{_FILLER} " * 6}
    after = {"alone": "", "start": f" {_FILLER}" * 6, "middle": f" {_FILLER}" * 3, "end": ""}
    text = before[where] + snippet + after[where]
    n_tokens, hits = default_matcher.scan(text)
    assert (n_tokens, hits) == default_matcher._scan_whole(text)
    assert [(h.surface, h.category) for h in hits] == expected
    assert n_tokens == len(snippet.split()) + 6 * (where != "alone")


def test_threads_scanning_at_once_get_the_serial_results(default_matcher):
    # texts of growing length make the shared table of hash powers grow while
    # other threads read it
    from concurrent.futures import ThreadPoolExecutor

    base = "الجيش السوري والمسلحين في الريف "
    texts = [(base * (300 * (k + 1) ** 2 // len(base) + 1))[:300 * (k + 1) ** 2]
             for k in range(24)]
    serial = [default_matcher._scan_whole(t) for t in texts]
    with ThreadPoolExecutor(8) as pool:
        threaded = list(pool.map(lambda t: default_matcher.scan_many([t])[0], texts))
    assert threaded == serial
    assert sum(len(hits) for _, hits in serial) > 10_000


def test_a_lexicon_without_terms_counts_tokens_and_finds_nothing():
    empty = Matcher(Lexicon(name="empty", dimensions=()))
    assert empty.scan_many(["دعا الجيش السوري", ""]) == [(3, []), (0, [])]


# -- overlap: exclusive (the codebook's rule) and independent (quanteda, LIWC) ---------

def _overlap_matcher(overlap: str) -> Matcher:
    """Nested categories as LIWC has them: killing words, and violence holding them."""
    data = {
        "name": "nested", "overlap": overlap,
        "dimensions": [{"id": "dim", "categories": [
            {"id": "violence", "terms": [{"family": "قتل", "forms": ["قتل*"]},
                                         {"phrase": "قصف جوي"}, {"family": "قصف"}]},
            {"id": "killing", "terms": [{"family": "قتل", "forms": ["قتل*"]},
                                        {"phrase": "قتلى مدنيين"}]},
        ]}],
    }
    return Matcher(Lexicon.from_dict(data))


def test_independent_overlap_counts_a_word_in_every_category_that_lists_it():
    text = "سقط قتلى مدنيين في قصف جوي ثم قصف"
    independent = _overlap_matcher("independent")
    assert _spans(independent, text) == [
        ("قتلى", "violence"), ("قتلى مدنيين", "killing"), ("قصف جوي", "violence"),
        ("قصف", "violence"),
    ]
    # within one category the longest match still wins: قصف inside قصف جوي is not
    # counted again for violence; across categories nothing is shared out
    hits = independent.find(text)
    assert Counter(h.category for h in hits) == {"violence": 3, "killing": 1}
    assert (hits[0].token_start, hits[1].token_start) == (1, 1)


def test_exclusive_overlap_gives_each_word_one_category():
    with pytest.raises(framing.LexiconError, match="overlap: independent"):
        _overlap_matcher("exclusive")
    # the same lexicon read as independent but matched by the exclusive rule would drop
    # violence's قتلى: exclusive is what the default lexicon and the codebook use
    assert framing.load_lexicon("default").overlap == "exclusive"


def test_phrase_words_with_wildcards_and_splitting_punctuation():
    data = {"name": "places", "language": "und", "overlap": "independent",
            "dimensions": [{"id": "dim", "categories": [
                {"id": "africa", "terms": [{"phrase": "south african*"},
                                           {"phrase": "afri* union"},
                                           {"phrase": "Côte d'Ivoire"},
                                           {"phrase": "Guinea-Bissau"}]}]}]}
    lexicon = Lexicon.from_dict(data)
    assert [t.joins for t in lexicon.terms] == [(), (), (" ", "'"), ("-",)]
    m = Matcher(lexicon)
    text = ("South Africans met the African Union in Côte d’Ivoire, not in Cote d Ivoire, "
            "then Guinea-Bissau and Guinea–Bissau but not Guinea Bissau nor South-African")
    assert _surfaces(m, text) == ["South Africans", "African Union", "Côte d’Ivoire",
                                  "Guinea-Bissau", "Guinea–Bissau"]
    assert m.scan(text) == m._scan_whole(text)


def test_wildcard_lexicon_scan_equals_matching_whole_texts(seed_texts, saudinewsnet_dir):
    """The batch scan finds wildcard starts with numpy prefix hashes: same hits as the
    plain scan of every token, on the seeds and a day of SaudiNewsNet."""
    data = {"name": "wild", "overlap": "independent",
            "dimensions": [{"id": "dim", "categories": [
                {"id": "a", "terms": [{"family": "قتل", "forms": ["قتل*", "مقتل"]},
                                      {"phrase": "الجيش السعود*"}, {"phrase": "قوا* التحالف"},
                                      {"family": "ال", "forms": ["ال*"], "article": "forbidden",
                                       "proclitics": False}]},
                {"id": "b", "terms": [{"family": "سعودي", "forms": ["سعود*", "المملكة"]},
                                      {"phrase": "خادم الحرمين*"}]}]}]}
    m = Matcher(Lexicon.from_dict(data))
    texts = list(seed_texts.values())
    archive = sorted(saudinewsnet_dir.glob("*.zip"))[:1]
    if archive:
        day = framing.load_corpus(archive[0])
        texts += day["text"].tolist()[:400]
    fast = m.scan_many(texts)
    assert fast == [m._scan_whole(t) for t in texts]
    counts = Counter(h.category for _, hits in fast for h in hits)
    assert counts["a"] > 1000 and counts["b"] > 50
