# ruff: noqa: RUF001  # feed text quoted as published: Cyrillic letters, typographic apostrophes and dashes
"""Language of short feed items as their feeds publish them: a title, often with a sentence or two.

Every text is a real item of a public feed kept in a repository's test suite (tests/fixtures/language/SOURCES.md,
"Feed items"). fastText's probabilities were read once on these texts and are asserted exactly.
"""

from __future__ import annotations

import pytest

from articlekit.text import Identification, LanguageDecision, decide_language, identify_language

# Titles of fewer than MIN_LETTERS (30) letters on which fastText is sure (SURE_SCORE, 0.8, or more).
# An item carrying its title alone used to be undetermined.
SURE_SHORT_TITLES = [
    # nicolus/picoFeed tests/fixtures/heise.rdf
    ("l+f: Bankräuber mit Aluhut", Identification("de", 0.9977962970733643, 21)),
    # nicolus/picoFeed tests/fixtures/jeux-linux.fr.xml
    ("Les jeux libres sur Radio Laser", Identification("fr", 0.9305762648582458, 26)),
    # nicolus/picoFeed tests/fixtures/univers_freebox.xml
    ("Xavier Niel, à 24 heures d'une surprise ?", Identification("fr", 0.9821855425834656, 29)),
    # nicolus/picoFeed tests/fixtures/sametmax.xml (typographic apostrophes as published)
    ("Pourquoi j’ai horreur d’acheter", Identification("fr", 0.8507629632949829, 26)),
    # jmanuelbr/chrome-extension src/js/mocks/20minutos.mocks.js
    ("Y después vendrá el invierno", Identification("es", 0.9676792025566101, 24)),
    # jmanuelbr/chrome-extension src/js/mocks/expansion.mocks.js
    ("Lo más buscado en Google en 2020", Identification("es", 0.9210944771766663, 22)),
    # jmanuelbr/chrome-extension src/js/mocks/cnn.mocks.js
    ("Houses built in impossible places", Identification("en", 0.9417073726654053, 29)),
    # nicolus/picoFeed tests/fixtures/xakep.ru.xml
    ("Защищённый P2P-чат от BitTorrent", Identification("ru", 0.9826366305351257, 27)),
]


@pytest.mark.parametrize(("title", "expected"), SURE_SHORT_TITLES)
def test_a_title_alone_is_told_when_the_identifier_is_sure(title: str, expected: Identification) -> None:
    assert identify_language(title) == expected
    assert decide_language(title) == LanguageDecision(expected.language, False)


@pytest.mark.parametrize(
    "text",
    [
        "Isidro Fainé\nLeer",  # expansion.mocks.js: a name and a link label, 15 letters
        "Your Tuesday Briefing",  # nytimes.mocks.js: 19 letters, fastText would say nl (0.59)
        "Yet more Brexit doom",  # contractor-uk.mocks.js: 17 letters
        "GEZ-Gebühr soll sinken – vorerst",  # heise.rdf: 26 letters, de at 0.74 only
        "Illa, Illa, Illa, ministro maravilla",  # libertaddigital.mocks.js: 29 letters, fastText would say en (0.27)
    ],
)
def test_a_short_title_the_identifier_is_unsure_of_stays_undetermined(text: str) -> None:
    assert identify_language(text) is None
    assert decide_language(text) == LanguageDecision("und", False)


def test_a_short_title_never_overrules_a_declared_language() -> None:
    """Told on fewer than OVERRULE_LETTERS, a title confirms a declared tag but never contradicts it."""
    assert decide_language("l+f: Bankräuber mit Aluhut", "de-DE") == LanguageDecision("de", False)
    assert decide_language("l+f: Bankräuber mit Aluhut", "en") == LanguageDecision("en", False)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (  # nicolus/picoFeed tests/fixtures/heise.rdf
            "Bitkom: Stress mit der Passwort-Flut\nViele Deutsche sind genervt von der Vielzahl ihrer Passwörter. "
            "Gleichzeitig wissen nicht alle über den richtigen Umgang damit Bescheid. Die Bitkom gibt Ratschläge dazu.",
            "de",
        ),
        (  # nicolus/picoFeed tests/fixtures/rue89.xml
            "Alcool, coke et régime\u00a0: les addictions reines du hippisme\nJockeys et garçons d'écurie mènent pour "
            "la plupart une vie éreintante, entre régimes extrêmes et boulot ingrat.",
            "fr",
        ),
        (  # jmanuelbr/chrome-extension src/js/mocks/20minutos.mocks.js
            'Los precios del alquiler se disparan en Puerta del Ángel: "Tratar de vivir solo es inviable"\n'
            "Los alquileres han subido un 50% en ocho años y podría ser el preludio de un proceso de gentrificación.",
            "es",
        ),
        (  # terrasea/rss_reader tests/test_data.py (BBC News - World)
            "Rigopiano avalanche: Eight found alive in Italy hotel after two days\n"
            "Two children are among the eight who have spent at least 40 hours buried in snow and rubble.",
            "en",
        ),
        (  # a feed test of a public repository quoting https://www.mkb.nl/rss/nieuws-mkb-nederland
            "Talent van nieuwkomers sneller en beter benutten\nVNO-NCW en MKB-Nederland steunen het SER-advies om "
            "nieuwkomers sneller aan werk te helpen met goede begeleiding en praktische steun voor werkgevers.",
            "nl",
        ),
        (  # nicolus/picoFeed tests/fixtures/xakep.ru.xml
            "Yahoo повышает размер вознаграждений за баги с $12,50 до $15 000\nЗадним числом вознаграждение получат "
            "все, кто присылал информацию о багах и получил в благодарность майку с логотипом.",
            "ru",
        ),
    ],
)
def test_a_title_with_a_sentence_or_two_is_told(text: str, language: str) -> None:
    assert decide_language(text) == LanguageDecision(language, False)
