"""Properties of the normaliser and the matcher on arbitrary text (hypothesis).

Whatever the text (any Unicode, or a dense mix of Arabic letters, marks,
tatweel, presentation forms, invisible controls, digits, punctuation and
lexicon words with clitics), normalising and matching never crash, the fast
and the offset-tracking normalisers agree, every hit points at the original
characters it was found in, and hits never overlap.

Runs are derandomised, so CI sees the same examples every time.
"""

from __future__ import annotations

from itertools import pairwise

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from framing import Hit, Lexicon, Matcher, Normalizer
from framing.matcher import _SPLIT_PLAIN, _SPLIT_WITH_MARKS
from framing.token_index import TokenIndex, string_hash

PROPERTY_SETTINGS = settings(
    max_examples=200,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

_DEFAULT = Normalizer()
_NO_DIACRITIC_REMOVAL = Normalizer(diacritics=False, tatweel=False, invisible=False)
_NO_REMOVAL_MATCHER = Matcher("default", normalizer=_NO_DIACRITIC_REMOVAL)

# -- strategies ---------------------------------------------------------------

_ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويىةءأإآٱؤئ"
_MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"
_TATWEEL = "\u0640"
_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2066\u2069\ufeff\u061c\u00ad\ufe0f"
_DIGITS = "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"
_PUNCTUATION = " \n\t_،.,؛:؟!\"'«»“”-()#/"
_PERSIAN = "یکۀە"

# Words of the default lexicon, and clitics to put before them.
_LEXICON_WORDS = [
    "الجيش", "المسلحين", "مسلح", "مسلحاً", "الإرهابيين", "الإرهابى", "المعارضة", "النظام",
    "السوري", "الحر", "القوات", "المسلحة", "الجماعات", "قوات", "الأسد", "ميليشيات",
    "الحوثي", "تنظيم", "الدولة", "الإسلامية", "تحرير", "رئيس", "التحرير", "احتل", "المركز",
    "سيطرة", "سيطرتها", "استشهاد", "قتل", "مقتل", "هجوم", "المعارض", "الفنية", "أنصار",
    "الله", "داعش", "المتمردين", "الحوثيين", "جيش", "نظام", "فصائل", "معارضة",
]
_CLITICS = ["", "", "", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "س", "وس"]

_PRESENTATION = st.characters(min_codepoint=0xFB50, max_codepoint=0xFDFF) | st.characters(
    min_codepoint=0xFE70, max_codepoint=0xFEFE
)


def _word_with_clitics():
    return st.builds(lambda clitic, word: clitic + word,
                     st.sampled_from(_CLITICS), st.sampled_from(_LEXICON_WORDS))


_PIECE = st.one_of(
    st.sampled_from(_ARABIC_LETTERS),
    st.sampled_from(_MARKS),
    st.just(_TATWEEL),
    st.sampled_from(_INVISIBLE),
    st.sampled_from(_DIGITS),
    st.sampled_from(_PUNCTUATION),
    st.sampled_from(_PERSIAN),
    _PRESENTATION,
    _word_with_clitics(),
    _word_with_clitics().map(lambda w: w + " "),
    _word_with_clitics().map(lambda w: " " + w + " "),
)

#: Dense Arabic-like text: the pieces the normaliser and matcher care about.
ARABIC_MIX = st.lists(_PIECE, max_size=40).map("".join)

#: Either any Unicode at all or the Arabic mix.
ANY_TEXT = st.one_of(st.text(max_size=80), ARABIC_MIX)

# -- normaliser ---------------------------------------------------------------

@PROPERTY_SETTINGS
@given(ANY_TEXT)
def test_fast_and_offset_normalisers_agree(text):
    for normalizer in (_DEFAULT, _NO_DIACRITIC_REMOVAL):
        normalized = normalizer.normalize(text)
        with_offsets = normalizer.normalize_with_offsets(text)
        assert with_offsets.text == normalized
        assert with_offsets.original == text


@PROPERTY_SETTINGS
@given(ANY_TEXT, ANY_TEXT)
def test_normalising_never_looks_across_a_space(left, right):
    # the matcher's shortcuts rely on this: a word's form depends on the word alone
    for normalizer in (_DEFAULT, _NO_DIACRITIC_REMOVAL):
        assert normalizer(left + " " + right) == normalizer(left) + " " + normalizer(right)


@PROPERTY_SETTINGS
@given(ANY_TEXT, st.data())
def test_every_span_maps_back_within_bounds(text, data):
    nt = _DEFAULT.normalize_with_offsets(text)
    n = len(nt.text)
    start = data.draw(st.integers(0, n), label="start")
    end = data.draw(st.integers(start, n), label="end")
    o_start, o_end = nt.to_original(start, end)
    assert 0 <= o_start <= o_end <= len(text)
    # the original of a longer span contains the original of a shorter one
    if end > start:
        inner = nt.to_original(start + 1, end)
        assert o_start <= inner[0] and inner[1] <= o_end


@PROPERTY_SETTINGS
@given(ANY_TEXT)
def test_normalising_is_idempotent(text):
    once = _DEFAULT(text)
    assert _DEFAULT(once) == once


@PROPERTY_SETTINGS
@given(ARABIC_MIX)
def test_normalised_arabic_has_no_marks_tatweel_controls_or_variants(text):
    normalized = _DEFAULT(text)
    for ch in _MARKS + _TATWEEL + _INVISIBLE + "أإآٱ" + _PERSIAN[:2] + "٠١٢٣٤٥٦٧٨٩":
        assert ch not in normalized
    assert not any(0xFE70 <= ord(ch) <= 0xFEFC for ch in normalized)


# -- matcher ------------------------------------------------------------------

def _check_hits(text: str, hits: list[Hit]) -> None:
    for h in hits:
        assert 0 <= h.start <= h.end <= len(text)
        assert text[h.start:h.end] == h.surface
        assert h.surface
        assert _DEFAULT(h.surface) == h.normalized
        assert h.token_start < h.token_end
    for a, b in pairwise(hits):
        assert a.token_end <= b.token_start  # a word belongs to one span
        assert a.end <= b.start  # spans never overlap in the original text
        assert a.start < b.start  # sorted


@PROPERTY_SETTINGS
@given(ANY_TEXT)
def test_matching_never_crashes_and_hits_point_at_their_text(default_matcher, text):
    n_tokens, hits = default_matcher.scan(text)
    event("with hits" if hits else "no hits")
    assert n_tokens >= 0
    assert n_tokens >= sum(h.token_end - h.token_start for h in hits)
    _check_hits(text, hits)


@PROPERTY_SETTINGS
@given(st.lists(_word_with_clitics(), min_size=1, max_size=12),
       st.lists(st.sampled_from([" ", "  ", "_", " \"", "، ", "\n", " \u200f", "ـ "]),
                min_size=11, max_size=11))
def test_lexicon_words_in_any_arrangement(default_matcher, words, gaps):
    text = "".join(w + g for w, g in zip(words, gaps, strict=False))
    hits = default_matcher.find(text)
    event(f"hits: {min(len(hits), 3)}")
    _check_hits(text, hits)
    # each word of the text is in at most one hit, and each hit covers whole words
    assert len(hits) <= len(words)


@PROPERTY_SETTINGS
@given(ARABIC_MIX, ARABIC_MIX)
def test_hits_do_not_depend_on_text_after_a_line_break(default_matcher, head, tail):
    # a line break ends every phrase and context, so what follows it cannot change
    # the hits before it (the head's last word may only lose a following context)
    head_hits = [h for h in default_matcher.find(head + "\n") if h.end <= len(head)]
    joined = [h for h in default_matcher.find(head + "\n" + tail) if h.end <= len(head)]
    assert [(h.start, h.end, h.category) for h in joined] == [
        (h.start, h.end, h.category) for h in head_hits
    ]


# Long texts whose hits lie far apart, with characters beyond U+FFFF (where the
# matcher's listed character classes do not apply) and very long words (which
# widen the matching window).
_FAR_GAP = st.sampled_from([" ", "  ", "_", " \"", "، ", "\n", " \u200f", "ـ ", " 😀 ", "𝐀𝐁 ",
                            " " + "ب" * 90 + " ", " كلمة أخرى هنا وهناك ", "ً ", "ﻻ "])
LONG_MIX = st.lists(st.one_of(_word_with_clitics(), _FAR_GAP, _PIECE), max_size=120).map(
    "".join)

_LATIN = Matcher(Lexicon.from_dict({
    "name": "latin", "dimensions": [{"id": "actors", "categories": [
        {"id": "army", "terms": [{"family": "Army", "forms": ["Army", "SAA"]}]},
        {"id": "rebels", "terms": [{"phrase": "Free Army"}]}]}]}))


@PROPERTY_SETTINGS
@given(st.one_of(ANY_TEXT, LONG_MIX))
def test_scan_shortcuts_give_the_hits_of_the_whole_text(default_matcher, text):
    for matcher in (default_matcher, _NO_REMOVAL_MATCHER):
        fast = matcher.scan(text)
        event("with hits" if fast[1] else "no hits")
        assert fast == matcher._scan_whole(text)


@PROPERTY_SETTINGS
@given(st.lists(st.sampled_from(["Army", "ARMY", "army", "Free", "FREE", "SAA", "saa", "Σ",
                                 "İ", "x", " ", ".", "\n", "😀"]), max_size=30).map("".join))
def test_scan_shortcuts_with_a_cased_lexicon(text):
    assert _LATIN.scan(text) == _LATIN._scan_whole(text)


@PROPERTY_SETTINGS
@given(st.lists(st.one_of(ANY_TEXT, LONG_MIX, st.sampled_from(["", "\x00", "الجيش\x00الجيش",
                                                               "\x01المعارضة \x00"])),
                max_size=6))
def test_a_batch_gives_the_hits_of_each_text_alone(default_matcher, texts):
    # texts are joined with a control character none of them holds; hits at either
    # end of a text, empty texts and texts holding every separator are the traps
    assert default_matcher.scan_many(texts) == [default_matcher._scan_whole(t) for t in texts]


@PROPERTY_SETTINGS
@given(ANY_TEXT)
def test_token_index_finds_the_regex_tokens_and_hashes_them(text):
    for pattern, with_marks in ((_SPLIT_PLAIN, False), (_SPLIT_WITH_MARKS, True)):
        index = TokenIndex(text, with_marks=with_marks)
        spans = [m.span() for m in pattern.finditer(text)]
        assert list(zip(index.starts.tolist(), index.ends.tolist(), strict=True)) == spans
        assert index.hashes.tolist() == [string_hash(text[a:b]) for a, b in spans]


@PROPERTY_SETTINGS
@given(st.lists(ANY_TEXT, min_size=1, max_size=4))
def test_a_part_of_a_normalised_batch_is_the_text_normalised_alone(texts):
    batch = _DEFAULT.normalize_with_offsets("\n".join(texts))
    start = norm_start = 0
    norm_starts = [0] + [i + 1 for i, c in enumerate(batch.text) if c == "\n"]
    for k, text in enumerate(texts):
        norm_start = norm_starts[sum(t.count("\n") for t in texts[:k]) + k]
        alone = _DEFAULT.normalize_with_offsets(text)
        part = batch.part(start, start + len(text), norm_start, norm_start + len(alone.text))
        assert part == alone
        start += len(text) + 1
