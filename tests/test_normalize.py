"""The normaliser follows the codebook's rule 2 (and rule 3's presentation forms).

Every option of :class:`framing.Normalizer` is checked on real words, with
the option on (the codebook's setting) and off (the character is kept), and
the offset map is checked to give back the exact characters a reader sees.
"""

from __future__ import annotations

import unicodedata

import pytest

import framing
from framing import Normalizer, normalize
from framing.normalize import NormalizedText

# Seed words written with Arabic presentation forms (U+FExx), as some PDF
# extractions and old web pages deliver them. Escapes, because the glyphs
# look exactly like the plain letters.
SHAPED = {
    # المسلحين (seed 000): alef isolated, lam initial, medial forms, noon final
    "المسلحين": "\ufe8d\ufedf\ufee4\ufeb4\ufee0\ufea4\ufef4\ufee6",
    # الإرهابيين (seed 001): lam + alef-with-hamza-below as one ligature U+FEF9
    "الإرهابيين": "\ufe8d\ufef9\ufead\ufeeb\ufe8e\ufe91\ufef4\ufef4\ufee6",
    # الإسلامية: two lam-alef ligatures (U+FEF9 isolated, U+FEFC final)
    "الإسلامية": "\ufe8d\ufef9\ufeb3\ufefc\ufee3\ufef4\ufe94",
}


def test_shaped_words_are_presentation_forms_of_the_plain_words():
    for plain, shaped in SHAPED.items():
        assert all(0xFB50 <= ord(ch) <= 0xFEFF for ch in shaped)
        assert unicodedata.normalize("NFKC", shaped) == plain


# -- each option on real words ------------------------------------------------

# (option, original, normalised with every option on, normalised with only that option off)
OPTION_CASES = [
    pytest.param("presentation_forms", SHAPED["المسلحين"], "المسلحين", SHAPED["المسلحين"],
                 id="presentation-forms-word"),
    pytest.param("presentation_forms", "\ufefb مشاركة لتركيا", "لا مشاركه لتركيا",
                 "\ufefb مشاركه لتركيا", id="lam-alef-ligature"),
    pytest.param("presentation_forms", SHAPED["الإرهابيين"], "الارهابيين",
                 SHAPED["الإرهابيين"], id="lam-alef-hamza-ligature"),
    pytest.param("diacritics", "مسلّحاً", "مسلحا", "مسلّحاً", id="shadda-and-tanwin"),
    pytest.param("diacritics", "المُسلَّحين", "المسلحين", "المُسلَّحين", id="harakat-inside"),
    # a mark is not a letter: ة before it is still word-final
    pytest.param("diacritics", "جماعةٌ", "جماعه", "جماعهٌ", id="tanwin-after-teh-marbuta"),
    pytest.param("tatweel", "الجيـــش", "الجيش", "الجيـــش", id="tatweel"),
    pytest.param("alef", "أكدت", "اكدت", "أكدت", id="alef-hamza-above"),
    pytest.param("alef", "إرهابي", "ارهابي", "إرهابي", id="alef-hamza-below"),
    pytest.param("alef", "آلاف", "الاف", "آلاف", id="alef-madda"),
    pytest.param("alef", "ٱلجيش", "الجيش", "ٱلجيش", id="alef-wasla"),
    pytest.param("final_yeh", "السورى", "السوري", "السورى", id="final-alef-maksura"),
    pytest.param("final_yeh", "فى", "في", "فى", id="final-alef-maksura-short"),
    pytest.param("final_teh_marbuta", "المسلحة", "المسلحه", "المسلحة", id="final-teh-marbuta"),
    pytest.param("persian", "الجیش", "الجيش", "الجیش", id="farsi-yeh"),
    pytest.param("persian", "التکفیري", "التكفيري", "التکفیري", id="keheh-and-farsi-yeh"),
    pytest.param("invisible", "الجي\u200dش", "الجيش", "الجي\u200dش", id="zwj-inside"),
    pytest.param("invisible", "الجي\u200cش", "الجيش", "الجي\u200cش", id="zwnj-inside"),
    pytest.param("invisible", "\u200fالجيش \u200eالسوري", "الجيش السوري",
                 "\u200fالجيش \u200eالسوري", id="rlm-lrm"),
    pytest.param("invisible", "\ufeffالجيش", "الجيش", "\ufeffالجيش", id="bom"),
    pytest.param("digits", "٢٠١٦", "2016", "٢٠١٦", id="arabic-indic-digits"),
    pytest.param("digits", "۲۰۱۶", "2016", "۲۰۱۶", id="persian-digits"),
    pytest.param("casefold", "BMP", "bmp", "BMP", id="latin-casefold"),
]


@pytest.mark.parametrize(("option", "original", "expected_on", "expected_off"), OPTION_CASES)
def test_each_option_on_and_off(option, original, expected_on, expected_off):
    assert Normalizer()(original) == expected_on
    assert Normalizer(**{option: False})(original) == expected_off


def test_defaults_are_the_codebook_settings():
    settings = Normalizer().settings()
    assert settings == {
        "presentation_forms": True, "diacritics": True, "tatweel": True, "alef": True,
        "final_yeh": True, "final_teh_marbuta": True, "persian": True, "invisible": True,
        "digits": True, "casefold": True, "apostrophes": False, "hyphens": False,
    }
    assert normalize("الإرهابيّون") == Normalizer()("الإرهابيّون")


def test_module_function_takes_a_normalizer():
    assert normalize("الإرهابيون", Normalizer(alef=False)) == "الإرهابيون"


@pytest.mark.parametrize("word", ["الإرهابيون", "الإسكان", "الإسلام", "الإعلام"])
def test_hamza_on_alef_becomes_bare_alef_not_lone_hamza(word):
    # pyarabic's normalize_hamza writes the hamza of إ as a lone ء (الءرهابيون);
    # the codebook treats أ إ آ ٱ as ا.
    result = normalize(word)
    assert "ء" not in result
    assert result == word.replace("إ", "ا")


def test_the_pyarabic_trap_spelled_out():
    assert normalize("الإرهابيون") == "الارهابيون"
    assert normalize("الإرهابيون") != "الءرهابيون"


@pytest.mark.parametrize(("word", "expected"), [
    ("مسؤولي", "مسؤولي"),  # seed 003: waw with hamza is another letter
    ("رئيس", "رئيس"),  # yeh with hamza
    ("شهداء", "شهداء"),  # lone hamza
    ("الأنباء", "الانباء"),  # only the alef loses its hamza
])
def test_hamza_on_waw_and_yeh_and_lone_hamza_are_kept(word, expected):
    assert normalize(word) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("علىه", "علىه"),  # not word-final: kept
    ("السورى،", "السوري،"),  # final before punctuation
    ("#الجيش_السورى", "#الجيش_السوري"),  # the underscore ends a word
    ("مصطفىٰ", "مصطفي"),  # final once the superscript alef is gone
])
def test_alef_maksura_only_when_final(text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("المسلحةُ", "المسلحه"),
    ("جماعة_مسلحة", "جماعه_مسلحه"),
    ("مسلحة.", "مسلحه."),
])
def test_teh_marbuta_when_final(text, expected):
    assert normalize(text) == expected


def test_all_options_off_changes_nothing():
    names = Normalizer().settings()
    off = Normalizer(**dict.fromkeys(names, False))
    text = SHAPED["الإرهابيين"] + " مسلّحاً الجيـش أكدت السورى جماعة الجیش \u200f٢٠١٦ BMP"
    assert off(text) == text
    assert off.normalize_with_offsets(text).text == text


@pytest.mark.parametrize("value", [1, "yes", None])
def test_non_boolean_option_is_refused(value):
    with pytest.raises(TypeError, match=r"'diacritics' parameter of framing\.Normalizer"):
        Normalizer(diacritics=value)


@pytest.mark.parametrize("value", [b"\xd8\xa7\xd9\x84\xd8\xac\xd9\x8a\xd8\xb4", 42, None])
def test_non_text_input_raises_a_helpful_type_error(value):
    with pytest.raises(TypeError, match="Expected a str"):
        Normalizer()(value)
    with pytest.raises(TypeError, match="Expected a str"):
        Normalizer().normalize_with_offsets(value)


def test_bytes_message_says_to_decode():
    with pytest.raises(TypeError, match="decode bytes"):
        normalize("الجيش".encode())


# -- offsets ------------------------------------------------------------------

def _original_of(nt: NormalizedText, word: str, occurrence: int = 0) -> str:
    """The original characters of the ``occurrence``-th ``word`` in the normalised text."""
    start = -1
    for _ in range(occurrence + 1):
        start = nt.text.index(word, start + 1)
    o_start, o_end = nt.to_original(start, start + len(word))
    return nt.original[o_start:o_end]


SEED_LIKE_TEXTS = [
    # seed 004, diacritics inside a word
    "معتبراً أنّ وجود مئات المسلّحين من النصرة في حلب الشرقية",
    # seed 003, tanwin at the end of a word
    "أفاد بسقوط 26 مسلحاً بين قتيل وجريح",
    SHAPED["الإرهابيين"] + " فرّوا من " + SHAPED["الإسلامية"],
    "\u200fالجيش \u200e\u200fالسوري\u200f",
    "الجيـــش السورى يحرر ٢٠١٦",
    "\ufeffدعا الجيش السوري",
    "",
    "no Arabic at all",
]


@pytest.mark.parametrize("text", SEED_LIKE_TEXTS)
def test_offsets_text_equals_fast_path(text):
    nt = Normalizer().normalize_with_offsets(text)
    assert nt.text == Normalizer().normalize(text)
    assert nt.original == text


def test_offsets_text_equals_fast_path_on_the_seed_articles(seed_texts):
    norm = Normalizer()
    for doc_id, text in seed_texts.items():
        assert norm.normalize_with_offsets(text).text == norm(text), doc_id


def test_offsets_cover_a_word_with_diacritics_inside():
    nt = Normalizer().normalize_with_offsets(SEED_LIKE_TEXTS[0])
    assert _original_of(nt, "المسلحين") == "المسلّحين"
    assert _original_of(nt, "ان") == "أنّ"
    assert _original_of(nt, "معتبرا") == "معتبراً"


def test_offsets_keep_a_final_tanwin():
    nt = Normalizer().normalize_with_offsets(SEED_LIKE_TEXTS[1])
    assert _original_of(nt, "مسلحا") == "مسلحاً"
    assert _original_of(nt, "بين") == "بين"


def test_offsets_after_expanding_ligatures():
    text = SEED_LIKE_TEXTS[2]
    nt = Normalizer().normalize_with_offsets(text)
    assert nt.text == "الارهابيين فروا من الاسلاميه"
    # the ligatures make the normalised text longer than the original
    assert len(nt.text) > len(text)
    assert _original_of(nt, "الارهابيين") == SHAPED["الإرهابيين"]
    assert _original_of(nt, "فروا") == "فرّوا"
    assert _original_of(nt, "الاسلاميه") == SHAPED["الإسلامية"]


def test_offsets_inside_a_ligature_cover_the_whole_ligature():
    nt = Normalizer().normalize_with_offsets("\ufefb")  # ﻻ → لا
    assert nt.text == "لا"
    assert nt.to_original(0, 1) == (0, 1)  # ل alone: the ligature
    assert nt.to_original(1, 2) == (0, 1)  # ا alone: the ligature
    assert nt.to_original(0, 2) == (0, 1)


def test_offsets_leave_out_bidi_marks_before_words():
    nt = Normalizer().normalize_with_offsets(SEED_LIKE_TEXTS[3])
    assert nt.text == "الجيش السوري"
    assert _original_of(nt, "الجيش") == "الجيش"
    # two marks stand before the second word: both are left out of its span
    assert _original_of(nt, "السوري").startswith("السوري")


def test_offsets_across_tatweel_and_egyptian_spelling():
    nt = Normalizer().normalize_with_offsets(SEED_LIKE_TEXTS[4])
    assert nt.text == "الجيش السوري يحرر 2016"
    assert _original_of(nt, "الجيش") == "الجيـــش"
    assert _original_of(nt, "السوري") == "السورى"
    assert _original_of(nt, "2016") == "٢٠١٦"


def test_offsets_are_identity_when_nothing_is_deleted():
    text = "دعا الجيش السوري المسلحين إلى مغادرة حلب"
    nt = Normalizer().normalize_with_offsets(text)
    for start in range(len(nt.text) + 1):
        for end in range(start, len(nt.text) + 1):
            assert nt.to_original(start, end) == (start, end)


def test_offsets_stay_within_bounds_everywhere():
    for text in SEED_LIKE_TEXTS:
        nt = Normalizer().normalize_with_offsets(text)
        for start in range(len(nt.text) + 1):
            for end in range(start, len(nt.text) + 1):
                o_start, o_end = nt.to_original(start, end)
                assert 0 <= o_start <= o_end <= len(text)


def test_normalized_text_is_exported():
    assert framing.NormalizedText is NormalizedText
