"""Languages: English normalisation rules, and telling a document's language from its text."""

from __future__ import annotations

import pytest

import framing
from conftest import SHARED
from framing.language import (
    detect_language,
    detect_languages,
    known_languages,
    language_info,
    normalizer_for,
)
from framing.normalize import Normalizer

ENGLISH_DEV = SHARED / "dev-gold" / "english"

FRENCH = ("Les forces du régime syrien ont repris le contrôle de plusieurs quartiers d'Alep, "
          "selon l'Observatoire syrien des droits de l'homme, qui a fait état de dizaines de "
          "morts parmi les civils et les rebelles dans la partie orientale de la ville.")
GERMAN = ("Die syrische Armee hat nach eigenen Angaben mehrere Viertel im Osten von Aleppo "
          "eingenommen, wie die staatliche Nachrichtenagentur meldete; Rebellen berichteten "
          "von schweren Luftangriffen auf die belagerte Stadt in der Nacht zum Sonntag.")
RUSSIAN = "Сирийская армия заявила, что взяла под контроль несколько районов восточного Алеппо."


@pytest.fixture(scope="module")
def english_dev_texts(english_dev_dir) -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(english_dev_dir.glob("*.txt"))}


def test_english_dev_articles_are_english(english_dev_texts):
    assert len(english_dev_texts) == 5
    assert detect_languages(english_dev_texts.values()) == ["en"] * 5


def test_seed_articles_are_arabic(seed_texts):
    assert [detect_language(t) for t in seed_texts.values()] == ["ar"] * len(seed_texts)


@pytest.mark.parametrize("text", [FRENCH, GERMAN, RUSSIAN])
def test_other_languages_are_undetermined(text):
    assert detect_language(text) == "und"


@pytest.mark.parametrize("text", ["", "   ", "2016 - 11 - 05", "***", None, 42])
def test_a_text_without_letters_has_no_language(text):
    assert detect_language(text) == ""


def test_a_short_latin_headline_is_taken_as_english():
    # no function word at all, but too short to be judged by them
    assert detect_language("Syria army captures key Aleppo districts") == "en"


def test_an_arabic_article_quoting_latin_titles_is_arabic():
    text = ("أفضل عشرة أفلام في السنة بحسب الناقد: القائمة مع أسماء المخرجين\n"
            "1. The Conformist | Bernardo Bertolucci (Italy)\n2. Five Easy Pieces | Bob Rafelson")
    assert detect_language(text) == "ar"


def test_english_quoting_an_arabic_word_stays_english(english_dev_texts):
    text = english_dev_texts["en_13_aljazeera"] + " (المعارضة)"
    assert detect_language(text) == "en"


def test_batch_detection_equals_one_by_one(english_dev_texts, seed_texts):
    texts = [*english_dev_texts.values(), *seed_texts.values(), FRENCH, "", RUSSIAN]
    assert detect_languages(texts) == [detect_language(t) for t in texts]


def test_saudinewsnet_is_arabic(saudinewsnet_dir):
    languages = detect_languages(framing.load_corpus(saudinewsnet_dir)["text"])
    with_letters = [x for x in languages if x]
    assert with_letters.count("ar") / len(with_letters) > 0.999


def test_known_languages_and_their_settings():
    assert known_languages() == ("ar", "en")
    assert normalizer_for("ar") == Normalizer()
    english = normalizer_for("en")
    assert english.casefold and english.apostrophes and english.hyphens
    assert "the" in language_info("en").function_words
    with pytest.raises(ValueError, match="Unknown language 'fr'"):
        language_info("fr")
    assert normalizer_for("und") == Normalizer()


@pytest.mark.parametrize(("text", "normalized", "token", "original"), [
    ("The Syrian regime’s offer", "the syrian regimes offer", "regimes", "regime’s"),
    ("the rebels' positions", "the rebels positions", "rebels", "rebels'"),
    ("Karm al-Da’da", "karm al dada", "dada", "Da’da"),
    ("rebel-held east", "rebel held east", "held", "held"),
    ("anti‐regime", "anti regime", "regime", "regime"),  # U+2010 hyphen
])
def test_english_normalisation_maps_back_to_the_words_as_written(text, normalized, token,
                                                                  original):
    result = normalizer_for("en").normalize_with_offsets(text)
    assert result.text == normalized
    start = normalized.index(token)
    begin, end = result.to_original(start, start + len(token))
    assert text[begin:end] == original


@pytest.mark.parametrize("text", ["2016-11-05", "‘rebels", "F-16", "'quoted"])
def test_hyphens_between_digits_and_opening_quotes_stay(text):
    assert normalizer_for("en").normalize(text) == text.lower()


def test_arabic_normalisation_is_unchanged_by_the_english_options():
    text = "قال الجيش-السوري إن 'المسلحين' انسحبوا"
    assert Normalizer().normalize(text) == normalizer_for("ar").normalize(text)
    assert "-" in Normalizer().normalize(text) and "'" in Normalizer().normalize(text)


def test_a_lexicon_in_an_unknown_language_is_refused(tmp_path):
    path = tmp_path / "fr.yaml"
    path.write_text("name: fr\nlanguage: fr\ndimensions:\n  - id: d\n    label_en: D\n"
                    "    categories:\n      - id: c\n        label_en: C\n"
                    "        terms: [rebelle]\n", encoding="utf-8")
    with pytest.raises(framing.LexiconError, match="'language' must be one of ar, en"):
        framing.load_lexicon(path)


def test_arabic_rules_in_an_english_lexicon_are_refused(tmp_path):
    path = tmp_path / "en.yaml"
    path.write_text("name: e\nlanguage: en\ndimensions:\n  - id: d\n    label_en: D\n"
                    "    categories:\n      - id: c\n        label_en: C\n        terms:\n"
                    "          - family: rebel\n            article: required\n",
                    encoding="utf-8")
    with pytest.raises(framing.LexiconError, match=r"'article' .* is a rule of Arabic word forms"):
        framing.load_lexicon(path)


def test_case_sensitive_terms_match_only_as_written(tmp_path):
    path = tmp_path / "en.yaml"
    path.write_text("name: e\nlanguage: en\ndimensions:\n  - id: d\n    label_en: D\n"
                    "    categories:\n      - id: c\n        label_en: C\n        terms:\n"
                    "          - family: IS\n            case_sensitive: true\n"
                    "          - family: rebel\n            forms: [rebel, rebels]\n",
                    encoding="utf-8")
    matcher = framing.Matcher(path)
    found = [h.surface for h in matcher.find("IS fighters, what is left, IS’s men, Rebels, "
                                             "REBEL, rebel's")]
    assert found == ["IS", "IS’s", "Rebels", "REBEL", "rebel's"]


def test_an_english_lexicon_exports_without_arabic_forms(tmp_path):
    from framing.lexicon_formats import write_quanteda

    with pytest.warns(UserWarning, match="case_sensitive"):
        text = write_quanteda("default_en", tmp_path / "en.yml")
    body = (tmp_path / "en.yml").read_text(encoding="utf-8") if text is None else text
    assert "- terrorists" in body and "- armed groups" in body
    assert not any("\u0600" <= ch <= "\u06ff" for ch in body)  # no ال added to English words
    assert "accepts their possessive" in body
