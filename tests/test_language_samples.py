"""What the statistical identifier is given to read (articlekit/text.py): the short word-aligned first
reading, and the one line of words it is handed. fastText's answers on these texts were checked once."""

from __future__ import annotations

from articlekit.text import (
    Identification,
    LanguageDecision,
    _word_windows,
    decide_language,
    identify_language,
)

# 83 weighted letters, told as German at 0.946: just over the bar (80 letters, 0.9) to overrule a declared tag.
GERMAN = "Der Bundestag hat am Donnerstag das neue Gesetz zur Förderung erneuerbarer Energien beschlossen."
# Told as Dutch at a probability above 0.999 on its first, short reading.
DUTCH = "Het kabinet heeft dinsdag een nieuw plan gepresenteerd voor de scholen in het land."
# 70 characters: long enough for _word_windows to take two windows at the sizes below.
BUDGET = "Parliament approved the new budget late on Tuesday after a long debate"


# --- the short first reading: start and end of the text, word-aligned -------------------------------------


def test_a_text_of_exactly_the_window_size_is_read_whole() -> None:
    # Only a longer text is cut into two windows; one of the size itself would be split and read twice in part.
    assert _word_windows("The vote is set for Friday.", 27) == "The vote is set for Friday."


def test_the_head_finishes_its_word_and_the_tail_drops_its_cut_word() -> None:
    # Windows of 15: "Parliament appr" is read on to "approved"; "r a long debate" starts inside "after",
    # so the tail begins at the next word. One line break joins them.
    assert _word_windows(BUDGET, 30) == "Parliament approved\na long debate"


def test_a_tail_window_starting_on_a_word_keeps_that_word() -> None:
    # Windows of 11: the tail "long debate" begins right after a space, so nothing is cut from it.
    assert _word_windows(BUDGET, 22) == "Parliament approved\nlong debate"


def test_a_tail_window_inside_the_last_word_keeps_what_it_holds() -> None:
    # Windows of 5: "ebate" lies inside the text's last word, with no word after it to start on instead.
    assert _word_windows(BUDGET, 10) == "Parliament\nebate"


def test_a_run_without_spaces_at_the_start_is_cut_at_the_window_size() -> None:
    # An inlined blob of a million characters once went to fastText whole (a quarter of a second a text):
    # the head reads on to the end of its word, but never past the whole sample's size.
    assert _word_windows("y" * 1_000_000 + " " + GERMAN, 60) == "y" * 60 + "\nEnergien beschlossen."


# --- the line of words the identifier reads ----------------------------------------------------------------


def test_the_identifier_probability_is_capped_below_the_scripts_one() -> None:
    # fastText gives this Dutch text more than 0.999 (1.0000080); 1.0 is kept for kana, Hangul and Han decisions.
    assert identify_language(DUTCH) == Identification("nl", 0.999, 69)


def test_words_reach_the_identifier_separated_by_single_spaces() -> None:
    # Read as written, the German text overrules a declared "en"; with anything glued between its words it would not.
    assert decide_language(GERMAN, "en") == LanguageDecision("de", True)


def test_zero_width_spaces_between_words_read_as_spaces() -> None:
    # A scrape with U+200B and no space between its words is still read word by word: German, sure enough to overrule.
    glued = "\u200b".join(GERMAN.split())
    # Without spaces the text is one "word" to the first reading's windows, so its head is cut at the sample size.
    assert identify_language(glued) == Identification("de", 0.9552432894706726, 83)
    assert decide_language(glued, "en") == LanguageDecision("de", True)


def test_a_han_name_glued_to_a_latin_word_reads_as_a_space() -> None:
    # The identifier never sees Han characters in a Latin text: "Minister王毅 sagte" reads as "Minister sagte",
    # so the same probability (0.880, too low to overrule "en") as with two spaces in its place.
    with_name = "Minister王毅 sagte am Donnerstag, das neue Gesetz zur Förderung erneuerbarer Energien sei beschlossen."
    spaced = with_name.replace("王毅", "  ")  # two spaces: the windows fall where they fall with the name
    assert identify_language(with_name) == Identification("de", 0.8797626495361328, 88)  # the two Han count four
    assert identify_language(spaced) == Identification("de", 0.8797626495361328, 84)
    assert decide_language(with_name, "en") == LanguageDecision("en", False)


def test_han_in_the_full_sample_reads_as_spaces_too() -> None:
    # The short reading (start and end) is unsure here (en at 0.44), so the wider sample decides, and its
    # Han are hidden as well: read with them, fastText would be unsure of it too and the text left undetermined.
    report = (
        "Taipei, Hsinchu, Tainan: the chip makers said orders from customers abroad rose sharply in the quarter, "
        "and that 台積電 expects the same next year, according to 中央社. CNA Taipei 臺北."
    )
    spaced = report.replace("台積電", "   ").replace("中央社", "   ").replace("臺北", "  ")
    assert identify_language(report) == Identification("en", 0.8079883456230164, 149)  # eight Han count sixteen
    assert identify_language(spaced) == Identification("en", 0.8079883456230164, 133)
