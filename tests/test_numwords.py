"""Counts in words as legal prose writes them, in Dutch and in Spanish with the noun's gender."""

import pytest

from agreement_builder.core.numwords import in_words


@pytest.mark.parametrize(
    ("value", "masculine", "feminine"),
    [
        (1, "un", "una"),  # "un (1) año", "una (1) vez": never "uno" before a noun
        (21, "veintiún", "veintiuna"),
        (31, "treinta y un", "treinta y una"),
        (100, "cien", "cien"),
        (101, "ciento un", "ciento una"),
        (200, "doscientos", "doscientas"),
        (201, "doscientos un", "doscientas una"),
        (500, "quinientos", "quinientas"),
        (21000, "veintiún mil", "veintiuna mil"),  # num2words says "veintiuno mil"
        (200000, "doscientos mil", "doscientas mil"),
        # millón is a masculine noun: its count stays masculine whatever is counted
        (21_000_000, "veintiún millones", "veintiún millones"),
        (201_000_201, "doscientos un millones doscientos un", "doscientos un millones doscientas una"),
    ],
)
def test_spanish_numbers_agree_with_the_noun_they_count(value, masculine, feminine):
    assert in_words(value, "es") == in_words(value, "es", "m") == masculine
    assert in_words(value, "es", "f") == feminine


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (0, "nul"),
        (1, "één"),  # alone it keeps the accent that tells it from the article
        (6, "zes"),
        (22, "tweeëntwintig"),
        (101, "honderdeen"),  # num2words: "honderdéén"
        (1001, "duizend een"),
        (2500, "tweeduizend vijfhonderd"),  # a space after duizend (Taalunie)
        (25000, "vijfentwintigduizend"),
        (1_000_000, "een miljoen"),
    ],
)
def test_dutch_numbers_are_spelt_as_the_taalunie_writes_them(value, words):
    assert in_words(value, "nl") == in_words(value, "nl", "f") == words


@pytest.mark.parametrize(
    ("value", "lang", "gender", "error", "message"),
    [
        (True, "nl", "m", TypeError, "only whole numbers"),
        (2.5, "es", "m", TypeError, "only whole numbers"),
        (-1, "nl", "m", ValueError, "counts run from 0"),
        (10**12, "es", "m", ValueError, "counts run from 0"),
        (3, "es", "n", ValueError, "unknown gender 'n'"),
        (3, "fr", "m", ValueError, "no number words for language 'fr'"),
    ],
)
def test_what_cannot_be_written_in_words_is_refused(value, lang, gender, error, message):
    with pytest.raises(error, match=message):
        in_words(value, lang, gender)
